//! A sharded, bounded, read-heavy cache.
//!
//! Models: `tests/models.rs` (`cache_*`, loom); `tests/shuttle_models.rs`
//! (`cache_*`, shuttle).
//!
//! # Design
//! Keys are spread over a power-of-two number of shards by hash; each shard
//! is a [`RwLock`] (the facade, so loom checks it) around a small map, with
//! its own eviction counter (evictions happen under its write lock). Hits
//! and misses are counted in per-thread stripes ([`ShardedCounter`]): a
//! reader writes only its shard's lock word and its own counter line, never
//! a counter another thread is bumping.
//!
//! A key is hashed once per operation, with the cache's hasher: the top bits
//! of that hash (after a multiplicative mix) pick the shard, and the shard's
//! tables (hashbrown's `HashTable`, which takes the hash from its caller)
//! use that same hash: hashing twice cost as much as the rest of a lookup.
//!
//! A shard keeps its entries in a hash table (key, hash, value, *referenced*
//! bit, and the entry's position in the ring) and their hashes in a vector,
//! the CLOCK ring; the entry at ring position `i` is the one of hash
//! `ring[i]` whose position is `i`. Reads take the shard's read lock, probe
//! the table once and set the entry's referenced bit (an atomic, so a read
//! lock suffices); only eviction and removal touch the ring.
//!
//! **Eviction (CLOCK, per shard).** Each shard holds at most its share of
//! the capacity. Inserting into a full shard moves the shard's hand around
//! the ring: an entry whose referenced bit is set gets a second chance (the
//! bit is cleared and the hand moves on); the first entry found unreferenced
//! is evicted and the new entry takes its place, just behind the hand. So an
//! entry read since the hand last passed survives, and a full sweep bounds
//! the work. Because each shard evicts on its own, the cache may evict before
//! `len()` reaches `capacity()` when keys hash unevenly.
//!
//! **Weights (moka's model).** Built with a [weigher](CacheBuilder::weigher),
//! the capacity bounds the sum of the entries' weights instead of their
//! number: an insert evicts CLOCK victims until the new entry fits in its
//! shard's share (victims before the last leave the ring by swap-remove and
//! the hand stays on the hole, so the entry moved into it is looked at
//! next). Every entry weighs at least 1, so the entry count stays bounded
//! too. An entry heavier than a shard's share is not admitted at all (see
//! [`ConcurrentCache::max_entry_weight`]): it would have to evict a whole
//! shard and still not fit.
//!
//! **Single flight.** `get_or_insert_with` registers a *loader* for a missing
//! key under the shard's write lock; the thread that registered it runs `f`
//! with no lock held, and threads that miss the same key meanwhile wait on
//! the loader's condition variable for its value. If `f` panics, a drop
//! guard removes the loader and wakes the waiters with "no value"; they
//! retry, and one of them runs its own `f`. The key is left absent, and
//! nothing is poisoned.

use std::borrow::Borrow;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash};

use crossbeam_utils::CachePadded;
use fearless_atomics::{Counter, ShardedCounter};
use fearless_core::sync::atomic::{AtomicBool, Ordering};
use fearless_core::sync::{Arc, Condvar, Mutex, PoisonError};
use hashbrown::HashTable;

use crate::RwLock;
use crate::shard_count::default_shards;

/// A concurrent cache with a capacity bound (CLOCK eviction per shard),
/// single-flight loading, and hit/miss/eviction counters. See the
/// [module docs](self) for the design.
///
/// ```
/// use fearless_locks::ConcurrentCache;
///
/// let cache = ConcurrentCache::new(1_000);
/// let len = cache.get_or_insert_with("hello", || "hello".len());
/// assert_eq!(len, 5);
/// assert_eq!(cache.get("hello"), Some(5));
/// assert_eq!(cache.get_with("hello", |v| v * 2), Some(10));
/// assert_eq!(cache.remove("hello"), Some(5));
/// let stats = cache.stats();
/// assert_eq!((stats.hits, stats.misses), (2, 1));
/// ```
pub struct ConcurrentCache<K, V, S = RandomState> {
    pub(crate) shards: Box<[CachePadded<Shard<K, V>>]>,
    hasher: S,
    capacity: u64,
    /// `None`: every entry weighs 1, and the capacity counts entries.
    weigher: Option<Box<Weigher<K, V>>>,
    hits: ShardedCounter,
    misses: ShardedCounter,
}

/// The weight of an entry, as moka's weigher: any cost measure (bytes,
/// say). A weight of 0 counts as 1.
pub type Weigher<K, V> = dyn Fn(&K, &V) -> u32 + Send + Sync;

/// Builds a [`ConcurrentCache`] with a maximum total weight, a weigher and a
/// hasher, in the style of moka's `Cache::builder()`.
///
/// ```
/// use fearless_locks::ConcurrentCache;
///
/// // At most 1 KiB of keys and values.
/// let cache = ConcurrentCache::builder()
///     .max_capacity(1024)
///     .weigher(|k: &String, v: &Vec<u8>| (k.len() + v.len()) as u32)
///     .build();
/// cache.insert("small".to_string(), vec![0; 100]);
/// assert!(cache.weighted_size() <= 1024);
/// // Heavier than the cache admits: not stored.
/// cache.insert("huge".to_string(), vec![0; 4096]);
/// assert_eq!(cache.get("huge"), None);
/// ```
pub struct CacheBuilder<K, V, S = RandomState> {
    max_capacity: u64,
    weigher: Option<Box<Weigher<K, V>>>,
    hasher: S,
}

impl<K: Hash + Eq + Clone, V: Clone> CacheBuilder<K, V> {
    fn new() -> Self {
        Self {
            max_capacity: 10_000,
            weigher: None,
            hasher: RandomState::new(),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone, S: BuildHasher> CacheBuilder<K, V, S> {
    /// The most the cache holds: the sum of its entries' weights, or their
    /// number without a weigher. Defaults to 10,000.
    pub fn max_capacity(mut self, max_capacity: u64) -> Self {
        self.max_capacity = max_capacity;
        self
    }

    /// How much each entry weighs against the maximum capacity. It runs on
    /// every insert, outside any lock; a weight of 0 counts as 1.
    pub fn weigher(mut self, weigher: impl Fn(&K, &V) -> u32 + Send + Sync + 'static) -> Self {
        self.weigher = Some(Box::new(weigher));
        self
    }

    /// The hasher that picks shards and buckets.
    pub fn hasher<S2: BuildHasher>(self, hasher: S2) -> CacheBuilder<K, V, S2> {
        CacheBuilder {
            max_capacity: self.max_capacity,
            weigher: self.weigher,
            hasher,
        }
    }

    /// The cache.
    pub fn build(self) -> ConcurrentCache<K, V, S> {
        ConcurrentCache::assemble(self.max_capacity, self.weigher, self.hasher)
    }
}

/// The cache's counters, summed over its shards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Lookups that found the key (`get`, `get_with`, and
    /// `get_or_insert_with` calls that found it at their first look).
    pub hits: u64,
    /// Lookups that did not (including `get_or_insert_with` calls that
    /// waited for another thread's load).
    pub misses: u64,
    /// Entries dropped to make room.
    pub evictions: u64,
}

pub(crate) struct Shard<K, V> {
    map: RwLock<ShardMap<K, V>>,
    evictions: Counter,
}

/// A key's hash (from the cache's hasher) and the key, borrowed: what a
/// shard looks an entry up by.
struct Lookup<'q, Q: ?Sized> {
    hash: u64,
    key: &'q Q,
}

// By hand: a derive would ask for `Q: Copy`, and `Q` is often `str`.
impl<Q: ?Sized> Clone for Lookup<'_, Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: ?Sized> Copy for Lookup<'_, Q> {}

struct ShardMap<K, V> {
    /// The entries. A lookup touches only this table: one probe, no second
    /// indirection.
    entries: HashTable<Entry<K, V>>,
    /// The CLOCK ring: every entry's hash, in the order the hand visits
    /// them.
    ring: Vec<u64>,
    /// The CLOCK hand: the next position to consider for eviction.
    hand: usize,
    /// This shard's share of the capacity, in weight.
    capacity: u64,
    /// The sum of the entries' weights.
    weight: u64,
    /// Loads in flight, for single flight.
    loading: HashTable<InFlight<K, V>>,
}

/// A load in flight: the key, its hash and the loader to wait for.
struct InFlight<K, V> {
    hash: u64,
    key: K,
    loader: Arc<Loader<V>>,
}

/// Most entries one shard holds: ring positions are `u32`, which keeps
/// an entry (and the cache lines a lookup touches) small.
const MAX_SHARD_LEN: usize = u32::MAX as usize;

/// A hit or miss counter: per-thread stripes (two under loom, to keep the
/// models small).
fn stat_counter() -> ShardedCounter {
    if cfg!(loom) {
        ShardedCounter::with_shards(2).unwrap_or_else(|_| ShardedCounter::new())
    } else {
        ShardedCounter::new()
    }
}

struct Entry<K, V> {
    /// The key's hash, which the table needs again when it grows.
    hash: u64,
    key: K,
    value: V,
    /// At least 1.
    weight: u32,
    /// The key's position in the ring.
    pos: u32,
    /// Set by reads, cleared by the passing hand.
    referenced: AtomicBool,
}

/// One in-flight `get_or_insert_with` load that other threads can wait for.
struct Loader<V> {
    /// `None` while loading; `Some(None)` if the loader panicked.
    outcome: Mutex<Option<Option<V>>>,
    done: Condvar,
}

enum Claim<V> {
    Ready(V),
    Wait(Arc<Loader<V>>),
    Run(Arc<Loader<V>>),
}

impl<V: Clone> Loader<V> {
    fn new() -> Self {
        Self {
            outcome: Mutex::new(None),
            done: Condvar::new(),
        }
    }

    /// Blocks until the load finishes; `None` if it panicked.
    fn wait(&self) -> Option<V> {
        // Poisoning cannot leave an `Option` half-written: recover.
        let mut outcome = self.outcome.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(result) = &*outcome {
                return result.clone();
            }
            outcome = self
                .done
                .wait(outcome)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn finish(&self, result: Option<V>) {
        *self.outcome.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
        self.done.notify_all();
    }
}

/// Ends a load: on success publishes the value; if `f` panicked (the guard
/// drops armed), removes the loader and wakes waiters empty-handed.
struct LoadGuard<'a, K: Hash + Eq + Clone, V: Clone> {
    shard: &'a Shard<K, V>,
    key: Lookup<'a, K>,
    loader: &'a Loader<V>,
}

impl<K: Hash + Eq + Clone, V: Clone> Drop for LoadGuard<'_, K, V> {
    fn drop(&mut self) {
        self.shard.map.write().end_load(self.key);
        self.loader.finish(None);
    }
}

impl<K: Hash + Eq + Clone, V: Clone> ShardMap<K, V> {
    fn new(capacity: u64) -> Self {
        Self {
            entries: HashTable::new(),
            ring: Vec::new(),
            hand: 0,
            capacity,
            weight: 0,
            loading: HashTable::new(),
        }
    }

    /// Forgets the load in flight for `key`, if any.
    fn end_load(&mut self, key: Lookup<'_, K>) {
        if let Ok(found) = self.loading.find_entry(key.hash, |l| l.key == *key.key) {
            found.remove();
        }
    }

    /// The entry at ring position `i`.
    fn entry_at(&self, i: usize) -> Option<&Entry<K, V>> {
        self.entries.find(self.ring[i], |e| e.pos as usize == i)
    }

    /// Whether `weight` more fits beside what the shard holds (and the
    /// ring has a position left for a new entry when `new_entry`).
    fn fits(&self, weight: u64, new_entry: bool) -> bool {
        self.weight + weight <= self.capacity && (!new_entry || self.ring.len() < MAX_SHARD_LEN)
    }

    fn find<Q>(&self, key: Lookup<'_, Q>) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let entry = self.entries.find(key.hash, |e| e.key.borrow() == key.key)?;
        // Relaxed: the bit is an eviction hint and guards no data. Reading
        // first avoids dirtying the line on every hit.
        if !entry.referenced.load(Ordering::Relaxed) {
            entry.referenced.store(true, Ordering::Relaxed);
        }
        Some(&entry.value)
    }

    /// Inserts or replaces `value`, of `weight` (at least 1); returns the
    /// previous value and how many entries were evicted (counting the new
    /// one, when it is heavier than the whole shard and is dropped).
    fn insert(&mut self, hash: u64, key: K, value: V, weight: u32) -> (Option<V>, u64) {
        let w = u64::from(weight);
        if w > self.capacity {
            // It cannot fit even alone; an older value under the key is
            // stale now, so it goes too.
            let old = self.remove(Lookup { hash, key: &key });
            return (old, 1);
        }
        if let Some(entry) = self.entries.find_mut(hash, |e| e.key == key) {
            let old_weight = u64::from(std::mem::replace(&mut entry.weight, weight));
            let old = std::mem::replace(&mut entry.value, value);
            let mut pos = entry.pos as usize;
            self.weight = self.weight - old_weight + w;
            let mut evicted = 0;
            while self.weight > self.capacity {
                // The replaced entry is at least as heavy as the excess, so
                // it is never the only candidate: skip it if chosen.
                let (victim, _) = self.clock_victim();
                if victim == pos {
                    continue;
                }
                let last = self.ring.len() - 1;
                self.remove_at(victim);
                if pos == last {
                    // The swap-remove moved the replaced entry into the hole.
                    pos = victim;
                }
                self.hand = victim;
                evicted += 1;
            }
            return (Some(old), evicted);
        }
        let mut entry = Entry {
            hash,
            key,
            value,
            weight,
            // In range: the ring is shorter than `MAX_SHARD_LEN` (and the
            // victim's position below is in it).
            pos: self.ring.len() as u32,
            referenced: AtomicBool::new(false),
        };
        let mut evicted = 0;
        loop {
            if self.fits(w, true) {
                self.entries.insert_unique(hash, entry, |e| e.hash);
                self.ring.push(hash);
                self.weight += w;
                return (None, evicted);
            }
            let (victim, victim_weight) = self.clock_victim();
            evicted += 1;
            if self.weight - victim_weight + w <= self.capacity {
                // The last victim: the new entry takes its place in the
                // ring, just behind the hand.
                self.take_at(victim);
                entry.pos = victim as u32;
                self.entries.insert_unique(hash, entry, |e| e.hash);
                self.ring[victim] = hash;
                self.weight = self.weight - victim_weight + w;
                return (None, evicted);
            }
            self.remove_at(victim);
            // The entry swapped into the hole has not been looked at yet.
            self.hand = victim;
        }
    }

    /// Advances the hand to the first unreferenced entry, clearing the bits
    /// it passes; returns its position and leaves the hand just past it.
    /// Also returns the victim's weight, read in the same probe.
    fn clock_victim(&mut self) -> (usize, u64) {
        loop {
            if self.hand >= self.ring.len() {
                self.hand = 0;
            }
            let i = self.hand;
            self.hand += 1;
            // Every ring key has an entry; were one missing, its position
            // would be the victim (of weight 0).
            let (referenced, weight) = self.entry_at(i).map_or((false, 0), |e| {
                // Relaxed: a hint, as in `find`; we hold the write lock.
                (
                    e.referenced.swap(false, Ordering::Relaxed),
                    u64::from(e.weight),
                )
            });
            if !referenced {
                return (i, weight);
            }
        }
    }

    fn remove<Q>(&mut self, key: Lookup<'_, Q>) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + ?Sized,
    {
        let found = self
            .entries
            .find_entry(key.hash, |e| e.key.borrow() == key.key)
            .ok()?;
        let (removed, _) = found.remove();
        self.weight -= u64::from(removed.weight);
        let i = removed.pos as usize;
        self.ring.swap_remove(i);
        self.moved_to(i);
        Some(removed.value)
    }

    /// Takes the entry at ring position `i` out of the table (the ring is
    /// left as it is).
    fn take_at(&mut self, i: usize) -> Option<Entry<K, V>> {
        let found = self
            .entries
            .find_entry(self.ring[i], |e| e.pos as usize == i)
            .ok()?;
        Some(found.remove().0)
    }

    /// Removes the entry at ring position `i`.
    fn remove_at(&mut self, i: usize) {
        if let Some(removed) = self.take_at(i) {
            self.weight -= u64::from(removed.weight);
        }
        self.ring.swap_remove(i);
        self.moved_to(i);
    }

    /// After a swap-remove at `i`: the last entry moved there (from
    /// position `ring.len()`); it learns its new position.
    fn moved_to(&mut self, i: usize) {
        let from = self.ring.len();
        if let Some(&hash) = self.ring.get(i) {
            // Every ring position has an entry.
            if let Some(entry) = self.entries.find_mut(hash, |e| e.pos as usize == from) {
                // In range: `i` is a position in the ring.
                entry.pos = i as u32;
            }
        }
    }

    fn clear(&mut self) {
        self.entries.clear();
        self.ring.clear();
        self.hand = 0;
        self.weight = 0;
    }
}

impl<K: Hash + Eq + Clone, V: Clone> ConcurrentCache<K, V> {
    /// A cache that holds at most `capacity` entries, with a shard count fit
    /// for this machine. A capacity of zero keeps nothing (every insert is
    /// an immediate eviction). A shard holds at most 2^32 - 1 entries, so a
    /// capacity beyond that times the shard count is in effect that bound.
    pub fn new(capacity: usize) -> Self {
        Self::with_hasher(capacity, RandomState::new())
    }

    /// A builder for a cache bounded by total weight (see
    /// [`CacheBuilder`]).
    pub fn builder() -> CacheBuilder<K, V> {
        CacheBuilder::new()
    }
}

impl<K: Hash + Eq + Clone, V: Clone, S: BuildHasher> ConcurrentCache<K, V, S> {
    /// Like [`new`](ConcurrentCache::new), with the hasher that picks shards.
    pub fn with_hasher(capacity: usize, hasher: S) -> Self {
        Self::assemble(capacity as u64, None, hasher)
    }

    fn assemble(capacity: u64, weigher: Option<Box<Weigher<K, V>>>, hasher: S) -> Self {
        // A power of two no larger than the capacity, so no shard is empty.
        let max = if capacity == 0 {
            1
        } else {
            1u64 << capacity.ilog2()
        };
        let n = (default_shards() as u64).min(max);
        let shards = (0..n)
            .map(|i| {
                let share = capacity / n + u64::from(i < capacity % n);
                CachePadded::new(Shard {
                    map: RwLock::new(ShardMap::new(share)),
                    evictions: Counter::new(),
                })
            })
            .collect();
        Self {
            shards,
            hasher,
            capacity,
            weigher,
            hits: stat_counter(),
            misses: stat_counter(),
        }
    }

    /// The weight of an entry: the weigher's, at least 1.
    fn weigh(&self, key: &K, value: &V) -> u32 {
        self.weigher.as_ref().map_or(1, |w| w(key, value).max(1))
    }

    /// `key`'s hash and the shard it lives in: the one hash computed per
    /// operation.
    #[inline]
    fn locate<'q, Q: Hash + ?Sized>(&self, key: &'q Q) -> (&Shard<K, V>, Lookup<'q, Q>) {
        let hash = self.hasher.hash_one(key);
        // The shard maps bucket by the hash's low bits and tag by its top
        // seven, so the shard must not be a function of either alone: take
        // the top bits of a multiplicative (Fibonacci) mix of the whole
        // hash, which also spreads weak hashers (identity hashes of small
        // integers). The count is a power of two, at most 2^32.
        let n = self.shards.len();
        let mixed = hash.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let i = (mixed.rotate_left(n.trailing_zeros()) as usize) & (n - 1);
        (&self.shards[i], Lookup { hash, key })
    }

    /// A clone of the value for `key`, if present.
    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get_with(key, V::clone)
    }

    /// `f` applied to the value for `key`, if present, without cloning it.
    /// `f` runs under the shard's read lock: keep it short.
    pub fn get_with<Q, R>(&self, key: &Q, f: impl FnOnce(&V) -> R) -> Option<R>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (shard, key) = self.locate(key);
        let map = shard.map.read();
        match map.find(key) {
            Some(v) => {
                self.hits.inc();
                Some(f(v))
            }
            None => {
                self.misses.inc();
                None
            }
        }
    }

    /// Inserts `value` for `key`, returning the value it replaced. May
    /// evict another entry of the same shard (see the module docs).
    /// With a weigher, evicts until the entry fits, and an entry heavier
    /// than [`max_entry_weight`](Self::max_entry_weight) is not stored (and
    /// removes the key's old value: it is stale).
    pub fn insert(&self, key: K, value: V) -> Option<V> {
        let weight = self.weigh(&key, &value);
        let (shard, Lookup { hash, .. }) = self.locate(&key);
        let (old, evicted) = shard.map.write().insert(hash, key, value, weight);
        shard.evictions.add(evicted);
        old
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let (shard, key) = self.locate(key);
        shard.map.write().remove(key)
    }

    /// The value for `key`, computing it with `f` if it is missing.
    ///
    /// `f` runs at most once per missing key at a time, however many threads
    /// miss it at once: the others wait for that value. If `f` panics, the
    /// panic propagates to its caller, the key stays absent, and the waiters
    /// retry (one of them running its own `f`). `f` runs without any lock
    /// held; an `insert` of the same key while it runs is overwritten by its
    /// result.
    ///
    /// ```
    /// use fearless_locks::ConcurrentCache;
    /// use fearless_core::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    ///
    /// let cache = ConcurrentCache::new(16);
    /// let runs = AtomicUsize::new(0);
    /// std::thread::scope(|s| {
    ///     for _ in 0..4 {
    ///         s.spawn(|| {
    ///             let v = cache.get_or_insert_with(7, || {
    ///                 runs.fetch_add(1, Relaxed);
    ///                 "seven"
    ///             });
    ///             assert_eq!(v, "seven");
    ///         });
    ///     }
    /// });
    /// assert_eq!(runs.load(Relaxed), 1);
    /// ```
    pub fn get_or_insert_with(&self, key: K, f: impl FnOnce() -> V) -> V {
        let (shard, probe) = self.locate(&key);
        if let Some(v) = shard.map.read().find(probe) {
            self.hits.inc();
            return v.clone();
        }
        self.misses.inc();
        let hash = probe.hash;
        let loader = loop {
            match Self::claim(shard, Lookup { hash, key: &key }) {
                Claim::Ready(v) => return v,
                // `None`: the loader panicked; claim again.
                Claim::Wait(loader) => {
                    if let Some(v) = loader.wait() {
                        return v;
                    }
                }
                Claim::Run(loader) => break loader,
            }
        };
        let guard = LoadGuard {
            shard,
            key: Lookup { hash, key: &key },
            loader: &loader,
        };
        let value = f();
        std::mem::forget(guard);
        let weight = self.weigh(&key, &value);
        let evicted = {
            let mut map = shard.map.write();
            map.end_load(Lookup { hash, key: &key });
            map.insert(hash, key, value.clone(), weight).1
        };
        shard.evictions.add(evicted);
        loader.finish(Some(value.clone()));
        value
    }

    /// Under the write lock: the value if it arrived, else the in-flight
    /// load to wait for, else a new load for us to run.
    fn claim(shard: &Shard<K, V>, key: Lookup<'_, K>) -> Claim<V> {
        let mut map = shard.map.write();
        if let Some(v) = map.find(key) {
            return Claim::Ready(v.clone());
        }
        if let Some(in_flight) = map.loading.find(key.hash, |l| l.key == *key.key) {
            return Claim::Wait(Arc::clone(&in_flight.loader));
        }
        let loader = Arc::new(Loader::new());
        let in_flight = InFlight {
            hash: key.hash,
            key: key.key.clone(),
            loader: Arc::clone(&loader),
        };
        map.loading.insert_unique(key.hash, in_flight, |l| l.hash);
        Claim::Run(loader)
    }

    /// The number of entries (a sum over shards, each read at a slightly
    /// different moment).
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.map.read().ring.len()).sum()
    }

    /// Whether the cache holds no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The capacity given at construction: the most entries, or with a
    /// weigher the most total weight (saturating at `usize::MAX`).
    pub fn capacity(&self) -> usize {
        usize::try_from(self.capacity).unwrap_or(usize::MAX)
    }

    /// The sum of the entries' weights (their number, without a weigher);
    /// never above the capacity.
    pub fn weighted_size(&self) -> u64 {
        self.shards.iter().map(|s| s.map.read().weight).sum()
    }

    /// The heaviest entry the cache admits: one shard's share of the
    /// capacity (the smallest share, when they differ).
    pub fn max_entry_weight(&self) -> u64 {
        self.capacity / self.shards.len() as u64
    }

    /// Removes every entry (loads in flight still complete and insert).
    pub fn clear(&self) {
        for shard in self.shards.iter() {
            shard.map.write().clear();
        }
    }

    /// The hit, miss and eviction counts so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.get(),
            misses: self.misses.get(),
            evictions: self.shards.iter().map(|s| s.evictions.get()).sum(),
        }
    }
}

impl<K, V, S> fmt::Debug for ConcurrentCache<K, V, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConcurrentCache")
            .field("capacity", &self.capacity)
            .field("shards", &self.shards.len())
            .finish_non_exhaustive()
    }
}
