//! `copied`, `cloned`, `inspect` and `update`: adaptors that are a `map`
//! by a fixed function, so each one drives a [`Map`] over its base (the
//! same code paths, no extra layer per item).

use super::map::Map;
use super::plumbing::{Consumer, ProducerCallback, UnindexedConsumer};
use super::{IndexedParallelIterator, ParallelIterator};
use std::fmt;

/// Implements both iterator traits of an adaptor by building the `Map`
/// that `$as_map` returns from the adaptor's fields and driving that.
macro_rules! via_map {
    (
        impl[$($gen:tt)*] $name:ty, item $item:ty, base $base:ty, where [$($bounds:tt)*]
        |$this:pat_param| $as_map:expr
    ) => {
        impl<$($gen)*> ParallelIterator for $name
        where
            I: ParallelIterator<Item = $base>,
            $($bounds)*
        {
            type Item = $item;

            fn drive_unindexed<C: UnindexedConsumer<$item>>(self, consumer: C) -> C::Result {
                let $this = self;
                let map = $as_map;
                map.drive_unindexed(consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                self.base.opt_len()
            }
        }

        impl<$($gen)*> IndexedParallelIterator for $name
        where
            I: IndexedParallelIterator<Item = $base>,
            $($bounds)*
        {
            fn drive<C: Consumer<$item>>(self, consumer: C) -> C::Result {
                let $this = self;
                let map = $as_map;
                map.drive(consumer)
            }

            fn len(&self) -> usize {
                self.base.len()
            }

            fn with_producer<CB: ProducerCallback<$item>>(self, callback: CB) -> CB::Output {
                let $this = self;
                let map = $as_map;
                map.with_producer(callback)
            }
        }
    };
}

/// The iterator made by [`ParallelIterator::copied`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Copied<I> {
    base: I,
}

impl<I> Copied<I> {
    pub(super) fn new(base: I) -> Self {
        Copied { base }
    }
}

via_map!(impl['a, T, I] Copied<I>, item T, base &'a T, where [T: 'a + Copy + Send + Sync,]
    |Copied { base }| Map::new(base, |x: &'a T| *x));

/// The iterator made by [`ParallelIterator::cloned`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Cloned<I> {
    base: I,
}

impl<I> Cloned<I> {
    pub(super) fn new(base: I) -> Self {
        Cloned { base }
    }
}

via_map!(impl['a, T, I] Cloned<I>, item T, base &'a T, where [T: 'a + Clone + Send + Sync,]
    |Cloned { base }| Map::new(base, T::clone));

/// The iterator made by [`ParallelIterator::inspect`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Inspect<I, F> {
    base: I,
    inspect_op: F,
}

impl<I: fmt::Debug, F> fmt::Debug for Inspect<I, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inspect").field("base", &self.base).finish()
    }
}

impl<I, F> Inspect<I, F> {
    pub(super) fn new(base: I, inspect_op: F) -> Self {
        Inspect { base, inspect_op }
    }
}

via_map!(impl[T, I, F] Inspect<I, F>, item T, base T, where [T: Send, F: Fn(&T) + Sync + Send,]
|Inspect { base, inspect_op }| Map::new(base, |item: T| {
    inspect_op(&item);
    item
}));

/// The iterator made by [`ParallelIterator::update`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Update<I, F> {
    base: I,
    update_op: F,
}

impl<I: fmt::Debug, F> fmt::Debug for Update<I, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Update").field("base", &self.base).finish()
    }
}

impl<I, F> Update<I, F> {
    pub(super) fn new(base: I, update_op: F) -> Self {
        Update { base, update_op }
    }
}

via_map!(impl[T, I, F] Update<I, F>, item T, base T, where [T: Send, F: Fn(&mut T) + Sync + Send,]
|Update { base, update_op }| Map::new(base, |mut item: T| {
    update_op(&mut item);
    item
}));
