"""Public consultation on a draft plan: opening it, the public's comments (pending until
the province publishes them), spam protection without a CAPTCHA (honeypot, minimum time,
limits per client), moderation and answers by the province's editors only, the public's
reading of the draft while (and only while) it is open, and the annex of the document."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from climateplan.plans.web import services_consultation as services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import (
    Consultation,
    PlanComment,
    PlanState,
    PublicComment,
)

pytestmark = pytest.mark.django_db

TEXT = "ควรเพิ่มมาตรการลดการเผาในที่โล่งในอำเภอแม่แจ่ม"


def _client(user=None, lang: str = "th") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    if lang != "th":
        client.post(reverse("site:set_language"), {"language": lang, "next": "/"})
    return client


@pytest.fixture
def consultation(users, plan):
    """Open from yesterday for 30 days, opened by the province's editor."""
    now = timezone.now()
    return services.open_consultation(
        plan_access_for(users["editor"]),
        users["editor"],
        plan,
        opens=now - dt.timedelta(days=1),
        closes=now + dt.timedelta(days=29),
        intro_th="ขอเชิญแสดงความคิดเห็นต่อร่างแผน",
        intro_en="Comments on the draft plan are welcome",
    )


def _token(consultation, seconds_ago: float = 60.0) -> str:
    """A form shown ``seconds_ago`` (the minimum time between showing and sending is 5 s)."""
    return services.form_token(consultation, now=timezone.now().timestamp() - seconds_ago)


def _post(client, plan, consultation, *, seconds_ago=60.0, **fields):
    data = {"text": TEXT, "section_kind": "", "token": _token(consultation, seconds_ago)}
    data.update(fields)
    return client.post(f"/plans/{plan.pk}/consultation/comment/", data)


# --------------------------------------------------------------------------- opening


def test_open_checks_the_period_all_at_once(users, plan):
    access = plan_access_for(users["editor"])
    now = timezone.now()
    from climateplan.errors import InputError

    with pytest.raises(InputError) as caught:
        # 91 days is one more than the 90 allowed; the intro is over 4000 characters
        services.open_consultation(
            access,
            users["editor"],
            plan,
            opens=now,
            closes=now + dt.timedelta(days=91),
            intro_th="ก" * 4001,
        )
    columns = sorted(p.column for p in caught.value.problems)
    assert columns == ["closes", "intro_th"]
    assert not Consultation.objects.exists()


def test_open_page_form_by_the_editor(users, plan):
    client = _client(users["editor"])
    # 1/3/2569 BE = 1 March 2026; closes after 31/3/2569 = the start of 1 April 2026 (Bangkok)
    answer = client.post(
        f"/plans/{plan.pk}/consultation/open/",
        {"opens": "1/3/2569", "closes": "31/3/2569", "intro_th": "เชิญ"},
    )
    # the closing day is in the past today (2026-12): every problem shown, nothing saved
    if timezone.localdate() > dt.date(2026, 3, 31):
        assert answer.status_code == 400
        assert not Consultation.objects.exists()
    today = timezone.localdate()
    later = today + dt.timedelta(days=20)
    answer = client.post(
        f"/plans/{plan.pk}/consultation/open/",
        {
            "opens": f"{today.day}/{today.month}/{today.year + 543}",
            "closes": f"{later.day}/{later.month}/{later.year + 543}",
        },
    )
    assert answer.status_code == 302
    c = Consultation.objects.get()
    assert timezone.localtime(c.opens).date() == today
    # closes at the end of the closing day: midnight starting the next day, Bangkok time
    assert timezone.localtime(c.closes) == timezone.make_aware(
        dt.datetime.combine(later + dt.timedelta(days=1), dt.time.min)
    )


def test_only_the_provinces_editor_opens_one(users, plan):
    for who in ("viewer", "approver", "reviewer", "other_editor"):
        answer = _client(users[who]).post(
            f"/plans/{plan.pk}/consultation/open/", {"opens": "1/1/2570", "closes": "2/1/2570"}
        )
        # other provinces do not see the draft (404); the others are refused (403)
        assert answer.status_code == (404 if who == "other_editor" else 403), who
    assert not Consultation.objects.exists()


# --------------------------------------------------------------------------- comments


def test_anonymous_comment_stored_pending_and_not_shown_until_published(users, plan, consultation):
    public = _client()
    answer = _post(public, plan, consultation, name="สมชาย ใจดี", email="somchai@example.org")
    assert answer.status_code == 302
    stored = PublicComment.objects.get()
    assert stored.status == PublicComment.Status.PENDING
    assert stored.text == TEXT and stored.email == "somchai@example.org"
    assert stored.client_hash and "127.0.0.1" not in stored.client_hash
    page = public.get(f"/plans/{plan.pk}/consultation/").content.decode()
    assert TEXT not in page
    services.moderate_comment(plan_access_for(users["editor"]), users["editor"], stored, "publish")
    page = public.get(f"/plans/{plan.pk}/consultation/").content.decode()
    assert TEXT in page and "สมชาย ใจดี" in page
    assert "somchai@example.org" not in page  # the e-mail is never shown


def test_answers_shown_with_the_published_plan_only(users, plan, consultation):
    editor = plan_access_for(users["editor"])
    comment = services.submit_comment(
        consultation,
        services.CommentInput(text=TEXT, token=_token(consultation)),
        client_address="203.0.113.5",
    )
    services.moderate_comment(editor, users["editor"], comment, "publish")
    services.answer_comment(editor, users["editor"], comment, "เพิ่มมาตรการแล้วในส่วนที่ 2")
    url = f"/plans/{plan.pk}/consultation/"
    assert "เพิ่มมาตรการแล้วในส่วนที่ 2" not in _client().get(url).content.decode()
    type(plan).objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    assert "เพิ่มมาตรการแล้วในส่วนที่ 2" in _client().get(url).content.decode()
    annex = services.consultation_annex(plan)
    assert len(annex) == 1
    row = annex[0]
    assert row["text"] == TEXT and row["answer"] == "เพิ่มมาตรการแล้วในส่วนที่ 2"
    assert row["section_en"] == "The plan as a whole" and "email" not in row


def test_annex_leaves_out_pending_and_rejected(users, plan, consultation):
    editor = plan_access_for(users["editor"])
    made = [
        services.submit_comment(
            consultation,
            services.CommentInput(
                text=f"{TEXT} {i}", section_kind="risk", token=_token(consultation)
            ),
            client_address=f"203.0.113.{i}",
        )
        for i in range(3)
    ]
    services.moderate_comment(editor, users["editor"], made[0], "publish")
    services.moderate_comment(editor, users["editor"], made[1], "reject", "ข้อความซ้ำ")
    annex = services.consultation_annex(plan)
    # three comments: one published, one rejected, one pending -> one row
    assert [r["text"] for r in annex] == [f"{TEXT} 0"]
    assert annex[0]["section_kind"] == "risk"
    assert annex[0]["section_en"] == "Climate risk profile"


def test_honeypot_thanks_but_stores_nothing(plan, consultation):
    answer = _post(_client(), plan, consultation, website="http://spam.example")
    assert answer.status_code == 302  # the same thanks as a person gets
    assert not PublicComment.objects.exists()


def test_too_fast_refused_with_the_form(plan, consultation):
    answer = _post(_client(), plan, consultation, seconds_ago=1)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert 'id="refusal"' in page and TEXT in page  # the words stay in the form
    assert not PublicComment.objects.exists()


def test_forged_token_refused(plan, consultation):
    answer = _post(_client(), plan, consultation, token="eyJjIjoxLCJ0IjowfQ:forged:sig")
    assert answer.status_code == 200 and 'id="refusal"' in answer.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_fourth_comment_in_ten_minutes_refused(plan, consultation, lang):
    client = _client(lang=lang)
    for i in range(3):
        assert _post(client, plan, consultation, text=f"{TEXT} {i}").status_code == 302
    answer = _post(client, plan, consultation, text=f"{TEXT} 4")
    assert answer.status_code == 200
    page = answer.content.decode()
    expected = (
        "คุณส่งความคิดเห็นครบ 3 ครั้งใน 10 นาทีที่ผ่านมา"
        if lang == "th"
        else "you have sent 3 comments in the last 10 minutes"
    )
    assert expected in page
    assert 'id="comment-form"' in page
    assert PublicComment.objects.count() == 3


def test_window_counts_only_the_last_ten_minutes(plan, consultation):
    client = _client()
    for i in range(3):
        _post(client, plan, consultation, text=f"{TEXT} {i}")
    # the three comments were made 11 minutes ago: the window of 10 minutes is empty again
    PublicComment.objects.update(created_at=timezone.now() - dt.timedelta(minutes=11))
    assert _post(client, plan, consultation, text=f"{TEXT} 4").status_code == 302
    assert PublicComment.objects.count() == 4


def test_daily_limit(plan, consultation):
    # 20 comments spread over the last 23 hours from one address (each outside the
    # 10-minute window): the 21st of the day is refused
    digest = services.client_hash("127.0.0.1")
    now = timezone.now()
    for i in range(20):
        c = PublicComment.objects.create(consultation=consultation, text=TEXT, client_hash=digest)
        PublicComment.objects.filter(pk=c.pk).update(created_at=now - dt.timedelta(hours=1 + i))
    answer = _post(_client(lang="en"), plan, consultation)
    assert "you have sent 20 comments today" in answer.content.decode()
    assert PublicComment.objects.count() == 20


def test_another_address_is_not_throttled_by_the_first(plan, consultation):
    for i in range(3):
        _post(_client(), plan, consultation, text=f"{TEXT} {i}")
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert _post(other, plan, consultation).status_code == 302
    assert PublicComment.objects.count() == 4


def test_input_problems_all_at_once(plan, consultation):
    answer = _post(
        _client(lang="en"),
        plan,
        consultation,
        text="short",
        email="not-an-address",
        name="visit http://a.example",
        section_kind="nonsense",
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    # four problems: the text's length (5 < 10), the e-mail, a link in the name, the section
    assert "the comment is 5 characters long; write at least 10" in page
    assert "the e-mail address is not valid" in page
    assert "may not hold a web address" in page
    assert "choose a section of the plan" in page
    assert not PublicComment.objects.exists()


def test_too_many_links(plan, consultation):
    text = "ดูข้อมูล https://a.example https://b.example https://c.example"
    answer = _post(_client(lang="en"), plan, consultation, text=text)
    assert answer.status_code == 400
    assert "the comment has 3 web addresses; at most 2" in answer.content.decode()


def test_closed_consultation_refuses_comments(users, plan, consultation):
    services.close_consultation(plan_access_for(users["editor"]), users["editor"], consultation)
    # the plan is a draft no longer open for comment: the public no longer finds it
    answer = _post(_client(), plan, consultation)
    assert answer.status_code == 404
    # its own people may post to it: refused with a message, nothing stored
    answer = _post(_client(users["viewer"]), plan, consultation)
    assert answer.status_code == 302
    assert not PublicComment.objects.exists()
    with pytest.raises(services.CommentRefused):
        services.submit_comment(
            consultation,
            services.CommentInput(text=TEXT, token=_token(consultation)),
            client_address="203.0.113.9",
        )


def test_xss_in_name_and_text_escaped(users, plan, consultation):
    script = "<script>alert('x')</script> ความคิดเห็นต่อแผน"
    _post(_client(), plan, consultation, text=script, name="<img src=x onerror=alert(1)>")
    stored = PublicComment.objects.get()
    services.moderate_comment(plan_access_for(users["editor"]), users["editor"], stored, "publish")
    for client, url in (
        (_client(), f"/plans/{plan.pk}/consultation/"),
        (_client(users["editor"]), f"/plans/{plan.pk}/consultation/moderation/"),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in page
        assert "<img src=x onerror" not in page
        assert "&lt;script&gt;" in page and "&lt;img src=x onerror" in page


# --------------------------------------------------------------------------- moderation


def _pending(consultation) -> PublicComment:
    return services.submit_comment(
        consultation,
        services.CommentInput(text=TEXT, token=_token(consultation)),
        client_address="203.0.113.20",
    )


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 404),
        ("other_editor", 404),
        ("viewer", 403),
        ("approver", 403),
        ("reviewer", 403),
        ("reporter", 403),
    ],
)
def test_moderation_by_the_provinces_editor_only(users, plan, consultation, who, expected):
    from tests.monitoring.web.conftest import make_reporter

    comment = _pending(consultation)
    user = make_reporter("reporter", "TH-50", "PAO") if who == "reporter" else users.get(who)
    client = _client(user)
    base = f"/plans/{plan.pk}/consultation/"
    assert client.get(base + "moderation/").status_code == expected
    answer = client.post(base + f"comments/{comment.pk}/moderate/", {"action": "publish"})
    assert answer.status_code == expected
    answer = client.post(base + f"comments/{comment.pk}/answer/", {"answer": "ขอบคุณ"})
    assert answer.status_code == expected
    comment.refresh_from_db()
    assert comment.status == PublicComment.Status.PENDING and comment.answer == ""


def test_moderation_queue_pending_first_and_counts(users, plan, consultation):
    editor = plan_access_for(users["editor"])
    first, second, third = (
        services.submit_comment(
            consultation,
            services.CommentInput(text=f"{TEXT} ลำดับ {i}", token=_token(consultation)),
            client_address=f"203.0.113.{30 + i}",
        )
        for i in range(3)
    )
    services.moderate_comment(editor, users["editor"], first, "publish")
    client = _client(users["editor"], "en")
    page = client.get(f"/plans/{plan.pk}/consultation/moderation/").content.decode()
    order = [int(m) for m in re.findall(r'id="public-comment-(\d+)"', page)]
    assert order == [second.pk, third.pk, first.pk]  # two pending, then the published one
    counts = re.search(r'id="moderation-counts">(.*?)</p>', page, re.S).group(1)
    assert "awaiting moderation <strong>2</strong>" in counts and "published 1" in counts
    assert "not answered 3" in counts


def test_editor_publishes_rejects_with_a_note_and_answers(users, plan, consultation):
    comment = _pending(consultation)
    client = _client(users["editor"], "en")
    base = f"/plans/{plan.pk}/consultation/comments/{comment.pk}/"
    # a rejection without a note is refused, nothing changes
    client.post(base + "moderate/", {"action": "reject"})
    comment.refresh_from_db()
    assert comment.status == PublicComment.Status.PENDING
    assert (
        client.post(base + "moderate/", {"action": "reject", "note": "ไม่เกี่ยวข้อง"}).status_code
        == 302
    )
    comment.refresh_from_db()
    assert comment.status == PublicComment.Status.REJECTED
    assert comment.moderation_note == "ไม่เกี่ยวข้อง" and comment.moderated_by == users["editor"]
    client.post(base + "moderate/", {"action": "publish"})
    client.post(base + "answer/", {"answer": "จังหวัดได้ปรับแผนตามข้อเสนอแล้ว"})
    comment.refresh_from_db()
    assert comment.status == PublicComment.Status.PUBLISHED
    assert comment.answer == "จังหวัดได้ปรับแผนตามข้อเสนอแล้ว" and comment.answered_at is not None
    assert plan.changes.filter(item=f"public-comment:{comment.pk}").count() == 3


def test_close_extend_and_summary(users, plan, consultation):
    client = _client(users["editor"], "en")
    base = f"/plans/{plan.pk}/consultation/{consultation.pk}/"
    later = timezone.localdate(consultation.closes) + dt.timedelta(days=10)
    client.post(base + "extend/", {"closes": f"{later.day}/{later.month}/{later.year}"})
    consultation.refresh_from_db()
    assert timezone.localdate(consultation.closes) == later + dt.timedelta(days=1)
    # past 90 days from the opening: refused, the closing day unchanged
    far = timezone.localdate(consultation.opens) + dt.timedelta(days=100)
    client.post(base + "extend/", {"closes": f"{far.day}/{far.month}/{far.year}"})
    consultation.refresh_from_db()
    assert timezone.localdate(consultation.closes) == later + dt.timedelta(days=1)
    client.post(base + "close/")
    consultation.refresh_from_db()
    assert consultation.state == Consultation.State.CLOSED
    client.post(base + "summary/", {"summary_th": "ได้รับ 12 ความคิดเห็น ปรับมาตรการ 3 รายการ"})
    consultation.refresh_from_db()
    assert consultation.summary_th == "ได้รับ 12 ความคิดเห็น ปรับมาตรการ 3 รายการ"
    # the summary stays with the plan once it is published
    type(plan).objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    page = _client().get(f"/plans/{plan.pk}/consultation/").content.decode()
    assert "ได้รับ 12 ความคิดเห็น ปรับมาตรการ 3 รายการ" in page


# --------------------------------------------------------------------------- reading the draft


def test_public_reads_the_draft_only_while_open_and_no_internals(users, plan, consultation):
    PlanComment.objects.create(
        plan=plan, author=users["reviewer"], text="ผู้ตรวจ: ตรวจตารางอีกครั้ง", section_kind="risk"
    )
    public = _client()
    pages = ["", "inventory/", "reduction/", "risk/", "adaptation/", "consultation/"]
    for path in pages:
        answer = public.get(f"/plans/{plan.pk}/{path}")
        assert answer.status_code == 200, path
        page = answer.content.decode()
        assert "ผู้ตรวจ: ตรวจตารางอีกครั้ง" not in page, path
        assert f"/plans/{plan.pk}/history/" not in page, path
        assert 'name="revision"' not in page, path  # no workflow or edit form
        assert f"/plans/{plan.pk}/edit/" not in page, path
        assert "moderation/" not in page, path
        if path != "consultation/":
            assert 'id="consultation-banner"' in page and 'id="comment-form"' in page, path
    assert public.get(f"/plans/{plan.pk}/history/").status_code == 404
    assert public.get(f"/plans/{plan.pk}/consultation/moderation/").status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(
        closes=timezone.now() - dt.timedelta(minutes=1)
    )
    for path in pages:
        assert public.get(f"/plans/{plan.pk}/{path}").status_code == 404, path


def test_planned_consultation_not_yet_public(users, plan):
    now = timezone.now()
    services.open_consultation(
        plan_access_for(users["editor"]),
        users["editor"],
        plan,
        opens=now + dt.timedelta(days=3),
        closes=now + dt.timedelta(days=30),
    )
    assert _client().get(f"/plans/{plan.pk}/").status_code == 404


def test_only_one_consultation_at_a_time(users, plan, consultation):
    now = timezone.now()
    with pytest.raises(services.WorkflowError):
        services.open_consultation(
            plan_access_for(users["editor"]),
            users["editor"],
            plan,
            opens=now,
            closes=now + dt.timedelta(days=5),
        )
    assert Consultation.objects.count() == 1


def test_a_filled_draft_under_consultation_shows_the_public_no_internals(users, plan):
    """Every page of a draft with measures and actions: the only forms the public gets are
    the comment form and the language switch; no review comments, history, problems."""
    from tests.monitoring.web.conftest import fill_plan

    plan = fill_plan(users, plan)
    now = timezone.now()
    services.open_consultation(
        plan_access_for(users["editor"]),
        users["editor"],
        plan,
        opens=now - dt.timedelta(hours=1),
        closes=now + dt.timedelta(days=10),
    )
    PlanComment.objects.create(
        plan=plan, author=users["reviewer"], text="ผู้ตรวจ: ทบทวนงบประมาณ", section_kind="reduction"
    )
    public = _client()
    allowed_forms = {
        f"/plans/{plan.pk}/consultation/comment/",
        reverse("site:set_language"),
    }
    for path in ("", "inventory/", "reduction/", "risk/", "adaptation/", "consultation/"):
        answer = public.get(f"/plans/{plan.pk}/{path}")
        assert answer.status_code == 200, path
        page = answer.content.decode()
        forms = re.findall(r"<form\b[^>]*>", page)
        actions = {(re.findall(r'action="([^"]*)"', f) or [""])[0] for f in forms}
        assert actions <= allowed_forms, (path, actions - allowed_forms)
        assert "ผู้ตรวจ: ทบทวนงบประมาณ" not in page, path
        assert f"/plans/{plan.pk}/history/" not in page, path
        assert 'id="problems"' not in page, path
