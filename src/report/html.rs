//! The report structure ([`super::doc`]) as one self-contained HTML5 document, with maud's
//! `html!` escaping every spliced text for its context (the only pre-escaped text is the
//! constant stylesheet).

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::doc::{Block, Cell, Document, Inline, Row, Table};
use super::{style, CSP};

/// The document as HTML, one block-level element a line.
pub fn render(doc: &Document) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content="jixiao";
                title { (doc.title) @if doc.draft { "（草稿）" } }
                // The constant stylesheet of this crate; no user text.
                style { (PreEscaped(style::CSS)) }
            }
            body {
                @for b in &doc.blocks { (block(b)) }
            }
        }
    };
    line_breaks(&page.into_string())
}

fn block(b: &Block) -> Markup {
    html! {
        @match b {
            Block::DraftMark => div.draft-mark aria-hidden="true" { "草稿" },
            Block::DraftBanner(t) => div.draft-banner #draft-banner { p { (t) } },
            Block::Annex(t) => p.annex { (t) },
            Block::Title(t) => h1 { (t) },
            Block::Subtitle(t) => p.subtitle { (t) },
            Block::Heading { level, class, text } => @match level {
                2 => h2 class=[class] { (text) },
                3 => h3 class=[class] { (text) },
                _ => h4 class=[class] { (text) },
            },
            Block::Para { class, text } => p class=[class] { (text) },
            Block::Narrative { key, paras } => div.narrative data-section=(key) {
                @for p in paras { p { (p) } }
            },
            Block::Section { id, blocks } => section id=(id) { @for b in blocks { (block(b)) } },
            Block::Form { id, blocks } => div.form.keep-together[b.fits_one_page()] id=(id) {
                @for b in blocks { (block(b)) }
            },
            Block::Signature { implementer, date } => div.signature {
                p.implementer { (implementer) }
                p.report-date { (date) }
            },
            Block::Table(t) => (table(t)),
        }
    }
}

/// A real `<table>` with simple attributes (border, cellpadding, width) so that Word and WPS
/// keep it as a table; CSS does the rest.
fn table(t: &Table) -> Markup {
    html! {
        table class=(t.class) border="1" cellpadding="4" cellspacing="0" width="100%" {
            @if let Some(c) = &t.caption { caption { (c) } }
            colgroup {
                @for w in &t.widths { col width=(format!("{w}%")) style=(format!("width:{w}%")); }
            }
            @if !t.head.is_empty() { thead { @for r in &t.head { (row(r)) } } }
            tbody { @for r in &t.body { (row(r)) } }
        }
    }
}

fn row(r: &Row) -> Markup {
    html! {
        tr class=[r.class] data-id=[r.data_id.as_deref()] data-code=[r.data_code.as_deref()] {
            @for c in &r.cells { (cell(c)) }
        }
    }
}

fn cell(c: &Cell) -> Markup {
    let content = html! {
        @for i in &c.content {
            @match i {
                Inline::Text(t) => (t),
                Inline::Break => br;,
                Inline::Span(class, t) => span class=(class) { (t) },
            }
        }
    };
    html! {
        @if c.header {
            th class=[c.class] colspan=[c.colspan] rowspan=[c.rowspan] { (content) }
        } @else {
            td class=[c.class] colspan=[c.colspan] rowspan=[c.rowspan] { (content) }
        }
    }
}

/// Block-level start tags that begin a new line in the file, so that the file reads (and
/// diffs) line by line. Whitespace before these is insignificant in HTML; user text cannot
/// contain a raw `<`, so only real tags match.
const NEW_LINE_BEFORE: &[&str] = &[
    "head", "meta", "title", "style", "body", "section", "div", "h1", "h2", "h3", "h4", "p",
    "table", "caption", "colgroup", "thead", "tbody", "tr",
];

fn line_breaks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let block = NEW_LINE_BEFORE.contains(&name)
            && matches!(after[name_len..].chars().next(), Some(' ') | Some('>'));
        out.push_str(&rest[..at]);
        if block && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = after;
    }
    out.push_str(rest);
    out
}
