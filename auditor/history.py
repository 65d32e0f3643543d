"""Run history in SQLite (stdlib sqlite3): runs, their findings, per-page metadata.

One database holds any number of sites; a site is keyed by `site_key` (the profile's site
name, else the crawled host). Every write of a run happens in one transaction. The schema
version is the database's `PRAGMA user_version`; a newer version than this code knows is
refused rather than guessed at.

`History.prior(site_key)` is what the diff needs from the past: the fail fingerprints of the
previous successful run, when each gap was first seen and since when it is open, and the
trend of the last runs.

Run status: `ok` (a complete crawl, audited), `partial` (audited, but the crawl did not
finish: stopped, or cut by a page / request budget or the time limit — its findings are kept
for the record, it is never a baseline and enters no trend), `failed` (no report). A gap of
the baseline that a complete run could not re-check (its page or link was not fetched again)
is carried into that run as a finding row with status `unchecked`, so that it stays open
instead of turning into a false 已整改 now and a false 复现 later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from contracts.artifacts import SiteArtifacts
from contracts.findings import Status
from contracts.report import AuditReport, TrendPoint

from .errors import ToolError

SCHEMA_VERSION = 2
DEFAULT_NAME = "zwgk-history.sqlite"
TREND_RUNS = 10

_SCHEMA_V1 = """
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    site_key      TEXT NOT NULL,
    site          TEXT NOT NULL,
    start_url     TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    generated_at  TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error         TEXT,
    fail_on       TEXT,
    gate_failed   INTEGER,
    pages         INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    waived        INTEGER NOT NULL DEFAULT 0,
    new           INTEGER NOT NULL DEFAULT 0,
    open          INTEGER NOT NULL DEFAULT 0,
    regressed     INTEGER NOT NULL DEFAULT 0,
    resolved      INTEGER NOT NULL DEFAULT 0,
    score         REAL,
    vetoes        INTEGER NOT NULL DEFAULT 0,
    rules         TEXT NOT NULL DEFAULT '[]',
    report_dir    TEXT
);
CREATE INDEX runs_site ON runs (site_key, as_of, id);
CREATE TABLE findings (
    run_id       INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL,
    rule         TEXT NOT NULL,
    task         INTEGER,
    status       TEXT NOT NULL,
    severity     TEXT NOT NULL,
    url          TEXT,
    target       TEXT,
    message      TEXT NOT NULL,
    evidence     TEXT NOT NULL,
    diff         TEXT,
    waived       INTEGER NOT NULL DEFAULT 0,
    first_seen   TEXT,
    PRIMARY KEY (run_id, fingerprint)
);
CREATE INDEX findings_fp ON findings (fingerprint);
CREATE TABLE pages (
    run_id        INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    final_url     TEXT,
    status        INTEGER,
    title         TEXT,
    publish_date  TEXT,
    content_hash  TEXT,
    PRIMARY KEY (run_id, url)
);
"""

# v2: runs.status may be 'partial' (SQLite cannot alter a CHECK: the table is rebuilt; the
# migration runs with foreign keys off so the findings and pages rows stay).
_SCHEMA_V2 = """
CREATE TABLE runs_v2 (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    site_key      TEXT NOT NULL,
    site          TEXT NOT NULL,
    start_url     TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    generated_at  TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
    error         TEXT,
    fail_on       TEXT,
    gate_failed   INTEGER,
    pages         INTEGER NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    waived        INTEGER NOT NULL DEFAULT 0,
    new           INTEGER NOT NULL DEFAULT 0,
    open          INTEGER NOT NULL DEFAULT 0,
    regressed     INTEGER NOT NULL DEFAULT 0,
    resolved      INTEGER NOT NULL DEFAULT 0,
    score         REAL,
    vetoes        INTEGER NOT NULL DEFAULT 0,
    rules         TEXT NOT NULL DEFAULT '[]',
    report_dir    TEXT
);
INSERT INTO runs_v2 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_site ON runs (site_key, as_of, id);
"""

# version reached → statements that take a database from the version before to it
MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2}


class HistoryError(ToolError):
    """The history database cannot be opened, read or written."""


@dataclass
class PriorFail:
    fingerprint: str
    rule: str
    task: int | None
    severity: str
    url: str | None
    target: str | None
    message: str


@dataclass
class Prior:
    """What is known before this run: the comparison point of the diff."""

    kind: str = "none"  # history | file | none
    label: str = ""
    as_of: dt.date | None = None
    previous: dict[str, PriorFail] = field(default_factory=dict)  # fails of the baseline run
    first_seen: dict[str, dt.date] = field(default_factory=dict)  # every fingerprint ever failing
    last_seen: dict[str, dt.date] = field(default_factory=dict)
    open_since: dict[str, dt.date] = field(default_factory=dict)  # for fingerprints in `previous`
    trend: list[TrendPoint] = field(default_factory=list)
    site_netloc: str = ""  # the baseline run's start netloc: its in-site URLs reduce against it


def default_history_path(out: str | Path) -> Path:
    """`<out>/../zwgk-history.sqlite`: beside the report folders, shared by the runs."""
    return Path(out).resolve().parent / DEFAULT_NAME


def content_hash(text: str) -> str | None:
    return hashlib.sha1(text.encode("utf-8")).hexdigest() if text else None


class History:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30)
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise HistoryError(f"历史数据库无法打开 / cannot open history {self.path}: {exc}") from None
        except OSError as exc:
            raise HistoryError(f"历史数据库无法创建 / cannot create history {self.path}: {exc}") from None

    # -- lifecycle

    def __enter__(self) -> "History":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(f"{self.path}: schema version {version} is newer than this zwgk knows "
                               f"({SCHEMA_VERSION}); upgrade zwgk or use another --history file")
        if version == 0 and self.db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
            raise HistoryError(f"{self.path}: not a zwgk history database (tables without a schema version)")
        if version < SCHEMA_VERSION:
            self.db.execute("PRAGMA foreign_keys = OFF")  # rebuilding `runs` must not cascade
            try:
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    with self.db:
                        self.db.executescript(
                            "BEGIN;\n" + MIGRATIONS[target] + f"\nPRAGMA user_version = {target};\nCOMMIT;")
            finally:
                self.db.execute("PRAGMA foreign_keys = ON")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    # -- reading

    def _ok_runs(self, keys: list[str]) -> list[sqlite3.Row]:
        self.db.row_factory = sqlite3.Row
        marks = ", ".join("?" * len(keys))
        try:
            return self.db.execute(
                f"SELECT * FROM runs WHERE site_key IN ({marks}) AND status = 'ok' ORDER BY as_of, id",
                keys).fetchall()
        finally:
            self.db.row_factory = None

    def prior(self, site_key: str, trend_runs: int = TREND_RUNS, *, aliases: Iterable[str] = ()) -> Prior:
        """The previous complete run of `site_key` and every gap's past.

        `aliases`: other keys the same site was recorded under (its scope, when the key is now
        its 网站标识码 …). Partial and failed runs are skipped: never a baseline, no trend point.
        """
        keys = [site_key, *[a for a in aliases if a and a != site_key]]
        marks = ", ".join("?" * len(keys))
        try:
            runs = self._ok_runs(keys)
            if not runs:
                return Prior()
            fails: dict[str, set[int]] = {}
            rows = self.db.execute(
                "SELECT f.fingerprint, f.run_id, f.rule, f.task, f.severity, f.url, f.target, f.message, f.status "
                "FROM findings f JOIN runs r ON r.id = f.run_id "
                f"WHERE r.site_key IN ({marks}) AND r.status = 'ok' AND f.status IN ('fail', 'unchecked')",
                keys).fetchall()
        except sqlite3.Error as exc:
            raise HistoryError(f"历史数据库读取失败 / cannot read history {self.path}: {exc}") from None
        last = runs[-1]
        as_of = {r["id"]: dt.date.fromisoformat(r["as_of"]) for r in runs}
        order = [r["id"] for r in runs]
        prior = Prior(kind="history", label=f"第{last['id']}次检查（{last['as_of']}）",
                      as_of=as_of[last["id"]], site_netloc=urlsplit(last["start_url"]).netloc)
        for fp, run_id, rule, task, severity, url, target, message, status in rows:
            fails.setdefault(fp, set()).add(run_id)  # open chain: failing, or carried unchecked
            day = as_of[run_id]
            if status == "fail":
                if fp not in prior.first_seen or day < prior.first_seen[fp]:
                    prior.first_seen[fp] = day
                if fp not in prior.last_seen or day > prior.last_seen[fp]:
                    prior.last_seen[fp] = day
            if run_id == last["id"]:
                prior.previous[fp] = PriorFail(fp, rule, task, severity, url, target, message)
        for fp in prior.previous:
            start = last["id"]
            for run_id in reversed(order):
                if run_id not in fails[fp]:
                    break
                start = run_id
            prior.open_since[fp] = as_of[start]
        prior.trend = [TrendPoint(run_id=r["id"], as_of=as_of[r["id"]], failures=r["failures"], new=r["new"] + r["regressed"],
                                  resolved=r["resolved"], score=r["score"]) for r in runs[-trend_runs:]]
        return prior

    def runs(self, site: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Recorded runs, newest first; `site` matches the site key, the host or the start URL."""
        from urllib.parse import urlsplit

        sql, params = "SELECT * FROM runs", []
        if site:
            host = urlsplit(site).netloc if "://" in site else site
            sql += " WHERE site_key = ? OR site = ? OR start_url = ? OR site = ?"
            params = [site, site, site, host]
        sql += " ORDER BY as_of DESC, id DESC LIMIT ?"
        params.append(limit)
        self.db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in self.db.execute(sql, params).fetchall()]
        except sqlite3.Error as exc:
            raise HistoryError(f"历史数据库读取失败 / cannot read history {self.path}: {exc}") from None
        finally:
            self.db.row_factory = None

    def findings(self, run_id: int) -> list[dict[str, Any]]:
        self.db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in self.db.execute(
                "SELECT * FROM findings WHERE run_id = ? ORDER BY task, rule, url", (run_id,)).fetchall()]
        finally:
            self.db.row_factory = None

    def pages(self, run_id: int) -> list[dict[str, Any]]:
        self.db.row_factory = sqlite3.Row
        try:
            return [dict(r) for r in self.db.execute(
                "SELECT * FROM pages WHERE run_id = ? ORDER BY url", (run_id,)).fetchall()]
        finally:
            self.db.row_factory = None

    # -- writing

    def record(self, report: AuditReport, site: SiteArtifacts | None = None,
               report_dir: str | Path | None = None, *, site_key: str | None = None) -> int:
        """Store one audited run (its non-pass findings, the baseline gaps it carried unchecked,
        and page metadata) in one transaction; status `partial` when the report says the crawl
        did not finish. `site_key` defaults to the report's site name, else its site."""
        s = report.summary
        status = "partial" if s.partial else "ok"
        key = site_key or report.site_name or report.site
        fails = [f for f in report.findings if f.status is Status.fail]
        now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
        try:
            with self.db:
                cur = self.db.execute(
                    "INSERT INTO runs (site_key, site, start_url, as_of, generated_at, recorded_at, status, error,"
                    " fail_on, gate_failed, pages, failures, waived, new, open, regressed, resolved, score, vetoes,"
                    " rules, report_dir) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (key, report.site, report.start_url, report.as_of.isoformat(),
                     report.generated_at.isoformat(), now, status, "; ".join(s.partial_reasons) or None,
                     s.fail_on, int(s.gate_failed), s.pages_crawled,
                     len(fails), s.waived, report.diff.new, report.diff.open, report.diff.regressed,
                     report.diff.resolved, report.score.score if report.score else None,
                     len(report.score.vetoes) if report.score else 0,
                     json.dumps(sorted(s.by_rule)), str(report_dir) if report_dir else None))
                run_id = cur.lastrowid
                self.db.executemany(
                    "INSERT OR REPLACE INTO findings (run_id, fingerprint, rule, task, status, severity, url, target,"
                    " message, evidence, diff, waived, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(run_id, f.fingerprint or "", f.rule, f.task, f.status.value, f.severity.value, f.url, f.target,
                      f.message, json.dumps(f.evidence, ensure_ascii=False, default=str), f.diff, int(f.waived),
                      f.first_seen.isoformat() if f.first_seen else None) for f in report.findings])
                self.db.executemany(
                    "INSERT OR IGNORE INTO findings (run_id, fingerprint, rule, task, status, severity, url, target,"
                    " message, evidence, diff, waived, first_seen) VALUES (?, ?, ?, ?, 'unchecked', ?, ?, ?, ?, '{}',"
                    " 'unchecked', 0, ?)",
                    [(run_id, u.fingerprint, u.rule, u.task, u.severity.value, u.url, u.target, u.message,
                      u.first_seen.isoformat() if u.first_seen else None) for u in report.unchecked])
                if site is not None:
                    self.db.executemany(
                        "INSERT OR REPLACE INTO pages (run_id, url, final_url, status, title, publish_date,"
                        " content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(run_id, p.url, p.final_url, p.status, p.title,
                          p.publish_date.isoformat() if p.publish_date else None, content_hash(p.text))
                         for p in site.pages])
        except sqlite3.Error as exc:
            raise HistoryError(f"历史数据库写入失败 / cannot write history {self.path}: {exc}") from None
        return int(run_id)

    def record_failure(self, site_key: str, start_url: str, as_of: dt.date, error: str) -> int:
        """A run that produced no report (crawl failed ...): kept for the log, never a baseline."""
        from urllib.parse import urlsplit

        now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
        try:
            with self.db:
                cur = self.db.execute(
                    "INSERT INTO runs (site_key, site, start_url, as_of, generated_at, recorded_at, status, error)"
                    " VALUES (?, ?, ?, ?, ?, ?, 'failed', ?)",
                    (site_key, urlsplit(start_url).netloc, start_url, as_of.isoformat(), now, now, error[:4000]))
        except sqlite3.Error as exc:
            raise HistoryError(f"历史数据库写入失败 / cannot write history {self.path}: {exc}") from None
        return int(cur.lastrowid)


def prior_from_file(path: str | Path) -> Prior:
    """A --baseline file: a report.json of an earlier run, or YAML/JSON `fingerprints: [...]`."""
    import yaml

    from .yamlsafe import load_yaml

    p = Path(path)
    try:
        raw = load_yaml(p.read_text(encoding="utf-8"))  # JSON is YAML
    except FileNotFoundError:
        raise ToolError(f"{p}: baseline file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
        raise ToolError(f"{p}: cannot read baseline: {exc}") from None
    prior = Prior(kind="file", label=p.name)
    if isinstance(raw, dict) and isinstance(raw.get("findings"), list):
        try:
            prior.as_of = dt.date.fromisoformat(str(raw.get("as_of")))
        except ValueError:
            prior.as_of = None
        for i, f in enumerate(raw["findings"]):
            if not isinstance(f, dict):
                raise ToolError(f"{p}: findings[{i}]: expected a finding object")
            if f.get("status", "fail") != "fail" or not f.get("fingerprint"):
                continue
            prior.previous[f["fingerprint"]] = PriorFail(
                f["fingerprint"], str(f.get("rule", "")), f.get("task"), str(f.get("severity", "error")),
                f.get("url"), f.get("target"), str(f.get("message", "")))
        summary = raw.get("summary") if isinstance(raw.get("summary"), dict) else {}
        if summary.get("partial"):
            raise ToolError(f"{p}: this report is from a crawl that did not finish (部分检查); a partial run is "
                            f"never a baseline: use the report of a complete run")
        for f in raw.get("unchecked") or []:  # gaps that run carried without re-checking: still open
            if isinstance(f, dict) and f.get("fingerprint") and f["fingerprint"] not in prior.previous:
                prior.previous[f["fingerprint"]] = PriorFail(
                    f["fingerprint"], str(f.get("rule", "")), f.get("task"), str(f.get("severity", "error")),
                    f.get("url"), f.get("target"), str(f.get("message", "")))
        prior.site_netloc = urlsplit(str(raw.get("start_url") or "")).netloc
    elif isinstance(raw, dict) and isinstance(raw.get("fingerprints"), list):
        for i, fp in enumerate(raw["fingerprints"]):
            if not isinstance(fp, str):
                raise ToolError(f"{p}: fingerprints[{i}]: expected a string")
            prior.previous[fp] = PriorFail(fp, "", None, "error", None, None, "")
    else:
        raise ToolError(f"{p}: a baseline is a report.json (with findings) or a mapping with 'fingerprints'")
    for fp in prior.previous:
        if prior.as_of:
            prior.first_seen[fp] = prior.open_since[fp] = prior.last_seen[fp] = prior.as_of
    return prior


def iter_runs_table(rows: Iterable[dict[str, Any]]) -> list[list[str]]:
    """Rows for `zwgk history`: one line per run."""
    out = []
    for r in rows:
        if r["status"] == "ok":
            gate = "未通过" if r["gate_failed"] else "通过"
        elif r["status"] == "partial":
            gate = "未通过" if r["gate_failed"] else "不作结论"
        else:
            gate = "—"
        state = {"ok": "成功 ok", "partial": "部分 partial"}.get(r["status"], "失败 failed")
        out.append([
            str(r["id"]), r["site_key"], r["as_of"], state,
            str(r["pages"]), str(r["failures"]), str(r["new"] + r["regressed"]), str(r["resolved"]),
            "—" if r["score"] is None else f"{r['score']:g}", str(r["vetoes"]), gate,
            (r["error"] or "").splitlines()[0][:60] if r["error"] else "",
        ])
    return out


RUNS_HEADERS = ["ID", "站点 site", "检查日期 as of", "状态 status", "页面 pages", "问题 fails", "新增 new",
                "整改 resolved", "得分 score", "否决 vetoes", "结论 gate", "错误 error"]

__all__ = ["History", "HistoryError", "Prior", "PriorFail", "SCHEMA_VERSION", "default_history_path",
           "prior_from_file", "iter_runs_table", "RUNS_HEADERS", "content_hash"]
