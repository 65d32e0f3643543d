"""Operator errors get one clear message and exit 1, never a traceback, and are found before
anything is crawled (issue 10 item 8). The audits point at a live site on 127.0.0.1 so a test
can prove the site was never asked."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

from auditor.cli import main
from auditor_testkit import DeadLinks, make_site, write_run

from tests.helpers.loopback_http import Reply, start_server

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

AS_OF = "2026-11-27"


@pytest.fixture()
def site():
    srv = start_server(None, {"/": lambda m, p: Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                                                       "<html><head><title>首页</title></head><body>x</body></html>"
                                                       .encode("utf-8"))})
    try:
        yield srv
    finally:
        srv.stop()


def _one_message(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("zwgk:") == 1, err
    return err


def test_out_that_is_a_file(site, tmp_path, capsys):
    out = tmp_path / "report.html"
    out.write_text("not a folder", encoding="utf-8")
    assert main(["audit", site.url("/"), "--out", str(out), "--as-of", AS_OF]) == 1
    err = _one_message(capsys)
    assert "--out" in err and "is a file, not a folder" in err
    assert site.seen("/") == 0 and out.read_text(encoding="utf-8") == "not a folder"
    assert main(["check", str(tmp_path), "--out", str(out), "--as-of", AS_OF]) == 1
    assert "is a file" in _one_message(capsys)


def test_out_that_is_read_only(site, tmp_path, capsys):
    if os.geteuid() == 0:
        out = Path("/sys/kernel")  # sysfs: a folder nobody, root included, can create files in
    else:
        out = tmp_path / "ro"
        out.mkdir()
        out.chmod(0o555)
    assert main(["audit", site.url("/"), "--out", str(out), "--as-of", AS_OF]) == 1
    err = _one_message(capsys)
    assert f"--out {out}" in err and "not writable" in err
    assert site.seen("/") == 0
    if os.geteuid() == 0:
        inside = Path("/sys/kernel/zwgk-out")  # a folder that cannot be created
        assert main(["audit", site.url("/"), "--out", str(inside), "--as-of", AS_OF]) == 1
        assert "cannot create the folder" in _one_message(capsys)


def test_impossible_date_in_a_waivers_file_is_found_before_the_crawl(site, tmp_path, capsys):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: LNK001\n    reason: ok\n    expires: 2026-12-31\n"
                       "  - rule: LNK003\n    reason: 上级网站迁移\n    expires: 2026-02-30\n", encoding="utf-8")
    assert main(["audit", site.url("/"), "--out", str(tmp_path / "out"), "--as-of", AS_OF,
                 "--waivers", str(waivers)]) == 1
    err = _one_message(capsys)
    assert "waivers[1].expires" in err and "2026-02-30" in err and str(waivers) in err
    assert site.seen("/") == 0  # validated before the crawl, not after it
    assert not (tmp_path / "out" / "crawl").exists()


def test_invalid_waiver_is_found_before_the_crawl(site, tmp_path, capsys):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - rule: LNK001\n    reason: 缺少日期\n", encoding="utf-8")
    assert main(["audit", site.url("/"), "--out", str(tmp_path / "out"), "--as-of", AS_OF,
                 "--waivers", str(waivers)]) == 1
    assert "waivers[0].expires" in _one_message(capsys)
    assert site.seen("/") == 0


def test_impossible_date_in_a_profile(site, tmp_path, capsys):
    profile = tmp_path / "profile.yaml"
    profile.write_text(yaml.safe_dump({"out": "nightly", "sites": [{"name": "a", "start_url": site.url("/")}]})
                       + "", encoding="utf-8")
    text = profile.read_text(encoding="utf-8").replace(
        "  start_url:", "  waivers:\n    - rule: LNK001\n      reason: x\n      expires: 2027-13-01\n  start_url:")
    profile.write_text(text, encoding="utf-8")
    assert main(["audit", "--profile", str(profile), "--out", str(tmp_path / "out"), "--as-of", AS_OF]) == 1
    err = _one_message(capsys)
    assert "sites[0].waivers[0].expires" in err and "2027-13-01" in err
    assert main(["nightly", str(profile), "--as-of", AS_OF, "--progress", "off"]) == 1
    assert "sites[0].waivers[0].expires" in _one_message(capsys)
    assert site.seen("/") == 0


@pytest.mark.parametrize("as_of", ["0001-01-01", "1999-06-30", "9999-12-31"])
def test_as_of_outside_the_working_day_calendar_is_a_usage_error(tmp_path, capsys, as_of):
    run = write_run(tmp_path / "run", make_site())
    assert main(["check", str(run), "--out", str(tmp_path / "out"), "--as-of", as_of], rules=[DeadLinks()]) == 1
    err = _one_message(capsys)
    assert "usage error" in err and "working-day calendar" in err and as_of in err
    assert not (tmp_path / "out").exists()


def test_the_catalogue_runs_at_both_edges_of_the_calendar(tmp_path, capsys):
    import json

    from auditor.cli import calendar_years

    run = write_run(tmp_path / "run", make_site())
    first, last = calendar_years()
    for edge in (f"{first}-01-01", f"{last}-12-31"):
        code = main(["check", str(run), "--out", str(tmp_path / edge), "--no-history", "--as-of", edge])
        assert code in (0, 2), capsys.readouterr().err
        report = json.loads((tmp_path / edge / "report.json").read_text(encoding="utf-8"))
        crashed = [f["rule"] for f in report["findings"] if f["status"] == "error"]
        assert crashed == [], (edge, crashed)


def test_bad_input_files_are_found_before_the_crawl(site, tmp_path, capsys):
    scoring = tmp_path / "scoring.yaml"
    scoring.write_text("items: [[[\n", encoding="utf-8")
    assert main(["audit", site.url("/"), "--out", str(tmp_path / "o1"), "--as-of", AS_OF,
                 "--scoring", str(scoring)]) == 1
    assert str(scoring) in _one_message(capsys)
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text("fingerprints: 7\n", encoding="utf-8")
    assert main(["audit", site.url("/"), "--out", str(tmp_path / "o2"), "--as-of", AS_OF,
                 "--baseline", str(baseline)]) == 1
    assert "baseline" in _one_message(capsys)
    assert site.seen("/") == 0
