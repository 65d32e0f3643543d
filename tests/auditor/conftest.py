"""Session fixtures of the auditor tests: the bundled sample portal served on 127.0.0.1 and one
real crawl of it, both the session's shared ones (tests/conftest.py). Read-only: copy the crawl
folder before changing it."""

import pytest


@pytest.fixture(scope="session")
def sample_server(kfq_portal):
    return kfq_portal.server, kfq_portal.truth


@pytest.fixture(scope="session")
def sample_crawl(kfq_audit):
    """A saved crawl folder of the sample portal (real Scrapy crawl over HTTP): the crawl of the
    session's shared audit."""
    return kfq_audit.crawl
