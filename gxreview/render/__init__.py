"""Renderers: text (terminal), JSON/JSONL, Markdown memo, self-contained HTML."""

from __future__ import annotations

FORMATS = ("text", "json", "jsonl", "md", "html")
EXTENSIONS = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "md": ".md", "html": ".html"}


def render(result, fmt: str, *, include_text: bool = False, color: bool = False) -> str:
    """Render one result (or error result) in one of :data:`FORMATS`."""
    if fmt in ("json", "jsonl"):
        return result.to_json(include_text=include_text, indent=2 if fmt == "json" else None)
    if fmt == "text":
        from .text import render_text

        return render_text(result, color=color)
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(result)
    if fmt == "html":
        from .html import render_html

        return render_html(result)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
