//! The report as a Word document (jixiao::report::docx): the package's parts, the 公文 page,
//! styles and fonts, real tables with merged cells on a consistent grid, the 草稿 mark, and
//! the same text as the HTML report, paragraph by paragraph and cell by cell.

use std::collections::BTreeMap;
use std::io::Read;

use jixiao::model::Evaluation;
use jixiao::report::{self, docx};

// ---------------------------------------------------------------------------------------
// Reading the package: unzip, and a small XML reader (the writer's XML has no comments,
// CDATA nor DTD; anything else fails the test).

fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().expect("a UTF-8 part name").to_string();
        let mut s = String::new();
        f.read_to_string(&mut s).expect("UTF-8 XML");
        parts.insert(name, s);
    }
    parts
}

#[derive(Debug, Clone, PartialEq)]
enum Ev {
    Start(String, Vec<(String, String)>),
    End(String),
    Text(String),
}

fn unescape(s: &str) -> String {
    assert!(!s.contains('<'), "raw < in {s:?}");
    let out = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'");
    // Every & left must be &amp;.
    assert_eq!(out.matches('&').count(), out.matches("&amp;").count(), "bad entity in {s:?}");
    out.replace("&amp;", "&")
}

/// The events of a well-formed document (tags balanced: asserted).
fn events(xml: &str) -> Vec<Ev> {
    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = xml;
    if let Some(r) = rest.strip_prefix("<?xml") {
        rest = &r[r.find("?>").unwrap() + 2..];
    }
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        if lt > 0 {
            let text = &rest[..lt];
            if !stack.is_empty() {
                out.push(Ev::Text(unescape(text)));
            } else {
                assert!(text.trim().is_empty(), "text outside the root: {text:?}");
            }
            rest = &rest[lt..];
            continue;
        }
        let gt = rest.find('>').expect("unterminated tag");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        assert!(!tag.starts_with('!') && !tag.starts_with('?'), "unexpected <{tag}>");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
            out.push(Ev::End(name.to_string()));
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = tag[..name_end].to_string();
        let mut attrs = Vec::new();
        let mut a = tag[name_end..].trim();
        while !a.is_empty() {
            let eq = a.find("=\"").expect("attribute=\"value\"");
            let key = a[..eq].trim().to_string();
            let v = &a[eq + 2..];
            let close = v.find('"').expect("closing quote");
            attrs.push((key, unescape(&v[..close])));
            a = v[close + 1..].trim();
        }
        out.push(Ev::Start(name.clone(), attrs));
        if self_closing {
            out.push(Ev::End(name));
        } else {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    out
}

fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// A minimal element tree over the events.
#[derive(Debug, Clone)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    El(El),
    Text(String),
}

fn tree(xml: &str) -> El {
    let mut stack = vec![El { name: "#root".into(), attrs: vec![], children: vec![] }];
    for e in events(xml) {
        match e {
            Ev::Start(name, attrs) => stack.push(El { name, attrs, children: vec![] }),
            Ev::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(Node::El(el));
            }
            Ev::Text(t) => stack.last_mut().unwrap().children.push(Node::Text(t)),
        }
    }
    match stack.pop().unwrap().children.into_iter().next() {
        Some(Node::El(e)) => e,
        _ => panic!("no root element"),
    }
}

impl El {
    fn attr(&self, key: &str) -> Option<&str> {
        attr(&self.attrs, key)
    }
    fn els(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            _ => None,
        })
    }
    fn child(&self, name: &str) -> Option<&El> {
        self.els().find(|e| e.name == name)
    }
    /// Every descendant with this name, in document order.
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        for e in self.els() {
            if e.name == name {
                out.push(e);
            }
            e.all(name, out);
        }
    }
    fn find_all(&self, name: &str) -> Vec<&El> {
        let mut v = Vec::new();
        self.all(name, &mut v);
        v
    }
    /// The text of a paragraph: its w:t, w:br as "\n".
    fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) if self.name == "w:t" => s.push_str(t),
                Node::Text(_) => {}
                Node::El(e) if e.name == "w:br" => s.push('\n'),
                Node::El(e) if e.name == "w:instrText" => {}
                Node::El(e) => s.push_str(&e.text()),
            }
        }
        s
    }
}

fn write(ev: &Evaluation) -> BTreeMap<String, String> {
    unzip(&docx::write(ev).expect("the .docx is written"))
}

fn sample() -> Evaluation {
    jixiao::sample::pension_2019().evaluation
}

/// The text of the body, one item a paragraph outside tables or a table cell (its
/// paragraphs joined by "\n"), in order; cells continuing a vertical merge are not cells of
/// their own, and empty paragraphs outside tables (the hairline between two tables) are left out.
fn docx_texts(document: &str) -> Vec<String> {
    let doc = tree(document);
    let body = doc.child("w:body").expect("w:body");
    let mut out = Vec::new();
    fn walk(el: &El, out: &mut Vec<String>) {
        for e in el.els() {
            match e.name.as_str() {
                "w:p" => {
                    let t = e.text();
                    if !t.is_empty() {
                        out.push(t);
                    }
                }
                "w:tbl" => {
                    for tr in e.els().filter(|r| r.name == "w:tr") {
                        for tc in tr.els().filter(|c| c.name == "w:tc") {
                            let continued = tc
                                .child("w:tcPr")
                                .and_then(|p| p.child("w:vMerge"))
                                .is_some_and(|m| m.attr("w:val") != Some("restart"));
                            if !continued {
                                let ps: Vec<String> = tc.els().filter(|p| p.name == "w:p").map(El::text).collect();
                                out.push(ps.join("\n"));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    walk(body, &mut out);
    out
}

/// The text of the HTML report's body, one item a paragraph, heading, caption or table cell,
/// `<br>` as "\n"; the decorative 草稿 mark (aria-hidden) is not text.
fn html_texts(html: &str) -> Vec<String> {
    let body = &html[html.find("<body>").expect("<body>")..];
    let leaf = ["p", "h1", "h2", "h3", "h4", "caption", "th", "td"];
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        if let Some(c) = current.as_mut() {
            c.push_str(&rest[..lt]);
        }
        let gt = lt + rest[lt..].find('>').unwrap();
        let tag = &rest[lt + 1..gt];
        rest = &rest[gt + 1..];
        let name = tag.trim_start_matches('/').split(|c: char| c.is_whitespace()).next().unwrap();
        if tag.starts_with('/') {
            if leaf.contains(&name) {
                out.push(current.take().expect("a leaf was open"));
            }
        } else if leaf.contains(&name) {
            assert!(current.is_none(), "<{name}> inside a leaf");
            current = Some(String::new());
        } else if name == "br" {
            current.as_mut().expect("br in a leaf").push('\n');
        }
    }
    out.into_iter()
        .map(|t| t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&").trim().to_string())
        .collect()
}

/// Both renderings' texts, compared item by item: line breaks aside (the Word title is broken
/// into balanced lines by hand), and empty items left out on both sides (the Word hairline
/// paragraph between two tables, an empty date).
fn assert_same_text(ev: &Evaluation) {
    let a = jixiao::assess(ev);
    let html = report::render_assessed(ev, &a.scorecard, &a.findings);
    let parts = write(ev);
    let norm = |v: Vec<String>| -> Vec<String> {
        v.into_iter().map(|t| t.replace('\n', "")).filter(|t| !t.is_empty()).collect()
    };
    let h = norm(html_texts(&html));
    let d = norm(docx_texts(&parts["word/document.xml"]));
    for (n, (x, y)) in h.iter().zip(&d).enumerate() {
        assert_eq!(x, y, "item {n} differs (HTML, then Word)");
    }
    assert_eq!(h.len(), d.len(), "as many items in both");
    assert!(h.len() > 100, "the whole report: {} items", h.len());
    // And both are the structure's text.
    let doc = report::document(ev, &a.scorecard, &a.findings);
    assert_eq!(norm(doc.texts()), h);
}

#[test]
fn the_word_document_has_the_html_reports_text_in_the_same_order() {
    assert_same_text(&sample());
    let mut clean = sample();
    clean.rules.draft_mark_on_errors = false;
    assert_same_text(&clean);
    assert_same_text(&jixiao::generate::generate(60, 7).evaluation);
    assert_same_text(&Evaluation::default());
}

#[test]
fn the_package_has_its_parts_and_relationships() {
    let parts = write(&sample());
    for p in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/footer1.xml",
        "word/header1.xml",
    ] {
        assert!(parts.contains_key(p), "part {p}");
        tree(&parts[p]); // well-formed
    }
    // No property given twice (Word refuses a file with, say, two w:ind in one w:pPr).
    for p in ["word/document.xml", "word/styles.xml", "word/footer1.xml", "word/header1.xml", "word/settings.xml"] {
        let root = tree(&parts[p]);
        for kind in ["w:pPr", "w:rPr", "w:tcPr", "w:tblPr", "w:trPr", "w:sectPr"] {
            for el in root.find_all(kind) {
                let mut names: Vec<&str> = el.els().map(|e| e.name.as_str()).filter(|n| !n.ends_with("Reference")).collect();
                let n = names.len();
                names.sort();
                names.dedup();
                assert_eq!(names.len(), n, "{p}: a property twice in {kind}: {el:?}");
            }
        }
    }
    let types = &parts["[Content_Types].xml"];
    for p in ["/word/document.xml", "/word/styles.xml", "/word/settings.xml", "/word/fontTable.xml", "/word/footer1.xml", "/word/header1.xml"] {
        assert!(types.contains(&format!("PartName=\"{p}\"")), "content type of {p}");
    }
    assert!(types.contains("wordprocessingml.document.main+xml"));
    let rels = tree(&parts["word/_rels/document.xml.rels"]);
    let targets: Vec<&str> = rels.els().filter_map(|r| r.attr("Target")).collect();
    for t in ["styles.xml", "settings.xml", "fontTable.xml", "footer1.xml", "header1.xml"] {
        assert!(targets.contains(&t), "{t} related");
    }
    // The section refers to the footer and header by their relationship ids.
    let doc = tree(&parts["word/document.xml"]);
    let sect = doc.find_all("w:sectPr");
    let sect = sect.last().unwrap();
    for (kind, target) in [("w:footerReference", "footer1.xml"), ("w:headerReference", "header1.xml")] {
        let id = sect.child(kind).and_then(|e| e.attr("r:id")).unwrap();
        assert!(rels.els().any(|r| r.attr("Id") == Some(id) && r.attr("Target") == Some(target)), "{kind}");
    }
    assert!(parts["docProps/core.xml"].contains("<dc:title>城乡居民社会养老保险区级配套项目支出绩效评价报告</dc:title>"));
    assert_eq!(docx::file_name(&sample()), "城乡居民社会养老保险区级配套绩效评价报告.docx");
}

#[test]
fn the_page_is_a4_with_the_official_margins_and_22_lines() {
    let parts = write(&sample());
    let doc = tree(&parts["word/document.xml"]);
    let sect = doc.find_all("w:sectPr").pop().unwrap();
    let sz = sect.child("w:pgSz").unwrap();
    assert_eq!((sz.attr("w:w"), sz.attr("w:h")), (Some("11906"), Some("16838")));
    let mar = sect.child("w:pgMar").unwrap();
    let mm = |k: &str| mar.attr(k).unwrap().parse::<f64>().unwrap() / 1440.0 * 25.4;
    for (k, want) in [("w:top", 37.0), ("w:bottom", 35.0), ("w:left", 28.0), ("w:right", 26.0)] {
        assert!((mm(k) - want).abs() < 0.1, "{k}: {} mm", mm(k));
    }
    let grid = sect.child("w:docGrid").unwrap();
    let pitch: f64 = grid.attr("w:linePitch").unwrap().parse().unwrap();
    let text_height = (16838.0 - 2098.0 - 1984.0) / pitch;
    assert!((22.0..23.0).contains(&text_height), "{text_height} lines a page");
}

fn style<'a>(styles: &'a El, id: &str) -> &'a El {
    styles
        .els()
        .find(|s| s.name == "w:style" && s.attr("w:styleId") == Some(id))
        .unwrap_or_else(|| panic!("style {id}"))
}

fn rpr_font_size(s: &El) -> (String, String, bool) {
    let rpr = s.child("w:rPr").unwrap();
    let font = rpr.child("w:rFonts").and_then(|f| f.attr("w:eastAsia")).unwrap_or("").to_string();
    let size = rpr.child("w:sz").and_then(|f| f.attr("w:val")).unwrap_or("").to_string();
    (font, size, rpr.child("w:b").is_some())
}

#[test]
fn styles_give_the_official_fonts_sizes_and_heading_levels() {
    let parts = write(&sample());
    let styles = tree(&parts["word/styles.xml"]);
    let cases = [
        ("Normal", "仿宋_GB2312", "32", false),
        ("Title", "方正小标宋简体", "44", false),
        ("Heading1", "黑体", "32", false),
        ("Heading2", "楷体_GB2312", "32", false),
        ("Heading3", "仿宋_GB2312", "32", true),
        ("Footer", "宋体", "28", false),
    ];
    for (id, font, size, bold) in cases {
        assert_eq!(rpr_font_size(style(&styles, id)), (font.to_string(), size.to_string(), bold), "{id}");
    }
    // Built-in heading names (Word shows 标题 1, 标题 2) with outline levels: the navigation pane.
    for (id, name, lvl) in [("Heading1", "heading 1", "0"), ("Heading2", "heading 2", "1"), ("Heading3", "heading 3", "2")] {
        let s = style(&styles, id);
        assert_eq!(s.child("w:name").and_then(|n| n.attr("w:val")), Some(name));
        assert_eq!(s.child("w:pPr").unwrap().child("w:outlineLvl").and_then(|n| n.attr("w:val")), Some(lvl));
    }
    // Body: 28.95 pt exactly, first line indented two characters.
    let normal = style(&styles, "Normal").child("w:pPr").unwrap();
    let sp = normal.child("w:spacing").unwrap();
    assert_eq!((sp.attr("w:line"), sp.attr("w:lineRule")), (Some("579"), Some("exact")));
    assert_eq!(normal.child("w:ind").and_then(|i| i.attr("w:firstLineChars")), Some("200"));
    // The fallbacks of the fonts offices have and others may not.
    let fonts = tree(&parts["word/fontTable.xml"]);
    for (font, alt) in [("方正小标宋简体", "华文中宋"), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体")] {
        let f = fonts.els().find(|f| f.attr("w:name") == Some(font)).unwrap_or_else(|| panic!("{font}"));
        assert_eq!(f.child("w:altName").and_then(|a| a.attr("w:val")), Some(alt));
    }
    // Every heading of the report is a paragraph in its heading style.
    let doc = tree(&parts["word/document.xml"]);
    let styled = |id: &str| -> Vec<String> {
        doc.find_all("w:p")
            .into_iter()
            .filter(|p| p.child("w:pPr").and_then(|pp| pp.child("w:pStyle")).and_then(|s| s.attr("w:val")) == Some(id))
            .map(El::text)
            .collect()
    };
    let h1 = styled("Heading1");
    assert_eq!(&h1[..6], ["摘要", "一、项目基本情况", "二、绩效评价工作情况", "三、评价结论和绩效分析", "四、成本效益分析", "五、主要经验及做法、存在的问题和建议"]);
    assert!(styled("Heading2").contains(&"（一）项目概况。".to_string()));
    assert!(styled("Heading3").contains(&"1.项目背景及目的。".to_string()));
    assert_eq!(styled("Title"), ["城乡居民社会养老保险区级\n配套项目支出绩效评价报告"]);
}

#[test]
fn the_footer_numbers_pages_with_dashes() {
    let parts = write(&sample());
    let footer = tree(&parts["word/footer1.xml"]);
    let p = &footer.find_all("w:p")[0];
    assert_eq!(p.text(), "— 1 —");
    let instr: Vec<String> = footer.find_all("w:instrText").iter().map(|i| i.text_of_instr()).collect();
    assert_eq!(instr, [" PAGE "]);
    assert_eq!(footer.find_all("w:fldChar").len(), 3);
}

impl El {
    fn text_of_instr(&self) -> String {
        self.children.iter().filter_map(|n| if let Node::Text(t) = n { Some(t.as_str()) } else { None }).collect()
    }
}

/// Checks every row of a table against its grid: spans add up to the grid's columns, and a
/// cell continuing a vertical merge sits under a merged cell of the same columns.
fn check_grid(tbl: &El) -> (usize, usize) {
    let cols: Vec<u32> = tbl
        .child("w:tblGrid")
        .unwrap()
        .els()
        .map(|g| g.attr("w:w").unwrap().parse().unwrap())
        .collect();
    let pr = tbl.child("w:tblPr").unwrap();
    assert_eq!(pr.child("w:tblLayout").and_then(|l| l.attr("w:type")), Some("fixed"));
    let total: u32 = cols.iter().sum();
    assert!((8800..=8845).contains(&total), "the text width: {total}");
    let mut above: Vec<Option<(usize, bool)>> = vec![None; cols.len()];
    let (mut spans, mut merges) = (0, 0);
    for tr in tbl.els().filter(|e| e.name == "w:tr") {
        assert!(tr.child("w:trPr").and_then(|p| p.child("w:cantSplit")).is_some(), "rows not split");
        let mut col = 0;
        for tc in tr.els().filter(|e| e.name == "w:tc") {
            let pr = tc.child("w:tcPr").unwrap();
            let span: usize = pr.child("w:gridSpan").map(|g| g.attr("w:val").unwrap().parse().unwrap()).unwrap_or(1);
            let w: u32 = pr.child("w:tcW").unwrap().attr("w:w").unwrap().parse().unwrap();
            assert_eq!(w, cols[col..col + span].iter().sum::<u32>(), "cell width = its columns'");
            let merge = pr.child("w:vMerge").map(|m| m.attr("w:val") == Some("restart"));
            match merge {
                Some(false) => assert_eq!(above[col].map(|a| a.0), Some(span), "continuation under a merged cell"),
                Some(true) => merges += 1,
                None => {}
            }
            if span > 1 {
                spans += 1;
            }
            above[col] = merge.map(|_| (span, true));
            for a in &mut above[col + 1..col + span] {
                *a = None;
            }
            col += span;
        }
        assert_eq!(col, cols.len(), "a row fills the grid");
    }
    (spans, merges)
}

#[test]
fn tables_are_real_word_tables_with_merged_cells_and_column_widths() {
    let ev = sample();
    let parts = write(&ev);
    let doc = tree(&parts["word/document.xml"]);
    let tables = doc.find_all("w:tbl");
    let (mut spans, mut merges) = (0, 0);
    for t in &tables {
        let (s, m) = check_grid(t);
        spans += s;
        merges += m;
    }
    assert!(spans >= 5 && merges >= 4, "gridSpan {spans}, vMerge {merges}");
    // The indicator table: its header row repeats, 总分 spans five columns.
    let ind = tables
        .iter()
        .find(|t| t.find_all("w:t").first().map(|t| t.text()) == Some("一级指标".into()))
        .expect("the indicator table");
    let first = ind.els().find(|e| e.name == "w:tr").unwrap();
    assert!(first.child("w:trPr").unwrap().child("w:tblHeader").is_some());
    let total = ind.find_all("w:tc").into_iter().find(|c| c.text() == "总分").unwrap();
    assert_eq!(total.child("w:tcPr").unwrap().child("w:gridSpan").and_then(|g| g.attr("w:val")), Some("5"));
    // Every figure of the 自评表 is in the document.
    let a = jixiao::assess(&ev);
    let text = docx_texts(&parts["word/document.xml"]).join("|");
    let mut figures = vec![a.scorecard.total.to_string(), format!("{}%", a.scorecard.budget.rate.unwrap())];
    for (_, s) in a.scorecard.rows(&ev) {
        figures.push(jixiao::report::num::score(s.score, ev.rules.decimals));
    }
    for r in &ev.funds.sources {
        figures.extend(r.amounts.executed.map(|v| jixiao::report::num::money_cell(Some(v))));
    }
    for f in &figures {
        assert!(text.contains(f.as_str()), "figure {f}");
    }
    assert!(text.contains("等级：优"));
}

#[test]
fn a_large_generated_draft_keeps_a_consistent_grid() {
    let ev = jixiao::generate::generate(300, 1).evaluation;
    let parts = write(&ev);
    let doc = tree(&parts["word/document.xml"]);
    let tables = doc.find_all("w:tbl");
    let mut merges = 0;
    for t in &tables {
        merges += check_grid(t).1;
    }
    // As many vertical merges as cells spanning rows in the report's structure.
    let a = jixiao::assess(&ev);
    let doc = report::document(&ev, &a.scorecard, &a.findings);
    fn spanning(b: &report::Block) -> usize {
        match b {
            report::Block::Table(t) => t.head.iter().chain(&t.body).flat_map(|r| &r.cells).filter(|c| c.rows() > 1).count(),
            report::Block::Section { blocks, .. } | report::Block::Form { blocks, .. } => blocks.iter().map(spanning).sum(),
            _ => 0,
        }
    }
    assert_eq!(merges, doc.blocks.iter().map(spanning).sum::<usize>());
    assert!(merges > 10, "{merges}");
    let text = docx_texts(&parts["word/document.xml"]).join("|");
    for (_, s) in jixiao::assess(&ev).scorecard.rows(&ev) {
        assert!(text.contains(&jixiao::report::num::score(s.score, ev.rules.decimals)));
    }
}

#[test]
fn the_draft_mark_is_on_every_page_while_errors_remain() {
    let ev = sample();
    assert!(jixiao::assess(&ev).findings.iter().any(|f| f.severity == jixiao::reconcile::Severity::Error));
    let parts = write(&ev);
    assert_eq!(tree(&parts["word/header1.xml"]).text(), "草稿");
    assert!(docx_texts(&parts["word/document.xml"])[0].starts_with("草稿：本报告尚有"));
    let mut clean = ev.clone();
    clean.rules.draft_mark_on_errors = false;
    let parts = write(&clean);
    assert_eq!(tree(&parts["word/header1.xml"]).text(), "");
    assert!(!parts["word/document.xml"].contains("草稿"));
}

#[test]
fn hostile_text_stays_text_and_quotes_are_curly() {
    let mut ev = sample();
    ev.header.name = "<w:p>「甲」&\u{0}\u{1b}]]>\"'".into();
    ev.goals.annual = "</w:t></w:r>「乙」".into();
    let parts = write(&ev);
    let texts = docx_texts(&parts["word/document.xml"]); // well-formed, or this panics
    let all = texts.join("|");
    assert!(all.replace('\n', "").contains("<w:p>“甲”&  ]]>\"'项目支出绩效评价报告"), "{all}");
    assert!(all.contains("</w:t></w:r>“乙”"));
    assert!(!all.contains('「') && !all.contains('」'));
}
