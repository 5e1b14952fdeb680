"""Public consultation on a draft plan: open it, close it early, extend it; take the
public's comments; moderate and answer them; the province's summary; the annex of the
plan document.

Rules (:mod:`climateplan.plans.web.access` decides who):

- the province's editors open a consultation on the latest plan while it is a draft or
  endorsed (opens before closes, at most :data:`MAX_DAYS` days), close it early or
  extend it while it is open, and write the summary of what was heard and changed;
- anyone may comment while it is open (name, affiliation and e-mail optional; the
  e-mail is never shown); comments are stored pending and shown once the province
  publishes them; the province's answers are shown with the published plan;
- spam is kept out without a CAPTCHA: a honeypot field (filled: the sender sees the
  usual thanks, nothing is stored), a minimum time between showing the form and sending
  it (a signed timestamp in the form), a limit per client (a salted hash of the client's
  address, counted in the database, so every server process sees the same count), a
  limit per consultation (a flood of comments from many addresses) and a limit on links;
- every change takes the row lock of the record it changes and checks its state inside
  the same transaction (:func:`climateplan.site.workflow.locked`); opening one locks the
  plan, so it cannot cross a submission; history: a :class:`PlanChange` of the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.crypto import salted_hmac

from climateplan.errors import ProblemCollector
from climateplan.plans.web.access import PlanAccess
from climateplan.plans.web.models import (
    Consultation,
    Plan,
    PlanChange,
    PlanState,
    PublicComment,
    SectionKind,
)
from climateplan.plans.web.services import record
from climateplan.site.workflow import WorkflowError, locked

__all__ = [
    "CommentRefused",
    "WorkflowError",
    "answer_comment",
    "close_consultation",
    "consultation_annex",
    "current_consultation",
    "extend_consultation",
    "form_token",
    "moderate_comment",
    "open_consultation",
    "save_summary",
    "submit_comment",
]

MAX_DAYS = 90  # the longest a consultation may stay open
TEXT_MIN, TEXT_MAX = 10, 4000  # characters of a comment
MAX_LINKS = 2  # web addresses in one comment
MIN_SECONDS = 5  # a person reads and writes for longer than this before sending
FORM_MAX_AGE = 2 * 24 * 3600  # a form older than this is shown again (reload)
PER_CLIENT_WINDOW = dt.timedelta(minutes=10)
PER_CLIENT_IN_WINDOW = 3
PER_CLIENT_DAY = 20
FLOOD_WINDOW = dt.timedelta(hours=1)
FLOOD_LIMIT = 200  # comments on one consultation from everyone in one hour
TOKEN_SALT = "climateplan.plans.consultation.form"
CLIENT_SALT = "climateplan.plans.consultation.client"
LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(?:com|net|org|info|biz|ru|cn|xyz|top)\b)", re.I)
OPENABLE_STATES = frozenset({PlanState.DRAFT, PlanState.ENDORSED})


class CommentRefused(WorkflowError):
    """A comment not taken now (too fast, too many, closed): the form comes back."""


def _denied() -> PermissionDenied:
    return PermissionDenied(
        "only the province's editors manage its consultation / "
        "เฉพาะผู้แก้ไขข้อมูลของจังหวัดเท่านั้นที่จัดการการรับฟังความคิดเห็นได้"
    )


def _item(consultation: Consultation) -> str:
    return f"consultation:{consultation.pk}"


# --------------------------------------------------------------------------- reading


def current_consultation(plan: Plan, now: dt.datetime | None = None) -> Consultation | None:
    """The consultation open for comment now, if any."""
    now = now or timezone.now()
    return (
        Consultation.objects.filter(
            plan=plan, state=Consultation.State.OPEN, opens__lte=now, closes__gt=now
        )
        .order_by("-opens")
        .first()
    )


def is_open(consultation: Consultation, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        consultation.state == Consultation.State.OPEN
        and consultation.opens <= now < consultation.closes
    )


def answers_public(plan: Plan) -> bool:
    """The province's answers are published with the final plan."""
    return plan.state == PlanState.PUBLISHED


def section_label(kind: str, lang: str) -> str:
    if not kind:
        return "แผนทั้งฉบับ" if lang == "th" else "The plan as a whole"
    en, th = SectionKind(kind).label.split(" / ")
    return th if lang == "th" else en


def consultation_annex(plan: Plan) -> list[dict]:
    """The published comments of the plan's consultations and the province's answers, as
    plain data for the plan document's annex (oldest consultation and comment first; the
    e-mail address is never part of it)."""
    rows = []
    comments = (
        PublicComment.objects.filter(consultation__plan=plan, status=PublicComment.Status.PUBLISHED)
        .select_related("consultation")
        .order_by("consultation__opens", "consultation_id", "created_at", "pk")
    )
    for number, c in enumerate(comments, start=1):
        consultation = c.consultation
        rows.append(
            {
                "number": number,
                "consultation_id": consultation.pk,
                "opens": first_day(consultation),
                "closes": last_day(consultation),
                "summary_th": consultation.summary_th,
                "summary_en": consultation.summary_en,
                "section_kind": c.section_kind,
                "section_th": section_label(c.section_kind, "th"),
                "section_en": section_label(c.section_kind, "en"),
                "name": c.name,
                "affiliation": c.affiliation,
                "received": timezone.localdate(c.created_at),
                "text": c.text,
                "answer": c.answer,
                "answered": timezone.localdate(c.answered_at) if c.answered_at else None,
            }
        )
    return rows


# --------------------------------------------------------------------------- the province


def _check_period(
    problems: ProblemCollector, opens: dt.datetime | None, closes: dt.datetime | None
) -> None:
    if opens is None:
        problems.add(
            "the day the consultation opens is missing (day/month/year)",
            "ยังไม่ได้ระบุวันเปิดรับฟังความคิดเห็น (วัน/เดือน/ปี)",
            column="opens",
        )
    if closes is None:
        problems.add(
            "the day the consultation closes is missing (day/month/year)",
            "ยังไม่ได้ระบุวันปิดรับฟังความคิดเห็น (วัน/เดือน/ปี)",
            column="closes",
        )
    if opens is None or closes is None:
        return
    if closes <= opens:
        problems.add(
            "the consultation must close after it opens",
            "วันปิดรับฟังความคิดเห็นต้องอยู่หลังวันเปิด",
            column="closes",
        )
    elif closes - opens > dt.timedelta(days=MAX_DAYS):
        problems.add(
            f"a consultation stays open at most {MAX_DAYS} days",
            f"เปิดรับฟังความคิดเห็นได้ไม่เกิน {MAX_DAYS} วัน",
            column="closes",
        )
    if closes <= timezone.now():
        problems.add(
            "the closing day has already passed",
            "วันปิดรับฟังความคิดเห็นผ่านไปแล้ว",
            column="closes",
        )


def _check_intro(problems: ProblemCollector, intro_th: str, intro_en: str) -> None:
    for name, text in (("intro_th", intro_th), ("intro_en", intro_en)):
        if len(text) > 4000:
            problems.add(
                f"the introduction is {len(text)} characters long; at most 4000",
                f"คำชี้แจงยาว {len(text)} ตัวอักษร เกินกว่า 4000 ตัวอักษร",
                column=name,
            )


def open_consultation(
    access: PlanAccess,
    user,
    plan: Plan,
    *,
    opens: dt.datetime | None,
    closes: dt.datetime | None,
    intro_th: str = "",
    intro_en: str = "",
) -> Consultation:
    if not (access.role.is_editor and access.own(plan)):
        raise _denied()
    intro_th, intro_en = (intro_th or "").strip(), (intro_en or "").strip()
    problems = ProblemCollector()
    _check_period(problems, opens, closes)
    _check_intro(problems, intro_th, intro_en)
    problems.raise_if_any()

    def check(row: Plan) -> None:
        row_access_ok = access.can_open_consultation(row)
        if not row_access_ok:
            raise WorkflowError(
                "a consultation is opened on the latest version of a draft or endorsed plan",
                "เปิดรับฟังความคิดเห็นได้เฉพาะแผนฉบับล่าสุดที่เป็นร่างหรือได้รับความเห็นชอบแล้ว",
            )
        overlapping = Consultation.objects.filter(
            plan=row, state=Consultation.State.OPEN, closes__gt=timezone.now()
        )
        if overlapping.exists():
            raise WorkflowError(
                "the plan already has a consultation open or planned: close it first",
                "แผนนี้มีการรับฟังความคิดเห็นที่เปิดอยู่หรือกำหนดไว้แล้ว กรุณาปิดก่อน",
            )

    with locked(Plan, plan.pk, check=check) as row:
        consultation = Consultation.objects.create(
            plan=row,
            opens=opens,
            closes=closes,
            intro_th=intro_th,
            intro_en=intro_en,
            opened_by=user if getattr(user, "is_authenticated", False) else None,
        )
        record(
            row,
            user,
            PlanChange.Action.ADD,
            item=_item(consultation),
            new={"opens": opens.isoformat(), "closes": closes.isoformat()},
        )
    return consultation


def _may_manage(access: PlanAccess, *, open_only: bool):
    def check(row: Consultation) -> None:
        if not access.can_moderate(row.plan):
            raise _denied()
        if open_only and (row.state != Consultation.State.OPEN or row.closes <= timezone.now()):
            raise WorkflowError(
                "this consultation is already closed",
                "การรับฟังความคิดเห็นนี้ปิดไปแล้ว",
            )

    return check


def close_consultation(access: PlanAccess, user, consultation: Consultation) -> Consultation:
    """Close it now (before its closing day)."""
    if not access.can_moderate(consultation.plan):
        raise _denied()
    with locked(Consultation, consultation.pk, check=_may_manage(access, open_only=True)) as row:
        row.state = Consultation.State.CLOSED
        row.closed_at = timezone.now()
        row.save(update_fields=["state", "closed_at"])
        record(row.plan, user, PlanChange.Action.EDIT, item=_item(row))
    return row


def extend_consultation(
    access: PlanAccess, user, consultation: Consultation, closes: dt.datetime | None
) -> Consultation:
    """A later closing day (still at most :data:`MAX_DAYS` after it opened)."""
    if not access.can_moderate(consultation.plan):
        raise _denied()
    problems = ProblemCollector()
    _check_period(problems, consultation.opens, closes)
    if closes is not None and closes <= consultation.closes:
        problems.add(
            "an extension closes later than the consultation closes now",
            "วันปิดใหม่ต้องอยู่หลังวันปิดเดิม",
            column="closes",
        )
    problems.raise_if_any()
    with locked(Consultation, consultation.pk, check=_may_manage(access, open_only=True)) as row:
        old = row.closes
        row.closes = closes
        row.save(update_fields=["closes"])
        record(
            row.plan,
            user,
            PlanChange.Action.EDIT,
            item=_item(row),
            old={"closes": old.isoformat()},
            new={"closes": closes.isoformat()},
        )
    return row


def save_summary(
    access: PlanAccess, user, consultation: Consultation, *, summary_th: str, summary_en: str
) -> Consultation:
    """What the province heard and what it changed in the plan (Thai and English)."""
    if not access.can_moderate(consultation.plan):
        raise _denied()
    summary_th, summary_en = (summary_th or "").strip(), (summary_en or "").strip()
    problems = ProblemCollector()
    if not summary_th and not summary_en:
        problems.add(
            "write the summary in Thai, English or both",
            "กรุณาเขียนสรุปเป็นภาษาไทย ภาษาอังกฤษ หรือทั้งสองภาษา",
            column="summary_th",
        )
    for name, text in (("summary_th", summary_th), ("summary_en", summary_en)):
        if len(text) > 8000:
            problems.add(
                f"the summary is {len(text)} characters long; at most 8000",
                f"สรุปยาว {len(text)} ตัวอักษร เกินกว่า 8000 ตัวอักษร",
                column=name,
            )
    problems.raise_if_any()
    with locked(Consultation, consultation.pk, check=_may_manage(access, open_only=False)) as row:
        row.summary_th, row.summary_en = summary_th, summary_en
        row.save(update_fields=["summary_th", "summary_en"])
        record(row.plan, user, PlanChange.Action.EDIT, item=_item(row))
    return row


MODERATION = {
    "publish": (
        frozenset({PublicComment.Status.PENDING, PublicComment.Status.REJECTED}),
        PublicComment.Status.PUBLISHED,
    ),
    "reject": (
        frozenset({PublicComment.Status.PENDING, PublicComment.Status.PUBLISHED}),
        PublicComment.Status.REJECTED,
    ),
}


def moderate_comment(
    access: PlanAccess, user, comment: PublicComment, action: str, note: str = ""
) -> PublicComment:
    """Publish a comment, or keep it from the public with a note saying why."""
    plan = comment.consultation.plan
    if not access.can_moderate(plan):
        raise _denied()
    note = (note or "").strip()
    problems = ProblemCollector()
    if action not in MODERATION:
        problems.add(
            "choose to publish or not to publish the comment",
            "กรุณาเลือกเผยแพร่หรือไม่เผยแพร่ความคิดเห็น",
            column="action",
            value=action[:20],
        )
    elif action == "reject" and not note:
        problems.add(
            "say why the comment is not published (the note stays with the province)",
            "กรุณาระบุเหตุผลที่ไม่เผยแพร่ความคิดเห็น (บันทึกไว้ภายในจังหวัด)",
            column="note",
        )
    if len(note) > 500:
        problems.add(
            f"the note is {len(note)} characters long; at most 500",
            f"บันทึกยาว {len(note)} ตัวอักษร เกินกว่า 500 ตัวอักษร",
            column="note",
        )
    problems.raise_if_any()
    sources, target = MODERATION[action]

    def check(row: PublicComment) -> None:
        if row.status not in sources:
            raise WorkflowError(
                "the comment was already moderated this way (reload the page)",
                "ความคิดเห็นนี้ได้รับการตรวจสอบแบบนี้แล้ว (กรุณาโหลดหน้าใหม่)",
            )

    with locked(PublicComment, comment.pk, check=check) as row:
        old = row.status
        row.status = target
        row.moderation_note = note
        row.moderated_by = user
        row.moderated_at = timezone.now()
        row.save(update_fields=["status", "moderation_note", "moderated_by", "moderated_at"])
        record(
            plan,
            user,
            PlanChange.Action.EDIT,
            item=f"public-comment:{row.pk}",
            old={"status": old},
            new={"status": target},
        )
    return row


def answer_comment(access: PlanAccess, user, comment: PublicComment, text: str) -> PublicComment:
    """The province's answer (shown with the published plan)."""
    plan = comment.consultation.plan
    if not access.can_moderate(plan):
        raise _denied()
    text = (text or "").strip()
    problems = ProblemCollector()
    if not text:
        problems.add("the answer is empty", "ยังไม่ได้เขียนคำตอบ", column="answer")
    elif len(text) > TEXT_MAX:
        problems.add(
            f"the answer is {len(text)} characters long; at most {TEXT_MAX}",
            f"คำตอบยาว {len(text)} ตัวอักษร เกินกว่า {TEXT_MAX} ตัวอักษร",
            column="answer",
        )
    problems.raise_if_any()
    with locked(PublicComment, comment.pk) as row:
        old = row.answer
        row.answer = text
        row.answered_by = user
        row.answered_at = timezone.now()
        row.save(update_fields=["answer", "answered_by", "answered_at"])
        record(
            plan,
            user,
            PlanChange.Action.EDIT,
            item=f"public-comment:{row.pk}",
            old={"answer": old} if old else None,
            new={"answer": text},
        )
    return row


# --------------------------------------------------------------------------- the public


def form_token(consultation: Consultation, now: float | None = None) -> str:
    """The signed moment the comment form was shown (checked when it comes back)."""
    moment = timezone.now().timestamp() if now is None else now
    return signing.dumps({"c": consultation.pk, "t": round(moment, 3)}, salt=TOKEN_SALT)


def client_hash(address: str | None) -> str:
    """The client's address, hashed with the site's secret (the address is not kept)."""
    return salted_hmac(CLIENT_SALT, address or "unknown", algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class CommentInput:
    text: str
    section_kind: str = ""
    name: str = ""
    affiliation: str = ""
    email: str = ""
    honeypot: str = ""
    token: str = ""


def _clean(text: str) -> str:
    """Without NULs and other control characters but line breaks and tabs."""
    return "".join(ch for ch in (text or "") if ch in "\n\t" or ch.isprintable()).strip()


def _validate(data: CommentInput) -> CommentInput:
    text = _clean(data.text).replace("\r", "")
    name, affiliation = _clean(data.name), _clean(data.affiliation)
    email = _clean(data.email)
    problems = ProblemCollector()
    if len(text) < TEXT_MIN:
        problems.add(
            f"the comment is {len(text)} characters long; write at least {TEXT_MIN}",
            f"ความคิดเห็นยาว {len(text)} ตัวอักษร กรุณาเขียนอย่างน้อย {TEXT_MIN} ตัวอักษร",
            column="text",
        )
    elif len(text) > TEXT_MAX:
        problems.add(
            f"the comment is {len(text)} characters long; at most {TEXT_MAX}",
            f"ความคิดเห็นยาว {len(text)} ตัวอักษร เกินกว่า {TEXT_MAX} ตัวอักษร",
            column="text",
        )
    links = len(LINK.findall(text))
    if links > MAX_LINKS:
        problems.add(
            f"the comment has {links} web addresses; at most {MAX_LINKS}",
            f"ความคิดเห็นมีที่อยู่เว็บไซต์ {links} รายการ ใส่ได้ไม่เกิน {MAX_LINKS} รายการ",
            column="text",
        )
    for field, value, limit, en, th in (
        ("name", name, 120, "the name", "ชื่อ"),
        ("affiliation", affiliation, 200, "the organisation", "หน่วยงาน"),
    ):
        if len(value) > limit:
            problems.add(
                f"{en} is {len(value)} characters long; at most {limit}",
                f"{th}ยาว {len(value)} ตัวอักษร เกินกว่า {limit} ตัวอักษร",
                column=field,
            )
        if LINK.search(value):
            problems.add(
                f"{en} may not hold a web address",
                f"{th}ต้องไม่มีที่อยู่เว็บไซต์",
                column=field,
            )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.add(
                "the e-mail address is not valid (e.g. name@example.org), or leave it empty",
                "ที่อยู่อีเมลไม่ถูกต้อง (เช่น name@example.org) หรือเว้นว่างไว้",
                column="email",
                value=email[:60],
            )
    if data.section_kind and data.section_kind not in SectionKind.values:
        problems.add(
            "choose a section of the plan, or the plan as a whole",
            "กรุณาเลือกส่วนของแผน หรือแผนทั้งฉบับ",
            column="section_kind",
            value=data.section_kind[:20],
        )
    problems.raise_if_any()
    return CommentInput(
        text=text,
        section_kind=data.section_kind,
        name=name,
        affiliation=affiliation,
        email=email,
    )


def _check_token(consultation: Consultation, token: str, now: dt.datetime) -> None:
    reload = CommentRefused(
        "the form has expired or was changed: your comment is still in the box, send it again",
        "แบบฟอร์มหมดอายุหรือถูกแก้ไข ความคิดเห็นของคุณยังอยู่ในช่อง กรุณาส่งอีกครั้ง",
    )
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
        shown, pk = float(payload["t"]), int(payload["c"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise reload from exc
    age = now.timestamp() - shown
    if pk != consultation.pk or age > FORM_MAX_AGE or age < -60:
        raise reload
    if age < MIN_SECONDS:
        raise CommentRefused(
            "the comment came back faster than a person writes one: wait a few seconds and "
            "send it again",
            "ส่งความคิดเห็นเร็วเกินกว่าที่คนทั่วไปจะเขียนได้ กรุณารอสักครู่แล้วส่งอีกครั้ง",
        )


def _check_limits(consultation: Consultation, digest: str, now: dt.datetime) -> None:
    mine = PublicComment.objects.filter(client_hash=digest)
    if mine.filter(created_at__gte=now - PER_CLIENT_WINDOW).count() >= PER_CLIENT_IN_WINDOW:
        raise CommentRefused(
            f"you have sent {PER_CLIENT_IN_WINDOW} comments in the last "
            f"{int(PER_CLIENT_WINDOW.total_seconds() // 60)} minutes: please wait a few "
            "minutes before sending another",
            f"คุณส่งความคิดเห็นครบ {PER_CLIENT_IN_WINDOW} ครั้งใน "
            f"{int(PER_CLIENT_WINDOW.total_seconds() // 60)} นาทีที่ผ่านมา "
            "กรุณารอสักครู่ก่อนส่งความคิดเห็นถัดไป",
        )
    if mine.filter(created_at__gte=now - dt.timedelta(days=1)).count() >= PER_CLIENT_DAY:
        raise CommentRefused(
            f"you have sent {PER_CLIENT_DAY} comments today: please send more tomorrow",
            f"วันนี้คุณส่งความคิดเห็นครบ {PER_CLIENT_DAY} ครั้งแล้ว กรุณาส่งเพิ่มในวันพรุ่งนี้",
        )
    recent = PublicComment.objects.filter(
        consultation=consultation, created_at__gte=now - FLOOD_WINDOW
    )
    if recent.count() >= FLOOD_LIMIT:
        raise CommentRefused(
            "the consultation is receiving very many comments right now: please send yours "
            "again in an hour",
            "ขณะนี้มีผู้ส่งความคิดเห็นจำนวนมาก กรุณาส่งความคิดเห็นของคุณอีกครั้งในหนึ่งชั่วโมง",
        )


def _closed() -> CommentRefused:
    return CommentRefused(
        "the consultation is closed: comments are no longer taken",
        "การรับฟังความคิดเห็นปิดแล้ว ไม่สามารถส่งความคิดเห็นได้",
    )


def submit_comment(
    consultation: Consultation, data: CommentInput, *, client_address: str | None
) -> PublicComment | None:
    """Take a comment from the public: stored pending, or None when the honeypot was filled
    (the sender is thanked all the same). Raises :class:`CommentRefused` (closed, too fast,
    too many) or :class:`~climateplan.errors.InputError` (every problem at once)."""
    now = timezone.now()
    if not is_open(consultation, now):
        raise _closed()
    if data.honeypot:
        return None
    _check_token(consultation, data.token, now)
    clean = _validate(data)
    digest = client_hash(client_address)

    def check(row: Consultation) -> None:
        if not is_open(row, now):
            raise _closed()
        # counted under the consultation's row lock: two requests at once see each other
        _check_limits(row, digest, now)

    with locked(Consultation, consultation.pk, check=check) as row:
        return PublicComment.objects.create(
            consultation=row,
            section_kind=clean.section_kind,
            name=clean.name,
            affiliation=clean.affiliation,
            email=clean.email,
            text=clean.text,
            client_hash=digest,
        )


def counts(consultation: Consultation) -> dict[str, int]:
    out = dict.fromkeys(PublicComment.Status.values, 0)
    for status in consultation.comments.values_list("status", flat=True):
        out[status] += 1
    out["unanswered"] = consultation.comments.filter(answer="").count()
    out["total"] = sum(out[s] for s in PublicComment.Status.values)
    return out


def local_start(day: dt.date) -> dt.datetime:
    """The start of a day in the site's time zone (Asia/Bangkok)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def first_day(consultation: Consultation) -> dt.date:
    return timezone.localdate(consultation.opens)


def last_day(consultation: Consultation) -> dt.date:
    """The last day comments are taken (a consultation closes at the start of the next)."""
    return timezone.localdate(consultation.closes - dt.timedelta(microseconds=1))


def local_end(day: dt.date) -> dt.datetime:
    """The end of a day: the next day's start (the day counts in full)."""
    return local_start(day + dt.timedelta(days=1))
