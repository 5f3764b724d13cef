"""Inside a section: subsections （一）/(一), enumerations 一是/二是, numbered items 1./（1）, paragraphs.

Everything carries offsets into the document text. Marker styles are declared as data
(:data:`MARKER_STYLES`); the numbering rule (GX-N101) reads the runs built here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

from ..document import Section
from ..regex_facts import DIGITS_OR_ASTRAL

_CN = "一二三四五六七八九十"

# style → regex of one marker; a marker counts only at a line start or after a clause end
MARKER_STYLES: dict[str, str] = {
    "paren": rf"[（(](?P<n>[{_CN}]{{1,3}})[）)]",  # （一） (一)
    "enum": rf"(?P<n>[{_CN}]{{1,3}})是(?![否非])",  # 一是 二是
    "arabic_paren": r"[（(](?P<n>\d{1,2})[）)]",  # （1）
    "arabic": r"(?P<n>\d{1,2})[.．、](?!\d)",  # 1. 1、
}
# a list of one style is closed by a marker of an enclosing style (一是 lists restart in each （1）;
# the official nesting is 一、 > （一） > 1. > （1）)
NESTED_IN: dict[str, tuple[str, ...]] = {
    "arabic_paren": ("paren", "arabic"),  # 一、 > （一） > 1. > （1）
    "arabic": ("paren",),
    "enum": ("paren", "arabic_paren", "arabic"),
}
# where a marker may stand: start of text/line, or after a clause end / whitespace; enumerations are
# inline ("主要问题：一是…，二是…"), so a comma may also precede them
BOUNDARY = frozenset("。；;：:！？ \t\n\r\u3000”）)")
BOUNDARY_ENUM = BOUNDARY | frozenset("，,")
_MARKERS = {style: re.compile(rx) for style, rx in MARKER_STYLES.items()}
# Every style's markers in one scan: the regex engine jumps between the characters a marker can
# start with and names the style matching there in a look-ahead (a bracket then a Chinese numeral,
# a bracket then a digit, a Chinese numeral, a digit: at most one style can match at a position).
_ANY_MARKER = re.compile(
    "[（(" + _CN + r"\d](?<=(?="
    + "|".join(f"(?P<{style}>{rx.replace('(?P<n>', f'(?P<n_{style}>')})" for style, rx in MARKER_STYLES.items())
    + r")[\s\S])"
)
# _ANY_MARKER where a marker counts: at the text start or after its boundary character (a Chinese
# numeral starts only 一是, whose boundary holds the comma too); the digits are a written-out class,
# a cheaper test than \d's. A marker elsewhere is never kept, and skipping it changes no marker that
# is: those it would hide start inside it, after a character that is no boundary (a marker holds a
# boundary character only as its last one).
_KEPT_MARKER = re.compile(
    f"[（({_CN}{DIGITS_OR_ASTRAL}](?<![^{re.escape(''.join(sorted(BOUNDARY_ENUM)))}][{_CN}])"
    f"(?<![^{re.escape(''.join(sorted(BOUNDARY)))}][^{_CN}])" + _ANY_MARKER.pattern[_ANY_MARKER.pattern.index("(?<=(?="):]
)
_SCANS: dict[tuple[str, int, int], dict[str, list[Marker]]] = {}  # (text, start, end) → markers by style
SCAN_MEMO_SIZE = 64
_TITLE_END = re.compile(r"[。！？；;：:\n]")
SUBHEADING_MAX = 40  # a subsection title longer than this is a sentence, not a title


@dataclass(frozen=True)
class Marker:
    """One list marker: its style, label as written (（一）, 二是, 3.), value and offsets."""

    style: str
    label: str
    value: int
    start: int
    end: int


@dataclass(frozen=True)
class Subsection:
    """A （一）-numbered part of a section: heading (marker + short title) and body, with offsets."""

    label: str
    value: int
    heading: str
    start: int
    body_start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Outline:
    """The inner structure of one section."""

    section: Section
    subsections: list[Subsection] = field(default_factory=list)
    runs: dict[str, list[list[Marker]]] = field(default_factory=dict)  # style → numbered runs
    paragraphs: list[Paragraph] = field(default_factory=list)


def cn_value(numeral: str) -> int:
    """Value of a small Chinese or Arabic numeral (一 → 1, 十二 → 12, 二十 → 20, "7" → 7)."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _CN.index(numeral[1]) + 1
    if len(numeral) >= 2 and numeral[1] == "十":
        tail = _CN.index(numeral[2]) + 1 if len(numeral) == 3 else 0
        return (_CN.index(numeral[0]) + 1) * 10 + tail
    return _CN.index(numeral[0]) + 1


def markers(text: str, style: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Markers of one style in ``text[start:end]``, with document offsets."""
    end = len(text) if end is None else end
    key = (text, start, end)
    found = _SCANS.get(key)
    if found is None:  # the styles of one span are asked for one after another
        if len(_SCANS) >= SCAN_MEMO_SIZE:
            _SCANS.clear()
        found = _SCANS[key] = _all_markers(text, start, end)
    return list(found[style])


def _all_markers(text: str, start: int, end: int) -> dict[str, list[Marker]]:
    """:func:`markers` of every style, from one scan (each style's matches as its own finditer
    would give them: a match starting inside the previous one of its style is skipped). Only the
    places where a marker is kept are scanned (:data:`_KEPT_MARKER`), and ``start`` itself."""
    out: dict[str, list[Marker]] = {style: [] for style in MARKER_STYLES}
    resume = dict.fromkeys(MARKER_STYLES, start)
    first = _ANY_MARKER.match(text, start, end) if start < end else None  # kept whatever precedes it
    for m in chain((first,) if first else (), _KEPT_MARKER.finditer(text, start + 1, end)):
        style = m.lastgroup if m.lastgroup in out else _style_of(m)
        p = m.start()
        a, b = m.span(style)
        if p < resume[style]:
            continue
        resume[style] = b
        if p == 0 or p == start or text[p - 1] in (BOUNDARY_ENUM if style == "enum" else BOUNDARY):
            out[style].append(Marker(style, text[a:b], cn_value(m.group("n_" + style)), a, b))
    return out


def _style_of(m: re.Match[str]) -> str:
    return next(style for style in MARKER_STYLES if m.group(style) is not None)


def markers_reference(text: str, style: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """:func:`markers` with the style's own ``finditer`` (the plain reference of the one-scan path)."""
    end = len(text) if end is None else end
    boundary = BOUNDARY_ENUM if style == "enum" else BOUNDARY
    out = []
    for m in _MARKERS[style].finditer(text, start, end):
        p = m.start()
        if p == 0 or p == start or text[p - 1] in boundary:
            out.append(Marker(style, m.group(0), cn_value(m.group("n")), p, m.end()))
    return out


def numbered_runs(marks: list[Marker], resets: list[int] = ()) -> list[list[Marker]]:  # type: ignore[assignment]
    """Group markers into runs: a marker with value 1 starts a new run, others continue the last
    one; a reset position (e.g. the start of a （二） subsection) closes the current run."""
    runs: list[list[Marker]] = []
    stops = sorted(resets)
    j = 0
    open_run = False
    for m in marks:
        while j < len(stops) and stops[j] <= m.start:
            j += 1
            open_run = False
        if m.value == 1 or not open_run:
            runs.append([m])
            open_run = True
        else:
            runs[-1].append(m)
    return runs


def subsections(text: str, start: int, end: int) -> list[Subsection]:
    """（一）-numbered subsections of ``text[start:end]``; each runs to the next one (or ``end``)."""
    marks = markers(text, "paren", start, end)
    out: list[Subsection] = []
    for i, m in enumerate(marks):
        stop = marks[i + 1].start if i + 1 < len(marks) else end
        t = _TITLE_END.search(text, m.end, stop)
        title_end = t.start() if t else stop
        if title_end - m.end > SUBHEADING_MAX:
            title_end = m.end
        body_start = title_end + 1 if t and title_end == t.start() and text[title_end] in "。：:；;\n" else title_end
        heading = text[m.start : title_end].strip()
        out.append(Subsection(m.label, m.value, heading, m.start, min(body_start, stop), stop))
    return out


def paragraphs(text: str, start: int, end: int) -> list[Paragraph]:
    """Non-empty lines of ``text[start:end]``; a one-line body is cut before its （一） markers."""
    cuts = {start, end}
    i = text.find("\n", start, end)
    while i >= 0:
        cuts.add(i + 1)
        i = text.find("\n", i + 1, end)
    for mk in markers(text, "paren", start, end):
        if mk.start > start and text[mk.start - 1] != "\n":
            cuts.add(mk.start)
    bounds = sorted(cuts)
    out: list[Paragraph] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append(Paragraph(text[a:b], a, b))
    return out


def marker_runs(text: str, section: Section) -> dict[str, list[list[Marker]]]:
    """Numbered runs per marker style in one section's body (a list restarts inside each enclosing item)."""
    a, b = section.body_start, section.end
    marks = {style: markers(text, style, a, b) for style in MARKER_STYLES}
    return {style: numbered_runs(marks[style], [m.start for outer in NESTED_IN.get(style, ()) for m in marks[outer]])
            for style in MARKER_STYLES}


def outline(text: str, section: Section) -> Outline:
    """Subsections, numbered runs (per marker style) and paragraphs of one section's body."""
    a, b = section.body_start, section.end
    subs = subsections(text, a, b)  # its paren markers come from the scan memo
    return Outline(section, subs, marker_runs(text, section), paragraphs(text, a, b))


def outlines(text: str, sections: list[Section]) -> list[Outline]:
    """The outline of every section, in order."""
    return [outline(text, s) for s in sections]
