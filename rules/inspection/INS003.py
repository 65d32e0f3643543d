"""INS003 — dead links on the homepage and on other pages, scored separately."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import check_for, links_by_target, seen_at
from ..presence import seen_homepage
from ._common import CITE_LINKS


class INS003(Rule):
    """Broken links are counted and scored the way the 扣分指标 do: homepage and elsewhere apart.

    What it checks:
        Every link of kind page, attachment or external (hidden ones included) whose LinkCheck
        outcome is broken (``dead``, ``redirect_loop``, ``too_many_redirects``; timeouts and
        rate limits are not broken) is counted once per target on the homepage, and once per
        (page, target) elsewhere. Two results:

        * 首页链接可用性 — url = the homepage; FAIL when the homepage holds any broken link;
        * 其他页面链接可用性 — a site-level score, reported at the homepage URL (the site); FAIL
          when ``other_pages_max`` (0) is exceeded.

        Evidence ``{item, broken, deduction, points_each, cap, examples}`` with the deduction
        ``broken × points_each`` capped at ``cap`` (1 point per homepage link, 0.1 per other link
        — recalled values, configurable). Each broken link itself is LNK001–LNK003's finding.

    Legal basis:
        国办秘函〔2019〕19号 扣分指标 首页/其他页面链接可用性 — items confirmed as part of the
        indicators; the point values (1 / 0.1) are recalled and a vendor's code comment, not
        verified. 条例第二十四条 (查阅、下载). Plan task 11.

    Passing example:
        No broken link anywhere: 首页及其他页面链接均可用.

    Failing example:
        The homepage links a removed 专题 (404) and six other links are dead: 首页有1个不可用链接
        （扣1分）; 其他页面有6个不可用链接（扣0.6分）.

    Not applicable when:
        No crawled page holds links. Could not evaluate when the homepage was not crawled.
    """

    meta = RuleMeta(
        id="INS003",
        slug="inspection.link-availability-score",
        title="首页及其他页面链接可用",
        failure_title="存在不可用链接（按首页、其他页面分别扣分）",
        severity=Severity.warning,
        legal_basis=[CITE_LINKS],
        plan_tasks=[11],
        requires=["pages", "links"],
        options={
            "broken_outcomes": ["dead", "redirect_loop", "too_many_redirects"],
            "home_points_each": 1.0,
            "home_cap": 5.0,
            "other_points_each": 0.1,
            "other_cap": 5.0,
            "other_pages_max": 0,
            "max_examples": 10,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        by_target = links_by_target(site, {"page", "attachment", "external"})
        if not by_target:
            yield self.not_applicable("已采集页面中未发现链接")
            return
        broken = set(ctx.opt("broken_outcomes"))
        home_keys = {home.url, home.final_url} if home is not None else set()
        home_broken, other_broken = [], []
        for target, refs in by_target.items():
            check = check_for(site, target)
            if check is None or check.outcome not in broken:
                continue
            for page, link in refs:
                (home_broken if page.url in home_keys else other_broken).append((seen_at(page), target, link.text))
        n = int(ctx.opt("max_examples"))
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法单独统计首页链接可用性",
                                          url=seen_at(home) if home else site.crawl.start_url,
                                          evidence={"item": "首页链接可用性"})
        else:
            yield self._score("首页链接可用性", "首页", home_broken, float(ctx.opt("home_points_each")),
                              float(ctx.opt("home_cap")), 0, n, seen_at(home))
        yield self._score("其他页面链接可用性", "其他页面", other_broken, float(ctx.opt("other_points_each")),
                          float(ctx.opt("other_cap")), int(ctx.opt("other_pages_max")), n,
                          seen_at(home) if home is not None else None)

    def _score(self, item, where, broken, each, cap, allowed, n, url) -> Finding:
        deduction = round(min(cap, each * len(broken)), 2)
        evidence = {"item": item, "broken": len(broken), "deduction": deduction, "points_each": each, "cap": cap,
                    "examples": [{"page": p, "target": t, "link_text": x} for p, t, x in broken[:n]]}
        if len(broken) > allowed:
            return self.fail(f"{where}有 {len(broken)} 个不可用链接（按每个扣{each:g}分计，扣{deduction:g}分）",
                             url=url, evidence=evidence)
        return self.passed(f"{where}链接均可用", url=url, evidence=evidence)
