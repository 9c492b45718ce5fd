//! Unit tests that need the crate's internals (the cache's shards) or
//! check single-threaded behaviour; the loom models are in
//! `tests/models.rs`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

use fearless_core::Lock;
use fearless_core::sync::Arc;

use crate::{ConcurrentCache, ConfigCell, Mutex, RwLock, ShardedRwLock};

#[test]
fn facade_poison_is_reported_and_cleared_on_every_backend() {
    fn check<L: Lock<Vec<u32>>>() {
        let m: Mutex<Vec<u32>, L> = Lock::new(vec![1]);
        let r = catch_unwind(AssertUnwindSafe(|| {
            let mut g = m.lock();
            g.push(2);
            panic!("half-way");
        }));
        assert!(r.is_err());
        assert!(m.is_poisoned());
        assert_eq!(*m.lock(), [1, 2]);
        m.clear_poison();
        assert!(!m.is_poisoned());
    }
    check::<parking_lot::Mutex<Vec<u32>>>();
    check::<fearless_core::sync::Mutex<Vec<u32>>>();
}

#[test]
fn rwlock_poisoned_by_writer_not_reader() {
    let l = RwLock::new(0);
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let _r = l.read();
        panic!("reader");
    }));
    assert!(!l.is_poisoned());
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let _w = l.write();
        panic!("writer");
    }));
    assert!(l.is_poisoned());
    let s = ShardedRwLock::new(0);
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let _w = s.write();
        panic!("writer");
    }));
    assert!(s.is_poisoned());
    assert_eq!(*s.read(), 0);
}

#[test]
fn timed_and_try_forms_respect_holders() {
    let std_backed = RwLock::from_backend(fearless_core::sync::RwLock::new(0));
    let w = std_backed.write();
    assert!(std_backed.try_read().is_none());
    assert!(std_backed.try_read_for(Duration::from_millis(2)).is_none());
    drop(w);
    assert!(std_backed.try_write_for(Duration::from_millis(2)).is_some());

    let s = ShardedRwLock::with_shards(0, 3);
    assert_eq!(s.shard_count(), 4);
    let r = s.read();
    assert!(s.try_write().is_none());
    assert!(s.try_write_for(Duration::from_millis(2)).is_none());
    assert!(s.try_read_for(Duration::from_millis(2)).is_some());
    drop(r);
    assert!(s.try_write().is_some());
    assert!(s.try_write_for(Duration::from_millis(2)).is_some());
}

#[test]
fn upgradable_read_upgrades_on_parking_lot() {
    use crate::RwLockUpgradableReadGuard;
    let l = RwLock::from_backend(parking_lot::RwLock::new(1));
    let u = l.upgradable_read();
    let r = l.read();
    let u = RwLockUpgradableReadGuard::try_upgrade(u).expect_err("a reader is in");
    drop(r);
    let mut w = RwLockUpgradableReadGuard::upgrade(u);
    *w += 1;
    drop(w);
    assert_eq!(l.into_inner(), 2);
}

#[test]
fn into_inner_and_get_mut() {
    let mut m = Mutex::new(1);
    *m.get_mut() += 1;
    assert_eq!(m.into_inner(), 2);
    let mut s = ShardedRwLock::new(vec![1]);
    s.get_mut().push(2);
    assert_eq!(s.into_inner(), [1, 2]);
    assert!(format!("{:?}", RwLock::new(3)).contains('3'));
}

use std::hash::{BuildHasher, Hasher};
/// Puts every key in shard 0.
#[derive(Clone, Default)]
struct Zero;
struct ZeroHasher;
impl Hasher for ZeroHasher {
    fn finish(&self) -> u64 {
        0
    }
    fn write(&mut self, _: &[u8]) {}
}
impl BuildHasher for Zero {
    type Hasher = ZeroHasher;
    fn build_hasher(&self) -> ZeroHasher {
        ZeroHasher
    }
}

#[test]
fn cache_weigher_bounds_the_total_weight() {
    let cache = ConcurrentCache::builder()
        .max_capacity(64 * 1024)
        .weigher(|k: &String, v: &Vec<u8>| (k.len() + v.len()) as u32)
        .build();
    let heaviest = cache.max_entry_weight();
    assert!(heaviest >= 64 * 1024 / 64, "{heaviest}");
    // Enough to fill every shard several times over (Miri: once).
    let inserts = if cfg!(miri) { 300 } else { 2_000 };
    for i in 0..inserts {
        cache.insert(format!("key{i}"), vec![0; 1000 + i % 7]);
        assert!(cache.weighted_size() <= 64 * 1024);
    }
    assert!(cache.stats().evictions > 0);
    assert!(!cache.is_empty());
}

#[test]
fn cache_rejects_an_entry_heavier_than_a_shard_and_drops_the_stale_one() {
    let cache = ConcurrentCache::builder()
        .max_capacity(100)
        .weigher(|_: &u8, v: &String| v.len() as u32)
        .build();
    let too_heavy = "x".repeat(cache.max_entry_weight() as usize + 1);
    cache.insert(1, "small".to_string());
    assert_eq!(cache.insert(1, too_heavy), Some("small".to_string()));
    assert_eq!(cache.get(&1), None, "neither the new nor the stale value");
    assert_eq!(cache.weighted_size(), 0);
    assert_eq!(cache.stats().evictions, 1);
}

#[test]
fn cache_heavier_replacement_evicts_others_not_itself() {
    // Every key in shard 0, whose share is exactly 10.
    let shards = ConcurrentCache::<u8, u8>::new(1 << 20).shards.len() as u64;
    let cache = ConcurrentCache::builder()
        .max_capacity(10 * shards)
        .weigher(|_: &&str, v: &u32| *v)
        .hasher(Zero)
        .build();
    assert_eq!(cache.max_entry_weight(), 10);
    for (k, w) in [("a", 3), ("b", 3), ("c", 3)] {
        cache.insert(k, w);
    }
    assert_eq!(cache.weighted_size(), 9);
    assert_eq!(cache.insert("b", 8), Some(3));
    assert_eq!(cache.get("b"), Some(8));
    assert!(cache.weighted_size() <= 10);
    assert_eq!(cache.len(), 1, "a and c made room");
    assert_eq!(cache.stats().evictions, 2);
    // A zero weight counts as one: the count stays bounded.
    let cache = ConcurrentCache::builder()
        .max_capacity(8)
        .weigher(|_: &u32, _: &u32| 0)
        .build();
    for k in 0..100 {
        cache.insert(k, k);
    }
    assert!(cache.len() <= 8);
    assert_eq!(cache.weighted_size(), cache.len() as u64);
}

#[test]
fn cache_clock_keeps_recently_read_entries() {
    // One shard of capacity 2 makes the order of eviction observable.
    let cache = ConcurrentCache::new(1);
    cache.insert(1, "a");
    assert_eq!(cache.insert(2, "b"), None);
    assert_eq!((cache.get(&1), cache.get(&2)), (None, Some("b")));
    assert_eq!(cache.stats().evictions, 1);

    let cache = ConcurrentCache::new(2);
    let n = cache.shards.len();
    assert!(n <= 2);
    for k in 0..100 {
        cache.insert(k, k);
        assert!(cache.len() <= 2);
    }
    assert_eq!(cache.stats().evictions, 98);
}

#[test]
fn cache_second_chance_spares_a_read_entry() {
    let cache: ConcurrentCache<u8, u8, Zero> = ConcurrentCache::with_hasher(1, Zero);
    assert_eq!(cache.shards.len(), 1);
    let cache = ConcurrentCache::with_hasher(3, Zero);
    // Shard 0 of a 2-shard cache of capacity 3 holds 2.
    assert_eq!(cache.shards.len(), 2);
    cache.insert("a", 1);
    cache.insert("b", 2);
    assert_eq!(cache.get("a"), Some(1)); // a gets its bit
    cache.insert("c", 3); // the hand spares a, evicts b
    assert_eq!(cache.get("a"), Some(1));
    assert_eq!(cache.get("b"), None);
    assert_eq!(cache.get("c"), Some(3));
}

#[test]
fn cache_basic_operations() {
    let cache = ConcurrentCache::new(100);
    assert!(cache.is_empty());
    assert_eq!(cache.insert(String::from("k"), 1), None);
    assert_eq!(cache.insert(String::from("k"), 2), Some(1));
    assert_eq!(cache.get_with("k", |v| v + 1), Some(3));
    assert_eq!(cache.len(), 1);
    assert_eq!(cache.remove("k"), Some(2));
    assert_eq!(cache.remove("k"), None);
    for i in 0..10 {
        cache.insert(i.to_string(), i);
    }
    cache.remove("3");
    for i in (0..10).filter(|&i| i != 3) {
        assert_eq!(cache.get(i.to_string().as_str()), Some(i));
    }
    // Removal moves another entry within its shard's ring: every key
    // must still be found and removed exactly once afterwards.
    for (n, i) in [0, 9, 5, 1, 8, 2, 7, 4, 6].into_iter().enumerate() {
        assert_eq!(cache.remove(i.to_string().as_str()), Some(i));
        assert_eq!(cache.len(), 8 - n);
    }
    cache.clear();
    assert_eq!(cache.len(), 0);
    assert_eq!(cache.capacity(), 100);
    let zero = ConcurrentCache::new(0);
    zero.insert(1, 1);
    assert_eq!(zero.get(&1), None);
    assert_eq!(zero.get_or_insert_with(1, || 5), 5);
}

#[test]
fn cache_loader_panic_leaves_key_absent() {
    let cache = ConcurrentCache::new(8);
    let r = catch_unwind(AssertUnwindSafe(|| {
        cache.get_or_insert_with(1, || -> u32 { panic!("load failed") })
    }));
    assert!(r.is_err());
    assert_eq!(cache.get(&1), None);
    assert_eq!(cache.get_or_insert_with(1, || 10), 10);
    assert_eq!(cache.get(&1), Some(10));
}

#[test]
fn config_cell_basics() {
    let cell = ConfigCell::new(vec![1]);
    let g = cell.load();
    let full = cell.load_full();
    cell.store(vec![2]);
    assert_eq!(*g, [1]);
    assert_eq!(*g.to_arc(), [1]);
    drop(g);
    assert_eq!(*full, [1]);
    assert_eq!(*cell.swap(vec![3]), [2]);
    let r = catch_unwind(AssertUnwindSafe(|| {
        cell.update(|_| panic!("bad update"));
    }));
    assert!(r.is_err());
    assert_eq!(*cell.load(), [3]);
    cell.update(|v| v.iter().map(|x| x * 2).collect());
    assert_eq!(*cell.load(), [6]);
    assert!(format!("{cell:?}").contains('6'));
    // More live guards than slots: the counted path.
    let small = ConfigCell::with_slots(Arc::new(5), 1);
    let guards: Vec<_> = (0..3).map(|_| small.load()).collect();
    small.store(6);
    assert!(guards.iter().all(|g| **g == 5));
    drop(guards);
    small.store(7);
    assert_eq!(*small.load(), 7);
}
