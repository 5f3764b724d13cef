"""The batch journal: an append-only file in OUTDIR/.gxbatch/ holding every finished piece of work
under its resume key. Only the parent process writes it, one whole record per ``write`` call, so a
run killed at any moment leaves at most a partial last record, which the next ``--resume`` drops
(length and CRC-32 checked).

A record is a header line and a payload::

    <kind> TAB <key> TAB <payload length> TAB <crc32 hex> LF <payload>

``m`` records hold a scan result (JSON); ``r`` records hold the derived rows (JSON) and the result's
JSON line, each compressed (zstd through pyarrow, else zlib; a tag byte says which), the first
prefixed by its length (so the rows can be read alone).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

import orjson

from ..findings import dumps_bytes

VERSION = b"gxbatch-journal 4\n"  # 4: result lines are compact JSON (orjson), payloads tagged zstd/zlib
MAX_HEADER = 512


class Journal:
    def __init__(self, folder: Path, *, resume: bool) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "journal.bin"
        self.meta: dict[str, dict[str, Any]] = {}
        self.results: dict[str, tuple[int, int]] = {}  # key -> (payload offset, payload length)
        if resume and self.path.exists():
            self._load()
        else:
            with open(self.path, "wb") as fh:
                fh.write(VERSION)
        self.fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        self.size = os.fstat(self.fd).st_size

    def _load(self) -> None:
        with open(self.path, "rb") as fh:
            if fh.readline() != VERSION:  # another format: start again
                good = -1
            else:
                good = fh.tell()
                while True:
                    header = fh.readline(MAX_HEADER)
                    if not header.endswith(b"\n"):
                        break  # end of file, or a header cut by a kill
                    try:
                        kind, key, n, crc = header[:-1].split(b"\t")
                        n_ = int(n)
                    except ValueError:
                        break
                    start = fh.tell()
                    payload = fh.read(n_)
                    if len(payload) != n_ or f"{zlib.crc32(payload):08x}".encode() != crc:
                        break  # a payload cut by a kill
                    k = key.decode()
                    if kind == b"m":
                        self.meta[k] = orjson.loads(payload)
                    elif kind == b"r":
                        self.results[k] = (start, n_)
                    else:
                        break
                    good = fh.tell()
        if good < 0:
            with open(self.path, "wb") as out:
                out.write(VERSION)
        else:
            with open(self.path, "r+b") as fh:
                fh.truncate(good)

    def _append(self, kind: bytes, key: str, payload: bytes) -> int:
        header = b"%s\t%s\t%d\t%08x\n" % (kind, key.encode(), len(payload), zlib.crc32(payload))
        data = header + payload
        start = self.size + len(header)
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]
        self.size += len(data)
        return start

    def add_meta(self, key: str, payload: dict[str, Any]) -> None:
        self._append(b"m", key, dumps_bytes(payload))
        self.meta[key] = payload

    def add_result(self, key: str, derived: dict[str, Any], line: bytes) -> None:
        self.add_blob(key, result_blob(derived, line))

    def add_blob(self, key: str, blob: bytes) -> None:
        """Store a result packed by :func:`result_blob` (workers pack, the parent only writes)."""
        start = self._append(b"r", key, blob)
        self.results[key] = (start, len(blob))

    def get_raw(self, key: str) -> tuple[dict[str, Any], bytes]:
        """(derived, result JSON line as UTF-8 bytes) of a stored result."""
        off, n = self.results[key]
        return split_blob(os.pread(self.fd, n, off))

    def close(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError:
            pass
        os.close(self.fd)


def result_blob(derived: dict[str, Any], line: bytes) -> bytes:
    """A result record's payload: 4-byte length of pack(derived JSON), it, pack(result JSON line, UTF-8)."""
    zd = _pack(dumps_bytes(derived))
    return len(zd).to_bytes(4, "big") + zd + _pack(line)


def split_blob(blob: bytes) -> tuple[dict[str, Any], bytes]:
    """(derived, result JSON line as UTF-8 bytes) of a payload made by :func:`result_blob`."""
    k = int.from_bytes(blob[:4], "big")
    return orjson.loads(_unpack(blob[4:4 + k])), _unpack(blob[4 + k:])


def _zstd():
    try:
        import pyarrow

        return pyarrow if pyarrow.Codec.is_available("zstd") else None
    except ImportError:  # batch's parquet outputs need pyarrow anyway; zlib keeps the journal usable
        return None


_PA = _zstd()


def _pack(raw: bytes) -> bytes:
    """Compressed bytes with a one-byte codec tag: ``s`` + 8-byte size + zstd (via pyarrow; ~3x faster
    than zlib level 1 on a result line and smaller), or ``z`` + zlib level 1 without pyarrow."""
    if _PA is not None:
        return b"s" + len(raw).to_bytes(8, "big") + _PA.compress(raw, codec="zstd", asbytes=True)
    return b"z" + zlib.compress(raw, 1)


def _unpack(packed: bytes) -> bytes:
    if packed[:1] == b"s":
        if _PA is None:
            raise RuntimeError("this batch journal was written with zstd (pyarrow), which is not installed")
        n = int.from_bytes(packed[1:9], "big")
        return _PA.decompress(packed[9:], decompressed_size=n, codec="zstd", asbytes=True)
    return zlib.decompress(packed[1:])


def count_records(path: Path) -> dict[str, int]:
    """Complete records per kind in a journal (read-only; safe while a batch is writing it)."""
    counts = {"m": 0, "r": 0}
    try:
        fh = open(path, "rb")
    except OSError:
        return counts
    with fh:
        if fh.readline() != VERSION:
            return counts
        while True:
            header = fh.readline(MAX_HEADER)
            if not header.endswith(b"\n"):
                return counts
            try:
                kind, _key, n, _crc = header[:-1].split(b"\t")
                n_ = int(n)
            except ValueError:
                return counts
            if len(fh.read(n_)) != n_:
                return counts
            counts[kind.decode()] = counts.get(kind.decode(), 0) + 1
