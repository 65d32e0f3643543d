"""Table arithmetic of a parsed 年度报告 (the template's own totals): what DOC003 and
DOC004 compare. Each check returns the equations that do not hold."""

from __future__ import annotations

from . import _report as R

COLS = R.APPLICANT_COLUMNS


def _all_result_keys(rep: R.AnnualReport) -> list[str]:
    rows = rep.requests
    keys = ["open", "partial"]
    for group in ("withheld", "unable", "refused"):
        keys += [f"{group}.{item}" for item, _ in R._ITEMS[group]]
    if any(k.startswith("other.") for k in rows) or ("other" not in rows and rep.layout == "30号"):
        keys += [f"other.{item}" for item, _ in R._ITEMS["other"]]
    else:
        keys.append("other")
    return keys


def result_keys(rep: R.AnnualReport) -> list[str] | None:
    """The result rows 总计 adds up, or None when one of them could not be read. 其他处理 is
    three rows in the 30号 format and one in the 60号 format."""
    keys = _all_result_keys(rep)
    return None if any(k not in rep.requests for k in keys) else keys


def missing_result_rows(rep: R.AnnualReport) -> list[str]:
    """The result rows that could not be read (a label the PDF dropped or garbled): only the
    equations that need them go unchecked."""
    return [R.ITEM_LABELS.get(k, k) for k in _all_result_keys(rep) if k not in rep.requests]


def requests_failures(rep: R.AnnualReport) -> tuple[list[dict], list[str]]:
    """(failed equations, rows that could not be read) for table 三 (A1, A2, A3)."""
    rows = rep.requests
    fails: list[dict] = []
    unread: list[str] = []
    # A3: each row's 总计 column is the sum of the six applicant columns.
    for key, vals in rows.items():
        if len(vals) == 7 and None not in vals and sum(vals[:6]) != vals[6]:
            fails.append({"check": "行合计", "row": R.ITEM_LABELS.get(key, key), "total": vals[6],
                          "sum": sum(vals[:6])})
    # Cells the PDF garbled: only the equations through them go unchecked.
    for key, vals in rows.items():
        unread += [f"{R.ITEM_LABELS.get(key, key)}（{COLS[c]}列）" for c, v in enumerate(vals) if v is None]
    # A1: 本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理, per column.
    need = ("new", "carried_in", "total", "carried_out")
    if all(k in rows for k in need):
        for c, col in enumerate(COLS):
            cells = [rows[k][c] for k in need]
            if None in cells:
                continue
            left = cells[0] + cells[1]
            right = cells[2] + cells[3]
            if left != right:
                fails.append({"check": "收结平衡", "column": col, "new_plus_carried_in": left,
                              "total_plus_carried_out": right})
    else:
        unread += [R.ITEM_LABELS[k] for k in need if k not in rows]
    # A2: 总计 = the sum of the result rows, per column.
    keys = result_keys(rep)
    if keys is not None and "total" in rows:
        for c, col in enumerate(COLS):
            cells = [rows[k][c] for k in keys]
            if None in cells or rows["total"][c] is None:
                continue
            s = sum(cells)
            if s != rows["total"][c]:
                fails.append({"check": "办理结果合计", "column": col, "total": rows["total"][c], "sum": s})
    elif rows:
        unread += missing_result_rows(rep) or ["办理结果总计"]
    return fails, unread


def review_failures(rep: R.AnnualReport) -> list[dict]:
    """Table 四 (A4): 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计, for each block."""
    fails = []
    for block, vals in rep.review.items():
        if len(vals) == 5 and sum(vals[:4]) != vals[4]:
            fails.append({"check": "复议诉讼合计", "block": block, "total": vals[4], "sum": sum(vals[:4])})
    return fails


def active_failures(rep: R.AnnualReport) -> list[dict]:
    """Table 二 (60号 only, A7): 对外公开总数量 ≥ 本年新公开数量."""
    fails = []
    for row, cols in rep.active.items():
        new, total = cols.get("本年新公开数量"), cols.get("对外公开总数量")
        if isinstance(new, (int, float)) and isinstance(total, (int, float)) and total < new:
            fails.append({"check": "对外公开总数", "row": row, "total": total, "new": new})
    return fails


def describe(f: dict) -> str:
    c = f["check"]
    if c == "行合计":
        return f"“{f['row']}”行总计{f['total']}，各类申请人合计{f['sum']}"
    if c == "收结平衡":
        return f"“{f['column']}”列本年新收加上年结转为{f['new_plus_carried_in']}，办理结果总计加结转下年度为{f['total_plus_carried_out']}"
    if c == "办理结果合计":
        return f"“{f['column']}”列办理结果总计{f['total']}，各项办理结果合计{f['sum']}"
    if c == "复议诉讼合计":
        return f"“{f['block']}”总计{f['total']}，各项结果合计{f['sum']}"
    if c == "对外公开总数":
        return f"“{f['row']}”对外公开总数量{f['total']}小于本年新公开数量{f['new']}"
    return str(f)
