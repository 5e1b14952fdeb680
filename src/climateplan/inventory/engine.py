"""The inventory engine: from validated activity lines to emissions and totals.

Public functions:

- :func:`compute_inventory` (one inventory) -> :class:`InventoryResult`
- :func:`compute_lines` (any number of inventories at once, vectorised per method)
- :func:`summarise` / :func:`totals_by_inventory`: GPC aggregation and totals

Totals follow GPC v1.1 Ch 3 and Table 4.1 (inclusion flags in the catalogue):
BASIC, BASIC+, territorial (all scope 1), scope 1, 2, 3; biogenic CO2 is reported
beside the totals and never in them. CO2e uses the inventory's GWP set.

Removals: a line whose CO2 (and so CO2e) is negative is a removal (carbon taken up
by land, GPC sector V only). The six totals above are gross: they sum emissions and
leave removals out; ``removals`` (<= 0) sums the removal lines and ``net_basic_plus``
/ ``net_territorial`` add it to BASIC+ / territorial. A removal line keeps its GPC
reference but carries ``removal`` = True and no inclusion flag (it is in no gross
total), so every consumer that sums lines by ``in_basic`` ... stays gross.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.errors import InputError
from climateplan.inventory.activity import ActivityData, InventoryMeta
from climateplan.inventory.methods import methods
from climateplan.inventory.methods.base import GAS_COLUMNS, MethodSpec
from climateplan.reference import gpc_catalogue, gwp_table
from climateplan.reference.gwp import ch4_gwp, gwp_source

TOTALS = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3")
# beside the gross totals: removals (<= 0) and the two net totals that take them
NET_TOTALS = ("removals", "net_basic_plus", "net_territorial")
INCLUSION_FLAGS = ("in_basic", "in_basic_plus", "in_territorial")
GASES = ("co2", "ch4", "n2o", "other")
DQ_ORDER = {"L": 0, "M": 1, "H": 2}


class _LineColumns:
    """The columns of activity lines as NumPy arrays, each converted once, on demand.

    pandas 3 keeps text as Arrow strings: selecting rows of such a column for every
    method, or merging on it, costs more than the whole calculation. A text column
    is therefore factorised once into integer codes and its distinct values (Python
    strings, few), and the rows a method needs are taken as an object array.
    """

    def __init__(self, lines: pd.DataFrame):
        self.lines = lines
        self._numbers: dict[str, np.ndarray] = {}
        self._text: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._is_text: dict[str, bool] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.lines.columns

    def is_text(self, name: str) -> bool:
        if name not in self._is_text:
            dtype = self.lines[name].dtype
            is_text = pd.api.types.is_object_dtype(dtype) or pd.api.types.is_string_dtype(dtype)
            self._is_text[name] = is_text
        return self._is_text[name]

    def codes(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Integer code per line and the distinct values, with NaN last: code -1
        (a missing cell) indexes it."""
        if name not in self._text:
            codes, uniques = pd.factorize(self.lines[name])
            values = np.empty(len(uniques) + 1, dtype=object)
            values[:-1] = np.asarray(uniques, dtype=object)
            values[-1] = np.nan
            self._text[name] = (codes, values)
        return self._text[name]

    def take(self, name: str, rows: np.ndarray, *, blank: str | None = None) -> np.ndarray:
        """The values at ``rows``; text as an object array (missing as ``blank`` if given)."""
        if self.is_text(name):
            codes, values = self.codes(name)
            if blank is not None and pd.isna(values[-1]):
                values = values.copy()
                values[pd.isna(values)] = blank
            return values[codes[rows]]
        if name not in self._numbers:
            self._numbers[name] = self.lines[name].to_numpy()
        return self._numbers[name][rows]


def _frame(data: dict, index: pd.Index | None = None) -> pd.DataFrame:
    """A DataFrame over the arrays as given: no copy, and text stays in object arrays
    (pandas would otherwise convert every string to an Arrow string)."""
    index = pd.RangeIndex(len(next(iter(data.values())))) if index is None else index
    columns = {
        k: pd.Series(v, index=index, dtype=object if v.dtype == object else None, copy=False)
        for k, v in data.items()
    }
    return pd.DataFrame(columns, index=index, copy=False)


def _method_frame(
    columns: _LineColumns, rows: np.ndarray, spec: MethodSpec, line_ids: np.ndarray
) -> pd.DataFrame:
    """The frame of ``spec``'s lines at positions ``rows`` (see methods/base.py)."""
    n = len(rows)

    def take(name: str, dtype=None) -> np.ndarray:
        values = columns.take(name, rows)
        return values if dtype is None else values.astype(dtype, copy=False)

    data = {
        "line_id": np.asarray(line_ids),
        "inventory": take("inventory"),
        "province": take("province"),
        "year": take("year", int),
        "gpc_ref": take("gpc_ref"),
        "scope": take("scope", int),
        "subsector": take("subsector"),
        "activity": take("activity"),
        "amount": take("amount", float),
        "amount_kind": take("amount_kind"),
        "activity_year": take("activity_year", float),
        "source": take("source"),
    }
    for p in spec.params:
        if p.column not in columns:
            data[p.column] = np.full(n, "", dtype=object) if p.is_text else np.full(n, np.nan)
        elif p.is_text:
            text = columns.take(p.column, rows, blank="")
            data[p.column] = text if columns.is_text(p.column) else text.astype(str).astype(object)
        else:
            values = columns.take(p.column, rows)
            if values.dtype.kind != "f":
                values = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float)
            data[p.column] = values
    return _frame(data, index=pd.Index(data["line_id"]))


def method_frame(lines: pd.DataFrame, spec: MethodSpec, *, first_line_id: int) -> pd.DataFrame:
    """The frame a method's ``compute``/``validate`` receives (see methods/base.py):
    every line of ``lines``, numbered from ``first_line_id``. Text columns are object
    arrays of Python strings."""
    rows = np.arange(len(lines))
    ids = np.arange(first_line_id, first_line_id + len(lines))
    return _method_frame(_LineColumns(lines), rows, spec, ids)


KEEP = (
    "row",
    "inventory",
    "province",
    "year",
    "gwp",
    "method",
    "activity",
    "input_amount",
    "input_unit",
    "amount",
    "unit_canonical",
    "activity_year",
    "notation_key",
    "data_quality",
    "uncertainty_pct",
    "source",
    "note",
)
OUTPUT_TEXT = ("other_gas", "factor_source", "factor_origin", "factor_id")
CATALOGUE_COLUMNS = (
    "sector",
    "subsector",
    "scope",
    "in_basic",
    "in_basic_plus",
    "in_territorial",
    "ipcc_category",
)


def _method_output(out: pd.DataFrame) -> dict[str, np.ndarray]:
    """A method's result as arrays (optional columns filled: factor_id, gpc_ref)."""
    n = len(out)
    arrays = {"line_id": out["line_id"].to_numpy(np.int64)}
    for gas in GAS_COLUMNS:
        arrays[gas] = out[gas].to_numpy(float)
    for text in (*OUTPUT_TEXT, "gpc_ref"):
        if text in out.columns:
            values = out[text]
            if values.dtype != object:  # a method that built Arrow strings may hold <NA>
                values = values.fillna("")
            arrays[text] = values.to_numpy(object)
        else:
            arrays[text] = np.full(n, "", dtype=object)
    return arrays


def method_frames(
    lines: pd.DataFrame, *, validating: bool = False
) -> Iterator[tuple[MethodSpec, pd.DataFrame]]:
    """Each method's frame (see methods/base.py) over ``lines``, methods in name order,
    notation-key lines left out; ``line_id`` is the line's position in ``lines``.
    With ``validating``, only the methods that have a validator."""
    return _method_frames(_LineColumns(lines), validating=validating)


def _method_frames(
    columns: _LineColumns, *, validating: bool = False
) -> Iterator[tuple[MethodSpec, pd.DataFrame]]:
    nk_codes, nk_values = columns.codes("notation_key")
    active = (nk_values == "")[nk_codes]
    method_codes, method_values = columns.codes("method")
    specs = methods()
    for code in np.argsort(method_values[:-1].astype(str)):
        rows = np.flatnonzero(active & (method_codes == code))
        if not len(rows):
            continue
        spec = specs[method_values[code]]  # validated lines name known methods only
        if not validating or spec.validate is not None:
            yield spec, _method_frame(columns, rows, spec, rows)


def compute_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Emissions of every line (any number of inventories), one call per method.

    ``lines`` is ActivityData.lines (or several concatenated). Returns one row per
    emitting line plus derived rows, and one row per notation-key line, with the
    columns documented in docs/inventory/results.md, sorted by inventory, line and
    derived (derived rows after their line). The text the methods write
    (other_gas, factor_source, factor_origin, factor_id_main) is in object columns;
    columns copied from the lines and the GPC catalogue keep their dtype.
    """
    lines = lines.reset_index(drop=True)
    columns = _LineColumns(lines)
    line_ids = np.arange(len(lines))
    # an absurd amount may overflow to inf: refused by plausibility.check_results, not here
    with np.errstate(over="ignore", invalid="ignore"):
        parts = [_method_output(spec.compute(frame)) for spec, frame in _method_frames(columns)]
    nk_codes, nk_values = columns.codes("notation_key")
    active = (nk_values == "")[nk_codes]
    # notation-key lines carry through with no emissions
    idle = line_ids[~active]
    parts.append(
        {
            "line_id": idle,
            **{gas: np.zeros(len(idle)) for gas in GAS_COLUMNS},
            **{text: np.full(len(idle), "", dtype=object) for text in (*OUTPUT_TEXT, "gpc_ref")},
        }
    )
    out = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
    derived = out["gpc_ref"] != ""
    # sort by inventory, line and derived (stable: a method's row order is kept)
    inventory_codes, inventories = columns.codes("inventory")
    rank = np.empty(len(inventories), dtype=np.int64)
    rank[np.argsort(inventories[:-1].astype(str))] = np.arange(len(inventories) - 1)
    rank[-1] = len(inventories)  # a missing inventory key sorts last
    order = np.lexsort((derived, out["line_id"], rank[inventory_codes][out["line_id"]]))
    at = out["line_id"][order]
    data: dict = {"line_id": at}
    for name in ("co2", "co2_biogenic", "ch4", "n2o", "other_gas", "other_t"):
        data[name] = out[name][order]
    data["factor_source"] = out["factor_source"][order]
    data["factor_origin"] = out["factor_origin"][order]
    data["derived"] = derived[order]
    for name in KEEP:
        column = lines[name].array  # Arrow text stays Arrow: its take is as fast as NumPy's
        data["unit" if name == "unit_canonical" else name] = column.take(at)
    gpc_ref = np.where(data["derived"], out["gpc_ref"][order], columns.take("gpc_ref", at))
    catalogue = _catalogue_columns(gpc_ref)
    data["gpc_ref"] = catalogue.pop("gpc_ref")
    data["factor_id_main"] = out["factor_id"][order]
    data.update(catalogue)
    with np.errstate(over="ignore", invalid="ignore"):
        data.update(_co2e_columns(data))
    # a removal (negative CO2e, GPC sector V) is reported beside the gross totals
    removal = data["co2e"] < 0
    data["removal"] = removal
    if removal.any():
        for flag in INCLUSION_FLAGS:
            data[flag] = np.where(removal, False, np.asarray(data[flag], dtype=bool))
    return _frame(data)


def _catalogue_columns(gpc_ref: np.ndarray) -> dict:
    """gpc_ref, sector, sub-sector, scope, inclusion flags and IPCC category of each row,
    taken from the catalogue (its text stays in its own dtype)."""
    codes, refs = pd.factorize(gpc_ref)
    cat = gpc_catalogue()
    rows = cat.index.get_indexer(np.asarray(refs, dtype=object))
    if (rows < 0).any():
        unknown = sorted(set(np.asarray(refs, dtype=object)[rows < 0]))
        raise KeyError(f"GPC reference numbers not in the catalogue: {unknown}")
    at = rows[codes]
    columns = {"gpc_ref": cat.index.array.take(at)}
    for col in CATALOGUE_COLUMNS:
        columns[col] = cat[col].array.take(at)
    return columns


def _co2e_columns(data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """CO2e per gas with each row's GWP set (vectorised per set and per other gas)."""
    n = len(data["line_id"])
    ch4 = np.zeros(n)
    n2o = np.zeros(n)
    other = np.zeros(n)
    gwp_codes, gwp_sets = pd.factorize(np.asarray(data["gwp"], dtype=object))
    for code, gwp_set in enumerate(gwp_sets):
        rows = gwp_codes == code
        table = gwp_table(gwp_set)
        # AR6 splits CH4 into fossil and non-fossil (reference/gwp.py, ch4_gwp)
        ch4[rows] = data["ch4"][rows] * ch4_gwp(
            gwp_set,
            np.asarray(data["ipcc_category"], dtype=object)[rows],
            data["co2"][rows],
            data["co2_biogenic"][rows],
        )
        n2o[rows] = data["n2o"][rows] * table["N2O"]
        gas = data["other_gas"][rows]
        if (gas != "").any():
            gas_codes, gases = pd.factorize(gas)
            factor = np.array([table.get(g, np.nan) if g else 0.0 for g in gases], dtype=float)
            other[rows] = data["other_t"][rows] * factor[gas_codes]
    return {
        "co2e_co2": data["co2"].astype(float),
        "co2e_ch4": ch4,
        "co2e_n2o": n2o,
        "co2e_other": other,
        "co2e": data["co2"] + ch4 + n2o + other,
    }


def removal_mask(result: pd.DataFrame) -> np.ndarray:
    """True for removal lines: negative CO2e (stored results without the column too)."""
    if "removal" in result.columns:
        return result["removal"].to_numpy(bool)
    return pd.to_numeric(result["co2e"], errors="coerce").fillna(0.0).to_numpy(float) < 0


def totals_by_inventory(result: pd.DataFrame) -> pd.DataFrame:
    """Totals per inventory (rows) in tonnes CO2e; biogenic CO2 in tonnes beside them.

    The six GPC totals are gross (removal lines left out); ``removals`` sums the
    removal lines (<= 0) and ``net_basic_plus`` / ``net_territorial`` add them.
    """
    co2e = result["co2e"].to_numpy(float)
    scope = result["scope"].to_numpy(int)
    removal = removal_mask(result)
    emission = ~removal
    masks = {
        "basic": result["in_basic"].to_numpy(bool) & emission,
        "basic_plus": result["in_basic_plus"].to_numpy(bool) & emission,
        "territorial": result["in_territorial"].to_numpy(bool) & emission,
        "scope1": (scope == 1) & emission,
        "scope2": (scope == 2) & emission,
        # Other scope 3 (VI.1) is reported but outside every GPC total (GPC Ch 3.3)
        "scope3": (scope == 3) & (result["sector"].to_numpy(object) != "VI") & emission,
        "removals": removal,
    }
    frame = pd.DataFrame({name: np.where(mask, co2e, 0.0) for name, mask in masks.items()})
    frame["biogenic_co2"] = result["co2_biogenic"].to_numpy(float)
    frame["inventory"] = result["inventory"].to_numpy()
    totals = frame.groupby("inventory", sort=True).sum()
    totals["net_basic_plus"] = totals["basic_plus"] + totals["removals"]
    totals["net_territorial"] = totals["territorial"] + totals["removals"]
    return totals[[*TOTALS, *NET_TOTALS, "biogenic_co2"]]


@dataclass
class InventoryResult:
    """The computed inventory: lines, totals and the GPC aggregations.

    All emissions in tonnes (gas) or tonnes CO2e with ``meta.gwp``.
    """

    meta: InventoryMeta
    lines: pd.DataFrame
    totals: dict[str, float]
    by_gpc_ref: pd.DataFrame
    by_subsector: pd.DataFrame
    by_sector: pd.DataFrame
    by_scope: pd.DataFrame
    by_gas: pd.DataFrame
    gpc_table: pd.DataFrame
    extras: dict = field(default_factory=dict)  # key categories, uncertainty when asked
    # implausible lines (climateplan.errors.Problem): shown with the result, never blocking
    warnings: list = field(default_factory=list)

    @property
    def gwp_source(self) -> str:
        return gwp_source(self.meta.gwp)


def _worst_quality(values: pd.Series) -> str:
    codes = [DQ_ORDER[v] for v in values if v in DQ_ORDER]
    return {0: "L", 1: "M", 2: "H"}[min(codes)] if codes else ""


VALUE_COLUMNS = (
    "co2",
    "co2_biogenic",
    "ch4",
    "n2o",
    "co2e_co2",
    "co2e_ch4",
    "co2e_n2o",
    "co2e_other",
    "co2e",
)


def summarise(meta: InventoryMeta, result: pd.DataFrame) -> InventoryResult:
    """Aggregate one inventory's line results to GPC tables and totals.

    Every aggregate (by reference, sub-sector, sector, scope, gas) sums the emission
    lines in its value columns (gross) and the removal lines in its own ``removals``
    column (tCO2e, <= 0), so a chart of emissions never nets a sink into a source.
    """
    totals_row = totals_by_inventory(result)
    names = (*TOTALS, *NET_TOTALS, "biogenic_co2")
    totals = (
        {k: float(totals_row.iloc[0][k]) for k in names}
        if len(totals_row)
        else dict.fromkeys(names, 0.0)
    )
    cat = gpc_catalogue()
    value_cols = list(VALUE_COLUMNS)
    counted = result[result["notation_key"] == ""]
    removal = removal_mask(counted)
    emitting = counted[~removal]
    removing = counted[removal]
    by_ref = emitting.groupby("gpc_ref")[value_cols].sum()
    by_ref = by_ref.reindex(by_ref.index.union(pd.Index(removing["gpc_ref"].unique())))
    by_ref["removals"] = removing.groupby("gpc_ref")["co2e"].sum()
    by_ref["lines"] = counted.groupby("gpc_ref").size()
    by_ref["data_quality"] = counted.groupby("gpc_ref")["data_quality"].agg(_worst_quality)
    nk = (
        result[result["notation_key"] != ""]
        .groupby("gpc_ref")["notation_key"]
        .agg(lambda s: "/".join(sorted(set(s))))
    )
    by_ref = by_ref.reindex(by_ref.index.union(nk.index))
    by_ref["notation_key"] = nk.reindex(by_ref.index).fillna("")
    # A reference with emissions shows the numbers; a notation key only where nothing is counted
    by_ref.loc[by_ref["lines"].fillna(0) > 0, "notation_key"] = ""
    by_ref[[*value_cols, "removals"]] = by_ref[[*value_cols, "removals"]].fillna(0.0)
    by_ref["lines"] = by_ref["lines"].fillna(0).astype(int)
    by_ref["data_quality"] = by_ref["data_quality"].fillna("")
    by_ref = by_ref.join(
        cat[
            [
                "sector",
                "subsector",
                "scope",
                "subsector_en",
                "subsector_th",
                "in_basic",
                "in_basic_plus",
                "in_territorial",
                "ipcc_category",
            ]
        ]
    )
    by_ref.index.name = "gpc_ref"

    def group(col: str) -> pd.DataFrame:
        frame = emitting.groupby(col)[value_cols].sum()
        frame = frame.reindex(frame.index.union(pd.Index(removing[col].unique())))
        frame["removals"] = removing.groupby(col)["co2e"].sum()
        frame.index.name = col  # the union above drops it; to_dict makes it a field
        return frame.fillna(0.0)

    by_subsector = group("subsector").join(
        cat.drop_duplicates("subsector").set_index("subsector")[
            ["sector", "subsector_en", "subsector_th"]
        ]
    )
    by_sector = group("sector").join(
        cat.drop_duplicates("sector").set_index("sector")[["sector_en", "sector_th"]]
    )
    by_scope = group("scope")
    gas_rows = []
    for gas, tonnes_col in (("CO2", "co2"), ("CH4", "ch4"), ("N2O", "n2o")):
        gas_rows.append(
            {
                "gas": gas,
                "tonnes": float(emitting[tonnes_col].sum()),
                "co2e": float(emitting[f"co2e_{tonnes_col}"].sum()),
                # removals are CO2 taken up (tonnes = tCO2e, negative)
                "removals": float(removing[f"co2e_{tonnes_col}"].sum()),
            }
        )
    others = emitting[emitting["other_gas"] != ""]
    for gas, part in others.groupby("other_gas"):
        gas_rows.append(
            {
                "gas": gas,
                "tonnes": float(part["other_t"].sum()),
                "co2e": float(part["co2e_other"].sum()),
                "removals": 0.0,
            }
        )
    by_gas = pd.DataFrame(gas_rows, columns=["gas", "tonnes", "co2e", "removals"]).set_index("gas")
    return InventoryResult(
        meta=meta,
        lines=result,
        totals=totals,
        by_gpc_ref=by_ref,
        by_subsector=by_subsector,
        by_sector=by_sector,
        by_scope=by_scope,
        by_gas=by_gas,
        gpc_table=gpc_reporting_table(by_ref),
    )


GPC_TABLE_COLUMNS = (
    "sector",
    "subsector",
    "subsector_en",
    "subsector_th",
    "description_en",
    "description_th",
    "scope",
    *(f"scope{k}{suffix}" for k in (1, 2, 3) for suffix in ("", "_nk")),
    "grid_supplied",
    "removals",
    "basic",
    "basic_plus",
    "territorial",
)


def gpc_reporting_table(by_ref: pd.DataFrame) -> pd.DataFrame:
    """GPC v1.1 reporting table: one row per GPC reference number, tCO2e in the
    column of its scope, or its notation key.

    Every reference of the catalogue has its own row (index ``gpc_ref``, catalogue
    order), so no reference hides another: III.1.1 and III.1.3 (both scope 1) are
    two rows, and a notation key of III.3.3 stays on III.3.3. A row's value is in
    ``scope<k>`` of its own scope (``scope<k>_nk`` holds its notation key when no
    line is counted; the other scopes' cells are None and ""). A reference with
    neither is left empty (not reported), as in the GPC reporting template.
    ``removals`` (<= 0) holds the CO2 removals of the reference, never netted into
    the scope cell; ``basic``, ``basic_plus`` and ``territorial`` hold the gross
    emissions the row adds to that total (0 when it is outside it), so each total
    is the sum of its column. I.4.4 (generation supplied to the grid) is also in
    ``grid_supplied``: GPC reports it beside scope 1 of I.4, outside BASIC.
    """
    cat = gpc_catalogue()
    co2e = by_ref["co2e"].to_dict()
    removals = by_ref["removals"].to_dict() if "removals" in by_ref.columns else {}
    n_lines = by_ref["lines"].to_dict()
    keys = by_ref["notation_key"].to_dict()
    # 53 catalogue rows: plain Python over dicts is faster here than pandas per group
    rows: dict[str, dict] = {}
    for ref, sub, sector, en, th, den, dth, scope, basic, basic_plus, territorial in zip(
        cat.index,
        cat["subsector"],
        cat["sector"],
        cat["subsector_en"],
        cat["subsector_th"],
        cat["description_en"],
        cat["description_th"],
        cat["scope"],
        cat["in_basic"],
        cat["in_basic_plus"],
        cat["in_territorial"],
        strict=True,
    ):
        value = float(co2e.get(ref, 0.0))
        counted = n_lines.get(ref, 0) > 0
        row = {
            "sector": sector,
            "subsector": sub,
            "subsector_en": en,
            "subsector_th": th,
            "description_en": den,
            "description_th": dth,
            "scope": int(scope),
            **{f"scope{k}{suffix}": None for k in (1, 2, 3) for suffix in ("", "_nk")},
            "grid_supplied": value if ref == "I.4.4" and counted else None,
            "removals": float(removals.get(ref, 0.0)),
            "basic": value if basic else 0.0,
            "basic_plus": value if basic_plus else 0.0,
            "territorial": value if territorial else 0.0,
        }
        for k in (1, 2, 3):
            row[f"scope{k}_nk"] = ""
        if counted:
            row[f"scope{scope}"] = value
        else:
            row[f"scope{scope}_nk"] = keys.get(ref, "")
        rows[ref] = row
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(GPC_TABLE_COLUMNS))
    frame.index.name = "gpc_ref"
    return frame


def check_computed(data: ActivityData, *, sheet: str | None = None) -> list:
    """Compute validated lines once and check the results (see inventory/plausibility.py).

    Returns the errors (lines whose emissions are not finite numbers, located at
    file, sheet, row and column); sets ``data.warnings`` to the implausible lines.
    The computed lines are kept with ``data`` so :func:`compute_inventory` does not
    compute them again.
    """
    from climateplan.inventory.plausibility import check_results

    result = compute_lines(data.lines)
    errors, data.warnings = check_results(data.lines, result, file=data.file, sheet=sheet)
    if not errors:
        data.__dict__["_computed"] = (data.lines, result)
    return errors


def compute_inventory(data: ActivityData) -> InventoryResult:
    """Compute one validated inventory; its warnings (implausible lines) come with it.

    Raises InputError for lines whose emissions are not finite numbers when ``data``
    did not pass :func:`~climateplan.inventory.activity.validate_activity` (which
    refuses them already).
    """
    cached = data.__dict__.get("_computed")
    if cached is not None and cached[0] is data.lines:
        result, warnings = cached[1], list(data.warnings)
    else:
        from climateplan.inventory.plausibility import check_results

        result = compute_lines(data.lines)
        errors, warnings = check_results(data.lines, result, file=data.file)
        if errors:
            raise InputError(errors)
    inventory = summarise(data.meta, result)
    inventory.warnings = warnings
    return inventory


def compute_batch(datas: Sequence[ActivityData]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute many inventories in one vectorised pass.

    Returns (line results of all inventories, totals per inventory).
    """
    lines = pd.concat([d.lines for d in datas], ignore_index=True)
    result = compute_lines(lines)
    return result, totals_by_inventory(result)
