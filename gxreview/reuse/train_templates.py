"""Learn template phrases: masked sentences shared across many agencies in several regions.

    python -m gxreview.reuse.train_templates corpora -o models/templates [--min-agencies 3] [--min-regions 2]

A narrative sentence (masked: numbers, years, own name) becomes template text only when reports of
at least ``min_agencies`` different agencies in at least ``min_regions`` different regions use it,
so one district's local phrasing never becomes "template". Writes ``templates.json`` (the masked
sentences, placeholders spelt <ORG>/<YEAR>/<NUM>, with their support) and ``manifest.json`` (the
corpus coverage: agencies, regions, years, parameters). Data only; deterministic.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from ..orgs import split_org
from .mask import readable

_AREA_SUFFIX = re.compile(r"(?:综合实验区|实验区|新区|开发区|高新区|自治州|自治县|特别行政区|省|市|州|县|区|旗|盟)$")


def region_of(org: str | None) -> str | None:
    """The region an agency belongs to: the first area of its name without its suffix (平潭综合实验区 and
    平潭县 are both 平潭); None when the name carries no area."""
    parts = split_org(org)
    if not parts or not parts[0]:
        return None
    first = re.match(r"^.+?(?:综合实验区|实验区|新区|开发区|自治州|自治县|省|市|州|县|区|旗|盟)", parts[0])
    area = first.group(0) if first else parts[0]
    return _AREA_SUFFIX.sub("", area) or area


def train(corpus: str | Path, *, min_agencies: int = 3, min_regions: int = 2) -> tuple[dict, dict]:
    """(templates, manifest) learned from every report under ``corpus``."""
    from ..io import load
    from ..metadata import extract_info
    from ..segment.sentences import split_sentences
    from .index import corpus_files
    from .narrative import build_units

    agencies_of: dict[str, set[str]] = defaultdict(set)
    regions_of: dict[str, set[str]] = defaultdict(set)
    cov_agencies: set[str] = set()
    cov_regions: dict[str, int] = defaultdict(int)
    cov_years: dict[str, int] = defaultdict(int)
    n = 0
    for path, _source in corpus_files(corpus):
        try:
            doc = load(path)
        except Exception:
            continue
        info = extract_info(doc)
        key = info.org_key or path
        region = region_of(info.org) or "(unknown)"
        n += 1
        cov_agencies.add(key)
        cov_regions[region] += 1
        cov_years[str(info.year)] += 1
        units = build_units(doc.text, split_sentences(doc.text), info.org, learned=frozenset())
        for u in units:
            if u.template is None:
                agencies_of[u.masked].add(key)
                regions_of[u.masked].add(region)
    chosen = sorted(m for m, ags in agencies_of.items()
                    if len(ags) >= min_agencies and len(regions_of[m] - {"(unknown)"}) >= min_regions)
    templates = {"version": 1, "sentences": [readable(m) for m in chosen],
                 "support": [[len(agencies_of[m]), len(regions_of[m])] for m in chosen]}
    top = max(cov_regions.values()) if cov_regions else 0
    manifest = {
        "model": "gxreview reuse templates", "version": 1,
        "params": {"min_agencies": min_agencies, "min_regions": min_regions, "unit": "masked narrative sentence"},
        "coverage": {"reports": n, "agencies": len(cov_agencies), "regions": dict(sorted(cov_regions.items())),
                     "years": dict(sorted(cov_years.items()))},
        "templates": len(chosen),
        "note": (f"coverage is thin: one region holds {top / n:.0%} of the reports, so only phrases shared across "
                 "regions are learned; retrain on a broader corpus" if n and top / n > 0.5 else ""),
    }
    return templates, manifest


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m gxreview.reuse.train_templates", description=__doc__.split("\n")[0])
    p.add_argument("corpus")
    p.add_argument("-o", "--output", default="models/templates")
    p.add_argument("--min-agencies", type=int, default=3)
    p.add_argument("--min-regions", type=int, default=2)
    args = p.parse_args(argv)
    templates, manifest = train(args.corpus, min_agencies=args.min_agencies, min_regions=args.min_regions)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    (out / "templates.json").write_text(json.dumps(templates, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{manifest['templates']} template sentences from {manifest['coverage']['reports']} reports "
          f"({manifest['coverage']['agencies']} agencies, {len(manifest['coverage']['regions'])} regions) -> {out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
