"""Fixtures of the monitoring tests: users of every role (agency reporters included), a
published Chiang Mai plan with reduction measures and adaptation actions owned by
agencies, and its working group.

Settings and the plan fixtures come from tests/plans/web/conftest.py (imported here so
this folder runs on its own).
"""

from __future__ import annotations

import pytest

from tests.plans.web.conftest import (  # noqa: F401 - shared fixtures and helpers
    PASSWORD,
    _empty_cache,
    base_inventory,
    make_plan,
    make_user,
    quick_inventory,
)

# The plan's actions and their agencies (fill_plan): measures M01 efficient air
# conditioners (PEO, with PEA), M02 rooftop solar on homes (PEA, with PEO), M03 eco-driving
# (PLTO, with PAEO); adaptation actions CM-A01 farm ponds (LDD, with DOAE), CM-A02
# heat-health warning (PHO, with TMD). The small inventory has electricity (I.1.2) and
# diesel (II.1.1) lines these measures act on.
REPORTER_AGENCIES = {"reporter": "PEO", "reporter_pea": "PEA", "reporter_pho": "PHO"}


def plan_spec():
    """The Chiang Mai demo spec with measures that act on the small inventory's lines."""
    from dataclasses import replace

    from climateplan.plans.web import demo

    kpi = demo._kpi
    return replace(
        demo.CHIANG_MAI,
        measures=[
            demo.Measure(
                "efficient_air_conditioners",
                "PEO",
                ("PEA",),
                demo._yearly(2024, 2027, 500_000, "operating", "provincial"),
                kpi(
                    "เครื่องปรับอากาศประสิทธิภาพสูงที่ติดตั้ง",
                    "Efficient air conditioners installed",
                    "units",
                    0,
                    10_000,
                    2023,
                    2027,
                ),
            ),
            demo.Measure(
                "rooftop_solar_residential",
                "PEA",
                ("PEO",),
                ((2024, 2_000_000, "capital", "private"), (2025, 2_000_000, "capital", "private")),
                kpi(
                    "กำลังผลิตโซลาร์รูฟท็อปบนบ้านเรือน",
                    "Rooftop solar on homes",
                    "kWp",
                    0,
                    5_000,
                    2023,
                    2027,
                ),
            ),
            demo.Measure(
                "eco_driving",
                "PLTO",
                ("PAEO",),
                ((2025, 300_000, "operating", "environment_fund"),),
                kpi("ผู้ขับขี่ที่ผ่านการอบรม", "Drivers trained", "persons", 0, 2_000, 2023, 2027),
            ),
        ],
    )


def make_reporter(username: str, province: str, agency: str):
    from django.contrib.auth import get_user_model

    from climateplan.site.models import Profile

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    Profile.objects.create(user=user, role="agency_reporter", province=province, agency=agency)
    return user


@pytest.fixture
def users(db):
    """One user per role; the provincial ones in Chiang Mai (TH-50), others of Lampang
    (TH-52); agency reporters of three agencies in Chiang Mai and one in Lampang."""
    made = {
        "admin": make_user("admin", "national_admin"),
        "reviewer": make_user("reviewer", "national_reviewer"),
        "editor": make_user("editor", "provincial_editor", "TH-50"),
        "approver": make_user("approver", "provincial_approver", "TH-50"),
        "viewer": make_user("viewer", "provincial_viewer", "TH-50"),
        "other_editor": make_user("other_editor", "provincial_editor", "TH-52"),
        "other_approver": make_user("other_approver", "provincial_approver", "TH-52"),
        "other_viewer": make_user("other_viewer", "provincial_viewer", "TH-52"),
        "no_role": make_user("no_role", None),
        "other_reporter": make_reporter("other_reporter", "TH-52", "PAEO"),
    }
    for name, agency in REPORTER_AGENCIES.items():
        made[name] = make_reporter(name, "TH-50", agency)
    return made


def publish(plan):
    """Mark a plan and its sections published (the workflow itself is tested in tests/plans)."""
    from django.utils import timezone

    from climateplan.plans.web.models import Plan, Section

    now = timezone.now()
    Section.objects.filter(plan=plan).update(state="published")
    Plan.objects.filter(pk=plan.pk).update(
        state="published", approved_at=now, published_at=now, endorsed_at=now
    )
    plan.refresh_from_db()
    return plan


def fill_plan(users, plan):
    """The Chiang Mai demo spec's measures and adaptation actions, through the services."""
    from climateplan.plans.web import demo, services
    from climateplan.plans.web.access import plan_access_for

    spec = plan_spec()
    editor = users["editor"]
    access = plan_access_for(editor)
    for kind, inputs, actions in (
        (
            "reduction",
            demo.reduction_inputs(spec, plan.base_year),
            demo.reduction_actions(spec),
        ),
        ("adaptation", demo.adaptation_inputs(), demo.adaptation_actions(spec)),
    ):
        plan.refresh_from_db()
        section = plan.sections.get(kind=kind)
        services.write_section(
            access,
            editor,
            section,
            expected_revision=plan.revision,
            inputs=inputs,
            actions=actions,
        )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def draft_plan(users, base_inventory):  # noqa: F811 - the imported fixture
    """A draft Chiang Mai plan 2023-2027 with three measures and two adaptation actions."""
    return fill_plan(users, make_plan(users, base_inventory))


@pytest.fixture
def monitored_plan(draft_plan):
    """The same plan, published: progress can be reported on it."""
    return publish(draft_plan)
