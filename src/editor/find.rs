//! 查找指标: the indicator table's find box.

use crate::model::Indicator;

/// 查找指标: the ids of the indicator rows whose name (指标名称) contains `query`, in table
/// order. Compared as a Chinese keyboard types them: blanks ignored (half-width, full-width),
/// full-width letters, digits and signs as half-width (`ＧＤＰ` finds `GDP`, `１号` finds
/// `1号`), letters without case; an empty query finds nothing. The indicator table's find box
/// uses it: with many rows only those near the viewport are in the page, so the browser's own
/// find (Ctrl+F) cannot see the others.
pub fn find_indicators<'a>(rows: impl IntoIterator<Item = &'a Indicator>, query: &str) -> Vec<&'a str> {
    let query = fold_for_find(query);
    if query.is_empty() {
        return Vec::new();
    }
    rows.into_iter()
        .filter(|r| fold_for_find(&r.name).contains(&query))
        .map(|r| r.id.as_str())
        .collect()
}

/// The text [`find_indicators`] compares: no blanks, full-width ASCII forms (U+FF01–U+FF5E) as
/// ASCII, lower case.
fn fold_for_find(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

