"""The ``climateplan`` command. Thin: parse arguments, call the core, print."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import typer

from climateplan import __version__
from climateplan.cli import serve, worker

# The command groups, in the order --help lists them: name -> module with ``app``.
GROUPS = {
    "inventory": "climateplan.cli.inventory",
    "reference": "climateplan.cli.reference",
    "risk": "climateplan.cli.risk",
    "plan": "climateplan.cli.plan",
    "adapt": "climateplan.cli.adapt",
    "monitoring": "climateplan.cli.monitoring",
}


class CommandLine(typer.Typer):
    """The ``climateplan`` command, whose command groups are imported when needed.

    Run from the shell, it imports only the group the command names (``climateplan
    inventory compute`` never loads the risk engine's gridded-data stack); built any
    other way (``typer.testing.CliRunner``, help, completion) it has every group.
    """

    def __init__(self, *args, **kwargs) -> None:
        self._loaded: set[str] = set()
        self._loading = False
        self._selected = False
        super().__init__(*args, **kwargs)

    @property
    def registered_groups(self):
        if not self._selected and not self._loading:
            self.load()
        return self._groups

    @registered_groups.setter
    def registered_groups(self, value) -> None:
        self._groups = value

    def load(self, names=None) -> None:
        """Add the named command groups (all by default) that are not there yet."""
        self._loading = True
        try:
            for name, module in GROUPS.items():
                if (names is None or name in names) and name not in self._loaded:
                    self.add_typer(importlib.import_module(module).app, name=name)
                    self._loaded.add(name)
        finally:
            self._loading = False

    def __call__(self, *args, **kwargs):
        # only when the command's first word names it (an option before it, such as
        # --help, asks about the whole command line: every group is loaded then)
        first = sys.argv[1] if len(sys.argv) > 1 else ""
        if first in COMMANDS:
            self._selected = True  # a command of its own (demo, serve): no group needed
        elif first in GROUPS:
            self.load({first})
            self._selected = True
        return super().__call__(*args, **kwargs)


app = CommandLine(
    name="climateplan",
    help=(
        "ClimatePlan TH: provincial climate change planning for Thailand. "
        "ระบบจัดทำแผนการเปลี่ยนแปลงสภาพภูมิอากาศระดับจังหวัด"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
)
serve.register(app)
worker.register(app)


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


COMMANDS = ("demo", "serve", "worker")


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
