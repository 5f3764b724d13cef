"""GX-X001: what the reader could not read (the review is partial)."""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Check, Finding
from ..registry import rule


@rule("input.degraded", ("GX-X001",), order=0)
def input_degraded(a) -> Iterator[Finding | Check]:
    """Report every part of the input that was skipped or replaced while reading."""
    if not a.doc.degraded:
        yield Check("input.degraded", "PASS", {"notes": []})
        return
    yield Check("input.degraded", "FAIL", {"notes": list(a.doc.degraded)})
    for note in a.doc.degraded:
        yield Finding("GX-X001", f"{a.doc.source}: part of the input could not be read: {note}; the review is partial",
                      evidence={"skipped": note, "kind": a.doc.kind, "encoding": a.doc.encoding})
