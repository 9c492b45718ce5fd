//! `min_by` and `max_by` (and through them `min`, `max`, `*_by_key`).
//!
//! Ties are broken as `Iterator::min_by`/`max_by` break them, so results
//! equal the sequential ones exactly: the first of equal minima, the last
//! of equal maxima. Each piece does that sequentially, and the reduction
//! keeps the left result unless the right one strictly wins (min) or is at
//! least as large (max).

use super::plumbing::Consumer;
use std::cmp::Ordering;

/// The first smallest item by `compare`.
pub(super) struct MinBy<'f, F> {
    pub(super) compare: &'f F,
}

impl<T: Send, F: Fn(&T, &T) -> Ordering + Sync> Consumer<T> for MinBy<'_, F> {
    type Result = Option<T>;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> Option<T> {
        items.min_by(self.compare)
    }

    fn reduce(&self, left: Option<T>, right: Option<T>) -> Option<T> {
        // The right result wins only if strictly smaller.
        keep_winner(left, right, |r, l| (self.compare)(r, l) == Ordering::Less)
    }
}

/// The last largest item by `compare`.
pub(super) struct MaxBy<'f, F> {
    pub(super) compare: &'f F,
}

impl<T: Send, F: Fn(&T, &T) -> Ordering + Sync> Consumer<T> for MaxBy<'_, F> {
    type Result = Option<T>;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> Option<T> {
        items.max_by(self.compare)
    }

    fn reduce(&self, left: Option<T>, right: Option<T>) -> Option<T> {
        // The right result wins if at least as large.
        keep_winner(left, right, |r, l| (self.compare)(r, l) != Ordering::Less)
    }
}

/// The reduction both consumers share: the left result unless
/// `right_wins(right, left)`; a missing side yields the other.
fn keep_winner<T>(
    left: Option<T>,
    right: Option<T>,
    right_wins: impl FnOnce(&T, &T) -> bool,
) -> Option<T> {
    match (left, right) {
        (Some(l), Some(r)) => Some(if right_wins(&r, &l) { r } else { l }),
        (l, None) => l,
        (None, r) => r,
    }
}
