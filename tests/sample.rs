//! The sample draft (the seed report's project) end to end: its figures are the seed's, its
//! scores follow from the rules, and its findings are what a careful reviewer of the seed
//! raises.

use std::str::FromStr;

use jixiao::model::*;
use jixiao::sample::pension_2019;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn the_sample_carries_the_seeds_funds() {
    let draft = pension_2019();
    assert_eq!(draft.id, "sample-pension-2019");
    let ev = &draft.evaluation;
    assert_eq!(ev.header.name, "城乡居民社会养老保险区级配套");
    assert_eq!(ev.header.year, "2019");
    assert_eq!(ev.header.money_unit, MoneyUnit::TenThousandYuan);
    let f = &ev.funds;
    let total = f.effective_total();
    assert_eq!(total.budget_full, Some(d("371.16")));
    assert_eq!(total.received, Some(d("371.16")));
    assert_eq!(total.executed, Some(d("371.16")));
    assert_eq!(f.sources_sum(FundsColumn::Executed), Some(d("371.16")));
    // 334.41 + 28.33 + 8.42 = 371.16; 362.74 + 8.42 = 371.16
    let uses: Vec<Decimal> = f.uses.iter().filter_map(|u| u.amount).collect();
    assert_eq!(uses, vec![d("334.41"), d("28.33"), d("8.42")]);
    assert_eq!(f.uses_sum(), Some(d("371.16")));
    let transfers: Vec<Decimal> = f.transfers.iter().filter_map(|t| t.amount).collect();
    assert_eq!(transfers, vec![d("362.74"), d("8.42")]);
    assert_eq!(f.transfers_sum(), Some(d("371.16")));
    assert!(f.sources[0].name.contains("资源枯竭型城市转型专项转移支付"));
}

#[test]
fn the_sample_carries_the_seeds_targets_actuals_and_claims() {
    let ev = pension_2019().evaluation;
    let by_target = |t: &str| {
        ev.indicators
            .iter()
            .find(|i| i.target == Some(d(t)))
            .unwrap_or_else(|| panic!("no indicator with target {t}"))
    };
    assert_eq!(by_target("125000").actual, Some(d("125600")));
    assert_eq!(by_target("1500").actual, Some(d("1598")));
    assert_eq!(by_target("38200").actual, Some(d("36641")));
    assert_eq!(by_target("8450").actual, Some(d("7510")));
    assert_eq!(by_target("28600").actual, None, "the seed states no actual");
    assert_eq!(by_target("97").actual, Some(d("97.7")));
    assert!(by_target("90").from_survey);
    assert_eq!(ev.survey.distributed, Some(d("20")));
    assert_eq!(ev.claimed.total, Some(d("97")));
    assert_eq!(ev.claimed.grade, Some(Grade::Excellent));
    assert_eq!(ev.claimed.execution_rate, Some(d("100")));
    // Every report section has the seed's text; assumptions are stated in the notes.
    for s in NarrativeSection::ALL {
        assert!(!ev.narrative.get(&s).map(|t| t.trim().is_empty()).unwrap_or(true), "{s:?}");
    }
    assert!(ev.notes.contains("假设"));
    assert!(ev.notes.contains("满意"));
    // Both conflicting statements are kept as figures; the text quotes them by name.
    let values = |name: &str| -> Vec<(Decimal, String)> {
        ev.figures
            .iter()
            .filter(|f| f.name == name)
            .map(|f| (f.value.unwrap(), f.unit.clone()))
            .collect()
    };
    assert_eq!(values("参保人数"), vec![(d("16.80"), "万人".into()), (d("16.6"), "万人".into())]);
    assert_eq!(values("系统记账人次"), vec![(d("125599"), "人次".into()), (d("125600"), "人次".into())]);
    assert!(ev.narrative[&NarrativeSection::Implementation].contains("{参保人数}"));
    assert!(ev.narrative[&NarrativeSection::MainPerformance].contains("{参保人数}"));
    assert!(ev.narrative[&NarrativeSection::CostEffects].contains("{系统记账人次}"));
}

#[test]
fn the_sample_scores_by_the_rules() {
    let ev = pension_2019().evaluation;
    let a = jixiao::assess(&ev);
    let sc = &a.scorecard;
    // 371.16 ÷ 371.16 = 100 % → 10
    assert_eq!(sc.budget.rate, Some(d("100")));
    assert_eq!(sc.budget.score, d("10"));
    let s = |id: &str| sc.indicator(&ev, id).unwrap().score;
    assert_eq!(s("i-ledger"), d("8")); // 125600 ≥ 125000
    assert_eq!(s("i-funeral"), d("8")); // 1598 ≥ 1500
    assert_eq!(s("i-basic"), d("9.59")); // 36641 ÷ 38200 × 10 = 9.5918…
    assert_eq!(s("i-long"), d("7.11")); // 7510 ÷ 8450 × 8 = 7.1100…
    assert_eq!(s("i-65"), d("0")); // no actual
    assert_eq!(s("i-monthly"), d("8")); // 定性, 达成 band, 8 of 8
    assert_eq!(s("i-coverage"), d("20")); // 97.7 ≥ 97
    assert_eq!(s("i-sustain"), d("10")); // 定性, 10 of 10
    assert_eq!(s("i-satisfaction"), d("10")); // 19 ÷ 20 = 95 % ≥ 90
    assert_eq!(sc.indicator(&ev, "i-satisfaction").unwrap().actual, Some(d("95")));
    assert_eq!(
        sc.indicator(&ev, "i-basic").unwrap().explanation.formula(),
        "36641 ÷ 38200 × 10 = 9.59"
    );
    // 产出 8 + 8 + 9.59 + 7.11 + 0 + 8 = 40.70; 效益 30; 满意度 10
    assert_eq!(sc.group("l1-output").unwrap().score, d("40.70"));
    assert_eq!(sc.group("l1-benefit").unwrap().score, d("30"));
    assert_eq!(sc.group("l1-satisfaction").unwrap().score, d("10"));
    // 10 + 40.70 + 30 + 10 = 90.70 — not the 97 the unit reported; still 优.
    assert_eq!(sc.max_total, d("100"));
    assert_eq!(sc.total, d("90.70"));
    assert_eq!(sc.grade, Grade::Excellent);
}

#[test]
fn the_sample_findings_are_what_a_reviewer_raises() {
    let ev = pension_2019().evaluation;
    let a = jixiao::assess(&ev);
    let got: Vec<(&str, &str)> = a.findings.iter().map(|f| (f.code, f.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            // In the order of the form: the indicator table row by row (警告: the two missed
            // targets have no 偏差原因分析; 错误: i-65 has no actual), one finding for each key
            // figure stated twice differently, then the claimed total.
            ("TARGET_UNMET_UNEXPLAINED", "indicators.i-basic.deviation"),
            ("TARGET_UNMET_UNEXPLAINED", "indicators.i-long.deviation"),
            ("ACTUAL_MISSING", "indicators.i-65.actual"),
            ("FIGURE_CONFLICT", "figures.fig-insured-a.value"),
            ("FIGURE_CONFLICT", "figures.fig-ledger-a.value"),
            ("CLAIMED_TOTAL_MISMATCH", "claimed.total"),
        ]
    );
    let claimed = &a.findings[5];
    // The numbers read as the message does: scores with the rules' two decimals.
    assert_eq!(
        (claimed.expected, claimed.found, claimed.difference),
        (Some(d("90.70")), Some(d("97")), Some(d("6.30")))
    );
    assert_eq!(
        (claimed.expected.unwrap().to_string(), claimed.found.unwrap().to_string()),
        ("90.70".to_string(), "97.00".to_string())
    );
    assert!(claimed.message().contains("原报自评得分为 97.00 分，按各项数据和评分规则计算为 90.70 分，多 6.30"), "{}", claimed.message());
    // One finding per conflict, naming both statements and both places.
    let insured = &a.findings[3];
    assert!(insured.message().contains("16.80万人（一、(一)2 项目实施情况） 与 16.6万人（三、(一)2 主要绩效）"), "{}", insured.message());
    assert_eq!(insured.place(), "关键数据「参保人数」（一、(一)2 项目实施情况；三、(一)2 主要绩效）");
    let ledger = &a.findings[4];
    assert!(ledger.message().contains("125599人次") && ledger.message().contains("125600人次"));
    let basic = &a.findings[0];
    assert!(basic.message().contains("目标 38200人，实际 36641人"), "{}", basic.message());
}

#[test]
fn fixing_what_the_reviewer_raised_leaves_no_findings() {
    let mut ev = pension_2019().evaluation;
    ev.figures.retain(|f| f.id != "fig-insured-a" && f.id != "fig-ledger-a");
    for i in &mut ev.indicators {
        match i.id.as_str() {
            "i-basic" | "i-long" => i.deviation = "部分参保人员死亡、迁出，实际享受人数少于计划".into(),
            "i-65" => i.actual = Some(d("28600")),
            _ => {}
        }
    }
    // 90.70 + 8 (i-65 now met) = 98.70
    ev.claimed.total = Some(d("98.70"));
    let a = jixiao::assess(&ev);
    assert_eq!(a.scorecard.total, d("98.70"));
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
}

#[test]
fn the_sample_file_is_the_model_serialized() {
    // Loading and writing back loses nothing: every field of the file is a model field.
    let text = jixiao::sample::PENSION_2019_JSON;
    let file: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(file["format"], "jixiao-draft");
    assert_eq!(file["version"], 1);
    let draft = pension_2019();
    let back = serde_json::to_value(&draft.evaluation).unwrap();
    let again: Evaluation = serde_json::from_value(back).unwrap();
    assert_eq!(again, draft.evaluation);
    // Decimals are strings in the file.
    assert_eq!(file["evaluation"]["funds"]["total"]["executed"], "371.16");
    // Every key the file gives under evaluation.indicators[*] is a model field (no typo that
    // serde's defaults would silently drop).
    let model_keys: std::collections::BTreeSet<String> = serde_json::to_value(Indicator::default())
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for row in file["evaluation"]["indicators"].as_array().unwrap() {
        for k in row.as_object().unwrap().keys() {
            assert!(model_keys.contains(k), "unknown indicator field {k}");
        }
    }
}

#[test]
fn the_sample_file_is_a_valid_current_draft() {
    let loaded = jixiao::draft::parse(jixiao::sample::PENSION_2019_JSON.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.from_version, jixiao::draft::VERSION);
    assert_eq!(loaded.draft, pension_2019());
}

#[test]
fn the_sample_file_is_written_exactly_as_the_app_writes_drafts() {
    // The file is the model serialized by `draft::to_json` (every field, decimals as strings),
    // so that exporting the opened sample gives back the same file. After a deliberate change
    // of the sample, rewrite it with UPDATE_SAMPLE=1 and review the diff.
    let canonical = jixiao::draft::to_json(&pension_2019());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/pension-2019.jixiao.json");
    if std::env::var_os("UPDATE_SAMPLE").is_some() {
        std::fs::write(path, &canonical).unwrap();
    }
    assert_eq!(std::fs::read_to_string(path).unwrap(), canonical);
}
