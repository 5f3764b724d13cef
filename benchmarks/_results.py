"""Shared helper: each benchmark rewrites only its own block of benchmarks/RESULTS.md."""

from __future__ import annotations

import fcntl
import os
import platform
import re
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = "# Benchmark results\n\nEach block is written by the script named in it; re-run a script to refresh its block.\n"


def write_section(name: str, markdown: str) -> None:
    """Replace (or append) the block ``name`` in RESULTS.md, with a timestamp and machine line."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    block = f"<!-- bench:{name} -->\n## {name}\n\n_{stamp} · {machine}_\n\n{markdown.strip()}\n<!-- /bench:{name} -->\n"
    RESULTS.touch(exist_ok=True)
    with open(RESULTS, "r+", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        text = fh.read() or HEADER
        rx = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n?", re.S)
        text = rx.sub(lambda _m: block, text) if rx.search(text) else text.rstrip("\n") + "\n\n" + block
        fh.seek(0)
        fh.write(text)
        fh.truncate()
        fcntl.flock(fh, fcntl.LOCK_UN)


def publish(name: str, markdown: str, *, write: bool = True) -> None:
    """Print a benchmark's block and, unless ``write`` is False (``--no-write``), record it."""
    print(markdown)
    if write:
        write_section(name, markdown)
