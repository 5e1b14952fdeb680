"""`climateplan inventory` commands: template, validate, compute."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import typer
from rich.table import Table

from climateplan.cli._common import console, err_console, report_input_error, steps
from climateplan.errors import InputError, Problem

app = typer.Typer(
    help="GHG inventory (GPC v1.1, IPCC 2006). บัญชีก๊าซเรือนกระจกจังหวัด",
    no_args_is_help=True,
)


class OutputFormat(StrEnum):
    json = "json"
    xlsx = "xlsx"
    csv = "csv"


ProvinceOpt = typer.Option(None, "--province", help="Province, e.g. TH-50 (overrides meta).")
YearOpt = typer.Option(None, "--year", help="Inventory year, CE or BE (overrides meta).")
GwpOpt = typer.Option(None, "--gwp", help="GWP set: AR4, AR5 or AR6 (overrides meta).")
BaseProvinceOpt = typer.Option(
    None,
    "--base-year-province",
    help=(
        "Province of the --base-year file (overrides its meta sheet); a CSV has none, so "
        "it defaults to the inventory's province. จังหวัดของไฟล์ปีฐาน (แทนค่าในชีต meta) "
        "ไฟล์ CSV ไม่มีชีต meta จึงใช้จังหวัดเดียวกับบัญชีที่คำนวณ"
    ),
)
BaseYearYearOpt = typer.Option(
    None,
    "--base-year-year",
    help=(
        "Year of the --base-year file, CE or BE (overrides its meta sheet); needed for a "
        "CSV, which has no meta sheet. ปีของไฟล์ปีฐาน ค.ศ. หรือ พ.ศ. (แทนค่าในชีต meta) "
        "ต้องระบุเมื่อไฟล์ปีฐานเป็น CSV ซึ่งไม่มีชีต meta"
    ),
)


@app.command("template")
def template(
    out: Path = typer.Argument(..., help="Where to write the blank workbook (.xlsx)."),
) -> None:
    """Write a blank activity workbook with drop-down lists and instructions (TH/EN).

    เขียนแบบฟอร์มกรอกข้อมูลกิจกรรม (Excel) พร้อมรายการให้เลือกและคำแนะนำ
    """
    from climateplan.inventory.template import write_template

    if out.suffix.lower() != ".xlsx":
        err_console.print("ชื่อไฟล์ต้องลงท้ายด้วย .xlsx / the file name must end in .xlsx")
        raise typer.Exit(code=2)
    write_template(out)
    console.print(f"เขียนแบบฟอร์มแล้ว / template written: {out}")


def _load(file: Path, province, year, gwp):
    from climateplan.inventory.activity import read_activity

    try:
        data = read_activity(file, province=province, year=year, gwp=gwp)
    except InputError as error:
        report_input_error(error)
    _report_warnings(data.warnings)
    return data


def _report_warnings(warnings: list[Problem]) -> None:
    """Implausible lines: printed like problems, Thai then English, without stopping."""
    for w in warnings:
        th = f"! คำเตือน {w.where('th') or '-'}: {w.message_th}"
        err_console.print(th, style="yellow", markup=False, highlight=False, soft_wrap=True)
        en = f"  warning {w.where('en') or '-'}: {w.message_en}"
        err_console.print(en, markup=False, highlight=False, soft_wrap=True)


def _as_base_year_problem(problem: Problem) -> Problem:
    """A problem of the base-year file, pointing at the base-year options."""

    def options(text: str) -> str:
        return text.replace("--province", "--base-year-province").replace(
            "--year", "--base-year-year"
        )

    return replace(
        problem,
        message_en="base-year file: " + options(problem.message_en),
        message_th="ไฟล์ปีฐาน: " + options(problem.message_th),
    )


def _load_base(file: Path, province, year, data):
    """The base-year inventory, same GWP set as ``data``; a CSV (no meta sheet) takes
    the inventory's province unless --base-year-province says otherwise."""
    from climateplan.inventory.activity import read_activity

    if province is None and file.suffix.lower() == ".csv":
        province = data.meta.province
    try:
        base = read_activity(file, province=province, year=year, gwp=data.meta.gwp)
    except InputError as error:
        report_input_error(InputError([_as_base_year_problem(p) for p in error.problems]))
    meta = base.meta
    problems = []
    if meta.province != data.meta.province:
        problems.append(
            Problem(
                f"the base year is of province {meta.province}, the inventory of "
                f"{data.meta.province}: a trend compares one province with itself "
                "(give --base-year-province)",
                f"ปีฐานเป็นของจังหวัด {meta.province} แต่บัญชีเป็นของจังหวัด "
                f"{data.meta.province}: แนวโน้มต้องเทียบจังหวัดเดียวกัน "
                "(ระบุ --base-year-province)",
                file=file.name,
                column="province",
                value=meta.province,
            )
        )
    if meta.year > data.meta.year:
        problems.append(
            Problem(
                f"the base year {meta.year} is after the inventory year "
                f"{data.meta.year} (give --base-year-year)",
                f"ปีฐาน พ.ศ. {meta.year + 543} อยู่หลังปีของบัญชี พ.ศ. "
                f"{data.meta.year + 543} (ระบุ --base-year-year)",
                file=file.name,
                column="year",
                value=str(meta.year),
            )
        )
    if problems:
        report_input_error(InputError(problems))
    return base


@app.command("validate")
def validate(
    file: Path = typer.Argument(..., help="Activity data: .csv or .xlsx"),
    province: str | None = ProvinceOpt,
    year: str | None = YearOpt,
    gwp: str | None = GwpOpt,
) -> None:
    """Check an activity file and list every problem (file, sheet, row, column).

    ตรวจสอบไฟล์ข้อมูลกิจกรรมและแสดงปัญหาทั้งหมด
    """
    data = _load(file, province, year, gwp)
    n, meta = len(data.lines), data.meta
    console.print(
        f"[green]✓[/] {file.name}: {n} รายการถูกต้อง ({meta.province}, พ.ศ. {meta.year + 543}, "
        f"{meta.gwp}) / {n} lines valid ({meta.province}, {meta.year}, {meta.gwp})"
    )


@app.command("compute")
def compute(
    file: Path = typer.Argument(..., help="Activity data: .csv or .xlsx"),
    province: str | None = ProvinceOpt,
    year: str | None = YearOpt,
    gwp: str | None = GwpOpt,
    base_year: Path | None = typer.Option(
        None,
        "--base-year",
        help=(
            "Base-year activity file (.xlsx with a meta sheet, or .csv with "
            "--base-year-year): key-category trend assessment and trend uncertainty. "
            "ไฟล์ข้อมูลกิจกรรมของปีฐาน (.xlsx ที่มีชีต meta หรือ .csv พร้อม --base-year-year) "
            "สำหรับการประเมินแนวโน้มของแหล่งปล่อยหลักและความไม่แน่นอนของแนวโน้ม"
        ),
    ),
    base_province: str | None = BaseProvinceOpt,
    base_year_year: str | None = BaseYearYearOpt,
    uncertainty: int = typer.Option(
        0,
        "--uncertainty",
        min=0,
        help="Monte Carlo iterations (IPCC Approach 2); 0 = Approach 1 only.",
    ),
    seed: int | None = typer.Option(
        None, "--seed", help="Random seed of the Monte Carlo run (default: a fixed seed)."
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.json, "--format", help="Output format."),
    out: Path | None = typer.Option(None, "-o", "--out", help="Output file (default: stdout)."),
) -> None:
    """Compute the inventory: totals (BASIC, BASIC+, territorial, scopes), GPC table,
    key categories and uncertainty (with --base-year: the trend and its uncertainty;
    with --format csv -o OUT it is written beside OUT as OUT.trend_uncertainty.csv).

    คำนวณบัญชีก๊าซเรือนกระจก: ยอดรวม ตาราง GPC สาขาหลัก และความไม่แน่นอน
    (เมื่อระบุ --base-year: แนวโน้มและความไม่แน่นอนของแนวโน้ม; รูปแบบ csv เขียนไว้ข้างไฟล์ผลลัพธ์
    เป็น OUT.trend_uncertainty.csv)
    """
    if fmt is OutputFormat.xlsx and out is None:
        err_console.print("รูปแบบ xlsx ต้องระบุ -o ไฟล์ / --format xlsx needs -o FILE")
        raise typer.Exit(code=2)
    from climateplan.inventory import analyse

    with steps() as progress:
        task = progress.add_task("อ่านและตรวจสอบข้อมูล / reading and validating", total=None)
        data = _load(file, province, year, gwp)
        base = _load_base(base_year, base_province, base_year_year, data) if base_year else None
        progress.update(task, description="คำนวณ / computing")
        result = analyse(data, base=base, iterations=uncertainty, seed=seed)
        progress.update(task, description="เขียนผลลัพธ์ / writing")
        _write(result, fmt, out)
    if out is not None:
        print_summary(result)
        console.print(f"เขียนผลลัพธ์แล้ว / written: {out}")


def _write(result, fmt: OutputFormat, out: Path | None) -> None:
    from climateplan.inventory import export

    if fmt is OutputFormat.xlsx:
        from climateplan.reports.inventory_xlsx import write_xlsx

        write_xlsx(result, out)
    elif fmt is OutputFormat.json:
        if out is None:
            typer.echo(json.dumps(export.to_dict(result), ensure_ascii=False, indent=1))
        else:
            export.write_json(result, out)
    elif out is None:
        from climateplan.reports.cells import safe_frame

        typer.echo(safe_frame(result.lines).to_csv(index=False), nl=False)
    else:
        export.write_csv(result, out)
        trend = result.extras.get("trend_uncertainty")
        if trend is not None:  # the lines CSV has one row per line: the trend goes beside it
            from climateplan.reports.cells import write_csv

            write_csv(trend, trend_csv_path(out))


def trend_csv_path(out: Path) -> Path:
    """Where ``--format csv -o OUT`` writes the trend uncertainty table (OUT.trend.csv)."""
    return out.with_name(f"{out.stem}.trend_uncertainty.csv")


def print_summary(result) -> None:
    """The totals and sectors of an inventory as a bilingual table."""
    from climateplan.inventory.export import summary_table
    from climateplan.reference import find_province
    from climateplan.reference.gwp import gwp_source_th

    meta = result.meta
    prov = find_province(meta.province)
    place = meta.name or f"{prov['name_th']} / {prov['name_en']}"
    table = Table(
        title=f"{place} ({meta.province}) พ.ศ. {meta.year + 543} / {meta.year} — GWP {meta.gwp}",
        show_lines=False,
    )
    table.add_column("ยอดรวม / total")
    table.add_column("tCO2e", justify="right")
    for (label_en, value), (label_th, _) in zip(
        summary_table(result, "en"), summary_table(result, "th"), strict=True
    ):
        table.add_row(f"{label_th} / {label_en}", f"{value:,.0f}")
    console.print(table)
    # the GWP line: the set and its source (AR6: CH4 fossil / non-fossil, Table 7.15)
    console.print(f"GWP {meta.gwp}: {result.gwp_source}", highlight=False, soft_wrap=True)
    split_th = gwp_source_th(meta.gwp)
    if split_th:
        console.print(split_th, highlight=False, soft_wrap=True)
    sectors = Table(title="ตามภาคส่วน / by sector (tCO2e)")
    sectors.add_column("ภาคส่วน / sector")
    sectors.add_column("tCO2e", justify="right")
    sectors.add_column("CO2 biogenic (t)", justify="right")
    for code, row in result.by_sector.iterrows():
        sectors.add_row(
            f"{code} {row['sector_th']} / {row['sector_en']}",
            f"{row['co2e']:,.0f}",
            f"{row['co2_biogenic']:,.0f}",
        )
    console.print(sectors)
    print_trend(result)


def print_trend(result) -> None:
    """The trend from the base year and its Approach 1 uncertainty, if computed."""
    trend = result.extras.get("trend_uncertainty")
    if trend is None or not len(trend):
        return
    total = trend.loc[trend["row"] == "total"].iloc[0]
    change, half = float(total["trend_pct"]), float(total["trend_uncertainty_pct"])
    console.print(
        f"แนวโน้มจากปีฐาน / trend from the base year ({total['total']}): {change:+.1f} % "
        f"± {half:.1f} จุดร้อยละ / percentage points (95 %; IPCC 2006 Vol 1 Ch 3 Table 3.2, "
        "Approach 1)",
        highlight=False,
        soft_wrap=True,
    )
