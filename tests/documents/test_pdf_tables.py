"""PDF tables read from the page geometry (pdfplumber): blank cells stay blank cells, a table
running on to the next page is joined, and the 年报 parser reads rows that plain text loses."""

from __future__ import annotations

import io

from crawler.documents import extract_document
from rules.documents import _report as R
from samples import docfiles


def make_table_pdf(pages, col_widths, row_h=18, x0=60, top_y=None):
    """pages: [(y_top, rows)] — each page draws one ruled table whose first row's top edge is
    at y_top (PDF points from the bottom)."""
    n = len(pages)
    font_id = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               ("<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{3 + 2 * i} 0 R" for i in range(n)), n)).encode()]
    for i, (y_top, rows) in enumerate(pages):
        ops = ["0.5 w"]
        xs = [x0]
        for w in col_widths:
            xs.append(xs[-1] + w)
        ys = [y_top - k * row_h for k in range(len(rows) + 1)]
        for y in ys:
            ops.append(f"{xs[0]} {y} m {xs[-1]} {y} l S")
        for x in xs:
            ops.append(f"{x} {ys[0]} m {x} {ys[-1]} l S")
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell:
                    ops.append(f"BT /F1 8 Tf 1 0 0 1 {xs[c] + 2} {ys[r] - row_h + 5} Tm {docfiles._pdf_text(cell)} Tj ET")
        stream = "\n".join(ops).encode("ascii")
        objects.append(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> "
                        "/Contents %d 0 R >>" % (font_id, 4 + 2 * i)).encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    cid_id, desc_id = font_id + 1, font_id + 2
    objects += [
        ("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>" % cid_id).encode(),
        ("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor %d 0 R /DW 1000 >>" % desc_id).encode(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


HEAD = ["三、收到和处理政府信息公开申请情况", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
PAGE1 = [HEAD,
         ["一、本年新收政府信息公开申请数量", "", "12", "3", "", "", "1", "", "16"],
         ["二、上年结转政府信息公开申请数量", "", "1", "", "", "", "", "", "1"],
         ["三、本年度办理结果", "（一）予以公开", "9", "3", "", "", "1", "", "13"]]
PAGE2 = [["", "（二）部分公开", "2", "", "", "", "", "", "2"],  # the same table, continued on page 2
         ["", "（七）总计", "11", "3", "", "", "1", "", "15"],
         ["四、结转下年度继续办理", "", "2", "", "", "", "", "", "2"]]
WIDTHS = [150, 70] + [40] * 7


def _pdf() -> bytes:
    # page 1: the table ends near the bottom; page 2: it goes on at the top
    return make_table_pdf([(20 + 18 * len(PAGE1), PAGE1), (800, PAGE2)], WIDTHS)


def test_table_cells_and_page_continuation():
    doc = extract_document("http://127.0.0.1:8000/xxgk/ndbg.pdf", _pdf())
    assert doc.outcome == "ok" and doc.page_count == 2
    assert len(doc.tables) == 1, doc.tables
    rows = doc.tables[0]
    assert len(rows) == len(PAGE1) + len(PAGE2)
    assert rows[1] == PAGE1[1] and rows[-1] == PAGE2[-1]  # blank cells kept in place
    # the text layer has the same rows without their blank cells
    assert "一、本年新收政府信息公开申请数量 12 3 1 16" in doc.text


def test_parser_reads_rows_the_text_loses():
    doc = extract_document("http://127.0.0.1:8000/xxgk/ndbg.pdf", _pdf())
    title = "白城市洮北区人民政府2024年政府信息公开工作年度报告"
    text = "三、收到和处理政府信息公开申请情况\n" + doc.text
    from_tables = R.parse_report(url=doc.url, title=title, text=text, tables=doc.tables)
    from_text = R.parse_report(url=doc.url, title=title, text=text, tables=[])
    assert from_tables.requests["new"] == [12, 3, 0, 0, 1, 0, 16]
    assert from_tables.requests["carried_out"] == [2, 0, 0, 0, 0, 0, 2]
    assert from_tables.requests["partial"] == [2, 0, 0, 0, 0, 0, 2]
    # plain text: the rows with blank cells have too few numbers and are not guessed
    assert "new" not in from_text.requests and any("本年新收" in n for n in from_text.notes)


def test_time_limit_in_the_table_pass_keeps_the_text(monkeypatch):
    from crawler import documents as D

    class TwoChecks:  # the text pass checks once per page (2 pages); the table pass then runs out
        def __init__(self, limit):
            self.calls = 0

        def check(self):
            self.calls += 1
            if self.calls > 2:
                raise D.ExtractionTimeout()

    monkeypatch.setattr(D, "_Clock", TwoChecks)
    doc = extract_document("http://127.0.0.1:8000/xxgk/ndbg.pdf", _pdf())
    assert doc.outcome == "ok" and "本年新收" in doc.text
    assert doc.tables == [] and "time limit" in (doc.error or "")
