"""Egress guard: which URLs a crawl may request at all.

Pure functions, no Scrapy. The downloader middleware in `crawler.middlewares` calls
`is_request_allowed` for every request (pages, attachments, external checks, redirect
hops, robots.txt) and refuses the rest, so a bug in the spider can never make the crawler
talk to a host that the site profile does not allow.

Policy
------
* The site's scope is the start URL's netloc (host + port, default ports dropped):
  always allowed.
* `external_hosts` lists the hostnames (any port) that external link checks may reach.
  ``"*"`` in the list allows every host, ``"loopback"`` every loopback host. An empty
  list allows none.
* ``external_hosts=None`` means the default: when the site itself is on loopback
  (127.0.0.0/8, ``localhost``, ``::1``) only loopback hosts are allowed, otherwise every
  host is.
* Hosts are compared as written in the URL, never resolved: ``127.1``, ``0x7f.0.0.1`` or
  a DNS name that happens to point at 127.0.0.1 are *not* loopback for this guard, which
  errs on the side of refusing.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

ANY_HOST = "*"
LOOPBACK = "loopback"  # keyword in an allow-list: every loopback host
_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def split_host_port(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of an http(s) URL, host lowercased without a trailing dot and
    without IPv6 brackets, port None when it is the scheme's default; None when the URL is
    not http(s) or is malformed."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = (parts.hostname or "").rstrip(".").lower()
        port = parts.port
    except ValueError:
        return None
    if scheme not in _SCHEMES or not host:
        return None
    if port == _DEFAULT_PORTS[scheme]:
        port = None
    return scheme, host, port


def normalize_netloc(netloc_or_url: str) -> str:
    """``host[:port]`` with the host lowercased and a default port dropped.

    Accepts a URL (``HTTP://LOCALHOST:80/x`` → ``localhost``) or a bare netloc
    (``LOCALHOST:8080`` → ``localhost:8080``; a bare netloc is read as http)."""
    s = netloc_or_url.strip()
    if "://" not in s:
        s = "http://" + s
    hp = split_host_port(s)
    if hp is None:
        return ""
    _, host, port = hp
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return host if port is None else f"{host}:{port}"


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the name ``localhost`` (RFC 6761), judged on the text."""
    h = host.strip().strip("[]").rstrip(".").lower()
    if h == "localhost" or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def resolve_external_hosts(site_netloc: str, external_hosts: Iterable[str] | None) -> frozenset[str] | None:
    """The effective allow-list of external hostnames: a set of lowercased hostnames, or
    None meaning "any host". See the module docstring for the default."""
    if external_hosts is None:
        s = site_netloc.strip()
        hp = split_host_port(s if "://" in s else "http://" + s)
        if hp is not None and is_loopback_host(hp[1]):
            return frozenset({LOOPBACK})
        return None
    hosts = {h.strip().strip("[]").rstrip(".").lower() for h in external_hosts if h and h.strip()}
    if ANY_HOST in hosts:
        return None
    return frozenset(hosts)


def _host_allowed(host: str, allowed: frozenset[str] | None) -> bool:
    if allowed is None:
        return True
    if LOOPBACK in allowed and is_loopback_host(host):
        return True
    return host in allowed


def describe_policy(site_netloc: str, external_hosts: Iterable[str] | None) -> list[str]:
    """The effective allow-list for CrawlInfo.allowed_hosts, in the same vocabulary as
    ZWGK_EXTERNAL_HOSTS (so it can be fed back): hostnames, ``"loopback"``, or ``["*"]``."""
    allowed = resolve_external_hosts(site_netloc, external_hosts)
    if allowed is None:
        return [ANY_HOST]
    return sorted(allowed)


def in_scope(url: str, site_netloc: str) -> bool:
    """True when the URL is http(s) on the site's netloc (host + port; http and https of
    the same host and port count as the same site)."""
    hp = split_host_port(url)
    if hp is None:
        return False
    return normalize_netloc(url) == normalize_netloc(site_netloc)


def is_external_allowed(url: str, site_netloc: str, external_hosts: Iterable[str] | None) -> bool:
    """True when the URL is an http(s) URL on a host the external allow-list admits."""
    hp = split_host_port(url)
    if hp is None:
        return False
    return _host_allowed(hp[1], resolve_external_hosts(site_netloc, external_hosts))


def is_request_allowed(url: str, site_netloc: str, external_hosts: Iterable[str] | None) -> bool:
    """May the crawler send any request to `url`?

    `site_netloc` is the scope (``host[:port]`` or a URL on the site); `external_hosts` the
    profile's allow-list (None = default policy, see module docstring). Fails closed: a
    malformed URL, a non-http(s) scheme or an empty scope is refused."""
    if not site_netloc or split_host_port(url) is None:
        return False
    return in_scope(url, site_netloc) or is_external_allowed(url, site_netloc, external_hosts)
