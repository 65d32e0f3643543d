"""AR002 — the 政府网站工作年度报表 is published by 1月31日, reachable from the homepage."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import seen_at
from ..presence import PresenceSpec, seen_homepage
from ._common import deadline_for, due_years, yearly_reports


class AR002(Rule):
    """The previous year's 政府网站工作年度报表 is published by 1月31日 and linked from the homepage.

    What it checks:
        Items or articles titled …年…政府网站（与政务新媒体）工作年度报表 (``title_pattern``).
        For each of the ``years_to_check`` (1) most recent years whose deadline (``deadline``,
        01-31 of the next year) has passed: missing → FAIL ``{item: 年度报表, year}``; dated
        after the deadline → FAIL with ``published``; undated → could not evaluate. With
        ``require_homepage_link``, the homepage must link the 报表 or a column whose name
        matches ``link_pattern`` (年度报表, or 网站年报 as in an image entry 政务网站年报.jpg) → else
        FAIL ``{item: 首页入口}``.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        国办函〔2018〕12号 (verified through a stored copy): 各级各类政府网站于每年1月31日前在本网站
        首页显著位置发布上一年度政府网站工作年度报表. Plan task 11 (and 12 for the 新媒体 part of the
        combined 报表).

    Passing example:
        Homepage links “政府网站工作年度报表”; 《2019年政府网站工作年度报表》 dated 2020-01-15.

    Failing example:
        《2019年政府网站工作年度报表》 dated 2020-02-10: 晚于2020-01-31.

    Not applicable when:
        Never for a government website.
    """

    meta = RuleMeta(
        id="AR002",
        slug="annualreport.website-yearly-form",
        title="政府网站工作年度报表按时发布",
        failure_title="政府网站工作年度报表未按时发布",
        severity=Severity.error,
        legal_basis=[Citation(document="国务院办公厅关于政府网站工作年度报表的通知（国办函〔2018〕12号）",
                              article="年度报表发布要求",
                              note="于每年1月31日前在本网站首页显著位置发布上一年度政府网站工作年度报表（文号与要求据中国法院网转载核实，"
                                   "文件标题为概括）")],
        plan_tasks=[11, 12],
        requires=["pages", "columns"],
        options={
            "deadline": "01-31",
            "years_to_check": 1,
            "title_pattern": r"网站(与政务新媒体)?(工作)?年度报表",
            "require_homepage_link": True,
            "link_pattern": r"年度报表|网站年报",
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        # the report is an article: a list item titled with it whose page was not seen is an entry
        return [PresenceSpec(item="年度报表", link_text=options["link_pattern"], example="政府网站工作年度报表",
                             listed=True),
                PresenceSpec(item="首页入口", link_text=options["link_pattern"], example="政府网站工作年度报表")]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        import re

        from ..patterns import norm

        home = site.homepage()
        home_url = seen_at(home) if home else site.crawl.start_url
        reports = yearly_reports(site, ctx.opt("title_pattern"))
        month_day = ctx.opt("deadline")
        for year in due_years(ctx.as_of, month_day, int(ctx.opt("years_to_check"))):
            deadline = deadline_for(year, month_day)
            evidence = {"requirement": f"{year}年政府网站工作年度报表", "item": "年度报表", "year": year,
                        "deadline": deadline.isoformat()}
            found = reports.get(year)
            if not found:
                yield self.missing(site, self.presence_specs(ctx.options)[0],
                                   f"未发布{year}年政府网站工作年度报表（应于{deadline.isoformat()}前发布）", url=home_url,
                                   evidence=evidence)
                continue
            dated = [(d, t, u) for t, u, d in found if d is not None]
            if not dated:
                yield self.could_not_evaluate(f"{year}年政府网站工作年度报表未标注发布日期", url=found[0][1] or home_url,
                                              evidence=evidence)
                continue
            published, _, url = min(dated, key=lambda x: x[0])
            evidence["published"] = published.isoformat()
            if published > deadline:
                yield self.fail(f"{year}年政府网站工作年度报表于{published.isoformat()}发布，晚于{deadline.isoformat()}",
                                url=url or home_url, evidence=evidence)
            else:
                yield self.passed(f"{year}年政府网站工作年度报表于{published.isoformat()}发布", url=url or home_url,
                                  evidence=evidence)
        if ctx.opt("require_homepage_link"):
            if seen_homepage(site) is None:
                yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查年度报表入口", url=home_url,
                                              evidence={"item": "首页入口"})
                return
            rx = re.compile(ctx.opt("link_pattern"))
            link = next((l for l in home.links if not l.hidden and rx.search(norm(l.text))), None)
            if link is None:
                yield self.missing(site, self.presence_specs(ctx.options)[1], "网站首页未设置政府网站工作年度报表入口",
                                   url=home_url, within=[home])
            else:
                yield self.passed(f"首页设有“{link.text}”入口", url=home_url, target=link.url, evidence={"item": "首页入口"})
