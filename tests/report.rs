//! The evaluation report (jixiao::report): safety against hostile text, structure, figures
//! from the data, the draft mark, the file name, and the golden report of the sample.

use std::collections::BTreeMap;
use std::str::FromStr;

use jixiao::draft::Draft;
use jixiao::model::*;
use jixiao::reconcile::{Finding, Severity};
use jixiao::report::{self, file_name, render, render_assessed, CSP};
use jixiao::template::unknown_placeholders;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn draft(evaluation: Evaluation) -> Draft {
    Draft {
        id: "t".into(),
        created: String::new(),
        modified: String::new(),
        evaluation,
    }
}

fn ind(id: &str, level: u8, name: &str) -> Indicator {
    Indicator {
        id: id.into(),
        level,
        name: name.into(),
        ..Indicator::default()
    }
}

fn quant(id: &str, name: &str, target: &str, actual: &str, unit: &str, weight: &str) -> Indicator {
    Indicator {
        target: Some(d(target)),
        actual: Some(d(actual)),
        unit: unit.into(),
        weight: Some(d(weight)),
        ..ind(id, 3, name)
    }
}

/// A small but complete evaluation: every collection has rows, every optional part is set.
fn rich() -> Evaluation {
    let mut narrative = BTreeMap::new();
    narrative.insert(
        NarrativeSection::Implementation,
        "参保人数为{参保人数}。\n自评得分{自评得分}分，等级{等级}，执行率{执行率}，{未知数据}。".to_string(),
    );
    Evaluation {
        header: ProjectHeader {
            name: "测试项目".into(),
            year: "2019".into(),
            department: "测试主管部门".into(),
            implementer: "测试实施单位".into(),
            region: "测试地区".into(),
            report_date: "2020年3月".into(),
            contact: "张三 12345".into(),
            ..ProjectHeader::default()
        },
        funds: Funds {
            total: FundsAmounts::default(),
            sources: vec![
                FundsRow {
                    id: "s1".into(),
                    source: FundsSource::CurrentAppropriation,
                    name: "当年财政拨款".into(),
                    amounts: FundsAmounts {
                        budget_initial: Some(d("300")),
                        budget_full: Some(d("320")),
                        received: Some(d("320")),
                        executed: Some(d("300")),
                    },
                    ..FundsRow::default()
                },
                FundsRow {
                    id: "s2".into(),
                    source: FundsSource::Custom,
                    name: "自筹资金".into(),
                    amounts: FundsAmounts {
                        budget_initial: Some(d("50")),
                        budget_full: Some(d("51.16")),
                        received: Some(d("51.16")),
                        executed: Some(d("51.16")),
                    },
                    ..FundsRow::default()
                },
            ],
            uses: vec![
                FundsUse { id: "u1".into(), purpose: "基础养老金".into(), amount: Some(d("334.41")) },
                FundsUse { id: "u2".into(), purpose: "丧葬补贴".into(), amount: Some(d("16.75")) },
            ],
            transfers: vec![FundsTransfer {
                id: "t1".into(),
                account: "社保基金专户".into(),
                amount: Some(d("371.16")),
            }],
            execution_note: "执行说明".into(),
            ..Funds::default()
        },
        goals: Goals {
            overall: "总目标文字".into(),
            annual: "年度目标文字".into(),
            achieved: "实际完成文字".into(),
        },
        indicators: vec![
            ind("l1a", 1, "产出指标"),
            ind("l2a", 2, "数量指标"),
            quant("i1", "记账人次", "125000", "125600", "人次", "20"),
            Indicator {
                deviation: "偏差说明文字".into(),
                evidence: "佐证".into(),
                ..quant("i2", "发放人数", "38200", "36641", "人", "20")
            },
            ind("l2b", 2, "时效指标"),
            Indicator {
                nature: IndicatorNature::Qualitative,
                target_text: "每月25日前发放".into(),
                actual_text: "按时发放".into(),
                weight: Some(d("10")),
                band: Some(QualitativeBand::Achieved),
                band_score: Some(d("10")),
                ..ind("i3", 3, "发放及时性")
            },
            ind("l1b", 1, "效益指标"),
            ind("l2c", 2, "社会效益指标"),
            Indicator {
                manual: Some(ManualScore { score: Some(d("25")), reason: "质量问题扣分".into() }),
                actual_unit: "%".into(),
                direction: Some(Direction::Positive),
                claimed_score: Some(d("30")),
                ..quant("i4", "参保率", "97", "97.7", "%", "30")
            },
            ind("l1c", 1, "满意度指标"),
            ind("l2d", 2, "服务对象满意度指标"),
            Indicator {
                from_survey: true,
                ..quant("i5", "服务对象满意率", "90", "0", "%", "10")
            },
        ],
        survey: Survey {
            distributed: Some(d("20")),
            valid: Some(d("20")),
            options: vec![
                SurveyOption { id: "o1".into(), label: "非常满意".into(), count: Some(d("11")), satisfied: true },
                SurveyOption { id: "o2".into(), label: "满意".into(), count: Some(d("8")), satisfied: true },
                SurveyOption { id: "o3".into(), label: "不满意".into(), count: Some(d("1")), satisfied: false },
            ],
            method: "随机抽样".into(),
        },
        figures: vec![KeyFigure {
            id: "f1".into(),
            name: "参保人数".into(),
            value: Some(d("16.80")),
            unit: "万人".into(),
            stated_in: "一(一)2".into(),
        }],
        narrative,
        rules: RuleSettings::default(),
        claimed: Claimed {
            total: Some(d("97")),
            grade: Some(Grade::Excellent),
            execution_rate: Some(d("100")),
            budget_score: Some(d("10")),
        },
        unreadable: BTreeMap::from([("funds.total.executed".to_string(), "abc".to_string())]),
        notes: "备注".into(),
        source_cells: BTreeMap::new(),
    }
}

// ---------------------------------------------------------------------------------------
// A small HTML reader for the checks (the report is machine-written, well-formed HTML).

/// A start tag: name and attributes (name, value) with the value unescaped only of &quot;.
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// Every start or end tag of the document. Text and attribute values are escaped by the
/// writer, so every '<' outside <style> starts a tag; inside <style> (our constant CSS)
/// there is no '<'.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off + 1;
        let mut j = start;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            assert!(j < b.len(), "unterminated tag <{name}");
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let a0 = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let aname = html[a0..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                assert_eq!(b[j], b'"', "attribute {aname} of <{name}> is not double-quoted");
                let v0 = j + 1;
                let v1 = v0 + html[v0..].find('"').expect("closing quote");
                value = html[v0..v1].replace("&quot;", "\"");
                j = v1 + 1;
            }
            attrs.push((aname, value));
        }
        out.push(Tag { name, attrs });
        i = j;
    }
    out
}

/// The text of the first element with this class (tags stripped, entities kept).
fn text_of_class(html: &str, class: &str) -> String {
    let pat = format!("class=\"{class}\"");
    let at = html.find(&pat).unwrap_or_else(|| panic!("no element of class {class}"));
    let from = at + html[at..].find('>').unwrap() + 1;
    let to = from + html[from..].find("</").unwrap();
    let mut s = String::new();
    let mut in_tag = false;
    for c in html[from..to].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => s.push(c),
            _ => {}
        }
    }
    s
}

/// The report without the line breaks it puts before block tags (for matching tag runs).
fn flat(html: String) -> String {
    html.replace("\n<", "<")
}

fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

// ---------------------------------------------------------------------------------------
// Hostile text in every text field.

/// Hostile payloads and how each must appear once escaped.
const HOSTILE: &[(&str, &str)] = &[
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    (
        "\"><img src=x onerror=alert(2)>",
        "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;",
    ),
    ("<a href=\"javascript:alert(3)\">点我</a>", "&lt;a href=&quot;javascript:alert(3)&quot;&gt;点我&lt;/a&gt;"),
    ("</style><script>alert(4)</script>", "&lt;/style&gt;&lt;script&gt;alert(4)&lt;/script&gt;"),
    ("</title><script>alert(5)</script>", "&lt;/title&gt;&lt;script&gt;alert(5)&lt;/script&gt;"),
    ("]]><svg onload=alert(6)>", "]]&gt;&lt;svg onload=alert(6)&gt;"),
    ("{{自评得分}} {{constructor.constructor('alert(7)')()}}", "{{自评得分}} {{constructor.constructor('alert(7)')()}}"),
    ("' onmouseover='alert(8)' x='", "' onmouseover='alert(8)' x='"),
    ("<iframe src=\"javascript:alert(9)\"></iframe>", "&lt;iframe src=&quot;javascript:alert(9)&quot;&gt;&lt;/iframe&gt;"),
];

/// Puts a hostile payload into every string leaf of the evaluation that is free text (a leaf
/// that still deserializes after the change; enum labels and decimals do not), cycling
/// through the payloads. Returns the evaluation and the number of fields changed.
fn hostile(base: &Evaluation) -> (Evaluation, usize) {
    let mut value = serde_json::to_value(base).unwrap();
    let mut paths = Vec::new();
    collect_strings(&value, &mut Vec::new(), &mut paths);
    let mut changed = 0;
    for path in paths {
        let payload = HOSTILE[changed % HOSTILE.len()].0;
        let slot = pointer_mut(&mut value, &path);
        let old = std::mem::replace(slot, serde_json::Value::String(payload.to_string()));
        if serde_json::from_value::<Evaluation>(value.clone()).is_ok() {
            changed += 1;
        } else {
            *pointer_mut(&mut value, &path) = old;
        }
    }
    (serde_json::from_value(value).unwrap(), changed)
}

fn collect_strings(v: &serde_json::Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        serde_json::Value::String(_) => out.push(at.clone()),
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                at.push(i.to_string());
                collect_strings(x, at, out);
                at.pop();
            }
        }
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                at.push(k.clone());
                collect_strings(x, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn pointer_mut<'v>(v: &'v mut serde_json::Value, path: &[String]) -> &'v mut serde_json::Value {
    let mut cur = v;
    for seg in path {
        cur = match cur {
            serde_json::Value::Array(items) => &mut items[seg.parse::<usize>().unwrap()],
            serde_json::Value::Object(map) => map.get_mut(seg).unwrap(),
            _ => unreachable!(),
        };
    }
    cur
}

/// Hostile findings too: their place and message quote user text.
fn hostile_findings() -> Vec<Finding> {
    HOSTILE
        .iter()
        .map(|(payload, _)| {
            Finding::new(
                "TEST",
                Severity::Error,
                format!("indicators.{payload}.actual"),
                format!("绩效指标「{payload}」"),
                format!("消息 {payload}"),
            )
            .with_numbers(Some(d("1")), Some(d("2")))
        })
        .collect()
}

/// The report contains nothing executable and loads nothing.
fn assert_inert(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "a <script> element");
    assert!(!lower.contains("<img"), "an <img> element");
    assert!(!lower.contains("<svg"), "an <svg> element");
    assert!(!lower.contains("<iframe"), "an <iframe> element");
    assert_eq!(count(&lower, "<style"), 1, "exactly one <style>");
    assert_eq!(count(&lower, "</style>"), 1, "exactly one </style>");
    assert_eq!(count(&lower, "<title>"), 1, "exactly one <title>");
    assert_eq!(count(&lower, "</title>"), 1, "exactly one </title>");
    let all = tags(html);
    assert!(all.len() > 50, "the reader found the document's tags");
    for t in &all {
        for (name, value) in &t.attrs {
            assert!(!name.starts_with("on"), "event handler attribute {name} on <{}>", t.name);
            if matches!(name.as_str(), "href" | "src" | "action" | "formaction" | "xlink:href") {
                let v: String = value.chars().filter(|c| !c.is_whitespace()).collect();
                assert!(!v.to_lowercase().starts_with("javascript:"), "javascript: URL in {name}");
            }
            assert!(
                !matches!(name.as_str(), "href" | "src" | "srcset" | "action" | "data"),
                "the report references a resource: <{} {name}={value:?}>",
                t.name
            );
        }
        assert!(
            !matches!(t.name.as_str(), "link" | "object" | "embed" | "base" | "form" | "a"),
            "unexpected element <{}>",
            t.name
        );
    }
    // The CSP meta, in <head> before any content.
    let csp = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
    assert_eq!(count(html, &csp), 1, "the CSP meta");
    assert!(html.find(&csp).unwrap() < html.find("<body").unwrap());
    assert_eq!(CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
}

#[test]
fn hostile_text_in_every_field_is_escaped_and_inert() {
    let (ev, changed) = hostile(&rich());
    // Sanity of the generator: it reached the free-text fields (names, texts, ids…).
    assert!(changed >= 60, "only {changed} text fields were made hostile");
    let hostile_text = |s: &str| HOSTILE.iter().any(|(p, _)| *p == s);
    let base = rich();
    let fields = [
        &ev.header.name, &ev.header.department, &ev.header.implementer, &ev.header.report_date,
        &ev.header.year, &ev.goals.overall, &ev.goals.annual, &ev.goals.achieved,
        &ev.funds.sources[1].name, &ev.funds.uses[0].purpose, &ev.funds.transfers[0].account,
        &ev.indicators[3].target_text, &ev.indicators[3].actual_text, &ev.indicators[3].unit,
        &ev.indicators[3].deviation, &ev.indicators[8].manual.as_ref().unwrap().reason,
        &ev.survey.options[0].label, &ev.survey.method, &ev.figures[0].name, &ev.figures[0].unit,
        &ev.narrative[&NarrativeSection::Implementation], &ev.unreadable["funds.total.executed"],
    ];
    for f in fields {
        assert!(hostile_text(f), "a text field was left as it was: {f:?}");
    }
    assert!(ev.indicators.iter().all(|i| hostile_text(&i.name) && hostile_text(&i.id)));
    assert_eq!(ev.header.money_unit, base.header.money_unit, "enums are left alone");
    assert_eq!(ev.funds.uses[0].amount, base.funds.uses[0].amount, "numbers are left alone");

    // Through render (assess + reconcile on the hostile data) …
    let html = flat(render(&draft(ev.clone())));
    assert_inert(&html);
    for (payload, escaped) in HOSTILE {
        assert!(html.contains(escaped), "{payload:?} should appear escaped as {escaped:?}");
    }
    // … and with hostile findings in the appendix.
    let a = jixiao::assess(&ev);
    let html = flat(render_assessed(&ev, &a.scorecard, &hostile_findings()));
    assert_inert(&html);
    assert!(html.contains("附录：未解决的问题"));
    for (payload, escaped) in HOSTILE {
        assert!(
            html.contains(&format!("绩效指标“{escaped}”")),
            "finding place with {payload:?} escaped"
        );
    }
}

#[test]
fn hostile_key_figure_values_and_placeholders_are_escaped() {
    let mut ev = rich();
    ev.figures[0].unit = "<b onclick=alert(1)>".into();
    ev.narrative.insert(
        NarrativeSection::Background,
        "{参保人数}</p><script>x</script>{</style>}".into(),
    );
    let html = flat(render(&draft(ev)));
    assert_inert(&html);
    assert!(html.contains(
        "16.80&lt;b onclick=alert(1)&gt;&lt;/p&gt;&lt;script&gt;x&lt;/script&gt;{&lt;/style&gt;}"
    ));
}

#[test]
fn file_name_is_safe() {
    let mut ev = Evaluation::default();
    ev.header.name = "城乡居民社会养老保险区级配套".into();
    assert_eq!(file_name(&ev), "城乡居民社会养老保险区级配套绩效评价报告.html");
    ev.header.name = "a\\b/c:d*e?f\"g<h>i|j\u{0}k\nl\u{7f}m".into();
    assert_eq!(file_name(&ev), "a_b_c_d_e_f_g_h_i_j_k_l_m绩效评价报告.html");
    ev.header.name = "  ..项目..  ".into();
    assert_eq!(file_name(&ev), "项目绩效评价报告.html");
    for blank in ["", "   ", "///", "..."] {
        ev.header.name = blank.into();
        assert_eq!(file_name(&ev), "未命名项目绩效评价报告.html", "{blank:?}");
    }
    ev.header.name = "长".repeat(300);
    let name = file_name(&ev);
    assert_eq!(name.chars().count(), 80 + "绩效评价报告.html".chars().count());
    for (payload, _) in HOSTILE {
        ev.header.name = payload.to_string();
        let n = file_name(&ev);
        assert!(!n.contains(['<', '>', '"', '/', '\\', ':', '*', '?', '|']), "{n}");
        assert!(n.ends_with("绩效评价报告.html"));
    }
}

// ---------------------------------------------------------------------------------------
// Structure and figures.

const HEADINGS: &[&str] = &[
    "<h2>摘要</h2>",
    "<h3>项目概况</h3>",
    "<h4>项目背景及目的。</h4>",
    "<h4>项目预算收支情况。</h4>",
    "<h3>评价结论</h3>",
    "<h3>经验、问题和建议</h3>",
    ">一、项目基本情况</h2>",
    "<h3>（一）项目概况。</h3>",
    "<h4>1.项目背景及目的。</h4>",
    "<h4>2.项目实施情况。</h4>",
    "<h4>3.资金来源及使用情况。</h4>",
    "<h4>4.项目组织及管理情况。</h4>",
    "<h3>（二）绩效目标。</h3>",
    "<h4>1.项目总目标。</h4>",
    "<h4>2.项目年度目标。</h4>",
    ">二、绩效评价工作情况</h2>",
    "<h3>（一）绩效评价目的。</h3>",
    "<h3>（二）绩效评价工作方案制定过程。</h3>",
    "<h3>（三）绩效评价原则、评价方法。</h3>",
    "<h3>（四）绩效评价实施过程。</h3>",
    "<h3>（五）本次绩效评价的局限性。</h3>",
    ">三、评价结论和绩效分析</h2>",
    "<h4>1.评价结果。</h4>",
    "<h4>2.主要绩效。</h4>",
    "<h3>（二）具体绩效分析。</h3>",
    ">四、成本效益分析</h2>",
    "<h3>（一）资金使用方向。</h3>",
    "<h3>（二）资金收入及支出情况。</h3>",
    "<h3>（三）项目和资金管理情况。</h3>",
    "<h3>（四）项目取得效果。</h3>",
    ">五、主要经验及做法、存在的问题和建议</h2>",
    "<h3>（一）主要经验及做法。</h3>",
    "<h3>（二）存在的问题。</h3>",
    "<h3>（三）改进措施及建议。</h3>",
];

#[test]
fn every_section_heading_is_present_in_order() {
    let html = flat(render(&draft(rich())));
    let mut from = 0;
    for h in HEADINGS {
        let at = html[from..].find(h).unwrap_or_else(|| panic!("heading {h} missing or out of order"));
        from += at + h.len();
    }
    // Major sections start a new printed page.
    for n in ["一", "二", "三", "四", "五"] {
        assert_eq!(count(&html, &format!("<h2 class=\"major\">{n}、")), 1, "section {n}");
    }
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"));
    assert!(html.contains("<title>测试项目项目支出绩效评价报告（草稿）</title>") || html.contains("<title>测试项目项目支出绩效评价报告</title>"));
    assert!(html.contains("<h1>测试项目项目支出绩效评价报告</h1>"));
    assert!(html.contains("<p class=\"annex\">附件1</p>"));
    // Signature block: unit and date.
    assert!(html.contains("<p class=\"implementer\">测试实施单位</p><p class=\"report-date\">2020年3月</p>"));
}

#[test]
fn the_self_assessment_form_has_the_official_layout() {
    let ev = rich();
    let a = jixiao::assess(&ev);
    let html = flat(render(&draft(ev.clone())));
    let form_at = html.find("id=\"self-assessment-form\"").expect("the 自评表");
    let form = &html[form_at..];
    assert!(form.contains("项目支出绩效自评表"));
    assert!(form.contains("（2019年度）"));
    for cell in ["<th colspan=\"2\">项目名称</th>", "<th colspan=\"2\">主管部门</th>", "<th colspan=\"2\">实施单位</th>"] {
        assert!(form.contains(cell), "{cell}");
    }
    // Funds block: unit in the header, the columns, a total row and one row per source.
    assert!(form.contains("项目资金<br>（万元）"));
    let funds_head = "<th></th><th>年初预算数</th><th>全年预算数</th><th>全年执行数</th><th>分值</th><th>执行率</th><th>得分</th>";
    assert!(form.contains(funds_head));
    assert_eq!(count(form, "<tr class=\"funds-source\">"), 2);
    assert!(form.contains("其中：当年财政拨款"));
    // Total row = sum of the sources; rate and score from the scorecard.
    let total_row = &form[form.find("<tr class=\"funds-total\">").unwrap()..];
    let total_row = &total_row[..total_row.find("</tr>").unwrap()];
    assert!(total_row.contains("<td class=\"num\">350.00</td><td class=\"num\">371.16</td><td class=\"num\">351.16</td>"), "{total_row}");
    let rate = a.scorecard.budget.rate.unwrap();
    assert_eq!(rate, d("94.61"), "351.16 ÷ 371.16, rounded");
    assert!(total_row.contains("<td class=\"num budget-rate\">94.61%</td>"));
    assert!(total_row.contains(&format!(
        "<td class=\"num budget-score\">{}</td>",
        a.scorecard.budget.score
    )));
    // Source rows: 分值/得分 are "—", the row's own rate is shown.
    assert!(form.contains("<td class=\"num\">300.00</td><td class=\"num\">320.00</td><td class=\"num\">300.00</td><td class=\"num\">—</td><td class=\"num\">93.75%</td><td class=\"num\">—</td>"));
    // Goals.
    assert!(form.contains("<th>预期目标</th><th>实际完成情况</th>"));
    assert!(form.contains("年度目标文字</td><td class=\"text goal-achieved\">实际完成文字"));
    // Indicator table columns, in a repeated header.
    assert!(form.contains("<thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr></thead>"));
    // Rowspans: 产出指标 over its 3 rows, 数量指标 over 2, 效益指标 over 1.
    assert!(form.contains("<td class=\"level1\" rowspan=\"3\">产出指标</td><td class=\"level2\" rowspan=\"2\">数量指标</td><td class=\"level3\">记账人次</td>"));
    assert!(form.contains("<td class=\"level2\" rowspan=\"1\">时效指标</td><td class=\"level3\">发放及时性</td>"));
    assert!(form.contains("<td class=\"level1\" rowspan=\"1\">效益指标</td>"));
    assert_eq!(count(form, "<tr class=\"indicator\""), 5);
    // Every indicator's score from the scorecard, in its row.
    for (ind, s) in a.scorecard.rows(&ev) {
        let row_at = form.find(&format!("data-id=\"{}\"", ind.id)).unwrap();
        let row = &form[row_at..row_at + form[row_at..].find("</tr>").unwrap()];
        assert!(row.contains(&format!("<td class=\"num score\">{}", s.score)), "{row}");
    }
    // Unmet indicator: partial score; manual one marked.
    assert_eq!(a.scorecard.indicator(&ev, "i2").unwrap().score, d("19.18"));
    assert!(form.contains("≥38200人"));
    assert!(form.contains("<td class=\"num score\">25.00<br><span class=\"manual\">（人工评分）</span></td><td class=\"text deviation\">评分理由：质量问题扣分</td>"));
    // Survey row: actual is the survey's rate (19 ÷ 20 = 95%).
    assert!(form.contains("95.00%（满意度调查）"));
    // The total row equals the scorecard.
    let sc = &a.scorecard;
    assert_eq!(text_of_class(form, "num total-max"), sc.max_total.normalize().to_string());
    assert_eq!(text_of_class(form, "num total-score"), sc.total.to_string());
    assert_eq!(text_of_class(form, "grade"), sc.grade.label());
    assert_eq!(sc.max_total, d("100"));
    // 9.46 (budget) + 20 + 19.18 + 10 + 25 + 10 = 93.64
    assert_eq!(sc.total, d("93.64"));
    assert!(form.contains("<td class=\"num total-score\">93.64</td><td class=\"total-grade\">等级：<span class=\"grade\">优</span></td>"));
}

#[test]
fn funds_survey_tables_and_default_text_quote_the_data() {
    let mut ev = rich();
    ev.narrative.clear();
    let a = jixiao::assess(&ev);
    let html = flat(render(&draft(ev.clone())));
    // Sources table with the total row; uses and transfers with their sums.
    assert!(html.contains("<caption>资金来源（万元）</caption>"));
    assert!(html.contains("<th>年度资金总额</th><td class=\"num\">350.00</td><td class=\"num\">371.16</td><td class=\"num\">371.16</td><td class=\"num\">351.16</td>"));
    assert!(html.contains("<td>基础养老金</td><td class=\"num\">334.41</td>"));
    assert!(html.contains("<th>合计</th><td class=\"num\">351.16</td>"));
    assert!(html.contains("<td>社保基金专户</td><td class=\"num\">371.16</td>"));
    // Survey: counts per option, the satisfaction rate.
    assert!(html.contains("<td>非常满意</td><td class=\"num\">11</td><td class=\"center\">是</td>"));
    assert!(html.contains("<td>不满意</td><td class=\"num\">1</td><td class=\"center\">否</td>"));
    assert!(html.contains("<td class=\"num satisfaction-rate\" colspan=\"2\">95.00%</td>"));
    // Defaults quote amounts, rates, counts, scores and grade.
    let text = |key: &str| {
        let at = html.find(&format!("data-section=\"{key}\"")).unwrap();
        html[at..at + html[at..].find("</div>").unwrap()].to_string()
    };
    let budget = text("summary_budget");
    assert!(budget.contains("全年预算数371.16万元"), "{budget}");
    assert!(budget.contains("全年执行数351.16万元"));
    assert!(budget.contains("预算执行率为94.61%"));
    let conclusion = text("summary_conclusion");
    assert!(conclusion.contains(&format!("自评得分为{}分（满分100分），等级为“优”", a.scorecard.total)));
    let result = text("conclusion_result");
    assert!(result.contains("预算执行率得分9.46分（分值10）"), "{result}");
    let process = text("evaluation_process");
    assert!(process.contains("发放满意度调查问卷20份，有效问卷20份"), "{process}");
    assert!(process.contains("满意率为 19 ÷ 20 = 95.00%"));
    let problems = text("problems");
    assert!(problems.contains("发放人数未达到年度指标值：年度指标值≥38200人，实际完成36641人。偏差说明文字"), "{problems}");
    let uses = text("funds_sources_and_use");
    assert!(uses.contains("基础养老金334.41万元，丧葬补贴16.75万元（合计351.16万元）"), "{uses}");
}

#[test]
fn placeholders_are_substituted_from_the_data_and_unknown_ones_stay_visible() {
    let ev = rich();
    let a = jixiao::assess(&ev);
    let html = flat(render(&draft(ev.clone())));
    let at = html.find("data-section=\"implementation\"").unwrap();
    let section = &html[at..at + html[at..].find("</div>").unwrap()];
    assert!(section.contains("<p>参保人数为16.80万人。</p>"), "{section}");
    assert!(section.contains(&format!(
        "<p>自评得分{}分，等级{}，执行率94.61%，{{未知数据}}。</p>",
        a.scorecard.total,
        a.scorecard.grade.label()
    )));
    assert_eq!(
        unknown_placeholders(&ev),
        vec![(NarrativeSection::Implementation, "未知数据".to_string())]
    );
}

#[test]
fn builtins_cannot_be_shadowed_by_a_key_figure() {
    let mut ev = rich();
    ev.figures.push(KeyFigure { id: "f2".into(), name: "自评得分".into(), value: Some(d("100")), unit: "分".into(), stated_in: String::new() });
    ev.narrative.insert(NarrativeSection::Background, "得分{自评得分}".into());
    let a = jixiao::assess(&ev);
    let html = flat(render(&draft(ev)));
    assert!(html.contains(&format!("<p>得分{}</p>", a.scorecard.total)));
    assert!(!html.contains("<p>得分100分</p>"));
}

#[test]
fn draft_mark_and_appendix_follow_errors_and_the_setting() {
    let ev = rich();
    let a = jixiao::assess(&ev);
    let sc = &a.scorecard;
    let mut error = Finding::new(
        "FUNDS_SOURCES_SUM",
        Severity::Error,
        "funds.total.executed".into(),
        "项目资金·年度资金总额·全年执行数".into(),
        "年度资金总额与各来源之和不一致".into(),
    );
    (error.expected, error.found, error.difference) = (Some(d("371.16")), Some(d("351.16")), Some(d("-20")));
    let mut warning = error.clone();
    (warning.severity, warning.code) = (Severity::Warning, "W");

    let html = flat(render_assessed(&ev, sc, &[error.clone(), warning.clone()]));
    assert!(html.contains("<div class=\"draft-mark\" aria-hidden=\"true\">草稿</div>"));
    assert!(html.contains("本报告尚有 1 项错误未解决"));
    assert!(html.contains("<title>测试项目项目支出绩效评价报告（草稿）</title>"));
    let appendix = &html[html.find("id=\"appendix-findings\"").expect("appendix")..];
    assert!(appendix.contains("<td>项目资金·年度资金总额·全年执行数</td><td>年度资金总额与各来源之和不一致</td><td class=\"num\">371.16</td><td class=\"num\">351.16</td><td class=\"num\">-20</td>"));
    assert_eq!(count(appendix, "<tr class=\"finding\""), 2);

    // Warnings only: no mark.
    let html = flat(render_assessed(&ev, sc, &[warning]));
    assert!(!html.contains("class=\"draft-mark\"") && !html.contains("appendix-findings"));
    assert!(!html.contains("草稿"));
    // Errors, but the setting is off.
    let mut off = ev.clone();
    off.rules.draft_mark_on_errors = false;
    let html = flat(render_assessed(&off, sc, &[error]));
    assert!(!html.contains("草稿") && !html.contains("appendix-findings"));
}

#[test]
fn render_marks_a_draft_whose_reconciliation_finds_errors() {
    let mut ev = rich();
    // A stated total that disagrees with its sources is an error.
    ev.funds.total.executed = Some(d("999"));
    let a = jixiao::assess(&ev);
    let errors: Vec<_> = a.findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert!(!errors.is_empty());
    let html = flat(render(&draft(ev)));
    assert!(html.contains("class=\"draft-mark\""));
    for f in errors {
        // The report's quotation marks are “” (「」 in the finding's place become “”).
        let place = f.place().replace('「', "“").replace('」', "”").replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert!(html.contains(&place), "finding {} listed", f.code);
    }
}

#[test]
fn an_empty_evaluation_still_renders_a_whole_report() {
    let html = flat(render(&draft(Evaluation::default())));
    assert_inert(&html);
    assert!(html.contains("<h1>（项目名称未填写）项目支出绩效评价报告</h1>"));
    // It cannot be scored: no 0.00 and no grade 差, anywhere.
    assert!(html.contains("<td class=\"num total-score\">—</td>"), "{html}");
    assert!(html.contains("（尚不能评定）"));
    assert!(!html.contains("<span class=\"grade\">差</span>") && !html.contains("等级为“差”"), "an unscorable form gets no grade");
    assert!(html.contains("暂不能计算自评得分、评定等级"));
    for h in HEADINGS {
        assert!(html.contains(h), "{h}");
    }
}

// ---------------------------------------------------------------------------------------
// The sample's report, golden.

#[test]
fn golden_report_of_the_sample() {
    let sample = jixiao::sample::pension_2019();
    let html = render(&sample);
    assert_inert(&html);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/pension-2019.report.html");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &html).unwrap();
    }
    let golden = std::fs::read_to_string(path)
        .expect("tests/snapshots/pension-2019.report.html (create with UPDATE_SNAPSHOTS=1 and review)");
    if golden != html {
        let line = golden.lines().zip(html.lines()).position(|(a, b)| a != b);
        let shown = line.map(|n| (golden.lines().nth(n).unwrap_or(""), html.lines().nth(n).unwrap_or("")));
        panic!("the sample's report differs from the reviewed snapshot at line {:?}:\n  reviewed: {:?}\n  now:      {:?}\nregenerate with UPDATE_SNAPSHOTS=1 and review the diff", line.map(|n| n + 1), shown.map(|s| s.0), shown.map(|s| s.1));
    }
    // What the snapshot states, checked against the data independently of the file.
    let a = jixiao::assess(&sample.evaluation);
    assert!(html.contains(&format!("<td class=\"num total-score\">{}</td>", a.scorecard.total)));
    assert!(html.contains("<h1>城乡居民社会养老保险区级配套项目支出绩效评价报告</h1>"));
    assert!(html.contains("区级基础养老金发放334.41万元"));
    let _ = report::num::MISSING;
}

// ---------------------------------------------------------------------------------------
// Any text, any figures: the report renders without panicking and stays inert.

mod any_input {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[<>&\"'{}a-z=/ 中文\\n]{0,40}",
            any::<String>(),
            prop::sample::select(HOSTILE.iter().map(|(p, _)| p.to_string()).collect::<Vec<_>>()),
        ]
    }

    fn number() -> impl Strategy<Value = Option<Decimal>> {
        prop_oneof![
            Just(None),
            Just(Some(Decimal::ZERO)),
            Just(Some(Decimal::MAX)),
            Just(Some(Decimal::MIN)),
            (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Some(Decimal::new(m, s))),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
        #[test]
        fn renders_inert_for_any_text_and_figures(
            name in text(), goal in text(), ind_name in text(), note in text(), story in text(),
            a in number(), b in number(), c in number(), t in number(), x in number(), w in number(),
            valid in number(), count in number(), decimals in 0u32..40,
        ) {
            let mut ev = rich();
            ev.header.name = name;
            ev.goals.achieved = goal;
            ev.funds.sources[0].amounts = FundsAmounts { budget_initial: a, budget_full: b, received: b, executed: c };
            ev.funds.uses[0].amount = c;
            ev.indicators[2].name = ind_name;
            ev.indicators[2].target_text = note.clone();
            ev.indicators[2].target = t;
            ev.indicators[2].actual = x;
            ev.indicators[2].weight = w;
            ev.survey.valid = valid;
            ev.survey.options[0].count = count;
            ev.figures[0].value = x;
            ev.figures[0].unit = note;
            ev.narrative.insert(NarrativeSection::Background, story);
            ev.rules.decimals = decimals;
            let html = render(&draft(ev));
            assert_inert(&html);
        }
    }
}

#[test]
fn defaults_state_each_key_figure_once_and_name_what_could_not_be_assessed() {
    let mut ev = rich();
    ev.narrative.clear();
    // The same quantity stated twice with two values (reconciliation flags it): the report
    // itself states only the value a {参保人数} placeholder gives.
    ev.figures.push(KeyFigure { id: "f2".into(), name: "参保人数".into(), value: Some(d("16.6")), unit: "万人".into(), stated_in: "三(一)2".into() });
    // An indicator without its actual cannot be told met or unmet.
    ev.indicators[2].actual = None;
    ev.survey.method = "随机抽样。".into();
    let html = flat(render(&draft(ev)));
    assert!(html.contains("参保人数16.80万人"));
    let body = &html[..html.find("id=\"appendix-findings\"").unwrap_or(html.len())];
    assert!(!body.contains("16.6万人"), "the second value is not stated");
    let at = html.find("data-section=\"problems\"").unwrap();
    let problems = &html[at..at + html[at..].find("</div>").unwrap()];
    assert!(problems.contains("因数据不全未能评价的有：记账人次（缺少实际完成值"), "{problems}");
    // i1 (no actual) and i4 (manual) cannot be told met; i3 and i5 (survey 95% ≥ 90%) are met.
    assert!(html.contains("5项三级指标中2项达到年度指标值"), "counts stated");
    assert!(html.contains("= 95.00%。随机抽样。"), "one full stop between sentences");
    assert!(!html.contains("。。"));
}

#[test]
fn the_report_of_a_form_still_to_fill_keeps_its_draft_mark_and_no_grade() {
    // What the editor shows for a new evaluation: every finding 待填写, none an error.
    let ev = jixiao::model::new_evaluation(jixiao::model::RulePreset::Ministry);
    let a = jixiao::editor::assess_opened(&ev);
    assert!(a.findings.iter().all(|f| f.severity == Severity::ToFill));
    let html = flat(report::render_assessed(&ev, &a.scorecard, &a.findings));
    assert!(html.contains("class=\"draft-mark\""), "still unresolved: a 草稿");
    assert!(html.contains(&format!("草稿：本报告尚有 {} 项待填写未解决", a.findings.len())), "{html}");
    assert!(!html.contains("<span class=\"grade\">差</span>") && !html.contains("等级为“差”"));
    assert!(html.contains("<td class=\"num total-score\">—</td>"));
}

/// Issue 16, what the report guarantees: a blank stays blank (实际到位资金 is not filled in from
/// 全年预算数), stated money is printed as stated (207.4538 stays 207.4538, never rounded), and a
/// table stated in another money unit is printed in its own.
#[test]
fn the_report_never_invents_or_blurs_a_money_figure() {
    let mut ev = rich();
    for s in &mut ev.funds.sources {
        s.amounts.received = None;
    }
    ev.funds.total.received = None;
    ev.funds.sources[0].amounts.budget_initial = Some(d("207.4538"));
    let budget_full = ev.funds.effective_total().budget_full.unwrap();
    let html = flat(jixiao::report::render(&draft(ev.clone())));
    assert!(html.contains("207.4538"), "the stated 207.4538 is printed as stated");
    assert!(!html.contains("207.45<") && !html.contains("207.45 "), "not rounded");
    assert!(!html.contains(&format!("实际到位资金{}", jixiao::report::num::money(budget_full))), "received not taken from the budget");
    assert!(html.contains("表中未单独列出实际到位资金"), "the blank said as blank");

    // Uses stated in 元 beside funds in 万元: printed in 元, with 元.
    let uses_yuan: Vec<String> = ev.funds.uses.iter().filter_map(|u| u.amount).map(|a| jixiao::report::num::money(jixiao::model::MoneyUnit::TenThousandYuan.convert(a, jixiao::model::MoneyUnit::Yuan))).collect();
    for u in &mut ev.funds.uses {
        u.amount = u.amount.map(|a| jixiao::model::MoneyUnit::TenThousandYuan.convert(a, jixiao::model::MoneyUnit::Yuan));
    }
    ev.funds.uses_unit = Some(jixiao::model::MoneyUnit::Yuan);
    let html = flat(jixiao::report::render(&draft(ev)));
    assert!(html.contains("资金使用情况（元）"), "the uses table's caption names its unit");
    assert!(!uses_yuan.is_empty());
    for a in uses_yuan {
        assert!(html.contains(&format!("{a}元")), "{a}元 in the text");
    }
}

/// Issue 16: a report with no error contains no placeholder such as （未填写） anywhere — over
/// many generated drafts, each also with its optional parts left blank (no survey and the
/// satisfaction actual typed directly, no transfers, no 实际到位资金, no key figures, no
/// narrative, no uses). Variants that do have an error are skipped (their placeholders are
/// what the 草稿 mark is for).
#[test]
fn a_report_with_no_error_has_no_placeholder_for_a_missing_figure() {
    use jixiao::reconcile::Severity;
    type Blank = fn(&mut Evaluation);
    let variants: [(&str, Blank); 7] = [
        ("as generated", |_| {}),
        ("no survey, satisfaction typed", |e| {
            e.survey = Default::default();
            for i in e.indicators.iter_mut().filter(|i| i.from_survey) {
                i.from_survey = false;
                i.actual = Some(d("93.5"));
            }
        }),
        ("no transfers", |e| e.funds.transfers.clear()),
        ("no 实际到位资金", |e| {
            e.funds.total.received = None;
            for s in &mut e.funds.sources {
                s.amounts.received = None;
            }
            e.funds.transfers.clear();
        }),
        ("no key figures", |e| e.figures.clear()),
        ("no narrative", |e| e.narrative.clear()),
        ("no uses", |e| e.funds.uses.clear()),
    ];
    let mut checked = 0;
    for seed in 1..=12 {
        for n in [3, 12] {
            for (what, blank) in variants {
                let mut d = jixiao::generate::generate(n, seed);
                blank(&mut d.evaluation);
                let a = jixiao::assess(&d.evaluation);
                if a.findings.iter().any(|f| f.severity == Severity::Error) {
                    continue;
                }
                checked += 1;
                let html = jixiao::report::render(&d);
                for placeholder in ["未填写", "无法计算", "{"] {
                    let body = &html[html.find("<body").unwrap_or(0)..];
                    if let Some(at) = body.find(placeholder) {
                        let from = body[..at].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
                        let to = (at + 80).min(body.len());
                        let to = (to..=body.len()).find(|i| body.is_char_boundary(*i)).unwrap();
                        panic!("seed {seed}, n {n}, {what}: “{placeholder}” in …{}…", &body[from..to]);
                    }
                }
            }
        }
    }
    assert!(checked >= 100, "only {checked} variants without errors");
}
