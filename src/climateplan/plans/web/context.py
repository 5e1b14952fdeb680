"""What every page of a plan shows around its section: header, section tabs, checklist,
versions and the viewer's permissions. Section pages extend ``plans/plan_base.html``
and start their context with :func:`plan_context`."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from climateplan.plans.period import period_label
from climateplan.plans.web import services
from climateplan.plans.web.access import SECTION_TRANSITION_LABELS, PlanAccess, plan_access_for
from climateplan.plans.web.models import Plan, PlanComment, Section, SectionKind
from climateplan.plans.web.models_review import Consultation
from climateplan.reference import find_province
from climateplan.site.bilingual import is_thai, pick, tr

# Whether the plan has any review comment, consultation or successor, read with the plan
# for a page (each an EXISTS in the plan's query): most plans have none of one or the
# other, and the frame of every plan page would otherwise ask in a query of its own.
# (built once: Django copies an expression when a query takes it)
_HINTS = {
    "hint_comments": Exists(PlanComment.objects.filter(plan=OuterRef("pk"))),
    "hint_consultations": Exists(Consultation.objects.filter(plan=OuterRef("pk"))),
    "hint_successors": Exists(Plan.objects.filter(predecessor=OuterRef("pk"))),
}


def visible_plan(request, pk: int) -> Plan:
    """The plan, if this user may read it (404 otherwise, never 403)."""
    access = plan_access_for(request.user)
    plans = access.plans(Plan.objects.select_related("base_inventory"))
    if request.method in ("GET", "HEAD"):
        plans = plans.annotate(**_HINTS)
    return get_object_or_404(plans, pk=pk)


def has_none(plan: Plan, what: str) -> bool:
    """True when the plan was read for a page (a GET, which writes nothing) and had no
    ``what`` ("comments", "consultations", "successors") then; False when it had, or
    when it was read otherwise (ask the database)."""
    return getattr(plan, f"hint_{what}", None) is False


def visible_section(request, pk: int, kind: str) -> tuple[Plan, Section]:
    if kind not in SectionKind.values:
        raise Http404
    plan = visible_plan(request, pk)
    # the plan's sections, read once: the page's tabs (services.ordered_sections) use them too
    prefetch_related_objects([plan], "sections")
    section = next((s for s in plan.sections.all() if s.kind == kind), None)
    if section is None:
        raise Http404
    access = plan_access_for(request.user)
    # the public reads published plans (and drafts open for comment), not their internals
    if not access.sees_internals(plan) and not access.public_reads(plan):
        raise Http404
    return plan, section


def comment_threads(plan: Plan, section_kind: str | None = None) -> list[dict]:
    """Review threads (a first comment and its replies), oldest first; of one section
    (``section_kind``) or of the whole plan (None)."""
    if has_none(plan, "comments"):
        return []
    comments = PlanComment.objects.filter(plan=plan).select_related("author", "resolved_by")
    if section_kind is not None:
        comments = comments.filter(section_kind=section_kind)
    comments = list(comments)
    replies: dict[int, list[PlanComment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [
        {
            "comment": c,
            "replies": replies.get(c.pk, []),
            "section_kind": c.section_kind,
            "section_label": section_label(c.section_kind) if c.section_kind else "",
            "item": c.item,
            "resolved": c.is_resolved,
        }
        for c in comments
        if c.parent_id is None
    ]


def section_label(kind: str) -> str:
    en, th = SectionKind(kind).label.split(" / ")
    return th if is_thai() else en


def plan_context(request, plan: Plan, current: str = "") -> dict:
    """The common context of every plan page (``current``: the section kind shown, or "")."""
    access: PlanAccess = plan_access_for(request.user)
    lang = "th" if is_thai() else "en"
    province = find_province(plan.province)
    # the sections read once (a no-op where the view read them): the tabs and the stamp use them
    prefetch_related_objects([plan], "sections")
    sections = services.ordered_sections(plan)
    stamp = services.plan_stamp(plan)  # once for the page's checklists and staleness
    tabs = []
    for section in sections:
        items = services.checklist(section, plan, stamp=stamp)
        todo = [i for i in items if i.blocking and not i.done]
        tabs.append(
            {
                "kind": section.kind,
                "label": section_label(section.kind),
                "state": section.state,
                "state_label": section.get_state_display(),
                "todo": len(todo),
                "current": section.kind == current,
                "section": section,
                "checklist": items,
            }
        )
    current_tab = next((t for t in tabs if t["current"]), None)
    versions = _versions(access, plan)
    sees_internals = access.sees_internals(plan)
    threads = comment_threads(plan, current or None) if sees_internals else []
    current_section = current_tab["section"] if current_tab else None
    review_actions = (
        [
            (a, tr(*SECTION_TRANSITION_LABELS[a]))
            for a in access.section_transitions(current_section, plan)
        ]
        if current_section is not None
        else []
    )
    stale = (
        services.is_stale(current_section, plan, stamp=stamp)
        if current_section is not None and sees_internals
        else False
    )
    return {
        "plan": plan,
        "access": access,
        "lang": lang,
        "province": province,
        "province_name": pick(province, "name"),
        "period": period_label(plan.start_year, plan.end_year, lang),
        "plan_title": plan.title_th if lang == "th" or not plan.title_en else plan.title_en,
        "tabs": tabs,
        "current_tab": current_tab,
        "checklist": current_tab["checklist"] if current_tab else [],
        "sees_internals": sees_internals,
        # the side column of a section page (plans/_section_review.html) and the overview
        "threads": threads,
        "open_threads": sum(1 for t in threads if not t["resolved"]),
        "can_comment": access.can_comment(plan),
        "can_resolve": access.role.is_reviewer or (access.own(plan) and access.role.is_editor),
        "review_actions": review_actions,
        "current_stale": stale,
        "can_recompute": stale and access.can_edit(current_section, plan),
        "can_edit_plan": access.can_edit_plan(plan),
        "versions": versions,
        "newer_base": _newer_base(plan, stamp) if sees_internals else None,
        "plan_stamp": stamp,
    }


def _versions(access: PlanAccess, plan: Plan) -> list[dict]:
    """The versions of the plan's period this user may read, oldest first."""
    if plan.version == 1 and plan.is_latest:
        # a first version still the latest was never revised: it is the only one
        return [{"pk": plan.pk, "version": plan.version, "state": plan.state}]
    return list(
        Plan.objects.filter(
            pk__in=access.plans().filter(
                province=plan.province, start_year=plan.start_year, end_year=plan.end_year
            )
        )
        .order_by("version")
        .values("pk", "version", "state")
    )


def _newer_base(plan: Plan, stamp: str):
    """:func:`services.newer_base_inventory`, kept under the plan's stamp (which moves
    with every inventory of the plan's province and base year)."""
    key = f"plan-newer-base:{stamp}"
    found = cache.get(key)
    if found is None:
        found = (services.newer_base_inventory(plan),)
        cache.set(key, found, services.SECTION_STATE_CACHE_SECONDS)
    return found[0]
