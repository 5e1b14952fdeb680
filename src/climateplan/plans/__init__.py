"""The provincial climate change plan: its period, sections, versions and workflow rules.

Pure Python (no Django): the web layer in :mod:`climateplan.plans.web` stores plans and
calls these functions; the section engines are :mod:`climateplan.plans.reduction`
(reduction plan on :mod:`climateplan.mitigation`), :mod:`climateplan.plans.risk` (risk
profile on :mod:`climateplan.risk`) and :mod:`climateplan.plans.adaptation` (adaptation
plan on :mod:`climateplan.adaptation`).
"""
