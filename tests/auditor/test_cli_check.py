"""`zwgk check` through auditor.cli.main on run folders written by hand (no network)."""

import json

import pytest

from auditor.cli import main
from auditor_testkit import Crashes, DeadLinks, ShortTitles, make_site, read_json, write_run
from contracts import AuditReport

AS_OF = "2026-11-27"


@pytest.fixture()
def dead_run(tmp_path):
    return write_run(tmp_path / "crawl", make_site(dead=True))


@pytest.fixture()
def clean_run(tmp_path):
    return write_run(tmp_path / "crawl-clean", make_site(dead=False))


def _check(run, out, *extra, rules=(DeadLinks(), ShortTitles())):
    return main(["check", str(run), "--as-of", AS_OF, "--out", str(out), *extra], rules=list(rules))


def test_gate_fails_with_exit_2_and_writes_every_report(dead_run, tmp_path, capsys):
    out = tmp_path / "out"
    assert _check(dead_run, out) == 2
    report = AuditReport.model_validate(read_json(out / "report.json"))
    assert report.summary.gate_failed and report.summary.fail_on == "error"
    assert report.as_of.isoformat() == AS_OF and report.site == "127.0.0.1:8001"
    [dead] = [f for f in report.findings if f.status.value == "fail"]
    assert (dead.rule, dead.task, dead.target) == ("TST001", 11, "http://127.0.0.1:8001/old/gone.html")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "党政办公室牵头落实" in html and "old/gone.html" in html
    printed = capsys.readouterr().out
    assert "未通过" in printed and str(out / "report.html") in printed and str(out / "report.json") in printed
    assert sorted(p.name for p in out.iterdir() if p.name != ".zwgk.lock") == ["junit.xml", "report.html", "report.json", "report.md",
                                                      "report.xlsx"]
    assert (tmp_path / "zwgk-history.sqlite").exists()  # default history: beside the report folder


def test_fail_on_critical_exits_0(dead_run, tmp_path):
    out = tmp_path / "out"
    assert _check(dead_run, out, "--fail-on", "critical") == 0
    assert read_json(out / "report.json")["summary"]["gate_failed"] is False


def test_clean_site_exits_0_and_extra_json_copy(clean_run, tmp_path, capsys):
    out, extra = tmp_path / "out", tmp_path / "ci" / "zwgk.json"
    assert _check(clean_run, out, "--json", str(extra)) == 0
    assert read_json(extra) == read_json(out / "report.json")
    assert "通过" in capsys.readouterr().out


def test_warning_gate(dead_run, tmp_path):
    # ShortTitles (warning) fails every page once its minimum is raised; fail-on warning trips on it.
    out = tmp_path / "out"
    code = _check(dead_run, out, "--fail-on", "warning", "--set", "TST003.min_length=50", "--rules", "TST003")
    assert code == 2
    data = read_json(out / "report.json")
    assert {f["rule"] for f in data["findings"]} == {"TST003"}
    assert all(f["evidence"]["min_length"] == 50 for f in data["findings"])


def test_crashing_rule_is_reported_not_fatal(dead_run, tmp_path):
    out = tmp_path / "out"
    assert _check(dead_run, out, "--fail-on", "critical", rules=(Crashes(), DeadLinks())) == 0
    data = read_json(out / "report.json")
    assert data["summary"]["by_status"]["error"] == 1
    assert "boom" in (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, needle", [
    (["--as-of", "27/11/2026"], "YYYY-MM-DD"),
    (["--fail-on", "fatal"], "fail-on"),
    (["--set", "TST003.nope=1"], "nope"),
    (["--set", "TST003"], "RULE.OPTION=VALUE"),
    (["--rules", "ZZZ999"], "ZZZ999"),
    (["--plan", "/nonexistent/plan.yaml"], "plan"),
])
def test_bad_input_exits_1_with_a_message(dead_run, tmp_path, capsys, args, needle):
    code = main(["check", str(dead_run), "--out", str(tmp_path / "out"), *args], rules=[DeadLinks(), ShortTitles()])
    err = capsys.readouterr().err
    assert code == 1
    assert needle in err and "Traceback" not in err


def test_missing_or_broken_run_folder_exits_1(tmp_path, capsys):
    out = tmp_path / "out"
    assert _check(tmp_path / "nowhere", out) == 1
    assert "nowhere" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert _check(tmp_path / "empty", out) == 1
    assert "crawl.json" in capsys.readouterr().err
    run = write_run(tmp_path / "bad", make_site())
    with (run / "pages.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"url": "http://127.0.0.1:8001/x", "status": "not a number"}) + "\n")
    assert _check(run, out) == 1
    err = capsys.readouterr().err
    assert "pages.jsonl line 3" in err and "Traceback" not in err
    # a failed run writes no report, only a note saying why
    assert not [p for p in out.iterdir() if p.name.startswith(("report", "junit"))]
    assert "pages.jsonl line 3" in (out / "FAILED.txt").read_text(encoding="utf-8")


def test_run_without_pages_is_a_tool_failure(tmp_path, capsys):
    site = make_site()
    run = write_run(tmp_path / "crawl", site.model_copy(update={"pages": [], "links": []}))
    out = tmp_path / "out"
    assert _check(run, out) == 1
    assert "没有任何页面" in capsys.readouterr().err
    # no verdict from a run that audited nothing: no report at all, a note saying why
    assert not [p for p in out.iterdir() if p.name.startswith(("report", "junit"))]
    assert "没有任何页面" in (out / "FAILED.txt").read_text(encoding="utf-8")


def test_usage_errors_exit_1(capsys):
    assert main([]) == 1
    assert main(["frobnicate"]) == 1
    assert main(["check"]) == 1
    assert main(["audit", "ftp://example.gov.cn/", "--out", "x"]) == 1
    assert "http(s)" in capsys.readouterr().err
    assert main(["--help"]) == 0


def test_check_with_registered_rules(dead_run, tmp_path):
    """The default rule set (the registry), narrowed to LNK001, finds the dead link."""
    out = tmp_path / "out"
    code = main(["check", str(dead_run), "--as-of", AS_OF, "--out", str(out), "--rules", "LNK001"])
    assert code == 2
    data = read_json(out / "report.json")
    fails = [f for f in data["findings"] if f["status"] == "fail"]
    assert [(f["rule"], f["target"]) for f in fails] == [("LNK001", "http://127.0.0.1:8001/old/gone.html")]
    assert main(["check", str(dead_run), "--as-of", AS_OF, "--out", str(out), "--rules", "LNK001",
                 "--fail-on", "critical"]) == 0


def test_rules_subcommand(capsys, tmp_path):
    assert main(["rules"]) == 0
    assert "LNK001" in capsys.readouterr().out
    target = tmp_path / "rules.md"
    assert main(["rules", "--markdown", "--output", str(target)]) == 0
    assert "LNK001" in target.read_text(encoding="utf-8")
