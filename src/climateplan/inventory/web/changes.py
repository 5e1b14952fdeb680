"""The history of an inventory as people read it: what changed, old -> new, per field.

A :class:`~climateplan.inventory.web.models.Change` keeps the old and new values as
JSON; this turns them into labelled, translated entries for the history page
(field labels of the line form, state names, Buddhist Era years in Thai).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from climateplan.inventory.web.forms import LineForm
from climateplan.inventory.web.models import Change, State
from climateplan.site.bilingual import tr, year_label


@dataclass
class FieldChange:
    label: str
    old: str = ""
    new: str = ""


@dataclass
class Entry:
    """One change as shown: a sentence and, for lines, the fields that changed."""

    summary: str
    fields: list[FieldChange] = field(default_factory=list)
    removed: bool = False  # a deleted line: its values are shown as they were, no arrow


def _label(name: str) -> str:
    if name.startswith("param_"):
        return tr(f"parameter {name[6:]}", f"พารามิเตอร์ {name[6:]}")
    en, th = LineForm.LABELS.get(name, (name, name))
    return tr(en, th)


def _text(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if name == "activity_year":
        return year_label(int(value))
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)


def state_name(state: str | None) -> str:
    if not state:
        return ""
    try:
        en, th = State(state).label.split(" / ")
    except ValueError:
        return str(state)
    return tr(en, th)


def _flat(line: dict | None) -> dict[str, object]:
    """A line snapshot as one flat dict: fields, then its parameters."""
    if not line:
        return {}
    flat = {k: v for k, v in line.items() if k != "params"}
    flat.update(line.get("params") or {})
    return flat


def line_fields(old: dict | None, new: dict | None) -> list[FieldChange]:
    """The fields that differ between two snapshots (every filled field for an add/delete)."""
    before, after = _flat(old), _flat(new)
    names = list(dict.fromkeys([*LineForm.LABELS, *sorted(set(before) | set(after))]))
    out = []
    for name in names:
        if name == "params" or (name not in before and name not in after):
            continue
        a, b = _text(name, before.get(name)), _text(name, after.get(name))
        if a == b:
            continue
        out.append(FieldChange(_label(name), a, b))
    return out


def _line_title(line: dict | None) -> str:
    line = line or {}
    parts = [line.get("gpc_ref"), line.get("method"), line.get("activity")]
    return " ".join(str(p) for p in parts if p)


def describe(change: Change) -> Entry:
    """What a change did, in the active language."""
    old, new = change.old or {}, change.new or {}
    action = change.action
    if action == Change.Action.CREATE:
        if "from_version" in old:
            text = tr(
                f"New version made from version {old['from_version']}; "
                f"GWP set {new.get('gwp', '')}",
                f"สร้างฉบับใหม่จากฉบับที่ {old['from_version']} ชุดค่า GWP {new.get('gwp', '')}",
            )
        else:
            text = tr(
                f"Inventory created; GWP set {new.get('gwp', '')}",
                f"สร้างบัญชี ชุดค่า GWP {new.get('gwp', '')}",
            )
        return Entry(text)
    if action == Change.Action.UPLOAD:
        mode = new.get("mode")
        how = (
            tr("replacing the lines", "แทนที่รายการเดิม")
            if mode == "replace"
            else tr("added to the lines", "เพิ่มต่อจากรายการเดิม")
        )
        return Entry(
            tr(
                f"File {new.get('file', '')} uploaded ({how}): {new.get('lines', 0)} lines",
                f"อัปโหลดไฟล์ {new.get('file', '')} ({how}): {new.get('lines', 0)} รายการ",
            ),
            [
                FieldChange(
                    tr("Lines", "จำนวนรายการ"), str(old.get("lines", "")), _count(mode, old, new)
                )
            ],
        )
    if action in (Change.Action.LINE_ADD, Change.Action.LINE_EDIT, Change.Action.LINE_DELETE):
        verb = {
            Change.Action.LINE_ADD: tr("Line added", "เพิ่มรายการ"),
            Change.Action.LINE_EDIT: tr("Line edited", "แก้ไขรายการ"),
            Change.Action.LINE_DELETE: tr("Line deleted", "ลบรายการ"),
        }[action]
        title = _line_title(new or old)
        fields = line_fields(
            old if action != Change.Action.LINE_ADD else None,
            new if action != Change.Action.LINE_DELETE else None,
        )
        return Entry(
            f"{verb}: {title}" if title else verb,
            fields,
            removed=action == Change.Action.LINE_DELETE,
        )
    if action == Change.Action.TRANSITION:
        text = tr("State changed", "เปลี่ยนสถานะ")
        fields = [
            FieldChange(
                tr("State", "สถานะ"), state_name(old.get("state")), state_name(new.get("state"))
            )
        ]
        if new.get("comment"):
            fields.append(FieldChange(tr("Comment", "ความเห็น"), "", new["comment"]))
        return Entry(text, fields)
    if action == Change.Action.COMMENT:
        if new.get("reply_to"):
            text = tr("Replied to a comment", "ตอบความเห็น")
        else:
            text = tr("Commented", "แสดงความเห็น")
        return Entry(text, [FieldChange(tr("Comment", "ความเห็น"), "", new.get("text", ""))])
    if action == Change.Action.REOPEN:
        return Entry(
            tr(
                f"Reopened as version {new.get('new_version', '')} "
                "(this version is kept unchanged)",
                f"เปิดแก้ไขเป็นฉบับที่ {new.get('new_version', '')} (ฉบับนี้เก็บไว้โดยไม่เปลี่ยนแปลง)",
            )
        )
    if action in (Change.Action.RESOLVE, Change.Action.UNRESOLVE):
        text = (
            tr("Comment marked resolved", "ปิดประเด็นความเห็น")
            if action == Change.Action.RESOLVE
            else tr("Comment opened again", "เปิดประเด็นความเห็นอีกครั้ง")
        )
        return Entry(text, [FieldChange(tr("Comment", "ความเห็น"), "", new.get("text", ""))])
    return Entry(tr(str(action), str(action)))


def _count(mode, old: dict, new: dict) -> str:
    lines = int(new.get("lines") or 0)
    if mode == "append":
        lines += int(old.get("lines") or 0)
    return str(lines)
