//! Browser I/O (wasm32 only): the ONLY module that touches localStorage, files and downloads.
//!
//! - [`download`]: save a text file through a Blob + object URL + a temporary `<a download>`.
//!   The object URL is revoked later with a timeout, never synchronously (a synchronous revoke
//!   can cancel the download in some browsers).
//! - [`LocalStore`]: the drafts library's [`crate::library::Store`] over `window.localStorage`,
//!   with every failure (storage disabled or blocked, quota exceeded) returned as a
//!   [`crate::library::StoreError`] — never a panic (gloo-storage panics when storage is
//!   unavailable, so it is not used).
//! - File reading with the draft size limit checked before the file is read.
//! - The `storage` event: other tabs' writes.

use wasm_bindgen::{JsCast, JsValue};

/// How long an object URL of a download stays valid (ms). Long enough for the browser to
/// start the download; revoking frees the Blob.
const REVOKE_AFTER_MS: u32 = 60_000;

/// Offers `content` to the user as a file named `file_name` (a download). Failures are
/// logged to the console; use [`try_download`] to handle them.
pub fn download(file_name: &str, mime: &str, content: &str) {
    if let Err(message) = try_download(file_name, mime, content) {
        web_sys::console::error_1(&JsValue::from_str(&message));
    }
}

/// Like [`download`] but returns a Chinese message when the browser refuses.
pub fn try_download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let fail = |what: &str, err: JsValue| format!("无法下载文件“{file_name}”：{what}（{}）", js_error_text(&err));
    let window = web_sys::window().ok_or_else(|| format!("无法下载文件“{file_name}”：没有浏览器窗口"))?;
    let document = window
        .document()
        .ok_or_else(|| format!("无法下载文件“{file_name}”：页面没有文档"))?;

    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| fail("不能创建文件内容", e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| fail("不能创建下载地址", e))?;

    let result = (|| -> Result<(), JsValue> {
        let anchor: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.set_attribute("style", "display:none")?;
        let body = document.body().ok_or_else(|| JsValue::from_str("no body"))?;
        body.append_child(&anchor)?;
        anchor.click();
        anchor.remove();
        Ok(())
    })();

    // Revoke later, never synchronously.
    let revoke = url.clone();
    gloo::timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = web_sys::Url::revoke_object_url(&revoke);
    })
    .forget();

    result.map_err(|e| fail("浏览器拒绝了下载", e))
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
        (None, None) => err.as_string().unwrap_or_else(|| format!("{err:?}")),
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
