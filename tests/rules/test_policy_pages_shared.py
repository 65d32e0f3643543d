"""rules.patterns.policy_pages is shared per site, listing and patterns, with the same answers.

Every fixture site of the rules that ask for it (PL001, PL002, JD002, JD003, JD007) gives
the same policies through the shared path as through a fresh computation."""

from __future__ import annotations

import pytest

from rules.patterns import (INTERPRETATION_PATTERN, POLICY_CONTEXT_PATTERN, STRICT_POLICY_COLUMN, _policy_pages,
                            columns_listing, policy_pages)

from test_rule_fixtures import FILES, build_site  # tests/rules is on sys.path

CASES = [pytest.param(rule_id, name, case["site"], id=f"{rule_id}-{name}")
         for rule_id in ("PL001", "PL002", "JD002", "JD003", "JD007") if rule_id in FILES
         for name, case in FILES[rule_id].items() if name != "rule" and isinstance(case, dict) and "site" in case]


def _urls(found):
    return [(p.url, n) for p, n in found]


@pytest.mark.parametrize("rule_id,name,spec", CASES)
def test_same_policies(rule_id, name, spec):
    site = build_site(spec)
    fresh = _policy_pages(site, columns_listing(site), POLICY_CONTEXT_PATTERN, STRICT_POLICY_COLUMN,
                          INTERPRETATION_PATTERN)
    first = policy_pages(site, columns_listing(site))
    assert _urls(first) == _urls(fresh)
    assert policy_pages(site, columns_listing(site)) is first  # a second rule gets the shared list
    assert policy_pages(site) is first  # no listing given: the site's own, the same
    other = policy_pages(site, columns_listing(site), context_pattern="(?!)")  # other options: computed anew
    assert other is not first
    assert _urls(other) == _urls(_policy_pages(site, columns_listing(site), "(?!)", STRICT_POLICY_COLUMN,
                                               INTERPRETATION_PATTERN))
    if site.pages:  # another listing (no columns) is not answered from the shared one
        assert _urls(policy_pages(site, {})) == _urls(_policy_pages(site, {}, POLICY_CONTEXT_PATTERN,
                                                                    STRICT_POLICY_COLUMN, INTERPRETATION_PATTERN))


def test_cases_found():
    assert len(CASES) > 10
