#!/usr/bin/env node
// Where the time of a browser benchmark goes, from a Chromium trace written by
// `node bench/browser.mjs --parts load,keystroke --runs 3 --no-record --trace /tmp/t.json`
// (→ /tmp/t-load.json, /tmp/t-keystroke.json): the page's main-thread self time by trace event
// (script, style, layout, paint, …) inside each window delimited by the User Timing marks
// bench:<part>-start … bench:<part>-end that bench/browser.mjs sets (every keystroke run, warm-up
// runs included; the first cold load), summed over the windows and divided by their number.
//
//   node bench/trace-summary.mjs FILE [keystroke|load|open]   (default: from the file name;
//                                         open = the cold load's click 打开示例 → total painted)

import fs from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/trace-summary.mjs TRACE.json [keystroke|load|open]');
  process.exit(2);
}
const part = process.argv[3] || (/load/.test(file) ? 'load' : 'keystroke');
const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
const events = Array.isArray(raw) ? raw : raw.traceEvents;

// The renderer's main thread: the one that ran the page's marks.
const starts = events.filter((e) => e.name === `bench:${part}-start`).map((e) => ({ ts: e.ts, pid: e.pid, tid: e.tid }));
const ends = events.filter((e) => e.name === `bench:${part}-end`).map((e) => e.ts).sort((a, b) => a - b);
if (!starts.length) {
  console.error(`${file}: no bench:${part}-start marks (was the trace taken with --trace?)`);
  process.exit(1);
}
const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === starts[0].pid);
const pid = starts[0].pid;
const tid = main ? main.tid : starts[0].tid;
const windows = starts.map((s) => [s.ts, ends.find((t) => t > s.ts)]).filter(([, e]) => e !== undefined);

// Complete events of that thread, nested by time: self time = duration minus the children's.
const xs = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number')
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const self = new Map();
const stack = [];
const inWindow = (ts) => windows.some(([a, b]) => ts >= a && ts <= b);
for (const e of xs) {
  while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
  const parent = stack[stack.length - 1];
  if (parent && inWindow(parent.ts)) self.set(parent.name, (self.get(parent.name) || 0) - e.dur);
  if (inWindow(e.ts)) self.set(e.name, (self.get(e.name) || 0) + e.dur);
  stack.push(e);
}

const GROUPS = {
  'script (wasm: assess, Yew update/diff, DOM calls)': ['FunctionCall', 'EventDispatch', 'v8.callFunction', 'V8.Execute', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'v8.run', 'v8.compile', 'V8.GC_SCAVENGER', 'MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GCFinalizeMC', 'BlinkGC.AtomicPhase'],
  'style (recalculate styles)': ['UpdateLayoutTree', 'RecalculateStyles', 'ScheduleStyleRecalculation', 'ParseAuthorStyleSheet'],
  'layout': ['Layout', 'UpdateLayout', 'LayoutShift'],
  'paint, layerize, commit': ['PrePaint', 'Paint', 'PaintImage', 'Layerize', 'UpdateLayer', 'UpdateLayerTree', 'Commit', 'CompositeLayers', 'RasterTask'],
};
const n = windows.length;
const per = (us) => `${(us / 1000 / n).toFixed(2)} ms`;
console.log(`${file}: ${n} ${part} window(s); the page's main-thread self time per window:`);
const grouped = new Set();
for (const [group, names] of Object.entries(GROUPS)) {
  const t = names.reduce((s, k) => s + (self.get(k) || 0), 0);
  names.forEach((k) => grouped.add(k));
  console.log(`  ${group}: ${per(t)}`);
}
const rest = [...self].filter(([k]) => !grouped.has(k)).reduce((s, [, v]) => s + v, 0);
console.log(`  other: ${per(rest)}`);
const span = windows.reduce((s, [a, b]) => s + (b - a), 0);
console.log(`  window (mark to mark, includes the benchmark's own round trips): ${per(span)}`);
console.log('Top events by self time per window:');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${k}: ${per(v)}`);
