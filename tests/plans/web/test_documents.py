"""The plan's documents on the site: asked for on the plan's pages, made by the worker's
task, stored with the plan revision, reused for a published plan, scoped by plan access.

The task is run directly (``run_plan_document``), as the worker would; the charts are
drawn in this process here (``charts_apart=False``: the same functions, without the
second Python process that the worker uses).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from climateplan.plans.web import tasks_documents
from climateplan.plans.web.models import Plan, PlanDocument, PlanState

pytestmark = pytest.mark.django_db
HAS_POPPLER = shutil.which("pdftotext") is not None


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def ask(client, plan, lang="th", fmt="pdf"):
    return client.post(
        reverse("plans:document_request", args=[plan.pk]), {"lang": lang, "format": fmt}
    )


def make(document_id: int) -> str:
    return tasks_documents.run_plan_document(document_id, charts_apart=False)


def publish(plan: Plan) -> Plan:
    """The plan published (the workflow's own tests cover the transitions)."""
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.PUBLISHED)
    plan.refresh_from_db()
    return plan


def test_the_editor_asks_for_a_pdf_and_the_task_stores_it(plan, users, data_dir):
    editor = client_for(users["editor"])
    answer = ask(editor, plan)
    assert answer.status_code == 302
    document = PlanDocument.objects.get(plan=plan)
    assert (document.status, document.revision, document.lang, document.format) == (
        "queued",
        plan.revision,
        "th",
        "pdf",
    )
    assert document.task_id  # queued for the worker
    snapshot = json.loads(
        (tasks_documents.document_folder(document) / "plan_export.json").read_text()
    )
    assert snapshot["plan"]["revision"] == plan.revision and snapshot["province"]["code"] == "TH-50"

    assert make(document.pk) == "done"
    document.refresh_from_db()
    assert document.status == "done" and (document.done, document.total) == (3, 3)
    stored = data_dir / document.path
    data = stored.read_bytes()
    assert data.startswith(b"%PDF") and document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert make(document.pk) == "skipped"  # a second worker finds it taken

    download = editor.get(reverse("plans:document_download", args=[plan.pk, document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["Content-Type"] == "application/pdf"
    assert f"plan-{plan.pk}-v1-r{plan.revision}-th.pdf" in download["Content-Disposition"]

    if HAS_POPPLER:
        path = Path(stored)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        text = unicodedata.normalize("NFKC", text.stdout.decode("utf-8"))
        assert unicodedata.normalize("NFKC", "บัญชีก๊าซเรือนกระจก") in text
        assert "เชียงใหม่" in text


def test_the_same_revision_reuses_its_document_and_a_change_makes_a_new_one(plan, users):
    editor = client_for(users["editor"])
    ask(editor, plan)
    first = PlanDocument.objects.get(plan=plan)
    ask(editor, plan)  # still queued: the same one
    assert PlanDocument.objects.filter(plan=plan).count() == 1
    make(first.pk)
    ask(editor, plan)  # made: the same one
    assert PlanDocument.objects.filter(plan=plan).count() == 1
    ask(editor, plan, lang="en", fmt="docx")  # another language and format: a new one
    assert PlanDocument.objects.filter(plan=plan).count() == 2
    Plan.objects.filter(pk=plan.pk).update(revision=plan.revision + 1)  # the plan changed
    ask(editor, plan)
    assert PlanDocument.objects.filter(plan=plan, lang="th", format="pdf").count() == 2


def test_a_published_plans_document_never_changes(plan, users, data_dir):
    plan = publish(plan)
    editor = client_for(users["editor"])
    ask(editor, plan, lang="en")
    document = PlanDocument.objects.get(plan=plan)
    assert document.plan_state == PlanState.PUBLISHED
    make(document.pk)
    document.refresh_from_db()
    stored = (data_dir / document.path).read_bytes()
    # a second request, by another user, on the unchanged published plan: the stored file
    reviewer = client_for(users["reviewer"])
    answer = ask(reviewer, plan, lang="en")
    assert answer.status_code == 302 and answer["Location"].endswith(f"#doc-{document.pk}")
    assert PlanDocument.objects.filter(plan=plan).count() == 1
    again = PlanDocument.objects.get(plan=plan)
    assert (again.sha256, again.finished_at) == (document.sha256, document.finished_at)
    assert (data_dir / again.path).read_bytes() == stored
    # the public downloads it
    public = client_for()
    download = public.get(reverse("plans:document_download", args=[plan.pk, document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == stored


def test_a_lost_file_is_made_again(plan, users, data_dir):
    editor = client_for(users["editor"])
    ask(editor, plan)
    document = PlanDocument.objects.get(plan=plan)
    make(document.pk)
    document.refresh_from_db()
    (data_dir / document.path).unlink()
    ask(editor, plan)
    document.refresh_from_db()
    assert document.status == "failed"
    assert PlanDocument.objects.filter(plan=plan, status="queued").count() == 1


def test_a_failing_task_ends_failed_never_running(plan, users):
    ask(client_for(users["editor"]), plan)
    document = PlanDocument.objects.get(plan=plan)
    (tasks_documents.document_folder(document) / "plan_export.json").write_text("{not json")
    with pytest.raises(json.JSONDecodeError):
        make(document.pk)
    document.refresh_from_db()
    assert document.status == "failed" and document.finished_at is not None
    assert "JSONDecodeError" in document.message_en and "JSONDecodeError" in document.message_th


def test_progress_is_shown_and_polled_while_the_document_is_made(plan, users):
    editor = client_for(users["editor"])
    ask(editor, plan)
    document = PlanDocument.objects.get(plan=plan)
    tasks_documents.ProgressWriter(document.pk)(1, 3, "กำลังเรียบเรียงเนื้อหา / writing the chapters")
    page = editor.get(reverse("plans:documents", args=[plan.pk])).content.decode()
    assert f'id="doc-{document.pk}"' in page and "33 %" in page
    assert reverse("plans:document_status", args=[plan.pk, document.pk]) in page  # polled
    assert "กำลังเรียบเรียงเนื้อหา" in page
    status = editor.get(
        reverse("plans:document_status", args=[plan.pk, document.pk]), HTTP_HX_REQUEST="true"
    )
    assert status.status_code == 200 and 'hx-trigger="every 2s"' in status.content.decode()
    make(document.pk)
    done = editor.get(reverse("plans:document_status", args=[plan.pk, document.pk])).content
    assert b"every 2s" not in done and b"download" in done


def test_the_overview_loads_the_documents_block(plan, users):
    editor = client_for(users["editor"])
    page = editor.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    url = reverse("plans:documents", args=[plan.pk])
    assert 'id="documents-block"' in page and f'hx-get="{url}"' in page
    block = editor.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="make-pdf-th"' in block and 'id="make-docx-en"' in block
    assert "<html" not in block  # a partial for htmx; without htmx, the whole page
    assert "<html" in editor.get(url).content.decode()


def test_documents_are_scoped_by_plan_access(plan, users):
    editor = client_for(users["editor"])
    ask(editor, plan)
    document = PlanDocument.objects.get(plan=plan)
    make(document.pk)
    urls = [
        reverse("plans:documents", args=[plan.pk]),
        reverse("plans:document_export", args=[plan.pk]),
        reverse("plans:document_status", args=[plan.pk, document.pk]),
        reverse("plans:document_download", args=[plan.pk, document.pk]),
    ]
    # a draft: the province's people and national users; nobody else knows it exists
    for name in ("editor", "viewer", "approver", "reviewer", "admin"):
        client = client_for(users[name])
        assert [client.get(u).status_code for u in urls] == [200] * 4, name
    for client in (client_for(), client_for(users["other_viewer"]), client_for(users["no_role"])):
        assert [client.get(u).status_code for u in urls] == [404] * 4
        assert ask(client, plan).status_code == 404
    assert PlanDocument.objects.filter(plan=plan).count() == 1

    # published: the public sees finished documents of the published plan, never a draft's
    publish(plan)
    public = client_for()
    assert [public.get(u).status_code for u in urls] == [200, 200, 404, 404]
    assert f"doc-{document.pk}" not in public.get(urls[0]).content.decode()
    assert ask(public, plan).status_code == 404  # the public never starts work
    assert PlanDocument.objects.filter(plan=plan).count() == 1
    ask(editor, plan, lang="en")
    published = PlanDocument.objects.get(plan=plan, lang="en")
    make(published.pk)
    listing = public.get(urls[0]).content.decode()
    assert f"doc-{published.pk}" in listing and 'id="make-pdf-th"' not in listing
    download = reverse("plans:document_download", args=[plan.pk, published.pk])
    assert public.get(download).status_code == 200


def test_the_plan_export_download(plan, users):
    answer = client_for(users["editor"]).get(reverse("plans:document_export", args=[plan.pk]))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")
    export = json.loads(answer.content)
    assert export["schema"] == "climateplan.plan.export/1"
    assert export["plan"]["revision"] == plan.revision
    assert export["province"] == {
        "code": "TH-50",
        "name_th": "เชียงใหม่",
        "name_en": "Chiang Mai",
        "region_th": export["province"]["region_th"],
        "region_en": export["province"]["region_en"],
    }
    assert set(export["sections"]) == {"inventory", "reduction", "risk", "adaptation"}
    inventory = export["inventory"]
    assert inventory["year"] == 2022 and inventory["totals"]["basic"] > 0
    assert "lines" not in inventory  # the activity lines stay with the inventory's downloads
    # the factors annex has one row per GPC reference, activity, method and source, with
    # the number of lines behind it: together they count every line that has a factor
    assert sum(f["lines"] for f in inventory["factors"]) <= inventory["line_count"]
    assert all(f["factor_source"] or f["factor_origin"] for f in inventory["factors"])


def test_an_unknown_request_is_refused_with_a_message(plan, users):
    editor = client_for(users["editor"])
    answer = editor.post(
        reverse("plans:document_request", args=[plan.pk]), {"lang": "fr", "format": "pdf"}
    )
    assert answer.status_code == 302
    assert not PlanDocument.objects.exists()


@pytest.mark.slow
def test_the_demo_plan_document_with_its_charts(db, data_dir):
    """Kamphaeng Phet's published demo plan, made as the worker makes it: the charts of
    every section drawn in their own process, embedded in the PDF."""
    from climateplan.inventory.web.demo import create_accounts, load_demo
    from climateplan.plans.web import demo
    from climateplan.reports.document.content import CHAPTERS

    create_accounts()
    load_demo()
    demo.load_plans_demo()
    plan = Plan.objects.get(province="TH-62")
    document, queued = tasks_documents.request_document(plan, None, "th", "pdf")
    assert queued
    assert tasks_documents.run_plan_document(document.pk) == "done"
    document.refresh_from_db()
    path = data_dir / document.path
    if not HAS_POPPLER:
        pytest.skip("poppler-utils is not installed")
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    # inventory 1, reduction 4, risk 5 (map included), adaptation 5
    assert len(images.stdout.decode().splitlines()) - 2 >= 15
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFKC", text.stdout.decode("utf-8"))
    for _en, th in CHAPTERS.values():
        assert unicodedata.normalize("NFKC", th) in text
    assert unicodedata.normalize("NFKC", "กำแพงเพชร") in text


def test_the_export_carries_the_monitoring_set_up(plan, users):
    import datetime as dt

    from climateplan.monitoring.web.models import Agency, ReportingPeriod, WorkingGroupMember
    from climateplan.plans.web.export import plan_export

    assert plan_export(plan)["monitoring"] is None  # none recorded yet
    agency = Agency.objects.create(
        code="G-PNREO-50", name_th="สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดเชียงใหม่"
    )
    WorkingGroupMember.objects.create(
        plan=plan, agency=agency, role="secretary", contact_title="ผู้อำนวยการ"
    )
    ReportingPeriod.objects.create(
        plan=plan,
        fiscal_year=2025,
        number=1,
        starts=dt.date(2024, 10, 1),
        ends=dt.date(2025, 3, 31),
        due=dt.date(2025, 4, 30),
    )
    monitoring = plan_export(plan)["monitoring"]
    assert monitoring["working_group"] == [
        {
            "agency_code": "G-PNREO-50",
            "agency_th": "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดเชียงใหม่",
            "agency_en": "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัดเชียงใหม่",
            "role": "secretary",
            "contact_title": "ผู้อำนวยการ",
        }
    ]
    assert monitoring["periods"] == [
        {
            "fiscal_year": 2025,
            "number": 1,
            "starts": "2024-10-01",
            "ends": "2025-03-31",
            "due": "2025-04-30",
            "state": "planned",
        }
    ]


def test_the_export_carries_the_consultation_annex_as_json(plan, monkeypatch):
    import datetime as dt

    from climateplan.plans.web import services_consultation
    from climateplan.plans.web.export import plan_export

    assert plan_export(plan)["consultation"] == []  # no published comment
    row = {"number": 1, "received": dt.date(2024, 2, 10), "answered": None, "text": "ข้อความ"}
    monkeypatch.setattr(services_consultation, "consultation_annex", lambda _plan: [row])
    annex = plan_export(plan)["consultation"]
    assert annex == [{"number": 1, "received": "2024-02-10", "answered": None, "text": "ข้อความ"}]
    json.dumps(annex)
