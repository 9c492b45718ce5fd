//! `cmp` and `partial_cmp` of two indexed iterators: the first unequal
//! pair decides (found with `find_first`), else the lengths do.

use super::{IndexedParallelIterator, ParallelIterator};
use std::cmp::Ordering;

pub(super) fn cmp<A, B>(a: A, b: B) -> Ordering
where
    A: IndexedParallelIterator,
    B: IndexedParallelIterator<Item = A::Item>,
    A::Item: Ord,
{
    let lengths = a.len().cmp(&b.len());
    a.zip(b)
        .map(|(x, y)| Ord::cmp(&x, &y))
        .find_first(|&order| order != Ordering::Equal)
        .unwrap_or(lengths)
}

pub(super) fn partial_cmp<A, B>(a: A, b: B) -> Option<Ordering>
where
    A: IndexedParallelIterator,
    B: IndexedParallelIterator,
    A::Item: PartialOrd<B::Item>,
{
    let lengths = a.len().cmp(&b.len());
    a.zip(b)
        .map(|(x, y)| PartialOrd::partial_cmp(&x, &y))
        .find_first(|&order| order != Some(Ordering::Equal))
        .unwrap_or(Some(lengths))
}
