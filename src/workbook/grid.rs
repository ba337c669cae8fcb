//! A workbook's bytes → the grid of cell texts of each sheet (calamine), after the container
//! checks that must come before calamine sees the file: what kind of file it is, encryption,
//! WPS .et, zip bombs (declared and actual decompressed sizes), XML entity declarations, and
//! the size of a sheet.

use std::io::{Cursor, Read};

use calamine::{Data, Dimensions, Ods, Reader, Xls, Xlsx};

use super::WorkbookError;

/// The largest workbook file read (bytes).
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The largest decompressed part of an .xlsx / .ods (bytes).
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// The largest sum of the decompressed parts (bytes).
pub const MAX_TOTAL_BYTES: u64 = 40 * 1024 * 1024;
/// The most parts in an .xlsx / .ods.
pub const MAX_PARTS: usize = 2000;
/// The most cells a sheet may span (rows × columns of its used area).
pub const MAX_CELLS: u64 = 200_000;

fn err(message: impl Into<String>) -> WorkbookError {
    WorkbookError { message: message.into() }
}

/// One sheet: the texts of its cells from A1 (row-major, every row as wide as the widest).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub sheet: String,
    pub cells: Vec<Vec<String>>,
    /// Merged ranges (absolute, 0-based, inclusive).
    pub merged: Vec<Dimensions>,
    /// Cells holding a formula with no stored result: (row, col, formula).
    pub formula_without_value: Vec<(usize, usize, String)>,
}

impl Grid {
    pub fn get(&self, r: usize, c: usize) -> &str {
        self.cells.get(r).and_then(|row| row.get(c)).map(|s| s.as_str()).unwrap_or("")
    }

    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    pub fn cols(&self) -> usize {
        self.cells.first().map_or(0, |r| r.len())
    }

    /// The last column of the merged range that starts at (r, c), or c.
    pub fn merge_end_col(&self, r: usize, c: usize) -> usize {
        self.merged
            .iter()
            .find(|d| d.start.0 as usize == r && d.start.1 as usize == c)
            .map_or(c, |d| d.end.1 as usize)
    }

    /// `自评表!H12`.
    pub fn address(&self, r: usize, c: usize) -> String {
        format!("{}!{}", self.sheet, cell_name(r, c))
    }
}

/// `H12` for (11, 7).
pub fn cell_name(r: usize, c: usize) -> String {
    let mut col = String::new();
    let mut n = c + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        col.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{col}{}", r + 1)
}

/// The text a cell shows for reading: numbers as the shortest decimal that reads back as the
/// same double (Rust's `{}` on f64), so that 371.16 stays 371.16.
pub fn data_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE".into() } else { "FALSE".into() },
        Data::DateTime(dt) => float_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // As Excel shows it (#DIV/0!, #N/A …).
        Data::Error(e) => e.to_string(),
    }
}

/// The shortest decimal text that reads back as `f` (never an exponent).
pub fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let s = format!("{f}");
    if s.contains('e') || s.contains('E') {
        // `{}` on f64 never writes an exponent, but keep to plain decimals regardless.
        return format!("{f:.10}").trim_end_matches('0').trim_end_matches('.').to_string();
    }
    s
}

/// What kind of workbook the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xls,
    Ods,
}

const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether the bytes (or the file name) look like a workbook at all: for the CLI to choose
/// between a draft file and a workbook.
pub fn looks_like_workbook(bytes: &[u8], file_name: &str) -> bool {
    let lower = file_name.to_lowercase();
    [".xlsx", ".xlsm", ".xls", ".ods", ".et", ".ett", ".xlsb"].iter().any(|e| lower.ends_with(e))
        || bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&CFB_MAGIC)
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Checks the container before any parser reads it, and says what kind it is.
pub fn check_container(bytes: &[u8], file_name: &str) -> Result<Kind, WorkbookError> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".et") || lower.ends_with(".ett") {
        return Err(err(format!(
            "「{file_name}」是 WPS 表格的 .et 文件，无法直接读取。请在 WPS 中打开，选「另存为」→「Excel 工作簿（*.xlsx）」，再导入 .xlsx 文件"
        )));
    }
    if bytes.is_empty() {
        return Err(err(format!("「{file_name}」是空文件，不是 Excel 工作簿")));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(format!(
            "「{file_name}」有 {:.1} MB，超过可导入的上限 {} MB；一张自评表的工作簿通常不到 1 MB，请只保留自评表所在的工作表后再导入",
            bytes.len() as f64 / 1024.0 / 1024.0,
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    if bytes.starts_with(&CFB_MAGIC) {
        if contains(bytes, &utf16("EncryptionInfo")) || contains(bytes, &utf16("EncryptedPackage")) {
            return Err(encrypted(file_name));
        }
        if !contains(bytes, &utf16("Workbook")) && !contains(bytes, &utf16("Book")) {
            return Err(err(format!(
                "「{file_name}」是旧版 Office 文件，但里面没有工作簿（可能是 Word 或其他文档），不是 Excel 工作簿"
            )));
        }
        if !xls_sheet_offsets_ok(bytes) {
            return Err(corrupt(file_name));
        }
        return Ok(Kind::Xls);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return check_zip(bytes, file_name);
    }
    Err(err(format!(
        "「{file_name}」不是 Excel 工作簿（.xlsx、.xls 或 .ods），无法导入{}",
        if lower.ends_with(".csv") || lower.ends_with(".txt") {
            "；文本表格请复制后用「粘贴指标表」导入"
        } else {
            ""
        }
    )))
}

/// Whether every sheet an .xls workbook lists (its BOUNDSHEET records) starts inside the
/// workbook stream: calamine 0.38 slices the stream at that offset unchecked (xls.rs, a panic
/// on a damaged file). True when the stream cannot be located here (calamine reads it then).
fn xls_sheet_offsets_ok(b: &[u8]) -> bool {
    let Some(stream) = cfb_workbook_stream(b) else { return true };
    let mut pos = 0usize;
    while pos + 4 <= stream.len() {
        let typ = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]) as usize;
        if typ == 0x0085 {
            match stream.get(pos + 4..pos + 8) {
                Some(p) if (u32::from_le_bytes([p[0], p[1], p[2], p[3]]) as usize) < stream.len() => {}
                _ => return false,
            }
        }
        pos += 4 + len;
    }
    true
}

/// The `Workbook` (or `Book`) stream of an OLE compound file, when it lies in regular sectors.
fn cfb_workbook_stream(b: &[u8]) -> Option<Vec<u8>> {
    const END: u32 = 0xFFFF_FFFA;
    let u16at = |p: usize| b.get(p..p + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let u32at = |s: &[u8], p: usize| s.get(p..p + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
    let shift = u16at(0x1E)?;
    if shift != 9 && shift != 12 {
        return None;
    }
    let ss = 1usize << shift;
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize).checked_add(1)?.checked_mul(ss)?;
        b.get(start..start.checked_add(ss)?)
    };
    let mut fat_sectors = Vec::new();
    for i in 0..109 {
        let s = u32at(b, 0x4C + 4 * i)?;
        if s >= END {
            break;
        }
        fat_sectors.push(s);
    }
    let mut difat = u32at(b, 0x44)?;
    let mut guard = 0;
    while difat < END && guard < 10_000 {
        let sec = sector(difat)?;
        for i in 0..ss / 4 - 1 {
            let s = u32at(sec, 4 * i)?;
            if s < END {
                fat_sectors.push(s);
            }
        }
        difat = u32at(sec, ss - 4)?;
        guard += 1;
    }
    let mut fat = Vec::new();
    for &s in &fat_sectors {
        let sec = sector(s)?;
        fat.extend(sec.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])));
    }
    let chain = |start: u32| -> Option<Vec<u8>> {
        let (mut out, mut s, mut n) = (Vec::new(), start, 0usize);
        while s < END {
            out.extend_from_slice(sector(s)?);
            s = *fat.get(s as usize)?;
            n += 1;
            if n > fat.len() {
                return None;
            }
        }
        Some(out)
    };
    let dir = chain(u32at(b, 0x30)?)?;
    let cutoff = u32at(b, 0x38)?;
    for e in dir.chunks_exact(128) {
        let name_len = (u16::from_le_bytes([e[0x40], e[0x41]]) as usize).min(64);
        let name: Vec<u16> = e[..name_len.saturating_sub(2)].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        let name = String::from_utf16_lossy(&name);
        if name == "Workbook" || name == "Book" {
            let size = u32at(e, 0x78)? as usize;
            if size < cutoff as usize {
                return None;
            }
            let mut s = chain(u32at(e, 0x74)?)?;
            s.truncate(size);
            return Some(s);
        }
    }
    None
}

fn encrypted(file_name: &str) -> WorkbookError {
    err(format!(
        "「{file_name}」设置了打开密码（已加密），无法读取。请在 Excel 或 WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再导入"
    ))
}

fn corrupt(file_name: &str) -> WorkbookError {
    err(format!("「{file_name}」已损坏或不完整，不是可读的 Excel 工作簿；请用 Excel 或 WPS 打开后重新保存，再导入"))
}

/// The checks of a zip container (.xlsx, .ods): part count, declared and actual
/// decompressed sizes, encryption, XML entity declarations and sheet sizes.
fn check_zip(bytes: &[u8], file_name: &str) -> Result<Kind, WorkbookError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt(file_name))?;
    if zip.len() > MAX_PARTS {
        return Err(err(format!("「{file_name}」包含 {} 个部件，超过上限 {MAX_PARTS}，不像一份自评表工作簿，未导入", zip.len())));
    }
    let mut total: u64 = 0;
    let mut names = Vec::new();
    let bomb = |what: String| {
        err(format!(
            "「{file_name}」解压后过大（{what}），可能是恶意构造的压缩文件（“压缩炸弹”），未导入"
        ))
    };
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| corrupt(file_name))?;
        let name = part.name().map_err(|_| corrupt(file_name))?.to_string();
        if part.encrypted() {
            return Err(encrypted(file_name));
        }
        let declared = part.size();
        if declared > MAX_PART_BYTES {
            return Err(bomb(format!("部件 {name} 声明解压后 {} MB，上限 {} MB", declared / 1024 / 1024, MAX_PART_BYTES / 1024 / 1024)));
        }
        total = total.saturating_add(declared);
        if total > MAX_TOTAL_BYTES {
            return Err(bomb(format!("各部件声明解压后共超过 {} MB", MAX_TOTAL_BYTES / 1024 / 1024)));
        }
        // The actual size, whatever the header declares.
        let mut data = Vec::new();
        (&mut part)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|_| corrupt(file_name))?;
        if data.len() as u64 > MAX_PART_BYTES || data.len() as u64 > declared.saturating_add(1024) && data.len() as u64 > declared * 2 {
            return Err(bomb(format!("部件 {name} 实际解压后超过声明的大小或上限")));
        }
        let lname = name.to_lowercase();
        if lname.ends_with(".xml") || lname.ends_with(".rels") || lname.ends_with(".vml") {
            if has_entity_declaration(&data) {
                return Err(err(format!(
                    "「{file_name}」的部件 {name} 含有 XML 的 DOCTYPE / ENTITY 声明（正常的 Excel、WPS 文件不会有），为安全起见未导入"
                )));
            }
            if lname.starts_with("xl/worksheets/") {
                check_sheet_xml(&data, &name, file_name)?;
            }
            if lname == "content.xml" {
                check_ods_content(&data, file_name)?;
            }
        }
        names.push(lname);
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        Ok(Kind::Xlsx)
    } else if names.iter().any(|n| n == "content.xml") && zip_text(&mut zip, "mimetype").is_some_and(|m| m.contains("spreadsheet")) {
        Ok(Kind::Ods)
    } else if names.iter().any(|n| n == "xl/workbook.bin") {
        Err(err(format!("「{file_name}」是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为「Excel 工作簿（*.xlsx）」后再导入")))
    } else if names.iter().any(|n| n.starts_with("word/")) {
        Err(err(format!("「{file_name}」是 Word 文档，不是 Excel 工作簿")))
    } else {
        Err(err(format!("「{file_name}」是压缩文件，但不是 Excel 工作簿（.xlsx、.xls 或 .ods），无法导入")))
    }
}

fn zip_text(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut part = zip.by_name(name).ok()?;
    let mut s = String::new();
    (&mut part).take(1024).read_to_string(&mut s).ok()?;
    Some(s)
}

/// A `<!DOCTYPE` or `<!ENTITY` anywhere in a part (ASCII case-insensitive; also in UTF-16).
fn has_entity_declaration(data: &[u8]) -> bool {
    let lower: Vec<u8> = data.iter().filter(|b| **b != 0).map(|b| b.to_ascii_lowercase()).collect();
    contains(&lower, b"<!doctype") || contains(&lower, b"<!entity")
}

/// The extent of a worksheet's cells (from their `r="B7"` references and `<row r="…">`),
/// refused when it spans more than [`MAX_CELLS`].
fn check_sheet_xml(data: &[u8], part: &str, file_name: &str) -> Result<(), WorkbookError> {
    let (mut max_row, mut max_col, mut count) = (0u64, 0u64, 0u64);
    let mut i = 0;
    while let Some(p) = find_from(data, b"<c ", i).or_else(|| find_from(data, b"<c>", i)) {
        count += 1;
        i = p + 2;
        let end = find_from(data, b">", i).unwrap_or(data.len());
        if let Some(r) = find_from(&data[..end], b" r=\"", i) {
            let (row, col) = parse_ref(&data[r + 4..end]);
            max_row = max_row.max(row);
            max_col = max_col.max(col);
        }
    }
    let mut i = 0;
    while let Some(p) = find_from(data, b"<row ", i) {
        i = p + 4;
        let end = find_from(data, b">", i).unwrap_or(data.len());
        if let Some(r) = find_from(&data[..end], b" r=\"", i) {
            let (row, _) = parse_ref(&data[r + 4..end]);
            // A row reference is digits only.
            max_row = max_row.max(row);
        }
    }
    let span = max_row.saturating_mul(max_col.max(1));
    if span > MAX_CELLS || count > MAX_CELLS {
        return Err(err(format!(
            "「{file_name}」的工作表（{part}）太大：用到了 {max_row} 行 × {max_col} 列，超过可导入的 {MAX_CELLS} 个单元格。一张自评表通常不到 100 行，请删去多余的行列后再导入"
        )));
    }
    Ok(())
}

/// The extent of each table of an .ods `content.xml`, counting repeated rows and cells up to
/// the last filled one (a repeated filled cell or row counts every repeat), refused when it
/// spans more than [`MAX_CELLS`]. (calamine expands repeats up to 100 million cells.)
fn check_ods_content(data: &[u8], file_name: &str) -> Result<(), WorkbookError> {
    let (mut rows, mut max_row, mut max_col) = (0u64, 0u64, 0u64);
    let (mut row_repeats, mut col, mut row_last_col) = (1u64, 0u64, 0u64);
    let too_big = |r: u64, c: u64| {
        err(format!(
            "「{file_name}」的工作表太大：用到了 {r} 行 × {c} 列，超过可导入的 {MAX_CELLS} 个单元格。请删去多余的行列后再导入"
        ))
    };
    let mut i = 0;
    while let Some(p) = find_from(data, b"<", i) {
        let end = find_from(data, b">", p).unwrap_or(data.len());
        let tag = &data[p + 1..end];
        i = end;
        // The name (a closing tag's with its "/").
        let name_end = tag.iter().skip(1).position(|b| b.is_ascii_whitespace() || *b == b'/').map_or(tag.len(), |n| n + 1);
        let name = &tag[..name_end];
        let self_closing = tag.ends_with(b"/");
        match name {
            b"table:table" => (rows, max_row, max_col) = (0, 0, 0),
            b"table:table-row" => {
                row_repeats = attr_number(tag, b"table:number-rows-repeated=\"").unwrap_or(1);
                (col, row_last_col) = (0, 0);
                if self_closing {
                    rows = rows.saturating_add(row_repeats);
                }
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let repeats = attr_number(tag, b"table:number-columns-repeated=\"").unwrap_or(1);
                col = col.saturating_add(repeats);
                if !self_closing || contains(tag, b"office:value-type") {
                    row_last_col = col;
                }
            }
            b"/table:table-row" => {
                rows = rows.saturating_add(row_repeats);
                if row_last_col > 0 {
                    max_row = rows;
                    max_col = max_col.max(row_last_col);
                }
                if max_row.saturating_mul(max_col) > MAX_CELLS {
                    return Err(too_big(max_row, max_col));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn attr_number(tag: &[u8], attr: &[u8]) -> Option<u64> {
    let p = find_from(tag, attr, 0)? + attr.len();
    let digits: Vec<u8> = tag[p..].iter().take_while(|b| b.is_ascii_digit()).copied().collect();
    std::str::from_utf8(&digits).ok()?.parse().ok().or(Some(u64::MAX))
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

/// 1-based (row, col) of a reference such as `AB12` (a row number alone gives col 0).
fn parse_ref(s: &[u8]) -> (u64, u64) {
    let (mut col, mut row) = (0u64, 0u64);
    for &b in s {
        match b {
            b'A'..=b'Z' => col = col.saturating_mul(26).saturating_add((b - b'A' + 1) as u64),
            b'a'..=b'z' => col = col.saturating_mul(26).saturating_add((b - b'a' + 1) as u64),
            b'0'..=b'9' => row = row.saturating_mul(10).saturating_add((b - b'0') as u64),
            _ => break,
        }
    }
    (row, col)
}

/// The sheets of a checked workbook, each as a grid.
pub fn read_sheets(bytes: &[u8], kind: Kind, file_name: &str) -> Result<Vec<Grid>, WorkbookError> {
    let cursor = Cursor::new(bytes);
    let fail = |e: String| {
        if e.contains("password") || e.contains("Password") {
            encrypted(file_name)
        } else {
            corrupt(file_name)
        }
    };
    let mut grids = Vec::new();
    match kind {
        Kind::Xlsx => {
            let mut wb: Xlsx<_> = Xlsx::new(cursor).map_err(|e| fail(e.to_string()))?;
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).map_err(|e| fail(e.to_string()))?;
                let formulas = wb.worksheet_formula(&name).ok();
                let merged = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                grids.push(to_grid(&name, &range, formulas.as_ref(), merged, file_name)?);
            }
        }
        Kind::Xls => {
            // calamine 0.38's .xls reader slices records by lengths read from the file without
            // checking them (its formula parser above all), so a damaged .xls can panic inside
            // it. Where panics unwind (native tests, debug builds) that is caught here and
            // reported as a damaged file; builds with panic = "abort" (the release CLI and
            // wasm) stop instead — the BOUNDSHEET check above prevents the commonest case.
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<Vec<Grid>, WorkbookError> {
                let mut wb: Xls<_> = Xls::new(cursor).map_err(|e| fail(e.to_string()))?;
                let mut grids = Vec::new();
                for name in wb.sheet_names() {
                    let range = wb.worksheet_range(&name).map_err(|e| fail(e.to_string()))?;
                    let formulas = wb.worksheet_formula(&name).ok();
                    let merged = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
                    grids.push(to_grid(&name, &range, formulas.as_ref(), merged, file_name)?);
                }
                Ok(grids)
            }));
            grids = read.map_err(|_| corrupt(file_name))??;
        }
        Kind::Ods => {
            let mut wb: Ods<_> = Ods::new(cursor).map_err(|e| fail(e.to_string()))?;
            for name in wb.sheet_names() {
                let range = wb.worksheet_range(&name).map_err(|e| fail(e.to_string()))?;
                let formulas = wb.worksheet_formula(&name).ok();
                grids.push(to_grid(&name, &range, formulas.as_ref(), Vec::new(), file_name)?);
            }
        }
    }
    Ok(grids)
}

fn to_grid(
    name: &str,
    range: &calamine::Range<Data>,
    formulas: Option<&calamine::Range<String>>,
    merged: Vec<Dimensions>,
    file_name: &str,
) -> Result<Grid, WorkbookError> {
    let (rows, cols) = match range.end() {
        Some((r, c)) => (r as u64 + 1, c as u64 + 1),
        None => (0, 0),
    };
    if rows.saturating_mul(cols) > MAX_CELLS {
        return Err(err(format!(
            "「{file_name}」的工作表「{name}」太大：用到了 {rows} 行 × {cols} 列，超过可导入的 {MAX_CELLS} 个单元格。请删去多余的行列后再导入"
        )));
    }
    let mut cells = vec![vec![String::new(); cols as usize]; rows as usize];
    if let Some((r0, c0)) = range.start() {
        for (r, c, d) in range.used_cells() {
            cells[r0 as usize + r][c0 as usize + c] = data_text(d);
        }
    }
    let mut formula_without_value = Vec::new();
    if let (Some(f), Some((r0, c0))) = (formulas, formulas.and_then(|f| f.start())) {
        for (r, c, text) in f.used_cells() {
            let (r, c) = (r0 as usize + r, c0 as usize + c);
            if !text.is_empty() && cells.get(r).and_then(|row| row.get(c)).is_none_or(|s| s.is_empty()) {
                formula_without_value.push((r, c, text.clone()));
            }
        }
    }
    Ok(Grid { sheet: name.to_string(), cells, merged, formula_without_value })
}
