//! 审核意见书: one submission's review as a self-contained HTML file (maud, like the report):
//! the submission's header, the unit's claimed figures against jixiao's computed ones (the
//! [`SummaryRow`] of the reviewer's table), every finding (checked strictly, as in the table)
//! and the reviewer's 审核意见 and 已审 mark. No script; the same CSP as the report.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{Submission, SummaryRow, COLUMNS};
use crate::reconcile::{Finding, Severity};

const CSS: &str = r#"
body { font-family: "SimSun", "Songti SC", serif; max-width: 52em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { text-align: center; font-size: 1.6em; letter-spacing: .2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #888; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #444; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; white-space: nowrap; }
td.num { text-align: right; }
.differs { color: #b00; font-weight: bold; }
.sev-错误 { color: #b00; } .sev-警告 { color: #a60; }
.opinion { white-space: pre-wrap; border: 1px solid #444; padding: .6em; min-height: 4em; }
.mark { margin-top: 1em; }
@media print { body { margin: 0; } }
"#;

/// The 审核意见书 of a submission, as one HTML5 document.
pub fn render(sub: &Submission) -> String {
    let row = sub.evaluation.as_ref().map(|e| SummaryRow::of(&sub.file, e));
    let findings: Vec<Finding> = sub.evaluation.as_ref().map(|e| crate::assess(e).findings).unwrap_or_default();
    let project = row.as_ref().map(|r| r.project.as_str()).filter(|p| !p.is_empty()).unwrap_or("（项目名称未填写）");
    let doc = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(crate::report::CSP);
                meta name="generator" content="jixiao";
                title { "审核意见书：" (project) }
                style { (PreEscaped(CSS)) }
            }
            body {
                h1 { "审核意见书" }
                (header(sub, row.as_ref()))
                @if let Some(row) = &row {
                    (figures(row))
                    (finding_list(&findings))
                } @else {
                    h2 { "文件无法读取" }
                    p.differs data-testid="unreadable" { (sub.error.as_deref().unwrap_or("（原因未记录）")) }
                }
                h2 { "审核意见" }
                div.opinion data-testid="opinion" {
                    @if sub.opinion.trim().is_empty() { "（未填写审核意见）" } @else { (sub.opinion) }
                }
                p.mark data-testid="reviewed" { "审核状态：" @if sub.reviewed { "已审" } @else { "未审" } }
            }
        }
    };
    doc.into_string()
}

/// The file name of a submission's 审核意见书: `审核意见书-<项目>.html` (the file's name when
/// the project has none or the file could not be read).
pub fn file_name(sub: &Submission) -> String {
    let project = sub.evaluation.as_ref().map(|e| e.header.name.trim().to_string()).unwrap_or_default();
    let base = if project.is_empty() { sub.file.trim_end_matches(".json").trim_end_matches(".jixiao").to_string() } else { project };
    let safe: String = base.chars().map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect();
    format!("审核意见书-{safe}.html")
}

fn header(sub: &Submission, row: Option<&SummaryRow>) -> Markup {
    html! {
        table.header {
            tr { th { "文件" } td { (sub.file) } }
            @if let Some(r) = row {
                tr { th { "单位" } td { (r.unit) } }
                tr { th { "项目" } td { (r.project) } }
                tr { th { "年度" } td { (r.year) } }
            }
        }
    }
}

/// 原报 against 计算, with the table's own cells ([`SummaryRow::cells`]).
fn figures(row: &SummaryRow) -> Markup {
    let c = row.cells();
    // Column indices of COLUMNS: 4 预算, 5 执行, 6 执行率, 7 原报分, 8 计算分, 9 差额, 10/11 等级.
    let blank = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    html! {
        h2 { "得分核对" }
        table.figures data-testid="figures" {
            tr { th { (COLUMNS[4]) } td.num { (blank(&c[4])) } th { (COLUMNS[5]) } td.num { (blank(&c[5])) } th { (COLUMNS[6]) } td.num { (blank(&c[6])) } }
            tr { th { "" } th { "原报" } th { "计算" } th { (COLUMNS[9]) } th colspan="2" { "" } }
            tr.score class=[row.claim_differs().then_some("differs")] {
                th { "自评分" } td.num data-testid="claimed-total" { (blank(&c[7])) } td.num data-testid="computed-total" { (blank(&c[8])) }
                td.num data-testid="difference" { (blank(&c[9])) } td colspan="2" {
                    @if row.claim_above() { "原报自评分高于计算得分" } @else if row.claim_differs() { "原报自评分与计算得分不一致" }
                }
            }
            tr.grade class=[row.grade_changed().then_some("differs")] {
                th { "等级" } td data-testid="claimed-grade" { (blank(&c[10])) } td data-testid="computed-grade" { (blank(&c[11])) }
                td colspan="3" { @if row.grade_changed() { "等级有变化" } }
            }
        }
    }
}

fn finding_list(findings: &[Finding]) -> Markup {
    let shown: Vec<&Finding> = findings.iter().filter(|f| f.severity != Severity::Info).collect();
    let count = |s: Severity| shown.iter().filter(|f| f.severity == s).count();
    html! {
        h2 { "核对发现的问题（错误 " (count(Severity::Error)) " 项，警告 " (count(Severity::Warning)) " 项）" }
        @if shown.is_empty() {
            p data-testid="no-findings" { "未发现问题。" }
        } @else {
            table.findings data-testid="findings" {
                tr { th { "序号" } th { "类别" } th { "位置" } th { "问题" } }
                @for (i, f) in shown.iter().enumerate() {
                    tr data-code=(f.code) {
                        td.num { (i + 1) }
                        td class={ "sev-" (f.severity.label()) } { (f.severity.label()) }
                        td { (f.place()) }
                        td { (f.message()) (numbers(f)) }
                    }
                }
            }
        }
    }
}

/// "（应为 X，实为 Y，差 Z）", as the app's findings list writes it.
fn numbers(f: &Finding) -> String {
    match (f.expected, f.found) {
        (Some(e), Some(x)) => format!("（应为 {e}，实为 {x}{}）", f.difference.map(|d| format!("，差 {d}")).unwrap_or_default()),
        _ => String::new(),
    }
}
