//! `map_with` and `map_init`: map with a `&mut` to per-piece state. The
//! state is a clone of a value (`map_with`, cloned at every split) or
//! made by a function (`map_init`, called once per piece).

use super::fold::{ByClone, Start};
use super::plumbing::{Consumer, Folder, Producer, ProducerCallback, UnindexedConsumer};
use super::{IndexedParallelIterator, ParallelIterator};
use std::fmt;

/// `map_init`'s state source: calls `init` for every piece.
struct ByInit<'f, INIT>(&'f INIT);

impl<T, INIT: Fn() -> T + Sync> Start for ByInit<'_, INIT> {
    type Output = T;
    fn split(&self) -> Self {
        ByInit(self.0)
    }
    fn start(self) -> T {
        (self.0)()
    }
}

/// The iterator made by [`ParallelIterator::map_with`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct MapWith<I, T, F> {
    base: I,
    item: T,
    map_op: F,
}

impl<I: fmt::Debug, T: fmt::Debug, F> fmt::Debug for MapWith<I, T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapWith")
            .field("base", &self.base)
            .field("item", &self.item)
            .finish()
    }
}

impl<I, T, F> MapWith<I, T, F> {
    pub(super) fn new(base: I, item: T, map_op: F) -> Self {
        MapWith { base, item, map_op }
    }
}

/// The iterator made by [`ParallelIterator::map_init`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct MapInit<I, INIT, F> {
    base: I,
    init: INIT,
    map_op: F,
}

impl<I: fmt::Debug, INIT, F> fmt::Debug for MapInit<I, INIT, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapInit").field("base", &self.base).finish()
    }
}

impl<I, INIT, F> MapInit<I, INIT, F> {
    pub(super) fn new(base: I, init: INIT, map_op: F) -> Self {
        MapInit { base, init, map_op }
    }
}

/// Implements both iterator traits for a stateful map whose state source
/// is `$start` (built from the adaptor `$this`).
macro_rules! stateful_map {
    (impl[$($gen:tt)*] $ty:ty, state $state:ty, where [$($bounds:tt)*], |$this:ident| $start:expr) => {
        impl<$($gen)*> ParallelIterator for $ty
        where
            I: ParallelIterator,
            F: Fn(&mut $state, I::Item) -> R + Sync + Send,
            R: Send,
            $($bounds)*
        {
            type Item = R;

            fn drive_unindexed<C: UnindexedConsumer<R>>(self, consumer: C) -> C::Result {
                let $this = self;
                let start = $start;
                $this.base.drive_unindexed(StateConsumer { base: consumer, start, op: &$this.map_op })
            }

            fn opt_len(&self) -> Option<usize> {
                self.base.opt_len()
            }
        }

        impl<$($gen)*> IndexedParallelIterator for $ty
        where
            I: IndexedParallelIterator,
            F: Fn(&mut $state, I::Item) -> R + Sync + Send,
            R: Send,
            $($bounds)*
        {
            fn drive<C: Consumer<R>>(self, consumer: C) -> C::Result {
                let $this = self;
                let start = $start;
                $this.base.drive(StateConsumer { base: consumer, start, op: &$this.map_op })
            }

            fn len(&self) -> usize {
                self.base.len()
            }

            fn with_producer<CB: ProducerCallback<R>>(self, callback: CB) -> CB::Output {
                let $this = self;
                let start = $start;
                $this.base.with_producer(StateCallback { callback, start, op: &$this.map_op })
            }
        }
    };
}

stateful_map!(impl[I, T, F, R] MapWith<I, T, F>, state T, where [T: Send + Clone,],
    |this| ByClone(this.item));
stateful_map!(impl[I, INIT, T, F, R] MapInit<I, INIT, F>, state T,
    where [INIT: Fn() -> T + Sync + Send,], |this| ByInit(&this.init));

/// Wraps the base producer with the state.
struct StateCallback<'f, CB, S, F> {
    callback: CB,
    start: S,
    op: &'f F,
}

impl<T, R, CB, S, F> ProducerCallback<T> for StateCallback<'_, CB, S, F>
where
    CB: ProducerCallback<R>,
    S: Start,
    F: Fn(&mut S::Output, T) -> R + Sync,
{
    type Output = CB::Output;

    fn callback<P: Producer<Item = T>>(self, base: P) -> CB::Output {
        self.callback.callback(StateProducer {
            base,
            start: self.start,
            op: self.op,
            marker: std::marker::PhantomData,
        })
    }
}

/// A producer that maps with per-piece state.
struct StateProducer<'f, P, S, F, U> {
    base: P,
    start: S,
    op: &'f F,
    marker: std::marker::PhantomData<fn() -> U>,
}

impl<'f, P, U, R, S, F> Producer for StateProducer<'f, P, S, F, U>
where
    P: Producer,
    S: Start<Output = U>,
    F: Fn(&mut U, P::Item) -> R + Sync,
{
    type Item = R;
    type IntoIter = StateIter<'f, P::IntoIter, U, F>;

    fn into_iter(self) -> Self::IntoIter {
        StateIter {
            base: self.base.into_iter(),
            state: self.start.start(),
            op: self.op,
        }
    }

    fn min_len(&self) -> usize {
        self.base.min_len()
    }

    fn max_len(&self) -> usize {
        self.base.max_len()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (left, right) = self.base.split_at(index);
        (
            StateProducer {
                base: left,
                start: self.start.split(),
                op: self.op,
                marker: std::marker::PhantomData,
            },
            StateProducer {
                base: right,
                start: self.start,
                op: self.op,
                marker: std::marker::PhantomData,
            },
        )
    }

    fn fold_with<G: Folder<R>>(self, folder: G) -> G {
        let folder = StateFolder {
            base: folder,
            state: self.start.start(),
            op: self.op,
        };
        self.base.fold_with(folder).base
    }
}

/// One piece of a stateful map, as a sequential iterator.
struct StateIter<'f, I, U, F> {
    base: I,
    state: U,
    op: &'f F,
}

impl<I: Iterator, U, R, F: Fn(&mut U, I::Item) -> R> Iterator for StateIter<'_, I, U, F> {
    type Item = R;

    fn next(&mut self) -> Option<R> {
        let item = self.base.next()?;
        Some((self.op)(&mut self.state, item))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.base.size_hint()
    }
}

impl<I, U, R, F> DoubleEndedIterator for StateIter<'_, I, U, F>
where
    I: DoubleEndedIterator,
    F: Fn(&mut U, I::Item) -> R,
{
    fn next_back(&mut self) -> Option<R> {
        let item = self.base.next_back()?;
        Some((self.op)(&mut self.state, item))
    }
}

impl<I, U, R, F> ExactSizeIterator for StateIter<'_, I, U, F>
where
    I: ExactSizeIterator,
    F: Fn(&mut U, I::Item) -> R,
{
}

/// The consumer of a stateful map.
struct StateConsumer<'f, C, S, F> {
    base: C,
    start: S,
    op: &'f F,
}

impl<'f, T, R, C, S, F> Consumer<T> for StateConsumer<'f, C, S, F>
where
    C: Consumer<R>,
    S: Start,
    F: Fn(&mut S::Output, T) -> R + Sync,
{
    type Folder = StateFolder<'f, C::Folder, S::Output, F>;
    type Reducer = C::Reducer;
    type Result = C::Result;

    fn split_at(self, index: usize) -> (Self, Self, C::Reducer) {
        let (left, right, reducer) = self.base.split_at(index);
        let start = self.start.split();
        (
            StateConsumer {
                base: left,
                start,
                op: self.op,
            },
            StateConsumer {
                base: right,
                start: self.start,
                op: self.op,
            },
            reducer,
        )
    }

    fn into_folder(self) -> Self::Folder {
        StateFolder {
            base: self.base.into_folder(),
            state: self.start.start(),
            op: self.op,
        }
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

impl<T, R, C, S, F> UnindexedConsumer<T> for StateConsumer<'_, C, S, F>
where
    C: UnindexedConsumer<R>,
    S: Start,
    F: Fn(&mut S::Output, T) -> R + Sync,
{
    fn split_off_left(&self) -> Self {
        StateConsumer {
            base: self.base.split_off_left(),
            start: self.start.split(),
            op: self.op,
        }
    }

    fn to_reducer(&self) -> C::Reducer {
        self.base.to_reducer()
    }
}

/// One piece's folder, holding the piece's state.
struct StateFolder<'f, C, U, F> {
    base: C,
    state: U,
    op: &'f F,
}

impl<T, U, R, C, F> Folder<T> for StateFolder<'_, C, U, F>
where
    C: Folder<R>,
    F: Fn(&mut U, T) -> R,
{
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        let mapped = (self.op)(&mut self.state, item);
        self.base = self.base.consume(mapped);
        self
    }

    fn consume_iter<I: IntoIterator<Item = T>>(self, iter: I) -> Self {
        let StateFolder {
            base,
            mut state,
            op,
        } = self;
        let base = base.consume_iter(iter.into_iter().map(|item| op(&mut state, item)));
        StateFolder { base, state, op }
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}
