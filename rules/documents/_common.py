"""What the document rules share: which pages link an attachment, which pages and
attachments are 年度报告 (and how they group), and the 名单 / 资金公示 context of PII."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from contracts import DocumentArtifact, PageArtifact, PiiCandidate, SiteArtifacts

from . import _report as R

# Pages and attachments that list people (名单, 公示 lists, 花名册 …).
LIST_WORDS = re.compile(r"名单|名册|花名册|公示|拟录用|拟聘用|拟聘|人员情况|人员信息|补贴|补助|救助|低保|特困|资金发放|发放明细")
# 公示 of money paid to people (资金直达, 补贴, 救助): plan task 5 rather than 7.
FUNDS_WORDS = re.compile(r"补贴|补助|救助|低保|特困|资金|发放|惠企|惠民|惠农|扶贫|奖励|慰问金")
# Office contact labels: a number right after them is the office's, not a listed person's.
OFFICE_CONTACT = re.compile(r"(?:联系|咨询|监督|举报|投诉|办公|值班|服务|受理)电话[:：]?\s*$|联系人[:：]?\s*\S{0,4}\s*$")


def linking_pages(site: SiteArtifacts) -> dict[str, list[tuple[PageArtifact, str]]]:
    """attachment URL → [(page linking it, link text)], pages in crawl order, one entry per page.

    Built once per site and page count, then shared by the document rules (eight of them
    asked for it, each walking every link of every page); callers only read it."""
    cached = site.__dict__.get("_linking_pages")
    if cached is not None and cached[0] is site.pages and cached[1] == len(site.pages):
        return cached[2]
    out = _linking_pages(site)
    site.__dict__["_linking_pages"] = (site.pages, len(site.pages), out)
    return out


def _linking_pages(site: SiteArtifacts) -> dict[str, list[tuple[PageArtifact, str]]]:
    out: dict[str, list[tuple[PageArtifact, str]]] = {}
    for p in site.pages:
        seen: set[str] = set()
        for link in p.links:
            if link.url in seen:
                continue
            seen.add(link.url)
            out.setdefault(link.url, []).append((p, link.text))
    return out


def doc_holders(doc: DocumentArtifact, index: dict[str, list[tuple[PageArtifact, str]]]) -> list[tuple[str, str]]:
    """(page URL, link text) of the pages linking a document; falls back to the artifact's own
    `linked_from` when no crawled page links it."""
    found = [(p.final_url or p.url, text) for p, text in index.get(doc.url, [])]
    if found:
        return found
    texts = doc.link_texts or [""]
    return [(u, texts[min(i, len(texts) - 1)]) for i, u in enumerate(doc.linked_from)] or [(None, "")]  # type: ignore[list-item]


def page_url(p: PageArtifact) -> str:
    return p.final_url or p.url


# ---------------------------------------------------------------- PII context

def artifact_names(title: str, heading: str = "", link_texts: list[str] | None = None) -> str:
    return " ".join([title or "", heading or "", *(link_texts or [])])


def lists_people(names: str, tables: list[list[list[str]]]) -> bool:
    """A 名单-like artifact: its name says so, or one of its tables has a 姓名 column."""
    if LIST_WORDS.search(names):
        return True
    for t in tables:
        for row in t[:3]:
            if any(re.fullmatch(r"\s*(?:姓\s*名|户主姓名|申请人|领取人|收款人)\s*", c or "") for c in row):
                return True
    return False


def listed_mobile(c: PiiCandidate) -> bool:
    """A mobile number that belongs to the list, not to the office publishing it. A number in a
    per-person row (extraction's ``per_person``: under a 姓名/联系人 column, or one of several
    "name + number" entries) is the person's even after a 联系电话 label repeated on each row."""
    if c.kind != "mobile":
        return False
    if c.per_person:
        return True
    if c.in_table:
        return not re.search(r"(?:咨询|监督|举报|投诉|办公|值班|服务|受理)电话", c.header)
    before = c.context.split(c.masked, 1)[0]
    return not OFFICE_CONTACT.search(before)


def funds_task(names: str, candidates: list[PiiCandidate]) -> int:
    text = names + " " + " ".join(c.context for c in candidates[:20])
    return 5 if FUNDS_WORDS.search(text) else 7


# ---------------------------------------------------------------- annual reports

@dataclass
class ReportUnit:
    """One 年度报告 as the site publishes it: a page (with the attachments it links) or an
    attachment no report page links. `report` is the source read for the numbers."""

    url: str  # the page (or the attachment when it stands alone)
    target: str | None  # the attachment the numbers were read from, if not the page
    report: R.AnnualReport
    sections: dict[str, bool] = field(default_factory=dict)  # union over page + attachments
    sources: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.report.year

    @property
    def org(self) -> str:
        return self.report.org


def _complete(r: R.AnnualReport) -> int:
    return sum(r.has_tables().values())


# A 年报 column: its name (or breadcrumb) says 年报 / 年度报告 in the 信息公开 context; 网站工作
# 年度报表 columns are not.
REPORT_COLUMN = re.compile(r"年报|年度报告")
REPORT_CONTEXT = re.compile(r"信息公开|政务公开|年报")
NOT_REPORT = re.compile(r"报表|网站")


def listed_reports(site: SiteArtifacts) -> dict[str, str]:
    """URL → a report title, for the entries of 年报 columns whose own title names only a year:
    many columns list “2023年”, “2023年度” or a bare file name with a year, linking an HTML
    article or the PDF/Word file directly, dated or not. The title given is the one the
    column implies (2023年政府信息公开工作年度报告)."""
    out: dict[str, str] = {}
    for col in site.columns:
        names = " ".join([col.name, *col.path])
        if not REPORT_COLUMN.search(col.name) or not REPORT_CONTEXT.search(names) or NOT_REPORT.search(col.name):
            continue
        for item in col.items:
            if not item.url:
                continue
            if R.is_report_title(item.title):
                out.setdefault(item.url, item.title)
                continue
            if NOT_REPORT.search(item.title or ""):
                continue
            m = R.YEAR_RE.search(item.title or "")
            if m:
                out.setdefault(item.url, f"{item.title.strip()}（{m.group(1)}年政府信息公开工作年度报告）"
                               if not item.title.strip().startswith(m.group(0)) else
                               f"{m.group(1)}年政府信息公开工作年度报告")
    return out


def find_reports(site: SiteArtifacts) -> list[ReportUnit]:
    """Every 政府信息公开工作年度报告 on the site, one unit per report, in crawl order: pages and
    attachments titled so, and the entries of 年报 columns that name only a year (see
    `listed_reports`), whether they link an article or the file itself."""
    index = linking_pages(site)
    listed = listed_reports(site)
    docs = {d.url: d for d in site.documents}
    units: list[ReportUnit] = []
    used_docs: set[str] = set()
    seen_pages: set[str] = set()
    for p in site.pages:
        name = p.heading or p.title
        if p.status >= 400 or p.soft_404 or p.page_kind in ("home", "column"):
            continue
        url = page_url(p)
        implied = listed.get(p.url) or listed.get(url)
        if not (R.is_report_title(p.heading) or R.is_report_title(p.title) or implied):
            continue
        if url in seen_pages:
            continue
        seen_pages.add(url)
        title = name if R.is_report_title(name) else (p.title if R.is_report_title(p.title) else implied)
        name = title or name
        page_rep = R.parse_report(url=url, title=title, text=p.text, tables=p.tables)
        best, target = page_rep, None
        sections = dict(page_rep.sections)
        sources = [url]
        for link in p.links:
            d = docs.get(link.url)
            if d is None or d.outcome != "ok" or not d.text or link.url in sources:
                continue
            used_docs.add(d.url)
            sources.append(d.url)
            rep = R.parse_report(url=d.url, title=name, text=d.text, tables=d.tables,
                                 year_hint=link.text + " " + d.title)
            for k, v in rep.sections.items():
                sections[k] = sections.get(k, False) or v
            if _complete(rep) > _complete(best):
                best, target = rep, d.url
        if best is not page_rep:
            best.year = best.year if page_rep.year is None else page_rep.year
            best.org = page_rep.org or best.org
            best.title = page_rep.title
        units.append(ReportUnit(url=url, target=target, report=best, sections=sections, sources=sources))
    for d in site.documents:
        if d.url in used_docs or d.outcome != "ok" or not d.text:
            continue
        holders = index.get(d.url, [])
        names = [d.title, *d.link_texts, *(t for _, t in holders), listed.get(d.url, "")]
        title = next((n for n in names if R.is_report_title(n)), "")
        if not title:
            continue
        rep = R.parse_report(url=d.url, title=title, text=d.text, tables=d.tables)
        page = page_url(holders[0][0]) if holders else (d.linked_from[0] if d.linked_from else d.url)
        units.append(ReportUnit(url=page, target=d.url, report=rep, sections=dict(rep.sections), sources=[d.url]))
    return units


def report_label(u: ReportUnit) -> str:
    y = f"{u.year}年" if u.year else ""
    return f"《{u.report.title or (y + '政府信息公开工作年度报告')}》"


def sum_or_none(values) -> int | None:
    vals = list(values)
    if any(v is None for v in vals):
        return None
    return sum(vals)
