"""The inventory workflow through the service layer: upload, edit, states, versions, locking."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from climateplan.errors import InputError
from climateplan.inventory import analyse, read_activity
from climateplan.inventory.export import to_dict
from climateplan.inventory.web import services
from climateplan.inventory.web.models import ActivityLine, Change, Inventory, State

from .conftest import DATA, advance

pytestmark = pytest.mark.django_db


def test_upload_stores_lines_and_the_engines_result(draft):
    # The stored result is the engine's own result of the same file: identical through
    # the web and through the command line.
    expected = to_dict(
        analyse(read_activity(DATA / "small_inventory.csv", province="TH-50", year=2023))
    )
    assert draft.line_count == 5
    assert list(draft.lines.values_list("position", flat=True)) == [2, 3, 4, 5, 6]
    assert draft.result["totals"] == expected["totals"]
    assert draft.total_basic_plus == pytest.approx(expected["totals"]["basic_plus"])
    assert draft.result_problems == []
    assert draft.revision == 2  # created at 1, the upload took 2
    lpg = draft.lines.get(position=2)
    assert (lpg.method, lpg.activity, lpg.amount, lpg.unit, lpg.data_quality) == (
        "fuel_combustion",
        "lpg",
        1200.0,
        "t",
        "M",
    )
    assert draft.lines.get(position=6).notation_key == "NO"


def test_bad_upload_reports_every_problem_and_saves_nothing(users, bad_csv):
    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    with pytest.raises(InputError) as caught:
        services.upload(users["editor"], inventory, "bad.csv", bad_csv, expected_revision=1)
    where = {(p.row, p.column) for p in caught.value.problems}
    assert where == {(2, "amount"), (3, "amount"), (4, "activity"), (4, "data_quality")}
    assert all(p.message_th and p.message_en and p.file == "bad.csv" for p in caught.value.problems)
    inventory.refresh_from_db()
    assert inventory.line_count == 0 and inventory.lines.count() == 0
    assert inventory.revision == 1
    assert not inventory.changes.filter(action=Change.Action.UPLOAD).exists()


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("inventory.pdf", b"%PDF-1.4", "not accepted"),
        ("inventory.xlsx", b"not a zip file", "not an Excel workbook"),
        ("inventory.csv", b"gpc_ref\x00\x01", "not a text file"),
    ],
)
def test_upload_type_is_checked_before_parsing(users, name, content, fragment):
    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    with pytest.raises(InputError) as caught:
        services.upload(users["editor"], inventory, name, content, expected_revision=1)
    assert any(fragment in p.message_en for p in caught.value.problems)


def test_upload_size_limit(users, settings):
    settings.UPLOAD_MAX_BYTES = 100
    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    with pytest.raises(InputError) as caught:
        services.upload(
            users["editor"], inventory, "big.csv", b"gpc_ref\n" + b"x" * 200, expected_revision=1
        )
    assert "limit" in caught.value.problems[0].message_en


def test_workbook_of_another_province_is_refused(users, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "meta"
    book.active.append(["province", "TH-10"])
    book.active.append(["year", 2566])
    sheet = book.create_sheet("activity")
    sheet.append(["gpc_ref", "method", "activity", "amount", "unit"])
    sheet.append(["I.1.1", "fuel_combustion", "lpg", 10, "t"])
    path = tmp_path / "bkk.xlsx"
    book.save(path)
    inventory = services.create_inventory(users["editor"], "TH-50", 2024)
    with pytest.raises(InputError) as caught:
        services.upload(
            users["editor"], inventory, "bkk.xlsx", path.read_bytes(), expected_revision=1
        )
    columns = {p.column for p in caught.value.problems}
    # 2566 BE = 2023 CE, not 2024; TH-10 is Bangkok, not Chiang Mai
    assert columns == {"province", "year"}


def test_append_mode_keeps_existing_lines(draft, users, small_csv):
    services.upload(
        users["editor"],
        draft,
        "more.csv",
        small_csv,
        expected_revision=draft.revision,
        mode="append",
    )
    draft.refresh_from_db()
    assert draft.line_count == 10
    assert sorted(draft.lines.values_list("position", flat=True)) == list(range(2, 12))


def test_line_edit_recomputes_and_records_history(draft, users):
    line = draft.lines.get(position=2)  # 1200 t LPG
    before = draft.result["totals"]["basic"]
    services.save_line(
        users["editor"],
        draft,
        {**_values(line), "amount": 2400},
        expected_revision=draft.revision,
        line=line,
    )
    draft.refresh_from_db()
    lpg_after = _line_co2e(draft, 2)
    # Fuel combustion is linear in the amount (IPCC 2006 Vol 2 Ch 2 Eq 2.1), so doubling
    # the LPG line adds half of its new CO2e to BASIC, and nothing else changes.
    assert draft.result["totals"]["basic"] == pytest.approx(before + lpg_after / 2)
    change = draft.changes.filter(action=Change.Action.LINE_EDIT).get()
    assert change.old["amount"] == 1200.0 and change.new["amount"] == 2400.0
    assert change.user == users["editor"] and change.position == 2


def _values(line: ActivityLine) -> dict:
    values = {name: getattr(line, name) for name in services.LINE_FIELDS}
    values["params"] = dict(line.params)
    return values


def _line_co2e(inventory: Inventory, position: int) -> float:
    return sum(row["co2e"] for row in inventory.result["lines"] if row["row"] == position)


def test_invalid_line_is_refused_with_its_row_and_column(draft, users):
    with pytest.raises(InputError) as caught:
        services.save_line(
            users["editor"],
            draft,
            {
                "gpc_ref": "I.1.1",
                "method": "fuel_combustion",
                "activity": "lpg",
                "unit": "head",
                "amount": 5,
            },
            expected_revision=draft.revision,
        )
    problem = caught.value.problems[0]
    assert (problem.row, problem.column) == (7, "unit")  # the next free row after 2..6
    assert "head" in problem.message_th
    assert draft.lines.count() == 5


def test_add_and_delete_line(draft, users):
    line = services.save_line(
        users["editor"],
        draft,
        {"gpc_ref": "I.2.1", "method": "", "notation_key": "NE", "data_quality": ""},
        expected_revision=draft.revision,
    )
    draft.refresh_from_db()
    assert line.position == 7 and draft.line_count == 6
    services.delete_line(users["editor"], draft, line, expected_revision=draft.revision)
    draft.refresh_from_db()
    assert draft.line_count == 5
    actions = list(draft.changes.values_list("action", flat=True))
    assert actions[:2] == [Change.Action.LINE_DELETE, Change.Action.LINE_ADD]


def test_stale_revision_is_a_conflict_and_changes_nothing(draft, users):
    stale = draft.revision
    line = draft.lines.get(position=2)
    services.save_line(
        users["editor"],
        draft,
        {**_values(line), "amount": 1300},
        expected_revision=stale,
        line=line,
    )
    with pytest.raises(services.Conflict) as caught:
        services.save_line(
            users["editor"],
            draft,
            {**_values(line), "amount": 9999},
            expected_revision=stale,
            line=line,
        )
    assert caught.value.current_revision == stale + 1
    line.refresh_from_db()
    assert line.amount == 1300


def test_full_workflow_with_return_and_comments(draft, users):
    inventory = advance(draft, users, "submit")
    assert inventory.state == State.SUBMITTED and inventory.submitted_at
    with pytest.raises(services.WorkflowError, match="submitted for review"):
        services.save_line(users["editor"], inventory, {}, expected_revision=inventory.revision)
    line = inventory.lines.get(position=3)
    services.add_comment(users["reviewer"], inventory, "which PEA report?", line=line)
    inventory = advance(inventory, users, "return")
    assert inventory.state == State.RETURNED
    assert inventory.comments.filter(position=3).count() == 1
    inventory = advance(inventory, users, "submit", "approve")
    assert inventory.state == State.APPROVED and inventory.is_locked
    with pytest.raises(services.WorkflowError):
        services.save_line(users["editor"], inventory, {}, expected_revision=inventory.revision)
    inventory = advance(inventory, users, "publish")
    assert inventory.state == State.PUBLISHED and inventory.published_at
    states = [c.new["state"] for c in inventory.changes.filter(action=Change.Action.TRANSITION)]
    assert states[::-1] == ["submitted", "returned", "submitted", "approved", "published"]


def test_return_needs_a_comment(draft, users):
    inventory = advance(draft, users, "submit")
    with pytest.raises(services.WorkflowError):
        services.transition(
            users["reviewer"], inventory, "return", expected_revision=inventory.revision
        )


def test_submit_needs_clean_lines(users):
    empty = services.create_inventory(users["editor"], "TH-50", 2021)
    with pytest.raises(services.WorkflowError):
        services.transition(users["editor"], empty, "submit", expected_revision=1)


def test_wrong_order_is_refused(draft, users):
    with pytest.raises(services.WorkflowError):
        services.transition(users["reviewer"], draft, "approve", expected_revision=draft.revision)
    with pytest.raises(services.WorkflowError):
        services.transition(users["reviewer"], draft, "publish", expected_revision=draft.revision)


def test_reopen_creates_a_new_version_and_keeps_the_old(published, users):
    new = advance(published, users, "reopen")
    published.refresh_from_db()
    assert new.pk != published.pk
    assert (new.version, new.state, new.is_latest) == (2, State.DRAFT, True)
    assert (published.state, published.is_latest) == (State.PUBLISHED, False)
    assert new.previous == published
    assert new.lines.count() == published.lines.count() == 5
    assert new.result["totals"] == published.result["totals"]
    # the old version stays locked, the new one is editable
    with pytest.raises(services.WorkflowError):
        services.save_line(users["editor"], published, {}, expected_revision=published.revision)
    line = new.lines.get(position=2)
    services.save_line(
        users["editor"],
        new,
        {**_values(line), "amount": 1},
        expected_revision=new.revision,
        line=line,
    )
    assert published.lines.get(position=2).amount == 1200.0


def test_second_inventory_for_the_same_year_is_refused(draft, users):
    with pytest.raises(services.WorkflowError):
        services.create_inventory(users["editor"], "TH-50", 2023)


def test_only_own_province_can_be_created(users):
    with pytest.raises(PermissionDenied):
        services.create_inventory(users["editor"], "TH-52", 2023)
    for name in ("reviewer", "admin", "viewer", "no_role"):
        with pytest.raises(PermissionDenied):
            services.create_inventory(users[name], "TH-50", 2023)
