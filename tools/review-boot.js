// The 审核 page's start (review.html; src/bin/jixiao-review.rs). tools/postbuild.mjs appends
// this to the wasm-bindgen glue of the jixiao-review binary (Trunk: data-type="worker", so
// wasm-bindgen --target no-modules, which defines the global `wasm_bindgen`) and loads the glue
// in review.html with <script src=… data-wasm="the wasm's hashed name">. Instantiating the
// module runs the binary's main, which mounts the page. Then, as Trunk's loader does for the
// editor, window.wasmBindings and the TrunkApplicationStarted event (the service worker's
// registration waits for them).
(function (script) {
  'use strict';
  var wasm = script && script.getAttribute('data-wasm');
  if (!wasm) return; // the standalone jixiao-review-offline.html starts the module itself
  wasm_bindgen({ module_or_path: wasm }).then(function () {
    window.wasmBindings = wasm_bindgen;
    window.dispatchEvent(new CustomEvent('TrunkApplicationStarted'));
  }, function (err) {
    console.error('审核页无法启动：' + ((err && err.message) || err));
  });
})(document.currentScript);
