"""Crawler traps: URL spaces without end (calendars, endless query variants, repeating
paths) are capped by depth and by per-pattern limits. Pure, no Scrapy.

`TrapGuard.check(url, depth)` is asked once per new in-scope page URL (after
canonicalisation, so session ids and tracking parameters are already gone); it answers
None (crawl it) or the reason it is capped. `summary()` feeds CrawlInfo.capped.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

# Parameters that walk a calendar (?date=2026-11-01, ?year=2026&month=11 …).
CALENDAR_PARAMS = re.compile(
    r"^(date|day|days|year|years|month|months|yr|mon|ym|ymd|week|cal|calendar|rq|riqi|nian|yue|"
    r"begindate|enddate|startdate|starttime|endtime|begintime)$", re.I)
# Paging parameters: a long list legitimately has many.
PAGING_PARAMS = re.compile(r"^(page|pageno|pagenum|pageindex|currentpage|curpage|p|pn|startrecord|endrecord|perpage|"
                           r"start|offset)$", re.I)


class TrapGuard:
    def __init__(self, *, max_depth: int = 25, max_query_variants: int = 100, max_calendar_variants: int = 24,
                 max_paging_variants: int = 1000, max_segment_repeats: int = 3):
        self.max_depth = max_depth
        self.max_query_variants = max_query_variants
        self.max_calendar_variants = max_calendar_variants
        self.max_paging_variants = max_paging_variants
        self.max_segment_repeats = max_segment_repeats
        self.variants: Counter[tuple] = Counter()
        self.capped: Counter[str] = Counter()  # reason -> URLs not crawled
        self.examples: dict[str, str] = {}

    def _cap(self, reason: str, url: str) -> str:
        self.capped[reason] += 1
        self.examples.setdefault(reason, url)
        return reason

    def check(self, url: str, depth: int) -> str | None:
        if self.max_depth and depth > self.max_depth:
            return self._cap(f"depth > ZWGK_MAX_DEPTH={self.max_depth}", url)
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        segments = [s for s in parts.path.split("/") if s]
        if segments:
            repeats = Counter(segments).most_common(1)[0][1]
            if repeats > self.max_segment_repeats:
                return self._cap(f"path segment repeated more than {self.max_segment_repeats} times", url)
        if not parts.query:
            return None
        names = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
        if not names:
            return None
        key = (parts.netloc, parts.path, tuple(names))
        self.variants[key] += 1
        seen = self.variants[key]
        pattern = f"{parts.path}?{'&'.join(n + '=' for n in names)}"
        if any(CALENDAR_PARAMS.match(n) for n in names):
            if seen > self.max_calendar_variants:
                return self._cap(f"calendar-like URLs {pattern} beyond ZWGK_MAX_CALENDAR_VARIANTS="
                                 f"{self.max_calendar_variants}", url)
            return None
        if all(_is_identity(n) for n in names):
            return None  # ?id=N and the like: one URL per document, as many as the site has
        if all(PAGING_PARAMS.match(n) or _is_identity(n) for n in names):
            limit, setting = self.max_paging_variants, "ZWGK_MAX_PAGING_VARIANTS"
        else:
            limit, setting = self.max_query_variants, "ZWGK_MAX_QUERY_VARIANTS"
        if seen > limit:
            return self._cap(f"query variants of {pattern} beyond {setting}={limit}", url)
        return None

    def summary(self) -> list[str]:
        return [f"trap cap: {n} URLs not crawled ({reason}; e.g. {self.examples[reason]})"
                for reason, n in sorted(self.capped.items())]


# Parameters that name a document or a list (columnid=…, id=…): a finite space.
_LIST_KEYS = frozenset({"col", "path", "webname", "permissiontype", "sourcecontenttype", "lanmu", "name", "filename"})


def _is_identity(name: str) -> bool:
    return name in _LIST_KEYS or name.endswith("id") or name.endswith("no") and not PAGING_PARAMS.match(name)
