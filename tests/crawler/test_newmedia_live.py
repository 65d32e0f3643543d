"""政务新媒体: the portal crawl reads the account matrix and visits each account on a local
fake platform (samples/newmedia, another 127.0.0.1 port): one current, one silent for more
than 14 days, one unreachable, and one whose posts only JavaScript shows."""

from __future__ import annotations

import datetime as dt

import pytest

from contracts import load_site
from crawler.run import crawl_site
from samples.newmedia import build_and_serve

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)


@pytest.fixture(scope="module")
def accounts(tmp_path_factory):
    work = tmp_path_factory.mktemp("newmedia")
    as_of = dt.date.today()  # the account pages' dates are relative to the day of the crawl
    portal, platform, truth = build_and_serve(work, as_of)
    try:
        site = load_site(crawl_site(portal.url("/"), work / "run", external_hosts=["127.0.0.1"], timeout=120,
                                    extra_settings={"ZWGK_ACCOUNTS": [{"name": "云溪发布", "platform": "微信公众号",
                                                                       "url": platform.url("/mp/yunxi_fabu.html")}]}))
        yield site, truth, as_of, portal, platform
    finally:
        portal.stop()
        platform.stop()


def by_key(site, truth):
    urls = {a["key"]: a["url"] for a in truth["accounts"]}
    found = {a.url: a for a in site.accounts}
    return {key: found.get(url) for key, url in urls.items()}


def test_matrix_accounts_are_visited_and_recorded(accounts, figures):
    site, truth, as_of, portal, _ = accounts
    acc = by_key(site, truth)
    assert all(acc.values()), "every listed account has an AccountArtifact"
    assert len(site.accounts) == 4  # listed twice (table and homepage list) and in the profile: once
    current, silent, gone = acc["current"], acc["silent"], acc["unreachable"]
    assert (current.reachable, current.outcome, current.status) == (True, "ok", 200)
    assert current.latest_post == as_of - dt.timedelta(days=1)
    assert current.has_interaction and current.interaction_entries == ["写留言"]
    assert (current.platform, current.source, current.listed_on) == ("微信公众号", "portal", portal.url("/zwxmt/index.html"))
    assert silent.reachable and (as_of - silent.latest_post).days == 30 > 14
    assert silent.interaction_entries == ["评论"]
    assert (gone.reachable, gone.outcome, gone.status, gone.latest_post) == (False, "dead", 404, None)
    figures.append("new media: " + "; ".join(
        f"{a.name}（{a.platform}） reachable={a.reachable} latest_post={a.latest_post} "
        f"interaction={a.interaction_entries}" for a in acc.values()))


@pytest.mark.usefixtures("chromium")  # the account page is built by JavaScript: it needs a browser
def test_account_page_built_by_javascript_is_rendered(accounts):
    site, truth, as_of, _, _ = accounts
    rendered = by_key(site, truth)["rendered"]
    assert rendered.reachable and rendered.latest_post == as_of - dt.timedelta(days=3)
    assert rendered.interaction_entries == ["私信"]


def test_accounts_are_in_the_run_folder_next_to_the_portal_crawl(accounts):
    site, _, _, _, _ = accounts
    assert site.crawl.finish_reason == "finished" and site.pages
    assert site.crawl.stats["zwgk/accounts_written"] == 4
