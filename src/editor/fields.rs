//! 字段: the field-path lens over the model — the text a field shows ([`field_text`]), its
//! label and options, and setting it from typed text ([`set_field`], numbers read with
//! [`crate::numbers`], units checked). Paths: see the crate docs.

use rust_decimal::Decimal;

use crate::indicator_table::{parse_nature, strip_operator};
use crate::model::*;
use crate::field_input::check_number;
use crate::numbers::{format_decimal, Parsed};

#[derive(Debug)]
pub(crate) enum FieldError {
    /// The text is kept in `unreadable`; the message is computed for display by
    /// [`unreadable_message`] (the string here says the same, for debugging).
    #[allow(dead_code)]
    Unreadable(String),
    Unknown,
}

/// The row id and the field of an indicator path `indicators.<id>.<field…>` (the field is ""
/// for the row itself, `indicators.<id>`); `None` for any other path.
pub fn indicator_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("indicators.")?;
    Some(rest.split_once('.').unwrap_or((rest, "")))
}



pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "是" | "1" | "on" => Some(true),
        "false" | "否" | "0" | "off" | "" => Some(false),
        _ => None,
    }
}

pub(crate) fn enum_from<T: Copy>(all: &[T], label: fn(T) -> &'static str, text: &str) -> Option<T> {
    all.iter().copied().find(|v| label(*v) == text.trim())
}

pub(crate) const MONEY_UNITS: [MoneyUnit; 2] = [MoneyUnit::TenThousandYuan, MoneyUnit::Yuan];
pub(crate) const KINDS: [EvaluationKind; 3] = [
    EvaluationKind::UnitSelf,
    EvaluationKind::Department,
    EvaluationKind::Finance,
];
pub(crate) const SOURCES: [FundsSource; 4] = [
    FundsSource::CurrentAppropriation,
    FundsSource::PriorCarryover,
    FundsSource::Other,
    FundsSource::Custom,
];
pub(crate) const PRESETS: [RulePreset; 4] = RulePreset::ALL;
pub(crate) const BASES: [ExecutionBase; 3] = [
    ExecutionBase::FullYearBudget,
    ExecutionBase::InitialBudget,
    ExecutionBase::Received,
];
pub(crate) const REVERSES: [ReverseFormula; 2] = [ReverseFormula::Ratio, ReverseFormula::LinearToDouble];
pub(crate) const DIRECTIONS: [Direction; 2] = [Direction::Positive, Direction::Reverse];
pub(crate) const GRADES: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Poor];

pub fn execution_base_label(b: ExecutionBase) -> &'static str {
    b.column().label()
}
pub fn reverse_formula_label(r: ReverseFormula) -> &'static str {
    match r {
        ReverseFormula::Ratio => "分值×目标值÷实际值",
        ReverseFormula::LinearToDouble => "线性递减，至两倍目标值为0",
    }
}

/// Options offered for an enum field: (value text, label). `None` for non-enum fields.
pub fn field_options(path: &str) -> Option<Vec<(String, String)>> {
    let last = path.rsplit('.').next().unwrap_or("");
    let o = |v: &str, l: &str| (v.to_string(), l.to_string());
    Some(match (path, last) {
        ("header.money_unit", _) => MONEY_UNITS.iter().map(|u| o(u.label(), u.label())).collect(),
        ("funds.uses_unit" | "funds.transfers_unit" | "funds.plans_unit", _) => std::iter::once(o("", "同项目资金单位"))
            .chain(MONEY_UNITS.iter().map(|u| o(u.label(), u.label())))
            .collect(),
        ("header.kind", _) => KINDS.iter().map(|u| o(u.label(), u.label())).collect(),
        ("rules.preset", _) => PRESETS.iter().map(|u| o(u.label(), u.label())).collect(),
        ("rules.execution_base", _) => BASES
            .iter()
            .map(|b| o(execution_base_label(*b), execution_base_label(*b)))
            .collect(),
        ("rules.reverse_formula", _) => REVERSES
            .iter()
            .map(|r| o(reverse_formula_label(*r), reverse_formula_label(*r)))
            .collect(),
        ("claimed.grade", _) => std::iter::once(o("", "（未填）"))
            .chain(GRADES.iter().map(|g| o(g.label(), g.label())))
            .collect(),
        (_, "source") if path.starts_with("funds.sources.") => {
            SOURCES.iter().map(|u| o(u.label(), u.label())).collect()
        }
        (_, "nature") => IndicatorNature::ALL
            .iter()
            .map(|n| o(n.label(), n.label()))
            .collect(),
        (_, "direction") => std::iter::once(o("", "（未填）"))
            .chain(DIRECTIONS.iter().map(|d| o(d.label(), d.label())))
            .collect(),
        (_, "band") => std::iter::once(o("", "（未选）"))
            .chain(QualitativeBand::ALL.iter().map(|b| o(b.label(), b.label())))
            .collect(),
        (_, "level") => vec![o("1", "一级指标"), o("2", "二级指标"), o("3", "三级指标")],
        _ => return None,
    })
}

/// A short Chinese name for a field path (for undo labels and messages).
pub fn field_label(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = match last {
        "name" => "名称",
        "year" => "年度",
        "department" => "主管部门",
        "implementer" => "实施单位",
        "region" => "地区",
        "money_unit" => "资金单位",
        "kind" => "评价类型",
        "report_date" => "报告日期",
        "contact" => "联系人",
        "budget_initial" => "年初预算数",
        "budget_full" => "全年预算数",
        "received" => "实际到位资金",
        "executed" => "全年执行数",
        "source" => "资金来源",
        "purpose" => "用途",
        "account" => "拨入账户",
        "amount" => "金额",
        "execution_note" => "执行率说明",
        "claimed_rate" => "原报执行率",
        "uses_unit" => "资金使用情况的金额单位",
        "plans_unit" => "预算安排的金额单位",
        "transfers_unit" => "资金拨付情况的金额单位",
        "overall" => "总目标",
        "annual" => "年度目标",
        "achieved" => "实际完成情况",
        "nature" => "指标性质",
        "direction" => "指标方向",
        "target" => "年度指标值",
        "target_text" => "年度指标值（文字）",
        "unit" => "度量单位",
        "actual" => "实际完成值",
        "actual_text" => "实际完成情况（文字）",
        "actual_unit" => "实际值单位",
        "weight" => "分值",
        "band" => "定性档次",
        "band_score" => "定性得分",
        "score" => "人工得分",
        "reason" => "理由",
        "applicable" => "是否适用",
        "from_survey" => "取自满意度调查",
        "deviation" => "偏差原因分析及改进措施",
        "evidence" => "佐证材料",
        "claimed_score" => "已报得分",
        "level" => "级次",
        "distributed" => "发放问卷数",
        "valid" => "有效样本数",
        "method" => "调查方式",
        "label" => "选项",
        "count" => "人数",
        "satisfied" => "计为满意",
        "value" => "数值",
        "stated_in" => "出处",
        "notes" => "备注",
        _ => "",
    };
    if !name.is_empty() {
        return name.to_string();
    }
    if let Some(key) = path.strip_prefix("narrative.") {
        if let Some(s) = NarrativeSection::from_key(key) {
            return s.title().to_string();
        }
    }
    path.to_string()
}

/// The text of a field (as an input shows it), `None` for an unknown path.
pub fn field_text(e: &Evaluation, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    let num = |v: Option<Decimal>| Some(format_decimal(v));
    let b = |v: bool| Some(if v { "true" } else { "false" }.to_string());
    let t = |s: &str| Some(s.to_string());
    match parts.as_slice() {
        ["header", f] => {
            let h = &e.header;
            match *f {
                "name" => t(&h.name),
                "year" => t(&h.year),
                "department" => t(&h.department),
                "implementer" => t(&h.implementer),
                "region" => t(&h.region),
                "money_unit" => t(h.money_unit.label()),
                "kind" => t(h.kind.label()),
                "report_date" => t(&h.report_date),
                "contact" => t(&h.contact),
                _ => None,
            }
        }
        ["notes"] => t(&e.notes),
        ["funds", "total", col] => num(e.funds.total.get(FundsColumn::from_key(col)?)),
        ["funds", "execution_note"] => t(&e.funds.execution_note),
        ["funds", "uses_unit"] => t(e.funds.uses_unit.map_or("", MoneyUnit::label)),
        ["funds", "plans_unit"] => t(e.funds.plans_unit.map_or("", MoneyUnit::label)),
        ["funds", "transfers_unit"] => t(e.funds.transfers_unit.map_or("", MoneyUnit::label)),
        ["funds", "sources", id, f] => {
            let r = e.funds.sources.iter().find(|r| r.id == *id)?;
            match *f {
                "name" => t(&r.name),
                "source" => t(r.source.label()),
                "claimed_rate" => num(r.claimed_rate),
                "claimed_score" => num(r.claimed_score),
                col => num(r.amounts.get(FundsColumn::from_key(col)?)),
            }
        }
        ["funds", "plans", id, f] => {
            let r = e.funds.plans.iter().find(|r| r.id == *id)?;
            match *f {
                "purpose" => t(&r.purpose),
                "amount" => num(r.amount),
                _ => None,
            }
        }
        ["funds", "uses", id, f] => {
            let r = e.funds.uses.iter().find(|r| r.id == *id)?;
            match *f {
                "purpose" => t(&r.purpose),
                "amount" => num(r.amount),
                _ => None,
            }
        }
        ["funds", "transfers", id, f] => {
            let r = e.funds.transfers.iter().find(|r| r.id == *id)?;
            match *f {
                "account" => t(&r.account),
                "amount" => num(r.amount),
                _ => None,
            }
        }
        ["goals", f] => match *f {
            "overall" => t(&e.goals.overall),
            "annual" => t(&e.goals.annual),
            "achieved" => t(&e.goals.achieved),
            _ => None,
        },
        ["indicators", id, f @ ..] => {
            let r = e.indicators.iter().find(|r| r.id == *id)?;
            indicator_field_text(r, &f.join("."))
        }
        ["survey", "distributed"] => num(e.survey.distributed),
        ["survey", "valid"] => num(e.survey.valid),
        ["survey", "method"] => t(&e.survey.method),
        ["survey", "options", id, f] => {
            let o = e.survey.options.iter().find(|o| o.id == *id)?;
            match *f {
                "label" => t(&o.label),
                "count" => num(o.count),
                "satisfied" => b(o.satisfied),
                _ => None,
            }
        }
        ["figures", id, f] => {
            let k = e.figures.iter().find(|k| k.id == *id)?;
            match *f {
                "name" => t(&k.name),
                "value" => num(k.value),
                "unit" => t(&k.unit),
                "stated_in" => t(&k.stated_in),
                _ => None,
            }
        }
        ["narrative", key] => {
            let s = NarrativeSection::from_key(key)?;
            Some(e.narrative.get(&s).cloned().unwrap_or_default())
        }
        ["rules", f @ ..] => {
            let r = &e.rules;
            let d = |v: Decimal| Some(v.to_string());
            match f {
                ["preset"] => t(r.preset.label()),
                ["budget_weight"] => d(r.budget_weight),
                ["execution_base"] => t(execution_base_label(r.execution_base)),
                ["reverse_formula"] => t(reverse_formula_label(r.reverse_formula)),
                ["decimals"] => Some(r.decimals.to_string()),
                ["over_achievement_percent"] => d(r.over_achievement_percent),
                ["execution_explain_below"] => d(r.execution_explain_below),
                ["bands", band, end] => {
                    let (lo, hi) = band_ref(&r.bands, band)?;
                    match *end {
                        "min" => d(lo),
                        "max" => d(hi),
                        _ => None,
                    }
                }
                ["grades", g] => match *g {
                    "excellent" => d(r.grades.excellent),
                    "good" => d(r.grades.good),
                    "pass" => d(r.grades.pass),
                    _ => None,
                },
                ["level1_weights", i, f] => {
                    let w = r.level1_weights.get(i.parse::<usize>().ok()?)?;
                    match *f {
                        "name" => t(&w.name),
                        "weight" => d(w.weight),
                        _ => None,
                    }
                }
                ["rescale_inapplicable"] => b(r.rescale_inapplicable),
                ["draft_mark_on_errors"] => b(r.draft_mark_on_errors),
                ["compare_at_stated_precision"] => b(r.compare_at_stated_precision),
                _ => None,
            }
        }
        ["claimed", f] => match *f {
            "total" => num(e.claimed.total),
            "grade" => t(e.claimed.grade.map(|g| g.label()).unwrap_or("")),
            "execution_rate" => num(e.claimed.execution_rate),
            "budget_score" => num(e.claimed.budget_score),
            _ => None,
        },
        _ => None,
    }
}

/// The text of one field of an indicator row (`""` for an unknown field).
pub fn field_text_of_indicator(r: &Indicator, field: &str) -> String {
    indicator_field_text(r, field).unwrap_or_default()
}

pub(crate) fn indicator_field_text(r: &Indicator, field: &str) -> Option<String> {
    let num = |v: Option<Decimal>| Some(format_decimal(v));
    let b = |v: bool| Some(if v { "true" } else { "false" }.to_string());
    let t = |s: &str| Some(s.to_string());
    match field {
        "name" => t(&r.name),
        "level" => Some(r.level.to_string()),
        "nature" => t(r.nature.label()),
        "direction" => t(r.direction.map(|d| d.label()).unwrap_or("")),
        "target" => num(r.target),
        "target_text" => t(&r.target_text),
        "unit" => t(&r.unit),
        "actual" => num(r.actual),
        "actual_text" => t(&r.actual_text),
        "actual_unit" => t(&r.actual_unit),
        "weight" => num(r.weight),
        "band" => t(r.band.map(|d| d.label()).unwrap_or("")),
        "band_score" => num(r.band_score),
        "manual.score" => num(r.manual.as_ref().and_then(|m| m.score)),
        "manual.reason" => t(r.manual.as_ref().map(|m| m.reason.as_str()).unwrap_or("")),
        "applicable" => b(r.applicable),
        "from_survey" => b(r.from_survey),
        "deviation" => t(&r.deviation),
        "evidence" => t(&r.evidence),
        "claimed_score" => num(r.claimed_score),
        _ => None,
    }
}

pub(crate) fn band_ref(b: &QualitativeBands, band: &str) -> Option<(Decimal, Decimal)> {
    match band {
        "achieved" => Some(b.achieved),
        "partial" => Some(b.partial),
        "failed" => Some(b.failed),
        _ => None,
    }
}

pub(crate) fn band_mut<'a>(b: &'a mut QualitativeBands, band: &str) -> Option<&'a mut (Decimal, Decimal)> {
    match band {
        "achieved" => Some(&mut b.achieved),
        "partial" => Some(&mut b.partial),
        "failed" => Some(&mut b.failed),
        _ => None,
    }
}

/// Sets one field from typed text.
pub(crate) fn set_field(e: &mut Evaluation, path: &str, text: &str) -> Result<(), FieldError> {
    let parts: Vec<&str> = path.split('.').collect();
    // Numbers are checked against the evaluation before borrowing the field mutably.
    let number = |e: &Evaluation| -> Result<Option<Parsed>, FieldError> {
        check_number(e, path, text).map_err(FieldError::Unreadable)
    };
    let required = |e: &Evaluation| -> Result<Decimal, FieldError> {
        match number(e)? {
            Some(p) => Ok(p.value),
            None => Err(FieldError::Unreadable("此项必须填写数字".into())),
        }
    };
    let value = |p: Option<Parsed>| p.map(|p| p.value);
    let boolean = || parse_bool(text).ok_or(FieldError::Unknown);
    let s = text.to_string();
    macro_rules! pick {
        ($all:expr, $label:expr) => {
            enum_from(&$all, $label, text).ok_or(FieldError::Unknown)?
        };
    }
    match parts.as_slice() {
        ["header", f] => {
            let h = &mut e.header;
            match *f {
                "name" => h.name = s,
                "year" => h.year = s,
                "department" => h.department = s,
                "implementer" => h.implementer = s,
                "region" => h.region = s,
                "money_unit" => h.money_unit = pick!(MONEY_UNITS, MoneyUnit::label),
                "kind" => h.kind = pick!(KINDS, EvaluationKind::label),
                "report_date" => h.report_date = s,
                "contact" => h.contact = s,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["notes"] => e.notes = s,
        ["funds", "total", col] => {
            let col = FundsColumn::from_key(col).ok_or(FieldError::Unknown)?;
            let v = value(number(e)?);
            e.funds.total.set(col, v);
        }
        ["funds", "execution_note"] => e.funds.execution_note = s,
        ["funds", "plans_unit"] => {
            e.funds.plans_unit = if text.trim().is_empty() { None } else { Some(pick!(MONEY_UNITS, MoneyUnit::label)) }
        }
        ["funds", "uses_unit"] => {
            e.funds.uses_unit = if text.trim().is_empty() { None } else { Some(pick!(MONEY_UNITS, MoneyUnit::label)) }
        }
        ["funds", "transfers_unit"] => {
            e.funds.transfers_unit = if text.trim().is_empty() { None } else { Some(pick!(MONEY_UNITS, MoneyUnit::label)) }
        }
        ["funds", "sources", id, f] => {
            let i = e.funds.sources.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "name" => e.funds.sources[i].name = s,
                "source" => {
                    let src = pick!(SOURCES, FundsSource::label);
                    let r = &mut e.funds.sources[i];
                    if r.name.is_empty() || r.name == r.source.label() {
                        r.name = if src == FundsSource::Custom { String::new() } else { src.label().to_string() };
                    }
                    r.source = src;
                }
                "claimed_rate" => e.funds.sources[i].claimed_rate = value(number(e)?),
                "claimed_score" => e.funds.sources[i].claimed_score = value(number(e)?),
                col => {
                    let col = FundsColumn::from_key(col).ok_or(FieldError::Unknown)?;
                    let v = value(number(e)?);
                    e.funds.sources[i].amounts.set(col, v);
                }
            }
        }
        ["funds", "plans", id, f] => {
            let i = e.funds.plans.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "purpose" => e.funds.plans[i].purpose = s,
                "amount" => e.funds.plans[i].amount = value(number(e)?),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["funds", "uses", id, f] => {
            let i = e.funds.uses.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "purpose" => e.funds.uses[i].purpose = s,
                "amount" => e.funds.uses[i].amount = value(number(e)?),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["funds", "transfers", id, f] => {
            let i = e.funds.transfers.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "account" => e.funds.transfers[i].account = s,
                "amount" => e.funds.transfers[i].amount = value(number(e)?),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["goals", f] => match *f {
            "overall" => e.goals.overall = s,
            "annual" => e.goals.annual = s,
            "achieved" => e.goals.achieved = s,
            _ => return Err(FieldError::Unknown),
        },
        ["indicators", id, f @ ..] => {
            let i = e.indicators.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            let f = f.join(".");
            let parsed = match f.as_str() {
                "target" | "actual" | "weight" | "band_score" | "manual.score" | "claimed_score" => {
                    Some(number(e)?)
                }
                _ => None,
            };
            let r = &mut e.indicators[i];
            match f.as_str() {
                "name" => r.name = s,
                "level" => {
                    r.level = match text.trim() {
                        "1" => 1,
                        "2" => 2,
                        "3" => 3,
                        _ => return Err(FieldError::Unknown),
                    }
                }
                "nature" => {
                    r.nature = parse_nature(text).ok_or(FieldError::Unknown)?;
                }
                "direction" => {
                    r.direction = if text.trim().is_empty() {
                        None
                    } else {
                        Some(pick!(DIRECTIONS, Direction::label))
                    }
                }
                "target" => {
                    let p = parsed.flatten();
                    if let (Some(nature), Some(_)) = (strip_operator(text).0, &p) {
                        r.nature = nature;
                    }
                    if let Some(u) = p.as_ref().and_then(|p| p.unit.clone()) {
                        r.unit = u;
                    }
                    r.target = value(p);
                }
                "target_text" => r.target_text = s,
                "unit" => r.unit = s.trim().to_string(),
                "actual" => {
                    let p = parsed.flatten();
                    if let Some(u) = p.as_ref().and_then(|p| p.unit.clone()) {
                        r.actual_unit = if u == r.unit { String::new() } else { u };
                    }
                    r.actual = value(p);
                }
                "actual_text" => r.actual_text = s,
                "actual_unit" => r.actual_unit = s.trim().to_string(),
                "weight" => r.weight = value(parsed.flatten()),
                "band" => {
                    r.band = if text.trim().is_empty() {
                        None
                    } else {
                        Some(pick!(QualitativeBand::ALL, QualitativeBand::label))
                    }
                }
                "band_score" => r.band_score = value(parsed.flatten()),
                "manual.score" => {
                    let v = value(parsed.flatten());
                    let m = r.manual.get_or_insert_with(ManualScore::default);
                    m.score = v;
                    if m.score.is_none() && m.reason.trim().is_empty() {
                        r.manual = None;
                    }
                }
                "manual.reason" => {
                    let m = r.manual.get_or_insert_with(ManualScore::default);
                    m.reason = s;
                    if m.score.is_none() && m.reason.trim().is_empty() {
                        r.manual = None;
                    }
                }
                "applicable" => r.applicable = boolean()?,
                "from_survey" => r.from_survey = boolean()?,
                "deviation" => r.deviation = s,
                "evidence" => r.evidence = s,
                "claimed_score" => r.claimed_score = value(parsed.flatten()),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["survey", "distributed"] => e.survey.distributed = value(number(e)?),
        ["survey", "valid"] => e.survey.valid = value(number(e)?),
        ["survey", "method"] => e.survey.method = s,
        ["survey", "options", id, f] => {
            let i = e.survey.options.iter().position(|o| o.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "label" => e.survey.options[i].label = s,
                "count" => e.survey.options[i].count = value(number(e)?),
                "satisfied" => e.survey.options[i].satisfied = boolean()?,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["figures", id, f] => {
            let i = e.figures.iter().position(|k| k.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "name" => e.figures[i].name = s,
                "value" => {
                    let p = number(e)?;
                    let k = &mut e.figures[i];
                    if let Some(u) = p.as_ref().and_then(|p| p.unit.clone()) {
                        if k.unit.is_empty() {
                            k.unit = u;
                        } else if k.unit != u {
                            return Err(FieldError::Unreadable(format!(
                                "单位「{u}」与此项的单位「{}」不一致", k.unit
                            )));
                        }
                    }
                    k.value = value(p);
                }
                "unit" => e.figures[i].unit = s.trim().to_string(),
                "stated_in" => e.figures[i].stated_in = s,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["narrative", key] => {
            let sec = NarrativeSection::from_key(key).ok_or(FieldError::Unknown)?;
            if text.trim().is_empty() {
                e.narrative.remove(&sec);
            } else {
                e.narrative.insert(sec, s);
            }
        }
        ["rules", "preset"] => {
            let p = pick!(PRESETS, RulePreset::label);
            e.rules = RuleSettings::preset(p);
        }
        ["rules", f @ ..] => {
            match f {
                ["budget_weight"] => e.rules.budget_weight = required(e)?,
                ["execution_base"] => {
                    e.rules.execution_base = pick!(BASES, execution_base_label)
                }
                ["reverse_formula"] => {
                    e.rules.reverse_formula = pick!(REVERSES, reverse_formula_label)
                }
                ["decimals"] => {
                    let v = required(e)?;
                    if v.fract() != Decimal::ZERO || v < Decimal::ZERO || v > Decimal::from(6) {
                        return Err(FieldError::Unreadable("小数位数应为 0 到 6 的整数".into()));
                    }
                    e.rules.decimals = v.to_string().parse().unwrap_or(2);
                }
                ["over_achievement_percent"] => e.rules.over_achievement_percent = required(e)?,
                ["execution_explain_below"] => e.rules.execution_explain_below = required(e)?,
                ["bands", band, end] => {
                    let v = required(e)?;
                    let slot = band_mut(&mut e.rules.bands, band).ok_or(FieldError::Unknown)?;
                    match *end {
                        "min" => slot.0 = v,
                        "max" => slot.1 = v,
                        _ => return Err(FieldError::Unknown),
                    }
                }
                ["grades", g] => {
                    let v = required(e)?;
                    match *g {
                        "excellent" => e.rules.grades.excellent = v,
                        "good" => e.rules.grades.good = v,
                        "pass" => e.rules.grades.pass = v,
                        _ => return Err(FieldError::Unknown),
                    }
                }
                ["level1_weights", i, f] => {
                    let i: usize = i.parse().map_err(|_| FieldError::Unknown)?;
                    let v = if *f == "weight" { Some(required(e)?) } else { None };
                    let w = e.rules.level1_weights.get_mut(i).ok_or(FieldError::Unknown)?;
                    match *f {
                        "name" => w.name = s,
                        "weight" => w.weight = v.unwrap_or_default(),
                        _ => return Err(FieldError::Unknown),
                    }
                }
                ["rescale_inapplicable"] => e.rules.rescale_inapplicable = boolean()?,
                ["draft_mark_on_errors"] => e.rules.draft_mark_on_errors = boolean()?,
                ["compare_at_stated_precision"] => e.rules.compare_at_stated_precision = boolean()?,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["claimed", f] => match *f {
            "total" => e.claimed.total = value(number(e)?),
            "grade" => {
                e.claimed.grade = if text.trim().is_empty() {
                    None
                } else {
                    Some(Grade::from_label(text).ok_or(FieldError::Unknown)?)
                }
            }
            "execution_rate" => e.claimed.execution_rate = value(number(e)?),
            "budget_score" => e.claimed.budget_score = value(number(e)?),
            _ => return Err(FieldError::Unknown),
        },
        _ => return Err(FieldError::Unknown),
    }
    Ok(())
}

