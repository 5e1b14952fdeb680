"""`climateplan plan document PLAN_EXPORT.json -o plan.pdf|plan.docx [--lang th|en]`."""

from __future__ import annotations

import io
import json

import docx
from typer.testing import CliRunner

from climateplan.cli.main import app
from tests.reports.test_document import sample_export

runner = CliRunner()


def test_the_command_writes_the_docx_from_an_export(tmp_path, monkeypatch):
    # the charts of this export (none: its sections carry no full results) are drawn here
    from climateplan.reports.document import charts

    monkeypatch.setattr(charts, "draw_all_apart", charts.draw_all)
    source = tmp_path / "plan_export.json"
    source.write_text(json.dumps(sample_export(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "plan.docx"
    result = runner.invoke(app, ["plan", "document", str(source), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    opened = docx.Document(io.BytesIO(out.read_bytes()))
    headings = [p.text for p in opened.paragraphs if p.style.name == "Heading 1"]
    assert headings[0] == "1. Summary for executives" and len(headings) == 9


def test_every_problem_is_named_and_nothing_is_written(tmp_path):
    export = sample_export()
    export["schema"] = "other/1"
    del export["plan"]["period_th"]
    source = tmp_path / "plan_export.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    out = tmp_path / "plan.odt"
    result = runner.invoke(app, ["plan", "document", str(source), "-o", str(out)])
    assert result.exit_code == 1
    text = result.output
    assert "3 problem(s)" in text and "พบปัญหา 3 รายการ" in text
    assert "plan.odt" in text and "schema" in text and "plan.period_th" in text
    assert not out.exists()


def test_a_file_that_is_not_json_is_named(tmp_path):
    source = tmp_path / "broken.json"
    source.write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["plan", "document", str(source), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "broken.json" in result.output and "not a JSON file" in result.output
