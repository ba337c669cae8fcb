//! Recognising the blocks of a 自评表 sheet by their words — the header block (项目名称 /
//! 主管部门 / 实施单位, 年度), the funds block (年初预算数 … 得分), the goals (预期目标 /
//! 实际完成情况), the indicator table (read by [`crate::indicator_table::read_table`], the
//! paste's reader), the total (总分), the grade and the closing 评价结论 / 存在问题 / 改进措施 —
//! and filling a new evaluation, with the cell every figure came from.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::grid::Grid;
use super::{Imported, Layout, ReadCell, Unrecognised};
use crate::indicator_table::{cell_text, header_column, heading_points, read_table, PasteColumn};
use crate::model::*;
use crate::numbers::parse_number;

/// A cell's words without any white space (line breaks inside a cell included).
pub fn norm(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The first cell (row-major) whose words start with one of `words`.
pub fn find_label(g: &Grid, words: &[&str]) -> Option<(usize, usize)> {
    find_label_from(g, words, 0)
}

fn find_label_from(g: &Grid, words: &[&str], from_row: usize) -> Option<(usize, usize)> {
    for r in from_row..g.rows() {
        for c in 0..g.cols() {
            let t = norm(g.get(r, c));
            if words.iter().any(|w| t.starts_with(w)) {
                return Some((r, c));
            }
        }
    }
    None
}

/// The row of the indicator table's header: a row naming both 一级指标 and 三级指标.
pub fn find_indicator_header(g: &Grid) -> Option<usize> {
    (0..g.rows()).find(|&r| {
        let cols: Vec<Option<PasteColumn>> = (0..g.cols()).map(|c| header_column(g.get(r, c))).collect();
        cols.contains(&Some(PasteColumn::Level1)) && cols.contains(&Some(PasteColumn::Level3))
    })
}

/// A column of the funds block.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FundsCol {
    Money(FundsColumn),
    Rate,
    Weight,
    Score,
}

fn funds_col(text: &str) -> Option<FundsCol> {
    let t = norm(text);
    if t.contains("执行率") {
        Some(FundsCol::Rate)
    } else if t.contains("年初预算") {
        Some(FundsCol::Money(FundsColumn::BudgetInitial))
    } else if t.contains("全年预算") || t.contains("调整后预算") {
        Some(FundsCol::Money(FundsColumn::BudgetFull))
    } else if t.contains("到位") {
        Some(FundsCol::Money(FundsColumn::Received))
    } else if t.contains("执行数") || t.contains("全年执行") {
        Some(FundsCol::Money(FundsColumn::Executed))
    } else if t.contains("分值") || t.contains("权重") {
        Some(FundsCol::Weight)
    } else if t.contains("得分") {
        Some(FundsCol::Score)
    } else {
        None
    }
}

struct FormReader<'a> {
    g: &'a Grid,
    e: Evaluation,
    read: Vec<ReadCell>,
    unrecognised: Vec<Unrecognised>,
    notes: Vec<String>,
    used: HashSet<(usize, usize)>,
}

impl FormReader<'_> {
    fn record(&mut self, path: &str, r: usize, c: usize) {
        let cell = self.g.address(r, c);
        self.read.push(ReadCell { path: path.to_string(), cell: cell.clone(), text: self.g.get(r, c).trim().to_string() });
        self.e.source_cells.insert(path.to_string(), cell);
        self.used.insert((r, c));
    }

    /// The first filled cell right of (r, c) (past the merged range it starts).
    fn right_value(&self, r: usize, c: usize) -> Option<(usize, usize)> {
        (self.g.merge_end_col(r, c) + 1..self.g.cols()).find(|&cc| !cell_text(self.g.get(r, cc)).is_empty()).map(|cc| (r, cc))
    }

    /// A figure from a cell: blank ("/" too) is none; text that is no number is kept as
    /// unreadable at `path` (an error finding) and listed.
    fn number(&mut self, path: &str, r: usize, c: usize) -> Option<Decimal> {
        let text = cell_text(self.g.get(r, c));
        if text.is_empty() {
            self.used.insert((r, c));
            return None;
        }
        self.record(path, r, c);
        match parse_number(&text) {
            Ok(p) => p.map(|p| p.value),
            Err(err) => {
                self.e.unreadable.insert(path.to_string(), text.clone());
                self.unrecognised.push(Unrecognised { cell: self.g.address(r, c), text, reason: err.to_string() });
                None
            }
        }
    }

    /// A label's text value: after a colon in the label's own cell, else the cell right of it.
    fn label_value(&mut self, words: &[&str], path: &str) -> Option<String> {
        let (r, c) = find_label(self.g, words)?;
        self.labelled_value(r, c, path)
    }

    fn labelled_value(&mut self, r: usize, c: usize, path: &str) -> Option<String> {
        self.used.insert((r, c));
        let own = self.g.get(r, c).trim();
        if let Some(p) = own.find(['：', ':']) {
            let rest = own[p..].trim_start_matches(['：', ':']).trim();
            if !rest.is_empty() {
                self.record(path, r, c);
                return Some(rest.to_string());
            }
        }
        let (vr, vc) = self.right_value(r, c)?;
        self.record(path, vr, vc);
        Some(cell_text(self.g.get(vr, vc)))
    }
}

/// Reads the 自评表 on `g` into a new evaluation.
pub fn read_form(g: &Grid) -> Imported {
    let mut f = FormReader {
        g,
        e: Evaluation::default(),
        read: Vec::new(),
        unrecognised: Vec::new(),
        notes: Vec::new(),
        used: HashSet::new(),
    };
    let funds_header = (0..g.rows()).find(|&r| (0..g.cols()).any(|c| norm(g.get(r, c)).contains("年初预算")));
    let table_header = find_indicator_header(g);
    let table_cols = table_header.map(|r| combined_header(g, r));
    let layout = detect_layout(g, funds_header, table_cols.as_ref().map(|(h, _)| h.as_slice()));
    let preset = match layout {
        Some(Layout::Sichuan) => RulePreset::TenNinety,
        Some(Layout::Yunnan) => RulePreset::Yunnan,
        _ => RulePreset::Ministry,
    };
    f.e = new_evaluation(preset);
    f.e.indicators.clear();
    f.e.funds.sources.clear();

    read_header(&mut f, funds_header);
    if let Some(r) = funds_header {
        read_funds(&mut f, r);
    }
    read_goals(&mut f);
    let mut table_end = g.rows();
    if let (Some(r), Some((header, data_from))) = (table_header, table_cols) {
        table_end = read_indicators(&mut f, r, header, data_from);
    }
    read_closing(&mut f, table_end);

    for (r, c, formula) in &g.formula_without_value {
        f.notes.push(format!(
            "{} 是公式「={formula}」，文件中没有保存它的计算结果（常见于由程序生成、未经 Excel 打开保存的文件），该数已留空；可在 Excel 或 WPS 中打开并保存后重新导入，或在 jixiao 中填写",
            g.address(*r, *c)
        ));
    }
    if table_header.is_none() {
        f.notes.push("没有找到绩效指标表（表头应有“一级指标”“三级指标”等字样），指标未导入".into());
    }
    // Every filled cell not read nor a known label is listed as not recognised.
    for r in 0..g.rows() {
        for c in 0..g.cols() {
            let t = g.get(r, c).trim();
            if cell_text(t).is_empty() || f.used.contains(&(r, c)) || is_decoration(t) {
                continue;
            }
            f.unrecognised.push(Unrecognised {
                cell: g.address(r, c),
                text: t.to_string(),
                reason: "不在已识别的区块（项目信息、资金、目标、指标表、总分与等级）中，未导入".into(),
            });
        }
    }
    f.unrecognised.sort_by_key(|u| position_key(&u.cell));
    Imported {
        evaluation: f.e,
        sheet: g.sheet.clone(),
        layout,
        read: f.read,
        unrecognised: f.unrecognised,
        notes: f.notes,
    }
}

/// Sorting key of `自评表!H12`: (row, column).
fn position_key(cell: &str) -> (usize, usize) {
    let a = cell.rsplit('!').next().unwrap_or("");
    let col: usize = a.chars().take_while(|c| c.is_ascii_uppercase()).fold(0, |n, c| n * 26 + (c as usize - 'A' as usize + 1));
    let row: usize = a.chars().skip_while(|c| c.is_ascii_uppercase()).collect::<String>().parse().unwrap_or(0);
    (row, col)
}

/// Titles and labels that carry no figure (the form's title, 单位：万元 …).
fn is_decoration(t: &str) -> bool {
    let n = norm(t);
    n.contains("绩效自评表")
        || n.contains("自评表")
        || n.starts_with("单位：")
        || n.starts_with("单位:")
        || n.starts_with("（单位")
        || n.starts_with("(单位")
        || n == "年度总体目标"
        || n == "总体目标"
        || n == "绩效指标"
        || n.starts_with("项目资金")
}

fn detect_layout(g: &Grid, funds_header: Option<usize>, table: Option<&[String]>) -> Option<Layout> {
    let funds_words: String = funds_header.map(|r| (0..g.cols()).map(|c| norm(g.get(r, c))).collect()).unwrap_or_default();
    let cols: Vec<Option<PasteColumn>> = table.unwrap_or(&[]).iter().map(|h| header_column(h)).collect();
    let table_words: String = table.unwrap_or(&[]).iter().map(|h| norm(h)).collect();
    if funds_words.contains("调整后预算") || table_words.contains("权重") {
        Some(Layout::Sichuan)
    } else if cols.contains(&Some(PasteColumn::Nature)) && cols.contains(&Some(PasteColumn::Unit)) {
        Some(Layout::Yunnan)
    } else if funds_words.contains("全年预算数")
        && [PasteColumn::Target, PasteColumn::Actual, PasteColumn::Weight, PasteColumn::Score]
            .iter()
            .all(|c| cols.contains(&Some(*c)))
    {
        Some(Layout::National2020)
    } else {
        None
    }
}

fn read_header(f: &mut FormReader, funds_header: Option<usize>) {
    if let Some(v) = f.label_value(&["项目名称"], "header.name") {
        f.e.header.name = v;
    }
    if let Some(v) = f.label_value(&["主管部门"], "header.department") {
        f.e.header.department = v;
    }
    if let Some(v) = f.label_value(&["实施单位"], "header.implementer") {
        f.e.header.implementer = v;
    }
    if let Some(v) = f.label_value(&["联系人", "填报人", "填表人"], "header.contact") {
        f.e.header.contact = v;
    }
    if let Some(v) = f.label_value(&["填报日期", "填表日期", "评价日期", "报告日期"], "header.report_date") {
        f.e.header.report_date = v;
    }
    // 年度: "（2019年度）" in the title, or a 年度 label.
    let g = f.g;
    let last = funds_header.unwrap_or(g.rows()).min(g.rows());
    'year: for r in 0..last {
        for c in 0..g.cols() {
            if let Some(y) = year_in(g.get(r, c)) {
                f.e.header.year = y;
                f.record("header.year", r, c);
                break 'year;
            }
        }
    }
    if f.e.header.year.is_empty() {
        // A 年度 label of its own (not 年度资金总额, 年度总体目标 …).
        let label = (0..g.rows())
            .flat_map(|r| (0..g.cols()).map(move |c| (r, c)))
            .find(|&(r, c)| matches!(norm(g.get(r, c)).trim_end_matches(['：', ':']), "年度" | "项目年度" | "预算年度"));
        if let Some((r, c)) = label {
            if let Some(v) = f.labelled_value(r, c, "header.year") {
                f.e.header.year = v.trim_end_matches('年').to_string();
            }
        }
    }
}

/// "2019" in "（2019年度）" or "2019年度".
fn year_in(text: &str) -> Option<String> {
    let chars: Vec<char> = norm(text).chars().collect();
    let s: String = chars.iter().collect();
    let p = s.find("年度")?;
    let before: Vec<char> = s[..p].chars().collect();
    if before.len() < 4 {
        return None;
    }
    let y: String = before[before.len() - 4..].iter().collect();
    (y.chars().all(|c| c.is_ascii_digit()) && y.starts_with('2')).then_some(y)
}

fn read_funds(f: &mut FormReader, header: usize) {
    let g = f.g;
    let cols: Vec<(usize, FundsCol)> = (0..g.cols()).filter_map(|c| funds_col(g.get(header, c)).map(|k| (c, k))).collect();
    let Some(first) = cols.iter().map(|(c, _)| *c).min() else { return };
    for c in 0..g.cols() {
        if !g.get(header, c).trim().is_empty() {
            f.used.insert((header, c));
        }
    }
    // 资金单位 from the block's heading.
    let words: String = (header.saturating_sub(1)..=header).flat_map(|r| (0..g.cols()).map(move |c| norm(g.get(r, c)))).collect();
    if words.contains("万元") {
        f.e.header.money_unit = MoneyUnit::TenThousandYuan;
    } else if words.contains("（元）") || words.contains("(元)") || words.contains("：元") {
        f.e.header.money_unit = MoneyUnit::Yuan;
    }
    let mut n = 0;
    for r in header + 1..g.rows().min(header + 12) {
        let label: String = (0..first).map(|c| norm(g.get(r, c))).collect();
        let row_words: String = (0..g.cols()).map(|c| norm(g.get(r, c))).collect();
        if ["总体目标", "一级指标", "绩效指标", "预期目标"].iter().any(|w| row_words.contains(w)) {
            break;
        }
        if label.is_empty() {
            continue;
        }
        for c in 0..first {
            if !g.get(r, c).trim().is_empty() {
                f.used.insert((r, c));
            }
        }
        let clean = label.trim_start_matches("其中").trim_start_matches(['：', ':']).to_string();
        if clean.contains("总额") || clean.contains("合计") || clean.contains("总计") {
            for &(c, k) in &cols {
                match k {
                    FundsCol::Money(col) => {
                        let v = f.number(&format!("funds.total.{}", col.key()), r, c);
                        f.e.funds.total.set(col, v);
                    }
                    FundsCol::Weight => {
                        if let Some(v) = f.number("rules.budget_weight", r, c) {
                            f.e.rules.budget_weight = v;
                        }
                    }
                    FundsCol::Rate => f.e.claimed.execution_rate = read_rate(f, "claimed.execution_rate", r, c),
                    FundsCol::Score => f.e.claimed.budget_score = f.number("claimed.budget_score", r, c),
                }
            }
            continue;
        }
        let source = if clean.contains("上年结转") {
            FundsSource::PriorCarryover
        } else if clean.contains("其他资金") {
            FundsSource::Other
        } else if clean.contains("财政拨款") || clean.contains("当年财政") {
            FundsSource::CurrentAppropriation
        } else {
            FundsSource::Custom
        };
        n += 1;
        let id = format!("s{n}");
        let name = if source == FundsSource::Custom { clean.clone() } else { source.label().to_string() };
        f.e.funds.sources.push(FundsRow { id: id.clone(), source, name, amounts: FundsAmounts::default(), ..FundsRow::default() });
        let idx = f.e.funds.sources.len() - 1;
        if source == FundsSource::Custom {
            let lc = (0..first).find(|&c| !g.get(r, c).trim().is_empty()).unwrap_or(0);
            let path = format!("funds.sources.{id}.name");
            f.record(&path, r, lc);
        }
        for &(c, k) in &cols {
            match k {
                FundsCol::Money(col) => {
                    let v = f.number(&format!("funds.sources.{id}.{}", col.key()), r, c);
                    f.e.funds.sources[idx].amounts.set(col, v);
                }
                // The 执行率 and 得分 printed beside a source row: the unit's claims there
                // (compared with the row's own figures, CLAIMED_SOURCE_*).
                FundsCol::Rate => {
                    f.e.funds.sources[idx].claimed_rate = read_rate(f, &format!("funds.sources.{id}.claimed_rate"), r, c)
                }
                FundsCol::Score => {
                    f.e.funds.sources[idx].claimed_score = f.number(&format!("funds.sources.{id}.claimed_score"), r, c)
                }
                FundsCol::Weight => {}
            }
        }
    }
}

/// 执行率 as the form states it, in percent: "86%" is 86; a bare fraction (a cell formatted
/// as a percentage holds 0.86) is read as a percentage, with a note.
fn read_rate(f: &mut FormReader, path: &str, r: usize, c: usize) -> Option<Decimal> {
    let text = cell_text(f.g.get(r, c));
    let v = f.number(path, r, c)?;
    let has_percent = text.contains('%') || text.contains('％');
    if !has_percent && v > Decimal::ZERO && v <= Decimal::new(15, 1) {
        let pct = v * Decimal::ONE_HUNDRED;
        f.notes.push(format!("{} 的执行率 {text} 是小数（单元格设为百分比格式时如此保存），按 {}% 读取", f.g.address(r, c), pct.normalize()));
        return Some(pct.normalize());
    }
    Some(v)
}

fn read_goals(f: &mut FormReader) {
    let g = f.g;
    let Some((r, c)) = find_label(g, &["预期目标"]) else { return };
    f.used.insert((r, c));
    if let Some((lr, lc)) = find_label(g, &["年度总体目标", "总体目标"]) {
        f.used.insert((lr, lc));
    }
    let below = |f: &FormReader, col: usize| (r + 1..g.rows().min(r + 4)).find(|&rr| !cell_text(f.g.get(rr, col)).is_empty());
    if let Some(rr) = below(f, c) {
        f.e.goals.annual = cell_text(g.get(rr, c));
        f.record("goals.annual", rr, c);
    }
    if let Some(ac) = (c + 1..g.cols()).find(|&cc| norm(g.get(r, cc)).starts_with("实际完成")) {
        f.used.insert((r, ac));
        if let Some(rr) = below(f, ac) {
            f.e.goals.achieved = cell_text(g.get(rr, ac));
            f.record("goals.achieved", rr, ac);
        }
    }
}

/// The indicator table's header as one row (a two-row header's second row fills the columns
/// it names, e.g. 年度指标值 over 指标性质 | 指标值 | 度量单位), and the first data row.
fn combined_header(g: &Grid, r: usize) -> (Vec<String>, usize) {
    // The block's side label (绩效指标, merged down the table) names no column.
    let top: Vec<String> =
        (0..g.cols()).map(|c| g.get(r, c)).map(|t| if is_decoration(t) { String::new() } else { t.to_string() }).collect();
    let sub: Vec<String> = (0..g.cols()).map(|c| g.get(r + 1, c).to_string()).collect();
    let named = sub.iter().filter(|s| header_column(s).is_some()).count();
    let numbers = sub.iter().any(|s| parse_number(s).ok().flatten().is_some());
    if named >= 2 && !numbers {
        let header = top
            .iter()
            .zip(&sub)
            .map(|(t, s)| if header_column(s).is_some() { s.clone() } else { t.clone() })
            .collect();
        (header, r + 2)
    } else {
        (top, r + 1)
    }
}

/// Words that start the row after the indicator table.
const AFTER_TABLE: [&str; 10] = ["总分", "合计", "总计", "评价结论", "存在问题", "改进措施", "自评等级", "评价等级", "等级", "填表"];

/// Reads the indicator table (header at `header_row`, data from `data_from`) through the
/// paste's table reader; returns the row after the table.
fn read_indicators(f: &mut FormReader, header_row: usize, header: Vec<String>, data_from: usize) -> usize {
    let g = f.g;
    // The table ends at its 总分 (or a closing) row, or at the first blank row after a row.
    let end = (data_from..g.rows())
        .find(|&r| {
            let first = (0..g.cols()).map(|c| norm(g.get(r, c))).find(|t| !t.is_empty()).unwrap_or_default();
            AFTER_TABLE.iter().any(|w| first.starts_with(w)) || (first.is_empty() && r > data_from)
        })
        .unwrap_or(g.rows());
    for r in header_row..data_from {
        for c in 0..g.cols() {
            f.used.insert((r, c));
        }
    }
    let data_rows: Vec<usize> = (data_from..end).collect();
    let mut table = vec![header];
    table.extend(data_rows.iter().map(|&r| g.cells[r].clone()));
    let preview = read_table(&table);
    for p in &preview.problems {
        f.unrecognised.push(Unrecognised {
            cell: format!("{}!{}:{}", g.sheet, super::grid::cell_name(header_row, 0), super::grid::cell_name(data_from - 1, g.cols().saturating_sub(1))),
            text: String::new(),
            reason: format!("指标表表头：{p}"),
        });
    }
    let col_of = |k: PasteColumn| preview.columns.iter().position(|c| *c == k);
    // The cell a carried-down heading was written in: up from `r` in its column.
    let up = |col: usize, r: usize| (data_from..=r).rev().find(|&rr| !cell_text(g.get(rr, col)).is_empty()).unwrap_or(r);
    let (mut l1, mut l2) = (String::new(), String::new());
    let mut n = 0;
    let mut new_id = || {
        n += 1;
        format!("i{n}")
    };
    // Line n of the table read is sheet row table_rows[n - 1] (line 1 the header).
    let table_rows: Vec<usize> = std::iter::once(header_row).chain(data_rows.iter().copied()).collect();
    for prow in &preview.rows {
        let Some(&r) = prow.line.checked_sub(1).and_then(|i| table_rows.get(i)) else { continue };
        for c in 0..g.cols() {
            f.used.insert((r, c));
        }
        if let Some(reason) = &prow.unrecognised {
            let text: Vec<String> = (0..g.cols()).map(|c| g.get(r, c).trim().to_string()).filter(|t| !t.is_empty()).collect();
            if !text.is_empty() {
                let c = (0..g.cols()).find(|&c| !g.get(r, c).trim().is_empty()).unwrap_or(0);
                f.unrecognised.push(Unrecognised { cell: g.address(r, c), text: text.join(" | "), reason: reason.clone() });
            }
            continue;
        }
        if !prow.level1.is_empty() && prow.level1 != l1 {
            l1 = prow.level1.clone();
            l2.clear();
            let id = new_id();
            f.e.indicators.push(Indicator { id: id.clone(), level: 1, name: l1.clone(), ..Indicator::default() });
            if let Some(c) = col_of(PasteColumn::Level1) {
                heading_cell(f, &id, up(c, r), c);
            }
        }
        if !prow.level2.is_empty() && prow.level2 != l2 {
            l2 = prow.level2.clone();
            let id = new_id();
            f.e.indicators.push(Indicator { id: id.clone(), level: 2, name: l2.clone(), ..Indicator::default() });
            if let Some(c) = col_of(PasteColumn::Level2) {
                heading_cell(f, &id, up(c, r), c);
            }
        }
        let Some(ind) = &prow.indicator else {
            // A heading's own row (产出指标 | | | … | 50 | 48): its 分值 and 得分 are the
            // heading's (the 得分 a claimed subtotal, checked against its rows).
            heading_figures(f, r, col_of(PasteColumn::Weight), col_of(PasteColumn::Score));
            continue;
        };
        let id = new_id();
        let mut ind = ind.clone();
        ind.id = id.clone();
        ind.level = 3;
        for (c, col) in preview.columns.iter().enumerate() {
            let field = match col {
                PasteColumn::Level3 => "name",
                PasteColumn::Nature => "nature",
                PasteColumn::Direction => "direction",
                PasteColumn::Target => "target",
                PasteColumn::Unit => "unit",
                PasteColumn::Actual => "actual",
                PasteColumn::Weight => "weight",
                PasteColumn::Score => "claimed_score",
                PasteColumn::Deviation => "deviation",
                _ => continue,
            };
            if !cell_text(g.get(r, c)).is_empty() {
                f.record(&format!("indicators.{id}.{field}"), r, c);
            }
        }
        for (field, text) in &prow.unreadable {
            f.e.unreadable.insert(format!("indicators.{id}.{field}"), text.clone());
        }
        for p in prow.problems.iter().chain(&prow.warnings) {
            let c = col_of(p.column).unwrap_or(0);
            f.notes.push(format!("{}「{}」：{}", g.address(r, c), p.text, p.message));
        }
        f.e.indicators.push(ind);
    }
    // The total row: 总分 under the 得分 column (else the last number right of the label).
    if let Some(r) = (end < g.rows()).then_some(end) {
        let first = (0..g.cols()).find(|&c| !g.get(r, c).trim().is_empty()).unwrap_or(0);
        if ["总分", "合计", "总计"].iter().any(|w| norm(g.get(r, first)).starts_with(w)) {
            for c in 0..g.cols() {
                f.used.insert((r, c));
            }
            // Under the 得分 column when the table has one (blank there: no total stated).
            let score_col = match col_of(PasteColumn::Score) {
                Some(c) => Some(c).filter(|&c| !cell_text(g.get(r, c)).is_empty()),
                None => (first + 1..g.cols()).rev().find(|&c| parse_number(&cell_text(g.get(r, c))).ok().flatten().is_some()),
            };
            if let Some(c) = score_col {
                f.e.claimed.total = f.number("claimed.total", r, c);
            }
            return r + 1;
        }
    }
    end
}

/// A heading's cell: its name, and the points it states (产出指标(50分)) as the row's 分值,
/// which reconciliation checks against its 三级 rows.
fn heading_cell(f: &mut FormReader, id: &str, r: usize, c: usize) {
    f.record(&format!("indicators.{id}.name"), r, c);
    if let Some(points) = heading_points(f.g.get(r, c)) {
        if let Some(row) = f.e.indicators.iter_mut().find(|i| i.id == id) {
            row.weight = Some(points);
        }
        f.record(&format!("indicators.{id}.weight"), r, c);
    }
}

/// The 分值 and 得分 written on a heading-only row go to the heading pushed last for it.
fn heading_figures(f: &mut FormReader, r: usize, weight_col: Option<usize>, score_col: Option<usize>) {
    let Some(id) = f.e.indicators.last().filter(|i| i.level < 3).map(|i| i.id.clone()) else { return };
    if let Some(c) = weight_col {
        if let Some(v) = f.number(&format!("indicators.{id}.weight"), r, c) {
            if let Some(row) = f.e.indicators.last_mut() {
                row.weight = Some(v);
            }
        }
    }
    if let Some(c) = score_col {
        if let Some(v) = f.number(&format!("indicators.{id}.claimed_score"), r, c) {
            if let Some(row) = f.e.indicators.last_mut() {
                row.claimed_score = Some(v);
            }
        }
    }
}

/// After the table: the grade and the closing 评价结论 / 存在问题 / 改进措施.
fn read_closing(f: &mut FormReader, from: usize) {
    let g = f.g;
    for r in from..g.rows() {
        for c in 0..g.cols() {
            let t = norm(g.get(r, c));
            if t.is_empty() || f.used.contains(&(r, c)) {
                continue;
            }
            if ["自评等级", "评价等级", "绩效等级", "等级"].iter().any(|w| t.starts_with(w)) {
                if let Some(v) = f.labelled_value(r, c, "claimed.grade") {
                    set_grade(f, &v, r, c);
                }
            } else if t.starts_with("评价结论") || t.starts_with("自评结论") {
                if let Some(v) = f.labelled_value(r, c, "narrative.summary_conclusion") {
                    match Grade::from_label(&v) {
                        Some(grade) => {
                            f.e.claimed.grade = Some(grade);
                            if let Some(cell) = f.e.source_cells.remove("narrative.summary_conclusion") {
                                f.e.source_cells.insert("claimed.grade".into(), cell);
                            }
                            if let Some(rc) = f.read.last_mut() {
                                rc.path = "claimed.grade".into();
                            }
                        }
                        None => {
                            if let Some(grade) = grade_in(&v) {
                                f.e.claimed.grade = Some(grade);
                            }
                            f.e.narrative.insert(NarrativeSection::SummaryConclusion, v);
                        }
                    }
                }
            } else if t.starts_with("存在问题") || t.starts_with("存在的问题") {
                if let Some(v) = f.labelled_value(r, c, "narrative.problems") {
                    f.e.narrative.insert(NarrativeSection::Problems, v);
                }
            } else if t.starts_with("改进措施") || t.starts_with("改进建议") {
                if let Some(v) = f.labelled_value(r, c, "narrative.suggestions") {
                    f.e.narrative.insert(NarrativeSection::Suggestions, v);
                }
            }
        }
    }
}

fn set_grade(f: &mut FormReader, v: &str, r: usize, c: usize) {
    match Grade::from_label(v).or_else(|| grade_in(v)) {
        Some(grade) => f.e.claimed.grade = Some(grade),
        None => f.unrecognised.push(Unrecognised {
            cell: f.g.address(r, c),
            text: v.to_string(),
            reason: "等级应为 优、良、中 或 差".into(),
        }),
    }
}

/// A grade named in a sentence ("评价等级为优", "自评结果：良").
fn grade_in(text: &str) -> Option<Grade> {
    let t = norm(text);
    for (w, g) in [("等级为优", Grade::Excellent), ("等级为良", Grade::Good), ("等级为中", Grade::Pass), ("等级为差", Grade::Poor)] {
        if t.contains(w) {
            return Some(g);
        }
    }
    None
}
