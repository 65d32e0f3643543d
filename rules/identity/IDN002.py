"""IDN002 — the 网站标识码 in <meta name="SiteIDCode">, consistent with the footer."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import ok_pages, seen_at
from ..presence import seen_homepage
from ._common import CITE_19_FUNC, CITE_47


class IDN002(Rule):
    """Pages carry the 47号 SiteIDCode meta tag with the site's 网站标识码.

    What it checks:
        * 首页元数据 — the homepage has ``<meta name="SiteIDCode">`` whose value looks like a
          标识码 (``code_pattern``: 10 letters or digits) → else FAIL;
        * 标识码一致 — the codes on all crawled pages of this site (meta tags, and 网站标识码 in
          footers) are one and the same → else FAIL listing them. Pages of another site on the
          same host (outside the start URL's path prefix, or a sub-tree whose pages all carry
          another code: SiteArtifacts.other_site_pages) are not this site's and not compared;
        * 内页元数据 — at least ``min_inner_share`` (0.9) of the other crawled HTML pages carry
          the tag → else FAIL with the share. Data answers the crawler read as pages (大汉
          ``dataproxy.jsp`` XML record sets, JSON) are not web pages and are not counted.

        url = the homepage; evidence ``{item, ...}``.

    Legal basis:
        国办发〔2017〕47号 网页元数据规范 (SiteName, SiteDomain, SiteIDCode, ColumnName, ArticleTitle,
        PubDate …) — recalled, not verified; 国办秘函〔2019〕19号 扣分指标 功能设计: 网站标识符合
        相关要求 (verified through a self-check report). Plan task 11.

    Passing example:
        Every page: ``<meta name="SiteIDCode" content="2208000012">``; footer 网站标识码：2208000012.

    Failing example:
        The homepage has no SiteIDCode tag: 首页未设置 SiteIDCode 网页元数据; inner pages say
        2208000012 but the footer 2208000021: 网站标识码不一致.

    Not applicable when:
        Never for a government website. Could not evaluate when the homepage was not crawled.
    """

    meta = RuleMeta(
        id="IDN002",
        slug="identity.siteidcode-meta",
        title="网页元数据标注网站标识码",
        failure_title="网页元数据未标注或标注错误的网站标识码",
        severity=Severity.warning,
        legal_basis=[CITE_47, CITE_19_FUNC],
        plan_tasks=[11],
        requires=["pages"],
        options={"code_pattern": r"^[0-9A-Za-z]{10}$", "min_inner_share": 0.9},
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查网站标识码元数据",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        url = seen_at(home)
        code_rx = re.compile(ctx.opt("code_pattern"))
        home_code = (home.meta.get("SiteIDCode") or home.meta.get("siteidcode") or "").strip()
        if home_code and code_rx.match(home_code):
            yield self.passed(f"首页设置了 SiteIDCode 元数据（{home_code}）", url=url,
                              evidence={"item": "首页元数据", "code": home_code})
        else:
            yield self.fail("首页未设置 SiteIDCode 网页元数据" + (f"（值“{home_code}”不符合标识码格式）" if home_code else ""),
                            url=url, evidence={"item": "首页元数据", "code": home_code or None})
        codes: dict[str, str] = {}
        inner = tagged = 0
        footer_rx = re.compile(r"网站标识码\s*[:：]?\s*([0-9A-Za-z]{10})")
        other_site = site.other_site_pages()  # a shared host's other sites carry their own codes
        for page in ok_pages(site):
            if page.url in other_site:
                continue
            value = (page.meta.get("SiteIDCode") or page.meta.get("siteidcode") or "").strip()
            if page is not home and _is_html(page):
                inner += 1
                tagged += bool(value)
            if value:
                codes.setdefault(value, seen_at(page))
            m = footer_rx.search(page.footer_text or "")
            if m:
                codes.setdefault(m.group(1), seen_at(page))
        if len(codes) > 1:
            yield self.fail(f"网站各页面标注的网站标识码不一致：{'、'.join(sorted(codes))}", url=url,
                            evidence={"item": "标识码一致", "codes": dict(sorted(codes.items()))})
        elif codes:
            yield self.passed("网站各页面标注的网站标识码一致", url=url, evidence={"item": "标识码一致", "codes": codes})
        if inner:
            share = tagged / inner
            evidence = {"item": "内页元数据", "pages": inner, "tagged": tagged, "share": round(share, 3)}
            if share >= float(ctx.opt("min_inner_share")):
                yield self.passed(f"{tagged}/{inner} 个内页设置了 SiteIDCode 元数据", url=url, evidence=evidence)
            else:
                yield self.fail(f"仅 {tagged}/{inner} 个内页设置了 SiteIDCode 元数据", url=url, evidence=evidence)


def _is_html(page) -> bool:
    """A web page (text/html or unknown type), not an XML / JSON data answer."""
    ctype = (page.content_type or "").split(";")[0].strip().lower()
    return not ctype or "html" in ctype
