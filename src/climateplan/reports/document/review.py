"""The review report (PDF and DOCX, Thai or English) of a plan review, from its export.

The export (:func:`climateplan.plans.web.export_review.review_export`) holds the plan,
the province, the review (titles, kind, as-of date, state, revision), its figures
(:func:`climateplan.plans.review.figures.review_figures`, stored with the review) and
its narrative by chapter, and the lessons learned. The chapters are those of the review
page (:data:`climateplan.plans.review.chapters.CHAPTERS`), each with its narrative and
the tables of its figures; the pages are laid out by the plan document's renderers
(:mod:`.pdf`, :mod:`.word`), so the page furniture (running head with the province and
the plan period, page numbers, table of contents, BE dates) is the same. No Django here.
"""

from __future__ import annotations

import datetime as dt

from climateplan.errors import InputError, Problem
from climateplan.plans.review.chapters import CHAPTERS
from climateplan.reports.document.content import BUDGET_SOURCES, Writer, _table
from climateplan.reports.document.model import Chapter, Document, Heading, Paragraph

SCHEMA = "climateplan.review.export/1"

STATUS = {
    "not_started": ("Not started", "ยังไม่เริ่ม"),
    "on_track": ("On track", "เป็นไปตามแผน"),
    "delayed": ("Delayed", "ล่าช้า"),
    "completed": ("Completed", "แล้วเสร็จ"),
    "cancelled": ("Cancelled", "ยกเลิก"),
    "not_reported": ("No accepted report", "ยังไม่มีรายงานที่รับรองแล้ว"),
}
CHANGE = {
    "higher": ("Higher", "สูงขึ้น"),
    "lower": ("Lower", "ลดลง"),
    "same": ("Unchanged", "คงเดิม"),
    "new": ("New in the later assessment", "พบใหม่ในการประเมินครั้งหลัง"),
    "gone": ("Not in the later assessment", "ไม่มีในการประเมินครั้งหลัง"),
    "not_known": ("Not known", "ไม่ทราบ"),
    "not_reassessed": ("Not re-assessed", "ยังไม่ได้ประเมินใหม่"),
}
KINDS = {
    "end": ("End-of-plan review", "การทบทวนระยะสิ้นสุดแผน"),
    "mid": ("Mid-term review", "การทบทวนระยะกลางแผน"),
}
INDICATOR_KINDS = {"output": ("Output", "ผลผลิต"), "outcome": ("Outcome", "ผลลัพธ์")}
SOURCES = {
    **BUDGET_SOURCES,
    "mixed": ("Actions funded from several sources", "กิจกรรมที่ใช้เงินหลายแหล่ง"),
}
SCOPES = {
    "plan": ("The plan", "ทั้งแผน"),
    "sector": ("Sector", "สาขา"),
    "action": ("Action", "กิจกรรม"),
}


def check_review_export(export, source: str = "") -> None:
    """Every problem of a review export at once (a located, bilingual InputError)."""
    if not isinstance(export, dict):
        raise InputError(
            [
                Problem(
                    "the review export is not a JSON object",
                    "ข้อมูลส่งออกของการทบทวนไม่ใช่ออบเจกต์ JSON",
                    file=source,
                )
            ]
        )
    problems = []
    if export.get("schema") != SCHEMA:
        problems.append(
            Problem(
                f"schema {export.get('schema')!r} is not a review export (expected {SCHEMA!r})",
                f"schema {export.get('schema')!r} ไม่ใช่ข้อมูลส่งออกของการทบทวน (ต้องเป็น {SCHEMA!r})",
                file=source,
                column="schema",
            )
        )
    for part, keys in (
        ("plan", ("title_th", "period_th", "period_en")),
        ("province", ("name_th",)),
        ("review", ("title_th", "as_of", "figures")),
    ):
        item = export.get(part)
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    f"the export has no '{part}' object",
                    f"ไม่มีออบเจกต์ '{part}'",
                    file=source,
                    column=part,
                )
            )
            continue
        for key in keys:
            if item.get(key) in (None, ""):
                problems.append(
                    Problem(
                        f"{part}.{key} is missing",
                        f"ไม่มีค่า {part}.{key}",
                        file=source,
                        column=f"{part}.{key}",
                    )
                )
    if problems:
        raise InputError(problems)


def _pct(w: Writer, value) -> str:
    return "-" if value is None else f"{w.num(value, 1)} %"


def _narrative(w: Writer, review: dict, key: str) -> list:
    text = ((review.get("narrative") or {}).get(key) or {}).get(w.lang) or ""
    if not text.strip():
        other = "en" if w.th else "th"
        text = ((review.get("narrative") or {}).get(key) or {}).get(other) or ""
        if not text.strip():
            return [
                Paragraph(
                    w.t("No narrative was written for this chapter.", "ไม่มีคำบรรยายของบทนี้"),
                    kind="note",
                )
            ]
    return [Paragraph(p.strip()) for p in text.split("\n\n") if p.strip()]


def _trend(w: Writer, figures: dict) -> list:
    trend = figures.get("trend") or {}
    targets = trend.get("targets") or []
    rows = [
        [
            w.year(r["year"]),
            w.num(r.get("actual")),
            w.num(r.get("bau")),
            w.num(r.get("plan")),
            w.num(r.get("below_bau")),
        ]
        for r in trend.get("rows") or []
    ]
    columns = [
        w.t("Year", "ปี"),
        w.t("Inventory (t CO2e)", "บัญชีก๊าซเรือนกระจก (tCO2e)"),
        w.t("BAU (t CO2e)", "กรณีปกติ BAU (tCO2e)"),
        w.t("With the plan (t CO2e)", "ตามแผน (tCO2e)"),
        w.t("Below BAU (t CO2e)", "ต่ำกว่า BAU (tCO2e)"),
    ]
    # the target paths one row per target and year: their titles are long
    paths = [
        [w.name(t, "title"), w.year(r["year"]), w.num((r.get("paths") or {}).get(t["name"]))]
        for t in targets
        for r in trend.get("rows") or []
    ]
    out = [
        _table(
            w.t("Emissions since the base year", "การปล่อยก๊าซเรือนกระจกตั้งแต่ปีฐาน"),
            columns,
            rows,
            numeric=range(1, len(columns)),
            key="review_trend",
        ),
        _table(
            w.t("The target paths in the same years", "เส้นทางตามเป้าหมายในปีเดียวกัน"),
            [w.t("Target", "เป้าหมาย"), w.t("Year", "ปี"), w.t("t CO2e", "tCO2e")],
            paths,
            numeric={2},
            key="review_target_paths",
            widths=[6, 1.2, 2],
        ),
    ]
    if trend.get("change_pct") is not None:
        out.append(
            Paragraph(
                w.t(
                    f"Change from {w.year(trend.get('base_year'))} to "
                    f"{w.year(trend.get('latest_year'))}: {w.num(trend['change_pct'], 1)} %.",
                    f"การเปลี่ยนแปลงจากปี {w.year(trend.get('base_year'))} ถึงปี "
                    f"{w.year(trend.get('latest_year'))}: {w.num(trend['change_pct'], 1)} %",
                )
            )
        )
    return out


def _reductions(w: Writer, figures: dict) -> list:
    red = figures.get("reductions") or {}
    year = w.year(red.get("year")) if red.get("year") else "-"
    columns = [
        w.t("Code", "รหัส"),
        w.t("Measure", "มาตรการ"),
        w.t("Agency", "หน่วยงาน"),
        w.t("Planned (t CO2e/yr)", "ตามแผน (tCO2e/ปี)"),
        w.t("Achieved (t CO2e/yr)", "ลดได้จริง (tCO2e/ปี)"),
        w.t("Achieved (%)", "ลดได้ (%)"),
    ]
    rows = [
        [
            m["code"],
            w.name(m),
            w.name(m, "agency") or m.get("agency") or "-",
            w.num(m.get("planned")),
            w.num(m.get("achieved")),
            _pct(w, m.get("achieved_pct")),
        ]
        for m in red.get("measures") or []
    ]
    total = red.get("total") or {}
    if rows:
        rows.append(
            [
                "",
                w.t("Total", "รวม"),
                "",
                w.num(total.get("planned")),
                w.num(total.get("achieved")),
                _pct(w, total.get("achieved_pct")),
            ]
        )
    out = [
        _table(
            w.t(f"Reductions by measure, {year}", f"ปริมาณก๊าซเรือนกระจกที่ลดได้รายมาตรการ ปี {year}"),
            columns,
            rows,
            numeric={3, 4, 5},
            key="review_measures",
            widths=[1, 4, 3, 2, 2, 1.4],
        )
    ]
    for part, title in (
        ("sectors", ("By sector", "รายสาขา")),
        ("agencies", ("By agency", "รายหน่วยงาน")),
    ):
        name_key = "sector" if part == "sectors" else "agency"
        out.append(
            _table(
                w.t(f"Reductions {title[0].lower()}, {year}", f"ปริมาณที่ลดได้{title[1]} ปี {year}"),
                [w.pair(title), columns[3], columns[4]],
                [
                    [
                        w.name(g, name_key) or g.get(name_key) or "-",
                        w.num(g.get("planned")),
                        w.num(g.get("achieved")),
                    ]
                    for g in red.get(part) or []
                ],
                numeric={1, 2},
                key=f"review_{part}",
            )
        )
    return out


def _actions(w: Writer, figures: dict) -> list:
    acts = figures.get("actions") or {}
    counts = [
        [
            w.pair(STATUS.get(c["status"], (c["status"], c["status"]))),
            str(c["actions"]),
            _pct(w, c.get("share_pct")),
        ]
        for c in acts.get("counts") or []
    ]
    rows = [
        [
            a["code"],
            w.name(a),
            w.name(a, "agency") or a.get("agency") or "-",
            w.pair(STATUS.get(a["status"], (a["status"], a["status"]))),
            _pct(w, a.get("percent")),
            a.get("reason") or "",
        ]
        for a in acts.get("rows") or []
    ]
    return [
        _table(
            w.t("Actions by status", "จำนวนกิจกรรมตามสถานะ"),
            [w.t("Status", "สถานะ"), w.t("Actions", "กิจกรรม"), w.t("Share", "สัดส่วน")],
            counts,
            numeric={1, 2},
            key="review_status_counts",
        ),
        _table(
            w.t("Actions and their status", "กิจกรรมและสถานะ"),
            [
                w.t("Code", "รหัส"),
                w.t("Action", "กิจกรรม"),
                w.t("Agency", "หน่วยงาน"),
                w.t("Status", "สถานะ"),
                w.t("Progress", "ความก้าวหน้า"),
                w.t("Reason", "เหตุผล"),
            ],
            rows,
            numeric={4},
            key="review_actions",
            widths=[1, 4, 3, 1.6, 1.3, 3],
        ),
    ]


def _budget(w: Writer, figures: dict) -> list:
    budget = figures.get("budget") or {}
    columns = [
        w.t("Source", "แหล่งเงิน"),
        w.t("Planned (THB)", "ตามแผน (บาท)"),
        w.t("Funded (THB)", "ได้รับจัดสรร (บาท)"),
        w.t("Disbursed (THB)", "เบิกจ่าย (บาท)"),
        w.t("Disbursed (%)", "เบิกจ่าย (%)"),
    ]

    def line(label, r):
        return [
            label,
            w.baht(r.get("planned")),
            w.baht(r.get("funded")),
            w.baht(r.get("disbursed")),
            _pct(w, r.get("disbursed_pct")),
        ]

    rows = [
        line(w.pair(SOURCES.get(s["source"], (s["source"], s["source"]))), s)
        for s in budget.get("sources") or []
    ]
    if rows:
        rows.append(line(w.t("Total", "รวม"), budget.get("total") or {}))
    years = [
        [
            w.year(y["fiscal_year"]),
            w.baht(y["planned"]),
            w.baht(y["funded"]),
            w.baht(y["disbursed"]),
        ]
        for y in budget.get("years") or []
    ]
    return [
        _table(
            w.t("Budget by source", "งบประมาณตามแหล่งเงิน"),
            columns,
            rows,
            numeric={1, 2, 3, 4},
            key="review_budget",
        ),
        _table(
            w.t("Budget by fiscal year", "งบประมาณรายปีงบประมาณ"),
            [w.t("Fiscal year", "ปีงบประมาณ"), *columns[1:4]],
            years,
            numeric={1, 2, 3},
            key="review_budget_years",
        ),
    ]


def _indicators(w: Writer, figures: dict) -> list:
    rows = [
        [
            i["code"],
            w.name(i, "action"),
            w.name(i) or i.get("key", ""),
            w.pair(INDICATOR_KINDS.get(i.get("kind"), ("", ""))),
            i.get("unit") or "",
            w.num(i.get("baseline"), 1),
            w.num(i.get("target"), 1),
            w.num(i.get("value"), 1),
            _pct(w, i.get("share_pct")),
        ]
        for i in (figures.get("indicators") or {}).get("rows") or []
    ]
    return [
        _table(
            w.t("Indicators against their targets", "ตัวชี้วัดเทียบกับค่าเป้าหมาย"),
            [
                w.t("Code", "รหัส"),
                w.t("Action", "กิจกรรม"),
                w.t("Indicator", "ตัวชี้วัด"),
                w.t("Kind", "ประเภท"),
                w.t("Unit", "หน่วย"),
                w.t("Baseline", "ค่าฐาน"),
                w.t("Target", "เป้าหมาย"),
                w.t("Latest", "ล่าสุด"),
                w.t("Of target", "ของเป้าหมาย"),
            ],
            rows,
            numeric={5, 6, 7, 8},
            key="review_indicators",
            widths=[1, 3, 3, 1.3, 1.2, 1.2, 1.2, 1.2, 1.3],
        )
    ]


def _risk(w: Writer, figures: dict) -> list:
    risk = figures.get("risk") or {}

    def level(entry):
        return (entry or {}).get(f"matrix_{w.lang}") or "-"

    rows = [
        [
            w.name(r, "hazard"),
            level(r.get("before")),
            level(r.get("after")),
            w.pair(CHANGE.get(r["change"], (r["change"], r["change"]))),
        ]
        for r in risk.get("rows") or []
    ]
    out = [
        _table(
            w.t("Climate risks before and after", "ความเสี่ยงด้านภูมิอากาศก่อนและหลัง"),
            [
                w.t("Hazard", "ภัย"),
                w.t("Before", "ก่อน"),
                w.t("After", "หลัง"),
                w.t("Change", "การเปลี่ยนแปลง"),
            ],
            rows,
            key="review_risk",
        )
    ]
    source = (risk.get("after_source") or {}).get(w.lang)
    if source:
        out.append(Paragraph(w.t(f"After: {source}", f"หลัง: {source}"), kind="note"))
    return out


def _lessons(w: Writer, lessons: list[dict]) -> list:
    if not lessons:
        return [Paragraph(w.t("No lessons were recorded.", "ยังไม่มีบทเรียนที่บันทึกไว้"), kind="note")]
    rows = []
    for lesson in lessons:
        scope = w.pair(SCOPES.get(lesson.get("scope"), ("", "")))
        about = lesson.get(f"about_{w.lang}") or lesson.get("about_th") or ""
        rows.append(
            [
                f"{scope}: {about}" if about else scope,
                lesson.get("agency") or "",
                lesson.get("what_worked") or "",
                lesson.get("barriers") or "",
                lesson.get("recommendations") or "",
            ]
        )
    return [
        _table(
            w.t("Lessons learned", "บทเรียนที่ได้รับ"),
            [
                w.t("About", "เรื่อง"),
                w.t("Agency", "หน่วยงาน"),
                w.t("What worked", "สิ่งที่ได้ผล"),
                w.t("Barriers", "อุปสรรค"),
                w.t("Recommendations", "ข้อเสนอแนะ"),
            ],
            rows,
            key="review_lessons",
            widths=[2.4, 1.6, 3, 3, 3],
        )
    ]


FIGURE_BUILDERS = {
    "trend": _trend,
    "reductions": _reductions,
    "actions": _actions,
    "budget": _budget,
    "indicators": _indicators,
    "risk": _risk,
}


def build_review_document(export: dict, lang: str = "th", today: dt.date | None = None) -> Document:
    """The review report's chapters in one language."""
    w = Writer(lang)
    plan, province, review = export["plan"], export["province"], export["review"]
    figures = review.get("figures") or {}
    name = w.name(province)
    period = plan[f"period_{w.lang}"]
    title = review.get(f"title_{w.lang}") or review["title_th"]
    kind = w.pair(KINDS.get(review.get("kind"), KINDS["end"]))
    plan_title = w.name(plan, "title")
    doc = Document(
        lang=w.lang,
        title=title,
        subtitle=w.t(f"{kind} of {plan_title} · {name}", f"{kind}ของ{plan_title} · จังหวัด{name}"),
        province=name,
        period=period,
        running_head=w.t(
            f"{name} · plan period {period} · review",
            f"จังหวัด{name} · ระยะเวลาของแผน {period} · การทบทวน",
        ),
        made_on=w.date(today or dt.date.today()),
        version_note=w.t(
            f"Figures as of {w.date(review['as_of'])}; review revision {review.get('revision')}",
            f"ข้อมูล ณ วันที่ {w.date(review['as_of'])} การแก้ไขครั้งที่ {review.get('revision')}",
        ),
    )
    if figures.get("basis_label_en") or figures.get("gwp"):
        basis = figures.get(f"basis_label_{w.lang}") or figures.get("basis_label_en") or ""
        note = w.t(
            f"Emissions basis: {basis}; GWP: {figures.get('gwp')}.",
            f"ขอบเขตการปล่อย: {basis} ค่า GWP: {figures.get('gwp')}",
        )
    else:
        note = ""
    for chapter in CHAPTERS:
        out = Chapter(chapter.key, chapter.title(w.lang))
        out.add(*_narrative(w, review, chapter.key))
        if chapter.figures in FIGURE_BUILDERS:
            out.add(Heading(w.t("Figures", "ตัวเลข"), 3))
            blocks = [b for b in FIGURE_BUILDERS[chapter.figures](w, figures) if b is not None]
            if chapter.figures == "trend" and note and blocks:
                out.add(Paragraph(note, kind="note"))
            out.add(
                *(
                    blocks
                    or [
                        Paragraph(
                            w.t(
                                "The platform holds no figures for this chapter.",
                                "ยังไม่มีข้อมูลตัวเลขของบทนี้ในระบบ",
                            ),
                            kind="note",
                        )
                    ]
                )
            )
        if chapter.key == "lessons":
            out.add(*_lessons(w, export.get("lessons") or []))
        doc.chapters.append(out)
    return doc


def make_review_document(
    export: dict, fmt: str = "pdf", lang: str = "th", today: dt.date | None = None
) -> bytes:
    """The review report's bytes (PDF or DOCX)."""
    from climateplan.reports.document import FORMATS, LANGS

    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: expected one of {FORMATS}")
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: expected one of {LANGS}")
    check_review_export(export)
    doc = build_review_document(export, lang, today)
    if fmt == "pdf":
        from climateplan.reports.document.pdf import render_pdf

        return render_pdf(doc)
    from climateplan.reports.document.word import render_docx

    return render_docx(doc)


__all__ = ["SCHEMA", "build_review_document", "check_review_export", "make_review_document"]
