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
