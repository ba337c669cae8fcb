//! 绩效指标: the spreadsheet-like indicator table, its rows and the paste preview.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::editor::{unreadable_message, Action, EditorState, List, PastePreview, RowView};
use crate::model::{Evaluation, IndicatorNature};
use crate::numbers::format_decimal;
use crate::reconcile::Severity;

use super::fields::{small_button, Dispatch, Field, FieldProps, Kind, Shared};

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub rows: Shared<Vec<Rc<RowView>>>,
    pub paste: Option<Shared<PastePreview>>,
    /// The focused path when it is an indicator field (to open a row's details).
    pub focus: Option<AttrValue>,
    pub dispatch: Dispatch,
}

/// Moves focus between cells like a spreadsheet: Enter / ↓ next row, Shift+Enter / ↑
/// previous row (same column). Tab is the browser's.
fn on_table_keydown(e: KeyboardEvent) {
    let key = e.key();
    let down = key == "ArrowDown" || (key == "Enter" && !e.shift_key());
    let up = key == "ArrowUp" || (key == "Enter" && e.shift_key());
    if !(down || up) || e.ctrl_key() || e.alt_key() || e.meta_key() {
        return;
    }
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let tag = target.tag_name().to_ascii_lowercase();
    // Arrows belong to selects and text areas; Enter belongs to text areas and buttons.
    if tag == "textarea" || tag == "button" || (tag == "select" && key != "Enter") {
        return;
    }
    let (Some(row), Some(col)) = (target.get_attribute("data-nav-row"), target.get_attribute("data-nav-col")) else {
        return;
    };
    let Ok(row) = row.parse::<i64>() else { return };
    let next = if down { row + 1 } else { row - 1 };
    if next < 0 {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let selector = format!("[data-nav-row=\"{next}\"][data-nav-col=\"{col}\"]");
    let found = doc.query_selector(&selector).ok().flatten().or_else(|| {
        // The column may not exist in that row (a heading): fall back to its name cell.
        doc.query_selector(&format!("[data-nav-row=\"{next}\"][data-nav-col=\"name\"]")).ok().flatten()
    });
    if let Some(el) = found.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
        e.prevent_default();
        let _ = el.focus();
    }
}

/// Reads the text of a paste event; `Some` only when it looks like table rows.
fn table_paste_text(e: &Event) -> Option<String> {
    let ce = e.dyn_ref::<ClipboardEvent>()?;
    let text = ce.clipboard_data()?.get_data("text/plain").ok()?;
    let lines = text.trim_end().lines().count();
    (text.contains('\t') || lines > 1).then_some(text)
}

#[function_component(IndicatorTable)]
pub fn indicator_table(p: &TableProps) -> Html {
    let dispatch = p.dispatch.clone();
    let show_paste_box = use_state(|| false);
    let paste_ref = use_node_ref();
    let onpaste = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(text) = table_paste_text(&e) {
                e.prevent_default();
                dispatch.dispatch(Action::PastePreview { text });
            }
        })
    };
    let add_end = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::AddRow { list: List::Indicators, after: None }))
    };
    let toggle_paste = {
        let show = show_paste_box.clone();
        Callback::from(move |_| show.set(!*show))
    };
    let preview_pasted = {
        let dispatch = dispatch.clone();
        let paste_ref = paste_ref.clone();
        let show = show_paste_box.clone();
        Callback::from(move |_| {
            if let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if !text.trim().is_empty() {
                    dispatch.dispatch(Action::PastePreview { text });
                    area.set_value("");
                    show.set(false);
                }
            }
        })
    };
    let focus_id = p.focus.as_ref().and_then(|f| f.split('.').nth(1).map(|s| s.to_string()));
    html! {
        <div class="indicators">
            <div class="toolbar" role="toolbar" aria-label="绩效指标操作">
                <button type="button" data-testid="add-indicator" onclick={add_end}>{ "＋ 添加指标行" }</button>
                <button type="button" data-testid="paste-open" aria-expanded={(*show_paste_box).to_string()}
                    onclick={toggle_paste}>{ "从 Excel / WPS 粘贴…" }</button>
                <span class="hint">{ "在表格中：Enter / ↓ 下一行，Shift+Enter / ↑ 上一行，Tab 下一格；可直接粘贴从 Excel 复制的多行。" }</span>
            </div>
            if *show_paste_box {
                <div class="paste-box">
                    <label for="paste-text">{ "把从 Excel 或 WPS 复制的指标行（可含表头：一级指标、二级指标、三级指标、指标性质、年度指标值、度量单位、实际完成值、分值、偏差原因…）粘贴到这里：" }</label>
                    <textarea id="paste-text" data-testid="paste-text" rows="5" ref={paste_ref} />
                    <button type="button" data-testid="paste-preview" onclick={preview_pasted}>{ "预览" }</button>
                </div>
            }
            if let Some(preview) = &p.paste {
                <PasteDialog preview={preview.clone()} dispatch={dispatch.clone()} />
            }
            <table class="indicator-table" onkeydown={Callback::from(on_table_keydown)} {onpaste}>
                <caption class="sr-only">{ "绩效指标表" }</caption>
                <thead>
                    <tr>
                        <th scope="col" class="col-name">{ "指标" }</th>
                        <th scope="col" class="col-nature">{ "指标性质" }</th>
                        <th scope="col" class="col-target">{ "年度指标值" }</th>
                        <th scope="col" class="col-unit">{ "度量单位" }</th>
                        <th scope="col" class="col-actual">{ "实际完成值" }</th>
                        <th scope="col" class="col-weight">{ "分值" }</th>
                        <th scope="col" class="col-score">{ "得分" }</th>
                        <th scope="col" class="col-deviation">{ "偏差原因分析及改进措施" }</th>
                        <th scope="col" class="col-actions">{ "操作" }</th>
                    </tr>
                </thead>
                { for p.rows.iter().enumerate().map(|(i, row)| {
                    let focused = match (&focus_id, &p.focus) {
                        (Some(id), Some(path)) if *id == row.row.id => Some(path.clone()),
                        _ => None,
                    };
                    html! {
                        <IndicatorRow key={row.row.id.clone()} view={Shared(row.clone())} index={i}
                            focus={focused} dispatch={dispatch.clone()} />
                    }
                }) }
            </table>
            if p.rows.is_empty() {
                <p class="empty">{ "还没有指标。点“添加指标行”，或从 Excel 粘贴。" }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RowProps {
    pub view: Shared<RowView>,
    pub index: usize,
    /// The focused field path when it is in this row.
    pub focus: Option<AttrValue>,
    pub dispatch: Dispatch,
}

const DETAIL_FIELDS: [&str; 9] = [
    "direction", "manual.score", "manual.reason", "actual_unit", "applicable", "from_survey",
    "evidence", "claimed_score", "actual_text",
];

#[function_component(IndicatorRow)]
pub fn indicator_row(p: &RowProps) -> Html {
    let v = &p.view;
    let r = &v.row;
    let id = r.id.clone();
    let open = use_state(|| false);
    let focus_in_details = p
        .focus
        .as_ref()
        .map(|f| DETAIL_FIELDS.iter().any(|d| f.ends_with(&format!(".{d}"))) || f.ends_with(&format!("{id}.band_score")))
        .unwrap_or(false);
    {
        // A finding about a field in the details opens them; once open, focus that field
        // (the editor's own focus pass ran before it existed).
        let open = open.clone();
        let focus = p.focus.clone();
        use_effect_with((focus_in_details, *open), move |(inside, is_open)| {
            if *inside {
                if !*is_open {
                    open.set(true);
                } else if let Some(path) = &focus {
                    super::focus_path(path);
                }
            }
        });
    }
    let d = &p.dispatch;
    let fp = |field: &str, label: &str, kind: Kind, col: Option<&'static str>| -> FieldProps {
        let path = format!("indicators.{id}.{field}");
        let unreadable = v.unreadable.get(field);
        let mut error = unreadable.map(|t| unreadable_message(&Evaluation::default(), &path, t));
        let mut warning = None;
        for f in v.findings.iter().filter(|f| f.path == path) {
            match f.severity {
                Severity::Error if error.is_none() => error = Some(f.message.clone()),
                Severity::Warning if warning.is_none() => warning = Some(f.message.clone()),
                _ => {}
            }
        }
        let value = match unreadable {
            Some(t) => t.clone(),
            None => crate::editor::field_text_of_indicator(r, field),
        };
        FieldProps {
            path: path.into(),
            label: label.to_string().into(),
            value: value.into(),
            kind,
            error: error.map(Into::into),
            warning: warning.map(Into::into),
            placeholder: AttrValue::default(),
            hide_label: col.is_some(),
            nav: col.map(|c| (p.index, c)),
            rows: None,
            dispatch: d.clone(),
        }
    };
    let act = |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let level_name = match r.level {
        1 => "一级指标",
        2 => "二级指标",
        _ => "三级指标",
    };
    let heading = r.level < 3;
    let qualitative = r.nature == IndicatorNature::Qualitative;
    let row_errors = v.findings.iter().filter(|f| f.severity == Severity::Error).count();
    let row_class = classes!(
        "indicator-row",
        format!("level-{}", r.level),
        (row_errors > 0).then_some("row-has-error"),
        (!r.applicable).then_some("not-applicable")
    );
    let name_label = format!("{level_name}名称（第{}行）", p.index + 1);
    let actions = html! {
        <div class="row-actions">
            { small_button("↑", "上移", Some("row-up"), act(Action::MoveRow { list: List::Indicators, id: id.clone(), up: true })) }
            { small_button("↓", "下移", Some("row-down"), act(Action::MoveRow { list: List::Indicators, id: id.clone(), up: false })) }
            { small_button("⇤", "升级（取消缩进）", Some("row-outdent"), act(Action::Outdent { id: id.clone() })) }
            { small_button("⇥", "降级（缩进）", Some("row-indent"), act(Action::Indent { id: id.clone() })) }
            { small_button("＋", "在下面插入一行", Some("row-add"), act(Action::AddRow { list: List::Indicators, after: Some(id.clone()) })) }
            { small_button("✕", "删除此行", Some("row-delete"), act(Action::DeleteRow { list: List::Indicators, id: id.clone() })) }
        </div>
    };
    let score_cell = if heading {
        match &v.group {
            Some(g) => html! { <span class="group-score">{ format!("{} / {}", g.score, g.weight) }</span> },
            None => html! {},
        }
    } else {
        let toggle = {
            let open = open.clone();
            Callback::from(move |_| open.set(!*open))
        };
        match &v.score {
            Some(s) => html! {
                <>
                    <span class="score-value">{ s.score.to_string() }</span>
                    if s.manual { <span class="tag manual" title="人工评分">{ "人工" }</span> }
                    if s.dropped { <span class="tag dropped" title="不适用，不计分">{ "不适用" }</span> }
                    <button type="button" class="btn-small explain" aria-expanded={(*open).to_string()}
                        data-testid="explain" onclick={toggle}>{ "说明" }</button>
                </>
            },
            None => html! {
                <button type="button" class="btn-small explain" aria-expanded={(*open).to_string()}
                    data-testid="explain" onclick={toggle}>{ "说明" }</button>
            },
        }
    };
    let main = html! {
        <tr class={row_class} data-testid="indicator-row" data-id={id.clone()} data-level={r.level.to_string()}>
            <td class="col-name">
                <div class={classes!("name-cell", format!("indent-{}", r.level))}>
                    <span class="level-tag" aria-hidden="true">{ format!("{}级", r.level) }</span>
                    <span class="print-only">{ r.name.clone() }</span>
                    <Field ..{ let mut f = fp("name", &name_label, Kind::Text, Some("name")); f.placeholder = level_name.into(); f } />
                </div>
            </td>
            if heading {
                <td class="col-nature"></td>
                <td class="col-target"></td>
                <td class="col-unit"></td>
                <td class="col-actual"></td>
                <td class="col-weight"><Field ..fp("weight", &format!("{}分值", r.name), Kind::Number, Some("weight")) /></td>
            } else {
                <td class="col-nature"><Field ..fp("nature", &format!("「{}」指标性质", r.name), Kind::Select, Some("nature")) /></td>
                if qualitative {
                    <td class="col-target"><Field ..fp("target_text", &format!("「{}」年度指标值", r.name), Kind::Text, Some("target")) /></td>
                    <td class="col-unit"><Field ..fp("unit", &format!("「{}」度量单位", r.name), Kind::Text, Some("unit")) /></td>
                    <td class="col-actual">
                        <Field ..fp("band", &format!("「{}」定性档次", r.name), Kind::Select, Some("actual")) />
                        <Field ..{ let mut f = fp("band_score", &format!("「{}」档内得分", r.name), Kind::Number, Some("band_score")); f.placeholder = "档内得分".into(); f } />
                    </td>
                } else {
                    <td class="col-target"><Field ..fp("target", &format!("「{}」年度指标值", r.name), Kind::Number, Some("target")) /></td>
                    <td class="col-unit"><Field ..fp("unit", &format!("「{}」度量单位", r.name), Kind::Text, Some("unit")) /></td>
                    <td class="col-actual"><Field ..fp("actual", &format!("「{}」实际完成值", r.name), Kind::Number, Some("actual")) /></td>
                }
                <td class="col-weight"><Field ..fp("weight", &format!("「{}」分值", r.name), Kind::Number, Some("weight")) /></td>
            }
            <td class="col-score" data-testid="score">{ score_cell }</td>
            <td class="col-deviation">
                if !heading {
                    <span class="print-only">{ r.deviation.clone() }</span>
                    <Field ..fp("deviation", &format!("「{}」偏差原因分析及改进措施", r.name), Kind::Text, Some("deviation")) />
                }
            </td>
            <td class="col-actions">{ actions }</td>
        </tr>
    };
    if !*open || heading {
        return main;
    }
    let props_detail = |field: &str, label: &str, kind: Kind| -> FieldProps {
        let mut f = fp(field, label, kind, None);
        f.hide_label = false;
        f
    };
    let explanation = v.score.as_ref().map(|s| {
        html! {
            <div class="explanation" data-testid="explanation">
                <div><strong>{ "规则：" }</strong>{ s.explanation.rule() }</div>
                <div><strong>{ "计算：" }</strong><code>{ s.explanation.formula() }</code></div>
                if let Some(a) = s.achievement {
                    <div>{ format!("完成比例：{}%", a.round_dp(2)) }</div>
                }
            </div>
        }
    });
    let findings = v.findings.iter().map(|f| {
        html! { <li class={format!("sev-{}", f.severity.label())}>{ format!("{}：{}", f.severity.label(), f.message) }</li> }
    });
    html! {
        <>
            { main }
            <tr class="indicator-details" data-details-for={id.clone()}>
                <td colspan="9">
                    { explanation.unwrap_or_default() }
                    if !v.findings.is_empty() {
                        <ul class="row-findings">{ for findings }</ul>
                    }
                    <div class="details-grid">
                        <Field ..props_detail("manual.score", "人工得分（填写后取代计算得分）", Kind::Number) />
                        <Field ..props_detail("manual.reason", "人工评分理由（必填）", Kind::Text) />
                        <Field ..props_detail("direction", "指标方向", Kind::Select) />
                        <Field ..props_detail("actual_unit", "实际值单位（与度量单位不同时填写）", Kind::Text) />
                        <Field ..props_detail("actual_text", "实际完成情况（文字）", Kind::Text) />
                        if !qualitative {
                            <Field ..props_detail("target_text", "年度指标值说明（文字）", Kind::Text) />
                        }
                        <Field ..props_detail("claimed_score", "已报得分（核对用）", Kind::Number) />
                        <Field ..props_detail("evidence", "佐证材料", Kind::Text) />
                        <Field ..props_detail("applicable", "适用（取消则不计分）", Kind::Check) />
                        <Field ..props_detail("from_survey", "实际值取自满意度调查", Kind::Check) />
                    </div>
                </td>
            </tr>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct PasteProps {
    pub preview: Shared<PastePreview>,
    pub dispatch: Dispatch,
}

#[function_component(PasteDialog)]
pub fn paste_dialog(p: &PasteProps) -> Html {
    // Keyboard users land on the main button of the dialog.
    let apply_ref = use_node_ref();
    {
        let apply_ref = apply_ref.clone();
        use_effect_with(p.preview.clone(), move |_| {
            if let Some(b) = apply_ref.cast::<HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let apply = {
        let d = p.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::PasteApply))
    };
    let cancel = {
        let d = p.dispatch.clone();
        Callback::from(move |_| d.dispatch(Action::PasteCancel))
    };
    let onkeydown = {
        let d = p.dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                d.dispatch(Action::PasteCancel);
            }
        })
    };
    let pv = &p.preview;
    let cols: Vec<String> = pv.columns.iter().map(|c| c.label().to_string()).collect();
    let rows = pv.rows.iter().map(|r| {
        let ind = r.indicator.as_ref();
        let cell = |s: String| html! { <td>{ s }</td> };
        let text = |f: &dyn Fn(&crate::model::Indicator) -> String| ind.map(f).unwrap_or_default();
        html! {
            <tr data-testid="paste-row" class={classes!((!r.problems.is_empty()).then_some("row-has-error"))}>
                { cell(r.line.to_string()) }
                { cell(r.level1.clone()) }
                { cell(r.level2.clone()) }
                { cell(text(&|i| i.name.clone())) }
                { cell(text(&|i| i.nature.label().to_string())) }
                { cell(r.unreadable.get("target").cloned().unwrap_or_else(|| text(&|i| if i.target_text.is_empty() { format_decimal(i.target) } else { i.target_text.clone() }))) }
                { cell(text(&|i| i.unit.clone())) }
                { cell(r.unreadable.get("actual").cloned().unwrap_or_else(|| text(&|i| if i.actual_text.is_empty() { format_decimal(i.actual) } else { i.actual_text.clone() }))) }
                { cell(r.unreadable.get("weight").cloned().unwrap_or_else(|| text(&|i| format_decimal(i.weight)))) }
                <td class="problems">
                    { for r.problems.iter().map(|pr| html! {
                        <div class="field-error" data-testid="paste-problem">{ format!("{}：{}", pr.column.label(), pr.message) }</div>
                    }) }
                </td>
            </tr>
        }
    });
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="paste-title"
                data-testid="paste-dialog" {onkeydown}>
                <h2 id="paste-title">{ format!("粘贴预览：{} 行", pv.rows.len()) }</h2>
                <p>{ if pv.matched_by_header { "按表头匹配列：" } else { "没有表头，按列的位置匹配：" } }{ cols.join(" | ") }</p>
                if !pv.problems.is_empty() {
                    <ul>{ for pv.problems.iter().map(|m| html! { <li class="field-error">{ m.clone() }</li> }) }</ul>
                }
                if pv.problem_count() > 0 {
                    <p class="warning">{ format!("有 {} 处无法读入的内容：应用后原文会保留在对应单元格并标为错误，请逐一修改。", pv.problem_count()) }</p>
                }
                <div class="dialog-scroll">
                    <table class="paste-table">
                        <thead><tr>
                            <th scope="col">{ "行" }</th><th scope="col">{ "一级指标" }</th><th scope="col">{ "二级指标" }</th>
                            <th scope="col">{ "三级指标" }</th><th scope="col">{ "性质" }</th><th scope="col">{ "年度指标值" }</th>
                            <th scope="col">{ "单位" }</th><th scope="col">{ "实际完成值" }</th><th scope="col">{ "分值" }</th>
                            <th scope="col">{ "问题" }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
                <div class="dialog-buttons">
                    <button type="button" class="primary" data-testid="paste-apply" onclick={apply} ref={apply_ref}>{ "插入这些行" }</button>
                    <button type="button" data-testid="paste-cancel" onclick={cancel}>{ "取消" }</button>
                </div>
            </div>
        </div>
    }
}

/// Whether a state's focus path is in the indicator table.
pub fn indicator_focus(state: &EditorState) -> Option<AttrValue> {
    state
        .focus
        .as_ref()
        .filter(|f| f.starts_with("indicators."))
        .map(|f| AttrValue::from(f.clone()))
}
