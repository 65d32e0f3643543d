"""DOC001 — attachments that download but cannot be opened (附件无法打开)."""

from __future__ import annotations

from typing import Iterable

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ._common import doc_holders, linking_pages

_WHAT = {
    "empty": "是空文件（0字节）",
    "corrupt": "文件已损坏，无法打开",
    "html_instead": "实际是一个网页而不是文件",
}
_TYPE_ZH = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel", "wps": "WPS",
            "et": "WPS表格", "ofd": "OFD"}


class DOC001(Rule):
    """Attachments must be the documents they claim to be: not empty, not damaged, not a web page.

    What it checks:
        Every attachment the crawler fetched and read (DocumentArtifact, GET of in-scope
        attachments). Outcome ``empty`` (0 bytes), ``corrupt`` (the file's own format cannot
        be parsed: a truncated PDF, a broken zip/OLE package, text under a .pdf name) or
        ``html_instead`` (an HTML page — often a 404 or login page answered with status 200 —
        served in place of the file) is a FAIL, one per page linking the attachment
        (url = that page, target = the attachment, evidence ``{outcome, declared_type,
        detected_type, link_text}``). ``unsupported`` (encrypted, rar/7z, images),
        ``too_large``, ``timeout`` and ``error`` give could-not-evaluate. Attachments that did
        not download at all are LNK002's concern.

    Legal basis:
        条例第二十四条: the 政府信息公开平台 "应当具备信息检索、查阅、下载等功能"; an
        attachment that downloads as an empty or damaged file cannot be 查阅. 条例第二十六条
        (公开的政府信息应当准确) read with 国办秘函〔2019〕19号 扣分 items on 链接可用性
        (wording not verified here).

    Passing example:
        ``稳就业若干措施.pdf`` is a PDF whose pages have text; ``申请表.doc`` is RTF saved
        under a .doc name (opened by Word and WPS alike).

    Failing example:
        ``申报汇总表.pdf`` answers 200 with ``<html><title>页面不存在</title>``:
        页面中的附件“申报汇总表.pdf”实际是一个网页而不是文件.

    Not applicable when:
        No attachment was fetched (ZWGK_FETCH_DOCUMENTS off, or no attachments in scope).
    """

    meta = RuleMeta(
        id="DOC001",
        slug="documents.unreadable-attachment",
        title="附件文件可以正常打开",
        failure_title="附件文件无法打开（空文件、损坏或以网页代替）",
        severity=Severity.error,
        legal_basis=[
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十四条",
                     note="政府信息公开平台应当具备信息检索、查阅、下载等功能"),
            Citation(document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                     article="扣分指标 链接可用性（含附件）", verified=False,
                     note="附件可用性计入扣分指标系据记忆，原文未核对"),
        ],
        plan_tasks=[11],
        requires=["documents", "pages"],
        options={"fail_outcomes": ["empty", "corrupt", "html_instead"]},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        if not site.documents:
            yield self.not_applicable("没有读取到任何附件文件（未抓取附件正文）")
            return
        failing = set(ctx.opt("fail_outcomes"))
        index = linking_pages(site)
        ok = 0
        for doc in site.documents:
            ev = {"outcome": doc.outcome, "declared_type": doc.declared_type, "detected_type": doc.detected_type}
            if doc.outcome == "ok":
                ok += 1
                continue
            if doc.outcome in failing:
                for page, text in doc_holders(doc, index):
                    label = text or doc.url.rsplit("/", 1)[-1]
                    what = _WHAT.get(doc.outcome, doc.outcome)
                    if doc.outcome == "html_instead" and doc.title:
                        what += f"（网页标题“{doc.title[:40]}”）"
                    yield self.fail(f"页面中的附件“{label}”{what}",
                                    url=page, target=doc.url, evidence={**ev, "link_text": text, "size": doc.size})
                continue
            reason = {"unsupported": "文件格式暂不支持读取", "too_large": "文件过大，未读取",
                      "timeout": "读取超时", "error": "读取出错"}.get(doc.outcome, doc.outcome)
            kind = _TYPE_ZH.get(doc.detected_type or doc.declared_type, doc.detected_type or doc.declared_type)
            yield self.could_not_evaluate(f"附件{kind}{reason}，无法判断能否打开", target=doc.url,
                                          evidence={**ev, "error": doc.error})
        if ok:
            yield self.passed(f"{ok}个附件文件可以正常打开", evidence={"documents_ok": ok})
