//! The report's structure: built once from the evaluation ([`super::document`]) and rendered
//! twice, to HTML ([`super::html`]) and to Word ([`super::docx`]), so that the two cannot
//! drift. Blocks are what a 公文 is made of (title, 一、 and （一） headings, paragraphs,
//! tables with merged cells and column widths, the 草稿 mark); a few carry the HTML's class or
//! id so that the HTML stays what it was, and the Word writer maps each to its style.
//!
//! All text is plain text (each renderer escapes it) and passes through [`quotes`] once, here,
//! so both renderings use the same quotation marks “”.

/// One inline piece of a table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    Text(String),
    /// A line break inside the cell.
    Break,
    /// Text in a smaller type, with its HTML class ("note", "manual", "grade").
    Span(&'static str, String),
}

/// A table cell: a header (th) or data (td) cell, merged across columns or rows.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Cell {
    pub header: bool,
    pub class: Option<&'static str>,
    pub colspan: Option<usize>,
    pub rowspan: Option<usize>,
    pub content: Vec<Inline>,
}

impl Cell {
    /// A header cell with this text (none when empty).
    pub fn th(text: impl Into<String>) -> Cell {
        Cell { header: true, ..Cell::default() }.text(text)
    }
    /// A data cell with this text (none when empty).
    pub fn td(text: impl Into<String>) -> Cell {
        Cell::default().text(text)
    }
    pub fn class(mut self, class: &'static str) -> Cell {
        self.class = Some(class);
        self
    }
    pub fn colspan(mut self, n: usize) -> Cell {
        self.colspan = Some(n);
        self
    }
    pub fn rowspan(mut self, n: usize) -> Cell {
        self.rowspan = Some(n);
        self
    }
    /// Appends text (nothing for an empty text).
    pub fn text(mut self, text: impl Into<String>) -> Cell {
        let t: String = text.into();
        if !t.is_empty() {
            self.content.push(Inline::Text(quotes(&t)));
        }
        self
    }
    pub fn br(mut self) -> Cell {
        self.content.push(Inline::Break);
        self
    }
    pub fn span(mut self, class: &'static str, text: impl Into<String>) -> Cell {
        self.content.push(Inline::Span(class, quotes(&text.into())));
        self
    }
    /// Lines of a free text, separated by line breaks.
    pub fn lines(mut self, text: &str) -> Cell {
        for (n, p) in super::text::paragraphs(text).into_iter().enumerate() {
            if n > 0 {
                self = self.br();
            }
            self = self.text(p);
        }
        self
    }
    /// Columns this cell spans.
    pub fn cols(&self) -> usize {
        self.colspan.unwrap_or(1).max(1)
    }
    /// Rows this cell spans.
    pub fn rows(&self) -> usize {
        self.rowspan.unwrap_or(1).max(1)
    }
    /// The cell's text, line breaks as "\n".
    pub fn plain_text(&self) -> String {
        let mut s = String::new();
        for i in &self.content {
            match i {
                Inline::Text(t) | Inline::Span(_, t) => s.push_str(t),
                Inline::Break => s.push('\n'),
            }
        }
        s
    }
}

/// A table row.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Row {
    pub class: Option<&'static str>,
    /// The indicator's id (HTML `data-id`).
    pub data_id: Option<String>,
    /// The finding's code (HTML `data-code`).
    pub data_code: Option<String>,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, ..Row::default() }
    }
    pub fn class(mut self, class: &'static str) -> Row {
        self.class = Some(class);
        self
    }
}

/// A table: column widths in percent of the text width, header rows (repeated on every page)
/// and body rows (never split across pages).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Table {
    pub class: &'static str,
    pub caption: Option<String>,
    pub widths: Vec<u32>,
    pub head: Vec<Row>,
    pub body: Vec<Row>,
}

/// The text height of a page: 225 mm (297 − 37 − 35), in points.
pub const PAGE_TEXT_HEIGHT_PT: f64 = 637.8;
/// The body text's line: 28.95 pt.
pub const LINE_PT: f64 = 28.95;
/// CJK characters of 五号 (10.5 pt) across the 156 mm text width.
const TABLE_CHARS_ACROSS: f64 = 42.0;
/// A table line (10.5 pt × 1.4) and a cell's padding, in points.
const TABLE_LINE_PT: f64 = 14.7;
const CELL_PADDING_PT: f64 = 4.0;

impl Table {
    /// The number of grid columns (the widths').
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// An estimate of the printed height in points: each row as tall as its cell of most
    /// lines (a CJK character counts 2, any other 1, against the cell's width). For layout
    /// decisions only (whether a form fits a page).
    pub fn estimated_height_pt(&self) -> f64 {
        let total: u32 = self.widths.iter().sum::<u32>().max(1);
        let mut height = 0.0;
        for r in self.head.iter().chain(&self.body) {
            let mut col = 0;
            let mut lines = 1usize;
            for c in &r.cells {
                let end = (col + c.cols()).min(self.widths.len());
                let pct: u32 = self.widths.get(col..end).map(|w| w.iter().sum()).unwrap_or(0);
                let across = (TABLE_CHARS_ACROSS * 2.0 * f64::from(pct) / f64::from(total)).max(2.0);
                let text = c.plain_text();
                let n: usize = text
                    .split('\n')
                    .map(|l| {
                        let w: usize = l.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum();
                        ((w as f64 / across).ceil() as usize).max(1)
                    })
                    .sum();
                // Merged over rows: its lines are shared by them; counted on its first row.
                lines = lines.max(n.div_ceil(c.rows()));
                col = end;
            }
            height += lines as f64 * TABLE_LINE_PT + CELL_PADDING_PT;
        }
        height
    }
}

/// A block of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// The 草稿 mark across every page (decorative; the banner says it in words).
    DraftMark,
    /// The 草稿 banner above the title.
    DraftBanner(String),
    /// "附件1" above the title.
    Annex(String),
    /// The report's title (lines balanced).
    Title(String),
    /// The line under the title.
    Subtitle(String),
    /// A heading: level 2 = "一、" (and 摘要, 附录), 3 = "（一）", 4 = "1.".
    Heading { level: u8, class: Option<&'static str>, text: String },
    /// A paragraph (class: "form-title", "form-subtitle", or none for body text).
    Para { class: Option<&'static str>, text: String },
    /// A narrative section's paragraphs (body text).
    Narrative { key: String, paras: Vec<String> },
    /// A part of the report (摘要, 一 … 五, 附录).
    Section { id: &'static str, blocks: Vec<Block> },
    /// The 自评表: its title and tables, kept together.
    Form { id: &'static str, blocks: Vec<Block> },
    /// 实施单位 and 报告日期, right-aligned.
    Signature { implementer: String, date: String },
    Table(Table),
}

impl Block {
    /// Whether the block fits on one printed page (estimated: paragraphs a line each, tables
    /// by [`Table::estimated_height_pt`]). The 自评表 is kept together only when it does, so
    /// that a long form never leaves a mostly blank page before it.
    pub fn fits_one_page(&self) -> bool {
        self.estimated_height_pt() <= PAGE_TEXT_HEIGHT_PT
    }

    fn estimated_height_pt(&self) -> f64 {
        match self {
            Block::Table(t) => t.estimated_height_pt() + if t.caption.is_some() { LINE_PT } else { 0.0 },
            Block::Form { blocks, .. } | Block::Section { blocks, .. } => {
                blocks.iter().map(Block::estimated_height_pt).sum()
            }
            Block::DraftMark => 0.0,
            _ => LINE_PT,
        }
    }

    pub fn heading(level: u8, text: &str) -> Block {
        Block::Heading { level, class: None, text: quotes(text) }
    }
    pub fn major(text: &str) -> Block {
        Block::Heading { level: 2, class: Some("major"), text: quotes(text) }
    }
    pub fn para(class: Option<&'static str>, text: impl Into<String>) -> Block {
        Block::Para { class, text: quotes(&text.into()) }
    }
    pub fn narrative(key: impl Into<String>, paras: Vec<String>) -> Block {
        Block::Narrative { key: key.into(), paras: paras.iter().map(|p| quotes(p)).collect() }
    }
}

/// The whole report: its title (for the HTML's `<title>`), whether it is a draft, and its
/// blocks in reading order.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub title: String,
    pub draft: bool,
    pub blocks: Vec<Block>,
}

impl Document {
    /// Every text of the document in reading order, one item a paragraph or a table cell
    /// (the caption before its table); the 草稿 mark is not text. What both renderings must show.
    pub fn texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.blocks {
            block_texts(b, &mut out);
        }
        out
    }
}

fn block_texts(b: &Block, out: &mut Vec<String>) {
    match b {
        Block::DraftMark => {}
        Block::DraftBanner(t) | Block::Annex(t) | Block::Title(t) | Block::Subtitle(t) => {
            out.push(t.clone())
        }
        Block::Heading { text, .. } | Block::Para { text, .. } => out.push(text.clone()),
        Block::Narrative { paras, .. } => out.extend(paras.iter().cloned()),
        Block::Section { blocks, .. } | Block::Form { blocks, .. } => {
            for b in blocks {
                block_texts(b, out);
            }
        }
        Block::Signature { implementer, date } => {
            out.push(implementer.clone());
            out.push(date.clone());
        }
        Block::Table(t) => {
            out.extend(t.caption.iter().cloned());
            for r in t.head.iter().chain(&t.body) {
                out.extend(r.cells.iter().map(Cell::plain_text));
            }
        }
    }
}

/// The report's quotation marks: “” and ‘’ throughout (「」 and 『』 become “” and ‘’).
pub fn quotes(text: &str) -> String {
    if !text.contains(['「', '」', '『', '』']) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '「' => '“',
            '」' => '”',
            '『' => '‘',
            '』' => '’',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corner_brackets_become_curly_quotes() {
        assert_eq!(quotes("「养老」项目『甲』"), "“养老”项目‘甲’");
        assert_eq!(quotes("无引号"), "无引号");
    }

    #[test]
    fn a_small_form_fits_a_page_and_a_long_one_does_not() {
        let row = |t: &str| Row::new(vec![Cell::td(t), Cell::td("1.00").class("num")]);
        let table = |n: usize| Table { widths: vec![80, 20], body: (0..n).map(|_| row("指标")).collect(), ..Table::default() };
        let form = |n: usize| Block::Form { id: "f", blocks: vec![Block::para(None, "表"), Block::Table(table(n))] };
        assert!(form(10).fits_one_page());
        assert!(!form(60).fits_one_page());
        // A long text in a narrow column takes lines.
        let long = Table { widths: vec![10, 90], body: vec![row(&"字".repeat(200))], ..Table::default() };
        assert!(long.estimated_height_pt() > 10.0 * TABLE_LINE_PT);
    }

    #[test]
    fn a_cell_holds_lines_and_spans_in_order() {
        let c = Cell::td("").lines("甲\n\n乙").span("note", "「注」");
        assert_eq!(c.plain_text(), "甲\n乙“注”");
        assert_eq!((c.cols(), c.rows()), (1, 1));
    }
}
