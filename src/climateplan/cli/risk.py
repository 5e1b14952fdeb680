"""`climateplan risk` commands: gridded climate indices and the risk index / profile.

The commands live in two modules owned by the two halves of the risk engine:
``risk_climate`` (synth-climate, indices) and ``risk_index`` (index, profile).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="Climate risk profile: hazard indices, risk index, risk register. "
    "โปรไฟล์ความเสี่ยงด้านสภาพภูมิอากาศ",
    no_args_is_help=True,
)

from climateplan.cli import risk_index  # noqa: E402

risk_index.register(app)

from climateplan.cli import risk_climate  # noqa: E402

risk_climate.register(app)
