"""The ``climateplan`` command. Thin: parse arguments, call the core, print."""

from __future__ import annotations

from pathlib import Path

import typer

from climateplan import __version__
from climateplan.cli import inventory, plan, reference, risk, serve

app = typer.Typer(
    name="climateplan",
    help=(
        "ClimatePlan TH: provincial climate change planning for Thailand. "
        "ระบบจัดทำแผนการเปลี่ยนแปลงสภาพภูมิอากาศระดับจังหวัด"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(inventory.app, name="inventory")
app.add_typer(reference.app, name="reference")
app.add_typer(risk.app, name="risk")
app.add_typer(plan.app, name="plan")
serve.register(app)


def example_path() -> Path:
    """The example province workbook (examples/ of the source checkout)."""
    return Path(__file__).resolve().parents[3] / "examples" / "example_province.xlsx"


@app.command("demo")
def demo() -> None:
    """Compute the example province inventory and print its summary table.

    คำนวณบัญชีก๊าซเรือนกระจกของจังหวัดตัวอย่างและแสดงตารางสรุป
    """
    from climateplan.cli.inventory import print_summary
    from climateplan.inventory import analyse, read_activity

    path = example_path()
    if not path.exists():
        typer.echo(f"example not found: {path} (run from a source checkout installed with -e)")
        raise typer.Exit(code=1)
    result = analyse(read_activity(path))
    print_summary(result)
    typer.echo("ข้อมูลสมมติ ไม่ใช่บัญชีจริงของจังหวัดใด / fictional data, not any province's real inventory")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"climateplan {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """ClimatePlan TH command line / บรรทัดคำสั่ง ClimatePlan TH."""


if __name__ == "__main__":
    app()
