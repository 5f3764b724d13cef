"""Batch on a mixed folder: real reports, re-encoded copies, broken files and non-report files give
exactly one line per input; outputs follow the contract; results equal single-report reviews."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from gxreview.batch import run_batch
from gxreview.batch.inputs import discover
from gxreview.batch.outputs import escape_cell
from gxreview.batch.progress import Progress
from gxreview.batch.rows import SCORE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
CHAIN = ["pingtan-czjrj_2021.txt", "pingtan-czjrj_2022.txt", "pingtan-czjrj_2023.txt"]
OTHERS = ["xiangtan-sjj_2024.txt", "pingtan-gaj_2024.txt"]
QUIET = Progress(quiet=True)


def _mixed_folder(tmp: Path) -> tuple[Path, dict[str, str | None]]:
    """A folder of inputs; returns it and {source: expected error code or None}."""
    d = tmp / "in"
    (d / "sub").mkdir(parents=True)
    expect: dict[str, str | None] = {}
    for n in CHAIN + OTHERS:
        shutil.copy(CORPORA / n, d / n)
        expect[n] = None
    text = (CORPORA / "shanghai-kewei_2024.txt").read_text(encoding="utf-8")
    (d / "sub" / "kewei-gbk.txt").write_bytes(text.encode("gb18030"))
    expect["sub/kewei-gbk.txt"] = None
    (d / "sub" / "kewei-utf16.txt").write_bytes(text.encode("utf-16"))
    expect["sub/kewei-utf16.txt"] = None
    shutil.copy(CORPORA / "html" / "shuyang-fgj_2023.html", d / "sub" / "fgj.HTML")
    expect["sub/fgj.HTML"] = None
    import docx  # python-docx: the same report as a Word file

    doc = docx.Document()
    for para in text.split("\n"):
        doc.add_paragraph(para)
    doc.save(str(d / "sub" / "kewei.docx"))
    expect["sub/kewei.docx"] = None
    (d / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = "E002"
    (d / "random.pdf").write_bytes(bytes(range(256)) * 20)
    expect["random.pdf"] = "E006"
    (d / "notzip.docx").write_bytes(b"this is not a zip file at all")
    expect["notzip.docx"] = "E006"
    (d / "recipe.txt").write_text("番茄炒蛋的做法：先把鸡蛋打散，再放入番茄翻炒，最后加盐。\n" * 5, encoding="utf-8")
    expect["recipe.txt"] = "E008"
    (d / "=formula.txt").write_text("=1+2 这不是报告\n", encoding="utf-8")
    expect["=formula.txt"] = "E008"
    os.symlink(d / "missing-target.txt", d / "dangling.txt")
    expect["dangling.txt"] = "E001"
    os.symlink(d, d / "sub" / "loop")  # a folder symlink back to the top: must not loop
    (d / "README.md").write_text("# corpus readme", encoding="utf-8")
    (d / "notes.json").write_text("{}", encoding="utf-8")
    return d, expect


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("batch")
    d, expect = _mixed_folder(tmp)
    out = tmp / "out"
    rep = run_batch(str(d), out, workers=2, progress=QUIET)
    return d, out, expect, rep


def _lines(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "reviews.jsonl").read_text(encoding="utf-8").splitlines()]


def test_one_line_per_input_in_sorted_order_with_error_objects(mixed):
    _d, out, expect, rep = mixed
    lines = _lines(out)
    assert [x["source"] for x in lines] == sorted(expect)
    assert rep.inputs == len(expect) == len(lines)
    for x in lines:
        code = expect[x["source"]]
        if code is None:
            assert "error" not in x, x.get("error")
            assert x["report"]["chars"] > 1000
        else:
            assert x["error"]["code"] == code, (x["source"], x["error"])
            assert x["error"]["message"].startswith(x["source"] + ":")


def test_skipped_lists_documentation_other_extensions_and_loops(mixed):
    _d, out, _expect, _rep = mixed
    skipped = dict(line.split("\t") for line in (out / "skipped.txt").read_text(encoding="utf-8").splitlines())
    assert "README.md" in skipped and "notes.json" in skipped
    assert any(k.startswith("sub/loop") and "loop" in v for k, v in skipped.items())


def test_result_equals_single_review_with_its_prior(mixed):
    """A batch result depends only on (file, prior, …): it equals `review(file, prior=year-1)`."""
    from gxreview.io import load
    from gxreview.pipeline import review

    _d, out, _expect, _rep = mixed
    by_src = {x["source"]: line for x, line in zip(_lines(out), (out / "reviews.jsonl").read_text(encoding="utf-8").splitlines(), strict=True)}
    doc = load(_d / CHAIN[1], source=CHAIN[1])
    prior = load(_d / CHAIN[0], source=CHAIN[0])
    assert review(doc, prior).to_json() == by_src[CHAIN[1]]
    alone = load(_d / OTHERS[0], source=OTHERS[0])
    assert review(alone).to_json() == by_src[OTHERS[0]]
    assert json.loads(by_src[CHAIN[1]])["scores"]["reuse"]["prior"] == CHAIN[0]


def test_scores_csv_and_parquet_columns_and_rows(mixed):
    import pyarrow.parquet as pq

    _d, out, expect, _rep = mixed
    with open(out / "scores.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    assert tuple(head[: len(SCORE_COLUMNS)]) == SCORE_COLUMNS
    assert head[-4:] == ["n_error", "n_warning", "n_info", "error_code"]
    assert len(rows) - 1 == len(expect)
    recs = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    for r in recs:
        src = r["source"].lstrip("'")
        assert (r["error_code"] or None) == expect[src]
        if expect[src] is None:
            assert r["n_error"] != "" and r["completeness"] != ""
    assert "'=formula.txt" in [r["source"] for r in recs]  # formula cell escaped
    t = pq.read_table(out / "scores.parquet")
    assert t.column_names == head
    assert t.num_rows == len(expect)
    assert t.column("source").to_pylist() == sorted(expect)  # parquet keeps the raw value


def test_findings_parquet_matches_jsonl(mixed):
    import pyarrow.parquet as pq

    _d, out, _e, _r = mixed
    t = pq.read_table(out / "findings.parquet")
    assert t.column_names == ["source", "code", "name", "severity", "section", "start", "end", "message"]
    want = [(x["source"], f["code"], f["start"]) for x in _lines(out) for f in x.get("findings", [])]
    got = list(zip(t.column("source").to_pylist(), t.column("code").to_pylist(), t.column("start").to_pylist(), strict=True))
    assert got == want and want


def test_triage_ranks_errors_first_then_quality_ascending(mixed):
    _d, out, expect, _r = mixed
    with open(out / "triage.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(expect)
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    n_err = sum(1 for v in expect.values() if v)
    assert all(expect[r["source"].lstrip("'")] for r in rows[:n_err])
    qs = [float(r["quality"]) for r in rows[n_err:] if r["quality"]]
    assert qs == sorted(qs)
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "recipe.txt" in html


def test_outdir_inside_input_is_never_read(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPORA / CHAIN[0], d / CHAIN[0])
    out = d / "results"
    run_batch(str(d), out, workers=1, progress=QUIET)
    run_batch(str(d), out, workers=1, progress=QUIET)  # summary.html of run 1 must not become an input
    assert [x["source"] for x in _lines(out)] == [CHAIN[0]]
    assert discover(str(d), exclude=out).items[0].source == CHAIN[0]


def test_outdir_collisions_are_usage_errors(tmp_path):
    from gxreview.errors import UsageError

    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPORA / CHAIN[0], d / CHAIN[0])
    with pytest.raises(UsageError):
        run_batch(str(d), d, workers=1, progress=QUIET)
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(UsageError):
        run_batch(str(d), f, workers=1, progress=QUIET)


def test_manifest_and_glob_inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for n in CHAIN:
        shutil.copy(CORPORA / n, d / n)
    m = d / "manifest.csv"
    m.write_text("path,org,year,published\n" + "\n".join(f"{n},,,2099-12-31" for n in reversed(CHAIN)) + "\n",
                 encoding="utf-8")
    out = tmp_path / "out"
    run_batch(str(m), out, workers=1, progress=QUIET)
    lines = _lines(out)
    assert [x["source"] for x in lines] == CHAIN
    assert all(x["report"]["published"] == "2099-12-31" for x in lines)
    out2 = tmp_path / "out2"
    run_batch(str(d / "*_202[12].txt"), out2, workers=1, progress=QUIET)
    assert [x["source"] for x in _lines(out2)] == CHAIN[:2]


def test_escape_cell():
    assert escape_cell("=SUM(A1)") == "'=SUM(A1)"
    assert escape_cell("+1") == "'+1" and escape_cell("-1") == "'-1" and escape_cell("@x") == "'@x"
    assert escape_cell("平潭") == "平潭" and escape_cell(3) == 3


def test_unreadable_file_is_e001(tmp_path, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    f = d / "locked.txt"
    shutil.copy(CORPORA / CHAIN[0], f)
    f.chmod(0)
    if os.geteuid() == 0:  # root reads files whatever their mode: fail the read as it fails for a user
        from gxreview.batch import keys

        real = keys.sha256_file

        def denied(path, *args, **kw):
            if Path(path) == f:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kw)

        monkeypatch.setattr(keys, "sha256_file", denied)
    out = tmp_path / "out"
    run_batch(str(d), out, workers=1, progress=QUIET)
    err = _lines(out)[0]["error"]
    assert err["code"] == "E001"
    assert err["message"] == "locked.txt: cannot read the file (Permission denied)"


def test_manifest_unreadable_entries_are_e001_and_never_hang(tmp_path):
    """Root can read any file, so unreadable inputs are a missing file, a folder and a FIFO."""
    d = tmp_path / "in"
    (d / "folder.txt").mkdir(parents=True)
    os.mkfifo(d / "pipe.txt")
    shutil.copy(CORPORA / CHAIN[0], d / CHAIN[0])
    m = d / "list.csv"
    m.write_text(f"path\nmissing.txt\nfolder.txt\npipe.txt\n{CHAIN[0]}\n", encoding="utf-8")
    out = tmp_path / "out"
    run_batch(str(m), out, workers=1, progress=QUIET)
    got = {x["source"]: x.get("error", {}).get("code") for x in _lines(out)}
    assert got == {"missing.txt": "E001", "folder.txt": "E001", "pipe.txt": "E001", CHAIN[0]: None}
    out2 = tmp_path / "out2"
    run_batch(str(d), out2, workers=1, progress=QUIET)  # folder mode: the FIFO is skipped, not read
    skipped = (out2 / "skipped.txt").read_text(encoding="utf-8")
    assert "pipe.txt\tnot a regular file" in skipped


def test_against_folder_gives_the_same_results_as_review(tmp_path, monkeypatch):
    """Priors found in --against (indexed once by the parent) as `review --against` finds them."""
    from gxreview.cli import review_paths

    d = tmp_path / "in"
    d.mkdir()
    ref = tmp_path / "ref"
    ref.mkdir()
    for n in ("pingtan-czjrj_2023.txt", "pingtan-scjgj_2024.txt"):
        shutil.copy(CORPORA / n, d / n)
    for n in ("pingtan-czjrj_2022.txt", "pingtan-scjgj_2023.txt", "pingtan-gaj_2024.txt", "xiangtan-sjj_2024.txt"):
        shutil.copy(CORPORA / n, ref / n)
    out = tmp_path / "out"
    run_batch(str(d), out, against=str(ref), workers=2, progress=QUIET)
    monkeypatch.chdir(d)
    want = "".join(r.to_json() + "\n" for r in review_paths(sorted(os.listdir(d)), against=str(ref)))
    got = (out / "reviews.jsonl").read_text(encoding="utf-8")
    assert got == want
    assert all(x["scores"]["reuse"]["prior"] for x in _lines(out))
    assert len(list((out / ".gxbatch").glob("against-*.sqlite"))) == 1


def test_summaries_only_with_the_flag(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(CORPORA / OTHERS[0], d / OTHERS[0])
    run_batch(str(d), tmp_path / "a", workers=1, progress=QUIET)
    run_batch(str(d), tmp_path / "b", workers=1, summaries=True, progress=QUIET)
    assert _lines(tmp_path / "a")[0]["summary"]["text"] is None
    assert _lines(tmp_path / "b")[0]["summary"]["text"]


def test_cli_exit_codes(tmp_path, capsys):
    from gxreview.cli import main

    d = tmp_path / "in"
    d.mkdir()
    (d / "empty.txt").write_bytes(b"")
    assert main(["batch", str(d), "-o", str(tmp_path / "o1"), "--workers", "1"]) == 2  # nothing reviewable
    shutil.copy(CORPORA / OTHERS[0], d / OTHERS[0])
    assert main(["batch", str(d), "-o", str(tmp_path / "o2"), "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "2 inputs, 1 reviewed, 1 errors (E002×1)" in err
    assert main(["batch", str(d), "-o", str(d)]) == 2  # OUTDIR = INPUT


def test_plain_progress_lines_have_count_rate_and_eta():
    import io

    buf = io.StringIO()
    p = Progress(buf)
    p.start("reviewing", 3)
    for _ in range(3):
        p.advance()
    p.stop()
    last = buf.getvalue().strip().splitlines()[-1]
    assert last.startswith("gxreview batch: reviewing: 3/3 (") and "/s, ETA 0m00s)" in last
