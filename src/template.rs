//! 文字模板: the placeholders (`{名称}`) of the narrative texts — which names exist
//! ([`BUILTINS`] and the key figures' names), finding them in a text, substituting them in a
//! single pass. The report fills them ([`crate::report`]); reconciliation lists the unknown
//! ones ([`unknown_placeholders`]). Depends on the model only.

use crate::model::{Evaluation, NarrativeSection};

/// Built-in placeholders: (name, what it stands for). Listed in the module docs of
/// [`crate::report`]; keep both in step.
pub const BUILTINS: &[(&str, &str)] = &[
    ("项目名称", "header.name"),
    ("年度", "header.year"),
    ("主管部门", "header.department"),
    ("实施单位", "header.implementer"),
    ("报告日期", "header.report_date"),
    ("资金单位", "资金单位（万元 / 元）"),
    ("年初预算数", "年度资金总额·年初预算数，带单位"),
    ("全年预算数", "年度资金总额·全年预算数，带单位"),
    ("资金总额", "年度资金总额·全年预算数，带单位（同 {全年预算数}）"),
    ("实际到位资金", "年度资金总额·实际到位资金，带单位"),
    ("全年执行数", "年度资金总额·全年执行数，带单位"),
    ("执行数", "同 {全年执行数}"),
    ("执行率", "预算执行率（评分所用），如 100.00%"),
    ("预算执行得分", "预算执行率得分"),
    ("预算执行分值", "预算执行率分值"),
    ("自评得分", "总得分，如 97.00"),
    ("总分", "满分（各项分值之和），如 100"),
    ("等级", "等级：优 / 良 / 中 / 差"),
    ("资金使用合计", "资金使用情况各项之和，带单位"),
    ("资金拨付合计", "资金拨付各项之和，带单位"),
    ("问卷发放数", "满意度调查发放问卷份数"),
    ("有效问卷数", "满意度调查有效样本数"),
    ("满意人数", "计为满意的答卷数"),
    ("满意率", "满意人数 ÷ 有效样本数，如 95.00%"),
    ("指标总数", "三级指标项数（不含不适用）"),
    ("达标指标数", "达到年度指标值的三级指标项数"),
    ("未达标指标数", "未达到年度指标值的三级指标项数"),
];

/// Replaces every `{名称}` whose name `resolve` knows; anything else (unknown names, lone
/// braces, `{{`) stays exactly as written. Single pass: inserted values are not re-scanned.
pub fn substitute(text: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(name) = placeholder_at(after) {
            if let Some(value) = resolve(name.trim()) {
                out.push_str(&value);
                rest = &after[name.len() + 1..];
                continue;
            }
        }
        out.push('{');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The name of a placeholder starting right after a `{`: text up to the next `}` without
/// braces or line breaks, at most 40 characters.
fn placeholder_at(after: &str) -> Option<&str> {
    let close = after.find('}')?;
    let name = &after[..close];
    let ok = !name.trim().is_empty()
        && name.chars().count() <= 40
        && !name.contains(['{', '\n', '\r']);
    ok.then_some(name)
}

/// Every `{名称}` in a text (syntactically), in order.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(name) = placeholder_at(after) {
            out.push(name.trim().to_string());
            rest = &after[name.len() + 1..];
        } else {
            rest = after;
        }
    }
    out
}

/// Whether a placeholder name is known: a built-in or the name of a key figure.
pub fn is_known(evaluation: &Evaluation, name: &str) -> bool {
    BUILTINS.iter().any(|(n, _)| *n == name)
        || evaluation.figures.iter().any(|f| f.name.trim() == name)
}

/// Placeholders in the narrative that the report cannot resolve (neither a built-in nor a
/// key figure's name): (section, name). They are printed as written.
pub fn unknown_placeholders(evaluation: &Evaluation) -> Vec<(NarrativeSection, String)> {
    let mut out = Vec::new();
    for (section, body) in &evaluation.narrative {
        for name in placeholders(body) {
            if !is_known(evaluation, &name) {
                out.push((*section, name));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(n: &str) -> Option<String> {
        match n {
            "a" => Some("A".into()),
            "自评得分" => Some("97.00".into()),
            "x" => Some("{a}".into()),
            _ => None,
        }
    }

    #[test]
    fn substitutes_known_names_and_keeps_the_rest_as_written() {
        assert_eq!(substitute("得分{自评得分}分", known), "得分97.00分");
        assert_eq!(substitute("{unknown}", known), "{unknown}");
        assert_eq!(substitute("{{a}}", known), "{A}");
        assert_eq!(substitute("{ a }", known), "A");
        assert_eq!(substitute("a{b", known), "a{b");
        assert_eq!(substitute("}{", known), "}{");
        assert_eq!(substitute("{}", known), "{}");
        assert_eq!(substitute("{a\n}", known), "{a\n}");
        assert_eq!(substitute("末尾{", known), "末尾{");
    }

    #[test]
    fn inserted_values_are_not_rescanned() {
        assert_eq!(substitute("{x}", known), "{a}");
    }

    #[test]
    fn lists_placeholders() {
        assert_eq!(placeholders("{a}与{{b}}及{c"), vec!["a", "b"]);
    }
}
