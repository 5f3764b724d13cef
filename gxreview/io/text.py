"""Plain-text and Markdown reports: crawl header → metadata, page chrome dropped, grids from pipe tables."""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import Grid, GridCell
from ..regex_facts import required_literals

# The crawler writes "key: value" lines, then a separator line containing 正文.
_HEADER_LINE = re.compile(r"^\s*([^\s:：]{1,12})\s*[:：]\s?(.*)$")
_SEPARATOR = re.compile(r"^\s*=+\s*正文\s*=+\s*$")

# Page chrome, declared as data: (name, pattern). Leading chrome is removed at the start of the
# body, trailing chrome at the end; both keep offsets contiguous.
LEADING_CHROME: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("breadcrumb", re.compile(r"^\s*当?前位置[:：].*?相关链接[:：]\s*(?:-->\s*)?", re.S)),
    ("breadcrumb-short", re.compile(r"^\s*当?前位置[:：][^\n]*\n")),
)
TRAILING_CHROME: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("attachment-trailer", re.compile(r"\s*(?:附件下载|打印本页|关闭窗口|【打印】|【关闭】)\s*$")),
    ("share-trailer", re.compile(r"\s*(?:分享到[:：]?[^\n]{0,40})\s*$")),
)


def split_crawl_header(raw: str) -> tuple[dict[str, str], int]:
    """Return (metadata, body_start). Without a ``正文`` separator there is no header."""
    lines = raw[:8192].splitlines(keepends=True)
    if len(lines) <= 40:  # the first 40 lines are complete only when a 41st starts in the prefix
        lines = raw.splitlines(keepends=True)
    meta: dict[str, str] = {}
    pos = 0
    for i, line in enumerate(lines[:40]):
        if _SEPARATOR.match(line):
            return meta, pos + len(line)
        m = _HEADER_LINE.match(line)
        if m:
            meta[m.group(1)] = m.group(2).strip()
        elif line.strip() and i > 0 and not meta:
            break
        pos += len(line)
    return {}, 0


@lru_cache(maxsize=64)
def _required_literals(pat: re.Pattern[str]) -> tuple[str, ...] | None:
    return required_literals(pat)


def strip_chrome(body: str) -> tuple[int, int, list[str]]:
    """Return (start, end, dropped) bounds of the body without leading/trailing page chrome."""
    start, end = 0, len(body)
    dropped: list[str] = []
    for name, pat in LEADING_CHROME:
        m = pat.match(body, start)
        if m and m.end() - start < 600:
            dropped.append(name)
            start = m.end()
            break
    for name, pat in TRAILING_CHROME:
        words = _required_literals(pat)
        if words is not None and all(body.find(w, start, end) < 0 for w in words):
            continue  # none of the words a match must contain (perf only: skips a whole-body search)
        m = pat.search(body, start, end)
        if m:
            dropped.append(name)
            end = m.start()
    return start, end, dropped


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_PIPE_SEP = re.compile(r"^[ \t]*\|(?:[ \t]*:?-{2,}:?[ \t]*\|)+[ \t]*$")


def markdown_grids(text: str) -> tuple[Grid, ...]:
    """Pipe tables in Markdown/OCR text as grids (separator rows skipped; offsets per cell)."""
    grids: list[Grid] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        cells: list[GridCell] = []
        r = 0
        n_cols = 0
        for line_start, line in block:
            if _PIPE_SEP.match(line):
                continue
            inner_start = line_start + line.index("|") + 1
            inner = line[line.index("|") + 1 : line.rindex("|")]
            c = 0
            pos = inner_start
            for part in inner.split("|"):
                stripped = part.strip()
                lead = len(part) - len(part.lstrip())
                s = pos + lead
                cells.append(GridCell(r, c, stripped, s, s + len(stripped)))
                pos += len(part) + 1
                c += 1
            n_cols = max(n_cols, c)
            r += 1
        if r:
            grids.append(Grid(tuple(cells), r, n_cols, block[0][0], block[-1][0] + len(block[-1][1]), "markdown"))
        block.clear()

    last_end = -2
    for m in _PIPE_ROW.finditer(text):
        if block and m.start() > last_end + 1:
            flush()
        block.append((m.start(), m.group(0)))
        last_end = m.end()
    flush()
    return tuple(grids)
