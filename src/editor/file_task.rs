//! 导入 Excel 自评表 and 导出 Excel / 下载 Word: the state of a request to the file-format module
//! (issue 17), as a reducer ([`FileTask::apply`] of a [`FileAction`]). Pure: the UI
//! (`src/ui/workbook.rs`) runs the request through `browser::worker` and sends what happens as
//! actions; tested natively (tests/file_task.rs).
//!
//! An import never changes anything until it is confirmed: the workbook is read into a preview
//! (what was read from which cell, what was not recognised, notes); 确认导入 hands the evaluation
//! over as a NEW draft (the UI gives it a fresh id), 取消 forgets it. A failure leaves a message
//! and nothing else. Each request has a number: the answer of a request that was cancelled or
//! replaced by a newer one is ignored.

use crate::draft;
use crate::model::Evaluation;
use crate::worker_protocol::ImportPreview;

/// How far the file-format module's load is (mirrors `browser::worker::Loading`, which is wasm
/// only).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// Downloading the module: bytes received, of `total` (0: unknown).
    Fetching { loaded: f64, total: f64 },
    Starting,
    Working,
}

/// What the task shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum FileTask {
    #[default]
    Idle,
    /// A request under way: what it is (`what`, e.g. the file's name) and how far.
    Busy { seq: u32, what: String, progress: Progress },
    /// An import read, waiting for 确认导入 / 取消.
    Preview { preview: ImportPreview, evaluation: Box<Evaluation> },
    /// Done, with a line to show (导出 / Word: the file downloaded).
    Done { message: String },
    /// Refused: a Chinese sentence (nothing was changed).
    Failed { message: String },
}

/// What happens to a task.
#[derive(Debug, Clone, PartialEq)]
pub enum FileAction {
    /// A new request, numbered `seq` (replaces whatever was shown).
    Start { seq: u32, what: String },
    Progress { seq: u32, progress: Progress },
    /// The module's import answer: the preview and the evaluation as a draft file's bytes.
    Imported { seq: u32, preview: ImportPreview, draft_json: Vec<u8> },
    /// An export or a .docx was downloaded.
    Downloaded { seq: u32, message: String },
    /// A file the page shows itself (the 报告 tab's report) was written: nothing to say.
    Finished { seq: u32 },
    Failed { seq: u32, message: String },
    /// 取消 (a preview, a message, or a request still under way: its answer is then ignored).
    Dismiss,
    /// 确认导入: the preview has been handed over as a new draft.
    Confirmed,
}

impl FileTask {
    /// The number of the request under way, if any.
    pub fn busy_seq(&self) -> Option<u32> {
        match self {
            FileTask::Busy { seq, .. } => Some(*seq),
            _ => None,
        }
    }

    /// The next state. An answer for another request than the one under way changes nothing.
    pub fn apply(&self, action: FileAction) -> FileTask {
        let current = |seq: u32| self.busy_seq() == Some(seq);
        match action {
            FileAction::Start { seq, what } => FileTask::Busy { seq, what, progress: Progress::Starting },
            FileAction::Progress { seq, progress } if current(seq) => match self {
                FileTask::Busy { what, .. } => FileTask::Busy { seq, what: what.clone(), progress },
                _ => self.clone(),
            },
            FileAction::Imported { seq, preview, draft_json } if current(seq) => match draft::parse(&draft_json) {
                Ok(loaded) => FileTask::Preview { preview, evaluation: Box::new(loaded.draft.evaluation) },
                Err(e) => FileTask::Failed { message: format!("无法导入“{}”：读出的内容无法作为草稿使用（{e}）", preview.file_name) },
            },
            FileAction::Downloaded { seq, message } if current(seq) => FileTask::Done { message },
            FileAction::Finished { seq } if current(seq) => FileTask::Idle,
            FileAction::Failed { seq, message } if current(seq) => FileTask::Failed { message },
            FileAction::Dismiss | FileAction::Confirmed => FileTask::Idle,
            _ => self.clone(),
        }
    }
}
