"""GX-N102's placeholder pre-test decides as the full test does (the spaces are removed only when needed)."""

from __future__ import annotations

import random
import re

from gxreview.checks import narrative as N


def test_placeholder_pre_test_never_hides_a_placeholder():
    assert N._PLACEHOLDER_FIRSTS is not None  # the shortcut is in effect
    rng = random.Random(12)
    words = ["无", "暂无", "没有", "不存在", "本年度无", "无问题", "无其他需要报告的事项", "。", ";", " ", "\u3000", "\n",
             "\t", "\xa0", "有", "工作", "情况"]
    found = 0
    for _ in range(20000):
        body = "".join(rng.choice(words) for _ in range(rng.randint(1, 5))).strip()
        if not body:
            continue
        full = bool(N.PLACEHOLDER.match(re.sub(r"\s+", "", body)))
        assert (N._maybe_placeholder(body) and full) == full, body
        found += full
    assert found > 500
