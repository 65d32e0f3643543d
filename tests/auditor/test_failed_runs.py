"""No report from a failed run, a report set written whole or not at all, and page text
that cannot break a format or drive the operator's terminal (issue 10 items 4 and 5)."""

from __future__ import annotations

import json
import os
import re
import socket
import xml.etree.ElementTree as ET
from pathlib import Path

from openpyxl import load_workbook

from auditor.cli import main
from auditor.history import History
from auditor_testkit import DeadLinks, ShortTitles, make_site, write_run
from contracts import LinkCheck, LinkKind, LinkRef
import pytest

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

AS_OF = "2026-11-27"
SET = ["junit.xml", "report.html", "report.json", "report.md", "report.xlsx"]
# What a terminal acts on (ESC, CSI, BEL, CR, C1), and what XML / xlsx cannot hold.
TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NONCHAR = re.compile("[\ufffe\uffff\ufdd0-\ufdef]")


def _snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in SET}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is: nothing listens there


def test_a_failed_run_keeps_the_last_good_report_set(tmp_path, capsys):
    out, history = tmp_path / "out", tmp_path / "h.sqlite"
    good = write_run(tmp_path / "good", make_site())
    assert main(["check", str(good), "--out", str(out), "--history", str(history), "--as-of", AS_OF],
                rules=[DeadLinks()]) == 2
    before = _snapshot(out)
    capsys.readouterr()
    # an unreachable start URL: the run fails, and must not write a verdict over the good report
    url = f"http://127.0.0.1:{_closed_port()}/"
    code = main(["audit", url, "--out", str(out), "--history", str(history), "--as-of", AS_OF,
                 "--run-dir", str(tmp_path / "crawl")], rules=[DeadLinks()])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert _snapshot(out) == before  # every file of the last good set, byte for byte
    note = (out / "FAILED.txt").read_text(encoding="utf-8")
    assert "no report was written" in note and "last successful run" in note
    assert "合格" not in note and "通过" not in note
    with History(history) as h:
        assert [r["status"] for r in reversed(h.runs())] == ["ok", "failed"]
    # the next good run replaces the set and clears the note
    assert main(["check", str(good), "--out", str(out), "--history", str(history), "--as-of", AS_OF],
                rules=[DeadLinks()]) == 2
    assert not (out / "FAILED.txt").exists()


def test_a_set_that_cannot_be_written_whole_is_not_written_at_all(tmp_path, capsys):
    out = tmp_path / "out"
    run = write_run(tmp_path / "run", make_site())
    assert main(["check", str(run), "--out", str(out), "--no-history", "--as-of", AS_OF], rules=[DeadLinks()]) == 2
    before = _snapshot(out)
    # report.xlsx cannot be replaced (a folder is in its way): the html and json swapped in
    # before it must be put back
    (out / "report.xlsx").unlink()
    (out / "report.xlsx").mkdir()
    (out / "report.xlsx" / "keep").write_text("x", encoding="utf-8")
    changed = write_run(tmp_path / "run2", make_site(dead=False))
    capsys.readouterr()
    assert main(["check", str(changed), "--out", str(out), "--no-history", "--as-of", AS_OF],
                rules=[DeadLinks()]) == 1
    err = capsys.readouterr().err
    assert "cannot write the report" in err and "Traceback" not in err
    for name in ("report.html", "report.json", "junit.xml", "report.md"):
        assert (out / name).read_bytes() == before[name], name
    assert not [p for p in out.iterdir() if p.name.startswith(".zwgk-new-")]  # no staging left behind


def test_a_renderer_that_fails_leaves_the_last_good_set(tmp_path, capsys, monkeypatch):
    """The formats are rendered one at a time into the staging folder: a renderer failing after
    others were staged leaves `out` as it was, byte for byte, and no staging behind."""
    import reports.junit_report
    import reports.xlsx_report

    out = tmp_path / "out"
    run = write_run(tmp_path / "run", make_site())
    assert main(["check", str(run), "--out", str(out), "--no-history", "--as-of", AS_OF], rules=[DeadLinks()]) == 2
    before = _snapshot(out)
    staged_before_junit: list[str] = []

    def junit_fails(report):
        # the formats before junit.xml are already on disk in the staging folder, not in memory
        staging = [p for p in out.iterdir() if p.name.startswith(".zwgk-new-")]
        staged_before_junit.extend(sorted(p.name for p in staging[0].iterdir()))
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(reports.junit_report, "render_junit", junit_fails)
    changed = write_run(tmp_path / "run2", make_site(dead=False))
    capsys.readouterr()
    assert main(["check", str(changed), "--out", str(out), "--no-history", "--as-of", AS_OF],
                rules=[DeadLinks()]) == 1
    err = capsys.readouterr().err
    assert "could not render the report" in err and "renderer broke" in err and "Traceback" not in err
    assert staged_before_junit == ["report.html", "report.json", "report.xlsx"]
    assert _snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".zwgk-new-")]
    # and a renderer failing first (xlsx) the same way
    monkeypatch.undo()
    monkeypatch.setattr(reports.xlsx_report, "render_xlsx", lambda report: 1 / 0)
    assert main(["check", str(changed), "--out", str(out), "--no-history", "--as-of", AS_OF],
                rules=[DeadLinks()]) == 1
    assert "ZeroDivisionError" in capsys.readouterr().err and _snapshot(out) == before


def _hostile_site(text: str):
    site = make_site()
    home = site.pages[0]
    home.title = f"首页{text}"
    home.links.append(LinkRef(url="http://127.0.0.1:8001/bad.html", text=f"通知{text}", kind=LinkKind.page))
    site.links.append(LinkCheck(url="http://127.0.0.1:8001/bad.html", kind=LinkKind.page, outcome="dead", status=404))
    return site


def test_noncharacters_and_controls_in_a_title_cannot_break_any_format(tmp_path):
    hostile = "\ufffe\uffff\ufdd0\x00\x01\x0b\x7f\x85\x9b标题\U0001fffe"
    run = write_run(tmp_path / "run", _hostile_site(hostile))
    out = tmp_path / "out"
    assert main(["check", str(run), "--out", str(out), "--no-history", "--as-of", AS_OF,
                 "--set", "TST003.min_length=100"], rules=[DeadLinks(), ShortTitles()]) == 2
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == SET
    for name in ("report.html", "report.json", "report.md", "junit.xml"):
        text = (out / name).read_text(encoding="utf-8")
        assert not NONCHAR.search(text) and "\U0001fffe" not in text and not TERMINAL.search(text.replace("\n", "")
                                                                                            .replace("\t", "")), name
        assert "首页标题" in text or name == "report.md" or name == "junit.xml"
    ET.parse(out / "junit.xml")  # well-formed XML
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    titles = [f["evidence"]["title"] for f in report["findings"] if f["rule"] == "TST003"]
    assert "首页标题" in titles
    wb = load_workbook(out / "report.xlsx")
    cells = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("通知标题" in c for c in cells)
    assert not [c for c in cells if NONCHAR.search(c) or TERMINAL.search(c.replace("\n", ""))]


def test_escape_sequences_in_page_text_never_reach_the_terminal_or_report_md(tmp_path, capsys):
    escapes = "\x1b[2J\x1b[H\x1b]0;pwned\x07结论 gate: 通过 passed\r\x9b1A\x1bc"
    run = write_run(tmp_path / "run", _hostile_site(escapes))
    out = tmp_path / "out"
    code = main(["check", str(run), "--out", str(out), "--no-history", "--as-of", AS_OF, "--summary-md"],
                rules=[DeadLinks()])
    captured = capsys.readouterr()
    assert code == 2
    assert "0;pwned结论 gate: 通过 passed" in captured.out  # the text stays, inert
    for stream in (captured.out, captured.err, (out / "report.md").read_text(encoding="utf-8")):
        assert not TERMINAL.search(stream.replace("\n", "").replace("\t", "")), repr(stream[:200])
    assert "\x1b" not in (out / "report.html").read_text(encoding="utf-8")
    assert os.path.getsize(out / "report.md") > 0


def test_history_listing_never_prints_escape_sequences(tmp_path, capsys):
    import datetime as dt

    db = tmp_path / "h.sqlite"
    with History(db) as h:
        h.record_failure("kfq\x1b]0;x\x07", "http://127.0.0.1:8001/", dt.date(2026, 11, 27),
                         "crawl failed: title \x1b[2J\x1b[H结论 通过\r\x9b2K")
    assert main(["history", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "结论 通过" in out and not TERMINAL.search(out.replace("\n", ""))
