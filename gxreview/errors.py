"""Exceptions: problems in the program's input or environment (never in a report's content).

Tree::

    GxError                      base; carries an E-code (contract §1) and names the file
    ├── InputError               E001 not found/unreadable, E002 empty, E003 undecodable/binary,
    │                            E004 unsupported format, E005 over a limit, E006 corrupt container,
    │                            E008 not a report
    ├── MissingDependency        E007 optional dependency missing (names the extra to install)
    └── UsageError               bad command-line or API arguments (exit code 2)

Problems *in* a report are :class:`gxreview.findings.Finding` objects, never exceptions.
"""

from __future__ import annotations


class GxError(Exception):
    """Base class. ``code`` is the contract error code; ``str(e)`` is ``"<file>: <what is wrong>"``."""

    code = "E000"

    def __init__(self, source: str, problem: str, code: str | None = None) -> None:
        self.source = source
        self.problem = problem
        if code is not None:
            self.code = code
        super().__init__(f"{source}: {problem}")

    def __reduce__(self):  # picklable across processes
        return (type(self), (self.source, self.problem, self.code))


class InputError(GxError):
    """The input file cannot be turned into report text."""

    code = "E001"


class MissingDependency(GxError):
    """An optional dependency is needed for this input."""

    code = "E007"

    def __init__(self, source: str, problem: str, code: str | None = "E007") -> None:
        super().__init__(source, problem, code)


class UsageError(GxError):
    """Bad arguments."""

    code = "E000"
