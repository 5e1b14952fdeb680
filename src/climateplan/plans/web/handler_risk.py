"""The plan's risk section (its handler is written with the section's pages)."""

from __future__ import annotations

from climateplan.plans.web.sections import Candidate, Computed


class Pending:
    kind = "risk"

    def compute(self, candidate: Candidate) -> Computed:
        return Computed(document=None)

    def checklist(self, section, plan) -> list:
        return []


HANDLER = Pending()
