//! 导入 Excel 自评表 (start screen: picker and drag-and-drop, a preview, 确认导入 / 取消),
//! 导出 Excel (the editor, a choice of layouts) and 下载 Word (the report tab), through the
//! file-format module started on first use (`browser::worker`). Each component keeps its task in
//! a reducer ([`FileTask`], pure: `editor::file_task`) and sends it actions; the page stays
//! usable while the module loads (the progress shows) or works.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::browser::{self, worker};
use crate::draft::{self, Draft};
use crate::editor::file_task::{FileAction, FileTask, Progress};
use crate::workbook::Layout;
use crate::worker_protocol::{self as protocol, ImportPreview, Reply, Request};

impl Reducible for FileTask {
    type Action = FileAction;
    fn reduce(self: Rc<Self>, action: FileAction) -> Rc<Self> {
        let next = self.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// A task's state and its dispatcher (`use_reducer(FileTask::default)`).
pub type TaskHandle = UseReducerHandle<FileTask>;

thread_local! {
    static SEQ: Cell<u32> = const { Cell::new(0) };
}

fn next_seq() -> u32 {
    SEQ.with(|s| {
        s.set(s.get() + 1);
        s.get()
    })
}

fn progress_of(loading: worker::Loading) -> Progress {
    match loading {
        worker::Loading::Fetching { loaded, total } => Progress::Fetching { loaded, total },
        worker::Loading::Starting => Progress::Starting,
        worker::Loading::Working => Progress::Working,
    }
}

fn loading_of(progress: Progress) -> worker::Loading {
    match progress {
        Progress::Fetching { loaded, total } => worker::Loading::Fetching { loaded, total },
        Progress::Starting => worker::Loading::Starting,
        Progress::Working => worker::Loading::Working,
    }
}

/// Runs one request to the module under `seq`, its progress sent to `dispatch`.
async fn run(
    dispatch: UseReducerDispatcher<FileTask>,
    seq: u32,
    request: Request,
    bytes: js_sys::ArrayBuffer,
) -> Result<(Reply, js_sys::Uint8Array), String> {
    let d = dispatch.clone();
    worker::call(&request, bytes, move |l| d.dispatch(FileAction::Progress { seq, progress: progress_of(l) })).await
}

/// Reads a picked or dropped workbook in the module and shows its preview (or why not).
/// Nothing else changes.
pub fn start_import(task: &TaskHandle, file: web_sys::File) {
    let dispatch = task.dispatcher();
    let seq = next_seq();
    let name = file.name();
    dispatch.dispatch(FileAction::Start { seq, what: format!("正在读取“{name}”") });
    if protocol::is_wps_et(&name) {
        dispatch.dispatch(FileAction::Failed { seq, message: protocol::wps_et_message(&name) });
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = match worker::read_file_buffer(&file, protocol::MAX_WORKBOOK_BYTES).await {
            Ok(bytes) => run(dispatch.clone(), seq, Request::Import { file_name: name.clone() }, bytes).await,
            Err(message) => Err(format!("无法导入“{name}”：{message}")),
        };
        dispatch.dispatch(match result {
            Ok((Reply::Imported(preview), draft_json)) => FileAction::Imported { seq, preview, draft_json: draft_json.to_vec() },
            Ok(_) => FileAction::Failed { seq, message: format!("无法导入“{name}”：文件模块的回答不是导入结果") },
            Err(message) => FileAction::Failed { seq, message },
        });
    });
}

/// Sends the draft (as its file) with `request` to the module as a new task of `task`, numbered
/// and returned; its progress goes to the task, and `finish` turns the module's file (or why
/// there is none) into the task's last action. The one path of 导出 Excel, 下载 Word and the
/// 报告 tab's report.
fn send_draft(
    task: &TaskHandle,
    draft: &Draft,
    request: Request,
    what: String,
    finish: impl FnOnce(u32, Result<js_sys::Uint8Array, String>) -> FileAction + 'static,
) -> u32 {
    let dispatch = task.dispatcher();
    let seq = next_seq();
    dispatch.dispatch(FileAction::Start { seq, what });
    let bytes = worker::buffer_of(draft::to_stored_json(draft).as_bytes());
    wasm_bindgen_futures::spawn_local(async move {
        let file = run(dispatch.clone(), seq, request, bytes).await.map(|(_, file)| file);
        dispatch.dispatch(finish(seq, file));
    });
    seq
}

/// A request for a file of the draft (`request`: export or docx), downloaded as `file_name`.
fn start_download(task: &TaskHandle, draft: &Draft, request: Request, file_name: String, mime: &'static str, what: &str) {
    send_draft(task, draft, request, format!("正在生成{what}"), move |seq, file| match file {
        Ok(file) => match browser::download_array(&file_name, mime, &file) {
            Ok(()) => FileAction::Downloaded { seq, message: format!("已下载“{file_name}”") },
            Err(message) => FileAction::Failed { seq, message },
        },
        Err(message) => FileAction::Failed { seq, message },
    });
}

/// Has the module write the draft's report (`Request::Report`), its progress shown by `task`.
/// Returns the request's number; `done` gets it and the HTML file's bytes once written (on a
/// failure `task` holds the message and `done` is not called).
pub fn start_report(task: &TaskHandle, draft: &Draft, done: impl FnOnce(u32, js_sys::Uint8Array) + 'static) -> u32 {
    send_draft(task, draft, Request::Report, "正在撰写报告".into(), move |seq, file| match file {
        Ok(file) => {
            // The file first: the task turns idle (打印 / 下载报告 enabled) with it in place.
            done(seq, file);
            FileAction::Finished { seq }
        }
        // The module's own refusals name the report already; a load failure does not.
        Err(message) if message.starts_with("无法生成报告") => FileAction::Failed { seq, message },
        Err(message) => FileAction::Failed { seq, message: format!("无法生成报告：{message}") },
    })
}

/// Has the module write the draft's narrative default texts (`Request::DefaultTexts`, the
/// 报告文字 placeholders); `done` gets them. Quietly: a failure only leaves the placeholders
/// as they are (the console says why) — nothing the user asked for failed.
pub fn start_default_texts(draft: &Draft, done: impl FnOnce(Vec<String>) + 'static) {
    let bytes = worker::buffer_of(draft::to_stored_json(draft).as_bytes());
    wasm_bindgen_futures::spawn_local(async move {
        match worker::call(&Request::DefaultTexts, bytes, |_| {}).await {
            Ok((Reply::Texts(texts), _)) => done(texts),
            Ok(_) => browser::log_error("文件模块的回答不是默认文字"),
            Err(message) => browser::log_error(&format!("无法写出默认文字：{message}")),
        }
    });
}

/// The load's or the work's progress (`data-testid="worker-progress"`).
pub fn progress_view(what: &str, progress: Progress) -> Html {
    let loading = loading_of(progress);
    let line = match progress {
        Progress::Working => format!("{what}…"),
        _ => loading.text(),
    };
    html! {
        <div class="worker-progress" data-testid="worker-progress" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            { match loading.fraction() {
                Some((done, whole)) => html! { <progress max={whole.to_string()} value={done.to_string()}></progress> },
                None => html! { <progress></progress> },
            } }
            <span data-testid="worker-progress-text">{ line }</span>
        </div>
    }
}

/// A task's progress, result line or error (the export and Word buttons show it under them).
pub fn task_status(task: &TaskHandle) -> Html {
    let dismiss = {
        let d = task.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(FileAction::Dismiss))
    };
    match &**task {
        FileTask::Busy { what, progress, .. } => progress_view(what, *progress),
        FileTask::Done { message } => html! {
            <p class="notice" role="status" data-testid="worker-done">{ message.clone() }
                <button type="button" class="btn-small" aria-label="关闭提示" onclick={dismiss}>{ "✕" }</button></p>
        },
        FileTask::Failed { message } => html! {
            <p class="error" role="alert" data-testid="worker-error">{ message.clone() }
                <button type="button" class="btn-small" aria-label="关闭提示" onclick={dismiss}>{ "✕" }</button></p>
        },
        _ => html! {},
    }
}

// ---------------------------------------------------------------------------------------------
// Import (start screen)

/// The accept list of the workbook picker.
fn accept() -> String {
    protocol::WORKBOOK_EXTENSIONS.join(",")
}

/// 导入 Excel 自评表… (a `<label>` around a file input, `data-testid="import-workbook"`). A plain
/// function, not a component: each Yew component type compiles its own copy of Yew's component
/// machinery into the first-load wasm.
pub fn import_button(task: &TaskHandle) -> Html {
    let on_pick = {
        let task = task.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files = browser::files_of(input.files());
            input.set_value("");
            if let Some(file) = files.into_iter().next() {
                start_import(&task, file);
            }
        })
    };
    html! {
        <label class="button" data-testid="import-workbook" title="读取已填好的绩效自评表（.xlsx、.xls、.ods），先预览，确认后成为新草稿">
            { "导入 Excel 自评表…" }
            <input type="file" class="visually-hidden" accept={accept()} onchange={on_pick} />
        </label>
    }
}

/// The import's progress, its error, or its preview with 确认导入 / 取消 (`on_open` opens the
/// confirmed import as a new draft).
pub fn import_panel(task: &TaskHandle, on_open: &Callback<Draft>) -> Html {
    let dismiss = {
        let d = task.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(FileAction::Dismiss))
    };
    match &**task {
        FileTask::Preview { preview, evaluation } => {
            let confirm = {
                let d = task.dispatcher();
                let on_open = on_open.clone();
                let evaluation = evaluation.clone();
                Callback::from(move |_: MouseEvent| {
                    let now = browser::now_iso();
                    // Always a new draft: a fresh id, never the one being edited.
                    on_open.emit(Draft { id: browser::new_id(), created: now.clone(), modified: now, evaluation: (*evaluation).clone() });
                    d.dispatch(FileAction::Confirmed);
                })
            };
            preview_view(preview, evaluation, confirm, dismiss)
        }
        FileTask::Busy { what, progress, .. } => html! {
            <div class="import-workbook-status">{ progress_view(what, *progress) }</div>
        },
        FileTask::Failed { message } => html! {
            <div class="error import-error" data-testid="import-workbook-error" role="alert">
                <p>{ message.clone() }</p>
                <p class="hint">{ "已有的草稿没有改变。" }</p>
                <button type="button" class="btn-small" onclick={dismiss}>{ "知道了" }</button>
            </div>
        },
        _ => html! {},
    }
}

/// The label of a field path in the preview: the form's word, with the indicator's name for a
/// row's field.
fn read_label(path: &str, evaluation: &crate::model::Evaluation) -> String {
    let label = crate::editor::field_label(path);
    match crate::editor::indicator_path(path) {
        Some((id, _)) => match evaluation.indicators.iter().find(|i| i.id == id) {
            Some(row) if !row.name.trim().is_empty() => format!("{} · {label}", row.name.trim()),
            _ => label,
        },
        None => label,
    }
}

fn preview_view(preview: &ImportPreview, evaluation: &crate::model::Evaluation, confirm: Callback<MouseEvent>, cancel: Callback<MouseEvent>) -> Html {
    let name = evaluation.header.name.trim();
    let layout = preview.layout.map(Layout::label).unwrap_or("未识别的格式（按表头文字读取）");
    let rows = evaluation.indicators.iter().filter(|i| i.level == 3).count();
    html! {
        <div class="dialog import-preview" data-testid="import-preview" role="dialog" aria-modal="true" aria-labelledby="h-import-preview">
            <h3 id="h-import-preview">{ format!("导入预览：{}", preview.file_name) }</h3>
            <dl class="import-summary">
                <dt>{ "工作表" }</dt><dd data-testid="import-sheet">{ preview.sheet.clone() }</dd>
                <dt>{ "格式" }</dt><dd data-testid="import-layout">{ layout }</dd>
                <dt>{ "项目名称" }</dt><dd>{ if name.is_empty() { "（未读到）" } else { name } }</dd>
                <dt>{ "三级指标" }</dt><dd data-testid="import-rows">{ format!("{rows} 项") }</dd>
            </dl>
            if !preview.notes.is_empty() {
                <ul class="import-notes" data-testid="import-notes">
                    { for preview.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                </ul>
            }
            <details open=true class="import-read-list">
                <summary>{ format!("读到的内容（{} 项）", preview.read.len()) }</summary>
                <table class="import-read" data-testid="import-read">
                    <thead><tr><th>{ "项目" }</th><th>{ "内容" }</th><th>{ "单元格" }</th></tr></thead>
                    <tbody>
                        { for preview.read.iter().map(|r| html! {
                            <tr data-path={r.path.clone()}>
                                <td>{ read_label(&r.path, evaluation) }</td>
                                <td>{ r.text.clone() }</td>
                                <td class="cell-ref">{ r.cell.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </details>
            if !preview.unrecognised.is_empty() {
                <details open=true>
                    <summary>{ format!("未识别的内容（{} 处，不会导入）", preview.unrecognised.len()) }</summary>
                    <table class="import-unrecognised" data-testid="import-unrecognised">
                        <thead><tr><th>{ "单元格" }</th><th>{ "内容" }</th><th>{ "原因" }</th></tr></thead>
                        <tbody>
                            { for preview.unrecognised.iter().map(|u| html! {
                                <tr><td class="cell-ref">{ u.cell.clone() }</td><td>{ u.text.clone() }</td><td>{ u.reason.clone() }</td></tr>
                            }) }
                        </tbody>
                    </table>
                </details>
            }
            <p class="hint">{ "确认后导入为一份新草稿，已有的草稿不会改变。" }</p>
            <div class="dialog-buttons">
                <button type="button" class="primary" data-testid="import-confirm" onclick={confirm}>{ "确认导入" }</button>
                <button type="button" data-testid="import-preview-cancel" onclick={cancel}>{ "取消" }</button>
            </div>
        </div>
    }
}

// ---------------------------------------------------------------------------------------------
// Export (editor) and Word (report tab)

/// Which file of the draft a [`FileDownload`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownloadKind {
    /// 导出 Excel: a layout (`Layout::ALL`) and the button; `<项目名称>绩效自评表.xlsx`.
    Workbook,
    /// 下载 Word: the report as a .docx (`report::docx::file_name`).
    Docx,
}

#[derive(Properties)]
pub struct FileDownloadProps {
    pub draft: Rc<Draft>,
    pub kind: DownloadKind,
}

impl PartialEq for FileDownloadProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.draft, &other.draft) && self.kind == other.kind
    }
}

/// 导出 Excel (editor header) or 下载 Word (报告 tab): one component for both (one copy of Yew's
/// component code), its task in a [`FileTask`] reducer.
#[function_component(FileDownload)]
pub fn file_download(p: &FileDownloadProps) -> Html {
    let task = use_reducer(FileTask::default);
    let layout = use_node_ref();
    let start = {
        let task = task.clone();
        let draft = p.draft.clone();
        let (kind, layout) = (p.kind, layout.clone());
        Callback::from(move |_: MouseEvent| match kind {
            DownloadKind::Workbook => {
                let chosen = layout
                    .cast::<web_sys::HtmlSelectElement>()
                    .and_then(|s| Layout::from_key(&s.value()))
                    .unwrap_or(Layout::National2020);
                let file_name = protocol::workbook_file_name(&draft.evaluation);
                let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
                start_download(&task, &draft, Request::Export { layout: chosen }, file_name, mime, " Excel 自评表");
            }
            DownloadKind::Docx => {
                let file_name = crate::report::docx::file_name(&draft.evaluation);
                let mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
                start_download(&task, &draft, Request::Docx, file_name, mime, " Word 文档");
            }
        })
    };
    let busy = task.busy_seq().is_some();
    match p.kind {
        DownloadKind::Workbook => html! {
            <div class="export-workbook" data-testid="export-workbook-group">
                <label class="visually-hidden" for="export-layout">{ "Excel 格式" }</label>
                <select id="export-layout" data-testid="export-layout" ref={layout} title="导出的自评表格式">
                    { for Layout::ALL.into_iter().map(|l| html! { <option value={l.key()}>{ l.label() }</option> }) }
                </select>
                <button type="button" data-testid="export-workbook" onclick={start} disabled={busy}
                    title="下载按所选格式排版的绩效自评表（.xlsx），可用 Excel 或 WPS 打开">{ "导出 Excel" }</button>
                { task_status(&task) }
            </div>
        },
        DownloadKind::Docx => html! {
            <span class="download-docx">
                <button type="button" data-testid="download-docx" onclick={start} disabled={busy}
                    title="下载报告的 Word 文档（.docx）">{ "下载 Word" }</button>
                { task_status(&task) }
            </span>
        },
    }
}
