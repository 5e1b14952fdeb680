"""The end of the demo plan's cycle (after the monitoring demo), through the services:

- an end-of-plan review of Bangkok's demo master plan, as of the day the demo is
  loaded, with its narrative, lessons learned by the secretariat and a department, the
  province's endorsement, national submission, approval and publication;
- the successor plan (a draft made by ``create_successor`` from the reviewed plan, with
  the unfinished actions carried over) and a lesson linked to one of its actions;
- a public consultation on the successor, open, with two comments published and answered
  and one waiting for moderation;
- the documents: the reviewed plan's document and the review report (Thai PDF), made
  here at once when the demo loads, so that both can be downloaded straight away.

All text is fictional and says so. Loading twice changes nothing (the review is found by
its title and nothing is made again).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from climateplan.monitoring.web.demo import REPORTERS, demo_plan
from climateplan.plans.web import services_consultation as consultation_services
from climateplan.plans.web import services_review as review_services
from climateplan.plans.web import services_successor as successor_services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.demo import BANGKOK, REVIEWER
from climateplan.plans.web.models import Lesson, PlanDocument, PlanReview, PublicComment

logger = logging.getLogger(__name__)

REVIEW_TITLE_TH = "รายงานการทบทวนผลการดำเนินงานแบบองค์รวม ระยะสิ้นสุดแผน (ข้อมูลสมมติเพื่อการสาธิต)"
REVIEW_TITLE_EN = "Holistic end-of-plan review (fictional demo data)"
SUCCESSOR_TITLE_TH = "แผนแม่บทกรุงเทพมหานครด้านการเปลี่ยนแปลงสภาพภูมิอากาศ ฉบับถัดไป (ข้อมูลสมมติเพื่อการสาธิต)"
SUCCESSOR_TITLE_EN = "Bangkok climate change master plan, next period (fictional demo data)"
DEPARTMENT_REPORTER = "bma-env-reporter"
FICTIONAL_TH = "ข้อมูลสมมติเพื่อการสาธิต"
FICTIONAL_EN = "fictional demo data"

NARRATIVE = {
    "summary": (
        "A fictional summary for the demo: most measures were carried out; the "
        "reductions of the transport measures fell short of the plan; the successor "
        "carries the unfinished actions over.",
        "บทสรุปสมมติเพื่อการสาธิต: มาตรการส่วนใหญ่ดำเนินการแล้ว ปริมาณที่ลดได้ของมาตรการ"
        "ด้านการขนส่งต่ำกว่าแผน แผนฉบับถัดไปรับกิจกรรมที่ยังไม่แล้วเสร็จไปดำเนินการต่อ",
    ),
    "lessons": (
        "Fictional: the departments that reported every period kept their actions on "
        "time; procurement was the barrier most named.",
        "ข้อมูลสมมติ: หน่วยงานที่รายงานทุกรอบดำเนินกิจกรรมได้ตามกำหนด อุปสรรคที่ถูกกล่าวถึงมากที่สุด"
        "คือขั้นตอนการจัดซื้อจัดจ้าง",
    ),
    "recommendations": (
        "Fictional: plan procurement a year ahead; report the achieved reductions with "
        "every progress report.",
        "ข้อมูลสมมติ: วางแผนจัดซื้อจัดจ้างล่วงหน้าหนึ่งปี และรายงานปริมาณที่ลดได้ทุกครั้งที่รายงานความก้าวหน้า",
    ),
}

COMMENTS = (
    # (name, affiliation, text, answer or None: left pending)
    (
        "สมชาย (สมมติ)",
        "ชุมชนริมคลอง (สมมติ)",
        "ขอให้เพิ่มกิจกรรมปลูกต้นไม้ริมคลองในแผนฉบับใหม่ (ความคิดเห็นสมมติเพื่อการสาธิต)",
        "ขอบคุณครับ สำนักสิ่งแวดล้อมจะพิจารณาเพิ่มในมาตรการพื้นที่สีเขียว (คำตอบสมมติเพื่อการสาธิต)",
    ),
    (
        "Jane (fictional)",
        "Residents' association (fictional)",
        "Please publish the bus electrification timetable (a fictional demo comment).",
        "Thank you: the timetable will be annexed to the plan (a fictional demo answer).",
    ),
    (
        "",
        "",
        "ควรมีจุดจอดจักรยานที่สถานีรถไฟฟ้ามากขึ้น (ความคิดเห็นสมมติเพื่อการสาธิต)",
        None,
    ),
)


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def demo_review(plan) -> PlanReview | None:
    return PlanReview.objects.filter(plan=plan, title_en=REVIEW_TITLE_EN).first()


def build_review(plan, editor, approver, reviewer, reporter) -> PlanReview:
    editing = plan_access_for(editor)
    review = review_services.start_review(
        editing,
        editor,
        plan,
        kind=PlanReview.Kind.END,
        as_of=timezone.localdate(),
        title_th=REVIEW_TITLE_TH,
        title_en=REVIEW_TITLE_EN,
    )
    review = review_services.save_narrative(
        editing,
        editor,
        review,
        expected_revision=review.revision,
        texts={key: {"en": en, "th": th} for key, (en, th) in NARRATIVE.items()},
    )
    review_services.add_lesson(
        editing,
        editor,
        review,
        expected_revision=review.revision,
        scope=Lesson.Scope.PLAN,
        what_worked="การประชุมคณะทำงานทุกไตรมาส (ข้อมูลสมมติ)",
        barriers="ข้อมูลปริมาณที่ลดได้ส่งล่าช้า (ข้อมูลสมมติ)",
        recommendations="กำหนดแบบรายงานปริมาณที่ลดได้ตั้งแต่ต้นแผน (ข้อมูลสมมติ)",
    )
    review.refresh_from_db()
    if reporter is not None:
        reporting = plan_access_for(reporter)
        action = review_services.lesson_actions(reporting, reporter, plan).order_by("code").first()
        if action is not None:
            review_services.add_lesson(
                reporting,
                reporter,
                review,
                expected_revision=review.revision,
                scope=Lesson.Scope.ACTION,
                action_id=action.pk,
                what_worked="ทำงานร่วมกับสำนักงานเขต (ข้อมูลสมมติ)",
                barriers="ขั้นตอนจัดซื้อจัดจ้างใช้เวลานาน (ข้อมูลสมมติ)",
                recommendations="ดำเนินการต่อในแผนฉบับถัดไป (ข้อมูลสมมติ)",
            )
            review.refresh_from_db()
    approving = plan_access_for(approver)
    review = review_services.endorse_review(
        approving,
        approver,
        review,
        expected_revision=review.revision,
        body="คณะกรรมการสิ่งแวดล้อมกรุงเทพมหานคร (สมมติ)",
        meeting="1/2569",
        date=timezone.localdate(),
        authority="ผู้ว่าราชการกรุงเทพมหานคร (สมมติ)",
    )
    review = review_services.transition_review(
        approving, approver, review, "submit", expected_revision=review.revision
    )
    checking = plan_access_for(reviewer)
    for action in ("approve", "publish"):
        review = review_services.transition_review(
            checking, reviewer, review, action, expected_revision=review.revision
        )
    return review


def build_successor(plan, editor, review: PlanReview):
    from climateplan.plans.web.forms import usable_inventories

    editing = plan_access_for(editor)
    # the next period, of the same length; the base year: the latest usable inventory
    start = plan.end_year + 1
    base = max(usable_inventories(plan.province), key=lambda inv: inv.year, default=None)
    successor = successor_services.create_successor(
        editing,
        editor,
        plan,
        start_year=start,
        end_year=start + (plan.end_year - plan.start_year),
        base_inventory=base,
        title_th=SUCCESSOR_TITLE_TH,
        title_en=SUCCESSOR_TITLE_EN,
    )
    carried = successor_services.successor_actions(successor)
    lesson = review.lessons.filter(action__isnull=False).first() or review.lessons.first()
    if carried and lesson is not None:
        match = next(
            (a for a in carried if lesson.action and a.carried_from_id == lesson.action_id),
            carried[0],
        )
        successor.refresh_from_db()
        successor_services.link_lesson(
            editing, editor, successor, lesson, [match.pk], expected_revision=successor.revision
        )
    return successor


def build_consultation(successor, editor) -> None:
    editing = plan_access_for(editor)
    now = timezone.now()
    consultation = consultation_services.open_consultation(
        editing,
        editor,
        successor,
        opens=now - dt.timedelta(days=3),
        closes=now + dt.timedelta(days=27),
        intro_th=f"ร่างแผนฉบับถัดไปเปิดรับฟังความคิดเห็น ({FICTIONAL_TH})",
        intro_en=f"The draft of the next plan is open for comment ({FICTIONAL_EN}).",
    )
    shown = now.timestamp() - 600  # the form was shown ten minutes before
    for number, (name, affiliation, text, answer) in enumerate(COMMENTS, start=1):
        comment = consultation_services.submit_comment(
            consultation,
            consultation_services.CommentInput(
                text=text,
                name=name,
                affiliation=affiliation,
                token=consultation_services.form_token(consultation, now=shown),
            ),
            client_address=f"192.0.2.{number}",  # documentation addresses (RFC 5737)
        )
        if comment is None or answer is None:
            continue
        comment = consultation_services.moderate_comment(editing, editor, comment, "publish")
        consultation_services.answer_comment(editing, editor, comment, answer)


def build_documents(plan, review: PlanReview, editor) -> None:
    """The reviewed plan's document and the review report, Thai PDF, made here."""
    from climateplan.plans.web.tasks_documents import request_document, run_plan_document
    from climateplan.plans.web.tasks_review_documents import (
        request_review_document,
        run_review_document,
    )

    document, _ = request_document(plan, editor, "th", "pdf")
    if document.status == PlanDocument.Status.QUEUED:
        run_plan_document(document.pk)
    report, _ = request_review_document(review, editor, "th", "pdf", queue=False)
    if report.status == PlanDocument.Status.QUEUED:
        run_review_document(report.pk)


def load_cycle_demo(echo: Callable[[str], None] = lambda _text: None) -> PlanReview | None:
    """The review, successor, consultation and documents of Bangkok's demo plan; None when
    the plan is missing or the review is there already."""
    plan = demo_plan()
    if plan is None:
        echo("  TH-10: no demo master plan, review skipped / ไม่มีแผนแม่บทสาธิต ข้ามการทบทวน")
        return None
    if demo_review(plan) is not None:
        return None
    editor, approver = _user(BANGKOK.editor), _user(BANGKOK.approver)
    reviewer = _user(REVIEWER)
    reporter = _user(DEPARTMENT_REPORTER) if DEPARTMENT_REPORTER in REPORTERS else None
    if editor is None or approver is None or reviewer is None:
        echo("  TH-10: demo accounts missing, review skipped / ไม่มีบัญชีสาธิต ข้ามการทบทวน")
        return None
    echo("ข้อมูลสาธิต: การทบทวนแผนและแผนฉบับถัดไป / demo data: review and successor ...")
    review = build_review(plan, editor, approver, reviewer, reporter)
    successor = build_successor(plan, editor, review)
    build_consultation(successor, editor)
    echo("ข้อมูลสาธิต: จัดทำเอกสาร / demo data: making the documents ...")
    build_documents(plan, review, editor)
    published = PublicComment.objects.filter(
        consultation__plan=successor, status=PublicComment.Status.PUBLISHED
    ).count()
    echo(
        f"  TH-10 {plan.title_en}: review published, successor plan {successor.pk}, "
        f"consultation with {published} published comments, plan and review documents"
    )
    return review


__all__ = ["load_cycle_demo"]
