//! The sample evaluation: the seed report's project (东川区 城乡居民社会养老保险区级配套, 2019).

use crate::draft::Draft;

/// The sample draft file (samples/pension-2019.jixiao.json).
pub const PENSION_2019_JSON: &str = include_str!("../samples/pension-2019.jixiao.json");

/// The seed's project as a complete draft.
pub fn pension_2019() -> Draft {
    serde_json::from_str(PENSION_2019_JSON).expect("the bundled sample draft is valid")
}
