"""Attack: one line, three doors, three sets of rules.

Unknown line parameters were stored silently through the form and the API, and an
upload accepted a 20,000-character note where the form capped it at 1,000. The core
now holds the rules of a line (``climateplan.inventory.activity``: ``TEXT_LIMITS``,
``check_line_cells``) and the upload, the form, the API and the service apply them.

Also here: the readers' messages for files they cannot read as given (a UTF-16 CSV, a
workbook formula without a stored value), located and bilingual.
"""

from __future__ import annotations

import codecs

import pytest

from climateplan.errors import InputError
from climateplan.inventory import read_activity
from climateplan.inventory.activity import TEXT_LIMITS, check_line_cells
from climateplan.inventory.web import services

LPG = {
    "gpc_ref": "I.1.1",
    "method": "fuel_combustion",
    "activity": "lpg",
    "amount": 10,
    "unit": "t",
}
HEADER = "gpc_ref,method,activity,amount,unit,note\n"


# --------------------------------------------------------------------------- one set of limits


def test_the_limits_are_defined_once():
    from climateplan.inventory.web.api import LineSerializer
    from climateplan.inventory.web.forms import LineForm
    from climateplan.inventory.web.models import ActivityLine

    form = LineForm()
    serializer = LineSerializer()
    for name in ("activity", "unit", "source", "note"):
        assert form.fields[name].max_length == TEXT_LIMITS[name]
        assert ActivityLine._meta.get_field(name).max_length == TEXT_LIMITS[name]
        assert serializer.fields[name].max_length == TEXT_LIMITS[name]
    assert TEXT_LIMITS["note"] == 1000 and TEXT_LIMITS["source"] == 500


def test_core_rules_of_one_line():
    problems = check_line_cells(
        {**LPG, "note": "x" * 1001, "param_bogus": "1", "param_grid_ef": "0.5"}, row=7
    )
    found = {(p.row, p.column): p for p in problems}
    assert set(found) == {(7, "note"), (7, "param_bogus"), (7, "param_grid_ef")}
    assert "1,001 characters long; at most 1,000" in found[(7, "note")].message_en
    assert "unknown parameter 'param_bogus'" in found[(7, "param_bogus")].message_en
    assert found[(7, "param_bogus")].message_th.startswith("ไม่รู้จักพารามิเตอร์")
    # param_grid_ef is the electricity method's, not fuel combustion's
    assert "does not apply to method 'fuel_combustion'" in found[(7, "param_grid_ef")].message_en
    # exactly at the limit is fine
    assert check_line_cells({**LPG, "note": "x" * 1000}) == []


# --------------------------------------------------------------------------- the upload


@pytest.mark.django_db
def test_upload_refuses_a_20000_character_note(users):
    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    body = HEADER + "I.1.1,fuel_combustion,lpg,10,t," + "x" * 20_000 + "\n"
    with pytest.raises(InputError) as caught:
        services.upload(users["editor"], inventory, "long.csv", body.encode(), expected_revision=1)
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("long.csv", 2, "note")
    assert "20,000 characters long; at most 1,000" in problem.message_en
    assert "1,000 ตัวอักษร" in problem.message_th
    assert inventory.lines.count() == 0


# --------------------------------------------------------------------------- the form


def test_form_refuses_unknown_parameters_and_long_notes():
    from climateplan.inventory.web.forms import LineForm

    form = LineForm(
        {**LPG, "revision": 1, "params": "bogus = 1\nparam_x = 2", "note": "ok"},
    )
    assert not form.is_valid()
    text = " ".join(form.errors["params"])
    assert "param_bogus" in text and "param_x" in text
    form = LineForm({**LPG, "revision": 1, "note": "x" * 1001})
    assert not form.is_valid() and "note" in form.errors


# --------------------------------------------------------------------------- the service and API


@pytest.mark.django_db
def test_service_does_not_store_unknown_parameters(draft, users):
    lines_before = list(draft.lines.values_list("pk", "params"))
    with pytest.raises(InputError) as caught:
        services.save_line(
            users["editor"],
            draft,
            {**LPG, "params": {"bogus": "1"}},
            expected_revision=draft.revision,
        )
    assert [p.column for p in caught.value.problems] == ["param_bogus"]
    assert caught.value.problems[0].row == 7  # the new line's row: after rows 2-6
    draft.refresh_from_db()
    assert list(draft.lines.values_list("pk", "params")) == lines_before
    assert draft.result is not None and draft.result_problems == []


@pytest.mark.django_db
def test_api_refuses_unknown_parameters_and_long_notes(client, draft, users):
    client.force_login(users["editor"])
    url = f"/api/inventories/{draft.pk}/lines/"
    bogus = client.post(
        url,
        {**LPG, "revision": draft.revision, "params": {"bogus": "1"}},
        content_type="application/json",
    )
    assert bogus.status_code == 400
    problems = bogus.json()["problems"]
    assert [p["column"] for p in problems] == ["param_bogus"]
    assert problems[0]["message_th"]
    long_note = client.post(
        url,
        {**LPG, "revision": draft.revision, "note": "x" * 20_000},
        content_type="application/json",
    )
    assert long_note.status_code == 400
    draft.refresh_from_db()
    assert draft.lines.count() == 5


# --------------------------------------------------------------------------- reader messages


def test_utf16_csv_with_its_byte_order_mark_is_read(tmp_path):
    text = HEADER + "I.1.1,fuel_combustion,lpg,10,t,ก๊าซหุงต้ม\n"
    path = tmp_path / "unicode.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    data = read_activity(path, province="TH-50", year=2023)
    assert data.lines["note"].tolist() == ["ก๊าซหุงต้ม"]
    assert data.lines["input_amount"].tolist() == [10.0]


def test_utf16_csv_without_a_mark_names_the_accepted_encodings(tmp_path):
    path = tmp_path / "nomark.csv"
    path.write_bytes((HEADER + "I.1.1,fuel_combustion,lpg,10,t,\n").encode("utf-16-le"))
    with pytest.raises(InputError) as caught:
        read_activity(path, province="TH-50", year=2023)
    (problem,) = caught.value.problems
    assert problem.file == "nomark.csv"
    assert "UTF-8" in problem.message_en and "cp874" in problem.message_en
    assert "UTF-16" in problem.message_en and "CSV UTF-8" in problem.message_th


@pytest.mark.django_db
def test_web_upload_of_a_utf16_csv(users):
    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    text = HEADER + "I.1.1,fuel_combustion,lpg,10,t,ok\n"
    outcome = services.upload(
        users["editor"],
        inventory,
        "unicode.csv",
        codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        expected_revision=1,
    )
    assert outcome.lines == 1


def test_formula_without_a_stored_value_is_named_as_such(tmp_path):
    from openpyxl import Workbook

    book = Workbook()  # openpyxl stores formulas without their computed values
    sheet = book.active
    sheet.title = "activity"
    sheet.append(["gpc_ref", "method", "activity", "amount", "unit"])
    sheet.append(["I.1.1", "fuel_combustion", "lpg", 5, "t"])
    sheet.append(["I.1.1", "fuel_combustion", "lpg", "=D2*2", "t"])
    path = tmp_path / "formulas.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_activity(path, province="TH-50", year=2023)
    (problem,) = caught.value.problems  # no "amount is missing" beside it
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "formulas.xlsx",
        "activity",
        3,
        "amount",
    )
    assert "formula =D2*2 but no computed value" in problem.message_en
    assert "Paste Special > Values" in problem.message_en
    assert "สูตร =D2*2" in problem.message_th and "วางแบบพิเศษ" in problem.message_th
