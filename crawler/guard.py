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
* "Loopback" is decided on the address, not on the name: an IP literal by its value, a
  name (``localhost``, ``*.localhost``, anything else) by what it resolves to, and only when
  every address it resolves to is loopback (a hosts file can map ``x.localhost`` anywhere).
  A name that does not resolve is not loopback. Odd numeric spellings (``127.1``,
  ``0x7f.0.0.1``) are never loopback: the guard errs on the side of refusing. The guard
  middleware asks for every request, redirect hops included; resolution goes through an
  injectable `Resolver` (tests answer without any lookup).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
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


Resolver = Callable[[str], Iterable[str]]  # hostname -> its addresses (raises OSError when unknown)

_NUMERIC_SPELLING = re.compile(r"^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*$")


def system_resolver(host: str) -> list[str]:
    """The addresses the system (hosts file, DNS) gives `host`, as a connection would see them."""
    return [info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)]


class CachingResolver:
    """A resolver that remembers answers for `ttl` seconds: the guard asks for every
    request, and a name should not cost a lookup each time."""

    def __init__(self, resolve: Resolver = system_resolver, ttl: float = 30.0, size: int = 1024):
        self.resolve = resolve
        self.ttl = ttl
        self.size = size
        self._cache: dict[str, tuple[float, tuple[str, ...] | OSError]] = {}

    def __call__(self, host: str) -> tuple[str, ...]:
        now = time.monotonic()
        hit = self._cache.get(host)
        if hit is None or hit[0] < now:
            try:
                answer: tuple[str, ...] | OSError = tuple(self.resolve(host))
            except (OSError, UnicodeError) as exc:
                answer = exc if isinstance(exc, OSError) else OSError(str(exc))
            if len(self._cache) >= self.size:
                self._cache.clear()
            hit = self._cache[host] = (now + self.ttl, answer)
        if isinstance(hit[1], OSError):
            raise hit[1]
        return hit[1]


_DEFAULT_RESOLVER = CachingResolver()


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return None


def is_loopback_host(host: str, resolver: Resolver | None = None) -> bool:
    """True when `host` can only reach this machine: an IP literal in 127.0.0.0/8 or ::1,
    or a name whose every resolved address is loopback. Names are resolved (`resolver`,
    default: the system's, cached), never judged by their text."""
    h = host.strip().strip("[]").rstrip(".").lower()
    if not h:
        return False
    literal = _address(h)
    if literal is not None:
        return literal.is_loopback
    if _NUMERIC_SPELLING.match(h):
        return False  # 127.1, 0x7f.0.0.1 ...: refused rather than interpreted
    try:
        answers = list((resolver or _DEFAULT_RESOLVER)(h))
    except (OSError, UnicodeError):
        return False
    addresses = [_address(a) for a in answers]
    return bool(addresses) and all(a is not None and a.is_loopback for a in addresses)


def resolve_external_hosts(site_netloc: str, external_hosts: Iterable[str] | None,
                           resolver: Resolver | None = None) -> frozenset[str] | None:
    """The effective allow-list of external hostnames: a set of lowercased hostnames, or
    None meaning "any host". See the module docstring for the default."""
    if external_hosts is None:
        s = site_netloc.strip()
        hp = split_host_port(s if "://" in s else "http://" + s)
        if hp is not None and is_loopback_host(hp[1], resolver):
            return frozenset({LOOPBACK})
        return None
    hosts = {h.strip().strip("[]").rstrip(".").lower() for h in external_hosts if h and h.strip()}
    if ANY_HOST in hosts:
        return None
    return frozenset(hosts)


def _host_allowed(host: str, allowed: frozenset[str] | None, resolver: Resolver | None = None) -> bool:
    if allowed is None:
        return True
    if host in allowed:
        return True
    return LOOPBACK in allowed and is_loopback_host(host, resolver)


def describe_policy(site_netloc: str, external_hosts: Iterable[str] | None,
                    resolver: Resolver | None = None) -> list[str]:
    """The effective allow-list for CrawlInfo.allowed_hosts, in the same vocabulary as
    ZWGK_EXTERNAL_HOSTS (so it can be fed back): hostnames, ``"loopback"``, or ``["*"]``."""
    allowed = resolve_external_hosts(site_netloc, external_hosts, resolver)
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


def is_external_allowed(url: str, site_netloc: str, external_hosts: Iterable[str] | None,
                        resolver: Resolver | None = None) -> bool:
    """True when the URL is an http(s) URL on a host the external allow-list admits."""
    hp = split_host_port(url)
    if hp is None:
        return False
    return _host_allowed(hp[1], resolve_external_hosts(site_netloc, external_hosts, resolver), resolver)


def is_request_allowed(url: str, site_netloc: str, external_hosts: Iterable[str] | None,
                       resolver: Resolver | None = None) -> bool:
    """May the crawler send any request to `url`?

    `site_netloc` is the scope (``host[:port]`` or a URL on the site); `external_hosts` the
    profile's allow-list (None = default policy, see module docstring). Fails closed: a
    malformed URL, a non-http(s) scheme or an empty scope is refused."""
    if not site_netloc or split_host_port(url) is None:
        return False
    return in_scope(url, site_netloc) or is_external_allowed(url, site_netloc, external_hosts, resolver)
