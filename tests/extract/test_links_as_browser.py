"""Every URL a page links to or loads, as a browser sees it (issue 9 item 12), and pages that
are huge, deep or declare the wrong charset (issue 10 item 2). Pages are built here; every
address is loopback or shown-only."""

import subprocess
import sys
import textwrap

import pytest

from contracts import LINKS_CAPPED_NOTE, LinkKind, PageArtifact, SiteArtifacts, CrawlInfo
from crawler.extract import extract_page, malformed_reason

BASE = "http://127.0.0.1:8000"


def kinds(page):
    return {(l.kind.value, l.tag, l.url) for l in [*page.links, *page.embeds]}


def test_images_frames_embeds_media_css_are_targets_with_their_kind():
    html = """<html><head><title>首页</title><link rel="stylesheet" href="/css/index.css">
    <link rel="shortcut icon" href="/favicon.ico"><style>.top{background:url(../images/top.jpg)}</style></head>
    <body background="/images/bg.gif"><div class="banner" style="background-image:url('/images/banner.png')"></div>
    <a href="/zwgk/"><img src="/images/zwgk.png" alt="政府信息公开"></a>
    <img src="/images/a.jpg" srcset="/images/a-2x.jpg 2x, /images/a-3x.jpg 3x" alt="风景">
    <input type="image" src="/images/search.gif">
    <iframe src="/hdjl/index.html" title="互动交流"></iframe><iframe src="about:blank"></iframe>
    <iframe src="/fj/guide.pdf"></iframe><embed src="/fj/plan.pdf"><object data="/flash/map.swf"></object>
    <video src="/video/a.mp4" poster="/video/a.jpg"><source src="/video/a.webm"><track src="/video/a.vtt"></video>
    <audio><source src="/audio/b.mp3"></audio><img src="data:image/png;base64,AAAA"></body></html>"""
    p = extract_page(f"{BASE}/index.html", html.encode())
    got = kinds(p)
    for want in [
        ("stylesheet", "link", f"{BASE}/css/index.css"), ("image", "link", f"{BASE}/favicon.ico"),
        ("image", "style", f"{BASE}/images/top.jpg"), ("image", "body", f"{BASE}/images/bg.gif"),
        ("image", "style", f"{BASE}/images/banner.png"), ("page", "a", f"{BASE}/zwgk/"),
        ("image", "img", f"{BASE}/images/zwgk.png"), ("image", "img", f"{BASE}/images/a-2x.jpg"),
        ("image", "img", f"{BASE}/images/a-3x.jpg"), ("image", "input", f"{BASE}/images/search.gif"),
        ("frame", "iframe", f"{BASE}/hdjl/index.html"), ("embed", "iframe", f"{BASE}/fj/guide.pdf"),
        ("embed", "embed", f"{BASE}/fj/plan.pdf"), ("embed", "object", f"{BASE}/flash/map.swf"),
        ("embed", "video", f"{BASE}/video/a.mp4"), ("image", "video", f"{BASE}/video/a.jpg"),
        ("embed", "source", f"{BASE}/video/a.webm"), ("embed", "track", f"{BASE}/video/a.vtt"),
        ("embed", "source", f"{BASE}/audio/b.mp3"),
    ]:
        assert want in got, want
    assert not any(u.startswith(("data:", "about:")) for _, _, u in got)
    # embedded resources never pose as navigation: their alt is not link text
    assert all(l.kind not in (LinkKind.image, LinkKind.frame) for l in p.links)
    img = next(e for e in p.embeds if e.url.endswith("/images/zwgk.png"))
    assert img.alt == "政府信息公开" and img.text == ""
    assert next(l for l in p.links if l.url == f"{BASE}/zwgk/").text == "政府信息公开"


def test_malformed_and_unreachable_hrefs_are_kept_raw_never_the_page_itself():
    html = """<html><body><a href="http://">a</a><a href="http:">b</a><a href="http:/">c</a>
    <a href="http://#">d</a><a href="http:/www.example.gov.cn/">e</a><a href="http://.example.org/">f</a>
    <a href="http://localhost]">g</a><a href="file:///C:/Users/admin/Desktop/附件1.doc">h</a>
    <a href="C:\\Documents\\附件2.xls">i</a><a href="\\\\fileserver\\share\\x.doc">j</a><a href="//">k</a>
    <a href="//www.example.gov.cn/">ok1</a><a href="#">ok2</a><a href="javascript:void(0)">ok3</a>
    <a href="list.html">ok4</a></body></html>"""
    page_url = f"{BASE}/xxgk/index.html"
    p = extract_page(page_url, html.encode())
    by_text = {l.text: l for l in p.links}
    for t in "abcdefghijk":
        assert by_text[t].kind == LinkKind.malformed, t
        assert by_text[t].url != page_url
    assert by_text["h"].url == "file:///C:/Users/admin/Desktop/附件1.doc"
    assert by_text["ok1"].kind == LinkKind.external
    assert by_text["ok2"].kind == LinkKind.anchor
    assert by_text["ok3"].kind == LinkKind.javascript
    assert by_text["ok4"].kind == LinkKind.page
    assert malformed_reason("https://www.gov.cn/") is None
    assert malformed_reason("http://127.0.0.1:8000/a") is None


def test_meta_refresh_keeps_the_page_and_its_links_and_the_target_is_a_link():
    html = """<html><head><meta http-equiv="Refresh" content="3; URL='/xxgk/index.html'"><title>跳转</title></head>
    <body><p>页面将跳转</p><a href="/old/">旧版</a></body></html>"""
    p = extract_page(f"{BASE}/", html.encode())
    assert p.refresh == f"{BASE}/xxgk/index.html"
    urls = {l.url: l for l in p.links}
    assert urls[f"{BASE}/xxgk/index.html"].tag == "meta"
    assert f"{BASE}/old/" in urls  # the page's own links are still read


def test_frameset_and_lone_iframe_are_containers_of_frame_pages():
    frameset = """<html><head><title>某县人民政府</title></head><frameset rows="120,*">
    <frame src="top.html" name="top"><frame src="/main/index.html" name="main"></frameset></html>"""
    p = extract_page(f"{BASE}/", frameset.encode())
    assert p.frames == [f"{BASE}/top.html", f"{BASE}/main/index.html"]
    lone = """<html><head><title>政府信息公开</title></head><body>
    <iframe src="/xxgk/list.html" width="100%" height="2000" frameborder="0"></iframe></body></html>"""
    q = extract_page(f"{BASE}/xxgk/", lone.encode())
    assert q.frames == [f"{BASE}/xxgk/list.html"]
    assert q.page_kind != "column"  # the container is not an empty column: its frame is
    rich = "<html><body>" + "".join(f"<a href='/a{i}.html'>栏目{i}</a>" for i in range(10)) + \
        "<iframe src='/weather.html'></iframe></body></html>"
    assert extract_page(f"{BASE}/", rich.encode()).frames == []  # an iframe on a real page


def test_homepage_looks_through_a_forwarding_start_page():
    now = "2026-01-01T00:00:00Z"
    start = PageArtifact(url=f"{BASE}/", final_url=f"{BASE}/", status=200, fetched_at=now, page_kind="home",
                         refresh=f"{BASE}/portal/index.html", links=[])
    real = PageArtifact(url=f"{BASE}/portal/index.html", final_url=f"{BASE}/portal/index.html", status=200,
                        fetched_at=now, page_kind="column", text="某县人民政府 " * 50)
    site = SiteArtifacts(crawl=CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8000", started_at=now),
                         pages=[start, real])
    assert site.homepage() is real
    assert site.shown(site.page(f"{BASE}/")) is real and site.shown(real) is real
    start.text = "这是一个内容丰富的首页。" * 40  # a real homepage that also refreshes itself is kept
    assert site.homepage() is start


def test_deep_page_hidden_link_at_the_bottom_is_extracted():
    depth = 400
    html = ("<html><head><title>深层嵌套</title></head><body>" + "<div>" * depth + "<p>正文</p>" + "</div>" * depth
            + '<div style="display:none"><a href="http://127.0.0.1:9/bocai.html">澳门博彩</a></div></body></html>')
    p = extract_page(f"{BASE}/deep.html", html.encode())
    spam = [l for l in p.links if l.url == "http://127.0.0.1:9/bocai.html"]
    assert spam and spam[0].hidden
    nested = ("<html><body>" + "<div>" * depth + '<span style="display:none"><a href="http://127.0.0.1:9/s">隐藏</a></span>'
              + "</div>" * depth + "</body></html>")
    q = extract_page(f"{BASE}/deep2.html", nested.encode())
    assert any(l.url == "http://127.0.0.1:9/s" and l.hidden for l in q.links)
    assert "隐藏" in q.text


def test_deep_page_hidden_link_is_a_ct002_finding():
    from rules import get_rule  # noqa: PLC0415 - the registry, loaded only here
    from rules.base import RuleContext, run_rule
    depth = 400
    html = ("<html><head><title>某县人民政府</title></head><body>" + "<div>" * depth + "<p>正文</p>" + "</div>" * depth
            + '<div style="display:none"><a href="http://127.0.0.1:9/bocai.html">澳门博彩</a></div></body></html>')
    page = extract_page(f"{BASE}/", html.encode())
    site = SiteArtifacts(crawl=CrawlInfo(start_url=f"{BASE}/", site_host="127.0.0.1:8000",
                                         started_at="2026-01-01T00:00:00Z"), pages=[page])
    rule = get_rule("CT002")
    import datetime as dt
    findings = run_rule(rule, site, RuleContext(as_of=dt.date(2026, 1, 2), options=dict(rule.meta.options)))
    assert any(f.status.value == "fail" and f.target == "http://127.0.0.1:9/bocai.html" for f in findings)


@pytest.mark.live  # a subprocess measures the memory
def test_huge_page_links_capped_one_note_memory_bounded():
    # A child process: its peak RSS is the extraction's alone.
    code = textwrap.dedent("""
        import json, re
        from crawler.extract import extract_page

        def peak_kb():
            # VmHWM is this process's own peak: ru_maxrss keeps the forking parent's (pytest's) peak across exec
            with open("/proc/self/status") as fh:
                return int(re.search(r"VmHWM:\\s+(\\d+)", fh.read()).group(1))

        body = ("<html><body><ul>" + "".join(f"<li><a href='/p/{i}.html'>链接{i}</a></li>" for i in range(100_000))
                + "</ul></body></html>").encode()
        before = peak_kb()
        page = extract_page("http://127.0.0.1:8000/huge.html", body)
        after = peak_kb()
        print(json.dumps({"links": len(page.links), "notes": page.extract_notes, "rss_kb": after,
                          "delta_kb": after - before, "items": len(page.list_items)}))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    res = __import__("json").loads(out.stdout.strip().splitlines()[-1])
    print("huge page:", res["links"], "links kept; peak RSS", res["rss_kb"] // 1024, "MB")
    assert res["links"] == 5000
    capped = [n for n in res["notes"] if n.startswith(LINKS_CAPPED_NOTE)]
    assert len(capped) == 1 and "100000" in capped[0]
    assert res["rss_kb"] < 300 * 1024


def test_declared_utf8_served_gbk_and_declared_gbk_served_utf8_read_right():
    title = "关于做好2023年政府信息公开工作的通知"
    html = f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><p>{title}。各乡镇人民政府：</p></body></html>"
    p = extract_page(f"{BASE}/a.html", html.encode("gbk"), headers={"Content-Type": "text/html; charset=utf-8"})
    assert p.title == title and p.encoding == "gb18030"
    html2 = html.replace("utf-8", "gb2312")
    q = extract_page(f"{BASE}/b.html", html2.encode("utf-8"), headers={"Content-Type": "text/html; charset=gb2312"})
    assert q.title == title and q.encoding == "utf-8"
    # a right declaration is left alone
    r = extract_page(f"{BASE}/c.html", html2.encode("gbk"), headers={"Content-Type": "text/html; charset=gbk"})
    assert r.title == title


def test_a_stray_byte_does_not_overrule_a_right_declaration():
    title = "关于做好2023年政府信息公开工作的通知"
    body = f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><p>{title}" * 1
    raw = (body + "。各乡镇人民政府：").encode("utf-8") + "（旧系统）".encode("gbk")[:3] + "</p></body></html>".encode()
    p = extract_page(f"{BASE}/d.html", raw, headers={"Content-Type": "text/html; charset=utf-8"})
    assert p.title == title and p.encoding == "utf-8"
