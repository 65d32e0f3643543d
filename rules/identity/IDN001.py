"""IDN001 — site identifiers in the homepage footer (网站标识码、ICP备案号、公安备案号、主办单位)."""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from contracts import Citation, Finding, RuleMeta, Severity, SiteArtifacts, Status

from ..base import Rule, RuleContext
from ..patterns import quote_page, seen_at
from ..presence import seen_homepage, unseen_parts


class IDN001(Rule):
    """The homepage footer shows the site's identifiers.

    What it checks:
        The homepage's footer text (``footer_text``; the whole page text when the extractor
        found no footer) must show four identifiers, each matched by a configurable regex:

        * 网站标识码 — ``网站标识码`` followed by a 10-character code (e.g. 2208000001,
          bm56000001);
        * ICP备案号 — ``ICP备`` and the number (吉ICP备05001234号-1; footers often drop the
          号: 京ICP备05007181; some write ICP备案号 before it: 皖ICP备案号05002829);
        * 公安机关备案号 — ``公网安备`` and the number (吉公网安备 22080202000123号, also
          京公网安备:110102000777 without 号; or labelled 公安备案号：35012899001-19002);
        * 主办单位 — ``主办单位：`` or ``主办：`` (spaces between the characters allowed).

        One FAIL per missing identifier: url = homepage, evidence ``{identifier}``. One PASS
        per identifier found, with the matched text.

        The 备案 numbers must also link to their registries (``identifier_link_hosts``): the ICP
        number to the MIIT 备案 system (beian.miit.gov.cn), the 公安 number to www.beian.gov.cn —
        a link whose text shows the number, or any homepage link to that host (the 公安 badge).
        A number linked to another host (a DDoS-protection or proxy domain, the retired
        www.miitbeian.gov.cn, a dead domain) → FAIL, target = that link, evidence
        ``{identifier: ICP备案号链接, host}``; a number not linked at all → FAIL, ``host`` null.

    Legal basis:
        非经营性互联网信息服务备案管理办法（信息产业部令第33号）第十三条 (recalled, not verified
        here): the 备案编号 at the bottom of the homepage, linked to the MIIT 备案管理系统.
        国办发〔2017〕47号《国务院办公厅关于印发政府网站发展指引的通知》: the 网页设计规范 asks
        the page footer to list 网站主办单位、联系方式、网站标识码、ICP备案编号、公安机关备案标识
        (list recalled, not verified here; the document's identity is verified).
        国办秘函〔2019〕19号 扣分指标 功能设计: 网站域名名称及网站标识符合相关要求.

    Passing example:
        Footer: 主办单位：白城经济开发区管理委员会 网站标识码：2208000001 吉ICP备05001234号-1
        吉公网安备 22080202000123号.

    Failing example:
        Footer: 主办单位：白城经济开发区管理委员会 吉ICP备05001234号 — two FAILs:
        首页页脚未标注网站标识码 and 首页页脚未标注公安机关备案号.

    Not applicable when:
        Never for a portal. The rule cannot evaluate when the homepage was not crawled or did
        not load, and an identifier it did not find cannot be evaluated when the footer was
        never seen (written by a script such as home_bottom.js, an empty <div id="footer">
        a script fills, or a footer frame that did not load: rules.presence.unseen_parts).
    """

    meta = RuleMeta(
        id="IDN001",
        slug="identity.footer-identifiers",
        title="首页页脚标注网站标识信息",
        failure_title="首页页脚缺少网站标识信息",
        severity=Severity.warning,
        legal_basis=[
            Citation(
                document="国务院办公厅关于印发政府网站发展指引的通知（国办发〔2017〕47号）",
                article="附件《政府网站发展指引》网页设计规范 页面底部功能区",
                verified=False,
                note="发文文号、日期已核实；页脚应列明主办单位、网站标识码、ICP备案编号、公安机关备案标识等的条文系据记忆，未见原文",
            ),
            Citation(
                document="非经营性互联网信息服务备案管理办法（信息产业部令第33号）",
                article="第十三条",
                verified=False,
                note="在主页底部的中央位置标明其备案编号，并在备案编号下方按要求链接备案管理系统网址（系据记忆，未见原文；"
                     "现行备案系统为 beian.miit.gov.cn，公安备案链接 www.beian.gov.cn 系公安备案系统的做法）",
            ),
            Citation(
                document="国务院办公厅秘书局关于印发政府网站与政务新媒体检查指标、监管工作年度考核指标的通知（国办秘函〔2019〕19号）",
                article="附件《政府网站与政务新媒体检查指标》第二部分 扣分指标 功能设计",
                note="网站域名名称及网站标识符合相关要求（见于部委自查报告引述）",
            ),
        ],
        plan_tasks=[11],
        requires=["pages"],
        options={
            "identifiers": {
                "网站标识码": r"网站标识码\s*[:：]?\s*[0-9A-Za-z]{10}",
                "ICP备案号": r"ICP\s*备\s*(?:案\s*(?:编\s*)?号)?\s*[:：]?\s*\d{4,}",
                "公安机关备案号": r"(?:公网安备|公安(?:机关)?备案(?:编)?号)\s*[:：]?\s*\d{6,}",
                "主办单位": r"主\s*办\s*(单\s*位)?\s*[:：]",
            },
            # Search the whole homepage text even when a footer was found (False follows the
            # 47号 wording: the identifiers belong in the footer).
            "search_whole_page": False,
            # Where the 备案 numbers must link: the MIIT 备案 system and the 公安 备案 portal.
            "identifier_link_hosts": {
                "ICP备案号": ["beian.miit.gov.cn"],
                "公安机关备案号": ["www.beian.gov.cn", "beian.gov.cn"],
            },
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查页脚标识信息",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        footer = home.footer_text.strip()
        if ctx.opt("search_whole_page") or not footer:
            text, where = f"{footer} {home.text}", ("页面" if not footer else "页脚或页面")
        else:
            text, where = footer, "页脚"
        label = quote_page(home, seen_at(home))
        # a footer a script writes, or one in a frame that did not load, was never seen: an
        # identifier not found in what was seen may stand there (北京朝阳 home_bottom.js)
        hidden = [p for p in unseen_parts(site, home) if p.part == "footer" or (not footer and p.part == "frame")]
        for name, pattern in ctx.opt("identifiers").items():
            m = re.search(pattern, text)
            if m is None and hidden:
                part = hidden[0]
                yield self.could_not_evaluate(f"首页{label}的页脚{part.phrase}，无法判断是否标注{name}",
                                              url=seen_at(home), target=part.target,
                                              evidence={"identifier": name, "part": part.part,
                                                        "part_outcome": part.outcome, "part_status": part.status})
            elif m is None:
                yield self.fail(f"首页{label}{where}未标注{name}", url=seen_at(home),
                                evidence={"identifier": name, "searched": "footer" if where == "页脚" else "page"})
            else:
                yield self.passed(f"首页{where}标注了{name}（“{m.group(0)}”）", url=seen_at(home),
                                  evidence={"identifier": name, "match": m.group(0)})
                hosts = ctx.opt("identifier_link_hosts").get(name)
                if hosts:
                    linked = self._linked(home, name, re.compile(pattern), m.group(0), [h.lower() for h in hosts])
                    if linked.status == Status.fail and hidden:  # the linked number may stand in the footer
                        linked = self.could_not_evaluate(
                            f"首页{label}的页脚{hidden[0].phrase}，无法判断{name}是否链接到备案系统",
                            url=seen_at(home), target=hidden[0].target,
                            evidence={**linked.evidence, "part": hidden[0].part, "part_outcome": hidden[0].outcome})
                    yield linked

    def _linked(self, home, name: str, rx: re.Pattern[str], number: str, hosts: list[str]) -> Finding:
        """The 备案 number links to its registry (beian.miit.gov.cn / www.beian.gov.cn): a link
        whose text shows the number, or the 公安 badge link beside it."""
        evidence = {"identifier": f"{name}链接", "number": number, "expected_hosts": hosts}
        # <a> links only: the 公安 badge image itself is served from www.beian.gov.cn
        anchors = [l for l in home.links if l.kind.value in ("page", "external", "attachment", "anchor", "javascript",
                                                             "malformed", "other")]
        named = [l for l in anchors if not l.hidden and rx.search(l.text or "")]
        to_registry = [l for l in anchors if l.kind.value in ("page", "external")
                       and (urlsplit(l.url).hostname or "").lower() in hosts]
        good = [l for l in named if (urlsplit(l.url).hostname or "").lower() in hosts] or to_registry
        if good:
            return self.passed(f"{name}链接到{urlsplit(good[0].url).hostname}", url=seen_at(home), target=good[0].url,
                               evidence=evidence)
        registry = "工业和信息化部备案管理系统" if name == "ICP备案号" else "全国互联网安全管理服务平台"
        web = [l for l in named if l.kind.value in ("page", "external", "attachment")]
        if web:
            link = web[0]
            host = urlsplit(link.url).hostname or link.url
            return self.fail(f"首页{name}“{number}”链接到 {host}，而不是{registry}（{hosts[0]}）",
                             url=seen_at(home), target=link.url, evidence={**evidence, "host": host})
        return self.fail(f"首页{name}“{number}”未链接到{registry}（{hosts[0]}）", url=seen_at(home),
                         evidence={**evidence, "host": None})
