"""Coverage: how much of the site one run actually looked at, and why the rest was not checked.

`Coverage` is part of the AuditReport (computed by auditor/coverage.py from the run folder);
`not_checked_cause` reads one LinkCheck (outcome + the crawler's error text) and names why the
target has no verdict. The link rules use the same causes to group their could-not-evaluate
results, so the report's coverage table and the rules' findings always agree.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .artifacts import LinkCheck

# Outcomes that are a verdict about the target (it was asked for and it answered).
VERDICT_OUTCOMES = frozenset({"ok", "dead", "redirect_loop", "too_many_redirects"})

# Why a target has no verdict: cause key → how the report names it (Chinese, report text).
CAUSE_LABELS: dict[str, str] = {
    "cap": "页面数量达到上限",
    "requests": "请求数量达到上限",
    "time": "检查时间预算用尽",
    "stopped": "抓取提前结束",
    "robots": "robots.txt 禁止访问",
    "trap": "疑似无限路径（陷阱）达到上限",
    "url_length": "地址过长",
    "paused": "主机暂停访问（熔断）",
    "egress": "出站访问限制",
    "blocked": "被拦截",
    "rate_limited": "被限流",
    "timeout": "访问超时",
    "error": "访问出错",
    "skipped": "站点配置不允许访问该主机",
    "unrecorded": "没有检查记录",
}

# Causes for which the target was never asked for (or asked and never answered because the
# crawl ran out of a limit): counted in the coverage, never a verdict about the link.
NEVER_VISITED = frozenset({"cap", "requests", "time", "stopped", "robots", "trap", "url_length", "paused",
                           "egress", "blocked", "skipped", "unrecorded"})

# Causes that are a limit of the run itself (the site was not covered because zwgk stopped).
LIMIT_CAUSES = frozenset({"cap", "requests", "time", "stopped"})

UNFINISHED = "unfinished:"  # crawler.spiders.portal.UNFINISHED
TIME_LIMIT_REASONS = frozenset({"closespider_timeout"})


def not_checked_cause(check: LinkCheck | None, finish_reason: str | None = None) -> str | None:
    """Why `check`'s target has no verdict (a CAUSE_LABELS key), None when it has one.

    `check` None: the target was found on a page but the crawler never recorded it
    ("unrecorded"). `finish_reason` (CrawlInfo.finish_reason) tells a time limit
    (closespider_timeout) from another early end for targets still unanswered when the
    crawl closed."""
    if check is None:
        return "unrecorded"
    outcome = check.outcome
    if outcome in VERDICT_OUTCOMES:
        return None
    if outcome in ("rate_limited", "timeout", "error", "skipped"):
        if outcome == "rate_limited" and (check.error or "").startswith(UNFINISHED) and \
                finish_reason in TIME_LIMIT_REASONS:
            return "time"
        return outcome
    error = check.error or ""
    low = error.lower()
    if error.startswith(UNFINISHED):
        return "time" if finish_reason in TIME_LIMIT_REASONS else "stopped"
    if "page budget" in low or "zwgk_max_pages" in low:
        return "cap"
    if "budgetexhausted" in low or "request budget" in low or "zwgk_max_requests" in low:
        return "requests"
    if "robots" in low:
        return "robots"
    if "trap cap" in low:
        return "trap"
    if "urllength" in low or "url longer" in low:
        return "url_length"
    if "hostpaused" in low or "paused" in low:
        return "paused"
    if "egress" in low:
        return "egress"
    return "blocked"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CoverageReason(_Model):
    """Targets without a verdict for one cause."""

    cause: str  # a CAUSE_LABELS key
    label: str  # its Chinese name
    count: int = 0  # distinct targets
    pages: int = 0  # of which in-scope HTML pages
    never_visited: bool = True  # False: asked for, but the answer was no verdict (timeout, 429, error)
    excluded: bool = False  # by the site profile (external host not allowed): not held against coverage
    examples: list[str] = Field(default_factory=list)


class Coverage(_Model):
    """What one run covered. `percent` = links_checked / links_in_scope (100 when nothing to check)."""

    complete: bool = True  # no limit bound and every target in scope has a verdict
    limited: bool = False  # a limit of the run (page cap, request budget, time budget, early end) bound
    limits: list[str] = Field(default_factory=list)  # which limits bound, in report words
    pages_fetched: int = 0  # in-scope pages asked for that answered (a page or an HTTP error)
    pages_discovered: int = 0  # in-scope pages found (fetched or not)
    links_found: int = 0  # distinct link targets found (pages, attachments, external links)
    links_excluded: int = 0  # targets the site profile says not to check (external hosts not allowed)
    links_in_scope: int = 0  # links_found - links_excluded
    links_checked: int = 0  # targets with a verdict (ok, dead, redirect loop …)
    not_checked: int = 0  # links_in_scope - links_checked
    percent: float = 100.0  # links_checked / links_in_scope, one decimal
    pages_percent: float = 100.0  # pages_fetched / pages_discovered, one decimal
    reasons: list[CoverageReason] = Field(default_factory=list)  # largest first
    text: str = ""  # the one summary line every format shows (Chinese)
    max_pages: int | None = None  # the page cap the crawl ran with, when the crawl says


__all__ = ["Coverage", "CoverageReason", "CAUSE_LABELS", "NEVER_VISITED", "LIMIT_CAUSES", "VERDICT_OUTCOMES",
           "not_checked_cause"]
