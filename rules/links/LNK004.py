"""LNK004 — images, frames and embedded documents that do not load (图片、框架页面、嵌入文档无法加载)."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import EMBEDDED_NOUNS, LINK_OPTIONS, check_links


class LNK004(Rule):
    """What a page loads — images, frames, embedded documents and media — must load.

    What it checks:
        Every URL a crawled page embeds rather than links to (issue 9 item 12), as the
        crawler recorded it: ``image`` (<img src/srcset>, <input type=image>, background
        attributes, CSS url()), ``frame`` (<frame>/<iframe src>), ``embed`` (<embed>,
        <object data>, <video>/<audio>/<source>/<track>, an iframe showing a PDF) and
        ``stylesheet``. Each is looked up in the LinkCheck records (a HEAD check, GET when HEAD
        fails; frames in scope are crawled as pages). Outcome ``dead``, ``redirect_loop`` or
        ``too_many_redirects`` → one FAIL per page holding it, naming it by kind (图片 / 框架页面
        / 嵌入文档 / 样式表) and its alt text or file name; evidence ``{link_text, status,
        outcome, kind, tag}``. ``timeout`` / ``rate_limited`` / ``blocked`` / ``error`` → one
        could-not-evaluate per cause and column or host, with a count and examples (never one
        per target); hosts the profile does not allow → one site-level not-applicable result.

    Legal basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》扣分指标 "链接可用性": broken links
        "包括图片、附件、外部链接等" count against the site (wording not verified here).
        条例第二十四条: the platform must let people 查阅 what is published; a framed page or
        an embedded document that does not load cannot be read.

    Passing example:
        The homepage shows ``<img src="/images/banner.jpg" alt="政务公开">``, which answers 200.

    Failing example:
        ``<img src="/images/old/zt.png" alt="专题专栏">`` answers 404: 页面《首页》中的图片“专题专栏”
        无法访问（HTTP 404）.

    Not applicable when:
        No crawled page embeds an image, frame, document or stylesheet.
    """

    meta = RuleMeta(
        id="LNK004",
        slug="links.dead-embedded",
        title="页面中的图片、框架页面和嵌入文档可以正常加载",
        failure_title="图片、框架页面或嵌入文档无法加载",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 链接可用性（含图片）",
                verified=False,
                note="“包括图片、附件、外部链接等”的表述系据记忆，未见原文",
            ),
            Citation(
                document="中华人民共和国政府信息公开条例（国务院令第711号）",
                article="第二十四条",
                note="政府信息公开平台应当具备信息检索、查阅、下载等功能",
            ),
        ],
        plan_tasks=[11],
        requires=["pages", "links"],
        options=dict(LINK_OPTIONS),
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        yield from check_links(self, site, ctx, kind=set(EMBEDDED_NOUNS), noun="页面资源", broken_phrase="",
                               label="图片、框架页面和嵌入文档", nouns=EMBEDDED_NOUNS)
