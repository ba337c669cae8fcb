//! The report's tables: the 项目支出绩效自评表 in its official layout (财预〔2020〕10号 附件),
//! the score explanations, the funds' sources / uses / transfers, the survey result and the
//! findings appendix, as [`Table`]s of the report structure (merged cells, column widths).

use rust_decimal::Decimal;

use crate::model::{Evaluation, FundsColumn, FundsRow, Indicator};
use crate::reconcile::Finding;
use crate::scoring::IndicatorScore;

use super::doc::{Block, Cell, Row, Table};
use super::num;
use super::text::{actual_value, name_or, source_name, target_value, Words};

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

/// The 项目支出绩效自评表: its title and its three tables (head and funds, goals,
/// indicators), kept together.
pub fn self_assessment_form(w: &Words) -> Block {
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
    let other = (100 - first_col - label_col) / (ncols as u32 - 2);
    let mut widths = vec![first_col, label_col];
    widths.extend(std::iter::repeat_n(other, ncols - 2));
    let mut funds_head = vec![
        Cell::th("项目资金").br().text(format!("（{unit}）")).rowspan(2 + sources.len()),
        Cell::th(""),
    ];
    funds_head.extend(cols.iter().map(|c| Cell::th(c.label())));
    funds_head.extend([Cell::th("分值"), Cell::th("执行率"), Cell::th("得分")]);
    let mut funds_total = vec![Cell::th("年度资金总额")];
    funds_total.extend(cols.iter().map(|c| Cell::td(num::money_cell(totals.get(*c))).class("num")));
    funds_total.extend([
        Cell::td(num::plain(sc.budget.weight)).class("num budget-weight"),
        Cell::td(sc.budget.rate.map(|r| num::percent(r, dp)).unwrap_or_default()).class("num budget-rate"),
        Cell::td(num::score(sc.budget.score, dp)).class("num budget-score"),
    ]);
    let mut body = vec![
        Row::new(vec![
            Cell::th("项目名称").colspan(2),
            Cell::td(h.name.trim()).class("project-name").colspan(ncols - 2),
        ]),
        Row::new(vec![
            Cell::th("主管部门").colspan(2),
            Cell::td(h.department.trim()).colspan(dept_span),
            Cell::th("实施单位").colspan(2),
            Cell::td(h.implementer.trim()).colspan(impl_span),
        ]),
        Row::new(funds_head).class("funds-head"),
        Row::new(funds_total).class("funds-total"),
    ];
    for (n, row) in sources.iter().enumerate() {
        let label = format!("{}{}", if n == 0 { "其中：" } else { "" }, source_name(row));
        let mut cells = vec![Cell::th(label).class("row-label")];
        cells.extend(cols.iter().map(|c| Cell::td(num::money_cell(row.amounts.get(*c))).class("num")));
        cells.extend([
            Cell::td("—").class("num"),
            Cell::td(row_rate(ev, row).map(|r| num::percent(r, dp)).unwrap_or_default()).class("num"),
            Cell::td("—").class("num"),
        ]);
        body.push(Row::new(cells).class("funds-source"));
    }
    let head_table = Table {
        class: "form form-head",
        widths,
        body,
        ..Table::default()
    };
    let goals_table = Table {
        class: "form form-goals",
        widths: vec![first_col, 44, 44],
        body: vec![
            Row::new(vec![
                Cell::th("年度").br().text("总体目标").rowspan(2),
                Cell::th("预期目标"),
                Cell::th("实际完成情况"),
            ]),
            Row::new(vec![
                Cell::td("").class("text goal-annual").lines(&ev.goals.annual),
                Cell::td("").class("text goal-achieved").lines(&ev.goals.achieved),
            ]),
        ],
        ..Table::default()
    };
    Block::Form {
        id: "self-assessment-form",
        blocks: vec![
            Block::para(Some("form-title"), "项目支出绩效自评表"),
            Block::para(Some("form-subtitle"), format!("（{}年度）", name_or(&h.year, "    "))),
            Block::Table(head_table),
            Block::Table(goals_table),
            Block::Table(indicator_table(w)),
        ],
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
fn indicator_table(w: &Words) -> Table {
    let ev = w.ev;
    let sc = w.sc;
    let dp = w.dp();
    let inds = &ev.indicators;
    let scores = sc.by_position(ev);
    let rows = display_rows(inds);
    let mut body = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let mut cells = Vec::new();
        if starts(&rows, r, |x| x.l1) {
            let name = row.l1.map(|i| inds[i].name.trim()).unwrap_or_default();
            cells.push(Cell::td(name).class("level1").rowspan(span(&rows, r, |x| x.l1)));
        }
        if starts(&rows, r, |x| x.l2) {
            let name = row.l2.map(|i| inds[i].name.trim()).unwrap_or_default();
            cells.push(Cell::td(name).class("level2").rowspan(span(&rows, r, |x| x.l2)));
        }
        match row.own {
            Some(i) => cells.extend(indicator_cells(&inds[i], scores[i], dp)),
            None => cells.extend([
                Cell::td(""),
                Cell::td(""),
                Cell::td(""),
                Cell::td("").class("num"),
                Cell::td("").class("num"),
                Cell::td(""),
            ]),
        }
        body.push(Row {
            class: Some("indicator"),
            data_id: row.own.map(|i| inds[i].id.clone()),
            ..Row::new(cells)
        });
    }
    let (total, grade) = if sc.scorable {
        (num::score(sc.total, dp), sc.grade.label())
    } else {
        // No 0.00 nor 差 for a form that cannot be scored yet.
        ("—".to_string(), super::text::NOT_GRADED)
    };
    body.push(
        Row::new(vec![
            Cell::th("总分").colspan(5),
            Cell::td(num::plain(sc.max_total)).class("num total-max"),
            Cell::td(total).class("num total-score"),
            Cell::td("等级：").class("total-grade").span("grade", grade),
        ])
        .class("total-row"),
    );
    if let Some(r) = &sc.rescale {
        body.push(
            Row::new(vec![Cell::td(format!("{}：{}", r.rule(), r.formula())).colspan(8)])
                .class("rescale-row"),
        );
    }
    let head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"];
    Table {
        class: "form form-indicators",
        caption: None,
        widths: vec![8, 8, 14, 14, 17, 7, 9, 23],
        head: vec![Row::new(head.iter().map(|h| Cell::th(*h)).collect())],
        body,
    }
}

fn indicator_cells(ind: &Indicator, score: Option<&IndicatorScore>, dp: u32) -> Vec<Cell> {
    let weight = ind.weight.map(num::plain).unwrap_or_default();
    match score {
        Some(s) => {
            let score = if s.dropped {
                Cell::td("不适用")
            } else if s.manual {
                Cell::td(num::score(s.score, dp)).br().span("manual", "（人工评分）")
            } else {
                Cell::td(num::score(s.score, dp))
            };
            let mut deviation = Cell::td("").class("text deviation");
            if s.manual {
                if let Some(m) = &ind.manual {
                    deviation = deviation.text("评分理由：").text(name_or(&m.reason, "（未填写）"));
                    if !ind.deviation.trim().is_empty() {
                        deviation = deviation.br();
                    }
                }
            }
            vec![
                Cell::td(ind.name.trim()).class("level3"),
                value_with_note(Cell::td("").class("target"), target_value(ind)),
                value_with_note(Cell::td("").class("actual"), actual_value(ind, s, dp)),
                Cell::td(weight).class("num weight"),
                score.class("num score"),
                deviation.lines(&ind.deviation),
            ]
        }
        None => vec![
            Cell::td(ind.name.trim()).class("level3"),
            value_with_note(Cell::td("").class("target"), target_value(ind)),
            Cell::td("").class("actual"),
            Cell::td(weight).class("num weight"),
            Cell::td("—").class("num score"),
            Cell::td("").class("text deviation").lines(&ind.deviation),
        ],
    }
}

/// A value with its note below it in small type.
fn value_with_note(cell: Cell, (value, note): (String, Option<String>)) -> Cell {
    let cell = cell.text(value);
    match note {
        Some(n) => cell.br().span("note", n),
        None => cell,
    }
}

/// 评分说明: the rule and the arithmetic of every score.
pub fn explanations(w: &Words) -> Table {
    let ev = w.ev;
    let sc = w.sc;
    let dp = w.dp();
    let scored: Vec<&Indicator> = ev.indicators.iter().filter(|i| i.is_scored()).collect();
    let mut body = vec![Row::new(vec![
        Cell::td("预算执行率"),
        Cell::td(num::score(sc.budget.score, dp)).class("num"),
        Cell::td(sc.budget.explanation.rule()),
        Cell::td(sc.budget.explanation.formula()),
    ])];
    for (ind, s) in scored.iter().zip(sc.indicators.iter()) {
        body.push(Row::new(vec![
            Cell::td(name_or(&ind.name, "（未命名指标）")),
            Cell::td(if s.dropped { "不适用".to_string() } else { num::score(s.score, dp) }).class("num"),
            Cell::td(s.explanation.rule()),
            Cell::td(s.explanation.formula()),
        ]));
    }
    if let Some(r) = &sc.rescale {
        body.push(Row::new(vec![
            Cell::td("总分折算"),
            Cell::td(num::score(sc.total, dp)).class("num"),
            Cell::td(r.rule()),
            Cell::td(r.formula()),
        ]));
    }
    Table {
        class: "explanations",
        caption: None,
        widths: vec![22, 10, 30, 38],
        head: vec![Row::new(["项目", "得分", "计分规则", "计算过程"].iter().map(|h| Cell::th(*h)).collect())],
        body,
    }
}

/// 资金来源表.
pub fn sources_table(w: &Words) -> Table {
    let ev = w.ev;
    let totals = w.totals();
    let mut head = vec![Cell::th("资金来源")];
    head.extend(FundsColumn::ALL.iter().map(|c| Cell::th(c.label())));
    let mut body: Vec<Row> = ev
        .funds
        .sources
        .iter()
        .map(|row| {
            let mut cells = vec![Cell::td(source_name(row))];
            cells.extend(FundsColumn::ALL.iter().map(|c| Cell::td(num::money_cell(row.amounts.get(*c))).class("num")));
            Row::new(cells)
        })
        .collect();
    let mut sum = vec![Cell::th("年度资金总额")];
    sum.extend(FundsColumn::ALL.iter().map(|c| Cell::td(num::money_cell(totals.get(*c))).class("num")));
    body.push(Row::new(sum).class("sum-row"));
    let mut widths = vec![28];
    widths.extend(FundsColumn::ALL.iter().map(|_| 18));
    Table {
        class: "funds-sources",
        caption: Some(format!("资金来源（{}）", w.unit())),
        widths,
        head: vec![Row::new(head)],
        body,
    }
}

/// A two-column list with its sum (uses, transfers); none when the list is empty.
fn list_table(
    class: &'static str,
    caption: String,
    first: &str,
    rows: Vec<(String, Option<Decimal>)>,
    sum: Option<Decimal>,
) -> Option<Table> {
    if rows.is_empty() {
        return None;
    }
    let mut body: Vec<Row> = rows
        .into_iter()
        .map(|(name, amount)| Row::new(vec![Cell::td(name), Cell::td(num::money_cell(amount)).class("num")]))
        .collect();
    body.push(Row::new(vec![Cell::th("合计"), Cell::td(num::money_cell(sum)).class("num")]).class("sum-row"));
    Some(Table {
        class,
        caption: Some(caption),
        widths: vec![70, 30],
        head: vec![Row::new(vec![Cell::th(first), Cell::th("金额")])],
        body,
    })
}

/// 资金使用情况表 (none without uses).
pub fn uses_table(w: &Words) -> Option<Table> {
    let funds = &w.ev.funds;
    list_table(
        "funds-uses",
        format!("资金使用情况（{}）", w.ev.uses_unit().label()),
        "用途",
        funds.uses.iter().map(|u| (u.purpose.trim().to_string(), u.amount)).collect(),
        funds.uses_sum(),
    )
}

/// 资金拨付表 (none without transfers).
pub fn transfers_table(w: &Words) -> Option<Table> {
    let funds = &w.ev.funds;
    list_table(
        "funds-transfers",
        format!("资金拨付情况（{}）", w.ev.transfers_unit().label()),
        "拨入账户",
        funds.transfers.iter().map(|t| (t.account.trim().to_string(), t.amount)).collect(),
        funds.transfers_sum(),
    )
}

/// 满意度调查结果表 (none without options).
pub fn survey_table(w: &Words) -> Option<Table> {
    let s = &w.ev.survey;
    let dp = w.dp();
    if s.options.is_empty() {
        return None;
    }
    let mut body: Vec<Row> = s
        .options
        .iter()
        .map(|o| {
            Row::new(vec![
                Cell::td(o.label.trim()),
                Cell::td(o.count.map(num::plain).unwrap_or_default()).class("num"),
                Cell::td(if o.satisfied { "是" } else { "否" }).class("center"),
            ])
            .class("survey-option")
        })
        .collect();
    body.push(
        Row::new(vec![
            Cell::th("发放问卷 / 有效样本"),
            Cell::td(format!(
                "{} / {}",
                s.distributed.map(num::plain).unwrap_or_default(),
                s.valid.map(num::plain).unwrap_or_default()
            ))
            .class("num")
            .colspan(2),
        ])
        .class("sum-row"),
    );
    body.push(
        Row::new(vec![
            Cell::th("满意人数"),
            Cell::td(num::plain(s.satisfied_count())).class("num").colspan(2),
        ])
        .class("sum-row"),
    );
    let rate = match w.satisfaction() {
        Some(r) => num::percent(r, dp),
        None => "无法计算".to_string(),
    };
    body.push(
        Row::new(vec![
            Cell::th("满意率（满意人数 ÷ 有效样本数）"),
            Cell::td(rate).class("num satisfaction-rate").colspan(2),
        ])
        .class("sum-row satisfaction"),
    );
    Some(Table {
        class: "survey",
        caption: Some("满意度调查结果".into()),
        widths: vec![50, 25, 25],
        head: vec![Row::new(vec![Cell::th("选项"), Cell::th("份数"), Cell::th("计为满意")])],
        body,
    })
}

/// 附录: the unresolved findings.
pub fn findings_table(findings: &[Finding]) -> Table {
    let opt = |v: Option<Decimal>| v.map(num::stated).unwrap_or_default();
    let body = findings
        .iter()
        .enumerate()
        .map(|(n, f)| Row {
            class: Some("finding"),
            data_code: Some(f.code.to_string()),
            ..Row::new(vec![
                Cell::td((n + 1).to_string()).class("num"),
                Cell::td(f.severity.label()),
                Cell::td(f.place()),
                Cell::td(f.message()),
                Cell::td(opt(f.expected)).class("num"),
                Cell::td(opt(f.found)).class("num"),
                Cell::td(opt(f.difference)).class("num"),
            ])
        })
        .collect();
    Table {
        class: "findings",
        caption: None,
        widths: vec![6, 7, 18, 36, 11, 11, 11],
        head: vec![Row::new(
            ["序号", "类别", "位置", "问题", "应为", "实为", "差额"].iter().map(|h| Cell::th(*h)).collect(),
        )],
        body,
    }
}
