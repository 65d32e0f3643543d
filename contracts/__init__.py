"""Pydantic models shared by every stage: crawl artifacts, rule results, plan, report."""

from .artifacts import (
    EMBEDDED_KINDS,
    LINKS_CAPPED_NOTE,
    NAVIGATION_FAILED_NOTE,
    PART_NOTE,
    TEMPLATE_NOTE,
    AccountArtifact,
    ColumnArtifact,
    CrawlInfo,
    DocumentArtifact,
    FormField,
    FormInfo,
    LinkCheck,
    LinkKind,
    LinkRef,
    ListItem,
    PageArtifact,
    PiiCandidate,
    Region,
    RunFiles,
    SiteArtifacts,
    SiteScope,
    load_site,
    part_of,
)
from .findings import Citation, Finding, RuleMeta, Severity, Status
from .plan import Deadline, Plan, PlanTask
from .report import AuditReport, Summary, TaskSection

__all__ = [
    "AccountArtifact", "ColumnArtifact", "CrawlInfo", "DocumentArtifact", "FormField", "FormInfo", "PiiCandidate", "LinkCheck", "LinkKind", "LinkRef", "EMBEDDED_KINDS", "LINKS_CAPPED_NOTE", "NAVIGATION_FAILED_NOTE", "PART_NOTE", "TEMPLATE_NOTE", "part_of",
    "ListItem", "PageArtifact", "Region", "RunFiles", "SiteArtifacts", "SiteScope", "load_site",
    "Citation", "Finding", "RuleMeta", "Severity", "Status",
    "Deadline", "Plan", "PlanTask", "AuditReport", "Summary", "TaskSection",
]
