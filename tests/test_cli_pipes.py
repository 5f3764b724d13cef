"""The CLI closes quietly when its reader has gone away (``gxreview review … | head``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


def test_closed_pipe_gives_no_traceback():
    p = subprocess.Popen([sys.executable, "-m", "gxreview", "review", str(CORPORA / "xiangtan-sjj_2024.txt")],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()  # the reader is gone long before the review (imports + review) writes anything
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert "Traceback" not in err, err
    assert p.returncode == 141
