"""report.html at size: a synthetic 20,000-page-site-sized audit (10,000 dead links on 2,000
pages, found by the real LNK001, plus hostile page content) written by the real `zwgk check`,
then opened in Chromium (Playwright, every request that is not file: or loopback aborted).

It must stay under 5 MB, show the first rows, filter to the expected counts, page through the
rest and keep hostile text inert; report.json and report.xlsx keep every finding.
"""

import datetime as dt
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from auditor.cli import main
from contracts import Citation, CrawlInfo, LinkCheck, LinkKind, LinkRef, PageArtifact, RuleMeta, Severity
from rules.base import Rule

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

BASE = "http://127.0.0.1:8001"
AT = dt.datetime(2026, 11, 27, 9, 0)
PAGES = 2000
DEAD_PER_PAGE = 5
COLUMNS = 20
HOSTILE_EVERY = 97  # pages whose title and one link text are hostile
HOSTILE_TITLE = "<script>window.__pwned = 1; alert('title')</script>通知"
HOSTILE_TEXT = '<img src=x onerror="window.__pwned=3;alert(3)">下载'
MAX_BYTES = 5 * 1024 * 1024


class HostileTitle(Rule):
    """Test rule: one warning per page whose title holds a script tag (browser test only).

    Legal basis: none (test only).
    """

    meta = RuleMeta(id="TST901", slug="test.hostile-title", title="标题正常", failure_title="标题含脚本",
                    severity=Severity.warning, plan_tasks=[11], legal_basis=[Citation(document="测试", article="无")])

    def check(self, site, ctx):
        for page in site.pages:
            if "<script>" in page.title:
                yield self.fail(f"页面标题含脚本：{page.title}", url=page.url, evidence={"title": page.title})


# Names as long as a real portal's (a 大汉 / TRS article path, a 30-character title): the size
# figure is for real-looking text, not for short test strings.
def _page_url(i: int) -> str:
    return f"{BASE}/xxgk/fdzdgknr/col{i % COLUMNS:02d}/202311/t20231107_{5120000 + i}.html"


def _dead_url(i: int, k: int) -> str:
    return f"{BASE}/xxgk/fdzdgknr/col{i % COLUMNS:02d}/202310/P0202310{i:05d}{k}_fujian.html"


def _title(i: int) -> str:
    return f"关于印发白鹭湖经济开发区2023年度政务公开工作要点的通知（第{i}号）"


def _write_run(folder: Path) -> Path:
    folder.mkdir(parents=True)
    home_links = [LinkRef(url=_page_url(i), text=f"文章{i}", kind=LinkKind.page) for i in range(PAGES)]
    pages = [PageArtifact(url=f"{BASE}/", final_url=f"{BASE}/", status=200, fetched_at=AT, page_kind="home",
                          title="白鹭湖经济开发区", links=home_links)]
    links = [LinkCheck(url=f"{BASE}/", kind=LinkKind.page, outcome="ok", status=200)]
    for i in range(PAGES):
        hostile = i % HOSTILE_EVERY == 0
        refs = [LinkRef(url=_dead_url(i, k), kind=LinkKind.page,
                        text=HOSTILE_TEXT if hostile and k == 0 else f"附件{k}：政务公开工作要点任务分工表")
                for k in range(DEAD_PER_PAGE)]
        pages.append(PageArtifact(url=_page_url(i), final_url=_page_url(i), status=200, fetched_at=AT,
                                  page_kind="article", title=HOSTILE_TITLE if hostile else _title(i),
                                  links=refs))
        links.append(LinkCheck(url=_page_url(i), kind=LinkKind.page, outcome="ok", status=200))
        links += [LinkCheck(url=_dead_url(i, k), kind=LinkKind.page, outcome="dead", status=404)
                  for k in range(DEAD_PER_PAGE)]
    crawl = CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8001", started_at=AT, finished_at=AT,
                      finish_reason="finished")
    (folder / "crawl.json").write_text(crawl.model_dump_json(), encoding="utf-8")
    for name, records in (("pages.jsonl", pages), ("links.jsonl", links)):
        with (folder / name).open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(r.model_dump_json() + "\n")
    return folder


HOSTILE_PAGES = len(range(0, PAGES, HOSTILE_EVERY))


@pytest.fixture(scope="module")
def big_report(tmp_path_factory):
    import rules

    work = tmp_path_factory.mktemp("size")
    run = _write_run(work / "crawl")
    chosen = [r for r in rules.all_rules() if r.meta.id == "LNK001"] + [HostileTitle()]
    code = main(["check", str(run), "--as-of", "2026-11-27", "--out", str(work / "out"), "--no-history"],
                rules=chosen)
    assert code == 2  # dead links at error severity fail the gate
    return work / "out"


def test_json_and_xlsx_keep_every_finding(big_report):
    from openpyxl import load_workbook

    data = json.loads((big_report / "report.json").read_text("utf-8"))
    fails = [f for f in data["findings"] if f["status"] == "fail"]
    assert sum(1 for f in fails if f["rule"] == "LNK001") == PAGES * DEAD_PER_PAGE
    assert sum(1 for f in fails if f["rule"] == "TST901") == HOSTILE_PAGES
    listing = {r["rule"]: r for r in data["listing"]}
    assert listing["LNK001"]["count"] == PAGES * DEAD_PER_PAGE and listing["LNK001"]["pages"] == PAGES
    assert all(g["count"] == DEAD_PER_PAGE for g in listing["LNK001"]["groups"])
    ws = load_workbook(big_report / "report.xlsx", read_only=True)["整改台账"]
    assert sum(1 for _ in ws.iter_rows(min_row=2)) == len(fails)


def test_html_size(big_report):
    size = (big_report / "report.html").stat().st_size
    print(f"report.html for {PAGES * DEAD_PER_PAGE + HOSTILE_PAGES} findings on {PAGES} pages: {size:,} bytes")
    assert size < MAX_BYTES, size


def _browser(p):
    exe = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    try:
        return p.chromium.launch(executable_path=exe, args=["--no-sandbox"], headless=True)
    except Exception as exc:  # noqa: BLE001 - no browser on this machine
        pytest.skip(f"no Chromium for Playwright: {type(exc).__name__}: {str(exc).splitlines()[0]}")


def _allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "about") or parts.hostname in ("127.0.0.1", "localhost", "::1")


def test_big_report_in_chromium(big_report):
    rows = PAGES + HOSTILE_PAGES  # one row per page for LNK001, one per hostile page for TST901
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            dialogs, blocked, errors = [], [], []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("pageerror", lambda e: errors.append(str(e)))

            def guard(route):
                if _allowed(route.request.url):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto((big_report / "report.html").as_uri())
            page.wait_for_load_state("load")
            counter = page.locator("#finding-count")

            def state():
                return {k: int(counter.get_attribute(f"data-{k}")) for k in ("rows", "findings", "page", "pages")}

            visible = page.locator("#finding-list div.grp:not([hidden])")
            # the first rows show, the rest are paged
            assert page.locator("#finding-controls").is_visible()
            assert state() == {"rows": rows, "findings": PAGES * DEAD_PER_PAGE + HOSTILE_PAGES, "page": 1,
                               "pages": -(-rows // 50)}
            assert visible.count() == 50 and visible.first.is_visible()
            first_ids = visible.evaluate_all("els => els.map(e => e.id)")
            # one row per page, its dead links folded inside
            row = visible.first
            assert row.locator("ol.items > li").count() == DEAD_PER_PAGE
            assert not row.locator("ol.items > li").first.is_visible()
            row.locator("summary").click()
            assert row.locator("ol.items > li").first.is_visible()
            # paging
            page.click("#page-next")
            assert state()["page"] == 2 and visible.count() == 50
            assert not set(visible.evaluate_all("els => els.map(e => e.id)")) & set(first_ids)
            page.click("#page-prev")
            assert state()["page"] == 1 and visible.evaluate_all("els => els.map(e => e.id)") == first_ids
            # filters narrow to the expected counts
            page.fill("#flt-text", "t20231107_5120017.html")
            assert state()["rows"] == 1 and state()["findings"] == DEAD_PER_PAGE and visible.count() == 1
            page.fill("#flt-text", "")
            page.select_option("#flt-rule", "TST901")
            assert state()["rows"] == HOSTILE_PAGES and state()["findings"] == HOSTILE_PAGES
            assert state()["pages"] == 1 and visible.count() == HOSTILE_PAGES
            page.click("#flt-reset")
            page.select_option("#flt-sev", "warning")
            assert state()["rows"] == HOSTILE_PAGES
            page.select_option("#flt-sev", "error")
            page.fill("#flt-text", "col03/")
            assert state()["rows"] == PAGES // COLUMNS and state()["findings"] == PAGES // COLUMNS * DEAD_PER_PAGE
            page.click("#flt-reset")
            page.select_option("#flt-status", "could_not_evaluate")
            assert state()["rows"] == 0 and visible.count() == 0
            assert "没有符合条件的结果" in counter.inner_text()
            page.click("#flt-reset")
            # a task section's link filters the list to its task
            page.click("#task-11 a[data-filter-task='11']")
            assert page.locator("#flt-task").input_value() == "11" and state()["rows"] == rows

            # a link from 与上次检查相比 to a finding folded on another page of the list opens it
            page.click("#flt-reset")
            page.fill("#flt-text", "col07/")  # the row of #f100 (page 19, column 19) is filtered out
            link = page.locator("#new-list a[href='#f100']")
            assert not page.locator("#finding-list li#f100").is_visible()
            link.click()
            assert page.locator("#finding-list li#f100").is_visible()  # filter cleared, row shown, folded list open
            assert state()["page"] == 1 and state()["rows"] == rows
            assert "另有 9921 条" in page.locator("#new-more").inner_text()  # 100 listed by name, the rest filtered

            # hostile text: shown as text, never run, even when its row is opened
            page.click("#flt-reset")
            page.fill("#flt-text", "onerror")
            hostile_rows = state()["rows"]
            assert hostile_rows == HOSTILE_PAGES  # the hostile link text, one per hostile page
            for summary in page.locator("#finding-list div.grp:not([hidden]) summary").all()[:5]:
                summary.click()
            body = page.locator("#finding-list").inner_text()
            assert HOSTILE_TEXT in body
            page.fill("#flt-text", "window.__pwned = 1")
            assert state()["rows"] == HOSTILE_PAGES and HOSTILE_TITLE in page.locator("#finding-list").inner_text()
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert page.locator("img").count() == 0
            assert page.locator("script").count() == 1 and page.locator("script[src]").count() == 0
            assert dialogs == [] and errors == [] and blocked == []
        finally:
            browser.close()
