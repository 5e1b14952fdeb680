"""The stored form of a plan's adaptation section (:class:`AdaptationInputs`) and its
translation to the engine's weights and settings.

The actions themselves are the plan's action rows (their engine fields in
``Action.data``); what is stored here is everything else the section needs: the
weights (a preset, or the province's own weights and criteria), the settings of the
economic view and of the sensitivity analysis, the THB value of one exposure unit of
the risk profile, and the reasons why a high or very-high risk has no action.
Problems are located in the sheets of the section's form: ``weights``, ``settings``,
``reasons`` (row 2 = the first row, as in a spreadsheet).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

import numpy as np

from climateplan.adaptation import reference
from climateplan.adaptation.mca import (
    DIRECTIONS,
    TRANSFORMS,
    Criterion,
    Weights,
    builtin_criteria,
    preset_weights,
)
from climateplan.adaptation.plan import Settings
from climateplan.errors import InputError, Problem, ProblemCollector

SCHEMA = "climateplan.plan.adaptation.inputs/1"
CUSTOM = "custom"
FIRST_ROW = 2  # the header is row 1, as a spreadsheet shows it
SETTING_FIELDS = ("discount_rate_pct", "spread_pct", "samples", "top", "seed")
SETTING_LABELS = {
    "discount_rate_pct": ("discount rate (% a year)", "อัตราคิดลด (ร้อยละต่อปี)"),
    "spread_pct": ("weight spread (± %)", "ช่วงการแปรผันของน้ำหนัก (± %)"),
    "samples": ("samples", "จำนวนตัวอย่าง"),
    "top": ("top N", "จำนวนอันดับแรก (N)"),
    "seed": ("seed", "ค่าเริ่มต้นตัวสุ่ม"),
    "eai_thb_per_unit": ("THB per exposure unit", "บาทต่อหน่วยมูลค่าทรัพย์สิน"),
}


def presets() -> dict[str, dict]:
    """The weight presets: id -> {en, th, weights {criterion: weight}, source}."""
    table = reference.presets()
    out = {}
    for name, rows in table.groupby("preset", sort=False):
        first = rows.iloc[0]
        out[name] = {
            "en": first["en"],
            "th": first["th"],
            "source": first["source"],
            "weights": dict(zip(rows["criterion"], rows["weight"].astype(float), strict=True)),
        }
    return out


@dataclass
class AdaptationInputs:
    """What an officer sets for the adaptation section (stored as JSON)."""

    weights_preset: str = "balanced"  # a preset id, or "custom"
    weights: dict[str, float] = field(default_factory=dict)  # custom: criterion -> weight
    # the province's own criteria: {id, en, th, min, max, transform, direction, weight};
    # each action scores them in data["criteria"][id]
    province_criteria: list[dict] = field(default_factory=list)
    discount_rate_pct: float | None = None  # None: the default of settings.csv
    spread_pct: float | None = None
    samples: int | None = None
    top: int | None = None
    seed: int | None = None
    eai_thb_per_unit: float = 1.0  # THB per unit of the risk profile's exposure values
    reasons: list[dict] = field(default_factory=list)  # {hazard, reason_en, reason_th}

    # ------------------------------------------------------------------ storage

    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "weights_preset": self.weights_preset,
            "weights": {k: float(v) for k, v in self.weights.items()},
            "province_criteria": [dict(c) for c in self.province_criteria],
            "discount_rate_pct": self.discount_rate_pct,
            "spread_pct": self.spread_pct,
            "samples": self.samples,
            "top": self.top,
            "seed": self.seed,
            "eai_thb_per_unit": self.eai_thb_per_unit,
            "reasons": [dict(r) for r in self.reasons],
        }

    @classmethod
    def from_json(cls, data: dict | str | bytes | None) -> AdaptationInputs:
        if not data:
            return cls()
        if isinstance(data, (str, bytes)):
            data = json.loads(data)
        known = cls().to_json()
        return cls(
            weights_preset=str(data.get("weights_preset") or "balanced"),
            weights=dict(data.get("weights") or {}),
            province_criteria=[dict(c) for c in data.get("province_criteria") or []],
            **{k: data.get(k, known[k]) for k in SETTING_FIELDS},
            eai_thb_per_unit=data.get("eai_thb_per_unit") or 1.0,
            reasons=[dict(r) for r in data.get("reasons") or []],
        )

    def digest(self) -> str:
        text = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    # ------------------------------------------------------------------ engine

    def settings(self) -> Settings:
        """The engine's settings (defaults of settings.csv where not set); raises
        InputError with every problem, located in the ``settings`` sheet."""
        s = Settings(eai_thb_per_unit=_number(self.eai_thb_per_unit))
        problems: list[Problem] = []
        for name in SETTING_FIELDS:
            value = getattr(self, name)
            if value is None or value == "":
                continue
            number = _number(value)
            if name in ("samples", "top", "seed"):
                if not math.isfinite(number) or number != int(number):
                    en, th = SETTING_LABELS[name]
                    problems.append(
                        Problem(
                            f"the {en} must be a whole number, found {value!r}",
                            f"{th} ต้องเป็นจำนวนเต็ม แต่พบ {value!r}",
                            sheet="settings",
                            column=name,
                            value=str(value),
                        )
                    )
                    continue
                number = int(number)
            setattr(s, name, number)
        try:
            s.check()
        except InputError as error:
            for p in error.problems:  # the engine names its command-line options
                column = _setting_of(p.message_en)
                problems.append(
                    Problem(
                        p.message_en.split(": ", 1)[-1],
                        p.message_th.split(": ", 1)[-1],
                        sheet="settings",
                        column=column,
                        value=str(getattr(s, column, "")) if column else None,
                    )
                )
        if problems:
            raise InputError(problems)
        return s

    def weights_of(self) -> Weights:
        """The engine's weights: the preset, or the custom weights with the province's
        own criteria. Raises InputError (located in the ``weights`` sheet) for an
        unknown preset or criterion, a negative weight, all weights zero, or a
        province criterion without its scale."""
        if self.weights_preset != CUSTOM:
            if self.weights_preset not in presets():
                raise InputError(
                    [
                        Problem(
                            f"unknown weight preset {self.weights_preset!r}: expected one of "
                            f"{', '.join(presets())} or {CUSTOM}",
                            f"ไม่รู้จักชุดน้ำหนัก {self.weights_preset!r}: ต้องเป็นหนึ่งใน "
                            f"{', '.join(presets())} หรือ {CUSTOM}",
                            sheet="weights",
                            column="preset",
                            value=self.weights_preset,
                        )
                    ]
                )
            return preset_weights(self.weights_preset)
        collector = ProblemCollector(sheet="weights")
        known = builtin_criteria()
        criteria: list[Criterion] = []
        weights: list[float] = []
        row = FIRST_ROW
        for cid, value in self.weights.items():
            if cid not in known:
                collector.add(
                    f"unknown criterion {cid!r}: expected one of {', '.join(known)}",
                    f"ไม่รู้จักเกณฑ์ {cid!r}: ต้องเป็นหนึ่งใน {', '.join(known)}",
                    row=row,
                    column="criterion",
                    value=str(cid),
                )
            else:
                w = _weight(value, collector, row)
                if w is not None:
                    criteria.append(known[cid])
                    weights.append(w)
            row += 1
        seen = set(known)
        for c in self.province_criteria:
            criterion = _own_criterion(c, collector, row, seen)
            w = _weight(c.get("weight"), collector, row)
            if criterion is not None and w is not None:
                criteria.append(criterion)
                weights.append(w)
            row += 1
        if not collector and (not weights or sum(weights) <= 0):
            collector.add(
                "the weights sum to zero: give at least one criterion a weight above 0",
                "ผลรวมของน้ำหนักเป็นศูนย์: ต้องให้น้ำหนักมากกว่า 0 แก่อย่างน้อยหนึ่งเกณฑ์",
                column="weight",
            )
        collector.raise_if_any()
        return Weights(criteria, np.array(weights, dtype=float), CUSTOM)

    def check(self) -> list[Problem]:
        """Every problem of the stored settings and weights (reasons are checked
        against the register when computing)."""
        problems: list[Problem] = []
        for build in (self.settings, self.weights_of):
            try:
                build()
            except InputError as error:
                problems += error.problems
        return problems


def _number(value) -> float:
    try:
        return float(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return math.nan


def _setting_of(message: str) -> str | None:
    option = message.split(":", 1)[0].strip().lstrip("-").replace("-", "_")
    return {
        "discount_rate": "discount_rate_pct",
        "spread": "spread_pct",
        "samples": "samples",
        "top": "top",
        "eai_thb_per_unit": "eai_thb_per_unit",
    }.get(option)


def _weight(value, collector: ProblemCollector, row: int) -> float | None:
    w = _number(value)
    if not math.isfinite(w) or w < 0:
        collector.add(
            f"expected a weight of 0 or more, found {value!r}",
            f"น้ำหนักต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป แต่พบ {value!r}",
            row=row,
            column="weight",
            value=str(value),
        )
        return None
    return w


def _own_criterion(
    c: dict, collector: ProblemCollector, row: int, seen: set[str]
) -> Criterion | None:
    cid = str(c.get("id") or "").strip()
    ok = True
    if not cid or not cid.replace("_", "").isalnum() or cid in seen:
        collector.add(
            f"a province's criterion needs its own id (letters, digits, _), found {cid!r}",
            f"เกณฑ์ของจังหวัดต้องมีรหัสของตนเอง (ตัวอักษร ตัวเลข _) แต่พบ {cid!r}",
            row=row,
            column="id",
            value=cid,
        )
        ok = False
    seen.add(cid)
    for key in ("en", "th"):
        if not str(c.get(key) or "").strip():
            collector.add(
                "a province's criterion needs its name in Thai and English",
                "เกณฑ์ของจังหวัดต้องมีชื่อทั้งภาษาไทยและภาษาอังกฤษ",
                row=row,
                column=key,
            )
            ok = False
    low, high = _number(c.get("min")), _number(c.get("max"))
    if not (math.isfinite(low) and math.isfinite(high) and high > low):
        collector.add(
            "min and max of the scale must be numbers with max above min",
            "ค่าต่ำสุดและสูงสุดของสเกลต้องเป็นตัวเลข และค่าสูงสุดต้องมากกว่าค่าต่ำสุด",
            row=row,
            column="min",
        )
        ok = False
    transform = c.get("transform") or "linear"
    direction = c.get("direction") or "higher_better"
    if transform not in TRANSFORMS or (transform == "log" and not low > 0):
        collector.add(
            f"transform must be one of {', '.join(TRANSFORMS)} (log needs min above 0)",
            f"การแปลงค่าต้องเป็นหนึ่งใน {', '.join(TRANSFORMS)} (log ต้องมีค่าต่ำสุดมากกว่า 0)",
            row=row,
            column="transform",
            value=str(transform),
        )
        ok = False
    if direction not in DIRECTIONS:
        collector.add(
            f"direction must be one of {', '.join(DIRECTIONS)}",
            f"ทิศทางต้องเป็นหนึ่งใน {', '.join(DIRECTIONS)}",
            row=row,
            column="direction",
            value=str(direction),
        )
        ok = False
    if not ok:
        return None
    return Criterion(
        cid, str(c["en"]).strip(), str(c["th"]).strip(), low, high, transform, direction, cid
    )
