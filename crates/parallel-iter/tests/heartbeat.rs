//! Heartbeat scheduling, seen from outside: expensive work spreads over
//! the pool, whether it starts on a worker or on a thread outside the pool,
//! and every item runs exactly once.
#![cfg(not(loom))]

use fearless_par::ThreadPoolBuilder;
use fearless_par::prelude::*;
use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Busy work for at least `d` (CPU, not sleep: a sleeping item would not
/// keep its thread busy).
fn busy(d: Duration) {
    let start = Instant::now();
    while start.elapsed() < d {
        std::hint::spin_loop();
    }
}

const ITEMS: usize = 64;
const ITEM_TIME: Duration = Duration::from_millis(2);

/// Runs `ITEMS` expensive items with `par_iter` and returns the threads
/// that ran them, checking that each ran exactly once.
fn threads_running_expensive_items() -> HashSet<std::thread::ThreadId> {
    let hits: Vec<AtomicUsize> = (0..ITEMS).map(|_| AtomicUsize::new(0)).collect();
    let threads = Mutex::new(HashSet::new());
    let sum: usize = (0..ITEMS)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&i| {
            busy(ITEM_TIME);
            hits[i].fetch_add(1, Ordering::Relaxed);
            threads.lock().unwrap().insert(std::thread::current().id());
            i
        })
        .sum();
    assert_eq!(sum, ITEMS * (ITEMS - 1) / 2);
    for (i, h) in hits.iter().enumerate() {
        assert_eq!(h.load(Ordering::Relaxed), 1, "item {i}");
    }
    threads.into_inner().unwrap()
}

/// A heartbeat promotes a pending frame within about 100 us of work, and an
/// idle worker takes it: 64 items of 2 ms cannot all finish on one thread
/// before that happens. (No timing assertion: the property is which
/// threads ran the items.)
#[test]
#[cfg_attr(miri, ignore)] // needs real time to pass
fn expensive_items_started_on_a_worker_spread() {
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let threads = pool.install(threads_running_expensive_items);
    assert!(threads.len() >= 2, "ran on {} thread(s)", threads.len());
}

/// The same from a thread outside any pool: it runs the iterator as a guest
/// and promotes to the global pool's workers.
#[test]
#[cfg_attr(miri, ignore)] // needs real time and the global pool
fn expensive_items_started_outside_the_pool_spread() {
    let threads = threads_running_expensive_items();
    let me = std::thread::current().id();
    assert!(
        threads.iter().any(|&t| t != me),
        "every item ran on the calling thread"
    );
}

/// An unindexed piece cannot be cut while it folds, so it reads the clock
/// between items and a beat promotes the splits above it. Without that,
/// the first piece of an endless range would run forever while the half
/// that holds the answer stayed pending on its thread: these searches
/// never ended.
#[test]
#[cfg_attr(miri, ignore)] // 2^128 items: needs the real pool to exit early
fn an_endless_unindexed_search_reaches_the_far_half() {
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let found = pool.install(|| {
        (0..u128::MAX)
            .into_par_iter()
            .find_any(|&x| x > u128::MAX / 2)
    });
    assert!(found.is_some_and(|x| x > u128::MAX / 2));
    // `find_last` tells pieces apart by a `usize` position that each split
    // halves (as rayon's does): once the halvings have used its 64 bits,
    // what is left of the range is searched whole. A 2^70 range (too long
    // to index, like any longer one) leaves 2^6 items to search then.
    let huge = 1u128 << 70;
    let last = pool.install(|| (0..huge).into_par_iter().find_last(|_| true));
    assert_eq!(last, Some(huge - 1));
    let last = pool.install(|| (0..=huge).into_par_iter().find_last(|_| true));
    assert_eq!(last, Some(huge));
}

/// The same search started outside any pool, whose caller is a guest.
#[test]
#[cfg_attr(miri, ignore)] // needs real time and the global pool
fn an_endless_unindexed_search_started_outside_the_pool_reaches_the_far_half() {
    let found = (0..u128::MAX)
        .into_par_iter()
        .filter(|&x| x > u128::MAX / 2)
        .find_any(|_| true);
    assert!(found.is_some_and(|x| x > u128::MAX / 2));
}

/// A `find_last` whose answer lies at the end of three nested `flat_map`s
/// of 10^9 items each (10^27 in all). Each split halves the `usize`
/// position that tells pieces apart, and a flat_map's folder halves it
/// again per item, so near the right edge whole pieces share a position
/// and a match in one cannot stop the others; only cutting the pieces the
/// two threads steal from each other (rather than folding them whole)
/// keeps that edge fine enough. Before stolen paced pieces were cut, this
/// search did not end.
#[test]
#[cfg_attr(miri, ignore)] // 10^27 items: needs the real pool to exit early
fn a_find_last_over_three_nested_flat_maps_ends() {
    const BILLION: u32 = 1_000_000_000;
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let last = pool.install(|| {
        (0..BILLION)
            .into_par_iter()
            .with_max_len(1_000)
            .flat_map(|i| {
                (0..BILLION)
                    .into_par_iter()
                    .with_max_len(1_000)
                    .map(move |j| u64::from(i) * u64::from(BILLION) + u64::from(j))
            })
            .flat_map(|ij| {
                (0..BILLION)
                    .into_par_iter()
                    .with_max_len(1_000)
                    .map(move |k| u128::from(ij) * u128::from(BILLION) + u128::from(k))
            })
            .find_last(|_| true)
    });
    assert_eq!(last, Some(10u128.pow(27) - 1));
}
