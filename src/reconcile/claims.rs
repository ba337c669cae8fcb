//! 原报数据相互核对 (issue 16, classes 1 and 5): the figures a unit reported checked against
//! each other, not only against the computed ones — the claimed total against the sum of its
//! claimed parts, a claimed subtotal on a 一级/二级 heading against its rows, a scored row with
//! no claimed score where the others have one, the claimed grade against the claimed total —
//! and the stated-precision rule every claimed comparison uses ([`agree`]), and that key figures
//! stated twice use ([`figures_agree`]).

use rust_decimal::{Decimal, RoundingStrategy};

use super::{base_value, diff_text, ind_name, ind_place, ipath, Kind, Out};
use crate::model::{Evaluation, KeyFigure, RuleSettings};
use crate::scoring::{self, parent_slots, Scorecard};

/// Whether a stated figure `a` agrees with `b`: equal, or — with the setting
/// `compare_at_stated_precision` (on by default) — equal when both are rounded (四舍五入) to the
/// decimal places of the less precise one as written: a claimed 4.6 agrees with a computed
/// 4.62, 52.3 does not agree with 52.41. The places are those written (`"10.00"` has two).
pub(crate) fn agree(rules: &RuleSettings, a: Decimal, b: Decimal) -> bool {
    if a == b {
        return true;
    }
    if !rules.compare_at_stated_precision {
        return false;
    }
    let places = a.scale().min(b.scale());
    scoring::round(a, places) == scoring::round(b, places)
}

/// Whether two key figures of the same name agree: the same base unit (万人 and 人 are both 人,
/// [`base_value`]) and equal there — or, with `compare_at_stated_precision`, equal when both are
/// rounded to the last place the less precise one was written to, in the base unit: 52.3 万元
/// (to 0.1 万元 = 1000 元) agrees with 523012 元; 52.3 and 52.41 do not.
pub(crate) fn figures_agree(rules: &RuleSettings, a: &KeyFigure, b: &KeyFigure) -> bool {
    let (Some((x, ux)), Some((y, uy))) = (base_value(a), base_value(b)) else {
        return false;
    };
    if ux != uy {
        return false;
    }
    if x == y {
        return true;
    }
    if !rules.compare_at_stated_precision {
        return false;
    }
    // One unit of the last written place, in the base unit (the unit rule stays in base_value).
    let place = |f: &KeyFigure| {
        let one = Decimal::new(1, f.value?.scale());
        base_value(&KeyFigure { value: Some(one), ..f.clone() }).map(|(q, _)| q)
    };
    let (Some(qa), Some(qb)) = (place(a), place(b)) else {
        return false;
    };
    let q = qa.max(qb);
    let to_place = |v: Decimal| {
        v.checked_div(q)
            .map(|n| n.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero))
    };
    matches!((to_place(x), to_place(y)), (Some(m), Some(n)) if m == n)
}

/// The claimed figures against each other.
pub(super) fn check(ev: &Evaluation, sc: &Scorecard, out: &mut Out) {
    let rules = &ev.rules;
    let inds = &ev.indicators;
    let applicable = |i: usize| inds[i].is_scored() && inds[i].applicable;
    // The applicable 三级 rows, and how many of them carry a claimed score.
    let scored: Vec<usize> = (0..inds.len()).filter(|&i| applicable(i)).collect();
    let claimed = scored.iter().filter(|&&i| inds[i].claimed_score.is_some()).count();

    // A scored row without a claimed score where the others have one: most rows carry one
    // (a reviewer who enters a few claims to check them is not asked for the rest).
    if claimed < scored.len() && claimed > scored.len() - claimed {
        for &i in &scored {
            let ind = &inds[i];
            if ind.claimed_score.is_none() {
                out.push(
                    "CLAIMED_SCORE_MISSING",
                    ipath(ind, "claimed_score"),
                    ind_place(ind, "原报得分"),
                    format!(
                        "其他 {claimed} 个三级指标都填了原报得分，「{}」没有，原报总分无法逐项核对。请按原表填写该指标的得分。",
                        ind_name(ind)
                    ),
                );
            }
        }
    }

    // Claimed subtotals on headings: against the claimed scores of the rows below when each
    // has one, otherwise against the computed subtotal.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); sc.groups.len()];
    for (i, (p1, p2)) in parent_slots(inds).enumerate() {
        if applicable(i) {
            for slot in [p1, p2].into_iter().flatten() {
                if let Some(c) = children.get_mut(slot) {
                    c.push(i);
                }
            }
        }
    }
    let headings = inds.iter().filter(|i| i.level == 1 || i.level == 2);
    for ((ind, group), rows) in headings.zip(&sc.groups).zip(&children) {
        let Some(stated) = ind.claimed_score else { continue };
        let claims: Option<Vec<Decimal>> = rows.iter().map(|&i| inds[i].claimed_score).collect();
        let (against, what) = match claims {
            Some(c) if !c.is_empty() => (c.into_iter().sum::<Decimal>(), "其下各三级指标原报得分之和"),
            _ => (group.score, "按规则计算的小计"),
        };
        if !agree(rules, stated, against) {
            out.push_num(
                "CLAIMED_SUBTOTAL_MISMATCH",
                ipath(ind, "claimed_score"),
                ind_place(ind, "原报得分"),
                format!(
                    "「{}」的原报得分为 {}，{}为 {}，{}。请核对该行得分或其下各指标得分。",
                    ind_name(ind),
                    stated,
                    what,
                    against,
                    diff_text(Kind::Stated, against, stated)
                ),
                Kind::Stated,
                Some(against),
                Some(stated),
            );
        }
    }

    let c = &ev.claimed;
    // The claimed total against its claimed parts: the budget score and every applicable
    // 三级 row's score, all claimed (a rescaled total is not a plain sum: not compared).
    let rescaled = rules.rescale_inapplicable && inds.iter().any(|i| i.is_scored() && !i.applicable);
    let budget = c.budget_score.or((rules.budget_weight.is_zero()).then_some(Decimal::ZERO));
    if let (Some(total), Some(budget), false) = (c.total, budget, rescaled) {
        if claimed > 0 && claimed == scored.len() {
            let parts: Decimal = budget + scored.iter().filter_map(|&i| inds[i].claimed_score).sum::<Decimal>();
            if !agree(rules, total, parts) {
                out.push_num(
                    "CLAIMED_TOTAL_PARTS_MISMATCH",
                    "claimed.total".into(),
                    "原报数据 自评得分".into(),
                    format!(
                        "原报自评得分为 {} 分，但原报的各项得分相加为 {} 分（预算执行 {} + {} 个三级指标 {}），{}。请核对原表的合计。",
                        total,
                        parts,
                        budget,
                        scored.len(),
                        parts - budget,
                        diff_text(Kind::Stated, parts, total)
                    ),
                    Kind::Stated,
                    Some(parts),
                    Some(total),
                );
            }
        }
    }

    // The claimed grade against the claimed total.
    if let (Some(grade), Some(total)) = (c.grade, c.total) {
        let should = rules.grades.grade(total);
        if grade != should {
            out.push(
                "CLAIMED_GRADE_TOTAL_MISMATCH",
                "claimed.grade".into(),
                "原报数据 等级".into(),
                format!(
                    "原报等级为「{}」，但原报自评得分 {} 分按等级标准应为「{}」。请改正等级或自评得分。",
                    grade.label(),
                    total,
                    should.label()
                ),
            );
        }
    }
}
