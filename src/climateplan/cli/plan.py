"""`climateplan plan` commands: project, measures list, scenario, macc, calibrate, rollup.

Thin: parse the options, call :mod:`climateplan.mitigation`, print. Every input
problem of every file is printed at once (Thai and English) and nothing is
written when there is one.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from climateplan.cli import plan_document
from climateplan.cli._common import console, err_console, report_input_error, steps
from climateplan.errors import InputError, Problem, ProblemCollector

app = typer.Typer(
    help="GHG reduction plan: BAU projection, measures, scenarios, targets. แผนลดก๊าซเรือนกระจก",
    no_args_is_help=True,
)
measures_app = typer.Typer(
    help="The library of reduction measures. คลังมาตรการลดก๊าซเรือนกระจก", no_args_is_help=True
)
app.add_typer(measures_app, name="measures")


class ListFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Basis(StrEnum):
    basic = "basic"
    basic_plus = "basic_plus"
    territorial = "territorial"
    basic_plus_no_land = "basic_plus_no_land"
    net_basic_plus = "net_basic_plus"
    net_territorial = "net_territorial"
    net_co2 = "net_co2"


InventoryArg = typer.Argument(
    ..., help="Base-year inventory: activity file (.csv/.xlsx) or inventory result (.json)."
)
DriversOpt = typer.Option(
    None, "--drivers", help="Drivers table (.csv, or .xlsx with a 'drivers' sheet)."
)
GridOpt = typer.Option(None, "--grid-ef", help="Grid emission factor path (.csv/.xlsx).")
MappingOpt = typer.Option(
    None, "--mapping", help="Driver mapping overriding the shipped default (.csv/.xlsx)."
)
ToOpt = typer.Option(None, "--to", help="Last projected year (CE or BE).")
ProvinceOpt = typer.Option(None, "--province", help="Province of an activity file (TH-xx).")
YearOpt = typer.Option(None, "--year", help="Inventory year of an activity file.")
GwpOpt = typer.Option(None, "--gwp", help="GWP set of an activity file: AR4, AR5, AR6.")


def _year(text: str | None, option: str) -> int | None:
    from climateplan.mitigation._tables import parse_year

    if text is None:
        return None
    year = parse_year(text)
    if year is None:
        report_input_error(
            InputError(
                [
                    Problem(
                        f"{option} {text!r} is not a year (CE such as 2030 or BE such as 2573)",
                        f"{option} {text!r} ไม่ใช่ปี (ค.ศ. เช่น 2030 หรือ พ.ศ. เช่น 2573)",
                        column=option,
                    )
                ]
            )
        )
    return year


def _warn(warnings: list[Problem]) -> None:
    for w in warnings:
        err_console.print(f"[yellow]![/] {w.format('th')}", highlight=False, soft_wrap=True)
        err_console.print(f"  {w.format('en')}", markup=False, highlight=False, soft_wrap=True)


@app.command("project")
def project_command(
    inventory: Path = InventoryArg,
    drivers: Path | None = DriversOpt,
    to: str = typer.Option(..., "--to", help="Last projected year (CE or BE), e.g. 2030."),
    out: Path = typer.Option(..., "-o", "--out", help="Output: .json (document) or .csv (lines)."),
    grid_ef: Path | None = GridOpt,
    mapping: Path | None = MappingOpt,
    province: str | None = ProvinceOpt,
    year: str | None = YearOpt,
    gwp: str | None = GwpOpt,
) -> None:
    """Project the inventory line by line to a year (business as usual).

    คาดการณ์การปล่อยก๊าซเรือนกระจกกรณีปกติ (BAU) รายการต่อรายการจนถึงปีที่กำหนด
    """
    from climateplan.mitigation import load_inputs, project
    from climateplan.mitigation.export import write_projection

    end = _year(to, "--to")
    if out.suffix.lower() not in (".json", ".csv"):
        err_console.print("ไฟล์ผลลัพธ์ต้องเป็น .json หรือ .csv / the output must be .json or .csv")
        raise typer.Exit(code=2)
    try:
        with steps() as progress:
            progress.add_task("อ่านข้อมูลและคาดการณ์ / reading and projecting", total=None)
            inputs = load_inputs(
                inventory,
                drivers=drivers,
                grid=grid_ef,
                mapping=mapping,
                province=province,
                year=_year(year, "--year"),
                gwp=gwp,
            )
            projection = project(
                inputs.base, inputs.drivers, to_year=end, mapping=inputs.mapping, grid=inputs.grid
            )
            write_projection(projection, out)
    except InputError as error:
        report_input_error(error)
    _warn(projection.warnings)
    from climateplan.mitigation.aggregate import totals

    sums = totals(projection.lines, projection.emissions)
    table = Table(title=f"{projection.base.province} BAU ({projection.base.gwp})")
    table.add_column("ปี / year")
    for key in ("basic", "basic_plus", "territorial"):
        table.add_column(f"{key} tCO2e", justify="right")
    for i in (0, len(projection.years) - 1):
        y = int(projection.years[i])
        table.add_row(
            f"{y + 543} / {y}",
            *(f"{sums[k][i]:,.0f}" for k in ("basic", "basic_plus", "territorial")),
        )
    console.print(table)
    console.print(f"เขียนผลลัพธ์แล้ว / written: {out}")


@measures_app.command("list")
def measures_list(
    fmt: ListFormat = typer.Option(ListFormat.table, "--format", help="table, csv or json."),
    search: str | None = typer.Option(
        None, "--search", help="Keep measures whose text contains this."
    ),
    out: Path | None = typer.Option(None, "-o", "--out", help="Write to a file (csv/json)."),
) -> None:
    """List the library of measures common in Thai provinces, with defaults and sources.

    แสดงคลังมาตรการลดก๊าซเรือนกระจกที่ใช้บ่อยในจังหวัด พร้อมค่าตั้งต้นและแหล่งอ้างอิง
    """
    from climateplan.mitigation.measures import library_table
    from climateplan.reports.cells import atomic_write, csv_bytes

    table = library_table()
    if search:
        text = table.astype(str).agg(" ".join, axis=1).str.lower()
        table = table.loc[text.str.contains(search.lower(), regex=False)]
    if fmt is ListFormat.table:
        view = Table(title="คลังมาตรการ / measure library", show_lines=True)
        for col in ("id", "ชื่อ / name", "kind", "targets", "effect %", "uptake %", "source"):
            view.add_column(col, overflow="fold")
        for _, row in table.iterrows():
            targets = ", ".join(
                f"{c}={row[c]}"
                for c in ("gpc_ref", "subsector", "sector", "method", "activity")
                if row[c]
            )
            effect = row["effect_pct"] or (
                f"ratio {row['switch_ratio']}"
                if row["switch_ratio"]
                else f"{row['old_mj_per_km']} MJ/km -> {row['new_kwh_per_km']} kWh/km"
                if row["old_mj_per_km"]
                else ""
            )
            view.add_row(
                row["id"],
                f"{row['name_th']}\n{row['name_en']}",
                row["kind"],
                targets,
                effect,
                row["uptake_pct"],
                row["source"],
            )
        console.print(view)
        return
    if fmt is ListFormat.csv:
        data = csv_bytes(table)
    else:
        data = json.dumps(table.to_dict("records"), ensure_ascii=False, indent=1).encode("utf-8")
    if out is None:
        typer.echo(data.decode("utf-8-sig"), nl=False)
    else:
        atomic_write(out, data)
        console.print(f"เขียนแล้ว / written: {out}")


def _plan(
    inventory,
    drivers,
    grid_ef,
    mapping,
    measures,
    library,
    targets,
    history,
    to,
    basis,
    province,
    year,
    gwp,
):
    from climateplan.mitigation import load_inputs, make_plan

    # every file is checked, then the inputs against the inventory: all problems at once
    inputs = load_inputs(
        inventory,
        drivers=drivers,
        grid=grid_ef,
        mapping=mapping,
        measures=measures,
        library=library or (),
        targets=targets or (),
        history=history or (),
        province=province,
        year=_year(year, "--year"),
        gwp=gwp,
        collector=ProblemCollector(),
    )
    return make_plan(inputs, to_year=_year(to, "--to"), basis=basis.value)


MeasuresOpt = typer.Option(None, "--measures", help="Measures table (.csv/.xlsx 'measures' sheet).")
LibraryOpt = typer.Option(
    None, "--library", help="Add a library measure as it is (repeatable), e.g. --library awd_rice."
)
TargetOpt = typer.Option(
    None,
    "--target",
    help="Target (repeatable): 'bau:30@2030', 'bau_t:50000@2030', 'base:25@2030', "
    "'abs:150000@2030', 'netzero@2065', 'name=bau:30@2030,netzero@2065', "
    "'name=netzero@2065,basis=net_basic_plus', 'ndc', or a targets .csv/.xlsx.",
)
HistoryOpt = typer.Option(
    None, "--history", help="Inventory of another year for calibration (repeatable)."
)
BasisOpt = typer.Option(
    Basis.basic_plus,
    "--basis",
    help="The total every table, chart and the MACC report on; targets without their own "
    "basis use it too.",
)


@app.command("scenario")
def scenario_command(
    inventory: Path = typer.Option(
        ..., "--inventory", help="Base-year inventory (.csv/.xlsx/.json)."
    ),
    drivers: Path | None = DriversOpt,
    measures: Path | None = MeasuresOpt,
    library: list[str] | None = LibraryOpt,
    target: list[str] | None = TargetOpt,
    out: Path = typer.Option(..., "-o", "--out", help="Output directory."),
    grid_ef: Path | None = GridOpt,
    mapping: Path | None = MappingOpt,
    history: list[Path] | None = HistoryOpt,
    to: str | None = ToOpt,
    basis: Basis = BasisOpt,
    charts: bool = typer.Option(True, "--charts/--no-charts", help="Write PNG and HTML charts."),
    province: str | None = ProvinceOpt,
    year: str | None = YearOpt,
    gwp: str | None = GwpOpt,
) -> None:
    """BAU, scenarios of measures, targets and the gap: tables (JSON, CSV) and charts.

    สร้างฉากทัศน์การลดก๊าซ เป้าหมาย และช่องว่างถึงเป้าหมาย พร้อมตารางและแผนภูมิ
    """
    from climateplan.mitigation._tables import write_files_atomically
    from climateplan.mitigation.export import plan_files, report_year

    try:
        with steps() as progress:
            task = progress.add_task("อ่านข้อมูล / reading inputs", total=None)
            result = _plan(
                inventory,
                drivers,
                grid_ef,
                mapping,
                measures,
                library,
                target,
                history,
                to,
                basis,
                province,
                year,
                gwp,
            )
            progress.update(task, description="เตรียมตารางและแผนภูมิ / tables and charts")
            files, tables = plan_files(result, with_charts=charts, with_tables=True)
            progress.update(task, description="เขียนผลลัพธ์ / writing")
            write_files_atomically(out, files)
    except InputError as error:
        report_input_error(error)
    _warn(result.warnings)
    _print_summary(result, report_year(result), tables["gap"])
    console.print(f"เขียน {len(files)} ไฟล์แล้ว / {len(files)} files written: {out}")


def _print_summary(result, year: int, gap) -> None:
    """Totals on the plan's basis; each target's gap on that target's own basis, the
    numbers of gap.csv (rows: targets, columns: scenarios, so it stays readable)."""
    from climateplan.mitigation.aggregate import BASIS_LABELS

    plan = result.plan
    i = int(year - plan.years[0])
    en, th = BASIS_LABELS[result.basis]
    table = Table(title=f"{plan.province} {th} / {en} tCO2e — พ.ศ. {year + 543} / {year}")
    table.add_column("ฉากทัศน์ / scenario")
    table.add_column("tCO2e", justify="right")
    for name in plan.scenario_names:
        value = float(plan.totals(name)[result.basis][i])
        label = plan.runs[name].scenario.label("th") if name in plan.runs else "กรณีปกติ (BAU)"
        table.add_row(f"{label} ({name})", f"{value:,.0f}")
    console.print(table)
    rows = gap.loc[gap["year"] == year]
    if rows.empty:
        return
    table = Table(
        title=f"ช่องว่างถึงเป้าหมาย / gap to the targets (tCO2e, > 0: short) — "
        f"พ.ศ. {year + 543} / {year}"
    )
    table.add_column("เป้าหมาย / target (basis)")
    for name in plan.scenario_names:
        table.add_column(name, justify="right")
    for target, part in rows.groupby("target", sort=False):
        values = part.set_index("scenario")["gap"]
        table.add_row(
            f"{target} ({part['basis'].iloc[0]})",
            *(f"{values[name]:,.0f}" for name in plan.scenario_names),
        )
    console.print(table)


@app.command("macc")
def macc_command(
    inventory: Path = typer.Option(
        ..., "--inventory", help="Base-year inventory (.csv/.xlsx/.json)."
    ),
    drivers: Path | None = DriversOpt,
    measures: Path | None = MeasuresOpt,
    library: list[str] | None = LibraryOpt,
    year_of_curve: str = typer.Option("2030", "--at", help="Year of the abatement (CE or BE)."),
    scenario: str | None = typer.Option(
        None, "--scenario", help="Scenario (default: most measures)."
    ),
    out: Path = typer.Option(..., "-o", "--out", help="Output directory (macc.csv/.png/.html)."),
    grid_ef: Path | None = GridOpt,
    mapping: Path | None = MappingOpt,
    to: str | None = ToOpt,
    basis: Basis = BasisOpt,
    province: str | None = ProvinceOpt,
    year: str | None = YearOpt,
    gwp: str | None = GwpOpt,
) -> None:
    """Marginal abatement cost curve: bar width = t CO2e abated, height = cost per tonne.

    เส้นต้นทุนส่วนเพิ่มของการลดก๊าซ: ความกว้างแท่ง = ตันที่ลดได้ ความสูง = ต้นทุนต่อตัน
    """
    from climateplan.mitigation._tables import write_files_atomically
    from climateplan.mitigation.export import macc_files

    at = _year(year_of_curve, "--at")
    end = _year(to, "--to") or at
    try:
        result = _plan(
            inventory,
            drivers,
            grid_ef,
            mapping,
            measures,
            library,
            None,
            None,
            str(end),
            basis,
            province,
            year,
            gwp,
        )
        names = ", ".join(result.plan.runs)
        if scenario is not None and scenario not in result.plan.runs:
            raise InputError(
                [
                    Problem(
                        f"unknown scenario {scenario!r}: expected one of {names}",
                        f"ไม่มีฉากทัศน์ {scenario!r}: ต้องเป็นหนึ่งใน {names}",
                        column="--scenario",
                    )
                ]
            )
        if not result.plan.base_year < at <= int(result.plan.years[-1]):
            raise InputError(
                [
                    Problem(
                        f"--at {at} must be after the base year {result.plan.base_year} and "
                        f"at most the projection end {int(result.plan.years[-1])}",
                        f"--at {at} ต้องอยู่หลังปีฐาน {result.plan.base_year} และไม่เกินปีสิ้นสุดการคาดการณ์",
                        column="--at",
                    )
                ]
            )
        files = macc_files(result, at, scenario)
        write_files_atomically(out, files)
    except InputError as error:
        report_input_error(error)
    _warn(result.warnings)
    console.print(f"เขียนแล้ว / written: {', '.join(files)} in {out}")


@app.command("calibrate")
def calibrate_command(
    inventory: Path = InventoryArg,
    history: list[Path] = typer.Option(
        ..., "--history", help="Inventory of another year (repeatable)."
    ),
    drivers: Path | None = DriversOpt,
    out: Path = typer.Option(..., "-o", "--out", help="Output directory (fit and metrics CSV)."),
    grid_ef: Path | None = GridOpt,
    mapping: Path | None = MappingOpt,
    basis: Basis = BasisOpt,
) -> None:
    """Compare the projection with historical inventories; fit sector trends.

    เทียบผลการคาดการณ์กับบัญชีย้อนหลังและปรับเทียบแนวโน้มรายสาขา
    """
    from climateplan.mitigation import calibrate, load_inputs
    from climateplan.mitigation._tables import write_files_atomically
    from climateplan.mitigation.export import csv_bytes

    try:
        inputs = load_inputs(
            inventory, drivers=drivers, grid=grid_ef, mapping=mapping, history=history
        )
        result = calibrate(
            inputs.base,
            inputs.history,
            inputs.drivers,
            mapping=inputs.mapping,
            grid=inputs.grid,
            basis=basis.value,
        )
        write_files_atomically(
            out,
            {
                "calibration_fit.csv": csv_bytes(result.fit),
                "calibration_metrics.csv": csv_bytes(result.metrics),
            },
        )
    except InputError as error:
        report_input_error(error)
    table = Table(title="ความแม่นยำของการคาดการณ์ / fit of the projection")
    for col in ("sector", "MAPE %", "bias %", "RMSE t", "MAPE % calibrated", "trend %/yr"):
        table.add_column(col, justify="right")
    for _, row in result.metrics.iterrows():
        table.add_row(
            str(row["sector"]),
            f"{row['mape']:.1f}",
            f"{row['bias_pct']:.1f}",
            f"{row['rmse']:,.0f}",
            f"{row['mape_calibrated']:.1f}",
            "" if row["sector"] == "total" else f"{row['trend_pct_per_year']:.2f}",
        )
    console.print(table)
    console.print(f"เขียนแล้ว / written: {out}")


@app.command("rollup")
def rollup_command(
    plans: list[Path] = typer.Argument(
        ..., help="plan.json files of provinces (from `plan scenario`)."
    ),
    target: list[str] | None = TargetOpt,
    out: Path = typer.Option(..., "-o", "--out", help="Output directory."),
    basis: Basis = BasisOpt,
) -> None:
    """National roll-up: provinces' scenarios summed against the national target.

    รวมฉากทัศน์ของทุกจังหวัดเทียบกับเป้าหมายระดับประเทศ
    """
    from climateplan.mitigation import national_rollup, parse_target_spec, read_targets
    from climateplan.mitigation._tables import write_files_atomically
    from climateplan.mitigation.export import rollup_files
    from climateplan.mitigation.rollup import summary_from_dict

    collector = ProblemCollector()
    summaries = []
    for path in plans:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("schema") != "climateplan.plan/1":
                raise ValueError(f"schema {doc.get('schema')!r}")
            summaries.append(summary_from_dict(doc, file=path.name))
        except (OSError, ValueError, KeyError, AttributeError) as exc:
            collector.add(
                f"not a plan document written by `climateplan plan scenario` ({exc})",
                f"ไม่ใช่เอกสารแผนที่สร้างด้วย `climateplan plan scenario` ({exc})",
                file=path.name,
            )
    targets = []
    for spec in target or []:
        if Path(spec).suffix.lower() in (".csv", ".xlsx", ".xlsm"):
            targets.extend(read_targets(spec, collector=collector))
        else:
            targets.extend(parse_target_spec(spec, collector=collector))
    try:
        collector.raise_if_any()
        result = national_rollup(summaries, targets or None, basis=basis.value)
        files = rollup_files(result)
        write_files_atomically(out, files)
    except InputError as error:
        report_input_error(error)
    _warn(result.warnings)
    cov = result.coverage
    console.print(
        f"รวม {cov['provinces']} จาก {cov['of']} จังหวัด / {cov['provinces']} of {cov['of']} "
        f"provinces rolled up: {out}"
    )
    console.print(f"[dim]{result.caveat[1]}\n{result.caveat[0]}[/]", highlight=False)


app.command("document")(plan_document.document)
