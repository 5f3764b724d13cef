"""Rule and scorer registration (Arelle-style: small functions registered per family).

A rule is ``fn(analysis) -> Iterable[Finding | Check]``. It never raises because a report is bad;
if it raises anyway, the pipeline records GX-X900 and goes on. Scorers fill ``scores[name]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .codes import FINDING_CODES

if TYPE_CHECKING:
    from .findings import Check, Finding
    from .pipeline import Analysis

RuleFn = Callable[["Analysis"], Iterable["Finding | Check"]]
ScoreFn = Callable[["Analysis", dict[str, Any]], dict[str, Any] | None]


@dataclass(frozen=True)
class Rule:
    name: str
    codes: tuple[str, ...]
    fn: RuleFn
    order: int
    formats: tuple[str, ...] | None  # None = every format
    doc: str


@dataclass(frozen=True)
class Scorer:
    name: str
    fn: ScoreFn
    order: int
    doc: str


RULES: dict[str, Rule] = {}
SCORERS: dict[str, Scorer] = {}


def rule(name: str, codes: tuple[str, ...] = (), *, order: int = 100, formats: tuple[str, ...] | None = None):
    """Register a rule function under ``name`` emitting the given finding codes."""
    for c in codes:
        if c not in FINDING_CODES:
            raise ValueError(f"rule {name!r}: unknown finding code {c!r}")

    def deco(fn: RuleFn) -> RuleFn:
        RULES[name] = Rule(name, tuple(codes), fn, order, formats, (fn.__doc__ or "").strip())
        return fn

    return deco


def scorer(name: str, *, order: int = 100):
    """Register a score function filling ``scores[name]`` (return None to leave it out)."""

    def deco(fn: ScoreFn) -> ScoreFn:
        SCORERS[name] = Scorer(name, fn, order, (fn.__doc__ or "").strip())
        return fn

    return deco


def ordered_rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: (r.order, r.name))


def ordered_scorers() -> list[Scorer]:
    return sorted(SCORERS.values(), key=lambda s: (s.order, s.name))
