//! A signed value that goes up and down.
//!
//! Models: `tests/models.rs`, module `gauge`.

use fearless_core::sync::atomic::{AtomicI64, Ordering};

/// An `i64` that can be set, raised and lowered from any thread: queue
/// depths, connections open, bytes in flight.
///
/// All arithmetic wraps on overflow of `i64`, like the hardware instruction
/// it compiles to.
///
/// # Orderings
/// Every operation is `Relaxed`. `add` and `sub` are atomic read-modify-writes,
/// so concurrent changes are never lost; `set` and `get` are single atomic
/// stores and loads. A gauge publishes no other data, so it needs no
/// happens-before edge of its own; a reader that must see the changes of some
/// threads joins them (or synchronizes with them some other way) first.
///
/// ```
/// use fearless_atomics::Gauge;
///
/// let in_flight = Gauge::new();
/// in_flight.inc();
/// in_flight.add(4);
/// in_flight.dec();
/// in_flight.sub(10);
/// assert_eq!(in_flight.get(), -6);
/// in_flight.set(3);
/// assert_eq!(in_flight.get(), 3);
/// ```
#[derive(Debug, Default)]
pub struct Gauge {
    value: AtomicI64,
}

impl Gauge {
    /// A gauge at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Replaces the value.
    #[inline]
    pub fn set(&self, v: i64) {
        // Relaxed: a plain store; see the type's docs.
        self.value.store(v, Ordering::Relaxed);
    }

    /// Adds `n` (which may be negative), wrapping on overflow.
    #[inline]
    pub fn add(&self, n: i64) {
        // Relaxed: the RMW is atomic, so no concurrent change is lost.
        self.value.fetch_add(n, Ordering::Relaxed);
    }

    /// Subtracts `n`, wrapping on overflow.
    #[inline]
    pub fn sub(&self, n: i64) {
        // Relaxed: as in `add`.
        self.value.fetch_sub(n, Ordering::Relaxed);
    }

    /// Adds one.
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// Subtracts one.
    #[inline]
    pub fn dec(&self) {
        self.sub(1);
    }

    /// The current value.
    #[inline]
    pub fn get(&self) -> i64 {
        // Relaxed: see the type's docs.
        self.value.load(Ordering::Relaxed)
    }
}
