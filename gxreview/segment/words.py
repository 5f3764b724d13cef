"""Words with jieba and the domain user dictionary shipped in ``gxreview/data/userdict.txt``.

* jieba is imported lazily, its pkg_resources DeprecationWarning is filtered and its logging quietened;
* one :class:`jieba.Tokenizer` per process (it cannot be pickled; with spawn/forkserver a child builds
  its own, with the user dictionary, on first use — no pool initializer needed);
* the dictionary cache goes to ``$GXREVIEW_CACHE_DIR`` or the user cache folder
  (``$XDG_CACHE_HOME/gxreview`` or ``~/.cache/gxreview``), never the working directory;
* ``jieba.enable_paddle()`` is never called (it runs pip by itself).

Tokens are for vocabulary work (TF-IDF, TextRank); figures are read from characters, not tokens.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

USERDICT = Path(__file__).resolve().parent.parent / "data" / "userdict.txt"

_lock = threading.Lock()
_state: dict[str, Any] = {"pid": None, "tokenizer": None}


@dataclass(frozen=True)
class Token:
    """A word with its offsets in the text it was cut from."""

    text: str
    start: int
    end: int


def cache_dir() -> Path:
    """Folder for jieba's dictionary cache: $GXREVIEW_CACHE_DIR, else the user cache folder."""
    env = os.environ.get("GXREVIEW_CACHE_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
        path = Path(base) / "gxreview"
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_jieba():
    """``import jieba`` with its pkg_resources warning filtered and its logger quietened."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*pkg_resources.*", category=DeprecationWarning)
        warnings.filterwarnings("ignore", message=".*pkg_resources.*", category=UserWarning)
        import jieba
    jieba.setLogLevel(logging.WARNING)
    return jieba


def tokenizer():
    """This process's jieba Tokenizer with the domain dictionary (built on first use)."""
    pid = os.getpid()
    tk = _state["tokenizer"]
    if tk is not None and _state["pid"] == pid:
        return tk
    with _lock:
        if _state["tokenizer"] is None or _state["pid"] != pid:
            jieba = import_jieba()
            tk = jieba.Tokenizer()
            tk.tmp_dir = str(cache_dir())
            tk.initialize()
            tk.load_userdict(str(USERDICT))
            _state.update(pid=pid, tokenizer=tk)
    return _state["tokenizer"]


def tokens(text: str, *, hmm: bool = True) -> list[Token]:
    """Words of ``text`` with offsets (whitespace dropped)."""
    out = []
    for word, start, end in tokenizer().tokenize(text, HMM=hmm):
        if word.strip():
            out.append(Token(word, start, end))
    return out


def words(text: str, *, hmm: bool = True) -> list[str]:
    """Words of ``text`` (whitespace dropped)."""
    return [w for w in tokenizer().cut(text, HMM=hmm) if w.strip()]
