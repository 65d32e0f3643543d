"""Regression corpus of real portal pages (issue 9 item 13).

The pages under tests/realpages/<portal>/ were saved from real government portals (see
manifest.json for each file's source, licence and what may be redistributed). Each portal
is served from its own loopback mirror (realpages_mirror.py): held pages at their original paths,
every other path 404. The portal is audited through the real CLI (Scrapy crawl, every
rule), then:

* no finding contradicts a fact established by reading the page (``facts[].not``);
* every real problem established by reading the page is reported (``problems[].finding``);
* every held page was fetched, so no fact is checked against a page the audit never saw;
* the crawl asked nothing of any host but the mirror.

The schema is documented in tests/realpages/README.md.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest

from auditor.cli import main

from realpages_mirror import HERE, SHARED_DIR, build_mirrors, load_manifest, path_key

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

MANIFEST = load_manifest()
FILES = MANIFEST["files"]
HTML = [f for f in FILES if f["file"].endswith((".html", ".htm"))]
PDFS = [f for f in FILES if f["file"].lower().endswith(".pdf")]


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    mirrors, absent = build_mirrors(MANIFEST)
    for m in mirrors.values():
        m.start()
    work = tmp_path_factory.mktemp("realpages")
    results = {}
    try:
        for name, portal in MANIFEST["portals"].items():
            m = mirrors[name]
            out = work / name
            seeds = [a for seed in portal.get("seeds", []) for a in ("--seed", m.to_mirror(seed))]
            code = main(["audit", m.to_mirror(portal["start"]), "--as-of", portal["as_of"], "--out", str(out),
                         "--no-history", "--site-name", name, *seeds])
            report = json.loads((out / "report.json").read_text("utf-8"))
            results[name] = (m, report, code)
        yield results, absent
    finally:
        for m in mirrors.values():
            m.stop()


def _norm(url: str | None) -> str | None:
    return None if url is None else url.split("#", 1)[0]


def _url_is(want: str | None, got: str | None, mirror) -> bool:
    if want is None:
        return True
    if got is None:
        return False
    want_url = mirror.base_url + want if want.startswith("/") else mirror.to_mirror(want)
    return _norm(want_url) == _norm(got)


def _evidence_has(want: dict, got: dict, mirror) -> bool:
    """Every wanted key matches: equal value, ``{"contains": text}`` (substring of a
    string), or ``{"has_url": url}`` (a list holding that URL as the mirror serves it)."""
    for k, v in want.items():
        g = got.get(k)
        if isinstance(v, dict) and "contains" in v:
            if not isinstance(g, str) or v["contains"] not in g:
                return False
        elif isinstance(v, dict) and "has_url" in v:
            urls = [x if isinstance(x, str) else (x or {}).get("url") for x in (g or [])]
            if not any(_url_is(v["has_url"], u, mirror) for u in urls):
                return False
        elif g != v:
            return False
    return True


def _matches(spec: dict, rules, f: dict, mirror) -> bool:
    rules = [rules] if isinstance(rules, str) else rules
    return (f["rule"] in rules and f.get("status", "fail") == spec.get("status", "fail")
            and _url_is(spec.get("url"), f.get("url"), mirror)
            and _url_is(spec.get("target"), f.get("target"), mirror)
            and _evidence_has(spec.get("evidence", {}), f.get("evidence") or {}, mirror)
            and _evidence_has({"message": spec["message"]} if "message" in spec else {}, {"message": f.get("message")},
                              mirror))


def _checks(kind: str):
    for entry in FILES:
        for item in entry.get(kind, []):
            yield entry, item


def test_manifest_is_complete_and_large_enough():
    required = {"file", "url", "portal", "cms", "source", "licence", "redistribution", "facts", "problems"}
    for entry in FILES:
        assert required <= entry.keys(), (entry["file"], required - entry.keys())
        assert entry["portal"] in MANIFEST["portals"], entry["file"]
        src = entry["source"]
        assert {"repo", "path", "commit"} <= src.keys() and len(src["commit"]) == 40, entry["file"]
        if not entry.get("shared"):
            assert (HERE / entry["file"]).is_file(), entry["file"]
    ids = Counter(i["id"] for _, i in _checks("facts")) + Counter(i["id"] for _, i in _checks("problems"))
    assert not [i for i, n in ids.items() if n > 1], "fact and problem ids must be unique"
    for _, item in list(_checks("facts")) + list(_checks("problems")):
        assert item.get("says") and item.get("rule"), item
        assert ("not" in item) != ("finding" in item), item
    for name, portal in MANIFEST["portals"].items():
        assert {"origins", "start", "as_of", "as_of_reason", "cms"} <= portal.keys(), name
    portals = {e["portal"] for e in HTML}
    families = {MANIFEST["portals"][p]["cms"] for p in portals}
    assert len(HTML) >= 40, f"{len(HTML)} HTML pages"
    assert len(portals) >= 8, portals
    assert len(families) >= 3, families


def test_every_held_page_was_fetched_and_nothing_left_loopback(audited):
    results, absent = audited
    unfetched = []
    for entry in HTML:
        m, report, _ = results[entry["portal"]]
        if path_key(entry["url"]) not in m.requests and not entry.get("not_linked"):
            unfetched.append(entry["file"])
    assert not unfetched, f"held pages the crawl never asked for (their facts would be vacuous): {unfetched}"
    for name, (m, report, code) in results.items():
        assert code in (0, 2), f"{name}: the audit itself failed (exit {code})"
        crawl_hosts = {urlsplit(p).hostname for p in [report.get("start_url") or m.base_url]}
        assert crawl_hosts <= {"127.0.0.1"}, crawl_hosts


def test_no_finding_contradicts_an_established_fact(audited):
    results, _ = audited
    contradictions = []
    for entry, fact in _checks("facts"):
        m, report, _ = results[entry["portal"]]
        hits = [f for f in report["findings"] if _matches(fact["not"], fact["rule"], f, m)]
        contradictions += [(fact["id"], fact["says"], f["rule"], f.get("status"), f.get("url"), f.get("target"),
                            f.get("message")) for f in hits]
    assert not contradictions, "findings that contradict established facts:\n" + "\n".join(map(str, contradictions))


def test_every_established_problem_is_found(audited):
    results, _ = audited
    missed = []
    for entry, problem in _checks("problems"):
        m, report, _ = results[entry["portal"]]
        if not [f for f in report["findings"] if _matches(problem["finding"], problem["rule"], f, m)]:
            missed.append((problem["id"], problem["says"]))
    assert not missed, f"real problems not reported: {missed}"


def test_annual_report_pdfs_from_the_shared_folder(audited):
    # Issue 9 asks for 4 real annual-report PDFs. They are binaries that only `fetch` brings, and
    # what it brings may not be committed: they belong in the shared folder beside the clone.
    if len(PDFS) < 4:
        pytest.skip(f"{len(PDFS)} of the 4 annual-report PDFs issue 9 asks for are listed: none usable was found "
                    f"outside the reserved portals, and fetched binaries may only be placed in {SHARED_DIR}")
    _, absent = audited
    missing = [e["file"] for e in absent]
    if len(missing) == len(PDFS):
        pytest.skip(f"the annual-report PDFs are not committed (binary, fetched); place them in {SHARED_DIR} "
                    f"to run this part: {missing}")
    assert not missing, f"some shared PDFs are absent from {SHARED_DIR}: {missing}"
