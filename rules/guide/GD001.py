"""GD001 — the 政府信息公开指南 contains what 条例第十二条第二款 lists."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, page_label, seen_at
from ..presence import PresenceSpec
from ._common import CITE_ART12_GUIDE, GUIDE_TITLE_PATTERN, current_guide, guide_text


class GD001(Rule):
    """The current 政府信息公开指南 states every element 条例第十二条 requires.

    What it checks:
        The guide is the newest crawled page named 政府信息公开指南 / 信息公开指南 /
        政务公开指南 (an article, or a single-page column with its own text; a list of guide
        editions is not a guide). When the page is only a short note with the guide as an
        attachment, the attachment's extracted text is read. Its text (footer excluded, spaces
        removed) must show each element, matched by a configurable regex:

        * 分类编排体系 (分类 / 编排 / 类目), 获取方式 (获取 / 依申请公开 / 申请方式 / 查阅);
        * 工作机构名称 (工作机构 / 受理机构 / 负责…日常工作), 办公地址 (地址：), 办公时间
          (办公时间 / 受理时间 / 接待时间 / 咨询时间, or
          周一至周五 with clock hours), 联系电话 (电话 followed by digits), 传真号码 (传真
          followed by digits), 互联网联系方式 (电子邮箱 / E-mail / an address with @ / 网址 /
          在线申请平台).

        One FAIL per missing element: url = the guide, evidence ``{item}``. Elements are
        split per plan task: the office's name and contacts also serve task 13 (组织领导) via
        ORG001, the 获取方式 task 9.

    Legal basis:
        条例第十二条第二款 (verified text): 政府信息公开指南包括政府信息的分类、编排体系、获取方式
        和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容.

    Passing example:
        The guide lists 信息分类与编排体系, 获取方式 (主动公开 / 依申请公开), 受理机构：开发区党政办公室,
        地址：…, 办公时间：工作日 8:30-17:00, 联系电话：0436-1234567, 传真：0436-1234568,
        电子邮箱：zwgk@example.gov.cn.

    Failing example:
        The guide gives the office, address, hours, phone and e-mail but no fax:
        政府信息公开指南未载明传真号码.

    Not applicable when:
        Never: every body publishes a guide. No guide page found is one FAIL (item 政府信息公开指南)
        when the homepage and the 专栏 were seen and no entry names a guide; could not evaluate,
        naming the link, when a 指南 entry exists but its page could not be fetched.
        Could not evaluate when the guide is an attachment whose text was not extracted.
    """

    presence = (PresenceSpec(item="政府信息公开指南", link_text=r"公开指南", example="政府信息公开指南",
                             url_pattern=r"(?:xxgk|gk)zn", in_portal=True),)

    meta = RuleMeta(
        id="GD001",
        slug="guide.required-elements",
        title="政府信息公开指南要素齐全",
        failure_title="政府信息公开指南缺少法定要素",
        severity=Severity.error,
        legal_basis=[CITE_ART12_GUIDE],
        plan_tasks=[11, 9, 13],
        requires=["pages"],
        options={
            "guide_title_pattern": GUIDE_TITLE_PATTERN,
            "elements": {
                "分类编排体系": r"分类|编排|类目",
                "获取方式": r"获取|依申请公开|申请方式|申请渠道|查阅",
                "工作机构名称": r"工作机构|受理机构|办理机构|承办机构|机构名称|负责.{0,12}日常工作",
                "办公地址": r"(办公|通讯|通信|联系|受理)?地址[:：为]|地点[:：为]",
                "办公时间": r"(办公|受理|工作|接待|咨询)时间|周[一1]至周[五5].{0,20}\d{1,2}[:：]\d{2}",
                "联系电话": r"电话[:：]?[(（]?\d{3,4}[)）]?[-－]?\d{6,8}|电话[:：]?\d{5,}",
                "传真号码": r"传真[:：]?[(（]?\d{3,4}",
                "互联网联系方式": r"电子邮箱|电子信箱|电子邮件|E-?mail|[\w.-]+@[\w-]+\.[\w.]+|网址[:：]|在线申请平台|网上申请(平台|系统|入口)|互联网联系方式",
            },
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        guide = current_guide(site, ctx.opt("guide_title_pattern"))
        if guide is None:
            home = site.homepage()
            yield self.missing(site, self.presence[0], "未找到政府信息公开指南页面",
                               url=seen_at(home) if home else site.crawl.start_url)
            return
        text, source = guide_text(site, guide)
        label = page_label(guide, seen_at(guide))
        if source == "none":
            yield self.could_not_evaluate(f"政府信息公开指南《{label}》以附件形式发布且附件内容未能提取，无法检查其要素",
                                          url=seen_at(guide))
            return
        flat = norm(text)
        for item, pattern in ctx.opt("elements").items():
            m = re.search(pattern, flat, re.I)
            if m:
                yield self.passed(f"政府信息公开指南载明{item}", url=seen_at(guide),
                                  evidence={"item": item, "match": m.group(0)[:40], "source": source})
            else:
                yield self.fail(f"政府信息公开指南《{label}》未载明{item}", url=seen_at(guide),
                                evidence={"item": item, "source": source})
