"""What each kind of section does, behind one interface the plan's services call.

A handler computes a section from candidate inputs (outside any transaction: it is
the slow part), lists its checklist and says whether its stored result is up to
date. The handlers live beside this module (``handler_<kind>.py``); each calls its
core module and nothing else calculates.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import import_module
from typing import Protocol

from climateplan.plans.checklist import CheckItem


@dataclass
class ActionData:
    """A reduction measure or adaptation action as a write carries it (not yet saved)."""

    code: str
    name_th: str
    name_en: str = ""
    library_id: str = ""
    data: dict = field(default_factory=dict)
    owner_agency: str = ""
    co_agencies: list[str] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    kpi: dict = field(default_factory=dict)
    # [{"fiscal_year": 2025, "amount": 1.0e6, "kind": "capital", "source": "provincial",
    #   "note": ""}]
    budget: list[dict] = field(default_factory=list)

    @classmethod
    def of(cls, action) -> ActionData:
        """From a stored :class:`~climateplan.plans.web.models.Action` (budget lines loaded)."""
        return cls(
            code=action.code,
            name_th=action.name_th,
            name_en=action.name_en,
            library_id=action.library_id,
            data=dict(action.data or {}),
            owner_agency=action.owner_agency,
            co_agencies=list(action.co_agencies or []),
            start_year=action.start_year,
            end_year=action.end_year,
            kpi=dict(action.kpi or {}),
            budget=[
                {
                    "fiscal_year": b.fiscal_year,
                    "amount": b.amount,
                    "kind": b.kind,
                    "source": b.source,
                    "note": b.note,
                }
                for b in action.budget_lines.all()
            ],
        )

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name_th": self.name_th,
            "name_en": self.name_en,
            "library_id": self.library_id,
            "data": self.data,
            "owner_agency": self.owner_agency,
            "co_agencies": self.co_agencies,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "kpi": self.kpi,
            "budget": self.budget,
        }


@dataclass
class Computed:
    """What a handler's compute gives back: stored as the section's result.

    ``document`` is None when the section cannot be computed yet (its ``problems``
    say why: no drivers, no indicator values); a handler raises
    :class:`~climateplan.errors.InputError` instead when the candidate inputs are
    wrong and must be refused (nothing is then written).
    """

    document: dict | None
    summary: dict = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)


@dataclass
class Candidate:
    """The inputs a section would have after a write (or has now)."""

    plan: object  # Plan
    section: object  # Section
    inputs: dict
    actions: list[ActionData]


class SectionHandler(Protocol):
    kind: str

    def compute(self, candidate: Candidate) -> Computed: ...

    def checklist(self, section, plan) -> list[CheckItem]: ...


HANDLERS = {
    "inventory": "climateplan.plans.web.handler_inventory",
    "reduction": "climateplan.plans.web.handler_reduction",
    "risk": "climateplan.plans.web.handler_risk",
    "adaptation": "climateplan.plans.web.handler_adaptation",
}


def handler(kind: str) -> SectionHandler:
    return import_module(HANDLERS[kind]).HANDLER


def digest(candidate: Candidate) -> str:
    """A stamp of everything a section's result depends on (inputs, actions, base inventory,
    and for the adaptation plan the risk result it answers)."""
    plan = candidate.plan
    parts = {
        "kind": candidate.section.kind,
        "inputs": candidate.inputs,
        "actions": [a.as_dict() for a in candidate.actions],
        "base": getattr(plan, "base_inventory_id", None),
        "base_revision": getattr(getattr(plan, "base_inventory", None), "revision", None),
        "extra": getattr(
            import_module(HANDLERS[candidate.section.kind]).HANDLER, "stamp_extra", _none
        )(candidate),
    }
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _none(_candidate) -> None:
    return None
