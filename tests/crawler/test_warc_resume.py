"""The WARC archive survives a kill and a resume: each crawl process appends its own file
(archive-00000, -00001 …), a torn last record is skipped and its index rebuilt from the
WARC, and every page written is archived. Real crawls of the kfq sample on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from crawler.run import _package_root, build_command, crawl_site
from crawler.warc import ArchiveReader, index_path, read_index, warc_files
from samples import build_and_serve

AS_OF = dt.date(2026, 11, 27)


def _start(start_url: str, out: Path) -> subprocess.Popen:
    out.mkdir(parents=True, exist_ok=True)
    cmd = build_command(start_url, out, max_pages=5000, external_hosts=["127.0.0.1"], settings={})
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings",
           "PYTHONPATH": os.pathsep.join(p for p in (str(_package_root()), os.environ.get("PYTHONPATH", "")) if p)}
    log = (out / "crawl.log").open("wb")
    return subprocess.Popen(cmd, cwd=out, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)


def test_killed_crawl_resumes_into_a_new_warc_file(tmp_path):
    server, _ = build_and_serve(tmp_path / "gen", AS_OF)
    out = tmp_path / "run"
    try:
        proc = _start(server.base_url + "/", out)
        pages = out / "pages.jsonl"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            if pages.exists() and len(pages.read_bytes().splitlines()) >= 120:
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed = warc_files(out)
        assert [p.name for p in killed] == ["archive-00000.warc.gz"]
        crawl_site(server.base_url + "/", out, external_hosts=["127.0.0.1"], timeout=240, resume=True)
    finally:
        server.stop()
    names = [p.name for p in warc_files(out)]
    assert names[:2] == ["archive-00000.warc.gz", "archive-00001.warc.gz"]  # the killed file is never reopened
    entries = list(read_index(out))
    archived = {e["target"] for e in entries if e.get("kind") == "response"}
    written = [json.loads(x)["url"] for x in pages.read_text("utf-8").splitlines() if x.strip()]
    assert len(written) >= 400
    assert not [u for u in written if u not in archived], "a page written without its archived answer"
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    # the server is stopped: the killed-and-resumed crawl is extracted again from its archive alone
    from auditor.archive import reextract

    again = reextract(out)
    replayed = {json.loads(x)["url"] for x in (again / "pages.jsonl").read_text("utf-8").splitlines() if x.strip()}
    assert replayed == set(written)


def test_torn_warc_is_read_up_to_the_tear_and_reindexed(tmp_path):
    server, _ = build_and_serve(tmp_path / "gen", AS_OF)
    try:
        run = crawl_site(server.base_url + "/", tmp_path / "run", external_hosts=["127.0.0.1"], timeout=240,
                         extra_settings={"ZWGK_NEWMEDIA": False, "ZWGK_FETCH_DOCUMENTS": False})
    finally:
        server.stop()
    warc = warc_files(run)[0]
    complete = list(read_index(run))
    torn_dir = tmp_path / "torn"
    torn_dir.mkdir()
    cut = complete[-5]["offset"] + complete[-5]["length"] // 2  # half-way through the fifth record from the end
    (torn_dir / warc.name).write_bytes(warc.read_bytes()[:cut])
    shutil.copyfile(index_path(warc), index_path(torn_dir / warc.name))  # an index longer than its WARC
    rebuilt = list(read_index(torn_dir))
    assert [e["id"] for e in rebuilt] == [e["id"] for e in complete[:-5]]
    for a, b in zip(rebuilt, complete):
        assert (a["offset"], a["length"], a["type"]) == (b["offset"], b["length"], b["type"])
        if b.get("kind") not in (None, "request"):  # requests are indexed by position only
            assert (a["sha256"], a["url"], a["kind"]) == (b["sha256"], b["url"], b["kind"])
        if b.get("kind") == "response":
            assert (a["method"], a["status"], a["target"], a["role"]) == (b["method"], b["status"], b["target"],
                                                                          b["role"])
    assert len(index_path(torn_dir / warc.name).read_text("utf-8").splitlines()) == len(rebuilt)
    reader = ArchiveReader(torn_dir)
    headers, _, _, _ = reader.read(rebuilt[-1]["file"], rebuilt[-1]["offset"])
    assert headers.get_header("WARC-Record-ID") == rebuilt[-1]["id"]
    reader.close()


def test_rotation_and_total_limit(tmp_path):
    """Files are rotated at ZWGK_WARC_MAX_FILE_BYTES; at ZWGK_WARC_MAX_TOTAL_BYTES archiving
    stops and crawl.json says so; the crawl itself goes on to the end."""
    server, _ = build_and_serve(tmp_path / "gen", AS_OF)
    try:
        run = crawl_site(server.base_url + "/", tmp_path / "run", external_hosts=["127.0.0.1"], timeout=240,
                         extra_settings={"ZWGK_NEWMEDIA": False, "ZWGK_FETCH_DOCUMENTS": False,
                                         "ZWGK_WARC_MAX_FILE_BYTES": 100_000, "ZWGK_WARC_MAX_TOTAL_BYTES": 400_000})
    finally:
        server.stop()
    files = warc_files(run)
    sizes = [p.stat().st_size for p in files]
    assert len(files) >= 4 and all(s < 100_000 + 60_000 for s in sizes)  # at most one record pair beyond the limit
    assert 400_000 <= sum(sizes) < 400_000 + 60_000
    info = json.loads((run / "crawl.json").read_text("utf-8"))
    assert any("ZWGK_WARC_MAX_TOTAL_BYTES=400000 reached" in line for line in info["capped"])
    pages = (run / "pages.jsonl").read_text("utf-8").splitlines()
    archived = {e["target"] for e in read_index(run) if e.get("kind") == "response"}
    assert len(pages) >= 400 and len(archived) < len(pages)  # the crawl went on without the archive
