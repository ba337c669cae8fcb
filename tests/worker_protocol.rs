//! The file-format module's protocol (src/worker_protocol.rs): what the worker answers, tested
//! natively (the worker binary only moves these messages).

use jixiao::draft;
use jixiao::worker_protocol::{self as protocol, Reply, Request};
use jixiao::workbook::Layout;

fn reply(head: &str) -> Reply {
    protocol::read_reply(head).expect("the reply is JSON of a Reply")
}

fn request(r: &Request) -> String {
    protocol::request_json(r)
}

fn sample_draft() -> Vec<u8> {
    let sample = jixiao::sample::pension_2019();
    draft::to_stored_json(&sample).into_bytes()
}

#[test]
fn requests_are_json_with_their_op() {
    let json = |r: &Request| serde_json::from_str::<serde_json::Value>(&request(r)).unwrap();
    assert_eq!(json(&Request::Import { file_name: "a.xlsx".into() }), serde_json::json!({"op": "import", "file_name": "a.xlsx"}));
    assert_eq!(json(&Request::Export { layout: Layout::Yunnan }), serde_json::json!({"op": "export", "layout": "yunnan"}));
    assert_eq!(json(&Request::Docx), serde_json::json!({"op": "docx"}));
    assert_eq!(json(&Request::Report), serde_json::json!({"op": "report"}));
    // The worker reads what the app writes.
    let (head, _) = protocol::handle(&request(&Request::Import { file_name: "a.et".into() }), b"");
    assert!(matches!(reply(&head), Reply::Failed { message } if message.contains("a.et")));
    assert!(head.starts_with("{\"failed\":"), "externally tagged: {head}");
}

#[test]
fn a_request_that_cannot_be_read_is_refused_in_chinese() {
    let (head, bytes) = protocol::handle("{\"op\":\"format_disk\"}", b"");
    match reply(&head) {
        Reply::Failed { message } => assert!(message.contains("无法识别的请求"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(bytes.is_empty());
}

#[test]
fn a_file_that_is_no_workbook_is_refused_naming_the_file() {
    let head = request(&Request::Import { file_name: "不是表格.xlsx".into() });
    let (head, bytes) = protocol::handle(&head, "这是一个改了扩展名的文本文件".as_bytes());
    match reply(&head) {
        Reply::Failed { message } => assert!(message.starts_with("无法导入“不是表格.xlsx”："), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(bytes.is_empty());
}

#[test]
fn a_wps_et_file_is_told_to_be_saved_as_xlsx() {
    let head = request(&Request::Import { file_name: "自评表.ET".into() });
    let (head, _) = protocol::handle(&head, b"\xD0\xCF\x11\xE0");
    match reply(&head) {
        Reply::Failed { message } => {
            assert!(message.contains("自评表.ET") && message.contains("WPS") && message.contains("另存为") && message.contains(".xlsx"), "{message}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_export_of_a_draft_that_cannot_be_read_says_so() {
    let head = request(&Request::Export { layout: Layout::National2020 });
    let (head, _) = protocol::handle(&head, b"{\"format\": \"jixiao-draft\"");
    match reply(&head) {
        Reply::Failed { message } => assert!(message.starts_with("无法导出 Excel：草稿无法读取"), "{message}"),
        other => panic!("{other:?}"),
    }
}

/// Needs the workbook writer (src/workbook/export.rs).
#[test]
fn the_export_of_the_sample_is_an_xlsx_file_in_each_layout() {
    for layout in Layout::ALL {
        let (head, bytes) = protocol::handle(&request(&Request::Export { layout }), &sample_draft());
        assert_eq!(reply(&head), Reply::File, "{layout:?}");
        assert_eq!(&bytes[..2], b"PK", "{layout:?}: a zip file");
    }
}

/// Needs the .docx writer (src/report/docx.rs).
#[test]
fn the_docx_of_the_sample_is_a_zip_file() {
    let (head, bytes) = protocol::handle(&request(&Request::Docx), &sample_draft());
    assert_eq!(reply(&head), Reply::File);
    assert_eq!(&bytes[..2], b"PK");
}

/// The 报告 tab's report comes from the module: the very file `report::render` writes of the
/// draft (the worker assesses it itself), and a draft it cannot read is refused in Chinese.
#[test]
fn the_report_is_the_html_report_render_writes() {
    let sample = jixiao::sample::pension_2019();
    let (head, bytes) = protocol::handle(&request(&Request::Report), &sample_draft());
    assert_eq!(reply(&head), Reply::File);
    let html = String::from_utf8(bytes).expect("UTF-8");
    assert_eq!(html, jixiao::report::render(&sample));
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..40]);
    let (head, bytes) = protocol::handle(&request(&Request::Report), b"{\"format\":");
    match reply(&head) {
        Reply::Failed { message } => assert!(message.starts_with("无法生成报告：草稿无法读取"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert!(bytes.is_empty());
}

/// The 报告文字 placeholders: one text per narrative section in `NarrativeSection::ALL`'s
/// order, each the report's own default text of that section (the report quotes them where
/// the section is left empty).
#[test]
fn the_default_texts_are_the_reports_own_per_section() {
    use jixiao::model::NarrativeSection;
    let mut sample = jixiao::sample::pension_2019();
    sample.evaluation.narrative.clear();
    let file = draft::to_stored_json(&sample).into_bytes();
    let (head, bytes) = protocol::handle(&request(&Request::DefaultTexts), &file);
    assert!(bytes.is_empty());
    let Reply::Texts(texts) = reply(&head) else { panic!("{head}") };
    assert_eq!(texts.len(), NarrativeSection::ALL.len());
    assert_eq!(texts, protocol::default_texts(&sample.evaluation));
    let report = jixiao::report::render(&sample);
    let written: Vec<&String> = texts.iter().filter(|t| !t.trim().is_empty()).collect();
    assert!(written.len() > 5, "most sections have a default text: {texts:?}");
    for text in written {
        for paragraph in text.lines().filter(|l| !l.trim().is_empty()) {
            let shown = paragraph.replace('「', "“").replace('」', "”");
            assert!(report.contains(&shown) || report.contains(&html_escaped(&shown)), "not in the report: {paragraph}");
        }
    }
    let (head, _) = protocol::handle(&request(&Request::DefaultTexts), b"[]");
    assert!(matches!(reply(&head), Reply::Failed { message } if message.starts_with("无法写出默认文字")), "{head}");
}

fn html_escaped(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Needs the reader and the writer: the export, imported, gives the draft file of the same
/// evaluation back, and the preview says where each figure was read.
#[test]
fn an_exported_workbook_imports_back_through_the_protocol() {
    let (_, xlsx) = protocol::handle(&request(&Request::Export { layout: Layout::National2020 }), &sample_draft());
    let (head, bytes) = protocol::handle(&request(&Request::Import { file_name: "x.xlsx".into() }), &xlsx);
    let Reply::Imported(preview) = reply(&head) else { panic!("{head}") };
    assert_eq!(preview.file_name, "x.xlsx");
    assert_eq!(preview.layout, Some(Layout::National2020));
    assert!(preview.read.iter().all(|r| r.cell.contains('!')), "{:?}", preview.read);
    let loaded = draft::parse(&bytes).expect("the import's evaluation is a draft file");
    let sample = jixiao::sample::pension_2019();
    assert_eq!(loaded.draft.evaluation.funds.total.executed, sample.evaluation.funds.total.executed);
    assert_eq!(loaded.draft.evaluation.header.name, sample.evaluation.header.name);
}

#[test]
fn file_names_and_kinds() {
    let sample = jixiao::sample::pension_2019();
    assert_eq!(protocol::workbook_file_name(&sample.evaluation), "城乡居民社会养老保险区级配套绩效自评表.xlsx");
    let mut blank = sample.evaluation.clone();
    blank.header.name = " a/b ".into();
    assert_eq!(protocol::workbook_file_name(&blank), "a_b绩效自评表.xlsx");
    for name in ["a.xlsx", "B.XLS", "c.ods", "d.et", "e.xlsm"] {
        assert!(protocol::is_workbook_name(name), "{name}");
    }
    for name in ["a.jixiao.json", "b.json", "xlsx", "c.csv"] {
        assert!(!protocol::is_workbook_name(name), "{name}");
    }
    assert!(protocol::is_wps_et("x.Et") && !protocol::is_wps_et("x.xlsx"));
}

/// Needs the reader (src/workbook/read.rs): the browser tests' workbook (the national template
/// as a unit fills it, tests/e2e/fixtures/make-workbooks.py) comes back as a preview naming the
/// cells and an evaluation the app reads as a draft file.
#[test]
fn the_e2e_fixture_imports_through_the_protocol() {
    let xlsx = std::fs::read("tests/e2e/fixtures/national-2020.xlsx").unwrap();
    let (head, bytes) = protocol::handle(&request(&Request::Import { file_name: "national-2020.xlsx".into() }), &xlsx);
    let Reply::Imported(preview) = reply(&head) else { panic!("{head}") };
    assert_eq!(preview.sheet, "自评表");
    assert_eq!(preview.layout, Some(Layout::National2020));
    let name = preview.read.iter().find(|r| r.path == "header.name").expect("项目名称 read");
    assert_eq!((name.cell.as_str(), name.text.as_str()), ("自评表!B3", "城乡居民社会养老保险区级配套"));
    let loaded = draft::parse(&bytes).expect("a draft file");
    let e = &loaded.draft.evaluation;
    assert_eq!(e.header.implementer, "东川区城乡居民社会养老保险局");
    assert_eq!(e.funds.total.executed.map(|d| d.to_string()).as_deref(), Some("371.16"));
    assert_eq!(e.indicators.iter().filter(|i| i.level == 3).count(), 7);
}
