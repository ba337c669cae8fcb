//! The report as a Word document (.docx), rendered from the same structure as the HTML
//! ([`super::doc::Document`]), in WordprocessingML written by hand and zipped (issue 18). Used
//! by the CLI and the on-demand worker module, never by the first load.
//!
//! The layout is GB/T 9704-2012 as offices apply it (domain.md §8): A4, margins top 37 mm,
//! bottom 35 mm, left 28 mm, right 26 mm; a document grid of 22 lines (28.95 pt, fixed) of 28
//! characters; title 方正小标宋简体 二号 (lines balanced by hand); body 仿宋_GB2312 三号; 一、
//! headings 黑体 三号 and （一） headings 楷体_GB2312 三号 as the built-in heading 1 / 2
//! styles (Word's 标题 1 / 标题 2, so the navigation pane lists them), 1. headings 仿宋 bold
//! (heading 3); page numbers "— 1 —" in 宋体 四号 at the foot; the 草稿 mark in the header of
//! every page while errors remain. Fonts name their fallbacks in the font table (`altName`:
//! 仿宋, 楷体, 华文中宋). Tables are real Word tables: a grid of explicit column widths, fixed
//! layout, merged cells (`gridSpan`, `vMerge`), the header row repeated on every page and no
//! row split across pages.

use std::io::Write;

use crate::model::Evaluation;

use super::doc::{Block, Cell, Document, Inline, Row, Table};

/// The report of `evaluation` as the bytes of a .docx file.
pub fn write(evaluation: &Evaluation) -> Result<Vec<u8>, String> {
    let a = crate::assess(evaluation);
    let doc = super::document(evaluation, &a.scorecard, &a.findings);
    package(&doc)
}

/// `<项目名称>绩效评价报告.docx`.
pub fn file_name(evaluation: &Evaluation) -> String {
    super::file_name(evaluation).replace(".html", ".docx")
}

/// A4 in twips (1/20 pt).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// Margins: 37 mm, 35 mm, 28 mm, 26 mm.
const TOP: u32 = 2098;
const BOTTOM: u32 = 1984;
const LEFT: u32 = 1587;
const RIGHT: u32 = 1474;
/// The text width: 156 mm.
const TEXT_W: u32 = PAGE_W - LEFT - RIGHT;
/// The line pitch: 28.95 pt, fixed (22 lines in the 225 mm of text height).
const LINE: u32 = 579;
/// Characters condensed by 0.25 pt (in twentieths of a point): 28 characters of 三号 fill
/// the 156 mm line (15.75 pt each).
const CONDENSE: i32 = -5;
/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt, 小五 9 pt.
const ERHAO: u32 = 44;
const SANHAO: u32 = 32;
const SIHAO: u32 = 28;
const WUHAO: u32 = 21;
const XIAOWU: u32 = 18;

const TITLE_FONT: &str = "方正小标宋简体";
const BODY_FONT: &str = "仿宋_GB2312";
const HEI: &str = "黑体";
const KAI: &str = "楷体_GB2312";
const SONG: &str = "宋体";

/// The title's line pitch: 35 pt.
const TITLE_LINE: u32 = 700;
/// Characters of the title (二号) on one line of the text width.
const TITLE_LINE_CHARS: usize = 20;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// The zipped package of a document.
pub fn package(doc: &Document) -> Result<Vec<u8>, String> {
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core(&doc.title)),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document_xml(doc)),
        ("word/styles.xml", styles()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer()),
        ("word/header1.xml", header(doc.draft)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, xml) in parts {
        zip.start_file(name, options)
            .and_then(|_| zip.write_all(xml.as_bytes()).map_err(Into::into))
            .map_err(|e| format!("无法写入 Word 文档的 {name}：{e}"))?;
    }
    let cursor = zip.finish().map_err(|e| format!("无法完成 Word 文档：{e}"))?;
    Ok(cursor.into_inner())
}

/// Text for XML: escaped, and without the characters XML 1.0 cannot hold (control
/// characters become a space).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn fonts(font: &str) -> String {
    format!(r#"<w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" w:cs="{font}"/>"#)
}

fn content_types() -> String {
    let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{wml}.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="{wml}.styles+xml"/><Override PartName="/word/settings.xml" ContentType="{wml}.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="{wml}.fontTable+xml"/><Override PartName="/word/footer1.xml" ContentType="{wml}.footer+xml"/><Override PartName="/word/header1.xml" ContentType="{wml}.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#
    )
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

fn document_rels() -> String {
    let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{r}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="{r}/settings" Target="settings.xml"/><Relationship Id="rId3" Type="{r}/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="{r}/footer" Target="footer1.xml"/><Relationship Id="rId5" Type="{r}/header" Target="header1.xml"/></Relationships>"#
    )
}

fn core(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>jixiao</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>"#,
        esc(title)
    )
}

const SETTINGS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/><w:defaultTabStop w:val="420"/><w:drawingGridVerticalSpacing w:val="579"/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/><w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/></w:settings>"#;

/// The fonts with the fallbacks Word and WPS use when one is not installed.
fn font_table() -> String {
    let font = |name: &str, alt: &str, family: &str| {
        format!(
            r#"<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="fixed"/></w:font>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}{}{}{}{}</w:fonts>"#,
        font(TITLE_FONT, "华文中宋", "roman"),
        font(BODY_FONT, "仿宋", "modern"),
        font(KAI, "楷体", "modern"),
        font(HEI, "SimHei", "modern"),
        font(SONG, "SimSun", "roman"),
    )
}

/// Paragraph style: id, name, based-on, pPr, rPr.
fn style(id: &str, name: &str, extra: &str, ppr: &str, rpr: &str) -> String {
    format!(
        r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/><w:basedOn w:val="Normal"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"#
    )
}

fn styles() -> String {
    let line = format!(r#"<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="exact"/>"#);
    let no_indent = r#"<w:ind w:firstLine="0" w:firstLineChars="0"/>"#;
    let heading = |id: &str, name: &str, lvl: u8, font: &str, bold: bool| {
        style(
            id,
            name,
            r#"<w:next w:val="Normal"/>"#,
            &format!(r#"<w:keepNext/><w:keepLines/>{line}<w:ind w:firstLine="640" w:firstLineChars="200"/><w:outlineLvl w:val="{lvl}"/>"#),
            &format!("{}{}<w:sz w:val=\"{SANHAO}\"/><w:szCs w:val=\"{SANHAO}\"/>", fonts(font), if bold { "<w:b/><w:bCs/>" } else { "" }),
        )
    };
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr>{}<w:spacing w:val="{CONDENSE}"/><w:kern w:val="2"/><w:sz w:val="{SANHAO}"/><w:szCs w:val="{SANHAO}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{line}<w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>"#,
        fonts(BODY_FONT)
    );
    s.push_str(&format!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:widowControl/>{line}<w:ind w:firstLine="640" w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr><w:rPr>{}<w:sz w:val="{SANHAO}"/><w:szCs w:val="{SANHAO}"/></w:rPr></w:style>"#,
        fonts(BODY_FONT)
    ));
    s.push_str(&style(
        "Title",
        "Title",
        r#"<w:next w:val="Normal"/>"#,
        &format!(r#"<w:keepNext/><w:keepLines/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{LINE}" w:line="{TITLE_LINE}" w:lineRule="exact"/>{no_indent}<w:jc w:val="center"/><w:outlineLvl w:val="9"/>"#),
        &format!("{}<w:sz w:val=\"{ERHAO}\"/><w:szCs w:val=\"{ERHAO}\"/>", fonts(TITLE_FONT)),
    ));
    s.push_str(&heading("Heading1", "heading 1", 0, HEI, false));
    s.push_str(&heading("Heading2", "heading 2", 1, KAI, false));
    s.push_str(&heading("Heading3", "heading 3", 2, BODY_FONT, true));
    s.push_str(&style("Annex", "附件标识", "", &format!("{no_indent}<w:jc w:val=\"left\"/>"), &fonts(HEI)));
    s.push_str(&style("Subtitle", "Subtitle", "", &format!("<w:keepNext/>{no_indent}<w:jc w:val=\"center\"/>"), &fonts(KAI)));
    s.push_str(&style("FormTitle", "表题", "", &format!("<w:keepNext/>{no_indent}<w:jc w:val=\"center\"/>"), &fonts(HEI)));
    s.push_str(&style("Caption", "caption", "", &format!("<w:keepNext/>{no_indent}<w:jc w:val=\"center\"/>"), &format!("{}<w:sz w:val=\"{SIHAO}\"/><w:szCs w:val=\"{SIHAO}\"/>", fonts(HEI))));
    s.push_str(&style(
        "Signature",
        "署名",
        "",
        r#"<w:ind w:right="1280" w:rightChars="400" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#,
        "",
    ));
    s.push_str(&style(
        "DraftBanner",
        "草稿说明",
        "",
        &format!(r#"<w:pBdr><w:top w:val="single" w:sz="12" w:space="4" w:color="CC0000"/><w:left w:val="single" w:sz="12" w:space="4" w:color="CC0000"/><w:bottom w:val="single" w:sz="12" w:space="4" w:color="CC0000"/><w:right w:val="single" w:sz="12" w:space="4" w:color="CC0000"/></w:pBdr>{no_indent}"#),
        &format!("{}<w:color w:val=\"CC0000\"/>", fonts(HEI)),
    ));
    s.push_str(&style(
        "TableText",
        "表格文字",
        "",
        r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        &format!("{}<w:sz w:val=\"{WUHAO}\"/><w:szCs w:val=\"{WUHAO}\"/>", fonts(SONG)),
    ));
    s.push_str(&style(
        "Spacer",
        "表间距",
        "",
        r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/><w:ind w:firstLine="0" w:firstLineChars="0"/>"#,
        r#"<w:sz w:val="2"/><w:szCs w:val="2"/>"#,
    ));
    s.push_str(&style(
        "Footer",
        "footer",
        "",
        r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>"#,
        &format!("{}<w:sz w:val=\"{SIHAO}\"/><w:szCs w:val=\"{SIHAO}\"/>", fonts(SONG)),
    ));
    s.push_str(&style(
        "Header",
        "header",
        "",
        r#"<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="right"/>"#,
        &format!("{}<w:b/><w:color w:val=\"CC0000\"/><w:sz w:val=\"{SANHAO}\"/><w:szCs w:val=\"{SANHAO}\"/>", fonts(HEI)),
    ));
    s.push_str("</w:styles>");
    s
}

/// "— 1 —": the PAGE field between two dashes, 宋体 四号, centred at the foot.
fn footer() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {W_NS}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>"#
    )
}

/// The header: "草稿" in red on every page of a draft, empty otherwise.
fn header(draft: bool) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {W_NS}><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>{}</w:p></w:hdr>"#,
        if draft { "<w:r><w:t>草稿</w:t></w:r>" } else { "" }
    )
}

fn document_xml(doc: &Document) -> String {
    let mut body = String::new();
    let mut last_was_table = false;
    for b in &doc.blocks {
        block(b, &mut body, &mut last_was_table);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W_NS}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId5"/><w:footerReference w:type="default" r:id="rId4"/><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/></w:sectPr></w:body></w:document>"#
    )
}

/// A paragraph of one run of text in a style.
fn para(out: &mut String, style: &str, ppr: &str, text: &str) {
    out.push_str(&format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{}</w:p>"#,
        run(text, "")
    ));
}

fn run(text: &str, rpr: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    let rpr = if rpr.is_empty() { String::new() } else { format!("<w:rPr>{rpr}</w:rPr>") };
    format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#, esc(text))
}

fn block(b: &Block, out: &mut String, last_was_table: &mut bool) {
    // Two tables in a row would be joined into one by Word: a hairline paragraph between.
    if matches!(b, Block::Table(_)) && *last_was_table {
        out.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Spacer"/><w:keepNext/></w:pPr></w:p>"#);
    }
    *last_was_table = matches!(b, Block::Table(_));
    match b {
        Block::DraftMark => {}
        Block::DraftBanner(t) => para(out, "DraftBanner", "", t),
        Block::Annex(t) => para(out, "Annex", "", t),
        Block::Title(t) => {
            let lines = balanced_lines(t, TITLE_LINE_CHARS);
            out.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr>"#);
            for (n, l) in lines.iter().enumerate() {
                if n > 0 {
                    out.push_str("<w:r><w:br/></w:r>");
                }
                out.push_str(&run(l, ""));
            }
            out.push_str("</w:p>");
        }
        Block::Subtitle(t) => para(out, "Subtitle", "", t),
        Block::Heading { level, text, .. } => {
            let style = match level {
                2 => "Heading1",
                3 => "Heading2",
                _ => "Heading3",
            };
            para(out, style, "", text)
        }
        Block::Para { class, text } => match *class {
            Some("form-title") => para(out, "FormTitle", "", text),
            Some("form-subtitle") => para(out, "Subtitle", "", text),
            _ => para(out, "Normal", "", text),
        },
        Block::Narrative { paras, .. } => {
            for p in paras {
                para(out, "Normal", "", p);
            }
        }
        Block::Section { blocks, .. } => {
            for b in blocks {
                block(b, out, last_was_table);
            }
        }
        Block::Form { blocks, .. } => {
            // Kept on one page where it fits: every row but the last keeps with the next.
            let keep = b.fits_one_page();
            let last = blocks.iter().rposition(|b| matches!(b, Block::Table(_)));
            for (n, b) in blocks.iter().enumerate() {
                if let Block::Table(t) = b {
                    if *last_was_table {
                        out.push_str(r#"<w:p><w:pPr><w:pStyle w:val="Spacer"/><w:keepNext/></w:pPr></w:p>"#);
                    }
                    // The head and goals blocks are kept whole even when the form is not.
                    let small = t.estimated_height_pt() <= super::doc::PAGE_TEXT_HEIGHT_PT / 2.0;
                    table(t, out, keep || (small && Some(n) != last), keep && Some(n) != last);
                    *last_was_table = true;
                } else {
                    block(b, out, last_was_table);
                }
            }
        }
        Block::Signature { implementer, date } => {
            para(out, "Signature", "", implementer);
            para(out, "Signature", "", date);
        }
        Block::Table(t) => {
            if let Some(c) = &t.caption {
                para(out, "Caption", "", c);
            }
            table(t, out, false, false)
        }
    }
}

/// The title's lines, balanced: as many lines as it needs, each about as long (a CJK
/// character counts 2, any other 1), so that no line holds a lone character.
pub fn balanced_lines(title: &str, line_chars: usize) -> Vec<String> {
    let width = |c: char| if c.is_ascii() { 1 } else { 2 };
    let total: usize = title.chars().map(width).sum();
    let capacity = line_chars * 2;
    if total <= capacity {
        return vec![title.to_string()];
    }
    let n = total.div_ceil(capacity);
    let per = total.div_ceil(n);
    let mut lines = vec![String::new()];
    let mut w = 0;
    for c in title.chars() {
        if w + width(c) > per && lines.len() < n {
            lines.push(String::new());
            w = 0;
        }
        w += width(c);
        lines.last_mut().unwrap().push(c);
    }
    lines
}

/// The column widths in twips, the text width shared by the percentages.
fn grid(t: &Table) -> Vec<u32> {
    let sum: u32 = t.widths.iter().sum::<u32>().max(1);
    t.widths.iter().map(|w| TEXT_W * w / sum).collect()
}

fn table(t: &Table, out: &mut String, keep_rows: bool, keep_last: bool) {
    let grid = grid(t);
    out.push_str(&format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{}</w:tblGrid>"#,
        grid.iter().map(|w| format!(r#"<w:gridCol w:w="{w}"/>"#)).collect::<String>()
    ));
    // Rows still covered by a cell merged from above: (rows left, columns spanned) at the
    // cell's first grid column, (rows left, 0) at the others it spans.
    let mut cover: Vec<(usize, usize)> = vec![(0, 0); grid.len()];
    let rows: Vec<(&Row, bool)> =
        t.head.iter().map(|r| (r, true)).chain(t.body.iter().map(|r| (r, false))).collect();
    let count = rows.len();
    for (n, (r, head)) in rows.into_iter().enumerate() {
        let keep = keep_rows && (n + 1 < count || keep_last);
        out.push_str(&format!(
            "<w:tr><w:trPr><w:cantSplit/>{}</w:trPr>",
            if head { "<w:tblHeader/>" } else { "" }
        ));
        let mut col = 0;
        let mut cells = r.cells.iter();
        loop {
            while col < grid.len() && cover[col].0 > 0 {
                let span = cover[col].1.max(1);
                let end = (col + span).min(grid.len());
                let width: u32 = grid[col..end].iter().sum();
                out.push_str(&format!(
                    r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{}<w:vMerge/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{}</w:pPr></w:p></w:tc>"#,
                    if span > 1 { format!(r#"<w:gridSpan w:val="{span}"/>"#) } else { String::new() },
                    if keep { "<w:keepNext/>" } else { "" }
                ));
                for c in &mut cover[col..end] {
                    c.0 -= 1;
                }
                col = end;
            }
            let Some(c) = cells.next() else { break };
            if col >= grid.len() {
                break;
            }
            let span = c.cols().min(grid.len() - col);
            let end = col + span;
            let width: u32 = grid[col..end].iter().sum();
            cell(c, width, span, keep, out);
            if c.rows() > 1 {
                cover[col] = (c.rows() - 1, span);
                for k in &mut cover[col + 1..end] {
                    *k = (c.rows() - 1, 0);
                }
            }
            col = end;
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn cell(c: &Cell, width: u32, span: usize, keep: bool, out: &mut String) {
    let class = c.class.unwrap_or("");
    let jc = if c.header || class.contains("center") || class.contains("level") || class.contains("total-grade") {
        "center"
    } else if class.split(' ').any(|k| k == "num") {
        "right"
    } else {
        "left"
    };
    out.push_str(&format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{}{}{}<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="TableText"/>{}<w:jc w:val="{jc}"/></w:pPr>"#,
        if span > 1 { format!(r#"<w:gridSpan w:val="{span}"/>"#) } else { String::new() },
        if c.rows() > 1 { r#"<w:vMerge w:val="restart"/>"# } else { "" },
        if c.header { r#"<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>"# } else { "" },
        if keep { "<w:keepNext/>" } else { "" },
    ));
    let bold = if c.header || class.contains("total") { "<w:b/><w:bCs/>" } else { "" };
    for i in &c.content {
        match i {
            Inline::Text(t) => out.push_str(&run(t, bold)),
            Inline::Break => out.push_str("<w:r><w:br/></w:r>"),
            Inline::Span(_, t) => out.push_str(&run(
                t,
                &format!(r#"{bold}<w:sz w:val="{XIAOWU}"/><w:szCs w:val="{XIAOWU}"/>"#),
            )),
        }
    }
    out.push_str("</w:p></w:tc>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_is_split_into_balanced_lines() {
        let t = "某某市城乡居民基本养老保险基础养老金补助资金项目支出绩效评价报告";
        let lines = balanced_lines(t, 20);
        assert_eq!(lines.concat(), t);
        assert_eq!(lines.len(), 2);
        let (a, b) = (lines[0].chars().count(), lines[1].chars().count());
        assert!(a.abs_diff(b) <= 1, "{lines:?}");
        assert_eq!(balanced_lines("短标题", 20), vec!["短标题".to_string()]);
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(esc("a<b>&\"c\u{0}\u{7}"), "a&lt;b&gt;&amp;&quot;c  ");
    }
}
