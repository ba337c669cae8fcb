//! 字段输入: reading the text typed (or pasted, or imported) into a numeric field of the form
//! by its field path — the units the field takes ([`units_of`]: the money unit, %, 分), the
//! number read exactly by [`crate::numbers`], and the one Chinese message for text that cannot
//! be read ([`unreadable_message`]: the field shows it, and reconciliation's
//! `UNREADABLE_NUMBER` finding says the same words). Knows the model, nothing of the editor.

use crate::indicator_table::strip_operator;
use crate::model::*;
use crate::numbers::{parse_number, NumberError, Parsed};

/// The message shown at a field whose text could not be read.
pub fn unreadable_message(e: &Evaluation, path: &str, text: &str) -> String {
    match check_number(e, path, text) {
        Err(m) => m,
        Ok(None) => "此项必须填写数字".to_string(),
        Ok(Some(p)) => {
            if path == "rules.decimals" {
                return format!("「{text}」：小数位数应为 0 到 6 的整数");
            }
            if let (Some(u), ["figures", id, "value"]) =
                (&p.unit, path.split('.').collect::<Vec<_>>().as_slice())
            {
                if let Some(k) = e.figures.iter().find(|k| k.id == *id) {
                    return format!("「{text}」的单位「{u}」与此项的单位「{}」不一致", k.unit);
                }
            }
            format!("「{text}」未能读入，请重新输入")
        }
    }
}


/// What a numeric field accepts as a unit after the number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Units {
    /// 资金: nothing or the draft's money unit
    Money,
    /// percent fields: nothing or %
    Percent,
    /// scores and weights: nothing or 分
    Points,
    /// anything (the unit is handled by the caller)
    Any,
}

/// Checks typed text for a numeric field (units included). `Ok(None)` is an empty cell.
pub fn check_number(e: &Evaluation, path: &str, text: &str) -> Result<Option<Parsed>, String> {
    let units = units_of(path);
    let text = if path.ends_with(".target") { strip_operator(text).1 } else { text };
    let parsed = parse_number(text).map_err(|e: NumberError| e.to_string())?;
    if let Some(p) = &parsed {
        if let Some(u) = &p.unit {
            match units {
                Units::Money => {
                    // The uses and transfers tables may have a unit of their own.
                    let (mu, whose) = if path.starts_with("funds.uses.") {
                        (e.uses_unit().label(), "资金使用情况的金额单位")
                    } else if path.starts_with("funds.plans.") {
                        (e.plans_unit().label(), "预算安排的金额单位")
                    } else if path.starts_with("funds.transfers.") {
                        (e.transfers_unit().label(), "资金拨付情况的金额单位")
                    } else {
                        (e.header.money_unit.label(), "项目信息中的资金单位")
                    };
                    if u != mu {
                        return Err(format!(
                            "「{text}」的单位「{u}」与资金单位「{mu}」不一致：请换算成{mu}后填写，或修改{whose}"
                        ));
                    }
                }
                Units::Percent if u != "%" => {
                    return Err(format!("「{text}」：此项是百分数，只能填数字（可带 %）"));
                }
                Units::Points if u != "分" => {
                    return Err(format!("「{text}」：此项是分数，只能填数字（可带“分”）"));
                }
                _ => {}
            }
        }
    }
    Ok(parsed)
}

pub fn units_of(path: &str) -> Units {
    let last = path.rsplit('.').next().unwrap_or("");
    if path.starts_with("funds.sources.") && last == "claimed_rate" {
        return Units::Percent;
    }
    if path.starts_with("funds.sources.") && last == "claimed_score" {
        return Units::Points;
    }
    if path.starts_with("funds.") {
        return Units::Money;
    }
    if path.starts_with("rules.bands.")
        || path == "rules.over_achievement_percent"
        || path == "rules.execution_explain_below"
        || path == "claimed.execution_rate"
    {
        return Units::Percent;
    }
    if matches!(last, "weight" | "band_score" | "claimed_score" | "budget_weight")
        || path.starts_with("rules.grades.")
        || path.ends_with("manual.score")
        || matches!(path, "claimed.total" | "claimed.budget_score")
    {
        return Units::Points;
    }
    Units::Any
}

