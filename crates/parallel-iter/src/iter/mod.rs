//! Parallel iterators: change `iter()` to `par_iter()`.
//!
//! The traits, adaptors and free functions follow rayon 1.x's names,
//! signatures and semantics, so code moves between the two by changing the
//! import. The machinery is rayon's two-level design, written anew: indexed
//! sources hand a [`Producer`](plumbing::Producer) to indexed consumers,
//! unindexed ones (`filter`, `flat_map`, `par_bridge`, hash sets) drive an
//! [`UnindexedConsumer`]; see [`plumbing`].
//! How far an input is cut is decided by the crate's adaptive splitter,
//! described in `src/iter/README.md`.
//!
//! ```
//! use fearless_par::prelude::*;
//!
//! let v: Vec<u64> = (0..1_000).collect();
//! let even_squares: u64 = v.par_iter().filter(|&&x| x % 2 == 0).map(|&x| x * x % 1000).sum();
//! let sequential: u64 = v.iter().filter(|&&x| x % 2 == 0).map(|&x| x * x % 1000).sum();
//! assert_eq!(even_squares, sequential);
//! ```

// Only `collect_in_place` (writes into a vector's spare capacity) is
// `unsafe`.
#![deny(unsafe_code)]

use std::cmp::Ordering;
use std::collections::LinkedList;
use std::iter::{Product, Sum};
use std::ops::RangeBounds;

pub mod plumbing;

mod blocks;
mod chain;
mod chunks;
mod cmp;
mod collect;
mod collect_in_place;
mod copied;
mod empty;
mod enumerate;
mod extend;
mod filter;
mod find;
mod find_first_last;
mod flat_map;
mod fold;
mod fold_chunks;
mod for_each;
mod from_par_iter;
mod interleave;
mod intersperse;
mod len;
mod map;
mod map_with;
mod min_max;
mod multizip;
mod noop;
mod once;
mod panic_fuse;
mod par_bridge;
mod positions;
mod private;
mod reduce;
mod repeat;
mod rev;
mod skip_take;
mod skip_take_any;
mod splitter;
mod step_by;
mod sum;
mod try_fold;
mod try_reduce;
mod unzip;
mod walk_tree;
mod while_some;
mod wrap;
mod zip;

pub use blocks::{ExponentialBlocks, UniformBlocks};
pub use chain::Chain;
pub use chunks::Chunks;
pub use copied::{Cloned, Copied, Inspect, Update};
pub use either::Either;
pub use empty::{Empty, empty};
pub use enumerate::Enumerate;
pub use filter::{Filter, FilterMap};
pub use flat_map::{FlatMap, FlatMapIter, Flatten, FlattenIter};
pub use fold::{Fold, FoldWith};
pub use fold_chunks::{FoldChunks, FoldChunksWith};
pub use interleave::{Interleave, InterleaveShortest};
pub use intersperse::Intersperse;
pub use len::{MaxLen, MinLen};
pub use map::Map;
pub use map_with::{MapInit, MapWith};
pub use multizip::MultiZip;
pub use once::{Once, once};
pub use panic_fuse::PanicFuse;
pub use par_bridge::{IterBridge, ParallelBridge};
pub use positions::Positions;
#[allow(deprecated)]
pub use repeat::repeatn;
pub use repeat::{Repeat, RepeatN, repeat, repeat_n};
pub use rev::Rev;
pub use skip_take::{Skip, Take};
pub use skip_take_any::{SkipAny, SkipAnyWhile, TakeAny, TakeAnyWhile};
pub use splitter::{Split, split};
pub use step_by::StepBy;
pub use try_fold::{TryFold, TryFoldWith};
pub use walk_tree::{
    WalkTree, WalkTreePostfix, WalkTreePrefix, walk_tree, walk_tree_postfix, walk_tree_prefix,
};
pub use while_some::WhileSome;
pub use zip::{Zip, ZipEq};

use plumbing::{Consumer, ProducerCallback, UnindexedConsumer};
use private::Try;

/// A value that can become a parallel iterator: parallel iterators
/// themselves, collections, slices, ranges, `Option`, `Result`, tuples.
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
    /// assert_eq!((0..1000).into_par_iter().sum::<i32>(), 499_500);
    /// ```
    fn into_par_iter(self) -> Self::Iter;
}

/// `par_iter()`: a parallel iterator over references, for any `C` whose
/// `&C` is [`IntoParallelIterator`].
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
/// `C` whose `&mut C` is [`IntoParallelIterator`].
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

    /// Calls `op` on every item.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    /// use fearless_core::sync::atomic::{AtomicU64, Ordering};
    ///
    /// let total = AtomicU64::new(0);
    /// (1..=100u64).into_par_iter().for_each(|x| {
    ///     total.fetch_add(x, Ordering::Relaxed);
    /// });
    /// assert_eq!(total.into_inner(), 5050);
    /// ```
    fn for_each<OP>(self, op: OP)
    where
        OP: Fn(Self::Item) + Sync + Send,
    {
        for_each::for_each(self, &op)
    }

    /// Calls `op` on every item with a `&mut` to a clone of `init` (one
    /// clone per piece the input is cut into).
    ///
    /// ```
    /// use fearless_par::prelude::*;
    /// use std::sync::mpsc::channel;
    ///
    /// let (sender, receiver) = channel();
    /// (0..5).into_par_iter().for_each_with(sender, |s, x| s.send(x).unwrap());
    /// let mut got: Vec<_> = receiver.iter().collect();
    /// got.sort();
    /// assert_eq!(got, [0, 1, 2, 3, 4]);
    /// ```
    fn for_each_with<OP, T>(self, init: T, op: OP)
    where
        OP: Fn(&mut T, Self::Item) + Sync + Send,
        T: Send + Clone,
    {
        self.map_with(init, op).collect()
    }

    /// Calls `op` on every item with a `&mut` to a value made by `init`
    /// (once per piece the input is cut into).
    fn for_each_init<OP, INIT, T>(self, init: INIT, op: OP)
    where
        OP: Fn(&mut T, Self::Item) + Sync + Send,
        INIT: Fn() -> T + Sync + Send,
    {
        self.map_init(init, op).collect()
    }

    /// Calls a fallible `op` on every item; stops at some error (not
    /// necessarily the first) and returns it.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let r = (0..100).into_par_iter().try_for_each(|x| if x < 50 { Ok(()) } else { Err(x) });
    /// assert!(matches!(r, Err(x) if x >= 50));
    /// ```
    fn try_for_each<OP, R>(self, op: OP) -> R
    where
        OP: Fn(Self::Item) -> R + Sync + Send,
        R: Try<Output = ()> + Send,
    {
        fn ok<R: Try<Output = ()>>(_: (), _: ()) -> R {
            R::from_output(())
        }
        self.map(op).try_reduce(<()>::default, ok)
    }

    /// [`try_for_each`](Self::try_for_each) with a per-piece clone of
    /// `init`.
    fn try_for_each_with<OP, T, R>(self, init: T, op: OP) -> R
    where
        OP: Fn(&mut T, Self::Item) -> R + Sync + Send,
        T: Send + Clone,
        R: Try<Output = ()> + Send,
    {
        fn ok<R: Try<Output = ()>>(_: (), _: ()) -> R {
            R::from_output(())
        }
        self.map_with(init, op).try_reduce(<()>::default, ok)
    }

    /// [`try_for_each`](Self::try_for_each) with a per-piece value made by
    /// `init`.
    fn try_for_each_init<OP, INIT, T, R>(self, init: INIT, op: OP) -> R
    where
        OP: Fn(&mut T, Self::Item) -> R + Sync + Send,
        INIT: Fn() -> T + Sync + Send,
        R: Try<Output = ()> + Send,
    {
        fn ok<R: Try<Output = ()>>(_: (), _: ()) -> R {
            R::from_output(())
        }
        self.map_init(init, op).try_reduce(<()>::default, ok)
    }

    /// Counts the items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..100).into_par_iter().filter(|x| x % 3 == 0).count(), 34);
    /// ```
    fn count(self) -> usize {
        fn one<T>(_: T) -> usize {
            1
        }
        self.map(one).sum()
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

    /// Applies `map_op` to every item with a `&mut` to a per-piece clone
    /// of `init`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..5).into_par_iter().map_with(10, |ten, x| x + *ten).collect();
    /// assert_eq!(v, [10, 11, 12, 13, 14]);
    /// ```
    fn map_with<F, T, R>(self, init: T, map_op: F) -> MapWith<Self, T, F>
    where
        F: Fn(&mut T, Self::Item) -> R + Sync + Send,
        T: Send + Clone,
        R: Send,
    {
        MapWith::new(self, init, map_op)
    }

    /// Applies `map_op` to every item with a `&mut` to a per-piece value
    /// made by `init`.
    fn map_init<F, INIT, T, R>(self, init: INIT, map_op: F) -> MapInit<Self, INIT, F>
    where
        F: Fn(&mut T, Self::Item) -> R + Sync + Send,
        INIT: Fn() -> T + Sync + Send,
        R: Send,
    {
        MapInit::new(self, init, map_op)
    }

    /// Clones every referenced item.
    fn cloned<'a, T>(self) -> Cloned<Self>
    where
        T: 'a + Clone + Send,
        Self: ParallelIterator<Item = &'a T>,
    {
        Cloned::new(self)
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
        T: 'a + Copy + Send,
        Self: ParallelIterator<Item = &'a T>,
    {
        Copied::new(self)
    }

    /// Calls `inspect_op` on a reference to every item as it passes.
    fn inspect<OP>(self, inspect_op: OP) -> Inspect<Self, OP>
    where
        OP: Fn(&Self::Item) + Sync + Send,
    {
        Inspect::new(self, inspect_op)
    }

    /// Modifies every item in place with `update_op` as it passes.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..3).into_par_iter().update(|x| *x *= 2).collect();
    /// assert_eq!(v, [0, 2, 4]);
    /// ```
    fn update<F>(self, update_op: F) -> Update<Self, F>
    where
        F: Fn(&mut Self::Item) + Sync + Send,
    {
        Update::new(self, update_op)
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

    /// Maps every item to a parallel iterator and yields their items, in
    /// order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<u32> = (0..4u32).into_par_iter().flat_map(|n| 0..n).collect();
    /// assert_eq!(v, [0, 0, 1, 0, 1, 2]);
    /// ```
    fn flat_map<F, PI>(self, map_op: F) -> FlatMap<Self, F>
    where
        F: Fn(Self::Item) -> PI + Sync + Send,
        PI: IntoParallelIterator,
    {
        FlatMap::new(self, map_op)
    }

    /// Maps every item to a sequential iterator and yields their items, in
    /// order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<u32> = (0..4u32).into_par_iter().flat_map_iter(|n| 0..n).collect();
    /// assert_eq!(v, [0, 0, 1, 0, 1, 2]);
    /// ```
    fn flat_map_iter<F, SI>(self, map_op: F) -> FlatMapIter<Self, F>
    where
        F: Fn(Self::Item) -> SI + Sync + Send,
        SI: IntoIterator<Item: Send>,
    {
        FlatMapIter::new(self, map_op)
    }

    /// Yields the items of every item (each a parallel iterable).
    fn flatten(self) -> Flatten<Self>
    where
        Self::Item: IntoParallelIterator,
    {
        Flatten::new(self)
    }

    /// Yields the items of every item (each a sequential iterable).
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = vec![vec![1, 2], vec![], vec![3]].into_par_iter().flatten_iter().collect();
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    fn flatten_iter(self) -> FlattenIter<Self>
    where
        Self::Item: IntoIterator<Item: Send>,
    {
        FlattenIter::new(self)
    }

    /// Combines all items with `op`, starting every piece from `identity()`.
    ///
    /// `op` must be associative and `identity()` its neutral element, or
    /// the result depends on how the input was split.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((1..=10).into_par_iter().reduce(|| 0, |a, b| a + b), 55);
    /// ```
    fn reduce<OP, ID>(self, identity: ID, op: OP) -> Self::Item
    where
        OP: Fn(Self::Item, Self::Item) -> Self::Item + Sync + Send,
        ID: Fn() -> Self::Item + Sync + Send,
    {
        reduce::reduce(self, &identity, &op)
    }

    /// Combines all items with `op`; `None` if there are none.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((1..5).into_par_iter().reduce_with(|a, b| a * b), Some(24));
    /// assert_eq!((0..0).into_par_iter().reduce_with(|a, b| a * b), None);
    /// ```
    fn reduce_with<OP>(self, op: OP) -> Option<Self::Item>
    where
        OP: Fn(Self::Item, Self::Item) -> Self::Item + Sync + Send,
    {
        fn some<T>(item: T) -> Option<T> {
            Some(item)
        }
        self.map(some).reduce(
            || None,
            |left, right| match (left, right) {
                (Some(l), Some(r)) => Some(op(l, r)),
                (l, None) => l,
                (None, r) => r,
            },
        )
    }

    /// Reduces fallible items (`Option`/`Result`/`ControlFlow`); stops at
    /// some failure (not necessarily the first) and returns it.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let sum = (1..=4i32).into_par_iter().map(Some).try_reduce(|| 0, |a, b| a.checked_add(b));
    /// assert_eq!(sum, Some(10));
    /// ```
    fn try_reduce<T, OP, ID>(self, identity: ID, op: OP) -> Self::Item
    where
        OP: Fn(T, T) -> Self::Item + Sync + Send,
        ID: Fn() -> T + Sync + Send,
        Self::Item: Try<Output = T>,
    {
        try_reduce::try_reduce(self, &identity, &op)
    }

    /// [`try_reduce`](Self::try_reduce) without an identity; `None` if
    /// there are no items.
    fn try_reduce_with<T, OP>(self, op: OP) -> Option<Self::Item>
    where
        OP: Fn(T, T) -> Self::Item + Sync + Send,
        Self::Item: Try<Output = T>,
    {
        try_reduce::try_reduce_with(self, &op)
    }

    /// Folds the items of each piece into an accumulator that starts at
    /// `identity()`, and yields one accumulator per piece. How many there
    /// are depends on the splitting.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let letters = ["a", "bb", "ccc"].par_iter().fold(|| 0, |n, w| n + w.len()).sum::<usize>();
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

    /// [`fold`](Self::fold) with every piece starting from a clone of
    /// `init`.
    fn fold_with<F, T>(self, init: T, fold_op: F) -> FoldWith<Self, T, F>
    where
        F: Fn(T, Self::Item) -> T + Sync + Send,
        T: Send + Clone,
    {
        FoldWith::new(self, init, fold_op)
    }

    /// A fallible [`fold`](Self::fold): each piece stops at its first
    /// failure, which is yielded as that piece's result.
    fn try_fold<T, R, ID, F>(self, identity: ID, fold_op: F) -> TryFold<Self, R, ID, F>
    where
        F: Fn(T, Self::Item) -> R + Sync + Send,
        ID: Fn() -> T + Sync + Send,
        R: Try<Output = T> + Send,
    {
        TryFold::new(self, identity, fold_op)
    }

    /// A fallible [`fold_with`](Self::fold_with).
    fn try_fold_with<F, T, R>(self, init: T, fold_op: F) -> TryFoldWith<Self, R, F>
    where
        F: Fn(T, Self::Item) -> R + Sync + Send,
        R: Try<Output = T> + Send,
        T: Clone + Send,
    {
        TryFoldWith::new(self, init, fold_op)
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
        sum::sum(self)
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
        sum::product(self)
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
    fn min_by<F>(self, f: F) -> Option<Self::Item>
    where
        F: Sync + Send + Fn(&Self::Item, &Self::Item) -> Ordering,
    {
        min_max::min_by(self, &f)
    }

    /// The item with the smallest key; the first one if several keys are
    /// equally small.
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
    fn max_by<F>(self, f: F) -> Option<Self::Item>
    where
        F: Sync + Send + Fn(&Self::Item, &Self::Item) -> Ordering,
    {
        min_max::max_by(self, &f)
    }

    /// The item with the largest key; the last one if several keys are
    /// equally large.
    fn max_by_key<K, F>(self, f: F) -> Option<Self::Item>
    where
        K: Ord + Send,
        F: Sync + Send + Fn(&Self::Item) -> K,
    {
        self.map(|item| (f(&item), item))
            .max_by(|a, b| a.0.cmp(&b.0))
            .map(|(_, item)| item)
    }

    /// The items of `self`, then those of `chain`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..3).into_par_iter().chain(7..9).collect();
    /// assert_eq!(v, [0, 1, 2, 7, 8]);
    /// ```
    fn chain<C>(self, chain: C) -> Chain<Self, C::Iter>
    where
        C: IntoParallelIterator<Item = Self::Item>,
    {
        Chain::new(self, chain.into_par_iter())
    }

    /// Some item for which `predicate` holds, not necessarily the first.
    /// Stops early (on every thread) once one is found.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let found = (0..1_000).into_par_iter().find_any(|x| x % 100 == 99);
    /// assert!(matches!(found, Some(x) if x % 100 == 99));
    /// ```
    fn find_any<P>(self, predicate: P) -> Option<Self::Item>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        find::find(self, &predicate)
    }

    /// The first item in input order for which `predicate` holds. Pieces
    /// after a found item stop early.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..1_000).into_par_iter().find_first(|x| x % 100 == 99), Some(99));
    /// ```
    fn find_first<P>(self, predicate: P) -> Option<Self::Item>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        find_first_last::find_first(self, &predicate)
    }

    /// The last item in input order for which `predicate` holds.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..1_000).into_par_iter().find_last(|x| x % 100 == 99), Some(999));
    /// ```
    fn find_last<P>(self, predicate: P) -> Option<Self::Item>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        find_first_last::find_last(self, &predicate)
    }

    /// Some `Some` result of `predicate`, not necessarily the first.
    fn find_map_any<P, R>(self, predicate: P) -> Option<R>
    where
        P: Fn(Self::Item) -> Option<R> + Sync + Send,
        R: Send,
    {
        fn yes<T>(_: &T) -> bool {
            true
        }
        self.filter_map(predicate).find_any(yes)
    }

    /// The first `Some` result of `predicate`, in input order.
    fn find_map_first<P, R>(self, predicate: P) -> Option<R>
    where
        P: Fn(Self::Item) -> Option<R> + Sync + Send,
        R: Send,
    {
        fn yes<T>(_: &T) -> bool {
            true
        }
        self.filter_map(predicate).find_first(yes)
    }

    /// The last `Some` result of `predicate`, in input order.
    fn find_map_last<P, R>(self, predicate: P) -> Option<R>
    where
        P: Fn(Self::Item) -> Option<R> + Sync + Send,
        R: Send,
    {
        fn yes<T>(_: &T) -> bool {
            true
        }
        self.filter_map(predicate).find_last(yes)
    }

    #[doc(hidden)]
    #[deprecated(note = "parallel `find` does not search in order -- use `find_any`, \\
                         `find_first`, or `find_last`")]
    fn find<P>(self, predicate: P) -> Option<Self::Item>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        self.find_any(predicate)
    }

    /// Whether `predicate` holds for some item. Stops early once one is
    /// found.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert!((0..1_000).into_par_iter().any(|x| x == 999));
    /// ```
    fn any<P>(self, predicate: P) -> bool
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.map(predicate).find_any(bool::clone).is_some()
    }

    /// Whether `predicate` holds for every item. Stops early once a
    /// counterexample is found.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert!((0..1_000).into_par_iter().all(|x| x < 1_000));
    /// ```
    fn all<P>(self, predicate: P) -> bool
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        fn is_false(x: &bool) -> bool {
            !x
        }
        self.map(predicate).find_any(is_false).is_none()
    }

    /// Yields the `Some` values until the first `None` (after which other
    /// pieces stop early; items after it may or may not be yielded in
    /// other pieces, as in rayon).
    fn while_some<T>(self) -> WhileSome<Self>
    where
        Self: ParallelIterator<Item = Option<T>>,
        T: Send,
    {
        WhileSome::new(self)
    }

    /// Stops the other pieces early once a closure panics, instead of
    /// letting them run to completion before the panic propagates.
    fn panic_fuse(self) -> PanicFuse<Self> {
        PanicFuse::new(self)
    }

    /// Collects the items into a collection (`Vec`, `HashMap`, `String`,
    /// `Result<Vec<_>, E>`, ...), in input order where it has one.
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

    /// Splits pairs into two collections.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let (a, b): (Vec<i32>, Vec<char>) = vec![(1, 'a'), (2, 'b')].into_par_iter().unzip();
    /// assert_eq!((a, b), (vec![1, 2], vec!['a', 'b']));
    /// ```
    fn unzip<A, B, FromA, FromB>(self) -> (FromA, FromB)
    where
        Self: ParallelIterator<Item = (A, B)>,
        FromA: Default + Send + ParallelExtend<A>,
        FromB: Default + Send + ParallelExtend<B>,
        A: Send,
        B: Send,
    {
        unzip::unzip(self)
    }

    /// Splits the items into those for which `predicate` holds and the
    /// others.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let (even, odd): (Vec<i32>, Vec<i32>) = (0..6).into_par_iter().partition(|x| x % 2 == 0);
    /// assert_eq!((even, odd), (vec![0, 2, 4], vec![1, 3, 5]));
    /// ```
    fn partition<A, B, P>(self, predicate: P) -> (A, B)
    where
        A: Default + Send + ParallelExtend<Self::Item>,
        B: Default + Send + ParallelExtend<Self::Item>,
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        self.partition_map(|item| {
            if predicate(&item) {
                Either::Left(item)
            } else {
                Either::Right(item)
            }
        })
    }

    /// Splits the items into `Left` and `Right` values of `predicate`.
    fn partition_map<A, B, P, L, R>(self, predicate: P) -> (A, B)
    where
        A: Default + Send + ParallelExtend<L>,
        B: Default + Send + ParallelExtend<R>,
        P: Fn(Self::Item) -> Either<L, R> + Sync + Send,
        L: Send,
        R: Send,
    {
        unzip::partition_map(self, predicate)
    }

    /// Puts a clone of `element` between neighbouring items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (1..4).into_par_iter().intersperse(0).collect();
    /// assert_eq!(v, [1, 0, 2, 0, 3]);
    /// ```
    fn intersperse(self, element: Self::Item) -> Intersperse<Self>
    where
        Self::Item: Clone,
    {
        Intersperse::new(self, element)
    }

    /// At most `n` items, not necessarily the first ones.
    fn take_any(self, n: usize) -> TakeAny<Self> {
        TakeAny::new(self, n)
    }

    /// All but `n` items, not necessarily skipping the first ones.
    fn skip_any(self, n: usize) -> SkipAny<Self> {
        SkipAny::new(self, n)
    }

    /// Items while `predicate` holds; once it fails for some item, pieces
    /// stop yielding (items are not necessarily a prefix).
    fn take_any_while<P>(self, predicate: P) -> TakeAnyWhile<Self, P>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        TakeAnyWhile::new(self, predicate)
    }

    /// Skips items while `predicate` holds; once it fails for some item,
    /// every later-seen item is yielded.
    fn skip_any_while<P>(self, predicate: P) -> SkipAnyWhile<Self, P>
    where
        P: Fn(&Self::Item) -> bool + Sync + Send,
    {
        SkipAnyWhile::new(self, predicate)
    }

    /// Collects into a list of vectors, one per piece, in input order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let list = (0..5).into_par_iter().collect_vec_list();
    /// assert_eq!(list.into_iter().flatten().collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    /// ```
    fn collect_vec_list(self) -> LinkedList<Vec<Self::Item>> {
        collect::vec_list(self)
    }

    /// Feeds the items to an unindexed consumer (plumbing; see
    /// [`plumbing`]).
    fn drive_unindexed<C>(self, consumer: C) -> C::Result
    where
        C: UnindexedConsumer<Self::Item>;

    /// The exact number of items, if known without running (plumbing).
    fn opt_len(&self) -> Option<usize> {
        None
    }
}

impl<T: ParallelIterator> IntoParallelIterator for T {
    type Iter = T;
    type Item = T::Item;

    fn into_par_iter(self) -> T {
        self
    }
}

/// A parallel iterator that knows its exact length and the position of
/// every item, so it can be enumerated, zipped, reversed and cut anywhere.
// Like rayon's, this trait has `len` and no `is_empty`.
#[allow(clippy::len_without_is_empty)]
pub trait IndexedParallelIterator: ParallelIterator {
    /// Groups items into blocks of growing size, processed one block after
    /// the other; useful with early-exit consumers on huge inputs.
    fn by_exponential_blocks(self) -> ExponentialBlocks<Self> {
        ExponentialBlocks::new(self)
    }

    /// Groups items into blocks of `block_size`, processed one block after
    /// the other.
    ///
    /// # Panics
    ///
    /// If `block_size` is zero.
    fn by_uniform_blocks(self, block_size: usize) -> UniformBlocks<Self> {
        assert!(block_size != 0, "block_size must not be zero");
        UniformBlocks::new(self, block_size)
    }

    /// Collects into `target`, replacing its contents, in input order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![9; 2];
    /// (0..4).into_par_iter().collect_into_vec(&mut v);
    /// assert_eq!(v, [0, 1, 2, 3]);
    /// ```
    fn collect_into_vec(self, target: &mut Vec<Self::Item>) {
        collect_in_place::collect_into_vec(self, target);
    }

    /// Unzips pairs into `left` and `right`, replacing their contents; each
    /// half is written straight into its vector's buffer.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let (mut squares, mut cubes) = (vec![], vec![]);
    /// (1..4)
    ///     .into_par_iter()
    ///     .map(|x| (x * x, x * x * x))
    ///     .unzip_into_vecs(&mut squares, &mut cubes);
    /// assert_eq!((squares, cubes), (vec![1, 4, 9], vec![1, 8, 27]));
    /// ```
    fn unzip_into_vecs<A, B>(self, left: &mut Vec<A>, right: &mut Vec<B>)
    where
        Self: IndexedParallelIterator<Item = (A, B)>,
        A: Send,
        B: Send,
    {
        collect_in_place::unzip_into_vecs(self, left, right);
    }

    /// Pairs items of two indexed iterators; as long as the shorter one.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let sums: Vec<i32> = [1, 2, 3].par_iter().zip(&[10, 20]).map(|(x, y)| x + y).collect();
    /// assert_eq!(sums, [11, 22]);
    /// ```
    fn zip<Z>(self, zip_op: Z) -> Zip<Self, Z::Iter>
    where
        Z: IntoParallelIterator<Iter: IndexedParallelIterator>,
    {
        Zip::new(self, zip_op.into_par_iter())
    }

    /// Like [`zip`](Self::zip), for iterators of equal length.
    ///
    /// # Panics
    ///
    /// If the lengths differ.
    fn zip_eq<Z>(self, zip_op: Z) -> ZipEq<Self, Z::Iter>
    where
        Z: IntoParallelIterator<Iter: IndexedParallelIterator>,
    {
        let other = zip_op.into_par_iter();
        let (a, b) = (self.len(), other.len());
        assert!(a == b, "iterators must have the same length: {a} != {b}");
        ZipEq::new(self, other)
    }

    /// Alternates items of `self` and `other`, starting with `self`; the
    /// rest of the longer one follows.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = vec![1, 2, 3].into_par_iter().interleave(vec![-1, -2]).collect();
    /// assert_eq!(v, [1, -1, 2, -2, 3]);
    /// ```
    fn interleave<I>(self, other: I) -> Interleave<Self, I::Iter>
    where
        I: IntoParallelIterator<Item = Self::Item, Iter: IndexedParallelIterator>,
    {
        Interleave::new(self, other.into_par_iter())
    }

    /// Alternates items of `self` and `other` until one runs out.
    fn interleave_shortest<I>(self, other: I) -> InterleaveShortest<Self, I::Iter>
    where
        I: IntoParallelIterator<Item = Self::Item, Iter: IndexedParallelIterator>,
    {
        InterleaveShortest::new(self, other.into_par_iter())
    }

    /// Groups items into `Vec`s of `chunk_size` (the last may be shorter).
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<Vec<i32>> = (1..6).into_par_iter().chunks(2).collect();
    /// assert_eq!(v, [vec![1, 2], vec![3, 4], vec![5]]);
    /// ```
    fn chunks(self, chunk_size: usize) -> Chunks<Self> {
        assert!(chunk_size != 0, "chunk_size must not be zero");
        Chunks::new(self, chunk_size)
    }

    /// Folds every `chunk_size` items into one value.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    fn fold_chunks<T, ID, F>(
        self,
        chunk_size: usize,
        identity: ID,
        fold_op: F,
    ) -> FoldChunks<Self, ID, F>
    where
        ID: Fn() -> T + Send + Sync,
        F: Fn(T, Self::Item) -> T + Send + Sync,
        T: Send,
    {
        assert!(chunk_size != 0, "chunk_size must not be zero");
        FoldChunks::new(self, chunk_size, identity, fold_op)
    }

    /// Folds every `chunk_size` items into one value starting from a clone
    /// of `init`.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    fn fold_chunks_with<T, F>(
        self,
        chunk_size: usize,
        init: T,
        fold_op: F,
    ) -> FoldChunksWith<Self, T, F>
    where
        T: Send + Clone,
        F: Fn(T, Self::Item) -> T + Send + Sync,
    {
        assert!(chunk_size != 0, "chunk_size must not be zero");
        FoldChunksWith::new(self, chunk_size, init, fold_op)
    }

    /// Compares lexicographically with `other`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    /// use std::cmp::Ordering;
    ///
    /// assert_eq!((0..3).into_par_iter().cmp(0..4), Ordering::Less);
    /// ```
    fn cmp<I>(self, other: I) -> Ordering
    where
        I: IntoParallelIterator<Item = Self::Item, Iter: IndexedParallelIterator>,
        Self::Item: Ord,
    {
        cmp::cmp(self, other.into_par_iter())
    }

    /// Compares lexicographically with `other`, for partial orders.
    fn partial_cmp<I>(self, other: I) -> Option<Ordering>
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialOrd<I::Item>,
    {
        cmp::partial_cmp(self, other.into_par_iter())
    }

    /// Whether the items equal those of `other`.
    fn eq<I>(self, other: I) -> bool
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialEq<I::Item>,
    {
        let other = other.into_par_iter();
        self.len() == other.len() && self.zip(other).all(|(x, y)| x.eq(&y))
    }

    /// Whether the items differ from those of `other`.
    fn ne<I>(self, other: I) -> bool
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialEq<I::Item>,
    {
        !self.eq(other)
    }

    /// Whether `self` is lexicographically less than `other`.
    fn lt<I>(self, other: I) -> bool
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialOrd<I::Item>,
    {
        self.partial_cmp(other) == Some(Ordering::Less)
    }

    /// Whether `self` is lexicographically at most `other`.
    fn le<I>(self, other: I) -> bool
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialOrd<I::Item>,
    {
        matches!(
            self.partial_cmp(other),
            Some(Ordering::Less | Ordering::Equal)
        )
    }

    /// Whether `self` is lexicographically greater than `other`.
    fn gt<I>(self, other: I) -> bool
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialOrd<I::Item>,
    {
        self.partial_cmp(other) == Some(Ordering::Greater)
    }

    /// Whether `self` is lexicographically at least `other`.
    fn ge<I>(self, other: I) -> bool
    where
        I: IntoParallelIterator<Iter: IndexedParallelIterator>,
        Self::Item: PartialOrd<I::Item>,
    {
        matches!(
            self.partial_cmp(other),
            Some(Ordering::Greater | Ordering::Equal)
        )
    }

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

    /// Every `step`-th item, starting with the first.
    ///
    /// # Panics
    ///
    /// If `step` is zero.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..10).into_par_iter().step_by(3).collect();
    /// assert_eq!(v, [0, 3, 6, 9]);
    /// ```
    fn step_by(self, step: usize) -> StepBy<Self> {
        assert!(step != 0, "step must not be zero");
        StepBy::new(self, step)
    }

    /// All but the first `n` items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..5).into_par_iter().skip(3).collect();
    /// assert_eq!(v, [3, 4]);
    /// ```
    fn skip(self, n: usize) -> Skip<Self> {
        Skip::new(self, n)
    }

    /// The first `n` items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..5).into_par_iter().take(2).collect();
    /// assert_eq!(v, [0, 1]);
    /// ```
    fn take(self, n: usize) -> Take<Self> {
        Take::new(self, n)
    }

    /// The index of some item for which `predicate` holds.
    fn position_any<P>(self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.map(predicate)
            .enumerate()
            .find_any(|&(_, found)| found)
            .map(|(i, _)| i)
    }

    /// The index of the first item for which `predicate` holds.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..100).into_par_iter().position_first(|x| x % 7 == 6), Some(6));
    /// ```
    fn position_first<P>(self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.map(predicate)
            .enumerate()
            .find_first(|&(_, found)| found)
            .map(|(i, _)| i)
    }

    /// The index of the last item for which `predicate` holds.
    fn position_last<P>(self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.map(predicate)
            .enumerate()
            .find_last(|&(_, found)| found)
            .map(|(i, _)| i)
    }

    #[doc(hidden)]
    #[deprecated(
        note = "parallel `position` does not search in order -- use `position_any`, \\
                `position_first`, or `position_last`"
    )]
    fn position<P>(self, predicate: P) -> Option<usize>
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        self.position_any(predicate)
    }

    /// The indices of the items for which `predicate` holds, in order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<usize> = [1, 2, 3, 4].par_iter().positions(|&x| x % 2 == 0).collect();
    /// assert_eq!(v, [1, 3]);
    /// ```
    fn positions<P>(self, predicate: P) -> Positions<Self, P>
    where
        P: Fn(Self::Item) -> bool + Sync + Send,
    {
        Positions::new(self, predicate)
    }

    /// The items in reverse order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v: Vec<i32> = (0..4).into_par_iter().rev().collect();
    /// assert_eq!(v, [3, 2, 1, 0]);
    /// ```
    fn rev(self) -> Rev<Self> {
        Rev::new(self)
    }

    /// Never cuts the input into pieces shorter than `min` items.
    fn with_min_len(self, min: usize) -> MinLen<Self> {
        MinLen::new(self, min)
    }

    /// Always cuts the input into pieces of at most `max` items, even when
    /// the input is small; use it when every item is expensive.
    fn with_max_len(self, max: usize) -> MaxLen<Self> {
        MaxLen::new(self, max)
    }

    /// The exact number of items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// assert_eq!((0..10).into_par_iter().map(|x| x + 1).len(), 10);
    /// ```
    fn len(&self) -> usize;

    /// Feeds the items to an indexed consumer (plumbing).
    fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result;

    /// Calls `callback` with the producer behind this iterator (plumbing).
    fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output;
}

/// A collection that can be built from a parallel iterator (the target of
/// [`ParallelIterator::collect`]).
pub trait FromParallelIterator<T>
where
    T: Send,
{
    /// Builds the collection, keeping the items' input order where the
    /// collection has an order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v = Vec::from_par_iter((0..4u8).into_par_iter());
    /// assert_eq!(v, [0, 1, 2, 3]);
    /// ```
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>;
}

/// A collection that can be extended with the items of a parallel
/// iterator.
pub trait ParallelExtend<T>
where
    T: Send,
{
    /// Adds the items of `par_iter`, in order where the collection has one.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![0];
    /// v.par_extend(1..4);
    /// assert_eq!(v, [0, 1, 2, 3]);
    /// ```
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = T>;
}

/// `par_drain()` of a whole collection, leaving it empty.
pub trait ParallelDrainFull {
    /// The draining iterator.
    type Iter: ParallelIterator<Item = Self::Item>;
    /// The items drained.
    type Item: Send;

    /// Removes every item, yielding them in parallel.
    fn par_drain(self) -> Self::Iter;
}

/// `par_drain(range)` of a range of an indexed collection.
pub trait ParallelDrainRange<Idx = usize> {
    /// The draining iterator.
    type Iter: ParallelIterator<Item = Self::Item>;
    /// The items drained.
    type Item: Send;

    /// Removes the items in `range`, yielding them in parallel.
    ///
    /// # Panics
    ///
    /// If the range is out of bounds or decreasing.
    fn par_drain<R: RangeBounds<Idx>>(self, range: R) -> Self::Iter;
}

/// The items of a list of pieces, in order, as a parallel iterator (the
/// second half of `unzip` and `partition`).
fn vec_list_into_par_iter<T: Send>(
    list: LinkedList<Vec<T>>,
) -> FlattenIter<crate::vec::IntoIter<Vec<T>>> {
    list.into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .flatten_iter()
}
