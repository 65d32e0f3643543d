"""Shared rule helpers: 文号 parsing, month arithmetic, page labels."""

import datetime as dt

import pytest

from contracts import PageArtifact
from rules.patterns import add_months, book_title, find_doc_number, norm, page_label


@pytest.mark.parametrize("text,expected", [
    ("白开管发〔2020〕3号", "白开管发〔2020〕3号"),
    ("国办发﹝2019﹞54号", "国办发﹝2019﹞54号"),
    ("文号：白开管发[2020]3号", "白开管发[2020]3号"),
    ("白开管规［2020］第2号", "白开管规［2020］第2号"),
    ("吉政办函（2020）49号", "吉政办函（2020）49号"),
    ("白开管发(2020) 3 号", "白开管发(2020)3号"),
    ("白开管发【2020】7号", "白开管发【2020】7号"),
    ("2020年3月5号发布", None),
    ("", None),
])
def test_find_doc_number(text, expected):
    assert find_doc_number(text) == expected


@pytest.mark.parametrize("day,months,expected", [
    (dt.date(2020, 12, 1), -6, dt.date(2020, 6, 1)),
    (dt.date(2020, 8, 31), -6, dt.date(2020, 2, 29)),
    (dt.date(2021, 8, 31), -6, dt.date(2021, 2, 28)),
    (dt.date(2021, 3, 15), -6, dt.date(2020, 9, 15)),
    (dt.date(2020, 1, 31), 1, dt.date(2020, 2, 29)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def _page(**kw):
    return PageArtifact(url="http://127.0.0.1:8000/a.html", final_url="http://127.0.0.1:8000/a.html",
                        status=200, fetched_at=dt.datetime(2020, 1, 1), **kw)


def test_page_label_prefers_heading_then_meta_then_title_without_site_suffix():
    assert page_label(_page(heading="关于开展检查的通知", title="x_站点")) == "关于开展检查的通知"
    assert page_label(_page(meta={"ArticleTitle": "政策解读"}, title="x_站点")) == "政策解读"
    assert page_label(_page(title="关于开展检查的通知_白城经济开发区管理委员会")) == "关于开展检查的通知"
    assert page_label(_page(title="2020-2022年发展规划")) == "2020-2022年发展规划"
    assert page_label(_page()) == "http://127.0.0.1:8000/a.html"


def test_book_title_and_norm():
    assert book_title("关于印发《办法》的通知") == "《关于印发〈办法〉的通知》"
    assert norm(" 政 务\u3000公\xa0开 ") == "政务公开"


def test_norm_folds_exactly_what_the_regex_folded():
    """norm uses str.split(); it must drop exactly the characters the former
    `re.sub(r"\\s+", "", text.replace("\\u3000", "").replace("\\xa0", ""))` dropped."""
    import re
    import sys

    ws = re.compile(r"\s+")

    def before(text):
        return ws.sub("", (text or "").replace("\u3000", "").replace("\xa0", ""))

    every = "".join(chr(cp) for cp in range(sys.maxunicode + 1))
    assert norm(every) == before(every)
    for text in (None, "", " 政 务\u3000公\xa0开\n", "\u2028\u2029\x1c\x1d\x1e\x1f\x85\u200b\ufeff", "a\t\r\x0b\x0cb"):
        assert norm(text) == before(text), repr(text)
