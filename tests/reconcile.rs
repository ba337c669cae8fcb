//! Reconciliation (domain.md §4): a clean evaluation has no findings; each finding code is
//! triggered by a minimal change to it, at the path of the field to fix; findings are listed in
//! the order of the form, and what they say does not depend on the order of rows whose order
//! carries no meaning.

use std::collections::BTreeSet;
use std::str::FromStr;

use jixiao::model::*;
use jixiao::reconcile::{check, Finding, Severity, CODES};
use jixiao::scoring::score;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn all(v: &str) -> FundsAmounts {
    FundsAmounts {
        budget_initial: Some(d(v)),
        budget_full: Some(d(v)),
        received: Some(d(v)),
        executed: Some(d(v)),
    }
}

fn heading(id: &str, level: u8, name: &str, weight: Option<&str>) -> Indicator {
    Indicator {
        id: id.into(),
        level,
        name: name.into(),
        weight: weight.map(d),
        ..Indicator::default()
    }
}

fn quant(id: &str, name: &str, nature: IndicatorNature, t: &str, a: &str, unit: &str, w: &str) -> Indicator {
    Indicator {
        id: id.into(),
        level: 3,
        name: name.into(),
        nature,
        target: Some(d(t)),
        actual: Some(d(a)),
        unit: unit.into(),
        weight: Some(d(w)),
        ..Indicator::default()
    }
}

/// A complete, consistent evaluation: every check passes. Total 100 (优).
fn clean() -> Evaluation {
    let mut ev = Evaluation::default();
    ev.header.name = "城乡居民社会养老保险区级配套".into();
    ev.header.year = "2019".into();
    ev.funds.total = all("100");
    ev.funds.sources = vec![
        FundsRow {
            id: "s1".into(),
            source: FundsSource::CurrentAppropriation,
            name: "当年财政拨款".into(),
            amounts: all("80"),
            ..FundsRow::default()
        },
        FundsRow {
            id: "s2".into(),
            source: FundsSource::PriorCarryover,
            name: "上年结转资金".into(),
            amounts: all("20"),
            ..FundsRow::default()
        },
    ];
    ev.funds.uses = vec![
        FundsUse { id: "u1".into(), purpose: "基础养老金".into(), amount: Some(d("60")) },
        FundsUse { id: "u2".into(), purpose: "丧葬补贴".into(), amount: Some(d("40")) },
    ];
    ev.funds.transfers = vec![
        FundsTransfer { id: "t1".into(), account: "社保基金专户".into(), amount: Some(d("70")) },
        FundsTransfer { id: "t2".into(), account: "财政专户".into(), amount: Some(d("30")) },
    ];
    let mut i2 = quant("i2", "发放差错率", IndicatorNature::AtMost, "5", "4.5", "%", "20");
    i2.direction = Some(Direction::Reverse);
    let i3 = Indicator {
        id: "i3".into(),
        level: 3,
        name: "老有所养问题逐步解决".into(),
        nature: IndicatorNature::Qualitative,
        weight: Some(d("30")),
        band: Some(QualitativeBand::Achieved),
        band_score: Some(d("30")),
        ..Indicator::default()
    };
    let mut i4 = quant("i4", "服务对象满意率", IndicatorNature::AtLeast, "90", "0", "%", "10");
    i4.actual = None;
    i4.from_survey = true;
    let mut i1 = quant("i1", "基础养老金发放人数", IndicatorNature::AtLeast, "100", "100", "人", "15");
    i1.direction = Some(Direction::Positive);
    i1.claimed_score = Some(d("15"));
    ev.indicators = vec![
        heading("L1", 1, "产出指标", Some("50")),
        heading("L2", 2, "数量指标", Some("30")),
        i1,
        quant("i1b", "丧葬补贴发放人数", IndicatorNature::AtLeast, "50", "55", "人", "15"),
        heading("L3", 2, "质量指标", None),
        i2,
        heading("M1", 1, "效益指标", Some("30")),
        heading("M2", 2, "社会效益指标", None),
        i3,
        heading("S1", 1, "满意度指标", Some("10")),
        heading("S2", 2, "服务对象满意度指标", None),
        i4,
    ];
    ev.survey = Survey {
        distributed: Some(d("20")),
        valid: Some(d("20")),
        options: vec![
            SurveyOption { id: "o1".into(), label: "满意".into(), count: Some(d("18")), satisfied: true },
            SurveyOption { id: "o2".into(), label: "不满意".into(), count: Some(d("2")), satisfied: false },
        ],
        method: String::new(),
    };
    // The same quantity in 万人 and in 人: 16.8 万人 = 168000 人, no conflict.
    ev.figures = vec![
        KeyFigure { id: "f1".into(), name: "参保人数".into(), value: Some(d("16.8")), unit: "万人".into(), stated_in: "一(一)2".into() },
        KeyFigure { id: "f2".into(), name: "参保 人数".into(), value: Some(d("168000")), unit: "人".into(), stated_in: "三(一)2".into() },
        KeyFigure { id: "f3".into(), name: "记账人次".into(), value: Some(d("125600")), unit: "人次".into(), stated_in: String::new() },
    ];
    ev.narrative.insert(
        NarrativeSection::Implementation,
        "参保人数为{参保人数}，执行率{执行率}，自评{自评得分}分。".into(),
    );
    ev.claimed = Claimed {
        total: Some(d("100")),
        grade: Some(Grade::Excellent),
        execution_rate: Some(d("100")),
        budget_score: Some(d("10")),
    };
    ev
}

fn findings(ev: &Evaluation) -> Vec<Finding> {
    check(ev, &score(ev))
}

/// Sets the claimed scores of the rows named (id, score).
fn claim_rows(ev: &mut Evaluation, claims: &[(&str, &str)]) {
    for (id, score) in claims {
        ind(ev, id).claimed_score = Some(d(score));
    }
}

fn ind<'a>(ev: &'a mut Evaluation, id: &str) -> &'a mut Indicator {
    ev.indicators.iter_mut().find(|i| i.id == id).unwrap()
}

#[test]
fn the_clean_evaluation_has_no_findings_and_scores_100() {
    let ev = clean();
    let sc = score(&ev);
    assert_eq!(sc.total, d("100"));
    let f = check(&ev, &sc);
    assert!(f.is_empty(), "{f:#?}");
}

type Mutation = fn(&mut Evaluation);

/// (code, path the finding must point at, the change that triggers it)
fn cases() -> Vec<(&'static str, &'static str, Mutation)> {
    vec![
        ("UNREADABLE_NUMBER", "funds.total.executed", |ev| {
            ev.unreadable.insert("funds.total.executed".into(), "三百万".into());
        }),
        ("ROW_ID_INVALID", "funds.uses.u1.purpose", |ev| ev.funds.uses[1].id = "u1".into()),
        ("HEADER_NAME_MISSING", "header.name", |ev| ev.header.name = "  ".into()),
        ("HEADER_YEAR_MISSING", "header.year", |ev| ev.header.year.clear()),
        ("FUNDS_NEGATIVE", "funds.transfers.t2.amount", |ev| {
            ev.funds.transfers[1].amount = Some(d("-30"))
        }),
        ("FUNDS_SOURCES_SUM", "funds.total.budget_full", |ev| {
            ev.funds.total.budget_full = Some(d("110"))
        }),
        ("FUNDS_TOTAL_MISSING", "funds.sources.s1.executed", |ev| {
            ev.funds.total.executed = None;
            for s in &mut ev.funds.sources {
                s.amounts.executed = None;
            }
        }),
        ("FUNDS_EXECUTED_OVER_BUDGET", "funds.sources.s2.executed", |ev| {
            ev.funds.total.executed = None;
            ev.funds.sources[1].amounts.executed = Some(d("25"));
        }),
        ("FUNDS_EXECUTED_OVER_RECEIVED", "funds.total.executed", |ev| {
            ev.funds.total.received = Some(d("90"));
            ev.funds.sources[0].amounts.received = Some(d("70"));
        }),
        ("FUNDS_USES_SUM", "funds.uses.u1.amount", |ev| ev.funds.uses[0].amount = Some(d("61"))),
        ("FUNDS_TRANSFERS_SUM", "funds.transfers.t1.amount", |ev| {
            ev.funds.transfers[1].amount = Some(d("29"))
        }),
        ("FUNDS_EXECUTION_LOW_UNEXPLAINED", "funds.execution_note", |ev| {
            ev.funds.total.executed = Some(d("80"));
            ev.funds.sources[0].amounts.executed = Some(d("60"));
        }),
        ("INDICATOR_LEVEL_INVALID", "indicators.i1.level", |ev| ind(ev, "i1").level = 4),
        ("INDICATOR_NAME_MISSING", "indicators.i1.name", |ev| ind(ev, "i1").name.clear()),
        ("INDICATOR_ORPHAN", "indicators.i0.level", |ev| {
            let mut i0 = ev.indicators[2].clone();
            i0.id = "i0".into();
            ev.indicators.insert(0, i0);
        }),
        ("INDICATOR_HEADING_EMPTY", "indicators.E1.name", |ev| {
            ev.indicators.push(heading("E1", 1, "其他指标", None))
        }),
        // A 二级 row of the template left unused: no 三级 rows, no 分值.
        ("INDICATOR_HEADING_UNUSED", "indicators.E2.name", |ev| {
            let at = ev.indicators.iter().position(|i| i.level == 1 && i.id != "L1").unwrap();
            ev.indicators.insert(at, heading("E2", 2, "经济效益指标", None))
        }),
        ("INDICATOR_NONE", "indicators", |ev| ev.indicators.clear()),
        ("FUNDS_PLAN_SUM", "funds.plans.p1.amount", |ev| {
            ev.funds.plans = vec![FundsUse { id: "p1".into(), purpose: "发放".into(), amount: Some(d("70")) }]
        }),
        ("CLAIMED_SOURCE_RATE_MISMATCH", "funds.sources.s1.claimed_rate", |ev| {
            ev.funds.sources[0].claimed_rate = Some(d("50"))
        }),
        ("CLAIMED_SOURCE_SCORE_MISMATCH", "funds.sources.s1.claimed_score", |ev| {
            ev.funds.sources[0].claimed_score = Some(d("5"))
        }),
        ("INDICATOR_INAPPLICABLE", "indicators.i1.applicable", |ev| {
            ind(ev, "i1").applicable = false
        }),
        ("WEIGHT_MISSING", "indicators.i1.weight", |ev| ind(ev, "i1").weight = None),
        ("WEIGHT_NEGATIVE", "indicators.i1b.weight", |ev| ind(ev, "i1b").weight = Some(d("-15"))),
        ("WEIGHT_LEVEL_SUM", "indicators.L1.weight", |ev| {
            ind(ev, "L1").weight = Some(d("55"))
        }),
        // Pinned to the heading whose rows do not add up (产出: 15 + 15 + 25 = 55, not 50).
        ("WEIGHT_TOTAL", "indicators.L1.weight", |ev| ind(ev, "i2").weight = Some(d("25"))),
        ("WEIGHT_STANDARD_SPLIT", "indicators.M1.weight", |ev| {
            // 5 points moved from 产出 to 效益: total still 100, the split differs.
            ind(ev, "i2").weight = Some(d("15"));
            ind(ev, "i3").weight = Some(d("35"));
            ind(ev, "i3").band_score = Some(d("35"));
            ind(ev, "L1").weight = None;
            ind(ev, "M1").weight = None;
        }),
        ("TARGET_MISSING", "indicators.i1.target", |ev| ind(ev, "i1").target = None),
        ("ACTUAL_MISSING", "indicators.i1.actual", |ev| ind(ev, "i1").actual = None),
        ("UNIT_MISMATCH", "indicators.i1.actual_unit", |ev| {
            ind(ev, "i1").actual_unit = "万人".into()
        }),
        ("DIRECTION_CONTRADICTS_NATURE", "indicators.i2.direction", |ev| {
            ind(ev, "i2").direction = Some(Direction::Positive)
        }),
        ("QUAL_BAND_MISSING", "indicators.i3.band", |ev| ind(ev, "i3").band = None),
        ("QUAL_SCORE_MISSING", "indicators.i3.band_score", |ev| ind(ev, "i3").band_score = None),
        ("QUAL_SCORE_OUT_OF_BAND", "indicators.i3.band_score", |ev| {
            ind(ev, "i3").band_score = Some(d("23.99"))
        }),
        ("MANUAL_REASON_MISSING", "indicators.i1.manual.reason", |ev| {
            ind(ev, "i1").manual = Some(ManualScore { score: Some(d("12")), reason: " ".into() })
        }),
        ("MANUAL_SCORE_OUT_OF_RANGE", "indicators.i1.manual.score", |ev| {
            ind(ev, "i1").manual = Some(ManualScore { score: Some(d("16")), reason: "加分".into() })
        }),
        ("MANUAL_SCORE_USED", "indicators.i1.manual.score", |ev| {
            ind(ev, "i1").manual = Some(ManualScore { score: Some(d("15")), reason: "核实无误".into() })
        }),
        ("TARGET_UNMET_UNEXPLAINED", "indicators.i1.deviation", |ev| {
            ind(ev, "i1").actual = Some(d("99.99"))
        }),
        ("OVER_ACHIEVEMENT_UNEXPLAINED", "indicators.i1.deviation", |ev| {
            // exactly 130 % of the target: the threshold is inclusive
            ind(ev, "i1").actual = Some(d("130"))
        }),
        ("ACTUAL_HUNDREDFOLD", "indicators.i2.actual", |ev| {
            // 差错率 ≤ 5%, actual 4.5% written as the fraction 0.045
            ind(ev, "i2").actual = Some(d("0.045"))
        }),
        ("SURVEY_RATE_UNAVAILABLE", "survey.valid", |ev| ev.survey.valid = None),
        ("SURVEY_ACTUAL_DIFFERS", "indicators.i4.actual", |ev| {
            ind(ev, "i4").actual = Some(d("95"))
        }),
        ("SURVEY_SATISFIED_OVER_VALID", "survey.valid", |ev| {
            ev.survey.valid = Some(d("17"));
            ev.survey.distributed = Some(d("17"));
        }),
        ("SURVEY_ANSWERS_MISMATCH", "survey.valid", |ev| {
            ev.survey.options[1].count = Some(d("3"))
        }),
        ("SURVEY_VALID_OVER_DISTRIBUTED", "survey.distributed", |ev| {
            ev.survey.distributed = Some(d("19"))
        }),
        // One finding for the conflict, at the first place the figure is stated.
        ("FIGURE_CONFLICT", "figures.f1.value", |ev| ev.figures[1].value = Some(d("166000"))),
        ("FIGURE_VALUE_MISSING", "figures.f3.value", |ev| ev.figures[2].value = None),
        ("NARRATIVE_UNKNOWN_FIGURE", "narrative.background", |ev| {
            ev.narrative.insert(NarrativeSection::Background, "参保{不存在的数据}人".into());
        }),
        ("CLAIMED_TOTAL_MISMATCH", "claimed.total", |ev| ev.claimed.total = Some(d("97"))),
        ("CLAIMED_GRADE_MISMATCH", "claimed.grade", |ev| ev.claimed.grade = Some(Grade::Good)),
        ("CLAIMED_EXECUTION_RATE_MISMATCH", "claimed.execution_rate", |ev| {
            ev.claimed.execution_rate = Some(d("95"))
        }),
        ("CLAIMED_BUDGET_SCORE_MISMATCH", "claimed.budget_score", |ev| {
            ev.claimed.budget_score = Some(d("9"))
        }),
        ("CLAIMED_INDICATOR_SCORE_MISMATCH", "indicators.i1.claimed_score", |ev| {
            ind(ev, "i1").claimed_score = Some(d("14"))
        }),
        ("CLAIMED_SCORE_MISSING", "indicators.i4.claimed_score", |ev| {
            claim_rows(ev, &[("i1b", "15"), ("i2", "20"), ("i3", "30")])
        }),
        ("CLAIMED_SUBTOTAL_MISMATCH", "indicators.L2.claimed_score", |ev| {
            ind(ev, "L2").claimed_score = Some(d("29"))
        }),
        ("CLAIMED_TOTAL_PARTS_MISMATCH", "claimed.total", |ev| {
            claim_rows(ev, &[("i1b", "15"), ("i2", "20"), ("i3", "30"), ("i4", "9")])
        }),
        ("CLAIMED_GRADE_TOTAL_MISMATCH", "claimed.grade", |ev| ev.claimed.total = Some(d("85"))),
        ("NARRATIVE_CONFLICT", "narrative.main_performance", |ev| {
            ev.narrative.insert(jixiao::model::NarrativeSection::Implementation, "参保人数为16.80万人。".into());
            ev.narrative.insert(jixiao::model::NarrativeSection::MainPerformance, "完成参保人数为16.6万人。".into());
        }),
        ("NARRATIVE_PARTS_SUM", "narrative.cost_income_expense", |ev| {
            ev.narrative.insert(jixiao::model::NarrativeSection::CostIncomeExpense, "资金支出100万元。其中，甲60万元，乙30万元。".into());
        }),
        ("NARRATIVE_FUNDS_MISMATCH", "narrative.cost_direction", |ev| {
            ev.narrative.insert(jixiao::model::NarrativeSection::CostDirection, "使用项目资金95.5万元。".into());
        }),
        ("NARRATIVE_INDICATOR_MISMATCH", "goals.achieved", |ev| ev.goals.achieved = "基础养老金发放人数120人。".into()),
        ("NARRATIVE_SURVEY_MISMATCH", "narrative.cost_effects", |ev| {
            ev.narrative.insert(jixiao::model::NarrativeSection::CostEffects, "服务对象满意率为50%。".into());
        }),
        ("NARRATIVE_FIGURE_MISMATCH", "narrative.implementation", |ev| {
            ev.figures.push(jixiao::model::KeyFigure {
                id: "k1".into(),
                name: "待遇领取人数".into(),
                value: Some(d("3.66")),
                unit: "万人".into(),
                stated_in: String::new(),
            });
            ev.narrative.insert(jixiao::model::NarrativeSection::Implementation, "待遇领取人数为3.5万人。".into());
        }),
        ("NARRATIVE_SCORE_MISMATCH", "narrative.conclusion_result", |ev| {
            ev.narrative.insert(jixiao::model::NarrativeSection::ConclusionResult, "自评分为 12 分。".into());
        }),
        ("NARRATIVE_GRADE_MISMATCH", "narrative.conclusion_result", |ev| {
            ev.narrative.insert(jixiao::model::NarrativeSection::ConclusionResult, "评价等级为“差”。".into());
        }),
    ]
}

#[test]
fn each_code_is_triggered_at_its_path_with_a_place_and_a_message() {
    for (code, path, mutate) in cases() {
        let mut ev = clean();
        mutate(&mut ev);
        let f = findings(&ev);
        let hit = f.iter().find(|x| x.code == code && x.path == path);
        let Some(hit) = hit else {
            panic!("{code} expected at {path}; got {f:#?}");
        };
        let severity = CODES.iter().find(|(c, _)| *c == code).unwrap().1;
        assert_eq!(hit.severity, severity, "{code}");
        assert!(!hit.place().is_empty() && !hit.message().is_empty(), "{hit:?}");
        // Chinese message, not a code or an English sentence.
        assert!(hit.message().chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{hit:?}");
        if let (Some(e), Some(fo), Some(df)) = (hit.expected, hit.found, hit.difference) {
            assert_eq!(df, fo - e, "{hit:?}");
        }
    }
}

#[test]
fn every_documented_code_has_a_case_and_a_docs_entry() {
    let covered: BTreeSet<&str> = cases().into_iter().map(|(c, _, _)| c).collect();
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/findings.md"))
        .expect("docs/findings.md");
    for (code, sev) in CODES {
        assert!(covered.contains(code), "no test case triggers {code}");
        let row = docs
            .lines()
            .find(|l| l.contains(&format!("`{code}`")))
            .unwrap_or_else(|| panic!("{code} is not documented in docs/findings.md"));
        assert!(row.contains(sev.label()), "docs give another severity for {code}: {row}");
    }
}

#[test]
fn numbers_of_a_sum_finding() {
    let mut ev = clean();
    ev.funds.total.budget_full = Some(d("110"));
    let f = findings(&ev);
    let x = f.iter().find(|x| x.code == "FUNDS_SOURCES_SUM").unwrap();
    assert_eq!((x.expected, x.found, x.difference), (Some(d("100")), Some(d("110")), Some(d("10"))));
    assert_eq!(x.place(), "项目资金 年度资金总额 全年预算数");
    // Money with two decimals, in the message and in the numbers alike.
    assert!(x.message().contains("（当年财政拨款 80.00 + 上年结转资金 20.00）"), "{}", x.message());
    assert!(x.message().contains("多 10.00"), "{}", x.message());
    assert_eq!(
        (x.expected.unwrap().to_string(), x.found.unwrap().to_string(), x.difference.unwrap().to_string()),
        ("100.00".into(), "110.00".into(), "10.00".into())
    );
}

#[test]
fn figures_stated_in_wan_and_in_units_are_compared_exactly() {
    let mut ev = clean();
    ev.figures[1].value = Some(d("166000"));
    let f = findings(&ev);
    // One finding for the conflict, at the first statement, naming both (as entered, in the
    // form's order) and both places; no "expected": there is no telling which one is right.
    let conflicts: Vec<&Finding> = f.iter().filter(|x| x.code == "FIGURE_CONFLICT").collect();
    assert_eq!(conflicts.len(), 1, "{f:#?}");
    let a = conflicts[0];
    assert_eq!(a.path, "figures.f1.value");
    assert_eq!((a.expected, a.found, a.difference), (None, None, None));
    assert_eq!(a.place(), "关键数据「参保人数」（一(一)2；三(一)2）");
    assert!(a.message().contains("16.8万人（一(一)2） 与 166000人（三(一)2）"), "{}", a.message());
    // One tenth of a unit apart (16.80001 万人 = 168000.1 人): the same at the precision of
    // 168000 人 (issue 16, class 5); compared exactly (the setting off), a conflict.
    let mut ev = clean();
    ev.figures[0].value = Some(d("16.80001"));
    assert!(findings(&ev).iter().all(|x| x.code != "FIGURE_CONFLICT"), "{:#?}", findings(&ev));
    ev.rules.compare_at_stated_precision = false;
    assert!(findings(&ev).iter().any(|x| x.code == "FIGURE_CONFLICT"));
    // 52.3 万元 (to 0.1 万元 = 1000 元) and 523012 元 agree; 52.3 and 52.41 万元 do not, nor
    // 52.3 万元 and 523600 元.
    for (a, ua, b, ub, agree) in [
        ("52.3", "万元", "523012", "元", true),
        ("52.3", "万元", "522500", "元", true),
        ("52.3", "万元", "523600", "元", false),
        ("52.3", "万元", "52.41", "万元", false),
        ("52.3", "万元", "52.34", "万元", true),
    ] {
        let mut ev = clean();
        ev.figures[2] = KeyFigure { id: "f3".into(), name: "资金".into(), value: Some(d(a)), unit: ua.into(), stated_in: String::new() };
        ev.figures.push(KeyFigure { id: "f4".into(), name: "资金".into(), value: Some(d(b)), unit: ub.into(), stated_in: String::new() });
        let conflict = findings(&ev).iter().any(|x| x.code == "FIGURE_CONFLICT");
        assert_eq!(conflict, !agree, "{a}{ua} vs {b}{ub}");
    }
    // 16.80 and 16.8 are the same value.
    let mut ev = clean();
    ev.figures[0].value = Some(d("16.80"));
    assert!(findings(&ev).is_empty());
}

#[test]
fn explained_deviations_and_notes_silence_their_findings() {
    let mut ev = clean();
    ind(&mut ev, "i1").actual = Some(d("90"));
    ind(&mut ev, "i1").claimed_score = None;
    ind(&mut ev, "i1").deviation = "部分人员死亡、迁出，实际发放人数减少".into();
    assert!(findings(&ev).iter().all(|x| x.code != "TARGET_UNMET_UNEXPLAINED"));

    let mut ev = clean();
    ind(&mut ev, "i1").actual = Some(d("129.99"));
    ind(&mut ev, "i1").claimed_score = None;
    assert!(findings(&ev).is_empty(), "129.99 % is below the 130 % threshold");

    let mut ev = clean();
    ev.funds.total.executed = Some(d("80"));
    ev.funds.sources[0].amounts.executed = Some(d("60"));
    ev.funds.uses[0].amount = Some(d("40"));
    ev.funds.execution_note = "部分资金次年拨付".into();
    let f = findings(&ev);
    assert!(f.iter().all(|x| x.code != "FUNDS_EXECUTION_LOW_UNEXPLAINED"), "{f:#?}");
    // 执行率 exactly at the threshold (90 %) needs no explanation.
    let mut ev = clean();
    ev.funds.total.executed = Some(d("90"));
    ev.funds.sources[0].amounts.executed = Some(d("70"));
    ev.funds.uses[0].amount = Some(d("50"));
    ev.claimed = Claimed::default();
    assert!(findings(&ev).is_empty(), "{:#?}", findings(&ev));
}

#[test]
fn unreadable_text_is_quoted() {
    let mut ev = clean();
    ev.unreadable.insert("indicators.i1.actual".into(), "约一百".into());
    let f = findings(&ev);
    let x = f.iter().find(|x| x.code == "UNREADABLE_NUMBER").unwrap();
    assert_eq!(x.path, "indicators.i1.actual");
    assert_eq!(x.place(), "绩效指标「基础养老金发放人数」实际完成值");
    assert!(x.message().contains("「约一百」"));
}

#[test]
fn transfers_are_checked_against_executed_when_received_is_blank() {
    let mut ev = clean();
    ev.funds.total.received = None;
    for s in &mut ev.funds.sources {
        s.amounts.received = None;
    }
    assert!(findings(&ev).is_empty());
    ev.funds.transfers[0].amount = Some(d("69"));
    let f = findings(&ev);
    let x = f.iter().find(|x| x.code == "FUNDS_TRANSFERS_SUM").unwrap();
    assert!(x.message().contains("全年执行数"), "{}", x.message());
}

#[test]
fn ten_ninety_preset_checks_the_indicator_weights_against_90() {
    let mut ev = clean();
    ev.rules = RuleSettings::preset(RulePreset::TenNinety);
    assert!(findings(&ev).is_empty(), "{:#?}", findings(&ev));
    ind(&mut ev, "i2").weight = Some(d("15"));
    ind(&mut ev, "L1").weight = None;
    let f = findings(&ev);
    assert!(f.iter().any(|x| x.code == "WEIGHT_STANDARD_SPLIT" && x.expected == Some(d("90"))));
}

/// The findings' paths and codes, in the result's order.
fn paths_and_codes(f: &[Finding]) -> Vec<(String, &'static str)> {
    f.iter().map(|x| (x.path.clone(), x.code)).collect()
}

#[test]
fn findings_are_in_the_order_of_the_form() {
    let mut ev = clean();
    // Findings in every section, several rows of the indicator table and several columns of
    // one row; the rows' ids are not in the table's order (i2 above i1b, L3 after i1b).
    ev.header.year = String::new(); // 项目信息 年度
    ev.funds.total.budget_full = Some(d("110")); // 资金 年度资金总额
    ev.funds.sources[1].amounts.budget_full = Some(d("-1")); // 资金 来源 2 (and the total)
    ev.funds.transfers[1].amount = Some(d("29")); // 资金拨付
    ev.indicators.swap(3, 5); // i2 where i1b was: 数量指标 i1, i2; 质量指标 i1b
    ind(&mut ev, "i2").direction = Some(Direction::Positive); // i2 指标方向 (details)
    ind(&mut ev, "i2").actual = Some(d("6")); // i2 unmet: 偏差原因分析
    ind(&mut ev, "i1").claimed_score = Some(d("14")); // i1 原报得分
    ind(&mut ev, "i1").actual_unit = "万人".into(); // i1 实际值单位 (details)
    ind(&mut ev, "i3").band_score = None; // i3 定性评分
    ev.survey.distributed = Some(d("19")); // 满意度调查
    ev.figures[2].value = None; // 关键数据
    ev.narrative.insert(NarrativeSection::Background, "{不存在的数据}".into()); // 报告文字
    ev.claimed.total = Some(d("97")); // 原报数据 (评分规则)
    let f = findings(&ev);
    let got = paths_and_codes(&f);
    let want: Vec<(String, &str)> = [
        ("header.year", "HEADER_YEAR_MISSING"),
        ("funds.total.budget_full", "FUNDS_SOURCES_SUM"),
        // The sources contradict the stated 110, so their sum (with the -1) is the 预算数 used:
        // the total's 执行数 is above it.
        ("funds.total.executed", "FUNDS_EXECUTED_OVER_BUDGET"),
        ("funds.sources.s2.budget_full", "FUNDS_NEGATIVE"),
        // The same row, the next column (执行数 20 above 预算数 -1).
        ("funds.sources.s2.executed", "FUNDS_EXECUTED_OVER_BUDGET"),
        ("funds.transfers.t1.amount", "FUNDS_TRANSFERS_SUM"),
        // 数量指标 (L1 and L2 still add up: i1 15 + i2 20 + i1b 15 = 50, L2 is stated 30 but
        // now holds i1 15 + i2 20 = 35).
        ("indicators.L2.weight", "WEIGHT_LEVEL_SUM"),
        ("indicators.i1.claimed_score", "CLAIMED_INDICATOR_SCORE_MISMATCH"),
        ("indicators.i1.actual_unit", "UNIT_MISMATCH"),
        // The table's columns first, then the row's details.
        ("indicators.i2.deviation", "TARGET_UNMET_UNEXPLAINED"),
        ("indicators.i2.direction", "DIRECTION_CONTRADICTS_NATURE"),
        ("indicators.i3.band_score", "QUAL_SCORE_MISSING"),
        ("survey.distributed", "SURVEY_VALID_OVER_DISTRIBUTED"),
        ("figures.f3.value", "FIGURE_VALUE_MISSING"),
        ("narrative.background", "NARRATIVE_UNKNOWN_FIGURE"),
        // 原报数据 in the order of its fields (the sources' smaller 预算数 changed the rate; the
        // budget score stays at its full weight).
        ("claimed.total", "CLAIMED_TOTAL_MISMATCH"),
        ("claimed.grade", "CLAIMED_GRADE_MISMATCH"),
        ("claimed.execution_rate", "CLAIMED_EXECUTION_RATE_MISMATCH"),
    ]
    .iter()
    .map(|(p, c)| (p.to_string(), *c))
    .collect();
    assert_eq!(got, want, "{f:#?}");
}

// --- stability under reordering ---------------------------------------------------------------

fn permute<T: Clone>(v: &mut Vec<T>, keys: &[u32]) {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by_key(|&i| (keys.get(i).copied().unwrap_or(0), i));
    let out: Vec<T> = idx.iter().map(|&i| v[i].clone()).collect();
    *v = out;
}

proptest! {
    #[test]
    fn findings_do_not_depend_on_row_order(
        mask in proptest::collection::vec(any::<bool>(), cases().len()),
        keys in proptest::collection::vec(any::<u32>(), 8),
        swap_rows in any::<bool>(),
    ) {
        let mut ev = clean();
        for ((code, _, m), on) in cases().into_iter().zip(mask) {
            // INDICATOR_NONE removes the rows the other changes edit.
            if on && code != "INDICATOR_NONE" { m(&mut ev); }
        }
        let before = findings(&ev);
        let mut moved = ev.clone();
        permute(&mut moved.funds.sources, &keys);
        permute(&mut moved.funds.uses, &keys[2..]);
        permute(&mut moved.funds.transfers, &keys[4..]);
        permute(&mut moved.figures, &keys[5..]);
        permute(&mut moved.survey.options, &keys[1..]);
        if swap_rows {
            // Reorder the 三级 rows inside each group (each run of consecutive level-3 rows).
            let mut start = 0;
            let n = moved.indicators.len();
            while start < n {
                if moved.indicators[start].level != 3 { start += 1; continue; }
                let mut end = start;
                while end < n && moved.indicators[end].level == 3 { end += 1; }
                let mut run = moved.indicators[start..end].to_vec();
                permute(&mut run, &keys[start % 8..]);
                moved.indicators.splice(start..end, run);
                start = end;
            }
        }
        let after = findings(&moved);
        // The same findings, saying the same: only where they are listed follows the rows (the
        // form's order), and a key figure's conflict is pinned to its first statement.
        prop_assert_eq!(said(&before), said(&after));
    }
}

/// What findings say, in no order: each as its debug text, a key figure's conflict as its code
/// and the statements it names.
fn said(f: &[Finding]) -> Vec<String> {
    let mut out: Vec<String> = f
        .iter()
        .map(|x| {
            if x.code == "FIGURE_CONFLICT" {
                let m = x.message();
                let list = m.split('：').nth(1).unwrap_or("").split('。').next().unwrap_or("");
                let mut parts: Vec<&str> = list.split(" 与 ").collect();
                parts.sort();
                format!("FIGURE_CONFLICT {parts:?}")
            } else {
                format!("{x:?}")
            }
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_new_empty_draft_says_what_to_fill_first() {
    let ev = Evaluation::default();
    let f = findings(&ev);
    let got: Vec<(&str, &str)> = f.iter().map(|x| (x.code, x.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("HEADER_NAME_MISSING", "header.name"),
            ("HEADER_YEAR_MISSING", "header.year"),
            ("FUNDS_TOTAL_MISSING", "funds.total.budget_full"),
            ("FUNDS_TOTAL_MISSING", "funds.total.executed"),
            ("INDICATOR_NONE", "indicators"),
        ]
    );
    let sc = score(&ev);
    assert_eq!((sc.total, sc.grade), (d("0"), Grade::Poor));
}

/// The findings of some codes as (code, path, message), in the result's order.
fn of_codes(f: &[Finding], codes: &[&str]) -> Vec<(String, String, String)> {
    f.iter()
        .filter(|x| codes.contains(&x.code))
        .map(|x| (x.code.to_string(), x.path.clone(), x.message()))
        .collect()
}

#[test]
fn row_ids_are_compared_trimmed_and_blank_ids_are_counted() {
    let mut ev = clean();
    // " i1 " is i1 once trimmed; "\u{3000}" (全角空格) and "" are both blank.
    ind(&mut ev, "i1b").id = " i1 ".into();
    ind(&mut ev, "i2").id = "\u{3000}".into();
    ind(&mut ev, "i3").id = String::new();
    ev.survey.options[1].id = "o1\t".into();
    let f = findings(&ev);
    let dup = |section: &str, label: &str, id: &str| {
        (
            "ROW_ID_INVALID".to_string(),
            format!("{section}.{id}.{}", if section == "indicators" { "name" } else { "label" }),
            format!("{label}中有 2 行使用同一编号「{id}」，核对结果和编辑会定位到错误的行。请用 jixiao 重新保存该草稿，或在文件中改为不重复的 id。"),
        )
    };
    let mut expected = vec![
        (
            "ROW_ID_INVALID".to_string(),
            "indicators".to_string(),
            "绩效指标中有 2 行没有编号（id），核对结果和编辑无法定位这些行。请用 jixiao 重新保存该草稿（会自动编号），或在文件中为每行填写不重复的 id。".to_string(),
        ),
        dup("indicators", "绩效指标", "i1"),
        dup("survey.options", "满意度调查选项", "o1"),
    ];
    expected.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(of_codes(&f, &["ROW_ID_INVALID"]), expected);
}

#[test]
fn units_are_compared_without_whitespace_and_with_full_width_percent() {
    let mut ev = clean();
    ind(&mut ev, "i1").actual_unit = " 人 ".into(); // = 人
    ind(&mut ev, "i2").actual_unit = "％".into(); // = %
    ind(&mut ev, "i1b").actual_unit = "人次".into(); // ≠ 人
    let i4 = ind(&mut ev, "i4");
    i4.unit = " ".into(); // blank: said as （空）
    i4.actual_unit = "%".into();
    let f = findings(&ev);
    assert_eq!(
        of_codes(&f, &["UNIT_MISMATCH"]),
        vec![
            (
                "UNIT_MISMATCH".to_string(),
                "indicators.i1b.actual_unit".to_string(),
                "实际完成值的单位「人次」与年度指标值的单位「人」不一致，无法直接比较。请把实际完成值换算为「人」后填写。".to_string(),
            ),
            (
                "UNIT_MISMATCH".to_string(),
                "indicators.i4.actual_unit".to_string(),
                "实际完成值的单位「%」与年度指标值的单位「（空）」不一致，无法直接比较。请把实际完成值换算为「（空）」后填写。".to_string(),
            ),
        ]
    );
}

#[test]
fn over_achievement_of_a_reverse_indicator_is_target_over_actual() {
    let mut ev = clean();
    // 反向 i2: target 5, actual 3.8 → 5 ÷ 3.8 = 131.578…% ≥ 130 % → 131.58 in the message.
    ind(&mut ev, "i2").actual = Some(d("3.8"));
    // 正向 i1b: 65 ÷ 50 = 130 %, but explained: no finding.
    let i1b = ind(&mut ev, "i1b");
    i1b.actual = Some(d("65"));
    i1b.deviation = "当年新增参保人员较多。".into();
    let f = findings(&ev);
    assert_eq!(
        of_codes(&f, &["OVER_ACHIEVEMENT_UNEXPLAINED"]),
        vec![(
            "OVER_ACHIEVEMENT_UNEXPLAINED".to_string(),
            "indicators.i2.deviation".to_string(),
            "「发放差错率」实际 3.8 低于上限 5，比上限低 24%（目标 ÷ 实际 = 131.58%，达到或超过 130%），可能是上限定得偏宽。请在偏差原因分析中说明原因，并考虑下一年度收紧目标。".to_string(),
        )]
    );
    let hit = f.iter().find(|x| x.code == "OVER_ACHIEVEMENT_UNEXPLAINED").unwrap();
    assert_eq!((hit.expected, hit.found), (Some(d("5")), Some(d("3.8"))));
}

/// The finding of `code` at `path` after `mutate` on the clean evaluation.
fn finding_after(mutate: impl FnOnce(&mut Evaluation), code: &str, path: &str) -> Finding {
    let mut ev = clean();
    mutate(&mut ev);
    let f = findings(&ev);
    f.iter()
        .find(|x| x.code == code && x.path == path)
        .unwrap_or_else(|| panic!("{code} at {path}; got {f:#?}"))
        .clone()
}

/// Every finding on an indicator row writes its place and message when read (they are lazy):
/// each text says its rule (docs/findings.md) with the numbers of the case, worked out here
/// from the clean evaluation (i1 基础养老金发放人数: ≥, target 100 人, weight 15; i1b 丧葬补贴发放人数:
/// weight 15; i2 发放差错率: ≤, target 5 %, weight 20; i3 老有所养问题逐步解决: 定性, weight 30,
/// 达成 band 80–100 %; i4 服务对象满意率: from the survey, 18 of 20 satisfied = 90 %; the
/// Ministry preset: 产出 50, 效益 30, 满意度 10, two decimals, 130 % over-achievement).
#[test]
fn row_findings_write_their_rule_and_numbers_when_read() {
    let basic = "「基础养老金发放人数」";
    let place = |kind: &str, name: &str, field: &str| format!("{kind}「{name}」{field}");
    let rescale_note = if RuleSettings::default().rescale_inapplicable { "，总分按满分折算" } else { "" };
    type Case = (Box<dyn FnOnce(&mut Evaluation)>, &'static str, &'static str, String, String);
    let cases: Vec<Case> = vec![
        (
            Box::new(|ev| ind(ev, "i1").level = 4),
            "INDICATOR_LEVEL_INVALID",
            "indicators.i1.level",
            // A level out of 1–3 is named as a 绩效指标.
            place("绩效指标", "基础养老金发放人数", "级次"),
            "指标级次为 4，只能是 1（一级）、2（二级）或 3（三级）。请改正级次。".into(),
        ),
        (
            Box::new(|ev| ind(ev, "i1").name = " \u{3000}".into()),
            "INDICATOR_NAME_MISSING",
            "indicators.i1.name",
            // An unnamed row is named by its id.
            place("绩效指标", "（未命名，编号 i1）", "名称"),
            "指标名称为空。请填写指标名称。".into(),
        ),
        (
            Box::new(|ev| {
                let mut i0 = ev.indicators[2].clone();
                i0.id = "i0".into();
                ev.indicators.insert(0, i0);
            }),
            "INDICATOR_ORPHAN",
            "indicators.i0.level",
            place("绩效指标", "基础养老金发放人数", "级次"),
            format!("三级指标{basic}上方没有所属的一级指标。请在它上方添加一级指标，或把它移到正确的分组下。"),
        ),
        (
            // A 二级 heading right below 数量指标 takes its rows: 数量指标 is left empty.
            Box::new(|ev| ev.indicators.insert(2, heading("X2", 2, "新二级", None))),
            "INDICATOR_HEADING_EMPTY",
            "indicators.L2.name",
            place("二级指标", "数量指标", ""),
            "二级指标「数量指标」下没有任何三级指标。请在其下添加三级指标，或删除该行。".into(),
        ),
        (
            Box::new(|ev| ev.indicators.push(heading("E1", 1, " 其他指标 ", None))),
            "INDICATOR_HEADING_EMPTY",
            "indicators.E1.name",
            // Names are quoted trimmed.
            place("一级指标", "其他指标", ""),
            "一级指标「其他指标」下没有任何三级指标。请在其下添加三级指标，或删除该行。".into(),
        ),
        (
            Box::new(|ev| ind(ev, "i1").applicable = false),
            "INDICATOR_INAPPLICABLE",
            "indicators.i1.applicable",
            place("绩效指标", "基础养老金发放人数", ""),
            format!("{basic}标为不适用，分值 15 不计入总分{rescale_note}。请确认确属不适用，并在偏差说明中写明理由。"),
        ),
        (
            Box::new(|ev| ind(ev, "i1").weight = None),
            "WEIGHT_MISSING",
            "indicators.i1.weight",
            place("绩效指标", "基础养老金发放人数", "分值"),
            format!("三级指标{basic}没有分值，得分按 0 计。请填写分值（各三级指标分值之和应等于所属一级指标的分值）。"),
        ),
        (
            Box::new(|ev| ind(ev, "i1b").weight = Some(d("-15.50"))),
            "WEIGHT_NEGATIVE",
            "indicators.i1b.weight",
            place("绩效指标", "丧葬补贴发放人数", "分值"),
            // Numbers are written without trailing zeros.
            "三级指标「丧葬补贴发放人数」的分值为负数 -15.5，计分时按 0 计。请填写正数分值。".into(),
        ),
        (
            // 产出 stated 55; its 三级 rows: 15 + 15 + 20 = 50, 5 less than stated ("应为 55，
            // 实为 50": the sum is what the message says is 5 short).
            Box::new(|ev| ind(ev, "L1").weight = Some(d("55"))),
            "WEIGHT_LEVEL_SUM",
            "indicators.L1.weight",
            place("一级指标", "产出指标", "分值"),
            "「产出指标」的分值为 55，但其下三级指标分值之和为 50，少 5。请调整其下三级指标的分值，使之相加等于 55，或改正该行分值。".into(),
        ),
        (
            // 效益: i3 at 35 against the standard 30.
            Box::new(|ev| {
                ind(ev, "i2").weight = Some(d("15"));
                ind(ev, "i3").weight = Some(d("35"));
                ind(ev, "i3").band_score = Some(d("35"));
                ind(ev, "L1").weight = None;
                ind(ev, "M1").weight = None;
            }),
            "WEIGHT_STANDARD_SPLIT",
            "indicators.M1.weight",
            place("一级指标", "效益指标", "分值"),
            format!(
                "「效益指标」下三级指标分值合计 35，与标准分值 30（{}）不同，多 5。允许调整，但评审时需说明理由；如无特殊情况请按标准分值分配。",
                RulePreset::Ministry.label()
            ),
        ),
        (
            Box::new(|ev| ind(ev, "i2").direction = Some(Direction::Positive)),
            "DIRECTION_CONTRADICTS_NATURE",
            "indicators.i2.direction",
            place("绩效指标", "发放差错率", "指标方向"),
            "指标方向为「正向」，但指标性质为「≤」，两者矛盾（正向指标用 ≥，反向指标用 ≤）。请改正指标方向或指标性质。".into(),
        ),
        (
            Box::new(|ev| ind(ev, "i1").manual = Some(ManualScore { score: Some(d("12.0")), reason: " ".into() })),
            "MANUAL_REASON_MISSING",
            "indicators.i1.manual.reason",
            place("绩效指标", "基础养老金发放人数", "人工评分理由"),
            // Scores with the rules' two decimals.
            format!("{basic}使用人工评分 12.00 分，但没有填写理由。人工评分（如扣分）必须写明理由。"),
        ),
        (
            // 16 above the weight 15: counted as 15.
            Box::new(|ev| ind(ev, "i1").manual = Some(ManualScore { score: Some(d("16")), reason: "加分".into() })),
            "MANUAL_SCORE_OUT_OF_RANGE",
            "indicators.i1.manual.score",
            place("绩效指标", "基础养老金发放人数", "人工评分"),
            "人工评分 16.00 不在 0 到分值 15 之间，已按 15.00 计。请改正人工评分。".into(),
        ),
        (
            Box::new(|ev| ind(ev, "i1").manual = Some(ManualScore { score: Some(d("12.5")), reason: " 核实无误 ".into() })),
            "MANUAL_SCORE_USED",
            "indicators.i1.manual.score",
            place("绩效指标", "基础养老金发放人数", "人工评分"),
            format!("{basic}的得分为人工评分 12.50 分（分值 15），不是按规则计算的得分。理由：核实无误。"),
        ),
        (
            Box::new(|ev| ind(ev, "i1").manual = Some(ManualScore { score: Some(d("12.5")), reason: String::new() })),
            "MANUAL_SCORE_USED",
            "indicators.i1.manual.score",
            place("绩效指标", "基础养老金发放人数", "人工评分"),
            format!("{basic}的得分为人工评分 12.50 分（分值 15），不是按规则计算的得分。理由：（未填写）。"),
        ),
        (
            Box::new(|ev| ind(ev, "i3").band = None),
            "QUAL_BAND_MISSING",
            "indicators.i3.band",
            place("绩效指标", "老有所养问题逐步解决", "评价档次"),
            "定性指标「老有所养问题逐步解决」没有选择评价档次（达成年度指标 / 部分达成并具有一定效果 / 未达成且效果较差）。请选择档次，再在档内评分。".into(),
        ),
        (
            // 达成 band of weight 30: 80 %–100 % = 24–30.
            Box::new(|ev| ind(ev, "i3").band_score = None),
            "QUAL_SCORE_MISSING",
            "indicators.i3.band_score",
            place("绩效指标", "老有所养问题逐步解决", "定性评分"),
            "定性指标「老有所养问题逐步解决」已选「达成年度指标」档，但没有填写得分，得分按 0 计。请在 24.00–30.00 分之间评分。".into(),
        ),
        (
            Box::new(|ev| ind(ev, "i3").band_score = Some(d("23.99"))),
            "QUAL_SCORE_OUT_OF_BAND",
            "indicators.i3.band_score",
            place("绩效指标", "老有所养问题逐步解决", "定性评分"),
            "定性指标「老有所养问题逐步解决」选的是「达成年度指标」档（分值 30 的 80%–100%，即 24.00–30.00 分），但评分为 23.99 分，不在该档内。请在档内评分，或改选档次。".into(),
        ),
        (
            // 部分达成 (60 %–80 %: 18–24) without a deviation note.
            Box::new(|ev| {
                ind(ev, "i3").band = Some(QualitativeBand::Partial);
                ind(ev, "i3").band_score = Some(d("20"));
            }),
            "TARGET_UNMET_UNEXPLAINED",
            "indicators.i3.deviation",
            place("绩效指标", "老有所养问题逐步解决", "偏差原因分析及改进措施"),
            "定性指标「老有所养问题逐步解决」评为「部分达成并具有一定效果」，未完全达成年度指标，但没有填写偏差原因分析及改进措施。请写明未达成的原因和改进措施。".into(),
        ),
        (
            Box::new(|ev| {
                ind(ev, "i1").target = None;
                ind(ev, "i1").target_text = " 约一百人 ".into();
            }),
            "TARGET_MISSING",
            "indicators.i1.target",
            place("绩效指标", "基础养老金发放人数", "年度指标值"),
            format!("{basic}没有年度指标值（目标值），无法计分。请填写绩效目标申报时确定的指标值（文字说明为「约一百人」，请填入数字）。"),
        ),
        (
            Box::new(|ev| ind(ev, "i1").target = None),
            "TARGET_MISSING",
            "indicators.i1.target",
            place("绩效指标", "基础养老金发放人数", "年度指标值"),
            format!("{basic}没有年度指标值（目标值），无法计分。请填写绩效目标申报时确定的指标值。"),
        ),
        (
            Box::new(|ev| ind(ev, "i1").actual = None),
            "ACTUAL_MISSING",
            "indicators.i1.actual",
            place("绩效指标", "基础养老金发放人数", "实际完成值"),
            format!("{basic}没有实际完成值，得分按 0 计。请填写实际完成的数字。"),
        ),
        (
            Box::new(|ev| ind(ev, "i1").actual_unit = " 万人".into()),
            "UNIT_MISMATCH",
            "indicators.i1.actual_unit",
            place("绩效指标", "基础养老金发放人数", "实际完成值单位"),
            "实际完成值的单位「万人」与年度指标值的单位「人」不一致，无法直接比较。请把实际完成值换算为「人」后填写。".into(),
        ),
        (
            Box::new(|ev| {
                ind(ev, "i1").actual_unit = "人".into();
                ind(ev, "i1").unit = " ".into();
            }),
            "UNIT_MISMATCH",
            "indicators.i1.actual_unit",
            place("绩效指标", "基础养老金发放人数", "实际完成值单位"),
            // A blank unit is shown as （空）.
            "实际完成值的单位「人」与年度指标值的单位「（空）」不一致，无法直接比较。请把实际完成值换算为「（空）」后填写。".into(),
        ),
        (
            // 正向, 90 of 100: 15 × 90 ÷ 100 = 13.5.
            Box::new(|ev| ind(ev, "i1").actual = Some(d("90"))),
            "TARGET_UNMET_UNEXPLAINED",
            "indicators.i1.deviation",
            place("绩效指标", "基础养老金发放人数", "偏差原因分析及改进措施"),
            format!("{basic}未达到年度指标值（目标 100人，实际 90人），得 13.50 分（分值 15），但没有填写偏差原因分析及改进措施。请写明未完成的原因和改进措施。"),
        ),
        (
            // 等于, 110 for 100: 15 × (1 − 10 ÷ 100) = 13.5; the typed actual as entered.
            Box::new(|ev| {
                ind(ev, "i1").nature = IndicatorNature::Equal;
                ind(ev, "i1").actual = Some(d("110.004"));
            }),
            "TARGET_UNMET_UNEXPLAINED",
            "indicators.i1.deviation",
            place("绩效指标", "基础养老金发放人数", "偏差原因分析及改进措施"),
            format!("{basic}偏离年度指标值（目标 100人，实际 110.004人），得 13.50 分（分值 15），但没有填写偏差原因分析及改进措施。请写明偏离的原因和改进措施。"),
        ),
        (
            // 正向: 131.456 ÷ 100 = 131.456 % ≥ 130 %: the actual as entered, the ratio rounded to 2 places.
            Box::new(|ev| ind(ev, "i1").actual = Some(d("131.456"))),
            "OVER_ACHIEVEMENT_UNEXPLAINED",
            "indicators.i1.deviation",
            place("绩效指标", "基础养老金发放人数", "偏差原因分析及改进措施"),
            format!("{basic}实际 131.456 为目标 100 的 131.46%（实际 ÷ 目标），达到或超过 130%，可能是目标定得偏低。请在偏差原因分析中说明超额的原因，并考虑下一年度调高目标。"),
        ),
        (
            // 反向: target ÷ actual = 5 ÷ 3 = 166.666…% ≥ 130 %; the true relation: 3 is
            // (5 − 3) ÷ 5 = 40 % under the cap 5 (issue 16, class 8).
            Box::new(|ev| ind(ev, "i2").actual = Some(d("3"))),
            "OVER_ACHIEVEMENT_UNEXPLAINED",
            "indicators.i2.deviation",
            place("绩效指标", "发放差错率", "偏差原因分析及改进措施"),
            "「发放差错率」实际 3 低于上限 5，比上限低 40%（目标 ÷ 实际 = 166.67%，达到或超过 130%），可能是上限定得偏宽。请在偏差原因分析中说明原因，并考虑下一年度收紧目标。".into(),
        ),
        (
            // 0.045 × 100 = 4.5, near the target 5 (%): a percentage written as a fraction.
            Box::new(|ev| ind(ev, "i2").actual = Some(d("0.045"))),
            "ACTUAL_HUNDREDFOLD",
            "indicators.i2.actual",
            place("绩效指标", "发放差错率", "实际完成值"),
            "「发放差错率」的实际完成值 0.045% 只有年度指标值 5% 的约百分之一，可能是把 4.5% 写成了小数 0.045。若是，请改填 4.5；若数字无误，可不改。".into(),
        ),
        (
            Box::new(|ev| ev.survey.valid = None),
            "SURVEY_RATE_UNAVAILABLE",
            "survey.valid",
            "满意度调查 有效样本数".into(),
            "指标「服务对象满意率」的实际值取自满意度调查，但调查缺少有效样本数或各选项人数，无法计算满意率。请填写有效样本数和各选项的人数。".into(),
        ),
        (
            Box::new(|ev| ind(ev, "i4").actual = Some(d("95"))),
            "SURVEY_ACTUAL_DIFFERS",
            "indicators.i4.actual",
            place("绩效指标", "服务对象满意率", "实际完成值"),
            "「服务对象满意率」填写的实际完成值 95% 与满意度调查计算的满意率 90.00% 不同；评分采用调查结果。请删除手填值或核对调查数据。".into(),
        ),
        (
            // Met (100 ≥ 100): 15, one more than claimed; the score's own explanation follows,
            // and a deduction on a met indicator needs a written reason (issue 16, class 9).
            Box::new(|ev| ind(ev, "i1").claimed_score = Some(d("14"))),
            "CLAIMED_INDICATOR_SCORE_MISMATCH",
            "indicators.i1.claimed_score",
            place("绩效指标", "基础养老金发放人数", "原报得分"),
            format!("{basic}原报得分 14.00，按规则计算为 15.00，少 1.00。计算依据：正向指标：达到目标，得满分；100 ≥ 100，得 15.00。该指标已达到年度指标值，扣分须说明理由：确需扣分的，请在“人工评分”中填写得分和扣分理由；否则改正原报得分。"),
        ),
        (
            // Unmet (92 of 100 → 13.8): a claim above the rule asks to check the actual.
            Box::new(|ev| {
                ind(ev, "i1").actual = Some(d("92"));
                ind(ev, "i1").deviation = "部分人员待遇暂停发放。".into();
            }),
            "CLAIMED_INDICATOR_SCORE_MISMATCH",
            "indicators.i1.claimed_score",
            place("绩效指标", "基础养老金发放人数", "原报得分"),
            format!("{basic}原报得分 15.00，按规则计算为 13.80，多 1.20。计算依据：正向指标：未达目标，按完成比例计分；92 ÷ 100 × 15 = 13.80。请核对实际完成值或改正得分。"),
        ),
    ];
    let mut codes = BTreeSet::new();
    for (mutate, code, path, want_place, want_message) in cases {
        let f = finding_after(mutate, code, path);
        assert_eq!(f.place(), want_place, "{code}");
        assert_eq!(f.message(), want_message, "{code}");
        // The texts are the same when read again, and in the serialised finding.
        assert_eq!(f.message(), want_message, "{code}");
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["place"], want_place.as_str(), "{code}");
        assert_eq!(json["message"], want_message.as_str(), "{code}");
        codes.insert(code);
    }
    // Every code raised on an indicator row has its texts checked here.
    for code in [
        "INDICATOR_LEVEL_INVALID", "INDICATOR_NAME_MISSING", "INDICATOR_ORPHAN", "INDICATOR_HEADING_EMPTY",
        "INDICATOR_INAPPLICABLE", "WEIGHT_MISSING", "WEIGHT_NEGATIVE", "WEIGHT_LEVEL_SUM", "WEIGHT_STANDARD_SPLIT",
        "TARGET_MISSING", "ACTUAL_MISSING", "UNIT_MISMATCH", "DIRECTION_CONTRADICTS_NATURE", "QUAL_BAND_MISSING",
        "QUAL_SCORE_MISSING", "QUAL_SCORE_OUT_OF_BAND", "MANUAL_REASON_MISSING", "MANUAL_SCORE_OUT_OF_RANGE",
        "MANUAL_SCORE_USED", "TARGET_UNMET_UNEXPLAINED", "OVER_ACHIEVEMENT_UNEXPLAINED", "SURVEY_RATE_UNAVAILABLE",
        "SURVEY_ACTUAL_DIFFERS", "CLAIMED_INDICATOR_SCORE_MISMATCH", "ACTUAL_HUNDREDFOLD",
    ] {
        assert!(codes.contains(code), "{code} has no text case");
    }
}

/// A finding with its texts given, as the report's tests and other callers make them: equal to
/// itself, its difference found − expected, its texts as given.
#[test]
fn a_finding_made_from_texts_keeps_them() {
    let f = Finding::new("X", Severity::Warning, "header.name".into(), "项目信息 项目名称".into(), "消息".into())
        .with_numbers(Some(d("2.50")), Some(d("1")));
    assert_eq!((f.place().as_str(), f.message().as_str()), ("项目信息 项目名称", "消息"));
    assert_eq!(f.difference, Some(d("-1.5")));
    assert_eq!(f, f.clone());
    let other = Finding::new("X", Severity::Warning, "header.name".into(), "项目信息 项目名称".into(), "另一条".into())
        .with_numbers(Some(d("2.50")), Some(d("1")));
    assert_ne!(f, other, "findings that say different things differ");
}

/// Two findings saying the same thing are one (the result is deduplicated by what they say),
/// whether their texts are kept as written or written when read.
#[test]
fn findings_are_equal_when_they_say_the_same() {
    let mut ev = clean();
    ind(&mut ev, "i1").actual = Some(d("90"));
    let f = findings(&ev);
    let lazy = f.iter().find(|x| x.code == "TARGET_UNMET_UNEXPLAINED").unwrap().clone();
    let written = Finding::new(lazy.code, lazy.severity, lazy.path.clone(), lazy.place(), lazy.message())
        .with_numbers(lazy.expected, lazy.found);
    assert_eq!(lazy, written);
    assert_eq!(written, lazy);
    assert_eq!(format!("{lazy:?}"), format!("{written:?}"));
}

/// Duplicate and blank indicator ids among many rows are found (and only they), whatever the
/// position of the second occurrence.
#[test]
fn duplicate_indicator_ids_among_many_rows_are_found() {
    let mut ev = clean();
    let template = ev.indicators[2].clone();
    for k in 0..2000 {
        let mut row = template.clone();
        row.id = format!("n{k}");
        row.weight = Some(Decimal::ZERO);
        ev.indicators.push(row);
    }
    let ids = |ev: &Evaluation| -> Vec<(String, String)> {
        findings(ev)
            .into_iter()
            .filter(|f| f.code == "ROW_ID_INVALID")
            .map(|f| (f.path.clone(), f.message()))
            .collect()
    };
    assert_eq!(ids(&ev), vec![], "2,000 distinct ids");
    let last = ev.indicators.len() - 1;
    ev.indicators[last].id = " n7 ".into(); // the same as n7 once trimmed
    ev.indicators[5].id = String::new();
    assert_eq!(
        ids(&ev),
        vec![
            ("indicators".to_string(), "绩效指标中有 1 行没有编号（id），核对结果和编辑无法定位这些行。请用 jixiao 重新保存该草稿（会自动编号），或在文件中为每行填写不重复的 id。".to_string()),
            ("indicators.n7.name".to_string(), "绩效指标中有 2 行使用同一编号「n7」，核对结果和编辑会定位到错误的行。请用 jixiao 重新保存该草稿，或在文件中改为不重复的 id。".to_string()),
        ]
    );
}

// --- a weight sum is pinned to the heading whose rows do not add up ----------------------------

#[test]
fn a_weight_sum_is_pinned_to_the_heading_whose_rows_do_not_add_up() {
    // i1 (under 产出 50 / 数量 30) from 15 to 17: the headings' rows add up to 52 and 32, the
    // total to 102. Every sum is pinned to a heading, the first in the form's order (产出),
    // none to a 三级 row's 分值 (the user changed i1; no finding names a row they never touched).
    let mut ev = clean();
    ind(&mut ev, "i1").weight = Some(d("17"));
    let f = findings(&ev);
    let weight_findings: Vec<(String, &str)> =
        paths_and_codes(&f).into_iter().filter(|(_, c)| c.starts_with("WEIGHT")).collect();
    assert_eq!(
        weight_findings,
        vec![
            ("indicators.L1.weight".to_string(), "WEIGHT_LEVEL_SUM"),
            ("indicators.L1.weight".to_string(), "WEIGHT_TOTAL"),
            ("indicators.L2.weight".to_string(), "WEIGHT_LEVEL_SUM"),
        ],
        "{f:#?}"
    );
    // The total names the heading and its rows' sum, and is placed on the heading's 分值.
    let total = f.iter().find(|x| x.code == "WEIGHT_TOTAL").unwrap();
    assert_eq!(total.place(), "一级指标「产出指标」分值");
    assert!(total.message().contains("「产出指标」下三级指标分值之和为 52，与该行分值 50 不同"), "{}", total.message());
    // The same disagreement is said once: 产出's standard is its stated 50, so no second
    // (WEIGHT_STANDARD_SPLIT) finding on it.
    assert!(f.iter().all(|x| x.code != "WEIGHT_STANDARD_SPLIT"), "{f:#?}");

    // Headings without a stated weight: the 一级 heading whose rows miss its standard weight.
    let mut ev = clean();
    for h in ["L1", "L2", "M1", "S1"] {
        ind(&mut ev, h).weight = None;
    }
    ind(&mut ev, "i3").weight = Some(d("32"));
    ind(&mut ev, "i3").band_score = Some(d("32"));
    let f = findings(&ev);
    let total = f.iter().find(|x| x.code == "WEIGHT_TOTAL").unwrap();
    assert_eq!(total.path, "indicators.M1.weight");
    assert!(total.message().contains("「效益指标」下三级指标分值之和为 32，与其标准分值 30 不同"), "{}", total.message());

    // Every heading adds up, the total does not (预算执行率 12 + 90): no heading to blame, the
    // first 三级 row of the table (not the one with the lowest id).
    let mut ev = clean();
    ev.rules.budget_weight = d("12");
    ev.indicators.swap(2, 3); // i1b above i1
    let f = findings(&ev);
    let total = f.iter().find(|x| x.code == "WEIGHT_TOTAL").unwrap();
    assert_eq!(total.path, "indicators.i1b.weight");

    // The 10+90 preset: the single standard goes to the heading too.
    let mut ev = clean();
    ev.rules = RuleSettings::preset(RulePreset::TenNinety);
    ind(&mut ev, "i2").weight = Some(d("25"));
    let f = findings(&ev);
    let split = f.iter().find(|x| x.code == "WEIGHT_STANDARD_SPLIT").unwrap();
    assert_eq!(split.path, "indicators.L1.weight", "{f:#?}");
}

// --- what a message says agrees with its numbers ------------------------------------------------

/// The number written right after `word` + a space in `message` ("多 2.50" → "2.50"), each time.
fn numbers_after<'a>(message: &'a str, word: &str) -> Vec<&'a str> {
    let key = format!("{word} ");
    message
        .match_indices(&key)
        .map(|(i, _)| {
            let rest = &message[i + key.len()..];
            let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// Every message that says 多 X or 少 X says it of the finding's own numbers: X is
/// |found − expected| as written, 多 when found is above expected, 少 when below; and the
/// expected and found figures it carries are written in the message as they are.
fn assert_messages_agree_with_numbers(f: &[Finding]) -> Result<(), TestCaseError> {
    for x in f {
        let m = x.message();
        let more = numbers_after(&m, "多");
        let less = numbers_after(&m, "少");
        for (words, sign) in [(&more, 1), (&less, -1)] {
            for n in words.iter() {
                let diff = x.difference.ok_or_else(|| TestCaseError::fail(format!("{x:?}: 多/少 without numbers")))?;
                prop_assert_eq!(if diff > Decimal::ZERO { 1 } else if diff < Decimal::ZERO { -1 } else { 0 }, sign, "{:?}", x);
                prop_assert_eq!(*n, diff.abs().to_string(), "{:?}", x);
            }
        }
        prop_assert!(more.len() + less.len() <= 1, "one difference per message: {:?}", x);
        if let (Some(e), Some(fo)) = (x.expected, x.found) {
            prop_assert!(m.contains(&e.to_string()) && m.contains(&fo.to_string()), "{:?}", x);
            prop_assert_eq!(x.difference, fo.checked_sub(e));
        }
    }
    Ok(())
}

/// A decimal of up to `places` places from an integer number of hundredths.
fn hundredths(n: u32, places: u32) -> Decimal {
    let mut v = Decimal::new(n as i64, 2);
    v.rescale(places);
    v
}

proptest! {
    #[test]
    fn what_a_message_says_agrees_with_its_numbers(
        l1 in proptest::option::of(0u32..8000),
        l2 in proptest::option::of(0u32..6000),
        weights in proptest::collection::vec(0u32..4000, 3),
        places in 0u32..3,
        claimed in proptest::option::of(0u32..10000),
        budget_full in 0u32..20000,
        uses in 0u32..10000,
        decimals in 0u32..4,
    ) {
        let mut ev = clean();
        ev.rules.decimals = decimals;
        ind(&mut ev, "L1").weight = l1.map(|w| hundredths(w, places));
        ind(&mut ev, "L2").weight = l2.map(|w| hundredths(w, places));
        for (id, w) in ["i1", "i1b", "i2"].iter().zip(&weights) {
            ind(&mut ev, id).weight = Some(hundredths(*w, places));
        }
        ev.claimed.total = claimed.map(|c| hundredths(c, places));
        ev.claimed.budget_score = claimed.map(|c| hundredths(c / 10, places));
        ev.funds.total.budget_full = Some(hundredths(budget_full, 2));
        ev.funds.uses[0].amount = Some(hundredths(uses, places));
        ind(&mut ev, "i1").claimed_score = claimed.map(|c| hundredths(c % 1500, places));
        let f = findings(&ev);
        assert_messages_agree_with_numbers(&f)?;
    }
}

#[test]
fn the_messages_of_every_case_agree_with_their_numbers() {
    for (_, _, mutate) in cases() {
        let mut ev = clean();
        mutate(&mut ev);
        assert_messages_agree_with_numbers(&findings(&ev)).unwrap();
    }
    let sample = jixiao::sample::pension_2019().evaluation;
    assert_messages_agree_with_numbers(&findings(&sample)).unwrap();
}

// --- numbers with the rules' decimals -----------------------------------------------------------

#[test]
fn scores_and_rates_are_written_with_the_rules_decimals() {
    for (decimals, total, claimed, rate) in [(2, "100.00", "97.00", "95.00"), (3, "100.000", "97.000", "95.000"), (0, "100", "97", "95")] {
        let mut ev = clean();
        ev.rules.decimals = decimals;
        ev.claimed.total = Some(d("97"));
        ev.claimed.execution_rate = Some(d("95"));
        ind(&mut ev, "i1").claimed_score = Some(d("14"));
        let f = findings(&ev);
        let total_finding = f.iter().find(|x| x.code == "CLAIMED_TOTAL_MISMATCH").unwrap();
        assert_eq!(
            total_finding.message(),
            format!("原报自评得分为 {claimed} 分，按各项数据和评分规则计算为 {total} 分，少 {}。请以计算结果为准修改报告中的自评分，或核对各指标数据。", if decimals == 0 { "3".to_string() } else { format!("3.{}", "0".repeat(decimals as usize)) })
        );
        assert_eq!(total_finding.expected.unwrap().to_string(), total);
        assert_eq!(total_finding.found.unwrap().to_string(), claimed);
        let rate_finding = f.iter().find(|x| x.code == "CLAIMED_EXECUTION_RATE_MISMATCH").unwrap();
        assert!(rate_finding.message().starts_with(&format!("原报执行率为 {rate}%，按全年执行数和全年预算数计算为 {total}%")), "{}", rate_finding.message());
        // The row's claimed score and the explanation it quotes, alike.
        let row = f.iter().find(|x| x.code == "CLAIMED_INDICATOR_SCORE_MISMATCH").unwrap();
        let fifteen = if decimals == 0 { "15".to_string() } else { format!("15.{}", "0".repeat(decimals as usize)) };
        assert!(row.message().contains(&format!("按规则计算为 {fifteen}")), "{}", row.message());
        assert!(row.message().contains(&format!("100 ≥ 100，得 {fifteen}")), "{}", row.message());
    }
    // A typed score with more places than the rules keeps them: a message never hides the
    // digit that differs.
    let mut ev = clean();
    // (99.985 differs from 100.00 also at the computed score's two places: 99.99.)
    ev.claimed.total = Some(d("99.985"));
    let f = findings(&ev);
    let x = f.iter().find(|x| x.code == "CLAIMED_TOTAL_MISMATCH").unwrap();
    assert!(x.message().contains("原报自评得分为 99.985 分，按各项数据和评分规则计算为 100.00 分，少 0.015"), "{}", x.message());
}

// ---------------------------------------------------------------------------------------------
// Issue 16, class 1: the claimed figures against each other; class 5: stated precision.

fn codes_at(ev: &Evaluation, code: &str) -> Vec<Finding> {
    findings(ev).into_iter().filter(|f| f.code == code).collect()
}

/// Every 三级 row of the clean evaluation claimed as computed (15, 15, 20, 30, 10; budget 10).
fn all_claimed() -> Evaluation {
    let mut ev = clean();
    claim_rows(&mut ev, &[("i1b", "15"), ("i2", "20"), ("i3", "30"), ("i4", "10")]);
    ev
}

#[test]
fn claimed_parts_that_add_up_to_the_claimed_total_give_no_finding() {
    let ev = all_claimed();
    assert!(findings(&ev).iter().all(|f| !f.code.starts_with("CLAIMED")), "{:#?}", findings(&ev));
}

#[test]
fn a_claimed_total_against_claimed_parts_that_add_up_to_one_less() {
    // The unit's own sheet: 10 + 15 + 15 + 20 + 30 + 10 = 100, but its 总分 says 101.
    let mut ev = all_claimed();
    ev.claimed.total = Some(d("101"));
    let f = codes_at(&ev, "CLAIMED_TOTAL_PARTS_MISMATCH");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].expected, f[0].found, f[0].difference), (Some(d("100")), Some(d("101")), Some(d("1"))));
    assert!(f[0].message().contains("相加为 100 分"), "{}", f[0].message());
    // A part missing: the sum cannot be formed, the missing claim is what is reported.
    ind(&mut ev, "i4").claimed_score = None;
    assert!(codes_at(&ev, "CLAIMED_TOTAL_PARTS_MISMATCH").is_empty());
    assert_eq!(codes_at(&ev, "CLAIMED_SCORE_MISSING").len(), 1);
    // No claimed budget score: not compared either.
    let mut ev = all_claimed();
    ev.claimed.total = Some(d("101"));
    ev.claimed.budget_score = None;
    assert!(codes_at(&ev, "CLAIMED_TOTAL_PARTS_MISMATCH").is_empty());
}

#[test]
fn a_missing_claimed_score_is_asked_for_only_where_most_rows_have_one() {
    // One claim of five (the clean evaluation): a reviewer checking one row, nothing asked.
    assert!(codes_at(&clean(), "CLAIMED_SCORE_MISSING").is_empty());
    // Four of five: the fifth is asked for. Inapplicable rows are never asked for.
    let mut ev = clean();
    claim_rows(&mut ev, &[("i1b", "15"), ("i2", "20"), ("i3", "30")]);
    let f = codes_at(&ev, "CLAIMED_SCORE_MISSING");
    assert_eq!(f.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), ["indicators.i4.claimed_score"]);
    ind(&mut ev, "i4").applicable = false;
    assert!(codes_at(&ev, "CLAIMED_SCORE_MISSING").is_empty());
}

#[test]
fn a_claimed_subtotal_is_checked_against_its_rows() {
    // 数量指标 (L2) holds i1 and i1b, both claimed 15: a subtotal of 31 is one too many.
    let mut ev = all_claimed();
    ind(&mut ev, "L2").claimed_score = Some(d("31"));
    let f = codes_at(&ev, "CLAIMED_SUBTOTAL_MISMATCH");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!((f[0].path.as_str(), f[0].expected, f[0].found), ("indicators.L2.claimed_score", Some(d("30")), Some(d("31"))));
    assert!(f[0].message().contains("原报得分之和"), "{}", f[0].message());
    // 产出指标 (L1) holds i1, i1b and i2: 50 agrees.
    ind(&mut ev, "L1").claimed_score = Some(d("50"));
    ind(&mut ev, "L2").claimed_score = Some(d("30"));
    assert!(codes_at(&ev, "CLAIMED_SUBTOTAL_MISMATCH").is_empty());
    // Rows without claims: against the computed subtotal (i1 actual 80 of 100 → 12, + 15).
    let mut ev = clean();
    ind(&mut ev, "i1").claimed_score = None;
    ind(&mut ev, "i1").actual = Some(d("80"));
    ind(&mut ev, "L2").claimed_score = Some(d("30"));
    let f = codes_at(&ev, "CLAIMED_SUBTOTAL_MISMATCH");
    assert_eq!((f.len(), f[0].expected), (1, Some(d("27.00"))), "{f:#?}");
    assert!(f[0].message().contains("计算的小计"), "{}", f[0].message());
}

#[test]
fn a_claimed_grade_is_checked_against_the_claimed_total() {
    let mut ev = clean();
    ev.claimed.total = Some(d("88"));
    // 88 is 良 by the bounds; the form says 优.
    let f = codes_at(&ev, "CLAIMED_GRADE_TOTAL_MISMATCH");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message().contains("应为「良」"), "{}", f[0].message());
    ev.claimed.grade = Some(Grade::Good);
    assert!(codes_at(&ev, "CLAIMED_GRADE_TOTAL_MISMATCH").is_empty());
}

#[test]
fn a_claimed_score_is_compared_at_the_precision_it_was_written_with() {
    // i1: 92.4 of 100, weight 15 → 13.86.
    let mut ev = clean();
    ind(&mut ev, "i1").actual = Some(d("92.4"));
    for (claimed, agrees) in [("13.9", true), ("13.86", true), ("14", true), ("13.8", false), ("13.90", false), ("13", false)] {
        ind(&mut ev, "i1").claimed_score = Some(d(claimed));
        let f = codes_at(&ev, "CLAIMED_INDICATOR_SCORE_MISMATCH");
        assert_eq!(f.is_empty(), agrees, "claimed {claimed}: {f:#?}");
    }
    // The setting off: compared exactly.
    ev.rules.compare_at_stated_precision = false;
    ind(&mut ev, "i1").claimed_score = Some(d("13.9"));
    assert_eq!(codes_at(&ev, "CLAIMED_INDICATOR_SCORE_MISMATCH").len(), 1);
    ind(&mut ev, "i1").claimed_score = Some(d("13.86"));
    assert!(codes_at(&ev, "CLAIMED_INDICATOR_SCORE_MISMATCH").is_empty());
}

#[test]
fn claimed_totals_and_rates_are_compared_at_their_precision() {
    // Total 98.86 (i1 13.86 instead of 15).
    let mut ev = clean();
    ind(&mut ev, "i1").actual = Some(d("92.4"));
    ind(&mut ev, "i1").claimed_score = None;
    for (claimed, agrees) in [("98.9", true), ("99", true), ("98.8", false), ("98.90", false)] {
        ev.claimed.total = Some(d(claimed));
        assert_eq!(codes_at(&ev, "CLAIMED_TOTAL_MISMATCH").is_empty(), agrees, "claimed {claimed}");
    }
    // 执行率 80 ÷ 96 = 83.33%: a claimed 83.3 agrees, 83.4 does not; the budget score 8.33
    // claimed as 8.3 agrees.
    let mut ev = clean();
    ev.funds.total.executed = None;
    ev.funds.total.received = None;
    ev.funds.total.budget_full = None;
    ev.funds.total.budget_initial = None;
    ev.funds.sources[0].amounts.budget_full = Some(d("76"));
    ev.funds.sources[0].amounts.executed = Some(d("60"));
    ev.funds.uses[0].amount = Some(d("20"));
    ev.funds.sources[0].amounts.received = Some(d("60"));
    ev.funds.transfers[0].amount = Some(d("50"));
    ev.funds.execution_note = "年底结余".into();
    ev.claimed.total = None;
    ev.claimed.grade = None;
    for (rate, agrees) in [("83.3", true), ("83.33", true), ("83", true), ("83.4", false)] {
        ev.claimed.execution_rate = Some(d(rate));
        assert_eq!(codes_at(&ev, "CLAIMED_EXECUTION_RATE_MISMATCH").is_empty(), agrees, "rate {rate}: {:#?}", findings(&ev));
    }
    for (b, agrees) in [("8.3", true), ("8", true), ("8.4", false)] {
        ev.claimed.budget_score = Some(d(b));
        assert_eq!(codes_at(&ev, "CLAIMED_BUDGET_SCORE_MISMATCH").is_empty(), agrees, "score {b}");
    }
    ev.rules.compare_at_stated_precision = false;
    ev.claimed.budget_score = Some(d("8.3"));
    assert_eq!(codes_at(&ev, "CLAIMED_BUDGET_SCORE_MISMATCH").len(), 1);
}

/// Issue 16, class 8: a cost of 80 against a cap of 120 is 33.33 % under the cap.
#[test]
fn a_reverse_indicator_under_its_cap_is_described_as_under_the_cap() {
    let mut ev = clean();
    let i2 = ind(&mut ev, "i2");
    i2.target = Some(d("120"));
    i2.actual = Some(d("80"));
    let f = codes_at(&ev, "OVER_ACHIEVEMENT_UNEXPLAINED");
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = f[0].message();
    assert!(m.contains("实际 80 低于上限 120，比上限低 33.33%（目标 ÷ 实际 = 150.00%"), "{m}");
    assert!(!m.contains("为目标 120 的"), "{m}");
}

// ---------------------------------------------------------------------------------------
// 待填写

#[test]
fn only_findings_that_say_a_field_is_blank_are_to_fill() {
    // A blank required number: to fill. The same code when the denominator is 0: wrong, not blank.
    let mut ev = clean();
    ev.funds.total = FundsAmounts::default();
    ev.funds.sources.iter_mut().for_each(|s| s.amounts = FundsAmounts::default());
    let f = findings(&ev);
    let blank: Vec<&Finding> = f.iter().filter(|x| x.code == "FUNDS_TOTAL_MISSING").collect();
    assert_eq!(blank.len(), 2, "{f:#?}");
    assert!(blank.iter().all(|x| x.is_to_fill() && x.severity == Severity::Error));
    let mut ev = clean();
    ev.funds.total.budget_full = Some(Decimal::ZERO);
    ev.funds.sources.iter_mut().for_each(|s| s.amounts.budget_full = Some(Decimal::ZERO));
    let f = findings(&ev);
    let zero = f.iter().find(|x| x.code == "FUNDS_TOTAL_MISSING").expect("a 0 denominator");
    assert!(!zero.is_to_fill(), "{zero:?}");
    // A blank actual value is to fill; one stated only in words is something to correct.
    let mut ev = clean();
    ind(&mut ev, "i1").actual = None;
    assert!(findings(&ev).iter().any(|x| x.code == "ACTUAL_MISSING" && x.is_to_fill()));
    ind(&mut ev, "i1").actual_text = "约三万".into();
    let f = findings(&ev);
    let worded = f.iter().find(|x| x.code == "ACTUAL_MISSING").unwrap();
    assert!(!worded.is_to_fill(), "{worded:?}");
    // Wrong figures are never to fill.
    for (code, _, mutate) in cases() {
        let mut ev = clean();
        mutate(&mut ev);
        for x in findings(&ev).iter().filter(|x| x.code == code) {
            if ["FUNDS_SOURCES_SUM", "FUNDS_USES_SUM", "UNREADABLE_NUMBER", "WEIGHT_TOTAL", "QUAL_SCORE_OUT_OF_BAND", "FIGURE_CONFLICT", "CLAIMED_TOTAL_MISMATCH"].contains(&code) {
                assert!(!x.is_to_fill(), "{x:?}");
            }
        }
    }
}

#[test]
fn defer_to_fill_shows_blanks_as_to_fill_and_gives_them_back_their_severity() {
    let blank = jixiao::model::new_evaluation(jixiao::model::RulePreset::Ministry);
    let strict = findings(&blank);
    // The blank form: template headings, blank totals and header — and no 三级 weight under the
    // standard headings (a warning when checked).
    assert!(strict.iter().any(|x| x.code == "WEIGHT_STANDARD_SPLIT" && x.severity == Severity::Warning));
    assert!(strict.iter().all(|x| x.is_to_fill()), "{strict:#?}");
    let mut shown = strict.clone();
    jixiao::reconcile::defer_to_fill(&mut shown, |_| false);
    assert!(shown.iter().all(|x| x.severity == Severity::ToFill));
    // Worked on (here: 绩效指标): back to the severity of its code, the warning a warning.
    jixiao::reconcile::defer_to_fill(&mut shown, |x| x.path.starts_with("indicators"));
    for (a, b) in shown.iter().zip(&strict) {
        if a.path.starts_with("indicators") {
            assert_eq!(a, b);
        } else {
            assert_eq!(a.severity, Severity::ToFill, "{a:?}");
        }
    }
    jixiao::reconcile::defer_to_fill(&mut shown, |_| true);
    assert_eq!(shown, strict);
    assert_eq!(Severity::ToFill.label(), "待填写");
}

/// ACTUAL_HUNDREDFOLD (issue 15, point 6): a percentage written as a fraction on one side is a
/// warning in both directions; the values are scored as they are (warned, not changed); the
/// same numbers written alike on both sides (95 and 97, 0.95 and 0.97) raise nothing, nor do
/// units that are not percentages.
#[test]
fn a_value_off_by_a_hundred_is_warned_both_ways_and_only_then() {
    let with = |target: &str, actual: &str, unit: &str| {
        let mut ev = clean();
        let r = ind(&mut ev, "i1");
        r.target = Some(d(target));
        r.actual = Some(d(actual));
        r.unit = unit.into();
        r.deviation = "说明".into();
        let f = findings(&ev);
        let hits: Vec<Finding> = f.into_iter().filter(|x| x.code == "ACTUAL_HUNDREDFOLD").collect();
        (hits, ev)
    };
    // 0.97 against 95%: warned at the actual, as a warning; the score uses 0.97 unchanged.
    let (hits, ev) = with("95", "0.97", "%");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].path, "indicators.i1.actual");
    assert_eq!(hits[0].severity, Severity::Warning);
    assert!(hits[0].message().contains("0.97%") && hits[0].message().contains("改填 97"), "{}", hits[0].message());
    let sc = score(&ev);
    assert_eq!(sc.indicator(&ev, "i1").unwrap().actual, Some(d("0.97")));
    // 97 against 0.95 (the target as a fraction).
    let (hits, _) = with("0.95", "97", "%");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert!(hits[0].message().contains("100 倍") && hits[0].message().contains("改填 95"), "{}", hits[0].message());
    // Blank units: the same.
    assert_eq!(with("95", "0.97", "").0.len(), 1);
    assert_eq!(with("0.95", "97", "").0.len(), 1);
    // Written alike: nothing.
    for (t, a, u) in [("95", "97", "%"), ("0.95", "0.97", "%"), ("95", "97", ""), ("0.95", "0.97", ""), ("1", "0.5", "%")] {
        assert!(with(t, a, u).0.is_empty(), "{t} vs {a} {u}");
    }
    // Not a percentage: 100 人 against 1 人 is a bad year, not a slip.
    assert!(with("100", "1", "人").0.is_empty());
    // Blank units and a large number: 5000 against 50 is no percentage either.
    assert!(with("5000", "50", "").0.is_empty());
}

// ---------------------------------------------------------------------------------------
// Issue 16, class 6: a contradicted figure does not drive a score.

#[test]
fn a_total_row_of_zero_contradicted_by_the_sources_does_not_drive_the_budget_score() {
    let mut ev = clean();
    let sources = ev.funds.clone();
    let budget = sources.sources_sum(FundsColumn::BudgetFull).unwrap();
    let executed = sources.sources_sum(FundsColumn::Executed).unwrap();
    assert!(budget > Decimal::ZERO && executed > Decimal::ZERO);
    // The unit left 0 in the 年度资金总额 row and claimed the budget score that 0 gives.
    ev.funds.total.budget_full = Some(Decimal::ZERO);
    ev.funds.total.executed = Some(Decimal::ZERO);
    ev.claimed.budget_score = Some(Decimal::ZERO);

    // The score comes from the sources, exactly as with the total row left blank.
    let mut blank_total = ev.clone();
    blank_total.funds.total = FundsAmounts::default();
    let from_sources = jixiao::scoring::score_budget(&blank_total);
    let scored = jixiao::scoring::score_budget(&ev);
    assert_eq!(scored, from_sources);
    assert!(scored.score > Decimal::ZERO);
    assert_eq!(ev.funds.effective_total().budget_full, Some(budget));
    assert_eq!(ev.funds.effective_total().executed, Some(executed));

    // The finding says which figure was used; nothing asks for the denominator that is there.
    let f = findings(&ev);
    let sum = f
        .iter()
        .find(|x| x.code == "FUNDS_SOURCES_SUM" && x.path == "funds.total.budget_full")
        .expect("the contradiction");
    assert!(sum.message().contains("按各来源之和计算"), "{}", sum.message());
    assert!(!f.iter().any(|x| x.code == "FUNDS_TOTAL_MISSING"), "{f:#?}");
    // The unit's claimed 0, matching the contradicted row, is flagged.
    let claim = f.iter().find(|x| x.code == "CLAIMED_BUDGET_SCORE_MISMATCH").expect("the claimed 0 flagged");
    assert_eq!(claim.found, Some(Decimal::ZERO));
    assert_eq!(claim.expected, Some(scored.score));

    // A stated total that agrees with the sources is used as stated.
    let mut agreeing = clean();
    agreeing.funds.total.budget_full = Some(budget);
    assert_eq!(agreeing.funds.total_contradicted(FundsColumn::BudgetFull), None);
    assert_eq!(agreeing.funds.effective_total().budget_full, Some(budget));
}

/// Issue 16, class 7: a low execution rate explained in the 偏差原因 of a row about the money
/// (the national template has no column for the note) is not asked for again; a row about
/// something else, or a blank/placeholder explanation, does not count.
#[test]
fn a_low_execution_rate_explained_in_a_money_row_is_not_asked_for_again() {
    let mut ev = clean();
    ev.funds.total.executed = Some(d("50"));
    ev.funds.sources[0].amounts.executed = Some(d("30"));
    ev.funds.sources[1].amounts.executed = Some(d("20"));
    assert_eq!(codes_at(&ev, "FUNDS_EXECUTION_LOW_UNEXPLAINED").len(), 1);
    let other = ev.indicators.iter().position(|i| i.is_scored()).unwrap();
    ev.indicators[other].deviation = "已完工，剩余尾款未付。".into();
    assert_eq!(codes_at(&ev, "FUNDS_EXECUTION_LOW_UNEXPLAINED").len(), 1, "a row not about the money");
    ev.indicators[other].name = "工程资金金额".into();
    ev.indicators[other].deviation = "无".into();
    assert_eq!(codes_at(&ev, "FUNDS_EXECUTION_LOW_UNEXPLAINED").len(), 1, "a placeholder is no explanation");
    ev.indicators[other].deviation = "已完工，剩余3%尾款未付，且最高限价低于预算金额。".into();
    assert!(codes_at(&ev, "FUNDS_EXECUTION_LOW_UNEXPLAINED").is_empty());
    assert_eq!(jixiao::reconcile::execution_explained_in_a_row(&ev).map(|i| i.id.as_str()), Some(ev.indicators[other].id.as_str()));
}

/// Issue 16, class 4: the uses and transfers tables may be stated in another money unit than
/// the funds (元 beside 万元, and the reverse); they are converted exactly and compared at the
/// stated precision, and the message states both.
#[test]
fn uses_and_transfers_in_another_money_unit_are_converted_exactly() {
    let mut ev = clean();
    assert_eq!(ev.header.money_unit, MoneyUnit::TenThousandYuan);
    let executed = ev.funds.effective_total().executed.unwrap();
    let received = ev.funds.effective_total().received.unwrap();
    // The same uses, stated in 元: no finding.
    let in_yuan = |v: Option<Decimal>| v.map(|v| MoneyUnit::TenThousandYuan.convert(v, MoneyUnit::Yuan));
    for u in &mut ev.funds.uses {
        u.amount = in_yuan(u.amount);
    }
    ev.funds.uses_unit = Some(MoneyUnit::Yuan);
    for t in &mut ev.funds.transfers {
        t.amount = in_yuan(t.amount);
    }
    ev.funds.transfers_unit = Some(MoneyUnit::Yuan);
    assert_eq!(ev.uses_sum_in_funds_unit(), Some(executed));
    assert_eq!(ev.transfers_sum_in_funds_unit(), Some(received));
    assert!(codes_at(&ev, "FUNDS_USES_SUM").is_empty() && codes_at(&ev, "FUNDS_TRANSFERS_SUM").is_empty());
    // Read as 万元 (the unit not set), the same numbers are 10,000 times too large.
    let mut unset = ev.clone();
    unset.funds.uses_unit = None;
    assert_eq!(codes_at(&unset, "FUNDS_USES_SUM").len(), 1);
    // One 元 off agrees with a 执行数 written in whole 万元 (the stated precision: 100.0001 is
    // 100); 10,000 元 off is found, and the message gives the uses' sum in 元 and in 万元.
    ev.funds.uses[0].amount = ev.funds.uses[0].amount.map(|a| a + Decimal::ONE);
    assert!(codes_at(&ev, "FUNDS_USES_SUM").is_empty());
    ev.funds.uses[0].amount = ev.funds.uses[0].amount.map(|a| a + Decimal::from(9_999));
    let f = codes_at(&ev, "FUNDS_USES_SUM");
    assert_eq!(f.len(), 1);
    let m = f[0].message();
    assert!(m.contains("1010000.00元（合 101.00万元）"), "{m}");
    assert_eq!(f[0].found.unwrap() - f[0].expected.unwrap(), Decimal::ONE);

    // The reverse: funds in 元, uses in 万元 with fewer places agree at their precision.
    let mut rev = clean();
    rev.header.money_unit = MoneyUnit::Yuan;
    for s in &mut rev.funds.sources {
        for col in FundsColumn::ALL {
            s.amounts.set(col, s.amounts.get(col).map(|v| MoneyUnit::TenThousandYuan.convert(v, MoneyUnit::Yuan)));
        }
    }
    rev.funds.total = FundsAmounts::default();
    rev.funds.transfers.clear();
    let yuan_executed = rev.funds.effective_total().executed.unwrap();
    rev.funds.uses = vec![FundsUse { id: "u1".into(), purpose: "全部".into(), amount: Some(MoneyUnit::Yuan.convert(yuan_executed, MoneyUnit::TenThousandYuan)) }];
    rev.funds.uses_unit = Some(MoneyUnit::TenThousandYuan);
    assert!(codes_at(&rev, "FUNDS_USES_SUM").is_empty(), "{:#?}", codes_at(&rev, "FUNDS_USES_SUM"));
}

/// Issue 16, class 2: the 执行率 and 得分 a form prints beside each source row are held and
/// compared with the row's own figures (the budget rule applied to that row alone), at the
/// stated precision.
#[test]
fn per_source_claimed_rates_and_scores_are_compared_with_the_rows_own() {
    let mut ev = clean();
    let row = ev.funds.sources[0].clone();
    let own = jixiao::scoring::score_source(&ev, &row);
    let rate = own.rate.unwrap();
    ev.funds.sources[0].claimed_rate = Some(rate);
    ev.funds.sources[0].claimed_score = Some(own.score);
    assert!(codes_at(&ev, "CLAIMED_SOURCE_RATE_MISMATCH").is_empty());
    assert!(codes_at(&ev, "CLAIMED_SOURCE_SCORE_MISMATCH").is_empty());
    // Written with fewer places: compared at them.
    ev.funds.sources[0].claimed_rate = Some(jixiao::scoring::round(rate, 0));
    assert!(codes_at(&ev, "CLAIMED_SOURCE_RATE_MISMATCH").is_empty());
    // A wrong rate and score are found, with the computed figures.
    ev.funds.sources[0].claimed_rate = Some(rate - d("10"));
    ev.funds.sources[0].claimed_score = Some(own.score - d("1"));
    let r = codes_at(&ev, "CLAIMED_SOURCE_RATE_MISMATCH");
    assert_eq!(r.len(), 1);
    assert_eq!((r[0].expected, r[0].found), (Some(rate), Some(rate - d("10"))));
    assert!(r[0].message().contains(&row.name), "{}", r[0].message());
    let s = codes_at(&ev, "CLAIMED_SOURCE_SCORE_MISMATCH");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].expected, Some(own.score));
    // A row whose rate cannot be computed: the claim is named, not compared with a guess.
    ev.funds.sources[1].amounts.executed = None;
    ev.funds.sources[1].claimed_rate = Some(d("100"));
    let r = codes_at(&ev, "CLAIMED_SOURCE_RATE_MISMATCH");
    assert!(r.iter().any(|f| f.path == "funds.sources.s2.claimed_rate" && f.expected.is_none()), "{r:#?}");
}

/// Issue 16, class 3: the budget's planned breakdown (预算安排, by purpose) adds up to the
/// 年初预算数 or the 全年预算数 — in its own money unit, at the stated precision; a plan of
/// 1,200,000 元 for a budget of 145 万元 is a finding.
#[test]
fn a_planned_breakdown_is_checked_against_the_budget() {
    let plan = |amounts: &[&str]| -> Vec<FundsUse> {
        amounts
            .iter()
            .enumerate()
            .map(|(i, a)| FundsUse { id: format!("p{}", i + 1), purpose: format!("用途{}", i + 1), amount: Some(d(a)) })
            .collect()
    };
    let mut ev = clean();
    ev.funds.total.budget_initial = Some(d("145"));
    ev.funds.sources[0].amounts.budget_initial = Some(d("125"));
    ev.funds.total.budget_full = Some(d("100"));
    // In 元: 1,200,000 元 = 120 万元, neither 145 nor 100.
    ev.funds.plans = plan(&["800000", "400000"]);
    ev.funds.plans_unit = Some(MoneyUnit::Yuan);
    let f = codes_at(&ev, "FUNDS_PLAN_SUM");
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = f[0].message();
    assert!(m.contains("1200000.00元（合 120.00万元）") && m.contains("年初预算数 145.00万元") && m.contains("全年预算数 100.00万元"), "{m}");
    assert_eq!(f[0].path, "funds.plans.p1.amount");
    // Adding up to the 年初预算数 (the application's plan) or to the 全年预算数: fine.
    ev.funds.plans = plan(&["1000000", "450000"]);
    assert!(codes_at(&ev, "FUNDS_PLAN_SUM").is_empty());
    ev.funds.plans = plan(&["600000", "400000"]);
    assert!(codes_at(&ev, "FUNDS_PLAN_SUM").is_empty());
    // No plan, or no budget: nothing to compare.
    ev.funds.plans.clear();
    assert!(codes_at(&ev, "FUNDS_PLAN_SUM").is_empty());
}

/// Issue 16, class 7: one cause, one error — findings that follow from another name it
/// (`caused_by`), and only then.
#[test]
fn findings_that_follow_from_another_name_their_cause() {
    let mut ev = clean();
    ev.funds.total.budget_full = Some(Decimal::ZERO);
    ev.funds.total.executed = Some(Decimal::ZERO);
    ev.claimed.execution_rate = Some(Decimal::ZERO);
    ev.claimed.budget_score = Some(Decimal::ZERO);
    let f = findings(&ev);
    let cause = "FUNDS_SOURCES_SUM@funds.total.budget_full";
    assert!(f.iter().any(|x| format!("{}@{}", x.code, x.path) == cause));
    for code in ["CLAIMED_EXECUTION_RATE_MISMATCH", "CLAIMED_BUDGET_SCORE_MISMATCH"] {
        let x = f.iter().find(|x| x.code == code).unwrap_or_else(|| panic!("{code}: {f:#?}"));
        assert_eq!(x.caused_by.as_deref(), Some(cause), "{code}");
    }
    // The cause itself, and findings of other causes, name none.
    assert!(f.iter().filter(|x| x.code == "FUNDS_SOURCES_SUM").all(|x| x.caused_by.is_none()));
    // Serialised only when there is a cause.
    let json = serde_json::to_value(&f).unwrap();
    assert!(json.as_array().unwrap().iter().any(|x| x["caused_by"] == cause));
    assert!(json.as_array().unwrap().iter().any(|x| x.get("caused_by").is_none()));

    // A claimed grade right for a wrong claimed total follows from the total.
    let mut ev = clean();
    let total = jixiao::assess(&ev).scorecard.total;
    ev.claimed.total = Some(total - d("30"));
    ev.claimed.grade = Some(ev.rules.grades.grade(total - d("30")));
    let f = findings(&ev);
    let g = f.iter().find(|x| x.code == "CLAIMED_GRADE_MISMATCH").unwrap_or_else(|| panic!("{f:#?}"));
    assert_eq!(g.caused_by.as_deref(), Some("CLAIMED_TOTAL_MISMATCH@claimed.total"));
    // A grade wrong for its own total is a problem of its own.
    let computed = jixiao::assess(&ev).scorecard.grade;
    let other = [Grade::Excellent, Grade::Good, Grade::Pass, Grade::Poor]
        .into_iter()
        .find(|g| *g != computed && *g != ev.rules.grades.grade(total - d("30")))
        .unwrap();
    ev.claimed.grade = Some(other);
    let f = findings(&ev);
    let g = f.iter().find(|x| x.code == "CLAIMED_GRADE_MISMATCH").expect("grade mismatch");
    assert_eq!(g.caused_by, None);
}
