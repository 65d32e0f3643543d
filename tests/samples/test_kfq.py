"""The bundled 开发区 sample portal: generator determinism and ground truth, and the
loopback server's behaviour over real HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import io
import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from samples import generate_kfq, load_truth
from samples.kfq.generator import SITE_DIR
from samples.server import loopback_literal

AS_OF = dt.date(2026, 11, 27)
BASE = "http://site.test"  # a urljoin base for resolving hrefs offline; never requested
EXTERNAL_OK = {"http://www.gov.cn/", "http://www.example-city.gov.cn/",
               # the footer's 备案 numbers link their registries (shown, never fetched from a test)
               "https://beian.miit.gov.cn/", "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=22080202000123"}
HIJACK = "http://www.bet-example.invalid/"  # planted 暗链 (CT002), hidden and never requested
DEAD_EXTERNAL = "http://127.0.0.1:9/xfxt/index.html"
LIST_DATE = re.compile(r"(\d{4})\s*[-/年]\s*(\d{1,2})\s*[-/月]\s*(\d{1,2})")


# ---------------------------------------------------------------- offline site model

class Site:
    """A generated site read back from disk: pages (decoded per their meta charset) and routes."""

    def __init__(self, out: Path):
        self.out = out
        self.root = out / SITE_DIR
        self.truth = load_truth(out)
        self.routes = json.loads((self.root / "_routes.json").read_text("utf-8"))
        self.pages: dict[str, lxml_html.HtmlElement] = {}
        self.raw: dict[str, bytes] = {}
        for p in sorted(self.root.rglob("*.html")):
            rel = "/" + p.relative_to(self.root).as_posix()
            rel = "/" if rel == "/index.html" else rel  # the homepage is only ever linked as /
            data = p.read_bytes()
            enc = "gbk" if b'charset="gb2312"' in data[:400] else "utf-8"
            self.raw[rel] = data
            self.pages[rel] = lxml_html.fromstring(data.decode(enc))

    def exists(self, path: str) -> bool:
        f = self.root / path.lstrip("/")
        return f.is_file() or (f.is_dir() and (f / "index.html").is_file())

    def resolve(self, path: str, hops: int = 0) -> tuple[str, int]:
        """(final path, status) as the server will answer it, following redirect routes."""
        if path in self.routes["status"]:
            return path, self.routes["status"][path]
        if path in self.routes["redirects"]:
            assert hops < 10, f"redirect loop at {path}"
            return self.resolve(self.routes["redirects"][path][1], hops + 1)
        return path, 200 if self.exists(path) else 404

    def links(self, page: str) -> list[tuple[str, str]]:
        """(absolute-or-root-relative target, text) of every <a href> on a page."""
        out = []
        for a in self.pages[page].iter("a"):
            href = (a.get("href") or "").strip()
            if not href or href.startswith(("javascript:", "mailto:", "#")):
                continue
            url = urljoin(BASE + page, href)
            if url.startswith(BASE):
                url = urlsplit(url).path
            out.append((url, a.text_content().strip()))
        return out

    def meta(self, page: str, name: str) -> str | None:
        found = self.pages[page].xpath(f'//meta[@name="{name}"]/@content')
        return found[0] if found else None


def file_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def list_dates(doc) -> list[dt.date]:
    out = []
    for span in doc.xpath('//ul[@class="list"]/li/span[@class="date"]'):
        m = LIST_DATE.search(span.text_content())
        assert m, f"unparsable list date {span.text_content()!r}"
        out.append(dt.date(*map(int, m.groups())))
    return out


@pytest.fixture(scope="module")
def site(kfq_generated) -> Site:
    return Site(kfq_generated)  # the session's shared generation (tests/conftest.py): read-only


@pytest.fixture(scope="module")
def served(kfq_portal):
    return kfq_portal.server, kfq_portal.truth  # the session's shared server (tests/conftest.py)


def fetch(url: str, method: str = "GET", follow: bool = True, timeout: float = 5):
    """(status, headers, body) without raising on HTTP errors."""
    handlers = [] if follow else [_NoRedirect()]
    opener = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(url, method=method)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


# ---------------------------------------------------------------- generator

def test_generation_is_deterministic(site, tmp_path):
    again = generate_kfq(tmp_path / "again", AS_OF)
    assert file_digest(again) == file_digest(site.out)


def test_dates_follow_as_of(tmp_path):
    later = load_truth(generate_kfq(tmp_path / "later", AS_OF + dt.timedelta(days=30)))
    assert later["as_of"] == (AS_OF + dt.timedelta(days=30)).isoformat()
    d09 = next(d for d in later["defects"] if d["id"] == "D09")
    assert d09["evidence"]["days_since"] == 240  # still ~8 months stale relative to the new date


def test_at_least_300_html_pages(site):
    assert len(site.pages) >= 300
    assert site.truth["stats"]["html_pages"] == len(site.pages)


def test_truth_shape(site):
    t = site.truth
    assert t["as_of"] == AS_OF.isoformat() and t["start_path"] == "/"
    rules = [d["rule"] for d in t["defects"]]
    assert rules.count("LNK001") >= 3 and rules.count("LNK002") >= 2
    assert {"LNK003", "COL001", "COL002", "COL003", "JD001", "IDN001"} <= set(rules)
    assert len({d["id"] for d in t["defects"]}) == len(t["defects"])
    lnk001_pages = {d["url"] for d in t["defects"] if d["rule"] == "LNK001"}
    assert "/" in lnk001_pages and len(lnk001_pages) >= 3
    assert {d["evidence"]["status"] for d in t["defects"] if d["rule"] == "LNK001"} >= {404, 410, 500}
    for c in t["correct"]:
        assert c["rules"] and ("url" in c or "target" in c)
        if "url" in c:
            assert site.resolve(c["url"])[1] == 200, c
        if "target" in c and c["target"].startswith("/"):
            assert site.resolve(c["target"])[1] == 200, c


def check_links(site: Site) -> None:
    """No accidental defects: each broken internal link and each external link is in the truth."""
    planted = {(d["url"], d["target"]) for d in site.truth["defects"] if d["rule"].startswith("LNK")}
    broken, external = set(), {}
    for page in site.pages:
        for url, _ in site.links(page):
            if url.startswith("http"):
                external.setdefault(url, set()).add(page)
                continue
            final, status = site.resolve(url)
            if status != 200:
                broken.add((page, url))
    expected_internal = {(u, t) for u, t in planted if t.startswith("/")}
    assert broken == expected_internal
    assert set(external) == EXTERNAL_OK | {DEAD_EXTERNAL, HIJACK}
    assert external[DEAD_EXTERNAL] == {u for u, t in planted if t == DEAD_EXTERNAL}


def test_every_link_works_except_the_planted_ones(site):
    check_links(site)


def test_no_other_hosts_in_pages(site):
    hosts = set()
    for data in site.raw.values():
        text = data.decode("gbk" if b'charset="gb2312"' in data[:400] else "utf-8")
        hosts |= {urlsplit(u).netloc for u in re.findall(r"https?://[^\s\"'<>]+", text)}
    assert hosts == {"www.gov.cn", "www.example-city.gov.cn", "127.0.0.1:9", "www.bet-example.invalid",
                     "beian.miit.gov.cn", "www.beian.gov.cn"}  # the 备案 registries the footer links


def test_redirect_loop_is_routed_but_not_linked(site):
    loop = site.truth["fixtures"]["redirect_loop"]
    linked = {u for page in site.pages for u, _ in site.links(page)}
    assert not set(loop) & linked
    with pytest.raises(AssertionError, match="redirect loop"):
        site.resolve(loop[0])


def test_planted_holders_show_their_links(site):
    for d in site.truth["defects"]:
        if d["rule"].startswith("LNK"):
            texts = [t for u, t in site.links(d["url"]) if u == d["target"]]
            assert texts == [d["evidence"]["link_text"]], d["id"]


def test_breadcrumb_on_every_non_home_page(site):
    for page, doc in site.pages.items():
        crumbs = doc.xpath('//div[@class="position"]')
        if page == "/":
            assert not crumbs
        else:
            assert crumbs and "当前位置" in crumbs[0].text_content(), page


def check_columns(site: Site) -> None:
    """Every column page (ColumnName meta, no ArticleTitle) lists items, except 收费信息."""
    empty_url = next(d["url"] for d in site.truth["defects"] if d["rule"] == "COL003")
    for page, doc in site.pages.items():
        if site.meta(page, "ColumnName") is None or site.meta(page, "ArticleTitle") is not None:
            continue
        items = doc.xpath('//ul[@class="list"]/li')
        if page == empty_url:
            assert not items and "暂无信息" in doc.text_content()
        else:
            assert items, page
            assert "暂无信息" not in doc.text_content(), page


def test_columns_have_items_except_the_empty_one(site):
    check_columns(site)


def check_freshness(site: Site, as_of: dt.date) -> None:
    """COL002's classes: only 通知公告 is stale; 动态/新闻 within 14 days, 文件/通知 within 6 months."""
    dynamic = re.compile(r"动态|要闻|新闻")
    notice = re.compile(r"通知|公告|公示|政策文件|规范性文件|文件")
    stale = {d["url"] for d in site.truth["defects"] if d["rule"] == "COL002"}
    for page, doc in site.pages.items():
        if not re.search(r"/index\.html$", page):
            continue
        name = re.split(r">+", doc.xpath('//div[@class="position"]')[0].text_content())[-1].strip()
        dates = list_dates(doc)
        assert all(d <= as_of for d in dates), page
        if not dates:
            continue
        age = (as_of - max(dates)).days
        if dynamic.search(name):
            assert age <= 14, (page, name, age)
        elif notice.search(name):
            assert (age > 183) == (page in stale), (page, name, age)
    gz = list_dates(site.pages["/xwzx/gzdt/index.html"])
    zc = list_dates(site.pages["/xxgk/fdzdgknr/zcwj/index.html"])
    assert (as_of - max(gz)).days <= 7 and (as_of - max(zc)).days <= 92


def test_column_freshness_matches_the_truth(site):
    check_freshness(site, AS_OF)


def test_list_date_formats_vary(site):
    samples = {
        "/xwzx/gzdt/index.html": r"^\d{4}-\d{2}-\d{2}$",
        "/xwzx/tzgg/index.html": r"^\[\d{4}-\d{2}-\d{2}\]$",
        "/xxgk/fdzdgknr/zcwj/index.html": r"^\d{4}年\d{2}月\d{2}日$",
        "/xxgk/fdzdgknr/zcjd/index.html": r"^\d{4}/\d{2}/\d{2}$",
    }
    for page, rx in samples.items():
        spans = site.pages[page].xpath('//ul[@class="list"]/li/span[@class="date"]')
        assert spans and all(re.match(rx, s.text_content()) for s in spans), page


def test_paging_links(site):
    doc = site.pages["/xwzx/gzdt/index.html"]
    paging = {a.text_content(): a.get("href") for a in doc.xpath('//div[@class="page"]/a')}
    assert paging["下一页"] == "index_1.html" and paging["尾页"].startswith("index_")
    last = "/xwzx/gzdt/" + paging["尾页"]
    assert last in site.pages and "下一页" not in site.pages[last].text_content()


def test_trs_article_urls_and_meta(site):
    art = re.compile(r"^/[a-z/]+/\d{6}/t(\d{8})_(\d{7})\.html$")
    arts = [p for p in site.pages if art.match(p)]
    assert len(arts) > 250
    for p in arts:
        m = art.match(p)
        pub = site.meta(p, "PubDate")
        assert pub and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", pub), p
        assert pub[:10].replace("-", "") == m.group(1), p
        assert p.split("/")[-2] == m.group(1)[:6]
        for name in ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "ContentSource"):
            assert site.meta(p, name), (p, name)


def check_interpretations(site: Site) -> None:
    """JD001's view: every policy with a 文号 has a 解读 link or a 解读 linking back, but one."""
    doc_no = re.compile(r"〔\d{4}〕\d+号")
    jd_text = re.compile(r"解读|图解|答记者问")
    jd_pages = [p for p in site.pages if p.startswith("/xxgk/fdzdgknr/zcjd/") and "/t" in p]
    backlinked = {u for p in jd_pages for u, _ in site.links(p)}
    missing = next(d for d in site.truth["defects"] if d["rule"] == "JD001")
    without = []
    for p in site.pages:
        if not (p.startswith("/xxgk/fdzdgknr/zcwj/") and "/t" in p):
            continue
        cells = site.pages[p].xpath('//td[starts-with(normalize-space(.), "文")]/following-sibling::td[1]')
        number = cells[0].text_content().strip() if cells else ""
        if not doc_no.search(number):
            continue
        forward = [u for u, t in site.links(p) if jd_text.search(t) and site.resolve(u)[1] == 200]
        if not forward and p not in backlinked:
            without.append((p, number))
    assert without == [(missing["url"], missing["evidence"]["doc_number"])]
    one_way = site.truth["fixtures"]["jd_one_way"]
    assert not [u for u, t in site.links(one_way) if jd_text.search(t)] and one_way in backlinked


def test_interpretation_links(site):
    check_interpretations(site)


@pytest.mark.parametrize("as_of", [dt.date(2025, 1, 2), dt.date(2028, 2, 29), dt.date(2030, 12, 31)])
def test_other_audit_dates_keep_the_truth(tmp_path, as_of):
    """Month, leap-day and year edges: the same defects and no accidental ones."""
    other = Site(generate_kfq(tmp_path, as_of))
    assert other.truth["as_of"] == as_of.isoformat() and len(other.pages) >= 300
    # D01-D12 here; DDnn are the deep-document defects (samples/kfq/documents_section.py)
    assert [d["id"] for d in other.truth["defects"] if not d["id"].startswith(("DD", "DR", "DS"))] == \
        [f"D{i:02d}" for i in range(1, 13)]
    # DSnn: search, 第二十六条, 互动, 办事指南 (samples/kfq/service_section.py)
    assert [d["id"] for d in other.truth["defects"] if d["id"].startswith("DS")] == [f"DS{i:02d}" for i in range(1, 8)]
    # DRnn are the rule-catalogue defects (samples/kfq/catalogue_section.py)
    assert [d["id"] for d in other.truth["defects"] if d["id"].startswith("DR")] == [f"DR{i:02d}" for i in range(1, 22)]
    assert len([d for d in other.truth["defects"] if d["id"].startswith("DD")]) == 10
    check_links(other)
    check_columns(other)
    check_freshness(other, as_of)
    check_interpretations(other)
    titles = [doc.findtext(".//title") for p, doc in other.pages.items() if re.search(r"/t\d{8}_\d+\.html$", p)]
    assert len(titles) == len(set(titles))  # every article is a distinct document


def test_zhuanlan_lacks_only_the_system_column(site):
    doc = site.pages["/xxgk/index.html"]
    texts = [a.text_content() for a in doc.iter("a")]
    for name in ("政府信息公开指南", "法定主动公开内容", "政府信息公开年报", "依申请公开"):
        assert name in texts
    assert not any("公开制度" in t or "制度" in t for t in texts)
    home_links = dict((t, u) for u, t in site.links("/"))
    assert home_links["政府信息公开"] == "/xxgk/index.html"


def test_footer_identifiers(site):
    def footer(page: str) -> str:
        return site.pages[page].xpath('//div[@class="footer"]')[0].text_content()

    home, inner = footer("/"), footer("/xwzx/gzdt/index.html")
    for text in (home, inner):
        assert re.search(r"ICP备\d+号", text) and re.search(r"公网安备\s*\d+号", text)
        assert re.search(r"主办单位[:：]", text)
    assert "网站标识码" not in site.pages["/"].text_content()
    assert re.search(r"网站标识码：\d{10}", inner)
    assert site.meta("/", "SiteIDCode") == "2208000012"


def test_gbk_section_bytes(site):
    fx = site.truth["fixtures"]
    raw = site.raw[fx["gbk_page"]]
    assert b'<meta charset="gb2312">' in raw
    text = raw.decode("gbk")
    assert fx["gbk_text"] in text and "政策解读" in text and "当前位置" in text
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")  # 喆 is GBK-only: a strict gb2312 decoder fails
    for page, data in site.raw.items():
        assert (page.startswith(fx["gbk_prefix"])) == (b'charset="gb2312"' in data[:400]), page


def test_attachments_are_valid_files(site):
    import pypdf  # project dependencies: a broken install fails here
    import openpyxl
    pdfs = sorted(site.root.rglob("P0*.pdf"))
    assert pdfs
    reader = pypdf.PdfReader(io.BytesIO(pdfs[0].read_bytes()), strict=True)
    assert "白鹭湖" in reader.pages[0].extract_text()
    xlsx = sorted(site.root.rglob("P0*.xlsx"))
    assert xlsx and openpyxl.load_workbook(io.BytesIO(xlsx[0].read_bytes())).active["A1"].value == "指标"
    assert all(p.read_bytes().startswith(b"{\\rtf1") for p in site.root.rglob("P0*.doc"))
    assert all(b"<Workbook" in p.read_bytes() for p in site.root.rglob("P0*.xls"))
    names = [p.name for p in site.root.rglob("P0*.*")]
    assert all(re.fullmatch(r"P0\d{20}\.(pdf|doc|docx|xls|xlsx)", n) for n in names)


# ---------------------------------------------------------------- server over HTTP

def test_loopback_check_is_pure():
    assert loopback_literal("127.0.0.1") == "127.0.0.1"
    assert loopback_literal("localhost") == "127.0.0.1"
    assert loopback_literal("::1") == "::1"
    assert loopback_literal("[::1]") == "::1"
    with pytest.raises(ValueError):
        loopback_literal("0.0.0.0")


def test_server_home_and_content_types(served):
    server, truth = served
    assert server.base_url.startswith("http://127.0.0.1:")
    status, headers, body = fetch(server.url("/"))
    assert status == 200 and headers["Content-Type"] == "text/html"
    assert body == fetch(server.url("/index.html"))[2]
    assert "白鹭湖经济开发区管理委员会" in body.decode("utf-8")
    fx = truth["fixtures"]
    status, headers, body = fetch(server.url(fx["gbk_page"]))
    assert status == 200 and headers["Content-Type"] == "text/html"  # no charset: the meta decides
    assert fx["gbk_text"] in body.decode("gbk")
    root = server.root
    for ext, ctype in [("pdf", "application/pdf"), ("doc", "application/msword"),
                       ("xls", "application/vnd.ms-excel"),
                       ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]:
        f = sorted(root.rglob(f"P0*.{ext}"))[0]
        status, headers, body = fetch(server.url("/" + f.relative_to(root).as_posix()))
        assert status == 200 and headers["Content-Type"] == ctype and body == f.read_bytes()


def test_server_head(served):
    server, _ = served
    status, headers, body = fetch(server.url("/xwzx/gzdt/index.html"), method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000


def test_planted_targets_answer_as_recorded(served):
    server, truth = served
    for d in truth["defects"]:
        assert fetch(server.url(d["url"]))[0] == 200, d["id"]
        target = d.get("target")
        if target and target.startswith("/") and not d["rule"].startswith("LNK"):
            assert fetch(server.url(target))[0] == 200, d["id"]  # documents, 年报 pairs: the target loads
        elif target and target.startswith("/"):
            status, headers, body = fetch(server.url(target))
            assert status == d["evidence"]["status"], d["id"]
            assert headers["Content-Type"] == "text/html"
            if status == 404:
                assert "页面不存在" in body.decode("utf-8")


def test_correct_targets_load(served):
    server, truth = served
    for c in truth["correct"]:
        for key in ("url", "target"):
            if c.get(key, "").startswith("/"):
                assert fetch(server.url(c[key]))[0] == 200, c


def test_redirects(served):
    server, truth = served
    fx = truth["fixtures"]
    start, target = fx["redirect_301"]
    status, headers, _ = fetch(server.url(start), follow=False)
    assert status == 301 and headers["Location"] == server.url(target)
    chain = fx["redirect_chain"]
    assert fetch(server.url(chain[0]), follow=False)[0] == 301
    status, headers, _ = fetch(server.url(chain[1]), follow=False)
    assert status == 302 and headers["Location"] == server.url(chain[2])
    status, _, body = fetch(server.url(chain[0]))
    assert status == 200 and "政府信息公开" in body.decode("utf-8")
    a, b = fx["redirect_loop"]
    assert fetch(server.url(a), follow=False)[1]["Location"] == server.url(b)
    assert fetch(server.url(b), follow=False)[1]["Location"] == server.url(a)


def test_head_not_allowed_but_get_works(served):
    server, truth = served
    url = server.url(truth["fixtures"]["head_not_allowed"])
    status, headers, _ = fetch(url, method="HEAD")
    assert status == 405 and headers["Allow"] == "GET"
    status, headers, body = fetch(url)
    assert status == 200 and headers["Content-Type"] == "application/vnd.ms-excel" and body


def test_server_hides_config_and_stays_in_root(served):
    server, _ = served
    assert fetch(server.url("/_routes.json"))[0] == 404
    conn = http.client.HTTPConnection(server.host, server.port, timeout=5)
    try:
        for raw in ("/../truth.json", "/%2e%2e/truth.json", "/xwzx/../../truth.json"):
            conn.request("GET", raw)
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 404, raw
    finally:
        conn.close()
    status, headers, _ = fetch(server.url("/xwzx"), follow=False)
    assert status == 301 and headers["Location"] == server.url("/xwzx/")
    assert fetch(server.url("/xwzx/"))[0] == 200


def test_dead_external_port_refuses(served):
    with pytest.raises(urllib.error.URLError) as err:
        urllib.request.urlopen(DEAD_EXTERNAL, timeout=3)
    assert isinstance(err.value.reason, ConnectionRefusedError)


@pytest.mark.live
def test_server_stops(tmp_path):
    from samples import serve_background

    (tmp_path / "index.html").write_text("<p>ok</p>", "utf-8")
    with serve_background(tmp_path, host="localhost") as server:
        assert fetch(server.url("/"))[0] == 200
        url = server.url("/")
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)
