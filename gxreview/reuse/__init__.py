"""Reuse and boilerplate: own-history copying (``scores.reuse``, GX-B101) and text shared across
agencies beyond template wording (GX-B102, via a :class:`ReuseIndex`).

Importing this package registers the rules and the ``reuse`` scorer. Heavy parts (datasketch,
sqlite index) are imported only when an index is built or used.
"""

from __future__ import annotations

from typing import Any

from . import rules as _rules  # noqa: F401  (registers GX-B101/B102 and the scorer)
from .history import own_history
from .mask import mask


def __getattr__(name: str) -> Any:  # lazy: the index pulls in datasketch/numpy
    if name in ("ReuseIndex", "load_against", "cli_index_build"):
        from . import index

        return getattr(index, name)
    raise AttributeError(name)


__all__ = ["ReuseIndex", "cli_index_build", "load_against", "mask", "own_history"]
