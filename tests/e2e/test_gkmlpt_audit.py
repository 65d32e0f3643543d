"""End to end on the 青榕区 sample (samples/gkmlpt): a gkmlpt 公开目录 whose columns exist only
in a config script and a JSON API, and two Vue-style lists drawn from JSON with other field
names. Served on 127.0.0.1, crawled for real (Scrapy, Chromium when present), audited with
every rule through the CLI and compared with truth.json. A second crawl without a browser
shows that the gkmlpt adapter needs none and that the script-built lists are could not
evaluate, never empty."""

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest

from auditor.cli import main
from crawler.render import find_browser
from crawler.run import crawl_site

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

AS_OF = dt.date(2026, 11, 27)
HAVE_BROWSER = find_browser()[0] is not None
needs_browser = pytest.mark.usefixtures("chromium")  # the generic JSON lists need a browser
STANDARD = {"政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报", "依申请公开"}


def _path(url):
    if url is None:
        return None
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _same(want, got, base):
    if want is None:
        return True
    return got is not None and got.startswith(base) and _path(got) == want


def _hits(d, f, base):
    return (f["rule"] == d["rule"] and _same(d.get("url"), f["url"], base) and _same(d.get("target"), f["target"], base)
            and all(f["evidence"].get(k) == v for k, v in d.get("evidence", {}).items()))


def _columns(run_dir):
    return [json.loads(line) for line in (run_dir / "columns.jsonl").read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def audited(gkmlpt_audit):
    """The session's shared audit of the gkmlpt sample (tests/conftest.py): read-only."""
    out = gkmlpt_audit.out
    report = json.loads((out / "report.json").read_text("utf-8"))
    fails = [f for f in report["findings"] if f.get("status", "fail") == "fail"]
    print(f"\ngkmlpt sample: audit (crawl + rules) {gkmlpt_audit.elapsed:.1f} s")
    return gkmlpt_audit.portal.base_url, gkmlpt_audit.portal.truth, report, fails, gkmlpt_audit.code, out


@pytest.fixture(scope="module")
def unrendered(gkmlpt_portal, tmp_path_factory):
    """The same portal crawled with rendering switched off, then checked offline."""
    work, base, truth = tmp_path_factory.mktemp("gkmlpt-norender"), gkmlpt_portal.base_url, gkmlpt_portal.truth
    run = crawl_site(base + "/", work / "norender-crawl", external_hosts=["127.0.0.1"],
                     extra_settings={"ZWGK_RENDER": "off"}, timeout=300)
    out = work / "norender-out"
    main(["check", str(run), "--as-of", AS_OF.isoformat(), "--out", str(out), "--no-history"])
    report = json.loads((out / "report.json").read_text("utf-8"))
    return base, truth, report, run


@needs_browser
def test_every_planted_defect_is_found(audited):
    base, truth, _, fails, code, _ = audited
    missing = [d["id"] for d in truth["defects"] if not any(_hits(d, f, base) for f in fails)]
    assert not missing, f"planted defects not reported: {missing}"
    assert code == 2


def test_correct_decoys_are_not_flagged(audited):
    base, truth, _, fails, _, _ = audited
    wrong = [(c["url"], f["rule"], f["message"]) for c in truth["correct"] for f in fails
             if f["rule"] in c["rules"] and _same(c["url"], f["url"], base)]
    assert not wrong, f"correct decoys flagged: {wrong}"


def test_json_built_columns_are_neither_missing_nor_empty(audited):
    base, truth, report, fails, _, out = audited
    columns = {c["name"]: c for c in _columns(out / "crawl")}
    expected = truth["json_columns"] if HAVE_BROWSER else truth["json_columns"][:-2]
    assert not [n for n in expected if not columns.get(n, {}).get("items")], columns.keys()
    called_missing = [f["message"] for f in fails if f["rule"] in ("COL001", "ZL002")
                      and f["evidence"].get("column") in STANDARD]
    assert not called_missing, called_missing
    empty = [f["message"] for f in fails if f["rule"] == "COL003" and f["evidence"].get("column") in expected]
    assert not empty, empty
    assert not [f for f in report["findings"] if f["rule"] == "COL001"]  # passes are not listed
    pages = [json.loads(line) for line in (out / "crawl" / "pages.jsonl").read_text("utf-8").splitlines()]
    index = next(p for p in pages if _path(p["url"]) == "/gkmlpt/index")
    assert STANDARD <= {link["text"] for link in index["links"]}  # read from the config tree: seen, not assumed


def test_items_found_through_json(audited):
    base, truth, _, _, _, out = audited
    crawl = json.loads((out / "crawl" / "crawl.json").read_text("utf-8"))
    note = next(n for n in crawl["capped"] if n.startswith("JSON lists:"))
    print(f"\n{note}")
    by_name = {c["name"]: c for c in _columns(out / "crawl")}
    gkmlpt = sum(len(c["items"]) for c in by_name.values() if "/gkmlpt/api/all/" in c["url"])
    assert gkmlpt == truth["json_items"]["gkmlpt"]
    assert f"items from the gkmlpt API {truth['json_items']['gkmlpt']}," in note
    if HAVE_BROWSER:
        generic = len(by_name["通知公告"]["items"]) + len(by_name["部门动态"]["items"])
        assert generic == truth["json_items"]["generic"]
        assert len(by_name["通知公告"]["pages"]) == 3  # the JSON list's pageNo=2 and 3 merged in
        assert len(by_name["部门动态"]["pages"]) == 2  # page 2 POSTed with pageNum=2
        assert note.endswith(f"from recorded JSON {truth['json_items']['generic']}")


def test_without_a_browser_the_adapter_still_works_and_scripts_are_not_judged(unrendered):
    base, truth, report, run = unrendered
    fails = [f for f in report["findings"] if f["status"] == "fail"]
    adapter = [d for d in truth["defects"] if d["id"] in ("G01", "G02", "G03", "G04")]
    missing = [d["id"] for d in adapter if not any(_hits(d, f, base) for f in fails)]
    assert not missing, f"gkmlpt defects not found without a browser: {missing}"
    scripted = ("/zwgk/tzgg/index.html", "/zwgk/bmdt/index.html")
    judged = [(f["rule"], f["message"]) for f in fails if _path(f["url"]) in scripted]
    assert not judged, judged
    cne = {(f["rule"], _path(f["url"])) for f in report["findings"] if f["status"] == "could_not_evaluate"
           and "列表由脚本生成，未能渲染" in f["message"]}
    assert {("COL003", p) for p in scripted} | {("COL002", p) for p in scripted} <= cne
    crawl = json.loads((run / "crawl.json").read_text("utf-8"))
    assert any("not rendered" in n for n in crawl["capped"])


def test_the_sample_is_deterministic_and_relative_to_as_of(gkmlpt_generated, tmp_path):
    from samples.gkmlpt import generate

    def files(d):
        return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}

    a, b = gkmlpt_generated, generate(tmp_path / "b", AS_OF)
    assert files(a) == files(b)
    other = json.loads((generate(tmp_path / "c", dt.date(2026, 2, 10)) / "truth.json").read_text("utf-8"))
    truth = json.loads((a / "truth.json").read_text("utf-8"))
    assert [(d["id"], d["rule"]) for d in other["defects"]] == [(d["id"], d["rule"]) for d in truth["defects"]]
