"""Segmentation: sections (by heading text), subsections and enumerations, sentences, words.

``words``/``tokens`` (jieba) live in :mod:`gxreview.segment.words` and are imported only when used.
"""

from .sections import find_sections, official_keys, section_at
from .sentences import Sentence, split_sentences
from .structure import Outline, outline, outlines

__all__ = ["Outline", "Sentence", "find_sections", "official_keys", "outline", "outlines", "section_at",
           "split_sentences"]
