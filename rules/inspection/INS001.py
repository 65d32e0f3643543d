"""INS001 — the homepage is updated within 14 days (单项否决 首页不更新)."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import date_in_url, page_date, seen_at
from ..presence import seen_homepage
from ._common import CITE_VETO_HOME


class INS001(Rule):
    """The homepage shows information published within ``max_days`` (14) of the audit date.

    What it checks:
        The newest date among (a) the homepage's dated list items (a 月-日 shown without a year
        takes the year of the item's URL date: ``<span>03-08</span>`` on t20180307_… is
        2018-03-08), (b) the publication dates of crawled articles it links from anywhere but
        the footer (a menu's drop-down news panel included) and (c) dates in the URLs it links
        (TRS ``t20201125_…``) — homepage lists often show only ``[11-25]`` without a year.
        Dates after the audit date are ignored. When the homepage shows no date at all (a
        navigation-only homepage), the list items of the pages it links are used, as the
        indicator says (所有二级页面). Newest date older than ``max_days`` → one FAIL (critical),
        url = the homepage, evidence ``{latest_date, days_since, threshold, source}``.

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 首页不更新 (verified): 监测2周，首页无信息更新；如首页仅为
        栏目导航入口，所有二级页面无信息更新. Plan task 11.

    Passing example:
        The homepage lists 工作动态 with an article dated 2020-11-28 (audit 2020-12-01).

    Failing example:
        The newest homepage item is 2020-10-30: 网站首页最近一次更新为2020-10-30，已32天未更新.

    Not applicable when:
        Never. Could not evaluate when the homepage was not crawled or no date can be seen on it
        or on the pages it links.
    """

    meta = RuleMeta(
        id="INS001",
        slug="inspection.homepage-updated",
        title="首页两周内有更新",
        failure_title="首页超过两周未更新（单项否决）",
        severity=Severity.critical,
        legal_basis=[CITE_VETO_HOME],
        plan_tasks=[11],
        requires=["pages"],
        options={"max_days": 14},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查首页更新情况",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        as_of = ctx.as_of
        dates = [i.date for i in home.list_items if i.date and i.date <= as_of]
        source = "首页列表"
        for link in home.links:
            # a menu's drop-down panel of news (北京人社: 工作动态 under the navigation bar) is the
            # homepage's content too; the footer's links are not
            if link.hidden or link.region.value == "footer" or link.kind.value != "page":
                continue
            target = site.page(link.url)
            d = page_date(target) if target is not None and target.page_kind == "article" else date_in_url(link.url)
            if d and d <= as_of:
                dates.append(d)
        if not dates:
            source = "二级页面"
            for link in home.links:
                if link.hidden or link.kind.value != "page":
                    continue
                target = site.page(link.url)
                if target is not None and target.status < 400:
                    dates += [i.date for i in target.list_items if i.date and i.date <= as_of]
        if not dates:
            yield self.could_not_evaluate("首页及其链接的页面均未识别出信息发布日期，无法判断首页是否更新", url=seen_at(home))
            return
        latest = max(dates)
        days = int(ctx.opt("max_days"))
        evidence = {"latest_date": latest.isoformat(), "days_since": (as_of - latest).days, "threshold": days,
                    "source": source}
        if latest < as_of - dt.timedelta(days=days):
            yield self.fail(f"网站首页最近一次更新为{latest.isoformat()}，已{(as_of - latest).days}天未更新（要求{days}天内）",
                            url=seen_at(home), evidence=evidence)
        else:
            yield self.passed(f"网站首页最近更新于{latest.isoformat()}", url=seen_at(home), evidence=evidence)
