"""The plan document (PDF and DOCX, Thai or English) built from a plan export.

:func:`make_document` is the one entry point of the web task and of
``climateplan plan document``: the export dict (``plans.web.export.plan_export``, or
its JSON download) -> the chapters (:mod:`.content`) -> PDF (:mod:`.pdf`, WeasyPrint)
or DOCX (:mod:`.word`, python-docx). No Django here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from climateplan.errors import InputError, Problem

FORMATS = ("pdf", "docx")
LANGS = ("th", "en")
Progress = Callable[[int, int, str], None]
STAGES = 3  # charts, chapters, pages


def check_export(export, source: str = "") -> None:
    """Every problem of an export dict at once (a located, bilingual InputError)."""
    problems = []
    if not isinstance(export, dict):
        raise InputError(
            [
                Problem(
                    "the plan export is not a JSON object",
                    "ข้อมูลส่งออกของแผนไม่ใช่ออบเจกต์ JSON",
                    file=source,
                )
            ]
        )
    schema = export.get("schema", "")
    if not str(schema).startswith("climateplan.plan.export/"):
        problems.append(
            Problem(
                f"schema {schema!r} is not a plan export (expected 'climateplan.plan.export/1')",
                f"schema {schema!r} ไม่ใช่ข้อมูลส่งออกของแผน (ต้องเป็น 'climateplan.plan.export/1')",
                file=source,
                column="schema",
            )
        )
    plan = export.get("plan")
    if not isinstance(plan, dict):
        problems.append(
            Problem(
                "the export has no 'plan' object", "ไม่มีออบเจกต์ 'plan'", file=source, column="plan"
            )
        )
    else:
        for key in ("title_th", "start_year", "end_year", "base_year", "period_th", "period_en"):
            if plan.get(key) in (None, ""):
                problems.append(
                    Problem(
                        f"plan.{key} is missing",
                        f"ไม่มีค่า plan.{key}",
                        file=source,
                        column=f"plan.{key}",
                    )
                )
    province = export.get("province")
    if not isinstance(province, dict) or not province.get("name_th"):
        problems.append(
            Problem(
                "province.name_th is missing",
                "ไม่มีค่า province.name_th",
                file=source,
                column="province",
            )
        )
    if not isinstance(export.get("sections", {}), dict):
        problems.append(
            Problem(
                "'sections' is not an object",
                "'sections' ไม่ใช่ออบเจกต์",
                file=source,
                column="sections",
            )
        )
    if problems:
        raise InputError(problems)


def make_document(
    export: dict,
    fmt: str = "pdf",
    lang: str = "th",
    progress: Progress | None = None,
    *,
    charts_apart: bool = True,
    chart_cache: Path | None = None,
) -> bytes:
    """The plan document's bytes. ``progress(done, total, "ไทย / English")`` is called as
    each stage starts (charts, chapters, pages) and once the file is made.
    ``charts_apart`` draws the charts in a process of their own (see
    :func:`.charts.draw_all_apart`); False draws them here. ``chart_cache``: a folder
    where the charts drawn apart are kept and found again (:func:`.charts.part_digest`)."""
    from climateplan.reports.document import charts
    from climateplan.reports.document.content import build_document

    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: expected one of {FORMATS}")
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: expected one of {LANGS}")
    check_export(export)

    def step(done: int, message: str) -> None:
        if progress is not None:
            progress(done, STAGES, message)

    step(0, "กำลังวาดแผนภูมิ / drawing the charts")
    if charts_apart and chart_cache is not None:
        pngs = charts.draw_all_apart(export, lang, cache=chart_cache)
    elif charts_apart:
        pngs = charts.draw_all_apart(export, lang)
    else:
        pngs = charts.draw_all(export, lang)
    step(1, "กำลังเรียบเรียงเนื้อหา / writing the chapters")
    doc = build_document(export, lang, charts=pngs)
    step(2, "กำลังจัดหน้า / laying out the pages")
    if fmt == "pdf":
        from climateplan.reports.document.pdf import render_pdf

        data = render_pdf(doc)
    else:
        from climateplan.reports.document.word import render_docx

        data = render_docx(doc)
    step(STAGES, "จัดทำไฟล์เสร็จแล้ว / the file is made")
    return data


def format_of(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


__all__ = ["FORMATS", "LANGS", "check_export", "format_of", "make_document"]
