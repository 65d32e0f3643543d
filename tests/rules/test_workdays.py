"""Working-day arithmetic (chinese_calendar): holidays, adjusted working days, the data range."""

from __future__ import annotations

import datetime as dt

import pytest

from rules.patterns import CalendarRangeError, is_working_day, working_days_between

D = dt.date


@pytest.mark.parametrize("day,working", [
    (D(2025, 1, 27), True),   # Monday before the 2025 Spring Festival
    (D(2025, 1, 28), False),  # 除夕: holiday 01-28 … 02-04
    (D(2025, 2, 3), False),   # a Monday inside the holiday
    (D(2025, 2, 8), True),    # Saturday made a working day (调休)
    (D(2025, 1, 26), True),   # Sunday made a working day
    (D(2025, 2, 9), False),   # an ordinary Sunday
    (D(2024, 2, 12), False),  # a Monday inside the 2024 Spring Festival holiday (02-10 … 02-17)
    (D(2024, 2, 18), True),   # Sunday made a working day
    (D(2024, 9, 14), True),   # Saturday made a working day before 中秋
])
def test_is_working_day(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize("start,end,expected", [
    (D(2025, 1, 24), D(2025, 1, 27), 2),   # Friday → Monday: the adjusted Sunday 01-26 counts
    (D(2025, 3, 7), D(2025, 3, 10), 1),    # an ordinary Friday → Monday
    (D(2025, 1, 27), D(2025, 2, 4), 0),    # the whole Spring Festival holiday: no working day
    (D(2025, 1, 27), D(2025, 2, 7), 3),    # 02-05, 02-06, 02-07
    (D(2025, 1, 27), D(2025, 2, 8), 4),    # … and the adjusted working Saturday
    (D(2024, 2, 8), D(2024, 2, 19), 3),    # 02-09, the adjusted Sunday 02-18, 02-19
    (D(2025, 3, 3), D(2025, 3, 3), 0),     # same day
    (D(2025, 3, 5), D(2025, 3, 3), 0),     # 解读 before the policy
])
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


def test_dates_outside_the_calendar_data_raise_a_clear_error():
    with pytest.raises(CalendarRangeError, match="2003"):
        working_days_between(D(2003, 1, 6), D(2003, 1, 8))
    with pytest.raises(CalendarRangeError, match="无法计算工作日"):
        is_working_day(D(2099, 1, 2))
