"""Reading and checking a province's adaptation actions.

An action file is one table (CSV, or the ``actions`` sheet of an XLSX workbook), one
row per action; three optional tables go with it (other files, or sheets of the same
workbook): ``costs`` (capital and running cost by fiscal year and funding source),
``indicators`` (output and outcome indicators) and ``reasons`` (why a high or very-high
risk of the register has no action). docs/adaptation.md lists every column.

Every cell is checked against the plan's risk profile (hazards of its register, NAP
sectors and vulnerable groups of its framework, the province's districts) and the
shipped vocabularies (action types, funding sources, agencies, the option library, the
reduction measures). Every problem is collected with its file, sheet, row and column
and raised at once: nothing is computed or written from a file with a problem.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from climateplan.adaptation import reference
from climateplan.adaptation.context import RiskContext, districts_of
from climateplan.errors import ProblemCollector
from climateplan.mitigation._tables import RawTable, read_table
from climateplan.uploads import check_file

BE_OFFSET = 543  # Buddhist Era year = Common Era year + 543
BE_FROM = 2400  # a year at or above this is read as Buddhist Era
MIN_YEAR, MAX_YEAR = 1990, 2200  # Common Era
WHOLE_PROVINCE = ("province", "ทั้งจังหวัด", "all", "")
LIST_SEPARATORS = (";", ",", "|")

REQUIRED = ("code", "name_en", "name_th", "hazards", "sectors", "type", "lead_agency")
SCORE_COLUMNS = (
    "effectiveness",
    "feasibility_technical",
    "feasibility_institutional",
    "co_benefits_score",
)
OPTION_FILLS = {
    "name_en": "en",
    "name_th": "th",
    "type": "type",
    "hazards": "hazards",
    "sectors": "sectors",
    "vulnerable_groups": "vulnerable_groups",
    "lead_agency": "lead_agency",
    "co_agencies": "co_agencies",
    "effectiveness": "effectiveness",
    "likelihood_reduction": "likelihood_reduction",
    "consequence_reduction": "consequence_reduction",
    "lifetime_years": "lifetime_years",
    "mitigation_measure": "mitigation_measure",
    "co_benefits": "co_benefits_en",
}
COST_COLUMNS = ("action", "fiscal_year", "capital_thb", "running_thb", "funding")
INDICATOR_COLUMNS = ("action", "kind", "name_en", "name_th", "unit", "baseline", "target", "year")
REASON_COLUMNS = ("hazard", "reason_en", "reason_th")
INDICATOR_KINDS = {"output": ("Output", "ผลผลิต"), "outcome": ("Outcome", "ผลลัพธ์")}


@dataclass
class ActionSet:
    """The checked actions of one plan and the tables that go with them."""

    actions: pd.DataFrame  # one row per action (lists as tuples, years in CE)
    costs: pd.DataFrame  # code, fiscal_year (CE), capital_thb, running_thb, funding
    indicators: pd.DataFrame
    reasons: pd.DataFrame  # hazard, reason_en, reason_th
    agencies: pd.DataFrame = field(default_factory=reference.agencies)  # code, en, th
    notes: list = field(default_factory=list)


def _aliases(ids_labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Lower-case id, English and Thai names -> id."""
    out = {}
    for key, names in ids_labels.items():
        for name in (key, *names):
            if name:
                out[str(name).strip().lower()] = key
    return out


class Vocabulary:
    """The values a cell may hold, from the risk profile and the shipped reference."""

    def __init__(self, context: RiskContext, measures: set[str], agencies: pd.DataFrame) -> None:
        fw = context.framework
        self.hazards = _aliases(
            {h.id: (h.name.en, h.name.th, h.short.en, h.short.th) for h in fw.hazards.values()}
        )
        self.in_profile = set(context.register["hazard"])
        self.sectors = _aliases({k: (v.en, v.th) for k, v in fw.nap_sectors.items()})
        self.groups = _aliases({k: (v.en, v.th) for k, v in fw.vulnerable_groups.items()})
        self.types = _aliases(
            {k: (r.en, r.th) for k, r in reference.vocabulary("action_type").iterrows()}
        )
        self.funding = _aliases(
            {k: (r.en, r.th) for k, r in reference.vocabulary("funding").iterrows()}
        )
        self.status = _aliases(
            {k: (r.en, r.th) for k, r in reference.vocabulary("status").iterrows()}
        )
        self.agencies = _aliases(
            {
                code: (en, th)
                for code, en, th in zip(
                    agencies["code"], agencies["en"], agencies["th"], strict=True
                )
            }
        )
        self.agencies.update({code.lower(): code for code in agencies["code"]})
        districts = districts_of(context.code)
        self.districts = _aliases(
            {
                code: (en, th)
                for code, en, th in zip(
                    districts["code"], districts["en"], districts["th"], strict=True
                )
            }
        )
        self.district_names = (
            "province (the whole province) or "
            + ", ".join(
                f"{c} {en}" for c, en in zip(districts["code"], districts["en"], strict=True)
            ),
            "ทั้งจังหวัด (province) หรือ "
            + ", ".join(
                f"{c} {th}" for c, th in zip(districts["code"], districts["th"], strict=True)
            ),
        )
        self.options = reference.options().set_index("id")
        self.measures = measures
        self.context = context


class Cells:
    """Parsers of one table's cells; each problem located and bilingual."""

    def __init__(self, table: RawTable, collector: ProblemCollector) -> None:
        self.table = table
        self.collector = collector

    def problem(self, row: int, column: str, value: str, en: str, th: str) -> None:
        self.collector.add(
            en, th, **self.table.location(), row=int(row), column=column, value=value
        )

    def number(
        self,
        row: int,
        column: str,
        text: str,
        *,
        required: bool = False,
        low: float | None = None,
        high: float | None = None,
        what: tuple[str, str] = ("a number", "ตัวเลข"),
    ) -> float:
        text = str(text).replace(",", "").replace("_", "").strip()
        if text == "":
            if required:
                self.problem(row, column, "", f"{what[0]} is required", f"ต้องระบุ{what[1]}")
            return math.nan
        try:
            value = float(text)
        except ValueError:
            self.problem(
                row,
                column,
                text,
                f"expected {what[0]}, found {text!r}",
                f"ต้องเป็น{what[1]} แต่พบ {text!r}",
            )
            return math.nan
        if not math.isfinite(value):
            self.problem(
                row,
                column,
                text,
                f"expected {what[0]}, found {text!r}",
                f"ต้องเป็น{what[1]} แต่พบ {text!r}",
            )
            return math.nan
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"{low:g} to {high:g}" if high is not None else f"at least {low:g}"
            bounds_th = f"{low:g} ถึง {high:g}" if high is not None else f"ไม่น้อยกว่า {low:g}"
            self.problem(
                row,
                column,
                text,
                f"{value:g} is out of range: expected {bounds}",
                f"{value:g} อยู่นอกช่วง: ต้องอยู่ระหว่าง {bounds_th}",
            )
            return math.nan
        return value

    def year(self, row: int, column: str, text: str, *, required: bool = False) -> float:
        value = self.number(row, column, text, required=required, what=("a year", "ปี"))
        if math.isnan(value):
            return value
        ce = value - BE_OFFSET if value >= BE_FROM else value
        if ce != int(ce) or not MIN_YEAR <= ce <= MAX_YEAR:
            self.problem(
                row,
                column,
                str(text),
                f"expected a year ({MIN_YEAR}-{MAX_YEAR} CE or {MIN_YEAR + BE_OFFSET}-"
                f"{MAX_YEAR + BE_OFFSET} BE), found {text!r}",
                f"ต้องเป็นปี (ค.ศ. {MIN_YEAR}-{MAX_YEAR} หรือ พ.ศ. {MIN_YEAR + BE_OFFSET}-"
                f"{MAX_YEAR + BE_OFFSET}) แต่พบ {text!r}",
            )
            return math.nan
        return ce

    def one_of(
        self,
        row: int,
        column: str,
        text: str,
        allowed: dict[str, str],
        what: tuple[str, str],
        shown: tuple[str, str] | None = None,
    ) -> str:
        key = str(text).strip().lower()
        if key in allowed:
            return allowed[key]
        ids = ", ".join(sorted(set(allowed.values())))
        shown_en, shown_th = shown or (ids, ids)
        self.problem(
            row,
            column,
            str(text),
            f"unknown {what[0]} {text!r}: expected one of {shown_en}",
            f"ไม่รู้จัก{what[1]} {text!r}: ต้องเป็นหนึ่งใน {shown_th}",
        )
        return ""

    def many_of(
        self,
        row: int,
        column: str,
        text: str,
        allowed: dict[str, str],
        what: tuple[str, str],
        shown: tuple[str, str] | None = None,
    ) -> tuple[str, ...]:
        found = []
        for part in split_list(text):
            value = self.one_of(row, column, part, allowed, what, shown)
            if value and value not in found:
                found.append(value)
        return tuple(found)


def split_list(text: str) -> list[str]:
    text = str(text)
    for sep in LIST_SEPARATORS[1:]:
        text = text.replace(sep, LIST_SEPARATORS[0])
    return [p.strip() for p in text.split(LIST_SEPARATORS[0]) if p.strip()]


def _missing_columns(table: RawTable, needed: tuple[str, ...], collector: ProblemCollector) -> bool:
    absent = [c for c in needed if c not in table.frame.columns]
    if absent:
        collector.add(
            f"missing column(s): {', '.join(absent)} (docs/adaptation.md lists the columns)",
            f"ไม่มีคอลัมน์: {', '.join(absent)} (ดูรายการคอลัมน์ใน docs/adaptation.md)",
            **table.location(),
            row=1,
        )
    return bool(absent)


def _open(
    path: Path | None, sheet: str, collector: ProblemCollector, *, required: bool
) -> RawTable | None:
    if path is None:
        return None
    path = Path(path)
    if path.exists():
        problems = check_file(path)  # the upload guard: type, size, zip bomb
        if problems:
            collector.extend(problems)
            return None
    return read_table(path, sheet=sheet, collector=collector, required=required)


def measure_ids(path: Path | None, collector: ProblemCollector) -> set[str]:
    """Reduction measures an action may link to: the shipped library and, when given,
    the plan's own measures file (its ``id`` column)."""
    from climateplan.mitigation.measures import library_table

    ids = set(library_table()["id"])
    table = _open(path, "measures", collector, required=True)
    if table is not None and not _missing_columns(table, ("id",), collector):
        ids |= {i for i in table.frame["id"] if i}
    return ids


def agency_list(path: Path | None, collector: ProblemCollector) -> pd.DataFrame:
    """The shipped agencies and, when given, the province's own (``code, en, th``: a
    municipality, a provincial office not in the shipped list)."""
    shipped = reference.agencies()
    table = _open(path, "agencies", collector, required=True)
    if table is None or _missing_columns(table, ("code", "en", "th"), collector):
        return shipped
    cells = Cells(table, collector)
    own = table.frame[["code", "en", "th"]]
    own = own[(own != "").any(axis=1)]
    for row, record in own.iterrows():
        for column in ("code", "en", "th"):
            if not record[column]:
                cells.problem(row, column, "", f"{column} is required", f"ต้องระบุ {column}")
        if record["code"] in set(shipped["code"]):
            cells.problem(
                row,
                "code",
                record["code"],
                f"agency code {record['code']!r} is already a shipped agency",
                f"รหัสหน่วยงาน {record['code']!r} มีอยู่แล้วในรายการหน่วยงาน",
            )
    own = own.assign(level="own", source=f"{table.file}")
    return pd.concat([shipped, own], ignore_index=True)


def read_actions(
    path: Path,
    context: RiskContext,
    *,
    costs: Path | None = None,
    indicators: Path | None = None,
    reasons: Path | None = None,
    measures: Path | None = None,
    agencies: Path | None = None,
    extra_numeric: dict[str, tuple[float, float]] | None = None,
) -> ActionSet:
    """Read and check the actions (and their costs, indicators and reasons).

    ``extra_numeric`` names the province's own criteria columns with their scale (min,
    max). A workbook given as ``path`` may hold the costs, indicators and reasons as
    sheets of those names; a file given explicitly takes precedence.
    """
    collector = ProblemCollector()
    path = Path(path)
    workbook = path.suffix.lower() in (".xlsx", ".xlsm")
    agency_table = agency_list(agencies, collector)
    vocab = Vocabulary(context, measure_ids(measures, collector), agency_table)
    table = _open(path, "actions", collector, required=True)
    actions = pd.DataFrame()
    if table is not None and not _missing_columns(table, ("code",), collector):
        actions = _parse_actions(table, vocab, collector, extra_numeric or {})
    codes = set(actions["code"]) if not actions.empty else set()

    def side(given: Path | None, sheet: str) -> RawTable | None:
        if given is not None:
            return _open(given, sheet, collector, required=True)
        if workbook and table is not None:
            return _open(path, sheet, collector, required=False)
        return None

    cost_table = _parse_costs(side(costs, "costs"), codes, vocab, collector)
    indicator_table = _parse_indicators(side(indicators, "indicators"), codes, collector)
    reason_table = _parse_reasons(side(reasons, "reasons"), vocab, collector)
    collector.raise_if_any()
    schedule = cost_schedule(actions, cost_table)
    return ActionSet(actions, schedule, indicator_table, reason_table, agency_table)


def _parse_actions(
    table: RawTable,
    vocab: Vocabulary,
    collector: ProblemCollector,
    extra_numeric: dict[str, tuple[float, float]],
) -> pd.DataFrame:
    frame = table.frame
    cells = Cells(table, collector)
    absent = [c for c in REQUIRED if c not in frame.columns and "option" not in frame.columns]
    if _missing_columns(table, tuple(absent), collector):
        return pd.DataFrame()
    for name in extra_numeric:
        if name not in frame.columns:
            collector.add(
                f"the weights name the province's criterion {name!r}: the action file needs "
                "a column of that name (scores on the scale the weights give)",
                f"ไฟล์น้ำหนักระบุเกณฑ์ของจังหวัด {name!r}: ไฟล์มาตรการต้องมีคอลัมน์ชื่อนี้",
                **table.location(),
                row=1,
                column=name,
            )
    rows = []
    seen: dict[str, int] = {}
    for row, record in frame.iterrows():
        cell = {k: str(v).strip() for k, v in record.items()}
        if not any(cell.values()):
            continue  # blank line
        rows.append(_parse_action(int(row), cell, cells, vocab, extra_numeric, seen))
    return pd.DataFrame(rows)


def _filled(cell: dict, vocab: Vocabulary, row: int, cells: Cells) -> dict:
    """Blank cells take the values of the library option the row names."""
    option = cell.get("option", "")
    if not option:
        return cell
    if option not in vocab.options.index:
        cells.problem(
            row,
            "option",
            option,
            f"unknown library option {option!r} (list them with `climateplan adapt options`)",
            f"ไม่รู้จักทางเลือก {option!r} ในคลังทางเลือก (ดูรายการด้วย `climateplan adapt options`)",
        )
        return cell
    library = vocab.options.loc[option]
    out = dict(cell)
    for column, source in OPTION_FILLS.items():
        if not out.get(column):
            value = library[source]
            if column == "hazards":  # keep the hazards the province's register has
                value = ";".join(h for h in split_list(value) if h in vocab.in_profile)
            out[column] = "" if pd.isna(value) else str(value).removesuffix(".0")
    return out


def _parse_action(
    row: int,
    cell: dict,
    cells: Cells,
    vocab: Vocabulary,
    extra_numeric: dict[str, tuple[float, float]],
    seen: dict[str, int],
) -> dict:
    option = cell.get("option", "")
    library_hazards = (
        vocab.options.loc[option, "hazards"].replace(";", ", ")
        if option in vocab.options.index and not cell.get("hazards")
        else ""
    )
    cell = _filled(cell, vocab, row, cells)
    get = cell.get
    code = get("code", "")
    if not code:
        cells.problem(row, "code", "", "the action code is required", "ต้องระบุรหัสมาตรการ")
    elif code in seen:
        cells.problem(
            row,
            "code",
            code,
            f"action code {code!r} is used twice (first in row {seen[code]})",
            f"รหัสมาตรการ {code!r} ซ้ำ (ครั้งแรกในแถว {seen[code]})",
        )
    else:
        seen[code] = row
    for column in ("name_en", "name_th"):
        if not get(column, ""):
            cells.problem(row, column, "", "the action's name is required", "ต้องระบุชื่อมาตรการ")
    hazards = cells.many_of(row, "hazards", get("hazards", ""), vocab.hazards, ("hazard", "ภัย"))
    if not split_list(get("hazards", "")):
        cells.problem(
            row,
            "hazards",
            "",
            "name at least one hazard of the risk register the action answers"
            + (
                f" (the library option's hazards, {library_hazards}, are not in this "
                "province's register)"
                if library_hazards
                else ""
            ),
            "ต้องระบุภัยในทะเบียนความเสี่ยงที่มาตรการตอบสนองอย่างน้อยหนึ่งภัย"
            + (
                f" (ภัยของทางเลือกในคลัง {library_hazards} ไม่อยู่ในทะเบียนความเสี่ยงของจังหวัดนี้)"
                if library_hazards
                else ""
            ),
        )
    for hazard in hazards:
        if hazard not in vocab.in_profile:
            present = ", ".join(sorted(vocab.in_profile))
            cells.problem(
                row,
                "hazards",
                hazard,
                f"hazard {hazard!r} is not in the risk register of the profile "
                f"({vocab.context.code}; its hazards: {present}): an action can only answer "
                "a risk of the province's register",
                f"ภัย {hazard!r} ไม่อยู่ในทะเบียนความเสี่ยงของโปรไฟล์ ({vocab.context.code}; "
                f"ภัยที่มี: {present}): มาตรการต้องตอบสนองความเสี่ยงในทะเบียนของจังหวัด",
            )
    sectors = cells.many_of(
        row, "sectors", get("sectors", ""), vocab.sectors, ("NAP sector", "สาขาตามแผน NAP")
    )
    if not split_list(get("sectors", "")):
        cells.problem(
            row,
            "sectors",
            "",
            "name at least one NAP sector",
            "ต้องระบุสาขาตามแผน NAP อย่างน้อยหนึ่งสาขา",
        )
    action_type = cells.one_of(
        row, "type", get("type", ""), vocab.types, ("action type", "ประเภทมาตรการ")
    )
    areas_text = get("areas", "")
    if areas_text.strip().lower() in WHOLE_PROVINCE:
        areas: tuple[str, ...] = ("province",)
    else:
        areas = cells.many_of(
            row,
            "areas",
            areas_text,
            vocab.districts,
            ("district of the province", "อำเภอของจังหวัด"),
            vocab.district_names,
        )
    groups = cells.many_of(
        row,
        "vulnerable_groups",
        get("vulnerable_groups", ""),
        vocab.groups,
        ("vulnerable group", "กลุ่มเปราะบาง"),
    )
    lead = cells.one_of(
        row, "lead_agency", get("lead_agency", ""), vocab.agencies, ("agency", "หน่วยงาน")
    )
    co = cells.many_of(
        row, "co_agencies", get("co_agencies", ""), vocab.agencies, ("agency", "หน่วยงาน")
    )
    funding = cells.many_of(
        row, "funding", get("funding", ""), vocab.funding, ("funding source", "แหล่งงบประมาณ")
    )
    status = (
        cells.one_of(row, "status", get("status", ""), vocab.status, ("status", "สถานะ"))
        if get("status", "")
        else "planned"
    )
    money = ("an amount in THB (0 or more)", "จำนวนเงินบาท (ตั้งแต่ 0 ขึ้นไป)")
    capital = cells.number(
        row, "capital_thb", get("capital_thb", ""), required=True, low=0, what=money
    )
    running = cells.number(
        row, "running_thb_per_year", get("running_thb_per_year", "") or "0", low=0, what=money
    )
    start = cells.year(row, "start_year", get("start_year", ""), required=True)
    end = cells.year(row, "end_year", get("end_year", ""), required=True)
    if not (math.isnan(start) or math.isnan(end)) and end < start:
        cells.problem(
            row,
            "end_year",
            get("end_year", ""),
            "the end year is before the start year",
            "ปีสิ้นสุดอยู่ก่อนปีเริ่มต้น",
        )
    life = cells.number(
        row,
        "lifetime_years",
        get("lifetime_years", ""),
        required=True,
        low=1,
        high=100,
        what=("the action's life in years", "อายุของมาตรการ (ปี)"),
    )
    scale = ("a score from 1 to 5", "คะแนน 1 ถึง 5")
    scores = {
        c: cells.number(row, c, get(c, ""), required=True, low=1, high=5, what=scale)
        for c in SCORE_COLUMNS
    }
    levels = ("a number of levels (0-4)", "จำนวนระดับ (0-4)")
    d_likelihood = cells.number(
        row,
        "likelihood_reduction",
        get("likelihood_reduction", "") or "0",
        low=0,
        high=4,
        what=levels,
    )
    d_consequence = cells.number(
        row,
        "consequence_reduction",
        get("consequence_reduction", "") or "0",
        low=0,
        high=4,
        what=levels,
    )
    pct = ("a percentage (0-100)", "ร้อยละ (0-100)")
    eai_pct = cells.number(
        row, "eai_reduction_pct", get("eai_reduction_pct", ""), low=0, high=100, what=pct
    )
    avoided = cells.number(
        row, "avoided_eai_thb_per_year", get("avoided_eai_thb_per_year", ""), low=0, what=money
    )
    measure = get("mitigation_measure", "")
    if measure and measure not in vocab.measures:
        cells.problem(
            row,
            "mitigation_measure",
            measure,
            f"unknown reduction measure {measure!r}: expected a measure of the library "
            "(`climateplan plan measures list`) or of the plan's measures file (--measures)",
            f"ไม่รู้จักมาตรการลดก๊าซเรือนกระจก {measure!r}: ต้องเป็นมาตรการในคลัง "
            "(`climateplan plan measures list`) หรือในไฟล์มาตรการของแผน (--measures)",
        )
    extra = {
        name: cells.number(
            row,
            name,
            get(name, ""),
            required=True,
            low=lo,
            high=hi,
            what=(f"a score ({lo:g}-{hi:g})", f"คะแนน ({lo:g}-{hi:g})"),
        )
        for name, (lo, hi) in extra_numeric.items()
        if name in cell
    }
    return {
        "code": code,
        "name_en": get("name_en", ""),
        "name_th": get("name_th", ""),
        "option": get("option", ""),
        "hazards": hazards,
        "sectors": sectors,
        "type": action_type,
        "areas": areas,
        "vulnerable_groups": groups,
        "lead_agency": lead,
        "co_agencies": co,
        "funding": funding,
        "status": status,
        "capital_thb": capital,
        "running_thb_per_year": running,
        "start_year": start,
        "end_year": end,
        "lifetime_years": life,
        **scores,
        "likelihood_reduction": d_likelihood,
        "consequence_reduction": d_consequence,
        "eai_reduction_pct": eai_pct,
        "avoided_eai_thb_per_year": avoided,
        "mitigation_measure": measure,
        "co_benefits": get("co_benefits", ""),
        "description_en": get("description_en", ""),
        "description_th": get("description_th", ""),
        "row": row,
        **extra,
    }


def _parse_costs(
    table: RawTable | None, codes: set[str], vocab: Vocabulary, collector: ProblemCollector
) -> pd.DataFrame:
    empty = pd.DataFrame(columns=["code", "fiscal_year", "capital_thb", "running_thb", "funding"])
    if table is None or _missing_columns(table, COST_COLUMNS[:4], collector):
        return empty
    cells = Cells(table, collector)
    money = ("an amount in THB (0 or more)", "จำนวนเงินบาท (ตั้งแต่ 0 ขึ้นไป)")
    rows = []
    for row, record in table.frame.iterrows():
        cell = {k: str(v).strip() for k, v in record.items()}
        if not any(cell.values()):
            continue
        code = cell["action"]
        if code not in codes:
            cells.problem(
                row,
                "action",
                code,
                f"no action with code {code!r} in the action file",
                f"ไม่มีมาตรการรหัส {code!r} ในไฟล์มาตรการ",
            )
        funding = cells.many_of(
            row,
            "funding",
            cell.get("funding", ""),
            vocab.funding,
            ("funding source", "แหล่งงบประมาณ"),
        )
        rows.append(
            {
                "code": code,
                "fiscal_year": cells.year(row, "fiscal_year", cell["fiscal_year"], required=True),
                "capital_thb": cells.number(
                    row, "capital_thb", cell["capital_thb"] or "0", low=0, what=money
                ),
                "running_thb": cells.number(
                    row, "running_thb", cell["running_thb"] or "0", low=0, what=money
                ),
                "funding": ";".join(funding),
            }
        )
    return pd.DataFrame(rows) if rows else empty


def _parse_indicators(
    table: RawTable | None, codes: set[str], collector: ProblemCollector
) -> pd.DataFrame:
    columns = ["code", "kind", "name_en", "name_th", "unit", "baseline", "target", "year"]
    if table is None or _missing_columns(table, INDICATOR_COLUMNS, collector):
        return pd.DataFrame(columns=columns)
    cells = Cells(table, collector)
    kinds = {k: k for k in INDICATOR_KINDS} | {v[1]: k for k, v in INDICATOR_KINDS.items()}
    rows = []
    for row, record in table.frame.iterrows():
        cell = {k: str(v).strip() for k, v in record.items()}
        if not any(cell.values()):
            continue
        if cell["action"] not in codes:
            cells.problem(
                row,
                "action",
                cell["action"],
                f"no action with code {cell['action']!r} in the action file",
                f"ไม่มีมาตรการรหัส {cell['action']!r} ในไฟล์มาตรการ",
            )
        for column in ("name_en", "name_th", "unit"):
            if not cell[column]:
                cells.problem(row, column, "", f"{column} is required", f"ต้องระบุ {column}")
        rows.append(
            {
                "code": cell["action"],
                "kind": cells.one_of(
                    row, "kind", cell["kind"], kinds, ("indicator kind", "ชนิดตัวชี้วัด")
                ),
                "name_en": cell["name_en"],
                "name_th": cell["name_th"],
                "unit": cell["unit"],
                "baseline": cells.number(row, "baseline", cell["baseline"], required=True),
                "target": cells.number(row, "target", cell["target"], required=True),
                "year": cells.year(row, "year", cell["year"], required=True),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _parse_reasons(
    table: RawTable | None, vocab: Vocabulary, collector: ProblemCollector
) -> pd.DataFrame:
    if table is None or _missing_columns(table, REASON_COLUMNS, collector):
        return pd.DataFrame(columns=list(REASON_COLUMNS))
    cells = Cells(table, collector)
    rows = []
    for row, record in table.frame.iterrows():
        cell = {k: str(v).strip() for k, v in record.items()}
        if not any(cell.values()):
            continue
        hazard = cells.one_of(row, "hazard", cell["hazard"], vocab.hazards, ("hazard", "ภัย"))
        if hazard and hazard not in vocab.in_profile:
            cells.problem(
                row,
                "hazard",
                hazard,
                f"hazard {hazard!r} is not in the risk register of the profile",
                f"ภัย {hazard!r} ไม่อยู่ในทะเบียนความเสี่ยงของโปรไฟล์",
            )
        for column in ("reason_en", "reason_th"):
            if not cell[column]:
                cells.problem(
                    row,
                    column,
                    "",
                    "the reason is required in Thai and English",
                    "ต้องระบุเหตุผลทั้งภาษาไทยและภาษาอังกฤษ",
                )
        rows.append(
            {"hazard": hazard, "reason_en": cell["reason_en"], "reason_th": cell["reason_th"]}
        )
    return pd.DataFrame(rows, columns=list(REASON_COLUMNS))


def cost_schedule(actions: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """Cost by action and fiscal year: the costs table where it lists the action, else
    the capital in the start year and the running cost in every year from the start
    year to the end year, funded by the action's first funding source."""
    columns = ["code", "fiscal_year", "capital_thb", "running_thb", "funding"]
    if actions.empty:
        return pd.DataFrame(columns=columns)
    listed = set(costs["code"])
    default = actions[~actions["code"].isin(listed)]
    years = [
        list(range(int(start), int(end) + 1))
        for start, end in zip(default["start_year"], default["end_year"], strict=True)
    ]
    spread = default.assign(fiscal_year=years).explode("fiscal_year")
    spread["capital_thb"] = spread["capital_thb"].where(
        spread["fiscal_year"] == spread["start_year"], 0.0
    )
    spread["running_thb"] = spread["running_thb_per_year"]
    spread["funding"] = spread["funding"].map(lambda f: f[0] if f else "")
    table = (
        pd.concat([spread[columns], costs[columns]], ignore_index=True)
        if not costs.empty
        else spread[columns]
    )
    table["fiscal_year"] = table["fiscal_year"].astype(int)
    return table.sort_values(["code", "fiscal_year"]).reset_index(drop=True)
