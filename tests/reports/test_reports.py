"""Reports built from hand-made artifacts and findings: JSON contract v1, HTML safety, the gate."""

import datetime as dt
import json
import os

import lxml.html
import pytest

from auditor.build import build_report, gate_failed
from auditor.plan import load_plan
from auditor.runner import assign_fingerprints
from contracts import (
    AuditReport, Citation, CrawlInfo, Finding, LinkCheck, LinkKind, PageArtifact, RuleMeta, Severity,
    SiteArtifacts, Status,
)
from reports.atomic import write_atomic
from reports.html_report import render_html, safe_href, write_html
from reports.json_report import read_json, write_json

AS_OF = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
BASE = "http://127.0.0.1:8001"
SCRIPT = "<script>alert('x')</script>"
JS_URL = "javascript:alert(document.cookie)"


def _meta(rule_id, severity, tasks, article="第二十四条", verified=True):
    return RuleMeta(
        id=rule_id, slug=f"test.{rule_id.lower()}", title=f"{rule_id}通过", failure_title=f"{rule_id}问题",
        severity=severity, plan_tasks=tasks,
        legal_basis=[Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article=article,
                              verified=verified)],
    )


METAS = [
    _meta("LNK901", Severity.error, [11]),
    _meta("IDN901", Severity.warning, [11], "第五十三条", verified=False),
    _meta("JD901", Severity.error, [6, 4]),
    _meta("COL901", Severity.critical, [11, 3]),
    _meta("NM901", Severity.info, [12]),
]


def _site() -> SiteArtifacts:
    crawl = CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8001", started_at=AT, finished_at=AT,
                      finish_reason="finished", capped=["max_pages"])
    pages = [PageArtifact(url=f"{BASE}/p{i}.html", final_url=f"{BASE}/p{i}.html", status=200, fetched_at=AT,
                          title=SCRIPT if i == 1 else f"页面{i}") for i in range(3)]
    links = [LinkCheck(url=f"{BASE}/p{i}.html", kind=LinkKind.page, outcome="ok", status=200) for i in range(3)]
    links += [LinkCheck(url=f"{BASE}/gone.html", kind=LinkKind.page, outcome="dead", status=404),
              LinkCheck(url="http://www.gov.cn/", kind=LinkKind.external, outcome="skipped", method="NONE")]
    return SiteArtifacts(crawl=crawl, pages=pages, links=links)


def _f(rule, status, severity, task, url=None, target=None, message="问题", evidence=None):
    return Finding(rule=rule, status=status, severity=severity, task=task, url=url, target=target,
                   message=message, evidence=evidence or {})


def _findings():
    fs = [
        _f("LNK901", Status.fail, Severity.error, 11, f"{BASE}/p0.html", f"{BASE}/gone.html",
           "链接“通知公告”无法访问", {"link_text": "通知公告", "status": 404}),
        _f("LNK901", Status.fail, Severity.error, 11, f"{BASE}/p1.html", JS_URL,
           f"页面《{SCRIPT}》中的链接无法访问", {"title": SCRIPT, "status": None}),
        _f("LNK901", Status.passed, Severity.error, 11, f"{BASE}/p2.html"),
        _f("IDN901", Status.fail, Severity.warning, 11, f"{BASE}/", None, "缺少网站标识码", {"identifier": "网站标识码"}),
        _f("JD901", Status.could_not_evaluate, Severity.error, 6, f"{BASE}/p2.html", None, "解读页面超时"),
        _f("COL901", Status.fail, Severity.critical, 3, f"{BASE}/zcwj/", None, "政策文件栏目超过6个月未更新",
           {"column": "政策文件", "days_since": 200}),
        _f("COL901", Status.passed, Severity.critical, 11, f"{BASE}/gzdt/"),
        _f("NM901", Status.error, Severity.info, 12, None, None, "规则执行出错：KeyError: 'x'",
           {"exception": "KeyError"}),
        _f("NM901", Status.not_applicable, Severity.info, 12, None, None, "未找到政务新媒体"),
    ]
    return assign_fingerprints(fs, "127.0.0.1:8001")


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture()
def report(plan):
    return build_report(_site(), _findings(), plan, AS_OF, "error", rules=METAS, generated_at=AT)


# ---------------------------------------------------------------------------------------------
# The model


def test_findings_are_non_pass_sorted_by_task_severity_rule_url(report):
    keys = [(f.task, f.severity.value, f.rule, f.status.value) for f in report.findings]
    assert keys == [
        (3, "critical", "COL901", "fail"),
        (6, "error", "JD901", "could_not_evaluate"),
        (11, "error", "LNK901", "fail"),
        (11, "error", "LNK901", "fail"),
        (11, "warning", "IDN901", "fail"),
        (12, "info", "NM901", "error"),
        (12, "info", "NM901", "not_applicable"),
    ]
    assert report.findings[2].url < report.findings[3].url


def test_summary_counts(report):
    s = report.summary
    assert s.pages_crawled == 3 and s.links_checked == 4  # skipped external never requested
    assert s.rules_run == 5
    assert s.by_status == {"pass": 2, "fail": 4, "not_applicable": 1, "could_not_evaluate": 1, "error": 1}
    assert s.by_severity == {"info": 0, "warning": 1, "error": 2, "critical": 1}
    assert s.by_rule == {"COL901": 1, "IDN901": 1, "JD901": 0, "LNK901": 2, "NM901": 0}
    assert s.fail_on == "error" and s.gate_failed is True
    assert report.crawl["links_by_outcome"] == {"dead": 1, "ok": 3, "skipped": 1}
    assert report.crawl["capped"] == ["max_pages"]


def test_task_sections(report, plan):
    assert [t.number for t in report.tasks] == list(range(1, 16))
    t = {s.number: s for s in report.tasks}
    assert t[11].status == "存在问题" and t[11].responsible == "党政办公室牵头落实"
    assert t[11].deadlines == ["2020年底前"] and t[2].deadlines == ["2020年11月底前"]
    assert t[11].rules == ["COL901", "IDN901", "LNK901"]
    assert [report.findings[i].task for i in t[11].findings] == [11, 11, 11]
    assert t[11].counts["fail"] == 3 and t[11].counts["pass"] == 2
    assert t[3].status == "存在问题" and t[3].findings == [0]
    assert t[6].status == "无法评估"  # could not evaluate, nothing failed
    assert t[4].status == "无法评估"  # JD901 maps to 4 too; its only result could not evaluate
    assert t[12].status == "无法评估"  # the rule crashed
    assert t[1].status == "未检查" and t[1].rules == []
    assert t[9].responsible == "党政办公室牵头落实" and t[1].responsible == "各街道办事处、相关各部门负责落实"


def test_task_status_ok_when_checks_pass(plan):
    fs = assign_fingerprints([_f("LNK901", Status.passed, Severity.error, 11, f"{BASE}/")], "127.0.0.1:8001")
    r = build_report(_site(), fs, plan, AS_OF, "error", rules=METAS[:1], generated_at=AT)
    assert {s.number: s.status for s in r.tasks}[11] == "达标"
    assert r.findings == [] and r.summary.gate_failed is False


# ---------------------------------------------------------------------------------------------
# The gate


@pytest.mark.parametrize("fail_on, failed", [("info", True), ("warning", True), ("error", True),
                                             ("critical", False)])
def test_gate_with_an_error_finding(plan, fail_on, failed):
    fs = [_f("LNK901", Status.fail, Severity.error, 11, f"{BASE}/", f"{BASE}/gone.html")]
    r = build_report(_site(), fs, plan, AS_OF, fail_on, rules=METAS, generated_at=AT)
    assert r.summary.gate_failed is failed
    assert gate_failed(fs, Severity(fail_on)) is failed


def test_gate_ignores_results_that_are_not_failures():
    fs = [_f("COL901", s, Severity.critical, 11) for s in
          (Status.error, Status.could_not_evaluate, Status.not_applicable, Status.passed)]
    assert gate_failed(fs, "info") is False
    assert gate_failed([_f("IDN901", Status.fail, Severity.warning, 11)], "error") is False
    with pytest.raises(ValueError, match="unknown severity"):
        gate_failed(fs, "fatal")


# ---------------------------------------------------------------------------------------------
# JSON


def test_json_contract_v1(report, tmp_path):
    path = write_json(report, tmp_path / "out" / "report.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data)[:5] == ["version", "site", "as_of", "findings", "summary"]
    assert data["version"] == 1 and data["site"] == "127.0.0.1:8001" and data["as_of"] == "2026-11-27"
    for f in data["findings"]:
        assert list(f)[:7] == ["rule", "task", "severity", "url", "target", "message", "evidence"]
        assert f["status"] and len(f["fingerprint"]) == 40
    assert data["summary"]["gate_failed"] is True and data["summary"]["by_severity"]["critical"] == 1
    assert len(data["tasks"]) == 15
    again = AuditReport.model_validate(data)
    assert again == report
    assert read_json(path) == report
    assert "通知公告" in path.read_text(encoding="utf-8")  # UTF-8, not \u escapes


# ---------------------------------------------------------------------------------------------
# HTML


@pytest.fixture()
def html_doc(report, tmp_path):
    path = write_html(report, tmp_path / "report.html")
    text = path.read_text(encoding="utf-8")
    return text, lxml.html.fromstring(text)


def test_html_header_and_summary(html_doc):
    text, doc = html_doc
    assert doc.get("lang") == "zh-CN"
    header = doc.cssselect("header.report")[0].text_content()
    assert "127.0.0.1:8001" in header and "检查日期" in header and "2026-11-27" in header
    assert "生成时间" in header and "2026-11-27 10:00:00" in header
    summary = doc.get_element_by_id("summary").text_content()
    assert "未通过" in summary and "抓取页面" in summary
    sev = doc.get_element_by_id("by-severity")
    cells = [td.text_content() for td in sev.cssselect("td.num")]
    assert cells == ["1", "2", "1", "0"]  # 严重, 错误, 警告, 提示


def test_html_task_sections(html_doc):
    _, doc = html_doc
    sections = doc.cssselect("section.task[data-task]")
    assert [s.get("data-task") for s in sections] == [str(n) for n in range(1, 16)]
    for s in sections:
        assert "责任单位" in s.text_content() and "时限" in s.text_content()
    t11 = doc.get_element_by_id("task-11")
    assert t11.cssselect("dd.responsible")[0].text_content() == "党政办公室牵头落实"
    assert t11.cssselect("dd.deadline")[0].text_content() == "2020年底前"
    assert "存在问题" in t11.text_content()
    # the task links to its findings in the list (filtered by task), which holds them
    assert "本任务发现问题 3 条" in t11.text_content()
    assert t11.cssselect("a[data-filter-task='11']")[0].get("href") == "#findings"
    rows = doc.cssselect("#finding-list div.grp[data-task='11']")
    assert len(rows) == 3  # LNK901 on p0 and on p1, IDN901 on the homepage: one row per page
    first = rows[0]
    assert first.getparent().get("data-rule") == "LNK901" and first.get("data-status") == "fail"
    assert "错误" in first.text_content() and "页面" in first.text_content() and "1 条" in first.text_content()
    item = first.cssselect("ol.items > li")[0].text_content()
    assert "链接“通知公告”无法访问" in item and "status: 404" in item
    assert "link_text" not in item  # the message says it already (report.json keeps it)
    block = doc.cssselect("#finding-list section.rule-block[data-rule='LNK901']")[0]
    assert "依据：中华人民共和国政府信息公开条例（国务院令第711号） 第二十四条" in block.text_content()
    links = [a.get("href") for a in first.cssselect("a[href]")]
    assert f"{BASE}/p0.html" in links and f"{BASE}/gone.html" in links
    assert "各街道办事处、相关各部门负责落实" in doc.get_element_by_id("task-1").text_content()
    assert "未检查" in doc.get_element_by_id("task-1").text_content()


def test_html_sections_for_cannot_evaluate_and_rule_errors(html_doc):
    _, doc = html_doc
    cne = doc.get_element_by_id("cannot-evaluate")
    assert "解读页面超时" in cne.text_content() and len(cne.cssselect("li.brief")) == 1
    errors = doc.get_element_by_id("rule-errors")
    assert "KeyError" in errors.text_content() and len(errors.cssselect("li.brief")) == 1
    # each line links to the finding in the list
    anchor = cne.cssselect("li.brief a")[0].get("href")
    assert doc.cssselect(f"#finding-list li{anchor}")
    assert "未找到政务新媒体" in doc.get_element_by_id("not-applicable").text_content()


def test_html_escapes_script_in_title_and_message(html_doc):
    text, doc = html_doc
    # only the report's own inline script, and no page text inside it
    scripts = doc.cssselect("script")
    assert len(scripts) == 1 and scripts[0].get("src") is None and SCRIPT not in scripts[0].text_content()
    assert text.count("<script>") == 1 and "<script>alert" not in text
    assert "&lt;script&gt;" in text
    assert doc.xpath("//@*[starts-with(name(), 'on')]") == []
    # The escaped text reads back as the original.
    assert SCRIPT in doc.get_element_by_id("finding-list").text_content()


def test_html_javascript_url_is_not_a_link(html_doc):
    _, doc = html_doc
    hrefs = [h.strip().lower() for h in doc.xpath("//@href")]
    assert hrefs and not [h for h in hrefs if not (h.startswith(("http://", "https://", "#")))]
    inert = [s.text_content() for s in doc.cssselect("span.inert-url")]
    assert JS_URL in inert


@pytest.mark.parametrize("url, ok", [
    ("http://a.gov.cn/x", True), ("HTTPS://a.gov.cn/x", True), (" https://a.gov.cn/ ", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), (" java\tscript:alert(1)", False),
    ("\x01javascript:alert(1)", False), ("data:text/html,<b>", False), ("vbscript:x", False),
    ("//evil.example/x", False), ("/relative.html", False), ("mailto:a@b.cn", False), ("", False), (None, False),
    ("http:///nohost", False),
])
def test_safe_href(url, ok):
    assert (safe_href(url) is not None) is ok


def test_html_has_no_external_assets_or_scripts(html_doc):
    text, doc = html_doc
    assert doc.cssselect("link, img, iframe, script[src]") == []
    assert len(doc.cssselect("script")) == 1  # inline: the finding list's filter and pager
    assert "<style>" in text


def test_render_is_deterministic(report):
    assert render_html(report) == render_html(report)


# ---------------------------------------------------------------------------------------------
# Atomic writes


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "新内容")
    assert target.read_text(encoding="utf-8") == "新内容"
    assert os.listdir(tmp_path) == ["report.html"]


def test_failed_atomic_write_keeps_old_state_and_cleans_up(tmp_path):
    blocker = tmp_path / "report.json"
    blocker.mkdir()  # os.replace onto a directory fails
    (blocker / "keep").write_text("x")
    with pytest.raises(OSError):
        write_atomic(blocker, "{}")
    assert sorted(os.listdir(tmp_path)) == ["report.json"]
    assert (blocker / "keep").read_text() == "x"


def test_failed_render_writes_nothing(report, tmp_path):
    broken = report.model_copy(update={"generated_at": None})  # strftime on None fails while rendering
    with pytest.raises(AttributeError):
        write_html(broken, tmp_path / "report.html")
    assert os.listdir(tmp_path) == []
