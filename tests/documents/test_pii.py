"""crawler.pii: precision with decoys, masking, salted digests, and masked page artifacts."""

from __future__ import annotations

import pytest

from crawler import pii
from crawler.extract import extract_page
from samples.kfq.documents_section import luhn_number, resident_id

ID_A = resident_id("22080219850312001")
ID_B = resident_id("11010519491231002")
ID_X = resident_id("22080219900521002")
BAD_CHECK = ID_A[:17] + ("0" if ID_A[17] != "0" else "1")
CARD = luhn_number("622848012345678901")
NOT_LUHN = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)


def kinds(text: str) -> list[tuple[str, str]]:
    _, cands = pii.mask_text(text)
    return [(c.kind, c.masked) for c in cands]


@pytest.mark.parametrize("text", [
    "身份证号：110101********1234",  # masked ID
    "手机：138****5678",  # masked mobile
    "联系电话：0436-1234567",  # landline
    "咨询电话：（0436）3210000、0436-3210001",
    f"档案编号：{BAD_CHECK}",  # 18 digits, wrong check digit
    "流水号：1381234567812345678",  # a 19-digit run holding a mobile number
    "订单号：202611201234567890",  # 18 digits, province 20 does not exist
    "订单号：2208021985031200",  # 16 digits
    "业务编号：220802850312001",  # 15 digits without an ID label
    f"合同编号：{CARD}",  # Luhn-valid, but not labelled as a card
    f"卡号：{NOT_LUHN}",  # labelled, fails Luhn
    "产值15000000000元，增长13912345678%",  # amounts and percentages
    "附件：P020261120123456789012.pdf",  # TRS file names
    "身份证号：" + resident_id("22080220990101001"),  # born in 2099 (valid check digit)
    "身份证号：" + resident_id("22080219900230001"),  # 30 February (valid check digit)
    "统一社会信用代码：11220800MB1C52731X",
])
def test_decoys_are_not_flagged(text):
    assert kinds(text) == [], text


def test_real_values_are_found_and_masked():
    text = (f"张伟，身份证号{ID_A}，手机13812345678；李娜 身份证：{ID_B}，电话 159-4360-1234；"
            f"银行卡号：{CARD}；旧身份证号码：220802850312001；+86 18704365566")
    masked, cands = pii.mask_text(text)
    got = sorted((c.kind, c.masked) for c in cands)
    assert got == sorted([
        ("id18", ID_A[:4] + "*" * 10 + ID_A[-4:]), ("id18", ID_B[:4] + "*" * 10 + ID_B[-4:]),
        ("mobile", "138****5678"), ("mobile", "159-****-1234"), ("mobile", "187****5566"),
        ("bank_card", CARD[:4] + "*" * (len(CARD) - 8) + CARD[-4:]), ("id15", "2208********001"),
    ])
    for full in (ID_A, ID_B, "13812345678", "15943601234", CARD, "220802850312001", "18704365566"):
        assert full not in masked
    assert len(masked) == len(text)  # masking keeps offsets
    assert all(full not in c.context for c in cands for full in (ID_A, CARD, "13812345678"))


def test_id_check_digit_and_birth_year():
    assert pii.id18_valid(ID_A) and not pii.id18_valid(BAD_CHECK)
    assert pii.id18_valid(ID_X, max_year=1990) and not pii.id18_valid(ID_X, max_year=1989)
    x = next(resident_id(f"11010519491231{n:03d}") for n in range(100)
             if resident_id(f"11010519491231{n:03d}").endswith("X"))
    assert pii.id18_valid(x) and pii.id18_valid(x.lower())  # X check digits are fine


def test_digests_are_salted_and_stable_within_a_run():
    pii.set_salt(b"a" * 16)
    a1 = pii.mask_text(f"身份证号{ID_A}")[1][0].digest
    a2 = pii.mask_text(f"另见 {ID_A}")[1][0].digest
    pii.set_salt(b"b" * 16)
    b1 = pii.mask_text(f"身份证号{ID_A}")[1][0].digest
    assert a1 == a2 and a1 != b1
    import hashlib
    assert a1 != hashlib.sha256(ID_A.encode()).hexdigest()  # never the bare hash of the value


def test_a_value_identified_by_its_table_header_is_masked_in_the_text_too():
    html = ("<html><head><title>2026年稳岗补贴发放情况公示</title></head><body><h1>稳岗补贴发放情况公示</h1>"
            "<table><tr><th>姓名</th><th>开户银行</th><th>银行卡号</th><th>联系电话</th></tr>"
            f"<tr><td>钱芳</td><td>农业银行</td><td>{CARD}</td><td>13812345678</td></tr></table>"
            f"<p>张伟 {ID_A}</p></body></html>")
    page = extract_page("http://127.0.0.1:8000/a.html", html.encode())
    dumped = page.model_dump_json()
    for full in (CARD, "13812345678", ID_A):
        assert full not in dumped
    by_kind = {c.kind: c for c in page.pii}
    assert by_kind["bank_card"].in_table and by_kind["bank_card"].header == "银行卡号"
    assert by_kind["mobile"].in_table and "钱芳" in by_kind["mobile"].context
    assert not by_kind["id18"].in_table
    assert page.tables[0][1][2] == CARD[:4] + "*" * (len(CARD) - 8) + CARD[-4:]


def test_values_in_titles_and_links_are_masked():
    html = (f"<html><head><title>关于张伟（{ID_A}）的公示</title></head><body>"
            f"<a href='/x.html'>联系13812345678</a></body></html>")
    page = extract_page("http://127.0.0.1:8000/a.html", html.encode())
    assert ID_A not in page.model_dump_json() and "13812345678" not in page.model_dump_json()
    assert {c.kind for c in page.pii} == {"id18", "mobile"}


@pytest.mark.parametrize("text,flags", [
    ("张三 13912345678；李四 13812345678", [True, True]),
    ("1. 王芳 联系电话：13712345601 2. 赵磊 联系电话：13712345602", [True, True]),
    (f"张伟，身份证号{ID_A}，手机13812345678；李娜，身份证：{ID_B}，电话15943601234", [True, True]),
    ("联系人：王老师，联系电话：13904361234。", [False]),  # one office contact closing a notice
    ("联系人：王老师 13904361234；李老师 13804361234", [False, False]),  # office contacts
    ("咨询电话：13904361234；监督电话：13804361234", [False, False]),
    ("请与张伟13912345678联系。", [False]),  # one name and number: not a list
    ("城关镇 13904361201；南湖街道 15004361202；林业站 18604361203", [False, False, False]),  # units
])
def test_per_person_entries_in_text(text, flags):
    _, cands = pii.mask_text(text)
    assert [c.per_person for c in cands if c.kind == "mobile"] == flags


def test_per_person_rows_in_tables():
    col = pii.Collector()
    col.tables([[["单位", "联系人", "联系电话"], ["城关镇", "刘洋", "13904361201"], ["南湖街道", "陈静", "15004361202"]],
                [["部门", "咨询电话"], ["政务服务中心", "13904361299"]]])
    flags = {c.masked: (c.per_person, c.header) for c in col.candidates}
    assert flags == {"139****1201": (True, "联系电话"), "150****1202": (True, "联系电话"),
                     "139****1299": (False, "咨询电话")}
