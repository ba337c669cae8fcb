//! The file-format module (issue 17): a second WebAssembly module, run in a Web Worker that the
//! app starts on first use (`src/browser/worker.rs`), so that the format crates (calamine,
//! rust_xlsxwriter, zip) never grow the app's first load. Built by Trunk from index.html's
//! `<link data-trunk rel="rust" data-bin="jixiao-worker" data-type="worker">`; its JS glue gets
//! `tools/worker-boot.js` appended by `tools/postbuild.mjs`, which starts this module with the
//! wasm bytes the app fetched (and showed the progress of).
//!
//! This binary only moves messages: the work is [`jixiao::worker_protocol::handle`] (pure,
//! tested natively). A message in: `{ id, head, bytes }` (`head` a JSON request, `bytes` an
//! ArrayBuffer); out: `{ id, head, bytes }` with the reply's buffer transferred, not copied.
//! `{ ready: true }` is posted once when the module has started.

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let get = |key: &str| js_sys::Reflect::get(&data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        let id = get("id");
        let head = get("head").as_string().unwrap_or_default();
        let bytes = get("bytes");
        let bytes = if bytes.is_undefined() { Vec::new() } else { js_sys::Uint8Array::new(&bytes).to_vec() };
        let (reply, out) = jixiao::worker_protocol::handle(&head, &bytes);
        let out = js_sys::Uint8Array::from(out.as_slice());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("id"), &id);
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("head"), &JsValue::from_str(&reply));
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str("bytes"), &out.buffer());
        let transfer = js_sys::Array::of1(&out.buffer());
        if let Err(e) = replies.post_message_with_transfer(&message, &transfer) {
            web_sys::console::error_2(&JsValue::from_str("jixiao-worker: cannot reply"), &e);
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&ready, &JsValue::from_str("ready"), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("jixiao-worker is the web app's file-format module (a Web Worker); build it with Trunk (see README.md). For the command line use `jixiao`.");
}
