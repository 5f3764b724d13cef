"""Write the independent gold JSON files from the hand annotations: ``python tests/gold/figures_independent/build.py``.

Only offsets (and the interval bounds, by the contract's wording rules) are computed; every
figure and field comes from ``annotations.py``. Each anchor is searched after the previous figure.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(HERE))

from annotations import ANNOTATIONS  # noqa: E402


def _step(text: str, value: float) -> Decimal:
    """The value of one unit of the last written digit (84.28万 → 100; 600 → 100; 1000 → 1000)."""
    m = re.search(r"(\d+(?:\.\d+)?)", text)
    if not m:
        return Decimal(0)
    num = m.group(1)
    scale = Decimal(10000) if "万" in text else Decimal(100000000) if "亿" in text else Decimal(1)
    if "." in num:
        return Decimal(1).scaleb(-len(num.split(".")[1])) * scale
    stripped = num.rstrip("0")
    return Decimal(10) ** (len(num) - len(stripped)) * scale if stripped else scale


def _bounds(text: str, value: float, qualifier: str) -> tuple[float | None, float | None]:
    v = Decimal(str(value))
    if qualifier == "at_least" or (qualifier == "more_than" and not re.search(r"[余多]", text)):
        return value, None
    if qualifier == "more_than":
        return value, float(v + _step(text, value))
    m = re.search(r"\d+\.(\d+)", text)
    if m:
        half = Decimal(1).scaleb(-len(m.group(1))) / 2 * (10000 if "万" in text else 1)
        return float(v - half), float(v + half)
    return value, value


def build() -> None:
    from gxreview import load

    for report, rows in ANNOTATIONS.items():
        text = load(ROOT / "corpora" / report).text
        pos, figures = 0, []
        for row in rows:
            anchor, ftext, value, unit, qual, kind, metric = row[:7]
            metrics = row[7] if len(row) > 7 else None
            anchor = anchor or ftext
            a = text.find(anchor, pos)
            if a < 0:
                raise SystemExit(f"{report}: anchor {anchor!r} not found after {pos}")
            start = a + anchor.index(ftext)
            end = start + len(ftext)
            assert text[start:end] == ftext
            if ftext[0].isdigit() and start and (text[start - 1].isdigit() or text[start - 1] == "."):
                raise SystemExit(f"{report}: {ftext!r} at {start} is inside a longer number")
            low, high = _bounds(ftext, value, qual)
            figures.append({"text": ftext, "start": start, "end": end, "value": value, "unit": unit,
                            "qualifier": qual, "kind": kind, "metric": metric, "metrics": metrics,
                            "low": low, "high": high})
            pos = start + 1
        out = HERE / (report.replace("/", "__").rsplit(".", 1)[0] + ".json")
        out.write_text(json.dumps({"report": report, "figures": figures}, ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
        print(f"{report}: {len(figures)} figures")


if __name__ == "__main__":
    build()
