"""Synthetic corpus generator: agencies × years made from the real reports in corpora/.

    python -m benchmarks.synth 10000 -o benchmarks/_synthetic/10k [--seed 0]

Each synthetic agency starts from one real report (its tables, headings and statutory wording kept,
its own name replaced, every narrative sentence rebuilt from clauses drawn from the whole corpus so
agencies differ), then lives for a few years: each year rewrites a set share of its narrative
sentences (the agency's own "rewrite share"), copies the rest with years moved on (a few left stale)
and some numbers changed. Some agencies copy a share of another agency's report of the same year,
sometimes leaving that agency's name inside. Report sizes follow the real corpus because every
report keeps the shape of its real base.

Tables (``--tables``):

* ``consistent`` (default, like real reports): each year the agency's 表三 and 表四 get new values
  that satisfy every identity of the national format (T3-I1/I2/I3, T4-I1) and carry over from year
  to year (上年结转 = last year's 结转下年度), scaled from its base's values by an agency factor and a
  yearly drift (most cells stay 0 as in the real reports). They are written into the base's own table
  text at the cell offsets gxreview read, so each table keeps its shape (glued digit runs, one cell a
  line, Markdown). A share of reports (``--broken-share``, default :data:`BROKEN_SHARE`, the real
  corpus's rate) gets one slipped cell; truth.jsonl names it. Only bases whose 表三/表四 gxreview reads
  without ambiguity are rewritten: 37 of the 41 real reports in corpora/ (2 have a table row read
  ambiguously, 2 are pre-2019 reports without these tables); reports made from the others keep their
  base's form text with its real values (truth ``tables: "kept"``). The other form text (表二, the
  fee table, headings, statutory wording) keeps the base's numbers, years moved on.
* ``perturbed`` (stress, the generator's original behaviour): about 70% of the numbers in form text
  changed at random each year, so nearly every table breaks its arithmetic in many cells.

The narrative is the same in both modes (the tables use their own random stream).

Files go to ``out_dir/<region>/<agency>_<year>.txt`` with a crawl header like the pingtan files;
``out_dir/manifest.csv`` (path,org,year,published) and ``out_dir/truth.jsonl`` (what was copied from
where, the table mode and any broken cell) describe them. The output folder is git-ignored
(benchmarks/_synthetic/): never commit it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

# Building blocks for synthetic names (data, not tied to any real place).
AREA_CHARS = "云青川江河山林泉阳安宁平和兴华东西南北海湖城岭溪源丰德永昌远明光新清泰嘉瑞"
AREA_SUFFIXES = ("市", "县", "区")
AGENCY_NAMES = (
    "财政局", "市场监督管理局", "教育局", "公安局", "民政局", "司法局", "人力资源和社会保障局", "自然资源局",
    "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局",
    "卫生健康委员会", "应急管理局", "审计局", "统计局", "医疗保障局", "行政审批局", "数据局", "退役军人事务局",
    "林业局", "发展和改革局", "科学技术局", "人民政府办公室", "城市管理局", "体育局", "信访局",
)
PROVINCES = ("东川省", "西岭省", "南江省", "北原省", "中州省", "海川省")

_YEAR = re.compile(r"((?:19|20)\d{2})(?=\s*年)")
# numbers that may change from year to year: not dates, phone numbers, postcodes or document numbers
_NUM = re.compile(r"(?<![\d.\-:〔])\d{1,6}(?:\.\d+)?(?![\d\-:年月日号〕])")
_SENT = re.compile(r"[^。！？]*[。！？]|[^。！？]+$")
_CLAUSE = re.compile(r"[^，；。！？]+")
# Wording that marks a piece of text as form/table text: kept as written.
FORM_MARKERS = ("勾稽", "钩稽", "第二十条", "本年新收", "上年结转", "结果维持", "申请人情况", "统计期限",
                "中华人民共和国政府信息公开条例", "本年制发件数", "本年处理决定数量", "本年收费金额")


TABLE_MODES = ("consistent", "perturbed")
# Share of real reports with a table-arithmetic finding (GX-T3xx/GX-T4xx), measured with
# `gxreview review corpora/*.txt corpora/html/*.html` at commit a8c57a0: 5 of 42 reports
# (two GX-T302, one GX-T303, two GX-T401).
BROKEN_SHARE = 5 / 42
REWRITTEN = ("applications", "appeals")  # the tables with identities
# 表三 result rows where a small agency's occasional application usually lands (natural persons)
_COMMON_ROWS = ("r1", "r2", "r4_1", "r5_1", "r6", "r6_3")

_CHARS: list[str] = []

Values = dict[str, dict[str, dict[str, "int | None"]]]  # table -> row -> column -> value


@dataclass(frozen=True)
class TableCells:
    """Where a base's 表三/表四 cells are: their values, text spans and the pieces holding them."""

    fmt: str | None
    values: Values
    spans: dict[tuple[str, str, str], tuple[int, int]]
    pieces: frozenset[int]


@dataclass
class Base:
    org: str
    year: int
    text: str
    cells: TableCells | None = None
    name: str = ""  # file name in the corpus
    form: frozenset[int] = frozenset()  # pieces of form text (tables, headings, statutory wording)


@dataclass
class Agency:
    name: str
    region: str
    slug: str
    base: Base
    first_year: int
    n_years: int
    rewrite_share: float
    copies_from: int | None = None  # index of another agency copied from
    copy_share: float = 0.0
    reports: dict[int, list[str]] = field(default_factory=dict)  # year -> pieces


def _load_bases(corpus: Path) -> list[Base]:
    from gxreview.pipeline import analyse, as_document

    out = []
    for p in sorted(corpus.glob("*.txt")):
        try:
            a = analyse(as_document(p))
        except Exception:
            continue
        if a.info.org and a.info.year and len(a.text) > 800:
            cells = _table_cells(a)
            form = {i for i, piece in enumerate(_pieces(a.text)) if _is_form(piece) or len(piece) < 12}
            out.append(Base(a.info.org, a.info.year, a.text, cells, p.name, frozenset(form | (cells.pieces if cells else set()))))
    if not out:
        raise SystemExit(f"no usable base reports in {corpus}")
    return out


def _is_form(piece: str) -> bool:
    digits = sum(ch.isdigit() for ch in piece)
    return any(m in piece for m in FORM_MARKERS) or digits > 0.25 * max(1, len(piece))


def _pieces(text: str) -> list[str]:
    return [m.group(0) for m in _SENT.finditer(text) if m.group(0)]


def _clause_pool(bases: list[Base]) -> list[str]:
    pool = set()
    for b in bases:
        for piece in _pieces(b.text):
            if _is_form(piece):
                continue
            for c in _CLAUSE.findall(piece):
                c = c.strip()
                if 6 <= len(c) <= 60 and sum("\u4e00" <= ch <= "\u9fff" for ch in c) >= 0.7 * len(c):
                    pool.add(c)
    return sorted(pool)


def _new_sentence(rng: random.Random, pool: list[str], length: int) -> str:
    """A new sentence of about ``length`` characters: corpus clauses with every few characters
    replaced, so that new wording shares no 5-grams with other reports (as a real rewrite)."""
    out: list[str] = []
    n = 0
    while n < max(12, length - 8):
        c = list(pool[rng.randrange(len(pool))])
        for k in range(rng.randrange(4), len(c), 4):
            c[k] = rng.choice(_CHARS)
        out.append("".join(c))
        n += len(c) + 1
    return "，".join(out) + "。"


def _shift_years(piece: str, delta: int, stale: float, rng: random.Random) -> str:
    if not delta:
        return piece

    def sub(m: re.Match[str]) -> str:
        return m.group(1) if rng.random() < stale else str(int(m.group(1)) + delta)

    return _YEAR.sub(sub, piece)


def _perturb_numbers(piece: str, rng: random.Random, p: float) -> str:
    def sub(m: re.Match[str]) -> str:
        s = m.group(0)
        if len(s) == 4 and s.startswith(("19", "20")) or rng.random() > p:
            return s
        if "." in s:
            return f"{float(s) * rng.uniform(0.5, 1.5):.2f}"
        return str(max(0, int(int(s) * rng.uniform(0.5, 1.5)) + rng.randint(-3, 3)))

    return _NUM.sub(sub, piece)


def _table_cells(a) -> TableCells | None:
    """The base's 表三/表四 cells, or None unless both were read without ambiguity (blank or missing
    cells only in result rows or the 总计 column, where they stay blank).

    Offsets are into ``a.text`` (the normalised body, crawl header removed), which is the base text."""
    from gxreview.tables.spec import leaf_rows

    values: Values = {}
    spans: dict[tuple[str, str, str], tuple[int, int]] = {}
    leaves = set(leaf_rows(a.info.format))
    for table in REWRITTEN:
        det = a.tables.details.get(table)
        if not det or det["ambiguous_rows"] or det["decided_by_narrative"]:
            return None
        values[table] = {}
        for row, cols in det["cells"].items():
            values[table][row] = {}
            for col, cell in cols.items():
                if cell["read"] in ("blank", "missing") and (row in leaves or col == "total"):
                    values[table][row][col] = None  # left blank or not printed: stays so
                    continue
                start, end, raw = cell["start"], cell["end"], cell["raw"]
                if cell["read"] not in ("cell", "split", "grid") or start is None or not raw.isdigit() \
                        or a.text[start:end] != raw:
                    return None
                values[table][row][col] = int(raw)
                spans[(table, row, col)] = (start, end)
    bounds = [m.end() for m in _SENT.finditer(a.text)]
    pieces = frozenset(_piece_index(bounds, start) for start, _ in spans.values())
    return TableCells(a.info.format, values, spans, pieces)


def _piece_index(bounds: list[int], pos: int) -> int:
    """Index of the piece (``_pieces`` order) holding text offset ``pos``; ``bounds`` are piece ends."""
    from bisect import bisect_right

    return bisect_right(bounds, pos)


def _scaled(v: int, k: float, rng: random.Random) -> int:
    """``v * k`` rounded up or down at random (so small counts neither vanish nor all round alike)."""
    x = v * k
    return int(x) + (rng.random() < x - int(x))


def _consistent_values(cells: TableCells, k: float, carry_in: dict[str, int] | None, rng: random.Random) -> Values:
    """New 表三/表四 values satisfying every identity: base values scaled by ``k``, a few sporadic
    applications added, 上年结转 = ``carry_in`` (last year's 结转下年度) when given; blank cells stay blank."""
    from gxreview.tables.spec import APPLICANT_COLS, T4_COLS, leaf_rows

    base_t3, base_t4 = cells.values["applications"], cells.values["appeals"]
    t3: dict[str, dict[str, int | None]] = {r: {} for r in base_t3}
    for r in leaf_rows(cells.fmt):
        for c in APPLICANT_COLS:
            v = base_t3[r][c]
            if v is not None:
                extra = rng.randint(1, 3) if c == "natural_person" and r in _COMMON_ROWS and rng.random() < 0.04 else 0
                t3[r][c] = _scaled(v, k, rng) + extra
            else:
                t3[r][c] = None
    for c in APPLICANT_COLS:
        done = sum(t3[r][c] or 0 for r in leaf_rows(cells.fmt))
        cin = carry_in[c] if carry_in else _scaled(base_t3["carry_in"][c] or 0, k, rng)
        cout = max(_scaled(base_t3["carry_out"][c] or 0, k, rng), cin - done)
        t3["r7"][c], t3["carry_in"][c], t3["carry_out"][c] = done, cin, cout
        t3["new"][c] = done + cout - cin
    for r, cols in t3.items():
        cols["total"] = None if base_t3[r]["total"] is None else sum(cols[c] or 0 for c in APPLICANT_COLS)
    t4: dict[str, dict[str, int | None]] = {}
    for b, cols in base_t4.items():
        t4[b] = {c: _scaled(cols[c] or 0, k, rng) for c in T4_COLS[:4]}
        t4[b]["total"] = sum(t4[b].values())  # type: ignore[arg-type]
    return {"applications": t3, "appeals": t4}


def _slip(v: int, rng: random.Random) -> int:
    """A small typing slip: v ± 1 or 2 with as many digits as v (so a glued digit run keeps its length)."""
    return rng.choice([v + d for d in (-2, -1, 1, 2) if v + d >= 0 and len(str(v + d)) == len(str(v))])


def _break_cell(values: Values, rng: random.Random) -> dict:
    """Change one cell as a real slip does (a cell mistyped, or a total not updated); return what changed."""
    from gxreview.tables.spec import T4_COLS

    table = "applications" if rng.random() < 0.6 else "appeals"
    kind = rng.choice(("cell", "total"))
    rows = values[table]
    if kind == "total":
        options = [(r, "total") for r in rows if rows[r]["total"] is not None]
    elif table == "appeals":
        options = [(r, c) for r in rows for c in T4_COLS[:4]]
    else:
        options = [(r, c) for r in rows if r != "r7" for c in rows[r] if c != "total" and rows[r][c] is not None]
    row, col = rng.choice(options)
    correct = rows[row][col]
    assert correct is not None
    rows[row][col] = _slip(correct, rng)
    return {"table": table, "row": row, "col": col, "kind": kind, "printed": rows[row][col], "correct": correct}


def _rewrite_cells(text: str, cells: TableCells, values: Values) -> str:
    """``text`` (the base's) with every table cell's digits replaced by ``values``, shape untouched."""
    out, pos = [], 0
    for (table, row, col), (start, end) in sorted(cells.spans.items(), key=lambda kv: kv[1][0]):
        v = values[table][row][col]
        out += [text[pos:start], str(v)]
        pos = end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class TableChain:
    """An agency's form text from year to year in consistent mode: its base's, with new 表三/表四
    values on its own scale (结转 carried over), or the base's real values if its tables were not
    read unambiguously."""

    factor: float
    carry: dict[str, int] | None = None

    def year(self, ag: Agency, year: int, pieces: list[str], rng: random.Random,
             broken_share: float) -> tuple[list[str], dict | None]:
        """``pieces`` with their form pieces replaced by this year's, and the broken cell (if any)."""
        cells, text, broken = ag.base.cells, ag.base.text, None
        if cells is not None:
            values = _consistent_values(cells, self.factor * math.exp(rng.gauss(0.0, 0.25)), self.carry, rng)
            self.carry = {c: v for c, v in values["applications"]["carry_out"].items() if c != "total" and v is not None}
            broken = _break_cell(values, rng) if rng.random() < broken_share else None
            text = _rewrite_cells(text, cells, values)
        fresh = _pieces(text.replace(ag.base.org, ag.name))
        out = [_shift_years(fresh[i], year - ag.base.year, 0.0, rng) if i in ag.base.form else p
               for i, p in enumerate(pieces)]
        return out, broken


def _first_report(ag: Agency, rng: random.Random, pool: list[str]) -> list[str]:
    """The agency's first year: its base with its own name, years moved, narrative rebuilt."""
    text = ag.base.text.replace(ag.base.org, ag.name)
    out = []
    for piece in _pieces(text):
        piece = _shift_years(piece, ag.first_year - ag.base.year, 0.0, rng)
        if _is_form(piece) or len(piece) < 12:  # form text and headings
            out.append(_perturb_numbers(piece, rng, 0.7))
        else:
            out.append(_new_sentence(rng, pool, len(piece)))
    return out


def _next_report(prev: list[str], ag: Agency, rng: random.Random, pool: list[str]) -> list[str]:
    out = []
    for piece in prev:
        if _is_form(piece) or len(piece) < 12:
            out.append(_perturb_numbers(_shift_years(piece, 1, 0.0, rng), rng, 0.7))
        elif rng.random() < ag.rewrite_share:
            out.append(_new_sentence(rng, pool, len(piece)))
        else:
            out.append(_perturb_numbers(_shift_years(piece, 1, 0.05, rng), rng, 0.4))
    return out


def _copy_from(own: list[str], other: list[str], ag: Agency, other_name: str, rng: random.Random) -> list[str]:
    """Replace a share of narrative pieces by the other agency's, its name left inside half the time."""
    narrative = [i for i, p in enumerate(other) if not _is_form(p) and len(p) >= 12]
    out = list(own)
    j = 0
    for i, p in enumerate(out):
        if _is_form(p) or len(p) < 12 or rng.random() >= ag.copy_share or j >= len(narrative):
            continue
        piece = other[narrative[j]]
        j += 1
        out[i] = piece if rng.random() < 0.5 else piece.replace(other_name, ag.name)
    return out


def _header(org: str, year: int, published: str) -> str:
    return (f"标题: {org}{year}年度政府信息公开工作年度报告\n发布时间: {published} 09:00\n文号: \n发布机构: {org}\n"
            f"栏目: 政府信息公开年报\n原文链接: synthetic\n本地目录: synthetic\n页面链接与图片详见 links.tsv(同目录)\n"
            "==================== 正文 ====================\n")


def _agency_names(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """(name, region, slug) for n distinct agencies; about 30 agencies share an area."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(out) < n:
        area = "".join(rng.choice(AREA_CHARS) for _ in range(2)) + rng.choice(AREA_SUFFIXES)
        province = rng.choice(PROVINCES)
        for k in rng.sample(range(len(AGENCY_NAMES)), rng.randint(5, len(AGENCY_NAMES))):
            name = area + AGENCY_NAMES[k]
            if name in seen:
                continue
            seen.add(name)
            out.append((name, province + area, f"a{len(out):06d}"))
            if len(out) == n:
                break
    return out


def generate(n_reports: int, out_dir: str | Path, seed: int = 0, *, corpus: str | Path | None = None,
             tables: str = "consistent", broken_share: float = BROKEN_SHARE) -> list[Path]:
    """Write ``n_reports`` synthetic reports under ``out_dir`` (deterministic for a seed); return their paths.

    ``tables``: "consistent" (realistic tables, ``broken_share`` of them with one slipped cell) or
    "perturbed" (numbers changed at random: stress)."""
    if tables not in TABLE_MODES:
        raise ValueError(f"tables must be one of {TABLE_MODES}, not {tables!r}")
    rng = random.Random(seed)
    trng = random.Random(f"tables-{seed}")  # own stream: the narrative is the same in both modes
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    bases = _load_bases(Path(corpus) if corpus else CORPORA)
    pool = _clause_pool(bases)
    global _CHARS
    _CHARS = sorted({ch for c in pool for ch in c})
    # agencies and their years until n_reports is reached
    plans: list[tuple[int, int]] = []
    total = 0
    while total < n_reports:
        k = min(rng.choice((1, 2, 3, 4, 5, 5, 6)), n_reports - total)
        plans.append((rng.randint(2019, 2025 - k + 1), k))
        total += k
    names = _agency_names(rng, len(plans))
    agencies: list[Agency] = []
    for (name, region, slug), (first, k) in zip(names, plans, strict=True):
        ag = Agency(name, region, slug, rng.choice(bases), first, k, rng.choice((0.05, 0.2, 0.35, 0.5, 0.8, 0.95)))
        if agencies and rng.random() < 0.05:
            ag.copies_from = rng.randrange(len(agencies))
            ag.copy_share = rng.uniform(0.3, 0.8)
        agencies.append(ag)
    sources = {id(agencies[a.copies_from]) for a in agencies if a.copies_from is not None}
    paths: list[Path] = []
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as mf, \
            open(out / "truth.jsonl", "w", encoding="utf-8") as tf:
        w = csv.writer(mf)
        w.writerow(["path", "org", "year", "published"])
        for ag in agencies:
            prev: list[str] | None = None
            chain = TableChain(min(5.0, max(0.2, math.exp(trng.gauss(0.0, 0.6))))) if tables == "consistent" else None
            for year in range(ag.first_year, ag.first_year + ag.n_years):
                pieces = _first_report(ag, rng, pool) if prev is None else _next_report(prev, ag, rng, pool)
                src = agencies[ag.copies_from] if ag.copies_from is not None else None
                copied = src is not None and year in src.reports
                if copied:
                    pieces = _copy_from(pieces, src.reports[year], ag, src.name, rng)
                # next year (and any copier) starts from these in both modes, so the narrative is the same
                ag.reports[year] = prev = pieces
                broken = None
                if chain is not None:
                    pieces, broken = chain.year(ag, year, pieces, trng, broken_share)
                published = f"{year + 1}-01-{rng.randint(10, 31):02d}"
                rel = Path(ag.region) / f"{ag.slug}_{year}.txt"
                path = out / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(_header(ag.name, year, published) + "".join(pieces) + "\n", encoding="utf-8")
                paths.append(path)
                w.writerow([rel.as_posix(), ag.name, year, published])
                tf.write(json.dumps({"path": rel.as_posix(), "org": ag.name, "year": year, "base": ag.base.name,
                                     "rewrite_share": ag.rewrite_share if year > ag.first_year else None,
                                     "copied_from": (src.name if copied else None),
                                     "copy_share": round(ag.copy_share, 3) if copied else None,
                                     "tables": "kept" if chain is not None and ag.base.cells is None else tables,
                                     "broken_cell": broken},
                                    ensure_ascii=False) + "\n")
            if id(ag) not in sources:  # keep memory bounded: only copied agencies keep their texts
                ag.reports = {}
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("n", type=int)
    p.add_argument("-o", "--out", default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tables", choices=TABLE_MODES, default="consistent",
                   help="consistent: realistic tables (default); perturbed: numbers changed at random (stress)")
    p.add_argument("--broken-share", type=float, default=BROKEN_SHARE,
                   help=f"share of consistent reports with one slipped table cell (default {BROKEN_SHARE:.3f}, the real rate)")
    args = p.parse_args(argv)
    out = args.out or str(ROOT / "benchmarks" / "_synthetic" / f"n{args.n}")
    paths = generate(args.n, out, seed=args.seed, tables=args.tables, broken_share=args.broken_share)
    print(f"{len(paths)} reports in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
