//! 绩效指标: the spreadsheet-like indicator table, its rows and the paste preview.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use gloo::events::EventListenerOptions;
use web_sys::{ClipboardEvent, Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::functional::UseForceUpdateHandle;
use yew::prelude::*;

use crate::editor::{field_label, find_indicators, indicator_path, Action, EditorState, List, Paste, RowView};
use crate::model::IndicatorNature;
use crate::numbers::format_decimal;
use crate::reconcile::Severity;

use super::fields::{row_message, small_button, Dispatch, Field, FieldProps, Kind, Shared};

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub rows: Shared<Vec<Rc<RowView>>>,
    pub paste: Option<Shared<Paste>>,
    /// The focused path when it is an indicator field (to open a row's details).
    pub focus: Option<AttrValue>,
    /// Changes on every focus request (a focused row off screen is then rendered first).
    #[prop_or_default]
    pub focus_seq: u64,
    pub dispatch: Dispatch,
}

// ---------------------------------------------------------------------------------------
// Virtualisation: with many rows only the rows in and near the viewport are in the DOM;
// spacer rows above and below stand for the others (measured heights, an average for
// rows never rendered). Layout, paint and Yew's work then do not grow with the table.
// ---------------------------------------------------------------------------------------

/// Tables with fewer rows are rendered whole (everything in the DOM: find in page, print).
const VIRTUAL_FROM: usize = 100;
/// Rows are rendered this far (px) above and below the viewport.
const OVERSCAN_PX: f64 = 300.0;
/// The rendered rows are moved only when the viewport comes this close (px) to their end.
const MARGIN_PX: f64 = 80.0;
/// Height assumed for a row never measured, until some are.
const ROW_ESTIMATE_PX: f64 = 47.0;
/// Rows rendered around a row that must be shown (focus, keyboard move) before scrolling.
const AROUND_ROWS: usize = 15;
/// Window syncs (frames with a scroll or a render) a focus request keeps its row through.
const FOCUS_WAIT_SYNCS: u8 = 4;

/// The table's window state (kept across renders in a `use_mut_ref`; not reducer state:
/// it depends on the viewport only).
struct Virtual {
    rows: Rc<Vec<Rc<RowView>>>,
    /// Measured height (px) of each row id rendered so far (with its details when open).
    heights: HashMap<String, f64>,
    /// The rows rendered: `start..end`.
    range: (usize, usize),
    /// The last focus request handled.
    focus_seq: u64,
    /// A keyboard move to a row not rendered yet: (row index, column), focused after render.
    pending: Option<(usize, String)>,
    /// A focus request (a finding, the find box) for this row, until the focus is in it or a
    /// few window syncs have passed: the window keeps the row (a scroll's sync queued just
    /// before the request must not take the row away before the editor focuses it).
    focus_wait: Option<(usize, u8)>,
    /// Printing: every row.
    all: bool,
    /// See [`Virtual::average`].
    estimate: Option<f64>,
    /// The window and row count last measured: a render that changes neither (an edit in a
    /// row) needs no measuring, so no extra layout.
    measured: (usize, usize, usize),
}

impl Virtual {
    fn on(&self) -> bool {
        self.rows.len() >= VIRTUAL_FROM && !self.all
    }
    /// The height assumed for rows never rendered: the average of the first rows measured,
    /// then kept (an estimate that moved with every measurement would move every row below
    /// the window, and the window with it).
    fn average(&self) -> f64 {
        self.estimate.unwrap_or(ROW_ESTIMATE_PX)
    }
    fn heights_of(&self) -> impl Iterator<Item = f64> + '_ {
        let avg = self.average();
        self.rows.iter().map(move |r| self.heights.get(r.row.id.as_str()).copied().unwrap_or(avg))
    }
    /// The rows that intersect `top..bottom` (px from the top of the table body).
    fn rows_between(&self, top: f64, bottom: f64) -> (usize, usize) {
        let n = self.rows.len();
        let (mut start, mut end) = (n, n);
        let mut y = 0.0;
        for (i, h) in self.heights_of().enumerate() {
            if start == n && y + h > top {
                start = i;
            }
            if y >= bottom {
                end = i;
                break;
            }
            y += h;
        }
        (start.min(end), end)
    }
    fn around(&self, i: usize) -> (usize, usize) {
        let n = self.rows.len();
        (i.saturating_sub(AROUND_ROWS), (i + AROUND_ROWS + 1).min(n))
    }
    /// Heights (px) of the spacers above and below `range`.
    fn spacers(&self, (start, end): (usize, usize)) -> (f64, f64) {
        let (mut above, mut below) = (0.0, 0.0);
        for (i, h) in self.heights_of().enumerate() {
            if i < start {
                above += h;
            } else if i >= end {
                below += h;
            }
        }
        (above, below)
    }
}

/// The element's top in page coordinates (offsetTop up the offsetParent chain).
fn page_top(el: &HtmlElement) -> f64 {
    let mut y = 0.0;
    let mut cur = Some(el.clone());
    while let Some(e) = cur {
        y += f64::from(e.offset_top());
        cur = e.offset_parent().and_then(|p| p.dyn_into::<HtmlElement>().ok());
    }
    y
}

/// Moves the rendered rows to the viewport when it comes near their end; re-renders then.
/// `always`: recompute the window even when the viewport is inside it (after printing, when
/// every row was rendered).
fn sync_window(virt: &RefCell<Virtual>, body: &NodeRef, rerender: &UseForceUpdateHandle, always: bool) {
    let (Some(tb), Some(w)) = (body.cast::<HtmlElement>(), web_sys::window()) else { return };
    let mut v = virt.borrow_mut();
    // A keyboard move is waiting for its row: that render decides (then its scroll syncs).
    if !v.on() || v.pending.is_some() {
        return;
    }
    let active = w.document().and_then(|d| d.active_element()).and_then(|a| a.dyn_into::<HtmlElement>().ok());
    // A focus request is waiting for the editor to focus its row: keep the row rendered.
    if let Some((i, left)) = v.focus_wait {
        let arrived = active.as_ref().and_then(|a| row_id_of(a)).is_some_and(|id| v.rows.get(i).is_some_and(|r| r.row.id == id));
        if arrived || left == 0 || i >= v.rows.len() {
            v.focus_wait = None;
        } else {
            v.focus_wait = Some((i, left - 1));
            if i < v.range.0 || i >= v.range.1 {
                v.range = v.around(i);
                drop(v);
                rerender.force_update();
            }
            return;
        }
    }
    let top = w.scroll_y().unwrap_or(0.0) - page_top(&tb);
    let height = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
    let bottom = top + height;
    let need = v.rows_between(top - MARGIN_PX, bottom + MARGIN_PX);
    if always || need.0 < v.range.0 || need.1 > v.range.1 {
        let mut range = v.rows_between(top - OVERSCAN_PX, bottom + OVERSCAN_PX);
        // The cell being typed in: kept rendered while it is on screen (estimated heights
        // must never take it away); committed (its change event) before its row leaves the
        // page when it is scrolled away — nothing typed is lost.
        let mut leaving = None;
        if let Some(a) = active {
            if let Some(r) = row_id_of(&a).and_then(|id| v.rows.iter().position(|r| r.row.id == id)) {
                let y = page_top(&a) - w.scroll_y().unwrap_or(0.0);
                if y + f64::from(a.offset_height()) > 0.0 && y < height {
                    range = (range.0.min(r), range.1.max(r + 1));
                } else if r < range.0 || r >= range.1 {
                    leaving = Some(a);
                }
            }
        }
        v.range = range;
        drop(v);
        if let Some(a) = leaving {
            let _ = a.blur();
        }
        rerender.force_update();
    }
}

/// The id of the indicator row an element is in: its own cells (`tr[data-id]`), its messages
/// (`tr[data-messages-for]`) or its details (`tr[data-details-for]`).
fn row_id_of(el: &Element) -> Option<String> {
    let tr = el.closest("tr[data-id], tr[data-messages-for], tr[data-details-for]").ok().flatten()?;
    tr.get_attribute("data-id")
        .or_else(|| tr.get_attribute("data-messages-for"))
        .or_else(|| tr.get_attribute("data-details-for"))
}

/// Remembers the heights of the rendered rows (a row's messages and details count with it).
fn measure_rows(virt: &RefCell<Virtual>, body: &NodeRef) {
    let Some(tb) = body.cast::<Element>() else { return };
    let children = tb.children();
    let mut v = virt.borrow_mut();
    let mut last: Option<String> = None;
    for i in 0..children.length() {
        let Some(el) = children.item(i).and_then(|c| c.dyn_into::<HtmlElement>().ok()) else { continue };
        let h = f64::from(el.offset_height());
        if let Some(id) = el.get_attribute("data-id") {
            v.heights.insert(id.clone(), h);
            last = Some(id);
        } else if el.has_attribute("data-messages-for") || el.has_attribute("data-details-for") {
            if let Some(total) = last.as_ref().and_then(|id| v.heights.get_mut(id)) {
                *total += h;
            }
        }
    }
    if v.estimate.is_none() && !v.heights.is_empty() {
        v.estimate = Some(v.heights.values().sum::<f64>() / v.heights.len() as f64);
    }
}

/// The cell to move to: the same column in row `row`, else the nearest one it has (a
/// 定性 row's 档内得分 → a 定量 row's 实际完成值), else its name cell (a heading has no such
/// column).
fn nav_target(row: usize, col: &str) -> Option<HtmlElement> {
    let doc = web_sys::window().and_then(|w| w.document())?;
    let near = if col == "band_score" { "actual" } else { "name" };
    [col, near, "name"]
        .into_iter()
        .find_map(|c| doc.query_selector(&format!("[data-nav-row=\"{row}\"][data-nav-col=\"{c}\"]")).ok().flatten())
        .and_then(|el| el.dyn_into::<HtmlElement>().ok())
}

/// Moves focus between cells like a spreadsheet: Enter / ↓ next row, Shift+Enter / ↑
/// previous row (same column), in every kind of cell — a select keeps its value (its list
/// opens with Alt+↓; typing chooses too), a name's text area gets no line break. Tab is the
/// browser's. A row not rendered yet (virtualised table) is rendered first, then focused.
fn on_table_keydown(e: KeyboardEvent, virt: &RefCell<Virtual>, rerender: &UseForceUpdateHandle) {
    let key = e.key();
    let down = key == "ArrowDown" || (key == "Enter" && !e.shift_key());
    let up = key == "ArrowUp" || (key == "Enter" && e.shift_key());
    // An input method composing (拼音) uses Enter and the arrows itself.
    if !(down || up) || e.ctrl_key() || e.alt_key() || e.meta_key() || e.is_composing() {
        return;
    }
    let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    // Enter belongs to buttons (the row's actions, 说明).
    if target.tag_name().eq_ignore_ascii_case("button") {
        return;
    }
    let (Some(row), Some(col)) = (target.get_attribute("data-nav-row"), target.get_attribute("data-nav-col")) else {
        return;
    };
    // Even with no row to go to (the last one): a select's value stays, a name gets no line break.
    if ["select", "textarea"].iter().any(|t| target.tag_name().eq_ignore_ascii_case(t)) {
        e.prevent_default();
    }
    let Ok(focused) = row.parse::<usize>() else { return };
    // Keys pressed faster than rows render move on from the row still to be focused.
    let row = virt.borrow().pending.as_ref().filter(|(_, c)| *c == col).map_or(focused, |(r, _)| *r);
    let next = if down { row + 1 } else if row > 0 { row - 1 } else { return };
    if let Some(el) = nav_target(next, &col) {
        e.prevent_default();
        // Rows ahead are rendered before the keyboard gets there. A move to a row not rendered
        // yet (below) can focus it only once Yew has rendered it, and Yew may render later than
        // the next key events (its scheduler yields to the browser after 16 ms of work): keys
        // pressed meanwhile are queued (`pending`), but until then focus is on the old row and
        // what is typed goes there.
        let extended = {
            let mut v = virt.borrow_mut();
            v.pending = None;
            let (n, (start, end)) = (v.rows.len(), v.range);
            let range = if !v.on() {
                None
            } else if down {
                (end < n && next + AROUND_ROWS >= end)
                    .then(|| (start.max(next.saturating_sub(2 * AROUND_ROWS)), (next + 2 * AROUND_ROWS + 1).min(n)))
            } else {
                (start > 0 && next < start + AROUND_ROWS)
                    .then(|| (next.saturating_sub(2 * AROUND_ROWS), end.min(next + 2 * AROUND_ROWS + 1)))
            };
            range.map(|r| v.range = r).is_some()
        };
        if extended {
            rerender.force_update();
        }
        let _ = el.focus();
        return;
    }
    let mut v = virt.borrow_mut();
    if v.on() && next < v.rows.len() {
        e.prevent_default();
        // The focused cell stays rendered until focus moves: with keys queued faster than Yew
        // renders (`pending` more than AROUND_ROWS ahead), a window around the target alone
        // took the focused row out of the page, focus fell to the page and the next keys were
        // lost (they scrolled the page instead).
        let (a, b) = v.around(next);
        v.range = (a.min(focused), b.max(focused + 1));
        v.pending = Some((next, col));
        drop(v);
        rerender.force_update();
    }
}

/// Reads the text of a paste event; `Some` only when it looks like table rows.
fn table_paste_text(e: &Event) -> Option<String> {
    let ce = e.dyn_ref::<ClipboardEvent>()?;
    let text = ce.clipboard_data()?.get_data("text/plain").ok()?;
    let lines = text.trim_end().lines().count();
    (text.contains('\t') || lines > 1).then_some(text)
}

#[derive(Properties, PartialEq)]
struct FindBarProps {
    rows: Shared<Vec<Rc<RowView>>>,
    /// Only the rows near the viewport are in the page: the browser's find (Ctrl+F) cannot
    /// see the others, so Ctrl+F comes here.
    virtualised: bool,
    dispatch: Dispatch,
}

/// What the find box holds: the query and the match last gone to (index into the matches).
#[derive(Clone, Default)]
struct Find {
    query: String,
    at: Option<usize>,
}

/// 查找指标: a find box over the indicator names (`editor::find_indicators`). Enter goes to
/// the next matching row (Shift+Enter the previous), rendering it if it is off screen, and
/// focuses and highlights its name (`Action::Focus`, as a finding does); Ctrl+F comes here
/// when the table is virtualised.
#[function_component(FindBar)]
fn find_bar(p: &FindBarProps) -> Html {
    // Not use_state: two clicks before the next render must each see the match the other
    // went to (a state handle keeps the value of its render).
    let find = use_mut_ref(Find::default);
    let update = use_force_update();
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(p.virtualised, move |virtualised| {
            let listener = (*virtualised).then(gloo::utils::document).map(|document| {
                EventListener::new_with_options(&document, "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    if (e.ctrl_key() || e.meta_key()) && !e.alt_key() && !e.shift_key() && e.key().eq_ignore_ascii_case("f") {
                        if let Some(box_) = input.cast::<HtmlInputElement>() {
                            e.prevent_default();
                            let _ = box_.focus();
                            box_.select();
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    let go = {
        let find = find.clone();
        let update = update.clone();
        let rows = p.rows.clone();
        let dispatch = p.dispatch.clone();
        move |step: isize| {
            let query = find.borrow().query.clone();
            let matches = find_indicators(rows.iter().map(|r| &r.row), &query);
            if matches.is_empty() {
                return;
            }
            let n = matches.len() as isize;
            let at = find.borrow().at;
            let k = match at {
                None if step < 0 => n - 1,
                None => 0,
                Some(i) => (i.min(matches.len() - 1) as isize + step).rem_euclid(n),
            } as usize;
            dispatch.dispatch(Action::Focus(format!("indicators.{}.name", matches[k])));
            find.borrow_mut().at = Some(k);
            update.force_update();
        }
    };
    let oninput = {
        let find = find.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                *find.borrow_mut() = Find { query: el.value(), at: None };
                update.force_update();
            }
        })
    };
    let onkeydown = {
        let go = go.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                go(if e.shift_key() { -1 } else { 1 });
            }
        })
    };
    let next = {
        let go = go.clone();
        Callback::from(move |_| go(1))
    };
    let previous = Callback::from(move |_| go(-1));
    let find = find.borrow().clone();
    let count = if find.query.trim().is_empty() {
        None
    } else {
        Some(find_indicators(p.rows.iter().map(|r| &r.row), &find.query).len())
    };
    let status = match (count, find.at) {
        (None, _) => String::new(),
        (Some(0), _) => format!("没有名称含“{}”的指标", find.query.trim()),
        (Some(n), Some(k)) => format!("第 {} / {} 项", k.min(n - 1) + 1, n),
        (Some(n), None) => format!("共 {n} 项，按 Enter 跳到第一项"),
    };
    let found = count.unwrap_or(0) > 0;
    html! {
        <span class="find-bar" role="search">
            <label for="indicator-find" class="sr-only">{ "查找指标名称" }</label>
            <input id="indicator-find" type="search" data-testid="indicator-find" ref={input}
                placeholder={if p.virtualised { "查找指标名称（Ctrl+F）" } else { "查找指标名称" }}
                value={find.query.clone()} {oninput} {onkeydown} />
            <button type="button" data-testid="indicator-find-previous" disabled={!found} onclick={previous}
                aria-label="上一个匹配的指标">{ "↑" }</button>
            <button type="button" data-testid="indicator-find-next" disabled={!found} onclick={next}
                aria-label="下一个匹配的指标">{ "↓" }</button>
            <span class="find-status" data-testid="indicator-find-status" aria-live="polite">{ status }</span>
        </span>
    }
}

#[function_component(IndicatorTable)]
pub fn indicator_table(p: &TableProps) -> Html {
    let dispatch = p.dispatch.clone();
    let show_paste_box = use_state(|| false);
    let paste_ref = use_node_ref();
    let body_ref = use_node_ref();
    let rerender = use_force_update();
    let virt = use_mut_ref(|| Virtual {
        rows: p.rows.0.clone(),
        heights: HashMap::new(),
        range: (0, 0),
        focus_seq: 0,
        pending: None,
        focus_wait: None,
        all: false,
        estimate: None,
        measured: (0, 0, 0),
    });
    let focus_id = p.focus.as_ref().and_then(|f| indicator_path(f)).map(|(id, _)| id.to_string());
    // The rows to render now, and the spacers' heights.
    let (start, end, above, below) = {
        let mut v = virt.borrow_mut();
        v.rows = p.rows.0.clone();
        let n = v.rows.len();
        if !v.on() {
            v.range = (0, n);
        } else {
            if v.range == (0, 0) || v.range.0 >= n {
                v.range = v.around(0);
            }
            // A focus request for a row not rendered: render around it (the editor then
            // scrolls to the field and the window follows the scroll).
            if p.focus_seq != v.focus_seq {
                v.focus_seq = p.focus_seq;
                if let Some(i) = focus_id.as_ref().and_then(|id| v.rows.iter().position(|r| r.row.id == *id)) {
                    if i < v.range.0 || i >= v.range.1 {
                        v.range = v.around(i);
                    }
                    v.focus_wait = Some((i, FOCUS_WAIT_SYNCS));
                }
            }
            v.range.1 = v.range.1.min(n);
        }
        let (above, below) = if v.on() { v.spacers(v.range) } else { (0.0, 0.0) };
        (v.range.0, v.range.1, above, below)
    };
    // Once a frame at most, after renders, scrolls and resizes: remember the rendered rows'
    // heights and move the window to the viewport (reading layout there, before the frame's
    // own layout, costs no extra layout pass); printing shows every row.
    let frame: Rc<RefCell<Option<AnimationFrame>>> = use_mut_ref(|| None);
    let schedule = {
        let virt = virt.clone();
        let body_ref = body_ref.clone();
        let rerender = rerender.clone();
        let frame = frame.clone();
        Rc::new(move || {
            if frame.borrow().is_some() || !virt.borrow().on() {
                return;
            }
            let (virt, body_ref, rerender, slot) = (virt.clone(), body_ref.clone(), rerender.clone(), frame.clone());
            *frame.borrow_mut() = Some(request_animation_frame(move |_| {
                slot.borrow_mut().take();
                measure_rows(&virt, &body_ref);
                sync_window(&virt, &body_ref, &rerender, false);
            }));
        })
    };
    {
        let virt = virt.clone();
        let rerender = rerender.clone();
        let schedule = schedule.clone();
        let frame = frame.clone();
        let body_ref = body_ref.clone();
        use_effect_with((), move |_| {
            let mut listeners = Vec::new();
            if let Some(w) = web_sys::window() {
                for ev in ["scroll", "resize"] {
                    let schedule = schedule.clone();
                    listeners.push(EventListener::new(&w, ev, move |_| schedule()));
                }
                for (ev, all) in [("beforeprint", true), ("afterprint", false)] {
                    let virt = virt.clone();
                    let rerender = rerender.clone();
                    let body_ref = body_ref.clone();
                    listeners.push(EventListener::new(&w, ev, move |_| {
                        virt.borrow_mut().all = all;
                        if all {
                            rerender.force_update();
                        } else {
                            // Back to the rows around the viewport.
                            sync_window(&virt, &body_ref, &rerender, true);
                        }
                    }));
                }
            }
            move || {
                drop(listeners);
                frame.borrow_mut().take();
            }
        });
    }
    // After a render: focus a row a keyboard move asked for; when other rows were rendered,
    // measure them and sync next frame.
    {
        let virt = virt.clone();
        use_effect(move || {
            let mut v = virt.borrow_mut();
            let pending = v.pending.take();
            let now = (v.range.0, v.range.1, v.rows.len());
            let changed = v.measured != now;
            v.measured = now;
            drop(v);
            if let Some(el) = pending.and_then(|(row, col)| nav_target(row, &col)) {
                let _ = el.focus();
            }
            if changed {
                schedule();
            }
        });
    }
    let onkeydown = {
        let virt = virt.clone();
        let rerender = rerender.clone();
        Callback::from(move |e: KeyboardEvent| on_table_keydown(e, &virt, &rerender))
    };
    let onpaste = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(text) = table_paste_text(&e) {
                e.prevent_default();
                dispatch.dispatch(Action::PastePreview { text });
            }
        })
    };
    // The row the user was last in (a cell, a row's buttons): 添加指标行 adds after it (under
    // it when it is a heading, see `editor::AddRow`); no rerender when it changes.
    let last_row = use_mut_ref(|| None::<String>);
    let onfocusin = {
        let last_row = last_row.clone();
        Callback::from(move |e: FocusEvent| {
            if let Some(id) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|el| row_id_of(&el)) {
                *last_row.borrow_mut() = Some(id);
            }
        })
    };
    let add_row = {
        let dispatch = dispatch.clone();
        let last_row = last_row.clone();
        Callback::from(move |_| {
            let after = last_row.borrow().clone();
            dispatch.dispatch(Action::AddRow { list: List::Indicators, after })
        })
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
    let spacer = |px: f64, which: &'static str| {
        (px > 0.0).then(|| html! {
            <tr class="virtual-spacer" aria-hidden="true" data-spacer={which} style={format!("height:{}px", px.round() as i64)}>
                <td colspan="9"></td>
            </tr>
        })
    };
    // The rows as one keyed list of their own (not spliced among the spacers: a list with
    // unkeyed siblings is diffed by position, which would move every row and lose focus).
    let rows: Html = p.rows[start..end]
        .iter()
        .enumerate()
        .map(|(k, row)| {
            let focused = match (&focus_id, &p.focus) {
                (Some(id), Some(path)) if *id == row.row.id => Some(path.clone()),
                _ => None,
            };
            html! {
                <IndicatorRow key={row.row.id.clone()} view={Shared(row.clone())} index={start + k}
                    focus={focused} dispatch={dispatch.clone()} />
            }
        })
        .collect();
    html! {
        <div class="indicators">
            <div class="toolbar" role="toolbar" aria-label="绩效指标操作">
                <button type="button" data-testid="add-indicator" onclick={add_row}
                    title="添加到正在填写的行之后（在一级/二级指标上：作为其下第一行）；尚未选中行时添加到末尾">{ "＋ 添加指标行" }</button>
                <button type="button" data-testid="paste-open" aria-expanded={(*show_paste_box).to_string()}
                    onclick={toggle_paste}>{ "从 Excel / WPS 粘贴…" }</button>
                <FindBar rows={p.rows.clone()} virtualised={p.rows.len() >= VIRTUAL_FROM} dispatch={dispatch.clone()} />
                <span class="hint">{ "在表格中：Enter / ↓ 下一行，Shift+Enter / ↑ 上一行，Tab 下一格（下拉框用 Alt+↓ 展开选项）；可直接粘贴从 Excel 复制的多行。" }</span>
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
            <table class="indicator-table" {onkeydown} {onpaste} {onfocusin} aria-rowcount={(p.rows.len() + 1).to_string()}>
                <caption class="sr-only">{ "绩效指标表" }</caption>
                <thead>
                    <tr aria-rowindex="1">
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
                <tbody ref={body_ref}>
                    { spacer(above, "above") }
                    { rows }
                    { spacer(below, "below") }
                </tbody>
            </table>
            if p.rows.is_empty() {
                <p class="empty">{ "还没有指标。点“添加指标行”，或从 Excel 粘贴。" }</p>
            }
        </div>
    }
}

/// A text cell whose text can always be read whole: a one-line text area that wraps and is as
/// tall as its text. The height comes from a copy of the text laid out in the same grid cell
/// (any browser; `field-sizing: content` where there is one), and the copy follows the typing.
/// Enter puts no line break in it; in the indicator table Enter and the arrows move between
/// rows there as in any cell (`on_table_keydown`).
pub(super) fn wrapping(mut field: FieldProps) -> Html {
    field.kind = Kind::Area;
    field.rows = Some(1);
    let text = field.value.clone();
    let follow = Callback::from(|e: InputEvent| {
        let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() else { return };
        let copy = area.closest(".wrap-cell").ok().flatten().and_then(|c| c.query_selector(".wrap-copy").ok().flatten());
        if let Some(copy) = copy {
            copy.set_text_content(Some(&area.value()));
        }
    });
    // One line of text, however it wraps: Enter never puts a line break in it.
    let no_break = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Enter" && !e.is_composing() {
            e.prevent_default();
        }
    });
    html! {
        <div class="wrap-cell" oninput={follow} onkeydown={no_break}>
            <span class="wrap-copy" aria-hidden="true">{ text }</span>
            <Field ..field />
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
        // The findings at the field (text that cannot be read is one of them): the message
        // under the cell is the findings list's.
        let mut error = None;
        let mut warning = None;
        for f in v.findings.iter().filter(|f| f.path == path) {
            match f.severity {
                Severity::Error if error.is_none() => error = Some(f.message()),
                Severity::Warning if warning.is_none() => warning = Some(f.message()),
                _ => {}
            }
        }
        let value = v.field_text(field);
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
    // The row's messages (its findings; text that cannot be read is one of them), on a line of
    // their own under the row: in the narrow cells they are only the cell's colour and its
    // screen-reader text.
    // What is merely still to fill (待填写) is counted on the section's tab and listed in the
    // findings panel, not written under each row of a new form's template.
    let messages: Vec<Html> = v
        .findings
        .iter()
        .filter(|f| f.severity != Severity::ToFill)
        .map(|f| {
            let label = indicator_path(&f.path).filter(|(_, field)| !field.is_empty()).map(|_| field_label(&f.path));
            row_message(f.severity.label(), &f.path, label.as_deref(), f.message())
        })
        .collect();
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
        <tr key="row" class={row_class} data-testid="indicator-row" data-id={id.clone()} data-level={r.level.to_string()}
            aria-rowindex={(p.index + 2).to_string()}>
            <td class="col-name">
                <div class={classes!("name-cell", format!("indent-{}", r.level))}>
                    <span class="level-tag" aria-hidden="true">{ format!("{}级", r.level) }</span>
                    <span class="print-only">{ r.name.clone() }</span>
                    { wrapping({ let mut f = fp("name", &name_label, Kind::Text, Some("name")); f.placeholder = level_name.into(); f }) }
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
                    <td class="col-target">{ wrapping(fp("target_text", &format!("「{}」年度指标值", r.name), Kind::Text, Some("target"))) }</td>
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
                    { wrapping(fp("deviation", &format!("「{}」偏差原因分析及改进措施", r.name), Kind::Text, Some("deviation"))) }
                }
            </td>
            <td class="col-actions">{ actions }</td>
        </tr>
    };
    let messages = (!messages.is_empty()).then(|| html! {
        <tr key="messages" class="row-messages" data-testid="row-messages" data-messages-for={id.clone()}>
            <td colspan="9"><ul>{ for messages }</ul></td>
        </tr>
    });
    // The row's parts keyed: one coming or going (its messages, its details) leaves the others
    // in place (an unkeyed list is matched from its end: the row's cells, and the focus in
    // them, would be replaced).
    let mut parts = vec![main];
    parts.extend(messages);
    if !*open || heading {
        return parts.into_iter().collect();
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
                if let Some(a) = s.achievement() {
                    <div>{ format!("完成比例：{}", crate::report::num::percent(a, 2)) }</div>
                }
            </div>
        }
    });
    parts.push(html! {
        <tr key="details" class="indicator-details" data-details-for={id.clone()}>
            <td colspan="9">
                { explanation.unwrap_or_default() }
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
    });
    parts.into_iter().collect()
}

#[derive(Properties, PartialEq)]
pub struct PasteProps {
    pub preview: Shared<Paste>,
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
    let pv = &p.preview.preview;
    let plan = &p.preview.plan;
    let cols: Vec<String> = pv.columns.iter().map(|c| c.label().to_string()).collect();
    let rows = pv.rows.iter().enumerate().map(|(k, r)| {
        let ind = r.indicator.as_ref();
        let cell = |s: String| html! { <td>{ s }</td> };
        let text = |f: &dyn Fn(&crate::model::Indicator) -> String| ind.map(f).unwrap_or_default();
        // What applying does with this row: the same plan the apply follows.
        let row_plan = plan.rows.get(k);
        let becomes = match (&r.unrecognised, row_plan) {
            (Some(_), _) => html! { <span class="tag unrecognised">{ "未识别" }</span> },
            (None, Some(rp)) => {
                let mut parts: Vec<String> = rp
                    .new_headings
                    .iter()
                    .map(|(level, name)| format!("新建{}指标「{name}」", if *level == 1 { "一级" } else { "二级" }))
                    .collect();
                if rp.indicator {
                    parts.push("三级指标".into());
                }
                if parts.is_empty() {
                    parts.push("（分组已有，不新增）".into());
                }
                html! { <>{ for parts.into_iter().map(|t| html! { <div>{ t }</div> }) }</> }
            }
            (None, None) => html! {},
        };
        let actual = r.unreadable.get("actual").cloned().unwrap_or_else(|| {
            text(&|i| match (i.band, i.actual_text.is_empty()) {
                (Some(b), true) => b.label().to_string(),
                (Some(b), false) => format!("{}（{}）", b.label(), i.actual_text),
                (None, false) => i.actual_text.clone(),
                (None, true) => format_decimal(i.actual),
            })
        });
        let status = if r.unrecognised.is_some() { "unrecognised" } else { "insert" };
        html! {
            <tr data-testid="paste-row" data-status={status} class={classes!(
                (r.unrecognised.is_some()).then_some("row-unrecognised"),
                (r.unrecognised.is_none() && !r.problems.is_empty()).then_some("row-has-error"),
                (r.unrecognised.is_none() && r.problems.is_empty() && !r.warnings.is_empty()).then_some("row-has-warning"),
            )}>
                { cell(r.line.to_string()) }
                <td class="becomes" data-testid="paste-becomes">{ becomes }</td>
                <td class="name">{ r.level1.clone() }</td>
                <td class="name">{ r.level2.clone() }</td>
                <td class="name">{ text(&|i| i.name.clone()) }</td>
                { cell(text(&|i| i.nature.label().to_string())) }
                { cell(r.unreadable.get("target").cloned().unwrap_or_else(|| text(&|i| if i.target_text.is_empty() { format_decimal(i.target) } else { i.target_text.clone() }))) }
                { cell(text(&|i| i.unit.clone())) }
                <td data-testid="paste-actual">{ actual }</td>
                { cell(r.unreadable.get("weight").cloned().unwrap_or_else(|| text(&|i| format_decimal(i.weight)))) }
                { cell(r.unreadable.get("claimed_score").cloned().unwrap_or_else(|| text(&|i| format_decimal(i.claimed_score)))) }
                <td class="problems">
                    if let Some(reason) = &r.unrecognised {
                        <div class="field-error" data-testid="paste-unrecognised">{ format!("未识别：{reason}") }</div>
                    } else {
                        { for r.problems.iter().map(|pr| html! {
                            <div class="field-error" data-testid="paste-problem">{ format!("{}：{}", pr.column.label(), pr.message) }</div>
                        }) }
                        { for r.warnings.iter().map(|w| html! {
                            <div class="field-warning" data-testid="paste-warning">{ format!("请核对：{}", w.message) }</div>
                        }) }
                    }
                </td>
            </tr>
        }
    });
    let insertable = plan.total() > 0;
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="paste-title"
                aria-describedby="paste-summary" data-testid="paste-dialog" {onkeydown}>
                <h2 id="paste-title">{ "粘贴预览" }</h2>
                <p id="paste-summary" class="paste-summary" data-testid="paste-summary">
                    <strong>{ if insertable { format!("将插入 {}", plan.inserted_text()) } else { "没有可插入的行".to_string() } }</strong>
                    if let Some(skipped) = plan.skipped_text() {
                        <span class="field-error" data-testid="paste-skipped">{ format!("；{skipped}") }</span>
                    }
                </p>
                <p>{ if pv.matched_by_header { "按表头匹配列：" } else { "没有表头，按列的位置匹配：" } }{ cols.join(" | ") }</p>
                if !pv.problems.is_empty() {
                    <ul>{ for pv.problems.iter().map(|m| html! { <li class="field-error">{ m.clone() }</li> }) }</ul>
                }
                if plan.unrecognised > 0 {
                    <p class="field-error">{ "标为“未识别”的行认不出是指标表的哪一部分（原因见该行），不会插入。如果它们属于指标表，请在 Excel / WPS 中连同表头（一级指标、二级指标、三级指标、年度指标值、实际完成值、分值…）一起复制后重新粘贴。" }</p>
                }
                if pv.problem_count() > 0 {
                    <p class="warning">{ format!("有 {} 处无法读入的内容：应用后原文会保留在对应单元格并标为错误，请逐一修改。", pv.problem_count()) }</p>
                }
                if pv.warning_count() > 0 {
                    <p class="warning" data-testid="paste-warning-summary">{ format!("有 {} 处数值可能填错了写法（与年度指标值相差约 100 倍，一个按百分数、一个按小数）：插入后按原值保留和计分，核对结果中也会提醒，请核对。", pv.warning_count()) }</p>
                }
                <div class="dialog-scroll">
                    <table class="paste-table">
                        <thead><tr>
                            <th scope="col">{ "行" }</th><th scope="col">{ "插入为" }</th><th scope="col">{ "一级指标" }</th>
                            <th scope="col">{ "二级指标" }</th><th scope="col">{ "三级指标" }</th><th scope="col">{ "性质" }</th>
                            <th scope="col">{ "年度指标值" }</th><th scope="col">{ "单位" }</th><th scope="col">{ "实际完成值" }</th>
                            <th scope="col">{ "分值" }</th><th scope="col">{ "得分" }</th><th scope="col">{ "问题" }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
                <div class="dialog-buttons">
                    <button type="button" class="primary" data-testid="paste-apply" onclick={apply} ref={apply_ref}
                        disabled={!insertable}>{ if insertable { format!("插入 {} 行", plan.total()) } else { "没有可插入的行".to_string() } }</button>
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
