"""`zwgk nightly PROFILE`: profile validation, the lock, `latest` kept on failure, history, progress."""

import datetime as dt
import io
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import yaml

from auditor.cli import main
from auditor.errors import ToolError
from auditor.history import History
from auditor.nightly import nightly_lock, prune_runs, run_nightly, switch_latest
from auditor.profile import ProfileError, load_profile
from auditor.progress import CrawlWatcher, progress_enabled, run_with_progress
AS_OF = dt.date(2026, 11, 27)


def _profile(tmp_path, sites, **top):
    p = tmp_path / "profile.yaml"
    p.write_text(yaml.safe_dump({"out": "nightly", **top, "sites": sites}, allow_unicode=True), encoding="utf-8")
    return p


@pytest.mark.parametrize("site, needle", [
    ({"name": "a", "start_url": "ftp://x.gov.cn/"}, "sites[0].start_url"),
    ({"name": "a b", "start_url": "http://x.gov.cn/"}, "sites[0].name"),
    ({"name": "a", "start_url": "http://x.gov.cn/", "max_pages": 0}, "sites[0].max_pages"),
    ({"name": "a", "start_url": "http://x.gov.cn/", "fail_on": "fatal"}, "sites[0].fail_on"),
    ({"name": "a", "start_url": "http://x.gov.cn/", "colour": "red"}, "sites[0].colour"),
    ({"name": "a", "start_url": "http://x.gov.cn/", "waivers": [{"rule": "LNK001", "reason": "x"}]},
     "sites[0].waivers"),
    ({"start_url": "http://x.gov.cn/"}, "sites[0].name"),
])
def test_profile_errors_name_the_field(tmp_path, site, needle, capsys):
    p = _profile(tmp_path, [site])
    with pytest.raises(ProfileError) as err:
        load_profile(p)
    assert needle in str(err.value)
    assert main(["nightly", str(p), "--progress", "off"]) == 1
    assert needle in capsys.readouterr().err


def test_profile_other_errors(tmp_path):
    with pytest.raises(ProfileError, match="sites"):
        load_profile(_profile(tmp_path, []))
    with pytest.raises(ProfileError, match="unique"):
        load_profile(_profile(tmp_path, [{"name": "a", "start_url": "http://a/"}, {"name": "a", "start_url": "http://b/"}]))
    with pytest.raises(ProfileError, match="not found"):
        load_profile(tmp_path / "none.yaml")
    ok, base = load_profile(_profile(tmp_path, [{"name": "a", "start_url": "http://a.gov.cn/", "fail_on": "NEW",
                                                 "rules": {"col002": {"dynamic_days": 30}}}]))
    assert ok.sites[0].fail_on == "new" and ok.sites[0].rules == {"COL002": {"dynamic_days": 30}}
    assert base == tmp_path.resolve()


def test_second_run_exits_1_while_the_lock_is_held(tmp_path, capsys):
    p = _profile(tmp_path, [{"name": "a", "start_url": "http://127.0.0.1:9/"}])
    with nightly_lock(tmp_path / "nightly"):
        assert main(["nightly", str(p), "--progress", "off"]) == 1
        err = capsys.readouterr().err
        assert "another nightly run holds the lock" in err and str(os.getpid()) in err
        assert not (tmp_path / "nightly" / "a").exists()  # nothing was started
    with nightly_lock(tmp_path / "nightly"):  # released when the holder is done
        pass


def test_nightly_runs_keeps_latest_good_and_writes_history(sample_server, sample_crawl, tmp_path, capsys):
    server, _ = sample_server
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: LNK003\n    reason: 外部网站故障\n    expires: 2026-12-31\n", encoding="utf-8")
    p = _profile(tmp_path, [{"name": "kfq", "start_url": server.base_url + "/", "external_hosts": ["127.0.0.1"],
                             "max_pages": 2000, "fail_on": "new", "waivers": "waivers.yaml",
                             "rules": {"COL002": {"dynamic_days": 14}}}], keep_runs=2)
    out = tmp_path / "nightly"

    # 1: a real crawl in a subprocess; everything is new → gate fails (2)
    assert main(["nightly", str(p), "--as-of", AS_OF.isoformat(), "--progress", "off"]) == 2
    printed = capsys.readouterr().out
    assert "[kfq]" in printed and "未通过" in printed and "页面 pages" not in printed  # quiet: not a TTY
    latest = out / "kfq" / "latest"
    assert latest.is_symlink()
    first = latest.resolve()
    for name in ("report.html", "report.json", "report.xlsx", "junit.xml", "report.md", "crawl/pages.jsonl"):
        assert (latest / name).exists(), name
    report = json.loads((latest / "report.json").read_text(encoding="utf-8"))
    assert report["site_name"] == "kfq" and report["summary"]["fail_on"] == "new"

    # 2: same site again (the saved crawl stands in for the crawler): nothing new → 0
    def copy_crawl(url, run_dir, **kw):
        return Path(shutil.copytree(sample_crawl, run_dir))

    assert run_nightly(p, as_of=AS_OF, progress="off", crawl_fn=copy_crawl) == 0
    second = latest.resolve()
    assert second != first and json.loads((latest / "report.json").read_text("utf-8"))["diff"]["new"] == 0

    # 3: the crawl fails → exit 1, latest still points at the last good run
    def broken(url, run_dir, **kw):
        Path(run_dir).mkdir(parents=True)
        raise ToolError("抓取失败 / crawl failed: connection refused")

    assert run_nightly(p, as_of=AS_OF, progress="off", crawl_fn=broken) == 1
    err = capsys.readouterr().err
    assert "connection refused" in err and "last good report kept" in err
    assert latest.resolve() == second and (latest / "report.html").exists()
    failed_runs = [d for d in (out / "kfq" / "runs").iterdir() if (d / "FAILED.txt").exists()]
    assert len(failed_runs) == 1

    with History(out / "zwgk-history.sqlite") as h:
        rows = h.runs("kfq")
    assert [r["status"] for r in rows] == ["failed", "ok", "ok"]
    assert rows[1]["new"] == 0 and rows[2]["new"] > 0

    # keep_runs=2: older run folders are pruned, never the one latest points to
    assert run_nightly(p, as_of=AS_OF, progress="off", crawl_fn=copy_crawl) == 0
    kept = sorted((out / "kfq" / "runs").iterdir())
    assert len(kept) == 2 and latest.resolve() in [k.resolve() for k in kept]


def test_switch_latest_is_atomic_rename(tmp_path):
    a, b = tmp_path / "runs" / "a", tmp_path / "runs" / "b"
    a.mkdir(parents=True)
    b.mkdir()
    switch_latest(tmp_path, a)
    switch_latest(tmp_path, b)
    assert os.readlink(tmp_path / "latest") == os.path.join("runs", "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "runs"]
    assert prune_runs(tmp_path, 1) == [a]


def test_unknown_site_option(tmp_path, capsys):
    p = _profile(tmp_path, [{"name": "a", "start_url": "http://127.0.0.1:9/"}])
    assert main(["nightly", str(p), "--site", "zzz", "--progress", "off"]) == 1
    assert "no site named zzz" in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------
# Progress


def _page(url, links=(), status=200):
    return json.dumps({"url": url, "final_url": url, "status": status,
                       "links": [{"url": u, "kind": "page"} for u in links]}) + "\n"


def test_watcher_counts_pages_queue_and_errors(tmp_path):
    clock = iter([0.0, 2.0, 4.0, 6.0]).__next__
    w = CrawlWatcher(tmp_path, "http://h:1/", clock=clock)
    assert w.poll().pages == 0  # no files yet
    with (tmp_path / "pages.jsonl").open("w") as fh:
        fh.write(_page("http://h:1/", ["http://h:1/a", "http://h:1/b", "http://other/x"]))
        fh.write(_page("http://h:1/a", ["http://h:1/c"])[:20])  # a line being written
    s = w.poll()
    assert (s.pages, s.queue, s.elapsed, s.rate) == (1, 2, 4.0, 0.25)
    with (tmp_path / "pages.jsonl").open("a") as fh:
        fh.write(_page("http://h:1/a", ["http://h:1/c"])[20:])
        fh.write(_page("http://h:1/b", status=404))
    (tmp_path / "links.jsonl").write_text(json.dumps({"url": "x", "kind": "attachment", "outcome": "dead"}) + "\n")
    s = w.poll()
    assert (s.pages, s.queue, s.links, s.errors) == (3, 1, 1, 2)
    assert "页面 pages 3" in s.line() and "队列 queue ~1" in s.line()


def test_progress_enabled():
    tty = type("T", (), {"isatty": lambda self: True})()
    assert progress_enabled("auto", tty, {}) is True
    assert progress_enabled("auto", tty, {"CI": "true"}) is False
    assert progress_enabled("auto", io.StringIO(), {}) is False
    assert progress_enabled("on", io.StringIO(), {"CI": "1"}) is True
    assert progress_enabled("off", tty, {}) is False


def test_live_display_while_the_crawl_runs(tmp_path):
    from rich.console import Console

    def fake_crawl():
        with (tmp_path / "pages.jsonl").open("w") as fh:
            for i in range(5):
                fh.write(_page(f"http://h:1/{i}", [f"http://h:1/{i + 1}"]))
                fh.flush()
                time.sleep(0.06)
        return "done"

    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=160)
    assert run_with_progress(fake_crawl, tmp_path, label="[kfq] 抓取", start_url="http://h:1/", enabled=True,
                             console=console, interval=0.05) == "done"
    text = buf.getvalue()
    assert "页面 pages 5" in text and "完成 done" in text and "[kfq] 抓取" in text

    def crash():
        raise ToolError("boom")

    with pytest.raises(ToolError, match="boom"):
        run_with_progress(crash, tmp_path, label="x", enabled=False)
    assert threading.active_count() >= 1


def test_one_site_crashing_does_not_stop_the_others(tmp_path, capsys):
    from auditor_testkit import DeadLinks, make_site, write_run

    p = _profile(tmp_path, [{"name": "bad", "start_url": "http://127.0.0.1:9/"},
                            {"name": "good", "start_url": "http://127.0.0.1:8001/", "fail_on": "critical"}])

    def crawl(url, run_dir, **kw):
        if url.endswith(":9/"):
            raise RuntimeError("unexpected")
        return write_run(Path(run_dir), make_site())

    assert run_nightly(p, as_of=AS_OF, progress="off", injected_rules=[DeadLinks()], crawl_fn=crawl) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: unexpected" in err
    out = tmp_path / "nightly"
    assert not (out / "bad" / "latest").exists() and (out / "good" / "latest" / "report.html").exists()
