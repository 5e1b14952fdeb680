"""Key category analysis, IPCC 2006 Vol 1 Ch 4, Approach 1 (level and trend).

A category is a GPC reference number and a gas by default (``by=("gpc_ref", "gas")``):
GPC inventories are reported per reference number, and the IPCC guidance asks
for the analysis per category *and gas*. The gases are CO2 (fossil), CH4, N2O and
"other" (every other Kyoto gas together, as CO2e). ``by`` may name other line
columns instead of ``gpc_ref`` (``ipcc_category``, ``subsector``, ``sector``) and may
leave out ``gas`` to key on the whole CO2e of a category.

Level assessment (Vol 1 Ch 4 Eq 4.1)::

    L_x,t = |E_x,t| / sum_y |E_y,t|

Trend assessment (Vol 1 Ch 4 Eq 4.2), base year 0 and latest year t::

    T_x,t = |E_x,0| / sum_y |E_y,0|
            * | (E_x,t - E_x,0) / |E_x,0|  -  (sum_y E_y,t - sum_y E_y,0) / |sum_y E_y,0| |

For a category absent in the base year (E_x,0 = 0) the first factor is 0 and the
second undefined; the equation is evaluated in its algebraically identical
expanded form, defined for every E_x,0::

    T_x,t = | (E_x,t - E_x,0) / sum_y |E_y,0|
              - |E_x,0| / sum_y |E_y,0| * (sum_y E_y,t - sum_y E_y,0) / |sum_y E_y,0| |

which for E_x,0 = 0 gives |E_x,t| / sum_y |E_y,0|: the new category's whole
emission counts as its contribution to the trend. A category absent in year t
(E_x,t = 0) needs no special case.

Categories are sorted in descending order of L (or of the trend contribution
T / sum T); key categories are those that, summed in that order, add up to the
threshold (95 %): a category is key when the cumulative share *before* it is
below the threshold, so the category that crosses 95 % is key.

The analysis runs on one boundary of lines, ``total``: ``basic_plus`` by default
(see the docs for why), or ``basic`` or ``territorial``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.reference.catalogue import gpc_catalogue

GAS_CO2E_COLUMNS = {"CO2": "co2e_co2", "CH4": "co2e_ch4", "N2O": "co2e_n2o", "other": "co2e_other"}
TOTAL_FLAGS = {"basic": "in_basic", "basic_plus": "in_basic_plus", "territorial": "in_territorial"}
DEFAULT_BY = ("gpc_ref", "gas")
DEFAULT_THRESHOLD = 0.95  # IPCC 2006 Vol 1 Ch 4 Sec 4.3.1: 95 % of the level / trend
CATEGORY_SEPARATOR = " | "

_GAS_NAMES = {
    "CO2": ("CO2 (fossil)", "CO2 (ฟอสซิล)"),
    "CH4": ("CH4", "CH4"),
    "N2O": ("N2O", "N2O"),
    "other": ("other Kyoto gases (HFCs, PFCs, SF6, NF3)", "ก๊าซเรือนกระจกอื่น (HFCs, PFCs, SF6, NF3)"),
    "": ("all gases", "ทุกก๊าซ"),
}


def _check(lines: pd.DataFrame, by: Sequence[str], total: str, threshold: float, name: str):
    problems = ProblemCollector()
    if total not in TOTAL_FLAGS:
        problems.add(
            f"unknown total {total!r}: expected one of {', '.join(TOTAL_FLAGS)}",
            f"ไม่รู้จักผลรวม {total!r}: ต้องเป็น {', '.join(TOTAL_FLAGS)}",
            value=str(total),
        )
    if not 0.0 < float(threshold) <= 1.0:
        problems.add(
            f"threshold {threshold!r} must be a share above 0 and at most 1 (0.95 = 95 %)",
            f"เกณฑ์ {threshold!r} ต้องเป็นสัดส่วนมากกว่า 0 และไม่เกิน 1 (0.95 = 95 %)",
            value=str(threshold),
        )
    keys = [b for b in by if b != "gas"]
    if not keys:
        problems.add(
            "by must name at least one line column besides 'gas' (e.g. gpc_ref)",
            "by ต้องระบุคอลัมน์อย่างน้อยหนึ่งคอลัมน์นอกจาก 'gas' (เช่น gpc_ref)",
        )
    needed = ["inventory", "notation_key", *keys]
    if total in TOTAL_FLAGS:
        needed.append(TOTAL_FLAGS[total])
    needed += list(GAS_CO2E_COLUMNS.values()) if "gas" in by else ["co2e"]
    for col in dict.fromkeys(needed):
        if col not in lines.columns:
            problems.add(
                f"the {name} lack column {col!r} needed for the key category analysis",
                f"ตารางผล{'ปีฐาน' if name == 'base-year lines' else 'รายบรรทัด'}ไม่มีคอลัมน์ "
                f"{col!r} ที่จำเป็นสำหรับการวิเคราะห์แหล่งปล่อยหลัก",
                column=col,
            )
    problems.raise_if_any()


def category_emissions(
    lines: pd.DataFrame, *, by: Sequence[str] = DEFAULT_BY, total: str = "basic_plus"
) -> pd.DataFrame:
    """Net CO2e of every category (and gas) of every inventory within one boundary.

    Columns: inventory, category, gas ("" when ``by`` has no gas), emissions_co2e.
    Notation-key lines are left out; categories whose emissions are exactly 0 too.
    """
    by = tuple(by)
    _check(lines, by, total, DEFAULT_THRESHOLD, "lines")
    keys = [b for b in by if b != "gas"]
    notation = lines["notation_key"].astype(object).fillna("").astype(str).str.strip()
    inside = lines[TOTAL_FLAGS[total]].to_numpy(bool)
    if "removal" in lines.columns:
        # A removal line has no inclusion flag (the totals are gross), yet it is a
        # category of the boundary: Eq 4.1 takes it by absolute value.
        flag = gpc_catalogue()[TOTAL_FLAGS[total]]
        ref_inside = lines["gpc_ref"].map(flag).fillna(False).to_numpy(bool)
        inside = inside | (lines["removal"].to_numpy(bool) & ref_inside)
    use = lines.loc[(notation == "").to_numpy() & inside]
    category = use[keys[0]].astype(object).fillna("").astype(str)
    for col in keys[1:]:
        category = category + CATEGORY_SEPARATOR + use[col].astype(object).fillna("").astype(str)
    if "gas" in by:
        long = pd.concat(
            [
                pd.DataFrame(
                    {
                        "inventory": use["inventory"].to_numpy(object),
                        "category": category.to_numpy(object),
                        "gas": gas,
                        "emissions_co2e": pd.to_numeric(use[col], errors="coerce").to_numpy(float),
                    }
                )
                for gas, col in GAS_CO2E_COLUMNS.items()
            ],
            ignore_index=True,
        )
    else:
        long = pd.DataFrame(
            {
                "inventory": use["inventory"].to_numpy(object),
                "category": category.to_numpy(object),
                "gas": "",
                "emissions_co2e": pd.to_numeric(use["co2e"], errors="coerce").to_numpy(float),
            }
        )
    long["emissions_co2e"] = long["emissions_co2e"].fillna(0.0)
    grouped = long.groupby(["inventory", "category", "gas"], sort=True, as_index=False)[
        "emissions_co2e"
    ].sum()
    return grouped.loc[grouped["emissions_co2e"] != 0].reset_index(drop=True)


@lru_cache(maxsize=8)
def _catalogue_names(key: str) -> tuple[pd.Series, pd.Series]:
    """English and Thai names of the values of one catalogue column (cached: the
    catalogue is fixed while the package runs)."""
    cat = gpc_catalogue()
    if key == "gpc_ref":
        en = cat["subsector_en"] + ": " + cat["description_en"]
        th = cat["subsector_th"] + ": " + cat["description_th"]
    elif key in ("subsector", "sector"):
        table = cat.drop_duplicates(key).set_index(key)
        en, th = table[f"{key}_en"], table[f"{key}_th"]
    elif key == "ipcc_category":
        grouped = cat.loc[cat["ipcc_category"] != ""].groupby("ipcc_category")
        en = grouped["subsector_en"].agg(lambda s: "; ".join(dict.fromkeys(s)))
        th = grouped["subsector_th"].agg(lambda s: "; ".join(dict.fromkeys(s)))
    else:
        en = th = pd.Series(dtype=object)
    return en, th


def _descriptions(categories: pd.Series, gases: pd.Series, by: Sequence[str]):
    """Bilingual description of each category from the GPC catalogue."""
    keys = [b for b in by if b != "gas"]
    parts_en, parts_th = [], []
    split = categories.str.split(CATEGORY_SEPARATOR, regex=False, expand=True)
    for i, key in enumerate(keys):
        values = split[i] if i in split.columns else pd.Series("", index=categories.index)
        en, th = _catalogue_names(key)
        parts_en.append(values.map(en).fillna(values))
        parts_th.append(values.map(th).fillna(values))
    desc_en = parts_en[0]
    desc_th = parts_th[0]
    for en, th in zip(parts_en[1:], parts_th[1:], strict=True):
        desc_en = desc_en + CATEGORY_SEPARATOR + en
        desc_th = desc_th + CATEGORY_SEPARATOR + th
    if "gas" in by:
        desc_en = desc_en + " (" + gases.map(lambda g: _GAS_NAMES[g][0]) + ")"
        desc_th = desc_th + " (" + gases.map(lambda g: _GAS_NAMES[g][1]) + ")"
    return desc_en.to_numpy(object), desc_th.to_numpy(object)


def _rank_and_cut(frame: pd.DataFrame, share_col: str, threshold: float) -> pd.DataFrame:
    """Sort each inventory's categories by share, add cumulative share and the key flag."""
    frame = frame.sort_values(
        ["inventory", share_col, "category", "gas"],
        ascending=[True, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    cumulative = frame.groupby("inventory", sort=False)[share_col].cumsum()
    before = cumulative - frame[share_col]
    # tolerance so that shares meant to reach 95 % exactly are not pushed over by rounding
    is_key = (before < threshold - 1e-12) & (frame[share_col] > 0)
    return frame.assign(cumulative=cumulative.to_numpy(), is_key=is_key.to_numpy())


def level_assessment(
    lines: pd.DataFrame,
    *,
    by: Sequence[str] = DEFAULT_BY,
    threshold: float = DEFAULT_THRESHOLD,
    total: str = "basic_plus",
) -> pd.DataFrame:
    """Approach 1 level assessment (IPCC 2006 Vol 1 Ch 4 Eq 4.1) of every inventory in ``lines``.

    One row per inventory, category and gas, sorted by descending level, with
    columns inventory, category, gas, description_en, description_th,
    emissions_co2e (net, signed), level (share of sum |E|), cumulative,
    is_key_level, rank_level.
    """
    by = tuple(by)
    _check(lines, by, total, threshold, "lines")
    emissions = category_emissions(lines, by=by, total=total)
    absolute = emissions["emissions_co2e"].abs()
    denominator = absolute.groupby(emissions["inventory"]).transform("sum")
    emissions["level"] = (absolute / denominator).to_numpy(float)
    ranked = _rank_and_cut(emissions, "level", threshold)
    ranked = ranked.rename(columns={"is_key": "is_key_level"})
    ranked["rank_level"] = ranked.groupby("inventory", sort=False).cumcount() + 1
    desc_en, desc_th = _descriptions(ranked["category"], ranked["gas"], by)
    ranked.insert(3, "description_en", desc_en)
    ranked.insert(4, "description_th", desc_th)
    return ranked


def _single_inventory(lines: pd.DataFrame, name_en: str, name_th: str) -> str:
    inventories = pd.unique(lines["inventory"])
    if len(inventories) != 1:
        raise ValueError(
            f"the trend assessment compares one inventory with its base year: the {name_en} "
            f"hold {len(inventories)} inventories ({', '.join(map(str, inventories[:5]))}) / "
            f"การประเมินแนวโน้มเปรียบเทียบบัญชีหนึ่งบัญชีกับปีฐาน: {name_th}มี "
            f"{len(inventories)} บัญชี"
        )
    return str(inventories[0])


def trend_assessment(
    lines: pd.DataFrame,
    base_lines: pd.DataFrame,
    *,
    by: Sequence[str] = DEFAULT_BY,
    threshold: float = DEFAULT_THRESHOLD,
    total: str = "basic_plus",
) -> pd.DataFrame:
    """Approach 1 trend assessment (IPCC 2006 Vol 1 Ch 4 Eq 4.2): ``lines`` against ``base_lines``.

    Each frame holds one inventory (latest year t and base year 0, computed with
    the same GWP set). One row per category and gas present in either year,
    sorted by descending trend contribution, with columns inventory,
    base_inventory, category, gas, description_en, description_th,
    emissions_co2e, base_emissions_co2e, trend (T_x,t), trend_contribution
    (T / sum T), trend_cumulative, is_key_trend, rank_trend.
    """
    by = tuple(by)
    _check(lines, by, total, threshold, "lines")
    _check(base_lines, by, total, threshold, "base-year lines")
    inventory = _single_inventory(lines, "lines", "ตารางผลปีล่าสุด")
    base_inventory = _single_inventory(base_lines, "base-year lines", "ตารางผลปีฐาน")
    latest = category_emissions(lines, by=by, total=total)
    base = category_emissions(base_lines, by=by, total=total)
    merged = latest.drop(columns="inventory").merge(
        base.drop(columns="inventory"),
        on=["category", "gas"],
        how="outer",
        suffixes=("", "_base"),
    )
    merged = merged.rename(columns={"emissions_co2e_base": "base_emissions_co2e"})
    e_t = merged["emissions_co2e"].fillna(0.0).to_numpy(float)
    e_0 = merged["base_emissions_co2e"].fillna(0.0).to_numpy(float)
    sum_abs_0 = np.abs(e_0).sum()
    sum_0 = e_0.sum()
    sum_t = e_t.sum()
    if sum_abs_0 == 0 or sum_0 == 0:
        raise ValueError(
            f"the base-year inventory {base_inventory} has a total of 0 t CO2e within "
            f"{total}: the trend (IPCC 2006 Vol 1 Ch 4 Eq 4.2) is undefined / "
            f"บัญชีปีฐาน {base_inventory} มีผลรวมเป็น 0 tCO2e ใน {total}: "
            "คำนวณแนวโน้มไม่ได้"
        )
    total_trend = (sum_t - sum_0) / abs(sum_0)
    trend = np.abs((e_t - e_0) / sum_abs_0 - np.abs(e_0) / sum_abs_0 * total_trend)
    sum_trend = trend.sum()
    share = trend / sum_trend if sum_trend > 0 else np.zeros_like(trend)
    frame = pd.DataFrame(
        {
            "inventory": inventory,
            "base_inventory": base_inventory,
            "category": merged["category"].to_numpy(object),
            "gas": merged["gas"].to_numpy(object),
            "emissions_co2e": e_t,
            "base_emissions_co2e": e_0,
            "trend": trend,
            "trend_contribution": share,
        }
    )
    ranked = _rank_and_cut(frame, "trend_contribution", threshold)
    ranked = ranked.rename(columns={"cumulative": "trend_cumulative", "is_key": "is_key_trend"})
    ranked["rank_trend"] = np.arange(1, len(ranked) + 1)
    desc_en, desc_th = _descriptions(ranked["category"], ranked["gas"], by)
    ranked.insert(4, "description_en", desc_en)
    ranked.insert(5, "description_th", desc_th)
    return ranked


def key_categories(
    lines: pd.DataFrame,
    base_lines: pd.DataFrame | None = None,
    *,
    by: Sequence[str] = DEFAULT_BY,
    threshold: float = DEFAULT_THRESHOLD,
    total: str = "basic_plus",
) -> pd.DataFrame:
    """Level assessment, and trend assessment when a base-year inventory is given.

    Columns: inventory, category, gas, description_en, description_th,
    emissions_co2e, level, cumulative, is_key_level, base_emissions_co2e,
    trend, trend_contribution, trend_cumulative, is_key_trend, is_key
    (level or trend). Without ``base_lines`` the trend columns are NaN / False.
    Sorted by descending level, then descending trend contribution.
    """
    level = level_assessment(lines, by=by, threshold=threshold, total=total)
    level_cols = [
        "inventory",
        "category",
        "gas",
        "description_en",
        "description_th",
        "emissions_co2e",
        "level",
        "cumulative",
        "is_key_level",
    ]
    if base_lines is None:
        out = level[level_cols].copy()
        for col in ("base_emissions_co2e", "trend", "trend_contribution", "trend_cumulative"):
            out[col] = np.nan
        out["is_key_trend"] = False
        out["is_key"] = out["is_key_level"]
        return out
    trend = trend_assessment(lines, base_lines, by=by, threshold=threshold, total=total)
    out = trend.drop(columns=["rank_trend", "base_inventory"]).merge(
        level[["category", "gas", "level", "cumulative", "is_key_level"]],
        on=["category", "gas"],
        how="left",
    )
    out["level"] = out["level"].fillna(0.0)
    out["is_key_level"] = out["is_key_level"].fillna(False).astype(bool)
    out["is_key"] = out["is_key_level"] | out["is_key_trend"]
    out = out.sort_values(
        ["level", "trend_contribution", "category", "gas"],
        ascending=[False, False, True, True],
        kind="stable",
    ).reset_index(drop=True)
    return out[
        [
            *level_cols,
            "base_emissions_co2e",
            "trend",
            "trend_contribution",
            "trend_cumulative",
            "is_key_trend",
            "is_key",
        ]
    ]
