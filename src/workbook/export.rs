//! Writing an evaluation as an .xlsx workbook: one sheet 自评表 in the official layout of a
//! [`Layout`] (domain.md §7), ready to print (A4 landscape, one page wide, the indicator table's
//! header repeated on every page).
//!
//! What goes in the cells:
//! - every figure is jixiao's own: typed figures as typed, derived ones from
//!   [`crate::scoring::score`] and [`crate::model::Funds::effective_total`] (nothing is computed
//!   here); the HTML report's helpers decide the rows (`report::form`) and the texts
//!   (`report::text`);
//! - numbers are number cells with a format: money `0.00`, rates `0.00%` (the rules' decimals),
//!   scores with the rules' decimals, typed quantities and weights with the decimals they were
//!   typed with (16.80 stays 16.80). A decimal becomes the f64 its string reads as (the nearest
//!   double; 371.16 reads back as 371.16);
//! - the funds total row where the draft leaves it to the sources, and the 总分 row, are
//!   `=SUM(…)` formulas whose stored result is jixiao's figure, so that a viewer that does not
//!   recalculate shows the right numbers and one that does gets the same;
//! - texts as typed; a blank stays blank (never 0); "—" (四川: "/") where the form has no figure;
//! - a note beside a figure (年度指标值 / 实际完成值 text next to the number) is a cell note (批注).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, Formula, Note, RowNum, Workbook, Worksheet, XlsxError,
};

use super::{Layout, WorkbookError};
use crate::model::{Evaluation, FundsColumn, Indicator, IndicatorNature, NarrativeSection};
use crate::report::form::{display_rows, money_columns, row_rate, span, starts, DisplayRow};
use crate::report::num;
use crate::report::text::{actual_value, source_name, target_value, Words, NOT_GRADED};
use crate::scoring::{self, IndicatorScore, Scorecard};

/// The sheet's name.
pub const SHEET: &str = "自评表";

/// Body text.
const BODY_FONT: &str = "仿宋";
/// Column headings and row labels.
const HEADING_FONT: &str = "黑体";
/// The title.
const TITLE_FONT: &str = "宋体";
const BODY_SIZE: f64 = 11.0;
/// Points per line of body text, for row heights (Excel does not size merged cells by itself).
const LINE_HEIGHT: f64 = 15.0;

/// `<项目名称>绩效自评表.xlsx` (the name cleaned as the report's).
pub fn file_name(evaluation: &Evaluation) -> String {
    let report = crate::report::file_name(evaluation);
    let base = report.strip_suffix("绩效评价报告.html").unwrap_or(&report);
    format!("{base}绩效自评表.xlsx")
}

pub fn write(evaluation: &Evaluation, layout: Layout) -> Result<Vec<u8>, WorkbookError> {
    let sc = scoring::score(evaluation);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let mut w = Writer::new(sheet, layout, evaluation, &sc);
    w.form().map_err(|e| error(&e, w.row))?;
    w.finish().map_err(|e| error(&e, w.row))?;
    workbook.save_to_buffer().map_err(|e| error(&e, None))
}

/// The writer's error in Chinese, with the row it was writing where known.
fn error(e: &XlsxError, row: impl Into<Option<RowNum>>) -> WorkbookError {
    let at = row.into().map(|r| format!("（写到第 {} 行时）", r + 1)).unwrap_or_default();
    let why = match e {
        XlsxError::MaxStringLengthExceeded => "有一段文字超过 Excel 单元格的上限（32767 个字符），请缩短后再导出".to_string(),
        XlsxError::RowColumnLimitError => "表格超过 Excel 工作表的行数上限（1048576 行）".to_string(),
        other => format!("写 Excel 文件出错：{other}"),
    };
    WorkbookError { message: format!("无法导出 Excel 工作簿{at}：{why}") }
}

/// Where each part of the indicator table sits (column A holds the blocks' labels).
#[derive(Clone, Copy)]
struct Columns {
    l1: ColNum,
    l2: ColNum,
    l3: ColNum,
    /// 年度指标值 in one cell (national), or 指标性质 | 指标值 | 度量单位 (Yunnan, Sichuan).
    target: Target,
    actual: ColNum,
    weight: ColNum,
    score: ColNum,
    deviation: ColNum,
}

#[derive(Clone, Copy)]
enum Target {
    Combined(ColNum),
    Split { nature: ColNum, value: ColNum, unit: ColNum },
}

impl Columns {
    fn of(layout: Layout) -> Columns {
        match layout {
            Layout::National2020 => Columns {
                l1: 1,
                l2: 2,
                l3: 3,
                target: Target::Combined(4),
                actual: 5,
                weight: 6,
                score: 7,
                deviation: 8,
            },
            Layout::Yunnan | Layout::Sichuan => Columns {
                l1: 1,
                l2: 2,
                l3: 3,
                target: Target::Split { nature: 4, value: 5, unit: 6 },
                actual: 7,
                weight: 8,
                score: 9,
                deviation: 10,
            },
        }
    }

    fn last(&self) -> ColNum {
        self.deviation
    }
}

/// Column widths (in Excel's character units), column A first.
fn widths(layout: Layout) -> &'static [f64] {
    match layout {
        Layout::National2020 => &[9.0, 13.0, 13.0, 20.0, 16.0, 15.0, 8.0, 9.0, 30.0],
        Layout::Yunnan | Layout::Sichuan => &[9.0, 12.0, 12.0, 18.0, 8.0, 10.0, 8.0, 12.0, 8.0, 9.0, 26.0],
    }
}

/// The words of a layout's form.
struct Labels {
    funds_label: &'static str,
    total_row: &'static str,
    /// Money column headings by column.
    money: fn(FundsColumn) -> &'static str,
    /// Headings after the money columns, and whether 原因 follows (Sichuan).
    rate: &'static str,
    weight: &'static str,
    score: &'static str,
    reason: Option<&'static str>,
    /// Weight before rate (national: 分值 | 执行率 | 得分), or after (Sichuan: 执行率 | 权重 | 得分).
    weight_first: bool,
    indicators_label: &'static str,
    actual: &'static str,
    deviation: &'static str,
    /// Shown where the form has no figure (the source rows' 分值 / 得分).
    none: &'static str,
}

fn labels(layout: Layout) -> Labels {
    match layout {
        Layout::National2020 | Layout::Yunnan => Labels {
            funds_label: "项目资金",
            total_row: "年度资金总额",
            money: FundsColumn::label,
            rate: "执行率",
            weight: "分值",
            score: "得分",
            reason: None,
            weight_first: true,
            indicators_label: "绩效指标",
            actual: "实际完成值",
            deviation: "偏差原因分析及改进措施",
            none: "—",
        },
        Layout::Sichuan => Labels {
            funds_label: "预算执行情况",
            total_row: "年度资金总额",
            money: |c| match c {
                FundsColumn::BudgetInitial => "年初预算",
                FundsColumn::BudgetFull => "调整后预算数",
                FundsColumn::Received => "实际到位资金",
                FundsColumn::Executed => "预算执行数",
            },
            rate: "预算执行率",
            weight: "权重",
            score: "得分",
            reason: Some("原因"),
            weight_first: false,
            indicators_label: "绩效指标",
            actual: "完成值",
            deviation: "未完成原因分析",
            none: "/",
        },
    }
}

/// Cell styles.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Title,
    /// Headings and row labels: 黑体, centred.
    Heading,
    /// Body text: 仿宋, left.
    Text,
    /// Body text centred (names of 一级/二级, 指标性质, units, "—").
    Centre,
    /// Numbers: right.
    Number,
}

fn format(style: Style, num_format: Option<&str>) -> Format {
    let mut f = Format::new().set_align(FormatAlign::VerticalCenter).set_text_wrap();
    f = match style {
        Style::Title => {
            return Format::new()
                .set_font_name(TITLE_FONT)
                .set_font_size(18)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
        }
        Style::Heading => f.set_font_name(HEADING_FONT).set_align(FormatAlign::Center),
        Style::Text => f.set_font_name(BODY_FONT).set_align(FormatAlign::Left),
        Style::Centre => f.set_font_name(BODY_FONT).set_align(FormatAlign::Center),
        Style::Number => f.set_font_name(BODY_FONT).set_align(FormatAlign::Right),
    };
    f = f.set_font_size(BODY_SIZE).set_border(FormatBorder::Thin);
    match num_format {
        Some(n) => f.set_num_format(n),
        None => f,
    }
}

/// `0`, `0.0`, `0.00`, … for `places` decimals.
pub(crate) fn fixed_format(places: u32) -> String {
    if places == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(places.min(scoring::MAX_DECIMALS) as usize))
    }
}

/// The f64 a decimal's string reads as (the nearest double).
pub(crate) fn f64_of(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

/// A percentage (95.92 = 95.92 %) as the fraction Excel's `%` format shows (0.9592): the same
/// digits, the point moved two places (exact).
pub(crate) fn fraction(percent: Decimal) -> Decimal {
    let mut v = percent;
    if v.scale() + 2 <= 28 {
        v.set_scale(v.scale() + 2).map(|_| v).unwrap_or_else(|_| percent / Decimal::ONE_HUNDRED)
    } else {
        percent / Decimal::ONE_HUNDRED
    }
}

/// Display width of a text in Excel character units (a CJK or full-width character is two).
pub(crate) fn text_width(line: &str) -> f64 {
    line.chars()
        .map(|c| if (c as u32) < 0x2E80 && !matches!(c, '“' | '”' | '—' | '…') { 1.0 } else { 2.0 })
        .sum()
}

/// Lines a text takes in a cell `width` units wide.
fn lines_in(text: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|l| ((text_width(l) / usable).ceil() as usize).max(1))
        .sum()
}

struct Writer<'a> {
    sheet: &'a mut Worksheet,
    layout: Layout,
    ev: &'a Evaluation,
    sc: &'a Scorecard,
    cols: Columns,
    labels: Labels,
    widths: &'static [f64],
    /// The next row to write.
    row: RowNum,
    /// Lines of text each row needs (for its height).
    lines: BTreeMap<RowNum, usize>,
    /// Every weight written in the indicator table is the one scoring counted (a weight not
    /// above 0 counts as 0; a row of no level 1–3 is not scored): then the 分值 column adds
    /// up to the form's full weight.
    weights_as_scored: bool,
}

impl<'a> Writer<'a> {
    fn new(sheet: &'a mut Worksheet, layout: Layout, ev: &'a Evaluation, sc: &'a Scorecard) -> Writer<'a> {
        Writer {
            sheet,
            layout,
            ev,
            sc,
            cols: Columns::of(layout),
            labels: labels(layout),
            widths: widths(layout),
            row: 0,
            lines: BTreeMap::new(),
            weights_as_scored: true,
        }
    }

    fn last(&self) -> ColNum {
        self.cols.last()
    }

    fn dp(&self) -> u32 {
        self.ev.rules.decimals
    }

    fn width(&self, first: ColNum, last: ColNum) -> f64 {
        (first..=last).map(|c| self.widths.get(c as usize).copied().unwrap_or(10.0)).sum()
    }

    /// Notes that a text in `first..=last` needs its lines on `row` (spread over `rows` rows).
    fn need(&mut self, row: RowNum, rows: u32, first: ColNum, last: ColNum, text: &str) {
        let n = lines_in(text, self.width(first, last));
        let per_row = n.div_ceil(rows.max(1) as usize);
        for r in row..row + rows.max(1) {
            let e = self.lines.entry(r).or_insert(1);
            *e = (*e).max(per_row);
        }
    }

    /// A text over `first_row..=last_row` × `first..=last` (merged when more than one cell).
    fn text(
        &mut self,
        (first_row, first): (RowNum, ColNum),
        (last_row, last): (RowNum, ColNum),
        text: &str,
        style: Style,
    ) -> Result<(), XlsxError> {
        let f = format(style, None);
        if first_row == last_row && first == last {
            if text.is_empty() {
                self.sheet.write_blank(first_row, first, &f)?;
            } else {
                self.sheet.write_string_with_format(first_row, first, text, &f)?;
            }
        } else {
            self.sheet.merge_range(first_row, first, last_row, last, text, &f)?;
        }
        if style != Style::Title {
            self.need(first_row, last_row - first_row + 1, first, last, text);
        }
        Ok(())
    }

    /// A text in one cell of the current row.
    fn cell(&mut self, col: ColNum, text: &str, style: Style) -> Result<(), XlsxError> {
        self.text((self.row, col), (self.row, col), text, style)
    }

    /// A text over `first..=last` of the current row.
    fn across(&mut self, first: ColNum, last: ColNum, text: &str, style: Style) -> Result<(), XlsxError> {
        self.text((self.row, first), (self.row, last), text, style)
    }

    /// A number (or a blank cell for `None`) at `col` of the current row, merged to `last`.
    fn number(&mut self, col: ColNum, last: ColNum, value: Option<Decimal>, num_format: &str) -> Result<(), XlsxError> {
        let f = format(Style::Number, Some(num_format));
        if last > col {
            self.sheet.merge_range(self.row, col, self.row, last, "", &f)?;
        }
        match value {
            Some(v) => self.sheet.write_number_with_format(self.row, col, f64_of(v), &f)?,
            None => self.sheet.write_blank(self.row, col, &f)?,
        };
        Ok(())
    }

    /// A `=SUM(…)` formula whose stored result is `result`.
    fn sum(&mut self, col: ColNum, last: ColNum, terms: &str, result: Decimal, num_format: &str) -> Result<(), XlsxError> {
        let f = format(Style::Number, Some(num_format));
        if last > col {
            self.sheet.merge_range(self.row, col, self.row, last, "", &f)?;
        }
        let formula = Formula::new(format!("=SUM({terms})")).set_result(result.to_string());
        self.sheet.write_formula_with_format(self.row, col, formula, &f)?;
        Ok(())
    }

    fn form(&mut self) -> Result<(), XlsxError> {
        self.title()?;
        self.header()?;
        let budget = self.funds()?;
        self.goals()?;
        self.indicators(budget)?;
        if self.layout == Layout::Sichuan {
            self.closing()?;
        }
        Ok(())
    }

    fn title(&mut self) -> Result<(), XlsxError> {
        let year = self.ev.header.year.trim();
        let title = if year.is_empty() {
            "项目支出绩效自评表".to_string()
        } else {
            format!("{year}年度项目支出绩效自评表")
        };
        let last = self.last();
        self.across(0, last, &title, Style::Title)?;
        self.sheet.set_row_height(self.row, 32)?;
        self.row += 1;
        // 单位 line: the money unit, right-aligned as on the printed form.
        let unit = format!("单位：{}", self.ev.header.money_unit.label());
        let f = Format::new().set_font_name(BODY_FONT).set_font_size(BODY_SIZE).set_align(FormatAlign::Right);
        self.sheet.merge_range(self.row, 0, self.row, last, &unit, &f)?;
        self.row += 1;
        Ok(())
    }

    fn header(&mut self) -> Result<(), XlsxError> {
        let h = &self.ev.header;
        let last = self.last();
        self.across(0, 1, "项目名称", Style::Heading)?;
        self.across(2, last, h.name.trim(), Style::Text)?;
        self.row += 1;
        // 主管部门 | … | 实施单位 | …: the values share the columns after the labels.
        let dept_last = 2 + (last - 3) / 2 - 1;
        self.across(0, 1, "主管部门", Style::Heading)?;
        self.across(2, dept_last, h.department.trim(), Style::Text)?;
        self.across(dept_last + 1, dept_last + 2, "实施单位", Style::Heading)?;
        self.across(dept_last + 3, last, h.implementer.trim(), Style::Text)?;
        self.row += 1;
        Ok(())
    }

    /// The funds block; returns the cells of the budget's 分值 and 得分 (for the 总分 row).
    fn funds(&mut self) -> Result<(String, String), XlsxError> {
        let ev = self.ev;
        let sc = self.sc;
        let dp = self.dp();
        let last = self.last();
        let money = money_columns(ev);
        let sources = &ev.funds.sources;
        let first_row = self.row;
        let label = format!("{}\n（{}）", self.labels.funds_label, ev.header.money_unit.label());
        self.text((first_row, 0), (first_row + 1 + sources.len() as RowNum, 0), &label, Style::Heading)?;
        // Columns after the money ones.
        // The block needs A, the row label, the money columns and 分值 / 执行率 / 得分 (/ 原因);
        // of the columns left over, one widens the row label, the rest the last column.
        let needed = 2 + money.len() as ColNum + 3 + self.labels.reason.map_or(0, |_| 1);
        let label_last = 1 + (last + 1).saturating_sub(needed).min(1);
        let m0 = label_last + 1;
        let after = m0 + money.len() as ColNum;
        let (weight_col, rate_col) = if self.labels.weight_first { (after, after + 1) } else { (after + 1, after) };
        let score_col = after + 2;
        let reason_col = self.labels.reason.map(|_| after + 3);
        // Heading row.
        self.across(1, label_last, "", Style::Heading)?;
        for (k, c) in money.iter().enumerate() {
            self.cell(m0 + k as ColNum, (self.labels.money)(*c), Style::Heading)?;
        }
        self.cell(weight_col, self.labels.weight, Style::Heading)?;
        self.cell(rate_col, self.labels.rate, Style::Heading)?;
        match (reason_col, self.labels.reason) {
            (Some(rc), Some(r)) => {
                self.cell(score_col, self.labels.score, Style::Heading)?;
                self.across(rc, last, r, Style::Heading)?;
            }
            _ => self.across(score_col, last, self.labels.score, Style::Heading)?,
        }
        self.row += 1;
        // 年度资金总额: the stated cell, else the sum of the sources as a formula.
        let total_row = self.row;
        let totals = ev.funds.effective_total();
        let first_source = total_row + 1;
        let last_source = total_row + sources.len() as RowNum;
        self.across(1, label_last, self.labels.total_row, Style::Heading)?;
        for (k, c) in money.iter().enumerate() {
            let col = m0 + k as ColNum;
            match (ev.funds.total.get(*c), totals.get(*c)) {
                (None, Some(sum)) if !sources.is_empty() => {
                    let range = rust_xlsxwriter::cell_range(first_source, col, last_source, col);
                    self.sum(col, col, &range, sum, "0.00")?
                }
                (stated, _) => self.number(col, col, stated, "0.00")?,
            }
        }
        self.number(weight_col, weight_col, Some(sc.budget.weight), &fixed_format(sc.budget.weight.scale()))?;
        self.number(rate_col, rate_col, sc.budget.rate.map(fraction), &format!("{}%", fixed_format(dp)))?;
        let score_last = if reason_col.is_some() { score_col } else { last };
        self.number(score_col, score_last, Some(sc.budget.score), &fixed_format(dp))?;
        if let Some(rc) = reason_col {
            self.across(rc, last, ev.funds.execution_note.trim(), Style::Text)?;
        }
        let budget_cells = (
            rust_xlsxwriter::row_col_to_cell(total_row, weight_col),
            rust_xlsxwriter::row_col_to_cell(total_row, score_col),
        );
        self.row += 1;
        // 其中：… one row per source.
        for (n, row) in sources.iter().enumerate() {
            let name = if n == 0 { format!("其中：{}", source_name(row)) } else { source_name(row) };
            self.across(1, label_last, &name, Style::Heading)?;
            for (k, c) in money.iter().enumerate() {
                self.number(m0 + k as ColNum, m0 + k as ColNum, row.amounts.get(*c), "0.00")?;
            }
            let none = self.labels.none;
            self.cell(weight_col, none, Style::Centre)?;
            self.number(rate_col, rate_col, row_rate(ev, row).map(fraction), &format!("{}%", fixed_format(dp)))?;
            let score_last = if reason_col.is_some() { score_col } else { last };
            self.across(score_col, score_last, none, Style::Centre)?;
            if let Some(rc) = reason_col {
                self.across(rc, last, "", Style::Text)?;
            }
            self.row += 1;
        }
        Ok(budget_cells)
    }

    fn goals(&mut self) -> Result<(), XlsxError> {
        let last = self.last();
        let mid = last / 2;
        let g = &self.ev.goals;
        self.text((self.row, 0), (self.row + 1, 0), "年度总体目标", Style::Heading)?;
        self.across(1, mid, "预期目标", Style::Heading)?;
        self.across(mid + 1, last, "实际完成情况", Style::Heading)?;
        self.row += 1;
        self.across(1, mid, g.annual.trim(), Style::Text)?;
        self.across(mid + 1, last, g.achieved.trim(), Style::Text)?;
        self.row += 1;
        Ok(())
    }

    /// The indicator table's heading row(s); returns them (first, last) for repeating on print.
    fn indicator_heading(&mut self) -> Result<(RowNum, RowNum), XlsxError> {
        let c = self.cols;
        let r = self.row;
        let rows = if self.layout == Layout::Yunnan { 2 } else { 1 };
        let last_row = r + rows - 1;
        let heading = |w: &mut Self, col: ColNum, text: &str| w.text((r, col), (last_row, col), text, Style::Heading);
        heading(self, c.l1, "一级指标")?;
        heading(self, c.l2, "二级指标")?;
        heading(self, c.l3, "三级指标")?;
        match c.target {
            Target::Combined(col) => heading(self, col, "年度指标值")?,
            Target::Split { nature, value, unit } => {
                if rows == 2 {
                    self.text((r, nature), (r, unit), "年度指标值", Style::Heading)?;
                }
                for (col, t) in [(nature, "指标性质"), (value, "指标值"), (unit, "度量单位")] {
                    self.text((last_row, col), (last_row, col), t, Style::Heading)?;
                }
            }
        }
        let actual = self.labels.actual;
        let weight = self.labels.weight;
        let deviation = self.labels.deviation;
        let heading = |w: &mut Self, col: ColNum, text: &str| w.text((r, col), (last_row, col), text, Style::Heading);
        heading(self, c.actual, actual)?;
        heading(self, c.weight, weight)?;
        heading(self, c.score, "得分")?;
        heading(self, c.deviation, deviation)?;
        self.row = last_row + 1;
        Ok((r, last_row))
    }

    fn indicators(&mut self, (budget_weight, budget_score): (String, String)) -> Result<(), XlsxError> {
        let ev = self.ev;
        let sc = self.sc;
        let dp = self.dp();
        let c = self.cols;
        let inds = &ev.indicators;
        let (head_first, head_last) = self.indicator_heading()?;
        self.sheet.set_repeat_rows(head_first, head_last)?;
        let scores = sc.by_position(ev);
        let rows = display_rows(inds);
        let first = self.row;
        for (n, row) in rows.iter().enumerate() {
            let key1 = |x: &DisplayRow| x.l1;
            let key2 = |x: &DisplayRow| x.l2;
            if starts(&rows, n, key1) {
                let s = span(&rows, n, key1) as RowNum;
                let name = row.l1.map(|i| inds[i].name.trim()).unwrap_or("");
                self.text((self.row, c.l1), (self.row + s - 1, c.l1), name, Style::Centre)?;
            }
            if starts(&rows, n, key2) {
                let s = span(&rows, n, key2) as RowNum;
                let name = row.l2.map(|i| inds[i].name.trim()).unwrap_or("");
                self.text((self.row, c.l2), (self.row + s - 1, c.l2), name, Style::Centre)?;
            }
            match row.own {
                Some(i) => self.indicator(&inds[i], scores[i], dp)?,
                None => {
                    for col in c.l3..=c.deviation {
                        self.cell(col, "", Style::Text)?;
                    }
                }
            }
            self.row += 1;
        }
        let end = self.row; // one past the last indicator row
        // 绩效指标: the block's label down column A.
        self.text((head_first, 0), (end.max(head_last + 1) - 1, 0), self.labels.indicators_label, Style::Heading)?;
        self.total(first, end, &budget_weight, &budget_score)
    }

    fn indicator(&mut self, ind: &Indicator, score: Option<&IndicatorScore>, dp: u32) -> Result<(), XlsxError> {
        let c = self.cols;
        self.cell(c.l3, ind.name.trim(), Style::Text)?;
        self.target(ind)?;
        self.actual(ind, score, dp)?;
        match ind.weight {
            Some(w) => self.number(c.weight, c.weight, Some(w), &fixed_format(w.scale()))?,
            None => self.number(c.weight, c.weight, None, "General")?,
        }
        self.weights_as_scored &= match score {
            Some(s) => ind.weight.is_none_or(|w| w == s.weight),
            None => ind.weight.is_none(),
        };
        let mut deviation = String::new();
        match score {
            Some(s) if s.dropped => self.cell(c.score, "不适用", Style::Centre)?,
            Some(s) => {
                self.number(c.score, c.score, Some(s.score), &fixed_format(dp))?;
                if s.manual {
                    let reason = ind.manual.as_ref().map(|m| m.reason.trim()).unwrap_or("");
                    let reason = if reason.is_empty() { "（未填写）" } else { reason };
                    deviation = format!("评分理由（人工评分）：{reason}");
                    let note = Note::new(format!("人工评分。评分理由：{reason}")).set_author("jixiao");
                    self.sheet.insert_note(self.row, c.score, &note)?;
                }
            }
            None => self.cell(c.score, "—", Style::Centre)?,
        }
        let typed = ind.deviation.trim();
        if !typed.is_empty() {
            if !deviation.is_empty() {
                deviation.push('\n');
            }
            deviation.push_str(typed);
        }
        self.cell(c.deviation, &deviation, Style::Text)
    }

    /// 年度指标值: "≥38200人" in one cell (national), or 指标性质 | 指标值 | 度量单位.
    fn target(&mut self, ind: &Indicator) -> Result<(), XlsxError> {
        let (shown, note) = target_value(ind);
        let shown = if shown == num::MISSING { String::new() } else { shown };
        // A note that only repeats the shown value is left out.
        let note = note.filter(|n| n.trim() != shown);
        let note_col = match self.cols.target {
            Target::Combined(col) => {
                self.cell(col, &shown, Style::Centre)?;
                col
            }
            Target::Split { nature, value, unit } => {
                self.cell(nature, ind.nature.label(), Style::Centre)?;
                match (ind.nature, ind.target) {
                    (IndicatorNature::Qualitative, _) | (_, None) => self.cell(value, &shown, Style::Centre)?,
                    (_, Some(t)) => self.number(value, value, Some(t), &fixed_format(t.scale()))?,
                }
                self.cell(unit, ind.unit.trim(), Style::Centre)?;
                value
            }
        };
        if let Some(n) = note {
            self.sheet.insert_note(self.row, note_col, &Note::new(n).set_author("jixiao"))?;
        }
        Ok(())
    }

    /// 实际完成值: the figure scored on, as a number (national: with its unit in the number
    /// format, e.g. 38500人), or the qualitative text.
    fn actual(&mut self, ind: &Indicator, score: Option<&IndicatorScore>, dp: u32) -> Result<(), XlsxError> {
        let col = self.cols.actual;
        let own_unit = ind.actual_unit.trim();
        let unit = if own_unit.is_empty() { ind.unit.trim() } else { own_unit };
        let value = match ind.nature {
            IndicatorNature::Qualitative => None,
            // The survey's rate as scored (the cell's format shows it rounded, as the report).
            _ if ind.from_survey => score.and_then(|s| s.actual),
            _ => ind.actual,
        };
        let mut note = None;
        match value {
            Some(v) => {
                let places = if ind.from_survey { dp } else { v.scale() };
                let combined = matches!(self.cols.target, Target::Combined(_));
                if !own_unit.is_empty() && own_unit != ind.unit.trim() && !combined {
                    // Another unit than the 度量单位 column's: written with it, as text.
                    self.cell(col, &format!("{}{unit}", num::stated(v)), Style::Centre)?;
                } else if combined && !unit.is_empty() && !unit.contains(['"', '\\']) {
                    self.number(col, col, Some(v), &format!("{}\"{unit}\"", fixed_format(places)))?;
                } else if combined && !unit.is_empty() {
                    self.cell(col, &format!("{}{unit}", num::stated(v)), Style::Centre)?;
                } else {
                    self.number(col, col, Some(v), &fixed_format(places))?;
                }
                let typed = ind.actual_text.trim();
                if ind.from_survey {
                    note = Some("满意度调查：满意人数 ÷ 有效样本数".to_string());
                } else if !typed.is_empty() {
                    note = Some(typed.to_string());
                }
            }
            None => {
                let shown = match score {
                    Some(s) => actual_value(ind, s, dp).0,
                    None => ind.actual_text.trim().to_string(),
                };
                let shown = if shown == num::MISSING { String::new() } else { shown };
                // A 定性 row's band is what its score rests on: the cell names it before the
                // text ("达成年度指标：每月25日前完成发放"), as forms write 达成预期指标.
                let shown = match ind.band {
                    Some(b) if ind.nature == IndicatorNature::Qualitative && shown != b.label() => {
                        if shown.is_empty() {
                            b.label().to_string()
                        } else {
                            format!("{}：{shown}", b.label())
                        }
                    }
                    _ => shown,
                };
                self.cell(col, &shown, Style::Centre)?;
            }
        }
        if let Some(n) = note {
            self.sheet.insert_note(self.row, col, &Note::new(n).set_author("jixiao"))?;
        }
        Ok(())
    }

    /// 总分 (分值 and 得分 as SUM formulas where the sum is the figure) and 自评等级.
    fn total(&mut self, first: RowNum, end: RowNum, budget_weight: &str, budget_score: &str) -> Result<(), XlsxError> {
        let sc = self.sc;
        let c = self.cols;
        let dp = self.dp();
        let last = self.last();
        let label = if self.layout == Layout::Sichuan { "合计" } else { "总分" };
        self.across(0, c.weight - 1, label, Style::Heading)?;
        // The budget's cell in the funds block, then the column of the indicator rows.
        let terms = |budget: &str, col: ColNum| {
            if end > first {
                format!("{budget},{}", rust_xlsxwriter::cell_range(first, col, end - 1, col))
            } else {
                budget.to_string()
            }
        };
        let any_dropped = sc.indicators.iter().any(|s| s.dropped);
        // 分值: the sum of the weights written above, when that is the form's full weight
        // (each weight as scored; nothing dropped, or dropped and rescaled to the full
        // weight); else jixiao's figure as a number.
        if self.weights_as_scored && (!any_dropped || sc.rescale.is_some()) {
            let t = terms(budget_weight, c.weight);
            self.sum(c.weight, c.weight, &t, sc.max_total, "General")?;
        } else {
            self.number(c.weight, c.weight, Some(sc.max_total), "General")?;
        }
        // 得分: the sum of the scores written above (an inapplicable row's "不适用" is text,
        // which SUM leaves out), unless rescaled; "—" while the form cannot be scored.
        if !sc.scorable {
            self.across(c.score, last, "—", Style::Centre)?;
        } else if sc.rescale.is_none() {
            let t = terms(budget_score, c.score);
            self.sum(c.score, c.score, &t, sc.total, &fixed_format(dp))?;
            self.cell(c.deviation, "", Style::Text)?;
        } else {
            self.number(c.score, c.score, Some(sc.total), &fixed_format(dp))?;
            self.cell(c.deviation, "", Style::Text)?;
        }
        self.row += 1;
        if let Some(r) = &sc.rescale {
            let text = format!("{}：{}", r.rule(), r.formula());
            self.across(0, last, &text, Style::Text)?;
            self.row += 1;
        }
        self.across(0, c.weight - 1, "自评等级", Style::Heading)?;
        let grade = if sc.scorable { sc.grade.label() } else { NOT_GRADED };
        self.across(c.weight, last, grade, Style::Centre)?;
        self.row += 1;
        Ok(())
    }

    /// Sichuan's closing rows: 评价结论 / 存在问题 / 改进措施 (the report's texts).
    fn closing(&mut self) -> Result<(), XlsxError> {
        let words = Words { ev: self.ev, sc: self.sc };
        let last = self.last();
        for (label, section) in [
            ("评价结论", NarrativeSection::SummaryConclusion),
            ("存在问题", NarrativeSection::Problems),
            ("改进措施", NarrativeSection::Suggestions),
        ] {
            let text = words.section(section).join("\n");
            self.across(0, 1, label, Style::Heading)?;
            self.across(2, last, &text, Style::Text)?;
            self.row += 1;
        }
        Ok(())
    }

    /// Column widths, row heights and the page setup.
    fn finish(&mut self) -> Result<(), XlsxError> {
        self.sheet.set_name(SHEET)?;
        for (col, w) in self.widths.iter().enumerate() {
            self.sheet.set_column_width(col as ColNum, *w)?;
        }
        let lines = std::mem::take(&mut self.lines);
        for (row, n) in lines {
            self.sheet.set_row_height(row, (n as f64 * LINE_HEIGHT + 6.0).min(409.0))?;
        }
        self.sheet.set_paper_size(9); // A4
        self.sheet.set_landscape();
        self.sheet.set_print_fit_to_pages(1, 0);
        self.sheet.set_print_center_horizontally(true);
        self.sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        self.sheet.set_footer("&C第 &P 页，共 &N 页");
        Ok(())
    }
}
