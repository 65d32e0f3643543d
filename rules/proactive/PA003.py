"""PA003 — 突发事件 information: 预警, 进展/措施 and 处置结果 (条例第二十条第（十二）项, plan task 7)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, seen_at
from ..presence import PresenceSpec
from ._common import ART, matching_columns, site_columns


class PA003(Rule):
    """The portal publishes 突发事件 warnings, their progress and their outcome.

    What it checks:
        Columns whose name matches ``column_pattern`` (应急管理, 突发事件, 预警信息, 疫情防控,
        防汛 …) are the 突发事件 columns. When there is none: one FAIL, evidence
        ``{item: 突发事件信息}``. Otherwise the titles of their items dated within
        ``window_days`` (365) of the audit date are classified by ``aspects``:

        * 预警信息 — 预警 / 预报 / 警报 / 防御 / 风险提示;
        * 事态进展和防控措施 — 进展 / 通报 / 防控 / 措施 / 通告 / 应对;
        * 处置结果 — 处置 / 结果 / 调查报告 / 善后 / 恢复 / 解除.

        One FAIL per aspect with no item (warning level: a quiet year may have no event to
        report, so a person should confirm), evidence ``{item: aspect, column_name}``.

        Absence goes through rules/presence.py: when an entry naming the thing exists but its
        target could not be fetched (404, timeout, blocked …), or the homepage or the 专栏 was never
        seen, the result is could not evaluate naming that link (the link itself is the link
        rules' finding); entries that are only empty links (#, javascript:void(0)) give the
        finding 栏目入口为空链接 instead of 未设置.

    Legal basis:
        条例第二十条第（十二）项 (verified): 突发公共事件的应急预案、预警信息及应对情况. Plan task 7:
        发布自然灾害、重大事故灾难等突发事件的应急预警、防控措施、事态进展、处置结果等信息.

    Passing example:
        应急管理 lists 《寒潮天气预警信息》, 《燃气管道泄漏事件进展情况通报》 and
        《燃气管道泄漏事件处置结果》 within the last year.

    Failing example:
        应急管理 lists only 应急预案 and a 防御提示: 近一年未发布突发事件处置结果信息 and
        未发布事态进展和防控措施信息.

    Not applicable when:
        An aspect removed from ``aspects`` is not judged. Could not evaluate when the crawl
        identified no columns.
    """

    meta = RuleMeta(
        id="PA003",
        slug="proactive.emergency-information",
        title="公开突发事件预警、进展和处置信息",
        failure_title="突发事件信息公开不全",
        severity=Severity.warning,
        legal_basis=[Citation(document=ART, article="第二十条第（十二）项",
                              note="突发公共事件的应急预案、预警信息及应对情况")],
        plan_tasks=[7],
        requires=["columns"],
        options={
            "column_pattern": r"应急|突发|预警|疫情|防汛|防灾|减灾",
            "window_days": 365,
            "aspects": {
                "预警信息": r"预警|预报|警报|防御|风险提示",
                "事态进展和防控措施": r"进展|通报|防控|措施|通告|应对",
                "处置结果": r"处置|结果|调查报告|善后|恢复|解除",
            },
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="突发事件信息", link_text=options["column_pattern"], example="应急管理", in_portal=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        cols = site_columns(site)
        if not cols:
            yield self.could_not_evaluate("未识别出任何栏目，无法检查突发事件信息公开")
            return
        found = matching_columns(cols, ctx.opt("column_pattern"))
        home = site.homepage()
        if not found:
            yield self.missing(site, self.presence_specs(ctx.options)[0], "未设置应急管理、突发事件等栏目发布突发事件信息",
                               url=seen_at(home) if home else site.crawl.start_url, evidence={"column_name": None})
            return
        since = ctx.as_of - dt.timedelta(days=int(ctx.opt("window_days")))
        items = [i for c in found for i in c.items if i.date is None or since <= i.date <= ctx.as_of]
        names = [c.name for c in found]
        for aspect, pattern in ctx.opt("aspects").items():
            rx = re.compile(pattern)
            hits = [i for i in items if rx.search(norm(i.title))]
            evidence = {"item": aspect, "column_name": found[0].name, "columns": names,
                        "examples": [i.title for i in hits[:3]], "since": since.isoformat()}
            if hits:
                yield self.passed(f"发布了{aspect}（“{hits[0].title}”）", url=found[0].url, evidence=evidence)
            else:
                yield self.fail(f"近{ctx.opt('window_days')}天内未在栏目“{'”“'.join(names[:3])}”中发布突发事件{aspect}",
                                url=found[0].url, evidence=evidence)
