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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::draft::Draft;
use crate::model::*;
use crate::numbers::{format_decimal, parse_number, NumberError, Parsed};
use crate::reconcile::Finding;
use crate::scoring::{GroupScore, IndicatorScore};
use crate::Assessment;

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
    /// old value is left as it is. Enums take their label ("≥", "定性", "万元" …), booleans
    /// "true"/"false".
    Edit { path: String, text: String },
    /// Sets a number field while the user is still typing in it: sent on each keystroke whose
    /// text is a plain number ([`crate::numbers::is_plain_number`]), so totals and scores
    /// follow the typing. Applied like `Edit`, but the `Type`s on one path and the `Edit` that
    /// ends them (the field's change) make one undo step.
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
}

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
        self.problems.len() + self.rows.iter().map(|r| r.problems.len()).sum::<usize>()
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
    pub paste: Option<Rc<PastePreview>>,
    /// A message about the last action that could not be done (in Chinese).
    pub notice: Option<String>,
    /// Increases on every change of the draft's content (for autosave).
    pub revision: u64,
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
    }
}

impl EditorState {
    pub fn new(draft: Draft) -> EditorState {
        let assessment = Rc::new(crate::assess(&draft.evaluation));
        let rows = build_rows(&draft.evaluation, &assessment, None, None);
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

    /// The text shown in the input of a field: the unreadable text if any, else the value.
    pub fn field_text(&self, path: &str) -> String {
        if let Some(t) = self.evaluation().unreadable.get(path) {
            return t.clone();
        }
        field_text(self.evaluation(), path).unwrap_or_default()
    }

    /// The Chinese message for an unreadable field, if it has one.
    pub fn field_error(&self, path: &str) -> Option<String> {
        self.evaluation()
            .unreadable
            .get(path)
            .map(|text| unreadable_message(self.evaluation(), path, text))
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

/// The message shown at a field whose text could not be read.
pub fn unreadable_message(e: &Evaluation, path: &str, text: &str) -> String {
    match check_number(e, path, text) {
        Err(m) => m,
        Ok(None) => "此项必须填写数字".to_string(),
        Ok(Some(p)) => {
            if path == "rules.decimals" {
                return format!("「{text}」：小数位数应为 0 到 6 的整数");
            }
            if let (Some(u), ["figures", id, "value"]) =
                (&p.unit, path.split('.').collect::<Vec<_>>().as_slice())
            {
                if let Some(k) = e.figures.iter().find(|k| k.id == *id) {
                    return format!("「{text}」的单位「{u}」与此项的单位「{}」不一致", k.unit);
                }
            }
            format!("「{text}」未能读入，请重新输入")
        }
    }
}

// ---------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------

/// One reversible change. Applying a step returns the step that undoes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Header(Box<ProjectHeader>),
    Funds(Box<Funds>),
    Goals(Box<Goals>),
    Survey(Box<Survey>),
    Figures(Vec<KeyFigure>),
    Narrative(BTreeMap<NarrativeSection, String>),
    Rules(Box<RuleSettings>),
    Claimed(Box<Claimed>),
    Unreadable(BTreeMap<String, String>),
    Notes(String),
    /// Replace `count` indicator rows at `index` by `rows`.
    Indicators { index: usize, count: usize, rows: Vec<Indicator> },
}

impl Step {
    /// How many indicator rows this step keeps (for tests of history size).
    pub fn indicator_rows(&self) -> usize {
        match self {
            Step::Indicators { rows, .. } => rows.len(),
            _ => 0,
        }
    }

    fn apply(self, e: &mut Evaluation) -> Step {
        use std::mem::replace;
        match self {
            Step::Header(v) => Step::Header(Box::new(replace(&mut e.header, *v))),
            Step::Funds(v) => Step::Funds(Box::new(replace(&mut e.funds, *v))),
            Step::Goals(v) => Step::Goals(Box::new(replace(&mut e.goals, *v))),
            Step::Survey(v) => Step::Survey(Box::new(replace(&mut e.survey, *v))),
            Step::Figures(v) => Step::Figures(replace(&mut e.figures, v)),
            Step::Narrative(v) => Step::Narrative(replace(&mut e.narrative, v)),
            Step::Rules(v) => Step::Rules(Box::new(replace(&mut e.rules, *v))),
            Step::Claimed(v) => Step::Claimed(Box::new(replace(&mut e.claimed, *v))),
            Step::Unreadable(v) => Step::Unreadable(replace(&mut e.unreadable, v)),
            Step::Notes(v) => Step::Notes(replace(&mut e.notes, v)),
            Step::Indicators { index, count, rows } => {
                let n = rows.len();
                let removed: Vec<Indicator> =
                    e.indicators.splice(index..index + count, rows).collect();
                Step::Indicators {
                    index,
                    count: n,
                    rows: removed,
                }
            }
        }
    }
}

/// The steps that turn `new` back into `old`. `only_row`: the one indicator row that may
/// differ (an edit of one of its fields), so the others are not compared.
fn diff(old: &Evaluation, new: &Evaluation, only_row: Option<usize>) -> Vec<Step> {
    let mut steps = Vec::new();
    if old.header != new.header {
        steps.push(Step::Header(Box::new(old.header.clone())));
    }
    if old.funds != new.funds {
        steps.push(Step::Funds(Box::new(old.funds.clone())));
    }
    if old.goals != new.goals {
        steps.push(Step::Goals(Box::new(old.goals.clone())));
    }
    if old.survey != new.survey {
        steps.push(Step::Survey(Box::new(old.survey.clone())));
    }
    if old.figures != new.figures {
        steps.push(Step::Figures(old.figures.clone()));
    }
    if old.narrative != new.narrative {
        steps.push(Step::Narrative(old.narrative.clone()));
    }
    if old.rules != new.rules {
        steps.push(Step::Rules(Box::new(old.rules.clone())));
    }
    if old.claimed != new.claimed {
        steps.push(Step::Claimed(Box::new(old.claimed.clone())));
    }
    if old.unreadable != new.unreadable {
        steps.push(Step::Unreadable(old.unreadable.clone()));
    }
    if old.notes != new.notes {
        steps.push(Step::Notes(old.notes.clone()));
    }
    let (a, b) = (&old.indicators, &new.indicators);
    if let Some(i) = only_row.filter(|&i| a.len() == b.len() && i < a.len()) {
        debug_assert!(a.iter().zip(b).enumerate().all(|(j, (x, y))| j == i || x == y));
        if a[i] != b[i] {
            steps.push(Step::Indicators {
                index: i,
                count: 1,
                rows: vec![a[i].clone()],
            });
        }
        return steps;
    }
    let prefix = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    if prefix < a.len() || prefix < b.len() {
        let max_suffix = a.len().min(b.len()) - prefix;
        let suffix = a
            .iter()
            .rev()
            .zip(b.iter().rev())
            .take(max_suffix)
            .take_while(|(x, y)| x == y)
            .count();
        steps.push(Step::Indicators {
            index: prefix,
            count: b.len() - suffix - prefix,
            rows: a[prefix..a.len() - suffix].to_vec(),
        });
    }
    steps
}

#[derive(Debug, Clone, PartialEq)]
struct Entry {
    label: String,
    steps: Vec<Step>,
    /// The path still being typed in (`Action::Type`): the next `Type` or `Edit` of this path
    /// joins this step instead of making its own.
    typing: Option<String>,
}

#[derive(Debug)]
struct Node {
    entry: Entry,
    next: Option<Rc<Node>>,
}

/// A persistent stack: pushing and popping share the rest.
#[derive(Debug, Clone, Default)]
struct History {
    head: Option<Rc<Node>>,
    len: usize,
}

impl History {
    fn push(&self, entry: Entry) -> History {
        History {
            head: Some(Rc::new(Node {
                entry,
                next: self.head.clone(),
            })),
            len: self.len + 1,
        }
    }
    fn pop(&self) -> Option<(Entry, History)> {
        let node = self.head.as_ref()?;
        Some((
            node.entry.clone(),
            History {
                head: node.next.clone(),
                len: self.len - 1,
            },
        ))
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
                s.paste = Some(Rc::new(preview));
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
    // Typing: the path this action types in or ends the typing of (see `Action::Type`).
    let (typed_path, still_typing) = match &action {
        Action::Type { path, .. } => (Some(path.clone()), true),
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
            let preview = s.paste.take()?;
            let n = apply_paste(&mut s, &mut e, &preview);
            s.notice = Some(format!("已粘贴 {n} 行"));
            format!("粘贴 {n} 行")
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
        if joins_typing && !still_typing {
            if let Some((mut entry, rest)) = s.undo.pop() {
                entry.typing = None;
                s.undo = rest.push(entry);
            }
            return Some(s);
        }
        let unchanged = is_edit && notice_before.is_none() && s.notice.is_none();
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

/// After a change of a setting: the preset whose settings these are, or 自定义.
fn label_preset(rules: &mut RuleSettings) {
    for p in [RulePreset::Ministry, RulePreset::TenNinety] {
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
    let assessment = Rc::new(crate::assess(&d.evaluation));
    s.rows = build_rows(&d.evaluation, &assessment, Some(&s.rows), only_row);
    s.assessment = assessment;
    s.draft = Rc::new(d);
    s.revision += 1;
}

fn build_rows(
    e: &Evaluation,
    a: &Assessment,
    old: Option<&Rc<Vec<Rc<RowView>>>>,
    only_row: Option<usize>,
) -> Rc<Vec<Rc<RowView>>> {
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
            if let Some(prev) = previous(i, id) {
                if same_row(prev)
                    && prev.score.as_ref() == score
                    && prev.group.as_ref() == group
                    && prev.findings.len() == fs.len()
                    && prev.findings.iter().zip(fs).all(|(a, b)| a == *b)
                    && prev.unreadable == *un
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
            })
        })
        .collect();
    Rc::new(rows)
}

// ---------------------------------------------------------------------------------------
// Fields by path
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
enum FieldError {
    /// The text is kept in `unreadable`; the message is computed for display by
    /// [`unreadable_message`] (the string here says the same, for debugging).
    #[allow(dead_code)]
    Unreadable(String),
    Unknown,
}

/// What a numeric field accepts as a unit after the number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Units {
    /// 资金: nothing or the draft's money unit
    Money,
    /// percent fields: nothing or %
    Percent,
    /// scores and weights: nothing or 分
    Points,
    /// anything (the unit is handled by the caller)
    Any,
}

/// Checks typed text for a numeric field (units included). `Ok(None)` is an empty cell.
fn check_number(e: &Evaluation, path: &str, text: &str) -> Result<Option<Parsed>, String> {
    let units = units_of(path);
    let text = if path.ends_with(".target") { strip_operator(text).1 } else { text };
    let parsed = parse_number(text).map_err(|e: NumberError| e.to_string())?;
    if let Some(p) = &parsed {
        if let Some(u) = &p.unit {
            match units {
                Units::Money => {
                    let mu = e.header.money_unit.label();
                    if u != mu {
                        return Err(format!(
                            "「{text}」的单位「{u}」与资金单位「{mu}」不一致：请换算成{mu}后填写，或在项目信息中修改资金单位"
                        ));
                    }
                }
                Units::Percent if u != "%" => {
                    return Err(format!("「{text}」：此项是百分数，只能填数字（可带 %）"));
                }
                Units::Points if u != "分" => {
                    return Err(format!("「{text}」：此项是分数，只能填数字（可带“分”）"));
                }
                _ => {}
            }
        }
    }
    Ok(parsed)
}

fn units_of(path: &str) -> Units {
    let last = path.rsplit('.').next().unwrap_or("");
    if path.starts_with("funds.") {
        return Units::Money;
    }
    if path.starts_with("rules.bands.")
        || path == "rules.over_achievement_percent"
        || path == "rules.execution_explain_below"
        || path == "claimed.execution_rate"
    {
        return Units::Percent;
    }
    if matches!(last, "weight" | "band_score" | "claimed_score" | "budget_weight")
        || path.starts_with("rules.grades.")
        || path.ends_with("manual.score")
        || matches!(path, "claimed.total" | "claimed.budget_score")
    {
        return Units::Points;
    }
    Units::Any
}

/// The row id and the field of an indicator path `indicators.<id>.<field…>` (the field is ""
/// for the row itself, `indicators.<id>`); `None` for any other path.
pub fn indicator_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("indicators.")?;
    Some(rest.split_once('.').unwrap_or((rest, "")))
}

/// 查找指标: the ids of the indicator rows whose name (指标名称) contains `query`, in table
/// order. Compared as a Chinese keyboard types them: blanks ignored (half-width, full-width),
/// full-width letters, digits and signs as half-width (`ＧＤＰ` finds `GDP`, `１号` finds
/// `1号`), letters without case; an empty query finds nothing. The indicator table's find box
/// uses it: with many rows only those near the viewport are in the page, so the browser's own
/// find (Ctrl+F) cannot see the others.
pub fn find_indicators<'a>(rows: impl IntoIterator<Item = &'a Indicator>, query: &str) -> Vec<&'a str> {
    let query = fold_for_find(query);
    if query.is_empty() {
        return Vec::new();
    }
    rows.into_iter()
        .filter(|r| fold_for_find(&r.name).contains(&query))
        .map(|r| r.id.as_str())
        .collect()
}

/// The text [`find_indicators`] compares: no blanks, full-width ASCII forms (U+FF01–U+FF5E) as
/// ASCII, lower case.
fn fold_for_find(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
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
        "＝" | "=" | "等于" => Some(IndicatorNature::Equal),
        "定性" => Some(IndicatorNature::Qualitative),
        _ => None,
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim() {
        "true" | "是" | "1" | "on" => Some(true),
        "false" | "否" | "0" | "off" | "" => Some(false),
        _ => None,
    }
}

fn enum_from<T: Copy>(all: &[T], label: fn(T) -> &'static str, text: &str) -> Option<T> {
    all.iter().copied().find(|v| label(*v) == text.trim())
}

const MONEY_UNITS: [MoneyUnit; 2] = [MoneyUnit::TenThousandYuan, MoneyUnit::Yuan];
const KINDS: [EvaluationKind; 3] = [
    EvaluationKind::UnitSelf,
    EvaluationKind::Department,
    EvaluationKind::Finance,
];
const SOURCES: [FundsSource; 4] = [
    FundsSource::CurrentAppropriation,
    FundsSource::PriorCarryover,
    FundsSource::Other,
    FundsSource::Custom,
];
const PRESETS: [RulePreset; 3] = [RulePreset::Ministry, RulePreset::TenNinety, RulePreset::Custom];
const BASES: [ExecutionBase; 3] = [
    ExecutionBase::FullYearBudget,
    ExecutionBase::InitialBudget,
    ExecutionBase::Received,
];
const REVERSES: [ReverseFormula; 2] = [ReverseFormula::Ratio, ReverseFormula::LinearToDouble];
const DIRECTIONS: [Direction; 2] = [Direction::Positive, Direction::Reverse];
const GRADES: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Poor];

pub fn execution_base_label(b: ExecutionBase) -> &'static str {
    b.column().label()
}
pub fn reverse_formula_label(r: ReverseFormula) -> &'static str {
    match r {
        ReverseFormula::Ratio => "分值×目标值÷实际值",
        ReverseFormula::LinearToDouble => "线性递减，至两倍目标值为0",
    }
}

/// Options offered for an enum field: (value text, label). `None` for non-enum fields.
pub fn field_options(path: &str) -> Option<Vec<(String, String)>> {
    let last = path.rsplit('.').next().unwrap_or("");
    let o = |v: &str, l: &str| (v.to_string(), l.to_string());
    Some(match (path, last) {
        ("header.money_unit", _) => MONEY_UNITS.iter().map(|u| o(u.label(), u.label())).collect(),
        ("header.kind", _) => KINDS.iter().map(|u| o(u.label(), u.label())).collect(),
        ("rules.preset", _) => PRESETS.iter().map(|u| o(u.label(), u.label())).collect(),
        ("rules.execution_base", _) => BASES
            .iter()
            .map(|b| o(execution_base_label(*b), execution_base_label(*b)))
            .collect(),
        ("rules.reverse_formula", _) => REVERSES
            .iter()
            .map(|r| o(reverse_formula_label(*r), reverse_formula_label(*r)))
            .collect(),
        ("claimed.grade", _) => std::iter::once(o("", "（未填）"))
            .chain(GRADES.iter().map(|g| o(g.label(), g.label())))
            .collect(),
        (_, "source") if path.starts_with("funds.sources.") => {
            SOURCES.iter().map(|u| o(u.label(), u.label())).collect()
        }
        (_, "nature") => IndicatorNature::ALL
            .iter()
            .map(|n| o(n.label(), n.label()))
            .collect(),
        (_, "direction") => std::iter::once(o("", "（未填）"))
            .chain(DIRECTIONS.iter().map(|d| o(d.label(), d.label())))
            .collect(),
        (_, "band") => std::iter::once(o("", "（未选）"))
            .chain(QualitativeBand::ALL.iter().map(|b| o(b.label(), b.label())))
            .collect(),
        (_, "level") => vec![o("1", "一级指标"), o("2", "二级指标"), o("3", "三级指标")],
        _ => return None,
    })
}

/// A short Chinese name for a field path (for undo labels and messages).
pub fn field_label(path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let name = match last {
        "name" => "名称",
        "year" => "年度",
        "department" => "主管部门",
        "implementer" => "实施单位",
        "region" => "地区",
        "money_unit" => "资金单位",
        "kind" => "评价类型",
        "report_date" => "报告日期",
        "contact" => "联系人",
        "budget_initial" => "年初预算数",
        "budget_full" => "全年预算数",
        "received" => "实际到位资金",
        "executed" => "全年执行数",
        "source" => "资金来源",
        "purpose" => "用途",
        "account" => "拨入账户",
        "amount" => "金额",
        "execution_note" => "执行率说明",
        "overall" => "总目标",
        "annual" => "年度目标",
        "achieved" => "实际完成情况",
        "nature" => "指标性质",
        "direction" => "指标方向",
        "target" => "年度指标值",
        "target_text" => "年度指标值（文字）",
        "unit" => "度量单位",
        "actual" => "实际完成值",
        "actual_text" => "实际完成情况（文字）",
        "actual_unit" => "实际值单位",
        "weight" => "分值",
        "band" => "定性档次",
        "band_score" => "定性得分",
        "score" => "人工得分",
        "reason" => "理由",
        "applicable" => "是否适用",
        "from_survey" => "取自满意度调查",
        "deviation" => "偏差原因分析及改进措施",
        "evidence" => "佐证材料",
        "claimed_score" => "已报得分",
        "level" => "级次",
        "distributed" => "发放问卷数",
        "valid" => "有效样本数",
        "method" => "调查方式",
        "label" => "选项",
        "count" => "人数",
        "satisfied" => "计为满意",
        "value" => "数值",
        "stated_in" => "出处",
        "notes" => "备注",
        _ => "",
    };
    if !name.is_empty() {
        return name.to_string();
    }
    if let Some(key) = path.strip_prefix("narrative.") {
        if let Some(s) = NarrativeSection::from_key(key) {
            return s.title().to_string();
        }
    }
    path.to_string()
}

/// The text of a field (as an input shows it), `None` for an unknown path.
pub fn field_text(e: &Evaluation, path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('.').collect();
    let num = |v: Option<Decimal>| Some(format_decimal(v));
    let b = |v: bool| Some(if v { "true" } else { "false" }.to_string());
    let t = |s: &str| Some(s.to_string());
    match parts.as_slice() {
        ["header", f] => {
            let h = &e.header;
            match *f {
                "name" => t(&h.name),
                "year" => t(&h.year),
                "department" => t(&h.department),
                "implementer" => t(&h.implementer),
                "region" => t(&h.region),
                "money_unit" => t(h.money_unit.label()),
                "kind" => t(h.kind.label()),
                "report_date" => t(&h.report_date),
                "contact" => t(&h.contact),
                _ => None,
            }
        }
        ["notes"] => t(&e.notes),
        ["funds", "total", col] => num(e.funds.total.get(FundsColumn::from_key(col)?)),
        ["funds", "execution_note"] => t(&e.funds.execution_note),
        ["funds", "sources", id, f] => {
            let r = e.funds.sources.iter().find(|r| r.id == *id)?;
            match *f {
                "name" => t(&r.name),
                "source" => t(r.source.label()),
                col => num(r.amounts.get(FundsColumn::from_key(col)?)),
            }
        }
        ["funds", "uses", id, f] => {
            let r = e.funds.uses.iter().find(|r| r.id == *id)?;
            match *f {
                "purpose" => t(&r.purpose),
                "amount" => num(r.amount),
                _ => None,
            }
        }
        ["funds", "transfers", id, f] => {
            let r = e.funds.transfers.iter().find(|r| r.id == *id)?;
            match *f {
                "account" => t(&r.account),
                "amount" => num(r.amount),
                _ => None,
            }
        }
        ["goals", f] => match *f {
            "overall" => t(&e.goals.overall),
            "annual" => t(&e.goals.annual),
            "achieved" => t(&e.goals.achieved),
            _ => None,
        },
        ["indicators", id, f @ ..] => {
            let r = e.indicators.iter().find(|r| r.id == *id)?;
            indicator_field_text(r, &f.join("."))
        }
        ["survey", "distributed"] => num(e.survey.distributed),
        ["survey", "valid"] => num(e.survey.valid),
        ["survey", "method"] => t(&e.survey.method),
        ["survey", "options", id, f] => {
            let o = e.survey.options.iter().find(|o| o.id == *id)?;
            match *f {
                "label" => t(&o.label),
                "count" => num(o.count),
                "satisfied" => b(o.satisfied),
                _ => None,
            }
        }
        ["figures", id, f] => {
            let k = e.figures.iter().find(|k| k.id == *id)?;
            match *f {
                "name" => t(&k.name),
                "value" => num(k.value),
                "unit" => t(&k.unit),
                "stated_in" => t(&k.stated_in),
                _ => None,
            }
        }
        ["narrative", key] => {
            let s = NarrativeSection::from_key(key)?;
            Some(e.narrative.get(&s).cloned().unwrap_or_default())
        }
        ["rules", f @ ..] => {
            let r = &e.rules;
            let d = |v: Decimal| Some(v.to_string());
            match f {
                ["preset"] => t(r.preset.label()),
                ["budget_weight"] => d(r.budget_weight),
                ["execution_base"] => t(execution_base_label(r.execution_base)),
                ["reverse_formula"] => t(reverse_formula_label(r.reverse_formula)),
                ["decimals"] => Some(r.decimals.to_string()),
                ["over_achievement_percent"] => d(r.over_achievement_percent),
                ["execution_explain_below"] => d(r.execution_explain_below),
                ["bands", band, end] => {
                    let (lo, hi) = band_ref(&r.bands, band)?;
                    match *end {
                        "min" => d(lo),
                        "max" => d(hi),
                        _ => None,
                    }
                }
                ["grades", g] => match *g {
                    "excellent" => d(r.grades.excellent),
                    "good" => d(r.grades.good),
                    "pass" => d(r.grades.pass),
                    _ => None,
                },
                ["level1_weights", i, f] => {
                    let w = r.level1_weights.get(i.parse::<usize>().ok()?)?;
                    match *f {
                        "name" => t(&w.name),
                        "weight" => d(w.weight),
                        _ => None,
                    }
                }
                ["rescale_inapplicable"] => b(r.rescale_inapplicable),
                ["draft_mark_on_errors"] => b(r.draft_mark_on_errors),
                _ => None,
            }
        }
        ["claimed", f] => match *f {
            "total" => num(e.claimed.total),
            "grade" => t(e.claimed.grade.map(|g| g.label()).unwrap_or("")),
            "execution_rate" => num(e.claimed.execution_rate),
            "budget_score" => num(e.claimed.budget_score),
            _ => None,
        },
        _ => None,
    }
}

/// The text of one field of an indicator row (`""` for an unknown field).
pub fn field_text_of_indicator(r: &Indicator, field: &str) -> String {
    indicator_field_text(r, field).unwrap_or_default()
}

fn indicator_field_text(r: &Indicator, field: &str) -> Option<String> {
    let num = |v: Option<Decimal>| Some(format_decimal(v));
    let b = |v: bool| Some(if v { "true" } else { "false" }.to_string());
    let t = |s: &str| Some(s.to_string());
    match field {
        "name" => t(&r.name),
        "level" => Some(r.level.to_string()),
        "nature" => t(r.nature.label()),
        "direction" => t(r.direction.map(|d| d.label()).unwrap_or("")),
        "target" => num(r.target),
        "target_text" => t(&r.target_text),
        "unit" => t(&r.unit),
        "actual" => num(r.actual),
        "actual_text" => t(&r.actual_text),
        "actual_unit" => t(&r.actual_unit),
        "weight" => num(r.weight),
        "band" => t(r.band.map(|d| d.label()).unwrap_or("")),
        "band_score" => num(r.band_score),
        "manual.score" => num(r.manual.as_ref().and_then(|m| m.score)),
        "manual.reason" => t(r.manual.as_ref().map(|m| m.reason.as_str()).unwrap_or("")),
        "applicable" => b(r.applicable),
        "from_survey" => b(r.from_survey),
        "deviation" => t(&r.deviation),
        "evidence" => t(&r.evidence),
        "claimed_score" => num(r.claimed_score),
        _ => None,
    }
}

fn band_ref(b: &QualitativeBands, band: &str) -> Option<(Decimal, Decimal)> {
    match band {
        "achieved" => Some(b.achieved),
        "partial" => Some(b.partial),
        "failed" => Some(b.failed),
        _ => None,
    }
}

fn band_mut<'a>(b: &'a mut QualitativeBands, band: &str) -> Option<&'a mut (Decimal, Decimal)> {
    match band {
        "achieved" => Some(&mut b.achieved),
        "partial" => Some(&mut b.partial),
        "failed" => Some(&mut b.failed),
        _ => None,
    }
}

/// Sets one field from typed text.
fn set_field(e: &mut Evaluation, path: &str, text: &str) -> Result<(), FieldError> {
    let parts: Vec<&str> = path.split('.').collect();
    // Numbers are checked against the evaluation before borrowing the field mutably.
    let number = |e: &Evaluation| -> Result<Option<Parsed>, FieldError> {
        check_number(e, path, text).map_err(FieldError::Unreadable)
    };
    let required = |e: &Evaluation| -> Result<Decimal, FieldError> {
        match number(e)? {
            Some(p) => Ok(p.value),
            None => Err(FieldError::Unreadable("此项必须填写数字".into())),
        }
    };
    let value = |p: Option<Parsed>| p.map(|p| p.value);
    let boolean = || parse_bool(text).ok_or(FieldError::Unknown);
    let s = text.to_string();
    macro_rules! pick {
        ($all:expr, $label:expr) => {
            enum_from(&$all, $label, text).ok_or(FieldError::Unknown)?
        };
    }
    match parts.as_slice() {
        ["header", f] => {
            let h = &mut e.header;
            match *f {
                "name" => h.name = s,
                "year" => h.year = s,
                "department" => h.department = s,
                "implementer" => h.implementer = s,
                "region" => h.region = s,
                "money_unit" => h.money_unit = pick!(MONEY_UNITS, MoneyUnit::label),
                "kind" => h.kind = pick!(KINDS, EvaluationKind::label),
                "report_date" => h.report_date = s,
                "contact" => h.contact = s,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["notes"] => e.notes = s,
        ["funds", "total", col] => {
            let col = FundsColumn::from_key(col).ok_or(FieldError::Unknown)?;
            let v = value(number(e)?);
            e.funds.total.set(col, v);
        }
        ["funds", "execution_note"] => e.funds.execution_note = s,
        ["funds", "sources", id, f] => {
            let i = e.funds.sources.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "name" => e.funds.sources[i].name = s,
                "source" => {
                    let src = pick!(SOURCES, FundsSource::label);
                    let r = &mut e.funds.sources[i];
                    if r.name.is_empty() || r.name == r.source.label() {
                        r.name = if src == FundsSource::Custom { String::new() } else { src.label().to_string() };
                    }
                    r.source = src;
                }
                col => {
                    let col = FundsColumn::from_key(col).ok_or(FieldError::Unknown)?;
                    let v = value(number(e)?);
                    e.funds.sources[i].amounts.set(col, v);
                }
            }
        }
        ["funds", "uses", id, f] => {
            let i = e.funds.uses.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "purpose" => e.funds.uses[i].purpose = s,
                "amount" => e.funds.uses[i].amount = value(number(e)?),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["funds", "transfers", id, f] => {
            let i = e.funds.transfers.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "account" => e.funds.transfers[i].account = s,
                "amount" => e.funds.transfers[i].amount = value(number(e)?),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["goals", f] => match *f {
            "overall" => e.goals.overall = s,
            "annual" => e.goals.annual = s,
            "achieved" => e.goals.achieved = s,
            _ => return Err(FieldError::Unknown),
        },
        ["indicators", id, f @ ..] => {
            let i = e.indicators.iter().position(|r| r.id == *id).ok_or(FieldError::Unknown)?;
            let f = f.join(".");
            let parsed = match f.as_str() {
                "target" | "actual" | "weight" | "band_score" | "manual.score" | "claimed_score" => {
                    Some(number(e)?)
                }
                _ => None,
            };
            let r = &mut e.indicators[i];
            match f.as_str() {
                "name" => r.name = s,
                "level" => {
                    r.level = match text.trim() {
                        "1" => 1,
                        "2" => 2,
                        "3" => 3,
                        _ => return Err(FieldError::Unknown),
                    }
                }
                "nature" => {
                    r.nature = parse_nature(text).ok_or(FieldError::Unknown)?;
                }
                "direction" => {
                    r.direction = if text.trim().is_empty() {
                        None
                    } else {
                        Some(pick!(DIRECTIONS, Direction::label))
                    }
                }
                "target" => {
                    let p = parsed.flatten();
                    if let (Some(nature), Some(_)) = (strip_operator(text).0, &p) {
                        r.nature = nature;
                    }
                    if let Some(u) = p.as_ref().and_then(|p| p.unit.clone()) {
                        r.unit = u;
                    }
                    r.target = value(p);
                }
                "target_text" => r.target_text = s,
                "unit" => r.unit = s.trim().to_string(),
                "actual" => {
                    let p = parsed.flatten();
                    if let Some(u) = p.as_ref().and_then(|p| p.unit.clone()) {
                        r.actual_unit = if u == r.unit { String::new() } else { u };
                    }
                    r.actual = value(p);
                }
                "actual_text" => r.actual_text = s,
                "actual_unit" => r.actual_unit = s.trim().to_string(),
                "weight" => r.weight = value(parsed.flatten()),
                "band" => {
                    r.band = if text.trim().is_empty() {
                        None
                    } else {
                        Some(pick!(QualitativeBand::ALL, QualitativeBand::label))
                    }
                }
                "band_score" => r.band_score = value(parsed.flatten()),
                "manual.score" => {
                    let v = value(parsed.flatten());
                    let m = r.manual.get_or_insert_with(ManualScore::default);
                    m.score = v;
                    if m.score.is_none() && m.reason.trim().is_empty() {
                        r.manual = None;
                    }
                }
                "manual.reason" => {
                    let m = r.manual.get_or_insert_with(ManualScore::default);
                    m.reason = s;
                    if m.score.is_none() && m.reason.trim().is_empty() {
                        r.manual = None;
                    }
                }
                "applicable" => r.applicable = boolean()?,
                "from_survey" => r.from_survey = boolean()?,
                "deviation" => r.deviation = s,
                "evidence" => r.evidence = s,
                "claimed_score" => r.claimed_score = value(parsed.flatten()),
                _ => return Err(FieldError::Unknown),
            }
        }
        ["survey", "distributed"] => e.survey.distributed = value(number(e)?),
        ["survey", "valid"] => e.survey.valid = value(number(e)?),
        ["survey", "method"] => e.survey.method = s,
        ["survey", "options", id, f] => {
            let i = e.survey.options.iter().position(|o| o.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "label" => e.survey.options[i].label = s,
                "count" => e.survey.options[i].count = value(number(e)?),
                "satisfied" => e.survey.options[i].satisfied = boolean()?,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["figures", id, f] => {
            let i = e.figures.iter().position(|k| k.id == *id).ok_or(FieldError::Unknown)?;
            match *f {
                "name" => e.figures[i].name = s,
                "value" => {
                    let p = number(e)?;
                    let k = &mut e.figures[i];
                    if let Some(u) = p.as_ref().and_then(|p| p.unit.clone()) {
                        if k.unit.is_empty() {
                            k.unit = u;
                        } else if k.unit != u {
                            return Err(FieldError::Unreadable(format!(
                                "单位「{u}」与此项的单位「{}」不一致", k.unit
                            )));
                        }
                    }
                    k.value = value(p);
                }
                "unit" => e.figures[i].unit = s.trim().to_string(),
                "stated_in" => e.figures[i].stated_in = s,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["narrative", key] => {
            let sec = NarrativeSection::from_key(key).ok_or(FieldError::Unknown)?;
            if text.trim().is_empty() {
                e.narrative.remove(&sec);
            } else {
                e.narrative.insert(sec, s);
            }
        }
        ["rules", "preset"] => {
            let p = pick!(PRESETS, RulePreset::label);
            e.rules = RuleSettings::preset(p);
        }
        ["rules", f @ ..] => {
            match f {
                ["budget_weight"] => e.rules.budget_weight = required(e)?,
                ["execution_base"] => {
                    e.rules.execution_base = pick!(BASES, execution_base_label)
                }
                ["reverse_formula"] => {
                    e.rules.reverse_formula = pick!(REVERSES, reverse_formula_label)
                }
                ["decimals"] => {
                    let v = required(e)?;
                    if v.fract() != Decimal::ZERO || v < Decimal::ZERO || v > Decimal::from(6) {
                        return Err(FieldError::Unreadable("小数位数应为 0 到 6 的整数".into()));
                    }
                    e.rules.decimals = v.to_string().parse().unwrap_or(2);
                }
                ["over_achievement_percent"] => e.rules.over_achievement_percent = required(e)?,
                ["execution_explain_below"] => e.rules.execution_explain_below = required(e)?,
                ["bands", band, end] => {
                    let v = required(e)?;
                    let slot = band_mut(&mut e.rules.bands, band).ok_or(FieldError::Unknown)?;
                    match *end {
                        "min" => slot.0 = v,
                        "max" => slot.1 = v,
                        _ => return Err(FieldError::Unknown),
                    }
                }
                ["grades", g] => {
                    let v = required(e)?;
                    match *g {
                        "excellent" => e.rules.grades.excellent = v,
                        "good" => e.rules.grades.good = v,
                        "pass" => e.rules.grades.pass = v,
                        _ => return Err(FieldError::Unknown),
                    }
                }
                ["level1_weights", i, f] => {
                    let i: usize = i.parse().map_err(|_| FieldError::Unknown)?;
                    let v = if *f == "weight" { Some(required(e)?) } else { None };
                    let w = e.rules.level1_weights.get_mut(i).ok_or(FieldError::Unknown)?;
                    match *f {
                        "name" => w.name = s,
                        "weight" => w.weight = v.unwrap_or_default(),
                        _ => return Err(FieldError::Unknown),
                    }
                }
                ["rescale_inapplicable"] => e.rules.rescale_inapplicable = boolean()?,
                ["draft_mark_on_errors"] => e.rules.draft_mark_on_errors = boolean()?,
                _ => return Err(FieldError::Unknown),
            }
        }
        ["claimed", f] => match *f {
            "total" => e.claimed.total = value(number(e)?),
            "grade" => {
                e.claimed.grade = if text.trim().is_empty() {
                    None
                } else {
                    Some(Grade::from_label(text).ok_or(FieldError::Unknown)?)
                }
            }
            "execution_rate" => e.claimed.execution_rate = value(number(e)?),
            "budget_score" => e.claimed.budget_score = value(number(e)?),
            _ => return Err(FieldError::Unknown),
        },
        _ => return Err(FieldError::Unknown),
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------

fn ids_of(e: &Evaluation, list: List) -> Vec<String> {
    match list {
        List::Indicators => e.indicators.iter().map(|r| r.id.clone()).collect(),
        List::FundsSources => e.funds.sources.iter().map(|r| r.id.clone()).collect(),
        List::FundsUses => e.funds.uses.iter().map(|r| r.id.clone()).collect(),
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
            let level = after
                .and_then(|a| e.indicators.iter().find(|r| r.id == a))
                .map(|r| r.level)
                .unwrap_or(3);
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
                },
            );
            format!("funds.sources.{id}.name")
        }
        List::FundsUses => {
            e.funds.uses.insert(pos, FundsUse { id: id.clone(), ..Default::default() });
            format!("funds.uses.{id}.purpose")
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
        List::FundsTransfers => format!("funds.transfers.{id}."),
        List::SurveyOptions => format!("survey.options.{id}."),
        List::Figures => format!("figures.{id}."),
        List::Level1Weights => "rules.level1_weights.".to_string(),
    };
    let done = match list {
        List::Indicators => remove_at(&mut e.indicators, |r| r.id == id),
        List::FundsSources => remove_at(&mut e.funds.sources, |r| r.id == id),
        List::FundsUses => remove_at(&mut e.funds.uses, |r| r.id == id),
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

// ---------------------------------------------------------------------------------------
// Paste (TSV from Excel / WPS)
// ---------------------------------------------------------------------------------------

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

fn header_column(cell: &str) -> Option<PasteColumn> {
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
        (PasteColumn::Deviation, &["偏差原因", "改进措施"]),
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
    let table = split_tsv(text);
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
    let data = if by_header { &table[1..] } else { &table[..] };
    let first_line = if by_header { 2 } else { 1 };
    let mut rows = Vec::new();
    let (mut l1, mut l2) = (String::new(), String::new());
    for (n, cells) in data.iter().enumerate() {
        let get = |col: PasteColumn| -> String {
            columns
                .iter()
                .position(|c| *c == col)
                .and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        // Merged cells paste as a value in the first row and blanks below: carry down.
        let c1 = get(PasteColumn::Level1);
        if !c1.is_empty() {
            if c1 != l1 {
                l2.clear();
            }
            l1 = c1;
        }
        let c2 = get(PasteColumn::Level2);
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
        };
        if !name.is_empty() {
            row.indicator = Some(read_indicator(&name, &get, &mut row));
        }
        rows.push(row);
    }
    PastePreview {
        matched_by_header: by_header,
        columns,
        rows,
        problems,
    }
}

fn read_indicator(name: &str, get: &dyn Fn(PasteColumn) -> String, row: &mut PasteRow) -> Indicator {
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
    let nature_text = get(PasteColumn::Nature);
    let mut nature = None;
    if !nature_text.is_empty() {
        match parse_nature(&nature_text) {
            Some(n) => nature = Some(n),
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
    ind.nature = nature.unwrap_or(IndicatorNature::AtLeast);
    let actual = get(PasteColumn::Actual);
    if !actual.is_empty() {
        if ind.nature == IndicatorNature::Qualitative {
            ind.actual_text = actual.clone();
        } else {
            match parse_number(&actual) {
                Ok(Some(p)) => {
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
                if col == PasteColumn::Weight {
                    ind.weight = v;
                } else {
                    ind.claimed_score = v;
                }
            }
            Err(err) => {
                problem(row, col, &t, err.to_string());
                row.unreadable.insert(field.into(), t.clone());
            }
        }
    }
    ind.deviation = get(PasteColumn::Deviation);
    ind
}

/// Inserts the preview's rows into the tree: each 三级 row goes at the end of its 二级 group
/// under its 一级 heading; headings that do not exist yet are created. Returns the number
/// of rows inserted.
fn apply_paste(s: &mut EditorState, e: &mut Evaluation, preview: &PastePreview) -> usize {
    let mut count = 0;
    let mut used: HashSet<String> = e.indicators.iter().map(|r| r.id.clone()).collect();
    let mut new_id = |s: &mut EditorState| {
        let u: HashSet<&str> = used.iter().map(|x| x.as_str()).collect();
        let id = s.fresh_id("i", &u);
        used.insert(id.clone());
        id
    };
    for prow in &preview.rows {
        // Where the block of the 一级 heading is (creating it if needed).
        let mut insert_at = e.indicators.len();
        let mut parent_level = 0u8;
        if !prow.level1.is_empty() {
            let i1 = match e.indicators.iter().position(|r| r.level == 1 && r.name.trim() == prow.level1) {
                Some(i) => i,
                None => {
                    let id = new_id(s);
                    e.indicators.push(Indicator { id, level: 1, name: prow.level1.clone(), ..Indicator::default() });
                    count += 1;
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
                        count += 1;
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
            count += 1;
        }
    }
    count
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

// ---------------------------------------------------------------------------------------
// New evaluations
// ---------------------------------------------------------------------------------------

/// A blank evaluation for a preset: the preset's rules, the three standard funds sources,
/// the standard 一级/二级 headings of the indicator table (财预〔2020〕10号 指标体系框架) and
/// the usual survey options. Ids are `s1…`, `i1…`, `o1…`.
pub fn new_evaluation(preset: RulePreset) -> Evaluation {
    let mut e = Evaluation {
        rules: RuleSettings::preset(preset),
        ..Evaluation::default()
    };
    for (n, source) in [FundsSource::CurrentAppropriation, FundsSource::PriorCarryover, FundsSource::Other]
        .into_iter()
        .enumerate()
    {
        e.funds.sources.push(FundsRow {
            id: format!("s{}", n + 1),
            source,
            name: source.label().to_string(),
            amounts: FundsAmounts::default(),
        });
    }
    let tree: [(&str, &[&str]); 3] = [
        ("产出指标", &["数量指标", "质量指标", "时效指标", "成本指标"]),
        ("效益指标", &["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
        ("满意度指标", &["服务对象满意度指标"]),
    ];
    let mut n = 0;
    let mut push = |e: &mut Evaluation, level: u8, name: &str| {
        n += 1;
        e.indicators.push(Indicator {
            id: format!("i{n}"),
            level,
            name: name.to_string(),
            ..Indicator::default()
        });
    };
    for (l1, l2s) in tree {
        push(&mut e, 1, l1);
        for l2 in l2s {
            push(&mut e, 2, l2);
        }
    }
    for (n, (label, satisfied)) in [("非常满意", true), ("满意", true), ("基本满意", false), ("不满意", false)]
        .into_iter()
        .enumerate()
    {
        e.survey.options.push(SurveyOption {
            id: format!("o{}", n + 1),
            label: label.to_string(),
            count: None,
            satisfied,
        });
    }
    e
}
