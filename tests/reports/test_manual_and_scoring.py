"""人工核查 items (RuleMeta.manual) and the 检查指标 table in every report format.

Manual items sit beside their task with their evidence pages (HTML, xlsx sheet 人工核查), are
skipped in JUnit and Markdown, and never count as gaps. The 检查指标 table shows each veto as
触发 / 未触发 / 未评估 and each deduction with its points (HTML, JSON, Markdown).
"""

import datetime as dt
import xml.etree.ElementTree as ET

import lxml.html
import pytest
from openpyxl import load_workbook

from auditor.build import build_report
from auditor.plan import load_plan
from auditor.runner import run_rules
from auditor.scoring import load_scoring
from contracts import Citation, CrawlInfo, LinkCheck, LinkKind, LinkRef, PageArtifact, RuleMeta, Severity, SiteArtifacts
from reports.html_report import render_html
from reports.json_report import report_to_dict
from reports.junit_report import render_junit
from reports.markdown_report import render_markdown
from reports.xlsx_report import MANUAL_SHEET, SHEET, write_xlsx
from rules.base import Rule

AS_OF = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 27, 10, 0)
BASE = "http://127.0.0.1:8001"
EVIDENCE_URL = f"{BASE}/xwzx/gzdt/t1.html"


class Training(Rule):
    """Test rule: a manual checklist item for task 15 with one evidence page (like ORG003)."""

    meta = RuleMeta(id="TST015", slug="test.training-manual", title="业务培训（人工确认）", failure_title="业务培训需人工确认",
                    severity=Severity.info, plan_tasks=[15], manual=True,
                    legal_basis=[Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第四条")])

    def check(self, site, ctx):
        yield self.could_not_evaluate("人工确认项：政务公开业务培训（网站上发现 1 条相关信息，请核对）",
                                      evidence={"item": "培训", "manual": True,
                                                "pages": [{"url": EVIDENCE_URL, "title": "举办政务公开业务培训班",
                                                           "date": "2026-10-13", "match": "政务公开业务培训"}]})


class DeadHomeLinks(Rule):
    """Test rule standing in for LNK001 (same id, so the scoring table picks it up)."""

    meta = RuleMeta(id="LNK001", slug="links.dead-internal", title="站内链接可以正常访问", failure_title="站内链接无法访问",
                    severity=Severity.error, plan_tasks=[11], requires=["pages", "links"],
                    legal_basis=[Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十四条")])

    def check(self, site, ctx):
        for page in site.pages:
            for link in page.links:
                check = site.link(link.url)
                if check is not None and check.outcome == "dead":
                    yield self.fail(f"链接“{link.text}”无法访问", url=page.url, target=link.url)
                else:
                    yield self.passed(url=page.url, target=link.url)


def _site():
    home = PageArtifact(url=f"{BASE}/", final_url=f"{BASE}/", status=200, fetched_at=AT, page_kind="home", title="首页",
                        links=[LinkRef(url=f"{BASE}/gone.html", text="通知公告", kind=LinkKind.page)])
    return SiteArtifacts(crawl=CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8001", started_at=AT,
                                         finished_at=AT, finish_reason="finished"),
                         pages=[home], links=[LinkCheck(url=f"{BASE}/gone.html", kind=LinkKind.page, outcome="dead",
                                                        status=404)])


@pytest.fixture(scope="module")
def report():
    site = _site()
    rules = [DeadHomeLinks(), Training()]
    return build_report(site, run_rules(site, AS_OF, rules), load_plan(), AS_OF, rules=rules, scoring=load_scoring())


def test_manual_item_is_marked_and_is_no_gap(report):
    manual = [f for f in report.findings if f.manual]
    assert [f.rule for f in manual] == ["TST015"] and manual[0].status.value == "could_not_evaluate"
    t15 = next(t for t in report.tasks if t.number == 15)
    assert t15.status == "待人工核查" and [report.findings[i].rule for i in t15.manual] == ["TST015"]
    assert report.summary.manual == 1 and report.summary.by_status["fail"] == 1
    assert {f.rule for f in report.findings if f.fingerprint in report.summary.gate_reasons} == {"LNK001"}
    assert report.diff.new == 1  # the manual item is not a new gap
    assert report_to_dict(report)["findings"][1]["manual"] is True


def test_html_shows_the_manual_item_with_its_evidence_next_to_the_task(report):
    doc = lxml.html.fromstring(render_html(report))
    section = doc.get_element_by_id("task-15")
    items = section.cssselect("article.manual-item")
    assert len(items) == 1 and items[0].get("data-rule") == "TST015"
    assert [a.get("href") for a in items[0].cssselect("ul.evidence-pages a")] == [EVIDENCE_URL]
    assert "举办政务公开业务培训班" in items[0].text_content() and "人工核查" in items[0].text_content()
    assert section.cssselect("span.status")[0].text_content() == "待人工核查"
    assert not section.cssselect("article.finding")  # not a failure
    assert "TST015" not in doc.get_element_by_id("cannot-evaluate").text_content()


def test_xlsx_lists_manual_items_on_their_own_sheet(report, tmp_path):
    wb = load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    ledger = wb[SHEET]
    assert ledger.max_row == 2 and "TST015" not in " ".join(str(c.value) for c in ledger[2])  # gaps only
    ws = wb[MANUAL_SHEET]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "核查事项", "对应任务", "责任单位", "时限", "参考页面", "依据", "状态"]
    row = {h: c for h, c in zip(header, ws[2])}
    assert row["核查事项"].value.startswith("TST015 业务培训（人工确认）")
    assert row["对应任务"].value.startswith("15、") and row["责任单位"].value
    assert EVIDENCE_URL in row["参考页面"].value and "2026-10-13" in row["参考页面"].value
    assert row["参考页面"].hyperlink.target == EVIDENCE_URL
    assert row["状态"].value.startswith("待人工核查") and ws.freeze_panes == "A2"


def test_junit_and_markdown_show_manual_items_as_skipped(report):
    root = ET.fromstring(render_junit(report))
    suite = next(s for s in root.iter("testsuite") if s.get("name").startswith("任务15"))
    case = next(c for c in suite.iter("testcase") if "TST015" in c.get("name"))
    assert case.find("failure") is None and case.find("error") is None
    assert case.find("skipped").get("message").startswith("人工核查 manual check:")
    assert suite.get("failures") == "0" and suite.get("skipped") == "1"
    md = render_markdown(report)
    assert "### 人工核查（1，跳过 skipped：不计为问题）" in md
    assert "- ⏭ 跳过 `TST015` 任务15" in md and "参考页面 1 个" in md
    new = md.split("### 新增问题", 1)[1].split("###", 1)[0]
    assert "TST015" not in new and "LNK001" in new


def test_scoring_table_in_json_markdown_and_html(report):
    score = report_to_dict(report)["score"]
    items = {i["id"]: i for i in score["items"]}
    assert items["DED-W-LINK-HOME"]["result"] == "扣分" and items["DED-W-LINK-HOME"]["deducted"] == 1
    assert items["DED-W-LINK-OTHER"]["result"] == "未扣分"  # LNK001 ran, nothing broken elsewhere
    assert items["VETO-W-03"]["result"] == "未评估" and items["VETO-NM-01"]["scope"] == "newmedia"
    assert score["newmedia_verdict"] == "未评估" and score["verdict"] == "合格" and score["score"] == 99
    md = render_markdown(report)
    table = md.split("### 检查指标", 1)[1].split("###", 1)[0]
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith("| 指标")]
    assert len(rows) == len(score["items"])
    assert "| 首页链接不可用（待核实） | 扣分 | **−1 分** | 1 |" in rows
    assert "| 首页不更新 | 单项否决 | 未评估 | — |" in rows
    assert "| 政务新媒体互动回应差 | 单项否决（新媒体） | 未评估 | — |" in rows
    doc = lxml.html.fromstring(render_html(report))
    vetoes = doc.get_element_by_id("score-table-vetoes")
    deductions = doc.get_element_by_id("score-table-deductions")
    veto_rows = vetoes.cssselect("tr[data-item]")
    assert len(veto_rows) == sum(1 for i in score["items"] if i["kind"] == "veto")
    assert {r.get("data-result") for r in veto_rows} == {"未评估"}
    home = deductions.cssselect("tr[data-item='DED-W-LINK-HOME']")[0]
    assert home.get("data-result") == "扣分" and "−1" in home.text_content()
    assert doc.get_element_by_id("score-table-total").text_content() == "−1"
    # the table is not folded away: it is outside the <details> of the long list
    assert not vetoes.xpath("ancestor::details")
