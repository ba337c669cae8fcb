//! The report's tables: the 项目支出绩效自评表 in its official layout (财预〔2020〕10号 附件),
//! the score explanations, the funds' sources / uses / transfers, the survey result and the
//! findings appendix.
//!
//! Tables are real `<table>` elements with simple attributes (border, cellpadding, width) so
//! that Word and WPS keep them as tables; CSS does the rest. Every cell's text is escaped by
//! maud.

use maud::{html, Markup};
use rust_decimal::Decimal;

use crate::model::{Evaluation, FundsColumn, FundsRow, Indicator};
use crate::reconcile::Finding;
use crate::scoring::IndicatorScore;

use super::num;
use super::text::{actual_value, name_or, paragraphs, source_name, target_value, Words};

/// Lines of a free text, separated by `<br>`.
pub fn lines(text: &str) -> Markup {
    let ps = paragraphs(text);
    html! {
        @for (n, p) in ps.iter().enumerate() {
            @if n > 0 { br; }
            (p)
        }
    }
}

/// The columns of the money block: the official three, plus 实际到位资金 when it is the
/// execution rate's base (then the form must show the figure the rate divides by).
pub(crate) fn money_columns(ev: &Evaluation) -> Vec<FundsColumn> {
    let base = ev.rules.execution_base.column();
    let mut cols = vec![FundsColumn::BudgetInitial, FundsColumn::BudgetFull];
    if base == FundsColumn::Received {
        cols.push(FundsColumn::Received);
    }
    cols.push(FundsColumn::Executed);
    cols
}

/// The 执行率 of one source row ([`crate::scoring::score_source`]; the workbook export shows
/// it too).
pub(crate) fn row_rate(ev: &Evaluation, row: &FundsRow) -> Option<Decimal> {
    crate::scoring::score_source(ev, row).rate
}

/// The 项目支出绩效自评表.
pub fn self_assessment_form(w: &Words) -> Markup {
    let ev = w.ev;
    let sc = w.sc;
    let dp = w.dp();
    let h = &ev.header;
    let unit = w.unit();
    let cols = money_columns(ev);
    let ncols = 2 + cols.len() + 3;
    let rest = ncols - 4;
    let dept_span = rest / 2;
    let impl_span = rest - dept_span;
    let totals = w.totals();
    let sources = &ev.funds.sources;
    let first_col = 12u32;
    let label_col = 18u32;
    let other = (100 - first_col - label_col) as usize / (ncols - 2);
    html! {
        div.form #self-assessment-form {
            p.form-title { "项目支出绩效自评表" }
            p.form-subtitle {
                "（" (name_or(&h.year, "    ")) "年度）"
            }
            table.form.form-head border="1" cellpadding="4" cellspacing="0" width="100%" {
                colgroup {
                    col width=(format!("{first_col}%")) style=(format!("width:{first_col}%"));
                    col width=(format!("{label_col}%")) style=(format!("width:{label_col}%"));
                    @for _ in 2..ncols { col width=(format!("{other}%")) style=(format!("width:{other}%")); }
                }
                tbody {
                    tr {
                        th colspan="2" { "项目名称" }
                        td.project-name colspan=(ncols - 2) { (h.name.trim()) }
                    }
                    tr {
                        th colspan="2" { "主管部门" }
                        td colspan=(dept_span) { (h.department.trim()) }
                        th colspan="2" { "实施单位" }
                        td colspan=(impl_span) { (h.implementer.trim()) }
                    }
                    tr.funds-head {
                        th rowspan=(2 + sources.len()) { "项目资金" br; "（" (unit) "）" }
                        th {}
                        @for c in &cols { th { (c.label()) } }
                        th { "分值" }
                        th { "执行率" }
                        th { "得分" }
                    }
                    tr.funds-total {
                        th { "年度资金总额" }
                        @for c in &cols { td.num { (num::money_cell(totals.get(*c))) } }
                        td.num.budget-weight { (num::plain(sc.budget.weight)) }
                        td.num.budget-rate {
                            @if let Some(r) = sc.budget.rate { (num::percent(r, dp)) }
                        }
                        td.num.budget-score { (num::score(sc.budget.score, dp)) }
                    }
                    @for (n, row) in sources.iter().enumerate() {
                        tr.funds-source {
                            th.row-label {
                                @if n == 0 { "其中：" }
                                (source_name(row))
                            }
                            @for c in &cols { td.num { (num::money_cell(row.amounts.get(*c))) } }
                            td.num { "—" }
                            td.num {
                                @if let Some(r) = row_rate(ev, row) { (num::percent(r, dp)) }
                            }
                            td.num { "—" }
                        }
                    }
                }
            }
            table.form.form-goals border="1" cellpadding="4" cellspacing="0" width="100%" {
                colgroup {
                    col width=(format!("{first_col}%")) style=(format!("width:{first_col}%"));
                    col width="44%" style="width:44%";
                    col width="44%" style="width:44%";
                }
                tbody {
                    tr {
                        th rowspan="2" { "年度" br; "总体目标" }
                        th { "预期目标" }
                        th { "实际完成情况" }
                    }
                    tr {
                        td.text.goal-annual { (lines(&ev.goals.annual)) }
                        td.text.goal-achieved { (lines(&ev.goals.achieved)) }
                    }
                }
            }
            (indicator_table(w))
        }
    }
}

/// One displayed row of the indicator table: the 一级 / 二级 heading rows it sits under and
/// its own row (a heading without any row below is shown on a row of its own). The workbook
/// export lays its rows out the same way.
#[derive(Clone, Copy)]
pub(crate) struct DisplayRow {
    pub(crate) l1: Option<usize>,
    pub(crate) l2: Option<usize>,
    pub(crate) own: Option<usize>,
}

pub(crate) fn display_rows(inds: &[Indicator]) -> Vec<DisplayRow> {
    let parents = crate::scoring::parents(inds);
    let mut rows = Vec::new();
    for (i, ind) in inds.iter().enumerate() {
        match ind.level {
            1 => {
                let has_child = inds[i + 1..]
                    .iter()
                    .take_while(|x| x.level != 1)
                    .next()
                    .is_some();
                if !has_child {
                    rows.push(DisplayRow { l1: Some(i), l2: None, own: None });
                }
            }
            2 => {
                let has_child = inds[i + 1..]
                    .iter()
                    .take_while(|x| x.level != 1 && x.level != 2)
                    .next()
                    .is_some();
                if !has_child {
                    rows.push(DisplayRow { l1: parents[i].0, l2: Some(i), own: None });
                }
            }
            _ => {
                let (l1, l2) = parents[i];
                rows.push(DisplayRow { l1, l2, own: Some(i) });
            }
        }
    }
    rows
}

/// How many rows from `start` share the same `Some` key.
pub(crate) fn span(rows: &[DisplayRow], start: usize, key: impl Fn(&DisplayRow) -> Option<usize>) -> usize {
    let k = key(&rows[start]);
    if k.is_none() {
        return 1;
    }
    rows[start..].iter().take_while(|r| key(r) == k).count()
}

pub(crate) fn starts(rows: &[DisplayRow], at: usize, key: impl Fn(&DisplayRow) -> Option<usize>) -> bool {
    at == 0 || key(&rows[at]).is_none() || key(&rows[at - 1]) != key(&rows[at])
}

/// The indicator block with the total row.
fn indicator_table(w: &Words) -> Markup {
    let ev = w.ev;
    let sc = w.sc;
    let dp = w.dp();
    let inds = &ev.indicators;
    // Scores by position (ids may repeat in a bad draft; positions cannot).
    let mut scores: Vec<Option<&IndicatorScore>> = vec![None; inds.len()];
    let mut k = 0;
    for (i, ind) in inds.iter().enumerate() {
        if ind.is_scored() {
            scores[i] = sc.indicators.get(k);
            k += 1;
        }
    }
    let rows = display_rows(inds);
    html! {
        table.form.form-indicators border="1" cellpadding="4" cellspacing="0" width="100%" {
            colgroup {
                col width="8%" style="width:8%";
                col width="8%" style="width:8%";
                col width="14%" style="width:14%";
                col width="14%" style="width:14%";
                col width="17%" style="width:17%";
                col width="6%" style="width:6%";
                col width="9%" style="width:9%";
                col width="24%" style="width:24%";
            }
            thead {
                tr {
                    th { "一级指标" }
                    th { "二级指标" }
                    th { "三级指标" }
                    th { "年度指标值" }
                    th { "实际完成值" }
                    th { "分值" }
                    th { "得分" }
                    th { "偏差原因分析及改进措施" }
                }
            }
            tbody {
                @for (r, row) in rows.iter().enumerate() {
                    tr.indicator data-id=[row.own.map(|i| inds[i].id.as_str())] {
                        @if starts(&rows, r, |x| x.l1) {
                            td.level1 rowspan=(span(&rows, r, |x| x.l1)) {
                                @if let Some(i) = row.l1 { (inds[i].name.trim()) }
                            }
                        }
                        @if starts(&rows, r, |x| x.l2) {
                            td.level2 rowspan=(span(&rows, r, |x| x.l2)) {
                                @if let Some(i) = row.l2 { (inds[i].name.trim()) }
                            }
                        }
                        @match row.own {
                            Some(i) => (indicator_cells(&inds[i], scores[i], dp)),
                            None => { td {} td {} td {} td.num {} td.num {} td {} },
                        }
                    }
                }
                tr.total-row {
                    th colspan="5" { "总分" }
                    td.num.total-max { (num::plain(sc.max_total)) }
                    @if sc.scorable {
                        td.num.total-score { (num::score(sc.total, dp)) }
                        td.total-grade { "等级：" span.grade { (sc.grade.label()) } }
                    } @else {
                        // No 0.00 nor 差 for a form that cannot be scored yet.
                        td.num.total-score { "—" }
                        td.total-grade { "等级：" span.grade { (super::text::NOT_GRADED) } }
                    }
                }
                @if let Some(r) = &sc.rescale {
                    tr.rescale-row {
                        td colspan="8" { (r.rule()) "：" (r.formula()) }
                    }
                }
            }
        }
    }
}

fn indicator_cells(ind: &Indicator, score: Option<&IndicatorScore>, dp: u32) -> Markup {
    html! {
        td.level3 { (ind.name.trim()) }
        @match score {
            Some(s) => {
                td.target { (value_with_note(target_value(ind))) }
                td.actual { (value_with_note(actual_value(ind, s, dp))) }
                td.num.weight { @if let Some(wt) = ind.weight { (num::plain(wt)) } }
                td.num.score {
                    @if s.dropped {
                        "不适用"
                    } @else {
                        (num::score(s.score, dp))
                        @if s.manual { br; span.manual { "（人工评分）" } }
                    }
                }
                td.text.deviation {
                    @if s.manual {
                        @if let Some(m) = &ind.manual {
                            "评分理由：" (name_or(&m.reason, "（未填写）"))
                            @if !ind.deviation.trim().is_empty() { br; }
                        }
                    }
                    (lines(&ind.deviation))
                }
            }
            None => {
                td.target { (value_with_note(target_value(ind))) }
                td.actual {}
                td.num.weight { @if let Some(wt) = ind.weight { (num::plain(wt)) } }
                td.num.score { "—" }
                td.text.deviation { (lines(&ind.deviation)) }
            }
        }
    }
}

/// A value with its note below it in small type.
fn value_with_note((value, note): (String, Option<String>)) -> Markup {
    html! {
        (value)
        @if let Some(n) = note { br; span.note { (n) } }
    }
}

/// 评分说明: the rule and the arithmetic of every score.
pub fn explanations(w: &Words) -> Markup {
    let ev = w.ev;
    let sc = w.sc;
    let dp = w.dp();
    let scored: Vec<&Indicator> = ev.indicators.iter().filter(|i| i.is_scored()).collect();
    html! {
        table.explanations border="1" cellpadding="4" cellspacing="0" width="100%" {
            colgroup {
                col width="22%" style="width:22%";
                col width="10%" style="width:10%";
                col width="30%" style="width:30%";
                col width="38%" style="width:38%";
            }
            thead {
                tr { th { "项目" } th { "得分" } th { "计分规则" } th { "计算过程" } }
            }
            tbody {
                tr {
                    td { "预算执行率" }
                    td.num { (num::score(sc.budget.score, dp)) }
                    td { (sc.budget.explanation.rule()) }
                    td { (sc.budget.explanation.formula()) }
                }
                @for (ind, s) in scored.iter().zip(sc.indicators.iter()) {
                    tr {
                        td { (name_or(&ind.name, "（未命名指标）")) }
                        td.num { @if s.dropped { "不适用" } @else { (num::score(s.score, dp)) } }
                        td { (s.explanation.rule()) }
                        td { (s.explanation.formula()) }
                    }
                }
                @if let Some(r) = &sc.rescale {
                    tr {
                        td { "总分折算" }
                        td.num { (num::score(sc.total, dp)) }
                        td { (r.rule()) }
                        td { (r.formula()) }
                    }
                }
            }
        }
    }
}

/// 资金来源表.
pub fn sources_table(w: &Words) -> Markup {
    let ev = w.ev;
    let totals = w.totals();
    html! {
        table.funds-sources border="1" cellpadding="4" cellspacing="0" width="100%" {
            caption { "资金来源（" (w.unit()) "）" }
            colgroup {
                col width="28%" style="width:28%";
                @for _ in FundsColumn::ALL { col width="18%" style="width:18%"; }
            }
            thead {
                tr {
                    th { "资金来源" }
                    @for c in FundsColumn::ALL { th { (c.label()) } }
                }
            }
            tbody {
                @for row in &ev.funds.sources {
                    tr {
                        td { (source_name(row)) }
                        @for c in FundsColumn::ALL { td.num { (num::money_cell(row.amounts.get(c))) } }
                    }
                }
                tr.sum-row {
                    th { "年度资金总额" }
                    @for c in FundsColumn::ALL { td.num { (num::money_cell(totals.get(c))) } }
                }
            }
        }
    }
}

/// 资金使用情况表.
pub fn uses_table(w: &Words) -> Markup {
    let funds = &w.ev.funds;
    html! {
        @if !funds.uses.is_empty() {
            table.funds-uses border="1" cellpadding="4" cellspacing="0" width="100%" {
                caption { "资金使用情况（" (w.ev.uses_unit().label()) "）" }
                colgroup { col width="70%" style="width:70%"; col width="30%" style="width:30%"; }
                thead { tr { th { "用途" } th { "金额" } } }
                tbody {
                    @for u in &funds.uses {
                        tr { td { (u.purpose.trim()) } td.num { (num::money_cell(u.amount)) } }
                    }
                    tr.sum-row { th { "合计" } td.num { (num::money_cell(funds.uses_sum())) } }
                }
            }
        }
    }
}

/// 资金拨付表.
pub fn transfers_table(w: &Words) -> Markup {
    let funds = &w.ev.funds;
    html! {
        @if !funds.transfers.is_empty() {
            table.funds-transfers border="1" cellpadding="4" cellspacing="0" width="100%" {
                caption { "资金拨付情况（" (w.ev.transfers_unit().label()) "）" }
                colgroup { col width="70%" style="width:70%"; col width="30%" style="width:30%"; }
                thead { tr { th { "拨入账户" } th { "金额" } } }
                tbody {
                    @for t in &funds.transfers {
                        tr { td { (t.account.trim()) } td.num { (num::money_cell(t.amount)) } }
                    }
                    tr.sum-row { th { "合计" } td.num { (num::money_cell(funds.transfers_sum())) } }
                }
            }
        }
    }
}

/// 满意度调查结果表.
pub fn survey_table(w: &Words) -> Markup {
    let s = &w.ev.survey;
    let dp = w.dp();
    html! {
        @if !s.options.is_empty() {
            table.survey border="1" cellpadding="4" cellspacing="0" width="100%" {
                caption { "满意度调查结果" }
                colgroup { col width="50%" style="width:50%"; col width="25%" style="width:25%"; col width="25%" style="width:25%"; }
                thead { tr { th { "选项" } th { "份数" } th { "计为满意" } } }
                tbody {
                    @for o in &s.options {
                        tr.survey-option {
                            td { (o.label.trim()) }
                            td.num { @if let Some(c) = o.count { (num::plain(c)) } }
                            td.center { @if o.satisfied { "是" } @else { "否" } }
                        }
                    }
                    tr.sum-row {
                        th { "发放问卷 / 有效样本" }
                        td.num colspan="2" {
                            (s.distributed.map(num::plain).unwrap_or_default())
                            " / "
                            (s.valid.map(num::plain).unwrap_or_default())
                        }
                    }
                    tr.sum-row {
                        th { "满意人数" }
                        td.num colspan="2" { (num::plain(s.satisfied_count())) }
                    }
                    tr.sum-row.satisfaction {
                        th { "满意率（满意人数 ÷ 有效样本数）" }
                        td.num.satisfaction-rate colspan="2" {
                            @match w.satisfaction() {
                                Some(r) => (num::percent(r, dp)),
                                None => "无法计算",
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 附录: the unresolved findings.
pub fn findings_table(findings: &[Finding]) -> Markup {
    let opt = |v: Option<Decimal>| v.map(num::stated).unwrap_or_default();
    html! {
        table.findings border="1" cellpadding="4" cellspacing="0" width="100%" {
            colgroup {
                col width="5%" style="width:5%";
                col width="7%" style="width:7%";
                col width="18%" style="width:18%";
                col width="37%" style="width:37%";
                col width="11%" style="width:11%";
                col width="11%" style="width:11%";
                col width="11%" style="width:11%";
            }
            thead {
                tr {
                    th { "序号" } th { "类别" } th { "位置" } th { "问题" }
                    th { "应为" } th { "实为" } th { "差额" }
                }
            }
            tbody {
                @for (n, f) in findings.iter().enumerate() {
                    tr.finding data-code=(f.code) {
                        td.num { (n + 1) }
                        td { (f.severity.label()) }
                        td { (f.place()) }
                        td { (f.message()) }
                        td.num { (opt(f.expected)) }
                        td.num { (opt(f.found)) }
                        td.num { (opt(f.difference)) }
                    }
                }
            }
        }
    }
}
