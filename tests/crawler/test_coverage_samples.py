"""Coverage on both bundled sample portals, against a plain Scrapy link crawl of the same
site (bench/plain_crawl.py: CrawlSpider + LinkExtractor), and the 大汉 sample's audit by
the first eight rules. Loopback only; the numbers appear in the terminal summary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from contracts import load_site
from crawler.render import find_browser

REPO = Path(__file__).resolve().parents[2]
FIRST_RULES = "LNK001,LNK002,LNK003,COL001,COL002,COL003,IDN001,JD001"
HAVE_BROWSER = find_browser()[0] is not None


def reached_paths(site) -> set[str]:
    out = set()
    for p in site.pages:
        if 200 <= p.status < 300 and not p.soft_404:
            out.add(urlsplit(p.url).path or "/")
            out.add(urlsplit(p.final_url).path or "/")
    return out


def plain_crawl(start_url: str, out: Path) -> tuple[int, set[str]]:
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "plain_crawl.py"), start_url, str(out)],
                          capture_output=True, text=True, timeout=180, cwd=REPO)
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    paths = {urlsplit(json.loads(line)["url"]).path or "/" for line in out.read_text("utf-8").splitlines()
             if line.strip()}
    return summary["pages"], paths


@pytest.fixture(scope="module")
def hanweb(hanweb_audit, tmp_path_factory):
    """The session's shared crawl of the 大汉 sample (the crawl of its audit, tests/conftest.py),
    and a plain link crawl of the same server."""
    work = tmp_path_factory.mktemp("hanweb")
    server, out = hanweb_audit.portal.server, hanweb_audit.crawl
    plain = plain_crawl(server.base_url + "/", work / "plain.jsonl")
    return server, hanweb_audit.portal.truth, load_site(out), out, plain, work


@pytest.fixture(scope="module")
def kfq(kfq_audit, tmp_path_factory):
    work = tmp_path_factory.mktemp("kfq")
    root = kfq_audit.portal.site_dir
    pages = sorted({"/" if p.relative_to(root).as_posix() == "index.html" else "/" + p.relative_to(root).as_posix()
                    for p in root.rglob("*.html")})
    plain = plain_crawl(kfq_audit.portal.base_url + "/", work / "plain.jsonl")
    return pages, load_site(kfq_audit.crawl), plain


def test_hanweb_every_truth_page_is_reached_and_a_plain_crawl_is_not(hanweb, figures):
    _, truth, site, _, (plain_count, plain_paths), _ = hanweb
    reached = reached_paths(site)
    expected = [p for p in truth["pages"] if HAVE_BROWSER or p not in truth["pages_via"]["javascript"]]
    missing = [p for p in expected if p not in reached]
    assert not missing, f"{len(missing)} truth pages not reached, e.g. {missing[:5]}"
    for via, paths in truth["pages_via"].items():
        if via == "javascript" and not HAVE_BROWSER:
            continue
        assert set(paths) <= reached, via
        assert not set(paths) & plain_paths, f"a plain link crawl should not see pages listed only via {via}"
    assert plain_count < len(truth["pages"]) // 2
    figures.append(f"coverage 大汉 sample (samples/hanweb, {len(truth['pages'])} truth pages): zwgk reached "
                   f"{len(set(truth['pages']) & reached)}, plain Scrapy CrawlSpider "
                   f"{len(set(truth['pages']) & plain_paths)} ({plain_count} responses parsed) "
                   f"(pages only in dataproxy records {len(truth['pages_via']['dataproxy'])}, only via JavaScript "
                   f"{len(truth['pages_via']['javascript'])}, only via createPageHTML "
                   f"{len(truth['pages_via']['createPageHTML'])})")


def test_hanweb_lists_and_pages_as_crawled(hanweb):
    _, truth, site, _, _, _ = hanweb
    cols = {c.name: c for c in site.columns}
    assert len(cols["工作动态"].items) == 60 and len(cols["工作动态"].pages) == 2  # page + one dataproxy range
    assert len(cols["通知公告"].items) == 25 and len(cols["通知公告"].pages) == 3  # ranges followed until short
    assert len(cols["政策解读"].items) == 13  # its dataproxy.jsp answers POST only
    assert len(cols["优化营商环境"].pages) == 3  # createPageHTML paging
    assert not [c for c in site.columns if "dataproxy" in c.url]  # fragments merged, never columns of their own
    proxied = [p for p in site.pages if "dataproxy.jsp" in p.url]
    assert proxied and all(p.page_kind == "column" and p.encoding for p in proxied)
    home = site.page(site.crawl.start_url)
    assert home.encoding.lower() in ("gbk", "gb18030") and "云溪县人民政府" in home.title
    if HAVE_BROWSER:
        js = site.page(site.crawl.start_url.rstrip("/") + truth["fixtures"]["js_column"])
        assert js.rendered and len(js.list_items) == 8
        assert site.crawl.stats["zwgk/render/requested"] == 1  # only the page that needs it


def test_hanweb_first_eight_rules_report_exactly_the_planted_defects(hanweb, chromium, tmp_path):
    from auditor.cli import main

    server, truth, _, out, _, _ = hanweb
    code = main(["check", str(out), "--as-of", truth["as_of"], "--out", str(tmp_path / "report"),
                 "--rules", FIRST_RULES])
    report = json.loads((tmp_path / "report" / "report.json").read_text("utf-8"))
    base = server.base_url

    def path(url):
        if url is None:
            return None
        parts = urlsplit(url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def same(want, got):
        if want is None:
            return True
        return got == want if not want.startswith("/") else (got or "").startswith(base) and path(got) == want

    fails = [f for f in report["findings"] if f.get("status") == "fail"]
    defects = [d for d in truth["defects"] if d["rule"] in FIRST_RULES.split(",")]  # the truth covers every rule
    missing = [d["id"] for d in defects
               if not [f for f in fails if f["rule"] == d["rule"] and same(d.get("url"), f["url"])
                       and same(d.get("target"), f["target"])
                       and all(f["evidence"].get(k) == v for k, v in d.get("evidence", {}).items())]]
    unexpected = [(f["rule"], f["url"], f["target"]) for f in fails
                  if not any(d["rule"] == f["rule"] and same(d.get("url"), f["url"]) and same(d.get("target"), f["target"])
                             for d in defects)]
    # the 部门动态 column is built by JavaScript: without a browser (the `chromium` fixture fails) it
    # cannot be judged
    assert not missing, f"planted defects not reported: {missing}"
    assert not unexpected, f"findings the truth file does not list: {unexpected}"
    assert len(fails) == len(defects) and code == 2
    for c in truth["correct"]:
        wrong = [f for f in fails if f["rule"] in c["rules"] and (same(c.get("url"), f["url"]) if "url" in c
                                                                   else same(c.get("target"), f["target"]))]
        assert not wrong, (c, wrong)


def test_kfq_every_generated_page_is_reached(kfq, figures):
    pages, site, (plain_count, plain_paths) = kfq
    reached = reached_paths(site)
    missing = [p for p in pages if p not in reached]
    assert not missing, f"{len(missing)} kfq pages not reached, e.g. {missing[:5]}"
    figures.append(f"coverage TRS sample (samples/kfq, {len(pages)} generated pages): zwgk reached "
                   f"{len(set(pages) & reached)}, plain Scrapy CrawlSpider {len(set(pages) & plain_paths)} "
                   f"({plain_count} responses parsed; its paging is plain links, so a link crawl reaches it too)")
