//! A .zip of submissions (审核, issue 19): unpacked by the file-format module (in its worker,
//! [`crate::worker_protocol::Request::Unzip`]); each file inside then goes through the batch as
//! if it had been dropped on its own, named `批次.zip/某单位/自评表.xlsx`.
//!
//! Guarded against zip bombs: at most [`MAX_ENTRIES`] files, each at most [`MAX_ENTRY_BYTES`]
//! once decompressed (counted while decompressing, not trusted from the header) and all of them
//! at most [`MAX_TOTAL_BYTES`]; a zip inside the zip is listed as an error, never opened.
//! Folders, macOS's `__MACOSX/` and hidden files (`.DS_Store`) are skipped. A file the archive
//! cannot give is listed with its message; an archive that cannot be read at all is one
//! message for the whole file.

use std::io::{Cursor, Read};

use serde::{Deserialize, Serialize};

/// The most files a zip may hold.
pub const MAX_ENTRIES: usize = 5000;
/// The most one file may decompress to (the largest workbook the app reads).
pub const MAX_ENTRY_BYTES: u64 = crate::worker_protocol::MAX_WORKBOOK_BYTES as u64;
/// The most all files together may decompress to.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// One file of a zip: its bytes, or why it was not unpacked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Its path inside the zip (`某单位/自评表.xlsx`).
    pub name: String,
    /// The name's bytes, when they are not UTF-8 (a zip made by Windows' 发送到 → 压缩文件夹
    /// stores Chinese names in the system's code page, GBK, without saying so): the app decodes
    /// them with the browser's GBK decoder. `name` is then the zip library's reading of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_name: Option<Vec<u8>>,
    /// Why the file was not unpacked (in Chinese); its bytes are then empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// How many bytes the file has (its part of the unpacked bytes, in the entries' order).
    pub size: usize,
}

/// The files of a zip: the entries, and all their bytes one after another (each entry's
/// `size` bytes in turn).
pub fn unpack(bytes: &[u8]) -> Result<(Vec<Entry>, Vec<u8>), String> {
    // Counted before the archive is opened: opening it reads every entry's record into memory.
    if let Some(n) = recorded_entries(bytes).filter(|n| *n > MAX_ENTRIES) {
        return Err(too_many(n));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        "不是有效的 .zip 压缩包（文件已损坏或不完整，或是 .rar、.7z 等其他格式）：请重新打包为 .zip 后再加入".to_string()
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(too_many(zip.len()));
    }
    let mut entries = Vec::new();
    let mut out = Vec::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut file = match zip.by_index(i) {
            Ok(f) => f,
            Err(_) => {
                entries.push(failed(format!("第 {} 个文件", i + 1), None, "压缩包中的这个文件无法读取：压缩包已损坏".to_string()));
                continue;
            }
        };
        let raw = file.name_raw().to_vec();
        let (name, legacy_name) = match std::str::from_utf8(&raw) {
            Ok(s) => (s.to_string(), None),
            Err(_) => {
                let read = file.name().map(|n| n.into_owned()).unwrap_or_default();
                // A name from the Unicode path field holds CJK characters (CP437 never gives
                // them): trust it; else the app decodes the bytes as GBK.
                let unicode = read.chars().any(|c| c >= '\u{2e80}');
                (read, (!unicode).then_some(raw))
            }
        };
        let name = name.replace('\\', "/").trim_start_matches("./").trim_start_matches('/').to_string();
        if file.is_dir() || name.ends_with('/') || skipped(&name) {
            continue;
        }
        let lower = name.to_lowercase();
        if [".zip", ".rar", ".7z", ".tar", ".gz"].iter().any(|x| lower.ends_with(x)) {
            entries.push(failed(name, legacy_name, "压缩包中的压缩包不会打开：请先把它解压，再把其中的文件加入本批次".into()));
            continue;
        }
        if file.encrypted() {
            entries.push(failed(name, legacy_name, "这个文件已加密（有密码），无法读取".into()));
            continue;
        }
        if file.size() > MAX_ENTRY_BYTES {
            entries.push(failed(name, legacy_name, too_large(file.size())));
            continue;
        }
        if total + file.size() > MAX_TOTAL_BYTES {
            entries.push(failed(name, legacy_name, total_exceeded()));
            continue;
        }
        // The header's size is not trusted: at most one byte more than the limit is read.
        let start = out.len();
        let read = (&mut file).take(MAX_ENTRY_BYTES + 1).read_to_end(&mut out);
        let size = (out.len() - start) as u64;
        let error = match read {
            // (The library's reason is English: a damaged or tampered archive, a size or
            // checksum not as recorded.)
            Err(_) => Some("这个文件无法解压：压缩包已损坏（解压出的内容与压缩包记录的大小或校验值不符）".to_string()),
            Ok(_) if size > MAX_ENTRY_BYTES => Some(too_large(size)),
            Ok(_) if total + size > MAX_TOTAL_BYTES => Some(total_exceeded()),
            Ok(_) => None,
        };
        match error {
            Some(message) => {
                out.truncate(start);
                entries.push(failed(name, legacy_name, message));
            }
            None => {
                total += size;
                entries.push(Entry { name, legacy_name, error: None, size: size as usize });
            }
        }
    }
    Ok((entries, out))
}

fn too_many(n: usize) -> String {
    format!("压缩包中的文件太多（{n} 个，最多 {MAX_ENTRIES} 个）：请分成几个压缩包")
}

/// The number of entries the archive's end record states (None when there is no end record,
/// or it defers to a ZIP64 record: the archive reader then counts).
fn recorded_entries(bytes: &[u8]) -> Option<usize> {
    const END: &[u8] = b"PK\x05\x06";
    // The end record is 22 bytes, followed by a comment of at most 65,535 bytes.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let at = from + bytes[from..].windows(4).rposition(|w| w == END)?;
    let field = bytes.get(at + 10..at + 12)?;
    let n = u16::from_le_bytes([field[0], field[1]]);
    (n != u16::MAX).then_some(n as usize)
}

/// Folders and files a zip carries that are nobody's submission: macOS's `__MACOSX/` copies,
/// hidden files (`.DS_Store`), Windows' `Thumbs.db` and `desktop.ini`.
fn skipped(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    name.starts_with("__MACOSX/") || base.starts_with('.') || base.eq_ignore_ascii_case("thumbs.db") || base.eq_ignore_ascii_case("desktop.ini")
}

fn failed(name: String, legacy_name: Option<Vec<u8>>, message: String) -> Entry {
    Entry { name, legacy_name, error: Some(message), size: 0 }
}

fn too_large(bytes: u64) -> String {
    format!(
        "这个文件解压后太大（超过 {} MB，最多 {} MB）：不像是自评表，没有读取",
        bytes.min(MAX_ENTRY_BYTES + 1) / (1024 * 1024),
        MAX_ENTRY_BYTES / (1024 * 1024)
    )
}

fn total_exceeded() -> String {
    format!("压缩包解压后超过 {} MB，这个文件没有读取：请分成几个压缩包", MAX_TOTAL_BYTES / (1024 * 1024))
}

/// The entries as the worker's reply carries them (`worker_protocol::Reply::Unzipped`): JSON
/// text inside the reply, so that the editor's reply reader does not compile their reader.
pub fn entries_json(entries: &[Entry]) -> String {
    serde_json::to_string(entries).unwrap_or_default()
}

/// The entries of [`entries_json`]'s text (the 审核 page: `serde_json::from_slice`, the one
/// deserializer type of the wasm).
pub fn read_entries(json: &str) -> Result<Vec<Entry>, String> {
    serde_json::from_slice(json.as_bytes()).map_err(|e| format!("解压结果无法读取（{e}）"))
}

/// The entries with their bytes (each entry's slice of `bytes`).
pub fn split<'a>(entries: &'a [Entry], bytes: &'a [u8]) -> Vec<(&'a Entry, &'a [u8])> {
    let mut at = 0;
    entries
        .iter()
        .map(|e| {
            let end = (at + e.size).min(bytes.len());
            let part = &bytes[at.min(end)..end];
            at = end;
            (e, part)
        })
        .collect()
}
