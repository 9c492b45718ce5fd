//! Models with more threads than loom can search: shuttle models under
//! `cargo xtask shuttle -p fearless-atomics`, plain tests otherwise.
#![cfg(any(shuttle, not(loom)))]

use fearless_atomics::{Histogram, ShardedCounter};
use fearless_core::sync::{Arc, thread};

/// Four adders on two shards (two threads per shard, so stripes are
/// shared) while a fifth thread takes twice: every add lands in exactly
/// one take or in the remainder.
#[test]
fn takes_racing_four_adders_on_two_shards_lose_nothing() {
    fearless_core::model(|| {
        let counter = Arc::new(ShardedCounter::with_shards(2).unwrap());
        let adders: Vec<_> = (0..4)
            .map(|i| {
                let counter = Arc::clone(&counter);
                thread::spawn(move || {
                    counter.add(1 << (2 * i));
                    counter.add(1 << (2 * i + 1));
                })
            })
            .collect();
        let taker = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.take() + counter.take())
        };
        for a in adders {
            a.join().unwrap();
        }
        let taken = taker.join().unwrap();
        // Distinct bits: a lost or doubled add changes the total.
        assert_eq!(taken + counter.get(), 0xff);
    });
}

/// Three recorders and two snapshotters flipping the hot and cold sides:
/// every snapshot is internally consistent (its count is the sum of its
/// buckets) and never shows more than was recorded, and the final one
/// holds all six records with their exact sum, minimum and maximum.
#[test]
fn snapshots_racing_three_recorders_are_consistent_and_complete() {
    fearless_core::model(|| {
        let h = Arc::new(Histogram::with_precision(0).unwrap());
        let recorders: Vec<_> = (0..3u64)
            .map(|i| {
                let h = Arc::clone(&h);
                thread::spawn(move || {
                    h.record(1 + i);
                    h.record(100 + i);
                })
            })
            .collect();
        let snapshotters: Vec<_> = (0..2)
            .map(|_| {
                let h = Arc::clone(&h);
                thread::spawn(move || {
                    let s = h.snapshot();
                    assert_eq!(s.count(), s.buckets().map(|b| b.count).sum::<u64>());
                    assert!(s.count() <= 6);
                })
            })
            .collect();
        for t in recorders.into_iter().chain(snapshotters) {
            t.join().unwrap();
        }
        let s = h.snapshot();
        assert_eq!(s.count(), 6);
        assert_eq!(s.sum(), 1 + 2 + 3 + 100 + 101 + 102);
        assert_eq!((s.min(), s.max()), (Some(1), Some(102)));
    });
}
