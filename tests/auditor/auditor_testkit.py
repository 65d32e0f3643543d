"""Hand-made crawl artifacts and small rules for the auditor tests (no crawler, no network)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Iterable

from contracts import (
    Citation, CrawlInfo, Finding, LinkCheck, LinkKind, LinkRef, PageArtifact, RuleMeta, Severity,
    SiteArtifacts,
)
from rules.base import Rule, RuleContext

AS_OF = dt.date(2026, 11, 27)
FETCHED = dt.datetime(2026, 11, 27, 9, 30)


def _meta(rule_id: str, severity: Severity, tasks: list[int], options: dict | None = None,
          requires: list[str] | None = None) -> RuleMeta:
    return RuleMeta(
        id=rule_id,
        slug=f"test.{rule_id.lower()}",
        title=f"{rule_id} 通过",
        failure_title=f"{rule_id} 不合格",
        severity=severity,
        legal_basis=[Citation(document="中华人民共和国政府信息公开条例（国务院令第711号）", article="第二十四条")],
        plan_tasks=tasks,
        options=options or {},
        requires=requires or ["pages"],
    )


class DeadLinks(Rule):
    """Test rule: a page link whose LinkCheck outcome is one of `outcomes` fails."""

    meta = _meta("TST001", Severity.error, [11], {"outcomes": ["dead"]}, ["pages", "links"])

    def check(self, site: SiteArtifacts, ctx: RuleContext) -> Iterable[Finding]:
        for page in site.pages:
            for link in page.links:
                check = site.link(link.url)
                if check is None:
                    continue
                if check.outcome in ctx.opt("outcomes"):
                    yield self.fail(f"页面中的链接“{link.text}”无法访问", url=page.url, target=link.url,
                                    evidence={"link_text": link.text, "status": check.status})
                else:
                    yield self.passed(url=page.url, target=link.url)


class Crashes(Rule):
    """Test rule: always raises."""

    meta = _meta("TST002", Severity.critical, [9])

    def check(self, site, ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover


class ShortTitles(Rule):
    """Test rule: a page whose title is shorter than `min_length` fails (warning)."""

    meta = _meta("TST003", Severity.warning, [6, 4], {"min_length": 1})

    def check(self, site, ctx):
        for page in site.pages:
            if len(page.title) < ctx.opt("min_length"):
                yield self.fail("页面标题过短", url=page.url, evidence={"title": page.title,
                                                                  "min_length": ctx.opt("min_length")})
            else:
                yield self.passed(url=page.url)


class MissingColumns(Rule):
    """Test rule: one FAIL per missing column on the homepage (like COL001), one with a task of its own."""

    meta = _meta("TST004", Severity.error, [11], {"columns": ["政府信息公开指南", "政府信息公开年报"]})

    def check(self, site, ctx):
        home = site.homepage()
        for name in ctx.opt("columns"):
            if not any(name == link.text for link in home.links):
                yield self.fail(f"缺少“{name}”栏目", url=home.url, evidence={"column": name})
        yield self.fail("政策文件栏目未更新", url=home.url, evidence={"column": "政策文件", "days": 200}).model_copy(
            update={"task": 3})


def page(url: str, *, title: str = "页面", kind: str = "other", links: list[LinkRef] | None = None,
         status: int = 200) -> PageArtifact:
    return PageArtifact(url=url, final_url=url, status=status, fetched_at=FETCHED, page_kind=kind,
                        title=title, links=links or [])


def make_site(base: str = "http://127.0.0.1:8001", *, dead: bool = True, script_title: bool = False) -> SiteArtifacts:
    """A home page linking an article, a dead page and an external page."""
    home_links = [
        LinkRef(url=f"{base}/xxgk/a1.html", text="政府信息公开指南", kind=LinkKind.page),
        LinkRef(url=f"{base}/old/gone.html", text="通知公告", kind=LinkKind.page),
        LinkRef(url="http://www.gov.cn/", text="中国政府网", kind=LinkKind.external),
    ]
    pages = [
        page(f"{base}/", title="白城经济开发区", kind="home", links=home_links),
        page(f"{base}/xxgk/a1.html", title="<script>alert(1)</script>" if script_title else "指南",
             kind="article"),
    ]
    links = [
        LinkCheck(url=f"{base}/", kind=LinkKind.page, outcome="ok", status=200),
        LinkCheck(url=f"{base}/xxgk/a1.html", kind=LinkKind.page, outcome="ok", status=200),
        LinkCheck(url=f"{base}/old/gone.html", kind=LinkKind.page,
                  outcome="dead" if dead else "ok", status=404 if dead else 200),
        LinkCheck(url="http://www.gov.cn/", kind=LinkKind.external, outcome="skipped", method="NONE"),
    ]
    crawl = CrawlInfo(start_url=f"{base}/", site_host=base.split("://", 1)[1], started_at=FETCHED,
                      finished_at=FETCHED, finish_reason="finished", allowed_hosts=["loopback"])
    return SiteArtifacts(crawl=crawl, pages=pages, links=links)


def write_run(folder: Path, site: SiteArtifacts) -> Path:
    """Write `site` as a crawler run folder (crawl.json + JSON lines)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "crawl.json").write_text(site.crawl.model_dump_json(), encoding="utf-8")
    for name, records in (("pages.jsonl", site.pages), ("links.jsonl", site.links),
                          ("columns.jsonl", site.columns), ("accounts.jsonl", site.accounts)):
        with (folder / name).open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(r.model_dump_json() + "\n")
    return folder


def read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
