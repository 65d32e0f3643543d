"""A partial run is never a baseline and resolves nothing (issue 10 item 3).

Real `zwgk audit` runs of a small site on 127.0.0.1 into one history: a complete run, a run
cut by --max-pages, a complete run again. The cut run must not mark the gaps on pages it never
reached 已整改, and the next complete run must not call them 复现. A complete run that does not
reach a page (its link was removed) leaves that page's gap unchecked, not resolved.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from auditor.cli import main
from auditor.history import History
from auditor_testkit import DeadLinks, make_site, write_run

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawler"))
from loopback_http import Reply, start_server  # noqa: E402

AS_OF = "2026-11-27"


def _html(title: str, body: str) -> Reply:
    return Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                 f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"
                 .encode("utf-8"))


class Site:
    """Home links p1 and p2; each page links a missing attachment (an LNK002 gap)."""

    def __init__(self):
        self.link_p2 = True
        self.p1_fixed = False
        self.srv = start_server(None, {
            "/": lambda m, p: _html("首页", "<a href='/p1.html'>通知一</a>"
                                    + ("<a href='/p2.html'>通知二</a>" if self.link_p2 else "")
                                    + "<a href='/files/gone0.pdf'>附件零</a>"),
            "/p1.html": lambda m, p: _html("通知一", "<a href='/'>首页</a>"
                                           + ("" if self.p1_fixed else "<a href='/files/gone1.pdf'>附件一</a>")),
            "/p2.html": lambda m, p: _html("通知二", "<a href='/'>首页</a><a href='/files/gone2.pdf'>附件二</a>"),
            "/robots.txt": lambda m, p: Reply(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"),
        })

    def audit(self, out: Path, history: Path, *extra: str) -> tuple[int, dict]:
        code = main(["audit", self.srv.url("/"), "--out", str(out), "--history", str(history), "--as-of", AS_OF,
                     "--rules", "LNK002", "--external-hosts", "", *extra])
        return code, json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture()
def site():
    s = Site()
    try:
        yield s
    finally:
        s.srv.stop()


def _gaps(report: dict) -> dict[str, str]:
    return {f["target"].rsplit("/", 1)[1]: f["diff"] for f in report["findings"] if f["status"] == "fail"}


def test_a_run_cut_by_max_pages_resolves_nothing_and_is_no_baseline(site, tmp_path, capsys):
    history = tmp_path / "h.sqlite"
    code, first = site.audit(tmp_path / "r1", history)
    assert code == 2 and _gaps(first) == {"gone0.pdf": "new", "gone1.pdf": "new", "gone2.pdf": "new"}

    code, cut = site.audit(tmp_path / "r2", history, "--max-pages", "1")
    out = capsys.readouterr().out
    assert cut["summary"]["partial"] and any("page budget" in r for r in cut["summary"]["partial_reasons"])
    assert _gaps(cut) == {"gone0.pdf": "open"}  # the homepage was fetched again: its gap is still there
    assert cut["diff"]["resolved"] == 0 and cut["resolved"] == []  # no false 已整改
    assert cut["diff"]["unchecked"] == 2
    assert {u["target"].rsplit("/", 1)[1] for u in cut["unchecked"]} == {"gone1.pdf", "gone2.pdf"}
    assert code == 2  # the gap it did see still fails the gate
    assert "部分检查 PARTIAL" in out and "已整改 resolved 0" in out
    md = (tmp_path / "r2" / "report.md").read_text(encoding="utf-8")
    assert "部分检查" in md and "| 0 | 0 | 1 | 0 | 2 | 0 |" in md
    assert "未复查的问题（2）" in (tmp_path / "r2" / "report.html").read_text(encoding="utf-8")
    if cut.get("score"):
        assert cut["score"]["verdict"] != "合格"

    code, again = site.audit(tmp_path / "r3", history)
    assert code == 2
    assert _gaps(again) == {"gone0.pdf": "open", "gone1.pdf": "open", "gone2.pdf": "open"}  # no false 复现
    assert again["diff"]["baseline_label"].startswith("第1次")  # the cut run was skipped as a baseline
    assert again["diff"]["regressed"] == 0 and again["diff"]["new"] == 0
    with History(history) as h:
        assert [r["status"] for r in reversed(h.runs())] == ["ok", "partial", "ok"]
    assert main(["history", "--db", str(history)]) == 0
    assert "部分 partial" in capsys.readouterr().out


def test_a_gap_is_resolved_only_where_its_page_was_fetched_again(site, tmp_path):
    history = tmp_path / "h.sqlite"
    assert site.audit(tmp_path / "r1", history)[0] == 2
    site.p1_fixed = True  # p1 no longer links the missing file: fixed
    site.link_p2 = False  # p2 is no longer linked: this complete run never reaches it
    code, second = site.audit(tmp_path / "r2", history)
    assert not second["summary"]["partial"]
    assert [r["target"].rsplit("/", 1)[1] for r in second["resolved"]] == ["gone1.pdf"]
    assert [u["target"].rsplit("/", 1)[1] for u in second["unchecked"]] == ["gone2.pdf"]
    site.link_p2 = True
    code, third = site.audit(tmp_path / "r3", history)
    assert _gaps(third) == {"gone0.pdf": "open", "gone2.pdf": "open"}  # carried, so still open, not 复现
    assert third["diff"]["regressed"] == 0 and third["diff"]["resolved"] == 0


def test_a_crawl_stopped_by_a_signal_gives_no_verdict(tmp_path, capsys):
    history = tmp_path / "h.sqlite"
    rules = [DeadLinks()]
    full = write_run(tmp_path / "full", make_site(dead=True))
    assert main(["check", str(full), "--out", str(tmp_path / "o1"), "--history", str(history), "--as-of", AS_OF],
                rules=rules) == 2
    stopped = make_site(dead=False)
    stopped.crawl.finish_reason = "shutdown"  # Scrapy's reason when the crawl got SIGTERM
    run = write_run(tmp_path / "stopped", stopped)
    capsys.readouterr()
    code = main(["check", str(run), "--out", str(tmp_path / "o2"), "--history", str(history), "--as-of", AS_OF],
                rules=rules)
    captured = capsys.readouterr()
    assert code == 3  # nothing failed the gate, but no pass verdict either: could not audit
    assert "通过 passed" not in captured.out and "不作结论" in captured.out and "did not finish" in captured.err
    report = json.loads((tmp_path / "o2" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["partial"] and "shutdown" in report["summary"]["partial_reasons"][0]
    assert report["diff"]["resolved"] == 0 and report["diff"]["unchecked"] == 1
    md = (tmp_path / "o2" / "report.md").read_text(encoding="utf-8")
    assert "**不作结论（抓取未完成）**" in md and "**通过**" not in md
    html = (tmp_path / "o2" / "report.html").read_text(encoding="utf-8")
    assert "结论：不作结论" in html and "结论：通过" not in html
    xlsx_rows = _ledger_statuses(tmp_path / "o2" / "report.xlsx")
    assert not [s for s in xlsx_rows if s and str(s).startswith("已整改")]
    with History(history) as h:
        assert [r["status"] for r in reversed(h.runs())] == ["ok", "partial"]
        assert h.prior("127.0.0.1:8001").label.startswith("第1次")


def _ledger_statuses(path: Path) -> list:
    from openpyxl import load_workbook

    from reports.xlsx_report import SHEET

    ws = load_workbook(path)[SHEET]
    header = [c.value for c in ws[1]]
    col = header.index("状态")
    return [row[col] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_nightly_keeps_latest_on_the_last_complete_run(site, tmp_path, capsys):
    import os

    import yaml

    profile = tmp_path / "profile.yaml"

    def nightly(max_pages: int) -> int:
        profile.write_text(yaml.safe_dump({"out": "nightly", "sites": [
            {"name": "kfq", "start_url": site.srv.url("/"), "external_hosts": [], "max_pages": max_pages,
             "fail_on": "critical"}]}), encoding="utf-8")
        return main(["nightly", str(profile), "--as-of", AS_OF, "--progress", "off", "--site", "kfq"])

    assert nightly(50) in (0, 2)  # the full catalogue runs: the tiny site may fail it
    latest = tmp_path / "nightly" / "kfq" / "latest"
    complete = os.readlink(latest)
    capsys.readouterr()
    assert nightly(1) in (1, 2)  # partial: never 0 (no pass verdict from an incomplete crawl)
    err = capsys.readouterr().err
    assert "部分检查 PARTIAL" in err and "not switched" in err
    assert os.readlink(latest) == complete
    runs = sorted((tmp_path / "nightly" / "kfq" / "runs").iterdir())
    partial = [r for r in runs if (r / "PARTIAL.txt").exists()]
    assert len(partial) == 1 and "page budget" in (partial[0] / "PARTIAL.txt").read_text(encoding="utf-8")
    report = json.loads((partial[0] / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["partial"] and report["diff"]["resolved"] == 0
