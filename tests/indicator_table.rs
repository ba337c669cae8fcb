//! 指标表读取 (jixiao::indicator_table): a grid of cell texts → indicator rows, as the paste
//! and a future workbook importer read it — bands, rows not recognised, ×100 warnings.

use std::str::FromStr;

use jixiao::indicator_table::{parse_band, read_table, split_tsv, PasteColumn, PastePreview};
use jixiao::model::{IndicatorNature, QualitativeBand};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

fn read(tsv: &str) -> PastePreview {
    read_table(&split_tsv(tsv))
}

#[test]
fn bands_are_read_from_their_words_and_the_short_forms() {
    for (text, band) in [
        ("达成年度指标", Some(QualitativeBand::Achieved)),
        ("达成预期指标", Some(QualitativeBand::Achieved)),
        ("已达成", Some(QualitativeBand::Achieved)),
        ("全部达成", Some(QualitativeBand::Achieved)),
        ("部分达成并具有一定效果", Some(QualitativeBand::Partial)),
        ("部分达成", Some(QualitativeBand::Partial)),
        ("基本达成", Some(QualitativeBand::Partial)),
        ("未达成且效果较差", Some(QualitativeBand::Failed)),
        ("未达成", Some(QualitativeBand::Failed)),
        ("未完成", Some(QualitativeBand::Failed)),
        (" 达成 年度指标 ", Some(QualitativeBand::Achieved)),
        ("效果明显", None),
        ("按时发放", None),
        ("", None),
    ] {
        assert_eq!(parse_band(text), band, "{text:?}");
    }
}

#[test]
fn a_grid_of_cells_reads_bands_and_band_scores() {
    // A workbook's sheet, as an importer would hand it over: the header row, merged 一级/二级
    // cells blank below their first row.
    let p = read_table(&grid(&[
        &["一级指标", "二级指标", "三级指标", "指标性质", "年度指标值", "实际完成值", "分值", "得分"],
        &["效益指标", "社会效益指标", "老有所养", "定性", "逐步解决", "达成年度指标", "10", "9"],
        &["", "", "群众认可", "定性", "明显提高", "未达成，群众意见较多", "10", "3"],
        &["", "", "宣传到位", "定性", "全覆盖", "效果明显", "10", ""],
    ]));
    assert!(p.matched_by_header);
    let rows: Vec<_> = p.rows.iter().map(|r| r.indicator.clone().unwrap()).collect();
    assert_eq!((rows[0].band, rows[0].band_score, rows[0].actual_text.as_str()), (Some(QualitativeBand::Achieved), Some(d("9")), ""));
    // Words beyond the band's own are kept as the actual's text.
    assert_eq!((rows[1].band, rows[1].band_score), (Some(QualitativeBand::Failed), Some(d("3"))));
    assert_eq!(rows[1].actual_text, "未达成，群众意见较多");
    // Text that names no band stays text (the row then asks for a band).
    assert_eq!((rows[2].band, rows[2].actual_text.as_str()), (None, "效果明显"));
    assert!(p.rows.iter().all(|r| r.is_recognised() && r.problems.is_empty()));
}

#[test]
fn a_band_makes_a_row_of_unstated_nature_qualitative() {
    // The national 8-column layout has no 指标性质: a band in 实际完成值 says 定性.
    let p = read("产出指标\t时效指标\t按时发放\t每月25日前\t达成年度指标\t5\t5\t\n");
    let r = p.rows[0].indicator.as_ref().unwrap();
    assert_eq!((r.nature, r.band, r.band_score), (IndicatorNature::Qualitative, Some(QualitativeBand::Achieved), Some(d("5"))));
    assert_eq!(r.target_text, "每月25日前");
    assert!(p.rows[0].problems.is_empty(), "{:?}", p.rows[0].problems);
}

#[test]
fn garbage_rows_are_flagged_with_the_reason() {
    // Lines of prose: one column, no header.
    let p = read("本项目于2019年实施\n资金到位及时\n");
    assert_eq!(p.unrecognised_count(), 2);
    assert!(p.rows[0].unrecognised.as_deref().unwrap().contains("只有 1 列"), "{:?}", p.rows[0].unrecognised);
    // Three columns of text without a header: looks like 一级 › 二级 › 三级, but nothing
    // in it reads as an indicator's.
    let p = read("姓名\t年龄\t地址\n张三\t三十\t北京\n");
    assert_eq!(p.unrecognised_count(), 2);
    assert!(p.rows[1].unrecognised.as_deref().unwrap().contains("没有表头"), "{:?}", p.rows[1].unrecognised);
    // A full row of text in the 9-column layout: unreadable cells and no number at all.
    let p = read("甲\t乙\t丙\t丁\t戊\t己\t庚\t辛\t壬\n");
    assert_eq!(p.unrecognised_count(), 1);
    // Its cell problems are not counted as problems of rows to insert.
    assert_eq!(p.problem_count(), 0);
    // A 合计 row under a header: a 一级 label with nothing under it.
    let p = read("一级指标\t三级指标\t分值\n产出指标\t甲\t10\n合计\t\t100\n");
    assert_eq!(p.rows.iter().map(|r| r.is_recognised()).collect::<Vec<_>>(), [true, false]);
    assert!(p.rows[1].unrecognised.as_deref().unwrap().contains("其下也没有三级指标"));
    // A header without a 三级 column.
    let p = read("一级指标\t二级指标\n产出指标\t数量指标\n");
    assert!(p.rows[0].unrecognised.as_deref().unwrap().contains("没有三级指标"), "{:?}", p.rows[0].unrecognised);
}

#[test]
fn real_rows_are_recognised() {
    // By position, with numbers; a heading on its own line above its rows; a row of names
    // only under a header (the structure, to be filled in later).
    let p = read("产出指标\t质量指标\t合格率\t≥\t95\t%\t97\t10\t\n");
    assert_eq!(p.unrecognised_count(), 0);
    let p = read("一级指标\t二级指标\t三级指标\t分值\n产出指标\t\t\t\n\t数量指标\t\t\n\t\t甲\t5\n");
    assert_eq!(p.unrecognised_count(), 0, "{:?}", p.rows);
    let p = read("一级指标\t二级指标\t三级指标\n产出指标\t数量指标\t甲\n\t\t乙\n");
    assert_eq!(p.unrecognised_count(), 0);
}

#[test]
fn a_percent_written_as_a_fraction_is_warned_on_its_row() {
    let p = read(
        "三级指标\t年度指标值\t度量单位\t实际完成值\t分值\n\
         甲\t≥95%\t\t0.97\t5\n\
         乙\t0.95\t%\t97\t5\n\
         丙\t95\t%\t97\t5\n\
         丁\t0.95\t\t0.97\t5\n\
         戊\t100\t人\t1\t5\n",
    );
    let warned: Vec<usize> = p.rows.iter().map(|r| r.warnings.len()).collect();
    assert_eq!(warned, [1, 1, 0, 0, 0]);
    let w = &p.rows[0].warnings[0];
    assert_eq!((w.column, w.text.as_str()), (PasteColumn::Actual, "0.97"));
    assert!(w.message.contains("约百分之一") && w.message.contains("改填 97"), "{}", w.message);
    assert!(p.rows[1].warnings[0].message.contains("100 倍"), "{}", p.rows[1].warnings[0].message);
    // Kept as read.
    assert_eq!(p.rows[0].indicator.as_ref().unwrap().actual, Some(d("0.97")));
    // A warning is not a cell that cannot be read.
    assert_eq!(p.problem_count(), 0);
}

/// What a workbook's sheet needs of the reader (issue 17): headings with suffixes and points,
/// "/" for an empty cell, ﹦ for equals, 完成值 | 权重 | 未完成原因分析 (Sichuan).
#[test]
fn workbook_headings_slashes_and_small_equals() {
    let p = read_table(&grid(&[
        &["一级指标", "二级指标", "三级指标", "年度指标值（A）", "完成值（B）", "权重", "得分", "未完成原因分析"],
        &["产出指标(50分)", "数量指标（20分）", "培训人数", "≥50人", "52", "20", "20", "/"],
        &["", "质量指标", "合格率", "﹦100%", "/", "30", "/", "未验收"],
    ]));
    assert!(p.matched_by_header && p.problems.is_empty(), "{:?}", p.problems);
    assert_eq!(p.columns[4], PasteColumn::Actual);
    assert_eq!(p.columns[5], PasteColumn::Weight);
    assert_eq!(p.columns[7], PasteColumn::Deviation);
    assert_eq!((p.rows[0].level1.as_str(), p.rows[0].level2.as_str()), ("产出指标", "数量指标"));
    assert_eq!(p.rows[1].level1, "产出指标");
    assert_eq!(jixiao::indicator_table::heading_points("产出指标(50分)"), Some(d("50")));
    assert_eq!(jixiao::indicator_table::heading_points("效益指标（30.5分）"), Some(d("30.5")));
    assert_eq!(jixiao::indicator_table::heading_points("产出指标(数量)"), None);
    assert_eq!(jixiao::indicator_table::heading_name("产出指标(数量)"), "产出指标(数量)");
    let a = p.rows[0].indicator.as_ref().unwrap();
    assert_eq!((a.nature, a.target, a.unit.as_str(), a.actual), (IndicatorNature::AtLeast, Some(d("50")), "人", Some(d("52"))));
    assert_eq!(a.deviation, "");
    let b = p.rows[1].indicator.as_ref().unwrap();
    assert_eq!((b.nature, b.target, b.unit.as_str()), (IndicatorNature::Equal, Some(d("100")), "%"));
    assert_eq!((b.actual, b.claimed_score), (None, None));
    assert!(p.rows[1].unreadable.is_empty() && p.rows[1].problems.is_empty(), "{:?}", p.rows[1].problems);
    assert_eq!(b.deviation, "未验收");
}
