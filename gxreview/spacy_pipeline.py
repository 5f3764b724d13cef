"""spaCy integration for notebook users and their own pipelines (imported only when used).

::

    from gxreview.spacy_pipeline import blank_zh
    nlp = blank_zh()                       # spacy.blank("zh") + jieba with the domain dictionary + "gxreview"
    doc = nlp(open("corpora/xiangtan-sjj_2024.txt", encoding="utf-8").read())
    doc.spans["gx_sections"], doc.spans["gx_sentences"], doc.spans["gx_figures"], doc.spans["gx_findings"]
    doc._.gx_result                        # the ReviewResult (None when the text is not a report)

Any pipeline can add the component once this module is imported: ``nlp.add_pipe("gxreview")``.
It runs gxreview's review on ``doc.text`` and maps every offset back into the Doc (the crawl header
and page chrome the reader drops are skipped, so spans still point at the right characters).
Each span in the groups carries the gxreview object in ``span._.gx`` (Section, Sentence, Figure or
Finding). Works offline; never used by ``gxreview review``.
"""

from __future__ import annotations

import bisect
import warnings
from typing import Any

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*pkg_resources.*")
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span

COMPONENT = "gxreview"
SPAN_GROUPS = ("gx_sections", "gx_sentences", "gx_figures", "gx_findings")

for _name in ("gx_result", "gx_error", "gx_findings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("gx"):
    Span.set_extension("gx", default=None)


def blank_zh(*, review: bool = True, domain_dictionary: bool = True, set_sents: bool = True) -> Language:
    """``spacy.blank("zh")`` with the jieba segmenter (offline), jieba carrying gxreview's domain
    dictionary, and the ``gxreview`` component unless ``review=False``."""
    from .segment.words import cache_dir, import_jieba, tokenizer

    if domain_dictionary:
        # built with the char segmenter, then switched to gxreview's jieba Tokenizer (same .cut()
        # interface, plus the user dictionary): spaCy's own jieba set-up would also load jieba's
        # global dictionary (~1 s, ~60 MB) and write its cache to the temp folder
        nlp = spacy.blank("zh")
        nlp.tokenizer.segmenter = "jieba"
        nlp.tokenizer.jieba_seg = tokenizer()
    else:
        jieba = import_jieba()
        jieba.dt.tmp_dir = str(cache_dir())
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    if review:
        nlp.add_pipe(COMPONENT, config={"set_sents": set_sents})
    return nlp


@Language.factory(COMPONENT, default_config={"set_sents": True, "summary_text": False})
def make_component(nlp: Language, name: str, set_sents: bool, summary_text: bool) -> GxReviewComponent:
    return GxReviewComponent(set_sents=set_sents, summary_text=summary_text)


class GxReviewComponent:
    """Adds gxreview's sections, sentences, figures and findings to a Doc."""

    def __init__(self, *, set_sents: bool = True, summary_text: bool = False) -> None:
        self.set_sents = set_sents
        self.summary_text = summary_text

    def __call__(self, doc: Doc) -> Doc:
        from .errors import GxError
        from .io import load_text
        from .pipeline import review
        from .segment.sentences import split_sentences

        for group in SPAN_GROUPS:
            doc.spans[group] = []
        try:
            document = load_text(doc.text, "<spacy>")
            result = review(document, summary_text=self.summary_text)
        except GxError as e:
            doc._.gx_error = str(e)
            return doc
        to_doc = _offset_mapper(document, doc.text)
        doc._.gx_result = result
        doc._.gx_findings = list(result.findings)

        def span(start: int | None, end: int | None, label: str, obj: Any) -> Span | None:
            if start is None or end is None or end <= start:
                return None
            s = doc.char_span(to_doc(start), to_doc(end - 1) + 1, label=label, alignment_mode="expand")
            if s is not None:
                s._.gx = obj
            return s

        def group(items) -> list[Span]:
            return [s for s in (span(*it) for it in items) if s is not None]

        # the headings are the sections the review already found (no second heading search)
        sentences = split_sentences(result.text or document.text,
                                    [(s.start, s.body_start) for s in result.sections if s.key != "preamble"])
        doc.spans["gx_sections"] = group((s.start, s.end, s.key, s) for s in result.sections)
        doc.spans["gx_sentences"] = group((s.start, s.end, "sentence", s) for s in sentences)
        doc.spans["gx_figures"] = group((f.start, f.end, f.metric or f.kind, f) for f in result.figures)
        doc.spans["gx_findings"] = group((f.start, f.end, f.code, f) for f in result.findings)
        if self.set_sents and not doc.has_annotation("SENT_START"):
            _set_sentence_starts(doc, doc.spans["gx_sentences"])
        return doc


def _offset_mapper(document, doc_text: str):
    """Map an offset of the normalised text to an offset of ``doc_text``."""
    if document.text == doc_text or len(document.text) == len(doc_text):
        return lambda pos: pos
    base = doc_text.find(document.raw_body) if document.raw_body else -1
    if base < 0:
        base = 0
    starts = [a for a, _ in document.offset_map]

    def to_doc(pos: int) -> int:
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        norm_start, raw_start = document.offset_map[i]
        return min(len(doc_text) - 1, base + raw_start + (pos - norm_start))

    return to_doc


def _set_sentence_starts(doc: Doc, sentences: list[Span]) -> None:
    starts = {s.start for s in sentences}
    for tok in doc:
        tok.is_sent_start = tok.i == 0 or tok.i in starts
