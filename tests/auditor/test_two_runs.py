"""Two audits of the sample portal with one defect fixed and one introduced in between.

The sample is crawled once for real (127.0.0.1); the second run's crawl folder is the first
one with the homepage footer edited: 网站标识码 added (fixes the planted IDN001 defect) and
the ICP备案号 removed (a new IDN001 defect). `zwgk check` runs on both folders.
"""

import json
import re
import shutil

import pytest
import yaml

from auditor.cli import main
from auditor.history import History

AS_OF = "2026-11-27"


def _edit_home_footer(run_dir, edit):
    path = run_dir / "pages.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    out, edited = [], 0
    for line in lines:
        page = json.loads(line)
        if page["page_kind"] == "home":
            page["footer_text"] = edit(page["footer_text"])
            edited += 1
        out.append(json.dumps(page, ensure_ascii=False))
    assert edited == 1
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def runs(sample_crawl, tmp_path_factory):
    work = tmp_path_factory.mktemp("tworuns")
    first = shutil.copytree(sample_crawl, work / "crawl-1")
    second = shutil.copytree(sample_crawl, work / "crawl-2")

    def fix_one_break_one(footer: str) -> str:
        assert "网站标识码" not in footer and re.search(r"ICP备\d+号", footer)
        return re.sub(r"\S*ICP备[\d-]+号\S*", "", footer) + " 网站标识码：2208000012"

    _edit_home_footer(second, fix_one_break_one)
    return work, first, second


def _check(run, out, *extra):
    return main(["check", str(run), "--as-of", AS_OF, "--out", str(out), *extra])


def _fails(report):
    return {f["fingerprint"]: f for f in report["findings"] if f["status"] == "fail"}


def _load(out):
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_diff_shows_exactly_one_resolved_and_one_new(runs, capsys):
    work, first, second = runs
    history = work / "history.sqlite"
    assert _check(first, work / "out-1", "--history", str(history), "--fail-on", "new") == 2  # first run: all new
    one = _load(work / "out-1")
    assert one["diff"]["baseline"] == "none" and one["diff"]["new"] == len(_fails(one)) > 5
    identifiers = {f["evidence"].get("identifier") for f in _fails(one).values() if f["rule"] == "IDN001"}
    assert "网站标识码" in identifiers and "ICP备案号" not in identifiers

    code = _check(second, work / "out-2", "--history", str(history), "--fail-on", "new")
    two = _load(work / "out-2")
    d = two["diff"]
    assert (d["new"], d["resolved"], d["regressed"]) == (1, 1, 0)
    assert d["open"] == len(_fails(one)) - 1 and d["baseline"] == "history"
    [new] = [f for f in _fails(two).values() if f["diff"] == "new"]
    assert (new["rule"], new["evidence"]["identifier"]) == ("IDN001", "ICP备案号")
    [resolved] = two["resolved"]
    assert resolved["rule"] == "IDN001" and "网站标识码" in resolved["message"]
    assert all(f["diff"] == "open" and f["first_seen"] == AS_OF and f["days_open"] == 0
               for f in _fails(two).values() if f is not new)
    # --fail-on new fails only because of the new one: every other failure is an old one.
    assert code == 2
    assert two["summary"]["gate_reasons"] == [new["fingerprint"]]
    out = capsys.readouterr().out
    assert "新增 new 1" in out and "已整改 resolved 1" in out

    with History(history) as h:
        rows = h.runs()
        assert [r["new"] for r in rows] == [1, len(_fails(one))] and rows[0]["resolved"] == 1
        assert len(h.pages(rows[0]["id"])) == two["summary"]["pages_crawled"]
    assert main(["history", "--db", str(history)]) == 0
    table = capsys.readouterr().out
    assert "检查日期" in table and table.count(AS_OF) == 2


def test_waiver_hides_the_new_gap_until_it_expires(runs, tmp_path):
    work, first, second = runs
    base = tmp_path / "baseline"
    assert _check(first, base, "--no-history") == 2
    baseline = str(base / "report.json")
    # Same second crawl, against the first report as baseline: only the ICP gap is new.
    assert _check(second, tmp_path / "plain", "--no-history", "--baseline", baseline, "--fail-on", "new") == 2

    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(yaml.safe_dump({"waivers": [{
        "rule": "IDN001", "url_pattern": "/", "reason": "ICP备案变更中，已报通信管理局", "expires": "2026-11-30"}]},
        allow_unicode=True), encoding="utf-8")
    assert _check(second, tmp_path / "waived", "--no-history", "--baseline", baseline, "--fail-on", "new",
                  "--waivers", str(waivers)) == 0
    report = _load(tmp_path / "waived")
    [waived] = [f for f in report["findings"] if f.get("waived")]
    assert waived["diff"] == "new" and waived["waiver"]["expires"] == "2026-11-30"
    assert report["summary"]["waived"] == 1 and report["summary"]["gate_failed"] is False
    html = (tmp_path / "waived" / "report.html").read_text(encoding="utf-8")
    assert "已豁免" in html and "ICP备案变更中" in html

    # as_of after the expiry: no longer hidden, the gate fails again.
    waivers.write_text(waivers.read_text(encoding="utf-8").replace("2026-11-30", "2026-11-26"), encoding="utf-8")
    assert _check(second, tmp_path / "expired", "--no-history", "--baseline", baseline, "--fail-on", "new",
                  "--waivers", str(waivers)) == 2
    expired = _load(tmp_path / "expired")
    [f] = [f for f in expired["findings"] if f.get("waiver")]
    assert f["waiver"]["expired"] is True and f["waived"] is False
    assert expired["diff"]["expired_waivers"] == 1


def test_regressed_after_a_fix(runs, tmp_path):
    """A gap fixed in run 2 and back in run 3 is regressed, with its first-seen date kept."""
    work, first, second = runs
    history = tmp_path / "h.sqlite"
    for i, run in enumerate((first, second, first), 1):
        _check(run, tmp_path / f"out-{i}", "--history", str(history), "--as-of", f"2026-11-2{i + 6}")
    three = _load(tmp_path / "out-3")
    [back] = [f for f in three["findings"] if f.get("diff") == "regressed"]
    assert back["rule"] == "IDN001" and back["evidence"]["identifier"] == "网站标识码"
    assert back["first_seen"] == "2026-11-27"
    assert three["diff"]["resolved"] == 1  # the ICP gap of run 2 is gone again
    assert [p["as_of"] for p in three["trend"]] == ["2026-11-27", "2026-11-28", "2026-11-29"]
