"""NM002 — each 政务新媒体 account posted within the last 14 days."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import CITE_19_NM, label, not_visited, where


class NM002(Rule):
    """Every account listed (site.accounts) has a post within ``max_days`` (14) of the audit date.

    What it checks:
        For each AccountArtifact: an account the crawler did not visit (no ``latest_post`` and no
        ``outcome``), or whose visit timed out, was rate limited, blocked or failed, is could
        not evaluate — never a failure. A visited account without a readable post date is could
        not evaluate too. Otherwise ``latest_post`` older than ``max_days`` → FAIL: url = the
        account's page (else the page listing it), evidence ``{account, latest_post,
        days_since, threshold}``. No accounts at all → could not evaluate (the crawl recorded
        none; NM001 checks the list).

    Legal basis:
        国办秘函〔2019〕19号 政务新媒体 检查: 通报 apply “监测时间点前2周内无更新” (北京2019年第四季度,
        浙江2021年第四季度 通报, verified); its 单项否决 status is recalled, not verified. Plan task 12
        (以内容建设为根本).

    Passing example:
        白鹭发布（微信公众号） latest post 2020-11-28, audit 2020-12-01.

    Failing example:
        白鹭湖经开区（抖音） latest post 2020-10-01: 政务新媒体“白鹭湖经开区（抖音）”已61天未更新.

    Not applicable when:
        Never. Accounts not visited → could not evaluate.
    """

    meta = RuleMeta(
        id="NM002",
        slug="newmedia.updated-within-two-weeks",
        title="政务新媒体两周内有更新",
        failure_title="政务新媒体超过两周未更新",
        severity=Severity.error,
        legal_basis=[CITE_19_NM],
        plan_tasks=[12],
        requires=["accounts"],
        options={"max_days": 14},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        if not site.accounts:
            yield self.could_not_evaluate("抓取结果中没有政务新媒体账号记录，无法检查更新情况")
            return
        days = int(ctx.opt("max_days"))
        for a in site.accounts:
            name = label(a)
            if not_visited(a):
                yield self.could_not_evaluate(f"政务新媒体“{name}”未能访问（{a.outcome or '未访问'}），无法判断更新情况",
                                              url=where(a), target=a.url, evidence={"account": name, "outcome": a.outcome})
                continue
            if a.latest_post is None:
                yield self.could_not_evaluate(f"政务新媒体“{name}”未识别出发布日期，无法判断更新情况",
                                              url=where(a), target=a.url, evidence={"account": name, "outcome": a.outcome})
                continue
            since = (ctx.as_of - a.latest_post).days
            evidence = {"account": name, "latest_post": a.latest_post.isoformat(), "days_since": since,
                        "threshold": days}
            if a.latest_post < ctx.as_of - dt.timedelta(days=days):
                yield self.fail(f"政务新媒体“{name}”最近一次发布为{a.latest_post.isoformat()}，已{since}天未更新（要求{days}天内）",
                                url=where(a), target=a.url, evidence=evidence)
            else:
                yield self.passed(f"政务新媒体“{name}”最近发布于{a.latest_post.isoformat()}", url=where(a), target=a.url,
                                  evidence=evidence)
