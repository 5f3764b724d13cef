"""Facts proven from a regular expression's parse tree, used to run patterns on less text.

* :func:`windowable`: the pattern never matches empty, reads a bounded number of characters
  around itself (look-around) and can consume only the characters of a known class, so no match
  crosses a character outside that class and its ``finditer`` matches can be found piece by piece
  between such characters.

* :func:`consumed_class`: the characters a match can consume (groups and conditionals allowed),
  so a character outside them is never inside a match.
* :func:`first_class` / :func:`first_chars` / :func:`start_finder`: the characters a match can start
  with (as a class body, or as a set when they are plain characters), and a
  ``finditer`` that lets the regex engine jump between them.
* :func:`required_literals`: literal strings one of which every match contains, so a text
  holding none of them cannot match.
* :data:`DIGITS_OR_ASTRAL`: a class body that is a superset of ``\\d``, for the leading class of a
  scan that a look-ahead then checks exactly.

Anything the analysis does not cover makes it answer None (no shortcut), never a wrong fact.
"""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_POSITIVE_CATEGORY = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_WORD: r"\w"}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT} | ({_sre.POSSESSIVE_REPEAT} if hasattr(_sre, "POSSESSIVE_REPEAT") else set())


def _decimal_ranges() -> str:
    """Every BMP character ``\\d`` matches, as class ranges, plus every character beyond the BMP."""
    runs: list[list[int]] = []
    for o in range(0x10000):
        if chr(o).isdecimal():  # what \d matches in a str pattern
            if runs and runs[-1][1] == o - 1:
                runs[-1][1] = o
            else:
                runs.append([o, o])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in runs) + "\U00010000-\U0010ffff"


# A superset of \d written out: the regex engine tests a class of BMP characters with one bitmap
# look-up, but ``\d`` with a Unicode category call for every character; as the leading class of a
# scan (whose look-ahead then checks \d exactly) it makes the scan about a third cheaper.
DIGITS_OR_ASTRAL = _decimal_ranges()


class _Unsafe(Exception):
    """The pattern uses a construct the analysis does not cover: scan the whole text."""


def _has_lookaround(seq) -> bool:
    for op, av in seq:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            return True
        if op is _sre.BRANCH and any(_has_lookaround(alt) for alt in av[1]):
            return True
        if op is _sre.SUBPATTERN and _has_lookaround(av[3]):
            return True
        if op in _REPEATS and _has_lookaround(av[2]):
            return True
        if op is getattr(_sre, "ATOMIC_GROUP", None) and _has_lookaround(av):
            return True
    return False


def _reach(seq, direction: int) -> int:
    """The farthest a look-around of ``direction`` (1 ahead, -1 behind) in ``seq`` reads from the
    position it is tested at."""
    reach = 0
    for op, av in seq:
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            if _has_lookaround(av[1]):
                raise _Unsafe("nested look-around")
            if av[0] == direction:
                hi = av[1].getwidth()[1]
                if hi >= _sre.MAXREPEAT:
                    raise _Unsafe("unbounded look-around")
                reach = max(reach, hi)
        elif op is _sre.BRANCH:
            reach = max([reach] + [_reach(alt, direction) for alt in av[1]])
        elif op is _sre.SUBPATTERN:
            reach = max(reach, _reach(av[3], direction))
        elif op in _REPEATS:
            reach = max(reach, _reach(av[2], direction))
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            reach = max(reach, _reach(av, direction))
    return reach


def _class_items(seq, out: set[str]) -> None:
    """Add to ``out`` class items covering every character a consuming element of ``seq`` matches."""
    for op, av in seq:
        if op is _sre.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is _sre.IN:
            for iop, iav in av:
                if iop is _sre.LITERAL:
                    out.add(re.escape(chr(iav)))
                elif iop is _sre.RANGE:
                    out.add(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is _sre.CATEGORY and iav in _POSITIVE_CATEGORY:
                    out.add(_POSITIVE_CATEGORY[iav])
                else:  # negated class or category, locale…: (nearly) anything
                    raise _Unsafe(iop)
        elif op is _sre.BRANCH:
            for alt in av[1]:
                _class_items(alt, out)
        elif op is _sre.SUBPATTERN:
            if av[1] & (re.IGNORECASE | re.LOCALE):
                raise _Unsafe("scoped flags")
            _class_items(av[3], out)
        elif op in _REPEATS:
            if av[1] > 0:
                _class_items(av[2], out)
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            _class_items(av, out)
        elif op is _sre.GROUPREF_EXISTS:  # (?(g)yes|no): either branch may be taken
            _class_items(av[1], out)
            if av[2] is not None:
                _class_items(av[2], out)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        else:  # ANY, NOT_LITERAL, back-references…
            raise _Unsafe(op)


def windowable(pattern: re.Pattern[str]) -> tuple[int, int, str] | None:
    """(look-ahead reach, look-behind reach, body of a character class holding every character a
    match can consume) when ``pattern`` can be run piece by piece between characters outside
    that class; None when that is not proven."""
    if not isinstance(pattern.pattern, str) or pattern.groups or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        tree = _sre.parse(pattern.pattern, pattern.flags)
        if tree.getwidth()[0] == 0 or (tree.data and tree.data[0][0] is _sre.LITERAL):
            return None  # may match empty / literal first character: whole-text scan is cheap
        items: set[str] = set()
        _class_items(tree.data, items)
        return _reach(tree.data, 1), _reach(tree.data, -1), "".join(sorted(items))
    except (_Unsafe, RecursionError, TypeError, ValueError, re.error):
        return None


def consumed_class(pattern: re.Pattern[str]) -> str | None:
    """Body of a character class holding every character a match of ``pattern`` can consume
    (look-arounds only read), so no match contains a character outside it; None when not proven."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        items: set[str] = set()
        _class_items(_sre.parse(pattern.pattern, pattern.flags).data, items)
    except (_Unsafe, RecursionError, TypeError, ValueError, re.error):
        return None
    return "".join(sorted(items))


def _literal_run(seq, i: int = 0) -> str:
    """The literal characters of ``seq`` from element ``i`` on, up to the first other element."""
    out = []
    for op, av in list(seq)[i:]:
        if op is not _sre.LITERAL:
            break
        out.append(chr(av))
    return "".join(out)


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Literal strings one of which every match of ``pattern`` contains (taken from a mandatory
    alternation of literals or a literal run at the top level), or None when none is proven."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        seq = list(_sre.parse(pattern.pattern, pattern.flags).data)
    except (RecursionError, TypeError, ValueError, re.error):
        return None
    for i, (op, av) in enumerate(seq):
        if op is _sre.BRANCH:
            words = tuple(_literal_run(alt) for alt in av[1])
            if all(words):
                return words
        elif op is _sre.LITERAL:
            return (_literal_run(seq, i),)
    return None


def _first_items(seq, out: set[str]) -> bool:
    """Add to ``out`` class items for the characters a match of ``seq`` can start with; return
    whether ``seq`` can match empty."""
    for op, av in seq:
        if op is _sre.LITERAL:
            out.add(re.escape(chr(av)))
            return False
        if op is _sre.IN:
            _class_items([(op, av)], out)
            return False
        if op is _sre.BRANCH:
            nullable = False
            for alt in av[1]:
                nullable = _first_items(alt, out) or nullable
            if not nullable:
                return False
        elif op is _sre.SUBPATTERN:
            if av[1] & (re.IGNORECASE | re.LOCALE):
                raise _Unsafe("scoped flags")
            if not _first_items(av[3], out):
                return False
        elif op in _REPEATS:
            if av[1] > 0 and not _first_items(av[2], out) and av[0] > 0:
                return False
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            if not _first_items(av, out):
                return False
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
            continue
        else:
            raise _Unsafe(op)
    return True


def _first_item_set(pattern: re.Pattern[str]) -> set[str] | None:
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.LOCALE):
        return None
    try:
        items: set[str] = set()
        if _first_items(_sre.parse(pattern.pattern, pattern.flags).data, items):
            return None
    except (_Unsafe, RecursionError, TypeError, ValueError, re.error):
        return None
    return items


def first_class(pattern: re.Pattern[str]) -> str | None:
    """Body of a character class holding every character a match of ``pattern`` can start with;
    None when not proven (a possible empty match, negated classes, case folding…)."""
    items = _first_item_set(pattern)
    return None if items is None else "".join(sorted(items))


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can start with, when they are a list of single
    characters (no range or category such as ``\\d``); None otherwise."""
    items = _first_item_set(pattern)
    if items is None:
        return None
    out = set()
    for item in items:
        ch = item[-1]
        if item not in (ch, "\\" + ch) or (len(item) == 2 and ch.isalnum()):
            return None
        out.add(ch)
    return frozenset(out)


def start_finder(pattern: re.Pattern[str]):
    """A function ``(text, pos=0, endpos=None) -> iterator of matches`` giving exactly
    ``pattern.finditer(text, pos, endpos)``, faster
    when the pattern cannot start with most characters: the regex engine jumps between the
    characters a match can start with and tests the whole pattern there in a look-ahead, so Python
    sees only the positions where it matches. Falls back to ``finditer`` when that is not proven."""
    cls = first_class(pattern)  # None when a match may be empty
    cand = None
    if cls:
        try:
            cand = re.compile(f"[{cls}](?<=(?={pattern.pattern})[\\s\\S])", pattern.flags)
        except (re.error, RecursionError, OverflowError):
            cand = None
    if cand is None:
        return pattern.finditer
    match = pattern.match

    def finditer(text: str, pos: int = 0, endpos: int | None = None):
        end = len(text) if endpos is None else endpos
        for c in cand.finditer(text, pos, end):
            p = c.start()
            if p < pos:
                continue
            m = match(text, p, end)
            if m is not None:  # always, unless flags make the look-ahead differ: then it is skipped
                yield m
                pos = m.end()

    return finditer
