//! Reading a workbook into an [`Imported`]: the container checks and the sheets' grids
//! ([`super::grid`]), the 自评表 sheet found by name or by content, then its blocks recognised
//! by their words ([`super::layout`]) and filled into a new evaluation.
use super::grid::{self, Grid};
use super::layout;
use super::{Imported, WorkbookError};

pub fn import(bytes: &[u8], file_name: &str) -> Result<Imported, WorkbookError> {
    let kind = grid::check_container(bytes, file_name)?;
    let grids = grid::read_sheets(bytes, kind, file_name)?;
    let Some(sheet) = find_form_sheet(&grids) else {
        let names: Vec<&str> = grids.iter().map(|g| g.sheet.as_str()).collect();
        return Err(WorkbookError {
            message: format!(
                "「{file_name}」中没有找到自评表：工作表（{}）中没有名为“自评表”的，也没有哪一张同时写有“项目名称”和“一级指标 / 三级指标”表头。请确认导入的是项目支出绩效自评表",
                if names.is_empty() { "无".to_string() } else { names.join("、") }
            ),
        });
    };
    Ok(layout::read_form(sheet))
}

/// The sheet holding the 自评表: one whose name says so and has an indicator table, else the
/// first one whose content has both a 项目名称 and an indicator table's header.
fn find_form_sheet(grids: &[Grid]) -> Option<&Grid> {
    let has_table = |g: &Grid| layout::find_indicator_header(g).is_some();
    let has_name = |g: &Grid| layout::find_label(g, &["项目名称"]).is_some();
    grids
        .iter()
        .find(|g| g.sheet.contains("自评") && has_table(g))
        .or_else(|| grids.iter().find(|g| has_table(g) && has_name(g)))
        .or_else(|| grids.iter().find(|g| has_table(g)))
}
