"""The PII hash salt is one per run folder: a resumed crawl hashes the same value to the
same digest as the interrupted one, and the salt is never written (run folder, logs).
Real crawls on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler import run as crawl_run
from crawler.run import crawl_site

from tests.helpers.loopback_http import Reply, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

PHONE = "13812345678"
CHAIN = 8


def page(n: int) -> Reply:
    nxt = f"<a href='/p{n + 1}.html'>下一页</a>" if n < CHAIN else ""
    phone = f"<p>联系人：张三，联系电话：{PHONE}</p>" if n in (0, CHAIN) else ""
    body = (f"<html><head><meta charset='utf-8'><title>第{n}页</title></head><body>{phone}{nxt}"
            "<p>" + "正文内容" * 20 + "</p></body></html>").encode("utf-8")
    return Reply(200, {"Content-Type": "text/html"}, body, sleep=0.3)


def routes() -> dict:
    r = {"/": lambda m, p: page(0),
         "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n")}
    for n in range(1, CHAIN + 1):
        r[f"/p{n}.html"] = lambda m, p, n=n: page(n)
    return r


def digests(out: Path) -> dict[str, list[str]]:
    found = {}
    for line in (out / "pages.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            found[rec["url"]] = [c["digest"] for c in rec.get("pii") or [] if c["kind"] == "mobile"]
    return found


def test_resumed_crawl_keeps_the_salt_and_never_writes_it(tmp_path):
    srv = start_server(None, routes())
    settings = {"ZWGK_FETCH_DOCUMENTS": False, "ZWGK_NEWMEDIA": False, "ZWGK_CHECK_EXTERNAL": False,
                "AUTOTHROTTLE_START_DELAY": 0.2}
    out = tmp_path / "run"
    try:
        crawl_site(srv.url("/"), out, external_hosts=[], timeout=60,
                   extra_settings={**settings, "CLOSESPIDER_TIMEOUT": 1.5})
        before = digests(out)
        assert srv.url("/") in before and srv.url(f"/p{CHAIN}.html") not in before, \
            "the first run must stop before the last page to prove anything"
        crawl_site(srv.url("/"), out, external_hosts=[], timeout=60, extra_settings=settings, resume=True)
    finally:
        srv.stop()
    after = digests(out)
    first, last = after[srv.url("/")], after[srv.url(f"/p{CHAIN}.html")]
    assert first == before[srv.url("/")] and len(first) == 1
    assert last == first, "the same value hashed differently after the resume"
    # the salt lives in the parent's memory only: nowhere in the run folder (logs, job/, artifacts)
    salt = crawl_run._SALTS[out.resolve()]
    needles = [salt, salt.hex().encode(), salt.hex().upper().encode(), PHONE.encode()]
    for f in out.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert not [n for n in needles if n in data], f"salt or raw value written to {f}"


def test_a_fresh_crawl_of_the_folder_gets_a_new_salt(tmp_path):
    a = crawl_run.salt_for(tmp_path / "x", resume=False)
    assert crawl_run.salt_for(tmp_path / "x", resume=True) == a
    assert crawl_run.salt_for(tmp_path / "x", resume=False) != a


def test_child_reads_the_salt_from_the_environment_and_drops_it():
    code = ("import os; from crawler import pii; "
            "print(pii.digest('13812345678'), os.environ.get('ZWGK_PII_SALT'))")
    root = str(Path(crawl_run.__file__).resolve().parents[1])
    env = {**os.environ, "ZWGK_PII_SALT": "ab" * 16, "PYTHONPATH": root}
    outs = {subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                           check=True).stdout.split()[0] for _ in range(2)}
    assert len(outs) == 1
    from crawler import pii
    import hashlib

    assert outs == {hashlib.sha256(bytes.fromhex("ab" * 16) + PHONE.encode()).hexdigest()}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split()[1] == "None"
    del pii
