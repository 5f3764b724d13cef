"""Figures: every quantity claimed in running text, typed, located and labelled (contract §2).

``extract_figures(text)`` is the whole job for a bare text; the ``figures`` stage (order 20) runs it
on a report, leaving out the table regions found by the ``tables`` stage, and sets ``a.figures``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..findings import Figure
from ..pipeline import stage
from .extract import RawFigure, find_figures
from .metrics import left_context, rule_metrics
from .model import MIN_PROBABILITY, load_model

__all__ = ["extract_figures", "label_metrics", "figures_stage"]


def label_metrics(text: str, fig: RawFigure, *, use_model: bool = True) -> list[str]:
    """Metric keys for one figure: the rules first, else the learned model when confident."""
    ctx = left_context(text, fig.start)
    labels = rule_metrics(ctx, fig.unit, fig.kind)
    if labels:
        return labels
    if use_model:
        model = load_model()
        if model is not None:
            lab, p = model.predict(ctx, fig.unit, fig.kind)
            if p >= MIN_PROBABILITY and lab != "none":
                return [lab]
    return []


def extract_figures(text: str, *, section_at: Callable[[int], str | None] | None = None,
                    exclude: Sequence[tuple[int, int]] = (), use_model: bool = True) -> list[Figure]:
    """Every figure of ``text`` (outside ``exclude`` spans) as contract :class:`Figure` objects."""
    out = []
    for f in find_figures(text, exclude=exclude):
        labels = label_metrics(text, f, use_model=use_model)
        out.append(Figure(
            text=f.text, value=f.value, unit=f.unit, kind=f.kind, qualifier=f.qualifier, low=f.low,
            high=f.high, metric=labels[0] if labels else None,
            metrics=tuple(labels) if len(labels) > 1 else None,
            section=section_at(f.start) if section_at else None, start=f.start, end=f.end,
        ))
    return out


def table_regions(a) -> list[tuple[int, int]]:
    """Spans occupied by tables, from the tables stage (empty when it has not run)."""
    regions = getattr(getattr(a, "tables", None), "regions", None) or []
    return [(int(s), int(e)) for s, e in regions]


@stage("figures", order=20)
def figures_stage(a) -> None:
    """Fill ``a.figures`` with the figures of the narrative (table regions excluded)."""
    a.figures = extract_figures(a.text, section_at=a.section_key_at, exclude=table_regions(a))
