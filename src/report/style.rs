//! The report's stylesheet (inline in the file). A constant of this crate, never user text.
//!
//! GB/T 9704-2012 as offices apply it (domain.md §8), the same rules as the Word document
//! ([`super::docx`]): A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; body
//! 仿宋_GB2312 三号 (16 pt) on a 28.95 pt line, 22 lines of 28 characters a page; title
//! 方正小标宋简体 二号, its lines balanced; headings 一、 in 黑体, （一） in 楷体_GB2312,
//! "1." in 仿宋 bold, all 三号; page numbers "— N —" in 宋体 四号 at the foot (an @page
//! margin box). Every font has fallbacks for Windows, macOS and Linux; the title's last
//! fallback is 宋体 bold (the local faces of 小标宋 / 华文中宋 are declared bold so that the
//! browser never fakes a bold on them).
//!
//! Print: no forced page break (a heading keeps with what follows, so a section starts on a
//! new page only where it would otherwise begin in the last lines of one); the 自评表 kept on
//! one page where it fits (`.keep-together`, decided by [`super::doc::Block::fits_one_page`]),
//! table headers repeated on every page, rows never split, tables never wider than the page.
//! Screen: an A4 sheet with the same margins on grey.

pub const CSS: &str = r#"
@font-face { font-family: "JX小标宋"; font-weight: bold; src: local("方正小标宋简体"), local("FZXiaoBiaoSong-B05S"), local("方正小标宋_GBK"), local("FZXBSK--GBK1-0"); }
@font-face { font-family: "JX华文中宋"; font-weight: bold; src: local("华文中宋"), local("STZhongsong"); }
@page {
  size: A4; margin: 37mm 26mm 35mm 28mm;
  @bottom-center {
    content: "— " counter(page) " —"; vertical-align: top; padding-top: 7mm;
    font-family: SimSun, "宋体", "Songti SC", "Noto Serif CJK SC", serif; font-size: 14pt;
  }
}
* { box-sizing: border-box; }
html { background: #e8e8e8; }
body {
  margin: 0 auto; padding: 37mm 26mm 35mm 28mm; max-width: 210mm; background: #fff; color: #000;
  font-family: "仿宋_GB2312", "FangSong_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 28.95pt; letter-spacing: -0.25pt;
  word-break: break-word; overflow-wrap: anywhere;
}
h1, h2, h3, h4, p { margin: 0; font-size: 16pt; font-weight: normal; line-height: 28.95pt; }
h1 {
  font-family: "JX小标宋", "JX华文中宋", SimSun, "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-weight: bold; font-size: 22pt; line-height: 35pt; text-align: center;
  margin: 0 0 28.95pt; text-wrap: balance; letter-spacing: 0;
}
.annex, h2, .form-title, caption { font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; }
h2, h3, h4 { text-indent: 2em; }
h3 { font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", KaiTi, STKaiti, "Noto Serif CJK SC", serif; }
h4 { font-weight: bold; }
.annex { text-indent: 0; }
.subtitle {
  text-align: center; text-indent: 0; margin: 0 0 28.95pt;
  font-family: "楷体_GB2312", "KaiTi_GB2312", "楷体", KaiTi, STKaiti, "Noto Serif CJK SC", serif;
}
p { text-indent: 2em; text-align: justify; }
p.noindent, .form p, td p, .signature p, .draft-banner p { text-indent: 0; }
.signature { margin: 28.95pt 4em 28.95pt auto; width: max-content; max-width: 100%; text-align: center; }
table {
  width: 100%; max-width: 100%; table-layout: fixed; border-collapse: collapse;
  margin: 0 0 14pt; font-family: SimSun, "宋体", "Songti SC", "Noto Serif CJK SC", serif;
  font-size: 10.5pt; line-height: 1.4; letter-spacing: 0;
}
caption { padding: 0 0 3pt; font-size: 14pt; line-height: 28.95pt; }
th, td {
  border: 1px solid #000; padding: 1.5pt 3pt; vertical-align: middle;
  word-break: normal; overflow-wrap: anywhere; text-indent: 0;
}
th { font-weight: bold; text-align: center; background: #f2f2f2; }
td.num { text-align: right; white-space: normal; }
td.center, td.level1, td.level2, td.total-grade { text-align: center; }
td.text, td.deviation { text-align: left; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
/* No row split: every cell is unbreakable, except the 一级 / 二级 cells merged over rows (an
   unbreakable merged cell would push its whole group to the next page, leaving a blank one). */
th:not([rowspan]), td:not([rowspan]), img { break-inside: avoid; page-break-inside: avoid; }
.form-title { text-align: center; text-indent: 0; }
.form-subtitle { text-align: center; text-indent: 0; }
table.form { margin: 0; }
table.form + table.form { border-top: 0; }
table.form + table.form tr:first-child > * { border-top: 0; }
.form { margin: 0 0 14pt; }
.total-row th, .total-row td { font-weight: bold; background: #f2f2f2; }
.manual, .note { font-size: 9pt; }
.note { color: #333; }
.draft-mark {
  position: fixed; top: 40%; left: 0; right: 0; text-align: center; z-index: 10;
  font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
  font-size: 96pt; line-height: 1; color: rgba(200, 0, 0, 0.18); transform: rotate(-30deg);
  pointer-events: none; text-indent: 0;
}
.draft-banner {
  border: 2px solid #c00; color: #c00; padding: 0 0.5em; margin: 0 0 14pt;
  font-family: SimHei, "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif;
}
h1, h2, h3, h4, caption, .form-title, .form-subtitle, .explanations-title { break-after: avoid; page-break-after: avoid; }
p { orphans: 2; widows: 2; }
.keep-together, table.form-head, table.form-goals { break-inside: avoid; page-break-inside: avoid; }
@media print {
  html { background: #fff; }
  body { margin: 0; padding: 0; max-width: none; }
  .draft-banner { break-inside: avoid; }
}
"#;
