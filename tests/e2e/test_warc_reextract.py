"""The archived crawl (issue 12 item 5) end to end on the bundled sample portal: the live
audit writes WARC files; with the server stopped, `zwgk check RUN --reextract` rebuilds the
artifacts from the archive alone and gives the same findings; every finding cites its
archived record, and the record is what the server sent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from auditor.archive import EVIDENCE_KEYS
from auditor.cli import main
from crawler.warc import ArchiveReader, read_index, warc_files
from samples import build_and_serve

AS_OF = dt.date(2026, 11, 27)


def _key(f: dict) -> tuple:
    return (f["fingerprint"], f["rule"], f["status"], f["url"], f["target"], f["message"])


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    work = tmp_path_factory.mktemp("warc")
    server, _truth = build_and_serve(work / "site", AS_OF)
    try:
        live = work / "live"
        code = main(["audit", server.base_url + "/", "--as-of", AS_OF.isoformat(), "--out", str(live),
                     "--external-hosts", "127.0.0.1", "--no-history"])
        requests_live = len(server.stats.requests)
    finally:
        server.stop()  # nothing below can fetch anything: the server is gone
    again = work / "again"
    code2 = main(["check", str(live / "crawl"), "--reextract", "--as-of", AS_OF.isoformat(), "--out", str(again),
                  "--no-history"])
    return {"live": live, "again": again, "codes": (code, code2), "requests": requests_live,
            "report": json.loads((live / "report.json").read_text("utf-8")),
            "report2": json.loads((again / "report.json").read_text("utf-8"))}


def test_crawl_is_archived(audits):
    run = audits["live"] / "crawl"
    files = warc_files(run)
    assert files and all(p.stat().st_size > 0 for p in files)
    entries = list(read_index(run))
    kinds = {e.get("kind") for e in entries}
    assert {"response", "request"} <= kinds
    pages = [json.loads(x) for x in (run / "pages.jsonl").read_text("utf-8").splitlines()]
    archived = {e["target"] for e in entries if e.get("kind") == "response"}
    missing = [p["url"] for p in pages if p["url"] not in archived]
    assert not missing, f"pages without an archived answer: {missing[:5]}"
    heads = [e for e in entries if e.get("kind") == "response" and e.get("method") == "HEAD"]
    assert heads and all(e["size"] == 0 for e in heads)  # HEAD answers: headers only
    # warcio's own checker recomputes every block and payload digest (our sha256 included)
    for path in files:
        done = subprocess.run([sys.executable, "-m", "warcio.cli", "check", "-v", str(path)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        assert "digest pass" in done.stdout and "digest failed" not in done.stdout


def _evidence(f: dict) -> dict:
    """Evidence without the archive keys, lists in sorted order. `examples` are the first few
    of more pages in the order pages were written, which concurrency decides (in a live crawl
    as in a replay): only their number is compared."""
    out = {}
    for k, v in f["evidence"].items():
        if k.removeprefix("target_") in EVIDENCE_KEYS:
            continue
        if k == "examples" and isinstance(v, list):
            out[k] = len(v)
        else:
            out[k] = sorted(v, key=json.dumps) if isinstance(v, list) else v
    return out


def test_reextract_equals_live_audit(audits):
    assert audits["codes"] == (2, 2)
    live, again = audits["report"], audits["report2"]
    assert len(live["findings"]) > 50
    assert sorted(map(_key, live["findings"])) == sorted(map(_key, again["findings"]))
    assert {f["fingerprint"]: _evidence(f) for f in live["findings"]} == \
        {f["fingerprint"]: _evidence(f) for f in again["findings"]}
    assert live["summary"]["pages_crawled"] == again["summary"]["pages_crawled"]
    replay = json.loads((audits["live"] / "crawl" / "reextract" / "replay.json").read_text("utf-8"))
    assert replay["answered_from_archive"] > 400 and replay["links"]["replayed"] > 300


def test_reextract_touched_no_network(audits):
    """The server was stopped before the re-extraction: a request reaching the network would
    have been refused (as the live crawl's link to a closed port was); none was."""
    assert audits["requests"] > 400  # what the live audit asked the server
    live_log = (audits["live"] / "crawl" / "crawl.log").read_text("utf-8")
    log = (audits["live"] / "crawl" / "reextract" / "crawl.log").read_text("utf-8")
    assert "ConnectionRefused" in live_log
    assert "Replaying" in log and "ConnectionRefused" not in log and "TimeoutError" not in log
    replay = json.loads((audits["live"] / "crawl" / "reextract" / "replay.json").read_text("utf-8"))
    assert replay["stats"].get("downloader/exception_type_count/scrapy.exceptions.DownloadConnectionRefusedError") is None


def test_findings_cite_archived_records(audits):
    run = audits["live"] / "crawl"
    reader = ArchiveReader(run)
    cited = 0
    for report in (audits["report"], audits["report2"]):
        for f in report["findings"]:
            ev = f["evidence"]
            for prefix in ("", "target_"):
                rid = ev.get(f"{prefix}warc_record_id")
                if not rid:
                    continue
                headers, body, _, status = reader.read(ev[f"{prefix}warc_file"], ev[f"{prefix}warc_offset"])
                assert headers.get_header("WARC-Record-ID") == rid
                assert hashlib.sha256(body).hexdigest() == ev[f"{prefix}body_sha256"]
                assert headers.get_header("WARC-Date") == ev[f"{prefix}fetched_at"]
                cited += 1
    reader.close()
    fails = [f for f in audits["report"]["findings"] if f["status"] == "fail" and f["url"]]
    assert all("warc_record_id" in f["evidence"] for f in fails), "a failing page without its archived record"
    assert cited > 100
    dead = [f for f in fails if f["rule"] == "LNK001"]
    assert dead and all(f["evidence"].get("target_http_status") == 404 or "target_warc_record_id" not in f["evidence"]
                        or f["evidence"].get("target_http_status", 0) >= 300 for f in dead)


def test_ledger_names_the_record(audits):
    wb = load_workbook(audits["live"] / "report.xlsx")
    rows = list(wb["整改台账"].iter_rows(values_only=True))
    assert rows[0][-1] == "取证记录（WARC）"
    cells = [r[-1] for r in rows[1:] if r[-1]]
    assert cells and all("WARC-Record-ID <urn:uuid:" in c and "sha256 " in c for c in cells)


def test_fingerprints_do_not_depend_on_the_archive(audits, tmp_path):
    """The same crawl audited without its archive: the same fingerprints (nightly diffs do
    not churn), and no archive keys in the evidence."""
    import shutil

    bare = tmp_path / "bare"
    shutil.copytree(audits["live"] / "crawl", bare, ignore=shutil.ignore_patterns("archive-*", "reextract"))
    out = tmp_path / "out"
    assert main(["check", str(bare), "--as-of", AS_OF.isoformat(), "--out", str(out), "--no-history"]) == 2
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert sorted(map(_key, report["findings"])) == sorted(map(_key, audits["report"]["findings"]))
    assert not [f for f in report["findings"] if set(f["evidence"]) & set(EVIDENCE_KEYS)]


def test_reextract_without_an_archive_is_an_operator_error(audits, tmp_path, capsys):
    import shutil

    bare = tmp_path / "bare"
    shutil.copytree(audits["live"] / "crawl", bare, ignore=shutil.ignore_patterns("archive-*", "reextract"))
    assert main(["check", str(bare), "--reextract", "--out", str(tmp_path / "o"), "--no-history"]) == 1
    assert "no WARC archive" in capsys.readouterr().err


def test_reextract_of_the_hanweb_sample(tmp_path):
    """The 大汉 sample: 429 on every other request (asked again later), dataproxy.jsp records
    by GET and by POST, a soft-404, a redirect loop. Its replay gives the live findings too."""
    from samples.hanweb import build_and_serve as build_hanweb

    server, _ = build_hanweb(tmp_path / "gen", AS_OF)
    try:
        assert main(["audit", server.base_url + "/", "--as-of", AS_OF.isoformat(), "--out", str(tmp_path / "live"),
                     "--external-hosts", "127.0.0.1", "--no-history"]) == 2
        asked = len(server.stats.requests)
        # this time the server stays up while the crawl is extracted again: it is asked nothing
        assert main(["check", str(tmp_path / "live" / "crawl"), "--reextract", "--as-of", AS_OF.isoformat(),
                     "--out", str(tmp_path / "again"), "--no-history"]) == 2
        assert asked > 200 and len(server.stats.requests) == asked
    finally:
        server.stop()
    live, again = (json.loads((tmp_path / d / "report.json").read_text("utf-8")) for d in ("live", "again"))
    assert len(live["findings"]) > 20
    assert sorted(map(_key, live["findings"])) == sorted(map(_key, again["findings"]))
    entries = list(read_index(tmp_path / "live" / "crawl"))
    assert any(e.get("status") == 429 for e in entries)  # the throttled answers are archived as well
    assert any(e.get("method") == "POST" and e.get("request_body") for e in entries)
