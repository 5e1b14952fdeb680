"""The history of a plan as people read it: who did what, to which section and item,
old -> new, in the active language (Buddhist Era years and dates on Thai pages).

A :class:`~climateplan.plans.web.models.PlanChange` keeps old and new values as
JSON written by the services and by each section's pages; this turns them into
labelled entries. Values it has no label for are shown under their own key, so a
change a section records in its own shape is never hidden.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from climateplan.inventory.web.models import Inventory
from climateplan.plans.web.models import PlanChange, PlanState, SectionKind, SectionState
from climateplan.site.bilingual import date_label, tr, year_label

# field -> (English, Thai) labels of the values the plan's services record
FIELD_LABELS = {
    "title_th": ("Thai title", "ชื่อแผนภาษาไทย"),
    "title_en": ("English title", "ชื่อแผนภาษาอังกฤษ"),
    "kind": ("Kind of plan", "ประเภทของแผน"),
    "start_year": ("First year", "ปีเริ่มต้น"),
    "end_year": ("Last year", "ปีสิ้นสุด"),
    "base_year": ("Base year", "ปีฐาน"),
    "base_inventory": ("Base inventory", "บัญชีปีฐาน"),
    "calibration": ("Calibration inventories", "บัญชีสำหรับปรับเทียบ"),
    "state": ("State", "สถานะ"),
    "comment": ("Comment", "ความเห็น"),
    "text": ("Comment", "ความเห็น"),
    "body": ("Endorsed by", "ผู้ให้ความเห็นชอบ"),
    "meeting": ("Meeting no.", "การประชุมครั้งที่"),
    "date": ("Meeting date", "วันที่ประชุม"),
    "authority": ("Endorsing authority", "ผู้มีอำนาจให้ความเห็นชอบ"),
    "version": ("Version", "ฉบับที่"),
    "plan": ("Plan", "แผน"),
    "file": ("File", "ไฟล์"),
    "rows": ("Rows", "จำนวนแถว"),
    "lines": ("Rows", "จำนวนแถว"),
}
YEAR_FIELDS = frozenset({"start_year", "end_year", "base_year", "year", "fiscal_year"})
INVENTORY_FIELDS = frozenset({"base_inventory", "inventory"})


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""


@dataclass
class Entry:
    """One change as shown: a sentence, the section and item, and the fields that changed."""

    summary: str
    section: str = ""
    item: str = ""
    fields: list[FieldChange] = field(default_factory=list)


def _split(label: str) -> str:
    if " / " not in label:
        return label
    en, th = label.split(" / ", 1)
    return tr(en, th)


def state_name(state) -> str:
    if not state:
        return ""
    for choices in (PlanState, SectionState):
        try:
            return _split(choices(state).label)
        except ValueError:
            continue
    return str(state)


def section_name(kind: str) -> str:
    try:
        return _split(SectionKind(kind).label)
    except ValueError:
        return str(kind or "")


def _inventory_text(pk) -> str:
    if pk in (None, ""):
        return ""
    inventory = Inventory.objects.filter(pk=pk).only("year", "version").first()
    if inventory is None:
        return f"#{pk}"
    return f"{year_label(inventory.year)} {tr('version', 'ฉบับที่')} {inventory.version}"


def value_text(name: str, value) -> str:
    """A recorded value as the history shows it."""
    if value is None or value == "" or value == []:
        return ""
    if name in YEAR_FIELDS:
        try:
            return year_label(int(value))
        except (TypeError, ValueError):
            return str(value)
    if name == "state":
        return state_name(value)
    if name == "kind":
        try:
            from climateplan.plans.web.models import Plan

            return _split(Plan.Kind(value).label)
        except ValueError:
            return str(value)
    if name == "date":
        import datetime as dt

        try:
            return date_label(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)
    if name in INVENTORY_FIELDS:
        return _inventory_text(value)
    if name == "calibration" and isinstance(value, list):
        return ", ".join(_inventory_text(pk) for pk in value)
    if isinstance(value, bool):
        return tr("yes", "ใช่") if value else tr("no", "ไม่ใช่")
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)[:400]
    return str(value)


def label_of(name: str) -> str:
    en, th = FIELD_LABELS.get(name, (name, name))
    return tr(en, th)


def field_changes(old, new) -> list[FieldChange]:
    """The values that differ between two records (every value when one side is absent)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        a, b = value_text("", old), value_text("", new)
        return [FieldChange(tr("Value", "ค่า"), a, b)] if a != b else []
    names = list(dict.fromkeys([*FIELD_LABELS, *old, *new]))
    out = []
    for name in names:
        if name not in old and name not in new:
            continue
        a, b = value_text(name, old.get(name)), value_text(name, new.get(name))
        if a != b:
            out.append(FieldChange(label_of(name), a, b))
    return out


def _summary(change: PlanChange) -> str:
    old, new = change.old or {}, change.new or {}
    action = change.action
    old_d = old if isinstance(old, dict) else {}
    new_d = new if isinstance(new, dict) else {}
    if action == PlanChange.Action.REVISE:
        if "plan" in new_d:
            return tr(
                f"Opened version {new_d.get('version', '')} (this version is kept unchanged)",
                f"เปิดแก้ไขเป็นฉบับที่ {new_d.get('version', '')} (ฉบับนี้เก็บไว้โดยไม่เปลี่ยนแปลง)",
            )
        return tr(
            f"Version made from version {old_d.get('version', '')}",
            f"สร้างฉบับนี้จากฉบับที่ {old_d.get('version', '')}",
        )
    if action == PlanChange.Action.SECTION:
        returned = new_d.get("state") == SectionState.RETURNED
        return (
            tr("Section returned for changes", "ส่งส่วนนี้กลับให้แก้ไข")
            if returned
            else tr("Section approved", "อนุมัติส่วนนี้")
        )
    if action == PlanChange.Action.COMMENT and change.item == "" and not change.section_kind:
        return tr("Commented on the plan", "แสดงความเห็นต่อแผน")
    try:
        return _split(PlanChange.Action(action).label)
    except ValueError:
        return str(action)


def describe(change: PlanChange) -> Entry:
    """What a change did, in the active language."""
    old, new = change.old, change.new
    action = change.action
    if action == PlanChange.Action.CREATE:
        fields = field_changes({}, new or {})
    elif action == PlanChange.Action.REVISE:
        fields = []
    else:
        fields = field_changes(old or {}, new or {}) if (old or new) else []
    return Entry(
        summary=_summary(change),
        section=section_name(change.section_kind) if change.section_kind else "",
        item=change.item,
        fields=fields,
    )
