//! Reading a workbook into an [`Imported`] (issue 17; being written).
use super::{Imported, WorkbookError};

pub fn import(_bytes: &[u8], _file_name: &str) -> Result<Imported, WorkbookError> {
    Err(WorkbookError { message: "读取 Excel 工作簿的功能尚未完成".into() })
}
