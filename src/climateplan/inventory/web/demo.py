"""The demo data set: fictional inventories made from the example workbook by scaling.

Every number is computed by the inventory engine from scaled activity lines (never
by scaling results), through the same functions as an upload. The data are
fictional and labelled so on every inventory ("demo" in the change history).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from climateplan.inventory import ActivityData, InventoryMeta, read_activity, with_meta
from climateplan.inventory.engine import compute_lines, summarise
from climateplan.inventory.export import to_dict
from climateplan.inventory.key_categories import key_categories
from climateplan.inventory.uncertainty import propagate
from climateplan.inventory.web.models import (
    ActivityLine,
    Change,
    Inventory,
    Population,
    ReviewComment,
    State,
    set_result,
)
from climateplan.inventory.web.services import _lines_from_activity
from climateplan.reference.provinces import province_population
from climateplan.site.models import Profile, Role

DEMO_NOTE = "ข้อมูลสมมติสำหรับการสาธิตเท่านั้น / fictional demo data, not any province's inventory"
EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "example_province.xlsx"

# (province, scale of the example's activity amounts, {year: state})
DEMO_PROVINCES = (
    ("TH-62", 1.0, {2020: State.PUBLISHED, 2021: State.PUBLISHED, 2022: State.PUBLISHED}),
    ("TH-50", 1.6, {2021: State.PUBLISHED, 2022: State.PUBLISHED, 2023: State.SUBMITTED}),
    ("TH-10", 3.5, {2021: State.PUBLISHED, 2022: State.PUBLISHED, 2023: State.APPROVED}),
    ("TH-40", 1.4, {2021: State.PUBLISHED, 2022: State.RETURNED, 2023: State.DRAFT}),
    ("TH-90", 1.2, {2021: State.PUBLISHED, 2022: State.PUBLISHED, 2023: State.PUBLISHED}),
)
# Activity grows about 3 % a year in the demo: amounts of year y = scale x GROWTH^(y - base year).
GROWTH = 1.03
DEMO_ACCOUNTS = (
    ("demo-admin", Role.NATIONAL_ADMIN, ""),
    ("demo-reviewer", Role.NATIONAL_REVIEWER, ""),
    ("demo-editor", Role.PROVINCIAL_EDITOR, "TH-62"),
    ("demo-viewer", Role.PROVINCIAL_VIEWER, "TH-62"),
)


def example_activity(path: Path | None = None) -> ActivityData:
    path = Path(path or EXAMPLE)
    if not path.exists():
        raise FileNotFoundError(f"example workbook not found: {path} / ไม่พบเวิร์กบุ๊กตัวอย่าง: {path}")
    return read_activity(path)


def scaled(data: ActivityData, province: str, year: int, factor: float) -> ActivityData:
    """The example's lines for another province and year, every amount times ``factor``.

    Landfill deposit years move with the inventory year so the decay history keeps its
    shape.
    """
    shifted = with_meta(data, province=province, year=year)
    lines = shifted.lines.copy()
    lines["amount"] = lines["amount"] * factor
    lines["input_amount"] = lines["input_amount"] * factor
    lines["activity_year"] = lines["activity_year"] + (year - data.meta.year)
    return ActivityData(meta=shifted.meta, lines=lines, file=data.file)


def analysed_documents(datas: list[ActivityData]) -> dict[str, dict]:
    """Engine results (JSON documents) of many inventories, computed in one batch."""
    computed = compute_lines(pd.concat([d.lines for d in datas], ignore_index=True))
    documents = {}
    for data in datas:
        part = computed[computed["inventory"] == data.meta.key].reset_index(drop=True)
        result = summarise(data.meta, part)
        result.extras["key_categories"] = key_categories(part)
        result.extras["uncertainty"] = propagate(part)
        documents[data.meta.key] = to_dict(result)
    return documents


def store_inventory(
    data: ActivityData, document: dict, state: str, *, user=None, note: str = DEMO_NOTE
) -> Inventory:
    """Save an inventory with its lines and engine result (no permission checks: loading)."""
    meta: InventoryMeta = data.meta
    totals = document["totals"]
    now = timezone.now()
    reached = {
        State.SUBMITTED: 1,
        State.RETURNED: 1,
        State.APPROVED: 2,
        State.PUBLISHED: 3,
    }.get(state, 0)
    inventory = Inventory.objects.create(
        province=meta.province,
        year=meta.year,
        gwp=meta.gwp,
        state=state,
        created_by=user,
        total_basic=totals["basic"],
        total_basic_plus=totals["basic_plus"],
        total_territorial=totals["territorial"],
        total_biogenic_co2=totals["biogenic_co2"],
        line_count=len(data.lines),
        submitted_at=now if reached >= 1 else None,
        approved_at=now if reached >= 2 else None,
        published_at=now if reached >= 3 else None,
    )
    set_result(inventory, document)
    ActivityLine.objects.bulk_create(
        ActivityLine(inventory=inventory, **line) for line in _lines_from_activity(data.lines)
    )
    Change.objects.create(
        inventory=inventory,
        user=user,
        action=Change.Action.UPLOAD,
        new={"file": data.file or "", "lines": len(data.lines), "note": note},
        revision=inventory.revision,
    )
    return inventory


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    province: str


def create_accounts() -> list[DemoAccount]:
    """One account per role with a fresh random password (returned once, stored hashed)."""
    made = []
    users = get_user_model()
    for username, role, province in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        user, _ = users.objects.get_or_create(username=username)
        user.set_password(password)
        user.is_staff = user.is_superuser = role == Role.NATIONAL_ADMIN
        user.save()
        Profile.objects.update_or_create(user=user, defaults={"role": role, "province": province})
        made.append(DemoAccount(username, password, role, province))
    return made


def demo_loaded() -> bool:
    return Inventory.objects.filter(changes__new__note=DEMO_NOTE).exists()


def load_populations(codes: list[str]) -> int:
    """The shipped registered populations of these provinces (reference data, each row with
    its source: the official DOPA figure, or an estimate labelled so); returns how many."""
    table = province_population()
    rows = table[table["code"].isin(codes)]
    for row in rows.itertuples():
        Population.objects.update_or_create(
            province=row.code,
            year=row.year,
            defaults={"population": row.population, "source": row.source},
        )
    return len(rows)


def load_demo(example: Path | None = None) -> int:
    """Create the demo inventories and populations; returns how many inventories were made."""
    base = example_activity(example)
    plan = []
    for province, factor, years in DEMO_PROVINCES:
        for year, state in years.items():
            growth = GROWTH ** (year - base.meta.year)
            plan.append((scaled(base, province, year, factor * growth), state))
    documents = analysed_documents([data for data, _ in plan])
    with transaction.atomic():
        reviewer = get_user_model().objects.filter(username="demo-reviewer").first()
        for data, state in plan:
            inventory = store_inventory(data, documents[data.meta.key], state)
            if state == State.RETURNED:
                line = inventory.lines.order_by("position").first()
                ReviewComment.objects.create(
                    inventory=inventory,
                    line=line,
                    position=line.position if line else None,
                    author=reviewer,
                    text="กรุณาระบุแหล่งข้อมูลของรายการนี้ / please name the data source of this line",
                )
        load_populations([province for province, _, _ in DEMO_PROVINCES])
    return len(plan)
