"""A province's climate risk profile: index results, GCoM-shaped register, risk matrix,
optional expected annual impact, written as JSON, CSV, a map and charts (PNG and HTML).

Writing is all or nothing: files go to a temporary folder beside the output folder and
are moved in only when every one of them was written.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from climateplan.errors import Problem, ProblemCollector
from climateplan.reference.provinces import find_province, provinces
from climateplan.reports.cells import csv_bytes
from climateplan.risk.index.eai import load_eai
from climateplan.risk.index.framework import DIMENSIONS, Framework, load_framework
from climateplan.risk.index.register import Register, build_register, risk_matrix
from climateplan.risk.index.scoring import (
    RISK,
    RiskIndexResult,
    compute_index,
    hazard_sector_scores,
    not_applicable_mask,
)
from climateplan.risk.index.values import (
    IndicatorValues,
    assemble_values,
    read_gridded_table,
    read_indicator_table,
)

Progress = Callable[[str], None]
PROFILE_STEPS = 9  # progress callbacks made by build_profile + write_profile
# Put before every title and said in every table when an input is synthetic.
SYNTHETIC_TITLE = ("ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลจริง", "SYNTHETIC DATA, not real")
SYNTHETIC_NOTICE = {
    "en": "Computed from SYNTHETIC inputs (example or generated data), not official or "
    "real climate data: for demonstration and testing only.",
    "th": "คำนวณจากข้อมูลสังเคราะห์ (ข้อมูลตัวอย่างหรือข้อมูลที่สร้างขึ้น) ไม่ใช่ข้อมูลทางการหรือข้อมูล"
    "ภูมิอากาศจริง ใช้สำหรับสาธิตและทดสอบเท่านั้น",
}


def _noop(_: str) -> None:
    pass


@dataclass
class IndexRun:
    """The index computed from validated inputs (shared by `risk index` and `risk profile`)."""

    framework: Framework
    result: RiskIndexResult
    gridded: pd.DataFrame | None
    register: Register


def run_index(
    framework: Framework | str | Path | None = None,
    indicators: str | Path | pd.DataFrame | None = None,
    gridded: str | Path | pd.DataFrame | None = None,
    scenario: str | None = None,
    period: str | None = None,
    sheet: str | None = None,
    progress: Progress = _noop,
) -> IndexRun:
    """Validate every input (all problems at once), then score and build the register."""
    fw = framework if isinstance(framework, Framework) else load_framework(framework)
    fw = fw.with_projection(scenario, period)
    progress("read inputs / อ่านข้อมูลนำเข้า")
    problems = ProblemCollector()
    table = (
        read_indicator_table(indicators, fw, sheet, problems=problems)
        if indicators is not None
        else None
    )
    grid = read_gridded_table(gridded, problems=problems) if gridded is not None else None
    problems.raise_if_any()
    values: IndicatorValues = assemble_values(fw, table, grid, problems=problems)
    problems.raise_if_any()
    progress("compute scores / คำนวณคะแนน")
    result = compute_index(fw, values)
    result.notes.extend(no_data_notes(result))
    synthetic = values.synthetic_provinces()
    if synthetic:
        result.notes.append(
            Problem(
                f"SYNTHETIC inputs for {len(synthetic)} province(s): results are for "
                "demonstration and testing only (marked synthetic_inputs in every output)",
                f"ข้อมูลนำเข้าของ {len(synthetic)} จังหวัดเป็นข้อมูลสังเคราะห์: ผลลัพธ์ใช้สำหรับสาธิตและ"
                "ทดสอบเท่านั้น (มีเครื่องหมาย synthetic_inputs ในผลลัพธ์ทุกไฟล์)",
            )
        )
    progress("build risk register / จัดทำทะเบียนความเสี่ยง")
    register = build_register(result, grid, scenario=fw.settings.register.scenario)
    return IndexRun(fw, result, grid, register)


def with_synthetic_column(
    table: pd.DataFrame, result: RiskIndexResult, every: bool = False
) -> pd.DataFrame:
    """A per-province table with ``synthetic_inputs``: True where any of the province's
    values is synthetic (or for every row when ``every``)."""
    synthetic = result.values.synthetic_provinces()
    return table.assign(synthetic_inputs=every | table["province"].isin(synthetic))


def no_data_notes(result: RiskIndexResult) -> list[Problem]:
    """Provinces that get no risk score, and why: absent from every input, or present
    with too few values (a dimension below the minimum coverage)."""
    notes = []
    every = provinces()
    absent = every[~every["code"].isin(result.provinces)]
    if len(absent) and len(absent) < len(every):
        listed = ", ".join(absent["code"])
        notes.append(
            Problem(
                f"{len(absent)} province(s) have no value in any input and get no risk score "
                f"(shown as 'no data' on the map): {listed}",
                f"{len(absent)} จังหวัดไม่มีค่าในข้อมูลนำเข้าใดเลย จึงไม่มีคะแนนความเสี่ยง "
                f"(แสดงเป็น 'ไม่มีข้อมูล' บนแผนที่): {listed}",
            )
        )
    overall = result.table("overall")
    unscored = overall[overall["risk"].isna()]
    if len(unscored):
        dims = [d for d in ("hazard_exposure", "vulnerability", "lack_of_coping_capacity")]
        parts = []
        for row in unscored.itertuples():
            lacking = [d for d in dims if pd.isna(getattr(row, d))]
            parts.append(f"{row.province} ({', '.join(lacking) or 'risk'})")
        listed = "; ".join(parts)
        notes.append(
            Problem(
                f"{len(unscored)} province(s) in the inputs get no risk score: too few values "
                "(coverage below the framework's minimum) in the dimension(s) named: " + listed,
                f"{len(unscored)} จังหวัดในข้อมูลนำเข้าไม่มีคะแนนความเสี่ยง เพราะมีค่าน้อยเกินไป "
                "(ความครอบคลุมต่ำกว่าเกณฑ์ขั้นต่ำของกรอบดัชนี) ในมิติที่ระบุ: " + listed,
            )
        )
    return notes


@dataclass
class ProvinceProfile:
    province: pd.Series  # code, name_th, name_en, region_en, region_th, ...
    run: IndexRun
    matrix: pd.DataFrame
    eai: pd.DataFrame | None = None
    notes: list[Problem] = field(default_factory=list)
    synthetic_flag: bool = False  # told by the caller (the shipped example tables)

    @property
    def code(self) -> str:
        return str(self.province["code"])

    @property
    def synthetic_inputs(self) -> bool:
        """True when the caller says so or any of the province's values is synthetic
        (a `synthetic` column, a SYNTHETIC source, or gridded indices of synth-climate)."""
        return self.synthetic_flag or self.code in self.run.result.values.synthetic_provinces()

    def title(self, th: str, en: str) -> tuple[str, str]:
        """A chart title, marked when the inputs are synthetic."""
        if self.synthetic_inputs:
            return (f"{SYNTHETIC_TITLE[0]} – {th}", f"{SYNTHETIC_TITLE[1]} – {en}")
        return th, en

    def labelled(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with a ``synthetic_inputs`` column (every output table carries it)."""
        return frame.assign(synthetic_inputs=self.synthetic_inputs)

    def hazard_sector(self) -> pd.DataFrame:
        """The province's hazard x NAP sector scores (see hazard_sector_scores)."""
        table = hazard_sector_scores(self.run.result)
        return table[table["province"] == self.code].reset_index(drop=True)

    def applicable_hazards(self) -> list[str]:
        return [
            h for h, hz in self.run.framework.hazards.items() if hz.occurs_in_province(self.code)
        ]

    def scores(self) -> pd.DataFrame:
        s = self.run.result.scores
        return s[s["province"] == self.code].reset_index(drop=True)

    def context_table(self, kind: str) -> pd.DataFrame:
        """The province's rows of one context kind, in the framework's order."""
        table = self.run.result.table(kind)
        table = table[table["province"] == self.code]
        if kind != "overall":
            fw = self.run.framework
            order = list(fw.hazards) if kind == "hazard" else list(fw.nap_sectors)
            table = table.assign(_o=table["context"].map(order.index)).sort_values("_o")
            table = table.drop(columns="_o")
            if kind == "hazard":  # hazards that cannot occur here are left out
                table = table[table["context"].isin(self.applicable_hazards())]
        return table.reset_index(drop=True)

    def indicators(self) -> pd.DataFrame:
        """The province's indicators: value, unit, score, clipped, missing, provenance."""
        result = self.run.result
        fw = self.run.framework
        meta = fw.indicator_table().set_index("indicator")
        code = self.code
        table = pd.DataFrame(
            {
                "indicator": meta.index,
                "name_th": meta["name_th"].to_numpy(),
                "name_en": meta["name_en"].to_numpy(),
                "dimension": meta["dimension"].to_numpy(),
                "role": meta["role"].to_numpy(),
                "value": result.values.values.loc[code, meta.index].to_numpy(dtype=float),
                "unit": meta["unit"].to_numpy(),
                "min": meta["min"].to_numpy(),
                "max": meta["max"].to_numpy(),
                "direction": meta["direction"].to_numpy(),
                "transform": meta["transform"].to_numpy(),
                "score": result.indicator_scores.loc[code, meta.index].to_numpy(dtype=float),
                "clipped": result.clipped.loc[code, meta.index].to_numpy(dtype=bool),
            }
        )
        table["missing"] = table["value"].isna()
        prov = result.values.provenance
        prov = prov[prov["province"] == code].drop_duplicates("indicator").set_index("indicator")
        table["value_from"] = (
            table["indicator"]
            .map(prov["value_from"])
            .fillna(table["indicator"].map(meta["value_from"]))
        )
        table["year"] = (
            table["indicator"].map(prov["year"]).fillna(table["indicator"].map(meta["year"]))
        )
        table["source"] = (
            table["indicator"].map(prov["source"]).fillna(table["indicator"].map(meta["source"]))
        )
        table["origin"] = table["indicator"].map(prov["origin"]).fillna("")
        table["synthetic"] = (
            table["indicator"].map(prov["synthetic"]).fillna(False).astype(bool)
            if "synthetic" in prov
            else False
        )
        table["years_dropped_pct"] = (
            table["indicator"].map(prov["years_dropped_pct"]).fillna(0.0).astype(float)
            if "years_dropped_pct" in prov
            else 0.0
        )
        applies = ~not_applicable_mask(fw, result.values.values.reindex(columns=meta.index))
        table["applicable"] = applies.loc[code].to_numpy(dtype=bool)
        return table

    def register(self) -> pd.DataFrame:
        return self.run.register.for_province(self.code)

    def to_dict(self) -> dict[str, Any]:
        fw = self.run.framework
        result = self.run.result
        overall = self.context_table("overall").iloc[0]
        n_ranked = int(result.table("overall")["risk"].notna().sum())
        drivers = result.drivers
        drivers = drivers[drivers["province"] == self.code]

        def context_records(kind: str) -> list[dict]:
            table = self.context_table(kind)
            out = []
            for row in _records(table):
                d = drivers[
                    (drivers["context_kind"] == kind) & (drivers["context"] == row["context"])
                ]
                row["drivers"] = _records(d.drop(columns=["province", "context_kind", "context"]))
                out.append(row)
            return out

        overall_drivers = drivers[drivers["context_kind"] == "overall"]
        return {
            "province": {
                "code": self.code,
                "name_th": self.province["name_th"],
                "name_en": self.province["name_en"],
                "region_th": self.province["region_th"],
                "region_en": self.province["region_en"],
            },
            "framework": {
                "id": fw.id,
                "version": fw.version,
                "name_en": fw.name.en,
                "name_th": fw.name.th,
                "file": fw.path,
                "scenario": fw.settings.register.scenario,
                "min_coverage": fw.settings.min_coverage,
                "classes": [
                    {"id": b.id, "en": b.label.en, "th": b.label.th, "below": b.below}
                    for b in fw.settings.classes
                ],
            },
            "synthetic_inputs": self.synthetic_inputs,
            "data_notice": SYNTHETIC_NOTICE if self.synthetic_inputs else None,
            "hazards_not_applicable": [
                {"hazard": h, "en": hz.name.en, "th": hz.name.th, "occurs_in": hz.occurs_in}
                for h, hz in fw.hazards.items()
                if not hz.occurs_in_province(self.code)
            ],
            "overall": {
                **{k: _plain(overall[k]) for k in [RISK, *DIMENSIONS]},
                **{
                    k: _plain(overall[k])
                    for k in ("class", "class_en", "class_th", "rank", "coverage", "status")
                },
                "provinces_ranked": n_ranked,
                "drivers": _records(
                    overall_drivers.drop(columns=["province", "context_kind", "context"])
                ),
            },
            "hazards": context_records("hazard"),
            "sectors": context_records("sector"),
            "components": _records(
                self.scores()[lambda s: s["context_kind"] == "overall"].drop(
                    columns=["province", "context_kind", "context"]
                )
            ),
            "indicators": _records(self.indicators()),
            "register": _records(self.register()),
            "risk_matrix": _records(self.matrix),
            "hazard_sector": _records(self.hazard_sector()),
            "expected_annual_impact": None if self.eai is None else _records(self.eai),
            "notes": [{"en": n.format("en"), "th": n.format("th")} for n in self.notes],
        }


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def build_profile(
    province: str,
    framework: Framework | str | Path | None = None,
    indicators: str | Path | pd.DataFrame | None = None,
    gridded: str | Path | pd.DataFrame | None = None,
    scenario: str | None = None,
    period: str | None = None,
    events: str | Path | pd.DataFrame | None = None,
    exposure: str | Path | pd.DataFrame | None = None,
    impact_functions: str | Path | pd.DataFrame | None = None,
    synthetic_inputs: bool = False,
    progress: Progress = _noop,
) -> ProvinceProfile:
    """Compute a province's profile; raises InputError (nothing computed) on bad input.
    ``synthetic_inputs`` marks the profile synthetic whatever the inputs say (inputs
    that are synthetic mark it anyway)."""
    try:
        row = find_province(province)
    except KeyError as exc:
        problems = ProblemCollector()
        problems.add(
            str(exc.args[0]).split(" / ")[0],
            str(exc.args[0]).split(" / ")[-1],
            column="--province",
            value=str(province),
        )
        problems.raise_if_any()
    eai_inputs = [events, exposure, impact_functions]
    if any(x is not None for x in eai_inputs) and not all(x is not None for x in eai_inputs):
        problems = ProblemCollector()
        problems.add(
            "expected annual impact needs all three tables: events, exposure and impact functions",
            "การคำนวณผลกระทบเฉลี่ยรายปีต้องใช้ครบสามตาราง: เหตุการณ์ ทรัพย์สินที่เสี่ยง และฟังก์ชันผลกระทบ",
        )
        problems.raise_if_any()
    run = run_index(framework, indicators, gridded, scenario, period, progress=progress)
    code = row["code"]
    if code not in run.result.provinces:
        problems = ProblemCollector()
        problems.add(
            f"the inputs have no values for {code} ({row['name_en']})",
            f"ข้อมูลนำเข้าไม่มีค่าของ {code} ({row['name_th']})",
            column="--province",
            value=code,
        )
        problems.raise_if_any()
    eai = None
    notes = list(run.result.notes)
    if events is not None:
        progress("expected annual impact / ผลกระทบเฉลี่ยรายปี")
        eai, eai_notes = load_eai(events, exposure, impact_functions)
        eai = eai[eai["province"] == code].reset_index(drop=True)
        notes += eai_notes
    entries = run.register.for_province(code)
    matrix = risk_matrix(entries, run.framework)
    overall = run.result.table("overall")
    if overall.loc[overall["province"] == code, "risk"].isna().all():
        notes.append(
            Problem(
                f"{code} gets no overall risk score: too few values in at least one dimension "
                "(see the missing values and the scores' coverage)",
                f"{code} ไม่มีคะแนนความเสี่ยงรวม: มีค่าน้อยเกินไปในอย่างน้อยหนึ่งมิติ "
                "(ดูค่าที่ขาดและความครอบคลุมของคะแนน)",
            )
        )
    missing = run.result.missing
    missing = missing[missing["province"] == code]
    if len(missing):
        notes.append(
            Problem(
                f"{len(missing)} indicator value(s) missing for {code}: "
                + ", ".join(missing["indicator"]),
                f"ขาดค่าตัวชี้วัด {len(missing)} รายการของ {code}: " + ", ".join(missing["indicator"]),
            )
        )
    return ProvinceProfile(row, run, matrix, eai, notes, synthetic_inputs)


# --------------------------------------------------------------------------------- writing


def _atomic_dir(
    out_dir: Path, write: Callable[[Path], list[str]], staging_in: Path | None = None
) -> list[Path]:
    """Run ``write`` into a fresh temporary folder (next to ``out_dir`` unless
    ``staging_in`` is given); move the files in only if it finished. On any error
    nothing is left behind."""
    out_dir = Path(out_dir)
    parent = staging_in if staging_in is not None else out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".climateplan-", dir=parent))
    try:
        names = write(staging)
        out_dir.mkdir(parents=True, exist_ok=True)
        moved = []
        for name in names:
            os.replace(staging / name, out_dir / name)
            moved.append(out_dir / name)
        return moved
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_profile(
    profile: ProvinceProfile, out_dir: str | Path, progress: Progress = _noop
) -> list[Path]:
    """Write profile.json, CSVs, the map and charts (PNG and HTML) into ``out_dir``."""
    from climateplan.risk.profile import charts

    fw = profile.run.framework
    name_th, name_en = profile.province["name_th"], profile.province["name_en"]
    if charts.thai_font_family() is None:
        profile.notes.append(
            Problem(
                "no font with Thai glyphs found: PNG labels are in English only "
                "(install the pip package fontpkg-noto-sans-thai)",
                "ไม่พบฟอนต์ภาษาไทย: ป้ายกำกับในไฟล์ PNG เป็นภาษาอังกฤษเท่านั้น "
                "(ติดตั้งแพ็กเกจ fontpkg-noto-sans-thai)",
            )
        )

    def write(folder: Path) -> list[str]:
        names = []

        def save_csv(frame: pd.DataFrame, name: str) -> None:
            # the shared export sanitiser: text cells made inert, UTF-8 with BOM
            (folder / name).write_bytes(csv_bytes(profile.labelled(frame)))
            names.append(name)

        progress("write tables / เขียนตาราง")
        save_csv(profile.scores(), "scores.csv")
        overall = profile.run.result.table("overall")
        every = with_synthetic_column(overall, profile.run.result, profile.synthetic_flag)
        (folder / "scores_all_provinces.csv").write_bytes(csv_bytes(every))
        names.append("scores_all_provinces.csv")
        save_csv(profile.indicators(), "indicators.csv")
        save_csv(profile.register(), "register.csv")
        save_csv(profile.matrix, "risk_matrix.csv")
        hazard_sector = profile.hazard_sector()
        save_csv(hazard_sector, "hazard_sector.csv")
        if profile.eai is not None:
            save_csv(profile.eai, "expected_annual_impact.csv")

        progress("draw map / วาดแผนที่")
        title = profile.title(f"ความเสี่ยงด้านสภาพภูมิอากาศ: {name_th}", f"Climate risk: {name_en}")
        charts.map_png(overall, profile.code, fw.settings.classes, title, folder / "map.png")
        charts.map_html(overall, profile.code, fw.settings.classes, title, folder / "map.html")
        names += ["map.png", "map.html"]

        progress("draw charts / วาดแผนภูมิ")
        hazards = profile.context_table("hazard")
        hazards["label_th"] = hazards["context"].map(lambda h: fw.hazards[h].name.th)
        hazards["label_en"] = hazards["context"].map(lambda h: fw.hazards[h].name.en)
        title = profile.title(f"ความเสี่ยงรายภัย: {name_th}", f"Risk by hazard: {name_en}")
        charts.bars_png(hazards, fw.settings.classes, title, folder / "hazard_scores.png")
        charts.bars_html(hazards, fw.settings.classes, title, folder / "hazard_scores.html")
        sectors = profile.context_table("sector")
        sectors["label_th"] = sectors["context"].map(lambda s: fw.nap_sectors[s].th)
        sectors["label_en"] = sectors["context"].map(lambda s: fw.nap_sectors[s].en)
        title = profile.title(f"ความเสี่ยงรายสาขา NAP: {name_th}", f"Risk by NAP sector: {name_en}")
        charts.bars_png(sectors, fw.settings.classes, title, folder / "sector_scores.png")
        charts.bars_html(sectors, fw.settings.classes, title, folder / "sector_scores.html")
        levels = fw.settings.register.matrix_levels
        title = profile.title(f"เมทริกซ์ความเสี่ยง: {name_th}", f"Risk matrix: {name_en}")
        charts.matrix_png(profile.matrix, levels, title, folder / "risk_matrix.png")
        charts.matrix_html(profile.matrix, levels, title, folder / "risk_matrix.html")
        shown = hazard_sector[hazard_sector["hazard"].isin(profile.applicable_hazards())]
        title = profile.title(
            f"ความเสี่ยงรายภัยและสาขา NAP: {name_th}", f"Risk by hazard and NAP sector: {name_en}"
        )
        charts.hazard_sector_png(shown, fw.settings.classes, title, folder / "hazard_sector.png")
        charts.hazard_sector_html(shown, fw.settings.classes, title, folder / "hazard_sector.html")
        names += [
            "hazard_scores.png",
            "hazard_scores.html",
            "sector_scores.png",
            "sector_scores.html",
            "risk_matrix.png",
            "risk_matrix.html",
            "hazard_sector.png",
            "hazard_sector.html",
            charts.PLOTLY_JS,  # the one copy of plotly.js the HTML pages load
        ]
        progress("write JSON / เขียน JSON")
        (folder / "profile.json").write_text(
            json.dumps(profile.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
        )
        names.append("profile.json")
        return names

    return _atomic_dir(Path(out_dir), write)


def write_index(run: IndexRun, out: str | Path) -> Path:
    """`risk index` output: .csv (one row per province: risk, dimensions, class, rank,
    coverage, drivers) or .json (that plus per-hazard and per-sector tables, component
    scores, missing values, register and notes). Written atomically."""
    out = Path(out)
    suffix = out.suffix.lower()
    result = run.result
    if suffix not in (".csv", ".json"):
        problems = ProblemCollector()
        problems.add(
            f"output must end in .csv or .json, got {out.name!r}",
            f"ไฟล์ผลลัพธ์ต้องลงท้ายด้วย .csv หรือ .json แต่พบ {out.name!r}",
            column="-o",
            value=str(out),
        )
        problems.raise_if_any()

    def write(folder: Path) -> list[str]:
        overall = with_synthetic_column(result.table("overall"), result)
        if suffix == ".csv":
            (folder / out.name).write_bytes(csv_bytes(overall))
        else:
            synthetic = bool(overall["synthetic_inputs"].any())
            document = {
                "framework": {
                    "id": run.framework.id,
                    "version": run.framework.version,
                    "file": run.framework.path,
                },
                "synthetic_inputs": synthetic,
                "data_notice": SYNTHETIC_NOTICE if synthetic else None,
                "overall": _records(overall),
                "hazards": _records(result.table("hazard")),
                "sectors": _records(result.table("sector")),
                "scores": _records(result.scores),
                "drivers": _records(result.drivers),
                "missing": _records(result.missing),
                "register": _records(with_synthetic_column(run.register.entries, result)),
                "hazard_sector": _records(hazard_sector_scores(result)),
                "notes": [{"en": n.format("en"), "th": n.format("th")} for n in result.notes],
            }
            (folder / out.name).write_text(
                json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8"
            )
        return [out.name]

    return _atomic_dir(out.parent, write, staging_in=out.parent)[0]
