"""``gxreview rules explain CODE``: what a finding code, rule or score component means."""

from __future__ import annotations

from .codes import ERROR_CODES, FINDING_CODES


def explain(code: str) -> str | None:
    """Explanation text for a finding code (GX-…), an error code (E…), a rule name or a score component."""
    from .pipeline import load_plugins
    from .registry import RULES, SCORERS

    load_plugins()
    c = code.upper()
    if c in FINDING_CODES:
        ci = FINDING_CODES[c]
        lines = [f"{ci.code} {ci.name} (default severity: {ci.severity}, family: {ci.family})", "", f"When: {ci.when}"]
        rules = [r for r in RULES.values() if c in r.codes]
        for r in sorted(rules, key=lambda r: r.name):
            lines += ["", f"Rule {r.name}:", f"  {r.doc or '(no description)'}"]
        if ci.explain:
            lines += ["", ci.explain]
        return "\n".join(lines)
    if c in ERROR_CODES:
        return f"{c}: {ERROR_CODES[c]} (an input error: the file gets an error object instead of a review)"
    if code in RULES:
        r = RULES[code]
        return f"rule {r.name} (codes: {', '.join(r.codes) or '-'})\n\n{r.doc}"
    if code in SCORERS:
        s = SCORERS[code]
        return f"score {s.name}\n\n{s.doc}"
    from .completeness import explain_component

    return explain_component(code) or None
