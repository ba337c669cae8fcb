//! 数字输入: reading numbers as people type them on a Chinese keyboard or paste them from
//! Excel / WPS.
//!
//! Accepted: full-width digits and punctuation (０-９ ． ， － ＋ ％), thousands separators
//! (`1,234.5`, `1，234.5`, `1 234.5` — groups of three only), surrounding spaces, a leading
//! sign and a trailing unit (`%`, `万元`, `元`, `人`, `人次`, `万人` …). The value is never
//! rounded or scaled: `16.8万人` is 16.8 with unit `万人`; the caller decides what the unit
//! means. Anything else is a [`NumberError`] whose message quotes the typed text in Chinese.

use std::fmt;

use rust_decimal::Decimal;

/// A number that was read, with the unit typed after it (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub value: Decimal,
    /// The trailing unit as typed (full-width `％` becomes `%`), e.g. `万元`, `%`, `人次`.
    pub unit: Option<String>,
}

/// Text that is not a number. `Display` is a Chinese message quoting the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    /// The text as typed (trimmed).
    pub text: String,
    /// Why, in Chinese (may be empty).
    pub reason: String,
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "「{}」不是有效的数字", self.text)?;
        if !self.reason.is_empty() {
            write!(f, "：{}", self.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for NumberError {}

/// Reads a number, dropping the unit. Empty (or only spaces) → `Ok(None)`.
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>, NumberError> {
    Ok(parse_number(text)?.map(|p| p.value))
}

/// Reads a number and the unit typed after it. Empty (or only spaces) → `Ok(None)`.
pub fn parse_number(text: &str) -> Result<Option<Parsed>, NumberError> {
    let shown = text.trim_matches(is_space).to_string();
    let err = |reason: &str| NumberError {
        text: shown.clone(),
        reason: reason.to_string(),
    };
    let chars: Vec<char> = normalize(&shown).chars().collect();
    if chars.is_empty() {
        return Ok(None);
    }
    if chars.contains(&'。') {
        return Err(err("小数点请用“.”，不要用句号“。”"));
    }
    let mut i = 0;
    let mut negative = false;
    if chars[0] == '-' || chars[0] == '+' {
        negative = chars[0] == '-';
        i = 1;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
    }
    // Integer part: digits with ',' or ' ' as group separators.
    let int_start = i;
    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',' || chars[i] == ' ') {
        i += 1;
    }
    // A trailing space belongs to the gap before the unit, not to the number.
    let mut int_end = i;
    while int_end > int_start && chars[int_end - 1] == ' ' {
        int_end -= 1;
    }
    let int_part: String = chars[int_start..int_end].iter().collect();
    let mut frac_part = String::new();
    let mut has_point = false;
    if int_end == i && i < chars.len() && chars[i] == '.' {
        has_point = true;
        i += 1;
        while i < chars.len() && chars[i].is_ascii_digit() {
            frac_part.push(chars[i]);
            i += 1;
        }
    } else {
        i = int_end;
    }
    let int_digits: String = int_part.chars().filter(|c| c.is_ascii_digit()).collect();
    if int_digits.is_empty() && frac_part.is_empty() {
        if int_start < chars.len() && !chars[int_start].is_ascii_digit() && chars[int_start] != '.' {
            return Err(err("应以数字开头"));
        }
        return Err(err("没有数字"));
    }
    if int_part.starts_with([',', ' ']) || int_part.ends_with([',', ' ']) {
        return Err(err("千位分隔符的位置不对"));
    }
    if int_part.contains([',', ' ']) {
        let groups: Vec<&str> = int_part.split([',', ' ']).collect();
        let ok = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err(err("千位分隔符的位置不对（应每三位一组，如 1,234.5）"));
        }
    }
    // The unit: whatever follows, after spaces.
    while i < chars.len() && chars[i] == ' ' {
        i += 1;
    }
    let unit: String = chars[i..].iter().collect();
    let unit = unit.trim().to_string();
    if !unit.is_empty() {
        let first = unit.chars().next().unwrap_or(' ');
        if first == '.' || first == ',' {
            return Err(err("小数点或分隔符多余"));
        }
        if unit.chars().any(|c| c.is_ascii_digit()) {
            return Err(err(&format!("数字后面的「{unit}」无法识别")));
        }
        if !unit.chars().all(is_unit_char) {
            return Err(err(&format!("数字后面的「{unit}」不是单位")));
        }
    }
    let mut plain = String::new();
    if negative {
        plain.push('-');
    }
    plain.push_str(if int_digits.is_empty() { "0" } else { &int_digits });
    if has_point && !frac_part.is_empty() {
        plain.push('.');
        plain.push_str(&frac_part);
    }
    let value = Decimal::from_str_exact(&plain)
        .map_err(|_| err("位数太多，超出可精确表示的范围（最多28位有效数字）"))?;
    Ok(Some(Parsed {
        value,
        unit: if unit.is_empty() { None } else { Some(unit) },
    }))
}

/// Full-width digits and punctuation to ASCII; every kind of space to a plain space.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' | '﹣' => '-',
            '＋' => '+',
            '％' => '%',
            c if is_space(c) => ' ',
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

fn is_unit_char(c: char) -> bool {
    c.is_alphabetic()
        || matches!(c, '%' | '‰' | '/' | '·' | '²' | '³' | '(' | ')' | '（' | '）' | ' ' | '／')
}

/// Shows a stored number the way it is edited: exactly, with the scale it was typed with
/// (`16.80` stays `16.80`); `None` is an empty cell.
pub fn format_decimal(value: Option<Decimal>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A decimal written exactly as its own `Display` writes it (every digit of the mantissa, the
/// point before the last `scale` of them: `0.910`, `10.00`, `36641`), only faster for the
/// figures of a form — not negative, a mantissa below 2^64 —: their digits by integer
/// division on a buffer, where rust_decimal's `Display` divides its 96-bit mantissa limb by
/// limb and pads through the formatter (the CLI writes tens of thousands of them: issue 20).
/// Any other value, or a width, precision or `+` asked for, goes through `Display` itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plain(pub Decimal);

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        let m = v.mantissa();
        if v.is_sign_negative() || m >> 64 != 0 || f.width().is_some() || f.precision().is_some() || f.sign_plus() {
            return fmt::Display::fmt(&v, f);
        }
        let scale = v.scale() as usize;
        // From the last digit backwards: the `scale` digits after the point, the point, and
        // at least one digit before it (zeros where the mantissa has no more).
        let mut buf = [0u8; 48];
        let mut at = buf.len();
        let (mut n, mut count) = (m as u64, 0);
        loop {
            if count == scale && scale > 0 {
                at -= 1;
                buf[at] = b'.';
            }
            at -= 1;
            buf[at] = b'0' + (n % 10) as u8;
            n /= 10;
            count += 1;
            if n == 0 && count > scale {
                break;
            }
        }
        f.write_str(std::str::from_utf8(&buf[at..]).expect("ASCII digits"))
    }
}

/// A percentage written as a fraction on one side only (off by ×100): an 实际完成值 of 0.97
/// against a 年度指标值 of 95%, or 97 against 0.95. A plausibility warning, never a change:
/// the paste preview shows it on the row, reconciliation as a finding (the one check both
/// use, [`hundredfold`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hundredfold {
    pub target: Decimal,
    pub target_unit: String,
    pub actual: Decimal,
    pub actual_unit: String,
    /// The actual is the small one (0.97 against 95); else the target is (97 against 0.95).
    pub actual_is_fraction: bool,
}

impl Hundredfold {
    /// What looks wrong and what to do, in Chinese (the values as typed, with their units).
    pub fn message(&self) -> String {
        let shown = |v: Decimal, unit: &str| format!("{}{}", v.normalize(), unit.trim());
        let target = shown(self.target, &self.target_unit);
        let actual = shown(self.actual, &self.actual_unit);
        let times100 = |v: Decimal| v.checked_mul(Decimal::ONE_HUNDRED).map(|v| v.normalize().to_string()).unwrap_or_default();
        if self.actual_is_fraction {
            format!(
                "实际完成值 {actual} 只有年度指标值 {target} 的约百分之一，可能是把 {}% 写成了小数 {}。若是，请改填 {}；若数字无误，可不改。",
                times100(self.actual),
                self.actual.normalize(),
                times100(self.actual)
            )
        } else {
            format!(
                "实际完成值 {actual} 约为年度指标值 {target} 的 100 倍，可能一个按百分数、一个按小数填写。请统一写法（如年度指标值改填 {}）；若数字无误，可不改。",
                times100(self.target)
            )
        }
    }
}

/// Whether a unit says percent (or is blank).
fn percent_or_blank(unit: &str) -> (bool, bool) {
    let u = unit.trim();
    (matches!(u, "%" | "％" | "百分比" | "百分率" | "百分点"), u.is_empty())
}

/// The ×100 check: both values positive, both units percent or blank, and one value × 100
/// within a factor of 2 of the other (0.97 × 100 = 97 against 95). With both units blank
/// the percent-looking side must be at most 200. 95 against 97, or 0.95 against 0.97, is
/// never a slip.
pub fn hundredfold(target: Decimal, target_unit: &str, actual: Decimal, actual_unit: &str) -> Option<Hundredfold> {
    if target <= Decimal::ZERO || actual <= Decimal::ZERO {
        return None;
    }
    let (tp, tb) = percent_or_blank(target_unit);
    let (ap, ab) = percent_or_blank(actual_unit);
    if !(tp || tb) || !(ap || ab) {
        return None;
    }
    let some_percent = tp || ap;
    let two = Decimal::TWO;
    // `small` × 100 within [big ÷ 2, big × 2].
    let near = |small: Decimal, big: Decimal| -> bool {
        let (Some(s100), Some(big2)) = (small.checked_mul(Decimal::ONE_HUNDRED), big.checked_mul(two)) else {
            return false;
        };
        s100 <= big2 && s100.checked_mul(two).is_some_and(|s200| s200 >= big)
            && (some_percent || big <= Decimal::from(200))
    };
    let actual_is_fraction = if near(actual, target) {
        true
    } else if near(target, actual) {
        false
    } else {
        return None;
    };
    Some(Hundredfold {
        target,
        target_unit: target_unit.trim().to_string(),
        actual,
        actual_unit: actual_unit.trim().to_string(),
        actual_is_fraction,
    })
}
