"""crawler.documents: every supported type read by its signature, the broken ones, limits,
and the extraction time per type (printed with -s)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from crawler import documents as D
from crawler.documents import detect_type, extract_document
from samples import docfiles
from samples.kfq import documents_section as S

BASE = "http://127.0.0.1:8000/xxgk/fj/"
LINES = ["项目名称：白鹭湖智能装备产业园", "建设单位：白鹭湖经济开发区管理委员会", "总投资：12000万元"]
ROWS = [["序号", "项目名称", "总投资"], ["1", "智能装备产业园", "12000"]]

SAMPLES = {
    # name: (bytes, detected type, a text the reader must find)
    "a.pdf": (S.make_pdf_pages("项目申报指南", LINES * 30), "pdf", "智能装备产业园"),
    "a.doc": (docfiles.make_doc("项目申报书", LINES), "rtf", "建设单位"),  # RTF saved as .doc
    "b.doc": (S.make_word97("项目申报书", LINES), "doc", "建设单位"),  # Word 97-2003 binary
    "a.wps": (S.make_word97("项目申报书", LINES), "doc", "总投资"),  # WPS 文字 (OLE, Word layout)
    "a.docx": (docfiles.make_docx("项目申报书", LINES), "docx", "智能装备产业园"),
    "a.xls": (docfiles.make_xls("汇总表", ROWS), "spreadsheetml", "智能装备产业园"),  # Excel 2003 XML
    "b.xls": (S.make_biff8("汇总表", ROWS), "xls", "智能装备产业园"),  # BIFF8
    "a.xlsx": (docfiles.make_xlsx("汇总表", ROWS), "xlsx", "智能装备产业园"),
    "a.ofd": (S.make_ofd("项目申报承诺书", LINES), "ofd", "建设单位"),
    "a.txt": ("项目名称：智能装备产业园\n".encode("gb18030"), "text", "智能装备产业园"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_supported_type(name):
    body, kind, needle = SAMPLES[name]
    assert detect_type(body) == kind
    doc = extract_document(BASE + name, body, {"Content-Type": "application/octet-stream"}, 200)
    assert doc.outcome == "ok", doc.error
    assert doc.detected_type == kind and doc.declared_type == name.rsplit(".", 1)[1]
    assert needle in doc.text and doc.size == len(body)
    if kind in ("xlsx", "xls", "spreadsheetml"):
        assert doc.tables and doc.tables[0][1][1] == "智能装备产业园"
    if kind == "pdf":
        assert doc.page_count == 3 and doc.title == "项目申报指南"


def test_extraction_time_per_type(capsys):
    """Measured figures for the report: median of 5 reads per type (small files)."""
    out = {}
    for name, (body, kind, _) in sorted(SAMPLES.items()):
        times = []
        for _ in range(5):
            t = time.perf_counter()
            extract_document(BASE + name, body)
            times.append(time.perf_counter() - t)
        out[f"{kind}({name})"] = sorted(times)[2] * 1000
    with capsys.disabled():
        print("\nextraction ms per file: " + ", ".join(f"{k} {v:.1f}" for k, v in out.items()))
    assert max(out.values()) < 2000


def test_broken_attachments():
    html = "<!DOCTYPE html><html><head><title>404 页面不存在</title></head><body>页面不存在</body></html>".encode()
    cases = {
        "empty.xls": (b"", "empty"),
        "cut.pdf": (S.make_corrupt_pdf("流程图"), "corrupt"),
        "page.pdf": (html, "html_instead"),
        "page.docx": (b"\n\n  " + html, "html_instead"),
        "noise.pdf": (bytes(range(256)) * 4, "corrupt"),
        "text.pdf": (b"this is not a pdf", "corrupt"),
        "cut.docx": (docfiles.make_docx("t", ["x"])[:300], "corrupt"),
        "bad.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "corrupt"),
        "bad.xls": (b"<?xml version='1.0'?><Workbook xmlns='urn:schemas-microsoft-com:office:spreadsheet'><Worksheet>",
                    "corrupt"),
        "a.rar": (b"Rar!\x1a\x07\x00" + b"\0" * 50, "unsupported"),
    }
    for name, (body, outcome) in cases.items():
        doc = extract_document(BASE + name, body)
        assert doc.outcome == outcome, (name, doc.outcome, doc.error)
    page = extract_document(BASE + "page.pdf", html)
    assert page.detected_type == "html" and page.title == "404 页面不存在"
    # an HTML attachment named .html is not "html instead"
    assert extract_document(BASE + "x.html", html).outcome != "html_instead"


def test_limits():
    big = S.make_pdf_pages("大文件", LINES * 400)
    assert extract_document(BASE + "big.pdf", big, max_bytes=1000).outcome == "too_large"
    assert extract_document(BASE + "big.pdf", big[:5000], truncated=True).outcome == "too_large"
    slow = extract_document(BASE + "big.pdf", big, time_limit=0.0)
    assert slow.outcome == "timeout" and "ran over" in slow.error


def test_zip_bomb_guard(monkeypatch):
    monkeypatch.setattr(D, "ZIP_MAX_UNCOMPRESSED", 1000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>" + " " * 5000)
    assert extract_document(BASE + "bomb.docx", buf.getvalue()).outcome == "unsupported"


def test_encrypted_pdf_is_unsupported():
    import pypdf  # a project dependency: a broken install fails here
    reader = pypdf.PdfReader(io.BytesIO(S.make_pdf_pages("t", LINES)))
    writer = pypdf.PdfWriter()
    for p in reader.pages:
        writer.add_page(p)
    try:
        writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    except Exception as exc:  # noqa: BLE001 - RC4 needs no extra package; skip if this pypdf lacks it
        pytest.skip(f"pypdf cannot encrypt here: {exc}")
    out = io.BytesIO()
    writer.write(out)
    doc = extract_document(BASE + "locked.pdf", out.getvalue())
    assert doc.outcome == "unsupported" and "encrypted" in doc.error


def test_attachment_text_is_masked():
    from samples.kfq.documents_section import PLANTED_CARDS, PLANTED_SUBSIDY_IDS

    sheet = [["姓名", "身份证号", "银行卡号"]] + [["钱芳", PLANTED_SUBSIDY_IDS[0], PLANTED_CARDS[0]]]
    for name, body in (("m.xlsx", docfiles.make_xlsx("s", sheet)), ("m.xls", S.make_biff8("s", sheet)),
                       ("m.pdf", S.make_pdf_pages("名单", [" ".join(r) for r in sheet])),
                       ("m.doc", S.make_word97("名单", [" ".join(r) for r in sheet]))):
        doc = extract_document(BASE + name, body)
        dumped = doc.model_dump_json()
        assert PLANTED_SUBSIDY_IDS[0] not in dumped, name
        assert {c.kind for c in doc.pii} >= {"id18"}, name
        if doc.tables:  # the 银行卡号 header identifies the card even without a label beside it
            assert PLANTED_CARDS[0] not in dumped and "bank_card" in {c.kind for c in doc.pii}
