//! Files with their folders (审核, issue 19): a folder picked (`<input type=file
//! webkitdirectory>`) or dropped (`DataTransferItem.webkitGetAsEntry`, read recursively), and
//! the names of a zip made on a Chinese Windows (GBK, decoded by the browser's `TextDecoder`).
//! Each file comes with its path relative to what was picked or dropped
//! (`批次/某单位/自评表.xlsx`); a file the browser cannot give is listed with its message.
//! Reached through `js_sys::Reflect` (the entries API has no typed binding worth its features).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// A picked or dropped file with its path, or the path and why the browser could not give it.
pub type PathedFile = (String, Result<web_sys::File, String>);

/// What a drop held, taken during the drop event (its items are gone once the handler returns):
/// the entries of its items, or its plain files when the browser has no entries.
pub struct Dropped {
    entries: Vec<JsValue>,
    files: Vec<web_sys::File>,
}

/// Takes what `transfer` holds (call it inside the `drop` handler).
pub fn dropped(transfer: &web_sys::DataTransfer) -> Dropped {
    let mut entries = Vec::new();
    let items = get(transfer, "items");
    let n = get(&items, "length").as_f64().unwrap_or(0.0) as u32;
    for i in 0..n {
        let item = js_sys::Reflect::get_u32(&items, i).unwrap_or(JsValue::UNDEFINED);
        if get(&item, "kind").as_string().as_deref() != Some("file") {
            continue;
        }
        let entry = call0(&item, "webkitGetAsEntry").or_else(|_| call0(&item, "getAsEntry")).unwrap_or(JsValue::NULL);
        if entry.is_object() {
            entries.push(entry);
        }
    }
    let files = if entries.is_empty() { super::files_of(transfer.files()) } else { Vec::new() };
    Dropped { entries, files }
}

/// Every file of a drop with its path, folders read recursively (in the order the browser lists
/// them).
pub async fn dropped_files(dropped: Dropped) -> Vec<PathedFile> {
    let mut out: Vec<PathedFile> = dropped.files.into_iter().map(|f| (f.name(), Ok(f))).collect();
    // Depth first, in order: a stack of entries still to visit, the next one last.
    let mut stack: Vec<JsValue> = dropped.entries.into_iter().rev().collect();
    while let Some(entry) = stack.pop() {
        let path = get(&entry, "fullPath").as_string().unwrap_or_default().trim_start_matches('/').to_string();
        let path = if path.is_empty() { get(&entry, "name").as_string().unwrap_or_default() } else { path };
        if get(&entry, "isDirectory").is_truthy() {
            match read_directory(&entry).await {
                Ok(children) => {
                    stack.extend(children.into_iter().rev().filter(|c| !hidden(c)));
                }
                Err(e) => out.push((path, Err(format!("浏览器无法读取这个文件夹（{e}）")))),
            }
        } else if get(&entry, "isFile").is_truthy() {
            let file = callback_promise(&entry, "file", &[]).await;
            out.push((path, file.map(|f| f.unchecked_into()).map_err(|e| format!("浏览器无法读取此文件（{e}）"))));
        }
    }
    out
}

/// The picked files of an `<input webkitdirectory>` (or any picker) with their paths: the
/// folder's relative path when there is one, else the name.
pub fn picked_files(list: Option<web_sys::FileList>) -> Vec<PathedFile> {
    super::files_of(list).into_iter().map(|f| (super::file_path(&f), Ok(f))).collect()
}

/// The entries of a directory: `readEntries` called until it gives none (it gives at most 100
/// at a time in Chrome).
async fn read_directory(entry: &JsValue) -> Result<Vec<JsValue>, String> {
    let reader = call0(entry, "createReader").map_err(|e| super::js_error_text(&e))?;
    let mut all = Vec::new();
    loop {
        let batch = callback_promise(&reader, "readEntries", &[]).await?;
        let batch = js_sys::Array::from(&batch);
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter());
    }
}

/// Hidden files and folders (`.DS_Store`, `.git`) and macOS's `__MACOSX`: nobody's submission.
fn hidden(entry: &JsValue) -> bool {
    let name = get(entry, "name").as_string().unwrap_or_default();
    name.starts_with('.') || name == "__MACOSX"
}

/// Calls `target.method(…args, resolve, reject)` (the entries API's callback style) as a future.
async fn callback_promise(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: js_sys::Function = get(target, method).dyn_into().map_err(|_| format!("浏览器不支持 {method}"))?;
    let mut failed = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let all = js_sys::Array::new();
        for a in args {
            all.push(a);
        }
        all.push(&resolve);
        all.push(&reject);
        if let Err(e) = f.apply(target, &all) {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(super::js_error_text(&e));
    }
    JsFuture::from(promise).await.map_err(|e| super::js_error_text(&e))
}

fn call0(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(target, method).dyn_into()?;
    f.call0(target)
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `bytes` decoded as GBK (GB18030, as browsers decode "gbk"), or None when they are not
/// (or the browser has no such decoder).
pub fn decode_gbk(bytes: &[u8]) -> Option<String> {
    let ctor: js_sys::Function = get(&js_sys::global(), "TextDecoder").dyn_into().ok()?;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("fatal"), &JsValue::TRUE);
    let args = js_sys::Array::of2(&JsValue::from_str("gbk"), &options);
    let decoder = js_sys::Reflect::construct(&ctor, &args).ok()?;
    let decode: js_sys::Function = get(&decoder, "decode").dyn_into().ok()?;
    decode.call1(&decoder, &js_sys::Uint8Array::from(bytes)).ok()?.as_string()
}
