"""LNK001 — dead internal page links (站内链接不可用)."""

from __future__ import annotations

from typing import Iterable

from contracts import LINKS_CAPPED_NOTE, Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import quote_page, seen_at
from ._common import LINK_OPTIONS, check_links


class LNK001(Rule):
    """Internal page links must open.

    What it checks:
        Every link of kind ``page`` (an HTML page inside the site's scheme + host + port)
        found on a crawled page is looked up in the crawler's LinkCheck records. A target
        whose outcome is ``dead`` (4xx/5xx other than rate limiting, DNS failure, connection
        refused), ``redirect_loop`` or ``too_many_redirects`` is a broken link: one FAIL per
        page holding the link (url = that page's address after redirects, target = the
        link URL, evidence ``{link_text, status, outcome}``). Targets that ``timeout``, are ``rate_limited``,
        ``blocked`` or ended in an ``error`` are could not evaluate, never dead: one result per
        cause and column (the first folder of the target's path) with a count and examples,
        never one per link (a capped crawl's unvisited links are counted, not listed).
        Redirects that end on a live page are fine. Links on pages that themselves answered
        4xx/5xx (custom error pages) are not counted. A page with more links than the crawler
        reads from one page (ZWGK_MAX_LINKS_PER_PAGE, 5,000) gives one could-not-evaluate
        result saying how many were left unchecked, never one per link.

    Legal basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》扣分指标 "链接可用性":
        links on the homepage and on other pages that cannot be opened or are wrong cost
        points per link found (point values not verified here). 条例第二十四条 requires the
        政府信息公开平台 to provide 查阅 (viewing): a link that leads nowhere defeats it.

    Passing example:
        The homepage links “工作动态” to ``/xwzx/gzdt/``, which answers 200 (or 301 to a page
        that answers 200).

    Failing example:
        The homepage links “通知公告” to ``/tzgg/old.html``, which answers 404: 页面《首页》中的
        链接“通知公告”指向的页面无法访问（HTTP 404）.

    Not applicable when:
        No crawled page holds a link of kind ``page`` (e.g. the crawl stopped at the homepage
        and it has no internal links). Targets the crawler never checked (page cap, budget, robots)
        are grouped the same way (cause 页面数量达到上限 …) rather than judged.
    """

    meta = RuleMeta(
        id="LNK001",
        slug="links.dead-internal",
        title="站内链接可以正常访问",
        failure_title="站内链接无法访问（死链）",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 首页/其他页面链接可用性",
                verified=False,
                note="扣分项及分值（首页每个扣1分、其他页面每个扣0.1分）系据记忆与厂商代码注释，未见原文",
            ),
            Citation(
                document="中华人民共和国政府信息公开条例（国务院令第711号）",
                article="第二十四条",
                note="政府信息公开平台应当具备信息检索、查阅、下载等功能",
            ),
        ],
        plan_tasks=[11],
        requires=["pages", "links"],
        options=dict(LINK_OPTIONS),
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        yield from check_links(self, site, ctx, kind="page", noun="链接", broken_phrase="指向的页面", label="站内页面链接")
        for page in site.pages:
            note = next((n for n in page.extract_notes if n.startswith(LINKS_CAPPED_NOTE)), None)
            if note is not None:
                yield self.could_not_evaluate(
                    f"页面{quote_page(page, seen_at(page))}的链接数量超过单页读取上限，其余链接未检查（{note}）",
                    url=seen_at(page), evidence={"note": note, "links_read": len(page.links)})
