"""The inventory engine: from validated activity lines to emissions and totals.

Public functions:

- :func:`compute_inventory` (one inventory) -> :class:`InventoryResult`
- :func:`compute_lines` (any number of inventories at once, vectorised per method)
- :func:`summarise` / :func:`totals_by_inventory`: GPC aggregation and totals

Totals follow GPC v1.1 Ch 3 and Table 4.1 (inclusion flags in the catalogue):
BASIC, BASIC+, territorial (all scope 1), scope 1, 2, 3; biogenic CO2 is reported
beside the totals and never in them. CO2e uses the inventory's GWP set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.inventory.activity import ActivityData, InventoryMeta
from climateplan.inventory.methods import methods
from climateplan.inventory.methods.base import GAS_COLUMNS, MethodSpec
from climateplan.reference import gpc_catalogue, gwp_table
from climateplan.reference.gwp import gwp_source

TOTALS = ("basic", "basic_plus", "territorial", "scope1", "scope2", "scope3")
GASES = ("co2", "ch4", "n2o", "other")
DQ_ORDER = {"L": 0, "M": 1, "H": 2}


def method_frame(lines: pd.DataFrame, spec: MethodSpec, *, first_line_id: int) -> pd.DataFrame:
    """The frame a method's ``compute``/``validate`` receives (see methods/base.py)."""
    frame = pd.DataFrame(
        {
            "line_id": np.arange(first_line_id, first_line_id + len(lines)),
            "inventory": lines["inventory"].to_numpy(),
            "province": lines["province"].to_numpy(),
            "year": lines["year"].to_numpy(int),
            "gpc_ref": lines["gpc_ref"].to_numpy(),
            "scope": lines["scope"].to_numpy(int),
            "subsector": lines["subsector"].to_numpy(),
            "activity": lines["activity"].to_numpy(),
            "amount": lines["amount"].to_numpy(float),
            "amount_kind": lines["amount_kind"].to_numpy(),
            "activity_year": lines["activity_year"].to_numpy(float),
            "source": lines["source"].to_numpy(),
        }
    )
    for p in spec.params:
        if p.column in lines.columns:
            values = lines[p.column].to_numpy()
        else:
            values = np.full(len(lines), "" if p.is_text else np.nan, dtype=object)
        if p.is_text:
            frame[p.column] = pd.Series(values, dtype=object).fillna("").astype(str).to_numpy()
        else:
            frame[p.column] = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(float)
    frame.index = frame["line_id"].to_numpy()
    return frame


def compute_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Emissions of every line (any number of inventories), one call per method.

    ``lines`` is ActivityData.lines (or several concatenated). Returns one row per
    emitting line plus derived rows, and one row per notation-key line, with the
    columns documented in docs/inventory/results.md.
    """
    lines = lines.reset_index(drop=True)
    lines["line_id"] = np.arange(len(lines))
    specs = methods()
    parts = []
    active = lines["notation_key"] == ""
    for name, idx in lines.index[active].groupby(lines.loc[active, "method"]).items():
        spec = specs[name]
        frame = method_frame(lines.loc[idx], spec, first_line_id=0)
        frame["line_id"] = lines.loc[idx, "line_id"].to_numpy()
        frame.index = frame["line_id"].to_numpy()
        out = spec.compute(frame)
        if "gpc_ref" not in out.columns:
            out["gpc_ref"] = ""
        out["gpc_ref"] = out["gpc_ref"].fillna("").astype(object)
        parts.append(out.reset_index(drop=True))
    keep = [
        "line_id",
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
    ]
    if parts:
        emitted = pd.concat(parts, ignore_index=True)
    else:
        emitted = pd.DataFrame(
            columns=[
                "line_id",
                "gpc_ref",
                *GAS_COLUMNS,
                "other_gas",
                "factor_source",
                "factor_origin",
            ]
        )
    derived = emitted["gpc_ref"] != ""
    emitted["derived"] = derived
    base = lines[[*keep, "gpc_ref"]]
    result = emitted.rename(columns={"gpc_ref": "derived_gpc_ref"}).merge(
        base, on="line_id", how="left", validate="many_to_one"
    )
    result["gpc_ref"] = np.where(result["derived"], result["derived_gpc_ref"], result["gpc_ref"])
    result = result.drop(columns="derived_gpc_ref")
    # notation-key lines carry through with no emissions
    nk_lines = lines.loc[~active, [*keep, "gpc_ref"]].copy()
    for col in GAS_COLUMNS:
        nk_lines[col] = 0.0
    nk_lines["other_gas"] = ""
    nk_lines["factor_source"] = ""
    nk_lines["factor_origin"] = ""
    nk_lines["derived"] = False
    result = pd.concat([result, nk_lines], ignore_index=True) if len(nk_lines) else result
    if "factor_id" not in result.columns:
        result["factor_id"] = ""
    result["factor_id"] = result["factor_id"].fillna("")
    result = result.rename(columns={"unit_canonical": "unit", "factor_id": "factor_id_main"})
    _attach_catalogue(result)
    _attach_co2e(result)
    result = result.sort_values(["inventory", "line_id", "derived"], kind="stable")
    return result.reset_index(drop=True)


def _attach_catalogue(result: pd.DataFrame) -> None:
    cat = gpc_catalogue()
    rows = cat.loc[result["gpc_ref"].to_numpy()]
    for col in (
        "sector",
        "subsector",
        "scope",
        "in_basic",
        "in_basic_plus",
        "in_territorial",
        "ipcc_category",
    ):
        result[col] = rows[col].to_numpy()


def _attach_co2e(result: pd.DataFrame) -> None:
    """CO2e per gas with each line's GWP set (vectorised per set and per other gas)."""
    co2e_ch4 = np.zeros(len(result))
    co2e_n2o = np.zeros(len(result))
    co2e_other = np.zeros(len(result))
    for gwp_set, idx in result.groupby("gwp").indices.items():
        table = gwp_table(gwp_set)
        co2e_ch4[idx] = result["ch4"].to_numpy(float)[idx] * table["CH4"]
        co2e_n2o[idx] = result["n2o"].to_numpy(float)[idx] * table["N2O"]
        other = result["other_gas"].to_numpy(object)[idx]
        if (other != "").any():
            factors = pd.Series(other).map(table).where(pd.Series(other) != "", 0.0)
            co2e_other[idx] = result["other_t"].to_numpy(float)[idx] * factors.to_numpy(float)
    result["co2e_co2"] = result["co2"].to_numpy(float)
    result["co2e_ch4"] = co2e_ch4
    result["co2e_n2o"] = co2e_n2o
    result["co2e_other"] = co2e_other
    result["co2e"] = result["co2e_co2"] + co2e_ch4 + co2e_n2o + co2e_other


def totals_by_inventory(result: pd.DataFrame) -> pd.DataFrame:
    """Totals per inventory (rows) in tonnes CO2e; biogenic CO2 in tonnes beside them."""
    co2e = result["co2e"].to_numpy(float)
    scope = result["scope"].to_numpy(int)
    masks = {
        "basic": result["in_basic"].to_numpy(bool),
        "basic_plus": result["in_basic_plus"].to_numpy(bool),
        "territorial": result["in_territorial"].to_numpy(bool),
        "scope1": scope == 1,
        "scope2": scope == 2,
        # Other scope 3 (VI.1) is reported but outside every GPC total (GPC Ch 3.3)
        "scope3": (scope == 3) & (result["sector"].to_numpy(object) != "VI"),
    }
    frame = pd.DataFrame({name: np.where(mask, co2e, 0.0) for name, mask in masks.items()})
    frame["biogenic_co2"] = result["co2_biogenic"].to_numpy(float)
    frame["inventory"] = result["inventory"].to_numpy()
    return frame.groupby("inventory", sort=True).sum()


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

    @property
    def gwp_source(self) -> str:
        return gwp_source(self.meta.gwp)


def _worst_quality(values: pd.Series) -> str:
    codes = [DQ_ORDER[v] for v in values if v in DQ_ORDER]
    return {0: "L", 1: "M", 2: "H"}[min(codes)] if codes else ""


def summarise(meta: InventoryMeta, result: pd.DataFrame) -> InventoryResult:
    """Aggregate one inventory's line results to GPC tables and totals."""
    totals_row = totals_by_inventory(result)
    totals = (
        {k: float(totals_row.iloc[0][k]) for k in (*TOTALS, "biogenic_co2")}
        if len(totals_row)
        else dict.fromkeys((*TOTALS, "biogenic_co2"), 0.0)
    )
    cat = gpc_catalogue()
    value_cols = [
        "co2",
        "co2_biogenic",
        "ch4",
        "n2o",
        "co2e_co2",
        "co2e_ch4",
        "co2e_n2o",
        "co2e_other",
        "co2e",
    ]
    emitting = result[result["notation_key"] == ""]
    by_ref = emitting.groupby("gpc_ref")[value_cols].sum()
    by_ref["lines"] = emitting.groupby("gpc_ref").size()
    by_ref["data_quality"] = emitting.groupby("gpc_ref")["data_quality"].agg(_worst_quality)
    nk = (
        result[result["notation_key"] != ""]
        .groupby("gpc_ref")["notation_key"]
        .agg(lambda s: "/".join(sorted(set(s))))
    )
    by_ref = by_ref.reindex(by_ref.index.union(nk.index))
    by_ref["notation_key"] = nk.reindex(by_ref.index).fillna("")
    # A reference with emissions shows the numbers; a notation key only where nothing is counted
    by_ref.loc[by_ref["lines"].fillna(0) > 0, "notation_key"] = ""
    by_ref[value_cols] = by_ref[value_cols].fillna(0.0)
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
        return emitting.groupby(col)[value_cols].sum()

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
            }
        )
    others = emitting[emitting["other_gas"] != ""]
    for gas, part in others.groupby("other_gas"):
        gas_rows.append(
            {
                "gas": gas,
                "tonnes": float(part["other_t"].sum()),
                "co2e": float(part["co2e_other"].sum()),
            }
        )
    by_gas = pd.DataFrame(gas_rows, columns=["gas", "tonnes", "co2e"]).set_index("gas")
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


def gpc_reporting_table(by_ref: pd.DataFrame) -> pd.DataFrame:
    """GPC v1.1 reporting table: one row per sub-sector, tCO2e by scope, notation keys.

    Every sub-sector of the catalogue appears; a cell with no line and no notation
    key is left empty (not reported), as in the GPC reporting template. I.4.4
    (generation supplied to the grid) has its own column, outside scope 1 of I.4.
    """
    cat = gpc_catalogue()
    co2e = by_ref["co2e"].to_dict()
    n_lines = by_ref["lines"].to_dict()
    keys = by_ref["notation_key"].to_dict()
    # 53 catalogue rows: plain Python over dicts is faster here than pandas per group
    table: dict[str, dict] = {}
    for ref, sub, sector, en, th, scope, basic, basic_plus in zip(
        cat.index,
        cat["subsector"],
        cat["sector"],
        cat["subsector_en"],
        cat["subsector_th"],
        cat["scope"],
        cat["in_basic"],
        cat["in_basic_plus"],
        strict=True,
    ):
        row = table.setdefault(
            sub,
            {
                "sector": sector,
                "subsector_en": en,
                "subsector_th": th,
                **{f"scope{k}{suffix}": None for k in (1, 2, 3) for suffix in ("", "_nk", "_refs")},
                "grid_supplied": None,
                "basic": 0.0,
                "basic_plus": 0.0,
            },
        )
        value = float(co2e.get(ref, 0.0))
        row["basic"] += value if basic else 0.0
        row["basic_plus"] += value if basic_plus else 0.0
        if ref == "I.4.4":
            row["grid_supplied"] = value
            continue
        row[f"scope{scope}_refs"] = ref
        if n_lines.get(ref, 0) > 0:
            row[f"scope{scope}"] = value
            row[f"scope{scope}_nk"] = ""
        else:
            row[f"scope{scope}_nk"] = keys.get(ref, "")
    frame = pd.DataFrame.from_dict(table, orient="index")
    frame.index.name = "subsector"
    for k in (1, 2, 3):
        absent = frame[f"scope{k}_refs"].isna()
        frame.loc[absent, f"scope{k}_nk"] = "n/a"  # GPC has no such reference number
        frame[f"scope{k}_refs"] = frame[f"scope{k}_refs"].fillna("")
    return frame


def compute_inventory(data: ActivityData) -> InventoryResult:
    """Compute one validated inventory."""
    return summarise(data.meta, compute_lines(data.lines))


def compute_batch(datas: Sequence[ActivityData]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute many inventories in one vectorised pass.

    Returns (line results of all inventories, totals per inventory).
    """
    lines = pd.concat([d.lines for d in datas], ignore_index=True)
    result = compute_lines(lines)
    return result, totals_by_inventory(result)
