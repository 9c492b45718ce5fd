//! A one-way flag that tells cooperating threads to stop.
//!
//! Models: `tests/models.rs`, module `stop_flag`.

use fearless_core::sync::atomic::{AtomicBool, Ordering};

/// A one-way "stop now" flag for cooperative cancellation.
///
/// # Orderings
/// [`stop`](Self::stop) stores with `Release` and
/// [`is_stopped`](Self::is_stopped) loads with `Acquire`, so everything a
/// thread wrote before calling `stop` (an error value, a partial result) is
/// visible to any thread that then sees `is_stopped() == true`.
///
/// ```
/// use fearless_atomics::StopFlag;
///
/// let stop = StopFlag::new();
/// let rounds = std::thread::scope(|s| {
///     let worker = s.spawn(|| {
///         let mut rounds = 0u64;
///         while !stop.is_stopped() {
///             rounds += 1;
///             std::thread::yield_now();
///         }
///         rounds
///     });
///     stop.stop();
///     worker.join().unwrap()
/// });
/// assert!(stop.is_stopped());
/// # let _ = rounds;
/// ```
#[derive(Debug, Default)]
pub struct StopFlag {
    stopped: AtomicBool,
}

impl StopFlag {
    /// A flag that is not yet stopped.
    pub fn new() -> Self {
        Self::default()
    }

    /// Raises the flag. Idempotent.
    #[inline]
    pub fn stop(&self) {
        // Release: publishes every write made before `stop` to the thread
        // whose Acquire load in `is_stopped` reads `true`.
        self.stopped.store(true, Ordering::Release);
    }

    /// Whether [`stop`](Self::stop) has been called (and, if so, everything
    /// written before it is visible to the caller).
    #[inline]
    pub fn is_stopped(&self) -> bool {
        // Acquire: pairs with the Release store in `stop`.
        self.stopped.load(Ordering::Acquire)
    }
}
