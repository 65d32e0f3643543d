"""Pure attachment reading: response bytes → DocumentArtifact. No network, no Scrapy.

The type comes from the bytes' signature, never from the URL alone (portals serve RTF as
.doc, SpreadsheetML or HTML as .xls, and error pages as .pdf):

    %PDF            pdf (text: pypdf; tables: pdfplumber, cells from the page geometry)
    PK\\x03\\x04      zip: docx (python-docx), xlsx (openpyxl), ofd (Content.xml pages), pptx, zip
    D0 CF 11 E0     OLE: doc/wps (Word 97 piece table, read with olefile), xls/et (xlrd), ppt
    {\\rtf           rtf (control words stripped)
    <?xml…Workbook  SpreadsheetML (Excel 2003 XML); <?xml…w:wordDocument: WordprocessingML 2003
    <html …         html: `html_instead` when the URL names a document

Outcomes: ok, empty (zero bytes), corrupt (the signature's parser failed), html_instead,
unsupported (a type we cannot read: encrypted, rar/7z, images, ppt), too_large (cut at the
size cap), timeout (extraction ran over its time limit), error (anything else). The text
is PII-masked (crawler.pii) before it is stored, and truncated.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import time
import zipfile
from typing import Callable

from lxml import etree

from contracts import DocumentArtifact

from . import pii
from .extract import fold, path_extension

MAX_TEXT = 300_000
MAX_TABLES = 40
MAX_TABLE_ROWS = 2_000
MAX_PDF_PAGES = 300
MAX_PDF_TABLE_PAGES = 60  # pdfplumber's table finder costs ~0.1 s a page: 年报 tables sit in the first pages
DEFAULT_TIME_LIMIT = 30.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # zip-bomb guard for docx/xlsx/ofd

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_HEAD = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<script)",
                        re.I | re.S)
# pypdf logs what it repairs in damaged files; a damaged attachment is a finding, not a crawler fault.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


class ExtractionTimeout(Exception):
    pass


class Unsupported(Exception):
    pass


class _Clock:
    def __init__(self, limit: float):
        self.deadline = time.monotonic() + limit

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractionTimeout()


# ---------------------------------------------------------------- sniffing

def detect_type(body: bytes) -> str:
    """The file type the bytes are, by signature: pdf, docx, xlsx, pptx, ofd, zip, doc, xls,
    ppt, ole, rtf, spreadsheetml, wordml, xml, html, rar, 7z, gzip, image, text, binary, or ''."""
    if not body:
        return ""
    head = body[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(body)
    if head.startswith(_OLE):
        return _ole_kind(body)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"Rar!"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")):
        return "image"
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<"):
        low = head.lower()
        if b"urn:schemas-microsoft-com:office:spreadsheet" in low or b"<workbook" in low:
            return "spreadsheetml"
        if b"w:worddocument" in low or b'progid="word.document"' in low:
            return "wordml"
        if _HTML_HEAD.match(head) or b"<html" in low:
            return "html"
        return "xml"
    if _HTML_HEAD.match(head):
        return "html"
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM
        return "text"
    return "binary"


def _zip_kind(body: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "zip"


def _ole_kind(body: bytes) -> str:
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(body)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            if ole.exists("Workbook") or ole.exists("Book"):
                return "xls"
            if ole.exists("PowerPoint Document"):
                return "ppt"
            if ole.exists("EncryptedPackage"):
                return "encrypted"
    except Exception:  # noqa: BLE001 - any parse failure means a damaged OLE file
        return "ole"
    return "ole"


# ---------------------------------------------------------------- readers

class _Out:
    """What a reader found."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[list[list[str]]] = []
        self.page_count: int | None = None
        self.title = ""
        self.note: str | None = None
        self.size = 0

    def line(self, s: str) -> None:
        s = fold(s)
        if s and self.size < MAX_TEXT:
            self.lines.append(s)
            self.size += len(s) + 1

    def table(self, rows: list[list[str]], *, text: bool = True) -> None:
        """Keep a table; `text`: also append its rows to the text (not for a PDF, whose text
        layer already holds them)."""
        rows = [[fold(c) for c in r] for r in rows]
        while rows and not any(rows[-1]):
            rows.pop()
        if rows and len(self.tables) < MAX_TABLES:
            self.tables.append(rows[:MAX_TABLE_ROWS])
        if not text:
            return
        for r in rows[:MAX_TABLE_ROWS]:
            if any(r):
                self.line(" ".join(c if c else "" for c in r))


def _read_pdf(body: bytes, out: _Out, clock: _Clock) -> None:
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise Unsupported("encrypted PDF")
            except (NotImplementedError, FileNotDecryptedError) as exc:
                raise Unsupported(f"encrypted PDF: {exc}") from None
        pages = reader.pages
        out.page_count = len(pages)
        if not pages:
            raise _Corrupt("no pages")
        try:
            meta = reader.metadata
            out.title = fold(str(meta.title)) if meta and meta.title else ""
        except Exception:  # noqa: BLE001 - a broken Info dictionary does not spoil the text
            pass
    except (Unsupported, _Corrupt):
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, struct.error, OSError) as exc:
        raise _Corrupt(f"{type(exc).__name__}: {exc}") from None
    failures = 0
    for i, page in enumerate(pages):
        if i >= MAX_PDF_PAGES:
            out.note = f"text of the first {MAX_PDF_PAGES} pages only"
            break
        clock.check()
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one bad page must not lose the others
            failures += 1
            continue
        for ln in text.splitlines():
            out.line(ln)
    if failures and failures == min(len(pages), MAX_PDF_PAGES):
        raise _Corrupt("no page could be read")
    if not out.lines and out.page_count:
        out.note = "no text layer (scanned images?)"
        return
    if _looks_tabular(out.lines):
        _pdf_tables(body, out, clock)


_NUMERIC_TOKEN = re.compile(r"(?<![\w.])[-+]?\d[\d,.]*(?![\w.])")


def _looks_tabular(lines: list[str]) -> bool:
    """Two or more text lines holding three or more numbers each: table rows (a 年报's 表三, a
    名单 with ID and phone numbers). Plain prose skips the table finder and its cost."""
    rows = 0
    for ln in lines:
        if len(_NUMERIC_TOKEN.findall(ln)) >= 3:
            rows += 1
            if rows >= 2:
                return True
    return False


def _pdf_tables(body: bytes, out: _Out, clock: _Clock) -> None:
    """Tables of a PDF with a text layer, read by pdfplumber from the ruling lines of the page:
    each cell keeps its place, so an empty cell stays an empty cell and a label stays beside
    its numbers, which plain text loses (measured on real 年度报告 PDFs, see
    scripts/measure_report_pdfs.py). A table that runs on from the bottom of one page to the
    top of the next with the same number of columns is joined into one. Any failure leaves the
    tables empty: the rules then read the numbers from the text (pypdf), as before."""
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        return
    tables: list[list[list[str]]] = []
    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            prev_bottom = False  # the last table of the previous page reached its bottom
            for i, page in enumerate(pdf.pages):
                if i >= MAX_PDF_TABLE_PAGES:
                    break
                clock.check()
                height = float(page.height or 0) or 1.0
                found = page.find_tables()
                for k, t in enumerate(found):
                    rows = [[c if c is not None else "" for c in r] for r in t.extract()]
                    if not rows or len(rows[0]) < 2:
                        continue
                    top, bottom = t.bbox[1] / height, t.bbox[3] / height
                    if k == 0 and prev_bottom and tables and top < 0.2 and len(rows[0]) == len(tables[-1][0]):
                        tables[-1].extend(rows)  # the same table, continued on this page
                    else:
                        tables.append(rows)
                    prev_bottom = bottom > 0.75
                if not found:
                    prev_bottom = False
                page.flush_cache()
    except ExtractionTimeout:
        # the text is read already: keep it and the tables found so far, never lose the document
        out.note = "time limit reached while reading the PDF's tables: tables of the first pages only"
    except Exception:  # noqa: BLE001 - a table finder failure must not lose the text
        return
    for rows in tables:
        out.table(rows, text=False)


class _Corrupt(Exception):
    pass


def _zip_open(body: bytes) -> zipfile.ZipFile:
    zf = zipfile.ZipFile(io.BytesIO(body))
    if sum(i.file_size for i in zf.infolist()) > ZIP_MAX_UNCOMPRESSED:
        raise Unsupported("zip expands beyond the size limit")
    bad = zf.testzip()
    if bad is not None:
        raise _Corrupt(f"bad zip member {bad}")
    return zf


def _read_docx(body: bytes, out: _Out, clock: _Clock) -> None:
    import docx
    from docx.table import Table

    _zip_open(body).close()
    try:
        document = docx.Document(io.BytesIO(body))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on damaged parts
        raise _Corrupt(f"{type(exc).__name__}: {exc}") from None
    try:
        out.title = fold(document.core_properties.title or "")
    except Exception:  # noqa: BLE001
        pass
    for block in document.iter_inner_content():
        clock.check()
        if isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells, last = [], None
                for cell in row.cells:  # merged cells repeat: keep one
                    if cell._tc is last:
                        continue
                    last = cell._tc
                    cells.append(cell.text)
                rows.append(cells)
            out.table(rows)
        else:
            out.line(block.text)


def _read_xlsx(body: bytes, out: _Out, clock: _Clock) -> None:
    import openpyxl

    _zip_open(body).close()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise _Corrupt(f"{type(exc).__name__}: {exc}") from None
    try:
        out.title = fold(wb.properties.title or "")
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                if len(rows) % 200 == 0:
                    clock.check()
                rows.append([_cell_text(v) for v in row])
                if len(rows) >= MAX_TABLE_ROWS:
                    break
            out.line(ws.title)
            out.table(rows)
    finally:
        wb.close()


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _read_xls(body: bytes, out: _Out, clock: _Clock) -> None:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=body, on_demand=True)
    except Exception as exc:  # noqa: BLE001 - xlrd.XLRDError and struct errors
        raise _Corrupt(f"{type(exc).__name__}: {exc}") from None
    try:
        for i in range(book.nsheets):
            clock.check()
            sh = book.sheet_by_index(i)
            rows = [[_cell_text(sh.cell_value(r, c)) for c in range(sh.ncols)]
                    for r in range(min(sh.nrows, MAX_TABLE_ROWS))]
            out.line(sh.name)
            out.table(rows)
    finally:
        book.release_resources()


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _read_spreadsheetml(body: bytes, out: _Out, clock: _Clock) -> None:
    try:
        root = etree.fromstring(body, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _Corrupt(f"XMLSyntaxError: {exc}") from None
    for ws in root.iter(f"{_SS}Worksheet"):
        clock.check()
        rows = []
        for row in ws.iter(f"{_SS}Row"):
            cells: list[str] = []
            idx = row.get(f"{_SS}Index")
            if idx and idx.isdigit():
                rows.extend([[]] * max(0, int(idx) - 1 - len(rows)))
            for cell in row.iter(f"{_SS}Cell"):
                at = cell.get(f"{_SS}Index")
                if at and at.isdigit():
                    cells.extend([""] * max(0, int(at) - 1 - len(cells)))
                data = cell.find(f"{_SS}Data")
                cells.append("".join(data.itertext()) if data is not None else "")
            rows.append(cells)
            if len(rows) >= MAX_TABLE_ROWS:
                break
        out.line(ws.get(f"{_SS}Name") or "")
        out.table(rows)


def _read_wordml(body: bytes, out: _Out, clock: _Clock) -> None:
    try:
        root = etree.fromstring(body, _XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise _Corrupt(f"XMLSyntaxError: {exc}") from None
    for p in root.iter("{*}p"):
        out.line("".join(t.text or "" for t in p.iter("{*}t")))


_RTF_TOKEN = re.compile(rb"\\u(-?\d+) ?|\\'([0-9a-fA-F]{2})|\\([a-z]+)(-?\d+)? ?|\\([^a-z])|([{}])|[\r\n]+|([^\\{}\r\n]+)", re.S)
_RTF_SKIP = {b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"header", b"footer", b"object",
             b"themedata", b"datastore", b"latentstyles", b"listtable", b"listoverridetable", b"rsidtbl",
             b"generator", b"xmlnstbl", b"mmathPr", b"filetbl", b"revtbl", b"colorschememapping"}


def _read_rtf(body: bytes, out: _Out, clock: _Clock) -> None:
    """RTF text: \\uN escapes, \\'hh bytes in the document's code page (\\ansicpg), paragraphs."""
    m = re.search(rb"\\ansicpg(\d+)", body[:2000])
    codepage = f"cp{m.group(1).decode()}" if m else "cp1252"
    if codepage == "cp936":
        codepage = "gb18030"
    try:
        "".encode(codepage)
    except LookupError:
        codepage = "cp1252"
    if body.count(b"{") < body.count(b"}") - 2:
        raise _Corrupt("unbalanced RTF groups")
    stack: list[bool] = []
    skip = False
    uc = 1
    pending = 0  # fallback characters to drop after \uN
    buf: list[str] = []
    raw = bytearray()

    def flush_raw() -> None:
        if raw:
            buf.append(raw.decode(codepage, "replace"))
            raw.clear()

    n = 0
    for tok in _RTF_TOKEN.finditer(body):
        n += 1
        if n % 5000 == 0:
            clock.check()
        u, hexbyte, word, arg, sym, brace, text = tok.groups()
        if brace == b"{":
            flush_raw()
            stack.append(skip)
            continue
        if brace == b"}":
            flush_raw()
            skip = stack.pop() if stack else False
            continue
        if skip:
            continue
        if u is not None:
            flush_raw()
            code = int(u)
            buf.append(chr(code + 65536 if code < 0 else code))
            pending = uc
            continue
        if hexbyte is not None:
            if pending:
                pending -= 1
                continue
            raw.append(int(hexbyte, 16))
            continue
        if sym is not None:
            if sym == b"*":
                skip = True  # \* destinations are ignorable
            elif sym in (b"\\", b"{", b"}"):
                raw.extend(sym)
            elif sym == b"~":
                raw.extend(b" ")
            continue
        if word is not None:
            flush_raw()
            if word in _RTF_SKIP:
                skip = True
            elif word == b"uc" and arg:
                uc = int(arg)
            elif word in (b"par", b"line", b"row", b"sect", b"page"):
                buf.append("\n")
            elif word in (b"tab", b"cell"):
                buf.append("\t")
            pending = 0
            continue
        if text is not None:
            if pending:
                drop = min(pending, len(text))
                text = text[drop:]
                pending -= drop
            raw.extend(text)
    flush_raw()
    for ln in "".join(buf).split("\n"):
        out.line(ln.replace("\t", " "))


def _read_ofd(body: bytes, out: _Out, clock: _Clock) -> None:
    """OFD (GB/T 33190): a zip whose OFD.xml names documents; each page's Content.xml holds
    TextObject/TextCode elements. Lines are rebuilt from the TextCode Y positions."""
    zf = _zip_open(body)
    try:
        names = zf.namelist()
        pages = sorted((n for n in names if re.search(r"(?i)pages/page_?\d+/content\.xml$", n)),
                       key=lambda n: [int(x) for x in re.findall(r"\d+", n)])
        if not pages:
            raise _Corrupt("OFD without page content")
        out.page_count = len(pages)
        for name in pages:
            clock.check()
            try:
                root = etree.fromstring(zf.read(name), _XML_PARSER)
            except etree.XMLSyntaxError as exc:
                raise _Corrupt(f"{name}: {exc}") from None
            rows: dict[float, list[tuple[float, str]]] = {}
            for obj in root.iter("{*}TextObject"):
                box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()[:2]] or [0.0, 0.0]
                for code in obj.iter("{*}TextCode"):
                    y = round(box[1] + float(code.get("Y") or 0), 1)
                    x = box[0] + float(code.get("X") or 0)
                    rows.setdefault(y, []).append((x, code.text or ""))
            for y in sorted(rows):
                out.line(" ".join(t for _, t in sorted(rows[y])))
        for n in names:
            if n.lower().endswith("doc_0/document.xml") or n.lower() == "ofd.xml":
                try:
                    root = etree.fromstring(zf.read(n), _XML_PARSER)
                except etree.XMLSyntaxError:
                    continue
                t = root.find(".//{*}Title")
                if t is not None and t.text and not out.title:
                    out.title = fold(t.text)
    finally:
        zf.close()


def _read_doc(body: bytes, out: _Out, clock: _Clock) -> None:
    """Word 97-2003 / WPS binary: the text of the main document from the piece table (CLX)
    in the 0Table/1Table stream, as [MS-DOC] 2.4.1 describes."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(body))
    except Exception as exc:  # noqa: BLE001
        raise _Corrupt(f"{type(exc).__name__}: {exc}") from None
    try:
        word = ole.openstream("WordDocument").read()
        if len(word) < 0x1AA:
            raise _Corrupt("WordDocument stream too short")
        flags = struct.unpack_from("<H", word, 0x0A)[0]
        if flags & 0x0100:  # fEncrypted
            raise Unsupported("encrypted Word document")
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise _Corrupt(f"{table_name} stream missing")
        table = ole.openstream(table_name).read()
        ccp_text = struct.unpack_from("<i", word, 0x4C)[0]
        fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x01A2)
        try:
            title = ole.get_metadata().title
            if title:
                out.title = fold(title.decode("gb18030", "replace") if isinstance(title, bytes) else str(title))
        except Exception:  # noqa: BLE001
            pass
    except (OSError, struct.error) as exc:
        raise _Corrupt(f"{type(exc).__name__}: {exc}") from None
    finally:
        ole.close()
    clx = table[fc_clx:fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: skip property modifiers
        cb = struct.unpack_from("<H", clx, pos + 1)[0]
        pos += 3 + cb
    if pos >= len(clx) or clx[pos] != 0x02:
        raise _Corrupt("no piece table in the CLX")
    lcb = struct.unpack_from("<I", clx, pos + 1)[0]
    plc = clx[pos + 5:pos + 5 + lcb]
    n = (len(plc) - 4) // 12
    if n <= 0:
        raise _Corrupt("empty piece table")
    cps = struct.unpack_from(f"<{n + 1}i", plc, 0)
    parts: list[str] = []
    for i in range(n):
        clock.check()
        start, end = cps[i], min(cps[i + 1], ccp_text)
        if end <= start:
            continue
        fc = struct.unpack_from("<I", plc, 4 * (n + 1) + 8 * i + 2)[0]
        count = end - start
        if fc & 0x40000000:
            off = (fc & 0x3FFFFFFF) // 2
            parts.append(word[off:off + count].decode("cp1252", "replace"))
        else:
            off = fc & 0x3FFFFFFF
            parts.append(word[off:off + 2 * count].decode("utf-16-le", "replace"))
    text = _strip_fields("".join(parts))
    for ln in re.split(r"[\r\x0b\x0c]", text):
        out.line(ln.replace("\x07", " ").replace("\t", " "))


def _strip_fields(text: str) -> str:
    """Drop field instructions (\\x13 code \\x14 result \\x15 keeps the result)."""
    out, depth_code = [], []
    for ch in text:
        if ch == "\x13":
            depth_code.append(True)
        elif ch == "\x14":
            if depth_code:
                depth_code[-1] = False
        elif ch == "\x15":
            if depth_code:
                depth_code.pop()
        elif not (depth_code and depth_code[-1]):
            out.append(ch)
    return "".join(out)


def _read_text(body: bytes, out: _Out, clock: _Clock) -> None:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = body.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = body.decode("utf-8", "replace")
    for ln in text.splitlines():
        out.line(ln)


_READERS: dict[str, Callable[[bytes, _Out, _Clock], None]] = {
    "pdf": _read_pdf,
    "docx": _read_docx,
    "xlsx": _read_xlsx,
    "xls": _read_xls,
    "doc": _read_doc,
    "spreadsheetml": _read_spreadsheetml,
    "wordml": _read_wordml,
    "rtf": _read_rtf,
    "ofd": _read_ofd,
    "text": _read_text,
}
_TEXT_EXTENSIONS = {"txt", "csv"}
_HTML_EXTENSIONS = {"html", "htm", "shtml", "xhtml", "jsp", "asp", "aspx", "php"}


def _header(headers: dict[str, str] | None, name: str) -> str:
    for k, v in (headers or {}).items():
        if k.lower() == name:
            return v
    return ""


def _html_summary(body: bytes) -> tuple[str, str]:
    from .extract import decode, parse_html, visible_text

    _, text = decode(body[:200_000], None)
    doc = parse_html(text)
    title_el = doc.find(".//title")
    title = fold(title_el.text_content()) if title_el is not None else ""
    body_el = doc.find("body")
    return title, visible_text(body_el if body_el is not None else doc)[:2000]


def extract_document(url: str, body: bytes, headers: dict[str, str] | None = None, status: int | None = 200,
                     *, truncated: bool = False, time_limit: float = DEFAULT_TIME_LIMIT,
                     max_bytes: int = DEFAULT_MAX_BYTES, linked_from: list[str] | None = None,
                     link_texts: list[str] | None = None) -> DocumentArtifact:
    """Read one attachment's bytes. `truncated`: the download was cut at the size cap."""
    declared = path_extension(url)
    detected = detect_type(body)
    doc = DocumentArtifact(url=url, status=status, declared_type=declared,
                           content_type=_header(headers, "content-type"), size=len(body),
                           outcome="ok", detected_type=detected,
                           linked_from=list(linked_from or []), link_texts=list(link_texts or []))
    if truncated or len(body) > max_bytes:
        doc.outcome = "too_large"
        doc.error = f"larger than {max_bytes} bytes: not read"
        return doc
    if not body:
        doc.outcome = "empty"
        return doc
    if detected == "html" and declared not in _HTML_EXTENSIONS:
        doc.outcome = "html_instead"
        title, text = _html_summary(body)
        col = pii.Collector()
        doc.title, doc.text, doc.pii = col.quiet(title), col.text(text), col.candidates
        return doc
    kind = detected
    if kind == "text" and declared not in _TEXT_EXTENSIONS and declared not in _HTML_EXTENSIONS:
        kind = "binary"  # a .pdf that is plain text is not a PDF we can read
        doc.outcome = "corrupt"
        doc.error = "text where a document was expected"
        return doc
    reader = _READERS.get(kind)
    if reader is None:
        doc.outcome = "corrupt" if kind in ("binary", "ole", "zip") and declared in _READABLE_EXT else "unsupported"
        doc.error = f"cannot read {kind or 'unknown'} content"
        return doc
    out = _Out()
    try:
        reader(body, out, _Clock(time_limit))
    except ExtractionTimeout:
        doc.outcome = "timeout"
        doc.error = f"extraction ran over {time_limit:g} s"
    except Unsupported as exc:
        doc.outcome = "unsupported"
        doc.error = str(exc)[:300]
    except (_Corrupt, zipfile.BadZipFile, EOFError) as exc:
        doc.outcome = "corrupt"
        doc.error = f"{type(exc).__name__}: {exc}"[:300]
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the crawl
        doc.outcome = "error"
        doc.error = f"{type(exc).__name__}: {exc}"[:300]
    col = pii.Collector()
    doc.tables = col.tables(out.tables)
    doc.text = col.text("\n".join(out.lines))[:MAX_TEXT]
    doc.title = col.text(out.title)[:500]
    doc.page_count = out.page_count
    doc.pii = col.candidates
    if doc.outcome == "ok" and out.note:
        doc.error = out.note
    return doc


# The declared types whose bytes we know how to read: binary noise under them is corruption.
_READABLE_EXT = {"pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd"}
