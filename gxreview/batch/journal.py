"""The batch journal: an append-only file in OUTDIR/.gxbatch/ holding every finished piece of work
under its resume key. Only the parent process writes it, one whole record per ``write`` call, so a
run killed at any moment leaves at most a partial last line, which the next ``--resume`` drops.

Record lines (tab-separated; JSON never contains a raw tab or newline)::

    m <key> <scan payload JSON>
    r <key> <derived JSON> <result JSON line>
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

VERSION = b"gxbatch-journal 1\n"


class Journal:
    def __init__(self, folder: Path, *, resume: bool) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "journal.tsv"
        self.meta: dict[str, dict[str, Any]] = {}
        self.results: dict[str, tuple[int, int]] = {}  # key -> (offset, length) of the record line
        if resume and self.path.exists():
            self._load()
        else:
            with open(self.path, "wb") as fh:
                fh.write(VERSION)
        self.fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        self.size = os.fstat(self.fd).st_size

    def _load(self) -> None:
        good = 0
        with open(self.path, "rb") as fh:
            first = fh.readline()
            if first != VERSION:  # another format: start again
                fh.close()
                with open(self.path, "wb") as out:
                    out.write(VERSION)
                return
            good = len(first)
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # a record cut by a kill: dropped
                kind, _, rest = line.partition(b"\t")
                key, _, body = rest.partition(b"\t")
                try:
                    if kind == b"m":
                        self.meta[key.decode()] = json.loads(body)
                    elif kind == b"r":
                        derived, _, res = body.partition(b"\t")
                        json.loads(derived)
                        if not res.endswith(b"}\n"):
                            break
                        self.results[key.decode()] = (good, len(line))
                    else:
                        break
                except ValueError:
                    break
                good += len(line)
        with open(self.path, "r+b") as fh:
            fh.truncate(good)

    def _append(self, data: bytes) -> int:
        off = self.size
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
        self.size += len(data)
        return off

    def add_meta(self, key: str, payload: dict[str, Any]) -> None:
        self._append(b"m\t" + key.encode() + b"\t" + _dumps(payload) + b"\n")
        self.meta[key] = payload

    def add_result(self, key: str, derived: dict[str, Any], line: str) -> None:
        rec = b"r\t" + key.encode() + b"\t" + _dumps(derived) + b"\t" + line.encode("utf-8") + b"\n"
        off = self._append(rec)
        self.results[key] = (off, len(rec))

    def get(self, key: str) -> tuple[dict[str, Any], str]:
        """(derived, result JSON line without newline) of a stored result."""
        off, n = self.results[key]
        rec = os.pread(self.fd, n, off)
        _kind, _, rest = rec.partition(b"\t")
        _key, _, body = rest.partition(b"\t")
        derived, _, line = body.partition(b"\t")
        return json.loads(derived), line[:-1].decode("utf-8")

    def close(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError:
            pass
        os.close(self.fd)


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
