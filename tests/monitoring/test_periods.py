"""Reporting periods of Thai fiscal years, against dates worked out by hand.

The fiscal year runs 1 October - 30 September and is named by the year it ends
(Budget Procedure Act B.E. 2561, section 4): FY2568 BE = FY2025 CE =
1 Oct 2024 - 30 Sep 2025.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from climateplan.monitoring import periods as p

D = dt.date


def test_fiscal_year_of_a_day():
    # 30 Sep 2025 is the last day of FY2025; 1 Oct 2025 the first of FY2026
    assert p.fiscal_year_of(D(2025, 9, 30)) == 2025
    assert p.fiscal_year_of(D(2025, 10, 1)) == 2026
    assert p.fiscal_year_of(D(2024, 12, 31)) == 2025
    assert p.fiscal_year_bounds(2025) == (D(2024, 10, 1), D(2025, 9, 30))


def test_halves_of_fy2568_with_their_due_dates():
    # FY2568 BE = 2025 CE. First half: Oct 2024 .. Mar 2025 (6 months), ends 31 Mar 2025;
    # due 30 days later: 31 Mar + 30 days = 30 Apr 2025 (April has 30 days).
    # Second half: 1 Apr 2025 .. 30 Sep 2025; due 30 Sep + 30 days = 30 Oct 2025.
    halves = p.periods_of_year(2025, 6, 30)
    assert [(h.number, h.starts, h.ends, h.due) for h in halves] == [
        (1, D(2024, 10, 1), D(2025, 3, 31), D(2025, 4, 30)),
        (2, D(2025, 4, 1), D(2025, 9, 30), D(2025, 10, 30)),
    ]
    assert all(h.fiscal_year == 2025 and h.months == 6 for h in halves)


def test_quarters_and_whole_year():
    # Quarters of FY2025: Oct-Dec 2024, Jan-Mar, Apr-Jun, Jul-Sep 2025; due the same day (0).
    quarters = p.periods_of_year(2025, 3, 0)
    assert [(q.starts, q.ends) for q in quarters] == [
        (D(2024, 10, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
        (D(2025, 4, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 9, 30)),
    ]
    assert quarters[0].due == D(2024, 12, 31)
    # the whole year 2024 CE (2567 BE), leap year: due 15 days after 30 Sep 2024 = 15 Oct 2024
    (year,) = p.periods_of_year(2024, 12, 15)
    assert (year.starts, year.ends, year.due) == (D(2023, 10, 1), D(2024, 9, 30), D(2024, 10, 15))


def test_plan_periods_cover_every_fiscal_year_of_the_plan():
    # a 2023-2027 plan (2566-2570 BE) reporting by halves: 5 years x 2 = 10 periods,
    # from 1 Oct 2022 to 30 Sep 2027, each starting the day after the previous one ends
    periods = p.plan_periods(2023, 2027, 6, 30)
    assert len(periods) == 10
    assert periods[0].starts == D(2022, 10, 1)
    assert periods[-1].ends == D(2027, 9, 30)
    for before, after in itertools.pairwise(periods):
        assert after.starts == before.ends + dt.timedelta(days=1)


def test_labels_thai_and_english():
    h1, h2 = p.periods_of_year(2025, 6, 30)
    assert p.period_label(2025, 1, h1.starts, h1.ends, "th") == (
        "ปีงบประมาณ 2568 ครึ่งปีแรก (ต.ค. 2567 - มี.ค. 2568)"
    )
    assert p.period_label(2025, 1, h1.starts, h1.ends, "en") == (
        "FY2025 first half (Oct 2024 - Mar 2025)"
    )
    assert p.period_label(2025, 2, h2.starts, h2.ends, "en") == (
        "FY2025 second half (Apr 2025 - Sep 2025)"
    )
    q3 = p.periods_of_year(2025, 3, 30)[2]
    assert p.short_label(2025, 3, q3.starts, q3.ends, "th") == "ปีงบประมาณ 2568 ไตรมาสที่ 3"
    year = p.periods_of_year(2025, 12, 30)[0]
    assert p.period_label(2025, 1, year.starts, year.ends, "en") == "FY2025 (Oct 2024 - Sep 2025)"


def test_rhythm_problems_name_their_field_in_both_languages():
    problems = p.check_rhythm(5, 400)
    assert [x.column for x in problems] == ["period_months", "due_days"]
    assert "12, 6 or 3" in problems[0].message_en and "12, 6 หรือ 3" in problems[0].message_th
    assert "365" in problems[1].message_en and "365" in problems[1].message_th
    with pytest.raises(ValueError):
        p.plan_periods(2023, 2027, 4, 30)
    assert p.check_rhythm(6, 30) == []


@given(
    year=st.integers(min_value=2000, max_value=2100),
    months=st.sampled_from(p.PERIOD_MONTHS),
    due_days=st.integers(min_value=0, max_value=365),
)
def test_periods_tile_the_fiscal_year(year, months, due_days):
    # 12 / months periods, from 1 October to 30 September, none overlapping, no gap,
    # each `months` calendar months long and due `due_days` after it ends
    periods = p.periods_of_year(year, months, due_days)
    assert len(periods) == 12 // months
    assert periods[0].starts == D(year - 1, 10, 1) and periods[-1].ends == D(year, 9, 30)
    for before, after in itertools.pairwise(periods):
        assert after.starts == before.ends + dt.timedelta(days=1)
    for number, period in enumerate(periods, start=1):
        assert period.number == number and period.months == months
        assert period.due == period.ends + dt.timedelta(days=due_days)
        assert p.fiscal_year_of(period.starts) == p.fiscal_year_of(period.ends) == year
