"""Loading a crawl run folder, with errors that name the file and line of a bad record.

    site = load_run(Path("zwgk-out/crawl"))   # raises RunFolderError with a one-line message
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from .artifacts import (
    AccountArtifact, ColumnArtifact, CrawlInfo, LinkCheck, PageArtifact, RunFiles, SiteArtifacts, load_site,
)


class RunFolderError(ValueError):
    """A run folder that is missing or cannot be read; the message says where."""


def load_run(run_dir: Path) -> SiteArtifacts:
    """load_site, with a message naming the file and line when a record is bad."""
    if not run_dir.is_dir():
        raise RunFolderError(f"抓取结果目录不存在 / run folder not found: {run_dir}")
    if not (run_dir / RunFiles.CRAWL).is_file():
        raise RunFolderError(f"{run_dir} 不是抓取结果目录 / not a crawl run folder: {RunFiles.CRAWL} is missing")
    try:
        return load_site(run_dir)
    except (ValidationError, ValueError, OSError) as exc:
        where = ""
        try:
            CrawlInfo.model_validate_json((run_dir / RunFiles.CRAWL).read_text("utf-8"))
        except (ValidationError, ValueError) as inner:
            where = f"{RunFiles.CRAWL}: {_first_error(inner)}"
        if not where:
            for name, model in ((RunFiles.PAGES, PageArtifact), (RunFiles.LINKS, LinkCheck),
                                (RunFiles.COLUMNS, ColumnArtifact), (RunFiles.ACCOUNTS, AccountArtifact)):
                where = _find_bad_line(run_dir / name, model)
                if where:
                    break
        raise RunFolderError(f"抓取结果无法读取 / cannot read run folder {run_dir}: {where or exc}") from None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        e = errors()[0]
        loc = ".".join(str(p) for p in e.get("loc", ())) or "(record)"
        return f"{loc}: {e.get('msg')}"
    return str(exc)


def _find_bad_line(path: Path, model) -> str:
    if not path.exists():
        return ""
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        model.model_validate_json(line)
                    except Exception as exc:  # noqa: BLE001
                        return f"{path.name} line {n}: {_first_error(exc)}"
    except UnicodeDecodeError as exc:
        return f"{path.name}: not UTF-8 ({exc})"
    return ""
