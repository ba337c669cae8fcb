//! 审核: a finance bureau's reviewer checks a batch of units' submissions at once (issue 19).
//!
//! Pure core: one [`SummaryRow`] per submission (what the reviewer's table, the CLI's
//! `check --summary` and the exported summary show), the filters and sort orders of that table,
//! and the [`Batch`] file that carries the submissions with the reviewer's 审核意见 and 已审 marks
//! between reloads and machines. Every figure comes from the one place that computes it
//! ([`crate::assess`], [`model::Funds::effective_total`], [`scoring::fmt_score`]); nothing is
//! recomputed here.
//!
//! A submission is checked strictly, as 全面检查 in the app: it is what the unit handed in, so a
//! required field left blank is an error (错误), not 待填写.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Evaluation, FundsColumn, Grade};
use crate::reconcile::{Finding, Severity};
use crate::scoring::fmt_score;

pub mod archive;
pub mod opinion;
pub mod xlsx;

/// One submission in the reviewer's summary table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// The file the submission came from (as the reviewer named or dropped it).
    pub file: String,
    /// 单位: the 实施单位, else the 主管部门.
    pub unit: String,
    /// 项目.
    pub project: String,
    /// 年度.
    pub year: String,
    /// 全年预算数 (the funds' effective total: the stated 年度资金总额 row, else the sources' sum).
    pub budget_full: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
    /// 执行率 in percent, as the scoring computes it.
    pub execution_rate: Option<Decimal>,
    /// 原报自评分: the total the unit reported.
    pub claimed_total: Option<Decimal>,
    /// 计算得分: jixiao's total (none while the form cannot be scored).
    pub computed_total: Option<Decimal>,
    /// 差额 = 原报自评分 − 计算得分 (positive: the unit scored itself higher).
    pub difference: Option<Decimal>,
    /// 原报等级.
    pub claimed_grade: Option<Grade>,
    /// 计算等级.
    pub computed_grade: Option<Grade>,
    /// 错误.
    pub errors: usize,
    /// 警告.
    pub warnings: usize,
    /// The most serious finding's message (the first error in the form's order, else the first
    /// warning), with its code.
    pub most_serious: Option<MostSerious>,
    /// The number of decimals scores are written with (the form's rules).
    pub decimals: u32,
}

/// The finding a reviewer reads first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MostSerious {
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

impl SummaryRow {
    /// The row of one submission: assessed strictly (every required blank is an error).
    pub fn of(file: &str, evaluation: &Evaluation) -> SummaryRow {
        let assessment = crate::assess(evaluation);
        let sc = &assessment.scorecard;
        let total = evaluation.funds.effective_total();
        let computed_total = sc.scorable.then_some(sc.total);
        let claimed_total = evaluation.claimed.total;
        let unit = [&evaluation.header.implementer, &evaluation.header.department]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or("")
            .to_string();
        SummaryRow {
            file: file.to_string(),
            unit,
            project: evaluation.header.name.trim().to_string(),
            year: evaluation.header.year.trim().to_string(),
            budget_full: total.get(FundsColumn::BudgetFull),
            executed: total.get(FundsColumn::Executed),
            execution_rate: sc.budget.rate,
            claimed_total,
            computed_total,
            difference: match (claimed_total, computed_total) {
                (Some(c), Some(t)) => Some(c - t),
                _ => None,
            },
            claimed_grade: evaluation.claimed.grade,
            computed_grade: sc.scorable.then_some(sc.grade),
            errors: count(&assessment.findings, Severity::Error),
            warnings: count(&assessment.findings, Severity::Warning),
            most_serious: most_serious(&assessment.findings),
            decimals: evaluation.rules.decimals,
        }
    }

    /// 原报自评分 ≠ 计算得分 at the form's decimals (or one of them is missing while the
    /// other is there).
    pub fn claim_differs(&self) -> bool {
        match (self.claimed_total, self.computed_total) {
            (Some(c), Some(t)) => fmt_score(c, self.decimals) != fmt_score(t, self.decimals),
            (None, None) => false,
            _ => true,
        }
    }

    /// 原报等级 ≠ 计算等级 (a grade the unit did not state counts as unchanged).
    pub fn grade_changed(&self) -> bool {
        matches!((self.claimed_grade, self.computed_grade), (Some(c), Some(t)) if c != t)
    }

    /// The cells of the row in [`COLUMNS`]' order, as the table and the CSV write them.
    pub fn cells(&self) -> Vec<String> {
        let money = |v: Option<Decimal>| v.map(|d| d.normalize().to_string()).unwrap_or_default();
        let score = |v: Option<Decimal>| v.map(|d| fmt_score(d, self.decimals)).unwrap_or_default();
        let grade = |g: Option<Grade>| g.map(|g| g.label().to_string()).unwrap_or_default();
        vec![
            self.file.clone(),
            self.unit.clone(),
            self.project.clone(),
            self.year.clone(),
            money(self.budget_full),
            money(self.executed),
            self.execution_rate.map(|r| format!("{}%", fmt_score(r, self.decimals))).unwrap_or_default(),
            score(self.claimed_total),
            score(self.computed_total),
            self.difference.map(|d| signed(d, self.decimals)).unwrap_or_default(),
            grade(self.claimed_grade),
            grade(self.computed_grade),
            self.errors.to_string(),
            self.warnings.to_string(),
            self.most_serious.as_ref().map(|m| m.message.clone()).unwrap_or_default(),
        ]
    }

    /// 原报自评分 above 计算得分 at the form's decimals: an inflated claim (a point above the
    /// diagonal of the claimed-against-computed chart).
    pub fn claim_above(&self) -> bool {
        self.claim_differs() && self.difference.is_some_and(|d| d > Decimal::ZERO)
    }

    /// Whether the row matches the reviewer's search text (in 单位, 项目 or the file name;
    /// blank matches every row).
    pub fn matches_search(&self, text: &str) -> bool {
        let t = text.trim();
        t.is_empty() || [&self.unit, &self.project, &self.file].iter().any(|s| s.contains(t))
    }
}

/// "+2.50" / "-1.00" / "0.00".
fn signed(d: Decimal, decimals: u32) -> String {
    let s = fmt_score(d, decimals);
    if d > Decimal::ZERO {
        format!("+{s}")
    } else {
        s
    }
}

fn count(findings: &[Finding], s: Severity) -> usize {
    findings.iter().filter(|f| f.severity == s).count()
}

fn most_serious(findings: &[Finding]) -> Option<MostSerious> {
    [Severity::Error, Severity::Warning].into_iter().find_map(|s| {
        findings.iter().find(|f| f.severity == s).map(|f| MostSerious {
            code: f.code.to_string(),
            severity: f.severity,
            message: f.message(),
        })
    })
}

/// The summary table's column headings, in order.
pub const COLUMNS: [&str; 15] = [
    "文件", "单位", "项目", "年度", "全年预算数", "全年执行数", "执行率", "原报自评分", "计算得分", "差额",
    "原报等级", "计算等级", "错误", "警告", "最严重的问题",
];

/// The reviewer's filters of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// 全部.
    All,
    /// 只看有错误的.
    WithErrors,
    /// 原报 ≠ 计算.
    ClaimDiffers,
    /// 等级有变化.
    GradeChanged,
}

impl Filter {
    pub const ALL: [Filter; 4] = [Filter::All, Filter::WithErrors, Filter::ClaimDiffers, Filter::GradeChanged];

    pub fn label(self) -> &'static str {
        match self {
            Filter::All => "全部",
            Filter::WithErrors => "有错误",
            Filter::ClaimDiffers => "原报得分≠计算得分",
            Filter::GradeChanged => "等级有变化",
        }
    }

    pub fn keeps(self, row: &SummaryRow) -> bool {
        match self {
            Filter::All => true,
            Filter::WithErrors => row.errors > 0,
            Filter::ClaimDiffers => row.claim_differs(),
            Filter::GradeChanged => row.grade_changed(),
        }
    }
}

/// The columns the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    File,
    Unit,
    Project,
    Year,
    BudgetFull,
    Executed,
    ExecutionRate,
    ClaimedTotal,
    ComputedTotal,
    Difference,
    Errors,
    Warnings,
}

impl SortKey {
    /// The sort key of a column of [`COLUMNS`] (the table's heading clicked), if it sorts.
    pub fn of_column(column: usize) -> Option<SortKey> {
        Some(match column {
            0 => SortKey::File,
            1 => SortKey::Unit,
            2 => SortKey::Project,
            3 => SortKey::Year,
            4 => SortKey::BudgetFull,
            5 => SortKey::Executed,
            6 => SortKey::ExecutionRate,
            7 => SortKey::ClaimedTotal,
            8 => SortKey::ComputedTotal,
            9 => SortKey::Difference,
            12 => SortKey::Errors,
            13 => SortKey::Warnings,
            _ => return None,
        })
    }
}

/// Sorts rows by `key` (blanks last in either direction; ties keep the batch's order).
pub fn sort(rows: &mut [SummaryRow], key: SortKey, descending: bool) {
    sort_by(rows, |r| r, key, descending)
}

/// [`sort`] of items that each hold a row (the page sorts `(submission index, row)` pairs).
pub fn sort_by<T>(items: &mut [T], row: impl Fn(&T) -> &SummaryRow, key: SortKey, descending: bool) {
    use std::cmp::Ordering;
    fn opt(a: Option<Decimal>, b: Option<Decimal>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => if desc { y.cmp(&x) } else { x.cmp(&y) },
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    fn ord<T: Ord>(a: T, b: T, desc: bool) -> Ordering {
        if desc { b.cmp(&a) } else { a.cmp(&b) }
    }
    items.sort_by(|a, b| {
        let (a, b) = (row(a), row(b));
        match key {
        SortKey::File => ord(&a.file, &b.file, descending),
        SortKey::Unit => ord(&a.unit, &b.unit, descending),
        SortKey::Project => ord(&a.project, &b.project, descending),
        SortKey::Year => ord(&a.year, &b.year, descending),
        SortKey::BudgetFull => opt(a.budget_full, b.budget_full, descending),
        SortKey::Executed => opt(a.executed, b.executed, descending),
        SortKey::ExecutionRate => opt(a.execution_rate, b.execution_rate, descending),
        SortKey::ClaimedTotal => opt(a.claimed_total, b.claimed_total, descending),
        SortKey::ComputedTotal => opt(a.computed_total, b.computed_total, descending),
        SortKey::Difference => opt(a.difference, b.difference, descending),
        SortKey::Errors => ord(a.errors, b.errors, descending),
        SortKey::Warnings => ord(a.warnings, b.warnings, descending),
        }
    });
}

/// The table as CSV (RFC 4180: fields with a comma, quote or line break are quoted), with a
/// UTF-8 byte order mark so that Excel opens the Chinese text right.
pub fn to_csv(rows: &[SummaryRow]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                if c.contains([',', '"', '\n', '\r']) {
                    format!("\"{}\"", c.replace('"', "\"\""))
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    out.push_str(&line(&COLUMNS.map(String::from)));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(&r.cells()));
        out.push_str("\r\n");
    }
    out
}

/// The table as aligned text for a terminal (CJK characters count two columns).
pub fn to_text(rows: &[SummaryRow]) -> String {
    let table: Vec<Vec<String>> =
        std::iter::once(COLUMNS.map(String::from).to_vec()).chain(rows.iter().map(|r| r.cells())).collect();
    let width = |s: &str| s.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum::<usize>();
    let widths: Vec<usize> =
        (0..COLUMNS.len()).map(|i| table.iter().map(|r| width(&r[i])).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in &table {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A stable fingerprint of a file's bytes (64-bit FNV-1a, hex): the same file dropped twice is
/// recognised by it. Not a security measure.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One submission of a batch: the evaluation read from the file (or why it could not be read),
/// and the reviewer's 审核意见 and 已审 mark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub file: String,
    pub fingerprint: String,
    /// The evaluation, when the file could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    /// Why the file could not be read (in Chinese), when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// 审核意见.
    #[serde(default)]
    pub opinion: String,
    /// 已审.
    #[serde(default)]
    pub reviewed: bool,
}

/// A reviewer's batch: what the 审核 page keeps in storage and saves as one batch file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Batch {
    pub format: String,
    pub submissions: Vec<Submission>,
}

/// The `format` of a batch file.
pub const BATCH_FORMAT: &str = "jixiao-review-batch/1";

/// What happened to a file added to a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Added (readable or not: a bad file is listed with its message).
    New,
    /// The same bytes are already in the batch, under this file name: not added again.
    Duplicate { existing: String },
}

impl Batch {
    pub fn new() -> Batch {
        Batch { format: BATCH_FORMAT.into(), submissions: Vec::new() }
    }

    /// Adds a file's outcome: the evaluation read from it, or the message why it could not be.
    /// The same bytes twice are recognised by their fingerprint and not added again.
    pub fn add(&mut self, file: &str, bytes: &[u8], read: Result<Evaluation, String>) -> Added {
        let fingerprint = fingerprint(bytes);
        if let Some(s) = self.submissions.iter().find(|s| s.fingerprint == fingerprint) {
            return Added::Duplicate { existing: s.file.clone() };
        }
        let (evaluation, error) = match read {
            Ok(e) => (Some(e), None),
            Err(m) => (None, Some(m)),
        };
        self.submissions.push(Submission {
            file: file.to_string(),
            fingerprint,
            evaluation,
            error,
            opinion: String::new(),
            reviewed: false,
        });
        Added::New
    }

    /// The summary rows of the readable submissions, in the batch's order, with the index of
    /// each one's submission.
    pub fn summary(&self) -> Vec<(usize, SummaryRow)> {
        self.submissions
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.evaluation.as_ref().map(|e| (i, SummaryRow::of(&s.file, e))))
            .collect()
    }

    /// The summary row of submission `index`, when it could be read (what [`Batch::summary`]
    /// lists for it; the page computes it once per file as the file is added).
    pub fn row_of(&self, index: usize) -> Option<SummaryRow> {
        let s = self.submissions.get(index)?;
        s.evaluation.as_ref().map(|e| SummaryRow::of(&s.file, e))
    }

    /// How many submissions are marked 已审.
    pub fn reviewed_count(&self) -> usize {
        self.submissions.iter().filter(|s| s.reviewed).count()
    }

    /// The batch as the browser stores it: the batch file without its indentation (one member
    /// per line; the same content as [`Batch::to_json`], read back by [`Batch::from_json`]).
    pub fn to_stored_json(&self) -> String {
        self.write_json(b"")
    }

    /// The batch file's text (JSON; decimals as strings, as in draft files).
    pub fn to_json(&self) -> String {
        self.write_json(b"  ")
    }

    /// Both writers through the draft writer's serializer type, and [`Batch::from_json`] through
    /// the draft reader's deserializer type: the model's `Serialize` and `Deserialize` are then
    /// compiled once in the web app, not once more for the batch (tens of KB of wasm each; see
    /// `draft::write_json`).
    fn write_json(&self, indent: &[u8]) -> String {
        let mut out = Vec::with_capacity(4096);
        let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(indent));
        self.serialize(&mut ser).expect("a batch always serialises");
        out.push(b'\n');
        String::from_utf8(out).expect("serde_json writes UTF-8")
    }

    /// Reads a batch file; the message says what is wrong, in Chinese.
    pub fn from_json(text: &str) -> Result<Batch, String> {
        let bad = |e: serde_json::Error| format!("不是有效的审核批次文件：第 {} 行第 {} 列附近有误（{}）", e.line(), e.column(), e);
        let mut de = serde_json::Deserializer::from_slice(text.as_bytes());
        let b = Batch::deserialize(&mut de).map_err(bad)?;
        de.end().map_err(bad)?;
        if b.format != BATCH_FORMAT {
            return Err(format!("不是 jixiao 的审核批次文件（格式为“{}”，应为“{BATCH_FORMAT}”）", b.format));
        }
        Ok(b)
    }
}

/// `value` as compact JSON bytes (what the page sends the file-format module: the summary rows
/// for [`xlsx::write`], a submission for [`opinion::docx`]), through the draft writer's
/// serializer type (see [`Batch::to_stored_json`]).
pub fn to_json_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b""));
    // Plain data with string keys: cannot fail.
    let _ = value.serialize(&mut ser);
    out
}

/// Counts of computed grades (优, 良, 中, 差) among the rows that can be scored.
pub fn grade_counts(rows: &[SummaryRow]) -> [(Grade, usize); 4] {
    [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Poor]
        .map(|g| (g, rows.iter().filter(|r| r.computed_grade == Some(g)).count()))
}

/// The width of a bin of [`score_histogram`], in points.
pub const BIN_POINTS: u32 = 5;

/// The distribution of 计算得分: how many rows fall in each 5-point bin, [0, 5), [5, 10), …,
/// [95, 100] (100 itself in the last bin; a score outside 0…100 in the nearest end bin). Rows
/// that cannot be scored are not counted.
pub fn score_histogram(rows: &[SummaryRow]) -> [usize; 20] {
    let mut bins = [0usize; 20];
    for t in rows.iter().filter_map(|r| r.computed_total) {
        let bin = (t / Decimal::from(BIN_POINTS)).floor();
        let i = if bin <= Decimal::ZERO { 0 } else { bin.to_string().parse::<usize>().unwrap_or(19).min(19) };
        bins[i] += 1;
    }
    bins
}
