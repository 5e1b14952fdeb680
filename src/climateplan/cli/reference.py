"""`climateplan reference` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="reference", no_args_is_help=True)
