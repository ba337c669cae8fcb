//! 评分: scores every indicator and the budget execution by the rules in
//! [`crate::model::RuleSettings`], with an explanation for each score.
//!
//! The single place where scores, subtotals, the execution rate, the total and the grade
//! are computed. Nothing else derives them.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{Evaluation, Grade};

/// How a score was reached: the rule and the numbers it used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The rule in Chinese, e.g. "正向指标：未达目标，按完成比例计分".
    pub rule: String,
    /// The arithmetic, e.g. "36641 ÷ 38200 × 10 = 9.59".
    pub formula: String,
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
    /// Actual as percent of target where both are numbers (for over/under-achievement).
    pub achievement: Option<Decimal>,
    pub explanation: Explanation,
}

/// Subtotal of a 一级 or 二级 heading row (sum over the 三级 rows below it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub id: String,
    pub level: u8,
    pub name: String,
    pub weight: Decimal,
    pub score: Decimal,
}

/// The whole result of scoring one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub budget: BudgetScore,
    /// One per 三级 row, in display order.
    pub indicators: Vec<IndicatorScore>,
    /// One per 一级/二级 row, in display order.
    pub groups: Vec<GroupScore>,
    /// Sum of all weights taken into account (100 on a well-formed form).
    pub max_total: Decimal,
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
}

/// Scores an evaluation.
pub fn score(evaluation: &Evaluation) -> Scorecard {
    let _ = evaluation;
    todo!("scoring is being written")
}
