//! `min_by` and `max_by` (and through them `min`, `max`, `*_by_key`).
//!
//! Ties are broken as `Iterator::min_by`/`max_by` break them: the first of
//! equal minima, the last of equal maxima. Both are a `reduce_with` whose
//! operation keeps the left item unless the right one strictly wins (min)
//! or is at least as large (max); reduction always passes the earlier
//! items on the left.

use super::ParallelIterator;
use std::cmp::Ordering;

pub(super) fn min_by<I, F>(pi: I, compare: &F) -> Option<I::Item>
where
    I: ParallelIterator,
    F: Fn(&I::Item, &I::Item) -> Ordering + Sync,
{
    pi.reduce_with(|a, b| match compare(&a, &b) {
        Ordering::Greater => b,
        _ => a,
    })
}

pub(super) fn max_by<I, F>(pi: I, compare: &F) -> Option<I::Item>
where
    I: ParallelIterator,
    F: Fn(&I::Item, &I::Item) -> Ordering + Sync,
{
    pi.reduce_with(|a, b| match compare(&a, &b) {
        Ordering::Greater => a,
        _ => b,
    })
}
