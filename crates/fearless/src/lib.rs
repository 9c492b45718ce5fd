//! Memory-safe concurrency, model-checked.
//!
//! `fearless` is the facade over the fearless crates: each technique lives
//! in a focused crate that an application can depend on alone, and this
//! crate re-exports every one of them behind a cargo feature (all on by
//! default), plus a [`prelude`] with the types and traits most programs use.
//!
//! | module | crate | feature |
//! | --- | --- | --- |
//! | [`sync`], [`model`] | `fearless-core` | always |
//! | `atomics` | `fearless-atomics` | `atomics` |
//! | `channels` | `fearless-channels` | `channels` |
//! | `locks` | `fearless-locks` | `locks` |
//! | `scoped` | `fearless-scoped` | `scoped` |
//! | `par` | `fearless-par` | `par` |
//!
//! ```
//! # #[cfg(all(feature = "atomics", feature = "channels", feature = "locks"))] {
//! use fearless::prelude::*;
//!
//! let hits = Counter::new();
//! let config = ConfigCell::new(String::from("v1"));
//! let (tx, rx) = fearless::channels::bounded(4);
//! std::thread::scope(|s| {
//!     s.spawn(|| {
//!         for i in 0..3u64 {
//!             tx.send(i).unwrap();
//!             hits.inc();
//!         }
//!     });
//! });
//! config.store(String::from("v2"));
//! assert_eq!(rx.try_iter().sum::<u64>(), 3);
//! assert_eq!(hits.get(), 3);
//! assert_eq!(*config.load(), "v2");
//! # }
//! ```
#![forbid(unsafe_code)]

pub use fearless_core::{model, model_with_preemptions, sync};

/// The common traits every backend implements (`fearless-core`).
pub mod traits {
    pub use fearless_core::traits::*;
}

/// Lock-free metrics: counters, gauges, histograms, a Prometheus registry
/// (`fearless-atomics`).
#[cfg(feature = "atomics")]
pub use fearless_atomics as atomics;

/// The MPMC channel, select and the worker pool (`fearless-channels`).
#[cfg(feature = "channels")]
pub use fearless_channels as channels;

/// One lock API over std, parking_lot and loom, and read-mostly structures
/// (`fearless-locks`).
#[cfg(feature = "locks")]
pub use fearless_locks as locks;

/// Parallel work over borrowed data (`fearless-scoped`).
#[cfg(feature = "scoped")]
pub use fearless_scoped as scoped;

/// The work-stealing pool and parallel iterators (`fearless-par`).
#[cfg(feature = "par")]
pub use fearless_par as par;

/// The workspace's tour of the techniques (docs/tour.md, linked into this
/// crate as tour.md so that the published package carries it), compiled
/// here so that every example in it runs as a doc test, and every
/// `compile_fail` counter-example is proven not to compile.
#[cfg(all(doctest, feature = "full"))]
#[doc = include_str!("../tour.md")]
pub struct Tour;

/// The types and traits most programs use, in one `use`.
pub mod prelude {
    pub use fearless_core::{Executor, Lock, ReadWriteLock, SharedCounter};

    #[cfg(feature = "atomics")]
    pub use fearless_atomics::{
        Counter, Gauge, Histogram, MaxGauge, MinGauge, Registry, ShardedCounter, StopFlag,
    };

    #[cfg(feature = "channels")]
    pub use fearless_channels::{Receiver, Select, Sender};

    #[cfg(feature = "locks")]
    pub use fearless_locks::{ConcurrentCache, ConfigCell, Mutex, RwLock, ShardedRwLock};

    // Scoped threads do not exist under loom (shuttle has them), so
    // neither does `Parallel`.
    #[cfg(all(feature = "scoped", any(not(loom), shuttle)))]
    pub use fearless_scoped::Parallel;
}
