"""Read a 政务公开重点工作任务分工 plan document (plain text) into `contracts.Plan`.

The common format these plans share:

* a title line (the first non-empty line, e.g. 2020年…重点工作任务分工实施方案);
* top-level sections 一、二、三、…; the tasks live in the section whose body holds
  numbered tasks (usually 三、重点任务分工);
* groups （一）（二）… inside it (or, when it has none, the top-level sections that hold tasks);
* numbered tasks: ``1、`` ``1.`` ``1．`` ``（1）`` ``(1)``; the title runs to the first 。
  (the rest of that line, if any, starts the task's text);
* sub-items 一是…；二是…。 (split at 一是/二是/… after the start or after 。；);
* the unit as a closing note （…负责落实） / （…牵头落实） / （…负责） / （…牵头，…配合）, or a
  line 责任单位：…; 牵头 marks the lead unit (PlanTask.lead);
* deadlines anywhere in the task: 2020年11月底前, 2020年底前, 2021年6月30日前, 2021年上半年,
  2021年第三季度, 6月底前 (year from the title), and recurring ones (每季度, 每月, 每半年,
  长期坚持, 持续推进) with no date; a line 完成时限：… adds its text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

from contracts.dates import cn_number
from contracts.plan import Deadline, Plan, PlanTask

CN_NUM = "一二三四五六七八九十"
TOP_RE = re.compile(rf"^([{CN_NUM}]+)、\s*(.*)$")
GROUP_RE = re.compile(rf"^[（(]([{CN_NUM}]+)[）)]\s*(.*)$")
TASK_RE = re.compile(r"^(?:(\d{1,3})\s*[、.．]|[（(](\d{1,3})[）)])\s*(.+)$")
UNIT_RE = re.compile(r"[（(]([^（）()]*?(?:负责|牵头)[^（）()]*)[）)]\s*[。；;]?\s*$")
UNIT_LINE_RE = re.compile(r"^(?:责任单位|牵头单位|责任部门)\s*[：:]\s*(.+)$")
DUE_LINE_RE = re.compile(r"^(?:完成时限|时限要求|时限)\s*[：:]\s*(.+)$")
ITEM_RE = re.compile(rf"(?:^|(?<=[。；;]))\s*([{CN_NUM}]+)是")

_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
DEADLINE_RE = re.compile(
    r"(?P<ymd>(?P<y1>\d{4})年(?P<m1>\d{1,2})月(?P<d1>\d{1,2})日(?:之?前))"
    r"|(?P<ym>(?:(?P<y2>\d{4})年)?(?P<m2>\d{1,2})月(?:底|末)(?:之?前))"
    r"|(?P<y>(?P<y3>\d{4})年(?:底|年底|末)(?:之?前))"
    r"|(?P<half>(?P<y4>\d{4})年(?P<h>上|下)半年)"
    r"|(?P<q>(?P<y5>\d{4})年第?(?P<qn>[一二三四1-4])季度(?:末|底)?(?:之?前)?)"
    r"|(?P<rec>每季度|每月|每半年|长期坚持|持续推进)"
)


class PlanParseError(ValueError):
    pass


def _cn_int(s: str) -> int:
    """Task and quarter numbers: 3, 三, 十二."""
    return int(s) if s.isdigit() else cn_number(s)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadlines(text: str, default_year: int | None = None) -> list[Deadline]:
    """Deadlines named in `text`, in order of appearance, each once."""
    out: list[Deadline] = []
    seen: set[str] = set()
    for m in DEADLINE_RE.finditer(text):
        raw = m.group(0)
        date: dt.date | None = None
        try:
            if m.group("ymd"):
                date = dt.date(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
            elif m.group("ym"):
                year = int(m.group("y2")) if m.group("y2") else default_year
                if year is None:
                    date = None
                else:
                    date = _month_end(year, int(m.group("m2")))
            elif m.group("y"):
                date = dt.date(int(m.group("y3")), 12, 31)
            elif m.group("half"):
                date = dt.date(int(m.group("y4")), 6, 30) if m.group("h") == "上" else dt.date(int(m.group("y4")), 12, 31)
            elif m.group("q"):
                month, day = _QUARTER_END[_cn_int(m.group("qn"))]
                date = dt.date(int(m.group("y5")), month, day)
        except ValueError:
            date = None  # 2月30日 and the like: keep the text, no date
        if raw in seen:
            continue
        seen.add(raw)
        out.append(Deadline(text=raw, date=date.isoformat() if date else None))
    return out


def split_items(text: str) -> list[str]:
    """一是…；二是…。 → the parts, ordinal and closing ；/。 removed; [] unless it starts with 一是."""
    marks = list(ITEM_RE.finditer(text))
    if len(marks) < 2 or _cn_int(marks[0].group(1)) != 1 or marks[0].start() > 0 and text[:marks[0].start()].strip():
        return []
    # keep the ordinals in sequence (一是, 二是, …): a stray 是 after 。 elsewhere is text
    seq, want = [], 1
    for m in marks:
        if _cn_int(m.group(1)) == want:
            seq.append(m)
            want += 1
    items = []
    for i, m in enumerate(seq):
        end = seq[i + 1].start() if i + 1 < len(seq) else len(text)
        items.append(text[m.end():end].strip().rstrip("；;。").strip())
    return [i for i in items if i]


def _clean(line: str) -> str:
    return line.replace("\u3000", " ").strip()


def _strip_end(s: str) -> str:
    return s.strip().rstrip("。.；;").strip()


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if TOP_RE.match(line):
            out.append((line, []))
        else:
            out[-1][1].append(line)
    return out


class _Task:
    def __init__(self, number: int, title: str, group: str, rest: str):
        self.number, self.title, self.group = number, title, group
        self.body: list[str] = [rest] if rest else []
        self.unit = ""
        self.due_lines: list[str] = []


def _split_heading(text: str) -> tuple[str, str]:
    """Title = up to the first 。 (without it); the rest of the line starts the body."""
    i = text.find("。")
    if i == -1:
        return _strip_end(text), ""
    return text[:i].strip(), text[i + 1:].strip()


def _tasks_in(body: list[str], default_group: str) -> list[_Task]:
    tasks: list[_Task] = []
    group = default_group
    for line in body:
        g = GROUP_RE.match(line)
        if g and not TASK_RE.match(line):
            group = _strip_end(line)
            continue
        t = TASK_RE.match(line)
        if t:
            title, rest = _split_heading(t.group(3))
            unit = UNIT_RE.search(title) if not rest else None
            if unit:  # 2、做好政策解读（县政府办牵头）: the unit note closes the heading line
                title, rest = _strip_end(title[:unit.start()]), unit.group(0)
            tasks.append(_Task(int(t.group(1) or t.group(2)), title, group, rest))
            continue
        if not tasks:
            continue
        u = UNIT_LINE_RE.match(line)
        d = DUE_LINE_RE.match(line)
        if u:
            tasks[-1].unit = _strip_end(u.group(1))
        elif d:
            tasks[-1].due_lines.append(_strip_end(d.group(1)))
        else:
            tasks[-1].body.append(line)
    return tasks


def _finish(t: _Task, year: int | None) -> PlanTask:
    text = "".join(t.body).strip()
    unit = t.unit
    m = UNIT_RE.search(text)
    if m:
        text = text[:m.start()].rstrip()
        note = m.group(1).strip()
        unit = unit or note
    if not unit:
        raise PlanParseError(f"task {t.number} ({t.title}): no 责任单位 found (（…负责落实） or 责任单位：…)")
    deadlines = parse_deadlines(text + "".join(f"（{u}）" for u in [unit]) + "".join(t.due_lines), year)
    for line in t.due_lines:
        if not any(d.text in line for d in deadlines):
            deadlines.append(Deadline(text=line))
    return PlanTask(number=t.number, title=t.title, group=t.group, text=text, items=split_items(text),
                    responsible=unit, lead="牵头" in unit, deadlines=deadlines)


def parse_plan_text(text: str, source: str = "") -> Plan:
    lines = [_clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise PlanParseError("the document is empty")
    title = lines[0]
    ym = re.match(r"^(\d{4})年", title)
    year = int(ym.group(1)) if ym else None
    issued = re.match(r"^\d{4}年(?:度)?(.+?)(?:政务公开|政府信息公开)", title)

    sections = _sections(lines[1:])
    with_tasks = [(head, body) for head, body in sections if any(TASK_RE.match(b) for b in body)]
    if not with_tasks:
        raise PlanParseError("no numbered tasks (1、… or （1）…) found")
    raw: list[_Task] = []
    has_groups = any(GROUP_RE.match(b) and not TASK_RE.match(b) for _, body in with_tasks[:1] for b in body)
    if has_groups:
        head, body = with_tasks[0]  # the task section: the first one that holds numbered tasks
        raw = _tasks_in(body, _strip_end(head))
    else:  # no （一） groups: every top-level section holding tasks is a group
        for head, body in with_tasks:
            raw += _tasks_in(body, _strip_end(head))
    tasks = [_finish(t, year) for t in raw]
    try:
        return Plan(title=title, source=source, issued_by=issued.group(1) if issued else "", tasks=tasks)
    except ValueError as exc:
        raise PlanParseError(str(exc)) from None


def parse_plan_file(path: str | Path) -> Plan:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise PlanParseError(f"{p}: cannot read: {exc}") from None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise PlanParseError(f"{p}: neither UTF-8 nor GB18030 text")
    try:
        return parse_plan_text(text, source=p.name)
    except PlanParseError as exc:
        raise PlanParseError(f"{p}: {exc}") from None


def plan_to_yaml(plan: Plan) -> str:
    import yaml

    data = plan.model_dump(mode="json")
    head = f"# {plan.title} — parsed by `zwgk plan parse` from {plan.source or 'a plan document'}.\n"
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


__all__ = ["parse_plan_text", "parse_plan_file", "parse_deadlines", "split_items", "plan_to_yaml", "PlanParseError"]
