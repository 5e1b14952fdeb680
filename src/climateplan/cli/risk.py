"""`climateplan risk` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="risk", no_args_is_help=True)
