"""Measure how many 年度报告 table fields are read correctly from real PDFs, two ways.

    .venv/bin/python scripts/measure_report_pdfs.py DIR

DIR holds real report PDFs (not committed: fetched for measurement only) and, beside each
NAME.pdf, NAME.truth.json with the numbers read by eye:
``{"active": {row: {column: value}}, "requests": {key: [7 values]}, "review": {block: [5]},
"layout": "30号"}``. For each PDF the report is parsed (rules.documents._report.parse_report)

* from the plain text layer alone (pypdf), as the rules read PDFs before pdfplumber, and
* from pdfplumber's tables (cells from the page geometry) with the text as the fallback, as
  crawler.documents.extract_document now hands them over,

and the fields equal to the truth are counted (a field read wrongly and a field not read
both count as not correct). Prints one line per PDF and method and the totals.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.documents import extract_document  # noqa: E402
from rules.documents import _report as R  # noqa: E402


def score(rep: R.AnnualReport, truth: dict) -> tuple[int, int, list[str]]:
    ok = total = 0
    wrong: list[str] = []
    for row, cols in truth.get("active", {}).items():
        for col, v in cols.items():
            total += 1
            got = rep.active.get(row, {}).get(col)
            if got is not None and float(got) == float(v):
                ok += 1
            else:
                wrong.append(f"表二 {row}/{col}: {got!r} ≠ {v}")
    for key, vals in truth.get("requests", {}).items():
        got = rep.requests.get(key) or [None] * 7
        for i, v in enumerate(vals):
            total += 1
            if i < len(got) and got[i] == v:
                ok += 1
            else:
                wrong.append(f"表三 {key}[{i}]: {got[i] if i < len(got) else None!r} ≠ {v}")
    for block, vals in truth.get("review", {}).items():
        got = rep.review.get(block) or [None] * 5
        for i, v in enumerate(vals):
            total += 1
            if got[i] == v:
                ok += 1
            else:
                wrong.append(f"表四 {block}[{i}]: {got[i]!r} ≠ {v}")
    if truth.get("layout"):
        total += 1
        if rep.layout == truth["layout"]:
            ok += 1
        else:
            wrong.append(f"template: {rep.layout!r} ≠ {truth['layout']}")
    return ok, total, wrong


def main(folder: str) -> int:
    sums = {"text": [0, 0], "tables": [0, 0]}
    for pdf in sorted(Path(folder).glob("*.pdf")):
        truth_file = pdf.with_suffix(".truth.json")
        if not truth_file.exists():
            continue
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        doc = extract_document(f"http://127.0.0.1/{pdf.name}", pdf.read_bytes())
        took = time.perf_counter() - t0
        title = f"{truth.get('org', '')}{truth.get('year', '')}年政府信息公开工作年度报告"
        for method, tables in (("text", []), ("tables", doc.tables)):
            rep = R.parse_report(url=doc.url, title=title, text=doc.text, tables=tables)
            ok, total, wrong = score(rep, truth)
            sums[method][0] += ok
            sums[method][1] += total
            print(f"{pdf.name} {method:6s} {ok}/{total} fields correct"
                  + (f" (extraction {took:.2f} s)" if method == "tables" else ""))
            for w in wrong[:8]:
                print("    ", w)
    for method, (ok, total) in sums.items():
        if total:
            print(f"TOTAL {method:6s} {ok}/{total} = {ok / total:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "/work/realpdf-docs"))
