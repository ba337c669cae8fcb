//! 评分: scores every indicator and the budget execution by the rules in
//! [`crate::model::RuleSettings`], with an explanation for each score.
//!
//! The single place where scores, subtotals, the execution rate, the total and the grade
//! are computed. Nothing else derives them.
//!
//! Rules (domain.md §3; each parameter is a setting in [`RuleSettings`]):
//! - **预算执行率**: 执行率 = 全年执行数 ÷ 基数 × 100 % where the base (基数) is the column
//!   chosen by [`RuleSettings::execution_base`] of the effective 年度资金总额 row
//!   ([`crate::model::Funds::effective_total`]); 得分 = 分值 × 执行数 ÷ 基数, at most 分值.
//! - **正向 (≥)**: actual ≥ target → full weight; otherwise weight × actual ÷ target.
//! - **反向 (≤)**: actual ≤ target → full weight; otherwise either weight × target ÷ actual
//!   ([`ReverseFormula::Ratio`]) or weight × (2 × target − actual) ÷ target, reaching 0 at
//!   twice the target ([`ReverseFormula::LinearToDouble`]).
//! - **等于 (＝)**: actual = target → full weight; otherwise the relative deviation either side
//!   is deducted: weight × (1 − |actual − target| ÷ target), at least 0. Below the target this
//!   is exactly the positive rule (weight × actual ÷ target); above the target the score falls
//!   linearly and reaches 0 at twice the target. A deviation is a deviation in either direction.
//! - **定性**: the evaluator chooses a band and a score inside it; the score is taken as chosen
//!   and clamped into [0, weight]. A score outside its band is a reconciliation error
//!   (`QUAL_SCORE_OUT_OF_BAND`), not silently corrected.
//! - **人工评分**: a manual score (with its reason) replaces the computed one and is flagged
//!   `manual`; it is clamped into [0, weight]. A missing reason is a reconciliation error.
//! - **满意度调查**: an indicator with `from_survey` takes its actual from
//!   [`crate::model::Survey::satisfaction_rate`] (the survey wins over a typed actual).
//! - **不适用**: an inapplicable indicator is dropped (score 0, weight not counted). With
//!   [`RuleSettings::rescale_inapplicable`] the total is rescaled to the form's full weight
//!   (budget weight + every 三级 weight, 100 on a well-formed form):
//!   total = sum of parts × full ÷ (full − dropped weights).
//! - **Rounding**: every score and the execution rate are rounded half away from zero (四舍五入)
//!   to [`RuleSettings::decimals`] places. Scores are never below 0 nor above their weight.
//! - **Total**: the sum of the *rounded* parts (budget score + every applicable indicator
//!   score), so that the printed table adds up exactly; rescaling (if any) is applied to that
//!   sum and rounded once more. Subtotals per 一级/二级 heading are likewise sums of the rounded
//!   三级 scores below them (never rescaled).
//! - **等级**: from the total by [`crate::model::GradeBounds`] (inclusive lower bounds; 89.5 is 良).
//!
//! Missing or zero figures never panic: arithmetic is checked (sums saturate) and an indicator
//! that cannot be scored scores 0 and says why; reconciliation reports the gap.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::model::{
    Evaluation, Grade, Indicator, IndicatorNature, QualitativeBand, ReverseFormula, RuleSettings,
};

/// How a score was reached: the rule and the numbers it used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The rule in Chinese, e.g. "正向指标：未达目标，按完成比例计分".
    pub rule: String,
    /// The arithmetic, e.g. "36641 ÷ 38200 × 10 = 9.59".
    pub formula: String,
}

impl Explanation {
    fn new(rule: impl Into<String>, formula: impl Into<String>) -> Explanation {
        Explanation {
            rule: rule.into(),
            formula: formula.into(),
        }
    }
}

/// 预算执行率 score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BudgetScore {
    /// 执行率 in percent, rounded to the settings' decimals; `None` without a denominator.
    pub rate: Option<Decimal>,
    /// 分值
    pub weight: Decimal,
    /// 得分, in [0, weight]
    pub score: Decimal,
    pub explanation: Explanation,
}

/// One 三级指标's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScore {
    pub id: String,
    /// 分值 (0 when the weight is missing)
    pub weight: Decimal,
    /// 得分, in [0, weight]. An indicator that cannot be scored (missing actual) scores 0
    /// and says so in its explanation; reconciliation reports the gap.
    pub score: Decimal,
    /// The score is a manual one (人工评分).
    pub manual: bool,
    /// Not applicable: dropped from the total.
    pub dropped: bool,
    /// Actual as percent of target where both are numbers (for over/under-achievement),
    /// unrounded.
    pub achievement: Option<Decimal>,
    /// The actual value used (the survey's satisfaction rate for `from_survey` rows).
    pub actual: Option<Decimal>,
    /// The target was met (quantitative: by the rule of its nature; qualitative: band
    /// 达成年度指标); `None` when it cannot be told (missing figures, manual score).
    pub met: Option<bool>,
    pub explanation: Explanation,
}

/// Subtotal of a 一级 or 二级 heading row (sum over the 三级 rows below it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub id: String,
    pub level: u8,
    pub name: String,
    /// Sum of the weights of the applicable 三级 rows below.
    pub weight: Decimal,
    /// Sum of their rounded scores.
    pub score: Decimal,
    /// Number of 三级 rows below (applicable or not).
    pub indicator_count: usize,
}

/// The whole result of scoring one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub budget: BudgetScore,
    /// One per 三级 row, in display order.
    pub indicators: Vec<IndicatorScore>,
    /// One per 一级/二级 row, in display order.
    pub groups: Vec<GroupScore>,
    /// Sum of all weights taken into account (100 on a well-formed form). When the total was
    /// rescaled, the full weight it was rescaled to.
    pub max_total: Decimal,
    /// Sum of the rounded parts before any rescaling.
    pub raw_total: Decimal,
    /// 总得分 (after rescaling where the settings say so), rounded.
    pub total: Decimal,
    pub grade: Grade,
    /// Set when inapplicable indicators were dropped and the total rescaled to 100.
    pub rescale: Option<Explanation>,
}

impl Scorecard {
    pub fn indicator(&self, id: &str) -> Option<&IndicatorScore> {
        self.indicators.iter().find(|s| s.id == id)
    }
    pub fn group(&self, id: &str) -> Option<&GroupScore> {
        self.groups.iter().find(|s| s.id == id)
    }
}

/// Rounds half away from zero (四舍五入) to `decimals` places.
/// The most decimal places a score is written with; a larger setting is treated as this.
pub const MAX_DECIMALS: u32 = 10;

/// The result carries exactly `decimals` places ("8.00"), so that serialized scores read alike.
/// `decimals` above [`MAX_DECIMALS`] count as [`MAX_DECIMALS`].
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    let decimals = decimals.min(MAX_DECIMALS);
    let mut r = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(decimals);
    r
}

/// Formats a decimal without trailing zeros ("9.59", "10", "371.16").
pub fn fmt(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Formats an optional decimal; blank as "（空）".
pub fn fmt_opt(value: Option<Decimal>) -> String {
    value.map(fmt).unwrap_or_else(|| "（空）".to_string())
}

fn clamp(value: Decimal, weight: Decimal) -> Decimal {
    value.max(Decimal::ZERO).min(weight)
}

/// Pads a score to `decimals` places where that is exact ("8" → "8.00"); never changes its
/// value.
fn pad(mut v: Decimal, decimals: u32) -> Decimal {
    let decimals = decimals.min(MAX_DECIMALS);
    if v.scale() < decimals {
        v.rescale(decimals);
    }
    v
}

/// Scores an evaluation.
pub fn score(evaluation: &Evaluation) -> Scorecard {
    let rules = &evaluation.rules;
    let d = rules.decimals;
    let mut budget = score_budget(evaluation);
    budget.score = pad(budget.score, d);

    let indicators: Vec<IndicatorScore> = evaluation
        .indicators
        .iter()
        .filter(|i| i.is_scored())
        .map(|i| {
            let mut s = score_indicator(evaluation, i);
            s.score = pad(s.score, d);
            s
        })
        .collect();

    let groups = subtotals(evaluation, &indicators);

    let mut raw = budget.score;
    let mut applicable_weight = budget.weight;
    let mut full_weight = budget.weight;
    let mut dropped_weight = Decimal::ZERO;
    for s in &indicators {
        full_weight = full_weight.saturating_add(s.weight);
        if s.dropped {
            dropped_weight = dropped_weight.saturating_add(s.weight);
        } else {
            raw = raw.saturating_add(s.score);
            applicable_weight = applicable_weight.saturating_add(s.weight);
        }
    }

    let mut total = raw;
    let mut max_total = applicable_weight;
    let mut rescale = None;
    if rules.rescale_inapplicable && dropped_weight > Decimal::ZERO {
        if let Some(scaled) = raw
            .checked_mul(full_weight)
            .and_then(|v| v.checked_div(applicable_weight))
        {
            total = round(scaled, rules.decimals).min(full_weight);
            max_total = full_weight;
            rescale = Some(Explanation::new(
                format!(
                    "剔除不适用指标（分值合计 {}）后，按满分 {} 折算总分",
                    fmt(dropped_weight),
                    fmt(full_weight)
                ),
                format!(
                    "{} × {} ÷ {} = {}",
                    fmt(raw),
                    fmt(full_weight),
                    fmt(applicable_weight),
                    fmt(total)
                ),
            ));
        }
    }

    let total = pad(total, d);
    Scorecard {
        grade: rules.grades.grade(total),
        budget,
        indicators,
        groups,
        max_total,
        raw_total: pad(raw, d),
        total,
        rescale,
    }
}

/// The 预算执行率 score alone.
pub fn score_budget(evaluation: &Evaluation) -> BudgetScore {
    let rules = &evaluation.rules;
    let weight = rules.budget_weight.max(Decimal::ZERO);
    let totals = evaluation.funds.effective_total();
    let base_col = rules.execution_base.column();
    let base = totals.get(base_col);
    let executed = totals.executed;
    let rule_name = format!("预算执行率：全年执行数 ÷ {} × 分值，最高为分值", base_col.label());

    let (executed, base) = match (executed, base) {
        (Some(e), Some(b)) => (e, b),
        (None, _) => {
            return BudgetScore {
                rate: None,
                weight,
                score: Decimal::ZERO,
                explanation: Explanation::new(
                    rule_name,
                    "缺少全年执行数，无法计算执行率，得分按 0 计",
                ),
            }
        }
        (_, None) => {
            return BudgetScore {
                rate: None,
                weight,
                score: Decimal::ZERO,
                explanation: Explanation::new(
                    rule_name,
                    format!("缺少{}，无法计算执行率，得分按 0 计", base_col.label()),
                ),
            }
        }
    };
    if base <= Decimal::ZERO {
        return BudgetScore {
            rate: None,
            weight,
            score: Decimal::ZERO,
            explanation: Explanation::new(
                rule_name,
                format!(
                    "{}为 {}，不能作除数，无法计算执行率，得分按 0 计",
                    base_col.label(),
                    fmt(base)
                ),
            ),
        };
    }
    let rate = executed
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_div(base))
        .map(|r| round(r, rules.decimals));
    let exact = executed.checked_div(base).and_then(|r| r.checked_mul(weight));
    let Some(exact) = exact else {
        return BudgetScore {
            rate,
            weight,
            score: Decimal::ZERO,
            explanation: Explanation::new(rule_name, "数值超出可计算范围，得分按 0 计"),
        };
    };
    let rounded = round(exact, rules.decimals);
    let score = clamp(rounded, weight);
    let mut formula = format!(
        "{} ÷ {} × {} = {}",
        fmt(executed),
        fmt(base),
        fmt(weight),
        fmt(rounded)
    );
    if rounded > weight {
        formula.push_str(&format!("，超过分值，按 {} 计", fmt(weight)));
    } else if rounded < Decimal::ZERO {
        formula.push_str("，低于 0，按 0 计");
    }
    let rate_text = rate.map(|r| format!("（执行率 {}%）", fmt(r))).unwrap_or_default();
    BudgetScore {
        rate,
        weight,
        score,
        explanation: Explanation::new(rule_name, format!("{formula}{rate_text}")),
    }
}

fn unscorable(ind: &Indicator, weight: Decimal, rule: &str, why: String) -> IndicatorScore {
    IndicatorScore {
        id: ind.id.clone(),
        weight,
        score: Decimal::ZERO,
        manual: false,
        dropped: false,
        achievement: None,
        actual: None,
        met: None,
        explanation: Explanation::new(rule, why),
    }
}

/// The rule name of a nature, for explanations.
fn nature_rule(nature: IndicatorNature) -> &'static str {
    match nature {
        IndicatorNature::AtLeast => "正向指标",
        IndicatorNature::AtMost => "反向指标",
        IndicatorNature::Equal => "等于指标",
        IndicatorNature::Qualitative => "定性指标",
    }
}

/// The actual value an indicator is scored on: the survey's satisfaction rate for
/// `from_survey` rows, otherwise the typed actual.
pub fn effective_actual(evaluation: &Evaluation, ind: &Indicator) -> Option<Decimal> {
    if ind.from_survey {
        evaluation.survey.satisfaction_rate()
    } else {
        ind.actual
    }
}

/// One 三级 indicator's score.
pub fn score_indicator(evaluation: &Evaluation, ind: &Indicator) -> IndicatorScore {
    let rules = &evaluation.rules;
    let d = rules.decimals;
    let weight = ind.weight.unwrap_or_default().max(Decimal::ZERO);
    let w = fmt(weight);

    if !ind.applicable {
        return IndicatorScore {
            id: ind.id.clone(),
            weight,
            score: Decimal::ZERO,
            manual: false,
            dropped: true,
            achievement: None,
            actual: effective_actual(evaluation, ind),
            met: None,
            explanation: Explanation::new(
                "不适用指标：剔除，不计分",
                format!("分值 {w} 不计入总分"),
            ),
        };
    }

    if let Some(manual) = &ind.manual {
        if let Some(ms) = manual.score {
            let rounded = round(ms, d);
            let score = clamp(rounded, weight);
            let reason = manual.reason.trim();
            let rule = if reason.is_empty() {
                "人工评分（未填写理由）".to_string()
            } else {
                format!("人工评分：{reason}")
            };
            let mut formula = format!("人工评定 {} 分（分值 {w}）", fmt(rounded));
            if score != rounded {
                formula.push_str(&format!("，超出 0–{w}，按 {} 计", fmt(score)));
            }
            let actual = effective_actual(evaluation, ind);
            return IndicatorScore {
                id: ind.id.clone(),
                weight,
                score,
                manual: true,
                dropped: false,
                achievement: achievement(actual, ind.target),
                actual,
                met: None,
                explanation: Explanation::new(rule, formula),
            };
        }
    }

    if ind.weight.is_none() {
        return unscorable(
            ind,
            weight,
            nature_rule(ind.nature),
            "缺少分值，得分按 0 计".to_string(),
        );
    }

    if ind.nature == IndicatorNature::Qualitative {
        return score_qualitative(evaluation, ind, weight);
    }

    let rule = nature_rule(ind.nature);
    let actual = effective_actual(evaluation, ind);
    let Some(target) = ind.target else {
        return unscorable(ind, weight, rule, "缺少年度指标值，无法计分，得分按 0 计".into());
    };
    let Some(actual) = actual else {
        let why = if ind.from_survey {
            "满意度调查缺少有效样本数或答卷，无法计算满意率，得分按 0 计".to_string()
        } else {
            "缺少实际完成值，无法计分，得分按 0 计".to_string()
        };
        return unscorable(ind, weight, rule, why);
    };
    let ach = achievement(Some(actual), Some(target));
    let (t, a) = (fmt(target), fmt(actual));
    let source = if ind.from_survey {
        let s = &evaluation.survey;
        format!(
            "（满意率 = {} ÷ {} × 100% = {}%）",
            fmt(s.satisfied_count()),
            fmt_opt(s.valid),
            fmt(round(actual, d))
        )
    } else {
        String::new()
    };

    // Every quantitative outcome below differs only in score, whether the target was met and
    // the explanation.
    let outcome = |score: Decimal, met: bool, explanation: Explanation| IndicatorScore {
        id: ind.id.clone(),
        weight,
        score,
        manual: false,
        dropped: false,
        achievement: ach,
        actual: Some(actual),
        met: Some(met),
        explanation,
    };
    let full = |rule: String, formula: String| {
        outcome(weight, true, Explanation::new(rule, format!("{formula}{source}")))
    };
    let partial = |rule: String, exact: Option<Decimal>, formula: String| {
        let Some(exact) = exact else {
            return outcome(
                Decimal::ZERO,
                false,
                Explanation::new(rule, "数值超出可计算范围，得分按 0 计"),
            );
        };
        let rounded = round(exact, d);
        let score = clamp(rounded, weight);
        let mut formula = format!("{formula} = {}", fmt(rounded));
        if rounded < Decimal::ZERO {
            formula.push_str("，低于 0，按 0 计");
        } else if rounded > weight {
            formula.push_str(&format!("，超过分值，按 {w} 计"));
        }
        outcome(score, false, Explanation::new(rule, format!("{formula}{source}")))
    };
    let cannot = |why: String| {
        outcome(
            Decimal::ZERO,
            false,
            Explanation::new(format!("{rule}：未达目标"), format!("{why}，得分按 0 计")),
        )
    };

    match ind.nature {
        IndicatorNature::AtLeast => {
            if actual >= target {
                full(
                    format!("{rule}：达到目标，得满分"),
                    format!("{a} ≥ {t}，得 {w}"),
                )
            } else if target <= Decimal::ZERO {
                cannot(format!("年度指标值为 {t}，不能按比例计分"))
            } else {
                partial(
                    format!("{rule}：未达目标，按完成比例计分"),
                    actual.checked_div(target).and_then(|r| r.checked_mul(weight)),
                    format!("{a} ÷ {t} × {w}"),
                )
            }
        }
        IndicatorNature::AtMost => {
            if actual <= target {
                full(
                    format!("{rule}：未超过目标，得满分"),
                    format!("{a} ≤ {t}，得 {w}"),
                )
            } else if target <= Decimal::ZERO {
                cannot(format!("年度指标值为 {t}，不能按比例计分"))
            } else {
                match rules.reverse_formula {
                    ReverseFormula::Ratio => partial(
                        format!("{rule}：超过目标，按 目标值 ÷ 实际值 计分"),
                        target.checked_div(actual).and_then(|r| r.checked_mul(weight)),
                        format!("{t} ÷ {a} × {w}"),
                    ),
                    ReverseFormula::LinearToDouble => partial(
                        format!("{rule}：超过目标，线性递减，实际值达到目标值两倍时为 0"),
                        target
                            .checked_mul(Decimal::TWO)
                            .and_then(|v| v.checked_sub(actual))
                            .and_then(|v| v.checked_div(target))
                            .and_then(|r| r.checked_mul(weight)),
                        format!("(2 × {t} − {a}) ÷ {t} × {w}"),
                    ),
                }
            }
        }
        IndicatorNature::Equal => {
            if actual == target {
                full(
                    format!("{rule}：等于目标，得满分"),
                    format!("{a} ＝ {t}，得 {w}"),
                )
            } else if target <= Decimal::ZERO {
                cannot(format!(
                    "实际值 {a} 不等于年度指标值 {t}，且目标值不大于 0，不能按偏差比例计分"
                ))
            } else {
                partial(
                    format!("{rule}：偏离目标，按偏差比例扣分"),
                    actual
                        .checked_sub(target)
                        .map(|v| v.abs())
                        .and_then(|dev| dev.checked_div(target))
                        .and_then(|r| Decimal::ONE.checked_sub(r))
                        .and_then(|r| r.checked_mul(weight)),
                    format!("(1 − |{a} − {t}| ÷ {t}) × {w}"),
                )
            }
        }
        IndicatorNature::Qualitative => unreachable!("handled above"),
    }
}

/// Actual as percent of target (unrounded); `None` unless both are numbers and target ≠ 0.
pub fn achievement(actual: Option<Decimal>, target: Option<Decimal>) -> Option<Decimal> {
    let (a, t) = (actual?, target?);
    if t.is_zero() {
        return None;
    }
    a.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(t)
}

/// The score range of a band for a weight: (min, max) = weight × band% ÷ 100.
pub fn band_range(rules: &RuleSettings, band: QualitativeBand, weight: Decimal) -> (Decimal, Decimal) {
    let (lo, hi) = rules.bands.range(band);
    let f = |p: Decimal| {
        weight
            .checked_mul(p)
            .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
            .unwrap_or_default()
    };
    (f(lo), f(hi))
}

fn score_qualitative(evaluation: &Evaluation, ind: &Indicator, weight: Decimal) -> IndicatorScore {
    let rules = &evaluation.rules;
    let w = fmt(weight);
    let Some(chosen) = ind.band_score else {
        let why = match ind.band {
            Some(b) => format!("已选「{}」档，但未填写得分，得分按 0 计", b.label()),
            None => "未选择评价档次，也未填写得分，得分按 0 计".to_string(),
        };
        return unscorable(ind, weight, "定性指标", why);
    };
    let rounded = round(chosen, rules.decimals);
    let score = clamp(rounded, weight);
    let clamp_note = if score != rounded {
        format!("，超出 0–{w}，按 {} 计", fmt(score))
    } else {
        String::new()
    };
    let (rule, formula, met) = match ind.band {
        Some(band) => {
            let (lo, hi) = rules.bands.range(band);
            let (min, max) = band_range(rules, band, weight);
            let inside = rounded >= min && rounded <= max;
            let note = if inside { "" } else { "（不在该档分数范围内）" };
            (
                format!("定性指标：「{}」档，在档内评分", band.label()),
                format!(
                    "档次 {}%–{}% × {w} = {}–{} 分，评定 {} 分{note}{clamp_note}",
                    fmt(lo),
                    fmt(hi),
                    fmt(min),
                    fmt(max),
                    fmt(rounded)
                ),
                Some(band == QualitativeBand::Achieved),
            )
        }
        None => (
            "定性指标：未选择评价档次".to_string(),
            format!("评定 {} 分（分值 {w}）{clamp_note}", fmt(rounded)),
            None,
        ),
    };
    IndicatorScore {
        id: ind.id.clone(),
        weight,
        score,
        manual: false,
        dropped: false,
        achievement: None,
        actual: None,
        met,
        explanation: Explanation::new(rule, formula),
    }
}

/// The parents of each indicator row: (index of the 一级 row above, index of the 二级 row
/// above) by the flat-list rule (a row belongs to the nearest heading of the level above).
pub fn parents(indicators: &[Indicator]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut out = Vec::with_capacity(indicators.len());
    let mut l1: Option<usize> = None;
    let mut l2: Option<usize> = None;
    for (i, ind) in indicators.iter().enumerate() {
        match ind.level {
            1 => {
                out.push((None, None));
                l1 = Some(i);
                l2 = None;
            }
            2 => {
                out.push((l1, None));
                l2 = Some(i);
            }
            _ => out.push((l1, l2)),
        }
    }
    out
}

fn subtotals(evaluation: &Evaluation, scores: &[IndicatorScore]) -> Vec<GroupScore> {
    let inds = &evaluation.indicators;
    let mut groups: Vec<GroupScore> = Vec::new();
    let mut index_of: Vec<Option<usize>> = vec![None; inds.len()];
    for (i, ind) in inds.iter().enumerate() {
        if ind.level == 1 || ind.level == 2 {
            index_of[i] = Some(groups.len());
            groups.push(GroupScore {
                id: ind.id.clone(),
                level: ind.level,
                name: ind.name.clone(),
                weight: Decimal::ZERO,
                score: Decimal::ZERO,
                indicator_count: 0,
            });
        }
    }
    let parents = parents(inds);
    let mut k = 0;
    for (i, ind) in inds.iter().enumerate() {
        if !ind.is_scored() {
            continue;
        }
        let s = &scores[k];
        k += 1;
        let (p1, p2) = parents[i];
        for g in [p1, p2].into_iter().flatten() {
            if let Some(gi) = index_of[g] {
                let group = &mut groups[gi];
                group.indicator_count += 1;
                if !s.dropped {
                    group.weight = group.weight.saturating_add(s.weight);
                    group.score = group.score.saturating_add(s.score);
                }
            }
        }
    }
    groups
}
