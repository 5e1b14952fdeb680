"""`climateplan reference` commands: factors, methods, GPC catalogue, provinces."""

from __future__ import annotations

import typer
from rich.table import Table

from climateplan.cli._common import console

app = typer.Typer(
    help="Reference data shipped with the package, with sources. ข้อมูลอ้างอิงพร้อมแหล่งที่มา",
    no_args_is_help=True,
)


@app.command("factors")
def factors(
    search: str | None = typer.Option(
        None, "--search", "-s", help="Show only factors whose text contains this (any column)."
    ),
    family: str | None = typer.Option(
        None, "--family", help="Only this family (fuels, waste, ...)."
    ),
) -> None:
    """List emission factors and parameters with their sources.

    แสดงค่าการปล่อยและพารามิเตอร์พร้อมแหล่งที่มา
    """
    from climateplan.reference.factors import all_factors

    table = all_factors()
    if family:
        table = table[table["family"] == family]
    if search:
        text = table.astype(object).fillna("").astype(str).agg(" ".join, axis=1)
        table = table[text.str.contains(search, case=False, regex=False)]
    out = Table(title=f"{len(table)} ค่า / factors")
    for col in ("factor_id", "parameter", "applies_to", "value", "unit", "origin", "source"):
        out.add_column(col, overflow="fold")
    for row in table.itertuples():
        out.add_row(
            row.factor_id,
            row.parameter,
            row.applies_to,
            f"{row.value:g}",
            row.unit,
            row.origin,
            row.source,
        )
    console.print(out)


@app.command("methods")
def list_methods() -> None:
    """List calculation methods with their activities, units and parameters.

    แสดงวิธีคำนวณ กิจกรรม หน่วย และพารามิเตอร์
    """
    from climateplan.inventory.methods import methods

    out = Table(title="วิธีคำนวณ / methods", show_lines=True)
    for col in ("method", "ชื่อ / title", "equation", "GPC", "units", "parameters"):
        out.add_column(col, overflow="fold")
    for name, spec in sorted(methods().items()):
        out.add_row(
            name,
            f"{spec.title_th}\n{spec.title_en}",
            spec.equation,
            ", ".join(p.rstrip(".") + "*" for p in spec.gpc_prefixes),
            ", ".join(f"{k}: {u}" for k, u in spec.amount_units.items()),
            "\n".join(
                f"{p.column}{' *' if p.required else ''} [{p.unit or 'text'}]" for p in spec.params
            ),
        )
    console.print(out)


@app.command("gpc")
def gpc() -> None:
    """List GPC v1.1 reference numbers with scope and BASIC / BASIC+ / territorial inclusion.

    แสดงรหัส GPC ขอบเขต และการนับรวมใน BASIC / BASIC+
    """
    from climateplan.reference import gpc_catalogue

    out = Table(title="GPC v1.1")
    for col in (
        "gpc_ref",
        "ภาคส่วนย่อย / sub-sector",
        "scope",
        "BASIC",
        "BASIC+",
        "territorial",
        "IPCC",
    ):
        out.add_column(col, overflow="fold")
    for row in gpc_catalogue().itertuples():
        out.add_row(
            row.gpc_ref,
            f"{row.subsector_th} / {row.subsector_en}",
            str(row.scope),
            "✓" if row.in_basic else "",
            "✓" if row.in_basic_plus else "",
            "✓" if row.in_territorial else "",
            row.ipcc_category,
        )
    console.print(out)


@app.command("provinces")
def list_provinces() -> None:
    """List the 77 provinces with ISO 3166-2:TH codes. แสดงรายชื่อจังหวัด"""
    from climateplan.reference import provinces

    out = Table(title="77 จังหวัด / provinces")
    for col in ("code", "ชื่อ", "name", "ภาค / region"):
        out.add_column(col)
    for row in provinces().itertuples():
        out.add_row(row.code, row.name_th, row.name_en, f"{row.region_th} / {row.region_en}")
    console.print(out)
