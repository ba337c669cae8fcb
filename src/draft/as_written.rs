//! Draft files as people write them by hand (issue 16, class 10): what is unambiguous is read,
//! the rest refused with a plain Chinese message naming the row and what to add.
//!
//! - An indicator row without `level` ([`levels`]): a row with a target, an actual or another
//!   field of a scored row is a 三级 row (as before); a heading-shaped row is 一级 or 二级 by its
//!   name (产出指标 …, 数量指标 …) or by its place (followed by a 二级 row: 一级; under a 一级
//!   heading and followed by 三级 rows: 二级, as a 一级 heading over 三级 rows would be an
//!   orphan); otherwise the file is refused.
//! - `"100%"`, `"95.5%"`, `"１００％"` as an indicator's `target` or `actual` ([`percents`]):
//!   read as 100, 95.5, 100 when the row's unit is % or empty (the unit becomes %), refused
//!   when the unit is another one. Full-width digits are read as digits.

use serde_json::Value;

use super::DraftError;
use crate::model::{Evaluation, Indicator, IndicatorNature, LEVEL_UNSET};

/// Names that are only ever 一级 headings.
const LEVEL1: [&str; 3] = ["产出指标", "效益指标", "满意度指标"];
/// Names that are only ever 二级 headings. (成本指标 is 二级 under 产出指标 in the 2020
/// framework and 一级 in later ones; 满意度指标 is also written as the 二级 under itself: both
/// are decided by place.)
const LEVEL2: [&str; 11] = [
    "数量指标",
    "质量指标",
    "时效指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
];
/// Names a 一级 or a 二级 heading can have: decided by place.
const EITHER: [&str; 2] = ["成本指标", "满意度指标"];

/// The heading's name without a stated weight ("产出指标(50分)" → "产出指标").
fn base_name(name: &str) -> &str {
    let name = name.trim();
    let cut = name.find('(').or_else(|| name.find('（'));
    cut.map_or(name, |i| name[..i].trim_end())
}

/// The level a name alone says, if it says one.
fn level_by_name(name: &str) -> Option<u8> {
    let name = base_name(name);
    if EITHER.contains(&name) {
        None
    } else if LEVEL1.contains(&name) {
        Some(1)
    } else if LEVEL2.contains(&name) {
        Some(2)
    } else {
        None
    }
}

/// A row carrying any field of a scored (三级) row: a heading has none of them.
fn scored_shape(i: &Indicator) -> bool {
    let filled = |s: &str| !s.trim().is_empty();
    i.target.is_some()
        || i.actual.is_some()
        || filled(&i.target_text)
        || filled(&i.actual_text)
        || filled(&i.unit)
        || filled(&i.actual_unit)
        || i.nature != IndicatorNature::AtLeast
        || i.direction.is_some()
        || i.band.is_some()
        || i.band_score.is_some()
        || i.manual.is_some()
        || i.from_survey
        || !i.applicable
}

/// The level a row has or plainly shows (used for the row after one being decided).
fn level_shown(i: &Indicator) -> Option<u8> {
    if i.level != LEVEL_UNSET {
        Some(i.level)
    } else if scored_shape(i) {
        Some(3)
    } else {
        level_by_name(&i.name)
    }
}

/// Gives every indicator row read without `level` its level, or refuses the draft naming the
/// first row whose level cannot be told.
pub(super) fn levels(e: &mut Evaluation) -> Result<(), DraftError> {
    if e.indicators.iter().all(|i| i.level != LEVEL_UNSET) {
        return Ok(());
    }
    for at in 0..e.indicators.len() {
        if e.indicators[at].level != LEVEL_UNSET {
            continue;
        }
        let row = &e.indicators[at];
        let next = e.indicators.get(at + 1).and_then(level_shown);
        let under_level1 = e.indicators[..at].iter().any(|i| i.level == 1);
        let level = if scored_shape(row) {
            Some(3)
        } else if let Some(l) = level_by_name(&row.name) {
            Some(l)
        } else if next == Some(2) {
            Some(1)
        } else if next == Some(3) && under_level1 {
            Some(2)
        } else {
            None
        };
        match level {
            Some(l) => e.indicators[at].level = l,
            None => {
                let named = match row.name.trim() {
                    "" => "（没有名称）".to_string(),
                    n => format!("“{}”", n.chars().take(40).collect::<String>()),
                };
                return Err(DraftError::Invalid {
                    path: format!("evaluation.indicators[{at}].level（第 {} 个指标）", at + 1),
                    message: format!(
                        "第 {} 个指标{named}没有写级次（level），从它的名称和位置看不出是一级、二级还是三级指标。请在这一行加上 \"level\": 1（一级指标）、2（二级指标）或 3（三级指标）",
                        at + 1
                    ),
                });
            }
        }
    }
    Ok(())
}

/// A number as people type it: full-width digits and point read as ASCII, and whether it ended
/// with a percent sign (% or ％). `None` when the text is not a plain number then.
fn typed_number(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    let bare = t.strip_suffix('%').or_else(|| t.strip_suffix('％'));
    let percent = bare.is_some();
    let ascii: String = bare
        .unwrap_or(t)
        .trim_end()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    let plain = ascii.bytes().all(|c| c.is_ascii_digit() || c == b'.' || c == b'-')
        && ascii.parse::<rust_decimal::Decimal>().is_ok();
    plain.then_some((ascii, percent))
}

/// A text field of a raw row, trimmed ("" when absent or not text).
fn text_of<'a>(row: &'a serde_json::Map<String, Value>, key: &str) -> &'a str {
    row.get(key).and_then(Value::as_str).map_or("", str::trim)
}

/// In the raw JSON of a draft: an indicator's `target` or `actual` written as a percentage or
/// with full-width digits becomes the number, and an empty unit becomes %; a percentage in a
/// row whose unit is another one is refused.
pub(super) fn percents(raw: &mut Value) -> Result<(), DraftError> {
    let Some(Value::Array(rows)) = raw.get_mut("evaluation").and_then(|e| e.get_mut("indicators")) else {
        return Ok(());
    };
    for (at, row) in rows.iter_mut().enumerate() {
        let Value::Object(row) = row else { continue };
        // The unit each figure is in: the actual's own unit where one is stated.
        for (field, what, own_unit) in [("target", "年度指标值", "unit"), ("actual", "实际完成值", "actual_unit")] {
            let Some((number, percent)) = typed_number(text_of(row, field)) else { continue };
            if percent {
                let unit_key = if text_of(row, own_unit).is_empty() { "unit" } else { own_unit };
                match text_of(row, unit_key) {
                    "" => {
                        row.insert(unit_key.to_string(), Value::from("%"));
                    }
                    "%" | "％" => {}
                    unit => {
                        let name = match text_of(row, "name") {
                            "" => "（没有名称）".to_string(),
                            n => format!("“{n}”"),
                        };
                        return Err(DraftError::Invalid {
                            path: format!("evaluation.indicators[{at}].{field}（第 {} 个指标）", at + 1),
                            message: format!(
                                "第 {} 个指标{name}的{what}写作 \"{}\"（百分数），而度量单位是“{unit}”。请把{what}写成以“{unit}”计的数字，或把度量单位改为 %",
                                at + 1,
                                text_of(row, field)
                            ),
                        });
                    }
                }
            }
            row.insert(field.to_string(), Value::String(number));
        }
    }
    Ok(())
}
