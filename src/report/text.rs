//! The report's words: placeholder substitution (`{名称}`) and the default text of every
//! narrative section, written from the data.
//!
//! Everything here produces *plain text*; the template escapes it. Values are inserted in a
//! single pass and never re-scanned, so a value (e.g. a project name containing `{等级}`) is
//! never itself substituted.

use rust_decimal::Decimal;

use crate::model::{Evaluation, FundsAmounts, Indicator, IndicatorNature, NarrativeSection};
use crate::scoring::{round, IndicatorScore, Scorecard};
use crate::template::{substitute, BUILTINS};

use super::num;

/// 自评得分 while the form cannot be scored ([`crate::scoring::Scorecard::scorable`]).
pub const NOT_SCORABLE: &str = "（尚不能评分）";
/// 等级 while the form cannot be scored.
pub const NOT_GRADED: &str = "（尚不能评定）";

/// The words of one report, over the data and its scorecard.
pub struct Words<'a> {
    pub ev: &'a Evaluation,
    pub sc: &'a Scorecard,
}

impl<'a> Words<'a> {
    pub fn dp(&self) -> u32 {
        self.ev.rules.decimals
    }

    pub fn unit(&self) -> &'static str {
        self.ev.header.money_unit.label()
    }

    pub fn totals(&self) -> FundsAmounts {
        self.ev.funds.effective_total()
    }

    fn money(&self, v: Option<Decimal>) -> Option<String> {
        v.map(|v| num::money_text(Some(v), self.unit()))
    }

    /// The satisfaction rate for display (rounded like every rate).
    pub fn satisfaction(&self) -> Option<Decimal> {
        self.ev
            .survey
            .satisfaction_rate()
            .map(|r| round(r, self.dp()))
    }

    fn scored(&self) -> impl Iterator<Item = &IndicatorScore> {
        self.sc.indicators.iter().filter(|s| !s.dropped)
    }

    /// The value of a built-in placeholder; `None` when the data lacks it.
    fn builtin(&self, name: &str) -> Option<String> {
        let h = &self.ev.header;
        let t = self.totals();
        let non_empty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        let dp = self.dp();
        match name {
            "项目名称" => non_empty(&h.name),
            "年度" => non_empty(&h.year),
            "主管部门" => non_empty(&h.department),
            "实施单位" => non_empty(&h.implementer),
            "报告日期" => non_empty(&h.report_date),
            "资金单位" => Some(self.unit().to_string()),
            "年初预算数" => self.money(t.budget_initial),
            "全年预算数" | "资金总额" => self.money(t.budget_full),
            "实际到位资金" => self.money(t.received),
            "全年执行数" | "执行数" => self.money(t.executed),
            "执行率" => self.sc.budget.rate.map(|r| num::percent(r, dp)),
            "预算执行得分" => Some(num::score(self.sc.budget.score, dp)),
            "预算执行分值" => Some(num::plain(self.sc.budget.weight)),
            // No score nor grade while the form cannot be scored (`Scorecard::scorable`).
            "自评得分" if !self.sc.scorable => Some(NOT_SCORABLE.to_string()),
            "等级" if !self.sc.scorable => Some(NOT_GRADED.to_string()),
            "自评得分" => Some(num::score(self.sc.total, dp)),
            "总分" => Some(num::plain(self.sc.max_total)),
            "等级" => Some(self.sc.grade.label().to_string()),
            "资金使用合计" => self.ev.funds.uses_sum().map(|v| num::money_text(Some(v), self.ev.uses_unit().label())),
            "资金拨付合计" => self.ev.funds.transfers_sum().map(|v| num::money_text(Some(v), self.ev.transfers_unit().label())),
            "问卷发放数" => self.ev.survey.distributed.map(num::plain),
            "有效问卷数" => self.ev.survey.valid.map(num::plain),
            "满意人数" => (!self.ev.survey.options.is_empty())
                .then(|| num::plain(self.ev.survey.satisfied_count())),
            "满意率" => self.satisfaction().map(|r| num::percent(r, dp)),
            "指标总数" => Some(self.scored().count().to_string()),
            "达标指标数" => Some(self.scored().filter(|s| s.met == Some(true)).count().to_string()),
            "未达标指标数" => {
                Some(self.scored().filter(|s| s.met == Some(false)).count().to_string())
            }
            _ => None,
        }
    }

    /// Resolves a placeholder name: built-ins first (they cannot be shadowed, so the report
    /// never states a score or an amount two ways), then key figures. A known name without a
    /// value becomes a visible "（名称：无数据）"; an unknown name is `None` (left as written).
    pub fn resolve(&self, name: &str) -> Option<String> {
        if BUILTINS.iter().any(|(n, _)| *n == name) {
            return Some(self.builtin(name).unwrap_or_else(|| format!("（{name}：无数据）")));
        }
        let figure = self.ev.figures.iter().find(|f| f.name.trim() == name)?;
        Some(match figure.value {
            Some(v) => format!("{}{}", num::stated(v), figure.unit.trim()),
            None => format!("（{name}：无数据）"),
        })
    }

    /// Substitutes placeholders in a text.
    pub fn fill(&self, text: &str) -> String {
        substitute(text, |n| self.resolve(n))
    }

    /// The paragraphs of a section: the user's text (placeholders substituted) or the default.
    pub fn section(&self, section: NarrativeSection) -> Vec<String> {
        match self.ev.narrative.get(&section) {
            Some(text) if !text.trim().is_empty() => paragraphs(&self.fill(text)),
            _ => self.default_text(section),
        }
    }

    /// Whether the section's text is the user's own.
    pub fn is_users(&self, section: NarrativeSection) -> bool {
        self.ev
            .narrative
            .get(&section)
            .is_some_and(|t| !t.trim().is_empty())
    }

    /// One sentence naming the project (used by several defaults).
    fn project_phrase(&self) -> String {
        let h = &self.ev.header;
        let mut s = String::new();
        if !h.year.trim().is_empty() {
            s.push_str(&format!("{}年", h.year.trim()));
        }
        s.push_str(&format!("“{}”项目", name_or(&h.name, "（项目名称未填写）")));
        s
    }

    /// Each section's default text, in `NarrativeSection::ALL`'s order, its paragraphs joined by
    /// line breaks (the 报告文字 placeholders: `worker_protocol::Request::DefaultTexts`).
    pub fn default_texts(&self) -> Vec<String> {
        NarrativeSection::ALL.iter().map(|&section| self.default_text(section).join("\n")).collect()
    }

    /// The default paragraphs of a section, quoting the data.
    pub fn default_text(&self, section: NarrativeSection) -> Vec<String> {
        use NarrativeSection::*;
        let h = &self.ev.header;
        let f = |t: &str| self.fill(t);
        let project = self.project_phrase();
        let implementer = name_or(&h.implementer, "（实施单位未填写）");
        let department = name_or(&h.department, "（主管部门未填写）");
        let goals = &self.ev.goals;
        match section {
            SummaryBackground => {
                if self.is_users(Background) {
                    self.section(Background)
                } else {
                    self.default_text(Background)
                }
            }
            Background => {
                let mut out = vec![format!(
                    "{project}由{implementer}组织实施，主管部门为{department}。"
                )];
                if !goals.overall.trim().is_empty() {
                    out.push(format!("项目总目标：{}", goals.overall.trim()));
                }
                out
            }
            SummaryBudget => vec![format!(
                "{project}{}，{}，{}，预算执行率为{}。",
                f("全年预算数{全年预算数}"),
                f("实际到位资金{实际到位资金}"),
                f("全年执行数{全年执行数}"),
                f("{执行率}"),
            )],
            SummaryConclusion | ConclusionResult => {
                let mut out = vec![format!(
                    "{}自评小组对照项目支出绩效自评指标体系逐项进行了分析、评价并打分。{}",
                    if section == SummaryConclusion { "我单位" } else { "" },
                    if self.sc.scorable {
                        f("自评得分为{自评得分}分（满分{总分}分），等级为“{等级}”。")
                    } else {
                        self.not_scorable_sentence()
                    },
                )];
                if section == ConclusionResult {
                    out.push(self.score_breakdown());
                }
                out
            }
            Implementation => {
                let mut out = Vec::new();
                if !goals.achieved.trim().is_empty() {
                    out.push(goals.achieved.trim().to_string());
                }
                let figs = self.figures_sentence();
                if !figs.is_empty() {
                    out.push(figs);
                }
                out.push(f(
                    "全年执行资金{全年执行数}，{指标总数}项三级指标中{达标指标数}项达到年度指标值。",
                ));
                out
            }
            FundsSourcesAndUse => {
                let mut out = vec![format!("资金来源：{}", self.sources_sentence())];
                out.push(format!("使用情况：{}", self.uses_sentence()));
                out
            }
            Organization => vec![format!(
                "项目由{implementer}负责组织实施和资金管理，主管部门{department}负责监督指导。"
            )],
            EvaluationPurpose => vec![format!(
                "全面了解{project}管理过程是否规范、产出目标是否完成以及效果目标是否实现，总结经验，查找不足；评价财政资金的使用效率和效果，为以后年度编制项目预算、选择项目实施主体等提供参考依据。"
            )],
            EvaluationPlan => vec![format!(
                "参照《项目支出绩效评价管理办法》（财预〔2020〕10号）的自评表和指标体系框架设计本项目的绩效评价指标体系：{}。",
                self.weights_sentence()
            )],
            EvaluationMethods => vec![
                "1.绩效评价原则。遵循科学规范、公开公正、绩效相关、分级分类等原则。".to_string(),
                format!(
                    "2.绩效评价方法。采取指标评价数据采集和社会调查相结合的方法：{}",
                    self.rules_sentence()
                ),
            ],
            EvaluationProcess => {
                let mut out = vec![
                    "1.数据填报和采集。收集项目实施过程中相关数据和佐证材料，据此填报项目支出绩效自评表。"
                        .to_string(),
                ];
                out.push(format!("2.社会调查。{}", self.survey_sentence()));
                out.push("3.数据分析和撰写报告。根据自评结果和调查结果撰写本报告。".to_string());
                out
            }
            EvaluationLimitations => vec![format!(
                "本次评价以{implementer}提供的数据和佐证材料为依据，评价结论受资料完整性的限制。"
            )],
            MainPerformance => {
                let mut out = Vec::new();
                if !goals.achieved.trim().is_empty() {
                    out.push(goals.achieved.trim().to_string());
                }
                out.push(self.performance_sentence());
                out
            }
            SpecificAnalysis => vec![
                "对照绩效评价指标体系逐项进行分析、评价并打分，详见《项目支出绩效自评表》及评分说明。"
                    .to_string(),
            ],
            CostDirection => vec![format!(
                "{project}全年使用资金{}{}",
                f("{全年执行数}"),
                self.uses_direction()
            )],
            CostIncomeExpense => vec![
                format!("资金收入情况：{}", self.income_sentence()),
                format!("资金支出情况：{}", self.uses_sentence()),
            ],
            CostManagement => vec![format!(
                "{implementer}按照相关资金管理办法和内部控制制度管理项目和资金，{}",
                match self.sc.budget.rate {
                    Some(r) => format!("全年预算执行率为{}。", num::percent(r, self.dp())),
                    None => "预算执行率因缺少数据无法计算。".to_string(),
                }
            )],
            CostEffects => {
                let mut out = Vec::new();
                let figs = self.figures_sentence();
                if !figs.is_empty() {
                    out.push(figs);
                }
                out.push(self.performance_sentence());
                if let Some(r) = self.satisfaction() {
                    out.push(format!(
                        "服务对象满意度调查的满意率为{}。",
                        num::percent(r, self.dp())
                    ));
                }
                out
            }
            Experience if !self.sc.scorable => vec![format!(
                "{}{}",
                f("项目全年执行资金{全年执行数}，预算执行率{执行率}。"),
                self.not_scorable_sentence()
            )],
            Experience => vec![f(
                "项目全年执行资金{全年执行数}，预算执行率{执行率}；{指标总数}项三级指标中{达标指标数}项达到年度指标值，自评得分{自评得分}分，等级为“{等级}”。",
            )],
            Problems => self.problems(),
            Suggestions => self.suggestions(),
        }
    }

    /// While the form cannot be scored: "表中数据尚未填全（缺少…），暂不能计算自评得分、评定等级。"
    fn not_scorable_sentence(&self) -> String {
        format!(
            "表中数据尚未填全（缺少{}），暂不能计算自评得分、评定等级。",
            self.sc.missing_for_score().join("、")
        )
    }

    /// "其中预算执行率得分 10.00 分（分值 10）；产出指标得分 47.00 分（分值 50）…"
    fn score_breakdown(&self) -> String {
        let dp = self.dp();
        let mut parts = vec![format!(
            "预算执行率得分{}分（分值{}）",
            num::score(self.sc.budget.score, dp),
            num::plain(self.sc.budget.weight)
        )];
        for g in self.sc.groups.iter().filter(|g| g.level == 1) {
            parts.push(format!(
                "{}得分{}分（分值{}）",
                name_or(&g.name, "（未命名一级指标）"),
                num::score(g.score, dp),
                num::plain(g.weight)
            ));
        }
        let mut s = format!("其中{}。", parts.join("，"));
        if let Some(r) = &self.sc.rescale {
            s.push_str(&format!("{}：{}。", r.rule(), r.formula()));
        }
        s
    }

    /// "主要数据：参保人数16.80万人；…" — each key figure once, with the value a `{名称}`
    /// placeholder gives (the first stated), so that the report states one value per name.
    fn figures_sentence(&self) -> String {
        let mut names: Vec<&str> = Vec::new();
        for f in &self.ev.figures {
            let n = f.name.trim();
            if !n.is_empty() && f.value.is_some() && !names.contains(&n) {
                names.push(n);
            }
        }
        let parts: Vec<String> = names
            .iter()
            .filter_map(|n| self.resolve(n).map(|v| format!("{n}{v}")))
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("主要数据：{}。", parts.join("；"))
        }
    }

    fn sources_sentence(&self) -> String {
        let t = self.totals();
        // 实际到位资金 is optional on the form: stated when filled in, left out when blank.
        let mut s = format!("全年预算数{}", num::money_text(t.budget_full, self.unit()));
        if t.received.is_some() {
            s.push_str(&format!("，实际到位资金{}", num::money_text(t.received, self.unit())));
        }
        let rows: Vec<String> = self
            .ev
            .funds
            .sources
            .iter()
            .filter(|r| r.amounts.budget_full.is_some())
            .map(|r| {
                format!(
                    "{}{}",
                    source_name(r),
                    num::money_text(r.amounts.budget_full, self.unit())
                )
            })
            .collect();
        if !rows.is_empty() {
            s.push_str(&format!("，其中{}", rows.join("，")));
        }
        s.push('。');
        s
    }

    fn uses_sentence(&self) -> String {
        let t = self.totals();
        let mut s = format!("全年执行数{}", num::money_text(t.executed, self.unit()));
        let uses: Vec<String> = self
            .ev
            .funds
            .uses
            .iter()
            .map(|u| {
                format!(
                    "{}{}",
                    name_or(&u.purpose, "（用途未填写）"),
                    num::money_text(u.amount, self.ev.uses_unit().label())
                )
            })
            .collect();
        if !uses.is_empty() {
            s.push_str(&format!(
                "，其中{}（合计{}）",
                uses.join("，"),
                num::money_text(self.ev.funds.uses_sum(), self.ev.uses_unit().label())
            ));
        }
        s.push('。');
        s
    }

    fn uses_direction(&self) -> String {
        let purposes: Vec<&str> = self
            .ev
            .funds
            .uses
            .iter()
            .map(|u| u.purpose.trim())
            .filter(|p| !p.is_empty())
            .collect();
        // The uses table is optional: nothing is said of the uses when it is blank.
        if purposes.is_empty() {
            "。".to_string()
        } else {
            format!("，主要用于{}。", purposes.join("、"))
        }
    }

    fn income_sentence(&self) -> String {
        let t = self.totals();
        // A blank 实际到位资金 stays blank: never filled in from 全年预算数 (issue 16).
        let mut s = match (t.received, self.ev.funds.transfers.is_empty()) {
            (Some(r), _) => format!("实际到位资金{}", num::money_text(Some(r), self.unit())),
            (None, false) => "表中未单独列出实际到位资金".to_string(),
            (None, true) => return "表中未单独列出实际到位资金和资金拨付情况。".to_string(),
        };
        let transfers: Vec<String> = self
            .ev
            .funds
            .transfers
            .iter()
            .map(|tr| {
                format!(
                    "拨入{}{}",
                    name_or(&tr.account, "（账户未填写）"),
                    num::money_text(tr.amount, self.ev.transfers_unit().label())
                )
            })
            .collect();
        if !transfers.is_empty() {
            s.push_str(&format!(
                "，其中{}（合计{}）",
                transfers.join("，"),
                num::money_text(self.ev.funds.transfers_sum(), self.ev.transfers_unit().label())
            ));
        }
        s.push('。');
        s
    }

    fn weights_sentence(&self) -> String {
        let mut parts = vec![format!("预算执行率{}分", num::plain(self.sc.budget.weight))];
        for g in self.sc.groups.iter().filter(|g| g.level == 1) {
            parts.push(format!(
                "{}{}分",
                name_or(&g.name, "（未命名一级指标）"),
                num::plain(g.weight)
            ));
        }
        format!(
            "{}，共{}项三级指标，满分{}分",
            parts.join("、"),
            self.sc.indicators.len(),
            num::plain(self.sc.max_total)
        )
    }

    fn rules_sentence(&self) -> String {
        let r = &self.ev.rules;
        let g = &r.grades;
        format!(
            "定量指标达到年度指标值得满分，未达到的按完成比例计分；定性指标按“达成年度指标”“部分达成并具有一定效果”“未达成且效果较差”三档评分；预算执行率得分 = 全年执行数 ÷ {} × 分值，最高为分值。得分保留{}位小数；总分{}分及以上为优，{}分至{}分以下为良，{}分至{}分以下为中，{}分以下为差。",
            r.execution_base.column().label(),
            r.decimals,
            num::plain(g.excellent),
            num::plain(g.good),
            num::plain(g.excellent),
            num::plain(g.pass),
            num::plain(g.good),
            num::plain(g.pass),
        )
    }

    fn survey_sentence(&self) -> String {
        let s = &self.ev.survey;
        if s.options.is_empty() && s.distributed.is_none() && s.valid.is_none() {
            return "本次评价未开展满意度问卷调查。".to_string();
        }
        let mut out = format!(
            "发放满意度调查问卷{}份，有效问卷{}份",
            s.distributed.map(num::plain).unwrap_or_else(|| num::MISSING.into()),
            s.valid.map(num::plain).unwrap_or_else(|| num::MISSING.into()),
        );
        if !s.options.is_empty() {
            let answers: Vec<String> = s
                .options
                .iter()
                .map(|o| {
                    format!(
                        "{}{}份",
                        name_or(&o.label, "（选项未命名）"),
                        o.count.map(num::plain).unwrap_or_else(|| num::MISSING.into())
                    )
                })
                .collect();
            out.push_str(&format!("，其中{}", answers.join("，")));
        }
        match self.satisfaction() {
            Some(r) => out.push_str(&format!(
                "；满意率为 {} ÷ {} = {}",
                num::plain(s.satisfied_count()),
                s.valid.map(num::plain).unwrap_or_default(),
                num::percent(r, self.dp())
            )),
            None => out.push_str("；因缺少有效样本数或答卷，满意率无法计算"),
        }
        out.push('。');
        let method = s.method.trim().trim_end_matches('。');
        if !method.is_empty() {
            out.push_str(method);
            out.push('。');
        }
        out
    }

    fn unmet(&self) -> Vec<(&'a Indicator, &'a IndicatorScore)> {
        self.ev
            .indicators
            .iter()
            .filter(|i| i.is_scored())
            .zip(self.sc.indicators.iter())
            .filter(|(_, s)| !s.dropped && s.met == Some(false))
            .collect()
    }

    /// Scored, applicable indicators whose achievement cannot be told (missing figures),
    /// manual scores excepted.
    fn unassessed(&self) -> Vec<(&'a Indicator, &'a IndicatorScore)> {
        self.ev
            .indicators
            .iter()
            .filter(|i| i.is_scored())
            .zip(self.sc.indicators.iter())
            .filter(|(_, s)| !s.dropped && !s.manual && s.met.is_none())
            .collect()
    }

    fn unassessed_sentence(&self) -> Option<String> {
        let list = self.unassessed();
        if list.is_empty() {
            return None;
        }
        let items: Vec<String> = list
            .iter()
            .map(|(i, s)| {
                format!(
                    "{}（{}）",
                    name_or(&i.name, "（未命名指标）"),
                    s.explanation.formula()
                )
            })
            .collect();
        Some(format!("因数据不全未能评价的有：{}。", items.join("；")))
    }

    fn performance_sentence(&self) -> String {
        let mut s = self.fill("{指标总数}项三级指标中{达标指标数}项达到年度指标值");
        let unmet = self.unmet();
        let unassessed = self.unassessed_sentence().unwrap_or_default();
        if unmet.is_empty() {
            s.push('。');
            s.push_str(&unassessed);
            return s;
        }
        let items: Vec<String> = unmet
            .iter()
            .map(|(i, sc)| {
                format!(
                    "{}（年度指标值{}，实际完成{}，得分{}分，分值{}分）",
                    name_or(&i.name, "（未命名指标）"),
                    target_text(i),
                    actual_text(i, sc, self.dp()),
                    num::score(sc.score, self.dp()),
                    num::plain(sc.weight)
                )
            })
            .collect();
        s.push_str(&format!("；未达到年度指标值的有：{}。", items.join("；")));
        s.push_str(&unassessed);
        s
    }

    fn problems(&self) -> Vec<String> {
        let unmet = self.unmet();
        let unassessed = self.unassessed_sentence();
        if unmet.is_empty() {
            let mut out = Vec::new();
            match unassessed {
                Some(u) => out.push(u),
                None => out.push(
                    self.fill("{指标总数}项三级指标均达到年度指标值，未发现未完成的绩效目标。"),
                ),
            }
            return out;
        }
        let mut out: Vec<String> = unmet
            .iter()
            .enumerate()
            .map(|(n, (i, sc))| {
                let mut p = format!(
                    "{}.{}未达到年度指标值：年度指标值{}，实际完成{}。",
                    n + 1,
                    name_or(&i.name, "（未命名指标）"),
                    target_text(i),
                    actual_text(i, sc, self.dp())
                );
                if !i.deviation.trim().is_empty() {
                    p.push_str(i.deviation.trim());
                }
                p
            })
            .collect();
        if let Some(u) = unassessed {
            out.push(format!("{}.{u}", out.len() + 1));
        }
        out
    }

    fn suggestions(&self) -> Vec<String> {
        let unmet = self.unmet();
        let with_text: Vec<String> = unmet
            .iter()
            .filter(|(i, _)| !i.deviation.trim().is_empty())
            .enumerate()
            .map(|(n, (i, _))| {
                format!(
                    "{}.针对{}：{}",
                    n + 1,
                    name_or(&i.name, "（未命名指标）"),
                    i.deviation.trim()
                )
            })
            .collect();
        if with_text.is_empty() {
            vec!["继续加强项目和资金管理，按期完成年度绩效目标，提高财政资金使用效益。".to_string()]
        } else {
            with_text
        }
    }
}

/// Splits a text into paragraphs at line breaks, dropping blank lines.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A name, or a visible placeholder when blank.
pub fn name_or<'s>(name: &'s str, blank: &'s str) -> &'s str {
    let t = name.trim();
    if t.is_empty() {
        blank
    } else {
        t
    }
}

/// The shown name of a funds source row.
pub fn source_name(row: &crate::model::FundsRow) -> String {
    let n = row.name.trim();
    if n.is_empty() {
        row.source.label().to_string()
    } else {
        n.to_string()
    }
}

/// 年度指标值 as shown: the value ("≥38200人", "≤5万元", "＝100%"; the text for a qualitative
/// target) and the target's note (its text beside a number), if any.
pub fn target_value(i: &Indicator) -> (String, Option<String>) {
    let note = i.target_text.trim();
    match (i.nature, i.target) {
        (IndicatorNature::Qualitative, _) | (_, None) => (
            if note.is_empty() { num::MISSING.to_string() } else { note.to_string() },
            None,
        ),
        (nature, Some(t)) => (
            format!("{}{}{}", nature.label(), num::stated(t), i.unit.trim()),
            (!note.is_empty()).then(|| note.to_string()),
        ),
    }
}

/// 年度指标值 in running text: the value alone.
pub fn target_text(i: &Indicator) -> String {
    target_value(i).0
}

/// 实际完成值 as shown: the value scored on (the survey's rate for survey rows) with its
/// unit, or the qualitative text (the band when there is none); and the note, if any.
pub fn actual_value(i: &Indicator, s: &IndicatorScore, dp: u32) -> (String, Option<String>) {
    let note = i.actual_text.trim();
    let unit = if i.actual_unit.trim().is_empty() {
        i.unit.trim()
    } else {
        i.actual_unit.trim()
    };
    let value = if i.nature == IndicatorNature::Qualitative {
        None
    } else if i.from_survey {
        s.actual.map(|a| format!("{}{unit}（满意度调查）", num::fixed(a, dp)))
    } else {
        i.actual.map(|a| format!("{}{unit}", num::stated(a)))
    };
    match value {
        Some(v) => (v, (!note.is_empty()).then(|| note.to_string())),
        None if !note.is_empty() => (note.to_string(), None),
        None => match i.band {
            Some(b) if i.nature == IndicatorNature::Qualitative => (b.label().to_string(), None),
            _ => (num::MISSING.to_string(), None),
        },
    }
}

/// 实际完成值 in running text: the value alone.
pub fn actual_text(i: &Indicator, s: &IndicatorScore, dp: u32) -> String {
    actual_value(i, s, dp).0
}
