"""Figures: every quantity claimed in running text, typed, located and labelled (contract §2).

``extract_figures(text)`` is the whole job for a bare text; the ``figures`` stage (order 20) runs it
on a report, leaving out the table regions found by the ``tables`` stage, and sets ``a.figures``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..findings import Figure
from ..pipeline import stage
from .extract import RawFigure, find_figures
from .metrics import left_context, rule_metrics_tier
from .model import MIN_PROBABILITY, load_model

__all__ = ["extract_figures", "label_metrics", "figures_stage"]


PARTS_MARK = re.compile(r"其中|包括|分别为|分别是")
SENTENCE_END = re.compile(r"[。！？!?]")
NONE_OVERRIDE = 0.7  # the model's "no metric" overrides a weak rule cue only when this sure


def label_metrics(text: str, fig: RawFigure, *, use_model: bool = True,
                  inherited: str | None = None) -> tuple[list[str], int]:
    """Metric keys for one figure and the tier that decided them.

    A strong or normal cue in the figure's own clause decides. Otherwise a part listed after
    其中 takes the metric of its whole (``inherited``); otherwise the learned model decides when
    confident; otherwise the weak rule cue (or nothing).
    """
    ctx = left_context(text, fig.start)
    labels, tier = rule_metrics_tier(ctx, fig.unit, fig.kind)
    if tier <= 2:
        return labels, tier
    if inherited:
        return [inherited], 3
    if use_model:
        model = load_model()
        if model is not None:
            lab, p = model.predict(ctx, fig.unit, fig.kind)
            if p >= (MIN_PROBABILITY if lab != "none" or not labels else NONE_OVERRIDE):
                return ([] if lab == "none" else [lab]), 4
    return labels, tier


def extract_figures(text: str, *, section_at: Callable[[int], str | None] | None = None,
                    exclude: Sequence[tuple[int, int]] = (), use_model: bool = True) -> list[Figure]:
    """Every figure of ``text`` (outside ``exclude`` spans) as contract :class:`Figure` objects."""
    out = []
    whole: tuple[RawFigure, str] | None = None  # the last figure followed by 其中, and its metric
    prev: RawFigure | None = None
    prev_labels: list[str] = []
    for f in find_figures(text, exclude=exclude):
        if whole and (SENTENCE_END.search(text, whole[0].end, f.start) or f.unit != whole[0].unit):
            whole = None
        if prev is not None and prev_labels and PARTS_MARK.search(text, prev.end, f.start) \
                and f.start - prev.end < 40 and not SENTENCE_END.search(text, prev.end, f.start) and prev.unit == f.unit:
            whole = (prev, prev_labels[0])
        labels, _tier = label_metrics(text, f, use_model=use_model, inherited=whole[1] if whole else None)
        prev, prev_labels = f, labels
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
