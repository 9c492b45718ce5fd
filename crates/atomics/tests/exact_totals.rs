//! N threads x M updates give exact totals for every counter-like type.
#![cfg(not(loom))]

use std::sync::atomic::AtomicU64;
use std::thread;

use fearless_atomics::{Counter, Gauge, Histogram, MaxGauge, MinGauge, ShardedCounter};
use fearless_core::SharedCounter;

const THREADS: u64 = 4;
const UPDATES: u64 = 50_000;

/// Every thread adds its own tag (1, 2, 3, ...) `UPDATES` times, so a lost
/// or doubled update from any one thread changes the total.
fn hammer<C: SharedCounter>(counter: &C) {
    thread::scope(|s| {
        for tag in 1..=THREADS {
            s.spawn(move || {
                for _ in 0..UPDATES {
                    counter.add(tag);
                }
            });
        }
    });
    let expected = UPDATES * THREADS * (THREADS + 1) / 2;
    assert_eq!(counter.get(), expected);
}

#[test]
fn counter_total_is_exact() {
    hammer(&Counter::new());
}

#[test]
fn sharded_counter_total_is_exact() {
    hammer(&ShardedCounter::new());
    // Fewer shards than threads: shards are shared, still exact.
    hammer(&ShardedCounter::with_shards(3).unwrap());
    hammer(&ShardedCounter::with_shards(1).unwrap());
}

#[test]
fn atomic_and_mutex_totals_are_exact() {
    hammer(&AtomicU64::new(0));
    hammer(&std::sync::Mutex::new(0u64));
    hammer(&parking_lot::Mutex::new(0u64));
}

#[test]
fn sharded_take_while_adding_accounts_for_every_add() {
    let c = ShardedCounter::new();
    let taken = thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..UPDATES {
                    c.inc();
                }
            });
        }
        let mut taken = 0;
        for _ in 0..1000 {
            taken += c.take();
            thread::yield_now();
        }
        taken
    });
    assert_eq!(taken + c.take(), THREADS * UPDATES);
}

#[test]
fn gauge_balances_to_zero_and_totals_exactly() {
    let g = Gauge::new();
    thread::scope(|s| {
        for tag in 1..=THREADS as i64 {
            let g = &g;
            s.spawn(move || {
                for _ in 0..UPDATES {
                    g.add(tag);
                    g.inc();
                }
            });
            s.spawn(move || {
                for _ in 0..UPDATES {
                    g.sub(tag);
                    g.dec();
                }
            });
        }
    });
    assert_eq!(g.get(), 0);
}

#[test]
fn extremum_gauges_keep_the_global_extremes() {
    let (max, min) = (MaxGauge::new(), MinGauge::new());
    thread::scope(|s| {
        for t in 0..THREADS {
            let (max, min) = (&max, &min);
            s.spawn(move || {
                // Each thread observes a distinct, interleaved range.
                for i in 0..UPDATES {
                    let v = 1_000 + i * THREADS + t;
                    max.observe(v);
                    min.observe(v);
                }
            });
        }
    });
    assert_eq!(max.get(), 1_000 + UPDATES * THREADS - 1);
    assert_eq!(min.get(), 1_000);
}

#[test]
fn histogram_count_and_sum_are_exact() {
    let h = Histogram::new();
    thread::scope(|s| {
        for tag in 1..=THREADS {
            let h = &h;
            s.spawn(move || {
                for _ in 0..UPDATES {
                    h.record(tag);
                }
            });
        }
    });
    let snap = h.snapshot();
    assert_eq!(snap.count(), THREADS * UPDATES);
    assert_eq!(snap.sum(), UPDATES * THREADS * (THREADS + 1) / 2);
    // Values below 2^(precision+1) are exact: one bucket per tag.
    for b in snap.buckets() {
        assert_eq!((b.low, b.count), (b.high, UPDATES));
    }
}

/// The documented snapshot guarantee at scale: while writers run, every
/// snapshot is an exact prefix (count = sum of buckets, sum and extremes of
/// exactly the counted values, each thread's records in program order), and
/// snapshots never go backwards.
#[test]
fn snapshots_during_writes_are_consistent_prefixes() {
    const PER_THREAD: u64 = 20_000;
    let h = Histogram::new();
    thread::scope(|s| {
        for t in 0..THREADS {
            let h = &h;
            // Thread t records the value t+1, then 100+t+1 (exact buckets):
            // a snapshot holding one of the second phase holds all of the
            // first phase of that thread.
            s.spawn(move || {
                for _ in 0..PER_THREAD {
                    h.record(t + 1);
                }
                for _ in 0..PER_THREAD {
                    h.record(100 + t + 1);
                }
            });
        }
        let mut last_count = 0;
        for _ in 0..200 {
            let snap = h.snapshot();
            let (mut n, mut sum) = (0u64, 0u64);
            let mut per_value = std::collections::HashMap::new();
            for b in snap.buckets() {
                assert_eq!(b.low, b.high, "values are exact here");
                n += b.count;
                sum += b.low * b.count;
                per_value.insert(b.low, b.count);
            }
            assert_eq!(n, snap.count());
            assert_eq!(sum, snap.sum(), "sum is that of the counted values");
            if let Some(min) = snap.min() {
                assert_eq!(Some(min), per_value.keys().min().copied());
                assert_eq!(snap.max(), per_value.keys().max().copied());
            }
            for t in 0..THREADS {
                if per_value.contains_key(&(100 + t + 1)) {
                    assert_eq!(per_value.get(&(t + 1)), Some(&PER_THREAD));
                }
            }
            assert!(snap.count() >= last_count, "snapshots never go backwards");
            last_count = snap.count();
        }
    });
    let last = h.snapshot();
    assert_eq!(last.count(), 2 * THREADS * PER_THREAD);
}
