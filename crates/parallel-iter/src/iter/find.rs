//! `find_any` (and through it `any`, `all`, `find_map_any`,
//! `position_any`): every piece stops once any piece has found a match.

use super::ParallelIterator;
use super::plumbing::{Consumer, Folder, Reducer, UnindexedConsumer};
use fearless_core::sync::atomic::{AtomicBool, Ordering};

pub(super) fn find<I, P>(pi: I, find_op: &P) -> Option<I::Item>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync,
{
    let found = AtomicBool::new(false);
    pi.drive_unindexed(FindConsumer {
        find_op,
        found: &found,
    })
}

/// Shares the predicate and the "found" flag by reference.
struct FindConsumer<'p, P> {
    find_op: &'p P,
    found: &'p AtomicBool,
}

impl<P> Clone for FindConsumer<'_, P> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<P> Copy for FindConsumer<'_, P> {}

impl<P> FindConsumer<'_, P> {
    fn already_found(&self) -> bool {
        // Relaxed: the flag is only a hint to stop early. The item itself
        // travels back through the join's return value, which synchronizes.
        self.found.load(Ordering::Relaxed)
    }
}

impl<'p, T: Send, P: Fn(&T) -> bool + Sync> Consumer<T> for FindConsumer<'p, P> {
    type Folder = FindFolder<'p, P, T>;
    type Reducer = FindReducer;
    type Result = Option<T>;

    fn split_at(self, _index: usize) -> (Self, Self, FindReducer) {
        (self, self, FindReducer)
    }

    fn into_folder(self) -> Self::Folder {
        FindFolder {
            consumer: self,
            item: None,
        }
    }

    fn full(&self) -> bool {
        self.already_found()
    }
}

impl<T: Send, P: Fn(&T) -> bool + Sync> UnindexedConsumer<T> for FindConsumer<'_, P> {
    fn split_off_left(&self) -> Self {
        *self
    }

    fn to_reducer(&self) -> FindReducer {
        FindReducer
    }
}

/// Keeps whichever side found something (the left one if both did).
struct FindReducer;

impl<T> Reducer<Option<T>> for FindReducer {
    fn reduce(self, left: Option<T>, right: Option<T>) -> Option<T> {
        left.or(right)
    }
}

/// One piece's search.
struct FindFolder<'p, P, T> {
    consumer: FindConsumer<'p, P>,
    item: Option<T>,
}

impl<T, P: Fn(&T) -> bool> Folder<T> for FindFolder<'_, P, T> {
    type Result = Option<T>;

    fn consume(mut self, item: T) -> Self {
        if (self.consumer.find_op)(&item) {
            // Relaxed: see `already_found`; nothing is published here.
            self.consumer.found.store(true, Ordering::Relaxed);
            self.item = Some(item);
        }
        self
    }

    fn consume_iter<I: IntoIterator<Item = T>>(mut self, iter: I) -> Self {
        let consumer = self.consumer;
        self.item = iter
            .into_iter()
            .take_while(|_| !consumer.already_found())
            .find(|item| (consumer.find_op)(item));
        if self.item.is_some() {
            // Relaxed: as in `consume`.
            consumer.found.store(true, Ordering::Relaxed);
        }
        self
    }

    fn complete(self) -> Option<T> {
        self.item
    }

    fn full(&self) -> bool {
        self.item.is_some() || self.consumer.already_found()
    }
}
