"""ORG001 — the guide names the office responsible for 政务公开 and how to reach it (plan task 13)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..guide._common import GUIDE_TITLE_PATTERN, current_guide, guide_text
from ..patterns import norm, page_label, seen_at

ART = "中华人民共和国政府信息公开条例（国务院令第711号）"


class ORG001(Rule):
    """The 政府信息公开指南 names the office (工作机构) in charge and gives a contact.

    What it checks:
        In the current guide (see GD001), two elements, one finding each (evidence ``{item}``):

        * 工作机构 — a named office: a label such as 工作机构 / 受理机构 / 负责机构 followed by a
          name ending in 办公室, 办, 中心, 局, 处, 科, 室 or 部 (``office_pattern``), or a sentence
          “由…办公室负责…政府信息公开日常工作”;
        * 联系方式 — a phone number or an e-mail address of that office (``contact_pattern``).

        No guide → not applicable (GD001 reports it). Could not evaluate when the guide is an
        attachment whose text was not read.

    Legal basis:
        条例第四条 (verified): 各级人民政府及县级以上人民政府部门应当…指定机构（以下统称政府信息
        公开工作机构）负责本行政机关政府信息公开的日常工作; 第十二条第二款: the guide gives 工作机构的
        名称…联系电话…. Plan task 13: 明确内设机构承担政务公开日常工作…确定一名负责人具体负责.

    Passing example:
        “政府信息公开工作机构：白城经济开发区党政办公室 联系电话：0436-1234567”.

    Failing example:
        The guide describes 主动公开 only, naming no office: 政府信息公开指南未明确政府信息公开工作机构.

    Not applicable when:
        No guide was found.
    """

    meta = RuleMeta(
        id="ORG001",
        slug="organization.office-named",
        title="指南明确政府信息公开工作机构及联系方式",
        failure_title="指南未明确政府信息公开工作机构或联系方式",
        severity=Severity.error,
        legal_basis=[
            Citation(document=ART, article="第四条",
                     note="指定机构（政府信息公开工作机构）负责本行政机关政府信息公开的日常工作"),
            Citation(document=ART, article="第十二条第二款",
                     note="指南包括政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式"),
        ],
        plan_tasks=[13, 14],
        requires=["pages"],
        options={
            "guide_title_pattern": GUIDE_TITLE_PATTERN,
            "office_pattern": r"(工作机构|受理机构|负责机构|办理机构|承办机构|机构名称)(名称)?[:：为是]?[^。；;]{0,30}?(办公室|办|中心|局|处|科|室|部)"
                              r"|由[^。；;]{0,30}(办公室|办|中心|局)负责[^。；;]{0,20}(政府信息公开|政务公开)",
            "contact_pattern": r"电话[:：]?[(（]?\d{3,}|[\w.-]+@[\w-]+\.[\w.]+",
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        guide = current_guide(site, ctx.opt("guide_title_pattern"))
        if guide is None:
            yield self.not_applicable("未采集到政府信息公开指南（是否设置由 GD001 判断）")
            return
        text, source = guide_text(site, guide)
        label = page_label(guide, seen_at(guide))
        if source == "none":
            yield self.could_not_evaluate(f"政府信息公开指南《{label}》以附件形式发布且附件内容未能提取", url=seen_at(guide))
            return
        flat = norm(text)
        for item, key, what in (("工作机构", "office_pattern", "政府信息公开工作机构"),
                                ("联系方式", "contact_pattern", "工作机构的联系方式")):
            m = re.search(ctx.opt(key), flat)
            if m:
                yield self.passed(f"政府信息公开指南明确了{what}（“{m.group(0)[:40]}”）", url=seen_at(guide),
                                  evidence={"item": item, "match": m.group(0)[:60]})
            else:
                yield self.fail(f"政府信息公开指南《{label}》未明确{what}", url=seen_at(guide), evidence={"item": item})
