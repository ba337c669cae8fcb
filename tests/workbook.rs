//! Importing a filled 自评表 workbook (issue 17): the test workbooks of each layout
//! (tests/fixtures/workbooks/, written by make.py from the real forms in tests/fixtures/real/)
//! give the right figures, cells and findings; bad files get a plain message.

use std::io::{Cursor, Write};
use std::str::FromStr;

use jixiao::workbook::{import_workbook, Imported, Layout};
use jixiao::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/workbooks/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn import(name: &str) -> Imported {
    import_workbook(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn d(s: &str) -> Option<Decimal> {
    Some(Decimal::from_str(s).unwrap())
}

/// (code, path) of every finding, as `jixiao check` gives them for the opened draft.
fn findings(e: &Evaluation) -> Vec<(String, String)> {
    jixiao::editor::assess_opened(e).findings.iter().map(|f| (f.code.to_string(), f.path.clone())).collect()
}

fn codes(e: &Evaluation) -> Vec<String> {
    findings(e).into_iter().map(|(c, _)| c).collect()
}

fn scored<'a>(e: &'a Evaluation, name: &str) -> &'a Indicator {
    e.indicators.iter().find(|i| i.level == 3 && i.name == name).unwrap_or_else(|| panic!("no row {name}"))
}

fn cell_of<'a>(im: &'a Imported, path: &str) -> &'a str {
    im.read.iter().find(|r| r.path == path).map(|r| r.cell.as_str()).unwrap_or_else(|| panic!("{path} not read"))
}

#[test]
fn national_xlsx_reads_every_block_with_its_cells() {
    let im = import("national.xlsx");
    let e = &im.evaluation;
    // The 自评表 sheet is found by name although a 说明 sheet comes first.
    assert_eq!(im.sheet, "自评表");
    assert_eq!(im.layout, Some(Layout::National2020));
    assert_eq!(e.header.name, "办公宿舍楼、食堂及餐厅暖通改造经费");
    assert_eq!(e.header.year, "2019");
    assert_eq!(e.header.department, "廊坊市发改委");
    assert_eq!(e.header.implementer, "廊坊市食品工程学校");
    assert_eq!(e.header.money_unit, MoneyUnit::TenThousandYuan);
    // Numbers exact: 37.24 as written, not 37.2399999….
    assert_eq!(e.funds.total.executed, d("37.24"));
    assert_eq!(e.funds.total.budget_full, d("43.2"));
    assert_eq!(e.funds.sources.len(), 3);
    assert_eq!(e.funds.sources[0].source, FundsSource::CurrentAppropriation);
    assert_eq!(e.funds.sources[0].amounts.executed, d("37.24"));
    // "/" is empty.
    assert_eq!(e.funds.sources[1].amounts, FundsAmounts::default());
    assert_eq!(e.rules.budget_weight, Decimal::from(10));
    assert_eq!(e.claimed.execution_rate, d("86"));
    assert_eq!(e.claimed.budget_score, d("9"));
    assert_eq!(e.claimed.grade, Some(Grade::Excellent));
    assert!(e.goals.annual.starts_with("完成办公宿舍楼"));
    assert!(e.goals.achieved.starts_with("改造已完工"));
    // Headings with points lose them; 9 scored rows under 3 + 8 headings.
    let l1: Vec<&str> = e.indicators.iter().filter(|i| i.level == 1).map(|i| i.name.as_str()).collect();
    assert_eq!(l1, ["产出指标", "效益指标", "满意度指标"]);
    // …and their points are the headings' 分值 (which reconciliation checks against the rows).
    let l1_weights: Vec<Option<Decimal>> = e.indicators.iter().filter(|i| i.level == 1).map(|i| i.weight).collect();
    assert_eq!(l1_weights, [d("50"), d("30"), d("10")]);
    assert_eq!(cell_of(&im, "indicators.i1.weight"), "自评表!B13");
    assert_eq!(e.indicators.iter().filter(|i| i.level == 3).count(), 9);
    assert_eq!(e.indicators.iter().filter(|i| i.level == 2).count(), 8);
    // Combined value ≥43.2万元: direction, target, unit; (A)/(B) headings matched.
    let first = scored(e, "工程资金金额");
    assert_eq!(first.nature, IndicatorNature::AtLeast);
    assert_eq!((first.target, first.unit.as_str(), first.actual), (d("43.2"), "万元", d("37.24")));
    assert_eq!((first.weight, first.claimed_score), (d("10"), d("9")));
    assert!(first.deviation.starts_with("已完工"));
    let rate = scored(e, "工程完工率");
    assert_eq!((rate.target, rate.unit.as_str(), rate.actual), (d("100"), "%", d("100")));
    assert_eq!(rate.deviation, "", "“/” is empty");
    // Provenance: path → cell → text, and the same map in the evaluation.
    assert_eq!(cell_of(&im, "funds.total.executed"), "自评表!E6");
    assert_eq!(cell_of(&im, "header.name"), "自评表!C3");
    assert_eq!(cell_of(&im, &format!("indicators.{}.claimed_score", first.id)), "自评表!H13");
    let read = im.read.iter().find(|r| r.path == "funds.total.executed").unwrap();
    assert_eq!(read.text, "37.24");
    assert_eq!(e.source_cells.get("funds.total.executed").map(String::as_str), Some("自评表!E6"));
    // 总分 is a formula openpyxl stored without a value: blank, and said so.
    assert_eq!(e.claimed.total, None);
    assert_eq!(im.notes.len(), 1);
    assert!(im.notes[0].contains("自评表!H22") && im.notes[0].contains("没有保存"), "{:?}", im.notes);
    assert!(im.unrecognised.is_empty(), "{:?}", im.unrecognised);
    // No finding: the low execution rate (86.2 %) is explained in the 工程资金金额 row's 偏差原因
    // (the national form has no 执行率说明 cell; issue 16 class 7).
    assert!(codes(e).is_empty(), "{:?}", codes(e));
    let a = jixiao::assess(e);
    assert_eq!(a.scorecard.total, Decimal::from_str("97.24").unwrap());
}

#[test]
fn ods_and_xls_read_the_same_with_the_formulas_stored_values() {
    let x = import("national.xlsx");
    for name in ["national.ods", "national.xls"] {
        let im = import(name);
        let e = &im.evaluation;
        assert_eq!(im.layout, Some(Layout::National2020), "{name}");
        // LibreOffice stored the formula's result: 9 + 89 = 98, the unit's claimed total,
        // which reconciliation finds above the computed 97.24.
        assert_eq!(e.claimed.total, d("98"), "{name}");
        assert!(im.notes.is_empty(), "{name}: {:?}", im.notes);
        assert_eq!(cell_of(&im, "claimed.total"), "自评表!H22");
        assert_eq!(codes(e), ["CLAIMED_TOTAL_MISMATCH"], "{name}");
        // Everything else as from the .xlsx.
        let mut same = e.clone();
        same.claimed.total = None;
        same.source_cells.remove("claimed.total");
        assert_eq!(same, x.evaluation, "{name}");
    }
}

#[test]
fn yunnan_two_row_header_and_small_equals() {
    let im = import("yunnan.xlsx");
    let e = &im.evaluation;
    assert_eq!(im.layout, Some(Layout::Yunnan));
    // A Yunnan form opens under the Yunnan preset (issue 16).
    assert_eq!(e.rules.preset, RulePreset::Yunnan);
    assert_eq!(im.sheet, "附件2-项目支出绩效自评表");
    assert_eq!(e.header.year, "2020");
    assert_eq!(e.funds.total.budget_full, d("7.29"));
    let funds = scored(e, "卫片执法补助经费");
    // ﹦ in 指标性质 is equals; 指标值 and 度量单位 from the second header row.
    assert_eq!(funds.nature, IndicatorNature::Equal);
    assert_eq!((funds.target, funds.unit.as_str(), funds.actual), (d("72890"), "元", d("72890")));
    assert_eq!((funds.weight, funds.claimed_score), (d("10"), d("9")));
    assert_eq!(scored(e, "违法行为责停率").nature, IndicatorNature::AtLeast);
    // 执行率 stored as 1 in a percentage-formatted cell: read as 100 %, with a note.
    assert_eq!(e.claimed.execution_rate, d("100"));
    assert!(im.notes.iter().any(|n| n.contains("!H6") && n.contains("100%")), "{:?}", im.notes);
    // The real form's findings (tests/fixtures/real/yunnan-lijiang-2020-weipian.expected.json).
    let id = |name: &str| scored(e, name).id.clone();
    let expected: Vec<(String, String)> = [
        ("CLAIMED_INDICATOR_SCORE_MISMATCH", "卫片执法补助经费"),
        ("CLAIMED_INDICATOR_SCORE_MISMATCH", "项目验收合格率"),
        ("CLAIMED_INDICATOR_SCORE_MISMATCH", "项目完成及时率"),
        ("CLAIMED_INDICATOR_SCORE_MISMATCH", "违法行为责停率"),
        ("CLAIMED_SCORE_MISSING", "满意度"),
    ]
    .iter()
    .map(|(c, n)| (c.to_string(), format!("indicators.{}.claimed_score", id(n))))
    .collect();
    assert_eq!(findings(e), expected);
    // A finding's cell: the claimed score of 卫片执法补助经费 was read from I14.
    assert_eq!(e.source_cells.get(&expected[0].1).map(String::as_str), Some("附件2-项目支出绩效自评表!I14"));
}

#[test]
fn sichuan_columns_and_closing_rows() {
    let im = import("sichuan.xlsx");
    let e = &im.evaluation;
    assert_eq!(im.layout, Some(Layout::Sichuan));
    assert_eq!(e.rules.preset, RulePreset::TenNinety);
    // 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分
    assert_eq!(e.funds.total.budget_initial, d("0"));
    assert_eq!(e.funds.total.budget_full, d("3.36"));
    assert_eq!(e.funds.total.executed, d("3.36"));
    assert_eq!(e.claimed.execution_rate, d("100.00"));
    assert_eq!(e.claimed.budget_score, d("10"));
    let names: Vec<&str> = e.funds.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["财政资金", "财政专户管理资金", "单位资金"]);
    let row = scored(e, "完成安可产品购买并按要求支付资金");
    assert_eq!((row.nature, row.target, row.unit.as_str()), (IndicatorNature::Equal, d("100"), "%"));
    assert_eq!((row.actual, row.weight), (None, None));
    assert_eq!(e.narrative.get(&NarrativeSection::SummaryConclusion).map(String::as_str), Some("项目按计划完成，资金全部支付。"));
    assert_eq!(e.narrative.get(&NarrativeSection::Problems).map(String::as_str), Some("绩效指标设置不够细化。"));
    assert_eq!(e.narrative.get(&NarrativeSection::Suggestions).map(String::as_str), Some("细化绩效指标，加强跟踪监控。"));
    assert_eq!((e.header.contact.as_str(), e.header.report_date.as_str()), ("王晓东", "2024年3月15日"));
    assert_eq!(cell_of(&im, "header.report_date"), "项目支出绩效自评表!E19");
    assert!(im.unrecognised.is_empty(), "{:?}", im.unrecognised);
    // The real form's findings (sichuan-daying-2023-anke.expected.json).
    assert_eq!(codes(e), ["ACTUAL_MISSING", "WEIGHT_MISSING", "WEIGHT_TOTAL", "WEIGHT_STANDARD_SPLIT"]);
}

#[test]
fn numbers_are_the_shortest_decimal_of_the_double() {
    use jixiao::workbook::grid::float_text;
    assert_eq!(float_text(371.16), "371.16");
    assert_eq!(float_text(0.1 + 0.2), "0.30000000000000004");
    assert_eq!(float_text(100.0), "100");
    assert_eq!(float_text(1e-7), "0.0000001");
    assert_eq!(float_text(f64::NAN), "");
}

#[test]
fn exact_numbers_and_what_was_not_recognised() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    let rows: [&[&str]; 6] = [
        &["项目名称", "城乡居民社会养老保险区级配套"],
        &["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"],
        &["年度资金总额"],
        &["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        &["产出指标", "数量指标", "参保人数", "≥16万人", "16.8万人", "50", "50"],
        &["效益指标"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    for c in 1..=3 {
        ws.write_number(2, c, 371.16).unwrap();
    }
    ws.write_string(7, 0, "备注：资金已全部拨付").unwrap();
    let im = import_workbook(&ws_bytes(&mut wb), "养老.xlsx").unwrap();
    let e = &im.evaluation;
    // The double 371.16 is 371.159999999999968…: read as the decimal it reads back from.
    assert_eq!(e.funds.total.executed, d("371.16"));
    assert_eq!(e.funds.total.budget_initial, d("371.16"));
    let read = im.read.iter().find(|r| r.path == "funds.total.executed").unwrap();
    assert_eq!((read.cell.as_str(), read.text.as_str()), ("自评表!D3", "371.16"));
    let row = scored(e, "参保人数");
    assert_eq!((row.target, row.unit.as_str(), row.actual), (d("16"), "万人", d("16.8")));
    // A heading with nothing under it, and a note outside every block: listed with their cells.
    let listed: Vec<(&str, &str)> = im.unrecognised.iter().map(|u| (u.cell.as_str(), u.text.as_str())).collect();
    assert_eq!(listed, [("自评表!A6", "效益指标"), ("自评表!A8", "备注：资金已全部拨付")]);
    assert!(im.unrecognised[0].reason.contains("没有三级指标"), "{:?}", im.unrecognised[0]);
    assert!(im.unrecognised[1].reason.contains("不在已识别的区块"), "{:?}", im.unrecognised[1]);
    assert_eq!(im.layout, Some(Layout::National2020));
}

#[test]
fn a_heading_row_s_figures_are_the_heading_s() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    let rows: [&[&str]; 5] = [
        &["项目名称", "测试项目"],
        &["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        &["产出指标", "", "", "", "", "50", "48"],
        &["", "数量指标", "培训人数", "≥50人", "52", "30", "30"],
        &["", "", "合格率", "≥90%", "95%", "20", "20"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    let im = import_workbook(&ws_bytes(&mut wb), "小计.xlsx").unwrap();
    let e = &im.evaluation;
    let h = &e.indicators[0];
    assert_eq!((h.level, h.name.as_str(), h.weight, h.claimed_score), (1, "产出指标", d("50"), d("48")));
    assert_eq!(cell_of(&im, &format!("indicators.{}.claimed_score", h.id)), "自评表!G3");
    // The claimed subtotal 48 disagrees with its rows' 30 + 20: reconciliation says so.
    assert!(findings(e).contains(&("CLAIMED_SUBTOTAL_MISMATCH".to_string(), format!("indicators.{}.claimed_score", h.id))), "{:?}", findings(e));
}

fn ws_bytes(wb: &mut rust_xlsxwriter::Workbook) -> Vec<u8> {
    wb.save_to_buffer().unwrap()
}

// ---- bad files --------------------------------------------------------------------------

fn refused(bytes: &[u8], name: &str) -> String {
    match import_workbook(bytes, name) {
        Ok(im) => panic!("{name} was imported: {:?}", im.sheet),
        Err(e) => e.message,
    }
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The parts of a fixture's zip, to rebuild it with one part changed.
fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut v).unwrap();
            (f.name().unwrap().to_string(), v)
        })
        .collect()
}

#[test]
fn not_a_workbook() {
    let m = refused("项目名称,年度\n".as_bytes(), "自评表.csv");
    assert!(m.contains("不是 Excel 工作簿") && m.contains("粘贴"), "{m}");
    let m = refused(b"", "空.xlsx");
    assert!(m.contains("空文件"), "{m}");
    let m = refused(&zip_of(&[("word/document.xml", b"<w:document/>")]), "报告.docx");
    assert!(m.contains("Word 文档"), "{m}");
    // A truncated workbook is damaged, not a panic.
    let x = fixture("national.xlsx");
    let m = refused(&x[..x.len() / 2], "national.xlsx");
    assert!(m.contains("已损坏"), "{m}");
}

#[test]
fn encrypted_workbook() {
    // An encrypted .xlsx is an OLE compound file with EncryptionInfo / EncryptedPackage streams.
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(512, 0);
    for name in ["EncryptionInfo", "EncryptedPackage"] {
        cfb.extend(name.encode_utf16().flat_map(|u| u.to_le_bytes()));
        cfb.resize(cfb.len() + 64, 0);
    }
    let m = refused(&cfb, "加密.xlsx");
    assert!(m.contains("密码") && m.contains("加密.xlsx"), "{m}");
}

#[test]
fn wps_et_file_is_asked_to_be_saved_as_xlsx() {
    let m = refused(&fixture("national.xls"), "自评表.et");
    assert!(m.contains("WPS") && m.contains(".xlsx"), "{m}");
}

#[test]
fn no_self_evaluation_sheet() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("收支表").unwrap();
    ws.write_string(0, 0, "收入").unwrap();
    ws.write_number(0, 1, 12.5).unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let m = refused(&bytes, "收支.xlsx");
    assert!(m.contains("没有找到自评表") && m.contains("收支表"), "{m}");
}

#[test]
fn zip_bomb_is_refused_before_reading() {
    // 17 MB of zeros (over the 16 MB limit of a part) compresses to some 17 KB.
    let zeros = vec![0u8; 17 * 1024 * 1024];
    let bomb = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", &zeros)]);
    assert!(bomb.len() < 1024 * 1024);
    let m = refused(&bomb, "炸弹.xlsx");
    assert!(m.contains("压缩炸弹"), "{m}");
    // Many parts each under the limit, together over it.
    let part = vec![b' '; 15 * 1024 * 1024];
    let parts: Vec<(String, &[u8])> = (0..4).map(|i| (format!("xl/media/p{i}.bin"), part.as_slice())).collect();
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    let m = refused(&zip_of(&refs), "多部件.xlsx");
    assert!(m.contains("压缩炸弹"), "{m}");
}

#[test]
fn huge_sheet_is_refused() {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("自评表").unwrap();
    ws.write_string(0, 0, "一级指标").unwrap();
    ws.write_string(1_000_000, 200, "x").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let m = refused(&bytes, "大表.xlsx");
    assert!(m.contains("太大") && m.contains("单元格"), "{m}");
}

#[test]
fn huge_ods_sheet_is_refused() {
    // 500 000 repeated rows of 100 repeated filled cells: a 3-kilobyte file calamine would
    // expand to 50 million cells.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="自评表"><table:table-row><table:table-cell office:value-type="string"><text:p>一级指标</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="500000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="100"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let ods = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", content.as_bytes())]);
    let m = refused(&ods, "大表.ods");
    assert!(m.contains("太大") && m.contains("500001 行 × 100 列"), "{m}");
    // LibreOffice's own trailing empty repeats (in national.ods) are no size.
    assert!(import_workbook(&fixture("national.ods"), "national.ods").is_ok());
}

#[test]
fn lying_declared_size_is_refused() {
    // A part that declares 1000 bytes but inflates to 17 MB.
    let zeros = vec![0u8; 17 * 1024 * 1024];
    let mut bomb = zip_of(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", &zeros)]);
    let patch = |bytes: &mut Vec<u8>, sig: &[u8], offset: usize| {
        let mut at = 0;
        while let Some(p) = bytes[at..].windows(4).position(|w| w == sig) {
            let p = at + p;
            bytes[p + offset..p + offset + 4].copy_from_slice(&1000u32.to_le_bytes());
            at = p + 4;
        }
    };
    patch(&mut bomb, b"PK\x03\x04", 22);
    patch(&mut bomb, b"PK\x01\x02", 24);
    let m = refused(&bomb, "谎报.xlsx");
    assert!(m.contains("压缩炸弹") || m.contains("已损坏"), "{m}");
}

#[test]
fn xml_entity_declarations_are_refused() {
    let x = fixture("national.xlsx");
    let mut parts = parts_of(&x);
    let sheet = parts.iter_mut().find(|(n, _)| n.starts_with("xl/worksheets/")).unwrap();
    let text = String::from_utf8(sheet.1.clone()).unwrap();
    let evil = format!("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>{text}");
    sheet.1 = evil.into_bytes();
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let m = refused(&zip_of(&refs), "national.xlsx");
    assert!(m.contains("DOCTYPE") && m.contains("xl/worksheets/"), "{m}");
    // The same parts without the declaration import (the rebuilt zip itself is fine).
    let parts = parts_of(&x);
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    assert!(import_workbook(&zip_of(&refs), "national.xlsx").is_ok());
}

#[test]
fn xls_sheet_outside_its_stream_is_refused() {
    // A BOUNDSHEET record (0x0085) pointing past the workbook stream: calamine 0.38 would
    // slice there unchecked.
    let mut x = fixture("national.xls");
    let at = x.windows(2).position(|w| w == [0x85, 0x00]).filter(|&p| x[p + 2] >= 8).expect("a BOUNDSHEET record");
    assert!(jixiao::workbook::grid::check_container(&x, "national.xls").is_ok());
    x[at + 4..at + 8].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    // Refused by the container check, before calamine reads the file.
    let m = jixiao::workbook::grid::check_container(&x, "national.xls").unwrap_err().message;
    assert!(m.contains("已损坏"), "{m}");
    assert!(refused(&x, "national.xls").contains("已损坏"));
}

proptest! {
    // PROPTEST_CASES=2000 for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48),
        .. ProptestConfig::default()
    })]

    /// Damaged workbooks (bytes changed, truncated) are refused or read, never a panic.
    #[test]
    fn damaged_workbooks_never_panic(
        which in 0usize..5,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let name = ["national.xlsx", "yunnan.xlsx", "sichuan.xlsx", "national.ods", "national.xls"][which];
        let mut bytes = fixture(name);
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if let Some(c) = cut {
            bytes.truncate(c.index(bytes.len()));
        }
        match import_workbook(&bytes, name) {
            Ok(im) => prop_assert!(!im.sheet.is_empty()),
            Err(e) => prop_assert!(!e.message.is_empty()),
        }
    }
}
