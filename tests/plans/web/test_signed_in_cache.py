"""Signed-in plan pages keep the blocks that are the same for every reader (a section's
result tables and charts, a reader's indicator table, the review queue's rows) and build
them again at once when the section changes; what belongs to one user (forms, buttons,
CSRF tokens, comments) is never kept, and each language has its own blocks."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import Plan, PlanComment, Section, SectionResult
from climateplan.plans.web.page_cache import section_block, section_stamp
from tests.plans.web.test_reduction_handler import (
    DRIVERS,
    SETTINGS,
    TARGETS,
    burners,
    one_line_plan,
)

pytestmark = pytest.mark.django_db


def client_for(user, lang: str = "th") -> Client:
    client = Client()
    client.force_login(user)
    if lang != "th":
        client.post(reverse("site:set_language"), {"language": lang, "next": "/"})
    return client


def reduction_url(plan) -> str:
    return reverse("plans:section", args=[plan.pk, "reduction"])


def total_bau(html: str) -> str:
    found = re.search(r'id="total-bau">([^<]+)<', html)
    assert found, "the page shows no BAU total"
    return found.group(1)


def write(plan, user, **changes):
    """A write through the workflow (a new revision, the section saved and recomputed)."""
    plan.refresh_from_db()
    services.write_section(
        plan_access_for(user),
        user,
        plan.sections.get(kind="reduction"),
        expected_revision=plan.revision,
        **changes,
    )
    plan.refresh_from_db()


@pytest.fixture
def filled(users):
    """The one-line plan (1,000 t CO2 in 2022) with drivers, a measure and a target."""
    plan = one_line_plan(users)
    write(
        plan,
        users["editor"],
        inputs={"drivers": DRIVERS, "targets": TARGETS, "settings": SETTINGS},
        actions=[burners()],
    )
    return plan


def test_an_edit_shows_at_once_to_a_reader_whose_block_was_kept(filled, users):
    reader = client_for(users["viewer"])
    # BAU 2030 = 1,000 t x 1.01^(2030-2022) = 1,000 x 1.082857 = 1,082.86 t -> "1,083"
    assert total_bau(reader.get(reduction_url(filled)).content.decode()) == "1,083"
    assert total_bau(reader.get(reduction_url(filled)).content.decode()) == "1,083"
    faster = [dict(DRIVERS[0], growth_pct=2)]
    write(
        filled,
        users["editor"],
        inputs={"drivers": faster, "targets": TARGETS, "settings": SETTINGS},
    )
    # BAU 2030 = 1,000 t x 1.02^8 = 1,000 x 1.171659 = 1,171.66 t -> "1,172"
    assert total_bau(reader.get(reduction_url(filled)).content.decode()) == "1,172"


def test_the_block_is_kept_until_a_recompute(filled, users):
    reader = client_for(users["viewer"])
    section = filled.sections.get(kind="reduction")
    stored = SectionResult.objects.get(section=section)

    def tamper(bau: float) -> None:
        """Change the stored document behind the workflow's back (the section unsaved)."""
        document = dict(stored.document)
        document["summary"] = dict(document["summary"], bau=bau)
        SectionResult.objects.filter(pk=stored.pk).update(document=document)

    from django.core.cache import cache

    tamper(5000.0)
    cache.clear()
    assert total_bau(reader.get(reduction_url(filled)).content.decode()) == "5,000"
    tamper(6000.0)  # not shown: the block is kept while the section is unchanged
    assert total_bau(reader.get(reduction_url(filled)).content.decode()) == "5,000"
    section.refresh_from_db()
    services.recompute(plan_access_for(users["editor"]), users["editor"], section)
    # the recomputed document again: 1,000 x 1.01^8 = 1,082.86 t -> "1,083"
    assert total_bau(reader.get(reduction_url(filled)).content.decode()) == "1,083"


def test_a_state_change_written_for_the_whole_plan_moves_the_stamp(filled):
    section = filled.sections.get(kind="reduction")
    built = []

    def build():
        built.append(1)
        return {"n": len(built)}

    assert section_block("probe", section, build) == {"n": 1}
    assert section_block("probe", section, build) == {"n": 1}  # kept
    before = section_stamp(section)
    # transitions set every section's state with one UPDATE (no save, no updated_at)
    Section.objects.filter(pk=section.pk).update(state="submitted")
    section.refresh_from_db()
    assert section_stamp(section) != before
    assert section_block("probe", section, build) == {"n": 2}


def test_each_language_has_its_own_block(filled, users):
    thai = client_for(users["viewer"]).get(reduction_url(filled)).content.decode()
    english = client_for(users["viewer"], "en").get(reduction_url(filled)).content.decode()
    # the report year 2030 CE is 2030 + 543 = 2573 BE on the Thai page
    assert "BAU 2573" in thai and "BAU 2030" not in thai
    assert "BAU 2030" in english and "BAU 2573" not in english
    assert "ปีฐาน" in thai and "ปีฐาน" not in english


def test_forms_and_tokens_are_never_shared_between_users(filled, users):
    editor = client_for(users["editor"])
    viewer = client_for(users["viewer"])
    editor_html = editor.get(reduction_url(filled)).content.decode()
    viewer_html = viewer.get(reduction_url(filled)).content.decode()
    assert 'id="drivers-form"' in editor_html and 'id="measure-add"' in editor_html
    assert 'id="drivers-form"' not in viewer_html and 'id="measure-add"' not in viewer_html
    # the kept block holds no token: every page carries its own session's token
    assert total_bau(editor_html) == total_bau(viewer_html) == "1,083"
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', editor_html)
    assert tokens and not any(t in viewer_html for t in tokens)


def test_a_reviewer_and_an_editor_see_their_own_buttons_and_comments(filled, users):
    Plan.objects.filter(pk=filled.pk).update(state="submitted", revision=filled.revision + 1)
    Section.objects.filter(plan=filled).update(state="submitted")
    filled.refresh_from_db()
    reviewer = client_for(users["reviewer"])
    editor = client_for(users["editor"])
    first = reviewer.get(reduction_url(filled)).content.decode()
    services.add_comment(
        plan_access_for(users["reviewer"]),
        users["reviewer"],
        filled,
        "ขอที่มาของอัตราการเติบโต",
        section_kind="reduction",
    )
    editor_html = editor.get(reduction_url(filled)).content.decode()
    reviewer_html = reviewer.get(reduction_url(filled)).content.decode()
    assert "ขอที่มาของอัตราการเติบโต" not in first
    # the comment shows at once to both (the block kept since the first page is the same)
    assert "ขอที่มาของอัตราการเติบโต" in editor_html and "ขอที่มาของอัตราการเติบโต" in reviewer_html
    assert total_bau(editor_html) == total_bau(reviewer_html) == "1,083"
    # the review buttons are the reviewer's only; a submitted section has no edit form
    review = reverse("plans:review_section", args=[filled.pk, "reduction"])
    assert review in reviewer_html and review not in editor_html
    assert 'id="drivers-form"' not in editor_html


def test_the_review_queue_shows_a_new_comment_at_once(filled, users):
    Plan.objects.filter(pk=filled.pk).update(state="submitted", revision=filled.revision + 1)
    filled.refresh_from_db()
    reviewer = client_for(users["reviewer"])

    def threads(html: str) -> str:
        row = re.search(rf'<tr data-kind="plan" data-pk="{filled.pk}">(.*?)</tr>', html, re.S)
        assert row, "the plan is not in the queue"
        return re.findall(r'<td class="num">(.*?)</td>', row.group(1))[-1]

    assert threads(reviewer.get("/national/review/").content.decode()) == "0"
    assert threads(reviewer.get("/national/review/").content.decode()) == "0"
    comment = services.add_comment(
        plan_access_for(users["reviewer"]), users["reviewer"], filled, "ตรวจแล้ว"
    )
    assert "1" in threads(reviewer.get("/national/review/").content.decode())
    services.set_comment_resolved(
        plan_access_for(users["reviewer"]), users["reviewer"], comment, True
    )
    assert PlanComment.objects.get(pk=comment.pk).resolved_at is not None
    assert threads(reviewer.get("/national/review/").content.decode()) == "0"
    english = client_for(users["reviewer"], "en").get("/national/review/").content.decode()
    assert "Chiang Mai" in english and "เชียงใหม่" not in english.split("<tbody>")[1]


def test_a_plan_without_comments_consultations_or_successors_is_not_asked_for_them(filled, users):
    """A plan page reads whether the plan has review comments, consultations and a
    successor with the plan itself; the tables are read only for a plan that has some,
    and a comment written after one page shows on the next."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = client_for(users["reviewer"])
    Plan.objects.filter(pk=filled.pk).update(state="submitted", revision=filled.revision + 1)
    filled.refresh_from_db()

    def tables_read(url: str) -> tuple[set[str], str]:
        with CaptureQueriesContext(connection) as queries:
            html = reviewer.get(url).content.decode()
        # the table each query reads rows of (the EXISTS inside the plan's query aside)
        froms = {
            found.group(1)
            for q in queries.captured_queries
            if (found := re.match(r'SELECT (?:DISTINCT )?"(plans_\w+)"\.', q["sql"]))
        }
        assert "plans_plan" in froms  # the plan itself was read
        return froms, html

    for url in (reverse("plans:detail", args=[filled.pk]), reduction_url(filled)):
        froms, _html = tables_read(url)
        assert {"plans_plancomment", "plans_consultation"} & froms == set(), url
    services.add_comment(
        plan_access_for(users["reviewer"]), users["reviewer"], filled, "ตรวจแล้ว ขอแหล่งข้อมูล"
    )
    froms, html = tables_read(reverse("plans:detail", args=[filled.pk]))
    assert "plans_plancomment" in froms
    assert "ตรวจแล้ว ขอแหล่งข้อมูล" in html
