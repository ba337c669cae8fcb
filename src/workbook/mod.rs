//! Excel workbooks (.xlsx / .xls / .ods): reading a filled 自评表 into a draft, and writing one in
//! an official layout. Pure core (no browser): used by the CLI and by the on-demand worker module,
//! never by the first-load app, so that the format crates (calamine, rust_xlsxwriter) do not grow
//! the first load.

pub mod export;
pub mod grid;
pub mod layout;
pub mod read;

use crate::model::Evaluation;
use serde::{Deserialize, Serialize};

/// The 自评表 layouts that circulate (each has a test workbook under tests/fixtures/workbooks/).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// 财预〔2020〕10号 national template.
    National2020,
    /// 云南: 年度指标值 split into 指标性质 | 指标值 | 度量单位 under a two-row header.
    Yunnan,
    /// 四川: 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 …
    Sichuan,
}

impl Layout {
    pub const ALL: [Layout; 3] = [Layout::National2020, Layout::Yunnan, Layout::Sichuan];

    pub fn label(self) -> &'static str {
        match self {
            Layout::National2020 => "财政部 2020 年模板（财预〔2020〕10号）",
            Layout::Yunnan => "云南格式",
            Layout::Sichuan => "四川格式",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Layout::National2020 => "national2020",
            Layout::Yunnan => "yunnan",
            Layout::Sichuan => "sichuan",
        }
    }

    pub fn from_key(key: &str) -> Option<Layout> {
        Layout::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// Where one figure of the draft was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadCell {
    /// The field path (lib.rs: `funds.total.executed`, `indicators.<id>.actual`, …).
    pub path: String,
    /// Sheet and cell, e.g. `自评表!H12`.
    pub cell: String,
    /// The cell's text as the workbook shows it.
    pub text: String,
}

/// Something in the sheet that was not understood (listed in the import preview).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unrecognised {
    /// Sheet and cell (or range), e.g. `自评表!A30`.
    pub cell: String,
    pub text: String,
    /// Why it was not read, in Chinese.
    pub reason: String,
}

/// A workbook read into a new evaluation, with where each figure came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub evaluation: Evaluation,
    /// The sheet the 自评表 was found on.
    pub sheet: String,
    /// The layout recognised, if it is one of the known ones.
    pub layout: Option<Layout>,
    pub read: Vec<ReadCell>,
    pub unrecognised: Vec<Unrecognised>,
    /// Plain-Chinese notes for the preview (a formula cell with no stored value, …).
    pub notes: Vec<String>,
}

/// A workbook that cannot be read or written: a message in Chinese saying what is wrong and
/// where. Nothing is changed when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkbookError {
    pub message: String,
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WorkbookError {}

/// Reads a workbook (the bytes of an .xlsx / .xls / .ods file named `file_name`).
pub fn import_workbook(bytes: &[u8], file_name: &str) -> Result<Imported, WorkbookError> {
    read::import(bytes, file_name)
}

/// Writes the evaluation as an .xlsx workbook in `layout`.
pub fn export_workbook(evaluation: &Evaluation, layout: Layout) -> Result<Vec<u8>, WorkbookError> {
    export::write(evaluation, layout)
}
