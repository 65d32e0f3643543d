"""The artifacts PII rules walk: pages and attachments with their PII candidates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from contracts import Citation, PiiCandidate, SiteArtifacts

from ._common import artifact_names, doc_holders, linking_pages, page_url

ART15 = Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第十五条",
                 note="涉及个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开（第三方同意或公共利益例外）")
YAODIAN_2018 = Citation(document="国务院办公厅关于印发2018年政务公开工作要点的通知",
                        article="政府信息公开前要依法依规严格审查",
                        note="除惩戒公示、强制性信息披露外，对于其他涉及个人隐私的政府信息，公开时要去标识化处理")
PIPL_34 = Citation(document="《中华人民共和国个人信息保护法》", article="第三十四条", verified=False,
                   note="国家机关处理个人信息不得超出履行法定职责所必需的范围和限度；条文据记忆，未核对")


@dataclass
class Holder:
    url: str | None  # the page (for an attachment: a page linking it)
    target: str | None  # the attachment, if any
    names: str  # title, heading, link texts: what the artifact says it is
    tables: list
    pii: list[PiiCandidate]
    where: str  # 页面 / 附件“…”


def holders(site: SiteArtifacts) -> Iterator[Holder]:
    for p in site.pages:
        if p.pii:
            yield Holder(page_url(p), None, artifact_names(p.title, p.heading), p.tables, p.pii,
                         f"页面《{(p.heading or p.title)[:60]}》")
    index = linking_pages(site)
    for d in site.documents:
        if not d.pii:
            continue
        refs = doc_holders(d, index)
        texts = [t for _, t in refs if t]
        label = texts[0] if texts else d.url.rsplit("/", 1)[-1]
        yield Holder(refs[0][0], d.url, artifact_names(d.title, "", texts), d.tables, d.pii, f"附件“{label}”")


def examples(cands: list[PiiCandidate], n: int = 5) -> list[str]:
    return [c.masked for c in cands[:n]]
