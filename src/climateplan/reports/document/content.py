"""The chapters of the plan document, built from a plan export (``plan_export``).

In the order a provincial plan is read: summary for executives; the province in brief;
the GHG inventory; the reduction plan; the risk profile; the adaptation plan;
integration with the development plan and budget; the monitoring framework; annexes.
Thai (default) or English; years in Buddhist Era on Thai documents, Common Era on
English ones. Figures come from the stored results only: nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from climateplan.reports.document.model import Chapter, Document, Figure, Heading, Paragraph, Table

BE = 543
THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)

# chapter key -> (English, Thai)
CHAPTERS = {
    "summary": ("Summary for executives", "บทสรุปสำหรับผู้บริหาร"),
    "province": ("The province in brief", "ข้อมูลทั่วไปของจังหวัด"),
    "inventory": ("Greenhouse gas inventory", "บัญชีก๊าซเรือนกระจก"),
    "reduction": ("Greenhouse gas reduction plan", "แผนลดก๊าซเรือนกระจก"),
    "risk": ("Climate risk profile", "ข้อมูลความเสี่ยงจากการเปลี่ยนแปลงสภาพภูมิอากาศ"),
    "adaptation": ("Adaptation action plan", "แผนปฏิบัติการด้านการปรับตัว"),
    "integration": (
        "Integration with the provincial development plan and budget",
        "การบูรณาการกับแผนพัฒนาจังหวัดและงบประมาณ",
    ),
    "monitoring": ("Monitoring framework", "กรอบการติดตามและประเมินผล"),
    "annexes": ("Annexes", "ภาคผนวก"),
}
BUDGET_SOURCES = {
    "provincial": ("Provincial budget", "งบประมาณจังหวัด"),
    "local": ("Local administrations", "องค์กรปกครองส่วนท้องถิ่น"),
    "ministry": ("Line ministry", "งบประมาณกระทรวง กรม"),
    "environment_fund": ("Environment Fund", "กองทุนสิ่งแวดล้อม"),
    "private": ("Private sector", "ภาคเอกชน"),
    "international": ("International", "ความร่วมมือระหว่างประเทศ"),
}
ROLES = {
    "chair": ("Chair", "ประธาน"),
    "secretary": ("Secretary", "เลขานุการ"),
    "member": ("Member", "คณะทำงาน"),
}
PLAN_STATES = {
    "draft": ("Draft", "ร่าง"),
    "endorsed": ("Endorsed in the province", "จังหวัดให้ความเห็นชอบแล้ว"),
    "submitted": ("Submitted for national review", "ส่งตรวจระดับประเทศแล้ว"),
    "returned": ("Returned", "ส่งกลับแก้ไข"),
    "approved": ("Approved", "อนุมัติแล้ว"),
    "published": ("Published", "เผยแพร่แล้ว"),
}
TOTAL_LABELS = {
    "basic": ("BASIC", "BASIC"),
    "basic_plus": ("BASIC+", "BASIC+"),
    "territorial": ("Territorial (all scope 1)", "ตามขอบเขตพื้นที่ (ขอบเขตที่ 1 ทั้งหมด)"),
    "scope1": ("Scope 1", "ขอบเขตที่ 1"),
    "scope2": ("Scope 2", "ขอบเขตที่ 2"),
    "scope3": ("Scope 3", "ขอบเขตที่ 3"),
    "removals": ("Removals", "การกักเก็บ"),
    "biogenic_co2": (
        "Biogenic CO2 (reported separately, not in totals)",
        "CO2 จากชีวมวล (รายงานแยก ไม่รวมในยอดรวม)",
    ),
}
DATA_QUALITY = {"H": ("High", "สูง"), "M": ("Medium", "ปานกลาง"), "L": ("Low", "ต่ำ")}


class Writer:
    """Language helpers of one document."""

    def __init__(self, lang: str, charts: dict[str, dict[str, bytes]] | None = None):
        self.lang = "en" if lang == "en" else "th"
        self.charts = charts or {}

    @property
    def th(self) -> bool:
        return self.lang == "th"

    def t(self, en: str, th: str) -> str:
        return th if self.th else en

    def pair(self, pair: tuple[str, str]) -> str:
        return self.t(*pair)

    def name(self, item: dict | None, key: str = "name") -> str:
        if not item:
            return ""
        own = item.get(f"{key}_{self.lang}")
        return str(own or item.get(f"{key}_th") or item.get(f"{key}_en") or item.get(key) or "")

    def year(self, year) -> str:
        if year is None or year == "":
            return "-"
        year = int(float(year))
        return str(year + BE) if self.th else str(year)

    def date(self, value: str | dt.date | None) -> str:
        if not value:
            return "-"
        if isinstance(value, str):
            value = dt.date.fromisoformat(value[:10])
        if self.th:
            return f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + BE}"
        return f"{value.day} {value.strftime('%B %Y')}"

    @staticmethod
    def num(value, digits: int = 0) -> str:
        if value is None or value == "":
            return "-"
        try:
            number = float(value)
        except (TypeError, ValueError):
            return str(value)
        if number != number:
            return "-"
        return f"{number:,.{digits}f}"

    def baht(self, value) -> str:
        return self.num(value, 0)

    def money_m(self, value) -> str:
        """Millions of baht with two decimals."""
        if value is None:
            return "-"
        return self.num(float(value) / 1e6, 2)


def _table(caption, columns, rows, numeric=(), key="", widths=None) -> Table | None:
    if not rows:
        return None
    return Table(
        caption=caption,
        columns=list(columns),
        rows=[[("" if c is None else str(c)) for c in row] for row in rows],
        numeric=frozenset(numeric),
        key=key,
        widths=widths,
    )


def _figure(pngs: dict[str, bytes], name: str, caption: str) -> Figure | None:
    data = pngs.get(name)
    return Figure(data, caption, key=name) if data else None


def _section(export: dict, kind: str) -> dict:
    return (export.get("sections") or {}).get(kind) or {}


def _result(export: dict, kind: str) -> dict | None:
    return _section(export, kind).get("result")


def _missing(w: Writer, chapter: Chapter, what_en: str, what_th: str) -> Chapter:
    return chapter.add(
        Paragraph(
            w.t(
                f"The plan holds no {what_en} yet: this chapter is completed once the "
                "section is computed.",
                f"แผนยังไม่มี{what_th} บทนี้จะสมบูรณ์เมื่อคำนวณส่วนนี้แล้ว",
            ),
            kind="notice",
        )
    )


# --------------------------------------------------------------------------- chapters


def summary_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("summary", w.pair(CHAPTERS["summary"]))
    plan, province = export["plan"], export["province"]
    inventory = export.get("inventory") or {}
    totals = inventory.get("totals") or {}
    reduction = _result(export, "reduction")
    risk = _result(export, "risk")
    adaptation = _result(export, "adaptation")
    name = w.name(province)
    period = plan[f"period_{w.lang}"]
    ch.add(
        Paragraph(
            w.t(
                f"This plan sets out how {name} reduces its greenhouse gas emissions and adapts "
                f"to climate change over {period}. It starts from the province's greenhouse gas "
                f"inventory of {w.year(plan['base_year'])}, projects emissions without further "
                "action (business as usual), sets reduction measures with their owners and "
                "budgets against the national targets, profiles the province's climate risks "
                "and answers the priority risks with adaptation actions.",
                "แผนนี้กำหนดแนวทางการลดก๊าซเรือนกระจกและการปรับตัว"
                f"ต่อการเปลี่ยนแปลงสภาพภูมิอากาศของจังหวัด{name} "
                f"ในช่วง{period} โดยเริ่มจากบัญชีก๊าซเรือนกระจกของจังหวัดปี {w.year(plan['base_year'])} "
                "คาดการณ์การปล่อยในกรณีดำเนินการตามปกติ (BAU) "
                "กำหนดมาตรการลดก๊าซเรือนกระจกพร้อมหน่วยงานรับผิดชอบ"
                "และงบประมาณเทียบกับเป้าหมายระดับประเทศ ประเมินความเสี่ยงด้านสภาพภูมิอากาศของจังหวัด "
                "และกำหนดแผนปฏิบัติการด้านการปรับตัวเพื่อรับมือกับความเสี่ยงที่มีลำดับความสำคัญสูง",
            )
        )
    )
    rows = []
    unit = w.t("t CO2e", "ตัน CO2e")
    if totals:
        year = w.year(inventory.get("year"))
        rows.append(
            [
                w.t(f"Emissions {year} (BASIC)", f"การปล่อยก๊าซเรือนกระจกปี {year} (BASIC)"),
                w.num(totals.get("basic")),
                unit,
            ]
        )
        rows.append(
            [
                w.t(f"Emissions {year} (BASIC+)", f"การปล่อยก๊าซเรือนกระจกปี {year} (BASIC+)"),
                w.num(totals.get("basic_plus")),
                unit,
            ]
        )
    if reduction:
        s = reduction.get("summary") or {}
        year = w.year(s.get("report_year"))
        basis = reduction.get(f"basis_label_{w.lang}") or s.get("basis", "")
        rows += [
            [
                w.t(f"BAU {year} ({basis})", f"กรณีปกติ (BAU) ปี {year} ({basis})"),
                w.num(s.get("bau")),
                unit,
            ],
            [
                w.t(f"With the plan {year}", f"เมื่อดำเนินการตามแผน ปี {year}"),
                w.num(s.get("plan")),
                unit,
            ],
            [w.t(f"Reduction {year}", f"ปริมาณที่ลดได้ ปี {year}"), w.num(s.get("reduction")), unit],
            [
                w.t("Budget of the reduction measures", "งบประมาณของมาตรการลดก๊าซเรือนกระจก"),
                w.money_m(s.get("budget_total_thb")),
                w.t("million THB", "ล้านบาท"),
            ],
        ]
    if risk:
        overall = risk.get("overall") or {}
        rows.append(
            [
                w.t("Climate risk index (0-10)", "ดัชนีความเสี่ยงด้านสภาพภูมิอากาศ (0-10)"),
                w.num(overall.get("risk"), 1),
                w.name(overall, "class"),
            ]
        )
    if adaptation:
        rows += [
            [
                w.t("Adaptation actions", "กิจกรรมด้านการปรับตัว"),
                w.num(len(adaptation.get("actions") or [])),
                w.t("actions", "กิจกรรม"),
            ],
            [
                w.t("Budget of the adaptation actions", "งบประมาณของกิจกรรมด้านการปรับตัว"),
                w.money_m(adaptation.get("cost_total_thb")),
                w.t("million THB", "ล้านบาท"),
            ],
        ]
    ch.add(
        _table(
            w.t("Key figures of the plan", "ตัวเลขสำคัญของแผน"),
            [w.t("Figure", "รายการ"), w.t("Value", "ค่า"), w.t("Unit", "หน่วย")],
            rows,
            numeric={1},
            key="summary",
            widths=[3, 1.4, 1.2],
        )
    )
    if reduction:
        target_rows = [
            [
                w.name(tg, "title") or tg.get("name", ""),
                w.year(tg.get("year")),
                w.num(tg.get("value")),
                w.num(tg.get("plan")),
                w.num(tg.get("gap")),
                w.t("on track", "เป็นไปตามเป้า") if tg.get("on_track") else w.t("short", "ยังไม่ถึงเป้า"),
            ]
            for tg in _targets_with_titles(reduction)
        ]
        ch.add(
            _table(
                w.t("The plan against the targets", "แผนเทียบกับเป้าหมาย"),
                [
                    w.t("Target", "เป้าหมาย"),
                    w.t("Year", "ปี"),
                    w.t("Target (t CO2e)", "เป้าหมาย (ตัน CO2e)"),
                    w.t("Plan (t CO2e)", "ตามแผน (ตัน CO2e)"),
                    w.t("Gap (t CO2e)", "ส่วนต่าง (ตัน CO2e)"),
                    w.t("Status", "สถานะ"),
                ],
                target_rows,
                numeric={2, 3, 4},
                key="summary_targets",
                widths=[3, 0.8, 1.3, 1.3, 1.3, 1.2],
            )
        )
    if risk and risk.get("register"):
        top = sorted(risk["register"], key=lambda r: -(r.get("risk_score") or 0))[:3]
        names = ", ".join(w.name(r, "hazard") for r in top)
        ch.add(
            Paragraph(
                w.t(
                    f"The hazards of highest risk are: {names}.",
                    f"ภัยที่มีความเสี่ยงสูงสุดได้แก่ {names}",
                )
            )
        )
    if adaptation and (adaptation.get("summary") or {}).get("top_actions"):
        tops = "; ".join(w.name(a) for a in adaptation["summary"]["top_actions"])
        ch.add(
            Paragraph(
                w.t(
                    f"The adaptation actions of first priority are: {tops}.",
                    f"กิจกรรมด้านการปรับตัวที่มีลำดับความสำคัญสูงสุดได้แก่ {tops}",
                )
            )
        )
    for note in _synthetic_notices(w, export):
        ch.add(Paragraph(note, kind="notice"))
    return ch


def _synthetic_notices(w: Writer, export: dict) -> list[str]:
    notices = []
    for kind in ("risk", "adaptation"):
        result = _result(export, kind) or {}
        notice = result.get("synthetic_notice")
        if result.get("synthetic") and notice:
            text = notice.get(w.lang) or notice.get("en") or ""
            if text and text not in notices:
                notices.append(text)
    return notices


def _targets_with_titles(reduction: dict) -> list[dict]:
    summary = {t.get("name"): t for t in (reduction.get("summary") or {}).get("targets") or []}
    out = []
    for target in reduction.get("targets") or []:
        row = dict(summary.get(target.get("name")) or {})
        row.update(
            {
                k: target.get(k)
                for k in (
                    "name",
                    "title_en",
                    "title_th",
                    "year",
                    "basis_label_en",
                    "basis_label_th",
                )
            }
        )
        row["source"] = target.get("source", "")
        out.append(row)
    return out


def province_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("province", w.pair(CHAPTERS["province"]))
    plan, province = export["plan"], export["province"]
    reduction = _result(export, "reduction") or {}
    rows = [
        [w.t("Province", "จังหวัด"), w.name(province)],
        [w.t("Province code (ISO 3166-2)", "รหัสจังหวัด (ISO 3166-2)"), province.get("code", "")],
        [w.t("Region", "ภาค"), w.name(province, "region")],
        [
            w.t("Plan", "แผน"),
            plan["title_th"] if w.th or not plan.get("title_en") else plan["title_en"],
        ],
        [w.t("Plan period", "ระยะเวลาของแผน"), plan[f"period_{w.lang}"]],
        [w.t("Base year", "ปีฐาน"), w.year(plan.get("base_year"))],
        [w.t("Version", "ฉบับที่"), str(plan.get("version", ""))],
        [
            w.t("State", "สถานะ"),
            w.pair(PLAN_STATES.get(plan.get("state"), (plan.get("state"),) * 2)),
        ],
    ]
    per_capita = reduction.get("per_capita") or {}
    population = per_capita.get("population") or []
    if population:
        rows.append(
            [
                w.t(
                    f"Population {w.year(reduction.get('base_year'))}",
                    f"จำนวนประชากร ปี {w.year(reduction.get('base_year'))}",
                ),
                w.num(population[0]),
            ]
        )
        bau = per_capita.get("bau") or []
        if bau:
            rows.append(
                [
                    w.t("Emissions per person (t CO2e)", "การปล่อยต่อประชากร (ตัน CO2e ต่อคน)"),
                    w.num(bau[0], 2),
                ]
            )
    endorsement = export.get("endorsement")
    if endorsement:
        rows += [
            [w.t("Endorsed by", "ได้รับความเห็นชอบจาก"), endorsement.get("body", "")],
            [w.t("Meeting no.", "การประชุมครั้งที่"), endorsement.get("meeting", "")],
            [w.t("Meeting date", "วันที่ประชุม"), w.date(endorsement.get("date"))],
            [w.t("Authority", "ผู้มีอำนาจให้ความเห็นชอบ"), endorsement.get("authority", "")],
        ]
    ch.add(
        _table(
            w.t("The province and the plan", "ข้อมูลจังหวัดและแผน"),
            [w.t("Item", "รายการ"), w.t("Detail", "รายละเอียด")],
            rows,
            key="province",
            widths=[1.4, 3],
        )
    )
    inventory = export.get("inventory") or {}
    sectors = inventory.get("by_sector") or []
    if sectors:
        total = sum(float(s.get("co2e") or 0) for s in sectors) or 1.0
        biggest = max(sectors, key=lambda s: s.get("co2e") or 0)
        share = 100 * float(biggest.get("co2e") or 0) / total
        ch.add(
            Paragraph(
                w.t(
                    f"The largest source of emissions is {w.name(biggest, 'sector').lower()} "
                    f"({share:.0f} % of scopes 1-3).",
                    f"แหล่งปล่อยก๊าซเรือนกระจกที่ใหญ่ที่สุดคือ{w.name(biggest, 'sector')} "
                    f"(ร้อยละ {share:.0f} ของขอบเขตที่ 1-3)",
                )
            )
        )
    return ch


def inventory_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("inventory", w.pair(CHAPTERS["inventory"]))
    inventory = export.get("inventory")
    if not inventory:
        return _missing(w, ch, "approved base-year inventory", "บัญชีก๊าซเรือนกระจกปีฐานที่อนุมัติแล้ว")
    year = w.year(inventory.get("year"))
    ch.add(
        Paragraph(
            w.t(
                f"The inventory of {year} follows the GPC (Global Protocol for Community-Scale "
                "Greenhouse Gas Emission Inventories) for structure, scopes and the BASIC and "
                "BASIC+ totals, and the 2006 IPCC Guidelines for equations and default factors, "
                f"with Thai factors where they exist. Global warming potentials: "
                f"{inventory.get('gwp', '')} ({inventory.get('gwp_source', '')}). "
                f"Activity lines: {w.num(inventory.get('line_count'))}.",
                f"บัญชีก๊าซเรือนกระจกปี {year} จัดทำตามโครงสร้าง ขอบเขต "
                "และยอดรวม BASIC และ BASIC+ ของ GPC "
                "(Global Protocol for Community-Scale Greenhouse Gas Emission Inventories) "
                "ใช้สมการและค่าสัมประสิทธิ์ตั้งต้นตามแนวทาง IPCC 2006 และค่าสัมประสิทธิ์ของประเทศไทยเมื่อมี "
                f"ค่าศักยภาพในการทำให้เกิดภาวะโลกร้อน: {inventory.get('gwp', '')} "
                f"({inventory.get('gwp_source', '')}) จำนวนรายการข้อมูลกิจกรรม "
                f"{w.num(inventory.get('line_count'))} รายการ",
            )
        )
    )
    totals = inventory.get("totals") or {}
    ch.add(Heading(w.t("Totals", "ยอดรวม")))
    ch.add(
        _table(
            w.t(
                f"Emissions totals {year} (t CO2e)", f"ยอดรวมการปล่อยก๊าซเรือนกระจก ปี {year} (ตัน CO2e)"
            ),
            [w.t("Total", "ยอดรวม"), w.t("t CO2e", "ตัน CO2e")],
            [[w.pair(TOTAL_LABELS[k]), w.num(totals.get(k))] for k in TOTAL_LABELS if k in totals],
            numeric={1},
            key="inventory_totals",
            widths=[3, 1.4],
        )
    )
    ch.add(Heading(w.t("Emissions by sector", "การปล่อยก๊าซเรือนกระจกรายภาค")))
    sectors = inventory.get("by_sector") or []
    total = sum(float(s.get("co2e") or 0) for s in sectors) or 1.0
    ch.add(
        _table(
            w.t(f"Emissions by GPC sector {year}", f"การปล่อยก๊าซเรือนกระจกตามภาคของ GPC ปี {year}"),
            [
                w.t("Sector", "ภาค"),
                "CO2",
                w.t("CH4 (t CO2e)", "CH4 (ตัน CO2e)"),
                w.t("N2O (t CO2e)", "N2O (ตัน CO2e)"),
                w.t("Total (t CO2e)", "รวม (ตัน CO2e)"),
                w.t("Share %", "ร้อยละ"),
            ],
            [
                [
                    f"{s.get('sector', '')} {w.name(s, 'sector')}",
                    w.num(s.get("co2e_co2")),
                    w.num(s.get("co2e_ch4")),
                    w.num(s.get("co2e_n2o")),
                    w.num(s.get("co2e")),
                    w.num(100 * float(s.get("co2e") or 0) / total, 1),
                ]
                for s in sectors
            ],
            numeric={1, 2, 3, 4, 5},
            key="inventory_sectors",
            widths=[3, 1.2, 1.2, 1.2, 1.3, 0.8],
        )
    )
    ch.add(
        _figure(
            w.charts.get("inventory") or {},
            "sectors",
            w.t("Emissions by sector", "การปล่อยก๊าซเรือนกระจกรายภาค"),
        )
    )
    gases = inventory.get("by_gas") or []
    ch.add(
        _table(
            w.t("Emissions by gas", "การปล่อยตามชนิดก๊าซ"),
            [w.t("Gas", "ก๊าซ"), w.t("Tonnes", "ตัน"), w.t("t CO2e", "ตัน CO2e")],
            [[g.get("gas", ""), w.num(g.get("tonnes"), 1), w.num(g.get("co2e"))] for g in gases],
            numeric={1, 2},
            key="inventory_gases",
        )
    )
    ch.add(Heading(w.t("Key categories", "ประเภทแหล่งปล่อยหลัก (Key categories)")))
    keys = [k for k in inventory.get("key_categories") or [] if k.get("is_key")]
    ch.add(
        Paragraph(
            w.t(
                "Key categories are those that together make 95 % of the level of emissions "
                "(2006 IPCC Guidelines, Vol. 1, Chapter 4, Approach 1).",
                "ประเภทแหล่งปล่อยหลักคือประเภทที่รวมกันเป็นร้อยละ 95 ของระดับการปล่อย "
                "(แนวทาง IPCC 2006 เล่ม 1 บทที่ 4 วิธีที่ 1)",
            ),
            kind="note",
        )
    )
    ch.add(
        _table(
            w.t("Key categories (level assessment)", "ประเภทแหล่งปล่อยหลัก (การประเมินระดับ)"),
            [
                w.t("Category", "ประเภท"),
                w.t("Gas", "ก๊าซ"),
                w.t("Description", "คำอธิบาย"),
                w.t("t CO2e", "ตัน CO2e"),
                w.t("Cumulative %", "ร้อยละสะสม"),
            ],
            [
                [
                    k.get("category", ""),
                    k.get("gas", ""),
                    w.name(k, "description"),
                    w.num(k.get("emissions_co2e")),
                    w.num(100 * float(k.get("cumulative") or 0), 1),
                ]
                for k in keys
            ],
            numeric={3, 4},
            key="key_categories",
            widths=[0.8, 0.7, 4, 1.3, 1],
        )
    )
    ch.add(Heading(w.t("Uncertainty", "ความไม่แน่นอน")))
    ch.add(
        _table(
            w.t(
                "Uncertainty of the totals (95 % confidence interval)",
                "ความไม่แน่นอนของยอดรวม (ช่วงความเชื่อมั่นร้อยละ 95)",
            ),
            [
                w.t("Total", "ยอดรวม"),
                w.t("t CO2e", "ตัน CO2e"),
                w.t("± %", "± ร้อยละ"),
                w.t("Lower", "ค่าต่ำ"),
                w.t("Upper", "ค่าสูง"),
                w.t("Approach", "วิธี"),
            ],
            [
                [
                    w.name(u, "label"),
                    w.num(u.get("emissions_co2e")),
                    w.num(u.get("uncertainty_pct"), 1),
                    w.num(u.get("lower_co2e")),
                    w.num(u.get("upper_co2e")),
                    str(u.get("approach", "")),
                ]
                for u in inventory.get("uncertainty") or []
            ],
            numeric={1, 2, 3, 4},
            key="uncertainty",
            widths=[2.4, 1.3, 0.8, 1.3, 1.3, 0.7],
        )
    )
    ch.add(Heading(w.t("Method notes", "หมายเหตุวิธีการคำนวณ")))
    ch.add(
        _table(
            w.t("Calculation methods used", "วิธีการคำนวณที่ใช้"),
            [
                w.t("Method", "วิธีการ"),
                w.t("Lines", "รายการ"),
                w.t("t CO2e", "ตัน CO2e"),
                w.t("Factors from", "ที่มาของค่าสัมประสิทธิ์"),
            ],
            [
                [
                    m["method"],
                    w.num(m["lines"]),
                    w.num(m["co2e"]),
                    ", ".join(m.get("origins") or []),
                ]
                for m in inventory.get("method_notes") or []
            ],
            numeric={1, 2},
            key="method_notes",
        )
    )
    for warning in inventory.get("warnings") or []:
        ch.add(Paragraph(w.name(warning, "message"), kind="note"))
    return ch


def reduction_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("reduction", w.pair(CHAPTERS["reduction"]))
    section = _section(export, "reduction")
    result = section.get("result")
    if not result:
        return _missing(w, ch, "reduction plan result", "ผลการคำนวณแผนลดก๊าซเรือนกระจก")
    pngs = w.charts.get("reduction") or {}
    basis = result.get("basis", "basic_plus")
    basis_label = result.get(f"basis_label_{w.lang}") or basis
    years = result.get("years") or []
    totals = (result.get("totals") or {}).get(basis) or {}
    ch.add(Heading(w.t("Business as usual and the plan", "กรณีปกติ (BAU) และการดำเนินการตามแผน")))
    ch.add(
        Paragraph(
            w.t(
                f"Emissions are projected from the base year {w.year(result.get('base_year'))} "
                f"on the {basis_label} basis with the drivers of each sector (population, "
                "economy, livestock, crop areas) and reduced by the measures below.",
                f"คาดการณ์การปล่อยจากปีฐาน {w.year(result.get('base_year'))} บนฐาน {basis_label} "
                "ด้วยตัวขับเคลื่อนของแต่ละภาค (ประชากร เศรษฐกิจ ปศุสัตว์ พื้นที่เพาะปลูก) "
                "และลดลงด้วยมาตรการด้านล่าง",
            )
        )
    )
    marks = _milestone_years(result, export["plan"])
    rows = []
    for year in marks:
        if year in years:
            i = years.index(year)
            bau, plan = totals.get("bau") or [], totals.get("plan") or []
            if i < len(bau) and i < len(plan):
                rows.append(
                    [
                        w.year(year),
                        w.num(bau[i]),
                        w.num(plan[i]),
                        w.num(bau[i] - plan[i]),
                        w.num(100 * (bau[i] - plan[i]) / bau[i], 1) if bau[i] else "-",
                    ]
                )
    ch.add(
        _table(
            w.t(
                f"BAU and the plan ({basis_label}, t CO2e)",
                f"กรณีปกติและตามแผน ({basis_label}, ตัน CO2e)",
            ),
            [
                w.t("Year", "ปี"),
                w.t("BAU", "กรณีปกติ (BAU)"),
                w.t("With the plan", "ตามแผน"),
                w.t("Reduction", "ปริมาณที่ลดได้"),
                w.t("% below BAU", "ร้อยละที่ลดจาก BAU"),
            ],
            rows,
            numeric={1, 2, 3, 4},
            key="bau",
        )
    )
    ch.add(
        _figure(
            pngs,
            "emissions_by_sector.png",
            w.t("Emissions by sector with the plan", "การปล่อยรายภาคตามแผน"),
        )
    )
    ch.add(_figure(pngs, "wedges.png", w.t("Reductions by measure", "ปริมาณที่ลดได้รายมาตรการ")))
    ch.add(Heading(w.t("Measures, owners and budgets", "มาตรการ หน่วยงานรับผิดชอบ และงบประมาณ")))
    actions = {a["code"]: a for a in section.get("actions") or []}
    report_year = w.year(result.get("report_year"))
    measure_rows = []
    for m in result.get("measures") or []:
        action = actions.get(m.get("measure")) or {}
        measure_rows.append(
            [
                m.get("measure", ""),
                w.name(m),
                action.get("owner_agency", ""),
                f"{w.year(m.get('start_year'))}",
                w.num(m.get("abatement")),
                w.num(m.get("levelised_cost_per_t")),
                w.money_m(action.get("budget_total")),
            ]
        )
    ch.add(
        _table(
            w.t("Reduction measures", "มาตรการลดก๊าซเรือนกระจก"),
            [
                w.t("Code", "รหัส"),
                w.t("Measure", "มาตรการ"),
                w.t("Owner", "หน่วยงานรับผิดชอบ"),
                w.t("Starts", "เริ่ม"),
                w.t(f"Reduction {report_year} (t CO2e)", f"ลดได้ปี {report_year} (ตัน CO2e)"),
                w.t("Cost (THB/t CO2e)", "ต้นทุน (บาท/ตัน CO2e)"),
                w.t("Budget (M THB)", "งบประมาณ (ล้านบาท)"),
            ],
            measure_rows,
            numeric={4, 5, 6},
            key="measures",
            widths=[0.7, 3, 2, 0.7, 1.2, 1.1, 1.1],
        )
    )
    by_year: dict[tuple[int, str], float] = {}
    for row in (result.get("costs") or {}).get("by_fiscal_year") or []:
        key = (int(row["fiscal_year"]), row.get("source", ""))
        by_year[key] = by_year.get(key, 0.0) + float(row.get("amount_thb") or 0)
    ch.add(
        _table(
            w.t("Budget by fiscal year and source (THB)", "งบประมาณรายปีงบประมาณและแหล่งเงิน (บาท)"),
            [w.t("Fiscal year", "ปีงบประมาณ"), w.t("Source", "แหล่งงบประมาณ"), w.t("THB", "บาท")],
            [
                [w.year(y), w.pair(BUDGET_SOURCES.get(s, (s, s))), w.baht(v)]
                for (y, s), v in sorted(by_year.items())
            ],
            numeric={2},
            key="reduction_budget",
        )
    )
    ch.add(Heading(w.t("Targets and the gap", "เป้าหมายและส่วนต่าง")))
    targets = _targets_with_titles(result)
    ch.add(
        _table(
            w.t("Targets", "เป้าหมาย"),
            [
                w.t("Target", "เป้าหมาย"),
                w.t("Basis", "ฐานการคำนวณ"),
                w.t("Year", "ปี"),
                w.t("Target (t CO2e)", "เป้าหมาย (ตัน CO2e)"),
                w.t("Plan (t CO2e)", "ตามแผน (ตัน CO2e)"),
                w.t("Gap (t CO2e)", "ส่วนต่าง (ตัน CO2e)"),
            ],
            [
                [
                    w.name(t, "title") or t.get("name", ""),
                    w.name(t, "basis_label"),
                    w.year(t.get("year")),
                    w.num(t.get("value")),
                    w.num(t.get("plan")),
                    w.num(t.get("gap")),
                ]
                for t in targets
            ],
            numeric={3, 4, 5},
            key="targets",
            widths=[2.4, 2, 0.7, 1.2, 1.2, 1.2],
        )
    )
    ch.add(_figure(pngs, "gap.png", w.t("Gap to the targets", "ส่วนต่างจากเป้าหมาย")))
    ch.add(
        Heading(w.t("Marginal abatement cost curve", "เส้นต้นทุนส่วนเพิ่มของการลดก๊าซเรือนกระจก (MACC)"))
    )
    ch.add(
        _figure(
            pngs,
            "macc.png",
            w.t("Marginal abatement cost curve", "เส้นต้นทุนส่วนเพิ่มของการลดก๊าซเรือนกระจก"),
        )
    )
    macc = result.get("macc") or {}
    ch.add(
        _table(
            w.t(
                f"Measures by cost, {w.year(macc.get('year'))}",
                f"มาตรการเรียงตามต้นทุน ปี {w.year(macc.get('year'))}",
            ),
            [
                w.t("Measure", "มาตรการ"),
                w.t("Reduction (t CO2e)", "ลดได้ (ตัน CO2e)"),
                w.t("THB/t CO2e", "บาท/ตัน CO2e"),
                w.t("Cost per year (THB)", "ต้นทุนต่อปี (บาท)"),
            ],
            [
                [
                    w.name(r),
                    w.num(r.get("abatement")),
                    w.num(r.get("levelised_cost_per_t")),
                    w.baht(r.get("annual_cost")),
                ]
                for r in macc.get("rows") or []
            ],
            numeric={1, 2, 3},
            key="macc",
        )
    )
    return ch


def _milestone_years(result: dict, plan: dict) -> list[int]:
    years = result.get("years") or []
    wanted = [
        result.get("base_year"),
        plan.get("start_year"),
        result.get("report_year"),
        plan.get("end_year"),
        2030,
        2035,
        2040,
        2050,
        2065,
    ]
    return sorted({int(y) for y in wanted if y is not None and int(y) in years})


def risk_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("risk", w.pair(CHAPTERS["risk"]))
    result = _result(export, "risk")
    if not result:
        return _missing(w, ch, "risk profile result", "ผลการประเมินความเสี่ยง")
    pngs = w.charts.get("risk") or {}
    framework = result.get("framework") or {}
    overall = result.get("overall") or {}
    notice = result.get("data_notice") or {}
    ch.add(
        Paragraph(
            w.t(
                f"The risk index follows the framework {framework.get('name_en', '')} "
                f"(version {framework.get('version', '')}): hazard and exposure, vulnerability "
                "and lack of coping capacity, each scored 0-10. Climate scenario "
                f"{result.get('scenario', '')}, period {result.get('period', '')}.",
                f"ดัชนีความเสี่ยงใช้กรอบ {framework.get('name_th', '')} "
                f"(ฉบับ {framework.get('version', '')}) "
                "ประกอบด้วยภัยและการเปิดรับ ความเปราะบาง และการขาดขีดความสามารถในการรับมือ ให้คะแนน 0-10 "
                f"ภาพฉายภูมิอากาศ {result.get('scenario', '')} "
                f"ช่วงเวลา {_period_text(w, result.get('period'))}",
            )
        )
    )
    if notice.get(w.lang):
        ch.add(Paragraph(notice[w.lang], kind="notice"))
    ch.add(Heading(w.t("Hazards", "ภัย")))
    names = {r.get("hazard"): r for r in result.get("register") or []}
    dims = [
        w.t("Risk", "ความเสี่ยง"),
        w.t("Hazard and exposure", "ภัยและการเปิดรับ"),
        w.t("Vulnerability", "ความเปราะบาง"),
        w.t("Lack of coping capacity", "การขาดขีดความสามารถในการรับมือ"),
        w.t("Class", "ระดับ"),
    ]

    def score_rows(items, label):
        return [
            [
                label(h),
                w.num(h.get("risk"), 1),
                w.num(h.get("hazard_exposure"), 1),
                w.num(h.get("vulnerability"), 1),
                w.num(h.get("lack_of_coping_capacity"), 1),
                w.name(h, "class"),
            ]
            for h in items
        ]

    ch.add(
        _table(
            w.t("Risk index by hazard (0-10)", "ดัชนีความเสี่ยงรายภัย (0-10)"),
            [w.t("Hazard", "ภัย"), *dims],
            score_rows(
                result.get("hazards") or [],
                lambda h: w.name(names.get(h.get("context")), "hazard") or h.get("context", ""),
            ),
            numeric={1, 2, 3, 4},
            key="hazards",
        )
    )
    ch.add(_figure(pngs, "hazard_scores.png", w.t("Risk by hazard", "ความเสี่ยงรายภัย")))
    ch.add(Heading(w.t("Sectors of the National Adaptation Plan", "สาขาตามแผนการปรับตัวแห่งชาติ")))
    sectors = (_result(export, "adaptation") or {}).get("nap_sectors") or {}
    ch.add(
        _table(
            w.t("Risk index by NAP sector (0-10)", "ดัชนีความเสี่ยงรายสาขา NAP (0-10)"),
            [w.t("Sector", "สาขา"), *dims],
            score_rows(
                result.get("sectors") or [],
                lambda s: (sectors.get(s.get("context")) or {}).get(w.lang) or s.get("context", ""),
            ),
            numeric={1, 2, 3, 4},
            key="sectors",
        )
    )
    ch.add(_figure(pngs, "sector_scores.png", w.t("Risk by NAP sector", "ความเสี่ยงรายสาขา NAP")))
    ch.add(
        _figure(pngs, "hazard_sector.png", w.t("Risk by hazard and sector", "ความเสี่ยงรายภัยและสาขา"))
    )
    ch.add(
        _figure(
            pngs, "map.png", w.t("Climate risk of the province", "ความเสี่ยงด้านสภาพภูมิอากาศของจังหวัด")
        )
    )
    for name in sorted(p for p in pngs if p.startswith("district_map_")):
        ch.add(_figure(pngs, name, w.t("Districts", "รายอำเภอ") + f": {name[13:-4]}"))
    ch.add(Heading(w.t("Risk register", "ทะเบียนความเสี่ยง")))
    ch.add(
        _table(
            w.t("Risk register", "ทะเบียนความเสี่ยง"),
            [
                w.t("Hazard", "ภัย"),
                w.t("Likelihood (1-5)", "โอกาส (1-5)"),
                w.t("Consequence (1-5)", "ผลกระทบ (1-5)"),
                w.t("Level", "ระดับ"),
                w.t("Sectors", "สาขาที่ได้รับผลกระทบ"),
                w.t("Vulnerable groups", "กลุ่มเปราะบาง"),
                w.t("Trend", "แนวโน้ม"),
            ],
            [
                [
                    w.name(r, "hazard"),
                    str(r.get("probability", "")),
                    str(r.get("consequence", "")),
                    w.name(r, "matrix_level"),
                    w.name(r, "nap_sectors"),
                    w.name(r, "vulnerable_groups"),
                    w.name(r, "change_intensity"),
                ]
                for r in sorted(
                    result.get("register") or [], key=lambda r: -(r.get("risk_score") or 0)
                )
            ],
            numeric={1, 2},
            key="register",
            widths=[1.1, 0.8, 0.9, 0.9, 2.4, 2.4, 0.9],
        )
    )
    ch.add(
        _figure(
            pngs,
            "risk_matrix.png",
            w.t("Risk matrix (likelihood x consequence)", "เมทริกซ์ความเสี่ยง (โอกาส x ผลกระทบ)"),
        )
    )
    overall_row = [
        [w.t("Overall risk index (0-10)", "ดัชนีความเสี่ยงรวม (0-10)"), w.num(overall.get("risk"), 1)],
        [w.t("Class", "ระดับ"), w.name(overall, "class")],
    ]
    ch.add(
        _table(
            w.t("Overall", "ภาพรวม"),
            [w.t("Item", "รายการ"), w.t("Value", "ค่า")],
            overall_row,
            key="risk_overall",
        )
    )
    return ch


def _period_text(w: Writer, period) -> str:
    if not period or "-" not in str(period):
        return str(period or "")
    a, b = str(period).split("-", 1)
    try:
        return f"{w.year(int(a))}-{w.year(int(b))}"
    except ValueError:
        return str(period)


def adaptation_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("adaptation", w.pair(CHAPTERS["adaptation"]))
    section = _section(export, "adaptation")
    result = section.get("result")
    if not result:
        return _missing(w, ch, "adaptation plan result", "ผลการคำนวณแผนการปรับตัว")
    pngs = w.charts.get("adaptation") or {}
    owners = {a["code"]: a for a in section.get("actions") or []}
    ch.add(Heading(w.t("Actions", "กิจกรรม")))
    rows = []
    for a in result.get("actions") or []:
        action = owners.get(a.get("code")) or {}
        rows.append(
            [
                a.get("code", ""),
                w.name(a),
                a.get("hazards_th" if w.th else "hazards_en")
                or a.get("hazards", "").replace(";", "; "),
                a.get("sectors_th" if w.th else "sectors_en")
                or a.get("sectors", "").replace(";", "; "),
                action.get("owner_agency") or a.get("lead_agency", ""),
                f"{w.year(a.get('start_year'))}-{w.year(a.get('end_year'))}",
                w.money_m(
                    float(a.get("capital_thb") or 0) + float(a.get("running_thb_per_year") or 0)
                ),
            ]
        )
    ch.add(
        _table(
            w.t("Adaptation actions", "กิจกรรมด้านการปรับตัว"),
            [
                w.t("Code", "รหัส"),
                w.t("Action", "กิจกรรม"),
                w.t("Hazards", "ภัย"),
                w.t("Sectors", "สาขา"),
                w.t("Lead agency", "หน่วยงานหลัก"),
                w.t("Years", "ปี"),
                w.t("Cost (M THB)", "ค่าใช้จ่าย (ล้านบาท)"),
            ],
            rows,
            numeric={6},
            key="adaptation_actions",
            widths=[0.9, 2.6, 1.3, 1.8, 1.6, 1.1, 1],
        )
    )
    ch.add(_figure(pngs, "timeline", w.t("Timeline of the actions", "ช่วงเวลาดำเนินกิจกรรม")))
    ch.add(Heading(w.t("Priorities", "ลำดับความสำคัญ")))
    ch.add(
        Paragraph(
            w.t(
                "Actions are ranked by multi-criteria analysis (risk addressed, effectiveness, "
                "cost, feasibility, co-benefits, urgency, equity); the share of samples in which "
                "an action stays among the first shows how firm its rank is.",
                "จัดลำดับกิจกรรมด้วยการวิเคราะห์หลายเกณฑ์ (ความเสี่ยงที่รองรับ ประสิทธิผล ต้นทุน "
                "ความเป็นไปได้ ประโยชน์ร่วม ความเร่งด่วน ความเป็นธรรม) สัดส่วนที่กิจกรรมยังอยู่ในลำดับต้น"
                "เมื่อเปลี่ยนน้ำหนักแสดงความมั่นคงของลำดับ",
            )
        )
    )
    ch.add(
        _table(
            w.t("Priority of the actions", "ลำดับความสำคัญของกิจกรรม"),
            [
                w.t("Rank", "ลำดับ"),
                w.t("Code", "รหัส"),
                w.t("Action", "กิจกรรม"),
                w.t("Score (0-100)", "คะแนน (0-100)"),
                w.t("Stays in the top (%)", "อยู่ในลำดับต้น (ร้อยละ)"),
            ],
            [
                [
                    str(p.get("rank", "")),
                    p.get("code", ""),
                    w.name(p),
                    w.num(p.get("score"), 1),
                    w.num(100 * float(p.get("p_top") or 0), 0),
                ]
                for p in sorted(result.get("priority") or [], key=lambda p: p.get("rank") or 0)
            ],
            numeric={0, 3, 4},
            key="priority",
            widths=[0.6, 0.9, 3.5, 1, 1.2],
        )
    )
    ch.add(_figure(pngs, "priority", w.t("Priority scores", "คะแนนลำดับความสำคัญ")))
    ch.add(
        _figure(pngs, "sensitivity", w.t("Sensitivity of the ranking", "ความอ่อนไหวของการจัดลำดับ"))
    )
    ch.add(Heading(w.t("Costs", "ค่าใช้จ่าย")))
    ch.add(
        _table(
            w.t("Costs by source of funds (THB)", "ค่าใช้จ่ายตามแหล่งเงิน (บาท)"),
            [
                w.t("Source", "แหล่งเงิน"),
                w.t("Capital", "งบลงทุน"),
                w.t("Running", "ค่าดำเนินการ"),
                w.t("Total", "รวม"),
            ],
            [
                [
                    w.name(c) or c.get(w.lang, "") or c.get("funding", ""),
                    w.baht(c.get("capital_thb")),
                    w.baht(c.get("running_thb")),
                    w.baht(c.get("total_thb")),
                ]
                for c in result.get("cost_by_source") or []
            ],
            numeric={1, 2, 3},
            key="adaptation_costs",
        )
    )
    ch.add(
        _figure(
            pngs, "cost_by_sector_year", w.t("Costs by sector and year", "ค่าใช้จ่ายรายสาขาและรายปี")
        )
    )
    ch.add(Heading(w.t("Coverage of the risks", "การรองรับความเสี่ยง")))
    ch.add(
        _table(
            w.t("Risks and the actions answering them", "ความเสี่ยงและกิจกรรมที่รองรับ"),
            [
                w.t("Hazard", "ภัย"),
                w.t("Level", "ระดับ"),
                w.t("Actions", "กิจกรรม"),
                w.t("Sectors without action", "สาขาที่ยังไม่มีกิจกรรม"),
                w.t("Status", "สถานะ"),
            ],
            [
                [
                    w.name(c, "hazard"),
                    w.name(c, "matrix_level"),
                    (c.get("actions") or "").replace(";", ", "),
                    w.name(c, "sectors_without_action"),
                    w.name(c, "status"),
                ]
                for c in result.get("coverage") or []
            ],
            key="coverage",
            widths=[1.2, 1, 1.6, 2, 1.6],
        )
    )
    ch.add(
        _figure(
            pngs,
            "risk_before_after",
            w.t("Risk before and after the actions", "ความเสี่ยงก่อนและหลังดำเนินกิจกรรม"),
        )
    )
    return ch


def _all_actions(export: dict) -> list[tuple[str, dict]]:
    out = []
    for kind in ("reduction", "adaptation"):
        for action in _section(export, kind).get("actions") or []:
            out.append((kind, action))
    return out


def integration_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("integration", w.pair(CHAPTERS["integration"]))
    actions = _all_actions(export)
    kinds = {"reduction": w.t("Reduction", "ลดก๊าซ"), "adaptation": w.t("Adaptation", "ปรับตัว")}
    ch.add(
        Paragraph(
            w.t(
                "Each measure and action is tied to an owner agency, a budget by fiscal year "
                "and source, and a strategy or project of the provincial development plan.",
                "มาตรการและกิจกรรมแต่ละรายการมีหน่วยงานรับผิดชอบ งบประมาณรายปีงบประมาณและแหล่งเงิน "
                "และเชื่อมโยงกับกลยุทธ์หรือโครงการในแผนพัฒนาจังหวัด",
            )
        )
    )
    rows = []
    for kind, a in actions:
        link = a.get("development_plan") or {}
        strategy = link.get("strategy") or {}
        project = link.get("project") or {}
        place = " / ".join(
            f"{x.get('code', '')} {w.name(x)}".strip() for x in (strategy, project) if x
        )
        rows.append(
            [
                kinds[kind],
                a.get("code", ""),
                w.name(a),
                a.get("owner_agency", ""),
                place or w.t("not linked yet", "ยังไม่เชื่อมโยง"),
                w.money_m(a.get("budget_total")),
            ]
        )
    ch.add(
        _table(
            w.t("Actions, owners and the development plan", "กิจกรรม หน่วยงาน และแผนพัฒนาจังหวัด"),
            [
                w.t("Part", "ส่วน"),
                w.t("Code", "รหัส"),
                w.t("Measure or action", "มาตรการหรือกิจกรรม"),
                w.t("Owner", "หน่วยงานรับผิดชอบ"),
                w.t("Development plan", "แผนพัฒนาจังหวัด"),
                w.t("Budget (M THB)", "งบประมาณ (ล้านบาท)"),
            ],
            rows,
            numeric={5},
            key="integration",
            widths=[0.9, 0.9, 2.8, 1.8, 2, 1],
        )
    )
    by_source: dict[tuple[int, str], float] = {}
    for _kind, a in actions:
        for line in a.get("budget_lines") or []:
            key = (int(line["fiscal_year"]), line.get("source", ""))
            by_source[key] = by_source.get(key, 0.0) + float(line.get("amount") or 0)
    sources = sorted({s for _y, s in by_source})
    years = sorted({y for y, _s in by_source})
    ch.add(
        _table(
            w.t(
                "Budget of all actions by fiscal year and source (THB)",
                "งบประมาณของทุกกิจกรรมรายปีงบประมาณและแหล่งเงิน (บาท)",
            ),
            [
                w.t("Fiscal year", "ปีงบประมาณ"),
                *[w.pair(BUDGET_SOURCES.get(s, (s, s))) for s in sources],
                w.t("Total", "รวม"),
            ],
            [
                [
                    w.year(y),
                    *[w.baht(by_source.get((y, s), 0.0)) for s in sources],
                    w.baht(sum(by_source.get((y, s), 0.0) for s in sources)),
                ]
                for y in years
            ]
            + (
                [
                    [
                        w.t("Total", "รวม"),
                        *[w.baht(sum(by_source.get((y, s), 0.0) for y in years)) for s in sources],
                        w.baht(sum(by_source.values())),
                    ]
                ]
                if years
                else []
            ),
            numeric=set(range(1, len(sources) + 2)),
            key="budget_by_source",
        )
    )
    return ch


def monitoring_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("monitoring", w.pair(CHAPTERS["monitoring"]))
    ch.add(Heading(w.t("Indicators", "ตัวชี้วัด")))
    rows = []
    for _kind, a in _all_actions(export):
        kpi = a.get("kpi") or {}
        if not kpi:
            continue
        rows.append(
            [
                a.get("code", ""),
                w.name(kpi) or "-",
                kpi.get("unit", ""),
                w.num(kpi.get("baseline")),
                w.year(kpi.get("baseline_year")) if kpi.get("baseline_year") else "-",
                w.num(kpi.get("target")),
                w.year(kpi.get("target_year")) if kpi.get("target_year") else "-",
            ]
        )
    for ind in (_result(export, "adaptation") or {}).get("indicators") or []:
        if any(r[0] == ind.get("code") for r in rows):
            continue
        rows.append(
            [
                ind.get("code", ""),
                w.name(ind),
                ind.get("unit", ""),
                w.num(ind.get("baseline")),
                "-",
                w.num(ind.get("target")),
                w.year(ind.get("year")) if ind.get("year") else "-",
            ]
        )
    ch.add(
        _table(
            w.t("Indicators of the measures and actions", "ตัวชี้วัดของมาตรการและกิจกรรม"),
            [
                w.t("Code", "รหัส"),
                w.t("Indicator", "ตัวชี้วัด"),
                w.t("Unit", "หน่วย"),
                w.t("Baseline", "ค่าฐาน"),
                w.t("Baseline year", "ปีฐาน"),
                w.t("Target", "ค่าเป้าหมาย"),
                w.t("Target year", "ปีเป้าหมาย"),
            ],
            rows,
            numeric={3, 5},
            key="indicators",
            widths=[0.9, 3, 1, 1, 0.8, 1, 0.8],
        )
    )
    monitoring = export.get("monitoring") or {}
    ch.add(Heading(w.t("Reporting periods", "รอบการรายงาน")))
    periods = monitoring.get("periods") or []
    if periods:
        ch.add(
            _table(
                w.t("Reporting periods", "รอบการรายงาน"),
                [
                    w.t("Fiscal year", "ปีงบประมาณ"),
                    w.t("Period", "รอบที่"),
                    w.t("From", "ตั้งแต่"),
                    w.t("To", "ถึง"),
                    w.t("Report due", "กำหนดส่งรายงาน"),
                ],
                [
                    [
                        w.year(p["fiscal_year"]),
                        str(p["number"]),
                        w.date(p["starts"]),
                        w.date(p["ends"]),
                        w.date(p["due"]),
                    ]
                    for p in periods
                ],
                key="periods",
            )
        )
    else:
        ch.add(
            Paragraph(
                w.t(
                    "Agencies report progress on each measure and action every reporting period "
                    "(by default twice a fiscal year); the periods are set when monitoring starts.",
                    "หน่วยงานรายงานความก้าวหน้าของมาตรการและกิจกรรมทุกรอบการรายงาน "
                    "(ค่าตั้งต้นปีงบประมาณละ 2 รอบ) โดยกำหนดรอบเมื่อเริ่มการติดตามผล",
                )
            )
        )
    ch.add(Heading(w.t("Working group", "คณะทำงาน")))
    ch.add(_working_group(w, monitoring) or Paragraph(_no_group(w)))
    return ch


def _no_group(w: Writer) -> str:
    return w.t(
        "The working group that follows the plan is recorded when monitoring starts.",
        "คณะทำงานติดตามแผนจะบันทึกเมื่อเริ่มการติดตามผล",
    )


def _working_group(w: Writer, monitoring: dict, key: str = "working_group") -> Table | None:
    return _table(
        w.t("Working group", "คณะทำงาน"),
        [
            w.t("No.", "ลำดับ"),
            w.t("Agency", "หน่วยงาน"),
            w.t("Role", "บทบาท"),
            w.t("Position", "ตำแหน่ง"),
        ],
        [
            [
                str(i),
                m.get(f"agency_{w.lang}") or m.get("agency_th", ""),
                w.pair(ROLES.get(m.get("role"), ("", ""))),
                m.get("contact_title", ""),
            ]
            for i, m in enumerate(monitoring.get("working_group") or [], start=1)
        ],
        numeric={0},
        key=key,
        widths=[0.5, 3.5, 1.2, 2],
    )


def annexes_chapter(w: Writer, export: dict) -> Chapter:
    ch = Chapter("annexes", w.pair(CHAPTERS["annexes"]))
    inventory = export.get("inventory") or {}
    ch.add(Heading(w.t("A. Emission factors and their sources", "ก. ค่าสัมประสิทธิ์การปล่อยและแหล่งที่มา")))
    ch.add(
        _table(
            w.t("Emission factors used in the inventory", "ค่าสัมประสิทธิ์การปล่อยที่ใช้ในบัญชี"),
            [
                w.t("GPC", "GPC"),
                w.t("Activity", "กิจกรรม"),
                w.t("Origin", "ที่มา"),
                w.t("Source", "แหล่งอ้างอิง"),
            ],
            [
                [
                    f["gpc_ref"],
                    f["activity"],
                    f.get("factor_origin", ""),
                    f.get("factor_source", ""),
                ]
                for f in inventory.get("factors") or []
            ],
            key="factors",
            widths=[0.7, 1.3, 0.7, 6],
        )
    )
    reduction = _result(export, "reduction") or {}
    sources = [t for t in _targets_with_titles(reduction) if t.get("source")]
    ch.add(
        _table(
            w.t("Sources of the targets", "แหล่งอ้างอิงของเป้าหมาย"),
            [w.t("Target", "เป้าหมาย"), w.t("Source", "แหล่งอ้างอิง")],
            [[w.name(t, "title") or t.get("name", ""), t["source"]] for t in sources],
            key="target_sources",
            widths=[2, 5],
        )
    )
    ch.add(Heading(w.t("B. Data quality", "ข. คุณภาพข้อมูล")))
    ch.add(
        _table(
            w.t("Data quality by GPC reference", "คุณภาพข้อมูลตามรหัส GPC"),
            [
                w.t("GPC", "GPC"),
                w.t("Subsector", "ภาคย่อย"),
                w.t("Scope", "ขอบเขต"),
                w.t("t CO2e", "ตัน CO2e"),
                w.t("Lines", "รายการ"),
                w.t("Data quality", "คุณภาพข้อมูล"),
            ],
            [
                [
                    d.get("gpc_ref", ""),
                    w.name(d, "subsector"),
                    str(d.get("scope", "")),
                    w.num(d.get("co2e")),
                    w.num(d.get("lines")),
                    w.pair(
                        DATA_QUALITY.get(d.get("data_quality"), (d.get("data_quality") or "-",) * 2)
                    ),
                ]
                for d in inventory.get("data_quality") or []
            ],
            numeric={3, 4},
            key="data_quality",
            widths=[0.8, 2.8, 0.7, 1.3, 0.8, 1.2],
        )
    )
    ch.add(Heading(w.t("C. The working group", "ค. คณะทำงาน")))
    ch.add(
        _working_group(w, export.get("monitoring") or {}, key="annex_working_group")
        or Paragraph(_no_group(w))
    )
    comments = export.get("consultation") or []
    if comments:
        ch.add(Heading(w.t("D. Public consultation", "ง. การรับฟังความคิดเห็นของประชาชน")))
        ch.add(
            _table(
                w.t(
                    "Comments of the public and the province's answers",
                    "ความคิดเห็นของประชาชนและคำตอบของจังหวัด",
                ),
                [
                    w.t("No.", "ลำดับ"),
                    w.t("Received", "วันที่ได้รับ"),
                    w.t("Part of the plan", "ส่วนของแผน"),
                    w.t("From", "ผู้แสดงความคิดเห็น"),
                    w.t("Comment", "ความคิดเห็น"),
                    w.t("Answer of the province", "คำตอบของจังหวัด"),
                ],
                [
                    [
                        str(c.get("number", "")),
                        w.date(c.get("received")),
                        w.name(c, "section") or w.t("the whole plan", "ทั้งแผน"),
                        ", ".join(x for x in (c.get("name"), c.get("affiliation")) if x)
                        or w.t("not named", "ไม่ระบุชื่อ"),
                        c.get("text", ""),
                        c.get("answer", ""),
                    ]
                    for c in comments
                ],
                numeric={0},
                key="consultation",
                widths=[0.5, 1.1, 1.2, 1.4, 3, 3],
            )
        )
    notes = _synthetic_notices(w, export)
    for kind in ("reduction", "risk", "adaptation"):
        for note in (_result(export, kind) or {}).get("notes") or []:
            text = note.get(w.lang) or w.name(note, "message")
            if text and text not in notes:
                notes.append(text)
    if notes:
        ch.add(Heading(w.t("E. Notes on the data", "จ. หมายเหตุเกี่ยวกับข้อมูล")))
        for text in notes:
            ch.add(Paragraph(text, kind="note"))
    return ch


BUILDERS: tuple[Callable[[Writer, dict], Chapter], ...] = (
    summary_chapter,
    province_chapter,
    inventory_chapter,
    reduction_chapter,
    risk_chapter,
    adaptation_chapter,
    integration_chapter,
    monitoring_chapter,
    annexes_chapter,
)


def build_document(
    export: dict,
    lang: str = "th",
    progress: Callable[[int, int, str], None] | None = None,
    today: dt.date | None = None,
    charts: dict[str, dict[str, bytes]] | None = None,
) -> Document:
    """The document's chapters in one language, with the charts given (``charts``:
    :func:`climateplan.reports.document.charts.draw_all`'s result; none when omitted);
    ``progress(done, total, "ไทย / English")`` after each chapter."""
    w = Writer(lang, charts)
    plan, province = export["plan"], export["province"]
    title = plan["title_th"] if w.th or not plan.get("title_en") else plan["title_en"]
    period = plan[f"period_{w.lang}"]
    name = w.name(province)
    doc = Document(
        lang=w.lang,
        title=title,
        subtitle=w.t(f"{name} · {period}", f"จังหวัด{name} · {period}"),
        province=name,
        period=period,
        running_head=w.t(
            f"{name} · plan period {period}", f"จังหวัด{name} · ระยะเวลาของแผน {period}"
        ),
        made_on=w.date(today or dt.date.today()),
        version_note=w.t(
            f"Version {plan.get('version')}, revision {plan.get('revision')}",
            f"ฉบับที่ {plan.get('version')} การแก้ไขครั้งที่ {plan.get('revision')}",
        ),
    )
    total = len(BUILDERS)
    for i, builder in enumerate(BUILDERS, start=1):
        chapter = builder(w, export)
        doc.chapters.append(chapter)
        if progress is not None:
            progress(i, total, f"{CHAPTERS[chapter.key][1]} / {CHAPTERS[chapter.key][0]}")
    return doc


__all__ = ["CHAPTERS", "Writer", "build_document"]
