//! The file-format module's protocol (issue 17): what the app asks of the on-demand worker
//! module (`src/bin/jixiao-worker.rs`, a Web Worker) and what it answers. Pure core: both
//! sides' types and the worker's whole work ([`handle`]) compile natively and are tested with
//! `cargo test` (tests/worker_protocol.rs); the worker binary only moves messages.
//!
//! A message is `{ id, head, bytes }`: `head` a JSON text (a [`Request`] going in, a [`Reply`]
//! coming back), `bytes` an `ArrayBuffer` transferred (never copied) between the threads:
//!
//! | op | request bytes | reply |
//! | --- | --- | --- |
//! | `import` | the workbook file | [`ImportPreview`] in `head`, the evaluation as a draft file (`draft::to_json`) in `bytes` |
//! | `export` | the draft file (`draft::to_stored_json`) | the .xlsx file in `bytes` |
//! | `docx` | the draft file | the .docx file in `bytes` |
//! | `report` | the draft file | the report (`report::render`), an HTML file, in `bytes` |
//! | `default_texts` | the draft file | [`Reply::Texts`]: each narrative section's default text |
//! | `unzip` | a .zip of submissions (审核) | [`Reply::Unzipped`]: its entries in `head` (JSON text inside the reply: `review::archive::entries_json`), their bytes one after another in `bytes` |
//! | `summary_xlsx` | the 审核 summary rows (JSON, `review::to_json_bytes`) | the .xlsx file in `bytes` |
//! | `opinion_docx` | one 审核 submission (JSON) | its 审核意见书 as .docx in `bytes` |
//!
//! The evaluation crosses as draft-file JSON, read by the app with `draft::parse`: the first-load
//! app compiles the model's `Deserialize` for that one deserializer only (ARCHITECTURE.md), and
//! an imported evaluation is checked like any imported draft. Every failure is a Chinese
//! sentence in [`Reply::Failed`]; nothing panics on any input.

use serde::{Deserialize, Serialize};

use crate::draft::{self, Draft};
use crate::workbook::{self, Layout, ReadCell, Unrecognised};

/// What the app asks of the worker (the `head` of a request; `bytes` per op: module doc).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// Read a workbook (`bytes`: the file) named `file_name`.
    Import { file_name: String },
    /// Write the draft (`bytes`) as an .xlsx workbook in `layout`.
    Export { layout: Layout },
    /// Write the draft's report (`bytes`) as a .docx document.
    Docx,
    /// Write the draft's report (`bytes`) as the HTML file the 报告 tab previews and downloads.
    /// Here, not in the editor's wasm: the report writer is about 10 KB gzip of the first load
    /// (issue 20's 400 KB ceiling), and the module is the one place that renders the document.
    Report,
    /// The default text of each narrative section of the draft (`bytes`): what the report
    /// writes where the section is left empty, shown in the 报告文字 section as its placeholder.
    /// Here for the same reason as [`Request::Report`] (the text writer is about 5 KB gzip).
    DefaultTexts,
    /// Unpack a .zip of submissions (`bytes`) named `file_name` (审核, [`crate::review::archive`]).
    Unzip { file_name: String },
    /// Write the 审核 summary rows (`bytes`: a JSON array of [`crate::review::SummaryRow`]) as
    /// an .xlsx workbook ([`crate::review::xlsx`]).
    SummaryXlsx,
    /// Write a 审核 submission's 审核意见书 (`bytes`: a [`crate::review::Submission`] as JSON)
    /// as a .docx document ([`crate::review::opinion::docx`]).
    OpinionDocx,
}

/// The worker's answer (the `head` of a reply): `{"imported":{…}}`, `"file"`,
/// `{"failed":{"message":…}}`. Externally tagged (serde's default) on purpose: the app reads it,
/// and an internally tagged enum is read through serde's buffering `Content` deserializer, which
/// costs first-load wasm for every type inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// An import: what was read (the evaluation itself is in `bytes`, as a draft file).
    Imported(ImportPreview),
    /// An export or a .docx: the file is in `bytes`.
    File,
    /// [`Request::DefaultTexts`]: one text per section, in `NarrativeSection::ALL`'s order
    /// (its paragraphs joined by line breaks; empty where the report writes nothing).
    Texts(Vec<String>),
    /// Refused: a Chinese sentence saying what is wrong and where.
    Failed { message: String },
    /// A .zip unpacked: its files ([`crate::review::archive::Entry`]s as JSON text,
    /// [`crate::review::archive::entries_json`] — a string here, so that the editor's wasm, which
    /// reads every reply, compiles no reader of the entries: the 审核 page reads them with
    /// [`crate::review::archive::read_entries`]), their bytes one after another in `bytes`
    /// (each entry's `size` in turn; [`crate::review::archive::split`]).
    Unzipped(String),
}

/// Everything of [`workbook::Imported`] but the evaluation: what the import preview lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The file's name, as the user picked it.
    pub file_name: String,
    pub sheet: String,
    pub layout: Option<Layout>,
    pub read: Vec<ReadCell>,
    pub unrecognised: Vec<Unrecognised>,
    pub notes: Vec<String>,
}

/// A request's `head` as the app sends it. Written through the same serializer type as the
/// draft files (`serde_json::Serializer` with a `PrettyFormatter`, here without indentation), so
/// the first-load app compiles no second one.
pub fn request_json(request: &Request) -> String {
    let mut out = Vec::with_capacity(64);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b""));
    // Plain data with string keys: cannot fail.
    let _ = request.serialize(&mut ser);
    String::from_utf8(out).unwrap_or_default()
}

/// A reply's `head` as the app reads it: `serde_json::from_slice`, the deserializer type the
/// draft reader uses (a second one, `from_str`, costs first-load wasm).
pub fn read_reply(head: &str) -> Result<Reply, String> {
    serde_json::from_slice(head.as_bytes()).map_err(|e| format!("文件模块的回答无法读取（{e}）"))
}

/// The id and the timestamps of the draft an import sends back: placeholders (the app gives
/// the imported evaluation a fresh id and the time when the user confirms it).
const IMPORTED_ID: &str = "imported";

/// The worker's whole work: a request (`head`, `bytes`) → a reply (`head` JSON, `bytes`).
pub fn handle(head: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let (reply, out) = match serde_json::from_str::<Request>(head) {
        Ok(request) => answer(request, bytes),
        Err(e) => (Reply::Failed { message: format!("文件模块收到了无法识别的请求（{e}）") }, Vec::new()),
    };
    (serde_json::to_string(&reply).unwrap_or_default(), out)
}

fn answer(request: Request, bytes: &[u8]) -> (Reply, Vec<u8>) {
    let failed = |message: String| (Reply::Failed { message }, Vec::new());
    match request {
        Request::Import { file_name } if is_wps_et(&file_name) => failed(wps_et_message(&file_name)),
        Request::Import { file_name } => match workbook::import_workbook(bytes, &file_name) {
            Ok(imported) => {
                let preview = ImportPreview {
                    file_name,
                    sheet: imported.sheet,
                    layout: imported.layout,
                    read: imported.read,
                    unrecognised: imported.unrecognised,
                    notes: imported.notes,
                };
                let draft = Draft {
                    id: IMPORTED_ID.into(),
                    created: String::new(),
                    modified: String::new(),
                    evaluation: imported.evaluation,
                };
                (Reply::Imported(preview), draft::to_stored_json(&draft).into_bytes())
            }
            Err(e) => failed(format!("无法导入“{file_name}”：{e}")),
        },
        Request::Export { layout } => match draft::parse_any_size(bytes) {
            Ok(loaded) => match workbook::export_workbook(&loaded.draft.evaluation, layout) {
                Ok(file) => (Reply::File, file),
                Err(e) => failed(format!("无法导出 Excel：{e}")),
            },
            Err(e) => failed(format!("无法导出 Excel：草稿无法读取（{e}）")),
        },
        Request::Docx => match draft::parse_any_size(bytes) {
            Ok(loaded) => match crate::report::docx::write(&loaded.draft.evaluation) {
                Ok(file) => (Reply::File, file),
                Err(e) => failed(format!("无法生成 Word 文档：{e}")),
            },
            Err(e) => failed(format!("无法生成 Word 文档：草稿无法读取（{e}）")),
        },
        Request::Report => match draft::parse_any_size(bytes) {
            Ok(loaded) => (Reply::File, crate::report::render(&loaded.draft).into_bytes()),
            Err(e) => failed(format!("无法生成报告：草稿无法读取（{e}）")),
        },
        Request::DefaultTexts => match draft::parse_any_size(bytes) {
            Ok(loaded) => (Reply::Texts(default_texts(&loaded.draft.evaluation)), Vec::new()),
            Err(e) => failed(format!("无法写出默认文字：草稿无法读取（{e}）")),
        },
        Request::Unzip { file_name } => match crate::review::archive::unpack(bytes) {
            Ok((entries, out)) => (Reply::Unzipped(crate::review::archive::entries_json(&entries)), out),
            Err(e) => failed(format!("无法打开压缩包“{file_name}”：{e}")),
        },
        Request::SummaryXlsx => match serde_json::from_slice::<Vec<crate::review::SummaryRow>>(bytes) {
            Ok(rows) => match crate::review::xlsx::write(&rows) {
                Ok(file) => (Reply::File, file),
                Err(e) => failed(e),
            },
            Err(e) => failed(format!("无法生成 Excel 汇总表：汇总数据无法读取（{e}）")),
        },
        Request::OpinionDocx => match serde_json::from_slice::<crate::review::Submission>(bytes) {
            Ok(sub) => match crate::review::opinion::docx(&sub) {
                Ok(file) => (Reply::File, file),
                Err(e) => failed(format!("无法生成审核意见书（Word）：{e}")),
            },
            Err(e) => failed(format!("无法生成审核意见书（Word）：审核数据无法读取（{e}）")),
        },
    }
}

/// Each narrative section's default text (`NarrativeSection::ALL` order), of the evaluation as
/// assessed: the report's own wording (`report::text::Words::default_texts`).
pub fn default_texts(evaluation: &crate::model::Evaluation) -> Vec<String> {
    let assessment = crate::assess(evaluation);
    crate::report::text::Words { ev: evaluation, sc: &assessment.scorecard }.default_texts()
}

/// The exported workbook's file name: `<项目名称>绩效自评表.xlsx` (the name cleaned like the
/// report's, [`crate::report::file_name`]).
pub fn workbook_file_name(evaluation: &crate::model::Evaluation) -> String {
    let report = crate::report::file_name(evaluation);
    let base = report.strip_suffix("绩效评价报告.html").unwrap_or(&report);
    format!("{base}绩效自评表.xlsx")
}

/// The extensions the workbook import takes (the file picker's `accept`), and WPS's own.
pub const WORKBOOK_EXTENSIONS: [&str; 5] = [".xlsx", ".xlsm", ".xls", ".ods", ".et"];

/// Whether a file is to go to the workbook import (by its name's extension), rather than to the
/// draft import.
pub fn is_workbook_name(file_name: &str) -> bool {
    WORKBOOK_EXTENSIONS.iter().any(|ext| has_extension(file_name, ext))
}

/// Whether `file_name` ends with `ext`, ASCII letters in any case (no Unicode case tables: this
/// runs in the first-load app).
fn has_extension(file_name: &str, ext: &str) -> bool {
    let (name, ext) = (file_name.as_bytes(), ext.as_bytes());
    name.len() >= ext.len() && name[name.len() - ext.len()..].eq_ignore_ascii_case(ext)
}

/// A WPS .et file: its own format, which the reader does not take (the message says to save it
/// as .xlsx). Checked in the app before the module is loaded, and by the reader.
pub fn is_wps_et(file_name: &str) -> bool {
    has_extension(file_name, ".et")
}

/// The message for a WPS .et file.
pub fn wps_et_message(file_name: &str) -> String {
    format!("无法导入“{file_name}”：这是 WPS 表格自己的 .et 格式，jixiao 读不了。请在 WPS 中打开它，点“文件 → 另存为”，选“Excel 工作簿（*.xlsx）”保存后再导入")
}

/// The largest workbook the app reads (checked before the file is read): a filled 自评表 is
/// tens of KB; the reader has its own limits on what a file may decompress to.
pub const MAX_WORKBOOK_BYTES: usize = 16 * 1024 * 1024;
