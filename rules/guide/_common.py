"""Finding the 政府信息公开指南 and reading its text (page, or its attachment when extracted)."""

from __future__ import annotations

import re

from contracts import Citation, PageArtifact, SiteArtifacts

from ..patterns import body_text, ok_pages, page_date, titles_of

GUIDE_TITLE_PATTERN = r"政府信息公开指南|信息公开指南|政务公开指南|^公开指南"

CITE_ART12_GUIDE = Citation(
    document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第十二条第二款",
    note="政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、"
         "联系电话、传真号码、互联网联系方式等内容",
)
CITE_ART12_UPDATE = Citation(
    document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第十二条第一款",
    note="行政机关编制、公布的政府信息公开指南和政府信息公开目录应当及时更新",
)
CITE_ART53 = Citation(
    document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第五十三条第（二）项",
    note="不及时更新公开的政府信息内容、政府信息公开指南和政府信息公开目录",
)


def guide_pages(site: SiteArtifacts, title_pattern: str = GUIDE_TITLE_PATTERN,
                min_chars: int = 150) -> list[PageArtifact]:
    """Crawled pages that are a 政府信息公开指南: named so, and either an article or a
    single-page column with text of its own (a list of guide editions is not a guide)."""
    rx = re.compile(title_pattern)
    out = []
    for page in ok_pages(site):
        if page.page_kind == "home" or not any(rx.search(t) for t in titles_of(page)):
            continue
        if page.page_kind == "column" and (page.list_items or len(body_text(page)) < min_chars):
            continue
        out.append(page)
    return out


def current_guide(site: SiteArtifacts, title_pattern: str = GUIDE_TITLE_PATTERN) -> PageArtifact | None:
    """The newest guide (by publication date; undated guides count as oldest)."""
    pages = guide_pages(site, title_pattern)
    if not pages:
        return None
    import datetime as dt

    return max(enumerate(pages), key=lambda ip: (page_date(ip[1]) or dt.date.min, -ip[0]))[1]


def guide_text(site: SiteArtifacts, page: PageArtifact, min_chars: int = 300) -> tuple[str, str]:
    """(text, source): the page's own text, or — when it is short and the guide is an
    attachment — the extracted text of its attachments ("attachment"); ("", "none") when the
    guide is only in an attachment that was not read."""
    text = body_text(page)
    if len(text) >= min_chars:
        return text, "page"
    docs = {d.url: d for d in site.documents}
    parts = [docs[l.url].text for l in page.links
             if l.kind.value == "attachment" and l.url in docs and docs[l.url].outcome == "ok" and docs[l.url].text]
    if parts:
        return text + " " + " ".join(parts), "attachment"
    if any(l.kind.value == "attachment" for l in page.links):
        return text, "none"
    return text, "page"
