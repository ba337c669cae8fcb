//! The draft file format: fixtures of every released version, round trips, every error with
//! its Chinese message and path, migrations, and no panic on any bytes.

use jixiao::draft::{self, Draft, DraftError, FORMAT, MAX_FILE_BYTES, VERSION};
use jixiao::model::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

const BLANK_V1: &str = include_str!("fixtures/v1/blank.jixiao.json");
const FULL_V1: &str = include_str!("fixtures/v1/full.jixiao.json");

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn full() -> Draft {
    draft::parse(FULL_V1.as_bytes()).expect("full v1 fixture loads").draft
}

/// The full fixture's JSON with one edit applied.
fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(FULL_V1).unwrap();
    edit(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

fn err_of(bytes: &[u8]) -> DraftError {
    match draft::parse(bytes) {
        Ok(_) => panic!("expected an error for {}", String::from_utf8_lossy(&bytes[..bytes.len().min(200)])),
        Err(e) => e,
    }
}

// ---------------------------------------------------------------------------------------
// Fixtures: files of format version 1 must load in every future version.

#[test]
fn blank_v1_fixture_loads() {
    let loaded = draft::parse(BLANK_V1.as_bytes()).expect("blank v1 fixture loads");
    assert_eq!(loaded.from_version, 1);
    let d = loaded.draft;
    assert_eq!(d.id, "fixture-blank");
    assert_eq!(d.created, "2026-11-29T06:00:00Z");
    let e = &d.evaluation;
    assert_eq!(e.header.name, "");
    let sources: Vec<&str> = e.funds.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sources, ["当年财政拨款", "上年结转资金", "其他资金"]);
    assert!(e.funds.sources.iter().all(|s| s.amounts == FundsAmounts::default()));
    assert!(e.indicators.iter().all(|i| i.level < 3), "a blank draft has headings only");
    assert_eq!(e.indicators.iter().filter(|i| i.level == 1).count(), 3);
    assert_eq!(e.rules, RuleSettings::preset(RulePreset::Ministry));
}

#[test]
fn full_v1_fixture_loads_with_every_kind_of_field() {
    let loaded = draft::parse(FULL_V1.as_bytes()).expect("full v1 fixture loads");
    assert_eq!(loaded.from_version, 1);
    let e = &loaded.draft.evaluation;
    assert_eq!(e.header.year, "2019");
    assert_eq!(e.header.money_unit, MoneyUnit::TenThousandYuan);
    let custom = e.funds.sources.iter().find(|s| s.id == "s-custom").unwrap();
    assert_eq!(custom.source, FundsSource::Custom);
    assert_eq!(custom.amounts.executed, Some(dec("1.25")));
    assert_eq!(e.funds.transfers.len(), 2);
    assert_eq!(e.funds.transfers_sum(), Some(dec("371.16")));
    let cost = e.indicators.iter().find(|i| i.id == "i-cost").unwrap();
    assert_eq!((cost.nature, cost.direction), (IndicatorNature::AtMost, Some(Direction::Reverse)));
    assert_eq!(cost.target, Some(dec("12.50")));
    assert_eq!(cost.target.unwrap().scale(), 2, "decimals keep their written scale");
    let equal = e.indicators.iter().find(|i| i.id == "i-equal").unwrap();
    assert_eq!(equal.nature, IndicatorNature::Equal);
    let manual = e.indicators.iter().find(|i| i.id == "i-manual").unwrap();
    assert_eq!(manual.band, Some(QualitativeBand::Partial));
    let m = manual.manual.as_ref().unwrap();
    assert_eq!(m.score, Some(dec("1")));
    assert!(m.reason.contains("延迟拨付"));
    assert!(!e.indicators.iter().find(|i| i.id == "i-na").unwrap().applicable);
    assert!(e.indicators.iter().any(|i| i.from_survey));
    assert_eq!(e.unreadable.get("indicators.i-65.actual").map(String::as_str), Some("约2.8万"));
    assert_eq!(e.rules.reverse_formula, ReverseFormula::LinearToDouble);
    assert_eq!(e.rules.execution_base, ExecutionBase::Received);
    assert_eq!(e.rules.execution_explain_below, dec("85.5"));
    assert_eq!(e.claimed.grade, Some(Grade::Excellent));
    assert_eq!(e.claimed.budget_score, Some(dec("10.00")));
    assert_eq!(e.survey.options.len(), 4);
    assert!(e.narrative.len() > 5);
    assert!(e.figures.len() > 5);
}

/// While the format is at version 1 the fixtures are exactly what this build writes; after
/// a version bump they are old files and only need to load (tests above).
#[test]
fn v1_fixtures_are_canonical_while_version_is_1() {
    if VERSION != 1 {
        return;
    }
    for text in [BLANK_V1, FULL_V1] {
        let d = draft::parse(text.as_bytes()).unwrap().draft;
        assert_eq!(draft::to_json(&d), text);
    }
}

#[test]
fn bundled_sample_loads() {
    let sample = std::fs::read("samples/pension-2019.jixiao.json").unwrap();
    let loaded = draft::parse(&sample).unwrap();
    assert_eq!(loaded.draft, jixiao::sample::pension_2019());
}

// ---------------------------------------------------------------------------------------
// Writing

#[test]
fn written_file_has_envelope_first_and_decimals_as_strings() {
    let text = draft::to_json(&full());
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    // serde_json without preserve_order sorts Value's keys; check the text order instead.
    assert!(keys.contains(&"evaluation"));
    let pos = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    assert!(pos("format") < pos("version") && pos("version") < pos("id") && pos("id") < pos("evaluation"));
    assert!(text.starts_with("{\n  \"format\": \"jixiao-draft\",\n  \"version\": 1,\n"));
    assert!(text.ends_with("}\n"));
    assert!(text.contains("\"target\": \"12.50\""));
    assert!(text.contains("\"budget_score\": \"10.00\""));
    // No JSON number anywhere except the version, levels and the decimals setting.
    fn numbers(v: &Value, key: &str, out: &mut Vec<String>) {
        match v {
            Value::Number(_) => out.push(key.to_string()),
            Value::Array(a) => a.iter().for_each(|x| numbers(x, key, out)),
            Value::Object(o) => o.iter().for_each(|(k, x)| numbers(x, k, out)),
            _ => {}
        }
    }
    let mut keys = Vec::new();
    numbers(&v, "", &mut keys);
    keys.sort();
    keys.dedup();
    assert_eq!(keys, ["decimals", "level", "version"]);
}

#[test]
fn new_draft_round_trips_and_is_blank() {
    let d = Draft::new("abc", "2026-01-02T03:04:05Z");
    assert_eq!((d.created.as_str(), d.modified.as_str()), ("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z"));
    let back = draft::parse(draft::to_json(&d).as_bytes()).unwrap();
    assert_eq!(back.draft, d);
    assert_eq!(back.from_version, VERSION);
}

// ---------------------------------------------------------------------------------------
// Errors: each with its Chinese message and path

#[test]
fn not_json_names_line_and_column() {
    let e = err_of(b"{\n  \"format\": \"jixiao-draft\",\n  oops\n}");
    match &e {
        DraftError::NotJson { line, column, .. } => assert_eq!((*line, *column), (3, 3)),
        other => panic!("{other:?}"),
    }
    let msg = e.to_string();
    assert!(msg.contains("不是有效的 JSON") && msg.contains("第 3 行第 3 列"), "{msg}");
    assert!(matches!(err_of(b"\xff\xfe{}"), DraftError::NotJson { .. }));
    assert!(matches!(err_of(b"<html></html>"), DraftError::NotJson { .. }));
}

#[test]
fn empty_file() {
    assert_eq!(err_of(b""), DraftError::Empty);
    assert_eq!(err_of(b" \n\t"), DraftError::Empty);
    assert!(DraftError::Empty.to_string().contains("空"));
}

#[test]
fn truncated_file_at_any_point_is_truncated() {
    let text = FULL_V1.trim_end().as_bytes();
    // Cut after the opening brace and anywhere up to before the final brace.
    for cut in (1..text.len() - 1).step_by(97) {
        let e = err_of(&text[..cut]);
        assert!(
            matches!(e, DraftError::Truncated { .. } | DraftError::NotJson { .. }),
            "cut at {cut}: {e:?}"
        );
    }
    let e = err_of(&text[..text.len() / 2]);
    assert!(matches!(e, DraftError::Truncated { .. }), "{e:?}");
    assert!(e.to_string().contains("文件不完整"), "{e}");
}

#[test]
fn another_programs_json_is_not_a_draft() {
    let e = err_of(br#"{"name": "package", "version": "1.0.0"}"#);
    assert_eq!(e, DraftError::NotDraft { found: None });
    assert!(e.to_string().contains("这不是 jixiao 草稿文件"), "{e}");
    let e = err_of(br#"{"format": "excel-export", "version": 1}"#);
    assert_eq!(e, DraftError::NotDraft { found: Some("excel-export".into()) });
    assert!(e.to_string().contains("\"excel-export\""), "{e}");
    assert!(matches!(err_of(b"[1, 2, 3]"), DraftError::NotDraft { found: None }));
    assert!(matches!(err_of(b"\"jixiao-draft\""), DraftError::NotDraft { found: None }));
    assert!(matches!(err_of(br#"{"format": 1}"#), DraftError::NotDraft { found: Some(_) }));
}

#[test]
fn newer_version_asks_to_upgrade() {
    let bytes = edited(|v| v["version"] = Value::from(VERSION + 1));
    let e = err_of(&bytes);
    assert_eq!(e, DraftError::TooNew { version: (VERSION + 1) as u64 });
    let msg = e.to_string();
    assert!(msg.starts_with(&format!("此文件由较新版本的 jixiao（格式版本 {}）保存", VERSION + 1)), "{msg}");
    assert!(msg.contains("请升级"), "{msg}");
    let e = err_of(&edited(|v| v["version"] = Value::from(u64::MAX)));
    assert_eq!(e, DraftError::TooNew { version: u64::MAX });
}

#[test]
fn bad_versions() {
    for bad in [Value::from(0), Value::from(-1), Value::from(1.5), Value::from("1"), Value::Null] {
        let e = err_of(&edited(|v| v["version"] = bad.clone()));
        assert!(matches!(e, DraftError::BadVersion { .. }), "{bad}: {e:?}");
        assert!(e.to_string().contains("格式版本无效"), "{e}");
    }
    let e = err_of(&edited(|v| {
        v.as_object_mut().unwrap().remove("version");
    }));
    assert!(matches!(e, DraftError::BadVersion { .. }), "{e:?}");
}

fn invalid(bytes: &[u8]) -> (String, String) {
    match err_of(bytes) {
        DraftError::Invalid { path, message } => (path, message),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn decimal_written_as_number_is_refused_with_its_path() {
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][3]["weight"] = serde_json::json!(8.5)));
    assert_eq!(path, "evaluation.indicators[3].weight（第 4 个指标）");
    assert!(message.starts_with("应为数字字符串"), "{message}");
    assert!(message.contains("实际为数字 8.5"), "{message}");
    // An integer too: still a number, still refused (the rule is simple: decimals are strings).
    let (path, _) = invalid(&edited(|v| v["evaluation"]["funds"]["sources"][0]["amounts"]["executed"] = serde_json::json!(371)));
    assert_eq!(path, "evaluation.funds.sources[0].amounts.executed（第 1 个资金来源行）");
    let (path, _) = invalid(&edited(|v| v["evaluation"]["rules"]["bands"]["achieved"][1] = serde_json::json!(100)));
    assert_eq!(path, "evaluation.rules.bands.achieved[1]");
    let full = draft::to_json(&full());
    let shown = draft::parse(&edited(|v| v["evaluation"]["claimed"]["total"] = serde_json::json!(97))).unwrap_err().to_string();
    assert!(shown.starts_with("草稿内容有误，evaluation.claimed.total：应为数字字符串（如 \"97\""), "{shown}");
    assert!(full.contains("\"total\": \"97\""));
}

#[test]
fn wrong_values_name_path_and_what_was_found() {
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][3]["weight"] = Value::from("八")));
    assert_eq!(path, "evaluation.indicators[3].weight（第 4 个指标）");
    assert_eq!(message, "应为数字字符串（如 \"371.16\"），实际为 文本 \"八\"");

    // (">=" is read as ≥: symbols_as_people_write_them_are_read.)
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][2]["nature"] = Value::from("=>")));
    assert_eq!(path, "evaluation.indicators[2].nature（第 3 个指标）");
    assert!(message.contains("\"≥\"") && message.contains("\"定性\"") && message.contains("实际为 \"=>\""), "{message}");

    let (path, message) = invalid(&edited(|v| v["evaluation"]["header"]["name"] = Value::from(5)));
    assert_eq!(path, "evaluation.header.name");
    assert_eq!(message, "应为文本（字符串），实际为 数字 5");

    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"] = serde_json::json!({})));
    assert_eq!(path, "evaluation.indicators");
    assert!(message.starts_with("应为数组"), "{message}");

    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][0]["applicable"] = Value::from("是")));
    assert_eq!(path, "evaluation.indicators[0].applicable（第 1 个指标）");
    assert!(message.contains("true 或 false"), "{message}");

    let (path, message) = invalid(&edited(|v| {
        v.as_object_mut().unwrap().remove("evaluation");
    }));
    assert_eq!((path.as_str(), message.as_str()), ("evaluation", "缺少此字段"));
}

#[test]
fn unknown_fields_are_refused_not_dropped() {
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][5]["colour"] = Value::from("red")));
    assert_eq!(path, "evaluation.indicators[5].colour（第 6 个指标）");
    assert!(message.starts_with("未知字段"), "{message}");
    let (path, _) = invalid(&edited(|v| v["extra"] = Value::from(1)));
    assert_eq!(path, "extra");
    let (path, _) = invalid(&edited(|v| v["evaluation"]["narrative"]["preface"] = Value::from("x")));
    assert_eq!(path, "evaluation.narrative.preface");
}

/// Every object of the full fixture (which has every kind of field) refuses a key the model
/// does not have, on both reading paths: the fast path relies on `deny_unknown_fields` on every
/// model type, so a type added without it would silently drop such a field — this test says
/// which. (`unreadable` is a map of any field paths; `narrative`'s keys are its sections.)
#[test]
fn every_object_of_the_model_refuses_an_unknown_key() {
    fn objects(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
        match v {
            Value::Object(m) => {
                out.push(path.clone());
                for (k, x) in m {
                    path.push(Value::from(k.as_str()));
                    objects(x, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    path.push(Value::from(i));
                    objects(x, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let root: Value = serde_json::from_str(FULL_V1).unwrap();
    let mut all = Vec::new();
    objects(&root, &mut Vec::new(), &mut all);
    assert!(all.len() > 20, "the fixture has objects of every model type ({} found)", all.len());
    let key = "no_such_field";
    let mut checked = 0;
    for at in all {
        let names: Vec<String> = at.iter().map(|s| s.as_str().map(str::to_string).unwrap_or_else(|| s.to_string())).collect();
        if names.last().map(String::as_str) == Some("unreadable") {
            continue;
        }
        let bytes = edited(|v| {
            let mut o = v;
            for seg in &at {
                o = match seg {
                    Value::String(k) => &mut o[k.as_str()],
                    n => &mut o[n.as_u64().unwrap() as usize],
                };
            }
            o.as_object_mut().unwrap().insert(key.into(), Value::from("x"));
        });
        let where_ = names.join(".");
        for (way, result) in [("parse", draft::parse(&bytes)), ("tree", draft::parse_through_tree(&bytes))] {
            match result {
                Err(DraftError::Invalid { path, message }) => {
                    assert!(path.contains(key), "{way} at {where_}: the error names {path}");
                    if names.last().map(String::as_str) != Some("narrative") {
                        assert!(message.starts_with("未知字段"), "{way} at {where_}: {message}");
                    }
                }
                other => panic!("{way}: an unknown key in the object at {where_} was not refused: {other:?}"),
            }
        }
        checked += 1;
    }
    assert!(checked > 20);
}

#[test]
fn structural_errors_name_the_row() {
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][4]["level"] = Value::from(4)));
    assert_eq!(path, "evaluation.indicators[4].level（第 5 个指标）");
    assert!(message.contains("1、2 或 3") && message.contains("实际为 4"), "{message}");
    let (path, _) = invalid(&edited(|v| v["evaluation"]["indicators"][0]["level"] = Value::from(0)));
    assert_eq!(path, "evaluation.indicators[0].level（第 1 个指标）");

    let (path, message) = invalid(&edited(|v| {
        let first = v["evaluation"]["indicators"][0]["id"].clone();
        v["evaluation"]["indicators"][7]["id"] = first;
    }));
    assert_eq!(path, "evaluation.indicators[7].id（第 8 个指标）");
    assert!(message.contains("重复"), "{message}");

    let (path, message) = invalid(&edited(|v| v["evaluation"]["survey"]["options"][1]["id"] = Value::from(" ")));
    assert_eq!(path, "evaluation.survey.options[1].id（第 2 个问卷选项）");
    assert!(message.contains("不能为空"), "{message}");
    let (path, _) = invalid(&edited(|v| v["evaluation"]["funds"]["transfers"][1]["id"] = Value::from("")));
    assert_eq!(path, "evaluation.funds.transfers[1].id（第 2 个资金拨付行）");
    // The same id in two different lists is fine.
    let ok = edited(|v| v["evaluation"]["figures"][0]["id"] = v["evaluation"]["indicators"][0]["id"].clone());
    assert!(draft::parse(&ok).is_ok());
}

#[test]
fn too_large_is_refused_before_parsing() {
    let mut big = FULL_V1.as_bytes().to_vec();
    big.resize(MAX_FILE_BYTES + 1, b' ');
    let e = err_of(&big);
    assert_eq!(e, DraftError::TooLarge { bytes: MAX_FILE_BYTES + 1, limit: MAX_FILE_BYTES });
    assert!(
        e.to_string().starts_with("文件太大（4.0 MB）：浏览器把草稿保存在本地存储中，在浏览器里打开的草稿文件最大 4.0 MB"),
        "{e}"
    );
    assert!(e.to_string().contains("更大的评价请用命令行工具 jixiao"), "{e}");
    // The sizes are written with integers (no float formatting in the wasm), exactly as `{:.1}`
    // of the float quotient: the halves (1.25 KB → 1.2, 1.75 KB → 1.8) included.
    for bytes in (0..5000).chain([1280, 1792, 10 * 1024 * 1024 + 52_429, 1024 * 1024 - 1, 3_984_589, 16 << 20]) {
        let text = DraftError::TooLarge { bytes, limit: 0 }.to_string();
        let float = if bytes >= 1 << 20 {
            format!("{:.1} MB", bytes as f64 / 1048576.0)
        } else if bytes >= 1024 {
            format!("{:.1} KB", bytes as f64 / 1024.0)
        } else {
            format!("{bytes} 字节")
        };
        assert!(text.starts_with(&format!("文件太大（{float}）")), "{bytes}: {text}");
    }
    // At the limit it is read (trailing whitespace is allowed JSON).
    big.truncate(MAX_FILE_BYTES);
    assert!(draft::parse(&big).is_ok());
}

#[test]
fn byte_order_mark_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(FULL_V1.as_bytes());
    assert_eq!(draft::parse(&bytes).unwrap().draft, full());
}

#[test]
fn missing_optional_fields_take_defaults() {
    let text = format!(
        r#"{{"format":"{FORMAT}","version":1,"id":"x","created":"","modified":"","evaluation":{{"indicators":[{{"id":"a","name":"数量","unit":"人"}}]}}}}"#
    );
    // (A row with a unit is a 三级 row; a bare name is refused: a_heading_without_level_….)
    let d = draft::parse(text.as_bytes()).unwrap().draft;
    assert_eq!(d.evaluation.indicators[0].level, 3);
    assert!(d.evaluation.indicators[0].applicable);
    assert_eq!(d.evaluation.rules, RuleSettings::default());
}

#[test]
fn decimal_strings_are_exact_beyond_f64() {
    // 0.1 + 0.2 style values and 28 significant digits survive exactly.
    let bytes = edited(|v| {
        v["evaluation"]["funds"]["total"]["executed"] = Value::from("1234567890123456789.012345678");
        v["evaluation"]["indicators"][3]["actual"] = Value::from("0.30000000000000000001");
    });
    let d = draft::parse(&bytes).unwrap().draft;
    assert_eq!(d.evaluation.funds.total.executed, Some(dec("1234567890123456789.012345678")));
    assert_eq!(d.evaluation.indicators[3].actual.unwrap().to_string(), "0.30000000000000000001");
}

// ---------------------------------------------------------------------------------------
// Migrations

#[test]
fn migrate_current_version_is_identity_and_bounds_are_checked() {
    let v: Value = serde_json::from_str(FULL_V1).unwrap();
    assert_eq!(draft::migrate(v.clone(), VERSION).unwrap(), v);
    for from in 1..=VERSION {
        let out = draft::migrate(v.clone(), from).unwrap();
        if from == VERSION {
            assert_eq!(out, v);
        }
    }
    assert!(matches!(draft::migrate(v.clone(), 0), Err(DraftError::BadVersion { .. })));
    assert_eq!(draft::migrate(v, VERSION + 1), Err(DraftError::TooNew { version: (VERSION + 1) as u64 }));
}

// ---------------------------------------------------------------------------------------
// Properties

fn arb_decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..=12).prop_map(|(m, s)| Decimal::new(m, s))
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[\\PC]{0,12}",
        "[\"\\\\/\\n\\t\\u{0}\\u{1f}\\u{2028}≥≤＝定性万元]{0,8}",
    ]
}

prop_compose! {
    fn arb_indicator()(
        level in 1u8..=3,
        nature in prop::sample::select(IndicatorNature::ALL.to_vec()),
        name in arb_text(),
        target in prop::option::of(arb_decimal()),
        actual in prop::option::of(arb_decimal()),
        weight in prop::option::of(arb_decimal()),
        band in prop::option::of(prop::sample::select(QualitativeBand::ALL.to_vec())),
        manual in prop::option::of((prop::option::of(arb_decimal()), arb_text())),
        applicable in any::<bool>(),
        deviation in arb_text(),
    ) -> Indicator {
        Indicator {
            level, nature, name, target, actual, weight, band, applicable, deviation,
            manual: manual.map(|(score, reason)| ManualScore { score, reason }),
            ..Indicator::default()
        }
    }
}

prop_compose! {
    fn arb_draft()(
        id in arb_text(),
        name in arb_text(),
        inds in prop::collection::vec(arb_indicator(), 0..12),
        executed in prop::option::of(arb_decimal()),
        note in arb_text(),
        unreadable in prop::collection::btree_map(arb_text(), arb_text(), 0..3),
    ) -> Draft {
        let mut d = Draft::new(id, "2026-11-29T06:00:00Z");
        d.evaluation.header.name = name;
        d.evaluation.indicators = inds.into_iter().enumerate().map(|(i, mut ind)| { ind.id = format!("r{i}"); ind }).collect();
        d.evaluation.funds.sources[0].amounts.executed = executed;
        d.evaluation.notes = note;
        d.evaluation.unreadable = unreadable;
        d
    }
}

/// A random JSON value (for replacing parts of a valid draft).
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        arb_text().prop_map(Value::from),
        arb_decimal().prop_map(|d| Value::from(d.to_string())),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every place (path) in a JSON tree.
fn places(v: &Value, here: Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(here.clone());
    match v {
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            let mut p = here.clone();
            p.push(Value::from(k.clone()));
            places(x, p, out)
        }),
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
            let mut p = here.clone();
            p.push(Value::from(i));
            places(x, p, out)
        }),
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, step| match step {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    })
}

/// `parse` (fast path when it can) and `parse_through_tree` (always the JSON tree) give the
/// same result for any bytes; whatever is accepted is sound.
fn same_both_ways(bytes: &[u8]) {
    let fast = draft::parse(bytes);
    assert_eq!(fast, draft::parse_through_tree(bytes), "{}", String::from_utf8_lossy(bytes));
    if let Ok(l) = &fast {
        sound(l);
    }
}

/// Whatever parse accepts must write back and read again to the same draft, and must score
/// without panicking (the CLI and the editor score every draft they open).
fn sound(loaded: &draft::Loaded) {
    let text = draft::to_json(&loaded.draft);
    assert_eq!(draft::parse(text.as_bytes()).unwrap().draft, loaded.draft);
    let _ = jixiao::assess(&loaded.draft.evaluation);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        same_both_ways(&bytes);
    }

    #[test]
    fn round_trip(d in arb_draft()) {
        let text = draft::to_json(&d);
        same_both_ways(text.as_bytes());
        let back = draft::parse(text.as_bytes());
        // Ids from arb_text can be empty only for the draft id, which is not validated.
        let back = back.unwrap();
        prop_assert_eq!(&back.draft, &d);
        prop_assert_eq!(draft::to_json(&back.draft), text);
    }

    #[test]
    fn mutated_bytes_never_panic(
        edits in prop::collection::vec((0usize..1_000_000, any::<u8>(), 0u8..3), 1..6)
    ) {
        let mut bytes = FULL_V1.as_bytes().to_vec();
        for (pos, byte, kind) in edits {
            let pos = pos % (bytes.len() + 1);
            match kind {
                0 if pos < bytes.len() => bytes[pos] ^= byte | 1,
                1 => bytes.insert(pos, byte),
                _ if pos < bytes.len() => { bytes.remove(pos); }
                _ => {}
            }
        }
        same_both_ways(&bytes);
        if let Err(e) = draft::parse(&bytes) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn replaced_values_never_panic_and_errors_name_a_path(pick in any::<prop::sample::Index>(), new in arb_json()) {
        let mut v: Value = serde_json::from_str(FULL_V1).unwrap();
        let mut all = Vec::new();
        places(&v, Vec::new(), &mut all);
        let path = pick.get(&all).clone();
        *at(&mut v, &path) = new;
        let bytes = serde_json::to_vec(&v).unwrap();
        same_both_ways(&bytes);
        match draft::parse(&bytes) {
            Ok(_) => {}
            Err(DraftError::Invalid { path: p, message }) => {
                prop_assert!(!p.is_empty() && !message.is_empty());
                prop_assert!(!message.is_ascii(), "message in Chinese: {}", message);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

/// The cases where the fast path must step aside, each checked against the tree path.
#[test]
fn fast_and_tree_paths_agree_on_edge_cases() {
    let cases: Vec<Vec<u8>> = vec![
        FULL_V1.as_bytes().to_vec(),
        BLANK_V1.as_bytes().to_vec(),
        edited(|v| v["evaluation"]["indicators"][3]["weight"] = serde_json::json!(8)),
        edited(|v| v["evaluation"]["indicators"][3]["level"] = serde_json::json!(2)),
        edited(|v| v["evaluation"]["rules"]["decimals"] = serde_json::json!(3)),
        edited(|v| v["evaluation"]["rules"]["bands"]["failed"][0] = serde_json::json!(0)),
        edited(|v| v["evaluation"]["header"]["level"] = serde_json::json!(1)),
        edited(|v| v["evaluation"]["unreadable"]["level"] = serde_json::json!(1)),
        edited(|v| v["evaluation"]["narrative"]["background"] = Value::from("\"level\": 5, \\\" 7")),
        edited(|v| v["evaluation"]["header"]["name"] = Value::from("-12 \u{2028} \\")),
        // A duplicated key: the tree keeps the last one.
        FULL_V1.replacen("\"id\": \"fixture-full\",", "\"id\": \"a\", \"id\": \"fixture-full\",", 1).into_bytes(),
        FULL_V1.replacen("\"version\": 1", "\"version\": 1.0", 1).into_bytes(),
        FULL_V1.replacen("\"version\": 1", "\"version\": 1e0", 1).into_bytes(),
        format!("{FULL_V1} x").into_bytes(),
    ];
    for bytes in &cases {
        same_both_ways(bytes);
    }
    // And the fast path's own cases are read correctly.
    let d = draft::parse(&cases[3]).unwrap().draft;
    assert_eq!(d.evaluation.indicators[3].level, 2);
    assert_eq!(draft::parse(&cases[4]).unwrap().draft.evaluation.rules.decimals, 3);
    assert!(draft::parse(&cases[10]).is_ok(), "duplicate key accepted as the tree path does");
}

/// The typed reading's error path, found from the error's position (`draft::typed_error_path`,
/// no tracking while reading), is the path `serde_path_to_error` tracks while reading, for
/// every value of the full fixture replaced by a value of each JSON kind, an unknown key added
/// to every object and every key removed or renamed. The one difference allowed: where a map
/// key is not a string for serde (the narrative's section names), the tracker says `?`; the
/// position names the key itself.
#[test]
fn error_paths_from_positions_equal_the_tracked_paths() {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Envelope {
        format: String,
        version: u32,
        id: String,
        created: String,
        modified: String,
        evaluation: Evaluation,
    }
    let v0: Value = serde_json::from_str(FULL_V1).unwrap();
    let mut all = Vec::new();
    places(&v0, Vec::new(), &mut all);
    let kinds = [Value::Null, Value::from(true), Value::from(5), Value::from(-1.5), Value::from("x"), serde_json::json!([]), serde_json::json!([{}]), serde_json::json!({}), serde_json::json!({"zz": 1})];
    let mut cases: Vec<Value> = Vec::new();
    for p in &all {
        for k in &kinds {
            let mut v = v0.clone();
            *at(&mut v, p) = k.clone();
            cases.push(v);
        }
        if let Some(o) = at(&mut v0.clone(), p).as_object() {
            let mut v = v0.clone();
            at(&mut v, p).as_object_mut().unwrap().insert("zz_unknown".into(), Value::from(1));
            cases.push(v);
            for key in o.keys() {
                let mut v = v0.clone();
                let x = at(&mut v, p).as_object_mut().unwrap().remove(key).unwrap();
                cases.push(v.clone());
                at(&mut v, p).as_object_mut().unwrap().insert(format!("{key}_x"), x);
                cases.push(v);
            }
        }
    }
    let mut errors = 0;
    for v in &cases {
        let text = serde_json::to_vec(v).unwrap();
        let tracked = serde_path_to_error::deserialize::<_, Envelope>(&mut serde_json::Deserializer::from_slice(&text));
        let found = draft::typed_error_path(&text);
        match (tracked, found) {
            (Ok(_), None) => {}
            (Err(e), Some(found)) => {
                errors += 1;
                let tracked = e.path().to_string();
                let same = tracked == found
                    || (tracked.ends_with(".?") && found.starts_with(&tracked[..tracked.len() - 1]) && !found[tracked.len() - 1..].contains('.'));
                assert!(same, "tracked {tracked}, from the position {found}: {}", String::from_utf8_lossy(&text));
            }
            (t, f) => panic!("one reads, the other does not: {:?} / {f:?}", t.err().map(|e| e.to_string())),
        }
    }
    assert!(errors > 1000, "the cases must be errors: {errors} of {}", cases.len());
}

/// The browser stores a draft as the file's text without its indentation: the same JSON, read
/// the same, in far fewer characters (localStorage holds about 5 million per site).
#[test]
fn the_stored_text_is_the_file_without_its_indentation() {
    for d in [full(), jixiao::generate::generate(1000, 1)] {
        let file = draft::to_json(&d);
        let stored = draft::to_stored_json(&d);
        let unindented: Vec<&str> = file.lines().map(str::trim_start).collect();
        assert_eq!(stored, unindented.join("\n") + "\n");
        assert_eq!(draft::parse(stored.as_bytes()).unwrap().draft, d);
        assert_eq!(draft::parse(file.as_bytes()).unwrap().draft, d);
    }
    let d = jixiao::generate::generate(1000, 1);
    let (file, stored) = (draft::to_json(&d).chars().count(), draft::to_stored_json(&d).chars().count());
    assert!(stored * 10 < file * 8, "{stored} of {file} characters");
}

/// `rules.compare_at_stated_precision` (issue 16): a draft that keeps the default (on) is
/// written without it — so it reads in builds that predate the setting and the v1 fixtures stay
/// canonical — and reads it back as on; turned off, it is written and read back off.
#[test]
fn the_stated_precision_setting_is_written_only_when_off() {
    let mut d = full();
    assert!(d.evaluation.rules.compare_at_stated_precision, "a v1 file without the key reads as on");
    assert!(!draft::to_json(&d).contains("compare_at_stated_precision"));
    d.evaluation.rules.compare_at_stated_precision = false;
    let text = draft::to_json(&d);
    assert!(text.contains("\"compare_at_stated_precision\": false"), "{text}");
    assert_eq!(draft::parse(text.as_bytes()).unwrap().draft, d);
    let on = edited(|v| v["evaluation"]["rules"]["compare_at_stated_precision"] = Value::Bool(true));
    assert!(draft::parse(&on).unwrap().draft.evaluation.rules.compare_at_stated_precision);
}

/// Issue 16, class 10: what people write for the form's symbols is read where it is
/// unambiguous (`>=` for ≥, `=` and `﹦` for ＝, `正向指标` for 正向 …), and a two-choice field
/// that is wrong says both choices in plain Chinese.
#[test]
fn symbols_as_people_write_them_are_read() {
    use jixiao::model::{Direction, IndicatorNature};
    let row = |v: &Value| -> usize {
        v["evaluation"]["indicators"].as_array().unwrap().iter().position(|i| i["level"] == 3).unwrap()
    };
    for (written, nature) in [
        (">=", IndicatorNature::AtLeast),
        ("＞＝", IndicatorNature::AtLeast),
        ("<=", IndicatorNature::AtMost),
        ("=", IndicatorNature::Equal),
        ("﹦", IndicatorNature::Equal),
        ("==", IndicatorNature::Equal),
        ("≧", IndicatorNature::AtLeast),
        ("＜＝", IndicatorNature::AtMost),
        ("≦", IndicatorNature::AtMost),
        ("定性指标", IndicatorNature::Qualitative),
    ] {
        let mut at = 0;
        let bytes = edited(|v| {
            at = row(v);
            v["evaluation"]["indicators"][at]["nature"] = Value::from(written);
        });
        let d = draft::parse(&bytes).unwrap_or_else(|e| panic!("{written}: {e}")).draft;
        assert_eq!(d.evaluation.indicators[at].nature, nature, "{written}");
        // Written back in the form's own symbol.
        let back: Value = serde_json::from_str(&draft::to_json(&d)).unwrap();
        assert_eq!(back["evaluation"]["indicators"][at]["nature"], Value::from(nature.label()));
    }
    for (written, direction) in [("正向指标", Direction::Positive), ("反向指标", Direction::Reverse)] {
        let mut at = 0;
        let bytes = edited(|v| {
            at = row(v);
            v["evaluation"]["indicators"][at]["direction"] = Value::from(written);
        });
        let d = draft::parse(&bytes).unwrap_or_else(|e| panic!("{written}: {e}")).draft;
        assert_eq!(d.evaluation.indicators[at].direction, Some(direction));
    }
    let (path, message) = invalid(&edited(|v| {
        let at = row(v);
        v["evaluation"]["indicators"][at]["direction"] = Value::from("向上");
    }));
    assert!(path.contains(".direction"), "{path}");
    assert!(message.contains("\"正向\"") && message.contains("\"反向\"") && message.contains("向上"), "{message}");
    assert!(!message.contains('`'), "{message}");
    // A field of exactly two choices.
    let (path, message) = invalid(&edited(|v| v["evaluation"]["header"]["money_unit"] = Value::from("千元")));
    assert!(path.contains("money_unit"), "{path}");
    assert!(message.starts_with("应为\"万元\" 或 \"元\"") && message.contains("千元"), "{message}");
    assert!(!message.contains('`'), "{message}");
}

/// Issue 16, class 10: an indicator row written without `level` gets the level its shape, its
/// name or its place says — the same rows as the fixture's — on both reading paths.
#[test]
fn a_heading_without_level_is_read_where_its_level_is_plain() {
    let text = edited(|v| {
        let rows = v["evaluation"]["indicators"].as_array_mut().unwrap();
        for row in rows.iter_mut() {
            row.as_object_mut().unwrap().remove("level");
        }
        // A 一级 heading written with its points, as forms print it.
        rows[14]["name"] = Value::from("效益指标（30分）");
    });
    for read in [draft::parse, draft::parse_through_tree] {
        let got = read(&text).unwrap_or_else(|e| panic!("{e}")).draft.evaluation;
        let levels: Vec<u8> = got.indicators.iter().map(|i| i.level).collect();
        let want: Vec<u8> = full().evaluation.indicators.iter().map(|i| i.level).collect();
        // 产出指标 and 满意度指标 by name, 数量指标 and 服务对象满意度指标 by name, 成本指标 (一级 or
        // 二级 by name) by place: after the 一级 产出指标, before 三级 rows; every row with a
        // target or an actual (or a qualitative one) is 三级.
        assert_eq!(levels, want);
    }
}

/// A heading-shaped row whose level neither its name nor its place says is refused, naming
/// the row and what to add; a row with a level is never second-guessed.
#[test]
fn a_heading_without_level_that_could_be_either_is_refused() {
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 3] = [
        // Before the first 一级 heading, followed by another 一级: nothing says what it is.
        ("项目管理指标", |v| {
            let rows = v["evaluation"]["indicators"].as_array_mut().unwrap();
            rows.insert(0, serde_json::json!({ "id": "i-new", "name": "项目管理指标" }));
        }),
        // 成本指标 is 一级 in later frameworks: at the start, before 三级 rows, it could be either.
        ("成本指标", |v| {
            let rows = v["evaluation"]["indicators"].as_array_mut().unwrap();
            rows.insert(0, serde_json::json!({ "id": "i-new", "name": "成本指标", "weight": "10" }));
            rows.insert(1, serde_json::json!({ "id": "i-new3", "level": 3, "name": "单位成本", "target": "5", "unit": "元" }));
        }),
        // The last row, a bare name.
        ("其他", |v| {
            let rows = v["evaluation"]["indicators"].as_array_mut().unwrap();
            rows.push(serde_json::json!({ "id": "i-new", "name": "其他" }));
        }),
    ];
    for (name, edit) in cases {
        let text = edited(edit);
        for read in [draft::parse, draft::parse_through_tree] {
            let (path, message) = match read(&text) {
                Err(DraftError::Invalid { path, message }) => (path, message),
                other => panic!("{name}: expected a refusal, got {other:?}"),
            };
            assert!(path.ends_with(".level（第 1 个指标）") || path.ends_with(".level（第 23 个指标）"), "{name}: {path}");
            let n = if path.contains("第 23 个") { 23 } else { 1 };
            assert!(message.contains(&format!("第 {n} 个指标“{name}”没有写级次（level）")), "{message}");
            assert!(message.contains("\"level\": 1（一级指标）、2（二级指标）或 3（三级指标）"), "{message}");
        }
    }
    // A stated level stays as stated, even where the name would say otherwise.
    let d = draft::parse(&edited(|v| v["evaluation"]["indicators"][1]["level"] = Value::from(1))).unwrap().draft;
    assert_eq!(d.evaluation.indicators[1].level, 1);
}

/// Issue 16, class 10: `"100%"`, `"95.5%"`, `"１００％"` as an indicator's actual or target are
/// read as numbers where the unit is % or empty (an empty unit becomes %), and refused in plain
/// Chinese where the unit is another one.
#[test]
fn a_percentage_as_target_or_actual_is_read_where_the_unit_allows() {
    // Row 17 (参保率, 97 %) and row 22 (满意率, 90 %) are in %.
    let d = draft::parse(&edited(|v| {
        let rows = &mut v["evaluation"]["indicators"];
        rows[16]["actual"] = Value::from("97.7%");
        rows[16]["target"] = Value::from("９７％");
        rows[21]["actual"] = Value::from(" １００％ ");
        // Row 5 (养老金发放人数) with its unit left empty: the percentage sets it.
        rows[4]["unit"] = Value::from("");
        rows[4]["target"] = Value::from("100%");
        rows[4]["actual"] = Value::from("95.5％");
    }))
    .unwrap_or_else(|e| panic!("{e}"))
    .draft;
    let rows = &d.evaluation.indicators;
    assert_eq!((rows[16].target, rows[16].actual, rows[16].unit.as_str()), (Some(dec("97")), Some(dec("97.7")), "%"));
    assert_eq!((rows[21].actual, rows[21].unit.as_str()), (Some(dec("100")), "%"));
    assert_eq!((rows[4].target, rows[4].actual, rows[4].unit.as_str()), (Some(dec("100")), Some(dec("95.5")), "%"));
    // Written back as plain decimals, read back the same.
    let text = draft::to_json(&d);
    assert!(text.contains("\"actual\": \"97.7\"") && !text.contains("％\""), "{text}");
    assert_eq!(draft::parse(text.as_bytes()).unwrap().draft, d);

    // A percentage where the unit is 人次 (row 3): not a number of 人次.
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][2]["actual"] = Value::from("100%")));
    assert_eq!(path, "evaluation.indicators[2].actual（第 3 个指标）");
    assert!(message.contains("第 3 个指标“新参续保保费收缴系统记账人次”的实际完成值写作 \"100%\""), "{message}");
    assert!(message.contains("度量单位是“人次”") && message.contains("或把度量单位改为 %"), "{message}");
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][3]["target"] = Value::from("１００％")));
    assert_eq!(path, "evaluation.indicators[3].target（第 4 个指标）");
    assert!(message.contains("年度指标值") && message.contains("“人”"), "{message}");
    // Not a plain number with a percent sign: the usual message, naming the value.
    let (path, message) = invalid(&edited(|v| v["evaluation"]["indicators"][16]["actual"] = Value::from("约98%")));
    assert_eq!(path, "evaluation.indicators[16].actual（第 17 个指标）");
    assert!(message.starts_with("应为数字字符串") && message.contains("约98%"), "{message}");
}

/// Issue 16: the presets' values before they were named after their documents still load, and
/// are written back under the new names.
#[test]
fn old_preset_names_still_load() {
    for (old, preset, new) in [
        ("财政部单位自评", RulePreset::Ministry, "财预〔2020〕10号"),
        ("10+90", RulePreset::TenNinety, "四川510000_0013zp"),
    ] {
        let bytes = edited(|v| v["evaluation"]["rules"]["preset"] = Value::from(old));
        for read in [draft::parse, draft::parse_through_tree] {
            let d = read(&bytes).unwrap_or_else(|e| panic!("{old}: {e}")).draft;
            assert_eq!(d.evaluation.rules.preset, preset, "{old}");
            assert!(draft::to_json(&d).contains(&format!("\"preset\": \"{new}\"")), "{old}");
        }
    }
    let d = draft::parse(&edited(|v| v["evaluation"]["rules"]["preset"] = Value::from("云南项目支出绩效自评表"))).unwrap().draft;
    assert_eq!(d.evaluation.rules.preset, RulePreset::Yunnan);
}
