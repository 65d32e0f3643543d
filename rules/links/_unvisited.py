"""Link targets without a verdict, grouped: one could-not-evaluate result per cause and column
(in-scope targets, by the first folder of their path) or host (other sites), with a count
and examples, never one per link.

The causes are contracts.coverage's (the report's coverage table counts the same targets).
A target never asked for (page cap, budget, robots …) is counted here and in the coverage,
never judged; a target asked for whose answer was no verdict (timeout, 429, error) is grouped
the same way.
"""

from __future__ import annotations

from typing import Iterator, Sequence
from urllib.parse import urlsplit

from contracts import Finding, LinkCheck, LinkRef, PageArtifact, SiteArtifacts
from contracts.coverage import CAUSE_LABELS, NEVER_VISITED, not_checked_cause

from ..base import Rule
from ..patterns import seen_at

Unknown = tuple[str, LinkCheck | None, Sequence[tuple[PageArtifact, LinkRef]]]


def scope_of(target: str, site_netloc: str) -> tuple[str, str]:
    """(key, words) of the group a target falls in: its host when it is on another site,
    else the first folder of its path (a column of the site: /xwzx/), "/" for the root."""
    parts = urlsplit(target)
    if parts.netloc != site_netloc:
        return f"host:{parts.netloc}", f"站点 {parts.netloc}"
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) <= 1 and not parts.path.endswith("/"):
        return "path:/", "网站根目录 /"
    folder = f"/{segments[0]}/" if segments else "/"
    return f"path:{folder}", f"栏目路径 {folder}"


def grouped_could_not_evaluate(rule: Rule, site: SiteArtifacts, unknown: Sequence[Unknown], *, label: str,
                               max_examples: int) -> Iterator[Finding]:
    """One COULD_NOT_EVALUATE per (cause, scope) over `unknown` (target, its LinkCheck or None,
    the pages linking it), largest group first."""
    finish = site.crawl.finish_reason
    netloc = urlsplit(site.crawl.start_url).netloc
    groups: dict[tuple[str, str], list[Unknown]] = {}
    words: dict[str, str] = {}
    for item in unknown:
        target, check, _ = item
        # an outcome the rule's broken_outcomes option leaves out (e.g. redirect_loop) keeps its name
        cause = not_checked_cause(check, finish) or (check.outcome if check is not None else "unrecorded")
        key, text = scope_of(target, netloc)
        words[key] = text
        groups.setdefault((cause, key), []).append(item)
    for (cause, key), items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cause_zh = CAUSE_LABELS.get(cause, cause)
        pages = {seen_at(p) for _, _, refs in items for p, _ in refs}
        examples = [t for t, _, _ in items[:max_examples]]
        sample = "、".join(examples[:3])
        if cause in NEVER_VISITED:
            head = f"{len(items)} 个{label}因{cause_zh}未检查"
        else:
            head = f"{len(items)} 个{label}{cause_zh}，无法判断是否有效"
        statuses = sorted({c.status for _, c, _ in items if c is not None and c.status})
        yield rule.could_not_evaluate(
            f"{head}（{words[key]}，涉及 {len(pages)} 个页面；示例：{sample}{'等' if len(items) > 3 else ''}）",
            evidence={
                "group": f"{cause} {key}",
                "cause": cause,
                "cause_zh": cause_zh,
                "scope": words[key],
                "count": len(items),
                "pages": len(pages),
                "examples": examples,
                **({"status": statuses} if statuses else {}),
            },
        )


__all__ = ["grouped_could_not_evaluate", "scope_of"]
