//! 核对 (reconciliation): every figure that can be derived from others is checked against
//! them (domain.md §4). Each disagreement is a [`Finding`] with a stable code.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::Evaluation;
use crate::scoring::Scorecard;

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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable code, e.g. "FUNDS_SOURCES_SUM"; documented in docs/findings.md.
    pub code: &'static str,
    pub severity: Severity,
    /// Field path of the field to fix (see the crate docs), e.g. "indicators.i7.actual".
    pub path: String,
    /// Where, in the form's words: "绩效指标「基础养老金养老补助发放人数」实际完成值".
    pub place: String,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
    pub expected: Option<Decimal>,
    pub found: Option<Decimal>,
    /// found − expected
    pub difference: Option<Decimal>,
}

impl Finding {
    /// The section the finding belongs to (for grouping): the first segment of its path.
    pub fn section(&self) -> &str {
        self.path.split('.').next().unwrap_or("")
    }
}

/// Runs every check. The result is sorted (severity, path, code) so it is stable under
/// reordering of the input's collections where the content is the same.
pub fn check(evaluation: &Evaluation, scorecard: &Scorecard) -> Vec<Finding> {
    let _ = (evaluation, scorecard);
    todo!("reconciliation is being written")
}
