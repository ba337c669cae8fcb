//! 审核意见书: one submission's review as a self-contained HTML file (maud, like the report):
//! the submission's header, the unit's claimed figures against jixiao's computed ones (the
//! [`SummaryRow`] of the reviewer's table), every finding (checked strictly, as in the table)
//! and the reviewer's 审核意见 and 已审 mark. No script; the same CSP as the report.
//!
//! The same letter as a Word document ([`docx`]): [`document`] builds it as the report's
//! structure ([`crate::report::doc::Document`]), block for block and cell for cell what the
//! HTML shows, and the report's Word writer ([`crate::report::docx::package`]) writes it (in the
//! file-format module's worker, [`crate::worker_protocol::Request::OpinionDocx`]); a test holds
//! the two texts equal.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{Submission, SummaryRow, COLUMNS};
use crate::reconcile::{Finding, Severity};
use crate::report::doc::{Block, Cell, Document, Inline, Row, Table};

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

/// What the letter says, as the report's document structure (for Word): the same texts in the
/// same order as [`render`]'s HTML.
pub fn document(sub: &Submission) -> Document {
    let row = sub.evaluation.as_ref().map(|e| SummaryRow::of(&sub.file, e));
    let findings: Vec<Finding> = sub.evaluation.as_ref().map(|e| crate::assess(e).findings).unwrap_or_default();
    let project = row.as_ref().map(|r| r.project.as_str()).filter(|p| !p.is_empty()).unwrap_or("（项目名称未填写）");
    let table = |class: &'static str, widths: Vec<u32>, head: Vec<Row>, body: Vec<Row>| {
        Block::Table(Table { class, caption: None, widths, head, body })
    };
    let pair = |k: &str, v: &str| Row::new(vec![th(k), td(v)]);
    let mut blocks = vec![Block::Title("审核意见书".into())];
    let mut head = vec![pair("文件", &sub.file)];
    if let Some(r) = &row {
        head.extend([pair("单位", &r.unit), pair("项目", &r.project), pair("年度", &r.year)]);
    }
    blocks.push(table("opinion-header", vec![20, 80], Vec::new(), head));
    if let Some(row) = &row {
        let c = row.cells();
        let blank = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
        let score_note = if row.claim_above() {
            "原报自评分高于计算得分"
        } else if row.claim_differs() {
            "原报自评分与计算得分不一致"
        } else {
            ""
        };
        blocks.push(heading("得分核对"));
        blocks.push(table("opinion-figures", vec![16, 17, 16, 17, 17, 17], Vec::new(), vec![
            Row::new(vec![
                th(COLUMNS[4]), td(blank(&c[4])), th(COLUMNS[5]), td(blank(&c[5])),
                th(COLUMNS[6]), td(blank(&c[6])),
            ]),
            Row::new(vec![th(""), th("原报"), th("计算"), th(COLUMNS[9]), th("").colspan(2)]),
            Row::new(vec![
                th("自评分"), td(blank(&c[7])), td(blank(&c[8])), td(blank(&c[9])),
                td(score_note).colspan(2),
            ]),
            Row::new(vec![
                th("等级"), td(blank(&c[10])), td(blank(&c[11])),
                td(if row.grade_changed() { "等级有变化" } else { "" }).colspan(3),
            ]),
        ]));
        let shown: Vec<&Finding> = findings.iter().filter(|f| f.severity != Severity::Info).collect();
        let count = |s: Severity| shown.iter().filter(|f| f.severity == s).count();
        blocks.push(heading(&format!("核对发现的问题（错误 {} 项，警告 {} 项）", count(Severity::Error), count(Severity::Warning))));
        if shown.is_empty() {
            blocks.push(para("未发现问题。"));
        } else {
            let body = shown
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    Row::new(vec![
                        td((i + 1).to_string()),
                        td(f.severity.label()),
                        td(f.place()),
                        td(format!("{}{}", f.message(), numbers(f))),
                    ])
                })
                .collect();
            let head = vec![Row::new(vec![th("序号"), th("类别"), th("位置"), th("问题")])];
            blocks.push(table("opinion-findings", vec![8, 10, 30, 52], head, body));
        }
    } else {
        blocks.push(heading("文件无法读取"));
        blocks.push(para(sub.error.as_deref().unwrap_or("（原因未记录）")));
    }
    blocks.push(heading("审核意见"));
    let opinion: Vec<String> = if sub.opinion.trim().is_empty() {
        vec!["（未填写审核意见）".into()]
    } else {
        sub.opinion.lines().map(str::to_string).collect()
    };
    blocks.push(Block::Narrative { key: "opinion".into(), paras: opinion });
    blocks.push(para(&format!("审核状态：{}", if sub.reviewed { "已审" } else { "未审" })));
    Document { title: format!("审核意见书：{project}"), draft: false, blocks }
}

/// The 审核意见书 as the bytes of a .docx file (the report's Word writer).
pub fn docx(sub: &Submission) -> Result<Vec<u8>, String> {
    crate::report::docx::package(&document(sub))
}

/// The .docx letter's file name: [`file_name`] with `.docx`.
pub fn docx_file_name(sub: &Submission) -> String {
    let html = file_name(sub);
    format!("{}.docx", html.strip_suffix(".html").unwrap_or(&html))
}

// The letter's texts as the HTML shows them: unlike the report's builders (`Cell::td`,
// `Block::para`), these keep the findings' 「」 quotation marks, as the app and the HTML letter
// write them.
fn th(text: impl Into<String>) -> Cell {
    Cell { header: true, ..td(text) }
}

fn td(text: impl Into<String>) -> Cell {
    let t: String = text.into();
    Cell { content: if t.is_empty() { Vec::new() } else { vec![Inline::Text(t)] }, ..Cell::default() }
}

fn heading(text: &str) -> Block {
    Block::Heading { level: 2, class: None, text: text.to_string() }
}

fn para(text: &str) -> Block {
    Block::Para { class: None, text: text.to_string() }
}
