"""auditor.options.build_options: the command line over the site profile over the defaults,
with profile paths resolved against the profile's folder by the one resolver."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from auditor.options import build_options, resolve_path
from auditor.profile import SiteProfile

DAY = dt.date(2026, 11, 27)


def _site(**kw) -> SiteProfile:
    return SiteProfile(name="kfq", start_url="http://127.0.0.1:8000/", **kw)


def test_resolve_path_is_relative_to_the_profile_folder(tmp_path):
    assert resolve_path(tmp_path, "plan.yaml") == str(tmp_path / "plan.yaml")
    assert resolve_path(tmp_path, "/etc/plan.yaml") == "/etc/plan.yaml"
    assert resolve_path(tmp_path, None) is None
    assert resolve_path(None, "plan.yaml") == "plan.yaml"


def test_defaults_without_profile_or_command_line(tmp_path):
    opts = build_options(as_of=DAY, out=tmp_path)
    assert (opts.fail_on, opts.plan, opts.overrides, opts.waivers, opts.site_name) == ("error", None, {}, [], "")


def test_profile_values_apply_and_its_paths_are_resolved(tmp_path):
    site = _site(fail_on="warning", plan="p.yaml", mapping="/abs/m.yaml", scoring="s.yaml",
                 rules={"LNK001": {"timeout": 5}})
    opts = build_options(as_of=DAY, out=tmp_path, site=site, base=tmp_path / "profiles")
    assert opts.fail_on == "warning"
    assert opts.plan == str(tmp_path / "profiles" / "p.yaml")
    assert opts.mapping == "/abs/m.yaml"
    assert opts.scoring == str(tmp_path / "profiles" / "s.yaml")
    assert opts.overrides == {"LNK001": {"timeout": 5}}
    assert opts.site_name == "kfq"


def test_command_line_wins_and_set_options_merge_over_the_profile_rules(tmp_path):
    site = _site(fail_on="warning", plan="p.yaml", rules={"LNK001": {"timeout": 5, "retries": 1}})
    opts = build_options(as_of=DAY, out=tmp_path, site=site, base=tmp_path, fail_on="critical",
                         plan="cli-plan.yaml", overrides={"LNK001": {"timeout": 9}, "COL001": {"x": 1}},
                         site_name="other")
    assert (opts.fail_on, opts.plan, opts.site_name) == ("critical", "cli-plan.yaml", "other")
    assert opts.overrides == {"LNK001": {"timeout": 9, "retries": 1}, "COL001": {"x": 1}}
    assert site.rules == {"LNK001": {"timeout": 5, "retries": 1}}  # the profile is not changed
