"""Shared test plumbing: the `live` tier and the bundled sample portals, built once per session.

Tiers: a test that starts a server, a browser or a subprocess is `live` (`make test-fast` runs
`-m "not live"`). Mark a whole module with ``pytestmark = pytest.mark.live``; a test that asks
for one of the fixtures in LIVE_FIXTURES below is marked live automatically.

Sample portals (samples/kfq, samples/hanweb, samples/gkmlpt), all dated AS_OF:

- ``<name>_generated``: the generated output folder (site + truth.json), generated once. Not live.
- ``<name>_portal``: that site served on 127.0.0.1 for the whole session (a ``Portal``).
- ``<name>_audit``: one real ``zwgk audit`` of the served portal (real crawl, every rule,
  ``--external-hosts 127.0.0.1``), run once (an ``Audit``).

All three are shared: treat them as read-only. A test that changes a run folder copies it
first (``shutil.copytree(audit.crawl, tmp_path / "run")``); a test that needs another
configuration (another --as-of, a capped or unrendered crawl) runs its own. The audit's output
folder is checked at the end of the session: a test that wrote into it is reported as an error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

AS_OF = dt.date(2026, 11, 27)

# Fixtures that start servers, browsers or subprocesses: a test using any of them is `live`.
LIVE_FIXTURES = frozenset({
    "kfq_portal", "hanweb_portal", "gkmlpt_portal", "kfq_audit", "hanweb_audit", "gkmlpt_audit",
    "sample_server", "sample_crawl", "serve", "nights", "chromium",
})


def pytest_collection_modifyitems(config, items):
    live = pytest.mark.live
    for item in items:
        if LIVE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(live)


# ------------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium executable. `make test` provides one (scripts/ensure-chromium.sh): without
    it a test that needs a browser fails rather than skips."""
    from crawler.render import find_browser

    path, why = find_browser()
    if path is None:
        pytest.fail(f"a browser test needs Chromium: {why} (run `make browser`)", pytrace=False)
    return path


# ------------------------------------------------------------------------------- sample portals


@dataclass(frozen=True)
class Portal:
    """A generated sample portal served on 127.0.0.1."""

    name: str
    gen: Path  # the generator's output folder (truth.json and site/)
    site_dir: Path  # the served document root
    truth: dict
    server: Any  # samples.server.SampleServer

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def url(self, path: str = "/") -> str:
        return self.server.url(path)


@dataclass(frozen=True)
class Audit:
    """One `zwgk audit` of a served portal: read-only, shared by the whole session."""

    portal: Portal
    out: Path  # report folder (report.json, report.html, ...; the crawl in out/"crawl")
    code: int  # the CLI's exit code
    elapsed: float  # seconds for crawl + rules + reports

    @property
    def crawl(self) -> Path:
        return self.out / "crawl"

    @property
    def report(self) -> dict:
        return json.loads((self.out / "report.json").read_text("utf-8"))

    @property
    def fails(self) -> list[dict]:
        return [f for f in self.report["findings"] if f.get("status", "fail") == "fail"]


def _generator(name: str) -> tuple[Callable[[Path, dt.date], Path], str, str]:
    """(generate, site folder name, truth file name) of a sample portal."""
    if name == "kfq":
        from samples.kfq.generator import SITE_DIR, TRUTH_FILE, generate
    elif name == "hanweb":
        from samples.hanweb import SITE_DIR, TRUTH_FILE, generate
    else:
        from samples.gkmlpt import SITE_DIR, TRUTH_FILE, generate
    return generate, SITE_DIR, TRUTH_FILE


def _serve(name: str, site_dir: Path):
    if name == "kfq":
        from samples.server import serve_background

        return serve_background(site_dir)
    if name == "hanweb":
        from samples.hanweb import serve
    else:
        from samples.gkmlpt import serve
    return serve(site_dir)


def _generate(name: str, tmp_path_factory) -> Path:
    generate, _, _ = _generator(name)
    return Path(generate(tmp_path_factory.mktemp(f"{name}-gen"), AS_OF))


def _portal(name: str, gen: Path):
    _, site, truth_file = _generator(name)
    server = _serve(name, gen / site)
    try:
        yield Portal(name, gen, gen / site, json.loads((gen / truth_file).read_text("utf-8")), server)
    finally:
        server.stop()


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _audit(portal: Portal, tmp_path_factory):
    from auditor.cli import main

    work = tmp_path_factory.mktemp(f"{portal.name}-audit")
    out = work / "out"
    started = time.monotonic()
    code = main(["audit", portal.base_url + "/", "--as-of", AS_OF.isoformat(), "--out", str(out),
                 "--external-hosts", "127.0.0.1"])
    audit = Audit(portal, out, code, time.monotonic() - started)
    before = _digest(out)
    yield audit
    after = _digest(out)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, (f"the shared {portal.name} audit was modified by a test (copy it before changing it): "
                         f"{changed[:10]}")


@pytest.fixture(scope="session")
def kfq_generated(tmp_path_factory) -> Path:
    """The 开发区 sample (samples/kfq) generated for AS_OF: read-only."""
    return _generate("kfq", tmp_path_factory)


@pytest.fixture(scope="session")
def hanweb_generated(tmp_path_factory) -> Path:
    """The 大汉 sample (samples/hanweb) generated for AS_OF: read-only."""
    return _generate("hanweb", tmp_path_factory)


@pytest.fixture(scope="session")
def gkmlpt_generated(tmp_path_factory) -> Path:
    """The gkmlpt sample (samples/gkmlpt) generated for AS_OF: read-only."""
    return _generate("gkmlpt", tmp_path_factory)


@pytest.fixture(scope="session")
def kfq_portal(kfq_generated) -> Portal:
    yield from _portal("kfq", kfq_generated)


@pytest.fixture(scope="session")
def hanweb_portal(hanweb_generated) -> Portal:
    yield from _portal("hanweb", hanweb_generated)


@pytest.fixture(scope="session")
def gkmlpt_portal(gkmlpt_generated) -> Portal:
    yield from _portal("gkmlpt", gkmlpt_generated)


@pytest.fixture(scope="session")
def kfq_audit(kfq_portal, tmp_path_factory) -> Audit:
    yield from _audit(kfq_portal, tmp_path_factory)


@pytest.fixture(scope="session")
def hanweb_audit(hanweb_portal, tmp_path_factory) -> Audit:
    yield from _audit(hanweb_portal, tmp_path_factory)


@pytest.fixture(scope="session")
def gkmlpt_audit(gkmlpt_portal, tmp_path_factory) -> Audit:
    yield from _audit(gkmlpt_portal, tmp_path_factory)

