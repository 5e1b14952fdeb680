"""Indicator values: the indicator table (CSV / XLSX) and the gridded indices table.

The indicator table has one row per province and indicator: ``province, indicator,
value`` and optionally ``year, source``. The gridded indices table is the output of
``climateplan risk indices``: one row per province x index x period x scenario with
``value, baseline, change, change_pct, spread_low, spread_high, n_models`` (the spread
is the ensemble spread of ``change``). Both are validated in full; every problem names
the file, sheet, row and column, in English and Thai.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.reference.provinces import find_province, provinces
from climateplan.risk.contract import INDEX_TABLE_COLUMNS
from climateplan.risk.index.framework import Framework, period_years

INDICATOR_COLUMNS = ("province", "indicator", "value", "year", "source")
GRIDDED_COLUMNS = INDEX_TABLE_COLUMNS
GRIDDED_REQUIRED = ("province", "index", "period", "scenario", "value")
GRIDDED_NUMERIC = (
    "value",
    "baseline",
    "change",
    "change_pct",
    "spread_low",
    "spread_high",
    "n_models",
    "years_dropped_pct",
)
# Text that marks a row as synthetic: a `synthetic` column (yes/true/1) or a source
# starting with this (the shipped example tables say "SYNTHETIC EXAMPLE, ...").
SYNTHETIC_SOURCE_PREFIX = "SYNTHETIC"
_TRUE = ("1", "true", "yes", "y", "ใช่", "1.0")
_FALSE = ("", "0", "false", "no", "n", "ไม่ใช่", "0.0")
SYNTHETIC_GRIDDED_SOURCE = (
    "SYNTHETIC climate indices (an example table or climateplan risk synth-climate data), "
    "not observed or projected climate / ดัชนีภูมิอากาศสังเคราะห์ ไม่ใช่ข้อมูลตรวจวัดหรือข้อมูลคาดการณ์"
)
_HEADER_ROWS = 1  # data row i (0-based) is spreadsheet row i + 2


@dataclass
class IndicatorValues:
    """Raw indicator values, one row per province, one column per used indicator."""

    values: pd.DataFrame  # index: province code; columns: indicator ids; NaN = missing
    provenance: pd.DataFrame  # PROVENANCE_COLUMNS
    notes: list[Problem] = field(default_factory=list)  # warnings that did not stop the run

    def synthetic_provinces(self) -> set[str]:
        """Provinces with at least one value from synthetic data."""
        prov = self.provenance
        if prov.empty or "synthetic" not in prov:
            return set()
        return set(prov.loc[prov["synthetic"].astype(bool), "province"])


# ------------------------------------------------------------------------------ reading


def _read_raw(source: str | Path | pd.DataFrame, sheet: str | None) -> tuple[pd.DataFrame, str]:
    """The table as text cells with lower-case, stripped headers, and its display name."""
    if isinstance(source, pd.DataFrame):
        frame = source.copy()
        name = "<table>"
    else:
        path = Path(source)
        name = str(path)
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=object)
        elif suffix in (".csv", ".txt", ""):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            raise ValueError(f"{path}: expected a .csv or .xlsx file / ต้องเป็นไฟล์ .csv หรือ .xlsx")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    frame = frame.astype(object).where(frame.notna(), "")
    frame = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    return frame.reset_index(drop=True), name


def _open(
    source: str | Path | pd.DataFrame,
    sheet: str | None,
    problems: ProblemCollector,
    file_name: str | None,
) -> tuple[pd.DataFrame | None, str]:
    try:
        frame, name = _read_raw(source, sheet)
    except FileNotFoundError:
        problems.add("file not found", "ไม่พบไฟล์", file=str(file_name or source), sheet=sheet)
        return None, str(source)
    except ValueError as exc:  # unreadable workbook, unknown sheet, bad suffix
        problems.add(
            f"cannot read the table: {exc}",
            f"อ่านตารางไม่ได้: {exc}",
            file=str(file_name or source),
            sheet=sheet,
        )
        return None, str(source)
    return frame, file_name or name


def _check_columns(
    frame: pd.DataFrame,
    required: tuple[str, ...],
    problems: ProblemCollector,
    where: dict,
) -> bool:
    missing = [c for c in required if c not in frame.columns]
    if missing:
        problems.add(
            f"missing column(s) {', '.join(missing)}; the table needs: {', '.join(required)}",
            f"ไม่มีคอลัมน์ {', '.join(missing)} ตารางต้องมี: {', '.join(required)}",
            row=1,
            **where,
        )
    return not missing


def _rows(mask: pd.Series) -> list[int]:
    return [int(i) + _HEADER_ROWS + 1 for i in np.flatnonzero(mask.to_numpy())]


def resolve_provinces(cells: pd.Series) -> pd.Series:
    """Province codes (TH-xx) for cells holding codes, DOPA codes or Thai / English names;
    NaN where nothing matches. One look-up per distinct cell."""
    lookup = {}
    for text in pd.unique(cells.astype(str)):
        try:
            lookup[text] = find_province(text)["code"] if text.strip() else np.nan
        except KeyError:
            lookup[text] = np.nan
    return cells.astype(str).map(lookup)


def _province_problems(
    frame: pd.DataFrame, codes: pd.Series, problems: ProblemCollector, where: dict
) -> None:
    bad = codes.isna()
    for row, text in zip(_rows(bad), frame.loc[bad, "province"], strict=True):
        problems.add(
            f"unknown province {text!r}: expected an ISO 3166-2:TH code such as TH-50, "
            "a DOPA code or a Thai or English province name",
            f"ไม่รู้จักจังหวัด {text!r}: ต้องเป็นรหัส ISO 3166-2:TH เช่น TH-50 "
            "รหัสจังหวัดของกรมการปกครอง หรือชื่อจังหวัดภาษาไทยหรืออังกฤษ",
            row=row,
            column="province",
            value=str(text),
            **where,
        )


def _numbers(
    frame: pd.DataFrame,
    column: str,
    problems: ProblemCollector,
    where: dict,
    required: bool,
) -> pd.Series:
    """The column as floats: thousands separators removed; blank -> NaN (an error when
    required); text that is not a number -> an error naming the cell."""
    raw = frame[column]
    text = raw.astype(str).str.replace(",", "", regex=False).str.replace(" ", "", regex=False)
    blank = text.eq("") | raw.isna()
    numbers = pd.to_numeric(text.where(~blank), errors="coerce").astype(float)
    bad = numbers.isna() & ~blank
    bad |= np.isinf(numbers)
    for row, cell in zip(_rows(bad), raw[bad], strict=True):
        problems.add(
            f"{column} {cell!r} is not a number",
            f"{column} {cell!r} ไม่ใช่ตัวเลข",
            row=row,
            column=column,
            value=str(cell),
            **where,
        )
    if required:
        for row in _rows(blank):
            problems.add(
                f"{column} is empty",
                f"{column} ว่างเปล่า",
                row=row,
                column=column,
                **where,
            )
    return numbers.where(~bad)


def _flags(frame: pd.DataFrame, column: str, problems: ProblemCollector, where: dict) -> pd.Series:
    """A yes/no column as booleans (blank: no); other text is reported with its cell."""
    if column not in frame:
        return pd.Series(False, index=frame.index)
    text = frame[column].astype(str).str.strip().str.lower()
    bad = ~text.isin(_TRUE + _FALSE)
    for row, cell in zip(_rows(bad), frame.loc[bad, column], strict=True):
        problems.add(
            f"{column} {cell!r} is not yes/no (true/false, 1/0)",
            f"{column} {cell!r} ต้องเป็น ใช่/ไม่ใช่ (true/false, 1/0)",
            row=row,
            column=column,
            value=str(cell),
            **where,
        )
    return text.isin(_TRUE)


def _duplicates(
    keys: pd.DataFrame, problems: ProblemCollector, where: dict, what_en: str, what_th: str
) -> None:
    dup = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    if not dup.any():
        return
    group = keys.groupby(list(keys.columns), dropna=True, sort=False).ngroup().to_numpy()
    first_of_group = pd.Series(np.arange(len(keys))).groupby(group).transform("min").to_numpy()
    for i in np.flatnonzero(dup.to_numpy()):
        key = tuple(keys.iloc[i])
        first = int(first_of_group[i]) + _HEADER_ROWS + 1
        shown = ", ".join(str(k) for k in key)
        problems.add(
            f"duplicate row for {what_en} ({shown}); row {first} already gives it",
            f"แถวซ้ำของ{what_th} ({shown}) แถว {first} ระบุไว้แล้ว",
            row=i + _HEADER_ROWS + 1,
            value=shown,
            **where,
        )


def read_indicator_table(
    source: str | Path | pd.DataFrame,
    framework: Framework,
    sheet: str | None = None,
    file_name: str | None = None,
    problems: ProblemCollector | None = None,
) -> pd.DataFrame:
    """Validate an indicator table; return province (TH-xx), indicator, value, year,
    source, row. Blank values are kept as NaN (reported later as missing).

    Raises InputError with every problem unless a ``problems`` collector is passed,
    in which case problems are added to it and the caller raises.
    """
    own = problems is None
    problems = problems if problems is not None else ProblemCollector()
    empty = pd.DataFrame(columns=["province", "indicator", "value", "year", "source", "row"])
    frame, name = _open(source, sheet, problems, file_name)
    if frame is None:
        if own:
            problems.raise_if_any()
        return empty
    where = {"file": name, "sheet": sheet}
    if not _check_columns(frame, ("province", "indicator", "value"), problems, where):
        if own:
            problems.raise_if_any()
        return empty
    codes = resolve_provinces(frame["province"])
    _province_problems(frame, codes, problems, where)
    known = set(framework.used_indicators())
    indicator = frame["indicator"].astype(str).str.strip()
    unknown = ~indicator.isin(known)
    listed = ", ".join(sorted(known))
    for row, ind in zip(_rows(unknown), indicator[unknown], strict=True):
        problems.add(
            f"unknown indicator {ind!r}; the framework {framework.id!r} uses: {listed}",
            f"ไม่รู้จักตัวชี้วัด {ind!r} กรอบดัชนี {framework.id!r} ใช้: {listed}",
            row=row,
            column="indicator",
            value=ind,
            **where,
        )
    values = _numbers(frame, "value", problems, where, required=False)
    flags = _flags(frame, "synthetic", problems, where)
    _duplicates(
        pd.DataFrame({"province": codes, "indicator": indicator.where(~unknown)}),
        problems,
        where,
        "province and indicator",
        "จังหวัดและตัวชี้วัด",
    )
    if own:
        problems.raise_if_any()
    table = pd.DataFrame(
        {
            "province": codes,
            "indicator": indicator,
            "value": values,
            "year": frame["year"].astype(str) if "year" in frame else "",
            "source": frame["source"].astype(str) if "source" in frame else "",
            "row": np.arange(len(frame)) + _HEADER_ROWS + 1,
        }
    )
    table["synthetic"] = (
        flags.to_numpy()
        | table["source"]
        .astype(str)
        .str.strip()
        .str.upper()
        .str.startswith(SYNTHETIC_SOURCE_PREFIX)
        .to_numpy()
    )
    table["file"] = name
    return table


def normalise_scenario(text: str) -> str:
    """'SSP2-4.5', 'ssp2_45', 'ssp245' -> 'ssp245'; 'Historical' -> 'historical'."""
    return re.sub(r"[\s\-_.]", "", str(text).strip().lower())


def normalise_period(text: str) -> str:
    years = period_years(str(text).replace("–", "-").replace("—", "-"))
    return f"{years[0]}-{years[1]}" if years else str(text).strip()


def read_gridded_table(
    source: str | Path | pd.DataFrame,
    sheet: str | None = None,
    file_name: str | None = None,
    problems: ProblemCollector | None = None,
) -> pd.DataFrame:
    """Validate a gridded indices table (see module doc); return it with province codes,
    lower-case index names, normalised periods and scenarios, numeric columns as floats."""
    own = problems is None
    problems = problems if problems is not None else ProblemCollector()
    frame, name = _open(source, sheet, problems, file_name)
    empty = pd.DataFrame(columns=list(GRIDDED_COLUMNS))
    if frame is None:
        if own:
            problems.raise_if_any()
        return empty
    where = {"file": name, "sheet": sheet}
    if not _check_columns(frame, GRIDDED_REQUIRED, problems, where):
        if own:
            problems.raise_if_any()
        return empty
    codes = resolve_provinces(frame["province"])
    _province_problems(frame, codes, problems, where)
    out = pd.DataFrame({"province": codes})
    out["index"] = frame["index"].astype(str).str.strip().str.lower()
    out["unit"] = frame["unit"].astype(str) if "unit" in frame else ""
    out["period"] = frame["period"].map(normalise_period)
    bad_period = out["period"].map(period_years).isna()
    for row, cell in zip(_rows(bad_period), frame.loc[bad_period, "period"], strict=True):
        problems.add(
            f"period {cell!r} is not a period such as 2021-2050",
            f"ช่วงปี {cell!r} ไม่อยู่ในรูปแบบ เช่น 2021-2050",
            row=row,
            column="period",
            value=str(cell),
            **where,
        )
    out["scenario"] = frame["scenario"].map(normalise_scenario)
    for column in ("index", "scenario"):
        blank = out[column].eq("")
        for row in _rows(blank):
            problems.add(f"{column} is empty", f"{column} ว่างเปล่า", row=row, column=column, **where)
    for column in GRIDDED_NUMERIC:
        if column in frame:
            out[column] = _numbers(frame, column, problems, where, required=column == "value")
        else:
            out[column] = 0.0 if column == "years_dropped_pct" else np.nan
    out["synthetic"] = _flags(frame, "synthetic", problems, where).to_numpy()
    _duplicates(
        out[["province", "index", "period", "scenario"]],
        problems,
        where,
        "province, index, period and scenario",
        "จังหวัด ดัชนี ช่วงปี และฉากทัศน์",
    )
    if own:
        problems.raise_if_any()
    out["row"] = np.arange(len(frame)) + _HEADER_ROWS + 1
    out["file"] = name
    return out


# ----------------------------------------------------------------------------- assembling


_UNIT_WORDS = [
    (r"\s+", ""),
    (r"(per|/)(year|yr|a)$|a-1$|yr-1$", ""),
    (r"^(days?|d)$", "d"),
    (r"^(months?|mon)$", "month"),
    (r"^(percent|pct)$", "%"),
    (r"^(degc|°c|celsius)$", "degc"),
]


def _canonical_unit(unit: str) -> str:
    text = str(unit).strip().lower()
    for pattern, repl in _UNIT_WORDS:
        text = re.sub(pattern, repl, text)
    return text


def assemble_values(
    framework: Framework,
    table: pd.DataFrame | None = None,
    gridded: pd.DataFrame | None = None,
    problems: ProblemCollector | None = None,
) -> IndicatorValues:
    """One value per province and used indicator from the validated tables.

    Provinces are those named in either table. A table value for an indicator the
    framework takes from the gridded table is allowed only where the gridded table
    has no value for it (else it is a conflict, reported as a problem).
    """
    own = problems is None
    problems = problems if problems is not None else ProblemCollector()
    notes: list[Problem] = []
    used = framework.used_indicators()
    codes = set()
    for frame in (table, gridded):
        if frame is not None and len(frame):
            codes |= set(frame["province"].dropna())
    if not codes:
        problems.add(
            "no indicator values: give an indicator table, a gridded indices table or both",
            "ไม่มีค่าตัวชี้วัด: ต้องมีตารางตัวชี้วัด ตารางดัชนีภูมิอากาศแบบกริด หรือทั้งสองอย่าง",
        )
        problems.raise_if_any()
    order = provinces()["code"]
    index = pd.Index([c for c in order if c in codes], name="province")
    values = pd.DataFrame(np.nan, index=index, columns=pd.Index(used, name="indicator"))
    provenance = []

    if gridded is not None and len(gridded):
        available = gridded[["index", "period", "scenario"]].drop_duplicates()
        for ind_id in used:
            ind = framework.indicators[ind_id]
            g = ind.gridded
            if g is None:
                continue
            scenario, period = normalise_scenario(g.scenario), normalise_period(g.period)
            rows = gridded[
                (gridded["index"] == g.index.lower())
                & (gridded["period"] == period)
                & (gridded["scenario"] == scenario)
            ]
            if rows.empty:
                offered = available[available["index"] == g.index.lower()]
                offered_text = (
                    "; ".join(
                        f"{p} {s}" for p, s in zip(offered.period, offered.scenario, strict=True)
                    )
                    or "none"
                )
                notes.append(
                    Problem(
                        f"indicator {ind_id}: the gridded table has no rows for index "
                        f"{g.index}, period {period}, scenario {scenario} "
                        f"(it has for this index: {offered_text}); the values are missing",
                        f"ตัวชี้วัด {ind_id}: ตารางดัชนีแบบกริดไม่มีแถวของดัชนี {g.index} "
                        f"ช่วงปี {period} ฉากทัศน์ {scenario} (มีสำหรับดัชนีนี้: {offered_text}) "
                        "จึงถือว่าขาดข้อมูล",
                        file=str(gridded["file"].iloc[0]),
                    )
                )
                continue
            if g.statistic != "change_pct":
                units = {u for u in rows["unit"].astype(str) if u.strip()}
                odd = {u for u in units if _canonical_unit(u) != _canonical_unit(ind.unit)}
                if odd:
                    notes.append(
                        Problem(
                            f"indicator {ind_id}: the gridded index {g.index} is in "
                            f"{', '.join(sorted(odd))} but the framework bounds are in {ind.unit}; "
                            "check that the bounds fit",
                            f"ตัวชี้วัด {ind_id}: ดัชนี {g.index} มีหน่วย {', '.join(sorted(odd))} "
                            f"แต่ขอบเขตในกรอบดัชนีใช้หน่วย {ind.unit} โปรดตรวจสอบ",
                        )
                    )
            series = rows.set_index("province")[g.statistic]
            values.loc[series.index, ind_id] = series.to_numpy()
            where_from = f"[{g.index}, {period}, {scenario}, {g.statistic}]"
            if "synthetic" not in rows or "years_dropped_pct" not in rows:
                rows = rows.assign(
                    synthetic=rows.get("synthetic", False),
                    years_dropped_pct=rows.get("years_dropped_pct", 0.0),
                )
            synthetic = rows["synthetic"].fillna(False).to_numpy(dtype=bool)
            provenance.append(
                pd.DataFrame(
                    {
                        "province": series.index,
                        "indicator": ind_id,
                        "value": series.to_numpy(),
                        "value_from": "gridded",
                        "year": period,
                        # the framework names the intended data (e.g. downscaled CMIP6);
                        # synthetic rows must not be described as such
                        "source": np.where(
                            synthetic,
                            f"{SYNTHETIC_GRIDDED_SOURCE} {where_from}",
                            f"{ind.source} {where_from}",
                        ),
                        "origin": [
                            f"{f} row {r}" for f, r in zip(rows["file"], rows["row"], strict=True)
                        ],
                        "synthetic": synthetic,
                        "years_dropped_pct": rows["years_dropped_pct"].to_numpy(dtype=float),
                    }
                )
            )
            _dropped_note(notes, ind_id, rows)

    if table is not None and len(table):
        known = table[table["indicator"].isin(used)]
        pairs = pd.MultiIndex.from_frame(known[["province", "indicator"]])
        current = values.stack(future_stack=True).reindex(pairs)
        conflict = current.notna().to_numpy() & known["value"].notna().to_numpy()
        for _, row in known[conflict].iterrows():
            problems.add(
                f"indicator {row['indicator']} for {row['province']} is given both here and "
                "in the gridded table; keep one",
                f"ตัวชี้วัด {row['indicator']} ของ {row['province']} มีทั้งในตารางนี้และในตาราง"
                "ดัชนีแบบกริด ให้เหลือแหล่งเดียว",
                file=row["file"],
                row=int(row["row"]),
                column="indicator",
                value=str(row["indicator"]),
            )
        use = known[~conflict]
        wide = use.pivot(index="province", columns="indicator", values="value")
        for ind_id in wide.columns:
            filled = wide[ind_id].dropna()
            values.loc[filled.index, ind_id] = filled.to_numpy()
        meta = pd.DataFrame(
            {
                "province": use["province"],
                "indicator": use["indicator"],
                "value": use["value"],
                "value_from": "table",
                "year": use["year"].where(
                    use["year"].astype(str).str.strip().ne(""),
                    use["indicator"].map(lambda i: framework.indicators[i].year),
                ),
                "source": use["source"].where(
                    use["source"].astype(str).str.strip().ne(""),
                    use["indicator"].map(lambda i: framework.indicators[i].source),
                ),
                "origin": [f"{f} row {r}" for f, r in zip(use["file"], use["row"], strict=True)],
                "synthetic": use.get("synthetic", pd.Series(False, index=use.index))
                .fillna(False)
                .to_numpy(dtype=bool),
                "years_dropped_pct": 0.0,
            }
        )
        provenance.append(meta)
    if own:
        problems.raise_if_any()
    prov = (
        pd.concat(provenance, ignore_index=True)
        if provenance
        else pd.DataFrame(columns=PROVENANCE_COLUMNS)
    )
    return IndicatorValues(values=values, provenance=prov, notes=notes)


PROVENANCE_COLUMNS = [
    "province",
    "indicator",
    "value",
    "value_from",
    "year",
    "source",
    "origin",
    "synthetic",
    "years_dropped_pct",
]


def _dropped_note(notes: list[Problem], ind_id: str, rows: pd.DataFrame) -> None:
    """A note when gridded values rest on years the missing-data rule dropped."""
    hit = rows[rows["years_dropped_pct"].fillna(0) > 0]
    if hit.empty:
        return
    worst = float(hit["years_dropped_pct"].max())
    listed = ", ".join(hit["province"].astype(str))
    notes.append(
        Problem(
            f"indicator {ind_id}: the values of {len(hit)} province(s) rest on fewer years "
            f"(up to {worst:.1f} % of the cell-years dropped by the missing-data rule): {listed}",
            f"ตัวชี้วัด {ind_id}: ค่าของ {len(hit)} จังหวัดคำนวณจากจำนวนปีที่น้อยลง "
            f"(กฎข้อมูลขาดหายตัดออกสูงสุด {worst:.1f} %): {listed}",
            file=str(rows["file"].iloc[0]),
        )
    )


def load_values(
    framework: Framework,
    indicators: str | Path | pd.DataFrame | None = None,
    gridded: str | Path | pd.DataFrame | None = None,
    sheet: str | None = None,
) -> IndicatorValues:
    """Read, validate and assemble both inputs, raising every problem of both at once."""
    problems = ProblemCollector()
    table = (
        read_indicator_table(indicators, framework, sheet, problems=problems)
        if (indicators is not None)
        else None
    )
    grid = read_gridded_table(gridded, problems=problems) if gridded is not None else None
    problems.raise_if_any()
    result = assemble_values(framework, table, grid, problems=problems)
    problems.raise_if_any()
    return result
