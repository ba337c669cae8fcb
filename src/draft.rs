//! The draft file format (`*.jixiao.json`): a versioned JSON envelope around an
//! [`Evaluation`]. Decimals are strings. Documented in docs/draft-format.md.
//!
//! ```json
//! { "format": "jixiao-draft", "version": 1, "id": "…", "created": "…", "modified": "…",
//!   "evaluation": { … } }
//! ```
//!
//! Reading ([`parse`]) goes: size limit → JSON syntax → envelope (`format`, `version`) →
//! [`migrate`] the raw JSON from the file's version to [`VERSION`] → typed parsing (errors name
//! the JSON path) → decimals must be strings, no unknown fields → structural validation
//! (indicator levels, row ids). Every failure is a [`DraftError`] whose Display is a Chinese
//! sentence; no input of any bytes panics (tests/draft.rs checks that with proptest).

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Evaluation, RulePreset};

mod as_written;

/// The `format` field of every draft file.
pub const FORMAT: &str = "jixiao-draft";
/// The version this build writes (and the newest it reads).
pub const VERSION: u32 = 1;
/// The largest draft file the browser accepts (4 MB), by [`parse`]: what fits its storage.
/// The browser keeps each draft in its local storage, which in Chromium holds 5,177,344
/// characters per origin in all (measured, issue 20); a file of 4 MB has at most 4 million
/// characters, which leaves room for the other drafts. That is about 6,500 indicators (a real
/// department-wide evaluation of about a thousand indicators is under 1 MB). The limit also
/// refuses a wrong file (a video, a database dump) before parsing. The command line has no
/// limit ([`parse_any_size`]: any draft that fits in memory).
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// A draft: one evaluation with its identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Draft {
    /// Stable identity across exports and imports (same id = same draft).
    pub id: String,
    /// ISO 8601 timestamps (UTC), set by whoever saves.
    pub created: String,
    pub modified: String,
    pub evaluation: Evaluation,
}

impl Draft {
    /// A new draft with a blank evaluation under the Ministry preset (财政部单位自评: standard
    /// funds sources, the standard 一级/二级指标 headings, survey options), as the editor's
    /// 新建 makes it.
    pub fn new(id: impl Into<String>, now_iso: impl Into<String>) -> Draft {
        let now = now_iso.into();
        Draft {
            id: id.into(),
            created: now.clone(),
            modified: now,
            evaluation: crate::model::new_evaluation(RulePreset::Ministry),
        }
    }
}

/// A draft read from a file, with the format version the file had (less than [`VERSION`]
/// when it was migrated on reading).
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub draft: Draft,
    pub from_version: u32,
}

/// Why a file could not be read as a draft. Display is a Chinese sentence (no final 。) that
/// says what is wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftError {
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize, limit: usize },
    /// Zero bytes (or only whitespace).
    Empty,
    /// Not JSON at all (or not UTF-8). `line`/`column` are 1-based.
    NotJson { line: usize, column: usize, detail: String },
    /// JSON that stops in the middle (a file cut short).
    Truncated { line: usize, column: usize },
    /// JSON, but not a jixiao draft: `format` missing or another program's. `found` is the
    /// `format` value found, if any.
    NotDraft { found: Option<String> },
    /// `version` missing or not a positive whole number.
    BadVersion { found: String },
    /// Saved by a newer jixiao than this build.
    TooNew { version: u64 },
    /// The content is wrong at a JSON path (e.g. `evaluation.indicators[3].weight`).
    Invalid { path: String, message: String },
}

impl DraftError {
    /// The JSON path of the problem, where there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            DraftError::Invalid { path, .. } => Some(path),
            DraftError::BadVersion { .. } | DraftError::TooNew { .. } => Some("version"),
            DraftError::NotDraft { .. } => Some("format"),
            _ => None,
        }
    }
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DraftError::TooLarge { bytes, limit } => write!(
                f,
                "文件太大（{}）：浏览器把草稿保存在本地存储中，在浏览器里打开的草稿文件最大 {}；请确认选择的是 jixiao 草稿文件（*.jixiao.json），更大的评价请用命令行工具 jixiao 处理",
                human_bytes(*bytes),
                human_bytes(*limit)
            ),
            DraftError::Empty => write!(f, "文件是空的，不是 jixiao 草稿文件"),
            DraftError::NotJson { line, column, detail } => write!(
                f,
                "文件不是有效的 JSON（第 {line} 行第 {column} 列：{detail}），不是 jixiao 草稿文件或已损坏"
            ),
            DraftError::Truncated { line, column } => write!(
                f,
                "文件不完整，在第 {line} 行第 {column} 列意外结束（可能保存或下载时被截断）"
            ),
            DraftError::NotDraft { found: None } => write!(
                f,
                "这不是 jixiao 草稿文件（缺少 \"format\": \"{FORMAT}\"），可能是其他程序的 JSON 文件"
            ),
            DraftError::NotDraft { found: Some(other) } => write!(
                f,
                "这不是 jixiao 草稿文件（format 为 {}，应为 \"{FORMAT}\"），可能是其他程序的文件",
                quote(other)
            ),
            DraftError::BadVersion { found } => write!(
                f,
                "草稿文件的格式版本无效（version 为 {found}，应为正整数）"
            ),
            DraftError::TooNew { version } => write!(
                f,
                "此文件由较新版本的 jixiao（格式版本 {version}）保存，本版本只能读取格式版本 {VERSION} 及以前的文件，请升级 jixiao 后再打开"
            ),
            DraftError::Invalid { path, message } => write!(f, "草稿内容有误，{path}：{message}"),
        }
    }
}

impl std::error::Error for DraftError {}

fn human_bytes(n: usize) -> String {
    // In tenths of the unit, rounded half to even as `{:.1}` of the quotient would (integers:
    // no float formatting code in the wasm for two messages).
    let tenths = |unit: u64| {
        let (q, r) = ((n as u64) * 10 / unit, (n as u64) * 10 % unit);
        let t = if 2 * r > unit || (2 * r == unit && q % 2 == 1) { q + 1 } else { q };
        format!("{}.{}", t / 10, t % 10)
    };
    if n >= 1024 * 1024 {
        format!("{} MB", tenths(1024 * 1024))
    } else if n >= 1024 {
        format!("{} KB", tenths(1024))
    } else {
        format!("{n} 字节")
    }
}

/// A string for a message: quoted, at most 40 characters.
fn quote(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    format!("\"{out}\"")
}

/// The file's top level as written.
#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u32,
    id: &'a str,
    created: &'a str,
    modified: &'a str,
    evaluation: &'a Evaluation,
}

impl<'a> Envelope<'a> {
    fn of(draft: &'a Draft) -> Envelope<'a> {
        Envelope {
            format: FORMAT,
            version: VERSION,
            id: &draft.id,
            created: &draft.created,
            modified: &draft.modified,
            evaluation: &draft.evaluation,
        }
    }
}

/// Writes a draft file: pretty JSON, keys in the order of the model's fields, decimals as
/// strings exactly as held (scale kept: "10.00" stays "10.00"), ending with a newline.
pub fn to_json(draft: &Draft) -> String {
    write_json(draft, b"  ")
}

/// The draft as the browser stores it (the drafts library): the same JSON as [`to_json`]
/// without its indentation — one member per line —, so still a valid draft file, in about
/// 70 % of the characters (localStorage holds about 5 million characters per site: a draft of
/// 10,000 indicators is 5.6 million characters indented, 3.9 million not) and written faster.
pub fn to_stored_json(draft: &Draft) -> String {
    write_json(draft, b"")
}

/// Both writers through one serializer type (one compiled copy of the model's `Serialize`):
/// the indentation is the formatter's value, not its type.
fn write_json(draft: &Draft, indent: &[u8]) -> String {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(indent));
    // Serialising plain data with string keys cannot fail.
    Envelope::of(draft).serialize(&mut ser).expect("a draft always serialises");
    out.push(b'\n');
    // serde_json writes UTF-8 only.
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The typed envelope as read (after migration to [`VERSION`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvelopeIn {
    format: String,
    version: u32,
    id: String,
    created: String,
    modified: String,
    evaluation: Evaluation,
}

/// Reads a draft file of any released version (migrating it to [`VERSION`]), refusing one
/// larger than the browser's [`MAX_FILE_BYTES`].
pub fn parse(bytes: &[u8]) -> Result<Loaded, DraftError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DraftError::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES });
    }
    parse_any_size(bytes)
}

/// [`parse`] without the browser's size limit: the command line reads a draft of any size
/// that fits in memory (time and memory linear in its size).
pub fn parse_any_size(bytes: &[u8]) -> Result<Loaded, DraftError> {
    // A UTF-8 byte order mark (Windows editors add one) is not content.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DraftError::Empty);
    }
    if let Some(typed) = fast_parse(bytes) {
        let mut draft = Draft {
            id: typed.id,
            created: typed.created,
            modified: typed.modified,
            evaluation: typed.evaluation,
        };
        as_written::levels(&mut draft.evaluation)?;
        validate(&draft.evaluation)?;
        return Ok(Loaded { draft, from_version: VERSION });
    }
    slow_parse(bytes)
}

/// The common case — a current-version file with decimals as strings and no unknown field —
/// read straight from the bytes into the model (no intermediate JSON tree). `None` whenever
/// anything is unusual; [`slow_parse`] then reads the file again and words the error (or
/// accepts what this path is too cautious for, e.g. a duplicated key or an old version).
fn fast_parse(bytes: &[u8]) -> Option<EnvelopeIn> {
    if !numbers_only_where_allowed(bytes) {
        return None;
    }
    // Not UTF-8: the slow path words the error.
    let text = utf8(bytes)?;
    let (typed, complete) = read_typed(text).ok()?;
    (complete && typed.format == FORMAT && typed.version == VERSION).then_some(typed)
}

/// `bytes` as text if they are UTF-8. Natively checked with SIMD (simdutf8: std's check took 8 %
/// of the CLI's instructions at 10,000 indicators, where most text is Chinese and its ASCII fast
/// path does not apply); in the wasm std's own (no extra code in the first load).
fn utf8(bytes: &[u8]) -> Option<&str> {
    #[cfg(not(target_arch = "wasm32"))]
    return simdutf8::basic::from_utf8(bytes).ok();
    #[cfg(target_arch = "wasm32")]
    return std::str::from_utf8(bytes).ok();
}

/// The one typed reading of a draft, used by both paths: JSON text straight into the model.
/// A field the model does not have is an error (`deny_unknown_fields` on every model type: it
/// would be lost). The flag is false when something other than whitespace follows the JSON
/// value. Both paths going through this single deserializer type matters for size: every
/// `Deserialize` of the model is compiled once per deserializer type, and in the web app each
/// extra one cost about 20–60 KB gzip (docs/benchmarks.md, size). For the same reason the JSON
/// path of an error is not tracked while reading (a tracking deserializer, `serde_path_to_error`,
/// wrapped every model type again: 33 KB of wasm, 12 KB gzip): [`typed_error`] finds it
/// afterwards from the error's position ([`path_at`]). The text is a `&str`, checked as UTF-8
/// once as a whole: read from bytes, serde_json checks every string on its own, which cost 10 %
/// of the CLI's instructions at 10,000 indicators (docs/benchmarks.md, issue 20); error
/// positions are the same.
fn read_typed(text: &str) -> Result<(EnvelopeIn, bool), serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let typed = EnvelopeIn::deserialize(&mut de)?;
    let complete = de.end().is_ok();
    Ok((typed, complete))
}

/// Eight bytes of `s` from `at` as one word (the first byte lowest).
#[inline(always)]
fn word_at(s: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&s[at..at + 8]);
    u64::from_le_bytes(word)
}

/// A cautious lexical scan: true when every JSON number in the text is the direct value of a
/// key `version`, `level` or `decimals` (the model's only whole-number fields). Anything else
/// (a decimal written as a number, a number in an array…) is left to [`slow_parse`]. On x86-64
/// sixty-four bytes at a time with SSE2 ([`numbers_only_where_allowed_blocks`]), elsewhere (the
/// wasm) token by token ([`words::numbers_only_where_allowed_words`]); the two give the same answer.
fn numbers_only_where_allowed(bytes: &[u8]) -> bool {
    // SAFETY: SSE2 is part of x86-64 itself (every x86-64 CPU has it; Rust enables it for
    // every x86_64 target): the function's one required feature is always there.
    #[cfg(target_arch = "x86_64")]
    return unsafe { numbers_only_where_allowed_blocks(bytes) };
    #[cfg(not(target_arch = "x86_64"))]
    return words::numbers_only_where_allowed_words(bytes);
}

/// [`numbers_only_where_allowed`] over blocks of 64 bytes, with SSE2 (part of every x86-64
/// CPU): for each block, one bit per byte for the quotes, the backslashes and the bytes that
/// may start a number (`-`, digits); the bytes inside strings from the quotes (a prefix XOR);
/// only the number bytes outside strings are then looked at, one by one ([`NumberScan::at`]). A
/// block with a backslash (an escape: rare in a draft), a block whose first byte is escaped,
/// and the last bytes are read a byte at a time ([`NumberScan::bytes`]). At 10,000 indicators
/// (6.3 MB) the scan token by token took 40 M instructions, 16 % of `jixiao score`'s; this one
/// about 10 M (docs/benchmarks.md, issue 20).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn numbers_only_where_allowed_blocks(bytes: &[u8]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
        _mm_sub_epi8,
    };
    // Bit k of each mask is byte k of the 64 at `at`: sixteen bytes per compare.
    let masks = |at: usize| -> (u64, u64, u64) {
        let (mut quotes, mut backslashes, mut numbers) = (0u64, 0u64, 0u64);
        for k in 0..4 {
            let v: __m128i = _mm_set_epi64x(word_at(bytes, at + 16 * k + 8) as i64, word_at(bytes, at + 16 * k) as i64);
            let bits = |m: __m128i| u64::from(_mm_movemask_epi8(m) as u16) << (16 * k);
            // A digit: its distance from `0` is at most 9.
            let from_zero = _mm_sub_epi8(v, _mm_set1_epi8(b'0' as i8));
            let digits = _mm_cmpeq_epi8(_mm_min_epu8(from_zero, _mm_set1_epi8(9)), from_zero);
            quotes |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8)));
            backslashes |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8)));
            numbers |= bits(_mm_or_si128(digits, _mm_cmpeq_epi8(v, _mm_set1_epi8(b'-' as i8))));
        }
        (quotes, backslashes, numbers)
    };
    let mut scan = NumberScan { bytes, in_string: false, escaped: false, skip_to: 0 };
    let mut base = 0;
    while base + 64 <= bytes.len() {
        let (quotes, backslashes, mut numbers) = masks(base);
        if backslashes != 0 || scan.escaped {
            if !scan.bytes(base, base + 64) {
                return false;
            }
        } else {
            // Bit k set: byte k is inside a string (an opening quote counts as inside, a closing
            // one not; neither is a number byte).
            let mut inside = quotes;
            for shift in [1, 2, 4, 8, 16, 32] {
                inside ^= inside << shift;
            }
            if scan.in_string {
                inside = !inside;
            }
            scan.in_string = inside >> 63 == 1;
            numbers &= !inside;
            while numbers != 0 {
                let at = base + numbers.trailing_zeros() as usize;
                numbers &= numbers - 1;
                if !scan.at(at) {
                    return false;
                }
            }
        }
        base += 64;
    }
    scan.bytes(base, bytes.len())
}

/// The state of [`numbers_only_where_allowed_blocks`] between blocks.
#[cfg(target_arch = "x86_64")]
struct NumberScan<'a> {
    bytes: &'a [u8],
    /// The next byte is inside a string…
    in_string: bool,
    /// …and escaped by a backslash.
    escaped: bool,
    /// The bytes before this belong to the last number found (already checked).
    skip_to: usize,
}

#[cfg(target_arch = "x86_64")]
impl NumberScan<'_> {
    /// The bytes from `from` to `to`, one at a time: false at a number not allowed.
    fn bytes(&mut self, from: usize, to: usize) -> bool {
        for at in from..to {
            let c = self.bytes[at];
            if self.escaped {
                self.escaped = false;
            } else if self.in_string {
                match c {
                    b'\\' => self.escaped = true,
                    b'"' => self.in_string = false,
                    _ => {}
                }
            } else if c == b'"' {
                self.in_string = true;
            } else if (c == b'-' || c.is_ascii_digit()) && !self.at(at) {
                return false;
            }
        }
        true
    }

    /// A `-` or a digit outside strings at `at`: unless it continues the last number, a number
    /// starts here and must be allowed ([`number_allowed_at`]); its bytes are then skipped, as
    /// in the scan token by token.
    fn at(&mut self, at: usize) -> bool {
        if at < self.skip_to {
            return true;
        }
        if !number_allowed_at(self.bytes, at) {
            return false;
        }
        let rest = &self.bytes[at + 1..];
        let len = rest.iter().position(|c| !matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')).unwrap_or(rest.len());
        self.skip_to = at + 1 + len;
        true
    }
}

/// The scan token by token, eight bytes at a time where it can: the wasm's (the tests check
/// it on every target).
#[cfg(any(test, not(target_arch = "x86_64")))]
mod words {
    use super::{number_allowed_at, word_at};

    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;

    /// The high bit of each byte of `w` that is zero, and perhaps of bytes above such a byte (the
    /// carry trick of `haszero`): the lowest flagged byte is always a true match.
    #[inline(always)]
    fn zero_bytes(w: u64) -> u64 {
        w.wrapping_sub(ONES) & !w & HIGHS
    }

    /// The high bit of each byte of `w` equal to `b` (see [`zero_bytes`]).
    #[inline(always)]
    fn bytes_equal(w: u64, b: u8) -> u64 {
        zero_bytes(w ^ (ONES * u64::from(b)))
    }

    /// The position of the first byte of `s` flagged by `flags` (eight at a time; the lowest flag
    /// of a word must be a true match) or matching `is` (the last bytes), or `s.len()`.
    #[inline(always)]
    fn first_flagged(s: &[u8], flags: impl Fn(u64) -> u64, is: impl Fn(u8) -> bool) -> usize {
        let mut n = 0;
        while n + 8 <= s.len() {
            let hits = flags(word_at(s, n));
            if hits != 0 {
                return n + (hits.trailing_zeros() / 8) as usize;
            }
            n += 8;
        }
        n + s[n..].iter().position(|&c| is(c)).unwrap_or(s.len() - n)
    }

    /// How many bytes at the start of `s` are neither `"` nor `\\` (all of them if none is): the
    /// plain characters of a string, eight bytes at a time.
    pub(super) fn plain_len(s: &[u8]) -> usize {
        first_flagged(s, |w| bytes_equal(w, b'"') | bytes_equal(w, b'\\'), |c| c == b'"' || c == b'\\')
    }

    /// How many bytes at the start of `s` are neither `"`, `-` nor a digit (all of them if none
    /// is): outside strings, the blanks and punctuation between a string and the next string or
    /// number, eight bytes at a time. Digits are tested exactly per byte (bit hacks' `hasbetween`:
    /// bytes strictly between `/` and `:` that are below 0x80).
    pub(super) fn gap_len(s: &[u8]) -> usize {
        const LOW7: u64 = ONES * 0x7f;
        let digits = |w: u64| {
            (ONES * (127 + u64::from(b':'))).wrapping_sub(w & LOW7) & !w & ((w & LOW7) + ONES * (127 - u64::from(b'/'))) & HIGHS
        };
        first_flagged(s, |w| bytes_equal(w, b'"') | bytes_equal(w, b'-') | digits(w), |c| c == b'"' || c == b'-' || c.is_ascii_digit())
    }

    /// [`numbers_only_where_allowed`] token by token: most of a draft's bytes are in strings or in
    /// the blanks between them, both skipped eight bytes at a time ([`plain_len`], [`gap_len`]); only
    /// a number is looked at closely.
    pub(super) fn numbers_only_where_allowed_words(bytes: &[u8]) -> bool {
        let mut i = 0;
        while i < bytes.len() {
            i += gap_len(&bytes[i..]);
            if i >= bytes.len() {
                break;
            }
            if bytes[i] == b'"' {
                // To the closing quote, over escaped characters.
                i += 1;
                loop {
                    i += plain_len(&bytes[i.min(bytes.len())..]);
                    if i < bytes.len() && bytes[i] == b'\\' {
                        i += 2;
                    } else {
                        break;
                    }
                }
            } else {
                if !number_allowed_at(bytes, i) {
                    return false;
                }
                while i + 1 < bytes.len() && matches!(bytes[i + 1], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                    i += 1;
                }
            }
            i += 1;
        }
        true
    }
}

/// Whether the number at `at`, outside strings, is the direct value of a
/// key `version`, `level` or `decimals`: blanks aside, `"version":` and the like come right
/// before it, the key's opening quote not escaped (preceded by an even number of backslashes).
fn number_allowed_at(bytes: &[u8], at: usize) -> bool {
    let Some(key) = bytes[..at].trim_ascii_end().strip_suffix(b":") else {
        return false;
    };
    let key = key.trim_ascii_end();
    [&b"\"version\""[..], b"\"level\"", b"\"decimals\""].iter().any(|name| {
        key.ends_with(name) && key[..key.len() - name.len()].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 0
    })
}

/// [`parse`] without its fast path: always through the JSON tree. For tests that check the
/// two paths agree; use [`parse`].
#[doc(hidden)]
pub fn parse_through_tree(bytes: &[u8]) -> Result<Loaded, DraftError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DraftError::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DraftError::Empty);
    }
    slow_parse(bytes)
}

/// Reads through a JSON tree: checks the envelope, migrates, parses with paths, refuses
/// decimals written as numbers and unknown fields. Every error is worded here.
fn slow_parse(bytes: &[u8]) -> Result<Loaded, DraftError> {
    let raw: Value = serde_json::from_slice(bytes).map_err(syntax_error)?;

    let from_version = envelope_version(&raw)?;
    let mut raw = migrate(raw, from_version)?;
    as_written::percents(&mut raw)?;

    // The typed reading works on text: the (migrated) tree written back, so that a duplicated
    // key is read as the tree has it (the last one) and old versions need no old Rust types.
    let text = serde_json::to_string(&raw).map_err(|e| DraftError::Invalid {
        path: ".".into(),
        message: format!("内部错误：{e}"),
    })?;
    let typed = match read_typed(&text) {
        Ok((t, _)) => t,
        Err(e) => return Err(typed_error(&raw, text.as_bytes(), e)),
    };
    let mut draft = Draft {
        id: typed.id,
        created: typed.created,
        modified: typed.modified,
        evaluation: typed.evaluation,
    };
    as_written::levels(&mut draft.evaluation)?;

    // What the typed model holds, written back: wherever the file has a JSON number and the
    // model a string, a decimal was written as a number (read through f64 — refused); a key
    // the model does not have is an unknown field (would be lost — refused).
    // (Read back from the file text rather than `to_value`: one serializer of the model, not two.)
    // from_slice like every other reading (one deserializer type: from_str would compile the
    // tree's reader a second time into the wasm).
    let written: Value = serde_json::from_slice(to_json(&draft).as_bytes()).map_err(|e| DraftError::Invalid {
        path: ".".into(),
        message: format!("内部错误：{e}"),
    })?;
    let mut path = Vec::new();
    compare(&raw, &written, &mut path)?;

    validate(&draft.evaluation)?;
    Ok(Loaded { draft, from_version })
}

fn syntax_error(e: serde_json::Error) -> DraftError {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    match e.classify() {
        Category::Eof => DraftError::Truncated { line, column },
        _ => DraftError::NotJson { line, column, detail: syntax_detail(&e) },
    }
}

/// A Chinese description of a JSON syntax error (serde_json's messages are English).
fn syntax_detail(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let table: &[(&str, &str)] = &[
        ("expected value", "此处应有一个值"),
        ("expected `,` or `]`", "应为逗号或 ]"),
        ("expected `,` or `}`", "应为逗号或 }"),
        ("expected `:`", "应为冒号"),
        ("key must be a string", "键必须是带引号的字符串"),
        ("trailing characters", "JSON 结束后还有多余内容"),
        ("trailing comma", "多余的逗号"),
        ("invalid escape", "无效的转义字符"),
        ("invalid unicode code point", "无效的 Unicode 字符"),
        ("control character", "字符串中有未转义的控制字符"),
        ("invalid number", "无效的数字"),
        ("number out of range", "数字超出范围"),
        ("expected ident", "无效的关键字（应为 true、false 或 null）"),
        ("invalid type", "类型错误"),
        ("recursion limit exceeded", "嵌套层数过多"),
        ("lone leading surrogate", "无效的 Unicode 代理字符"),
        ("unexpected end of hex escape", "转义序列不完整"),
        ("invalid UTF-8", "不是 UTF-8 编码的文本"),
        ("stream did not contain valid UTF-8", "不是 UTF-8 编码的文本"),
    ];
    for (en, zh) in table {
        if msg.contains(en) {
            return (*zh).to_string();
        }
    }
    "语法错误".to_string()
}

/// Checks `format` and reads `version` from the raw JSON.
fn envelope_version(raw: &Value) -> Result<u32, DraftError> {
    let obj = match raw {
        Value::Object(o) => o,
        _ => return Err(DraftError::NotDraft { found: None }),
    };
    match obj.get("format") {
        Some(Value::String(s)) if s == FORMAT => {}
        Some(Value::String(s)) => return Err(DraftError::NotDraft { found: Some(s.clone()) }),
        Some(other) => return Err(DraftError::NotDraft { found: Some(other.to_string()) }),
        None => return Err(DraftError::NotDraft { found: None }),
    }
    match obj.get("version") {
        None => Err(DraftError::BadVersion { found: "（缺少）".into() }),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(0) | None => Err(DraftError::BadVersion { found: n.to_string() }),
            Some(v) if v > VERSION as u64 => Err(DraftError::TooNew { version: v }),
            Some(v) => Ok(v as u32),
        },
        Some(other) => Err(DraftError::BadVersion { found: describe(other) }),
    }
}

/// One migration: the raw JSON of version N (index N - 1) to version N + 1. Migrations work
/// on the raw JSON so that old files need no old Rust types; they must accept every file that
/// version N of jixiao could write, and set `version` to N + 1.
type Migration = fn(Value) -> Result<Value, DraftError>;

/// `MIGRATIONS[n - 1]` upgrades version n to n + 1. Version 1 is the first released format,
/// so the chain is empty; it grows by one entry with every new [`VERSION`].
const MIGRATIONS: &[Migration] = &[];

const _: () = assert!(MIGRATIONS.len() as u32 + 1 == VERSION, "one migration per version step");

/// Upgrades the raw JSON of a file from `from_version` to [`VERSION`] by running the
/// migration chain. A version outside 1..=VERSION is an error.
pub fn migrate(mut value: Value, from_version: u32) -> Result<Value, DraftError> {
    if from_version == 0 {
        return Err(DraftError::BadVersion { found: "0".into() });
    }
    if from_version > VERSION {
        return Err(DraftError::TooNew { version: from_version as u64 });
    }
    for step in &MIGRATIONS[(from_version - 1) as usize..] {
        value = step(value)?;
    }
    Ok(value)
}

// ---------------------------------------------------------------------------------------
// Error paths and messages

/// One step of a JSON path.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn path_string(segs: &[Seg]) -> String {
    let mut out = String::new();
    for s in segs {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                out.push_str(&format!("[{i}]"));
            }
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn lookup<'a>(root: &'a Value, segs: &[Seg]) -> Option<&'a Value> {
    let mut v = root;
    for s in segs {
        v = match (s, v) {
            (Seg::Key(k), Value::Object(o)) => o.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// How a raw JSON value is named in a message.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "空值 null".into(),
        Value::Bool(b) => format!("布尔值 {b}"),
        Value::Number(n) => format!("数字 {n}"),
        Value::String(s) => format!("文本 {}", quote(s)),
        Value::Array(a) => format!("数组（{} 项）", a.len()),
        Value::Object(_) => "对象 {…}".into(),
    }
}

/// The Chinese for serde's "expected …" phrases.
fn expected_zh(exp: &str) -> String {
    let exp = exp.trim();
    if exp.contains("Decimal") || exp.contains("decimal") {
        return "数字字符串（如 \"371.16\"）".into();
    }
    if let Some(list) = exp.strip_prefix("one of ") {
        return format!("以下之一：{}", list.replace('`', "\"").replace(", ", "、"));
    }
    // Two choices: "`正向` or `反向`".
    if let Some((a, b)) = exp.split_once("` or `") {
        return format!("\"{}\" 或 \"{}\"", a.trim_start_matches('`'), b.trim_end_matches('`'));
    }
    if exp.starts_with('`') && exp.ends_with('`') {
        return format!("\"{}\"", exp.trim_matches('`'));
    }
    match exp {
        "a string" | "a borrowed string" => "文本（字符串）".into(),
        "u8" | "u16" | "u32" | "u64" | "i64" | "i32" | "usize" => "整数".into(),
        "a boolean" => "true 或 false".into(),
        "a sequence" => "数组".into(),
        "a map" => "对象".into(),
        "a tuple of size 2" => "两个元素的数组".into(),
        "variant identifier" => "可选值之一".into(),
        _ if exp.starts_with("struct ") => "对象".into(),
        _ if exp.starts_with("enum ") => "可选值之一".into(),
        _ if exp.starts_with("option") => "值或 null".into(),
        _ => exp.to_string(),
    }
}

/// Converts a typed-parsing error of `text` (English, with its position) to
/// [`DraftError::Invalid`] with the JSON path of the value it concerns ([`path_at`]).
fn typed_error(raw: &Value, text: &[u8], e: serde_json::Error) -> DraftError {
    let mut segs = error_path(text, &e);
    let msg = e.to_string();
    // Read from text, serde_json appends " at line L column C" (of the tree written back, not
    // of the user's file): the path says where.
    let msg = match (msg.rfind(" at line "), e.line()) {
        (Some(i), line) if line > 0 => msg[..i].to_string(),
        _ => msg,
    };
    let actual = lookup(raw, &segs).map(describe);
    let message = if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("").to_string();
        segs.push(Seg::Key(field));
        "缺少此字段".to_string()
    } else if let Some(rest) = msg.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("").to_string();
        if !matches!(segs.last(), Some(Seg::Key(k)) if *k == field) {
            segs.push(Seg::Key(field));
        }
        "未知字段（本版本 jixiao 不认识，读取会丢失它）".to_string()
    } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let mut parts = rest.splitn(2, "`, expected ");
        let found = parts.next().unwrap_or("");
        let exp = parts.next().unwrap_or("");
        format!("应为{}，实际为 {}", expected_zh(exp), quote(found))
    } else if let Some(rest) = msg.strip_prefix("invalid length ") {
        let exp = rest.split(", expected ").nth(1).unwrap_or("");
        format!("长度不对，应为{}", expected_zh(exp))
    } else if msg.starts_with("invalid type") || msg.starts_with("invalid value") {
        let exp = msg.split(", expected ").nth(1).unwrap_or("");
        match &actual {
            Some(a) => format!("应为{}，实际为 {a}", expected_zh(exp)),
            None => format!("应为{}", expected_zh(exp)),
        }
    } else {
        format!("无法读取（{msg}）")
    };
    DraftError::Invalid { path: located(&segs), message }
}

/// The JSON path [`typed_error`] starts from when the typed reading of `text` fails (`None`
/// when it reads). For tests: tests/draft.rs checks it against a tracking deserializer.
#[doc(hidden)]
pub fn typed_error_path(text: &[u8]) -> Option<String> {
    let e = read_typed(std::str::from_utf8(text).expect("JSON text written by serde_json is UTF-8")).err()?;
    Some(path_string(&error_path(text, &e)))
}

/// The byte offset of serde_json's error position (line from 1, column = bytes since the
/// start of the line); the end of `text` if it lies beyond.
fn byte_offset(text: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].iter().position(|&b| b == b'\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    (start + column).min(text.len())
}

/// The JSON path of the value being read when the typed reading of `text` stopped at byte
/// `end` (serde_json's error position: just after the offending value, key or object, or at
/// the `{` / `[` of a value of the wrong kind). Each object still open at `end` contributes the
/// last key read since its `{` or its last `,` (none if no key yet), each open array the
/// index of its current element. This is the path a tracking deserializer would have kept:
/// an error in a value is at that value's key or index, an error in a key (unknown field,
/// unknown map key) at that key, a missing field at its object (whose `}` has been read).
fn path_at(text: &[u8], end: usize) -> (Vec<Seg>, bool) {
    enum Open {
        // The key read since the `{` or the last `,`, and whether its `:` has been read.
        Object(Option<String>, bool),
        Array(usize),
    }
    let mut open: Vec<Open> = Vec::new();
    let mut i = 0;
    while i < end {
        match text[i] {
            b'{' => open.push(Open::Object(None, false)),
            b'[' => open.push(Open::Array(0)),
            b'}' | b']' => {
                open.pop();
            }
            b':' => {
                if let Some(Open::Object(_, colon)) = open.last_mut() {
                    *colon = true;
                }
            }
            b',' => match open.last_mut() {
                Some(Open::Object(key, colon)) => (*key, *colon) = (None, false),
                Some(Open::Array(n)) => *n += 1,
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                // A string where an object expects its next key is that key.
                if let Some(Open::Object(key @ None, _)) = open.last_mut() {
                    let quoted = &text[start..(i + 1).min(text.len())];
                    *key = Some(serde_json::from_slice::<String>(quoted).unwrap_or_else(|_| String::from_utf8_lossy(quoted).into_owned()));
                }
            }
            _ => {}
        }
        i += 1;
    }
    let at_key = matches!(open.last(), Some(Open::Object(Some(_), false)));
    let segs = open
        .into_iter()
        .filter_map(|o| match o {
            Open::Object(key, _) => key.map(Seg::Key),
            Open::Array(n) => Some(Seg::Index(n)),
        })
        .collect();
    (segs, at_key)
}

/// The path of the value a typed-reading error of `text` concerns: [`path_at`] at the error's
/// position, with two corrections where serde_json's position alone would mislead.
fn error_path(text: &[u8], e: &serde_json::Error) -> Vec<Seg> {
    let end = byte_offset(text, e.line(), e.column());
    let (mut segs, at_key) = path_at(text, end);
    let msg = e.to_string();
    // A value of the wrong kind that is an array: serde_json has read its `[` before the
    // model's type refused it (or found no value it could start with): the error is the
    // array's, not its first element's.
    let array_refused = msg.starts_with("invalid type: sequence") || e.classify() == serde_json::error::Category::Syntax;
    if end > 0 && text[end - 1] == b'[' && array_refused {
        segs.pop();
    }
    // Read as an object's key, an unknown variant is an unknown narrative section (reported at
    // the key itself) or the tag of an enum written as an object (reported at the enum's
    // value, like any other wrong value of it).
    if at_key && msg.starts_with("unknown variant") && !is_section_map(&segs[..segs.len() - 1]) {
        segs.pop();
    }
    segs
}

/// The model's only map whose keys are an enum: `evaluation.narrative` (by section).
fn is_section_map(segs: &[Seg]) -> bool {
    matches!(segs, [Seg::Key(a), Seg::Key(b)] if a == "evaluation" && b == "narrative")
}

/// A path with a human pointer for rows of the evaluation's lists
/// (e.g. "evaluation.indicators[3].weight（第 4 个指标）").
fn located(segs: &[Seg]) -> String {
    let path = path_string(segs);
    let names: &[(&[&str], &str)] = &[
        (&["evaluation", "indicators"], "指标"),
        (&["evaluation", "funds", "sources"], "资金来源行"),
        (&["evaluation", "funds", "uses"], "资金用途行"),
        (&["evaluation", "funds", "transfers"], "资金拨付行"),
        (&["evaluation", "survey", "options"], "问卷选项"),
        (&["evaluation", "figures"], "关键数据"),
        (&["evaluation", "rules", "level1_weights"], "标准分值"),
    ];
    for (prefix, what) in names {
        if segs.len() > prefix.len()
            && prefix.iter().zip(segs).all(|(p, s)| matches!(s, Seg::Key(k) if k == p))
        {
            if let Seg::Index(i) = segs[prefix.len()] {
                return format!("{path}（第 {} 个{what}）", i + 1);
            }
        }
    }
    path
}

/// Walks the file's JSON (`raw`) against the model written back (`written`): refuses numbers
/// where the model holds a string (a decimal written as a JSON number) and keys the model
/// does not know. The path is kept borrowed and turned into text only for an error.
fn compare<'a>(raw: &'a Value, written: &Value, path: &mut Vec<SegRef<'a>>) -> Result<(), DraftError> {
    match (raw, written) {
        (Value::Object(r), Value::Object(w)) => {
            for (k, rv) in r {
                path.push(SegRef::Key(k));
                match w.get(k) {
                    Some(wv) => compare(rv, wv, path)?,
                    None => {
                        return Err(DraftError::Invalid {
                            path: located(&owned(path)),
                            message: "未知字段（本版本 jixiao 不认识，读取会丢失它）".into(),
                        })
                    }
                }
                path.pop();
            }
            Ok(())
        }
        (Value::Array(r), Value::Array(w)) => {
            for (i, (rv, wv)) in r.iter().zip(w).enumerate() {
                path.push(SegRef::Index(i));
                compare(rv, wv, path)?;
                path.pop();
            }
            Ok(())
        }
        (Value::Number(n), Value::String(_)) => Err(DraftError::Invalid {
            path: located(&owned(path)),
            message: format!(
                "应为数字字符串（如 \"{n}\"，带引号），实际为数字 {n}；jixiao 草稿中的金额、分值等数字一律写成字符串，以免精度丢失"
            ),
        }),
        _ => Ok(()),
    }
}

#[derive(Clone, Copy)]
enum SegRef<'a> {
    Key(&'a str),
    Index(usize),
}

fn owned(path: &[SegRef]) -> Vec<Seg> {
    path.iter()
        .map(|s| match s {
            SegRef::Key(k) => Seg::Key(k.to_string()),
            SegRef::Index(i) => Seg::Index(*i),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Structural validation

/// Checks what the types cannot: indicator levels 1..=3 and row ids non-empty and unique
/// within each list.
fn validate(e: &Evaluation) -> Result<(), DraftError> {
    for (i, ind) in e.indicators.iter().enumerate() {
        if !(1..=3).contains(&ind.level) {
            return Err(DraftError::Invalid {
                path: format!("evaluation.indicators[{i}].level（第 {} 个指标）", i + 1),
                message: format!("指标级次应为 1、2 或 3（一级、二级、三级指标），实际为 {}", ind.level),
            });
        }
    }
    unique_ids("evaluation.indicators", "指标", e.indicators.iter().map(|r| r.id.as_str()))?;
    unique_ids("evaluation.funds.sources", "资金来源行", e.funds.sources.iter().map(|r| r.id.as_str()))?;
    unique_ids("evaluation.funds.uses", "资金用途行", e.funds.uses.iter().map(|r| r.id.as_str()))?;
    unique_ids("evaluation.funds.plans", "预算安排行", e.funds.plans.iter().map(|r| r.id.as_str()))?;
    unique_ids("evaluation.funds.transfers", "资金拨付行", e.funds.transfers.iter().map(|r| r.id.as_str()))?;
    unique_ids("evaluation.survey.options", "问卷选项", e.survey.options.iter().map(|r| r.id.as_str()))?;
    unique_ids("evaluation.figures", "关键数据", e.figures.iter().map(|r| r.id.as_str()))?;
    Ok(())
}

fn unique_ids<'a>(list: &str, what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), DraftError> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(ids.size_hint().0);
    // The path is written only for an error (not for each of thousands of rows).
    let path = |i: usize| format!("{list}[{i}].id（第 {} 个{what}）", i + 1);
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            return Err(DraftError::Invalid { path: path(i), message: "编号（id）不能为空".into() });
        }
        if !seen.insert(id) {
            return Err(DraftError::Invalid {
                path: path(i),
                message: format!("编号（id）{} 与前面的一行重复，同一列表中的编号必须唯一", quote(id)),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::words::{gap_len, numbers_only_where_allowed_words, plain_len};

    /// A way of scanning, with its name.
    type Scan = (&'static str, fn(&[u8]) -> bool);

    /// Each way of scanning there is on this machine.
    fn scans() -> Vec<Scan> {
        let mut scans: Vec<Scan> = vec![("words", numbers_only_where_allowed_words)];
        // SAFETY: SSE2 is part of x86-64 (see numbers_only_where_allowed).
        #[cfg(target_arch = "x86_64")]
        scans.push(("blocks", |bytes| unsafe { super::numbers_only_where_allowed_blocks(bytes) }));
        scans
    }
    use proptest::prelude::*;

    /// The scan as it was first written, a byte at a time, tracking the last string read and
    /// whether a `:` followed it: the reference the word-at-a-time scan must agree with.
    fn numbers_only_where_allowed_bytewise(bytes: &[u8]) -> bool {
        let mut i = 0;
        let mut last_string: &[u8] = b"";
        let mut after_colon_of: Option<&[u8]> = None;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    let start = i + 1;
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    last_string = &bytes[start..i.min(bytes.len())];
                    after_colon_of = None;
                }
                b':' => after_colon_of = Some(last_string),
                b'-' | b'0'..=b'9' => {
                    match after_colon_of {
                        Some(b"version") | Some(b"level") | Some(b"decimals") => {}
                        _ => return false,
                    }
                    while i + 1 < bytes.len() && matches!(bytes[i + 1], b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-') {
                        i += 1;
                    }
                    after_colon_of = None;
                }
                b' ' | b'\n' | b'\r' | b'\t' => {}
                _ => after_colon_of = None,
            }
            i += 1;
        }
        true
    }

    proptest! {
        // Outside strings, the word-at-a-time gap ends at the same byte as a plain search for
        // a quote, a minus or a digit.
        #[test]
        fn gap_len_is_the_first_quote_or_number_byte(
            bytes in prop::collection::vec(prop::sample::select(vec![b'"', b' ', b'\n', b',', b':', b'{', b'}', b'[', b']', b'-', b'.', b'/', b'0', b'9', b'+', b'a', 0x2c ^ 0x80, 0x2d ^ 0x80, 0xb9, 0xe4, 0xff]), 0..40),
        ) {
            let naive = bytes.iter().position(|&c| c == b'"' || c == b'-' || c.is_ascii_digit()).unwrap_or(bytes.len());
            prop_assert_eq!(gap_len(&bytes), naive);
        }

        // On JSON-like texts made of keys (the three whole-number keys among them), numbers,
        // strings with escapes, blanks and punctuation, the scan never lets through a text the
        // byte-at-a-time reference refuses, and agrees with it on every text that is JSON.
        // (On broken JSON such as `"level"::1` it may refuse more: serde refuses those anyway.)
        #[test]
        fn number_scan_agrees_with_the_bytewise_reference(
            parts in prop::collection::vec(prop::sample::select(vec![
                "\"level\"", "\"version\"", "\"decimals\"", "\"weight\"", "\"x\\\"level\"", "\"\\\\\"", "\"a\\\"", "\"成本\"",
                ":", ": ", " :", ",", "\n    ", "{", "}", "[", "]", "1", "-2", "3.5", "1e5", "0", "null", "true", ".", "/", "\"", "\\",
            ]), 0..80),
        ) {
            let text = parts.concat();
            let reference = numbers_only_where_allowed_bytewise(text.as_bytes());
            for (name, scan) in scans() {
                let fast = scan(text.as_bytes());
                prop_assert!(!fast || reference, "{}: {}", name, text);
                if serde_json::from_str::<serde_json::Value>(&text).is_ok() {
                    prop_assert_eq!(fast, reference, "{}: {}", name, text);
                }
            }
        }
    }

    /// JSON values whose keys include the three whole-number keys (and look-alikes), with
    /// numbers, strings with escapes and CJK, nested.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            (-1000.0f64..1000.0).prop_map(Value::from),
            prop::sample::select(vec!["", "1", "-2", "a\"b", "\\", "成本 12", "\"level\":", "x\n1"]).prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::vec(
                    (prop::sample::select(vec!["level", "version", "decimals", "weight", "x\"level", "\\", "成本", "level2"]), inner),
                    0..5
                )
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
            ]
        })
    }

    proptest! {
        // On JSON as a draft is written (indented, and as stored: not), the scan and the
        // reference agree.
        #[test]
        fn number_scan_agrees_with_the_bytewise_reference_on_json(v in json_value()) {
            for text in [serde_json::to_string_pretty(&v).unwrap(), serde_json::to_string(&v).unwrap()] {
                for (name, scan) in scans() {
                    prop_assert_eq!(scan(text.as_bytes()), numbers_only_where_allowed_bytewise(text.as_bytes()), "{}: {}", name, text);
                }
            }
        }

        // Wherever the 64-byte blocks fall: the same JSON after 0 to 140 blanks (strings,
        // escapes and numbers across every block boundary).
        #[test]
        fn number_scan_agrees_with_the_reference_across_block_boundaries(v in json_value(), blanks in 0usize..140) {
            for text in [serde_json::to_string_pretty(&v).unwrap(), serde_json::to_string(&v).unwrap()] {
                let text = format!("{}{text}", " ".repeat(blanks));
                for (name, scan) in scans() {
                    prop_assert_eq!(scan(text.as_bytes()), numbers_only_where_allowed_bytewise(text.as_bytes()), "{}: {}", name, text);
                }
            }
        }
    }

    proptest! {
        // The word-at-a-time scan finds the same first quote or backslash as a plain search,
        // wherever it sits in a word and whatever bytes (UTF-8 or not) are around it.
        #[test]
        fn plain_len_is_the_first_quote_or_backslash(
            bytes in prop::collection::vec(prop::sample::select(vec![b'"', b'\\', b'a', b' ', 0x00, 0x21, 0x23, 0x5b, 0x5d, 0x5c ^ 0x80, 0xa2, 0xe4, 0xff]), 0..40),
        ) {
            let naive = bytes.iter().position(|&c| c == b'"' || c == b'\\').unwrap_or(bytes.len());
            prop_assert_eq!(plain_len(&bytes), naive);
        }
    }
}
