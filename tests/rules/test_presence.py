"""Every presence rule, walked through entries whose targets could not be fetched.

A rule that can say something is missing (未找到 / 未设置) declares what it looks for
(`Rule.presence_specs`) and says it through `Rule.missing` (rules/presence.py). For each
declared thing, a homepage and a 政府信息公开 专栏 carry an entry for it whose target answered
404, or timed out: the rule must not fail that thing, and must name the link (could not
evaluate with the link as target or evidence). The link problem itself is the link rules'
finding, checked here on the same sites. A start page that is not the homepage, with the
homepage never seen, must give no verdict either.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re

import pytest

from contracts import Status
from rules import all_rules, get_rule, run_rule
from rules.base import RuleContext
from rules.columns.COL001 import PORTAL_SPEC
from rules.presence import Presence, PresenceSpec, judge_missing

from test_rule_fixtures import build_site  # tests/rules is on sys.path (rootdir-relative imports)

BASE = "http://127.0.0.1:8000"
ENTRY = f"{BASE}/col/col4521/index.html"  # the entry's target; never crawled
OUTSIDE = "http://127.0.0.1:9/portal/"  # another site's address, for links that are the thing (友情链接)
AS_OF = dt.date(2024, 6, 1)

# Absence claims must go through Rule.missing: a direct FAIL saying 未找到 / 未设置 bypasses
# the shared decision.
_DIRECT_ABSENCE = re.compile(r"self\.fail\(\s*f?[\"'](?:[^\"']*(?:未找到|未设置)|未公开|[^\"'，]*未提供[^\"'，]{0,20}(?:下载|入口))")
#: Rules that say 未设置 about a property of the homepage itself (not an entry), judged only
#: once the homepage was seen.
_HOMEPAGE_PROPERTY = {"IDN002": "SiteIDCode meta tag of the homepage"}


def presence_rules():
    return [r for r in all_rules() if r.presence_specs(r.meta.options)]


def _walk():
    out = []
    for rule in presence_rules():
        for spec in rule.presence_specs(rule.meta.options):
            for outcome in ("dead", "timeout"):
                out.append(pytest.param(rule.meta.id, spec, outcome, id=f"{rule.meta.id}-{spec.item}-{outcome}"))
    return out


def test_every_absence_claim_goes_through_the_presence_decision() -> None:
    listed = {r.meta.id for r in presence_rules()}
    for rule in all_rules():
        source = inspect.getsource(inspect.getmodule(type(rule)))
        if rule.meta.id in _HOMEPAGE_PROPERTY:
            assert "seen_homepage(site)" in source, rule.meta.id
            continue
        assert not _DIRECT_ABSENCE.search(source), \
            f"{rule.meta.id} says 未找到/未设置 with self.fail: use self.missing (rules/presence.py)"
        if "self.missing(" in source:
            assert rule.meta.id in listed, f"{rule.meta.id} calls self.missing but declares no presence_specs"
    # the rules issue 9 names, at least
    assert {"GD001", "AP001", "COL001", "PA001", "PA003", "PA005", "AR001", "AR002", "FN001", "HD001",
            "SV001", "NM001", "PA002", "PA004", "PA006", "AP002", "IDN003"} <= listed


def test_specs_are_well_formed() -> None:
    for rule in presence_rules():
        for spec in rule.presence_specs(rule.meta.options):
            assert re.search(spec.link_text, spec.example), f"{rule.meta.id}: {spec.example!r} ≠ {spec.link_text!r}"
            assert not (spec.exclude and re.search(spec.exclude, spec.example)), f"{rule.meta.id}: {spec.example}"


def _home_html(entry_text: str, with_portal: bool, entry: str = ENTRY) -> str:
    portal = '<li><a href="/col/col4501/index.html">政府信息公开</a></li>' if with_portal else ""
    return f"""<html><head><title>白城市洮北区人民政府</title>
<meta name="SiteName" content="白城市洮北区人民政府"><meta name="SiteIDCode" content="2208020001"></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/col4502/index.html">新闻中心</a></li>
{portal}<li><a href="{entry}">{entry_text}</a></li></ul></div>
<div class="footer">主办单位：白城市洮北区人民政府办公室 网站标识码：2208020001 吉ICP备05001234号-1
吉公网安备 22080202000123号</div></body></html>"""


PORTAL_HTML = f"""<html><head><title>政府信息公开_白城市洮北区人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col4501/index.html">政府信息公开</a></div>
<div class="left_nav"><ul><li><a href="{ENTRY}">{{entry}}</a></li></ul></div></body></html>"""


COLUMN_HTML = f"""<html><head><title>{{name}}_白城市洮北区人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col4501/index.html">政府信息公开</a> &gt;
<a href="/col/col4503/index.html">{{name}}</a></div>
<div class="content"><p>申请人可以通过当面、邮寄等方式提出政府信息公开申请。通信地址：白城市洮北区海明西路1号，
咨询电话：0436-3234567。</p><p><a href="{ENTRY}">{{entry}}</a></p></div></body></html>"""


def _target(spec: PresenceSpec) -> str:
    return OUTSIDE if spec.link_is_the_thing else ENTRY


def _site(spec: PresenceSpec, outcome: str):
    with_portal = not re.search(PORTAL_SPEC.link_text, spec.example)
    pages = [{"url": f"{BASE}/", "html": _home_html(spec.example, with_portal, _target(spec))}]
    if with_portal and spec.found_on:  # the entry sits on a column of the 专栏 (在线申请 on 依申请公开)
        pages.append({"url": f"{BASE}/col/col4501/index.html", "html": PORTAL_HTML.replace(
            f'<a href="{ENTRY}">{{entry}}</a>', f'<a href="/col/col4503/index.html">{spec.found_on}</a>')})
        pages.append({"url": f"{BASE}/col/col4503/index.html", "html": COLUMN_HTML.format(
            name=spec.found_on, entry=spec.example)})
    elif with_portal:
        pages.append({"url": f"{BASE}/col/col4501/index.html", "html": PORTAL_HTML.replace("{entry}", spec.example)})
    kind = "external" if spec.link_is_the_thing else "page"
    check = ({"url": _target(spec), "kind": kind, "outcome": "dead", "status": 404} if outcome == "dead"
             else {"url": _target(spec), "kind": kind, "outcome": "timeout", "error": "TimeoutError"})
    return build_site({"start_url": f"{BASE}/", "pages": pages, "links": [check]})


def _run(rule_id: str, site):
    rule = get_rule(rule_id)
    return list(run_rule(rule, site, RuleContext(as_of=AS_OF, options=dict(rule.meta.options))))


def _about(f, target: str) -> bool:
    """A link rule's finding about `target`: its own, or a group listing it among the examples."""
    return f.target == target or target in f.evidence.get("examples", ())


def _names_entry(f, target: str = ENTRY) -> bool:
    return f.target == target or f.evidence.get("entry_target") == target


@pytest.mark.parametrize("rule_id,spec,outcome", _walk())
def test_entry_present_target_unreachable_is_never_missing(rule_id: str, spec: PresenceSpec, outcome: str) -> None:
    site = _site(spec, outcome)
    target = _target(spec)
    findings = _run(rule_id, site)
    assert not [f for f in findings if f.status == Status.error], [f.message for f in findings]
    wrong = [f for f in findings if f.status == Status.fail and
             (f.evidence.get("item") == spec.item or f.evidence.get("column") == spec.item or _names_entry(f, target))]
    assert not wrong, "\n".join(f.message for f in wrong)
    if spec.link_is_the_thing:
        # the link is what is required: it counts, and the pass says its target failed
        named = [f for f in findings if f.status == Status.passed and f.evidence.get("item") == spec.item
                 and f.target == target]
        assert named and "链接检查" in named[0].message, [f"{f.status.value} {f.message}" for f in findings]
        lnk_rule = "LNK003"
    else:
        named = [f for f in findings if f.status == Status.could_not_evaluate and _names_entry(f)]
        assert named, "no could-not-evaluate naming the link:\n" + "\n".join(
            f"{f.status.value} {f.message}" for f in findings)
        assert any("404" in f.message or "超时" in f.message for f in named), [f.message for f in named]
        lnk_rule = "LNK001"
    # the link problem itself is the link rules' finding
    # a dead link is its own finding; links without a verdict are grouped (one per cause and
    # column) with the target among the examples
    lnk = [f for f in _run(lnk_rule, site) if _about(f, target)]
    assert lnk and {f.status for f in lnk} == ({Status.fail} if outcome == "dead" else {Status.could_not_evaluate})


ARTICLE_HTML = """<html><head><title>关于印发《洮北区2024年政务公开工作要点》的通知_白城市洮北区人民政府</title></head><body>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col4501/index.html">政府信息公开</a> &gt; 正文</div>
<h1>关于印发《洮北区2024年政务公开工作要点》的通知</h1><div class="info">发布日期：2024-04-12</div>
<div class="content"><p>各乡镇人民政府、街道办事处，区政府各部门：现将《洮北区2024年政务公开工作要点》印发给你们，请认真贯彻落实。</p></div>
</body></html>"""


@pytest.mark.parametrize("rule_id", [r.meta.id for r in presence_rules()])
def test_start_page_not_homepage_and_homepage_never_seen(rule_id: str) -> None:
    start = f"{BASE}/art/2024/4/12/art_4501_90121.html"
    site = build_site({"start_url": start, "pages": [{"url": start, "html": ARTICLE_HTML}]})
    findings = _run(rule_id, site)
    items = {s.item for s in get_rule(rule_id).presence_specs(get_rule(rule_id).meta.options)}
    wrong = [f for f in findings if f.status == Status.fail and
             (f.evidence.get("item") in items or f.evidence.get("column") in items)]
    assert not wrong, "\n".join(f.message for f in wrong)
    # no verdict: could not evaluate, or not applicable where another rule owns the precondition
    assert any(f.status in (Status.could_not_evaluate, Status.not_applicable) for f in findings), \
        [f.message for f in findings]


# ---------------------------------------------------------------- the decision itself

GUIDE = PresenceSpec(item="政府信息公开指南", link_text=r"公开指南", example="政府信息公开指南", in_portal=True)


def _decide(home_links: str, links: list[dict], extra_pages: list[dict] | None = None):
    html = f"<html><head><title>洮北区人民政府</title></head><body><div class='nav'>{home_links}</div></body></html>"
    pages = [{"url": f"{BASE}/", "html": html}] + (extra_pages or [])
    return judge_missing(build_site({"start_url": f"{BASE}/", "pages": pages, "links": links}), GUIDE)


def test_soft_404_skipped_and_unfetched_entries_are_unreachable() -> None:
    soft = _decide(f'<a href="{ENTRY}">政府信息公开指南</a>', [], [
        {"url": ENTRY, "html": "<html><head><title>页面不存在</title></head><body>对不起，您访问的页面不存在或已被删除</body></html>",
         "soft_404": True}])
    assert soft.state == Presence.unreachable and soft.entries[0].outcome == "soft_404"
    skipped = _decide('<a href="http://127.0.0.1:9/zn.html">政府信息公开指南</a>',
                      [{"url": "http://127.0.0.1:9/zn.html", "kind": "external", "outcome": "skipped"}])
    assert skipped.state == Presence.unreachable and skipped.entries[0].outcome == "skipped"
    unfetched = _decide(f'<a href="{ENTRY}">政府信息公开指南</a>', [])
    assert unfetched.state == Presence.unreachable and unfetched.entries[0].outcome == "not_fetched"


def test_portal_entry_dead_is_unreachable_and_no_entry_is_absent() -> None:
    dead_portal = _decide('<a href="/col/col4501/index.html">政府信息公开</a>',
                          [{"url": f"{BASE}/col/col4501/index.html", "kind": "page", "outcome": "dead", "status": 502}])
    assert dead_portal.state == Presence.unreachable and dead_portal.reason == "portal_not_seen"
    assert dead_portal.entries[0].status == 502
    absent = _decide('<a href="/col/col4502/index.html">新闻中心</a>', [])
    assert absent.state == Presence.absent and absent.seen == [f"{BASE}/"]


def test_placeholder_entries() -> None:
    only_hash = _decide('<a href="#">政府信息公开指南</a><a href="javascript:void(0)">公开指南</a>', [])
    assert only_hash.state == Presence.placeholder and len(only_hash.entries) == 2
    malformed = _decide('<a href="http://#">政府信息公开指南</a>', [])  # a malformed href leads nowhere too
    assert malformed.state == Presence.placeholder and malformed.entries[0].outcome == "placeholder"
    # "#xxgkzn" jumps to a section of the page: not an empty link
    section = _decide('<a href="#xxgkzn">政府信息公开指南</a>', [])
    assert section.state != Presence.placeholder
    dead_and_hash = _decide(f'<a href="#">政府信息公开指南</a><a href="{ENTRY}">公开指南</a>',
                            [{"url": ENTRY, "kind": "page", "outcome": "dead", "status": 404}])
    assert dead_and_hash.state == Presence.unreachable


@pytest.mark.parametrize("check, lnk_status", [
    ({"outcome": "dead", "status": 404}, Status.fail),
    ({"outcome": "dead", "status": 502}, Status.fail),
    ({"outcome": "dead", "status": 200, "error": "soft-404: the page says '页面不存在'"}, Status.fail),
    ({"outcome": "redirect_loop", "status": 302}, Status.fail),
    ({"outcome": "too_many_redirects", "status": 301}, Status.fail),
    ({"outcome": "timeout", "error": "TimeoutError"}, Status.could_not_evaluate),
    ({"outcome": "rate_limited", "status": 429, "retry_after": "120"}, Status.could_not_evaluate),
    ({"outcome": "blocked", "error": "robots.txt"}, Status.could_not_evaluate),
    ({"outcome": "error", "error": "SSLError: certificate verify failed"}, Status.could_not_evaluate),
])
def test_every_failed_outcome_is_unreachable_and_a_link_finding(check, lnk_status) -> None:
    """Each way a target can fail makes the entry unreachable (no 未找到), and LNK001 reports the link."""
    links = [{"url": ENTRY, "kind": "page", **check}]
    verdict = _decide(f'<a href="{ENTRY}">政府信息公开指南</a>', links)
    assert verdict.state == Presence.unreachable and verdict.entries[0].outcome == check["outcome"]
    html = f"<html><head><title>洮北区人民政府</title></head><body><div class='nav'><a href='{ENTRY}'>政府信息公开指南</a></div></body></html>"
    site = build_site({"start_url": f"{BASE}/", "pages": [{"url": f"{BASE}/", "html": html}], "links": links})
    assert [f.status for f in _run("LNK001", site) if _about(f, ENTRY)] == [lnk_status]
    (gd,) = [f for f in _run("GD001", site) if f.evidence.get("item") == "政府信息公开指南"]
    assert gd.status == Status.could_not_evaluate and gd.target == ENTRY


def test_a_portal_drawn_by_an_unrendered_script_is_not_seen() -> None:
    """A 公开目录 whose column tree a script builds, recorded without a browser: nothing in it
    was seen, so nothing of it is missing (the crawler's note, as crawler/spiders/portal.py writes it)."""
    note = "looks built by JavaScript (gkmlpt: the column tree comes from /gkmlpt/api/all/0) but was not rendered"
    portal = {"url": f"{BASE}/gkmlpt/index", "extract_notes": [note],
              "html": "<html><head><title>政府信息公开目录</title></head><body><div id='app'></div>"
                      "<script src='/gkmlpt/js/app.js'></script></body></html>"}
    verdict = _decide('<a href="/gkmlpt/index">政府信息公开</a>', [], [portal])
    assert verdict.state == Presence.unreachable and verdict.reason == "not_rendered"
    assert verdict.entries[0].page == f"{BASE}/gkmlpt/index" and "gkmlpt" in verdict.entries[0].phrase
