// The file-format worker's start (issue 17). tools/postbuild.mjs appends this to the
// wasm-bindgen glue of the jixiao-worker binary (Trunk: data-type="worker", wasm-bindgen
// --target no-modules, which defines the global `wasm_bindgen`). The app (src/browser/worker.rs)
// fetches the worker's wasm itself — showing the download's progress — or, in the standalone
// jixiao-offline.html, decodes it from the page; then it starts this worker and posts
// `{ wasm: ArrayBuffer }` (transferred). Instantiating the module runs the binary's main
// (src/bin/jixiao-worker.rs), which takes over `onmessage` and posts `{ ready: true }`.
(function () {
  'use strict';
  self.onmessage = function (event) {
    self.onmessage = null;
    var wasm = event.data && event.data.wasm;
    wasm_bindgen({ module_or_path: wasm }).catch(function (err) {
      self.postMessage({ ready: false, error: String((err && err.message) || err) });
    });
  };
})();
