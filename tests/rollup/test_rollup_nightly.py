"""The roll-up written by `zwgk nightly` over five local sites, two nights (see conftest.py):
rollup.json against its model, rollup.xlsx reopened with openpyxl, the 通报 draft reopened
with python-docx; and a partial crawl shown as 未能完成检查, never ranked."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import yaml
from docx import Document
from openpyxl import load_workbook

from auditor.nightly import run_nightly
from contracts import CrawlInfo, LinkCheck, LinkKind, LinkRef, PageArtifact, SiteArtifacts
from contracts.rollup import RollupReport
from reports.rollup_docx import SECTIONS, TABLE_HEADERS

from rollup_kit import NIGHTS

AUDITED_ORDER = ["dongfeng", "xihu", "beiyuan", "nanshan"]  # 96, 95, then the vetoed by score: 95, 94.5


def _rollup(nights) -> RollupReport:
    return RollupReport.model_validate_json((nights.out / "rollup.json").read_bytes())


def test_exit_codes_are_the_sites_own(nights):
    # night 1: every site audited, gates fail on the sites' errors (2); night 2: zhongxin's run failed (1).
    # The webhook that always fails changed neither.
    assert nights.codes == [2, 1]


def test_rollup_json_ranks_audited_sites_and_lists_the_unreachable_one(nights):
    r = _rollup(nights)
    raw = json.loads((nights.out / "rollup.json").read_text("utf-8"))
    assert raw["version"] == 1 and r.as_of == NIGHTS[1]
    names = [s.name for s in r.sites]
    assert names == AUDITED_ORDER + ["zhongxin"]
    ranked = [s for s in r.sites if s.state == "audited"]
    assert [s.rank for s in ranked] == [1, 2, 3, 4]
    assert ranked[0].score > ranked[1].score  # xihu still has one dead link
    assert all(not s.vetoes for s in ranked[:2]) and all(s.vetoes for s in ranked[2:])
    assert {s.verdict for s in ranked[2:]} == {"单项否决"}

    down = r.sites[-1]
    assert down.state == "not_audited" and down.rank is None and down.score is None and down.verdict is None
    assert "没有任何页面" in down.reason and down.as_of == NIGHTS[1]
    assert down.last_good_as_of == NIGHTS[0] and down.last_good_href == "zhongxin/runs/" + \
        Path(down.last_good_href).parent.name + "/report.html"
    assert (nights.out / down.last_good_href).exists()

    by = {s.name: s for s in r.sites}
    assert by["xihu"].resolved == 2 and by["xihu"].new == 0
    assert [v.id for v in by["nanshan"].new_vetoes] == ["VETO-W-01-1"] and by["nanshan"].new == 1
    assert [v.id for v in by["beiyuan"].vetoes] == ["VETO-W-03"] and by["beiyuan"].new_vetoes == []  # since night 1
    for s in ranked:
        assert [p.as_of for p in s.trend] == list(NIGHTS)
        assert s.trend[-1].score == s.score
        assert (nights.out / s.report_href).is_file() and s.report_href.startswith(f"{s.name}/runs/2026-11-27_")
        c = s.coverage
        # every target checked but the footer's two 备案 registry links (another host: skipped by profile);
        # nanshan's footer shows no 备案 numbers
        registry = 0 if s.name == "nanshan" else 2
        assert c.pages_fetched == c.pages_discovered >= 15 and c.links_checked == c.links_found - registry
        assert c.links_checked >= c.pages_fetched
    assert [p.as_of for p in down.trend] == [NIGHTS[0]]

    s = r.summary
    assert (s.sites, s.audited, s.not_audited, s.passed, s.vetoed, s.new_vetoes) == (5, 4, 1, 2, 2, 1)
    assert s.resolved_gaps == 2 and s.new_gaps == 1
    # the gaps handed out: by plan task and 责任单位, audited sites only
    assert r.groups and all(g.responsible for g in r.groups)
    gap_sites = {x.site for g in r.groups for x in g.gaps}
    assert gap_sites == set(AUDITED_ORDER)
    assert sum(len(g.gaps) for g in r.groups) == s.gaps
    phrase = [(g, x) for g in r.groups for x in g.gaps if x.rule == "CT001"]
    assert len(phrase) == 1 and phrase[0][1].site == "nanshan" and phrase[0][1].diff == "new"
    assert phrase[0][1].report_href.startswith("nanshan/runs/") and "#f" in phrase[0][1].report_href
    assert [(c.responsible, c.new) for c in r.new_by_responsible] == [(phrase[0][0].responsible, 1)]
    dead = [x for g in r.groups for x in g.gaps if x.rule == "LNK001"]
    assert [(x.site, x.diff) for x in dead] == [("xihu", "open")]


def test_rollup_json_matches_the_documented_schema(nights):
    import jsonschema

    from contracts.rollup import rollup_schema

    docs = Path(__file__).resolve().parents[2] / "docs" / "rollup-schema.json"
    assert docs.read_text("utf-8") == rollup_schema(), \
        "docs/rollup-schema.json is stale: run `python -m contracts.rollup > docs/rollup-schema.json`"
    jsonschema.validate(json.loads((nights.out / "rollup.json").read_text("utf-8")), json.loads(rollup_schema()))


def test_rollup_xlsx_reopens(nights):
    wb = load_workbook(nights.out / "rollup.xlsx")
    assert wb.sheetnames == ["排名", "问题分办", "未能完成检查"]
    rows = list(wb["排名"].iter_rows(values_only=True))
    assert rows[0][:7] == ("排名", "网站", "标识", "网址", "检查日期", "得分", "结论")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (1, "东风镇", "dongfeng"), (2, "西湖街道", "xihu"), (3, "北园开发区", "beiyuan"), (4, "南山乡", "nanshan"),
        ("未排名", "中心镇", "zhongxin")]
    assert rows[5][6] == "未能完成检查" and rows[5][5] == "—" and rows[5][15] == NIGHTS[0].isoformat()
    assert "严重表述错误（新增）" in rows[4][7] and rows[1][15] == NIGHTS[1].isoformat()
    gaps = list(wb["问题分办"].iter_rows(values_only=True))
    assert gaps[0][:4] == ("任务", "任务名称", "责任单位", "网站")
    assert len(gaps) - 1 == _rollup(nights).summary.gaps
    assert {g[3] for g in gaps[1:]} == {"东风镇", "西湖街道", "北园开发区", "南山乡"}
    missing = list(wb["未能完成检查"].iter_rows(values_only=True))
    assert len(missing) == 2 and missing[1][:2] == ("中心镇", "zhongxin") and "没有任何页面" in missing[1][4]


def test_docx_draft_reopens_with_title_sections_and_ranking(nights):
    doc = Document(str(nights.out / "rollup.docx"))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "示例县人民政府办公室文件" and texts[1] == "示政办函〔2026〕8号"
    title = next(p for p in doc.paragraphs if p.text == "关于2026年11月政府网站检查情况的通报")
    assert title.alignment == 1  # centred
    run = title.runs[0]
    assert run.bold and run.font.size.pt == 22 and run.font.name == "方正小标宋简体"
    assert "各乡镇人民政府，县政府各部门：" in texts
    positions = [texts.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    overall = texts[positions[0] + 1]
    assert "对5个政府网站开展了检查" in overall and "未能完成检查（中心镇）" in overall
    problems = "\n".join(texts[positions[1]:positions[2]])
    assert "南山乡：触发单项否决指标“严重表述错误”，其中“严重表述错误”为本次新增" in problems
    assert "北园开发区：触发单项否决指标“首页不更新”。" in problems
    assert "中心镇：抓取结果中没有任何页面" in problems and "上次完整检查为2026年11月20日" in problems
    assert "于2026年12月12日前" in texts[positions[2] + 1]  # as_of + rectify_days (15)
    assert texts[-2:] == ["示例县人民政府办公室", "2026年11月27日"]
    table = doc.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == TABLE_HEADERS
    assert [r[:2] for r in rows[1:]] == [["1", "东风镇"], ["2", "西湖街道"], ["3", "北园开发区"], ["4", "南山乡"],
                                         ["—", "中心镇"]]
    assert rows[-1][3] == "未能完成检查" and rows[-1][2] == "—"


# ---------------------------------------------------------------------------------------------
# A partial crawl: listed as 未能完成检查 with its reason, never ranked, never a 合格


AT = dt.datetime(2026, 11, 20, 9, 0)


def _crawl(folder: Path, base: str, *, capped: list[str], reason: str = "finished") -> Path:
    home = PageArtifact(url=f"{base}/", final_url=f"{base}/", status=200, fetched_at=AT, page_kind="home",
                        title="示例镇", links=[LinkRef(url=f"{base}/a.html", text="通知", kind=LinkKind.page)],
                        footer_text="主办单位：示例镇人民政府")
    site = SiteArtifacts(
        crawl=CrawlInfo(start_url=f"{base}/", site_host=base.split("://")[1], started_at=AT, finished_at=AT,
                        finish_reason=reason, capped=capped),
        pages=[home], links=[LinkCheck(url=f"{base}/", kind=LinkKind.page, outcome="ok", status=200),
                             LinkCheck(url=f"{base}/a.html", kind=LinkKind.page, outcome="blocked")])
    folder.mkdir(parents=True)
    (folder / "crawl.json").write_text(site.crawl.model_dump_json(), encoding="utf-8")
    (folder / "pages.jsonl").write_text(home.model_dump_json() + "\n", encoding="utf-8")
    (folder / "links.jsonl").write_text("".join(x.model_dump_json() + "\n" for x in site.links), encoding="utf-8")
    return folder


def test_partial_crawl_is_not_audited(tmp_path):
    import rules

    chosen = [r for r in rules.all_rules() if r.meta.id in ("IDN001", "LNK001")]
    p = tmp_path / "profile.yaml"
    p.write_text(yaml.safe_dump({"out": "nightly", "sites": [
        {"name": "full", "start_url": "http://127.0.0.1:8101/"},
        {"name": "cut", "start_url": "http://127.0.0.1:8102/"}]}), encoding="utf-8")
    cut_caps = {1: [], 2: ["page budget: ZWGK_MAX_PAGES=1 reached; 1 page links not crawled (outcome blocked)"]}
    night = {"n": 1}

    def crawl_fn(url, run_dir, **kw):
        caps = cut_caps[night["n"]] if "8102" in url else []
        return _crawl(Path(run_dir), url.rstrip("/"), capped=caps)

    for n, as_of in enumerate(NIGHTS, 1):
        night["n"] = n
        run_nightly(p, as_of=as_of, progress="off", crawl_fn=crawl_fn, injected_rules=chosen)
    r = RollupReport.model_validate_json((tmp_path / "nightly" / "rollup.json").read_bytes())
    full, cut = r.sites
    assert (full.name, full.state, full.rank) == ("full", "audited", 1)
    assert (cut.name, cut.state, cut.rank, cut.score, cut.verdict) == ("cut", "not_audited", None, None, None)
    assert cut.reason.startswith("抓取不完整：page budget") and cut.last_good_as_of == NIGHTS[0]
    assert [p.as_of for p in cut.trend] == [NIGHTS[0]]  # the partial run is no trend point
    assert {x.site for g in r.groups for x in g.gaps} == {"full"}
    html = (tmp_path / "nightly" / "index.html").read_text("utf-8")
    assert "未能完成检查" in html and 'data-site="cut" data-rank' not in html
    # interrupted crawls too
    shutil.rmtree(tmp_path / "nightly")
    cut_caps[2] = []

    def stopped(url, run_dir, **kw):
        return _crawl(Path(run_dir), url.rstrip("/"), capped=[], reason="shutdown" if "8102" in url else "finished")

    run_nightly(p, as_of=NIGHTS[1], progress="off", crawl_fn=stopped, injected_rules=chosen)
    r = RollupReport.model_validate_json((tmp_path / "nightly" / "rollup.json").read_bytes())
    assert r.sites[1].state == "not_audited" and "shutdown" in r.sites[1].reason
    assert r.sites[1].last_good_as_of is None


def test_page_text_is_inert_in_every_rollup_format(tmp_path):
    """A hostile page title reaches the roll-up through a finding's message: escaped in HTML,
    control characters gone from every file, xlsx and docx still open."""
    import rules

    hostile = "<script>window.__x=1</script>\x1b[2J\x07通知"
    chosen = [r for r in rules.all_rules() if r.meta.id == "LNK001"]
    p = tmp_path / "profile.yaml"
    p.write_text(yaml.safe_dump({"out": "nightly", "sites": [{"name": "evil", "start_url": "http://127.0.0.1:8103/"}]}),
                 encoding="utf-8")

    def crawl_fn(url, run_dir, **kw):
        folder = _crawl(Path(run_dir), url.rstrip("/"), capped=[])
        base = url.rstrip("/")
        home = PageArtifact(url=f"{base}/", final_url=f"{base}/", status=200, fetched_at=AT, page_kind="home",
                            title=hostile, links=[LinkRef(url=f"{base}/gone.html", text=hostile, kind=LinkKind.page)])
        (folder / "pages.jsonl").write_text(home.model_dump_json() + "\n", encoding="utf-8")
        (folder / "links.jsonl").write_text(
            LinkCheck(url=f"{base}/", kind=LinkKind.page, outcome="ok", status=200).model_dump_json() + "\n"
            + LinkCheck(url=f"{base}/gone.html", kind=LinkKind.page, outcome="dead", status=404).model_dump_json()
            + "\n", encoding="utf-8")
        return folder

    run_nightly(p, as_of=NIGHTS[0], progress="off", crawl_fn=crawl_fn, injected_rules=chosen)
    out = tmp_path / "nightly"
    r = RollupReport.model_validate_json((out / "rollup.json").read_bytes())
    gap = next(x for g in r.groups for x in g.gaps if x.rule == "LNK001")
    assert "<script>window.__x=1</script>[2J通知" in gap.message and "\x1b" not in gap.message
    html = (out / "index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in html and "<script" not in html
    for name in ("index.html", "rollup.json"):
        assert "\x1b" not in (out / name).read_text("utf-8") and "\x07" not in (out / name).read_text("utf-8")
    gaps = list(load_workbook(out / "rollup.xlsx")["问题分办"].iter_rows(values_only=True))
    assert any("<script>window.__x=1</script>[2J通知" in (row[6] or "") for row in gaps[1:])
    doc = Document(str(out / "rollup.docx"))
    assert any("<script>window.__x=1</script>[2J通知" in p.text for p in doc.paragraphs)


def test_a_rollup_that_cannot_be_written_fails_the_run_not_the_sites(tmp_path, capsys):
    import rules

    chosen = [r for r in rules.all_rules() if r.meta.id == "IDN001"]
    p = tmp_path / "profile.yaml"
    p.write_text(yaml.safe_dump({"out": "nightly", "sites": [{"name": "one", "start_url": "http://127.0.0.1:8104/",
                                                              "fail_on": "critical"}]}), encoding="utf-8")
    (tmp_path / "nightly" / "index.html").mkdir(parents=True)  # in the way of the roll-up

    def crawl_fn(url, run_dir, **kw):
        return _crawl(Path(run_dir), url.rstrip("/"), capped=[])

    assert run_nightly(p, as_of=NIGHTS[0], progress="off", crawl_fn=crawl_fn, injected_rules=chosen) == 1
    err = capsys.readouterr().err
    assert "roll-up FAILED" in err and "index.html" in err
    assert (tmp_path / "nightly" / "one" / "latest" / "report.html").is_file()
    assert not (tmp_path / "nightly" / "rollup.json").exists()  # index.html is written first: the rest stop
