"""`climateplan risk` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="risk", no_args_is_help=True)

from climateplan.cli import risk_index  # noqa: E402

risk_index.register(app)
