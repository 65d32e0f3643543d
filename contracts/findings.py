"""Rule metadata and rule results: the contract between rules and the auditor."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

RULE_ID_RE = re.compile(r"^[A-Z]{2,4}\d{3}$")


class Severity(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"
    critical = "critical"  # 单项否决-level gaps

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @property
    def label_zh(self) -> str:
        return {"info": "提示", "warning": "警告", "error": "错误", "critical": "严重"}[self.value]


_SEVERITY_RANK = {Severity.info: 0, Severity.warning: 1, Severity.error: 2, Severity.critical: 3}


class Status(str, Enum):
    passed = "pass"
    fail = "fail"
    not_applicable = "not_applicable"
    could_not_evaluate = "could_not_evaluate"  # blocked, timed out, rate limited, artifact missing
    error = "error"  # the rule itself crashed

    @property
    def label_zh(self) -> str:
        return {
            "pass": "通过",
            "fail": "不合格",
            "not_applicable": "不适用",
            "could_not_evaluate": "无法评估",
            "error": "规则错误",
        }[self.value]


class Citation(BaseModel):
    """A legal source: document, and where in it."""

    model_config = ConfigDict(extra="forbid")

    document: str  # e.g. 中华人民共和国政府信息公开条例（国务院令第711号）
    article: str = ""  # e.g. 第十二条第二款 / 单项否决指标 栏目不更新
    verified: bool = True  # False where the reference catalogue marks the text unverified
    note: str = ""

    def __str__(self) -> str:
        return f"{self.document}{(' ' + self.article) if self.article else ''}"


class RuleMeta(BaseModel):
    """What a rule declares about itself; validated when the registry loads."""

    model_config = ConfigDict(extra="forbid")

    id: str
    slug: str  # group.short-name, e.g. links.dead-internal
    title: str  # pass title, Chinese
    failure_title: str  # fail title, Chinese
    severity: Severity
    legal_basis: list[Citation] = Field(min_length=1)
    plan_tasks: list[int] = Field(min_length=1)
    requires: list[str] = Field(default_factory=lambda: ["pages"])  # artifact names
    options: dict[str, Any] = Field(default_factory=dict)  # configurable thresholds and their defaults
    manual: bool = False  # a checklist item a person must confirm

    @field_validator("id")
    @classmethod
    def _id_shape(cls, v: str) -> str:
        if not RULE_ID_RE.match(v):
            raise ValueError(f"rule id {v!r} must look like LNK001")
        return v

    @field_validator("slug")
    @classmethod
    def _slug_shape(cls, v: str) -> str:
        if not re.match(r"^[a-z0-9]+(\.[a-z0-9-]+)+$", v):
            raise ValueError(f"slug {v!r} must look like group.short-name")
        return v


class Finding(BaseModel):
    """One result of one rule: a gap, a pass, or a reason it could not be judged.

    Findings with status pass are kept in counts only; the report lists the rest.
    """

    model_config = ConfigDict(extra="forbid")

    rule: str
    status: Status
    severity: Severity
    url: str | None = None  # the page where it was found (None for site-level results)
    target: str | None = None  # the linked URL concerned, if any
    message: str  # a Chinese sentence
    evidence: dict[str, Any] = Field(default_factory=dict)
    task: int | None = None  # filled by the auditor: the plan task the gap fails
    fingerprint: str | None = None  # filled by the auditor
