//! `find_first` and `find_last` (and through them `find_map_first/_last`,
//! `position_first/_last`).
//!
//! Every consumer owns a span of "boundary" numbers, ordered like the
//! input: splitting gives the left half the lower span. A piece that finds
//! a match publishes its boundary to a shared best (the minimum for
//! `first`, the maximum for `last`); a piece whose whole span lies on the
//! wrong side of the best stops, since nothing it could find would win.
//! The answer itself comes back through the reductions, which prefer the
//! left result for `first` and the right one for `last`.

use super::ParallelIterator;
use super::plumbing::{Consumer, Folder, Reducer, UnindexedConsumer};
use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use std::cell::Cell;

/// Which match wins.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    First,
    Last,
}

pub(super) fn find_first<I, P>(pi: I, find_op: &P) -> Option<I::Item>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync,
{
    let best = AtomicUsize::new(usize::MAX);
    pi.drive_unindexed(FindConsumer::new(find_op, Want::First, &best))
}

pub(super) fn find_last<I, P>(pi: I, find_op: &P) -> Option<I::Item>
where
    I: ParallelIterator,
    P: Fn(&I::Item) -> bool + Sync,
{
    let best = AtomicUsize::new(0);
    pi.drive_unindexed(FindConsumer::new(find_op, Want::Last, &best))
}

/// One piece's span of boundaries `lower..upper` and the shared best.
struct FindConsumer<'p, P> {
    find_op: &'p P,
    lower: Cell<usize>,
    upper: usize,
    want: Want,
    best: &'p AtomicUsize,
}

impl<'p, P> FindConsumer<'p, P> {
    fn new(find_op: &'p P, want: Want, best: &'p AtomicUsize) -> Self {
        FindConsumer {
            find_op,
            lower: Cell::new(0),
            upper: usize::MAX,
            want,
            best,
        }
    }

    /// The consumer of `lower..upper`.
    fn with_span(&self, lower: usize, upper: usize) -> Self {
        FindConsumer {
            find_op: self.find_op,
            lower: Cell::new(lower),
            upper,
            want: self.want,
            best: self.best,
        }
    }

    /// This consumer's boundary: where a match of its would rank.
    fn boundary(&self) -> usize {
        match self.want {
            Want::First => self.lower.get(),
            Want::Last => self.upper,
        }
    }

    /// Whether another piece already found a match that beats anything
    /// this span could find.
    fn beaten(&self, boundary: usize) -> bool {
        // Relaxed: the best is only a hint to stop early; the matched item
        // travels back through the join's return value.
        let best = self.best.load(Ordering::Relaxed);
        match self.want {
            Want::First => best < boundary,
            Want::Last => best > boundary,
        }
    }

    fn publish(&self, boundary: usize) {
        // Relaxed: as in `beaten`.
        match self.want {
            Want::First => self.best.fetch_min(boundary, Ordering::Relaxed),
            Want::Last => self.best.fetch_max(boundary, Ordering::Relaxed),
        };
    }
}

impl<'p, T: Send, P: Fn(&T) -> bool + Sync> Consumer<T> for FindConsumer<'p, P> {
    type Folder = FindFolder<'p, P, T>;
    type Reducer = FindReducer;
    type Result = Option<T>;

    fn split_at(self, _index: usize) -> (Self, Self, FindReducer) {
        let reducer = FindReducer(self.want);
        let left = self.split_off_left();
        (left, self, reducer)
    }

    fn into_folder(self) -> Self::Folder {
        FindFolder {
            boundary: self.boundary(),
            consumer: self,
            item: None,
        }
    }

    fn full(&self) -> bool {
        self.beaten(self.boundary())
    }
}

impl<T: Send, P: Fn(&T) -> bool + Sync> UnindexedConsumer<T> for FindConsumer<'_, P> {
    fn split_off_left(&self) -> Self {
        // The left part takes the lower half of the span.
        let lower = self.lower.get();
        let mid = lower + (self.upper - lower) / 2;
        self.lower.set(mid);
        self.with_span(lower, mid)
    }

    fn to_reducer(&self) -> FindReducer {
        FindReducer(self.want)
    }
}

/// Prefers the left result for `first`, the right one for `last`.
struct FindReducer(Want);

impl<T> Reducer<Option<T>> for FindReducer {
    fn reduce(self, left: Option<T>, right: Option<T>) -> Option<T> {
        match self.0 {
            Want::First => left.or(right),
            Want::Last => right.or(left),
        }
    }
}

/// One piece's search.
struct FindFolder<'p, P, T> {
    consumer: FindConsumer<'p, P>,
    boundary: usize,
    item: Option<T>,
}

impl<T, P: Fn(&T) -> bool> Folder<T> for FindFolder<'_, P, T> {
    type Result = Option<T>;

    fn consume(mut self, item: T) -> Self {
        let found_first = self.consumer.want == Want::First && self.item.is_some();
        if !found_first && (self.consumer.find_op)(&item) {
            self.consumer.publish(self.boundary);
            self.item = Some(item);
        }
        self
    }

    fn complete(self) -> Option<T> {
        self.item
    }

    fn full(&self) -> bool {
        (self.consumer.want == Want::First && self.item.is_some())
            || self.consumer.beaten(self.boundary)
    }
}

/// Loom models of the shared best (plain unit tests without `--cfg
/// loom`): two pieces that both find a match leave the better boundary
/// published, and a piece beaten by it sees so once the finder is joined.
#[cfg(test)]
mod models {
    use super::{FindConsumer, Want};
    use fearless_core::sync::atomic::AtomicUsize;
    use fearless_core::sync::{Arc, thread};

    fn never(_: &u8) -> bool {
        false
    }

    #[test]
    fn find_first_best_is_the_leftmost_published_boundary() {
        fearless_core::model(|| {
            let best = Arc::new(AtomicUsize::new(usize::MAX));
            let other = {
                let best = Arc::clone(&best);
                thread::spawn(move || {
                    let right = FindConsumer::new(&never, Want::First, &best).with_span(10, 20);
                    right.publish(right.boundary());
                })
            };
            let left = FindConsumer::new(&never, Want::First, &best).with_span(0, 10);
            left.publish(left.boundary());
            other.join().unwrap();
            let later = FindConsumer::new(&never, Want::First, &best).with_span(5, 10);
            assert!(later.beaten(later.boundary()));
            let earlier = FindConsumer::new(&never, Want::First, &best).with_span(0, 5);
            assert!(!earlier.beaten(earlier.boundary()));
        });
    }

    #[test]
    fn find_last_best_is_the_rightmost_published_boundary() {
        fearless_core::model(|| {
            let best = Arc::new(AtomicUsize::new(0));
            let other = {
                let best = Arc::clone(&best);
                thread::spawn(move || {
                    let left = FindConsumer::new(&never, Want::Last, &best).with_span(0, 10);
                    left.publish(left.boundary());
                })
            };
            let right = FindConsumer::new(&never, Want::Last, &best).with_span(10, 20);
            right.publish(right.boundary());
            other.join().unwrap();
            let earlier = FindConsumer::new(&never, Want::Last, &best).with_span(0, 15);
            assert!(earlier.beaten(earlier.boundary()));
        });
    }
}
