"""Session fixtures: the bundled sample portal served on 127.0.0.1 and one real crawl of it."""

import datetime as dt

import pytest

AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="session")
def sample_server(tmp_path_factory):
    samples = pytest.importorskip("samples")
    pytest.importorskip("crawler.run")
    server, truth = samples.build_and_serve(tmp_path_factory.mktemp("sample") / "site", AS_OF)
    try:
        yield server, truth
    finally:
        server.stop()


@pytest.fixture(scope="session")
def sample_crawl(sample_server, tmp_path_factory):
    """A saved crawl folder of the sample portal (real Scrapy crawl over HTTP)."""
    from crawler.run import crawl_site

    server, _ = sample_server
    return crawl_site(server.base_url + "/", tmp_path_factory.mktemp("crawl") / "run", max_pages=2000,
                      external_hosts=["127.0.0.1"])
