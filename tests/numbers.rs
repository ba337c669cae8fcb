//! Reading numbers as people type them (jixiao::numbers).

use jixiao::numbers::{format_decimal, normalize, parse_decimal, parse_number, Plain};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn ok(text: &str) -> Decimal {
    parse_decimal(text)
        .unwrap_or_else(|e| panic!("{text:?} should read: {e}"))
        .unwrap_or_else(|| panic!("{text:?} should not be empty"))
}

fn unit(text: &str) -> Option<String> {
    parse_number(text).unwrap().unwrap().unit
}

fn bad(text: &str) -> String {
    match parse_decimal(text) {
        Err(e) => e.to_string(),
        Ok(v) => panic!("{text:?} should not read, got {v:?}"),
    }
}

#[test]
fn plain_numbers() {
    assert_eq!(ok("371.16"), d("371.16"));
    assert_eq!(ok("0"), Decimal::ZERO);
    assert_eq!(ok("38200"), d("38200"));
    assert_eq!(ok(".5"), d("0.5"));
    assert_eq!(ok("12."), d("12"));
    assert_eq!(ok("-3.5"), d("-3.5"));
    assert_eq!(ok("+3.5"), d("3.5"));
}

#[test]
fn empty_is_none() {
    assert_eq!(parse_decimal("").unwrap(), None);
    assert_eq!(parse_decimal("   ").unwrap(), None);
    assert_eq!(parse_decimal("\u{3000}").unwrap(), None);
    assert_eq!(parse_decimal("\t\n").unwrap(), None);
}

#[test]
fn full_width_digits_and_punctuation() {
    assert_eq!(ok("３７１．１６"), d("371.16"));
    assert_eq!(ok("－５"), d("-5"));
    assert_eq!(ok("＋５"), d("5"));
    assert_eq!(ok("９５％"), d("95"));
    assert_eq!(unit("９５％").as_deref(), Some("%"));
    assert_eq!(ok("１，２３４．５"), d("1234.5"));
    assert_eq!(normalize("０１２３４５６７８９"), "0123456789");
}

#[test]
fn thousands_separators() {
    assert_eq!(ok("1,234.5"), d("1234.5"));
    assert_eq!(ok("1，234.5"), d("1234.5"));
    assert_eq!(ok("1,234,567"), d("1234567"));
    assert_eq!(ok("1 234 567.25"), d("1234567.25"));
    assert_eq!(ok("12,345"), d("12345"));
}

#[test]
fn misplaced_separators_are_errors_not_guesses() {
    // "12,5" could be a European decimal comma or a typo: never guess.
    assert!(bad("12,5").contains("千位分隔符"));
    assert!(bad("1,23,456").contains("千位分隔符"));
    assert!(bad("1234,567").contains("千位分隔符"));
    assert!(bad(",123").contains("「,123」"));
    assert!(bad("12 5").contains("千位分隔符"));
    assert!(bad("1,234.5,6").starts_with("「1,234.5,6」不是有效的数字"));
}

#[test]
fn spaces_around_and_before_unit() {
    assert_eq!(ok("  371.16  "), d("371.16"));
    assert_eq!(ok("\u{3000}12\u{3000}"), d("12"));
    assert_eq!(ok("95 %"), d("95"));
    assert_eq!(unit("95 %").as_deref(), Some("%"));
    assert_eq!(ok("- 5"), d("-5"));
}

#[test]
fn trailing_units_are_reported_not_applied() {
    assert_eq!(ok("16.8万人"), d("16.8"));
    assert_eq!(unit("16.8万人").as_deref(), Some("万人"));
    assert_eq!(ok("371.16万元"), d("371.16"));
    assert_eq!(unit("371.16万元").as_deref(), Some("万元"));
    assert_eq!(unit("3711600元").as_deref(), Some("元"));
    assert_eq!(unit("125599人次").as_deref(), Some("人次"));
    assert_eq!(unit("20 份").as_deref(), Some("份"));
    assert_eq!(unit("98%").as_deref(), Some("%"));
    assert_eq!(unit("5‰").as_deref(), Some("‰"));
    assert_eq!(unit("12 km").as_deref(), Some("km"));
    assert_eq!(unit("1.5元/人").as_deref(), Some("元/人"));
    assert_eq!(unit("12"), None);
}

#[test]
fn never_rounds() {
    assert_eq!(ok("16.80"), d("16.80"));
    assert_eq!(ok("16.80").to_string(), "16.80");
    assert_eq!(ok("0.123456789012345678901234567").to_string(), "0.123456789012345678901234567");
    assert_eq!(ok("99.995").to_string(), "99.995");
    // More digits than a Decimal can hold exactly: an error, not a rounded value.
    let too_long = "0.12345678901234567890123456789012";
    assert!(bad(too_long).contains("位数太多"));
    assert!(bad("123456789012345678901234567890123").contains("位数太多"));
}

#[test]
fn unreadable_text_gets_a_chinese_message_quoting_it() {
    assert_eq!(bad("12..5"), "「12..5」不是有效的数字：小数点或分隔符多余");
    assert!(bad("abc").starts_with("「abc」不是有效的数字"));
    assert!(bad("约12").starts_with("「约12」不是有效的数字"));
    assert!(bad("1.2.3").starts_with("「1.2.3」"));
    assert!(bad("12。5").contains("句号"));
    assert!(bad("1e5").starts_with("「1e5」"));
    assert!(bad("12万3").starts_with("「12万3」"));
    assert!(bad("-").starts_with("「-」"));
    assert!(bad("--5").starts_with("「--5」"));
    assert!(bad("%").starts_with("「%」"));
    assert!(bad("≥95").starts_with("「≥95」"));
    assert!(bad("12#").contains("「#」"));
}

#[test]
fn message_quotes_the_text_as_typed_not_normalized() {
    assert!(bad("１２．．５").starts_with("「１２．．５」"));
}

#[test]
fn format_keeps_scale() {
    assert_eq!(format_decimal(Some(d("16.80"))), "16.80");
    assert_eq!(format_decimal(Some(d("-0.5"))), "-0.5");
    assert_eq!(format_decimal(None), "");
}

/// `Plain` writes a decimal exactly as its `Display` does: the figures of a form, zeros of any
/// scale, negative values and zero, mantissas beyond 2^64, and with a width or precision.
#[test]
fn plain_is_display() {
    for s in ["0", "0.00", "0.910", "10.00", "36641", "0.0000000000000000000000000001", "-1.37", "18446744073709551615", "18446744073709551616.5", "79228162514264337593543950335"] {
        let v = d(s);
        assert_eq!(Plain(v).to_string(), v.to_string(), "{s}");
        assert_eq!(Plain(v).to_string(), s, "{s}");
    }
    let negative_zero = Decimal::from_parts(0, 0, 0, true, 2);
    assert_eq!(Plain(negative_zero).to_string(), negative_zero.to_string());
    assert_eq!(format!("{:>8}|{:.1}|{:+}", Plain(d("9.59")), Plain(d("9.59")), Plain(d("9.59"))), format!("{:>8}|{:.1}|{:+}", d("9.59"), d("9.59"), d("9.59")));
}

proptest! {
    #[test]
    fn plain_is_display_for_any_decimal(
        lo in prop_oneof![0u32..1000, any::<u32>()],
        mid in prop_oneof![Just(0u32), any::<u32>()],
        hi in prop_oneof![Just(0u32), any::<u32>()],
        negative in any::<bool>(),
        scale in 0u32..=28,
    ) {
        // Small mantissas (the figures of a form: 0.910, 10.00) as often as large ones, and
        // mantissas at and beyond 2^64 (through Display) too.
        let v = Decimal::from_parts(lo, mid, hi, negative, scale);
        prop_assert_eq!(Plain(v).to_string(), v.to_string());
    }
}
