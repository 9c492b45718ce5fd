//! `filter` and `filter_map`: keep some items. Neither is indexed; both
//! wrap the consumer, so the source below still splits by position.

use super::ParallelIterator;
use super::plumbing::{Folder, UnindexedConsumer};
use super::wrap::consumer_only;
use std::fmt;

/// The iterator made by [`ParallelIterator::filter`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Filter<I, P> {
    base: I,
    filter_op: P,
}

impl<I: fmt::Debug, P> fmt::Debug for Filter<I, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Filter").field("base", &self.base).finish()
    }
}

impl<I, P> Filter<I, P> {
    pub(super) fn new(base: I, filter_op: P) -> Self {
        Filter { base, filter_op }
    }
}

impl<I, P> ParallelIterator for Filter<I, P>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync + Send,
{
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        self.base.drive_unindexed(FilterConsumer {
            base: consumer,
            op: &self.filter_op,
        })
    }
}

/// The iterator made by [`ParallelIterator::filter_map`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct FilterMap<I, P> {
    base: I,
    filter_op: P,
}

impl<I: fmt::Debug, P> fmt::Debug for FilterMap<I, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilterMap")
            .field("base", &self.base)
            .finish()
    }
}

impl<I, P> FilterMap<I, P> {
    pub(super) fn new(base: I, filter_op: P) -> Self {
        FilterMap { base, filter_op }
    }
}

impl<I, P, R> ParallelIterator for FilterMap<I, P>
where
    I: ParallelIterator,
    P: Fn(I::Item) -> Option<R> + Sync + Send,
    R: Send,
{
    type Item = R;

    fn drive_unindexed<C: UnindexedConsumer<R>>(self, consumer: C) -> C::Result {
        self.base.drive_unindexed(FilterMapConsumer {
            base: consumer,
            op: &self.filter_op,
        })
    }
}

/// The consumer of [`Filter`].
struct FilterConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(FilterConsumer, FilterFolder, [T, C, P], T, stop |_op| false, P: Fn(&T) -> bool + Sync);

impl<T, C, P> Folder<T> for FilterFolder<'_, C, P>
where
    C: Folder<T>,
    P: Fn(&T) -> bool,
{
    type Result = C::Result;

    fn consume(self, item: T) -> Self {
        if (self.op)(&item) {
            FilterFolder {
                base: self.base.consume(item),
                op: self.op,
            }
        } else {
            self
        }
    }

    fn consume_iter<I: IntoIterator<Item = T>>(self, iter: I) -> Self {
        let op = self.op;
        FilterFolder {
            base: self.base.consume_iter(iter.into_iter().filter(|x| op(x))),
            op,
        }
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

/// The consumer of [`FilterMap`].
struct FilterMapConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(FilterMapConsumer, FilterMapFolder, [T, R, C, P], R, stop |_op| false, P: Fn(T) -> Option<R> + Sync);

impl<T, R, C, P> Folder<T> for FilterMapFolder<'_, C, P>
where
    C: Folder<R>,
    P: Fn(T) -> Option<R>,
{
    type Result = C::Result;

    fn consume(self, item: T) -> Self {
        match (self.op)(item) {
            Some(mapped) => FilterMapFolder {
                base: self.base.consume(mapped),
                op: self.op,
            },
            None => self,
        }
    }

    fn consume_iter<I: IntoIterator<Item = T>>(self, iter: I) -> Self {
        let op = self.op;
        FilterMapFolder {
            base: self.base.consume_iter(iter.into_iter().filter_map(op)),
            op,
        }
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}
