"""The implementation plan (实施方案) as data: groups, numbered tasks, units, deadlines."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Deadline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str  # as written, e.g. 2020年11月底前
    date: str | None = None  # ISO date it means, e.g. 2020-11-30


class PlanTask(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    title: str
    group: str  # e.g. （一）加强权力配置信息和决策信息的公开
    text: str
    items: list[str] = Field(default_factory=list)  # 一是/二是 sub-items
    responsible: str  # 责任单位, as written
    lead: bool = False  # 牵头落实 (True) rather than 负责落实
    deadlines: list[Deadline] = Field(default_factory=list)


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    source: str = ""  # file it was read from
    issued_by: str = ""
    tasks: list[PlanTask]

    @model_validator(mode="after")
    def _unique_numbers(self) -> "Plan":
        nums = [t.number for t in self.tasks]
        if len(nums) != len(set(nums)):
            raise ValueError("task numbers must be unique")
        return self

    def task(self, number: int) -> PlanTask | None:
        for t in self.tasks:
            if t.number == number:
                return t
        return None
