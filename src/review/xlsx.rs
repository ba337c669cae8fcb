//! The reviewer's summary table as an Excel workbook (审核汇总表.xlsx), written by the
//! file-format module (in its worker, [`crate::worker_protocol::Request::SummaryXlsx`]) with
//! rust_xlsxwriter: the CSV's columns ([`super::COLUMNS`]) and texts, but figures as numbers
//! with number formats (money `#,##0.00`, 执行率 as a percentage, scores at the form's
//! decimals, 差额 signed), a bold header row that stays in view (frozen), an autofilter over the
//! table and column widths that fit the contents. The cells come from [`SummaryRow::cells`] and
//! the row's own figures: nothing is recomputed here.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::{SummaryRow, COLUMNS};
use crate::workbook::export::{f64_of, fixed_format, fraction, text_width};

/// The sheet's name.
pub const SHEET: &str = "审核汇总表";
/// The file's name.
pub const FILE_NAME: &str = "审核汇总表.xlsx";

/// The rows as the bytes of an .xlsx file.
pub fn write(rows: &[SummaryRow]) -> Result<Vec<u8>, String> {
    let fail = |e: rust_xlsxwriter::XlsxError| format!("无法生成 Excel 汇总表：{e}");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET).map_err(fail)?;
    let base = Format::new().set_font_size(11).set_border(FormatBorder::Thin).set_align(FormatAlign::VerticalCenter);
    let head = base.clone().set_bold().set_background_color("F0F0F0").set_align(FormatAlign::Center).set_text_wrap();
    let text = base.clone();
    let number = |num_format: &str| base.clone().set_align(FormatAlign::Right).set_num_format(num_format);
    let money = number("#,##0.00##");
    let count = number("0");
    let mut widths: Vec<f64> = COLUMNS.iter().map(|c| text_width(c) + 2.0).collect();
    for (c, title) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &head).map_err(fail)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        let cells = row.cells();
        let score = number(&fixed_format(row.decimals));
        let signed = {
            let f = fixed_format(row.decimals);
            number(&format!("+{f};-{f};{f}"))
        };
        let rate = number(&format!("{}%", fixed_format(row.decimals)));
        let figures: [(usize, Option<Decimal>, &Format); 6] = [
            (4, row.budget_full, &money),
            (5, row.executed, &money),
            (6, row.execution_rate.map(fraction), &rate),
            (7, row.claimed_total, &score),
            (8, row.computed_total, &score),
            (9, row.difference, &signed),
        ];
        for (c, cell) in cells.iter().enumerate() {
            let col = c as u16;
            if let Some((_, value, format)) = figures.iter().find(|(k, ..)| *k == c) {
                match value {
                    Some(v) => sheet.write_number_with_format(r, col, f64_of(*v), format).map(|_| ()),
                    None => sheet.write_blank(r, col, format).map(|_| ()),
                }
                .map_err(fail)?;
            } else if c == 12 || c == 13 {
                let n = if c == 12 { row.errors } else { row.warnings };
                sheet.write_number_with_format(r, col, n as f64, &count).map_err(fail)?;
            } else {
                sheet.write_string_with_format(r, col, cell, &text).map_err(fail)?;
            }
            widths[c] = widths[c].max(text_width(cell) + 2.0);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, w.min(60.0)).map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1).map_err(fail)?;
    workbook.save_to_buffer().map_err(fail)
}
