"""JSON-built lists on a live loopback crawl: the gkmlpt adapter without a browser, and a
resumed crawl that still asks the JSON list pages it had not reached."""

import datetime as dt
import json

import pytest

from contracts import load_site
from crawler.run import crawl_site
from samples.gkmlpt import build_and_serve

pytestmark = pytest.mark.live  # servers, browsers or subprocesses (tests/conftest.py)

AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("gkmlpt-live")
    server, truth = build_and_serve(work / "gen", AS_OF)
    yield work, server, truth
    server.stop()


def _lines(path):
    return [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]


def _write(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")


def test_resume_asks_the_json_list_pages_left_over(served):
    work, server, truth = served
    out = work / "run"
    settings = {"ZWGK_RENDER": "off"}
    crawl_site(server.base_url + "/", out, external_hosts=["127.0.0.1"], extra_settings=settings, timeout=180)
    full = load_site(out)
    gk_items = sum(len(c.items) for c in full.columns if "/gkmlpt/api/all/" in c.url)
    assert gk_items == truth["json_items"]["gkmlpt"]
    # As if the crawl had died before page 2 of 工作动态 and the 政策文件 column were answered.
    lost = {"/gkmlpt/api/all/31?page=2&sid=440399", "/gkmlpt/api/all/33?page=1&sid=440399"}
    lost = {server.base_url + p for p in lost}
    pages = [p for p in _lines(out / "pages.jsonl") if p["url"] not in lost]
    links = [x for x in _lines(out / "links.jsonl") if x["url"] not in lost]
    assert len(pages) == len(full.pages) - 2 and len(links) == len(full.links) - 2
    _write(out / "pages.jsonl", pages)
    _write(out / "links.jsonl", links)
    server.stats.reset()
    resumed = load_site(crawl_site(server.base_url + "/", out, external_hosts=["127.0.0.1"], extra_settings=settings,
                                   timeout=180, resume=True))
    assert server.stats.count("/gkmlpt/api/all/31") == 1 and server.stats.count("/gkmlpt/api/all/33") == 1
    by_name = {c.name: c for c in resumed.columns}
    assert len(by_name["工作动态"].items) == 25 and len(by_name["政策文件"].items) == 2
    assert sum(len(c.items) for c in resumed.columns if "/gkmlpt/api/all/" in c.url) == gk_items
    checks = {x.url: x for x in resumed.links}
    assert all(checks[u].outcome == "ok" and checks[u].kind.value == "page" for u in lost)
