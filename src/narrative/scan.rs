//! 数字识别: every stated quantity of a text ([`scan`]) — the number as written (ASCII or
//! full-width digits, thousands separators), its multiplier (万, 亿, 千), its unit (元, %, 分, a
//! measure word), the words around it that qualify it (约, 以上, 不低于 …), whether it states a
//! target or an actual (目标, 计划 … / 完成, 实际 …), and the words before it that say what it
//! is (its subject) — and the grades a text states (等级为“优”).

use rust_decimal::Decimal;

use super::{Mention, Qualifier, Role};

/// Measure words, longest first (a longer word wins: 人次 before 人).
const MEASURES: &[&str] = &[
    "平方米", "人次", "户次", "课时", "公里", "千米", "小时", "人", "户", "个", "份", "次", "项", "册", "台",
    "家", "所", "座", "件", "场", "篇", "套", "辆", "名", "位", "批", "处", "间", "张", "本", "条", "亩",
    "吨", "㎡", "天",
];

/// What may follow 分 when it is no score (部分 is caught by the number before it).
const NOT_SCORE_AFTER: &[char] = &['别', '值', '钟', '之', '析', '配', '类', '级', '解', '期', '批', '摊'];

/// Words before a number (or before its qualifier) that make it approximate or a bound.
const BEFORE: &[(&str, Qualifier)] = &[
    ("不低于", Qualifier::AtLeast),
    ("不少于", Qualifier::AtLeast),
    ("不小于", Qualifier::AtLeast),
    ("超过", Qualifier::AtLeast),
    ("≥", Qualifier::AtLeast),
    (">=", Qualifier::AtLeast),
    ("＞", Qualifier::AtLeast),
    ("不高于", Qualifier::AtMost),
    ("不超过", Qualifier::AtMost),
    ("不大于", Qualifier::AtMost),
    ("≤", Qualifier::AtMost),
    ("<=", Qualifier::AtMost),
    ("大约", Qualifier::About),
    ("约", Qualifier::About),
    ("近", Qualifier::About),
];

/// Words after a quantity that make it a bound or approximate.
const AFTER: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("及以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
    ("左右", Qualifier::About),
];

/// Where a subject (the words saying what a number is) starts: after one of these.
const CLAUSE_BREAKS: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '（', '(', '）', ')', '\n', '！', '？', '!', '?', '“', '”', '《', '》',
    '[', ']', '【', '】',
];
const SENTENCE_BREAKS: &[char] = &['。', '；', ';', '\n', '！', '？', '!', '?'];

/// Markers of a target (the last marker before a number in its sentence decides).
const TARGET_WORDS: &[&str] = &["目标", "计划", "预期", "申请", "预计", "力争", "拟", "指标值", "任务数"];
/// Markers of an actual.
const ACTUAL_WORDS: &[&str] = &[
    "完成", "实际", "实现", "达到", "已", "执行", "支出", "使用", "发放", "享受", "领取", "到位", "确认", "累计",
];
/// A paragraph opened by one of these states targets throughout.
const TARGET_HEADINGS: &[&str] = &["目标：", "目标:", "年度目标", "预期目标", "绩效目标", "计划："];

/// Words of a relative quantity (a change, not a level): never compared with a level.
const CHANGE_WORDS: &[&str] = &[
    "增加", "减少", "增长", "下降", "同比", "比上年", "较上年", "节约", "节省", "提高", "降低", "上涨", "超出",
    "差额", "相差", "增幅", "降幅", "追加", "调减", "调增",
];

/// Filler words trimmed from the end of a subject ("参保人数为" → "参保人数").
const TRAILING_FILLERS: &[&str] = &[
    "分别为", "共计", "累计", "合计", "总计", "达到", "不低于", "不少于", "超过", "大约", "为", "是", "达", "共",
    "计", "了", "有", "至", "到", "约", "近", "已",
];

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The chars of `text` with their byte offsets.
fn chars(text: &str) -> Vec<(usize, char)> {
    text.char_indices().collect()
}

/// Every quantity stated in `text`, in order. `text_role` is the role of the whole text when
/// it has one (年度目标 states targets, 实际完成情况 actuals).
pub fn scan(text: &str, text_role: Option<Role>) -> Vec<Mention> {
    let cs = chars(text);
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    let at = |k: usize| cs.get(k).map(|&(_, c)| c);
    let byte = |k: usize| cs.get(k).map_or(text.len(), |&(b, _)| b);
    while i < cs.len() {
        let c = cs[i].1;
        if digit(c).is_none() {
            i += 1;
            continue;
        }
        // Not a number of its own: part of a code, a version, a date-like token (P1.5, 2052-11).
        let prev = if i > 0 { at(i - 1) } else { None };
        if prev.is_some_and(|p| p.is_ascii_alphanumeric() || matches!(p, '.' | '-' | '_' | '/' | '第' | '．')) {
            while i < cs.len() && (digit(cs[i].1).is_some() || matches!(cs[i].1, '.' | '．')) {
                i += 1;
            }
            continue;
        }
        // The number: digits, thousands groups (",ddd"), a decimal part.
        let start = i;
        let mut digits = String::new();
        while let Some(d) = at(i).and_then(digit) {
            digits.push(char::from_digit(d, 10).unwrap_or('0'));
            i += 1;
        }
        loop {
            let group = at(i) == Some(',')
                && (1..=3).all(|k| at(i + k).and_then(digit).is_some())
                && at(i + 4).and_then(digit).is_none();
            if !group {
                break;
            }
            for k in 1..=3 {
                digits.push(char::from_digit(at(i + k).and_then(digit).unwrap_or(0), 10).unwrap_or('0'));
            }
            i += 4;
        }
        if matches!(at(i), Some('.' | '．')) && at(i + 1).and_then(digit).is_some() {
            digits.push('.');
            i += 1;
            while let Some(d) = at(i).and_then(digit) {
                digits.push(char::from_digit(d, 10).unwrap_or('0'));
                i += 1;
            }
        }
        // A number followed by more dots or digits after a dot is a section number or version.
        if matches!(at(i), Some('.' | '．')) && at(i + 1).and_then(digit).is_some() {
            while i < cs.len() && (digit(cs[i].1).is_some() || matches!(cs[i].1, '.' | '．')) {
                i += 1;
            }
            continue;
        }
        let num_end = i;
        let Ok(stated) = digits.parse::<Decimal>() else { continue };
        // One optional space (ASCII or ideographic) between the number and its unit.
        let mut j = i;
        if matches!(at(j), Some(' ' | '\u{3000}')) {
            j += 1;
        }
        let mut qualifier = Qualifier::Exact;
        if at(j) == Some('余') || at(j) == Some('多') {
            qualifier = Qualifier::AtLeast;
            j += 1;
        }
        let mut multiplier = "";
        match at(j) {
            Some('万') => {
                multiplier = "万";
                j += 1;
            }
            Some('亿') => {
                multiplier = "亿";
                j += 1;
            }
            Some('千') if at(j + 1) == Some('元') => {
                multiplier = "千";
                j += 1;
            }
            _ => {}
        }
        let rest = &text[byte(j)..];
        let unit: Option<(&str, usize)> = if rest.starts_with('元') {
            Some(("元", 1))
        } else if rest.starts_with('%') || rest.starts_with('％') {
            Some(("%", 1))
        } else if rest.starts_with("百分比") {
            Some(("%", 3))
        } else if rest.starts_with('分') {
            let next = rest.chars().nth(1);
            (multiplier.is_empty() && !next.is_some_and(|n| NOT_SCORE_AFTER.contains(&n))).then_some(("分", 1))
        } else if let Some(m) = MEASURES.iter().find(|m| rest.starts_with(**m)) {
            let after = rest[m.len()..].chars().next();
            // 3个月, 2个百分点: a duration or a change, not a count.
            let duration = *m == "个" && matches!(after, Some('月' | '百' | '工'));
            (!duration).then_some((*m, m.chars().count()))
        } else if multiplier == "万" || multiplier == "亿" {
            // "16.8万" without a measure word: a count of something the subject says.
            Some(("", 0))
        } else {
            None
        };
        let Some((unit, unit_len)) = unit else {
            i = num_end.max(start + 1);
            continue;
        };
        if unit == "%" && !multiplier.is_empty() {
            i = j;
            continue;
        }
        let mut end_k = j + unit_len;
        // Qualifier after the unit.
        let tail = &text[byte(end_k)..];
        if let Some((w, q)) = AFTER.iter().find(|(w, _)| tail.starts_with(*w)) {
            qualifier = *q;
            end_k += w.chars().count();
        }
        let end_unit = j + unit_len;
        // Qualifier before the number.
        let head = &text[..byte(start)];
        let mut subject_end = byte(start);
        if let Some((w, q)) = BEFORE.iter().find(|(w, _)| head.ends_with(*w)) {
            if qualifier == Qualifier::Exact {
                qualifier = *q;
            }
            subject_end -= w.len();
        }
        let (value, step) = base(stated, multiplier);
        let unit_text = format!("{multiplier}{unit}");
        let clause_begin = clause_start(text, subject_end);
        // The previous quantity in the same clause ends the subject too ("8个项目985万元").
        let clause_begin = out
            .last()
            .map(|m: &Mention| m.end)
            .filter(|&e| e > clause_begin && e <= subject_end)
            .unwrap_or(clause_begin);
        let mut raw_subject = text[clause_begin..subject_end].to_string();
        // "收入:792.22万元": the label before the colon is the subject.
        if raw_subject.trim().is_empty() && clause_begin > 0 && matches!(text[..clause_begin].chars().last(), Some('：' | ':')) {
            let before = &text[..clause_begin - text[..clause_begin].chars().last().map_or(0, char::len_utf8)];
            raw_subject = before[clause_start(before, before.len())..].to_string();
        }
        let change = CHANGE_WORDS.iter().any(|w| raw_subject.contains(w));
        let total = ["共", "共计", "合计", "总计"].iter().any(|w| raw_subject.trim_end().ends_with(w));
        let para_start = text[..byte(start)].rfind('\n').map_or(0, |b| b + 1);
        let depth = text[para_start..byte(start)].chars().fold(0i32, |d, c| match c {
            '(' | '（' => d + 1,
            ')' | '）' => (d - 1).max(0),
            _ => d,
        });
        let noun: String = text[byte(end_k)..].chars().take(2).collect();
        let subject = normalize_subject(&raw_subject);
        let role = text_role.unwrap_or_else(|| role_at(text, subject_end));
        let end = byte(end_unit);
        out.push(Mention {
            start: byte(start),
            num_end: byte(num_end),
            end,
            written: text[byte(start)..end].to_string(),
            stated,
            unit_text,
            value,
            step,
            unit: unit.to_string(),
            qualifier,
            role,
            subject,
            change,
            sentence: sentence_index(text, byte(start)),
            total,
            in_brackets: depth > 0,
            noun,
        });
        i = end_k.max(start + 1);
    }
    out.extend(grades(text, text_role));
    out.sort_by_key(|m| m.start);
    out
}

/// The value in the base unit (元, 人 …) and one unit of its last written place there.
fn base(stated: Decimal, multiplier: &str) -> (Decimal, Decimal) {
    let factor = match multiplier {
        "万" => Decimal::from(10_000),
        "亿" => Decimal::from(100_000_000),
        "千" => Decimal::from(1_000),
        _ => Decimal::ONE,
    };
    let one = Decimal::new(1, stated.scale());
    (stated.saturating_mul(factor), one.saturating_mul(factor))
}

/// A subject as compared: whitespace, digits and a leading year removed, 帐 read as 账, the
/// filler words at its end trimmed.
pub fn normalize_subject(raw: &str) -> String {
    // A placeholder ({年度}) is no word of the subject.
    let mut plain = String::with_capacity(raw.len());
    let mut depth = 0;
    for c in raw.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let mut s: String = plain
        .chars()
        .filter(|c| !c.is_whitespace() && digit(*c).is_none() && !matches!(c, '.' | '．' | '%' | '％'))
        .map(|c| if c == '帐' { '账' } else { c })
        .collect();
    for lead in ["其中", "年度", "年"] {
        if let Some(r) = s.strip_prefix(lead) {
            s = r.to_string();
        }
    }
    loop {
        let before = s.len();
        for f in TRAILING_FILLERS {
            if let Some(r) = s.strip_suffix(f) {
                s = r.to_string();
            }
        }
        if s.len() == before {
            break;
        }
    }
    s
}

/// Where the clause ending at `pos` starts: after the last clause break before it.
fn clause_start(text: &str, pos: usize) -> usize {
    text[..pos]
        .char_indices()
        .rev()
        .find(|(_, c)| CLAUSE_BREAKS.contains(c))
        .map_or(0, |(b, c)| b + c.len_utf8())
}

/// Target or actual, from the words before `pos` in its paragraph and sentence.
fn role_at(text: &str, pos: usize) -> Role {
    let para_start = text[..pos].rfind('\n').map_or(0, |b| b + 1);
    let para = &text[para_start..pos];
    if TARGET_HEADINGS.iter().any(|h| para.contains(h)) {
        return Role::Target;
    }
    let sent_start = para
        .char_indices()
        .rev()
        .find(|(_, c)| SENTENCE_BREAKS.contains(c))
        .map_or(0, |(b, c)| b + c.len_utf8());
    let sentence = &para[sent_start..];
    // 目标 in a noun (目标奖励, 目标考核, 目标责任书) names no target.
    let last = |words: &[&str]| {
        words
            .iter()
            .flat_map(|w| sentence.match_indices(*w))
            .filter(|(k, w)| !(*w == "目标" && sentence[k + w.len()..].starts_with(['奖', '考', '责', '管'])))
            .map(|(k, _)| k)
            .max()
    };
    match (last(TARGET_WORDS), last(ACTUAL_WORDS)) {
        (Some(t), Some(a)) if t > a => Role::Target,
        (Some(_), None) => Role::Target,
        (_, Some(_)) => Role::Actual,
        _ => Role::Neutral,
    }
}

/// Which sentence of the text a byte offset is in (counting sentence breaks before it).
fn sentence_index(text: &str, pos: usize) -> usize {
    text[..pos].chars().filter(|c| SENTENCE_BREAKS.contains(c)).count()
}

/// The grades a text states: 等级 followed (within a few characters) by 优/良/中/差.
fn grades(text: &str, text_role: Option<Role>) -> Vec<Mention> {
    const WORDS: &[(&str, i64)] = &[
        ("优秀", 0),
        ("良好", 1),
        ("不合格", 3),
        ("合格", 2),
        ("优", 0),
        ("良", 1),
        ("中", 2),
        ("差", 3),
    ];
    let mut out = Vec::new();
    for (k, _) in text.match_indices("等级") {
        let after = k + "等级".len();
        // 等级为“优”, 等级：优秀, 自评等级优: up to four characters of 为/是/：/“ between.
        let mut p = after;
        for _ in 0..4 {
            let Some(c) = text[p..].chars().next() else { break };
            if matches!(c, '为' | '是' | '：' | ':' | '“' | '"' | '「' | ' ' | '评' | '定') {
                p += c.len_utf8();
            } else {
                break;
            }
        }
        if p == after {
            continue;
        }
        if let Some((w, rank)) = WORDS.iter().find(|(w, _)| text[p..].starts_with(*w)) {
            let end = p + w.len();
            out.push(Mention {
                start: p,
                num_end: end,
                end,
                written: w.to_string(),
                stated: Decimal::from(*rank),
                unit_text: "等级".into(),
                value: Decimal::from(*rank),
                step: Decimal::ONE,
                unit: "等级".into(),
                qualifier: Qualifier::Exact,
                role: text_role.unwrap_or(Role::Actual),
                subject: normalize_subject(&text[clause_start(text, k)..k + "等级".len()]),
                change: false,
                sentence: sentence_index(text, p),
                total: false,
                in_brackets: false,
                noun: String::new(),
            });
        }
    }
    out
}
