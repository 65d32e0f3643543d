"""FN001 — the homepage and the 政府信息公开 平台 offer a search (站内搜索 / 信息检索)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, PageArtifact, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import find_portal, norm, seen_at, target_loaded
from ..presence import PresenceSpec, seen_homepage
from ._common import CITE_19_SEARCH, CITE_ART24_SEARCH, search_forms


class FN001(Rule):
    """The homepage offers a site search, and the 政府信息公开 平台 a way to search it.

    What it checks:
        Two items, one result each (evidence ``{item}``):

        * 站内搜索 — the homepage shows a search form: a visible ``<form>`` (or a search box a
          script submits, as TRS and 开普云 headers often have) whose text input is named
          q / keyword / searchword / wd / query … or which says 搜索 / 检索
          (``PageArtifact.forms``, ``looks_like_search``). Failing that, a visible homepage link
          whose text matches ``search_link_pattern`` (搜索, 高级检索, 全文检索 …) to a page that
          has such a form. FAIL when there is neither (url = homepage), or when the search pages
          linked are broken (``broken``) or, crawled, show no search form (target = that page);
          could not evaluate when the linked search page loaded but was not crawled (another
          host) or was not checked;
        * 公开平台检索 (``check_platform``) — the same on the 政府信息公开 专栏 page (found as
          COL001 finds it), whose own template often differs from the homepage's: a search form,
          or a link to a search page with one (目录检索, 信息检索 …). Severity
          ``platform_severity`` (warning): a portal-wide search may be judged to cover the
          平台. Could not evaluate when the 专栏 lies outside the crawl.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第二十四条 (verified): 政府信息公开平台应当具备信息检索、查阅、下载等功能. 国办秘函
        〔2019〕19号 扣分指标 功能设计: 搜索功能 (the item is quoted in a ministry's self-check
        report; the points deducted are **not verified**). Plan task 11 (加强政府网站政务公开平台建设).

    Passing example:
        Homepage header ``<form action="/was5/web/search"><input name="searchword"><input
        type="submit" value="搜索"></form>``; the 专栏 uses the same header.

    Failing example:
        The 政府信息公开 专栏 is a separate 公开目录 template with neither a search box nor a link
        to 目录检索: 政府信息公开专栏未提供信息检索功能.

    Not applicable when:
        No 专栏 found (公开平台检索 only; COL001 reports it). Could not evaluate when the homepage
        was not crawled or answered an error.
    """

    meta = RuleMeta(
        id="FN001",
        slug="function.site-search",
        title="网站和政府信息公开平台提供搜索功能",
        failure_title="未提供站内搜索或信息检索功能",
        severity=Severity.error,
        legal_basis=[CITE_ART24_SEARCH, CITE_19_SEARCH],
        plan_tasks=[11],
        requires=["pages", "links"],
        options={
            "search_link_pattern": r"搜索|检索",
            "check_platform": True,
            "platform_severity": "warning",
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="站内搜索", link_text=options["search_link_pattern"], example="站内搜索",
                             needs_home=False)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("首页未能抓取，无法判断是否提供站内搜索",
                                          url=seen_at(home) if home else site.crawl.start_url,
                                          evidence={"item": "站内搜索"})
            return
        rx = re.compile(ctx.opt("search_link_pattern"))
        yield from self._search(site, home, "站内搜索", "首页", rx, None)
        if not ctx.opt("check_platform"):
            return
        _, link, portal = find_portal(site)
        if link is None:
            yield self.not_applicable("未采集到政府信息公开专栏（是否设置由 COL001 判断）", evidence={"item": "公开平台检索"})
        elif portal is None:
            yield self.could_not_evaluate(f"政府信息公开专栏“{link.text}”未能抓取，无法判断是否提供信息检索",
                                          url=seen_at(home), evidence={"item": "公开平台检索", "portal": link.url})
        elif seen_at(portal) != seen_at(home):
            yield from self._search(site, portal, "公开平台检索", "政府信息公开专栏", rx,
                                    Severity(ctx.opt("platform_severity")))

    def _search(self, site: SiteArtifacts, page: PageArtifact, item: str, where: str, rx: re.Pattern[str],
                severity: Severity | None) -> Iterable[Finding]:
        url = seen_at(page)
        forms = search_forms(page)
        if forms:
            yield self.passed(f"{where}提供搜索框", url=url,
                              evidence={"item": item, "via": "form", "action": forms[0].action})
            return
        broken, unknown, formless = [], [], []
        for link in page.links:
            if link.hidden or link.region.value == "footer" or not link.text or link.kind.value not in ("page", "external"):
                continue
            if not rx.search(norm(link.text)):
                continue
            target = site.page(link.url)
            if target is not None and target.status < 400 and search_forms(target):
                yield self.passed(f"{where}链接的“{link.text}”页面提供搜索框", url=url, target=link.url,
                                  evidence={"item": item, "via": "link"})
                return
            state = target_loaded(site, link.url)
            if state is False:
                broken.append(link)
            elif target is not None and target.status < 400:
                formless.append(link)
            else:
                unknown.append(link)
        spec = PresenceSpec(item=item, link_text=rx.pattern, example="站内搜索", needs_home=False)
        what = "站内搜索" if item == "站内搜索" else "信息检索"
        if unknown or broken:  # an entry whose page could not be seen: no verdict (LNK001 reports the link)
            yield self.missing(site, spec, f"{where}未提供{what}功能", url=url, severity=severity, within=[page])
        elif formless:
            link = formless[0]
            yield self.fail(f"{where}链接的“{link.text}”页面未提供搜索框", url=url, target=link.url, severity=severity,
                            evidence={"item": item})
        else:
            yield self.missing(site, spec, f"{where}未提供{what}功能", url=url, severity=severity, within=[page])
