"""Chinese labels of the contract's table, row and column keys (report-format.md), as data."""

from __future__ import annotations

TABLE_LABELS: dict[str, str] = {
    "proactive": "表二 主动公开政府信息情况",
    "applications": "表三 收到和处理政府信息公开申请情况",
    "appeals": "表四 政府信息公开行政复议、行政诉讼情况",
    "processing_fee": "信息处理费",
}

_APPLICATION_ROWS: dict[str, str] = {
    "new": "一、本年新收", "carry_in": "二、上年结转",
    "r1": "（一）予以公开", "r2": "（二）部分公开",
    "r3_1": "（三）1.属于国家秘密", "r3_2": "（三）2.其他法律行政法规禁止公开", "r3_3": "（三）3.危及“三安全一稳定”",
    "r3_4": "（三）4.保护第三方合法权益", "r3_5": "（三）5.属于三类内部事务信息", "r3_6": "（三）6.属于四类过程性信息",
    "r3_7": "（三）7.属于行政执法案卷", "r3_8": "（三）8.属于行政查询事项",
    "r4_1": "（四）1.本机关不掌握相关政府信息", "r4_2": "（四）2.没有现成信息需要另行制作", "r4_3": "（四）3.补正后申请内容仍不明确",
    "r5_1": "（五）1.信访举报投诉类申请", "r5_2": "（五）2.重复申请", "r5_3": "（五）3.要求提供公开出版物",
    "r5_4": "（五）4.无正当理由大量反复申请", "r5_5": "（五）5.要求行政机关确认或重新出具已获取信息",
    "r6": "（六）其他处理", "r6_1": "（六）1.逾期不补正", "r6_2": "（六）2.逾期未缴纳费用", "r6_3": "（六）3.其他",
    "r7": "（七）总计", "carry_out": "四、结转下年度继续办理",
}

ROW_LABELS: dict[str, dict[str, str]] = {
    "applications": _APPLICATION_ROWS,
    "appeals": {"review": "行政复议", "lit_direct": "行政诉讼：未经复议直接起诉", "lit_after_review": "行政诉讼：复议后起诉"},
    "proactive": {"rules": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可", "penalty": "行政处罚",
                  "enforcement": "行政强制", "fees": "行政事业性收费", "other_services": "其他对外管理服务事项",
                  "procurement": "政府集中采购"},
    "processing_fee": {},
}

COL_LABELS: dict[str, str] = {
    "natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构", "other": "其他", "total": "总计",
    "maintain": "结果维持", "correct": "结果纠正", "pending": "尚未审结",
    "issued": "本年制发", "repealed": "本年废止", "in_force": "现行有效", "decisions": "处理决定数量",
    "amount_wan": "收费金额（万元）", "made": "本年新制作", "published": "本年新公开", "in_force_total": "对外公开总数量",
    "prior_count": "上一年项目数量", "change": "本年增/减", "projects": "采购项目数量", "amount": "采购总金额",
    "notices": "收费通知件数", "amount_notified": "通知金额", "amount_collected": "实收金额",
}
