"""NM004 — 僵尸 accounts: silent for more than a year."""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import CITE_123, CITE_19_NM, label, not_visited, where


class NM004(Rule):
    """No listed account has been silent for more than ``zombie_days`` (365): a 僵尸 account.

    What it checks:
        For each AccountArtifact with a ``latest_post``: older than ``zombie_days`` → FAIL,
        evidence ``{account, latest_post, days_since}`` — such an account should be closed or
        merged, with a notice, rather than kept listed. Accounts not visited, or without a
        readable post date, are could not evaluate (never a failure).

    Legal basis:
        国办发〔2018〕123号: 清理整合 accounts 长期不更新 (recalled, not verified). 北京 2019年第四季度
        通报 (verified): 对长期零发布、零粉丝、零关注的要清理整合；停止更新的要发布提示公告. The
        one-year mark is the reference catalogue's (“>1年不更新 = 僵尸号”), configurable.
        Plan task 12 (开设整合).

    Passing example:
        Every account posted within the last year.

    Failing example:
        白鹭湖经开区（抖音） latest post 2019-06-01, audit 2020-12-01: 政务新媒体已超过一年未更新，属“僵尸”账号.

    Not applicable when:
        Never. Accounts not visited → could not evaluate.
    """

    meta = RuleMeta(
        id="NM004",
        slug="newmedia.zombie-accounts",
        title="无长期不更新的“僵尸”政务新媒体",
        failure_title="存在长期不更新的“僵尸”政务新媒体",
        severity=Severity.error,
        legal_basis=[CITE_123, CITE_19_NM],
        plan_tasks=[12],
        requires=["accounts"],
        options={"zombie_days": 365},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        if not site.accounts:
            yield self.could_not_evaluate("抓取结果中没有政务新媒体账号记录，无法检查“僵尸”账号")
            return
        days = int(ctx.opt("zombie_days"))
        for a in site.accounts:
            name = label(a)
            if not_visited(a) or a.latest_post is None:
                yield self.could_not_evaluate(f"政务新媒体“{name}”未能访问或未识别出发布日期", url=where(a), target=a.url,
                                              evidence={"account": name, "outcome": a.outcome})
                continue
            since = (ctx.as_of - a.latest_post).days
            evidence = {"account": name, "latest_post": a.latest_post.isoformat(), "days_since": since,
                        "threshold": days}
            if a.latest_post < ctx.as_of - dt.timedelta(days=days):
                yield self.fail(f"政务新媒体“{name}”最近一次发布为{a.latest_post.isoformat()}，已超过{days}天未更新，属“僵尸”账号",
                                url=where(a), target=a.url, evidence=evidence)
            else:
                yield self.passed(f"政务新媒体“{name}”一年内有更新", url=where(a), target=a.url, evidence=evidence)
