"""The checks of a progress report and of its evidence files (no Django)."""

from __future__ import annotations

import pytest

from climateplan.errors import InputError
from climateplan.monitoring.kpis import Kpi
from climateplan.monitoring.reports import KpiEntry, check_report, parse_number
from climateplan.uploads import MB, check_evidence, evidence_content_type, evidence_suffix

SOLAR = Kpi("kpi", "kpi", "กำลังผลิตโซลาร์รูฟท็อป", "Rooftop solar", "kWp", 0, 5000, 2027)


def problems_of(**kwargs):
    with pytest.raises(InputError) as caught:
        check_report(**kwargs)
    return {p.column: p for p in caught.value.problems}


def test_a_good_report_is_converted_into_the_kpi_unit():
    values = check_report(
        status="on_track",
        percent="45.5",
        disbursed="1,250,000",
        kpis=[SOLAR],
        entries=[KpiEntry("kpi", "0.12", "MWp")],
        comment=" roofs of 30 homes ",
    )
    assert values.status == "on_track"
    assert values.percent == 45.5
    assert values.disbursed == 1_250_000.0  # the thousands separators dropped
    assert values.comment == "roofs of 30 homes"
    # 0.12 MWp x 1000 = 120 kWp, the value as typed kept beside it
    (kpi,) = values.kpi_values
    assert kpi["key"] == "kpi" and kpi["unit"] == "kWp"
    assert kpi["value"] == pytest.approx(120.0)
    assert (kpi["entered_value"], kpi["entered_unit"]) == (0.12, "MWp")


def test_a_blank_kpi_value_is_not_reported():
    values = check_report(status="not_started", kpis=[SOLAR], entries=[KpiEntry("kpi", "", "")])
    assert values.kpi_values == [] and values.percent == 0 and values.disbursed == 0


def test_every_problem_at_once_each_naming_its_field():
    found = problems_of(
        status="delayed",
        reason="",
        percent="120",
        disbursed="-5",
        kpis=[SOLAR],
        entries=[KpiEntry("kpi", "3", "t"), KpiEntry("indicator:4", "1", "")],
    )
    assert set(found) == {"reason", "percent", "disbursed", "kpi_unit:kpi", "kpi:indicator:4"}
    assert "reason" in found["reason"].message_en and "เหตุผล" in found["reason"].message_th
    assert "between 0 and 100" in found["percent"].message_en
    assert "ระหว่าง 0 ถึง 100" in found["percent"].message_th
    assert "0 or more" in found["disbursed"].message_en
    assert "kWp" in found["kpi_unit:kpi"].message_en


def test_status_reason_and_completion_rules():
    found = problems_of(status="finished")
    assert "status" in found and "'finished'" in found["status"].message_en
    assert "cancelled" in found["status"].message_en and "ยกเลิก" in found["status"].message_th
    found = problems_of(status="cancelled", reason="  ")
    assert set(found) == {"reason"}
    # completed means 100 % complete
    found = problems_of(status="completed", percent="80")
    assert set(found) == {"percent"} and "100" in found["percent"].message_en
    assert check_report(status="completed", percent="100").percent == 100


def test_numbers_that_are_not_numbers_or_below_zero():
    found = problems_of(
        status="on_track",
        percent="half",
        kpis=[SOLAR],
        entries=[KpiEntry("kpi", "-3", "kWp")],
    )
    assert "not a number" in found["percent"].message_en
    assert "ไม่ใช่ตัวเลข" in found["percent"].message_th
    assert "below zero" in found["kpi:kpi"].message_en
    assert parse_number(" 1,234.5 ") == 1234.5
    with pytest.raises(ValueError):
        parse_number("nan")


PDF = b"%PDF-1.7\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 "


@pytest.mark.parametrize(
    ("name", "head", "content_type"),
    [
        ("minutes.pdf", PDF, "application/pdf"),
        ("site.PNG", PNG, "image/png"),
        ("roof.jpeg", JPEG, "image/jpeg"),
        ("roof.jpg", JPEG, "image/jpeg"),
        ("pond.webp", WEBP, "image/webp"),
    ],
)
def test_accepted_evidence(name, head, content_type):
    assert check_evidence(name, 1000, head) == []
    assert evidence_content_type(name) == content_type


def test_forbidden_or_disguised_or_too_large_evidence():
    # an HTML page or an executable, whatever its name
    (problem,) = check_evidence("report.html", 100, b"<html><script>")
    assert "PDF, PNG, JPEG or WebP" in problem.message_en and problem.file == "report.html"
    assert "PDF, PNG, JPEG หรือ WebP" in problem.message_th
    (problem,) = check_evidence("photo.png", 100, b"MZ\x90\x00")
    assert "not a PNG" in problem.message_en and "ไม่ใช่ไฟล์ PNG" in problem.message_th
    (problem,) = check_evidence("scan.pdf", 100, PNG)  # a picture renamed .pdf
    assert "not a PDF" in problem.message_en
    # 10.5 MB against a 10 MB limit: (10.5 x 1,048,576 bytes) > 10 x 1,048,576
    problems = check_evidence("big.exe", int(10.5 * MB), b"MZ", max_bytes=10 * MB)
    assert len(problems) == 2  # both at once: the type and the size
    assert "10.5 MB" in problems[1].message_en and "10 MB" in problems[1].message_en
    (problem,) = check_evidence("empty.pdf", 0, b"")
    assert "empty" in problem.message_en
    assert evidence_suffix("A.JPEG") == ".jpg"
