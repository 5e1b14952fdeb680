"""A province's development plans on the site: who reads and writes them, the import of
the XLSX layout (nothing half-saved), items typed by hand, links kept across imports."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from climateplan.monitoring import devplan as core
from climateplan.monitoring.web.models import ActionLink, DevelopmentItem, DevelopmentPlan

HEADER = [name for name, *_ in core.COLUMNS]
ROWS = [
    ("issue", "1", "", "สิ่งแวดล้อม", "Environment", "", None, None),
    ("strategy", "1.1", "1", "ลดก๊าซเรือนกระจก", "Cut emissions", "", None, None),
    ("programme", "1.1.1", "1.1", "พลังงานสะอาด", "Clean energy", "", None, None),
    ("project", "1.1.1.01", "1.1.1", "โซลาร์ราชการ", "Solar", "สพจ.", 2_500_000, 2569),
]


def xlsx(rows, name="dp.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    ws = book.active
    ws.title = core.SHEET
    ws.append(HEADER)
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})


def create(client, rows=ROWS, **fields):
    data = {"title_th": "แผนพัฒนาจังหวัดเชียงใหม่", "start_year": "2566", "end_year": "2570"}
    data.update(fields)
    if rows is not None:
        data["file"] = xlsx(rows)
    return client.post(reverse("monitoring:devplan_create", args=["TH-50"]), data)


@pytest.fixture
def devplan(client, users):
    client.force_login(users["editor"])
    response = create(client)
    assert response.status_code == 302
    client.logout()
    return DevelopmentPlan.objects.get(province="TH-50")


def stamp(devplan) -> str:
    devplan.refresh_from_db()
    return devplan.updated_at.isoformat()


@pytest.mark.parametrize(
    "who,status",
    [
        ("editor", 200),
        ("viewer", 200),
        ("approver", 200),
        ("reporter", 200),
        ("reviewer", 200),
        ("admin", 200),
        ("other_editor", 404),
        ("other_reporter", 404),
        ("no_role", 404),
    ],
)
def test_who_reads_the_development_plans(client, users, devplan, who, status):
    client.force_login(users[who])
    for url in (
        reverse("monitoring:devplans", args=["TH-50"]),
        reverse("monitoring:devplan", args=["TH-50", devplan.pk]),
        reverse("monitoring:devplan_download", args=["TH-50", devplan.pk]),
        reverse("monitoring:devplan_template", args=["TH-50"]),
    ):
        assert client.get(url).status_code == status, url


def test_anonymous_and_wrong_province_get_404(client, users, devplan):
    assert client.get(reverse("monitoring:devplans", args=["TH-50"])).status_code == 404
    client.force_login(users["reviewer"])
    # The plan exists, but not under Lampang's address.
    assert client.get(reverse("monitoring:devplan", args=["TH-52", devplan.pk])).status_code == 404
    assert client.get(reverse("monitoring:devplans", args=["TH-99"])).status_code == 404


def test_editor_creates_from_the_file(client, users, devplan):
    assert (devplan.start_year, devplan.end_year) == (2023, 2027)  # 2566-2570 BE
    items = {i.code: i for i in devplan.items.all()}
    assert set(items) == {"1", "1.1", "1.1.1", "1.1.1.01"}
    assert items["1.1.1.01"].parent == items["1.1.1"]
    assert items["1.1.1.01"].fiscal_year == 2026  # 2569 - 543
    assert items["1.1.1.01"].budget == 2_500_000.0
    client.force_login(users["viewer"])
    page = client.get(reverse("monitoring:devplan", args=["TH-50", devplan.pk])).content.decode()
    assert "2,500,000" in page and "2569" in page and "พ.ศ. 2566-2570" in page
    assert 'id="item-form"' not in page  # readers get no forms


def test_english_page_shows_common_era(client, users, devplan):
    client.force_login(users["viewer"])
    english(client)
    page = client.get(reverse("monitoring:devplan", args=["TH-50", devplan.pk])).content.decode()
    assert "2023-2027" in page and "2026" in page and "Solar" in page


@pytest.mark.parametrize("who,status", [("viewer", 403), ("reporter", 403), ("other_editor", 404)])
def test_others_cannot_write(client, users, devplan, who, status):
    client.force_login(users[who])
    assert create(client, start_year="2571", end_year="2575").status_code == status
    url = reverse("monitoring:devplan_import", args=["TH-50", devplan.pk])
    assert client.post(url, {"file": xlsx(ROWS[:1]), "stamp": stamp(devplan)}).status_code == status
    url = reverse("monitoring:devplan_item_delete", args=["TH-50", devplan.pk])
    assert client.post(url, {"code": "1.1.1.01", "stamp": stamp(devplan)}).status_code == status
    assert DevelopmentPlan.objects.count() == 1
    assert devplan.items.count() == 4


def test_bad_file_every_problem_listed_nothing_saved(client, users):
    client.force_login(users["editor"])
    bad = [
        ("issue", "1", "", "สิ่งแวดล้อม", "", "", None, None),
        ("project", "P1", "1", "โครงการใต้ประเด็น", "", "", -10, 2569),
        ("strategy", "1", "1", "รหัสซ้ำ", "", "", None, None),
    ]
    response = create(client, rows=bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "ไฟล์ dp.xlsx, ชีต development_plan, แถว 3, คอลัมน์ parent_code" in page
    assert "แถว 3, คอลัมน์ budget_thb" in page
    assert "แถว 4, คอลัมน์ code" in page
    assert page.count('class="problem"') == 3
    assert DevelopmentPlan.objects.count() == 0


def test_missing_title_and_bad_years_at_once(client, users):
    client.force_login(users["editor"])
    response = create(client, rows=None, title_th="", start_year="abc", end_year="2570")
    assert response.status_code == 400
    page = response.content.decode()
    assert "ชื่อแผน (ภาษาไทย)" in page and "ปีเริ่มต้น" in page
    assert DevelopmentPlan.objects.count() == 0


def test_same_period_twice_refused(client, users, devplan):
    client.force_login(users["editor"])
    response = create(client, rows=None)
    assert response.status_code == 409
    assert "มีแผนพัฒนาจังหวัดของช่วงเวลานี้แล้ว" in response.content.decode()
    assert DevelopmentPlan.objects.count() == 1


def test_reimport_keeps_links_of_codes_that_stay(client, users, devplan, draft_plan):
    action = draft_plan.sections.get(kind="reduction").actions.get(code="M01")
    strategy = devplan.items.get(code="1.1")
    ActionLink.objects.create(action=action, strategy=strategy)
    client.force_login(users["editor"])
    rows = [*ROWS[:3], ("project", "1.1.1.02", "1.1.1", "ไฟถนน", "", "", 900_000, 2570)]
    url = reverse("monitoring:devplan_import", args=["TH-50", devplan.pk])
    response = client.post(url, {"file": xlsx(rows, "v2.xlsx"), "stamp": stamp(devplan)})
    assert response.status_code == 302
    assert set(devplan.items.values_list("code", flat=True)) == {"1", "1.1", "1.1.1", "1.1.1.02"}
    link = ActionLink.objects.get(action=action)
    assert link.strategy_id == strategy.pk  # same row, still linked
    devplan.refresh_from_db()
    assert devplan.source_file == "v2.xlsx"


def test_import_on_a_stale_page_is_refused(client, users, devplan):
    client.force_login(users["editor"])
    url = reverse("monitoring:devplan_import", args=["TH-50", devplan.pk])
    old = stamp(devplan)
    assert client.post(url, {"file": xlsx(ROWS), "stamp": old}).status_code == 302
    response = client.post(url, {"file": xlsx(ROWS[:1]), "stamp": old}, follow=True)
    assert "มีผู้อื่นแก้ไขแผนพัฒนาจังหวัดนี้" in response.content.decode()
    assert devplan.items.count() == 4


def test_typed_item_checked_with_the_others(client, users, devplan):
    client.force_login(users["editor"])
    url = reverse("monitoring:devplan_item", args=["TH-50", devplan.pk])
    item = {
        "level": "project",
        "code": "1.1.9",
        "parent_code": "1.1",  # a strategy: a project needs a programme
        "name_th": "โครงการผิดระดับ",
        "budget_thb": "-1",
        "fiscal_year": "2569",
        "stamp": stamp(devplan),
    }
    response = client.post(url, item)
    assert response.status_code == 400
    page = response.content.decode()
    # Both problems at once: the cell and the rule between items.
    assert "งบประมาณ (บาท)" in page and "งบประมาณติดลบไม่ได้" in page
    assert "รายการหลัก" in page and "&#x27;1.1&#x27; เป็นกลยุทธ์" in page
    assert page.count('class="problem"') == 2
    assert devplan.items.count() == 4
    item.update(budget_thb="1,000", parent_code="1.1.1")
    assert client.post(url, item).status_code == 302
    added = devplan.items.get(code="1.1.9")
    assert (added.level, added.parent.code, added.budget, added.fiscal_year) == (
        "project",
        "1.1.1",
        1000.0,
        2026,
    )


def test_edit_and_remove_items(client, users, devplan):
    client.force_login(users["editor"])
    url = reverse("monitoring:devplan_item", args=["TH-50", devplan.pk])
    edited = {
        "original": "1.1.1.01",
        "level": "project",
        "code": "1.1.1.01",
        "parent_code": "1.1.1",
        "name_th": "โซลาร์ราชการ ระยะที่ 2",
        "budget_thb": "3000000",
        "fiscal_year": "2570",
        "stamp": stamp(devplan),
    }
    assert client.post(url, edited).status_code == 302
    item = devplan.items.get(code="1.1.1.01")
    assert (item.name_th, item.budget, item.fiscal_year) == ("โซลาร์ราชการ ระยะที่ 2", 3e6, 2027)
    delete = reverse("monitoring:devplan_item_delete", args=["TH-50", devplan.pk])
    page = client.post(delete, {"code": "1.1", "stamp": stamp(devplan)}, follow=True)
    assert "มีรายการย่อยอยู่" in page.content.decode()
    assert devplan.items.count() == 4
    client.post(delete, {"code": "1.1.1.01", "stamp": stamp(devplan)})
    assert not DevelopmentItem.objects.filter(code="1.1.1.01").exists()


def test_template_and_items_downloads_read_back(client, users, devplan):
    client.force_login(users["viewer"])
    response = client.get(reverse("monitoring:devplan_template", args=["TH-50"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(core.read_development_plan(response.content, "t.xlsx")) == len(core.EXAMPLE)
    response = client.get(reverse("monitoring:devplan_download", args=["TH-50", devplan.pk]))
    sheet = load_workbook(io.BytesIO(response.content))[core.SHEET]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(HEADER)
    assert rows[4][1] == "1.1.1.01" and rows[4][7] == 2569  # written back in BE
