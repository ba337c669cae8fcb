//! 审核: the reviewer's page (issue 19, `#review`). A batch of units' submissions is read file
//! after file (in slices, yielding to the browser, with a progress bar), summarised in one
//! table ([`crate::review::SummaryRow`], computed once per file), filtered, sorted and searched,
//! drawn as three inline SVG charts, and each submission opened read-only (its 自评表 and report
//! as the report writes them, its findings) with the reviewer's 审核意见 and 已审 mark. The
//! batch is kept in localStorage (compact, [`Batch::to_stored_json`]) and saved and opened as one
//! batch file. Every figure comes from `crate::review`; nothing is computed here.
//!
//! State: one reducer ([`ReviewState`], [`Msg`]); the batch itself sits behind an
//! `Rc<RefCell<_>>` inside it (a batch of 1,000 evaluations is not copied per action), changed
//! only by the reducer, with a version number that the memos and the autosave follow.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser;
use crate::browser::folder::PathedFile;
use crate::library::{Store, StoreError};
use crate::model::{Evaluation, Grade};
use crate::reconcile::Severity;
use crate::review::{self, Added, Batch, Filter, SortKey, SummaryRow, COLUMNS};

/// The old address of the page (`#review` on the editor's page, which now loads review.html).
pub const HASH: &str = "review";
/// Where the batch is kept in localStorage.
const STORE_KEY: &str = "jixiao.review.batch";
/// Rows per page of the table (pages keep a batch of 1,000 responsive).
const PAGE_ROWS: usize = 50;
/// The largest batch file 打开批次 reads.
const MAX_BATCH_BYTES: usize = 256 * 1024 * 1024;
/// How long the reading works before it lets the browser paint and handle input (ms).
const SLICE_MS: f64 = 40.0;
/// How many files are read side by side (one wait for all of them).
const READ_AHEAD: usize = 32;

/// THE SEAM for workbooks: what a file of the batch holds, as an evaluation, or why it cannot be
/// read (in Chinese, without the file's name). Draft files (`*.jixiao.json`) are read here with
/// the draft reader, 自评表 workbooks by the file-format module of issue 17 (in its worker).
pub async fn evaluation_of(file_name: &str, bytes: &[u8]) -> Result<Evaluation, String> {
    use crate::worker_protocol::{Reply, Request};
    let lower = file_name.to_lowercase();
    if lower.ends_with(".et") {
        return Err("WPS 表格文件（.et）不能直接读取：请在 WPS 中另存为 Excel 工作簿（.xlsx）后再加入".into());
    }
    if [".docx", ".doc", ".wps", ".pdf"].iter().any(|x| lower.ends_with(x)) {
        return Err("不能审核 Word 或 PDF 文件：请加入草稿文件（.jixiao.json）、自评表工作簿（.xlsx、.xls、.ods）或它们的 .zip 压缩包".into());
    }
    if lower.ends_with(".zip") {
        return Err("压缩包中的压缩包不会打开：请先把它解压，再把其中的文件加入本批次".into());
    }
    // A 自评表 workbook: read by the file-format module (loaded on first use, in a worker), which
    // answers with the draft it made.
    if [".xlsx", ".xlsm", ".xls", ".ods"].iter().any(|x| lower.ends_with(x)) {
        let request = Request::Import { file_name: file_name.to_string() };
        let (reply, draft_json) = browser::worker::call(&request, browser::worker::buffer_of(bytes), |_| {}).await?;
        return match reply {
            Reply::Imported(_) => crate::draft::parse(&draft_json.to_vec())
                .map(|loaded| loaded.draft.evaluation)
                .map_err(|e| e.to_string()),
            _ => Err("文件模块的回答不是导入结果".into()),
        };
    }
    crate::draft::parse(bytes).map(|loaded| loaded.draft.evaluation).map_err(|e| e.to_string())
}

/// The batch and its summary rows (the rows in the batch's order, each with its submission).
#[derive(Default)]
struct Model {
    batch: Batch,
    rows: Vec<(usize, SummaryRow)>,
}

/// What a file read gave.
pub struct Outcome {
    file: String,
    bytes: Vec<u8>,
    read: Result<Evaluation, String>,
}

#[derive(Clone)]
pub struct ReviewState {
    model: Rc<RefCell<Model>>,
    /// Bumped at each change of the batch (the memos' and the autosave's key).
    version: u64,
    /// (what, done, total) while files are read or rows summarised.
    progress: Option<(&'static str, usize, usize)>,
    /// What the file-format module is doing (loading, working) for an unzip or an export.
    busy: Option<String>,
    notices: Vec<String>,
    error: Option<String>,
    /// Whether the batch as it is now is stored (None: not tried yet), or why not.
    stored: Option<Result<(), String>>,
    filter: Filter,
    sort: Option<(SortKey, bool)>,
    search: String,
    page: usize,
    open: Option<usize>,
}

impl PartialEq for ReviewState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.model, &other.model)
            && self.version == other.version
            && self.progress == other.progress
            && self.busy == other.busy
            && self.notices == other.notices
            && self.error == other.error
            && self.stored == other.stored
            && self.filter == other.filter
            && self.sort == other.sort
            && self.search == other.search
            && self.page == other.page
            && self.open == other.open
    }
}

impl Default for ReviewState {
    fn default() -> Self {
        ReviewState {
            model: Rc::new(RefCell::new(Model { batch: Batch::new(), rows: Vec::new() })),
            version: 0,
            progress: None,
            busy: None,
            notices: Vec::new(),
            error: None,
            stored: None,
            filter: Filter::All,
            sort: None,
            search: String::new(),
            page: 0,
            open: None,
        }
    }
}

pub enum Msg {
    Progress(&'static str, usize, usize),
    /// The file-format module's step (None: done).
    Busy(Option<String>),
    /// Files read (a slice of them).
    Add(Vec<Outcome>),
    /// A batch to review instead of the current one (打开批次, the stored one); its rows follow.
    Replace(Batch),
    /// Summary rows of a replaced batch (a slice).
    Rows(Vec<(usize, SummaryRow)>),
    Done,
    Clear,
    Filter(Filter),
    SortBy(SortKey),
    Search(String),
    Page(usize),
    Open(Option<usize>),
    Opinion(usize, String),
    Reviewed(usize, bool),
    Stored(Result<(), String>),
    Error(Option<String>),
    DismissNotices,
}

impl Reducible for ReviewState {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut s = (*self).clone();
        let changed = |s: &mut ReviewState| {
            s.version += 1;
            s.stored = None;
        };
        match msg {
            Msg::Progress(what, done, total) => s.progress = Some((what, done, total)),
            Msg::Busy(step) => s.busy = step,
            Msg::Add(outcomes) => {
                let mut m = s.model.borrow_mut();
                for o in outcomes {
                    match m.batch.add(&o.file, &o.bytes, o.read) {
                        Added::New => {
                            let i = m.batch.submissions.len() - 1;
                            if let Some(row) = m.batch.row_of(i) {
                                m.rows.push((i, row));
                            }
                        }
                        Added::Duplicate { existing } => s.notices.push(if existing == o.file {
                            format!("“{}”已在本批次中（同一文件），没有重复加入。", o.file)
                        } else {
                            format!("“{}”与已加入的“{existing}”是同一个文件，没有重复加入。", o.file)
                        }),
                    }
                }
                drop(m);
                changed(&mut s);
            }
            Msg::Replace(batch) => {
                *s.model.borrow_mut() = Model { batch, rows: Vec::new() };
                s.open = None;
                s.page = 0;
                changed(&mut s);
            }
            Msg::Rows(rows) => {
                s.model.borrow_mut().rows.extend(rows);
                s.version += 1;
            }
            Msg::Done => s.progress = None,
            Msg::Clear => {
                *s.model.borrow_mut() = Model { batch: Batch::new(), rows: Vec::new() };
                s.open = None;
                s.page = 0;
                s.notices.clear();
                changed(&mut s);
            }
            Msg::Filter(f) => {
                s.filter = f;
                s.page = 0;
            }
            Msg::SortBy(key) => {
                s.sort = Some(match s.sort {
                    Some((k, desc)) if k == key => (key, !desc),
                    _ => (key, false),
                });
            }
            Msg::Search(t) => {
                s.search = t;
                s.page = 0;
            }
            Msg::Page(p) => s.page = p,
            Msg::Open(i) => s.open = i,
            Msg::Opinion(i, text) => {
                if let Some(sub) = s.model.borrow_mut().batch.submissions.get_mut(i) {
                    sub.opinion = text;
                }
                changed(&mut s);
            }
            Msg::Reviewed(i, on) => {
                if let Some(sub) = s.model.borrow_mut().batch.submissions.get_mut(i) {
                    sub.reviewed = on;
                }
                changed(&mut s);
            }
            Msg::Stored(r) => s.stored = Some(r),
            Msg::Error(e) => s.error = e,
            Msg::DismissNotices => {
                s.notices.clear();
                s.error = None;
            }
        }
        Rc::new(s)
    }
}

type Dispatch = UseReducerDispatcher<ReviewState>;

/// The largest .zip of submissions the page reads (its files have their own limits:
/// [`review::archive`]).
const MAX_ZIP_BYTES: usize = 256 * 1024 * 1024;

fn is_zip(name: &str) -> bool {
    name.to_lowercase().ends_with(".zip")
}

/// Reads files one after another into the batch: a progress update and a turn for the browser
/// every [`SLICE_MS`]; a file that cannot be read is added with its message. A .zip is unpacked
/// by the file-format module and each of its files goes the same way, named
/// `批次.zip/某单位/自评表.xlsx`.
fn read_files(files: Vec<PathedFile>, d: Dispatch) {
    let files: Vec<PathedFile> = files
        .into_iter()
        .filter(|(path, _)| !path.rsplit('/').next().unwrap_or(path).starts_with('.'))
        .collect();
    if files.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let _measure = browser::perf_measure("review-batch");
        let mut reader = Reader { d: d.clone(), slice: Vec::new(), since: browser::now_ms(), done: 0, total: files.len() };
        d.dispatch(Msg::Progress("读取中", 0, reader.total));
        browser::yield_to_browser().await;
        for chunk in files.chunks(READ_AHEAD) {
            let plain: Vec<web_sys::File> =
                chunk.iter().filter(|(p, _)| !is_zip(p)).filter_map(|(_, f)| f.as_ref().ok().cloned()).collect();
            let mut read = browser::read_files(&plain, crate::worker_protocol::MAX_WORKBOOK_BYTES).await.into_iter();
            for (name, file) in chunk {
                let name = name.clone();
                let outcome = match file {
                    Err(message) => unread(name, 0.0, message.clone()),
                    Ok(file) if is_zip(&name) => {
                        reader.unzip(&name, file).await;
                        continue;
                    }
                    Ok(file) => match read.next() {
                        Some(Ok(bytes)) => {
                            let read = evaluation_of(&name, &bytes).await;
                            Outcome { file: name, bytes, read }
                        }
                        Some(Err(message)) => unread(name, file.size(), message),
                        None => unread(name, file.size(), "浏览器无法读取此文件".into()),
                    },
                };
                reader.push(outcome).await;
            }
        }
        reader.flush().await;
        d.dispatch(Msg::Done);
    });
}

/// A file not read: recognised by its name and size only.
fn unread(name: String, size: f64, message: String) -> Outcome {
    Outcome { bytes: format!("unread:{name}:{size}").into_bytes(), file: name, read: Err(message) }
}

/// The reading of a batch: outcomes gathered and handed to the page a slice at a time.
struct Reader {
    d: Dispatch,
    slice: Vec<Outcome>,
    since: f64,
    done: usize,
    total: usize,
}

impl Reader {
    async fn push(&mut self, outcome: Outcome) {
        self.slice.push(outcome);
        self.done += 1;
        if browser::now_ms() - self.since > SLICE_MS {
            self.flush().await;
        }
    }

    async fn flush(&mut self) {
        self.d.dispatch(Msg::Add(std::mem::take(&mut self.slice)));
        self.d.dispatch(Msg::Progress("读取中", self.done, self.total));
        browser::yield_to_browser().await;
        self.since = browser::now_ms();
    }

    /// A .zip: unpacked by the file-format module; each file of it read as if dropped alone.
    /// A zip that cannot be opened is one row with its message.
    async fn unzip(&mut self, name: &str, file: &web_sys::File) {
        use crate::worker_protocol::{Reply, Request};
        let d = self.d.clone();
        let unpacked = match browser::worker::read_file_buffer(file, MAX_ZIP_BYTES).await {
            Ok(buffer) => {
                let request = Request::Unzip { file_name: name.rsplit('/').next().unwrap_or(name).to_string() };
                browser::worker::call(&request, buffer, move |step| d.dispatch(Msg::Busy(Some(step.text())))).await
            }
            Err(e) => Err(format!("无法打开压缩包：{e}")),
        };
        self.d.dispatch(Msg::Busy(None));
        let (entries, bytes) = match unpacked {
            Ok((Reply::Unzipped(entries), bytes)) => match review::archive::read_entries(&entries) {
                Ok(entries) => (entries, bytes.to_vec()),
                Err(message) => return self.push(unread(name.to_string(), file.size(), message)).await,
            },
            Ok(_) => return self.push(unread(name.to_string(), file.size(), "文件模块的回答不是解压结果".into())).await,
            Err(message) => return self.push(unread(name.to_string(), file.size(), message)).await,
        };
        if entries.is_empty() {
            return self.push(unread(name.to_string(), file.size(), "压缩包中没有文件".into())).await;
        }
        // The zip counts as its files.
        self.total += entries.len() - 1;
        for (entry, part) in review::archive::split(&entries, &bytes) {
            let inner = entry.legacy_name.as_deref().and_then(browser::folder::decode_gbk).unwrap_or_else(|| entry.name.clone());
            let path = format!("{name}/{inner}");
            let outcome = match &entry.error {
                Some(message) => Outcome { bytes: format!("zip:{path}").into_bytes(), file: path, read: Err(message.clone()) },
                None => {
                    let read = evaluation_of(&path, part).await;
                    Outcome { file: path, bytes: part.to_vec(), read }
                }
            };
            self.push(outcome).await;
        }
    }
}

/// Puts `batch` in place of the current one and summarises it in slices.
fn replace_batch(batch: Batch, d: Dispatch) {
    let evaluations: Vec<Option<(String, Evaluation)>> =
        batch.submissions.iter().map(|s| s.evaluation.clone().map(|e| (s.file.clone(), e))).collect();
    d.dispatch(Msg::Replace(batch));
    wasm_bindgen_futures::spawn_local(async move {
        let total = evaluations.len();
        let mut slice = Vec::new();
        let mut since = browser::now_ms();
        d.dispatch(Msg::Progress("汇总中", 0, total));
        for (i, e) in evaluations.into_iter().enumerate() {
            if let Some((file, e)) = e {
                slice.push((i, SummaryRow::of(&file, &e)));
            }
            if browser::now_ms() - since > SLICE_MS || i + 1 == total {
                d.dispatch(Msg::Rows(std::mem::take(&mut slice)));
                d.dispatch(Msg::Progress("汇总中", i + 1, total));
                browser::yield_to_browser().await;
                since = browser::now_ms();
            }
        }
        d.dispatch(Msg::Done);
    });
}

/// Stores the batch; the error says in Chinese why it could not be.
fn store(batch: &Batch) -> Result<(), String> {
    let mut store = browser::LocalStore::open().map_err(|e| format!("浏览器不允许保存数据（{e}）"))?;
    if batch.submissions.is_empty() {
        return store.remove(STORE_KEY).map_err(|e| e.to_string());
    }
    let text = batch.to_stored_json();
    match store.set(STORE_KEY, &text) {
        Ok(()) => Ok(()),
        Err(e) => {
            // What is stored is older than the page: drop it rather than reopen it later.
            let _ = store.remove(STORE_KEY);
            let mb = Decimal::from(text.len() as u64 * 2) / Decimal::from(1024 * 1024);
            Err(match e {
                StoreError::QuotaExceeded => format!(
                    "本批次太大（约 {} MB），浏览器的存储空间放不下，没有保存在浏览器中。请点“保存批次”把批次（含审核意见和已审标记）下载为文件，以后用“打开批次”继续。",
                    mb.round_dp(1)
                ),
                other => format!("批次没有保存在浏览器中（{other}）。请点“保存批次”把批次下载为文件。"),
            })
        }
    }
}

/// The stored batch, if any (a stored text that cannot be read is reported, never dropped).
fn stored_batch() -> Result<Option<Batch>, String> {
    let store = browser::LocalStore::open().map_err(|e| e.to_string())?;
    match store.get(STORE_KEY).map_err(|e| e.to_string())? {
        None => Ok(None),
        Some(text) => Batch::from_json(&text).map(Some).map_err(|e| format!("浏览器中保存的审核批次无法读取：{e}")),
    }
}

#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    pub on_close: Callback<()>,
}

/// review.html's app (src/bin/jixiao-review.rs): the 审核 page, whose 返回 loads the editor's
/// page. (Back leaves review.html as any page: the browser's own history.)
#[function_component(ReviewApp)]
pub fn review_app() -> Html {
    let on_close = Callback::from(|()| browser::open_page(browser::editor_page(), false));
    html! { <ReviewPage {on_close} /> }
}

/// The 审核 page.
#[function_component(ReviewPage)]
pub fn review_page(p: &ReviewProps) -> Html {
    let state = use_reducer(ReviewState::default);
    let d = state.dispatcher();
    // The stored batch, on opening.
    {
        let d = d.clone();
        use_effect_with((), move |_| {
            match stored_batch() {
                Ok(Some(b)) => replace_batch(b, d),
                Ok(None) => {}
                Err(e) => d.dispatch(Msg::Error(Some(e))),
            }
        });
    }
    // Autosave: 400 ms after the last change, and not while files are being read; at once when
    // the page is hidden or closed with a change not stored yet (an opinion typed just before).
    let timer = use_mut_ref(|| None::<Timeout>);
    let dirty = use_mut_ref(|| false);
    {
        let model = state.model.clone();
        let d = d.clone();
        let timer = timer.clone();
        let dirty = dirty.clone();
        let reading = state.progress.is_some();
        let pending = state.stored.is_none() && state.version > 0;
        use_effect_with((state.version, reading, pending), move |(_, reading, pending)| {
            if *pending && !*reading {
                *dirty.borrow_mut() = true;
                *timer.borrow_mut() = Some(Timeout::new(400, move || {
                    *dirty.borrow_mut() = false;
                    let r = store(&model.borrow().batch);
                    d.dispatch(Msg::Stored(r));
                }));
            }
        });
    }
    {
        let model = state.model.clone();
        let dirty = dirty.clone();
        use_effect_with((), move |_| {
            let flush = move || {
                if std::mem::take(&mut *dirty.borrow_mut()) {
                    let _ = store(&model.borrow().batch);
                }
            };
            let window = web_sys::window().expect("window");
            let document = window.document().expect("document");
            let on_hide = {
                let flush = flush.clone();
                EventListener::new(&window, "pagehide", move |_| flush())
            };
            let on_hidden = EventListener::new(&document.clone(), "visibilitychange", move |_| {
                if document.hidden() {
                    flush();
                }
            });
            move || drop((on_hide, on_hidden))
        });
    }
    // Files dropped anywhere on the page.
    {
        let d = d.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document()).expect("document");
            let over = EventListener::new_with_options(&document, "dragover", EventListenerOptions::enable_prevent_default(), |e| {
                e.prevent_default()
            });
            let dropped = EventListener::new_with_options(&document, "drop", EventListenerOptions::enable_prevent_default(), move |e| {
                e.prevent_default();
                if let Some(transfer) = e.dyn_ref::<web_sys::DragEvent>().and_then(|e| e.data_transfer()) {
                    // Taken now: the drop's items are gone once this handler returns.
                    let dropped = browser::folder::dropped(&transfer);
                    let d = d.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        read_files(browser::folder::dropped_files(dropped).await, d);
                    });
                }
            });
            move || drop((over, dropped))
        });
    }

    let pick = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files = browser::folder::picked_files(input.files());
            input.set_value("");
            read_files(files, d.clone());
        })
    };
    let open_batch = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = browser::files_of(input.files()).into_iter().next() else { return };
            input.set_value("");
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let read = browser::read_file(&file, MAX_BATCH_BYTES)
                    .await
                    .and_then(|b| String::from_utf8(b).map_err(|_| "文件不是 UTF-8 文本".to_string()))
                    .and_then(|t| Batch::from_json(&t));
                match read {
                    Ok(b) => {
                        d.dispatch(Msg::Error(None));
                        replace_batch(b, d);
                    }
                    Err(e) => d.dispatch(Msg::Error(Some(format!("无法打开批次“{name}”：{e}。当前批次没有改变。")))),
                }
            });
        })
    };
    let save_batch = {
        let model = state.model.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download("审核批次.jixiao-review.json", "application/json", &model.borrow().batch.to_json());
        })
    };
    let close = {
        let c = p.on_close.clone();
        Callback::from(move |_: MouseEvent| c.emit(()))
    };
    let clear = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message("清空本批次？审核意见和已审标记也会删除（已下载的批次文件不受影响）。").ok())
                .unwrap_or(false);
            if sure {
                d.dispatch(Msg::Clear);
            }
        })
    };

    let model = state.model.borrow();
    let n = model.batch.submissions.len();
    let bad: Vec<(usize, &review::Submission)> =
        model.batch.submissions.iter().enumerate().filter(|(_, s)| s.evaluation.is_none()).collect();
    let reviewed = model.batch.reviewed_count();
    let msg = |m: fn() -> Msg| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(m()))
    };
    html! {
        <div class="review" data-testid="review-page">
            <header class="editor-header">
                <button type="button" class="link" onclick={close} data-testid="review-back">{ "← 首页" }</button>
                <h1 class="project-title">{ "审核（批量核对）" }</h1>
                <span class="review-count" data-testid="review-count">
                    { format!("共 {n} 份，可评分 {} 份，无法读取 {} 份，已审 {reviewed} 份", model.rows.len(), bad.len()) }
                </span>
            </header>
            <div class="toolbar review-toolbar">
                <label class="button primary">{ "添加文件…" }
                    <input type="file" multiple=true hidden=true accept=".json,.jixiao.json,application/json,.xlsx,.xlsm,.xls,.ods,.zip,application/zip" onchange={pick.clone()} data-testid="review-files" />
                </label>
                <label class="button">{ "选择文件夹…" }
                    <input type="file" multiple=true hidden=true webkitdirectory=true onchange={pick} data-testid="review-folder" />
                </label>
                <label class="button">{ "打开批次…" }
                    <input type="file" hidden=true accept=".json,application/json" onchange={open_batch} data-testid="review-open-batch" />
                </label>
                <button type="button" onclick={save_batch} disabled={n == 0} data-testid="review-save-batch">{ "保存批次" }</button>
                <button type="button" onclick={export_csv(&state)} disabled={model.rows.is_empty()} data-testid="review-csv">{ "导出汇总表（CSV）" }</button>
                <button type="button" onclick={export_xlsx(&state)} disabled={model.rows.is_empty() || state.busy.is_some()} data-testid="review-xlsx">{ "导出汇总表（Excel）" }</button>
                <button type="button" onclick={clear} disabled={n == 0} data-testid="review-clear">{ "清空批次" }</button>
                <span class="review-hint">{ "可一次选择或拖入多个草稿文件（.jixiao.json）、自评表（.xlsx、.xls、.ods）或它们的 .zip 压缩包，也可选择或拖入整个文件夹。" }</span>
            </div>
            if let Some(step) = &state.busy {
                <div class="review-progress" role="status" data-testid="review-busy">{ step.clone() }</div>
            }
            if let Some((what, done, total)) = state.progress {
                <div class="review-progress" role="status" data-testid="review-progress">
                    <progress max={total.to_string()} value={done.to_string()}></progress>
                    { format!(" {what} {done}/{total}") }
                </div>
            }
            <div class="review-status" data-testid="review-stored">
                { match &state.stored {
                    Some(Ok(())) if n > 0 => html! { <span class="ok">{ "已保存在浏览器中" }</span> },
                    Some(Err(e)) => html! { <span class="error" role="alert" data-testid="review-store-error">{ e.clone() }</span> },
                    _ => html! {},
                } }
            </div>
            if state.error.is_some() || !state.notices.is_empty() {
                <div class="notice" role="status" data-testid="review-notices">
                    if let Some(e) = &state.error { <p class="error" data-testid="review-error">{ e.clone() }</p> }
                    { for state.notices.iter().map(|t| html! { <p data-testid="review-duplicate">{ t.clone() }</p> }) }
                    <button type="button" class="btn-small" aria-label="关闭提示" onclick={msg(|| Msg::DismissNotices)}>{ "✕" }</button>
                </div>
            }
            if let Some(i) = state.open {
                <SubmissionView index={i} state={(*state).clone()} dispatch={d.clone()} />
            }
            // The charts once the files are read (a thousand points drawn per slice would slow
            // the reading down).
            if !model.rows.is_empty() && state.progress.is_none() {
                <Charts state={(*state).clone()} />
            }
            <SummaryTable state={(*state).clone()} dispatch={d.clone()} />
            if !bad.is_empty() {
                <section class="review-bad" aria-labelledby="h-bad">
                    <h2 id="h-bad">{ format!("无法读取的文件（{}）", bad.len()) }</h2>
                    <ul>
                        { for bad.iter().map(|(i, s)| html! {
                            <li key={*i} data-testid="bad-file" data-file={s.file.clone()}>
                                <strong>{ s.file.clone() }</strong>{ "：" }{ s.error.clone().unwrap_or_default() }
                            </li>
                        }) }
                    </ul>
                </section>
            }
        </div>
    }
}

/// 导出汇总表（Excel）: the rows as shown, written by the file-format module.
fn export_xlsx(state: &UseReducerHandle<ReviewState>) -> Callback<MouseEvent> {
    let s = (**state).clone();
    let d = state.dispatcher();
    Callback::from(move |_| {
        let rows: Vec<SummaryRow> = shown(&s).into_iter().map(|(_, r)| r).collect();
        let request = crate::worker_protocol::Request::SummaryXlsx;
        let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        from_worker(request, review::to_json_bytes(&rows), review::xlsx::FILE_NAME.to_string(), mime, d.clone());
    })
}

/// Asks the file-format module for a file (its steps shown as they come) and offers it as a
/// download; a failure is said on the page.
fn from_worker(request: crate::worker_protocol::Request, bytes: Vec<u8>, file_name: String, mime: &'static str, d: Dispatch) {
    wasm_bindgen_futures::spawn_local(async move {
        let busy = d.clone();
        let made = browser::worker::call(&request, browser::worker::buffer_of(&bytes), move |step| {
            busy.dispatch(Msg::Busy(Some(step.text())))
        })
        .await;
        d.dispatch(Msg::Busy(None));
        match made.and_then(|(_, file)| browser::download_array(&file_name, mime, &file)) {
            Ok(()) => {}
            Err(e) => d.dispatch(Msg::Error(Some(format!("无法生成“{file_name}”：{e}")))),
        }
    });
}

fn export_csv(state: &UseReducerHandle<ReviewState>) -> Callback<MouseEvent> {
    let state = (**state).clone();
    Callback::from(move |_| {
        let rows: Vec<SummaryRow> = shown(&state).into_iter().map(|(_, r)| r).collect();
        browser::download("审核汇总表.csv", "text/csv;charset=utf-8", &review::to_csv(&rows));
    })
}

/// The table's rows as shown: filtered, searched, sorted (every page).
fn shown(s: &ReviewState) -> Vec<(usize, SummaryRow)> {
    let m = s.model.borrow();
    let mut rows: Vec<(usize, SummaryRow)> =
        m.rows.iter().filter(|(_, r)| s.filter.keeps(r) && r.matches_search(&s.search)).cloned().collect();
    if let Some((key, desc)) = s.sort {
        review::sort_by(&mut rows, |(_, r)| r, key, desc);
    }
    rows
}

#[derive(Properties, PartialEq)]
struct TableProps {
    state: ReviewState,
    dispatch: Dispatch,
}

#[function_component(SummaryTable)]
fn summary_table(p: &TableProps) -> Html {
    let s = &p.state;
    let d = &p.dispatch;
    let rows = shown(s);
    let m = s.model.borrow();
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let page = s.page.min(pages - 1);
    let send = |make: Rc<dyn Fn() -> Msg>| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(make()))
    };
    let count = |f: Filter| m.rows.iter().filter(|(_, r)| f.keeps(r)).count();
    let search = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Msg::Search(input.value()));
        })
    };
    html! {
        <section class="review-table" aria-labelledby="h-summary">
            <h2 id="h-summary">{ "汇总表" }</h2>
            <div class="toolbar">
                <div role="group" aria-label="筛选" class="review-filters">
                    { for Filter::ALL.into_iter().map(|f| html! {
                        <button type="button" class={classes!((f == s.filter).then_some("current"))}
                            aria-pressed={(f == s.filter).to_string()}
                            data-testid={format!("filter-{}", filter_key(f))}
                            onclick={send(Rc::new(move || Msg::Filter(f)))}>
                            { format!("{}（{}）", f.label(), count(f)) }
                        </button>
                    }) }
                </div>
                <input type="search" placeholder="按单位或项目查找" aria-label="按单位或项目查找" value={s.search.clone()}
                    oninput={search} data-testid="review-search" />
                <span data-testid="review-shown">{ format!("显示 {} 份", rows.len()) }</span>
            </div>
            <div class="table-wrap">
                <table class="review-summary" data-testid="review-table">
                    <thead><tr>
                        { for COLUMNS.iter().enumerate().map(|(c, title)| match SortKey::of_column(c) {
                            Some(key) => {
                                let (mark, aria) = match s.sort {
                                    Some((k, false)) if k == key => (" ▲", "ascending"),
                                    Some((k, true)) if k == key => (" ▼", "descending"),
                                    _ => ("", "none"),
                                };
                                html! { <th aria-sort={aria}><button type="button" class="link" data-testid={format!("sort-{c}")}
                                    onclick={send(Rc::new(move || Msg::SortBy(key)))}>{ format!("{title}{mark}") }</button></th> }
                            }
                            None => html! { <th>{ *title }</th> },
                        }) }
                        <th>{ "已审" }</th>
                    </tr></thead>
                    <tbody>
                        { for rows.iter().skip(page * PAGE_ROWS).take(PAGE_ROWS).map(|(i, r)| {
                            let i = *i;
                            let sub = &m.batch.submissions[i];
                            let cells = r.cells();
                            let class = classes!(
                                (r.errors > 0).then_some("has-errors"),
                                r.claim_above().then_some("inflated"),
                                (s.open == Some(i)).then_some("current"));
                            html! {
                                <tr key={i} {class} data-testid="review-row" data-file={r.file.clone()}
                                    onclick={send(Rc::new(move || Msg::Open(Some(i))))} title="点击查看这份自评">
                                    { for cells.into_iter().enumerate().map(|(c, text)| html! {
                                        <td data-col={COLUMNS[c]} class={classes!(numeric(c).then_some("num"))}>{ text }</td>
                                    }) }
                                    <td data-col="已审">{ if sub.reviewed { "✓" } else { "" } }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
            if pages > 1 {
                <div class="pager" data-testid="review-pager">
                    <button type="button" disabled={page == 0} onclick={send(Rc::new(move || Msg::Page(page.saturating_sub(1))))}>{ "上一页" }</button>
                    { format!(" 第 {}/{} 页 ", page + 1, pages) }
                    <button type="button" disabled={page + 1 >= pages} data-testid="review-next-page"
                        onclick={send(Rc::new(move || Msg::Page(page + 1)))}>{ "下一页" }</button>
                </div>
            }
        </section>
    }
}

fn numeric(column: usize) -> bool {
    matches!(column, 4..=9 | 12 | 13)
}

fn filter_key(f: Filter) -> &'static str {
    match f {
        Filter::All => "all",
        Filter::WithErrors => "errors",
        Filter::ClaimDiffers => "claim",
        Filter::GradeChanged => "grade",
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    state: ReviewState,
}

/// A Decimal as an SVG coordinate (one decimal place).
fn px(v: Decimal) -> String {
    v.round_dp(1).normalize().to_string()
}

/// The three charts, as inline SVG: the distribution of 计算得分, 原报 against 计算, 等级.
#[function_component(Charts)]
fn charts(p: &ChartProps) -> Html {
    let m = p.state.model.borrow();
    let rows: Vec<SummaryRow> = m.rows.iter().map(|(_, r)| r.clone()).collect();
    let bins = review::score_histogram(&rows);
    let max = bins.iter().copied().max().unwrap_or(0).max(1);
    let (bw, bh) = (18usize, 120usize);
    let histogram = html! {
        <figure class="chart">
            <figcaption>{ "计算得分分布（每 5 分一组）" }</figcaption>
            <svg width="400" height="170" viewBox="0 0 400 170" role="img" aria-label="计算得分分布" data-testid="histogram">
                <line x1="20" y1="140" x2="380" y2="140" stroke="#555" />
                { for bins.iter().enumerate().map(|(b, &c)| {
                    let h = c * bh / max;
                    let lo = b as u32 * review::BIN_POINTS;
                    let label = format!("{lo}–{} 分：{c} 份", lo + review::BIN_POINTS);
                    html! {
                        <g>
                            <rect x={(20 + b * bw).to_string()} y={(140 - h).to_string()} width={(bw - 2).to_string()} height={h.to_string()}
                                class="bar" data-bin={lo.to_string()} data-count={c.to_string()}><title>{ label }</title></rect>
                            if b % 4 == 0 {
                                <text x={(20 + b * bw).to_string()} y="155" class="tick">{ lo }</text>
                            }
                        </g>
                    }
                }) }
                <text x="380" y="155" class="tick" text-anchor="end">{ "100" }</text>
            </svg>
        </figure>
    };
    // Claimed against computed: the square from the lowest score (down to a multiple of 10) to 100.
    let points: Vec<&SummaryRow> = rows.iter().filter(|r| r.claimed_total.is_some() && r.computed_total.is_some()).collect();
    let lowest = points.iter().flat_map(|r| [r.claimed_total, r.computed_total]).flatten().min().unwrap_or(Decimal::ZERO);
    let lo = ((lowest / Decimal::TEN).floor() * Decimal::TEN).max(Decimal::ZERO).min(Decimal::from(90));
    let hi = points.iter().flat_map(|r| [r.claimed_total, r.computed_total]).flatten().max().unwrap_or(Decimal::ONE_HUNDRED).max(Decimal::ONE_HUNDRED);
    let (x0, y0, size) = (Decimal::from(40), Decimal::from(20), Decimal::from(220));
    let sx = |v: Decimal| px(x0 + (v - lo) * size / (hi - lo));
    let sy = |v: Decimal| px(y0 + size - (v - lo) * size / (hi - lo));
    let scatter = html! {
        <figure class="chart">
            <figcaption>{ "原报自评分与计算得分（对角线以上为原报偏高）" }</figcaption>
            <svg width="280" height="280" viewBox="0 0 280 280" role="img" aria-label="原报自评分与计算得分" data-testid="scatter">
                <rect x="40" y="20" width="220" height="220" fill="none" stroke="#999" />
                <line x1={sx(lo)} y1={sy(lo)} x2={sx(hi)} y2={sy(hi)} stroke="#888" stroke-dasharray="4 3" data-testid="diagonal" />
                <text x="150" y="270" class="tick" text-anchor="middle">{ "计算得分" }</text>
                <text x="12" y="130" class="tick" text-anchor="middle" transform="rotate(-90 12 130)">{ "原报自评分" }</text>
                <text x="40" y="254" class="tick">{ px(lo) }</text>
                <text x="260" y="254" class="tick" text-anchor="end">{ px(hi) }</text>
                { for points.iter().map(|r| {
                    let (c, t) = (r.claimed_total.unwrap_or_default(), r.computed_total.unwrap_or_default());
                    let cells = r.cells();
                    let who = if r.unit.is_empty() { r.file.clone() } else { format!("{}：{}", r.unit, r.project) };
                    html! {
                        <circle cx={sx(t)} cy={sy(c)} r="4" class={classes!("point", r.claim_above().then_some("above"))}
                            data-testid="point" data-file={r.file.clone()}>
                            <title>{ format!("{who}，原报 {}，计算 {}，差额 {}", cells[7], cells[8], cells[9]) }</title>
                        </circle>
                    }
                }) }
            </svg>
        </figure>
    };
    let grades = review::grade_counts(&rows);
    let gmax = grades.iter().map(|(_, c)| *c).max().unwrap_or(0).max(1);
    let grade_chart = html! {
        <figure class="chart">
            <figcaption>{ "计算等级" }</figcaption>
            <svg width="260" height="130" viewBox="0 0 260 130" role="img" aria-label="计算等级" data-testid="grades">
                { for grades.iter().enumerate().map(|(k, (g, c))| {
                    let w = c * 180 / gmax;
                    let y = 10 + k * 28;
                    html! {
                        <g>
                            <text x="10" y={(y + 15).to_string()}>{ g.label() }</text>
                            <rect x="34" y={y.to_string()} width={w.to_string()} height="20" class={grade_class(*g)}
                                data-grade={g.label()} data-count={c.to_string()}><title>{ format!("{}：{c} 份", g.label()) }</title></rect>
                            <text x={(40 + w).to_string()} y={(y + 15).to_string()}>{ c }</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    };
    html! { <section class="review-charts" aria-label="图表">{ histogram }{ scatter }{ grade_chart }</section> }
}

fn grade_class(g: Grade) -> &'static str {
    match g {
        Grade::Excellent => "bar grade-excellent",
        Grade::Good => "bar grade-good",
        Grade::Pass => "bar grade-pass",
        Grade::Poor => "bar grade-poor",
    }
}

#[derive(Properties, PartialEq)]
struct SubmissionProps {
    index: usize,
    state: ReviewState,
    dispatch: Dispatch,
}

/// One submission, read-only: its figures against the claim, its findings, its 自评表 and report
/// (the report as `crate::report` writes it, in a frame), and the reviewer's 审核意见 and 已审.
#[function_component(SubmissionView)]
fn submission_view(p: &SubmissionProps) -> Html {
    let i = p.index;
    let sub = p.state.model.borrow().batch.submissions.get(i).cloned();
    let fp = sub.as_ref().map(|s| s.fingerprint.clone()).unwrap_or_default();
    let model = p.state.model.clone();
    // The assessment and the report of this submission (its evaluation never changes).
    // The evaluation for the read-only form, once per submission (not a copy per render: the
    // opinion box re-renders the view at each keystroke).
    let form = {
        let model = p.state.model.clone();
        use_memo(fp.clone(), move |_| model.borrow().batch.submissions.get(i).and_then(|s| s.evaluation.clone()).map(Rc::new))
    };
    let assessed = use_memo(fp.clone(), move |_| {
        let m = model.borrow();
        let e = m.batch.submissions.get(i).and_then(|s| s.evaluation.clone())?;
        let a = crate::assess(&e);
        let html = crate::report::render_assessed(&e, &a.scorecard, &a.findings);
        let url = browser::ObjectUrl::new(html.as_bytes(), "text/html;charset=utf-8").ok();
        Some((a, url))
    });
    let Some(sub) = sub else { return html! {} };
    let d = &p.dispatch;
    let close = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::Open(None)))
    };
    let on_opinion = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            d.dispatch(Msg::Opinion(i, t.value()));
        })
    };
    let on_reviewed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let c: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Msg::Reviewed(i, c.checked()));
        })
    };
    let letter = {
        let model = p.state.model.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = model.borrow().batch.submissions.get(i) {
                browser::download(&review::opinion::file_name(s), "text/html;charset=utf-8", &review::opinion::render(s));
            }
        })
    };
    let letter_docx = {
        let model = p.state.model.clone();
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(s) = model.borrow().batch.submissions.get(i).cloned() else { return };
            let mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            let request = crate::worker_protocol::Request::OpinionDocx;
            from_worker(request, review::to_json_bytes(&s), review::opinion::docx_file_name(&s), mime, d.clone());
        })
    };
    let row = p.state.model.borrow().rows.iter().find(|(k, _)| *k == i).map(|(_, r)| r.clone());
    html! {
        <section class="review-submission" aria-labelledby="h-sub" data-testid="submission">
            <div class="toolbar">
                <h2 id="h-sub">{ row.as_ref().map(|r| format!("{} · {}", r.unit, r.project)).unwrap_or_else(|| sub.file.clone()) }</h2>
                <span class="readonly">{ "只读（审核不改动单位的原报内容）" }</span>
                <button type="button" onclick={letter} data-testid="download-opinion">{ "下载审核意见书（HTML）" }</button>
                <button type="button" onclick={letter_docx} disabled={p.state.busy.is_some()} data-testid="download-opinion-docx">{ "下载审核意见书（Word）" }</button>
                <button type="button" class="btn-small" aria-label="关闭" onclick={close} data-testid="close-submission">{ "✕ 关闭" }</button>
            </div>
            <p class="file">{ format!("文件：{}", sub.file) }</p>
            if let Some(r) = &row {
                <table class="review-figures" data-testid="submission-figures">
                    <tr>{ for [7usize, 8, 9, 10, 11, 6, 12, 13].iter().map(|c| html! { <th>{ COLUMNS[*c] }</th> }) }</tr>
                    <tr>{ for [7usize, 8, 9, 10, 11, 6, 12, 13].iter().map(|c| html! { <td data-col={COLUMNS[*c]}>{ r.cells()[*c].clone() }</td> }) }</tr>
                </table>
            }
            if let Some(e) = &sub.error { <p class="error">{ e.clone() }</p> }
            <div class="review-columns">
            if let Some(e) = &*form {
                <ReadOnlyForm key={fp.clone()} evaluation={e.clone()} />
            }
            <div class="review-side">
            if let Some((a, url)) = &*assessed {
                <div class="review-findings" data-testid="submission-findings">
                    <h3>{ format!("核对结果（错误 {}，警告 {}）",
                        a.findings.iter().filter(|f| f.severity == Severity::Error).count(),
                        a.findings.iter().filter(|f| f.severity == Severity::Warning).count()) }</h3>
                    <ul>
                        { for a.findings.iter().filter(|f| f.severity != Severity::Info).map(|f| html! {
                            <li class={format!("finding sev-{}", f.severity.label())} data-code={f.code}>
                                <span class="sev">{ f.severity.label() }</span>
                                <span class="place">{ f.place() }</span>
                                <span class="message">{ f.message() }</span>
                            </li>
                        }) }
                    </ul>
                </div>
                if let Some(url) = url {
                    <details class="review-report">
                        <summary>{ "自评表与报告（只读）" }</summary>
                        <iframe class="report-preview" title="自评表与报告" src={url.url().to_string()} sandbox="allow-same-origin"></iframe>
                    </details>
                }
            }
            <div class="review-opinion">
                <label for="review-opinion">{ "审核意见" }</label>
                <textarea id="review-opinion" rows="4" value={sub.opinion.clone()} oninput={on_opinion} data-testid="opinion"
                    placeholder="写下对这份自评的审核意见（随批次保存，并写入审核意见书）" />
                <label class="check"><input type="checkbox" checked={sub.reviewed} onchange={on_reviewed} data-testid="reviewed" />{ " 已审" }</label>
            </div>
            </div>
            </div>
        </section>
    }
}

#[derive(Properties)]
struct ReadOnlyProps {
    evaluation: Rc<Evaluation>,
}

impl PartialEq for ReadOnlyProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.evaluation, &other.evaluation)
    }
}

/// The submission's form in the editor's own sections, read-only ("the editor in review mode"):
/// an editor state of its own, made from the submission and never stored (the user's drafts and
/// their autosave are the editor page's, not here), shown inside `<fieldset disabled>` so that
/// no field, button or row action can be used. Its section tabs sit outside the fieldset.
#[function_component(ReadOnlyForm)]
fn read_only_form(p: &ReadOnlyProps) -> Html {
    use crate::editor::{EditorState, Section};
    let evaluation = p.evaluation.clone();
    let state = use_reducer(move || {
        EditorState::new(crate::draft::Draft {
            id: "review".into(),
            created: String::new(),
            modified: String::new(),
            evaluation: (*evaluation).clone(),
        })
    });
    let section = use_state(|| Section::Indicators);
    let d = state.dispatcher();
    let s = &*state;
    let body = match *section {
        Section::Project => super::sections::project(s, &d),
        Section::Funds => super::sections::funds(s, &d),
        Section::Goals => super::sections::goals(s, &d),
        Section::Survey => super::sections::survey(s, &d),
        Section::Figures => super::sections::figures(s, &d),
        // The 审核 page's wasm has the report writer: the default texts are written here, from
        // the form's own assessment.
        Section::Narrative => {
            let texts = crate::report::text::Words { ev: s.evaluation(), sc: &s.assessment.scorecard }.default_texts();
            super::sections::narrative(s, &d, Some(&texts))
        }
        Section::Rules => super::sections::rules(s, &d),
        Section::Indicators | Section::Report => html! {
            <section class="section" aria-labelledby="h-review-ind">
                <h2 id="h-review-ind">{ "绩效指标" }</h2>
                <super::indicators::IndicatorTable rows={super::fields::Shared(s.rows.clone())}
                    paste={None::<super::fields::Shared<crate::editor::Paste>>}
                    focus={None::<AttrValue>} focus_seq={0} dispatch={d.clone()} />
            </section>
        },
    };
    html! {
        <div class="review-form" data-testid="review-form">
            <nav class="review-form-tabs" role="tablist" aria-label="自评表各部分">
                { for Section::ALL.into_iter().filter(|x| *x != Section::Report).map(|x| {
                    let on = *section == x;
                    let set = section.clone();
                    html! {
                        <button type="button" role="tab" aria-selected={on.to_string()} class={classes!(on.then_some("current"))}
                            data-testid={format!("review-tab-{}", x.key())} onclick={Callback::from(move |_: MouseEvent| set.set(x))}>
                            { x.label() }
                        </button>
                    }
                }) }
            </nav>
            <fieldset disabled=true class="review-form-body" aria-label="原报内容（只读）" data-testid="review-form-body">
                { body }
            </fieldset>
        </div>
    }
}
