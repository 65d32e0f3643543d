"""DOC004 — 年度报告 numbers that do not carry over from the previous year (年报跨年度数据不衔接)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from . import _report as R
from ._cite import ART50, TEMPLATE_30, TEMPLATE_60
from ._common import ReportUnit, find_reports, report_label

_CHAIN_ROWS = ("规章", "行政规范性文件")


class DOC004(Rule):
    """Consecutive 年度报告 of the same body agree: what one year carries over, the next receives.

    What it checks:
        Reports are paired by reporting body and year Y with Y-1. The body is the title's text
        before the year, taken under its varying names as one: 人民政府 and 政府, 管理委员会 and
        管委会, with or without the higher units before it (白城市洮北区人民政府, 洮北区人民政府
        and 洮北区政府 are one publisher); reports titled without a body belong to the one body
        the other reports name. Then:

        * 表三, per applicant column: this year's 上年结转政府信息公开申请数量 = last year's
          结转下年度继续办理 (FAIL, evidence ``{year, previous_year, chain: "结转", mismatches}``,
          plan task 9);
        * 表二 (both reports in the 30号 format), for 规章 and 行政规范性文件: last year's
          现行有效件数 + this year's 本年制发件数 − 本年废止件数 = this year's 现行有效件数
          (``chain: "现行有效"``, reported at warning level: a 修订 can blur the count).

        url = this year's report, target = last year's report. A year whose previous report
        is missing, or whose rows could not be read, is not judged.

    Legal basis:
        条例第五十条 (the report states 收到和处理申请 and 主动公开 figures) and the
        〔2021〕30号 format (“发布内容不准确”among what is 追责); the carry-over identities follow
        from the template's own columns (analysis, see DOC003).

    Passing example:
        2024年报 结转下年度继续办理 总计 1; 2025年报 上年结转 总计 1.

    Failing example:
        2022年报 上年结转 总计 3, but 2021年报 结转下年度继续办理 总计 1:
        与上一年度报告不衔接：“总计”列上年结转3件，上一年度报告结转下年度1件.

    Not applicable when:
        Fewer than two consecutive-year reports of one body (2019 or later) were found.
    """

    meta = RuleMeta(
        id="DOC004",
        slug="documents.annual-report-chain",
        title="相邻年度的政府信息公开工作年度报告数据衔接一致",
        failure_title="相邻年度的政府信息公开工作年度报告数据不衔接",
        severity=Severity.error,
        legal_basis=[ART50, TEMPLATE_60, TEMPLATE_30],
        plan_tasks=[11, 9],
        requires=["pages", "documents"],
        options={"chain_in_force_severity": "warning"},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        units = [u for u in find_reports(site)
                 if u.year is not None and u.report.expected_template in ("30号", "60号")]
        keys = {id(u): R.publisher_key(u.org) for u in units}
        named = {k for k in keys.values() if k}
        if len(named) == 1:  # reports titled without a body are the site's one body's
            only = next(iter(named))
            keys = {i: k or only for i, k in keys.items()}
        by_key: dict[tuple[str, int], ReportUnit] = {}
        for u in units:
            by_key.setdefault((keys[id(u)], u.year), u)
        pairs = [(u, by_key[(org, year - 1)]) for (org, year), u in sorted(by_key.items(), key=lambda kv: kv[0][1])
                 if (org, year - 1) in by_key]
        if not pairs:
            yield self.not_applicable("未找到同一单位相邻两个年度（2019年以后）的政府信息公开工作年度报告")
            return
        for this, prev in pairs:
            base = {"year": this.year, "previous_year": prev.year}
            judged = failed = 0
            a, b = this.report.requests, prev.report.requests
            if "carried_in" in a and "carried_out" in b:
                judged += 1
                mism = [{"column": col, "carried_in": a["carried_in"][i], "previous_carried_out": b["carried_out"][i]}
                        for i, col in enumerate(R.APPLICANT_COLUMNS)
                        if None not in (a["carried_in"][i], b["carried_out"][i])  # a garbled cell: not judged
                        and a["carried_in"][i] != b["carried_out"][i]]
                if mism:
                    failed += 1
                    f = self.fail(
                        f"{report_label(this)}与{prev.year}年度报告不衔接："
                        + "；".join(f"“{m['column']}”列上年结转{m['carried_in']}件，上一年度报告结转下年度"
                                   f"{m['previous_carried_out']}件" for m in mism[:3]),
                        url=this.url, target=prev.url, evidence={**base, "chain": "结转", "mismatches": mism})
                    f.task = 9
                    yield f
            if this.report.layout == "30号" and prev.report.layout == "30号":
                mism = []
                for row in _CHAIN_ROWS:
                    now, before = this.report.active.get(row, {}), prev.report.active.get(row, {})
                    vals = (before.get("现行有效件数"), now.get("本年制发件数"), now.get("本年废止件数"), now.get("现行有效件数"))
                    if any(v is None for v in vals):
                        continue
                    judged += 1
                    expected = vals[0] + vals[1] - vals[2]
                    if expected != vals[3]:
                        mism.append({"row": row, "previous_in_force": vals[0], "issued": vals[1],
                                     "repealed": vals[2], "in_force": vals[3], "expected": expected})
                if mism:
                    failed += 1
                    yield self.fail(
                        f"{report_label(this)}表二与{prev.year}年度报告不衔接："
                        + "；".join(f"“{m['row']}”上年现行有效{m['previous_in_force']}件加本年制发{m['issued']}件"
                                   f"减本年废止{m['repealed']}件应为{m['expected']}件，报告为{m['in_force']}件" for m in mism),
                        url=this.url, target=prev.url, severity=ctx.opt("chain_in_force_severity"),
                        evidence={**base, "chain": "现行有效", "mismatches": mism})
            if judged and not failed:
                yield self.passed(url=this.url, target=prev.url, evidence=base)
            elif not judged:
                yield self.could_not_evaluate(f"{report_label(this)}与上一年度报告的衔接数据未能读取",
                                              url=this.url, target=prev.url, evidence=base)
