"""Queries and figures of the national pages: the overview of plans, the reviewer's queue
and the national roll-up of published reduction plans.

Every plan is read through :func:`climateplan.plans.web.access.plan_access_for` and
every inventory through :func:`climateplan.inventory.web.access.access_for`, so a
user sees here exactly the plans and inventories the rest of the site shows them.
The 77 rows of the overview come from two queries (plans, then their sections) and
one for inventories; the roll-up reads only the parts of the stored reduction results
it needs (years, totals, province, base year, GWP set) and sums them with the engine
(:func:`climateplan.mitigation.rollup.national_rollup`), without recomputing a plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from climateplan.errors import InputError, Problem
from climateplan.inventory.web.access import access_for as inventory_access_for
from climateplan.inventory.web.dashboard import data_stamp as inventory_stamp
from climateplan.inventory.web.models import Inventory, ReviewComment
from climateplan.inventory.web.models import State as InventoryState
from climateplan.mitigation.rollup import ProvinceSummary, Rollup, national_rollup
from climateplan.mitigation.scenarios import BAU
from climateplan.mitigation.targets import Target, national_targets
from climateplan.plans.web.access import UNDER_REVIEW, PlanAccess, plan_access_for
from climateplan.plans.web.models import (
    SECTION_ORDER,
    Plan,
    PlanChange,
    PlanComment,
    PlanState,
    Section,
    SectionKind,
    SectionResult,
    SectionState,
)
from climateplan.reference import provinces
from climateplan.reference.provinces import NATIONAL, province_population
from climateplan.reports.maps import (
    BOUNDARY_CREDIT,
    BOUNDARY_CREDIT_TH,
    MapLayer,
    Swatches,
    choropleth_html,
)
from climateplan.site.bilingual import BUDDHIST_ERA_OFFSET, tr, year_label

REDUCTION_SCHEMA = "climateplan.plan.reduction/1"  # climateplan.plans.reduction.compute.SCHEMA
PLAN_SCENARIO = "plan"  # the reduction section's one scenario (plans.reduction.checks)
# The NDC is economy-wide excluding LULUCF: the roll-up sums BASIC+ without land (V.2),
# the basis of the NDC rows of reference/data/mitigation_national_targets.csv.
ROLLUP_BASIS = "basic_plus_no_land"

# ---------------------------------------------------------------------------- stages

NO_PLAN = "none"
PLAN_STAGES = (
    NO_PLAN,
    PlanState.DRAFT,
    PlanState.ENDORSED,
    PlanState.SUBMITTED,
    PlanState.RETURNED,
    PlanState.APPROVED,
    PlanState.PUBLISHED,
)
PLAN_STAGE_COLOURS = {
    NO_PLAN: "#d9d9d9",
    PlanState.DRAFT: "#fdd49e",
    PlanState.ENDORSED: "#bcbddc",
    PlanState.SUBMITTED: "#9ecae1",
    PlanState.RETURNED: "#fc9272",
    PlanState.APPROVED: "#a1d99b",
    PlanState.PUBLISHED: "#31a354",
}
NOT_STARTED = "not_started"
NO_INVENTORY = "none"
# Columns of stages that no record on the platform fills yet: shown as not started.
LATER_COLUMNS = (
    (
        "integration",
        ("Integration", "การบูรณาการ"),
        (
            "Integration of the plan's actions into the provincial development plan "
            "(strategy, budget line, owner). Not yet recorded on the platform: every "
            "province shows 'not started' until it is.",
            "การบูรณาการกิจกรรมของแผนเข้ากับแผนพัฒนาจังหวัด (ยุทธศาสตร์ รายการงบประมาณ "
            "ผู้รับผิดชอบ) ยังไม่มีการบันทึกบนระบบ ทุกจังหวัดจึงแสดง 'ยังไม่เริ่ม' จนกว่าจะมีการบันทึก",
        ),
    ),
    (
        "monitoring",
        ("Monitoring", "การติดตามผล"),
        (
            "Progress reports of the agencies on the plan's actions, by reporting period. "
            "Not yet recorded on the platform: every province shows 'not started' until it is.",
            "รายงานความก้าวหน้าของหน่วยงานต่อกิจกรรมของแผนตามรอบการรายงาน ยังไม่มีการบันทึก"
            "บนระบบ ทุกจังหวัดจึงแสดง 'ยังไม่เริ่ม' จนกว่าจะมีการบันทึก",
        ),
    ),
)


def _label(choice_label: str) -> str:
    en, th = str(choice_label).split(" / ", 1)
    return tr(en, th)


def plan_stage_label(stage: str) -> str:
    if stage == NO_PLAN:
        return tr("no plan", "ยังไม่มีแผน")
    return _label(PlanState(stage).label)


def section_stage_label(stage: str) -> str:
    if stage == NOT_STARTED:
        return tr("not started", "ยังไม่เริ่ม")
    if stage == SectionState.DRAFT:
        return tr("in progress", "กำลังจัดทำ")
    return _label(SectionState(stage).label)


def inventory_stage_label(stage: str) -> str:
    if stage == NO_INVENTORY:
        return tr("no inventory", "ยังไม่มีบัญชี")
    return _label(InventoryState(stage).label)


def section_stage(state: str, started: bool) -> str:
    """A draft section with neither inputs nor a result is not started; else its state."""
    if state == SectionState.DRAFT and not started:
        return NOT_STARTED
    return state


# ---------------------------------------------------------------------------- data stamp


def data_stamp() -> str:
    """Changes whenever a plan or a section (any write moves its ``updated_at``) or an
    inventory or a population changes, is added or removed."""
    plans = Plan.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    # a recompute saves the section without a new plan revision
    sections = Section.objects.aggregate(t=Max("updated_at"))
    changed = plans["t"].timestamp() if plans["t"] else 0
    computed = sections["t"].timestamp() if sections["t"] else 0
    return f"{plans['n']}-{changed:.6f}-{computed:.6f}-{inventory_stamp()}"


# ---------------------------------------------------------------------------- overview


@dataclass
class Cell:
    """One section's stage in a row."""

    kind: str
    stage: str

    @property
    def label(self) -> str:
        return section_stage_label(self.stage)


@dataclass
class PlanRow:
    code: str
    name_th: str
    name_en: str
    region_th: str
    region_en: str
    plan_id: int | None = None
    stage: str = NO_PLAN
    title_th: str = ""
    title_en: str = ""
    start_year: int | None = None
    end_year: int | None = None
    version: int | None = None
    endorsed: bool = False
    base_year: int | None = None
    base_inventory: int | None = None
    base_inventory_state: str | None = None
    base_inventory_visible: bool = False
    sections: dict[str, Cell] = field(default_factory=dict)
    inventory_stage: str = NO_INVENTORY
    inventory_year: int | None = None
    inventory_id: int | None = None
    other_plans: int = 0

    @property
    def name(self) -> str:
        return tr(self.name_en, self.name_th)

    @property
    def region(self) -> str:
        return tr(self.region_en, self.region_th)

    @property
    def stage_label(self) -> str:
        return plan_stage_label(self.stage)

    @property
    def title(self) -> str:
        return tr(self.title_en or self.title_th, self.title_th)

    @property
    def inventory_label(self) -> str:
        return inventory_stage_label(self.inventory_stage)

    def cells(self) -> list[Cell]:
        """The sections after the inventory, in the plan's order (reduction, risk, adaptation)."""
        kinds = [k for k in SECTION_ORDER if k != SectionKind.INVENTORY]
        return [self.sections.get(k, Cell(k, NOT_STARTED)) for k in kinds]


PLAN_FIELDS = (
    "id",
    "province",
    "state",
    "start_year",
    "end_year",
    "version",
    "title_th",
    "title_en",
    "endorsed_at",
    "base_year",
    "base_inventory_id",
    "base_inventory__state",
)


def _current_plans(access: PlanAccess) -> tuple[dict[str, dict], dict[str, int]]:
    """Per province, the plan the overview shows: the newest period, its newest version
    the user may read; and how many other plans of the province the user may read."""
    chosen: dict[str, dict] = {}
    counts: dict[str, int] = {}
    rows = access.plans().values(*PLAN_FIELDS).order_by("province", "start_year", "version")
    for row in rows:  # ordered: a later period, then a later version, wins
        chosen[row["province"]] = row
        counts[row["province"]] = counts.get(row["province"], 0) + 1
    return chosen, {code: n - 1 for code, n in counts.items()}


def plan_rows(access: PlanAccess, user) -> list[PlanRow]:
    """One row per province (all 77, in code order) with the stage of every column."""
    rows = {
        r.code: PlanRow(r.code, r.name_th, r.name_en, r.region_th, r.region_en)
        for r in provinces().itertuples()
    }
    chosen, others = _current_plans(access)
    sections: dict[int, dict[str, Cell]] = {}
    if chosen:
        ids = [p["id"] for p in chosen.values()]
        started = (
            access.sections(Section.objects.filter(plan_id__in=ids))
            .annotate(
                has_result=Exists(SectionResult.objects.filter(section=OuterRef("pk"))),
                no_inputs=ExpressionWrapper(Q(inputs={}), output_field=BooleanField()),
            )
            .values("plan_id", "kind", "state", "has_result", "no_inputs")
        )
        for s in started:
            stage = section_stage(s["state"], s["has_result"] or not s["no_inputs"])
            sections.setdefault(s["plan_id"], {})[s["kind"]] = Cell(s["kind"], stage)
    inventories = inventory_access_for(user).inventories(
        Inventory.objects.filter(Q(is_latest=True) | Q(state=InventoryState.PUBLISHED))
    )
    visible_inventories: set[int] = set()
    for inv in inventories.values("id", "province", "year", "state", "is_latest").order_by(
        "province", "year", "version"
    ):
        visible_inventories.add(inv["id"])
        row = rows.get(inv["province"])
        if row is None:
            continue
        if row.inventory_year is None or inv["year"] >= row.inventory_year:
            row.inventory_stage = inv["state"]
            row.inventory_year = inv["year"]
            row.inventory_id = inv["id"]
    for code, plan in chosen.items():
        row = rows.get(code)
        if row is None:
            continue
        row.plan_id = plan["id"]
        row.stage = plan["state"]
        row.title_th, row.title_en = plan["title_th"], plan["title_en"]
        row.start_year, row.end_year = plan["start_year"], plan["end_year"]
        row.version = plan["version"]
        row.endorsed = plan["endorsed_at"] is not None
        row.base_year = plan["base_year"]
        row.base_inventory = plan["base_inventory_id"]
        row.base_inventory_state = plan["base_inventory__state"]
        row.base_inventory_visible = plan["base_inventory_id"] in visible_inventories
        row.sections = sections.get(plan["id"], {})
        row.other_plans = others.get(code, 0)
    return list(rows.values())


def regions() -> list[tuple[str, str, str]]:
    """(English name, English, Thai) of the six regions, in the reference table's order."""
    table = provinces()[["region_en", "region_th"]].drop_duplicates()
    return [(r.region_en, r.region_en, r.region_th) for r in table.itertuples()]


PUBLIC_STAGES = (NO_PLAN, PlanState.PUBLISHED)


def stages_for(access: PlanAccess) -> tuple[str, ...]:
    """The stages a user can see: the public sees published plans only, so counting
    drafts for them (always 0) would tell them something untrue."""
    return PUBLIC_STAGES if access.role.is_public else PLAN_STAGES


def stage_counts(rows: list[PlanRow], stages: tuple[str, ...] = PLAN_STAGES) -> list[dict]:
    return [
        {
            "stage": stage,
            "label": plan_stage_label(stage),
            "count": sum(1 for r in rows if r.stage == stage),
            "colour": PLAN_STAGE_COLOURS[stage],
        }
        for stage in stages
    ]


def stage_map(rows: list[PlanRow], stages: tuple[str, ...] = PLAN_STAGES) -> str:
    """The plan stage of every province on the server-drawn SVG map (as the inventory
    overview's): each province links to its plans page and names its stage."""
    layer = MapLayer(
        label=tr("Plan stage", "ขั้นตอนของแผน"),
        fills={r.code: PLAN_STAGE_COLOURS[r.stage] for r in rows},
        titles={
            r.code: f"{r.name}: {r.stage_label}"
            + (f" ({year_label(r.start_year)}–{year_label(r.end_year)})" if r.start_year else "")
            for r in rows
        },
        legend=Swatches([(PLAN_STAGE_COLOURS[s], plan_stage_label(s)) for s in stages]),
    )
    return choropleth_html(
        [layer],
        label=tr("Map of plan stages by province", "แผนที่ขั้นตอนของแผนรายจังหวัด"),
        links={r.code: reverse("plans:province", args=[r.code]) for r in rows},
        credit=tr(BOUNDARY_CREDIT, BOUNDARY_CREDIT_TH),
        prefix="planmap",
    )


# ---------------------------------------------------------------------------- review queue


@dataclass
class QueueItem:
    kind: str  # "plan" or "inventory"
    pk: int
    province: str
    name_th: str
    name_en: str
    state: str
    since: dt.datetime | None
    title_th: str = ""
    title_en: str = ""
    year: int | None = None
    start_year: int | None = None
    end_year: int | None = None
    version: int = 1
    waiting: list[str] = field(default_factory=list)  # section kinds waiting for review
    returned: list[str] = field(default_factory=list)  # section kinds returned to the province
    open_threads: int = 0

    @property
    def name(self) -> str:
        return tr(self.name_en, self.name_th)

    @property
    def title(self) -> str:
        return tr(self.title_en or self.title_th, self.title_th)

    def days_waiting(self, now: dt.datetime | None = None) -> int | None:
        if self.since is None:
            return None
        return max(((now or timezone.now()) - self.since).days, 0)

    @property
    def waited(self) -> int | None:
        return self.days_waiting()

    @property
    def state_label(self) -> str:
        if self.kind == "plan":
            return plan_stage_label(self.state)
        return inventory_stage_label(self.state)

    def _kinds(self, kinds: list[str]) -> list[str]:
        return [_label(SectionKind(k).label) for k in kinds]

    @property
    def waiting_labels(self) -> list[str]:
        return self._kinds(self.waiting)

    @property
    def returned_labels(self) -> list[str]:
        return self._kinds(self.returned)


@lru_cache(maxsize=1)
def _province_names() -> dict[str, tuple[str, str]]:
    """Province code -> (Thai name, English name), from the shipped reference table."""
    table = provinces()
    return {
        str(code): (str(th), str(en))
        for code, th, en in zip(table["code"], table["name_th"], table["name_en"], strict=True)
    }


def review_queue(access: PlanAccess, user) -> list[QueueItem]:
    """Plans submitted or returned, and submitted inventories, the oldest wait first.

    A submitted plan waits since it was (re)submitted; a returned one since its last
    section was returned (the province works on it meanwhile).
    """
    names = _province_names()
    # (unordered: the items are sorted by their wait at the end; the fields named before
    # the annotation, so the database groups by them only)
    plans = list(
        access.plans(Plan.objects.filter(state__in=UNDER_REVIEW, is_latest=True))
        .order_by()
        .values(
            "id",
            "province",
            "state",
            "title_th",
            "title_en",
            "start_year",
            "end_year",
            "version",
            "submitted_at",
            "updated_at",
        )
        .annotate(
            returned_at=Max(
                "changes__at",
                filter=Q(
                    changes__action=PlanChange.Action.SECTION,
                    changes__new__state=SectionState.RETURNED,
                ),
            )
        )
    )
    ids = [p["id"] for p in plans]
    waiting: dict[int, list[str]] = {}
    returned: dict[int, list[str]] = {}
    threads: dict[int, int] = {}
    if ids:
        order = {k: i for i, k in enumerate(SECTION_ORDER)}
        for plan_id, kind, state in (
            Section.objects.filter(
                plan_id__in=ids, state__in=[SectionState.SUBMITTED, SectionState.RETURNED]
            )
            .order_by()  # sorted below; the default order would join the plans
            .values_list("plan_id", "kind", "state")
        ):
            target = waiting if state == SectionState.SUBMITTED else returned
            target.setdefault(plan_id, []).append(kind)
        for lst in (*waiting.values(), *returned.values()):
            lst.sort(key=lambda k: order.get(k, 99))
        threads = dict(
            PlanComment.objects.filter(plan_id__in=ids, parent=None, resolved_at=None)
            .values("plan_id")
            .annotate(n=Count("id"))
            .values_list("plan_id", "n")
        )
    items = []
    for p in plans:
        since = p["submitted_at"]
        if p["state"] == PlanState.RETURNED:
            since = p["returned_at"] or p["updated_at"]
        name_th, name_en = names.get(p["province"], (p["province"], p["province"]))
        items.append(
            QueueItem(
                kind="plan",
                pk=p["id"],
                province=p["province"],
                name_th=str(name_th),
                name_en=str(name_en),
                state=p["state"],
                since=since or p["updated_at"],
                title_th=p["title_th"],
                title_en=p["title_en"],
                start_year=p["start_year"],
                end_year=p["end_year"],
                version=p["version"],
                waiting=waiting.get(p["id"], []),
                returned=returned.get(p["id"], []),
                open_threads=threads.get(p["id"], 0),
            )
        )
    inventories = list(
        inventory_access_for(user)
        .inventories(Inventory.objects.filter(state=InventoryState.SUBMITTED, is_latest=True))
        .values("id", "province", "year", "version", "state", "submitted_at", "updated_at")
    )
    inv_threads = {}
    if inventories:
        inv_threads = dict(
            ReviewComment.objects.filter(
                inventory_id__in=[i["id"] for i in inventories], parent=None, resolved_at=None
            )
            .values("inventory_id")
            .annotate(n=Count("id"))
            .values_list("inventory_id", "n")
        )
    for inv in inventories:
        name_th, name_en = names.get(inv["province"], (inv["province"], inv["province"]))
        items.append(
            QueueItem(
                kind="inventory",
                pk=inv["id"],
                province=inv["province"],
                name_th=str(name_th),
                name_en=str(name_en),
                state=inv["state"],
                since=inv["submitted_at"] or inv["updated_at"],
                year=inv["year"],
                version=inv["version"],
                open_threads=inv_threads.get(inv["id"], 0),
            )
        )
    far_future = dt.datetime.max.replace(tzinfo=dt.UTC)
    items.sort(key=lambda i: (i.since or far_future, i.kind, i.pk))
    return items


# ---------------------------------------------------------------------------- roll-up


@dataclass
class Contribution:
    """A province's published plan in the roll-up (or why it could not be summed)."""

    code: str
    name_th: str
    name_en: str
    plan_id: int
    start_year: int
    end_year: int
    summed: bool
    reason_en: str = ""
    reason_th: str = ""

    @property
    def name(self) -> str:
        return tr(self.name_en, self.name_th)

    @property
    def reason(self) -> str:
        return tr(self.reason_en, self.reason_th)


@dataclass
class RollupView:
    """What the roll-up page shows: the engine's result, coverage and population share."""

    result: Rollup | None
    contributions: list[Contribution]
    problems: list[Problem]
    targets: list[Target]
    table: pd.DataFrame  # year, bau, plan, one column per NDC line
    coverage: dict
    population: dict


def summary_from_section(document: dict, *, label: str) -> ProvinceSummary:
    """The engine's :class:`ProvinceSummary` of a stored reduction section result.

    The section stores its totals as ``totals[basis] = {"bau": [...], "plan": [...]}``
    over ``years``; the roll-up wants one row per scenario and year with a column per
    basis (the CLI's plan document shape). Only reshaped: no figure is recomputed.
    """
    years = [int(y) for y in document["years"]]
    n = len(years)

    def values(series: dict, key: str) -> list[float]:
        given = list(series.get(key) or [])[:n]
        given += [None] * (n - len(given))
        return [float("nan") if v is None else float(v) for v in given]

    columns = {
        "scenario": [BAU] * n + [PLAN_SCENARIO] * n,
        "year": years + years,
    }
    for basis, series in document["totals"].items():
        columns[basis] = values(series, "bau") + values(series, "plan")
    return ProvinceSummary(
        province=str(document["province"]),
        base_year=int(document["base_year"]),
        gwp=str(document["gwp"]),
        totals=pd.DataFrame(columns),
        file=label,
    )


def ndc_targets() -> list[Target]:
    """The NDC lines (BAU-relative national targets of the shipped reference table)."""
    return [t for t in national_targets() if t.kind == "bau_relative"]


def published_plans() -> list[dict]:
    """Per province, its newest published plan (newest period, then newest version):
    the plans the public may read, whoever looks (the roll-up is of published plans)."""
    chosen: dict[str, dict] = {}
    for row in (
        plan_access_for(None)
        .plans()
        .filter(state=PlanState.PUBLISHED)
        .values("id", "province", "start_year", "end_year", "version")
        .order_by("province", "start_year", "version")
    ):
        chosen[row["province"]] = row
    return list(chosen.values())


def rollup_stamp() -> str:
    published = Plan.objects.filter(state=PlanState.PUBLISHED).aggregate(
        n=Count("id"), t=Max("updated_at"), m=Max("id")
    )
    changed = published["t"].timestamp() if published["t"] else 0
    return f"{published['n']}-{published['m']}-{changed:.6f}"


def population_share(codes: list[str]) -> dict:
    """The summed provinces' share of the registered population (reference table).

    The year is the one, among those with a national total, in which most of the
    summed provinces have a figure (the latest of equals); provinces without a figure
    in that year are named and counted as unknown, not guessed.
    """
    table = province_population()
    national = table.loc[table["code"] == NATIONAL].set_index("year")["population"]
    if national.empty or not codes:
        return {"year": None, "share_pct": None, "population": 0, "national": None}
    best = None
    for year in sorted(national.index, reverse=True):
        part = table.loc[(table["year"] == year) & table["code"].isin(codes)]
        if best is None or len(part) > len(best[1]):
            best = (int(year), part)
    year, part = best
    known = set(part["code"])
    total = int(part["population"].sum())
    return {
        "year": year,
        "population": total,
        "national": int(national.loc[year]),
        "share_pct": total / int(national.loc[year]) * 100.0,
        "without_figure": sorted(set(codes) - known),
        "statuses": sorted(set(part["status"])),
        "source": str(table.loc[table["code"] == NATIONAL, "source"].iloc[0]),
    }


def rollup_view() -> RollupView:
    """The national roll-up of every province's newest published plan against the NDC."""
    names = provinces().set_index("code")
    plans = published_plans()
    by_plan = {p["id"]: p for p in plans}
    parts = {
        row["section__plan_id"]: row
        for row in SectionResult.objects.filter(
            section__plan_id__in=list(by_plan), section__kind=SectionKind.REDUCTION
        ).values(
            "section__plan_id",
            "document__schema",
            "document__province",
            "document__base_year",
            "document__gwp",
            "document__years",
            f"document__totals__{ROLLUP_BASIS}",
        )
    }
    contributions, summaries = [], []
    for p in plans:
        row = names.loc[p["province"]]
        entry = Contribution(
            p["province"],
            str(row["name_th"]),
            str(row["name_en"]),
            p["id"],
            p["start_year"],
            p["end_year"],
            summed=False,
        )
        part = parts.get(p["id"])
        if part is None or part["document__schema"] != REDUCTION_SCHEMA:
            entry.reason_en = "the published plan has no computed reduction plan"
            entry.reason_th = "แผนที่เผยแพร่ยังไม่มีผลการคำนวณแผนลดก๊าซเรือนกระจก"
        else:
            document = {
                "province": part["document__province"],
                "base_year": part["document__base_year"],
                "gwp": part["document__gwp"],
                "years": part["document__years"] or [],
                "totals": {ROLLUP_BASIS: part[f"document__totals__{ROLLUP_BASIS}"]},
            }
            if not document["years"] or not document["totals"][ROLLUP_BASIS]:
                entry.reason_en = "the reduction plan's result has no BASIC+ without land totals"
                entry.reason_th = "ผลของแผนลดก๊าซเรือนกระจกไม่มียอดรวม BASIC+ ไม่รวมภาคที่ดิน"
            else:
                entry.summed = True
                period = f"{year_label(p['start_year'])}-{year_label(p['end_year'])}"
                label = f"{p['province']} ({period})"
                summaries.append(summary_from_section(document, label=label))
        contributions.append(entry)
    targets = ndc_targets()
    problems: list[Problem] = []
    result = None
    if summaries:
        try:
            result = national_rollup(summaries, targets, basis=ROLLUP_BASIS)
        except InputError as error:
            problems = list(error.problems)
    codes = [s.province for s in summaries] if result is not None else []
    coverage = result.coverage if result is not None else _empty_coverage()
    return RollupView(
        result=result,
        contributions=contributions,
        problems=problems,
        targets=result.targets if result is not None else [],
        table=rollup_table(result),
        coverage=coverage,
        population=population_share(codes),
    )


def _empty_coverage() -> dict:
    from climateplan.mitigation.rollup import coverage_of

    return coverage_of([])


def target_column(target: Target) -> str:
    return f"target_{target.name}"


def rollup_table(result: Rollup | None) -> pd.DataFrame:
    """Year, summed BAU and plan emissions, and each NDC line (t CO2e, the NDC's basis)."""
    if result is None:
        return pd.DataFrame(columns=["year", "bau", "plan"])
    totals = result.totals.loc[result.totals["basis"] == ROLLUP_BASIS]
    wide = totals.pivot_table(index="year", columns="scenario", values="emissions", aggfunc="sum")
    frame = pd.DataFrame({"year": [int(y) for y in result.years]}).set_index("year")
    frame["bau"] = wide[BAU].reindex(frame.index) if BAU in wide else None
    frame["plan"] = (
        wide[PLAN_SCENARIO].reindex(frame.index) if PLAN_SCENARIO in wide else frame["bau"]
    )
    gap = result.gap
    for target in result.targets:
        if gap.empty:
            break
        line = gap.loc[(gap["target"] == target.name) & (gap["scenario"] == BAU)]
        values = line.set_index("year")["target_value"].reindex(frame.index)
        # the engine holds the path flat after the target year; the NDC says nothing of
        # those years, so the line stops at its year
        frame[target_column(target)] = values.where(values.index <= target.year)
    return frame.reset_index()


def headline_year(view: RollupView) -> int | None:
    """The year the page's figures stand for: the NDC year when the years reach it."""
    years = [int(y) for y in view.table["year"]] if len(view.table) else []
    if not years:
        return None
    reached = [t.year for t in view.targets if t.year in years]
    return max(reached) if reached else years[-1]


def short_target_label(target: Target) -> str:
    pct = f"{target.reduction * 100:.0f}"
    return tr(f"NDC {pct} % line", f"เส้น NDC ร้อยละ {pct}")


def target_label(target: Target) -> str:
    pct = f"{target.reduction * 100:.0f}"
    conditional = "conditional" in target.name and "unconditional" not in target.name
    return tr(
        f"NDC: {pct} % below BAU in {target.year}"
        + (" (conditional)" if conditional else " (unconditional)"),
        f"NDC: ต่ำกว่า BAU ร้อยละ {pct} ในปี {year_label(target.year)}"
        + (" (แบบมีเงื่อนไข)" if conditional else " (แบบไม่มีเงื่อนไข)"),
    )


TARGET_DASHES = ("dash", "dot", "dashdot")
TARGET_COLOURS = ("#de2d26", "#756bb1", "#636363")


def rollup_chart(view: RollupView) -> dict:
    """BAU and plan summed over the provinces, with the NDC lines (Plotly figure)."""
    table = view.table
    x = [year_label(y) for y in table["year"]]
    unit = "tCO2e"
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": tr("BAU, sum of provinces", "BAU ผลรวมของจังหวัด"),
            "x": x,
            "y": [_plain(v) for v in table["bau"]],
            "line": {"color": "#636363"},
            "hovertemplate": "%{x}: %{y:,.0f} " + unit + "<extra>BAU</extra>",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": tr("Plans, sum of provinces", "ตามแผน ผลรวมของจังหวัด"),
            "x": x,
            "y": [_plain(v) for v in table["plan"]],
            "line": {"color": "#2b8cbe"},
            "hovertemplate": "%{x}: %{y:,.0f} " + unit + "<extra></extra>",
        },
    ]
    for i, target in enumerate(view.targets):
        column = target_column(target)
        if column not in table:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": target_label(target),
                "x": x,
                "y": [_plain(v) for v in table[column]],
                "line": {
                    "color": TARGET_COLOURS[i % len(TARGET_COLOURS)],
                    "dash": TARGET_DASHES[i % len(TARGET_DASHES)],
                },
                "hovertemplate": "%{x}: %{y:,.0f} " + unit + "<extra></extra>",
            }
        )
    return {
        "data": traces,
        "layout": {
            # the title is the card's heading (a phone-wide chart cut it); the legend
            # above the plot, where up to four lines of it fit in the top margin
            "height": 440,
            "margin": {"l": 10, "r": 10, "t": 100, "b": 10},
            "xaxis": {
                "type": "category",
                "title": {"text": tr("year (CE)", "ปี (พ.ศ.)")},
                "automargin": True,
            },
            "yaxis": {"automargin": True, "rangemode": "tozero"},
            "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        },
    }


def _plain(value) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def rollup_csv_frame(view: RollupView) -> pd.DataFrame:
    """The roll-up table for download: years in both calendars, headers in the language."""
    table = view.table
    out = pd.DataFrame(
        {
            tr("year_ce", "ปี_ค.ศ."): table["year"].astype(int),
            tr("year_be", "ปี_พ.ศ."): table["year"].astype(int) + BUDDHIST_ERA_OFFSET,
            tr("bau_sum_tco2e", "bau_ผลรวม_tco2e"): table["bau"],
            tr("plan_sum_tco2e", "ตามแผน_ผลรวม_tco2e"): table["plan"],
        }
    )
    for target in view.targets:
        column = target_column(target)
        if column in table:
            out[f"{target.name}_tco2e"] = table[column]
    out[tr("basis", "ฐานการนับ")] = "BASIC+ without land (V.2) / BASIC+ ไม่รวมภาคที่ดิน"
    out[tr("provinces_summed", "จำนวนจังหวัดที่รวม")] = view.coverage.get("provinces", 0)
    return out
