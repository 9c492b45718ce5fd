//! The inner lock: which lock implementation the facade's
//! [`Mutex`](crate::Mutex) and [`RwLock`](crate::RwLock) wrap by default
//! (their *backend*).
//!
//! | build | inner lock |
//! | --- | --- |
//! | `--cfg loom` | loom's locks (through `fearless_core::sync`), so models check code that uses the facade |
//! | feature `parking_lot` (default) | `parking_lot::{Mutex, RwLock}` |
//! | otherwise (feature `std`, default features off) | std's locks (through `fearless_core::sync`) |
//! | under Miri | std's locks: parking_lot_core's parking queue casts integers to pointers, which Miri's strict-provenance mode rejects |
//!
//! If both `parking_lot` and `std` are enabled, **parking_lot wins**: it is
//! the richer backend (it adds `upgradable_read`), so enabling a feature
//! somewhere in the dependency graph never takes an API away from a crate
//! that relies on it. To get std's locks, turn default features off.
//!
//! Every backend is also reachable explicitly through the facade's second
//! type parameter, e.g. `Mutex<T, parking_lot::Mutex<T>>`, which is how the
//! benches compare the facade on each backend in one build.

/// The default backend of [`Mutex`](crate::Mutex).
#[cfg(all(feature = "parking_lot", not(loom), not(miri)))]
pub type DefaultMutex<T> = parking_lot::Mutex<T>;
/// The default backend of [`RwLock`](crate::RwLock).
#[cfg(all(feature = "parking_lot", not(loom), not(miri)))]
pub type DefaultRwLock<T> = parking_lot::RwLock<T>;

/// The default backend of [`Mutex`](crate::Mutex).
#[cfg(not(all(feature = "parking_lot", not(loom), not(miri))))]
pub type DefaultMutex<T> = fearless_core::sync::Mutex<T>;
/// The default backend of [`RwLock`](crate::RwLock).
#[cfg(not(all(feature = "parking_lot", not(loom), not(miri))))]
pub type DefaultRwLock<T> = fearless_core::sync::RwLock<T>;

/// The name of the default inner lock: `"parking_lot"`, `"std"` or `"loom"`.
pub const DEFAULT_INNER_LOCK: &str = if cfg!(loom) {
    "loom"
} else if cfg!(all(feature = "parking_lot", not(miri))) {
    "parking_lot"
} else {
    "std"
};
