"""The risk section's result document (schema ``climateplan.plan.risk/1``), computed
from the stored inputs by the risk engine, and what other sections read from it.

:func:`compute` runs the engine (:func:`climateplan.risk.profile.build_profile`: the
INFORM-style index, per hazard and NAP sector, hazard x sector, drivers, the GCoM-shaped
register and the 5 x 5 matrix, docs/risk/index.md) on the stored rows and keeps its
``profile.json`` content, adding what a plan page needs: the inputs' fingerprint (to
tell when the result is out of date), district values of the gridded indicators, a
small summary and the synthetic notice. Nothing is recalculated afterwards: files and
charts are rebuilt from this document.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from climateplan.errors import InputError, Problem
from climateplan.plans.risk.geo import district_names, province_code
from climateplan.plans.risk.inputs import RiskInputs
from climateplan.risk.index.framework import Framework, load_framework, parse_framework
from climateplan.risk.index.scoring import classify, normalise
from climateplan.risk.index.values import normalise_period, normalise_scenario
from climateplan.risk.profile import (
    SYNTHETIC_NOTICE,
    SYNTHETIC_TITLE,
    build_profile,
    no_data_notes,
)

SCHEMA = "climateplan.plan.risk/1"
TOP_HAZARDS = 3  # hazards named in the summary
# Below this many provinces a rank or a national distribution says little; the
# comparison says so beside its figures (a product choice, not a published rule).
MIN_PROVINCES_FOR_COMPARISON = 10
NO_VALUE_MARK = "have no value in any input"  # the engine's note on absent provinces


def compute(inputs: RiskInputs, province: str) -> dict[str, Any]:
    """The result document of the province's risk section. Raises InputError (every
    problem, bilingual, located) when the inputs cannot give a profile."""
    code = province_code(province)
    framework = inputs.framework()
    indicators = inputs.indicator_frame()
    gridded = inputs.gridded_frame("province")
    eai = {}
    if inputs.has_eai():
        eai = {
            "events": pd.DataFrame(inputs.events),
            "exposure": pd.DataFrame(inputs.exposure),
            "impact_functions": pd.DataFrame(inputs.impact_functions),
        }
    profile = build_profile(
        code,
        framework=framework,
        indicators=indicators,
        gridded=gridded,
        scenario=inputs.scenario,
        period=inputs.period,
        synthetic_inputs=inputs.is_synthetic(),
        **eai,
    )
    # The engine's run-wide note on the other provinces (absent from this section's
    # inputs by design) says nothing about this profile.
    absent = [n for n in no_data_notes(profile.run.result) if NO_VALUE_MARK in n.message_en]
    profile.notes = [n for n in profile.notes if n not in absent]
    document = profile.to_dict()
    fw = profile.run.framework
    document["schema"] = SCHEMA
    document["inputs_digest"] = inputs.digest()
    document["scenario"] = fw.settings.register.scenario
    document["period"] = inputs.period or _projection_period(fw)
    document["framework"]["custom"] = bool(inputs.framework_yaml)
    if not inputs.framework_yaml:  # the shipped file, named without the server's path
        document["framework"]["file"] = Path(document["framework"]["file"]).name
    else:
        # the adaptation section rebuilds the framework from the document, without files
        document["framework"]["yaml"] = inputs.framework_yaml
        document["framework"]["file"] = inputs.framework_name or "framework.yaml"
    document["matrix_levels"] = [
        {"id": b.id, "en": b.label.en, "th": b.label.th, "below": b.below}
        for b in fw.settings.register.matrix_levels
    ]
    document["synthetic"] = bool(document["synthetic_inputs"])
    document["synthetic_notice"] = SYNTHETIC_NOTICE if document["synthetic"] else None
    document["synthetic_title"] = (
        {"th": SYNTHETIC_TITLE[0], "en": SYNTHETIC_TITLE[1]} if document["synthetic"] else None
    )
    document["districts"] = district_values(inputs, fw, code)
    document["summary"] = summary(document)
    return document


def _projection_period(fw: Framework) -> str | None:
    periods = [
        ind.gridded.period
        for ind in fw.indicators.values()
        if ind.gridded is not None and ind.gridded.scenario != "historical"
    ]
    return periods[0] if periods else None


def district_values(inputs: RiskInputs, fw: Framework, code: str) -> dict[str, Any] | None:
    """Per district, the value and 0-10 score of each gridded indicator the district
    rows give (the engine's normalisation with the framework's bounds, docs/risk/index.md
    section 1); None when the inputs have no district rows. The scenario and period
    options move projected indicators as they do for the province."""
    frame = inputs.gridded_frame("district")
    if frame is None:
        return None
    fw = fw.with_projection(inputs.scenario, inputs.period)
    frame = frame.assign(
        index=frame["index"].astype(str).str.lower(),
        period=frame["period"].map(normalise_period),
        scenario=frame["scenario"].map(normalise_scenario),
    )
    names = district_names(code)
    indicators = []
    for ind_id in fw.used_indicators():
        ind = fw.indicators[ind_id]
        g = ind.gridded
        if g is None:
            continue
        rows = frame[
            (frame["index"] == g.index.lower())
            & (frame["period"] == normalise_period(g.period))
            & (frame["scenario"] == normalise_scenario(g.scenario))
        ]
        if rows.empty:
            continue
        values = pd.to_numeric(rows[g.statistic], errors="coerce").to_numpy(dtype=float)
        scores, _ = normalise(
            values[:, None],
            ind.min,
            ind.max,
            ind.direction == "higher_is_better",
            ind.transform == "log",
        )
        indicators.append(
            {
                "indicator": ind_id,
                "name_th": ind.name.th,
                "name_en": ind.name.en,
                "unit": ind.unit,
                "hazards": list(ind.hazards),
                "rows": [
                    {
                        "district": d,
                        "name_th": names.get(d, (d, d))[0],
                        "name_en": names.get(d, (d, d))[1],
                        "value": _num(v),
                        "score": _num(s),
                    }
                    for d, v, s in zip(rows["district"], values, scores[:, 0], strict=True)
                ],
            }
        )
    if not indicators:
        return None
    return {
        "note": {
            "en": "District values of the gridded climate indicators with their 0-10 score "
            "on the framework's bounds; the province's risk scores use the province values.",
            "th": "ค่ารายอำเภอของตัวชี้วัดภูมิอากาศแบบกริด พร้อมคะแนน 0-10 ตามขอบเขตของกรอบดัชนี "
            "คะแนนความเสี่ยงของจังหวัดใช้ค่าระดับจังหวัด",
        },
        "indicators": indicators,
    }


def _num(value: Any) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def summary(document: dict[str, Any]) -> dict[str, Any]:
    """The few figures shown in lists and the national comparison."""
    overall = document.get("overall") or {}
    hazards = [h for h in document.get("hazards") or [] if h.get("risk") is not None]
    hazards.sort(key=lambda h: -h["risk"])
    levels = [lv["id"] for lv in document.get("matrix_levels") or []]
    top_levels = set(levels[-2:])  # the two highest matrix levels (high, very high)
    register = document.get("register") or []
    return {
        "province": document["province"]["code"],
        "name_th": document["province"]["name_th"],
        "name_en": document["province"]["name_en"],
        "overall_score": overall.get("risk"),
        "overall_class": overall.get("class"),
        "overall_class_en": overall.get("class_en"),
        "overall_class_th": overall.get("class_th"),
        "hazard_scores": {h["context"]: h["risk"] for h in hazards},
        "top_hazards": [
            {"hazard": h["context"], "risk": h["risk"], "class": h.get("class")}
            for h in hazards[:TOP_HAZARDS]
        ],
        "high_risks": sum(1 for r in register if r.get("matrix_level") in top_levels),
        "register_entries": len(register),
        "synthetic": bool(document.get("synthetic_inputs")),
    }


# ------------------------------------------------------------------- adaptation reading


def document_framework(document: dict[str, Any]) -> Framework:
    """The framework the document was computed with (its YAML when it was uploaded)."""
    fw = document.get("framework") or {}
    if fw.get("yaml"):
        return parse_framework(fw["yaml"], fw.get("file") or "framework.yaml")
    return load_framework()


def adaptation_context(document: dict[str, Any]):
    """The stored risk document as the adaptation engine reads it
    (:class:`climateplan.adaptation.context.RiskContext`, as ``load_context`` builds it
    from a ``profile.json``), without any file."""
    from climateplan.adaptation.context import RiskContext

    missing = [k for k in ("province", "framework", "register", "risk_matrix") if k not in document]
    if missing:
        raise InputError(
            [
                Problem(
                    f"not a risk profile document: {', '.join(missing)} missing; compute the "
                    "risk section first",
                    f"ไม่ใช่เอกสารโปรไฟล์ความเสี่ยง: ไม่มี {', '.join(missing)} กรุณาคำนวณส่วนความเสี่ยงก่อน",
                )
            ]
        )
    eai = document.get("expected_annual_impact")
    return RiskContext(
        province=document["province"],
        framework=document_framework(document),
        register=pd.DataFrame(document["register"]),
        matrix=pd.DataFrame(document["risk_matrix"]),
        eai=pd.DataFrame(eai) if eai else None,
        not_applicable=list(document.get("hazards_not_applicable") or []),
        synthetic_inputs=bool(document.get("synthetic_inputs")),
        source=f"risk section of the plan of {document['province']['code']}",
    )


# ------------------------------------------------------------------------- comparison


def comparison(document: dict[str, Any], others: list[dict[str, Any]]) -> dict[str, Any]:
    """This province beside other provinces' published profiles.

    ``others`` are result documents or their ``summary`` dicts (other provinces only;
    a row of this province is ignored). Per measure (overall and each hazard): the
    province's rank (1 = highest risk; ties share the best rank), how many provinces
    have a score, and the national distribution (min, quartiles, max, the count per
    class). ``enough`` is False, with a bilingual note, below
    ``MIN_PROVINCES_FOR_COMPARISON`` provinces.
    """
    mine = document.get("summary") or summary(document)
    rows = [mine]
    seen = {mine["province"]}
    for other in others:
        s = other.get("summary", other) if isinstance(other, dict) else None
        if not s or s.get("province") in seen:
            continue
        seen.add(s["province"])
        rows.append(s)
    classes = document_framework(document).settings.classes
    measures = {"overall": {r["province"]: r.get("overall_score") for r in rows}}
    for hazard in mine.get("hazard_scores") or {}:
        measures[hazard] = {r["province"]: (r.get("hazard_scores") or {}).get(hazard) for r in rows}
    out = {}
    for measure, values in measures.items():
        series = pd.Series({k: v for k, v in values.items() if v is not None}, dtype=float)
        out[measure] = _compare(series, mine["province"], classes)
    n = len(rows)
    enough = n >= MIN_PROVINCES_FOR_COMPARISON
    return {
        "province": mine["province"],
        "provinces": n,
        "synthetic_others": sum(1 for r in rows[1:] if r.get("synthetic")),
        "enough": enough,
        "note": None
        if enough
        else {
            "en": f"Only {n} province(s) have a published risk profile so far; ranks and the "
            f"national distribution become meaningful from {MIN_PROVINCES_FOR_COMPARISON}.",
            "th": f"ขณะนี้มีโปรไฟล์ความเสี่ยงที่เผยแพร่แล้วเพียง {n} จังหวัด อันดับและการกระจายระดับประเทศ"
            f"จะมีความหมายเมื่อมีอย่างน้อย {MIN_PROVINCES_FOR_COMPARISON} จังหวัด",
        },
        "measures": out,
    }


def _compare(series: pd.Series, code: str, classes) -> dict[str, Any]:
    if series.empty:
        return {"rank": None, "of": 0, "score": None, "distribution": None}
    ranks = series.rank(ascending=False, method="min")
    values = series.to_numpy(dtype=float)
    q = np.percentile(values, [0, 25, 50, 75, 100])
    found = classify(values, classes)  # the engine's rule (bounds compared after rounding)
    counts = [
        {
            "class": band.id,
            "en": band.label.en,
            "th": band.label.th,
            "provinces": int((found == band.id).sum()),
        }
        for band in classes
    ]
    return {
        "rank": int(ranks[code]) if code in ranks else None,
        "of": int(series.size),
        "score": float(series[code]) if code in series else None,
        "distribution": {
            "min": float(q[0]),
            "q1": float(q[1]),
            "median": float(q[2]),
            "q3": float(q[3]),
            "max": float(q[4]),
            "classes": counts,
        },
        "scores": {k: float(v) for k, v in series.sort_values(ascending=False).items()},
    }
