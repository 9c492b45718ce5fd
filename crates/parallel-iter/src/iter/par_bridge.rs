//! `par_bridge`: a parallel iterator over any sequential iterator. Pieces
//! take turns pulling the next item from the shared iterator under a
//! mutex, so items are not in order; the input is split once per thread.

use super::ParallelIterator;
use super::plumbing::{Folder, UnindexedConsumer, UnindexedProducer, bridge_unindexed};
use fearless_core::sync::Mutex;
use fearless_core::sync::atomic::{AtomicUsize, Ordering};

/// Turns a sequential iterator into a parallel one (`par_bridge`).
pub trait ParallelBridge: Sized {
    /// Makes a parallel iterator over the items of `self`. Items are
    /// pulled one at a time by whichever thread is free, so the order of
    /// the results is not the input order (collect and sort if it
    /// matters).
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v: Vec<i32> = (0..100).into_iter().par_bridge().map(|x| x * 2).collect();
    /// v.sort();
    /// assert_eq!(v, (0..100).map(|x| x * 2).collect::<Vec<_>>());
    /// ```
    fn par_bridge(self) -> IterBridge<Self>;
}

impl<T> ParallelBridge for T
where
    T: Iterator<Item: Send> + Send,
{
    fn par_bridge(self) -> IterBridge<Self> {
        IterBridge { iter: self }
    }
}

/// The iterator made by [`ParallelBridge::par_bridge`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IterBridge<Iter> {
    iter: Iter,
}

impl<Iter> ParallelIterator for IterBridge<Iter>
where
    Iter: Iterator<Item: Send> + Send,
{
    type Item = Iter::Item;

    fn drive_unindexed<C: UnindexedConsumer<Iter::Item>>(self, consumer: C) -> C::Result {
        let shared = Shared {
            iter: Mutex::new(Some(self.iter)),
            splits: AtomicUsize::new(crate::engine::threads_for_fork()),
        };
        bridge_unindexed(BridgeProducer { shared: &shared }, consumer)
    }
}

/// The iterator all pieces pull from (`None` once exhausted, so it is
/// never polled again) and the splits left.
struct Shared<Iter> {
    iter: Mutex<Option<Iter>>,
    splits: AtomicUsize,
}

/// One piece's handle on the shared iterator.
struct BridgeProducer<'a, Iter> {
    shared: &'a Shared<Iter>,
}

impl<Iter> UnindexedProducer for BridgeProducer<'_, Iter>
where
    Iter: Iterator<Item: Send> + Send,
{
    type Item = Iter::Item;

    fn split(self) -> (Self, Option<Self>) {
        // Relaxed: the count only bounds how many pieces exist; each
        // decrement is one piece, nothing else is published through it.
        let split = self
            .shared
            .splits
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok();
        let other = split.then_some(BridgeProducer {
            shared: self.shared,
        });
        (self, other)
    }

    fn fold_with<F: Folder<Iter::Item>>(self, mut folder: F) -> F {
        while !folder.full() {
            let next = {
                // A poisoned lock means a panic in `next`; the iterator is
                // then considered exhausted and the panic propagates from
                // the piece that raised it.
                let Ok(mut guard) = self.shared.iter.lock() else {
                    break;
                };
                let next = guard.as_mut().and_then(Iterator::next);
                if next.is_none() {
                    *guard = None;
                }
                next
            };
            match next {
                Some(item) => folder = folder.consume(item),
                None => break,
            }
        }
        folder
    }
}
