"""IDN003 — the homepage links to 中国政府网 and to the superior government's portal."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from contracts import Finding, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, outcome_phrase, seen_at
from ..presence import PresenceSpec, seen_homepage
from ._common import CITE_47, PORTAL_BRANDS, PROVINCIAL_PORTAL_HOSTS


class IDN003(Rule):
    """The homepage links to www.gov.cn and to the portal of the superior government.

    What it checks:
        Links on the homepage (footer and 友情链接 included, hidden ones not):

        * 中国政府网 — a link to a host in ``gov_cn_hosts`` (www.gov.cn, gov.cn), or a link whose
          text names it (``gov_cn_text_pattern``: 中国政府网, 中华人民共和国中央人民政府);
        * 上级政府门户 — a link to a host in ``superior_hosts`` when the site profile lists them;
          otherwise a link to a provincial-level government's portal host
          (``_common.PROVINCIAL_PORTALS``: www.beijing.gov.cn, an image link without text will do),
          or a link to another host (not the site's own) whose text names a government portal
          (``superior_text_pattern``: …省人民政府, …市人民政府, …政府网, 政府门户, 中国吉林, and the
          brands of PROVINCIAL_PORTALS: 首都之窗 is 北京市人民政府门户网站).

        A link named so counts even when its URL could not be fetched or points at an odd host
        (a 友情链接 to 吉林省人民政府 whose old address is dead): the portal is linked, and the
        dead link is the link rules' finding (LNK003); the pass says so, evidence ``via``
        (host / text), ``host``, ``outcome``.

        One FAIL per missing link: url = the homepage, evidence ``{item}``.

    Legal basis:
        国办发〔2017〕47号《政府网站发展指引》 — links to 中国政府网 and the superior government's
        portal in the footer / 友情链接 (recalled, not verified). Plan task 11.

    Passing example:
        友情链接：中国政府网 (http://www.gov.cn/), 白城市人民政府 (http://www.jlbc.gov.cn/).

    Failing example:
        The homepage links only to 新华网 and 人民网: 首页未链接中国政府网; 首页未链接上级政府门户网站.

    Not applicable when:
        Never for a government website. Could not evaluate when the homepage was not crawled.
    """

    meta = RuleMeta(
        id="IDN003",
        slug="identity.links-to-gov-portals",
        title="首页链接中国政府网和上级政府门户",
        failure_title="首页未链接中国政府网或上级政府门户",
        severity=Severity.warning,
        legal_basis=[CITE_47],
        plan_tasks=[11],
        requires=["pages"],
        options={
            "gov_cn_hosts": ["www.gov.cn", "gov.cn"],
            "superior_hosts": [],
            "superior_text_pattern": r"(省|市|州|盟|县|区|自治区)人民政府|政府网|政府门户|人民政府网|^中国·?[\u4e00-\u9fa5]{2,3}(?<![网报社台站])$|"
                                     + "|".join(f"^{b}$" for b in PORTAL_BRANDS),
            "gov_cn_text_pattern": r"^中国政府网$|^中华人民共和国中央人民政府(门户网站)?$|^中央人民政府门户网站$",
        },
    )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PresenceSpec(item="中国政府网", link_text=options["gov_cn_text_pattern"], example="中国政府网",
                             link_is_the_thing=True),
                PresenceSpec(item="上级政府门户", link_text=options["superior_text_pattern"], example="吉林省人民政府",
                             exclude=options["gov_cn_text_pattern"], link_is_the_thing=True)]

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查首页链接",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        url = seen_at(home)
        own = urlsplit(home.final_url or home.url).netloc.lower()
        links = [((urlsplit(l.url).hostname or "").lower(), l) for l in home.links
                 if not l.hidden and l.url.startswith(("http://", "https://"))]
        others = {id(l) for _, l in links if urlsplit(l.url).netloc.lower() != own}
        gov = {h.lower() for h in ctx.opt("gov_cn_hosts")}
        gov_rx = re.compile(ctx.opt("gov_cn_text_pattern"))
        # a link whose text names the portal counts even when its URL is odd or could not be fetched
        hit = next((l for h, l in links if h in gov), None) or \
            next((l for h, l in links if id(l) in others and gov_rx.search(norm(l.text))), None)
        if hit:
            yield self.passed(f"首页链接了中国政府网（“{hit.text}”）{_reach(site, hit.url)}", url=url, target=hit.url,
                              evidence={"item": "中国政府网", **_how(site, hit, gov)})
        else:
            yield self.missing(site, self.presence_specs(ctx.options)[0], "首页未链接中国政府网", url=url, within=[home])
        superior = {h.lower() for h in ctx.opt("superior_hosts")}
        text_rx = re.compile(ctx.opt("superior_text_pattern"))
        if superior:
            hit = next((l for h, l in links if h in superior), None)
        else:  # a provincial portal by its host (an image link without text), else a portal by its name
            superior = {h for h in PROVINCIAL_PORTAL_HOSTS if h != own.split(":")[0]}
            hit = next((l for h, l in links if h in superior), None) or \
                next((l for h, l in links if h not in gov and id(l) in others and text_rx.search(norm(l.text))
                      and not gov_rx.search(norm(l.text))), None)
        if hit:
            yield self.passed(f"首页链接了上级政府门户网站（“{hit.text}”）{_reach(site, hit.url)}", url=url, target=hit.url,
                              evidence={"item": "上级政府门户", **_how(site, hit, superior)})
        else:
            yield self.missing(site, self.presence_specs(ctx.options)[1], "首页未链接上级政府门户网站", url=url,
                               evidence={"configured": sorted(ctx.opt("superior_hosts"))}, within=[home])


def _how(site: SiteArtifacts, link, hosts: set[str]) -> dict:
    check = site.link(link.url)
    host = (urlsplit(link.url).hostname or "").lower()
    return {"via": "host" if host in hosts else "text", "host": host,
            "outcome": check.outcome if check is not None else None}


def _reach(site: SiteArtifacts, url: str) -> str:
    """A note when the link itself could not be opened: the link rules report that."""
    check = site.link(url)
    if check is None or check.outcome in ("ok", "skipped"):
        return ""
    return f"，该链接{outcome_phrase(check)}（由链接检查报告）"
