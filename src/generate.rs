//! Deterministic generator of realistic drafts of any size, for benchmarks (native criterion
//! benches and the browser benchmark, which gets its files from `jixiao generate N -o FILE`)
//! and for tests that need big inputs.
//!
//! `generate(n, seed)` always gives the same draft for the same `n` and `seed` (its own
//! small PRNG, no platform dependence). The draft has the Ministry preset's shape: 一级 产出 /
//! 效益 / 满意度 with their 二级 headings, `n` 三级 indicators spread 5 : 3 : 1 over them, weights
//! adding up exactly to 50 / 30 / 10, every 指标性质 (≥ ≤ ＝ 定性), met, unmet and far over-met
//! targets with 偏差原因 where needed, a few manual scores and inapplicable rows, a funds
//! block whose sources, uses and transfers add up, and a satisfaction survey feeding the
//! first 满意度 indicator.

use rust_decimal::Decimal;

use crate::draft::Draft;
use crate::model::*;

/// splitmix64: tiny, fast, deterministic everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    /// True with probability percent / 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const GROUPS: [(&str, i64, &[&str]); 3] = [
    ("产出指标", 50, &["数量指标", "质量指标", "时效指标", "成本指标"]),
    ("效益指标", 30, &["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"]),
    ("满意度指标", 10, &["服务对象满意度指标"]),
];

const SUBJECTS: [&str; 12] = [
    "养老金发放", "参保登记", "补贴发放", "设备采购", "培训", "道路维护", "校舍改造", "卫生服务",
    "农田灌溉", "信息系统", "宣传活动", "档案整理",
];

/// Splits `total` into `k` exact parts of equal size up to the last digit: with 2 decimal
/// places where that gives every part at least 0.01, otherwise with as many as needed.
fn split_weight(total: i64, k: usize) -> Vec<Decimal> {
    if k == 0 {
        return Vec::new();
    }
    let mut scale = 2u32;
    while scale < 8 && (total as u128) * 10u128.pow(scale) < k as u128 {
        scale += 1;
    }
    let units = (total as i128) * 10i128.pow(scale);
    let base = units / k as i128;
    let extra = (units % k as i128) as usize;
    (0..k)
        .map(|i| Decimal::from_i128_with_scale(base + if i < extra { 1 } else { 0 }, scale))
        .collect()
}

/// The decimals scores are written with for weights of `weight_scale` decimals: the rules'
/// usual 2, and one more than the weights' when they need more than 2 (from several thousand
/// rows under one heading up): rounding each row's score to 2 decimals would otherwise lose most
/// of a 0.005 weight, and the form would grade 差 with no error (issue 16).
fn score_places(weight_scale: u32) -> u32 {
    if weight_scale > 2 {
        weight_scale + 1
    } else {
        2
    }
}

/// A draft with `n_indicators` scored (三级) indicators, the same for the same seed.
pub fn generate(n_indicators: usize, seed: u64) -> Draft {
    let mut rng = Rng(seed ^ 0x6A69_7869_616F);
    let mut d = Draft::new(format!("generated-{n_indicators}-{seed}"), "2026-01-01T00:00:00Z");
    let e = &mut d.evaluation;
    e.header = ProjectHeader {
        name: format!("绩效评价基准测试项目（{n_indicators}个指标）"),
        year: "2025".into(),
        department: "某市财政局".into(),
        implementer: "某市某区某单位".into(),
        region: "云南省".into(),
        money_unit: MoneyUnit::TenThousandYuan,
        kind: EvaluationKind::UnitSelf,
        report_date: "2026年3月".into(),
        contact: "张三 0871-00000000".into(),
    };

    // Funds: three sources; total row left blank (derived); uses and transfers add up.
    let current = Decimal::new(rng.range(100_000, 5_000_000), 2);
    let carry = Decimal::new(rng.range(0, 500_000), 2);
    let other = Decimal::new(rng.range(0, 200_000), 2);
    let mut executed_sum = Decimal::ZERO;
    for (row, (source, budget)) in e
        .funds
        .sources
        .iter_mut()
        .zip([(FundsSource::CurrentAppropriation, current), (FundsSource::PriorCarryover, carry), (FundsSource::Other, other)])
    {
        debug_assert_eq!(row.source, source);
        // 执行 85–100 % of the budget.
        let executed = (budget * Decimal::new(rng.range(8500, 10000), 4)).round_dp(2);
        executed_sum += executed;
        row.amounts = FundsAmounts {
            budget_initial: Some(budget),
            budget_full: Some(budget),
            received: Some(budget),
            executed: Some(executed),
        };
    }
    let received_sum = current + carry + other;
    let use1 = (executed_sum * Decimal::new(6, 1)).round_dp(2);
    let use2 = (executed_sum * Decimal::new(3, 1)).round_dp(2);
    e.funds.uses = vec![
        FundsUse { id: "u1".into(), purpose: "直接发放".into(), amount: Some(use1) },
        FundsUse { id: "u2".into(), purpose: "项目实施".into(), amount: Some(use2) },
        FundsUse { id: "u3".into(), purpose: "其他支出".into(), amount: Some(executed_sum - use1 - use2) },
    ];
    let tr1 = (received_sum * Decimal::new(9, 1)).round_dp(2);
    e.funds.transfers = vec![
        FundsTransfer { id: "t1".into(), account: "专户".into(), amount: Some(tr1) },
        FundsTransfer { id: "t2".into(), account: "零余额账户".into(), amount: Some(received_sum - tr1) },
    ];
    e.funds.execution_note = "部分资金年末结转。".into();

    e.goals = Goals {
        overall: "按期完成项目各项建设和服务任务，资金使用规范有效。".into(),
        annual: format!("完成{n_indicators}项年度绩效指标。"),
        achieved: "大部分指标已完成，个别指标未达预期，已分析原因。".into(),
    };

    // Survey: 200 distributed, 190–200 valid, four options adding up to the valid count.
    let valid = rng.range(190, 200);
    let very = rng.range(100, 140);
    let sat = rng.range(30, valid - very - 5);
    let basic = rng.range(0, valid - very - sat);
    let counts = [very, sat, basic, valid - very - sat - basic];
    for (opt, c) in e.survey.options.iter_mut().zip(counts) {
        opt.count = Some(Decimal::from(c));
    }
    e.survey.distributed = Some(Decimal::from(200));
    e.survey.valid = Some(Decimal::from(valid));
    e.survey.method = "随机抽取服务对象发放问卷。".into();

    // Indicators: level-1/2 headings from the preset tree, n level-3 rows spread 5:3:1.
    e.indicators.clear();
    let shares = if n_indicators >= 3 {
        let out = n_indicators * 5 / 9;
        let ben = n_indicators * 3 / 9;
        let out = out.max(1);
        let ben = ben.max(1);
        [out, ben, n_indicators - out - ben]
    } else {
        [n_indicators, 0, 0]
    };
    let mut next = 0usize;
    let mut id = |prefix: &str| {
        next += 1;
        format!("{prefix}{next}")
    };
    let mut satisfaction_done = false;
    for ((l1, l1_weight, l2s), count) in GROUPS.into_iter().zip(shares) {
        if count == 0 {
            continue;
        }
        e.indicators.push(Indicator { id: id("g"), level: 1, name: l1.into(), ..Indicator::default() });
        let weights = split_weight(l1_weight, count);
        // Spread the rows over the level-2 headings in order.
        let per = count.div_ceil(l2s.len());
        let mut w = weights.into_iter();
        let mut left = count;
        for l2 in l2s.iter() {
            if left == 0 {
                break;
            }
            e.indicators.push(Indicator { id: id("g"), level: 2, name: (*l2).into(), ..Indicator::default() });
            for _ in 0..per.min(left) {
                left -= 1;
                let weight = w.next().unwrap_or_default();
                let ind = if l1 == "满意度指标" && !satisfaction_done {
                    satisfaction_done = true;
                    Indicator {
                        id: id("i"),
                        name: "服务对象满意率".into(),
                        nature: IndicatorNature::AtLeast,
                        direction: Some(Direction::Positive),
                        target: Some(Decimal::from(90)),
                        unit: "%".into(),
                        weight: Some(weight),
                        from_survey: true,
                        target_text: "服务对象满意率90%以上".into(),
                        evidence: "满意度调查问卷".into(),
                        ..Indicator::default()
                    }
                } else {
                    indicator(&mut rng, id("i"), l2, weight)
                };
                e.indicators.push(ind);
            }
        }
    }

    let weight_scale = e.indicators.iter().filter_map(|i| i.weight).map(|w| w.scale()).max().unwrap_or(2);
    e.rules.decimals = e.rules.decimals.max(score_places(weight_scale));

    e.figures = vec![
        KeyFigure { id: "f1".into(), name: "服务人数".into(), value: Some(Decimal::from(rng.range(1000, 99999))), unit: "人".into(), stated_in: "一、(一)2".into() },
        KeyFigure { id: "f2".into(), name: "问卷份数".into(), value: Some(Decimal::from(200)), unit: "份".into(), stated_in: "二、(四)".into() },
    ];
    e.narrative.insert(NarrativeSection::Background, "为保障项目顺利实施，提高财政资金使用效益，设立本项目。".into());
    e.narrative.insert(NarrativeSection::Problems, "个别指标目标设置偏低或偏高。".into());
    e.notes = format!("由 jixiao generate 生成（{n_indicators} 个指标，种子 {seed}），用于性能测试。");
    d
}

/// One 三级 indicator of a random nature, with a realistic target and actual.
fn indicator(rng: &mut Rng, id: String, l2: &str, weight: Decimal) -> Indicator {
    let subject = SUBJECTS[rng.range(0, SUBJECTS.len() as i64 - 1) as usize];
    let mut ind = Indicator { id, weight: Some(weight), evidence: "项目台账".into(), ..Indicator::default() };
    let roll = rng.range(0, 99);
    // 5 % manual, 2 % inapplicable, else by nature: 58 % ≥, 15 % ≤, 8 % ＝, 12 % 定性.
    if roll < 15 || l2 == "时效指标" && roll < 60 {
        ind.nature = IndicatorNature::Qualitative;
        ind.name = format!("{subject}{}", if l2 == "时效指标" { "及时性" } else { "规范性" });
        ind.target_text = "按计划完成".into();
        let band = QualitativeBand::ALL[rng.range(0, 2) as usize];
        let (lo, hi) = match band {
            QualitativeBand::Achieved => (80, 100),
            QualitativeBand::Partial => (60, 79),
            QualitativeBand::Failed => (0, 59),
        };
        ind.band = Some(band);
        // Exact (no rounding), so that the score stays inside its band for any weight.
        ind.band_score = Some((weight * Decimal::from(rng.range(lo, hi)) / Decimal::ONE_HUNDRED).normalize());
        ind.actual_text = band.label().into();
        if band != QualitativeBand::Achieved {
            ind.deviation = "部分工作推进滞后，下一年度加强督导。".into();
        }
        return ind;
    }
    let (nature, direction, unit) = if l2 == "成本指标" || roll < 30 {
        (IndicatorNature::AtMost, Direction::Reverse, "元/人")
    } else if roll < 38 {
        (IndicatorNature::Equal, Direction::Positive, "次")
    } else if l2 == "质量指标" || l2.contains("效益") && roll < 60 {
        (IndicatorNature::AtLeast, Direction::Positive, "%")
    } else {
        (IndicatorNature::AtLeast, Direction::Positive, "人")
    };
    ind.nature = nature;
    ind.direction = Some(direction);
    ind.unit = unit.into();
    let target = match unit {
        "%" => Decimal::from(rng.range(85, 98)),
        "次" => Decimal::from(rng.range(4, 24)),
        "元/人" => Decimal::new(rng.range(1000, 50000), 2),
        _ => Decimal::from(rng.range(100, 100_000)),
    };
    ind.target = Some(target);
    ind.name = format!("{subject}{}", match unit { "%" => "达标率", "次" => "批次", "元/人" => "人均成本", _ => "人数" });
    // Actual: 70–145 % of the target; ＝ mostly exact.
    let pct = if nature == IndicatorNature::Equal && rng.chance(70) { 100 } else { rng.range(70, 145) };
    let mut actual = (target * Decimal::from(pct) / Decimal::ONE_HUNDRED).round_dp(2);
    if unit == "%" {
        actual = actual.min(Decimal::ONE_HUNDRED);
    }
    ind.actual = Some(actual);
    ind.target_text = format!("{}{}{}", nature.label(), target, unit);
    let met = match nature {
        IndicatorNature::AtMost => actual <= target,
        IndicatorNature::Equal => actual == target,
        _ => actual >= target,
    };
    if !met || pct > 130 {
        ind.deviation = if met { "目标设置偏低，下年度据实调整。" } else { "受客观因素影响未完成，下年度加强推进。" }.into();
    }
    if roll >= 96 {
        ind.manual = Some(ManualScore {
            score: Some((weight * Decimal::new(5, 1)).round_dp(score_places(weight.scale()))),
            reason: "抽查发现质量问题，扣减一半分值。".into(),
        });
    } else if roll >= 94 {
        ind.applicable = false;
        ind.evidence = "本年度政策调整，该指标不适用。".into();
    }
    ind
}
