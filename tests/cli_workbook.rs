//! The `jixiao` binary with workbooks (issue 17): `import`, and `check` / `score` taking a
//! workbook where they take a draft, with each finding's cell.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use jixiao::draft;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_jixiao");
const YUNNAN: &str = "tests/fixtures/workbooks/yunnan.xlsx";
const NATIONAL_ODS: &str = "tests/fixtures/workbooks/national.ods";
const SICHUAN: &str = "tests/fixtures/workbooks/sichuan.xlsx";

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("run jixiao")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}
fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-cliwb-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn help_names_import_and_workbooks() {
    let o = run(&["--help"]);
    let h = stdout(&o);
    assert!(h.contains("jixiao import 工作簿") && h.contains(".xlsx、.xls、.ods"), "{h}");
}

#[test]
fn import_writes_the_draft_and_tells_what_was_read() {
    let dir = tmp("import");
    let out = dir.join("d.jixiao.json");
    let o = run(&["import", YUNNAN, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("已从工作表「附件2-项目支出绩效自评表」读取") && err.contains("云南格式"), "{err}");
    assert!(err.contains("注意：") && err.contains("!H6"), "{err}");
    let d = draft::parse(&std::fs::read(&out).unwrap()).unwrap().draft;
    let im = jixiao::workbook::import_workbook(&std::fs::read(YUNNAN).unwrap(), "yunnan.xlsx").unwrap();
    assert_eq!(d.evaluation, im.evaluation);
    assert!(!d.evaluation.source_cells.is_empty());
    // The draft keeps the cells: checking it names them as checking the workbook does.
    let from_draft = stdout(&run(&["check", out.to_str().unwrap()]));
    let from_book = stdout(&run(&["check", YUNNAN]));
    assert!(from_draft.contains("（附件2-项目支出绩效自评表!I14）"), "{from_draft}");
    let strip = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&from_draft), strip(&from_book));
}

#[test]
fn import_json_lists_read_cells_and_unrecognised() {
    let o = run(&["import", "--json", NATIONAL_ODS]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["sheet"], "自评表");
    assert_eq!(v["layout"], "national2020");
    let read = v["read"].as_array().unwrap();
    let total = read.iter().find(|r| r["path"] == "claimed.total").unwrap();
    assert_eq!((total["cell"].as_str(), total["text"].as_str()), (Some("自评表!H22"), Some("98")));
    assert_eq!(v["evaluation"]["funds"]["total"]["executed"], "37.24");
}

#[test]
fn check_names_the_cell_of_each_finding_and_exits_1() {
    let o = run(&["check", YUNNAN]);
    assert_eq!(o.status.code(), Some(1));
    let s = stdout(&o);
    let mismatches: Vec<&str> = s.lines().filter(|l| l.contains("CLAIMED_INDICATOR_SCORE_MISMATCH")).collect();
    assert_eq!(mismatches.len(), 4, "{s}");
    for (line, cell) in mismatches.iter().zip(["I14", "I15", "I16", "I17"]) {
        assert!(line.contains(&format!("（附件2-项目支出绩效自评表!{cell}）")), "{line}");
    }
    // The satisfaction row's score was blank: no cell to name.
    let missing = s.lines().find(|l| l.contains("CLAIMED_SCORE_MISSING")).unwrap();
    assert!(!missing.contains("!I18"), "{missing}");
}

#[test]
fn score_and_check_json_take_workbooks() {
    let o = run(&["score", NATIONAL_ODS]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("总分 97.24 / 100  等级 优"), "{}", stdout(&o));
    let o = run(&["check", "--json", SICHUAN]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["ACTUAL_MISSING", "WEIGHT_MISSING", "WEIGHT_TOTAL", "WEIGHT_STANDARD_SPLIT"]);
}

#[test]
fn a_workbook_is_known_by_its_bytes_too() {
    // Without a workbook's extension (a download named .bin), and on standard input.
    let dir = tmp("magic");
    let f = dir.join("下载.bin");
    std::fs::copy(YUNNAN, &f).unwrap();
    let o = run(&["check", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("CLAIMED_INDICATOR_SCORE_MISMATCH"));
    let mut child = Command::new(BIN)
        .args(["score", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &std::fs::read(NATIONAL_ODS).unwrap()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(stdout(&o).contains("总分 97.24"), "{}", stdout(&o));
}

#[test]
fn bad_files_get_a_chinese_message_and_write_nothing() {
    let dir = tmp("bad");
    let out = dir.join("d.jixiao.json");
    let text = dir.join("表.xlsx");
    std::fs::write(&text, "项目名称\t年度\n").unwrap();
    let et = dir.join("自评表.et");
    std::fs::copy("tests/fixtures/workbooks/national.xls", &et).unwrap();
    for (file, words) in [(&text, "不是 Excel 工作簿"), (&et, "另存为")] {
        let o = run(&["import", file.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(words), "{}", stderr(&o));
        assert!(!out.exists(), "nothing is written for a bad file");
        let o = run(&["check", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(words), "{}", stderr(&o));
    }
}
