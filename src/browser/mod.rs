//! Browser I/O (wasm32 only): the ONLY module that touches localStorage, files and downloads.
//!
//! - [`download`]: save a text file through a Blob + object URL + a temporary `<a download>`;
//!   [`ObjectUrl`]: a Blob made from UTF-8 bytes and its object URL, held for as long as it is
//!   shown (the report preview's iframe and its download use the same one). The object URL of
//!   a download is revoked later with a timeout, never synchronously (a synchronous revoke can
//!   cancel the download in some browsers).
//! - [`LocalStore`]: the drafts library's [`crate::library::Store`] over `window.localStorage`,
//!   with every failure (storage disabled or blocked, quota exceeded) returned as a
//!   [`crate::library::StoreError`] — never a panic (gloo-storage panics when storage is
//!   unavailable, so it is not used).
//! - File reading with the draft size limit checked before the file is read; [`app_file`]: a
//!   file of the app itself loaded on demand (the sample), not compiled into the wasm.
//! - The `storage` event: other tabs' writes.
//! - The page URL's hash (the editor's section): [`location_hash`], [`set_location_hash`]
//!   (history entries, no reload, no scrolling) and [`on_history_move`] (Back / Forward).
//! - [`worker`]: the file-format module (Excel, Word), a Web Worker started on first use.
//! - [`install_crash_notice`]: 程序出错 — a panic or a WebAssembly trap (a bug of jixiao, never
//!   the user's input) shows a notice on the page instead of a page that silently stops
//!   answering.

pub mod folder;
pub mod worker;

use wasm_bindgen::{JsCast, JsValue};

/// How long an object URL of a download stays valid (ms). Long enough for the browser to
/// start the download; revoking frees the Blob.
const REVOKE_AFTER_MS: u32 = 60_000;

/// Offers `content` to the user as a file named `file_name` (a download). Failures are
/// logged to the console; use [`try_download`] to handle them.
pub fn download(file_name: &str, mime: &str, content: &str) {
    if let Err(message) = try_download(file_name, mime, content) {
        log_error(&message);
    }
}

/// Offers bytes held in JavaScript (a workbook, a .docx the worker module wrote) as a download
/// named `file_name`; a Chinese message when the browser refuses.
pub fn download_array(file_name: &str, mime: &str, bytes: &js_sys::Uint8Array) -> Result<(), String> {
    ObjectUrl::of_array(bytes, mime)
        .map_err(|what| format!("无法下载文件“{file_name}”：{what}"))?
        .download(file_name)
}

/// Writes a failure nobody is waiting for (a refused download…) to the browser console.
pub fn log_error(message: &str) {
    web_sys::console::error_1(&JsValue::from_str(message));
}

/// Like [`download`] but returns a Chinese message when the browser refuses.
pub fn try_download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    ObjectUrl::new(content.as_bytes(), mime)
        .map_err(|what| format!("无法下载文件“{file_name}”：{what}"))?
        .download(file_name)
    // Dropped here: revoked later (a download was started from it).
}

/// A file the page holds for the user: a `Blob` made from UTF-8 bytes (copied once out of the
/// wasm memory as a `Uint8Array`; never turned into a JavaScript string and encoded back) and
/// its object URL (`blob:…`), usable as an iframe's `src` and for downloads.
///
/// Dropping it revokes the URL (frees the Blob): at once if no download was started from it,
/// otherwise a minute later (`REVOKE_AFTER_MS`) — never synchronously after a download click, which can
/// cancel the download in some browsers.
#[derive(Debug)]
pub struct ObjectUrl {
    url: String,
    downloaded: std::cell::Cell<bool>,
}

impl ObjectUrl {
    /// A Blob of `bytes` with MIME type `mime`, and its object URL. The error is a Chinese
    /// phrase (what could not be done and the browser's reason).
    pub fn new(bytes: &[u8], mime: &str) -> Result<ObjectUrl, String> {
        ObjectUrl::of_array(&js_sys::Uint8Array::new_from_slice(bytes), mime)
    }

    /// [`ObjectUrl::new`] of bytes already in JavaScript (a file the worker module wrote).
    pub fn of_array(bytes: &js_sys::Uint8Array, mime: &str) -> Result<ObjectUrl, String> {
        let parts = js_sys::Array::new();
        parts.push(bytes);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
            .map_err(|e| format!("不能创建文件内容（{}）", js_error_text(&e)))?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|e| format!("不能创建文件地址（{}）", js_error_text(&e)))?;
        Ok(ObjectUrl { url, downloaded: std::cell::Cell::new(false) })
    }

    /// The object URL (`blob:…`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Starts a download of the Blob as `file_name` (a temporary `<a download>` clicked).
    /// Returns a Chinese message when the browser refuses.
    pub fn download(&self, file_name: &str) -> Result<(), String> {
        let fail = |err: JsValue| format!("无法下载文件“{file_name}”：浏览器拒绝了下载（{}）", js_error_text(&err));
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or_else(|| format!("无法下载文件“{file_name}”：页面没有文档"))?;
        // From here on the browser may be reading the Blob: revoke it late.
        self.downloaded.set(true);
        (|| -> Result<(), JsValue> {
            let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
            anchor.set_href(&self.url);
            anchor.set_download(file_name);
            anchor.set_attribute("hidden", "")?;
            let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
            body.append_child(&anchor)?;
            anchor.click();
            anchor.remove();
            Ok(())
        })()
        .map_err(fail)
    }
}

impl Drop for ObjectUrl {
    fn drop(&mut self) {
        if !self.downloaded.get() {
            let _ = web_sys::Url::revoke_object_url(&self.url);
            return;
        }
        // Revoke later, never synchronously after a download.
        let url = std::mem::take(&mut self.url);
        gloo::timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
    }
}

/// Prints the document an iframe shows (the report alone, all of it), with the browser's
/// print dialog. The frame's sandbox must allow modals (`allow-modals`), not scripts.
pub fn print_frame(frame: &web_sys::HtmlIFrameElement) -> Result<(), String> {
    let window = frame.content_window().ok_or("报告预览还没有载入，无法打印")?;
    window.print().map_err(|e| format!("无法打印报告：{}", js_error_text(&e)))
}

/// The text of a thrown JS value (a DOMException's or Error's name and message…).
pub fn js_error_text(err: &JsValue) -> String {
    let name = js_error_name(err);
    let message = js_sys::Reflect::get(err, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string());
    match (name, message) {
        (Some(n), Some(m)) => format!("{n}: {m}"),
        (None, Some(m)) => m,
        (Some(n), None) => n,
        // No Debug formatting: the wasm is built without it (-Zfmt-debug=none, issue 20).
        (None, None) => err
            .as_string()
            .or_else(|| js_sys::JSON::stringify(err).ok().and_then(|s| s.as_string()))
            .unwrap_or_else(|| "（无说明的错误）".to_string()),
    }
}

/// The `name` of a thrown DOMException / Error (e.g. "QuotaExceededError", "SecurityError").
pub fn js_error_name(err: &JsValue) -> Option<String> {
    if !err.is_object() {
        return None;
    }
    js_sys::Reflect::get(err, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
}

// ---------------------------------------------------------------------------------------------
// Storage

use crate::library::{Store, StoreError};

/// The drafts library's store over `window.localStorage` (or sessionStorage). Every failure
/// — storage disabled or blocked (the `localStorage` getter throws or is null), quota
/// exceeded (`setItem` throws QuotaExceededError) — is a [`StoreError`], never a panic.
#[derive(Debug, Clone)]
pub struct LocalStore {
    storage: web_sys::Storage,
}

impl LocalStore {
    /// `window.localStorage`, or why it cannot be used.
    pub fn open() -> Result<LocalStore, StoreError> {
        let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("没有浏览器窗口".into()))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(LocalStore { storage }),
            Ok(None) => Err(StoreError::Unavailable(String::new())),
            Err(e) => Err(StoreError::Unavailable(js_error_text(&e))),
        }
    }

    /// `window.sessionStorage` (this tab only; survives a reload).
    pub fn session() -> Result<LocalStore, StoreError> {
        let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("没有浏览器窗口".into()))?;
        match window.session_storage() {
            Ok(Some(storage)) => Ok(LocalStore { storage }),
            Ok(None) => Err(StoreError::Unavailable(String::new())),
            Err(e) => Err(StoreError::Unavailable(js_error_text(&e))),
        }
    }
}

/// Classifies an exception thrown by the Storage API.
pub fn store_error(err: &JsValue) -> StoreError {
    let name = js_error_name(err);
    let code = js_sys::Reflect::get(err, &JsValue::from_str("code")).ok().and_then(|c| c.as_f64());
    match name.as_deref() {
        Some("QuotaExceededError") | Some("NS_ERROR_DOM_QUOTA_REACHED") => StoreError::QuotaExceeded,
        _ if code == Some(22.0) || code == Some(1014.0) => StoreError::QuotaExceeded,
        Some("SecurityError") | Some("InvalidAccessError") => StoreError::Unavailable(js_error_text(err)),
        _ => StoreError::Other(js_error_text(err)),
    }
}

impl Store for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.storage.get_item(key).map_err(|e| store_error(&e))
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.storage.set_item(key, value).map_err(|e| store_error(&e))
    }
    fn remove(&mut self, key: &str) -> Result<(), StoreError> {
        self.storage.remove_item(key).map_err(|e| store_error(&e))
    }
    fn keys(&self) -> Result<Vec<String>, StoreError> {
        let n = self.storage.length().map_err(|e| store_error(&e))?;
        let mut keys = Vec::with_capacity(n as usize);
        for i in 0..n {
            if let Some(k) = self.storage.key(i).map_err(|e| store_error(&e))? {
                keys.push(k);
            }
        }
        Ok(keys)
    }
}

/// Calls `on_change(key)` when another tab changes a `jixiao.` key of localStorage
/// (`key` is `None` when that tab cleared the whole storage). Keep the returned listener
/// alive as long as the subscription should last (dropping it unsubscribes).
pub fn on_other_tab_change(on_change: impl Fn(Option<String>) + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(&window, "storage", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
        match event.key() {
            Some(key) if key.starts_with(crate::library::PREFIX) => on_change(Some(key)),
            Some(_) => {}
            None => on_change(None),
        }
    }))
}

// ---------------------------------------------------------------------------------------------
// Files

/// Reads a file the user picked or dropped. Its size is checked against `max_bytes`
/// BEFORE anything is read; a larger file is refused with the draft format's message
/// ([`crate::draft::DraftError::TooLarge`]). Errors are Chinese sentences without the file
/// name (the caller names the file).
pub async fn read_file(file: &web_sys::File, max_bytes: usize) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > max_bytes as f64 {
        return Err(crate::draft::DraftError::TooLarge { bytes: size as usize, limit: max_bytes }.to_string());
    }
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("浏览器无法读取此文件（{}）", js_error_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A file of the app's own build (beside index.html; the service worker caches it, so it opens
/// offline too), loaded when first needed instead of compiled into the wasm. The standalone
/// jixiao-offline.html, which runs from file:// and may fetch nothing, carries such files as
/// `<script type="application/json" data-file="NAME">` blocks (tools/postbuild.mjs): their text
/// is used when present. Errors are Chinese sentences naming the file.
pub async fn app_file(name: &str) -> Result<String, String> {
    let doc = gloo::utils::document();
    if let Ok(Some(el)) = doc.query_selector(&format!("script[data-file=\"{name}\"]")) {
        if let Some(text) = el.text_content() {
            return Ok(text);
        }
    }
    let fail = |why: String| format!("无法加载文件 {name}（{why}）");
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(name))
        .await
        .map_err(|e| fail(format!("网络错误：{}", js_error_text(&e))))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(fail(format!("服务器回复 {}", response.status())));
    }
    let text = response.text().map_err(|e| fail(js_error_text(&e)))?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|e| fail(js_error_text(&e)))?;
    text.as_string().ok_or_else(|| fail("内容不是文本".to_string()))
}

/// The files of a `<input type=file>`'s FileList or a drop's DataTransfer.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

// ---------------------------------------------------------------------------------------------
// Time and ids

/// Now, as an ISO 8601 UTC timestamp (`2026-11-29T05:21:45.123Z`).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A new draft id: `crypto.randomUUID()` where available, else time + random digits.
pub fn new_id() -> String {
    let global = js_sys::global();
    if let Ok(crypto) = js_sys::Reflect::get(&global, &JsValue::from_str("crypto")) {
        if let Ok(f) = js_sys::Reflect::get(&crypto, &JsValue::from_str("randomUUID")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                if let Some(s) = f.call0(&crypto).ok().and_then(|v| v.as_string()) {
                    return s;
                }
            }
        }
    }
    let t = js_sys::Date::now() as u64;
    let r = (js_sys::Math::random() * 1e12) as u64;
    format!("{t:x}-{r:x}")
}

// ---------------------------------------------------------------------------------------------
// Performance marks (for the browser benchmark, bench/browser.mjs)

/// A User Timing measure (`performance.measure(name, { start, end })`) from its creation to its
/// drop: the benchmark reads these entries (`performance.getEntriesByName(name)`); DevTools
/// shows them in a performance trace. Costs two `performance.now()` calls; does nothing where
/// the User Timing API is missing. Reached through `js_sys::Reflect` (no web-sys feature).
pub struct PerfMeasure {
    name: &'static str,
    start: Option<f64>,
}

fn performance() -> Option<JsValue> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(|p| p.is_object())
}

fn perf_call(perf: &JsValue, method: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(perf, &JsValue::from_str(method)).ok()?.dyn_into().ok()
}

fn perf_now() -> Option<f64> {
    let perf = performance()?;
    perf_call(&perf, "now")?.call0(&perf).ok()?.as_f64()
}

/// Starts a measure named `name` (ended when the returned value is dropped).
pub fn perf_measure(name: &'static str) -> PerfMeasure {
    PerfMeasure { name, start: perf_now() }
}

impl Drop for PerfMeasure {
    fn drop(&mut self) {
        let (Some(start), Some(end)) = (self.start, perf_now()) else { return };
        let Some(perf) = performance() else { return };
        let Some(measure) = perf_call(&perf, "measure") else { return };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("start"), &JsValue::from_f64(start));
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("end"), &JsValue::from_f64(end));
        let _ = measure.call2(&perf, &JsValue::from_str(self.name), &options);
    }
}

/// What the crash notice says (its details are the panic's message and place).
const CRASH_TITLE: &str = "程序出错，页面已停止工作";
const CRASH_BODY: &str = "这是 jixiao 自身的错误，不是您填写的内容有误。已自动保存的内容不受影响：点“重新载入”，\
草稿会从最近一次自动保存处打开（出错前半秒内的修改可能没有保存，请核对最后一次修改）。\
如果再次出错，请导出草稿文件（点下面的“导出已保存的草稿”，或重新载入后点“导出草稿”），连同下面的错误信息一起发给维护人员。";

/// The panic hook of the crash notice: logs the panic's message and where in the code to the
/// console, and shows the notice with them (the trap that follows finds it shown). Yew installs
/// its own console hook when it renders unless one is given to `yew::set_custom_panic_hook`,
/// which is how [`crate::ui::start`] installs this one.
pub fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "（无说明）".to_string());
    // The release wasm is built without panic locations (-Zlocation-detail=none, issue 20):
    // its locations read `<redacted>:0:0` and are left out.
    let details = match info.location().filter(|l| l.line() != 0) {
        Some(l) => format!("panic：{message}\n位置：{}:{}:{}", l.file(), l.line(), l.column()),
        None => format!("panic：{message}"),
    };
    log_error(&details);
    show_crash_notice(&details);
}

/// Text composed with an input method (拼音, 五笔) reaches the draft when the composition
/// ends: Chromium sends the last `input` event of a composition while it is still composing
/// (the fields skip those, `InputEvent::is_composing`) and none after `compositionend`, so
/// this one listener on the document sends the field a plain `input` event then. Installed
/// once at start; it lives as long as the page.
pub fn install_composition_input() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    gloo::events::EventListener::new(&document, "compositionend", |e| {
        if let Some(target) = e.target() {
            if let Ok(input) = web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            }) {
                let _ = target.dispatch_event(&input);
            }
        }
    })
    .forget();
}

/// Installs the crash notice for traps without a panic (the wasm stopped in the middle of an
/// event handler or a future: stack exhausted, memory refused): listeners for the page's
/// `error` and `unhandledrejection` events that carry a `WebAssembly.RuntimeError`. Errors of
/// other scripts show nothing. The notice ([`on_panic`] shows the same) is one element at the
/// top of the page (`role="alert"`, `data-testid="crash-notice"`) with a 重新载入 link that is
/// a plain link to the page — it works even when the wasm can no longer run. A reload reopens
/// the draft that was open (the library's last-open draft), as the autosave stored it.
pub fn install_crash_notice() {
    let Some(window) = web_sys::window() else { return };
    // Each event with the property that holds what was thrown.
    for (event, thrown) in [("error", "error"), ("unhandledrejection", "reason")] {
        gloo::events::EventListener::new(&window, event, move |e| {
            let cause = js_sys::Reflect::get(e, &JsValue::from_str(thrown)).unwrap_or(JsValue::UNDEFINED);
            if cause.is_instance_of::<js_sys::WebAssembly::RuntimeError>() {
                show_crash_notice(&format!("WebAssembly：{}", js_error_text(&cause)));
            }
        })
        .forget();
    }
}

/// 导出已保存的草稿: a plain download link (it needs no wasm once made) to the stored text of
/// the draft being edited ([`crate::library::Library::rescue`]) — the way out when the draft
/// fails again on its next load. None when no draft is open or storage cannot be read.
fn rescue_link(make: &dyn Fn(&str, &str, &str) -> Option<web_sys::Element>) -> Option<web_sys::Element> {
    let library = crate::library::Library::new(LocalStore::open().ok()?);
    let (file_name, text) = library.rescue(tab_draft_id().as_deref())?;
    // Never revoked: the page has stopped, and the link must work for as long as it is shown.
    let url = ObjectUrl::new(text.as_bytes(), "application/json").ok()?;
    let link = make("a", "crash-rescue", &format!("导出已保存的草稿（{file_name}）"))?;
    let _ = link.set_attribute("href", &url.url);
    let _ = link.set_attribute("download", &file_name);
    let _ = link.set_attribute("data-testid", "crash-rescue");
    std::mem::forget(url);
    Some(link)
}

/// The page URL's hash without its `#` (empty when there is none): the editor puts its
/// section there (`#funds`).
pub fn location_hash() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#').to_string()
}

/// Puts `hash` (`None`: no hash) in the page's URL, without loading or scrolling anything: as a
/// new entry of the browser's history (`push`: Back returns to the URL before) or in place of
/// the current one. The URL is relative (`#funds`, or the page's own path), so it works under
/// any sub-path and from `file://`.
pub fn set_location_hash(hash: Option<&str>, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = w.history() else { return };
    let url = match hash {
        Some(h) => format!("#{h}"),
        None => {
            let l = w.location();
            format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default())
        }
    };
    let done = if push {
        history.push_state_with_url(&JsValue::NULL, "", Some(&url))
    } else {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
    };
    if let Err(e) = done {
        log_error(&format!("无法更新地址栏：{}", js_error_text(&e)));
    }
}

/// Loads another page of the app (a URL relative to this one): as a new entry of the
/// browser's history, or in place of this one (`replace`: Back skips it).
pub fn open_page(url: &str, replace: bool) {
    let Some(w) = web_sys::window() else { return };
    let l = w.location();
    let done = if replace { l.replace(url) } else { l.assign(url) };
    if let Err(e) = done {
        log_error(&format!("无法打开页面 {url}：{}", js_error_text(&e)));
    }
}

/// The 审核 page beside this one: review.html as served, or — in the standalone
/// jixiao-offline.html, which has no files beside it on the server's side — the standalone
/// jixiao-review-offline.html that the build writes next to it (tools/postbuild.mjs).
pub fn review_page() -> &'static str {
    if is_standalone() {
        "jixiao-review-offline.html"
    } else {
        "review.html"
    }
}

/// This page is one of the standalone files (`<meta name="jixiao-offline">`, written by
/// tools/postbuild.mjs), which run from file://.
fn is_standalone() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=\"jixiao-offline\"]").ok().flatten())
        .is_some()
}

/// The editor's page beside the 审核 page (the way back from it).
pub fn editor_page() -> &'static str {
    if is_standalone() {
        "jixiao-offline.html"
    } else {
        "./"
    }
}

/// Calls `f` when the user moves in the page's history (Back, Forward, a hash typed in the
/// address bar: the `popstate` event); dropping the listener stops it.
pub fn on_history_move(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let w = web_sys::window()?;
    Some(gloo::events::EventListener::new(&w, "popstate", move |_| f()))
}

/// The id of the draft this tab was editing (sessionStorage: kept across the tab's reloads,
/// not shared with other tabs), if any.
pub fn tab_draft_id() -> Option<String> {
    LocalStore::session().ok()?.get(crate::library::LAST_OPEN_KEY).ok().flatten()
}

/// Shows the crash notice once (a panic is followed by its trap: the first one says it).
fn show_crash_notice(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.query_selector("[data-testid=\"crash-notice\"]").ok().flatten().is_some() {
        return;
    }
    let Some(body) = document.body() else { return };
    let make = |tag: &str, class: &str, text: &str| -> Option<web_sys::Element> {
        let el = document.create_element(tag).ok()?;
        el.set_class_name(class);
        el.set_text_content(Some(text));
        Some(el)
    };
    let Some(notice) = make("div", "crash-notice", "") else { return };
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("data-testid", "crash-notice");
    // The page's URL without its hash (the editor's section): a link to the same URL with a
    // hash only moves to the hash, it does not load the page again.
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let href = href.split('#').next().unwrap_or_default().to_string();
    let parts = [
        make("strong", "crash-title", CRASH_TITLE),
        make("p", "", CRASH_BODY),
        make("pre", "crash-details", details),
        make("a", "crash-reload", "重新载入").inspect(|a| {
            let _ = a.set_attribute("href", &href);
            let _ = a.set_attribute("data-testid", "crash-reload");
        }),
        rescue_link(&make),
    ];
    for part in parts.into_iter().flatten() {
        let _ = notice.append_child(&part);
    }
    let _ = body.prepend_with_node_1(&notice);
}

// ---------------------------------------------------------------------------------------------
// Long work in slices (the 审核 page reads a batch file after file)

/// Milliseconds since the page started (`performance.now()`; `Date.now()` where it is missing).
pub fn now_ms() -> f64 {
    perf_now().unwrap_or_else(js_sys::Date::now)
}

/// Gives the event loop a turn (a `setTimeout(0)` task): the page paints, and clicks and keys are
/// handled, before the work goes on. Long loops call it every few tens of milliseconds (not per
/// item: browsers clamp nested timeouts to 4 ms).
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).is_ok())
            .unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The name of a picked or dropped file with its folder when it came with one (a folder picked
/// through `webkitdirectory`: `单位/项目.jixiao.json`), else its name.
pub fn file_path(file: &web_sys::File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|p| p.as_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Reads several picked or dropped files at once (the browser reads them side by side and the
/// page waits one turn for all of them, not one per file): each one's bytes, or why not (as
/// [`read_file`] says it), in order. A file larger than `max_bytes` is refused unread.
pub async fn read_files(files: &[web_sys::File], max_bytes: usize) -> Vec<Result<Vec<u8>, String>> {
    let promises = js_sys::Array::new();
    for f in files {
        if f.size() > max_bytes as f64 {
            promises.push(&JsValue::NULL);
        } else {
            promises.push(&f.array_buffer());
        }
    }
    let settled = match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::all_settled(&promises)).await {
        Ok(v) => js_sys::Array::from(&v),
        Err(e) => return files.iter().map(|_| Err(format!("浏览器无法读取此文件（{}）", js_error_text(&e)))).collect(),
    };
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let outcome = settled.get(i as u32);
            let field = |name: &str| js_sys::Reflect::get(&outcome, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
            if f.size() > max_bytes as f64 {
                return Err(crate::draft::DraftError::TooLarge { bytes: f.size() as usize, limit: max_bytes }.to_string());
            }
            if field("status").as_string().as_deref() == Some("fulfilled") {
                Ok(js_sys::Uint8Array::new(&field("value")).to_vec())
            } else {
                Err(format!("浏览器无法读取此文件（{}）", js_error_text(&field("reason"))))
            }
        })
        .collect()
}
