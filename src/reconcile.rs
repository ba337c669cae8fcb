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
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod claims;

pub(crate) use claims::{agree as stated_agree, figures_agree};

use crate::model::{
    Direction, Evaluation, FundsAmounts, FundsColumn, Indicator, IndicatorNature, KeyFigure,
    QualitativeBand,
};
use crate::scoring::{self, band_range, fmt, pad, parent_slots, Explanation, IndicatorScore, Scorecard, Sum};

/// 严重程度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    /// 错误: the form is wrong or incomplete.
    #[serde(rename = "错误")]
    Error,
    /// 待填写: a required field not filled yet in a part of the form nobody has worked on —
    /// never given by [`check`]; [`defer_to_fill`] gives it to the findings that only say a
    /// field is blank ([`Finding::is_to_fill`]) where the user has not worked yet. Still
    /// unresolved: the report keeps its 草稿 mark and `jixiao check` exits 1.
    #[serde(rename = "待填写")]
    ToFill,
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
            Severity::ToFill => "待填写",
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
    /// The finding this one follows from (`CODE@path`), when fixing that one is how to fix this
    /// one too ([`link_causes`]): shown under it, not as a second problem (issue 16, class 7).
    pub caused_by: Option<String>,
    /// 改为占位符: for a number of the narrative linked to a figure of the data, the
    /// placeholder that makes the text quote it ([`crate::narrative::use_placeholder`]).
    pub fix: Option<Box<crate::narrative::Fix>>,
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
        Finding { code, severity, path, expected: None, found: None, difference: None, caused_by: None, fix: None, text }
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

    /// The same finding with its numbers written as `kind` writes them ([`Finding::with_numbers`]).
    fn with_shown_numbers(self, kind: Kind, expected: Option<Decimal>, found: Option<Decimal>) -> Finding {
        let mut f = self.with_numbers(expected.map(|v| kind.shown(v)), found.map(|v| kind.shown(v)));
        f.difference = f.difference.map(|v| kind.shown(v));
        f
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

    /// 待填写: whether the finding only says that something required is not filled in yet — a
    /// blank required field, or a template heading with no 三级 rows (or weights) under it yet —
    /// rather than that something filled in is wrong. Its code and its severity in [`CODES`]
    /// stay what they are; [`defer_to_fill`] shows it as [`Severity::ToFill`] until the user
    /// works on its part of the form (docs/findings.md lists these codes).
    pub fn is_to_fill(&self) -> bool {
        match self.code {
            "HEADER_NAME_MISSING" | "HEADER_YEAR_MISSING" | "INDICATOR_NONE" | "INDICATOR_NAME_MISSING"
            | "INDICATOR_HEADING_EMPTY" | "INDICATOR_HEADING_UNUSED" | "WEIGHT_MISSING" | "QUAL_BAND_MISSING"
            | "QUAL_SCORE_MISSING"
            | "MANUAL_REASON_MISSING" | "SURVEY_RATE_UNAVAILABLE" | "FIGURE_VALUE_MISSING" => true,
            // Blank (the other kind says the denominator is 0: it carries the 0 found).
            "FUNDS_TOTAL_MISSING" => self.found.is_none(),
            // Blank, and no text either (a text without its number is something to correct).
            "TARGET_MISSING" | "ACTUAL_MISSING" => match &self.text {
                Text::Row { what: RowWhat::TargetMissing { text } | RowWhat::ActualMissing { text }, .. } => {
                    text.is_empty()
                }
                _ => false,
            },
            // A standard 一级 heading whose 三级 rows carry no weight yet (sum 0), not a
            // missing standard heading nor a split that differs.
            "WEIGHT_STANDARD_SPLIT" => self.found == Some(Decimal::ZERO) && self.path != "indicators",
            _ => false,
        }
    }

    /// The section the finding belongs to (for grouping): the first segment of its path.
    pub fn section(&self) -> &str {
        self.path.split('.').next().unwrap_or("")
    }

    /// The order of [`check`]'s result among findings of the same place in the form
    /// ([`form_order`]): severity, path, code, message, expected, found (the message is written
    /// only to break a tie).
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
            && self.caused_by == other.caused_by
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
            .field("caused_by", &self.caused_by)
            .finish()
    }
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Finding", 9)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("place", &self.place())?;
        s.serialize_field("message", &self.message_text())?;
        s.serialize_field("expected", &self.expected)?;
        s.serialize_field("found", &self.found)?;
        s.serialize_field("difference", &self.difference)?;
        match &self.caused_by {
            Some(c) => s.serialize_field("caused_by", c)?,
            None => s.skip_field("caused_by")?,
        }
        s.end()
    }
}

/// What is wrong with an indicator row, with everything its message states besides the row's
/// name (one variant per check; the texts are those the checks wrote before they were lazy).
/// Scores and rates are kept as written ([`Kind::Score`]: the rules' decimals), so that the
/// message and the finding's numbers read alike; weights are written by [`fmt`], targets and
/// actuals as entered.
#[derive(Clone, PartialEq)]
enum RowWhat {
    LevelInvalid { level: u8 },
    NameMissing,
    /// A 二级 row without a 一级 row above.
    Orphan2,
    /// A 三级 row without the heading `missing` above.
    Orphan3 { missing: &'static str },
    HeadingEmpty { level: u8 },
    /// A 二级 heading of the template with no 三级 rows and no 分值: left unused.
    HeadingUnused,
    WeightNegative { weight: Decimal },
    WeightMissing,
    /// The heading's own 分值 and the sum of the 三级 weights under it.
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
    /// `met`: the row reached its target by the rule (full score, no manual score).
    ClaimedScore { claimed: Decimal, score: Decimal, explanation: Explanation, met: bool },
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
            RowWhat::HeadingUnused => format!(
                "二级指标「{name}」下没有三级指标，也没有分值：按模板中未使用、留空的分组处理，不计分。若本项目应有此类指标，请在其下添加三级指标。"
            ),
            RowWhat::WeightNegative { weight } => format!(
                "三级指标「{name}」的分值为负数 {}，计分时按 0 计。请填写正数分值。",
                fmt(*weight)
            ),
            RowWhat::WeightMissing => format!(
                "三级指标「{name}」没有分值，得分按 0 计。请填写分值（各三级指标分值之和应等于所属一级指标的分值）。"
            ),
            RowWhat::WeightLevelSum { stated, sum } => format!(
                "「{name}」的分值为 {}，但其下三级指标分值之和为 {}，{}。请调整其下三级指标的分值，使之相加等于 {}，或改正该行分值。",
                fmt(*stated),
                fmt(*sum),
                diff_text(Kind::Plain, *stated, *sum),
                fmt(*stated)
            ),
            RowWhat::WeightStandardSplit { sum, standard, preset } => format!(
                "「{name}」下三级指标分值合计 {}，与标准分值 {}（{preset}）不同，{}。允许调整，但评审时需说明理由；如无特殊情况请按标准分值分配。",
                fmt(*sum),
                fmt(*standard),
                diff_text(Kind::Plain, *standard, *sum)
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
                "「{name}」使用人工评分 {manual} 分，但没有填写理由。人工评分（如扣分）必须写明理由。"
            ),
            RowWhat::ManualOutOfRange { manual, weight, score } => format!(
                "人工评分 {manual} 不在 0 到分值 {} 之间，已按 {score} 计。请改正人工评分。",
                fmt(*weight)
            ),
            RowWhat::ManualUsed { score, weight, reason } => format!(
                "「{name}」的得分为人工评分 {score} 分（分值 {}），不是按规则计算的得分。理由：{reason}。",
                fmt(*weight)
            ),
            RowWhat::QualBandMissing => format!(
                "定性指标「{name}」没有选择评价档次（达成年度指标 / 部分达成并具有一定效果 / 未达成且效果较差）。请选择档次，再在档内评分。"
            ),
            RowWhat::QualScoreMissing { band, lo, hi } => format!(
                "定性指标「{name}」已选「{}」档，但没有填写得分，得分按 0 计。请在 {lo}–{hi} 分之间评分。",
                band.label()
            ),
            RowWhat::QualOutOfBand { band, weight, percents, lo, hi, score } => format!(
                "定性指标「{name}」选的是「{}」档（分值 {} 的 {}%–{}%，即 {lo}–{hi} 分），但评分为 {score} 分，不在该档内。请在档内评分，或改选档次。",
                band.label(),
                fmt(*weight),
                fmt(percents.0),
                fmt(percents.1)
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
                "「{name}」填写的实际完成值 {typed}{unit} 与满意度调查计算的满意率 {rate}% 不同；评分采用调查结果。请删除手填值或核对调查数据。"
            ),
            RowWhat::ActualMissing { text } => format!(
                "「{name}」没有实际完成值，得分按 0 计。请填写实际完成的数字{}。",
                text_note(text)
            ),
            RowWhat::UnitMismatch { actual_unit, unit } => format!(
                "实际完成值的单位「{actual_unit}」与年度指标值的单位「{unit}」不一致，无法直接比较。请把实际完成值换算为「{unit}」后填写。"
            ),
            RowWhat::TargetUnmet { equal, target, unit, actual, score, weight } => format!(
                "「{name}」{}年度指标值（目标 {}{unit}，实际 {}{unit}），得 {score} 分（分值 {}），但没有填写偏差原因分析及改进措施。请写明{}的原因和改进措施。",
                if *equal { "偏离" } else { "未达到" },
                stated_opt(*target),
                stated_opt(*actual),
                fmt(*weight),
                if *equal { "偏离" } else { "未完成" }
            ),
            // A reverse (≤) indicator is a cap: the true relation is how far below the cap the
            // actual stays, (target − actual) ÷ target (a cost of 80 under a cap of 120 is 33.33 %
            // under it), not "150% of the target".
            RowWhat::OverAchievement { actual, target, ratio, reverse: true, limit } => format!(
                "「{name}」实际 {actual} 低于上限 {target}，比上限低 {}%（目标 ÷ 实际 = {ratio}%，达到或超过 {}%），可能是上限定得偏宽。请在偏差原因分析中说明原因，并考虑下一年度收紧目标。",
                target
                    .checked_sub(*actual)
                    .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
                    .and_then(|d| d.checked_div(*target))
                    .map(|p| fmt(round(p, 2)))
                    .unwrap_or_else(|| "—".into()),
                fmt(*limit)
            ),
            RowWhat::OverAchievement { actual, target, ratio, reverse: false, limit } => format!(
                "「{name}」实际 {actual} 为目标 {target} 的 {ratio}%（实际 ÷ 目标），达到或超过 {}%，可能是目标定得偏低。请在偏差原因分析中说明超额的原因，并考虑下一年度调高目标。",
                fmt(*limit)
            ),
            RowWhat::ClaimedScore { claimed, score, explanation, met } => format!(
                "「{name}」原报得分 {claimed}，按规则计算为 {score}，{}。计算依据：{}；{}。{}",
                // Both are written with the rules' decimals already ([`Kind::Score`]).
                diff_text(Kind::Score(0), *score, *claimed),
                explanation.rule(),
                explanation.formula(),
                if *met && claimed < score {
                    "该指标已达到年度指标值，扣分须说明理由：确需扣分的，请在“人工评分”中填写得分和扣分理由；否则改正原报得分。"
                } else {
                    "请核对实际完成值或改正得分。"
                }
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

/// 待填写 or not: each finding that only says something is not filled in yet
/// ([`Finding::is_to_fill`]) gets [`Severity::ToFill`] unless `checked(finding)` (the user has
/// worked on its part of the form, or asked for the full check); every other finding, and a
/// checked one, gets its severity of [`CODES`]. The same findings can be classified again as
/// more parts are worked on: nothing is lost.
pub fn defer_to_fill(findings: &mut [Finding], checked: impl Fn(&Finding) -> bool) {
    for f in findings {
        if f.is_to_fill() && !checked(f) {
            f.severity = Severity::ToFill;
        } else if f.severity == Severity::ToFill {
            // (Every other severity is still the one of its code.)
            f.severity = severity_of(f.code);
        }
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
    ("FUNDS_PLAN_SUM", Severity::Error),
    ("FUNDS_TRANSFERS_SUM", Severity::Error),
    ("FUNDS_EXECUTION_LOW_UNEXPLAINED", Severity::Warning),
    ("INDICATOR_LEVEL_INVALID", Severity::Error),
    ("INDICATOR_NAME_MISSING", Severity::Error),
    ("INDICATOR_ORPHAN", Severity::Error),
    ("INDICATOR_HEADING_EMPTY", Severity::Error),
    ("INDICATOR_HEADING_UNUSED", Severity::Info),
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
    ("NARRATIVE_CONFLICT", Severity::Warning),
    ("NARRATIVE_PARTS_SUM", Severity::Warning),
    ("NARRATIVE_FUNDS_MISMATCH", Severity::Warning),
    ("NARRATIVE_INDICATOR_MISMATCH", Severity::Warning),
    ("NARRATIVE_SURVEY_MISMATCH", Severity::Warning),
    ("NARRATIVE_FIGURE_MISMATCH", Severity::Warning),
    ("NARRATIVE_SCORE_MISMATCH", Severity::Error),
    ("NARRATIVE_GRADE_MISMATCH", Severity::Error),
    ("CLAIMED_TOTAL_MISMATCH", Severity::Error),
    ("CLAIMED_GRADE_MISMATCH", Severity::Error),
    ("CLAIMED_EXECUTION_RATE_MISMATCH", Severity::Error),
    ("CLAIMED_SOURCE_RATE_MISMATCH", Severity::Error),
    ("CLAIMED_SOURCE_SCORE_MISMATCH", Severity::Error),
    ("CLAIMED_BUDGET_SCORE_MISMATCH", Severity::Error),
    ("CLAIMED_INDICATOR_SCORE_MISMATCH", Severity::Error),
    ("CLAIMED_SCORE_MISSING", Severity::Error),
    ("CLAIMED_SUBTOTAL_MISMATCH", Severity::Error),
    ("CLAIMED_TOTAL_PARTS_MISMATCH", Severity::Error),
    ("CLAIMED_GRADE_TOTAL_MISMATCH", Severity::Error),
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
    #[allow(clippy::too_many_arguments)]
    fn push_num(
        &mut self,
        code: &'static str,
        path: String,
        place: String,
        message: String,
        kind: Kind,
        expected: Option<Decimal>,
        found: Option<Decimal>,
    ) {
        self.0.push(Finding::new(code, severity_of(code), path, place, message).with_shown_numbers(kind, expected, found));
    }
    /// A finding on the indicator row `ind` at `indicators.<id>.<field>`, its texts written
    /// when read.
    fn row(&mut self, code: &'static str, ind: &Indicator, field: &str, place: RowPlace, what: RowWhat) {
        self.row_at(code, ipath(ind, field), ind, place, what, Kind::Stated, None, None);
    }
    #[allow(clippy::too_many_arguments)]
    fn row_at(
        &mut self,
        code: &'static str,
        path: String,
        ind: &Indicator,
        place: RowPlace,
        what: RowWhat,
        kind: Kind,
        expected: Option<Decimal>,
        found: Option<Decimal>,
    ) {
        let text = Text::Row { name: ind_name(ind).into_boxed_str(), level: ind.level, place, what };
        self.0.push(Finding::with_text(code, severity_of(code), path, text).with_shown_numbers(kind, expected, found));
    }
    #[allow(clippy::too_many_arguments)]
    fn row_num(
        &mut self,
        code: &'static str,
        ind: &Indicator,
        field: &str,
        place: RowPlace,
        what: RowWhat,
        kind: Kind,
        expected: Option<Decimal>,
        found: Option<Decimal>,
    ) {
        self.row_at(code, ipath(ind, field), ind, place, what, kind, expected, found);
    }
}

/// Runs every check. The result is in the order of the form ([`form_order`]): 项目信息, 资金
/// (total, sources, uses, transfers), 目标, 绩效指标 row by row and within a row column by
/// column, 满意度, 关键数据, 报告文字, 评分规则 and 原报数据; the findings of one field by
/// severity, then in the order of [`CODES`].
pub fn check(evaluation: &Evaluation, scorecard: &Scorecard) -> Vec<Finding> {
    let mut out = Out(Vec::with_capacity(64));
    check_unreadable(evaluation, &mut out);
    check_ids(evaluation, &mut out);
    check_header(evaluation, &mut out);
    check_funds(evaluation, scorecard, &mut out);
    let rows = check_rows(evaluation, scorecard, &mut out);
    check_survey(evaluation, &mut out);
    check_figures(evaluation, &mut out);
    check_narrative(evaluation, scorecard, &mut out);
    check_claimed(evaluation, scorecard, &mut out);
    claims::check(evaluation, scorecard, &mut out);
    // One cause, one finding: a field whose typed text cannot be read counts as blank for
    // scoring, and its UNREADABLE_NUMBER finding says so — no second "… 未填写" at that field.
    if !evaluation.unreadable.is_empty() {
        out.0.retain(|f| !(f.code.ends_with("_MISSING") && evaluation.unreadable.contains_key(&f.path)));
    }
    // Sorted (stable) through their positions and keys: a finding is large, its key is not.
    let keys: Vec<FormKey> = out.0.iter().map(|f| form_order(evaluation, &rows, f)).collect();
    let order = crate::order::stable_order(out.0.len(), &|a, b| keys[a].cmp(&keys[b]).then_with(|| out.0[a].order(&out.0[b])));
    let mut findings = crate::order::in_order(out.0, order);
    findings.dedup();
    link_causes(evaluation, &mut findings);
    findings
}

/// One cause, one error (issue 16, class 7): a finding that follows from another — fixing the
/// other fixes it — names it in `caused_by`, and the editor shows it under that one:
/// - a claimed 执行率 / 预算执行得分 that differs only because the unit computed it from a total
///   row the sources contradict (FUNDS_SOURCES_SUM on the base or 执行数 column);
/// - 执行数 over 预算数 on the total when the 预算数 used is the sources' (the total row
///   contradicted);
/// - a claimed grade that is the right grade for the claimed total, when that total is wrong
///   (CLAIMED_TOTAL_MISMATCH): correcting the total corrects the grade.
pub fn link_causes(ev: &Evaluation, findings: &mut [Finding]) {
    let key = |f: &Finding| format!("{}@{}", f.code, f.path);
    let find = |findings: &[Finding], code: &str, paths: &[String]| {
        findings.iter().find(|f| f.code == code && paths.contains(&f.path)).map(key)
    };
    let base = ev.rules.execution_base.column();
    let total_cols: Vec<String> =
        [base, FundsColumn::Executed].iter().map(|c| format!("funds.total.{}", c.key())).collect();
    let contradicted = find(findings, "FUNDS_SOURCES_SUM", &total_cols);
    let total_claim = find(findings, "CLAIMED_TOTAL_MISMATCH", &["claimed.total".to_string()]);
    let grade_follows_total = match (ev.claimed.total, ev.claimed.grade) {
        (Some(t), Some(g)) => ev.rules.grades.grade(t) == g,
        _ => false,
    };
    for f in findings.iter_mut() {
        let cause = match f.code {
            "CLAIMED_EXECUTION_RATE_MISMATCH" | "CLAIMED_BUDGET_SCORE_MISMATCH" => contradicted.clone(),
            "FUNDS_EXECUTED_OVER_BUDGET" if f.path.starts_with("funds.total.") => contradicted.clone(),
            "CLAIMED_GRADE_MISMATCH" if grade_follows_total => total_claim.clone(),
            _ => None,
        };
        if cause.is_some() {
            f.caused_by = cause;
        }
    }
}

/// Where a finding's field is in the form: (section, part of the section, row, column, severity,
/// the code's place in [`CODES`]).
type FormKey = (u8, u8, usize, u8, Severity, usize);

/// The place of a finding in the order of the form, from its path: the sections as the editor
/// shows them; rows of a list (资金来源, 用途, 拨付, 指标, 调查选项, 关键数据) in their order, the
/// list's own findings before its rows; the fields of a row in the order of its columns
/// (the indicator table's, then the row's details). A path the form does not know goes to the
/// end of its section (or of the form).
fn form_order(ev: &Evaluation, rows: &IdRows, f: &Finding) -> FormKey {
    fn pos(list: &[&str], key: &str) -> u8 {
        list.iter().position(|k| *k == key).unwrap_or(list.len()) as u8
    }
    // The row (1-based: 0 is the list itself) with the id `id` in a list of ids.
    fn row<'a>(mut ids: impl Iterator<Item = &'a str>, id: &str) -> usize {
        ids.position(|i| trimmed(i) == trimmed(id)).map_or(usize::MAX, |k| k + 1)
    }
    const HEADER: &[&str] =
        &["name", "year", "department", "implementer", "region", "money_unit", "kind", "report_date", "contact"];
    const SOURCE: &[&str] =
        &["source", "name", "budget_initial", "budget_full", "received", "executed", "claimed_rate", "claimed_score"];
    const INDICATOR: &[&str] = &[
        "level", "name", "nature", "target", "target_text", "unit", "actual", "actual_text", "band", "band_score",
        "weight", "claimed_score", "deviation", "manual", "direction", "actual_unit", "from_survey", "applicable",
    ];
    const RULES: &[&str] = &[
        "preset", "budget_weight", "execution_base", "reverse_formula", "decimals", "over_achievement_percent",
        "execution_explain_below", "rescale_inapplicable", "draft_mark_on_errors", "bands", "grades", "level1_weights",
    ];
    // The path's first four segments (enough for every key), without allocating.
    let mut segments = [""; 4];
    let mut n = 0;
    for (slot, segment) in segments.iter_mut().zip(f.path.split('.')) {
        *slot = segment;
        n += 1;
    }
    let (section, part, row_no, column) = match &segments[..n] {
        ["header", field, ..] => (0, 0, 0, pos(HEADER, field)),
        ["notes", ..] => (0, 1, 0, 0),
        ["funds"] => (1, 0, 0, 0),
        ["funds", "total", col, ..] => (1, 1, 0, pos(&SOURCE[2..], col)),
        ["funds", "sources", rest @ ..] => match rest {
            [id, field, ..] => (1, 2, row(ev.funds.sources.iter().map(|r| r.id.as_str()), id), pos(SOURCE, field)),
            _ => (1, 2, 0, 0),
        },
        ["funds", "execution_note", ..] => (1, 3, 0, 0),
        ["funds", "plans", rest @ ..] => match rest {
            [id, field, ..] => (1, 3, row(ev.funds.plans.iter().map(|r| r.id.as_str()), id).saturating_add(1), pos(&["purpose", "amount"], field)),
            _ => (1, 3, 1, 0),
        },
        ["funds", "uses", rest @ ..] => match rest {
            [id, field, ..] => (1, 4, row(ev.funds.uses.iter().map(|r| r.id.as_str()), id), pos(&["purpose", "amount"], field)),
            _ => (1, 4, 0, 0),
        },
        ["funds", "transfers", rest @ ..] => match rest {
            [id, field, ..] => {
                (1, 5, row(ev.funds.transfers.iter().map(|r| r.id.as_str()), id), pos(&["account", "amount"], field))
            }
            _ => (1, 5, 0, 0),
        },
        ["funds", ..] => (1, 6, 0, 0),
        ["goals", field, ..] => (2, 0, 0, pos(&["overall", "annual", "achieved"], field)),
        ["goals"] => (2, 0, 0, 0),
        ["indicators"] => (3, 0, 0, 0),
        ["indicators", id, field, ..] => {
            (3, 1, rows.get(trimmed(id)).map_or(usize::MAX, |&i| i + 1), pos(INDICATOR, field))
        }
        ["indicators", ..] => (3, 2, 0, 0),
        ["survey", "distributed", ..] => (4, 0, 0, 0),
        ["survey", "valid", ..] => (4, 1, 0, 0),
        ["survey", "options", rest @ ..] => match rest {
            [id, field, ..] => {
                (4, 2, row(ev.survey.options.iter().map(|o| o.id.as_str()), id), pos(&["label", "count", "satisfied"], field))
            }
            _ => (4, 2, 0, 0),
        },
        ["survey", ..] => (4, 3, 0, 0),
        ["figures", id, field, ..] => {
            (5, 0, row(ev.figures.iter().map(|k| k.id.as_str()), id), pos(&["name", "value", "unit", "stated_in"], field))
        }
        ["figures", ..] => (5, 0, 0, 0),
        ["narrative", key, ..] => {
            let k = crate::model::NarrativeSection::ALL.iter().position(|s| s.key() == *key);
            (6, 0, k.unwrap_or(usize::MAX), 0)
        }
        ["rules", field, ..] => (7, 0, 0, pos(RULES, field)),
        ["claimed", field, ..] => (7, 1, 0, pos(&["total", "grade", "execution_rate", "budget_score"], field)),
        _ => (8, 0, 0, 0),
    };
    (section, part, row_no, column, f.severity, code_rank(f.code))
}

/// The place of `code` in [`CODES`] (found as [`severity_of`] finds it).
fn code_rank(code: &'static str) -> usize {
    CODES
        .iter()
        .position(|(c, _)| std::ptr::eq(c.as_ptr(), code.as_ptr()) && c.len() == code.len())
        .or_else(|| CODES.iter().position(|(c, _)| *c == code))
        .unwrap_or(CODES.len())
}

/// "多 2" / "少 2": how much `found` is above or below `expected` (found − expected, the
/// finding's `difference`), written as `kind` writes it.
fn diff_text(kind: Kind, expected: Decimal, found: Decimal) -> String {
    let Some(d) = found.checked_sub(expected) else {
        return "相差超出可计算范围".to_string();
    };
    if d > Decimal::ZERO {
        format!("多 {}", kind.text(d))
    } else {
        format!("少 {}", kind.text(-d))
    }
}

/// How a figure of a finding is written: in its message and in its numbers alike (`expected`,
/// `found` and `difference` are kept in the form written, so that they read as the message
/// does: "90.70", never "90.7" beside it). The formatters are scoring's ([`fmt`],
/// [`scoring::fmt_score`]), the ones the explanations use.
#[derive(Clone, Copy)]
enum Kind {
    /// 金额: at least 2 decimals ("8.40"), never rounded (a finding never hides the digit that
    /// differs; the report's tables round to 2).
    Money,
    /// 得分 and 百分比 (执行率, 满意率, 完成比例): the rules' decimals ([`scoring::fmt_score`]).
    Score(u32),
    /// 分值, counts and the rules' own settings: without trailing zeros ([`fmt`]).
    Plain,
    /// Targets, actuals, key figures: as entered ("16.80").
    Stated,
}

impl Kind {
    /// `v` in the form written (the same value: digits are only added or trailing zeros
    /// dropped).
    fn shown(self, v: Decimal) -> Decimal {
        match self {
            Kind::Money => pad(v, 2),
            Kind::Score(d) => pad(v, d),
            Kind::Plain => v.normalize(),
            Kind::Stated => v,
        }
    }
    fn text(self, v: Decimal) -> String {
        self.shown(v).to_string()
    }
}

/// A stated figure as entered; blank as "（空）".
fn stated_opt(v: Option<Decimal>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "（空）".to_string())
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
            crate::field_input::unreadable_message(ev, path, text),
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
        ["funds", "plans", id, _] => {
            let name = ev
                .funds
                .plans
                .iter()
                .find(|u| u.id == *id)
                .map(|u| u.purpose.clone())
                .unwrap_or_else(|| id.to_string());
            format!("预算安排「{name}」金额")
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
    let lists: [(&str, &str, &str, Ids); 6] = [
        ("funds.sources", "name", "资金来源", Box::new(ev.funds.sources.iter().map(|r| r.id.as_str()))),
        ("funds.uses", "purpose", "资金用途", Box::new(ev.funds.uses.iter().map(|r| r.id.as_str()))),
        ("funds.plans", "purpose", "预算安排", Box::new(ev.funds.plans.iter().map(|r| r.id.as_str()))),
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
/// The row index of each row id, hashed with [`IdHasher`].
type IdRows<'a> = HashMap<&'a str, usize, BuildHasherDefault<IdHasher>>;

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
    let fmt = |v: Decimal| Kind::Money.text(v);

    // Negative amounts.
    let mut neg = |path: String, place: String, v: Option<Decimal>| {
        if let Some(v) = v.filter(|v| *v < Decimal::ZERO) {
            out.push_num(
                "FUNDS_NEGATIVE",
                path,
                place.clone(),
                format!("{place}为负数 {}{unit}。资金金额不能为负，请核实后填写。", fmt(v)),
                Kind::Money,
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
    for p in &funds.plans {
        neg(
            format!("funds.plans.{}.amount", p.id),
            format!("预算安排「{}」金额", p.purpose),
            p.amount,
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
        if let (Some(stated), Some(sum)) = (funds.total.get(col), funds.total_contradicted(col)) {
            {
                let rows = crate::order::sorted_by(funds.sources.iter().collect(), |a, b| {
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
                        "年度资金总额的{}填写为 {}{unit}，但各资金来源之和为 {}{unit}（{}），{}。{}请核对总额或各来源金额。",
                        col.label(),
                        fmt(stated),
                        fmt(sum),
                        parts.join(" + "),
                        diff_text(Kind::Money, sum, stated),
                        if col == ev.rules.execution_base.column() || col == FundsColumn::Executed {
                            "执行率和预算执行得分按各来源之和计算，不按与之矛盾的总额行。"
                        } else {
                            "报告和核对按各来源之和，不按与之矛盾的总额行。"
                        }
                    ),
                    Kind::Money,
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
                    "年度资金总额的{}为 {}，不能作执行率的分母，预算执行得分按 0 计。请核实{}。",
                    col.label(),
                    fmt(Decimal::ZERO),
                    col.label()
                ),
                Kind::Money,
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
                        diff_text(Kind::Money, b, e)
                    ),
                    Kind::Money,
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
                    diff_text(Kind::Money, r, e)
                ),
                Kind::Money,
                Some(r),
                Some(e),
            );
        }
    }

    // The planned breakdown vs the budget (issue 16, class 3): it should add up to the 年初预算数
    // (the plan the application made) or to the 全年预算数 (after an adjustment); either agrees.
    if let Some(sum) = ev.plans_sum_in_funds_unit() {
        let budgets: Vec<(FundsColumn, Decimal)> = [FundsColumn::BudgetInitial, FundsColumn::BudgetFull]
            .into_iter()
            .filter_map(|c| total.get(c).map(|v| (c, v)))
            .collect();
        if !budgets.is_empty() && !budgets.iter().any(|(_, v)| claims::agree(&ev.rules, sum, *v)) {
            let (first, parts) =
                breakdown(funds.plans.iter().map(|p| (p.id.as_str(), p.purpose.as_str(), p.amount)));
            let (col, against) = *budgets.last().expect("not empty");
            let named: Vec<String> =
                budgets.iter().map(|(c, v)| format!("{} {}{unit}", c.label(), Kind::Money.text(*v))).collect();
            out.push_num(
                "FUNDS_PLAN_SUM",
                first
                    .map(|id| format!("funds.plans.{id}.amount"))
                    .unwrap_or_else(|| "funds.plans".into()),
                "预算安排（申请）合计".into(),
                format!(
                    "预算安排明细合计 {}（{}）与{}都不一致，与{}相比{}。请核对各项安排金额或预算数。",
                    stated_in_other_unit(ev, ev.plans_unit(), sum),
                    parts.join(" + "),
                    named.join("、"),
                    col.label(),
                    diff_text(Kind::Money, against, sum)
                ),
                Kind::Money,
                Some(against),
                Some(sum),
            );
        }
    }

    // Uses breakdown vs 执行数: in the project's unit (the uses may be stated in another,
    // converted exactly), equal at the precision of the less precise figure (claims::agree).
    if let (Some(sum), Some(executed)) = (ev.uses_sum_in_funds_unit(), total.executed) {
        if !claims::agree(&ev.rules, sum, executed) {
            let (first, parts) =
                breakdown(funds.uses.iter().map(|u| (u.id.as_str(), u.purpose.as_str(), u.amount)));
            out.push_num(
                "FUNDS_USES_SUM",
                first
                    .map(|id| format!("funds.uses.{id}.amount"))
                    .unwrap_or_else(|| "funds.uses".into()),
                "资金使用情况（用途明细）合计".into(),
                format!(
                    "资金用途明细合计 {}（{}）与全年执行数 {}{unit} 不一致，{}。请核对各用途金额或全年执行数。",
                    stated_in_other_unit(ev, ev.uses_unit(), sum),
                    parts.join(" + "),
                    fmt(executed),
                    diff_text(Kind::Money, executed, sum)
                ),
                Kind::Money,
                Some(executed),
                Some(sum),
            );
        }
    }

    // Transfers vs received (or executed).
    if let Some(sum) = ev.transfers_sum_in_funds_unit() {
        let (against, col) = match total.received {
            Some(r) => (Some(r), FundsColumn::Received),
            None => (total.executed, FundsColumn::Executed),
        };
        if let Some(against) = against {
            if !claims::agree(&ev.rules, sum, against) {
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
                        "拨入各账户的资金合计 {}（{}）与{} {}{unit} 不一致，{}。请核对各账户拨付金额或{}。",
                        stated_in_other_unit(ev, ev.transfers_unit(), sum),
                        parts.join(" + "),
                        col.label(),
                        fmt(against),
                        diff_text(Kind::Money, against, sum),
                        col.label()
                    ),
                    Kind::Money,
                    Some(against),
                    Some(sum),
                );
            }
        }
    }

    // Low execution rate without explanation (neither in the note nor, as the national
    // template has no note column, in the deviation of an indicator row about the money).
    if let Some(rate) = sc.budget.rate {
        if rate < ev.rules.execution_explain_below
            && is_blank(&funds.execution_note)
            && execution_explained_in_a_row(ev).is_none()
        {
            out.push_num(
                "FUNDS_EXECUTION_LOW_UNEXPLAINED",
                "funds.execution_note".into(),
                "项目资金 执行率偏低说明".into(),
                format!(
                    "预算执行率为 {}%，低于 {}%，需要说明原因。请在“执行率偏低说明”中写明未执行的原因和后续安排。",
                    Kind::Score(ev.rules.decimals).text(rate),
                    Kind::Plain.text(ev.rules.execution_explain_below)
                ),
                // The rate as a rate, the threshold as the setting reads.
                Kind::Stated,
                Some(Kind::Plain.shown(ev.rules.execution_explain_below)),
                Some(Kind::Score(ev.rules.decimals).shown(rate)),
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
    let rows = crate::order::sorted_by(rows.collect(), Ord::cmp);
    let first = rows.iter().find(|r| r.2.is_some()).map(|r| r.0);
    let parts = rows
        .into_iter()
        .filter_map(|(_, label, amount)| amount.map(|a| format!("{} {}", label.trim(), Kind::Money.text(a))))
        .collect();
    (first, parts)
}

/// The checks of the indicator rows, in one walk over them: the structure (级次, names,
/// parents, empty headings), each 三级 row's weight, the row against its score
/// ([`check_row`]) and its claimed score; then the weight sums ([`check_weight_sums`]).
///
/// Returns the row index of each (trimmed) id, its first row when repeated: the findings'
/// order ([`form_order`]).
fn check_rows<'a>(ev: &'a Evaluation, sc: &Scorecard, out: &mut Out) -> IdRows<'a> {
    let inds = &ev.indicators;
    let dp = ev.rules.decimals;
    // Every row's id with its row (see [`check_ids`]).
    // Whether some id is blank or seen twice; the ids are counted (for the findings) only then.
    let mut ids = IdRows::with_capacity_and_hasher(inds.len(), Default::default());
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
        let new = match ids.entry(id) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
                true
            }
            std::collections::hash_map::Entry::Occupied(_) => false,
        };
        ids_invalid |= id.is_empty() || !new;
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
                // A 二级 row of the template kept on the form but not used (no 三级 rows, no
                // 分值: domain.md §7, "empty 二级 rows kept") is noted, not an error; a 一级
                // heading, or a 二级 one given a 分值, still needs its rows.
                let unused_template_row = ind.level == 2 && ind.weight.is_none_or(|w| w.is_zero());
                if !has_child && unused_template_row {
                    out.row("INDICATOR_HEADING_UNUSED", ind, "name", RowPlace::Field(""), RowWhat::HeadingUnused);
                } else if !has_child {
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
                    out.row_num("WEIGHT_NEGATIVE", ind, "weight", RowPlace::Field("分值"), RowWhat::WeightNegative { weight: w }, Kind::Plain, None, Some(w));
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
        check_hundredfold(ind, out);
        if let Some(claimed) = ind.claimed_score {
            if !claims::agree(&ev.rules, claimed, s.score) {
                out.row_num(
                    "CLAIMED_INDICATOR_SCORE_MISMATCH",
                    ind,
                    "claimed_score",
                    RowPlace::Field("原报得分"),
                    RowWhat::ClaimedScore {
                        claimed: pad(claimed, dp),
                        score: pad(s.score, dp),
                        explanation: s.explanation.clone(),
                        met: ind.manual.is_none() && ind.weight == Some(s.score),
                    },
                    Kind::Score(dp),
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
    ids
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
///
/// A sum that does not add up is pinned to the heading whose children do not add up
/// ([`SumTarget`]): that is the row where the user sees the sum and where the weights to change
/// are; a total with no such heading goes to the first 三级 row's 分值.
fn check_weight_sums(ev: &Evaluation, headings: &[usize], sums: &[Sum], all: Decimal, out: &mut Out) {
    let inds = &ev.indicators;
    let standards = &ev.rules.level1_weights;
    // The standard weight of a 一级 heading (matched by name), if any.
    let standard_of = |ind: &Indicator| {
        let key = norm_level_name(&ind.name);
        standards.iter().position(|s| norm_level_name(&s.name) == key)
    };

    // Headings with a stated weight vs the sum of their 三级 rows; the first of them (in the
    // form's order) is where a total that does not add up is pinned.
    let mut target: Option<SumTarget> = None;
    for (&i, sum) in headings.iter().zip(sums) {
        let ind = &inds[i];
        if let Some(stated) = ind.weight {
            let sum = sum.value();
            if sum != stated {
                target.get_or_insert(SumTarget { ind, sum, reference: stated, standard: false });
                out.row_num(
                    "WEIGHT_LEVEL_SUM",
                    ind,
                    "weight",
                    RowPlace::Field("分值"),
                    RowWhat::WeightLevelSum { stated, sum },
                    Kind::Plain,
                    Some(stated),
                    Some(sum),
                );
            }
        }
    }

    // Standard level-1 split (warning).
    let mut matched: Vec<bool> = vec![false; standards.len()];
    for (k, &i) in headings.iter().enumerate() {
        let ind = &inds[i];
        if ind.level != 1 {
            continue;
        }
        if let Some(s) = standard_of(ind) {
            matched[s] = true;
            let std = standards[s].weight;
            let sum = sums[k].value();
            // A stated weight equal to the standard that its rows do not add up to is one
            // disagreement, already said by WEIGHT_LEVEL_SUM.
            if sum != std && ind.weight != Some(std) {
                target.get_or_insert(SumTarget { ind, sum, reference: std, standard: true });
                out.row_num(
                    "WEIGHT_STANDARD_SPLIT",
                    ind,
                    "weight",
                    RowPlace::Field("分值"),
                    RowWhat::WeightStandardSplit { sum, standard: std, preset: ev.rules.preset.label() },
                    Kind::Plain,
                    Some(std),
                    Some(sum),
                );
            }
        }
    }

    // Where a sum over all the rows is pinned: the heading found above, else the first 三级
    // row's 分值 (looked up only when such a finding is raised).
    let pinned = |target: Option<&SumTarget>| -> (String, String, String) {
        match target {
            Some(t) => (ipath(t.ind, "weight"), ind_place(t.ind, "分值"), t.note()),
            None => match inds.iter().find(|i| i.is_scored()) {
                Some(first) => (ipath(first, "weight"), "绩效指标 分值合计".into(), String::new()),
                None => ("indicators".into(), "绩效指标 分值合计".into(), String::new()),
            },
        }
    };

    // Total weight = 100.
    let budget_weight = ev.rules.budget_weight;
    let total = budget_weight.saturating_add(all);
    let hundred = Decimal::ONE_HUNDRED;
    if total != hundred && inds.iter().any(|i| i.is_scored()) {
        let (path, place, note) = pinned(target.as_ref());
        out.push_num(
            "WEIGHT_TOTAL",
            path,
            place,
            format!(
                "总分值应为 100，现为 {}（预算执行率 {} + 三级指标分值合计 {}），{}。{note}请调整各三级指标的分值。",
                fmt(total),
                fmt(budget_weight),
                fmt(all),
                diff_text(Kind::Plain, hundred, total)
            ),
            Kind::Plain,
            Some(hundred),
            Some(total),
        );
    }

    for (k, s) in standards.iter().enumerate() {
        if matched[k] {
            continue;
        }
        if standards.len() == 1 {
            // A single standard (e.g. 绩效指标 90) covers every indicator.
            if all != s.weight && inds.iter().any(|i| i.is_scored()) {
                let (path, place, note) = pinned(target.as_ref());
                out.push_num(
                    "WEIGHT_STANDARD_SPLIT",
                    path,
                    place,
                    format!(
                        "三级指标分值合计 {}，与标准分值「{}」{}不同，{}。{note}请按标准分配分值，或说明理由。",
                        fmt(all),
                        s.name,
                        fmt(s.weight),
                        diff_text(Kind::Plain, s.weight, all)
                    ),
                    Kind::Plain,
                    Some(s.weight),
                    Some(all),
                );
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
                Kind::Plain,
                Some(s.weight),
                Some(Decimal::ZERO),
            );
        }
    }
}

/// The heading a weight sum that does not add up is pinned to: the first heading (in the
/// form's order) whose 三级 rows do not add up to its own 分值, else the first 一级 heading whose
/// rows do not add up to its standard weight.
struct SumTarget<'a> {
    ind: &'a Indicator,
    /// The sum of the 三级 weights under it.
    sum: Decimal,
    /// What they should add up to: the heading's 分值, or its standard weight.
    reference: Decimal,
    standard: bool,
}

impl SumTarget<'_> {
    /// "其中「产出指标」下三级指标分值之和为 52，与该行分值 50 不同。"
    fn note(&self) -> String {
        format!(
            "其中「{}」下三级指标分值之和为 {}，与{} {} 不同。",
            ind_name(self.ind),
            fmt(self.sum),
            if self.standard { "其标准分值" } else { "该行分值" },
            fmt(self.reference)
        )
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
    let dp = rules.decimals;
    let score = Kind::Score(dp);
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
                RowWhat::ManualReasonMissing { manual: pad(ms, dp) },
            );
        }
        if scoring::sign(ms) == Ordering::Less || scoring::compare(ms, s.weight) == Ordering::Greater {
            out.row_num(
                "MANUAL_SCORE_OUT_OF_RANGE",
                ind,
                "manual.score",
                RowPlace::Field("人工评分"),
                RowWhat::ManualOutOfRange { manual: pad(ms, dp), weight: s.weight, score: pad(s.score, dp) },
                score,
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
                score: pad(s.score, dp),
                weight: s.weight,
                reason: if is_blank(&m.reason) { "（未填写）".into() } else { m.reason.trim().into() },
            },
            score,
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
                        RowWhat::QualScoreMissing { band: b, lo: pad(lo, dp), hi: pad(hi, dp) },
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
                                lo: pad(lo, dp),
                                hi: pad(hi, dp),
                                score: pad(v, dp),
                            },
                            score,
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
                Kind::Stated,
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
                            RowWhat::SurveyActualDiffers { typed, unit: ind.unit.trim().into(), rate: pad(rate, dp) },
                            Kind::Stated,
                            Some(pad(rate, dp)),
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
    // The actual as written: the survey's rate rounded, with the decimals; a typed one as entered.
    let actual = if ind.from_survey { s.actual.map(|a| pad(round(a, dp), dp)) } else { s.actual };
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
                actual,
                score: pad(s.score, dp),
                weight: s.weight,
            },
            Kind::Stated,
            ind.target,
            actual,
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
                        actual: actual.unwrap_or(a),
                        target: t,
                        ratio: pad(round(ratio, dp), dp),
                        reverse,
                        limit: rules.over_achievement_percent,
                    },
                    Kind::Stated,
                    Some(t),
                    actual,
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
                Kind::Plain,
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
                    diff_text(Kind::Plain, valid, answers)
                ),
                Kind::Plain,
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
                    Kind::Plain,
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
    for (prefix, factor) in [('万', 10_000i64), ('亿', 100_000_000), ('千', 1_000)] {
        match unit.strip_prefix(prefix) {
            Some(rest) if !rest.is_empty() => return Some((v.checked_mul(Decimal::from(factor))?, rest.to_string())),
            _ => {}
        }
    }
    Some((v, unit))
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
        let all_same = members.windows(2).all(|w| claims::figures_agree(&ev.rules, w[0], w[1]));
        if all_same {
            continue;
        }
        // One finding for the conflict, naming every place the figure is stated (in the
        // form's order), pinned to the first of them: there is no telling which is right, so
        // there is no expected figure.
        let statements: Vec<String> = members
            .iter()
            .map(|f| {
                let where_ = if is_blank(&f.stated_in) {
                    "（未注明出处）".to_string()
                } else {
                    format!("（{}）", f.stated_in.trim())
                };
                // As entered ("16.80"), not normalized: the user recognizes their own figure.
                let v = f.value.map(|v| v.to_string()).unwrap_or_default();
                format!("{v}{}{where_}", f.unit.trim())
            })
            .collect();
        let units: std::collections::BTreeSet<&str> = values
            .iter()
            .flatten()
            .map(|(_, u)| u.as_str())
            .collect();
        let units_differ = units.len() > 1;
        let first = members[0];
        let places: Vec<&str> = members
            .iter()
            .map(|f| f.stated_in.trim())
            .filter(|p| !p.is_empty())
            .collect();
        out.push(
            "FIGURE_CONFLICT",
            format!("figures.{}.value", first.id),
            format!(
                "关键数据「{}」{}",
                first.name.trim(),
                if places.is_empty() { String::new() } else { format!("（{}）", places.join("；")) }
            ),
            format!(
                "同一数据「{name}」在 {} 处的数值不同：{}。{}同一数据只能有一个数值：请核实正确的数值，统一后删除多余的条目（正文用 {{{name}}} 引用）。",
                members.len(),
                statements.join(if members.len() == 2 { " 与 " } else { "、" }),
                if units_differ { "（各条的单位不能互相换算，请统一单位。）" } else { "" }
            ),
        );
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

/// The numbers the narrative states, read from the text ([`crate::narrative`]).
fn check_narrative(ev: &Evaluation, sc: &Scorecard, out: &mut Out) {
    for issue in crate::narrative::check(ev, sc) {
        let mut f = Finding::new(issue.code, severity_of(issue.code), issue.path, issue.place, issue.message)
            .with_numbers(issue.expected, issue.found);
        f.fix = issue.fix.map(Box::new);
        out.0.push(f);
    }
}

// ---------------------------------------------------------------------------------------------

fn check_claimed(ev: &Evaluation, sc: &Scorecard, out: &mut Out) {
    let c = &ev.claimed;
    let score = Kind::Score(ev.rules.decimals);
    let fmt = |v: Decimal| score.text(v);
    if let Some(t) = c.total {
        if !claims::agree(&ev.rules, t, sc.total) {
            out.push_num(
                "CLAIMED_TOTAL_MISMATCH",
                "claimed.total".into(),
                "原报数据 自评得分".into(),
                format!(
                    "原报自评得分为 {} 分，按各项数据和评分规则计算为 {} 分，{}。请以计算结果为准修改报告中的自评分，或核对各指标数据。",
                    fmt(t),
                    fmt(sc.total),
                    diff_text(score, sc.total, t)
                ),
                score,
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
            Some(rate) if round(r, ev.rules.decimals) == rate || claims::agree(&ev.rules, r, rate) => {}
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
                        diff_text(score, rate, r)
                    ),
                    None => format!(
                        "原报执行率为 {}%，但资金数据不全，无法计算执行率。请填写全年执行数和{}。",
                        fmt(r),
                        ev.rules.execution_base.column().label()
                    ),
                },
                score,
                computed,
                Some(r),
            ),
        }
    }
    // The 执行率 and 得分 printed beside each source row (issue 16, class 2).
    for row in &ev.funds.sources {
        if row.claimed_rate.is_none() && row.claimed_score.is_none() {
            continue;
        }
        let computed = scoring::score_source(ev, row);
        let name = source_name(&row.name, row.source.label());
        if let Some(r) = row.claimed_rate {
            match computed.rate {
                Some(rate) if claims::agree(&ev.rules, r, rate) => {}
                rate => out.push_num(
                    "CLAIMED_SOURCE_RATE_MISMATCH",
                    format!("funds.sources.{}.claimed_rate", row.id),
                    format!("项目资金 {name} 执行率（原报）"),
                    match rate {
                        Some(rate) => format!(
                            "「{name}」一行原报执行率为 {}%，按该行的全年执行数和{}计算为 {}%，{}。请改正该行执行率或金额。",
                            fmt(r),
                            ev.rules.execution_base.column().label(),
                            fmt(rate),
                            diff_text(score, rate, r)
                        ),
                        None => format!(
                            "「{name}」一行原报执行率为 {}%，但该行的全年执行数或{}为空（或为 0），无法计算执行率。请填写该行金额。",
                            fmt(r),
                            ev.rules.execution_base.column().label()
                        ),
                    },
                    score,
                    rate,
                    Some(r),
                ),
            }
        }
        if let Some(b) = row.claimed_score {
            if !claims::agree(&ev.rules, b, computed.score) {
                out.push_num(
                    "CLAIMED_SOURCE_SCORE_MISMATCH",
                    format!("funds.sources.{}.claimed_score", row.id),
                    format!("项目资金 {name} 得分（原报）"),
                    format!(
                        "「{name}」一行原报得分为 {}，按该行计算为 {}，{}。算式：{}。请改正该行得分或金额。",
                        fmt(b),
                        fmt(computed.score),
                        diff_text(score, computed.score, b),
                        computed.explanation.formula()
                    ),
                    score,
                    Some(computed.score),
                    Some(b),
                );
            }
        }
    }
    if let Some(b) = c.budget_score {
        if !claims::agree(&ev.rules, b, sc.budget.score) {
            out.push_num(
                "CLAIMED_BUDGET_SCORE_MISMATCH",
                "claimed.budget_score".into(),
                "原报数据 预算执行得分".into(),
                format!(
                    "原报预算执行得分为 {}，计算为 {}，{}。算式：{}。请改正原报得分或核对资金数据。",
                    fmt(b),
                    fmt(sc.budget.score),
                    diff_text(score, sc.budget.score, b),
                    sc.budget.explanation.formula()
                ),
                score,
                Some(sc.budget.score),
                Some(b),
            );
        }
    }
}

/// ACTUAL_HUNDREDFOLD: a quantitative row whose 实际完成值 and 年度指标值 differ by about ×100
/// with percent (or blank) units — a percentage written as a fraction on one side
/// ([`crate::numbers::hundredfold`], the check the paste preview shows too). A warning; the
/// values are scored as they are. One 三级 row, in [`check_rows`]' walk.
fn check_hundredfold(ind: &Indicator, out: &mut Out) {
    if !ind.applicable || ind.from_survey || ind.nature == IndicatorNature::Qualitative {
        return;
    }
    let (Some(target), Some(actual)) = (ind.target, ind.actual) else { return };
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

/// A 三级 row about the money (its name speaks of 资金, 金额, 预算, 经费 or 支出) whose 偏差原因
/// is written: where units of the national template, which has no column for it, explain a low
/// execution rate (issue 16, class 7: no finding asks for what the form already says).
pub fn execution_explained_in_a_row(ev: &Evaluation) -> Option<&Indicator> {
    const MONEY_WORDS: [&str; 5] = ["资金", "金额", "预算", "经费", "支出"];
    ev.indicators.iter().find(|i| {
        let explanation = i.deviation.trim();
        i.is_scored()
            && MONEY_WORDS.iter().any(|w| i.name.contains(w))
            && explanation.chars().count() >= 4
            && !matches!(explanation, "无" | "/" | "—" | "0")
    })
}

/// A sum already converted to the project's money unit, as a message states it: "371.16万元",
/// or, for a table stated in another unit, "1329120.67元（合 132.912067万元）".
fn stated_in_other_unit(ev: &Evaluation, table_unit: crate::model::MoneyUnit, in_funds_unit: Decimal) -> String {
    let funds_unit = ev.header.money_unit;
    if table_unit == funds_unit {
        format!("{}{}", Kind::Money.text(in_funds_unit), funds_unit.label())
    } else {
        let stated = funds_unit.convert(in_funds_unit, table_unit);
        let money = |v: Decimal| Kind::Money.text(v);
        format!("{}{}（合 {}{}）", money(stated), table_unit.label(), money(in_funds_unit), funds_unit.label())
    }
}
