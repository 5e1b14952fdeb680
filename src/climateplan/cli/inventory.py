"""`climateplan inventory` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="inventory", no_args_is_help=True)
