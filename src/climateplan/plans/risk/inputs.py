"""The risk section's stored inputs: what the web layer keeps, as JSON.

Everything the risk engine needs to rebuild the profile lives here as plain rows in
the engine's own table formats, so that :func:`climateplan.plans.risk.compute` needs
no file: the framework (the shipped one, or the YAML text a province uploaded), the
scenario and period of projected indicators, the indicator table rows, the gridded
index table rows (province rows and, where computed, district rows), optional event
set, exposure and impact function rows for the expected annual impact, and whether
each input is synthetic (example or generated data).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from climateplan.errors import InputError, Problem
from climateplan.risk.contract import INDEX_TABLE_COLUMNS
from climateplan.risk.index.framework import Framework, load_framework, parse_framework

SCHEMA_INPUTS = "climateplan.plan.risk.inputs/1"
INDICATOR_FIELDS = ("province", "indicator", "value", "year", "source", "synthetic")
GRIDDED_FIELDS = ("province", "district", *INDEX_TABLE_COLUMNS[1:])
# The inputs whose synthetic flag is kept (the engine marks a profile synthetic when
# any value behind it is).
INPUT_KINDS = ("indicators", "gridded", "events")


@dataclass
class RiskInputs:
    """The risk section's inputs as stored (see the module doc)."""

    framework_yaml: str | None = None  # None: the shipped default framework
    framework_name: str = ""  # the uploaded file's name, for messages
    scenario: str | None = None  # None: the framework's (ssp245 by default)
    period: str | None = None  # None: the framework's (2021-2050 by default)
    indicators: list[dict] = field(default_factory=list)  # INDICATOR_FIELDS
    gridded: list[dict] = field(default_factory=list)  # GRIDDED_FIELDS
    events: list[dict] | None = None  # the engine's event-set table rows
    exposure: list[dict] | None = None
    impact_functions: list[dict] | None = None
    synthetic: dict[str, bool] = field(default_factory=dict)  # INPUT_KINDS -> flag

    # ------------------------------------------------------------------ storage

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_INPUTS,
            "framework_yaml": self.framework_yaml,
            "framework_name": self.framework_name,
            "scenario": self.scenario,
            "period": self.period,
            "indicators": [_plain_row(r) for r in self.indicators],
            "gridded": [_plain_row(r) for r in self.gridded],
            "events": None if self.events is None else [_plain_row(r) for r in self.events],
            "exposure": None if self.exposure is None else [_plain_row(r) for r in self.exposure],
            "impact_functions": None
            if self.impact_functions is None
            else [_plain_row(r) for r in self.impact_functions],
            "synthetic": {k: bool(v) for k, v in sorted(self.synthetic.items())},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, allow_nan=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RiskInputs:
        schema = data.get("schema", SCHEMA_INPUTS)
        if schema != SCHEMA_INPUTS:
            raise InputError(
                [
                    Problem(
                        f"stored risk inputs have schema {schema!r}; this version reads "
                        f"{SCHEMA_INPUTS!r}",
                        f"ข้อมูลนำเข้าความเสี่ยงที่บันทึกไว้ใช้รูปแบบ {schema!r} แต่รุ่นนี้อ่าน {SCHEMA_INPUTS!r}",
                    )
                ]
            )
        return cls(
            framework_yaml=data.get("framework_yaml"),
            framework_name=data.get("framework_name") or "",
            scenario=data.get("scenario"),
            period=data.get("period"),
            indicators=list(data.get("indicators") or []),
            gridded=list(data.get("gridded") or []),
            events=data.get("events"),
            exposure=data.get("exposure"),
            impact_functions=data.get("impact_functions"),
            synthetic={k: bool(v) for k, v in (data.get("synthetic") or {}).items()},
        )

    @classmethod
    def from_json(cls, text: str | bytes | None) -> RiskInputs:
        if not text:
            return cls()
        return cls.from_dict(json.loads(text))

    def digest(self) -> str:
        """A fingerprint of everything the result depends on: a stored result whose
        ``inputs_digest`` differs is out of date."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------ reading

    def framework(self) -> Framework:
        """The chosen framework, validated by the engine (InputError when it is not)."""
        if self.framework_yaml:
            return parse_framework(self.framework_yaml, self.framework_name or "framework.yaml")
        return load_framework()

    def indicator_frame(self) -> pd.DataFrame | None:
        if not self.indicators:
            return None
        frame = pd.DataFrame(self.indicators)
        return frame[[c for c in INDICATOR_FIELDS if c in frame.columns]]

    def gridded_frame(self, level: str = "province") -> pd.DataFrame | None:
        """Gridded index rows of the province (``level="province"``, the engine's input)
        or of its districts (``"district"``)."""
        if not self.gridded:
            return None
        frame = pd.DataFrame(self.gridded)
        if "district" not in frame.columns:
            frame["district"] = ""
        district = frame["district"].fillna("").astype(str).str.strip()
        frame = frame[district.eq("")] if level == "province" else frame[district.ne("")]
        if frame.empty:
            return None
        if level == "province":
            frame = frame.drop(columns="district")
        return frame.reset_index(drop=True)

    def has_gridded(self) -> bool:
        return self.gridded_frame("province") is not None

    def has_districts(self) -> bool:
        return self.gridded_frame("district") is not None

    def has_eai(self) -> bool:
        return bool(self.events) and bool(self.exposure) and bool(self.impact_functions)

    def is_synthetic(self) -> bool:
        return any(self.synthetic.values())


def _plain_row(row: dict) -> dict:
    """A row with JSON-safe cells (NaN -> None, numpy scalars -> Python)."""
    out = {}
    for key, value in row.items():
        if hasattr(value, "item") and not isinstance(value, (str, bytes)):
            value = value.item()
        if isinstance(value, float) and value != value:  # NaN
            value = None
        out[str(key)] = value
    return out


def frame_rows(frame: pd.DataFrame) -> list[dict]:
    """DataFrame -> stored rows (JSON-safe)."""
    return [_plain_row(r) for r in frame.to_dict("records")]
