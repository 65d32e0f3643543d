"""Pure personal-information detection and masking (身份证号, 手机号, 银行卡号).

Used on page text and attachment text before anything is stored: `mask_text` returns the
text with every detected value masked (same length, `*` in the middle) and a
`PiiCandidate` per distinct value holding only the masked form and a salted hash.

Precision first (a false leak report costs an auditor's trust):

* id18: 18 digits (last may be X), a real province code, a real birth date between 1900
  and the current year, and the GB 11643 check digit (ISO 7064 MOD 11-2);
* id15: 15 digits with a province code, a real date, and a 身份证/证件 label nearby (or a
  table column headed so): 15-digit order and serial numbers are common;
* mobile: 11 digits on an allocated 1[3-9] prefix, not inside a longer digit run
  (3-4-4 groups with a space or hyphen count too);
* bank_card: 16-19 digits (4-digit groups allowed) passing Luhn, with 银行卡/卡号/账号/
  开户/账户 nearby or in the column header.

Per-person rows: a value in a table row under a 姓名 / 联系人 / 身份证 column, or in one of
two or more text entries that each pair a name (or an ID number) with a mobile number —
"张三 13912345678；李四 13812345678", "1. 王芳 联系电话：139…" — is marked ``per_person``: a
联系电话 label repeated on each row of a 名单 is the listed person's number, unlike a single
"联系人：王老师，联系电话：…" closing a notice, or entries introduced by 联系人/咨询电话
(the office's contacts).

Masked forms (110101********1234, 138****5678), landlines (0436-1234567) and digit runs
failing a checksum are never reported. The salt is one per run folder and never written:
`crawler.run.crawl_site` generates it, keeps it in the parent's memory and hands it to each
crawl child of that folder (the first and every resume) in the environment variable
ZWGK_PII_SALT (hex), which the child removes from its environment at import; so digests of
the same value match across a resume. Without it (a child started by hand) the salt is
random per process. `set_salt` exists for tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
from dataclasses import dataclass

from contracts import PiiCandidate

SALT_ENV = "ZWGK_PII_SALT"


def _initial_salt() -> bytes:
    raw = os.environ.pop(SALT_ENV, None)  # not inherited further (browser, tools)
    if raw:
        try:
            salt = bytes.fromhex(raw)
        except ValueError:
            salt = b""
        if len(salt) >= 16:
            return salt
    return secrets.token_bytes(16)


_salt = _initial_salt()

MAX_CANDIDATES = 500  # per artifact; the text is masked beyond this all the same
CONTEXT_CHARS = 24

PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
})
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Mobile number segments allocated in mainland China (MIIT numbering plan).
_MOBILE = (r"1(?:3\d|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8\d|9[0-35-9])")

_ID18_RE = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")
_ID15_RE = re.compile(r"(?<![\dA-Za-z])\d{15}(?![\dA-Za-z])")
_MOBILE_RE = re.compile(rf"(?<![\d*.])(?:\+?86[- ]?)?({_MOBILE}\d{{8}}|{_MOBILE}[- ]\d{{4}}[- ]\d{{4}})(?![\d*])"
                        r"(?!\s*(?:\.\d|元|万|亿|%|‰|千|百|吨|平方|米|公里|人次))")
_CARD_RE = re.compile(r"(?<![\d*])(\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![\d*])")

ID_LABEL = re.compile(r"身份证|证件号|身份号码|公民身份|证件号码|证号")
CARD_LABEL = re.compile(r"银行卡|卡号|账号|帐号|开户|账户|帐户|银行")
NAME_HEADER = re.compile(r"姓\s*名|户主|申请人|领取人|收款人")


def set_salt(salt: bytes) -> None:
    """Replace the per-process salt (tests only)."""
    global _salt
    _salt = bytes(salt)


def digest(value: str) -> str:
    return hashlib.sha256(_salt + value.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- validators

def id18_valid(s: str, *, max_year: int | None = None) -> bool:
    if len(s) != 18 or not s[:17].isdigit() or s[:2] not in PROVINCES:
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != s[17].upper():
        return False
    return _plausible_birth(int(s[6:10]), int(s[10:12]), int(s[12:14]), max_year)


def id15_valid(s: str) -> bool:
    if len(s) != 15 or not s.isdigit() or s[:2] not in PROVINCES:
        return False
    return _plausible_birth(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]), None)


def _plausible_birth(y: int, m: int, d: int, max_year: int | None) -> bool:
    if not 1900 <= y <= (max_year or dt.date.today().year):
        return False
    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# ---------------------------------------------------------------- masking

def mask_value(kind: str, value: str) -> str:
    """Keep the first and last digits, star the middle; separators are kept."""
    digits = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep_head, keep_tail = {"id18": (4, 4), "id15": (4, 3), "mobile": (3, 4), "bank_card": (4, 4)}[kind]
    hidden = set(digits[keep_head:len(digits) - keep_tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


@dataclass
class _Hit:
    start: int
    end: int
    kind: str
    value: str  # the full value: lives only in memory, never stored


_LABEL_BEFORE = re.compile(r"([^\s。；;，,、（）()：:\d*]{1,10})\s*[：:]?\s*(?:为|是)?\s*$")


def _labelled(text: str, start: int, rx: re.Pattern) -> bool:
    """Is the value introduced by a label matching rx (银行卡号：…, 身份证号 …)? Only the label
    right before it counts: 合同编号：… is not a 卡号 because 卡号 appeared a sentence earlier."""
    m = _LABEL_BEFORE.search(text[max(0, start - 16):start])
    return bool(m and rx.search(m.group(1)))


def find(text: str, *, header: str = "", max_year: int | None = None) -> list[_Hit]:
    """Every PII value in text, non-overlapping, in text order. `header` is the table column
    header when the text is one cell."""
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, kind: str, value: str) -> None:
        hits.append(_Hit(a, b, kind, value))
        taken.append((a, b))

    for m in _ID18_RE.finditer(text):
        if id18_valid(m.group(), max_year=max_year):
            add(m.start(), m.end(), "id18", m.group())
    card_header = bool(CARD_LABEL.search(header))
    for m in _CARD_RE.finditer(text):
        a, b = m.span(1)
        digits = re.sub(r"\D", "", m.group(1))
        if not free(a, b) or not 16 <= len(digits) <= 19 or not luhn_valid(digits):
            continue
        if card_header or _labelled(text, a, CARD_LABEL):
            add(a, b, "bank_card", m.group(1))
    id_header = bool(ID_LABEL.search(header))
    for m in _ID15_RE.finditer(text):
        if free(*m.span()) and id15_valid(m.group()) and (id_header or _labelled(text, m.start(), ID_LABEL)):
            add(m.start(), m.end(), "id15", m.group())
    for m in _MOBILE_RE.finditer(text):
        a, b = m.span(1)
        if free(a, b):
            add(a, b, "mobile", m.group(1))
    hits.sort(key=lambda h: h.start)
    return hits


# A text entry belongs to the office, not to a listed person, when it is introduced so.
_OFFICE_ENTRY = re.compile(r"联系人|(?:咨询|监督|举报|投诉|办公|值班|服务|受理|热线|传真)电话|热线|邮箱|地址")
# A person's name closing an entry: 2-4 Han characters after a separator, a 序号 or the entry
# start, optionally followed by 同志 and a phone label (联系电话：, 手机, 电话).
_NAME_BEFORE = re.compile(
    r"(?:^|[\s\d.、，,；;:：）)\]】|])([\u4e00-\u9fa5·]{2,4}?)(?:同志)?\s*[，,、:：]?\s*"
    r"(?:(?:联系)?电话(?:号码)?|手机(?:号码?)?|联系方式|电话)?\s*[:：]?\s*$")
# Words that end like a name but are not one (labels, honorifics of an office contact).
_NOT_NAME = re.compile(r"电话|手机|号码|联系|方式|老师|先生|女士|科长|主任|局长|处长|部长|股长|经理|办公|单位|地址|邮箱|"
                       r"咨询|监督|举报|投诉|热线|值班|服务|受理|传真|如下|附件|名单|公示|姓名|序号|备注|其中|分别")
# Units, not people: 城关镇, 南湖街道, 林业站, 财政所 … (a list of units' duty numbers is not a 名单).
_UNIT_SUFFIX = re.compile(r"(?:镇|乡|街道|村|社区|局|办|委|站|所|中心|公司|厂|院|校|队|科|处|室|部|组|会|区|县|市|馆|场)$")
_ENTRY_SEP = re.compile(r"[；;。\n]")
# Columns naming one person per row. 负责人 / 责任人 columns are left out: 防汛、河长、包保
# 责任人 公示 publish officials' contacts on purpose, which a person has to judge.
NAME_COLUMN = re.compile(r"^\s*(?:姓\s*名|联系人|户主(?:姓名)?|申请人|领取人|收款人|人员)\s*$")


def _per_person(text: str, hits: list[_Hit]) -> set[int]:
    """Indices (into hits) of mobile numbers standing in per-person text entries: each entry is
    the text since the previous value or entry separator; it is a person's when it ends with a
    name (or holds an ID number) and is not introduced as the office's contact. Flagged only
    when two or more entries of the text are so: a list, not one contact line."""
    found: list[int] = []
    prev_end = 0
    id_in_entry = False
    for i, h in enumerate(hits):
        seg = text[prev_end:h.start]
        cut = max((m.end() for m in _ENTRY_SEP.finditer(seg)), default=0)
        if cut:
            id_in_entry = False
        entry = seg[cut:]
        if h.kind in ("id18", "id15"):
            id_in_entry = True
        elif h.kind == "mobile" and not _OFFICE_ENTRY.search(entry):
            m = _NAME_BEFORE.search(entry[-24:])
            if id_in_entry or (m and not _NOT_NAME.search(m.group(1)) and not _UNIT_SUFFIX.search(m.group(1))):
                found.append(i)
        if h.kind == "mobile":
            id_in_entry = False
        prev_end = h.end
    return set(found) if len(found) >= 2 else set()


def _apply(text: str, hits: list[_Hit]) -> str:
    if not hits:
        return text
    out, pos = [], 0
    for h in hits:
        out.append(text[pos:h.start])
        out.append(mask_value(h.kind, h.value))
        pos = h.end
    out.append(text[pos:])
    return "".join(out)


class Collector:
    """Masks texts and tables of one artifact and gathers one candidate per distinct value."""

    def __init__(self, max_year: int | None = None):
        self.max_year = max_year
        self.candidates: list[PiiCandidate] = []
        self._seen: dict[str, PiiCandidate] = {}
        # Values found so far (in memory only): a value a table header identified must be
        # masked in the text too, where it stands without its header.
        self._known: dict[str, str] = {}

    def _record(self, hit: _Hit, context: str, *, in_table: bool = False, header: str = "",
                per_person: bool = False) -> None:
        self._known.setdefault(hit.value, hit.kind)
        key = digest(re.sub(r"[\s-]", "", hit.value).upper())
        known = self._seen.get(key)
        if known is not None:
            if in_table and not known.in_table:  # the table occurrence says more (its header)
                known.in_table, known.header = True, header[:60]
            known.per_person = known.per_person or per_person
            return
        if len(self.candidates) >= MAX_CANDIDATES:
            return
        cand = PiiCandidate(kind=hit.kind, masked=mask_value(hit.kind, hit.value), digest=key,
                            context=context.strip()[:120], in_table=in_table, header=header[:60],
                            per_person=per_person)
        self._seen[key] = cand
        self.candidates.append(cand)

    def text(self, text: str) -> str:
        """`text` masked; candidates recorded."""
        if not text:
            return text
        hits = find(text, max_year=self.max_year)
        masked = self._mask_known(_apply(text, hits))
        rows = _per_person(text, hits)
        for i, h in enumerate(hits):
            self._record(h, masked[max(0, h.start - CONTEXT_CHARS):h.end + CONTEXT_CHARS], per_person=i in rows)
        return masked

    def _mask_known(self, text: str) -> str:
        for value, kind in self._known.items():
            if value in text:
                text = re.sub(rf"(?<![\dA-Za-z]){re.escape(value)}(?![\dA-Za-z])", mask_value(kind, value), text)
        return text

    def quiet(self, text: str) -> str:
        """Masked, nothing recorded (titles, link texts: the value is reported from the body)."""
        if not text:
            return text
        return self._mask_known(_apply(text, find(text, max_year=self.max_year)))

    def tables(self, tables: list[list[list[str]]]) -> list[list[list[str]]]:
        out = []
        for table in tables:
            headers = _header_row(table)
            name_col = any(NAME_COLUMN.match(h or "") or ID_LABEL.search(h or "") for h in headers)
            rows = []
            for r, row in enumerate(table):
                found = []
                for c, cell in enumerate(row):
                    header = headers[c] if headers and c < len(headers) and r > 0 else ""
                    hits = find(cell, header=header, max_year=self.max_year) if cell else []
                    for h in hits:
                        self._known.setdefault(h.value, h.kind)
                    found.append((hits, header))
                # a cell's context is its row (名单 rows show 姓名 beside the value), masked
                # only once every value of the row is known
                row_text = self.quiet(" ".join(x for x in row[:8] if x)) if any(h for h, _ in found) else ""
                # a row of a 名单: under a 姓名/联系人/身份证 column, or holding an ID number itself
                person_row = r > 0 and (name_col or any(h.kind in ("id18", "id15") for hs, _ in found for h in hs))
                cells = []
                for cell, (hits, header) in zip(row, found):
                    for h in hits:
                        self._record(h, row_text, in_table=True, header=header, per_person=person_row)
                    cells.append(self._mask_known(_apply(cell, hits)) if cell else cell)
                rows.append(cells)
            out.append(rows)
        return out


def _header_row(table: list[list[str]]) -> list[str]:
    """The column headers: the first of the first three rows holding no digits-only cell and a
    label-like cell (姓名, 身份证号码, 联系电话, ...)."""
    for row in table[:3]:
        joined = " ".join(row)
        if any(re.fullmatch(r"[\d\s*Xx-]{7,}", c or "") for c in row):
            continue
        if NAME_HEADER.search(joined) or ID_LABEL.search(joined) or CARD_LABEL.search(joined) or \
                re.search(r"电话|手机|联系方式", joined):
            return list(row)
    return []


def mask_text(text: str, *, max_year: int | None = None) -> tuple[str, list[PiiCandidate]]:
    col = Collector(max_year)
    masked = col.text(text)
    return masked, col.candidates


def mask_page(page):
    """Mask every text field of a PageArtifact in place and set `page.pii` (returns the page).

    Tables first, so that a value seen in a 名单 table keeps its column header; URLs are kept
    as they are (they identify the page)."""
    col = Collector()
    page.tables = col.tables(page.tables)
    page.text = col.text(page.text)
    page.footer_text = col.text(page.footer_text)
    page.title = col.text(page.title)
    page.heading = col.text(page.heading)
    page.fields = {k: col.text(v) for k, v in page.fields.items()}
    page.meta = {k: col.text(v) for k, v in page.meta.items()}
    for link in page.links:
        link.text = col.text(link.text)
    for ref in page.embeds:
        ref.alt = col.text(ref.alt)
    for item in page.list_items:
        item.title = col.text(item.title)
    page.pii = col.candidates
    return page
