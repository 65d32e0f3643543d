"""Per-site indexes of rules.patterns kept on the SiteArtifacts instance: built once, the
same answer as a fresh build, rebuilt when the site changes, the caller's own copy."""

import datetime as dt

from contracts import CrawlInfo, SiteArtifacts

T = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)


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
