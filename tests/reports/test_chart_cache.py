"""The document's chart cache (climateplan.reports.document.charts): a part's charts are
drawn once per section result and language, then read from the cache folder; a changed
result or another language is drawn again."""

from __future__ import annotations

import copy
import subprocess

from climateplan.reports.document import charts
from tests.reports.test_document import sample_export


def _drawable() -> dict:
    """The sample export with the parts whose charts it can draw (its inventory); a part
    that draws nothing is never kept, so it would be drawn again each time."""
    return {**sample_export(), "sections": {}}


def _in_process(calls: list):
    """subprocess.run for the chart process, run here (the same _main), counting runs."""

    def run(argv, **_kwargs):
        calls.append(argv)
        charts._main(argv[3:])
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    return run


def test_a_second_document_reads_the_charts_without_drawing(tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr(subprocess, "run", _in_process(calls))
    export = _drawable()
    first = charts.draw_all_apart(export, "th", cache=tmp_path)
    assert len(calls) == 1 and sum(len(v) for v in first.values()) > 0
    again = charts.draw_all_apart(export, "th", cache=tmp_path)
    assert len(calls) == 1  # no chart process: every part came from the cache
    assert again == first


def test_a_changed_section_or_language_is_drawn_again_and_only_that(tmp_path, monkeypatch):
    calls: list = []
    monkeypatch.setattr(subprocess, "run", _in_process(calls))
    export = sample_export()
    changed = copy.deepcopy(export)
    changed["inventory"]["by_sector"][0]["co2e"] = (
        1.0 + changed["inventory"]["by_sector"][0]["co2e"]
    )
    assert charts.part_digest(changed, "inventory", "th") != charts.part_digest(
        export, "inventory", "th"
    )
    assert charts.part_digest(changed, "reduction", "th") == charts.part_digest(
        export, "reduction", "th"
    )
    assert charts.part_digest(export, "inventory", "en") != charts.part_digest(
        export, "inventory", "th"
    )
    charts.draw_all_apart(_drawable(), "th", cache=tmp_path)
    seen = []
    real_only = charts._only
    monkeypatch.setattr(charts, "_only", lambda e, parts: seen.append(parts) or real_only(e, parts))
    charts.draw_all_apart({**changed, "sections": {}}, "th", cache=tmp_path)
    assert len(calls) == 2 and seen == [{"inventory"}]
