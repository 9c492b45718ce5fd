//! Models with more threads than loom can search: shuttle models under
//! `cargo xtask shuttle -p fearless-locks`, plain tests otherwise. Each
//! drives a boundary path with a crowd: every hazard slot taken, a key
//! missed by four threads at once, writers against readers on every shard.
#![cfg(any(shuttle, not(loom)))]

use fearless_core::sync::atomic::{AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};
use fearless_locks::{ConcurrentCache, ConfigCell, ShardedRwLock};

/// A config value whose two halves must always agree, and whose drops are
/// counted so that none is lost or doubled.
struct Pair {
    a: u32,
    b: u32,
    drops: Arc<AtomicUsize>,
}

impl Drop for Pair {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

#[test]
fn config_cell_with_one_slot_serves_four_readers_and_two_writers_whole() {
    fearless_core::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let first = Pair {
            a: 0,
            b: 0,
            drops: Arc::clone(&drops),
        };
        // One hazard slot: at most one reader takes the fast path, the
        // others the counted overflow path, concurrently with replacement.
        let cell = Arc::new(ConfigCell::with_slots(Arc::new(first), 1));
        let writers: Vec<_> = (0..2)
            .map(|_| {
                let cell = Arc::clone(&cell);
                thread::spawn(move || {
                    cell.update(|p| Pair {
                        a: p.a + 1,
                        b: p.b + 1,
                        drops: Arc::clone(&p.drops),
                    });
                })
            })
            .collect();
        let readers: Vec<_> = (0..4)
            .map(|_| {
                let cell = Arc::clone(&cell);
                thread::spawn(move || {
                    let mut last = 0;
                    for _ in 0..2 {
                        let p = cell.load();
                        assert_eq!(p.a, p.b, "a value is seen whole");
                        assert!(p.a >= last, "values never go back");
                        last = p.a;
                    }
                })
            })
            .collect();
        for t in writers.into_iter().chain(readers) {
            t.join().unwrap();
        }
        assert_eq!(cell.load().a, 2, "both updates applied");
        // A replaced value that a reader's slot still named at the last
        // write stays retired until the next write or the cell's drop (by
        // design: reclamation is lazy), so none or both may be freed here.
        assert!(
            drops.load(Ordering::Relaxed) <= 2,
            "the current value is alive"
        );
        drop(Arc::try_unwrap(cell).ok().expect("last handle"));
        assert_eq!(drops.load(Ordering::Relaxed), 3, "each value dropped once");
    });
}

#[test]
fn cache_missed_by_four_threads_runs_each_loader_once() {
    fearless_core::model(|| {
        // Room for far more than two keys in every shard: an eviction would
        // make a later miss load again, which is allowed.
        let cache = Arc::new(ConcurrentCache::<u32, u32>::new(1024));
        let loads = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
        let threads: Vec<_> = (0..4u32)
            .map(|i| {
                let (cache, loads) = (Arc::clone(&cache), Arc::clone(&loads));
                thread::spawn(move || {
                    let key = i % 2;
                    let v = cache.get_or_insert_with(key, || {
                        loads[key as usize].fetch_add(1, Ordering::Relaxed);
                        key * 10 + 7
                    });
                    assert_eq!(v, key * 10 + 7);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        for (key, n) in loads.iter().enumerate() {
            assert_eq!(n.load(Ordering::Relaxed), 1, "key {key} loaded once");
        }
    });
}

#[test]
fn sharded_rwlock_writers_never_show_readers_half_an_update() {
    fearless_core::model(|| {
        let lock = Arc::new(ShardedRwLock::with_shards((0u32, 0u32), 2));
        let writers: Vec<_> = (0..2)
            .map(|_| {
                let lock = Arc::clone(&lock);
                thread::spawn(move || {
                    let mut g = lock.write();
                    g.0 += 1;
                    thread::yield_now();
                    g.1 += 1;
                })
            })
            .collect();
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let lock = Arc::clone(&lock);
                thread::spawn(move || {
                    let g = lock.read();
                    assert_eq!(g.0, g.1, "a write is seen whole");
                })
            })
            .collect();
        for t in writers.into_iter().chain(readers) {
            t.join().unwrap();
        }
        assert_eq!(*lock.read(), (2, 2));
    });
}
