//! The sample evaluation: the seed report's project (东川区 城乡居民社会养老保险区级配套, 2019),
//! from `samples/pension-2019.jixiao.json`.
//!
//! Every figure the seed report states is in its place; what the seed does not give (weights,
//! indicator natures, the survey breakdown, the 主管部门) is a realistic choice listed in the
//! draft's `notes`. Figures the seed states twice with different values (参保人数 16.80万人 /
//! 16.6万人, 系统记账人次 125599 / 125600) are kept as two key figures, so reconciliation
//! reports them; the narrative quotes them as `{名称}`.

use crate::draft::{self, Draft};

/// The sample draft file, exactly as [`draft::to_json`] writes it.
pub const PENSION_2019_JSON: &str = include_str!("../samples/pension-2019.jixiao.json");

/// The seed's project as a complete draft.
pub fn pension_2019() -> Draft {
    match draft::parse(PENSION_2019_JSON.as_bytes()) {
        Ok(loaded) => loaded.draft,
        // The file is checked by tests/sample.rs; this cannot happen in a released build.
        Err(e) => panic!("内置样例草稿无法读取：{e}"),
    }
}
