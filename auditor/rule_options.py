"""Per-site rule options (`rules:` of a profile, `--set`): validated with pydantic before anything runs.

A rule declares its options and their defaults in `RuleMeta.options`; from those this module
builds one pydantic model per rule (extra="forbid", so a misspelt option is an error) and
validates the overrides of a site against them. Errors carry the field path:
`IDN003.superior_hosts: …`, which the profile loader prefixes with `sites[0].rules.`.

The type of an option is taken from its default (strict: a string is never a number), with a
few checks by name that hold for every rule:

* `…pattern` strings, `…patterns` lists and the values of name → string tables (the rules'
  pattern tables) must compile as regular expressions;
* `…_hosts` lists hold host names (`www.jl.gov.cn`, no scheme or path), lower-cased;
* a string default shaped like a date (`2019-05-15`) or a month-day (`01-31`) keeps that shape;
  YAML's unquoted dates (`2019-05-15`) are accepted and turned back into ISO strings;
* `…severity` strings are one of info / warning / error / critical;

and a few options whose shape is known beyond their default (`SPECIAL`): CT001's dictionary
entries, AR001.body_type, PA006.required_domains.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Iterable, Literal, Mapping, Optional

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, StrictBool, StrictFloat, StrictInt, StrictStr,
    ValidationError, create_model, model_validator,
)

from contracts.findings import Severity

from .errors import ToolError

_HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9\u0080-\uffff]([a-z0-9\u0080-\uffff-]{0,61}[a-z0-9\u0080-\uffff])?\.)*"
                      r"[a-z0-9\u0080-\uffff]([a-z0-9\u0080-\uffff-]{0,61}[a-z0-9\u0080-\uffff])?(:\d{1,5})?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_DAY_RE = re.compile(r"^\d{2}-\d{2}$")


class RuleOptionsError(ToolError):
    """Overrides that do not fit the rules; `problems` are `RULE.option: message` strings."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression ({exc})") from None
    return value


def _host(value: str) -> str:
    v = value.strip().lower().rstrip(".")
    if "://" in v or "/" in v or not _HOST_RE.match(v):
        raise ValueError(f"expected a host name like www.jl.gov.cn (no scheme or path), got {value!r}")
    return v


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date_str(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None
    return value


def _month_day(value: str) -> str:
    try:
        dt.date.fromisoformat(f"2024-{value}")  # a leap year: 02-29 is a valid month-day
    except ValueError:
        raise ValueError(f"expected a month-day MM-DD like 01-31, got {value!r}") from None
    return value


Regex = Annotated[StrictStr, AfterValidator(_regex)]
Host = Annotated[StrictStr, AfterValidator(_host)]
IsoDate = Annotated[StrictStr, BeforeValidator(_iso_date), AfterValidator(_date_str)]
MonthDay = Annotated[StrictStr, AfterValidator(_month_day)]
SeverityName = Literal["info", "warning", "error", "critical"]
Number = StrictInt | StrictFloat


class Expression(BaseModel):
    """One CT001 dictionary entry (see rules/content/_dictionary.py)."""

    model_config = ConfigDict(extra="forbid")

    wrong: Annotated[StrictStr, AfterValidator(lambda v: v if v.strip() else _empty())]
    correct: Annotated[StrictStr, AfterValidator(lambda v: v if v.strip() else _empty())]
    kind: StrictStr = ""
    severity: SeverityName = "critical"
    since: Optional[IsoDate] = None  # only pages dated on or after it are judged
    literal: StrictBool = False  # `wrong` is a plain string (else a regex over flattened text)
    not_before: list[StrictStr] = []  # strings right before a match that make it correct
    not_after: list[StrictStr] = []
    source: StrictStr = ""

    @model_validator(mode="after")
    def _regex_compiles(self):
        if not self.literal:
            _regex(self.wrong)
        return self


def _empty():
    raise ValueError("must not be empty")


# Options whose shape is known beyond what their default shows.
SPECIAL: dict[tuple[str, str], Any] = {
    ("CT001", "expressions"): Optional[list[Expression]],
    ("CT001", "extra_expressions"): list[Expression],
    ("AR001", "body_type"): Literal["auto", "government", "department"],
    ("PA006", "required_domains"): list[Annotated[StrictStr, AfterValidator(lambda v: v.strip() or _empty())]],
}


def _scalar_type(name: str, default: Any) -> Any:
    if isinstance(default, bool):
        return StrictBool
    if isinstance(default, int):
        return StrictInt
    if isinstance(default, float):
        return Number
    if isinstance(default, str):
        if name.endswith("severity"):
            return SeverityName
        if name.endswith("pattern"):
            return Regex
        if _DATE_RE.match(default):
            return IsoDate
        if _MONTH_DAY_RE.match(default):
            return MonthDay
        return StrictStr
    return Any


def option_type(rule_id: str, name: str, default: Any) -> Any:
    """The pydantic type an override of `rule_id.name` must have, from its default."""
    special = SPECIAL.get((rule_id, name))
    if special is not None:
        return special
    if isinstance(default, (list, tuple)):
        if name.endswith("_hosts"):
            return list[Host]
        if name.endswith("patterns"):
            return list[Regex]
        if default and all(isinstance(v, str) for v in default):
            return list[StrictStr]
        if default and all(isinstance(v, dict) for v in default):
            return list[dict[str, Any]]
        return list[Any]
    if isinstance(default, dict):
        values = list(default.values())
        if values and all(isinstance(v, str) for v in values):
            return dict[str, Regex]  # name → pattern, throughout the rule catalogue
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return dict[str, StrictInt]
        return dict[str, Any]
    if default is None:
        return Any
    return _scalar_type(name, default)


def options_model(meta) -> type[BaseModel]:
    """A pydantic model of one rule's options (every field may be left out: overrides only; an
    explicit null is refused unless the default itself is null)."""
    fields = {name: (option_type(meta.id, name, default), None) for name, default in meta.options.items()}
    return create_model(f"{meta.id}Options", __config__=ConfigDict(extra="forbid"), **fields)


def _loc(parts: Iterable[Any]) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def validate_rule_options(overrides: Mapping[str, Any] | None, rules: Iterable) -> dict[str, dict[str, Any]]:
    """Check `{RULE: {option: value}}` against the rules (Rule objects or RuleMeta).

    Returns the overrides with rule ids upper-cased and values normalised (YAML dates → ISO
    strings, host names lower-cased); only the options given are returned. Raises
    RuleOptionsError listing every problem as `RULE.option: message`.
    """
    metas = {}
    for r in rules:
        meta = getattr(r, "meta", r)
        metas[meta.id] = meta
    problems: list[str] = []
    out: dict[str, dict[str, Any]] = {}
    for raw_id, opts in (overrides or {}).items():
        rule_id = str(raw_id).strip().upper()
        meta = metas.get(rule_id)
        if meta is None:
            problems.append(f"{raw_id}: no such rule (see `zwgk rules`)")
            continue
        if opts is None:
            opts = {}
        if not isinstance(opts, Mapping):
            problems.append(f"{rule_id}: expected a mapping of option: value, got {opts!r}")
            continue
        try:
            validated = options_model(meta).model_validate(dict(opts))
        except ValidationError as exc:
            for e in exc.errors():
                loc = _loc((rule_id, *e.get("loc", ())))
                if e.get("type") == "extra_forbidden":
                    known = ", ".join(sorted(meta.options)) or "none"
                    problems.append(f"{loc}: unknown option of {rule_id} (its options: {known})")
                elif e.get("type") == "missing":
                    problems.append(f"{loc}: {e.get('msg')}")
                elif e.get("type") == "value_error":
                    problems.append(f"{loc}: {str(e.get('msg')).removeprefix('Value error, ')}")
                else:
                    problems.append(f"{loc}: {e.get('msg')}, got {_short(e.get('input'))}")
            continue
        out[rule_id] = _plain(validated.model_dump(exclude_unset=True))
    if problems:
        raise RuleOptionsError(problems)
    return out


def _plain(value: Any) -> Any:
    """Nested models dumped to dicts, a dictionary entry without `since` left without it."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if not (k == "since" and v is None)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


__all__ = ["validate_rule_options", "options_model", "option_type", "RuleOptionsError", "Expression", "SPECIAL"]
