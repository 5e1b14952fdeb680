"""What the reduction section still needs before it can be submitted."""

from __future__ import annotations

from climateplan.plans.checklist import CheckItem
from climateplan.plans.reduction.checks import check_inputs
from climateplan.plans.reduction.compute import inventory_digest
from climateplan.plans.reduction.defaults import all_default
from climateplan.plans.reduction.inputs import ReductionInputs, cell


def _mid(row: dict) -> str:
    return cell(row.get("id")) or cell(row.get("library_id")) or "?"


def checklist(
    inputs: ReductionInputs,
    document: dict | None,
    base_document: dict | None,
    *,
    base_approved: bool = False,
) -> list[CheckItem]:
    """The section's checklist; ``base_approved``: the linked inventory is approved or
    published (the web layer knows its workflow state)."""
    items = [
        CheckItem(
            "base_inventory",
            base_document is not None and base_approved,
            "เชื่อมโยงบัญชีก๊าซเรือนกระจกปีฐานที่อนุมัติหรือเผยแพร่แล้ว",
            "A base-year GHG inventory, approved or published, is linked",
            "เลือกบัญชีก๊าซเรือนกระจกของจังหวัดที่ผ่านการอนุมัติแล้วในส่วนบัญชีก๊าซเรือนกระจกของแผน",
            "Choose the province's approved inventory in the plan's GHG inventory section",
        )
    ]
    items.append(
        CheckItem(
            "drivers",
            bool(inputs.drivers),
            "มีตัวขับเคลื่อนการคาดการณ์กรณีปกติ (เช่น ประชากร ผลิตภัณฑ์มวลรวมจังหวัด)",
            "Drivers of the BAU projection are given (population, GPP, ...)",
            "เริ่มจากค่าตั้งต้นได้ จำนวนประชากรจากสำนักทะเบียนราษฎร กรมการปกครอง "
            "และผลิตภัณฑ์มวลรวมจังหวัด (GPP) จากสำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
            "Start from the defaults; population from DOPA registration statistics, GPP from "
            "NESDC's gross provincial product",
        )
    )
    if inputs.drivers:
        items.append(
            CheckItem(
                "drivers_own_data",
                not all_default(inputs.drivers),
                "ตัวขับเคลื่อนใช้ข้อมูลของจังหวัด (ไม่ใช่ค่าตั้งต้นทั้งหมด)",
                "Drivers use the province's own data (not only the national defaults)",
                "ค่าตั้งต้นเป็นอัตราระดับประเทศ ข้อมูลจังหวัดหาได้จากสำนักงานสถิติจังหวัด "
                "สำนักงานคลังจังหวัด (GPP) สำนักงานขนส่งจังหวัด (จำนวนรถ) และสำนักงานปศุสัตว์จังหวัด",
                "The defaults are national rates; provincial data: the provincial statistical "
                "office, provincial GPP (NESDC), vehicle registrations (DLT), livestock (DLD)",
                blocking=False,
            )
        )
    measures = inputs.measures
    items.append(
        CheckItem(
            "measures",
            bool(measures),
            "มีมาตรการลดก๊าซเรือนกระจกอย่างน้อยหนึ่งมาตรการ",
            "At least one reduction measure",
            "เลือกจากคลังมาตรการหรือเพิ่มมาตรการของจังหวัดเอง",
            "Pick from the library of measures or add the province's own",
        )
    )
    if measures:
        no_owner = [_mid(m) for m in measures if not cell(m.get("owner_agency"))]
        no_budget = [_mid(m) for m in measures if not (m.get("budget") or [])]
        no_kpi = [
            _mid(m)
            for m in measures
            if not cell((m.get("kpi") or {}).get("name_th") or (m.get("kpi") or {}).get("name_en"))
        ]
        items += [
            CheckItem(
                "measure_owners",
                not no_owner,
                "ทุกมาตรการมีหน่วยงานรับผิดชอบหลัก"
                + (f" (ยังขาด: {', '.join(no_owner)})" if no_owner else ""),
                "Every measure has an owner agency"
                + (f" (missing: {', '.join(no_owner)})" if no_owner else ""),
                "หน่วยงานเจ้าของงบประมาณหรือผู้ดำเนินการ เช่น สำนักงานพลังงานจังหวัด สำนักงานเกษตรจังหวัด",
                "The agency that runs or funds it, e.g. the provincial energy or agriculture "
                "office",
            ),
            CheckItem(
                "measure_budgets",
                not no_budget,
                "ทุกมาตรการมีงบประมาณรายปีและแหล่งงบประมาณ"
                + (f" (ยังขาด: {', '.join(no_budget)})" if no_budget else ""),
                "Every measure has budget lines by fiscal year and source"
                + (f" (missing: {', '.join(no_budget)})" if no_budget else ""),
                "ดูจากแผนปฏิบัติราชการประจำปีของจังหวัดและคำของบประมาณของหน่วยงาน",
                "See the province's annual action plan and the agencies' budget requests",
            ),
            CheckItem(
                "measure_kpis",
                not no_kpi,
                "ทุกมาตรการมีตัวชี้วัด" + (f" (ยังขาด: {', '.join(no_kpi)})" if no_kpi else ""),
                "Every measure has a KPI" + (f" (missing: {', '.join(no_kpi)})" if no_kpi else ""),
                "ตัวชี้วัดที่นับได้ เช่น พื้นที่นาเปียกสลับแห้ง (ไร่) จำนวนครัวเรือนที่ติดโซลาร์รูฟท็อป",
                "A countable indicator, e.g. rai under AWD, households with rooftop solar",
            ),
        ]
    items.append(
        CheckItem(
            "targets",
            bool(inputs.targets),
            "มีเป้าหมายอย่างน้อยหนึ่งเป้าหมาย",
            "At least one target",
            "เพิ่มเป้าหมายระดับประเทศ (NDC ความเป็นกลางทางคาร์บอน สุทธิเป็นศูนย์) หรือเป้าหมายของจังหวัด",
            "Add the national targets (NDC, carbon neutrality, net zero) or the province's own",
        )
    )
    problems = check_inputs(inputs, base_document) if base_document is not None else []
    fresh = (
        document is not None
        and base_document is not None
        and document.get("inputs_digest") == inputs.digest()
        and document.get("inventory_digest") == inventory_digest(base_document)
    )
    items.append(
        CheckItem(
            "computed",
            fresh,
            "ผลการคำนวณเป็นปัจจุบัน (คำนวณหลังแก้ไขข้อมูลครั้งล่าสุด)",
            "The result is up to date (computed after the last change)",
            "กดปุ่มคำนวณใหม่หลังแก้ไขข้อมูล",
            "Press recompute after changing the inputs",
        )
    )
    items.append(
        CheckItem(
            "no_problems",
            base_document is not None and not problems,
            "ข้อมูลไม่มีข้อผิดพลาด" + (f" (พบ {len(problems)} รายการ)" if problems else ""),
            "The inputs have no problem" + (f" ({len(problems)} found)" if problems else ""),
            "ข้อความแจ้งข้อผิดพลาดระบุชีต แถว และคอลัมน์ที่ต้องแก้",
            "Each problem names the sheet, row and column to fix",
        )
    )
    return items
