"""The plan's adaptation section: stored inputs and actions to the core, and back.

The section stores its weights, settings and reasons in ``Section.inputs`` (the JSON
form of :class:`climateplan.plans.adaptation.AdaptationInputs`); the actions are the
section's :class:`~climateplan.plans.web.models.Action` rows. The actions answer the
risks of THE SAME PLAN's risk section: the handler reads that section's stored result
and its stamp (:meth:`AdaptationHandler.stamp_extra`), so a new risk result makes the
adaptation result out of date. A linked reduction measure must be one of the same
plan's reduction measures. The handler computes nothing itself.
"""

from __future__ import annotations

from climateplan.errors import Problem
from climateplan.plans import adaptation as core
from climateplan.plans.web.sections import Candidate, Computed

NO_RISK = Problem(
    "the plan's risk section has no result yet: compute the risk profile first, then the "
    "adaptation plan answers the risks of its register",
    "ส่วนข้อมูลความเสี่ยงของแผนยังไม่มีผลการคำนวณ: กรุณาคำนวณโปรไฟล์ความเสี่ยงก่อน "
    "แล้วแผนการปรับตัวจึงตอบสนองความเสี่ยงในทะเบียนได้",
    sheet="risk",
)
NO_ACTIONS = Problem(
    "no adaptation action yet: add one from the option library or with the action form",
    "ยังไม่มีมาตรการปรับตัว: เพิ่มจากคลังทางเลือกหรือแบบฟอร์มมาตรการ",
    sheet="actions",
)


def risk_section(plan):
    if getattr(plan, "pk", None) is None:
        return None
    return plan.sections.filter(kind="risk").first()


def risk_document(plan) -> dict | None:
    section = risk_section(plan)
    return section.result if section is not None else None


def reduction_codes(plan) -> dict[str, str]:
    """The plan's reduction measures: code -> library id ("" for the province's own)."""
    from climateplan.plans.web.models import Action

    if getattr(plan, "pk", None) is None:
        return {}
    rows = Action.objects.filter(section__plan=plan, section__kind="reduction")
    return dict(rows.values_list("code", "library_id"))


class AdaptationHandler:
    kind = "adaptation"

    def compute(self, candidate: Candidate) -> Computed:
        risk = risk_document(candidate.plan)
        if risk is None:
            return Computed(document=None, problems=[NO_RISK.to_dict()])
        if not candidate.actions:
            inputs = core.AdaptationInputs.from_json(candidate.inputs)
            problems = inputs.check()
            if problems:
                from climateplan.errors import InputError

                raise InputError(problems)
            return Computed(document=None, problems=[NO_ACTIONS.to_dict()])
        document = core.compute(
            risk,
            candidate.inputs,
            [a.as_dict() for a in candidate.actions],
            measures=reduction_codes(candidate.plan),
        )  # InputError: the write is refused, nothing saved
        return Computed(
            document=document,
            summary=document["summary"],
            warnings=document["warnings"],
        )

    def checklist(self, section, plan) -> list:
        return core.checklist(section.inputs, section.result, risk_document(plan))

    def stamp_extra(self, candidate: Candidate):
        """The risk section's stamp: a new risk result makes this section's result out
        of date; so does the removal of a reduction measure an action links to."""
        section = risk_section(candidate.plan)
        if section is None:
            return None
        linked = {(a.data or {}).get("mitigation_measure") for a in candidate.actions} - {None, ""}
        return {
            "risk": section.input_stamp,
            "measures": sorted(linked & set(reduction_codes(candidate.plan))),
        }


HANDLER = AdaptationHandler()
