"""What the adaptation section still needs before it can be submitted (see
:class:`climateplan.plans.checklist.CheckItem`)."""

from __future__ import annotations

from typing import Any

from climateplan.adaptation.coverage import priority_levels
from climateplan.plans.adaptation.inputs import AdaptationInputs
from climateplan.plans.checklist import CheckItem


def checklist(
    inputs: AdaptationInputs | dict | None,
    document: dict[str, Any] | None,
    risk_document: dict[str, Any] | None,
) -> list[CheckItem]:
    """The section's checklist, in the order an officer works through it. Every high
    and very-high risk of the register needs an action or a reason: one blocking item
    per such risk."""
    if not isinstance(inputs, AdaptationInputs):
        inputs = AdaptationInputs.from_json(inputs)
    items = [
        CheckItem(
            "risk_result",
            risk_document is not None,
            "ส่วนข้อมูลความเสี่ยงของแผนมีผลการคำนวณแล้ว",
            "The plan's risk section has a result",
            hint_th="มาตรการปรับตัวตอบสนองความเสี่ยงในทะเบียนของส่วนข้อมูลความเสี่ยง กรุณาคำนวณส่วนนั้นก่อน",
            hint_en="Adaptation actions answer the risks of the risk section's register: "
            "compute that section first",
        )
    ]
    actions = (document or {}).get("actions") or []
    items.append(
        CheckItem(
            "actions",
            bool(actions),
            "มีมาตรการปรับตัวอย่างน้อยหนึ่งมาตรการ",
            "At least one adaptation action",
            hint_th="เพิ่มจากคลังทางเลือก หรือกรอกแบบฟอร์มมาตรการ",
            hint_en="Add one from the option library or with the action form",
        )
    )
    items.append(
        CheckItem(
            "computed",
            document is not None,
            "คำนวณลำดับความสำคัญ งบประมาณ และความเสี่ยงคงเหลือแล้ว",
            "Priorities, costs and residual risk computed",
            hint_th="ผลลัพธ์จะคำนวณเมื่อบันทึกมาตรการที่ถูกต้อง",
            hint_en="The result is computed when valid actions are saved",
        )
    )
    register = (risk_document or {}).get("register") or []
    levels = set(priority_levels())
    coverage = {c["hazard"]: c for c in (document or {}).get("coverage") or []}
    reasons = {r.get("hazard") for r in inputs.reasons if r.get("reason_en") and r.get("reason_th")}
    for risk in register:
        if risk.get("matrix_level") not in levels:
            continue
        hazard = risk["hazard"]
        status = coverage.get(hazard, {}).get("status")
        done = status in ("covered", "reason_given") or (document is None and hazard in reasons)
        items.append(
            CheckItem(
                f"coverage:{hazard}",
                done,
                f"ความเสี่ยงระดับ{risk.get('matrix_level_th', '')}: {risk.get('hazard_th', hazard)} "
                "มีมาตรการหรือเหตุผล",
                f"{risk.get('matrix_level_en', '')} risk: {risk.get('hazard_en', hazard)} has "
                "an action or a reason",
                hint_th="เพิ่มมาตรการที่ตอบสนองภัยนี้ หรือระบุเหตุผลที่ยังไม่มีมาตรการ",
                hint_en="Add an action answering this hazard, or give the reason why there is none",
            )
        )
    if actions:
        without_budget = [
            a["code"] for a in actions if not _has_budget(a, document.get("costs") or [])
        ]
        items.append(
            CheckItem(
                "budget",
                not without_budget,
                "ทุกมาตรการมีงบประมาณรายปีงบประมาณ",
                "Every action has a budget by fiscal year",
                hint_th="ยังไม่มีงบประมาณ: " + ", ".join(without_budget),
                hint_en="No budget yet: " + ", ".join(without_budget),
                blocking=False,
            )
        )
        with_indicator = {i["code"] for i in document.get("indicators") or []}
        without = [a["code"] for a in actions if a["code"] not in with_indicator]
        items.append(
            CheckItem(
                "indicators",
                not without,
                "ทุกมาตรการมีตัวชี้วัดผลผลิตหรือผลลัพธ์",
                "Every action has an output or outcome indicator",
                hint_th="ยังไม่มีตัวชี้วัด: " + ", ".join(without),
                hint_en="No indicator yet: " + ", ".join(without),
                blocking=False,
            )
        )
    if (risk_document or {}).get("synthetic_inputs"):
        items.append(
            CheckItem(
                "official_data",
                False,
                "ความเสี่ยงคำนวณจากข้อมูลจริงของจังหวัด",
                "The risks come from the province's own data",
                hint_th="โปรไฟล์ความเสี่ยงสร้างจากข้อมูลตัวอย่างสังเคราะห์ ไม่ใช่ข้อมูลทางการ",
                hint_en="The risk profile was made from synthetic example inputs, "
                "not official data",
                blocking=False,
            )
        )
    return items


def _has_budget(action: dict, costs: list[dict]) -> bool:
    return any(
        c["code"] == action["code"] and (c["capital_thb"] or 0) + (c["running_thb"] or 0) > 0
        for c in costs
    )
