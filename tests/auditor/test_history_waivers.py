"""History database (schema version, transactions, diff states) and the waivers file."""

import datetime as dt
import sqlite3

import pytest
import yaml

from auditor.build import build_report, gate_failed
from auditor.cli import main
from auditor.history import SCHEMA_VERSION, History, HistoryError, prior_from_file
from auditor.plan import load_plan
from auditor.runner import run_rules
from auditor.waivers import WaiverError, find_waiver, load_waivers, parse_waivers
from auditor_testkit import DeadLinks, MissingColumns, make_site, write_run
from contracts import Finding, Severity, Status

D = dt.date
RULES = [DeadLinks(), MissingColumns()]


def _report(site, as_of, prior=None, waivers=(), fail_on="error"):
    findings = run_rules(site, as_of, RULES)
    return build_report(site, findings, load_plan(), as_of, fail_on, rules=RULES, prior=prior, waivers=waivers)


def test_schema_version_and_refusals(tmp_path):
    db = tmp_path / "h.sqlite"
    with History(db) as h:
        assert h.schema_version == SCHEMA_VERSION == 2
    con = sqlite3.connect(db)
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")} >= {"runs", "findings",
                                                                                                 "pages"}
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    with pytest.raises(HistoryError, match="newer"):
        History(db)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(HistoryError, match="not a zwgk history"):
        History(other)


def test_record_is_one_transaction(tmp_path):
    site = make_site()
    report = _report(site, D(2026, 11, 1))
    broken = report.model_copy(update={"findings": report.findings + [report.findings[0]]})  # duplicate key is fine
    with History(tmp_path / "h.sqlite") as h:
        h.record(broken, site)
        # a page row that violates NOT NULL makes the whole run roll back
        bad_site = site.model_copy(deep=True)
        bad_site.pages[0].url = None  # type: ignore[assignment]
        with pytest.raises(HistoryError):
            h.record(report, bad_site)
        assert len(h.runs()) == 1
        assert h.db.execute("SELECT count(*) FROM findings").fetchone()[0] == len(report.findings)


def test_states_over_four_runs(tmp_path):
    """dead link: run1 fail, run2 fixed, run3 back (regressed); columns stay open all along."""
    days = [D(2026, 11, 1), D(2026, 11, 8), D(2026, 11, 15), D(2026, 11, 22)]
    variants = [True, False, True, True]
    with History(tmp_path / "h.sqlite") as h:
        reports = []
        for day, dead in zip(days, variants):
            site = make_site(dead=dead)
            r = _report(site, day, prior=h.prior(site.crawl.site_host))
            h.record(r, site)
            reports.append(r)
    dead_state = [[f.diff for f in r.findings if f.rule == "TST001"] for r in reports]
    assert dead_state == [["new"], [], ["regressed"], ["open"]]
    assert [r.diff.resolved for r in reports] == [0, 1, 0, 0]
    assert reports[1].resolved[0].rule == "TST001" and reports[1].resolved[0].first_seen == days[0]
    last_dead = next(f for f in reports[3].findings if f.rule == "TST001")
    assert (last_dead.first_seen, last_dead.open_since, last_dead.days_open) == (days[0], days[2], 7)
    col = next(f for f in reports[3].findings if f.evidence.get("column") == "政府信息公开年报")
    assert (col.diff, col.first_seen, col.days_open) == ("open", days[0], 21)
    assert [p.as_of for p in reports[3].trend] == days and reports[3].trend[-1].current


def test_rule_left_out_resolves_nothing(tmp_path):
    site = make_site()
    with History(tmp_path / "h.sqlite") as h:
        h.record(_report(site, D(2026, 11, 1)), site)
        only_dead = [DeadLinks()]
        findings = run_rules(site, D(2026, 11, 2), only_dead)
        r = build_report(site, findings, load_plan(), D(2026, 11, 2), rules=only_dead, prior=h.prior("127.0.0.1:8001"))
    assert r.diff.resolved == 0 and r.diff.open == 1


def test_failed_runs_are_never_a_baseline(tmp_path):
    site = make_site()
    with History(tmp_path / "h.sqlite") as h:
        h.record(_report(site, D(2026, 11, 1)), site)
        h.record_failure("127.0.0.1:8001", site.crawl.start_url, D(2026, 11, 2), "抓取失败 / crawl failed")
        prior = h.prior("127.0.0.1:8001")
        assert prior.as_of == D(2026, 11, 1)
        rows = h.runs("http://127.0.0.1:8001/")
        assert [r["status"] for r in rows] == ["failed", "ok"]


def test_history_cli(tmp_path, capsys):
    assert main(["history", "--db", str(tmp_path / "none.sqlite")]) == 1
    run = write_run(tmp_path / "crawl", make_site())
    out = tmp_path / "out"
    main(["check", str(run), "--out", str(out), "--as-of", "2026-11-27", "--site-name", "kfq"], rules=RULES)
    assert main(["history", "--db", str(tmp_path / "zwgk-history.sqlite"), "--site", "kfq"]) == 0
    text = capsys.readouterr().out
    assert "站点 site" in text and "kfq" in text and "2026-11-27" in text
    assert main(["history", "--db", str(tmp_path / "zwgk-history.sqlite"), "--site", "other"]) == 0
    assert "no runs" in capsys.readouterr().out


def test_baseline_file_forms(tmp_path):
    site = make_site()
    first = _report(site, D(2026, 11, 1))
    from reports.json_report import write_json

    path = write_json(first, tmp_path / "report.json")
    prior = prior_from_file(path)
    assert prior.kind == "file" and prior.as_of == D(2026, 11, 1)
    assert set(prior.previous) == {f.fingerprint for f in first.findings if f.status is Status.fail}
    fps = tmp_path / "fps.yaml"
    fps.write_text(yaml.safe_dump({"fingerprints": sorted(prior.previous)}), encoding="utf-8")
    again = _report(make_site(dead=False), D(2026, 11, 2), prior=prior_from_file(fps))
    assert again.diff.new == 0 and again.diff.resolved == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("- 1\n", encoding="utf-8")
    from auditor.errors import ToolError

    with pytest.raises(ToolError, match="baseline"):
        prior_from_file(bad)


# ---------------------------------------------------------------------------------------------
# Waivers


def _f(rule="TST001", url="http://127.0.0.1:8001/", target="http://127.0.0.1:8001/old/gone.html", fp="a" * 40):
    return Finding(rule=rule, status=Status.fail, severity=Severity.error, url=url, target=target, message="m",
                   fingerprint=fp)


@pytest.mark.parametrize("entry, matches", [
    ({"fingerprint": "a" * 40}, True),
    ({"fingerprint": "b" * 40}, False),
    ({"rule": "TST001"}, True),
    ({"rule": "tst001", "url_pattern": "/old/*"}, True),  # glob on the in-site path of the target
    ({"rule": "TST001", "url_pattern": "http://127.0.0.1:8001/old/*"}, True),
    ({"rule": "TST001", "url_pattern": "re:gone\\.html$"}, True),
    ({"rule": "TST001", "url_pattern": "/new/*"}, False),
    ({"rule": "TST002"}, False),
])
def test_waiver_matching(entry, matches):
    [w] = parse_waivers([{**entry, "reason": "r", "expires": "2026-12-31"}])
    assert w.matches(_f(), "127.0.0.1:8001") is matches


def test_waiver_expiry_boundary():
    waivers = parse_waivers([{"rule": "TST001", "reason": "整改中", "expires": "2026-11-27"}])
    f = _f()
    on_day = find_waiver(f, waivers, "127.0.0.1:8001", D(2026, 11, 27))
    after = find_waiver(f, waivers, "127.0.0.1:8001", D(2026, 11, 28))
    assert on_day.expired is False and after.expired is True
    assert find_waiver(f.model_copy(update={"status": Status.could_not_evaluate}), waivers, "", D(2026, 11, 1)) is None


def test_waived_findings_do_not_count_for_the_severity_gate():
    site = make_site()
    waivers = parse_waivers([{"rule": "TST001", "reason": "外链整改中", "expires": "2026-12-31"},
                             {"rule": "TST004", "reason": "栏目建设中", "expires": "2026-12-31"}])
    r = _report(site, D(2026, 11, 27), waivers=waivers)
    fails = [f for f in r.findings if f.status is Status.fail]
    assert fails and all(f.waived for f in fails) and r.summary.waived == len(fails)
    assert r.summary.gate_failed is False and not gate_failed(r.findings, "info")
    late = _report(site, D(2027, 1, 1), waivers=waivers)
    assert late.summary.gate_failed is True and late.diff.expired_waivers == len(fails)


@pytest.mark.parametrize("content, needle", [
    ("waivers:\n  - rule: LNK001\n    reason: x\n", "waivers[0].expires"),
    ("waivers:\n  - rule: LNK001\n    reason: x\n    expires: soon\n", "waivers[0].expires"),
    ("waivers:\n  - reason: x\n    expires: 2026-12-31\n", "fingerprint, or a rule"),
    ("waivers:\n  - fingerprint: abc\n    reason: x\n    expires: 2026-12-31\n", "waivers[0].fingerprint"),
    ("waivers:\n  - rule: LNK001\n    reason: ''\n    expires: 2026-12-31\n", "waivers[0].reason"),
    ("waivers:\n  - rule: LNK001\n    url_pattern: 're:('\n    reason: x\n    expires: 2026-12-31\n", "url_pattern"),
    ("waivers:\n  - rule: LNK001\n    reason: x\n    expires: 2026-12-31\n    owner: me\n", "waivers[0].owner"),
    ("just text\n", "expected a list"),
])
def test_waiver_file_errors_name_the_field(tmp_path, content, needle):
    p = tmp_path / "w.yaml"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(WaiverError) as err:
        load_waivers(p)
    assert needle in str(err.value) and str(p) in str(err.value)


def test_cli_bad_waivers_file_exits_1(tmp_path, capsys):
    run = write_run(tmp_path / "crawl", make_site())
    p = tmp_path / "w.yaml"
    p.write_text("- rule: TST001\n  reason: x\n", encoding="utf-8")
    assert main(["check", str(run), "--out", str(tmp_path / "o"), "--waivers", str(p)], rules=RULES) == 1
    assert "waivers[0].expires" in capsys.readouterr().err
    assert main(["check", str(run), "--out", str(tmp_path / "o"), "--fail-on", "newest"], rules=RULES) == 1


def test_version_1_database_is_migrated_in_place(tmp_path):
    """A history written by the first schema keeps its runs, findings and pages; partial
    runs can be recorded afterwards (the status CHECK of `runs` is rebuilt)."""
    from auditor.history import _SCHEMA_V1

    db = tmp_path / "v1.sqlite"
    con = sqlite3.connect(db)
    con.executescript(_SCHEMA_V1 + "\nPRAGMA user_version = 1;")
    con.execute("INSERT INTO runs (site_key, site, start_url, as_of, generated_at, recorded_at, status, failures)"
                " VALUES ('kfq', '127.0.0.1:8001', 'http://127.0.0.1:8001/', '2026-11-20', 't', 't', 'ok', 1)")
    con.execute("INSERT INTO findings (run_id, fingerprint, rule, status, severity, url, message, evidence)"
                " VALUES (1, 'fp1', 'TST001', 'fail', 'error', 'http://127.0.0.1:8001/', '链接无法访问', '{}')")
    con.execute("INSERT INTO pages (run_id, url) VALUES (1, 'http://127.0.0.1:8001/')")
    con.commit()
    con.close()
    site = make_site()
    with History(db) as h:
        assert h.schema_version == 2
        assert [f["fingerprint"] for f in h.findings(1)] == ["fp1"] and len(h.pages(1)) == 1
        assert list(h.prior("kfq").previous) == ["fp1"]
        report = _report(site, D(2026, 11, 27))
        partial = report.model_copy(update={"summary": report.summary.model_copy(
            update={"partial": True, "partial_reasons": ["抓取达到上限"]})})
        h.record(partial, site, site_key="kfq")
        assert [r["status"] for r in h.runs("kfq")] == ["partial", "ok"]
        assert h.prior("kfq").label.startswith("第1次")  # the partial run is no baseline
    with pytest.raises(sqlite3.IntegrityError):
        con = sqlite3.connect(db)
        con.execute("INSERT INTO runs (site_key, site, start_url, as_of, generated_at, recorded_at, status)"
                    " VALUES ('k', 's', 'u', 'a', 'g', 'r', 'bogus')")
    con.close()
