"""rules.documents._common.linking_pages is built once per site and gives the same index."""

import datetime as dt

from contracts import CrawlInfo, LinkRef, PageArtifact, SiteArtifacts
from rules.documents._common import _linking_pages, linking_pages

T = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def _page(url: str, *links: tuple[str, str]) -> PageArtifact:
    return PageArtifact(url=url, final_url=url, status=200, fetched_at=T,
                        links=[LinkRef(url=u, text=t, kind="attachment") for u, t in links])


def _site() -> SiteArtifacts:
    crawl = CrawlInfo(start_url="http://127.0.0.1:1/", site_host="127.0.0.1:1", started_at=T)
    return SiteArtifacts(crawl=crawl, pages=[
        _page("http://127.0.0.1:1/a.html", ("http://127.0.0.1:1/f.pdf", "年报"), ("http://127.0.0.1:1/f.pdf", "again")),
        _page("http://127.0.0.1:1/b.html", ("http://127.0.0.1:1/f.pdf", "下载"), ("http://127.0.0.1:1/g.xls", "表")),
    ])


def test_same_index_built_once():
    site = _site()
    index = linking_pages(site)
    assert {u: [(p.url, t) for p, t in v] for u, v in index.items()} == {
        "http://127.0.0.1:1/f.pdf": [("http://127.0.0.1:1/a.html", "年报"), ("http://127.0.0.1:1/b.html", "下载")],
        "http://127.0.0.1:1/g.xls": [("http://127.0.0.1:1/b.html", "表")]}
    assert index == _linking_pages(site)
    assert linking_pages(site) is index  # shared by the rules, not rebuilt


def test_rebuilt_when_pages_change():
    site = _site()
    first = linking_pages(site)
    site.pages.append(_page("http://127.0.0.1:1/c.html", ("http://127.0.0.1:1/h.pdf", "新")))
    assert "http://127.0.0.1:1/h.pdf" in linking_pages(site)
    other = _site()
    assert linking_pages(other) is not first
    replaced = site.model_copy(update={"pages": site.pages[:1]})
    assert "http://127.0.0.1:1/g.xls" not in linking_pages(replaced)
