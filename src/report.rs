//! 报告: the 项目支出绩效评价报告 as one self-contained HTML file (domain.md §5).
//!
//! [`render`] writes the whole document from a draft: title, 摘要, sections 一 to 五 with
//! the outline's sub-headings, the 项目支出绩效自评表 in its official layout with the score
//! explanations, the funds' sources / uses / transfers tables, the survey result, the
//! signature block, and — when errors remain and [`RuleSettings::draft_mark_on_errors`] is
//! set — a visible 草稿 mark and an appendix listing the unresolved findings.
//!
//! Every figure comes from the data: amounts and counts as entered, derived figures from
//! [`crate::model`] methods and every score, rate, total and grade from [`crate::assess`]
//! (nothing is recomputed here). Formatting rules: [`num`].
//!
//! The report never invents or blurs a figure (issue 16; tests/report.rs): a blank stays blank
//! (实际到位资金 is never filled in from 全年预算数; an optional part left blank is left out of
//! the text, not written as （未填写）), stated money is printed as stated (never rounded), a
//! table stated in another money unit is printed in its own, and a report with no error holds
//! no placeholder for a missing figure.
//!
//! # Safety
//!
//! The templates are maud's `html!`, which escapes every spliced value for its context;
//! no user text is ever wrapped in `PreEscaped` (the only pre-escaped text is the constant
//! stylesheet). The file carries no script, no external resource, and a
//! Content-Security-Policy `default-src 'none'; style-src 'unsafe-inline'; img-src data:`
//! ([`CSP`]), so even a browser that mis-parsed it would load and run nothing.
//!
//! # Narrative text and placeholders
//!
//! Each section's text is the user's (`evaluation.narrative`), or, when empty, a default
//! paragraph that quotes the data. The user's text may quote figures as `{名称}`:
//! - a key figure's name (`evaluation.figures`): its value as entered with its unit
//!   (`{参保人数}` → "16.80万人");
//! - the built-ins (they win over a key figure of the same name, so a score or an amount can
//!   never be stated two ways):
//!   `{项目名称}` `{年度}` `{主管部门}` `{实施单位}` `{报告日期}` `{资金单位}`,
//!   `{年初预算数}` `{全年预算数}` `{资金总额}` (= 全年预算数) `{实际到位资金}`
//!   `{全年执行数}` `{执行数}` (money with its unit, e.g. "371.16万元"),
//!   `{执行率}` ("100.00%"), `{预算执行得分}` `{预算执行分值}`, `{自评得分}` ("97.00"),
//!   `{总分}` (满分, "100"), `{等级}` ("优"), `{资金使用合计}` `{资金拨付合计}`,
//!   `{问卷发放数}` `{有效问卷数}` `{满意人数}` `{满意率}`,
//!   `{指标总数}` `{达标指标数}` `{未达标指标数}`.
//!
//! A known name without a value becomes "（名称：无数据）"; an unknown name, a lone brace or
//! `{{` stays exactly as written ([`crate::template::unknown_placeholders`] lists them for reconciliation).
//! Substitution is one pass: an inserted value is never itself substituted.
//!
//! # Print
//!
//! A4 with margins, a page break before 一 … 五 and the appendix, table headers repeated on
//! each page, rows never split, tables fixed to the page width with long words broken;
//! 仿宋 / 宋体 / 黑体 with fallbacks. Tables are real `<table>`s with `border` / `cellpadding`
//! attributes so that Word and WPS open them as tables.

pub mod docx;
pub(crate) mod form;
pub mod num;
mod style;
pub mod text;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::draft::Draft;
use crate::model::{Evaluation, NarrativeSection};
use crate::reconcile::{Finding, Severity};
use crate::scoring::Scorecard;

use text::{name_or, Words};

/// The Content-Security-Policy of every report.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// The report's title: "<项目名称>项目支出绩效评价报告".
pub fn title(evaluation: &Evaluation) -> String {
    format!(
        "{}项目支出绩效评价报告",
        name_or(&evaluation.header.name, "（项目名称未填写）")
    )
}

/// The whole report of a draft, as one self-contained HTML5 document.
pub fn render(draft: &Draft) -> String {
    let assessment = crate::assess(&draft.evaluation);
    render_assessed(&draft.evaluation, &assessment.scorecard, &assessment.findings)
}

/// The report of an evaluation already assessed (the scorecard and findings must be
/// `crate::assess(evaluation)`'s; [`render`] is the usual entry).
pub fn render_assessed(ev: &Evaluation, sc: &Scorecard, findings: &[Finding]) -> String {
    let w = Words { ev, sc };
    let errors = findings.iter().filter(|f| f.severity == Severity::Error).count();
    // What is still to fill (the editor's 待填写, `reconcile::defer_to_fill`) is unresolved too.
    let to_fill = findings.iter().filter(|f| f.severity == Severity::ToFill).count();
    let draft_mark = errors + to_fill > 0 && ev.rules.draft_mark_on_errors;
    let unresolved = match (errors, to_fill) {
        (e, 0) => format!("{e} 项错误"),
        (0, t) => format!("{t} 项待填写"),
        (e, t) => format!("{e} 项错误、{t} 项待填写"),
    };
    let title = title(ev);
    let h = &ev.header;
    let doc = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="jixiao";
                title { (title) @if draft_mark { "（草稿）" } }
                // The constant stylesheet of this crate; no user text.
                style { (PreEscaped(style::CSS)) }
            }
            body {
                @if draft_mark {
                    div.draft-mark aria-hidden="true" { "草稿" }
                    div.draft-banner #draft-banner {
                        p {
                            "草稿：本报告尚有 " (unresolved) "未解决，数据未经核对一致，不能作为正式报告报送。"
                            "问题清单见附录。"
                        }
                    }
                }
                p.annex { "附件1" }
                h1 { (title) }
                p.subtitle {
                    @if !h.year.trim().is_empty() { "（" (h.year.trim()) "年度 · " (h.kind.label()) "）" }
                    @else { "（" (h.kind.label()) "）" }
                }
                (summary(&w))
                (section_one(&w))
                (section_two(&w))
                (section_three(&w))
                (section_four(&w))
                (section_five(&w))
                (signature(ev))
                @if draft_mark { (appendix(findings)) }
            }
        }
    };
    line_breaks(&doc.into_string())
}

/// Block-level start tags that begin a new line in the file, so that the file reads (and
/// diffs) line by line. Whitespace before these is insignificant in HTML; user text cannot
/// contain a raw `<`, so only real tags match.
const NEW_LINE_BEFORE: &[&str] = &[
    "head", "meta", "title", "style", "body", "section", "div", "h1", "h2", "h3", "h4", "p",
    "table", "caption", "colgroup", "thead", "tbody", "tr",
];

fn line_breaks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let block = NEW_LINE_BEFORE.contains(&name)
            && matches!(after[name_len..].chars().next(), Some(' ') | Some('>'));
        out.push_str(&rest[..at]);
        if block && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Paragraphs of a section.
fn paras(w: &Words, section: NarrativeSection) -> Markup {
    let ps = w.section(section);
    html! {
        div.narrative data-section=(section.key()) {
            @for p in &ps { p { (p) } }
        }
    }
}

fn summary(w: &Words) -> Markup {
    use NarrativeSection::*;
    html! {
        section #summary {
            h2 { "摘要" }
            h3 { "项目概况" }
            h4 { "项目背景及目的。" }
            (paras(w, SummaryBackground))
            h4 { "项目预算收支情况。" }
            (paras(w, SummaryBudget))
            h3 { "评价结论" }
            (paras(w, SummaryConclusion))
            h3 { "经验、问题和建议" }
            h4 { "（一）主要经验及做法。" }
            (paras(w, Experience))
            h4 { "（二）存在的问题。" }
            (paras(w, Problems))
            h4 { "（三）改进措施及建议。" }
            (paras(w, Suggestions))
            (signature(w.ev))
        }
    }
}

fn section_one(w: &Words) -> Markup {
    use NarrativeSection::*;
    let goals = &w.ev.goals;
    html! {
        section #section-1 {
            h2.major { "一、项目基本情况" }
            h3 { "（一）项目概况。" }
            h4 { "1.项目背景及目的。" }
            (paras(w, Background))
            h4 { "2.项目实施情况。" }
            (paras(w, Implementation))
            h4 { "3.资金来源及使用情况。" }
            (paras(w, FundsSourcesAndUse))
            (form::sources_table(w))
            (form::uses_table(w))
            h4 { "4.项目组织及管理情况。" }
            (paras(w, Organization))
            h3 { "（二）绩效目标。" }
            h4 { "1.项目总目标。" }
            div.narrative data-section="goals.overall" {
                @for p in text::paragraphs(name_or(&goals.overall, "（未填写）")) { p { (p) } }
            }
            h4 { "2.项目年度目标。" }
            div.narrative data-section="goals.annual" {
                @for p in text::paragraphs(name_or(&goals.annual, "（未填写）")) { p { (p) } }
            }
        }
    }
}

fn section_two(w: &Words) -> Markup {
    use NarrativeSection::*;
    html! {
        section #section-2 {
            h2.major { "二、绩效评价工作情况" }
            h3 { "（一）绩效评价目的。" }
            (paras(w, EvaluationPurpose))
            h3 { "（二）绩效评价工作方案制定过程。" }
            (paras(w, EvaluationPlan))
            h3 { "（三）绩效评价原则、评价方法。" }
            (paras(w, EvaluationMethods))
            h3 { "（四）绩效评价实施过程。" }
            (paras(w, EvaluationProcess))
            (form::survey_table(w))
            h3 { "（五）本次绩效评价的局限性。" }
            (paras(w, EvaluationLimitations))
        }
    }
}

fn section_three(w: &Words) -> Markup {
    use NarrativeSection::*;
    html! {
        section #section-3 {
            h2.major { "三、评价结论和绩效分析" }
            h3 { "（一）评价结论。" }
            h4 { "1.评价结果。" }
            (paras(w, ConclusionResult))
            h4 { "2.主要绩效。" }
            (paras(w, MainPerformance))
            h3 { "（二）具体绩效分析。" }
            (paras(w, SpecificAnalysis))
            (form::self_assessment_form(w))
            h4.explanations-title { "评分说明" }
            (form::explanations(w))
        }
    }
}

fn section_four(w: &Words) -> Markup {
    use NarrativeSection::*;
    html! {
        section #section-4 {
            h2.major { "四、成本效益分析" }
            h3 { "（一）资金使用方向。" }
            (paras(w, CostDirection))
            h3 { "（二）资金收入及支出情况。" }
            (paras(w, CostIncomeExpense))
            (form::transfers_table(w))
            h3 { "（三）项目和资金管理情况。" }
            (paras(w, CostManagement))
            h3 { "（四）项目取得效果。" }
            (paras(w, CostEffects))
        }
    }
}

fn section_five(w: &Words) -> Markup {
    use NarrativeSection::*;
    html! {
        section #section-5 {
            h2.major { "五、主要经验及做法、存在的问题和建议" }
            h3 { "（一）主要经验及做法。" }
            (paras(w, Experience))
            h3 { "（二）存在的问题。" }
            (paras(w, Problems))
            h3 { "（三）改进措施及建议。" }
            (paras(w, Suggestions))
        }
    }
}

fn signature(ev: &Evaluation) -> Markup {
    let h = &ev.header;
    html! {
        div.signature {
            p.implementer { (name_or(&h.implementer, "（实施单位未填写）")) }
            p.report-date { (h.report_date.trim()) }
        }
    }
}

fn appendix(findings: &[Finding]) -> Markup {
    html! {
        section #appendix-findings {
            h2.major { "附录：未解决的问题" }
            p {
                "以下问题在生成本报告时尚未解决（错误 "
                (findings.iter().filter(|f| f.severity == Severity::Error).count())
                @if findings.iter().any(|f| f.severity == Severity::ToFill) {
                    " 项，待填写 " (findings.iter().filter(|f| f.severity == Severity::ToFill).count())
                }
                " 项，警告 "
                (findings.iter().filter(|f| f.severity == Severity::Warning).count())
                " 项）。解决全部错误后重新生成报告，草稿标记和本附录即不再出现。"
            }
            (form::findings_table(findings))
        }
    }
}

/// The report's file name: "<项目名称>绩效评价报告.html", with characters not allowed in file
/// names (`\ / : * ? " < > |` and control characters) replaced by "_", surrounding spaces
/// and dots trimmed, the name shortened to at most 80 characters, and "未命名项目" for a
/// blank name.
pub fn file_name(evaluation: &Evaluation) -> String {
    let cleaned: String = evaluation
        .header
        .name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c.is_whitespace() || c == '.');
    let short: String = trimmed.chars().take(80).collect();
    let short = short.trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    let base = if short.is_empty() || short.chars().all(|c| c == '_') {
        "未命名项目"
    } else {
        short
    };
    format!("{base}绩效评价报告.html")
}
