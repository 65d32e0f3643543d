"""The link-check logic LNK001/LNK002/LNK003 share: one kind of link, three severities."""

from __future__ import annotations

from typing import Iterator
from urllib.parse import urlsplit

from contracts import Finding, LinkRef, PageArtifact, SiteArtifacts

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


#: How messages name an embedded resource by its LinkKind (LNK004).
EMBEDDED_NOUNS = {"image": "图片", "frame": "框架页面", "embed": "嵌入文档", "stylesheet": "样式表"}


def embeds_by_target(site: SiteArtifacts, kinds: set[str], *, include_hidden: bool = True,
                     skip_error_pages: bool = True) -> dict[str, list[tuple[PageArtifact, LinkRef]]]:
    """As patterns.links_by_target, over what pages embed (PageArtifact.embeds)."""
    out: dict[str, list[tuple[PageArtifact, LinkRef]]] = {}
    seen_pages: set[str] = set()
    for page in site.pages:
        if seen_at(page) in seen_pages or (skip_error_pages and page.status >= 400):
            continue
        seen_pages.add(seen_at(page))
        seen_targets: set[str] = set()
        for ref in page.embeds:
            kind = ref.kind.value if hasattr(ref.kind, "value") else str(ref.kind)
            if kind not in kinds or (ref.hidden and not include_hidden) or ref.url in seen_targets:
                continue
            seen_targets.add(ref.url)
            out.setdefault(ref.url, []).append((page, ref))
    return out


def _file_name(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1] or url


def check_links(rule: Rule, site: SiteArtifacts, ctx: RuleContext, *, kind: str | set[str], noun: str,
                broken_phrase: str, label: str, nouns: dict[str, str] | None = None) -> Iterator[Finding]:
    """Yield one FAIL per (page, broken target), one COULD_NOT_EVALUATE per cause and column /
    host for the targets without a verdict (rules/links/_unvisited.py), a site-level result for
    targets the profile skips, and one aggregate PASS.

    `noun` names one link in messages (链接 / 附件链接 / 站外链接), `label` the kind in
    site-level messages (站内页面链接 / 附件链接 / 站外链接); `broken_phrase` says what the
    link points to (指向的页面 / 指向的附件 / 指向的站外网站). `nouns` names a link by its kind
    instead (图片 / 框架页面 / 嵌入文档), with its alt text or file name for the link text.
    """
    broken = set(ctx.opt("broken_outcomes"))
    max_examples = int(ctx.opt("max_examples"))
    kinds = {kind} if isinstance(kind, str) else set(kind)

    def name(link) -> tuple[str, str]:
        if nouns is None:
            return noun, link.text
        k = link.kind.value if hasattr(link.kind, "value") else str(link.kind)
        return nouns.get(k, noun), link.alt or link.text or _file_name(link.url)

    if nouns is None:
        by_target = links_by_target(site, kinds, include_hidden=bool(ctx.opt("include_hidden")),
                                    skip_error_pages=bool(ctx.opt("skip_error_pages")))
    else:
        by_target = embeds_by_target(site, kinds, include_hidden=bool(ctx.opt("include_hidden")),
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
                what, text = name(link)
                text = text or target
                yield rule.fail(
                    f"页面{quote_page(page, seen_at(page))}中的{what}“{text}”{broken_phrase}{outcome_phrase(check)}",
                    url=seen_at(page),
                    target=target,
                    evidence={
                        "link_text": link.text,
                        "status": check.status,
                        "outcome": check.outcome,
                        "region": link.region.value,
                        "hidden": link.hidden,
                        **({"kind": what, "tag": link.tag} if nouns is not None else {}),
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
