//! The draft file format (`*.jixiao.json`): a versioned JSON envelope around an
//! [`Evaluation`]. Decimals are strings. See README.md "Draft file format".
//!
//! ```json
//! { "format": "jixiao-draft", "version": 1, "id": "…", "created": "…", "modified": "…",
//!   "evaluation": { … } }
//! ```

use serde::{Deserialize, Serialize};

use crate::model::Evaluation;

/// The `format` field of every draft file.
pub const FORMAT: &str = "jixiao-draft";
/// The version this build writes.
pub const VERSION: u32 = 1;

/// A draft: one evaluation with its identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Draft {
    /// Stable identity across exports and imports (same id = same draft).
    pub id: String,
    /// ISO 8601 timestamps (UTC), set by whoever saves.
    pub created: String,
    pub modified: String,
    pub evaluation: Evaluation,
}
