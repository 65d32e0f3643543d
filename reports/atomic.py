"""Atomic file writes: a temp file in the target's folder, then os.replace; a set of files
swapped in together (swap_in)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Union

#: What swap_in takes per file: its bytes, or a function that renders them when their turn comes.
Payload = Union[bytes, Callable[[], bytes]]


def write_atomic(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> Path:
    """Write `data` to `path` so that readers see the old file, or the whole new one.

    The temp file lives in the same folder (os.replace is atomic only within one file
    system) and is removed if anything fails before the rename.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def swap_in(folder: str | Path, files: dict[str, Payload]) -> list[Path]:
    """Put `files` (name → bytes, or a function returning them) into `folder` together, or
    not at all.

    They are written and fsynced into a temp folder inside `folder` first (a full disk fails
    here, before anything is replaced), then renamed over the old files one by one. The old
    files are hard-linked aside beforehand, so a rename that fails puts every file already
    swapped back: readers see the old set or the new one, never a mix. A function is called
    when its file is staged and its bytes are dropped once written, so only one file of the
    set is in memory at a time; whatever it raises leaves `folder` untouched."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".zwgk-new-", dir=folder))
    try:
        for name, payload in files.items():
            if callable(payload):
                payload = payload()
            with open(staging / name, "wb") as fh:
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            del payload
            os.chmod(staging / name, 0o644)
        backups: dict[str, Path] = {}
        for name in files:
            target = folder / name
            if target.exists():
                backup = staging / f".old.{name}"
                try:
                    os.link(target, backup)
                except OSError:  # a file system without hard links: a copy does
                    shutil.copy2(target, backup)
                backups[name] = backup
        done: list[str] = []
        try:
            for name in files:
                os.replace(staging / name, folder / name)
                done.append(name)
        except BaseException:
            for name in done:
                if name in backups:
                    os.replace(backups[name], folder / name)
                else:
                    (folder / name).unlink(missing_ok=True)
            raise
        try:
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass
        return [folder / name for name in files]
    finally:
        shutil.rmtree(staging, ignore_errors=True)
