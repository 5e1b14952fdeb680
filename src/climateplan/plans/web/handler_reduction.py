"""The plan's reduction section: stored inputs and measures to the core, and back.

The section stores drivers, grid path, targets and settings in ``Section.inputs`` (the
JSON form of :class:`climateplan.plans.reduction.ReductionInputs`, without measures);
the measures are the section's :class:`~climateplan.plans.web.models.Action` rows. The
handler joins them into one :class:`ReductionInputs` and calls the core; it computes
nothing itself.

Until the province has chosen its targets, the national targets valid today (NDC,
carbon neutrality, net zero) stand in for them: a section whose inputs hold no
``targets`` key shows and computes with them, and the first write that touches
targets stores them.
"""

from __future__ import annotations

from climateplan.errors import InputError, Problem
from climateplan.plans import reduction as core
from climateplan.plans.web.sections import ActionData, Candidate, Computed

BUDGET_KEYS = ("fiscal_year", "amount", "kind", "source", "note")


def effective_inputs(stored: dict | None, base_year: int) -> dict:
    """The stored inputs with the national targets filled in when no target was ever set."""
    inputs = dict(stored or {})
    if "targets" not in inputs:
        inputs["targets"] = core.national_targets(base_year)
    inputs.setdefault("drivers", [])
    inputs.setdefault("grid", [])
    inputs.setdefault("settings", {})
    inputs.pop("measures", None)
    inputs.pop("schema", None)
    return inputs


def measure_row(action: ActionData) -> dict:
    """An action as the core's measure row: engine cells from ``data`` and the plan
    attributes (owner, co-operating agencies, budget lines, KPI, years, library id)."""
    row = {k: v for k, v in (action.data or {}).items() if v not in (None, "")}
    row["id"] = action.code
    row["name_th"] = action.name_th
    if action.name_en:
        row["name_en"] = action.name_en
    if action.library_id:
        row["library_id"] = action.library_id
    for key in ("start_year", "end_year"):
        row.pop(key, None)  # the action's own fields are the years of the measure
        value = getattr(action, key)
        if value is not None:
            row[key] = value
    row["owner_agency"] = action.owner_agency or ""
    row["co_agencies"] = list(action.co_agencies or [])
    row["budget"] = [
        {
            "fiscal_year": line.get("fiscal_year"),
            "amount_thb": line.get("amount"),
            "source": line.get("source"),
            **({"kind": line["kind"]} if line.get("kind") else {}),
            **({"note": line["note"]} if line.get("note") else {}),
        }
        for line in action.budget or []
    ]
    row["kpi"] = dict(action.kpi or {})
    return row


def inputs_of(stored: dict | None, actions: list[ActionData], base_year: int):
    """The core's :class:`ReductionInputs` of a section's stored inputs and actions."""
    data = effective_inputs(stored, base_year)
    data["measures"] = [measure_row(a) for a in actions]
    return core.ReductionInputs.from_json(data)


def base_document(plan) -> dict | None:
    base = getattr(plan, "base_inventory", None)
    return base.result if base is not None else None


def history_documents(plan) -> list[dict]:
    if plan.pk is None:
        return []
    docs = []
    for inventory in plan.calibration_inventories.order_by("year"):
        if inventory.result is not None:
            docs.append(inventory.result)
    return docs


def base_approved(plan) -> bool:
    from climateplan.plans.web.services import USABLE_INVENTORY_STATES

    base = getattr(plan, "base_inventory", None)
    return base is not None and base.state in USABLE_INVENTORY_STATES


NO_BASE = Problem(
    "the plan has no base-year GHG inventory yet: choose the province's approved inventory "
    "of the base year in the plan's settings, then the reduction plan can be computed",
    "แผนยังไม่มีบัญชีก๊าซเรือนกระจกปีฐาน: เลือกบัญชีที่อนุมัติแล้วของปีฐานในการตั้งค่าแผน "
    "แล้วระบบจึงคำนวณแผนลดก๊าซเรือนกระจกได้",
    sheet="inventory",
)
NO_DRIVERS = Problem(
    "no drivers yet: the business-as-usual projection needs at least one driver "
    "(press 'Start from the defaults' or upload the drivers table)",
    "ยังไม่มีตัวขับเคลื่อน: การคาดการณ์กรณีปกติ (BAU) ต้องมีตัวขับเคลื่อนอย่างน้อยหนึ่งรายการ "
    "(กด 'เริ่มจากค่าตั้งต้น' หรืออัปโหลดตารางตัวขับเคลื่อน)",
    sheet="drivers",
)


class ReductionHandler:
    kind = "reduction"

    def compute(self, candidate: Candidate) -> Computed:
        plan = candidate.plan
        inputs = inputs_of(candidate.inputs, candidate.actions, plan.base_year)
        base = base_document(plan)
        if base is None:
            return Computed(None, problems=[NO_BASE.to_dict()])
        if not inputs.drivers:
            # nothing to project yet, but what is entered must still be right
            problems = core.check_inputs(inputs, base)
            if problems:
                raise InputError(problems)
            return Computed(None, problems=[NO_DRIVERS.to_dict()])
        document = core.compute(base, inputs, history_documents(plan))
        return Computed(
            document,
            summary=document.get("summary", {}),
            warnings=list(document.get("warnings") or []),
        )

    def checklist(self, section, plan) -> list:
        from climateplan.plans.web.services import actions_of

        inputs = inputs_of(section.inputs, actions_of(section), plan.base_year)
        return core.checklist(
            inputs, section.result, base_document(plan), base_approved=base_approved(plan)
        )


HANDLER = ReductionHandler()

__all__ = [
    "BUDGET_KEYS",
    "HANDLER",
    "NO_BASE",
    "NO_DRIVERS",
    "base_document",
    "effective_inputs",
    "inputs_of",
    "measure_row",
]
