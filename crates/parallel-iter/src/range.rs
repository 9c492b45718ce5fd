//! Parallel iterators over ranges: `(a..b).into_par_iter()` for every
//! primitive integer type and `char`.
//!
//! `IntoParallelIterator` is implemented once, generically, as rayon does,
//! so an unsuffixed literal range like `(0..1000).into_par_iter()` infers
//! its type (falling back to `i32`). Every range is cut as `start + i` for
//! offsets `i` in `0..len`, so one producer serves all integer types; a
//! range longer than `usize::MAX` (only possible with 128-bit integers, or
//! 64-bit ones on a 32-bit target) is split by halving instead and is not
//! indexed.
//!
//! ```
//! use fearless_par::prelude::*;
//!
//! assert_eq!((0..1000).into_par_iter().sum::<i32>(), 499_500);
//! assert_eq!((0..10u128).into_par_iter().sum::<u128>(), 45);
//! assert_eq!(('a'..'e').into_par_iter().collect::<String>(), "abcd");
//! ```

use crate::iter::plumbing::{
    Consumer, Folder, Producer, ProducerCallback, UnindexedConsumer, UnindexedProducer, bridge,
    bridge_producer_consumer, bridge_unindexed,
};
use crate::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use std::ops::Range;

/// A parallel iterator over a `Range`.
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Iter<T> {
    range: Range<T>,
}

impl<T> IntoParallelIterator for Range<T>
where
    Iter<T>: ParallelIterator,
{
    type Item = <Iter<T> as ParallelIterator>::Item;
    type Iter = Iter<T>;

    fn into_par_iter(self) -> Iter<T> {
        Iter { range: self }
    }
}

mod private {
    /// Seals [`super::Step`].
    pub trait Sealed {}
}

/// A type whose ranges can be iterated in parallel: every primitive
/// integer and `char`. Sealed.
pub trait Step: private::Sealed + Copy + Send + Sync + PartialOrd + 'static {
    /// How many values lie in `start..end` (`end > start`), as a `u128`,
    /// less one (so that the full 128-bit inclusive range fits).
    #[doc(hidden)]
    fn gap(start: Self, end: Self) -> u128;
    /// The value `i` steps after `self` (`i` is within the range).
    #[doc(hidden)]
    fn forward(self, i: u128) -> Self;
}

macro_rules! integer_step {
    ($($t:ty),*) => {$(
        impl private::Sealed for $t {}
        impl Step for $t {
            #[inline]
            fn gap(start: $t, end: $t) -> u128 {
                // Modular arithmetic: the true difference is below 2^128.
                (end as u128).wrapping_sub(start as u128) - 1
            }
            #[inline]
            fn forward(self, i: u128) -> $t {
                // Two's complement: adding `i` modulo 2^bits lands on the
                // value `i` steps on, which the caller knows is in range.
                self.wrapping_add(i as $t)
            }
        }
    )*};
}

integer_step!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);

/// Chars skip the surrogate gap `0xD800..0xE000`: they are counted in a
/// dense code where the gap is removed.
const GAP_START: u32 = 0xD800;
const GAP_LEN: u32 = 0x800;

fn dense(c: char) -> u32 {
    let c = c as u32;
    if c >= GAP_START { c - GAP_LEN } else { c }
}

fn from_dense(code: u32) -> char {
    let c = if code >= GAP_START {
        code + GAP_LEN
    } else {
        code
    };
    char::from_u32(c).expect("a dense code within a char range maps to a char")
}

impl private::Sealed for char {}
impl Step for char {
    #[inline]
    fn gap(start: char, end: char) -> u128 {
        u128::from(dense(end) - dense(start)) - 1
    }
    #[inline]
    fn forward(self, i: u128) -> char {
        from_dense(dense(self) + i as u32)
    }
}

/// The number of values in `start..end`, if it fits a `usize`.
pub(crate) fn exclusive_len<T: Step>(start: T, end: T) -> Option<usize> {
    if start < end {
        usize::try_from(T::gap(start, end)).ok()?.checked_add(1)
    } else {
        Some(0)
    }
}

/// The number of values in `start..=end`, if it fits a `usize`.
pub(crate) fn inclusive_len<T: Step>(start: T, end: T) -> Option<usize> {
    if start < end {
        usize::try_from(T::gap(start, end)).ok()?.checked_add(2)
    } else if start == end {
        Some(1)
    } else {
        Some(0)
    }
}

/// Feeds `len` values from `start` (or, when `len` is `None`, the values
/// `start ..= start + gap`) to `consumer`.
pub(crate) fn drive_span<T, C>(start: T, len: Option<usize>, gap: u128, consumer: C) -> C::Result
where
    T: Step,
    C: UnindexedConsumer<T>,
{
    match len {
        Some(len) => bridge_producer_consumer(
            len,
            StepProducer {
                start,
                offsets: 0..len,
            },
            consumer,
        ),
        None => bridge_unindexed(HugeSpan { start, gap }, consumer),
    }
}

/// The length of a range that must be indexed; panics if it is too long.
pub(crate) fn indexed_len(len: Option<usize>) -> usize {
    len.expect("range is longer than usize::MAX, so it cannot be indexed")
}

impl<T: Step> ParallelIterator for Iter<T> {
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        let Range { start, end } = self.range;
        match exclusive_len(start, end) {
            Some(len) => bridge_producer_consumer(
                len,
                StepProducer {
                    start,
                    offsets: 0..len,
                },
                consumer,
            ),
            None => drive_span(start, None, T::gap(start, end), consumer),
        }
    }

    fn opt_len(&self) -> Option<usize> {
        exclusive_len(self.range.start, self.range.end)
    }
}

/// Ranges of these types are indexed. Rayon indexes only the types whose
/// every range fits a `usize` on every target; we also index 64-bit and
/// `char` ranges, whose `len` panics only where it cannot fit (a 64-bit
/// range over 2^32 long on a 32-bit target).
pub trait IndexedStep: Step {}

macro_rules! indexed_step {
    ($($t:ty),*) => {$( impl IndexedStep for $t {} )*};
}

indexed_step!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize, char);

impl<T: IndexedStep> IndexedParallelIterator for Iter<T> {
    fn drive<C: Consumer<T>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        indexed_len(exclusive_len(self.range.start, self.range.end))
    }

    fn with_producer<CB: ProducerCallback<T>>(self, callback: CB) -> CB::Output {
        let len = self.len();
        callback.callback(StepProducer {
            start: self.range.start,
            offsets: 0..len,
        })
    }
}

/// The producer of every range: the values `start + i` for `i` in
/// `offsets`.
#[derive(Debug, Clone)]
pub(crate) struct StepProducer<T> {
    pub(crate) start: T,
    pub(crate) offsets: Range<usize>,
}

impl<T: Step> Producer for StepProducer<T> {
    type Item = T;
    type IntoIter = StepIter<T>;

    fn into_iter(self) -> StepIter<T> {
        StepIter {
            start: self.start,
            offsets: self.offsets,
        }
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let mid = self.offsets.start + index;
        (
            StepProducer {
                start: self.start,
                offsets: self.offsets.start..mid,
            },
            StepProducer {
                start: self.start,
                offsets: mid..self.offsets.end,
            },
        )
    }
}

/// One piece of a range, as a sequential iterator.
#[derive(Debug, Clone)]
pub struct StepIter<T> {
    start: T,
    offsets: Range<usize>,
}

impl<T: Step> Iterator for StepIter<T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        let start = self.start;
        self.offsets.next().map(|i| start.forward(i as u128))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.offsets.size_hint()
    }

    #[inline]
    fn fold<B, G: FnMut(B, T) -> B>(self, init: B, mut g: G) -> B {
        let start = self.start;
        self.offsets
            .fold(init, move |acc, i| g(acc, start.forward(i as u128)))
    }
}

impl<T: Step> DoubleEndedIterator for StepIter<T> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        let start = self.start;
        self.offsets.next_back().map(|i| start.forward(i as u128))
    }
}

impl<T: Step> ExactSizeIterator for StepIter<T> {}

/// A span too long to index: the values `start ..= start + gap`, split by
/// halving.
struct HugeSpan<T> {
    start: T,
    gap: u128,
}

impl<T: Step> UnindexedProducer for HugeSpan<T> {
    type Item = T;

    fn split(self) -> (Self, Option<Self>) {
        if self.gap == 0 {
            return (self, None);
        }
        // `gap + 1` values: the left half takes `left_gap + 1` of them.
        let left_gap = self.gap / 2;
        let right = HugeSpan {
            start: self.start.forward(left_gap + 1),
            gap: self.gap - left_gap - 1,
        };
        (
            HugeSpan {
                start: self.start,
                gap: left_gap,
            },
            Some(right),
        )
    }

    fn fold_with<F: Folder<T>>(self, folder: F) -> F {
        let start = self.start;
        let values = (0..=self.gap).map(move |i| start.forward(i));
        folder.consume_iter(values)
    }
}
