//! 文字与数据: each stated quantity linked to the figure of the data it states — the self-score
//! and the grade, the survey's counts and rate, the execution rate, the funds block (total row,
//! sources, uses, transfers), an indicator's target or actual (by name overlap and unit), a key
//! figure (by name) — and flagged where it disagrees. A link to a figure with a placeholder
//! carries the [`Fix`] that makes the text quote it.

use rust_decimal::Decimal;

use super::{agrees_with_value, base_of, common_unit, Fix, Issue, Mention, Qualifier, Role, Source};
use crate::model::{Evaluation, FundsColumn, Grade};
use crate::reconcile::stated_agree;
use crate::scoring::{fmt_score, Scorecard};

/// The character pairs of a subject or name.
fn bigrams(s: &str) -> Vec<(char, char)> {
    let cs: Vec<char> = s.chars().collect();
    cs.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How much of `of`'s wording is in `within`, in percent (0–100): the share of `of`'s
/// character pairs found in `within`.
pub fn overlap(of: &str, within: &str) -> u32 {
    let a = bigrams(of);
    if a.is_empty() {
        return 0;
    }
    let b = bigrams(within);
    let common = a.iter().filter(|p| b.contains(p)).count();
    (common * 100 / a.len()) as u32
}

/// A name is linked when this share of its wording (or of the subject's) is shared.
const LINKED: u32 = 60;

fn issue(code: &'static str, source: &Source, message: String, expected: Option<Decimal>, m: &Mention, fix: Option<Fix>) -> Issue {
    Issue {
        code,
        path: source.path.clone(),
        place: source.place.clone(),
        message,
        expected,
        found: Some(m.stated),
        values: vec![m.written.clone()],
        fix,
    }
}

fn fix(source: &Source, m: &Mention, number_only: bool, placeholder: &str) -> Option<Fix> {
    let end = if number_only { m.num_end } else { m.end };
    Some(Fix {
        path: source.path.clone(),
        start: m.start,
        end,
        written: source.text[m.start..end].to_string(),
        placeholder: placeholder.to_string(),
    })
}

/// Whether the mention is one of the parts listed after 其中 in its sentence.
fn in_parts_list(text: &str, m: &Mention) -> bool {
    let head = &text[..m.start];
    let sentence = head.char_indices().rev().find(|(_, c)| matches!(c, '。' | '\n')).map_or(0, |(b, c)| b + c.len_utf8());
    head[sentence..].contains("其中")
}

/// Every stated quantity against the figure of the data it states.
pub fn check(ev: &Evaluation, sc: &Scorecard, sources: &[Source], scanned: &[Vec<Mention>]) -> Vec<Issue> {
    let rules = &ev.rules;
    let mut out = Vec::new();
    let money_unit = ev.header.money_unit.label();
    let t = ev.funds.effective_total();
    // Every money figure of the funds block: a stated amount equal to one of them is linked.
    let mut money: Vec<Decimal> = Vec::new();
    for col in FundsColumn::ALL {
        money.extend(t.get(col));
        for s in &ev.funds.sources {
            money.extend(s.amounts.get(col));
        }
    }
    // The uses, transfers and plans in the project's unit (each table may have its own).
    let (mu, uu, tu, pu) = (ev.header.money_unit, ev.uses_unit(), ev.transfers_unit(), ev.plans_unit());
    money.extend(ev.funds.uses.iter().filter_map(|u| u.amount).map(|a| uu.convert(a, mu)));
    money.extend(ev.funds.transfers.iter().filter_map(|u| u.amount).map(|a| tu.convert(a, mu)));
    money.extend(ev.funds.plans.iter().filter_map(|p| p.amount).map(|a| pu.convert(a, mu)));
    money.extend(ev.uses_sum_in_funds_unit());
    money.extend(ev.transfers_sum_in_funds_unit());
    money.extend(ev.plans_sum_in_funds_unit());

    for (source, mentions) in sources.iter().zip(scanned) {
        for m in mentions.iter().filter(|m| !m.change) {
            let s = m.subject.as_str();
            match m.unit.as_str() {
                "等级" if sc.scorable && m.role != Role::Target => {
                    let rank = |g: Grade| match g {
                        Grade::Excellent => 0,
                        Grade::Good => 1,
                        Grade::Pass => 2,
                        Grade::Poor => 3,
                    };
                    if Decimal::from(rank(sc.grade)) != m.value {
                        let mut found = issue(
                            "NARRATIVE_GRADE_MISMATCH",
                            source,
                            format!(
                                "{}写等级为“{}”，但按评分规则，自评得分 {} 分的等级为“{}”。请改正正文（可改为占位符 {{等级}}，正文即随评分变化）。",
                                source.place,
                                m.written,
                                fmt_score(sc.total, rules.decimals),
                                sc.grade.label()
                            ),
                            None,
                            m,
                            fix(source, m, false, "等级"),
                        );
                        // A grade is a word, not a number.
                        found.found = None;
                        out.push(found);
                    }
                }
                "分" if sc.scorable && m.role != Role::Target && is_self_score(s) => {
                    let ok = match m.qualifier {
                        Qualifier::AtLeast => sc.total >= m.stated,
                        Qualifier::AtMost => sc.total <= m.stated,
                        Qualifier::About => (sc.total - m.stated).abs() <= m.step,
                        Qualifier::Exact => stated_agree(rules, m.stated, sc.total),
                    };
                    if !ok {
                        out.push(issue(
                            "NARRATIVE_SCORE_MISMATCH",
                            source,
                            format!(
                                "{}写“{}”，但按评分规则计算的自评得分为 {} 分（按所写精度比较仍不相等）。请改正正文或核对自评表（可改为占位符 {{自评得分}}，正文即随评分变化）。",
                                source.place,
                                m.quoted(),
                                fmt_score(sc.total, rules.decimals)
                            ),
                            shown(fmt_score(sc.total, rules.decimals)),
                            m,
                            fix(source, m, true, "自评得分"),
                        ));
                    }
                }
                "%" if m.role != Role::Target => {
                    let (what, value, placeholder) = if s.contains("满意率") || s.contains("满意度") {
                        ("满意度调查计算的满意率", ev.survey.satisfaction_rate(), "满意率")
                    } else if s.ends_with("执行率") && !s.contains("任务") {
                        ("评分所用的预算执行率", sc.budget.rate, "执行率")
                    } else {
                        indicator(ev, sc, source, m, &mut out);
                        continue;
                    };
                    let Some(value) = value else { continue };
                    if agrees_with_value(rules, m, value, "%") == Some(false) {
                        out.push(issue(
                            "NARRATIVE_SURVEY_MISMATCH",
                            source,
                            format!(
                                "{}写“{}”，但{}为 {}%{}。请改正正文或核对数据（可改为占位符 {{{placeholder}}}）。",
                                source.place,
                                m.quoted(),
                                what,
                                fmt_score(value, rules.decimals),
                                bound_note(m)
                            ),
                            shown(fmt_score(value, rules.decimals)),
                            m,
                            fix(source, m, false, placeholder),
                        ));
                    }
                }
                "份" if s.contains("问卷") || s.contains("调查表") => {
                    let (what, value, placeholder) = if s.contains("有效") {
                        ("有效样本数", ev.survey.valid, "有效问卷数")
                    } else {
                        ("发放问卷份数", ev.survey.distributed, "问卷发放数")
                    };
                    let Some(value) = value else { continue };
                    if agrees_with_value(rules, m, value, "份") == Some(false) {
                        out.push(issue(
                            "NARRATIVE_SURVEY_MISMATCH",
                            source,
                            format!(
                                "{}写“{}”，但满意度调查的{}为 {} 份。请改正正文或调查数据（可改为占位符 {{{placeholder}}}）。",
                                source.place,
                                m.quoted(),
                                what,
                                value.normalize()
                            ),
                            Some(value.normalize()),
                            m,
                            fix(source, m, true, placeholder),
                        ));
                    }
                }
                "元" => funds(ev, source, m, money_unit, &money, &mut out),
                _ => {
                    if !figure(ev, source, m, &mut out) {
                        indicator(ev, sc, source, m, &mut out);
                    }
                }
            }
        }
    }
    out
}

/// A figure as a message writes it ("95.00"), as the finding's number.
fn shown(text: String) -> Option<Decimal> {
    text.parse().ok()
}

/// "（正文写的是下限，实际值低于它）" for a bound that does not hold.
fn bound_note(m: &Mention) -> &'static str {
    match m.qualifier {
        Qualifier::AtLeast => "，低于正文所写的下限",
        Qualifier::AtMost => "，高于正文所写的上限",
        _ => "",
    }
}

/// The subject of a self-score (自评分, 自评得分, 总得分 …), not of a part's score.
fn is_self_score(s: &str) -> bool {
    !s.contains("满分")
        && !s.contains("分值")
        && (s.contains("自评")
            || ["总得分", "综合得分", "评价得分", "最终得分", "评价分"].iter().any(|w| s.ends_with(w)))
}

/// An amount against the funds block.
fn funds(ev: &Evaluation, source: &Source, m: &Mention, unit: &str, money: &[Decimal], out: &mut Vec<Issue>) {
    let rules = &ev.rules;
    if money.iter().any(|v| agrees_with_value(rules, m, *v, unit) == Some(true)) {
        return;
    }
    let s = m.subject.as_str();
    // A use or a transfer named by the text (its wording found in the subject).
    let mut best: Option<(u32, String, Decimal)> = None;
    let mu = ev.header.money_unit;
    let (uu, tu, pu) = (ev.uses_unit(), ev.transfers_unit(), ev.plans_unit());
    for (name, label, amount) in ev
        .funds
        .uses
        .iter()
        .map(|u| (format!("资金使用「{}」", u.purpose.trim()), &u.purpose, u.amount.map(|a| uu.convert(a, mu))))
        .chain(ev.funds.transfers.iter().map(|t| {
            (format!("资金拨付「{}」", t.account.trim()), &t.account, t.amount.map(|a| tu.convert(a, mu)))
        }))
        .chain(ev.funds.plans.iter().map(|p| {
            (format!("预算安排「{}」", p.purpose.trim()), &p.purpose, p.amount.map(|a| pu.convert(a, mu)))
        }))
    {
        let (Some(amount), false) = (amount, label.trim().is_empty()) else { continue };
        let score = overlap(label.trim(), s);
        if score >= 75 && best.as_ref().is_none_or(|b| score > b.0 || (score == b.0 && name < b.1)) {
            best = Some((score, name, amount));
        }
    }
    let t = ev.funds.effective_total();
    let whole = ["资金", "经费", "预算", "总额"].iter().any(|w| s.contains(w)) && !in_parts_list(&source.text, m);
    let column = if s.contains("年初") && s.contains("预算") {
        Some(FundsColumn::BudgetInitial)
    } else if s.contains("预算") && !s.contains("执行") && !s.contains("完成") {
        Some(FundsColumn::BudgetFull)
    } else if ["收入", "到位"].iter().any(|w| s.contains(w)) && m.role != Role::Target {
        Some(FundsColumn::Received)
    } else if ["支出", "使用", "执行"].iter().any(|w| s.contains(w)) && m.role != Role::Target {
        Some(FundsColumn::Executed)
    } else {
        None
    };
    let (what, value, placeholder) = match (best, column) {
        (Some((_, name, amount)), _) => (name, amount, None),
        (None, Some(col)) if whole => {
            let Some(v) = t.get(col) else { return };
            let placeholder = match col {
                FundsColumn::BudgetInitial => "年初预算数",
                FundsColumn::BudgetFull => "全年预算数",
                FundsColumn::Received => "实际到位资金",
                FundsColumn::Executed => "全年执行数",
            };
            (format!("项目资金 年度资金总额 {}", col.label()), v, Some(placeholder))
        }
        _ => return,
    };
    if agrees_with_value(rules, m, value, unit) != Some(false) {
        return;
    }
    // The placeholder writes the amount in the funds unit: offered when the text uses it too.
    let placeholder = placeholder.filter(|_| m.unit_text == unit);
    out.push(issue(
        "NARRATIVE_FUNDS_MISMATCH",
        source,
        format!(
            "{}写“{}”，但{}为 {}{unit}，按所写精度比较不相等；项目资金中也没有与之相等的金额。请改正正文或资金数据{}。",
            source.place,
            m.quoted(),
            what,
            value,
            placeholder.map(|p| format!("（可改为占位符 {{{p}}}）")).unwrap_or_default()
        ),
        Some(value),
        m,
        placeholder.and_then(|p| fix(source, m, false, p)),
    ));
}

/// A count or rate against the key figure of its name. Returns whether one was linked.
fn figure(ev: &Evaluation, source: &Source, m: &Mention, out: &mut Vec<Issue>) -> bool {
    let rules = &ev.rules;
    let mut named: Vec<&crate::model::KeyFigure> = ev
        .figures
        .iter()
        .filter(|f| f.value.is_some() && common_unit(&m.unit, &base_of(&f.unit)).is_some())
        .filter(|f| {
            let name = super::normalize_subject(&f.name);
            name.chars().count() >= 2 && overlap(&name, &m.subject) >= LINKED
        })
        .collect();
    // The same figure whatever the order of the table's rows.
    named.sort_by(|a, b| a.id.cmp(&b.id));
    let Some(first) = named.first() else { return false };
    if m.role == Role::Target {
        return true;
    }
    let ok = named.iter().any(|f| {
        f.value.is_some_and(|v| agrees_with_value(rules, m, v, f.unit.trim()) != Some(false))
    });
    if !ok {
        let v = first.value.unwrap_or_default();
        out.push(issue(
            "NARRATIVE_FIGURE_MISMATCH",
            source,
            format!(
                "{}写“{}”，但关键数据「{}」为 {}{}，按所写精度比较不相等。请改正正文（可改为占位符 {{{}}}，正文即引用关键数据）或改正关键数据。",
                source.place,
                m.quoted(),
                first.name.trim(),
                v,
                first.unit.trim(),
                first.name.trim()
            ),
            Some(v),
            m,
            fix(source, m, false, first.name.trim()),
        ));
    }
    true
}

/// A count or rate against the indicator it names (by name overlap and unit): a target against
/// its 年度指标值, anything else against its 实际完成值.
fn indicator(ev: &Evaluation, sc: &Scorecard, source: &Source, m: &Mention, out: &mut Vec<Issue>) {
    let rules = &ev.rules;
    let mut best: Option<(u32, &crate::model::Indicator)> = None;
    if m.unit.is_empty() || m.subject.chars().count() < 3 {
        return;
    }
    for (ind, _) in sc.rows(ev) {
        if !ind.applicable || ind.from_survey || ind.unit.trim().is_empty() {
            continue;
        }
        if common_unit(&m.unit, &base_of(&ind.unit)).is_none() {
            continue;
        }
        let name = super::normalize_subject(&ind.name);
        let score = overlap(&m.subject, &name).max(overlap(&name, &m.subject));
        if score >= LINKED && best.is_none_or(|b| score > b.0 || (score == b.0 && ind.id < b.1.id)) {
            best = Some((score, ind));
        }
    }
    let Some((_, ind)) = best else { return };
    let unit = ind.unit.trim();
    let check = |v: Option<Decimal>| v.and_then(|v| agrees_with_value(rules, m, v, unit));
    let (field, value) = match m.role {
        Role::Target => ("年度指标值", ind.target),
        Role::Actual => ("实际完成值", ind.actual),
        Role::Neutral => {
            if check(ind.target) == Some(true) {
                return;
            }
            ("实际完成值", ind.actual)
        }
    };
    if check(value) != Some(false) {
        return;
    }
    let value = value.unwrap_or_default();
    out.push(issue(
        "NARRATIVE_INDICATOR_MISMATCH",
        source,
        format!(
            "{}写“{}”，但绩效指标「{}」的{}为 {}{unit}{}（按名称和单位对应，按所写精度比较）。请改正正文或该指标的{}。",
            source.place,
            m.quoted(),
            ind.name.trim(),
            field,
            value,
            bound_note(m),
            field
        ),
        Some(value),
        m,
        None,
    ));
}
