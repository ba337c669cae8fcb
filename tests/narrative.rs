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
