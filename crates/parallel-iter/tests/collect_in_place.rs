//! `collect_into_vec`, `unzip_into_vecs`, and `collect`/`par_extend` into a `Vec` from an
//! iterator of known length, write straight into the vector's spare
//! capacity; in the spirit of rayon's `iter/collect/test.rs`: a producer
//! that yields fewer or more items than it announced makes the collect
//! panic, and every item written is dropped exactly once whatever happens.
//!
//! Each test runs on a two-thread pool of its own that is dropped at the
//! end, small enough for Miri.
#![cfg(not(loom))]

use fearless_par::iter::plumbing::{
    Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge,
};
use fearless_par::prelude::*;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

fn pool() -> fearless_par::ThreadPool {
    fearless_par::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
}

const N: usize = if cfg!(miri) { 48 } else { 20_000 };

/// An item that counts its drops.
struct Tracked<'a>(usize, &'a AtomicUsize);

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        self.1.fetch_add(1, Relaxed);
    }
}

/// Item `i`, counted in `made`; item `N / 3` panics instead.
fn tracked_unless_a_third<'a>(
    i: usize,
    made: &AtomicUsize,
    dropped: &'a AtomicUsize,
) -> Tracked<'a> {
    if i == N / 3 {
        panic!("item {i} fails");
    }
    made.fetch_add(1, Relaxed);
    Tracked(i, dropped)
}

#[test]
fn collect_into_vec_reuses_the_vectors_buffer() {
    pool().install(|| {
        let mut v: Vec<usize> = Vec::with_capacity(N);
        v.extend([7, 7, 7]);
        let buffer = v.as_ptr();
        (0..N)
            .into_par_iter()
            .with_max_len(8)
            .map(|x| x * 2)
            .collect_into_vec(&mut v);
        assert_eq!(v.as_ptr(), buffer, "written in place, no new vector");
        assert!(v.iter().copied().eq((0..N).map(|x| x * 2)));
    });
}

#[test]
fn par_extend_of_known_length_appends_in_place() {
    pool().install(|| {
        let mut v: Vec<usize> = Vec::with_capacity(2 * N + 1);
        v.push(usize::MAX);
        let buffer = v.as_ptr();
        v.par_extend((0..N).into_par_iter().with_max_len(8));
        // A chain of two indexed parts is driven unindexed, cut by index.
        v.par_extend((0..N / 2).into_par_iter().chain(N / 2..N).with_max_len(8));
        assert_eq!(v.as_ptr(), buffer);
        assert_eq!(v.len(), 2 * N + 1);
        assert_eq!(v[0], usize::MAX);
        assert!(v[1..=N].iter().copied().eq(0..N));
        assert!(v[N + 1..].iter().copied().eq(0..N));
    });
}

#[test]
fn collect_of_every_shape_keeps_order() {
    pool().install(|| {
        let v: Vec<usize> = (0..N).into_par_iter().with_max_len(8).collect();
        assert!(v.iter().copied().eq(0..N));
        // Unknown length (filter): the list-of-pieces path.
        let evens: Vec<usize> = (0..N).into_par_iter().filter(|x| x % 2 == 0).collect();
        assert!(evens.iter().copied().eq((0..N).step_by(2)));
        let zipped: Vec<(usize, char)> = (0..N)
            .into_par_iter()
            .zip(vec!['x'; N])
            .rev()
            .with_max_len(8)
            .collect();
        assert_eq!(zipped.first(), Some(&(N - 1, 'x')));
        assert_eq!(zipped.len(), N);
        let units: Vec<()> = (0..N).into_par_iter().map(|_| ()).collect();
        assert_eq!(units.len(), N);
        let mut empty = vec![1, 2];
        (0..0).into_par_iter().collect_into_vec(&mut empty);
        assert!(empty.is_empty());
    });
}

#[test]
fn panic_while_collecting_drops_every_written_item_once() {
    let made = AtomicUsize::new(0);
    let dropped = AtomicUsize::new(0);
    pool().install(|| {
        let mut target = Vec::new();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            (0..N)
                .into_par_iter()
                .with_max_len(8)
                .map(|i| tracked_unless_a_third(i, &made, &dropped))
                .collect_into_vec(&mut target);
        }));
        assert!(result.is_err());
        assert!(target.is_empty(), "the vector took nothing over");
    });
    assert_eq!(dropped.load(Relaxed), made.load(Relaxed));
}

#[test]
fn collected_items_are_dropped_once_with_the_vector() {
    let dropped = AtomicUsize::new(0);
    pool().install(|| {
        let v: Vec<Tracked<'_>> = (0..N)
            .into_par_iter()
            .with_max_len(8)
            .map(|i| Tracked(i, &dropped))
            .collect();
        assert!(v.iter().map(|t| t.0).eq(0..N));
        assert_eq!(dropped.load(Relaxed), 0);
    });
    assert_eq!(dropped.load(Relaxed), N);
}

#[test]
fn unzip_into_vecs_writes_both_vectors_in_place() {
    pool().install(|| {
        let mut left: Vec<usize> = Vec::with_capacity(N);
        let mut right: Vec<String> = Vec::with_capacity(N);
        left.push(7);
        right.push("old".to_string());
        let (left_buffer, right_buffer) = (left.as_ptr(), right.as_ptr());
        (0..N)
            .into_par_iter()
            .with_max_len(8)
            .map(|i| (i * 2, i.to_string()))
            .unzip_into_vecs(&mut left, &mut right);
        assert_eq!((left.as_ptr(), right.as_ptr()), (left_buffer, right_buffer));
        assert!(left.iter().copied().eq((0..N).map(|i| i * 2)));
        assert!(right.iter().map(|s| s.parse::<usize>().unwrap()).eq(0..N));
    });
}

#[test]
fn panic_while_unzipping_drops_every_written_half_once() {
    let made = AtomicUsize::new(0);
    let dropped = AtomicUsize::new(0);
    pool().install(|| {
        let (mut left, mut right) = (vec![], vec![]);
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            (0..N)
                .into_par_iter()
                .with_max_len(8)
                .map(|i| {
                    let first = tracked_unless_a_third(i, &made, &dropped);
                    (first, tracked_unless_a_third(i, &made, &dropped))
                })
                .unzip_into_vecs(&mut left, &mut right);
        }));
        assert!(result.is_err());
        assert!(
            left.is_empty() && right.is_empty(),
            "neither vector took anything over"
        );
    });
    assert_eq!(dropped.load(Relaxed), made.load(Relaxed));
}

/// An iterator that announces `len` items but whose producer yields
/// `actual` (spread over its pieces): a broken third-party iterator.
struct Liar<'a> {
    len: usize,
    actual: usize,
    dropped: &'a AtomicUsize,
}

impl<'a> ParallelIterator for Liar<'a> {
    type Item = Tracked<'a>;

    fn drive_unindexed<C: UnindexedConsumer<Self::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.len)
    }
}

impl<'a> IndexedParallelIterator for Liar<'a> {
    fn len(&self) -> usize {
        self.len
    }

    fn drive<C: Consumer<Self::Item>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn with_producer<CB: ProducerCallback<Self::Item>>(self, callback: CB) -> CB::Output {
        callback.callback(LiarProducer {
            range: 0..self.len,
            extra: self.actual as isize - self.len as isize,
            dropped: self.dropped,
        })
    }
}

/// Yields its range, with `extra` items more (or fewer) in its last
/// piece.
struct LiarProducer<'a> {
    range: std::ops::Range<usize>,
    extra: isize,
    dropped: &'a AtomicUsize,
}

impl<'a> Producer for LiarProducer<'a> {
    type Item = Tracked<'a>;
    type IntoIter = std::vec::IntoIter<Tracked<'a>>;

    fn into_iter(self) -> Self::IntoIter {
        let end = self.range.end as isize + self.extra;
        let dropped = self.dropped;
        (self.range.start..end.max(self.range.start as isize) as usize)
            .map(|i| Tracked(i, dropped))
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let mid = self.range.start + index;
        (
            LiarProducer {
                range: self.range.start..mid,
                extra: 0,
                dropped: self.dropped,
            },
            LiarProducer {
                range: mid..self.range.end,
                extra: self.extra,
                dropped: self.dropped,
            },
        )
    }
}

fn collect_liar(len: usize, actual: usize) -> (String, usize) {
    let dropped = AtomicUsize::new(0);
    let message = pool().install(|| {
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut v = Vec::new();
            Liar {
                len,
                actual,
                dropped: &dropped,
            }
            .with_max_len(4)
            .collect_into_vec(&mut v);
        }));
        let payload = result.expect_err("a lying producer makes the collect panic");
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    });
    (message, dropped.load(Relaxed))
}

#[test]
fn producer_with_fewer_items_than_announced_panics_and_drops_them() {
    let (message, dropped) = collect_liar(40, 39);
    assert_eq!(message, "expected 40 total writes, but got 39");
    assert_eq!(dropped, 39, "every written item dropped once");
}

#[test]
fn producer_with_more_items_than_announced_panics_and_drops_them() {
    let (message, dropped) = collect_liar(40, 41);
    assert_eq!(message, "too many values pushed to consumer");
    // The 41st item was made and dropped too (it never reached a slot).
    assert_eq!(dropped, 41);
}
