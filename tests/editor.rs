//! The editor's reducer (jixiao::editor): every action, undo/redo, paste, unreadable text,
//! and sharing of unchanged rows.

use std::rc::Rc;
use std::str::FromStr;

use jixiao::draft::Draft;
use jixiao::editor::{
    apply, field_text, find_indicators, indicator_path, paste_preview, reduce, split_tsv, Action,
    EditorState, List, PasteColumn, Section, Step,
};
use jixiao::model::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn ind(id: &str, level: u8, name: &str) -> Indicator {
    Indicator {
        id: id.into(),
        level,
        name: name.into(),
        ..Indicator::default()
    }
}

fn scored(id: &str, name: &str, target: &str, actual: &str, weight: &str) -> Indicator {
    Indicator {
        target: Some(d(target)),
        actual: Some(d(actual)),
        weight: Some(d(weight)),
        unit: "人".into(),
        ..ind(id, 3, name)
    }
}

/// A small evaluation: funds, a tree of 3 levels, a survey, a figure.
fn small() -> Evaluation {
    let mut e = new_evaluation(RulePreset::Ministry);
    e.header.name = "测试项目".into();
    e.funds.sources[0].amounts.budget_full = Some(d("100"));
    e.funds.sources[0].amounts.executed = Some(d("90"));
    e.indicators = vec![
        ind("a", 1, "产出指标"),
        ind("b", 2, "数量指标"),
        scored("c", "发放人数", "100", "100", "20"),
        scored("x", "覆盖人数", "200", "200", "30"),
        ind("e", 1, "效益指标"),
        ind("f", 2, "社会效益指标"),
        scored("g", "知晓率", "90", "95", "30"),
    ];
    e.figures.push(KeyFigure {
        id: "k1".into(),
        name: "参保人数".into(),
        value: Some(d("16.80")),
        unit: "万人".into(),
        stated_in: String::new(),
    });
    e
}

fn state() -> EditorState {
    EditorState::new(Draft {
        id: "t".into(),
        evaluation: small(),
        ..Draft::default()
    })
}

fn edit(s: &EditorState, path: &str, text: &str) -> EditorState {
    reduce(
        s,
        Action::Edit {
            path: path.into(),
            text: text.into(),
        },
    )
}

fn ids(s: &EditorState) -> Vec<String> {
    s.evaluation().indicators.iter().map(|r| r.id.clone()).collect()
}

fn row<'a>(s: &'a EditorState, id: &str) -> &'a Indicator {
    s.evaluation().indicators.iter().find(|r| r.id == id).unwrap()
}

#[test]
fn edit_sets_numbers_leniently_and_rescores_once() {
    let s = state();
    let before = s.assessment.scorecard.indicator(s.evaluation(), "c").unwrap().score;
    assert_eq!(before, d("20"));
    let s = edit(&s, "indicators.c.actual", "５０");
    assert_eq!(row(&s, "c").actual, Some(d("50")));
    // 正向: 20 × 50 ÷ 100 = 10
    assert_eq!(s.assessment.scorecard.indicator(s.evaluation(), "c").unwrap().score, d("10.00"));
    assert_eq!(s.revision, 1);
    let s = edit(&s, "indicators.c.actual", "1,000");
    assert_eq!(row(&s, "c").actual, Some(d("1000")));
}

#[test]
fn unreadable_text_is_kept_and_scored_as_blank() {
    let before = state();
    assert!(before.assessment.scorecard.indicators.iter().any(|s| s.score > Decimal::ZERO));
    let s = edit(&before, "indicators.c.actual", "12..5");
    assert_eq!(row(&s, "c").actual, None, "what is scored is what the field shows: not 100");
    assert_eq!(
        s.evaluation().unreadable.get("indicators.c.actual").map(String::as_str),
        Some("12..5")
    );
    assert_eq!(s.field_text("indicators.c.actual"), "12..5", "the input shows what was typed");
    let msg = s.field_error("indicators.c.actual").unwrap();
    assert!(msg.contains("「12..5」不是有效的数字"), "{msg}");
    // The field's message is its finding's: one text, and no second finding ("未填写") for
    // the same cause at the same field.
    let at: Vec<_> = s.findings_at("indicators.c.actual").collect();
    assert_eq!(at.len(), 1, "{at:?}");
    assert_eq!(at[0].code, "UNREADABLE_NUMBER");
    assert_eq!(at[0].message(), msg);
    // The score is the blank actual's, and says so; the total follows.
    let view = s.rows.iter().find(|r| r.row.id == "c").unwrap();
    let score = view.score.as_ref().unwrap();
    assert_eq!(score.score, Decimal::ZERO);
    let why = format!("{} {}", score.explanation.rule(), score.explanation.formula());
    assert!(why.contains("缺少实际完成值"), "{why}");
    assert!(s.assessment.scorecard.total < before.assessment.scorecard.total);
    // The row view carries it too (for the table), and the cell shows the text.
    let view = s.rows.iter().find(|r| r.row.id == "c").unwrap();
    assert_eq!(view.unreadable.get("actual").map(String::as_str), Some("12..5"));
    assert_eq!(view.field_text("actual"), "12..5");
    // A readable value replaces it and removes the entry.
    let s = edit(&s, "indicators.c.actual", "80");
    assert_eq!(row(&s, "c").actual, Some(d("80")));
    assert!(s.evaluation().unreadable.is_empty());
    assert_eq!(s.field_error("indicators.c.actual"), None);
}

#[test]
fn money_in_the_wrong_unit_is_not_silently_accepted() {
    let s = edit(&state(), "funds.sources.s1.executed", "95万元");
    assert_eq!(s.evaluation().funds.sources[0].amounts.executed, Some(d("95")));
    let s = edit(&s, "funds.sources.s1.executed", "950000元");
    assert_eq!(s.evaluation().funds.sources[0].amounts.executed, None, "not 95: counted as blank");
    let msg = s.field_error("funds.sources.s1.executed").unwrap();
    assert!(msg.contains("资金单位「万元」"), "{msg}");
    let finding = s.findings_at("funds.sources.s1.executed").next().unwrap();
    assert_eq!(finding.message(), msg, "the field's message and its finding are one text");
    // Changing the money unit does not convert anything.
    let s = edit(&s, "funds.sources.s1.executed", "95");
    let s = edit(&s, "header.money_unit", "元");
    assert_eq!(s.evaluation().header.money_unit, MoneyUnit::Yuan);
    assert_eq!(s.evaluation().funds.sources[0].amounts.executed, Some(d("95")));
}

/// Issue 16, class 4: the uses table can have its own money unit; a unit typed in an amount is
/// checked against that table's unit, and the choice can be taken back to the project's.
#[test]
fn the_uses_table_has_its_own_money_unit() {
    let s = reduce(&state(), Action::AddRow { list: List::FundsUses, after: None });
    let s = edit(&s, "funds.uses_unit", "元");
    assert_eq!(s.evaluation().funds.uses_unit, Some(MoneyUnit::Yuan));
    let id = s.evaluation().funds.uses[0].id.clone();
    let path = format!("funds.uses.{id}.amount");
    let s = edit(&s, &path, "439120.67元");
    assert_eq!(s.evaluation().funds.uses[0].amount, Some(d("439120.67")));
    let s = edit(&s, &path, "43.9万元");
    assert_eq!(s.evaluation().funds.uses[0].amount, None, "万元 typed in a table in 元: blank, said");
    let msg = s.field_error(&path).unwrap();
    assert!(msg.contains("资金单位「元」") && msg.contains("资金使用情况的金额单位"), "{msg}");
    // The sources stay in the project's unit.
    let s = edit(&s, "funds.sources.s1.executed", "95万元");
    assert_eq!(s.evaluation().funds.sources[0].amounts.executed, Some(d("95")));
    let s = edit(&s, "funds.uses_unit", "");
    assert_eq!(s.evaluation().funds.uses_unit, None);
    let s = edit(&s, "funds.transfers_unit", "元");
    assert_eq!(s.evaluation().funds.transfers_unit, Some(MoneyUnit::Yuan));
}

#[test]
fn edit_reaches_every_section() {
    let mut s = state();
    let cases: &[(&str, &str)] = &[
        ("header.name", "新名称"),
        ("header.year", "2020"),
        ("header.kind", "部门评价"),
        ("notes", "备注"),
        ("funds.total.budget_full", "120"),
        ("funds.sources.s2.name", "结转"),
        ("funds.sources.s1.budget_initial", "80"),
        ("funds.execution_note", "说明"),
        ("goals.overall", "总目标"),
        ("goals.annual", "年度目标"),
        ("goals.achieved", "完成"),
        ("indicators.c.name", "发放人数（人）"),
        ("indicators.c.nature", "≤"),
        ("indicators.c.direction", "反向"),
        ("indicators.c.target", "120"),
        ("indicators.c.unit", "户"),
        ("indicators.c.weight", "25"),
        ("indicators.c.deviation", "原因"),
        ("indicators.c.evidence", "台账"),
        ("indicators.c.applicable", "false"),
        ("indicators.c.from_survey", "true"),
        ("indicators.c.claimed_score", "18"),
        ("indicators.c.manual.score", "15"),
        ("indicators.c.manual.reason", "质量问题扣分"),
        ("indicators.g.band", "部分达成并具有一定效果"),
        ("indicators.g.band_score", "20"),
        ("survey.distributed", "25"),
        ("survey.valid", "20"),
        ("survey.method", "问卷"),
        ("survey.options.o1.count", "12"),
        ("survey.options.o3.satisfied", "true"),
        ("figures.k1.value", "16.6"),
        ("figures.k1.stated_in", "一、(一)2"),
        ("narrative.background", "背景文字"),
        ("rules.budget_weight", "20"),
        ("rules.execution_base", "实际到位资金"),
        ("rules.decimals", "1"),
        ("rules.over_achievement_percent", "150"),
        ("rules.bands.partial.min", "50"),
        ("rules.grades.good", "75"),
        ("rules.rescale_inapplicable", "false"),
        ("rules.compare_at_stated_precision", "false"),
        ("rules.level1_weights.0.weight", "60"),
        ("claimed.total", "97"),
        ("claimed.grade", "优"),
        ("claimed.execution_rate", "100%"),
    ];
    for (path, text) in cases {
        s = edit(&s, path, text);
        assert!(s.notice.is_none(), "{path}: {:?}", s.notice);
        assert!(s.evaluation().unreadable.is_empty(), "{path}: {:?}", s.evaluation().unreadable);
        let shown = field_text(s.evaluation(), path).unwrap();
        let expected = text.trim_end_matches('%');
        assert_eq!(shown, expected, "{path} reads back");
    }
    let e = s.evaluation();
    assert_eq!(e.indicators[2].manual.as_ref().unwrap().score, Some(d("15")));
    assert_eq!(e.claimed.grade, Some(Grade::Excellent));
    assert_eq!(e.rules.execution_base, ExecutionBase::Received);
    assert!(!e.rules.compare_at_stated_precision);
    assert_eq!(e.rules.preset, RulePreset::Custom, "a changed setting makes the rules 自定义");
    assert_eq!(e.narrative.get(&NarrativeSection::Background).unwrap(), "背景文字");
    // Empty narrative falls back to the default text.
    let s = edit(&s, "narrative.background", "  ");
    assert!(!s.evaluation().narrative.contains_key(&NarrativeSection::Background));
}

#[test]
fn target_with_operator_and_unit_sets_nature_and_unit() {
    let s = edit(&state(), "indicators.c.target", "≤95%");
    let r = row(&s, "c");
    assert_eq!(r.target, Some(d("95")));
    assert_eq!(r.nature, IndicatorNature::AtMost);
    assert_eq!(r.unit, "%");
    // An actual in another unit is recorded as its unit (a finding), never converted.
    let s = edit(&state(), "indicators.c.actual", "1.2万人");
    assert_eq!(row(&s, "c").actual, Some(d("1.2")));
    assert_eq!(row(&s, "c").actual_unit, "万人");
    let s = edit(&s, "indicators.c.actual", "12000人");
    assert_eq!(row(&s, "c").actual_unit, "", "same unit as the target: cleared");
}

#[test]
fn unknown_paths_and_bad_choices_change_nothing_and_say_so() {
    let s0 = state();
    let s = edit(&s0, "indicators.nope.actual", "1");
    assert!(Rc::ptr_eq(&s.draft, &s0.draft));
    assert!(s.notice.as_deref().unwrap().contains("没有这个字段"));
    let s = edit(&s0, "indicators.c.nature", "大概");
    assert!(Rc::ptr_eq(&s.draft, &s0.draft));
    assert!(s.notice.as_deref().unwrap().contains("「大概」"));
    assert!(!s.can_undo());
}

#[test]
fn required_settings_keep_empty_text_as_unreadable() {
    let s = edit(&state(), "rules.budget_weight", "");
    assert_eq!(s.evaluation().rules.budget_weight, d("10"));
    assert_eq!(s.field_error("rules.budget_weight").as_deref(), Some("此项必须填写数字"));
    let s = edit(&s, "rules.decimals", "2.5");
    assert_eq!(s.evaluation().rules.decimals, 2);
    assert!(s.field_error("rules.decimals").unwrap().contains("0 到 6"));
}

#[test]
fn add_delete_move_rows_in_every_list() {
    let lists = [
        (List::FundsSources, "funds.sources."),
        (List::FundsUses, "funds.uses."),
        (List::FundsPlans, "funds.plans."),
        (List::FundsTransfers, "funds.transfers."),
        (List::SurveyOptions, "survey.options."),
        (List::Figures, "figures."),
        (List::Level1Weights, "rules.level1_weights."),
        (List::Indicators, "indicators."),
    ];
    for (list, prefix) in lists {
        let s0 = state();
        let id_of = |focus: &str| focus[prefix.len()..].split('.').next().unwrap().to_string();
        let s = reduce(&s0, Action::AddRow { list, after: None });
        let focus_a = s.focus.clone().unwrap();
        assert!(focus_a.starts_with(prefix), "{list:?}: {focus_a}");
        let s = reduce(&s, Action::AddRow { list, after: None });
        let focus_b = s.focus.clone().unwrap();
        assert_ne!(focus_a, focus_b);
        // The new fields can be edited by their paths.
        let s = edit(&s, &focus_a, "甲");
        let s = edit(&s, &focus_b, "乙");
        assert_eq!(field_text(s.evaluation(), &focus_a).as_deref(), Some("甲"), "{list:?}");
        assert_eq!(field_text(s.evaluation(), &focus_b).as_deref(), Some("乙"), "{list:?}");
        // Move B above A.
        let s = reduce(&s, Action::MoveRow { list, id: id_of(&focus_b), up: true });
        assert!(s.notice.is_none(), "{list:?}: {:?}", s.notice);
        if list == List::Level1Weights {
            // Rows addressed by index: after the move, index a holds 乙 and b holds 甲.
            assert_eq!(field_text(s.evaluation(), &focus_a).as_deref(), Some("乙"));
        } else {
            assert_eq!(field_text(s.evaluation(), &focus_a).as_deref(), Some("甲"));
        }
        let s = reduce(&s, Action::DeleteRow { list, id: id_of(&focus_b) });
        let s = reduce(&s, Action::DeleteRow { list, id: id_of(&focus_a) });
        assert!(s.notice.is_none(), "{list:?}: {:?}", s.notice);
        assert_eq!(s.evaluation(), s0.evaluation(), "{list:?}");
        assert_eq!(s.undo_depth(), 7);
        let gone = reduce(&s, Action::DeleteRow { list, id: "nope".into() });
        assert!(gone.notice.is_some());
    }
}

#[test]
fn new_row_ids_are_unique_and_stable_across_undo() {
    let s = state();
    let s1 = reduce(&s, Action::AddRow { list: List::Indicators, after: Some("c".into()) });
    let s2 = reduce(&s1, Action::AddRow { list: List::Indicators, after: Some("c".into()) });
    let ids2 = ids(&s2);
    let mut unique = ids2.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids2.len());
    // Inserted right after c, at c's level.
    assert_eq!(s2.evaluation().indicators[3].level, 3);
    let undone = reduce(&reduce(&s2, Action::Undo), Action::Undo);
    assert_eq!(ids(&undone), ids(&s));
    let redone = reduce(&reduce(&undone, Action::Redo), Action::Redo);
    assert_eq!(ids(&redone), ids2, "redo brings back the same ids");
    // A row added after undo gets a fresh id, not a reused one.
    let s3 = reduce(&undone, Action::AddRow { list: List::Indicators, after: None });
    let new = ids(&s3).pop().unwrap();
    assert!(!ids2.contains(&new), "{new} reused");
}

#[test]
fn move_at_the_ends_is_refused_with_a_message() {
    let s = reduce(&state(), Action::MoveRow { list: List::Indicators, id: "a".into(), up: true });
    assert!(s.notice.as_deref().unwrap().contains("第一行"));
    assert!(!s.can_undo());
    let s = reduce(&state(), Action::MoveRow { list: List::Indicators, id: "g".into(), up: false });
    assert!(s.notice.as_deref().unwrap().contains("最后一行"));
}

#[test]
fn indent_and_outdent_move_the_row_with_its_children() {
    let s = state();
    // f (二级) with g (三级) below: f cannot go deeper, g is already 三级.
    let s1 = reduce(&s, Action::Indent { id: "f".into() });
    assert!(s1.notice.as_deref().unwrap().contains("不能再缩进"));
    let s1 = reduce(&s, Action::Indent { id: "g".into() });
    assert!(s1.notice.as_deref().unwrap().contains("三级指标已是最低一级"));
    // Outdent b (二级 with c, x below): b → 1, c, x → 2.
    let s2 = reduce(&s, Action::Outdent { id: "b".into() });
    let levels: Vec<u8> = s2.evaluation().indicators.iter().map(|r| r.level).collect();
    assert_eq!(levels, vec![1, 1, 2, 2, 1, 2, 3]);
    // And back.
    let s3 = reduce(&s2, Action::Indent { id: "b".into() });
    assert_eq!(s3.evaluation().indicators, s.evaluation().indicators);
    let s4 = reduce(&s, Action::Outdent { id: "a".into() });
    assert!(s4.notice.as_deref().unwrap().contains("一级指标已是最高一级"));
}

#[test]
fn apply_preset_replaces_the_rules() {
    let s = edit(&state(), "rules.budget_weight", "20");
    let s = reduce(&s, Action::ApplyPreset(RulePreset::TenNinety));
    assert_eq!(s.evaluation().rules, RuleSettings::preset(RulePreset::TenNinety));
    let s = reduce(&s, Action::Undo);
    assert_eq!(s.evaluation().rules.budget_weight, d("20"));
}

/// The presets named after their documents are offered by label; 云南's settings are the
/// national ones, and a 云南 draft whose settings are edited back to them stays 云南 (issue 16).
#[test]
fn the_yunnan_preset_is_chosen_by_label_and_kept() {
    let s = edit(&state(), "rules.preset", RulePreset::Yunnan.label());
    assert!(s.notice.is_none(), "{:?}", s.notice);
    assert_eq!(s.evaluation().rules, RuleSettings::preset(RulePreset::Yunnan));
    let s = edit(&s, "rules.budget_weight", "10");
    assert_eq!(s.evaluation().rules.preset, RulePreset::Yunnan);
    let s = edit(&s, "rules.budget_weight", "15");
    assert_eq!(s.evaluation().rules.preset, RulePreset::Custom);
    let s = edit(&s, "rules.preset", RulePreset::TenNinety.label());
    assert_eq!(s.evaluation().rules, RuleSettings::preset(RulePreset::TenNinety));
}

/// Undo after each action gives back exactly the evaluation before it; redo the one after.
#[test]
fn undo_and_redo_every_kind_of_action() {
    let actions = vec![
        Action::Edit { path: "header.name".into(), text: "甲".into() },
        Action::Edit { path: "indicators.c.actual".into(), text: "60".into() },
        Action::Edit { path: "indicators.c.actual".into(), text: "6..0".into() },
        Action::Edit { path: "funds.sources.s1.executed".into(), text: "88".into() },
        Action::AddRow { list: List::Indicators, after: Some("x".into()) },
        Action::DeleteRow { list: List::Indicators, id: "x".into() },
        Action::MoveRow { list: List::Indicators, id: "g".into(), up: true },
        Action::Outdent { id: "f".into() },
        Action::Indent { id: "f".into() },
        Action::AddRow { list: List::FundsUses, after: None },
        Action::AddRow { list: List::SurveyOptions, after: None },
        Action::DeleteRow { list: List::Figures, id: "k1".into() },
        Action::ApplyPreset(RulePreset::TenNinety),
        Action::Edit { path: "narrative.problems".into(), text: "问题".into() },
        Action::PastePreview { text: "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n产出指标\t数量指标\t新指标\t10\t8\t5\n".into() },
        Action::PasteApply,
    ];
    let mut states = vec![state()];
    for a in actions {
        let next = reduce(states.last().unwrap(), a.clone());
        assert!(next.notice.is_none() || matches!(a, Action::PasteApply), "{a:?}: {:?}", next.notice);
        states.push(next);
    }
    let changes = states
        .windows(2)
        .filter(|w| w[0].evaluation() != w[1].evaluation())
        .count();
    let last = states.last().unwrap().clone();
    assert_eq!(last.undo_depth(), changes);
    // Undo all the way back, checking each intermediate evaluation.
    let mut distinct: Vec<Evaluation> = vec![states[0].evaluation().clone()];
    for s in &states[1..] {
        if s.evaluation() != distinct.last().unwrap() {
            distinct.push(s.evaluation().clone());
        }
    }
    let mut s = last;
    for expected in distinct.iter().rev().skip(1) {
        s = reduce(&s, Action::Undo);
        assert_eq!(s.evaluation(), expected);
        // The assessment follows the evaluation.
        assert_eq!(*s.assessment, jixiao::assess(s.evaluation()));
    }
    assert!(!s.can_undo());
    assert_eq!(apply(&s, Action::Undo), None, "nothing to undo: no change at all");
    for expected in distinct.iter().skip(1) {
        s = reduce(&s, Action::Redo);
        assert_eq!(s.evaluation(), expected);
    }
    assert!(!s.can_redo());
}

#[test]
fn a_new_edit_clears_redo() {
    let s = edit(&state(), "header.name", "甲");
    let s = reduce(&s, Action::Undo);
    assert!(s.can_redo());
    let s = edit(&s, "header.name", "乙");
    assert!(!s.can_redo());
    assert_eq!(s.undo_label(), Some("修改 名称"));
}

#[test]
fn editing_the_same_value_again_is_not_a_step() {
    let s = edit(&state(), "header.name", "测试项目");
    assert!(!s.can_undo());
    assert_eq!(s.revision, 0);
}

#[test]
fn paste_three_rows_with_headers() {
    let tsv = "一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t度量单位\t实际完成值\t分值\t偏差原因分析及改进措施\r\n\
               产出指标\t数量指标\t培训人次\t≥\t500\t人次\t480\t10\t部分学员未到\r\n\
               \t\t宣传册\t≥\t1,000\t册\t1000\t5\t\r\n\
               满意度指标\t服务对象满意度指标\t群众满意度\t≥\t90%\t\t９２％\t10\t\r\n";
    let s = reduce(&state(), Action::PastePreview { text: tsv.into() });
    let p = s.paste.clone().unwrap();
    assert!(p.matched_by_header);
    assert_eq!(p.rows.len(), 3);
    assert_eq!(p.problem_count(), 0, "{:?}", p.rows);
    // Merged cells (blank 一级/二级) carry down.
    assert_eq!(p.rows[1].level1, "产出指标");
    assert_eq!(p.rows[1].level2, "数量指标");
    assert_eq!(p.rows[1].indicator.as_ref().unwrap().target, Some(d("1000")));
    let sat = p.rows[2].indicator.as_ref().unwrap();
    assert_eq!((sat.target, sat.actual, sat.unit.as_str()), (Some(d("90")), Some(d("92")), "%"));
    // Nothing changed yet.
    assert_eq!(s.evaluation(), state().evaluation());

    let before = ids(&s);
    let s = reduce(&s, Action::PasteApply);
    assert!(s.paste.is_none());
    let e = s.evaluation();
    let names: Vec<(u8, &str)> = e.indicators.iter().map(|r| (r.level, r.name.as_str())).collect();
    // The two 产出 rows go under the existing 产出指标 › 数量指标 group, after its rows;
    // 满意度指标 and its 二级 heading are created at the end.
    assert_eq!(
        names,
        vec![
            (1, "产出指标"),
            (2, "数量指标"),
            (3, "发放人数"),
            (3, "覆盖人数"),
            (3, "培训人次"),
            (3, "宣传册"),
            (1, "效益指标"),
            (2, "社会效益指标"),
            (3, "知晓率"),
            (1, "满意度指标"),
            (2, "服务对象满意度指标"),
            (3, "群众满意度"),
        ]
    );
    let t = &e.indicators[4];
    assert_eq!((t.target, t.actual, t.weight), (Some(d("500")), Some(d("480")), Some(d("10"))));
    assert_eq!(t.unit, "人次");
    assert_eq!(t.deviation, "部分学员未到");
    assert!(!before.contains(&t.id));
    // Scored at once.
    assert!(s.assessment.scorecard.indicator(s.evaluation(), &t.id).is_some());
    // One undo takes the whole paste back.
    let s = reduce(&s, Action::Undo);
    assert_eq!(s.evaluation(), state().evaluation());
}

#[test]
fn paste_three_rows_without_headers_by_position() {
    // 9 columns: 一级 二级 三级 指标性质 指标值 度量单位 实际完成值 分值 偏差原因
    let tsv = "产出指标\t质量指标\t合格率\t≥\t95\t%\t97\t10\t\n\
               产出指标\t时效指标\t及时发放\t定性\t每月25日前\t\t按时\t10\t\n\
               产出指标\t质量指标\t差错率\t≤\t1\t%\t0.5\t5\t";
    let s = reduce(&state(), Action::PastePreview { text: tsv.into() });
    let p = s.paste.clone().unwrap();
    assert!(!p.matched_by_header);
    assert_eq!(p.columns[3], PasteColumn::Nature);
    assert_eq!(p.rows.len(), 3);
    let q = p.rows[1].indicator.as_ref().unwrap();
    assert_eq!(q.nature, IndicatorNature::Qualitative);
    assert_eq!(q.target_text, "每月25日前");
    assert_eq!(q.actual_text, "按时");
    let s = reduce(&s, Action::PasteApply);
    let e = s.evaluation();
    // 质量指标 is created once; 差错率 joins it.
    let quality: Vec<&Indicator> = e.indicators.iter().filter(|r| r.name == "质量指标").collect();
    assert_eq!(quality.len(), 1);
    let qi = e.indicators.iter().position(|r| r.name == "质量指标").unwrap();
    assert_eq!(e.indicators[qi + 1].name, "合格率");
    assert_eq!(e.indicators[qi + 2].name, "差错率");
    assert_eq!(e.indicators[qi + 2].nature, IndicatorNature::AtMost);
    // All 产出 rows stay inside the 产出指标 block (before 效益指标).
    let benefit = e.indicators.iter().position(|r| r.name == "效益指标").unwrap();
    assert!(qi < benefit);
    assert!(e.indicators.iter().position(|r| r.name == "及时发放").unwrap() < benefit);
}

#[test]
fn paste_keeps_unreadable_cells_as_unreadable_text() {
    let tsv = "三级指标\t年度指标值\t实际完成值\t分值\n甲\t≥100\t12..5\t10\n乙\t50\t40\t十分\n";
    let s = reduce(&state(), Action::PastePreview { text: tsv.into() });
    let p = s.paste.clone().unwrap();
    assert_eq!(p.problem_count(), 2);
    assert_eq!(p.rows[0].problems[0].column, PasteColumn::Actual);
    assert!(p.rows[0].problems[0].message.contains("「12..5」"));
    let s = reduce(&s, Action::PasteApply);
    let jia = s.evaluation().indicators.iter().find(|r| r.name == "甲").unwrap();
    assert_eq!(jia.actual, None);
    assert_eq!(
        s.evaluation().unreadable.get(&format!("indicators.{}.actual", jia.id)).map(String::as_str),
        Some("12..5")
    );
    let yi = s.evaluation().indicators.iter().find(|r| r.name == "乙").unwrap();
    assert_eq!(
        s.evaluation().unreadable.get(&format!("indicators.{}.weight", yi.id)).map(String::as_str),
        Some("十分")
    );
    // Without 一级/二级 columns the rows go at the end, as 三级 rows.
    assert_eq!(s.evaluation().indicators.last().unwrap().name, "乙");
}

#[test]
fn paste_cancel_and_empty_paste() {
    let s = reduce(&state(), Action::PastePreview { text: "a\tb\tc\n".into() });
    assert!(s.paste.is_some());
    let s = reduce(&s, Action::PasteCancel);
    assert!(s.paste.is_none());
    assert!(!s.can_undo());
    let s = reduce(&state(), Action::PastePreview { text: "\n\t\n".into() });
    assert!(s.paste.is_none());
    assert!(s.notice.is_some());
    assert_eq!(apply(&s, Action::PasteApply), None);
}

#[test]
fn tsv_quoted_cells_with_line_breaks() {
    let rows = split_tsv("a\t\"多行\n文字\"\tc\n\"含\"\"引号\"\"\"\tx\ty\n");
    assert_eq!(rows, vec![vec!["a", "多行\n文字", "c"], vec!["含\"引号\"", "x", "y"]]);
    let p = paste_preview("三级指标\t偏差原因\n甲\t\"一\n二\"\n", MoneyUnit::TenThousandYuan);
    assert_eq!(p.rows[0].indicator.as_ref().unwrap().deviation, "一\n二");
}

// ---- Paste: preview and result agree row for row (issue 15, point 6) -------------------

/// Pastes `tsv` into the small evaluation: (the state with the preview, the state after
/// applying it).
fn paste(tsv: &str) -> (EditorState, EditorState) {
    let previewed = reduce(&state(), Action::PastePreview { text: tsv.into() });
    assert!(previewed.paste.is_some(), "no preview for {tsv:?}: {:?}", previewed.notice);
    let applied = reduce(&previewed, Action::PasteApply);
    (previewed, applied)
}

#[test]
fn the_preview_counts_exactly_what_the_paste_inserts() {
    let cases: [(&str, usize, usize, usize); 5] = [
        // Under existing headings: 3 三级 rows, nothing created.
        ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n产出指标\t数量指标\t甲\t10\t8\t5\n\t\t乙\t10\t9\t5\n\t\t丙\t10\t10\t5\n", 3, 0, 0),
        // 5 三级 rows and 2 new headings (满意度指标 › 服务对象满意度指标): the 5 vs 7.
        ("一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n\
          产出指标\t数量指标\t甲\t10\t8\t5\n\t\t乙\t10\t9\t5\n\t\t丙\t10\t10\t5\n\
          满意度指标\t服务对象满意度指标\t丁\t90\t92\t5\n\t\t戊\t90\t95\t5\n", 5, 2, 0),
        // A heading row of its own above its rows (一级 then 二级 then 三级 on separate lines).
        ("一级指标\t二级指标\t三级指标\t年度指标值\t分值\n可持续影响指标\t\t\t\t\n\t长效机制\t\t\t\n\t\t制度健全\t1\t5\n", 1, 2, 0),
        // Without a header, 9 columns by position; one new 二级 heading under 产出指标.
        ("产出指标\t质量指标\t合格率\t≥\t95\t%\t97\t10\t\n产出指标\t质量指标\t差错率\t≤\t1\t%\t0.5\t5\t\n", 2, 1, 0),
        // A garbage line among real rows: counted apart, not inserted.
        ("一级指标\t二级指标\t三级指标\t年度指标值\t分值\n产出指标\t数量指标\t甲\t10\t5\n合计\t\t\t\t100\n", 1, 0, 1),
    ];
    for (tsv, indicators, headings, unrecognised) in cases {
        let (previewed, applied) = paste(tsv);
        let p = previewed.paste.clone().unwrap();
        assert_eq!(
            (p.plan.indicators, p.plan.headings, p.plan.unrecognised),
            (indicators, headings, unrecognised),
            "{tsv}"
        );
        // One plan entry per preview row.
        assert_eq!(p.plan.rows.len(), p.rows.len());
        // The rows actually inserted are the rows the preview counted …
        let inserted = applied.evaluation().indicators.len() - state().evaluation().indicators.len();
        assert_eq!(inserted, p.plan.total(), "{tsv}");
        let new: Vec<&Indicator> = applied
            .evaluation()
            .indicators
            .iter()
            .filter(|r| !state().evaluation().indicators.iter().any(|o| o.id == r.id))
            .collect();
        assert_eq!(new.iter().filter(|r| r.level == 3).count(), indicators, "{tsv}");
        assert_eq!(new.iter().filter(|r| r.level < 3).count(), headings, "{tsv}");
        // … and the notice says it in the preview's words.
        let notice = applied.notice.clone().unwrap();
        assert!(notice.starts_with(&format!("已粘贴 {}", p.plan.inserted_text())), "{notice}");
        assert!(notice.contains(&p.plan.inserted_text()));
        assert_eq!(notice.contains("未识别"), unrecognised > 0, "{notice}");
    }
    // The case in words: 7 rows, 5 of them 三级.
    let (previewed, _) = paste(cases[1].0);
    assert_eq!(previewed.paste.unwrap().plan.inserted_text(), "7 行：5 个三级指标，新建 2 个一级/二级指标");
}

#[test]
fn a_paste_of_nothing_recognisable_inserts_nothing_and_says_so() {
    let (previewed, applied) = paste("今天开会讨论了绩效\n请各位准备材料\n");
    let p = previewed.paste.clone().unwrap();
    assert_eq!((p.plan.total(), p.plan.unrecognised), (0, 2));
    assert_eq!(applied.evaluation(), state().evaluation());
    assert!(!applied.can_undo());
    assert!(applied.notice.as_deref().unwrap().contains("2 行未识别"), "{:?}", applied.notice);
}

#[test]
fn a_qualitative_band_in_the_actual_is_read_and_scored() {
    let tsv = "一级指标\t二级指标\t三级指标\t指标性质\t年度指标值\t实际完成值\t分值\t得分\n\
               效益指标\t社会效益指标\t老有所养\t定性\t逐步解决\t达成年度指标\t10\t9\n\
               \t\t政策知晓\t定性\t明显提高\t部分达成\t10\t\n";
    let (previewed, applied) = paste(tsv);
    let p = previewed.paste.clone().unwrap();
    assert_eq!(p.rows[0].indicator.as_ref().unwrap().band, Some(QualitativeBand::Achieved));
    assert_eq!(p.rows[1].indicator.as_ref().unwrap().band, Some(QualitativeBand::Partial));
    let e = applied.evaluation();
    let r = e.indicators.iter().find(|r| r.name == "老有所养").unwrap();
    assert_eq!((r.nature, r.band, r.band_score), (IndicatorNature::Qualitative, Some(QualitativeBand::Achieved), Some(d("9"))));
    // The band's own words are the band, not a copy in the text.
    assert_eq!(r.actual_text, "");
    // Scored in its band: 9 of 10, not 0.
    assert_eq!(applied.assessment.scorecard.indicator(e, &r.id).unwrap().score, d("9"));
    let r2 = e.indicators.iter().find(|r| r.name == "政策知晓").unwrap();
    assert_eq!(r2.band, Some(QualitativeBand::Partial));
    // A band without a score asks for the score in the band (not for a band).
    let (score_path, band_path) = (format!("indicators.{}.band_score", r2.id), format!("indicators.{}.band", r2.id));
    let codes: Vec<&str> = applied.findings_at(&score_path).map(|f| f.code).collect();
    assert_eq!(codes, ["QUAL_SCORE_MISSING"]);
    assert!(applied.findings_at(&band_path).next().is_none());
}

#[test]
fn a_value_off_by_a_hundred_is_warned_in_the_preview_and_found_after_applying() {
    let tsv = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\n\
               产出指标\t质量指标\t合格率\t≥95%\t0.97\t5\n\
               \t\t达标率\t≥0.95\t97\t5\n\
               \t\t优良率\t≥95%\t97%\t5\n\
               \t\t完好率\t≥0.95\t0.97\t5\n";
    let (previewed, applied) = paste(tsv);
    let p = previewed.paste.clone().unwrap();
    let warned: Vec<usize> = p.rows.iter().map(|r| r.warnings.len()).collect();
    assert_eq!(warned, [1, 1, 0, 0]);
    assert_eq!(p.rows[0].warnings[0].column, PasteColumn::Actual);
    assert!(p.rows[0].warnings[0].message.contains("改填 97"), "{}", p.rows[0].warnings[0].message);
    assert_eq!(p.warning_count(), 2);
    // Applied as read (warned, not changed), and reconciliation says the same.
    let e = applied.evaluation();
    for (name, actual, warned) in [("合格率", "0.97", true), ("达标率", "97", true), ("优良率", "97", false), ("完好率", "0.97", false)] {
        let r = e.indicators.iter().find(|r| r.name == name).unwrap();
        assert_eq!(r.actual, Some(d(actual)), "{name}");
        let path = format!("indicators.{}.actual", r.id);
        let hits: Vec<_> = applied
            .findings_at(&path)
            .filter(|f| f.code == "ACTUAL_HUNDREDFOLD")
            .collect();
        assert_eq!(hits.len(), usize::from(warned), "{name}");
        if name == "合格率" {
            assert!(hits[0].message().ends_with(&p.rows[0].warnings[0].message), "{}", hits[0].message());
        }
    }
}

#[test]
fn add_row_goes_after_the_focused_row_and_under_a_focused_heading() {
    let names = |s: &EditorState| -> Vec<(u8, String)> {
        s.evaluation().indicators.iter().map(|r| (r.level, r.name.clone())).collect()
    };
    let new_at = |s: &EditorState| -> (usize, u8) {
        let id = indicator_path(s.focus.as_deref().unwrap()).unwrap().0.to_string();
        let i = s.evaluation().indicators.iter().position(|r| r.id == id).unwrap();
        (i, s.evaluation().indicators[i].level)
    };
    // After a 三级 row: right below it, a 三级 row (not at the end).
    let s = reduce(&state(), Action::AddRow { list: List::Indicators, after: Some("c".into()) });
    assert_eq!(new_at(&s), (3, 3));
    // On a 二级 heading: its first child, a 三级 row.
    let s = reduce(&state(), Action::AddRow { list: List::Indicators, after: Some("f".into()) });
    assert_eq!(new_at(&s), (6, 3));
    assert_eq!(s.evaluation().indicators[7].name, "知晓率");
    // On a 一级 heading: its first child at its children's level (二级), above 数量指标.
    let s = reduce(&state(), Action::AddRow { list: List::Indicators, after: Some("a".into()) });
    assert_eq!(new_at(&s), (1, 2));
    assert_eq!(s.evaluation().indicators[2].name, "数量指标");
    // The group keeps its rows: 数量指标 still holds 发放人数 and 覆盖人数 under 产出指标.
    let mut expected = names(&state());
    expected.insert(1, (2, String::new()));
    assert_eq!(names(&s), expected);
    // A heading without children: a child one level deeper.
    let mut lone = small();
    lone.indicators.push(ind("z", 1, "满意度指标"));
    let s = reduce(&EditorState::new(Draft { evaluation: lone, ..Draft::default() }), Action::AddRow { list: List::Indicators, after: Some("z".into()) });
    assert_eq!(new_at(&s), (8, 2));
    // Nothing focused, or a row that is gone: at the end, a 三级 row.
    for after in [None, Some("gone".to_string())] {
        let s = reduce(&state(), Action::AddRow { list: List::Indicators, after });
        assert_eq!(new_at(&s), (7, 3));
    }
}

#[test]
fn load_replaces_the_draft_and_clears_history() {
    let s = edit(&state(), "header.name", "甲");
    let other = Draft {
        id: "other".into(),
        evaluation: new_evaluation(RulePreset::TenNinety),
        ..Draft::default()
    };
    let s = reduce(&s, Action::Load(other.clone()));
    assert_eq!(*s.draft, other);
    assert!(!s.can_undo() && !s.can_redo());
    // As a draft opened shows it: its blank parts (all of them here) 待填写.
    assert_eq!(*s.assessment, jixiao::editor::assess_opened(&other.evaluation));
}

#[test]
fn focus_switches_section_and_survives() {
    let s = reduce(&state(), Action::Focus("funds.sources.s1.executed".into()));
    assert_eq!(s.section, Section::Funds);
    assert_eq!(s.focus.as_deref(), Some("funds.sources.s1.executed"));
    let seq = s.focus_seq;
    let s = reduce(&s, Action::Focus("funds.sources.s1.executed".into()));
    assert_eq!(s.focus_seq, seq + 1, "focusing the same field again is a new request");
    let s = edit(&s, "header.name", "甲");
    assert_eq!(s.section, Section::Funds, "an edit does not move the user");
    assert_eq!(Section::of_path("indicators.c.actual"), Section::Indicators);
    assert_eq!(Section::of_path("claimed.total"), Section::Rules);
    assert_eq!(apply(&s, Action::ShowSection(Section::Funds)), None);
}

#[test]
fn mark_saved_changes_modified_only() {
    let s = state();
    let s2 = reduce(&s, Action::MarkSaved { modified: "2026-01-01T00:00:00Z".into() });
    assert_eq!(s2.draft.modified, "2026-01-01T00:00:00Z");
    assert_eq!(s2.evaluation(), s.evaluation());
    assert!(!s2.can_undo());
}

fn big(n: usize) -> EditorState {
    let mut e = new_evaluation(RulePreset::Ministry);
    e.indicators = vec![ind("h1", 1, "产出指标"), ind("h2", 2, "数量指标")];
    for i in 0..n {
        e.indicators.push(scored(&format!("r{i}"), &format!("指标{i}"), "100", "100", "0.05"));
    }
    EditorState::new(Draft {
        evaluation: e,
        ..Draft::default()
    })
}

#[test]
fn a_thousand_rows_one_edit_shares_every_other_row_and_keeps_one_row_of_history() {
    let s0 = big(1000);
    let s1 = edit(&s0, "indicators.r500.actual", "50");
    assert_eq!(s1.rows.len(), 1002);
    let changed: Vec<&str> = s0
        .rows
        .iter()
        .zip(s1.rows.iter())
        .filter(|(a, b)| !Rc::ptr_eq(a, b))
        .map(|(_, b)| b.row.id.as_str())
        .collect();
    // Only the edited row and the headings whose subtotal changed are new.
    assert!(changed.contains(&"r500"));
    assert!(changed.iter().all(|id| *id == "r500" || id.starts_with('h')), "{changed:?}");
    // History keeps the one changed row, not the table.
    let kept: usize = s1.undo_steps().iter().map(Step::indicator_rows).sum();
    assert_eq!(kept, 1);
    // Deleting and moving keep one or two rows.
    let s2 = reduce(&s1, Action::DeleteRow { list: List::Indicators, id: "r10".into() });
    assert_eq!(s2.undo_steps().iter().map(Step::indicator_rows).sum::<usize>(), 1);
    let s3 = reduce(&s2, Action::MoveRow { list: List::Indicators, id: "r20".into(), up: true });
    assert_eq!(s3.undo_steps().iter().map(Step::indicator_rows).sum::<usize>(), 2);
    // Undo brings the row views back for unchanged rows too (no full rebuild of Rc's).
    let back = reduce(&reduce(&reduce(&s3, Action::Undo), Action::Undo), Action::Undo);
    assert_eq!(back.evaluation(), s0.evaluation());
    let shared = s3.rows.iter().filter(|r| back.rows.iter().any(|b| Rc::ptr_eq(r, b))).count();
    assert!(shared >= 990, "{shared}");
}

#[test]
fn new_evaluation_has_the_standard_skeleton() {
    let e = new_evaluation(RulePreset::Ministry);
    let l1: Vec<&str> = e.indicators.iter().filter(|r| r.level == 1).map(|r| r.name.as_str()).collect();
    assert_eq!(l1, vec!["产出指标", "效益指标", "满意度指标"]);
    assert_eq!(e.funds.sources.len(), 3);
    assert_eq!(e.rules, RuleSettings::preset(RulePreset::Ministry));
    let mut ids: Vec<&str> = e.indicators.iter().map(|r| r.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), e.indicators.len());
    assert_eq!(new_evaluation(RulePreset::TenNinety).rules.preset, RulePreset::TenNinety);
}

#[test]
fn the_sample_opens_and_every_indicator_field_reads_back() {
    let sample = jixiao::sample::pension_2019();
    let s = EditorState::new(sample.clone());
    assert_eq!(s.rows.len(), sample.evaluation.indicators.len());
    for r in &sample.evaluation.indicators {
        for f in ["name", "target", "actual", "weight", "unit", "nature"] {
            assert!(field_text(s.evaluation(), &format!("indicators.{}.{f}", r.id)).is_some());
        }
    }
    // Re-typing a shown value changes nothing (what is shown is exact).
    let r = sample.evaluation.indicators.iter().find(|r| r.actual.is_some()).unwrap();
    let path = format!("indicators.{}.actual", r.id);
    let shown = s.field_text(&path);
    let s2 = edit(&s, &path, &shown);
    assert!(!s2.can_undo(), "{path} = {shown}");
}

#[test]
fn an_unchanged_value_written_differently_is_no_new_state_at_all() {
    // `apply` gives None: the UI keeps the same state and does not re-render.
    let s0 = big(10);
    assert_eq!(apply(&s0, Action::Edit { path: "indicators.r3.actual".into(), text: "１００".into() }), None);
    assert_eq!(apply(&s0, Action::Edit { path: "indicators.r3.weight".into(), text: "0.050".into() }), None);
    assert_eq!(apply(&s0, Action::Edit { path: "header.name".into(), text: s0.evaluation().header.name.clone() }), None);
    // A real change still is one.
    let s1 = apply(&s0, Action::Edit { path: "indicators.r3.actual".into(), text: "90".into() }).unwrap();
    assert_eq!(s1.undo_depth(), 1);
    assert_eq!(row(&s1, "r3").actual, Some(d("90")));
}

#[test]
fn an_indicator_edit_that_also_clears_unreadable_text_undoes_both() {
    let s0 = big(5);
    let s1 = edit(&s0, "indicators.r2.actual", "12..5");
    assert_eq!(s1.field_text("indicators.r2.actual"), "12..5");
    assert_eq!(row(&s1, "r2").actual, None, "counted as blank");
    let s2 = edit(&s1, "indicators.r2.actual", "80人");
    assert_eq!(row(&s2, "r2").actual, Some(d("80")));
    assert_eq!(s2.field_error("indicators.r2.actual"), None);
    // One step for the row (not the table) and one for the unreadable text.
    assert_eq!(s2.undo_steps().iter().map(Step::indicator_rows).sum::<usize>(), 1);
    assert_eq!(s2.undo_steps().len(), 2);
    let back = reduce(&s2, Action::Undo);
    assert_eq!(back.evaluation(), s1.evaluation());
    assert_eq!(back.field_text("indicators.r2.actual"), "12..5");
    let again = reduce(&back, Action::Redo);
    assert_eq!(again.evaluation(), s2.evaluation());
    // The other rows' views are shared all along.
    let shared = again.rows.iter().zip(s0.rows.iter()).filter(|(a, b)| Rc::ptr_eq(a, b)).count();
    assert!(shared >= again.rows.len() - 3, "{shared}");
}

#[test]
fn find_indicators_matches_names_in_table_order_ignoring_case_width_and_blanks() {
    let mut e = small();
    e.indicators.push(scored("h", "GDP 增长率 gdp", "5", "5", "10"));
    // Every level is searched; the matches come in the table's order.
    assert_eq!(find_indicators(&e.indicators, "人数"), vec!["c", "x"]);
    assert_eq!(find_indicators(&e.indicators, "指标"), vec!["a", "b", "e", "f"]);
    // Trimmed; latin letters without case.
    assert_eq!(find_indicators(&e.indicators, "  覆盖 "), vec!["x"]);
    assert_eq!(find_indicators(&e.indicators, "Gdp"), vec!["h"]);
    // As typed on a Chinese keyboard: full-width letters and blanks, blanks inside.
    assert_eq!(find_indicators(&e.indicators, "ＧＤＰ增长"), vec!["h"]);
    assert_eq!(find_indicators(&e.indicators, "gdp\u{3000}增 长率"), vec!["h"]);
    assert_eq!(find_indicators(&e.indicators, "发放 人数"), vec!["c"]);
    // Nothing for an empty query or a name nobody has.
    assert!(find_indicators(&e.indicators, "   ").is_empty());
    assert!(find_indicators(&e.indicators, "满意度").is_empty());
}

#[test]
fn indicator_path_splits_the_row_id_from_the_field() {
    assert_eq!(indicator_path("indicators.i7.actual"), Some(("i7", "actual")));
    assert_eq!(indicator_path("indicators.i7.manual.reason"), Some(("i7", "manual.reason")));
    assert_eq!(indicator_path("indicators.i7"), Some(("i7", "")));
    assert_eq!(indicator_path("indicators"), None);
    assert_eq!(indicator_path("funds.sources.s1.name"), None);
}

fn type_(s: &EditorState, path: &str, text: &str) -> EditorState {
    reduce(
        s,
        Action::Type {
            path: path.into(),
            text: text.into(),
        },
    )
}

/// Typing "456" over 100 in 实际完成值: each keystroke rescores, the field's change ends the
/// typing, and the whole typing is one undo step back to 100 (and one redo step to 456).
#[test]
fn typing_rescores_each_keystroke_and_is_one_undo_step() {
    let start = edit(&state(), "header.name", "甲"); // an earlier step, which must stay
    let p = "indicators.c.actual";
    let mut s = start.clone();
    let mut scores = vec![];
    for text in ["4", "45", "456"] {
        s = type_(&s, p, text);
        assert_eq!(row(&s, "c").actual, Some(d(text)));
        assert_eq!(field_text(s.evaluation(), p).as_deref(), Some(text));
        scores.push(s.assessment.scorecard.indicator(s.evaluation(), "c").unwrap().score);
    }
    // 正向, target 100, weight 20: 4 → 0.80, 45 → 9.00, then capped at the full 20.
    assert_eq!(scores, vec![d("0.80"), d("9.00"), d("20")]);
    assert_eq!(s.undo_depth(), 2, "the name, then the typing");
    // The change with the same text: no new value, but the typing is over.
    let s = edit(&s, p, "456");
    assert_eq!(s.undo_depth(), 2);
    assert_eq!(*s.evaluation(), {
        let mut e = start.evaluation().clone();
        e.indicators.iter_mut().find(|r| r.id == "c").unwrap().actual = Some(d("456"));
        e
    });
    // Typing again in the same field after its change: a step of its own.
    let again = type_(&s, p, "7");
    assert_eq!(again.undo_depth(), 3);
    assert_eq!(reduce(&again, Action::Undo).evaluation(), s.evaluation());
    // One undo: back to before the typing (100); one redo: 456 again.
    let undone = reduce(&s, Action::Undo);
    assert_eq!(undone.evaluation(), start.evaluation());
    assert_eq!(row(&undone, "c").actual, Some(d("100")));
    assert_eq!(*undone.assessment, jixiao::assess(undone.evaluation()));
    let redone = reduce(&undone, Action::Redo);
    assert_eq!(redone.evaluation(), s.evaluation());
}

/// The change that ends typing may carry other text than the last keystroke sent ("45." after
/// "45", or text that cannot be read): it joins the typing's step too.
#[test]
fn the_change_ending_typing_joins_its_step_even_when_unreadable() {
    let p = "indicators.c.actual";
    let s = type_(&type_(&state(), p, "4"), p, "45");
    let s = edit(&s, p, "45..");
    assert_eq!(row(&s, "c").actual, None, "unreadable text counts as blank");
    assert_eq!(s.evaluation().unreadable.get(p).map(String::as_str), Some("45.."));
    assert_eq!(s.undo_depth(), 1);
    let undone = reduce(&s, Action::Undo);
    assert_eq!(undone.evaluation(), state().evaluation());
    // Typing in another field, or any other action between, starts a new step.
    let s = type_(&state(), p, "4");
    let s = type_(&s, "indicators.x.actual", "5");
    let s = type_(&s, p, "45");
    assert_eq!(s.undo_depth(), 3);
    let s = reduce(&reduce(&s, Action::Undo), Action::Undo);
    assert_eq!(row(&s, "c").actual, Some(d("4")));
    assert_eq!(row(&s, "x").actual, Some(d("200")));
}

/// Every number field of the sample, typed into: the field then shows back exactly the text
/// typed (plain numbers, separators, units, text that cannot be read), so the UI's re-render
/// never rewrites the text under the user's caret (src/ui/fields.rs sends every keystroke as
/// `Action::Type`); the change that ends the typing shows the value as read.
#[test]
fn typing_shows_back_exactly_the_text_in_every_number_field() {
    let e = jixiao::sample::pension_2019().evaluation;
    let mut paths: Vec<String> = vec![
        "survey.distributed".into(),
        "survey.valid".into(),
        "rules.budget_weight".into(),
        "rules.decimals".into(),
        "rules.over_achievement_percent".into(),
        "rules.execution_explain_below".into(),
        "rules.grades.excellent".into(),
        "rules.grades.good".into(),
        "rules.grades.pass".into(),
        "rules.level1_weights.0.weight".into(),
    ];
    for band in ["achieved", "partial", "failed"] {
        for end in ["min", "max"] {
            paths.push(format!("rules.bands.{band}.{end}"));
        }
    }
    for col in ["budget_initial", "budget_full", "received", "executed"] {
        paths.push(format!("funds.total.{col}"));
        paths.extend(e.funds.sources.iter().map(|r| format!("funds.sources.{}.{col}", r.id)));
    }
    paths.extend(e.funds.uses.iter().map(|r| format!("funds.uses.{}.amount", r.id)));
    paths.extend(e.funds.transfers.iter().map(|r| format!("funds.transfers.{}.amount", r.id)));
    paths.extend(e.survey.options.iter().map(|o| format!("survey.options.{}.count", o.id)));
    paths.extend(e.figures.iter().map(|k| format!("figures.{}.value", k.id)));
    for r in &e.indicators {
        for f in ["target", "actual", "weight", "band_score", "manual.score", "claimed_score"] {
            paths.push(format!("indicators.{}.{f}", r.id));
        }
    }
    let s = EditorState::new(Draft { id: "t".into(), evaluation: e.clone(), ..Draft::default() });
    let mut checked = 0;
    for path in &paths {
        assert!(field_text(&e, path).is_some(), "{path} is not a field of the sample");
        for text in ["0", "7", "12.50", "-3", "38200", "1,0", "3,711,6", "１２", "12..", "abc", "-"] {
            let typed = type_(&s, path, text);
            assert_eq!(typed.notice, None, "{path} ← {text}");
            assert_eq!(typed.field_text(path), text, "{path} ← {text}");
            if let Some((id, field)) = jixiao::editor::indicator_path(path) {
                let view = typed.rows.iter().find(|v| v.row.id == id).unwrap();
                assert_eq!(view.field_text(field), text, "{path} ← {text} (table cell)");
            }
            checked += 1;
        }
    }
    assert!(checked > 400, "{checked}");
    // The change that ends the typing shows the value as read, in the form and the table.
    let p = "indicators.i-basic.actual";
    assert!(field_text(&e, p).is_some());
    let typed = type_(&type_(&s, p, "1,0"), p, "1,000");
    assert_eq!(typed.field_text(p), "1,000");
    let ended = edit(&typed, p, "1,000");
    assert_eq!(ended.field_text(p), "1000");
    let view = ended.rows.iter().find(|v| v.row.id == "i-basic").unwrap();
    assert_eq!(view.field_text("actual"), "1000");
    assert_eq!(ended.undo_depth(), 1, "the typing and its change are one step");
}

/// Text fields follow the typing too (every keystroke is the draft's, so the autosave stores
/// it): the text shows back exactly, blanks included.
#[test]
fn typing_in_text_fields_changes_the_draft_at_each_keystroke() {
    let s = state();
    for (path, text) in [
        ("header.name", "城乡居民 "),
        ("goals.achieved", "全年发放 1"),
        ("narrative.summary_background", "一、项目概况\n"),
        ("indicators.c.name", "参保人数 "),
        ("indicators.c.deviation", "因"),
    ] {
        let typed = type_(&s, path, text);
        assert_eq!(typed.field_text(path), text, "{path}");
        assert!(!Rc::ptr_eq(&typed.draft, &s.draft), "{path}: the draft changed");
        assert!(typed.revision > s.revision, "{path}");
    }
}

// ---------------------------------------------------------------------------------------
// 待填写: what is merely not filled in yet is not an error until the user works on its part.

fn opened(evaluation: Evaluation) -> EditorState {
    EditorState::new(Draft { id: "n".into(), evaluation, ..Draft::default() })
}

fn codes(s: &EditorState, section: Section, severity: jixiao::reconcile::Severity) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = s
        .assessment
        .findings
        .iter()
        .filter(|f| f.severity == severity && Section::of_path(&f.path) == section)
        .map(|f| f.code)
        .collect();
    v.sort();
    v
}

#[test]
fn a_new_evaluation_has_no_errors_only_what_is_still_to_fill_per_section() {
    use jixiao::reconcile::Severity::*;
    let blank = new_evaluation(RulePreset::Ministry);
    let s = opened(blank.clone());
    // Nothing is an error or a warning: an empty form is not a bad form.
    assert!(
        s.assessment.findings.iter().all(|f| f.severity == ToFill),
        "{:#?}",
        s.assessment.findings
    );
    // Every finding of the blank form is still there, as 待填写, counted per section.
    assert_eq!(s.assessment.findings.len(), jixiao::assess(&blank).findings.len());
    assert_eq!(codes(&s, Section::Project, ToFill), ["HEADER_NAME_MISSING", "HEADER_YEAR_MISSING"]);
    assert_eq!(s.to_fill_count(Section::Project), 2);
    assert_eq!(codes(&s, Section::Funds, ToFill), ["FUNDS_TOTAL_MISSING", "FUNDS_TOTAL_MISSING"]);
    // The template's headings (3 一级, 9 二级) wait for their 三级 rows; no 三级 row at all;
    // the three standard 一级 headings have no weight under them yet. (Once the indicators are
    // worked on, a 二级 heading left without rows and 分值 is only 提示: INDICATOR_HEADING_UNUSED.)
    let headings = blank.indicators.len();
    let level1 = blank.indicators.iter().filter(|i| i.level == 1).count();
    let ind = codes(&s, Section::Indicators, ToFill);
    assert_eq!(ind.iter().filter(|c| **c == "INDICATOR_HEADING_EMPTY").count(), level1);
    assert_eq!(ind.iter().filter(|c| **c == "INDICATOR_HEADING_UNUSED").count(), headings - level1);
    assert_eq!(ind.iter().filter(|c| **c == "INDICATOR_NONE").count(), 1);
    assert_eq!(ind.iter().filter(|c| **c == "WEIGHT_STANDARD_SPLIT").count(), 3);
    assert_eq!(s.to_fill_count(Section::Indicators), headings + 4);
    assert_eq!(s.to_fill_total(), s.assessment.findings.len());
    for sec in Section::ALL {
        assert!(!s.worked_on(sec), "{sec:?}");
    }
    // No grade: the form cannot be scored yet.
    assert!(!s.assessment.scorecard.scorable);
}

#[test]
fn an_edit_in_a_section_turns_its_blanks_into_errors_and_leaves_the_others_to_fill() {
    use jixiao::reconcile::Severity::*;
    let s = opened(new_evaluation(RulePreset::Ministry));
    let s = edit(&s, "funds.sources.s1.budget_full", "100");
    assert!(s.worked_on(Section::Funds));
    // 全年执行数 is still blank: in 资金, worked on now, that is an error.
    assert_eq!(codes(&s, Section::Funds, Error), ["FUNDS_TOTAL_MISSING"]);
    assert_eq!(s.to_fill_count(Section::Funds), 0);
    // The other sections are untouched: still 待填写, no error.
    assert_eq!(codes(&s, Section::Project, ToFill), ["HEADER_NAME_MISSING", "HEADER_YEAR_MISSING"]);
    assert!(codes(&s, Section::Project, Error).is_empty());
    assert!(codes(&s, Section::Indicators, Error).is_empty());
    assert!(s.to_fill_count(Section::Indicators) > 0);
    // Typing counts as work on the section too (the keystrokes of 项目名称).
    let s = reduce(&s, Action::Type { path: "header.name".into(), text: "甲".into() });
    assert_eq!(codes(&s, Section::Project, Error), ["HEADER_YEAR_MISSING"]);
    // Undo does not make a section untouched again.
    let s = reduce(&s, Action::Undo);
    assert!(s.worked_on(Section::Project));
    assert_eq!(codes(&s, Section::Project, Error), ["HEADER_NAME_MISSING", "HEADER_YEAR_MISSING"]);
    // A row added in 绩效指标 is work there: its blanks and the template's are errors.
    let s = reduce(&s, Action::AddRow { list: List::Indicators, after: Some("i2".into()) });
    let errors = codes(&s, Section::Indicators, Error);
    assert!(errors.contains(&"INDICATOR_NAME_MISSING") && errors.contains(&"INDICATOR_HEADING_EMPTY"), "{errors:?}");
    assert_eq!(s.to_fill_count(Section::Indicators), 0);
}

#[test]
fn full_check_turns_every_section_to_fill_into_errors() {
    let blank = new_evaluation(RulePreset::Ministry);
    let s = opened(blank.clone());
    let checked = reduce(&s, Action::FullCheck);
    assert!(checked.fully_checked());
    assert_eq!(checked.to_fill_total(), 0);
    // Exactly the findings of the strict check, severities included.
    assert_eq!(*checked.assessment, jixiao::assess(&blank));
    // The headings' rows show their findings as errors now.
    let first = checked.rows.iter().find(|r| r.row.id == "i1").unwrap();
    assert!(first.findings.iter().any(|f| f.severity == jixiao::reconcile::Severity::Error));
    let before = s.rows.iter().find(|r| r.row.id == "i1").unwrap();
    assert!(before.findings.iter().all(|f| f.severity == jixiao::reconcile::Severity::ToFill));
    // Not a change of the draft: no undo step, no autosave.
    assert_eq!(checked.revision, s.revision);
    assert!(!checked.can_undo());
    // Once done, asking again changes nothing.
    assert!(apply(&checked, Action::FullCheck).is_none());
    // It stays: a later edit brings back no 待填写.
    let later = edit(&checked, "header.name", "甲");
    assert_eq!(later.to_fill_total(), 0);
}

#[test]
fn the_sample_opens_with_exactly_its_findings() {
    let sample = jixiao::sample::pension_2019();
    let s = opened(sample.evaluation.clone());
    assert_eq!(*s.assessment, jixiao::assess(&sample.evaluation));
    assert_eq!(s.to_fill_total(), 0);
    assert!(s.assessment.scorecard.scorable);
    // And so does it through Load (as the app opens it).
    let loaded = reduce(&state(), Action::Load(sample.clone()));
    assert_eq!(*loaded.assessment, jixiao::assess(&sample.evaluation));
}

#[test]
fn a_draft_opened_with_data_shows_its_errors_where_it_has_data() {
    use jixiao::reconcile::Severity::*;
    // A draft saved after the user filled in 项目名称 and one 资金 figure (a reload, a file):
    // the parts with data show every error at once, the parts nobody filled stay 待填写.
    let mut e = new_evaluation(RulePreset::Ministry);
    e.header.name = "甲项目".into();
    e.funds.sources[0].amounts.budget_full = Some(d("100"));
    let s = opened(e);
    assert_eq!(codes(&s, Section::Project, Error), ["HEADER_YEAR_MISSING"]);
    assert_eq!(codes(&s, Section::Funds, Error), ["FUNDS_TOTAL_MISSING"]);
    assert!(codes(&s, Section::Indicators, Error).is_empty());
    assert!(s.to_fill_count(Section::Indicators) > 0);
    // Text that could not be read is something the user typed: its section is worked on.
    let mut e = new_evaluation(RulePreset::Ministry);
    e.unreadable.insert("funds.sources.s1.executed".into(), "abc".into());
    let s = opened(e);
    assert!(s.worked_on(Section::Funds) && !s.worked_on(Section::Project));
}
