//! Number formatting for the report: one style for each kind of figure, everywhere.
//!
//! - money: at least 2 decimals, and every decimal the form states (never rounded: a stated
//!   207.4538 stays 207.4538, issue 16), e.g. "371.16", "1000.00"; with the unit in running
//!   text ("371.16万元"), without it in table cells (the unit is in the table's header);
//! - scores: the rules' number of decimals, padded ("97.00", "9.59");
//! - weights (分值) and counts: as entered, without trailing zeros ("10", "20");
//! - percentages: the rules' number of decimals with "%" ("100.00%");
//! - stated quantities (targets, actuals, key figures): exactly as entered ("16.80").
//!
//! Nothing here computes a figure: rounding for display only.

use rust_decimal::Decimal;

use crate::scoring::{fmt, round, MAX_DECIMALS};

/// Rounds half away from zero and pads to exactly `dp` decimals.
pub fn fixed(value: Decimal, dp: u32) -> String {
    let dp = dp.min(MAX_DECIMALS);
    let mut v = round(value, dp);
    v.rescale(dp);
    v.to_string()
}

/// A money amount as stated: padded to 2 decimals, never rounded.
pub fn money(value: Decimal) -> String {
    crate::scoring::pad(value, 2).to_string()
}

/// A money amount in a table cell: [`money`], no unit; blank when missing.
pub fn money_cell(value: Option<Decimal>) -> String {
    value.map(money).unwrap_or_default()
}

/// A money amount in running text: "371.16万元"; "（未填写）" when missing.
pub fn money_text(value: Option<Decimal>, unit: &str) -> String {
    match value {
        Some(v) => format!("{}{unit}", money(v)),
        None => MISSING.to_string(),
    }
}

/// A score with the rules' decimals.
pub fn score(value: Decimal, dp: u32) -> String {
    fixed(value, dp)
}

/// A percentage with the rules' decimals: "100.00%".
pub fn percent(value: Decimal, dp: u32) -> String {
    format!("{}%", fixed(value, dp))
}

/// A weight (分值) or a count, without trailing zeros.
pub fn plain(value: Decimal) -> String {
    fmt(value)
}

/// A stated quantity exactly as entered (keeps "16.80").
pub fn stated(value: Decimal) -> String {
    value.to_string()
}

/// Shown for a missing figure in running text.
pub const MISSING: &str = "（未填写）";

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_is_padded_to_two_decimals_and_never_rounded() {
        assert_eq!(money_cell(Some(d("371.16"))), "371.16");
        assert_eq!(money_cell(Some(d("8.4"))), "8.40");
        assert_eq!(money_cell(Some(d("100"))), "100.00");
        // Stated with more places: printed as stated (issue 16: 207.4538 stays 207.4538).
        assert_eq!(money_cell(Some(d("0.125"))), "0.125");
        assert_eq!(money_cell(Some(d("-0.125"))), "-0.125");
        assert_eq!(money_cell(Some(d("207.4538"))), "207.4538");
        assert_eq!(money_cell(None), "");
        assert_eq!(money_text(Some(d("371.16")), "万元"), "371.16万元");
        assert_eq!(money_text(None, "万元"), MISSING);
    }

    #[test]
    fn scores_and_percentages_use_the_rules_decimals() {
        assert_eq!(score(d("97"), 2), "97.00");
        assert_eq!(score(d("9.591"), 1), "9.6");
        assert_eq!(percent(d("100"), 2), "100.00%");
        assert_eq!(percent(d("95.9162"), 2), "95.92%");
        assert_eq!(plain(d("10.00")), "10");
        assert_eq!(stated(d("16.80")), "16.80");
    }

    #[test]
    fn absurd_decimals_do_not_panic() {
        assert_eq!(score(d("97"), 1000), format!("97.{}", "0".repeat(MAX_DECIMALS as usize)));
        // Too many digits to pad: shown as it is, without panicking.
        let huge = percent(Decimal::MAX, 2);
        assert!(huge.starts_with(&Decimal::MAX.to_string()) && huge.ends_with('%'), "{huge}");
    }
}
