//! Stable sorting with one sort in the program: every list is sorted through its positions
//! (a `Vec<usize>` ordered by a comparison of the items they point at), so the standard
//! library's sort is compiled once, not once per item type and comparison (each copy is about
//! 3.5 KB of wasm; issue 20). Same result as `slice::sort_by`: stable, equal items keep their
//! order.

use std::cmp::Ordering;

/// `items` in the order of `cmp`, stable.
pub fn sorted_by<T>(items: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = stable_order(items.len(), &|a, b| cmp(&items[a], &items[b]));
    in_order(items, order)
}

/// The positions `0..n` in the order of `cmp` (which compares two positions' items), stable.
pub fn stable_order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// `items` rearranged: the item at `order[0]` first, and so on (`order` a permutation of the
/// positions).
pub fn in_order<T>(items: Vec<T>, order: Vec<usize>) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|k| slots[k].take()).collect()
}
