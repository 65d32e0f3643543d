"""Annual reports end to end without a crawl: fixture reports built from the national template
(samples/kfq/documents_section.py), rendered as an HTML page and as a PDF, read by the real
extractors (crawler.extract / crawler.documents) and judged by DOC002-DOC005."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from contracts import CrawlInfo, SiteArtifacts, Status
from crawler.documents import extract_document
from crawler.extract import extract_page
from rules import get_rule, run_rule
from rules.base import RuleContext
from rules.documents import _report as R
from samples.kfq import documents_section as S

ORG = "白鹭湖经济开发区管理委员会"
B = "http://127.0.0.1:8000"
AS_OF = dt.date(2026, 11, 27)
SERIES = S.make_series(ORG, [2020, 2021, 2022, 2023, 2024, 2025], seed=3)


def html_page(d: S.ReportData, url: str, *, blank_zero: bool = False, pdf: str | None = None):
    paras, html = S.report_html(d, blank_zero=blank_zero)
    if pdf:  # a page that only points to its PDF
        paras, html = [f"{d.title}全文详见附件。"], f'<p>附件：<a href="{pdf}">{d.title}.pdf</a></p>'
    body = (f"<html><head><title>{d.title}_政府信息公开年报</title></head><body><h1>{d.title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + html + "</body></html>")
    return extract_page(url, body.encode("utf-8"))


def pdf_doc(d: S.ReportData, url: str, lines: list[str] | None = None):
    return extract_document(url, S.make_pdf_pages(d.title, lines or S.report_lines(d)),
                            {"Content-Type": "application/pdf"}, 200)


def site(pages, docs=()) -> SiteArtifacts:
    crawl = CrawlInfo(start_url=B + "/", site_host="127.0.0.1:8000", started_at=dt.datetime(2026, 11, 27))
    return SiteArtifacts(crawl=crawl, pages=list(pages), documents=list(docs))


def findings(rule_id: str, s: SiteArtifacts):
    rule = get_rule(rule_id)
    out = list(run_rule(rule, s, RuleContext(as_of=AS_OF, options=dict(rule.meta.options))))
    assert not [f for f in out if f.status == Status.error], out
    return [f for f in out if f.status != Status.passed], [f for f in out if f.status == Status.passed]


U25, U24 = f"{B}/xxgk/xxgknb/202601/t20260120_1.html", f"{B}/xxgk/xxgknb/202501/t20250120_2.html"
P24 = f"{B}/xxgk/xxgknb/202501/W020250120000001.pdf"


def consistent_pair():
    return [html_page(SERIES[2025], U25, blank_zero=True), html_page(SERIES[2024], U24, pdf=P24)], \
        [pdf_doc(SERIES[2024], P24)]


@pytest.mark.parametrize("year", [2020, 2024, 2025])
def test_html_tables_and_pdf_text_read_the_same_numbers(year):
    d = SERIES[year]
    page = html_page(d, U25, blank_zero=(year == 2025))
    doc = pdf_doc(d, P24)
    a = R.parse_report(url=page.url, title=page.heading, text=page.text, tables=page.tables)
    b = R.parse_report(url=doc.url, title=d.title, text=doc.text, tables=doc.tables)
    assert a.source == "table" and b.source == "text"
    assert a.year == b.year == year and a.org == ORG
    assert a.layout == b.layout == d.template
    assert a.requests == b.requests and a.review == b.review
    assert a.requests["new"] == d.row("new") and a.requests["carried_out"] == d.row("carried_out")
    assert len(a.requests) == (25 if year >= 2021 else 23)
    assert a.active["行政规范性文件"] == b.active["行政规范性文件"]
    assert all(a.sections.values()) and all(b.sections.values())
    assert {c.kind: c.value for c in a.claims}["requests_new"] == d.totals()["requests_new"]


def test_consistent_reports_pass_every_rule():
    pages, docs = consistent_pair()
    s = site(pages, docs)
    for rule_id in ("DOC002", "DOC003", "DOC004", "DOC005"):
        bad, good = findings(rule_id, s)
        assert bad == [] and good, (rule_id, bad)


def test_a_table_that_does_not_add_up_is_found_in_html_and_in_pdf():
    wrong = copy.deepcopy(SERIES[2025])
    wrong.overrides[("unable.not_held", 6)] = wrong.row("unable.not_held")[6] + 1  # 总计 column only
    pages, docs = consistent_pair()
    pages[0] = html_page(wrong, U25)
    bad, _ = findings("DOC003", site(pages, docs))
    assert [(f.url, f.target, f.evidence["table"], f.task) for f in bad] == [(U25, None, "三", 9)]
    checks = {x["check"] for x in bad[0].evidence["failures"]}
    assert checks == {"行合计", "办理结果合计"}

    wrong24 = copy.deepcopy(SERIES[2024])
    wrong24.review[1] = [1, 0, 0, 0]
    lines = S.report_lines(wrong24)
    vals = S.review_values(wrong24)
    vals[9] = 0  # 未经复议直接起诉: 维持 1 but 总计 0
    lines[-5] = " ".join(map(str, vals))
    pages, docs = consistent_pair()
    bad, _ = findings("DOC003", site(pages, [pdf_doc(wrong24, P24, lines)]))
    assert [(f.url, f.target, f.evidence["table"]) for f in bad] == [(U24, P24, "四")]


def test_years_that_do_not_chain_are_found():
    later = copy.deepcopy(SERIES[2025])
    later.carried_in = [later.carried_in[0] + 3, *later.carried_in[1:]]  # 2024 carried fewer over
    later.new = [later.new[0] - 3, *later.new[1:]]
    later.rules = {"规章": (0, 0, 0), "行政规范性文件": (later.rules["行政规范性文件"][0], 0,
                                                     later.rules["行政规范性文件"][2] + 4)}
    pages, docs = consistent_pair()
    pages[0] = html_page(later, U25)
    s = site(pages, docs)
    assert findings("DOC003", s)[0] == []  # each report adds up on its own
    bad, _ = findings("DOC004", s)
    got = {(f.evidence["chain"], f.severity.value, f.url, f.target) for f in bad}
    assert got == {("结转", "error", U25, U24), ("现行有效", "warning", U25, U24)}


def test_text_that_disagrees_with_the_table_is_a_warning():
    said = copy.deepcopy(SERIES[2025])
    said.prose_overrides = {"results_total": said.totals()["results_total"] + 5}
    pages, docs = consistent_pair()
    pages[0] = html_page(said, U25)
    bad, _ = findings("DOC005", site(pages, docs))
    assert [(f.severity.value, f.evidence["claim"], f.evidence["text_value"]) for f in bad] == \
        [("warning", "results_total", said.totals()["results_total"] + 5)]
    assert findings("DOC003", site(pages, docs))[0] == []  # a warning, not a table error


def test_pdf_rows_that_lost_blank_cells_are_not_guessed():
    d = SERIES[2025]
    lines = [ln.replace(" 0 0 0 0 0 0 0", "") if ln.endswith(" 0 0 0 0 0 0 0") else ln for ln in S.report_lines(d)]
    doc = pdf_doc(d, P24, lines)
    rep = R.parse_report(url=doc.url, title=d.title, text=doc.text, tables=doc.tables)
    assert "withheld.secret" not in rep.requests and "new" in rep.requests
    page = html_page(d, U24, pdf=P24)
    bad, _ = findings("DOC003", site([page], [doc]))
    assert [f.status for f in bad] == [Status.could_not_evaluate]


def test_sections_missing_and_old_format():
    d = SERIES[2025]
    paras, html = S.report_html(d)
    html = html.replace("六、其他需要报告的事项", "")
    body = f"<html><head><title>{d.title}</title></head><body><h1>{d.title}</h1>" + "".join(
        f"<p>{p}</p>" for p in paras) + html + "</body></html>"
    bad, _ = findings("DOC002", site([extract_page(U25, body.encode())]))
    assert [f.evidence["section"] for f in bad] == ["六、其他需要报告的事项"]


def test_a_pdf_only_report_linked_from_a_list_is_judged():
    d = SERIES[2024]
    listing = extract_page(f"{B}/xxgk/xxgknb/index.html", (
        "<html><head><title>政府信息公开年报</title></head><body><ul class='list'>"
        f"<li><a href='{P24}'>{d.title}</a><span>2025-01-20</span></li>"
        "<li><a href='/x.pdf'>2023年报</a><span>2024-01-20</span></li></ul></body></html>").encode())
    s = site([listing], [pdf_doc(d, P24)])
    _, good = findings("DOC003", s)
    assert [(f.url, f.evidence["year"]) for f in good] == [(listing.url, 2024)]
