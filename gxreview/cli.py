"""Command line (contract §1): a thin layer over :func:`gxreview.review` and friends.

    gxreview review PATH... [--prior PATH] [--against DIR|INDEX] [--format text|json|jsonl|md|html]
                            [-o OUT] [--include-text] [--fail-on error|warning|info]
    gxreview batch  INPUT -o OUTDIR [--against DIR|INDEX] [--workers N] [--engine local|dask]
                            [--scheduler ADDR] [--resume] [--summaries]
    gxreview index  build DIR -o INDEX
    gxreview summarize PATH... [--format text|md|json]
    gxreview rules  list | explain CODE

Exit codes: 0 reviewed (whatever the findings), 1 ``--fail-on`` threshold reached, 2 usage error
or no input could be reviewed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .codes import ERROR_CODES, FINDING_CODES, SEVERITY_RANK
from .errors import GxError
from .findings import ErrorResult, ReviewResult
from .render import EXTENSIONS, FORMATS, render


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with a clear line
        self.print_usage(sys.stderr)
        print(f"gxreview: error: {message}", file=sys.stderr)
        sys.exit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gxreview", description="Review 政府信息公开工作年度报告 (government information-disclosure annual reports).")
    p.add_argument("--version", action="version", version=f"gxreview {_version()}")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    r = sub.add_parser("review", help="review one or more reports")
    r.add_argument("paths", nargs="+", metavar="PATH")
    r.add_argument("--prior", metavar="PATH", help="the same agency's report for the previous year (one input only)")
    r.add_argument("--against", metavar="DIR|INDEX", help="a folder of reports or a reuse index (priors, cross-agency reuse)")
    r.add_argument("--format", choices=FORMATS, default="text")
    r.add_argument("-o", "--output", metavar="OUT", help="output file (or folder for text/md/html with several inputs)")
    r.add_argument("--include-text", action="store_true", help="add the normalised text to JSON output")
    r.add_argument("--fail-on", choices=("error", "warning", "info"), help="exit 1 when a finding this severe or worse exists")
    r.add_argument("--no-color", action="store_true", help="plain text output even on a terminal")

    b = sub.add_parser("batch", help="review a folder, glob or manifest CSV into OUTDIR")
    b.add_argument("input", metavar="INPUT")
    b.add_argument("-o", "--output", required=True, metavar="OUTDIR")
    b.add_argument("--against", metavar="DIR|INDEX")
    b.add_argument("--workers", type=int, default=None)
    b.add_argument("--engine", choices=("local", "dask"), default="local")
    b.add_argument("--scheduler", metavar="ADDR")
    b.add_argument("--resume", action="store_true")
    b.add_argument("--summaries", action="store_true")

    ix = sub.add_parser("index", help="build a cross-agency reuse index")
    ixs = ix.add_subparsers(dest="index_cmd", required=True, parser_class=_Parser)
    ib = ixs.add_parser("build", help="index every report under DIR")
    ib.add_argument("dir", metavar="DIR")
    ib.add_argument("-o", "--output", required=True, metavar="INDEX")

    s = sub.add_parser("summarize", help="fact sheet and extractive summary of reports")
    s.add_argument("paths", nargs="+", metavar="PATH")
    s.add_argument("--format", choices=("text", "md", "json"), default="text")
    s.add_argument("--prior", metavar="PATH")
    s.add_argument("--against", metavar="DIR|INDEX")

    ru = sub.add_parser("rules", help="list finding codes or explain one")
    rus = ru.add_subparsers(dest="rules_cmd", required=True, parser_class=_Parser)
    rus.add_parser("list", help="every finding code with its name, severity and meaning")
    re_ = rus.add_parser("explain", help="explain one code, rule or score component")
    re_.add_argument("code")
    return p


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("gxreview")
    except Exception:
        return "0+unknown"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.cmd == "review":
            return cmd_review(args)
        if args.cmd == "rules":
            return cmd_rules(args)
        if args.cmd == "summarize":
            return cmd_summarize(args)
        if args.cmd == "batch":
            from .batch import cli_batch

            return cli_batch(args)
        if args.cmd == "index":
            from .reuse import cli_index_build

            return cli_index_build(args)
    except GxError as e:
        print(f"gxreview: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("gxreview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    return 2


def review_paths(paths: list[str], *, prior: str | None = None, against: str | None = None,
                 summary_text: bool = False) -> list[ReviewResult | ErrorResult]:
    """Review several paths in one process, pairing each with its prior (contract §1 precedence)."""
    from .pipeline import analyse, as_document, read_error, run_rules

    index = None
    if against:
        from .reuse import load_against

        index = load_against(against)
    analyses: list = []
    for p in paths:
        try:
            doc = as_document(p)
            analyses.append(analyse(doc))
        except Exception as e:  # a reader bug must not lose the other inputs or show a traceback
            analyses.append(ErrorResult(str(p), *read_error(str(p), str(p), e)))
    prior_a = analyse(as_document(prior)) if prior else None
    from .pipeline import is_report_like, not_a_report, pair_priors

    ok = [a for a in analyses if not isinstance(a, ErrorResult)]
    pairs = {id(ok[i]): p for i, p in pair_priors(ok).items()}
    results: list[ReviewResult | ErrorResult] = []
    for a in analyses:
        if isinstance(a, ErrorResult):
            results.append(a)
            continue
        if not is_report_like(a):
            e = not_a_report(a.doc.source)
            results.append(ErrorResult(a.doc.source, e.code, str(e)))
            continue
        pa = prior_a or pairs.get(id(a))
        if pa is None and index is not None and hasattr(index, "prior_for"):
            pa = index.prior_for(a)
        a.prior = pa
        a.index = index
        results.append(run_rules(a, summary_text=summary_text))
    return results


def cmd_review(args) -> int:
    if args.prior and len(args.paths) > 1:
        print("gxreview: error: --prior is allowed with one input only", file=sys.stderr)
        return 2
    fmt = args.format
    results = review_paths(args.paths, prior=args.prior, against=args.against, summary_text=fmt in ("md", "html"))
    color = fmt == "text" and not args.no_color and sys.stdout.isatty() and not args.output
    if fmt == "json":
        from .findings import dumps

        payload = dumps([r.to_dict(include_text=args.include_text) for r in results], indent=2) + "\n"
        _emit(payload, args.output)
    elif fmt == "jsonl":
        payload = "".join(r.to_json(include_text=args.include_text) + "\n" for r in results)
        _emit(payload, args.output)
    elif args.output and len(results) > 1:
        outdir = Path(args.output)
        outdir.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for r in results:
            name = _out_name(r.source, EXTENSIONS[fmt], used)
            _atomic_write(outdir / name, render(r, fmt, include_text=args.include_text))
    else:
        payload = "".join(render(r, fmt, include_text=args.include_text, color=color) for r in results)
        _emit(payload, args.output)
    for r in results:
        if isinstance(r, ErrorResult):
            print(f"gxreview: {r.message} [{r.code}]", file=sys.stderr)
    reviewed = [r for r in results if isinstance(r, ReviewResult)]
    if not reviewed:
        return 2
    if args.fail_on:
        threshold = SEVERITY_RANK[args.fail_on]
        if any(SEVERITY_RANK[f.severity] >= threshold for r in reviewed for f in r.findings):
            return 1
    return 0


def _out_name(source: str, ext: str, used: set[str]) -> str:
    stem = Path(source).name
    base = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem) or "report"
    name = base + ext
    i = 2
    while name in used:
        name = f"{base}-{i}{ext}"
        i += 1
    used.add(name)
    return name


def _atomic_write(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _emit(payload: str, output: str | None) -> None:
    if output:
        p = Path(output)
        if p.parent and not p.parent.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(p, payload)
    else:
        sys.stdout.write(payload)
        sys.stdout.flush()


def cmd_rules(args) -> int:
    if args.rules_cmd == "list":
        for c in FINDING_CODES.values():
            print(f"{c.code}  {c.name:<30} {c.severity:<8} {c.when}")
        print()
        for code, what in ERROR_CODES.items():
            print(f"{code}  {what}")
        return 0
    code = args.code.strip()
    from .explain import explain

    text = explain(code)
    if text is None:
        print(f"gxreview: unknown code or component {code!r}; see 'gxreview rules list'", file=sys.stderr)
        return 2
    print(text)
    return 0


def cmd_summarize(args) -> int:
    results = review_paths(args.paths, prior=args.prior, against=args.against, summary_text=True)
    from .findings import dumps

    if args.format == "json":
        sys.stdout.write(dumps([{"source": r.source, **(r.summary if isinstance(r, ReviewResult) else {"error": r.to_dict()["error"]})}
                                for r in results], indent=2) + "\n")
    else:
        from .render.summary import render_summary

        for r in results:
            sys.stdout.write(render_summary(r, args.format))
    return 0 if any(isinstance(r, ReviewResult) for r in results) else 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
