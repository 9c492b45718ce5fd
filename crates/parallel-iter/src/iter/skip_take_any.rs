//! `take_any`, `skip_any`, `take_any_while` and `skip_any_while`: limits
//! on items that do not respect input order, so pieces only share a
//! counter or a flag instead of knowing their positions.

use super::ParallelIterator;
use super::plumbing::{Folder, UnindexedConsumer};
use super::wrap::consumer_only;
use fearless_core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::fmt;

/// Takes one unit from `count` if any is left.
fn take_one(count: &AtomicUsize) -> bool {
    // Relaxed: the counter itself is the only shared state, and each
    // successful decrement is exactly one unit; no other data is
    // published through it.
    count
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
        .is_ok()
}

/// The iterator made by [`ParallelIterator::take_any`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct TakeAny<I> {
    base: I,
    count: usize,
}

impl<I> TakeAny<I> {
    pub(super) fn new(base: I, count: usize) -> Self {
        TakeAny { base, count }
    }
}

impl<I: ParallelIterator> ParallelIterator for TakeAny<I> {
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        let left = AtomicUsize::new(self.count);
        self.base.drive_unindexed(TakeAnyConsumer {
            base: consumer,
            op: &left,
        })
    }
}

/// Passes items on while the shared count (`op`) lasts.
struct TakeAnyConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(TakeAnyConsumer, TakeAnyFolder, [T, C, P], T, stop |op| op.is_zero(), P: Counter);

/// The shared count's type (named so the consumer macro can bound it).
trait Counter: Sync {
    fn take(&self) -> bool;
    fn is_zero(&self) -> bool;
}

impl Counter for AtomicUsize {
    fn take(&self) -> bool {
        take_one(self)
    }

    fn is_zero(&self) -> bool {
        // Relaxed: see `take_one`.
        self.load(Ordering::Relaxed) == 0
    }
}

impl<T, C: Folder<T>, P: Counter> Folder<T> for TakeAnyFolder<'_, C, P> {
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        if self.op.take() {
            self.base = self.base.consume(item);
        }
        self
    }

    fn consume_iter<I: IntoIterator<Item = T>>(mut self, iter: I) -> Self {
        let count = self.op;
        self.base = self
            .base
            .consume_iter(iter.into_iter().take_while(|_| count.take()));
        self
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.op.is_zero() || self.base.full()
    }
}

/// The iterator made by [`ParallelIterator::skip_any`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct SkipAny<I> {
    base: I,
    count: usize,
}

impl<I> SkipAny<I> {
    pub(super) fn new(base: I, count: usize) -> Self {
        SkipAny { base, count }
    }
}

impl<I: ParallelIterator> ParallelIterator for SkipAny<I> {
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        let left = AtomicUsize::new(self.count);
        self.base.drive_unindexed(SkipAnyConsumer {
            base: consumer,
            op: &left,
        })
    }
}

/// Drops items while the shared count (`op`) lasts.
struct SkipAnyConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(SkipAnyConsumer, SkipAnyFolder, [T, C, P], T, stop |_op| false, P: Counter);

impl<T, C: Folder<T>, P: Counter> Folder<T> for SkipAnyFolder<'_, C, P> {
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        if !self.op.take() {
            self.base = self.base.consume(item);
        }
        self
    }

    fn consume_iter<I: IntoIterator<Item = T>>(mut self, iter: I) -> Self {
        let count = self.op;
        self.base = self
            .base
            .consume_iter(iter.into_iter().skip_while(|_| count.take()));
        self
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

/// The iterator made by [`ParallelIterator::take_any_while`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct TakeAnyWhile<I, P> {
    base: I,
    predicate: P,
}

impl<I: fmt::Debug, P> fmt::Debug for TakeAnyWhile<I, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TakeAnyWhile")
            .field("base", &self.base)
            .finish()
    }
}

impl<I, P> TakeAnyWhile<I, P> {
    pub(super) fn new(base: I, predicate: P) -> Self {
        TakeAnyWhile { base, predicate }
    }
}

/// A predicate and a shared flag, as one `op` for the consumer macro.
struct WhileOp<'p, P> {
    predicate: &'p P,
    flag: AtomicBool,
}

impl<P> WhileOp<'_, P> {
    fn flag(&self) -> bool {
        // Relaxed: a hint to stop (or start) early; results travel
        // through joins.
        self.flag.load(Ordering::Relaxed)
    }

    fn clear(&self) {
        // Relaxed: see `flag`.
        self.flag.store(false, Ordering::Relaxed);
    }
}

impl<I, P> ParallelIterator for TakeAnyWhile<I, P>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync + Send,
{
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        let taking = WhileOp {
            predicate: &self.predicate,
            flag: AtomicBool::new(true),
        };
        self.base.drive_unindexed(TakeAnyWhileConsumer {
            base: consumer,
            op: &taking,
        })
    }
}

/// Passes items on while every item seen satisfied the predicate.
struct TakeAnyWhileConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(TakeAnyWhileConsumer, TakeAnyWhileFolder, [T, C, P], T, stop |op| !op.flag(), P: WhileCheck<T>);

/// A `WhileOp` seen through its item type (for the consumer macro).
trait WhileCheck<T>: Sync {
    fn flag(&self) -> bool;
    fn clear(&self);
    fn test(&self, item: &T) -> bool;
}

impl<T, Q: Fn(&T) -> bool + Sync> WhileCheck<T> for WhileOp<'_, Q> {
    fn flag(&self) -> bool {
        WhileOp::flag(self)
    }
    fn clear(&self) {
        WhileOp::clear(self)
    }
    fn test(&self, item: &T) -> bool {
        (self.predicate)(item)
    }
}

impl<T, C: Folder<T>, P: WhileCheck<T>> Folder<T> for TakeAnyWhileFolder<'_, C, P> {
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        let op = self.op;
        if op.flag() && op.test(&item) {
            self.base = self.base.consume(item);
        } else {
            op.clear();
        }
        self
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        !self.op.flag() || self.base.full()
    }
}

/// The iterator made by [`ParallelIterator::skip_any_while`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct SkipAnyWhile<I, P> {
    base: I,
    predicate: P,
}

impl<I: fmt::Debug, P> fmt::Debug for SkipAnyWhile<I, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SkipAnyWhile")
            .field("base", &self.base)
            .finish()
    }
}

impl<I, P> SkipAnyWhile<I, P> {
    pub(super) fn new(base: I, predicate: P) -> Self {
        SkipAnyWhile { base, predicate }
    }
}

impl<I, P> ParallelIterator for SkipAnyWhile<I, P>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync + Send,
{
    type Item = I::Item;

    fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
        let skipping = WhileOp {
            predicate: &self.predicate,
            flag: AtomicBool::new(true),
        };
        self.base.drive_unindexed(SkipAnyWhileConsumer {
            base: consumer,
            op: &skipping,
        })
    }
}

/// Drops items until some item fails the predicate.
struct SkipAnyWhileConsumer<'p, C, P> {
    base: C,
    op: &'p P,
}

consumer_only!(SkipAnyWhileConsumer, SkipAnyWhileFolder, [T, C, P], T, stop |_op| false, P: WhileCheck<T>);

impl<T, C: Folder<T>, P: WhileCheck<T>> Folder<T> for SkipAnyWhileFolder<'_, C, P> {
    type Result = C::Result;

    fn consume(mut self, item: T) -> Self {
        let op = self.op;
        if !op.flag() || !op.test(&item) {
            op.clear();
            self.base = self.base.consume(item);
        }
        self
    }

    fn complete(self) -> C::Result {
        self.base.complete()
    }

    fn full(&self) -> bool {
        self.base.full()
    }
}

/// Loom models of the shared counter (plain unit tests without `--cfg
/// loom`): however two pieces interleave their takes, exactly the counted
/// number of items get through.
#[cfg(test)]
mod models {
    use super::take_one;
    use fearless_core::sync::atomic::{AtomicUsize, Ordering};
    use fearless_core::sync::{Arc, thread};

    #[test]
    fn take_any_counter_lets_exactly_count_items_through() {
        fearless_core::model(|| {
            let count = Arc::new(AtomicUsize::new(3));
            let other = {
                let count = Arc::clone(&count);
                thread::spawn(move || (0..2).filter(|_| take_one(&count)).count())
            };
            let mine = (0..2).filter(|_| take_one(&count)).count();
            let theirs = other.join().unwrap();
            assert_eq!(mine + theirs, 3);
            // Relaxed: `join` ordered the other thread's updates before this.
            assert_eq!(count.load(Ordering::Relaxed), 0);
        });
    }
}
