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

use std::cmp::Ordering;
use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::model::{
    Evaluation, FundsColumn, Grade, Indicator, IndicatorNature, QualitativeBand, ReverseFormula,
    RuleSettings,
};
use crate::numbers::Plain;

/// How a score was reached: the rule and the exact numbers it used.
///
/// Scoring only records which rule applied and the numbers; the Chinese text is written when
/// it is read ([`Explanation::rule`], [`Explanation::formula`]: the editor's visible rows, the
/// report, the CLI), so that scoring thousands of indicators builds no text. Serialised (CLI
/// `--json`) as `{ "rule": …, "formula": … }`.
///
/// Scores and rates are written with the rules' decimals ([`fmt_score`], the one formatter of
/// findings and explanations), weights and counts without trailing zeros ([`fmt`]), targets,
/// actuals and amounts as entered.
#[derive(Clone, PartialEq)]
pub struct Explanation(Why, Places);

/// The rules' decimals ([`RuleSettings::decimals`], at most [`MAX_DECIMALS`]) an explanation
/// writes its scores with.
#[derive(Clone, Copy, PartialEq)]
struct Places(u8);

impl Places {
    fn of(decimals: u32) -> Places {
        Places(decimals.min(MAX_DECIMALS) as u8)
    }
    /// A score or a rate padded to the places, to write as [`fmt_score`] writes it.
    fn pad(self, v: Decimal) -> Plain {
        Plain(pad(v, u32::from(self.0)))
    }
}

/// Which rule applied, with the numbers it used (everything the texts need).
#[derive(Clone, PartialEq)]
enum Why {
    /// 预算执行率, with the column used as the denominator.
    Budget { base: FundsColumn, calc: Box<BudgetCalc> },
    /// 不适用: dropped.
    Inapplicable { weight: Decimal },
    /// 人工评分: the rounded manual score (before clamping into [0, weight]), the trimmed
    /// reason, and the row's target (for [`IndicatorScore::achievement`]).
    Manual { reason: Box<str>, rounded: Decimal, weight: Decimal, target: Option<Decimal> },
    /// Cannot be scored: the figure that is missing.
    Unscorable { nature: IndicatorNature, gap: Gap },
    /// 正向 / 反向 / 等于 with both figures.
    Quantitative {
        rule: QuantRule,
        outcome: Outcome,
        target: Decimal,
        actual: Decimal,
        weight: Decimal,
        /// Set when the actual is the survey's satisfaction rate.
        survey: Option<Box<SurveySource>>,
    },
    /// 定性: the band (with its percent range) if chosen, and the rounded chosen score.
    Qualitative {
        band: Option<(QualitativeBand, Decimal, Decimal)>,
        rounded: Decimal,
        weight: Decimal,
    },
    /// Total rescaled after dropping inapplicable indicators.
    Rescale(Box<Rescale>),
}

/// The figures of a rescaled total.
#[derive(Clone, PartialEq)]
struct Rescale {
    dropped: Decimal,
    full: Decimal,
    raw: Decimal,
    applicable: Decimal,
    total: Decimal,
}

#[derive(Clone, PartialEq)]
enum BudgetCalc {
    NoExecuted,
    NoBase,
    /// The base is zero or negative.
    BaseNotPositive(Decimal),
    OutOfRange,
    /// 执行数 ÷ 基数 × 分值 = rounded (before clamping); the rounded rate when computable.
    Computed {
        executed: Decimal,
        base: Decimal,
        weight: Decimal,
        rounded: Decimal,
        rate: Option<Decimal>,
    },
}

#[derive(Clone, Copy, PartialEq)]
enum Gap {
    Weight,
    Target,
    Actual,
    SurveyRate,
    /// 定性 without a chosen score (with the band if one was chosen).
    QualitativeScore(Option<QualitativeBand>),
}

/// The quantitative rule applied (反向 with the formula of the settings).
#[derive(Clone, Copy, PartialEq)]
enum QuantRule {
    AtLeast,
    AtMostRatio,
    AtMostLinear,
    Equal,
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    /// Target met: full weight.
    Full,
    /// Not met and the target is not positive: cannot be scored in proportion.
    Cannot,
    /// Not met: the proportional score, rounded (before clamping).
    Partial { rounded: Decimal },
    /// Not met and the arithmetic overflowed.
    OutOfRange,
}

/// The satisfaction-rate figures of a `from_survey` indicator.
#[derive(Clone, PartialEq)]
struct SurveySource {
    satisfied: Decimal,
    valid: Option<Decimal>,
    /// The rate rounded to the settings' decimals.
    rate: Decimal,
}

impl QuantRule {
    fn nature(self) -> IndicatorNature {
        match self {
            QuantRule::AtLeast => IndicatorNature::AtLeast,
            QuantRule::AtMostRatio | QuantRule::AtMostLinear => IndicatorNature::AtMost,
            QuantRule::Equal => IndicatorNature::Equal,
        }
    }
}

impl Explanation {
    /// The rule in Chinese, e.g. "正向指标：未达目标，按完成比例计分" (written by
    /// [`Explanation::write_rule`]).
    pub fn rule(&self) -> String {
        let mut s = String::new();
        self.write_rule(&mut s);
        s
    }

    /// Writes [`Explanation::rule`] at the end of `out`, the one place a rule is written (the
    /// CLI writes it straight into its output, as the formula: [`Explanation::write_formula`]).
    pub fn write_rule(&self, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = self.rule_into(out);
    }

    fn rule_into(&self, out: &mut String) -> std::fmt::Result {
        match &self.0 {
            Why::Budget { base, .. } => write!(out, "预算执行率：全年执行数 ÷ {} × 分值，最高为分值", base.label()),
            Why::Inapplicable { .. } => out.write_str("不适用指标：剔除，不计分"),
            Why::Manual { reason, .. } => {
                if reason.is_empty() {
                    out.write_str("人工评分（未填写理由）")
                } else {
                    write!(out, "人工评分：{reason}")
                }
            }
            Why::Unscorable { nature, .. } => out.write_str(nature_rule(*nature)),
            Why::Quantitative { rule, outcome, .. } => {
                out.write_str(nature_rule(rule.nature()))?;
                out.write_str(match (outcome, rule) {
                    (Outcome::Full, QuantRule::AtLeast) => "：达到目标，得满分",
                    (Outcome::Full, QuantRule::AtMostRatio | QuantRule::AtMostLinear) => "：未超过目标，得满分",
                    (Outcome::Full, QuantRule::Equal) => "：等于目标，得满分",
                    (Outcome::Cannot, _) => "：未达目标",
                    (_, QuantRule::AtLeast) => "：未达目标，按完成比例计分",
                    (_, QuantRule::AtMostRatio) => "：超过目标，按 目标值 ÷ 实际值 计分",
                    (_, QuantRule::AtMostLinear) => "：超过目标，线性递减，实际值达到目标值两倍时为 0",
                    (_, QuantRule::Equal) => "：偏离目标，按偏差比例扣分",
                })
            }
            Why::Qualitative { band: Some((band, ..)), .. } => {
                write!(out, "定性指标：「{}」档，在档内评分", band.label())
            }
            Why::Qualitative { band: None, .. } => out.write_str("定性指标：未选择评价档次"),
            Why::Rescale(r) => write!(
                out,
                "剔除不适用指标（分值合计 {}）后，按满分 {} 折算总分",
                no_zeros(r.dropped),
                no_zeros(r.full)
            ),
        }
    }

    /// The arithmetic, e.g. "36641 ÷ 38200 × 10 = 9.59" (written by
    /// [`Explanation::write_formula`]).
    pub fn formula(&self) -> String {
        let mut s = String::new();
        self.write_formula(&mut s);
        s
    }

    /// Writes [`Explanation::formula`] at the end of `out`, the one place a formula is written:
    /// the CLI writes thousands of them straight into its output this way, building no text
    /// of their own. Scores and rates go through [`pad`] and weights through `normalize`: the
    /// same digits as [`fmt_score`] and [`fmt`] write.
    pub fn write_formula(&self, out: &mut String) {
        // Writing into a String cannot fail.
        let _ = self.formula_into(out);
    }

    fn formula_into(&self, out: &mut String) -> std::fmt::Result {
        let p = self.1;
        match &self.0 {
            Why::Budget { base, calc } => budget_formula(out, *base, calc, p),
            Why::Inapplicable { weight } => write!(out, "分值 {} 不计入总分", no_zeros(*weight)),
            Why::Manual { rounded, weight, .. } => {
                write!(out, "人工评定 {} 分（分值 {}）", p.pad(*rounded), no_zeros(*weight))?;
                clamp_note(out, *rounded, *weight, p)
            }
            Why::Unscorable { gap, .. } => match gap {
                Gap::Weight => out.write_str("缺少分值，得分按 0 计"),
                Gap::Target => out.write_str("缺少年度指标值，无法计分，得分按 0 计"),
                Gap::Actual => out.write_str("缺少实际完成值，无法计分，得分按 0 计"),
                Gap::SurveyRate => {
                    out.write_str("满意度调查缺少有效样本数或答卷，无法计算满意率，得分按 0 计")
                }
                Gap::QualitativeScore(Some(b)) => {
                    write!(out, "已选「{}」档，但未填写得分，得分按 0 计", b.label())
                }
                Gap::QualitativeScore(None) => {
                    out.write_str("未选择评价档次，也未填写得分，得分按 0 计")
                }
            },
            Why::Quantitative { rule, outcome, target, actual, weight, survey } => {
                quantitative_formula(out, *rule, *outcome, *target, *actual, *weight, survey.as_deref(), p)
            }
            Why::Qualitative { band, rounded, weight } => {
                let (r, w) = (p.pad(*rounded), no_zeros(*weight));
                match band {
                    Some((_, lo, hi)) => {
                        let (min, max) = (percent_of(*weight, *lo), percent_of(*weight, *hi));
                        let inside = *rounded >= min && *rounded <= max;
                        let note = if inside { "" } else { "（不在该档分数范围内）" };
                        write!(
                            out,
                            "档次 {}%–{}% × {w} = {}–{} 分，评定 {r} 分{note}",
                            no_zeros(*lo),
                            no_zeros(*hi),
                            p.pad(min),
                            p.pad(max)
                        )?;
                    }
                    None => write!(out, "评定 {r} 分（分值 {w}）")?,
                }
                clamp_note(out, *rounded, *weight, p)
            }
            Why::Rescale(r) => write!(
                out,
                "{} × {} ÷ {} = {}",
                p.pad(r.raw),
                no_zeros(r.full),
                no_zeros(r.applicable),
                p.pad(r.total)
            ),
        }
    }
}

/// The note of a manual or qualitative score clamped into [0, weight] (nothing when inside).
fn clamp_note(out: &mut String, rounded: Decimal, weight: Decimal, p: Places) -> std::fmt::Result {
    let score = clamp(rounded, weight);
    if score != rounded {
        write!(out, "，超出 0–{}，按 {} 计", no_zeros(weight), p.pad(score))?;
    }
    Ok(())
}

/// The note of a computed score outside [0, weight] (nothing when inside).
fn bound_note(out: &mut String, rounded: Decimal, weight: Decimal, p: Places) -> std::fmt::Result {
    if rounded > weight {
        write!(out, "，超过分值，按 {} 计", p.pad(weight))
    } else if rounded < Decimal::ZERO {
        out.write_str("，低于 0，按 0 计")
    } else {
        Ok(())
    }
}

fn budget_formula(out: &mut String, base: FundsColumn, calc: &BudgetCalc, p: Places) -> std::fmt::Result {
    match calc {
        BudgetCalc::NoExecuted => out.write_str("缺少全年执行数，无法计算执行率，得分按 0 计"),
        BudgetCalc::NoBase => write!(out, "缺少{}，无法计算执行率，得分按 0 计", base.label()),
        BudgetCalc::BaseNotPositive(b) => write!(
            out,
            "{}为 {}，不能作除数，无法计算执行率，得分按 0 计",
            base.label(),
            Plain(*b)
        ),
        BudgetCalc::OutOfRange => out.write_str("数值超出可计算范围，得分按 0 计"),
        BudgetCalc::Computed { executed, base, weight, rounded, rate } => {
            write!(out, "{} ÷ {} × {} = {}", Plain(*executed), Plain(*base), no_zeros(*weight), p.pad(*rounded))?;
            bound_note(out, *rounded, *weight, p)?;
            if let Some(r) = rate {
                write!(out, "（执行率 {}%）", p.pad(*r))?;
            }
            Ok(())
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn quantitative_formula(
    out: &mut String,
    rule: QuantRule,
    outcome: Outcome,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    survey: Option<&SurveySource>,
    p: Places,
) -> std::fmt::Result {
    // Target and a typed actual as entered; the survey's rate as rounded, with the decimals.
    let t = Plain(target);
    let a = match survey {
        Some(s) => p.pad(s.rate),
        None => Plain(actual),
    };
    let w = no_zeros(weight);
    match outcome {
        Outcome::Full => {
            let sign = match rule {
                QuantRule::AtLeast => "≥",
                QuantRule::AtMostRatio | QuantRule::AtMostLinear => "≤",
                QuantRule::Equal => "＝",
            };
            write!(out, "{a} {sign} {t}，得 {}", p.pad(weight))?;
        }
        Outcome::Cannot => {
            return match rule {
                QuantRule::Equal => write!(
                    out,
                    "实际值 {a} 不等于年度指标值 {t}，且目标值不大于 0，不能按偏差比例计分，得分按 0 计"
                ),
                _ => write!(out, "年度指标值为 {t}，不能按比例计分，得分按 0 计"),
            }
        }
        Outcome::OutOfRange => return out.write_str("数值超出可计算范围，得分按 0 计"),
        Outcome::Partial { rounded } => {
            match rule {
                QuantRule::AtLeast => write!(out, "{a} ÷ {t} × {w}"),
                QuantRule::AtMostRatio => write!(out, "{t} ÷ {a} × {w}"),
                QuantRule::AtMostLinear => write!(out, "(2 × {t} − {a}) ÷ {t} × {w}"),
                QuantRule::Equal => write!(out, "(1 − |{a} − {t}| ÷ {t}) × {w}"),
            }?;
            write!(out, " = {}", p.pad(rounded))?;
            bound_note(out, rounded, weight, p)?;
        }
    }
    // Where the survey's rate came from.
    if let Some(s) = survey {
        write!(out, "（满意率 = {} ÷ {} × 100% = {}%）", no_zeros(s.satisfied), fmt_opt(s.valid), p.pad(s.rate))?;
    }
    Ok(())
}

/// A weight or a count as written: without trailing zeros (what [`fmt`] writes).
fn no_zeros(v: Decimal) -> Plain {
    Plain(v.normalize())
}

impl std::fmt::Debug for Explanation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Explanation")
            .field("rule", &self.rule())
            .field("formula", &self.formula())
            .finish()
    }
}

impl Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Explanation", 2)?;
        s.serialize_field("rule", &self.rule())?;
        s.serialize_field("formula", &self.formula())?;
        s.end()
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
///
/// It pairs with its row by position: [`Scorecard::indicators`] has one score per 三级 row of
/// the evaluation, in display order ([`Scorecard::rows`] walks them together). It does not copy
/// the row's id. Serialised (CLI `--json`, after the row's `id`) as `{ weight, score, manual,
/// dropped, achievement, actual, met, explanation }`, `achievement` derived as
/// [`IndicatorScore::achievement`] says.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorScore {
    /// 分值 (0 when the weight is missing)
    pub weight: Decimal,
    /// 得分, in [0, weight]. An indicator that cannot be scored (missing actual) scores 0
    /// and says so in its explanation; reconciliation reports the gap.
    pub score: Decimal,
    /// The score is a manual one (人工评分).
    pub manual: bool,
    /// Not applicable: dropped from the total.
    pub dropped: bool,
    /// The actual value used (the survey's satisfaction rate for `from_survey` rows).
    pub actual: Option<Decimal>,
    /// The target was met (quantitative: by the rule of its nature; qualitative: band
    /// 达成年度指标); `None` when it cannot be told (missing figures, manual score).
    pub met: Option<bool>,
    pub explanation: Explanation,
}

impl IndicatorScore {
    /// Actual as percent of target (完成比例, unrounded, [`achievement`]) where both are numbers
    /// and the row is scored by them or by hand: a quantitative row with its figures, or a
    /// manual score; `None` for every other row (inapplicable, qualitative, unscorable).
    /// Computed when asked, from the figures the score's explanation keeps.
    pub fn achievement(&self) -> Option<Decimal> {
        match &self.explanation.0 {
            Why::Quantitative { target, actual, .. } => achievement(Some(*actual), Some(*target)),
            Why::Manual { target, .. } => achievement(self.actual, *target),
            _ => None,
        }
    }
}

impl Serialize for IndicatorScore {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("IndicatorScore", 8)?;
        s.serialize_field("weight", &self.weight)?;
        s.serialize_field("score", &self.score)?;
        s.serialize_field("manual", &self.manual)?;
        s.serialize_field("dropped", &self.dropped)?;
        s.serialize_field("achievement", &self.achievement())?;
        s.serialize_field("actual", &self.actual)?;
        s.serialize_field("met", &self.met)?;
        s.serialize_field("explanation", &self.explanation)?;
        s.end()
    }
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
    /// Whether the form can be scored at all ([`Scorecard::missing_for_score`] is empty): the
    /// execution rate can be computed (or the budget part weighs nothing) and at least one
    /// applicable 三级 indicator has a weight. When it cannot, `total` and `grade` are what the
    /// rules give for the parts that are there (0.00 and 差 on a blank form) and must not be
    /// shown as the form's score: the editor shows "—", the report and `jixiao` say it cannot
    /// be scored yet.
    pub scorable: bool,
}

impl Scorecard {
    /// The 三级 rows of `evaluation` (the one scored) with their scores, in display order.
    pub fn rows<'a>(
        &'a self,
        evaluation: &'a Evaluation,
    ) -> impl Iterator<Item = (&'a Indicator, &'a IndicatorScore)> + 'a {
        evaluation.indicators.iter().filter(|i| i.is_scored()).zip(&self.indicators)
    }
    /// Each row of `evaluation.indicators` with its score by position (`None` for headings):
    /// ids may repeat in a bad draft, positions cannot.
    pub fn by_position<'a>(&'a self, evaluation: &Evaluation) -> Vec<Option<&'a IndicatorScore>> {
        let mut scored = self.indicators.iter();
        evaluation.indicators.iter().map(|i| if i.is_scored() { scored.next() } else { None }).collect()
    }
    /// The score of the first 三级 row of `evaluation` (the one scored) with this id.
    pub fn indicator<'a>(&'a self, evaluation: &'a Evaluation, id: &str) -> Option<&'a IndicatorScore> {
        self.rows(evaluation).find(|(i, _)| i.id == id).map(|(_, s)| s)
    }
    pub fn group(&self, id: &str) -> Option<&GroupScore> {
        self.groups.iter().find(|s| s.id == id)
    }
    /// What the form still lacks before it can be scored, in the form's words (empty when
    /// [`Scorecard::scorable`]): "预算执行率（全年预算数、全年执行数）", "有分值的三级指标".
    pub fn missing_for_score(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.budget.weight > Decimal::ZERO && self.budget.rate.is_none() {
            out.push("可计算的预算执行率（资金数）");
        }
        if !self.indicators.iter().any(|s| !s.dropped && s.weight > Decimal::ZERO) {
            out.push("有分值的三级指标");
        }
        out
    }
}

/// The most decimal places a score is written with; a larger setting is treated as this.
pub const MAX_DECIMALS: u32 = 10;

/// Rounds half away from zero (四舍五入) to `decimals` places.
/// The result carries exactly `decimals` places ("8.00"), so that serialized scores read alike.
/// `decimals` above [`MAX_DECIMALS`] count as [`MAX_DECIMALS`].
pub fn round(value: Decimal, decimals: u32) -> Decimal {
    let decimals = decimals.min(MAX_DECIMALS);
    if value.scale() == decimals {
        // Already written with the places: rounding and padding leave it as it is.
        return value;
    }
    if value.scale() > decimals && !value.is_zero() {
        // What `round_dp_with_strategy(decimals, MidpointAwayFromZero)` computes, in one
        // 128-bit division of the magnitude instead of its 32-bit limb loops: the quotient,
        // plus one when the remainder is at least half the divisor (already at `decimals`
        // places: nothing to pad).
        let magnitude = value.mantissa().unsigned_abs();
        let divisor = POW10[(value.scale() - decimals) as usize];
        let mut q = magnitude / divisor;
        if magnitude - q * divisor >= divisor / 2 {
            q += 1;
        }
        return Decimal::from_parts(q as u32, (q >> 32) as u32, (q >> 64) as u32, value.is_sign_negative(), decimals);
    }
    let mut r = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(decimals);
    r
}

/// An exact running sum: the same decimal, digit for digit and scale for scale, as folding the
/// terms with [`Decimal::saturating_add`] in the same order (so subtotals and totals read
/// exactly as before), but terms that are not negative are added as 128-bit integers at the
/// larger of the two scales, which is what that addition does for them while the result fits
/// in 96 bits. A negative term or a result beyond 96 bits hands over to `saturating_add`.
#[derive(Debug, Clone, Copy)]
pub struct Sum(SumState);

#[derive(Debug, Clone, Copy)]
enum SumState {
    /// A sum ≥ 0 of magnitude < 2^96 at `scale`.
    Exact { magnitude: u128, scale: u32 },
    General(Decimal),
}

/// 2^96: the first magnitude a decimal cannot hold.
const DECIMAL_LIMIT: u128 = 1 << 96;

/// 10^0 … 10^28 (every scale difference of two decimals).
const POW10: [u128; 29] = {
    let mut p = [1u128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

impl Sum {
    /// A sum starting at `start` (e.g. `Decimal::ZERO`).
    pub fn new(start: Decimal) -> Sum {
        if start.is_sign_negative() {
            Sum(SumState::General(start))
        } else {
            Sum(SumState::Exact { magnitude: start.mantissa().unsigned_abs(), scale: start.scale() })
        }
    }

    /// Adds `term` as `self.value().saturating_add(term)` would.
    #[inline(always)]
    pub fn add(&mut self, term: Decimal) {
        // The common case inline: a positive term at the sum's own scale, on a sum above 0.
        if let SumState::Exact { magnitude, scale } = &mut self.0 {
            if *magnitude != 0 && term.scale() == *scale && term.is_sign_positive() {
                let t = term.mantissa() as u128;
                if t != 0 && *magnitude + t < DECIMAL_LIMIT {
                    *magnitude += t;
                    return;
                }
            }
        }
        self.add_other(term);
    }

    /// Every other case of [`Sum::add`].
    #[inline(never)]
    fn add_other(&mut self, term: Decimal) {
        self.0 = match self.0 {
            SumState::General(sum) => SumState::General(sum.saturating_add(term)),
            SumState::Exact { magnitude, scale } => {
                let (t, ts) = (term.mantissa().unsigned_abs(), term.scale());
                let exact = if term.is_sign_negative() {
                    None
                } else if magnitude == 0 {
                    // 0 + x is x as it stands (its own scale), as in rust_decimal.
                    Some((t, ts))
                } else if t == 0 {
                    // x + 0 is x as it stands.
                    Some((magnitude, scale))
                } else if ts == scale {
                    magnitude.checked_add(t).map(|m| (m, scale))
                } else if ts < scale {
                    t.checked_mul(POW10[(scale - ts) as usize])
                        .and_then(|t| t.checked_add(magnitude))
                        .map(|m| (m, scale))
                } else {
                    magnitude
                        .checked_mul(POW10[(ts - scale) as usize])
                        .and_then(|m| m.checked_add(t))
                        .map(|m| (m, ts))
                };
                match exact {
                    Some((magnitude, scale)) if magnitude < DECIMAL_LIMIT => {
                        SumState::Exact { magnitude, scale }
                    }
                    _ => SumState::General(self.value().saturating_add(term)),
                }
            }
        };
    }

    pub fn value(&self) -> Decimal {
        match self.0 {
            SumState::Exact { magnitude, scale } => {
                Decimal::from_i128_with_scale(magnitude as i128, scale)
            }
            SumState::General(sum) => sum,
        }
    }
}

/// Formats a decimal without trailing zeros ("9.59", "10", "371.16").
pub fn fmt(value: Decimal) -> String {
    no_zeros(value).to_string()
}

/// Formats a score or a percentage with the rules' `decimals`, padded ("90.70", "8.00",
/// "100.00"): how the findings, the explanations and the report write every score and rate.
/// Never rounds: scores and rates are rounded where they are computed ([`round`]), and a typed
/// one (a claimed or manual score) keeps every digit it has, so that a message never hides the
/// digit that differs.
pub fn fmt_score(value: Decimal, decimals: u32) -> String {
    Plain(pad(value, decimals)).to_string()
}

/// Formats an optional decimal; blank as "（空）".
pub fn fmt_opt(value: Option<Decimal>) -> String {
    value.map(fmt).unwrap_or_else(|| "（空）".to_string())
}

/// `value.max(0).min(weight)` (the same decimal, scale included: `max` keeps the 0 and `min`
/// the value when they are equal).
fn clamp(value: Decimal, weight: Decimal) -> Decimal {
    let v = if sign(value) == Ordering::Greater { value } else { Decimal::ZERO };
    if compare(v, weight) == Ordering::Greater {
        weight
    } else {
        v
    }
}

/// `a.cmp(&b)`: for two decimals that are not negative, with mantissas below 2^64 and at most
/// 19 places apart (figures as typed), the mantissas compared at the larger scale in one
/// 64 × 64-bit multiplication; otherwise rust_decimal's own comparison.
#[inline]
pub fn compare(a: Decimal, b: Decimal) -> Ordering {
    let (ma, mb) = (a.mantissa(), b.mantissa());
    let (sa, sb) = (a.scale(), b.scale());
    if ma >= 0 && mb >= 0 && ma >> 64 == 0 && mb >> 64 == 0 && sa.abs_diff(sb) <= 19 {
        let (ma, mb) = (ma as u64 as u128, mb as u64 as u128);
        return if sa == sb {
            ma.cmp(&mb)
        } else if sa < sb {
            (ma * pow10_below_2_64(sb - sa)).cmp(&mb)
        } else {
            ma.cmp(&(mb * pow10_below_2_64(sa - sb)))
        };
    }
    a.cmp(&b)
}

/// 10^`k` for `k` ≤ 19, from [`POW10`], as a `u128` whose high half is known to be zero (so a
/// product with another such number is one 64 × 64-bit multiplication).
#[inline]
fn pow10_below_2_64(k: u32) -> u128 {
    POW10[k as usize] as u64 as u128
}

/// `a × b` when it fits in 128 bits: a plain multiplication when the two have at most 128
/// significant bits together (the usual case, no overflow check needed), else checked.
#[inline]
fn mul_exact(a: u128, b: u128) -> Option<u128> {
    if a.leading_zeros() + b.leading_zeros() >= 128 {
        Some(a.wrapping_mul(b))
    } else {
        a.checked_mul(b)
    }
}

/// `value.cmp(&Decimal::ZERO)`.
#[inline]
pub fn sign(value: Decimal) -> Ordering {
    if value.is_zero() {
        Ordering::Equal
    } else if value.is_sign_negative() {
        Ordering::Less
    } else {
        Ordering::Greater
    }
}

/// Pads a score to `decimals` places where that is exact ("8" → "8.00"); never changes its
/// value (a value with more places keeps them). The form in which a score or a percentage is
/// written everywhere: [`fmt_score`].
pub fn pad(mut v: Decimal, decimals: u32) -> Decimal {
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

    // One walk over the rows: each 三级 row is scored and added to the totals and to the
    // subtotals of its headings ([`parent_slots`]: each heading named by its slot among the
    // headings, which is its place in `groups`).
    let inds = &evaluation.indicators;
    let mut indicators: Vec<IndicatorScore> = Vec::with_capacity(inds.len());
    let mut groups: Vec<GroupScore> = Vec::new();
    // (weight, score) of each group.
    let mut sums: Vec<(Sum, Sum)> = Vec::new();
    let mut raw = Sum::new(budget.score);
    let mut applicable_weight = Sum::new(budget.weight);
    let mut full_weight = Sum::new(budget.weight);
    let mut dropped_weight = Sum::new(Decimal::ZERO);
    for (ind, (l1, l2)) in inds.iter().zip(parent_slots(inds)) {
        match ind.level {
            1 | 2 => {
                groups.push(GroupScore {
                    id: ind.id.clone(),
                    level: ind.level,
                    name: ind.name.clone(),
                    weight: Decimal::ZERO,
                    score: Decimal::ZERO,
                    indicator_count: 0,
                });
                sums.push((Sum::new(Decimal::ZERO), Sum::new(Decimal::ZERO)));
            }
            3 => {
                let mut s = score_indicator(evaluation, ind);
                s.score = pad(s.score, d);
                full_weight.add(s.weight);
                if s.dropped {
                    dropped_weight.add(s.weight);
                } else {
                    raw.add(s.score);
                    applicable_weight.add(s.weight);
                }
                for g in [l1, l2] {
                    let Some(g) = g else { continue };
                    groups[g].indicator_count += 1;
                    if !s.dropped {
                        sums[g].0.add(s.weight);
                        sums[g].1.add(s.score);
                    }
                }
                indicators.push(s);
            }
            // Neither scored nor a heading (reconciliation reports the level).
            _ => {}
        }
    }
    for (group, (weight, score)) in groups.iter_mut().zip(sums) {
        group.weight = weight.value();
        group.score = score.value();
    }
    let (raw, applicable_weight, full_weight, dropped_weight) =
        (raw.value(), applicable_weight.value(), full_weight.value(), dropped_weight.value());

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
            rescale = Some(Explanation(
                Why::Rescale(Box::new(Rescale {
                    dropped: dropped_weight,
                    full: full_weight,
                    raw,
                    applicable: applicable_weight,
                    total,
                })),
                Places::of(d),
            ));
        }
    }

    let total = pad(total, d);
    let mut card = Scorecard {
        grade: rules.grades.grade(total),
        budget,
        indicators,
        groups,
        max_total,
        raw_total: pad(raw, d),
        total,
        rescale,
        scorable: false,
    };
    card.scorable = card.missing_for_score().is_empty();
    card
}

/// The 执行率 and 得分 of one source row, by the same rule as the total's ([`score_budget`]
/// applied to that row alone, with the same rules and weight): what a form prints beside each
/// source, compared with the unit's claimed figures there. The one place this is computed.
pub fn score_source(evaluation: &Evaluation, row: &crate::model::FundsRow) -> BudgetScore {
    let alone = Evaluation {
        funds: crate::model::Funds { sources: vec![row.clone()], ..crate::model::Funds::default() },
        rules: evaluation.rules.clone(),
        ..Evaluation::default()
    };
    score_budget(&alone)
}

/// The 预算执行率 score alone.
pub fn score_budget(evaluation: &Evaluation) -> BudgetScore {
    let rules = &evaluation.rules;
    let weight = rules.budget_weight.max(Decimal::ZERO);
    let totals = evaluation.funds.effective_total();
    let base_col = rules.execution_base.column();
    let zero = |calc: BudgetCalc, rate: Option<Decimal>| BudgetScore {
        rate,
        weight,
        score: Decimal::ZERO,
        explanation: Explanation(Why::Budget { base: base_col, calc: Box::new(calc) }, Places::of(rules.decimals)),
    };

    let (executed, base) = match (totals.executed, totals.get(base_col)) {
        (Some(e), Some(b)) => (e, b),
        (None, _) => return zero(BudgetCalc::NoExecuted, None),
        (_, None) => return zero(BudgetCalc::NoBase, None),
    };
    if base <= Decimal::ZERO {
        return zero(BudgetCalc::BaseNotPositive(base), None);
    }
    let rate = executed
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_div(base))
        .map(|r| round(r, rules.decimals));
    let exact = executed.checked_div(base).and_then(|r| r.checked_mul(weight));
    let Some(exact) = exact else {
        return zero(BudgetCalc::OutOfRange, rate);
    };
    let rounded = round(exact, rules.decimals);
    BudgetScore {
        rate,
        weight,
        score: clamp(rounded, weight),
        explanation: Explanation(
            Why::Budget { base: base_col, calc: Box::new(BudgetCalc::Computed { executed, base, weight, rounded, rate }) },
            Places::of(rules.decimals),
        ),
    }
}

/// A score of 0 for an indicator that cannot be scored, saying which figure is missing.
fn unscorable(ind: &Indicator, weight: Decimal, gap: Gap, decimals: u32) -> IndicatorScore {
    IndicatorScore {
        weight,
        score: Decimal::ZERO,
        manual: false,
        dropped: false,
        actual: None,
        met: None,
        explanation: Explanation(Why::Unscorable { nature: ind.nature, gap }, Places::of(decimals)),
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
    // `max(0)`: a weight that is not above 0 counts as 0 (the zero constant, as `max` gives).
    let weight = match ind.weight {
        Some(w) if sign(w) == Ordering::Greater => w,
        _ => Decimal::ZERO,
    };

    if !ind.applicable {
        return IndicatorScore {
            weight,
            score: Decimal::ZERO,
            manual: false,
            dropped: true,
            actual: effective_actual(evaluation, ind),
            met: None,
            explanation: Explanation(Why::Inapplicable { weight }, Places::of(d)),
        };
    }

    if let Some(manual) = &ind.manual {
        if let Some(ms) = manual.score {
            let rounded = round(ms, d);
            let actual = effective_actual(evaluation, ind);
            return IndicatorScore {
                weight,
                score: clamp(rounded, weight),
                manual: true,
                dropped: false,
                actual,
                met: None,
                explanation: Explanation(
                    Why::Manual { reason: manual.reason.trim().into(), rounded, weight, target: ind.target },
                    Places::of(d),
                ),
            };
        }
    }

    if ind.weight.is_none() {
        return unscorable(ind, weight, Gap::Weight, d);
    }

    if ind.nature == IndicatorNature::Qualitative {
        return score_qualitative(evaluation, ind, weight);
    }

    let actual = effective_actual(evaluation, ind);
    let Some(target) = ind.target else {
        return unscorable(ind, weight, Gap::Target, d);
    };
    let Some(actual) = actual else {
        let gap = if ind.from_survey { Gap::SurveyRate } else { Gap::Actual };
        return unscorable(ind, weight, gap, d);
    };
    let survey = ind.from_survey.then(|| {
        let s = &evaluation.survey;
        Box::new(SurveySource {
            satisfied: s.satisfied_count(),
            valid: s.valid,
            rate: round(actual, d),
        })
    });

    let rule = match (ind.nature, rules.reverse_formula) {
        (IndicatorNature::AtMost, ReverseFormula::Ratio) => QuantRule::AtMostRatio,
        (IndicatorNature::AtMost, ReverseFormula::LinearToDouble) => QuantRule::AtMostLinear,
        (IndicatorNature::Equal, _) => QuantRule::Equal,
        _ => QuantRule::AtLeast,
    };
    let order = compare(actual, target);
    let met = match rule {
        QuantRule::AtLeast => order != Ordering::Less,
        QuantRule::AtMostRatio | QuantRule::AtMostLinear => order != Ordering::Greater,
        QuantRule::Equal => order == Ordering::Equal,
    };
    let (score, outcome) = if met {
        (weight, Outcome::Full)
    } else if sign(target) != Ordering::Greater {
        (Decimal::ZERO, Outcome::Cannot)
    } else {
        match proportional(rule, target, actual, weight) {
            Some(exact) => {
                let rounded = round(exact, d);
                (clamp(rounded, weight), Outcome::Partial { rounded })
            }
            None => (Decimal::ZERO, Outcome::OutOfRange),
        }
    };
    IndicatorScore {
        weight,
        score,
        manual: false,
        dropped: false,
        actual: Some(actual),
        met: Some(met),
        explanation: Explanation(Why::Quantitative { rule, outcome, target, actual, weight, survey }, Places::of(d)),
    }
}

/// The exact (unrounded) score of a quantitative indicator that missed its positive target;
/// `None` on overflow.
/// - 正向: weight × actual ÷ target
/// - 反向, ratio: weight × target ÷ actual
/// - 反向, linear: weight × (2 × target − actual) ÷ target
/// - 等于: weight × (1 − |actual − target| ÷ target)
fn proportional(rule: QuantRule, target: Decimal, actual: Decimal, weight: Decimal) -> Option<Decimal> {
    let ratio = match rule {
        QuantRule::AtLeast => actual.checked_div(target),
        QuantRule::AtMostRatio => target.checked_div(actual),
        QuantRule::AtMostLinear => target
            .checked_mul(Decimal::TWO)
            .and_then(|v| v.checked_sub(actual))
            .and_then(|v| v.checked_div(target)),
        QuantRule::Equal => actual
            .checked_sub(target)
            .map(|v| v.abs())
            .and_then(|dev| dev.checked_div(target))
            .and_then(|r| Decimal::ONE.checked_sub(r)),
    };
    ratio?.checked_mul(weight)
}

/// Actual as percent of target (unrounded); `None` unless both are numbers and target ≠ 0.
pub fn achievement(actual: Option<Decimal>, target: Option<Decimal>) -> Option<Decimal> {
    let (a, t) = (actual?, target?);
    if t.is_zero() {
        return None;
    }
    a.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(t)
}

/// Whether `numerator × 100 ÷ denominator`, as [`achievement`] computes it, may reach `limit`
/// (a percent of at least 1, e.g. the over-achievement setting): `false` only when it
/// certainly does not — the ratio is not computable or not positive, or the exact ratio is
/// below `limit` by more than a billionth of it, far more than the quotient's
/// rounding (rust_decimal keeps 28 significant digits) — decided on the integers, without the
/// division. `true` otherwise (then compute the ratio and compare), also when the integers do
/// not fit in 128 bits or `limit` is below 1.
pub fn may_reach_percent(numerator: Decimal, denominator: Decimal, limit: Decimal) -> bool {
    const MARGIN: u128 = 1_000_000_000;
    // limit ≥ 1: its mantissa is at least 10^scale.
    let (l, ls) = (limit.mantissa(), limit.scale() as usize);
    if l <= 0 || (l as u128) < POW10[ls] {
        return true;
    }
    match (sign(numerator), sign(denominator)) {
        // Both negative: a positive ratio.
        (Ordering::Less, Ordering::Less) => return true,
        (Ordering::Greater, Ordering::Greater) => {}
        // Zero, negative, or no ratio (a zero denominator).
        _ => return false,
    }
    let (n, d, l) = (numerator.mantissa() as u128, denominator.mantissa() as u128, l as u128);
    let (ns, ds) = (numerator.scale() as usize, denominator.scale() as usize);
    if ds + ls >= POW10.len() {
        return true;
    }
    // n·10^-ns × 100 ÷ (d·10^-ds) < l·10^-ls × (1 − 10^-9), both sides × 10^(ns+ds+ls) × 10^9.
    if n >> 32 == 0 && d >> 32 == 0 && l >> 32 == 0 && ns <= 9 && ds + ls <= 9 {
        // Below 2^32 × 2^37 × 2^30 and 2^64 × 2^30 × 2^30: no overflow.
        return n * 100 * MARGIN * POW10[ds + ls] >= l * d * POW10[ns] * (MARGIN - 1);
    }
    let lhs = mul_exact(n, 100 * MARGIN).and_then(|v| mul_exact(v, POW10[ds + ls]));
    let rhs = mul_exact(l, d).and_then(|v| mul_exact(v, POW10[ns])).and_then(|v| mul_exact(v, MARGIN - 1));
    match (lhs, rhs) {
        (Some(lhs), Some(rhs)) => lhs >= rhs,
        _ => true,
    }
}

/// `percent` % of `weight` (0 on overflow).
fn percent_of(weight: Decimal, percent: Decimal) -> Decimal {
    weight
        .checked_mul(percent)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .unwrap_or_default()
}

/// The score range of a band for a weight: (min, max) = weight × band% ÷ 100.
pub fn band_range(rules: &RuleSettings, band: QualitativeBand, weight: Decimal) -> (Decimal, Decimal) {
    let (lo, hi) = rules.bands.range(band);
    (percent_of(weight, lo), percent_of(weight, hi))
}

/// Whether `score` lies in the band's range for `weight` (min ≤ score ≤ max of
/// [`band_range`]), without its divisions where they are exact: `weight × percent` moved two
/// places has the quotient's value whenever it has room for two more places.
pub fn in_band(rules: &RuleSettings, band: QualitativeBand, weight: Decimal, score: Decimal) -> bool {
    let value = |percent: Decimal| match weight.checked_mul(percent) {
        None => Decimal::ZERO,
        Some(mut v) if v.scale() <= Decimal::MAX_SCALE - 2 => {
            v.set_scale(v.scale() + 2).expect("a scale of at most 28");
            v
        }
        Some(_) => percent_of(weight, percent),
    };
    let (lo, hi) = rules.bands.range(band);
    // score ≥ weight × percent ÷ 100 as integers at a common scale, when every mantissa is
    // below 2^32, not negative, and the places are few (then the product is exact, as
    // `checked_mul` gives it, and nothing overflows 128 bits); otherwise as decimals.
    let small = |v: Decimal| v.mantissa() >= 0 && v.mantissa() >> 32 == 0 && v.scale() <= 9;
    if small(weight) && small(score) && small(lo) && small(hi) {
        let at = |percent: Decimal| {
            // score × 10^(ws+ps+2) against weight × percent × 10^ss, both below 2^100.
            let left = score.mantissa() as u128 * POW10[(weight.scale() + percent.scale() + 2) as usize];
            let right = weight.mantissa() as u128 * percent.mantissa() as u128 * POW10[score.scale() as usize];
            left.cmp(&right)
        };
        return at(lo) != Ordering::Less && at(hi) != Ordering::Greater;
    }
    compare(score, value(lo)) != Ordering::Less && compare(score, value(hi)) != Ordering::Greater
}

fn score_qualitative(evaluation: &Evaluation, ind: &Indicator, weight: Decimal) -> IndicatorScore {
    let rules = &evaluation.rules;
    let Some(chosen) = ind.band_score else {
        return unscorable(ind, weight, Gap::QualitativeScore(ind.band), rules.decimals);
    };
    let rounded = round(chosen, rules.decimals);
    IndicatorScore {
        weight,
        score: clamp(rounded, weight),
        manual: false,
        dropped: false,
        actual: None,
        met: ind.band.map(|band| band == QualitativeBand::Achieved),
        explanation: Explanation(
            Why::Qualitative {
                band: ind.band.map(|band| {
                    let (lo, hi) = rules.bands.range(band);
                    (band, lo, hi)
                }),
                rounded,
                weight,
            },
            Places::of(rules.decimals),
        ),
    }
}

/// The parents of each indicator row: (index of the 一级 row above, index of the 二级 row
/// above) by the flat-list rule (a row belongs to the nearest heading of the level above).
pub fn parents(indicators: &[Indicator]) -> Vec<(Option<usize>, Option<usize>)> {
    parents_named(indicators, |row, _| row).collect()
}

/// [`parents`] row by row with each heading named by its slot in [`heading_rows`] (its
/// position among the headings) instead of its row index.
pub fn parent_slots(
    indicators: &[Indicator],
) -> impl Iterator<Item = (Option<usize>, Option<usize>)> + '_ {
    parents_named(indicators, |_, slot| slot)
}

/// The flat-list rule of [`parents`], a heading named by `name(row index, slot)`.
fn parents_named<'a>(
    indicators: &'a [Indicator],
    name: impl Fn(usize, usize) -> usize + 'a,
) -> impl Iterator<Item = (Option<usize>, Option<usize>)> + 'a {
    let (mut l1, mut l2): (Option<usize>, Option<usize>) = (None, None);
    let mut slot = 0;
    indicators.iter().enumerate().map(move |(i, ind)| match ind.level {
        1 => {
            (l1, l2) = (Some(name(i, slot)), None);
            slot += 1;
            (None, None)
        }
        2 => {
            let above = (l1, None);
            l2 = Some(name(i, slot));
            slot += 1;
            above
        }
        _ => (l1, l2),
    })
}

/// The row indices of the 一级 and 二级 headings, in order: a heading's position in it is its
/// slot in per-heading vectors (found by binary search from its row index).
pub fn heading_rows(indicators: &[Indicator]) -> Vec<usize> {
    indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.level == 1 || i.level == 2)
        .map(|(i, _)| i)
        .collect()
}
