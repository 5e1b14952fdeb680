"""Serve plotly.js from the plotly Python package as ``vendor/plotly.min.js``.

Charts and maps must render without internet access, and the plotly package
already ships the exact JS its figures were made for, so the site uses that file
instead of a CDN or a second copy in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
PUBLIC_NAME = "vendor/plotly.min.js"


class _SingleFileStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(location=str(PLOTLY_JS.parent))
        self.prefix = "vendor"


class PlotlyFinder(BaseFinder):
    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if os.path.normpath(path) == os.path.normpath(PUBLIC_NAME) and PLOTLY_JS.exists():
            match = str(PLOTLY_JS)
            return [match] if find_all or kwargs.get("all") else match
        return [] if find_all or kwargs.get("all") else None

    def list(self, ignore_patterns):
        if PLOTLY_JS.exists():
            yield PLOTLY_JS.name, _SingleFileStorage()
