"""The figures of the monitoring dashboards, from plain records (no Django).

The web layer reads the plan's records into :class:`Records` (pandas frames, one row a
record); every figure here is a vectorised grouping of them. Figures count **accepted**
reports only (what the secretariat has reviewed); completeness and overdue reports look
at submitted ones too.

- **Status of an action**: the status of its latest accepted report (by period start);
  ``not_reported`` without one.
- **On time or late** (:func:`action_table`): an action is late when its latest status
  is *delayed*, or a report of it is overdue (an expected report, due before today, not
  submitted or accepted), or its end year
  (CE) is before today's fiscal year and it is not completed. Cancelled actions are
  neither; every other action is on time.
- **Budget**: planned (the plan's budget lines by fiscal year and source) against funded
  (money allocated, :class:`Funding`) and disbursed (accepted reports, summed over the
  periods of a fiscal year).
- **KPI progress**: the latest accepted value of each KPI or indicator against its
  baseline and target (share achieved, :func:`climateplan.monitoring.achieved.achieved_share`).
- **Reductions**: planned (the reduction result's wedges summed by year) against
  achieved (the accepted reports' estimated reductions, each measure's latest up to the
  fiscal year, summed), in t CO2e per year on the plan's basis.
- **Expected reports**: every action in every open or closed period, until the period in
  which it was reported completed or cancelled. **Completeness** of each period: reports
  expected, submitted, accepted.
- **Ex-post tracking**: the province's newer approved inventories (totals on the plan's
  basis) against the BAU, the plan and each target path of their year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.monitoring.achieved import number

STATUSES = ("not_started", "on_track", "delayed", "completed", "cancelled")
NOT_REPORTED = "not_reported"
ALL_STATUSES = (*STATUSES, NOT_REPORTED)
DONE = ("completed", "cancelled")
ACCEPTED = "accepted"
RECEIVED = ("submitted", "accepted")


def _frame(columns: tuple[str, ...], rows=None) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows or []))
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series(dtype=object)
    return frame


ACTION_COLUMNS = ("id", "code", "section", "agency", "start_year", "end_year")
INDICATOR_COLUMNS = ("action_id", "key", "baseline", "target")
PERIOD_COLUMNS = ("id", "fiscal_year", "number", "starts", "ends", "due", "state")
REPORT_COLUMNS = (
    "id",
    "action_id",
    "period_id",
    "state",
    "status",
    "percent",
    "disbursed",
    "kpi_values",
    "achieved_t",
)
MONEY_COLUMNS = ("action_id", "fiscal_year", "amount", "source")
SECTOR_COLUMNS = ("action_id", "sector")


@dataclass
class Records:
    """A plan's monitoring records as frames (columns: the ``*_COLUMNS`` above; more
    columns, such as names, are carried through)."""

    actions: pd.DataFrame
    periods: pd.DataFrame
    reports: pd.DataFrame
    indicators: pd.DataFrame = field(default_factory=lambda: _frame(INDICATOR_COLUMNS))
    budget: pd.DataFrame = field(default_factory=lambda: _frame(MONEY_COLUMNS))
    funding: pd.DataFrame = field(default_factory=lambda: _frame(MONEY_COLUMNS))
    sectors: pd.DataFrame = field(default_factory=lambda: _frame(SECTOR_COLUMNS))

    @classmethod
    def of(
        cls,
        *,
        actions=(),
        periods=(),
        reports=(),
        indicators=(),
        budget=(),
        funding=(),
        sectors=(),
    ) -> Records:
        """From lists of dicts (or frames)."""

        def make(rows, columns):
            if isinstance(rows, pd.DataFrame):
                return _frame(columns, rows.to_dict("records"))
            return _frame(columns, rows)

        out = cls(
            actions=make(actions, ACTION_COLUMNS),
            periods=make(periods, PERIOD_COLUMNS),
            reports=make(reports, REPORT_COLUMNS),
            indicators=make(indicators, INDICATOR_COLUMNS),
            budget=make(budget, MONEY_COLUMNS),
            funding=make(funding, MONEY_COLUMNS),
            sectors=make(sectors, SECTOR_COLUMNS),
        )
        for name in ("starts", "ends", "due"):
            out.periods[name] = pd.to_datetime(out.periods[name])
        for frame, columns in (
            (out.reports, ("percent", "disbursed", "achieved_t")),
            (out.budget, ("amount",)),
            (out.funding, ("amount",)),
            (out.indicators, ("baseline", "target")),
            (out.actions, ("start_year", "end_year")),
        ):
            for column in columns:
                frame[column] = pd.to_numeric(frame[column].map(number), errors="coerce")
        return out


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year (CE year in which it ends; it starts on 1 October) of a day."""
    return day.year + 1 if day.month >= 10 else day.year


def _with_periods(records: Records) -> pd.DataFrame:
    """Reports with their period's fiscal year, start and due date."""
    periods = records.periods.rename(columns={"id": "period_id", "state": "period_state"})
    keep = ["period_id", "fiscal_year", "number", "starts", "due", "period_state"]
    return records.reports.merge(periods[keep], on="period_id", how="inner")


def latest_accepted(records: Records) -> pd.DataFrame:
    """Each action's latest accepted report (by period start): one row per action."""
    reports = _with_periods(records)
    accepted = reports.loc[reports["state"] == ACCEPTED]
    if accepted.empty:
        return accepted
    accepted = accepted.sort_values(["action_id", "starts", "id"])
    return accepted.drop_duplicates("action_id", keep="last")


def expected(records: Records) -> pd.DataFrame:
    """The (action, period) pairs a report is expected for: every open or closed period,
    except those after the period in which the action was reported completed or
    cancelled (accepted); a report that was made counts as expected all the same."""
    periods = records.periods.loc[
        records.periods["state"] != "planned", ["id", "fiscal_year", "number", "starts", "due"]
    ].rename(columns={"id": "period_id"})
    if "plan_id" in records.actions.columns and "plan_id" in records.periods.columns:
        # several plans at once: an action is expected in its own plan's periods
        periods = periods.join(records.periods.loc[periods.index, ["plan_id"]])
        actions = records.actions[["id", "plan_id"]].rename(columns={"id": "action_id"})
        pairs = actions.merge(periods, on="plan_id").drop(columns="plan_id")
    else:
        actions = records.actions[["id"]].rename(columns={"id": "action_id"})
        pairs = actions.merge(periods, how="cross")
    reports = _with_periods(records)
    done = reports.loc[(reports["state"] == ACCEPTED) & reports["status"].isin(DONE)]
    done_from = done.groupby("action_id", as_index=False)["starts"].min()
    pairs = pairs.merge(done_from.rename(columns={"starts": "done_from"}), how="left")
    after_done = pairs["done_from"].notna() & (pairs["starts"] > pairs["done_from"])
    made = records.reports[["action_id", "period_id", "state"]]
    pairs = pairs.merge(made, on=["action_id", "period_id"], how="left")
    keep = ~after_done | pairs["state"].notna()
    return pairs.loc[keep].drop(columns="done_from").reset_index(drop=True)


def overdue(records: Records, today: dt.date) -> pd.DataFrame:
    """Expected reports (:func:`expected`) due before ``today`` that were not submitted:
    one row per (action, period) with the days late and the report's state
    (``missing`` when there is no report)."""
    pairs = expected(records)
    out = pairs.loc[(pairs["due"] < pd.Timestamp(today)) & ~pairs["state"].isin(RECEIVED)]
    out = out.copy()
    out["state"] = out["state"].fillna("missing")
    out["days_late"] = (pd.Timestamp(today) - out["due"]).dt.days.astype(int)
    return out.sort_values(["due", "action_id"]).reset_index(drop=True)


def action_table(records: Records, today: dt.date) -> pd.DataFrame:
    """One row per action: its latest accepted status, percent, disbursed to date, the
    overdue reports, and whether it is late (``timeliness``: on_time, late, cancelled)."""
    actions = records.actions.copy()
    latest = latest_accepted(records)
    columns = ["action_id", "status", "percent", "fiscal_year", "number"]
    latest = latest[columns] if not latest.empty else _frame(tuple(columns))
    latest = latest.rename(columns={"action_id": "id", "fiscal_year": "reported_fy"})
    latest = latest.rename(columns={"number": "reported_number"})
    out = actions.merge(latest, on="id", how="left")
    out["status"] = out["status"].fillna(NOT_REPORTED)
    accepted = records.reports.loc[records.reports["state"] == ACCEPTED]
    disbursed = accepted.groupby("action_id")["disbursed"].sum()
    out["disbursed"] = out["id"].map(disbursed).fillna(0.0)
    late_reports = overdue(records, today).groupby("action_id").size()
    out["overdue"] = out["id"].map(late_reports).fillna(0).astype(int)
    past_end = out["end_year"].notna() & (out["end_year"] < fiscal_year_of(today))
    out["delayed"] = out["status"] == "delayed"
    out["past_end"] = past_end & ~out["status"].isin(DONE)
    late = out["delayed"] | (out["overdue"] > 0) | out["past_end"]
    out["timeliness"] = np.where(
        out["status"] == "cancelled", "cancelled", np.where(late, "late", "on_time")
    )
    return out


def status_counts(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions by status (every status, zero included) and their share (%)."""
    counts = actions["status"].value_counts().reindex(ALL_STATUSES, fill_value=0)
    total = int(counts.sum())
    out = counts.rename("actions").rename_axis("status").reset_index()
    out["share_pct"] = out["actions"] / total * 100.0 if total else 0.0
    return out


def by_group(actions: pd.DataFrame, column: str) -> pd.DataFrame:
    """Actions by a column (agency, sector): counts by status, on time, late, the share
    on time (of those not cancelled) and the mean percent complete reported."""
    if actions.empty:
        return pd.DataFrame(columns=[column, "actions", *ALL_STATUSES, "on_time", "late"])
    statuses = pd.crosstab(actions[column], actions["status"]).reindex(
        columns=list(ALL_STATUSES), fill_value=0
    )
    timing = pd.crosstab(actions[column], actions["timeliness"]).reindex(
        columns=["on_time", "late"], fill_value=0
    )
    out = statuses.join(timing)
    out.insert(0, "actions", statuses.sum(axis=1))
    judged = out["on_time"] + out["late"]
    out["on_time_pct"] = (out["on_time"] / judged.where(judged > 0) * 100.0).round(6)
    out["percent_mean"] = actions.groupby(column)["percent"].mean()
    return out.rename_axis(column).reset_index()


def by_sector(records: Records, actions: pd.DataFrame) -> pd.DataFrame:
    """:func:`by_group` by sector (an action counts in each of its sectors)."""
    if records.sectors.empty:
        return by_group(actions.assign(sector=""), "sector").iloc[0:0]
    joined = records.sectors.merge(
        actions.drop(columns=["sector"], errors="ignore"), left_on="action_id", right_on="id"
    )
    return by_group(joined, "sector")


def budget_by_year(records: Records) -> pd.DataFrame:
    """By fiscal year: planned (budget lines), funded (allocated) and disbursed
    (accepted reports) in THB, and the shares funded and disbursed of the planned."""
    planned = records.budget.groupby("fiscal_year")["amount"].sum().rename("planned")
    funded = records.funding.groupby("fiscal_year")["amount"].sum().rename("funded")
    reports = _with_periods(records)
    reports = reports.loc[reports["state"] == ACCEPTED]
    disbursed = reports.groupby("fiscal_year")["disbursed"].sum().rename("disbursed")
    out = pd.concat([planned, funded, disbursed], axis=1).fillna(0.0).sort_index()
    out.index = out.index.astype(int)
    base = out["planned"].where(out["planned"] > 0)
    out["funded_pct"] = out["funded"] / base * 100.0
    out["disbursed_pct"] = out["disbursed"] / base * 100.0
    return out.rename_axis("fiscal_year").reset_index()


def budget_by_source(records: Records) -> pd.DataFrame:
    """By source: planned and funded (THB)."""
    planned = records.budget.groupby("source")["amount"].sum().rename("planned")
    funded = records.funding.groupby("source")["amount"].sum().rename("funded")
    out = pd.concat([planned, funded], axis=1).fillna(0.0).sort_index()
    return out.rename_axis("source").reset_index()


def kpi_progress(records: Records) -> pd.DataFrame:
    """Each KPI or indicator of an action with its latest accepted value (the latest
    report that gave it), the share achieved (0-1, clipped) and the period it came from."""
    indicators = records.indicators.copy()
    if indicators.empty:
        return indicators.assign(value=pd.Series(dtype=float), share=pd.Series(dtype=float))
    reports = _with_periods(records)
    reports = reports.loc[
        reports["state"] == ACCEPTED, ["action_id", "starts", "fiscal_year", "number", "kpi_values"]
    ]
    values = reports.explode("kpi_values").dropna(subset=["kpi_values"])
    if values.empty:
        values = _frame(("action_id", "key", "value", "fiscal_year", "number", "starts"))
    else:
        entries = pd.DataFrame(values["kpi_values"].tolist(), index=values.index)
        values = values.drop(columns="kpi_values").join(entries[["key", "value"]])
        values["value"] = pd.to_numeric(values["value"].map(number), errors="coerce")
        values = values.dropna(subset=["value"]).sort_values("starts")
        values = values.drop_duplicates(["action_id", "key"], keep="last")
    keep = ["action_id", "key", "value", "fiscal_year", "number"]
    out = indicators.merge(values[keep], on=["action_id", "key"], how="left")
    span = out["target"] - out["baseline"]
    share = (out["value"] - out["baseline"]) / span.where(span != 0)
    out["share"] = share.clip(0.0, 1.0)
    return out


def planned_reductions(document: Mapping | None) -> pd.Series:
    """The plan's reduction by year (the wedges summed), t CO2e per year."""
    if not document or not document.get("wedges"):
        return pd.Series(dtype=float)
    years = [int(y) for y in document["years"]]
    values = np.array([[number(v) or 0.0 for v in w["values"]] for w in document["wedges"]], float)
    return pd.Series(values.sum(axis=0), index=years, name="planned")


def reductions_by_year(records: Records, document: Mapping | None) -> pd.DataFrame:
    """By fiscal year of the reports: achieved (each measure's latest accepted estimate
    up to that year, summed) against planned (t CO2e per year)."""
    reports = _with_periods(records)
    reports = reports.loc[(reports["state"] == ACCEPTED) & reports["achieved_t"].notna()]
    planned = planned_reductions(document)
    if reports.empty:
        return pd.DataFrame(columns=["year", "planned", "achieved", "achieved_pct"])
    reports = reports.sort_values(["starts", "id"])
    latest = reports.drop_duplicates(["action_id", "fiscal_year"], keep="last")
    table = latest.pivot(index="fiscal_year", columns="action_id", values="achieved_t")
    years = range(int(table.index.min()), int(table.index.max()) + 1)
    table = table.reindex(years).ffill()  # a measure keeps its latest estimate
    out = pd.DataFrame({"achieved": table.sum(axis=1)})
    out["planned"] = planned.reindex(out.index)
    out["achieved_pct"] = out["achieved"] / out["planned"].where(out["planned"] > 0) * 100.0
    return out.rename_axis("year").reset_index()[["year", "planned", "achieved", "achieved_pct"]]


def completeness(records: Records) -> pd.DataFrame:
    """Per period (open or closed): reports expected (:func:`expected`), submitted (or
    accepted), accepted, and the shares (%)."""
    pairs = expected(records)
    pairs = pairs.assign(
        received=pairs["state"].isin(RECEIVED).astype(int),
        accepted=(pairs["state"] == ACCEPTED).astype(int),
        expected=1,
    )
    counts = pairs.groupby("period_id")[["expected", "received", "accepted"]].sum()
    periods = records.periods.loc[records.periods["state"] != "planned"].copy()
    periods = periods.merge(counts, left_on="id", right_index=True, how="left")
    for column in ("expected", "received", "accepted"):
        periods[column] = periods[column].fillna(0).astype(int)
    base = periods["expected"].where(periods["expected"] > 0)
    periods["received_pct"] = periods["received"] / base * 100.0
    periods["accepted_pct"] = periods["accepted"] / base * 100.0
    return periods.sort_values("starts").reset_index(drop=True)


def ex_post(document: Mapping | None, actual: Mapping[int, float]) -> pd.DataFrame:
    """Each year with a newer inventory than the base: the actual total (on the plan's
    basis) against the BAU, the plan and every target path of that year, and the gap to
    each target (actual - path; positive: above the path)."""
    columns = ["year", "actual", "bau", "plan"]
    if not document or not actual:
        return pd.DataFrame(columns=columns)
    years = [int(y) for y in document["years"]]
    basis = document.get("basis", "basic_plus")
    totals = document["totals"][basis]
    frame = pd.DataFrame(
        {"bau": [number(v) for v in totals["bau"]], "plan": [number(v) for v in totals["plan"]]},
        index=years,
    )
    for target in document.get("targets") or []:
        frame[f"path:{target['name']}"] = [number(v) for v in target.get("path") or []]
    wanted = sorted(int(y) for y in actual if int(y) > int(document["base_year"]))
    out = frame.reindex(wanted)
    out.insert(0, "actual", [float(actual[y]) for y in wanted])
    for column in [c for c in out.columns if c.startswith("path:")]:
        out["gap:" + column[5:]] = out["actual"] - out[column]
    out["below_bau"] = out["bau"] - out["actual"]
    return out.rename_axis("year").reset_index()


def by_plan(
    records: Records, today: dt.date, planned: Mapping[object, Mapping[int, float]]
) -> pd.DataFrame:
    """Several plans at once (``plan_id`` on actions and periods): per plan, the actions,
    on time and late, the share on time, overdue reports, the reports received in the
    latest open or closed period (%), and the latest year's achieved reduction against
    the plan's (``planned``: plan -> year -> t CO2e)."""
    actions = action_table(records, today)
    timing = pd.crosstab(actions["plan_id"], actions["timeliness"]).reindex(
        columns=["on_time", "late"], fill_value=0
    )
    plans = actions.groupby("plan_id")
    out = pd.DataFrame({"actions": plans.size(), "overdue": plans["overdue"].sum()}).join(timing)
    judged = out["on_time"] + out["late"]
    out["on_time_pct"] = out["on_time"] / judged.where(judged > 0) * 100.0
    periods = completeness(records).merge(
        records.periods[["id", "plan_id"]], on="id", suffixes=("", "_p")
    )
    if "plan_id_p" in periods.columns:
        periods["plan_id"] = periods["plan_id_p"]
    latest = periods.sort_values("starts").drop_duplicates("plan_id", keep="last")
    latest = latest.set_index("plan_id")
    out["period_fiscal_year"] = latest["fiscal_year"]
    out["period_number"] = latest["number"]
    out["received_pct"] = latest["received_pct"]
    achieved, planned_t, years = {}, {}, {}
    reports = _with_periods(records)
    reports = reports.loc[(reports["state"] == ACCEPTED) & reports["achieved_t"].notna()]
    reports = reports.merge(records.actions[["id", "plan_id"]], left_on="action_id", right_on="id")
    for plan_id, part in reports.groupby("plan_id"):
        part = part.sort_values(["starts", "id_x"])
        latest_fy = int(part["fiscal_year"].max())
        # each measure's latest estimate up to the latest fiscal year, summed
        achieved[plan_id] = float(
            part.drop_duplicates("action_id", keep="last")["achieved_t"].sum()
        )
        years[plan_id] = latest_fy
        planned_t[plan_id] = (planned.get(plan_id) or {}).get(latest_fy)
    out["achieved_year"] = pd.Series(years, dtype=float)
    out["achieved_t"] = pd.Series(achieved, dtype=float)
    out["planned_t"] = pd.Series(planned_t, dtype=float)
    out["achieved_pct"] = out["achieved_t"] / out["planned_t"].where(out["planned_t"] > 0) * 100.0
    return out.rename_axis("plan_id").reset_index()


@dataclass
class Headline:
    actions: int
    reported: int  # with an accepted report
    on_time: int
    late: int
    on_time_pct: float | None
    planned_thb: float
    funded_thb: float
    disbursed_thb: float
    achieved_t: float | None  # the latest year's achieved reduction
    planned_t: float | None  # the plan's reduction of that year
    achieved_year: int | None
    completeness_pct: float | None  # of the latest open or closed period
    overdue: int


def headline(
    actions: pd.DataFrame,
    budget: pd.DataFrame,
    reductions: pd.DataFrame,
    periods: pd.DataFrame,
    late: pd.DataFrame,
) -> Headline:
    on_time = int((actions["timeliness"] == "on_time").sum())
    late_n = int((actions["timeliness"] == "late").sum())
    judged = on_time + late_n
    last = reductions.iloc[-1] if len(reductions) else None
    latest = periods.iloc[-1] if len(periods) else None
    return Headline(
        actions=len(actions),
        reported=int((actions["status"] != NOT_REPORTED).sum()),
        on_time=on_time,
        late=late_n,
        on_time_pct=on_time / judged * 100.0 if judged else None,
        planned_thb=float(budget["planned"].sum()) if len(budget) else 0.0,
        funded_thb=float(budget["funded"].sum()) if len(budget) else 0.0,
        disbursed_thb=float(budget["disbursed"].sum()) if len(budget) else 0.0,
        achieved_t=None if last is None else number(last["achieved"]),
        planned_t=None if last is None else number(last["planned"]),
        achieved_year=None if last is None else int(last["year"]),
        completeness_pct=None if latest is None else number(latest["received_pct"]),
        overdue=len(late),
    )


@dataclass
class Dashboard:
    headline: Headline
    actions: pd.DataFrame
    statuses: pd.DataFrame
    agencies: pd.DataFrame
    sectors: pd.DataFrame
    budget: pd.DataFrame
    sources: pd.DataFrame
    kpis: pd.DataFrame
    reductions: pd.DataFrame
    completeness: pd.DataFrame
    overdue: pd.DataFrame
    ex_post: pd.DataFrame
    planned_by_year: dict = field(default_factory=dict)  # year -> the plan's reduction


def dashboard(
    records: Records,
    today: dt.date,
    document: Mapping | None = None,
    actual: Mapping[int, float] | None = None,
) -> Dashboard:
    """Every figure of a plan's dashboard."""
    actions = action_table(records, today)
    budget = budget_by_year(records)
    reductions = reductions_by_year(records, document)
    periods = completeness(records)
    late = overdue(records, today)
    return Dashboard(
        headline=headline(actions, budget, reductions, periods, late),
        actions=actions,
        statuses=status_counts(actions),
        agencies=by_group(actions, "agency"),
        sectors=by_sector(records, actions),
        budget=budget,
        sources=budget_by_source(records),
        kpis=kpi_progress(records),
        reductions=reductions,
        completeness=periods,
        overdue=late,
        ex_post=ex_post(document, actual or {}),
    )


__all__ = [
    "ALL_STATUSES",
    "NOT_REPORTED",
    "STATUSES",
    "Dashboard",
    "Headline",
    "Records",
    "action_table",
    "budget_by_source",
    "budget_by_year",
    "by_group",
    "by_plan",
    "by_sector",
    "completeness",
    "dashboard",
    "ex_post",
    "expected",
    "fiscal_year_of",
    "headline",
    "kpi_progress",
    "latest_accepted",
    "overdue",
    "planned_reductions",
    "reductions_by_year",
    "status_counts",
]
