//! Writing an evaluation as an .xlsx workbook (issue 17; being written).
use super::{Layout, WorkbookError};
use crate::model::Evaluation;

pub fn write(_evaluation: &Evaluation, _layout: Layout) -> Result<Vec<u8>, WorkbookError> {
    Err(WorkbookError { message: "导出 Excel 工作簿的功能尚未完成".into() })
}
