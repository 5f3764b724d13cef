"""Cross-agency reuse index: report-level MinHash LSH candidates, sentence alignment inside them.

scikit-learn style::

    idx = ReuseIndex("reuse.gxi").fit("corpus/")      # or fit([paths…]) / fit([Analysis…])
    hits = idx.query(analysis)                         # reports of other agencies sharing text
    prior = idx.prior_for(analysis)                    # same org_key, year − 1 (an Analysis)

Each report is reduced to the masked character 5-grams of its narrative sentences that are not
template text; a MinHash signature (datasketch, :data:`NUM_PERM` permutations) is cut into
:data:`BANDS` bands of :data:`ROWS` rows whose bucket keys go into an on-disk SQLite table, so a
query reads only its own buckets. The file is data only (SQLite: integers, text, raw little-endian
uint32 signatures, zlib-compressed text) — never pickle. Building is linear in the corpus size and
runs over ``workers`` processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import zlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..orgs import same_agency
from .align import align
from .mask import org_forms, shingles
from .narrative import Unit, build_units, units_of
from .templates import models_digest

FORMAT_VERSION = 1
NUM_PERM = 128
BANDS, ROWS = 42, 3  # P(candidate | Jaccard 0.5) = 1 − (1 − 0.5³)⁴² ≈ 0.996
SEED = 1
SHINGLE = 5
MIN_EST_JACCARD = 0.05  # candidates below this signature estimate are not aligned
B102_MIN_SHARE = 0.2  # share of the narrative shared with another agency that fires GX-B102…
B102_MIN_SENTENCES = 2  # …in at least this many sentences

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS reports (id INTEGER PRIMARY KEY, rid TEXT, source TEXT, org TEXT, org_key TEXT,
    year INTEGER, chars INTEGER, sig BLOB, units TEXT, text BLOB, meta TEXT);
CREATE TABLE IF NOT EXISTS bands (band INTEGER, bucket INTEGER, report INTEGER);
"""


# ---------------------------------------------------------------- signatures

_PERMS = None


def _perms():
    global _PERMS
    if _PERMS is None:
        from datasketch import MinHash

        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        _PERMS = (m.permutations, m.scheme)
    return _PERMS


def _h32(b: bytes) -> int:
    return zlib.crc32(b)


def report_shingles(units: Iterable[Unit]) -> set[str]:
    """The set a report is signed with: masked 5-grams of its non-template narrative sentences."""
    out: set[str] = set()
    for u in units:
        if not u.template:
            out |= shingles(u.masked, SHINGLE)
    return out


def signature(sh: set[str]):
    """MinHash signature (numpy uint32 array of :data:`NUM_PERM`) of a shingle set (datasketch)."""
    import numpy as np
    from datasketch import MinHash

    perms, scheme = _perms()
    m = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_h32, permutations=perms, scheme=scheme)
    if sh:
        m.update_batch([s.encode("utf-8") for s in sh])
    return m.hashvalues.astype(np.uint32)


def band_keys(sig) -> list[int]:
    """One signed 64-bit bucket key per band."""
    out = []
    for b in range(BANDS):
        chunk = sig[b * ROWS : (b + 1) * ROWS].tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little", signed=True))
    return out


# ---------------------------------------------------------------- records


def _record_from_parts(source: str, text: str, info, units: list[Unit], meta: dict[str, str]) -> dict[str, Any]:
    kept = [u for u in units if not u.template]
    sig = signature(report_shingles(kept))
    return {
        "rid": info.id, "source": source, "org": info.org, "org_key": info.org_key, "year": info.year,
        "chars": len(text), "sig": sig.tobytes(),
        "units": json.dumps([[u.start, u.end, u.section, u.masked, u.chars] for u in kept], ensure_ascii=False),
        "text": zlib.compress(text.encode("utf-8"), 6),
        "meta": json.dumps({k: v for k, v in meta.items() if k in ("标题", "发布时间", "org", "year", "published")},
                           ensure_ascii=False),
    }


def record_for_path(path: str, source: str | None = None) -> dict[str, Any] | None:
    """Index record of one file (None when it cannot be read); no analysis stages are run."""
    from ..io import load
    from ..metadata import extract_info
    from ..segment.sentences import split_sentences

    try:
        doc = load(path, source=source)
    except Exception:
        return None
    info = extract_info(doc)
    units = build_units(doc.text, split_sentences(doc.text), info.org)  # sections are not needed here
    return _record_from_parts(doc.source, doc.text, info, units, doc.meta)


def record_for_analysis(a) -> dict[str, Any]:
    return _record_from_parts(a.doc.source, a.text, a.info, units_of(a), a.doc.meta)


def _record_job(args: tuple[str, str]) -> dict[str, Any] | None:
    return record_for_path(*args)


def corpus_files(root: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(path, source) of every report file under a folder, as a batch selects them (its folder walk:
    report extensions, README*/SOURCES*/EXPECTED* left out, sorted by relative path)."""
    from ..batch.inputs import discover

    return [(it.path, it.source) for it in discover(str(root)).items]


# ---------------------------------------------------------------- the index


class ReuseIndex:
    """Cross-agency reuse index kept in one SQLite file (or in memory when ``path`` is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, workers: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.workers = workers
        self.root: str | None = None
        self._db: sqlite3.Connection | None = None

    # -- storage
    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(self.path or ":memory:")
            self._db.executescript(_SCHEMA)
        return self._db

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ReuseIndex:
        """Open an index written by :meth:`fit` (read-only)."""
        p = Path(path)
        if not p.is_file():
            raise UsageError(str(path), "no reuse index here (build one with `gxreview index build DIR -o INDEX`)")
        idx = cls(p)
        try:
            idx._db = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
            version = idx._meta("format_version")
        except sqlite3.DatabaseError:
            raise UsageError(str(path), "not a gxreview reuse index (not an SQLite file)") from None
        if version != str(FORMAT_VERSION):
            raise UsageError(str(path), f"reuse index format must be {FORMAT_VERSION}, got {version}")
        idx.root = idx._meta("root")
        return idx

    # -- fit
    def fit(self, corpus: str | os.PathLike[str] | Iterable[Any]) -> ReuseIndex:
        """Index a folder, a list of paths or a list of analysed reports; returns self."""
        if isinstance(corpus, (str, os.PathLike)):
            if not Path(corpus).is_dir():
                raise UsageError(str(corpus), "index build needs a folder of reports")
            self.root = str(Path(corpus).resolve())
            jobs = corpus_files(corpus)
            records = self._map(jobs)
        else:
            items = list(corpus)
            if items and not isinstance(items[0], (str, os.PathLike)):
                records = (record_for_analysis(a) for a in items)
            else:
                records = self._map([(str(p), str(p)) for p in items])
        db = self.db
        db.execute("DELETE FROM reports")
        db.execute("DELETE FROM bands")
        n = 0
        with db:
            for rec in records:
                if rec is None:
                    continue
                cur = db.execute("INSERT INTO reports (rid, source, org, org_key, year, chars, sig, units, text, meta)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?)",
                                 (rec["rid"], rec["source"], rec["org"], rec["org_key"], rec["year"], rec["chars"],
                                  rec["sig"], rec["units"], rec["text"], rec["meta"]))
                rowid = cur.lastrowid
                if rec["units"] != "[]":
                    import numpy as np

                    keys = band_keys(np.frombuffer(rec["sig"], dtype=np.uint32))
                    db.executemany("INSERT INTO bands VALUES (?,?,?)", [(b, k, rowid) for b, k in enumerate(keys)])
                n += 1
            db.execute("CREATE INDEX IF NOT EXISTS bands_key ON bands (band, bucket)")
            db.execute("CREATE INDEX IF NOT EXISTS reports_year ON reports (year)")
            for k, v in {"format_version": FORMAT_VERSION, "num_perm": NUM_PERM, "bands": BANDS, "rows": ROWS,
                         "shingle": SHINGLE, "seed": SEED, "reports": n, "models": models_digest(),
                         "root": self.root or ""}.items():
                db.execute("INSERT OR REPLACE INTO meta VALUES (?,?)", (k, str(v)))
        self.n_reports_ = n
        return self

    def _map(self, jobs: list[tuple[str, str]]):
        workers = self.workers if self.workers is not None else min(2, os.cpu_count() or 1)
        if workers <= 1 or len(jobs) < 64:
            return (record_for_path(p, s) for p, s in jobs)
        from concurrent.futures import ProcessPoolExecutor

        ex = ProcessPoolExecutor(max_workers=workers)

        def gen():
            try:
                yield from ex.map(_record_job, jobs, chunksize=64)
            finally:
                ex.shutdown()

        return gen()

    def digest(self) -> str:
        """Identity of the indexed content (for batch resume keys)."""
        h = hashlib.sha256()
        for row in self.db.execute("SELECT rid, source FROM reports ORDER BY id"):
            h.update(f"{row[0]}|{row[1]}\n".encode())
        h.update(str(self._meta("models")).encode())
        return h.hexdigest()[:16]

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM reports").fetchone()[0]

    # -- query
    def candidates(self, sig) -> list[int]:
        """Row ids of indexed reports sharing at least one LSH bucket with a signature."""
        keys = band_keys(sig)
        found: set[int] = set()
        for b, k in enumerate(keys):
            found.update(r for (r,) in self.db.execute("SELECT report FROM bands WHERE band=? AND bucket=?", (b, k)))
        return sorted(found)

    def query(self, a) -> list[dict[str, Any]]:
        """Reports of other agencies sharing narrative with ``a``, strongest first (memoised)."""
        if "reuse.query" in a.cache:
            return a.cache["reuse.query"]
        import numpy as np

        units = [u for u in units_of(a) if not u.template]
        total = sum(u.chars for u in units)
        sig = signature(report_shingles(units))
        hits = []
        if units:
            for rowid in self.candidates(sig):
                row = self.db.execute("SELECT rid, source, org, org_key, year, sig, units FROM reports WHERE id=?",
                                      (rowid,)).fetchone()
                rid, source, org, key, year, osig, ounits = row
                if rid == a.info.id or same_agency(key, a.info.org_key):
                    continue
                est = float(np.mean(np.frombuffer(osig, dtype=np.uint32) == sig))
                if est < MIN_EST_JACCARD:
                    continue
                hit = self._compare(a, units, total, est, rid, source, org, year, json.loads(ounits))
                if hit:
                    hits.append(hit)
        hits.sort(key=lambda h: (-h["shared_chars"], h["source"]))
        a.cache["reuse.query"] = hits
        return hits

    def _compare(self, a, units, total, est, rid, source, org, year, ounits) -> dict[str, Any] | None:
        other = [Unit(s, e, sec, "", m, "", c, None) for s, e, sec, m, c in ounits]
        matches = align(units, other, edits=False)
        if not matches:
            return None
        shared = sum(units[m.i].chars for m in matches)
        share = shared / total if total else 0.0
        passages = [{"start": units[m.i].start, "end": units[m.i].end, "other_start": other[m.j].start,
                     "other_end": other[m.j].end, "ratio": m.ratio, "text": a.text[units[m.i].start:units[m.i].end][:80]}
                    for m in matches]
        names = [n for p in passages for n in foreign_names(a.text, a.info.org, org, p["start"], p["end"])]
        fires = (share >= B102_MIN_SHARE and len(matches) >= B102_MIN_SENTENCES) or bool(names)
        return {"source": source, "org": org, "year": year, "jaccard": round(est, 3), "shared_chars": shared,
                "share": round(share, 4), "sentences": len(matches), "passages": passages,
                "foreign_names": names, "fires": fires}

    # -- prior lookup
    def prior_for(self, a):
        """The same agency's report for year − 1 as an Analysis (None if not indexed)."""
        if not a.info.year or not a.info.org_key:
            return None
        rows = self.db.execute("SELECT rid, source, org_key, text, meta FROM reports WHERE year=? ORDER BY id",
                               (a.info.year - 1,)).fetchall()
        rows = [r for r in rows if r[0] != a.info.id and same_agency(r[2], a.info.org_key)]
        if not rows:
            return None
        rows.sort(key=lambda r: r[2] != a.info.org_key)  # an exact key first
        _rid, source, _key, blob, meta = rows[0]
        from ..document import Document
        from ..pipeline import analyse, as_document

        path = Path(self.root) / source if self.root else Path(source)
        if path.is_file():
            try:
                return analyse(replace(as_document(str(path)), source=source), a.config)
            except Exception:
                pass
        text = zlib.decompress(blob).decode("utf-8")
        doc = Document(source=source, text=text, raw_body=text, kind="txt", meta=json.loads(meta))
        return analyse(doc, a.config)


def foreign_names(text: str, own_org: str | None, other_org: str | None, start: int = 0,
                  end: int | None = None) -> list[dict[str, Any]]:
    """Another agency's name (or a short form of it) written inside ``text[start:end]``:
    ``[{name, start, end}]``; forms that are also part of the report's own name do not count."""
    if not other_org:
        return []
    own = org_forms(own_org)
    end = len(text) if end is None else end
    out: list[dict[str, Any]] = []
    for f in org_forms(other_org):
        if len(f) < 4 or any(f in o for o in own):
            continue
        i = text.find(f, start, end)
        if i >= 0 and not any(n["start"] <= i < n["end"] for n in out):
            out.append({"name": f, "start": i, "end": i + len(f)})
    return out


def load_against(path: str | os.PathLike[str]) -> ReuseIndex:
    """``--against DIR|INDEX``: an index file, or a folder indexed in memory on the fly."""
    p = Path(path)
    if p.is_dir():
        return ReuseIndex(None).fit(p)
    return ReuseIndex.load(p)


def cli_index_build(args) -> int:
    """``gxreview index build DIR -o INDEX``."""
    import time

    out = Path(args.output)
    if out.exists():
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    tmp = out.with_name(out.name + ".part")
    if tmp.exists():
        tmp.unlink()
    idx = ReuseIndex(tmp, workers=getattr(args, "workers", None)).fit(args.dir)
    idx.db.close()
    os.replace(tmp, out)
    print(f"indexed {idx.n_reports_} reports from {args.dir} into {out} in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    return 0
