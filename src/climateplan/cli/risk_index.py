"""`climateplan risk index | profile | eai | framework`: the risk-index half of the risk
engine. Thin: parse options, call climateplan.risk.index / climateplan.risk.profile,
print a summary. Bad input prints every problem in Thai and English and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from climateplan.cli._common import console, err_console, report_input_error, steps
from climateplan.errors import InputError
from climateplan.reports.cells import csv_bytes, write_csv

FRAMEWORK_HELP = (
    "Framework YAML (default: the shipped Thai provincial framework). "
    "ไฟล์กรอบดัชนี YAML (ค่าเริ่มต้น: กรอบดัชนีระดับจังหวัดที่มากับโปรแกรม)"
)
GRIDDED_HELP = (
    "Gridded climate indices table from `climateplan risk indices` (CSV/XLSX). "
    "ตารางดัชนีภูมิอากาศแบบกริดจาก `climateplan risk indices`"
)
SCENARIO_HELP = (
    "Move every projected indicator and the register to this scenario (e.g. ssp585). "
    "เปลี่ยนฉากทัศน์ของตัวชี้วัดที่เป็นค่าคาดการณ์และทะเบียนความเสี่ยง"
)
PERIOD_HELP = (
    "Move every projected indicator to this period (e.g. 2051-2080). เปลี่ยนช่วงปีของตัวชี้วัดที่เป็นค่าคาดการณ์"
)


def _print_notes(notes) -> None:
    for note in notes:
        err_console.print(f"[yellow]![/] {note.format('th')}", highlight=False, soft_wrap=True)
        err_console.print(f"  {note.format('en')}", markup=False, highlight=False, soft_wrap=True)


def index_command(
    indicators: Path = typer.Argument(
        ...,
        help="Indicator table (CSV/XLSX: province, indicator, value, year, source). ตารางค่าตัวชี้วัด",
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Output .csv or .json / ไฟล์ผลลัพธ์ .csv หรือ .json"
    ),
    gridded: Path | None = typer.Option(None, "--gridded", help=GRIDDED_HELP),
    framework: Path | None = typer.Option(None, "--framework", help=FRAMEWORK_HELP),
    scenario: str | None = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    period: str | None = typer.Option(None, "--period", help=PERIOD_HELP),
    sheet: str | None = typer.Option(
        None, "--sheet", help="Sheet of an XLSX indicator table / ชื่อชีตของไฟล์ XLSX"
    ),
) -> None:
    """Risk index for every province in the inputs: scores 0-10, class, rank, drivers.
    คำนวณดัชนีความเสี่ยงของทุกจังหวัดในข้อมูลนำเข้า"""
    from climateplan.risk.profile import run_index, write_index

    try:
        with steps() as progress:
            task = progress.add_task("risk index / ดัชนีความเสี่ยง", total=4)

            def advance(label: str) -> None:
                progress.update(task, description=label, advance=1)

            run = run_index(framework, indicators, gridded, scenario, period, sheet, advance)
            advance("write output / เขียนผลลัพธ์")
            written = write_index(run, output)
    except InputError as error:
        report_input_error(error)
    _print_notes(run.result.notes)
    table = run.result.table("overall").sort_values("rank")
    view = Table(title="ดัชนีความเสี่ยง / risk index (top 10)")
    for col in ("rank", "province", "name_th", "name_en", "risk", "class_en", "coverage"):
        view.add_column(col)
    for row in table.head(10).itertuples():
        view.add_row(
            "" if row.rank is None else str(row.rank),
            row.province,
            row.name_th,
            row.name_en,
            "n/a" if row.risk != row.risk else f"{row.risk:.2f}",
            row.class_en,
            f"{row.coverage:.0%}",
        )
    console.print(view)
    n_missing = len(run.result.missing)
    console.print(
        f"{len(table)} จังหวัด / provinces; ค่าที่ขาด / missing values: {n_missing}; "
        f"เขียนแล้ว / written: {written}"
    )


def profile_command(
    province: str = typer.Option(
        ..., "--province", help="Province: TH-xx, DOPA code or name / จังหวัด"
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Output folder / โฟลเดอร์ผลลัพธ์"),
    indicators: Path | None = typer.Option(
        None, "--indicators", help="Indicator table (CSV/XLSX) / ตารางค่าตัวชี้วัด"
    ),
    gridded: Path | None = typer.Option(None, "--gridded", help=GRIDDED_HELP),
    framework: Path | None = typer.Option(None, "--framework", help=FRAMEWORK_HELP),
    scenario: str | None = typer.Option(None, "--scenario", help=SCENARIO_HELP),
    period: str | None = typer.Option(None, "--period", help=PERIOD_HELP),
    events: Path | None = typer.Option(
        None, "--events", help="Hazard event set for expected annual impact / ชุดเหตุการณ์ภัย"
    ),
    exposure: Path | None = typer.Option(
        None, "--exposure", help="Exposure values per province and asset type / มูลค่าทรัพย์สินที่เสี่ยง"
    ),
    impact_functions: Path | None = typer.Option(
        None, "--impact-functions", help="Damage ratio vs intensity tables / ฟังก์ชันความเสียหาย"
    ),
    example: bool = typer.Option(
        False,
        "--example",
        help="Use the shipped SYNTHETIC example tables (not official data) for inputs not "
        "given. ใช้ข้อมูลตัวอย่างสังเคราะห์ที่มากับโปรแกรม (ไม่ใช่ข้อมูลทางการ)",
    ),
) -> None:
    """A province's climate risk profile: JSON, CSV, map and charts (PNG and HTML).
    จัดทำโปรไฟล์ความเสี่ยงด้านสภาพภูมิอากาศของจังหวัด"""
    from climateplan.risk.index.examples import (
        EXAMPLE_GRIDDED,
        EXAMPLE_INDICATORS,
        example_path,
    )
    from climateplan.risk.profile import PROFILE_STEPS, build_profile, write_profile

    if example:
        indicators = indicators or example_path(EXAMPLE_INDICATORS)
        gridded = gridded or example_path(EXAMPLE_GRIDDED)
    if indicators is None and gridded is None:
        err_console.print(
            "ต้องระบุ --indicators และ/หรือ --gridded (หรือ --example เพื่อใช้ข้อมูลตัวอย่าง)\n"
            "give --indicators and/or --gridded (or --example for the synthetic example data)"
        )
        raise typer.Exit(code=2)
    try:
        with steps() as progress:
            task = progress.add_task("risk profile / โปรไฟล์ความเสี่ยง", total=PROFILE_STEPS)

            def advance(label: str) -> None:
                progress.update(task, description=label, advance=1)

            profile = build_profile(
                province,
                framework,
                indicators,
                gridded,
                scenario,
                period,
                events,
                exposure,
                impact_functions,
                synthetic_inputs=example,
                progress=advance,
            )
            written = write_profile(profile, output, progress=advance)
    except InputError as error:
        report_input_error(error)
    if profile.synthetic_inputs:
        err_console.print(
            "[yellow]![/] ใช้ข้อมูลสังเคราะห์ ไม่ใช่ข้อมูลทางการ / synthetic inputs, not official data"
        )
    _print_notes(profile.notes)
    overall = profile.context_table("overall").iloc[0]
    console.print(
        f"{profile.province['name_th']} / {profile.province['name_en']} ({profile.code}): "
        f"ความเสี่ยง / risk {overall['risk']:.2f} ({overall['class_th']} / {overall['class_en']}), "
        f"อันดับ / rank {'n/a' if pd.isna(overall['rank']) else int(overall['rank'])}"
    )
    view = Table(title="ทะเบียนความเสี่ยง / risk register")
    for col in ("hazard", "risk", "P", "C", "intensity", "frequency", "timeframe"):
        view.add_column(col)
    for row in profile.register().itertuples():
        view.add_row(
            f"{row.hazard_th} / {row.hazard_en}",
            "n/a" if row.risk_score != row.risk_score else f"{row.risk_score:.1f}",
            str(row.probability),
            str(row.consequence),
            row.change_intensity_en,
            row.change_frequency_en,
            row.timeframe_en,
        )
    console.print(view)
    console.print(f"เขียน {len(written)} ไฟล์ใน / wrote {len(written)} files to {output}")


def eai_command(
    events: Path = typer.Argument(
        ..., help="Event set: event_id, hazard, province, intensity, annual_frequency / ชุดเหตุการณ์ภัย"
    ),
    exposure: Path = typer.Argument(
        ..., help="Exposure: province, asset_type, value / มูลค่าทรัพย์สินที่เสี่ยง"
    ),
    impact_functions: Path = typer.Argument(
        ..., help="Impact functions: hazard, asset_type, intensity, damage_ratio / ฟังก์ชันความเสียหาย"
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Output .csv / ไฟล์ผลลัพธ์ .csv"),
) -> None:
    """Expected annual impact per province: sum of frequency x damage ratio x exposure.
    ผลกระทบเฉลี่ยรายปีของแต่ละจังหวัด"""
    from climateplan.risk.index.eai import load_eai
    from climateplan.risk.profile import _atomic_dir

    try:
        table, notes = load_eai(events, exposure, impact_functions)
    except InputError as error:
        report_input_error(error)

    def write(folder: Path) -> list[str]:
        (folder / output.name).write_bytes(csv_bytes(table))  # the shared export sanitiser
        return [output.name]

    _atomic_dir(output.parent, write, staging_in=output.parent)
    _print_notes(notes)
    console.print(table.to_string(index=False))
    console.print(f"เขียนแล้ว / written: {output}")


def framework_command(
    framework: Path | None = typer.Option(None, "--framework", help=FRAMEWORK_HELP),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the indicator list as CSV / เขียนรายการตัวชี้วัดเป็น CSV"
    ),
) -> None:
    """Check a framework file and list its indicators. ตรวจสอบไฟล์กรอบดัชนีและแสดงตัวชี้วัด"""
    from climateplan.risk.index.framework import load_framework

    try:
        fw = load_framework(framework)
    except InputError as error:
        report_input_error(error)
    table = fw.indicator_table()
    view = Table(title=f"{fw.name.th} / {fw.name.en}")
    for col in ("indicator", "dimension", "unit", "min", "max", "direction", "value_from"):
        view.add_column(col)
    for row in table.itertuples():
        view.add_row(
            row.indicator,
            row.dimension,
            row.unit,
            f"{row.min:g}",
            f"{row.max:g}",
            row.direction,
            row.value_from,
        )
    console.print(view)
    console.print(f"ถูกต้อง / valid: {fw.path}")
    if output is not None:
        write_csv(table, output)  # the shared export sanitiser, written atomically


def register(app: typer.Typer) -> None:
    """Add the risk-index commands to `climateplan risk`."""
    app.command("index")(index_command)
    app.command("profile")(profile_command)
    app.command("eai")(eai_command)
    app.command("framework")(framework_command)
