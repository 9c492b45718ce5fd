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

/// Executions in which a worker left a chunk part-way (some of its items
/// run, some not) other than the failing item's. A plain atomic outside
/// the checker: a tally that survives from one execution to the next.
static LEFT_PART_WAY: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A failing item stops the run: 3 threads over 24 items in 6-item chunks,
/// item 9 fails. The error names item 9 (reported once), no item runs
/// twice, and the items after 9 in its chunk never run. Under the
/// checkers the stop flag is checked every 2 items, so other workers also
/// leave their chunks part-way, which the model checks does happen.
#[test]
fn a_failure_stops_the_workers_and_is_reported_once() {
    const ITEMS: usize = 24;
    const CHUNK: usize = 6;
    const FAILING: usize = 9;
    fearless_core::model(|| {
        let data: Vec<usize> = (0..ITEMS).collect();
        let visits: Vec<AtomicUsize> = (0..ITEMS).map(|_| AtomicUsize::new(0)).collect();
        let par = Parallel::builder()
            .threads(3)
            .chunk(CHUNK)
            .inline_threshold(Duration::ZERO)
            .build()
            .unwrap();
        let result = par.try_for_each(&data, |&i| {
            visits[i].fetch_add(1, Ordering::Relaxed);
            if i == FAILING { Err(i) } else { Ok(()) }
        });
        let error = result.unwrap_err();
        assert_eq!((error.index, error.error), (FAILING, FAILING));
        let visits: Vec<usize> = visits.iter().map(|v| v.load(Ordering::Relaxed)).collect();
        assert!(
            visits.iter().all(|&v| v <= 1),
            "an item ran twice: {visits:?}"
        );
        assert_eq!(visits[FAILING], 1);
        let failing_chunk = FAILING / CHUNK;
        assert!(
            visits[FAILING + 1..(failing_chunk + 1) * CHUNK]
                .iter()
                .all(|&v| v == 0),
            "items after the failing one in its chunk ran: {visits:?}"
        );
        let part_way = visits
            .chunks(CHUNK)
            .enumerate()
            .any(|(c, run)| c != failing_chunk && run[0] == 1 && run.contains(&0));
        if part_way {
            LEFT_PART_WAY.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    });
    if cfg!(loom) {
        assert!(
            LEFT_PART_WAY.load(std::sync::atomic::Ordering::Relaxed) > 0,
            "no execution stopped a worker between blocks of a chunk"
        );
    }
}
