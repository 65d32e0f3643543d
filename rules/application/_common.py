"""The 依申请公开 area of a portal: the 专栏's 依申请公开 column, its pages, pages named so."""

from __future__ import annotations

import re

from contracts import Citation, PageArtifact, SiteArtifacts

from ..patterns import crumbs, find_portal, norm, ok_pages, seen_at, titles_of

AREA_NAME_PATTERN = r"依申请公开|申请公开|公开申请"
AREA_TITLE_PATTERN = r"依申请公开|政府信息公开申请|申请公开政府信息"

ART = "中华人民共和国政府信息公开条例（国务院令第711号）"
CITE_ART28 = Citation(document=ART, article="第二十八条",
                      note="应当建立完善政府信息公开申请渠道，为申请人依法申请获取政府信息提供便利")
CITE_ART29 = Citation(document=ART, article="第二十九条",
                      note="申请应当向政府信息公开工作机构提出，采用包括信件、数据电文在内的书面形式")
CITE_ART33 = Citation(document=ART, article="第三十三条",
                      note="不能当场答复的，应当自收到申请之日起20个工作日内予以答复；延长的期限最长不得超过20个工作日")
CITE_ART42 = Citation(document=ART, article="第四十二条",
                      note="行政机关依申请提供政府信息，不收取费用；申请人申请公开政府信息的数量、频次明显超过合理范围的，"
                           "行政机关可以收取信息处理费")


def application_pages(site: SiteArtifacts, name_pattern: str = AREA_NAME_PATTERN,
                      title_pattern: str = AREA_TITLE_PATTERN) -> list[PageArtifact]:
    """The 依申请公开 column page (linked from the 专栏, or found by breadcrumb), the pages
    under it, and pages titled 依申请公开…; crawl order, each once."""
    name_rx, title_rx = re.compile(name_pattern), re.compile(title_pattern)
    out: list[PageArtifact] = []
    seen: set[str] = set()

    def add(p: PageArtifact | None) -> None:
        if p is not None and p.status < 400 and seen_at(p) not in seen:
            seen.add(seen_at(p))
            out.append(p)

    _, _, portal = find_portal(site)
    if portal is not None:
        for link in portal.links:
            if not link.hidden and link.text and name_rx.search(norm(link.text)):
                add(site.page(link.url))
    for page in ok_pages(site):
        if page.page_kind == "home":
            continue
        c = crumbs(page)
        if any(name_rx.search(x) for x in c[-2:]) or any(title_rx.search(t) for t in titles_of(page)):
            add(page)
    return out
