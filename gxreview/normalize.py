"""One-to-one character folding: width and punctuation variants, so offsets map back to the raw body.

Every character maps to exactly one character, hence ``len(fold(s)) == len(s)`` and offsets are
shared between the raw body and the normalised text.
"""

from __future__ import annotations

_FOLD: dict[int, str] = {}

# full-width ASCII letters and digits → ASCII; full-width % . , : ; etc. → ASCII where numbers use them
for _cp in range(0xFF10, 0xFF1A):  # ０-９
    _FOLD[_cp] = chr(_cp - 0xFEE0)
for _cp in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # Ａ-Ｚ ａ-ｚ
    _FOLD[_cp] = chr(_cp - 0xFEE0)
_FOLD.update(
    {
        ord("％"): "%",
        ord("．"): ".",
        ord("＋"): "+",
        ord("－"): "-",
        ord("＝"): "=",
        ord("／"): "/",
        ord("＜"): "<",
        ord("＞"): ">",
        ord("＆"): "&",
        ord("＃"): "#",
        ord("＊"): "*",
        ord("～"): "~",
        ord("｜"): "|",
        # brackets: ASCII and variant parentheses → the full-width form used by the format
        ord("("): "（",
        ord(")"): "）",
        ord("﹙"): "（",
        ord("﹚"): "）",
        ord("﹝"): "〔",
        ord("﹞"): "〕",
        ord("［"): "〔",
        ord("］"): "〕",
        ord("【"): "【",
        # list comma / full stops variants
        ord("﹑"): "、",
        ord("，"): "，",
        ord("﹐"): "，",
        ord("︰"): "：",
        ord("﹕"): "：",
        ord("﹔"): "；",
        ord("｡"): "。",
        # quotes
        ord("＂"): '"',
        ord("＇"): "'",
        ord("「"): "“",
        ord("」"): "”",
        # spaces: ideographic / no-break / thin / zero-width → plain space
        0x3000: " ",
        0x00A0: " ",
        0x2002: " ",
        0x2003: " ",
        0x2009: " ",
        0x200B: " ",
        0x202F: " ",
        0xFEFF: " ",
        # dashes
        0x2014: "—",
        0x2015: "—",
        0x2500: "—",
        0xFE58: "—",
        # a few traditional forms common on mirror sites (one character each)
        ord("報"): "报",
        ord("資"): "资",
        ord("訊"): "讯",
        ord("開"): "开",
        ord("務"): "务",
        ord("請"): "请",
        ord("處"): "处",
        ord("結"): "结",
        ord("轉"): "转",
        ord("與"): "与",
        ord("況"): "况",
        ord("體"): "体",
        ord("動"): "动",
        ord("復"): "复",
        ord("議"): "议",
        ord("訟"): "讼",
        ord("題"): "题",
        ord("進"): "进",
        ord("項"): "项",
        ord("關"): "关",
        ord("數"): "数",
        ord("計"): "计",
        ord("總"): "总",
        ord("門"): "门",
        ord("辦"): "办",
        ord("費"): "费",
        ord("規"): "规",
        ord("範"): "范",
        ord("執"): "执",
        ord("歸"): "归",
        ord("確"): "确",
        ord("問"): "问",
        ord("維"): "维",
        ord("審"): "审",
        ord("諮"): "谘",
        ord("條"): "条",
        ord("區"): "区",
        ord("縣"): "县",
        ord("國"): "国",
        ord("會"): "会",
        ord("機"): "机",
        ord("發"): "发",
        ord("廢"): "废",
        ord("現"): "现",
        ord("們"): "们",
        ord("為"): "为",
        ord("這"): "这",
        ord("個"): "个",
        ord("來"): "来",
        ord("對"): "对",
        ord("應"): "应",
        ord("經"): "经",
        ord("濟"): "济",
        ord("納"): "纳",
        ord("統"): "统",
        ord("據"): "据",
        ord("間"): "间",
        ord("無"): "无",
        ord("舉"): "举",
        ord("訪"): "访",
        ord("類"): "类",
        ord("複"): "复",
        ord("內"): "内",
        ord("錄"): "录",
        ord("價"): "价",
        ord("東"): "东",
        ord("區"): "区",
        ord("號"): "号",
        ord("頁"): "页",
        ord("實"): "实",
        ord("驗"): "验",
        ord("網"): "网",
        ord("站"): "站",
        ord("政"): "政",
        ord("況"): "况",
        ord("護"): "护",
        ord("權"): "权",
        ord("銷"): "销",
        ord("覆"): "复",
        ord("張"): "张",
        ord("訴"): "诉",
        ord("書"): "书",
        ord("廳"): "厅",
        ord("稅"): "税",
        ord("級"): "级",
        ord("單"): "单",
        ord("糾"): "纠",
        ord("補"): "补",
        ord("並"): "并",
        ord("於"): "于",
        ord("決"): "决",
        ord("產"): "产",
        ord("業"): "业",
        ord("學"): "学",
        ord("衛"): "卫",
        ord("醫"): "医",
        ord("療"): "疗",
        ord("環"): "环",
        ord("境"): "境",
        ord("態"): "态",
    }
)
_TABLE = {k: v for k, v in _FOLD.items() if chr(k) != v}


def fold(text: str) -> str:
    """Fold width/punctuation/traditional variants one character to one character."""
    return text.translate(_TABLE)


def fold_table() -> dict[int, str]:
    """The folding table (for documentation and tests)."""
    return dict(_TABLE)
