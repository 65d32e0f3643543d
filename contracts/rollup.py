"""The roll-up model: every site of a nightly profile on one page, built once by
`auditor.rollup.build_rollup` and rendered by reports.rollup_* (HTML, xlsx, docx) and as
`rollup.json` (this model, contract version 1).

A site is either `audited` (its last run finished a complete crawl: it has a rank, a score
and a verdict) or `not_audited` (the run failed or its crawl was partial: no rank, no score,
no verdict; `reason` says why and `last_good_as_of` when it was last audited completely).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ROLLUP_VERSION = 1

SiteState = Literal["audited", "not_audited"]
GapDiff = Literal["new", "open", "regressed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RollupVeto(_Model):
    id: str
    name: str


class RollupTrendPoint(_Model):
    """One complete earlier (or this) run of a site, oldest first."""

    as_of: dt.date
    score: float | None = None
    failures: int = 0


class RollupCoverage(_Model):
    """What the crawl recorded: pages fetched of those discovered, link targets checked of those found."""

    pages_fetched: int = 0
    pages_discovered: int = 0  # fetched + page links not crawled (page budget, trap caps)
    links_checked: int = 0  # link targets that were requested (not skipped by profile, not blocked)
    links_found: int = 0  # distinct link targets recorded


class RollupSite(_Model):
    name: str  # the profile's key (folder, history)
    title: str  # the name people read (the profile's title, else name)
    start_url: str
    state: SiteState
    as_of: dt.date | None = None  # the date of the run shown (None: never run)
    rank: int | None = None  # audited sites only; 1 = best
    score: float | None = None
    total: float | None = None
    verdict: Literal["合格", "不合格", "单项否决"] | None = None
    vetoes: list[RollupVeto] = Field(default_factory=list)
    new_vetoes: list[RollupVeto] = Field(default_factory=list)  # not triggered at the previous roll-up / run
    failures: int | None = None
    new: int | None = None  # gaps new or regressed in this run
    open: int | None = None
    resolved: int | None = None
    coverage: RollupCoverage | None = None
    report_href: str | None = None  # this run's report.html, relative to the roll-up folder
    reason: str | None = None  # not_audited: why
    last_good_as_of: dt.date | None = None  # the last run with a complete crawl
    last_good_href: str | None = None  # its report.html, when still kept
    trend: list[RollupTrendPoint] = Field(default_factory=list)


class RollupGap(_Model):
    site: str  # RollupSite.name
    site_title: str
    rule: str
    severity: str
    severity_zh: str
    message: str
    url: str | None = None
    target: str | None = None
    diff: GapDiff | None = None
    first_seen: dt.date | None = None
    days_open: int | None = None
    report_href: str | None = None  # the site report, at the finding's anchor


class RollupGroup(_Model):
    """The gaps of one plan task across the audited sites: what one 责任单位 is handed."""

    task: int | None = None  # None: gaps of rules mapped to no task of the plan
    task_title: str
    responsible: str
    new: int = 0
    sites: list[str] = Field(default_factory=list)  # the titles of the sites concerned
    gaps: list[RollupGap] = Field(default_factory=list)


class ResponsibleCount(_Model):
    responsible: str
    new: int
    tasks: list[int] = Field(default_factory=list)


class RollupSummary(_Model):
    sites: int = 0
    audited: int = 0
    not_audited: int = 0
    passed: int = 0  # 合格
    failed: int = 0  # 不合格
    vetoed: int = 0  # 单项否决
    gaps: int = 0
    new_gaps: int = 0
    resolved_gaps: int = 0
    new_vetoes: int = 0


class RollupReport(_Model):
    version: int = ROLLUP_VERSION
    tool: str = "zwgk"
    title: str
    issuer: str = ""
    doc_number: str = ""
    addressee: str = ""
    as_of: dt.date
    generated_at: dt.datetime
    rectify_by: dt.date | None = None
    index_link: str = ""  # where index.html is read: the profile's base URL, else the file path
    sites: list[RollupSite]  # audited by rank, then the sites that could not be audited
    groups: list[RollupGroup] = Field(default_factory=list)
    new_by_responsible: list[ResponsibleCount] = Field(default_factory=list)
    summary: RollupSummary = Field(default_factory=RollupSummary)


def rollup_schema() -> str:
    """The JSON Schema of rollup.json (docs/rollup-schema.json: `python -m contracts.rollup`)."""
    import json

    schema = RollupReport.model_json_schema()
    schema["$id"] = "https://zwgk.invalid/schemas/rollup-v1.json"
    schema["title"] = "zwgk roll-up (rollup.json), version 1"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(rollup_schema(), end="")


__all__ = ["rollup_schema", "RollupReport", "RollupSite", "RollupGroup", "RollupGap", "RollupVeto", "RollupTrendPoint",
           "RollupCoverage", "RollupSummary", "ResponsibleCount", "ROLLUP_VERSION"]
