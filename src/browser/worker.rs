//! The file-format module's main-thread side (issue 17): the second WebAssembly module
//! (`src/bin/jixiao-worker.rs`: Excel import/export, Word) runs in a Web Worker started on first
//! use — never by the first load — and each request is a future.
//!
//! Loading: the page names the worker's files in `<meta name="jixiao-worker" content="JS WASM
//! BYTES">` (tools/postbuild.mjs). The wasm is fetched here, read chunk by chunk from the
//! response's stream so that the progress (bytes of BYTES) can be shown ([`Loading`]), then the
//! worker is started from its script and handed the bytes (transferred, not copied; it compiles
//! them itself, off the main thread). The standalone jixiao-offline.html carries both files as
//! base64 data blocks instead (`#jixiao-worker-js`, `#jixiao-worker-wasm`) and starts the worker
//! from a blob: URL. The service worker precaches the worker's files with the others, so after
//! one load the module starts offline too.
//!
//! Requests: `{ id, head, bytes }` (protocol: [`crate::worker_protocol`]); the reply with the
//! same id resolves the request's promise. Files cross as `ArrayBuffer`s transferred between the
//! threads; a file going to a download never enters this module's wasm memory. A worker that
//! fails (its script or wasm cannot load, a trap) fails every pending request with a Chinese
//! message and is dropped: the next use starts a new one.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::worker_protocol::{Reply, Request};

/// Where the module's load is, for the progress indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Loading {
    /// Downloading the wasm: bytes received of the whole (0 when unknown).
    Fetching { loaded: f64, total: f64 },
    /// Compiling and starting it in the worker.
    Starting,
    /// Started: working on the request.
    Working,
}

impl Loading {
    /// What the indicator says. (Integer arithmetic only: formatting an `f64` would link
    /// Rust's float formatting into the first-load wasm.)
    pub fn text(self) -> String {
        match self {
            Loading::Fetching { loaded, total } if total > 0.0 => format!(
                "正在载入 文件模块… {}%（{} / {} MB）",
                ((loaded / total * 100.0) as u64).min(100),
                megabytes(loaded),
                megabytes(total)
            ),
            Loading::Fetching { loaded, .. } => format!("正在载入 文件模块…（{} MB）", megabytes(loaded)),
            Loading::Starting => "正在启动 文件模块…".to_string(),
            Loading::Working => "正在处理…".to_string(),
        }
    }

    /// Bytes done and the whole, for a `<progress>` (None: indeterminate).
    pub fn fraction(self) -> Option<(u64, u64)> {
        match self {
            Loading::Fetching { loaded, total } if total > 0.0 => Some(((loaded.min(total)) as u64, total as u64)),
            _ => None,
        }
    }
}

/// Bytes as MB with one decimal (1 MB = 1,048,576 bytes), without float formatting.
fn megabytes(bytes: f64) -> String {
    let tenths = (bytes / 104_857.6) as u64;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A started worker and what waits on it.
struct Module {
    worker: web_sys::Worker,
    /// Resolve/reject functions of the requests sent, with their ids (a few at most: a Vec).
    pending: Vec<(u32, js_sys::Function, js_sys::Function)>,
    next_id: u32,
    /// The worker's `message` and `error` handlers (kept alive with it).
    _handlers: (OnMessage, OnError),
}

type OnMessage = Closure<dyn FnMut(web_sys::MessageEvent)>;
type OnError = Closure<dyn FnMut(web_sys::ErrorEvent)>;
/// Who hears the load's progress.
type Listener = Rc<dyn Fn(Loading)>;

thread_local! {
    /// The module: `None` before the first use (and after a failure); a promise that resolves
    /// once it is started (shared by requests made while it loads).
    static MODULE: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static RUNNING: RefCell<Option<Rc<RefCell<Module>>>> = const { RefCell::new(None) };
    /// Who is shown the load's progress (the last request made while it loads).
    static PROGRESS: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

fn progress(step: Loading) {
    let f = PROGRESS.with(|p| p.borrow().clone());
    if let Some(f) = f {
        f(step);
    }
}

/// Sends `request` (with `bytes`, transferred: the buffer is detached afterwards) to the module,
/// loading it first if needed, and returns its reply and the reply's bytes. `on_progress` hears
/// the load's steps and then [`Loading::Working`]. Every failure — the module cannot load, the
/// worker's refusal ([`Reply::Failed`]) — is `Err` with a Chinese sentence.
pub async fn call(
    request: &Request,
    bytes: js_sys::ArrayBuffer,
    on_progress: impl Fn(Loading) + 'static,
) -> Result<(Reply, js_sys::Uint8Array), String> {
    PROGRESS.with(|p| *p.borrow_mut() = Some(Rc::new(on_progress)));
    let started = ensure_started().await;
    let on_progress = PROGRESS.with(|p| p.borrow_mut().take());
    started?;
    if let Some(f) = on_progress {
        f(Loading::Working);
    }
    let module = RUNNING.with(|r| r.borrow().clone()).ok_or_else(|| "文件模块已停止，请重试".to_string())?;
    let head = crate::worker_protocol::request_json(request);
    let (id, promise) = {
        let mut m = module.borrow_mut();
        let id = m.next_id;
        m.next_id += 1;
        let mut slot = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| slot = Some((resolve, reject)));
        if let Some((resolve, reject)) = slot {
            m.pending.push((id, resolve, reject));
        }
        (id, promise)
    };
    let message = js_sys::Object::new();
    set(&message, "id", &JsValue::from(id));
    set(&message, "head", &JsValue::from_str(&head));
    set(&message, "bytes", &bytes);
    let sent = module.borrow().worker.post_message_with_transfer(&message, &js_sys::Array::of1(&bytes));
    if let Err(e) = sent {
        module.borrow_mut().pending.retain(|p| p.0 != id);
        return Err(format!("无法把文件交给 文件模块（{}）", super::js_error_text(&e)));
    }
    let data = JsFuture::from(promise).await.map_err(|e| e.as_string().unwrap_or_else(|| super::js_error_text(&e)))?;
    let head = get(&data, "head").as_string().unwrap_or_default();
    let reply = crate::worker_protocol::read_reply(&head)?;
    if let Reply::Failed { message } = reply {
        return Err(message);
    }
    let out = get(&data, "bytes");
    let out = if out.is_undefined() { js_sys::Uint8Array::new_with_length(0) } else { js_sys::Uint8Array::new(&out) };
    Ok((reply, out))
}

/// Whether the module has been started in this page (its files loaded).
pub fn is_started() -> bool {
    RUNNING.with(|r| r.borrow().is_some())
}

async fn ensure_started() -> Result<(), String> {
    let promise = MODULE.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| wasm_bindgen_futures::future_to_promise(async { start().await.map(|()| JsValue::TRUE) }))
            .clone()
    });
    match JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        Err(e) => {
            // The next use tries again.
            stop();
            Err(e.as_string().unwrap_or_else(|| super::js_error_text(&e)))
        }
    }
}

/// Drops the module (after a failure): the next use loads a new one.
fn stop() {
    MODULE.with(|m| *m.borrow_mut() = None);
    if let Some(module) = RUNNING.with(|r| r.borrow_mut().take()) {
        let mut m = module.borrow_mut();
        m.worker.terminate();
        for (_, _, reject) in m.pending.drain(..) {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("文件模块出错已停止，请重试；您的草稿没有改变"));
        }
        drop(m);
        // Dropped later: this may run inside one of the worker's handlers, which the module owns.
        wasm_bindgen_futures::spawn_local(async move { drop(module) });
    }
}

/// The worker's files: the script's URL and the wasm's bytes.
struct Source {
    script_url: String,
    wasm: js_sys::Uint8Array,
}

/// Loads the files and starts the worker; resolves once the module has said it is ready.
async fn start() -> Result<(), JsValue> {
    let source = source().await.map_err(|e| JsValue::from_str(&e))?;
    progress(Loading::Starting);
    let worker = web_sys::Worker::new(&source.script_url)
        .map_err(|e| JsValue::from_str(&format!("无法启动 文件模块（{}）", super::js_error_text(&e))))?;
    let mut ready_slot = None;
    let ready = js_sys::Promise::new(&mut |resolve, reject| ready_slot = Some((resolve, reject)));
    let (ready_resolve, ready_reject) = ready_slot.ok_or_else(|| JsValue::from_str("Promise"))?;
    let module = Rc::new(RefCell::new(Module {
        worker: worker.clone(),
        pending: Vec::new(),
        next_id: 1,
        _handlers: (Closure::new(|_| {}), Closure::new(|_| {})),
    }));
    let on_message: OnMessage = {
        let module = Rc::downgrade(&module);
        let (resolve, reject) = (ready_resolve.clone(), ready_reject.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let ready = get(&data, "ready");
            if ready.is_truthy() {
                let _ = resolve.call0(&JsValue::NULL);
            } else if ready == JsValue::FALSE {
                let why = get(&data, "error").as_string().unwrap_or_default();
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&format!("文件模块无法启动（{why}）")));
            } else if let Some(module) = module.upgrade() {
                let id = get(&data, "id").as_f64().unwrap_or(-1.0) as u32;
                let waiting = {
                    let mut m = module.borrow_mut();
                    m.pending.iter().position(|p| p.0 == id).map(|i| m.pending.remove(i))
                };
                if let Some((_, resolve, _)) = waiting {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            }
        })
    };
    let on_error: OnError = {
        let reject = ready_reject.clone();
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            event.prevent_default();
            super::log_error(&format!("文件模块出错：{}", event.message()));
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&format!("文件模块无法启动或出错（{}）", event.message())));
            stop();
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    module.borrow_mut()._handlers = (on_message, on_error);
    RUNNING.with(|r| *r.borrow_mut() = Some(module.clone()));
    let start = js_sys::Object::new();
    let buffer = source.wasm.buffer();
    set(&start, "wasm", &buffer);
    worker
        .post_message_with_transfer(&start, &js_sys::Array::of1(&buffer))
        .map_err(|e| JsValue::from_str(&format!("无法启动 文件模块（{}）", super::js_error_text(&e))))?;
    JsFuture::from(ready).await.map(|_| ())
}

/// The worker's files: embedded in the standalone page, else fetched as the meta names them.
async fn source() -> Result<Source, String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("页面没有文档")?;
    if let (Some(js), Some(wasm)) =
        (document.get_element_by_id("jixiao-worker-js"), document.get_element_by_id("jixiao-worker-wasm"))
    {
        let js = base64_decode(&js.text_content().unwrap_or_default()).ok_or("离线版中的 文件模块已损坏")?;
        let wasm = base64_decode(&wasm.text_content().unwrap_or_default()).ok_or("离线版中的 文件模块已损坏")?;
        let url = super::ObjectUrl::new(&js, "text/javascript").map_err(|e| format!("无法启动 文件模块：{e}"))?;
        let script_url = url.url().to_string();
        // The worker's script stays valid for as long as the page lives (a restart after a
        // failure uses it again).
        std::mem::forget(url);
        return Ok(Source { script_url, wasm: js_sys::Uint8Array::from(wasm.as_slice()) });
    }
    let meta = document
        .query_selector("meta[name=\"jixiao-worker\"]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or("此页面没有 文件模块（构建不完整）")?;
    let mut parts = meta.split_whitespace();
    let (Some(js), Some(wasm)) = (parts.next(), parts.next()) else {
        return Err("此页面的 文件模块信息无法读取".into());
    };
    // As an integer: parsing an f64 would link Rust's float parser into the first load.
    let total = parts.next().and_then(|b| b.parse::<u64>().ok()).unwrap_or(0) as f64;
    let wasm = fetch_with_progress(wasm, total).await?;
    Ok(Source { script_url: js.to_string(), wasm })
}

/// Fetches `url` chunk by chunk, reporting [`Loading::Fetching`]; the bytes stay in JavaScript.
async fn fetch_with_progress(url: &str, total: f64) -> Result<js_sys::Uint8Array, String> {
    let fail = |e: JsValue| format!("无法载入 文件模块（{}）。如果没有联网，请联网后重试一次，之后离线也能使用", super::js_error_text(&e));
    let window = web_sys::window().ok_or("没有浏览器窗口")?;
    progress(Loading::Fetching { loaded: 0.0, total });
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await.map_err(fail)?.unchecked_into();
    if !response.ok() {
        return Err(format!("无法载入 文件模块（服务器回答 {} {}）", response.status(), response.status_text()));
    }
    let Some(body) = response.body() else {
        let buffer = JsFuture::from(response.array_buffer().map_err(fail)?).await.map_err(fail)?;
        return Ok(js_sys::Uint8Array::new(&buffer));
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let chunks = js_sys::Array::new();
    let mut loaded = 0.0;
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(fail)?;
        if get(&step, "done").is_truthy() {
            break;
        }
        let chunk = js_sys::Uint8Array::new(&get(&step, "value"));
        loaded += chunk.length() as f64;
        chunks.push(&chunk);
        progress(Loading::Fetching { loaded, total: total.max(loaded) });
    }
    let all = js_sys::Uint8Array::new_with_length(loaded as u32);
    let mut offset = 0;
    for chunk in chunks.iter() {
        let chunk: js_sys::Uint8Array = chunk.unchecked_into();
        all.set(&chunk, offset);
        offset += chunk.length();
    }
    Ok(all)
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// Standard base64 (with or without padding; whitespace skipped). None on any other character.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A picked or dropped file's bytes as an `ArrayBuffer` (for the worker: never copied into this
/// module's memory), refused before reading when larger than `max_bytes`.
pub async fn read_file_buffer(file: &web_sys::File, max_bytes: usize) -> Result<js_sys::ArrayBuffer, String> {
    if file.size() > max_bytes as f64 {
        return Err(format!(
            "文件太大（{:.1} MB），最大 {} MB；请确认选择的是绩效自评表",
            file.size() / 1_048_576.0,
            max_bytes / 1_048_576
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("浏览器无法读取此文件（{}）", super::js_error_text(&e)))?;
    Ok(buffer.unchecked_into())
}

/// Bytes of this module's memory as a new `ArrayBuffer` (for a request).
pub fn buffer_of(bytes: &[u8]) -> js_sys::ArrayBuffer {
    js_sys::Uint8Array::from(bytes).buffer()
}
