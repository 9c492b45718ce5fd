//! Keys that carry their hash, so a sharded map hashes each key once.
//!
//! [`ConcurrentCache`](crate::ConcurrentCache) hashes a key with its user's
//! hasher to pick a shard, and each shard's map must find the key again.
//! Hashing twice costs as much as the rest of a lookup, so the shard maps
//! are keyed by [`Hashed<K>`] (the key and the hash computed once) under a
//! [`PassThrough`] hasher that uses the stored hash as is.
//!
//! Lookups must work with a borrowed form of the key (`&str` for a
//! `String` key), without building a `Hashed<K>`. std's `HashMap::get`
//! accepts any `T` the stored key borrows as, so `Hashed<K>` borrows as the
//! trait object `dyn Probe<Q>` (a hash and a `&Q` to compare with), and a
//! lookup passes a [`Lookup`] (a hash and a borrowed key) as that same trait
//! object. Both hash by writing the stored hash and compare by key, so the
//! map's `Borrow` contract (equal values hash equally) holds whenever `K`'s
//! `Borrow<Q>` does.

use std::borrow::Borrow;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A key with its hash (from the cache's hasher).
pub(crate) struct Hashed<K> {
    pub(crate) hash: u64,
    pub(crate) key: K,
}

impl<K> Hashed<K> {
    /// How to look this key up in another map keyed by `Hashed<K>`.
    #[inline]
    pub(crate) fn lookup(&self) -> Lookup<'_, K> {
        Lookup {
            hash: self.hash,
            key: &self.key,
        }
    }
}

/// A hash and a borrowed key, to look a [`Hashed`] up by.
pub(crate) struct Lookup<'q, Q: ?Sized> {
    pub(crate) hash: u64,
    pub(crate) key: &'q Q,
}

impl<Q: ?Sized> Clone for Lookup<'_, Q> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Q: ?Sized> Copy for Lookup<'_, Q> {}

/// What both [`Hashed`] and [`Lookup`] look like to the map.
pub(crate) trait Probe<Q: ?Sized> {
    fn hash(&self) -> u64;
    fn key(&self) -> &Q;
}

impl<K: Borrow<Q>, Q: ?Sized> Probe<Q> for Hashed<K> {
    #[inline]
    fn hash(&self) -> u64 {
        self.hash
    }
    #[inline]
    fn key(&self) -> &Q {
        self.key.borrow()
    }
}

impl<Q: ?Sized> Probe<Q> for Lookup<'_, Q> {
    #[inline]
    fn hash(&self) -> u64 {
        self.hash
    }
    #[inline]
    fn key(&self) -> &Q {
        self.key
    }
}

impl<'a, Q: ?Sized> Lookup<'a, Q> {
    /// This lookup as the trait object the map's `get` takes.
    #[inline]
    pub(crate) fn probe(&self) -> &(dyn Probe<Q> + 'a) {
        self
    }
}

impl<'a, K: Borrow<Q> + 'a, Q: ?Sized + 'a> Borrow<dyn Probe<Q> + 'a> for Hashed<K> {
    #[inline]
    fn borrow(&self) -> &(dyn Probe<Q> + 'a) {
        self
    }
}

impl<K> Hash for Hashed<K> {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl<K: Eq> PartialEq for Hashed<K> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl<K: Eq> Eq for Hashed<K> {}

impl<Q: ?Sized> Hash for dyn Probe<Q> + '_ {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(Probe::hash(self));
    }
}

impl<Q: Eq + ?Sized> PartialEq for dyn Probe<Q> + '_ {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl<Q: Eq + ?Sized> Eq for dyn Probe<Q> + '_ {}

/// A hasher that returns the `u64` written to it: the maps keyed by
/// [`Hashed`] hash only its stored hash.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write_u64(&mut self, hash: u64) {
        self.0 = hash;
    }

    /// Not used by `Hashed` or `Probe` (they write one `u64`); folds the
    /// bytes in so that any other use still hashes.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

/// The `BuildHasher` of maps keyed by [`Hashed`].
pub(crate) type BuildPassThrough = BuildHasherDefault<PassThrough>;
