"""PL002 — policies past their stated period of validity are not still marked valid."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import (POLICY_CONTEXT_PATTERN, book_title, columns_listing, page_date, page_label, policy_pages,
                        seen_at, written_date)
from ._common import CITE_47_CHG, CITE_ART20_1, INVALID, expiry, validity_of


class PL002(Rule):
    """The 有效性 of each policy is kept current: an expired document is not labelled valid.

    What it checks:
        For each policy document (found as PL001 finds them) whose text states its period of
        validity — 有效期至2020年12月31日, or 有效期N年 / N个月 counted from its 成文日期
        (else its publication date) — the expiry date is computed. When it lies before the audit
        date (by more than ``grace_days``) while the page still shows 有效 / 现行有效 (or no
        validity at all, option ``fail_when_unlabelled``), one FAIL: url = the policy,
        evidence ``{item: 有效期届满, title, doc_number, expired_on, stated, validity}``.
        Documents whose period has run out and that are labelled 失效 / 废止 pass, as do
        documents without a stated period.

    Legal basis:
        Plan task 3: 对于已公开的…规范性文件等重要政务信息，按照“放管服”改革要求及时立、改、废，
        并进行动态调整更新. 条例第二十条第（一）项 (verified). 国办发〔2017〕47号: 文件修改、废止、
        失效等情况应当明确标注 (not verified). 条例第五十三条第（二）项: 不及时更新公开的政府信息内容.

    Passing example:
        《招商引资奖励办法》 (2019-03-01, 有效期2年) labelled 已失效 on 2021-06-01; or a
        2020 document 有效期5年 labelled 现行有效.

    Failing example:
        《标准化厂房租赁管理办法》 成文 2019-01-10, 有效期1年, still 有效性：现行有效 on 2020-12-01:
        已于2020-01-10到期，仍标注为“现行有效”.

    Not applicable when:
        No policy document was crawled, or none states its period of validity.
    """

    meta = RuleMeta(
        id="PL002",
        slug="policy.expired-still-valid",
        title="规范性文件有效性标注及时更新",
        failure_title="已到期的规范性文件仍标注有效",
        severity=Severity.error,
        legal_basis=[
            CITE_ART20_1, CITE_47_CHG,
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第五十三条第（二）项",
                     note="不及时更新公开的政府信息内容"),
        ],
        plan_tasks=[3],
        requires=["pages", "columns"],
        options={
            "policy_pattern": POLICY_CONTEXT_PATTERN,
            "grace_days": 0,
            "fail_when_unlabelled": False,
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        import datetime as dt

        listing = columns_listing(site)
        policies = policy_pages(site, listing, ctx.opt("policy_pattern"))
        judged = 0
        for page, number in policies:
            start = written_date(page) or page_date(page)
            ends, stated = expiry(page.text or "", start)
            if ends is None:
                continue
            judged += 1
            title = page_label(page, seen_at(page))
            validity = validity_of(page)
            evidence = {"item": "有效期届满", "title": title, "doc_number": number, "expired_on": ends.isoformat(),
                        "stated": stated, "validity": validity}
            expired = ends + dt.timedelta(days=int(ctx.opt("grace_days"))) < ctx.as_of
            if not expired:
                yield self.passed(f"规范性文件{book_title(title)}在有效期内（至{ends.isoformat()}）", url=seen_at(page),
                                  evidence=evidence)
            elif validity and INVALID.search(validity):
                yield self.passed(f"规范性文件{book_title(title)}已到期并标注为“{validity}”", url=seen_at(page),
                                  evidence=evidence)
            elif validity is None and not ctx.opt("fail_when_unlabelled"):
                yield self.could_not_evaluate(f"规范性文件{book_title(title)}已于{ends.isoformat()}到期，但页面未标注有效性（由 PL001 报告）",
                                              url=seen_at(page), evidence=evidence)
            else:
                shown = f"仍标注为“{validity}”" if validity else "未标注已失效"
                yield self.fail(f"规范性文件{book_title(title)}已于{ends.isoformat()}到期（{stated}），{shown}",
                                url=seen_at(page), evidence=evidence)
        if not judged:
            yield self.not_applicable("未发现载明有效期的规范性文件" if policies else "未发现规范性文件（政策文件）页面")
