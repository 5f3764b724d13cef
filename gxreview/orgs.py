"""Agency identity across years: the normalised ``org_key`` used to pair a report with its prior."""

from __future__ import annotations

import re

# OCR/typo confusables folded for matching the same agency across years (one representative each).
_CONFUSABLES = str.maketrans({"沐": "沭", "全": "金"})


def org_key(org: str | None) -> str | None:
    """Normalised agency name used to match the same agency across years."""
    if not org:
        return None
    k = re.sub(r"\s+", "", org)
    k = re.sub(r"[（(][^）)]*[）)]", "", k)
    k = re.sub(r"(?:政府信息公开|政务公开).*$", "", k)
    k = k.translate(_CONFUSABLES)
    return k or None
