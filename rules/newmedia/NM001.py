"""NM001 — the portal lists its 政务新媒体 accounts (名录 / 矩阵)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import body_text, norm, ok_pages, seen_at, titles_of
from ..presence import PresenceSpec, seen_homepage
from ._common import CITE_123, CITE_19_NM


class NM001(Rule):
    """A 政务新媒体 page (矩阵 / 名录) lists the body's accounts with their platforms.

    What it checks:
        The 新媒体 page is the target of a homepage link whose text matches ``link_pattern``
        (政务新媒体, 新媒体矩阵, 新媒体, and the platform-named entries real homepages use: 政务微博,
        政务微信, 微博群, 微信群, 微信公众号, 官方微博, and links to the account itself: 新浪微博,
        腾讯微博 …), else any crawled page titled so. It must name at least
        ``min_accounts`` (1) accounts: platform words (``platform_pattern``: 微信, 公众号, 微博,
        抖音, 头条, 快手, 视频号, 客户端, 小程序) counted in its tables' rows and list entries,
        or AccountArtifacts the crawler recorded as listed on it. No page → FAIL
        ``{item: 新媒体名录}``; a page without accounts → FAIL ``{item: 账号}``.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        国办秘函〔2019〕19号 检查指标 (政务新媒体) and 国办发〔2018〕123号: 政务新媒体 names and
        主办单位 are listed (名录) and 开设、变更、注销 filed — recalled, not verified. 条例第二十三条
        (verified): 主动公开的政府信息通过政府网站或者其他互联网政务媒体等途径予以公开. Plan task 12
        (统筹推进政务新媒体与政府网站的协调联动).

    Passing example:
        /zwxmt/ shows a table 账号名称 | 平台 | 主办单位 with 白鹭发布 (微信公众号), 白鹭湖经开区 (微博).

    Failing example:
        The homepage has no 新媒体 link and no page is titled 政务新媒体: 网站未公开政务新媒体名录.

    Not applicable when:
        Never for a portal. Could not evaluate when the homepage was not crawled, or its 新媒体
        link points to a page that was not crawled.
    """

    meta = RuleMeta(
        id="NM001",
        slug="newmedia.accounts-listed",
        title="网站公开政务新媒体名录",
        failure_title="网站未公开政务新媒体名录",
        severity=Severity.warning,
        legal_basis=[CITE_19_NM, CITE_123],
        plan_tasks=[12],
        requires=["pages"],
        options={
            "link_pattern": r"政务新媒体|新媒体矩阵|新媒体|政务微博|政务微信|微博群|微信群|微信公众号|官方微博|官方微信|新浪微博|腾讯微博",
            "platform_pattern": r"微信|公众号|微博|抖音|头条|快手|视频号|客户端|小程序|APP",
            "min_accounts": 1,
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="新媒体名录", link_text=options["link_pattern"], example="政务新媒体")]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查政务新媒体名录",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        link_rx = re.compile(ctx.opt("link_pattern"))
        link = next((l for l in home.links if not l.hidden and l.text and link_rx.search(norm(l.text))
                     and l.kind.value in ("page", "external")), None)
        page = site.page(link.url) if link is not None else None
        if page is None:
            page = next((p for p in ok_pages(site) if p.page_kind != "home"
                         and any(link_rx.search(t) for t in titles_of(p))), None)
        if page is None or page.status >= 400:
            yield self.missing(site, self.presence_specs(ctx.options)[0],
                               "网站未公开政务新媒体名录（首页无政务新媒体入口，也未发现相关页面）", url=seen_at(home))
            return
        rx = re.compile(ctx.opt("platform_pattern"), re.I)
        rows = [" ".join(r) for t in page.tables for r in t[1:]] + [i.title for i in page.list_items]
        counted = sum(1 for r in rows if rx.search(r))
        listed = [a for a in site.accounts if a.listed_on in (page.url, page.final_url)]
        if not counted and not listed:
            counted = len(rx.findall(norm(body_text(page)))) // 2  # loose text: "平台：微信公众号" pairs
        n = max(counted, len(listed))
        evidence = {"item": "账号", "accounts": n}
        if n >= int(ctx.opt("min_accounts")):
            yield self.passed(f"政务新媒体页面列出了约 {n} 个账号", url=seen_at(page), evidence=evidence)
        else:
            yield self.fail("政务新媒体页面未列出账号及其平台", url=seen_at(page), evidence=evidence)
