//! `while_some`: the `Some` values until a `None`, after which every piece
//! stops early.

use super::ParallelIterator;
use super::plumbing::{Folder, UnindexedConsumer};
use super::wrap::consumer_only;
use fearless_core::sync::atomic::{AtomicBool, Ordering};

/// The iterator made by [`ParallelIterator::while_some`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct WhileSome<I> {
    base: I,
}

impl<I> WhileSome<I> {
    pub(super) fn new(base: I) -> Self {
        WhileSome { base }
    }
}

impl<I, T> ParallelIterator for WhileSome<I>
where
    I: ParallelIterator<Item = Option<T>>,
    T: Send,
{
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        let stopped = AtomicBool::new(false);
        self.base.drive_unindexed(WhileSomeConsumer {
            base: consumer,
            op: &stopped,
        })
    }
}

/// Passes `Some` values on; a `None` raises the shared stop flag (`op`).
struct WhileSomeConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(WhileSomeConsumer, WhileSomeFolder, [T, C, P], in Option<T>, out T, stop |op| op.stopped(), P: Stop);

/// The stop flag's type (named so the consumer macro can bound it).
trait Stop: Sync {
    fn stopped(&self) -> bool;
    fn stop(&self);
}

impl Stop for AtomicBool {
    fn stopped(&self) -> bool {
        // Relaxed: a hint to stop early; results travel through joins.
        self.load(Ordering::Relaxed)
    }

    fn stop(&self) {
        // Relaxed: see `stopped`.
        self.store(true, Ordering::Relaxed);
    }
}

impl<T, C: Folder<T>, P: Stop> Folder<Option<T>> for WhileSomeFolder<'_, C, P> {
    type Result = C::Result;

    fn consume(mut self, item: Option<T>) -> Self {
        match item {
            Some(item) => self.base = self.base.consume(item),
            None => self.op.stop(),
        }
        self
    }

    fn consume_iter<I: IntoIterator<Item = Option<T>>>(mut self, iter: I) -> Self {
        let stop = self.op;
        let values = iter.into_iter().map_while(|item| {
            if item.is_none() {
                stop.stop();
            }
            item
        });
        self.base = self
            .base
            .consume_iter(values.take_while(|_| !stop.stopped()));
        self
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.op.stopped() || self.base.full()
    }
}
