"""SiteArtifacts.page / .link: the same answers, and the index built once per list size.

The page index used to be rebuilt on every lookup as soon as one page redirected (url and
final_url are two keys, so the index's size never equalled the page count): a quadratic
audit on real portals. The answers must not change.
"""

import datetime as dt

from contracts import CrawlInfo, LinkCheck, PageArtifact, SiteArtifacts

T = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


def _site(duplicate: bool = True) -> SiteArtifacts:
    crawl = CrawlInfo(start_url="http://127.0.0.1:1/", site_host="127.0.0.1:1", started_at=T)
    pages = [PageArtifact(url="http://127.0.0.1:1/", final_url="http://127.0.0.1:1/", status=200, fetched_at=T),
             # a redirect: two keys for one page
             PageArtifact(url="http://127.0.0.1:1/col1/", final_url="http://127.0.0.1:1/col1/index.html",
                          status=200, fetched_at=T),
             PageArtifact(url="http://127.0.0.1:1/a.html", final_url="http://127.0.0.1:1/a.html", status=200,
                          fetched_at=T, title="first")]
    if duplicate:  # the same URL twice: the first one wins
        pages.append(PageArtifact(url="http://127.0.0.1:1/a.html", final_url="http://127.0.0.1:1/a.html",
                                  status=200, fetched_at=T, title="second"))
    links = [LinkCheck(url="http://127.0.0.1:1/gone.html", kind="page", outcome="dead", status=404),
             LinkCheck(url="http://127.0.0.1:1/a.html", kind="page", outcome="ok", status=200)]
    return SiteArtifacts(crawl=crawl, pages=pages, links=links)


def test_lookups_unchanged():
    site = _site()
    assert site.page("http://127.0.0.1:1/col1/") is site.pages[1]
    assert site.page("http://127.0.0.1:1/col1/index.html") is site.pages[1]
    assert site.page("http://127.0.0.1:1/a.html").title == "first"
    assert site.page("http://127.0.0.1:1/missing.html") is None
    assert site.link("http://127.0.0.1:1/gone.html").status == 404
    assert site.link("http://127.0.0.1:1/missing.html") is None


def test_index_built_once_with_redirects_and_rebuilt_when_pages_change():
    site = _site(duplicate=False)
    first = site._page_index()
    for _ in range(3):
        site.page("http://127.0.0.1:1/")
    assert site._page_index() is first  # not rebuilt on every lookup
    links = site._link_index()
    site.link("http://127.0.0.1:1/gone.html")
    assert site._link_index() is links
    site.pages.append(PageArtifact(url="http://127.0.0.1:1/new.html", final_url="http://127.0.0.1:1/new.html",
                                   status=200, fetched_at=T))
    assert site.page("http://127.0.0.1:1/new.html") is site.pages[-1]
    site.links.append(LinkCheck(url="http://127.0.0.1:1/b.pdf", kind="attachment", outcome="ok", status=200))
    assert site.link("http://127.0.0.1:1/b.pdf") is site.links[-1]
