"""The option library as the section's page offers it: options filtered by the
hazards of the plan's register (and sector, type, text), and a new action made from
one option with the library's values filled in (docs/adaptation.md, "The option
library"; the library's effectiveness, reductions and lives are judgement, marked as
assumptions in each option)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from climateplan.adaptation import reference
from climateplan.adaptation.actions import split_list
from climateplan.errors import InputError, Problem


def _option_dict(row) -> dict:
    return {
        "id": row["id"],
        "en": row["en"],
        "th": row["th"],
        "type": row["type"],
        "hazards": split_list(row["hazards"]),
        "sectors": split_list(row["sectors"]),
        "vulnerable_groups": split_list(row["vulnerable_groups"]),
        "lead_agency": row["lead_agency"],
        "co_agencies": split_list(row["co_agencies"]),
        "effectiveness": int(row["effectiveness"]),
        "likelihood_reduction": int(row["likelihood_reduction"]),
        "consequence_reduction": int(row["consequence_reduction"]),
        "lifetime_years": int(row["lifetime_years"]),
        "mitigation_measure": row["mitigation_measure"],
        "co_benefits_en": row["co_benefits_en"],
        "co_benefits_th": row["co_benefits_th"],
        "cost_note": row["cost_note"],
        "source": row["source"],
        "assumptions": row["assumptions"],
    }


def library_options(filters: Mapping[str, object] | None = None) -> list[dict]:
    """The options matching ``filters``: ``hazards`` (an option answering any of them:
    the register's hazards), ``sector``, ``type``, ``search`` (Thai or English name)."""
    filters = dict(filters or {})
    table = reference.options()
    hazards = set(filters.get("hazards") or [])
    sector = filters.get("sector") or ""
    kind = filters.get("type") or ""
    search = str(filters.get("search") or "").strip().lower()
    out = []
    for _, row in table.iterrows():
        option = _option_dict(row)
        if hazards and not hazards & set(option["hazards"]):
            continue
        if sector and sector not in option["sectors"]:
            continue
        if kind and option["type"] != kind:
            continue
        if search and search not in option["en"].lower() and search not in option["th"]:
            continue
        out.append(option)
    return out


def option(option_id: str) -> dict:
    table = reference.options().set_index("id", drop=False)
    if option_id not in table.index:
        raise InputError(
            [
                Problem(
                    f"unknown library option {option_id!r}",
                    f"ไม่รู้จักทางเลือก {option_id!r} ในคลังทางเลือก",
                    column="option",
                    value=str(option_id),
                )
            ]
        )
    return _option_dict(table.loc[option_id])


def action_from_option(
    option_id: str,
    *,
    code: str = "",
    register_hazards: Iterable[str] | None = None,
    reduction_measures: Mapping[str, str] | None = None,
    start_year: int | None = None,
    end_year: int | None = None,
) -> dict:
    """A new action (the form of :mod:`climateplan.plans.adaptation.rows`) with the
    library option's values: its hazards that are in the register, sectors, groups,
    agencies, effectiveness, reductions, life and co-benefits. The working group's
    feasibility and co-benefit scores, the budget and the areas are left for the
    province to fill (the page opens this as a pre-filled form). The linked reduction measure is the
    plan's own measure made from the same mitigation library entry
    (``reduction_measures``: library id -> the plan's measure code), else none."""
    o = option(option_id)
    hazards = o["hazards"]
    if register_hazards is not None:
        hazards = [h for h in hazards if h in set(register_hazards)]
    measure = (reduction_measures or {}).get(o["mitigation_measure"], "")
    return {
        "code": code,
        "name_th": o["th"],
        "name_en": o["en"],
        "library_id": o["id"],
        "owner_agency": o["lead_agency"],
        "co_agencies": o["co_agencies"],
        "start_year": start_year,
        "end_year": end_year,
        "kpi": {},
        "budget": [],
        "data": {
            "hazards": hazards,
            "sectors": o["sectors"],
            "areas": ["province"],
            "vulnerable_groups": o["vulnerable_groups"],
            "type": o["type"],
            "status": "planned",
            "lifetime_years": o["lifetime_years"],
            "effectiveness": o["effectiveness"],
            "feasibility_technical": None,
            "feasibility_institutional": None,
            "co_benefits_score": None,
            "likelihood_reduction": o["likelihood_reduction"],
            "consequence_reduction": o["consequence_reduction"],
            "running_thb_per_year": 0,
            "mitigation_measure": measure,
            "co_benefits": o["co_benefits_en"],
            "co_benefits_th": o["co_benefits_th"],
            "description_en": "",
            "description_th": "",
            "indicators": [],
        },
    }
