//! The report as a Word document (.docx), from the same report structure as the HTML (issue 18;
//! being written). Used by the CLI and the on-demand worker module, never by the first load.
use crate::model::Evaluation;

/// The report of `evaluation` as the bytes of a .docx file.
pub fn write(_evaluation: &Evaluation) -> Result<Vec<u8>, String> {
    Err("生成 Word 文档的功能尚未完成".into())
}

/// `<项目名称>绩效评价报告.docx`.
pub fn file_name(evaluation: &Evaluation) -> String {
    super::file_name(evaluation).replace(".html", ".docx")
}
