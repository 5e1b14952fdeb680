"""A plan's actions in the provincial development plan and the budget: the write path
and the figures of the integration page.

- :func:`choose_development_plan`: the plan's development plan (same province); links
  to items of another development plan are emptied in the same write;
- :func:`read_sheet_form` then :func:`save_action_sheet`: an action's strategy and
  project (a strategy must be a strategy, a project a project, both of the plan's
  development plan), the text of its project sheet and its funding rows; the form is
  checked whole first (every problem at once), then written in one locked write of the
  plan's monitoring (:func:`~climateplan.monitoring.web.services.monitoring_write`);
- :func:`funding_overview`: how much of the plan's cost (its budget lines) is funded
  (the funding rows), by source, by fiscal year and by strategy, with the unfunded and
  partly funded actions;
- :func:`plan_sheet` / :func:`action_sheet`: the stored records as the plain sheets the
  core exports (:mod:`climateplan.monitoring.exports`) write.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from climateplan.errors import InputError, Problem
from climateplan.monitoring import exports
from climateplan.monitoring.devplan import fiscal_year_ce, parse_amount
from climateplan.monitoring.web.access import MonitoringAccess, monitored_actions
from climateplan.monitoring.web.models import (
    ActionLink,
    DevelopmentItem,
    DevelopmentPlan,
    Funding,
    FundingSource,
)
from climateplan.monitoring.web.services import monitoring_of, monitoring_write
from climateplan.plans.web.models import Action, BudgetLine, Plan
from climateplan.reference import find_province
from climateplan.site.workflow import WorkflowError

LINK_TEXTS = ("rationale", "objectives", "targets", "activities")
TEXT_LIMIT = 4000
LOCATION_LIMIT = 300
FUNDING_FIELDS = ("fiscal_year", "amount", "source", "project", "reference", "note")


def split_label(label: str) -> tuple[str, str]:
    """``"English / ไทย"`` -> (English, ไทย)."""
    en, _, th = str(label).partition(" / ")
    return en, th or en


SOURCE_LABELS = {value: split_label(label) for value, label in FundingSource.choices}
KIND_LABELS = {value: split_label(label) for value, label in BudgetLine.Kind.choices}


# ------------------------------------------------------------------------------- choose


def choose_development_plan(
    access: MonitoringAccess, plan: Plan, devplan_id, *, expected_revision
) -> int:
    """Set (or, with an empty id, clear) the plan's development plan; returns the number
    of links emptied because they named items of another development plan."""
    devplan = None
    if devplan_id not in (None, ""):
        try:
            devplan = DevelopmentPlan.objects.get(pk=int(devplan_id), province=plan.province)
        except (DevelopmentPlan.DoesNotExist, TypeError, ValueError) as exc:
            raise WorkflowError(
                "choose one of the province's development plans",
                "กรุณาเลือกแผนพัฒนาจังหวัดของจังหวัดนี้",
            ) from exc
    with monitoring_write(access, plan, expected_revision=expected_revision) as row:
        row.development_plan = devplan
        row.save(update_fields=["development_plan"])
        actions = monitored_actions(plan)
        links = ActionLink.objects.filter(action__in=actions)
        fundings = Funding.objects.filter(action__in=actions)
        emptied = 0
        for field in ("strategy", "project"):
            stale = links.filter(**{f"{field}__isnull": False})
            if devplan is not None:
                stale = stale.exclude(**{f"{field}__development_plan": devplan})
            emptied += stale.update(**{field: None})
        stale = fundings.filter(project__isnull=False)
        if devplan is not None:
            stale = stale.exclude(project__development_plan=devplan)
        emptied += stale.update(project=None)
    return emptied


# ------------------------------------------------------------------------ action sheets


@dataclass(frozen=True)
class FundingInput:
    fiscal_year: int
    amount: float
    source: str
    project_id: int | None
    reference: str
    note: str


@dataclass(frozen=True)
class SheetInput:
    strategy_id: int | None
    project_id: int | None
    texts: dict
    location: str
    fundings: list[FundingInput]


def _item(devplan, text: str, level: str, column: str, problems: list[Problem], row=None):
    """The id of a development-plan item of ``level`` named by a form value, or None."""
    text = (text or "").strip()
    if not text:
        return None
    item = None
    if devplan is not None and text.isdigit():
        item = DevelopmentItem.objects.filter(pk=int(text), development_plan=devplan).first()
    if item is None:
        problems.append(
            Problem(
                "choose an item of the plan's development plan",
                "กรุณาเลือกรายการจากแผนพัฒนาจังหวัดที่แผนนี้ใช้",
                row=row,
                column=column,
                value=text,
            )
        )
        return None
    if item.level != level:
        names = {
            "strategy": ("a strategy", "กลยุทธ์"),
            "project": ("a project", "โครงการ"),
        }
        problems.append(
            Problem(
                f"{item.code} is a {item.level}: choose {names[level][0]}",
                f"{item.code} ไม่ใช่{names[level][1]}: กรุณาเลือก{names[level][1]}",
                row=row,
                column=column,
                value=item.code,
            )
        )
        return None
    return item.pk


def read_sheet_form(data, devplan: DevelopmentPlan | None) -> SheetInput:
    """An action sheet from the page's form (``data``: a QueryDict); every problem at once.

    Funding problems carry the funding row's number (1 = the first row of the table)
    and the field's name as column.
    """
    problems: list[Problem] = []
    strategy = _item(devplan, data.get("strategy", ""), "strategy", "strategy", problems)
    project = _item(devplan, data.get("project", ""), "project", "project", problems)
    texts = {}
    for name in LINK_TEXTS:
        text = (data.get(name, "") or "").strip()
        if len(text) > TEXT_LIMIT:
            problems.append(
                Problem(
                    f"at most {TEXT_LIMIT} characters",
                    f"ยาวได้ไม่เกิน {TEXT_LIMIT} ตัวอักษร",
                    column=name,
                )
            )
        texts[name] = text
    location = (data.get("location", "") or "").strip()
    if len(location) > LOCATION_LIMIT:
        problems.append(
            Problem(
                f"at most {LOCATION_LIMIT} characters",
                f"ยาวได้ไม่เกิน {LOCATION_LIMIT} ตัวอักษร",
                column="location",
            )
        )
    columns = {name: data.getlist(f"fund_{name}") for name in FUNDING_FIELDS}
    count = max((len(v) for v in columns.values()), default=0)
    fundings = []
    for index in range(count):
        cells = {
            name: (values[index] if index < len(values) else "").strip()
            for name, values in columns.items()
        }
        if not any(cells.values()):
            continue
        row = index + 1
        before = len(problems)
        year = amount = None
        try:
            year = fiscal_year_ce(cells["fiscal_year"])
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    "the fiscal year must be a year in BE (2568) or CE (2025)",
                    "ปีงบประมาณต้องเป็นปี พ.ศ. (2568) หรือ ค.ศ. (2025)",
                    row=row,
                    column="fiscal_year",
                    value=cells["fiscal_year"] or None,
                )
            )
        try:
            amount = parse_amount(cells["amount"])
        except (TypeError, ValueError):
            problems.append(
                Problem(
                    "the amount must be a number of baht",
                    "จำนวนเงินต้องเป็นตัวเลข (บาท)",
                    row=row,
                    column="amount",
                    value=cells["amount"] or None,
                )
            )
        else:
            if amount < 0:
                problems.append(
                    Problem(
                        "the amount cannot be negative",
                        "จำนวนเงินติดลบไม่ได้",
                        row=row,
                        column="amount",
                        value=cells["amount"],
                    )
                )
        if cells["source"] not in SOURCE_LABELS:
            problems.append(
                Problem(
                    "choose the source of the money",
                    "กรุณาเลือกแหล่งเงิน",
                    row=row,
                    column="source",
                    value=cells["source"] or None,
                )
            )
        project_id = _item(devplan, cells["project"], "project", "project", problems, row=row)
        for name, limit in (("reference", 200), ("note", 500)):
            if len(cells[name]) > limit:
                problems.append(
                    Problem(
                        f"at most {limit} characters",
                        f"ยาวได้ไม่เกิน {limit} ตัวอักษร",
                        row=row,
                        column=name,
                    )
                )
        if len(problems) == before:
            fundings.append(
                FundingInput(
                    fiscal_year=year,
                    amount=amount,
                    source=cells["source"],
                    project_id=project_id,
                    reference=cells["reference"],
                    note=cells["note"],
                )
            )
    if problems:
        raise InputError(problems)
    return SheetInput(strategy, project, texts, location, fundings)


def save_action_sheet(
    access: MonitoringAccess, plan: Plan, action: Action, sheet: SheetInput, *, expected_revision
) -> None:
    """Write the action's link and replace its funding rows (one locked write)."""
    devplan_id = monitoring_of(plan).development_plan_id

    def same_development_plan(row) -> None:
        # The development plan may have been changed since the form was checked.
        if row.development_plan_id != devplan_id:
            raise WorkflowError(
                "the plan's development plan was changed meanwhile: reload the page",
                "แผนพัฒนาจังหวัดที่แผนนี้ใช้ถูกเปลี่ยนระหว่างนี้: กรุณาโหลดหน้าใหม่",
            )

    with monitoring_write(
        access, plan, expected_revision=expected_revision, check=same_development_plan
    ):
        ActionLink.objects.update_or_create(
            action=action,
            defaults={
                "strategy_id": sheet.strategy_id,
                "project_id": sheet.project_id,
                "location": sheet.location,
                **sheet.texts,
            },
        )
        Funding.objects.filter(action=action).delete()
        Funding.objects.bulk_create(
            Funding(
                action=action,
                fiscal_year=f.fiscal_year,
                amount=f.amount,
                source=f.source,
                project_id=f.project_id,
                reference=f.reference,
                note=f.note,
            )
            for f in sheet.fundings
        )


# ---------------------------------------------------------------------------- overview


def in_plan_order(actions) -> list[Action]:
    """Reduction measures first, then adaptation actions, each in the plan's order."""
    return sorted(actions, key=lambda a: (a.section.kind != "reduction", a.position, a.pk))


def _share(funded: float, planned: float) -> float | None:
    return None if planned <= 0 else 100.0 * funded / planned


def funding_overview(plan: Plan) -> dict:
    """The plan's cost (budget lines) against its funding, as the page shows them."""
    actions = in_plan_order(
        monitored_actions(plan)
        .select_related("section", "link__strategy", "link__project")
        .prefetch_related("budget_lines", "fundings")
    )
    by_source: dict[str, list[float]] = {}
    by_year: dict[int, list[float]] = {}
    by_strategy: dict[int | None, dict] = {}
    rows = []
    for action in actions:
        lines = list(action.budget_lines.all())
        fundings = list(action.fundings.all())
        planned = sum(b.amount for b in lines)
        funded = sum(f.amount for f in fundings)
        for b in lines:
            by_source.setdefault(b.source, [0.0, 0.0])[0] += b.amount
            by_year.setdefault(b.fiscal_year, [0.0, 0.0])[0] += b.amount
        for f in fundings:
            by_source.setdefault(f.source, [0.0, 0.0])[1] += f.amount
            by_year.setdefault(f.fiscal_year, [0.0, 0.0])[1] += f.amount
        link = getattr(action, "link", None)
        strategy = link.strategy if link is not None else None
        group = by_strategy.setdefault(
            strategy.pk if strategy else None,
            {"strategy": strategy, "planned": 0.0, "funded": 0.0, "actions": 0},
        )
        group["planned"] += planned
        group["funded"] += funded
        group["actions"] += 1
        if not fundings:
            state = "unfunded"
        elif funded < planned:
            state = "partly"
        else:
            state = "funded"
        rows.append(
            {
                "action": action,
                "link": link,
                "planned": planned,
                "funded": funded,
                "share": _share(funded, planned),
                "state": state,
            }
        )
    source_order = list(SOURCE_LABELS)
    planned_total = sum(r["planned"] for r in rows)
    funded_total = sum(r["funded"] for r in rows)
    strategies = sorted(
        by_strategy.values(),
        key=lambda g: (g["strategy"] is None, g["strategy"].position if g["strategy"] else 0),
    )
    for group in strategies:
        group["share"] = _share(group["funded"], group["planned"])
    return {
        "planned": planned_total,
        "funded": funded_total,
        "share": _share(funded_total, planned_total),
        "gap": max(planned_total - funded_total, 0.0),
        "by_source": [
            {
                "source": key,
                "label": SOURCE_LABELS.get(key, (key, key)),
                "planned": by_source[key][0],
                "funded": by_source[key][1],
                "share": _share(by_source[key][1], by_source[key][0]),
            }
            for key in sorted(
                by_source, key=lambda k: source_order.index(k) if k in source_order else 99
            )
        ],
        "by_year": [
            {
                "year": year,
                "planned": by_year[year][0],
                "funded": by_year[year][1],
                "share": _share(by_year[year][1], by_year[year][0]),
            }
            for year in sorted(by_year)
        ],
        "by_strategy": strategies,
        "actions": rows,
        "unfunded": [r for r in rows if r["state"] == "unfunded"],
        "partly": [r for r in rows if r["state"] == "partly"],
    }


# ------------------------------------------------------------------------------ exports


def plan_sheet(plan: Plan) -> exports.PlanSheet:
    province = find_province(plan.province)
    return exports.PlanSheet(
        title_th=plan.title_th,
        title_en=plan.title_en,
        province_th=str(province["name_th"]),
        province_en=str(province["name_en"]),
        start_year=plan.start_year,
        end_year=plan.end_year,
    )


def _reduction_of(plan: Plan, action: Action) -> tuple[float | None, int]:
    """The measure's planned reduction (t CO2e a year) in its KPI's target year (else the
    plan's last year), from the reduction section's stored result."""
    year = int((action.kpi or {}).get("target_year") or plan.end_year)
    document = action.section.result or {}
    years = document.get("years") or []
    if year not in years:
        return None, year
    for wedge in document.get("wedges") or []:
        if wedge.get("measure") == action.code:
            values = wedge.get("values") or []
            index = years.index(year)
            if index < len(values) and values[index] is not None:
                return float(values[index]), year
    return None, year


def _framework():
    from climateplan.risk.index.framework import load_framework

    return load_framework()


def _risks(action: Action, framework) -> list:
    sectors = [
        (framework.nap_sectors[s].en, framework.nap_sectors[s].th)
        for s in action.data.get("sectors") or []
        if s in framework.nap_sectors
    ]
    out = []
    for hazard in action.data.get("hazards") or []:
        known = framework.hazards.get(hazard)
        label = (known.name.en, known.name.th) if known else (hazard, hazard)
        relevant = [
            (framework.nap_sectors[s].en, framework.nap_sectors[s].th)
            for s in action.data.get("sectors") or []
            if s in framework.nap_sectors and (known is None or s in known.nap_sectors)
        ]
        out.append((label, relevant or sectors))
    return out


def _indicators(action: Action) -> list[exports.Indicator]:
    if action.section.kind == "reduction":
        kpi = action.kpi or {}
        if not kpi.get("name_th") and not kpi.get("name_en"):
            return []
        return [
            exports.Indicator(
                name_en=kpi.get("name_en", ""),
                name_th=kpi.get("name_th", ""),
                unit=kpi.get("unit", ""),
                baseline=kpi.get("baseline"),
                target=kpi.get("target"),
                year=kpi.get("target_year"),
            )
        ]
    return [
        exports.Indicator(
            name_en=i.get("name_en", ""),
            name_th=i.get("name_th", ""),
            unit=i.get("unit", ""),
            baseline=i.get("baseline"),
            target=i.get("target"),
            year=i.get("year"),
        )
        for i in action.data.get("indicators") or []
    ]


def _link_of(action: Action) -> ActionLink | None:
    try:
        return action.link  # select_related by the caller, or one query
    except ObjectDoesNotExist:
        return None


def action_sheet(plan: Plan, action: Action, lang: str, framework=None) -> exports.ActionSheet:
    """The action as the exports write it (``framework``: the risk framework, loaded once
    by a caller that makes many sheets)."""
    link = _link_of(action)
    description = action.data.get(f"description_{lang}") or action.data.get("description_th") or ""
    sheet = exports.ActionSheet(
        code=action.code,
        kind=action.section.kind,
        name_th=action.name_th,
        name_en=action.name_en,
        owner=action.owner_agency,
        co_agencies=list(action.co_agencies or []),
        start_year=action.start_year,
        end_year=action.end_year or (plan.end_year if action.start_year else None),
        rationale=(link.rationale if link else "") or description,
        objectives=link.objectives if link else "",
        targets=link.targets if link else "",
        activities=link.activities if link else "",
        location=link.location if link else "",
        strategy=(
            (link.strategy.code, link.strategy.name_th, link.strategy.name_en)
            if link and link.strategy
            else None
        ),
        project=(
            (link.project.code, link.project.name_th, link.project.name_en)
            if link and link.project
            else None
        ),
        indicators=_indicators(action),
        budget=[
            exports.BudgetRow(
                fiscal_year=b.fiscal_year,
                amount=b.amount,
                kind=KIND_LABELS.get(b.kind, (b.kind, b.kind)),
                source=split_label(BudgetLine.Source(b.source).label)
                if b.source in BudgetLine.Source.values
                else (b.source, b.source),
            )
            for b in action.budget_lines.all()
        ],
    )
    if action.section.kind == "reduction":
        sheet.reduction_t, sheet.reduction_year = _reduction_of(plan, action)
    else:
        sheet.risks = _risks(action, framework or _framework())
    return sheet


def action_sheets(plan: Plan, lang: str) -> list[exports.ActionSheet]:
    actions = in_plan_order(
        monitored_actions(plan)
        .select_related("section", "link__strategy", "link__project")
        .prefetch_related("budget_lines")
    )
    framework = _framework()
    return [action_sheet(plan, a, lang, framework) for a in actions]


__all__ = [
    "KIND_LABELS",
    "SOURCE_LABELS",
    "SheetInput",
    "action_sheet",
    "action_sheets",
    "choose_development_plan",
    "funding_overview",
    "plan_sheet",
    "read_sheet_form",
    "save_action_sheet",
]
