"""Organ type from the footer's 主办单位, the site name and the 网站标识码 (rules/organ.py).

Footer wordings follow those portals print (中国政府网's footer names the 国务院办公厅 as 主办单位
and its 标识码 bm01000001; county portals name the government's office; 开发区 sites their 管委会).
"""

from __future__ import annotations

import datetime as dt

import pytest

from contracts import CrawlInfo, PageArtifact, SiteArtifacts
from rules.organ import DEPARTMENT, GOVERNMENT, classify_name, host_organisation, infer_organ_type

AT = dt.datetime(2024, 6, 1, tzinfo=dt.timezone.utc)


def _site(title: str = "首页", footer: str = "", meta: dict | None = None) -> SiteArtifacts:
    home = PageArtifact(url="http://127.0.0.1:8000/", final_url="http://127.0.0.1:8000/", status=200, fetched_at=AT,
                        page_kind="home", title=title, footer_text=footer, text=footer, meta=meta or {})
    return SiteArtifacts(crawl=CrawlInfo(start_url=home.url, site_host="127.0.0.1:8000", started_at=AT), pages=[home])


@pytest.mark.parametrize("footer, host, kind", [
    ("主办单位：中华人民共和国国务院办公厅　运行维护单位：中国政府网运行中心 版权所有：中国政府网 网站标识码bm01000001",
     "中华人民共和国国务院办公厅", GOVERNMENT),
    ("主办单位：白城市洮北区人民政府办公室 网站标识码：2208020001 吉ICP备05001234号-1", "白城市洮北区人民政府办公室", GOVERNMENT),
    ("主办：中共通榆县委 通榆县人民政府 承办：通榆县融媒体中心", "中共通榆县委 通榆县人民政府", GOVERNMENT),
    ("主办单位:吉林省人民政府办公厅|承办单位:吉林省政务服务和数字化建设管理局", "吉林省人民政府办公厅", GOVERNMENT),
    ("版权所有：白城经济开发区　主办：白城经济开发区管理委员会　吉ICP备05001234号-2", "白城经济开发区管理委员会", DEPARTMENT),
    ("主办单位：白城市洮北区生态环境局　地址：白城市洮北区海明西路1号", "白城市洮北区生态环境局", DEPARTMENT),
    ("主办：洮北区平台镇人民政府 吉ICP备05001234号-9", "洮北区平台镇人民政府", DEPARTMENT),
    ("主办单位：白城市发展和改革委员会 技术支持：白城市信息中心", "白城市发展和改革委员会", DEPARTMENT),
    # 平潭 (2026 footer): the 综合实验区's 管委会 governs the whole area (its 年报 is the area's, due 3月31日)
    ("主办单位：福建省平潭综合实验区管理委员会办公室 闽ICP备19013541号-1", "福建省平潭综合实验区管理委员会办公室", GOVERNMENT),
])
def test_host_organisation_decides(footer: str, host: str, kind: str) -> None:
    assert host_organisation(footer) == host
    organ = infer_organ_type(_site(footer=footer))
    assert (organ.value, organ.source, organ.basis) == (kind, "主办单位", host)


@pytest.mark.parametrize("name, kind", [
    ("中国吉林", GOVERNMENT), ("中国·白城", GOVERNMENT), ("白城市人民政府门户网站", GOVERNMENT),
    ("通榆县政府网", GOVERNMENT), ("白城市教育局", DEPARTMENT), ("平台镇人民政府", DEPARTMENT),
    ("白城市政务服务中心", DEPARTMENT), ("美丽洮北", None), ("中国黑龙江", GOVERNMENT), ("中国政府网", GOVERNMENT),
    ("中国新闻网", None), ("平潭综合实验区管委会", GOVERNMENT), ("白城经济开发区管委会", DEPARTMENT),
])
def test_site_names(name: str, kind: str | None) -> None:
    assert classify_name(name) == kind


def test_order_of_sources() -> None:
    # the site name decides when the footer names no host
    organ = infer_organ_type(_site(title="首页_通榆县人民政府门户网站", footer="版权所有 通榆县人民政府"))
    assert (organ.value, organ.source) == (GOVERNMENT, "网站名称")
    # a 国务院部门 code, nothing else; the 国务院办公厅's own bm01 code is not a department's
    organ = infer_organ_type(_site(footer="网站标识码bm35000001"))
    assert (organ.value, organ.source, organ.basis) == (DEPARTMENT, "网站标识码", "bm35000001")
    assert infer_organ_type(_site(footer="网站标识码bm01000001")).source == "default"
    # the profile wins over everything; nothing at all decides nothing
    assert infer_organ_type(_site(footer="主办单位：白城市教育局"), "government").source == "profile"
    assert infer_organ_type(_site(title="美丽洮北", footer="Copyright 2024")).value is None
