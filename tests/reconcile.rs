//! Reconciliation (domain.md §4): a clean evaluation has no findings; each finding code is
//! triggered by a minimal change to it, at the path of the field to fix; findings do not
//! depend on the order of rows whose order carries no meaning.

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
        },
        FundsRow {
            id: "s2".into(),
            source: FundsSource::PriorCarryover,
            name: "上年结转资金".into(),
            amounts: all("20"),
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
        ("INDICATOR_NONE", "indicators", |ev| ev.indicators.clear()),
        ("INDICATOR_INAPPLICABLE", "indicators.i1.applicable", |ev| {
            ind(ev, "i1").applicable = false
        }),
        ("WEIGHT_MISSING", "indicators.i1.weight", |ev| ind(ev, "i1").weight = None),
        ("WEIGHT_NEGATIVE", "indicators.i1b.weight", |ev| ind(ev, "i1b").weight = Some(d("-15"))),
        ("WEIGHT_LEVEL_SUM", "indicators.L1.weight", |ev| {
            ind(ev, "L1").weight = Some(d("55"))
        }),
        ("WEIGHT_TOTAL", "indicators.i1.weight", |ev| ind(ev, "i2").weight = Some(d("25"))),
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
        ("FIGURE_CONFLICT", "figures.f2.value", |ev| ev.figures[1].value = Some(d("166000"))),
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
    assert!(x.message().contains("（当年财政拨款 80 + 上年结转资金 20）"), "{}", x.message());
    assert!(x.message().contains("多 10"), "{}", x.message());
}

#[test]
fn figures_stated_in_wan_and_in_units_are_compared_exactly() {
    let mut ev = clean();
    ev.figures[1].value = Some(d("166000"));
    let f = findings(&ev);
    let a = f.iter().find(|x| x.code == "FIGURE_CONFLICT" && x.path == "figures.f1.value").unwrap();
    // f1 is in 万人: the other statement (166000 人) is 16.6 万人.
    assert_eq!((a.expected, a.found), (Some(d("16.6")), Some(d("16.8"))));
    let b = f.iter().find(|x| x.code == "FIGURE_CONFLICT" && x.path == "figures.f2.value").unwrap();
    assert_eq!((b.expected, b.found), (Some(d("168000")), Some(d("166000"))));
    // One unit apart (16.80001 万人 = 168000.1 人) is still a conflict.
    let mut ev = clean();
    ev.figures[0].value = Some(d("16.80001"));
    assert!(findings(&ev).iter().any(|x| x.code == "FIGURE_CONFLICT"));
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

#[test]
fn findings_are_sorted_by_severity_then_path() {
    let mut ev = clean();
    for (_, _, m) in cases().into_iter().filter(|(c, _, _)| {
        ["CLAIMED_TOTAL_MISMATCH", "TARGET_UNMET_UNEXPLAINED", "INDICATOR_INAPPLICABLE", "FUNDS_USES_SUM"]
            .contains(c)
    }) {
        m(&mut ev);
    }
    let f = findings(&ev);
    let keys: Vec<(Severity, String)> = f.iter().map(|x| (x.severity, x.path.clone())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
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
        prop_assert_eq!(before, after);
    }
}

#[test]
fn a_new_empty_draft_says_what_to_fill_first() {
    let ev = Evaluation::default();
    let f = findings(&ev);
    let got: Vec<(&str, &str)> = f.iter().map(|x| (x.code, x.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("FUNDS_TOTAL_MISSING", "funds.total.budget_full"),
            ("FUNDS_TOTAL_MISSING", "funds.total.executed"),
            ("HEADER_NAME_MISSING", "header.name"),
            ("HEADER_YEAR_MISSING", "header.year"),
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
            "「发放差错率」实际 3.8 为目标 5 的 131.58%（目标 ÷ 实际），达到或超过 130%，可能是目标定得偏低。请在偏差原因分析中说明超额的原因，并考虑下一年度调高目标。".to_string(),
        )]
    );
    let hit = f.iter().find(|x| x.code == "OVER_ACHIEVEMENT_UNEXPLAINED").unwrap();
    assert_eq!((hit.expected, hit.found), (Some(d("5")), Some(d("3.8"))));
}
