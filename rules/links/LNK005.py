"""LNK005 — links whose address leads nowhere (链接地址无效：不完整的网址、本地文件路径)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import links_by_target, quote_page, seen_at

_LOCAL = re.compile(r"^(?:file:|[a-z]:[\\/]|\\\\)", re.I)


def _why(url: str) -> str:
    if _LOCAL.match(url):
        return "指向本机文件路径（多为从 Word 等文档中复制），访问者点击后无法打开"
    return "网址不完整或主机名无效，浏览器无法据此打开任何页面"


class LNK005(Rule):
    """A link's address must be a working web address.

    What it checks:
        Links the extraction marked ``malformed``: hrefs a browser cannot follow anywhere
        useful — a scheme without a host (``http://``, ``http:``, ``http:/``, ``http://#``,
        ``http:/www.…``), an invalid host (``http://.example.org/``, ``http://host]``), and
        local paths pasted from Word or the editor's PC (``file:///C:/…``, ``C:\\…``,
        ``\\\\server\\…``). They are never resolved to the page itself and never requested. One
        FAIL per page and address: url = the page, target = the href as written, evidence
        ``{link_text, href, region, hidden}``. Placeholders ``#`` and ``javascript:void(0)`` are
        not judged here (they are kinds ``anchor`` / ``javascript``).

    Legal basis:
        国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》扣分指标 "链接可用性": a link that cannot
        be opened or is wrong counts against the site (wording not verified here). 条例第二十四条:
        the platform must let people 查阅 and 下载 what is published.

    Passing example:
        ``<a href="/zwgk/zcwj/">政策文件</a>`` and ``<a href="//www.gov.cn/">中国政府网</a>``.

    Failing example:
        ``<a href="file:///C:/Users/admin/Desktop/附件1.doc">附件1</a>``: 页面《关于…的通知》中的链接
        “附件1”（file:///C:/Users/admin/Desktop/附件1.doc）指向本机文件路径…；``<a href="http://">
        政务服务</a>``: 网址不完整.

    Not applicable when:
        No crawled page was read (there is nothing to judge); otherwise a clean site passes.
    """

    meta = RuleMeta(
        id="LNK005",
        slug="links.malformed-href",
        title="链接地址完整有效",
        failure_title="链接地址无效（不完整的网址或本机文件路径）",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 链接可用性",
                verified=False,
                note="“链接无法打开或错误”的表述系据记忆，未见原文",
            ),
            Citation(
                document="中华人民共和国政府信息公开条例（国务院令第711号）",
                article="第二十四条",
                note="政府信息公开平台应当具备信息检索、查阅、下载等功能",
            ),
        ],
        plan_tasks=[11],
        requires=["pages"],
        options={"include_hidden": True, "skip_error_pages": True},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        pages = [p for p in site.pages if p.status < 400]
        if not pages:
            yield self.not_applicable("没有成功读取的页面，无法检查链接地址")
            return
        by_target = links_by_target(site, {"malformed"}, include_hidden=bool(ctx.opt("include_hidden")),
                                    skip_error_pages=bool(ctx.opt("skip_error_pages")))
        for href, refs in by_target.items():
            for page, link in refs:
                yield self.fail(
                    f"页面{quote_page(page, seen_at(page))}中的链接“{link.text or href}”（{href}）{_why(href)}",
                    url=seen_at(page), target=href,
                    evidence={"link_text": link.text, "href": href, "region": link.region.value,
                              "hidden": link.hidden},
                )
        if not by_target:
            yield self.passed(f"已检查 {len(pages)} 个页面，未发现不完整或指向本机文件的链接地址")
