//! Parallel iterators: change `iter()` to `par_iter()`.
//!
//! The traits and names follow rayon's, so code moves between the two by
//! changing the import. Every iterator here is built on an indexed source
//! (a slice, a `Vec`, an integer range, chunks of a slice) that can be cut
//! anywhere; adaptors wrap the source's [`Producer`],
//! and a consumer folds each piece with an ordinary sequential iterator and
//! combines neighbouring pieces in input order. How far an input is cut is
//! decided by the adaptive splitter, described in this module's README
//! (`src/iter/README.md`): small inputs run inline, large ones are cut into
//! about two pieces per thread, and stolen pieces are cut further.
//!
//! ```
//! use fearless_par::prelude::*;
//!
//! let v: Vec<u64> = (0..1_000).collect();
//! let even_squares: u64 = v.par_iter().filter(|&&x| x % 2 == 0).map(|&x| x * x % 1000).sum();
//! let sequential: u64 = v.iter().filter(|&&x| x % 2 == 0).map(|&x| x * x % 1000).sum();
//! assert_eq!(even_squares, sequential);
//! ```

#![forbid(unsafe_code)]

use std::cmp::Ordering;
use std::iter::{Product, Sum};

pub mod plumbing;

mod collect;
mod copied;
mod enumerate;
mod filter;
mod find;
mod fold;
mod for_each;
mod len;
mod map;
mod min_max;
pub mod range;
mod reduce;
mod sum;
pub mod vec;
mod zip;

pub use collect::FromParallelIterator;
pub use copied::{Cloned, Copied};
pub use enumerate::Enumerate;
pub use filter::{Filter, FilterMap};
pub use fold::Fold;
pub use len::{MaxLen, MinLen};
pub use map::Map;
pub use zip::Zip;

use plumbing::{Producer, bridge};

/// An iterator whose items are processed in parallel.
///
/// Adaptors (`map`, `filter`, ...) build a new iterator; consumers
/// (`for_each`, `sum`, `collect`, ...) run it. The closures given to them
/// may run on several threads at once, so they are `Fn + Sync + Send`.
/// A panic in any of them is propagated to the caller once the running
/// pieces have finished.
pub trait ParallelIterator: Sized + Send {
    /// The type of the items.
    type Item: Send;

    /// The splittable source behind this iterator (plumbing).
    type Producer: Producer<Item = Self::Item>;

    /// Turns the iterator into its producer (plumbing; called by the
    /// consumers).
    fn into_producer(self) -> Self::Producer;

    /// Calls `op` on every item.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    /// use fearless_core::sync::atomic::{AtomicU64, Ordering};
    ///
    /// let total = AtomicU64::new(0);
    /// (1..=100u64).collect::<Vec<_>>().par_iter().for_each(|&x| {
    ///     total.fetch_add(x, Ordering::Relaxed);
    /// });
    /// assert_eq!(total.into_inner(), 5050);
    /// ```
    fn for_each<OP>(self, op: OP)
    where
        OP: Fn(Self::Item) + Sync + Send,
    {
        bridge(self.into_producer(), &for_each::ForEach { op: &op })
    }

    /// Applies `map_op` to every item.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let doubled: Vec<i32> = [1, 2, 3].par_iter().map(|x| x * 2).collect();
    /// assert_eq!(doubled, [2, 4, 6]);
    /// ```
    fn map<F, R>(self, map_op: F) -> Map<Self, F>
    where
        F: Fn(Self::Item) -> R + Sync + Send,
        R: Send,
    {
        Map::new(self, map_op)
    }

    /// Keeps the items for which `filter_op` returns `true`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let odd: Vec<u32> = (0..10u32).into_par_iter().filter(|x| x % 2 == 1).collect();
    /// assert_eq!(odd, [1, 3, 5, 7, 9]);
    /// ```
    fn filter<P>(self, filter_op: P) -> Filter<Self, P>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        Filter::new(self, filter_op)
    }

    /// Maps every item to an `Option` and keeps the `Some` values.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let words = ["1", "two", "3"];
    /// let numbers: Vec<i32> = words.par_iter().filter_map(|w| w.parse().ok()).collect();
    /// assert_eq!(numbers, [1, 3]);
    /// ```
    fn filter_map<P, R>(self, filter_op: P) -> FilterMap<Self, P>
    where
        P: Fn(Self::Item) -> Option<R> + Sync + Send,
        R: Send,
    {
        FilterMap::new(self, filter_op)
    }

    /// Copies every referenced item.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v = vec![1, 2, 3];
    /// let copies: Vec<i32> = v.par_iter().copied().collect();
    /// assert_eq!(copies, v);
    /// ```
    fn copied<'a, T>(self) -> Copied<Self>
    where
        T: 'a + Copy + Send + Sync,
        Self: ParallelIterator<Item = &'a T>,
    {
        Copied::new(self)
    }

    /// Clones every referenced item.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v = vec![String::from("a"), String::from("b")];
    /// let clones: Vec<String> = v.par_iter().cloned().collect();
    /// assert_eq!(clones, v);
    /// ```
    fn cloned<'a, T>(self) -> Cloned<Self>
    where
        T: 'a + Clone + Send + Sync,
        Self: ParallelIterator<Item = &'a T>,
    {
        Cloned::new(self)
    }

    /// Combines all items with `op`, starting every piece from `identity()`.
    ///
    /// `op` must be associative and `identity()` its neutral element, or
    /// the result depends on how the input was split.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let sum = (1..=10i64).collect::<Vec<_>>().into_par_iter().reduce(|| 0, |a, b| a + b);
    /// assert_eq!(sum, 55);
    /// ```
    fn reduce<OP, ID>(self, identity: ID, op: OP) -> Self::Item
    where
        OP: Fn(Self::Item, Self::Item) -> Self::Item + Sync + Send,
        ID: Fn() -> Self::Item + Sync + Send,
    {
        bridge(
            self.into_producer(),
            &reduce::Reduce {
                identity: &identity,
                op: &op,
            },
        )
    }

    /// Combines all items with `op`; `None` if there are none.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((1..5u32).into_par_iter().reduce_with(|a, b| a * b), Some(24));
    /// assert_eq!((0..0u32).into_par_iter().reduce_with(|a, b| a * b), None);
    /// ```
    fn reduce_with<OP>(self, op: OP) -> Option<Self::Item>
    where
        OP: Fn(Self::Item, Self::Item) -> Self::Item + Sync + Send,
    {
        bridge(self.into_producer(), &reduce::ReduceWith { op: &op })
    }

    /// Folds the items of each piece into an accumulator that starts at
    /// `identity()`, and yields one accumulator per piece: a parallel
    /// iterator to be combined further, usually with `reduce` or `sum`.
    /// How many accumulators there are depends on the splitting.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let words = vec!["a", "bb", "ccc"];
    /// let letters = words
    ///     .par_iter()
    ///     .fold(|| 0usize, |n, w| n + w.len())
    ///     .reduce(|| 0, |a, b| a + b);
    /// assert_eq!(letters, 6);
    /// ```
    fn fold<T, ID, F>(self, identity: ID, fold_op: F) -> Fold<Self, ID, F>
    where
        F: Fn(T, Self::Item) -> T + Sync + Send,
        ID: Fn() -> T + Sync + Send,
        T: Send,
    {
        Fold::new(self, identity, fold_op)
    }

    /// Sums the items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..1_000u64).into_par_iter().sum::<u64>(), 499_500);
    /// ```
    fn sum<S>(self) -> S
    where
        S: Send + Sum<Self::Item> + Sum<S>,
    {
        bridge(self.into_producer(), &sum::SumOf::new())
    }

    /// Multiplies the items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((1..=5u64).into_par_iter().product::<u64>(), 120);
    /// ```
    fn product<P>(self) -> P
    where
        P: Send + Product<Self::Item> + Product<P>,
    {
        bridge(self.into_producer(), &sum::ProductOf::new())
    }

    /// Counts the items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..100u32).into_par_iter().filter(|x| x % 3 == 0).count(), 34);
    /// ```
    fn count(self) -> usize {
        bridge(self.into_producer(), &sum::Count)
    }

    /// The smallest item; the first one if several are equally small.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!([3, 1, 2].par_iter().min(), Some(&1));
    /// ```
    fn min(self) -> Option<Self::Item>
    where
        Self::Item: Ord,
    {
        self.min_by(Ord::cmp)
    }

    /// The smallest item by `f`; the first one if several are equally small.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!([3i32, -4, 2].par_iter().min_by(|a, b| a.abs().cmp(&b.abs())), Some(&2));
    /// ```
    fn min_by<F>(self, f: F) -> Option<Self::Item>
    where
        F: Sync + Send + Fn(&Self::Item, &Self::Item) -> Ordering,
    {
        bridge(self.into_producer(), &min_max::MinBy { compare: &f })
    }

    /// The item with the smallest key; the first one if several keys are
    /// equally small.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let words = ["ccc", "a", "bb", "d"];
    /// assert_eq!(words.par_iter().min_by_key(|w| w.len()), Some(&"a"));
    /// ```
    fn min_by_key<K, F>(self, f: F) -> Option<Self::Item>
    where
        K: Ord + Send,
        F: Sync + Send + Fn(&Self::Item) -> K,
    {
        self.map(|item| (f(&item), item))
            .min_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, item)| item)
    }

    /// The largest item; the last one if several are equally large.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!([3, 1, 2].par_iter().max(), Some(&3));
    /// ```
    fn max(self) -> Option<Self::Item>
    where
        Self::Item: Ord,
    {
        self.max_by(Ord::cmp)
    }

    /// The largest item by `f`; the last one if several are equally large.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!([3i32, -4, 2].par_iter().max_by(|a, b| a.abs().cmp(&b.abs())), Some(&-4));
    /// ```
    fn max_by<F>(self, f: F) -> Option<Self::Item>
    where
        F: Sync + Send + Fn(&Self::Item, &Self::Item) -> Ordering,
    {
        bridge(self.into_producer(), &min_max::MaxBy { compare: &f })
    }

    /// The item with the largest key; the last one if several keys are
    /// equally large.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let words = ["ccc", "a", "bb", "ddd"];
    /// assert_eq!(words.par_iter().max_by_key(|w| w.len()), Some(&"ddd"));
    /// ```
    fn max_by_key<K, F>(self, f: F) -> Option<Self::Item>
    where
        K: Ord + Send,
        F: Sync + Send + Fn(&Self::Item) -> K,
    {
        self.map(|item| (f(&item), item))
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, item)| item)
    }

    /// Whether `predicate` holds for some item. Stops early (on every
    /// thread) once one is found.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert!((0..1_000u32).into_par_iter().any(|x| x == 999));
    /// assert!(!(0..1_000u32).into_par_iter().any(|x| x == 1_000));
    /// ```
    fn any<P>(self, predicate: P) -> bool
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.map(predicate).find_any(|&found| found).is_some()
    }

    /// Whether `predicate` holds for every item. Stops early (on every
    /// thread) once a counterexample is found.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert!((0..1_000u32).into_par_iter().all(|x| x < 1_000));
    /// ```
    fn all<P>(self, predicate: P) -> bool
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.map(predicate).find_any(|&holds| !holds).is_none()
    }

    /// Some item for which `predicate` holds, not necessarily the first.
    /// Stops early (on every thread) once one is found.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let found = (0..1_000u32).into_par_iter().find_any(|x| x % 100 == 99);
    /// assert!(matches!(found, Some(x) if x % 100 == 99));
    /// ```
    fn find_any<P>(self, predicate: P) -> Option<Self::Item>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        bridge(self.into_producer(), &find::FindAny::new(&predicate))
    }

    /// Collects the items, in input order, into a collection such as a
    /// `Vec`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let squares: Vec<u64> = (0..5u64).into_par_iter().map(|x| x * x).collect();
    /// assert_eq!(squares, [0, 1, 4, 9, 16]);
    /// ```
    fn collect<C>(self) -> C
    where
        C: FromParallelIterator<Self::Item>,
    {
        C::from_par_iter(self)
    }
}

/// A parallel iterator that knows its exact length and the position of
/// every item, so it can be enumerated, zipped and cut at any index.
// Like rayon's, this trait has `len` and no `is_empty`.
#[allow(clippy::len_without_is_empty)]
pub trait IndexedParallelIterator: ParallelIterator {
    /// The exact number of items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..10u32).into_par_iter().map(|x| x + 1).len(), 10);
    /// ```
    fn len(&self) -> usize;

    /// Pairs every item with its index.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<(usize, char)> = ['a', 'b'].par_iter().copied().enumerate().collect();
    /// assert_eq!(v, [(0, 'a'), (1, 'b')]);
    /// ```
    fn enumerate(self) -> Enumerate<Self> {
        Enumerate::new(self)
    }

    /// Pairs items of two indexed iterators; as long as the shorter one.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let a = [1, 2, 3];
    /// let b = [10, 20];
    /// let sums: Vec<i32> = a.par_iter().zip(&b).map(|(x, y)| x + y).collect();
    /// assert_eq!(sums, [11, 22]);
    /// ```
    fn zip<Z>(self, zip_op: Z) -> Zip<Self, Z::Iter>
    where
        Z: IntoParallelIterator,
        Z::Iter: IndexedParallelIterator,
    {
        Zip::new(self, zip_op.into_par_iter())
    }

    /// Never cuts the input into pieces shorter than `min` items; use it
    /// when per-piece setup is expensive.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let n = (0..1_000u32).into_par_iter().with_min_len(500).count();
    /// assert_eq!(n, 1_000);
    /// ```
    fn with_min_len(self, min: usize) -> MinLen<Self> {
        MinLen::new(self, min)
    }

    /// Always cuts the input into pieces of at most `max` items, even when
    /// the input is small; use it when every item is expensive.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let n = (0..100u32).into_par_iter().with_max_len(1).map(|x| x * 2).count();
    /// assert_eq!(n, 100);
    /// ```
    fn with_max_len(self, max: usize) -> MaxLen<Self> {
        MaxLen::new(self, max)
    }
}

/// A value that can become a parallel iterator: parallel iterators
/// themselves, `Vec`, slices and integer ranges.
pub trait IntoParallelIterator {
    /// The parallel iterator made.
    type Iter: ParallelIterator<Item = Self::Item>;
    /// The type of its items.
    type Item: Send;

    /// Makes the parallel iterator.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v = vec![1, 2, 3];
    /// assert_eq!(v.into_par_iter().sum::<i32>(), 6);
    /// ```
    fn into_par_iter(self) -> Self::Iter;
}

impl<T: ParallelIterator> IntoParallelIterator for T {
    type Iter = T;
    type Item = T::Item;

    fn into_par_iter(self) -> T {
        self
    }
}

/// `par_iter()`: a parallel iterator over references, for any `C` whose
/// `&C` is [`IntoParallelIterator`] (slices, `Vec`).
pub trait IntoParallelRefIterator<'data> {
    /// The parallel iterator made.
    type Iter: ParallelIterator<Item = Self::Item>;
    /// The type of its items, usually `&'data T`.
    type Item: Send + 'data;

    /// Iterates over shared references in parallel.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v = vec![1, 2, 3];
    /// assert_eq!(v.par_iter().max(), Some(&3));
    /// ```
    fn par_iter(&'data self) -> Self::Iter;
}

impl<'data, I: 'data + ?Sized> IntoParallelRefIterator<'data> for I
where
    &'data I: IntoParallelIterator,
{
    type Iter = <&'data I as IntoParallelIterator>::Iter;
    type Item = <&'data I as IntoParallelIterator>::Item;

    fn par_iter(&'data self) -> Self::Iter {
        self.into_par_iter()
    }
}

/// `par_iter_mut()`: a parallel iterator over mutable references, for any
/// `C` whose `&mut C` is [`IntoParallelIterator`] (slices, `Vec`).
pub trait IntoParallelRefMutIterator<'data> {
    /// The parallel iterator made.
    type Iter: ParallelIterator<Item = Self::Item>;
    /// The type of its items, usually `&'data mut T`.
    type Item: Send + 'data;

    /// Iterates over mutable references in parallel.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![1, 2, 3];
    /// v.par_iter_mut().for_each(|x| *x *= 10);
    /// assert_eq!(v, [10, 20, 30]);
    /// ```
    fn par_iter_mut(&'data mut self) -> Self::Iter;
}

impl<'data, I: 'data + ?Sized> IntoParallelRefMutIterator<'data> for I
where
    &'data mut I: IntoParallelIterator,
{
    type Iter = <&'data mut I as IntoParallelIterator>::Iter;
    type Item = <&'data mut I as IntoParallelIterator>::Item;

    fn par_iter_mut(&'data mut self) -> Self::Iter {
        self.into_par_iter()
    }
}
