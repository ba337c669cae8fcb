//! Form fields bound to a field path: each has a <label>, `data-path`, and shows the
//! field's error (unreadable text, error findings) next to it.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::editor::{field_options, Action, EditorState};
use crate::reconcile::Severity;

/// The dispatcher every component gets (stable across renders: cheap props comparison).
pub type Dispatch = UseReducerDispatcher<EditorState>;

/// The DOM id of a field's input.
pub fn input_id(path: &str) -> String {
    format!("f-{}", path.replace(['.', ' '], "-"))
}

#[derive(Clone, PartialEq, Default)]
pub enum Kind {
    #[default]
    Text,
    /// A number: text input with a decimal keyboard; read leniently by the editor.
    Number,
    /// Multi-line text.
    Area,
    /// A choice among the options of the path ([`field_options`]).
    Select,
    /// true / false
    Check,
}

#[derive(Properties, PartialEq, Clone)]
pub struct FieldProps {
    pub path: AttrValue,
    pub label: AttrValue,
    /// The text shown (unreadable text if any).
    pub value: AttrValue,
    #[prop_or_default]
    pub kind: Kind,
    /// Error message shown at the field (class `has-error`, `data-testid="field-error"`).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub warning: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// Label only for screen readers (inside table cells).
    #[prop_or_default]
    pub hide_label: bool,
    /// Spreadsheet navigation: row index and column name.
    #[prop_or_default]
    pub nav: Option<(usize, &'static str)>,
    #[prop_or_default]
    pub rows: Option<u32>,
    pub dispatch: Dispatch,
}

/// Builds the props of a field from the editor state (value, error, warning).
pub fn field_props(
    state: &EditorState,
    dispatch: &Dispatch,
    path: &str,
    label: &str,
    kind: Kind,
) -> FieldProps {
    let (error, warning) = issues_at(state, path);
    FieldProps {
        path: AttrValue::from(path.to_string()),
        label: AttrValue::from(label.to_string()),
        value: AttrValue::from(state.field_text(path)),
        kind,
        error: error.map(AttrValue::from),
        warning: warning.map(AttrValue::from),
        placeholder: AttrValue::default(),
        hide_label: false,
        nav: None,
        rows: None,
        dispatch: dispatch.clone(),
    }
}

/// The error and warning messages at a path: the first error and the first warning finding
/// there (text that cannot be read is an `UNREADABLE_NUMBER` finding), so the message under a
/// field and the findings list say the same words.
pub fn issues_at(state: &EditorState, path: &str) -> (Option<String>, Option<String>) {
    let mut error = None;
    let mut warning = None;
    for f in state.findings_at(path) {
        match f.severity {
            Severity::Error if error.is_none() => error = Some(f.message()),
            Severity::Warning if warning.is_none() => warning = Some(f.message()),
            _ => {}
        }
    }
    (error, warning)
}

/// A field by path, straight from the state.
pub fn field(state: &EditorState, dispatch: &Dispatch, path: &str, label: &str, kind: Kind) -> Html {
    let props = field_props(state, dispatch, path, label, kind);
    html! { <Field ..props /> }
}

/// Like [`field`] with a placeholder.
pub fn field_ph(
    state: &EditorState,
    dispatch: &Dispatch,
    path: &str,
    label: &str,
    kind: Kind,
    placeholder: &str,
) -> Html {
    let mut props = field_props(state, dispatch, path, label, kind);
    props.placeholder = AttrValue::from(placeholder.to_string());
    html! { <Field ..props /> }
}

#[function_component(Field)]
pub fn field_component(p: &FieldProps) -> Html {
    let id = input_id(&p.path);
    let err_id = format!("{id}-err");
    let path = p.path.clone();
    let dispatch = p.dispatch.clone();
    // Every keystroke is sent (`Action::Type`): the draft, its scores and totals, and the
    // autosave follow the typing in every kind of field, so nothing typed is lost when the page
    // is closed before the field is left. The field keeps showing the text as typed (the
    // editor's `typing`); the change that ends the typing reads it (one undo step). Text being
    // composed with an input method is sent when the composition ends
    // (`browser::install_composition_input`).
    let typing = {
        let (path, dispatch) = (path.clone(), dispatch.clone());
        Callback::from(move |e: InputEvent| {
            if e.is_composing() {
                return;
            }
            dispatch.dispatch(Action::Type {
                path: path.to_string(),
                text: input_value(&e),
            })
        })
    };
    let edit = {
        let path = path.clone();
        move |text: String| {
            dispatch.dispatch(Action::Edit {
                path: path.to_string(),
                text,
            })
        }
    };
    let class = classes!(
        "input",
        p.error.is_some().then_some("has-error"),
        p.warning.is_some().then_some("has-warning")
    );
    let (nav_row, nav_col) = match p.nav {
        Some((r, c)) => (Some(r.to_string()), Some(c)),
        None => (None, None),
    };
    let described = p.error.as_ref().map(|_| err_id.clone());
    let control = match p.kind {
        Kind::Text | Kind::Number => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                edit(input.value());
            });
            html! {
                <input id={id.clone()} type="text" class={class.clone()} data-path={path.clone()}
                    inputmode={(p.kind == Kind::Number).then_some("decimal")}
                    value={p.value.clone()} placeholder={p.placeholder.clone()}
                    aria-invalid={p.error.is_some().then_some("true")}
                    aria-describedby={described.clone()}
                    title={p.warning.clone()}
                    data-nav-row={nav_row.clone()} data-nav-col={nav_col}
                    oninput={typing} {onchange} />
            }
        }
        Kind::Area => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlTextAreaElement = e.target_unchecked_into();
                edit(input.value());
            });
            html! {
                <textarea id={id.clone()} class={class.clone()} data-path={path.clone()}
                    value={p.value.clone()} placeholder={p.placeholder.clone()}
                    rows={p.rows.unwrap_or(3).to_string()}
                    aria-invalid={p.error.is_some().then_some("true")}
                    aria-describedby={described.clone()}
                    data-nav-row={nav_row.clone()} data-nav-col={nav_col}
                    oninput={typing} {onchange} />
            }
        }
        Kind::Select => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlSelectElement = e.target_unchecked_into();
                edit(input.value());
            });
            let options = field_options(&p.path).unwrap_or_default();
            let known = options.iter().any(|(v, _)| v.as_str() == p.value.as_str());
            html! {
                <select id={id.clone()} class={class.clone()} data-path={path.clone()}
                    aria-invalid={p.error.is_some().then_some("true")}
                    aria-describedby={described.clone()}
                    data-nav-row={nav_row.clone()} data-nav-col={nav_col}
                    {onchange}>
                    if !known {
                        <option value={p.value.clone()} selected=true>{ p.value.clone() }</option>
                    }
                    { for options.into_iter().map(|(v, l)| {
                        let selected = v.as_str() == p.value.as_str();
                        html! { <option value={v} {selected}>{ l }</option> }
                    }) }
                </select>
            }
        }
        Kind::Check => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                edit(if input.checked() { "true" } else { "false" }.to_string());
            });
            let checked = p.value.as_str() == "true";
            html! {
                <input id={id.clone()} type="checkbox" class={class.clone()} data-path={path.clone()}
                    {checked}
                    data-nav-row={nav_row.clone()} data-nav-col={nav_col}
                    {onchange} />
            }
        }
    };
    let label_class = classes!(if p.hide_label { "sr-only" } else { "field-label" });
    let wrap = classes!("field", format!("field-{}", kind_name(&p.kind)));
    html! {
        <div class={wrap}>
            if p.kind == Kind::Check {
                { control }
                <label for={id.clone()} class={label_class}>{ p.label.clone() }</label>
            } else {
                <label for={id.clone()} class={label_class}>{ p.label.clone() }</label>
                { control }
            }
            if let Some(err) = &p.error {
                <div class="field-error" id={err_id} data-testid="field-error" role="alert">{ err.clone() }</div>
            }
            if let Some(w) = &p.warning {
                <div class="field-warning" data-testid="field-warning">{ w.clone() }</div>
            }
        </div>
    }
}

/// The value of the text input or textarea an event comes from.
fn input_value(e: &Event) -> String {
    match e.target_dyn_into::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => e.target_unchecked_into::<HtmlInputElement>().value(),
    }
}

fn kind_name(k: &Kind) -> &'static str {
    match k {
        Kind::Text => "text",
        Kind::Number => "number",
        Kind::Area => "area",
        Kind::Select => "select",
        Kind::Check => "check",
    }
}

/// A small icon-like button with a visible text for screen readers.
pub fn small_button(label: &str, title: &str, testid: Option<&'static str>, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="btn-small" title={title.to_string()} aria-label={title.to_string()}
            data-testid={testid} {onclick}>{ label.to_string() }</button>
    }
}

/// One message of a table row's line of messages (`tr.row-messages`, under the row): its
/// severity, what field it is about (the column's heading) and the message.
pub fn row_message(severity: &str, path: &str, what: Option<&str>, message: String) -> Html {
    html! {
        <li class={format!("sev-{severity}")} data-testid="row-message" data-path={path.to_string()}>
            <span class="sev">{ severity.to_string() }</span>
            if let Some(what) = what { <span class="what">{ format!("{what}：") }</span> }
            { message }
        </li>
    }
}

/// Wraps an `Rc` so that props compare by pointer (unchanged rows skip rendering).
#[derive(Clone)]
pub struct Shared<T>(pub Rc<T>);

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
