"""The monitoring demo: Bangkok's master plan (the demo plan) followed into action.

Built the way the secretariat and the departments would build it, through the
monitoring services: the working group of the eleven BMA departments (the Department
of Environment chairs it), agency reporter accounts of four departments, a development
plan structure with the actions linked to its strategies and projects, funding, the
reporting periods of fiscal years 2568 and 2569 BE (both halves of 2568 reported and
accepted, one action delayed with a reason; the first half of 2569 open, with reports
submitted, one returned, one in draft and some missing), and the working group's
meeting 1/2568 with its attendees, minutes and decisions.

Everything here is fictional and says so: the development plan's title and items, the
contact persons, the reports' comments, the meeting's record. Loading twice changes
nothing: a plan whose working group is set up is left as it is.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from climateplan.inventory.web.demo import DemoAccount
from climateplan.plans.web.demo import BANGKOK, DEMO_PLAN_NOTE
from climateplan.plans.web.models import Plan
from climateplan.site.models import Profile, Role

DEMO_TH = " (ข้อมูลสาธิต)"
DEMO_EN = " (fictional demo)"
FICTIONAL = "ข้อมูลสมมติสำหรับการสาธิต / fictional demo data"
PROVINCE = BANGKOK.province
SECRETARIAT = BANGKOK.editor  # the provincial editor: the working group's secretariat

# --------------------------------------------------------------------------- people

# The working group (the eleven departments of reference.agencies, in its order):
# (agency code, role, contact title). Environment chairs; Strategy and Evaluation, which
# follows the BMA's plans, is the secretary.
WORKING_GROUP = (
    ("BMA_ENV", "chair", "ผู้อำนวยการสำนักสิ่งแวดล้อม"),
    ("BMA_PWD", "member", "ผู้แทนสำนักการโยธา"),
    ("BMA_TTD", "member", "ผู้แทนสำนักการจราจรและขนส่ง"),
    ("BMA_DDS", "member", "ผู้แทนสำนักการระบายน้ำ"),
    ("BMA_MSD", "member", "ผู้แทนสำนักการแพทย์"),
    ("BMA_CPUD", "member", "ผู้แทนสำนักการวางผังและพัฒนาเมือง"),
    ("BMA_HD", "member", "ผู้แทนสำนักอนามัย"),
    ("BMA_SDD", "member", "ผู้แทนสำนักพัฒนาสังคม"),
    ("BMA_CST", "member", "ผู้แทนสำนักวัฒนธรรม กีฬา และการท่องเที่ยว"),
    ("BMA_SED", "secretary", "ผู้อำนวยการกองยุทธศาสตร์และประเมินผล"),
    ("BMA_DPM", "member", "ผู้แทนสำนักป้องกันและบรรเทาสาธารณภัย"),
)

# Agency reporters: username -> agency code (their passwords are printed once).
REPORTERS = {
    "bma-env-reporter": "BMA_ENV",
    "bma-dds-reporter": "BMA_DDS",
    "bma-hd-reporter": "BMA_HD",
    "bma-msd-reporter": "BMA_MSD",
}


def contact_email(code: str) -> str:
    """A contact address of the demo (the reserved example.org domain: never delivered)."""
    return f"{code.lower().replace('_', '-')}@example.org"


# --------------------------------------------------------------------------- development plan

DEVELOPMENT_PLAN = {
    "start_year": 2023,
    "end_year": 2027,
    "title_th": "แผนพัฒนากรุงเทพมหานคร พ.ศ. 2566-2570" + DEMO_TH,
    "title_en": "Bangkok development plan 2023-2027" + DEMO_EN,
}

# (code, Thai name, English name[, agency code, budget THB, fiscal year CE]): the level
# is the code's depth (1 an issue, 1.1 a strategy, 1.1.1 a programme, 1.1.1.1 a project)
# and the parent the code without its last part.
DEVELOPMENT_ITEMS = (
    ("1", "เมืองคาร์บอนต่ำ", "A low-carbon city"),
    ("1.1", "พลังงานสะอาดและการเดินทางคาร์บอนต่ำ", "Clean energy and low-carbon travel"),
    ("1.1.1", "พลังงานสะอาดในอาคารและถนน", "Clean energy in buildings and streets"),
    ("1.1.1.1", "เปลี่ยนไฟถนนเป็นหลอด LED", "LED street lights", "BMA_PWD", 15e6, 2025),
    ("1.1.1.2", "โซลาร์รูฟท็อปบนอาคารสำนักงาน", "Rooftop solar on offices", "BMA_SED", 12e6, 2025),
    ("1.1.1.3", "ปรับปรุงประสิทธิภาพพลังงานอาคาร", "Building energy retrofits", "BMA_CPUD", 8e6, 2025),
    ("1.1.2", "ขนส่งสาธารณะไฟฟ้า", "Electric public transport"),
    ("1.1.2.1", "จัดหารถโดยสารไฟฟ้า ระยะที่ 1", "Electric buses, phase 1", "BMA_TTD", 20e6, 2026),
    ("1.2", "ลดและคัดแยกขยะที่ต้นทาง", "Less waste, separated at source"),
    ("1.2.1", "ขยะอินทรีย์", "Organic waste"),
    ("1.2.1.1", "คัดแยกขยะอินทรีย์และทำปุ๋ยหมัก", "Organic waste composting", "BMA_ENV", 10e6, 2025),
    ("2", "เมืองปลอดภัยจากน้ำท่วมและความร้อน", "A city safe from floods and heat"),
    ("2.1", "ระบบระบายน้ำและพื้นที่หน่วงน้ำ", "Drainage and retention"),
    ("2.1.1", "ป้องกันและบรรเทาน้ำท่วม", "Flood prevention"),
    ("2.1.1.1", "ขุดลอกคลองและทางระบายน้ำ", "Dredging canals and drains", "BMA_DDS", 45e6, 2025),
    ("2.1.1.2", "สวนซับน้ำและพื้นที่หน่วงน้ำ", "Rain gardens and retention", "BMA_DDS", 30e6, 2025),
    ("2.2", "เมืองสีเขียวและร่มรื่น", "A green and shaded city"),
    ("2.2.1", "ต้นไม้และสวนสาธารณะ", "Trees and parks"),
    ("2.2.1.1", "ปลูกต้นไม้ริมถนน", "Street tree planting", "BMA_ENV", 25e6, 2025),
    ("2.3", "สุขภาพและความพร้อมรับภัยพิบัติ", "Health and disaster preparedness"),
    ("2.3.1", "เตือนภัยและเตรียมพร้อม", "Warning and preparedness"),
    ("2.3.1.1", "ระบบเตือนภัยสุขภาพจากความร้อน", "Heat-health warning", "BMA_HD", 6e5, 2025),
    ("2.3.1.2", "ชุมชนเตรียมพร้อมรับภัยพิบัติ", "Community preparedness", "BMA_DPM", 3e6, 2025),
)
LEVELS_BY_DEPTH = ("issue", "strategy", "programme", "project")


def development_records():
    """The demo's development plan as the layout's records, checked by its rules."""
    from climateplan.monitoring.devplan import DevelopmentRecord, check_development_plan
    from climateplan.reference.agencies import find_agency

    records = []
    for code, th, en, *project in DEVELOPMENT_ITEMS:
        agency, budget, year = project or ("", None, None)
        records.append(
            DevelopmentRecord(
                level=LEVELS_BY_DEPTH[code.count(".")],
                code=code,
                parent_code=code.rpartition(".")[0],
                name_th=th + DEMO_TH if "." not in code else th,
                name_en=en + DEMO_EN if "." not in code else en,
                agency=str(find_agency(agency)["th"]) if agency else "",
                budget=budget,
                fiscal_year=year,
            )
        )
    return check_development_plan(records)


# action code -> (strategy code, project code or "", location)
LINKS = {
    "M01": ("1.1", "1.1.2.1", "เส้นทางเดินรถในเขตชั้นใน"),
    "M02": ("1.1", "1.1.1.1", "ถนนสายหลัก 50 เขต"),
    "M03": ("1.1", "1.1.1.3", "อาคารสำนักงานของกรุงเทพมหานคร"),
    "M04": ("1.1", "1.1.1.2", "อาคารสำนักงานของกรุงเทพมหานคร"),
    "M05": ("1.2", "1.2.1.1", "50 เขต"),
    "BKK-A01": ("2.1", "2.1.1.2", "พื้นที่น้ำท่วมซ้ำซาก"),
    "BKK-A02": ("2.1", "2.1.1.1", "คลองสายหลักและสายรอง"),
    "BKK-A03": ("2.2", "2.2.1.1", "50 เขต"),
    "BKK-A04": ("2.3", "2.3.1.1", "50 เขต"),
    "BKK-A05": ("2.3", "", "โรงพยาบาลสังกัดกรุงเทพมหานคร"),
    "BKK-A06": ("2.3", "2.3.1.2", "ชุมชนริมคลองและพื้นที่เสี่ยง"),
    "BKK-A07": ("2.3", "", "แหล่งท่องเที่ยวริมแม่น้ำเจ้าพระยา"),
}

# The project sheet of two actions (the development-plan annex shows it).
PROJECT_SHEETS = {
    "M02": {
        "rationale": "ไฟถนนแบบเดิมใช้ไฟฟ้ามาก การเปลี่ยนเป็นหลอด LED ลดการใช้ไฟฟ้าและค่าไฟของกรุงเทพมหานคร"
        + DEMO_TH,
        "objectives": "ลดการใช้ไฟฟ้าของไฟถนนและลดการปล่อยก๊าซเรือนกระจก" + DEMO_TH,
        "targets": "ไฟถนน LED 120,000 ดวง ภายในปี พ.ศ. 2573" + DEMO_TH,
        "activities": "สำรวจไฟถนนเดิม จัดซื้อและติดตั้งหลอด LED ติดตามการใช้ไฟฟ้า" + DEMO_TH,
    },
    "BKK-A02": {
        "rationale": "คลองตื้นเขินทำให้ระบายน้ำฝนได้ช้า เกิดน้ำท่วมขังในฤดูฝน" + DEMO_TH,
        "objectives": "เพิ่มความสามารถในการระบายน้ำของคลองและทางระบายน้ำ" + DEMO_TH,
        "targets": "ขุดลอกคลองและทางระบายน้ำ 600 กิโลเมตร" + DEMO_TH,
        "activities": "สำรวจความตื้นเขิน ขุดลอก ขนย้ายตะกอน ตรวจวัดการระบายน้ำ" + DEMO_TH,
    },
}

# Funding actually allocated: (action code, fiscal year CE, THB, source, project code)
FUNDING = (
    ("M02", 2025, 15_000_000, "local", "1.1.1.1"),
    ("M02", 2026, 15_000_000, "local", "1.1.1.1"),
    ("M03", 2025, 8_000_000, "local", "1.1.1.3"),
    ("M04", 2025, 12_000_000, "international", "1.1.1.2"),
    ("M05", 2025, 10_000_000, "local", "1.2.1.1"),
    ("M05", 2026, 10_000_000, "local", "1.2.1.1"),
    ("BKK-A01", 2025, 30_000_000, "local", "2.1.1.2"),
    ("BKK-A02", 2025, 45_000_000, "local", "2.1.1.1"),
    ("BKK-A02", 2026, 40_000_000, "local", "2.1.1.1"),
    ("BKK-A03", 2025, 25_000_000, "local", "2.2.1.1"),
    ("BKK-A04", 2025, 600_000, "local", "2.3.1.1"),
    ("BKK-A05", 2025, 18_000_000, "ministry", ""),
    ("BKK-A06", 2025, 3_000_000, "local", "2.3.1.2"),
    ("BKK-A06", 2026, 1_500_000, "environment_fund", "2.3.1.2"),
)
FUNDING_REFERENCE = "ข้อบัญญัติงบประมาณรายจ่ายประจำปี (ข้อมูลสาธิต) / annual budget ordinance (fictional)"

# --------------------------------------------------------------------------- reports

# The periods: fiscal years 2568 and 2569 BE in halves, due 30 days after they end.
FISCAL_YEARS = (2025, 2026)
PERIOD_MONTHS = 6
DUE_DAYS = 30


@dataclass(frozen=True)
class DemoReport:
    """One action's report of one period (cumulative percent and KPI value)."""

    code: str
    status: str
    percent: float
    disbursed: float
    value: float | None
    comment: str = ""
    reason: str = ""
    # what becomes of it: "accepted", "submitted", "returned" or "draft"
    outcome: str = "accepted"
    review_comment: str = ""


def _r(code, status, percent, disbursed, value, comment="", **kw) -> DemoReport:
    return DemoReport(
        code, status, percent, disbursed, value, comment + DEMO_TH if comment else "", **kw
    )


NOT_YET = "ยังไม่ถึงปีที่เริ่มดำเนินการตามแผน"
DELAY_REASON = (
    "การประกวดราคางานออกแบบระบบป้องกันน้ำท่วมของโรงพยาบาลมีผู้เสนอราคารายเดียว "
    "ต้องประกาศใหม่ คาดว่าจะลงนามในสัญญาได้ในรอบถัดไป" + DEMO_TH
)

# (fiscal year CE, period number) -> reports
REPORTS = {
    (2025, 1): (
        _r("M01", "not_started", 0, 0, 0, NOT_YET),
        _r("M02", "on_track", 20, 6_000_000, 32_000, "ติดตั้งในถนนสายหลัก 12 เขต"),
        _r("M03", "on_track", 10, 2_500_000, 12, "ตรวจวัดพลังงานอาคารแล้ว 20 อาคาร"),
        _r("M04", "on_track", 15, 4_000_000, 1_400, "ติดตั้งบนอาคารสำนักงานเขต 6 แห่ง"),
        _r("M05", "on_track", 20, 4_200_000, 420, "ขยายจุดรับขยะอินทรีย์ในตลาด 30 แห่ง"),
        _r("BKK-A01", "on_track", 15, 9_000_000, 16, "สร้างสวนซับน้ำเพิ่ม 6 แห่ง"),
        _r("BKK-A02", "on_track", 25, 18_000_000, 110, "ขุดลอกคลองก่อนฤดูฝน"),
        _r("BKK-A03", "on_track", 12, 7_500_000, 180_000, "ปลูกร่วมกับภาคเอกชน"),
        _r("BKK-A04", "on_track", 30, 900_000, 14, "เริ่มแจ้งเตือนในเขตนำร่อง"),
        _r("BKK-A05", "not_started", 0, 0, 1, "อยู่ระหว่างจัดทำขอบเขตงานออกแบบ"),
        _r("BKK-A06", "on_track", 10, 1_100_000, 260, "อบรมคณะกรรมการชุมชน"),
        _r("BKK-A07", "not_started", 0, 0, 0, "รองบประมาณปี พ.ศ. 2568"),
    ),
    (2025, 2): (
        _r("M01", "not_started", 0, 0, 0, NOT_YET),
        _r("M02", "on_track", 35, 7_500_000, 48_500, "ติดตั้งเพิ่มในถนนสายรอง"),
        _r("M03", "on_track", 22, 3_800_000, 26, "ปรับปรุงระบบปรับอากาศและแสงสว่าง"),
        _r("M04", "on_track", 30, 6_500_000, 2_600, "ติดตั้งบนอาคารโรงเรียน 8 แห่ง"),
        _r("M05", "on_track", 32, 5_100_000, 560, "เพิ่มรถเก็บขยะอินทรีย์แยกประเภท"),
        _r("BKK-A01", "on_track", 28, 13_000_000, 24, "สวนซับน้ำแล้วเสร็จ 8 แห่ง"),
        _r("BKK-A02", "on_track", 45, 21_000_000, 230, "ขุดลอกคลองสายรอง"),
        _r("BKK-A03", "on_track", 25, 11_000_000, 340_000, "ปลูกต้นไม้ริมถนนสายหลัก"),
        _r("BKK-A04", "on_track", 55, 500_000, 26, "ขยายการแจ้งเตือนเป็น 26 เขต"),
        _r(
            "BKK-A05",
            "delayed",
            10,
            1_200_000,
            1,
            "ออกแบบเบื้องต้นแล้วเสร็จ",
            reason=DELAY_REASON,
        ),
        _r("BKK-A06", "on_track", 22, 1_300_000, 540, "ชุมชนจัดทำแผนรับมือภัยพิบัติเพิ่ม"),
        _r("BKK-A07", "on_track", 40, 700_000, 12, "จัดทำแผนของแหล่งท่องเที่ยวนำร่อง"),
    ),
    (2026, 1): (
        _r(
            "M02",
            "on_track",
            45,
            6_000_000,
            61_000,
            "ติดตั้งเพิ่มในถนนสายรอง",
            outcome="submitted",
        ),
        _r(
            "M05",
            "on_track",
            41,
            4_800_000,
            700,
            "ขยายจุดรับขยะอินทรีย์ในชุมชน",
            outcome="submitted",
        ),
        _r(
            "BKK-A02",
            "on_track",
            58,
            19_000_000,
            330,
            "ขุดลอกคลองก่อนฤดูฝน",
            outcome="submitted",
        ),
        _r(
            "BKK-A04",
            "on_track",
            70,
            200_000,
            38,
            "แจ้งเตือนครบ 38 เขต",
            outcome="submitted",
        ),
        _r(
            "BKK-A06",
            "on_track",
            31,
            1_200_000,
            790,
            "อบรมอาสาสมัครชุมชน",
            outcome="submitted",
        ),
        _r(
            "BKK-A05",
            "delayed",
            15,
            400_000,
            1,
            "ประกาศประกวดราคาใหม่แล้ว",
            reason=DELAY_REASON,
            outcome="returned",
            review_comment=(
                "กรุณาแนบแผนการจัดซื้อจัดจ้างฉบับใหม่และระบุวันที่คาดว่าจะลงนามในสัญญา"
                " / please attach the new procurement plan and the expected date of the"
                " contract" + DEMO_TH
            ),
        ),
        _r("BKK-A01", "on_track", 35, 5_000_000, 29, "สวนซับน้ำอยู่ระหว่างก่อสร้าง", outcome="draft"),
    ),
}
# Actions with no report in the open period (the overdue list names them):
# M01, M03, M04, BKK-A03, BKK-A07.

# --------------------------------------------------------------------------- the meeting

MEETING = {
    "number": "1/2568",
    "date": dt.date(2025, 5, 22),
    "mode": "hybrid",
    "location": "ห้องประชุมสำนักสิ่งแวดล้อม ศาลาว่าการกรุงเทพมหานคร 2" + DEMO_TH,
    "link": "https://meet.example.org/bma-climate-1-2568",
    "period": (2025, 1),
    # every member but these two attended
    "absent": ("BMA_CST", "BMA_SDD"),
    "other_attendees": "ผู้แทนการไฟฟ้านครหลวง (กฟน.)" + DEMO_TH,
    "agenda": (
        "1. เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ\n"
        "2. รับรองรายงานการประชุมครั้งที่ 2/2567\n"
        "3. ผลการดำเนินงานตามแผนแม่บท รอบที่ 1 ปีงบประมาณ พ.ศ. 2568\n"
        "4. เรื่องอื่น ๆ" + DEMO_TH
    ),
    "minutes": (
        "ประธานแจ้งว่ากรุงเทพมหานครได้รับความเห็นชอบแผนแม่บทแล้ว และขอให้ทุกสำนักรายงานผล"
        "การดำเนินงานทุกหกเดือนผ่านระบบ ฝ่ายเลขานุการสรุปผลรอบที่ 1 ปีงบประมาณ พ.ศ. 2568 "
        "ว่ามาตรการส่วนใหญ่เป็นไปตามแผน มาตรการรถโดยสารไฟฟ้าจะเริ่มในปี พ.ศ. 2569 และโครงการ"
        "สถานบริการสุขภาพที่ปรับตัวต่อสภาพภูมิอากาศยังไม่เริ่ม ที่ประชุมรับทราบและมีมติตามรายการ" + DEMO_TH
    ),
    # (text, action codes, due date)
    "decisions": (
        (
            "รับทราบผลการดำเนินงานรอบที่ 1 ปีงบประมาณ พ.ศ. 2568" + DEMO_TH,
            (),
            None,
        ),
        (
            "ให้สำนักการแพทย์เร่งจัดทำขอบเขตงานออกแบบระบบป้องกันน้ำท่วมของโรงพยาบาล"
            "และรายงานในการประชุมครั้งถัดไป" + DEMO_TH,
            ("BKK-A05",),
            dt.date(2025, 8, 31),
        ),
        (
            "ให้สำนักการจราจรและขนส่งจัดทำแผนการจัดหารถโดยสารไฟฟ้าสำหรับปีงบประมาณ พ.ศ. 2569" + DEMO_TH,
            ("M01",),
            dt.date(2025, 9, 30),
        ),
    ),
}


def demo_plan() -> Plan | None:
    """Bangkok's demo master plan (the latest version), if the plan demo made it."""
    return (
        Plan.objects.filter(
            province=PROVINCE,
            start_year=BANGKOK.start,
            end_year=BANGKOK.end,
            endorsement_note=DEMO_PLAN_NOTE,
            is_latest=True,
        )
        .order_by("-version")
        .first()
    )


# --------------------------------------------------------------------------- accounts


def create_reporter_accounts() -> list[DemoAccount]:
    """The agency reporters of the demo, each with a fresh random password (returned once)."""
    made = []
    users = get_user_model()
    for username, agency in REPORTERS.items():
        password = secrets.token_urlsafe(12)
        user, _ = users.objects.get_or_create(username=username)
        user.set_password(password)
        user.email = contact_email(agency)
        user.is_staff = user.is_superuser = False
        user.save()
        Profile.objects.update_or_create(
            user=user,
            defaults={"role": Role.AGENCY_REPORTER, "province": PROVINCE, "agency": agency},
        )
        made.append(DemoAccount(username, password, Role.AGENCY_REPORTER, f"{PROVINCE} {agency}"))
    return made


# --------------------------------------------------------------------------- building


def _revision(plan: Plan) -> int:
    from climateplan.monitoring.web.services import monitoring_of

    return monitoring_of(plan).revision


def _user(username: str, role: str, agency: str = ""):
    """A demo user (without a usable password when the accounts were not created)."""
    users = get_user_model()
    user, created = users.objects.get_or_create(username=username)
    if created:
        user.set_unusable_password()
        user.email = contact_email(agency) if agency else ""
        user.save()
    Profile.objects.get_or_create(
        user=user, defaults={"role": role, "province": PROVINCE, "agency": agency}
    )
    return user


def build_working_group(secretariat, plan: Plan) -> None:
    """The eleven departments (Environment chairs), then each member's contact and role."""
    from climateplan.monitoring.web import services_group as group
    from climateplan.monitoring.web.access import monitoring_access_for

    access = monitoring_access_for(secretariat)
    group.add_bangkok_group(access, plan, revision=_revision(plan))
    members = {m.agency.code: m for m in plan.working_group.select_related("agency")}
    for position, (code, role, title) in enumerate(WORKING_GROUP):
        member = members[code]
        group.edit_member(
            access,
            plan,
            member.pk,
            group.MemberInput(
                agency=code,
                role=role,
                contact_name="ผู้ประสานงาน" + DEMO_TH,
                contact_title=title,
                contact_email=contact_email(code),
                contact_phone=f"0 2000 {1000 + position:04d}",
            ),
            revision=_revision(plan),
        )


def build_integration(secretariat, plan: Plan) -> None:
    """The development plan (its items checked by the layout's rules), chosen by the plan;
    each action's strategy and project, location, project sheet and funding."""
    from django.http import QueryDict

    from climateplan.monitoring.web import services_devplan, services_integration
    from climateplan.monitoring.web.access import monitored_actions, monitoring_access_for
    from climateplan.monitoring.web.models import DevelopmentPlan

    access = monitoring_access_for(secretariat)
    devplan = DevelopmentPlan.objects.filter(
        province=PROVINCE,
        start_year=DEVELOPMENT_PLAN["start_year"],
        end_year=DEVELOPMENT_PLAN["end_year"],
    ).first()
    if devplan is None:
        devplan = services_devplan.create_development_plan(
            access, secretariat, PROVINCE, records=development_records(), **DEVELOPMENT_PLAN
        )
    services_integration.choose_development_plan(
        access, plan, devplan.pk, expected_revision=_revision(plan)
    )
    items = dict(devplan.items.values_list("code", "pk"))
    for action in monitored_actions(plan):
        strategy, project, location = LINKS[action.code]
        form = QueryDict(mutable=True)
        form.update(
            {
                "strategy": str(items[strategy]),
                "project": str(items[project]) if project else "",
                "location": location + DEMO_TH,
                **PROJECT_SHEETS.get(action.code, {}),
            }
        )
        for code, year, amount, source, funded_project in FUNDING:
            if code != action.code:
                continue
            form.appendlist("fund_fiscal_year", str(year))
            form.appendlist("fund_amount", f"{amount:.0f}")
            form.appendlist("fund_source", source)
            form.appendlist("fund_project", str(items[funded_project]) if funded_project else "")
            form.appendlist("fund_reference", FUNDING_REFERENCE)
            form.appendlist("fund_note", "")
        sheet = services_integration.read_sheet_form(form, devplan)
        services_integration.save_action_sheet(
            access, plan, action, sheet, expected_revision=_revision(plan)
        )


def build_meeting(secretariat, plan: Plan) -> None:
    """Meeting 1/2568: attendees, agenda, minutes and decisions linked to actions."""
    from climateplan.monitoring.web import services_meetings as meetings
    from climateplan.monitoring.web.access import monitored_actions, monitoring_access_for

    actions = dict(monitored_actions(plan).values_list("code", "pk"))
    members = plan.working_group.select_related("agency")
    period = _period(plan, *MEETING["period"])
    data = meetings.MeetingInput(
        number=MEETING["number"],
        date=MEETING["date"].isoformat(),
        mode=MEETING["mode"],
        location=MEETING["location"],
        link=MEETING["link"],
        period=str(period.pk),
        attendees=[m.pk for m in members if m.agency.code not in MEETING["absent"]],
        other_attendees=MEETING["other_attendees"],
        agenda=MEETING["agenda"],
        minutes=MEETING["minutes"],
        decisions=[
            meetings.DecisionInput(
                text=text,
                actions=[actions[code] for code in codes],
                due=due.isoformat() if due else "",
            )
            for text, codes, due in MEETING["decisions"]
        ],
    )
    meetings.create_meeting(
        monitoring_access_for(secretariat), plan, secretariat, data, revision=_revision(plan)
    )


def _period(plan: Plan, fiscal_year: int, number: int):
    from climateplan.monitoring.web.models import ReportingPeriod

    return ReportingPeriod.objects.get(plan=plan, fiscal_year=fiscal_year, number=number)


def _reporter_of(action, secretariat, reporters: dict):
    """The department's reporter when it has one; the secretariat reports for the others."""
    from climateplan.monitoring.web.access import agency_code_of

    return reporters.get(agency_code_of(action.owner_agency), secretariat)


def _values(action, spec: DemoReport):
    from climateplan.monitoring.kpis import action_kpis
    from climateplan.monitoring.reports import KpiEntry, check_report

    kpis = action_kpis(action.kpi, action.data)
    entries = (
        [KpiEntry(kpis[0].key, f"{spec.value:g}", kpis[0].unit)]
        if kpis and spec.value is not None
        else []
    )
    return check_report(
        status=spec.status,
        reason=spec.reason,
        percent=f"{spec.percent:g}",
        disbursed=f"{spec.disbursed:g}",
        kpis=kpis,
        entries=entries,
        comment=spec.comment,
    )


def build_reports(secretariat, plan: Plan, reporters: dict) -> None:
    """The periods of the plan's fiscal years, then the reports of FY2568 (accepted, the
    periods closed) and of the first half of FY2569 (the period left open)."""
    from climateplan.monitoring.web import services_reports as reports
    from climateplan.monitoring.web.access import monitored_actions, monitoring_access_for

    manage = monitoring_access_for(secretariat)
    reports.generate_periods(
        manage, plan, expected_revision=_revision(plan), months=PERIOD_MONTHS, due_days=DUE_DAYS
    )
    actions = {a.code: a for a in monitored_actions(plan)}
    for (fiscal_year, number), specs in REPORTS.items():
        period = _period(plan, fiscal_year, number)
        reports.set_period_state(manage, plan, period.pk, "open", expected_revision=_revision(plan))
        period.refresh_from_db()
        for spec in specs:
            action = actions[spec.code]
            user = _reporter_of(action, secretariat, reporters)
            report = reports.save_report(
                monitoring_access_for(user),
                plan,
                action,
                period,
                user,
                expected_revision="0",
                values=_values(action, spec),
                submit=spec.outcome != "draft",
            )
            if spec.outcome in ("accepted", "returned"):
                reports.review_report(
                    manage,
                    plan,
                    report,
                    secretariat,
                    expected_revision=report.revision,
                    decision="accept" if spec.outcome == "accepted" else "return",
                    comment=spec.review_comment,
                )
        if all(spec.outcome == "accepted" for spec in specs):
            reports.set_period_state(
                manage, plan, period.pk, "close", expected_revision=_revision(plan)
            )
    _dates_of_the_story(plan)


def _at(day: dt.date, hour: int = 10):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _dates_of_the_story(plan: Plan) -> None:
    """Put the demo's reports and periods on the dates of its story.

    The services stamp every write with the moment the demo is loaded; the story has
    the reports of each period sent before it was due and reviewed a week after, each
    period opened the day after it ended and a closed one closed a month after its due
    date. Only these time stamps are set here; every value went through the services.
    """
    from climateplan.monitoring.web.models import ProgressReport, ReportEvent

    for (fiscal_year, number), _specs in REPORTS.items():
        period = _period(plan, fiscal_year, number)
        opened = period.ends + dt.timedelta(days=1)
        sent = period.due - dt.timedelta(days=7)
        reviewed = period.due + dt.timedelta(days=7)
        period.opened_at = _at(opened, 9)
        if period.closed_at is not None:
            period.closed_at = _at(period.due + dt.timedelta(days=30), 9)
        period.save(update_fields=["opened_at", "closed_at"])
        rows = ProgressReport.objects.filter(period=period)
        rows.update(created_at=_at(sent), updated_at=_at(sent))
        rows.exclude(submitted_at=None).update(submitted_at=_at(sent))
        rows.exclude(reviewed_at=None).update(
            reviewed_at=_at(reviewed, 14), updated_at=_at(reviewed, 14)
        )
        events = ReportEvent.objects.filter(report__period=period)
        events.filter(kind__in=["save", "submit", "evidence"]).update(at=_at(sent))
        events.filter(kind__in=["accept", "return"]).update(at=_at(reviewed, 14))


def demo_monitoring_loaded(plan: Plan) -> bool:
    return plan.working_group.exists()


def build_monitoring(echo: Callable[[str], None] = lambda _text: None) -> Plan | None:
    """The monitoring of Bangkok's demo plan, through the services; None when the plan is
    missing or its monitoring is set up already (loading twice changes nothing)."""
    from climateplan.monitoring.web.services import sync_agencies

    plan = demo_plan()
    if plan is None:
        echo("  TH-10: no demo master plan, monitoring skipped / ไม่มีแผนแม่บทสาธิต ข้ามการติดตามผล")
        return None
    if demo_monitoring_loaded(plan):
        return None
    sync_agencies()
    secretariat = _user(SECRETARIAT, Role.PROVINCIAL_EDITOR)
    reporters = {
        agency: _user(username, Role.AGENCY_REPORTER, agency)
        for username, agency in REPORTERS.items()
    }
    build_working_group(secretariat, plan)
    build_integration(secretariat, plan)
    build_reports(secretariat, plan, reporters)
    build_meeting(secretariat, plan)
    echo(
        f"  {PROVINCE} {plan.title_en}: working group, development plan, funding, "
        "periods, reports, meeting"
    )
    return plan


def load_monitoring_demo(echo: Callable[[str], None] = lambda _text: None) -> list[DemoAccount]:
    """The monitoring demo's accounts and records (after the demo plans); returns the
    accounts, with their passwords, for the caller to print once."""
    accounts = create_reporter_accounts()
    echo("ข้อมูลสาธิต: การติดตามผล / demo data: monitoring ...")
    build_monitoring(echo)
    return accounts


__all__ = [
    "REPORTERS",
    "build_monitoring",
    "create_reporter_accounts",
    "demo_plan",
    "load_monitoring_demo",
]
