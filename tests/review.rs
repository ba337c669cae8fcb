//! 审核 (issue 19): the reviewer's summary of a batch — rows, filters, sorting, CSV, the batch
//! file — and `jixiao check --summary`.

use std::process::Command;

use jixiao::model::{FundsColumn, Grade};
use jixiao::reconcile::Severity;
use jixiao::review::{self, Added, Batch, Filter, SortKey, SummaryRow};
use rust_decimal::Decimal;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const SAMPLE: &str = "samples/pension-2019.jixiao.json";
const FULL: &str = "tests/fixtures/v1/full.jixiao.json";

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn sample() -> jixiao::Evaluation {
    jixiao::sample::pension_2019().evaluation
}

#[test]
fn a_row_states_the_submission_and_jixiaos_own_figures() {
    let e = sample();
    let a = jixiao::assess(&e);
    let row = SummaryRow::of("东川.jixiao.json", &e);
    assert_eq!(row.file, "东川.jixiao.json");
    assert_eq!(row.project, e.header.name);
    assert_eq!(row.unit, e.header.implementer);
    assert_eq!(row.year, e.header.year);
    let total = e.funds.effective_total();
    assert_eq!(row.budget_full, total.get(FundsColumn::BudgetFull));
    assert_eq!(row.executed, total.get(FundsColumn::Executed));
    assert!(row.budget_full.is_some() && row.executed.is_some());
    assert_eq!(row.execution_rate, a.scorecard.budget.rate);
    assert_eq!(row.computed_total, Some(a.scorecard.total));
    assert_eq!(row.computed_grade, Some(a.scorecard.grade));
    assert_eq!(row.claimed_total, e.claimed.total);
    assert_eq!(row.errors, a.findings.iter().filter(|f| f.severity == Severity::Error).count());
    assert_eq!(row.warnings, a.findings.iter().filter(|f| f.severity == Severity::Warning).count());
    if let (Some(c), Some(t)) = (row.claimed_total, row.computed_total) {
        assert_eq!(row.difference, Some(c - t));
    }
}

#[test]
fn an_inflated_claim_shows_its_difference_and_passes_the_claim_filter() {
    let mut e = sample();
    let computed = jixiao::assess(&e).scorecard.total;
    e.claimed.total = Some(computed + dec("5"));
    let row = SummaryRow::of("x", &e);
    assert_eq!(row.difference, Some(dec("5")));
    assert!(row.claim_differs());
    assert!(Filter::ClaimDiffers.keeps(&row));
    let cells = row.cells();
    assert_eq!(cells.len(), review::COLUMNS.len());
    assert!(cells[9].starts_with("+5"), "差额 cell: {}", cells[9]);

    // Equal at the form's decimals: not a difference.
    e.claimed.total = Some(computed);
    let row = SummaryRow::of("x", &e);
    assert!(!row.claim_differs());
    assert!(!Filter::ClaimDiffers.keeps(&row));
}

#[test]
fn a_changed_grade_is_found_and_an_unstated_grade_is_not() {
    let mut e = sample();
    let grade = jixiao::assess(&e).scorecard.grade;
    let other = if grade == Grade::Excellent { Grade::Poor } else { Grade::Excellent };
    e.claimed.grade = Some(other);
    assert!(Filter::GradeChanged.keeps(&SummaryRow::of("x", &e)));
    e.claimed.grade = Some(grade);
    assert!(!Filter::GradeChanged.keeps(&SummaryRow::of("x", &e)));
    e.claimed.grade = None;
    assert!(!Filter::GradeChanged.keeps(&SummaryRow::of("x", &e)));
}

#[test]
fn a_submission_with_blanks_is_checked_strictly_and_its_worst_finding_is_an_error() {
    let mut e = sample();
    e.header.name.clear();
    e.funds.total.executed = None;
    let row = SummaryRow::of("x", &e);
    assert!(row.errors > 0);
    let worst = row.most_serious.as_ref().expect("a most serious finding");
    assert_eq!(worst.severity, Severity::Error);
    // The worst is the first error in the form's order, as assess lists them.
    let first_error = jixiao::assess(&e).findings.into_iter().find(|f| f.severity == Severity::Error).unwrap();
    assert_eq!(worst.code, first_error.code);
    assert!(Filter::WithErrors.keeps(&row));
    assert!(Filter::All.keeps(&row));
}

fn rows_with(claims: &[Option<&str>]) -> Vec<SummaryRow> {
    claims
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut e = sample();
            e.claimed.total = c.map(dec);
            SummaryRow::of(&format!("f{i}"), &e)
        })
        .collect()
}

#[test]
fn sorting_puts_blanks_last_both_ways_and_keeps_ties_in_order() {
    let mut rows = rows_with(&[Some("80"), None, Some("95"), Some("80")]);
    review::sort(&mut rows, SortKey::ClaimedTotal, false);
    let files: Vec<_> = rows.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["f0", "f3", "f2", "f1"]);
    review::sort(&mut rows, SortKey::ClaimedTotal, true);
    let files: Vec<_> = rows.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["f2", "f0", "f3", "f1"]);
    review::sort(&mut rows, SortKey::File, true);
    let files: Vec<_> = rows.iter().map(|r| r.file.as_str()).collect();
    assert_eq!(files, ["f3", "f2", "f1", "f0"]);
}

#[test]
fn search_matches_unit_project_or_file() {
    let row = SummaryRow::of("东川区.jixiao.json", &sample());
    assert!(row.matches_search(""));
    assert!(row.matches_search("东川区"));
    let project_word: String = row.project.chars().take(2).collect();
    assert!(row.matches_search(&project_word));
    assert!(!row.matches_search("不存在的单位名"));
}

#[test]
fn csv_has_a_bom_the_headings_and_quotes_what_needs_it() {
    let mut e = sample();
    e.header.name = "项目,含\"逗号\"".into();
    let rows = vec![SummaryRow::of("a.json", &e), SummaryRow::of("b.json", &sample())];
    let csv = review::to_csv(&rows);
    assert!(csv.starts_with('\u{feff}'));
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], review::COLUMNS.join(","));
    assert!(lines[1].contains("\"项目,含\"\"逗号\"\"\""), "{}", lines[1]);
}

#[test]
fn the_same_file_twice_is_recognised_and_a_bad_file_is_listed() {
    let mut b = Batch::new();
    let bytes = std::fs::read(SAMPLE).unwrap();
    assert_eq!(b.add("一.json", &bytes, Ok(sample())), Added::New);
    assert_eq!(b.add("二.json", &bytes, Ok(sample())), Added::Duplicate { existing: "一.json".into() });
    assert_eq!(b.add("坏.json", b"{", Err("不是有效的草稿".into())), Added::New);
    assert_eq!(b.submissions.len(), 2);
    let summary = b.summary();
    assert_eq!(summary.len(), 1, "only readable submissions have a row");
    assert_eq!(summary[0].0, 0);
    assert_eq!(b.submissions[1].error.as_deref(), Some("不是有效的草稿"));
}

#[test]
fn a_batch_file_keeps_opinions_and_marks_and_refuses_other_files() {
    let mut b = Batch::new();
    b.add("一.json", b"1", Ok(sample()));
    b.submissions[0].opinion = "原报自评分偏高，请核实满意度调查。".into();
    b.submissions[0].reviewed = true;
    let text = b.to_json();
    let back = Batch::from_json(&text).unwrap();
    assert_eq!(back, b);
    let err = Batch::from_json(&std::fs::read_to_string(SAMPLE).unwrap()).unwrap_err();
    assert!(err.contains("审核批次文件"), "{err}");
    let err = Batch::from_json("{").unwrap_err();
    assert!(err.contains("第 1 行"), "{err}");
}

#[test]
fn grade_counts_count_the_computed_grades() {
    let rows = rows_with(&[None, None, None]);
    let counts = review::grade_counts(&rows);
    let grade = rows[0].computed_grade.unwrap();
    for (g, n) in counts {
        assert_eq!(n, if g == grade { 3 } else { 0 });
    }
}

#[test]
fn cli_check_summary_lists_each_file_and_names_the_bad_one() {
    let dir = std::env::temp_dir().join(format!("jixiao-review-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("坏.jixiao.json");
    std::fs::write(&bad, "{ 不是草稿").unwrap();
    let bad = bad.to_str().unwrap();

    let o = Command::new(BIN).args(["check", "--summary", SAMPLE, FULL, bad]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "an unreadable file: exit 2");
    let text = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("文件") && lines[0].contains("计算得分"));
    assert!(lines[1].starts_with(SAMPLE));
    assert!(String::from_utf8(o.stderr).unwrap().contains("坏.jixiao.json"));

    let o = Command::new(BIN).args(["check", "--summary", "--json", SAMPLE, FULL]).output().unwrap();
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let expected = SummaryRow::of(SAMPLE, &sample());
    assert_eq!(rows[0]["computed_total"], Value::String(expected.computed_total.unwrap().to_string()));
    assert_eq!(rows[0]["errors"], expected.errors);
    let code = if rows.iter().any(|r| r["errors"].as_u64().unwrap() > 0) { 1 } else { 0 };
    assert_eq!(o.status.code(), Some(code));

    let o = Command::new(BIN).args(["check", "--summary", "--csv", SAMPLE]).output().unwrap();
    let csv = String::from_utf8(o.stdout).unwrap();
    assert_eq!(csv, review::to_csv(&[expected]));

    let o = Command::new(BIN).args(["check", "--csv", SAMPLE]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("--summary"));
}

fn row_with_total(total: Option<&str>) -> SummaryRow {
    let mut row = SummaryRow::of("x", &sample());
    row.computed_total = total.map(dec);
    row
}

#[test]
fn the_histogram_counts_computed_scores_in_five_point_bins() {
    let rows: Vec<SummaryRow> =
        [Some("0"), Some("4.99"), Some("5"), Some("97"), Some("100"), Some("95"), None].map(row_with_total).to_vec();
    let bins = review::score_histogram(&rows);
    assert_eq!(bins[0], 2, "0 and 4.99");
    assert_eq!(bins[1], 1, "5");
    assert_eq!(bins[19], 3, "95, 97 and 100");
    assert_eq!(bins.iter().sum::<usize>(), 6, "the unscorable row is not counted");
}

#[test]
fn an_inflated_claim_is_above_the_diagonal_and_a_lower_one_is_not() {
    let mut e = sample();
    let computed = jixiao::assess(&e).scorecard.total;
    e.claimed.total = Some(computed + dec("3"));
    assert!(SummaryRow::of("x", &e).claim_above());
    e.claimed.total = Some(computed - dec("3"));
    let lower = SummaryRow::of("x", &e);
    assert!(lower.claim_differs() && !lower.claim_above());
    e.claimed.total = Some(computed);
    assert!(!SummaryRow::of("x", &e).claim_above());
}

#[test]
fn each_sortable_heading_sorts_by_its_own_column() {
    // Rows whose budget and year differ: sorting by the column of 全年预算数 orders that column.
    let mut rows: Vec<SummaryRow> = ["300", "100", "200"]
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut r = SummaryRow::of(&format!("f{i}"), &sample());
            r.budget_full = Some(dec(b));
            r.year = format!("20{}", 20 + i);
            r
        })
        .collect();
    let budget_col = review::COLUMNS.iter().position(|c| *c == "全年预算数").unwrap();
    review::sort(&mut rows, SortKey::of_column(budget_col).unwrap(), false);
    assert_eq!(rows.iter().map(|r| r.cells()[budget_col].clone()).collect::<Vec<_>>(), ["100", "200", "300"]);
    let year_col = review::COLUMNS.iter().position(|c| *c == "年度").unwrap();
    review::sort(&mut rows, SortKey::of_column(year_col).unwrap(), true);
    assert_eq!(rows.iter().map(|r| r.year.clone()).collect::<Vec<_>>(), ["2022", "2021", "2020"]);
    // Grades and the finding's text do not sort.
    for c in ["原报等级", "计算等级", "最严重的问题"] {
        assert_eq!(SortKey::of_column(review::COLUMNS.iter().position(|x| *x == c).unwrap()), None, "{c}");
    }
}

#[test]
fn the_stored_batch_is_compact_and_reads_back_the_same() {
    let mut b = Batch::new();
    b.add("a.jixiao.json", b"a", Ok(sample()));
    b.add("bad.jixiao.json", b"b", Err("不是草稿文件".into()));
    b.submissions[0].opinion = "请核实\n第二行".into();
    b.submissions[0].reviewed = true;
    let stored = b.to_stored_json();
    assert!(stored.len() < b.to_json().len());
    assert!(!stored.contains("\n "), "no indentation");
    assert_eq!(Batch::from_json(&stored).unwrap(), b);
    assert_eq!(b.reviewed_count(), 1);
    assert_eq!(b.row_of(0), Some(b.summary()[0].1.clone()));
    assert_eq!(b.row_of(1), None);
}

#[test]
fn the_opinion_letter_states_the_claim_the_findings_and_the_reviewers_words() {
    let mut e = sample();
    let computed = jixiao::assess(&e).scorecard.total;
    e.claimed.total = Some(computed + dec("5"));
    let findings = jixiao::assess(&e).findings;
    let mut b = Batch::new();
    b.add("东川.jixiao.json", b"x", Ok(e.clone()));
    let sub = &mut b.submissions[0];
    sub.opinion = "原报自评分偏高，<请>核减".into();
    sub.reviewed = true;
    let html = review::opinion::render(sub);
    let row = SummaryRow::of("东川.jixiao.json", &e);
    let cells = row.cells();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("审核意见书"));
    assert!(html.contains(&e.header.name) && html.contains(&row.unit) && html.contains("东川.jixiao.json"));
    assert!(html.contains(&format!("data-testid=\"claimed-total\">{}<", cells[7])), "claimed");
    assert!(html.contains(&format!("data-testid=\"computed-total\">{}<", cells[8])), "computed");
    assert!(html.contains(&format!("data-testid=\"difference\">{}<", cells[9])) && cells[9].starts_with("+5"));
    assert!(html.contains("原报自评分高于计算得分"));
    assert!(!findings.is_empty());
    for f in &findings {
        assert!(html.contains(&f.message()), "finding {}", f.code);
    }
    // The reviewer's text is escaped, never markup.
    assert!(html.contains("原报自评分偏高，&lt;请&gt;核减"));
    assert!(html.contains("审核状态：已审"));
    assert!(!html.contains("<script"));
    assert_eq!(review::opinion::file_name(sub), format!("审核意见书-{}.html", e.header.name));
}

#[test]
fn the_opinion_letter_of_an_unreadable_file_says_why() {
    let mut b = Batch::new();
    b.add("坏/文件.jixiao.json", b"{", Err("不是有效的草稿文件".into()));
    let sub = &b.submissions[0];
    let html = review::opinion::render(sub);
    assert!(html.contains("文件无法读取") && html.contains("不是有效的草稿文件"));
    assert!(html.contains("（未填写审核意见）") && html.contains("审核状态：未审"));
    assert_eq!(review::opinion::file_name(sub), "审核意见书-坏_文件.html");
}

#[test]
fn cli_check_summary_reads_a_zip_and_a_folder_as_the_page_does() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("jixiao-review-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("材料/乙县")).unwrap();
    let sample = std::fs::read(SAMPLE).unwrap();
    let full = std::fs::read(FULL).unwrap();
    // A folder: one file in a subfolder, a hidden file, and the zip's first file again.
    std::fs::write(dir.join("材料/乙县/full.jixiao.json"), &full).unwrap();
    std::fs::write(dir.join("材料/.DS_Store"), b"junk").unwrap();
    std::fs::write(dir.join("材料/副本.jixiao.json"), &sample).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [("甲县/养老.jixiao.json", &sample[..]), ("内.zip", b"PK"), ("坏.jixiao.json", b"{")] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    std::fs::write(dir.join("批次.zip"), zip.finish().unwrap().into_inner()).unwrap();
    std::fs::write(dir.join("坏.zip"), b"not a zip").unwrap();

    let o = Command::new(BIN).current_dir(&dir).args(["check", "--summary", "--json", "批次.zip", "材料", "坏.zip"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "unreadable files: exit 2");
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let files: Vec<&str> = v["rows"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(files, ["批次.zip/甲县/养老.jixiao.json", "材料/乙县/full.jixiao.json"]);
    let bad: Vec<(&str, &str)> =
        v["unreadable"].as_array().unwrap().iter().map(|u| (u["file"].as_str().unwrap(), u["error"].as_str().unwrap())).collect();
    assert_eq!(bad.iter().map(|b| b.0).collect::<Vec<_>>(), ["批次.zip/内.zip", "批次.zip/坏.jixiao.json", "坏.zip"]);
    assert!(bad[0].1.contains("压缩包中的压缩包"), "{}", bad[0].1);
    assert!(bad[2].1.contains("不是有效的 .zip 压缩包"), "{}", bad[2].1);
    // The copy in the folder is the zip's first file: said so, summarised once.
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("材料/副本.jixiao.json 与 批次.zip/甲县/养老.jixiao.json 是同一个文件"), "{stderr}");
    // Each row as the file's own row.
    let alone = SummaryRow::of("x", &jixiao::draft::parse(&sample).unwrap().draft.evaluation);
    assert_eq!(v["rows"][0]["computed_total"], serde_json::to_value(alone.computed_total).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}
