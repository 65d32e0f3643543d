"""The archived crawl of rendered pages: the gkmlpt sample's script-built lists need
Chromium. The rendered DOM is a `conversion` record beside the raw answer it refers to, the
JSON answers the page received are `resource` records, and a re-extraction from the archive
(server stopped, no browser started) gives the live audit's findings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from auditor.cli import main
from crawler.render import find_browser
from crawler.warc import ArchiveReader, read_index
from samples.gkmlpt import build_and_serve

AS_OF = dt.date(2026, 11, 27)
pytestmark = pytest.mark.skipif(find_browser()[0] is None, reason="no Chromium: rendering is unavailable")


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    work = tmp_path_factory.mktemp("warc-gkmlpt")
    server, _ = build_and_serve(work / "gen", AS_OF)
    try:
        live = work / "live"
        main(["audit", server.base_url + "/", "--as-of", AS_OF.isoformat(), "--out", str(live),
              "--external-hosts", "127.0.0.1", "--no-history"])
    finally:
        server.stop()
    again = work / "again"
    main(["check", str(live / "crawl"), "--reextract", "--as-of", AS_OF.isoformat(), "--out", str(again),
          "--no-history"])
    return live, again


def test_rendered_dom_beside_the_raw_answer(audits):
    live, _ = audits
    run = live / "crawl"
    entries = list(read_index(run))
    by_id = {e["id"]: e for e in entries}
    conversions = [e for e in entries if e.get("kind") == "conversion"]
    assert conversions, "the sample's script-built lists were rendered"
    reader = ArchiveReader(run)
    for c in conversions:
        raw = by_id[c["refers_to"]]
        assert raw["kind"] == "response" and raw["url"] == c["url"] and raw["method"] == "GET"
        headers, body, _, _ = reader.read(c["file"], c["offset"])
        assert headers.get_header("WARC-Type") == "conversion"
        assert headers.get_header("WARC-Refers-To") == raw["id"]
        assert b"<html" in body.lower()
    answers = [e for e in entries if e.get("kind") == "json"]
    assert answers and {a["of"] for a in answers} <= {c["id"] for c in conversions}
    headers, body, _, _ = reader.read(answers[0]["file"], answers[0]["offset"])
    assert json.loads(body) is not None and headers.get_header("WARC-Concurrent-To") == answers[0]["of"]
    reader.close()


def test_reextract_of_rendered_pages_equals_live(audits):
    live, again = audits
    one = json.loads((live / "report.json").read_text("utf-8"))
    two = json.loads((again / "report.json").read_text("utf-8"))
    key = lambda f: (f["fingerprint"], f["rule"], f["status"], f["url"], f["target"], f["message"])  # noqa: E731
    assert one["findings"] and sorted(map(key, one["findings"])) == sorted(map(key, two["findings"]))
    replay = json.loads((live / "crawl" / "reextract" / "replay.json").read_text("utf-8"))
    assert replay["rendered_from_archive"] >= 2
    assert "Launching browser" in (live / "crawl" / "crawl.log").read_text("utf-8")
    assert "Launching browser" not in (live / "crawl" / "reextract" / "crawl.log").read_text("utf-8")
    pages = [json.loads(x) for x in (live / "crawl" / "reextract" / "pages.jsonl").read_text("utf-8").splitlines()]
    assert sum(1 for p in pages if p["rendered"]) == replay["rendered_from_archive"]
    rendered_fails = [f for f in one["findings"] if f["evidence"].get("warc_record_id")
                      and any(p["rendered"] and p["url"] == f["url"] for p in pages)]
    ids = {e["id"]: e for e in read_index(live / "crawl")}
    assert all(ids[f["evidence"]["warc_record_id"]]["kind"] == "conversion" for f in rendered_fails)
