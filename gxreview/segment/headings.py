"""Section headings declared as data: official wording, accepted variants, table markers.

A heading matches by its text (official → variant regex → fuzzy within a small edit distance),
whatever its number (contract §2 "Section keys").
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class HeadingSpec:
    key: str
    number: str  # official number in the 2021 format
    official: str  # official wording (2021 format)
    variants: tuple[str, ...]  # regexes matched at the title start (anchored)
    legacy: tuple[str, ...] = ()  # regexes of the pre-2019 template (matched as "variant", format legacy)
    table_markers: tuple[str, ...] = ()  # text that shows the section holds the table


SECTION_ORDER = ("overview", "proactive", "applications", "appeals", "problems", "other")
REQUIRED = SECTION_ORDER
NUMERALS = "一二三四五六七八九十"

HEADINGS: tuple[HeadingSpec, ...] = (
    HeadingSpec("overview", "一", "总体情况", (r"总体情况", r"基本情况", r"工作概况", r"总体工作情况"), legacy=(r"概述", r"概况")),
    HeadingSpec(
        "proactive", "二", "主动公开政府信息情况",
        (r"主动公开政府信息(?:的)?情况", r"政府信息主动公开(?:的)?情况", r"主动公开(?:政府信息)?工作(?:的)?情况"),
        table_markers=("第二十条第", "本年制发件数", "本年新制作数量", "信息内容"),
    ),
    HeadingSpec(
        "applications", "三", "收到和处理政府信息公开申请情况",
        (r"收到和处理政府信息公开申请(?:的)?情况", r"收到(?:及|与)处理政府信息公开申请(?:的)?情况",
         r"政府信息公开申请(?:的)?(?:办理|处理)?情况", r"依申请公开政府信息(?:的)?情况",
         r"政府信息依申请公开(?:办理)?(?:的)?情况"),
        table_markers=("本年新收", "申请人情况", "勾稽", "钩稽"),
    ),
    HeadingSpec(
        "appeals", "四", "政府信息公开行政复议、行政诉讼情况",
        (r"政府信息公开行政(?:法)?复议[、和与及]行政诉讼(?:的)?情况",
         r"因政府信息公开(?:工作|申请)?被?申请行政复议[、和与及]?提起行政诉讼(?:的)?情况",
         r"政府信息公开(?:工作)?(?:被申请)?行政复议[、和与及](?:提起)?行政诉讼(?:的)?情况",
         r"行政复议[、和与及](?:提起)?行政诉讼(?:的)?情况", r"行政复议[、和与及]行政诉讼"),
        table_markers=("尚未审结", "复议后起诉", "未经复议"),
    ),
    HeadingSpec(
        "problems", "五", "存在的主要问题及改进情况",
        (r"(?:政府信息公开(?:工作)?)?存在的?主要问题(?:及|和|与|以及)(?:改进|整改)(?:情况|措施|计划|方向)",
         r"(?:政府信息公开(?:工作)?)?存在(?:的)?问题(?:及|和|与|以及)(?:改进|整改)(?:情况|措施|计划|方向)",
         r"(?:政府信息公开(?:工作)?)?存在的?主要问题(?:及|和|与|以及)(?:明年|下一步|下年度?)工作(?:计划|打算|安排)",
         r"(?:政府信息公开(?:工作)?)?存在的?(?:主要)?问题(?:及|和|与)(?:改进|整改)"),
    ),
    HeadingSpec("other", "六", "其他需要报告的事项", (r"其他需要?报告的?事项", r"其它需要?报告的?事项", r"其他事项")),
)

SPEC_BY_KEY = {h.key: h for h in HEADINGS}

# Numbered headings that are known not to be one of the six but are section-level ("extra").
EXTRA_HEADINGS: tuple[str, ...] = (
    r"信息处理费(?:收取|收费)(?:的)?情况",
    r"不予公开政府信息(?:的)?情况",
    r"收费及减免(?:的)?情况",
    r"政府信息公开(?:的)?收费及减免情况",
    r"附表",
    r"附件",
)

# Labels of table rows that look like numbered headings but are not.
TABLE_ROW_LABELS = re.compile(r"本年新收|上年结转|本年度办理结果|结转下年度|本年度办 ?理结果")

NUMBER_MARKER = re.compile(
    r"(?:第(?P<n1>[一二三四五六七八九十]{1,2})部分[、：:\s]*)"
    r"|(?P<n2>[一二三四五六七八九十]{1,2})\s*[、.．，,]\s*"
    r"|[（(](?P<n3>[一二三四五六七八九十]{1,2})[）)]\s*"
    r"|^[ \t]*(?P<n4>[一二三四五六七八九十]{1,2})[ \t\u3000]+",
    re.M,
)

# Traditional → simplified characters that occur in section headings (one character to one, so
# offsets are unchanged). Headings are matched on the folded text.
TRADITIONAL = (
    "總體況動開資處請複議訟訴問題進見報項務規範計劃關於與實據條數發廢決費區縣號應產維結審糾補來對會經當從為個們種門網統須領導優權責標準現還嚴檢點歸類單衛環鄉鎮國華辦應將內"
    "並勢屬與這說明況點歷億萬錢價險衆眾獲聽調轉達測擬遞論響驗鑑鑒讀顯隨處圍設積極務資訊費標題階層級產權屬",
    "总体况动开资处请复议讼诉问题进见报项务规范计划关于与实据条数发废决费区县号应产维结审纠补来对会经当从为个们种门网统须领导优权责标准现还严检点归类单卫环乡镇国华办应将内"
    "并势属与这说明况点历亿万钱价险众众获听调转达测拟递论响验鉴鉴读显随处围设积极务资讯费标题阶层级产权属",
)
