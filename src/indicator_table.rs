//! 指标表读取: reading an indicator table from a grid of cell texts — header words →
//! columns ([`header_column`], or by position), merged 一级/二级 cells carried down, each
//! row → an [`Indicator`] with the problems of its cells. Used by the editor's paste
//! (tab-separated text from Excel / WPS, [`split_tsv`]) and written so that a spreadsheet
//! importer can feed it a sheet's cells unchanged ([`read_table`]).

use std::collections::{BTreeMap, HashSet};

use crate::model::*;
use crate::numbers::{hundredfold, parse_number};
use rust_decimal::Decimal;


/// What a paste would insert.
#[derive(Debug, Clone, PartialEq)]
pub struct PastePreview {
    /// How columns were matched: "按表头" or "按列位置", and the columns in order.
    pub matched_by_header: bool,
    pub columns: Vec<PasteColumn>,
    pub rows: Vec<PasteRow>,
    /// Problems not tied to a cell.
    pub problems: Vec<String>,
}

impl PastePreview {
    /// The number of cell problems.
    pub fn problem_count(&self) -> usize {
        self.problems.len()
            + self.rows.iter().filter(|r| r.is_recognised()).map(|r| r.problems.len()).sum::<usize>()
    }

    /// The number of plausibility warnings (values kept as read).
    pub fn warning_count(&self) -> usize {
        self.rows.iter().filter(|r| r.is_recognised()).map(|r| r.warnings.len()).sum()
    }

    /// The number of rows not recognised (未识别; not inserted).
    pub fn unrecognised_count(&self) -> usize {
        self.rows.iter().filter(|r| !r.is_recognised()).count()
    }
}

/// A pasted row: its place in the tree and the indicator read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct PasteRow {
    /// Line number in the pasted text (1-based).
    pub line: usize,
    pub level1: String,
    pub level2: String,
    /// The indicator (id empty until applied). A row without a 三级指标 name only makes
    /// headings.
    pub indicator: Option<Indicator>,
    /// Text that could not be read, by field name (kept as unreadable when applied).
    pub unreadable: BTreeMap<String, String>,
    pub problems: Vec<CellProblem>,
    /// Values that were read but look wrong (a percent written as a fraction, ×100): kept as
    /// read, shown as a warning.
    pub warnings: Vec<CellProblem>,
    /// Why the row is not an indicator row (未识别): such a row is shown, never inserted.
    pub unrecognised: Option<String>,
}

impl PasteRow {
    /// Whether the row is read as an indicator row or a heading (and can be inserted).
    pub fn is_recognised(&self) -> bool {
        self.unrecognised.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CellProblem {
    pub column: PasteColumn,
    pub text: String,
    pub message: String,
}

/// The columns a paste understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasteColumn {
    Level1,
    Level2,
    Level3,
    Nature,
    Direction,
    Target,
    Unit,
    Actual,
    Weight,
    /// 得分 as the unit reported it (kept as the claimed score)
    Score,
    Deviation,
    Ignored,
}

impl PasteColumn {
    pub fn label(self) -> &'static str {
        match self {
            PasteColumn::Level1 => "一级指标",
            PasteColumn::Level2 => "二级指标",
            PasteColumn::Level3 => "三级指标",
            PasteColumn::Nature => "指标性质",
            PasteColumn::Direction => "指标方向",
            PasteColumn::Target => "年度指标值",
            PasteColumn::Unit => "度量单位",
            PasteColumn::Actual => "实际完成值",
            PasteColumn::Weight => "分值",
            PasteColumn::Score => "得分",
            PasteColumn::Deviation => "偏差原因分析及改进措施",
            PasteColumn::Ignored => "（忽略）",
        }
    }
}

/// A leading comparison sign in a 年度指标值 ("≥95%"): the nature it means and the rest.
pub fn strip_operator(text: &str) -> (Option<IndicatorNature>, &str) {
    let t = text.trim_start();
    for (sign, nature) in [
        ("≥", IndicatorNature::AtLeast),
        (">=", IndicatorNature::AtLeast),
        ("＞＝", IndicatorNature::AtLeast),
        ("≧", IndicatorNature::AtLeast),
        (">", IndicatorNature::AtLeast),
        ("＞", IndicatorNature::AtLeast),
        ("≤", IndicatorNature::AtMost),
        ("<=", IndicatorNature::AtMost),
        ("＜＝", IndicatorNature::AtMost),
        ("≦", IndicatorNature::AtMost),
        ("<", IndicatorNature::AtMost),
        ("＜", IndicatorNature::AtMost),
        ("＝", IndicatorNature::Equal),
        ("﹦", IndicatorNature::Equal),
        ("=", IndicatorNature::Equal),
    ] {
        if let Some(rest) = t.strip_prefix(sign) {
            return (Some(nature), rest);
        }
    }
    (None, text)
}

/// Reads an 指标性质 label.
pub fn parse_nature(text: &str) -> Option<IndicatorNature> {
    match text.trim() {
        "≥" | ">=" | "≧" | ">" | "＞" | "＞＝" | "正向" | "大于等于" | "不低于" => {
            Some(IndicatorNature::AtLeast)
        }
        "≤" | "<=" | "≦" | "<" | "＜" | "＜＝" | "反向" | "小于等于" | "不高于" => {
            Some(IndicatorNature::AtMost)
        }
        "＝" | "﹦" | "=" | "等于" => Some(IndicatorNature::Equal),
        "定性" => Some(IndicatorNature::Qualitative),
        _ => None,
    }
}

/// Reads a 定性 band from a 实际完成值 cell: the bands' own words (达成年度指标, 部分达成并具有一定
/// 效果, 未达成且效果较差) and the short forms forms use (达成 / 已达成 / 全部达成 / 达成预期指标 …,
/// 部分达成 / 基本达成, 未达成 / 未达到 / 未完成). Other text (效果明显 …) is no band.
pub fn parse_band(text: &str) -> Option<QualitativeBand> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| t.starts_with(p));
    if starts(&["未达成", "未达到", "未完成"]) {
        Some(QualitativeBand::Failed)
    } else if starts(&["部分达成", "基本达成"]) {
        Some(QualitativeBand::Partial)
    } else if starts(&["达成", "已达成", "全部达成", "完全达成"]) {
        Some(QualitativeBand::Achieved)
    } else {
        None
    }
}

/// Splits tab-separated text as Excel and WPS copy it: rows by line breaks, cells by tabs,
/// cells with line breaks or tabs in double quotes (with "" for a quote).
pub fn split_tsv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        if at_cell_start && c == '"' {
            // Quoted cell.
            at_cell_start = false;
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(ch) => cell.push(ch),
                    None => break,
                }
            }
            continue;
        }
        at_cell_start = false;
        match c {
            '\t' => {
                row.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                at_cell_start = true;
            }
            _ => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// The column a header cell names (its words, ignoring spaces and suffixes such as (A)).
pub fn header_column(cell: &str) -> Option<PasteColumn> {
    let c: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    if c.is_empty() {
        return None;
    }
    let table: [(PasteColumn, &[&str]); 11] = [
        (PasteColumn::Level1, &["一级指标"]),
        (PasteColumn::Level2, &["二级指标"]),
        (PasteColumn::Level3, &["三级指标", "指标名称"]),
        (PasteColumn::Nature, &["指标性质"]),
        (PasteColumn::Direction, &["指标方向"]),
        (PasteColumn::Target, &["年度指标值", "指标值", "目标值"]),
        (PasteColumn::Unit, &["度量单位", "计量单位", "单位"]),
        (PasteColumn::Actual, &["实际完成值", "完成值", "实际值"]),
        (PasteColumn::Weight, &["分值", "权重"]),
        (PasteColumn::Score, &["得分", "自评得分"]),
        (PasteColumn::Deviation, &["偏差原因", "改进措施", "原因分析"]),
    ];
    for (col, names) in table.iter() {
        if names.iter().any(|n| c == *n) {
            return Some(*col);
        }
    }
    for (col, names) in table.iter() {
        if names.iter().any(|n| c.contains(n)) {
            return Some(*col);
        }
    }
    None
}

/// The column layout assumed for a paste without a header row, by its number of columns.
pub fn positional_columns(n: usize) -> Vec<PasteColumn> {
    use PasteColumn::*;
    let layout: Vec<PasteColumn> = match n {
        // 财预〔2020〕10号 自评表: 一级 二级 三级 年度指标值 实际完成值 分值 得分 偏差原因
        8 => vec![Level1, Level2, Level3, Target, Actual, Weight, Score, Deviation],
        // 云南: 一级 二级 三级 指标性质 指标值 度量单位 实际完成值 分值 得分 偏差原因
        n if n >= 10 => vec![Level1, Level2, Level3, Nature, Target, Unit, Actual, Weight, Score, Deviation],
        _ => vec![Level1, Level2, Level3, Nature, Target, Unit, Actual, Weight, Deviation],
    };
    let mut cols: Vec<PasteColumn> = layout.into_iter().take(n).collect();
    while cols.len() < n {
        cols.push(Ignored);
    }
    cols
}

/// Reads pasted TSV into a preview (nothing is changed yet).
pub fn paste_preview(text: &str, money_unit: MoneyUnit) -> PastePreview {
    let _ = money_unit;
    read_table(&split_tsv(text))
}

/// Reads an indicator table from its cells (rows of cell texts, the header row first if
/// there is one): columns by their header words, else by position ([`positional_columns`]);
/// merged 一级/二级 cells (a value, then blanks below) carried down. A paste and a sheet of
/// a workbook read the same way.
pub fn read_table(table: &[Vec<String>]) -> PastePreview {
    let mut problems = Vec::new();
    let Some(first) = table.first() else {
        return PastePreview {
            matched_by_header: false,
            columns: Vec::new(),
            rows: Vec::new(),
            problems: vec!["没有内容".into()],
        };
    };
    let header: Vec<Option<PasteColumn>> = first.iter().map(|c| header_column(c)).collect();
    let matched = header.iter().filter(|c| c.is_some()).count();
    let by_header = matched >= 2 || (matched == 1 && first.len() == 1);
    let ncols = table.iter().map(|r| r.len()).max().unwrap_or(0);
    let columns: Vec<PasteColumn> = if by_header {
        let mut seen = HashSet::new();
        let mut cols: Vec<PasteColumn> = header
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                Some(c) if seen.insert(*c) => *c,
                Some(c) => {
                    problems.push(format!("第{}列「{}」与前面的列重复，已忽略", i + 1, c.label()));
                    PasteColumn::Ignored
                }
                None => {
                    if !first[i].trim().is_empty() {
                        problems.push(format!("第{}列「{}」无法识别，已忽略", i + 1, first[i].trim()));
                    }
                    PasteColumn::Ignored
                }
            })
            .collect();
        cols.resize(ncols, PasteColumn::Ignored);
        cols
    } else {
        positional_columns(ncols)
    };
    let data = if by_header { &table[1..] } else { table };
    let first_line = if by_header { 2 } else { 1 };
    let mut rows = Vec::new();
    let (mut l1, mut l2) = (String::new(), String::new());
    for (n, cells) in data.iter().enumerate() {
        let get = |col: PasteColumn| -> String {
            columns
                .iter()
                .position(|c| *c == col)
                .and_then(|i| cells.get(i))
                .map(|s| cell_text(s))
                .unwrap_or_default()
        };
        // Merged cells paste as a value in the first row and blanks below: carry down.
        let c1 = heading_name(&get(PasteColumn::Level1));
        if !c1.is_empty() {
            if c1 != l1 {
                l2.clear();
            }
            l1 = c1;
        }
        let c2 = heading_name(&get(PasteColumn::Level2));
        if !c2.is_empty() {
            l2 = c2;
        }
        let name = get(PasteColumn::Level3);
        let mut row = PasteRow {
            line: first_line + n,
            level1: l1.clone(),
            level2: l2.clone(),
            indicator: None,
            unreadable: BTreeMap::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
            unrecognised: None,
        };
        if !name.is_empty() {
            let (ind, read_something) = read_indicator(&name, &get, &mut row);
            row.indicator = Some(ind);
            // Without a header, a row is an indicator row only if something in it reads as
            // one (a number where the layout has one, a 指标性质, a 定性 band): any three
            // columns of text would otherwise pass for 一级 › 二级 › 三级.
            if !by_header && !read_something {
                row.unrecognised = Some(
                    "没有表头，这一行也没有可读的年度指标值、实际完成值、分值或指标性质，认不出是指标行".into(),
                );
            }
        }
        rows.push(row);
    }
    mark_lone_headings(&mut rows, &columns, by_header);
    PastePreview {
        matched_by_header: by_header,
        columns,
        rows,
        problems,
    }
}

/// A cell's text as read: trimmed, and "/" or a dash ("—", "-": the forms' marks for "nothing
/// here") as empty.
pub fn cell_text(s: &str) -> String {
    let t = s.trim();
    if matches!(t, "/" | "／" | "\\" | "—" | "——" | "－" | "-" | "--") {
        String::new()
    } else {
        t.to_string()
    }
}

/// A 一级/二级 heading as named, without the points some forms add (产出指标(50分),
/// 产出指标（50分）) or a line break inside.
pub fn heading_name(s: &str) -> String {
    split_heading(s).0
}

/// The points a heading states (50 for 产出指标(50分)), its 分值.
pub fn heading_points(s: &str) -> Option<Decimal> {
    split_heading(s).1
}

fn split_heading(s: &str) -> (String, Option<Decimal>) {
    let t: String = s.chars().filter(|c| *c != '\n' && *c != '\r').collect();
    let t = t.trim();
    for open in ['(', '（'] {
        if let Some(p) = t.rfind(open) {
            let inner = t[p + open.len_utf8()..].trim_end_matches([')', '）']);
            if let Some(points) = inner.strip_suffix('分') {
                if let Ok(Some(n)) = parse_number(points) {
                    if n.unit.is_none() {
                        return (t[..p].trim().to_string(), Some(n.value));
                    }
                }
            }
        }
    }
    (t.to_string(), None)
}

/// Rows without a 三级指标 name only carry headings: such a row is recognised when an
/// indicator row below it falls under its headings (it creates or names their group);
/// otherwise it is 未识别 — a line of text, a 合计 row, a column of names without a header.
fn mark_lone_headings(rows: &mut [PasteRow], columns: &[PasteColumn], by_header: bool) {
    // From the bottom up: the groups of the recognised indicator rows seen so far.
    let mut groups: HashSet<(String, String)> = HashSet::new();
    let mut level1s: HashSet<String> = HashSet::new();
    for i in (0..rows.len()).rev() {
        let row = &rows[i];
        if row.indicator.is_some() {
            if row.is_recognised() {
                groups.insert((row.level1.clone(), row.level2.clone()));
                level1s.insert(row.level1.clone());
            }
            continue;
        }
        let has_child = if row.level2.is_empty() {
            level1s.contains(&row.level1)
        } else {
            groups.contains(&(row.level1.clone(), row.level2.clone()))
        };
        if has_child {
            continue;
        }
        let reason = if !columns.contains(&PasteColumn::Level3) {
            if by_header {
                "表头中没有三级指标（指标名称）列，认不出指标行".to_string()
            } else {
                format!(
                    "没有表头，只有 {} 列，认不出哪一列是三级指标名称；请连同表头（一级指标、二级指标、三级指标…）一起复制",
                    columns.len()
                )
            }
        } else {
            "没有三级指标名称，其下也没有三级指标行".to_string()
        };
        rows[i].unrecognised = Some(reason);
    }
}

/// Reads a row's indicator; also whether anything in it read as an indicator's (a number
/// in 年度指标值 / 实际完成值 / 分值, a 指标性质 or a comparison sign, a 定性 band).
fn read_indicator(name: &str, get: &dyn Fn(PasteColumn) -> String, row: &mut PasteRow) -> (Indicator, bool) {
    let mut ind = Indicator {
        name: name.to_string(),
        level: 3,
        ..Indicator::default()
    };
    let problem = |row: &mut PasteRow, column, text: &str, message: String| {
        row.problems.push(CellProblem {
            column,
            text: text.to_string(),
            message,
        });
    };
    let mut read_something = false;
    let nature_text = get(PasteColumn::Nature);
    let mut nature = None;
    if !nature_text.is_empty() {
        match parse_nature(&nature_text) {
            Some(n) => {
                nature = Some(n);
                read_something = true;
            }
            None => problem(
                row,
                PasteColumn::Nature,
                &nature_text,
                format!("指标性质「{nature_text}」无法识别（应为 ≥、≤、＝ 或 定性），按 ≥ 处理"),
            ),
        }
    }
    let dir = get(PasteColumn::Direction);
    if !dir.is_empty() {
        match dir.as_str() {
            "正向" => ind.direction = Some(Direction::Positive),
            "反向" => ind.direction = Some(Direction::Reverse),
            _ => problem(row, PasteColumn::Direction, &dir, format!("指标方向「{dir}」无法识别（应为 正向 或 反向）")),
        }
    }
    ind.unit = get(PasteColumn::Unit);
    let target = get(PasteColumn::Target);
    if !target.is_empty() {
        let (op, rest) = strip_operator(&target);
        match parse_number(rest) {
            Ok(Some(p)) => {
                read_something = true;
                ind.target = Some(p.value);
                if let Some(u) = p.unit {
                    if ind.unit.is_empty() {
                        ind.unit = u;
                    } else if ind.unit != u {
                        problem(row, PasteColumn::Target, &target, format!("年度指标值的单位「{u}」与度量单位「{}」不一致", ind.unit));
                    }
                }
                if nature.is_none() {
                    nature = op;
                }
            }
            Ok(None) => {}
            Err(err) => {
                if op.is_some() || nature.is_some_and(|n| n != IndicatorNature::Qualitative) {
                    problem(row, PasteColumn::Target, &target, err.to_string());
                    row.unreadable.insert("target".into(), target.clone());
                    nature = nature.or(op);
                } else {
                    // Words, not a number: a qualitative target (定性).
                    ind.target_text = target.clone();
                    nature = Some(IndicatorNature::Qualitative);
                }
            }
        }
    }
    let actual = get(PasteColumn::Actual);
    let band = parse_band(&actual);
    // An 实际完成值 that names a 定性 band makes a row of unstated nature 定性 (its number
    // target, if any, is kept as the target's text).
    if nature.is_none() && band.is_some() {
        nature = Some(IndicatorNature::Qualitative);
        if ind.target.take().is_some() {
            ind.target_text = target.clone();
        }
    }
    ind.nature = nature.unwrap_or(IndicatorNature::AtLeast);
    if !actual.is_empty() {
        if ind.nature == IndicatorNature::Qualitative {
            ind.band = band;
            read_something |= band.is_some();
            // The band's own words are the band; other text stays as the actual's text.
            if band.is_none_or(|b| actual != b.label()) {
                ind.actual_text = actual.clone();
            }
        } else {
            match parse_number(&actual) {
                Ok(Some(p)) => {
                    read_something = true;
                    ind.actual = Some(p.value);
                    if let Some(u) = p.unit {
                        if u != ind.unit {
                            ind.actual_unit = u;
                        }
                    }
                }
                Ok(None) => {}
                Err(err) => {
                    problem(row, PasteColumn::Actual, &actual, err.to_string());
                    row.unreadable.insert("actual".into(), actual.clone());
                }
            }
        }
    }
    for (col, field) in [(PasteColumn::Weight, "weight"), (PasteColumn::Score, "claimed_score")] {
        let t = get(col);
        if t.is_empty() {
            continue;
        }
        match parse_number(&t) {
            Ok(p) => {
                let v = p.map(|p| p.value);
                read_something |= v.is_some();
                if col == PasteColumn::Weight {
                    ind.weight = v;
                } else {
                    ind.claimed_score = v;
                    // A 定性 row's 得分 is the score the evaluator chose inside its band.
                    if ind.band.is_some() {
                        ind.band_score = v;
                    }
                }
            }
            Err(err) => {
                problem(row, col, &t, err.to_string());
                row.unreadable.insert(field.into(), t.clone());
            }
        }
    }
    ind.deviation = get(PasteColumn::Deviation);
    if ind.nature != IndicatorNature::Qualitative {
        if let (Some(t), Some(a)) = (ind.target, ind.actual) {
            let actual_unit = if ind.actual_unit.is_empty() { &ind.unit } else { &ind.actual_unit };
            if let Some(slip) = hundredfold(t, &ind.unit, a, actual_unit) {
                row.warnings.push(CellProblem {
                    column: PasteColumn::Actual,
                    text: actual.clone(),
                    message: slip.message(),
                });
            }
        }
    }
    (ind, read_something)
}
