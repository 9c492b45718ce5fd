//! ConcurrentCache against the ecosystem's concurrent maps (moka's sync
//! cache, DashMap) and a `RwLock<HashMap>` and a `Mutex<HashMap>` on the
//! read-heavy mixes, two threads, random keys from a preloaded key space
//! (the capacity holds every key, so the mix, not eviction, is measured).
// `criterion_group!` generates an undocumented `pub fn`.
#![allow(missing_docs)]

mod common;

use common::{MIXES, is_write, run_threads};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
};
use fearless_locks::ConcurrentCache;
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::{Mutex, PoisonError, RwLock};

const THREADS: usize = 2;
const KEYS: u64 = 1024;

/// What every competitor offers: a cloned read and an insert.
trait Map: Sync {
    fn new() -> Self;
    fn get(&self, key: u64) -> Option<u64>;
    fn insert(&self, key: u64, value: u64);
}

impl Map for ConcurrentCache<u64, u64> {
    fn new() -> Self {
        ConcurrentCache::new(KEYS as usize * 2)
    }
    #[inline(always)]
    fn get(&self, key: u64) -> Option<u64> {
        ConcurrentCache::get(self, &key)
    }
    fn insert(&self, key: u64, value: u64) {
        ConcurrentCache::insert(self, key, value);
    }
}

impl Map for RwLock<HashMap<u64, u64>> {
    fn new() -> Self {
        RwLock::new(HashMap::new())
    }
    #[inline(always)]
    fn get(&self, key: u64) -> Option<u64> {
        self.read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .copied()
    }
    fn insert(&self, key: u64, value: u64) {
        self.write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, value);
    }
}

impl Map for Mutex<HashMap<u64, u64>> {
    fn new() -> Self {
        Mutex::new(HashMap::new())
    }
    #[inline(always)]
    fn get(&self, key: u64) -> Option<u64> {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
            .copied()
    }
    fn insert(&self, key: u64, value: u64) {
        self.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, value);
    }
}

/// moka's bounded concurrent cache (TinyLFU admission, like a cache; its
/// `get` clones the value out, as ours does).
impl Map for moka::sync::Cache<u64, u64> {
    fn new() -> Self {
        moka::sync::Cache::new(KEYS * 2)
    }
    #[inline(always)]
    fn get(&self, key: u64) -> Option<u64> {
        moka::sync::Cache::get(self, &key)
    }
    fn insert(&self, key: u64, value: u64) {
        moka::sync::Cache::insert(self, key, value);
    }
}

/// DashMap: a sharded `RwLock<HashMap>`, unbounded (no eviction).
impl Map for dashmap::DashMap<u64, u64> {
    fn new() -> Self {
        dashmap::DashMap::new()
    }
    #[inline(always)]
    fn get(&self, key: u64) -> Option<u64> {
        dashmap::DashMap::get(self, &key).map(|v| *v)
    }
    fn insert(&self, key: u64, value: u64) {
        dashmap::DashMap::insert(self, key, value);
    }
}

/// The mixes of the other read-heavy benches, plus 95-5: a typical cache.
const CACHE_MIXES: [(&str, u64); 5] = [MIXES[0], MIXES[1], ("95-5", 95), MIXES[2], MIXES[3]];

/// A cheap, well-spread key sequence (splitmix64 of thread and index).
#[inline(always)]
fn key(thread: usize, i: u64) -> u64 {
    let mut z = (i ^ ((thread as u64) << 40)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) % KEYS
}

fn cache_mix<M: Map>(g: &mut BenchmarkGroup<'_, WallTime>, name: &str) {
    let map = M::new();
    for k in 0..KEYS {
        map.insert(k, k);
    }
    for (mix, reads) in CACHE_MIXES {
        g.bench_with_input(BenchmarkId::new(name, mix), &reads, |b, &reads| {
            b.iter_custom(|iters| {
                run_threads(THREADS, iters, |t, i| {
                    let k = key(t, i);
                    if is_write(i, reads) {
                        map.insert(k, i);
                    } else {
                        black_box(map.get(k));
                    }
                })
            })
        });
    }
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("cache_read_mix");
    g.throughput(Throughput::Elements(THREADS as u64));
    cache_mix::<ConcurrentCache<u64, u64>>(&mut g, "fearless_cache");
    cache_mix::<moka::sync::Cache<u64, u64>>(&mut g, "moka_sync");
    cache_mix::<dashmap::DashMap<u64, u64>>(&mut g, "dashmap");
    cache_mix::<RwLock<HashMap<u64, u64>>>(&mut g, "rwlock_hashmap");
    cache_mix::<Mutex<HashMap<u64, u64>>>(&mut g, "mutex_hashmap");
    g.finish();
}

criterion_group!(cache, benches);
criterion_main!(cache);
