"""rules.patterns.links_by_target: one pass over the site's links, shared by the rules,
and the same answer as the per-call pass it replaced (kept here as the reference)."""

import datetime as dt
import itertools
import random

from contracts import CrawlInfo, LinkRef, PageArtifact, SiteArtifacts
from rules.patterns import links_by_target, seen_at

T = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
KINDS = ["page", "attachment", "external", "malformed", "image"]


def _reference(site, kinds, *, include_hidden=True, skip_error_pages=True):
    """The implementation before the cache: one full pass per call."""
    out = {}
    seen_pages = set()
    for page in site.pages:
        if seen_at(page) in seen_pages:
            continue
        seen_pages.add(seen_at(page))
        if skip_error_pages and page.status >= 400:
            continue
        seen_targets = set()
        for link in page.links:
            kind = link.kind.value if hasattr(link.kind, "value") else str(link.kind)
            if kind not in kinds:
                continue
            if link.hidden and not include_hidden:
                continue
            if link.url in seen_targets:
                continue
            seen_targets.add(link.url)
            out.setdefault(link.url, []).append((page, link))
    return out


def _site(seed: int) -> SiteArtifacts:
    rnd = random.Random(seed)
    pages = []
    for i in range(60):
        url = f"http://127.0.0.1:1/p{i}.html"
        # some pages redirect to an address another page is seen at
        final = f"http://127.0.0.1:1/p{rnd.randrange(i + 1)}.html" if rnd.random() < 0.15 else url
        links = [LinkRef(url=f"http://127.0.0.1:1/t{rnd.randrange(25)}", text=f"x{j}",
                         kind=rnd.choice(KINDS), hidden=rnd.random() < 0.2)
                 for j in range(rnd.randrange(12))]
        pages.append(PageArtifact(url=url, final_url=final, status=rnd.choice([200, 200, 200, 404, 500]),
                                  fetched_at=T, links=links))
    crawl = CrawlInfo(start_url="http://127.0.0.1:1/", site_host="127.0.0.1:1", started_at=T)
    return SiteArtifacts(crawl=crawl, pages=pages)


def _ids(index):
    return [(url, [(id(p), id(link)) for p, link in refs]) for url, refs in index.items()]


def test_same_as_reference_for_every_kind_set_and_option():
    for seed in range(8):
        site = _site(seed)
        for n in (1, 2, 3):
            for kinds in itertools.combinations(KINDS, n):
                for hidden, skip in itertools.product((True, False), repeat=2):
                    got = links_by_target(site, set(kinds), include_hidden=hidden, skip_error_pages=skip)
                    want = _reference(site, set(kinds), include_hidden=hidden, skip_error_pages=skip)
                    assert _ids(got) == _ids(want), (seed, kinds, hidden, skip)  # order included


def test_same_target_under_two_kinds_on_one_page_counts_once():
    a = LinkRef(url="http://127.0.0.1:1/f", text="first", kind="attachment")
    b = LinkRef(url="http://127.0.0.1:1/f", text="second", kind="page")
    site = SiteArtifacts(crawl=CrawlInfo(start_url="http://127.0.0.1:1/", site_host="127.0.0.1:1", started_at=T),
                         pages=[PageArtifact(url="http://127.0.0.1:1/", final_url="http://127.0.0.1:1/",
                                             status=200, fetched_at=T, links=[a, b])])
    refs = links_by_target(site, {"page", "attachment"})["http://127.0.0.1:1/f"]
    assert [link.text for _, link in refs] == ["first"]
    assert [link.text for _, link in links_by_target(site, {"page"})["http://127.0.0.1:1/f"]] == ["second"]


def test_one_pass_per_site_and_rebuilt_when_pages_change():
    site = _site(1)
    links_by_target(site, {"page"})
    index = site.__dict__["_links_by_kind"][(True, True)][2]
    links_by_target(site, {"attachment"})
    assert site.__dict__["_links_by_kind"][(True, True)][2] is index  # shared, not recomputed
    # the caller owns what it gets: mutating it does not leak into the next call
    first = links_by_target(site, {"page"})
    first.clear()
    assert links_by_target(site, {"page"}) == _reference(site, {"page"})
    site.pages.append(PageArtifact(url="http://127.0.0.1:1/new", final_url="http://127.0.0.1:1/new", status=200,
                                   fetched_at=T, links=[LinkRef(url="http://127.0.0.1:1/zz", kind="page")]))
    assert "http://127.0.0.1:1/zz" in links_by_target(site, {"page"})


def test_columns_listing_built_once_and_the_callers_own():
    from contracts import ColumnArtifact, ListItem
    from rules.patterns import _columns_listing, columns_listing

    def col(name, *urls):
        return ColumnArtifact(name=name, url=f"http://127.0.0.1:1/{name}/",
                              items=[ListItem(title=u, url=f"http://127.0.0.1:1/{u}") for u in urls])

    site = SiteArtifacts(crawl=CrawlInfo(start_url="http://127.0.0.1:1/", site_host="127.0.0.1:1", started_at=T),
                         columns=[col("a", "x", "y", "x"), col("b", "y"), col("a", "x", "y", "x")])
    got = columns_listing(site)
    assert got == _columns_listing(site)
    assert [c.name for c in got["http://127.0.0.1:1/y"]] == ["a", "b"]  # equal columns counted once, as before
    built = site.__dict__["_col_listing"][2]
    got["http://127.0.0.1:1/y"].clear()
    assert columns_listing(site) == _columns_listing(site) and site.__dict__["_col_listing"][2] is built
    site.columns.append(col("c", "z"))
    assert "http://127.0.0.1:1/z" in columns_listing(site)
