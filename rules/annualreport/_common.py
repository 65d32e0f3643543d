"""Yearly reports found by title, their publication dates and deadlines."""

from __future__ import annotations

import datetime as dt
import re

from contracts import SiteArtifacts

from ..patterns import norm
from ..proactive._common import all_items

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def yearly_reports(site: SiteArtifacts, title_pattern: str, exclude: str | None = None,
                   column_pattern: str | None = None
                   ) -> dict[int, list[tuple[str, str | None, dt.date | None]]]:
    """report year → [(title, url, publication date)] for items and articles titled like
    `title_pattern` (which must not be preceded by another year: 2019年…2020年度报告 → 2020),
    and, with `column_pattern`, for the entries of a column so named (年报, 年度报告) whose
    title names only the year: “2023年”, “2023年度”, a file name with a year — many 年报
    columns list their reports so, linking the article or the PDF/Word file itself."""
    rx = re.compile(title_pattern)
    ex = re.compile(exclude) if exclude else None
    col_rx = re.compile(column_pattern) if column_pattern else None
    out: dict[int, list] = {}
    seen: set[tuple] = set()
    for item in all_items(site):
        title = norm(item.title)
        if ex and ex.search(title):
            continue
        m = rx.search(title)
        if m:
            years = _YEAR.findall(title[: m.end()])
        elif col_rx is not None and item.column and col_rx.search(item.column) \
                and not (ex and ex.search(item.column)):
            years = _YEAR.findall(title)[:1]
        else:
            continue
        if not years:
            continue
        year = int(years[-1])
        key = (year, item.url or title)
        if key in seen:
            # the same report listed twice (column and 最新信息): keep the earliest date
            for i, (t, u, d) in enumerate(out[year]):
                if (u or norm(t)) == key[1] and item.date and (d is None or item.date < d):
                    out[year][i] = (t, u, item.date)
            continue
        seen.add(key)
        out.setdefault(year, []).append((item.title, item.url, item.date))
    return out


def deadline_for(year: int, month_day: str) -> dt.date:
    """The deadline in the year after `year`: deadline_for(2019, "01-31") = 2020-01-31."""
    month, day = (int(x) for x in month_day.split("-"))
    return dt.date(year + 1, month, day)


def due_years(as_of: dt.date, month_day: str, count: int) -> list[int]:
    """The `count` most recent report years whose deadline has passed on `as_of`
    (a report due by 1月31日 is late from 2月1日)."""
    latest = as_of.year - 1 if as_of > deadline_for(as_of.year - 1, month_day) else as_of.year - 2
    return [latest - k for k in range(max(0, count))]
