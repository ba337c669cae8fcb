//! 审核 (issue 19), the file formats of the file-format module's worker: a .zip of submissions
//! unpacked (with its limits against zip bombs), the summary as .xlsx (read back by openpyxl,
//! a reader that is not jixiao's own; scripts/setup.sh's jixiao_test_python installs it) and the
//! 审核意见书 as .docx (its text against the HTML letter's). All through
//! `worker_protocol::handle`, the worker's whole work.

use std::io::{Read, Write};
use std::process::Command;

use jixiao::review::{self, archive, Batch, SummaryRow};
use jixiao::worker_protocol::{handle, request_json, Reply, Request};
use rust_decimal::Decimal;
use serde_json::Value;

fn sample() -> jixiao::Evaluation {
    jixiao::sample::pension_2019().evaluation
}

fn ask(request: &Request, bytes: &[u8]) -> (Reply, Vec<u8>) {
    let (head, out) = handle(&request_json(request), bytes);
    (serde_json::from_str(&head).expect("a reply"), out)
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        if name.ends_with('/') {
            zip.add_directory(name.trim_end_matches('/'), options).unwrap();
        } else {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

fn unzip(zip_bytes: &[u8], name: &str) -> (Vec<archive::Entry>, Vec<u8>) {
    match ask(&Request::Unzip { file_name: name.into() }, zip_bytes) {
        (Reply::Unzipped(entries), bytes) => (archive::read_entries(&entries).expect("the entries' JSON"), bytes),
        other => panic!("not unzipped: {other:?}"),
    }
}

#[test]
fn a_zip_gives_each_file_with_its_path_and_lists_what_it_does_not_open() {
    let draft = std::fs::read("samples/pension-2019.jixiao.json").unwrap();
    let workbook = jixiao::workbook::export_workbook(&sample(), jixiao::workbook::Layout::National2020).unwrap();
    let inner_zip = zip_of(&[("a.txt", b"a")]);
    let zip = zip_of(&[
        ("某单位/", b""),
        ("某单位/自评表.xlsx", &workbook),
        ("养老.jixiao.json", &draft),
        ("说明.txt", "不是草稿".as_bytes()),
        ("旧批次.zip", &inner_zip),
        ("__MACOSX/某单位/._自评表.xlsx", b"junk"),
        ("某单位/.DS_Store", b"junk"),
    ]);
    let (entries, bytes) = unzip(&zip, "批次.zip");
    let names: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["某单位/自评表.xlsx", "养老.jixiao.json", "说明.txt", "旧批次.zip"]);
    let parts = archive::split(&entries, &bytes);
    assert_eq!(parts[0].1, &workbook[..]);
    assert_eq!(parts[1].1, &draft[..]);
    assert_eq!(parts[2].1, "不是草稿".as_bytes());
    assert!(parts[..3].iter().all(|(e, _)| e.error.is_none() && e.legacy_name.is_none()));
    // A zip inside the zip is listed, not opened.
    let nested = parts[3].0.error.as_deref().expect("the inner zip is an error");
    assert!(nested.contains("压缩包中的压缩包"), "{nested}");
    assert!(parts[3].1.is_empty());
    // The unpacked workbook reads as one dropped on its own.
    let imported = jixiao::workbook::import_workbook(parts[0].1, "自评表.xlsx").expect("the workbook imports");
    assert_eq!(imported.evaluation.header.name, sample().header.name);
}

#[test]
fn a_zip_bomb_is_refused_file_by_file_and_too_many_files_at_once() {
    let big = vec![0u8; archive::MAX_ENTRY_BYTES as usize + 1];
    let zip = zip_of(&[("炸弹.jixiao.json", &big), ("好.jixiao.json", b"{}")]);
    assert!(zip.len() < 100_000, "zeros compress: {} bytes", zip.len());
    let (entries, bytes) = unzip(&zip, "b.zip");
    assert!(entries[0].error.as_deref().unwrap().contains("解压后太大"), "{:?}", entries[0].error);
    assert_eq!(entries[0].size, 0);
    assert_eq!((entries[1].error.as_deref(), entries[1].size), (None, 2));
    assert_eq!(bytes, b"{}");

    let names: Vec<String> = (0..=archive::MAX_ENTRIES).map(|i| format!("{i}.json")).collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    match ask(&Request::Unzip { file_name: "多.zip".into() }, &zip_of(&files)) {
        (Reply::Failed { message }, _) => assert!(message.contains("多.zip") && message.contains("文件太多"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_broken_zip_is_one_plain_message() {
    let mut zip = zip_of(&[("a.jixiao.json", b"{}")]);
    zip.truncate(zip.len() / 2);
    for bytes in [&zip[..], b"Rar!\x1a\x07\x00 not a zip", b""] {
        match ask(&Request::Unzip { file_name: "坏.zip".into() }, bytes) {
            (Reply::Failed { message }, _) => {
                assert!(message.starts_with("无法打开压缩包“坏.zip”：不是有效的 .zip 压缩包"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
}

/// Reads the summary workbook with openpyxl: every cell (value, Python type, number format),
/// the header's boldness, the frozen pane, the autofilter and the column widths.
const READER: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = []
for row in ws.iter_rows():
    rows.append([{"t": ("n" if isinstance(c.value, (int, float)) else "s" if isinstance(c.value, str) else "none"),
                  "v": (repr(c.value) if isinstance(c.value, (int, float)) else c.value),
                  "fmt": c.number_format, "bold": bool(c.font.b)} for c in row])
print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref,
                  "widths": {k: v.width for k, v in ws.column_dimensions.items()}}, ensure_ascii=False))
"#;

#[test]
fn the_summary_xlsx_has_the_csvs_columns_with_numbers_as_numbers() {
    let good = sample();
    let mut inflated = sample();
    let computed = jixiao::assess(&inflated).scorecard.total;
    inflated.claimed.total = Some(computed + Decimal::from(7));
    inflated.header.implementer = "虚报, 单位 \"甲\"".into();
    let mut blank = sample();
    blank.header.name.clear();
    blank.claimed.total = None;
    let rows: Vec<SummaryRow> =
        vec![SummaryRow::of("好.jixiao.json", &good), SummaryRow::of("批次.zip/虚报.xlsx", &inflated), SummaryRow::of("空.json", &blank)];
    let (reply, file) = ask(&Request::SummaryXlsx, &review::to_json_bytes(&rows));
    assert_eq!(reply, Reply::File);
    let dir = std::env::temp_dir().join(format!("jixiao-review-xlsx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(review::xlsx::FILE_NAME);
    std::fs::write(&path, &file).unwrap();
    let out = Command::new("python3").args(["-c", READER]).arg(&path).output().expect("python3 (scripts/setup.sh: jixiao_test_python)");
    assert!(out.status.success(), "openpyxl: {}", String::from_utf8_lossy(&out.stderr));
    let sheet: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sheet["sheets"][0], review::xlsx::SHEET);
    let table = sheet["rows"].as_array().unwrap();
    assert_eq!(table.len(), rows.len() + 1);
    let header: Vec<&str> = table[0].as_array().unwrap().iter().map(|c| c["v"].as_str().unwrap()).collect();
    assert_eq!(header, review::COLUMNS);
    assert!(table[0].as_array().unwrap().iter().all(|c| c["bold"] == true));
    assert_eq!(sheet["freeze"], "A2");
    assert_eq!(sheet["filter"], format!("A1:O{}", rows.len() + 1));
    // Every column has a width, the text columns wider than their heading.
    // Widths fit the contents (openpyxl groups neighbouring columns of one width under the first).
    let width = |c: &str| sheet["widths"][c].as_f64().unwrap_or_else(|| panic!("width of {c}: {}", sheet["widths"]));
    assert!(width("A") > 8.43 && width("B") > width("D") && width("O") > width("M"));

    let num = |c: &Value| -> Decimal {
        assert_eq!(c["t"], "n", "a number: {c}");
        c["v"].as_str().unwrap().parse::<Decimal>().unwrap_or_else(|_| Decimal::from_scientific(c["v"].as_str().unwrap()).unwrap())
    };
    for (row, line) in rows.iter().zip(&table[1..]) {
        let cells = row.cells();
        let line = line.as_array().unwrap();
        for (c, text) in cells.iter().enumerate() {
            let cell = &line[c];
            let figure = match c {
                4 => Some((row.budget_full, None)),
                5 => Some((row.executed, None)),
                6 => Some((row.execution_rate.map(|r| r / Decimal::ONE_HUNDRED), None)),
                7 => Some((row.claimed_total, Some(row.decimals))),
                8 => Some((row.computed_total, Some(row.decimals))),
                9 => Some((row.difference, Some(row.decimals))),
                12 => Some((Some(Decimal::from(row.errors as u64)), None)),
                13 => Some((Some(Decimal::from(row.warnings as u64)), None)),
                _ => None,
            };
            match figure {
                Some((Some(v), _)) => assert_eq!(num(cell).normalize(), v.normalize(), "{} of {}", review::COLUMNS[c], row.file),
                Some((None, _)) => assert_eq!(cell["t"], "none", "{} of {} is blank", review::COLUMNS[c], row.file),
                None if text.is_empty() => assert!(cell["t"] == "none" || cell["v"] == "", "{c}: {cell}"),
                None => assert_eq!(cell["v"].as_str().unwrap(), text, "{} of {}", review::COLUMNS[c], row.file),
            }
        }
        let places = "0".repeat(row.decimals as usize);
        assert_eq!(line[4]["fmt"], "#,##0.00##");
        assert_eq!(line[6]["fmt"], format!("0.{places}%"));
        assert_eq!(line[8]["fmt"], format!("0.{places}"));
        assert_eq!(line[9]["fmt"], format!("+0.{places};-0.{places};0.{places}"));
    }
    assert_eq!(table[2][1]["v"], "虚报, 单位 \"甲\"");
    assert!(num(&table[2][9]) > Decimal::ZERO);
}

/// The text of a .docx's document part: every w:t, unescaped.
fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap().read_to_string(&mut xml).unwrap();
    let mut out = String::new();
    let mut rest = xml.as_str();
    while let Some(at) = rest.find("<w:t") {
        let after = &rest[at + 4..];
        if !after.starts_with('>') && !after.starts_with(' ') {
            rest = after;
            continue;
        }
        let start = after.find('>').unwrap() + 1;
        let end = after.find("</w:t>").unwrap();
        out.push_str(&after[start..end]);
        rest = &after[end..];
    }
    unescape(&out)
}

/// The text of an HTML document's body (tags dropped, entities unescaped).
fn html_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..html.find("</body>").unwrap()];
    let mut out = String::new();
    let mut inside = false;
    for c in body.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_docx_letter_says_what_the_html_letter_says() {
    let mut inflated = sample();
    let computed = jixiao::assess(&inflated).scorecard.total;
    inflated.claimed.total = Some(computed + Decimal::from(5));
    let mut b = Batch::new();
    b.add("批次.zip/东川/养老.jixiao.json", b"x", Ok(inflated));
    b.add("好.jixiao.json", b"y", Ok(sample()));
    b.add("坏.jixiao.json", b"{", Err("不是有效的草稿文件".into()));
    b.submissions[0].opinion = "原报自评分偏高，<请>核减 & 说明。\n第二行".into();
    b.submissions[0].reviewed = true;
    for sub in &b.submissions {
        let (reply, file) = ask(&Request::OpinionDocx, &review::to_json_bytes(sub));
        assert_eq!(reply, Reply::File, "{}", sub.file);
        let word = squeeze(&docx_text(&file));
        let html = squeeze(&html_text(&review::opinion::render(sub)));
        assert_eq!(word, html, "the .docx and the HTML letter of {}", sub.file);
        // The structure is what both show.
        assert_eq!(squeeze(&review::opinion::document(sub).texts().concat()), html);
        assert!(html.contains("审核意见书") && html.contains(&squeeze(&sub.file)));
    }
    let first = squeeze(&docx_text(&ask(&Request::OpinionDocx, &review::to_json_bytes(&b.submissions[0])).1));
    assert!(first.contains("原报自评分偏高，<请>核减&说明。第二行") && first.contains("原报自评分高于计算得分"));
    assert!(first.contains("审核状态：已审"));
    for f in jixiao::assess(b.submissions[0].evaluation.as_ref().unwrap()).findings.iter().filter(|f| f.severity != jixiao::reconcile::Severity::Info) {
        assert!(first.contains(&squeeze(&f.message())), "finding {}", f.code);
    }
    assert_eq!(review::opinion::docx_file_name(&b.submissions[2]), "审核意见书-坏.docx");
}

/// "自评表" in GBK, as a zip made by a Chinese Windows stores it (no UTF-8 flag).
const GBK_NAME: [u8; 6] = [0xD7, 0xD4, 0xC6, 0xC0, 0xB1, 0xED];

/// Replaces every `from` in `bytes` with `to` (same length): a file name in both of a zip's
/// headers (names are outside the CRC).
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut n = 0;
    for i in 0..=bytes.len() - from.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            n += 1;
        }
    }
    n
}

#[test]
fn a_name_not_in_utf8_is_handed_over_as_bytes_for_the_browsers_gbk_decoder() {
    // "单位" in GBK.
    let unit = [0xB5, 0xA5, 0xCE, 0xBB];
    let mut zip = zip_of(&[("YYYY/XXXXXX.jixiao.json", b"{}"), ("ascii.json", b"[]")]);
    assert_eq!(patch(&mut zip, b"XXXXXX", &GBK_NAME), 2, "the local and the central header");
    assert_eq!(patch(&mut zip, b"YYYY", &unit), 2);
    let (entries, bytes) = unzip(&zip, "w.zip");
    let raw = entries[0].legacy_name.as_deref().expect("bytes for the GBK decoder");
    assert_eq!(raw, [&unit[..], b"/", &GBK_NAME, b".jixiao.json"].concat());
    assert_eq!(entries[0].error, None);
    assert_eq!(entries[1].legacy_name, None);
    assert_eq!(entries[1].name, "ascii.json");
    assert_eq!(bytes, b"{}[]");
}

#[test]
fn a_zip_whose_headers_understate_a_files_size_does_not_get_past_the_limit() {
    let big = vec![b' '; archive::MAX_ENTRY_BYTES as usize + 4096];
    let mut zip = zip_of(&[("小.jixiao.json", &big)]);
    // The uncompressed size says 100 bytes in both headers (local: offset 22, central: 24).
    for (sig, at) in [(&b"PK\x03\x04"[..], 22usize), (&b"PK\x01\x02"[..], 24)] {
        let k = zip.windows(4).position(|w| w == sig).unwrap();
        zip[k + at..k + at + 4].copy_from_slice(&100u32.to_le_bytes());
    }
    let (entries, bytes) = unzip(&zip, "谎报.zip");
    assert_eq!(entries.len(), 1);
    let message = entries[0].error.as_deref().expect("refused");
    assert!(message.contains("无法解压") || message.contains("太大"), "{message}");
    assert!(!message.chars().any(|c| c.is_ascii_alphabetic()), "plain Chinese: {message}");
    assert_eq!(entries[0].size, 0);
    assert!(bytes.is_empty());
}
