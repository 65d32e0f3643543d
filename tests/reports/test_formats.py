"""Excel 整改台账, JUnit XML, JSON schema and the Markdown summary, each read back."""

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from auditor.build import build_report
from auditor.history import Prior, PriorFail
from auditor.plan import load_plan
from auditor.runner import assign_fingerprints
from auditor.scoring import load_scoring
from auditor.waivers import parse_waivers
from contracts import Citation, CrawlInfo, Finding, PageArtifact, RuleMeta, Severity, SiteArtifacts, Status
from contracts.report import AuditReport
from reports.json_report import report_schema, schema_json, write_json
from reports.junit_report import render_junit
from reports.markdown_report import render_markdown
from reports.xlsx_report import SHEET, write_xlsx

AS_OF = dt.date(2026, 11, 27)
AT = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
BASE = "http://127.0.0.1:8001"
DOCS_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "report-schema.json"
HOSTILE = "=HYPERLINK(\"http://evil.example\",\"点我\")<script>x</script>\x01"


def _meta(rule_id, severity, tasks, doc="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十四条"):
    return RuleMeta(id=rule_id, slug=f"test.{rule_id.lower()}", title=f"{rule_id}通过", failure_title=f"{rule_id}不合格",
                    severity=severity, plan_tasks=tasks, legal_basis=[Citation(document=doc, article=article)])


METAS = [_meta("LNK001", Severity.error, [11]), _meta("COL002", Severity.error, [11, 3]),
         _meta("IDN001", Severity.warning, [11]), _meta("JD001", Severity.error, [6, 4])]


def _f(rule, st, severity, task, url, target=None, message="问题", **evidence):
    return Finding(rule=rule, status=st, severity=severity, task=task, url=url, target=target, message=message,
                   evidence=evidence)


@pytest.fixture()
def report():
    site = SiteArtifacts(crawl=CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8001", started_at=AT,
                                         finished_at=AT, finish_reason="finished"),
                         pages=[PageArtifact(url=f"{BASE}/", final_url=f"{BASE}/", status=200, fetched_at=AT,
                                             page_kind="home")])
    fs = assign_fingerprints([
        _f("LNK001", Status.fail, Severity.error, 11, f"{BASE}/", f"{BASE}/gone.html", "链接“通知公告”无法访问",
           link_text="通知公告", status=404),
        _f("LNK001", Status.fail, Severity.error, 11, f"{BASE}/", f"{BASE}/old.html", HOSTILE, status=410),
        _f("LNK001", Status.fail, Severity.error, 11, f"{BASE}/a.html", f"{BASE}/gone.html", "链接无法访问"),
        _f("COL002", Status.fail, Severity.error, 3, f"{BASE}/zcwj/", None, "政策文件栏目未更新",
           column="政策文件", column_type="政策文件"),
        _f("IDN001", Status.fail, Severity.warning, 11, f"{BASE}/", None, "缺少ICP备案号", identifier="ICP备案号"),
        _f("JD001", Status.could_not_evaluate, Severity.error, 6, f"{BASE}/p.html", None, "解读页面超时"),
        _f("JD001", Status.passed, Severity.error, 6, f"{BASE}/q.html"),
    ], "127.0.0.1:8001")
    gone_fp = next(f.fingerprint for f in fs if f.url == f"{BASE}/" and f.target == f"{BASE}/gone.html")
    prior = Prior(kind="history", label="第1次检查（2026-11-20）", as_of=dt.date(2026, 11, 20),
                  previous={gone_fp: PriorFail(gone_fp, "LNK001", 11, "error", f"{BASE}/", f"{BASE}/gone.html", "旧"),
                            "f" * 40: PriorFail("f" * 40, "IDN001", 11, "warning", f"{BASE}/", None, "缺少网站标识码")},
                  first_seen={gone_fp: dt.date(2026, 11, 13), "f" * 40: dt.date(2026, 11, 20)},
                  open_since={gone_fp: dt.date(2026, 11, 13), "f" * 40: dt.date(2026, 11, 20)})
    waivers = parse_waivers([{"rule": "IDN001", "reason": "备案变更中", "expires": "2026-12-31"}])
    return build_report(site, fs, load_plan(), AS_OF, "new", rules=METAS, generated_at=AT, prior=prior,
                        waivers=waivers, scoring=load_scoring())


def test_report_model_diff_and_score(report):
    fails = [f for f in report.findings if f.status is Status.fail]
    assert sorted(f.diff for f in fails) == ["new", "new", "new", "new", "open"]
    assert report.diff.resolved == 1 and report.resolved[0].message == "缺少网站标识码"
    assert report.summary.waived == 1 and report.summary.gate_failed
    assert len(report.summary.gate_reasons) == 3  # new, not waived
    assert report.score.items and report.score.deducted > 0


def test_xlsx_rows(report, tmp_path):
    path = write_xlsx(report, tmp_path / "report.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [SHEET] == ["整改台账"]
    ws = wb[SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("序号", "问题描述", "页面", "依据", "对应任务", "责任单位", "整改时限", "状态", "首次发现",
                       "取证记录（WARC）")
    body = rows[1:]
    assert [r[0] for r in body] == list(range(1, 7))  # 5 fails + 1 resolved
    first = body[0]
    assert first[4] == "3、强化政务信息规范管理" and first[5] == "各街道办事处、相关各部门负责落实"
    assert first[7] == "新增，未整改" and first[8] == "2026-11-27"
    gone = next(r for r in body if r[1] == "链接“通知公告”无法访问")
    assert gone[2] == f"{BASE}/\n→ {BASE}/gone.html" and gone[4] == "11、加强政府网站政务公开平台建设"
    assert gone[5] == "党政办公室牵头落实" and gone[6] == "2020年底前"
    assert gone[7] == "未整改（持续14天）" and gone[8] == "2026-11-13"
    assert gone[3].startswith("LNK001 LNK001不合格：中华人民共和国政府信息公开条例")
    assert next(r for r in body if r[1] == "缺少ICP备案号")[7] == "已豁免（至2026-12-31：备案变更中）"
    assert body[-1][7] == "已整改（2026-11-27复查）" and body[-1][1] == "缺少网站标识码"
    hostile = next(r for r in body if r[1].startswith("=HYPERLINK"))
    cell = ws.cell(row=body.index(hostile) + 2, column=2)
    assert cell.data_type == "s"  # text, never a formula
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:J7"
    assert ws.cell(row=2, column=3).hyperlink.target == f"{BASE}/zcwj/"


def test_junit_parses_back(report):
    root = ET.fromstring(render_junit(report).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert len(suites) == 15 and "任务11 加强政府网站政务公开平台建设" in suites
    t11 = suites["任务11 加强政府网站政务公开平台建设"]
    props = {p.get("name"): p.get("value") for p in t11.find("properties")}
    assert props["责任单位"] == "党政办公室牵头落实" and props["时限"] == "2020年底前"
    cases = {c.get("name"): c for c in t11.findall("testcase")}
    home = cases[f"LNK001 {BASE}/"]
    failure = home.find("failure")
    assert failure.get("message") == "LNK001不合格" and failure.get("type") == "error"
    assert "链接“通知公告”无法访问" in failure.text and "status: 404" in failure.text and "\x01" not in failure.text
    assert cases[f"LNK001 {BASE}/a.html"].find("failure") is not None
    assert cases[f"IDN001 {BASE}/"].find("skipped").get("message").startswith("已豁免")
    assert cases["COL002 （站点）"].find("failure") is None  # mapped, nothing listed under 11
    assert int(t11.get("failures")) == 2 and int(t11.get("skipped")) == 1 and int(t11.get("tests")) == 4
    t6 = suites["任务6 强化监督考评，提升解读质效"]
    assert t6.find("testcase/skipped").get("message").startswith("无法评估")
    assert int(root.get("failures")) == 3  # 2 pages under task 11, 1 under task 3


def test_json_validates_against_its_schema(report, tmp_path):
    import jsonschema  # a project dependency: a broken install fails here
    data = json.loads(write_json(report, tmp_path / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, report_schema())
    assert list(data)[:5] == ["version", "site", "as_of", "findings", "summary"]
    assert AuditReport.model_validate(data) == report
    broken = {**data, "findings": [{**data["findings"][0], "severity": "fatal"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, report_schema())


def test_docs_schema_is_current():
    assert DOCS_SCHEMA.read_text(encoding="utf-8") == schema_json(), \
        "docs/report-schema.json is stale: run `zwgk report-schema --output docs/report-schema.json`"


def test_v1_documents_still_validate():
    """A report written before the diff/score fields existed is still a valid report."""
    old = {"version": 1, "site": "a", "start_url": "http://a/", "as_of": "2026-01-01",
           "generated_at": "2026-01-01T00:00:00+08:00", "summary": {},
           "findings": [{"rule": "LNK001", "task": 11, "severity": "error", "url": None, "target": None,
                         "message": "m", "evidence": {}, "status": "fail", "fingerprint": None}]}
    assert AuditReport.model_validate(old).findings[0].diff is None


def test_markdown_summary(report):
    text = render_markdown(report)
    assert text.startswith("## 政务公开检查 127.0.0.1:8001 — 2026-11-27")
    assert "**未通过**" in text and "`--fail-on new`" in text and "检查指标得分" in text
    assert "| 4 | 0 | 1 | 1 | 0 | 1 |" in text  # new, regressed, open, resolved, unchecked, waived
    assert "### 新增问题（4）" in text and "### 已整改（1）" in text
    assert "<script>" not in text and "\\<script\\>" in text


def test_html_flags_vetoes_at_the_top(report):
    import lxml.html

    from reports.html_report import render_html

    site = SiteArtifacts(crawl=CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8001", started_at=AT,
                                         finished_at=AT, finish_reason="finished"))
    fs = assign_fingerprints([_f("COL003", Status.fail, Severity.error, 11, f"{BASE}/c{i}/", None, f"空白栏目{i}")
                              for i in range(5)], "127.0.0.1:8001")
    metas = [_meta("COL003", Severity.error, [11])]
    r = build_report(site, fs, load_plan(), AS_OF, rules=metas, generated_at=AT, scoring=load_scoring())
    assert r.score.verdict == "单项否决" and r.score.vetoes == ["VETO-W-04-3"]
    doc = lxml.html.fromstring(render_html(r))
    vetoes = doc.get_element_by_id("vetoes")
    assert "触发单项否决 1 项" in vetoes.text_content() and "空白栏目" in vetoes.text_content()
    assert doc.get_element_by_id("score-verdict").text_content() == "单项否决"
    sections = [s.get("id") for s in doc.xpath("//main/section")]
    assert sections.index("score") < sections.index("summary") < sections.index("tasks")
    md = render_markdown(r)
    assert "⚠ 空白栏目（5≥5）" in md


def test_xlsx_write_only_keeps_values_styles_links_and_layout(report, tmp_path):
    """report.xlsx is streamed (openpyxl write-only mode); reopened, every cell holds the ledger's
    value as text (sanitised, never a formula), with the header style, wrapped body cells, the
    page hyperlinks, column widths, the frozen header and the auto filter of the normal-mode
    workbook it replaced."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from reports.html_report import safe_href
    from reports.ledger import HEADERS, ledger_rows
    from reports.xlsx_report import WIDTHS, render_xlsx, save_xlsx

    path = write_xlsx(report, tmp_path / "report.xlsx")
    assert save_xlsx(report, tmp_path / "direct.xlsx").read_bytes()[:2] == b"PK"
    assert render_xlsx(report)[:2] == b"PK"
    ws = load_workbook(path)[SHEET]
    rows = ledger_rows(report)

    def clean(v):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)[:32_000] if isinstance(v, str) else v

    assert [c.value for c in ws[1]] == list(HEADERS)
    assert all(c.font.b and c.fill.fgColor.rgb.endswith("F0F2F5") and c.alignment.horizontal == "center"
               for c in ws[1])
    assert ws.max_row == len(rows) + 1 and ws.max_column == len(HEADERS)
    for r, row in enumerate(rows, 2):
        for col, value in enumerate(row.cells(), 1):
            cell = ws.cell(row=r, column=col)
            assert cell.value == (None if value == "" else clean(value)), (r, col)  # "" is no value in xlsx
            if isinstance(value, str) and value:
                assert cell.data_type == "s"
            assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
        href = safe_href(row.page.split("\n", 1)[0])
        link = ws.cell(row=r, column=3).hyperlink
        assert (link.target if link else None) == (href or None)
    assert [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(WIDTHS) + 1)] == list(WIDTHS)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:J{len(rows) + 1}"
