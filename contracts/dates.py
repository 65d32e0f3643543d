"""Reading dates as Chinese government pages write them; shared by extraction and rules.

2026-11-20, 2026/11/20, 2026.11.20, 2026年11月20日 and 二〇二〇年十一月三十日 (落款), plus the
dates article URLs carry (TRS t20261120_…, 大汉 /art/2026/11/20/, DedeCMS /2026/1120/…).
"""

from __future__ import annotations

import datetime as dt
import re

DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?(?!\d)"
)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR_CHARS = "〇○零ＯO一二三四五六七八九"
CN_DATE_RE = re.compile(
    rf"([{_CN_YEAR_CHARS}]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日"
)
_URL_DATE = re.compile(r"(?:/t|/art/|/)((?:19|20)\d{2})(\d{2})(\d{2})[_/]")
_URL_DATE_SLASHED = re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_URL_DATE_DEDE = re.compile(r"/((?:19|20)\d{2})/([01]\d)([0-3]\d)/\d+\.s?html?$")  # DedeCMS {Y}/{M}{D}/{aid}.html


def cn_number(s: str) -> int:
    """二〇二〇 → 2020 (a year, digit by digit); 十一 → 11; 三十 → 30. KeyError on other text."""
    if len(s) > 2 and all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    if "十" in s:
        a, b = s.split("十")
        return _CN_DIGITS[a] * 10 + _CN_DIGITS[b]
    return _CN_DIGITS[s]


def make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def cn_date(match: re.Match[str]) -> dt.date | None:
    """The date of a CN_DATE_RE match, None when it is not a real date."""
    try:
        return make_date(cn_number(match.group(1)), cn_number(match.group(2)), cn_number(match.group(3)))
    except KeyError:
        return None


def parse_numeric_date(text: str | None) -> dt.date | None:
    """The first real date written in digits in text."""
    for m in DATE_RE.finditer(text or ""):
        d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            return d
    return None


def parse_date(text: str | None) -> dt.date | None:
    """The first real date in text, in digits, else in Chinese numerals."""
    d = parse_numeric_date(text)
    if d or not text:
        return d
    for m in CN_DATE_RE.finditer(text):
        d = cn_date(m)
        if d:
            return d
    return None


def date_from_url(url: str | None) -> dt.date | None:
    for rx in (_URL_DATE, _URL_DATE_SLASHED, _URL_DATE_DEDE):
        m = rx.search(url or "")
        if m:
            d = make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d
    return None
