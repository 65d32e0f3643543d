"""Run every case of every rules/fixtures/<ID>.yaml against its rule (sqlfluff-style).

A fixture file holds `rule: <ID>` and cases named pass_* / fail_* / na_* / cne_*:

    fail_dead_nav_link:
      as_of: 2020-12-01
      options: {include_hidden: false}          # optional, merged over meta.options
      site:
        start_url: http://127.0.0.1:8000/
        pages:                                  # `html:` goes through crawler.extract.extract_page
        - url: http://127.0.0.1:8000/
          html: <html>...</html>
          status: 200                           # optional; also headers, final_url, encoding
          page_kind: home                       # optional artifact overrides after extraction
        - {url: ..., page_kind: article, heading: ..., links: [...]}   # or artifact fields
        links:                                  # LinkCheck records; crawled pages get one
        - {url: ..., kind: page, outcome: dead, status: 404}           # automatically
        columns: [...]                          # omitted → crawler.assemble.build_columns(pages)
        accounts: [...]                         # AccountArtifact records (政务新媒体)
        documents: [...]                        # DocumentArtifact records (attachments read)
      expect:                                   # every non-pass finding, exactly
      - {status: fail, url: ..., target: ..., evidence: {link_text: ..., status: 404}}

`expect` entries match on status, url and target (missing = None), on evidence as a
subset, and on task / severity when given.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from contracts import (AccountArtifact, ColumnArtifact, CrawlInfo, DocumentArtifact, Finding, LinkCheck,
                       PageArtifact, SiteArtifacts, Status)
from rules import all_rules, get_rule, run_rule
from rules.base import RuleContext

FIXTURES = Path(__file__).resolve().parents[2] / "rules" / "fixtures"
FETCHED_AT = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
ALLOWED_NETLOCS = {"127.0.0.1:8000", "127.0.0.1:9", "www.gov.cn",
                   "www.example-city.gov.cn",  # fictional superior portal, as in the sample portal
                   "www.beijing.gov.cn",  # 首都之窗, the superior portal 2018 北京 homepages link: shown, never fetched
                   # 备案 registries (and the retired MIIT host) that footers link: shown, never fetched
                   "beian.miit.gov.cn", "www.beian.gov.cn", "www.miitbeian.gov.cn"}
CASE_PREFIXES = ("pass_", "fail_", "na_", "cne_")
_HTML_PAGE_KEYS = {"url", "html", "status", "headers", "final_url", "encoding"}


# ---------------------------------------------------------------- loading

def _load_files() -> dict[str, dict[str, Any]]:
    out = {}
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and data.get("rule") == path.stem, \
            f"{path.name}: must start with `rule: {path.stem}`"
        out[path.stem] = data
    return out


FILES = _load_files()


def _cases() -> list[Any]:
    params = []
    for rule_id, data in FILES.items():
        for name, case in data.items():
            if name == "rule":
                continue
            params.append(pytest.param(rule_id, name, case, id=f"{rule_id}-{name}"))
    return params


def _page(entry: dict[str, Any]) -> PageArtifact:
    if "html" in entry:
        from crawler.extract import extract_page  # the real extractor: fixtures test the pair

        encoding = entry.get("encoding", "utf-8")
        headers = entry.get("headers") or {"Content-Type": f"text/html; charset={encoding}"}
        page = extract_page(entry["url"], entry["html"].encode(encoding), status=entry.get("status", 200),
                            headers=headers, final_url=entry.get("final_url"), fetched_at=FETCHED_AT)
        overrides = {k: v for k, v in entry.items() if k not in _HTML_PAGE_KEYS}
        if overrides:
            page = PageArtifact.model_validate({**page.model_dump(), **overrides})
        return page
    data = {"final_url": entry["url"], "status": 200, "fetched_at": FETCHED_AT, **entry}
    return PageArtifact.model_validate(data)


def build_site(spec: dict[str, Any]) -> SiteArtifacts:
    start = spec["start_url"]
    pages = [_page(p) for p in spec.get("pages") or []]
    links = [LinkCheck.model_validate(c) for c in spec.get("links") or []]
    if spec.get("auto_links", True):
        # The crawler writes a LinkCheck for every page it fetched.
        known = {c.url for c in links}
        for p in pages:
            if p.url not in known:
                known.add(p.url)
                outcome = "ok" if p.status < 400 else ("rate_limited" if p.status == 429 else "dead")
                links.append(LinkCheck(url=p.url, kind="page", outcome=outcome, status=p.status,
                                       final_url=p.final_url, checked_at=FETCHED_AT))
    if "columns" in spec:
        columns = [ColumnArtifact.model_validate(c) for c in spec["columns"] or []]
    else:
        from crawler.assemble import build_columns

        columns = build_columns(pages)
    accounts = [AccountArtifact.model_validate(a) for a in spec.get("accounts") or []]
    documents = [DocumentArtifact.model_validate(d) for d in spec.get("documents") or []]
    crawl = CrawlInfo(start_url=start, site_host=urlsplit(start).netloc, started_at=FETCHED_AT)
    return SiteArtifacts(crawl=crawl, pages=pages, links=links, columns=columns, accounts=accounts,
                         documents=documents)


# ---------------------------------------------------------------- matching

def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _matches(f: Finding, e: dict[str, Any]) -> bool:
    if f.status.value != e["status"] or f.url != e.get("url") or f.target != e.get("target"):
        return False
    if "task" in e and f.task != e["task"]:
        return False
    if "severity" in e and f.severity.value != e["severity"]:
        return False
    evidence = _plain(f.evidence)
    return all(k in evidence and evidence[k] == _plain(v) for k, v in (e.get("evidence") or {}).items())


def _show(f: Finding) -> str:
    return (f"{f.status.value} url={f.url} target={f.target} task={f.task} "
            f"evidence={_plain(f.evidence)} message={f.message}")


# ---------------------------------------------------------------- tests

@pytest.mark.parametrize("rule_id,name,case", _cases())
def test_rule_fixture(rule_id: str, name: str, case: dict[str, Any]) -> None:
    assert name.startswith(CASE_PREFIXES), f"case names start with one of {CASE_PREFIXES}"
    rule = get_rule(rule_id)
    as_of = case["as_of"]
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    ctx = RuleContext(as_of=as_of, options={**rule.meta.options, **(case.get("options") or {})})
    site = build_site(case["site"])
    findings = list(run_rule(rule, site, ctx))

    errors = [f for f in findings if f.status == Status.error]
    assert not errors, "rule crashed: " + "; ".join(_show(f) for f in errors)
    for f in findings:
        assert f.rule == rule_id and f.message.strip()

    expected = list(case.get("expect") or [])
    actual = [f for f in findings if f.status != Status.passed]
    unmatched = list(actual)
    missing = []
    for e in expected:
        hit = next((f for f in unmatched if _matches(f, e)), None)
        if hit is None:
            missing.append(e)
        else:
            unmatched.remove(hit)
    assert not missing and not unmatched, (
        "\nexpected but not found:\n  " + "\n  ".join(map(str, missing))
        + "\nfound but not expected:\n  " + "\n  ".join(_show(f) for f in unmatched)
    )

    statuses = {e["status"] for e in expected}
    if name.startswith("pass_"):
        assert any(f.status == Status.passed for f in findings), "a pass_ case must yield a pass finding"
        assert "fail" not in statuses, "a pass_ case must not expect failures"
    elif name.startswith("fail_"):
        assert "fail" in statuses, "a fail_ case must expect at least one failure"
    elif name.startswith("na_"):
        assert "not_applicable" in statuses and "fail" not in statuses
    elif name.startswith("cne_"):
        assert "could_not_evaluate" in statuses and "fail" not in statuses


def test_every_rule_has_pass_and_fail_cases() -> None:
    """Automatic rules need a pass_ and a fail_ case. Manual checklist items (RuleMeta.manual)
    never pass or fail on their own: they need cne_ cases, and no pass_/fail_ case."""
    for rule in all_rules():
        data = FILES.get(rule.meta.id)
        assert data is not None, f"rules/fixtures/{rule.meta.id}.yaml is missing"
        names = [n for n in data if n != "rule"]
        if rule.meta.manual:
            assert any(n.startswith("cne_") for n in names), f"{rule.meta.id}: a manual item needs cne_ cases"
            assert not any(n.startswith(("pass_", "fail_")) for n in names), \
                f"{rule.meta.id}: a manual item never passes or fails by itself"
            continue
        assert any(n.startswith("pass_") for n in names), f"{rule.meta.id}: no pass_ case"
        assert any(n.startswith("fail_") for n in names), f"{rule.meta.id}: no fail_ case"


def test_fixture_files_belong_to_registered_rules() -> None:
    ids = {r.meta.id for r in all_rules()}
    assert set(FILES) <= ids, f"fixtures for unknown rules: {sorted(set(FILES) - ids)}"


def test_fixture_urls_stay_on_loopback_or_gov_cn() -> None:
    """Fixtures never name a real host other than www.gov.cn and the 备案 registries (links never fetched)."""
    for path in sorted(FIXTURES.glob("*.yaml")):
        for url in re.findall(r"https?://[^\s\"'<>]+", path.read_text(encoding="utf-8")):
            assert urlsplit(url).netloc in ALLOWED_NETLOCS, f"{path.name}: {url}"
