//! The two halves of every parallel iterator: a [`Producer`] that can cut
//! its input in two, and a [`Consumer`] that folds one piece sequentially
//! and combines the results of two neighbouring pieces.
//!
//! [`bridge`] joins them: it asks the adaptive splitter how far to cut the
//! producer, forks the pieces with the backend's `join`, folds each piece
//! with an ordinary [`Iterator`], and reduces the results pairwise in input
//! order. Users of parallel iterators never need these traits.

use crate::backend;
use crate::split::{INLINE_MAX_LEN, Splitter};

/// A splittable source of items: a slice, a range, a vector, or an adaptor
/// over another producer.
///
/// `len` counts units of work in the underlying input, which for indexed
/// iterators is also the number of items; for `filter` it is the number of
/// items before filtering.
pub trait Producer: Send + Sized {
    /// The items produced.
    type Item;
    /// The sequential iterator that produces one piece's items.
    type IntoIter: Iterator<Item = Self::Item>;

    /// The number of units of work left in this producer.
    fn len(&self) -> usize;

    /// Whether [`len`](Producer::len) is zero.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Cuts the producer in two at `index` (at most `len`): units
    /// `..index` go left, `index..` go right.
    fn split_at(self, index: usize) -> (Self, Self);

    /// Turns this piece into a sequential iterator.
    fn into_iter(self) -> Self::IntoIter;

    /// Pieces are never cut shorter than this (set by `with_min_len`).
    fn min_len(&self) -> usize {
        1
    }

    /// Pieces longer than this are always cut (set by `with_max_len`).
    fn max_len(&self) -> usize {
        usize::MAX
    }
}

/// A terminal operation: folds one piece, reduces two results.
///
/// It is shared by reference between the threads running the pieces, so it
/// must be `Sync`; [`reduce`](Consumer::reduce) is always called with the
/// left piece's result first, so order-sensitive results (`collect`, `min`)
/// come out as the sequential code would give them.
pub trait Consumer<Item>: Sync {
    /// The result of one piece, and of the whole.
    type Result: Send;

    /// Folds one piece's items sequentially.
    fn consume_piece<I: Iterator<Item = Item>>(&self, items: I) -> Self::Result;

    /// Combines the results of two neighbouring pieces, left then right.
    fn reduce(&self, left: Self::Result, right: Self::Result) -> Self::Result;

    /// Whether the answer is already known, so remaining pieces may be
    /// skipped (`any`, `all`, `find_any`).
    fn is_done(&self) -> bool {
        false
    }
}

/// Runs `consumer` over every item of `producer`, splitting as the pool can
/// use, and returns the combined result.
pub fn bridge<P, C>(producer: P, consumer: &C) -> C::Result
where
    P: Producer,
    C: Consumer<P::Item>,
{
    match Splitter::for_input(
        producer.len(),
        producer.min_len(),
        producer.max_len(),
        INLINE_MAX_LEN,
    ) {
        None => consumer.consume_piece(producer.into_iter()),
        Some(splitter) => run_piece(producer, consumer, splitter, false),
    }
}

/// Splits one piece in two, or folds it if the splitter says stop.
fn run_piece<P, C>(producer: P, consumer: &C, mut splitter: Splitter, migrated: bool) -> C::Result
where
    P: Producer,
    C: Consumer<P::Item>,
{
    if consumer.is_done() {
        return consumer.consume_piece(std::iter::empty());
    }
    let len = producer.len();
    if splitter.try_split(len, migrated) {
        let (left, right) = producer.split_at(len / 2);
        let (left, right) = backend::join_context(
            |migrated| run_piece(left, consumer, splitter, migrated),
            |migrated| run_piece(right, consumer, splitter, migrated),
        );
        consumer.reduce(left, right)
    } else {
        consumer.consume_piece(producer.into_iter())
    }
}
