"""The plan's risk profile as the adaptation plan reads it.

An adaptation action answers risks of the register that ``climateplan risk profile``
wrote (``profile.json`` in the profile folder): one row per hazard with its likelihood
and consequence (1-5), matrix level, timeframe, NAP sectors and vulnerable groups, and,
where the risk engine's event sets were given, the expected annual impact per hazard.
The vocabulary (hazards, NAP sectors, vulnerable groups, matrix levels) comes from the
framework the profile was made with (the shipped one when its file is not at hand).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from climateplan.errors import InputError, Problem
from climateplan.reference.provinces import districts_geojson_path
from climateplan.risk.index.framework import Framework, load_framework

PROFILE_FILE = "profile.json"


@dataclass
class RiskContext:
    """The register, matrix and expected annual impact of one province's risk profile."""

    province: dict
    framework: Framework
    register: pd.DataFrame  # one row per applicable hazard
    matrix: pd.DataFrame  # the 25 cells
    eai: pd.DataFrame | None  # province x hazard x asset type (exposure units)
    not_applicable: list[dict]  # hazards that cannot occur in the province
    synthetic_inputs: bool
    source: str

    @property
    def code(self) -> str:
        return self.province["code"]

    def eai_by_hazard(self) -> pd.Series:
        if self.eai is None or self.eai.empty:
            return pd.Series(dtype=float)
        return self.eai.groupby("hazard")["eai"].sum()


def load_context(path: str | Path) -> RiskContext:
    """Read a profile folder (or its ``profile.json``); every problem raised at once."""
    path = Path(path)
    file = path / PROFILE_FILE if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            [
                Problem(
                    f"cannot read the risk profile ({exc}): give the folder written by "
                    "`climateplan risk profile` (it holds profile.json)",
                    f"อ่านโปรไฟล์ความเสี่ยงไม่ได้ ({exc}): ให้ระบุโฟลเดอร์ที่สร้างโดย "
                    "`climateplan risk profile` (มีไฟล์ profile.json)",
                    file=str(file),
                )
            ]
        ) from None
    missing = [k for k in ("province", "framework", "register", "risk_matrix") if k not in data]
    if missing:
        raise InputError(
            [
                Problem(
                    f"not a risk profile: {', '.join(missing)} missing",
                    f"ไม่ใช่โปรไฟล์ความเสี่ยง: ไม่มี {', '.join(missing)}",
                    file=str(file),
                )
            ]
        )
    framework_file = Path(data["framework"].get("file") or "")
    framework = load_framework(framework_file if framework_file.is_file() else None)
    eai = data.get("expected_annual_impact")
    return RiskContext(
        province=data["province"],
        framework=framework,
        register=pd.DataFrame(data["register"]),
        matrix=pd.DataFrame(data["risk_matrix"]),
        eai=pd.DataFrame(eai) if eai else None,
        not_applicable=list(data.get("hazards_not_applicable") or []),
        synthetic_inputs=bool(data.get("synthetic_inputs")),
        source=str(file),
    )


@lru_cache(maxsize=1)
def _districts() -> pd.DataFrame:
    data = json.loads(districts_geojson_path().read_text(encoding="utf-8"))
    rows = [f["properties"] for f in data["features"]]
    table = pd.DataFrame(rows)[["ADM2_PCODE", "ADM2_EN", "ADM2_TH", "ADM1_PCODE"]]
    return table.rename(
        columns={"ADM2_PCODE": "code", "ADM2_EN": "en", "ADM2_TH": "th", "ADM1_PCODE": "province"}
    )


def districts_of(province_code: str) -> pd.DataFrame:
    """The districts (amphoe) of a province (ISO code TH-90 -> boundary code TH90)."""
    table = _districts()
    mine = table[table["province"] == province_code.replace("-", "")]
    return mine.sort_values("code").reset_index(drop=True)
