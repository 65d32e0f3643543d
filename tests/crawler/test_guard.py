"""The egress guard, on loopback addresses only.

Profile under test: the site is 127.0.0.1:8000 and external checks may reach 127.0.0.1
(any port) but neither 127.0.0.2 nor localhost. Names are resolved by an injected table
(`hosts_file`): the one non-loopback address in this file is an answer of that table,
never contacted; no connection is made by these tests.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.guard import (
    CachingResolver,
    describe_policy,
    in_scope,
    is_external_allowed,
    is_loopback_host,
    is_request_allowed,
    normalize_netloc,
    resolve_external_hosts,
)
from crawler.middlewares import EgressGuardMiddleware, EgressRefused

SITE = "127.0.0.1:8000"
PROFILE = ["127.0.0.1"]


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/",
    "http://127.0.0.1:8000/a/b.html?x=1",
    "https://127.0.0.1:8000/secure.html",  # same host and port: same site whatever the scheme
    "HTTP://127.0.0.1:8000/upper-scheme",
    "http://127.0.0.1.:8000/trailing-dot",
    "http://127.0.0.1:9000/external-port.html",  # allowed host, any port
    "http://127.0.0.1/default-port.pdf",
])
def test_allowed(url):
    assert is_request_allowed(url, SITE, PROFILE)


@pytest.mark.parametrize("url", [
    "http://127.0.0.2:8000/",  # loopback, but not in the profile
    "http://localhost:8000/",  # names 127.0.0.1's machine, still not in the profile
    "http://LOCALHOST:9000/x",
    "http://[::1]:8000/",
    "http://127.1:8000/",  # another spelling of 127.0.0.1: the guard never resolves
    "http://127.0.0.1:8000@127.0.0.2/",  # userinfo trick: the host is 127.0.0.2
    "ftp://127.0.0.1:8000/file.pdf",
    "file:///etc/passwd",
    "mailto:zwgk@localhost",
    "javascript:void(0)",
    "#top",
    "",
    "http://[::1/malformed",
    "http:///no-host",
])
def test_refused(url):
    assert not is_request_allowed(url, SITE, PROFILE)


def test_empty_scope_refuses_everything():
    assert not is_request_allowed("http://127.0.0.1:8000/", "", PROFILE)
    assert not is_request_allowed("http://127.0.0.1:8000/", "", None)


def test_empty_profile_allows_only_the_site():
    assert is_request_allowed("http://127.0.0.1:8000/x", SITE, [])
    assert not is_request_allowed("http://127.0.0.1:9000/x", SITE, [])


def test_default_policy_on_a_loopback_site_allows_loopback_only():
    for url in ("http://127.0.0.2:1/", "http://localhost:9000/", "http://[::1]:9000/", "http://127.255.0.9/"):
        assert is_request_allowed(url, SITE, None), url
    assert not is_request_allowed("http://127.1:9000/", SITE, None)  # not loopback as written
    assert resolve_external_hosts("localhost:8000", None) == frozenset({"loopback"})
    assert resolve_external_hosts("[::1]:8000", None) == frozenset({"loopback"})


def test_wildcard_and_loopback_keywords():
    assert is_request_allowed("http://127.0.0.2:1/", SITE, ["*"])
    assert resolve_external_hosts(SITE, ["*"]) is None
    assert is_request_allowed("http://127.0.0.9:1/", SITE, ["loopback"])
    assert not is_request_allowed("http://127.1:1/", SITE, ["loopback"])


def test_profile_hosts_are_case_insensitive():
    assert is_request_allowed("http://LocalHost:9/", SITE, ["LOCALHOST"])
    assert is_external_allowed("http://localhost:9/", SITE, ["localhost."])


def test_scope_is_host_and_port():
    assert in_scope("http://127.0.0.1:8000/x", "127.0.0.1:8000")
    assert not in_scope("http://127.0.0.1:8001/x", "127.0.0.1:8000")
    assert not in_scope("http://localhost:8000/x", "127.0.0.1:8000")
    assert in_scope("http://127.0.0.1:80/x", "127.0.0.1")
    assert in_scope("https://127.0.0.1:443/x", "127.0.0.1")
    assert normalize_netloc("HTTP://127.0.0.1:80/x") == "127.0.0.1"
    assert normalize_netloc("127.0.0.1:8000") == "127.0.0.1:8000"
    assert normalize_netloc("http://[::1]:8000/") == "[::1]:8000"


def test_is_loopback_host():
    for h in ("127.0.0.1", "127.8.9.10", "::1", "[::1]"):
        assert is_loopback_host(h, resolver=refuse_lookups), h
    for h in ("127.1", "0x7f.0.0.1", "::2", ""):
        assert not is_loopback_host(h, resolver=refuse_lookups), h
    for h in ("localhost", "LOCALHOST.", "x.localhost"):
        assert is_loopback_host(h, resolver=hosts_file({h.lower().rstrip("."): ["127.0.0.1", "::1"]})), h


# A resolver answering from a table, as a hosts file would: no lookup, no connection. The
# one non-loopback address below is a documentation address (RFC 5737) that only this
# table ever mentions; nothing is sent anywhere.
ELSEWHERE = "203.0.113.7"


def hosts_file(table: dict[str, list[str]]):
    asked: list[str] = []

    def resolve(host: str) -> list[str]:
        asked.append(host)
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    resolve.asked = asked
    return resolve


def refuse_lookups(host: str) -> list[str]:
    raise AssertionError(f"an IP literal must not be resolved: {host}")


@pytest.mark.parametrize("name", ["evil.localhost", "localhost", "a.b.localhost"])
def test_a_localhost_name_mapped_elsewhere_is_not_loopback(name):
    resolver = hosts_file({name: [ELSEWHERE]})
    assert not is_loopback_host(name, resolver)
    for hosts in (None, ["loopback"]):  # the default policy of a loopback site, and the keyword
        assert not is_request_allowed(f"http://{name}:9000/x", SITE, hosts, resolver), hosts
        assert not is_external_allowed(f"http://{name}:9000/x", SITE, hosts, resolver), hosts
    assert name in resolver.asked  # decided on the address, not the text


def test_a_name_is_loopback_only_when_every_address_is():
    assert is_loopback_host("dual.localhost", hosts_file({"dual.localhost": ["127.0.0.1", "::1"]}))
    assert not is_loopback_host("mixed.localhost", hosts_file({"mixed.localhost": ["127.0.0.1", ELSEWHERE]}))
    assert not is_loopback_host("gone.localhost", hosts_file({}))  # does not resolve: refused
    assert not is_loopback_host("empty.localhost", hosts_file({"empty.localhost": []}))
    # an ordinary name that resolves to loopback only is loopback
    assert is_request_allowed("http://intranet.test:9000/", SITE, None, hosts_file({"intranet.test": ["127.0.0.5"]}))


def test_a_site_named_localhost_that_resolves_elsewhere_is_not_a_loopback_site():
    resolver = hosts_file({"portal.localhost": [ELSEWHERE]})
    assert resolve_external_hosts("portal.localhost:8000", None, resolver) is None  # not "loopback only"
    assert describe_policy("portal.localhost:8000", None, resolver) == ["*"]
    assert resolve_external_hosts("portal.localhost:8000", None, hosts_file({"portal.localhost": ["127.0.0.1"]})) \
        == frozenset({"loopback"})


def test_every_redirect_hop_is_decided_on_its_resolved_address():
    crawler, mw = _guard(SITE, None)
    mw.resolver = hosts_file({"good.localhost": ["127.0.0.1"], "evil.localhost": [ELSEWHERE]})
    first = Request("http://127.0.0.1:8000/moved.html")
    assert mw.process_request(first) is None
    hop1 = first.replace(url="http://good.localhost:9000/next.html",
                         meta={"redirect_urls": [first.url], "redirect_times": 1})
    assert mw.process_request(hop1) is None
    hop2 = hop1.replace(url="http://evil.localhost:9000/leak.html",
                        meta={"redirect_urls": [first.url, hop1.url], "redirect_times": 2})
    with pytest.raises(EgressRefused):
        mw.process_request(hop2)
    assert crawler.stats.get_value("zwgk/egress/refused") == 1
    assert mw.resolver.asked == ["good.localhost", "evil.localhost"]


def test_caching_resolver_remembers_answers_and_failures():
    calls: list[str] = []

    def resolve(host):
        calls.append(host)
        if host == "gone.localhost":
            raise OSError("unknown")
        return ["127.0.0.1"]

    cached = CachingResolver(resolve, ttl=60)
    assert cached("a.localhost") == ("127.0.0.1",) and cached("a.localhost") == ("127.0.0.1",)
    for _ in range(2):
        with pytest.raises(OSError):
            cached("gone.localhost")
    assert calls == ["a.localhost", "gone.localhost"]
    expired = CachingResolver(resolve, ttl=0)
    expired("a.localhost"), expired("a.localhost")
    assert calls[-2:] == ["a.localhost", "a.localhost"]


def test_describe_policy():
    assert describe_policy(SITE, PROFILE) == ["127.0.0.1"]
    assert describe_policy(SITE, None) == ["loopback"]
    assert describe_policy(SITE, []) == []
    assert describe_policy(SITE, ["*"]) == ["*"]


def _guard(site_netloc: str | None, hosts):
    crawler = get_crawler(settings_dict={"ZWGK_EXTERNAL_HOSTS": hosts})
    crawler.stats.open_spider()
    crawler.spider = SimpleNamespace(site_netloc=site_netloc) if site_netloc is not None else SimpleNamespace()
    return crawler, EgressGuardMiddleware.from_crawler(crawler)


def test_middleware_refuses_and_counts():
    crawler, mw = _guard(SITE, PROFILE)
    assert mw.process_request(Request("http://127.0.0.1:8000/page.html")) is None
    assert mw.process_request(Request("http://127.0.0.1:9000/ext.html")) is None
    for url in ("http://127.0.0.2:8000/", "http://localhost:8000/robots.txt"):
        with pytest.raises(EgressRefused):
            mw.process_request(Request(url))
    assert crawler.stats.get_value("zwgk/egress/refused") == 2


def test_middleware_fails_closed_without_a_scope():
    crawler, mw = _guard(None, PROFILE)
    with pytest.raises(EgressRefused):
        mw.process_request(Request("http://127.0.0.1:8000/"))


def test_middleware_reads_comma_separated_setting():
    crawler, mw = _guard(SITE, "127.0.0.1, localhost")
    assert mw.external_hosts == ["127.0.0.1", "localhost"]
    assert mw.process_request(Request("http://localhost:9/")) is None
    with pytest.raises(EgressRefused):
        mw.process_request(Request("http://127.0.0.2:9/"))
