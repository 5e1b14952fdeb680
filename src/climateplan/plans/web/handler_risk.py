"""The plan's risk profile section: the stored inputs (:class:`RiskInputs` JSON) computed
by the risk section core (:mod:`climateplan.plans.risk`); nothing is calculated here.

- no indicator values and no climate indices yet: no result, with a problem saying what
  is needed (the section simply is not computed yet);
- a framework the core refuses: the write is refused (InputError, nothing saved);
- inputs the core cannot score yet (too few values): no result, the core's problems kept.
"""

from __future__ import annotations

from climateplan.errors import InputError, Problem
from climateplan.plans import risk
from climateplan.plans.checklist import CheckItem
from climateplan.plans.web.sections import Candidate, Computed


def stored_inputs(data: dict | None) -> risk.RiskInputs:
    """The section's stored inputs (an empty section has the shipped framework, no rows)."""
    return risk.RiskInputs.from_dict(data) if data else risk.RiskInputs()


NO_DATA = Problem(
    "no indicator values and no climate indices yet: upload the indicator table and the "
    "gridded climate indices (or NetCDF files to compute them)",
    "ยังไม่มีค่าตัวชี้วัดและดัชนีภูมิอากาศ: กรุณาอัปโหลดตารางตัวชี้วัดและดัชนีภูมิอากาศแบบกริด "
    "(หรือไฟล์ NetCDF ให้ระบบคำนวณ)",
    column="inputs",
)


class RiskSection:
    kind = "risk"

    def compute(self, candidate: Candidate) -> Computed:
        inputs = stored_inputs(candidate.inputs)
        inputs.framework()  # InputError: an unusable framework refuses the write
        if not inputs.indicators and not inputs.has_gridded():
            return Computed(document=None, problems=[NO_DATA.to_dict()])
        try:
            document = risk.compute(inputs, candidate.plan.province)
        except InputError as error:
            return Computed(document=None, problems=[p.to_dict() for p in error.problems])
        notes = [
            {"message_en": n.get("en", ""), "message_th": n.get("th", "")}
            for n in document.get("notes") or []
            if isinstance(n, dict)
        ]
        return Computed(
            document=document,
            summary=document.get("summary") or risk.summary(document),
            warnings=notes,
        )

    def checklist(self, section, plan) -> list[CheckItem]:
        try:
            inputs = stored_inputs(section.inputs)
        except InputError as error:
            first = error.problems[0]
            return [CheckItem("inputs", False, first.message_th, first.message_en)]
        return risk.checklist(inputs, section.result)


HANDLER = RiskSection()
