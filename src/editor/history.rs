//! 撤销/重做: the editor's history as reversible steps — what changed between two versions
//! of the evaluation ([`diff`]), applied to get the inverse ([`Step::apply`]), kept on
//! persistent stacks ([`History`]) that share their tails between states.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::model::*;

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

    pub(crate) fn apply(self, e: &mut Evaluation) -> Step {
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
pub(crate) fn diff(old: &Evaluation, new: &Evaluation, only_row: Option<usize>) -> Vec<Step> {
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
pub(crate) struct Entry {
    pub(crate) label: String,
    pub(crate) steps: Vec<Step>,
    /// The path still being typed in (`Action::Type`): the next `Type` or `Edit` of this path
    /// joins this step instead of making its own.
    pub(crate) typing: Option<String>,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) entry: Entry,
    pub(crate) next: Option<Rc<Node>>,
}

/// A persistent stack: pushing and popping share the rest.
#[derive(Debug, Clone, Default)]
pub(crate) struct History {
    pub(crate) head: Option<Rc<Node>>,
    pub(crate) len: usize,
}

impl History {
    pub(crate) fn push(&self, entry: Entry) -> History {
        History {
            head: Some(Rc::new(Node {
                entry,
                next: self.head.clone(),
            })),
            len: self.len + 1,
        }
    }
    pub(crate) fn pop(&self) -> Option<(Entry, History)> {
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

