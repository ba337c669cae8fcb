//! 草稿: the drafts list of the start screen and the save bar of the editor (owner: "drafts").
//!
//! HOW TO MOUNT (for the editor's src/ui/mod.rs):
//! - `pub mod drafts;` in src/ui/mod.rs.
//! - Start: before showing the start screen, call [`last_open_draft`]; `Some(draft)` → go
//!   straight to the editor with it (`Action::Load(draft)`): a reload restores the draft the
//!   user was editing.
//! - Start screen: `<drafts::DraftsList on_open={Callback<Draft>} />` — lists the stored
//!   drafts (`data-testid="drafts-list"`), opens one (`on_open`), renames, duplicates, deletes
//!   (回收站), and imports by file picker (`data-testid="import-file"`, a `<label>` around the
//!   file input — do not add another `import-file`) and by dropping a file anywhere on the
//!   page while the list is shown. An imported draft is opened with `on_open`. A workbook
//!   (.xlsx/.xls/.ods/.et, picked with 导入 Excel 自评表 or dropped) goes to `ui::workbook`'s
//!   import: a preview, then a new draft opened with `on_open`.
//! - New draft / sample: give the draft a fresh id with [`new_draft_id`] (and `created` /
//!   `modified` with [`now`]) before loading it; the bar stores it right after it is shown
//!   (~100 ms; an edit, leaving the page or the editor before that stores it too).
//! - Editor: `<drafts::DraftBar draft={state.draft.clone()} on_load={Callback<Draft>}
//!   on_saved={Some(Callback<String>)} />` somewhere always visible (it renders
//!   `data-testid="save-status"`, the `export-draft` button, and the storage warning / the
//!   stale-tab banner when needed). `on_load(draft)` must replace the editor's draft
//!   (`Action::Load`): it is used for 载入较新版本 and 另存为副本 (a copy with a new id).
//!   `on_saved(modified)` (optional) reports the `modified` timestamp written
//!   (`Action::MarkSaved { modified }`). Autosave runs ~500 ms after each change of `draft`
//!   (changes of `modified` alone are not changes), and on page hide / unload / unmount.
//! - Leaving the editor (back to the start screen) unmounts the bar, which saves what is
//!   pending and forgets the last open draft so that a reload shows the start screen. A tab
//!   whose copy is stale (another tab saved) pauses autosave and shows a banner (载入较新版本 /
//!   另存为副本); if it leaves the draft with changes anyway, they are stored as a copy.
//! - Storage trouble (quota, disabled) never panics: the bar shows 未保存（原因）, a warning with
//!   a download button, and the editor keeps working in memory; closing the page with such
//!   unsaved changes makes the browser ask first.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::browser::{self, LocalStore};
use crate::draft::{self, Draft};
use crate::library::{
    self, Conflict, DraftEntry, ImportOutcome, Library, LibraryError, Store, StoreError, LAST_OPEN_KEY,
};

/// Autosave delay after a change.
const AUTOSAVE_MS: u32 = 500;
/// Delay of the first save of a new draft or the sample: after the browser has painted it.
const FIRST_SAVE_MS: u32 = 100;
/// Largest file accepted for import (checked before reading).
const MAX_IMPORT_BYTES: usize = crate::draft::MAX_FILE_BYTES;

// ---------------------------------------------------------------------------------------------
// Helpers shared with the editor

/// Now as an ISO 8601 UTC timestamp.
pub fn now() -> String {
    browser::now_iso()
}

/// A fresh draft id.
pub fn new_draft_id() -> String {
    browser::new_id()
}

fn library() -> Result<Library<LocalStore>, StoreError> {
    LocalStore::open().map(Library::new)
}

thread_local! {
    /// Revisions of drafts handed to the editor by this module (open, import, reload, conflict
    /// resolution), so that the bar knows which stored revision its draft corresponds to.
    /// The flag: the draft was upgraded from an older format version while opening, and the
    /// upgraded draft is to be saved at once (its old text is kept until then).
    static OPENED: RefCell<HashMap<String, (u64, bool)>> = RefCell::new(HashMap::new());
}

fn register_opened(id: &str, revision: u64, upgraded: bool) {
    OPENED.with(|o| o.borrow_mut().insert(id.to_string(), (revision, upgraded)));
}

fn take_opened(id: &str) -> Option<(u64, bool)> {
    OPENED.with(|o| o.borrow_mut().remove(id))
}

fn remember_open(id: &str) {
    if let Ok(mut s) = LocalStore::session() {
        let _ = s.set(LAST_OPEN_KEY, id);
    }
    if let Ok(mut lib) = library() {
        let _ = lib.set_last_open(id);
    }
}

fn forget_open() {
    if let Ok(mut s) = LocalStore::session() {
        let _ = s.remove(LAST_OPEN_KEY);
    }
    if let Ok(mut l) = LocalStore::open() {
        let _ = l.remove(LAST_OPEN_KEY);
    }
}

/// The draft this tab was editing before a reload (or, in a new tab, the draft last edited
/// in this browser), if it is still stored. The editor's start logic calls this.
pub fn last_open_draft() -> Option<Draft> {
    let mut lib = library().ok()?;
    let id = lib.being_edited(browser::tab_draft_id().as_deref())?.id;
    let opened = lib.open(&id).ok()?;
    register_opened(&id, opened.revision, opened.upgraded_from.is_some());
    Some(opened.draft)
}

fn same_content(a: &Draft, b: &Draft) -> bool {
    a.id == b.id && a.created == b.created && a.evaluation == b.evaluation
}

// ---------------------------------------------------------------------------------------------
// DraftBar

#[derive(Properties)]
pub struct DraftBarProps {
    /// The draft being edited.
    pub draft: Rc<Draft>,
    /// Replace the editor's draft with this one (newer version, or a copy with a new id).
    pub on_load: Callback<Draft>,
    /// Called with the `modified` timestamp after each successful save.
    #[prop_or_default]
    pub on_saved: Option<Callback<String>>,
}

#[derive(Debug, Clone, PartialEq)]
enum SaveStatus {
    Saved,
    Saving,
    /// Browser storage refused (quota, disabled): the draft lives in memory only.
    StorageFailed(String),
    /// Another tab saved a newer version.
    Stale(Conflict),
    /// Anything else (shown as 未保存（…）).
    Failed(String),
}

/// The bar's mutable state, shared with timers and event listeners.
struct Ctl {
    id: String,
    /// Stored revision this tab's copy is based on (0: not stored yet).
    revision: u64,
    /// The content last saved or loaded (to tell real changes from re-renders).
    saved: Option<Draft>,
    latest: Rc<Draft>,
    timer: Option<Timeout>,
    pending: bool,
    stale: bool,
    set_status: Option<UseStateSetter<SaveStatus>>,
    on_saved: Option<Callback<String>>,
}

impl Ctl {
    fn status(&self, s: SaveStatus) {
        if let Some(set) = &self.set_status {
            set.set(s);
        }
    }
}

/// Saves the latest draft now if a save is pending (and the copy is not stale).
fn flush(ctl: &Rc<RefCell<Ctl>>) {
    let mut c = ctl.borrow_mut();
    c.timer = None;
    if !c.pending || c.stale {
        return;
    }
    // The save itself (copy, serialise, localStorage writes), for the benchmark: a User Timing
    // measure "jixiao:autosave" (bench/browser.mjs reads it; DevTools shows it in a trace).
    let measure = browser::perf_measure("jixiao:autosave");
    let mut d = (*c.latest).clone();
    let modified = now();
    d.modified = modified.clone();
    let result = library().map_err(LibraryError::Store).and_then(|mut lib| lib.save(&d, c.revision));
    drop(measure);
    match result {
        Ok(revision) => {
            c.revision = revision;
            c.saved = Some(d);
            c.pending = false;
            remember_open(&c.id);
            c.status(SaveStatus::Saved);
            if let Some(cb) = c.on_saved.clone() {
                drop(c);
                cb.emit(modified);
            }
        }
        Err(LibraryError::Conflict(conflict)) => {
            c.stale = true;
            c.status(SaveStatus::Stale(conflict));
        }
        Err(LibraryError::Store(e)) => c.status(SaveStatus::StorageFailed(e.to_string())),
        Err(e) => c.status(SaveStatus::Failed(e.to_string())),
    }
}

/// Leaving the draft (page closed, editor closed) while this tab's copy is stale and has
/// changes the library does not have: they are stored as a copy (a new draft) rather than
/// lost. Returns whether unsaved changes remain (storage refused).
fn rescue(ctl: &Rc<RefCell<Ctl>>) -> bool {
    flush(ctl);
    let mut c = ctl.borrow_mut();
    if !c.pending {
        return false;
    }
    if c.stale {
        let mut copy = (*c.latest).clone();
        copy.id = new_draft_id();
        let t = now();
        copy.created = t.clone();
        copy.modified = t;
        if library().map_err(LibraryError::Store).and_then(|mut l| l.save(&copy, 0)).is_ok() {
            c.pending = false;
            return false;
        }
    }
    true
}

/// Checks whether another tab stored a newer revision of our draft.
fn check_stale(ctl: &Rc<RefCell<Ctl>>) {
    let mut c = ctl.borrow_mut();
    if c.stale || c.revision == 0 {
        return;
    }
    let Ok(lib) = library() else { return };
    if let Ok(Some(entry)) = lib.entry(&c.id) {
        if entry.revision != c.revision {
            c.stale = true;
            let conflict = Conflict {
                id: c.id.clone(),
                expected_revision: c.revision,
                stored_revision: entry.revision,
                stored_modified: entry.modified.clone(),
            };
            c.status(SaveStatus::Stale(conflict));
        }
    }
}

/// The draft by pointer: every change of the editor's draft is a new `Rc` (a deep comparison
/// of 1,000 indicators took ≈ 0.6 ms per keystroke).
impl PartialEq for DraftBarProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.draft, &other.draft) && self.on_load == other.on_load && self.on_saved == other.on_saved
    }
}

/// Compares `Rc<Draft>` by pointer (cheap effect dependency).
#[derive(Clone)]
struct ByPtr(Rc<Draft>);
impl PartialEq for ByPtr {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The editor's save bar: autosave, 保存状态, 导出草稿, storage warning, stale-tab banner.
#[function_component(DraftBar)]
pub fn draft_bar(props: &DraftBarProps) -> Html {
    let status = use_state(|| SaveStatus::Saved);
    let ctl = use_mut_ref(|| Ctl {
        id: String::new(),
        revision: 0,
        saved: None,
        latest: props.draft.clone(),
        timer: None,
        pending: false,
        stale: false,
        set_status: None,
        on_saved: None,
    });
    {
        let mut c = ctl.borrow_mut();
        c.set_status = Some(status.setter());
        c.on_saved = props.on_saved.clone();
    }

    // Each new draft value: adopt a new id, or schedule a save of a changed one.
    {
        let ctl = ctl.clone();
        let on_load = props.on_load.clone();
        use_effect_with(ByPtr(props.draft.clone()), move |ByPtr(draft)| {
            let draft = draft.clone();
            if draft.id.trim().is_empty() {
                // The editor's initial empty state (before a draft is loaded): nothing to save.
                return;
            }
            let mut c = ctl.borrow_mut();
            // The editor sets `modified` only when a save is marked (MarkSaved) or a draft is
            // opened; an edit keeps it. So only a new `modified` can come with unchanged content.
            let new_modified = c.latest.modified != draft.modified;
            c.latest = draft.clone();
            if c.id != draft.id {
                // Another draft in the editor: flush nothing of the old one here (the
                // old one was flushed when it was replaced), adopt the new one.
                c.timer = None;
                c.stale = false;
                c.id = draft.id.clone();
                match take_opened(&draft.id).filter(|(r, _)| *r > 0) {
                    Some((revision, upgraded)) => {
                        c.revision = revision;
                        c.saved = Some((*draft).clone());
                        c.pending = false;
                        remember_open(&draft.id);
                        c.status(SaveStatus::Saved);
                        if upgraded {
                            // Store the upgraded draft now (the old text is kept until this
                            // save succeeds).
                            c.pending = true;
                            drop(c);
                            flush(&ctl);
                        }
                    }
                    None => {
                        // Not from the library: a new draft (or the sample), stored at once.
                        // If its id is already taken by a stored draft, it gets a new id.
                        let taken = library().ok().and_then(|l| l.entry(&draft.id).ok().flatten()).is_some();
                        if taken {
                            let mut copy = (*draft).clone();
                            copy.id = new_draft_id();
                            let t = now();
                            copy.created = t.clone();
                            copy.modified = t;
                            c.id = String::new();
                            drop(c);
                            on_load.emit(copy);
                            return;
                        }
                        // Stored right after it is shown (this effect runs before the
                        // browser paints: saving here — serialising, localStorage, the editor's
                        // re-render for `on_saved` — delayed the first paint of the opened
                        // draft). Until then it is pending like any change: an edit, leaving
                        // the page or the editor saves it.
                        c.revision = 0;
                        c.saved = None;
                        c.pending = true;
                        c.status(SaveStatus::Saving);
                        let ctl2 = ctl.clone();
                        c.timer = Some(Timeout::new(FIRST_SAVE_MS, move || flush(&ctl2)));
                    }
                }
            } else if new_modified && c.saved.as_ref().is_some_and(|s| same_content(s, &draft)) {
                // Only `modified` changed (the whole evaluation compared: once per save, not
                // per keystroke).
            } else {
                c.pending = true;
                if !c.stale {
                    c.status(SaveStatus::Saving);
                    let ctl2 = ctl.clone();
                    c.timer = Some(Timeout::new(AUTOSAVE_MS, move || flush(&ctl2)));
                }
            }
        });
    }

    // Page hidden / unloading: save now. Other tabs' writes: check for staleness.
    // Unmount (back to the start screen): save now and forget the open draft.
    {
        let ctl = ctl.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("window");
            let document = window.document().expect("document");
            let c1 = ctl.clone();
            // Closing with changes that could not be stored: the browser asks first.
            let unload = EventListener::new_with_options(
                &window,
                "beforeunload",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    if rescue(&c1) {
                        e.prevent_default();
                        let _ = js_sys::Reflect::set(e, &"returnValue".into(), &"".into());
                    }
                },
            );
            let c2 = ctl.clone();
            let hide = EventListener::new(&window, "pagehide", move |_| {
                rescue(&c2);
            });
            let c3 = ctl.clone();
            let doc2 = document.clone();
            let visibility = EventListener::new(&document, "visibilitychange", move |_| {
                if doc2.hidden() {
                    flush(&c3);
                }
            });
            let c4 = ctl.clone();
            let storage = browser::on_other_tab_change(move |_| check_stale(&c4));
            // A file dropped on the editor must not make the browser leave the page.
            let no_drop = ["dragover", "drop"].map(|kind| {
                EventListener::new_with_options(&document, kind, EventListenerOptions::enable_prevent_default(), |e| {
                    e.prevent_default()
                })
            });
            move || {
                drop((unload, hide, visibility, storage, no_drop));
                rescue(&ctl);
                ctl.borrow_mut().set_status = None;
                forget_open();
            }
        });
    }

    let export = {
        let draft = props.draft.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download(&library::file_name(&draft), "application/json", &draft::to_json(&draft));
        })
    };
    let retry = {
        let ctl = ctl.clone();
        Callback::from(move |_: MouseEvent| {
            ctl.borrow_mut().pending = true;
            flush(&ctl);
        })
    };
    let load_newer = {
        let ctl = ctl.clone();
        let on_load = props.on_load.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let id = ctl.borrow().id.clone();
            match library().map_err(LibraryError::Store).and_then(|mut l| l.open(&id)) {
                Ok(opened) => {
                    {
                        let mut c = ctl.borrow_mut();
                        c.revision = opened.revision;
                        c.saved = Some(opened.draft.clone());
                        c.pending = false;
                        c.stale = false;
                        c.timer = None;
                    }
                    status.set(SaveStatus::Saved);
                    on_load.emit(opened.draft);
                }
                Err(e) => status.set(SaveStatus::Failed(e.to_string())),
            }
        })
    };
    let save_copy = {
        let ctl = ctl.clone();
        let on_load = props.on_load.clone();
        Callback::from(move |_: MouseEvent| {
            let mut copy = (*ctl.borrow().latest).clone();
            copy.id = new_draft_id();
            let t = now();
            copy.created = t.clone();
            copy.modified = t;
            // The bar adopts the copy as a new draft (revision 0) and stores it at once.
            on_load.emit(copy);
        })
    };
    let download_now = {
        let draft = props.draft.clone();
        Callback::from(move |_: MouseEvent| {
            browser::download(&library::file_name(&draft), "application/json", &draft::to_json(&draft));
        })
    };

    let (status_text, status_class) = match &*status {
        SaveStatus::Saved => ("已保存".to_string(), "saved"),
        SaveStatus::Saving => ("保存中".to_string(), "saving"),
        SaveStatus::StorageFailed(reason) | SaveStatus::Failed(reason) => (format!("未保存（{reason}）"), "unsaved"),
        SaveStatus::Stale(_) => ("未保存（其他标签页已修改此草稿）".to_string(), "unsaved"),
    };

    html! {
        <div class="draft-bar">
            <span class={classes!("save-status", status_class)} data-testid="save-status" role="status">
                { status_text }
            </span>
            <button type="button" data-testid="export-draft" onclick={export}
                title="下载草稿文件（.jixiao.json），可在其他电脑或浏览器中导入">
                { "导出草稿" }
            </button>
            {
                match &*status {
                    SaveStatus::StorageFailed(reason) | SaveStatus::Failed(reason) => html! {
                        <div class="storage-warning warning" data-testid="storage-warning" role="alert">
                            <p>{ format!("草稿未能保存到浏览器：{reason}，请下载草稿文件保存") }</p>
                            <p class="hint">{ "本页中的修改仍然保留，可以继续填写；关闭页面前请下载草稿文件。" }</p>
                            <button type="button" data-testid="storage-download" onclick={download_now}>
                                { "下载草稿文件" }
                            </button>
                            <button type="button" data-testid="storage-retry" onclick={retry}>{ "重试保存" }</button>
                        </div>
                    },
                    SaveStatus::Stale(conflict) => html! {
                        <div class="draft-conflict warning" data-testid="draft-conflict" role="alert">
                            <p>{ format!(
                                "此草稿已在其他标签页中修改（{}）。为免覆盖对方的修改，本页已暂停自动保存。",
                                local_time(&conflict.stored_modified)
                            ) }</p>
                            <button type="button" data-testid="conflict-load" onclick={load_newer}>
                                { "载入较新版本" }
                            </button>
                            <button type="button" data-testid="conflict-copy" onclick={save_copy}>
                                { "另存为副本" }
                            </button>
                        </div>
                    },
                    _ => html! {},
                }
            }
        </div>
    }
}

/// An ISO timestamp in local time, "2026-11-29 13:21".
fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    let ms = date.get_time();
    if ms.is_nan() {
        return iso.to_string();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

// ---------------------------------------------------------------------------------------------
// DraftsList

#[derive(Properties, PartialEq)]
pub struct DraftsListProps {
    /// Open this draft in the editor.
    pub on_open: Callback<Draft>,
}

#[derive(Clone, PartialEq, Default)]
struct ListState {
    drafts: Vec<DraftEntry>,
    trash: Vec<DraftEntry>,
    /// Storage cannot be used at all (shown once, plainly).
    storage_error: Option<String>,
    /// The last import or action failed (shown prominently).
    error: Option<String>,
    notice: Option<String>,
    renaming: Option<(String, String)>,
    /// Same-id import waiting for the user's choice.
    same_id: Option<(Draft, DraftEntry)>,
}

fn load_list(state: &mut ListState) {
    match library() {
        Ok(mut lib) => {
            let _ = lib.purge(&now());
            match (lib.list(), lib.trash()) {
                (Ok(drafts), Ok(trash)) => {
                    state.drafts = drafts;
                    state.trash = trash;
                    state.storage_error = None;
                }
                (Err(e), _) | (_, Err(e)) => state.storage_error = Some(e.to_string()),
            }
        }
        Err(e) => {
            state.drafts.clear();
            state.trash.clear();
            state.storage_error = Some(e.to_string());
        }
    }
}

/// Imports file bytes; returns the draft to open, if any. Never changes stored drafts on
/// failure.
fn import_bytes(state: &mut ListState, file_name: &str, bytes: &[u8]) -> Option<(Draft, u64)> {
    state.error = None;
    state.notice = None;
    let t = now();
    let result = library().map_err(LibraryError::Store).and_then(|mut lib| lib.import(bytes, &t, &new_draft_id()));
    match result {
        Ok(ImportOutcome::New(d)) => {
            load_list(state);
            Some((d, 1))
        }
        Ok(ImportOutcome::SameIdExists { incoming, existing }) => {
            state.same_id = Some((incoming, existing));
            None
        }
        Err(LibraryError::BadFile(e)) => {
            state.error = Some(format!("无法导入“{file_name}”：{e}。已有的草稿没有改变。"));
            None
        }
        Err(LibraryError::Store(e)) => {
            // Storage refused: the file is still good — open it in memory, say so.
            match draft::parse(bytes) {
                Ok(loaded) => {
                    state.error = Some(format!("草稿未能保存到浏览器：{e}，请下载草稿文件保存"));
                    Some((loaded.draft, 0))
                }
                Err(pe) => {
                    state.error = Some(format!("无法导入“{file_name}”：{pe}"));
                    None
                }
            }
        }
        Err(e) => {
            state.error = Some(format!("无法导入“{file_name}”：{e}"));
            None
        }
    }
}

/// A list action on the library; `Ok(Some(text))` is a notice to show.
type ListAction = Rc<dyn Fn(&mut Library<LocalStore>) -> Result<Option<String>, LibraryError>>;

/// The start screen's drafts list with import (file picker and drag-and-drop) and 回收站.
#[function_component(DraftsList)]
pub fn drafts_list(props: &DraftsListProps) -> Html {
    let state = use_state(|| {
        let mut s = ListState::default();
        load_list(&mut s);
        s
    });
    let busy = use_state(|| false);
    // 导入 Excel 自评表: its own task (progress, preview, error), super::workbook.
    let workbook_task = use_reducer(crate::editor::file_task::FileTask::default);

    let update = {
        let state = state.clone();
        move |f: &dyn Fn(&mut ListState)| {
            let mut s = (*state).clone();
            f(&mut s);
            state.set(s);
        }
    };

    // Opening: register the revision so the editor's bar knows it.
    let open_draft = {
        let on_open = props.on_open.clone();
        Callback::from(move |(d, revision, upgraded): (Draft, u64, bool)| {
            if revision > 0 {
                register_opened(&d.id, revision, upgraded);
            }
            on_open.emit(d);
        })
    };

    // Import of picked or dropped files (the first one): a workbook (.xlsx, .xls, .ods, .et)
    // goes to the workbook import and its preview, anything else is read as a draft file.
    let import_files = {
        let state = state.clone();
        let open_draft = open_draft.clone();
        let busy = busy.clone();
        let workbook_task = workbook_task.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            let Some(file) = files.into_iter().next() else { return };
            if crate::worker_protocol::is_workbook_name(&file.name()) {
                super::workbook::start_import(&workbook_task, file);
                return;
            }
            let state = state.clone();
            let open_draft = open_draft.clone();
            let busy = busy.clone();
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let mut s = (*state).clone();
                let to_open = match browser::read_file(&file, MAX_IMPORT_BYTES).await {
                    Ok(bytes) => import_bytes(&mut s, &name, &bytes),
                    Err(message) => {
                        s.notice = None;
                        s.error = Some(format!("无法导入“{name}”：{message}。已有的草稿没有改变。"));
                        None
                    }
                };
                busy.set(false);
                state.set(s);
                if let Some((d, revision)) = to_open {
                    open_draft.emit((d, revision, false));
                }
            });
        })
    };

    // Drag and drop anywhere on the page while the list is shown.
    let drop_target = use_mut_ref(|| import_files.clone());
    *drop_target.borrow_mut() = import_files.clone();
    {
        let drop_target = drop_target.clone();
        let state = state.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document()).expect("document");
            let over = EventListener::new_with_options(
                &document,
                "dragover",
                EventListenerOptions::enable_prevent_default(),
                |e| e.prevent_default(),
            );
            let dt = drop_target.clone();
            let dropped = EventListener::new_with_options(
                &document,
                "drop",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    e.prevent_default();
                    if let Some(e) = e.dyn_ref::<web_sys::DragEvent>() {
                        let files = browser::files_of(e.data_transfer().and_then(|d| d.files()));
                        if !files.is_empty() {
                            let cb = dt.borrow().clone();
                            cb.emit(files);
                        }
                    }
                },
            );
            // Other tabs' changes refresh the list.
            let storage = browser::on_other_tab_change(move |_| {
                let mut s = (*state).clone();
                load_list(&mut s);
                state.set(s);
            });
            move || drop((over, dropped, storage))
        });
    }

    let on_pick = {
        let import_files = import_files.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let files = browser::files_of(input.files());
            input.set_value("");
            import_files.emit(files);
        })
    };

    let action = |f: ListAction| {
        let update = update.clone();
        Callback::from(move |_: MouseEvent| {
            let f = f.clone();
            update(&move |s: &mut ListState| {
                s.error = None;
                s.notice = None;
                match library().map_err(LibraryError::Store).and_then(|mut lib| f(&mut lib)) {
                    Ok(notice) => s.notice = notice,
                    Err(e) => s.error = Some(e.to_string()),
                }
                load_list(s);
            });
        })
    };

    let s = &*state;

    let items = s.drafts.iter().map(|e| {
        let id = e.id.clone();
        let open = {
            let id = id.clone();
            let open_draft = open_draft.clone();
            let update = update.clone();
            Callback::from(move |_: MouseEvent| {
                match library().map_err(LibraryError::Store).and_then(|mut lib| lib.open(&id)) {
                    Ok(opened) => {
                        let upgraded = opened.upgraded_from.is_some();
                        open_draft.emit((opened.draft, opened.revision, upgraded))
                    }
                    Err(err) => update(&|s: &mut ListState| s.error = Some(err.to_string())),
                }
            })
        };
        let start_rename = {
            let (id, name) = (id.clone(), e.project.clone());
            let update = update.clone();
            Callback::from(move |_: MouseEvent| {
                update(&|s: &mut ListState| s.renaming = Some((id.clone(), name.clone())))
            })
        };
        let duplicate = {
            let id = id.clone();
            action(Rc::new(move |lib| {
                let (copy, _) = lib.duplicate(&id, &new_draft_id(), &now())?;
                Ok(Some(format!("已复制“{}”", copy.evaluation.header.name)))
            }))
        };
        let delete = {
            let (id, name) = (id.clone(), e.project_label().to_string());
            action(Rc::new(move |lib| {
                lib.delete(&id, &now())?;
                Ok(Some(format!("“{name}”已移到回收站，{} 天内可以恢复", library::TRASH_DAYS)))
            }))
        };
        let renaming = s.renaming.as_ref().filter(|(rid, _)| *rid == id).map(|(_, t)| t.clone());
        let title = match renaming {
            Some(text) => {
                let on_input = {
                    let update = update.clone();
                    let id = id.clone();
                    Callback::from(move |ev: InputEvent| {
                        let v = ev.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                        update(&|s: &mut ListState| s.renaming = Some((id.clone(), v.clone())))
                    })
                };
                let commit = {
                    let (id, text) = (id.clone(), text.clone());
                    let update = update.clone();
                    move || {
                        let (id, text) = (id.clone(), text.clone());
                        update(&move |s: &mut ListState| {
                            s.renaming = None;
                            s.error = None;
                            let r = library().map_err(LibraryError::Store).and_then(|mut l| l.rename(&id, &text, &now()));
                            if let Err(e) = r {
                                s.error = Some(e.to_string());
                            }
                            load_list(s);
                        })
                    }
                };
                let ok = {
                    let commit = commit.clone();
                    Callback::from(move |_: MouseEvent| commit())
                };
                let keydown = {
                    let update = update.clone();
                    Callback::from(move |ev: KeyboardEvent| match ev.key().as_str() {
                        "Enter" => commit(),
                        "Escape" => update(&|s: &mut ListState| s.renaming = None),
                        _ => {}
                    })
                };
                let cancel = {
                    let update = update.clone();
                    Callback::from(move |_: MouseEvent| update(&|s: &mut ListState| s.renaming = None))
                };
                html! {
                    <span class="rename">
                        <label>{ "项目名称" }
                            <input type="text" data-testid="rename-input" value={text} oninput={on_input} onkeydown={keydown} />
                        </label>
                        <button type="button" data-testid="rename-ok" onclick={ok}>{ "确定" }</button>
                        <button type="button" data-testid="rename-cancel" onclick={cancel}>{ "取消" }</button>
                    </span>
                }
            }
            None => html! {
                <button type="button" class="link draft-open" data-testid="draft-open" onclick={open}
                    title="打开此草稿">
                    <span data-testid="draft-project">{ e.project_label() }</span>
                </button>
            },
        };
        html! {
            <li class="draft-item" data-testid="draft-item" data-id={e.id.clone()} key={e.id.clone()}>
                { title }
                <span class="draft-year" data-testid="draft-year">{ if e.year.is_empty() { "—".to_string() } else { format!("{}年度", e.year) } }</span>
                <span class="draft-score" data-testid="draft-score" title="总得分">{ format!("{:.2}", e.total) }</span>
                <span class="draft-grade" data-testid="draft-grade" title="等级">{ e.grade.label() }</span>
                <span class="draft-modified" data-testid="draft-modified" title="最后修改">{ local_time(&e.modified) }</span>
                <span class="draft-actions">
                    <button type="button" data-testid="draft-rename" onclick={start_rename}>{ "重命名" }</button>
                    <button type="button" data-testid="draft-duplicate" onclick={duplicate}>{ "复制" }</button>
                    <button type="button" data-testid="draft-delete" onclick={delete}>{ "删除" }</button>
                </span>
            </li>
        }
    });

    let trash_items = s.trash.iter().map(|e| {
        let restore = {
            let (id, name) = (e.id.clone(), e.project_label().to_string());
            action(Rc::new(move |lib| {
                lib.restore(&id)?;
                Ok(Some(format!("已恢复“{name}”")))
            }))
        };
        html! {
            <li class="trash-item" data-testid="trash-item" data-id={e.id.clone()} key={e.id.clone()}>
                <span data-testid="draft-project">{ e.project_label() }</span>
                <span class="draft-year">{ e.year.clone() }</span>
                <span class="draft-deleted">{ format!("删除于 {}", local_time(e.deleted_at.as_deref().unwrap_or(""))) }</span>
                <button type="button" data-testid="draft-restore" onclick={restore}>{ "恢复" }</button>
            </li>
        }
    });

    let same_id_dialog = s.same_id.as_ref().map(|(incoming, existing)| {
        let keep_both = {
            let incoming = incoming.clone();
            let state = state.clone();
            let open_draft = open_draft.clone();
            Callback::from(move |_: MouseEvent| {
                let mut s = (*state).clone();
                s.same_id = None;
                let r = library()
                    .map_err(LibraryError::Store)
                    .and_then(|mut l| l.import_keep_both(&incoming, &new_draft_id(), &now()));
                load_list(&mut s);
                match r {
                    Ok(d) => {
                        state.set(s);
                        open_draft.emit((d, 1, false));
                    }
                    Err(e) => {
                        s.error = Some(e.to_string());
                        state.set(s);
                    }
                }
            })
        };
        let replace = {
            let incoming = incoming.clone();
            let state = state.clone();
            let open_draft = open_draft.clone();
            Callback::from(move |_: MouseEvent| {
                let mut s = (*state).clone();
                s.same_id = None;
                let r = library()
                    .map_err(LibraryError::Store)
                    .and_then(|mut l| l.import_replace(&incoming, &new_draft_id(), &now()));
                load_list(&mut s);
                match r {
                    Ok(revision) => {
                        s.notice = Some("已替换；原来的版本已移到回收站".into());
                        state.set(s);
                        open_draft.emit((incoming.clone(), revision, false));
                    }
                    Err(e) => {
                        s.error = Some(e.to_string());
                        state.set(s);
                    }
                }
            })
        };
        let cancel = {
            let update = update.clone();
            Callback::from(move |_: MouseEvent| update(&|s: &mut ListState| s.same_id = None))
        };
        html! {
            <div class="dialog import-conflict" data-testid="import-conflict" role="dialog" aria-modal="true">
                <p>{ format!(
                    "浏览器中已有同一草稿“{}”（最后修改 {}）；导入的文件最后修改于 {}。",
                    existing.project_label(), local_time(&existing.modified), local_time(&incoming.modified)
                ) }</p>
                <button type="button" data-testid="import-keep-both" onclick={keep_both}>{ "保留两份" }</button>
                <button type="button" data-testid="import-replace" onclick={replace}
                    title="用导入的文件替换浏览器中的草稿；原来的版本移到回收站">{ "替换" }</button>
                <button type="button" data-testid="import-cancel" onclick={cancel}>{ "取消" }</button>
            </div>
        }
    });

    html! {
        <section class="drafts" data-testid="drafts">
            <h2>{ "我的草稿" }</h2>
            if let Some(err) = &s.storage_error {
                <p class="warning" data-testid="storage-warning" role="alert">
                    { format!("浏览器存储不可用：{err}。草稿不会保存在浏览器中，请在填写后下载草稿文件保存。") }
                </p>
            }
            if let Some(err) = &s.error {
                <p class="error import-error" data-testid="import-error" role="alert">{ err.clone() }</p>
            }
            if let Some(n) = &s.notice {
                <p class="notice" data-testid="drafts-notice" role="status">{ n.clone() }</p>
            }
            { for same_id_dialog }
            <p class="import">
                <label class="button" data-testid="import-file">
                    { "导入草稿文件…" }
                    <input type="file" class="visually-hidden" accept=".json,.jixiao.json,application/json"
                        onchange={on_pick} />
                </label>
                { super::workbook::import_button(&workbook_task) }
                <span class="hint">{ if *busy { "正在读取文件…" } else { "也可以把草稿文件（.jixiao.json）或 Excel 自评表拖到此页面上" } }</span>
            </p>
            { super::workbook::import_panel(&workbook_task, &props.on_open) }
            <ul class="drafts-list" data-testid="drafts-list">
                { for items }
            </ul>
            if s.drafts.is_empty() {
                <p class="empty" data-testid="drafts-empty">{ "还没有草稿。" }</p>
            }
            if !s.trash.is_empty() {
                <details class="trash" data-testid="drafts-trash">
                    <summary>{ format!("回收站（{}）— 删除的草稿保留 {} 天", s.trash.len(), library::TRASH_DAYS) }</summary>
                    <ul>{ for trash_items }</ul>
                </details>
            }
        </section>
    }
}
