"""Manual checklist items: evidence gathered from page titles and texts for a person to confirm."""

from __future__ import annotations

import datetime as dt
import re

from contracts import SiteArtifacts

from ..patterns import body_text, norm, ok_pages, page_date, seen_at, short_context, titles_of


def evidence_pages(site: SiteArtifacts, pattern: str, year: int | None, limit: int = 10) -> list[dict]:
    """Pages whose title or text matches `pattern` (dated in `year` when given), newest first."""
    rx = re.compile(pattern)
    hits = []
    for page in ok_pages(site):
        if page.page_kind in ("home", "column"):
            continue
        day = page_date(page)
        if year is not None and (day is None or day.year != year):
            continue
        title = " ".join(titles_of(page))
        text = norm(body_text(page))
        m = rx.search(title) or rx.search(text)
        if m:
            src = title if rx.search(title) else text
            hits.append({"url": seen_at(page), "title": (titles_of(page) or [""])[0],
                         "date": day.isoformat() if day else None,
                         "match": short_context(src, m.start(), m.end(), 15)})
    hits.sort(key=lambda h: h["date"] or "", reverse=True)
    return hits[:limit]


def audit_year(as_of: dt.date) -> int:
    return as_of.year
