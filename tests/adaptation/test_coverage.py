"""Coverage of the register and residual risk (docs/adaptation.md, "Coverage")."""

from __future__ import annotations

import pytest

from climateplan.adaptation import build_plan

from .conftest import action_line, write_actions


def test_every_high_and_very_high_risk_needs_an_action_or_a_reason(tmp_path, profile):
    """Priority levels: flood (16, high) and storm (20, very high). An action answers
    flood only: storm is not covered and the plan is incomplete; a reason for storm
    completes it. Drought (medium) and heat (low) need nothing."""
    actions = write_actions(tmp_path / "a.csv", action_line("C1", hazards="flood"))
    plan = build_plan(actions, profile)
    status = plan.coverage.set_index("hazard")["status"]
    assert status.to_dict() == {
        "flood": "covered",
        "drought": "not_required",
        "heat": "not_required",
        "storm": "not_covered",
    }
    assert not plan.complete
    # flood's NAP sectors in the framework: water, agriculture, public health, human
    # settlements; the action names water only
    left = plan.coverage.set_index("hazard").loc["flood", "sectors_without_action"]
    assert left == "agriculture;public_health;human_settlements"
    assert any("Storm" in note.message_en and "no action" in note.message_en for note in plan.notes)
    reasons = tmp_path / "reasons.csv"
    reasons.write_text(
        "hazard,reason_en,reason_th\nstorm,Covered by the national storm programme of DDPM,"
        "อยู่ในแผนงานระดับชาติของ ปภ.\n",
        encoding="utf-8",
    )
    plan = build_plan(actions, profile, reasons=reasons)
    assert plan.coverage.set_index("hazard").loc["storm", "status"] == "reason_given"
    assert plan.complete


def test_residual_risk_takes_the_largest_reduction_and_stays_at_least_one(tmp_path, profile):
    """Flood P4 x C4. Actions: R1 likelihood -1, consequence -2; R2 likelihood -2;
    R3 (completed, already in the current risk) likelihood -4 is not counted.
    Residual P = 4 - max(1, 2) = 2, C = 4 - 2 = 2, level 4 -> low (< 5).
    Heat P1 x C2 with likelihood -3 and consequence -3: stays at 1 x 1 = 1.
    Flood EAI 40 x 1,000,000 THB; R1 25 %, R2 50 %: residual 40e6 x 0.75 x 0.5 = 15e6."""
    actions = write_actions(
        tmp_path / "a.csv",
        action_line("R1", likelihood_reduction=1, consequence_reduction=2, eai_reduction_pct=25),
        action_line("R2", likelihood_reduction=2, eai_reduction_pct=50),
        action_line("R3", likelihood_reduction=4, status="completed"),
        action_line(
            "R4",
            hazards="heat",
            sectors="public_health",
            likelihood_reduction=3,
            consequence_reduction=3,
        ),
    )
    from climateplan.adaptation import Settings

    plan = build_plan(actions, profile, settings=Settings(eai_thb_per_unit=1_000_000))
    r = plan.residual.set_index("hazard")
    assert (r.loc["flood", "residual_probability"], r.loc["flood", "residual_consequence"]) == (
        2,
        2,
    )
    assert r.loc["flood", "residual_risk_level"] == 4
    assert r.loc["flood", "residual_matrix_level"] == "low"
    assert (r.loc["heat", "residual_probability"], r.loc["heat", "residual_consequence"]) == (1, 1)
    assert r.loc["flood", "eai_thb_per_year"] == pytest.approx(40e6)
    assert r.loc["flood", "residual_eai_thb_per_year"] == pytest.approx(15e6)
    # storm has no action: unchanged
    assert (r.loc["storm", "residual_probability"], r.loc["storm", "residual_consequence"]) == (
        5,
        4,
    )
    cell = plan.residual_matrix.set_index(["probability", "consequence"])
    assert "flood" in cell.loc[(2, 2), "hazards"]
    assert cell.loc[(4, 4), "hazards"] == ""


def test_a_register_risk_without_levels_is_not_fatal(tmp_path, profile):
    """A register row whose likelihood is "do not know" (missing data): the plan is
    still made; the risk criterion of an action answering only that hazard counts as
    the bottom of its scale and a note says so; the residual stays unknown."""
    import json

    path = profile / "profile.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    flood = data["register"][0]
    flood.update(probability=None, risk_level=None, matrix_level="", matrix_level_en="Do not know")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    actions = write_actions(tmp_path / "a.csv", action_line("M1", hazards="flood"))
    plan = build_plan(actions, profile)
    assert plan.criteria_normalised.loc["M1", "risk"] == 0
    assert any("no value for criterion 'risk'" in n.message_en for n in plan.notes)
    residual = plan.residual.set_index("hazard")
    assert residual.loc["flood", "residual_matrix_level"] == ""
