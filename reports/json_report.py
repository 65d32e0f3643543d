"""JSON report, contract version 1.

    {"version": 1, "site": ..., "as_of": "YYYY-MM-DD",
     "findings": [{"rule", "task", "severity", "url", "target", "message", "evidence",
                   "status", "fingerprint"}, ...],
     "summary": {...},
     ...extra fields: tool, start_url, generated_at, plan_title, tasks, rules, crawl}

Later versions only add fields. The document is `AuditReport.model_dump(mode="json")`
with the version-1 keys first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts import AuditReport

from .atomic import write_atomic

V1_KEYS = ("version", "site", "as_of", "findings", "summary")
V1_FINDING_KEYS = ("rule", "task", "severity", "url", "target", "message", "evidence")


def report_to_dict(report: AuditReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    ordered = {k: data.pop(k) for k in V1_KEYS}
    ordered.update(data)
    ordered["findings"] = [
        {**{k: f[k] for k in V1_FINDING_KEYS}, **{k: v for k, v in f.items() if k not in V1_FINDING_KEYS}}
        for f in ordered["findings"]
    ]
    return ordered


def dumps(report: AuditReport) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"


def write_json(report: AuditReport, path: str | Path) -> Path:
    """Write the report as UTF-8 JSON (atomically)."""
    return write_atomic(path, dumps(report))


def read_json(path: str | Path) -> AuditReport:
    """Read a report written by `write_json` back into the model."""
    return AuditReport.model_validate_json(Path(path).read_text(encoding="utf-8"))


SCHEMA_ID = "https://zwgk.invalid/schemas/report-v1.json"


def report_schema() -> dict[str, Any]:
    """JSON Schema of report.json (draft 2020-12), from the pydantic model."""
    schema = AuditReport.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "zwgk AuditReport (JSON contract version 1)",
        "description": "report.json written by zwgk. Version 1 keys (version, site, as_of, findings[rule, task, "
                       "severity, url, target, message, evidence], summary) are stable; later versions only add fields.",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_json() -> str:
    return json.dumps(report_schema(), ensure_ascii=False, indent=2) + "\n"
