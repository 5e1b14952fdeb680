"""`climateplan risk synth-climate | indices`: the gridded-climate half of the risk engine.

Thin: parse options, call climateplan.risk.climate, show progress, write the table.
Bad input prints every problem in Thai and English and writes nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from climateplan.cli._common import console, err_console, report_input_error
from climateplan.errors import InputError, ProblemCollector
from climateplan.reports.cells import write_csv

OUTPUT_FORMATS = (".csv", ".parquet", ".json")


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
        disable=not sys.stderr.isatty(),
    )


def _check_output(path: Path, problems: ProblemCollector) -> None:
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        problems.add(
            f"output must end in {', '.join(OUTPUT_FORMATS)}, not {suffix or '(none)'!r}",
            f"ไฟล์ผลลัพธ์ต้องลงท้ายด้วย {', '.join(OUTPUT_FORMATS)} ไม่ใช่ {suffix or '(ไม่มี)'!r}",
            file=str(path),
        )
    elif suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            problems.add(
                "Parquet output needs the pyarrow package; write .csv or .json instead",
                "การเขียน Parquet ต้องมีแพ็กเกจ pyarrow ให้ใช้ .csv หรือ .json แทน",
                file=str(path),
            )
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        problems.add(
            f"output folder {parent} does not exist",
            f"ไม่มีโฟลเดอร์ผลลัพธ์ {parent}",
            file=str(path),
        )


def write_table(table, path: Path) -> None:
    """Write CSV / Parquet / JSON atomically: a temporary file renamed when complete.
    CSV goes through the shared export sanitiser (climateplan.reports.cells)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(table, path)
        return
    tmp = path.with_name(f".{path.name}.part")
    if suffix == ".parquet":
        table.to_parquet(tmp, index=False)
    else:
        table.to_json(tmp, orient="records", indent=1, force_ascii=False)
    os.replace(tmp, path)


def synth_climate_command(
    out: Path = typer.Option(..., "--out", help="Folder for the NetCDF files / โฟลเดอร์ที่จะเขียนไฟล์"),
    start: int = typer.Option(1985, "--start", help="First year / ปีแรก (ค.ศ.)"),
    end: int = typer.Option(2080, "--end", help="Last year / ปีสุดท้าย (ค.ศ.)"),
    resolution: float = typer.Option(
        0.25, "--resolution", help="Grid spacing in degrees / ขนาดกริด (องศา)"
    ),
    scenario: str = typer.Option(
        "ssp245", "--scenario", help="Scenario label and trend / ชื่อฉากทัศน์และแนวโน้ม"
    ),
    models: int = typer.Option(3, "--models", help="Ensemble members / จำนวนแบบจำลอง"),
    seed: int = typer.Option(1, "--seed", help="Random seed / ค่าเริ่มต้นของตัวสุ่ม"),
    calendar: str = typer.Option(
        "standard", "--calendar", help="standard, noleap or 360_day / ปฏิทิน"
    ),
    variables: str = typer.Option(
        "tasmax,tasmin,tas,pr,hurs",
        "--variables",
        help="Variables to write / ตัวแปรที่จะเขียน",
    ),
    warming: float | None = typer.Option(
        None,
        "--warming-per-year",
        help="Warming after 2014, degC/yr (default by scenario) / อัตราโลกร้อนหลังปี 2014",
    ),
    wetting: float | None = typer.Option(
        None,
        "--wetting-per-year",
        help="Rain intensity change after 2014, fraction/yr / อัตราการเปลี่ยนความเข้มฝน",
    ),
    compress: bool = typer.Option(False, "--compress", help="zlib compression / บีบอัดไฟล์"),
) -> None:
    """Write seeded synthetic daily climate over Thailand (CF NetCDF, one file per model).
    สร้างข้อมูลภูมิอากาศรายวันสังเคราะห์ของประเทศไทย (ไฟล์ NetCDF ตามมาตรฐาน CF หนึ่งไฟล์ต่อแบบจำลอง)

    Not real data: for tests, demos and benchmarks. ไม่ใช่ข้อมูลจริง ใช้สำหรับทดสอบและสาธิต
    """
    from climateplan.risk.climate.synthetic import (
        ALL_VARIABLES,
        SyntheticClimateSettings,
        generate_synthetic_climate,
    )

    problems = ProblemCollector()
    chosen = tuple(v.strip() for v in variables.split(",") if v.strip())
    unknown = sorted(set(chosen) - set(ALL_VARIABLES))
    if unknown or not chosen:
        problems.add(
            f"unknown variables {unknown}; choose from {', '.join(ALL_VARIABLES)}",
            f"ไม่รู้จักตัวแปร {unknown} เลือกจาก {', '.join(ALL_VARIABLES)}",
            column="--variables",
        )
    if end < start:
        problems.add("--end is before --start", "--end อยู่ก่อน --start", column="--end")
    if not 0.01 <= resolution <= 2.0:
        problems.add(
            "--resolution must be between 0.01 and 2 degrees",
            "--resolution ต้องอยู่ระหว่าง 0.01 ถึง 2 องศา",
            column="--resolution",
        )
    if models < 1:
        problems.add("--models must be at least 1", "--models ต้องอย่างน้อย 1", column="--models")
    if calendar not in ("standard", "noleap", "360_day"):
        problems.add(
            "--calendar must be standard, noleap or 360_day",
            "--calendar ต้องเป็น standard, noleap หรือ 360_day",
            column="--calendar",
        )
    try:
        problems.raise_if_any()
    except InputError as error:
        report_input_error(error)
    settings = SyntheticClimateSettings(
        start_year=start,
        end_year=end,
        resolution=resolution,
        scenario=scenario,
        models=models,
        seed=seed,
        calendar=calendar,
        variables=chosen,
        warming_per_year=warming,
        wetting_per_year=wetting,
        compress=compress,
    )
    with _progress_bar() as progress:
        task = progress.add_task("synthetic climate / ข้อมูลสังเคราะห์", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        paths = generate_synthetic_climate(out, settings, progress=advance)
    for path in paths:
        console.print(f"[green]✓[/] {path}", highlight=False)
    console.print(
        f"เขียน {len(paths)} ไฟล์ / wrote {len(paths)} file(s) "
        f"({start}-{end}, {resolution:g}°, {scenario}, seed {seed})",
        highlight=False,
    )


def indices_command(
    grids: list[Path] = typer.Argument(
        ..., help="Daily NetCDF files (one or more per model) / ไฟล์ NetCDF รายวัน"
    ),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Output .csv, .parquet or .json / ไฟล์ผลลัพธ์"
    ),
    periods: str = typer.Option(
        "1985-2014,2021-2050,2051-2080",
        "--periods",
        help="Periods START-END, comma separated / ช่วงปี คั่นด้วยจุลภาค",
    ),
    baseline: str = typer.Option("1985-2014", "--baseline", help="Baseline period / ช่วงปีฐาน"),
    indices: str | None = typer.Option(
        None,
        "--indices",
        help="Index names, comma separated (default: all) / ชื่อดัชนี คั่นด้วยจุลภาค (ค่าเริ่มต้น: ทั้งหมด)",
    ),
    zones: str = typer.Option(
        "province", "--zones", help="province or district / ระดับจังหวัดหรืออำเภอ"
    ),
    scheduler: str | None = typer.Option(
        None,
        "--scheduler",
        help=(
            "dask.distributed scheduler address, e.g. tcp://10.0.0.5:8786 (default: local "
            "threads) / ที่อยู่ตัวจัดงาน Dask (ค่าเริ่มต้น: เธรดในเครื่องนี้)"
        ),
    ),
    scenario: str | None = typer.Option(
        None,
        "--scenario",
        help="Scenario label for all files (default: file attribute) / ชื่อฉากทัศน์ของทุกไฟล์",
    ),
    hot_day: float | None = typer.Option(
        None, "--hot-day-threshold", help="TX threshold, degC (default 35) / เกณฑ์วันร้อน"
    ),
    tropical_night: float | None = typer.Option(
        None,
        "--tropical-night-threshold",
        help="TN threshold, degC (default 25) / เกณฑ์คืนร้อน",
    ),
    heat_index: float | None = typer.Option(
        None,
        "--heat-index-threshold",
        help="Heat index threshold, degC (default 41) / เกณฑ์ดัชนีความร้อน",
    ),
) -> None:
    """Climate indices per province (or district), period and scenario, with change and spread.
    คำนวณดัชนีภูมิอากาศรายจังหวัด (หรืออำเภอ) ช่วงปี และฉากทัศน์ พร้อมการเปลี่ยนแปลงและช่วงความไม่แน่นอน
    """
    from climateplan.risk.climate import prepare, run_plan

    problems = ProblemCollector()
    _check_output(output, problems)
    if zones not in ("province", "district"):
        problems.add(
            "--zones must be province or district",
            "--zones ต้องเป็น province หรือ district",
            column="--zones",
        )
    try:
        plan, zone_set = prepare(
            [str(g) for g in grids],
            periods,
            baseline,
            indices,
            zones if zones in ("province", "district") else "province",
            scenario,
            hot_day,
            tropical_night,
            heat_index,
        )
    except InputError as error:
        problems.extend(error.problems)
    try:
        problems.raise_if_any()  # output, options and input problems together
    except InputError as error:
        report_input_error(error)
    with _progress_bar() as progress:
        task = progress.add_task("climate indices / ดัชนีภูมิอากาศ", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        table = run_plan(plan, zone_set, scheduler=scheduler, progress=advance)
    write_table(table, output)
    _summary(table, output)
    from climateplan.risk.climate.pipeline import table_notes

    for note in table_notes(table):
        err_console.print(f"[yellow]![/] {note.format('th')}", highlight=False, soft_wrap=True)
        err_console.print(f"  {note.format('en')}", markup=False, highlight=False, soft_wrap=True)


def _summary(table, output: Path) -> None:
    future = table[table["scenario"] != "historical"]
    view = Table(title="การเปลี่ยนแปลงเฉลี่ยทุกจังหวัด / mean change over zones")
    for col in ("index", "unit", "period", "scenario", "baseline", "value", "change"):
        view.add_column(col)
    shown = future if not future.empty else table
    grouped = (
        shown.groupby(["index", "unit", "period", "scenario"], sort=False)[
            ["baseline", "value", "change"]
        ]
        .mean()
        .reset_index()
    )
    for row in grouped.itertuples():
        view.add_row(
            row.index,
            row.unit,
            row.period,
            row.scenario,
            f"{row.baseline:.2f}",
            f"{row.value:.2f}",
            f"{row.change:+.2f}",
        )
    console.print(view)
    console.print(
        f"เขียน {len(table)} แถว ลงใน {output} / wrote {len(table)} rows to {output}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``synth-climate`` and ``indices`` to the ``climateplan risk`` command group."""
    app.command("synth-climate")(synth_climate_command)
    app.command("indices")(indices_command)
