"""The rule-catalogue section of the 开发区 sample (samples/kfq/catalogue_section.py): what it
plants is on the pages, and it leaves the generator's own random stream alone."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import html as lxml_html

from samples import generate_kfq, load_truth
from samples.kfq import catalogue_section
from samples.kfq.generator import SITE_DIR

AS_OF = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def out(kfq_generated):
    return kfq_generated  # the session's shared generation (tests/conftest.py): read-only


def page(out, path: str):
    data = (out / SITE_DIR / path.lstrip("/")).read_bytes()
    return lxml_html.fromstring(data.decode("gbk" if b'charset="gb2312"' in data[:400] else "utf-8"))


def defects(out) -> dict[str, dict]:
    return {d["id"]: d for d in load_truth(out)["defects"] if d["id"].startswith("DR")}


def test_every_catalogue_defect_names_a_rule_and_a_page(out):
    ds = defects(out)
    assert len(ds) == 21
    for d in ds.values():
        assert d["rule"] and d["url"].startswith("/") and d["note"]
        assert (out / SITE_DIR / (d["url"].lstrip("/") or "index.html")).exists() or d["url"] == "/", d


def test_hijack_link_is_hidden(out):
    d = next(d for d in defects(out).values() if d["rule"] == "CT002")
    doc = page(out, d["url"])
    a = doc.xpath(f'//a[@href="{catalogue_section.HIJACK_URL}"]')[0]
    assert "display:none" in a.getparent().get("style") and a.text_content() == catalogue_section.HIJACK_TEXT


def test_guide_lacks_only_the_fax(out):
    d = next(d for d in defects(out).values() if d["rule"] == "GD001")
    text = page(out, d["url"]).xpath('//div[@id="zoom"]')[0].text_content()
    for needed in ("分类", "获取", "工作机构", "办公地址", "办公时间", "联系电话", catalogue_section.GUIDE_EMAIL):
        assert needed in text
    assert "传真" not in text


def test_summary_missing_only_in_the_personnel_column(out):
    root = out / SITE_DIR / "xxgk" / "fdzdgknr"
    for col in ("rsxx", "zcwj", "jgzn"):
        arts = sorted((root / col).rglob("t*.html"))
        assert arts
        has = ["内容概述" in a.read_bytes().decode("gbk" if col == "zcjd" else "utf-8") for a in arts]
        assert (not any(has)) if col == "rsxx" else all(has), col


def test_the_section_does_not_disturb_the_rest(out, tmp_path, monkeypatch):
    """Without the section the generator's own pages (news, notices) come out byte-identical."""
    monkeypatch.setattr(catalogue_section, "plant", lambda b: None)
    bare = generate_kfq(tmp_path / "bare", AS_OF)
    same = ["xwzx/tzgg/index.html", "hdjl/xjxd/index.html"]
    for rel in same:
        assert (out / SITE_DIR / rel).read_bytes() == (bare / SITE_DIR / rel).read_bytes(), rel
    assert json.loads((bare / "truth.json").read_text("utf-8"))["defects"][0]["id"] == "D01"
