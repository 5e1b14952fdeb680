"""Reading the adaptation section's forms (action, weights and settings, reasons).

The forms are plain HTML (the page builds them from the register and the shipped
vocabularies); these functions turn the posted values into the section's stored
form. Nothing is checked here beyond reading numbers and years: the core checks every
value (:func:`climateplan.plans.adaptation.compute`), so a form row and a stored row
are judged alike and every problem comes back located and bilingual. A value that is
not a number is kept as typed, so the core names it.

Years are typed as people read them: Buddhist Era on Thai pages, Common Era on
English ones (a year above ``forms.BE_FROM`` is read as Buddhist Era on either page).
"""

from __future__ import annotations

from climateplan.adaptation import reference
from climateplan.adaptation.actions import INDICATOR_KINDS, SCORE_COLUMNS, split_list
from climateplan.plans.adaptation import AdaptationInputs
from climateplan.plans.adaptation.inputs import CUSTOM, SETTING_FIELDS
from climateplan.plans.web.forms import ce_year, shown_year
from climateplan.plans.web.models import BudgetLine
from climateplan.plans.web.sections import ActionData
from climateplan.reference.agencies import agency_name, find_agency
from climateplan.site.bilingual import is_thai

CODE_MAX = 32
NAME_MAX = 300
BUDGET_ROWS_BLANK = 3
INDICATOR_ROWS_BLANK = 2
NUMBER_FIELDS = (
    "lifetime_years",
    *SCORE_COLUMNS,
    "likelihood_reduction",
    "consequence_reduction",
    "eai_reduction_pct",
    "avoided_eai_thb_per_year",
    "running_thb_per_year",
    "capital_thb",
)
TEXT_FIELDS = (
    "type",
    "status",
    "mitigation_measure",
    "co_benefits",
    "co_benefits_th",
    "description_en",
    "description_th",
)
LIST_FIELDS = ("hazards", "sectors", "areas", "vulnerable_groups")


def _number(text: str):
    """A typed number as a float; blank -> None; anything else kept as typed."""
    text = (text or "").replace(",", "").strip()
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return text


def _year(text: str):
    value = _number(text)
    if isinstance(value, float) and value == int(value):
        return ce_year(int(value))
    return value


def agency_code(text: str) -> str:
    """An agency typed as its code or its Thai or English name -> its code (as typed
    when unknown: the core names it)."""
    text = (text or "").strip()
    table = reference.agencies()
    for code, en, th in zip(table["code"], table["en"], table["th"], strict=True):
        if text.lower() in (code.lower(), en.lower()) or text == th:
            return code
    return text


def agency_stored(text: str) -> str:
    """An agency typed as its code or its Thai or English name -> the Thai name a plan
    stores (as reduction measures do); as typed when unknown (the core names it)."""
    text = (text or "").strip()
    try:
        return str(find_agency(text)["th"])
    except KeyError:
        return text


def agency_shown(text: str, lang: str | None = None) -> str:
    """A stored agency (code or name) as the page names it, in its language."""
    lang = lang or ("th" if is_thai() else "en")
    return agency_name(text, lang) if text else ""


def _rows(post, prefix: str, fields: tuple[str, ...], *, filled=None) -> list[dict]:
    """The posted rows of a table; a row none of whose ``filled`` fields (default: all)
    holds a value is a blank row of the form (a select's default alone does not count)."""
    columns = {f: post.getlist(f"{prefix}_{f}") for f in fields}
    n = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(n):
        row = {f: (columns[f][i] if i < len(columns[f]) else "").strip() for f in fields}
        if any(row[f] for f in filled or fields):
            rows.append(row)
    return rows


def action_from_post(post, criteria: list[dict] | None = None) -> tuple[ActionData, dict]:
    """The posted action form as an :class:`ActionData` and the values to show again."""
    data: dict = {}
    for name in LIST_FIELDS:
        data[name] = [v for v in post.getlist(name) if v.strip()]
    for name in NUMBER_FIELDS:
        data[name] = _number(post.get(name, ""))
    for name in TEXT_FIELDS:
        data[name] = (post.get(name) or "").strip()[:2000]
    if not data["areas"]:
        data["areas"] = ["province"]
    data["indicators"] = [
        {
            "kind": r["kind"],
            "name_th": r["name_th"],
            "name_en": r["name_en"],
            "unit": r["unit"],
            "baseline": _number(r["baseline"]),
            "target": _number(r["target"]),
            "year": _year(r["year"]),
        }
        for r in _rows(
            post, "ind", ("kind", "name_th", "name_en", "unit", "baseline", "target", "year")
        )
    ]
    data["criteria"] = {
        c["id"]: _number(post.get(f"criterion_{c['id']}", "")) for c in criteria or []
    }
    budget = [
        {
            "fiscal_year": _year(r["fiscal_year"]),
            "amount": _number(r["amount"]),
            "kind": r["kind"] or BudgetLine.Kind.CAPITAL,
            "source": r["source"],
            "note": r["note"][:500],
        }
        for r in _rows(
            post,
            "budget",
            ("fiscal_year", "amount", "kind", "source", "note"),
            filled=("fiscal_year", "amount", "source", "note"),
        )
    ]
    action = ActionData(
        code=(post.get("code") or "").strip()[:CODE_MAX],
        name_th=(post.get("name_th") or "").strip()[:NAME_MAX],
        name_en=(post.get("name_en") or "").strip()[:NAME_MAX],
        library_id=(post.get("library_id") or "").strip()[:64],
        data=data,
        owner_agency=agency_stored(post.get("owner_agency", ""))[:200],
        co_agencies=[agency_stored(c) for c in split_list(post.get("co_agencies", ""))],
        start_year=_year(post.get("start_year", "")),
        end_year=_year(post.get("end_year", "")),
        budget=budget,
    )
    return action, values_of(action)


def _shown_number(value):
    """A stored number as the form compares it (a number typed as text becomes one)."""
    if isinstance(value, str):
        return _number(value)
    return value


def values_of(action: ActionData | dict) -> dict:
    """An action as the form shows it (years in the page's era)."""
    a = action.as_dict() if isinstance(action, ActionData) else dict(action)
    data = dict(a.get("data") or {})

    def shown(year):
        return shown_year(year) if isinstance(year, int) else year

    return {
        **{k: a.get(k) for k in ("code", "name_th", "name_en", "library_id")},
        "owner_agency": agency_shown(a.get("owner_agency") or ""),
        "co_agencies_text": "; ".join(agency_shown(c) for c in a.get("co_agencies") or []),
        "start_year": shown(a.get("start_year")),
        "end_year": shown(a.get("end_year")),
        **{k: _shown_number(data.get(k)) for k in NUMBER_FIELDS},
        **{k: data.get(k) for k in TEXT_FIELDS},
        **{k: list(data.get(k) or []) for k in LIST_FIELDS},
        "criteria": dict(data.get("criteria") or {}),
        "indicators": [{**i, "year": shown(i.get("year"))} for i in data.get("indicators") or []],
        "budget": [
            {**b, "fiscal_year": shown(b.get("fiscal_year"))} for b in a.get("budget") or []
        ],
    }


def inputs_from_post(post, current: AdaptationInputs) -> AdaptationInputs:
    """The weights and settings form: a preset or custom weights, the province's own
    criteria, and the settings (blank = the default)."""
    inputs = AdaptationInputs.from_json(current.to_json())
    preset = (post.get("weights_preset") or "").strip()
    inputs.weights_preset = preset or inputs.weights_preset
    if inputs.weights_preset == CUSTOM:
        inputs.weights = {
            key.removeprefix("w_"): _number(value)
            for key, value in post.items()
            if key.startswith("w_") and value.strip() != ""
        }
        inputs.province_criteria = [
            {
                "id": r["id"],
                "en": r["en"],
                "th": r["th"],
                "min": _number(r["min"]),
                "max": _number(r["max"]),
                "transform": r["transform"] or "linear",
                "direction": r["direction"] or "higher_better",
                "weight": _number(r["weight"]),
            }
            for r in _rows(
                post, "own", ("id", "en", "th", "min", "max", "transform", "direction", "weight")
            )
            if any(r[k] for k in ("id", "en", "th", "min", "max", "weight"))
        ]
    for name in (*SETTING_FIELDS, "eai_thb_per_unit"):
        if name in post:
            value = _number(post.get(name, ""))
            if name == "eai_thb_per_unit" and value is None:
                value = 1.0
            setattr(inputs, name, value)
    return inputs


def reasons_from_post(post) -> list[dict]:
    hazards = post.getlist("reason_hazard")
    en = post.getlist("reason_en")
    th = post.getlist("reason_th")
    out = []
    for i, hazard in enumerate(hazards):
        row = {
            "hazard": hazard.strip(),
            "reason_en": (en[i] if i < len(en) else "").strip()[:1000],
            "reason_th": (th[i] if i < len(th) else "").strip()[:1000],
        }
        if row["reason_en"] or row["reason_th"]:
            out.append(row)
    return out


def indicator_kinds() -> list[tuple[str, str]]:
    th = is_thai()
    return [(k, v[1] if th else v[0]) for k, v in INDICATOR_KINDS.items()]


def vocabulary_choices(kind: str) -> list[tuple[str, str]]:
    table = reference.vocabulary(kind)
    th = is_thai()
    return [(k, r.th if th else r.en) for k, r in table.iterrows()]


def budget_source_choices() -> list[tuple[str, str]]:
    th = is_thai()
    return [(v, label.split(" / ")[1 if th else 0]) for v, label in BudgetLine.Source.choices]


def budget_kind_choices() -> list[tuple[str, str]]:
    th = is_thai()
    return [(v, label.split(" / ")[1 if th else 0]) for v, label in BudgetLine.Kind.choices]
