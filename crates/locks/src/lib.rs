//! `fearless-locks`: one lock facade over std, parking_lot and loom, plus
//! read-mostly structures.
//!
//! - [`Mutex`] and [`RwLock`]: parking_lot's API on the backend the build
//!   selects (parking_lot by default, std with default features off, loom's
//!   automatically under `--cfg loom`; see [`inner_lock`]). They never fail on
//!   a panicked holder; [`Mutex::is_poisoned`] tells you it happened.
//! - [`ShardedRwLock`]: a reader-writer lock whose reads scale with cores.
//! - [`ConfigCell`]: read-mostly shared configuration with cheap snapshots
//!   and atomic updates.
//! - [`ConcurrentCache`]: a sharded, bounded cache with single-flight loads.
//!
//! Every lock implements [`fearless_core::Lock`] or
//! [`fearless_core::ReadWriteLock`], so generic code (the benches, the
//! tests) is written once for all of them.
//!
//! ```
//! use fearless_locks::{ConfigCell, Mutex, ShardedRwLock};
//!
//! let log = Mutex::new(Vec::new());
//! let limits = ShardedRwLock::new(10);
//! let cfg = ConfigCell::new("v1");
//! std::thread::scope(|s| {
//!     s.spawn(|| log.lock().push(*limits.read()));
//!     s.spawn(|| cfg.store("v2"));
//! });
//! assert_eq!(*log.lock(), [10]);
//! assert_eq!(*cfg.load(), "v2");
//! ```
//!
//! # What the types rule out
//!
//! A guard is released by the thread that took it (an OS mutex may only be
//! unlocked by its owner; parking_lot's guards keep the rule), so guards
//! are not `Send` on either backend: handing one to another thread does
//! not compile (E0277: the guard's marker field, a `*mut ()`, "cannot be
//! sent between threads safely").
//!
//! ```compile_fail,E0277
//! let total = fearless_locks::Mutex::new(0u64);
//! let guard = total.lock();
//! std::thread::scope(|s| {
//!     s.spawn(move || drop(guard)); // would unlock on another thread
//! });
//! ```
//!
//! Hand over what the guard protects instead:
//!
//! ```
//! let total = fearless_locks::Mutex::new(5u64);
//! let value = *total.lock(); // the guard is dropped here, where it was taken
//! std::thread::scope(|s| {
//!     s.spawn(move || assert_eq!(value, 5));
//! });
//! ```

pub mod cache;
pub mod config_cell;
mod guard;
pub mod inner_lock;
mod mutex;
mod poison;
mod rwlock;
mod shard_count;
mod shard_lock;
mod sharded_rwlock;

pub use cache::{CacheBuilder, CacheStats, ConcurrentCache, Weigher};
pub use config_cell::{ConfigCell, ConfigGuard};
pub use mutex::{Mutex, MutexGuard};
pub use rwlock::{RwLock, RwLockReadGuard, RwLockUpgradableReadGuard, RwLockWriteGuard};
pub use sharded_rwlock::{ShardedRwLock, ShardedRwLockReadGuard, ShardedRwLockWriteGuard};

#[cfg(all(test, not(loom)))]
mod tests;
