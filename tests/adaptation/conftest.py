"""A small hand-made risk profile (register of four hazards) for the adaptation tests.

Register (likelihood x consequence on the framework's 5 x 5 banding: < 5 low, 5-9
medium, 10-16 high, >= 17 very high, docs/risk/index.md):

    flood    P4 x C4 = 16  high       timeframe short
    drought  P2 x C3 =  6  medium     timeframe medium
    heat     P1 x C2 =  2  low        timeframe long
    storm    P5 x C4 = 20  very high  timeframe not known

Coastal and landslide are not in this register (an inland province without them).
Expected annual impact: flood 40 (exposure units) a year, the hand example of
docs/risk/index.md (0.1 x 0.35 x 1000 + 0.01 x 0.5 x 1000).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from climateplan.risk.index.framework import load_framework
from climateplan.risk.index.register import risk_matrix

REGISTER = [
    ("flood", 4, 4, "high", "short"),
    ("drought", 2, 3, "medium", "medium"),
    ("heat", 1, 2, "low", "long"),
    ("storm", 5, 4, "very_high", ""),
]
LABELS = {
    "low": ("Low", "ต่ำ"),
    "medium": ("Medium", "ปานกลาง"),
    "high": ("High", "สูง"),
    "very_high": ("Very high", "สูงมาก"),
}


def register_rows() -> list[dict]:
    fw = load_framework()
    rows = []
    for hazard, p, c, level, timeframe in REGISTER:
        h = fw.hazards[hazard]
        rows.append(
            {
                "province": "TH-50",
                "hazard": hazard,
                "hazard_en": h.name.en,
                "hazard_th": h.name.th,
                "hazard_short_en": h.short.en,
                "hazard_short_th": h.short.th,
                "gcom_hazard_en": h.gcom.en,
                "gcom_hazard_th": h.gcom.th,
                "probability": p,
                "consequence": c,
                "risk_level": p * c,
                "matrix_level": level,
                "matrix_level_en": LABELS[level][0],
                "matrix_level_th": LABELS[level][1],
                "timeframe": timeframe,
                "nap_sectors": ",".join(h.nap_sectors),
                "vulnerable_groups": ",".join(h.vulnerable_groups),
            }
        )
    return rows


def write_profile(folder: Path, *, eai: bool = True) -> Path:
    fw = load_framework()
    rows = register_rows()
    matrix = risk_matrix(pd.DataFrame(rows), fw)
    data = {
        "province": {"code": "TH-50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"},
        "framework": {"id": fw.id, "file": ""},
        "synthetic_inputs": False,
        "hazards_not_applicable": [],
        "register": rows,
        "risk_matrix": json.loads(matrix.to_json(orient="records", force_ascii=False)),
        "expected_annual_impact": (
            [
                {
                    "province": "TH-50",
                    "hazard": "flood",
                    "asset_type": "residential",
                    "exposure_value": 1000.0,
                    "eai": 40.0,
                }
            ]
            if eai
            else None
        ),
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def profile(tmp_path) -> Path:
    return write_profile(tmp_path / "profile")


HEADER = (
    "code,name_en,name_th,hazards,sectors,type,areas,vulnerable_groups,lead_agency,"
    "co_agencies,funding,status,capital_thb,running_thb_per_year,start_year,end_year,"
    "lifetime_years,effectiveness,feasibility_technical,feasibility_institutional,"
    "co_benefits_score,likelihood_reduction,consequence_reduction,eai_reduction_pct,"
    "avoided_eai_thb_per_year,mitigation_measure"
)


def action_line(code: str, **values) -> str:
    row = {
        "code": code,
        "name_en": f"Action {code}",
        "name_th": f"มาตรการ {code}",
        "hazards": "flood",
        "sectors": "water",
        "type": "structural",
        "areas": "province",
        "vulnerable_groups": "",
        "lead_agency": "RID",
        "co_agencies": "",
        "funding": "provincial_budget",
        "status": "planned",
        "capital_thb": "1000000",
        "running_thb_per_year": "0",
        "start_year": "2569",
        "end_year": "2570",
        "lifetime_years": "10",
        "effectiveness": "3",
        "feasibility_technical": "3",
        "feasibility_institutional": "3",
        "co_benefits_score": "3",
        "likelihood_reduction": "0",
        "consequence_reduction": "0",
        "eai_reduction_pct": "",
        "avoided_eai_thb_per_year": "",
        "mitigation_measure": "",
    }
    row.update({k: str(v) for k, v in values.items()})
    return ",".join(row[c] for c in HEADER.split(","))


def write_actions(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_weights(path: Path, weights: dict[str, float]) -> Path:
    body = "\n".join(f"{k},{v}" for k, v in weights.items())
    path.write_text("criterion,weight\n" + body + "\n", encoding="utf-8")
    return path
