"""Pages of the plan's risk profile section.

Everything shown comes from the stored inputs and the stored result document; every
figure is the risk section core's (:mod:`climateplan.plans.risk`): this module reads
forms, calls the core's readers and the plan's one write path
(:func:`climateplan.plans.web.services.write_section`), and lays out what the core
computed. NetCDF files are checked by the core before a background job is queued
(:mod:`climateplan.plans.web.tasks`).
"""

from __future__ import annotations

import logging
import math
import re
import secrets
import shutil
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from climateplan.errors import InputError, Problem
from climateplan.plans import risk
from climateplan.plans.risk.uploads import NETCDF_SUFFIXES
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.context import plan_context, visible_section
from climateplan.plans.web.forms_risk import (
    PERIODS,
    SCENARIOS,
    CancelForm,
    FrameworkForm,
    IndicatorTableForm,
    NetcdfForm,
    UploadForm,
    period_choices,
    scenario_choices,
)
from climateplan.plans.web.handler_risk import framework_of, stored_inputs
from climateplan.plans.web.models import ClimateJob, PlanChange, SectionState
from climateplan.plans.web.page_cache import section_block
from climateplan.plans.web.tasks import compute_climate_job
from climateplan.reports.maps import BOUNDARY_CREDIT, BOUNDARY_CREDIT_TH
from climateplan.site.bilingual import BUDDHIST_ERA_OFFSET, is_thai, tr
from climateplan.site.uploads import read_uploaded, upload_limits
from climateplan.site.workflow import WorkflowError, locked

logger = logging.getLogger(__name__)

KIND = "risk"
MAX_NETCDF_FILES = 12  # files of one computation (e.g. historical + 2 scenarios x models)
JOBS_SHOWN = 5
CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
}
DOWNLOAD_LABELS = {
    "risk_profile.xlsx": ("Workbook of the whole profile", "เวิร์กบุ๊กโปรไฟล์ทั้งหมด"),
    "scores.csv": ("Scores: overall, per hazard, per NAP sector", "คะแนน: รวม รายภัย รายสาขา NAP"),
    "register.csv": ("Risk register", "ทะเบียนความเสี่ยง"),
    "hazard_sector.csv": ("Hazard x NAP sector", "ภัย x สาขา NAP"),
    "risk_matrix.csv": ("5 x 5 risk matrix", "เมทริกซ์ความเสี่ยง 5 x 5"),
    "indicators.csv": ("Indicator values and scores", "ค่าและคะแนนตัวชี้วัด"),
    "districts.csv": ("District values", "ค่ารายอำเภอ"),
    "profile.json": ("Result document (JSON)", "เอกสารผลลัพธ์ (JSON)"),
    "hazard_scores.png": ("Chart: risk by hazard", "แผนภูมิ: ความเสี่ยงรายภัย"),
    "sector_scores.png": ("Chart: risk by NAP sector", "แผนภูมิ: ความเสี่ยงรายสาขา NAP"),
    "risk_matrix.png": ("Chart: risk matrix", "แผนภูมิ: เมทริกซ์ความเสี่ยง"),
    "hazard_sector.png": ("Chart: hazard x NAP sector", "แผนภูมิ: ภัย x สาขา NAP"),
    "map.png": ("Map of the province", "แผนที่จังหวัด"),
}


# --------------------------------------------------------------------------- helpers


def _lang() -> str:
    return "th" if is_thai() else "en"


def _section_url(plan) -> str:
    return reverse("plans:section", args=[plan.pk, KIND])


def _editable_or_refuse(request, plan, section):
    """PermissionDenied unless the user may change the section now; an editor of the
    province on a locked section gets a message instead (returned as a redirect)."""
    access = plan_access_for(request.user)
    if access.can_edit(section, plan):
        return None
    if access.sees_internals(plan) and access.role.is_editor and access.own(plan):
        messages.error(
            request,
            tr(
                "The risk section cannot be changed now (the plan is under review or "
                "approved, or this section was not returned to you).",
                "แก้ไขส่วนความเสี่ยงไม่ได้ในขณะนี้ (แผนอยู่ระหว่างการตรวจหรืออนุมัติแล้ว หรือส่วนนี้ไม่ได้ถูกส่งกลับให้แก้ไข)",
            ),
        )
        return redirect(_section_url(plan))
    raise PermissionDenied


def _workflow_message(request, error: WorkflowError) -> None:
    messages.error(request, tr(error.message_en, error.message_th))


def _year_text(year, lang: str) -> str:
    """A data year or year range ("2012-2021") in the Buddhist Era on Thai pages (both
    ends), as stored (Common Era) on English ones."""
    text = str(year or "").strip()
    if lang != "th":
        return text
    parts = [p.strip() for p in re.split(r"[-–]", text)]
    if 1 <= len(parts) <= 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        parts = [str(int(p) + BUDDHIST_ERA_OFFSET) if int(p) < 2400 else p for p in parts]
        return "-".join(parts)
    return text


def _year_ce(text: str) -> str:
    """A typed year or year range back in the Common Era (each end above 2400 is a
    Buddhist Era year), so a range shown in the Buddhist Era is stored as before."""
    text = str(text or "").strip()
    parts = [p.strip() for p in re.split(r"[-–]", text)]
    if len(parts) == 2 and all(p.isdigit() and len(p) == 4 for p in parts):
        return "-".join(str(int(p) - BUDDHIST_ERA_OFFSET) if int(p) > 2400 else p for p in parts)
    return text


# Scenario ids of the climate indices: English and Thai labels (the SSP codes stay as
# codes, with a gloss of the emission level).
SCENARIO_LABELS = {
    "historical": ("historical (reference period)", "ช่วงอ้างอิงในอดีต (historical)"),
    **{sid: (en, th) for sid, _short, en, th in SCENARIOS},
}
# Units of the framework's indicators, in Thai.
UNIT_TH = {
    "days": "วัน",
    "days/year": "วัน/ปี",
    "months": "เดือน",
    "persons/km2": "คน/ตร.กม.",
    "per decade": "ครั้ง/ทศวรรษ",
    "per year": "ครั้ง/ปี",
    "km": "กม.",
    "mm": "มม.",
    "THB/person/year": "บาท/คน/ปี",
    "beds/1000 persons": "เตียง/ประชากร 1,000 คน",
}


def _scenario_text(scenario: str | None, lang: str) -> str:
    sid = str(scenario or "")
    en, th = SCENARIO_LABELS.get(sid.lower(), (sid, sid))
    return th if lang == "th" else en


def _unit_text(unit: str | None, lang: str) -> str:
    unit = str(unit or "")
    return UNIT_TH.get(unit, unit) if lang == "th" else unit


def _shown_number(value) -> str:
    """A value as read on the page: thousands separators, two decimals at most (three
    significant digits below one), trailing zeros dropped."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(number):
        return str(value)
    size = abs(number)
    digits = 2 if size >= 1 or size == 0 else min(6, 2 - math.floor(math.log10(size)))
    text = f"{number:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _period_text(period: str | None, lang: str) -> str:
    text = str(period or "")
    if lang != "th":
        return text
    parts = text.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"พ.ศ. {int(parts[0]) + BUDDHIST_ERA_OFFSET}-{int(parts[1]) + BUDDHIST_ERA_OFFSET}"
    return text


def _number(value) -> str:
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = repr(number)
    return text[:-2] if text.endswith(".0") else text


def _write(request, plan, section, inputs: risk.RiskInputs, *, change, item, new=None):
    """The one write path; None when saved, else the response to return."""
    access = plan_access_for(request.user)
    services.write_section(
        access,
        request.user,
        section,
        expected_revision=request.POST.get("revision"),
        inputs=inputs.to_dict(),
        change=change,
        item=item[:80],
        new=new,
    )


def _problem_response(request, plan, section, problems, *, where: str, **extra):
    context = risk_context(request, plan, section, problems=problems, problems_at=where, **extra)
    return render(request, "plans/section_risk.html", context, status=400)


def _load(request, pk: int):
    plan, section = visible_section(request, pk, KIND)
    return plan, section


# --------------------------------------------------------------------------- page context


def _indicator_rows(
    fw, inputs: risk.RiskInputs, lang: str, document: dict | None, posted: dict | None = None
):
    """One row per indicator of the framework with its stored value (or the value just
    typed, when the table comes back with problems), and the value and 0-10 score the
    stored result used (gridded indicators take theirs from the climate indices)."""
    from climateplan.plans.risk.template import DIMENSION, DIRECTION

    stored = {r["indicator"]: r for r in inputs.indicators}
    scored = {r["indicator"]: r for r in (document or {}).get("indicators") or []}
    dimensions = fw.dimension_of_indicators()
    rows = []
    for position, ind_id in enumerate(fw.used_indicators(), start=1):
        ind = fw.indicators[ind_id]
        row = stored.get(ind_id) or {}
        direction = DIRECTION.get(ind.direction, (ind.direction, ind.direction))
        dimension = DIMENSION.get(dimensions.get(ind_id), ("", ""))
        value = _number(row.get("value"))
        year = _year_text(row.get("year"), lang)
        source = row.get("source") or ""
        if posted is not None:
            value = posted.get(f"value_{ind_id}", value)
            year = posted.get(f"year_{ind_id}", year)
            source = posted.get(f"source_{ind_id}", source)
        used = scored.get(ind_id) or {}
        rows.append(
            {
                "position": position,
                "id": ind_id,
                "score": used.get("score"),
                "used_value": _shown_number(used.get("value")),
                "shown_value": _shown_number(row.get("value")) if posted is None else value,
                "used_synthetic": bool(used.get("synthetic")),
                "name": ind.name.th if lang == "th" else ind.name.en,
                "unit": _unit_text(ind.unit, lang),
                "direction": direction[0] if lang == "th" else direction[1],
                "dimension": dimension[0] if lang == "th" else dimension[1],
                "bounds": f"{_shown_number(ind.min)}–{_shown_number(ind.max)}",
                "suggested_source": ind.source,
                "gridded": ind.gridded is not None,
                "gridded_label": (
                    f"{ind.gridded.index} · {_period_text(ind.gridded.period, lang)} · "
                    f"{_scenario_text(ind.gridded.scenario, lang)}"
                    if ind.gridded is not None
                    else ""
                ),
                "value": value,
                "year": year,
                "source": source,
                "synthetic": bool(row.get("synthetic")),
                "has_value": row.get("value") is not None,
            }
        )
    return rows


def _gridded_overview(inputs: risk.RiskInputs, lang: str) -> dict | None:
    province = inputs.gridded_frame("province")
    if province is None:
        return None
    districts = inputs.gridded_frame("district")
    groups = (
        province.groupby(["index", "period", "scenario"], sort=True)
        .size()
        .reset_index()[["index", "period", "scenario"]]
    )
    indices = [
        {
            "index": r.index,
            "period": _period_text(r.period, lang),
            "scenario": _scenario_text(r.scenario, lang),
        }
        for r in groups.itertuples()
    ]
    return {
        "province_rows": len(province),
        "district_rows": 0 if districts is None else len(districts),
        "districts": 0 if districts is None else districts["district"].nunique(),
        "count": len(indices),
        # the list (often a hundred lines) rendered with the overview and kept with it;
        # the template engine escapes it, so it is safe HTML
        "list_html": render_to_string("plans/_risk_gridded_list.html", {"indices": indices}),
    }


def _kept_gridded_overview(section, inputs: risk.RiskInputs, lang: str) -> dict | None:
    """:func:`_gridded_overview`, kept until the section changes (every write and recompute
    saves the section, so its ``updated_at`` moves): reading the stored index rows into a
    table is the dearest part of the page."""
    if section.pk is None or section.updated_at is None:
        return _gridded_overview(inputs, lang)
    key = f"risk-gridded:{section.pk}:{section.updated_at.timestamp():.6f}:{lang}"
    overview = cache.get(key)
    if overview is None:
        overview = _gridded_overview(inputs, lang)
        cache.set(key, overview or {}, 600)
    return overview or None


def _hazard_sector_table(document: dict, fw, lang: str) -> dict:
    hazards = [h["context"] for h in document.get("hazards") or []]
    cells = {(c["hazard"], c["sector"]): c for c in document.get("hazard_sector") or []}
    sectors = list(dict.fromkeys(c["sector"] for c in document.get("hazard_sector") or []))
    sectors = [s for s in sectors if any((h, s) in cells for h in hazards)]
    label = (lambda x: x.th) if lang == "th" else (lambda x: x.en)
    rows = []
    for h in hazards:
        row = []
        for s in sectors:
            cell = cells.get((h, s)) or {}
            score = cell.get("risk")
            row.append(
                {
                    "score": None if score is None else f"{score:.1f}",
                    "class": cell.get("class") or "none",
                    "class_label": cell.get(f"class_{lang}") or "",
                }
            )
        rows.append({"hazard": label(fw.hazards[h].name) if h in fw.hazards else h, "cells": row})
    return {
        "sectors": [label(fw.nap_sectors[s]) if s in fw.nap_sectors else s for s in sectors],
        "rows": rows,
    }


def _matrix(document: dict, lang: str) -> list[dict]:
    """The 5 x 5 matrix as rows from likelihood 5 (top) to 1, consequence 1 to 5."""
    cells = {(int(c["probability"]), int(c["consequence"])): c for c in document["risk_matrix"]}
    rows = []
    for p in range(5, 0, -1):
        row = []
        for c in range(1, 6):
            cell = cells.get((p, c)) or {}
            shorts = str(cell.get(f"hazards_short_{lang}") or "")
            row.append(
                {
                    "level": cell.get("matrix_level") or "none",
                    "level_label": cell.get(f"matrix_level_{lang}") or "",
                    "hazards": [s for s in shorts.split(", ") if s],
                }
            )
        rows.append({"probability": p, "cells": row})
    return rows


def _drivers(document: dict, fw, lang: str) -> list[dict]:
    from climateplan.plans.risk.template import DIMENSION

    out = []
    for hazard in document.get("hazards") or []:
        h = hazard["context"]
        name = fw.hazards[h].name if h in fw.hazards else None
        drivers = []
        for d in hazard.get("drivers") or []:
            ind = fw.indicators.get(d["indicator"])
            dim = DIMENSION.get(d.get("dimension"), (d.get("dimension"), d.get("dimension")))
            drivers.append(
                {
                    "indicator": (ind.name.th if lang == "th" else ind.name.en)
                    if ind
                    else d["indicator"],
                    "dimension": dim[0] if lang == "th" else dim[1],
                    "score": d.get("indicator_score"),
                    "weight": d.get("effective_weight"),
                    "points": d.get("contribution"),
                }
            )
        out.append(
            {
                "hazard": (name.th if lang == "th" else name.en) if name else h,
                "risk": hazard.get("risk"),
                "class": hazard.get("class") or "none",
                "class_label": hazard.get(f"class_{lang}") or "",
                "he": hazard.get("hazard_exposure"),
                "v": hazard.get("vulnerability"),
                "lcc": hazard.get("lack_of_coping_capacity"),
                "drivers": drivers,
            }
        )
    return out


def _download_names(document: dict) -> list[str]:
    names = [
        "risk_profile.xlsx",
        "scores.csv",
        "register.csv",
        "hazard_sector.csv",
        "risk_matrix.csv",
        "indicators.csv",
    ]
    if (document.get("districts") or {}).get("indicators"):
        names.append("districts.csv")
    names.append("profile.json")
    if document.get("hazards"):
        names += ["hazard_scores.png", "hazard_sector.png"]
    names += ["sector_scores.png", "risk_matrix.png", "map.png"]
    return names


def _result_cached(section, what: str, lang: str, build, *args):
    """``build(*args, lang)`` once per computed result of the section and language."""
    stamp = section.computed_at.timestamp() if section.computed_at else 0
    key = f"plans-risk-{what}:{section.pk}:{section.input_stamp}:{stamp}:{lang}"
    found = cache.get(key)
    if found is None:
        found = build(*args, lang)
        cache.set(key, found, 3600)
    return found


def _compare(document: dict, summaries: list[dict], _lang: str) -> dict:
    return risk.comparison(document, summaries)


def _published_others(access, plan):
    """Other provinces' published risk sections the viewer may see, and a stamp of them
    (their number and last change)."""
    others = (
        access.sections()
        .filter(kind=KIND, state=SectionState.PUBLISHED, plan__is_latest=True)
        .exclude(plan__province=plan.province)
    )
    seen = others.aggregate(n=Count("pk"), last=Max("updated_at"))
    return others, f"{seen['n']}:{seen['last'].timestamp() if seen['last'] else 0}"


def _comparison(others, key: str, section, document: dict, lang: str, fw) -> dict | None:
    """This province beside other provinces' published risk sections the viewer may see."""
    summaries = [s for s in others.values_list("summary", flat=True) if s and s.get("province")]
    result = _result_cached(
        section,
        f"comparison:{key}",
        lang,
        lambda d, s, _lang: risk.comparison(d, s),
        document,
        summaries,
    )
    measures = []
    for key, m in result["measures"].items():
        if key == "overall":
            label = tr("Overall risk", "ความเสี่ยงรวม")
        elif key in fw.hazards:
            label = fw.hazards[key].name.th if lang == "th" else fw.hazards[key].name.en
        else:
            label = key
        dist = m.get("distribution") or {}
        measures.append(
            {
                "label": label,
                "score": m.get("score"),
                "rank": m.get("rank"),
                "of": m.get("of"),
                "median": dist.get("median"),
                "min": dist.get("min"),
                "max": dist.get("max"),
            }
        )
    note = result.get("note")
    return {
        "provinces": result["provinces"],
        "enough": result["enough"],
        "note": (note or {}).get(lang) if note else "",
        "synthetic_others": result["synthetic_others"],
        "measures": measures,
    }


def _jobs(section) -> list[ClimateJob]:
    return list(section.climate_jobs.all()[:JOBS_SHOWN])


def _section_facts(section, inputs: risk.RiskInputs, fw, lang: str) -> dict:
    """What the page reads from the stored result besides its own block (whether there
    is one, its scenario, period and synthetic mark, the indicators' scores), kept until
    the section changes: the result document is decoded only when it has changed."""

    def build() -> dict:
        document = section.result
        return {
            "document": document is not None,
            "synthetic": bool((document or {}).get("synthetic")),
            "scenario": (document or {}).get("scenario"),
            "period": (document or {}).get("period"),
            "indicator_rows": _indicator_rows(fw, inputs, lang, document) if fw else [],
        }

    return section_block("risk-facts", section, build)


def _results_block(access, plan, section, context: dict, fw, lang: str) -> dict:
    """The stored result's tables, charts, map and comparison as HTML, the same for
    every reader of the section who sees the same other provinces: kept until the
    section or another province's published risk section changes."""
    others, seen = _published_others(access, plan)

    def build() -> dict:
        document = section.result
        block = {
            "plan": plan,
            "section": section,
            "lang": lang,
            "synthetic": context["synthetic"],
            "framework_name": context.get("framework_name", ""),
            "province_name": context["province_name"],
            "overall": document.get("overall") or {},
            "summary": document.get("summary") or {},
            "document_period": _period_text(document.get("period"), lang),
            "document_scenario": _scenario_text(document.get("scenario"), lang),
            "hazard_rows": _drivers(document, fw, lang),
            "hazard_sector": _hazard_sector_table(document, fw, lang),
            "register": [
                {**r, "period_text": _period_text(r.get("change_intensity_period"), lang)}
                for r in document.get("register") or []
            ],
            "matrix": _matrix(document, lang),
            "matrix_levels": [
                {"id": lv["id"], "label": lv[lang]} for lv in document["matrix_levels"]
            ],
            "not_applicable": document.get("hazards_not_applicable") or [],
            "charts": _result_cached(section, "charts", lang, risk.chart_data, document),
            "geojson": risk.map_geojson(plan.province),
            "comparison": _comparison(others, seen, section, document, lang, fw),
            "downloads": [
                {"name": n, "label": tr(*DOWNLOAD_LABELS.get(n, (n, n)))}
                for n in _download_names(document)
            ],
            "map_credit": tr(BOUNDARY_CREDIT, BOUNDARY_CREDIT_TH),
            "has_districts": bool((document.get("districts") or {}).get("indicators")),
        }
        # rendered (and escaped) by the template engine: safe HTML, kept as it is
        return {
            "html": render_to_string("plans/_risk_results.html", block),
            "scripts": render_to_string("plans/_risk_scripts.html", block),
        }

    return section_block(
        "risk-results",
        section,
        build,
        extra=f"{access.scope_key()}:{seen}:{context['synthetic']}:{fw.version if fw else ''}",
    )


def risk_context(request, plan, section, **extra) -> dict:
    lang = _lang()
    context = plan_context(request, plan, KIND)
    access = context["access"]
    inputs = stored_inputs(section.inputs)
    framework_problem = None
    try:
        fw = framework_of(inputs)
    except InputError as error:
        fw = None
        framework_problem = error.problems
    facts = _section_facts(section, inputs, fw, lang)
    has_document = facts["document"]
    posted = extra.pop("posted", None)
    sees = context["sees_internals"]
    can_edit = access.can_edit(section, plan)
    synthetic = inputs.is_synthetic() or facts["synthetic"]
    if posted is not None and fw is not None:  # the table typed, back with its problems
        indicator_rows = _indicator_rows(fw, inputs, lang, section.result, posted)
    else:
        indicator_rows = facts["indicator_rows"]
    context.update(
        {
            "section": section,
            "inputs": inputs,
            "fw": fw,
            "framework_problem": framework_problem,
            "can_edit": can_edit,
            "synthetic": synthetic,
            # plan_context has just taken it under the plan's stamp, for these readers
            "stale": sees and has_document and context["current_stale"],
            "section_problems": section.problems if sees else [],
            "risk_scenario": inputs.scenario or facts["scenario"] or SCENARIOS[0][0],
            "risk_period": inputs.period or facts["period"] or PERIODS[0][0],
            "scenario_choices": scenario_choices(),
            "period_choices": period_choices(),
            "netcdf_form": NetcdfForm(),
            "netcdf_max_mb": int(settings.NETCDF_MAX_BYTES / (1024 * 1024)),
            "table_max_mb": upload_limits().max_mb,
            "max_netcdf_files": MAX_NETCDF_FILES,
            "indicator_rows": indicator_rows,
            "gridded": _kept_gridded_overview(section, inputs, lang),
            "jobs": _jobs(section) if sees else [],
            "document": True if has_document else None,
            "error_rows": extra.pop("error_rows", set()),
        }
    )
    if fw is not None:
        context["framework_name"] = fw.name.th if lang == "th" else fw.name.en
        context["framework_version"] = fw.version
    if has_document:
        context["results"] = _results_block(access, plan, section, context, fw, lang)
    if not can_edit and posted is None and not extra:
        # a reader's table (no form, nothing typed, no problems): the same for every reader
        context["indicators_html"] = section_block(
            "risk-indicators-read",
            section,
            lambda: render_to_string(
                "plans/_risk_indicators.html",
                {
                    "plan": plan,
                    "lang": lang,
                    "can_edit": False,
                    "document": context["document"],
                    "indicator_rows": indicator_rows,
                    "error_rows": set(),
                },
            ),
        )
    context.update(extra)
    return context


# --------------------------------------------------------------------------- the page


def section_page(request, plan, section):
    """The risk profile section: what it is, its inputs, and the stored result."""
    return render(request, "plans/section_risk.html", risk_context(request, plan, section))


# --------------------------------------------------------------------------- writes


@require_POST
def framework(request, pk: int):
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    form = FrameworkForm(request.POST)
    if not form.is_valid():
        messages.error(request, tr("Choose a scenario and a period.", "กรุณาเลือกฉากทัศน์และช่วงปี"))
        return redirect(_section_url(plan))
    inputs = stored_inputs(section.inputs)
    old = {"scenario": inputs.scenario, "period": inputs.period}
    inputs.scenario = form.cleaned_data["scenario"]
    inputs.period = form.cleaned_data["period"]
    try:
        _write(
            request,
            plan,
            section,
            inputs,
            change=PlanChange.Action.EDIT,
            item="framework",
            new={"scenario": inputs.scenario, "period": inputs.period, "old": old},
        )
    except InputError as error:
        return _problem_response(request, plan, section, error.problems, where="framework")
    except WorkflowError as error:
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    messages.success(
        request,
        tr("Scenario and period saved; profile recomputed.", "บันทึกฉากทัศน์และช่วงปี และคำนวณใหม่แล้ว"),
    )
    return redirect(_section_url(plan))


def _indicator_upload_rows(data: bytes, name: str, plan, fw) -> list[dict]:
    return risk.read_indicator_upload(data, name, plan.province, upload_limits(), framework=fw)


@require_POST
def indicator_upload(request, pk: int):
    """The filled-in template (XLSX or CSV) replaces the section's indicator values."""
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, tr("Choose a file to upload.", "กรุณาเลือกไฟล์ที่จะอัปโหลด"))
        return redirect(_section_url(plan))
    upload = form.cleaned_data["file"]
    inputs = stored_inputs(section.inputs)
    try:
        data = read_uploaded(upload)  # the shared upload guard, before any byte is parsed
        rows = _indicator_upload_rows(data, upload.name, plan, framework_of(inputs))
        inputs.indicators = rows
        inputs.synthetic["indicators"] = any(r["synthetic"] for r in rows)
        _write(
            request,
            plan,
            section,
            inputs,
            change=PlanChange.Action.UPLOAD,
            item=f"indicators:{upload.name}",
            new={"rows": len(rows)},
        )
    except InputError as error:
        return _problem_response(request, plan, section, error.problems, where="indicators")
    except WorkflowError as error:
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    messages.success(
        request,
        tr(
            f"{len(rows)} indicator values uploaded; profile recomputed.",
            f"อัปโหลดค่าตัวชี้วัด {len(rows)} ค่า และคำนวณโปรไฟล์ใหม่แล้ว",
        ),
    )
    return redirect(_section_url(plan) + "#indicators")


@require_POST
def indicator_table(request, pk: int):
    """The editable table: its rows go through the core's indicator reader like an
    uploaded table (bounds, units, province), then replace the stored values."""
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    inputs = stored_inputs(section.inputs)
    fw = framework_of(inputs)
    table_ids = [i for i in fw.used_indicators() if fw.indicators[i].gridded is None]
    form = IndicatorTableForm(request.POST, indicators=table_ids)
    if not form.is_valid():
        problems = [
            Problem(
                "the value is too long",
                "ข้อความยาวเกินไป",
                column=field,
                file=tr("indicator table", "ตารางตัวชี้วัด"),
            )
            for field in form.errors
        ]
        return _problem_response(
            request, plan, section, problems, where="indicators", posted=request.POST
        )
    stored = {r["indicator"]: r for r in inputs.indicators}
    frame_rows = []
    for row in form.rows():
        old = stored.get(row["indicator"]) or {}
        unchanged = (
            old.get("value") is not None
            and _number(old.get("value")) == row["value"]
            and _year_text(old.get("year"), _lang()) == row["year"]
            and (old.get("source") or "") == row["source"]
        )
        frame_rows.append(
            {
                "province": plan.province,
                "indicator": row["indicator"],
                "value": row["value"],
                "year": _year_ce(row["year"]),
                "source": row["source"],
                "synthetic": bool(old.get("synthetic")) if unchanged else False,
            }
        )
    name = tr("indicator table", "ตารางตัวชี้วัด") + ".csv"
    data = pd.DataFrame(frame_rows).to_csv(index=False).encode("utf-8")
    try:
        rows = _indicator_upload_rows(data, name, plan, fw)
        # gridded indicators typed in a table upload stay; this form edits the table ones
        kept = [r for r in inputs.indicators if r["indicator"] not in table_ids]
        inputs.indicators = kept + rows
        inputs.synthetic["indicators"] = any(r.get("synthetic") for r in inputs.indicators)
        _write(
            request,
            plan,
            section,
            inputs,
            change=PlanChange.Action.EDIT,
            item="indicators",
            new={"rows": len(rows)},
        )
    except InputError as error:
        last = len(table_ids) + 2
        error_rows = {table_ids[p.row - 2] for p in error.problems if p.row and 2 <= p.row < last}
        return _problem_response(
            request,
            plan,
            section,
            error.problems,
            where="indicators",
            posted=request.POST,
            error_rows=error_rows,
        )
    except WorkflowError as error:
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    messages.success(
        request,
        tr("Indicator values saved; profile recomputed.", "บันทึกค่าตัวชี้วัดและคำนวณโปรไฟล์ใหม่แล้ว"),
    )
    return redirect(_section_url(plan) + "#indicators")


@require_POST
def load_example(request, pk: int):
    """The shipped SYNTHETIC example values of this province (indicator table and
    gridded indices), read through the core's readers and marked synthetic."""
    from climateplan.risk.index.examples import EXAMPLE_GRIDDED, EXAMPLE_INDICATORS, example_path

    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    inputs = stored_inputs(section.inputs)
    try:
        parts = {}
        for key, name in (("indicators", EXAMPLE_INDICATORS), ("gridded", EXAMPLE_GRIDDED)):
            table = pd.read_csv(example_path(name), dtype=str, keep_default_na=False)
            table = table[table["province"] == plan.province]
            parts[key] = (table.to_csv(index=False).encode("utf-8"), name)
        data, name = parts["indicators"]
        inputs.indicators = _indicator_upload_rows(data, name, plan, framework_of(inputs))
        data, name = parts["gridded"]
        inputs.gridded = risk.read_gridded_upload(data, name, plan.province, upload_limits())
        inputs.synthetic["indicators"] = any(r["synthetic"] for r in inputs.indicators)
        inputs.synthetic["gridded"] = any(bool(r.get("synthetic")) for r in inputs.gridded)
        _write(
            request,
            plan,
            section,
            inputs,
            change=PlanChange.Action.UPLOAD,
            item="example:synthetic",
            new={"indicators": len(inputs.indicators), "gridded": len(inputs.gridded)},
        )
    except InputError as error:
        return _problem_response(request, plan, section, error.problems, where="indicators")
    except WorkflowError as error:
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    messages.warning(
        request,
        tr(
            "The example values (SYNTHETIC, not official data) were loaded: replace them with "
            "the province's own data before the plan is submitted.",
            "โหลดค่าตัวอย่างแล้ว (ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลทางการ) กรุณาแทนที่ด้วยข้อมูลจริงของจังหวัดก่อนส่งแผน",
        ),
    )
    return redirect(_section_url(plan))


@require_POST
def gridded_upload(request, pk: int):
    """The per-province (and per-district) index table of ``climateplan risk indices``
    replaces the section's gridded rows."""
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, tr("Choose a file to upload.", "กรุณาเลือกไฟล์ที่จะอัปโหลด"))
        return redirect(_section_url(plan))
    upload = form.cleaned_data["file"]
    inputs = stored_inputs(section.inputs)
    try:
        data = read_uploaded(upload)
        rows = risk.read_gridded_upload(data, upload.name, plan.province, upload_limits())
        inputs.gridded = rows
        inputs.synthetic["gridded"] = any(bool(r.get("synthetic")) for r in rows)
        _write(
            request,
            plan,
            section,
            inputs,
            change=PlanChange.Action.UPLOAD,
            item=f"gridded:{upload.name}",
            new={"rows": len(rows)},
        )
    except InputError as error:
        return _problem_response(request, plan, section, error.problems, where="gridded")
    except WorkflowError as error:
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    messages.success(
        request,
        tr(
            f"{len(rows)} climate index rows uploaded; profile recomputed.",
            f"อัปโหลดดัชนีภูมิอากาศ {len(rows)} แถว และคำนวณโปรไฟล์ใหม่แล้ว",
        ),
    )
    return redirect(_section_url(plan) + "#gridded")


# --------------------------------------------------------------------------- NetCDF jobs


def netcdf_folder() -> Path:
    return Path(settings.DATA_DIR) / "uploads" / "netcdf"


class NetcdfSizeLimit(FileUploadHandler):
    """Stops reading an uploaded file as soon as it passes the NetCDF size limit (the
    file is skipped, its name kept to say so): the server never stores more than the
    limit of one file."""

    def __init__(self, limit: int, request=None) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large: list[str] = []
        self.received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large.append(self.file_name or "upload")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


@csrf_exempt
def netcdf_upload(request, pk: int):
    """NetCDF upload: the size limit applies while the request is read (the CSRF check
    runs right after, in :func:`_netcdf_upload`)."""
    limiter = NetcdfSizeLimit(settings.NETCDF_MAX_BYTES, request)
    request.upload_handlers.insert(0, limiter)
    return _netcdf_upload(request, pk, limiter)


def _size_problem(name: str) -> Problem:
    limit = settings.NETCDF_MAX_BYTES / (1024 * 1024)
    return Problem(
        f"the file is larger than the limit of {limit:.0f} MB (CLIMATEPLAN_NETCDF_MAX_MB): "
        "cut it to the province and the periods needed",
        f"ไฟล์ใหญ่เกินขีดจำกัด {limit:.0f} MB (CLIMATEPLAN_NETCDF_MAX_MB): "
        "กรุณาตัดให้เหลือเฉพาะจังหวัดและช่วงปีที่ใช้",
        file=name,
    )


@csrf_protect
@require_POST
def _netcdf_upload(request, pk: int, limiter: NetcdfSizeLimit):
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    form = NetcdfForm(request.POST)
    uploads = request.FILES.getlist("files")
    problems = [_size_problem(name) for name in limiter.too_large]
    if not form.is_valid():
        problems.append(
            Problem("choose a valid scenario", "กรุณาเลือกฉากทัศน์ให้ถูกต้อง", column="scenario")
        )
    if not uploads and not problems:
        messages.error(
            request, tr("Choose the NetCDF files to upload.", "กรุณาเลือกไฟล์ NetCDF ที่จะอัปโหลด")
        )
        return redirect(_section_url(plan) + "#gridded")
    if len(uploads) > MAX_NETCDF_FILES:
        problems.append(
            Problem(
                f"{len(uploads)} files sent; at most {MAX_NETCDF_FILES} are computed together",
                f"ส่งไฟล์ {len(uploads)} ไฟล์ คำนวณพร้อมกันได้ไม่เกิน {MAX_NETCDF_FILES} ไฟล์",
            )
        )
    if problems:
        return _problem_response(request, plan, section, problems, where="gridded")
    if section.climate_jobs.filter(
        status__in=(ClimateJob.Status.QUEUED, ClimateJob.Status.RUNNING)
    ).exists():
        messages.error(
            request,
            tr(
                "A computation of this section is already waiting or running: wait for it or "
                "cancel it first.",
                "มีงานคำนวณของส่วนนี้รออยู่หรือกำลังคำนวณ กรุณารอให้เสร็จหรือยกเลิกก่อน",
            ),
        )
        return redirect(_section_url(plan) + "#gridded")
    root = netcdf_folder()
    staging = root / f"staging-{secrets.token_hex(8)}"
    staging.mkdir(parents=True, exist_ok=True)
    limits = risk.NetcdfLimits(max_bytes=settings.NETCDF_MAX_BYTES)
    names, paths = [], []
    try:
        for number, upload in enumerate(uploads, start=1):
            original = Path(upload.name or "upload.nc").name
            suffix = Path(original).suffix.lower()
            # a generated name: the user's file name never becomes a path on the server
            path = staging / f"{number:02d}{suffix if suffix in NETCDF_SUFFIXES else '.bin'}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            names.append(original[:200])
            paths.append(path)
            problems += risk.check_netcdf(path, limits, plan.province, name=original)
        if problems:
            shutil.rmtree(staging, ignore_errors=True)
            return _problem_response(request, plan, section, problems, where="gridded")
        job = _create_job(request, plan, section, staging, paths, names, form)
    except WorkflowError as error:
        shutil.rmtree(staging, ignore_errors=True)
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    messages.success(
        request,
        tr(
            f"{len(names)} file(s) checked and queued for computation; the progress shows below.",
            f"ตรวจไฟล์ {len(names)} ไฟล์แล้ว และส่งเข้าคิวคำนวณ ดูความคืบหน้าด้านล่าง",
        ),
    )
    return redirect(_section_url(plan) + f"#job-{job.pk}")


def _create_job(request, plan, section, staging: Path, paths, names, form) -> ClimateJob:
    """The job row (under the plan's lock: the section must still be editable), its files
    moved to ``uploads/netcdf/<job id>/``, then the task queued."""
    access = plan_access_for(request.user)

    def check(row) -> None:
        fresh = row.sections.get(kind=KIND)
        if not access.can_edit(fresh, row):
            raise WorkflowError(
                "the risk section cannot be changed now", "แก้ไขส่วนความเสี่ยงไม่ได้ในขณะนี้"
            )

    with locked(type(plan), plan.pk, check=check) as row:
        job = ClimateJob.objects.create(
            section=section,
            created_by=request.user,
            options={"names": names, "scenario": form.cleaned_data.get("scenario") or ""},
            message_en="waiting for the worker",
            message_th="รอคิวคำนวณ",
        )
        folder = netcdf_folder() / str(job.pk)
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
        job.files = [str(folder / p.name) for p in paths]
        job.save(update_fields=["files"])
        services.record(
            row,
            request.user,
            PlanChange.Action.JOB,
            section_kind=KIND,
            item=f"climate-job:{job.pk}",
            new={"files": names},
        )
    try:
        result = compute_climate_job.enqueue(job.pk)
    except Exception:
        logger.exception("could not queue climate job %s", job.pk)
        ClimateJob.objects.filter(pk=job.pk).update(
            status=ClimateJob.Status.FAILED,
            message_en="the job could not be queued: ask the administrator",
            message_th="ส่งงานเข้าคิวไม่ได้ กรุณาแจ้งผู้ดูแลระบบ",
            finished_at=timezone.now(),
        )
        raise
    ClimateJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def _visible_job(request, pk: int, job_id: int):
    plan, section = _load(request, pk)
    if not plan_access_for(request.user).sees_internals(plan):
        raise Http404
    job = get_object_or_404(ClimateJob, pk=job_id, section=section)
    return plan, section, job


@require_GET
def job_status(request, pk: int, job_id: int):
    """The job's progress (a small partial the page polls every 2 s while it runs)."""
    plan, section, job = _visible_job(request, pk, job_id)
    response = render(
        request,
        "plans/_risk_job.html",
        {"job": job, "plan": plan, "can_edit": plan_access_for(request.user).can_edit(section)},
    )
    if request.headers.get("HX-Request") and not job.is_active:
        response["HX-Refresh"] = "true"  # finished while the page watched: show the result
    return response


@require_POST
def job_cancel(request, pk: int):
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    form = CancelForm(request.POST)
    if not form.is_valid():
        raise Http404
    job = get_object_or_404(ClimateJob, pk=form.cleaned_data["job"], section=section)
    cancelled = ClimateJob.objects.filter(pk=job.pk, status=ClimateJob.Status.QUEUED).update(
        status=ClimateJob.Status.CANCELLED,
        finished_at=timezone.now(),
        message_en="cancelled before it started",
        message_th="ยกเลิกก่อนเริ่มคำนวณ",
    )
    if cancelled:
        _forget_task(job.task_id)
        shutil.rmtree(netcdf_folder() / str(job.pk), ignore_errors=True)
        messages.success(request, tr("The computation was cancelled.", "ยกเลิกงานคำนวณแล้ว"))
    else:
        messages.error(
            request,
            tr(
                "Only a waiting computation can be cancelled; this one has started or ended.",
                "ยกเลิกได้เฉพาะงานที่ยังรอคิว งานนี้เริ่มคำนวณหรือจบไปแล้ว",
            ),
        )
    return redirect(_section_url(plan) + "#gridded")


def _forget_task(task_id: str) -> None:
    """Drop the queued task row of the database backend (the worker would skip the
    cancelled job anyway)."""
    if not task_id:
        return
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id=task_id, status=TaskResultStatus.READY).delete()
    except Exception:  # another backend, or a malformed id: nothing to drop
        logger.debug("no queued task row %s to drop", task_id)


@require_POST
def job_apply(request, pk: int):
    """Add the rows of a finished job that could not be added when it ended (the section
    was locked then) once the section can be changed again."""
    plan, section = _load(request, pk)
    refused = _editable_or_refuse(request, plan, section)
    if refused:
        return refused
    form = CancelForm(request.POST)
    if not form.is_valid():
        raise Http404
    job = get_object_or_404(
        ClimateJob, pk=form.cleaned_data["job"], section=section, status=ClimateJob.Status.DONE
    )
    if not job.rows:
        raise Http404
    inputs = stored_inputs(section.inputs)
    inputs.gridded = list(job.rows)
    inputs.synthetic["gridded"] = any(bool(r.get("synthetic")) for r in job.rows)
    try:
        _write(
            request,
            plan,
            section,
            inputs,
            change=PlanChange.Action.JOB,
            item=f"climate-job:{job.pk}",
            new={"rows": len(job.rows)},
        )
    except InputError as error:
        return _problem_response(request, plan, section, error.problems, where="gridded")
    except WorkflowError as error:
        _workflow_message(request, error)
        return redirect(_section_url(plan))
    ClimateJob.objects.filter(pk=job.pk).update(options={**job.options, "merged": True})
    messages.success(
        request,
        tr(
            f"{len(job.rows)} climate index rows added; profile recomputed.",
            f"เพิ่มดัชนีภูมิอากาศ {len(job.rows)} แถว และคำนวณโปรไฟล์ใหม่แล้ว",
        ),
    )
    return redirect(_section_url(plan) + "#gridded")


# --------------------------------------------------------------------------- downloads


def _attachment(data: bytes, filename: str) -> HttpResponse:
    suffix = Path(filename).suffix
    content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def template_download(request, pk: int, fmt: str):
    """The indicator template of the plan's province (every indicator of the framework
    with its unit, direction, bounds and suggested source)."""
    plan, section = _load(request, pk)
    fw = framework_of(stored_inputs(section.inputs))
    lang = _lang()
    if fmt == "xlsx":
        data = risk.indicator_template(plan.province, fw, lang)
    elif fmt == "csv":
        data = risk.indicator_template_csv(plan.province, fw, lang)
    else:
        raise Http404
    return _attachment(data, f"risk_indicators_{plan.province}.{fmt}")


def _files(section, document: dict, lang: str) -> dict[str, bytes]:
    """The section's downloads, built by the core from the stored document once per
    computed result and language (cached)."""
    stamp = section.computed_at.timestamp() if section.computed_at else 0
    key = f"plans-risk-files:{section.pk}:{section.input_stamp}:{stamp}:{lang}"
    found = cache.get(key)
    if found is None:
        found = risk.files(document, lang)
        cache.set(key, found, 3600)
    return found


@require_GET
def download(request, pk: int, name: str):
    plan, section = _load(request, pk)
    document = section.result
    if not document:
        raise Http404
    lang = _lang()
    files = _files(section, document, lang)
    if name not in files:
        raise Http404
    prefix = "SYNTHETIC_" if document.get("synthetic") else ""
    return _attachment(files[name], f"{prefix}risk_{plan.province}_{name}")


__all__ = ["risk_context", "section_page"]
