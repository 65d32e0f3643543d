"""report.html in a real browser (Playwright + Chromium): score and the 检查指标 table, task
sections with a 人工核查 item, the diff, and hostile page content that stays inert (the
10,000-finding list, its filter and pager: test_report_size.py).

Two `zwgk check` runs over hand-made crawl folders (one dead link fixed, one introduced);
the second report is opened from file://. Every request that is not file: or loopback is
aborted. Set ZWGK_UPDATE_SCREENSHOT=1 to refresh docs/report-screenshot.png.
"""

import datetime as dt
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright import sync_api

from auditor.cli import main
from contracts import (
    Citation, CrawlInfo, LinkCheck, LinkKind, LinkRef, PageArtifact, RuleMeta, Severity, SiteArtifacts,
)
from rules.base import Rule

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "report-screenshot.png"
BASE = "http://127.0.0.1:8001"
AT = dt.datetime(2026, 11, 27, 9, 0)
HOSTILE_TITLE = "<script>window.__pwned = 1; alert('title')</script>通知"
HOSTILE_HREF = "javascript:window.__pwned=2;alert(2)"
HOSTILE_MESSAGE = '栏目名称异常 <img src=x onerror="window.__pwned=3;alert(3)">'


class HostileContent(Rule):
    """Test rule: reports what a hostile page put in its title and links (for the browser test).

    Legal basis: none (test only).
    """

    meta = RuleMeta(id="TST900", slug="test.hostile", title="页面内容正常", failure_title="页面内容异常",
                    severity=Severity.warning, plan_tasks=[11],
                    legal_basis=[Citation(document="测试", article="无")])

    def check(self, site, ctx):
        for page in site.pages:
            if "script" in page.title:
                yield self.fail(HOSTILE_MESSAGE, url=page.url, target=HOSTILE_HREF,
                                evidence={"title": page.title, "href": HOSTILE_HREF})


def _site(dead_targets):
    home_links = [LinkRef(url=f"{BASE}/{name}.html", text=f"栏目{name}", kind=LinkKind.page) for name in ("a", "b", "c")]
    home_links.append(LinkRef(url=HOSTILE_HREF, text="点我", kind=LinkKind.javascript))
    # the 备案 numbers link their registries (IDN001 checks the hosts; nothing is fetched)
    home_links += [LinkRef(url="https://beian.miit.gov.cn/", text="吉ICP备12345678号", kind=LinkKind.external),
                   LinkRef(url="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=22080202000123",
                           text="吉公网安备 22080202000123号", kind=LinkKind.external)]
    pages = [PageArtifact(url=f"{BASE}/", final_url=f"{BASE}/", status=200, fetched_at=AT, page_kind="home",
                          title="白鹭湖经济开发区", links=home_links,
                          footer_text="主办单位：白鹭湖经济开发区管理委员会 吉ICP备12345678号 吉公网安备 22080202000123号"),
             PageArtifact(url=f"{BASE}/a.html", final_url=f"{BASE}/a.html", status=200, fetched_at=AT,
                          page_kind="article", title=HOSTILE_TITLE,
                          links=[LinkRef(url=f"{BASE}/", text="首页", kind=LinkKind.page)])]
    links = [LinkCheck(url=f"{BASE}/", kind=LinkKind.page, outcome="ok", status=200)]
    links += [LinkCheck(url=l.url, kind=LinkKind.external, outcome="skipped") for l in home_links
              if l.kind == LinkKind.external]
    for name in ("a", "b", "c"):
        dead = name in dead_targets
        links.append(LinkCheck(url=f"{BASE}/{name}.html", kind=LinkKind.page, outcome="dead" if dead else "ok",
                               status=404 if dead else 200))
    crawl = CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8001", started_at=AT, finished_at=AT,
                      finish_reason="finished")
    return SiteArtifacts(crawl=crawl, pages=pages, links=links)


def _write(folder: Path, site: SiteArtifacts) -> Path:
    folder.mkdir(parents=True)
    (folder / "crawl.json").write_text(site.crawl.model_dump_json(), encoding="utf-8")
    for name, records in (("pages.jsonl", site.pages), ("links.jsonl", site.links)):
        (folder / name).write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    import rules

    work = tmp_path_factory.mktemp("browser")
    # LNK001 / IDN001 are scored (扣分), CT001 passes (a veto 未触发), ORG003 is a manual item (task 15)
    chosen = [r for r in rules.all_rules() if r.meta.id in ("LNK001", "IDN001", "CT001", "ORG003")] + [HostileContent()]
    history = work / "history.sqlite"
    for i, dead in enumerate(({"b"}, {"c"}), 1):  # b fixed, c broken between the runs
        run = _write(work / f"crawl-{i}", _site(dead))
        main(["check", str(run), "--as-of", f"2026-11-{19 + 7 * (i - 1):02d}", "--out", str(work / f"out-{i}"),
              "--history", str(history)], rules=chosen)
    return work / "out-2" / "report.html"


def _browser(p):
    exe = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    try:
        return p.chromium.launch(executable_path=exe, args=["--no-sandbox"], headless=True)
    except Exception as exc:  # noqa: BLE001 - no browser on this machine: `make test` provides one
        pytest.fail(f"no Chromium for Playwright (run `make browser`): {type(exc).__name__}: "
                    f"{str(exc).splitlines()[0]}", pytrace=False)


def _allowed(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "about") or parts.hostname in ("127.0.0.1", "localhost", "::1")


def test_report_in_chromium(report_html, tmp_path):
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
            page.goto(report_html.as_uri())
            page.wait_for_load_state("load")

            # score and vetoes at the top
            assert page.locator("#score-value").inner_text().startswith("9")
            assert page.locator("#score-verdict").inner_text() == "合格"
            assert "单项否决" in page.locator("#vetoes").inner_text() or "否决" in page.locator("#score").inner_text()
            assert page.locator("section#score").bounding_box()["y"] < page.locator("section#tasks").bounding_box()["y"]
            # the compact 检查指标 table: vetoes 触发 / 未触发 / 未评估, deductions with their points, visible
            vetoes = page.locator("#score-table-vetoes")
            assert vetoes.is_visible() and page.locator("#score-table-deductions").is_visible()

            def result(table, item):
                row = page.locator(f"#{table} tr[data-item='{item}']")
                assert row.count() == 1, item
                return row.get_attribute("data-result"), row.locator("td").all_inner_texts()

            assert result("score-table-vetoes", "VETO-W-01-1")[0] == "未触发"  # CT001 ran and passed
            assert result("score-table-vetoes", "VETO-W-03")[0] == "未评估"  # INS001 did not run
            assert result("score-table-vetoes", "VETO-W-02")[1][1:] == ["未评估", "—"]
            assert result("score-table-vetoes", "VETO-NM-02")[0] == "未评估"  # 新媒体 rows, judged apart
            assert "政务新媒体" in vetoes.inner_text()
            assert page.locator("#newmedia-vetoes.veto-unknown").is_visible()  # no account: not 合格, 未评估
            home = result("score-table-deductions", "DED-W-LINK-HOME")
            assert home[0] == "扣分" and home[1][1:] == ["−1", "1"]  # c.html, dead, on the homepage
            assert result("score-table-deductions", "DED-W-ID")[1][1] == "−0.5"  # no 网站标识码 in the footer
            assert result("score-table-deductions", "DED-W-POLICY")[1][1] == "未评估"
            assert page.locator("#score-table-total").inner_text() == "−1.5"
            assert page.locator("#score-value").inner_text().startswith("98.5")
            assert "待核实" in page.locator("#score-table-deductions tr[data-item='DED-W-LINK-HOME']").inner_text()
            # a 人工核查 item sits in its task's section, not among the failures or 无法评估
            t15 = page.locator("#task-15")
            assert t15.locator(".status").first.inner_text() == "待人工核查"
            assert t15.locator("article.manual-item[data-rule='ORG003']").is_visible()
            assert t15.locator("article.finding").count() == 0
            assert "ORG003" not in page.locator("#cannot-evaluate").inner_text()
            # one section per plan task, with 责任单位 and 时限
            assert page.locator("section.task[data-task]").count() == 15
            t11 = page.locator("#task-11")
            assert t11.locator("dd.responsible").inner_text() == "党政办公室牵头落实"
            assert t11.locator("dd.deadline").inner_text() == "2020年底前"
            # the diff: one new (c), one resolved (b), the hostile finding still open
            cells = page.locator("#diff-counts td").all_inner_texts()
            assert cells[:4] == ["1", "0", "2", "1"]  # new, regressed, open (hostile + 网站标识码), resolved
            assert "c.html" in page.locator("#new-list").inner_text()
            assert "b.html" in page.locator("#resolved-list").inner_text()
            assert page.locator("#chart-tasks svg rect").count() >= 2
            assert page.locator("#chart-trend svg .point").count() == 2

            # hostile content is text, never code
            body = page.locator("body").inner_text()
            assert HOSTILE_TITLE in body and "onerror" in body
            assert page.evaluate("typeof window.__pwned") == "undefined"
            assert dialogs == [] and errors == []
            assert page.locator("a[href^='javascript']").count() == 0
            # one inline script (the finding list's filter and pager), nothing loaded from elsewhere
            assert page.locator("script").count() == 1 and page.locator("script[src]").count() == 0
            inert = page.locator("span.inert-url").all_inner_texts()
            assert HOSTILE_HREF in inert
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                assert href.startswith(("http://", "https://", "#")), href
            page.locator("span.inert-url", has_text="javascript:").first.click()
            assert page.evaluate("typeof window.__pwned") == "undefined" and dialogs == []
            assert blocked == []  # the report asked for nothing outside

            shot = tmp_path / "report.png"
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            if os.environ.get("ZWGK_UPDATE_SCREENSHOT"):
                shutil.copyfile(shot, DOCS_SHOT)
        finally:
            browser.close()
