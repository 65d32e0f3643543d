"""auditor.runner: crash isolation, options, task stamping, fingerprints."""

import pytest

from auditor.runner import OptionError, normalise_url, run_rules
from auditor_testkit import AS_OF, Crashes, DeadLinks, MissingColumns, ShortTitles, make_site
from contracts import Finding, Severity, SiteArtifacts, Status


def _by(findings, rule, status=None):
    return [f for f in findings if f.rule == rule and (status is None or f.status is status)]


def test_crashing_rule_becomes_error_and_others_still_run():
    findings = run_rules(make_site(), AS_OF, [Crashes(), DeadLinks(), ShortTitles()])
    [err] = _by(findings, "TST002")
    assert err.status is Status.error and err.severity is Severity.critical
    assert "boom" in err.message and err.evidence["exception"] == "RuntimeError"
    assert err.task == 9 and err.fingerprint
    [dead] = _by(findings, "TST001", Status.fail)
    assert dead.url == "http://127.0.0.1:8001/" and dead.target == "http://127.0.0.1:8001/old/gone.html"
    assert _by(findings, "TST003", Status.passed)


def test_task_is_first_plan_task_unless_the_rule_set_one():
    findings = run_rules(make_site(), AS_OF, [ShortTitles(), MissingColumns()])
    assert {f.task for f in _by(findings, "TST003")} == {6}
    tasks = {f.evidence["column"]: f.task for f in _by(findings, "TST004")}
    assert tasks == {"政府信息公开年报": 11, "政策文件": 3}


def test_option_defaults_and_overrides():
    site = make_site()
    default = run_rules(site, AS_OF, [ShortTitles()])
    assert not _by(default, "TST003", Status.fail)
    strict = run_rules(site, AS_OF, [ShortTitles()], overrides={"TST003": {"min_length": 5}})
    fails = _by(strict, "TST003", Status.fail)
    assert fails and all(f.evidence["min_length"] == 5 for f in fails)
    # The rule's declared defaults are not changed by an override.
    assert ShortTitles.meta.options == {"min_length": 1}
    both = run_rules(site, AS_OF, [DeadLinks()], overrides={"TST001": {"outcomes": ["dead", "ok"]}})
    assert len(_by(both, "TST001", Status.fail)) == 2  # the ok page link and the dead one


def test_unknown_option_names_rule_and_option():
    with pytest.raises(OptionError) as err:
        run_rules(make_site(), AS_OF, [ShortTitles(), DeadLinks()], overrides={"TST003": {"max_length": 3}})
    assert "TST003" in str(err.value) and "max_length" in str(err.value) and "min_length" in str(err.value)


def test_unknown_rule_and_wrong_type_rejected_before_running():
    with pytest.raises(OptionError, match="ZZZ999"):
        run_rules(make_site(), AS_OF, [Crashes()], overrides={"ZZZ999": {"x": 1}})
    with pytest.raises(OptionError, match=r"TST003.*min_length.*int"):
        run_rules(make_site(), AS_OF, [ShortTitles()], overrides={"TST003": {"min_length": "five"}})
    with pytest.raises(OptionError, match=r"TST001.*outcomes"):
        run_rules(make_site(), AS_OF, [DeadLinks()], overrides={"TST001": {"outcomes": "dead"}})


def _fingerprints(findings):
    return {(f.rule, f.status.value, f.evidence.get("column")): f.fingerprint for f in findings
            if f.status is not Status.passed}


def test_fingerprint_stable_across_ports():
    rules = [DeadLinks(), ShortTitles(), MissingColumns(), Crashes()]
    a = run_rules(make_site("http://127.0.0.1:8001"), AS_OF, rules, overrides={"TST003": {"min_length": 5}})
    b = run_rules(make_site("http://127.0.0.1:9876"), AS_OF, rules, overrides={"TST003": {"min_length": 5}})
    fa, fb = _fingerprints(a), _fingerprints(b)
    assert fa == fb
    assert all(len(fp) == 40 for fp in fa.values())
    # A different gap gets a different fingerprint; every non-pass result has its own.
    fps = [f.fingerprint for f in a if f.status is not Status.passed]
    assert len(fps) == len(set(fps))


def test_fingerprint_ignores_volatile_evidence_but_not_the_target():
    site = make_site()
    one = run_rules(site, AS_OF, [MissingColumns()])
    other = run_rules(site, AS_OF, [MissingColumns()],
                      overrides={"TST004": {"columns": ["政府信息公开年报"]}})
    # The 年报 gap keeps its fingerprint whether or not the 指南 gap is reported beside it.
    fp = {f.evidence["column"]: f.fingerprint for f in one}
    fp2 = {f.evidence["column"]: f.fingerprint for f in other}
    assert fp["政府信息公开年报"] == fp2["政府信息公开年报"]
    assert fp["政策文件"] == fp2["政策文件"]


def test_normalise_url():
    netloc = "127.0.0.1:8001"
    assert normalise_url("http://127.0.0.1:8001/a/b.html?x=1#frag", netloc) == "/a/b.html?x=1"
    assert normalise_url("http://127.0.0.1:8001", netloc) == "/"
    assert normalise_url("http://WWW.Gov.CN:80/x", netloc) == "http://www.gov.cn/x"
    assert normalise_url("https://www.gov.cn/x", netloc) == "https://www.gov.cn/x"
    assert normalise_url("/rel/p.html", netloc) == "/rel/p.html"
    assert normalise_url("javascript:void(0)", netloc) == "javascript:void(0)"
    assert normalise_url(None, netloc) == ""


def test_no_pages_means_could_not_evaluate():
    site = make_site()
    empty = SiteArtifacts(crawl=site.crawl)
    findings = run_rules(empty, AS_OF, [DeadLinks(), ShortTitles()])
    assert {f.status for f in findings} == {Status.could_not_evaluate}
    assert all(f.evidence == {"missing_artifact": "pages"} for f in findings)


def test_rule_yielding_nothing_is_not_applicable():
    class Silent(ShortTitles):
        """Yields nothing."""

        def check(self, site, ctx):
            return []

    [f] = run_rules(make_site(), AS_OF, [Silent()])
    assert f.status is Status.not_applicable and f.task == 6 and f.fingerprint


def test_registered_rules_run_on_a_hand_made_site():
    """Smoke test of the default: every registered rule runs and none crashes."""
    import rules as rules_pkg

    registered = rules_pkg.all_rules()
    findings = run_rules(make_site(), AS_OF)
    assert {f.rule for f in findings} == {r.meta.id for r in registered}
    assert not [f for f in findings if f.status is Status.error], [f.message for f in findings if f.status is Status.error]
    assert all(isinstance(f, Finding) and f.task and f.fingerprint for f in findings)
    dead = [f for f in findings if f.rule == "LNK001" and f.status is Status.fail]
    assert [f.target for f in dead] == ["http://127.0.0.1:8001/old/gone.html"]
