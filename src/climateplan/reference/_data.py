"""Location of the data files shipped inside the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files("climateplan.reference") / "data"))


def data_path(name: str) -> Path:
    path = DATA_DIR / name
    if not path.exists():
        raise FileNotFoundError(f"reference data file {name!r} is not shipped in {DATA_DIR}")
    return path
