"""The link-check logic LNK001/LNK002/LNK003 share: one kind of link, three severities."""

from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

from contracts import Finding, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import check_for, links_by_target, outcome_phrase, quote_page, seen_at
from ._unvisited import grouped_could_not_evaluate

LINK_OPTIONS = {
    # LinkCheck outcomes reported as broken links.
    "broken_outcomes": ["dead", "redirect_loop", "too_many_redirects"],
    # Also check links inside elements hidden by inline style / hidden attribute.
    "include_hidden": True,
    # Ignore the links of pages that themselves answered 4xx/5xx (custom error pages).
    "skip_error_pages": True,
    # How many example URLs a site-level finding lists.
    "max_examples": 10,
}


def check_links(rule: Rule, site: SiteArtifacts, ctx: RuleContext, *, kind: str, noun: str,
                broken_phrase: str, label: str) -> Iterator[Finding]:
    """Yield one FAIL per (page, broken target), one COULD_NOT_EVALUATE per cause and column /
    host for the targets without a verdict (rules/links/_unvisited.py), a site-level result for
    targets the profile skips, and one aggregate PASS.

    `noun` names one link in messages (链接 / 附件链接 / 站外链接), `label` the kind in
    site-level messages (站内页面链接 / 附件链接 / 站外链接); `broken_phrase` says what the
    link points to (指向的页面 / 指向的附件 / 指向的站外网站).
    """
    broken = set(ctx.opt("broken_outcomes"))
    max_examples = int(ctx.opt("max_examples"))
    by_target = links_by_target(site, {kind}, include_hidden=bool(ctx.opt("include_hidden")),
                                skip_error_pages=bool(ctx.opt("skip_error_pages")))
    if not by_target:
        yield rule.not_applicable(f"已采集页面中未发现{label}")
        return

    ok_targets = ok_links = 0
    skipped: list[str] = []
    unknown: list = []  # (target, LinkCheck or None, refs) without a verdict
    for target, refs in by_target.items():
        check = check_for(site, target)
        if check is None:
            unknown.append((target, None, refs))
            continue
        if check.outcome == "ok":
            ok_targets += 1
            ok_links += len(refs)
            continue
        if check.outcome == "skipped":
            skipped.append(target)
            continue
        if check.outcome in broken:
            for page, link in refs:
                text = link.text or target
                yield rule.fail(
                    f"页面{quote_page(page, seen_at(page))}中的{noun}“{text}”{broken_phrase}{outcome_phrase(check)}",
                    url=seen_at(page),
                    target=target,
                    evidence={
                        "link_text": link.text,
                        "status": check.status,
                        "outcome": check.outcome,
                        "region": link.region.value,
                        "hidden": link.hidden,
                        **({"redirects": check.redirects[:10]} if check.redirects else {}),
                    },
                )
            continue
        # timeout, rate_limited, blocked, error (and any outcome added later): no verdict,
        # grouped by cause and column / host below (never one result per link).
        unknown.append((target, check, refs))

    if skipped:
        hosts = sorted({urlsplit(u).netloc for u in skipped})
        yield rule.not_applicable(
            f"有 {len(skipped)} 个{label}指向站点配置未允许访问的主机（{'、'.join(hosts[:5])}"
            f"{'等' if len(hosts) > 5 else ''}），按配置未检查",
            evidence={"skipped": len(skipped), "hosts": hosts, "examples": skipped[:max_examples]},
        )
    yield from grouped_could_not_evaluate(rule, site, unknown, label=label, max_examples=max_examples)
    if ok_targets:
        yield rule.passed(
            f"共 {ok_targets} 个{label}目标可以正常访问（涉及 {ok_links} 处链接）",
            evidence={"targets_ok": ok_targets, "links_ok": ok_links, "targets": len(by_target)},
        )
