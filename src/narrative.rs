//! 文字核对 (issue 21): every number the report's text states, read from the text itself and
//! checked against the data and against the other statements of the same quantity — with no
//! hand-declared 关键数据 needed. Deterministic (rules, no language model) and explained: each
//! finding names both places, both numbers and the rule that compared them.
//!
//! 1. [`scan`] reads a text's quantities ([`Mention`]): amounts (元, 万元, 亿元), counts with their
//!    measure word (人, 人次, 户, 个, 份 …), percentages, scores (分) and grades (等级为“优”);
//!    with their qualifier (约 ≈, 以上/不低于 ≥, 以下/不超过 ≤), their role (a target — 目标,
//!    计划, 年度目标 — or an actual — 完成, 实际 …) and their subject, the words before them that
//!    say what they are ("参保人数为16.80万人" → 参保人数).
//! 2. [`check_text`] compares the statements with each other: the same subject (the same last
//!    three characters or more of the subject, 帐 read as 账) with the same unit, both targets
//!    or both not, stated with two values that disagree at their stated precision
//!    (`NARRATIVE_CONFLICT`); and a total followed by 其中 and its parts that do not add up
//!    (`NARRATIVE_PARTS_SUM`).
//! 3. [`check`] adds the links to the data ([`link`]): the funds block, the uses and transfers,
//!    the indicators' targets and actuals (by name overlap and unit), the survey's counts and
//!    rate, the self-score and the grade, the key figures.
//!
//! Numbers agree by the stated-precision rule of reconciliation
//! ([`crate::reconcile::figures_agree`]): 16.8万 agrees with 167,950, 16.6万 does not agree
//! with 16.80万. A target is never compared with an actual. A relative quantity (增加, 同比 …)
//! is never compared with a level.
//!
//! [`use_placeholder`] turns a linked number into a placeholder (`{自评得分}`, `{参保人数}`), so
//! that the text follows the data.

use rust_decimal::Decimal;

use crate::model::{Evaluation, KeyFigure, NarrativeSection, RuleSettings};
use crate::reconcile::figures_agree;
use crate::scoring::Scorecard;

pub mod link;
pub mod scan;

pub use scan::{normalize_subject, scan};

/// How a stated quantity is qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    /// 以上, 不低于, 不少于, 超过, ≥, 余: at least.
    AtLeast,
    /// 以下, 以内, 不超过, 不高于, ≤: at most.
    AtMost,
    /// 约, 近, 左右: within one unit of its last written place.
    About,
}

/// Whether a quantity states a target or what was achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Target,
    Actual,
    Neutral,
}

/// A quantity stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range of the number and its unit (`written`) in the text.
    pub start: usize,
    pub end: usize,
    /// Byte offset after the digits.
    pub num_end: usize,
    /// As written: "16.80万人".
    pub written: String,
    /// The number as written: 16.80.
    pub stated: Decimal,
    /// The multiplier and unit as written: "万人", "万元", "%", "分", "等级".
    pub unit_text: String,
    /// In the base unit: 168000 (人).
    pub value: Decimal,
    /// One unit of the last written place, in the base unit: 100 (16.80万).
    pub step: Decimal,
    /// Base unit: "元", "人", "人次", "%", "分", "等级", or "" (a 万-count without measure word).
    pub unit: String,
    pub qualifier: Qualifier,
    pub role: Role,
    /// What it is, as compared ([`normalize_subject`]).
    pub subject: String,
    /// A relative quantity (增加, 同比 …).
    pub change: bool,
    /// The sentence of the text it is in (for lists within one sentence).
    pub sentence: usize,
    /// Stated as a total: 共, 共计, 合计, 总计 just before it ("实施项目共15个").
    pub total: bool,
    /// Inside brackets ("（含5个）"): a remark on the quantity before, not a quantity of the
    /// sentence's list.
    pub in_brackets: bool,
    /// The two characters after it (the noun a count counts: "8个项目" → 项目).
    pub noun: String,
}

impl Mention {
    /// The multiplier as written (万, 亿, 千 or "").
    pub fn multiplier(&self) -> &str {
        self.unit_text.strip_suffix(self.unit.as_str()).unwrap_or("")
    }
    /// This mention as a key figure in `unit` (its own base unit unless it has none).
    fn figure(&self, unit: &str) -> KeyFigure {
        KeyFigure {
            value: Some(self.stated),
            unit: format!("{}{}", self.multiplier(), unit),
            ..KeyFigure::default()
        }
    }
    /// "参保人数 16.80万人" (subject and number, for messages).
    pub fn quoted(&self) -> String {
        let q = match self.qualifier {
            Qualifier::About => "约",
            _ => "",
        };
        let after = match self.qualifier {
            Qualifier::AtLeast => "以上",
            Qualifier::AtMost => "以下",
            _ => "",
        };
        // The last words of a long subject say what it is.
        let n = self.subject.chars().count();
        let subject: String = if n > 14 {
            format!("…{}", self.subject.chars().skip(n - 12).collect::<String>())
        } else {
            self.subject.clone()
        };
        format!("{subject}{q}{}{after}", self.written)
    }
}

/// A narrative text and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Field path (`narrative.implementation`, `goals.annual`, `indicators.i7.deviation`).
    pub path: String,
    /// Its place in the form's words.
    pub place: String,
    pub text: String,
    /// The role of the whole text, when it has one (年度目标: targets).
    pub role: Option<Role>,
}

/// The placeholder that makes a stated number follow the data: replaces `written` at
/// `start..end` of the text at `path` with `{placeholder}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub written: String,
    pub placeholder: String,
}

/// One disagreement found in the text (a finding of [`crate::reconcile::check`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    pub code: &'static str,
    pub path: String,
    pub place: String,
    pub message: String,
    pub expected: Option<Decimal>,
    pub found: Option<Decimal>,
    /// The numbers involved, as written (for the labelled measurement).
    pub values: Vec<String>,
    pub fix: Option<Fix>,
}

/// Every narrative text of an evaluation, in the order of the form.
pub fn sources(ev: &Evaluation) -> Vec<Source> {
    let mut out = Vec::new();
    let mut push = |path: String, place: String, text: &str, role: Option<Role>| {
        if !text.trim().is_empty() {
            out.push(Source { path, place, text: text.to_string(), role });
        }
    };
    push("funds.execution_note".into(), "项目资金 执行率说明".into(), &ev.funds.execution_note, None);
    push("goals.overall".into(), "绩效目标 总目标".into(), &ev.goals.overall, Some(Role::Target));
    push("goals.annual".into(), "绩效目标 年度目标".into(), &ev.goals.annual, Some(Role::Target));
    push("goals.achieved".into(), "绩效目标 实际完成情况".into(), &ev.goals.achieved, Some(Role::Actual));
    // Only the rows with a text: their path and place are written for those alone.
    for ind in ev.indicators.iter().filter(|i| !i.deviation.trim().is_empty()) {
        push(
            format!("indicators.{}.deviation", ind.id),
            format!("绩效指标「{}」偏差原因分析及改进措施", ind.name.trim()),
            &ind.deviation,
            None,
        );
    }
    push("survey.method".into(), "满意度调查 调查方式".into(), &ev.survey.method, None);
    for section in NarrativeSection::ALL {
        if let Some(text) = ev.narrative.get(&section) {
            push(format!("narrative.{}", section.key()), format!("报告文字「{}」", section.title()), text, None);
        }
    }
    out
}

/// Everything the narrative check finds in an evaluation: the text against itself
/// ([`check_text`]) and against the data ([`link::check`]).
pub fn check(ev: &Evaluation, sc: &Scorecard) -> Vec<Issue> {
    let sources = sources(ev);
    let scanned: Vec<Vec<Mention>> = sources.iter().map(|s| scan(&s.text, s.role)).collect();
    let mut out = check_scanned(&ev.rules, &sources, &scanned);
    out.extend(link::check(ev, sc, &sources, &scanned));
    out
}

/// The text against itself, for texts without data (a published report read as text).
pub fn check_text(rules: &RuleSettings, sources: &[Source]) -> Vec<Issue> {
    let scanned: Vec<Vec<Mention>> = sources.iter().map(|s| scan(&s.text, s.role)).collect();
    check_scanned(rules, sources, &scanned)
}

fn check_scanned(rules: &RuleSettings, sources: &[Source], scanned: &[Vec<Mention>]) -> Vec<Issue> {
    let mut out = conflicts(rules, sources, scanned);
    for (source, mentions) in sources.iter().zip(scanned) {
        out.extend(parts(rules, source, mentions));
        out.extend(totals(rules, source, mentions));
    }
    out
}

/// A count stated as a total (共15个) with its components counted in the same sentence
/// (年初8个项目, 年中增加8个项目: the same measure word and the noun the total counts, outside
/// brackets) that do not add up to it (`NARRATIVE_PARTS_SUM`).
fn totals(rules: &RuleSettings, source: &Source, mentions: &[Mention]) -> Vec<Issue> {
    let mut out = Vec::new();
    for t in mentions.iter().filter(|m| m.total && !m.in_brackets && m.qualifier == Qualifier::Exact) {
        if matches!(t.unit.as_str(), "元" | "%" | "分" | "等级" | "") {
            continue;
        }
        let items: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.start > t.end && m.sentence == t.sentence && !m.in_brackets && m.unit == t.unit)
            .filter(|m| m.qualifier == Qualifier::Exact && m.noun.chars().count() == 2 && t.subject.contains(m.noun.as_str()))
            .collect();
        if items.len() < 2 {
            continue;
        }
        let sum: Decimal = items.iter().map(|m| m.value).sum();
        if agrees_with_value(rules, t, sum, &t.unit) != Some(false) {
            continue;
        }
        let list: Vec<String> = items.iter().map(|m| format!("{}{}", m.written, m.noun)).collect();
        out.push(Issue {
            code: "NARRATIVE_PARTS_SUM",
            path: source.path.clone(),
            place: source.place.clone(),
            message: format!(
                "{}写“{}”共 {}，同一句中分列的 {} 相加为 {}{}，与总数不符，{}。请核对总数或各项。",
                source.place,
                t.subject,
                t.written,
                list.join(" + "),
                sum.normalize(),
                t.unit,
                diff(t.value, sum, &t.unit)
            ),
            expected: Some(t.value),
            found: Some(sum),
            values: vec![t.written.clone(), format!("{}{}", sum.normalize(), t.unit)],
            fix: None,
        });
    }
    out
}

/// Whether two base units can be compared: equal, or one a 万-count without measure word and
/// the other a count.
fn common_unit<'a>(a: &'a str, b: &'a str) -> Option<&'a str> {
    let count = |u: &str| !matches!(u, "元" | "%" | "分" | "等级");
    if a == b {
        Some(a)
    } else if a.is_empty() && count(b) {
        Some(b)
    } else if b.is_empty() && count(a) {
        Some(a)
    } else {
        None
    }
}

/// Whether a stated quantity agrees with a value (in `unit`, e.g. "万元", "%"): by the
/// stated-precision rule ([`figures_agree`]); a bound (以上, 以下) holds when the value is on
/// its side; 约 allows one unit of the last written place. `None`: not comparable units.
pub fn agrees_with_value(rules: &RuleSettings, m: &Mention, value: Decimal, unit: &str) -> Option<bool> {
    let data = KeyFigure { value: Some(value), unit: unit.to_string(), ..KeyFigure::default() };
    let base_unit = base_of(unit);
    let u = common_unit(&m.unit, &base_unit)?;
    let fm = m.figure(u);
    let same = figures_agree(rules, &fm, &data);
    let v = value.checked_mul(unit_factor(unit))?;
    Some(match m.qualifier {
        Qualifier::Exact => same,
        Qualifier::AtLeast => same || v >= m.value,
        Qualifier::AtMost => same || v <= m.value,
        Qualifier::About => same || (v - m.value).abs() <= m.step,
    })
}

/// Whether two stated quantities agree (as [`agrees_with_value`]); `None` when they cannot be
/// compared (two bounds, or units that do not convert).
pub fn agree(rules: &RuleSettings, a: &Mention, b: &Mention) -> Option<bool> {
    let u = common_unit(&a.unit, &b.unit)?;
    let (fa, fb) = (a.figure(u), b.figure(u));
    let same = figures_agree(rules, &fa, &fb);
    use Qualifier::*;
    Some(match (a.qualifier, b.qualifier) {
        (Exact, Exact) => same,
        (About, Exact | About) | (Exact, About) => same || (a.value - b.value).abs() <= a.step.max(b.step),
        (AtLeast, Exact | About) => same || b.value >= a.value,
        (Exact | About, AtLeast) => same || a.value >= b.value,
        (AtMost, Exact | About) => same || b.value <= a.value,
        (Exact | About, AtMost) => same || a.value <= b.value,
        _ => return None,
    })
}

/// The base unit of a unit as the data states it ("万元" → "元", "万人" → "人").
fn base_of(unit: &str) -> String {
    let u: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    let u = if u == "％" || u == "百分比" { "%".to_string() } else { u };
    for p in ["万", "亿", "千"] {
        if let Some(r) = u.strip_prefix(p) {
            if !r.is_empty() {
                return r.to_string();
            }
        }
    }
    u
}

fn unit_factor(unit: &str) -> Decimal {
    let u = unit.trim();
    if u.starts_with('万') && u.chars().count() > 1 {
        Decimal::from(10_000)
    } else if u.starts_with('亿') && u.chars().count() > 1 {
        Decimal::from(100_000_000)
    } else if u.starts_with('千') && u.chars().count() > 1 {
        Decimal::from(1_000)
    } else {
        Decimal::ONE
    }
}

/// The number of characters two subjects end alike with.
pub fn common_suffix(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

/// Two statements are of the same quantity when their subjects end alike in at least this
/// many characters (参保人数, 系统记账); 人数, 金额 alone say too little.
const SAME_SUBJECT: usize = 3;

/// The same quantity stated twice with two values (`NARRATIVE_CONFLICT`).
fn conflicts(rules: &RuleSettings, sources: &[Source], scanned: &[Vec<Mention>]) -> Vec<Issue> {
    let all: Vec<(usize, &Mention)> =
        scanned.iter().enumerate().flat_map(|(s, ms)| ms.iter().map(move |m| (s, m))).collect();
    // Only statements whose subjects end alike and whose units can be compared can be of one
    // quantity: grouped by those first (a draft with thousands of rows is not compared pair by
    // pair).
    let class = |u: &str| match u {
        "元" | "%" | "分" | "等级" => u.to_string(),
        _ => "count".to_string(),
    };
    let mut groups: std::collections::BTreeMap<(String, String), Vec<usize>> = std::collections::BTreeMap::new();
    for (k, (_, m)) in all.iter().enumerate() {
        let n = m.subject.chars().count();
        if n >= SAME_SUBJECT && !m.change {
            let tail: String = m.subject.chars().skip(n - SAME_SUBJECT).collect();
            groups.entry((class(&m.unit), tail)).or_default().push(k);
        }
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for members in groups.values() {
        for (x, &j) in members.iter().enumerate() {
            for &i in &members[..x] {
                pairs.push((i, j));
            }
        }
    }
    pairs.sort_by_key(|&(i, j)| (j, i));
    let mut out = Vec::new();
    let mut seen: Vec<(String, String, String)> = Vec::new();
    for (i, j) in pairs {
        let ((si, a), (sj, b)) = (all[i], all[j]);
        {
            if a.change || b.change || a.unit == "等级" || b.unit == "等级" {
                continue;
            }
            if (a.role == Role::Target) != (b.role == Role::Target) {
                continue;
            }
            if si == sj && a.sentence == b.sentence {
                continue;
            }
            let shared = common_suffix(&a.subject, &b.subject);
            if shared < SAME_SUBJECT {
                continue;
            }
            // Values of one quantity stated twice differ by a slip, not by a factor: amounts
            // far apart under a common heading word (…区级配套 362.74 / 8.42) are two things.
            let (lo, hi) = if a.value <= b.value { (a.value, b.value) } else { (b.value, a.value) };
            if lo <= Decimal::ZERO || hi > lo * Decimal::TWO {
                continue;
            }
            if agree(rules, a, b) != Some(false) {
                continue;
            }
            let key: String = a.subject.chars().rev().take(shared).collect::<Vec<_>>().into_iter().rev().collect();
            let mut pair = [a.written.clone(), b.written.clone()];
            pair.sort();
            let [p, q] = pair;
            if seen.iter().any(|(k, x, y)| *k == key && *x == p && *y == q) {
                continue;
            }
            seen.push((key.clone(), p, q));
            let (pa, pb) = (&sources[si], &sources[sj]);
            let coarse = a.step.max(b.step);
            out.push(Issue {
                code: "NARRATIVE_CONFLICT",
                path: pb.path.clone(),
                place: pb.place.clone(),
                message: format!(
                    "同一数据「{key}」在正文中有两个数值：{}写“{}”，{}写“{}”。两处说的是同一数据（说明文字同为“…{key}”、单位相同、{}），按两处中较粗的精度（{}{}）比较仍不相等。请核实正确的数值并统一两处的写法。",
                    pa.place,
                    a.quoted(),
                    if si == sj { "同一段另一处".to_string() } else { pb.place.clone() },
                    b.quoted(),
                    if a.role == Role::Target { "都是目标值" } else { "都不是目标值" },
                    coarse.normalize(),
                    if a.unit.is_empty() { &b.unit } else { &a.unit },
                ),
                // As written when both are written in one unit (the message shows them so);
                // otherwise no numbers, like a conflict of key figures.
                expected: (a.unit_text == b.unit_text).then_some(a.stated),
                found: (a.unit_text == b.unit_text).then_some(b.stated),
                values: vec![a.written.clone(), b.written.clone()],
                fix: None,
            });
        }
    }
    out
}

/// A total followed by 其中 and its parts (at least two, in the same unit, up to the end of the
/// sentence) that do not add up to it (`NARRATIVE_PARTS_SUM`).
fn parts(rules: &RuleSettings, source: &Source, mentions: &[Mention]) -> Vec<Issue> {
    let text = &source.text;
    let mut out = Vec::new();
    for (pos, _) in text.match_indices("其中") {
        let para_start = text[..pos].rfind('\n').map_or(0, |b| b + 1);
        let sentence_end = text[pos..].find(['。', '\n']).map_or(text.len(), |e| pos + e);
        // The total: the last level stated before 其中 in its paragraph.
        let Some(total) = mentions
            .iter()
            .rfind(|m| m.end <= pos && m.start >= para_start && !m.change && m.unit != "等级" && m.unit != "%")
        else {
            continue;
        };
        let items: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.start > pos && m.end <= sentence_end && !m.change && m.qualifier == Qualifier::Exact)
            .filter(|m| !m.unit.is_empty() && m.unit == total.unit)
            .collect();
        if items.len() < 2 {
            continue;
        }
        let mut sum = Decimal::ZERO;
        for m in &items {
            sum = sum.saturating_add(m.value);
        }
        // The sum in the total's multiplier, with the places of its finest part.
        let factor = unit_factor(&total.unit_text);
        let Some(in_total_unit) = sum.checked_div(factor) else { continue };
        let sum_unit = format!("{}{}", total.multiplier(), total.unit);
        let ok = agrees_with_value(rules, total, in_total_unit, &sum_unit) == Some(true);
        if ok {
            continue;
        }
        let shown = in_total_unit.normalize();
        let list: Vec<String> = items.iter().map(|m| m.written.clone()).collect();
        out.push(Issue {
            code: "NARRATIVE_PARTS_SUM",
            path: source.path.clone(),
            place: source.place.clone(),
            message: format!(
                "正文写“{}”，其后“其中”列出的各项 {} 相加为 {shown}{sum_unit}，与总数不符（按所写精度比较），{}。请核对总数或各项；如所列只是一部分，请写明“其中包括”或列全。",
                total.quoted(),
                list.join(" + "),
                diff(total.stated, shown, &sum_unit),
            ),
            expected: Some(total.stated),
            found: Some(shown),
            values: vec![total.written.clone(), format!("{shown}{sum_unit}")],
            fix: None,
        });
    }
    out
}

/// "多 0.02万元" / "少 …": how much `found` is above or below `expected`.
pub(crate) fn diff(expected: Decimal, found: Decimal, unit: &str) -> String {
    let d = found - expected;
    if d > Decimal::ZERO {
        format!("各项之和多 {}{unit}", d.normalize())
    } else {
        format!("各项之和少 {}{unit}", (-d).normalize())
    }
}

/// The text with the linked number replaced by its placeholder: `None` when the text no longer
/// holds `fix.written` at `fix.start..fix.end` (it was edited since).
pub fn use_placeholder(text: &str, fix: &Fix) -> Option<String> {
    if text.get(fix.start..fix.end)? != fix.written {
        return None;
    }
    Some(format!("{}{{{}}}{}", &text[..fix.start], fix.placeholder, &text[fix.end..]))
}
