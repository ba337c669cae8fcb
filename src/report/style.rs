//! The report's stylesheet (inline in the file). A constant of this crate, never user text.
//!
//! Screen: an A4-wide sheet on grey. Print: A4 with 公文-like margins, a page break before
//! each major section (一 … 五, 附录), table headers repeated on every page, rows never split,
//! tables never wider than the page. Fonts: 仿宋 for body text, 宋体 for tables, 黑体 for
//! headings, each with fallbacks for Windows, macOS and Linux.

pub const CSS: &str = r#"
@page { size: A4; margin: 25mm 22mm 22mm 24mm; }
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body {
  margin: 0 auto; padding: 20mm 22mm; max-width: 210mm; background: #fff; color: #000;
  font-family: FangSong, "FangSong_GB2312", "仿宋_GB2312", "仿宋", STFangsong, "Noto Serif CJK SC", serif;
  font-size: 14pt; line-height: 1.6;
  word-break: break-word; overflow-wrap: anywhere;
}
h1, h2, h3, h4, .form-title, .annex {
  font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-weight: bold;
}
.annex { font-size: 14pt; margin: 0 0 1em; text-indent: 0; }
h1 { font-size: 20pt; text-align: center; margin: 0.5em 0 0.2em; line-height: 1.4; }
.subtitle { text-align: center; margin: 0 0 1.5em; }
h2 { font-size: 16pt; margin: 1.2em 0 0.5em; }
h3 { font-size: 14pt; margin: 0.8em 0 0.3em; }
h4 { font-size: 14pt; font-weight: normal; font-family: inherit; margin: 0.5em 0 0.2em; }
h4::after { content: ""; }
p { margin: 0 0 0.4em; text-indent: 2em; text-align: justify; }
p.noindent, .form p, td p, .signature p, .draft-banner p { text-indent: 0; }
.signature { margin: 2.5em 0 1em auto; width: max-content; max-width: 100%; text-align: center; }
.signature p { margin: 0.2em 0; }
table {
  width: 100%; max-width: 100%; table-layout: fixed; border-collapse: collapse;
  margin: 0.5em 0 1em; font-family: SimSun, "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 10.5pt; line-height: 1.4;
}
caption { font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; padding: 0.3em; }
th, td {
  border: 1px solid #000; padding: 3pt 4pt; vertical-align: middle;
  word-break: normal; overflow-wrap: anywhere; text-indent: 0;
}
th { font-weight: bold; text-align: center; background: #f2f2f2; }
td.num { text-align: right; white-space: normal; }
td.center, td.level1, td.level2, td.total-grade { text-align: center; }
td.text, td.deviation { text-align: left; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr, img { break-inside: avoid; page-break-inside: avoid; }
.form-title { text-align: center; font-size: 16pt; margin: 0.6em 0 0; }
.form-subtitle { text-align: center; margin: 0 0 0.3em; }
table.form { margin: 0; }
table.form + table.form { border-top: 0; }
table.form + table.form tr:first-child > * { border-top: 0; }
.total-row th, .total-row td { font-weight: bold; background: #f2f2f2; }
.manual, .note { font-size: 9pt; }
.note { color: #333; }
.draft-mark {
  position: fixed; top: 40%; left: 0; right: 0; text-align: center; z-index: 10;
  font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
  font-size: 96pt; color: rgba(200, 0, 0, 0.18); transform: rotate(-30deg);
  pointer-events: none; text-indent: 0;
}
.draft-banner {
  border: 2px solid #c00; color: #c00; padding: 0.5em 1em; margin: 0 0 1em;
  font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
}
.major { break-before: page; page-break-before: always; }
h1, h2, h3, h4, caption, .form-title, .form-subtitle { break-after: avoid; page-break-after: avoid; }
p { orphans: 2; widows: 2; }
@media print {
  html { background: #fff; }
  body { margin: 0; padding: 0; max-width: none; }
  .draft-banner { break-inside: avoid; }
  /* The 自评表 is a form of its own: it starts on a fresh page. */
  div.form { break-before: page; page-break-before: always; }
}
"#;
