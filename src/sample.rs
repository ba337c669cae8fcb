//! The sample evaluation: the seed report's project (东川区 城乡居民社会养老保险区级配套, 2019),
//! from `samples/pension-2019.jixiao.json`.
//!
//! Every figure the seed report states is in its place; what the seed does not give (weights,
//! indicator natures, the survey breakdown, the 主管部门) is a realistic choice listed in the
//! draft's `notes`. Figures the seed states twice with different values (参保人数 16.80万人 /
//! 16.6万人, 系统记账人次 125599 / 125600) are kept as two key figures, so reconciliation
//! reports them; the narrative quotes them as `{名称}`.

use crate::draft::{self, Draft};

/// The sample's file name: in `samples/`, and beside index.html in the web build (copied there
/// by Trunk), where the app loads it when 打开示例 is clicked — the web app does not compile it
/// in (see [`from_file`]).
pub const FILE_NAME: &str = "pension-2019.jixiao.json";

/// The sample draft file, exactly as [`draft::to_json`] writes it.
pub const PENSION_2019_JSON: &str = include_str!("../samples/pension-2019.jixiao.json");

/// The sample draft from the text of its file (the web app loads [`FILE_NAME`] on demand).
/// Error: a Chinese sentence (the file the server sent is not the sample: a broken build).
pub fn from_file(text: &str) -> Result<Draft, String> {
    draft::parse(text.as_bytes()).map(|loaded| loaded.draft).map_err(|e| format!("示例文件无法读取：{e}"))
}

/// The seed's project as a complete draft.
pub fn pension_2019() -> Draft {
    match draft::parse(PENSION_2019_JSON.as_bytes()) {
        Ok(loaded) => loaded.draft,
        // The file is checked by tests/sample.rs; this cannot happen in a released build.
        Err(e) => panic!("内置样例草稿无法读取：{e}"),
    }
}
