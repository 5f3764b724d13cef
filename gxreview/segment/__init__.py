"""Segmentation: sections (by heading text), subsections and enumerations, sentences, words."""

from .sections import find_sections, official_keys, section_at

__all__ = ["find_sections", "official_keys", "section_at"]
