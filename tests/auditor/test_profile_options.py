"""Per-site rule options: `zwgk audit|check --profile FILE --site NAME`, validated with pydantic.

Profile errors name the field (`sites[0].rules.IDN003.superior_hosts`); options change what the
rules find on the sample portal (a saved crawl, `zwgk check`); `--set` wins over the profile;
the example profile of docs/operations.md (白城经济开发区) is valid. No test fetches the
example hosts: `check` reads a saved crawl, `audit` crawls the loopback sample.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from auditor.cli import main
from auditor.profile import ProfileError, load_profile, select_site
from auditor.rule_options import RuleOptionsError, validate_rule_options
from auditor_testkit import DeadLinks, ShortTitles, make_site, read_json, write_run

DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
AS_OF = "2026-11-27"


@pytest.fixture(scope="module")
def registered():
    import rules

    return list(rules.all_rules())


def _profile(tmp_path, sites, name="profile.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump({"out": "nightly", "sites": sites}, allow_unicode=True), encoding="utf-8")
    return p


def _site(rules=None, **kw):
    return {"name": "kfq", "start_url": "http://127.0.0.1:8001/", **({"rules": rules} if rules else {}), **kw}


def test_every_default_is_a_valid_override(registered):
    """The types come from the defaults: setting every option to its own default must pass."""
    overrides = {r.meta.id: dict(r.meta.options) for r in registered}
    assert set(validate_rule_options(overrides, registered)) == set(overrides)


@pytest.mark.parametrize("rules, needle", [
    ({"IDN003": {"superior_hosts": "www.jl.gov.cn"}}, "sites[0].rules.IDN003.superior_hosts: Input should be a valid list"),
    ({"IDN003": {"superior_hosts": ["https://www.jlbc.gov.cn/"]}},
     "sites[0].rules.IDN003.superior_hosts[0]: expected a host name like www.jl.gov.cn (no scheme or path)"),
    ({"IDN003": {"superior_host": ["www.jl.gov.cn"]}}, "sites[0].rules.IDN003.superior_host: unknown option of IDN003"),
    ({"ZZZ999": {"x": 1}}, "sites[0].rules.ZZZ999: no such rule"),
    ({"COL002": {"dynamic_days": "30"}}, "sites[0].rules.COL002.dynamic_days: Input should be a valid integer"),
    ({"COL002": {"dynamic_days": None}}, "sites[0].rules.COL002.dynamic_days"),
    ({"COL002": {"dynamic_pattern": "动态|(要闻"}}, "sites[0].rules.COL002.dynamic_pattern: not a valid regular expression"),
    ({"AR001": {"body_type": "county"}}, "sites[0].rules.AR001.body_type: Input should be 'auto', 'government' or"),
    ({"AR002": {"deadline": "13-31"}}, "sites[0].rules.AR002.deadline: expected a month-day MM-DD"),
    ({"PA006": {"required_domains": [""]}}, "sites[0].rules.PA006.required_domains[0]"),
    ({"CT001": {"extra_expressions": [{"wrong": "白城经济开发去"}]}},
     "sites[0].rules.CT001.extra_expressions[0].correct: Field required"),
    ({"CT001": {"extra_expressions": [{"wrong": "a", "correct": "b", "severity": "fatal"}]}},
     "sites[0].rules.CT001.extra_expressions[0].severity"),
    ({"CT001": {"extra_expressions": [{"wrong": "a", "correct": "b", "colour": "red"}]}},
     "sites[0].rules.CT001.extra_expressions[0].colour"),
    ({"INS002": {"long_stale_periods": {"统计": "90天"}}}, "sites[0].rules.INS002.long_stale_periods.统计"),
    ({"IDN002": {"min_inner_share": True}}, "sites[0].rules.IDN002.min_inner_share"),
])
def test_profile_rule_option_errors_name_the_field(tmp_path, capsys, rules, needle):
    p = _profile(tmp_path, [_site(rules)])
    with pytest.raises(ProfileError) as err:
        load_profile(p)
    assert needle in str(err.value), str(err.value)
    # the same message from the command line, exit 1, nothing run
    assert main(["check", str(tmp_path / "nowhere"), "--profile", str(p), "--out", str(tmp_path / "o")]) == 1
    out = capsys.readouterr().err
    assert needle in out and "Traceback" not in out
    assert not (tmp_path / "o").exists()


def test_every_problem_is_reported_at_once_and_values_are_normalised(tmp_path):
    p = _profile(tmp_path, [_site({"IDN003": {"superior_hosts": ["http://x/"]}, "AR001": {"body_type": "x"}}),
                            {**_site(), "name": "b", "rules": {"col002": {"dynamic_days": "1"}}}])
    with pytest.raises(ProfileError) as err:
        load_profile(p)
    assert sorted(re.findall(r"sites\[\d\]\.rules\.[A-Z0-9]+\.\w+", str(err.value))) == [
        "sites[0].rules.AR001.body_type", "sites[0].rules.IDN003.superior_hosts", "sites[1].rules.COL002.dynamic_days"]
    p.write_text("sites:\n  - name: kfq\n    start_url: http://127.0.0.1:8001/\n    rules:\n"
                 "      idn003: {superior_hosts: [WWW.JLBC.gov.cn]}\n"
                 "      CT001: {extra_expressions: [{wrong: 白城经济开发去, correct: 白城经济开发区, since: 2020-01-01}]}\n",
                 encoding="utf-8")
    profile, _ = load_profile(p)
    rules = profile.sites[0].rules
    assert rules["IDN003"] == {"superior_hosts": ["www.jlbc.gov.cn"]}
    assert rules["CT001"]["extra_expressions"] == [
        {"wrong": "白城经济开发去", "correct": "白城经济开发区", "since": "2020-01-01"}]  # a YAML date becomes the
    # ISO text CT001 reads; what was not given stays out (CT001's own defaults apply)


def test_select_site(tmp_path):
    profile, _ = load_profile(_profile(tmp_path, [_site(), {**_site(), "name": "other"}]))
    assert select_site(profile, "other").name == "other"
    with pytest.raises(ProfileError, match=r"choose one with --site \(kfq, other\)"):
        select_site(profile, None)
    with pytest.raises(ProfileError, match=r"no site named 'nope'.*\(sites: kfq, other\)"):
        select_site(profile, "nope")
    one, _ = load_profile(_profile(tmp_path, [_site()], name="one.yaml"))
    assert select_site(one, None).name == "kfq"


def test_organ_type_reaches_the_rules_that_depend_on_it(tmp_path, registered):
    """`organ_type` sets `body_type` of the rules that have it (AR001); an explicit rule option
    wins; a value other than government/department is refused with its path."""
    profile, _ = load_profile(_profile(tmp_path, [_site(organ_type="government"),
                                                  {**_site({"AR001": {"body_type": "department"}}, organ_type="government"),
                                                   "name": "explicit"}]), registered)
    assert profile.sites[0].rules["AR001"] == {"body_type": "government"}
    assert profile.sites[1].rules["AR001"] == {"body_type": "department"}
    with pytest.raises(ProfileError, match=r"sites\.0\.organ_type|sites\[0\]\.organ_type"):
        load_profile(_profile(tmp_path, [_site(organ_type="county")], name="bad.yaml"), registered)
    # the rule says which source decided
    from rules import get_rule, run_rule
    from rules.base import RuleContext
    from contracts import ColumnArtifact, CrawlInfo, PageArtifact, SiteArtifacts

    at = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)
    site = SiteArtifacts(
        crawl=CrawlInfo(start_url="http://127.0.0.1:8001/", site_host="127.0.0.1:8001", started_at=at),
        pages=[PageArtifact(url="http://127.0.0.1:8001/", final_url="http://127.0.0.1:8001/", status=200, fetched_at=at,
                            page_kind="home", title="洮北环境", footer_text="主办单位：白城市洮北区生态环境局")],
        columns=[ColumnArtifact(url="http://127.0.0.1:8001/nb/", name="政府信息公开年报", items=[
            {"title": "2023年政府信息公开工作年度报告", "url": "http://127.0.0.1:8001/nb/1.html", "date": dt.date(2024, 3, 10)}])])
    rule = get_rule("AR001")
    options = {**rule.meta.options, "years_to_check": 1, **profile.sites[0].rules["AR001"]}
    (finding,) = list(run_rule(rule, site, RuleContext(as_of=dt.date(2024, 6, 1), options=options)))
    assert finding.status.value == "pass"
    assert finding.evidence["organ_type_source"] == "profile" and finding.evidence["organ_type"] == "government"


def test_docs_example_profile_is_valid(registered):
    """The 白城经济开发区 example in docs/operations.md loads, with every rule option it sets."""
    text = DOC.read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if "baicheng-kfq" in b and "rules:" in b
                 and "superior_hosts" in b)
    raw = yaml.safe_load(block)
    site = raw["sites"][0]
    assert {"AR001", "IDN003", "PA006", "CT001", "COL002"} <= set(site["rules"])
    validated = validate_rule_options(site["rules"], registered)
    assert validated["AR001"] == {"body_type": "department"}
    assert validated["CT001"]["extra_expressions"][1]["since"] == "2020-01-01"
    assert all(h.endswith(".gov.cn") for h in validated["IDN003"]["superior_hosts"])


def _findings(out):
    return read_json(out / "report.json")["findings"]


def test_check_with_a_profile_applies_the_sites_options(sample_crawl, tmp_path, capsys):
    """On the saved sample crawl: AR001.body_type, IDN003.superior_hosts, CT001.extra_expressions and
    COL002.dynamic_days from the profile change the findings; fail_on and the name come along."""
    base = tmp_path / "base"
    assert main(["check", str(sample_crawl), "--out", str(base), "--as-of", AS_OF, "--no-history"]) == 2
    before = _findings(base)
    assert [f for f in before if f["rule"] == "AR001" and f["status"] == "fail"]  # 2023 年报 after 01-31
    assert not [f for f in before if f["rule"] == "IDN003" and f["status"] == "fail"]
    # a word the sample uses, added as a (silly) warning-level expression
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers:\n  - rule: CT001\n    url_pattern: '*'\n    reason: 测试\n    expires: 2027-01-01\n",
                       encoding="utf-8")
    p = _profile(tmp_path, [_site({
        "AR001": {"body_type": "government"},              # deadline 03-31: the 2023 report was in time
        "IDN003": {"superior_hosts": ["www.jlbc.gov.cn"]},  # the sample links no such host
        "CT001": {"extra_expressions": [{"wrong": "标准化厂房", "correct": "标准厂房", "kind": "测试",
                                         "severity": "warning"}]},
        "COL002": {"dynamic_days": 3650, "notice_policy_months": 120},
    }, fail_on="critical", waivers="w.yaml")])
    out = tmp_path / "with-profile"
    code = main(["check", str(sample_crawl), "--profile", str(p), "--site", "kfq", "--out", str(out),
                 "--as-of", AS_OF, "--no-history"])
    report = read_json(out / "report.json")
    after = report["findings"]
    assert report["site_name"] == "kfq" and report["summary"]["fail_on"] == "critical"
    assert not [f for f in after if f["rule"] == "AR001" and f["status"] == "fail"]
    idn = [f for f in after if f["rule"] == "IDN003" and f["status"] == "fail"]
    assert [(f["evidence"]["item"], f["evidence"]["configured"], f["evidence"]["presence"]) for f in idn] == \
        [("上级政府门户", ["www.jlbc.gov.cn"], "absent")]
    assert all(f["evidence"]["warc_record_id"].startswith("<urn:uuid:") for f in idn)  # auditor.archive
    extra = [f for f in after if f["rule"] == "CT001" and f["evidence"].get("kind") == "测试"]
    assert extra and all(f["severity"] == "warning" and f["waived"] for f in extra)
    assert not [f for f in after if f["rule"] == "COL002" and f["status"] == "fail"]
    # a warning-level expression is no 严重表述错误: the veto counts only the planted critical one
    veto = next(i for i in report["score"]["items"] if i["id"] == "VETO-W-01-1")
    assert veto["count"] == 1
    assert code == 2  # the planted critical gaps (CT001 / CT002) still reach --fail-on critical
    # --set wins over the profile, per option
    out2 = tmp_path / "with-set"
    main(["check", str(sample_crawl), "--profile", str(p), "--out", str(out2), "--as-of", AS_OF, "--no-history",
          "--set", "AR001.body_type=department", "--fail-on", "error", "--rules", "AR001,IDN003"])
    report2 = read_json(out2 / "report.json")
    assert [f for f in report2["findings"] if f["rule"] == "AR001" and f["status"] == "fail"]
    assert [f for f in report2["findings"] if f["rule"] == "IDN003" and f["status"] == "fail"]  # profile still applies
    assert report2["summary"]["fail_on"] == "error"
    capsys.readouterr()


def test_profile_command_line_errors(tmp_path, capsys):
    run = write_run(tmp_path / "run", make_site())
    p = _profile(tmp_path, [_site(), {**_site(), "name": "b"}])
    assert main(["check", str(run), "--out", str(tmp_path / "o"), "--site", "kfq"]) == 1
    assert "--site needs --profile" in capsys.readouterr().err
    assert main(["check", str(run), "--out", str(tmp_path / "o"), "--profile", str(p)], rules=[DeadLinks()]) == 1
    assert "choose one with --site (kfq, b)" in capsys.readouterr().err
    assert main(["check", str(run), "--out", str(tmp_path / "o"), "--profile", str(p), "--site", "zz"]) == 1
    assert "no site named 'zz'" in capsys.readouterr().err
    assert main(["audit", "--out", str(tmp_path / "o")]) == 1
    assert "start URL" in capsys.readouterr().err
    # --set is checked like the profile
    assert main(["check", str(run), "--out", str(tmp_path / "o"), "--set", "TST003.min_length=many"],
                rules=[DeadLinks(), ShortTitles()]) == 1
    assert "--set: TST003.min_length: Input should be a valid integer" in capsys.readouterr().err
    # injected test rules may be configured from a profile too
    p1 = _profile(tmp_path, [_site({"TST003": {"min_length": 50}})], name="one.yaml")
    assert main(["check", str(run), "--out", str(tmp_path / "o1"), "--profile", str(p1), "--no-history",
                 "--fail-on", "warning"], rules=[DeadLinks(), ShortTitles()]) == 2
    assert read_json(tmp_path / "o1" / "report.json")["summary"]["by_rule"]["TST003"] == 2


def test_audit_takes_the_start_url_and_crawl_limits_from_the_profile(sample_server, tmp_path, capsys):
    server, _ = sample_server
    p = _profile(tmp_path, [_site({"IDN003": {"superior_hosts": ["www.jlbc.gov.cn"]}},
                                  start_url=server.base_url + "/", max_pages=25, external_hosts=["127.0.0.1"])])
    out = tmp_path / "audit"
    main(["audit", "--profile", str(p), "--out", str(out), "--as-of", AS_OF, "--no-history",
          "--rules", "IDN003,LNK001"])
    assert f"抓取 crawling {server.base_url}/" in capsys.readouterr().out
    report = read_json(out / "report.json")
    assert report["start_url"] == server.base_url + "/" and report["site_name"] == "kfq"
    assert report["summary"]["pages_crawled"] <= 25
    assert [f["evidence"]["configured"] for f in report["findings"] if f["rule"] == "IDN003"] == [["www.jlbc.gov.cn"]]
