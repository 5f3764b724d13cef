"""What a figure looks like and what is never a figure, declared as data.

A figure is a numeral (Arabic, Chinese or mixed) followed by a unit (a measure word, 元, %, 倍…),
optionally with a qualifier before or after it. Everything below is a table of words or patterns;
the extractor in :mod:`gxreview.figures.extract` only combines them.
"""

from __future__ import annotations

# unit as written → (unit reported in the figure, kind when no growth verb precedes it).
# Longest first when compiled. Units never contain 万/亿 (the magnitude is folded into the value).
UNITS: dict[str, tuple[str, str]] = {
    "个百分点": ("百分点", "growth"),
    "百分点": ("百分点", "growth"),
    "个工作日": ("工作日", "count"),
    "工作日": ("工作日", "count"),
    "个月": ("月", "count"),
    "小时": ("小时", "count"),
    "分钟": ("分钟", "count"),
    "人次": ("人次", "count"),
    "件次": ("件次", "count"),
    "户次": ("户次", "count"),
    "家次": ("家次", "count"),
    "场次": ("场次", "count"),
    "条次": ("条次", "count"),
    "个次": ("个次", "count"),
    "轮次": ("轮次", "count"),
    "批次": ("批次", "count"),
    "平方米": ("平方米", "count"),
    "公里": ("公里", "count"),
    "元": ("元", "money"),
    "%": ("%", "percent"),
    "倍": ("倍", "ratio"),
    "件": ("件", "count"),
    "人": ("人", "count"),
    "个": ("个", "count"),
    "条": ("条", "count"),
    "项": ("项", "count"),
    "次": ("次", "count"),
    "封": ("封", "count"),
    "面": ("面", "count"),
    "册": ("册", "count"),
    "本": ("本", "count"),
    "场": ("场", "count"),
    "家": ("家", "count"),
    "篇": ("篇", "count"),
    "期": ("期", "count"),
    "份": ("份", "count"),
    "户": ("户", "count"),
    "批": ("批", "count"),
    "类": ("类", "count"),
    "张": ("张", "count"),
    "台": ("台", "count"),
    "套": ("套", "count"),
    "部": ("部", "count"),
    "所": ("所", "count"),
    "处": ("处", "count"),
    "名": ("名", "count"),
    "位": ("位", "count"),
    "宗": ("宗", "count"),
    "起": ("起", "count"),
    "天": ("天", "count"),
    "笔": ("笔", "count"),
    "轮": ("轮", "count"),
    "支": ("支", "count"),
    "座": ("座", "count"),
    "辆": ("辆", "count"),
    "吨": ("吨", "count"),
    "亩": ("亩", "count"),
    "栏": ("栏", "count"),
}

# Units that must not be followed by these characters (the "unit" is then part of another word):
# 3人民… is not 3人; 5名单; 2期间; 3类似; 4本年; 6部门 (6部 would be wrong: 6个部门 is the figure)
UNIT_BLOCKERS: dict[str, str] = {
    "人": "民工",
    "名": "单称",
    "期": "间限",
    "类": "似型别",
    "本": "年级机部单市区县局",
    "部": "门分署",
    "处": "理置罚室",
    "个": "别性",
    "条": "例件款",
    "次": "数",
    "家": "庭",
    "起": "草诉来",
    "面": "向临积对上",
    "天": "然地",
    "所": "属有在",
    "位": "于置",
    "台": "账",
    "场": "所",
    "份": "额",
    "批": "准复",
    "套": "餐",
    "支": "持付出",
}

# A growth verb right before the numeral makes the figure a stated change (kind "growth").
GROWTH_UP = ("增长", "增加", "上升", "提升", "提高", "增幅", "多出")
GROWTH_DOWN = ("下降", "减少", "降低", "降幅", "减幅", "压缩", "缩短")
GROWTH_FILLERS = "了达为约近至到"

# Qualifier words before and after the numeral (see gxreview.numerals.QUALIFIER_WORDS for bounds).
PREFIX_QUALIFIERS = ("不少于", "不低于", "不超过", "不高于", "超过", "突破", "大约", "将近", "接近",
                     "不足", "不到", "低于", "超", "逾", "约", "近")
NUMERAL_SUFFIX_QUALIFIERS = ("余", "多", "几")
POST_QUALIFIERS = ("以上", "左右", "上下", "以内", "以下")

# Fixed expressions whose numerals are never figures (matched on characters, anywhere).
IDIOMS: tuple[str, ...] = (
    "高效办成一件事", "一件事", "一网通办", "一网统管", "一网协同", "一窗通办", "一窗受理", "一窗办理",
    "一次办", "一次办好", "一次性告知", "最多跑一次", "一趟不用跑", "只跑一次", "跑一次", "一门式",
    "一站式", "一件事一次办", "一业一证", "一证通办", "一码通", "一网通", "一线应答",
    "三集中三到位", "三审三校", "三级审核", "三安全一稳定", "三类内部事务信息", "四类过程性信息",
    "两个确立", "两个维护", "四个意识", "四个自信", "两学一做", "三重一大", "一把手", "一岗双责",
    "五公开", "双随机、一公开", "双随机一公开", "一事一议", "一事一申请", "一案一档", "一企一策",
    "一对一", "点对点", "两不愁三保障", "三大攻坚战", "六稳六保", "六稳", "六保", "三资",
    "四下基层", "四个一", "三个一", "三位一体", "两个一百年", "八项规定", "第一时间", "两会", "十四五", "十五五", "十三五", "二十大", "二十届",
    "三中全会", "四中全会", "五中全会", "二中全会", "一中全会", "党的二十大",
)

# Regular expressions for spans that are never figures: 文号, phone numbers, URLs, e-mails,
# postcodes, addresses, hotline names, the report's own part count, list markers, ordinals.
EXCLUDE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("doc_number", r"〔\d{4}〕\s*\d+\s*号"),
    ("doc_number", r"[\[【（(]\d{4}[\]】）)]\s*\d+\s*号"),
    ("doc_number", r"第\s*\d+\s*号"),
    ("url", r"(?:https?://|www\.)[A-Za-z0-9./_?=&%#:+~-]+"),
    ("email", r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+"),
    ("phone", r"(?<!\d)0\d{2,3}\s?[-—–]\s?\d{7,8}(?:-\d{1,4})?"),
    ("phone", r"(?:电话|传真|手机|联系方式|热线)[:：/]?\s*[\d\-—– ]{5,}"),
    ("phone", r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    ("postcode", r"(?:邮编|邮政编码)[:：]?\s*\d{6}"),
    ("address", r"\d+号(?:楼|院)?(?:\d+(?:层|楼|室))?"),
    ("address", r"\d+(?:层|楼|室|栋|幢|单元)"),
    ("hotline", r"\d{3,5}(?:政务服务便民|政务服务|便民服务|服务)?(?:热线|平台|专线)"),
    ("part_count", r"[一二三四五六七八九十\d]+个部分"),
    # the report's own outline announced before a list ("从以下三个方面改进：一是…")
    ("outline_count", r"(?:以下|如下|下列|下述)[一二两三四五六七八九十几\d]+个方面"),
    ("list_marker", r"(?m)^\s*[（(]?[一二三四五六七八九十\d]+[)）、.．]"),
    ("list_marker", r"[一二三四五六七八九十]+是"),
    ("ordinal", r"第\s*[一二三四五六七八九十百千\d]+"),
    ("date", r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"),
    ("date", r"\d{1,2}\s*月\s*\d{1,2}\s*日"),
    ("article", r"第[一二三四五六七八九十百\d]+条"),
    ("title", r"《[^《》\n]{0,80}》"),
    ("name", r"“[一二两三四五六七八九十百千]+[^”\n]{0,10}”"),
)
