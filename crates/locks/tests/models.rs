//! Loom models of fearless-locks' public API (see "Where models live" in
//! docs/architecture.md), each also a plain unit test without `--cfg loom`.
//!
//! Under loom the facade's inner lock is loom's, the sharded lock's shards
//! are the modelled spin lock, and every atomic is loom's.

use std::hash::{BuildHasherDefault, DefaultHasher};

use fearless_core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use fearless_core::sync::{Arc, thread};
use fearless_core::{Lock, ReadWriteLock};
use fearless_locks::{ConcurrentCache, ConfigCell, Mutex, RwLock, ShardedRwLock};

/// Two threads increment through `L`'s guard: neither increment is lost
/// (mutual exclusion) and the joiner sees both (visibility).
fn increments_are_exclusive_and_visible<L: Lock<u32> + Send + Sync + 'static>() {
    let lock = Arc::new(L::new(0));
    let other = Arc::clone(&lock);
    let t = thread::spawn(move || *other.lock() += 1);
    *lock.lock() += 1;
    t.join().unwrap();
    assert_eq!(*lock.lock(), 2);
}

/// A writer updates a pair in two steps under its guard; a reader must see
/// the pair whole, old or new.
fn reader_sees_pair_whole<L: ReadWriteLock<(u32, u32)> + Send + Sync + 'static>(readers: usize) {
    let lock = Arc::new(L::new((0, 0)));
    let writer = {
        let lock = Arc::clone(&lock);
        thread::spawn(move || {
            let mut g = lock.write();
            g.0 = 1;
            g.1 = 1;
        })
    };
    let others: Vec<_> = (1..readers)
        .map(|_| {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                let g = lock.read();
                assert_eq!(g.0, g.1);
            })
        })
        .collect();
    {
        let g = lock.read();
        assert_eq!(g.0, g.1);
    }
    writer.join().unwrap();
    for t in others {
        t.join().unwrap();
    }
    assert_eq!(*lock.read(), (1, 1));
}

#[test]
fn facade_mutex_excludes_and_publishes() {
    fearless_core::model(increments_are_exclusive_and_visible::<Mutex<u32>>);
}

#[test]
fn facade_mutex_on_shim_backend_excludes_and_publishes() {
    // The std backend normally, loom's under loom: the facade over the shim.
    fearless_core::model(
        increments_are_exclusive_and_visible::<Mutex<u32, fearless_core::sync::Mutex<u32>>>,
    );
}

#[test]
fn facade_rwlock_reader_sees_write_whole() {
    fearless_core::model(|| reader_sees_pair_whole::<RwLock<(u32, u32)>>(1));
}

#[test]
fn sharded_writer_excludes_readers() {
    fearless_core::model(|| reader_sees_pair_whole::<ShardedRwLock<(u32, u32)>>(2));
}

#[test]
fn sharded_try_write_fails_while_read_held() {
    fearless_core::model(|| {
        let lock = Arc::new(ShardedRwLock::new(0));
        let reader = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                let g = lock.read();
                *g
            })
        };
        if let Some(mut g) = lock.try_write() {
            *g += 1;
        }
        let seen = reader.join().unwrap();
        assert!(seen <= 1);
        // try_write released every shard it took when it failed.
        *lock.write() += 0;
    });
}

#[test]
fn config_concurrent_updates_lose_nothing() {
    fearless_core::model(|| {
        let cell = Arc::new(ConfigCell::new(0u32));
        let other = Arc::clone(&cell);
        let t = thread::spawn(move || {
            other.update(|v| v + 1);
        });
        cell.update(|v| v + 1);
        t.join().unwrap();
        assert_eq!(*cell.load(), 2);
    });
}

#[test]
fn config_reader_sees_old_or_new_whole() {
    fearless_core::model(|| {
        let cell = Arc::new(ConfigCell::new((0u32, 0u32)));
        let writer = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || {
                let old = cell.swap((1, 1));
                assert_eq!(*old, (0, 0));
            })
        };
        let seen = *cell.load();
        assert!(seen == (0, 0) || seen == (1, 1));
        writer.join().unwrap();
        assert_eq!(*cell.load(), (1, 1));
    });
}

/// A value that records its drop in a flag the test keeps, so a model can
/// ask whether the value behind a live snapshot was freed.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        // SeqCst: the model only needs the store to become visible.
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn config_snapshot_outlives_replacement() {
    fearless_core::model(|| {
        let old_dropped = Arc::new(AtomicBool::new(false));
        let cell = Arc::new(ConfigCell::new(DropFlag(Arc::clone(&old_dropped))));
        let old: *const DropFlag = &*cell.load();
        let writer = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || cell.store(DropFlag(Arc::new(AtomicBool::new(false)))))
        };
        let snapshot = cell.load();
        // A snapshot of the old value keeps it alive under the writer (the
        // pointer is compared, never dereferenced, before the check).
        if std::ptr::eq(&*snapshot, old) {
            assert!(!old_dropped.load(Ordering::SeqCst), "snapshot freed");
        }
        drop(snapshot);
        writer.join().unwrap();
    });
}

#[test]
fn config_overflow_load_sees_whole_value() {
    fearless_core::model(|| {
        // One slot: the second live guard takes the counted path.
        let cell = Arc::new(ConfigCell::with_slots(Arc::new((0u32, 0u32)), 1));
        let writer = {
            let cell = Arc::clone(&cell);
            thread::spawn(move || cell.store((1, 1)))
        };
        let a = cell.load();
        let b = cell.load();
        assert_eq!(a.0, a.1);
        assert_eq!(b.0, b.1);
        drop((a, b));
        writer.join().unwrap();
    });
}

#[test]
fn cache_get_or_insert_with_runs_f_once() {
    fearless_core::model(|| {
        // A fixed hasher: loom needs every execution to pick the same shard.
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        let cache = Arc::new(ConcurrentCache::with_hasher(4, hasher));
        let runs = Arc::new(AtomicUsize::new(0));
        type Cache = ConcurrentCache<u32, u32, BuildHasherDefault<DefaultHasher>>;
        let load = |cache: &Cache, runs: &AtomicUsize| {
            cache.get_or_insert_with(7, || {
                // Relaxed: counted after the join, which orders it.
                runs.fetch_add(1, Ordering::Relaxed);
                70
            })
        };
        let t = {
            let (cache, runs) = (Arc::clone(&cache), Arc::clone(&runs));
            thread::spawn(move || load(&cache, &runs))
        };
        assert_eq!(load(&cache, &runs), 70);
        assert_eq!(t.join().unwrap(), 70);
        assert_eq!(runs.load(Ordering::Relaxed), 1);
    });
}

/// Weighted inserts racing on the same cache: the total weight never
/// exceeds the capacity, not even as seen mid-race, and every insert is
/// either present or counted as an eviction (nothing vanishes unaccounted).
#[test]
fn cache_weighted_inserts_stay_within_capacity_and_are_accounted() {
    fearless_core::model(|| {
        let hasher = BuildHasherDefault::<DefaultHasher>::default();
        let cache = Arc::new(
            ConcurrentCache::builder()
                .max_capacity(4)
                .weigher(|_: &u32, v: &u32| *v)
                .hasher(hasher)
                .build(),
        );
        let t = {
            let cache = Arc::clone(&cache);
            thread::spawn(move || {
                cache.insert(1, 2);
                cache.insert(2, 2);
            })
        };
        cache.insert(3, 2);
        assert!(cache.weighted_size() <= 4);
        cache.insert(4, 1);
        t.join().unwrap();
        assert!(cache.weighted_size() <= 4);
        let present: u32 = (1..=4).filter_map(|k| cache.get(&k)).sum();
        assert_eq!(u64::from(present), cache.weighted_size());
        // Four distinct keys: each entry is still here or was evicted.
        assert_eq!(cache.len() as u64 + cache.stats().evictions, 4);
    });
}
