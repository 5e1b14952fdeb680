"""The ``climateplan`` command. Thin: parse arguments, call the core, print."""

from __future__ import annotations

import typer

from climateplan import __version__
from climateplan.cli import inventory, reference, risk

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
