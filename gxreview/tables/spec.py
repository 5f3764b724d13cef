"""The official tables declared once, as data: rows, columns, labels, label variants, units, identities.

Used by the parsers (labels and cell counts), the solver and the checks (identities), the renderers
and the DataFrame view (official labels). Formats: ``"2021"`` (国办公开办函〔2021〕30号) and ``"2019"``
(the trial format of 国办公开办函〔2019〕60号). See ``report-format.md`` §4 and contract §2.

A row's ``pattern`` is a regular expression for the *core* of its label as it appears in real
reports (variants and typos included); ``number`` is the numbering prefix the official form prints
before it (stripped from the end of the previous row's digits when glued on: ``…00000002.其他…``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

Cell = tuple[str, str]  # (row key, column key)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str  # the official label
    number: str  # numbering prefix as printed ("一、", "（一）", "1.") or ""
    pattern: str  # regex for the label core (variants/typos included)


@dataclass(frozen=True)
class TableSpec:
    key: str  # contract key: applications | appeals | proactive | processing_fee
    title: str
    rows: tuple[RowSpec, ...]
    columns: tuple[str, ...]
    column_labels: tuple[str, ...]
    unit: str
    row_columns: dict[str, tuple[str, ...]] | None = None  # per-row columns (表二), else all columns
    flat: bool = False  # values are {col: value} rather than {row: {col: value}} (processing_fee)

    def cols(self, row: str) -> tuple[str, ...]:
        if self.row_columns and row in self.row_columns:
            return self.row_columns[row]
        return self.columns

    def row(self, key: str) -> RowSpec:
        return next(r for r in self.rows if r.key == key)

    def label(self, row: str) -> str:
        return self.row(row).label


@dataclass(frozen=True)
class Identity:
    """One exact equality ``sum(lhs) == sum(rhs)`` over cells, with its rule id and finding code."""

    rule: str  # e.g. "T3-I1[total]"
    code: str  # finding code when it fails
    table: str
    lhs: tuple[Cell, ...]
    rhs: tuple[Cell, ...]
    text: str  # human form, e.g. "一 + 二 = （七）总计 + 四 (总计)"

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.lhs + self.rhs


APPLICANT_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other")
T3_COLS = APPLICANT_COLS + ("total",)
T4_COLS = ("maintain", "correct", "other", "pending", "total")

COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构", "other": "其他", "total": "总计",
    "maintain": "结果维持", "correct": "结果纠正", "pending": "尚未审结",
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数", "decisions": "本年处理决定数量",
    "amount_wan": "本年收费金额（单位：万元）", "made": "本年新制作数量", "published": "本年新公开数量",
    "in_force_total": "对外公开总数量", "prior_count": "上一年项目数量", "change": "本年增/减",
    "projects": "采购项目数量", "amount": "采购总金额",
    "notices": "通知收取件数", "amount_notified": "通知收取金额（元）", "amount_collected": "实际收取金额（元）",
}
# 表四 "other" means 其他结果 (表三 "other" is 其他): the renderers ask per table.
T4_COLUMN_LABELS = {"maintain": "结果维持", "correct": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计"}

_PAREN = r"\s*[（(][^（()）]{0,40}[)）]"
_R2 = r"部分公开(?:" + _PAREN + r")?"

_T3_HEAD = (
    RowSpec("new", "一、本年新收政府信息公开申请数量", "一、", r"本年新收政府信息公开申请(?:数量|数|件数)?"),
    RowSpec("carry_in", "二、上年结转政府信息公开申请数量", "二、", r"上年结转政府信息公开申请(?:数量|数|件数)?"),
    RowSpec("r1", "（一）予以公开", "（一）", r"予以公开"),
    RowSpec("r2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）", _R2),
    RowSpec("r3_1", "1.属于国家秘密", "1.", r"属于国家秘密"),
    RowSpec("r3_2", "2.其他法律行政法规禁止公开", "2.", r"其他法律行政法规禁止公开"),
    RowSpec("r3_3", "3.危及“三安全一稳定”", "3.", r"危及\s*[“\"']?\s*三安全一稳定\s*[”\"']?"),
    RowSpec("r3_4", "4.保护第三方合法权益", "4.", r"保护第三方合法权益"),
    RowSpec("r3_5", "5.属于三类内部事务信息", "5.", r"属于三类内部事务信\s*息"),
    RowSpec("r3_6", "6.属于四类过程性信息", "6.", r"属于四类过程性信息"),
    RowSpec("r3_7", "7.属于行政执法案卷", "7.", r"属于行政执法案[卷件]"),
    RowSpec("r3_8", "8.属于行政查询事项", "8.", r"属于行政查询事项"),
    RowSpec("r4_1", "1.本机关不掌握相关政府信息", "1.", r"本机关不掌握相关政\s*府信息"),
    RowSpec("r4_2", "2.没有现成信息需要另行制作", "2.", r"没有现成信息需要另\s*(?:行制作)?"),
    RowSpec("r4_3", "3.补正后申请内容仍不明确", "3.", r"补正后申请内容仍不\s*明确"),
    RowSpec("r5_1", "1.信访举报投诉类申请", "1.", r"信访举报投诉类申请"),
    RowSpec("r5_2", "2.重复申请", "2.", r"重复申请"),
    RowSpec("r5_3", "3.要求提供公开出版物", "3.", r"要求提供公开出版物"),
    RowSpec("r5_4", "4.无正当理由大量反复申请", "4.", r"无正当理由大量反复\s*申请"),
    RowSpec("r5_5", "5.要求行政机关确认或重新出具已获取信息", "5.", r"要求行政机关确认或\s*重新出具已获取信息"),
)
_T3_R6_2021 = (
    RowSpec("r6_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1.",
            r"申请人无正当理由逾\s*期不补正[、，,\s]*行政机关不\s*再处理其政府信息公开\s*申请"),
    RowSpec("r6_2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2.",
            r"申请人逾期未按收费\s*通知要求缴纳费用[、，,\s]*行\s*政机关不再处理其政府\s*信息公开申请"),
    RowSpec("r6_3", "3.其他", "3.", r"其他(?!处理|结果|法律|需要|对外)"),
)
_T3_R6_2019 = (RowSpec("r6", "（六）其他处理", "（六）", r"其他处理"),)
_T3_TAIL = (
    RowSpec("r7", "（七）总计", "（七）", r"总计"),
    RowSpec("carry_out", "四、结转下年度继续办理", "四、", r"结转下年度继续办理"),
)

APPLICATIONS_2021 = TableSpec("applications", "收到和处理政府信息公开申请情况", _T3_HEAD + _T3_R6_2021 + _T3_TAIL,
                              T3_COLS, tuple(COLUMN_LABELS[c] for c in T3_COLS), "件")
APPLICATIONS_2019 = TableSpec("applications", "收到和处理政府信息公开申请情况", _T3_HEAD + _T3_R6_2019 + _T3_TAIL,
                              T3_COLS, tuple(COLUMN_LABELS[c] for c in T3_COLS), "件")

APPEALS = TableSpec(
    "appeals", "政府信息公开行政复议、行政诉讼情况",
    (RowSpec("review", "行政复议", "", r"行政法?复议"),
     RowSpec("lit_direct", "行政诉讼·未经复议直接起诉", "", r"未经复议直接起诉"),
     RowSpec("lit_after_review", "行政诉讼·复议后起诉", "", r"复议后起诉")),
    T4_COLS, tuple(T4_COLUMN_LABELS[c] for c in T4_COLS), "件")

# 表二 rows printed alike by both formats (one pattern to maintain); 规范性文件 differs only in its label.
_T2_RULES = RowSpec("rules", "规章", "", r"(?<!规范性文件)规章")
_T2_NORMATIVE = r"(?:行政)?规范性文件"
_T2_LICENSING = RowSpec("licensing", "行政许可", "", r"行政许可")
_T2_PENALTY = RowSpec("penalty", "行政处罚", "", r"行政处罚")
_T2_ENFORCEMENT = RowSpec("enforcement", "行政强制", "", r"行政强制")
_T2_FEES = RowSpec("fees", "行政事业性收费", "", r"行政事业性收费")

PROACTIVE_2021 = TableSpec(
    "proactive", "主动公开政府信息情况",
    (_T2_RULES, RowSpec("normative_docs", "行政规范性文件", "", _T2_NORMATIVE), _T2_LICENSING, _T2_PENALTY,
     _T2_ENFORCEMENT, _T2_FEES),
    ("issued", "repealed", "in_force", "decisions", "amount_wan"),
    ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（单位：万元）"), "件/万元",
    row_columns={"rules": ("issued", "repealed", "in_force"), "normative_docs": ("issued", "repealed", "in_force"),
                 "licensing": ("decisions",), "penalty": ("decisions",), "enforcement": ("decisions",),
                 "fees": ("amount_wan",)})

PROACTIVE_2019 = TableSpec(
    "proactive", "主动公开政府信息情况",
    (_T2_RULES, RowSpec("normative_docs", "规范性文件", "", _T2_NORMATIVE), _T2_LICENSING,
     RowSpec("other_services", "其他对外管理服务事项", "", r"其他对外管理服务事项"), _T2_PENALTY, _T2_ENFORCEMENT,
     _T2_FEES, RowSpec("procurement", "政府集中采购", "", r"政府集中采购")),
    ("made", "published", "in_force_total", "prior_count", "change", "decisions", "projects", "amount"),
    ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额"),
    "件/元",
    row_columns={"rules": ("made", "published", "in_force_total"), "normative_docs": ("made", "published", "in_force_total"),
                 "licensing": ("prior_count", "change", "decisions"), "other_services": ("prior_count", "change", "decisions"),
                 "penalty": ("prior_count", "change", "decisions"), "enforcement": ("prior_count", "change", "decisions"),
                 "fees": ("prior_count", "change"), "procurement": ("projects", "amount")})

PROCESSING_FEE = TableSpec(
    "processing_fee", "信息处理费收取情况",
    (RowSpec("fee", "信息处理费收取情况", "", r"信息处理费收取情况"),),
    ("notices", "amount_notified", "amount_collected"),
    ("通知收取件数", "通知收取金额（元）", "实际收取金额（元）"), "件/元", flat=True)

# Columns that may hold decimals (money) or a sign (本年增/减); all others are non-negative integers.
DECIMAL_COLS = frozenset({"amount_wan", "amount", "amount_notified", "amount_collected"})
SIGNED_COLS = frozenset({"change"})

# Cell text that means "blank" (contract §2): null, never enters an identity.
BLANK_MARKS = ("—", "–", "-", "－", "/", "／", "无", "\\", "")

# Words near which the narrative states a row's figures (used to choose between readings of 表二).
NARRATIVE_CUES: dict[str, tuple[str, ...]] = {
    "rules": ("规章",), "normative_docs": ("规范性文件",), "licensing": ("许可",), "penalty": ("处罚",),
    "enforcement": ("强制",), "fees": ("收费",), "other_services": ("服务事项",), "procurement": ("采购",),
}
NARRATIVE_WINDOW = 25  # characters after the cue word

# Anchors that start each table in flattened text, and cue phrases of the 2019 format.
ANCHORS = {
    "proactive": r"第二十条第[（(]一[)）]项",
    "applications": r"本年新收政府信息公开申请",
    "appeals": r"行政法?复议",
    "processing_fee": r"通知收取件数|信息处理费收取情况",
}
OLD_FORMAT_CUES = ("本年新制作数量", "上一年项目数量", "第二十条第（九）项", "本年新公开数量", "对外公开总数量")


def applications_spec(fmt: str | None) -> TableSpec:
    return APPLICATIONS_2019 if fmt == "2019" else APPLICATIONS_2021


def proactive_spec(fmt: str | None) -> TableSpec:
    return PROACTIVE_2019 if fmt == "2019" else PROACTIVE_2021


def table_spec(table: str, fmt: str | None) -> TableSpec:
    """The spec of a contract table key for a format."""
    return {"applications": applications_spec(fmt), "appeals": APPEALS, "proactive": proactive_spec(fmt),
            "processing_fee": PROCESSING_FEE}[table]


@lru_cache(maxsize=8)
def leaf_rows(fmt: str | None) -> tuple[str, ...]:
    """Result rows summed by T3-I3 (21 in 2021, 19 in 2019)."""
    keys = [r.key for r in applications_spec(fmt).rows]
    return tuple(keys[keys.index("r1"): keys.index("r7")])


@lru_cache(maxsize=8)
def t3_row_keys(fmt: str | None) -> tuple[str, ...]:
    return tuple(r.key for r in applications_spec(fmt).rows)


@lru_cache(maxsize=8)
def identities(fmt: str | None) -> tuple[Identity, ...]:
    """Every identity of 表三 and 表四 for a format, expanded per column/row/block."""
    out: list[Identity] = []
    for c in T3_COLS:
        lab = COLUMN_LABELS[c]
        out.append(Identity(f"T3-I1[{c}]", "GX-T301", "applications", (("new", c), ("carry_in", c)),
                            (("r7", c), ("carry_out", c)), f"一 + 二 = （七）总计 + 四 ({lab})"))
    for r in t3_row_keys(fmt):
        out.append(Identity(f"T3-I2[{r}]", "GX-T302", "applications", ((r, "total"),),
                            tuple((r, c) for c in APPLICANT_COLS), f"{applications_spec(fmt).label(r)}: 总计 = 六类申请人之和"))
    leaves = leaf_rows(fmt)
    for c in T3_COLS:
        out.append(Identity(f"T3-I3[{c}]", "GX-T303", "applications", (("r7", c),),
                            tuple((r, c) for r in leaves), f"（七）总计 = 各办理结果之和 ({COLUMN_LABELS[c]})"))
    for b in APPEALS.rows:
        out.append(Identity(f"T4-I1[{b.key}]", "GX-T401", "appeals", ((b.key, "total"),),
                            tuple((b.key, c) for c in T4_COLS[:4]), f"{b.label}: 总计 = 维持 + 纠正 + 其他 + 尚未审结"))
    return tuple(out)
