"""DOC002 — 年度报告 missing a section of the national template (年报内容不全)."""

from __future__ import annotations

from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from . import _report as R
from ._cite import ART50, TEMPLATE_30, TEMPLATE_60
from ._common import find_reports, report_label

_SECTION_NAMES = {num: f"{num}、{name}" for num, name, _ in R.SECTIONS}


class DOC002(Rule):
    """Each 政府信息公开工作年度报告 has the six sections of the national template, in its current format.

    What it checks:
        Every 年度报告 found on the site: an article page whose title or heading names
        “政府信息公开工作年度报告” (or 年报) and a year, read together with the attachments
        it links (a page that only says 详见附件 is judged by its PDF/DOC), and attachments
        so named that no report page links. The headings 一、总体情况 / 二、主动公开政府信息情况 /
        三、收到和处理政府信息公开申请情况 / 四、政府信息公开行政复议、行政诉讼情况 /
        五、存在的主要问题及改进情况 / 六、其他需要报告的事项 must all be present (numbering
        and spacing may vary): one FAIL per missing section, evidence ``{year, section}``.
        A report for 2021 or later whose tables use the 60号 format instead of the 30号 one
        gives one FAIL, evidence ``{year, template: "30号", layout: "60号", layout_source}``.
        The format is read from 表二's column headers (本年新制作数量 / 本年新公开数量 /
        对外公开总数量 → 60号; 本年制发件数 / 本年废止件数 / 现行有效件数 → 30号), the
        columns that changed between the two templates; 表三's 其他处理 (one row in 60号, three
        in 30号) decides only when 表二's headers could not be read, and
        ``layout_source`` says which table decided.

    Legal basis:
        条例第五十条 lists what a 年度报告 must contain and has the national authority publish
        a uniform format; 国办公开办函〔2019〕60号 (reports for 2019-2020) and 〔2021〕30号
        (from the 2021 report on: “年度报告内容……不能遗漏，也不宜泛化”) give that format.

    Passing example:
        《白鹭湖经济开发区管理委员会2025年政府信息公开工作年度报告》 with headings 一 to 六
        and the 30号 tables.

    Failing example:
        A 2024 report without “五、存在的主要问题及改进情况”: 年度报告缺少“五、存在的主要问题及改进情况”部分.

    Not applicable when:
        No 年度报告 was found, or the report predates the 2019 template (2018 and earlier).
    """

    meta = RuleMeta(
        id="DOC002",
        slug="documents.annual-report-sections",
        title="政府信息公开工作年度报告内容完整、格式规范",
        failure_title="政府信息公开工作年度报告缺少法定内容或未按现行格式编制",
        severity=Severity.error,
        legal_basis=[ART50, TEMPLATE_60, TEMPLATE_30],
        plan_tasks=[11],
        requires=["pages", "documents"],
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        units = find_reports(site)
        if not units:
            yield self.not_applicable("未发现政府信息公开工作年度报告")
            return
        for u in units:
            rep = u.report
            if rep.expected_template == "legacy":
                yield self.not_applicable(f"{report_label(u)}早于2019年格式，不按现行格式检查", url=u.url,
                                          evidence={"year": u.year})
                continue
            missing = [num for num, _, _ in R.SECTIONS if not u.sections.get(num)]
            for num in missing:
                yield self.fail(f"{report_label(u)}缺少“{_SECTION_NAMES[num]}”部分",
                                url=u.url, evidence={"year": u.year, "section": _SECTION_NAMES[num]})
            outdated = rep.expected_template == "30号" and rep.layout == "60号"
            if outdated:
                yield self.fail(f"{report_label(u)}仍使用国办公开办函〔2019〕60号的旧表格格式，"
                                f"应按〔2021〕30号格式编制", url=u.url, target=u.target,
                                evidence={"year": u.year, "template": "30号", "layout": "60号",
                                          "layout_source": rep.layout_source})
            if not missing and not outdated:
                yield self.passed(f"{report_label(u)}六个部分齐全", url=u.url, evidence={"year": u.year})
