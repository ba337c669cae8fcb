//! jixiao — 项目支出绩效自评 (project expenditure performance self-evaluation).
//!
//! The pure core: the evaluation model, scoring by the Ministry of Finance rules,
//! reconciliation, the editor's reducer, report writing and the draft file format. It knows
//! nothing of the browser and compiles natively; the Yew UI (`ui`, wasm32 only) and the CLI
//! (`src/bin/jixiao.rs`) are thin layers over it. See ARCHITECTURE.md.
//!
//! Field paths: every editable field has a path used by the editor, by findings and by the
//! `unreadable` map of [`model::Evaluation`]:
//! - `header.<field>` (name, year, department, implementer, region, money_unit, kind,
//!   report_date, contact)
//! - `funds.total.<col>`, `funds.sources.<id>.<col|name|source>`,
//!   `funds.uses.<id>.<purpose|amount>`, `funds.transfers.<id>.<account|amount>`,
//!   `funds.plans.<id>.<purpose|amount>`, `funds.execution_note`, `funds.uses_unit`,
//!   `funds.transfers_unit`, `funds.plans_unit` — `<col>` is a
//!   [`model::FundsColumn::key`]
//! - `goals.<overall|annual|achieved>`
//! - `indicators.<id>.<field>` (field names as in [`model::Indicator`]; `manual.score`,
//!   `manual.reason` for the manual score)
//! - `survey.<distributed|valid|method>`, `survey.options.<id>.<label|count|satisfied>`
//! - `figures.<id>.<name|value|unit|stated_in>`
//! - `narrative.<key>` ([`model::NarrativeSection::key`])
//! - `rules.<field>`, `claimed.<total|grade|execution_rate|budget_score>`

pub mod model;
pub mod scoring;
pub mod reconcile;
pub mod draft;
pub mod library;
pub mod generate;
pub mod sample;
pub mod numbers;
pub mod order;
pub mod report;
pub mod field_input;
pub mod indicator_table;
pub mod template;
pub mod narrative;
pub mod editor;
pub mod workbook;
pub mod review;
pub mod worker_protocol;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod browser;

pub use model::*;

/// The score and the findings of an evaluation: what the editor shows and the report states.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Assessment {
    pub scorecard: scoring::Scorecard,
    pub findings: Vec<reconcile::Finding>,
}

/// Scores and reconciles an evaluation (the one call the editor and the report make).
pub fn assess(evaluation: &Evaluation) -> Assessment {
    let scorecard = scoring::score(evaluation);
    let findings = reconcile::check(evaluation, &scorecard);
    Assessment { scorecard, findings }
}
