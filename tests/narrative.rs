//! The narrative check (issue 21): the scanner, the comparisons, the placeholder action, and
//! the measurement over the labelled set of tests/fixtures/narrative/ (real reports, labelled by
//! hand before the checker ran).

use std::path::Path;

use jixiao::model::RuleSettings;
use jixiao::narrative::{self, check_text, scan, Issue, Qualifier, Role, Source};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A published report read as text: one source per paragraph (line).
fn report_sources(text: &str) -> Vec<Source> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| Source { path: "text".into(), place: format!("第 {} 行", n + 1), text: l.to_string(), role: None })
        .collect()
}

struct Label {
    kind: String,
    a: String,
    b: String,
}

fn labels(path: &Path) -> Vec<Label> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Label { kind: f[0].into(), a: f[1].into(), b: f[2].into() }
        })
        .collect()
}

fn matches(issue: &Issue, label: &Label) -> bool {
    issue.values.contains(&label.a) && issue.values.contains(&label.b)
}

/// Text contradictions are what the narrative check is for; a "form" label (a contradiction
/// between cells of a flattened table, no unit in the text) is counted apart.
const TEXT_KINDS: &[&str] = &["conflict", "parts", "sum"];

#[derive(Default, Debug)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    form_missed: usize,
}

fn measure() -> (Tally, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/narrative");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let rules = RuleSettings::default();
    let mut t = Tally::default();
    let mut log = Vec::new();
    for txt in names {
        let text = std::fs::read_to_string(&txt).unwrap();
        let ls = labels(&txt.with_extension("labels"));
        let issues = check_text(&rules, &report_sources(&text));
        let name = txt.file_stem().unwrap().to_string_lossy().to_string();
        for i in &issues {
            if ls.iter().any(|l| TEXT_KINDS.contains(&l.kind.as_str()) && matches(i, l)) {
                t.tp += 1;
                log.push(format!("{name}: found {:?}", i.values));
            } else {
                t.fp += 1;
                log.push(format!("{name}: FALSE ALARM {} {:?} {}", i.code, i.values, i.message));
            }
        }
        for l in &ls {
            let found = issues.iter().any(|i| matches(i, l));
            if !found {
                if TEXT_KINDS.contains(&l.kind.as_str()) {
                    t.fn_ += 1;
                    log.push(format!("{name}: MISSED {} {} {}", l.kind, l.a, l.b));
                } else {
                    t.form_missed += 1;
                    log.push(format!("{name}: not in the text (form) {} {}", l.a, l.b));
                }
            }
        }
    }
    (t, log)
}

#[test]
fn labelled_set_precision_and_recall() {
    let (t, log) = measure();
    for l in &log {
        println!("{l}");
    }
    let precision = t.tp as f64 / (t.tp + t.fp).max(1) as f64;
    let recall = t.tp as f64 / (t.tp + t.fn_).max(1) as f64;
    println!("tp {} fp {} fn {} (form, not counted: {}) precision {:.3} recall {:.3}", t.tp, t.fp, t.fn_, t.form_missed, precision, recall);
    assert!(t.tp + t.fn_ >= 4, "the set has its labelled contradictions");
    assert!(precision >= 0.9, "precision {precision:.3} below 0.9: {log:#?}");
    assert!(recall >= 0.8, "recall {recall:.3} below 0.8: {log:#?}");
}

#[test]
fn the_seed_raw_text_shows_its_contradictions_and_nothing_else() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/narrative/seed-pension-2019.txt")).unwrap();
    let issues = check_text(&RuleSettings::default(), &report_sources(&text));
    let mut values: Vec<Vec<String>> = issues.iter().map(|i| i.values.clone()).collect();
    values.sort();
    assert_eq!(
        values,
        vec![vec!["125599人次".to_string(), "125600人次".to_string()], vec!["16.80万人".to_string(), "16.6万人".to_string()]],
        "{issues:#?}"
    );
    assert!(issues.iter().all(|i| i.code == "NARRATIVE_CONFLICT"));
    let insured = issues.iter().find(|i| i.values[0] == "16.80万人").unwrap();
    assert!(insured.message.contains("参保人数"), "{}", insured.message);
    assert!(insured.message.contains("第 30 行") || insured.message.contains("行"), "{}", insured.message);
}

fn one(text: &str) -> narrative::Mention {
    let ms = scan(text, None);
    assert_eq!(ms.len(), 1, "{text}: {ms:#?}");
    ms.into_iter().next().unwrap()
}

#[test]
fn reads_amounts_counts_rates_scores_and_grades_as_written() {
    let m = one("参保人数为16.80万人。");
    assert_eq!((m.written.as_str(), m.value, m.step, m.unit.as_str(), m.subject.as_str()), ("16.80万人", d("168000"), d("100"), "人", "参保人数"));
    let m = one("资金收入３７１．１６万元");
    assert_eq!((m.value, m.unit.as_str()), (d("3711600"), "元"));
    let m = one("共投入1.2亿元");
    assert_eq!((m.value, m.step), (d("120000000"), d("10000000")));
    let m = one("受益群众167,950人");
    assert_eq!((m.value, m.written.as_str()), (d("167950"), "167,950人"));
    let m = one("完成保费收缴系统记帐125600人次");
    assert_eq!((m.unit.as_str(), m.subject.as_str(), m.role), ("人次", "完成保费收缴系统记账", Role::Actual));
    let m = one("满意度90%以上");
    assert_eq!((m.qualifier, m.unit.as_str()), (Qualifier::AtLeast, "%"));
    let m = one("覆盖约3.5万户");
    assert_eq!((m.qualifier, m.value, m.unit.as_str()), (Qualifier::About, d("35000"), "户"));
    let m = one("自评分为 97 分");
    assert_eq!((m.unit.as_str(), m.subject.as_str(), m.value), ("分", "自评分", d("97")));
    let m = one("评价等级为“优”");
    assert_eq!((m.unit.as_str(), m.written.as_str()), ("等级", "优"));
    let m = one("年度目标：完成死亡丧葬人员补贴发放1500人");
    assert_eq!(m.role, Role::Target);
    let m = one("同比上年度增加189.25万元");
    assert!(m.change);
    // Not quantities: years, document numbers, codes, durations, section numbers.
    assert!(scan("2019年昆政办[2011]106号P1.5LED屏，历时3个月，见1.2.3节", None).is_empty());
}

fn src(place: &str, text: &str) -> Source {
    Source { path: format!("narrative.{place}"), place: place.into(), text: text.into(), role: None }
}

#[test]
fn compares_at_the_stated_precision_and_reads_bounds_and_roles() {
    let rules = RuleSettings::default();
    let run = |a: &str, b: &str| check_text(&rules, &[src("甲", a), src("乙", b)]);
    // A rounded restatement agrees at its precision; a different value does not.
    assert!(run("受益人数为167,950人。", "受益人数为16.8万人。").is_empty());
    assert_eq!(run("受益人数为167,950人。", "受益人数为16.6万人。").len(), 1);
    // 约 agrees within one unit of its last place; 以上 holds on its side.
    assert!(run("受益人数为167,950人。", "受益人数约17万人。").is_empty());
    assert!(run("群众满意率为95%。", "群众满意率90%以上。").is_empty());
    assert_eq!(run("群众满意率为85%。", "群众满意率90%以上。").len(), 1);
    // A target is not compared with an actual; a change not with a level.
    assert!(run("年度目标：完成系统记账125000人次。", "完成系统记账125600人次。").is_empty());
    assert!(run("资金收入比上年增加189.25万元。", "资金收入比上年增加209.28万元。").is_empty());
    // Subjects that only share a generic word (人数) are two quantities.
    assert!(run("待遇领取人数为3.66万人。", "参保人数为3.5万人。").is_empty());
    // The finding names both places and both numbers.
    let i = &run("参保人数为16.80万人。", "完成参保人数为16.6万人。")[0];
    assert_eq!(i.code, "NARRATIVE_CONFLICT");
    assert!(i.message.contains("甲") && i.message.contains("乙") && i.message.contains("16.80万人") && i.message.contains("16.6万人"), "{}", i.message);
    assert_eq!((i.expected, i.found), (Some(d("16.80")), Some(d("16.6"))));
}

#[test]
fn a_total_and_its_parts() {
    let rules = RuleSettings::default();
    let ok = check_text(&rules, &[src("甲", "资金支出371.16万元。其中，发放基础养老金334.41万元，丧葬补贴28.33万元，个人缴费配套8.42万元。")]);
    assert!(ok.is_empty(), "{ok:#?}");
    let bad = check_text(&rules, &[src("甲", "共完成预算资金89.97万元。其中:30万元用于编制;30万元用于审计;29.99万元用于测绘。")]);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].values, vec!["89.97万元".to_string(), "89.99万元".to_string()]);
    // One part is a part, not a breakdown.
    assert!(check_text(&rules, &[src("甲", "发放待遇6000.56万元。其中补发37428人，补发金额189.26万元。")]).is_empty());
}

#[test]
fn the_placeholder_replaces_the_linked_number() {
    let start = "自评分为".len();
    let fix = narrative::Fix { path: "narrative.x".into(), start, end: start + 2, written: "97".into(), placeholder: "自评得分".into() };
    assert_eq!(narrative::use_placeholder("自评分为97分", &fix).as_deref(), Some("自评分为{自评得分}分"));
    // The text changed since: nothing is replaced.
    assert_eq!(narrative::use_placeholder("自评分为96分", &fix), None);
    assert_eq!(narrative::use_placeholder("短", &fix), None);
}

fn narrative_findings(ev: &jixiao::model::Evaluation) -> Vec<jixiao::reconcile::Finding> {
    jixiao::assess(ev).findings.into_iter().filter(|f| f.code.starts_with("NARRATIVE_") && f.code != "NARRATIVE_UNKNOWN_FIGURE").collect()
}

/// The sample as its report prints it, without the 关键数据: every `{名称}` of a key figure
/// replaced by the figure as the report writes it, then the figures removed.
fn sample_without_key_figures() -> jixiao::model::Evaluation {
    let mut ev = jixiao::sample::pension_2019().evaluation;
    let figures = std::mem::take(&mut ev.figures);
    // The first figure of a name is the one the report prints; the sample states the second
    // value of 参保人数 and 系统记账人次 where the seed does.
    let second = |name: &str, nth: usize| figures.iter().filter(|f| f.name == name).nth(nth).map(|f| format!("{}{}", f.value.unwrap(), f.unit));
    for (section, text) in ev.narrative.iter_mut() {
        let key = section.key();
        *text = jixiao::template::substitute(text, |n| {
            let nth = match (key, n) {
                ("main_performance", "参保人数") | ("cost_effects", "系统记账人次") => 1,
                _ => 0,
            };
            second(n, nth)
        });
    }
    ev
}

#[test]
fn the_sample_without_its_key_figures_still_shows_its_contradictions() {
    let ev = sample_without_key_figures();
    assert!(ev.figures.is_empty());
    assert!(ev.narrative.values().any(|t| t.contains("16.6万人")));
    let found = narrative_findings(&ev);
    let conflicts: Vec<(&str, &str)> = found.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert!(
        found.iter().any(|f| f.code == "NARRATIVE_CONFLICT" && f.message().contains("16.80万人") && f.message().contains("16.6万人")),
        "{found:#?}"
    );
    assert!(
        found.iter().any(|f| f.code == "NARRATIVE_CONFLICT" && f.message().contains("125599人次") && f.message().contains("125600人次")),
        "{found:#?}"
    );
    // And nothing else: every other statement of the sample agrees with its data.
    // And nothing else: every other statement of the sample agrees with its data.
    assert_eq!(conflicts, vec![("NARRATIVE_CONFLICT", "narrative.implementation"), ("NARRATIVE_CONFLICT", "narrative.main_performance")]);
}

#[test]
fn the_sample_as_shipped_has_no_narrative_finding_but_the_seed_statements() {
    let ev = jixiao::sample::pension_2019().evaluation;
    let found = narrative_findings(&ev);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_stated_score_against_the_computed_one_and_its_placeholder() {
    use jixiao::model::NarrativeSection;
    let mut ev = jixiao::sample::pension_2019().evaluation;
    let total = jixiao::assess(&ev).scorecard.total;
    ev.narrative.insert(NarrativeSection::ConclusionResult, "自评小组逐项打分。自评分为 97分，等级为“优”。".into());
    let found = narrative_findings(&ev);
    let score = found.iter().find(|f| f.code == "NARRATIVE_SCORE_MISMATCH").expect("the stated 97 is not the computed total");
    assert_eq!(score.severity, jixiao::reconcile::Severity::Error);
    assert_eq!((score.expected, score.found), (Some(total), Some(d("97"))));
    let fix = score.fix.as_deref().expect("a placeholder for the self-score");
    assert_eq!((fix.placeholder.as_str(), fix.path.as_str()), ("自评得分", "narrative.conclusion_result"));
    let text = ev.narrative[&NarrativeSection::ConclusionResult].clone();
    let fixed = narrative::use_placeholder(&text, fix).unwrap();
    assert_eq!(fixed, "自评小组逐项打分。自评分为 {自评得分}分，等级为“优”。");
    ev.narrative.insert(NarrativeSection::ConclusionResult, fixed);
    assert!(narrative_findings(&ev).iter().all(|f| f.code != "NARRATIVE_SCORE_MISMATCH"));
}

#[test]
fn the_editor_action_puts_the_placeholder_in_and_undo_takes_it_out() {
    use jixiao::editor::{reduce, Action, EditorState};
    use jixiao::model::NarrativeSection;
    let mut draft = jixiao::sample::pension_2019();
    draft.evaluation.narrative.insert(NarrativeSection::ConclusionResult, "自评分为 97分。".into());
    let state = EditorState::new(draft);
    let finding = state.assessment.findings.iter().find(|f| f.code == "NARRATIVE_SCORE_MISMATCH").expect("the finding");
    let fix = finding.fix.as_deref().unwrap().clone();
    let next = reduce(&state, Action::UsePlaceholder(fix.clone()));
    assert_eq!(next.draft.evaluation.narrative[&NarrativeSection::ConclusionResult], "自评分为 {自评得分}分。");
    assert!(next.assessment.findings.iter().all(|f| f.code != "NARRATIVE_SCORE_MISMATCH"));
    // Applied again (the number is no longer there): nothing changes.
    let again = reduce(&next, Action::UsePlaceholder(fix));
    assert_eq!(again.draft.evaluation.narrative, next.draft.evaluation.narrative);
    let undone = reduce(&next, Action::Undo);
    assert_eq!(undone.draft.evaluation.narrative[&NarrativeSection::ConclusionResult], "自评分为 97分。");
}
