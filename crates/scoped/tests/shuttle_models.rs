//! The scoped engine whole: 4 threads (the caller's and 3 scoped helpers)
//! sharing 20 items. loom has no scoped threads, so these run as shuttle
//! models (`cargo xtask shuttle -p fearless-scoped`) and as plain tests
//! without a checker; the claiming logic alone is loom-checked in
//! `src/claim/models.rs`.
#![cfg(any(shuttle, not(loom)))]

use std::time::Duration;

use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_scoped::{Parallel, Schedule};

const ITEMS: usize = 20;
const THREADS: usize = 4;

/// Starts threads at once (no inline probe) and hands out one item at a
/// time, so every claim is a race between the threads.
fn four_threads(schedule: Schedule) -> Parallel<'static> {
    Parallel::builder()
        .threads(THREADS)
        .chunk(1)
        .schedule(schedule)
        .inline_threshold(Duration::ZERO)
        .build()
        .unwrap()
}

#[test]
fn map_on_four_threads_equals_the_sequential_map() {
    fearless_core::model(|| {
        let data: Vec<usize> = (0..ITEMS).collect();
        for schedule in [Schedule::Dynamic, Schedule::Static] {
            let par = four_threads(schedule);
            let out = par.map(&data, |x| x * 3 + 1);
            let want: Vec<usize> = data.iter().map(|x| x * 3 + 1).collect();
            assert_eq!(out, want, "{schedule:?}");
        }
    });
}

#[test]
fn for_each_on_four_threads_visits_every_item_once() {
    fearless_core::model(|| {
        let data: Vec<usize> = (0..ITEMS).collect();
        let visits: Vec<AtomicUsize> = (0..ITEMS).map(|_| AtomicUsize::new(0)).collect();
        four_threads(Schedule::Dynamic).for_each(&data, |&i| {
            visits[i].fetch_add(1, Ordering::Relaxed);
        });
        for (i, v) in visits.iter().enumerate() {
            assert_eq!(v.load(Ordering::Relaxed), 1, "item {i}");
        }
    });
}
