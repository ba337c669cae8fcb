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
//! # Structure, print and Word
//!
//! [`document`] builds the report's structure ([`doc`]) once; `html.rs` renders it as this HTML
//! file and [`docx`] as a Word document, so the two say the same. Print (the stylesheet,
//! `style.rs`) and Word follow GB/T 9704-2012: A4, margins 37 / 35 / 28 / 26 mm, 仿宋 三号 on
//! 22 lines, page numbers “— N —”; no forced page breaks, table headers repeated on each page,
//! rows never split, the 自评表 kept together where it fits, tables fixed to the page width.
//! Tables are real `<table>`s with `border` / `cellpadding` attributes so that Word and WPS
//! open them as tables.

pub mod doc;
pub mod docx;
pub(crate) mod form;
mod html;
pub mod num;
mod style;
pub mod text;

pub use doc::{Block, Document};

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
    html::render(&document(ev, sc, findings))
}

/// The report's structure (what [`render`] and [`docx::write`] both render) of an evaluation
/// already assessed.
pub fn document(ev: &Evaluation, sc: &Scorecard, findings: &[Finding]) -> Document {
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
    let title = doc::quotes(&title(ev));
    let h = &ev.header;
    let mut blocks = Vec::new();
    if draft_mark {
        blocks.push(Block::DraftMark);
        blocks.push(Block::DraftBanner(format!(
            "草稿：本报告尚有 {unresolved}未解决，数据未经核对一致，不能作为正式报告报送。问题清单见附录。"
        )));
    }
    blocks.push(Block::Annex("附件1".into()));
    blocks.push(Block::Title(title.clone()));
    blocks.push(Block::Subtitle(if !h.year.trim().is_empty() {
        format!("（{}年度 · {}）", h.year.trim(), h.kind.label())
    } else {
        format!("（{}）", h.kind.label())
    }));
    blocks.extend([
        summary(&w),
        section_one(&w),
        section_two(&w),
        section_three(&w),
        section_four(&w),
        section_five(&w),
        signature(ev),
    ]);
    if draft_mark {
        blocks.push(appendix(findings));
    }
    Document { title, draft: draft_mark, blocks }
}

/// A section's paragraphs.
fn paras(w: &Words, section: NarrativeSection) -> Block {
    Block::narrative(section.key(), w.section(section))
}

fn h3(text: &str) -> Block {
    Block::heading(3, text)
}

fn h4(text: &str) -> Block {
    Block::heading(4, text)
}

fn summary(w: &Words) -> Block {
    use NarrativeSection::*;
    Block::Section {
        id: "summary",
        blocks: vec![
            Block::heading(2, "摘要"),
            h3("项目概况"),
            h4("项目背景及目的。"),
            paras(w, SummaryBackground),
            h4("项目预算收支情况。"),
            paras(w, SummaryBudget),
            h3("评价结论"),
            paras(w, SummaryConclusion),
            h3("经验、问题和建议"),
            h4("（一）主要经验及做法。"),
            paras(w, Experience),
            h4("（二）存在的问题。"),
            paras(w, Problems),
            h4("（三）改进措施及建议。"),
            paras(w, Suggestions),
            signature(w.ev),
        ],
    }
}

fn section_one(w: &Words) -> Block {
    use NarrativeSection::*;
    let goals = &w.ev.goals;
    let mut blocks = vec![
        Block::major("一、项目基本情况"),
        h3("（一）项目概况。"),
        h4("1.项目背景及目的。"),
        paras(w, Background),
        h4("2.项目实施情况。"),
        paras(w, Implementation),
        h4("3.资金来源及使用情况。"),
        paras(w, FundsSourcesAndUse),
        Block::Table(form::sources_table(w)),
    ];
    blocks.extend(form::uses_table(w).map(Block::Table));
    blocks.extend([
        h4("4.项目组织及管理情况。"),
        paras(w, Organization),
        h3("（二）绩效目标。"),
        h4("1.项目总目标。"),
        Block::narrative("goals.overall", text::paragraphs(name_or(&goals.overall, "（未填写）"))),
        h4("2.项目年度目标。"),
        Block::narrative("goals.annual", text::paragraphs(name_or(&goals.annual, "（未填写）"))),
    ]);
    Block::Section { id: "section-1", blocks }
}

fn section_two(w: &Words) -> Block {
    use NarrativeSection::*;
    let mut blocks = vec![
        Block::major("二、绩效评价工作情况"),
        h3("（一）绩效评价目的。"),
        paras(w, EvaluationPurpose),
        h3("（二）绩效评价工作方案制定过程。"),
        paras(w, EvaluationPlan),
        h3("（三）绩效评价原则、评价方法。"),
        paras(w, EvaluationMethods),
        h3("（四）绩效评价实施过程。"),
        paras(w, EvaluationProcess),
    ];
    blocks.extend(form::survey_table(w).map(Block::Table));
    blocks.extend([h3("（五）本次绩效评价的局限性。"), paras(w, EvaluationLimitations)]);
    Block::Section { id: "section-2", blocks }
}

fn section_three(w: &Words) -> Block {
    use NarrativeSection::*;
    Block::Section {
        id: "section-3",
        blocks: vec![
            Block::major("三、评价结论和绩效分析"),
            h3("（一）评价结论。"),
            h4("1.评价结果。"),
            paras(w, ConclusionResult),
            h4("2.主要绩效。"),
            paras(w, MainPerformance),
            h3("（二）具体绩效分析。"),
            paras(w, SpecificAnalysis),
            form::self_assessment_form(w),
            Block::Heading { level: 4, class: Some("explanations-title"), text: "评分说明".into() },
            Block::Table(form::explanations(w)),
        ],
    }
}

fn section_four(w: &Words) -> Block {
    use NarrativeSection::*;
    let mut blocks = vec![
        Block::major("四、成本效益分析"),
        h3("（一）资金使用方向。"),
        paras(w, CostDirection),
        h3("（二）资金收入及支出情况。"),
        paras(w, CostIncomeExpense),
    ];
    blocks.extend(form::transfers_table(w).map(Block::Table));
    blocks.extend([
        h3("（三）项目和资金管理情况。"),
        paras(w, CostManagement),
        h3("（四）项目取得效果。"),
        paras(w, CostEffects),
    ]);
    Block::Section { id: "section-4", blocks }
}

fn section_five(w: &Words) -> Block {
    use NarrativeSection::*;
    Block::Section {
        id: "section-5",
        blocks: vec![
            Block::major("五、主要经验及做法、存在的问题和建议"),
            h3("（一）主要经验及做法。"),
            paras(w, Experience),
            h3("（二）存在的问题。"),
            paras(w, Problems),
            h3("（三）改进措施及建议。"),
            paras(w, Suggestions),
        ],
    }
}

fn signature(ev: &Evaluation) -> Block {
    let h = &ev.header;
    Block::Signature {
        implementer: doc::quotes(name_or(&h.implementer, "（实施单位未填写）")),
        date: doc::quotes(h.report_date.trim()),
    }
}

fn appendix(findings: &[Finding]) -> Block {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let to_fill = if findings.iter().any(|f| f.severity == Severity::ToFill) {
        format!(" 项，待填写 {}", count(Severity::ToFill))
    } else {
        String::new()
    };
    Block::Section {
        id: "appendix-findings",
        blocks: vec![
            Block::major("附录：未解决的问题"),
            Block::para(
                None,
                format!(
                    "以下问题在生成本报告时尚未解决（错误 {}{to_fill} 项，警告 {} 项）。解决全部错误后重新生成报告，草稿标记和本附录即不再出现。",
                    count(Severity::Error),
                    count(Severity::Warning)
                ),
            ),
            Block::Table(form::findings_table(findings)),
        ],
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
