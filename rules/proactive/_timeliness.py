"""Dates a 主动公开 detail page shows: when the information was made (成文日期 / 生成日期 /
印发日期 / 签发日期, else the 落款 date of the body) and when it was published (发布日期)."""

from __future__ import annotations

import datetime as dt
import re

from contracts import PageArtifact
from contracts.dates import CN_DATE_RE as _CN_DATE
from contracts.dates import DATE_RE as _AR_DATE
from contracts.dates import cn_date, date_from_url, make_date as _date, parse_date

from ..patterns import body_text, field_value, norm

# A date that opens or closes a period (自…起施行, 至…止, …以来) is not a 落款.
_NOT_SIGNATURE_AFTER = re.compile(r"^\s*(?:起|前|后|以前|以后|之前|之后|至|止|到|以来|开始|施行|执行|实施|生效|为止|期间|、|，|,)")
# Arabic 落款 dates count only right after the issuing body's name (…管理委员会 2020年11月30日).
_ORGAN_BEFORE = re.compile(r"(?:委员会|人民政府|政府|办公室|办公厅|管委会|党工委|局|委|厅|中心|办|院|部|处|公司|单位)\s*[（(]?\s*(?:盖章|印章)?\s*[)）]?\s*$")

PUBLISH_LABELS = ("发布日期", "发布时间", "公开日期")
WRITTEN_LABELS = ("成文日期", "生成日期", "发文日期", "印发日期", "签发日期")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")  # TRS month folders: /202305/
_META_PUBLISH = ("PubDate", "pubdate", "publishdate", "PublishDate", "firstpublishedtime", "article:published_time")


def parse_any_date(text: str | None) -> dt.date | None:
    """The first date in text: 2020-11-30, 2020年11月30日 or 二〇二〇年十一月三十日."""
    return parse_date(text)


def publish_date_shown(page: PageArtifact) -> tuple[dt.date | None, str]:
    """(发布日期, its source): a visible 发布日期 / 发布时间 / 公开日期 field, else the date in the
    article's URL (TRS t20230511_, 大汉 /art/2023/5/11/), else the 47号 PubDate meta tag, which
    CMSs rewrite whenever they regenerate the page (issue 9 item 5)."""
    for label in PUBLISH_LABELS:
        d = parse_any_date(field_value(page, label))
        if d:
            return d, label
    d = date_from_url(page.final_url or page.url)
    if d:
        return d, "网址日期"
    month = _URL_MONTH.search(page.final_url or page.url)
    for key in _META_PUBLISH:
        d = parse_any_date(page.meta.get(key))
        if d and month and (d.year, d.month) > (int(month.group(1)), int(month.group(2))):
            return None, ""  # later than the URL's month folder: the page's regeneration time
        if d:
            return d, key
    return None, ""


def signature_date(text: str, not_after: dt.date | None = None) -> dt.date | None:
    """The 落款 date of a document's text: the last date written in Chinese numerals
    (二〇二〇年十一月三十日), or in digits right after the issuing body's name, that does not
    open or close a period (自…起施行) and is not after `not_after`."""
    found: list[tuple[int, dt.date]] = []
    for m in _CN_DATE.finditer(text):
        if _NOT_SIGNATURE_AFTER.match(text[m.end():m.end() + 4]):
            continue
        d = cn_date(m)
        if d:
            found.append((m.start(), d))
    for m in _AR_DATE.finditer(text):
        if not m.group(0).endswith("日") or _NOT_SIGNATURE_AFTER.match(text[m.end():m.end() + 4]):
            continue
        if not _ORGAN_BEFORE.search(text[max(0, m.start() - 16):m.start()]):
            continue
        d = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            found.append((m.start(), d))
    found = [(pos, d) for pos, d in found if not_after is None or d <= not_after]
    return max(found)[1] if found else None


def written_date_shown(page: PageArtifact, publish: dt.date | None, use_signature: bool = True
                       ) -> tuple[dt.date | None, str]:
    """(date the information was made, its source): a 成文日期-like field, else the 落款."""
    for label in WRITTEN_LABELS:
        d = parse_any_date(field_value(page, label))
        if d:
            return d, label
    if use_signature:
        d = signature_date(body_text(page), publish)
        if d:
            return d, "落款"
    return None, ""


def names_of(page: PageArtifact) -> list[str]:
    return [norm(x) for x in page.breadcrumb] + [norm(page.meta.get("ColumnName", ""))]
