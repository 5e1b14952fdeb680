"""The inventory page officers use every day: compact lines, editing in place, review
threads, the blank workbook, Buddhist Era dates, readable history, line order."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from climateplan.inventory.web import services
from climateplan.inventory.web.models import Change, ReviewComment, State
from climateplan.inventory.web.views import factor_label

from .conftest import advance

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


def _english(client):
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})


def _page(client, inventory) -> str:
    answer = client.get(reverse("inventory:detail", args=[inventory.pk]))
    assert answer.status_code == 200
    return answer.content.decode()


# --------------------------------------------------------------------------- 1. compact lines


def test_factor_label_keeps_the_factor_names_only():
    # the engine's factor_source: "name: document, table, page [value]; name: ..."
    source = (
        "CO2 EF: IPCC 2006 GL Vol 2 Ch 1 Table 1.4 (p. 1.23-1.24) [63100 kg/TJ]; "
        "NCV: IPCC 2006 GL Vol 2 Ch 1 Table 1.2 [47.3 TJ/Gg]; "
        "CH4 EF: IPCC 2006 GL Vol 2 Ch 2 Table 2.5 [5 kg/TJ]; "
        "N2O EF: IPCC 2006 GL Vol 2 Ch 2 Table 2.5 [0.1 kg/TJ]"
    )
    # four names, the first three shown, the rest marked by an ellipsis
    assert factor_label(source) == "CO2 EF · NCV · CH4 EF …"
    assert factor_label("grid EF: TGO 2022-2024 [0.475 kg/kWh]") == "grid EF"


def test_line_table_shows_a_short_source_and_the_full_text_on_demand(client, users, draft):
    client.force_login(users["editor"])
    text = _page(client, draft)
    table = text.split('id="line-table"')[1].split("</table>")[0]
    rows = re.findall(r'<tr id="line-\d+".*?</tr>', table, flags=re.S)
    assert len(rows) == draft.line_count == 5
    computed = [r for r in rows if "<details>" in r]
    assert len(computed) == 4  # the NO line (I.3.1) has no factor
    for row in computed:
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", row, flags=re.S).group(1)
        full = re.search(r"</summary><small>(.*?)</small>", row, flags=re.S).group(1)
        shown = re.sub(r'<span class="tag">.*?</span>', "", summary).strip()
        assert len(shown) <= 60 and len(shown) < len(full)  # a label, the full text behind it
    # the table scrolls inside its box instead of widening the page
    assert '<div class="table-wrap lines-wrap"><table id="line-table"' in text


# --------------------------------------------------------------------------- 2. edit in place


def test_edit_opens_under_the_line_and_returns_to_it(client, users, draft):
    client.force_login(users["editor"])
    line = draft.lines.get(position=3)
    url = reverse("inventory:line_edit", args=[draft.pk, line.pk])
    text = _page(client, draft)
    # the edit link asks htmx to put the form right under its own row
    assert f'hx-get="{url}?inline=1" hx-target="closest tr" hx-swap="afterend"' in text
    row = client.get(url + "?inline=1", headers={"HX-Request": "true"}).content.decode()
    assert row.startswith(f'<tr class="line-edit-row" id="line-edit-{line.pk}"><td colspan="12">')
    assert re.search(r'name="amount" value="350000000(\.0)?"', row)
    # without JavaScript the link opens a short page with the form at its top
    plain = client.get(url).content.decode()
    assert plain.index('id="line-form"') < 3000 + plain.index("<main>")
    values = {
        "revision": draft.revision,
        "gpc_ref": "I.1.2",
        "method": "electricity",
        "activity": "grid",
        "amount": "360000000",
        "unit": "kWh",
        "data_quality": "H",
    }
    saved = client.post(url, values)
    assert saved.status_code == 302
    assert saved["Location"].endswith(f"#line-{line.pk}")  # back at the line, not the top


def test_saving_a_line_on_a_later_page_returns_to_that_page(client, users, draft, settings):
    settings.LINES_PER_PAGE = 2
    client.force_login(users["editor"])
    line = draft.lines.get(position=4)  # rows 2, 3 | 4, 5 | 6: the third line, page 2
    values = {
        "revision": draft.revision,
        "gpc_ref": "II.1.1",
        "method": "fuel_combustion",
        "activity": "diesel_b7",
        "amount": "1300000",
        "unit": "L",
        "data_quality": "M",
    }
    saved = client.post(reverse("inventory:line_edit", args=[draft.pk, line.pk]), values)
    assert saved.status_code == 302
    assert saved["Location"] == f"/inventories/{draft.pk}/?page=2#line-{line.pk}"
    page = client.get(saved["Location"]).content.decode()
    assert f'id="line-{line.pk}"' in page


# --------------------------------------------------------------------------- 3. review threads


def _returned_with_comments(draft, users):
    inventory = advance(draft, users, "submit")
    line = inventory.lines.get(position=4)
    services.add_comment(users["reviewer"], inventory, "which fuel sales report?", line=line)
    inventory = advance(inventory, users, "return")  # adds "please check row 3"
    return inventory, line


def test_returned_inventory_shows_its_comments_first_with_counts(client, users, draft):
    inventory, line = _returned_with_comments(draft, users)
    client.force_login(users["editor"])
    text = _page(client, inventory)
    assert text.index('id="comments"') < text.index('id="line-table"')
    # two threads: the return comment (whole inventory) and one on row 4, both open
    counts = re.sub(r"\s+", " ", text.split('id="comment-counts">')[1].split("</span>")[0])
    assert counts == "2 รอแก้ไข · 2 ทั้งหมด (1 ต่อบัญชีทั้งฉบับ, 1 ต่อรายการ)"
    href = reverse("inventory:detail", args=[inventory.pk]) + f"#line-{line.pk}"
    assert f'<a href="{href}">แถว 4 · II.1.1 diesel_b7</a>' in text
    assert "which fuel sales report?" in text and "please check row 3" in text
    # the line itself points back to its comment
    thread = ReviewComment.objects.get(line=line)
    assert f'href="#comment-{thread.pk}"' in text.split(f'id="line-{line.pk}"')[1]


def test_officer_answers_and_resolves_a_comment(client, users, draft):
    inventory, line = _returned_with_comments(draft, users)
    thread = ReviewComment.objects.get(line=line)
    client.force_login(users["editor"])
    url = reverse("inventory:comment", args=[inventory.pk])
    answer = client.post(url, {"parent": thread.pk, "text": "PTT depot sales, 2023"})
    assert answer.status_code == 302 and answer["Location"].endswith(f"#comment-{thread.pk}")
    reply = ReviewComment.objects.get(parent=thread)
    assert reply.author == users["editor"] and reply.position == 4 and reply.line == line
    client.post(url, {"parent": thread.pk, "resolve": "1"})
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == users["editor"]
    text = _page(client, inventory)
    counts = re.sub(r"\s+", " ", text.split('id="comment-counts">')[1].split("</span>")[0])
    assert counts.startswith("1 รอแก้ไข · 2 ทั้งหมด")
    # a new answer opens the thread again; both are in the history
    services.add_comment(users["reviewer"], inventory, "not yet: cite the page", parent=reply)
    thread.refresh_from_db()
    assert not thread.is_resolved
    assert ReviewComment.objects.filter(parent=thread).count() == 2  # a reply to a reply joins
    actions = list(inventory.changes.values_list("action", flat=True))
    assert Change.Action.RESOLVE in actions


def test_viewer_and_other_province_cannot_answer(client, users, draft):
    inventory, line = _returned_with_comments(draft, users)
    thread = ReviewComment.objects.get(line=line)
    for who in ("viewer", "other_editor"):
        client.force_login(users[who])
        answer = client.post(
            reverse("inventory:comment", args=[inventory.pk]),
            {"parent": thread.pk, "text": "me too"},
        )
        assert answer.status_code in (403, 404)
    assert not ReviewComment.objects.filter(parent=thread).exists()


def test_returning_through_the_api_needs_a_comment(users, draft):
    from rest_framework.test import APIClient

    inventory = advance(draft, users, "submit")
    api = APIClient()
    api.force_authenticate(users["reviewer"])
    answer = api.post(
        f"/api/inventories/{inventory.pk}/transitions/",
        {"action": "return", "revision": inventory.revision, "comment": ""},
        format="json",
    )
    assert answer.status_code in (400, 409), answer.content
    inventory.refresh_from_db()
    assert inventory.state == State.SUBMITTED


def test_returning_needs_a_comment_on_the_page(client, users, draft):
    inventory = advance(draft, users, "submit")
    client.force_login(users["reviewer"])
    text = _page(client, inventory)
    form = text.split('id="action-return"')[0].rsplit("<form", 1)[1]
    assert 'name="comment" id="return-comment"' in form and " required" in form
    answer = client.post(
        reverse("inventory:transition", args=[inventory.pk]),
        {"action": "return", "revision": inventory.revision, "comment": "  "},
        follow=True,
    )
    inventory.refresh_from_db()
    assert inventory.state == State.SUBMITTED  # refused, nothing changed
    assert "กรุณาระบุสิ่งที่ต้องแก้ไข" in answer.content.decode()


# --------------------------------------------------------------------------- 4. blank workbook


def test_blank_workbook_download_is_the_cli_template(client, users, draft, tmp_path):
    from climateplan.inventory.template import write_template

    client.force_login(users["editor"])
    text = _page(client, draft)
    url = reverse("activity_template")
    assert f'id="download-template" href="{url}"' in text
    answer = client.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    web = load_workbook(io.BytesIO(answer.content))
    cli_path = tmp_path / "template.xlsx"
    write_template(cli_path)
    cli = load_workbook(cli_path)
    assert web.sheetnames == cli.sheetnames
    for name in cli.sheetnames:
        web_cells = [[c.value for c in row] for row in web[name].iter_rows()]
        cli_cells = [[c.value for c in row] for row in cli[name].iter_rows()]
        assert web_cells == cli_cells, name
        assert len(web[name].data_validations.dataValidation) == len(
            cli[name].data_validations.dataValidation
        )


# --------------------------------------------------------------------------- 5. Buddhist Era


def test_comment_and_history_times_in_the_buddhist_era(client, users, draft):
    inventory = advance(draft, users, "submit")
    comment = services.add_comment(users["reviewer"], inventory, "check the LPG amount")
    # 2026-12-06 07:05 UTC is 14:05 in Bangkok (UTC+7); 2026 CE + 543 = 2569 BE
    moment = dt.datetime(2026, 12, 6, 7, 5, tzinfo=dt.UTC)
    ReviewComment.objects.filter(pk=comment.pk).update(created_at=moment)
    inventory.changes.update(at=moment)
    client.force_login(users["reviewer"])
    assert "6 ธ.ค. 2569 14:05" in _page(client, inventory)
    history = client.get(reverse("inventory:history", args=[inventory.pk])).content.decode()
    assert "6 ธ.ค. 2569 14:05" in history and "2026-12-06" not in history
    _english(client)
    assert "6 Dec 2026 14:05" in _page(client, inventory)


def test_date_filters_in_both_languages():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{{ d|be_date }} | {{ s|be_date }} | {{ n|be_date }}")
    values = Context({"d": dt.date(2024, 1, 31), "s": "2025-03-01", "n": float("nan")})
    with translation.override("th"):
        # 2024 + 543 = 2567; 2025 + 543 = 2568
        assert template.render(values) == "31 ม.ค. 2567 | 1 มี.ค. 2568 | "
    with translation.override("en"):
        assert template.render(values) == "31 Jan 2024 | 1 Mar 2025 | "


# --------------------------------------------------------------------------- 6. history


def test_history_is_readable_and_translated(client, users, draft):
    line = draft.lines.get(position=2)
    values = {**{name: getattr(line, name) for name in services.LINE_FIELDS}, "amount": 1300}
    services.save_line(users["editor"], draft, values, expected_revision=draft.revision, line=line)
    inventory = advance(draft, users, "submit")
    client.force_login(users["editor"])
    text = client.get(reverse("inventory:history", args=[inventory.pk])).content.decode()
    assert "{&#x27;" not in text and "{'" not in text  # no raw Python dicts
    # the edited field, its Thai label and old -> new value
    assert "<dt>ปริมาณ</dt><dd><del>1,200</del> → <ins>1,300</ins></dd>" in text
    # the state change with Thai state names
    assert "<dt>สถานะ</dt><dd><del>ร่าง</del> → <ins>ส่งตรวจแล้ว</ins></dd>" in text
    assert "อัปโหลดไฟล์ small_inventory.csv" in text
    assert "Submitted" not in text and "Draft" not in text
    # a deleted line lists what it held, without arrows to nothing
    deleted = advance(inventory, users, "return")
    services.delete_line(
        users["editor"],
        deleted,
        deleted.lines.get(position=6),
        expected_revision=deleted.revision,
    )
    text = client.get(reverse("inventory:history", args=[inventory.pk])).content.decode()
    row = text.split("ลบรายการ: I.3.1")[1].split("</tr>")[0]
    assert "<dt>สัญลักษณ์ (notation key)</dt><dd><del>NO</del></dd>" in row
    assert "(ว่าง)" not in row
    _english(client)
    text = client.get(reverse("inventory:history", args=[inventory.pk])).content.decode()
    assert "<dt>Amount</dt><dd><del>1,200</del> → <ins>1,300</ins></dd>" in text
    assert "<dt>State</dt><dd><del>Draft</del> → <ins>Submitted</ins></dd>" in text


# --------------------------------------------------------------------------- 9. line order


def test_an_edited_line_keeps_its_place_in_downloads_and_on_the_page(client, users, draft):
    line = draft.lines.get(position=3)
    values = {**{name: getattr(line, name) for name in services.LINE_FIELDS}, "amount": 360e6}
    services.save_line(users["editor"], draft, values, expected_revision=draft.revision, line=line)
    draft.refresh_from_db()
    # the small CSV's lines are spreadsheet rows 2..6, in file order
    expected = [2, 3, 4, 5, 6]
    rows = [r["row"] for r in draft.result["lines"] if not r.get("derived")]
    assert rows == expected
    client.force_login(users["editor"])
    answer = client.get(reverse("inventory:download", args=[draft.pk, "csv"]))
    reader = csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")))
    # row 3 (grid electricity) also yields its derived T&D-loss line I.1.3, right after it
    gpc = [(r["row"], r["gpc_ref"]) for r in reader]
    assert gpc == [
        ("2", "I.1.1"),
        ("3", "I.1.2"),
        ("3", "I.1.3"),
        ("4", "II.1.1"),
        ("5", "V.1"),
        ("6", "I.3.1"),
    ]
    text = _page(client, draft)
    order = [int(n) for n in re.findall(r'<td class="num" data-label="แถว">(\d+)</td>', text)]
    assert order == expected
