"""index.html of the two-night roll-up (rollup_kit.py) in a real browser (Playwright +
Chromium, /usr/bin/chromium when present): ranking order, per-site report links that open
existing files, the unreachable site listed as 未能完成检查 and not ranked, an SVG trend per
site. Every request other than file:/data:/about: is aborted and recorded. Set
ZWGK_UPDATE_SCREENSHOT=1 to refresh docs/rollup-screenshot.png."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright import sync_api

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "rollup-screenshot.png"


def _browser(p):
    exe = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    try:
        return p.chromium.launch(executable_path=exe, args=["--no-sandbox"], headless=True)
    except Exception as exc:  # noqa: BLE001 - no browser on this machine: `make test` provides one
        pytest.fail(f"no Chromium for Playwright (run `make browser`): {type(exc).__name__}: "
                    f"{str(exc).splitlines()[0]}", pytrace=False)


def test_rollup_index_in_chromium(nights, tmp_path):
    index = nights.out / "index.html"
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            blocked, errors = [], []
            page.on("pageerror", lambda e: errors.append(str(e)))

            def guard(route):
                if urlsplit(route.request.url).scheme in ("file", "data", "about"):
                    route.continue_()
                else:
                    blocked.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(index.as_uri())
            page.wait_for_load_state("load")

            rows = page.locator("#ranking-table tbody tr.site")
            assert rows.count() == 4
            assert [rows.nth(i).get_attribute("data-site") for i in range(4)] == ["dongfeng", "xihu", "beiyuan",
                                                                                 "nanshan"]
            assert page.locator("#ranking-table td.rank").all_inner_texts() == ["1", "2", "3", "4"]
            scores = [float(s) for s in page.locator("#ranking-table td.score").all_inner_texts()]
            assert scores[0] > scores[1] and scores[2] >= scores[3]
            nanshan = page.locator("#ranking-table tr[data-site='nanshan']")
            assert "单项否决" in nanshan.inner_text() and "严重表述错误（新增）" in nanshan.inner_text()
            assert page.locator("#ranking-table tr[data-site='xihu'] td.resolved").inner_text() == "2"

            # the unreachable site: not ranked, shown as 未能完成检查 with its reason and last good run
            assert page.locator("#ranking-table tr[data-site='zhongxin']").count() == 0
            down = page.locator("#not-audited .not-audited[data-site='zhongxin']")
            assert down.is_visible()
            assert "未能完成检查" in down.inner_text() and "没有任何页面" in down.locator(".reason").inner_text()
            assert "中心镇" in down.inner_text() and "东风镇" in rows.nth(0).inner_text()
            assert down.locator(".last-good").inner_text() == "2026-11-20"

            # a trend (inline SVG) per ranked site, two nights each
            for i in range(4):
                svg = rows.nth(i).locator("svg.trend")
                assert svg.count() == 1 and svg.locator("g.point").count() == 2
                assert svg.locator("polyline").count() == 1
            assert down.locator("svg.trend g.point").count() == 1

            # the gaps handed out, by task and 责任单位
            assert page.locator("section.group").count() >= 5
            assert "党政办公室牵头落实" in page.locator("#groups").inner_text()

            shot = tmp_path / "rollup.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 10_000
            if os.environ.get("ZWGK_UPDATE_SCREENSHOT"):
                shutil.copyfile(shot, DOCS_SHOT)

            # every site report link resolves to an existing file, and opens
            hrefs = [rows.nth(i).locator("a.site-report").get_attribute("href") for i in range(4)]
            hrefs.append(down.locator("a.last-good-report").get_attribute("href"))
            for href in hrefs:
                assert not href.startswith(("/", "http")), href  # relative: the folder can be moved or served
                assert (nights.out / unquote(href)).is_file(), href
            assert "zhongxin/runs/2026-11-20_" in hrefs[-1]
            for name in ("rollup.xlsx", "rollup.json", "rollup.docx"):
                assert page.locator(f"a[href='{name}']").count() == 1 and (nights.out / name).is_file()
            assert page.locator("script").count() == 0
            first = rows.nth(0).locator("a.site-report")
            first.click()
            page.wait_for_load_state("load")
            assert page.url.startswith("file://") and page.url.endswith("/report.html")
            assert "政务公开检查报告" in page.title() and "127.0.0.1" in page.title()
            assert Path(unquote(urlsplit(page.url).path)).resolve().parent.parent.parent.name == "dongfeng"
            assert errors == []
            assert blocked == []  # the roll-up and the report asked for nothing outside
        finally:
            browser.close()
