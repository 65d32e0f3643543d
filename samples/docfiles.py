"""Small but well-formed attachment files (pdf, doc, xls, docx, xlsx) for sample portals.

Every builder is deterministic: the same input gives the same bytes.

- PDF: a one-page PDF 1.4 with a correct xref table; Chinese text uses the standard
  Adobe font STSong-Light (UniGB-UCS2-H), which readers provide without embedding.
- DOC: RTF content under a .doc name, as Word and WPS save "Word 97-2003" forms that
  many government sites publish.
- XLS: Excel 2003 XML (SpreadsheetML), which Excel and WPS open as .xls.
- DOCX / XLSX: minimal Office Open XML packages (fixed zip timestamps).
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # fixed so that zips are byte-identical across runs


def _pdf_text(s: str) -> str:
    """A PDF hex string of UCS-2 big-endian code units for the UniGB-UCS2-H CMap."""
    return "<" + s.encode("utf-16-be").hex().upper() + ">"


def _pdf_info_string(s: str) -> str:
    return "<FEFF" + s.encode("utf-16-be").hex().upper() + ">"


def make_pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page A4 PDF showing `title` and `lines` (Chinese allowed)."""
    ops = ["BT", "/F1 16 Tf", "72 770 Td", f"{_pdf_text(title)} Tj", "/F1 11 Tf", "0 -30 Td"]
    for line in lines:
        ops += [f"{_pdf_text(line)} Tj", "0 -18 Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
        ("<< /Title %s /Producer (zwgk samples) >>" % _pdf_info_string(title)).encode("ascii"),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % (len(objects) + 1))
    out.write(b"0000000000 65535 f \n")
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects)))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def _rtf_escape(s: str) -> str:
    out = []
    for ch in s:
        code = ord(ch)
        if ch in "\\{}":
            out.append("\\" + ch)
        elif code < 128:
            out.append(ch)
        else:
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
    return "".join(out)


def make_doc(title: str, paragraphs: list[str]) -> bytes:
    """An RTF document (saved with a .doc name, as office suites do)."""
    body = [r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}",
            r"\viewkind4\uc1\pard\qc\b\fs32 " + _rtf_escape(title) + r"\b0\par",
            r"\pard\ql\fs24"]
    for p in paragraphs:
        body.append(_rtf_escape(p) + r"\par")
    body.append("}")
    return "\r\n".join(body).encode("ascii")


def make_xls(sheet: str, rows: list[list[str]]) -> bytes:
    """An Excel 2003 XML workbook with one sheet."""
    xml_rows = []
    for row in rows:
        cells = "".join(f'<Cell><Data ss:Type="String">{escape(c)}</Data></Cell>' for c in row)
        xml_rows.append(f"   <Row>{cells}</Row>")
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"\n'
        ' xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        f' <Worksheet ss:Name="{escape(sheet)}">\n  <Table>\n'
        + "\n".join(xml_rows)
        + "\n  </Table>\n </Worksheet>\n</Workbook>\n"
    )
    return text.encode("utf-8")


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def make_docx(title: str, paragraphs: list[str]) -> bytes:
    """A minimal Word 2007+ document."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paras = [f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
             f"<w:t>{escape(title)}</w:t></w:r></w:p>"]
    paras += [f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs]
    return _zip({
        "[Content_Types].xml": _XML +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": _XML +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": _XML + f'<w:document xmlns:w="{w}"><w:body>{"".join(paras)}</w:body></w:document>',
    })


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def make_xlsx(sheet: str, rows: list[list[str]]) -> bytes:
    """A minimal Excel 2007+ workbook with inline strings."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            f'<c r="{_col_letter(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row))
        xml_rows.append(f'<row r="{r}">{cells}</row>')
    return _zip({
        "[Content_Types].xml": _XML +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": _XML +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": _XML +
        f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
        f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": _XML +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": _XML +
        f'<worksheet xmlns="{ns}"><sheetData>{"".join(xml_rows)}</sheetData></worksheet>',
    })
