//! Scoring rules of domain.md §3, each at its boundaries. Expected values are worked out by
//! hand from the rule in the comment next to each assertion.

use std::str::FromStr;

use jixiao::model::*;
use jixiao::scoring::{self, score};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn heading(id: &str, level: u8, name: &str) -> Indicator {
    Indicator {
        id: id.into(),
        level,
        name: name.into(),
        ..Indicator::default()
    }
}

fn quant(id: &str, nature: IndicatorNature, target: &str, actual: &str, weight: &str) -> Indicator {
    Indicator {
        id: id.into(),
        level: 3,
        name: format!("指标{id}"),
        nature,
        target: Some(d(target)),
        actual: Some(d(actual)),
        weight: Some(d(weight)),
        unit: "人".into(),
        ..Indicator::default()
    }
}

/// An evaluation with fully executed funds (100 of 100) and the given 三级 rows under
/// 产出指标 / 数量指标.
fn eval_with(rows: Vec<Indicator>) -> Evaluation {
    let mut ev = Evaluation::default();
    ev.header.name = "测试项目".into();
    ev.header.year = "2019".into();
    ev.funds.total = FundsAmounts {
        budget_initial: Some(d("100")),
        budget_full: Some(d("100")),
        received: Some(d("100")),
        executed: Some(d("100")),
    };
    ev.indicators.push(heading("L1", 1, "产出指标"));
    ev.indicators.push(heading("L2", 2, "数量指标"));
    ev.indicators.extend(rows);
    ev
}

fn one(ind: Indicator) -> scoring::IndicatorScore {
    let ev = eval_with(vec![ind]);
    score(&ev).indicators.into_iter().next().unwrap()
}

fn one_with(ind: Indicator, f: impl FnOnce(&mut Evaluation)) -> scoring::IndicatorScore {
    let mut ev = eval_with(vec![ind]);
    f(&mut ev);
    score(&ev).indicators.into_iter().next().unwrap()
}

// --- positive (≥) -----------------------------------------------------------------------------

#[test]
fn positive_exactly_at_target_scores_full() {
    let s = one(quant("a", IndicatorNature::AtLeast, "38200", "38200", "10"));
    assert_eq!(s.score, d("10"));
    assert_eq!(s.met, Some(true));
    assert_eq!(s.explanation.rule(), "正向指标：达到目标，得满分");
}

#[test]
fn positive_below_target_is_proportional_with_explanation() {
    // 36641 / 38200 = 0.959188… × 10 = 9.59188… → 9.59
    let s = one(quant("a", IndicatorNature::AtLeast, "38200", "36641", "10"));
    assert_eq!(s.score, d("9.59"));
    assert_eq!(s.met, Some(false));
    assert_eq!(s.explanation.rule(), "正向指标：未达目标，按完成比例计分");
    assert_eq!(s.explanation.formula(), "36641 ÷ 38200 × 10 = 9.59");
}

#[test]
fn positive_above_target_is_capped_at_weight() {
    let s = one(quant("a", IndicatorNature::AtLeast, "100", "250", "10"));
    assert_eq!(s.score, d("10"));
    assert_eq!(s.achievement(), Some(d("250")));
}

#[test]
fn positive_zero_actual_scores_zero() {
    let s = one(quant("a", IndicatorNature::AtLeast, "100", "0", "10"));
    assert_eq!(s.score, Decimal::ZERO);
    assert_eq!(s.explanation.formula(), "0 ÷ 100 × 10 = 0.00");
}

#[test]
fn positive_zero_target_is_met_by_any_non_negative_actual() {
    // 0 ≥ 0: met, full score; no division happens.
    let s = one(quant("a", IndicatorNature::AtLeast, "0", "0", "10"));
    assert_eq!(s.score, d("10"));
    assert_eq!(s.achievement(), None, "no percentage of a zero target");
}

#[test]
fn positive_zero_target_negative_actual_scores_zero_without_panic() {
    let s = one(quant("a", IndicatorNature::AtLeast, "0", "-5", "10"));
    assert_eq!(s.score, Decimal::ZERO);
    assert!(s.explanation.formula().contains("不能按比例计分"), "{:?}", s.explanation);
}

#[test]
fn negative_actual_never_scores_below_zero() {
    let s = one(quant("a", IndicatorNature::AtLeast, "100", "-50", "10"));
    assert_eq!(s.score, Decimal::ZERO);
    assert!(s.explanation.formula().contains("低于 0"));
}

#[test]
fn missing_actual_target_or_weight_scores_zero_and_says_why() {
    let mut i = quant("a", IndicatorNature::AtLeast, "100", "50", "10");
    i.actual = None;
    let s = one(i.clone());
    assert_eq!(s.score, Decimal::ZERO);
    assert!(s.explanation.formula().contains("缺少实际完成值"));

    i.actual = Some(d("50"));
    i.target = None;
    let s = one(i.clone());
    assert_eq!(s.score, Decimal::ZERO);
    assert!(s.explanation.formula().contains("缺少年度指标值"));

    i.target = Some(d("100"));
    i.weight = None;
    let s = one(i);
    assert_eq!(s.score, Decimal::ZERO);
    assert_eq!(s.weight, Decimal::ZERO);
    assert!(s.explanation.formula().contains("缺少分值"));
}

// --- reverse (≤) ------------------------------------------------------------------------------

#[test]
fn reverse_at_or_below_target_scores_full() {
    for actual in ["50", "30", "0"] {
        let s = one(quant("a", IndicatorNature::AtMost, "50", actual, "10"));
        assert_eq!(s.score, d("10"), "actual {actual}");
    }
}

#[test]
fn reverse_above_target_ratio_formula() {
    // 50 / 60 × 10 = 8.333… → 8.33
    let s = one(quant("a", IndicatorNature::AtMost, "50", "60", "10"));
    assert_eq!(s.score, d("8.33"));
    assert_eq!(s.explanation.formula(), "50 ÷ 60 × 10 = 8.33");
    // Twice the target: 50 / 100 × 10 = 5 (the ratio formula never reaches 0).
    let s = one(quant("a", IndicatorNature::AtMost, "50", "100", "10"));
    assert_eq!(s.score, d("5"));
}

#[test]
fn reverse_above_target_linear_formula() {
    let linear = |ev: &mut Evaluation| ev.rules.reverse_formula = ReverseFormula::LinearToDouble;
    // (2 × 50 − 60) / 50 × 10 = 8
    let s = one_with(quant("a", IndicatorNature::AtMost, "50", "60", "10"), linear);
    assert_eq!(s.score, d("8"));
    assert_eq!(s.explanation.formula(), "(2 × 50 − 60) ÷ 50 × 10 = 8.00");
    // Exactly twice the target: 0.
    let s = one_with(quant("a", IndicatorNature::AtMost, "50", "100", "10"), linear);
    assert_eq!(s.score, Decimal::ZERO);
    // Beyond twice the target: negative, clamped to 0.
    let s = one_with(quant("a", IndicatorNature::AtMost, "50", "130", "10"), linear);
    assert_eq!(s.score, Decimal::ZERO);
    // Below target stays full with either formula.
    let s = one_with(quant("a", IndicatorNature::AtMost, "50", "49", "10"), linear);
    assert_eq!(s.score, d("10"));
}

#[test]
fn reverse_zero_target_above_it_scores_zero_without_panic() {
    let s = one(quant("a", IndicatorNature::AtMost, "0", "3", "10"));
    assert_eq!(s.score, Decimal::ZERO);
    let s = one(quant("a", IndicatorNature::AtMost, "0", "0", "10"));
    assert_eq!(s.score, d("10"));
}

// --- equal (＝) -------------------------------------------------------------------------------

#[test]
fn equal_met_scores_full_and_deviation_either_side_is_deducted() {
    assert_eq!(one(quant("a", IndicatorNature::Equal, "100", "100", "10")).score, d("10"));
    // Below: 90 / 100 × 10 = 9 (the positive rule).
    assert_eq!(one(quant("a", IndicatorNature::Equal, "100", "90", "10")).score, d("9"));
    // Above: (1 − 10/100) × 10 = 9 — the same deviation costs the same.
    let s = one(quant("a", IndicatorNature::Equal, "100", "110", "10"));
    assert_eq!(s.score, d("9"));
    assert_eq!(s.met, Some(false));
    // Twice the target or more: 0.
    assert_eq!(one(quant("a", IndicatorNature::Equal, "100", "200", "10")).score, d("0"));
    assert_eq!(one(quant("a", IndicatorNature::Equal, "100", "350", "10")).score, d("0"));
    // Zero target, non-zero actual: cannot be proportional; 0, no panic.
    assert_eq!(one(quant("a", IndicatorNature::Equal, "0", "1", "10")).score, d("0"));
}

// --- rounding ---------------------------------------------------------------------------------

#[test]
fn rounding_is_half_away_from_zero() {
    // 1 / 8 × 1 = 0.125 → 0.13 (banker's rounding would give 0.12)
    let s = one(quant("a", IndicatorNature::AtLeast, "8", "1", "1"));
    assert_eq!(s.score, d("0.13"));
    assert_eq!(s.score.to_string(), "0.13");
    // 5 / 8 × 1 = 0.625 → 0.63 (banker's: 0.62)
    assert_eq!(one(quant("a", IndicatorNature::AtLeast, "8", "5", "1")).score, d("0.63"));
    // 1 / 16 × 1 = 0.0625; with 3 decimals → 0.063
    let s = one_with(quant("a", IndicatorNature::AtLeast, "16", "1", "1"), |ev| {
        ev.rules.decimals = 3
    });
    assert_eq!(s.score.to_string(), "0.063");
    // with 1 decimal: 36641 / 38200 × 10 = 9.59… → 9.6
    let s = one_with(quant("a", IndicatorNature::AtLeast, "38200", "36641", "10"), |ev| {
        ev.rules.decimals = 1
    });
    assert_eq!(s.score.to_string(), "9.6");
}

#[test]
fn scores_are_written_with_the_settings_decimals() {
    let s = one(quant("a", IndicatorNature::AtLeast, "10", "10", "10"));
    assert_eq!(s.score.to_string(), "10.00");
}

// --- grades -----------------------------------------------------------------------------------

#[test]
fn grade_boundaries_default() {
    let g = GradeBounds::default();
    assert_eq!(g.grade(d("100")), Grade::Excellent);
    assert_eq!(g.grade(d("90")), Grade::Excellent);
    assert_eq!(g.grade(d("89.99")), Grade::Good);
    assert_eq!(g.grade(d("89.5")), Grade::Good);
    assert_eq!(g.grade(d("80")), Grade::Good);
    assert_eq!(g.grade(d("79.99")), Grade::Pass);
    assert_eq!(g.grade(d("60")), Grade::Pass);
    assert_eq!(g.grade(d("59.99")), Grade::Poor);
    assert_eq!(g.grade(d("0")), Grade::Poor);
}

/// Budget 10 of 10 plus one manual indicator of weight 90 scored `m`: total = 10 + m.
fn total_with_manual(m: &str) -> jixiao::scoring::Scorecard {
    let mut i = quant("a", IndicatorNature::AtLeast, "1", "1", "90");
    i.manual = Some(ManualScore {
        score: Some(d(m)),
        reason: "测试".into(),
    });
    score(&eval_with(vec![i]))
}

#[test]
fn grade_of_the_computed_total_at_boundaries() {
    let sc = total_with_manual("79.5");
    assert_eq!(sc.total, d("89.5"));
    assert_eq!(sc.grade, Grade::Good, "89.5 is 良, not rounded up to 90");
    assert_eq!(total_with_manual("79.99").grade, Grade::Good);
    assert_eq!(total_with_manual("80").grade, Grade::Excellent);
    assert_eq!(total_with_manual("70").grade, Grade::Good);
    assert_eq!(total_with_manual("69.99").grade, Grade::Pass);
    assert_eq!(total_with_manual("49.99").grade, Grade::Poor);
}

#[test]
fn grade_bounds_are_settings() {
    let mut i = quant("a", IndicatorNature::AtLeast, "1", "1", "90");
    i.manual = Some(ManualScore {
        score: Some(d("75")),
        reason: "测试".into(),
    });
    let mut ev = eval_with(vec![i]);
    ev.rules.grades.excellent = d("85");
    let sc = score(&ev);
    assert_eq!(sc.total, d("85"));
    assert_eq!(sc.grade, Grade::Excellent);
}

// --- qualitative ------------------------------------------------------------------------------

fn qual(band: Option<QualitativeBand>, chosen: Option<&str>) -> Indicator {
    Indicator {
        id: "q".into(),
        level: 3,
        name: "按月发放".into(),
        nature: IndicatorNature::Qualitative,
        weight: Some(d("10")),
        band,
        band_score: chosen.map(d),
        ..Indicator::default()
    }
}

#[test]
fn qualitative_takes_the_chosen_score_at_band_edges() {
    use QualitativeBand::*;
    // 达成 80–100 % of 10 = 8–10; both edges are inside.
    assert_eq!(one(qual(Some(Achieved), Some("8"))).score, d("8"));
    assert_eq!(one(qual(Some(Achieved), Some("10"))).score, d("10"));
    // 部分达成 60–80 %: 6–8
    let s = one(qual(Some(Partial), Some("6")));
    assert_eq!(s.score, d("6"));
    assert_eq!(s.met, Some(false));
    assert_eq!(s.explanation.formula(), "档次 60%–80% × 10 = 6.00–8.00 分，评定 6.00 分");
    // 未达成 0–60 %: 0–6
    assert_eq!(one(qual(Some(Failed), Some("0"))).score, d("0"));
}

#[test]
fn qualitative_out_of_band_is_kept_but_clamped_into_weight() {
    use QualitativeBand::*;
    // 7.99 is below the 达成 band (8–10): kept as chosen (reconciliation flags it).
    let s = one(qual(Some(Achieved), Some("7.99")));
    assert_eq!(s.score, d("7.99"));
    assert!(s.explanation.formula().contains("不在该档分数范围内"));
    // Above the weight: clamped to 10.
    assert_eq!(one(qual(Some(Achieved), Some("12"))).score, d("10"));
    assert_eq!(one(qual(Some(Failed), Some("-1"))).score, d("0"));
}

#[test]
fn qualitative_without_score_scores_zero() {
    let s = one(qual(Some(QualitativeBand::Achieved), None));
    assert_eq!(s.score, Decimal::ZERO);
    assert!(s.explanation.formula().contains("未填写得分"));
}

// --- manual -----------------------------------------------------------------------------------

#[test]
fn manual_score_replaces_the_computed_one_and_is_flagged() {
    let mut i = quant("a", IndicatorNature::AtLeast, "100", "100", "10");
    i.manual = Some(ManualScore {
        score: Some(d("7")),
        reason: "发放中出现差错，扣3分".into(),
    });
    let s = one(i.clone());
    assert_eq!(s.score, d("7"));
    assert!(s.manual);
    assert_eq!(s.explanation.rule(), "人工评分：发放中出现差错，扣3分");
    // Clamped into [0, weight].
    i.manual.as_mut().unwrap().score = Some(d("11"));
    assert_eq!(one(i.clone()).score, d("10"));
    // A manual entry without a score is no manual score.
    i.manual.as_mut().unwrap().score = None;
    let s = one(i);
    assert!(!s.manual);
    assert_eq!(s.score, d("10"));
}

// --- survey -----------------------------------------------------------------------------------

fn survey(valid: &str, satisfied: &str, other: &str) -> Survey {
    Survey {
        distributed: Some(d(valid)),
        valid: Some(d(valid)),
        options: vec![
            SurveyOption {
                id: "o1".into(),
                label: "满意".into(),
                count: Some(d(satisfied)),
                satisfied: true,
            },
            SurveyOption {
                id: "o2".into(),
                label: "不满意".into(),
                count: Some(d(other)),
                satisfied: false,
            },
        ],
        method: String::new(),
    }
}

#[test]
fn survey_feeds_the_actual() {
    let mut i = quant("s", IndicatorNature::AtLeast, "90", "0", "10");
    i.actual = None;
    i.from_survey = true;
    // 19 / 20 = 95 % ≥ 90 → full
    let s = one_with(i.clone(), |ev| ev.survey = survey("20", "19", "1"));
    assert_eq!(s.score, d("10"));
    assert_eq!(s.actual, Some(d("95")));
    // 17 / 20 = 85 %; 85 / 90 × 10 = 9.444… → 9.44
    let s = one_with(i.clone(), |ev| ev.survey = survey("20", "17", "3"));
    assert_eq!(s.score, d("9.44"));
    assert!(s.explanation.formula().contains("17 ÷ 20"), "{:?}", s.explanation);
    // No valid sample: cannot be scored, 0, no panic.
    let s = one_with(i, |ev| {
        ev.survey = survey("20", "17", "3");
        ev.survey.valid = Some(Decimal::ZERO);
    });
    assert_eq!(s.score, Decimal::ZERO);
    assert!(s.explanation.formula().contains("满意度调查"));
}

// --- inapplicable and rescaling ---------------------------------------------------------------

#[test]
fn inapplicable_indicator_is_dropped_and_total_rescaled() {
    let a = quant("a", IndicatorNature::AtLeast, "100", "50", "45"); // 22.5
    let mut b = quant("b", IndicatorNature::AtLeast, "100", "100", "45");
    b.applicable = false;
    let ev = eval_with(vec![a, b]);
    let sc = score(&ev);
    assert!(sc.indicator(&ev, "b").unwrap().dropped);
    assert_eq!(sc.indicator(&ev, "b").unwrap().score, Decimal::ZERO);
    // raw = 10 + 22.5 = 32.5 over 55 applicable points; × 100 / 55 = 59.0909… → 59.09
    assert_eq!(sc.raw_total, d("32.5"));
    assert_eq!(sc.total, d("59.09"));
    assert_eq!(sc.max_total, d("100"));
    let r = sc.rescale.clone().expect("rescaled");
    assert_eq!(r.formula(), "32.50 × 100 ÷ 55 = 59.09");
    // Subtotals are not rescaled and count only the applicable row.
    let g = sc.group("L2").unwrap();
    assert_eq!((g.weight, g.score, g.indicator_count), (d("45"), d("22.5"), 2));
}

#[test]
fn inapplicable_without_rescaling_is_only_dropped() {
    let a = quant("a", IndicatorNature::AtLeast, "100", "50", "45");
    let mut b = quant("b", IndicatorNature::AtLeast, "100", "100", "45");
    b.applicable = false;
    let mut ev = eval_with(vec![a, b]);
    ev.rules.rescale_inapplicable = false;
    let sc = score(&ev);
    assert_eq!(sc.total, d("32.5"));
    assert_eq!(sc.max_total, d("55"));
    assert!(sc.rescale.is_none());
}

// --- budget execution -------------------------------------------------------------------------

#[test]
fn budget_score_full_partial_and_over_100_percent() {
    let mut ev = eval_with(vec![]);
    ev.funds.total.budget_full = Some(d("371.16"));
    ev.funds.total.executed = Some(d("371.16"));
    let b = score(&ev).budget;
    assert_eq!((b.rate, b.score), (Some(d("100")), d("10")));
    assert_eq!(b.explanation.formula(), "371.16 ÷ 371.16 × 10 = 10.00（执行率 100.00%）");

    // 300 / 371.16 = 0.80827… → 执行率 80.83 %, score 8.08
    ev.funds.total.executed = Some(d("300"));
    let b = score(&ev).budget;
    assert_eq!((b.rate, b.score), (Some(d("80.83")), d("8.08")));

    // Over 100 %: 400 / 371.16 × 10 = 10.78 → capped at 10.
    ev.funds.total.executed = Some(d("400"));
    let b = score(&ev).budget;
    assert_eq!(b.score, d("10"));
    assert_eq!(b.rate, Some(d("107.77")));
    assert!(b.explanation.formula().contains("超过分值"), "{:?}", b.explanation);
}

#[test]
fn budget_base_is_a_setting() {
    let mut ev = eval_with(vec![]);
    ev.funds.total = FundsAmounts {
        budget_initial: Some(d("80")),
        budget_full: Some(d("100")),
        received: Some(d("90")),
        executed: Some(d("72")),
    };
    ev.rules.execution_base = ExecutionBase::FullYearBudget;
    assert_eq!(score(&ev).budget.rate, Some(d("72")));
    ev.rules.execution_base = ExecutionBase::InitialBudget;
    assert_eq!(score(&ev).budget.rate, Some(d("90"))); // 72 / 80
    ev.rules.execution_base = ExecutionBase::Received;
    assert_eq!(score(&ev).budget.rate, Some(d("80"))); // 72 / 90
    ev.rules.budget_weight = d("20");
    assert_eq!(score(&ev).budget.score, d("16")); // 20 × 0.8
}

#[test]
fn budget_zero_or_missing_base_scores_zero_without_panic() {
    let mut ev = eval_with(vec![]);
    ev.funds.total.budget_full = Some(Decimal::ZERO);
    let b = score(&ev).budget;
    assert_eq!((b.rate, b.score), (None, Decimal::ZERO));
    assert!(b.explanation.formula().contains("不能作除数"));
    ev.funds.total.budget_full = None;
    let b = score(&ev).budget;
    assert!(b.explanation.formula().contains("缺少全年预算数"));
    ev.funds.total.budget_full = Some(d("100"));
    ev.funds.total.executed = None;
    let b = score(&ev).budget;
    assert_eq!(b.score, Decimal::ZERO);
    assert!(b.explanation.formula().contains("缺少全年执行数"));
}

#[test]
fn budget_total_comes_from_sources_when_the_total_row_is_blank() {
    let mut ev = eval_with(vec![]);
    ev.funds.total = FundsAmounts::default();
    ev.funds.sources = vec![
        FundsRow {
            id: "s1".into(),
            amounts: FundsAmounts {
                budget_full: Some(d("60")),
                executed: Some(d("50")),
                ..FundsAmounts::default()
            },
            ..FundsRow::default()
        },
        FundsRow {
            id: "s2".into(),
            source: FundsSource::PriorCarryover,
            amounts: FundsAmounts {
                budget_full: Some(d("40")),
                executed: Some(d("40")),
                ..FundsAmounts::default()
            },
            ..FundsRow::default()
        },
    ];
    // (50 + 40) / (60 + 40) = 90 %
    let b = score(&ev).budget;
    assert_eq!((b.rate, b.score), (Some(d("90")), d("9")));
}

// --- subtotals and total ----------------------------------------------------------------------

#[test]
fn subtotals_and_total_are_sums_of_rounded_parts() {
    // Three rows of 1/3 × 10 = 3.333… → 3.33 each: the total is 10 + 9.99, not 10 + 10.
    let rows = (0..3)
        .map(|k| quant(&format!("r{k}"), IndicatorNature::AtLeast, "3", "1", "10"))
        .collect();
    let mut ev = eval_with(rows);
    ev.indicators.push(heading("M1", 1, "效益指标"));
    ev.indicators.push(heading("M2", 2, "社会效益指标"));
    ev.indicators
        .push(quant("x", IndicatorNature::AtLeast, "10", "10", "20"));
    let sc = score(&ev);
    assert_eq!(sc.group("L1").unwrap().score, d("9.99"));
    assert_eq!(sc.group("L2").unwrap().score, d("9.99"));
    assert_eq!(sc.group("M1").unwrap().score, d("20"));
    assert_eq!(sc.group("M1").unwrap().weight, d("20"));
    assert_eq!(sc.total, d("39.99"));
    assert_eq!(sc.max_total, d("60"));
}

// --- properties -------------------------------------------------------------------------------

fn arb_decimal() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Decimal::ZERO)),
        8 => (-1_000_000i64..10_000_000, 0u32..4).prop_map(|(m, s)| Some(Decimal::new(m, s))),
    ]
}

fn arb_indicator() -> impl Strategy<Value = Indicator> {
    (
        (0usize..4, arb_decimal(), arb_decimal(), arb_decimal()),
        (proptest::option::of(0usize..3), arb_decimal(), any::<bool>(), proptest::option::of(arb_decimal())),
    )
        .prop_map(|((nature, target, actual, weight), (band, band_score, applicable, manual))| {
            Indicator {
                id: String::new(),
                level: 3,
                name: "x".into(),
                nature: IndicatorNature::ALL[nature],
                target,
                actual,
                weight,
                band: band.map(|b| QualitativeBand::ALL[b]),
                band_score,
                applicable,
                manual: manual.map(|score| ManualScore {
                    score,
                    reason: String::new(),
                }),
                ..Indicator::default()
            }
        })
}

fn arb_eval() -> impl Strategy<Value = Evaluation> {
    (
        proptest::collection::vec(arb_indicator(), 0..8),
        (arb_decimal(), arb_decimal(), arb_decimal()),
        (any::<bool>(), any::<bool>(), 0u32..4),
    )
        .prop_map(|(rows, (budget, received, executed), (linear, rescale, decimals))| {
            let mut ev = eval_with(vec![]);
            for (k, mut r) in rows.into_iter().enumerate() {
                r.id = format!("i{k}");
                ev.indicators.push(r);
            }
            ev.funds.total = FundsAmounts {
                budget_initial: budget,
                budget_full: budget,
                received,
                executed,
            };
            if linear {
                ev.rules.reverse_formula = ReverseFormula::LinearToDouble;
            }
            ev.rules.rescale_inapplicable = rescale;
            ev.rules.decimals = decimals;
            ev
        })
}

proptest! {
    #[test]
    fn scores_stay_within_zero_and_weight(ev in arb_eval()) {
        let sc = score(&ev);
        prop_assert!(sc.budget.score >= Decimal::ZERO && sc.budget.score <= sc.budget.weight);
        for s in &sc.indicators {
            prop_assert!(s.score >= Decimal::ZERO, "{:?}", s);
            prop_assert!(s.score <= s.weight, "{:?}", s);
            prop_assert!(s.score.scale() <= ev.rules.decimals.max(4), "{:?}", s);
        }
        prop_assert!(sc.total >= Decimal::ZERO && sc.total <= sc.max_total);
    }

    #[test]
    fn total_is_the_sum_of_its_parts(ev in arb_eval()) {
        let sc = score(&ev);
        let parts: Decimal = sc.budget.score
            + sc.indicators.iter().filter(|s| !s.dropped).map(|s| s.score).sum::<Decimal>();
        prop_assert_eq!(sc.raw_total, parts);
        if sc.rescale.is_none() {
            prop_assert_eq!(sc.total, parts);
        }
        // Every 三级 row here is under L1 and L2: their subtotals are the indicator sum.
        let inds: Decimal = sc.indicators.iter().filter(|s| !s.dropped).map(|s| s.score).sum();
        prop_assert_eq!(sc.group("L1").unwrap().score, inds);
        prop_assert_eq!(sc.group("L2").unwrap().score, inds);
        prop_assert_eq!(sc.grade, ev.rules.grades.grade(sc.total));
    }
}

// --- extreme input never panics ---------------------------------------------------------------

fn arb_extreme() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        Just(None),
        Just(Some(Decimal::MAX)),
        Just(Some(Decimal::MIN)),
        Just(Some(Decimal::new(1, 28))),
        Just(Some(Decimal::ZERO)),
        (any::<i64>(), 0u32..29).prop_map(|(m, s)| Some(Decimal::new(m, s))),
    ]
}

proptest! {
    #[test]
    fn extreme_figures_never_panic(
        vals in proptest::collection::vec(arb_extreme(), 16),
        nature in 0usize..4,
        decimals in 0u32..40,
        rescale in any::<bool>(),
    ) {
        let mut ev = eval_with(vec![]);
        for k in 0..3 {
            ev.indicators.push(Indicator {
                id: format!("i{k}"),
                level: 3,
                nature: IndicatorNature::ALL[(nature + k) % 4],
                target: vals[k * 4],
                actual: vals[k * 4 + 1],
                weight: vals[k * 4 + 2],
                band: Some(QualitativeBand::Partial),
                band_score: vals[k * 4 + 3],
                applicable: k != 1 || !rescale,
                ..Indicator::default()
            });
        }
        ev.funds.total = FundsAmounts {
            budget_initial: vals[12],
            budget_full: vals[13],
            received: vals[14],
            executed: vals[15],
        };
        ev.funds.sources = vec![FundsRow { id: "s".into(), amounts: ev.funds.total, ..FundsRow::default() }; 2];
        ev.funds.uses = vec![FundsUse { id: "u".into(), purpose: "x".into(), amount: vals[13] }; 2];
        ev.funds.transfers = vec![FundsTransfer { id: "t".into(), account: "x".into(), amount: vals[14] }; 2];
        ev.survey.valid = vals[0];
        ev.survey.distributed = vals[1];
        ev.survey.options = vec![SurveyOption { id: "o".into(), label: "满意".into(), count: vals[2], satisfied: true }; 2];
        ev.figures = vec![
            KeyFigure { id: "f1".into(), name: "a".into(), value: vals[3], unit: "万人".into(), stated_in: String::new() },
            KeyFigure { id: "f2".into(), name: "a".into(), value: vals[4], unit: "人".into(), stated_in: String::new() },
        ];
        ev.claimed.total = vals[5];
        ev.claimed.execution_rate = vals[6];
        ev.rules.decimals = decimals;
        ev.rules.budget_weight = vals[7].unwrap_or_default();
        ev.rules.rescale_inapplicable = rescale;
        let a = jixiao::assess(&ev);
        for s in &a.scorecard.indicators {
            prop_assert!(s.score >= Decimal::ZERO && s.score <= s.weight);
        }
    }
}

proptest! {
    /// Any tree shape (levels 0–4 in any order, headings without rows, rows without headings)
    /// is scored and checked without panicking, and subtotals only count rows below them.
    #[test]
    fn any_structure_is_scored_and_checked(
        ev in arb_eval(),
        levels in proptest::collection::vec(0u8..5, 0..12),
    ) {
        let mut ev = ev;
        for (k, level) in levels.iter().enumerate() {
            if let Some(row) = ev.indicators.get_mut(k) {
                row.level = *level;
            }
        }
        let a = jixiao::assess(&ev);
        let scored = ev.indicators.iter().filter(|i| i.is_scored()).count();
        prop_assert_eq!(a.scorecard.indicators.len(), scored);
        let applicable: Decimal = a.scorecard.indicators.iter().filter(|s| !s.dropped).map(|s| s.score).sum();
        // Each row belongs to at most one 一级 group (and one 二级 group): no double counting.
        for level in [1u8, 2] {
            let groups: Decimal = a.scorecard.groups.iter().filter(|g| g.level == level).map(|g| g.score).sum();
            prop_assert!(groups <= applicable, "level {}: {} > {}", level, groups, applicable);
        }
    }
}

// --- every explanation, word for word ---------------------------------------------------------
//
// One case per kind of explanation (each rule, each outcome, each note), with the whole rule and
// formula text. The expected texts are the wording of domain.md §3 filled in with the numbers
// worked out by hand in the comment above each case: they guard how explanations are built (the
// report, the CLI and the editor show them).

/// The two texts of an explanation.
fn texts(e: &scoring::Explanation) -> (String, String) {
    (e.rule(), e.formula())
}

fn assert_texts(e: &scoring::Explanation, rule: &str, formula: &str) {
    assert_eq!(texts(e), (rule.to_string(), formula.to_string()));
}

const BUDGET_RULE: &str = "预算执行率：全年执行数 ÷ 全年预算数 × 分值，最高为分值";

#[test]
fn budget_explanations_word_for_word() {
    let budget = |f: &dyn Fn(&mut Evaluation)| {
        let mut ev = eval_with(vec![]);
        f(&mut ev);
        score(&ev).budget
    };
    // 100 ÷ 100 × 10 = 10; rate 100 × 100 ÷ 100 = 100 %.
    let b = budget(&|_| {});
    assert_texts(&b.explanation, BUDGET_RULE, "100 ÷ 100 × 10 = 10.00（执行率 100.00%）");
    // 80.125 ÷ 100 × 10 = 8.0125 → 8.01; rate 80.125 → 80.13 (half away from zero).
    let b = budget(&|ev| ev.funds.total.executed = Some(d("80.125")));
    assert_texts(&b.explanation, BUDGET_RULE, "80.125 ÷ 100 × 10 = 8.01（执行率 80.13%）");
    // Missing 执行数, missing base, zero base.
    let b = budget(&|ev| ev.funds.total.executed = None);
    assert_texts(&b.explanation, BUDGET_RULE, "缺少全年执行数，无法计算执行率，得分按 0 计");
    let b = budget(&|ev| ev.funds.total.budget_full = None);
    assert_texts(&b.explanation, BUDGET_RULE, "缺少全年预算数，无法计算执行率，得分按 0 计");
    let b = budget(&|ev| ev.funds.total.budget_full = Some(d("0.00")));
    assert_texts(&b.explanation, BUDGET_RULE, "全年预算数为 0.00，不能作除数，无法计算执行率，得分按 0 计");
    // Base 实际到位资金 80: 100 ÷ 80 × 10 = 12.5 > 10 → 10; rate 125 %.
    let b = budget(&|ev| {
        ev.rules.execution_base = ExecutionBase::Received;
        ev.funds.total.received = Some(d("80"));
    });
    assert_texts(
        &b.explanation,
        "预算执行率：全年执行数 ÷ 实际到位资金 × 分值，最高为分值",
        "100 ÷ 80 × 10 = 12.50，超过分值，按 10.00 计（执行率 125.00%）",
    );
    // Negative 执行数: −5 ÷ 100 × 10 = −0.5 < 0 → 0; rate −5 %.
    let b = budget(&|ev| ev.funds.total.executed = Some(d("-5")));
    assert_texts(&b.explanation, BUDGET_RULE, "-5 ÷ 100 × 10 = -0.50，低于 0，按 0 计（执行率 -5.00%）");
    // 10^27 × 100 overflows (no rate), but 10^27 ÷ 10^27 × 10 = 10 does not: no rate text.
    let big = "1000000000000000000000000000";
    let b = budget(&|ev| {
        ev.funds.total.executed = Some(d(big));
        ev.funds.total.budget_full = Some(d(big));
    });
    assert_eq!(b.rate, None);
    assert_texts(&b.explanation, BUDGET_RULE, &format!("{big} ÷ {big} × 10 = 10.00"));
    // The largest decimal ÷ 0.5 overflows: nothing can be computed.
    let b = budget(&|ev| {
        ev.funds.total.executed = Some(Decimal::MAX);
        ev.funds.total.budget_full = Some(d("0.5"));
    });
    assert_texts(&b.explanation, BUDGET_RULE, "数值超出可计算范围，得分按 0 计");
}

#[test]
fn quantitative_explanations_word_for_word() {
    use IndicatorNature::*;
    let q = |nature, target: &str, actual: &str| one(quant("a", nature, target, actual, "10")).explanation;
    let linear = |target: &str, actual: &str| {
        one_with(quant("a", AtMost, target, actual, "10"), |ev| {
            ev.rules.reverse_formula = ReverseFormula::LinearToDouble
        })
        .explanation
    };
    // 正向 (≥)
    assert_texts(&q(AtLeast, "100", "120"), "正向指标：达到目标，得满分", "120 ≥ 100，得 10.00");
    // 50 ÷ 100 × 10 = 5
    assert_texts(&q(AtLeast, "100", "50"), "正向指标：未达目标，按完成比例计分", "50 ÷ 100 × 10 = 5.00");
    // 2 ÷ 3 × 10 = 6.666… → 6.67
    assert_texts(&q(AtLeast, "3", "2"), "正向指标：未达目标，按完成比例计分", "2 ÷ 3 × 10 = 6.67");
    // −20 ÷ 100 × 10 = −2 → 0
    assert_texts(
        &q(AtLeast, "100", "-20"),
        "正向指标：未达目标，按完成比例计分",
        "-20 ÷ 100 × 10 = -2.00，低于 0，按 0 计",
    );
    assert_texts(&q(AtLeast, "-5", "-10"), "正向指标：未达目标", "年度指标值为 -5，不能按比例计分，得分按 0 计");
    // 反向 (≤)
    assert_texts(&q(AtMost, "50", "40"), "反向指标：未超过目标，得满分", "40 ≤ 50，得 10.00");
    // 50 ÷ 60 × 10 = 8.333… → 8.33
    assert_texts(&q(AtMost, "50", "60"), "反向指标：超过目标，按 目标值 ÷ 实际值 计分", "50 ÷ 60 × 10 = 8.33");
    assert_texts(&q(AtMost, "0", "5"), "反向指标：未达目标", "年度指标值为 0，不能按比例计分，得分按 0 计");
    let linear_rule = "反向指标：超过目标，线性递减，实际值达到目标值两倍时为 0";
    // (100 − 60) ÷ 50 × 10 = 8; (100 − 150) ÷ 50 × 10 = −10 → 0
    assert_texts(&linear("50", "60"), linear_rule, "(2 × 50 − 60) ÷ 50 × 10 = 8.00");
    assert_texts(&linear("50", "150"), linear_rule, "(2 × 50 − 150) ÷ 50 × 10 = -10.00，低于 0，按 0 计");
    // 2 × 4·10^28 is beyond the largest decimal (≈ 7.9·10^28).
    assert_texts(
        &linear("40000000000000000000000000000", "50000000000000000000000000000"),
        linear_rule,
        "数值超出可计算范围，得分按 0 计",
    );
    // 等于 (＝)
    assert_texts(&q(Equal, "100", "100"), "等于指标：等于目标，得满分", "100 ＝ 100，得 10.00");
    // (1 − 10 ÷ 100) × 10 = 9; (1 − 150 ÷ 100) × 10 = −5 → 0
    assert_texts(&q(Equal, "100", "110"), "等于指标：偏离目标，按偏差比例扣分", "(1 − |110 − 100| ÷ 100) × 10 = 9.00");
    assert_texts(
        &q(Equal, "100", "250"),
        "等于指标：偏离目标，按偏差比例扣分",
        "(1 − |250 − 100| ÷ 100) × 10 = -5.00，低于 0，按 0 计",
    );
    assert_texts(
        &q(Equal, "0", "3"),
        "等于指标：未达目标",
        "实际值 3 不等于年度指标值 0，且目标值不大于 0，不能按偏差比例计分，得分按 0 计",
    );
    // Targets and actuals as entered (100.00, 75.00), weights without trailing zeros (7.50 →
    // 7.5), scores with the rules' decimals.
    let s = one(quant("a", AtLeast, "100.00", "75.00", "7.50"));
    // 75 ÷ 100 × 7.5 = 5.625 → 5.63
    assert_texts(&s.explanation, "正向指标：未达目标，按完成比例计分", "75.00 ÷ 100.00 × 7.5 = 5.63");
}

#[test]
fn survey_explanations_word_for_word() {
    let mut i = quant("s", IndicatorNature::AtLeast, "90", "0", "10");
    i.actual = None;
    i.from_survey = true;
    let with = |valid: &str, sat: &str, other: &str| {
        let (valid, sat, other) = (valid.to_string(), sat.to_string(), other.to_string());
        one_with(i.clone(), move |ev| ev.survey = survey(&valid, &sat, &other)).explanation
    };
    // 29 ÷ 32 = 90.625 % ≥ 90 → full; the rate shown rounded to 90.63.
    assert_texts(
        &with("32", "29", "3"),
        "正向指标：达到目标，得满分",
        "90.63 ≥ 90，得 10.00（满意率 = 29 ÷ 32 × 100% = 90.63%）",
    );
    // 17 ÷ 20 = 85 %; 85 ÷ 90 × 10 = 9.444… → 9.44
    assert_texts(
        &with("20", "17", "3"),
        "正向指标：未达目标，按完成比例计分",
        "85.00 ÷ 90 × 10 = 9.44（满意率 = 17 ÷ 20 × 100% = 85.00%）",
    );
    assert_texts(
        &with("0", "17", "3"),
        "正向指标",
        "满意度调查缺少有效样本数或答卷，无法计算满意率，得分按 0 计",
    );
}

#[test]
fn unscorable_inapplicable_and_manual_explanations_word_for_word() {
    use IndicatorNature::*;
    let mut i = quant("a", AtLeast, "100", "50", "10");
    i.actual = None;
    assert_texts(&one(i).explanation, "正向指标", "缺少实际完成值，无法计分，得分按 0 计");
    let mut i = quant("a", AtMost, "100", "50", "10");
    i.target = None;
    assert_texts(&one(i).explanation, "反向指标", "缺少年度指标值，无法计分，得分按 0 计");
    let mut i = quant("a", Equal, "100", "50", "10");
    i.weight = None;
    assert_texts(&one(i).explanation, "等于指标", "缺少分值，得分按 0 计");
    let mut i = qual(Some(QualitativeBand::Achieved), Some("9"));
    i.weight = None;
    assert_texts(&one(i).explanation, "定性指标", "缺少分值，得分按 0 计");

    let mut i = quant("a", AtLeast, "100", "50", "7.50");
    i.applicable = false;
    assert_texts(&one(i).explanation, "不适用指标：剔除，不计分", "分值 7.5 不计入总分");

    let manual = |score: &str, reason: &str| {
        let mut i = quant("a", AtLeast, "100", "100", "10");
        i.manual = Some(ManualScore { score: Some(d(score)), reason: reason.into() });
        one(i).explanation
    };
    assert_texts(&manual("7", "  发放中出现差错，扣3分 "), "人工评分：发放中出现差错，扣3分", "人工评定 7.00 分（分值 10）");
    assert_texts(&manual("7", " "), "人工评分（未填写理由）", "人工评定 7.00 分（分值 10）");
    // 7.125 → 7.13 (half away from zero)
    assert_texts(&manual("7.125", "抽查"), "人工评分：抽查", "人工评定 7.13 分（分值 10）");
    assert_texts(&manual("11", "抽查"), "人工评分：抽查", "人工评定 11.00 分（分值 10），超出 0–10，按 10.00 计");
    assert_texts(&manual("-1", "抽查"), "人工评分：抽查", "人工评定 -1.00 分（分值 10），超出 0–10，按 0.00 计");
}

#[test]
fn qualitative_explanations_word_for_word() {
    use QualitativeBand::*;
    let e = |band, chosen| one(qual(band, chosen)).explanation;
    let partial_rule = "定性指标：「部分达成并具有一定效果」档，在档内评分";
    let achieved_rule = "定性指标：「达成年度指标」档，在档内评分";
    assert_texts(&e(Some(Partial), None), "定性指标", "已选「部分达成并具有一定效果」档，但未填写得分，得分按 0 计");
    assert_texts(&e(None, None), "定性指标", "未选择评价档次，也未填写得分，得分按 0 计");
    // 60–80 % of 10 = 6–8
    assert_texts(&e(Some(Partial), Some("7")), partial_rule, "档次 60%–80% × 10 = 6.00–8.00 分，评定 7.00 分");
    // 80–100 % of 10 = 8–10; 5 is outside; 12 is outside and above the weight.
    assert_texts(
        &e(Some(Achieved), Some("5")),
        achieved_rule,
        "档次 80%–100% × 10 = 8.00–10.00 分，评定 5.00 分（不在该档分数范围内）",
    );
    assert_texts(
        &e(Some(Achieved), Some("12")),
        achieved_rule,
        "档次 80%–100% × 10 = 8.00–10.00 分，评定 12.00 分（不在该档分数范围内），超出 0–10，按 10.00 计",
    );
    assert_texts(&e(None, Some("7")), "定性指标：未选择评价档次", "评定 7.00 分（分值 10）");
    assert_texts(&e(None, Some("-2")), "定性指标：未选择评价档次", "评定 -2.00 分（分值 10），超出 0–10，按 0.00 计");
    // Weight 7.5: 80–100 % = 6–7.5; 6.995 → 7.00 → "7".
    let mut i = qual(Some(Achieved), Some("6.995"));
    i.weight = Some(d("7.5"));
    assert_texts(&one(i).explanation, achieved_rule, "档次 80%–100% × 7.5 = 6.00–7.50 分，评定 7.00 分");
}

#[test]
fn rescale_explanation_word_for_word() {
    let a = quant("a", IndicatorNature::AtLeast, "100", "50", "45"); // 22.5
    let mut b = quant("b", IndicatorNature::AtLeast, "100", "100", "45");
    b.applicable = false;
    let sc = score(&eval_with(vec![a, b]));
    // raw 10 + 22.5 = 32.5 of 55 applicable points; × 100 ÷ 55 = 59.0909… → 59.09
    assert_texts(
        sc.rescale.as_ref().expect("rescaled"),
        "剔除不适用指标（分值合计 45）后，按满分 100 折算总分",
        "32.50 × 100 ÷ 55 = 59.09",
    );
}

// --- exact arithmetic helpers against rust_decimal ---------------------------------------------

/// Decimals of every shape the sums and rounding meet: small and 96-bit magnitudes, every
/// scale, zeros of any scale and sign, negatives.
fn arb_any_decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        4 => (0u64..2_000_000, 0u32..=10).prop_map(|(m, s)| Decimal::from_i128_with_scale(m as i128, s)),
        2 => (0u128..(1u128 << 96), 0u32..=28)
            .prop_map(|(m, s)| Decimal::from_i128_with_scale(m as i128, s)),
        1 => (0u32..=28, any::<bool>()).prop_map(|(s, neg)| {
            let mut zero = Decimal::from_parts(0, 0, 0, false, s);
            zero.set_sign_negative(neg);
            zero
        }),
        1 => (1i64..2_000_000, 0u32..=10).prop_map(|(m, s)| Decimal::new(-m, s)),
        1 => Just(Decimal::MAX),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// `Sum` is `saturating_add` folded in order, down to the representation (scale and sign
    /// included), since sums are written with their scale ("50.00").
    #[test]
    fn sum_is_saturating_add_to_the_last_bit(
        start in arb_any_decimal(),
        terms in proptest::collection::vec(arb_any_decimal(), 0..12),
    ) {
        let expected = terms.iter().fold(start, |a, t| a.saturating_add(*t));
        let mut sum = scoring::Sum::new(start);
        for t in &terms {
            sum.add(*t);
        }
        prop_assert_eq!(sum.value().serialize(), expected.serialize(), "{} vs {}", sum.value(), expected);
    }

    /// `round` is rust_decimal's half-away-from-zero rounding padded to the places, to the bit.
    #[test]
    fn round_is_rust_decimal_midpoint_away_from_zero(v in arb_any_decimal(), places in 0u32..=12) {
        let mut expected = v.round_dp_with_strategy(places.min(scoring::MAX_DECIMALS), rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        expected.rescale(places.min(scoring::MAX_DECIMALS));
        prop_assert_eq!(scoring::round(v, places).serialize(), expected.serialize(), "{} at {}", v, places);
    }
}

#[test]
fn round_at_midpoints_and_zero() {
    // Half away from zero either side, and a negative that rounds to zero is written 0.00.
    for (v, places, want) in [
        ("2.345", 2, "2.35"),
        ("-2.345", 2, "-2.35"),
        ("2.3449999", 2, "2.34"),
        ("-0.001", 2, "0.00"),
        ("0.0000", 2, "0.00"),
        ("7", 2, "7.00"),
        ("0.5", 0, "1"),
        ("9.995", 2, "10.00"),
    ] {
        assert_eq!(scoring::round(d(v), places).to_string(), want, "{v} at {places}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// `in_band` says what comparing with `band_range` says, for any weight, band percents
    /// (bands are settings) and score, including the edges of the range.
    #[test]
    fn in_band_agrees_with_band_range(
        weight in arb_any_decimal(),
        lo in arb_any_decimal(),
        hi in arb_any_decimal(),
        score in arb_any_decimal(),
        at_edge in 0u8..3,
    ) {
        let mut rules = RuleSettings::default();
        rules.bands.partial = (lo, hi);
        let (min, max) = scoring::band_range(&rules, QualitativeBand::Partial, weight);
        let score = match at_edge { 0 => min, 1 => max, _ => score };
        prop_assert_eq!(
            scoring::in_band(&rules, QualitativeBand::Partial, weight, score),
            score >= min && score <= max
        );
    }
}

proptest! {
    /// A heading's slot from `parent_slots` is its position in `heading_rows`, row for row
    /// (levels out of range included: they count as rows below the headings).
    #[test]
    fn parent_slots_name_the_same_headings_as_parents(levels in proptest::collection::vec(0u8..5, 0..40)) {
        let rows: Vec<Indicator> = levels
            .iter()
            .enumerate()
            .map(|(i, &level)| Indicator { id: format!("r{i}"), level, ..Indicator::default() })
            .collect();
        let headings = scoring::heading_rows(&rows);
        let by_row: Vec<_> = scoring::parents(&rows)
            .into_iter()
            .map(|(p1, p2)| {
                let slot = |p: Option<usize>| p.map(|r| headings.binary_search(&r).expect("a heading row"));
                (slot(p1), slot(p2))
            })
            .collect();
        prop_assert_eq!(scoring::parent_slots(&rows).collect::<Vec<_>>(), by_row);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    /// `compare` and `sign` order decimals exactly as rust_decimal does (scales and signs
    /// mixed, zeros of any sign and scale, 96-bit magnitudes), and so does `in_band` through
    /// them (checked above against `band_range`).
    #[test]
    fn compare_and_sign_are_decimal_order(a in arb_any_decimal(), b in arb_any_decimal()) {
        prop_assert_eq!(scoring::compare(a, b), a.cmp(&b), "{} vs {}", a, b);
        prop_assert_eq!(scoring::sign(a), a.cmp(&Decimal::ZERO), "{}", a);
    }

    /// `may_reach_percent` says `false` only when `achievement` (× 100 ÷, with its rounding)
    /// is below the limit or not computable: skipping the division never loses a finding.
    /// Near-misses just under and at the limit are drawn on purpose.
    #[test]
    fn may_reach_percent_never_hides_a_ratio_at_the_limit(
        numerator in arb_any_decimal(),
        denominator in arb_any_decimal(),
        limit in prop_oneof![Just(d("130")), Just(d("1")), Just(d("0.5")), arb_any_decimal()],
        near in 0u8..4,
        tiny in 1u32..30,
    ) {
        // near 1–3: a numerator whose ratio is the limit, or just below it by 10^-tiny.
        let numerator = match near {
            0 => numerator,
            _ => match limit.checked_mul(denominator).and_then(|v| v.checked_div(Decimal::ONE_HUNDRED)) {
                Some(exact) if near == 1 => exact,
                Some(exact) => exact.checked_sub(Decimal::new(1, tiny.min(28)).checked_mul(exact.abs()).unwrap_or_default()).unwrap_or(exact),
                None => numerator,
            },
        };
        let ratio = scoring::achievement(Some(numerator), Some(denominator));
        if !scoring::may_reach_percent(numerator, denominator, limit) {
            prop_assert!(
                ratio.is_none_or(|r| r < limit),
                "{} × 100 ÷ {} = {:?} reaches {} but was skipped", numerator, denominator, ratio, limit
            );
        }
    }

    /// A score's achievement is actual ÷ target × 100 of the figures it was scored on, for
    /// quantitative rows scored by the rule or by hand; `None` for any other row.
    #[test]
    fn achievement_is_derived_from_the_scored_figures(ev in arb_eval()) {
        let sc = score(&ev);
        for (ind, s) in sc.rows(&ev) {
            let expected = if !ind.applicable {
                None
            } else if ind.manual.as_ref().is_some_and(|m| m.score.is_some()) {
                scoring::achievement(scoring::effective_actual(&ev, ind), ind.target)
            } else if ind.nature == IndicatorNature::Qualitative || ind.weight.is_none() || s.actual.is_none() || ind.target.is_none() {
                None
            } else {
                scoring::achievement(s.actual, ind.target)
            };
            prop_assert_eq!(s.achievement(), expected, "{:?}", ind);
        }
    }
}

/// The scorecard pairs with the 三级 rows by position; `indicator` finds a row's score by id.
#[test]
fn scores_pair_with_their_rows_by_position() {
    let mut ev = eval_with(vec![
        quant("a", IndicatorNature::AtLeast, "100", "50", "10"), // 10 × 50 ÷ 100 = 5
        quant("b", IndicatorNature::AtLeast, "100", "100", "20"), // met: 20
    ]);
    ev.indicators.insert(3, heading("M1", 1, "效益指标"));
    ev.indicators.push(quant("c", IndicatorNature::AtMost, "10", "20", "8")); // 8 × 10 ÷ 20 = 4
    let sc = score(&ev);
    let paired: Vec<(&str, Decimal)> = sc.rows(&ev).map(|(i, s)| (i.id.as_str(), s.score)).collect();
    assert_eq!(paired, vec![("a", d("5.00")), ("b", d("20")), ("c", d("4.00"))]);
    assert_eq!(sc.indicator(&ev, "c").map(|s| s.score), Some(d("4.00")));
    assert_eq!(sc.indicator(&ev, "M1"), None, "a heading has no score");
    // Serialised with the figures of the explanation: achievement 50 for a.
    let text = serde_json::to_string(&sc.indicators[0]).unwrap();
    let at: Vec<usize> = ["weight", "score", "manual", "dropped", "achievement", "actual", "met", "explanation"]
        .iter()
        .map(|k| text.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("{k} in {text}")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "keys in order: {text}");
    assert!(text.contains("\"achievement\":\"50\""), "{text}");
}

#[test]
fn a_form_without_funds_or_weighted_indicators_cannot_be_scored() {
    use jixiao::model::{new_evaluation, Indicator, RulePreset};
    let mut e = new_evaluation(RulePreset::Ministry);
    let sc = score(&e);
    assert!(!sc.scorable);
    assert_eq!(sc.missing_for_score(), ["可计算的预算执行率（资金数）", "有分值的三级指标"]);
    // Funds alone: still no indicator with a weight.
    e.funds.sources[0].amounts.budget_full = Some(Decimal::from(100));
    e.funds.sources[0].amounts.executed = Some(Decimal::from(90));
    assert_eq!(score(&e).missing_for_score(), ["有分值的三级指标"]);
    // A 三级 row without a weight does not make it scorable; with one it does.
    e.indicators.insert(2, Indicator { id: "x".into(), level: 3, name: "发放人数".into(), ..Indicator::default() });
    assert!(!score(&e).scorable);
    e.indicators[2].weight = Some(Decimal::from(20));
    let sc = score(&e);
    assert!(sc.scorable && sc.missing_for_score().is_empty(), "{:?}", sc.missing_for_score());
    // Weighted indicators without funds: the execution rate is missing.
    e.funds.sources[0].amounts = Default::default();
    assert_eq!(score(&e).missing_for_score(), ["可计算的预算执行率（资金数）"]);
    // Unless the budget part weighs nothing under the rules.
    e.rules.budget_weight = Decimal::ZERO;
    assert!(score(&e).scorable);
}
