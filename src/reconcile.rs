//! 核对 (reconciliation): every figure that can be derived from others is checked against
//! them (domain.md §4). Each disagreement is a [`Finding`] with a stable code; every code is
//! documented in docs/findings.md.
//!
//! Decisions:
//! - Money routed to accounts (资金拨付) is compared with 实际到位资金 of the effective total
//!   row; when 实际到位资金 is blank, with 全年执行数 (what was routed must be what was received;
//!   what was spent is checked by the uses breakdown).
//! - The total weight is the budget-execution weight plus every 三级 weight, inapplicable rows
//!   included (the form is designed on 100; dropping is a scoring matter).
//! - Key figures are the same quantity when their names are equal after removing whitespace;
//!   values are compared after converting a 万-prefixed unit to its base unit exactly
//!   (16.80 万人 = 168000 人).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{
    Direction, Evaluation, FundsAmounts, FundsColumn, Indicator, IndicatorNature, KeyFigure,
    QualitativeBand,
};
use crate::scoring::{
    self, band_range, fmt, fmt_opt, parent_slots, Explanation, IndicatorScore, Scorecard, Sum,
};

/// 严重程度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    /// 错误: the form is wrong or incomplete.
    #[serde(rename = "错误")]
    Error,
    /// 警告: allowed, but a reviewer will ask.
    #[serde(rename = "警告")]
    Warning,
    /// 提示
    #[serde(rename = "提示")]
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

/// One disagreement or gap.
///
/// The texts are written when read ([`Finding::place`], [`Finding::message`]), like a score's
/// [`crate::scoring::Explanation`]: a finding on an indicator row keeps which check raised it,
/// the row's name and level and the exact numbers it states, so that reconciling thousands of
/// rows writes no text. (The few findings on the evaluation as a whole — funds, survey, key
/// figures, claimed totals — are written when raised.) Serialised (CLI `--json`) with the same
/// keys as its fields and the texts: `{ code, severity, path, place, message, expected, found,
/// difference }`.
#[derive(Clone)]
pub struct Finding {
    /// Stable code, e.g. "FUNDS_SOURCES_SUM"; documented in docs/findings.md.
    pub code: &'static str,
    pub severity: Severity,
    /// Field path of the field to fix (see the crate docs), e.g. "indicators.i7.actual".
    pub path: String,
    pub expected: Option<Decimal>,
    pub found: Option<Decimal>,
    /// found − expected
    pub difference: Option<Decimal>,
    text: Text,
}

/// What a finding's texts are written from.
#[derive(Clone, PartialEq)]
enum Text {
    Written { place: String, message: String },
    /// On an indicator row: its name as messages quote it ([`ind_name`]), its level, the
    /// place and what is wrong.
    Row { name: Box<str>, level: u8, place: RowPlace, what: RowWhat },
}

/// The place of a row finding.
#[derive(Clone, Copy, PartialEq)]
enum RowPlace {
    /// A field of the row: "绩效指标「名称」实际完成值" ([`ind_place`]).
    Field(&'static str),
    /// Elsewhere, e.g. "满意度调查 有效样本数".
    Fixed(&'static str),
}

impl Finding {
    /// A finding with its texts as given, no numbers (`expected`, `found`, `difference`).
    pub fn new(code: &'static str, severity: Severity, path: String, place: String, message: String) -> Finding {
        Finding::with_text(code, severity, path, Text::Written { place, message })
    }

    fn with_text(code: &'static str, severity: Severity, path: String, text: Text) -> Finding {
        Finding { code, severity, path, expected: None, found: None, difference: None, text }
    }

    /// The same finding with the figure expected and the one found (`difference` = found −
    /// expected where both are given and it can be computed).
    pub fn with_numbers(mut self, expected: Option<Decimal>, found: Option<Decimal>) -> Finding {
        self.difference = match (expected, found) {
            (Some(e), Some(f)) => f.checked_sub(e),
            _ => None,
        };
        self.expected = expected;
        self.found = found;
        self
    }

    /// Where, in the form's words: "绩效指标「基础养老金养老补助发放人数」实际完成值".
    pub fn place(&self) -> String {
        match &self.text {
            Text::Written { place, .. } => place.clone(),
            Text::Row { name, level, place: RowPlace::Field(field), .. } => row_place(*level, name, field),
            Text::Row { place: RowPlace::Fixed(place), .. } => (*place).to_string(),
        }
    }

    /// What is wrong and what to do, in Chinese.
    pub fn message(&self) -> String {
        self.message_text().into_owned()
    }

    fn message_text(&self) -> std::borrow::Cow<'_, str> {
        match &self.text {
            Text::Written { message, .. } => message.as_str().into(),
            Text::Row { name, what, .. } => what.message(name).into(),
        }
    }

    /// The section the finding belongs to (for grouping): the first segment of its path.
    pub fn section(&self) -> &str {
        self.path.split('.').next().unwrap_or("")
    }

    /// The order of [`check`]'s result: severity, path, code, message, expected, found (the
    /// message is written only to break a tie).
    fn order(&self, other: &Finding) -> std::cmp::Ordering {
        self.severity
            .cmp(&other.severity)
            .then_with(|| self.path.cmp(&other.path))
            .then_with(|| self.code.cmp(other.code))
            .then_with(|| self.message_text().cmp(&other.message_text()))
            .then_with(|| self.expected.cmp(&other.expected))
            .then_with(|| self.found.cmp(&other.found))
    }
}

/// Findings are equal when everything they say is: code, severity, path, the numbers and the
/// texts (compared as texts only when they are not kept alike).
impl PartialEq for Finding {
    fn eq(&self, other: &Finding) -> bool {
        self.code == other.code
            && self.severity == other.severity
            && self.path == other.path
            && self.expected == other.expected
            && self.found == other.found
            && self.difference == other.difference
            && (self.text == other.text
                || self.place() == other.place() && self.message_text() == other.message_text())
    }
}

impl std::fmt::Debug for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("code", &self.code)
            .field("severity", &self.severity)
            .field("path", &self.path)
            .field("place", &self.place())
            .field("message", &self.message_text())
            .field("expected", &self.expected)
            .field("found", &self.found)
            .field("difference", &self.difference)
            .finish()
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Finding", 8)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("place", &self.place())?;
        s.serialize_field("message", &self.message_text())?;
        s.serialize_field("expected", &self.expected)?;
        s.serialize_field("found", &self.found)?;
        s.serialize_field("difference", &self.difference)?;
        s.end()
    }
}

/// What is wrong with an indicator row, with everything its message states besides the row's
/// name (one variant per check; the texts are those the checks wrote before they were lazy).
#[derive(Clone, PartialEq)]
enum RowWhat {
    LevelInvalid { level: u8 },
    NameMissing,
    /// A 二级 row without a 一级 row above.
    Orphan2,
    /// A 三级 row without the heading `missing` above.
    Orphan3 { missing: &'static str },
    HeadingEmpty { level: u8 },
    WeightNegative { weight: Decimal },
    WeightMissing,
    WeightLevelSum { stated: Decimal, sum: Decimal },
    WeightStandardSplit { sum: Decimal, standard: Decimal, preset: &'static str },
    Inapplicable { weight: Decimal, rescaled: bool },
    DirectionContradicts { direction: Direction, nature: IndicatorNature },
    ManualReasonMissing { manual: Decimal },
    ManualOutOfRange { manual: Decimal, weight: Decimal, score: Decimal },
    /// `reason` as shown: trimmed, or "（未填写）".
    ManualUsed { score: Decimal, weight: Decimal, reason: Box<str> },
    QualBandMissing,
    QualScoreMissing { band: QualitativeBand, lo: Decimal, hi: Decimal },
    QualOutOfBand {
        band: QualitativeBand,
        weight: Decimal,
        percents: (Decimal, Decimal),
        lo: Decimal,
        hi: Decimal,
        score: Decimal,
    },
    /// 定性, band below 达成 without a deviation note.
    QualUnmet { band: QualitativeBand },
    /// `text`: the trimmed 年度指标值（文字）.
    TargetMissing { text: Box<str> },
    SurveyRateUnavailable,
    /// `rate` rounded to the settings' decimals; `unit` trimmed.
    SurveyActualDiffers { typed: Decimal, unit: Box<str>, rate: Decimal },
    /// `text`: the trimmed 实际完成值（文字）.
    ActualMissing { text: Box<str> },
    /// Units as shown: trimmed, a blank unit as "（空）".
    UnitMismatch { actual_unit: Box<str>, unit: Box<str> },
    /// `actual` rounded to the settings' decimals; `unit` trimmed.
    TargetUnmet {
        equal: bool,
        target: Option<Decimal>,
        unit: Box<str>,
        actual: Option<Decimal>,
        score: Decimal,
        weight: Decimal,
    },
    /// `actual` and `ratio` rounded to the settings' decimals; `limit` the setting.
    OverAchievement { actual: Decimal, target: Decimal, ratio: Decimal, reverse: bool, limit: Decimal },
    ClaimedScore { claimed: Decimal, score: Decimal, explanation: Explanation },
}

impl RowWhat {
    /// The message, for the row named `name` ([`ind_name`]).
    fn message(&self, name: &str) -> String {
        match self {
            RowWhat::LevelInvalid { level } => {
                format!("指标级次为 {level}，只能是 1（一级）、2（二级）或 3（三级）。请改正级次。")
            }
            RowWhat::NameMissing => "指标名称为空。请填写指标名称。".into(),
            RowWhat::Orphan2 => format!(
                "二级指标「{name}」上方没有一级指标。请在它上方添加所属的一级指标（如“产出指标”）。"
            ),
            RowWhat::Orphan3 { missing } => format!(
                "三级指标「{name}」上方没有所属的{missing}。请在它上方添加{missing}，或把它移到正确的分组下。"
            ),
            RowWhat::HeadingEmpty { level } => format!(
                "{}「{name}」下没有任何三级指标。请在其下添加三级指标，或删除该行。",
                if *level == 1 { "一级指标" } else { "二级指标" }
            ),
            RowWhat::WeightNegative { weight } => format!(
                "三级指标「{name}」的分值为负数 {}，计分时按 0 计。请填写正数分值。",
                fmt(*weight)
            ),
            RowWhat::WeightMissing => format!(
                "三级指标「{name}」没有分值，得分按 0 计。请填写分值（各三级指标分值之和应等于所属一级指标的分值）。"
            ),
            RowWhat::WeightLevelSum { stated, sum } => format!(
                "「{name}」的分值填写为 {}，但其下三级指标分值之和为 {}，{}。请调整三级指标分值，使之相加等于 {}，或改正该行分值。",
                fmt(*stated),
                fmt(*sum),
                diff_text(*sum, *stated),
                fmt(*stated)
            ),
            RowWhat::WeightStandardSplit { sum, standard, preset } => format!(
                "「{name}」下三级指标分值合计 {}，与标准分值 {}（{preset}）不同，{}。允许调整，但评审时需说明理由；如无特殊情况请按标准分值分配。",
                fmt(*sum),
                fmt(*standard),
                diff_text(*standard, *sum)
            ),
            RowWhat::Inapplicable { weight, rescaled } => format!(
                "「{name}」标为不适用，分值 {} 不计入总分{}。请确认确属不适用，并在偏差说明中写明理由。",
                fmt(*weight),
                if *rescaled { "，总分按满分折算" } else { "" }
            ),
            RowWhat::DirectionContradicts { direction, nature } => format!(
                "指标方向为「{}」，但指标性质为「{}」，两者矛盾（正向指标用 ≥，反向指标用 ≤）。请改正指标方向或指标性质。",
                direction.label(),
                nature.label()
            ),
            RowWhat::ManualReasonMissing { manual } => format!(
                "「{name}」使用人工评分 {} 分，但没有填写理由。人工评分（如扣分）必须写明理由。",
                fmt(*manual)
            ),
            RowWhat::ManualOutOfRange { manual, weight, score } => format!(
                "人工评分 {} 不在 0 到分值 {} 之间，已按 {} 计。请改正人工评分。",
                fmt(*manual),
                fmt(*weight),
                fmt(*score)
            ),
            RowWhat::ManualUsed { score, weight, reason } => format!(
                "「{name}」的得分为人工评分 {} 分（分值 {}），不是按规则计算的得分。理由：{reason}。",
                fmt(*score),
                fmt(*weight)
            ),
            RowWhat::QualBandMissing => format!(
                "定性指标「{name}」没有选择评价档次（达成年度指标 / 部分达成并具有一定效果 / 未达成且效果较差）。请选择档次，再在档内评分。"
            ),
            RowWhat::QualScoreMissing { band, lo, hi } => format!(
                "定性指标「{name}」已选「{}」档，但没有填写得分，得分按 0 计。请在 {}–{} 分之间评分。",
                band.label(),
                fmt(*lo),
                fmt(*hi)
            ),
            RowWhat::QualOutOfBand { band, weight, percents, lo, hi, score } => format!(
                "定性指标「{name}」选的是「{}」档（分值 {} 的 {}%–{}%，即 {}–{} 分），但评分为 {} 分，不在该档内。请在档内评分，或改选档次。",
                band.label(),
                fmt(*weight),
                fmt(percents.0),
                fmt(percents.1),
                fmt(*lo),
                fmt(*hi),
                fmt(*score)
            ),
            RowWhat::QualUnmet { band } => format!(
                "定性指标「{name}」评为「{}」，未完全达成年度指标，但没有填写偏差原因分析及改进措施。请写明未达成的原因和改进措施。",
                band.label()
            ),
            RowWhat::TargetMissing { text } => format!(
                "「{name}」没有年度指标值（目标值），无法计分。请填写绩效目标申报时确定的指标值{}。",
                text_note(text)
            ),
            RowWhat::SurveyRateUnavailable => format!(
                "指标「{name}」的实际值取自满意度调查，但调查缺少有效样本数或各选项人数，无法计算满意率。请填写有效样本数和各选项的人数。"
            ),
            RowWhat::SurveyActualDiffers { typed, unit, rate } => format!(
                "「{name}」填写的实际完成值 {}{unit} 与满意度调查计算的满意率 {}% 不同；评分采用调查结果。请删除手填值或核对调查数据。",
                fmt(*typed),
                fmt(*rate)
            ),
            RowWhat::ActualMissing { text } => format!(
                "「{name}」没有实际完成值，得分按 0 计。请填写实际完成的数字{}。",
                text_note(text)
            ),
            RowWhat::UnitMismatch { actual_unit, unit } => format!(
                "实际完成值的单位「{actual_unit}」与年度指标值的单位「{unit}」不一致，无法直接比较。请把实际完成值换算为「{unit}」后填写。"
            ),
            RowWhat::TargetUnmet { equal, target, unit, actual, score, weight } => format!(
                "「{name}」{}年度指标值（目标 {}{unit}，实际 {}{unit}），得 {} 分（分值 {}），但没有填写偏差原因分析及改进措施。请写明{}的原因和改进措施。",
                if *equal { "偏离" } else { "未达到" },
                fmt_opt(*target),
                fmt_opt(*actual),
                fmt(*score),
                fmt(*weight),
                if *equal { "偏离" } else { "未完成" }
            ),
            RowWhat::OverAchievement { actual, target, ratio, reverse, limit } => format!(
                "「{name}」实际 {} 为目标 {} 的 {}%（{}），达到或超过 {}%，可能是目标定得偏低。请在偏差原因分析中说明超额的原因，并考虑下一年度调高目标。",
                fmt(*actual),
                fmt(*target),
                fmt(*ratio),
                if *reverse { "目标 ÷ 实际" } else { "实际 ÷ 目标" },
                fmt(*limit)
            ),
            RowWhat::ClaimedScore { claimed, score, explanation } => format!(
                "「{name}」原报得分 {}，按规则计算为 {}，{}。计算依据：{}；{}。请核对实际完成值或改正得分。",
                fmt(*claimed),
                fmt(*score),
                diff_text(*score, *claimed),
                explanation.rule(),
                explanation.formula()
            ),
        }
    }
}

/// "（文字说明为「…」，请填入数字）" after a missing number whose text is given (`text`
/// trimmed), else nothing.
fn text_note(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("（文字说明为「{text}」，请填入数字）")
    }
}

/// Every finding code with its severity (the table of docs/findings.md).
pub const CODES: &[(&str, Severity)] = &[
    ("UNREADABLE_NUMBER", Severity::Error),
    ("ROW_ID_INVALID", Severity::Error),
    ("HEADER_NAME_MISSING", Severity::Error),
    ("HEADER_YEAR_MISSING", Severity::Error),
    ("FUNDS_NEGATIVE", Severity::Error),
    ("FUNDS_SOURCES_SUM", Severity::Error),
    ("FUNDS_TOTAL_MISSING", Severity::Error),
    ("FUNDS_EXECUTED_OVER_BUDGET", Severity::Error),
    ("FUNDS_EXECUTED_OVER_RECEIVED", Severity::Warning),
    ("FUNDS_USES_SUM", Severity::Error),
    ("FUNDS_TRANSFERS_SUM", Severity::Error),
    ("FUNDS_EXECUTION_LOW_UNEXPLAINED", Severity::Warning),
    ("INDICATOR_LEVEL_INVALID", Severity::Error),
    ("INDICATOR_NAME_MISSING", Severity::Error),
    ("INDICATOR_ORPHAN", Severity::Error),
    ("INDICATOR_HEADING_EMPTY", Severity::Error),
    ("INDICATOR_NONE", Severity::Error),
    ("INDICATOR_INAPPLICABLE", Severity::Info),
    ("WEIGHT_MISSING", Severity::Error),
    ("WEIGHT_NEGATIVE", Severity::Error),
    ("WEIGHT_LEVEL_SUM", Severity::Error),
    ("WEIGHT_TOTAL", Severity::Error),
    ("WEIGHT_STANDARD_SPLIT", Severity::Warning),
    ("TARGET_MISSING", Severity::Error),
    ("ACTUAL_MISSING", Severity::Error),
    ("UNIT_MISMATCH", Severity::Error),
    ("DIRECTION_CONTRADICTS_NATURE", Severity::Error),
    ("QUAL_BAND_MISSING", Severity::Error),
    ("QUAL_SCORE_MISSING", Severity::Error),
    ("QUAL_SCORE_OUT_OF_BAND", Severity::Error),
    ("MANUAL_REASON_MISSING", Severity::Error),
    ("MANUAL_SCORE_OUT_OF_RANGE", Severity::Error),
    ("MANUAL_SCORE_USED", Severity::Info),
    ("TARGET_UNMET_UNEXPLAINED", Severity::Warning),
    ("OVER_ACHIEVEMENT_UNEXPLAINED", Severity::Warning),
    ("ACTUAL_HUNDREDFOLD", Severity::Warning),
    ("SURVEY_RATE_UNAVAILABLE", Severity::Error),
    ("SURVEY_ACTUAL_DIFFERS", Severity::Warning),
    ("SURVEY_SATISFIED_OVER_VALID", Severity::Error),
    ("SURVEY_ANSWERS_MISMATCH", Severity::Error),
    ("SURVEY_VALID_OVER_DISTRIBUTED", Severity::Error),
    ("FIGURE_CONFLICT", Severity::Error),
    ("FIGURE_VALUE_MISSING", Severity::Warning),
    ("NARRATIVE_UNKNOWN_FIGURE", Severity::Warning),
    ("CLAIMED_TOTAL_MISMATCH", Severity::Error),
    ("CLAIMED_GRADE_MISMATCH", Severity::Error),
    ("CLAIMED_EXECUTION_RATE_MISMATCH", Severity::Error),
    ("CLAIMED_BUDGET_SCORE_MISMATCH", Severity::Error),
    ("CLAIMED_INDICATOR_SCORE_MISMATCH", Severity::Error),
];

fn severity_of(code: &'static str) -> Severity {
    // The codes are passed as the same literals as in the table: their addresses are compared
    // first (a few instructions each), their texts only if none is the same literal.
    CODES
        .iter()
        .find(|(c, _)| std::ptr::eq(c.as_ptr(), code.as_ptr()) && c.len() == code.len())
        .or_else(|| CODES.iter().find(|(c, _)| *c == code))
        .map(|(_, s)| *s)
        .unwrap_or(Severity::Error)
}

struct Out(Vec<Finding>);

impl Out {
    fn push(&mut self, code: &'static str, path: String, place: String, message: String) {
        self.0.push(Finding::new(code, severity_of(code), path, place, message));
    }
    fn push_num(
        &mut self,
        code: &'static str,
        path: String,
        place: String,
        message: String,
        expected: Option<Decimal>,
        found: Option<Decimal>,
    ) {
        self.0.push(Finding::new(code, severity_of(code), path, place, message).with_numbers(expected, found));
    }
    /// A finding on the indicator row `ind` at `indicators.<id>.<field>`, its texts written
    /// when read.
    fn row(&mut self, code: &'static str, ind: &Indicator, field: &str, place: RowPlace, what: RowWhat) {
        self.row_at(code, ipath(ind, field), ind, place, what, None, None);
    }
    #[allow(clippy::too_many_arguments)]
    fn row_at(
        &mut self,
        code: &'static str,
        path: String,
        ind: &Indicator,
        place: RowPlace,
        what: RowWhat,
        expected: Option<Decimal>,
        found: Option<Decimal>,
    ) {
        let text = Text::Row { name: ind_name(ind).into_boxed_str(), level: ind.level, place, what };
        self.0.push(Finding::with_text(code, severity_of(code), path, text).with_numbers(expected, found));
    }
    #[allow(clippy::too_many_arguments)]
    fn row_num(
        &mut self,
        code: &'static str,
        ind: &Indicator,
        field: &str,
        place: RowPlace,
        what: RowWhat,
        expected: Option<Decimal>,
        found: Option<Decimal>,
    ) {
        self.row_at(code, ipath(ind, field), ind, place, what, expected, found);
    }
}

/// Runs every check. The result is sorted (severity, path, code, message) so it is stable
/// under reordering of the input's collections where the content is the same.
pub fn check(evaluation: &Evaluation, scorecard: &Scorecard) -> Vec<Finding> {
    let mut out = Out(Vec::with_capacity(64));
    check_unreadable(evaluation, &mut out);
    check_ids(evaluation, &mut out);
    check_header(evaluation, &mut out);
    check_funds(evaluation, scorecard, &mut out);
    check_rows(evaluation, scorecard, &mut out);
    check_survey(evaluation, &mut out);
    check_figures(evaluation, &mut out);
    check_claimed(evaluation, scorecard, &mut out);
    check_hundredfold(evaluation, &mut out);
    // Sorted (stable) through their positions: a finding is large, its position is not.
    let mut order: Vec<usize> = (0..out.0.len()).collect();
    order.sort_by(|&a, &b| out.0[a].order(&out.0[b]));
    let mut slots: Vec<Option<Finding>> = out.0.into_iter().map(Some).collect();
    let mut findings: Vec<Finding> = order.into_iter().map(|k| slots[k].take().expect("each position once")).collect();
    findings.dedup();
    findings
}

fn diff_text(expected: Decimal, found: Decimal) -> String {
    let Some(d) = found.checked_sub(expected) else {
        return "相差超出可计算范围".to_string();
    };
    if d > Decimal::ZERO {
        format!("多 {}", fmt(d))
    } else {
        format!("少 {}", fmt(-d))
    }
}

/// The indicator's name for messages (「名称」, or its position when unnamed).
fn ind_name(ind: &Indicator) -> String {
    if is_blank(&ind.name) {
        format!("（未命名，编号 {}）", ind.id)
    } else {
        ind.name.trim().to_string()
    }
}

fn ind_place(ind: &Indicator, field: &str) -> String {
    row_place(ind.level, &ind_name(ind), field)
}

/// The place of a field of an indicator row of `level`, named as [`ind_name`] names it.
fn row_place(level: u8, name: &str, field: &str) -> String {
    let kind = match level {
        1 => "一级指标",
        2 => "二级指标",
        _ => "绩效指标",
    };
    format!("{kind}「{name}」{field}")
}

/// `indicators.<id>.<field>`.
fn ipath(ind: &Indicator, field: &str) -> String {
    let mut path = String::with_capacity("indicators.".len() + ind.id.len() + 1 + field.len());
    path.push_str("indicators.");
    path.push_str(&ind.id);
    path.push('.');
    path.push_str(field);
    path
}

// ---------------------------------------------------------------------------------------------

fn check_unreadable(ev: &Evaluation, out: &mut Out) {
    for (path, text) in &ev.unreadable {
        out.push(
            "UNREADABLE_NUMBER",
            path.clone(),
            place_of_path(ev, path),
            format!(
                "填写的「{text}」不是可识别的数字。请填写数字（可带千分位、百分号或单位），或清空该栏。"
            ),
        );
    }
}

/// The form's words for a field path (best effort; falls back to the path).
pub fn place_of_path(ev: &Evaluation, path: &str) -> String {
    let parts: Vec<&str> = path.split('.').collect();
    let col_label = |k: &str| FundsColumn::from_key(k).map(|c| c.label().to_string());
    match parts.as_slice() {
        ["header", f] => format!(
            "项目信息 {}",
            match *f {
                "name" => "项目名称",
                "year" => "年度",
                "department" => "主管部门",
                "implementer" => "实施单位",
                "region" => "地区",
                "report_date" => "报告日期",
                "contact" => "联系人",
                other => other,
            }
        ),
        ["funds", "total", c] => {
            format!("项目资金 年度资金总额 {}", col_label(c).unwrap_or_else(|| c.to_string()))
        }
        ["funds", "sources", id, c] => {
            let name = ev
                .funds
                .sources
                .iter()
                .find(|r| r.id == *id)
                .map(|r| source_name(&r.name, r.source.label()))
                .unwrap_or_else(|| id.to_string());
            format!("项目资金 其中：{name} {}", col_label(c).unwrap_or_else(|| c.to_string()))
        }
        ["funds", "uses", id, _] => {
            let name = ev
                .funds
                .uses
                .iter()
                .find(|u| u.id == *id)
                .map(|u| u.purpose.clone())
                .unwrap_or_else(|| id.to_string());
            format!("资金使用情况「{name}」金额")
        }
        ["funds", "transfers", id, _] => {
            let name = ev
                .funds
                .transfers
                .iter()
                .find(|t| t.id == *id)
                .map(|t| t.account.clone())
                .unwrap_or_else(|| id.to_string());
            format!("资金拨付「{name}」金额")
        }
        ["indicators", id, rest @ ..] => {
            let field = match rest.join(".").as_str() {
                "target" => "年度指标值",
                "actual" => "实际完成值",
                "weight" => "分值",
                "band_score" => "定性评分",
                "manual.score" => "人工评分",
                "claimed_score" => "原报得分",
                "target_text" => "年度指标值（文字）",
                "actual_text" => "实际完成值（文字）",
                "actual_unit" => "实际完成值单位",
                "unit" => "度量单位",
                "band" => "评价档次",
                "direction" => "指标方向",
                "nature" => "指标性质",
                "deviation" => "偏差原因分析及改进措施",
                "manual.reason" => "人工评分理由",
                "name" => "名称",
                "level" => "级次",
                _ => "",
            }
            .to_string();
            match ev.indicators.iter().find(|i| i.id == *id) {
                Some(ind) => ind_place(ind, &field),
                None => format!("绩效指标（编号 {id}）{field}"),
            }
        }
        ["survey", "distributed"] => "满意度调查 发放问卷份数".to_string(),
        ["survey", "valid"] => "满意度调查 有效样本数".to_string(),
        ["survey", "options", id, _] => {
            let label = ev
                .survey
                .options
                .iter()
                .find(|o| o.id == *id)
                .map(|o| o.label.clone())
                .unwrap_or_else(|| id.to_string());
            format!("满意度调查 选项「{label}」人数")
        }
        ["figures", id, _] => {
            let name = ev
                .figures
                .iter()
                .find(|f| f.id == *id)
                .map(|f| f.name.clone())
                .unwrap_or_else(|| id.to_string());
            format!("关键数据「{name}」数值")
        }
        ["claimed", f] => format!(
            "原报数据 {}",
            match *f {
                "total" => "自评得分",
                "grade" => "等级",
                "execution_rate" => "执行率",
                "budget_score" => "预算执行得分",
                other => other,
            }
        ),
        ["rules", f] => format!("评分规则 {f}"),
        _ => path.to_string(),
    }
}

fn source_name(name: &str, label: &str) -> String {
    if is_blank(name) {
        label.to_string()
    } else {
        name.trim().to_string()
    }
}

/// Every row's id must be present and unique in its list: paths (and so findings, the editor
/// and undo) address rows by id.
fn check_ids(ev: &Evaluation, out: &mut Out) {
    type Ids<'a> = Box<dyn ExactSizeIterator<Item = &'a str> + 'a>;
    // The indicators' ids are counted in the walk over the rows ([`check_rows`]).
    let lists: [(&str, &str, &str, Ids); 5] = [
        ("funds.sources", "name", "资金来源", Box::new(ev.funds.sources.iter().map(|r| r.id.as_str()))),
        ("funds.uses", "purpose", "资金用途", Box::new(ev.funds.uses.iter().map(|r| r.id.as_str()))),
        ("funds.transfers", "account", "资金拨付", Box::new(ev.funds.transfers.iter().map(|r| r.id.as_str()))),
        ("survey.options", "label", "满意度调查选项", Box::new(ev.survey.options.iter().map(|r| r.id.as_str()))),
        ("figures", "name", "关键数据", Box::new(ev.figures.iter().map(|r| r.id.as_str()))),
    ];
    for (section, field, label, ids) in lists {
        let mut count: IdCounts = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for id in ids {
            *count.entry(trimmed(id)).or_default() += 1;
        }
        id_findings(section, field, label, count, out);
    }
}

/// The findings on the ids of one list (`section`, the field a duplicate's finding points at,
/// the list's name), from the count of each (trimmed) id.
fn id_findings(section: &str, field: &str, label: &str, count: IdCounts, out: &mut Out) {
    // Order does not matter: the findings are sorted at the end.
    for (id, n) in count {
        if id.is_empty() {
            out.push(
                "ROW_ID_INVALID",
                section.to_string(),
                label.to_string(),
                format!(
                    "{label}中有 {n} 行没有编号（id），核对结果和编辑无法定位这些行。请用 jixiao 重新保存该草稿（会自动编号），或在文件中为每行填写不重复的 id。"
                ),
            );
        } else if n > 1 {
            out.push(
                "ROW_ID_INVALID",
                format!("{section}.{id}.{field}"),
                label.to_string(),
                format!(
                    "{label}中有 {n} 行使用同一编号「{id}」，核对结果和编辑会定位到错误的行。请用 jixiao 重新保存该草稿，或在文件中改为不重复的 id。"
                ),
            );
        }
    }
}

/// Counts of row ids, hashed with [`IdHasher`].
type IdCounts<'a> = HashMap<&'a str, usize, BuildHasherDefault<IdHasher>>;
/// A set of row ids, hashed with [`IdHasher`].
type IdSet<'a> = HashSet<&'a str, BuildHasherDefault<IdHasher>>;

/// A small fast hasher for row ids (FxHash's multiply-rotate): ids are short strings from
/// the user's own file, so no protection against crafted collisions is needed, and SipHash
/// would cost more than the rest of the id check.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// `text.trim()`, without the work when the text starts and ends with a printable ASCII
/// character (ids, most names): those are never whitespace.
fn trimmed(text: &str) -> &str {
    let printable = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x7f).contains(b));
    if printable(text.as_bytes().first()) && printable(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// `text.trim().is_empty()`: empty or only whitespace, stopping at the first other character.
/// A text that starts with a printable ASCII character or with a character from U+4000 to
/// U+FFFF (a first byte 0xE4–0xEF: CJK and the rest of that range, where Unicode has no
/// whitespace) is answered from its first byte.
#[inline]
fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(0x21..=0x7e | 0xe4..=0xef) => false,
        Some(_) => text.chars().all(char::is_whitespace),
    }
}

fn check_header(ev: &Evaluation, out: &mut Out) {
    if is_blank(&ev.header.name) {
        out.push(
            "HEADER_NAME_MISSING",
            "header.name".into(),
            "项目信息 项目名称".into(),
            "项目名称为空。请填写项目名称（报告标题和文件名都用它）。".into(),
        );
    }
    if is_blank(&ev.header.year) {
        out.push(
            "HEADER_YEAR_MISSING",
            "header.year".into(),
            "项目信息 年度".into(),
            "年度为空。请填写评价的预算年度，如“2019”。".into(),
        );
    }
}

// ---------------------------------------------------------------------------------------------

fn check_funds(ev: &Evaluation, sc: &Scorecard, out: &mut Out) {
    let funds = &ev.funds;
    let unit = ev.header.money_unit.label();

    // Negative amounts.
    let mut neg = |path: String, place: String, v: Option<Decimal>| {
        if let Some(v) = v.filter(|v| *v < Decimal::ZERO) {
            out.push_num(
                "FUNDS_NEGATIVE",
                path,
                place.clone(),
                format!("{place}为负数 {}{unit}。资金金额不能为负，请核实后填写。", fmt(v)),
                None,
                Some(v),
            );
        }
    };
    for col in FundsColumn::ALL {
        neg(
            format!("funds.total.{}", col.key()),
            format!("项目资金 年度资金总额 {}", col.label()),
            funds.total.get(col),
        );
        for row in &funds.sources {
            neg(
                format!("funds.sources.{}.{}", row.id, col.key()),
                format!(
                    "项目资金 其中：{} {}",
                    source_name(&row.name, row.source.label()),
                    col.label()
                ),
                row.amounts.get(col),
            );
        }
    }
    for u in &funds.uses {
        neg(
            format!("funds.uses.{}.amount", u.id),
            format!("资金使用情况「{}」金额", u.purpose),
            u.amount,
        );
    }
    for t in &funds.transfers {
        neg(
            format!("funds.transfers.{}.amount", t.id),
            format!("资金拨付「{}」金额", t.account),
            t.amount,
        );
    }

    // Sources vs stated total, per column.
    for col in FundsColumn::ALL {
        if let (Some(stated), Some(sum)) = (funds.total.get(col), funds.sources_sum(col)) {
            if stated != sum {
                let mut rows: Vec<_> = funds.sources.iter().collect();
                rows.sort_by(|a, b| {
                    (&a.id, &a.name, a.amounts.get(col)).cmp(&(&b.id, &b.name, b.amounts.get(col)))
                });
                let parts: Vec<String> = rows
                    .into_iter()
                    .filter_map(|r| {
                        r.amounts.get(col).map(|v| {
                            format!("{} {}", source_name(&r.name, r.source.label()), fmt(v))
                        })
                    })
                    .collect::<Vec<_>>();
                out.push_num(
                    "FUNDS_SOURCES_SUM",
                    format!("funds.total.{}", col.key()),
                    format!("项目资金 年度资金总额 {}", col.label()),
                    format!(
                        "年度资金总额的{}填写为 {}{unit}，但各资金来源之和为 {}{unit}（{}），{}。请核对总额或各来源金额。",
                        col.label(),
                        fmt(stated),
                        fmt(sum),
                        parts.join(" + "),
                        diff_text(sum, stated)
                    ),
                    Some(sum),
                    Some(stated),
                );
            }
        }
    }

    let total = funds.effective_total();
    let total_path = |col: FundsColumn| -> String {
        // Point at the stated total cell, or at the first source row when the total is
        // derived from the sources.
        match funds.sources.iter().min_by(|a, b| a.id.cmp(&b.id)) {
            Some(row) if funds.total.get(col).is_none() => {
                format!("funds.sources.{}.{}", row.id, col.key())
            }
            _ => format!("funds.total.{}", col.key()),
        }
    };

    // Missing figures needed for the execution rate.
    let base_col = ev.rules.execution_base.column();
    for col in [base_col, FundsColumn::Executed] {
        if total.get(col).is_none() {
            out.push(
                "FUNDS_TOTAL_MISSING",
                total_path(col),
                format!("项目资金 年度资金总额 {}", col.label()),
                format!(
                    "年度资金总额的{}为空，无法计算预算执行率，预算执行得分按 0 计。请填写{}（总额或各资金来源）。",
                    col.label(),
                    col.label()
                ),
            );
        } else if col == base_col && total.get(col) == Some(Decimal::ZERO) {
            out.push_num(
                "FUNDS_TOTAL_MISSING",
                total_path(col),
                format!("项目资金 年度资金总额 {}", col.label()),
                format!(
                    "年度资金总额的{}为 0，不能作执行率的分母，预算执行得分按 0 计。请核实{}。",
                    col.label(),
                    col.label()
                ),
                None,
                Some(Decimal::ZERO),
            );
        }
    }

    // 执行数 above 预算数 (total row and each source).
    let mut over_budget = |path: String, row: String, a: &FundsAmounts| {
        if let (Some(e), Some(b)) = (a.executed, a.budget_full) {
            if e > b {
                out.push_num(
                    "FUNDS_EXECUTED_OVER_BUDGET",
                    path,
                    format!("项目资金 {row} 全年执行数"),
                    format!(
                        "{}的全年执行数 {}{unit} 超过全年预算数 {}{unit}，{}。执行数不应超过预算数：请核对执行数，或按调整后的预算填写全年预算数。",
                        row.trim_start_matches("其中："),
                        fmt(e),
                        fmt(b),
                        diff_text(b, e)
                    ),
                    Some(b),
                    Some(e),
                );
            }
        }
    };
    over_budget(
        total_path(FundsColumn::Executed),
        "年度资金总额".into(),
        &total,
    );
    for row in &funds.sources {
        over_budget(
            format!("funds.sources.{}.executed", row.id),
            format!("其中：{}", source_name(&row.name, row.source.label())),
            &row.amounts,
        );
    }

    if let (Some(e), Some(r)) = (total.executed, total.received) {
        if e > r {
            out.push_num(
                "FUNDS_EXECUTED_OVER_RECEIVED",
                total_path(FundsColumn::Executed),
                "项目资金 年度资金总额 全年执行数".into(),
                format!(
                    "全年执行数 {}{unit} 超过实际到位资金 {}{unit}，{}。支出不应超过到位资金，请核对两项数字。",
                    fmt(e),
                    fmt(r),
                    diff_text(r, e)
                ),
                Some(r),
                Some(e),
            );
        }
    }

    // Uses breakdown vs 执行数.
    if let (Some(sum), Some(executed)) = (funds.uses_sum(), total.executed) {
        if sum != executed {
            let (first, parts) =
                breakdown(funds.uses.iter().map(|u| (u.id.as_str(), u.purpose.as_str(), u.amount)));
            out.push_num(
                "FUNDS_USES_SUM",
                first
                    .map(|id| format!("funds.uses.{id}.amount"))
                    .unwrap_or_else(|| "funds.uses".into()),
                "资金使用情况（用途明细）合计".into(),
                format!(
                    "资金用途明细合计 {}{unit}（{}）与全年执行数 {}{unit} 不一致，{}。请核对各用途金额或全年执行数。",
                    fmt(sum),
                    parts.join(" + "),
                    fmt(executed),
                    diff_text(executed, sum)
                ),
                Some(executed),
                Some(sum),
            );
        }
    }

    // Transfers vs received (or executed).
    if let Some(sum) = funds.transfers_sum() {
        let (against, col) = match total.received {
            Some(r) => (Some(r), FundsColumn::Received),
            None => (total.executed, FundsColumn::Executed),
        };
        if let Some(against) = against {
            if sum != against {
                let (first, parts) = breakdown(
                    funds
                        .transfers
                        .iter()
                        .map(|t| (t.id.as_str(), t.account.as_str(), t.amount)),
                );
                out.push_num(
                    "FUNDS_TRANSFERS_SUM",
                    first
                        .map(|id| format!("funds.transfers.{id}.amount"))
                        .unwrap_or_else(|| "funds.transfers".into()),
                    "资金拨付情况合计".into(),
                    format!(
                        "拨入各账户的资金合计 {}{unit}（{}）与{} {}{unit} 不一致，{}。请核对各账户拨付金额或{}。",
                        fmt(sum),
                        parts.join(" + "),
                        col.label(),
                        fmt(against),
                        diff_text(against, sum),
                        col.label()
                    ),
                    Some(against),
                    Some(sum),
                );
            }
        }
    }

    // Low execution rate without explanation.
    if let Some(rate) = sc.budget.rate {
        if rate < ev.rules.execution_explain_below && is_blank(&funds.execution_note) {
            out.push_num(
                "FUNDS_EXECUTION_LOW_UNEXPLAINED",
                "funds.execution_note".into(),
                "项目资金 执行率偏低说明".into(),
                format!(
                    "预算执行率为 {}%，低于 {}%，需要说明原因。请在“执行率偏低说明”中写明未执行的原因和后续安排。",
                    fmt(rate),
                    fmt(ev.rules.execution_explain_below)
                ),
                Some(ev.rules.execution_explain_below),
                Some(rate),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// A breakdown (uses or transfers) as `(id, label, amount)` rows: the id of the row to point a
/// finding at — the lowest id (the row entered first) rather than the first shown, so that the
/// finding does not move when rows are reordered — and the parts "label amount" in id order.
fn breakdown<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, Option<Decimal>)>,
) -> (Option<&'a str>, Vec<String>) {
    let mut rows: Vec<_> = rows.collect();
    rows.sort();
    let first = rows.iter().find(|r| r.2.is_some()).map(|r| r.0);
    let parts = rows
        .into_iter()
        .filter_map(|(_, label, amount)| amount.map(|a| format!("{} {}", label.trim(), fmt(a))))
        .collect();
    (first, parts)
}

/// The checks of the indicator rows, in one walk over them: the structure (级次, names,
/// parents, empty headings), each 三级 row's weight, the row against its score
/// ([`check_row`]) and its claimed score; then the weight sums ([`check_weight_sums`]).
fn check_rows(ev: &Evaluation, sc: &Scorecard, out: &mut Out) {
    let inds = &ev.indicators;
    // Every row's id, counted (see [`check_ids`]).
    // Whether some id is blank or seen twice; the ids are counted (for the findings) only then.
    let mut ids = IdSet::with_capacity_and_hasher(inds.len(), Default::default());
    let mut ids_invalid = false;
    // The row index of each 一级/二级 heading ([`heading_rows`]) and the sum of the 三级 weights
    // under it (all rows, applicable or not), by heading slot ([`parent_slots`]).
    let mut headings: Vec<usize> = Vec::new();
    let mut sums: Vec<Sum> = Vec::new();
    let mut all = Sum::new(Decimal::ZERO);
    // The scorecard has one score per 三级 row in display order: pair them by position (ids
    // may be duplicated in a hand-edited file).
    let mut scores = sc.indicators.iter();
    let mut scored = 0usize;
    for ((i, ind), (p1, p2)) in inds.iter().enumerate().zip(parent_slots(inds)) {
        let id = trimmed(&ind.id);
        ids_invalid |= id.is_empty() || !ids.insert(id);
        if ind.level == 1 || ind.level == 2 {
            headings.push(i);
            sums.push(Sum::new(Decimal::ZERO));
        }
        if !(1..=3).contains(&ind.level) {
            out.row("INDICATOR_LEVEL_INVALID", ind, "level", RowPlace::Field("级次"), RowWhat::LevelInvalid { level: ind.level });
            continue;
        }
        if is_blank(&ind.name) {
            out.row("INDICATOR_NAME_MISSING", ind, "name", RowPlace::Field("名称"), RowWhat::NameMissing);
        }
        match ind.level {
            2 if p1.is_none() => out.row("INDICATOR_ORPHAN", ind, "level", RowPlace::Field("级次"), RowWhat::Orphan2),
            3 if p1.is_none() || p2.is_none() => {
                let missing = if p1.is_none() { "一级指标" } else { "二级指标" };
                out.row("INDICATOR_ORPHAN", ind, "level", RowPlace::Field("级次"), RowWhat::Orphan3 { missing })
            }
            1 | 2 => {
                // A heading needs at least one 三级 row before the next heading of its level
                // or above.
                let has_child = inds[i + 1..]
                    .iter()
                    .take_while(|n| n.level > ind.level || !(1..=3).contains(&n.level))
                    .any(|n| n.level == 3);
                if !has_child {
                    out.row("INDICATOR_HEADING_EMPTY", ind, "name", RowPlace::Field(""), RowWhat::HeadingEmpty { level: ind.level });
                }
            }
            _ => {}
        }
        if !ind.is_scored() {
            continue;
        }
        scored += 1;
        let s = scores.next().expect("one score per 三级 row");
        match ind.weight {
            Some(w) => {
                if w.is_sign_negative() && !w.is_zero() {
                    out.row_num("WEIGHT_NEGATIVE", ind, "weight", RowPlace::Field("分值"), RowWhat::WeightNegative { weight: w }, None, Some(w));
                }
                all.add(w);
                for k in [p1, p2] {
                    let Some(k) = k else { continue };
                    sums[k].add(w);
                }
            }
            None => {
                out.row("WEIGHT_MISSING", ind, "weight", RowPlace::Field("分值"), RowWhat::WeightMissing);
            }
        }
        check_row(ev, ind, s, out);
        if let Some(claimed) = ind.claimed_score {
            if claimed != s.score {
                out.row_num(
                    "CLAIMED_INDICATOR_SCORE_MISMATCH",
                    ind,
                    "claimed_score",
                    RowPlace::Field("原报得分"),
                    RowWhat::ClaimedScore { claimed, score: s.score, explanation: s.explanation.clone() },
                    Some(s.score),
                    Some(claimed),
                );
            }
        }
    }
    if scored == 0 {
        out.push(
            "INDICATOR_NONE",
            "indicators".into(),
            "绩效指标".into(),
            "没有任何三级指标，绩效指标部分无法评分。请按年度绩效目标添加三级指标。".into(),
        );
    }
    if ids_invalid {
        let mut count: IdCounts = HashMap::with_capacity_and_hasher(inds.len(), Default::default());
        for ind in inds {
            *count.entry(trimmed(&ind.id)).or_default() += 1;
        }
        id_findings("indicators", "name", "绩效指标", count, out);
    }
    check_weight_sums(ev, &headings, &sums, all.value(), out);
}

/// Name normalized for comparing 一级指标 with the standard split: whitespace removed and a
/// trailing "指标" dropped ("产出指标" = "产出").
fn norm_level_name(name: &str) -> String {
    let s: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    s.strip_suffix("指标").map(str::to_string).unwrap_or(s)
}

/// The weights against their sums: each heading's stated weight against its 三级 rows, the
/// total of 100, the standard split of the 一级 headings. `headings` as [`heading_rows`],
/// `sums` the sums of the 三级 weights under each of them, `all` the sum of every 三级 weight.
fn check_weight_sums(ev: &Evaluation, headings: &[usize], sums: &[Sum], all: Decimal, out: &mut Out) {
    let inds = &ev.indicators;
    // The 三级 row a finding on the sum of all weights points at: the one with the lowest id,
    // stable under reordering (looked up only when such a finding is raised).
    let lowest_scored = || {
        inds.iter()
            .filter(|i| i.is_scored())
            .reduce(|low, i| if i.id < low.id { i } else { low })
    };

    // Headings with a stated weight vs the sum of their 三级 rows.
    for (&i, sum) in headings.iter().zip(sums) {
        let ind = &inds[i];
        if let Some(stated) = ind.weight {
            let sum = sum.value();
            if sum != stated {
                out.row_num(
                    "WEIGHT_LEVEL_SUM",
                    ind,
                    "weight",
                    RowPlace::Field("分值"),
                    RowWhat::WeightLevelSum { stated, sum },
                    Some(sum),
                    Some(stated),
                );
            }
        }
    }

    // Total weight = 100.
    let budget_weight = ev.rules.budget_weight;
    let total = budget_weight.saturating_add(all);
    let hundred = Decimal::ONE_HUNDRED;
    if let Some(last) = (total != hundred).then(lowest_scored).flatten() {
        out.push_num(
            "WEIGHT_TOTAL",
            ipath(last, "weight"),
            "绩效指标 分值合计".into(),
            format!(
                "总分值应为 100，现为 {}（预算执行率 {} + 三级指标分值合计 {}），{}。请调整各三级指标的分值。",
                fmt(total),
                fmt(budget_weight),
                fmt(all),
                diff_text(hundred, total)
            ),
            Some(hundred),
            Some(total),
        );
    }

    // Standard level-1 split (warning).
    let standards = &ev.rules.level1_weights;
    let level1: Vec<(usize, &Indicator)> =
        inds.iter().enumerate().filter(|(_, i)| i.level == 1).collect();
    let mut matched: Vec<bool> = vec![false; standards.len()];
    for (i, ind) in &level1 {
        let key = norm_level_name(&ind.name);
        if let Some(k) = standards
            .iter()
            .position(|s| norm_level_name(&s.name) == key)
        {
            matched[k] = true;
            let std = standards[k].weight;
            let sum = headings.binary_search(i).map(|k| sums[k].value()).unwrap_or_default();
            if sum != std {
                out.row_num(
                    "WEIGHT_STANDARD_SPLIT",
                    ind,
                    "weight",
                    RowPlace::Field("分值"),
                    RowWhat::WeightStandardSplit { sum, standard: std, preset: ev.rules.preset.label() },
                    Some(std),
                    Some(sum),
                );
            }
        }
    }
    for (k, s) in standards.iter().enumerate() {
        if matched[k] {
            continue;
        }
        if standards.len() == 1 {
            // A single standard (e.g. 绩效指标 90) covers every indicator.
            if all != s.weight {
                if let Some(last) = lowest_scored() {
                    out.push_num(
                        "WEIGHT_STANDARD_SPLIT",
                        ipath(last, "weight"),
                        "绩效指标 分值合计".into(),
                        format!(
                            "三级指标分值合计 {}，与标准分值「{}」{}不同，{}。请按标准分配分值，或说明理由。",
                            fmt(all),
                            s.name,
                            fmt(s.weight),
                            diff_text(s.weight, all)
                        ),
                        Some(s.weight),
                        Some(all),
                    );
                }
            }
        } else if !inds.is_empty() && s.weight > Decimal::ZERO {
            out.push_num(
                "WEIGHT_STANDARD_SPLIT",
                "indicators".into(),
                "绩效指标 一级指标".into(),
                format!(
                    "缺少标准一级指标「{}」（标准分值 {}）。请添加该一级指标及其下的三级指标，或说明不设的理由。",
                    s.name,
                    fmt(s.weight)
                ),
                Some(s.weight),
                Some(Decimal::ZERO),
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// A unit as compared: whitespace removed, full-width ％ as %.
fn norm_unit(u: &str) -> String {
    unit_chars(u).collect()
}

/// The characters of [`norm_unit`], without building the string.
fn unit_chars(u: &str) -> impl Iterator<Item = char> + '_ {
    u.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '％' { '%' } else { c })
}

/// The checks of one applicable or inapplicable 三级 row against its score.
fn check_row(ev: &Evaluation, ind: &Indicator, s: &IndicatorScore, out: &mut Out) {
    let rules = &ev.rules;
    if !ind.applicable {
        out.row(
            "INDICATOR_INAPPLICABLE",
            ind,
            "applicable",
            RowPlace::Field(""),
            RowWhat::Inapplicable { weight: s.weight, rescaled: rules.rescale_inapplicable },
        );
        return;
    }

    // Direction vs nature.
    if let Some(dir) = ind.direction {
        let contradicts = matches!(
            (dir, ind.nature),
            (Direction::Positive, IndicatorNature::AtMost)
                | (Direction::Reverse, IndicatorNature::AtLeast)
        );
        if contradicts {
            out.row(
                "DIRECTION_CONTRADICTS_NATURE",
                ind,
                "direction",
                RowPlace::Field("指标方向"),
                RowWhat::DirectionContradicts { direction: dir, nature: ind.nature },
            );
        }
    }

    // Manual score.
    let manual_used = ind.manual.as_ref().and_then(|m| m.score.map(|v| (v, m)));
    if let Some((ms, m)) = manual_used {
        if is_blank(&m.reason) {
            out.row(
                "MANUAL_REASON_MISSING",
                ind,
                "manual.reason",
                RowPlace::Field("人工评分理由"),
                RowWhat::ManualReasonMissing { manual: ms },
            );
        }
        if scoring::sign(ms) == Ordering::Less || scoring::compare(ms, s.weight) == Ordering::Greater {
            out.row_num(
                "MANUAL_SCORE_OUT_OF_RANGE",
                ind,
                "manual.score",
                RowPlace::Field("人工评分"),
                RowWhat::ManualOutOfRange { manual: ms, weight: s.weight, score: s.score },
                Some(s.score),
                Some(ms),
            );
        }
        out.row_num(
            "MANUAL_SCORE_USED",
            ind,
            "manual.score",
            RowPlace::Field("人工评分"),
            RowWhat::ManualUsed {
                score: s.score,
                weight: s.weight,
                reason: if is_blank(&m.reason) { "（未填写）".into() } else { m.reason.trim().into() },
            },
            None,
            Some(s.score),
        );
    }

    if ind.nature == IndicatorNature::Qualitative {
        if manual_used.is_none() {
            match (ind.band, ind.band_score) {
                (None, _) => out.row("QUAL_BAND_MISSING", ind, "band", RowPlace::Field("评价档次"), RowWhat::QualBandMissing),
                (Some(b), None) => {
                    let (lo, hi) = band_range(rules, b, s.weight);
                    out.row(
                        "QUAL_SCORE_MISSING",
                        ind,
                        "band_score",
                        RowPlace::Field("定性评分"),
                        RowWhat::QualScoreMissing { band: b, lo, hi },
                    )
                }
                (Some(b), Some(v)) => {
                    if !scoring::in_band(rules, b, s.weight, v) {
                        let (lo, hi) = band_range(rules, b, s.weight);
                        let expected = if v < lo { lo } else { hi };
                        out.row_num(
                            "QUAL_SCORE_OUT_OF_BAND",
                            ind,
                            "band_score",
                            RowPlace::Field("定性评分"),
                            RowWhat::QualOutOfBand {
                                band: b,
                                weight: s.weight,
                                percents: rules.bands.range(b),
                                lo,
                                hi,
                                score: v,
                            },
                            Some(expected),
                            Some(v),
                        );
                    }
                }
            }
        }
        if let Some(b) = ind.band {
            if b != QualitativeBand::Achieved && is_blank(&ind.deviation) {
                out.row(
                    "TARGET_UNMET_UNEXPLAINED",
                    ind,
                    "deviation",
                    RowPlace::Field("偏差原因分析及改进措施"),
                    RowWhat::QualUnmet { band: b },
                );
            }
        }
        return;
    }

    // Quantitative.
    if ind.target.is_none() {
        out.row(
            "TARGET_MISSING",
            ind,
            "target",
            RowPlace::Field("年度指标值"),
            RowWhat::TargetMissing { text: ind.target_text.trim().into() },
        );
    }
    if ind.from_survey {
        let rate = ev.survey.satisfaction_rate();
        match rate {
            None => out.row_at(
                "SURVEY_RATE_UNAVAILABLE",
                "survey.valid".into(),
                ind,
                RowPlace::Fixed("满意度调查 有效样本数"),
                RowWhat::SurveyRateUnavailable,
                None,
                None,
            ),
            Some(rate) => {
                if let Some(typed) = ind.actual {
                    let rate = round(rate, rules.decimals);
                    if rate != round(typed, rules.decimals) {
                        out.row_num(
                            "SURVEY_ACTUAL_DIFFERS",
                            ind,
                            "actual",
                            RowPlace::Field("实际完成值"),
                            RowWhat::SurveyActualDiffers { typed, unit: ind.unit.trim().into(), rate },
                            Some(rate),
                            Some(typed),
                        );
                    }
                }
            }
        }
    } else if ind.actual.is_none() {
        out.row(
            "ACTUAL_MISSING",
            ind,
            "actual",
            RowPlace::Field("实际完成值"),
            RowWhat::ActualMissing { text: ind.actual_text.trim().into() },
        );
    }

    // Unit mismatch (compared as [`norm_unit`] writes them, without building them).
    if unit_chars(&ind.actual_unit).next().is_some()
        && ind.actual_unit != ind.unit
        && !unit_chars(&ind.actual_unit).eq(unit_chars(&ind.unit))
    {
        let u_empty = unit_chars(&ind.unit).next().is_none();
        out.row(
            "UNIT_MISMATCH",
            ind,
            "actual_unit",
            RowPlace::Field("实际完成值单位"),
            RowWhat::UnitMismatch {
                actual_unit: ind.actual_unit.trim().into(),
                unit: if u_empty { "（空）".into() } else { ind.unit.trim().into() },
            },
        );
    }

    if manual_used.is_some() || !is_blank(&ind.deviation) {
        return;
    }
    // Unmet without explanation.
    if s.met == Some(false) {
        out.row_num(
            "TARGET_UNMET_UNEXPLAINED",
            ind,
            "deviation",
            RowPlace::Field("偏差原因分析及改进措施"),
            RowWhat::TargetUnmet {
                equal: ind.nature == IndicatorNature::Equal,
                target: ind.target,
                unit: ind.unit.trim().into(),
                actual: s.actual.map(|a| round(a, rules.decimals)),
                score: s.score,
                weight: s.weight,
            },
            ind.target,
            s.actual,
        );
    }
    // Far over-achievement without explanation (the ratio is computed only for a positive
    // target without an explanation, and only when it may reach the limit; for 正向 / 等于 it
    // is the score's achievement, actual ÷ target; for 反向 target ÷ actual).
    if let (Some(t), Some(a)) = (ind.target, s.actual) {
        if !t.is_sign_positive() || t.is_zero() {
            return;
        }
        let reverse = ind.nature == IndicatorNature::AtMost;
        let (numerator, denominator) = if reverse { (t, a) } else { (a, t) };
        if !scoring::may_reach_percent(numerator, denominator, rules.over_achievement_percent) {
            return;
        }
        let ratio = if reverse { scoring::achievement(Some(t), Some(a)) } else { s.achievement() };
        if let Some(ratio) = ratio {
            if scoring::compare(ratio, rules.over_achievement_percent) != Ordering::Less {
                out.row_num(
                    "OVER_ACHIEVEMENT_UNEXPLAINED",
                    ind,
                    "deviation",
                    RowPlace::Field("偏差原因分析及改进措施"),
                    RowWhat::OverAchievement {
                        actual: round(a, rules.decimals),
                        target: t,
                        ratio: round(ratio, rules.decimals),
                        reverse,
                        limit: rules.over_achievement_percent,
                    },
                    Some(t),
                    Some(a),
                );
            }
        }
    }
}

fn round(v: Decimal, d: u32) -> Decimal {
    scoring::round(v, d)
}

// ---------------------------------------------------------------------------------------------

fn check_survey(ev: &Evaluation, out: &mut Out) {
    let s = &ev.survey;
    let satisfied = s.satisfied_count();
    let answers = s.answers_count();
    let has_counts = s.options.iter().any(|o| o.count.is_some());
    if let Some(valid) = s.valid {
        if has_counts && satisfied > valid {
            out.push_num(
                "SURVEY_SATISFIED_OVER_VALID",
                "survey.valid".into(),
                "满意度调查 有效样本数".into(),
                format!(
                    "满意人数 {} 超过有效样本数 {}，满意率会超过 100%。请核对有效样本数或各选项人数。",
                    fmt(satisfied),
                    fmt(valid)
                ),
                Some(valid),
                Some(satisfied),
            );
        }
        if has_counts && answers != valid {
            out.push_num(
                "SURVEY_ANSWERS_MISMATCH",
                "survey.valid".into(),
                "满意度调查 有效样本数".into(),
                format!(
                    "各选项人数合计 {} 与有效样本数 {} 不一致，{}。每份有效问卷应恰好选一个选项：请核对各选项人数或有效样本数。",
                    fmt(answers),
                    fmt(valid),
                    diff_text(valid, answers)
                ),
                Some(valid),
                Some(answers),
            );
        }
        if let Some(dist) = s.distributed {
            if valid > dist {
                out.push_num(
                    "SURVEY_VALID_OVER_DISTRIBUTED",
                    "survey.distributed".into(),
                    "满意度调查 发放问卷份数".into(),
                    format!(
                        "有效样本数 {} 超过发放问卷份数 {}。有效问卷不可能多于发放的问卷：请核对两项数字。",
                        fmt(valid),
                        fmt(dist)
                    ),
                    Some(valid),
                    Some(dist),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// Name of a key figure as compared: whitespace removed.
pub fn norm_figure_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A figure's value in its base unit: a unit "万X" is converted to "X" (× 10000, exact).
fn base_value(f: &KeyFigure) -> Option<(Decimal, String)> {
    let v = f.value?;
    let unit = norm_unit(&f.unit);
    match unit.strip_prefix('万') {
        Some(rest) if !rest.is_empty() => {
            Some((v.checked_mul(Decimal::from(10_000))?, rest.to_string()))
        }
        _ => Some((v, unit)),
    }
}

fn check_figures(ev: &Evaluation, out: &mut Out) {
    let mut groups: BTreeMap<String, Vec<&KeyFigure>> = BTreeMap::new();
    for f in &ev.figures {
        let key = norm_figure_name(&f.name);
        if key.is_empty() || f.value.is_none() {
            out.push(
                "FIGURE_VALUE_MISSING",
                format!(
                    "figures.{}.{}",
                    f.id,
                    if key.is_empty() { "name" } else { "value" }
                ),
                format!("关键数据「{}」", f.name.trim()),
                if key.is_empty() {
                    "关键数据没有名称，报告无法引用它。请填写名称或删除该行。".to_string()
                } else {
                    format!("关键数据「{}」没有数值。请填写数值或删除该行。", f.name.trim())
                },
            );
            continue;
        }
        groups.entry(key).or_default().push(f);
    }
    for (name, members) in &groups {
        if members.len() < 2 {
            continue;
        }
        let values: Vec<Option<(Decimal, String)>> = members.iter().map(|f| base_value(f)).collect();
        let all_same = values.windows(2).all(|w| match (&w[0], &w[1]) {
            (Some((a, ua)), Some((b, ub))) => ua == ub && a == b,
            _ => false,
        });
        if all_same {
            continue;
        }
        let mut statements: Vec<String> = members
            .iter()
            .map(|f| {
                let where_ = if is_blank(&f.stated_in) {
                    String::new()
                } else {
                    format!("（{}）", f.stated_in.trim())
                };
                // As entered ("16.80"), not normalized: the user recognizes their own figure.
                let v = f.value.map(|v| v.to_string()).unwrap_or_default();
                format!("{v}{}{where_}", f.unit.trim())
            })
            .collect();
        statements.sort();
        let units: std::collections::BTreeSet<&str> = values
            .iter()
            .flatten()
            .map(|(_, u)| u.as_str())
            .collect();
        let units_differ = units.len() > 1;
        for (k, f) in members.iter().enumerate() {
            // Expected: the other statement, in this figure's unit, when there are exactly two.
            let (expected, found) = if members.len() == 2 {
                let other = &values[1 - k];
                let mine = &values[k];
                match (mine, other) {
                    (Some((_, um)), Some((ov, uo))) if um == uo => {
                        // Back into this figure's own unit (万人 → ÷ 10000).
                        let converted = *um != norm_unit(&f.unit);
                        let factor = if converted { Decimal::from(10_000) } else { Decimal::ONE };
                        (ov.checked_div(factor), f.value)
                    }
                    _ => (None, f.value),
                }
            } else {
                (None, f.value)
            };
            out.push_num(
                "FIGURE_CONFLICT",
                format!("figures.{}.value", f.id),
                format!(
                    "关键数据「{}」{}",
                    f.name.trim(),
                    if is_blank(&f.stated_in) {
                        String::new()
                    } else {
                        format!("（{}）", f.stated_in.trim())
                    }
                ),
                format!(
                    "同一数据「{name}」在报告中出现了不同的数值：{}。{}同一数据只能有一个数值：请核实正确的数值，统一后删除多余的一条（正文用 {{{name}}} 引用）。",
                    statements.join("、"),
                    if units_differ { "（各条的单位不能互相换算，请统一单位。）" } else { "" }
                ),
                expected,
                found,
            );
        }
    }

    // Narrative placeholders that name neither a built-in nor a key figure (the report's
    // own resolution decides what is known, so the two cannot disagree).
    for (section, name) in crate::template::unknown_placeholders(ev) {
        out.push(
            "NARRATIVE_UNKNOWN_FIGURE",
            format!("narrative.{}", section.key()),
            format!("报告文字「{}」", section.title()),
            format!(
                "正文引用了 {{{name}}}，但既不是内置数据，也没有名为「{name}」的关键数据，报告中将原样显示。请添加该关键数据或改正引用名称。"
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------------

fn check_claimed(ev: &Evaluation, sc: &Scorecard, out: &mut Out) {
    let c = &ev.claimed;
    if let Some(t) = c.total {
        if t != sc.total {
            out.push_num(
                "CLAIMED_TOTAL_MISMATCH",
                "claimed.total".into(),
                "原报数据 自评得分".into(),
                format!(
                    "原报自评得分为 {} 分，按各项数据和评分规则计算为 {} 分，{}。请以计算结果为准修改报告中的自评分，或核对各指标数据。",
                    fmt(t),
                    fmt(sc.total),
                    diff_text(sc.total, t)
                ),
                Some(sc.total),
                Some(t),
            );
        }
    }
    if let Some(g) = c.grade {
        if g != sc.grade {
            out.push(
                "CLAIMED_GRADE_MISMATCH",
                "claimed.grade".into(),
                "原报数据 等级".into(),
                format!(
                    "原报等级为「{}」，按计算得分 {} 分应为「{}」。请改正等级。",
                    g.label(),
                    fmt(sc.total),
                    sc.grade.label()
                ),
            );
        }
    }
    if let Some(r) = c.execution_rate {
        match sc.budget.rate {
            Some(rate) if round(r, ev.rules.decimals) == rate => {}
            computed => out.push_num(
                "CLAIMED_EXECUTION_RATE_MISMATCH",
                "claimed.execution_rate".into(),
                "原报数据 执行率".into(),
                match computed {
                    Some(rate) => format!(
                        "原报执行率为 {}%，按全年执行数和{}计算为 {}%，{}。请改正执行率或资金数据。",
                        fmt(r),
                        ev.rules.execution_base.column().label(),
                        fmt(rate),
                        diff_text(rate, r)
                    ),
                    None => format!(
                        "原报执行率为 {}%，但资金数据不全，无法计算执行率。请填写全年执行数和{}。",
                        fmt(r),
                        ev.rules.execution_base.column().label()
                    ),
                },
                computed,
                Some(r),
            ),
        }
    }
    if let Some(b) = c.budget_score {
        if b != sc.budget.score {
            out.push_num(
                "CLAIMED_BUDGET_SCORE_MISMATCH",
                "claimed.budget_score".into(),
                "原报数据 预算执行得分".into(),
                format!(
                    "原报预算执行得分为 {}，计算为 {}，{}。算式：{}。请改正原报得分或核对资金数据。",
                    fmt(b),
                    fmt(sc.budget.score),
                    diff_text(sc.budget.score, b),
                    sc.budget.explanation.formula()
                ),
                Some(sc.budget.score),
                Some(b),
            );
        }
    }
}

/// ACTUAL_HUNDREDFOLD: a quantitative row whose 实际完成值 and 年度指标值 differ by about ×100
/// with percent (or blank) units — a percentage written as a fraction on one side
/// ([`crate::numbers::hundredfold`], the check the paste preview shows too). A warning; the
/// values are scored as they are.
fn check_hundredfold(ev: &Evaluation, out: &mut Out) {
    for ind in &ev.indicators {
        if !ind.is_scored() || !ind.applicable || ind.from_survey || ind.nature == IndicatorNature::Qualitative {
            continue;
        }
        let (Some(target), Some(actual)) = (ind.target, ind.actual) else { continue };
        let actual_unit = if ind.actual_unit.trim().is_empty() { &ind.unit } else { &ind.actual_unit };
        if let Some(slip) = crate::numbers::hundredfold(target, &ind.unit, actual, actual_unit) {
            out.push(
                "ACTUAL_HUNDREDFOLD",
                ipath(ind, "actual"),
                ind_place(ind, "实际完成值"),
                format!("「{}」的{}", ind_name(ind), slip.message()),
            );
        }
    }
}
