"""The provincial adaptation action plan (แผนปฏิบัติการด้านการปรับตัวต่อการเปลี่ยนแปลงสภาพภูมิอากาศ).

Actions answering the risks of the plan's risk register, started from a library of
adaptation options, prioritised by multi-criteria analysis (with its sensitivity to
the weights), costed by fiscal year, with an economic view where benefits are
quantified, a coverage check of the register and the residual risk after the actions,
and the GCoM adaptation reporting fields. Core only: no Django.
"""

from climateplan.adaptation.plan import AdaptationPlan, Settings, build_plan, write_plan

__all__ = ["AdaptationPlan", "Settings", "build_plan", "write_plan"]
