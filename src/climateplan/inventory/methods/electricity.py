"""Grid-supplied electricity: method ``electricity`` (scope 2, with scope-3 T&D losses).

GPC v1.1 Ch 6.3 (stationary energy) and Ch 7 (transport, grid energy):

    scope 2 (I.x.2, II.x.2):  E = consumption (kWh) x EF_grid (kg CO2e/kWh)
    scope 3 (I.x.3, II.x.3):  E_T&D = consumption x loss / (1 - loss) x EF_grid

where ``loss`` is the share of generated electricity lost in transmission and
distribution; consumption / (1 - loss) is what had to be generated, so the loss
is that minus consumption. The T&D row is *derived*: it is returned for every
scope-2 line with the gpc_ref I.x.3 / II.x.3 (none for II.5.2: GPC has no
II.5.3), so the user never enters it, and a scope-3 line with this method is
rejected to avoid counting it twice.

Grid factor (TGO, Thai national grid) by vintage; rule for an inventory year Y:
1. the vintage whose data period contains Y; else
2. the latest vintage whose data period ended before Y; else
3. the earliest vintage (Y before every data period).
A ``param_grid_ef`` on the line overrides the rule. TGO publishes the factor in
kg CO2e per kWh (CO2, CH4 and N2O of generation together) and no per-gas split:
it is reported in the ``co2`` column, so the CO2e total is right while the gas
columns put the small CH4/N2O part of generation under CO2.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from climateplan.inventory.methods._common import result_frame
from climateplan.inventory.methods._energy_common import KeyProblems, Keys, distinct_keys, text
from climateplan.inventory.methods.base import MethodSpec, ParamSpec
from climateplan.reference.factors import factor_table, join_sources, resolve

GRID = "thailand"
ACTIVITIES = ("grid",)
SCOPE2_REFS = tuple(f"I.{i}.2" for i in range(1, 7)) + tuple(f"II.{i}.2" for i in range(1, 6))
# Scope-3 refs are accepted by the spec only so that the validator can explain why
# they are refused (the losses are derived from the scope-2 line).
SCOPE3_REFS = tuple(f"I.{i}.3" for i in range(1, 7)) + tuple(f"II.{i}.3" for i in range(1, 5))
# GPC has no II.5.3: off-road grid energy has no scope-3 T&D line
DERIVED_REF = {ref: ref[:-1] + "3" for ref in SCOPE2_REFS if ref != "II.5.2"}

PARAMS = (
    ParamSpec(
        "grid_ef",
        "Grid emission factor (replaces the TGO factor chosen for the inventory year)",
        "ค่าการปล่อยก๊าซเรือนกระจกของไฟฟ้าจากระบบสายส่ง (ใช้แทนค่าของ อบก. ที่เลือกตามปีบัญชี)",
        unit="kg/kWh",
    ),
    ParamSpec(
        "td_loss_pct",
        "Transmission and distribution losses, % of electricity generated (0 = no T&D row)",
        "การสูญเสียในระบบส่งและจำหน่าย ร้อยละของไฟฟ้าที่ผลิต (0 = ไม่คำนวณการสูญเสีย)",
        unit="percent",
        maximum=99.0,
    ),
)


def grid_vintages() -> pd.DataFrame:
    """The shipped grid-factor vintages: vintage, data_year_from, data_year_to, value."""
    table = factor_table("electricity")
    rows = table[(table["parameter"] == "grid_ef") & (table["grid"] == GRID)]
    return pd.DataFrame(
        {
            "vintage": rows["vintage"].to_numpy(object),
            "data_year_from": rows["data_year_from"].to_numpy().astype(int),
            "data_year_to": rows["data_year_to"].to_numpy().astype(int),
            "value": rows["value"].to_numpy(float),
        }
    )


def choose_vintage(years: np.ndarray | pd.Series | list[int]) -> np.ndarray:
    """Grid-factor vintage for each inventory year (rule in the module docstring)."""
    years = np.asarray(years, dtype=int)
    v = grid_vintages()
    start = v["data_year_from"].to_numpy()
    end = v["data_year_to"].to_numpy()
    names = v["vintage"].to_numpy(object)
    y = years[:, None]
    contains = (start <= y) & (y <= end)
    ended = end < y
    # among candidates prefer the latest data period
    latest_containing = np.where(contains, end, -1).argmax(axis=1)
    latest_ended = np.where(ended, end, -1).argmax(axis=1)
    earliest = np.full(len(years), start.argmin())
    pick = np.where(
        contains.any(axis=1),
        latest_containing,
        np.where(ended.any(axis=1), latest_ended, earliest),
    )
    return names[pick]


def _keys(lines: pd.DataFrame):
    params = [p.column for p in PARAMS if p.column in lines.columns]
    keys, codes = distinct_keys(lines, ["gpc_ref", "year"], params)
    keys["vintage"] = choose_vintage(keys["year"])
    keys["grid"] = np.full(len(keys["year"]), GRID, dtype=object)
    return keys, codes


def _factors(keys: Keys):
    ef = resolve(
        keys,
        family="electricity",
        parameter="grid_ef",
        keys={"grid": "grid", "vintage": "vintage"},
        unit="t/kWh",
        param="param_grid_ef",
        param_unit="kg/kWh",
        label="grid EF (kg CO2e/kWh, reported as CO2)",
    )
    loss = resolve(
        keys,
        family="electricity",
        parameter="td_loss",
        keys={"grid": "grid"},
        unit="1",
        param="param_td_loss_pct",
        param_unit="percent",
        label="T&D losses",
    )
    problems = KeyProblems()
    gpc_ref = text(keys["gpc_ref"])
    scope3 = np.isin(gpc_ref, SCOPE3_REFS)
    scope2_ref = np.array([ref[:-1] + "2" for ref in gpc_ref], dtype=object)
    problems.add(
        scope3,
        "gpc_ref",
        "electricity cannot be entered on "
        + gpc_ref
        + ": transmission and distribution losses are derived automatically from the "
        "scope-2 line; enter the consumption (kWh) on " + scope2_ref + " instead (GPC v1.1 Ch 6.3)",
        "ไม่ต้องกรอกไฟฟ้าในรหัส "
        + gpc_ref
        + ": ระบบคำนวณการสูญเสียในระบบส่งและจำหน่ายให้เองจากบรรทัดขอบเขตที่ 2 ให้กรอกปริมาณการใช้"
        " (kWh) ในรหัส " + scope2_ref + " แทน (GPC v1.1 บทที่ 6.3)",
    )
    problems.add(
        ef.missing & ~scope3,
        "param_grid_ef",
        "no grid emission factor: give param_grid_ef (kg CO2e/kWh)",
        "ไม่มีค่าการปล่อยของไฟฟ้า: ให้ระบุ param_grid_ef (kg CO2e/kWh)",
    )
    return ef, loss, problems


def validate(lines: pd.DataFrame) -> list[tuple[int, str, str, str]]:
    keys, codes = _keys(lines)
    _, _, problems = _factors(keys)
    return problems.for_lines(codes, lines["line_id"].to_numpy())


def compute(lines: pd.DataFrame) -> pd.DataFrame:
    if lines.empty:
        return result_frame(lines, gpc_ref="")
    keys, codes = _keys(lines)
    ef, loss, problems = _factors(keys)
    problems.raise_if_any("electricity")
    kwh = lines["amount"].to_numpy(float)
    out = result_frame(
        lines,
        co2=kwh * ef.value[codes],
        factor_source=np.asarray(ef.source, dtype=object)[codes],
        main=ef.take(codes),
        gpc_ref="",
    )
    # derived scope-3 T&D rows: consumption x loss/(1 - loss) x EF
    share = np.nan_to_num(loss.value)
    derived_ref = np.array([DERIVED_REF.get(r, "") for r in keys["gpc_ref"]], dtype=object)
    key_has_loss = (derived_ref != "") & (share > 0)
    with_loss = key_has_loss[codes]
    if not with_loss.any():
        return out
    per_kwh = share / (1.0 - share) * ef.value
    source = np.asarray(join_sources(loss.source, ef.source), dtype=object)
    td_codes = codes[with_loss]
    td = result_frame(
        lines,
        with_loss,
        co2=kwh[with_loss] * per_kwh[td_codes],
        factor_source=source[td_codes],
        main=ef.take(td_codes),
        gpc_ref=derived_ref[td_codes],
    )
    return pd.concat([out, td])


METHODS = [
    MethodSpec(
        name="electricity",
        title_en="Grid-supplied electricity (scope 2) and its T&D losses (scope 3)",
        title_th="การใช้ไฟฟ้าจากระบบสายส่ง (ขอบเขตที่ 2) และการสูญเสียในระบบส่งและจำหน่าย (ขอบเขตที่ 3)",
        equation=(
            "GPC v1.1 Ch 6.3 and Ch 7: consumption x grid EF (scope 2); "
            "consumption x loss/(1-loss) x grid EF (scope 3, derived)"
        ),
        activity_label_en="electricity supply",
        activity_label_th="แหล่งไฟฟ้า",
        activities=lambda: ACTIVITIES,
        amount_units={"energy": "kWh"},
        compute=compute,
        gpc_prefixes=SCOPE2_REFS + SCOPE3_REFS,
        scopes=frozenset({2, 3}),
        params=PARAMS,
        validate=validate,
        example={
            "gpc_ref": "I.1.2",
            "method": "electricity",
            "activity": "grid",
            "amount": 350000000,
            "unit": "kWh",
            "params": {},
        },
    )
]
