"""Journal payload codecs: zstd (pyarrow) and the zlib fallback both round-trip, and a journal
written with one is read with the other available (the tag byte decides)."""

from __future__ import annotations

import pytest

from gxreview.batch import journal


@pytest.mark.parametrize("use_zstd", [True, False])
def test_result_blob_round_trip(tmp_path, monkeypatch, use_zstd):
    if use_zstd and journal._PA is None:
        pytest.skip("pyarrow with zstd is not installed")
    if not use_zstd:
        monkeypatch.setattr(journal, "_PA", None)
    line = ('{"source":"a.txt","text":"' + "政府信息公开" * 5000 + '"}').encode("utf-8")
    derived = {"row": {"source": "a.txt", "quality": 91.5}, "findings": [["GX-T301", "x", "error", None, 1, 2, "m"]]}
    blob = journal.result_blob(derived, line)
    assert blob[4:5] == (b"s" if use_zstd else b"z")
    j = journal.Journal(tmp_path, resume=False)
    j.add_blob("k", blob)
    assert j.get_raw("k") == (derived, line)
    assert journal.split_blob(blob) == (derived, line)
    j.close()
    monkeypatch.undo()  # a zlib journal is still read once pyarrow is back, and survives --resume
    j2 = journal.Journal(tmp_path, resume=True)
    assert j2.get_raw("k") == (derived, line)
    j2.close()
