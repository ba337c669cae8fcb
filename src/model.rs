//! The evaluation model: everything a 项目支出绩效自评表 and its 绩效评价报告 hold.
//!
//! Pure data. No figure that can be derived from others is stored here except where the
//! form itself states it (then it is a *stated* figure that reconciliation checks against
//! the derived one). Derived figures are computed in exactly one place:
//! - the effective funds total row: [`Funds::effective_total`];
//! - scores, subtotals, total, grade, execution rate: [`crate::scoring`];
//! - the satisfaction rate of a survey: [`Survey::satisfaction_rate`].
//!
//! Every row that can be addressed by the editor or a finding has a stable string `id`.
//! Field paths (see [`crate::path`]) name a field as `section.row-id.field`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One project's self-evaluation: the whole content of a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Evaluation {
    pub header: ProjectHeader,
    pub funds: Funds,
    pub goals: Goals,
    /// 绩效指标: a flat list in display order; `level` 1/2/3 makes the tree
    /// (a level-2 row belongs to the nearest level-1 row above it, and so on).
    pub indicators: Vec<Indicator>,
    pub survey: Survey,
    /// Key quantities the report states (参保人数, 系统记账人次 …), which narrative text can
    /// quote as `{名称}` so that the report never states one quantity with two values.
    pub figures: Vec<KeyFigure>,
    /// 报告文字: the user's own text per report section; a missing or empty entry means the
    /// report writes its default text from the data.
    pub narrative: BTreeMap<NarrativeSection, String>,
    pub rules: RuleSettings,
    /// Figures a unit already reported on an existing form (for a reviewer's check).
    pub claimed: Claimed,
    /// Text the user typed into a numeric field that could not be read as a number, keyed by
    /// field path. Kept (never dropped) until the user fixes it; each is an error finding.
    pub unreadable: BTreeMap<String, String>,
    /// 备注: free notes about the draft (e.g. which figures of a sample are assumptions).
    pub notes: String,
    /// For a draft imported from a workbook: field path → the cell it was read from
    /// (`自评表!H12`), so that findings name the cell. Absent from files when empty.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub source_cells: BTreeMap<String, String>,
}

/// 项目信息.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct ProjectHeader {
    /// 项目名称
    pub name: String,
    /// 年度 (e.g. "2019")
    pub year: String,
    /// 主管部门
    pub department: String,
    /// 实施单位
    pub implementer: String,
    /// 地区 (region; decides nothing by itself, presets do)
    pub region: String,
    /// 资金单位
    pub money_unit: MoneyUnit,
    /// 评价类型
    pub kind: EvaluationKind,
    /// 评价日期 / 报告日期 (free text as on the form, e.g. "2020年3月")
    pub report_date: String,
    /// 联系人, 联系电话 (optional, printed on the form)
    pub contact: String,
}

/// 资金单位: money figures are all in one unit; conversion is exact (× or ÷ 10000).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum MoneyUnit {
    /// 万元
    #[default]
    #[serde(rename = "万元")]
    TenThousandYuan,
    /// 元
    #[serde(rename = "元")]
    Yuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::TenThousandYuan => "万元",
            MoneyUnit::Yuan => "元",
        }
    }

    /// How many 元 one of this unit is.
    pub fn yuan(self) -> Decimal {
        match self {
            MoneyUnit::TenThousandYuan => Decimal::from(10_000),
            MoneyUnit::Yuan => Decimal::ONE,
        }
    }

    /// `value` stated in this unit, in `to` — exactly (a decimal shift; every decimal place
    /// written is kept, so the stated precision carries over: 1329120.67 元 is 132.912067 万元).
    pub fn convert(self, value: Decimal, to: MoneyUnit) -> Decimal {
        if self == to {
            return value;
        }
        let v = value.saturating_mul(self.yuan());
        v.checked_div(to.yuan()).unwrap_or(v)
    }
}

/// 评价类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum EvaluationKind {
    #[default]
    #[serde(rename = "单位自评")]
    UnitSelf,
    #[serde(rename = "部门评价")]
    Department,
    #[serde(rename = "财政评价")]
    Finance,
}

impl EvaluationKind {
    pub fn label(self) -> &'static str {
        match self {
            EvaluationKind::UnitSelf => "单位自评",
            EvaluationKind::Department => "部门评价",
            EvaluationKind::Finance => "财政评价",
        }
    }
}

/// 项目资金.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Funds {
    /// 年度资金总额 as the form states it. A blank cell means "the sum of the sources";
    /// a filled one is checked against that sum.
    pub total: FundsAmounts,
    /// 其中: rows by source (当年财政拨款, 上年结转资金, 其他资金, user-defined).
    pub sources: Vec<FundsRow>,
    /// 资金使用情况: uses breakdown (用途 and amount), which should add up to 全年执行数.
    pub uses: Vec<FundsUse>,
    /// 资金拨付: money routed to accounts, which should add up to what was received.
    pub transfers: Vec<FundsTransfer>,
    /// 执行率偏低说明: explanation when the execution rate is below the threshold.
    pub execution_note: String,
    /// The money unit the uses table is stated in, when it is not the project's
    /// ([`ProjectHeader::money_unit`]): forms often list the uses in 元 while the funds are in
    /// 万元. Converted exactly where compared ([`Evaluation::uses_sum_in_funds_unit`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses_unit: Option<MoneyUnit>,
    /// The money unit of the transfers table, when it is not the project's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfers_unit: Option<MoneyUnit>,
    /// 预算安排（申请）: the budget's planned breakdown by purpose, as the form or the
    /// application states it; it should add up to the budget (年初预算数 or 全年预算数).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plans: Vec<FundsUse>,
    /// The money unit of the plans table, when it is not the project's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plans_unit: Option<MoneyUnit>,
}

/// The four money columns of a funds row. `None` is a blank cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct FundsAmounts {
    /// 年初预算数
    pub budget_initial: Option<Decimal>,
    /// 全年预算数
    pub budget_full: Option<Decimal>,
    /// 实际到位资金
    pub received: Option<Decimal>,
    /// 全年执行数
    pub executed: Option<Decimal>,
}

/// A column of the funds block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FundsColumn {
    BudgetInitial,
    BudgetFull,
    Received,
    Executed,
}

impl FundsColumn {
    pub const ALL: [FundsColumn; 4] = [
        FundsColumn::BudgetInitial,
        FundsColumn::BudgetFull,
        FundsColumn::Received,
        FundsColumn::Executed,
    ];
    /// The form's column heading.
    pub fn label(self) -> &'static str {
        match self {
            FundsColumn::BudgetInitial => "年初预算数",
            FundsColumn::BudgetFull => "全年预算数",
            FundsColumn::Received => "实际到位资金",
            FundsColumn::Executed => "全年执行数",
        }
    }
    /// The field name used in paths (`funds.total.budget_full`).
    pub fn key(self) -> &'static str {
        match self {
            FundsColumn::BudgetInitial => "budget_initial",
            FundsColumn::BudgetFull => "budget_full",
            FundsColumn::Received => "received",
            FundsColumn::Executed => "executed",
        }
    }
    pub fn from_key(key: &str) -> Option<FundsColumn> {
        FundsColumn::ALL.into_iter().find(|c| c.key() == key)
    }
}

impl FundsAmounts {
    pub fn get(&self, col: FundsColumn) -> Option<Decimal> {
        match col {
            FundsColumn::BudgetInitial => self.budget_initial,
            FundsColumn::BudgetFull => self.budget_full,
            FundsColumn::Received => self.received,
            FundsColumn::Executed => self.executed,
        }
    }
    pub fn set(&mut self, col: FundsColumn, value: Option<Decimal>) {
        match col {
            FundsColumn::BudgetInitial => self.budget_initial = value,
            FundsColumn::BudgetFull => self.budget_full = value,
            FundsColumn::Received => self.received = value,
            FundsColumn::Executed => self.executed = value,
        }
    }
}

/// One source row of the funds block (其中：…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct FundsRow {
    pub id: String,
    pub source: FundsSource,
    /// Shown name; for the standard sources the standard label, for `Custom` the user's.
    pub name: String,
    pub amounts: FundsAmounts,
    /// 执行率 as the form prints it for this source row, in percent (claimed; compared with
    /// the rate computed for the row, [`crate::scoring::score_source`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_rate: Option<Decimal>,
    /// 得分 as the form prints it for this source row (claimed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_score: Option<Decimal>,
}

/// 资金来源.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FundsSource {
    /// 当年财政拨款
    #[default]
    #[serde(rename = "当年财政拨款")]
    CurrentAppropriation,
    /// 上年结转资金
    #[serde(rename = "上年结转资金")]
    PriorCarryover,
    /// 其他资金
    #[serde(rename = "其他资金")]
    Other,
    /// 自定义
    #[serde(rename = "自定义")]
    Custom,
}

impl FundsSource {
    pub fn label(self) -> &'static str {
        match self {
            FundsSource::CurrentAppropriation => "当年财政拨款",
            FundsSource::PriorCarryover => "上年结转资金",
            FundsSource::Other => "其他资金",
            FundsSource::Custom => "自定义",
        }
    }
}

/// 资金用途: one line of the uses breakdown (e.g. 基础养老金 334.41).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct FundsUse {
    pub id: String,
    /// 用途
    pub purpose: String,
    pub amount: Option<Decimal>,
}

/// 资金拨付: money routed to an account (e.g. 社保基金专户 362.74).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct FundsTransfer {
    pub id: String,
    /// 拨入账户
    pub account: String,
    pub amount: Option<Decimal>,
}

impl Funds {
    /// The sum of the source rows in one column; `None` when no source has a value there.
    pub fn sources_sum(&self, col: FundsColumn) -> Option<Decimal> {
        let mut sum: Option<Decimal> = None;
        for row in &self.sources {
            if let Some(v) = row.amounts.get(col) {
                sum = Some(sum.unwrap_or_default().saturating_add(v));
            }
        }
        sum
    }

    /// The 年度资金总额 row as used for scoring and the report: the stated cell where the
    /// form states one and the sources do not contradict it, otherwise the sum of the sources.
    /// The single place this is derived.
    ///
    /// A stated total that the sources contradict ([`Funds::total_contradicted`]: a total of 0
    /// left in the row while the sources carry the money is the usual case) does not drive the
    /// score: the sources are the detailed figures, and the FUNDS_SOURCES_SUM finding says which
    /// figure was used.
    pub fn effective_total(&self) -> FundsAmounts {
        let mut out = FundsAmounts::default();
        for col in FundsColumn::ALL {
            let value = match self.total_contradicted(col) {
                Some(sum) => Some(sum),
                None => self.total.get(col).or_else(|| self.sources_sum(col)),
            };
            out.set(col, value);
        }
        out
    }

    /// The sources' sum in `col` when the stated 年度资金总额 cell of that column differs from
    /// it (both filled in); `None` when they agree or one is blank. The one test of "the total
    /// row contradicts the sources", used by [`Funds::effective_total`] and by reconciliation.
    pub fn total_contradicted(&self, col: FundsColumn) -> Option<Decimal> {
        match (self.total.get(col), self.sources_sum(col)) {
            (Some(stated), Some(sum)) if stated != sum => Some(sum),
            _ => None,
        }
    }

    /// Sum of the uses breakdown; `None` when there are no amounts.
    pub fn uses_sum(&self) -> Option<Decimal> {
        sum_opt(self.uses.iter().map(|u| u.amount))
    }

    /// Sum of the planned breakdown; `None` when there are no amounts.
    pub fn plans_sum(&self) -> Option<Decimal> {
        sum_opt(self.plans.iter().map(|p| p.amount))
    }

    /// Sum of the transfers; `None` when there are no amounts.
    pub fn transfers_sum(&self) -> Option<Decimal> {
        sum_opt(self.transfers.iter().map(|t| t.amount))
    }
}

impl Evaluation {
    /// The unit the uses table is stated in (its own, else the project's).
    pub fn uses_unit(&self) -> MoneyUnit {
        self.funds.uses_unit.unwrap_or(self.header.money_unit)
    }

    /// The unit the transfers table is stated in (its own, else the project's).
    pub fn transfers_unit(&self) -> MoneyUnit {
        self.funds.transfers_unit.unwrap_or(self.header.money_unit)
    }

    /// The unit the plans table is stated in (its own, else the project's).
    pub fn plans_unit(&self) -> MoneyUnit {
        self.funds.plans_unit.unwrap_or(self.header.money_unit)
    }

    /// The plans' sum converted to the project's money unit.
    pub fn plans_sum_in_funds_unit(&self) -> Option<Decimal> {
        self.funds.plans_sum().map(|v| self.plans_unit().convert(v, self.header.money_unit))
    }

    /// The uses' sum converted to the project's money unit, for comparing with the funds.
    pub fn uses_sum_in_funds_unit(&self) -> Option<Decimal> {
        self.funds.uses_sum().map(|v| self.uses_unit().convert(v, self.header.money_unit))
    }

    /// The transfers' sum converted to the project's money unit.
    pub fn transfers_sum_in_funds_unit(&self) -> Option<Decimal> {
        self.funds.transfers_sum().map(|v| self.transfers_unit().convert(v, self.header.money_unit))
    }
}

fn sum_opt(values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    let mut sum: Option<Decimal> = None;
    for v in values.flatten() {
        sum = Some(sum.unwrap_or_default().saturating_add(v));
    }
    sum
}

/// 绩效目标.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Goals {
    /// 总目标
    pub overall: String,
    /// 年度目标 (预期目标)
    pub annual: String,
    /// 实际完成情况
    pub achieved: String,
}

/// One row of the indicator table. Level 1 (一级指标) and level 2 (二级指标) rows are headings;
/// level 3 (三级指标) rows are the scored indicators and use the remaining fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Indicator {
    pub id: String,
    /// 1 = 一级指标, 2 = 二级指标, 3 = 三级指标. Left out of a draft file, it reads as
    /// [`LEVEL_UNSET`] and the draft reader infers it or refuses the file (`draft::parse`).
    #[serde(default = "level_unset")]
    pub level: u8,
    pub name: String,
    /// 指标性质: ≥ ≤ ＝ 定性
    pub nature: IndicatorNature,
    /// 指标方向 (正向 / 反向) where the form states it; checked against `nature`.
    pub direction: Option<Direction>,
    /// 年度指标值 (quantitative target)
    pub target: Option<Decimal>,
    /// 年度指标值 as text, for qualitative targets (e.g. "每月25日前发放") or a note.
    pub target_text: String,
    /// 度量单位 of the target
    pub unit: String,
    /// 实际完成值
    pub actual: Option<Decimal>,
    /// 实际完成值 as text (qualitative actual, or a note)
    pub actual_text: String,
    /// Unit the actual was stated in, when it differs from `unit` (a finding).
    pub actual_unit: String,
    /// 分值
    pub weight: Option<Decimal>,
    /// 定性指标: the band the evaluator chose.
    pub band: Option<QualitativeBand>,
    /// 定性指标: the score chosen inside the band.
    pub band_score: Option<Decimal>,
    /// A deliberate manual score (扣分), valid only with a reason.
    pub manual: Option<ManualScore>,
    /// false = 不适用 (dropped; the total may be rescaled, see [`RuleSettings`]).
    pub applicable: bool,
    /// The actual value comes from the satisfaction survey.
    pub from_survey: bool,
    /// 偏差原因分析及改进措施
    pub deviation: String,
    /// 佐证材料 / evidence note
    pub evidence: String,
    /// The score the unit already reported for this row (claimed; for review).
    pub claimed_score: Option<Decimal>,
}

/// The `level` of an indicator row read without one: never kept (the draft reader replaces it).
pub const LEVEL_UNSET: u8 = u8::MAX;

fn level_unset() -> u8 {
    LEVEL_UNSET
}

impl Default for Indicator {
    fn default() -> Self {
        Indicator {
            id: String::new(),
            level: 3,
            name: String::new(),
            nature: IndicatorNature::AtLeast,
            direction: None,
            target: None,
            target_text: String::new(),
            unit: String::new(),
            actual: None,
            actual_text: String::new(),
            actual_unit: String::new(),
            weight: None,
            band: None,
            band_score: None,
            manual: None,
            applicable: true,
            from_survey: false,
            deviation: String::new(),
            evidence: String::new(),
            claimed_score: None,
        }
    }
}

impl Indicator {
    /// A scored (三级) indicator row.
    pub fn is_scored(&self) -> bool {
        self.level == 3
    }
}

/// 指标性质.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum IndicatorNature {
    /// ≥ (正向)
    #[default]
    #[serde(rename = "≥", alias = ">=", alias = "＞＝", alias = "≧")]
    AtLeast,
    /// ≤ (反向, e.g. cost)
    #[serde(rename = "≤", alias = "<=", alias = "＜＝", alias = "≦")]
    AtMost,
    /// ＝
    #[serde(rename = "＝", alias = "=", alias = "﹦", alias = "==")]
    Equal,
    /// 定性
    #[serde(rename = "定性", alias = "定性指标")]
    Qualitative,
}

impl IndicatorNature {
    pub const ALL: [IndicatorNature; 4] = [
        IndicatorNature::AtLeast,
        IndicatorNature::AtMost,
        IndicatorNature::Equal,
        IndicatorNature::Qualitative,
    ];
    pub fn label(self) -> &'static str {
        match self {
            IndicatorNature::AtLeast => "≥",
            IndicatorNature::AtMost => "≤",
            IndicatorNature::Equal => "＝",
            IndicatorNature::Qualitative => "定性",
        }
    }
}

/// 指标方向.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    #[serde(rename = "正向", alias = "正向指标")]
    Positive,
    #[serde(rename = "反向", alias = "反向指标")]
    Reverse,
}

impl Direction {
    pub fn label(self) -> &'static str {
        match self {
            Direction::Positive => "正向",
            Direction::Reverse => "反向",
        }
    }
}

/// 定性指标 bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub enum QualitativeBand {
    /// 达成年度指标
    #[serde(rename = "达成年度指标")]
    Achieved,
    /// 部分达成并具有一定效果
    #[serde(rename = "部分达成并具有一定效果")]
    Partial,
    /// 未达成且效果较差
    #[serde(rename = "未达成且效果较差")]
    Failed,
}

impl QualitativeBand {
    pub const ALL: [QualitativeBand; 3] = [
        QualitativeBand::Achieved,
        QualitativeBand::Partial,
        QualitativeBand::Failed,
    ];
    pub fn label(self) -> &'static str {
        match self {
            QualitativeBand::Achieved => "达成年度指标",
            QualitativeBand::Partial => "部分达成并具有一定效果",
            QualitativeBand::Failed => "未达成且效果较差",
        }
    }
}

/// A manual score (人工评分, e.g. a deduction for quality problems). Always shown as manual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct ManualScore {
    pub score: Option<Decimal>,
    /// 扣分/评分理由: required.
    pub reason: String,
}

/// 满意度调查 tally.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Survey {
    /// 发放问卷份数
    pub distributed: Option<Decimal>,
    /// 有效样本数 (valid questionnaires); the denominator of the rate.
    pub valid: Option<Decimal>,
    /// Answers per option (非常满意 / 满意 / 基本满意 / 不满意 …).
    pub options: Vec<SurveyOption>,
    /// Free text about how the survey was done.
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct SurveyOption {
    pub id: String,
    pub label: String,
    pub count: Option<Decimal>,
    /// Counts as 满意 for the satisfaction rate.
    pub satisfied: bool,
}

impl Survey {
    /// Number of satisfied answers (sum of the counts of options marked satisfied).
    pub fn satisfied_count(&self) -> Decimal {
        self.options
            .iter()
            .filter(|o| o.satisfied)
            .filter_map(|o| o.count)
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
    }
    /// Sum of all answers.
    pub fn answers_count(&self) -> Decimal {
        self.options
            .iter()
            .filter_map(|o| o.count)
            .fold(Decimal::ZERO, |a, b| a.saturating_add(b))
    }
    /// 满意率 in percent (满意人数 ÷ 有效样本数 × 100), unrounded; `None` without a valid
    /// positive sample count. The single place this is derived.
    pub fn satisfaction_rate(&self) -> Option<Decimal> {
        let valid = self.valid.filter(|v| *v > Decimal::ZERO)?;
        if self.options.is_empty() {
            return None;
        }
        self.satisfied_count()
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(valid)
    }
}

/// A key quantity stated in the report (e.g. 参保人数 16.80 万人).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct KeyFigure {
    pub id: String,
    /// 名称, quoted in narrative text as `{名称}`.
    pub name: String,
    pub value: Option<Decimal>,
    pub unit: String,
    /// Where this value was stated (e.g. "一、(一)2 项目实施情况").
    pub stated_in: String,
}

/// The report's sections that carry narrative text (domain.md §5). Keys are stable in files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NarrativeSection {
    /// 摘要 — 项目背景及目的
    SummaryBackground,
    /// 摘要 — 项目预算收支情况
    SummaryBudget,
    /// 摘要 — 评价结论
    SummaryConclusion,
    /// 一(一)1 项目背景及目的
    Background,
    /// 一(一)2 项目实施情况
    Implementation,
    /// 一(一)3 资金来源及使用情况
    FundsSourcesAndUse,
    /// 一(一) 项目组织及管理情况
    Organization,
    /// 二(一) 绩效评价目的
    EvaluationPurpose,
    /// 二(二) 绩效评价工作方案制定过程
    EvaluationPlan,
    /// 二(三) 绩效评价原则、评价方法
    EvaluationMethods,
    /// 二(四) 绩效评价实施过程
    EvaluationProcess,
    /// 二(五) 本次绩效评价的局限性
    EvaluationLimitations,
    /// 三(一)1 评价结果
    ConclusionResult,
    /// 三(一)2 主要绩效
    MainPerformance,
    /// 三(二) 具体绩效分析
    SpecificAnalysis,
    /// 四(一) 资金使用方向
    CostDirection,
    /// 四(二) 资金收入及支出情况
    CostIncomeExpense,
    /// 四(三) 项目和资金管理情况
    CostManagement,
    /// 四(四) 项目取得效果
    CostEffects,
    /// 五(一) 主要经验及做法
    Experience,
    /// 五(二) 存在的问题
    Problems,
    /// 五(三) 改进措施及建议
    Suggestions,
}

impl NarrativeSection {
    pub const ALL: [NarrativeSection; 22] = [
        NarrativeSection::SummaryBackground,
        NarrativeSection::SummaryBudget,
        NarrativeSection::SummaryConclusion,
        NarrativeSection::Background,
        NarrativeSection::Implementation,
        NarrativeSection::FundsSourcesAndUse,
        NarrativeSection::Organization,
        NarrativeSection::EvaluationPurpose,
        NarrativeSection::EvaluationPlan,
        NarrativeSection::EvaluationMethods,
        NarrativeSection::EvaluationProcess,
        NarrativeSection::EvaluationLimitations,
        NarrativeSection::ConclusionResult,
        NarrativeSection::MainPerformance,
        NarrativeSection::SpecificAnalysis,
        NarrativeSection::CostDirection,
        NarrativeSection::CostIncomeExpense,
        NarrativeSection::CostManagement,
        NarrativeSection::CostEffects,
        NarrativeSection::Experience,
        NarrativeSection::Problems,
        NarrativeSection::Suggestions,
    ];

    /// The heading as in the report outline.
    pub fn title(self) -> &'static str {
        use NarrativeSection::*;
        match self {
            SummaryBackground => "摘要·项目背景及目的",
            SummaryBudget => "摘要·项目预算收支情况",
            SummaryConclusion => "摘要·评价结论",
            Background => "项目背景及目的",
            Implementation => "项目实施情况",
            FundsSourcesAndUse => "资金来源及使用情况",
            Organization => "项目组织及管理情况",
            EvaluationPurpose => "绩效评价目的",
            EvaluationPlan => "绩效评价工作方案制定过程",
            EvaluationMethods => "绩效评价原则、评价方法",
            EvaluationProcess => "绩效评价实施过程",
            EvaluationLimitations => "本次绩效评价的局限性",
            ConclusionResult => "评价结果",
            MainPerformance => "主要绩效",
            SpecificAnalysis => "具体绩效分析",
            CostDirection => "资金使用方向",
            CostIncomeExpense => "资金收入及支出情况",
            CostManagement => "项目和资金管理情况",
            CostEffects => "项目取得效果",
            Experience => "主要经验及做法",
            Problems => "存在的问题",
            Suggestions => "改进措施及建议",
        }
    }

    /// The key used in files and field paths (`narrative.background`).
    pub fn key(self) -> &'static str {
        use NarrativeSection::*;
        match self {
            SummaryBackground => "summary_background",
            SummaryBudget => "summary_budget",
            SummaryConclusion => "summary_conclusion",
            Background => "background",
            Implementation => "implementation",
            FundsSourcesAndUse => "funds_sources_and_use",
            Organization => "organization",
            EvaluationPurpose => "evaluation_purpose",
            EvaluationPlan => "evaluation_plan",
            EvaluationMethods => "evaluation_methods",
            EvaluationProcess => "evaluation_process",
            EvaluationLimitations => "evaluation_limitations",
            ConclusionResult => "conclusion_result",
            MainPerformance => "main_performance",
            SpecificAnalysis => "specific_analysis",
            CostDirection => "cost_direction",
            CostIncomeExpense => "cost_income_expense",
            CostManagement => "cost_management",
            CostEffects => "cost_effects",
            Experience => "experience",
            Problems => "problems",
            Suggestions => "suggestions",
        }
    }

    pub fn from_key(key: &str) -> Option<NarrativeSection> {
        NarrativeSection::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// 评分规则: every rule of domain.md §3 as a setting. Percentages are in percent (90 = 90 %).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct RuleSettings {
    pub preset: RulePreset,
    /// 预算执行率 分值 (10 by default).
    pub budget_weight: Decimal,
    /// Denominator of 执行率.
    pub execution_base: ExecutionBase,
    /// Standard weights of the level-1 indicators (一级指标 name → 分值), e.g. 产出指标 50.
    /// A difference is a warning, not an error.
    pub level1_weights: Vec<StandardWeight>,
    /// Scoring of reverse (≤) indicators above target.
    pub reverse_formula: ReverseFormula,
    /// Decimal places of every score (2 by default; half away from zero, 四舍五入).
    pub decimals: u32,
    /// Achievement above this percent of the target needs an explanation (e.g. 130).
    pub over_achievement_percent: Decimal,
    /// 执行率 below this percent needs an explanation (e.g. 90).
    pub execution_explain_below: Decimal,
    /// Qualitative bands as percent-of-weight ranges.
    pub bands: QualitativeBands,
    /// Grade boundaries: 优 ≥ excellent, 良 ≥ good, 中 ≥ pass, else 差.
    pub grades: GradeBounds,
    /// Drop inapplicable indicators and rescale the total to 100.
    pub rescale_inapplicable: bool,
    /// Mark the report 草稿 and append unresolved findings when errors remain.
    pub draft_mark_on_errors: bool,
    /// 按所填精度比较: a stated figure agrees with another when they are equal at the
    /// precision of the less precise one (a claimed score written 4.6 agrees with a computed
    /// 4.62). Off: compared exactly. On by default; written to a draft only when off, so that
    /// drafts with the default read in builds without the setting.
    #[serde(skip_serializing_if = "is_true")]
    pub compare_at_stated_precision: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct StandardWeight {
    pub name: String,
    pub weight: Decimal,
}

/// 预设: each named after the document its rules come from (docs/scoring.md, “预设”).
/// The values written in a draft changed in issue 16; the old ones are still read (aliases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum RulePreset {
    /// 财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）单位自评: 预算执行率 10, 产出 50,
    /// 效益 30, 满意度 10.
    #[default]
    #[serde(rename = "财预〔2020〕10号", alias = "财政部单位自评")]
    Ministry,
    /// 云南 项目支出绩效自评表 (指标性质 / 指标值 / 度量单位 columns): the weights its published
    /// forms show, 10 + 50 / 30 / 10 (no rule document found: docs/scoring.md).
    #[serde(rename = "云南项目支出绩效自评表")]
    Yunnan,
    /// 四川 部门预算项目支出绩效自评表 (报表编号 510000_0013zp): 预算执行 10 + 绩效指标 90, 执行率
    /// of the 调整后预算数, below 90 % a reason (the form's own 填表说明).
    #[serde(rename = "四川510000_0013zp", alias = "10+90")]
    TenNinety,
    /// 自定义
    #[serde(rename = "自定义")]
    Custom,
}

impl RulePreset {
    /// Every preset, in the order the settings offer them.
    pub const ALL: [RulePreset; 4] = [RulePreset::Ministry, RulePreset::Yunnan, RulePreset::TenNinety, RulePreset::Custom];

    pub fn label(self) -> &'static str {
        match self {
            RulePreset::Ministry => "财预〔2020〕10号 财政部单位自评（10/50/30/10）",
            RulePreset::Yunnan => "云南 项目支出绩效自评表（10/50/30/10）",
            RulePreset::TenNinety => "四川 自评表 510000_0013zp（10＋90）",
            RulePreset::Custom => "自定义",
        }
    }
}

/// 执行率 denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ExecutionBase {
    /// 全年预算数 (default)
    #[default]
    #[serde(rename = "全年预算数")]
    FullYearBudget,
    /// 年初预算数
    #[serde(rename = "年初预算数")]
    InitialBudget,
    /// 实际到位资金
    #[serde(rename = "实际到位资金")]
    Received,
}

impl ExecutionBase {
    pub fn column(self) -> FundsColumn {
        match self {
            ExecutionBase::FullYearBudget => FundsColumn::BudgetFull,
            ExecutionBase::InitialBudget => FundsColumn::BudgetInitial,
            ExecutionBase::Received => FundsColumn::Received,
        }
    }
}

/// Reverse (≤) indicator above target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ReverseFormula {
    /// weight × target ÷ actual (common template)
    #[default]
    #[serde(rename = "目标值÷实际值")]
    Ratio,
    /// linear fall to 0 at 2 × target
    #[serde(rename = "线性递减至两倍目标值为0")]
    LinearToDouble,
}

/// Qualitative bands in percent of the weight: [min, max].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct QualitativeBands {
    pub achieved: (Decimal, Decimal),
    pub partial: (Decimal, Decimal),
    pub failed: (Decimal, Decimal),
}

impl Default for QualitativeBands {
    fn default() -> Self {
        QualitativeBands {
            achieved: (Decimal::from(80), Decimal::from(100)),
            partial: (Decimal::from(60), Decimal::from(80)),
            failed: (Decimal::from(0), Decimal::from(60)),
        }
    }
}

impl QualitativeBands {
    pub fn range(&self, band: QualitativeBand) -> (Decimal, Decimal) {
        match band {
            QualitativeBand::Achieved => self.achieved,
            QualitativeBand::Partial => self.partial,
            QualitativeBand::Failed => self.failed,
        }
    }
}

/// Grade boundaries (inclusive lower bounds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct GradeBounds {
    pub excellent: Decimal,
    pub good: Decimal,
    pub pass: Decimal,
}

impl Default for GradeBounds {
    fn default() -> Self {
        GradeBounds {
            excellent: Decimal::from(90),
            good: Decimal::from(80),
            pass: Decimal::from(60),
        }
    }
}

/// 等级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
pub enum Grade {
    #[serde(rename = "优")]
    Excellent,
    #[serde(rename = "良")]
    Good,
    #[serde(rename = "中")]
    Pass,
    #[serde(rename = "差")]
    Poor,
}

impl Grade {
    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Pass => "中",
            Grade::Poor => "差",
        }
    }
    pub fn from_label(s: &str) -> Option<Grade> {
        match s.trim() {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "合格" => Some(Grade::Pass),
            "差" | "不合格" => Some(Grade::Poor),
            _ => None,
        }
    }
}

impl GradeBounds {
    pub fn grade(&self, total: Decimal) -> Grade {
        if total >= self.excellent {
            Grade::Excellent
        } else if total >= self.good {
            Grade::Good
        } else if total >= self.pass {
            Grade::Pass
        } else {
            Grade::Poor
        }
    }
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings::preset(RulePreset::Ministry)
    }
}

impl RuleSettings {
    /// The settings of a preset. `Custom` starts from the Ministry defaults.
    pub fn preset(preset: RulePreset) -> RuleSettings {
        let w = |name: &str, weight: i64| StandardWeight {
            name: name.to_string(),
            weight: Decimal::from(weight),
        };
        let level1_weights = match preset {
            RulePreset::Ministry | RulePreset::Yunnan | RulePreset::Custom => {
                vec![w("产出指标", 50), w("效益指标", 30), w("满意度指标", 10)]
            }
            RulePreset::TenNinety => vec![w("绩效指标", 90)],
        };
        RuleSettings {
            preset,
            budget_weight: Decimal::from(10),
            execution_base: ExecutionBase::FullYearBudget,
            level1_weights,
            reverse_formula: ReverseFormula::Ratio,
            decimals: 2,
            over_achievement_percent: Decimal::from(130),
            execution_explain_below: Decimal::from(90),
            bands: QualitativeBands::default(),
            grades: GradeBounds::default(),
            rescale_inapplicable: true,
            draft_mark_on_errors: true,
            compare_at_stated_precision: true,
        }
    }
}

/// Figures a unit already reported (on its own 自评表 or report), to be checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct Claimed {
    /// 自评得分 as reported
    pub total: Option<Decimal>,
    /// 等级 as reported
    pub grade: Option<Grade>,
    /// 执行率 as reported, in percent
    pub execution_rate: Option<Decimal>,
    /// 预算执行 得分 as reported
    pub budget_score: Option<Decimal>,
}

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
            ..FundsRow::default()
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
