"""Find the inputs of a batch (contract §1 "batch INPUT"): a folder (recursive), a glob or a manifest CSV.

Every file met is either an input (one result line each) or listed in ``skipped.txt`` with why.
Walking is robust: symlink loops are detected by (device, inode), unreadable folders are listed,
the output folder is never read as input.
"""

from __future__ import annotations

import csv
import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
SKIP_PREFIXES: tuple[str, ...] = ("README", "SOURCES", "EXPECTED")  # documentation files of a corpus
MANIFEST_COLUMNS: tuple[str, ...] = ("path", "org", "year", "published")
GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Item:
    """One input of the batch: where it is, its ``source`` label and manifest overrides."""

    path: str  # filesystem path to read
    source: str  # path relative to INPUT (the result's ``source``)
    meta: tuple[tuple[str, str], ...] = ()  # manifest overrides (org, year, published), non-empty only


@dataclass
class Inputs:
    items: list[Item] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)


def discover(input_: str, *, exclude: str | os.PathLike[str] | None = None) -> Inputs:
    """The inputs named by INPUT, sorted by their path relative to INPUT; ``exclude`` = OUTDIR."""
    p = Path(input_)
    if p.is_file() and p.suffix.lower() == ".csv":
        out = _from_manifest(p)
    elif p.is_dir():
        out = _from_folder(p, exclude)
    elif any(ch in input_ for ch in GLOB_CHARS) and not p.exists():
        out = _from_glob(input_, exclude)
    elif p.is_file():
        out = Inputs()
        _classify(out, str(p), p.name)
    else:
        raise UsageError(input_, "INPUT is not a folder, a glob matching files or a manifest .csv")
    out.items.sort(key=lambda it: (it.source, it.path))
    out.skipped.sort()
    return out


def _classify(out: Inputs, path: str, rel: str) -> None:
    name = os.path.basename(rel)
    if name.upper().startswith(SKIP_PREFIXES):
        out.skipped.append((rel, "documentation file (README*, SOURCES*, EXPECTED*)"))
    elif os.path.splitext(name)[1].lower() in EXTENSIONS:
        out.items.append(Item(path, rel))
    else:
        out.skipped.append((rel, "not a report extension (" + " ".join(EXTENSIONS) + ")"))


def _rel(path: str, root: str) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _from_folder(root: Path, exclude) -> Inputs:
    out = Inputs()
    ex = _real(exclude) if exclude is not None else None
    seen: set[tuple[int, int]] = set()
    rootp = str(root)

    def walk(folder: str) -> None:
        try:
            st = os.stat(folder)
        except OSError as e:
            out.skipped.append((_rel(folder, rootp), f"unreadable folder ({e.strerror})"))
            return
        ident = (st.st_dev, st.st_ino)
        if ident in seen:
            out.skipped.append((_rel(folder, rootp), "symlink loop or folder already walked"))
            return
        seen.add(ident)
        if ex is not None and _real(folder) == ex:
            out.skipped.append((_rel(folder, rootp), "the output folder"))
            return
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            out.skipped.append((_rel(folder, rootp), f"unreadable folder ({e.strerror})"))
            return
        for e in entries:
            rel = _rel(e.path, rootp)
            try:
                is_dir = e.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                walk(e.path)
                continue
            try:
                regular = e.is_file(follow_symlinks=True)
            except OSError:
                regular = False
            if not regular and not (e.is_symlink() and not os.path.exists(e.path)):
                out.skipped.append((rel, "not a regular file (device, FIFO, socket)"))
                continue
            # a broken symlink with a report extension becomes an E001 error object
            _classify(out, e.path, rel)

    walk(rootp)
    return out


def _real(p) -> str:
    try:
        return os.path.realpath(p)
    except OSError:
        return str(p)


def _glob_base(pattern: str) -> str:
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if any(ch in part for ch in GLOB_CHARS):
            break
        base.append(part)
    return str(Path(*base)) if base else "."


def _from_glob(pattern: str, exclude) -> Inputs:
    out = Inputs()
    base = _glob_base(pattern)
    ex = _real(exclude) if exclude is not None else None
    for path in sorted(set(glob.glob(pattern, recursive=True))):
        rel = _rel(path, base)
        if os.path.isdir(path):
            continue
        if ex is not None and (_real(path) + os.sep).startswith(ex + os.sep):
            out.skipped.append((rel, "inside the output folder"))
            continue
        _classify(out, path, rel)
    return out


def _from_manifest(manifest: Path) -> Inputs:
    out = Inputs()
    base = manifest.parent
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(str(manifest), f"cannot read the manifest ({e})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return out
    header = [h.strip().lower() for h in rows[0]]
    if "path" in header:
        cols = header
        rows = rows[1:]
    else:
        cols = list(MANIFEST_COLUMNS)
    unknown = [c for c in cols if c and c not in MANIFEST_COLUMNS]
    if unknown:
        raise UsageError(str(manifest), f"unknown manifest column(s) {unknown}; expected {','.join(MANIFEST_COLUMNS)}")
    for row in rows:
        if not any(c.strip() for c in row):
            continue
        rec = {c: (row[i].strip() if i < len(row) else "") for i, c in enumerate(cols)}
        rel = rec.get("path", "")
        if not rel:
            continue
        path = rel if os.path.isabs(rel) else str(base / rel)
        meta = tuple((k, rec[k]) for k in ("org", "year", "published") if rec.get(k))
        out.items.append(Item(path, Path(rel).as_posix(), meta))
    return out
