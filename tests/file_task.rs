//! The state of a request to the file-format module (src/editor/file_task.rs): an import is a
//! preview until confirmed, answers of cancelled or replaced requests are ignored.

use jixiao::draft::{self, Draft};
use jixiao::editor::file_task::{FileAction, FileTask, Progress};
use jixiao::worker_protocol::ImportPreview;

fn preview() -> ImportPreview {
    ImportPreview {
        file_name: "自评表.xlsx".into(),
        sheet: "自评表".into(),
        layout: None,
        read: vec![],
        unrecognised: vec![],
        notes: vec![],
    }
}

fn sample_json() -> Vec<u8> {
    let sample = jixiao::sample::pension_2019();
    draft::to_stored_json(&Draft { id: "imported".into(), ..sample }).into_bytes()
}

fn start(seq: u32) -> FileTask {
    FileTask::Idle.apply(FileAction::Start { seq, what: "正在读取".into() })
}

#[test]
fn an_import_is_a_preview_of_the_evaluation_until_confirmed() {
    let busy = start(1).apply(FileAction::Progress { seq: 1, progress: Progress::Fetching { loaded: 10.0, total: 100.0 } });
    assert!(matches!(busy, FileTask::Busy { progress: Progress::Fetching { .. }, .. }));
    let shown = busy.apply(FileAction::Imported { seq: 1, preview: preview(), draft_json: sample_json() });
    let FileTask::Preview { evaluation, preview: p } = &shown else { panic!("{shown:?}") };
    assert_eq!(evaluation.header.name, "城乡居民社会养老保险区级配套");
    assert_eq!(p.sheet, "自评表");
    assert_eq!(shown.apply(FileAction::Confirmed), FileTask::Idle);
    assert_eq!(shown.apply(FileAction::Dismiss), FileTask::Idle);
}

#[test]
fn answers_of_a_cancelled_or_older_request_change_nothing() {
    let cancelled = start(1).apply(FileAction::Dismiss);
    assert_eq!(cancelled.apply(FileAction::Imported { seq: 1, preview: preview(), draft_json: sample_json() }), FileTask::Idle);
    let newer = start(1).apply(FileAction::Start { seq: 2, what: "导出".into() });
    assert_eq!(newer.apply(FileAction::Failed { seq: 1, message: "旧的".into() }), newer);
    assert_eq!(newer.apply(FileAction::Failed { seq: 2, message: "新的".into() }), FileTask::Failed { message: "新的".into() });
}

#[test]
fn an_import_whose_evaluation_cannot_be_read_fails_naming_the_file() {
    let failed = start(3).apply(FileAction::Imported { seq: 3, preview: preview(), draft_json: b"{}".to_vec() });
    let FileTask::Failed { message } = failed else { panic!("{failed:?}") };
    assert!(message.starts_with("无法导入“自评表.xlsx”"), "{message}");
}

/// The 报告 tab's request: finished, the task is idle again (no line to show: the preview is the
/// answer); a finish for an older request changes nothing.
#[test]
fn a_report_written_leaves_the_task_idle_and_an_old_finish_is_ignored() {
    let busy = FileTask::default().apply(FileAction::Start { seq: 7, what: "正在撰写报告".into() });
    assert_eq!(busy.busy_seq(), Some(7));
    assert_eq!(busy.apply(FileAction::Finished { seq: 6 }), busy);
    assert_eq!(busy.apply(FileAction::Finished { seq: 7 }), FileTask::Idle);
    let failed = busy.apply(FileAction::Failed { seq: 7, message: "无法生成报告：x".into() });
    assert_eq!(failed.apply(FileAction::Finished { seq: 7 }), failed, "a finish after the failure changes nothing");
}
