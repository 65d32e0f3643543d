"""The spider's attachment reading over real HTTP (loopback): the size cap and the switch."""

from __future__ import annotations

import pytest

from contracts import load_site
from crawler.run import crawl_site

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)


@pytest.fixture(scope="module")
def served(kfq_portal, tmp_path_factory):
    """The session's shared sample portal server (tests/conftest.py); the crawls are this module's."""
    return kfq_portal.server, tmp_path_factory.mktemp("fetch")


def test_size_cap_and_outcomes(served):
    server, work = served
    run = crawl_site(server.base_url + "/", work / "capped", external_hosts=[],
                     extra_settings={"ZWGK_DOCUMENT_MAX_BYTES": 3000}, timeout=240)
    site = load_site(run)
    outcomes = {d.url.rsplit("/", 1)[1]: d.outcome for d in site.documents}
    assert "too_large" in outcomes.values() and "ok" in outcomes.values()
    assert {"corrupt", "html_instead", "empty"} <= set(outcomes.values())
    big = [d for d in site.documents if d.outcome == "too_large"]
    assert all(d.text == "" and "larger than" in (d.error or "") for d in big)
    assert all(d.size is None or d.size <= 3000 for d in site.documents)
    stats = site.crawl.stats
    assert stats.get("zwgk/documents_written") == len(site.documents)


def test_switched_off(served):
    server, work = served
    run = crawl_site(server.base_url + "/", work / "off", max_pages=60, external_hosts=[],
                     extra_settings={"ZWGK_FETCH_DOCUMENTS": False}, timeout=240)
    assert load_site(run).documents == []
