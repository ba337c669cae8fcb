//! The editor's sections other than the indicator table.

use yew::prelude::*;

use crate::editor::{Action, EditorState, List};
use crate::model::{FundsColumn, NarrativeSection};
use crate::numbers::format_decimal;
use crate::reconcile::Severity;

use super::fields::{field, field_ph, issues_at, row_message, small_button, Dispatch, Kind};

fn row_actions(d: &Dispatch, list: List, id: &str, what: &str) -> Html {
    let act = |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    html! {
        <div class="row-actions">
            { small_button("↑", &format!("上移{what}"), None, act(Action::MoveRow { list, id: id.to_string(), up: true })) }
            { small_button("↓", &format!("下移{what}"), None, act(Action::MoveRow { list, id: id.to_string(), up: false })) }
            { small_button("✕", &format!("删除{what}"), None, act(Action::DeleteRow { list, id: id.to_string() })) }
        </div>
    }
}

fn add_button(d: &Dispatch, list: List, label: &str, testid: &'static str) -> Html {
    let d = d.clone();
    let onclick = Callback::from(move |_| d.dispatch(Action::AddRow { list, after: None }));
    html! { <button type="button" data-testid={testid} {onclick}>{ label.to_string() }</button> }
}

/// The messages (errors, warnings) of a table row's fields — `(path, column heading)` — on a
/// row of their own under it, `colspan` cells wide, keyed `key` (`None` when there are none).
/// In a cell they would widen its column or stretch it into a tower; the cell itself keeps
/// the error's colour and its screen-reader text (src/ui/fields.rs).
fn messages_row(s: &EditorState, fields: &[(String, &str)], colspan: usize, key: String) -> Option<Html> {
    let items: Vec<Html> = fields
        .iter()
        .flat_map(|(path, label)| {
            let (error, warning) = issues_at(s, path);
            [(Severity::Error, error), (Severity::Warning, warning)]
                .into_iter()
                .filter_map(move |(sev, m)| m.map(|m| row_message(sev.label(), path, Some(label), m)))
        })
        .collect();
    (!items.is_empty()).then(|| html! {
        <tr {key} class="row-messages" data-testid="row-messages">
            <td colspan={colspan.to_string()}><ul>{ for items }</ul></td>
        </tr>
    })
}

fn cell(s: &EditorState, d: &Dispatch, path: &str, label: &str, kind: Kind) -> Html {
    let mut p = super::fields::field_props(s, d, path, label, kind);
    p.hide_label = true;
    html! { <super::fields::Field ..p /> }
}

pub fn project(s: &EditorState, d: &Dispatch) -> Html {
    html! {
        <section class="section" aria-labelledby="h-project">
            <h2 id="h-project">{ "项目信息" }</h2>
            <div class="form-grid">
                { field(s, d, "header.name", "项目名称", Kind::Text) }
                { field(s, d, "header.year", "年度", Kind::Text) }
                { field(s, d, "header.department", "主管部门", Kind::Text) }
                { field(s, d, "header.implementer", "实施单位", Kind::Text) }
                { field(s, d, "header.region", "地区", Kind::Text) }
                { field(s, d, "header.money_unit", "资金单位", Kind::Select) }
                { field(s, d, "header.kind", "评价类型", Kind::Select) }
                { field(s, d, "header.report_date", "报告日期", Kind::Text) }
                { field(s, d, "header.contact", "联系人及电话", Kind::Text) }
            </div>
            { field(s, d, "notes", "备注", Kind::Area) }
        </section>
    }
}

pub fn funds(s: &EditorState, d: &Dispatch) -> Html {
    let e = s.evaluation();
    let unit = e.header.money_unit.label();
    let budget = &s.assessment.scorecard.budget;
    let uses_sum = e.funds.uses_sum();
    let transfers_sum = e.funds.transfers_sum();
    let executed = e.funds.effective_total().executed;
    html! {
        <section class="section" aria-labelledby="h-funds">
            <h2 id="h-funds">{ format!("项目资金（{unit}）") }</h2>
            <table class="grid funds-table">
                <caption class="sr-only">{ "资金来源" }</caption>
                <thead><tr>
                    <th scope="col" class="col-source">{ "资金来源" }</th><th scope="col" class="col-name">{ "名称" }</th>
                    { for FundsColumn::ALL.iter().map(|c| html! { <th scope="col" class="col-money">{ c.label() }</th> }) }
                    <th scope="col" class="col-actions">{ "操作" }</th>
                </tr></thead>
                <tbody>
                    { for e.funds.sources.iter().flat_map(|r| {
                        let base = format!("funds.sources.{}", r.id);
                        let mut fields = vec![(format!("{base}.source"), "资金来源"), (format!("{base}.name"), "名称")];
                        fields.extend(FundsColumn::ALL.iter().map(|c| (format!("{base}.{}", c.key()), c.label())));
                        let row = html! {
                            <tr key={r.id.clone()} data-id={r.id.clone()}>
                                <td>{ cell(s, d, &format!("{base}.source"), &format!("{}：资金来源", r.name), Kind::Select) }</td>
                                <td>{ {
                                    let mut p = super::fields::field_props(s, d, &format!("{base}.name"), &format!("{}：名称", r.name), Kind::Text);
                                    p.hide_label = true;
                                    super::indicators::wrapping(p)
                                } }</td>
                                { for FundsColumn::ALL.iter().map(|c| html! {
                                    <td>{ cell(s, d, &format!("{base}.{}", c.key()), &format!("{}：{}", r.name, c.label()), Kind::Number) }</td>
                                }) }
                                <td>{ row_actions(d, List::FundsSources, &r.id, "资金来源行") }</td>
                            </tr>
                        };
                        std::iter::once(row).chain(messages_row(s, &fields, 8, format!("{}-messages", r.id)))
                    }) }
                </tbody>
                <tfoot>
                    <tr class="total-computed">
                        <th scope="row" colspan="2">{ "年度资金总额（各来源合计）" }</th>
                        { for FundsColumn::ALL.iter().map(|c| html! {
                            <td class="num" data-testid={format!("funds-total-{}", c.key())}>{ format_decimal(e.funds.sources_sum(*c)) }</td>
                        }) }
                        <td></td>
                    </tr>
                    <tr class="total-stated">
                        <th scope="row" colspan="2">{ "年度资金总额（表上所填，可空）" }</th>
                        { for FundsColumn::ALL.iter().map(|c| html! {
                            <td>{ {
                                let mut p = super::fields::field_props(s, d, &format!("funds.total.{}", c.key()), &format!("年度资金总额（表上所填）：{}", c.label()), Kind::Number);
                                p.hide_label = true;
                                p.placeholder = format_decimal(e.funds.sources_sum(*c)).into();
                                html! { <super::fields::Field ..p /> }
                            } }</td>
                        }) }
                        <td></td>
                    </tr>
                    { for messages_row(s, &FundsColumn::ALL.map(|c| (format!("funds.total.{}", c.key()), c.label())), 8, "total-messages".into()) }
                </tfoot>
            </table>
            { add_button(d, List::FundsSources, "＋ 添加资金来源", "add-funds-source") }
            <p class="computed" data-testid="funds-execution">
                { format!("执行率：{}　预算执行得分：{} / {}",
                    budget.rate.map(|r| format!("{r}%")).unwrap_or_else(|| "—".into()), budget.score, budget.weight) }
            </p>
            <p class="explain-line">{ format!("{}：{}", budget.explanation.rule(), budget.explanation.formula()) }</p>
            { field_ph(s, d, "funds.execution_note", "执行率偏低说明", Kind::Area, "执行率低于规定时，说明原因") }

            <h3>{ "预算安排（申请，按用途）" }</h3>
            <p class="hint">{ "表上或项目申请中列出预算资金的用途安排时填写；合计应等于年初预算数或全年预算数。" }</p>
            { field(s, d, "funds.plans_unit", "金额单位", Kind::Select) }
            { amount_table(s, d, AmountTable {
                list: List::FundsPlans, prefix: "funds.plans", name_field: "purpose", name_label: "用途",
                amount_label: "安排金额", unit: e.plans_unit().label(), row_label: "安排行",
                rows: e.funds.plans.iter().map(|p| (p.id.clone(), p.purpose.clone())).collect(),
                sum: e.funds.plans_sum(), sum_testid: Some("funds-plans-sum"), note: None,
            }) }
            { add_button(d, List::FundsPlans, "＋ 添加预算安排", "add-funds-plan") }

            <h3>{ "资金使用情况（用途）" }</h3>
            { field(s, d, "funds.uses_unit", "金额单位", Kind::Select) }
            { amount_table(s, d, AmountTable {
                list: List::FundsUses, prefix: "funds.uses", name_field: "purpose", name_label: "用途",
                amount_label: "金额", unit: e.uses_unit().label(), row_label: "用途行",
                rows: e.funds.uses.iter().map(|u| (u.id.clone(), u.purpose.clone())).collect(),
                sum: uses_sum, sum_testid: Some("funds-uses-sum"),
                note: Some(format!("全年执行数：{}{unit}", format_decimal(executed))),
            }) }
            { add_button(d, List::FundsUses, "＋ 添加用途", "add-funds-use") }

            <h3>{ "资金拨付" }</h3>
            { field(s, d, "funds.transfers_unit", "金额单位", Kind::Select) }
            { amount_table(s, d, AmountTable {
                list: List::FundsTransfers, prefix: "funds.transfers", name_field: "account", name_label: "拨入账户",
                amount_label: "金额", unit: e.transfers_unit().label(), row_label: "拨付行",
                rows: e.funds.transfers.iter().map(|t| (t.id.clone(), t.account.clone())).collect(),
                sum: transfers_sum, sum_testid: None, note: None,
            }) }
            { add_button(d, List::FundsTransfers, "＋ 添加拨付", "add-funds-transfer") }
        </section>
    }
}

/// One of the funds section's two-column tables (预算安排, 资金使用情况, 资金拨付): a name and an
/// amount per row, its messages under the row, the sum (and a note) at the foot.
struct AmountTable {
    list: List,
    /// The rows' path prefix, e.g. `funds.uses`.
    prefix: &'static str,
    /// The name column's field (`purpose`, `account`) and heading.
    name_field: &'static str,
    name_label: &'static str,
    /// How a row's amount is named for screen readers: "<name>：<amount_label>".
    amount_label: &'static str,
    unit: &'static str,
    /// The row actions' name of a row, e.g. "用途行".
    row_label: &'static str,
    /// (id, name) per row.
    rows: Vec<(String, String)>,
    sum: Option<rust_decimal::Decimal>,
    sum_testid: Option<&'static str>,
    /// Beside the sum, e.g. the 全年执行数 the uses should add up to.
    note: Option<String>,
}

fn amount_table(s: &EditorState, d: &Dispatch, t: AmountTable) -> Html {
    html! {
        <table class="grid">
            <thead><tr><th scope="col">{ t.name_label }</th><th scope="col">{ format!("金额（{}）", t.unit) }</th><th scope="col">{ "操作" }</th></tr></thead>
            <tbody>
                { for t.rows.iter().flat_map(|(id, name)| {
                    let base = format!("{}.{id}", t.prefix);
                    let name_path = format!("{base}.{}", t.name_field);
                    let amount_path = format!("{base}.amount");
                    let row = html! {
                        <tr key={id.clone()}>
                            <td>{ cell(s, d, &name_path, t.name_label, Kind::Text) }</td>
                            <td>{ cell(s, d, &amount_path, &format!("{name}：{}", t.amount_label), Kind::Number) }</td>
                            <td>{ row_actions(d, t.list, id, t.row_label) }</td>
                        </tr>
                    };
                    let fields = [(name_path, t.name_label), (amount_path, "金额")];
                    std::iter::once(row).chain(messages_row(s, &fields, 3, format!("{id}-messages")))
                }) }
            </tbody>
            <tfoot><tr>
                <th scope="row">{ "合计" }</th>
                <td class="num" data-testid={t.sum_testid}>{ format_decimal(t.sum) }</td>
                <td>{ t.note.clone().unwrap_or_default() }</td>
            </tr></tfoot>
        </table>
    }
}

pub fn goals(s: &EditorState, d: &Dispatch) -> Html {
    html! {
        <section class="section" aria-labelledby="h-goals">
            <h2 id="h-goals">{ "绩效目标" }</h2>
            { field(s, d, "goals.overall", "总目标", Kind::Area) }
            { field(s, d, "goals.annual", "年度目标（预期目标）", Kind::Area) }
            { field(s, d, "goals.achieved", "实际完成情况", Kind::Area) }
        </section>
    }
}

pub fn survey(s: &EditorState, d: &Dispatch) -> Html {
    let sv = &s.evaluation().survey;
    html! {
        <section class="section" aria-labelledby="h-survey">
            <h2 id="h-survey">{ "满意度调查" }</h2>
            <div class="form-grid">
                { field(s, d, "survey.distributed", "发放问卷份数", Kind::Number) }
                { field(s, d, "survey.valid", "有效样本数", Kind::Number) }
            </div>
            <table class="grid">
                <thead><tr><th scope="col">{ "选项" }</th><th scope="col">{ "人数" }</th><th scope="col">{ "计为满意" }</th><th scope="col">{ "操作" }</th></tr></thead>
                <tbody>
                    { for sv.options.iter().flat_map(|o| {
                        let base = format!("survey.options.{}", o.id);
                        let row = html! {
                            <tr key={o.id.clone()}>
                                <td>{ cell(s, d, &format!("{base}.label"), "选项", Kind::Text) }</td>
                                <td>{ cell(s, d, &format!("{base}.count"), &format!("{}：人数", o.label), Kind::Number) }</td>
                                <td>{ cell(s, d, &format!("{base}.satisfied"), &format!("{}：计为满意", o.label), Kind::Check) }</td>
                                <td>{ row_actions(d, List::SurveyOptions, &o.id, "选项") }</td>
                            </tr>
                        };
                        let fields = [(format!("{base}.label"), "选项"), (format!("{base}.count"), "人数")];
                        std::iter::once(row).chain(messages_row(s, &fields, 4, format!("{}-messages", o.id)))
                    }) }
                </tbody>
            </table>
            { add_button(d, List::SurveyOptions, "＋ 添加选项", "add-survey-option") }
            <p class="computed" data-testid="survey-rate">
                { format!("满意人数 {}，回答合计 {}，满意率 {}",
                    sv.satisfied_count(), sv.answers_count(),
                    sv.satisfaction_rate().map(|r| crate::report::num::percent(r, s.evaluation().rules.decimals)).unwrap_or_else(|| "—（需要有效样本数）".into())) }
            </p>
            { field(s, d, "survey.method", "调查方式说明", Kind::Area) }
        </section>
    }
}

pub fn figures(s: &EditorState, d: &Dispatch) -> Html {
    let e = s.evaluation();
    html! {
        <section class="section" aria-labelledby="h-figures">
            <h2 id="h-figures">{ "关键数据" }</h2>
            <p class="hint">{ "报告里要提到的数量（如参保人数）。报告文字中写 {名称} 即引用此处的数值，同一数量不会出现两个值。" }</p>
            <table class="grid">
                <thead><tr><th scope="col">{ "名称" }</th><th scope="col">{ "数值" }</th><th scope="col">{ "单位" }</th><th scope="col">{ "出处" }</th><th scope="col">{ "操作" }</th></tr></thead>
                <tbody>
                    { for e.figures.iter().flat_map(|k| {
                        let base = format!("figures.{}", k.id);
                        let row = html! {
                            <tr key={k.id.clone()}>
                                <td>{ cell(s, d, &format!("{base}.name"), "名称", Kind::Text) }</td>
                                <td>{ cell(s, d, &format!("{base}.value"), &format!("{}：数值", k.name), Kind::Number) }</td>
                                <td>{ cell(s, d, &format!("{base}.unit"), &format!("{}：单位", k.name), Kind::Text) }</td>
                                <td>{ cell(s, d, &format!("{base}.stated_in"), &format!("{}：出处", k.name), Kind::Text) }</td>
                                <td>{ row_actions(d, List::Figures, &k.id, "数据行") }</td>
                            </tr>
                        };
                        let fields = [
                            (format!("{base}.name"), "名称"), (format!("{base}.value"), "数值"),
                            (format!("{base}.unit"), "单位"), (format!("{base}.stated_in"), "出处"),
                        ];
                        std::iter::once(row).chain(messages_row(s, &fields, 5, format!("{}-messages", k.id)))
                    }) }
                </tbody>
            </table>
            { add_button(d, List::Figures, "＋ 添加关键数据", "add-figure") }
        </section>
    }
}

/// 报告文字; `default_texts`: each section's default text (`NarrativeSection::ALL` order), once
/// the module has written them.
pub fn narrative(s: &EditorState, d: &Dispatch, default_texts: Option<&[String]>) -> Html {
    html! {
        <section class="section" aria-labelledby="h-narrative">
            <h2 id="h-narrative">{ "报告文字" }</h2>
            <p class="hint">{ "留空的段落，报告会按数据自动写出默认文字。可用 {名称} 引用关键数据。" }</p>
            { for NarrativeSection::ALL.iter().enumerate().map(|(i, sec)| {
                let path = format!("narrative.{}", sec.key());
                let mut p = super::fields::field_props(s, d, &path, sec.title(), Kind::Area);
                let text = default_texts.and_then(|t| t.get(i)).map(String::as_str);
                p.placeholder = super::narrative_placeholder(text).into();
                p.rows = Some(4);
                html! { <super::fields::Field ..p /> }
            }) }
        </section>
    }
}

pub fn rules(s: &EditorState, d: &Dispatch) -> Html {
    let e = s.evaluation();
    let r = &e.rules;
    html! {
        <section class="section" aria-labelledby="h-rules">
            <h2 id="h-rules">{ "评分规则" }</h2>
            <p class="hint">{ "选择预设会替换下面全部设置；改动任何一项设置后预设显示为“自定义”。" }</p>
            <div class="form-grid">
                { field(s, d, "rules.preset", "预设", Kind::Select) }
                { field(s, d, "rules.budget_weight", "预算执行率分值", Kind::Number) }
                { field(s, d, "rules.execution_base", "执行率分母", Kind::Select) }
                { field(s, d, "rules.reverse_formula", "反向指标未达标时的计分", Kind::Select) }
                { field(s, d, "rules.decimals", "得分保留小数位数", Kind::Number) }
                { field(s, d, "rules.over_achievement_percent", "超额完成需说明（完成比例 ≥ %）", Kind::Number) }
                { field(s, d, "rules.execution_explain_below", "执行率低于（%）需说明", Kind::Number) }
                { field(s, d, "rules.rescale_inapplicable", "不适用指标不计分，总分折算为100", Kind::Check) }
                { field(s, d, "rules.draft_mark_on_errors", "有错误时报告标为“草稿”", Kind::Check) }
                { field(s, d, "rules.compare_at_stated_precision", "原报数据按所填精度核对（原报 4.6 与计算 4.62 视为相符）", Kind::Check) }
            </div>
            <h3>{ "定性指标档次（占分值的百分比）" }</h3>
            <table class="grid">
                <thead><tr><th scope="col">{ "档次" }</th><th scope="col">{ "下限 %" }</th><th scope="col">{ "上限 %" }</th></tr></thead>
                <tbody>
                    { for [("achieved", "达成年度指标"), ("partial", "部分达成并具有一定效果"), ("failed", "未达成且效果较差")].iter().flat_map(|(k, l)| {
                        let row = html! {
                            <tr key={*k}>
                                <th scope="row">{ *l }</th>
                                <td>{ cell(s, d, &format!("rules.bands.{k}.min"), &format!("{l} 下限"), Kind::Number) }</td>
                                <td>{ cell(s, d, &format!("rules.bands.{k}.max"), &format!("{l} 上限"), Kind::Number) }</td>
                            </tr>
                        };
                        let fields = [(format!("rules.bands.{k}.min"), "下限 %"), (format!("rules.bands.{k}.max"), "上限 %")];
                        std::iter::once(row).chain(messages_row(s, &fields, 3, format!("{k}-messages")))
                    }) }
                </tbody>
            </table>
            <h3>{ "等级分界（含下限）" }</h3>
            <div class="form-grid">
                { field(s, d, "rules.grades.excellent", "优 ≥", Kind::Number) }
                { field(s, d, "rules.grades.good", "良 ≥", Kind::Number) }
                { field(s, d, "rules.grades.pass", "中 ≥", Kind::Number) }
            </div>
            <h3>{ "一级指标标准分值" }</h3>
            <table class="grid">
                <thead><tr><th scope="col">{ "一级指标" }</th><th scope="col">{ "分值" }</th><th scope="col">{ "操作" }</th></tr></thead>
                <tbody>
                    { for r.level1_weights.iter().enumerate().flat_map(|(i, w)| {
                        let row = html! {
                            <tr key={i.to_string()}>
                                <td>{ cell(s, d, &format!("rules.level1_weights.{i}.name"), "一级指标名称", Kind::Text) }</td>
                                <td>{ cell(s, d, &format!("rules.level1_weights.{i}.weight"), &format!("{}：分值", w.name), Kind::Number) }</td>
                                <td>{ row_actions(d, List::Level1Weights, &i.to_string(), "标准分值行") }</td>
                            </tr>
                        };
                        let fields = [(format!("rules.level1_weights.{i}.name"), "一级指标"), (format!("rules.level1_weights.{i}.weight"), "分值")];
                        std::iter::once(row).chain(messages_row(s, &fields, 3, format!("{i}-messages")))
                    }) }
                </tbody>
            </table>
            { add_button(d, List::Level1Weights, "＋ 添加一级指标分值", "add-level1-weight") }
            <h3>{ "单位已报数据（供核对）" }</h3>
            <div class="form-grid">
                { field(s, d, "claimed.total", "已报自评得分", Kind::Number) }
                { field(s, d, "claimed.grade", "已报等级", Kind::Select) }
                { field(s, d, "claimed.execution_rate", "已报执行率（%）", Kind::Number) }
                { field(s, d, "claimed.budget_score", "已报预算执行得分", Kind::Number) }
            </div>
            if !e.funds.sources.is_empty() {
                <table class="grid" data-testid="claimed-sources">
                    <caption>{ "各资金来源行的已报执行率和得分（表上印有时填写）" }</caption>
                    <thead><tr><th scope="col">{ "资金来源" }</th><th scope="col">{ "已报执行率（%）" }</th><th scope="col">{ "已报得分" }</th></tr></thead>
                    <tbody>
                        { for e.funds.sources.iter().flat_map(|r| {
                            let base = format!("funds.sources.{}", r.id);
                            let name = if r.name.trim().is_empty() { r.source.label().to_string() } else { r.name.clone() };
                            let row = html! {
                                <tr key={format!("claimed-{}", r.id)}>
                                    <th scope="row">{ name.clone() }</th>
                                    <td>{ cell(s, d, &format!("{base}.claimed_rate"), &format!("{name}：已报执行率"), Kind::Number) }</td>
                                    <td>{ cell(s, d, &format!("{base}.claimed_score"), &format!("{name}：已报得分"), Kind::Number) }</td>
                                </tr>
                            };
                            let fields = [(format!("{base}.claimed_rate"), "已报执行率"), (format!("{base}.claimed_score"), "已报得分")];
                            std::iter::once(row).chain(messages_row(s, &fields, 3, format!("claimed-{}-messages", r.id)))
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
