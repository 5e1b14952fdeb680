"""The plan's risk profile section: the stored inputs (:class:`RiskInputs` JSON) computed
by the risk section core (:mod:`climateplan.plans.risk`); nothing is calculated here.

- no indicator values and no climate indices yet: no result, with a problem saying what
  is needed (the section simply is not computed yet);
- a framework the core refuses: the write is refused (InputError, nothing saved);
- inputs the core cannot score yet (too few values): no result, the core's problems kept.
"""

from __future__ import annotations

from functools import lru_cache

from django.core.cache import cache

from climateplan.errors import InputError, Problem
from climateplan.plans import risk
from climateplan.plans.checklist import CheckItem
from climateplan.plans.web.sections import Candidate, Computed


def stored_inputs(data: dict | None) -> risk.RiskInputs:
    """The section's stored inputs (an empty section has the shipped framework, no rows)."""
    return risk.RiskInputs.from_dict(data) if data else risk.RiskInputs()


@lru_cache(maxsize=8)
def _framework(yaml_text: str | None, name: str):
    return risk.RiskInputs(framework_yaml=yaml_text, framework_name=name).framework()


def framework_of(inputs: risk.RiskInputs):
    """The inputs' framework, parsed and checked once per process and framework text
    (reading the shipped one takes a few hundred milliseconds)."""
    return _framework(inputs.framework_yaml, inputs.framework_name)


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
        framework_of(inputs)  # InputError: an unusable framework refuses the write
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
        # every plan page lists every section's checklist: kept per saved state of the
        # section (updated_at moves with every save of its inputs or result)
        saved = [t.timestamp() if t else 0 for t in (section.updated_at, section.computed_at)]
        key = f"plans-risk-checklist:{section.pk}:{saved[0]}:{saved[1]}"
        items = cache.get(key) if section.pk else None
        if items is None:
            items = self._checklist(section)
            if section.pk:
                cache.set(key, items, 3600)
        return items

    def _checklist(self, section) -> list[CheckItem]:
        try:
            inputs = stored_inputs(section.inputs)
        except InputError as error:
            first = error.problems[0]
            return [CheckItem("inputs", False, first.message_th, first.message_en)]
        return risk.checklist(inputs, section.result)


HANDLER = RiskSection()
