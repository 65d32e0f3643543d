"""PA005 — 公共企事业单位信息公开 for 供气, 供热 and 环境卫生 (条例第五十五条, plan task 10)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, seen_at
from ..presence import PresenceSpec
from ._common import ART, matching_columns, site_columns


class PA005(Rule):
    """The portal carries 公共企事业单位 information for each sector the plan names.

    What it checks:
        The 公共企事业单位信息公开 area is every column whose name matches ``column_pattern``
        (公共企事业单位信息公开, 公用事业, or a sector column such as 供热信息公开). None →
        one FAIL, evidence ``{item: 公共企事业单位信息公开}``. Otherwise each sector of
        ``sectors`` (供气: 供气/燃气/天然气; 供热: 供热/供暖/热力/采暖; 环境卫生: 环境卫生/
        环卫/垃圾/保洁/公厕) must appear in the name of one of those columns or in the title of
        one of their items; one FAIL per sector not covered, evidence ``{item: sector}``.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第五十五条 (verified): 教育、卫生健康、供水、供电、供气、供热、环境保护、公共交通等…
        公共企事业单位，公开在提供社会公共服务过程中制作、获取的信息，依照相关法律、法规和国务院
        有关主管部门或者机构的规定执行. Plan task 10 names 供气、供热、环境卫生. The sector
        rules (住建部等 信息公开规定) are not verified here.

    Passing example:
        公共企事业单位信息公开 lists 《燃气公司收费标准及服务承诺》, 《2020—2021年供暖期供热服务
        公告》 and 《环卫作业服务标准及监督电话》.

    Failing example:
        The column has 燃气 and 供热 items only: 公共企事业单位信息公开未涉及“环境卫生”领域.

    Not applicable when:
        A sector removed from ``sectors`` is not judged. Could not evaluate when the crawl
        identified no columns.
    """

    meta = RuleMeta(
        id="PA005",
        slug="proactive.public-enterprises",
        title="公共企事业单位信息公开覆盖供气、供热、环境卫生",
        failure_title="公共企事业单位信息公开缺项",
        severity=Severity.warning,
        legal_basis=[Citation(document=ART, article="第五十五条",
                              note="供水、供电、供气、供热、环境保护、公共交通等公共企事业单位公开在提供社会公共服务过程中制作、获取的信息")],
        plan_tasks=[10],
        requires=["columns"],
        options={
            "column_pattern": r"公共企事业|企事业单位信息|公用事业|(供气|燃气|供热|热力|供暖|环卫|环境卫生).*(信息|公开)",
            "sectors": {
                "供气": r"供气|燃气|天然气|煤气",
                "供热": r"供热|供暖|热力|采暖",
                "环境卫生": r"环境卫生|环卫|垃圾|保洁|公厕",
            },
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="公共企事业单位信息公开", link_text=options["column_pattern"],
                             example="公共企事业单位信息公开", in_portal=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        cols = site_columns(site)
        if not cols:
            yield self.could_not_evaluate("未识别出任何栏目，无法检查公共企事业单位信息公开")
            return
        found = matching_columns(cols, ctx.opt("column_pattern"))
        if not found:
            home = site.homepage()
            yield self.missing(site, self.presence_specs(ctx.options)[0], "未设置公共企事业单位信息公开栏目",
                               url=seen_at(home) if home else site.crawl.start_url, evidence={"column_name": None})
            return
        texts = [(norm(c.name), c.name) for c in found] + [(norm(i.title), i.title) for c in found for i in c.items]
        for sector, pattern in ctx.opt("sectors").items():
            rx = re.compile(pattern)
            hit = next((t for n, t in texts if rx.search(n)), None)
            evidence = {"item": sector, "column_name": found[0].name}
            if hit:
                yield self.passed(f"公共企事业单位信息公开涉及{sector}（“{hit}”）", url=found[0].url, evidence=evidence)
            else:
                yield self.fail(f"公共企事业单位信息公开未涉及“{sector}”领域", url=found[0].url, evidence=evidence)
