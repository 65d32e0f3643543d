"""Coverage instead of floods (issue 12 item 3): a crawl of the sample portal capped at 20
pages (real Scrapy crawl over 127.0.0.1) says once, in every report format, how much it
covered and why the rest was not checked; the links it never visited are counted, not made
findings, and the could-not-evaluate results come grouped by cause and column; `--min-coverage`
turns an incomplete audit into exit code 3, and without it the exit codes stay as they were
(2 gaps found, 1 a partial run with none at --fail-on: no pass verdict).
"""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import lxml.html
import pytest
from openpyxl import load_workbook

from auditor.cli import main

AS_OF = dt.date(2026, 11, 27)  # the sample portal's date (tests/auditor/conftest.py)
CAP = 20


@pytest.fixture(scope="module")
def capped(sample_server, tmp_path_factory):
    server, _ = sample_server
    out = tmp_path_factory.mktemp("capped") / "out"
    code = main(["audit", server.base_url + "/", "--as-of", AS_OF.isoformat(), "--out", str(out),
                 "--external-hosts", "127.0.0.1", "--max-pages", str(CAP), "--no-history"])
    return code, out


def _check(run, out, *extra):
    return main(["check", str(run), "--as-of", AS_OF.isoformat(), "--out", str(out), "--no-history", *extra])


def test_capped_crawl_reports_its_coverage_in_json(capped):
    code, out = capped
    assert code == 2  # planted gaps on the pages it reached: the gate fails as before
    report = json.loads((out / "report.json").read_text("utf-8"))
    cov = report["coverage"]
    assert cov["limited"] and not cov["complete"]
    assert cov["pages_fetched"] == CAP < cov["pages_discovered"]
    assert cov["links_checked"] < cov["links_in_scope"] <= cov["links_found"]
    assert cov["not_checked"] == cov["links_in_scope"] - cov["links_checked"]
    assert cov["percent"] == round(100 * cov["links_checked"] / cov["links_in_scope"], 1) < 50
    reasons = {r["cause"]: r for r in cov["reasons"]}
    assert reasons["cap"]["count"] >= 50 and reasons["cap"]["label"] == "页面数量达到上限"
    assert cov["limits"] == [f"页面数量上限（{CAP} 页）已达到"]
    assert f"已抓取页面 {CAP} / 已发现页面 {cov['pages_discovered']}" in cov["text"]
    assert f"页面数量达到上限 {reasons['cap']['count']}" in cov["text"]


def test_unvisited_links_are_counted_not_findings(capped):
    _, out = capped
    report = json.loads((out / "report.json").read_text("utf-8"))
    cov = {r["cause"]: r for r in report["coverage"]["reasons"]}
    link_cne = [f for f in report["findings"] if f["rule"] in ("LNK001", "LNK002", "LNK003")
                and f["status"] == "could_not_evaluate"]
    # a handful of grouped results, not one per unvisited link
    assert 1 <= len(link_cne) <= 15 < cov["cap"]["count"]
    assert all(f["target"] is None and f["url"] is None for f in link_cne)
    capped_groups = [f for f in link_cne if f["evidence"]["cause"] == "cap"]
    assert len({f["evidence"]["group"] for f in capped_groups}) == len(capped_groups)  # one per cause and column
    for f in capped_groups:
        ev = f["evidence"]
        assert ev["count"] >= 1 and 1 <= len(ev["examples"]) <= 10 and ev["scope"].startswith(("栏目路径", "网站根目录"))
        assert f"{ev['count']} 个站内页面链接因页面数量达到上限未检查" in f["message"] or f["rule"] != "LNK001"
    # every capped page link is in exactly one LNK001 group
    assert sum(f["evidence"]["count"] for f in capped_groups if f["rule"] == "LNK001") == cov["cap"]["pages"]
    assert not [f for f in report["findings"] if f["status"] == "fail" and f["rule"].startswith("LNK")
                and (f["evidence"].get("outcome") in ("blocked", "skipped"))]


def test_coverage_block_in_every_format(capped):
    _, out = capped
    report = json.loads((out / "report.json").read_text("utf-8"))
    cov = report["coverage"]
    text = cov["text"]
    # HTML: in the summary, once
    doc = lxml.html.fromstring((out / "report.html").read_text("utf-8"))
    block = doc.get_element_by_id("coverage")
    assert block.getparent().get("id") == "summary" and text in block.text_content()
    assert block.get("data-complete") == "no" and float(block.get("data-percent")) == cov["percent"]
    rows = {tr.get("data-cause"): tr for tr in block.cssselect("#coverage-reasons tr[data-cause]")}
    assert rows["cap"].cssselect("td.num")[0].text_content() == str({r["cause"]: r for r in cov["reasons"]}["cap"]["count"])
    assert len(doc.cssselect("#coverage")) == 1
    # Markdown summary
    md = (out / "report.md").read_text("utf-8")
    assert f"- **检查覆盖** {cov['percent']:g}%" in md and "| 页面数量达到上限 |" in md
    # JUnit properties
    root = ET.parse(out / "junit.xml").getroot()
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "检查覆盖 coverage")
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["覆盖率 percent"] == f"{cov['percent']:g}" and props["覆盖情况 summary"] == text
    assert int(props["未检查 not_checked:cap"]) == {r["cause"]: r for r in cov["reasons"]}["cap"]["count"]
    assert int(props["已抓取页面 pages_fetched"]) == CAP
    # xlsx: its own sheet beside the 整改台账
    wb = load_workbook(out / "report.xlsx")
    assert wb.sheetnames[:1] == ["整改台账"] and "检查覆盖" in wb.sheetnames
    ws = wb["检查覆盖"]
    assert ws["A1"].value == "覆盖情况" and ws["B1"].value == text
    assert any(r[0] == "页面数量达到上限" for r in ws.iter_rows(values_only=True))


def test_min_coverage_exit_code_3(capped, tmp_path, capsys):
    _, out = capped
    run = out / "crawl"
    assert _check(run, tmp_path / "a", "--min-coverage", "90") == 3
    assert "覆盖不足" in capsys.readouterr().err
    assert _check(run, tmp_path / "b") == 2  # without it: the gate as before
    # gaps below --fail-on on a capped (partial) crawl: no pass verdict, could not audit (3)
    assert _check(run, tmp_path / "c", "--fail-on", "critical", "--rules", "LNK001") == 3
    assert _check(run, tmp_path / "d", "--min-coverage", "5", "--fail-on", "critical", "--rules", "LNK001") == 3
    assert _check(run, tmp_path / "e", "--min-coverage", "101") == 1  # not a percentage: usage error


def test_full_crawl_passes_the_coverage_gate(sample_crawl, tmp_path):
    code = _check(sample_crawl, tmp_path / "out", "--min-coverage", "90")
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    cov = report["coverage"]
    assert not cov["limited"] and cov["percent"] >= 90
    assert code == 2  # the planted gaps, not "could not audit"


# ---------------------------------------------------------------------------------------------
# Causes, from the crawler's own words (contracts.coverage.not_checked_cause)

def _lc(outcome, error=None, url="http://127.0.0.1:8001/x.html", kind="page", status=None):
    from contracts import LinkCheck

    return LinkCheck(url=url, kind=kind, outcome=outcome, error=error, status=status,
                     method="NONE" if outcome in ("blocked", "skipped") else "GET")


@pytest.mark.parametrize("check, finish, cause", [
    (("ok",), "finished", None),
    (("dead", None, "http://127.0.0.1:8001/x.html", "page", 404), "finished", None),
    (("redirect_loop",), "finished", None),
    (("blocked", "page budget (ZWGK_MAX_PAGES) reached"), "finished", "cap"),
    (("blocked", "BudgetExhausted: ZWGK_MAX_REQUESTS=100 spent"), "finished", "requests"),
    (("blocked", "IgnoreRequest: Forbidden by robots.txt"), "finished", "robots"),
    (("blocked", "trap cap: calendar"), "finished", "trap"),
    (("blocked", "URL longer than URLLENGTH_LIMIT"), "finished", "url_length"),
    (("blocked", "HostPaused: 127.0.0.1:8001 paused"), "finished", "paused"),
    (("blocked", "EgressRefused: 10.0.0.1 not allowed"), "finished", "egress"),
    (("blocked", "unfinished: requested, no answer before the crawl ended"), "closespider_timeout", "time"),
    (("blocked", "unfinished: requested, no answer before the crawl ended"), "shutdown", "stopped"),
    (("rate_limited", "unfinished: rate limited and waiting to be asked again"), "closespider_timeout", "time"),
    (("rate_limited", None, "http://127.0.0.1:8001/x.html", "page", 429), "finished", "rate_limited"),
    (("timeout", "TimeoutError"), "finished", "timeout"),
    (("error", "SSLError: handshake failure"), "finished", "error"),
    (("skipped", "external host not allowed"), "finished", "skipped"),
    (("blocked", "something else refused it"), "finished", "blocked"),
])
def test_cause_of_a_target_without_a_verdict(check, finish, cause):
    from contracts.coverage import not_checked_cause

    assert not_checked_cause(_lc(*check), finish) == cause
    assert not_checked_cause(None, finish) == "unrecorded"


def test_time_budget_and_unrecorded_targets_in_the_coverage():
    from auditor.coverage import compute_coverage
    from contracts import CrawlInfo, LinkKind, LinkRef, PageArtifact, SiteArtifacts

    base = "http://127.0.0.1:8001"
    at = dt.datetime(2026, 11, 27, 9, 0)
    home = PageArtifact(url=f"{base}/", final_url=f"{base}/", status=200, fetched_at=at, links=[
        LinkRef(url=f"{base}/a.html", kind=LinkKind.page), LinkRef(url=f"{base}/b.html", kind=LinkKind.page),
        LinkRef(url=f"{base}/c.html", kind=LinkKind.page), LinkRef(url=f"{base}/f.pdf", kind=LinkKind.attachment),
        LinkRef(url="http://127.0.0.1:9/", kind=LinkKind.external), LinkRef(url="mailto:a@b.cn", kind=LinkKind.mailto)])
    links = [_lc("ok", url=f"{base}/"), _lc("dead", url=f"{base}/a.html", status=404),
             _lc("blocked", "unfinished: requested, no answer before the crawl ended", url=f"{base}/b.html"),
             _lc("timeout", "TimeoutError", url=f"{base}/f.pdf", kind="attachment"),
             _lc("skipped", "external host not allowed", url="http://127.0.0.1:9/", kind="external")]
    crawl = CrawlInfo(start_url=f"{base}/", site_host="127.0.0.1:8001", started_at=at, finished_at=at,
                      finish_reason="closespider_timeout")
    cov = compute_coverage(SiteArtifacts(crawl=crawl, pages=[home], links=links))
    # found: /, a, b, c (no record), f.pdf, the external one; mailto: is never a target
    assert (cov.links_found, cov.links_excluded, cov.links_in_scope, cov.links_checked) == (6, 1, 5, 2)
    assert (cov.pages_fetched, cov.pages_discovered) == (2, 4)  # / and the 404 answered; b and c not
    assert {r.cause: r.count for r in cov.reasons} == {"time": 1, "unrecorded": 1, "timeout": 1, "skipped": 1}
    assert cov.limited and not cov.complete and cov.limits == ["检查时间预算已用尽"]
    assert cov.percent == 40.0 and cov.pages_percent == 50.0
    assert "检查时间预算用尽 1" in cov.text and "另有 1 个链接按站点配置不检查" in cov.text
    timeout = next(r for r in cov.reasons if r.cause == "timeout")
    assert not timeout.never_visited and timeout.pages == 0
