"""Bad input is refused with every problem located (file, row, column), in Thai and
English, and nothing is written."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from climateplan.adaptation import build_plan
from climateplan.cli.main import app
from climateplan.errors import InputError

from .conftest import action_line, write_actions, write_weights


def problems_of(tmp_path, profile, *lines, **files):
    actions = write_actions(tmp_path / "actions.csv", *lines)
    with pytest.raises(InputError) as error:
        build_plan(actions, profile, **files)
    return error.value.problems


@pytest.mark.parametrize(
    ("values", "column", "english", "thai"),
    [
        ({"hazards": "volcano"}, "hazards", "unknown hazard 'volcano'", "ไม่รู้จักภัย"),
        ({"hazards": "landslide"}, "hazards", "not in the risk register", "ไม่อยู่ในทะเบียนความเสี่ยง"),
        ({"sectors": "mining"}, "sectors", "unknown NAP sector 'mining'", "ไม่รู้จักสาขาตามแผน NAP"),
        ({"lead_agency": "XYZ"}, "lead_agency", "unknown agency 'XYZ'", "ไม่รู้จักหน่วยงาน"),
        ({"co_agencies": "RID;Ministry of Magic"}, "co_agencies", "unknown agency", "ไม่รู้จักหน่วยงาน"),
        ({"capital_thb": "-5"}, "capital_thb", "out of range", "อยู่นอกช่วง"),
        ({"running_thb_per_year": "-1"}, "running_thb_per_year", "out of range", "อยู่นอกช่วง"),
        ({"type": "magic"}, "type", "unknown action type", "ไม่รู้จักประเภทมาตรการ"),
        ({"funding": "lottery"}, "funding", "unknown funding source", "ไม่รู้จักแหล่งงบประมาณ"),
        ({"areas": "Atlantis"}, "areas", "unknown district of the province", "ไม่รู้จักอำเภอของจังหวัด"),
        ({"effectiveness": "9"}, "effectiveness", "out of range", "อยู่นอกช่วง"),
        ({"end_year": "2560"}, "end_year", "before the start year", "ปีสิ้นสุดอยู่ก่อนปีเริ่มต้น"),
        (
            {"mitigation_measure": "perpetual_motion"},
            "mitigation_measure",
            "unknown reduction measure",
            "ไม่รู้จักมาตรการลดก๊าซเรือนกระจก",
        ),
        (
            {"vulnerable_groups": "aliens"},
            "vulnerable_groups",
            "unknown vulnerable group",
            "ไม่รู้จักกลุ่มเปราะบาง",
        ),
    ],
)
def test_each_bad_cell_is_located(tmp_path, profile, values, column, english, thai):
    problems = problems_of(tmp_path, profile, action_line("OK1"), action_line("BAD", **values))
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.row, problem.column) == ("actions.csv", 3, column)
    assert english in problem.message_en
    assert thai in problem.message_th


def test_every_problem_at_once_across_files(tmp_path, profile):
    costs = tmp_path / "costs.csv"
    costs.write_text(
        "action,fiscal_year,capital_thb,running_thb,funding\nNOPE,2569,-3,0,\n", encoding="utf-8"
    )
    weights = write_weights(tmp_path / "w.csv", {"risk": 0, "cost": 0})
    problems = problems_of(
        tmp_path,
        profile,
        action_line("A1", hazards="volcano", capital_thb="-1"),
        action_line("A1", lead_agency="XYZ"),
        costs=costs,
        weights=weights,
    )
    found = {(p.file, p.row, p.column) for p in problems}
    assert ("w.csv", None, "weight") in found  # weights summing to zero
    assert ("actions.csv", 2, "hazards") in found
    assert ("actions.csv", 2, "capital_thb") in found
    assert ("actions.csv", 3, "code") in found  # duplicate code
    assert ("actions.csv", 3, "lead_agency") in found
    assert ("costs.csv", 2, "action") in found
    assert ("costs.csv", 2, "capital_thb") in found


def test_names_in_thai_or_english_are_accepted(tmp_path, profile):
    """Officers may write the Thai or English name instead of the id."""
    actions = write_actions(
        tmp_path / "a.csv",
        action_line(
            "N1",
            hazards="อุทกภัย;Drought",
            sectors="การจัดการน้ำ",
            lead_agency="กรมชลประทาน",
            areas="Mueang Chiang Mai;สันทราย",
        ),
    )
    row = build_plan(actions, profile).actions.iloc[0]
    assert row["hazards"] == ("flood", "drought")
    assert row["sectors"] == ("water",)
    assert row["lead_agency"] == "RID"
    assert len(row["areas"]) == 2 and all(a.startswith("TH50") for a in row["areas"])


def test_cli_refuses_and_writes_nothing(tmp_path, profile):
    actions = write_actions(tmp_path / "actions.csv", action_line("B1", hazards="volcano"))
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["adapt", "plan", str(actions), "--profile", str(profile), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "volcano" in result.output
    assert "ไม่มีการเขียนไฟล์ผลลัพธ์" in result.output and "no output was written" in result.output
    assert not out.exists()
    weights = write_weights(tmp_path / "zero.csv", {"risk": 0})
    good = write_actions(tmp_path / "good.csv", action_line("G1"))
    result = CliRunner().invoke(
        app,
        [
            "adapt",
            "prioritise",
            str(good),
            "--profile",
            str(profile),
            "--weights",
            str(weights),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 1
    assert "sum to zero" in result.output and "ผลรวมของน้ำหนักเป็นศูนย์" in result.output
    assert not out.exists()


def test_a_profile_that_is_not_one_is_refused(tmp_path):
    actions = write_actions(tmp_path / "a.csv", action_line("P1"))
    with pytest.raises(InputError) as error:
        build_plan(actions, tmp_path / "missing")
    assert "climateplan risk profile" in error.value.problems[0].message_en


def test_a_workbook_with_actions_costs_and_reasons_sheets(tmp_path, profile):
    """Officers keep the plan in Excel: sheets actions, costs, reasons of one workbook;
    problems name the sheet."""
    from openpyxl import Workbook

    from .conftest import HEADER

    book = Workbook()
    sheet = book.active
    sheet.title = "actions"
    sheet.append(HEADER.split(","))
    sheet.append(action_line("X1").split(","))
    sheet.append(action_line("X2", hazards="drought", lead_agency="Nobody").split(","))
    costs = book.create_sheet("costs")
    costs.append(["action", "fiscal_year", "capital_thb", "running_thb", "funding"])
    costs.append(["X1", 2569, 400000, 0, "provincial_budget"])
    costs.append(["X1", 2570, 600000, 0, "provincial_budget"])
    reasons = book.create_sheet("reasons")
    reasons.append(["hazard", "reason_en", "reason_th"])
    reasons.append(["storm", "In the national storm programme", "อยู่ในแผนงานระดับชาติ"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    with pytest.raises(InputError) as error:
        build_plan(path, profile)
    (problem,) = error.value.problems
    assert (problem.file, problem.sheet, problem.row, problem.column) == (
        "plan.xlsx",
        "actions",
        3,
        "lead_agency",
    )
    sheet.cell(row=3, column=HEADER.split(",").index("lead_agency") + 1, value="RID")
    book.save(path)
    plan = build_plan(path, profile)
    assert plan.inputs.costs.query("code == 'X1'")["capital_thb"].tolist() == [400000, 600000]
    assert plan.complete  # flood covered by X1, storm has its reason


def test_the_province_adds_its_own_agencies(tmp_path, profile):
    """An agency not in the shipped list (a municipality) is refused until the
    province lists it in its agencies file; a shipped code may not be redefined."""
    from climateplan.adaptation.plan import gcom_table

    lines = [action_line("L1", lead_agency="CM-MUNI", co_agencies="RID")]
    problems = problems_of(tmp_path, profile, *lines)
    assert [(p.row, p.column) for p in problems] == [(2, "lead_agency")]
    own = tmp_path / "agencies.csv"
    own.write_text(
        "code,en,th\nCM-MUNI,Chiang Mai City Municipality,เทศบาลนครเชียงใหม่\n", encoding="utf-8"
    )
    actions = write_actions(tmp_path / "actions.csv", *lines)
    plan = build_plan(actions, profile, agencies=own)
    assert gcom_table(plan).loc[0, "Implementing body"] == "Chiang Mai City Municipality"
    own.write_text("code,en,th\nRID,Someone else,ใครอื่น\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        build_plan(actions, profile, agencies=own)
    found = {(p.file, p.row, p.column) for p in error.value.problems}
    assert ("agencies.csv", 2, "code") in found


def test_a_library_option_for_hazards_the_province_does_not_have(tmp_path, profile):
    """Coastal setback zones answer coastal erosion and storms; this register has storms
    but no coastal hazard: the action keeps storm. Seagrass (coastal only) keeps
    nothing, and the message says why."""
    header = (
        "code,option,areas,capital_thb,start_year,end_year,feasibility_technical,"
        "feasibility_institutional,co_benefits_score"
    )
    path = tmp_path / "lib.csv"
    path.write_text(
        header + "\nK1,coastal_setback_zone,,1000,2569,2570,3,3,3\n"
        "K2,seagrass_conservation,,1000,2569,2570,3,3,3\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        build_plan(path, profile)
    (problem,) = error.value.problems
    assert (problem.row, problem.column) == (3, "hazards")
    assert "coastal" in problem.message_en and "ไม่อยู่ในทะเบียน" in problem.message_th
    path.write_text(header + "\nK1,coastal_setback_zone,,1000,2569,2570,3,3,3\n", encoding="utf-8")
    action = build_plan(path, profile).actions.iloc[0]
    assert action["hazards"] == ("storm",)
    assert action["name_en"] == "Coastal setback zones in town plans"
    assert action["lead_agency"] == "DPT" and action["lifetime_years"] == 10
