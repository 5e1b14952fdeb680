"""Test data of the adaptation section: a plan's risk document computed from the
shipped SYNTHETIC example inputs (examples/risk, marked synthetic), and the Songkhla
example actions (examples/adaptation) as the plan's actions."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import pandas as pd

from climateplan.adaptation.context import districts_of
from climateplan.plans.adaptation import action_from_option
from climateplan.plans.adaptation.rows import FUNDING_TO_SOURCE
from climateplan.plans.risk import RiskInputs
from climateplan.plans.risk import compute as compute_risk

ROOT = Path(__file__).resolve().parents[3]
RISK = ROOT / "examples" / "risk"
ADAPT = ROOT / "examples" / "adaptation"
BE = 543


def _rows(path: Path, province: str | None = None) -> list[dict]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if province is not None and "province" in frame.columns:
        frame = frame[frame["province"] == province]
    return frame.to_dict("records")


def risk_inputs(province: str) -> RiskInputs:
    gridded = _rows(RISK / "gridded_indices_example.csv", province)
    for row in gridded:
        row.setdefault("district", "")
    events = _rows(RISK / "flood_events_example.csv", province)
    eai = {}
    if events:
        eai = {
            "events": events,
            "exposure": _rows(RISK / "exposure_example.csv", province),
            "impact_functions": _rows(RISK / "impact_functions.csv"),
        }
    return RiskInputs(
        indicators=_rows(RISK / "indicators_example.csv", province),
        gridded=gridded,
        synthetic={"indicators": True, "gridded": True, "events": bool(events)},
        **eai,
    )


@lru_cache(maxsize=4)
def _risk_document(province: str) -> dict:
    return compute_risk(risk_inputs(province), province)


def risk_document(province: str = "TH-90") -> dict:
    """The risk section's result document of the province (synthetic example inputs)."""
    return copy.deepcopy(_risk_document(province))


def _list(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def songkhla_actions() -> list[dict]:
    """The ten example actions of examples/adaptation as the plan's actions: the
    library option's values first, the example's own cells over them, the cost table
    as budget lines (fiscal years converted from BE) and the indicators."""
    register = [r["hazard"] for r in _risk_document("TH-90")["register"]]
    costs = _rows(ADAPT / "costs.csv")
    indicators = _rows(ADAPT / "indicators.csv")
    out = []
    for row in _rows(ADAPT / "actions.csv"):
        action = action_from_option(
            row["option"],
            code=row["code"],
            register_hazards=register,
            start_year=int(row["start_year"]) - BE,
            end_year=int(row["end_year"]) - BE,
        )
        data = action["data"]
        action["name_en"], action["name_th"] = row["name_en"], row["name_th"]
        for key in ("hazards", "sectors", "vulnerable_groups"):
            if row[key]:
                data[key] = _list(row[key])
        if row["areas"]:  # district names -> codes, as the action form stores them
            names = districts_of("TH-90")
            by_name = dict(zip(names["en"], names["code"], strict=True))
            data["areas"] = [by_name.get(n, n) for n in _list(row["areas"])]
        for key in (
            "type",
            "status",
            "running_thb_per_year",
            "lifetime_years",
            "effectiveness",
            "feasibility_technical",
            "feasibility_institutional",
            "co_benefits_score",
            "likelihood_reduction",
            "consequence_reduction",
            "eai_reduction_pct",
            "avoided_eai_thb_per_year",
            "co_benefits",
        ):
            if row[key]:
                data[key] = row[key]
        if row["lead_agency"]:
            action["owner_agency"] = row["lead_agency"]
        if row["co_agencies"]:
            action["co_agencies"] = _list(row["co_agencies"])
        sources = [FUNDING_TO_SOURCE[f] for f in _list(row["funding"])] or ["provincial"]
        mine = [c for c in costs if c["action"] == row["code"]]
        budget = []
        for c in mine:
            source = FUNDING_TO_SOURCE[c["funding"]]
            year = int(c["fiscal_year"]) - BE
            if float(c["capital_thb"]):
                budget.append(
                    {
                        "fiscal_year": year,
                        "amount": float(c["capital_thb"]),
                        "kind": "capital",
                        "source": source,
                        "note": "",
                    }
                )
            if float(c["running_thb"]):
                budget.append(
                    {
                        "fiscal_year": year,
                        "amount": float(c["running_thb"]),
                        "kind": "operating",
                        "source": source,
                        "note": "",
                    }
                )
        if not mine:  # capital in the start year, running cost every year (the CLI's default)
            start, end = action["start_year"], action["end_year"]
            budget.append(
                {
                    "fiscal_year": start,
                    "amount": float(row["capital_thb"]),
                    "kind": "capital",
                    "source": sources[0],
                    "note": "",
                }
            )
            running = float(row["running_thb_per_year"] or 0)
            if running:
                for year in range(start, end + 1):
                    budget.append(
                        {
                            "fiscal_year": year,
                            "amount": running,
                            "kind": "operating",
                            "source": sources[0],
                            "note": "",
                        }
                    )
        action["budget"] = budget
        data["indicators"] = [
            {k: i[k] for k in ("kind", "name_en", "name_th", "unit", "baseline", "target")}
            | {"year": int(i["year"]) - BE}
            for i in indicators
            if i["action"] == row["code"]
        ]
        out.append(action)
    return out
