"""National roll-up: the provinces' scenarios summed and set against the national target.

Each province contributes its plan's totals per scenario and year (on one GPC
basis). The roll-up sums them over the years all provinces cover; a province
without a scenario of that name counts with its BAU (and a warning says so). The
national target sets (default: Thailand's NDC, 30 % unconditional and 40 %
conditional below BAU in 2030, and net zero in 2065 when the years reach it) are
applied to the *sum of the provincial BAUs* on each target's own basis (the NDC,
which excludes LULUCF, on BASIC+ without land V.2; net zero on net BASIC+),
starting from the first common year. Summing BASIC or BASIC+ of provinces does
not double count power generation: grid electricity is counted where it is used
(scope 2), and the generation supplied to the grid (I.4.4) is in neither basis.
The result says how many of the 77 provinces it holds, which are missing, and
that the sum is a proxy for the national inventory (:data:`PROXY_CAVEAT`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.mitigation.scenarios import BAU
from climateplan.mitigation.targets import (
    Target,
    national_targets,
    target_path,
    target_sets,
    with_basis,
)
from climateplan.reference import provinces


@dataclass
class ProvinceSummary:
    """What the roll-up needs of one province's plan."""

    province: str
    base_year: int
    gwp: str
    totals: pd.DataFrame  # scenario, year, basic, basic_plus, territorial, ...
    file: str | None = None


PROXY_CAVEAT = (
    "The national sum of provincial plans is a proxy, not the national inventory: provinces "
    "account on GPC bases (grid electricity where it is used, scope 2), the NDC counts "
    "national territorial emissions excluding LULUCF; provinces without a plan are missing "
    "from the sum.",
    "ผลรวมแผนของจังหวัดเป็นค่าประมาณแทน ไม่ใช่บัญชีก๊าซเรือนกระจกระดับประเทศ: จังหวัดจัดทำบัญชีตาม "
    "GPC (นับไฟฟ้าจากระบบสายส่งที่จังหวัดผู้ใช้ ขอบเขตที่ 2) ส่วน NDC นับการปล่อยในอาณาเขตประเทศ "
    "ไม่รวมภาคการใช้ประโยชน์ที่ดินและป่าไม้ (LULUCF) และจังหวัดที่ยังไม่มีแผนไม่ได้รวมอยู่ในผลรวม",
)


@dataclass
class Rollup:
    years: np.ndarray
    totals: pd.DataFrame  # scenario, basis, year, emissions (summed)
    gap: pd.DataFrame  # scenario, target, basis, year, bau, emissions, target_value, gap, ...
    provinces: pd.DataFrame  # scenario, target, basis, year, province, bau, emissions, shares
    basis: str
    targets: list[Target] = field(default_factory=list)
    coverage: dict = field(default_factory=dict)  # provinces summed, missing, of 77
    warnings: list[Problem] = field(default_factory=list)
    caveat: tuple[str, str] = PROXY_CAVEAT


def coverage_of(codes: Sequence[str]) -> dict:
    """How many of the 77 provinces are summed, and which are missing (code and names)."""
    table = provinces()
    have = set(codes)
    missing = table.loc[~table["code"].isin(have)]
    return {
        "summed": sorted(have),
        "provinces": len(have),
        "of": len(table),
        "missing": missing["code"].tolist(),
        "missing_names_en": missing["name_en"].tolist(),
        "missing_names_th": missing["name_th"].tolist(),
    }


def summary_of(plan, *, file: str | None = None) -> ProvinceSummary:
    from climateplan.mitigation.analysis import totals_table

    return ProvinceSummary(plan.province, plan.base_year, plan.gwp, totals_table(plan), file)


def summary_from_dict(doc: dict, *, file: str | None = None) -> ProvinceSummary:
    """From a plan document (schema climateplan.plan/1, see export.py)."""
    return ProvinceSummary(
        province=str(doc["province"]),
        base_year=int(doc["base_year"]),
        gwp=str(doc["gwp"]),
        totals=pd.DataFrame(doc["tables"]["totals"]),
        file=file,
    )


def national_rollup(
    summaries: Sequence[ProvinceSummary],
    targets: Sequence[Target] | None = None,
    *,
    basis: str = "basic_plus",
    collector: ProblemCollector | None = None,
) -> Rollup | None:
    """Sum provincial scenarios and compare them with the national target paths."""
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    result = _rollup(list(summaries), targets, basis, collector)
    if own:
        collector.raise_if_any()
    return result if not collector else None


def _rollup(summaries, targets, basis, collector) -> Rollup | None:
    warnings: list[Problem] = []
    if not summaries:
        collector.add("no provincial plan to roll up", "ไม่มีแผนของจังหวัดให้รวม")
        return None
    seen: dict[str, str | None] = {}
    for s in summaries:
        if s.province in seen:
            collector.add(
                f"province {s.province} appears twice (also in {seen[s.province]})",
                f"จังหวัด {s.province} ซ้ำกัน (ซ้ำกับ {seen[s.province]})",
                file=s.file,
            )
        seen[s.province] = s.file
    gwps = {s.gwp for s in summaries}
    if len(gwps) > 1:
        collector.add(
            f"provincial plans use different GWP sets ({', '.join(sorted(gwps))}): totals in "
            "CO2e cannot be added; recompute them with one set",
            f"แผนของจังหวัดใช้ค่า GWP ต่างชุดกัน ({', '.join(sorted(gwps))}): รวมค่า CO2e ไม่ได้ "
            "ให้คำนวณใหม่ด้วยชุดเดียวกัน",
        )
    first = max(int(s.totals["year"].min()) for s in summaries)
    last = min(int(s.totals["year"].max()) for s in summaries)
    if first > last:
        collector.add(
            "the provincial plans have no year in common",
            "แผนของจังหวัดไม่มีปีที่ตรงกันเลย",
        )
    if targets is None:
        targets = [t for t in national_targets() if t.year <= last]
    targets = with_basis(list(targets), basis)
    bases = list(dict.fromkeys([basis, *(t.basis for t in targets)]))
    for s in summaries:
        lacking = [b for b in bases if b not in s.totals.columns]
        if lacking:
            collector.add(
                f"the plan of {s.province} has no total {', '.join(lacking)} (written by an "
                "earlier version): run `climateplan plan scenario` for it again",
                f"แผนของ {s.province} ไม่มียอดรวม {', '.join(lacking)} (สร้างด้วยรุ่นก่อน): "
                "ให้รันคำสั่ง `climateplan plan scenario` ของจังหวัดนี้ใหม่",
                file=s.file,
            )
    if collector:
        return None
    years = np.arange(first, last + 1)
    names = sorted({n for s in summaries for n in s.totals["scenario"].unique()} - {BAU})
    names = [BAU, *names]
    # every province's totals in one frame (one concat, no per-province filtering)
    order = {s.province: k for k, s in enumerate(summaries)}
    wide_all = pd.concat(
        [s.totals[["scenario", "year", *bases]].assign(province=s.province) for s in summaries],
        ignore_index=True,
    )
    wide_all = wide_all.loc[wide_all["year"].between(first, last)]
    have = wide_all[["province", "scenario"]].drop_duplicates()
    have_pairs = set(zip(have["province"], have["scenario"], strict=True))
    stand_ins = []
    for s in summaries:  # a scenario a province lacks: its BAU stands in (warned)
        for name in names:
            if (s.province, name) in have_pairs:
                continue
            bau = wide_all.loc[(wide_all["province"] == s.province) & (wide_all["scenario"] == BAU)]
            stand_ins.append(bau.assign(scenario=name))
            warnings.append(
                Problem(
                    f"{s.province} has no scenario {name!r}: its BAU is counted",
                    f"{s.province} ไม่มีฉากทัศน์ {name!r}: ใช้ค่ากรณีปกติ (BAU) แทน",
                    file=s.file,
                )
            )
    wide_all = pd.concat([wide_all, *stand_ins], ignore_index=True)
    wide_all = wide_all.loc[wide_all["scenario"].isin(names)]
    # rows ordered by province as given, then scenario (BAU first), then year
    wide_all = wide_all.assign(
        _s=pd.Categorical(wide_all["scenario"], categories=names).codes,
        _p=wide_all["province"].map(order),
    ).sort_values(["_p", "_s", "year"], kind="stable")
    wide_all = wide_all.drop(columns=["_s", "_p"]).reset_index(drop=True)
    long = wide_all.melt(
        id_vars=["scenario", "year", "province"],
        value_vars=bases,
        var_name="basis",
        value_name="emissions",
    )
    totals = long.groupby(["scenario", "basis", "year"], sort=False)["emissions"].sum()
    totals = totals.reset_index()

    def series(scenario: str, on: str) -> np.ndarray:
        part = totals.loc[(totals["scenario"] == scenario) & (totals["basis"] == on)]
        return part.set_index("year")["emissions"].reindex(years).to_numpy()

    kept = []
    for t in targets:
        if t.year <= first or t.year > last:
            warnings.append(
                Problem(
                    f"national target {t.name!r} ({t.year}) is outside the common years "
                    f"{first}-{last}: left out",
                    f"เป้าหมายระดับประเทศ {t.name!r} (ปี {t.year}) อยู่นอกช่วงปีร่วม "
                    f"{first}-{last}: ไม่นำมาใช้",
                )
            )
        else:
            kept.append(t)
    gap_rows = []
    province_rows = []
    for name, members in target_sets(kept).items():
        on = members[0].basis
        national_bau = series(BAU, on)
        path = target_path(members, years, national_bau[0], national_bau)
        required = national_bau - path
        wide = (
            long.loc[long["basis"] == on]
            .set_index(["scenario", "province", "year"])["emissions"]
            .unstack("year")
            .sort_index()
        )
        bau_by_province = wide.loc[BAU]
        for scenario in names:
            emissions = series(scenario, on)
            with np.errstate(divide="ignore", invalid="ignore"):
                closed = np.where(
                    required > 0, (national_bau - emissions) / required * 100.0, np.nan
                )
            gap_rows.append(
                pd.DataFrame(
                    {
                        "scenario": scenario,
                        "target": name,
                        "basis": on,
                        "year": years,
                        "bau": national_bau,
                        "emissions": emissions,
                        "target_value": path,
                        "gap": emissions - path,
                        "required_reduction": required,
                        "achieved_reduction": national_bau - emissions,
                        "closed_pct": closed,
                    }
                )
            )
            if scenario == BAU:
                continue
            scen = wide.loc[scenario]
            for t in members:
                i = t.year
                reduction = bau_by_province[i] - scen[i]
                total_reduction = float(reduction.sum())
                req = float(required[i - first])
                province_rows.append(
                    pd.DataFrame(
                        {
                            "scenario": scenario,
                            "target": name,
                            "basis": on,
                            "year": i,
                            "province": reduction.index,
                            "bau": bau_by_province[i].to_numpy(),
                            "emissions": scen[i].to_numpy(),
                            "reduction": reduction.to_numpy(),
                            "share_of_national_reduction_pct": reduction.to_numpy()
                            / total_reduction
                            * 100.0
                            if total_reduction
                            else np.nan,
                            "share_of_required_pct": reduction.to_numpy() / req * 100.0
                            if req > 0
                            else np.nan,
                        }
                    )
                )
    gap = pd.concat(gap_rows, ignore_index=True) if gap_rows else pd.DataFrame()
    provinces_table = (
        pd.concat(province_rows, ignore_index=True) if province_rows else pd.DataFrame()
    )
    coverage = coverage_of([s.province for s in summaries])
    if coverage["missing"]:
        shown = ", ".join(coverage["missing"][:10]) + (
            " ..." if len(coverage["missing"]) > 10 else ""
        )
        warnings.append(
            Problem(
                f"{coverage['provinces']} of {coverage['of']} provinces are summed; "
                f"{len(coverage['missing'])} have no plan in the roll-up ({shown}): the sum is "
                "not the nation's",
                f"รวม {coverage['provinces']} จาก {coverage['of']} จังหวัด; อีก "
                f"{len(coverage['missing'])} จังหวัดไม่มีแผนในการรวม ({shown}): ผลรวมจึงไม่ใช่ของทั้งประเทศ",
            )
        )
    return Rollup(
        years=years,
        totals=totals,
        gap=gap,
        provinces=provinces_table,
        basis=basis,
        targets=kept,
        coverage=coverage,
        warnings=warnings,
    )
