"""The demo plans: fictional plans built on the demo inventories, through the services.

Every plan is made the way an officer makes one: created, its sections written with
inputs and actions (each write computed by the section's handler), endorsed by the
province's approver, submitted, reviewed, published, all through
:mod:`climateplan.plans.web.services`; no result is written by hand. The plans,
budgets, KPIs and the province's own target are fictional and labelled so in their
titles and endorsement notes; the risk profiles use the shipped synthetic example
indicators (marked synthetic on every page).

- Kamphaeng Phet (TH-62, where ``demo-editor`` works): a provincial plan 2566-2570 BE,
  complete, endorsed at meeting 1/2567 and published;
- Bangkok (TH-10): the master plan 2564-2573 BE, its measures and actions owned by the
  BMA departments of the master plan's working group, approved and published (its
  monitoring demo, :mod:`climateplan.monitoring.web.demo`, follows it into action);
- Chiang Mai (TH-50): a provincial plan whose risk profile a reviewer returned with a
  comment (it stays in the national review queue, its other sections waiting).

Loading twice changes nothing: a plan of the same province and period is left as it is.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files

import pandas as pd
from django.contrib.auth import get_user_model

from climateplan.inventory.web.demo import DemoAccount
from climateplan.inventory.web.models import Inventory
from climateplan.inventory.web.models import State as InventoryState
from climateplan.plans.web import services
from climateplan.plans.web.access import plan_access_for
from climateplan.plans.web.models import Plan, SectionKind
from climateplan.plans.web.sections import ActionData
from climateplan.reference.agencies import find_agency
from climateplan.site.models import Profile, Role

DEMO_PLAN_NOTE = "แผนสมมติสำหรับการสาธิตเท่านั้น / fictional demo plan, not any province's plan"
DEMO_LABEL_TH = " (ข้อมูลสาธิต)"
DEMO_LABEL_EN = " (fictional demo)"

# username, role, province: the plan workflow's people (the inventory demo makes the
# reviewer, administrator and the Kamphaeng Phet editor and viewer)
DEMO_PLAN_ACCOUNTS = (
    ("demo-approver", Role.PROVINCIAL_APPROVER, "TH-62"),
    ("bma-editor", Role.PROVINCIAL_EDITOR, "TH-10"),
    ("bma-approver", Role.PROVINCIAL_APPROVER, "TH-10"),
    ("cm-editor", Role.PROVINCIAL_EDITOR, "TH-50"),
    ("cm-approver", Role.PROVINCIAL_APPROVER, "TH-50"),
)
REVIEWER = "demo-reviewer"


# --------------------------------------------------------------------------- accounts


def create_plan_accounts() -> list[DemoAccount]:
    """The plan demo's accounts, each with a fresh random password (returned once)."""
    made = []
    users = get_user_model()
    for username, role, province in DEMO_PLAN_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        user, _ = users.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = user.is_superuser = False
        user.save()
        Profile.objects.update_or_create(user=user, defaults={"role": role, "province": province})
        made.append(DemoAccount(username, password, role, province))
    return made


def _user(username: str, role: str, province: str = ""):
    """A demo user; made without a usable password when the accounts were not created
    (tests and benchmarks load the plans without printing passwords)."""
    users = get_user_model()
    user, created = users.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.save()
    Profile.objects.get_or_create(user=user, defaults={"role": role, "province": province})
    return user


# --------------------------------------------------------------------------- what the plans hold


@dataclass
class Measure:
    """A library reduction measure as the demo plan adopts it (fictional budget and KPI)."""

    library_id: str
    owner: str  # agency code (reference.agencies)
    co: tuple[str, ...] = ()
    budget: tuple[tuple[int, float, str, str], ...] = ()  # (fiscal year CE, THB, kind, source)
    kpi: dict = field(default_factory=dict)
    years: tuple[int, int] | None = None


@dataclass
class Adaptation:
    """A library adaptation option as the demo plan adopts it (fictional budget)."""

    option: str
    code: str
    owner: str
    co: tuple[str, ...] = ()
    budget: tuple[tuple[int, float, str, str], ...] = ()
    indicator: tuple[str, str, str, float, float] | None = None  # en, th, unit, base, target
    # the working group's scores 1-5: technical, institutional feasibility, co-benefits
    feasibility: tuple[int, int, int] = (4, 3, 3)
    years: tuple[int, int] | None = None


@dataclass
class DemoPlan:
    province: str
    kind: str
    title_th: str
    title_en: str
    start: int  # CE
    end: int
    editor: str
    approver: str
    measures: list[Measure]
    actions: list[Adaptation]
    province_target: dict | None = None
    endorsement: dict | None = None
    # what happens after the endorsement: "publish", "submit" or "return"
    outcome: str = "publish"
    return_comment: tuple[str, str] = ("", "")  # section kind, comment


def _kpi(
    name_th: str, name_en: str, unit: str, baseline: float, target: float, start: int, end: int
):
    return {
        "name_th": name_th,
        "name_en": name_en,
        "unit": unit,
        "baseline": baseline,
        "baseline_year": start - 1,
        "target": target,
        "target_year": end,
    }


def _yearly(first: int, last: int, amount: float, kind: str, source: str):
    return tuple((year, amount, kind, source) for year in range(first, last + 1))


KAMPHAENG_PHET = DemoPlan(
    province="TH-62",
    kind=Plan.Kind.PROVINCIAL,
    title_th="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดกำแพงเพชร พ.ศ. 2566-2570",
    title_en="Kamphaeng Phet climate change plan 2023-2027",
    start=2023,
    end=2027,
    editor="demo-editor",
    approver="demo-approver",
    measures=[
        Measure(
            "awd_rice",
            "PAEO",
            ("RICE", "RID"),
            _yearly(2024, 2027, 1_500_000, "operating", "provincial"),
            _kpi("พื้นที่นาเปียกสลับแห้ง", "Rice area under AWD", "rai", 2_000, 60_000, 2023, 2027),
        ),
        Measure(
            "no_burn_sugarcane",
            "PAEO",
            ("OCSB", "PNREO"),
            _yearly(2024, 2027, 800_000, "operating", "ministry"),
            _kpi("สัดส่วนอ้อยสดที่ไม่เผา", "Share of cane harvested green", "%", 35, 80, 2023, 2027),
        ),
        Measure(
            "no_burn_rice_straw",
            "PAEO",
            ("LDD", "PNREO"),
            _yearly(2024, 2027, 600_000, "operating", "provincial"),
            _kpi(
                "พื้นที่นาที่ไม่เผาฟางข้าว",
                "Rice area without straw burning",
                "rai",
                10_000,
                120_000,
                2023,
                2027,
            ),
        ),
        Measure(
            "rooftop_solar_public",
            "PEO",
            ("PEA", "PROV"),
            (
                (2024, 6_000_000, "capital", "ministry"),
                (2025, 6_000_000, "capital", "environment_fund"),
            ),
            _kpi(
                "กำลังผลิตโซลาร์รูฟท็อปบนอาคารภาครัฐ",
                "Rooftop solar on public buildings",
                "kWp",
                150,
                2_500,
                2023,
                2027,
            ),
        ),
        Measure(
            "waste_separation_composting",
            "PNREO",
            ("LAO", "PLAO"),
            _yearly(2024, 2027, 1_200_000, "operating", "local"),
            _kpi(
                "ขยะอินทรีย์ที่นำไปทำปุ๋ยหมัก",
                "Organic waste composted",
                "t per year",
                1_000,
                12_000,
                2023,
                2027,
            ),
        ),
    ],
    actions=[
        Adaptation(
            "flood_retention_area",
            "KPP-A01",
            "RID",
            ("LAO", "PNREO"),
            ((2025, 25_000_000, "capital", "ministry"), (2026, 25_000_000, "capital", "ministry")),
            ("Retention storage", "ปริมาณน้ำที่พื้นที่รับน้ำรองรับได้", "million m3", 0, 12),
        ),
        Adaptation(
            "river_flood_forecasting",
            "KPP-A02",
            "PDPMO",
            ("TMD", "RID"),
            (
                (2024, 3_500_000, "capital", "provincial"),
                (2025, 400_000, "operating", "provincial"),
            ),
            ("Telemetry stations", "สถานีโทรมาตร", "stations", 2, 10),
        ),
        Adaptation(
            "farm_ponds",
            "KPP-A03",
            "LDD",
            ("DOAE", "PAEO"),
            _yearly(2024, 2027, 4_000_000, "capital", "ministry"),
            ("Farm ponds dug", "บ่อน้ำในไร่นาที่ขุดแล้ว", "ponds", 0, 1_600),
        ),
        Adaptation(
            "heat_health_warning",
            "KPP-A04",
            "PHO",
            ("TMD", "LAO"),
            ((2024, 900_000, "capital", "provincial"), (2025, 250_000, "operating", "local")),
            ("Villages reached by heat alerts", "หมู่บ้านที่ได้รับการเตือนภัยความร้อน", "villages", 0, 900),
        ),
    ],
    province_target={
        "name": "kpp_2027",
        "kind": "bau_relative",
        "value": 5,
        "year": 2027,
        "source": "เป้าหมายสมมติของจังหวัด (ข้อมูลสาธิต) / fictional provincial target (demo)",
        "description_th": "ลดลงร้อยละ 5 จากกรณีปกติในปี พ.ศ. 2570 (เป้าหมายสมมติ)",
        "description_en": "5 % below BAU in 2027 (fictional target)",
    },
    endorsement={
        "body": "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดกำแพงเพชร",
        "meeting": "1/2567",
        "date": dt.date(2024, 3, 15),
        "authority": "ผู้ว่าราชการจังหวัดกำแพงเพชร (ประธานคณะทำงาน)",
    },
    outcome="publish",
)

BANGKOK = DemoPlan(
    province="TH-10",
    kind=Plan.Kind.MASTER,
    title_th="แผนแม่บทกรุงเทพมหานครว่าด้วยการเปลี่ยนแปลงสภาพภูมิอากาศ พ.ศ. 2564-2573",
    title_en="Bangkok Master Plan on Climate Change 2021-2030",
    start=2021,
    end=2030,
    editor="bma-editor",
    approver="bma-approver",
    measures=[
        Measure(
            "ev_buses",
            "BMA_TTD",
            ("BMA_ENV",),
            _yearly(2024, 2027, 20_000_000, "capital", "local"),
            _kpi("รถโดยสารไฟฟ้าที่ให้บริการ", "Electric buses in service", "buses", 0, 400, 2021, 2030),
        ),
        Measure(
            "led_street_lights",
            "BMA_PWD",
            ("MEA",),
            _yearly(2023, 2026, 15_000_000, "capital", "local"),
            _kpi("ไฟถนน LED", "LED street lights", "lamps", 20_000, 120_000, 2021, 2030),
        ),
        Measure(
            "building_energy_efficiency",
            "BMA_CPUD",
            ("BMA_PWD", "DEDE"),
            _yearly(2024, 2028, 8_000_000, "capital", "local"),
            _kpi(
                "อาคารของกรุงเทพมหานครที่ปรับปรุงแล้ว",
                "BMA buildings retrofitted",
                "buildings",
                5,
                120,
                2021,
                2030,
            ),
        ),
        Measure(
            "rooftop_solar_public",
            "BMA_SED",
            ("BMA_PWD", "MEA"),
            (
                (2024, 12_000_000, "capital", "local"),
                (2025, 12_000_000, "capital", "international"),
            ),
            _kpi(
                "กำลังผลิตโซลาร์รูฟท็อปบนอาคารของกรุงเทพมหานคร",
                "Rooftop solar on BMA buildings",
                "kWp",
                500,
                10_000,
                2021,
                2030,
            ),
        ),
        Measure(
            "waste_separation_composting",
            "BMA_ENV",
            ("BMA_SDD",),
            _yearly(2023, 2027, 10_000_000, "operating", "local"),
            _kpi("ขยะอินทรีย์ที่คัดแยก", "Organic waste separated", "t per day", 300, 2_000, 2021, 2030),
        ),
    ],
    actions=[
        Adaptation(
            "sustainable_urban_drainage",
            "BKK-A01",
            "BMA_DDS",
            ("BMA_CPUD",),
            _yearly(2024, 2027, 30_000_000, "capital", "local"),
            ("Rain gardens and retention", "สวนซับน้ำและพื้นที่หน่วงน้ำ", "sites", 10, 80),
        ),
        Adaptation(
            "canal_dredging_drainage",
            "BKK-A02",
            "BMA_DDS",
            ("BMA_PWD",),
            _yearly(2024, 2027, 45_000_000, "operating", "local"),
            ("Canals dredged", "คลองที่ขุดลอกแล้ว", "km", 0, 600),
        ),
        Adaptation(
            "urban_green_space",
            "BKK-A03",
            "BMA_ENV",
            ("BMA_CPUD",),
            _yearly(2024, 2027, 25_000_000, "capital", "local"),
            ("Street trees planted", "ต้นไม้ริมถนนที่ปลูกเพิ่ม", "trees", 0, 1_000_000),
        ),
        Adaptation(
            "heat_health_warning",
            "BKK-A04",
            "BMA_HD",
            ("BMA_MSD", "TMD"),
            ((2024, 2_000_000, "capital", "local"), (2025, 600_000, "operating", "local")),
            ("Districts with heat alerts", "เขตที่มีการเตือนภัยความร้อน", "districts", 0, 50),
        ),
        Adaptation(
            "resilient_health_facilities",
            "BKK-A05",
            "BMA_MSD",
            ("BMA_HD",),
            ((2025, 18_000_000, "capital", "local"), (2026, 18_000_000, "capital", "local")),
            ("Hospitals flood-proofed", "โรงพยาบาลที่ป้องกันน้ำท่วมแล้ว", "hospitals", 1, 11),
        ),
        Adaptation(
            "community_drm",
            "BKK-A06",
            "BMA_DPM",
            ("BMA_SDD",),
            _yearly(2024, 2027, 3_000_000, "operating", "local"),
            ("Communities with a disaster plan", "ชุมชนที่มีแผนรับมือภัยพิบัติ", "communities", 100, 2_000),
        ),
        Adaptation(
            "tourism_disaster_preparedness",
            "BKK-A07",
            "BMA_CST",
            ("BMA_DPM",),
            ((2025, 1_500_000, "operating", "local"),),
            ("Tourist sites with a plan", "แหล่งท่องเที่ยวที่มีแผนเตรียมความพร้อม", "sites", 0, 40),
        ),
    ],
    endorsement={
        "body": "คณะทำงานขับเคลื่อนแผนแม่บทกรุงเทพมหานครว่าด้วยการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "meeting": "2/2567",
        "date": dt.date(2024, 8, 20),
        "authority": "ผู้อำนวยการสำนักสิ่งแวดล้อม (ประธานคณะทำงาน)",
    },
    outcome="publish",
)

CHIANG_MAI = DemoPlan(
    province="TH-50",
    kind=Plan.Kind.PROVINCIAL,
    title_th="แผนการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่ พ.ศ. 2566-2570",
    title_en="Chiang Mai climate change plan 2023-2027",
    start=2023,
    end=2027,
    editor="cm-editor",
    approver="cm-approver",
    measures=[
        Measure(
            "no_burn_rice_straw",
            "PAEO",
            ("PNREO",),
            _yearly(2024, 2027, 700_000, "operating", "provincial"),
            _kpi(
                "พื้นที่นาที่ไม่เผาฟางข้าว",
                "Rice area without straw burning",
                "rai",
                5_000,
                80_000,
                2023,
                2027,
            ),
        ),
        Measure(
            "led_street_lights",
            "LAO",
            ("PEA",),
            _yearly(2024, 2026, 3_000_000, "capital", "local"),
            _kpi("ไฟถนน LED", "LED street lights", "lamps", 1_000, 15_000, 2023, 2027),
        ),
    ],
    actions=[
        Adaptation(
            "farm_ponds",
            "CM-A01",
            "LDD",
            ("DOAE",),
            _yearly(2024, 2027, 3_000_000, "capital", "ministry"),
            ("Farm ponds dug", "บ่อน้ำในไร่นาที่ขุดแล้ว", "ponds", 0, 1_200),
        ),
        Adaptation(
            "heat_health_warning",
            "CM-A02",
            "PHO",
            ("TMD",),
            ((2024, 700_000, "capital", "provincial"),),
            ("Villages reached by heat alerts", "หมู่บ้านที่ได้รับการเตือนภัยความร้อน", "villages", 0, 2_000),
        ),
    ],
    endorsement={
        "body": "คณะทำงานด้านการเปลี่ยนแปลงสภาพภูมิอากาศจังหวัดเชียงใหม่",
        "meeting": "1/2568",
        "date": dt.date(2025, 2, 10),
        "authority": "รองผู้ว่าราชการจังหวัดเชียงใหม่ (ประธานคณะทำงาน)",
    },
    outcome="return",
    return_comment=(
        SectionKind.RISK,
        "กรุณาแทนค่าตัวชี้วัดตัวอย่างด้วยข้อมูลของจังหวัด (เช่น ประชากรในพื้นที่เสี่ยงน้ำท่วมจาก ปภ.) "
        "/ please replace the example indicator values with the province's own figures "
        "(e.g. flood-prone population from DDPM)",
    ),
)

DEMO_PLANS = (KAMPHAENG_PHET, BANGKOK, CHIANG_MAI)


# --------------------------------------------------------------------------- section inputs


def _agency(code: str) -> str:
    """The name a plan stores as owner or co-operating agency (the agency's Thai name)."""
    return str(find_agency(code)["th"])


def _budget(lines) -> list[dict]:
    return [
        {"fiscal_year": year, "amount": float(amount), "kind": kind, "source": source}
        for year, amount, kind, source in lines
    ]


def reduction_inputs(spec: DemoPlan, base_year: int) -> dict:
    """Drivers (the shipped defaults), no grid path, the national targets (+ the province's)."""
    from climateplan.plans import reduction as core
    from climateplan.plans.reduction.inputs import NATIONAL_HORIZON

    drivers = core.default_drivers(spec.province, base_year, NATIONAL_HORIZON)
    targets = core.national_targets(base_year)
    if spec.province_target:
        targets.append(dict(spec.province_target))
    return {"drivers": drivers, "grid": [], "targets": targets, "settings": {}}


def _year(value) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def reduction_actions(spec: DemoPlan) -> list[ActionData]:
    from climateplan.plans import reduction as core
    from climateplan.plans.reduction.inputs import PLAN_MEASURE_FIELDS

    out = []
    for number, measure in enumerate(spec.measures, start=1):
        row = core.measure_from_library(measure.library_id)
        data = {k: v for k, v in row.items() if k not in (*PLAN_MEASURE_FIELDS, "id")}
        # the action's own years are the measure's (the library's unless the plan says)
        start, end = measure.years or (
            _year(data.pop("start_year", None)),
            _year(data.pop("end_year", None)),
        )
        out.append(
            ActionData(
                code=f"M{number:02d}",
                name_th=str(row.get("name_th") or measure.library_id),
                name_en=str(row.get("name_en") or ""),
                library_id=measure.library_id,
                data=data,
                owner_agency=_agency(measure.owner),
                co_agencies=[_agency(c) for c in measure.co],
                start_year=start,
                end_year=end,
                kpi=dict(measure.kpi),
                budget=_budget(measure.budget),
            )
        )
    return out


def _example_rows(name: str, province: str) -> list[dict]:
    from climateplan.plans.risk.inputs import frame_rows

    table = pd.read_csv(
        files("climateplan.risk") / "data" / name, encoding="utf-8-sig", dtype={"province": str}
    )
    return frame_rows(table[table["province"] == province])


def risk_inputs(province: str) -> dict:
    """The shipped synthetic example indicators and gridded indices of the province,
    marked synthetic (every page of the profile says so)."""
    from climateplan.plans.risk import RiskInputs
    from climateplan.risk.index.examples import EXAMPLE_GRIDDED, EXAMPLE_INDICATORS

    inputs = RiskInputs(
        indicators=_example_rows(EXAMPLE_INDICATORS, province),
        gridded=_example_rows(EXAMPLE_GRIDDED, province),
        synthetic={"indicators": True, "gridded": True},
    )
    return inputs.to_dict()


def adaptation_actions(spec: DemoPlan) -> list[ActionData]:
    """Library options answering the profile's hazards (through the section core's
    ``action_from_option``), owned by the plan's agencies; the working group's scores
    and the budget are the demo's."""
    from climateplan.plans.adaptation.library import action_from_option

    out = []
    for action in spec.actions:
        start, end = action.years or (spec.start + 1, spec.end)
        row = action_from_option(action.option, code=action.code, start_year=start, end_year=end)
        data = dict(row["data"])
        data.update(
            {
                "feasibility_technical": action.feasibility[0],
                "feasibility_institutional": action.feasibility[1],
                "co_benefits_score": action.feasibility[2],
            }
        )
        if action.indicator:
            en, th, unit, baseline, target = action.indicator
            data["indicators"] = [
                {
                    "kind": "output",
                    "name_en": en,
                    "name_th": th,
                    "unit": unit,
                    "baseline": baseline,
                    "target": target,
                    "year": end,
                }
            ]
        out.append(
            ActionData(
                code=action.code,
                name_th=row["name_th"],
                name_en=row["name_en"],
                library_id=row["library_id"],
                data=data,
                owner_agency=_agency(action.owner),
                co_agencies=[_agency(c) for c in action.co],
                start_year=start,
                end_year=end,
                kpi={},
                budget=_budget(action.budget),
            )
        )
    return out


def adaptation_inputs() -> dict:
    """The balanced weights preset and the default settings."""
    from climateplan.plans.adaptation import AdaptationInputs

    return AdaptationInputs().to_json()


# --------------------------------------------------------------------------- building


def _base_inventory(province: str, start_year: int) -> Inventory | None:
    """The province's latest approved or published inventory of a year up to the plan's
    first year."""
    usable = (InventoryState.APPROVED, InventoryState.PUBLISHED)
    return (
        Inventory.objects.filter(
            province=province, state__in=usable, is_latest=True, year__lte=start_year
        )
        .order_by("-year")
        .first()
    )


def _write(user, plan: Plan, kind: str, **changes) -> None:
    plan.refresh_from_db()
    section = plan.sections.get(kind=kind)
    services.write_section(
        plan_access_for(user), user, section, expected_revision=plan.revision, **changes
    )


def build_plan(spec: DemoPlan, echo: Callable[[str], None] = lambda _text: None) -> Plan | None:
    """One demo plan, through the services; None when its base inventory is missing or
    the plan exists already (loading twice changes nothing)."""
    if Plan.objects.filter(
        province=spec.province, start_year=spec.start, end_year=spec.end
    ).exists():
        return None
    base = _base_inventory(spec.province, spec.start)
    if base is None:
        echo(f"  {spec.province}: no approved inventory, plan skipped / ไม่มีบัญชีที่อนุมัติแล้ว ข้ามแผนนี้")
        return None
    editor = _user(spec.editor, Role.PROVINCIAL_EDITOR, spec.province)
    approver = _user(spec.approver, Role.PROVINCIAL_APPROVER, spec.province)
    reviewer = _user(REVIEWER, Role.NATIONAL_REVIEWER)
    plan = services.create_plan(
        plan_access_for(editor),
        editor,
        province=spec.province,
        kind=spec.kind,
        title_th=spec.title_th + DEMO_LABEL_TH,
        title_en=spec.title_en + DEMO_LABEL_EN,
        start_year=spec.start,
        end_year=spec.end,
        base_year=base.year,
        base_inventory=base,
    )
    _write(
        editor,
        plan,
        SectionKind.REDUCTION,
        inputs=reduction_inputs(spec, base.year),
        actions=reduction_actions(spec),
    )
    _write(editor, plan, SectionKind.RISK, inputs=risk_inputs(spec.province))
    _write(
        editor,
        plan,
        SectionKind.ADAPTATION,
        inputs=adaptation_inputs(),
        actions=adaptation_actions(spec),
    )
    plan.refresh_from_db()
    if spec.endorsement:
        plan = services.endorse(
            plan_access_for(approver),
            approver,
            plan,
            expected_revision=plan.revision,
            note=DEMO_PLAN_NOTE,
            **spec.endorsement,
        )
        plan = services.transition(
            plan_access_for(approver), approver, plan, "submit", expected_revision=plan.revision
        )
    reviewing = plan_access_for(reviewer)
    if spec.outcome == "publish":
        plan = services.transition(
            reviewing, reviewer, plan, "approve", expected_revision=plan.revision
        )
        plan = services.transition(
            reviewing, reviewer, plan, "publish", expected_revision=plan.revision
        )
    elif spec.outcome == "return":
        kind, comment = spec.return_comment
        services.review_section(
            reviewing,
            reviewer,
            plan.sections.get(kind=kind),
            "return",
            expected_revision=plan.revision,
            comment=comment,
        )
    plan.refresh_from_db()
    echo(f"  {spec.province} {plan.title_en}: {plan.state}")
    return plan


def demo_plans_loaded() -> bool:
    return Plan.objects.filter(endorsement_note=DEMO_PLAN_NOTE).exists()


def load_plans(echo: Callable[[str], None] = lambda _text: None) -> list[Plan]:
    """Build every demo plan not there yet; returns the plans made."""
    made = []
    for spec in DEMO_PLANS:
        plan = build_plan(spec, echo)
        if plan is not None:
            made.append(plan)
    return made


def load_plans_demo(echo: Callable[[str], None] = lambda _text: None) -> list[DemoAccount]:
    """The plan demo's accounts and plans (after the demo inventories); returns the
    accounts, with their passwords, for the caller to print once."""
    accounts = create_plan_accounts()
    echo("ข้อมูลสาธิต: จัดทำแผน / demo data: building plans ...")
    made = load_plans(echo)
    echo(f"สร้างแผนสาธิต {len(made)} แผน / {len(made)} demo plans created")
    return accounts


__all__ = [
    "DEMO_PLANS",
    "DEMO_PLAN_ACCOUNTS",
    "DEMO_PLAN_NOTE",
    "build_plan",
    "create_plan_accounts",
    "demo_plans_loaded",
    "load_plans",
    "load_plans_demo",
]
