//! The .xlsx export (jixiao::workbook::export_workbook), read back by a reader that is not
//! jixiao's own: openpyxl (Python; scripts/setup.sh's jixiao_test_python installs it). The file
//! is loaded twice, with its formulas and with their stored results (data_only), and every
//! figure is compared with jixiao's own (scoring, Funds::effective_total): the cells are found
//! by the form's words (headings and row labels), never by hard-coded results.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use jixiao::draft;
use jixiao::model::*;
use jixiao::scoring::{self, Scorecard};
use jixiao::workbook::{export_workbook, Layout};
use rust_decimal::Decimal;
use serde_json::Value;

const SAMPLE: &str = "samples/pension-2019.jixiao.json";
const SICHUAN: &str = "tests/fixtures/real/sichuan-qingshen-2023-gongzi.jixiao.json";
const YUNNAN: &str = "tests/fixtures/real/yunnan-lijiang-2020-weipian.jixiao.json";

/// Dumps a workbook's first sheet as JSON: cells (formulas load and data_only load), merged
/// ranges, print setup. Numbers as Python's repr (the shortest text that reads back as the
/// same double), so that nothing is lost on the way.
const READER: &str = r#"
import json, sys, openpyxl
path = sys.argv[1]
def cells(ws):
    out = {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None:
                continue
            if isinstance(v, bool):
                t, s = "b", str(v)
            elif isinstance(v, (int, float)):
                t, s = "n", repr(v)
            elif isinstance(v, str) and v.startswith("="):
                t, s = "f", v
            else:
                t, s = "s", str(v)
            out[c.coordinate] = {"t": t, "v": s, "fmt": c.number_format, "font": c.font.name,
                                 "border": c.border.left.style}
    return out
wb = openpyxl.load_workbook(path)
ws = wb.worksheets[0]
wv = openpyxl.load_workbook(path, data_only=True).worksheets[0]
ps = ws.page_setup
print(json.dumps({
    "sheets": wb.sheetnames,
    "cells": cells(ws),
    "values": cells(wv),
    "merged": sorted(str(r) for r in ws.merged_cells.ranges),
    "print": {"orientation": ps.orientation, "paper": str(ps.paperSize),
              "title_rows": ws.print_title_rows, "fit_width": str(ps.fitToWidth), "fit_height": str(ps.fitToHeight),
              "fit_to_page": bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)},
    "widths": {k: v.width for k, v in ws.column_dimensions.items()},
}, ensure_ascii=False))
"#;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-xlsx-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The sheet as openpyxl reads it.
struct Sheet {
    json: Value,
}

fn read(path: &Path) -> Sheet {
    let out = Command::new("python3")
        .args(["-c", READER])
        .arg(path)
        .output()
        .expect("python3 must be installed (scripts/setup.sh: jixiao_test_python)");
    assert!(
        out.status.success(),
        "openpyxl could not read {}: {} (scripts/setup.sh: jixiao_test_python installs openpyxl)",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    Sheet { json: serde_json::from_slice(&out.stdout).unwrap() }
}

fn export(ev: &Evaluation, layout: Layout, name: &str) -> Sheet {
    let bytes = export_workbook(ev, layout).expect("export");
    assert!(bytes.starts_with(b"PK"), "an .xlsx is a zip file");
    let path = tmp(name).join("out.xlsx");
    std::fs::write(&path, bytes).unwrap();
    read(&path)
}

fn split(coord: &str) -> (String, u32) {
    let col: String = coord.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (col.clone(), coord[col.len()..].parse().unwrap())
}

fn col_index(col: &str) -> u32 {
    col.bytes().fold(0, |n, b| n * 26 + (b - b'A' + 1) as u32)
}

fn col_name(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        s.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// A number as the reader gave it, as the decimal it reads as.
fn dec(repr: &str) -> Decimal {
    Decimal::from_str(repr).or_else(|_| Decimal::from_scientific(repr)).unwrap_or_else(|_| panic!("not a number: {repr}"))
}

impl Sheet {
    fn cell(&self, coord: &str) -> Option<&Value> {
        self.json["cells"].get(coord)
    }
    fn stored(&self, coord: &str) -> Option<&Value> {
        self.json["values"].get(coord)
    }
    /// The text of a cell ("" when blank).
    fn text(&self, coord: &str) -> String {
        self.cell(coord).map(|c| c["v"].as_str().unwrap().to_string()).unwrap_or_default()
    }
    fn kind(&self, coord: &str) -> &str {
        self.cell(coord).map(|c| c["t"].as_str().unwrap()).unwrap_or("blank")
    }
    fn fmt(&self, coord: &str) -> String {
        self.cell(coord).map(|c| c["fmt"].as_str().unwrap().to_string()).unwrap_or_default()
    }
    /// A number cell's value (panics on anything else).
    fn number(&self, coord: &str) -> Decimal {
        assert_eq!(self.kind(coord), "n", "{coord} should be a number: {:?}", self.cell(coord));
        dec(&self.text(coord))
    }
    /// A formula cell's stored result.
    fn result(&self, coord: &str) -> Decimal {
        assert_eq!(self.kind(coord), "f", "{coord} should be a formula: {:?}", self.cell(coord));
        let v = self.stored(coord).unwrap_or_else(|| panic!("{coord} has no stored result"));
        assert_eq!(v["t"], "n", "{coord}'s stored result should be a number");
        dec(v["v"].as_str().unwrap())
    }
    /// What a viewer that recalculates gets for a `=SUM(…)` cell: the sum of the number
    /// cells its terms name (text cells are left out, as Excel does).
    fn recalculated_sum(&self, coord: &str) -> Decimal {
        let f = self.text(coord);
        let inner = f.strip_prefix("=SUM(").and_then(|s| s.strip_suffix(')')).unwrap_or_else(|| panic!("{coord}: {f}"));
        let mut sum = Decimal::ZERO;
        for term in inner.split(',') {
            let (a, b) = term.split_once(':').unwrap_or((term, term));
            let ((ca, ra), (cb, rb)) = (split(a), split(b));
            for r in ra..=rb {
                for c in col_index(&ca)..=col_index(&cb) {
                    let at = format!("{}{r}", col_name(c));
                    if self.kind(&at) == "n" {
                        sum += self.number(&at);
                    }
                }
            }
        }
        sum
    }
    /// Every cell whose text is `text`, in row order.
    fn find(&self, text: &str) -> Vec<String> {
        let mut v: Vec<String> = self.json["cells"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, c)| c["v"] == text)
            .map(|(k, _)| k.clone())
            .collect();
        v.sort_by_key(|k| (split(k).1, col_index(&split(k).0)));
        v
    }
    fn find_one(&self, text: &str) -> String {
        let v = self.find(text);
        assert_eq!(v.len(), 1, "“{text}” should be in exactly one cell: {v:?}");
        v[0].clone()
    }
    fn merged(&self) -> Vec<String> {
        self.json["merged"].as_array().unwrap().iter().map(|m| m.as_str().unwrap().to_string()).collect()
    }
    /// The top-left cell of the merged range holding `coord` (itself when not merged).
    fn owner(&self, coord: &str) -> String {
        let (c, r) = split(coord);
        let (c, r) = (col_index(&c), r);
        for m in self.merged() {
            let (a, b) = m.split_once(':').unwrap();
            let ((ca, ra), (cb, rb)) = (split(a), split(b));
            if (col_index(&ca)..=col_index(&cb)).contains(&c) && (ra..=rb).contains(&r) {
                return a.to_string();
            }
        }
        coord.to_string()
    }
    /// The column (letters) of the heading `text` in row `row`.
    fn column_in_row(&self, row: u32, text: &str) -> String {
        self.find(text)
            .into_iter()
            .find(|k| split(k).1 == row)
            .map(|k| split(&k).0)
            .unwrap_or_else(|| panic!("no heading “{text}” in row {row}"))
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn load(path: &str) -> Evaluation {
    draft::parse_any_size(&std::fs::read(path).unwrap()).unwrap().draft.evaluation
}

/// The words of a layout's indicator heading, in order.
fn indicator_headings(layout: Layout) -> &'static [&'static str] {
    match layout {
        Layout::National2020 => &["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        Layout::Yunnan => &["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        Layout::Sichuan => &["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
    }
}

fn funds_headings(layout: Layout, ev: &Evaluation) -> Vec<&'static str> {
    let received = ev.rules.execution_base == ExecutionBase::Received;
    let mut v = match layout {
        Layout::Sichuan => vec!["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
        _ => vec!["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    };
    if received {
        v.insert(2, "实际到位资金");
    }
    v
}

/// Checks every part of the exported form against jixiao's figures for `ev`.
fn check_form(sheet: &Sheet, ev: &Evaluation, layout: Layout) {
    let sc = scoring::score(ev);
    let dp = ev.rules.decimals as usize;
    let score_fmt = if dp == 0 { "0".to_string() } else { format!("0.{}", "0".repeat(dp)) };
    assert_eq!(sheet.json["sheets"], serde_json::json!(["自评表"]));

    // Title and header block.
    let year = ev.header.year.trim();
    assert_eq!(sheet.text("A1"), format!("{year}年度项目支出绩效自评表"));
    for (label, value) in [("项目名称", &ev.header.name), ("主管部门", &ev.header.department), ("实施单位", &ev.header.implementer)] {
        let at = sheet.find_one(label);
        let (c, r) = split(&at);
        // The value is the next cell to the right that is not part of the label's merge.
        let mut next = col_index(&c) + 1;
        while sheet.owner(&format!("{}{r}", col_name(next))) == at {
            next += 1;
        }
        assert_eq!(sheet.text(&format!("{}{r}", col_name(next))), value.trim(), "{label}");
        assert_eq!(sheet.cell(&at).unwrap()["font"], "黑体", "{label} is a heading");
        assert_eq!(sheet.cell(&format!("{}{r}", col_name(next))).map(|c| c["font"].clone()), Some("仿宋".into()));
    }

    check_funds(sheet, ev, &sc, layout);

    // Goals.
    let goals_row = split(&sheet.find_one("预期目标")).1 + 1;
    let expected = sheet.column_in_row(goals_row - 1, "预期目标");
    let achieved = sheet.column_in_row(goals_row - 1, "实际完成情况");
    assert_eq!(sheet.text(&format!("{expected}{goals_row}")), ev.goals.annual.trim());
    assert_eq!(sheet.text(&format!("{achieved}{goals_row}")), ev.goals.achieved.trim());

    // The indicator table's heading: the layout's words, in order, left to right.
    let head = sheet.find_one("三级指标");
    let head_row = split(&head).1;
    let last_head_row = if layout == Layout::Yunnan { head_row + 1 } else { head_row };
    let words = indicator_headings(layout);
    let cols: HashMap<&str, String> = words
        .iter()
        .map(|w| {
            let in_first = sheet.find(w).into_iter().find(|k| split(k).1 == head_row || split(k).1 == last_head_row);
            (*w, split(&in_first.unwrap_or_else(|| panic!("heading {w}"))).0)
        })
        .collect();
    let order: Vec<u32> = words.iter().map(|w| col_index(&cols[w])).collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "headings in order: {order:?}");
    if layout == Layout::Yunnan {
        // 年度指标值 spans 指标性质 | 指标值 | 度量单位 over a two-row heading.
        let top = sheet.column_in_row(head_row, "年度指标值");
        assert!(sheet.merged().contains(&format!("{top}{head_row}:{}{head_row}", cols["度量单位"])));
        assert!(sheet.merged().contains(&format!("{0}{head_row}:{0}{last_head_row}", cols["三级指标"])));
    }
    // Printing: A4 landscape, one page wide, the heading rows repeated on every page.
    let p = &sheet.json["print"];
    assert_eq!(p["orientation"], "landscape");
    assert_eq!(p["paper"], "9", "A4");
    assert_eq!(p["title_rows"], format!("${head_row}:${last_head_row}"));
    assert_eq!(p["fit_to_page"], true);
    // One page wide (fitToWidth 1 is the file format's default, left out of the file), as many
    // pages high as it takes.
    assert!(p["fit_width"] == "1" || p["fit_width"] == "None", "{p}");
    assert_eq!(p["fit_height"], "0");
    let last_col = &cols[words[words.len() - 1]];
    let width = sheet.json["widths"][last_col.as_str()].as_f64();
    assert!(width.is_some_and(|w| w > 20.0), "the last column is wide: {width:?} {}", sheet.json["widths"]);

    // The rows: 三级 rows in order, each with jixiao's figures; 一级/二级 merged over their rows.
    let total_label = if layout == Layout::Sichuan { "合计" } else { "总分" };
    let total_row = split(&sheet.find_one(total_label)).1;
    let parents = scoring::parents(&ev.indicators);
    let rows: Vec<u32> = (last_head_row + 1..total_row)
        .filter(|r| !sheet.text(&format!("{}{r}", cols["三级指标"])).is_empty())
        .collect();
    let scored: Vec<(usize, &Indicator)> = ev.indicators.iter().enumerate().filter(|(_, i)| i.is_scored()).collect();
    assert_eq!(rows.len(), scored.len(), "one row per 三级 indicator");
    for ((&r, (i, ind)), s) in rows.iter().zip(&scored).zip(&sc.indicators) {
        let at = |w: &str| format!("{}{r}", cols[w]);
        assert_eq!(sheet.text(&at("三级指标")), ind.name.trim());
        let (l1, l2) = parents[*i];
        for (p, w) in [(l1, "一级指标"), (l2, "二级指标")] {
            let name = p.map(|p| ev.indicators[p].name.trim()).unwrap_or("");
            assert_eq!(sheet.text(&sheet.owner(&at(w))), name, "{w} of row {r}");
        }
        let weight_col = if layout == Layout::Sichuan { "权重" } else { "分值" };
        match ind.weight {
            Some(w) => assert_eq!(sheet.number(&at(weight_col)), w, "weight of row {r}"),
            None => assert_eq!(sheet.kind(&at(weight_col)), "blank", "a blank weight stays blank"),
        }
        if s.dropped {
            assert_eq!(sheet.text(&at("得分")), "不适用");
        } else {
            assert_eq!(sheet.number(&at("得分")), s.score, "score of row {r}");
            assert_eq!(sheet.fmt(&at("得分")), score_fmt);
        }
        // 年度指标值.
        match layout {
            Layout::National2020 => {
                let shown = match (ind.nature, ind.target) {
                    (IndicatorNature::Qualitative, _) | (_, None) => ind.target_text.trim().to_string(),
                    (n, Some(t)) => format!("{}{}{}", n.label(), t, ind.unit.trim()),
                };
                assert_eq!(sheet.text(&at("年度指标值")), shown, "target of row {r}");
            }
            _ => {
                assert_eq!(sheet.text(&at("指标性质")), ind.nature.label());
                match (ind.nature, ind.target) {
                    (IndicatorNature::Qualitative, _) | (_, None) => {
                        assert_eq!(sheet.text(&at("指标值")), ind.target_text.trim())
                    }
                    (_, Some(t)) => assert_eq!(sheet.number(&at("指标值")), t, "target of row {r}"),
                }
                assert_eq!(sheet.text(&at("度量单位")), ind.unit.trim());
            }
        }
        // 实际完成值: the figure scored on, a number.
        let actual_col = if layout == Layout::Sichuan { "完成值" } else { "实际完成值" };
        if ind.nature != IndicatorNature::Qualitative && ind.actual_unit.trim().is_empty() {
            if let Some(a) = s.actual {
                if ind.from_survey {
                    // The survey's rate as scored, to a double's precision, shown with the
                    // rules' decimals.
                    let f = |d: Decimal| d.to_string().parse::<f64>().unwrap();
                    assert_eq!(f(sheet.number(&at(actual_col))), f(a), "survey rate of row {r}");
                    assert!(sheet.fmt(&at(actual_col)).starts_with(&score_fmt), "{}", sheet.fmt(&at(actual_col)));
                } else {
                    assert_eq!(sheet.number(&at(actual_col)), a, "actual of row {r}");
                }
            } else {
                assert_ne!(sheet.kind(&at(actual_col)), "n");
            }
        }
        // A 定性 row names its band (what its score rests on), then its text.
        if let (IndicatorNature::Qualitative, Some(b)) = (ind.nature, ind.band) {
            let shown = sheet.text(&at(actual_col));
            assert!(shown.starts_with(b.label()), "band of row {r}: {shown}");
            assert!(shown.ends_with(ind.actual_text.trim()), "text of row {r}: {shown}");
        }
        let dev = sheet.text(&at(words[words.len() - 1]));
        assert!(dev.ends_with(ind.deviation.trim()), "deviation of row {r}: {dev}");
        if s.manual {
            assert!(dev.contains("人工评分"), "a manual score says so: {dev}");
        }
    }
    // 一级 cells are merged over exactly their rows.
    for (n, ind) in ev.indicators.iter().enumerate().filter(|(_, i)| i.level == 1) {
        let mine: Vec<u32> = rows.iter().zip(&scored).filter(|(_, (i, _))| parents[*i].0 == Some(n)).map(|(r, _)| *r).collect();
        if mine.len() > 1 {
            let c = &cols["一级指标"];
            let range = format!("{c}{}:{c}{}", mine[0], mine[mine.len() - 1]);
            assert!(sheet.merged().contains(&range), "{} merged over {range}", ind.name);
        }
    }

    // 总分: 分值 and 得分 as SUM formulas whose stored results are jixiao's, and which a
    // viewer that recalculates computes to the same figures.
    let weight_col = if layout == Layout::Sichuan { "权重" } else { "分值" };
    let tw = format!("{}{total_row}", cols[weight_col]);
    let ts = format!("{}{total_row}", cols["得分"]);
    assert_eq!(sheet.result(&tw), sc.max_total);
    assert_eq!(sheet.recalculated_sum(&tw), sc.max_total);
    if sc.scorable && sc.rescale.is_none() {
        assert_eq!(sheet.result(&ts), sc.total);
        assert_eq!(sheet.recalculated_sum(&ts), sc.total);
        assert_eq!(sheet.fmt(&ts), score_fmt);
    } else if sc.scorable {
        assert_eq!(sheet.number(&ts), sc.total);
    } else {
        assert_eq!(sheet.text(&ts), "—");
    }
    let grade_row = split(&sheet.find_one("自评等级")).1;
    let grade = sheet.text(&format!("{}{grade_row}", cols[weight_col]));
    assert_eq!(grade, if sc.scorable { sc.grade.label() } else { "（尚不能评定）" });

    if layout == Layout::Sichuan {
        for label in ["评价结论", "存在问题", "改进措施"] {
            let at = sheet.find_one(label);
            let r = split(&at).1;
            assert!(r > grade_row, "{label} closes the form");
            assert!(!sheet.text(&format!("C{r}")).is_empty(), "{label} has its text");
        }
    }
}

fn check_funds(sheet: &Sheet, ev: &Evaluation, sc: &Scorecard, layout: Layout) {
    let total_at = sheet.find_one("年度资金总额");
    let total_row = split(&total_at).1;
    let head_row = total_row - 1;
    let heads = funds_headings(layout, ev);
    let col = |w: &str| sheet.column_in_row(head_row, w);
    let order: Vec<u32> = heads.iter().map(|w| col_index(&col(w))).collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "funds headings in order: {heads:?} {order:?}");
    let money: Vec<(FundsColumn, String)> = {
        let mut m = vec![(FundsColumn::BudgetInitial, col(heads[0])), (FundsColumn::BudgetFull, col(heads[1]))];
        if ev.rules.execution_base == ExecutionBase::Received {
            m.push((FundsColumn::Received, col("实际到位资金")));
        }
        m.push((FundsColumn::Executed, col(heads[if m.len() == 3 { 3 } else { 2 }])));
        m
    };
    let totals = ev.funds.effective_total();
    let n = ev.funds.sources.len() as u32;
    for (c, letter) in &money {
        let at = format!("{letter}{total_row}");
        match (ev.funds.total.get(*c), totals.get(*c)) {
            (Some(stated), _) => assert_eq!(sheet.number(&at), stated, "stated total {at}"),
            (None, Some(sum)) => {
                let range = if n == 1 {
                    format!("{letter}{}", total_row + 1)
                } else {
                    format!("{letter}{}:{letter}{}", total_row + 1, total_row + n)
                };
                assert_eq!(sheet.text(&at), format!("=SUM({range})"));
                assert_eq!(sheet.result(&at), sum, "{at}");
                assert_eq!(sheet.recalculated_sum(&at), sum, "{at} recalculated");
            }
            (None, None) => assert_eq!(sheet.kind(&at), "blank", "blank stays blank: {at}"),
        }
        if sheet.kind(&at) != "blank" {
            assert_eq!(sheet.fmt(&at), "0.00");
        }
        for (k, row) in ev.funds.sources.iter().enumerate() {
            let at = format!("{letter}{}", total_row + 1 + k as u32);
            match row.amounts.get(*c) {
                Some(v) => assert_eq!(sheet.number(&at), v, "{at}"),
                None => assert_eq!(sheet.kind(&at), "blank", "blank stays blank: {at}"),
            }
        }
    }
    let (rate_w, weight_w) = if layout == Layout::Sichuan { ("预算执行率", "权重") } else { ("执行率", "分值") };
    let rate_at = format!("{}{total_row}", col(rate_w));
    match sc.budget.rate {
        Some(r) => {
            assert_eq!(sheet.number(&rate_at) * Decimal::ONE_HUNDRED, r, "rate");
            assert!(sheet.fmt(&rate_at).ends_with('%'), "{}", sheet.fmt(&rate_at));
        }
        None => assert_eq!(sheet.kind(&rate_at), "blank"),
    }
    assert_eq!(sheet.number(&format!("{}{total_row}", col(weight_w))), sc.budget.weight);
    assert_eq!(sheet.number(&format!("{}{total_row}", col("得分"))), sc.budget.score);
    // Source rows: the label, and no 分值 / 得分 of their own.
    for (k, row) in ev.funds.sources.iter().enumerate() {
        let r = total_row + 1 + k as u32;
        let label = sheet.text(&format!("B{r}"));
        assert!(label.ends_with(row.name.trim()), "{label}");
        assert_eq!(k == 0, label.starts_with("其中："));
        let none = if layout == Layout::Sichuan { "/" } else { "—" };
        assert_eq!(sheet.text(&format!("{}{r}", col(weight_w))), none);
    }
}

#[test]
fn the_sample_in_every_layout() {
    let ev = draft::parse(&std::fs::read(SAMPLE).unwrap()).unwrap().draft.evaluation;
    for layout in Layout::ALL {
        let sheet = export(&ev, layout, &format!("sample-{}", layout.key()));
        check_form(&sheet, &ev, layout);
    }
}

#[test]
fn the_sample_national_form_reads_as_published() {
    // Spot checks in the form's own words (the sample is the seed's 2019 form).
    let ev = draft::parse(&std::fs::read(SAMPLE).unwrap()).unwrap().draft.evaluation;
    let sheet = export(&ev, Layout::National2020, "sample-spot");
    let at = sheet.find_one("基础养老金养老补助发放人数");
    let r = split(&at).1;
    let sc = scoring::score(&ev);
    let s = sc.indicator(&ev, ev.indicators.iter().find(|i| i.name == "基础养老金养老补助发放人数").unwrap().id.as_str()).unwrap();
    assert_eq!(sheet.text(&format!("E{r}")), "≥38200人");
    // The actual is a number shown with its unit.
    assert_eq!(sheet.number(&format!("F{r}")), d("36641"));
    assert_eq!(sheet.fmt(&format!("F{r}")), "0\"人\"");
    assert_eq!(sheet.number(&format!("H{r}")), s.score);
    assert_eq!(sheet.cell(&format!("H{r}")).unwrap()["border"], "thin");
    assert_eq!(sheet.cell(&format!("H{r}")).unwrap()["font"], "仿宋");
    assert!(sheet.merged().iter().any(|m| m.starts_with("A1:")), "the title spans the form");
}

#[test]
fn real_forms_of_each_region() {
    for (path, layout) in [(SICHUAN, Layout::Sichuan), (YUNNAN, Layout::Yunnan)] {
        let ev = load(path);
        let sheet = export(&ev, layout, layout.key());
        check_form(&sheet, &ev, layout);
    }
}

#[test]
fn a_large_generated_draft() {
    // 1200 rows: some 30 printed pages. (openpyxl takes seconds per thousand rows to read
    // the borders of the long merged 绩效指标 / 一级 cells; jixiao writes 100000 rows in seconds.)
    let d = jixiao::generate::generate(1200, 7);
    let ev = &d.evaluation;
    let sc = scoring::score(ev);
    assert!(sc.indicators.iter().any(|s| s.dropped), "the draft has inapplicable rows");
    assert!(sc.indicators.iter().any(|s| s.manual), "and manual scores");
    for layout in [Layout::National2020, Layout::Yunnan] {
        let sheet = export(ev, layout, &format!("large-{}", layout.key()));
        check_form(&sheet, ev, layout);
    }
}

#[test]
fn a_blank_form_is_blank_not_zero_and_not_scored() {
    let ev = new_evaluation(RulePreset::Ministry);
    for layout in Layout::ALL {
        let sheet = export(&ev, layout, &format!("blank-{}", layout.key()));
        // Every 二级 heading of the template keeps its row, under its 一级.
        for ind in ev.indicators.iter().filter(|i| i.level == 2) {
            let at = sheet.find_one(&ind.name);
            assert_eq!(split(&at).0, "C");
        }
        for ind in ev.indicators.iter().filter(|i| i.level == 1) {
            sheet.find_one(&ind.name);
        }
        // No number anywhere but the budget's 分值 and the 总分's 分值.
        let numbers: Vec<String> = sheet.json["cells"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, c)| c["t"] == "n")
            .map(|(k, _)| k.clone())
            .collect();
        let total_row = split(&sheet.find_one("年度资金总额")).1;
        assert!(numbers.iter().all(|k| split(k).1 == total_row), "{numbers:?}");
        let label = if layout == Layout::Sichuan { "合计" } else { "总分" };
        let r = split(&sheet.find_one(label)).1;
        assert!(sheet.find("—").iter().any(|k| split(k).1 == r), "总分 shows —");
        assert_eq!(sheet.find("（尚不能评定）").len(), 1);
    }
}

#[test]
fn rescaled_totals_and_received_base() {
    // An inapplicable row, rescaled to the full weight: 得分 is jixiao's rescaled total (a
    // value: the sum of the rows is not the figure), 分值 still the sum of the weights.
    let mut ev = load(SAMPLE);
    let first = ev.indicators.iter().position(|i| i.is_scored()).unwrap();
    ev.indicators[first].applicable = false;
    ev.rules.execution_base = ExecutionBase::Received;
    for s in &mut ev.funds.sources {
        s.amounts.received = s.amounts.budget_full;
    }
    ev.funds.total.received = None;
    let sc = scoring::score(&ev);
    assert!(sc.rescale.is_some());
    for layout in Layout::ALL {
        let sheet = export(&ev, layout, &format!("rescaled-{}", layout.key()));
        check_form(&sheet, &ev, layout);
        let rule = sc.rescale.as_ref().unwrap().rule();
        assert!(sheet.json["cells"].as_object().unwrap().values().any(|c| c["v"].as_str().unwrap().starts_with(&rule)));
    }
}

#[test]
fn rates_and_decimals_follow_the_rules() {
    let mut ev = load(SAMPLE);
    ev.rules.decimals = 1;
    ev.funds.sources[0].amounts.executed = Some(d("300.5"));
    ev.funds.total.executed = None;
    let sheet = export(&ev, Layout::National2020, "decimals");
    check_form(&sheet, &ev, Layout::National2020);
    let r = split(&sheet.find_one("年度资金总额")).1;
    let rate = format!("{}{r}", sheet.column_in_row(r - 1, "执行率"));
    assert_eq!(sheet.fmt(&rate), "0.0%");
}

#[test]
fn text_too_long_for_a_cell_is_refused_in_chinese() {
    let mut ev = load(SAMPLE);
    ev.goals.achieved = "完".repeat(40_000);
    let e = export_workbook(&ev, Layout::National2020).unwrap_err();
    assert!(e.message.contains("32767"), "{e}");
    assert!(e.message.starts_with("无法导出 Excel 工作簿"), "{e}");
}

#[test]
fn file_name_is_the_projects() {
    let ev = load(SAMPLE);
    assert_eq!(jixiao::workbook::export::file_name(&ev), "城乡居民社会养老保险区级配套绩效自评表.xlsx");
    let mut bad = ev.clone();
    bad.header.name = " a/b: 项目 ".into();
    assert_eq!(jixiao::workbook::export::file_name(&bad), "a_b_ 项目绩效自评表.xlsx");
    bad.header.name = String::new();
    assert_eq!(jixiao::workbook::export::file_name(&bad), "未命名项目绩效自评表.xlsx");
}

#[test]
fn odd_drafts_keep_their_totals_true() {
    // A weight below 0 counts as 0 in scoring, and a row of level 4 is not scored: the 分值
    // column no longer adds up to the full weight, so its total is jixiao's figure, a number.
    let mut ev = load(SAMPLE);
    let first = ev.indicators.iter().position(|i| i.is_scored()).unwrap();
    ev.indicators[first].weight = Some(d("-8"));
    ev.indicators.push(Indicator { id: "odd".into(), level: 4, name: "层级不明的行".into(), weight: Some(d("5")), ..Indicator::default() });
    let sc = scoring::score(&ev);
    for layout in Layout::ALL {
        let sheet = export(&ev, layout, &format!("odd-{}", layout.key()));
        let label = if layout == Layout::Sichuan { "合计" } else { "总分" };
        let r = split(&sheet.find_one(label)).1;
        let head_row = split(&sheet.find_one("三级指标")).1;
        let weight = if layout == Layout::Sichuan { "权重" } else { "分值" };
        let score = sheet.column_in_row(head_row, "得分");
        let wc = sheet.column_in_row(head_row, weight);
        assert_eq!(sheet.number(&format!("{wc}{r}")), sc.max_total, "{layout:?}");
        assert_eq!(sheet.result(&format!("{score}{r}")), sc.total);
        assert_eq!(sheet.recalculated_sum(&format!("{score}{r}")), sc.total);
        sheet.find_one("层级不明的行");
    }
    // Nothing at all: no sources, no indicators.
    let mut empty = Evaluation::default();
    empty.header.name = "空表".into();
    for layout in Layout::ALL {
        let sheet = export(&empty, layout, &format!("empty-{}", layout.key()));
        assert_eq!(sheet.text("A1"), "项目支出绩效自评表", "no year, no 年度");
        sheet.find_one("自评等级");
    }
}
