"""PA002 — 应急预案 are published (条例第二十条第（十二）项, plan task 8)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, seen_at
from ..presence import PresenceSpec
from ._common import ART, all_items, matching_columns, site_columns


class PA002(Rule):
    """The body publishes its 突发事件应急预案.

    What it checks:
        Items titled ``预案`` (总体应急预案, 专项应急预案, 部门应急预案 …; ``plan_title_pattern``)
        are looked for in the lists of every column and among crawled articles. At least
        ``min_plans`` (1) must be found. When there are none, one FAIL: url = the 应急预案
        column (name matching ``column_pattern``) when there is one, else the homepage;
        evidence ``{item: 应急预案, column_name}``. Items whose titles say 演练 / 培训 / 宣传 are
        news about the plans, not plans.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第二十条第（十二）项 (verified): 突发公共事件的应急预案、预警信息及应对情况. Plan
        task 8: 依权限及时公开突发事件应急预案.

    Passing example:
        应急管理 lists 《白城经济开发区突发事件总体应急预案》 and 《防汛抗旱应急预案》.

    Failing example:
        The 应急预案 column is empty and no item anywhere is a 预案: 未公开突发事件应急预案.

    Not applicable when:
        Never: every body holds at least a 总体应急预案. Could not evaluate when the crawl has
        no columns and no articles.
    """

    meta = RuleMeta(
        id="PA002",
        slug="proactive.emergency-plans",
        title="公开突发事件应急预案",
        failure_title="未公开突发事件应急预案",
        severity=Severity.error,
        legal_basis=[Citation(document=ART, article="第二十条第（十二）项",
                              note="突发公共事件的应急预案、预警信息及应对情况")],
        plan_tasks=[8],
        requires=["pages", "columns"],
        options={
            "plan_title_pattern": r"预案",
            "not_a_plan_pattern": r"演练|培训|宣传|解读|征求意见",
            "column_pattern": r"应急预案|应急管理|应急",
            "min_plans": 1,
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="应急预案", link_text=options["column_pattern"], example="应急预案", in_portal=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        items = all_items(site)
        if not items and not site.columns:
            yield self.could_not_evaluate("未识别出任何栏目或信息，无法检查应急预案公开情况")
            return
        rx, ex = re.compile(ctx.opt("plan_title_pattern")), re.compile(ctx.opt("not_a_plan_pattern"))
        plans = [i for i in items if rx.search(norm(i.title)) and not ex.search(norm(i.title))]
        cols = matching_columns(site_columns(site), ctx.opt("column_pattern"))
        home = site.homepage()
        url = cols[0].url if cols else (seen_at(home) if home else site.crawl.start_url)
        evidence = {"item": "应急预案", "column_name": cols[0].name if cols else None, "plans": len(plans),
                    "examples": [i.title for i in plans[:5]]}
        if len(plans) >= int(ctx.opt("min_plans")):
            yield self.passed(f"公开了 {len(plans)} 件应急预案", url=plans[0].url or url, evidence=evidence)
        elif cols:  # the column was seen and holds no plan
            yield self.fail(f"应急栏目“{cols[0].name}”中没有突发事件应急预案", url=url, evidence=evidence)
        else:
            yield self.missing(site, self.presence_specs(ctx.options)[0], "未公开突发事件应急预案", url=url,
                               evidence=evidence)
