"""The coverage block of the report: pages fetched of pages discovered, links checked of links
found, and the targets without a verdict counted by cause (contracts.coverage).

Computed from the run folder only (CrawlInfo, LinkCheck records, the links pages hold); it
judges nothing about the site. `--min-coverage` compares `Coverage.percent` with the
operator's threshold (auditor.cli, exit code 3).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from contracts import SiteArtifacts
from contracts.coverage import (
    CAUSE_LABELS,
    LIMIT_CAUSES,
    NEVER_VISITED,
    Coverage,
    CoverageReason,
    not_checked_cause,
)

# Link kinds that are checked targets (mailto:, javascript:, #anchors are never requested).
CHECKED_KINDS = frozenset({"page", "attachment", "external"})

# Limits of `zwgk audit` when neither the command line nor the profile sets them: the page
# cap is a safety limit sized for real portals (the whole site is crawled), the time budget
# stops a crawl that runs away; when one binds, the report's coverage says so.
DEFAULT_MAX_PAGES = 200_000
DEFAULT_TIME_BUDGET = 8 * 3600.0
MAX_EXAMPLES = 5

_MAX_PAGES_RX = re.compile(r"ZWGK_MAX_PAGES=(\d+)")


def _kind(value) -> str:
    return value.value if hasattr(value, "value") else str(value)


def _pct(part: int, whole: int) -> float:
    return 100.0 if whole <= 0 else round(100.0 * part / whole, 1)


def _limits(site: SiteArtifacts, causes: Counter) -> list[str]:
    """The run's own limits that bound, in report words (each said once)."""
    c = site.crawl
    out = []
    max_pages = _max_pages(site)
    if causes.get("cap"):
        out.append(f"页面数量上限（{max_pages} 页）已达到" if max_pages else "页面数量上限已达到")
    if causes.get("requests") or any(line.startswith("request budget") for line in c.capped):
        out.append("请求数量上限已达到")
    if c.finish_reason == "closespider_timeout":
        out.append("检查时间预算已用尽")
    elif c.finish_reason not in ("finished", None) or (c.finish_reason is None and c.finished_at is None):
        out.append(f"抓取提前结束（{c.finish_reason or '未正常结束'}）")
    return out


def _max_pages(site: SiteArtifacts) -> int | None:
    for line in site.crawl.capped:
        m = _MAX_PAGES_RX.search(line)
        if m:
            return int(m.group(1))
    return None


def compute_coverage(site: SiteArtifacts) -> Coverage:
    """Coverage of one run folder (see the module docstring)."""
    finish = site.crawl.finish_reason
    netloc = urlsplit(site.crawl.start_url).netloc
    records = {c.url: c for c in site.links}
    kinds: dict[str, str] = {url: _kind(c.kind) for url, c in records.items()}
    fetched_pages = set()
    for page in site.pages:
        fetched_pages.add(page.url)
        kinds.setdefault(page.url, "page")
    for page in site.pages:
        for ref in page.links:
            k = _kind(ref.kind)
            if k in CHECKED_KINDS:
                kinds.setdefault(ref.url, k)

    by_cause: dict[str, list[str]] = defaultdict(list)
    pages_by_cause: Counter = Counter()
    checked = pages_fetched = pages_discovered = 0
    for url in sorted(kinds):
        kind = kinds[url]
        in_scope_page = kind == "page" and urlsplit(url).netloc == netloc
        if url in fetched_pages:
            cause = None
        else:
            cause = not_checked_cause(records.get(url), finish)
        if in_scope_page:
            pages_discovered += 1
            if cause is None:
                pages_fetched += 1
        if cause is None:
            checked += 1
            continue
        by_cause[cause].append(url)
        if in_scope_page:
            pages_by_cause[cause] += 1

    counts = Counter({k: len(v) for k, v in by_cause.items()})
    reasons = [
        CoverageReason(cause=cause, label=CAUSE_LABELS.get(cause, cause), count=len(urls),
                       pages=pages_by_cause[cause], never_visited=cause in NEVER_VISITED,
                       excluded=cause == "skipped", examples=urls[:MAX_EXAMPLES])
        for cause, urls in sorted(by_cause.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    excluded = counts.get("skipped", 0)
    found = len(kinds)
    in_scope = found - excluded
    not_checked = in_scope - checked
    limits = _limits(site, counts)
    limited = bool(limits) or any(counts.get(c) for c in LIMIT_CAUSES)
    cov = Coverage(
        complete=not limited and not_checked == 0,
        limited=limited,
        limits=limits,
        pages_fetched=pages_fetched,
        pages_discovered=pages_discovered,
        links_found=found,
        links_excluded=excluded,
        links_in_scope=in_scope,
        links_checked=checked,
        not_checked=not_checked,
        percent=_pct(checked, in_scope),
        pages_percent=_pct(pages_fetched, pages_discovered),
        reasons=reasons,
        max_pages=_max_pages(site),
    )
    return cov.model_copy(update={"text": coverage_text(cov)})


def coverage_text(cov: Coverage) -> str:
    """The one line every report format shows (Chinese report text)."""
    head = "本次检查覆盖完整" if cov.complete else (
        "本次检查受限未覆盖全站" if cov.limited else "本次检查有部分链接未能判断")
    parts = [f"已抓取页面 {cov.pages_fetched} / 已发现页面 {cov.pages_discovered}（{cov.pages_percent:g}%）",
             f"已检查链接 {cov.links_checked} / 应检查链接 {cov.links_in_scope}（{cov.percent:g}%）"]
    if cov.links_excluded:
        parts.append(f"另有 {cov.links_excluded} 个链接按站点配置不检查")
    text = f"{head}：" + "，".join(parts)
    if cov.limits:
        text += "；受限：" + "、".join(cov.limits)
    own = [r for r in cov.reasons if not r.excluded]
    if own:
        text += "；未检查原因：" + "、".join(f"{r.label} {r.count}" for r in own)
    return text + "。"


def below_minimum(cov: Coverage, minimum: float | None) -> bool:
    """True when `--min-coverage` is set and the run covered less than it (percent of links)."""
    return minimum is not None and cov is not None and cov.percent < minimum


__all__ = ["compute_coverage", "coverage_text", "below_minimum", "CHECKED_KINDS", "DEFAULT_MAX_PAGES",
           "DEFAULT_TIME_BUDGET"]
