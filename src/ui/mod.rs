//! The Yew UI (wasm32 only): the start screen and the editor. All state lives in one
//! reducer, [`crate::editor::EditorState`]; components take props and dispatch
//! [`crate::editor::Action`]s.

pub mod drafts;
mod fields;
mod indicators;
pub mod review;
mod sections;
mod workbook;

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::draft::Draft;
use crate::editor::{self, Action, EditorState, Section};
use crate::model::new_evaluation;
use crate::model::RulePreset;
use crate::reconcile::{Finding, Severity};

use fields::{Dispatch, Shared};

impl Reducible for EditorState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match editor::apply(&self, action) {
            Some(next) => Rc::new(next),
            // Nothing changed: the same Rc, so Yew skips the re-render.
            None => self,
        }
    }
}

/// Mounts the app on the page body, with the crash notice (程序出错) for panics and traps:
/// [`crate::browser::on_panic`], [`crate::browser::install_crash_notice`].
pub fn start() {
    // 审核 is its own page (review.html, its own wasm): the old address `#review` leads there.
    if crate::browser::location_hash() == review::HASH {
        crate::browser::open_page(crate::browser::review_page(), true);
        return;
    }
    yew::set_custom_panic_hook(Box::new(crate::browser::on_panic));
    crate::browser::install_crash_notice();
    crate::browser::install_composition_input();
    yew::Renderer::<App>::new().render();
}

/// Mounts the 审核 page (review.html, its own wasm: src/bin/jixiao-review.rs) on the page
/// body, with the same crash notice as the editor. 返回 goes to the editor's page.
pub fn start_review() {
    yew::set_custom_panic_hook(Box::new(crate::browser::on_panic));
    crate::browser::install_crash_notice();
    crate::browser::install_composition_input();
    yew::Renderer::<review::ReviewApp>::new().render();
}

/// The placeholder of a narrative section: the report's default text for it (`text`, from the
/// file-format module: `worker_protocol::Request::DefaultTexts`), or while it comes a line
/// saying what an empty section gets.
pub(crate) fn narrative_placeholder(text: Option<&str>) -> String {
    match text {
        Some(text) if !text.trim().is_empty() => format!("（留空则使用默认文字：）\n{text}"),
        Some(_) => "留空则按数据自动生成".to_string(),
        None => "留空则按数据自动生成默认文字（正在载入…）".to_string(),
    }
}

/// What the narrative placeholders are written from: the draft, compared without its narrative
/// (`Evaluation::same_but_narrative`), so typing in 报告文字 asks the module for nothing.
struct TextsInput(Rc<Draft>);

impl PartialEq for TextsInput {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.evaluation.same_but_narrative(&other.0.evaluation)
    }
}

/// A draft ready to open: a fresh id and timestamps.
fn fresh_draft(evaluation: crate::model::Evaluation) -> Draft {
    let now = drafts::now();
    Draft {
        id: drafts::new_draft_id(),
        created: now.clone(),
        modified: now,
        evaluation,
    }
}

#[function_component(App)]
fn app() -> Html {
    let state = use_reducer(EditorState::default);
    let editing = use_state(|| false);
    // A reload restores the draft that was being edited, in the section of the URL.
    {
        let dispatch = state.dispatcher();
        let editing = editing.clone();
        use_effect_with((), move |_| {
            if let Some(draft) = drafts::last_open_draft() {
                dispatch.dispatch(Action::Load(draft));
                if let Some(section) = section_in_url() {
                    dispatch.dispatch(Action::ShowSection(section));
                }
                editing.set(true);
            } else if section_in_url().is_some() {
                // No draft to show it in: the start screen's URL has no section.
                crate::browser::set_location_hash(None, false);
            }
        });
    }
    // The section in the URL (`#funds`): each section shown is an entry of the browser's
    // history (a nav click, a finding that leads to another section, opening a draft from the
    // start screen), so Back and Forward move between the sections visited and a reload opens
    // the section in use. Back from the first section returns to the start screen.
    {
        let (section, editing) = (state.section, *editing);
        use_effect_with((section, editing), move |(section, editing)| {
            if *editing && crate::browser::location_hash() != section.key() {
                crate::browser::set_location_hash(Some(section.key()), true);
            }
        });
    }
    {
        let dispatch = state.dispatcher();
        let editing = editing.clone();
        use_effect_with(*editing, move |on| {
            let on = *on;
            let listener = crate::browser::on_history_move(move || match (section_in_url(), on) {
                (Some(section), true) => dispatch.dispatch(Action::ShowSection(section)),
                (None, true) => editing.set(false),
                // A section entry left behind by the editor: the start screen stays.
                (Some(_), false) => crate::browser::set_location_hash(None, false),
                (None, false) => {}
            });
            move || drop(listener)
        });
    }
    let on_open = {
        let dispatch = state.dispatcher();
        let editing = editing.clone();
        Callback::from(move |draft: Draft| {
            dispatch.dispatch(Action::Load(draft));
            editing.set(true);
        })
    };
    let on_close = {
        let editing = editing.clone();
        Callback::from(move |_| {
            crate::browser::set_location_hash(None, false);
            editing.set(false);
        })
    };
    let on_review = Callback::from(|()| crate::browser::open_page(crate::browser::review_page(), false));
    html! {
        <>
            if *editing {
                <EditorView state={Shared(state_rc(&state))} dispatch={state.dispatcher()} {on_close} />
            } else {
                <StartScreen {on_open} {on_review} />
            }
        </>
    }
}

/// The editor section named by the URL's hash (`#funds`), if any.
fn section_in_url() -> Option<Section> {
    let hash = crate::browser::location_hash();
    Section::ALL.into_iter().find(|s| s.key() == hash)
}

/// The current state as an `Rc` (cheap; for pointer-compared props).
fn state_rc(handle: &UseReducerHandle<EditorState>) -> Rc<EditorState> {
    Rc::new((**handle).clone())
}

/// Opening the sample: its file is being loaded, or could not be.
#[derive(Clone, PartialEq)]
enum SampleState {
    Idle,
    Loading,
    Failed(String),
}

#[derive(Properties, PartialEq)]
struct StartProps {
    on_open: Callback<Draft>,
    on_review: Callback<()>,
}

#[function_component(StartScreen)]
fn start_screen(p: &StartProps) -> Html {
    let preset = use_state(|| RulePreset::Ministry);
    let on_preset = {
        let preset = preset.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let chosen = RulePreset::ALL
                .into_iter()
                .find(|p| p.label() == sel.value())
                .unwrap_or_default();
            preset.set(chosen);
        })
    };
    let new_draft = {
        let on_open = p.on_open.clone();
        let preset = preset.clone();
        Callback::from(move |_| on_open.emit(fresh_draft(new_evaluation(*preset))))
    };
    // The sample is a file beside the app (not compiled in): loaded when asked for.
    let sample_state = use_state(|| SampleState::Idle);
    let open_sample = {
        let on_open = p.on_open.clone();
        let sample_state = sample_state.clone();
        Callback::from(move |_| {
            if *sample_state == SampleState::Loading {
                return;
            }
            sample_state.set(SampleState::Loading);
            let on_open = on_open.clone();
            let sample_state = sample_state.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = crate::browser::app_file(crate::sample::FILE_NAME).await;
                match text.and_then(|t| crate::sample::from_file(&t)) {
                    Ok(sample) => {
                        sample_state.set(SampleState::Idle);
                        on_open.emit(fresh_draft(sample.evaluation))
                    }
                    Err(message) => sample_state.set(SampleState::Failed(message)),
                }
            });
        })
    };
    html! {
        <div class="start">
            <header class="start-header">
                <h1>{ "项目支出绩效自评" }</h1>
                <p>{ "填写资金、目标和实际完成情况，自动评分、逐项核对，并生成绩效评价报告。全部在本机浏览器中完成，不上传任何数据。" }</p>
            </header>
            <main class="start-main">
                <section class="start-actions" aria-labelledby="h-start">
                    <h2 id="h-start">{ "开始" }</h2>
                    <div class="new-draft">
                        <label for="new-preset">{ "评分规则预设" }</label>
                        <select id="new-preset" onchange={on_preset}>
                            { for RulePreset::ALL.into_iter().map(|x| html! {
                                <option value={x.label()} selected={x == *preset}>{ x.label() }</option>
                            }) }
                        </select>
                        <button type="button" class="primary" data-testid="new-draft" onclick={new_draft}>{ "新建自评" }</button>
                    </div>
                    <button type="button" data-testid="open-sample" onclick={open_sample}
                        aria-busy={(*sample_state == SampleState::Loading).then_some("true")}>{ "打开示例（2019年城乡居民养老保险区级配套）" }</button>
                    if let SampleState::Failed(message) = &*sample_state {
                        <p class="error" role="alert" data-testid="sample-error">{ message.clone() }</p>
                    }
                    <button type="button" data-testid="open-review" onclick={p.on_review.reform(|_| ())}
                        title="财政部门审核：一次打开多个单位的自评草稿，汇总核对">{ "审核（批量核对）" }</button>
                </section>
                <section class="start-drafts" aria-label="草稿">
                    <drafts::DraftsList on_open={p.on_open.clone()} />
                </section>
            </main>
            <About />
        </div>
    }
}

#[function_component(About)]
fn about() -> Html {
    let version = env!("CARGO_PKG_VERSION");
    let build = option_env!("JIXIAO_BUILD_DATE").unwrap_or("未记录");
    html! {
        <footer class="about">
            <details>
                <summary>{ "关于" }</summary>
                <p>{ format!("绩效自评 jixiao {version}（构建日期：{build}）") }</p>
                <p>{ "评分规则依据财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）；各地做法不同之处均可在“评分规则”中设置。数据只保存在本机浏览器和您导出的文件中。" }</p>
            </details>
            <a href="./jixiao-offline.html" download="jixiao-offline.html" data-testid="download-offline">{ "下载离线版（单个网页文件）" }</a>
            // The 审核 page's standalone file: 审核 in jixiao-offline.html opens it from the same folder.
            <a href="./jixiao-review-offline.html" download="jixiao-review-offline.html" data-testid="download-offline-review"
                title="离线版的“审核”打开这个文件：请把它和 jixiao-offline.html 放在同一文件夹">{ "下载离线版审核页（放在同一文件夹）" }</a>
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    state: Shared<EditorState>,
    dispatch: Dispatch,
    on_close: Callback<()>,
}

/// A selector for the form controls (not the findings) whose data-path matches `test`.
fn field_selector(test: &str) -> String {
    ["input", "select", "textarea"]
        .iter()
        .map(|tag| format!("{tag}[data-path{test}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds or removes one class of an element (without touching the others).
fn set_class(el: &Element, class: &str, on: bool) {
    let current = el.get_attribute("class").unwrap_or_default();
    let mut classes: Vec<&str> = current.split_whitespace().filter(|c| *c != class).collect();
    if on {
        classes.push(class);
    }
    let _ = el.set_attribute("class", &classes.join(" "));
}

/// Focuses the field with a data-path (or the nearest one whose path starts with it),
/// scrolls to it and highlights it.
fn focus_path(path: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(old) = doc.query_selector_all(".highlight") {
        for i in 0..old.length() {
            if let Some(el) = old.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                set_class(&el, "highlight", false);
            }
        }
    }
    let mut prefix = path.to_string();
    let found = loop {
        let exact = doc.query_selector(&field_selector(&format!("=\"{prefix}\""))).ok().flatten();
        let starts = || doc.query_selector(&field_selector(&format!("^=\"{prefix}.\""))).ok().flatten();
        if let Some(el) = exact.or_else(starts) {
            break Some(el);
        }
        match prefix.rfind('.') {
            Some(i) => prefix.truncate(i),
            None => break None,
        }
    };
    if let Some(el) = found {
        set_class(&el, "highlight", true);
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
        if let Ok(h) = el.dyn_into::<HtmlElement>() {
            let _ = h.focus();
        }
    }
}

#[function_component(EditorView)]
fn editor_view(p: &EditorProps) -> Html {
    let s = &*p.state;
    let d = &p.dispatch;
    // Focus requests (finding clicks, new rows) after the section is rendered.
    {
        let focus = s.focus.clone();
        use_effect_with((focus, s.focus_seq), move |(focus, _)| {
            if let Some(path) = focus {
                focus_path(path);
            }
        });
    }
    // 报告文字's placeholders: the default texts, written by the file-format module while the
    // section is shown (the text writer is not part of the first load, issue 20).
    let default_texts = use_state(|| None::<Rc<Vec<String>>>);
    {
        let texts = default_texts.clone();
        let input = (s.section == Section::Narrative).then(|| TextsInput(s.draft.clone()));
        use_effect_with(input, move |input| {
            if let Some(TextsInput(draft)) = input {
                workbook::start_default_texts(draft, move |t| texts.set(Some(Rc::new(t))));
            }
        });
    }
    // Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y anywhere in the editor.
    {
        let d = d.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new_with_options(&w, "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if !(e.ctrl_key() || e.meta_key()) || e.alt_key() {
                        return;
                    }
                    let key = e.key().to_ascii_lowercase();
                    let action = match key.as_str() {
                        "z" if e.shift_key() => Action::Redo,
                        "z" => Action::Undo,
                        "y" => Action::Redo,
                        _ => return,
                    };
                    e.prevent_default();
                    // Commit what is being typed first (its change event), so that undo
                    // undoes it rather than losing it.
                    if let Some(active) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|doc| doc.active_element())
                        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
                    {
                        let _ = active.blur();
                    }
                    d.dispatch(action);
                })
            });
            move || drop(listener)
        });
    }
    let on_load = {
        let d = d.clone();
        Callback::from(move |draft: Draft| d.dispatch(Action::Load(draft)))
    };
    let on_saved = {
        let d = d.clone();
        Callback::from(move |modified: String| d.dispatch(Action::MarkSaved { modified }))
    };
    let act = |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let close = {
        let c = p.on_close.clone();
        Callback::from(move |_| c.emit(()))
    };
    let name = s.evaluation().header.name.clone();
    let body = match s.section {
        Section::Project => sections::project(s, d),
        Section::Funds => sections::funds(s, d),
        Section::Goals => sections::goals(s, d),
        Section::Indicators => html! {
            <section class="section" aria-labelledby="h-ind">
                <h2 id="h-ind">{ "绩效指标" }</h2>
                <indicators::IndicatorTable rows={Shared(s.rows.clone())}
                    paste={s.paste.clone().map(Shared)}
                    focus={indicators::indicator_focus(s)} focus_seq={s.focus_seq} dispatch={d.clone()} />
            </section>
        },
        Section::Survey => sections::survey(s, d),
        Section::Figures => sections::figures(s, d),
        Section::Narrative => sections::narrative(s, d, default_texts.as_deref().map(Vec::as_slice)),
        Section::Rules => sections::rules(s, d),
        Section::Report => html! { <ReportView state={p.state.clone()} /> },
    };
    html! {
        <div class="editor">
            <header class="editor-header">
                <button type="button" class="link" onclick={close} data-testid="back-to-start">{ "← 首页" }</button>
                <h1 class="project-title">{ if name.trim().is_empty() { "（未命名项目）".to_string() } else { name } }</h1>
                <div class="undo-redo" role="group" aria-label="撤销与重做">
                    <button type="button" data-testid="undo" disabled={!s.can_undo()}
                        title={s.undo_label().map(|l| format!("撤销：{l}（Ctrl+Z）")).unwrap_or_else(|| "没有可撤销的操作".into())}
                        onclick={act(Action::Undo)}>{ "↶ 撤销" }</button>
                    <button type="button" data-testid="redo" disabled={!s.can_redo()}
                        title={s.redo_label().map(|l| format!("重做：{l}（Ctrl+Shift+Z / Ctrl+Y）")).unwrap_or_else(|| "没有可重做的操作".into())}
                        onclick={act(Action::Redo)}>{ "↷ 重做" }</button>
                </div>
                <drafts::DraftBar draft={s.draft.clone()} {on_load} on_saved={Some(on_saved)} />
                <workbook::FileDownload draft={s.draft.clone()} kind={workbook::DownloadKind::Workbook} />
            </header>
            <SummaryBar state={p.state.clone()} dispatch={d.clone()} />
            if let Some(n) = &s.notice {
                <div class="notice" role="status" data-testid="notice">
                    { n.clone() }
                    <button type="button" class="btn-small" aria-label="关闭提示" onclick={act(Action::DismissNotice)}>{ "✕" }</button>
                </div>
            }
            <div class="editor-body">
                <nav class="section-nav" aria-label="编辑内容">
                    <ul>
                        { for Section::ALL.iter().map(|sec| {
                            let current = *sec == s.section;
                            let count = s.assessment.findings.iter()
                                .filter(|f| f.severity == Severity::Error && Section::of_path(&f.path) == *sec).count();
                            let to_fill = s.to_fill_count(*sec);
                            html! {
                                <li>
                                    <button type="button" class={classes!("nav-item", current.then_some("current"))}
                                        aria-current={current.then_some("page")}
                                        data-testid={format!("nav-{}", sec.key())}
                                        onclick={act(Action::ShowSection(*sec))}>
                                        { sec.label() }
                                        if count > 0 { <span class="badge" aria-label={format!("{count}个错误")}>{ count }</span> }
                                        if to_fill > 0 {
                                            <span class="to-fill" data-testid={format!("to-fill-{}", sec.key())}>{ format!("还需填写 {to_fill} 项") }</span>
                                        }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                </nav>
                <main class="section-main" id="main">{ body }</main>
                <FindingsPanel assessment={Shared(s.assessment.clone())} dispatch={d.clone()} />
            </div>
            <About />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    state: Shared<EditorState>,
    dispatch: Dispatch,
}

#[function_component(SummaryBar)]
fn summary_bar(p: &SummaryProps) -> Html {
    let s = &*p.state;
    let sc = &s.assessment.scorecard;
    let dp = s.evaluation().rules.decimals as usize;
    let errors = s.assessment.findings.iter().filter(|f| f.severity == Severity::Error).count();
    let warnings = s.assessment.findings.iter().filter(|f| f.severity == Severity::Warning).count();
    let to_fill = s.to_fill_total();
    let rate = sc.budget.rate.map(|r| format!("{:.*}%", dp, r)).unwrap_or_else(|| "—".into());
    // No score nor grade before the form can be scored (not 0.00 and 差 for an empty form).
    let (total, grade) = if sc.scorable {
        (format!("{:.*}", dp, sc.total), sc.grade.label().to_string())
    } else {
        ("—".to_string(), "—".to_string())
    };
    let why = (!sc.scorable).then(|| format!("尚不能评分：还缺少{}", sc.missing_for_score().join("、")));
    let full_check = {
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::FullCheck))
    };
    html! {
        <div class="summary-bar" role="region" aria-label="评分摘要">
            <div class="summary-item" title={why.clone()}><span class="summary-label">{ "总分" }</span>
                <span class="summary-value big" data-testid="summary-total">{ total }</span></div>
            <div class="summary-item" title={why.clone()}><span class="summary-label">{ "等级" }</span>
                <span class="summary-value big" data-testid="summary-grade">{ grade }</span></div>
            if let Some(why) = why {
                <div class="summary-item summary-why" data-testid="summary-unscorable">{ why }</div>
            }
            <div class="summary-item"><span class="summary-label">{ "执行率" }</span>
                <span class="summary-value" data-testid="summary-rate">{ rate }</span></div>
            <div class={classes!("summary-item", (errors > 0).then_some("has-errors"))}><span class="summary-label">{ "错误" }</span>
                <span class="summary-value" data-testid="summary-errors">{ errors }</span></div>
            <div class={classes!("summary-item", (warnings > 0).then_some("has-warnings"))}><span class="summary-label">{ "警告" }</span>
                <span class="summary-value" data-testid="summary-warnings">{ warnings }</span></div>
            if to_fill > 0 {
                <div class="summary-item has-to-fill"><span class="summary-label">{ "还需填写" }</span>
                    <span class="summary-value" data-testid="summary-to-fill">{ format!("{to_fill} 项") }</span></div>
                <button type="button" class="full-check" data-testid="full-check" onclick={full_check}
                    title="把所有还需填写的项作为错误列出（提交前的全面检查）">{ "全面检查" }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FindingsProps {
    assessment: Shared<crate::Assessment>,
    dispatch: Dispatch,
}

/// The findings that follow from one finding, under it: "由此引起：" and each as a link.
fn consequence_list(dispatch: &Dispatch, list: &[&Finding]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    html! {
        <div class="consequences">
            <span class="hint">{ "由此引起（改正上面一条即可）：" }</span>
            <ul>
                { for list.iter().map(|f| {
                    let d = dispatch.clone();
                    let path = f.path.clone();
                    let onclick = Callback::from(move |_| d.dispatch(Action::Focus(path.clone())));
                    html! {
                        <li key={format!("{}@{}", f.code, f.path)} data-testid="finding" data-code={f.code}
                            data-path={f.path.clone()} data-severity={f.severity.label()}
                            data-caused-by={f.caused_by.clone().unwrap_or_default()}
                            class={format!("finding consequence sev-{}", f.severity.label())}>
                            <button type="button" class="finding-link" {onclick}>
                                <span class="sev">{ f.severity.label() }</span>
                                <span class="place">{ f.place() }</span>
                                <span class="message">{ f.message() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

#[function_component(FindingsPanel)]
fn findings_panel(p: &FindingsProps) -> Html {
    let findings = &p.assessment.findings;
    // What is still to fill (待填写) is not a problem found: each group lists it apart, folded.
    let shown = findings.iter().filter(|f| f.severity != Severity::ToFill).count();
    let to_fill = findings.len() - shown;
    // One cause, one error: a finding that follows from another (`caused_by`) is listed under
    // it, not as a problem of its own.
    let key_of = |f: &Finding| format!("{}@{}", f.code, f.path);
    let present: std::collections::HashSet<String> = findings.iter().map(key_of).collect();
    let is_consequence = |f: &Finding| f.caused_by.as_ref().is_some_and(|c| present.contains(c));
    let consequences_of = |f: &Finding| -> Vec<&Finding> {
        let k = key_of(f);
        findings.iter().filter(|c| c.caused_by.as_deref() == Some(k.as_str())).collect()
    };
    let item = |key: String, f: &Finding| {
        let d = p.dispatch.clone();
        let path = f.path.clone();
        let onclick = Callback::from(move |_| d.dispatch(Action::Focus(path.clone())));
        let numbers = match (f.expected, f.found) {
            (Some(e), Some(x)) => format!("（应为 {e}，实为 {x}{}）",
                f.difference.map(|d| format!("，差 {d}")).unwrap_or_default()),
            _ => String::new(),
        };
        // 改为占位符: a number of the narrative linked to a figure of the data (issue 21).
        let use_placeholder = f.fix.as_deref().map(|fix| {
            let d = p.dispatch.clone();
            let action = Action::UsePlaceholder(fix.clone());
            let onclick = Callback::from(move |_: MouseEvent| d.dispatch(action.clone()));
            html! {
                <button type="button" class="use-placeholder" data-testid="use-placeholder" {onclick}
                    title={format!("把正文中的“{}”改为 {{{}}}，正文即随数据变化", fix.written, fix.placeholder)}>
                    { format!("改为 {{{}}}", fix.placeholder) }
                </button>
            }
        });
        html! {
            <li {key} data-testid="finding" data-code={f.code} data-path={f.path.clone()}
                data-severity={f.severity.label()}
                class={format!("finding sev-{}", f.severity.label())}>
                <button type="button" class="finding-link" {onclick}>
                    <span class="sev">{ f.severity.label() }</span>
                    <span class="place">{ f.place() }</span>
                    <span class="message">{ format!("{}{}", f.message(), numbers) }</span>
                </button>
                { for use_placeholder }
                { consequence_list(&p.dispatch, &consequences_of(f)) }
            </li>
        }
    };
    let groups = Section::ALL.iter().filter_map(|sec| {
        let (pending, items): (Vec<&Finding>, Vec<&Finding>) = findings
            .iter()
            .filter(|f| Section::of_path(&f.path) == *sec && !is_consequence(f))
            .partition(|f| f.severity == Severity::ToFill);
        if items.is_empty() && pending.is_empty() {
            return None;
        }
        Some(html! {
            <section class="finding-group" aria-label={sec.label()}>
                <h3>{ if items.is_empty() { sec.label().to_string() } else { format!("{}（{}）", sec.label(), items.len()) } }</h3>
                if !pending.is_empty() {
                    <details class="to-fill-list" data-testid="to-fill-list">
                        <summary>{ format!("还需填写 {} 项", pending.len()) }</summary>
                        <ul>{ for keyed(&pending).map(|(key, f)| item(key, f)) }</ul>
                    </details>
                }
                <ul>
                    { for keyed(&items).map(|(key, f)| item(key, f)) }
                </ul>
            </section>
        })
    });
    html! {
        <aside class="findings" data-testid="findings" aria-label="核对结果">
            <h2>{ format!("核对结果（{}）", shown) }</h2>
            if shown == 0 && to_fill == 0 {
                <p class="ok">{ "没有发现问题。" }</p>
            } else if shown == 0 {
                <p class="ok">{ format!("没有发现错误；还需填写 {to_fill} 项（见下面各部分）。") }</p>
            }
            { for groups }
        </aside>
    }
}

/// Findings with a stable key each (code, path, and which of the same code and path), so
/// that a finding coming or going moves list items instead of rewriting all that follow.
fn keyed<'a>(items: &'a [&'a Finding]) -> impl Iterator<Item = (String, &'a Finding)> + 'a {
    let mut seen: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    items.iter().map(move |f| {
        let n = seen.entry((f.code, f.path.as_str())).or_insert(0);
        *n += 1;
        (format!("{}|{}|{}", f.code, f.path, n), *f)
    })
}

#[derive(Properties, PartialEq)]
struct ReportProps {
    state: Shared<EditorState>,
}

/// What the report is written from: the draft's evaluation (the file module assesses it
/// itself, as `report::render` does). Equal when the evaluation has the same content: a draft
/// that only got a new `modified` timestamp (the autosave's `Action::MarkSaved`, 500 ms after
/// an edit), or a new editor assessment of the same evaluation (a section counted as worked on),
/// writes the same report, so it keeps the report, its Blob and its object URL — the preview is
/// not written and loaded again, and 下载报告 uses the URL the preview shows.
struct ReportInput(Rc<Draft>);

impl PartialEq for ReportInput {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0.evaluation == other.0.evaluation
    }
}

/// 报告: the preview and 下载报告. The report is written by the file-format module
/// (`worker_protocol::Request::Report`, loaded on first use with its progress shown: the report
/// writer is not part of the first load, issue 20) once per draft — only while this tab is open,
/// again when the evaluation changes ([`ReportInput`]) — and comes back as bytes that go
/// straight into one Blob: its object URL is the preview iframe's `src` and the download's
/// `href`, so the 718 KB of a 1,000-indicator report never become a JavaScript string. While a
/// new report is being written the previous one stays in view, and 打印 / 下载报告 wait for the
/// new one (never a stale file). The URL is revoked when the report changes or the tab closes
/// (later, if a download was started from it: see `browser::ObjectUrl`).
#[function_component(ReportView)]
fn report_view(p: &ReportProps) -> Html {
    let state = &p.state;
    let task = use_reducer(crate::editor::file_task::FileTask::default);
    let file = use_state(|| None::<Rc<crate::browser::ObjectUrl>>);
    // The request whose report may be shown (an older one's answer is dropped), and 重试's count.
    let latest = use_mut_ref(|| 0u32);
    let attempt = use_state(|| 0u32);
    {
        let (task, file, latest) = (task.clone(), file.clone(), latest.clone());
        use_effect_with(
            (ReportInput(state.draft.clone()), *attempt),
            move |(ReportInput(draft), _)| {
                let shown = latest.clone();
                let seq = workbook::start_report(&task, draft, move |seq, bytes| {
                    if *shown.borrow() != seq {
                        return;
                    }
                    match crate::browser::ObjectUrl::of_array(&bytes, "text/html;charset=utf-8") {
                        Ok(url) => file.set(Some(Rc::new(url))),
                        Err(what) => crate::browser::log_error(&format!("无法生成报告文件：{what}")),
                    }
                });
                *latest.borrow_mut() = seq;
            },
        );
    }
    // The report to print and download: the one shown, once no newer one is being written or
    // has failed.
    let ready = file.as_ref().filter(|_| *task == crate::editor::file_task::FileTask::Idle).cloned();
    let file_name = crate::report::file_name(&state.draft.evaluation);
    let download = {
        let ready = ready.clone();
        let file_name = file_name.clone();
        Callback::from(move |_| {
            if let Some(f) = &ready {
                if let Err(message) = f.download(&file_name) {
                    crate::browser::log_error(&message);
                }
            }
        })
    };
    // 打印 and Ctrl+P (⌘P) in this tab print the report alone, all of it: the preview's own
    // document, not the app's screen.
    let frame = use_node_ref();
    let print = {
        let frame = frame.clone();
        Callback::from(move |_: MouseEvent| print_report(&frame))
    };
    {
        let frame = frame.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new_with_options(
                &gloo::utils::document(),
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                    if (e.ctrl_key() || e.meta_key()) && !e.alt_key() && !e.shift_key() && e.key().eq_ignore_ascii_case("p") {
                        e.prevent_default();
                        print_report(&frame);
                    }
                },
            );
            move || drop(listener)
        });
    }
    html! {
        <section class="section report-section" aria-labelledby="h-report">
            <h2 id="h-report">{ "报告" }</h2>
            <div class="toolbar">
                <button type="button" data-testid="print-report" onclick={print} disabled={ready.is_none()}
                    title="打印报告（Ctrl+P）">{ "打印" }</button>
                <button type="button" class="primary" data-testid="download-report" onclick={download}
                    disabled={ready.is_none()}>
                    { format!("下载报告（{file_name}）") }
                </button>
                <workbook::FileDownload draft={state.draft.clone()} kind={workbook::DownloadKind::Docx} />
            </div>
            { match &*task {
                crate::editor::file_task::FileTask::Busy { what, progress, .. } => workbook::progress_view(what, *progress),
                crate::editor::file_task::FileTask::Failed { message } => {
                    let retry = {
                        let attempt = attempt.clone();
                        Callback::from(move |_: MouseEvent| attempt.set(*attempt + 1))
                    };
                    html! {
                        <p class="error" role="alert" data-testid="report-error">{ message.clone() }
                            <button type="button" class="btn-small" data-testid="report-retry" onclick={retry}>{ "重试" }</button></p>
                    }
                }
                _ => html! {},
            } }
            // No script may run in the preview: the report has none and its own CSP forbids
            // them; the sandbox (same origin kept, scripts not allowed) says so once more.
            // allow-modals lets 打印 open the print dialog for the preview's document.
            { for file.as_ref().map(|f| html! {
                <iframe class="report-preview" title="报告预览" src={f.url().to_string()}
                    sandbox="allow-same-origin allow-modals" data-testid="report-preview" ref={frame}></iframe>
            }) }
        </section>
    }
}

/// Prints the report shown in the preview frame (nothing while it has not loaded).
fn print_report(frame: &NodeRef) {
    if let Some(f) = frame.cast::<web_sys::HtmlIFrameElement>() {
        if let Err(message) = crate::browser::print_frame(&f) {
            crate::browser::log_error(&message);
        }
    }
}
