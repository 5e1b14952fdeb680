"""Names the reduction section shows: drivers and units in Thai and English, target kinds
and target names, and whether the stored targets are the national ones."""

from __future__ import annotations

from datetime import date

from climateplan.plans.reduction import TARGET_KIND_LABELS
from climateplan.plans.reduction.defaults import (
    driver_label,
    national_targets,
    targets_are_national,
    unit_label,
)
from climateplan.plans.reduction.files import target_title

AS_OF = date(2025, 1, 1)


def test_driver_names_from_the_catalogue():
    # reference/data/mitigation_drivers.csv, row "gpp" and row "rice_area"
    assert driver_label("gpp", "th") == "ผลิตภัณฑ์มวลรวมจังหวัด (ราคาคงที่)"
    assert driver_label("gpp", "en") == "Gross provincial product (real)"
    assert driver_label("rice_area", "th") == "พื้นที่เก็บเกี่ยวข้าว"
    # a driver of the province's own is shown as typed
    assert driver_label("sugar_mills", "th") == "sugar_mills"


def test_units_by_language():
    assert unit_label("person", "th") == "คน"
    assert unit_label("person", "en") == "persons"
    assert unit_label("index (real GPP)", "th") == "ดัชนี (GPP ราคาคงที่)"
    assert unit_label("t CO2e per bus", "th") == "t CO2e per bus"


def test_target_kind_labels_have_no_blanks_to_fill():
    for en, th in TARGET_KIND_LABELS.values():
        assert "..." not in en and "..." not in th


def test_targets_compared_by_content():
    national = national_targets(2022, AS_OF)
    # the four national targets valid in 2025 (NDC 30 % and 40 %, 2050, 2065)
    assert len(national) == 4
    assert targets_are_national(list(reversed(national)), 2022, AS_OF)
    # stored as JSON: the same targets with their values as text still match
    as_text = [{**t, "value": None if t["value"] is None else str(t["value"])} for t in national]
    assert targets_are_national(as_text, 2022, AS_OF)
    changed = [dict(t) for t in national]
    changed[0]["value"] = 25.0  # 25 % instead of 30 %
    assert not targets_are_national(changed, 2022, AS_OF)
    assert not targets_are_national(national[:3], 2022, AS_OF)
    extra = [*national, {"name": "province", "kind": "bau_relative", "value": 5, "year": 2027}]
    assert not targets_are_national(extra, 2022, AS_OF)
    assert not targets_are_national([], 2022, AS_OF)


def test_target_titles():
    ndc = {"name": "ndc_conditional", "year": 2030, "points": []}
    # 2030 CE + 543 = 2573 BE
    assert target_title(ndc, "th") == "NDC แบบมีเงื่อนไข 2573"
    assert target_title(ndc, "en") == "NDC, conditional 2030"
    own = {
        "name": "kpp_2027",
        "year": 2027,
        "title_th": "ลดลงร้อยละ 5 จากกรณีปกติ",
        "title_en": "",
        "points": [{"description_en": "5 % below BAU in 2027", "description_th": "x"}],
    }
    assert target_title(own, "th") == "ลดลงร้อยละ 5 จากกรณีปกติ"
    # no English title given: what the point says
    assert target_title(own, "en") == "5 % below BAU in 2027"
    assert target_title({"name": "p", "year": 2030, "points": []}, "en") == "p"
