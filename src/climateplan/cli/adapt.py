"""`climateplan adapt` commands: the option library, prioritisation and the adaptation
action plan. Thin: parse, call climateplan.adaptation, print."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from climateplan.cli._common import console, err_console, report_input_error, steps
from climateplan.errors import InputError

app = typer.Typer(
    help="Adaptation action plan: option library, prioritisation, plan. "
    "แผนปฏิบัติการด้านการปรับตัวต่อการเปลี่ยนแปลงสภาพภูมิอากาศ",
    no_args_is_help=True,
)

PROFILE_HELP = (
    "Risk profile folder written by `climateplan risk profile` / "
    "โฟลเดอร์โปรไฟล์ความเสี่ยงจาก `climateplan risk profile`"
)
WEIGHTS_HELP = (
    "Weight preset (balanced, risk_first, low_cost, equity_first) or a weights file "
    "(criterion, weight) / ชุดน้ำหนักหรือไฟล์น้ำหนัก"
)


def _print_notes(notes) -> None:
    for note in notes:
        err_console.print(f"[yellow]![/] {note.message_th}", highlight=False, soft_wrap=True)
        err_console.print(f"  {note.message_en}", markup=False, highlight=False, soft_wrap=True)


@app.command("options")
def options_command(
    hazard: str | None = typer.Option(
        None, "--hazard", help="Only options for this hazard / เฉพาะภัยนี้"
    ),
    sector: str | None = typer.Option(None, "--sector", help="Only this NAP sector / เฉพาะสาขานี้"),
    kind: str | None = typer.Option(None, "--type", help="Only this action type / เฉพาะประเภทนี้"),
    search: str | None = typer.Option(
        None, "--search", help="Text in the name (Thai or English) / ค้นชื่อ"
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the options as CSV / เขียนเป็นไฟล์ CSV"
    ),
    as_actions: bool = typer.Option(
        False,
        "--as-actions",
        help="Write a starter action file (one row per option) instead / เขียนไฟล์มาตรการตั้งต้น",
    ),
) -> None:
    """List and filter the library of adaptation options. แสดงคลังทางเลือกการปรับตัว"""
    from climateplan.adaptation.library import filter_options, starter_actions
    from climateplan.reports.cells import write_csv

    try:
        table = filter_options(hazard=hazard, sector=sector, kind=kind, search=search)
    except InputError as error:
        report_input_error(error)
    view = Table(title=f"คลังทางเลือกการปรับตัว / adaptation options ({len(table)})")
    for col in ("id", "ชื่อ / name", "type", "hazards", "sectors", "lead"):
        view.add_column(col)
    for row in table.itertuples():
        view.add_row(
            row.id, f"{row.th}\n{row.en}", row.type, row.hazards, row.sectors, row.lead_agency
        )
    console.print(view)
    if output is not None:
        write_csv(starter_actions(table) if as_actions else table, output)  # sanitised
        console.print(f"เขียนแล้ว / written: {output}")


def _settings(discount_rate, spread, samples, top, seed, eai_thb_per_unit):
    from climateplan.adaptation import Settings

    settings = Settings()
    for name, value in (
        ("discount_rate_pct", discount_rate),
        ("spread_pct", spread),
        ("samples", samples),
        ("top", top),
        ("seed", seed),
        ("eai_thb_per_unit", eai_thb_per_unit),
    ):
        if value is not None:
            setattr(settings, name, value)
    return settings


def _run(
    what: str,
    actions: Path,
    profile: Path,
    weights: str,
    output: Path,
    settings,
    **files,
):
    from climateplan.adaptation import build_plan, write_plan

    try:
        with steps() as bar:
            task = bar.add_task("adapt", total=None)

            def advance(text: str) -> None:
                bar.update(task, description=text)

            plan = build_plan(
                actions, profile, weights=weights, settings=settings, progress=advance, **files
            )
            written = write_plan(plan, output, what=what, progress=advance)
    except InputError as error:
        report_input_error(error)
    _print_notes(plan.notes)
    view = Table(title=f"ลำดับความสำคัญ / priority ({plan.weights.name})")
    for col in ("#", "code", "ชื่อ / name", "score", f"P(top {plan.settings.top})", "BCR"):
        view.add_column(col)
    bcr = plan.economics.set_index("code")["bcr"]
    for row in plan.priority.itertuples():
        ratio = bcr.get(row.code)
        view.add_row(
            str(row.rank),
            row.code,
            f"{row.name_th}\n{row.name_en}",
            f"{row.score:.1f}",
            f"{row.p_top * 100:.0f} %",
            "-" if ratio != ratio else f"{ratio:.2f}",
        )
    console.print(view)
    return plan, written


# Options shared by `adapt prioritise` and `adapt plan` (declared once).
ACTIONS_ARG = typer.Argument(..., help="Action file (CSV/XLSX) / ไฟล์มาตรการ")
PROFILE_OPT = typer.Option(..., "--profile", help=PROFILE_HELP)
WEIGHTS_OPT = typer.Option("balanced", "--weights", help=WEIGHTS_HELP)
COSTS_OPT = typer.Option(None, "--costs", help="Costs by fiscal year / ค่าใช้จ่ายรายปี")
MEASURES_OPT = typer.Option(
    None, "--measures", help="The plan's reduction measures (ids) / มาตรการลดก๊าซของแผน"
)
AGENCIES_OPT = typer.Option(
    None, "--agencies", help="The province's own agencies (code, en, th) / หน่วยงานเพิ่มเติม"
)
DISCOUNT_OPT = typer.Option(None, "--discount-rate", help="% a year / ร้อยละต่อปี")
SPREAD_OPT = typer.Option(None, "--spread", help="± % on each weight / ร้อยละ")
SAMPLES_OPT = typer.Option(None, "--samples", help="Weight samples / จำนวนตัวอย่าง")
TOP_OPT = typer.Option(None, "--top", help="Top N / จำนวนอันดับแรก")
SEED_OPT = typer.Option(None, "--seed", help="Sampler seed / ค่าเริ่มต้นตัวสุ่ม")
EAI_OPT = typer.Option(
    None,
    "--eai-thb-per-unit",
    help="THB per unit of the profile's exposure values (1000000 for million THB) / บาทต่อหน่วย",
)
OUTPUT_OPT = typer.Option(..., "-o", "--output", help="Output folder / โฟลเดอร์ผลลัพธ์")


@app.command("prioritise")
def prioritise_command(
    actions: Path = ACTIONS_ARG,
    profile: Path = PROFILE_OPT,
    weights: str = WEIGHTS_OPT,
    costs: Path | None = COSTS_OPT,
    measures: Path | None = MEASURES_OPT,
    agencies: Path | None = AGENCIES_OPT,
    discount_rate: float | None = DISCOUNT_OPT,
    spread: float | None = SPREAD_OPT,
    samples: int | None = SAMPLES_OPT,
    top: int | None = TOP_OPT,
    seed: int | None = SEED_OPT,
    eai_thb_per_unit: float | None = EAI_OPT,
    output: Path = OUTPUT_OPT,
) -> None:
    """Rank the actions (multi-criteria analysis), its sensitivity and economics.
    จัดลำดับความสำคัญของมาตรการด้วยการวิเคราะห์หลายเกณฑ์"""
    from climateplan.adaptation.plan import PRIORITISE

    settings = _settings(discount_rate, spread, samples, top, seed, eai_thb_per_unit)
    _, written = _run(
        PRIORITISE,
        actions,
        profile,
        weights,
        output,
        settings,
        costs=costs,
        measures=measures,
        agencies=agencies,
    )
    console.print(f"เขียน {len(written)} ไฟล์ใน / wrote {len(written)} files to {output}")


@app.command("plan")
def plan_command(
    actions: Path = ACTIONS_ARG,
    profile: Path = PROFILE_OPT,
    weights: str = WEIGHTS_OPT,
    costs: Path | None = COSTS_OPT,
    indicators: Path | None = typer.Option(
        None, "--indicators", help="Output and outcome indicators / ตัวชี้วัด"
    ),
    reasons: Path | None = typer.Option(
        None, "--reasons", help="Why a priority risk has no action / เหตุผลที่ไม่มีมาตรการ"
    ),
    measures: Path | None = MEASURES_OPT,
    agencies: Path | None = AGENCIES_OPT,
    discount_rate: float | None = DISCOUNT_OPT,
    spread: float | None = SPREAD_OPT,
    samples: int | None = SAMPLES_OPT,
    top: int | None = TOP_OPT,
    seed: int | None = SEED_OPT,
    eai_thb_per_unit: float | None = EAI_OPT,
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Exit with status 2 when a priority risk has no action and no reason / "
        "จบด้วยสถานะ 2 เมื่อความเสี่ยงสำคัญไม่มีมาตรการหรือเหตุผล",
    ),
    output: Path = OUTPUT_OPT,
) -> None:
    """The adaptation action plan: priority, costs, coverage, residual risk, GCoM fields,
    charts. แผนปฏิบัติการด้านการปรับตัว"""
    from climateplan.adaptation.plan import FULL

    settings = _settings(discount_rate, spread, samples, top, seed, eai_thb_per_unit)
    plan, written = _run(
        FULL,
        actions,
        profile,
        weights,
        output,
        settings,
        costs=costs,
        indicators=indicators,
        reasons=reasons,
        measures=measures,
        agencies=agencies,
    )
    view = Table(title="ความครอบคลุมของทะเบียนความเสี่ยง / coverage of the register")
    for col in ("hazard", "now", "after", "actions", "status"):
        view.add_column(col)
    residual = plan.residual.set_index("hazard")
    for row in plan.coverage.itertuples():
        after = residual.loc[row.hazard]
        view.add_row(
            f"{row.hazard_th} / {row.hazard_en}",
            f"{row.matrix_level_th} / {row.matrix_level_en}",
            f"{after.residual_matrix_level_th} / {after.residual_matrix_level_en}",
            row.actions.replace(";", " "),
            f"{row.status_th} / {row.status_en}",
        )
    console.print(view)
    console.print(f"เขียน {len(written)} ไฟล์ใน / wrote {len(written)} files to {output}")
    if strict and not plan.complete:
        raise typer.Exit(code=2)


@app.command("criteria")
def criteria_command() -> None:
    """The criteria of the prioritisation and the weight presets. เกณฑ์และชุดน้ำหนัก"""
    from climateplan.adaptation import reference

    presets = reference.presets().pivot_table(index="criterion", columns="preset", values="weight")
    view = Table(title="เกณฑ์การจัดลำดับความสำคัญ / prioritisation criteria")
    for col in ("id", "ชื่อ / name", "scale", *presets.columns):
        view.add_column(col)
    for cid, row in reference.criteria().iterrows():
        scale = f"{row['min']:g}-{row['max']:g} {row['transform']}, {row['direction']}"
        weights = [f"{presets.loc[cid, p]:g}" for p in presets.columns]
        view.add_row(cid, f"{row['th']}\n{row['en']}", scale, *weights)
    console.print(view)
