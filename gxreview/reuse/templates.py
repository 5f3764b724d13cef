"""Template text: wording every report legitimately shares, left out of reuse on both sides.

Two kinds, both data:

* **mandated** — the form's table labels and headings (stripped from a sentence before it is
  compared) and the conventional sentences of the format (statutory basis, 统计期限, where the
  electronic version is, who to contact, the 勾稽 note): :data:`FORM_PHRASES`,
  :data:`TEMPLATE_SENTENCES`;
* **learned** — masked sentences found shared across many agencies in several regions, trained by
  ``python -m gxreview.reuse.train_templates`` and stored in ``models/templates/templates.json``
  (data only) with a manifest of the corpus coverage.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .mask import from_readable

MODEL_DIR = Path(__file__).resolve().parent.parent.parent / "models" / "templates"

# Headings and table labels of the national format (report-format.md §3, §4): removed from a
# sentence before comparison (longest first), so a table glued to a sentence adds nothing.
FORM_PHRASES: tuple[str, ...] = tuple(sorted({
    # section headings and their common variants
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
    "政府信息公开行政复议和行政诉讼情况", "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
    "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况",
    "存在的主要问题及改进措施", "其他需要报告的事项", "主动公开政府信息的数量",
    # table 二
    "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项",
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件", "规范性文件",
    "本年处理决定数量", "行政许可", "行政处罚", "行政强制", "本年收费金额（单位：万元）", "本年收费金额",
    "行政事业性收费", "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
    "处理决定数量", "采购项目数量", "采购总金额",
    # table 三
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人",
    "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计",
    "本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "本年度办理结果", "予以公开",
    "部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开", "不予公开", "属于国家秘密",
    "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益", "属于三类内部事务信息",
    "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项", "无法提供", "本机关不掌握相关政府信息",
    "没有现成信息需要另行制作", "补正后申请内容仍不明确", "不予处理", "信访举报投诉类申请", "重复申请",
    "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息", "其他处理",
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "结转下年度继续办理",
    # table 四
    "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
}, key=lambda s: (-len(s), s)))

# Conventional sentences of the format and the 条例 (regexes on the normalised sentence text).
TEMPLATE_SENTENCES: tuple[str, ...] = (
    r"根据.{0,40}《中华人民共和国政府信息公开条例》.{0,240}(?:编制|制定|形成|报告如下|发布)",
    r"依据.{0,40}《中华人民共和国政府信息公开条例》.{0,240}(?:编制|制定|形成|报告如下|发布)",
    r"(?:勾稽|钩稽)关系",
    r"统计(?:期限|时限|区间|周期)",
    r"所列数据.{0,20}(?:自|从|为).{0,12}年.{0,4}月.{0,4}日",
    r"本(?:年度)?报告.{0,60}(?:电子版|网站|网址|平台).{0,80}(?:公布|下载|查阅|发布|公开)",
    r"(?:如对|对)本(?:年度)?报告.{0,20}(?:疑问|意见|建议).{0,120}联系",
    r"本(?:年度)?报告(?:包括|由|共分|分为|内容包括).{0,200}(?:部分|组成|构成)",
    r"^(?:特此报告|此件主动公开|（此件主动公开）|附件[:：]?)",
)
_TEMPLATE_RX = re.compile("|".join(f"(?:{p})" for p in TEMPLATE_SENTENCES))


def is_mandated_sentence(text: str) -> str | None:
    """The template pattern a sentence matches (None if it is not a conventional sentence)."""
    m = _TEMPLATE_RX.search(text)
    return m.group(0) if m else None


@lru_cache(maxsize=4)
def learned_templates(model_dir: str | None = None) -> frozenset[str]:
    """Masked sentences learned as shared across agencies (empty when no model is installed)."""
    path = Path(model_dir) if model_dir else MODEL_DIR
    f = path / "templates.json"
    if not f.exists():
        return frozenset()
    data = json.loads(f.read_text(encoding="utf-8"))
    return frozenset(from_readable(s) for s in data.get("sentences", []))


def models_digest(model_dir: str | None = None) -> str:
    """SHA-256 prefix of the template model (part of an index's identity)."""
    import hashlib

    path = (Path(model_dir) if model_dir else MODEL_DIR) / "templates.json"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else "none"
