"""COL001 — the 政府信息公开 专栏 and its standard columns (61号)."""

from __future__ import annotations

import re
from typing import Iterable

from contracts import Citation, Finding, LinkRef, PageArtifact, RuleMeta, Severity, SiteArtifacts

from ..base import Rule, RuleContext
from ..patterns import norm, quote_page, seen_at
from ..presence import PresenceSpec, is_placeholder, seen_homepage, target_state
from ..scripted import message, unrendered

PORTAL_SPEC = PresenceSpec(item="政府信息公开", link_text=r"^(?:政府信息公开|政务公开|信息公开)(?:专栏|平台)?$",
                           example="政务公开", url_pattern=r"^/(?:xxgk|zwgk|gkml)/?$")


class COL001(Rule):
    """The portal has a 政府信息公开 专栏 holding the standard columns.

    What it checks:
        On the homepage it looks for the 专栏 link: link text 政府信息公开 first, else
        政务公开 / 信息公开 (whitespace ignored; 专栏/平台 suffixes accepted, see
        ``portal_link_patterns``; navigation links preferred). On the 专栏 page (the link's
        target, which must have been crawled) it looks, by link text, for the five standard
        columns, loose names allowed:

        * 政府信息公开指南 — 公开指南 / 信息公开指南;
        * 政府信息公开制度 — 公开制度;
        * 法定主动公开内容 — 法定主动公开 / 主动公开内容;
        * 政府信息公开年报 — 年报 / 年度报告;
        * 依申请公开 — 依申请 / 申请公开 / 公开申请.

        One FAIL per missing column: url = the 专栏 page, evidence ``{column: standard
        name}``. No 专栏 link at all is one FAIL at the homepage with evidence
        ``{column: "政府信息公开"}``. One PASS per column whose entry leads to a page that was
        seen. A column entry whose target could not be fetched (404, timeout …) is could not
        evaluate naming the link (the link itself is LNK001's finding); an entry that is only
        an empty link (#, javascript:void(0)) is could not evaluate too (tree menus use such
        heads and expand them by script); a column with no entry on
        the 专栏 page, but one elsewhere that could not be fetched, is could not evaluate.

    Legal basis:
        国办公开办函〔2019〕61号《关于规范政府信息公开平台有关事项的通知》二、统一规范: the
        platform relies on the existing "政府信息公开" / "政务公开" column, which must be set up
        and named uniformly (verified text); its four first-level columns 政府信息公开指南、
        政府信息公开制度、法定主动公开内容、政府信息公开年报 (recalled, not verified here).
        条例第十二条 (指南 and 目录 published and kept current), 第二十八条 (申请渠道),
        第四十九条 (年度报告 向社会公布), 第二十四条 (统一的政府信息公开平台).

    Passing example:
        The homepage nav links “政府信息公开” to ``/zwgk/``; that page links “政府信息公开指南”,
        “政府信息公开制度”, “法定主动公开内容”, “政府信息公开年报” and “依申请公开”.

    Failing example:
        ``/zwgk/`` links 公开指南, 公开制度, 法定主动公开内容 and 依申请公开 but no 年报:
        《政府信息公开》专栏缺少“政府信息公开年报”栏目. A homepage without any
        政府信息公开 / 政务公开 / 信息公开 link fails with column 政府信息公开.

    Not applicable when:
        Never: every portal needs the 专栏. The rule cannot evaluate when the homepage was not
        crawled, or when the 专栏 link points to a page that was not crawled, did not load,
        or lies on another host (集约化 platforms), since its columns cannot be seen; nor can
        it name a column missing from a 专栏 page whose column tree a script draws when that
        page was recorded without rendering (列表由脚本生成，未能渲染). The gkmlpt 公开目录's tree
        (window._CONFIG.TREE) is read by the crawler without a browser.
    """

    meta = RuleMeta(
        id="COL001",
        slug="columns.disclosure-portal",
        title="政府信息公开专栏设置规范",
        failure_title="政府信息公开专栏缺少规定栏目",
        severity=Severity.error,
        legal_basis=[
            Citation(
                document="国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知（国办公开办函〔2019〕61号）",
                article="二、统一规范",
                note="以已有的“政府信息公开”“政务公开”等栏目为依托，不另设专门栏目，不得设立专门网站；未设置或名称不同的应当统一设置并统一名称",
            ),
            Citation(
                document="国务院办公厅政府信息与政务公开办公室关于规范政府信息公开平台有关事项的通知（国办公开办函〔2019〕61号）",
                article="一级栏目：政府信息公开指南、政府信息公开制度、法定主动公开内容、政府信息公开年报",
                verified=False,
                note="四个一级栏目的名称为各地门户普遍采用，通知原文中的相应表述未核实",
            ),
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第十二条",
                     note="政府信息公开指南和政府信息公开目录应当及时更新"),
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十八条",
                     note="建立完善政府信息公开申请渠道"),
            Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第四十九条",
                     note="政府信息公开工作年度报告向社会公布"),
        ],
        plan_tasks=[11],
        requires=["pages"],
        options={
            # Homepage link texts of the 专栏, in order of preference (regexes on the text with
            # whitespace removed, matched in full).
            "portal_link_patterns": [
                r"政府信息公开(专栏|平台)?",
                r"政务公开(专栏|平台)?",
                r"信息公开(专栏|平台)?",
            ],
            # Standard column → regex searched in the link texts of the 专栏 page.
            "required_columns": {
                "政府信息公开指南": r"公开指南",
                "政府信息公开制度": r"公开制度",
                "法定主动公开内容": r"法定主动公开|主动公开内容",
                "政府信息公开年报": r"年报|年度报告",
                "依申请公开": r"依申请|申请公开|公开申请",
            },
        },
    )

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        home = site.homepage()
        if seen_homepage(site) is None:
            yield self.could_not_evaluate("未采集到可访问的网站首页，无法检查政府信息公开专栏",
                                          url=seen_at(home) if home else site.crawl.start_url)
            return
        link = self._portal_link(home, ctx.opt("portal_link_patterns"))
        if link is None:
            yield self.missing(
                site, PORTAL_SPEC,
                f"网站首页{quote_page(home, seen_at(home))}未设置“政府信息公开”专栏入口（未找到“政府信息公开”“政务公开”或“信息公开”链接）",
                url=seen_at(home),
                evidence={"column": "政府信息公开"},
            )
            return
        portal = site.page(link.url)
        if portal is None or portal.status >= 400 or portal.soft_404:
            outcome, status, phrase = target_state(site, link.url)
            why = "位于其他站点，未采集" if link.kind.value == "external" and outcome == "not_crawled" else phrase
            yield self.could_not_evaluate(
                f"首页“{norm(link.text)}”专栏页面{why}，无法检查其栏目设置（链接问题由链接检查报告）",
                url=seen_at(home),
                target=link.url,
                evidence={"link_text": link.text, "outcome": outcome, "item": "政府信息公开", "presence": "unreachable",
                          "entry_text": link.text, "entry_target": link.url, "entry_outcome": outcome,
                          "entry_status": status},
            )
            return
        name = norm(link.text)
        yield self.passed(f"首页设有“{name}”专栏入口", url=seen_at(home), target=link.url,
                          evidence={"column": "政府信息公开", "link_text": link.text})
        texts = [(norm(l.text), l) for l in portal.links if l.text and not l.hidden]
        label = f"《{name}》"
        for spec in self.presence_specs(ctx.options)[1:]:
            column, rx = spec.item, re.compile(spec.link_text)
            named = [l for t, l in texts if rx.search(t)]
            real = [l for l in named if not is_placeholder(l)]
            found = None
            for l in real:
                if target_state(site, l.url)[0] in ("ok", "not_crawled", "not_fetched") or l.kind.value != "page":
                    found = l
                    break
            if found is None and real:
                l = real[0]
                outcome, status, phrase = target_state(site, l.url)
                yield self.could_not_evaluate(
                    f"{label}专栏的“{column}”栏目入口“{norm(l.text)}”{phrase}，无法确认该栏目（链接问题由链接检查报告）",
                    url=seen_at(portal), target=l.url,
                    evidence={"column": column, "item": column, "presence": "unreachable", "entry_text": l.text,
                              "entry_target": l.url, "entry_outcome": outcome, "entry_status": status})
                continue
            if found is None and named:
                # href="#" / javascript: a tree-menu head that scripts expand, or an empty leaf: cannot tell
                l = named[0]
                yield self.could_not_evaluate(
                    f"{label}专栏的“{column}”栏目入口“{norm(l.text)}”为脚本菜单或空链接（{l.url or '空'}），无法确认该栏目",
                    url=seen_at(portal), target=l.url,
                    evidence={"column": column, "item": column, "presence": "placeholder",
                              "entry_text": l.text, "entry_target": l.url})
                continue
            if found is None and unrendered(portal) is not None:  # its column tree is drawn by a script
                yield self.could_not_evaluate(
                    f"{label}专栏页面{message('')}是否设有“{column}”栏目", url=seen_at(portal),
                    evidence={"column": column, "script_list": unrendered(portal)[:200]})
            elif found is None:
                yield self.missing(site, spec, f"{label}专栏缺少“{column}”栏目", url=seen_at(portal),
                                   evidence={"column": column})
            else:
                yield self.passed(
                    f"{label}专栏设有“{column}”栏目（“{found.text}”）",
                    url=seen_at(portal),
                    target=found.url,
                    evidence={"column": column, "link_text": found.text},
                )

    def presence_specs(self, options) -> list[PresenceSpec]:
        return [PORTAL_SPEC] + [PresenceSpec(item=column, link_text=pattern, example=column, in_portal=True)
                                for column, pattern in options["required_columns"].items()]

    @staticmethod
    def _portal_link(home: PageArtifact, patterns: list[str]) -> LinkRef | None:
        candidates = [l for l in home.links
                      if not l.hidden and l.text and l.kind.value in ("page", "external")]
        for pattern in patterns:
            rx = re.compile(pattern)
            matches = [l for l in candidates if rx.fullmatch(norm(l.text))]
            if matches:
                # Prefer the navigation bar, then the main area, then anything else.
                order = {"nav": 0, "main": 1, "other": 2, "footer": 3}
                return sorted(matches, key=lambda l: order.get(l.region.value, 9))[0]
        return None
