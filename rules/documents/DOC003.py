"""DOC003 — 年度报告 tables that do not add up (年报数据勾稽关系错误)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._checks import active_failures, describe, requests_failures, review_failures
from ._cite import ART50, TEMPLATE_30, TEMPLATE_60
from ._common import find_reports, report_label


class DOC003(Rule):
    """The numbers in a 年度报告's tables add up the way the template's totals say.

    What it checks:
        For every 年度报告 from 2019 on (see DOC002 for how reports are found), the tables
        read from the page's HTML tables, a docx/xlsx's tables or a PDF's text rows (blank
        cells count as 0):

        * 表三 (收到和处理政府信息公开申请情况), per applicant column: 本年新收 + 上年结转 =
          办理结果总计 + 结转下年度继续办理; 办理结果总计 = 予以公开 + 部分公开 + 不予公开(1-8)
          + 无法提供(1-3) + 不予处理(1-5) + 其他处理 (30号: 1-3); and per row: 总计 =
          自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他;
        * 表四 (行政复议、行政诉讼), for 行政复议, 未经复议直接起诉 and 复议后起诉:
          结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计;
        * 表二 of a 60号 report: 对外公开总数量 ≥ 本年新公开数量.

        One FAIL per report and table with unbalanced equations, evidence ``{year, table,
        failures: [...]}`` (table 三 findings belong to plan task 9, 依申请公开). A PDF's tables
        are read from the page geometry (pdfplumber), else from its text. Where the PDF drops
        or garbles a row's label, only that row is unread, and where it garbles a value (1O, ■),
        only that cell: the equations that do not need it
        (each row's 总计, 本年新收 + 上年结转 = 总计 + 结转) are still checked, and the ones
        that do give could-not-evaluate naming the unread rows, evidence ``{year, table,
        unread, rows_read}``. A report whose tables cannot be read at all (images) gives
        could-not-evaluate with ``unread: ["表三"]``.

    Legal basis:
        条例第五十条 and the uniform format of 国办公开办函〔2019〕60号 / 〔2021〕30号, whose
        表三 states “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”
        (recalled, not verified). 30号 lists 发布内容不准确 among what is 追责.

    Passing example:
        本年新收 18, 上年结转 2, 办理结果总计 19, 结转下年度 1 — and every column and row so.

    Failing example:
        2023年报表三“自然人”列办理结果总计 12，各项办理结果合计 14.

    Not applicable when:
        No 年度报告 for 2019 or later was found.
    """

    meta = RuleMeta(
        id="DOC003",
        slug="documents.annual-report-arithmetic",
        title="政府信息公开工作年度报告表格数据勾稽关系正确",
        failure_title="政府信息公开工作年度报告表格数据勾稽关系错误",
        severity=Severity.error,
        legal_basis=[ART50, TEMPLATE_60, TEMPLATE_30],
        plan_tasks=[11, 9],
        requires=["pages", "documents"],
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        units = [u for u in find_reports(site) if u.report.expected_template in ("30号", "60号")]
        if not units:
            yield self.not_applicable("未发现2019年以后的政府信息公开工作年度报告")
            return
        for u in units:
            rep = u.report
            base = {"year": u.year}
            checked = failed = 0
            if rep.requests:
                fails, unread = requests_failures(rep)
                checked += 1
                if fails:
                    f = self.fail(f"{report_label(u)}表三（收到和处理政府信息公开申请情况）数据不平衡："
                                  + "；".join(describe(x) for x in fails[:4])
                                  + ("等" if len(fails) > 4 else ""),
                                  url=u.url, target=u.target,
                                  evidence={**base, "table": "三", "failures": fails[:20], "count": len(fails)})
                    f.task = 9
                    failed += 1
                    yield f
                elif unread:
                    yield self.could_not_evaluate(
                        f"{report_label(u)}表三有{len(unread)}行未能读取（{'、'.join(unread[:4])}{'等' if len(unread) > 4 else ''}），"
                        f"涉及这些行的合计无法核对；其余{len(rep.requests)}行已核对",
                        url=u.url, target=u.target,
                        evidence={**base, "table": "三", "unread": unread, "rows_read": len(rep.requests),
                                  "notes": rep.notes[:5]})
            else:
                yield self.could_not_evaluate(f"{report_label(u)}未能读取表三（收到和处理政府信息公开申请情况）的数据"
                                              "（表格可能为图片）", url=u.url, target=u.target,
                                              evidence={**base, "table": "三", "unread": ["表三"], "notes": rep.notes[:5]})
            if rep.review:
                checked += 1
                fails = review_failures(rep)
                if fails:
                    failed += 1
                    yield self.fail(f"{report_label(u)}表四（行政复议、行政诉讼情况）数据不平衡："
                                    + "；".join(describe(x) for x in fails),
                                    url=u.url, target=u.target, evidence={**base, "table": "四", "failures": fails,
                                                                          "count": len(fails)})
            if rep.active and rep.layout == "60号":
                fails = active_failures(rep)
                if fails:
                    failed += 1
                    yield self.fail(f"{report_label(u)}表二（主动公开政府信息情况）数据矛盾："
                                    + "；".join(describe(x) for x in fails),
                                    url=u.url, target=u.target, evidence={**base, "table": "二", "failures": fails,
                                                                          "count": len(fails)})
            if checked and not failed:
                yield self.passed(url=u.url, evidence=base)
