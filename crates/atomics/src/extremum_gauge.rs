//! Gauges that remember the largest or smallest value observed.
//!
//! Models: `tests/models.rs`, module `extremum_gauge`.

use fearless_core::sync::atomic::{AtomicU64, Ordering};

/// The largest `u64` observed since creation or the last
/// [`reset`](Self::reset): peak queue depth, slowest request.
///
/// Before any observation (and right after a reset) [`get`](Self::get)
/// returns `0`, the identity of `max` over `u64`: "nothing larger than zero
/// has been seen". Observing `0` is therefore indistinguishable from
/// observing nothing, which is what a peak of non-negative quantities means.
///
/// # Orderings
/// `observe` first loads the current maximum (`Relaxed`) and returns at once
/// if `v` is not larger, so the common case of a value below the peak reads
/// a shared cache line without writing it. Otherwise it raises the maximum
/// with one atomic `fetch_max` (`Relaxed`): concurrent observers can never
/// lower it, and the loss of a stale first load costs only a redundant
/// `fetch_max`. `reset` is an atomic `swap`, so every observation lands
/// either before it (and in the value it returns) or after it. Nothing else
/// is published through the gauge, hence `Relaxed` throughout.
///
/// ```
/// use fearless_atomics::MaxGauge;
///
/// let peak = MaxGauge::new();
/// assert_eq!(peak.get(), 0);
/// for depth in [3, 9, 4] {
///     peak.observe(depth);
/// }
/// assert_eq!(peak.reset(), 9);
/// assert_eq!(peak.get(), 0);
/// ```
#[derive(Debug)]
pub struct MaxGauge {
    value: AtomicU64,
}

impl MaxGauge {
    /// The value [`get`](Self::get) returns before any observation.
    pub const EMPTY: u64 = 0;

    /// A gauge with nothing observed.
    pub fn new() -> Self {
        Self {
            value: AtomicU64::new(Self::EMPTY),
        }
    }

    /// Records `v`: the gauge becomes `max(current, v)`.
    #[inline]
    pub fn observe(&self, v: u64) {
        // Relaxed: a hint only; `fetch_max` below is the atomic step.
        if v > self.value.load(Ordering::Relaxed) {
            // Relaxed: an atomic RMW, so no larger value can be lost.
            self.value.fetch_max(v, Ordering::Relaxed);
        }
    }

    /// The largest value observed, or [`EMPTY`](Self::EMPTY) (`0`).
    #[inline]
    pub fn get(&self) -> u64 {
        // Relaxed: see the type's docs.
        self.value.load(Ordering::Relaxed)
    }

    /// Starts over with nothing observed and returns the maximum so far.
    pub fn reset(&self) -> u64 {
        // Relaxed: the swap is atomic, which splits observations exactly.
        self.value.swap(Self::EMPTY, Ordering::Relaxed)
    }
}

impl Default for MaxGauge {
    fn default() -> Self {
        Self::new()
    }
}

/// The smallest `u64` observed since creation or the last
/// [`reset`](Self::reset): fastest request, lowest free space.
///
/// Before any observation (and right after a reset) [`get`](Self::get)
/// returns `u64::MAX`, the identity of `min` over `u64`; compare with
/// [`MinGauge::EMPTY`] to tell "nothing observed" apart, keeping in mind that
/// observing `u64::MAX` itself looks the same.
///
/// # Orderings
/// The mirror image of [`MaxGauge`]: a `Relaxed` load that skips the write
/// when `v` is not smaller, then one `Relaxed` `fetch_min`; `reset` is a
/// `Relaxed` `swap`. No other data is published.
///
/// ```
/// use fearless_atomics::MinGauge;
///
/// let fastest = MinGauge::new();
/// assert_eq!(fastest.get(), MinGauge::EMPTY);
/// fastest.observe(120);
/// fastest.observe(80);
/// fastest.observe(95);
/// assert_eq!(fastest.get(), 80);
/// assert_eq!(fastest.reset(), 80);
/// assert_eq!(fastest.get(), u64::MAX);
/// ```
#[derive(Debug)]
pub struct MinGauge {
    value: AtomicU64,
}

impl MinGauge {
    /// The value [`get`](Self::get) returns before any observation.
    pub const EMPTY: u64 = u64::MAX;

    /// A gauge with nothing observed.
    pub fn new() -> Self {
        Self {
            value: AtomicU64::new(Self::EMPTY),
        }
    }

    /// Records `v`: the gauge becomes `min(current, v)`.
    #[inline]
    pub fn observe(&self, v: u64) {
        // Relaxed: a hint only; `fetch_min` below is the atomic step.
        if v < self.value.load(Ordering::Relaxed) {
            // Relaxed: an atomic RMW, so no smaller value can be lost.
            self.value.fetch_min(v, Ordering::Relaxed);
        }
    }

    /// The smallest value observed, or [`EMPTY`](Self::EMPTY) (`u64::MAX`).
    #[inline]
    pub fn get(&self) -> u64 {
        // Relaxed: see the type's docs.
        self.value.load(Ordering::Relaxed)
    }

    /// Starts over with nothing observed and returns the minimum so far.
    pub fn reset(&self) -> u64 {
        // Relaxed: the swap is atomic, which splits observations exactly.
        self.value.swap(Self::EMPTY, Ordering::Relaxed)
    }
}

impl Default for MinGauge {
    fn default() -> Self {
        Self::new()
    }
}
