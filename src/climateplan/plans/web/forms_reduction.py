"""Forms of the reduction section: they turn posted fields into the core's rows.

Cells are kept as text (numbers as numbers when they read as numbers, years in the
Common Era): the core checks them with the engine's rules and names every problem.
Years may be typed in the Buddhist Era (2573) or the Common Era (2030).
"""

from __future__ import annotations

from django import forms

from climateplan.errors import Problem
from climateplan.mitigation._tables import parse_number, parse_year
from climateplan.mitigation.aggregate import BASIS_LABELS
from climateplan.mitigation.measures import KIND_LABELS, STATUS_LABELS
from climateplan.plans import reduction as core
from climateplan.plans.web.models import BudgetLine
from climateplan.plans.web.sections import ActionData
from climateplan.site.bilingual import is_thai, pick

BE = 543
DRIVER_FIELDS = (
    "driver",
    "year",
    "value",
    "growth_pct",
    "elasticity",
    "elasticity_to",
    "interpolation",
    "province",
    "unit",
    "source",
    "note",
)
NUMBER_FIELDS = {
    "value",
    "growth_pct",
    "elasticity",
    "order",
    "effect_pct",
    "reduction_t",
    "uptake_pct",
    "ramp_years",
    "switch_ratio",
    "old_mj_per_km",
    "new_kwh_per_km",
    "investment",
    "om_per_year",
    "savings_per_year",
    "savings_per_kwh",
    "lifetime_years",
    "discount_rate_pct",
    "reduction_pct",
    "amount",
    "baseline",
    "target",
}
# engine cells of a measure the form offers (the rest of the engine's columns are kept
# as they were, e.g. from the library)
SELECTOR_FIELDS = ("gpc_ref", "subsector", "sector", "scope", "method", "activity", "flow")
EFFECT_FIELDS = ("gases", "effect_pct", "reduction_t", "uptake_pct", "ramp_years")
SWITCH_FIELDS = (
    "switch_to",
    "switch_gpc_ref",
    "switch_ratio",
    "old_mj_per_km",
    "new_kwh_per_km",
)
COST_FIELDS = (
    "cost_basis",
    "investment",
    "om_per_year",
    "savings_per_year",
    "savings_per_kwh",
    "lifetime_years",
    "discount_rate_pct",
)
SOURCE_FIELDS = ("source", "source_effect", "source_uptake", "source_cost", "note")
ENGINE_FIELDS = (
    "kind",
    "status",
    "order",
    *SELECTOR_FIELDS,
    *EFFECT_FIELDS,
    *SWITCH_FIELDS,
    *COST_FIELDS,
    *SOURCE_FIELDS,
)
KPI_KEYS = ("name_th", "name_en", "unit", "baseline", "baseline_year", "target", "target_year")
CODE_MAX = 32  # Action.code
# lengths of the stored fields (Action.name_th, name_en, owner_agency)
TEXT_MAX = {"name_th": 300, "name_en": 300, "owner_agency": 200}


def typed(name: str, text) -> object:
    """A posted cell as stored: blank -> None, numbers as numbers, years in CE."""
    text = str(text if text is not None else "").strip()
    if text == "":
        return None
    if name.endswith("year"):
        year = parse_year(text)
        return year if year is not None else text
    if name in NUMBER_FIELDS:
        number = parse_number(text)
        if number is None:
            return text
        return int(number) if float(number).is_integer() and "." not in text else float(number)
    return text


def shown_year(value) -> object:
    """A stored CE year as the page shows it (BE on Thai pages)."""
    if isinstance(value, int) and 1900 <= value <= 2200 and is_thai():
        return value + BE
    return "" if value is None else value


def rows_from_post(post, fields: tuple[str, ...], prefix: str) -> list[dict]:
    """Table rows posted as parallel lists (``<prefix>-<field>``); blank rows and rows
    ticked ``<prefix>-remove`` are left out. Each row keeps its ``<prefix>-index``."""
    columns = {f: post.getlist(f"{prefix}-{f}") for f in fields}
    indexes = post.getlist(f"{prefix}-index")
    removed = set(post.getlist(f"{prefix}-remove"))
    count = max((len(v) for v in columns.values()), default=0)
    rows = []
    for i in range(count):
        index = indexes[i] if i < len(indexes) else ""
        if index and index in removed:
            continue
        row = {}
        for f in fields:
            values = columns[f]
            value = typed(f, values[i] if i < len(values) else "")
            if value is not None:
                row[f] = value
        if row:
            row["_index"] = index
            rows.append(row)
    return rows


def drivers_from_post(post, stored: list[dict]) -> list[dict]:
    """The drivers table as posted; a row left as the default it was keeps its flag."""
    out = []
    for row in rows_from_post(post, DRIVER_FIELDS, "drv"):
        index = row.pop("_index")
        before = None
        if index.isdigit() and int(index) < len(stored):
            before = stored[int(index)]
        if before and before.get("is_default"):
            same = all(_same(before.get(f), row.get(f)) for f in DRIVER_FIELDS)
            if same:
                row["is_default"] = True
        out.append(row)
    return out


def _same(a, b) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


class UploadForm(forms.Form):
    revision = forms.IntegerField()
    file = forms.FileField()
    table = forms.ChoiceField(
        required=False,
        choices=[("", "—"), *((t, t) for t in ("drivers", "grid_ef", "measures", "targets"))],
    )


def kind_choices() -> list[tuple[str, str]]:
    return [(k, f"{th} ({k})" if is_thai() else en) for k, (en, th) in KIND_LABELS.items()]


def status_choices() -> list[tuple[str, str]]:
    return [(k, th if is_thai() else en) for k, (en, th) in STATUS_LABELS.items()]


def target_kind_choices() -> list[tuple[str, str]]:
    return [(k, th if is_thai() else en) for k, (en, th) in core.TARGET_KIND_LABELS.items()]


def basis_choices() -> list[tuple[str, str]]:
    return [(k, th if is_thai() else en) for k, (en, th) in BASIS_LABELS.items()]


def budget_source_choices() -> list[tuple[str, str]]:
    return [
        (k, pick({"name_en": en, "name_th": th}, "name"))
        for k, (en, th) in core.BUDGET_SOURCES.items()
    ]


def budget_kind_choices() -> list[tuple[str, str]]:
    return [
        (value, label.split(" / ")[1 if is_thai() else 0])
        for value, label in BudgetLine.Kind.choices
    ]


def target_from_post(post) -> dict:
    """A province target from the add form."""
    row = {}
    for f in ("name", "kind", "value", "year", "basis", "source"):
        value = typed(f, post.get(f, ""))
        if value is not None:
            row[f] = value
    return row


def measure_from_post(post) -> tuple[ActionData, dict]:
    """The measure form as an action, and the form's values to show it again."""
    values = {
        k: (post.get(k) or "").strip()
        for k in (
            "id",
            "name_th",
            "name_en",
            "library_id",
            "owner_agency",
            "start_year",
            "end_year",
            *ENGINE_FIELDS,
        )
    }
    data = {}
    for f in ENGINE_FIELDS:
        value = typed(f, values[f])
        if value is not None:
            data[f] = value
    co = [a.strip() for a in post.getlist("co_agencies") for a in a.split(";") if a.strip()]
    values["co_agencies"] = co
    kpi = {}
    for key in KPI_KEYS:
        text = (post.get(f"kpi_{key}") or "").strip()
        values[f"kpi_{key}"] = text
        value = typed(key, text)
        if value is not None:
            kpi[key] = value
    budget = []
    fields = ("fiscal_year", "amount", "kind", "source", "note")
    lists = {f: post.getlist(f"budget-{f}") for f in fields}
    count = max(len(v) for v in lists.values()) if lists else 0
    shown = []
    for i in range(count):
        cells = {f: (lists[f][i] if i < len(lists[f]) else "").strip() for f in fields}
        if not (cells["fiscal_year"] or cells["amount"]):
            continue
        shown.append(cells)
        amount = typed("amount", cells["amount"])
        budget.append(
            {
                "fiscal_year": typed("fiscal_year", cells["fiscal_year"]),
                "amount": float(amount) if isinstance(amount, (int, float)) else amount,
                "kind": cells["kind"] or BudgetLine.Kind.CAPITAL,
                "source": cells["source"],
                "note": cells["note"],
            }
        )
    values["budget"] = shown
    start, end = typed("start_year", values["start_year"]), typed("end_year", values["end_year"])
    action = ActionData(
        code=values["id"],
        name_th=values["name_th"],
        name_en=values["name_en"],
        library_id=values["library_id"],
        data=data,
        owner_agency=values["owner_agency"],
        co_agencies=co,
        start_year=start if isinstance(start, int) else None,
        end_year=end if isinstance(end, int) else None,
        kpi=kpi,
        budget=budget,
    )
    # a year that did not read as a year goes to the core as typed, to be named there
    if values["start_year"] and not isinstance(start, int):
        action.data["start_year"] = values["start_year"]
    if values["end_year"] and not isinstance(end, int):
        action.data["end_year"] = values["end_year"]
    return action, values


def _plain_number(value):
    """3000000.0 -> 3000000 (as typed), other values unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def measure_values(action: ActionData) -> dict:
    """A stored action as the form's values (years as the page shows them)."""
    values = {f: "" if action.data.get(f) is None else action.data.get(f) for f in ENGINE_FIELDS}
    values.update(
        {
            "id": action.code,
            "name_th": action.name_th,
            "name_en": action.name_en,
            "library_id": action.library_id,
            "owner_agency": action.owner_agency,
            "co_agencies": list(action.co_agencies),
            "start_year": shown_year(action.start_year),
            "end_year": shown_year(action.end_year),
        }
    )
    for key in KPI_KEYS:
        value = action.kpi.get(key)
        values[f"kpi_{key}"] = (
            shown_year(value) if key.endswith("year") else ("" if value is None else value)
        )
    values["budget"] = [
        {
            "fiscal_year": shown_year(b.get("fiscal_year")),
            "amount": _plain_number(b.get("amount")),
            "kind": b.get("kind") or "",
            "source": b.get("source") or "",
            "note": b.get("note") or "",
        }
        for b in action.budget
    ]
    return values


def _library_row(library_id: str) -> dict | None:
    if not library_id:
        return None
    return next((r for r in core.library_measures() if r["id"] == library_id), None)


def action_from_core_row(row: dict) -> ActionData:
    """A core measure row (library or upload) as an action: plan attributes apart, the
    engine's cells in ``data``."""
    plan_keys = {
        "id",
        "name_th",
        "name_en",
        "library_id",
        "owner_agency",
        "co_agencies",
        "budget",
        "kpi",
        "start_year",
        "end_year",
        "is_default",
        "from_library",
    }
    data = {k: v for k, v in row.items() if k not in plan_keys and v not in (None, "")}
    library_id = str(row.get("library_id") or row.get("from_library") or "")
    library = _library_row(library_id)
    if library:
        # a row that starts from the library names it as its provenance; the names and
        # kind it leaves blank are the library's (shown in lists, tables and charts)
        row = {**row, **{k: library[k] for k in ("name_th", "name_en") if not row.get(k)}}
        if not data.get("kind") and library.get("kind"):
            data["kind"] = library["kind"]
    if row.get("from_library"):
        data["from_library"] = row["from_library"]  # the engine's merge of library cells
    start = typed("start_year", row.get("start_year"))
    end = typed("end_year", row.get("end_year"))
    co = row.get("co_agencies") or []
    if isinstance(co, str):
        co = [a.strip() for a in co.split(";") if a.strip()]
    budget = []
    for line in row.get("budget") or []:
        amount = line.get("amount_thb", line.get("amount"))
        budget.append(
            {
                "fiscal_year": line.get("fiscal_year"),
                "amount": float(amount) if isinstance(amount, (int, float)) else amount,
                "kind": line.get("kind") or BudgetLine.Kind.CAPITAL,
                "source": line.get("source") or "",
                "note": line.get("note") or "",
            }
        )
    return ActionData(
        code=str(row.get("id") or row.get("library_id") or ""),
        name_th=str(row.get("name_th") or row.get("name_en") or row.get("id") or ""),
        name_en=str(row.get("name_en") or ""),
        library_id=library_id if library else str(row.get("library_id") or ""),
        data=data,
        owner_agency=str(row.get("owner_agency") or ""),
        co_agencies=[str(a) for a in co],
        start_year=start if isinstance(start, int) else None,
        end_year=end if isinstance(end, int) else None,
        kpi=dict(row.get("kpi") or {}),
        budget=budget,
    )


FIELD_LABELS = {
    "gpc_ref": ("GPC reference (e.g. V.3)", "รหัส GPC (เช่น V.3)"),
    "subsector": ("GPC sub-sector (e.g. I.1)", "สาขาย่อย GPC (เช่น I.1)"),
    "sector": ("GPC sector (I ... VI)", "สาขา GPC (I ... VI)"),
    "scope": ("Scope (1, 2, 3)", "ขอบเขต (1, 2, 3)"),
    "method": ("Method (e.g. rice_cultivation)", "วิธีคำนวณ (เช่น rice_cultivation)"),
    "activity": ("Activity (e.g. diesel)", "กิจกรรม (เช่น diesel)"),
    "flow": ("Flow (emission or removal)", "ทิศทาง (emission หรือ removal)"),
    "gases": ("Gases (co2; ch4; n2o; blank = all)", "ก๊าซ (co2; ch4; n2o; เว้นว่าง = ทั้งหมด)"),
    "effect_pct": ("Effect at full uptake (%)", "ผลการลดเมื่อดำเนินการเต็มที่ (%)"),
    "reduction_t": ("Reduction (t CO2e per year)", "ปริมาณที่ลด (ตัน CO2e ต่อปี)"),
    "uptake_pct": ("Uptake at full scale (%)", "สัดส่วนที่ดำเนินการได้เต็มที่ (%)"),
    "ramp_years": ("Years to full uptake", "จำนวนปีจนดำเนินการได้เต็มที่"),
    "switch_to": ("New energy carrier", "พลังงานใหม่ที่เปลี่ยนไปใช้"),
    "switch_gpc_ref": ("GPC reference of the new carrier", "รหัส GPC ของพลังงานใหม่"),
    "switch_ratio": ("Emissions ratio new/old", "อัตราส่วนการปล่อย ใหม่/เดิม"),
    "old_mj_per_km": ("Old vehicles: MJ per km", "ยานพาหนะเดิม: MJ ต่อ กม."),
    "new_kwh_per_km": ("Electric vehicles: kWh per km", "ยานพาหนะไฟฟ้า: kWh ต่อ กม."),
    "cost_basis": ("Cost basis (per_t or total)", "ฐานต้นทุน (per_t หรือ total)"),
    "investment": ("Investment (THB)", "เงินลงทุน (บาท)"),
    "om_per_year": ("Running cost per year (THB)", "ค่าดำเนินการต่อปี (บาท)"),
    "savings_per_year": ("Savings per year (THB)", "ค่าใช้จ่ายที่ประหยัดได้ต่อปี (บาท)"),
    "savings_per_kwh": ("Savings per kWh avoided (THB)", "ค่าใช้จ่ายที่ประหยัดได้ต่อ kWh (บาท)"),
    "lifetime_years": ("Lifetime (years)", "อายุการใช้งาน (ปี)"),
    "discount_rate_pct": ("Discount rate (% a year)", "อัตราคิดลด (% ต่อปี)"),
    "source": ("Source", "แหล่งที่มา"),
    "source_effect": ("Source of the effect", "ที่มาของผลการลด"),
    "source_uptake": ("Source of the uptake", "ที่มาของสัดส่วนการดำเนินการ"),
    "source_cost": ("Source of the costs", "ที่มาของต้นทุน"),
    "note": ("Note", "หมายเหตุ"),
}


def field_rows(names: tuple[str, ...], values: dict) -> list[dict]:
    """The form's inputs of a group of engine fields (name, label, value)."""
    rows = []
    for name in names:
        en, th = FIELD_LABELS.get(name, (name, name))
        value = values.get(name)
        rows.append(
            {
                "name": name,
                "label": th if is_thai() else en,
                "value": "" if value is None else value,
                "long": name.startswith("source") or name == "note",
            }
        )
    return rows


def stored_field_problems(action: ActionData) -> list[Problem]:
    """A measure's code and texts must fit where they are stored."""
    problems = []
    if len(action.code) > CODE_MAX:
        problems.append(
            Problem(
                f"the measure id {action.code!r} is longer than {CODE_MAX} characters",
                f"รหัสมาตรการ {action.code!r} ยาวเกิน {CODE_MAX} ตัวอักษร",
                column="id",
                value=action.code[:80],
            )
        )
    for name, limit in TEXT_MAX.items():
        text = getattr(action, name) or ""
        if len(text) > limit:
            problems.append(
                Problem(
                    f"{name} is longer than {limit} characters ({len(text)})",
                    f"{name} ยาวเกิน {limit} ตัวอักษร ({len(text)})",
                    column=name,
                )
            )
    return problems
