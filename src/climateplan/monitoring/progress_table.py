"""The progress report of a working-group meeting: every action's status for one
reporting period, and the same counted by agency and by sector.

Plain records in, pandas frames out (no Django): the web layer reads the plan's actions
and the period's reports and hands them over as dicts.

An action record::

    {"id": 7, "code": "M01", "kind": "reduction" | "adaptation",
     "name_th": "...", "name_en": "...",
     "agency": "PEO",                       # the owner's code, or its name as typed
     "agency_th": "...", "agency_en": "...",
     "co_agencies": ["..."],                # names, shown only
     "sectors": ["gpc:I"] | ["nap:water", "nap:agriculture"]}

A report record (one per action and period; if more come, the latest counts)::

    {"action": 7, "status": "delayed", "percent": 40.0, "disbursed": 120000.0,
     "state": "submitted", "reason": "...", "comment": "...", "revision": 3,
     "updated": <anything comparable, e.g. a datetime>}

A report still in draft has not been sent by its agency: the action shows as "not
reported" (its draft is named in the state column). An action is counted under its
owner agency; under every sector it serves (an adaptation action serving two NAP
sectors counts in both, so the sector counts may add up to more than the actions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

# The statuses an agency reports (the order of the tables), and the one of an action
# without a sent report in the period.
STATUSES: tuple[tuple[str, str, str], ...] = (
    ("completed", "Completed", "แล้วเสร็จ"),
    ("on_track", "On track", "เป็นไปตามแผน"),
    ("delayed", "Delayed", "ล่าช้า"),
    ("not_started", "Not started", "ยังไม่เริ่ม"),
    ("cancelled", "Cancelled", "ยกเลิก"),
)
NOT_REPORTED = ("not_reported", "Not reported", "ยังไม่รายงาน")
STATUS_KEYS: tuple[str, ...] = tuple(s[0] for s in (*STATUSES, NOT_REPORTED))

REPORT_STATES: dict[str, tuple[str, str]] = {
    "draft": ("Draft, not sent", "ร่าง ยังไม่ส่ง"),
    "submitted": ("Submitted", "ส่งแล้ว"),
    "returned": ("Returned", "ส่งกลับแก้ไข"),
    "accepted": ("Accepted", "รับรายงานแล้ว"),
}
# A report in these states has been sent by its agency and counts as reported.
SENT_STATES = frozenset({"submitted", "returned", "accepted"})

KINDS: dict[str, tuple[str, str]] = {
    "reduction": ("GHG reduction measure", "มาตรการลดก๊าซเรือนกระจก"),
    "adaptation": ("Adaptation action", "มาตรการปรับตัว"),
}
NO_SECTOR = ("", "No sector given", "ไม่ระบุสาขา")
NO_AGENCY = ("", "No agency given", "ไม่ระบุหน่วยงาน")

ACTION_COLUMNS = (
    "id",
    "code",
    "kind",
    "name_th",
    "name_en",
    "agency",
    "agency_th",
    "agency_en",
    "co_agencies",
    "sectors",
    "status",
    "state",
    "percent",
    "disbursed",
    "reason",
    "comment",
)
SUMMARY_COLUMNS = (
    "key",
    "label_th",
    "label_en",
    "actions",
    *STATUS_KEYS,
    "reported",
    "reported_pct",
    "mean_percent",
    "disbursed",
)


@lru_cache(maxsize=1)
def sector_labels() -> dict[str, tuple[str, str]]:
    """Sector key -> (English, Thai): the GPC sectors of reduction measures (GPC v1.1,
    ``reference/data/gpc_catalogue.csv``) then the six NAP sectors of adaptation actions
    (the risk framework's ``nap_sectors``)."""
    from climateplan.reference.catalogue import gpc_catalogue
    from climateplan.risk.index.framework import load_framework

    labels: dict[str, tuple[str, str]] = {}
    gpc = gpc_catalogue().drop_duplicates("sector")
    for row in gpc.itertuples(index=False):
        labels[f"gpc:{row.sector}"] = (str(row.sector_en), str(row.sector_th))
    for key, label in load_framework().nap_sectors.items():
        labels[f"nap:{key}"] = (str(label.en), str(label.th))
    return labels


def action_sectors(kind: str, data: Mapping | None) -> list[str]:
    """The sector keys of an action from its engine fields: a reduction measure's GPC
    sector (the first part of its subsector, ``I.1`` -> ``gpc:I``), an adaptation
    action's NAP sectors."""
    data = data or {}
    if kind == "reduction":
        sub = str(data.get("subsector") or data.get("sector") or "").strip()
        return [f"gpc:{sub.split('.')[0]}"] if sub else []
    sectors = data.get("sectors") or []
    if isinstance(sectors, str):
        sectors = [s for s in sectors.replace(",", ";").split(";")]
    return [f"nap:{s.strip()}" for s in sectors if str(s).strip()]


def _latest(reports: Iterable[Mapping]) -> dict:
    """The report that counts per action: the latest sent one (by ``updated``, then
    ``revision``), else the latest draft."""
    best: dict = {}
    for r in reports:
        key = r["action"]
        rank = (r.get("state") in SENT_STATES, r.get("updated") or "", r.get("revision") or 0)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, r)
    return {k: v[1] for k, v in best.items()}


def action_table(actions: Iterable[Mapping], reports: Iterable[Mapping]) -> pd.DataFrame:
    """One row per action, in the order given: its status for the period (``not_reported``
    without a sent report), percent complete and budget disbursed (empty when not reported)."""
    latest = _latest(reports)
    rows = []
    for a in actions:
        r = latest.get(a["id"])
        sent = r is not None and r.get("state") in SENT_STATES
        rows.append(
            {
                "id": a["id"],
                "code": str(a.get("code") or ""),
                "kind": str(a.get("kind") or ""),
                "name_th": str(a.get("name_th") or ""),
                "name_en": str(a.get("name_en") or a.get("name_th") or ""),
                "agency": str(a.get("agency") or ""),
                "agency_th": str(a.get("agency_th") or a.get("agency") or ""),
                "agency_en": str(a.get("agency_en") or a.get("agency_th") or a.get("agency") or ""),
                "co_agencies": tuple(a.get("co_agencies") or ()),
                "sectors": tuple(a.get("sectors") or ()),
                "status": str(r["status"]) if sent else NOT_REPORTED[0],
                "state": str(r.get("state") or "") if r is not None else "",
                "percent": float(r.get("percent") or 0) if sent else float("nan"),
                "disbursed": float(r.get("disbursed") or 0) if sent else float("nan"),
                "reason": str(r.get("reason") or "") if sent else "",
                "comment": str(r.get("comment") or "") if sent else "",
            }
        )
    return pd.DataFrame(rows, columns=list(ACTION_COLUMNS))


def _summarise(frame: pd.DataFrame, keys: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Counts per group: ``frame`` has a ``group`` column; ``keys`` are the groups in
    order with their (English, Thai) labels."""
    rows = []
    for key, en, th in keys:
        part = frame[frame["group"] == key]
        counts = part["status"].value_counts()
        reported = part[part["status"] != NOT_REPORTED[0]]
        n = len(part)
        rows.append(
            {
                "key": key,
                "label_th": th,
                "label_en": en,
                "actions": n,
                **{s: int(counts.get(s, 0)) for s in STATUS_KEYS},
                "reported": len(reported),
                "reported_pct": 100.0 * len(reported) / n if n else float("nan"),
                "mean_percent": float(reported["percent"].mean())
                if len(reported)
                else float("nan"),
                "disbursed": float(reported["disbursed"].sum()),
            }
        )
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def by_agency(table: pd.DataFrame) -> pd.DataFrame:
    """Counts per owner agency, in the order agencies first appear among the actions."""
    frame = table.assign(group=table["agency"])
    keys: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for row in frame.itertuples(index=False):
        if row.group in seen:
            continue
        seen.add(row.group)
        if row.group:
            keys.append((row.group, row.agency_en, row.agency_th))
        else:
            keys.append(NO_AGENCY)
    return _summarise(frame, keys)


def by_sector(
    table: pd.DataFrame, labels: Mapping[str, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Counts per sector (an action under each of its sectors), in the order of
    ``labels`` (GPC sectors, then NAP sectors); sectors with no action are left out."""
    labels = sector_labels() if labels is None else labels
    frame = table.assign(group=table["sectors"].map(lambda s: list(s) or [""])).explode("group")
    present = set(frame["group"])
    keys = [(k, en, th) for k, (en, th) in labels.items() if k in present]
    keys += [(k, k, k) for k in sorted(present - set(labels) - {""})]
    if "" in present:
        keys.append(NO_SECTOR)
    return _summarise(frame, keys)


def totals(table: pd.DataFrame) -> dict:
    """The whole plan's counts (one summary row as a dict)."""
    frame = table.assign(group="all")
    row = _summarise(frame, [("all", "All actions", "ทุกมาตรการ")]).iloc[0]
    return row.to_dict()


def status_label(status: str, lang: str) -> str:
    for key, en, th in (*STATUSES, NOT_REPORTED):
        if key == status:
            return th if lang == "th" else en
    return status


def state_label(state: str, lang: str) -> str:
    if state not in REPORT_STATES:
        return ""
    en, th = REPORT_STATES[state]
    return th if lang == "th" else en


def kind_label(kind: str, lang: str) -> str:
    en, th = KINDS.get(kind, (kind, kind))
    return th if lang == "th" else en


__all__ = [
    "ACTION_COLUMNS",
    "KINDS",
    "NOT_REPORTED",
    "REPORT_STATES",
    "SENT_STATES",
    "STATUSES",
    "STATUS_KEYS",
    "SUMMARY_COLUMNS",
    "action_sectors",
    "action_table",
    "by_agency",
    "by_sector",
    "kind_label",
    "sector_labels",
    "state_label",
    "status_label",
    "totals",
]
