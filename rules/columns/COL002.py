"""COL002 — 动态/要闻 and 通知公告/政策文件 columns not updated (栏目不更新)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from contracts import Citation, ColumnArtifact, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import add_months
from ..scripted import first_unrendered, message

DYNAMIC = "动态要闻"
NOTICE = "通知公告"
POLICY = "政策文件"


class COL002(Rule):
    """动态/要闻 columns are updated within 2 weeks, 通知公告/政策文件 columns within 6 months.

    What it checks:
        Each ColumnArtifact is classified by its name. 动态/要闻 columns (name matches
        ``动态|要闻|新闻``: 工作动态, 政务要闻, 图片新闻 …) need an item dated within
        ``dynamic_days`` (14) days of the audit date. 通知公告/政策文件 columns (name matches
        ``通知|公告|公示|政策文件|规范性文件|文件``: 通知公告, 公示公告, 政策文件, 规范性文件,
        管委会文件 …) need an item dated within ``notice_policy_months`` (6) calendar months.
        The latest date is the newest ListItem.date not after the audit date (future-dated
        items, a sign of typos or 伪造发稿日期, are ignored), else the column's latest_date.
        A stale column is one FAIL: url = column URL, evidence ``{column, column_type,
        latest_date, days_since, threshold}``. 政策文件 columns report under plan task 3
        (规范性文件 动态调整更新), the others under task 11. Names matching
        ``exclude_pattern`` (解读, 图解, 下载 …) are not classified.

    Legal basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》单项否决指标 "栏目不更新":
        监测时间点前2周内的动态、要闻类栏目，以及监测时间点前6个月内的通知公告、政策文件类
        一级栏目，累计超过（含）5个未更新 → 单项否决. Its 扣分指标: 在监测时间点前6个月内，
        政策文件类一级栏目未更新，扣5分. 条例第五十三条(二): 不及时更新公开的政府信息内容.

    Passing example:
        Audit date 2020-12-01; 工作动态 newest item 2020-11-25 (6 days); 通知公告 newest item
        2020-07-10 (within 6 months, the limit is 2020-06-01).

    Failing example:
        工作动态 newest item 2020-11-01 (30 days > 14): 栏目“工作动态”最近一次更新为
        2020-11-01，已 30 天未更新. 政策文件 newest item 2020-05-20 (before 2020-06-01):
        FAIL with task 3.

    Not applicable when:
        The column's name is neither 动态/要闻 nor 通知公告/政策文件 type (other columns are
        judged by other rules), or the column has no items (empty columns are COL003's).
        A column whose items carry no date cannot be evaluated unless ``undated_is_stale``
        is set (the 2015 普查 rule: 未注明信息发布时间的视为不更新). A column whose list a script
        builds and whose page was recorded without rendering (no browser, render failed) is
        could not evaluate (列表由脚本生成，未能渲染), evidence ``script_list``.
    """

    meta = RuleMeta(
        id="COL002",
        slug="columns.stale-column",
        title="动态要闻、通知公告、政策文件类栏目按时更新",
        failure_title="栏目长期未更新",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第一部分 单项否决指标 栏目不更新",
                note="监测时间点前2周内的动态、要闻类栏目，以及监测时间点前6个月内的通知公告、政策文件类一级栏目，累计超过（含）5个未更新",
            ),
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 发布解读",
                note="在监测时间点前6个月内，政策文件类一级栏目未更新，扣5分（见于部委自查报告引述）",
            ),
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第五十三条第（二）项",
                     note="不及时更新公开的政府信息内容"),
        ],
        plan_tasks=[11, 3],
        requires=["columns"],
        options={
            "dynamic_days": 14,
            "notice_policy_months": 6,
            "dynamic_pattern": r"动态|要闻|新闻",
            "policy_pattern": r"政策文件|规范性文件|文件",
            "notice_pattern": r"通知|公告|公示",
            "exclude_pattern": r"解读|图解|下载",
            # Plan task a stale 政策文件 column fails (规范性文件 立改废 动态调整更新).
            "policy_task": 3,
            # 2015 普查 rule: a column whose items show no date counts as not updated.
            "undated_is_stale": False,
        },
    )

    def classify(self, name: str, ctx: RuleContext) -> str | None:
        if ctx.opt("exclude_pattern") and re.search(ctx.opt("exclude_pattern"), name):
            return None
        if re.search(ctx.opt("dynamic_pattern"), name):
            return DYNAMIC
        if re.search(ctx.opt("policy_pattern"), name):
            return POLICY
        if re.search(ctx.opt("notice_pattern"), name):
            return NOTICE
        return None

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        if not site.columns:
            yield self.could_not_evaluate("未识别出任何栏目，无法检查栏目更新情况")
            return
        judged = 0
        seen: set[str] = set()
        for col in site.columns:
            if col.url in seen:
                continue
            seen.add(col.url)
            kind = self.classify(col.name, ctx)
            if kind is not None and not col.items:
                scripted = first_unrendered(site.page(u) for u in [col.url, *col.pages])
                if scripted is not None:
                    judged += 1
                    yield self.could_not_evaluate(
                        f"{kind}类栏目“{col.name}”{message('')}更新情况", url=col.url,
                        evidence={"column": col.name, "column_type": kind, "script_list": scripted[1][:200]})
            if kind is None or not col.items:
                continue
            judged += 1
            yield from self._judge(col, kind, ctx)
        if not judged:
            yield self.not_applicable("未发现动态要闻、通知公告或政策文件类栏目")

    def _judge(self, col: ColumnArtifact, kind: str, ctx: RuleContext) -> Iterable[Finding]:
        as_of = ctx.as_of
        dates = [i.date for i in col.items if i.date and i.date <= as_of]
        if col.latest_date and col.latest_date <= as_of:
            dates.append(col.latest_date)
        latest = max(dates) if dates else None
        if kind == DYNAMIC:
            days = int(ctx.opt("dynamic_days"))
            limit = as_of - dt.timedelta(days=days)
            threshold = f"{days}天"
        else:
            months = int(ctx.opt("notice_policy_months"))
            limit = add_months(as_of, -months)
            threshold = f"{months}个月"
        task = int(ctx.opt("policy_task")) if kind == POLICY else None
        evidence = {
            "column": col.name,
            "column_type": kind,
            "latest_date": latest.isoformat() if latest else None,
            "days_since": (as_of - latest).days if latest else None,
            "threshold": threshold,
            "oldest_allowed": limit.isoformat(),
            "items": len(col.items),
        }
        if latest is None:
            if ctx.opt("undated_is_stale"):
                yield self._with_task(self.fail(
                    f"{kind}类栏目“{col.name}”的信息均未标注发布日期，视为未更新",
                    url=col.url, evidence=evidence), task)
            else:
                yield self.could_not_evaluate(
                    f"{kind}类栏目“{col.name}”的信息未识别出发布日期，无法判断更新情况",
                    url=col.url, evidence=evidence)
            return
        if latest < limit:
            yield self._with_task(self.fail(
                f"{kind}类栏目“{col.name}”最近一次更新为{latest.isoformat()}，已{(as_of - latest).days}天未更新"
                f"（要求{threshold}内有更新）",
                url=col.url, evidence=evidence), task)
        else:
            yield self.passed(
                f"{kind}类栏目“{col.name}”最近更新于{latest.isoformat()}，在{threshold}内",
                url=col.url, evidence=evidence)

    @staticmethod
    def _with_task(finding: Finding, task: int | None) -> Finding:
        return finding if task is None else finding.model_copy(update={"task": task})
