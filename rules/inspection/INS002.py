"""INS002 — counts of stale and blank columns against the 单项否决 thresholds."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts, Status

from ..base import Rule, RuleContext
from ..patterns import norm
from ._common import CITE_VETO_COLUMNS


class INS002(Rule):
    """The numbers of stale and of blank columns stay below the 单项否决 thresholds.

    What it checks:
        Three counts, one result each (evidence ``{item, count, threshold, columns}``):

        * 栏目不更新 — columns COL002 fails (动态/要闻 > 14 days, 通知公告/政策文件 > 6 months,
          COL002's own options); FAIL when ≥ ``stale_threshold`` (5);
        * 空白栏目 — columns COL003 fails; FAIL when ≥ ``blank_threshold`` (5);
        * 应更新但长期未更新 — other columns whose newest item is older than the period their
          name maps to in ``long_stale_periods`` (regex → days; the defaults are a county's
          practice as the reference catalogue records it, **not national figures**); FAIL when
          ≥ ``long_stale_threshold`` (10).

        Below the threshold each count is a PASS that still lists the columns, so the report
        shows how close the site is to a veto. The per-column gaps themselves are COL002's and
        COL003's findings.

    Legal basis:
        国办秘函〔2019〕19号 单项否决指标 栏目不更新 (verified): 累计超过（含）5个未更新; 应更新但长期
        未更新的栏目数量超过（含）10个; 空白栏目数量超过（含）5个. The per-column periods of
        应更新 columns are not national (local practice, configurable). Plan task 11.

    Passing example:
        1 stale 通知公告 column and 1 blank 收费信息 column: 2 below both thresholds.

    Failing example:
        6 columns show only 暂无信息: 空白栏目 6 个，达到单项否决标准（5个）.

    Not applicable when:
        Could not evaluate when the crawl identified no columns.
    """

    meta = RuleMeta(
        id="INS002",
        slug="inspection.column-veto-counts",
        title="栏目更新与空白栏目未达单项否决标准",
        failure_title="未更新或空白栏目数量达到单项否决标准",
        severity=Severity.critical,
        legal_basis=[CITE_VETO_COLUMNS],
        plan_tasks=[11],
        requires=["columns", "pages"],
        options={
            "stale_threshold": 5,
            "blank_threshold": 5,
            "long_stale_threshold": 10,
            "long_stale_periods": {
                "机关简介|机构职能|机构概况|领导信息": 365,
                "规划": 365,
                "统计": 90,
                "权责|权力": 90,
                "预算|决算|预决算": 365,
                "收费": 365,
                "采购": 180,
                "重大项目|重点项目|重大建设项目": 90,
                "社会保障|社保": 60,
                "应急": 60,
                "卫生健康": 60,
                "许可|处罚|执法": 90,
            },
            "col002_options": {},
            "col003_options": {},
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        from ..columns.COL002 import COL002
        from ..columns.COL003 import COL003

        if not site.columns:
            yield self.could_not_evaluate("未识别出任何栏目，无法统计未更新和空白栏目")
            return
        stale = self._failing(COL002(), site, ctx, ctx.opt("col002_options"))
        blank = self._failing(COL003(), site, ctx, ctx.opt("col003_options"))
        yield self._count("栏目不更新", stale, int(ctx.opt("stale_threshold")))
        yield self._count("空白栏目", blank, int(ctx.opt("blank_threshold")))
        judged = {c for c, _ in stale} | {c for c, _ in blank}
        col002 = COL002()
        c2ctx = type(ctx)(as_of=ctx.as_of, options={**COL002.meta.options, **ctx.opt("col002_options")})
        long_stale = []
        for col in site.columns:
            if col.url in judged or not col.items or col002.classify(col.name, c2ctx) is not None:
                continue
            name = norm(col.name)
            days = next((int(d) for rx, d in ctx.opt("long_stale_periods").items() if re.search(rx, name)), None)
            if days is None:
                continue
            dated = [i.date for i in col.items if i.date and i.date <= ctx.as_of]
            if dated and max(dated) < ctx.as_of - dt.timedelta(days=days):
                long_stale.append((col.url, f"{col.name}（{max(dated).isoformat()}，要求{days}天）"))
        yield self._count("应更新但长期未更新", long_stale, int(ctx.opt("long_stale_threshold")))

    @staticmethod
    def _failing(rule, site, ctx, overrides) -> list[tuple[str, str]]:
        sub = type(ctx)(as_of=ctx.as_of, options={**rule.meta.options, **(overrides or {})})
        return [(f.url, f.evidence.get("column") or f.url) for f in rule.check(site, sub) if f.status == Status.fail]

    def _count(self, item: str, cols: list[tuple[str, str]], threshold: int) -> Finding:
        evidence = {"item": item, "count": len(cols), "threshold": threshold, "columns": [n for _, n in cols][:20]}
        if len(cols) >= threshold:
            return self.fail(f"{item}的栏目共 {len(cols)} 个，达到单项否决标准（{threshold}个）", evidence=evidence)
        return self.passed(f"{item}的栏目 {len(cols)} 个，未达单项否决标准（{threshold}个）", evidence=evidence)
