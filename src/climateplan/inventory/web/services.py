"""The inventory workflow: create, upload, edit lines, transitions, comments.

Pages and API call these functions and nothing else changes an inventory, so the
rules hold whichever door a change comes through:

- permission: :mod:`climateplan.inventory.web.access` decides (PermissionDenied);
- optimistic locking: each change names the ``revision`` it was made on; if
  someone else changed the inventory since, :class:`Conflict` is raised and
  nothing is written;
- commit-time checks: parsing, validation and computing happen first, outside any
  transaction; then one short transaction locks the inventory's row and checks
  again its state, version, the user's permission and the revision before writing
  (:mod:`climateplan.site.workflow`), so a slow upload can never land on an
  inventory approved meanwhile;
- uploads: type, size, unpacked size and line limits checked before parsing
  (:mod:`climateplan.uploads`, limits from the settings);
- validation: the engine validates the lines (all problems at once, with row and
  column, in Thai and English); nothing is saved until they are clean;
- results: recomputed with :func:`climateplan.inventory.analyse` after every
  change and stored as the engine's JSON;
- history: every change is recorded with user, time, old and new values.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from climateplan.errors import InputError, Problem
from climateplan.inventory import InventoryMeta, analyse, read_activity, validate_activity
from climateplan.inventory.activity import (
    MAX_META_ROWS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    check_line_cells,
)
from climateplan.inventory.engine import InventoryResult
from climateplan.inventory.export import from_dict, to_dict
from climateplan.inventory.web import factor_store
from climateplan.inventory.web.access import TRANSITIONS, access_for
from climateplan.inventory.web.models import (
    ActivityLine,
    Change,
    Inventory,
    ReviewComment,
    State,
    set_result,
)
from climateplan.reference import GWP_SETS, find_province
from climateplan.site.uploads import upload_limits
from climateplan.site.workflow import (
    Conflict,
    WorkflowError,
    expect_revision,
    locked,
    locked_write,
)
from climateplan.uploads import check_archive, check_upload, too_many_rows

LINE_FIELDS = (
    "gpc_ref",
    "method",
    "activity",
    "amount",
    "unit",
    "notation_key",
    "data_quality",
    "activity_year",
    "uncertainty_pct",
    "source",
    "note",
)
__all__ = ["Conflict", "WorkflowError", "check_upload"]  # raised and used by pages and API


# --------------------------------------------------------------------------- lines <-> engine


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def line_cells(line: ActivityLine | dict) -> dict[str, str]:
    """One line as the text cells of the engine's input table."""
    get = line.get if isinstance(line, dict) else lambda k, d=None: getattr(line, k, d)
    cells = {name: _cell(get(name)) for name in LINE_FIELDS}
    for name, value in (get("params") or {}).items():
        cells[name] = _cell(value)
    return cells


def lines_frame(lines: Iterable[ActivityLine | dict]) -> pd.DataFrame:
    """The raw input table of some lines (index = their row numbers)."""
    records, index = [], []
    for line in lines:
        get = line.get if isinstance(line, dict) else lambda k, d=None, _l=line: getattr(_l, k, d)
        records.append(line_cells(line))
        index.append(int(get("position")))
    frame = pd.DataFrame.from_records(records, index=index)
    for column in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS):
        if column != "province" and column not in frame.columns:
            frame[column] = ""
    return frame.fillna("").astype(str) if len(frame) else frame.astype(object)


def _position(line: ActivityLine | dict) -> int:
    return int(line["position"] if isinstance(line, dict) else line.position)


def meta_of(inventory: Inventory) -> InventoryMeta:
    return InventoryMeta(province=inventory.province, year=inventory.year, gwp=inventory.gwp)


def evaluate(inventory: Inventory, lines: list[ActivityLine | dict]):
    """Validate and compute lines with the engine: (InventoryResult | None, problems)."""
    if not lines:
        return None, []
    factor_store.ensure_current()  # an administrator's factor changed in another process
    try:
        # in row order, so an edited line keeps its place in the result and its downloads
        ordered = sorted(lines, key=_position)
        data = validate_activity(lines_frame(ordered), meta_of(inventory), file=None, sheet=None)
    except InputError as error:
        return None, error.problems
    return analyse(data), []


def result_of(inventory: Inventory) -> InventoryResult | None:
    """The inventory's stored result (for the XLSX and CSV downloads).

    Rebuilt from the stored document, not recomputed: an approved inventory is
    downloaded exactly as it was approved, even after a factor has changed.
    """
    document = inventory.result
    if document is None:
        return None
    return from_dict(document)


def _store_result(inventory: Inventory, result: InventoryResult | None, problems) -> None:
    """Keep the result document and copy its totals (the caller saves the inventory row)."""
    document = to_dict(result) if result is not None else None
    set_result(inventory, document)
    inventory.result_problems = [p.to_dict() for p in problems]
    totals = document["totals"] if document else {}
    inventory.total_basic = totals.get("basic")
    inventory.total_basic_plus = totals.get("basic_plus")
    inventory.total_territorial = totals.get("territorial")
    inventory.total_biogenic_co2 = totals.get("biogenic_co2")
    inventory.line_count = inventory.lines.count()


RESULT_FIELDS = [
    "result_problems",
    "total_basic",
    "total_basic_plus",
    "total_territorial",
    "total_biogenic_co2",
    "line_count",
]


def recompute(inventory: Inventory) -> bool:
    """Recompute and store the results of a draft or returned inventory's lines.

    Computed outside any transaction, stored only if, under the row lock, the
    inventory is still editable and at the revision the lines were read at: an
    approved inventory keeps the results it was approved with. Returns whether
    the results were stored. (No permission check: for maintenance, not users.)
    """
    revision = inventory.revision
    result, problems = evaluate(inventory, list(inventory.lines.all()))
    with locked(Inventory, inventory.pk) as row:
        if not row.is_editable or row.revision != revision:
            return False
        _store_result(row, result, problems)
        row.save(update_fields=RESULT_FIELDS)
    inventory.refresh_from_db()
    return True


# --------------------------------------------------------------------------- locking, history


def _record(inventory, user, action, *, position=None, old=None, new=None) -> None:
    Change.objects.create(
        inventory=inventory,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        position=position,
        old=old,
        new=new,
        revision=inventory.revision,
    )


def _line_snapshot(line: ActivityLine) -> dict:
    snapshot = {name: getattr(line, name) for name in LINE_FIELDS}
    snapshot["params"] = dict(line.params or {})
    return snapshot


def _require_edit(user, inventory: Inventory) -> None:
    """Only the province's editor changes lines, and only of a latest draft or returned one."""
    access = access_for(user)
    if not access.can_view(inventory):
        raise PermissionDenied
    if access.can_edit(inventory):
        return
    own = access.role.is_editor and access.role.province == inventory.province
    if not own:
        raise PermissionDenied
    if not inventory.is_latest:
        raise WorkflowError(
            "this is an older version, kept unchanged: edit the latest version",
            "ฉบับนี้เป็นฉบับเก่าที่เก็บไว้โดยไม่แก้ไข: กรุณาแก้ไขฉบับล่าสุด",
        )
    if inventory.state == State.SUBMITTED:
        raise WorkflowError(
            "this inventory is submitted for review: it can be changed again when the reviewer "
            "returns it",
            "บัญชีนี้ส่งตรวจแล้ว: จะแก้ไขได้อีกเมื่อผู้ตรวจสอบส่งกลับ",
        )
    raise WorkflowError(
        "this inventory is approved and locked: reopen it as a new version to change it",
        "บัญชีนี้อนุมัติแล้วและถูกล็อก: ให้เปิดแก้ไขเป็นฉบับใหม่เพื่อแก้ไข",
    )


def _write_lines(user, inventory: Inventory, expected_revision):
    """The commit-time lock of a line change: state, version and permission checked
    again on the locked row, the revision compared and the next one taken."""
    return locked_write(
        Inventory,
        inventory.pk,
        expected_revision=expected_revision,
        check=partial(_require_edit, user),
    )


def _line_limit(inventory: Inventory, count: int, *, file: str | None = None) -> None:
    limit = upload_limits().max_rows
    if count > limit:
        raise InputError([too_many_rows(limit, file=file)])


# --------------------------------------------------------------------------- create


def create_inventory(user, province: str, year: int, gwp: str = "AR5") -> Inventory:
    access = access_for(user)
    code = str(find_province(province)["code"])
    if not access.can_create(code):
        raise PermissionDenied
    if gwp not in GWP_SETS:
        raise WorkflowError(
            f"unknown GWP set {gwp!r}: expected one of {', '.join(GWP_SETS)}",
            f"ไม่รู้จักชุดค่า GWP {gwp!r}: ต้องเป็น {', '.join(GWP_SETS)}",
        )
    try:
        with transaction.atomic():
            inventory = Inventory.objects.create(
                province=code, year=int(year), gwp=gwp, created_by=user
            )
            _record(inventory, user, Change.Action.CREATE, new={"gwp": gwp})
    except IntegrityError as exc:
        raise WorkflowError(
            f"an inventory of {code} for {year} already exists: open it, or reopen it as a new "
            "version",
            f"มีบัญชีของ {code} ปี ค.ศ. {year} (พ.ศ. {int(year) + 543}) อยู่แล้ว: "
            "ให้เปิดบัญชีนั้น หรือเปิดแก้ไขเป็นฉบับใหม่",
        ) from exc
    return inventory


# --------------------------------------------------------------------------- upload


def _safe_name(name: str) -> str:
    base = Path(name or "upload").name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = re.sub(r"[^\w.\-]+", "_", stem, flags=re.UNICODE).strip("._") or "upload"
    return f"{stem[:80]}{suffix}"


def _meta_mismatch(path: Path, inventory: Inventory, name: str) -> list[Problem]:
    """A workbook whose meta sheet names another province or year is the wrong file."""
    if path.suffix.lower() != ".xlsx":
        return []
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # broken workbooks are reported by the engine's reader
        return []
    try:
        sheets = {s.strip().lower(): s for s in book.sheetnames}
        if "meta" not in sheets:
            return []
        values = {
            str(row[0]).strip().lower(): row[1]
            for row in book[sheets["meta"]].iter_rows(
                max_row=MAX_META_ROWS, max_col=2, values_only=True
            )
            if row and row[0] is not None and len(row) > 1
        }
    finally:
        book.close()
    problems = []
    given = values.get("province")
    if given not in (None, ""):
        try:
            code = str(find_province(str(given))["code"])
        except KeyError:
            code = None
        if code is not None and code != inventory.province:
            problems.append(
                Problem(
                    f"this workbook is for province {code}, but this inventory is of "
                    f"{inventory.province}",
                    f"เวิร์กบุ๊กนี้เป็นของจังหวัด {code} แต่บัญชีนี้เป็นของ {inventory.province}",
                    file=name,
                    sheet=sheets["meta"],
                    column="province",
                    value=str(given),
                )
            )
    year = values.get("year")
    if year not in (None, ""):
        try:
            number = int(float(str(year)))
        except ValueError:
            number = None
        if number is not None and number > 2400:
            number -= 543  # a Buddhist Era year
        if number is not None and number != inventory.year:
            problems.append(
                Problem(
                    f"this workbook is for year {number}, but this inventory is of "
                    f"{inventory.year}",
                    f"เวิร์กบุ๊กนี้เป็นของปี ค.ศ. {number} แต่บัญชีนี้เป็นของปี ค.ศ. {inventory.year}",
                    file=name,
                    sheet=sheets["meta"],
                    column="year",
                    value=str(year),
                )
            )
    return problems


@dataclass
class UploadOutcome:
    lines: int
    revision: int


def upload(
    user, inventory: Inventory, name: str, content: bytes, *, expected_revision, mode="replace"
) -> UploadOutcome:
    """Fill an inventory from the engine's workbook or CSV (``replace`` or ``append``).

    The file is checked (type, size, unpacked size, lines), read and validated, and
    the inventory's new results computed, before any transaction; then the write
    takes the inventory's lock and checks state, permission and revision again.
    Raises InputError with every problem of the file; nothing is saved then.
    """
    _require_edit(user, inventory)  # early refusal; checked again at commit time
    if mode not in ("replace", "append"):
        raise WorkflowError("mode must be replace or append", "รูปแบบต้องเป็น replace หรือ append")
    limits = upload_limits()
    name = _safe_name(name)
    problems = check_upload(name, len(content), content[:4096], limits)
    if problems:
        raise InputError(problems)
    expect_revision(Inventory, inventory.pk, expected_revision)
    with tempfile.TemporaryDirectory(prefix="climateplan-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        if path.suffix.lower() == ".xlsx":
            problems = check_archive(path, limits)
            if problems:
                raise InputError(problems)
        mismatch = _meta_mismatch(path, inventory, name)
        if mismatch:
            raise InputError(mismatch)
        data = read_activity(
            path,
            province=inventory.province,
            year=inventory.year,
            gwp=inventory.gwp,
            limits=limits,
        )
    parsed = _lines_from_activity(data.lines)
    # The lines after the upload, validated and computed before the transaction. They
    # were read at ``expected_revision``; the commit-time check refuses the write if
    # any change came in between.
    existing = list(inventory.lines.all()) if mode == "append" else []
    offset = max((line.position for line in existing), default=1) - 1
    added = [{**p, "position": p["position"] + offset} for p in parsed]
    _line_limit(inventory, len(existing) + len(added), file=name)
    result, problems = evaluate(inventory, [*existing, *added])
    if problems:
        # Lines that validate alone can still clash with the lines already there.
        raise InputError(problems)
    with _write_lines(user, inventory, expected_revision) as row:
        old_count = row.lines.count()
        if mode == "replace":
            row.lines.all().delete()
        ActivityLine.objects.bulk_create(
            [ActivityLine(inventory=row, **line) for line in added], batch_size=2000
        )
        _store_result(row, result, [])
        row.save(update_fields=[*RESULT_FIELDS])
        _record(
            row,
            user,
            Change.Action.UPLOAD,
            old={"lines": old_count},
            new={"file": name, "mode": mode, "lines": len(parsed)},
        )
    inventory.refresh_from_db()
    return UploadOutcome(lines=len(parsed), revision=inventory.revision)


def _lines_from_activity(lines: pd.DataFrame) -> list[dict]:
    """Validated engine lines back to stored cells (the amount as the user gave it)."""
    param_columns = [c for c in lines.columns if c.startswith("param_")]
    records = []
    for row in lines.to_dict("records"):
        amount = row["input_amount"]
        params = {}
        for column in param_columns:
            value = row[column]
            if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
                continue
            params[column] = _cell(value)
        year = row["activity_year"]
        unc = row["uncertainty_pct"]
        records.append(
            {
                "position": int(row["row"]),
                "gpc_ref": row["gpc_ref"],
                "method": row["method"] or "",
                "activity": row["activity"] or "",
                "amount": None if pd.isna(amount) else float(amount),
                "unit": row["input_unit"] or "",
                "notation_key": row["notation_key"] or "",
                "data_quality": row["data_quality"] or "",
                "activity_year": None if pd.isna(year) else int(year),
                "uncertainty_pct": None if pd.isna(unc) else float(unc),
                "source": row["source"] or "",
                "note": row["note"] or "",
                "params": params,
            }
        )
    return records


# --------------------------------------------------------------------------- line editing


def _clean_line_values(values: dict) -> dict:
    cleaned = {}
    for name in LINE_FIELDS:
        value = values.get(name)
        if name in ("amount", "uncertainty_pct"):
            cleaned[name] = None if value in (None, "") else float(value)
        elif name == "activity_year":
            cleaned[name] = None if value in (None, "") else int(value)
        else:
            cleaned[name] = "" if value is None else str(value).strip()
    cleaned["notation_key"] = cleaned["notation_key"].upper()
    cleaned["data_quality"] = cleaned["data_quality"].upper()
    params = values.get("params") or {}
    cleaned["params"] = {
        (k if k.startswith("param_") else f"param_{k}"): str(v).strip()
        for k, v in params.items()
        if v not in (None, "")
    }
    return cleaned


def save_line(
    user, inventory: Inventory, values: dict, *, expected_revision, line: ActivityLine | None = None
) -> ActivityLine:
    """Add a line (``line`` None) or change one; the engine validates before anything is kept.

    Raises InputError with the problems of this line (row = its position).
    """
    _require_edit(user, inventory)  # early refusal; checked again at commit time
    if line is not None and line.inventory_id != inventory.pk:
        raise PermissionDenied
    cleaned = _clean_line_values(values)
    expect_revision(Inventory, inventory.pk, expected_revision)
    existing = list(inventory.lines.all())
    if line is None:
        position = max((other.position for other in existing), default=1) + 1
        target = ActivityLine(inventory=inventory, position=position)
        old = None
        _line_limit(inventory, len(existing) + 1)
    else:
        target = next((other for other in existing if other.pk == line.pk), None)
        if target is None:
            raise Conflict(inventory.revision)  # deleted by someone else meanwhile
        old = _line_snapshot(target)
    cells = {k: v for k, v in cleaned.items() if k != "params"} | cleaned["params"]
    problems = check_line_cells(cells, row=target.position)
    if problems:
        raise InputError(problems)
    for name, value in cleaned.items():
        setattr(target, name, value)
    others = [other for other in existing if other.pk != target.pk]
    result, problems = evaluate(inventory, [*others, target])
    own = [p for p in problems if p.row in (None, target.position)]
    if own:
        raise InputError(own)
    with _write_lines(user, inventory, expected_revision) as row:
        target.inventory = row
        target.save()
        _store_result(row, result, problems)
        row.save()
        _record(
            row,
            user,
            Change.Action.LINE_EDIT if old else Change.Action.LINE_ADD,
            position=target.position,
            old=old,
            new=_line_snapshot(target),
        )
    inventory.refresh_from_db()
    return target


def delete_line(user, inventory: Inventory, line: ActivityLine, *, expected_revision) -> None:
    _require_edit(user, inventory)  # early refusal; checked again at commit time
    if line.inventory_id != inventory.pk:
        raise PermissionDenied
    expect_revision(Inventory, inventory.pk, expected_revision)
    remaining = list(inventory.lines.exclude(pk=line.pk))
    result, problems = evaluate(inventory, remaining)
    old = _line_snapshot(line)
    position = line.position
    with _write_lines(user, inventory, expected_revision) as row:
        if not ActivityLine.objects.filter(pk=line.pk, inventory=row).delete()[0]:
            raise Conflict(row.revision - 1)
        _store_result(row, result, problems)
        row.save(update_fields=RESULT_FIELDS)
        _record(row, user, Change.Action.LINE_DELETE, position=position, old=old)
    inventory.refresh_from_db()


# --------------------------------------------------------------------------- review, workflow


def can_discuss(user, inventory: Inventory) -> bool:
    """Who may reply to review comments and mark them resolved or open again.

    The reviewers, and the editors of the inventory's own province (the officer
    answering what the reviewer asked), on the latest version.
    """
    access = access_for(user)
    if not inventory.is_latest or not access.sees_internals(inventory):
        return False
    return access.role.is_reviewer or (
        access.role.is_editor and access.role.province == inventory.province
    )


def add_comment(
    user,
    inventory: Inventory,
    text: str,
    *,
    line: ActivityLine | None = None,
    parent: ReviewComment | None = None,
) -> ReviewComment:
    """A reviewer's comment (on the whole or on ``line``), or a reply to ``parent``.

    Reviewers comment while the inventory is submitted; a reply is open to whoever
    :func:`can_discuss`. A reply to a reply joins the thread of its first comment.
    """
    access = access_for(user)
    if not access.can_view(inventory):
        raise PermissionDenied
    if parent is not None:
        if parent.inventory_id != inventory.pk:
            raise PermissionDenied
        if not can_discuss(user, inventory):
            raise PermissionDenied
        while parent.parent_id is not None:
            parent = parent.parent
        line = parent.line
    elif not access.can_comment(inventory):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise WorkflowError("the comment is empty", "ความเห็นว่างเปล่า")
    if line is not None and line.inventory_id != inventory.pk:
        raise PermissionDenied
    with transaction.atomic():
        comment = ReviewComment.objects.create(
            inventory=inventory,
            line=line,
            position=parent.position if parent else (line.position if line else None),
            author=user,
            text=text,
            parent=parent,
        )
        new = {"text": text}
        if parent is not None:
            new["reply_to"] = parent.pk
            if parent.is_resolved:  # an answer to a closed thread opens it again
                parent.resolved_at = None
                parent.resolved_by = None
                parent.save(update_fields=["resolved_at", "resolved_by"])
        _record(inventory, user, Change.Action.COMMENT, position=comment.position, new=new)
    return comment


def set_comment_resolved(user, comment: ReviewComment, resolved: bool) -> ReviewComment:
    """Mark a thread resolved (or open again); recorded in the history."""
    inventory = comment.inventory
    if not access_for(user).can_view(inventory):
        raise PermissionDenied
    if not can_discuss(user, inventory):
        raise PermissionDenied
    while comment.parent_id is not None:
        comment = comment.parent
    if comment.is_resolved == resolved:
        return comment
    with transaction.atomic():
        comment.resolved_at = timezone.now() if resolved else None
        comment.resolved_by = user if resolved else None
        comment.save(update_fields=["resolved_at", "resolved_by"])
        _record(
            inventory,
            user,
            Change.Action.RESOLVE if resolved else Change.Action.UNRESOLVE,
            position=comment.position,
            new={"comment": comment.pk, "text": comment.text[:200]},
        )
    return comment


def transition(
    user, inventory: Inventory, action: str, *, expected_revision, comment: str = ""
) -> Inventory:
    """Move an inventory through draft -> submitted -> returned / approved -> published.

    ``reopen`` leaves the approved or published inventory as it is and returns a new
    draft version with a copy of its lines.
    """
    if action not in TRANSITIONS:
        if not access_for(user).can_view(inventory):
            raise PermissionDenied
        raise WorkflowError(
            f"unknown action {action!r}: expected one of {', '.join(TRANSITIONS)}",
            f"ไม่รู้จักการดำเนินการ {action!r}: ต้องเป็นหนึ่งใน {', '.join(TRANSITIONS)}",
        )
    check = partial(_check_transition, user, action, comment)
    check(inventory)  # early refusal; checked again on the locked row
    if action == "reopen":
        return _reopen(user, inventory, expected_revision)
    target = TRANSITIONS[action][1]
    with locked_write(
        Inventory, inventory.pk, expected_revision=expected_revision, check=check
    ) as row:
        old_state = row.state
        if comment.strip():
            ReviewComment.objects.create(inventory=row, author=user, text=comment.strip())
        now = timezone.now()
        row.state = target
        stamp = {"submit": "submitted_at", "approve": "approved_at", "publish": "published_at"}
        if action in stamp:
            setattr(row, stamp[action], now)
        row.save()
        _record(
            row,
            user,
            Change.Action.TRANSITION,
            old={"state": old_state},
            new={"state": target, "action": action, "comment": comment.strip()},
        )
    inventory.refresh_from_db()
    return inventory


def _check_transition(user, action: str, comment: str, inventory: Inventory) -> None:
    """May ``user`` do ``action`` on the inventory as it is (raises if not)."""
    access = access_for(user)
    if not access.can_view(inventory):
        raise PermissionDenied
    sources, _target = TRANSITIONS[action]
    if inventory.state not in sources or not inventory.is_latest:
        raise WorkflowError(
            f"cannot {action} an inventory that is {inventory.state}"
            + ("" if inventory.is_latest else " and not the latest version"),
            f"ดำเนินการ {action} กับบัญชีที่อยู่ในสถานะ {inventory.state} ไม่ได้"
            + ("" if inventory.is_latest else " และไม่ใช่ฉบับล่าสุด"),
        )
    if not access.can_transition(inventory, action):
        raise PermissionDenied
    unclean = inventory.line_count == 0 or inventory.result is None or inventory.result_problems
    if action == "submit" and unclean:
        raise WorkflowError(
            "only an inventory with lines and no problems can be submitted",
            "ส่งตรวจได้เฉพาะบัญชีที่มีรายการและไม่มีปัญหาในข้อมูล",
        )
    if action == "return" and not comment.strip():
        recent = inventory.comments.all()
        if inventory.submitted_at is not None:
            recent = recent.filter(created_at__gte=inventory.submitted_at)
        has_comments = recent.exists()
        if not has_comments:
            raise WorkflowError(
                "say what must change: add a comment when returning an inventory",
                "กรุณาระบุสิ่งที่ต้องแก้ไข: ใส่ความเห็นเมื่อส่งกลับบัญชี",
            )


def _reopen(user, inventory: Inventory, expected_revision) -> Inventory:
    check = partial(_check_transition, user, "reopen", "")
    with locked_write(
        Inventory, inventory.pk, expected_revision=expected_revision, check=check
    ) as inventory:
        Inventory.objects.filter(pk=inventory.pk).update(is_latest=False)
        inventory.is_latest = False
        new = Inventory.objects.create(
            province=inventory.province,
            year=inventory.year,
            gwp=inventory.gwp,
            version=inventory.version + 1,
            previous=inventory,
            created_by=user,
            result_problems=inventory.result_problems,
            total_basic=inventory.total_basic,
            total_basic_plus=inventory.total_basic_plus,
            total_territorial=inventory.total_territorial,
            total_biogenic_co2=inventory.total_biogenic_co2,
            line_count=inventory.line_count,
        )
        set_result(new, inventory.result)
        copies = []
        for line in inventory.lines.all():
            line.pk = None
            line.inventory = new
            copies.append(line)
        ActivityLine.objects.bulk_create(copies)
        _record(
            inventory,
            user,
            Change.Action.REOPEN,
            new={"new_version": new.version, "new_inventory": new.pk},
        )
        _record(
            new,
            user,
            Change.Action.CREATE,
            old={"from_version": inventory.version, "from_inventory": inventory.pk},
            new={"gwp": new.gwp},
        )
    return new
