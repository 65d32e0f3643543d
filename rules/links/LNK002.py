"""LNK002 — attachments that cannot be downloaded (附件无法下载)."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import LINK_OPTIONS, check_links


class LNK002(Rule):
    """Attachments (pdf, doc, xls, wps, ofd, zip …) must download.

    What it checks:
        Every link of kind ``attachment`` (a URL whose path ends in a document extension:
        pdf, doc, docx, xls, xlsx, wps, et, ofd, zip, rar, 7z, ppt, pptx, txt, csv) on a
        crawled page is looked up in the LinkCheck records. Outcome ``dead``,
        ``redirect_loop`` or ``too_many_redirects`` is a FAIL, one per page holding the link
        (url = that page's address after redirects, target = the attachment URL, evidence
        ``{link_text, status, outcome}``). ``timeout`` / ``rate_limited`` / ``blocked`` / ``error`` give one
        could-not-evaluate result per cause and column or host (count and examples), never one
        per attachment. Attachments on hosts the site profile does
        not allow (``skipped``) are listed in one site-level not-applicable result.

    Legal basis:
        条例第二十四条: the 政府信息公开平台 "应当具备信息检索、查阅、下载等功能" — an
        attachment that cannot be downloaded breaks the 下载 function. 国办秘函〔2019〕19号
        扣分指标 counts broken links "包括图片、附件、外部链接等" (wording not verified here).

    Passing example:
        A 规范性文件 page links “附件：申请表.docx” to ``/xxgk/fj/sqb.docx``, which answers
        200 with an office content type.

    Failing example:
        The same link answers 404: 页面《关于印发……的通知》中的附件链接“附件：申请表.docx”
        指向的附件无法访问（HTTP 404）.

    Not applicable when:
        No crawled page links an attachment.
    """

    meta = RuleMeta(
        id="LNK002",
        slug="links.dead-attachment",
        title="附件可以正常下载",
        failure_title="附件无法下载",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="中华人民共和国政府信息公开条例（国务院令第711号）",
                article="第二十四条",
                note="政府信息公开平台应当具备信息检索、查阅、下载等功能",
            ),
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 链接可用性（含附件）",
                verified=False,
                note="“包括图片、附件、外部链接等”的表述系据记忆，未见原文",
            ),
        ],
        plan_tasks=[11],
        requires=["pages", "links"],
        options=dict(LINK_OPTIONS),
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        yield from check_links(self, site, ctx, kind="attachment", noun="附件链接", broken_phrase="指向的附件", label="附件链接")
