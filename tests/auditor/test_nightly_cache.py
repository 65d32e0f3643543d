"""Issue 12 item 2, the cache wiring: `zwgk nightly` keeps a per-site HTTP cache under its
output root, so the second night revalidates every page (the sample server answers 304)
and reports the same findings. Real crawls of the bundled sample on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from auditor.nightly import CACHE_DIR, run_nightly, site_cache_dir
from auditor.profile import load_profile
from contracts import CrawlInfo
from samples import build_and_serve

AS_OF = dt.date(2026, 11, 27)


def _reports(site_dir: Path) -> list[Path]:
    return sorted(site_dir.glob("runs/*/report.json"))


def test_second_night_revalidates_and_finds_the_same(tmp_path):
    server, _ = build_and_serve(tmp_path / "gen", AS_OF)
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump({"out": "nightly", "sites": [
        {"name": "kfq", "start_url": server.base_url + "/", "external_hosts": ["127.0.0.1"], "timeout": 240}]}),
        encoding="utf-8")
    try:
        assert run_nightly(profile, as_of=AS_OF, progress="off") == 2  # planted gaps fail the gate
        first = server.stats.statuses()
        bytes1 = server.stats.body_bytes
        server.stats.reset()
        assert run_nightly(profile, as_of=AS_OF, progress="off") == 2
        second = server.stats.statuses()
        bytes2 = server.stats.body_bytes
    finally:
        server.stop()
    site_dir = tmp_path / "nightly" / "kfq"
    assert (site_dir / CACHE_DIR).is_dir()  # the default cache: OUT/<site>/cache
    one, two = (json.loads(p.read_text("utf-8")) for p in _reports(site_dir))
    print(dict(first), dict(second), bytes1, bytes2)
    assert first[304] < 10 and second[304] >= 300  # every unchanged page revalidated
    assert second[304] >= 0.9 * first[200] - second[200] - 100  # link checks (HEAD) are never cached
    assert bytes2 < bytes1 * 0.2
    runs = sorted(site_dir.glob("runs/*/crawl/crawl.json"))
    info = CrawlInfo.model_validate_json(runs[-1].read_text("utf-8"))
    assert info.stats["httpcache/revalidate"] >= 300
    key = lambda f: (f["fingerprint"], f["rule"], f["status"], f["url"], f["target"], f["message"])  # noqa: E731
    assert len(one["findings"]) > 50
    assert sorted(map(key, one["findings"])) == sorted(map(key, two["findings"]))
    assert two["diff"]["new"] == 0 and two["diff"]["resolved"] == 0
    print(f"nightly twice over kfq: night 1 {first[200]} answers 200 / {bytes1:,} body bytes; night 2 "
                   f"{second[304]} answers 304, {second[200]} 200 / {bytes2:,} body bytes; same "
                   f"{len(two['findings'])} findings")


def test_cache_dir_from_the_profile(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(yaml.safe_dump({"out": "o", "sites": [
        {"name": "a", "start_url": "http://127.0.0.1:9/", "cache_dir": "caches/a"},
        {"name": "b", "start_url": "http://127.0.0.1:9/"}]}), encoding="utf-8")
    prof, base = load_profile(profile)
    a, b = prof.sites
    assert site_cache_dir(a, base, tmp_path / "o" / "a") == (tmp_path / "caches" / "a").resolve()
    assert site_cache_dir(b, base, tmp_path / "o" / "b") == tmp_path / "o" / "b" / CACHE_DIR


def test_audit_cache_dir_revalidates(tmp_path):
    """`zwgk audit --cache-dir DIR`: the second audit of the same site asks with conditional
    requests and gets 304s for its pages."""
    from auditor.cli import main

    server, _ = build_and_serve(tmp_path / "gen", AS_OF)
    cache = tmp_path / "cache"
    try:
        args = ["--as-of", AS_OF.isoformat(), "--external-hosts", "127.0.0.1", "--no-history", "--cache-dir", str(cache)]
        assert main(["audit", server.base_url + "/", "--out", str(tmp_path / "one"), *args]) == 2
        first = server.stats.statuses()
        server.stats.reset()
        assert main(["audit", server.base_url + "/", "--out", str(tmp_path / "two"), *args]) == 2
        second = server.stats.statuses()
    finally:
        server.stop()
    assert any(cache.rglob("*")) and first[304] < 10 and second[304] >= 300
    one, two = (json.loads((tmp_path / d / "report.json").read_text("utf-8")) for d in ("one", "two"))
    assert sorted(f["fingerprint"] for f in one["findings"]) == sorted(f["fingerprint"] for f in two["findings"])
