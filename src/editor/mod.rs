//! 编辑器: the web app's single reducer state — the draft being edited, its assessment
//! (score and findings), undo/redo, the paste preview and the bits of UI state that must
//! survive a re-render. Pure: no browser; tested natively (tests/editor.rs).
//!
//! Design:
//! - The draft is an `Rc<Draft>`; an action clones the evaluation once, changes it, and
//!   [`crate::assess`] runs once on the result (the only place the editor scores).
//! - Undo/redo do not keep whole evaluations: after each action the old and new evaluations
//!   are compared and only what changed is kept ([`Step`]): a snapshot of a small section, or
//!   a splice of the indicator rows between the first and the last row that changed. A step
//!   applied returns its own inverse, so undo turns into redo and back without special cases.
//! - The indicator table is rendered from [`EditorState::rows`]: one `Rc<RowView>` per row,
//!   reused (same `Rc`) when the row, its score and its findings did not change, so a UI
//!   component with `PartialEq` props skips unchanged rows.

mod fields;
mod find;
mod history;
pub mod file_task;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use crate::draft::Draft;
use crate::model::*;
use crate::reconcile::Finding;
use crate::scoring::{GroupScore, IndicatorScore};
use crate::Assessment;

pub use crate::indicator_table::{
    parse_band, paste_preview, positional_columns, read_table, split_tsv, CellProblem, PasteColumn, PastePreview,
    PasteRow,
};
pub use fields::{
    execution_base_label, field_label, field_options, field_text, field_text_of_indicator, indicator_path,
    reverse_formula_label,
};
pub use crate::field_input::unreadable_message;
pub use find::find_indicators;
pub use history::Step;
use fields::{set_field, FieldError};
use history::{diff, Entry, History};

// ---------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------

/// The editor's sections (tabs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Section {
    /// 项目信息
    #[default]
    Project,
    /// 资金
    Funds,
    /// 绩效目标
    Goals,
    /// 绩效指标
    Indicators,
    /// 满意度调查
    Survey,
    /// 关键数据
    Figures,
    /// 报告文字
    Narrative,
    /// 评分规则
    Rules,
    /// 报告
    Report,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Project,
        Section::Funds,
        Section::Goals,
        Section::Indicators,
        Section::Survey,
        Section::Figures,
        Section::Narrative,
        Section::Rules,
        Section::Report,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Section::Project => "项目信息",
            Section::Funds => "资金",
            Section::Goals => "绩效目标",
            Section::Indicators => "绩效指标",
            Section::Survey => "满意度调查",
            Section::Figures => "关键数据",
            Section::Narrative => "报告文字",
            Section::Rules => "评分规则",
            Section::Report => "报告",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Section::Project => "project",
            Section::Funds => "funds",
            Section::Goals => "goals",
            Section::Indicators => "indicators",
            Section::Survey => "survey",
            Section::Figures => "figures",
            Section::Narrative => "narrative",
            Section::Rules => "rules",
            Section::Report => "report",
        }
    }
    /// The section a field path belongs to (`indicators.i3.actual` → 绩效指标).
    pub fn of_path(path: &str) -> Section {
        match path.split('.').next().unwrap_or("") {
            "header" | "notes" => Section::Project,
            "funds" => Section::Funds,
            "goals" => Section::Goals,
            "indicators" => Section::Indicators,
            "survey" => Section::Survey,
            "figures" => Section::Figures,
            "narrative" => Section::Narrative,
            "rules" => Section::Rules,
            "claimed" => Section::Rules,
            _ => Section::Project,
        }
    }
}

/// A list whose rows can be added, deleted and moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    /// 绩效指标 rows (all levels)
    Indicators,
    /// 资金来源 rows
    FundsSources,
    /// 资金用途
    FundsUses,
    /// 预算安排（申请）by purpose
    FundsPlans,
    /// 资金拨付
    FundsTransfers,
    /// 满意度调查 options
    SurveyOptions,
    /// 关键数据
    Figures,
    /// 评分规则: standard level-1 weights (rows addressed by index)
    Level1Weights,
}

/// Everything the UI can ask for.
// `Load` carries a whole draft; actions are short-lived, so the size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Sets any field by its path (see the crate docs) from typed text. Numbers are read with
    /// [`crate::numbers`]; text that cannot be read is kept in `evaluation.unreadable` and the
    /// field counts as blank (what is scored is what the field shows; a setting that cannot be
    /// blank, `rules.*`, keeps its value). Enums take their label ("≥", "定性", "万元" …),
    /// booleans "true"/"false".
    Edit { path: String, text: String },
    /// Sets a field while the user is still typing in it: sent on each keystroke of every
    /// text field, number field and table cell, so totals, scores and the autosave follow the
    /// typing. Applied like `Edit`, but the field shows the text exactly as typed
    /// ([`EditorState::typing`]) until the `Edit` that ends the typing (the field's change),
    /// and the `Type`s on one path and that `Edit` make one undo step.
    Type { path: String, text: String },
    /// Adds an empty row after the row `after` (or at the end). The new row gets focus.
    AddRow { list: List, after: Option<String> },
    DeleteRow { list: List, id: String },
    /// Moves a row one place up (`up`) or down.
    MoveRow { list: List, id: String, up: bool },
    /// 绩效指标: one level deeper (一级 → 二级 → 三级), with the rows below it that belong to it.
    Indent { id: String },
    /// 绩效指标: one level up, with the rows below it that belong to it.
    Outdent { id: String },
    /// Replaces the scoring rules by a preset's.
    ApplyPreset(RulePreset),
    /// Reads tab-separated rows copied from Excel / WPS into a preview.
    PastePreview { text: String },
    /// Applies the preview: inserts its rows (one undoable step).
    PasteApply,
    PasteCancel,
    Undo,
    Redo,
    /// Opens a draft (clears undo history).
    Load(Draft),
    /// Moves to the section of a path and focuses (and highlights) the field.
    Focus(String),
    /// Shows a section.
    ShowSection(Section),
    /// Marks the draft as saved at `modified` (sets `draft.modified`; no undo step).
    MarkSaved { modified: String },
    /// Clears the notice.
    DismissNotice,
    /// 全面检查: every section counts as worked on, so what is still to fill (待填写) is shown
    /// as the errors it is (see [`EditorState::worked_on`]).
    FullCheck,
    /// 改为占位符: replaces a number of a narrative text by the placeholder of the figure it
    /// states (a narrative finding's [`crate::reconcile::Finding::fix`]), so that the text
    /// follows the data; one undo step, like an `Edit` of that text. Nothing happens when the
    /// text no longer holds that number there.
    UsePlaceholder(crate::narrative::Fix),
}

/// A paste waiting in its preview: what was read ([`PastePreview`], also reachable through
/// `Deref`) and what applying it would insert into this evaluation ([`PastePlan`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Paste {
    pub preview: PastePreview,
    pub plan: PastePlan,
}

impl std::ops::Deref for Paste {
    type Target = PastePreview;
    fn deref(&self) -> &PastePreview {
        &self.preview
    }
}

/// What a paste inserts, row for row. The preview computes it by applying the paste to a copy
/// of the evaluation (the apply's own code, `apply_paste`), the apply computes it again while
/// inserting: the numbers the preview shows are those the notice after applying shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PastePlan {
    /// One per row of the preview, in its order.
    pub rows: Vec<RowPlan>,
    /// 三级 rows inserted.
    pub indicators: usize,
    /// 一级/二级 headings created (the ones that did not exist yet).
    pub headings: usize,
    /// Rows not recognised (未识别), not inserted.
    pub unrecognised: usize,
}

/// What one pasted row does.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RowPlan {
    /// The headings it creates, (level, name), in order.
    pub new_headings: Vec<(u8, String)>,
    /// Whether it inserts a 三级 row.
    pub indicator: bool,
}

impl PastePlan {
    /// Rows inserted: 三级 rows and headings created.
    pub fn total(&self) -> usize {
        self.indicators + self.headings
    }
    /// What is inserted, as the preview and the notice both say it:
    /// "7 行：5 个三级指标，新建 2 个一级/二级指标".
    pub fn inserted_text(&self) -> String {
        let mut t = format!("{} 行：{} 个三级指标", self.total(), self.indicators);
        if self.headings > 0 {
            t.push_str(&format!("，新建 {} 个一级/二级指标", self.headings));
        }
        t
    }
    /// The rows left out, if any: "2 行未识别，不插入".
    pub fn skipped_text(&self) -> Option<String> {
        (self.unrecognised > 0).then(|| format!("{} 行未识别，不插入", self.unrecognised))
    }
}

/// One indicator row as the table shows it; shared (`Rc`) between states while unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct RowView {
    pub row: Indicator,
    /// 三级 rows: the computed score.
    pub score: Option<IndicatorScore>,
    /// 一级/二级 rows: the subtotal.
    pub group: Option<GroupScore>,
    /// Findings whose path is in this row.
    pub findings: Vec<Finding>,
    /// Unreadable typed text per field name of this row (`actual` → "12..5").
    pub unreadable: BTreeMap<String, String>,
    /// The field of this row being typed in and its text exactly as typed (see
    /// [`EditorState::typing`]).
    pub typed: Option<(String, String)>,
}

impl RowView {
    /// The text a cell of this row shows: as typed while it is being typed in, else the
    /// unreadable text, else the value.
    pub fn field_text(&self, field: &str) -> String {
        shown_text(self.typed.as_ref(), field, self.unreadable.get(field), || field_text_of_indicator(&self.row, field))
    }
}

/// What a field shows, the one rule for the form ([`EditorState::field_text`]) and the table's
/// cells ([`RowView::field_text`]): the text being typed in it (`typing`: key and text), else
/// its unreadable text, else its value.
fn shown_text(typing: Option<&(String, String)>, key: &str, unreadable: Option<&String>, value: impl FnOnce() -> String) -> String {
    match (typing, unreadable) {
        (Some((k, text)), _) if k == key => text.clone(),
        (_, Some(text)) => text.clone(),
        _ => value(),
    }
}

/// The editor state. Cheap to clone (everything big is behind an `Rc`).
#[derive(Debug, Clone)]
pub struct EditorState {
    pub draft: Rc<Draft>,
    pub assessment: Rc<Assessment>,
    /// The indicator rows for the table, in display order.
    pub rows: Rc<Vec<Rc<RowView>>>,
    /// The section shown.
    pub section: Section,
    /// The field to focus and highlight, and a counter that changes on every Focus so the UI
    /// can focus again the same path.
    pub focus: Option<String>,
    pub focus_seq: u64,
    pub paste: Option<Rc<Paste>>,
    /// A message about the last action that could not be done (in Chinese).
    pub notice: Option<String>,
    /// Increases on every change of the draft's content (for autosave).
    pub revision: u64,
    /// The field being typed in (`Action::Type`) and its text exactly as typed: the field
    /// shows it until the typing ends (the field's change, `Action::Edit`, shows the value as
    /// read, "1,000" → "1000"), so a re-render never rewrites the text under the caret while
    /// the value, the scores and the autosave follow every keystroke.
    pub typing: Option<(String, String)>,
    /// The sections the user has worked on (bit `1 << index in Section::ALL`): there a
    /// finding that only says a field is blank is an error; elsewhere it is 待填写
    /// ([`crate::reconcile::defer_to_fill`]). See [`EditorState::worked_on`].
    worked: u16,
    undo: History,
    redo: History,
    next_id: u64,
}

impl Default for EditorState {
    fn default() -> Self {
        EditorState::new(Draft::default())
    }
}

impl PartialEq for EditorState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.draft, &other.draft)
            && self.section == other.section
            && self.focus == other.focus
            && self.focus_seq == other.focus_seq
            && self.paste == other.paste
            && self.notice == other.notice
            && self.revision == other.revision
            && self.worked == other.worked
    }
}

impl EditorState {
    pub fn new(draft: Draft) -> EditorState {
        let worked = sections_with_content(&draft.evaluation);
        let assessment = Rc::new(assess_worked(&draft.evaluation, worked));
        let rows = build_rows(&draft.evaluation, &assessment, None, None, None);
        EditorState {
            draft: Rc::new(draft),
            assessment,
            rows,
            section: Section::default(),
            focus: None,
            focus_seq: 0,
            paste: None,
            notice: None,
            revision: 0,
            typing: None,
            worked,
            undo: History::default(),
            redo: History::default(),
            next_id: 1,
        }
    }

    pub fn evaluation(&self) -> &Evaluation {
        &self.draft.evaluation
    }

    pub fn can_undo(&self) -> bool {
        self.undo.head.is_some()
    }
    pub fn can_redo(&self) -> bool {
        self.redo.head.is_some()
    }
    /// What undo would undo ("修改 实际完成值" …).
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.head.as_ref().map(|n| n.entry.label.as_str())
    }
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.head.as_ref().map(|n| n.entry.label.as_str())
    }
    pub fn undo_depth(&self) -> usize {
        self.undo.len
    }
    pub fn redo_depth(&self) -> usize {
        self.redo.len
    }
    /// The changes the next undo would revert (for tests and diagnostics).
    pub fn undo_steps(&self) -> &[Step] {
        self.undo.head.as_ref().map(|n| n.entry.steps.as_slice()).unwrap_or(&[])
    }

    /// The text shown in the input of a field: as typed while it is being typed in, else the
    /// unreadable text, else the value.
    pub fn field_text(&self, path: &str) -> String {
        let e = self.evaluation();
        shown_text(self.typing.as_ref(), path, e.unreadable.get(path), || field_text(e, path).unwrap_or_default())
    }

    /// The Chinese message for an unreadable field, if it has one.
    pub fn field_error(&self, path: &str) -> Option<String> {
        self.evaluation()
            .unreadable
            .get(path)
            .map(|text| unreadable_message(self.evaluation(), path, text))
    }

    /// Whether the user has worked on `section`, so that what is blank there is an error
    /// rather than 待填写. A section counts as worked on
    /// - once an action changed something in it (an edit, a row added, deleted, moved or
    ///   indented, a paste, a preset): what the user has begun must be finished;
    /// - when the draft opened (a new one, the sample, a file, one of the library's, a reload)
    ///   already holds something there beyond the blank form's template
    ///   (`model::new_evaluation`): what a draft brings is shown with all its errors at once —
    ///   the sample and an imported draft with data in every part show every error, and a
    ///   reload shows the same as before it — while the parts nobody has filled in yet stay
    ///   待填写;
    /// - after 全面检查 ([`Action::FullCheck`]), every section.
    pub fn worked_on(&self, section: Section) -> bool {
        self.worked & section_bit(section) != 0
    }

    /// Whether every section counts as worked on (全面检查 done or nothing left to defer).
    pub fn fully_checked(&self) -> bool {
        Section::ALL.iter().all(|s| self.worked_on(*s))
    }

    /// 还需填写: the findings of `section` shown as still to fill (待填写).
    pub fn to_fill_count(&self, section: Section) -> usize {
        self.assessment
            .findings
            .iter()
            .filter(|f| f.severity == crate::reconcile::Severity::ToFill && Section::of_path(&f.path) == section)
            .count()
    }

    /// 还需填写, all sections.
    pub fn to_fill_total(&self) -> usize {
        self.assessment.findings.iter().filter(|f| f.severity == crate::reconcile::Severity::ToFill).count()
    }

    /// Findings at exactly this path.
    pub fn findings_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Finding> + 'a {
        self.assessment.findings.iter().filter(move |f| f.path == path)
    }

    fn fresh_id(&mut self, prefix: &str, used: &HashSet<&str>) -> String {
        loop {
            let id = format!("{prefix}{}", self.next_id);
            self.next_id += 1;
            if !used.contains(id.as_str()) {
                return id;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The reducer
// ---------------------------------------------------------------------------------------

/// The reducer: the state after `action`.
pub fn reduce(state: &EditorState, action: Action) -> EditorState {
    apply(state, action).unwrap_or_else(|| state.clone())
}

/// Like [`reduce`], but `None` when nothing at all changed (so the UI need not re-render).
pub fn apply(state: &EditorState, action: Action) -> Option<EditorState> {
    let action = match action {
        Action::UsePlaceholder(fix) => {
            let text = fields::field_text(&state.draft.evaluation, &fix.path)?;
            let text = crate::narrative::use_placeholder(&text, &fix)?;
            Action::Edit { path: fix.path, text }
        }
        other => other,
    };
    // The section an action works on, once it has changed the draft (see `worked_on`).
    let works_on = match &action {
        Action::FullCheck => {
            let mut s = state.clone();
            mark_worked(&mut s, Section::ALL.iter().fold(0, |bits, sec| bits | section_bit(*sec)));
            return (s.worked != state.worked).then_some(s);
        }
        Action::Edit { path, .. } | Action::Type { path, .. } => Some(Section::of_path(path)),
        Action::AddRow { list, .. } | Action::DeleteRow { list, .. } | Action::MoveRow { list, .. } => {
            Some(list_section(*list))
        }
        Action::Indent { .. } | Action::Outdent { .. } | Action::PasteApply => Some(Section::Indicators),
        Action::ApplyPreset(_) => Some(Section::Rules),
        _ => None,
    };
    let mut next = apply_action(state, action)?;
    if let Some(section) = works_on.filter(|_| next.revision != state.revision) {
        mark_worked(&mut next, section_bit(section));
    }
    Some(next)
}

/// The bit of a section in [`EditorState::worked`].
fn section_bit(section: Section) -> u16 {
    1 << Section::ALL.iter().position(|s| *s == section).unwrap_or(0)
}

fn list_section(list: List) -> Section {
    match list {
        List::Indicators => Section::Indicators,
        List::FundsSources | List::FundsUses | List::FundsPlans | List::FundsTransfers => Section::Funds,
        List::SurveyOptions => Section::Survey,
        List::Figures => Section::Figures,
        List::Level1Weights => Section::Rules,
    }
}

/// The sections in which `e` holds something beyond the blank form's template (see
/// [`EditorState::worked_on`]).
fn sections_with_content(e: &Evaluation) -> u16 {
    let blank = new_evaluation(e.rules.preset);
    let mut bits = 0;
    let mut mark = |section: Section, content: bool| {
        if content {
            bits |= section_bit(section);
        }
    };
    mark(Section::Project, e.header != blank.header || !e.notes.trim().is_empty());
    mark(Section::Funds, e.funds != blank.funds);
    mark(Section::Goals, e.goals != blank.goals);
    mark(Section::Indicators, e.indicators != blank.indicators);
    mark(Section::Survey, e.survey != blank.survey);
    mark(Section::Figures, !e.figures.is_empty());
    mark(Section::Narrative, e.narrative.values().any(|t| !t.trim().is_empty()));
    mark(Section::Rules, e.rules != blank.rules || e.claimed != blank.claimed);
    for path in e.unreadable.keys() {
        mark(Section::of_path(path), true);
    }
    bits
}

/// The assessment of a draft as it shows when opened ([`EditorState::new`]): what is blank in
/// the sections that hold nothing yet is 待填写, everything else as [`crate::assess`] gives it.
/// `jixiao check` reads this too, so the command line and the app give one answer.
pub fn assess_opened(e: &Evaluation) -> Assessment {
    assess_worked(e, sections_with_content(e))
}

/// The assessment as the editor shows it: [`crate::assess`], with what is blank in the
/// sections not worked on shown as 待填写.
fn assess_worked(e: &Evaluation, worked: u16) -> Assessment {
    let mut a = crate::assess(e);
    defer_unworked(&mut a.findings, worked);
    a
}

/// What is blank in the sections not in `worked` is 待填写; elsewhere what its code says.
fn defer_unworked(findings: &mut [Finding], worked: u16) {
    crate::reconcile::defer_to_fill(findings, |f| worked & section_bit(Section::of_path(&f.path)) != 0);
}

/// Counts the sections `bits` as worked on: their 待填写 findings become what they are.
fn mark_worked(s: &mut EditorState, bits: u16) {
    if s.worked | bits == s.worked {
        return;
    }
    s.worked |= bits;
    let mut a = (*s.assessment).clone();
    defer_unworked(&mut a.findings, s.worked);
    if a != *s.assessment {
        let a = Rc::new(a);
        s.rows = build_rows(&s.draft.evaluation, &a, Some(&s.rows), None, s.typing.as_ref());
        s.assessment = a;
    }
}

fn apply_action(state: &EditorState, action: Action) -> Option<EditorState> {
    let mut s = state.clone();
    match action {
        Action::Load(draft) => {
            let mut fresh = EditorState::new(draft);
            fresh.next_id = s.next_id;
            fresh.revision = s.revision + 1;
            return Some(fresh);
        }
        Action::Undo | Action::Redo => {
            let undo = matches!(action, Action::Undo);
            let (from, to) = if undo { (&s.undo, &s.redo) } else { (&s.redo, &s.undo) };
            let (entry, rest) = from.pop()?;
            let mut e = s.draft.evaluation.clone();
            let mut inverse: Vec<Step> = entry.steps.into_iter().map(|st| st.apply(&mut e)).collect();
            inverse.reverse();
            let pushed = to.push(Entry {
                label: entry.label.clone(),
                steps: inverse,
                typing: None,
            });
            if undo {
                s.undo = rest;
                s.redo = pushed;
            } else {
                s.redo = rest;
                s.undo = pushed;
            }
            s.notice = None;
            s.typing = None;
            commit_evaluation(&mut s, e, None);
            return Some(s);
        }
        Action::Focus(path) => {
            s.section = Section::of_path(&path);
            s.focus = Some(path);
            s.focus_seq += 1;
            return Some(s);
        }
        Action::ShowSection(section) => {
            if s.section == section {
                return None;
            }
            s.section = section;
            return Some(s);
        }
        Action::DismissNotice => {
            s.notice.as_ref()?;
            s.notice = None;
            return Some(s);
        }
        Action::MarkSaved { modified } => {
            if s.draft.modified == modified {
                return None;
            }
            let mut d = (*s.draft).clone();
            d.modified = modified;
            s.draft = Rc::new(d);
            return Some(s);
        }
        Action::PasteCancel => {
            s.paste.as_ref()?;
            s.paste = None;
            return Some(s);
        }
        Action::PastePreview { text } => {
            let preview = paste_preview(&text, s.evaluation().header.money_unit);
            if preview.rows.is_empty() {
                s.notice = Some("粘贴的内容里没有可用的行".into());
                s.paste = None;
            } else {
                // A dry run of the apply on a copy: the preview counts what will be inserted.
                let mut dry = s.clone();
                let mut e = s.evaluation().clone();
                let plan = apply_paste(&mut dry, &mut e, &preview);
                s.paste = Some(Rc::new(Paste { preview, plan }));
                s.notice = None;
            }
            return Some(s);
        }
        _ => {}
    }

    // Content-changing actions.
    let mut e = s.draft.evaluation.clone();
    let preset_chosen = match &action {
        Action::ApplyPreset(_) => true,
        Action::Edit { path, .. } | Action::Type { path, .. } => path == "rules.preset",
        _ => false,
    };
    let notice_before = s.notice.take();
    // An edit of one indicator's field changes that row only (see `set_field`): the undo step
    // and the row views then need not compare the other rows.
    let is_edit = matches!(action, Action::Edit { .. } | Action::Type { .. });
    let edited_row = match &action {
        Action::Edit { path, .. } | Action::Type { path, .. } => {
            indicator_path(path).and_then(|(id, _)| e.indicators.iter().position(|r| r.id == id))
        }
        _ => None,
    };
    // Typing: the path this action types in or ends the typing of (see `Action::Type`), and
    // the text the field shows while it is typed in.
    s.typing = None;
    let (typed_path, still_typing) = match &action {
        Action::Type { path, text } => {
            s.typing = Some((path.clone(), text.clone()));
            (Some(path.clone()), true)
        }
        Action::Edit { path, .. } => (Some(path.clone()), false),
        _ => (None, false),
    };
    let joins_typing = typed_path.is_some()
        && s.undo.head.as_ref().is_some_and(|n| n.entry.typing == typed_path);
    let label = match action {
        Action::Edit { path, text } | Action::Type { path, text } => {
            match set_field(&mut e, &path, &text) {
                Ok(()) => {
                    e.unreadable.remove(&path);
                }
                Err(FieldError::Unreadable(_)) => {
                    // What is scored is what the field shows: text that cannot be read counts
                    // as blank (a setting that cannot be blank keeps its value). The text is
                    // kept, and its UNREADABLE_NUMBER finding says what is wrong.
                    let _ = set_field(&mut e, &path, "");
                    e.unreadable.insert(path.clone(), text);
                }
                Err(FieldError::Unknown) => {
                    s.notice = Some(if field_text(&e, &path).is_some() {
                        format!("「{text}」不是「{}」可选的值", field_label(&path))
                    } else {
                        format!("无法修改「{path}」：没有这个字段")
                    });
                    return Some(s);
                }
            }
            format!("修改 {}", field_label(&path))
        }
        Action::AddRow { list, after } => {
            let id = add_row(&mut s, &mut e, list, after.as_deref());
            match id {
                Some(focus) => {
                    s.focus = Some(focus);
                    s.focus_seq += 1;
                }
                None => return Some(s),
            }
            "添加行".to_string()
        }
        Action::DeleteRow { list, id } => {
            if !delete_row(&mut e, list, &id) {
                s.notice = Some("要删除的行已不存在".into());
                return Some(s);
            }
            "删除行".to_string()
        }
        Action::MoveRow { list, id, up } => {
            if let Err(m) = move_row(&mut e, list, &id, up) {
                s.notice = Some(m);
                return Some(s);
            }
            if up { "上移行" } else { "下移行" }.to_string()
        }
        Action::Indent { ref id } | Action::Outdent { ref id } => {
            let deeper = matches!(action, Action::Indent { .. });
            if let Err(m) = change_level(&mut e, id, deeper) {
                s.notice = Some(m);
                return Some(s);
            }
            if deeper { "降级（缩进）" } else { "升级（取消缩进）" }.to_string()
        }
        Action::ApplyPreset(preset) => {
            e.rules = RuleSettings::preset(preset);
            e.unreadable.retain(|k, _| !k.starts_with("rules."));
            format!("应用预设 {}", preset.label())
        }
        Action::PasteApply => {
            let paste = s.paste.take()?;
            let plan = apply_paste(&mut s, &mut e, &paste.preview);
            let skipped = plan.skipped_text().map(|t| format!("；{t}")).unwrap_or_default();
            if plan.total() == 0 {
                s.notice = Some(format!("没有插入任何行{skipped}"));
                return Some(s);
            }
            s.notice = Some(format!("已粘贴 {}{skipped}", plan.inserted_text()));
            format!("粘贴 {} 行", plan.total())
        }
        _ => unreachable!("handled above"),
    };
    if !preset_chosen && e.rules != s.draft.evaluation.rules {
        label_preset(&mut e.rules);
    }
    let mut steps = diff(&s.draft.evaluation, &e, edited_row);
    if steps.is_empty() {
        // Nothing changed (the same value typed again, "38,200" for 38200 …): no undo step,
        // and no new state unless a notice went away — or typing ended: the field's change
        // after the keystrokes that already set its value closes their undo step, so the next
        // typing in this field is a step of its own.
        let typing_ended = state.typing.is_some() && s.typing.is_none();
        if typing_ended {
            // The field shows its value as read now ("1,000" → "1000").
            s.rows = build_rows(&s.draft.evaluation, &s.assessment, Some(&s.rows), edited_row, None);
        }
        if joins_typing && !still_typing {
            if let Some((mut entry, rest)) = s.undo.pop() {
                entry.typing = None;
                s.undo = rest.push(entry);
            }
            return Some(s);
        }
        let unchanged = is_edit && notice_before.is_none() && s.notice.is_none() && !typing_ended;
        return (!unchanged).then_some(s);
    }
    if joins_typing {
        // One step for the whole typing: undoing it applies this change's inverse, then the
        // earlier keystrokes' (back to the value before the typing began).
        if let Some((entry, rest)) = s.undo.pop() {
            steps.extend(entry.steps);
            s.undo = rest;
        }
    }
    s.undo = s.undo.push(Entry {
        label,
        steps,
        typing: typed_path.filter(|_| still_typing),
    });
    s.redo = History::default();
    commit_evaluation(&mut s, e, edited_row);
    Some(s)
}

/// After a change of a setting: the preset whose settings these are, or 自定义 — the preset
/// already chosen first (云南's settings are 财政部's: a 云南 draft stays 云南).
fn label_preset(rules: &mut RuleSettings) {
    let current = rules.preset;
    for p in std::iter::once(current).chain(RulePreset::ALL).filter(|p| *p != RulePreset::Custom) {
        let mut as_p = rules.clone();
        as_p.preset = p;
        if as_p == RuleSettings::preset(p) {
            rules.preset = p;
            return;
        }
    }
    rules.preset = RulePreset::Custom;
}

/// Installs a changed evaluation: new draft, one assessment, row views (reused where equal).
/// `only_row`: the one indicator row whose content may have changed (the other rows' views
/// are still rebuilt when their scores or findings changed).
fn commit_evaluation(s: &mut EditorState, e: Evaluation, only_row: Option<usize>) {
    let d = Draft {
        id: s.draft.id.clone(),
        created: s.draft.created.clone(),
        modified: s.draft.modified.clone(),
        evaluation: e,
    };
    let assessment = Rc::new(assess_worked(&d.evaluation, s.worked));
    s.rows = build_rows(&d.evaluation, &assessment, Some(&s.rows), only_row, s.typing.as_ref());
    s.assessment = assessment;
    s.draft = Rc::new(d);
    s.revision += 1;
}

fn build_rows(
    e: &Evaluation,
    a: &Assessment,
    old: Option<&Rc<Vec<Rc<RowView>>>>,
    only_row: Option<usize>,
    typing: Option<&(String, String)>,
) -> Rc<Vec<Rc<RowView>>> {
    // The cell being typed in: (row id, field, text).
    let typing = typing.and_then(|(path, text)| {
        let (id, field) = indicator_path(path)?;
        Some((id, field, text.as_str()))
    });
    // The scorecard pairs with the 三级 rows by position (one score per scored row).
    let mut scores = a.scorecard.indicators.iter();
    let groups: HashMap<&str, &GroupScore> =
        a.scorecard.groups.iter().map(|g| (g.id.as_str(), g)).collect();
    let mut findings: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in &a.findings {
        if let Some((id, _)) = indicator_path(&f.path) {
            findings.entry(id).or_default().push(f);
        }
    }
    let mut unreadable: HashMap<&str, BTreeMap<String, String>> = HashMap::new();
    for (path, text) in &e.unreadable {
        if let Some((id, field)) = indicator_path(path).filter(|(_, field)| !field.is_empty()) {
            unreadable.entry(id).or_default().insert(field.to_string(), text.clone());
        }
    }
    // The previous view of a row: at the same place (every edit of a cell, so no map of all the
    // rows per keystroke), else found by id (after rows were added, deleted or moved; the map
    // is built on the first such row).
    let old_rows: &[Rc<RowView>] = old.map(|rows| rows.as_slice()).unwrap_or(&[]);
    let by_id: std::cell::OnceCell<HashMap<&str, &Rc<RowView>>> = std::cell::OnceCell::new();
    let previous = |i: usize, id: &str| -> Option<&Rc<RowView>> {
        match old_rows.get(i) {
            Some(prev) if prev.row.id == id => Some(prev),
            _ => by_id
                .get_or_init(|| old_rows.iter().map(|r| (r.row.id.as_str(), r)).collect())
                .get(id)
                .copied(),
        }
    };
    let empty_u = BTreeMap::new();
    let rows = e
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let id = ind.id.as_str();
            // Rows other than the edited one are unchanged (same ids at the same places).
            let same_row = |prev: &RowView| match only_row {
                Some(r) if r != i => true,
                _ => prev.row == *ind,
            };
            let score: Option<&IndicatorScore> = if ind.is_scored() { scores.next() } else { None };
            let group = groups.get(id).copied();
            let fs: &[&Finding] = findings.get(id).map(|v| v.as_slice()).unwrap_or(&[]);
            let un = unreadable.get(id).unwrap_or(&empty_u);
            let typed = typing.filter(|(tid, _, _)| *tid == id).map(|(_, f, t)| (f.to_string(), t.to_string()));
            if let Some(prev) = previous(i, id) {
                if same_row(prev)
                    && prev.score.as_ref() == score
                    && prev.group.as_ref() == group
                    && prev.findings.len() == fs.len()
                    && prev.findings.iter().zip(fs).all(|(a, b)| a == *b)
                    && prev.unreadable == *un
                    && prev.typed == typed
                {
                    return Rc::clone(prev);
                }
            }
            Rc::new(RowView {
                row: ind.clone(),
                score: score.cloned(),
                group: group.cloned(),
                findings: fs.iter().map(|f| (*f).clone()).collect(),
                unreadable: un.clone(),
                typed,
            })
        })
        .collect();
    Rc::new(rows)
}


// ---------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------

fn ids_of(e: &Evaluation, list: List) -> Vec<String> {
    match list {
        List::Indicators => e.indicators.iter().map(|r| r.id.clone()).collect(),
        List::FundsSources => e.funds.sources.iter().map(|r| r.id.clone()).collect(),
        List::FundsUses => e.funds.uses.iter().map(|r| r.id.clone()).collect(),
        List::FundsPlans => e.funds.plans.iter().map(|r| r.id.clone()).collect(),
        List::FundsTransfers => e.funds.transfers.iter().map(|r| r.id.clone()).collect(),
        List::SurveyOptions => e.survey.options.iter().map(|r| r.id.clone()).collect(),
        List::Figures => e.figures.iter().map(|r| r.id.clone()).collect(),
        List::Level1Weights => (0..e.rules.level1_weights.len()).map(|i| i.to_string()).collect(),
    }
}

fn list_prefix(list: List) -> &'static str {
    match list {
        List::Indicators => "i",
        List::FundsSources => "s",
        List::FundsUses => "u",
        List::FundsPlans => "p",
        List::FundsTransfers => "t",
        List::SurveyOptions => "o",
        List::Figures => "f",
        List::Level1Weights => "",
    }
}

/// Adds a row; returns the path of its first field (to focus).
fn add_row(s: &mut EditorState, e: &mut Evaluation, list: List, after: Option<&str>) -> Option<String> {
    let ids = ids_of(e, list);
    let pos = match after {
        Some(a) => ids.iter().position(|x| x == a).map(|i| i + 1).unwrap_or(ids.len()),
        None => ids.len(),
    };
    let used: HashSet<&str> = ids.iter().map(|s| s.as_str()).collect();
    let id = if list == List::Level1Weights {
        pos.to_string()
    } else {
        s.fresh_id(list_prefix(list), &used)
    };
    let focus = match list {
        List::Indicators => {
            let (pos, level) = indicator_insert_place(&e.indicators, after);
            e.indicators.insert(
                pos,
                Indicator {
                    id: id.clone(),
                    level,
                    ..Indicator::default()
                },
            );
            format!("indicators.{id}.name")
        }
        List::FundsSources => {
            let used_sources: Vec<FundsSource> = e.funds.sources.iter().map(|r| r.source).collect();
            let source = [FundsSource::CurrentAppropriation, FundsSource::PriorCarryover, FundsSource::Other]
                .into_iter()
                .find(|x| !used_sources.contains(x))
                .unwrap_or(FundsSource::Custom);
            e.funds.sources.insert(
                pos,
                FundsRow {
                    id: id.clone(),
                    source,
                    name: if source == FundsSource::Custom { String::new() } else { source.label().into() },
                    amounts: FundsAmounts::default(),
                    ..FundsRow::default()
                },
            );
            format!("funds.sources.{id}.name")
        }
        List::FundsUses => {
            e.funds.uses.insert(pos, FundsUse { id: id.clone(), ..Default::default() });
            format!("funds.uses.{id}.purpose")
        }
        List::FundsPlans => {
            e.funds.plans.insert(pos, FundsUse { id: id.clone(), ..Default::default() });
            format!("funds.plans.{id}.purpose")
        }
        List::FundsTransfers => {
            e.funds.transfers.insert(pos, FundsTransfer { id: id.clone(), ..Default::default() });
            format!("funds.transfers.{id}.account")
        }
        List::SurveyOptions => {
            e.survey.options.insert(pos, SurveyOption { id: id.clone(), ..Default::default() });
            format!("survey.options.{id}.label")
        }
        List::Figures => {
            e.figures.insert(pos, KeyFigure { id: id.clone(), ..Default::default() });
            format!("figures.{id}.name")
        }
        List::Level1Weights => {
            e.rules.level1_weights.insert(pos, StandardWeight::default());
            format!("rules.level1_weights.{pos}.name")
        }
    };
    Some(focus)
}

/// Where a new indicator row goes, and its level, for the row `after` (the focused one):
/// after a 三级 row, right below it at its level; on a heading (一级/二级), directly below it
/// as its first child — at the level of its children, or one deeper when it has none — so
/// the new row appears where the user is looking, whatever the length of the group (not at
/// the group's end, which may be off screen), as the row's ＋ 在下面插入一行 says; without a
/// row (or a row that is gone), at the end as a 三级 row.
fn indicator_insert_place(rows: &[Indicator], after: Option<&str>) -> (usize, u8) {
    let Some(i) = after.and_then(|a| rows.iter().position(|r| r.id == a)) else {
        return (rows.len(), 3);
    };
    let level = rows[i].level;
    if level >= 3 {
        return (i + 1, level);
    }
    let child = rows.get(i + 1).map(|r| r.level).filter(|&l| l > level).unwrap_or(level + 1);
    (i + 1, child.min(3))
}

fn remove_at<T>(v: &mut Vec<T>, id: impl Fn(&T) -> bool) -> bool {
    match v.iter().position(id) {
        Some(i) => {
            v.remove(i);
            true
        }
        None => false,
    }
}

fn delete_row(e: &mut Evaluation, list: List, id: &str) -> bool {
    let prefix = match list {
        List::Indicators => format!("indicators.{id}."),
        List::FundsSources => format!("funds.sources.{id}."),
        List::FundsUses => format!("funds.uses.{id}."),
        List::FundsPlans => format!("funds.plans.{id}."),
        List::FundsTransfers => format!("funds.transfers.{id}."),
        List::SurveyOptions => format!("survey.options.{id}."),
        List::Figures => format!("figures.{id}."),
        List::Level1Weights => "rules.level1_weights.".to_string(),
    };
    let done = match list {
        List::Indicators => remove_at(&mut e.indicators, |r| r.id == id),
        List::FundsSources => remove_at(&mut e.funds.sources, |r| r.id == id),
        List::FundsUses => remove_at(&mut e.funds.uses, |r| r.id == id),
        List::FundsPlans => remove_at(&mut e.funds.plans, |r| r.id == id),
        List::FundsTransfers => remove_at(&mut e.funds.transfers, |r| r.id == id),
        List::SurveyOptions => remove_at(&mut e.survey.options, |r| r.id == id),
        List::Figures => remove_at(&mut e.figures, |r| r.id == id),
        List::Level1Weights => match id.parse::<usize>() {
            Ok(i) if i < e.rules.level1_weights.len() => {
                e.rules.level1_weights.remove(i);
                true
            }
            _ => false,
        },
    };
    if done {
        // Unreadable text of a deleted row goes with it (undo brings both back).
        e.unreadable.retain(|k, _| !k.starts_with(&prefix));
    }
    done
}

fn swap_in<T>(v: &mut [T], i: usize, up: bool) -> Result<(), String> {
    if up {
        if i == 0 {
            return Err("已经是第一行，不能再上移".into());
        }
        v.swap(i, i - 1);
    } else {
        if i + 1 >= v.len() {
            return Err("已经是最后一行，不能再下移".into());
        }
        v.swap(i, i + 1);
    }
    Ok(())
}

fn move_row(e: &mut Evaluation, list: List, id: &str, up: bool) -> Result<(), String> {
    let missing = || "要移动的行已不存在".to_string();
    let pos = |ids: Vec<String>| ids.iter().position(|x| x == id).ok_or_else(missing);
    let i = pos(ids_of(e, list))?;
    match list {
        List::Indicators => swap_in(&mut e.indicators, i, up),
        List::FundsSources => swap_in(&mut e.funds.sources, i, up),
        List::FundsUses => swap_in(&mut e.funds.uses, i, up),
        List::FundsPlans => swap_in(&mut e.funds.plans, i, up),
        List::FundsTransfers => swap_in(&mut e.funds.transfers, i, up),
        List::SurveyOptions => swap_in(&mut e.survey.options, i, up),
        List::Figures => swap_in(&mut e.figures, i, up),
        List::Level1Weights => swap_in(&mut e.rules.level1_weights, i, up),
    }
}

/// Indent (deeper) or outdent a row together with the rows below it that belong to it.
fn change_level(e: &mut Evaluation, id: &str, deeper: bool) -> Result<(), String> {
    let i = e
        .indicators
        .iter()
        .position(|r| r.id == id)
        .ok_or_else(|| "该行已不存在".to_string())?;
    let level = e.indicators[i].level;
    let mut end = i + 1;
    while end < e.indicators.len() && e.indicators[end].level > level {
        end += 1;
    }
    let block = &mut e.indicators[i..end];
    if deeper {
        if block.iter().any(|r| r.level >= 3) {
            return Err(if level >= 3 {
                "三级指标已是最低一级，不能再缩进".into()
            } else {
                "其下已有三级指标，不能再缩进".into()
            });
        }
        block.iter_mut().for_each(|r| r.level += 1);
    } else {
        if level <= 1 {
            return Err("一级指标已是最高一级，不能再升级".into());
        }
        block.iter_mut().for_each(|r| r.level -= 1);
    }
    Ok(())
}


/// Inserts the preview's rows into the tree: each 三级 row goes at the end of its 二级 group
/// under its 一级 heading; headings that do not exist yet are created; rows not recognised
/// are left out. Returns what was done, row for row (the preview shows the same, from a dry
/// run on a copy).
fn apply_paste(s: &mut EditorState, e: &mut Evaluation, preview: &PastePreview) -> PastePlan {
    let mut plan = PastePlan::default();
    let mut used: HashSet<String> = e.indicators.iter().map(|r| r.id.clone()).collect();
    let mut new_id = |s: &mut EditorState| {
        let u: HashSet<&str> = used.iter().map(|x| x.as_str()).collect();
        let id = s.fresh_id("i", &u);
        used.insert(id.clone());
        id
    };
    for prow in &preview.rows {
        let mut row_plan = RowPlan::default();
        if !prow.is_recognised() {
            plan.unrecognised += 1;
            plan.rows.push(row_plan);
            continue;
        }
        // Where the block of the 一级 heading is (creating it if needed).
        let mut insert_at = e.indicators.len();
        let mut parent_level = 0u8;
        if !prow.level1.is_empty() {
            let i1 = match e.indicators.iter().position(|r| r.level == 1 && r.name.trim() == prow.level1) {
                Some(i) => i,
                None => {
                    let id = new_id(s);
                    e.indicators.push(Indicator { id, level: 1, name: prow.level1.clone(), ..Indicator::default() });
                    row_plan.new_headings.push((1, prow.level1.clone()));
                    e.indicators.len() - 1
                }
            };
            let end1 = block_end(&e.indicators, i1);
            insert_at = end1;
            parent_level = 1;
            if !prow.level2.is_empty() {
                let i2 = match (i1 + 1..end1).find(|&j| e.indicators[j].level == 2 && e.indicators[j].name.trim() == prow.level2) {
                    Some(j) => j,
                    None => {
                        let id = new_id(s);
                        e.indicators.insert(end1, Indicator { id, level: 2, name: prow.level2.clone(), ..Indicator::default() });
                        row_plan.new_headings.push((2, prow.level2.clone()));
                        end1
                    }
                };
                insert_at = block_end(&e.indicators, i2);
                parent_level = 2;
            }
        }
        if let Some(ind) = &prow.indicator {
            let id = new_id(s);
            let mut ind = ind.clone();
            ind.id = id.clone();
            ind.level = if parent_level == 0 { 3 } else { 3.max(parent_level + 1) };
            for (field, text) in &prow.unreadable {
                e.unreadable.insert(format!("indicators.{id}.{field}"), text.clone());
            }
            e.indicators.insert(insert_at, ind);
            row_plan.indicator = true;
        }
        plan.headings += row_plan.new_headings.len();
        plan.indicators += usize::from(row_plan.indicator);
        plan.rows.push(row_plan);
    }
    plan
}

/// The index just past the rows that belong to the heading at `i`.
fn block_end(rows: &[Indicator], i: usize) -> usize {
    let level = rows[i].level;
    let mut j = i + 1;
    while j < rows.len() && rows[j].level > level {
        j += 1;
    }
    j
}

