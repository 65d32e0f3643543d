"""Helpers of the rules for the requirements the catalogue left open: 落款 dates (PA007), published
messages read from tables and labelled lists (HD001), and the sample's 20-working-day decoy."""

import datetime as dt

from contracts import LinkRef, PageArtifact
from rules.interaction._common import detail_messages, site_messages, table_messages
from rules.patterns import working_days_between
from rules.proactive._timeliness import parse_any_date, signature_date, written_date_shown

D = dt.date
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)


def _page(url="http://127.0.0.1:8000/a.html", **kw) -> PageArtifact:
    return PageArtifact(url=url, final_url=url, status=200, fetched_at=T0, **kw)


def test_dates_in_digits_and_chinese_numerals():
    assert parse_any_date("二〇二〇年十一月三十日") == D(2020, 11, 30)
    assert parse_any_date("二○二一年一月五日") == D(2021, 1, 5)
    assert parse_any_date("成文日期：2020-02-30 2020年3月1日") == D(2020, 3, 1)  # an impossible date is skipped
    assert parse_any_date("无日期") is None


def test_signature_is_the_last_date_that_opens_no_period():
    text = ("现将《办法》印发给你们。白城经济开发区管理委员会 二〇二五年五月十二日 "
            "本办法自二〇二五年六月一日起施行，有效期至二〇二七年十二月三十一日止。")
    assert signature_date(text) == D(2025, 5, 12)
    # digits count only right after the issuing body
    assert signature_date("会议定于2025年5月25日召开。开发区安全生产委员会办公室 2025年3月3日") == D(2025, 3, 3)
    assert signature_date("会议定于2025年5月25日召开。") is None
    # a 落款 after the publication date is not taken
    assert signature_date("管理委员会 二〇二五年五月十二日", not_after=D(2025, 5, 1)) is None


def test_written_date_prefers_fields_over_the_signature():
    page = _page(fields={"生成日期": "2025-09-19"}, text="管理委员会 二〇二五年五月十二日")
    assert written_date_shown(page, D(2025, 10, 24)) == (D(2025, 9, 19), "生成日期")
    page = _page(text="管理委员会 二〇二五年五月十二日")
    assert written_date_shown(page, D(2025, 10, 24)) == (D(2025, 5, 12), "落款")
    assert written_date_shown(page, D(2025, 10, 24), use_signature=False) == (None, "")


def test_labelled_list_gives_one_message_per_entry():
    # 大汉-style 信件 list: each entry labelled, no table
    text = ("关于路灯维修的咨询 留言时间：2026-05-01 回复时间：2026-05-06 状态：已回复 "
            "关于小区停车的建议 留言时间：2026-06-01 状态：办理中")
    msgs = detail_messages(_page(text=text, heading="信件列表"))
    assert [(m.title, m.submitted, m.replied, m.status, m.source) for m in msgs] == [
        ("关于路灯维修的咨询", D(2026, 5, 1), D(2026, 5, 6), "已回复", "list"),
        ("关于小区停车的建议", D(2026, 6, 1), None, "办理中", "list"),
    ]


def test_table_columns_in_any_order_and_truncated_titles_link_their_page():
    url = "http://127.0.0.1:8000/hdjl/list.html"
    detail = "http://127.0.0.1:8000/hdjl/202605/t20260506_1.html"
    table = [["答复日期", "信件主题", "来信日期", "处理状态"],
             ["2026-05-06", "关于开发区北区路灯长期不亮的咨询...", "2026-05-01", "已办结"],
             ["", "关于企业用工的咨询", "2026-06-01", "办理中"]]
    page = _page(url, tables=[table],
                 links=[LinkRef(url=detail, text="关于开发区北区路灯长期不亮的咨询...", kind="page")])
    first, second = table_messages(page)
    assert (first.submitted, first.replied, first.status, first.key_url) == (D(2026, 5, 1), D(2026, 5, 6), "已办结", detail)
    assert (second.replied, second.key_url) == (None, "")


def test_detail_page_wins_over_its_table_row_and_special_channels_are_left_out():
    import re

    from contracts import CrawlInfo, SiteArtifacts

    detail = "http://127.0.0.1:8000/hdjl/202605/t20260506_1.html"
    lst = _page("http://127.0.0.1:8000/hdjl/list.html",
                tables=[[["标题", "留言时间", "答复时间"], ["关于路灯的咨询", "2026-05-01", ""]]],
                links=[LinkRef(url=detail, text="关于路灯的咨询", kind="page")])
    det = _page(detail, heading="关于路灯的咨询", text="留言时间：2026-05-01 答复时间：2026-05-06")
    xf = _page("http://127.0.0.1:8000/xf/1.html", heading="信访件", breadcrumb=["首页", "网上信访"],
               text="来信时间：2026-01-01")
    site = SiteArtifacts(crawl=CrawlInfo(start_url="http://127.0.0.1:8000/", site_host="127.0.0.1:8000",
                                         started_at=T0), pages=[lst, det, xf])
    msgs = site_messages(site, re.compile("信访|举报"))
    assert [(m.url, m.replied, m.source) for m in msgs] == [(detail, D(2026, 5, 6), "detail")]


def test_sample_boundary_decoy_is_exactly_twenty_working_days():
    from samples.kfq.service_section import _working_days_back

    for end in (D(2026, 2, 15), D(2025, 10, 24), D(2024, 5, 10)):
        start = _working_days_back(end, 20)
        assert working_days_between(start, end) == 20 and (end - start).days > 20
    assert _working_days_back(D(2031, 1, 10), 20) is None  # beyond the calendar's data
