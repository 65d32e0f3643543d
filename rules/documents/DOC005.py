"""DOC005 — numbers in a 年度报告's text that disagree with its tables (年报文字与表格数据不一致)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from . import _report as R
from ._cite import ART50, TEMPLATE_30
from ._common import find_reports, report_label

_CLAIM_ZH = {
    "requests_new": "收到政府信息公开申请", "results_total": "办结申请", "carried_out": "结转下年度办理",
    "review_total": "行政复议", "litigation_total": "行政诉讼", "rules_issued": "制发规范性文件",
    "rules_repealed": "废止规范性文件",
}


def table_values(rep: R.AnnualReport, kind: str) -> set[int | float]:
    """The table figures a stated number may mean (a set: 受理 may include 上年结转)."""
    rq, rv, act = rep.requests, rep.review, rep.active
    out: set[int | float] = set()
    if kind == "requests_new" and "new" in rq:
        out.add(rq["new"][6])
        if "carried_in" in rq:
            if None not in (rq["new"][6], rq["carried_in"][6]):
                out.add(rq["new"][6] + rq["carried_in"][6])
    elif kind == "results_total" and "total" in rq:
        out.add(rq["total"][6])
    elif kind == "carried_out" and "carried_out" in rq:
        out.add(rq["carried_out"][6])
    elif kind == "review_total" and "行政复议" in rv:
        out.add(rv["行政复议"][4])
    elif kind == "litigation_total" and "未经复议直接起诉" in rv and "复议后起诉" in rv:
        direct, after = rv["未经复议直接起诉"][4], rv["复议后起诉"][4]
        if None not in (direct, after):
            out |= {direct + after, direct, after} if direct and after else {direct + after}
    elif kind in ("rules_issued", "rules_repealed"):
        row = act.get("行政规范性文件", {})
        col = {"rules_issued": ("本年制发件数", "本年新制作数量"), "rules_repealed": ("本年废止件数",)}[kind]
        out |= {row[c] for c in col if row.get(c) is not None}
    return {v for v in out if v is not None}


class DOC005(Rule):
    """Figures a 年度报告 states in its text agree with its own tables.

    What it checks:
        In the prose of each 年度报告 (section 一 总体情况 and what precedes the tables, and
        section 五): “收到/新收政府信息公开申请N件” (compared with 表三 本年新收 总计, or
        本年新收 + 上年结转), “办结N件” (办理结果总计), “结转下年度办理N件”, “行政复议N件”
        (表四 行政复议 总计), “行政诉讼N件” (未经复议直接起诉 + 复议后起诉), “未发生……行政复议、
        行政诉讼” (0), “制发/废止规范性文件N件” (表二). A stated figure matching none of
        the table's is a FAIL at warning level, one per kind of figure, evidence ``{year,
        claim, text_value, table_values}``. Figures written in Chinese numerals count too.

    Legal basis:
        条例第五十条; 国办公开办函〔2021〕30号 counts “发布内容不准确” among the failings it
        holds to account. The tables are the template's authoritative figures, so a
        disagreement is reported as a warning for a person to resolve.

    Passing example:
        “全年共收到政府信息公开申请18件” with 表三 本年新收 总计 18.

    Failing example:
        “共收到政府信息公开申请20件” while 表三 says 18: 文字所述收到政府信息公开申请20件，与表格数据18件不一致.

    Not applicable when:
        No report states such a figure, or its tables could not be read.
    """

    meta = RuleMeta(
        id="DOC005",
        slug="documents.annual-report-text-vs-table",
        title="政府信息公开工作年度报告文字与表格数据一致",
        failure_title="政府信息公开工作年度报告文字所述数据与表格不一致",
        severity=Severity.warning,
        legal_basis=[ART50, TEMPLATE_30],
        plan_tasks=[11],
        requires=["pages", "documents"],
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        judged = 0
        for u in find_reports(site):
            rep = u.report
            if rep.expected_template not in ("30号", "60号"):
                continue
            reported: set[str] = set()
            checked = 0
            for claim in rep.claims:
                values = table_values(rep, claim.kind)
                if not values:
                    continue
                checked += 1
                if claim.value in values or claim.kind in reported:
                    continue
                reported.add(claim.kind)
                shown = "、".join(str(v) for v in sorted(values))
                yield self.fail(f"{report_label(u)}文字所述{_CLAIM_ZH[claim.kind]}{claim.value}件"
                                f"（“{claim.snippet}”），与表格数据{shown}件不一致",
                                url=u.url, target=u.target,
                                evidence={"year": u.year, "claim": claim.kind, "text_value": claim.value,
                                          "table_values": sorted(values), "snippet": claim.snippet})
            if checked:
                judged += 1
                if not reported:
                    yield self.passed(url=u.url, evidence={"year": u.year, "claims": checked})
        if not judged:
            yield self.not_applicable("年度报告文字中未发现可与表格核对的数字")
