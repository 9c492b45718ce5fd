//! A lock-free histogram of `u64` values with log-linear buckets.
//!
//! Models: `tests/models.rs`, module `histogram` (loom);
//! `tests/shuttle_models.rs`,
//! `snapshots_racing_three_recorders_are_consistent_and_complete`.
//!
//! # Design
//!
//! Writers never lock and never wait. To still give snapshots a consistent
//! cut, the histogram keeps two *sides* (bucket counts, sum, min, max and a
//! completion count each) and a `ticket` word whose top bit names the *hot*
//! side and whose low 63 bits count the records ever started. The scheme is
//! the hot/cold double buffer of the Prometheus Go client.
//!
//! - `record` takes a ticket (one `fetch_add`), which both counts the record
//!   as started and tells it which side is hot; it updates that side, then
//!   bumps the side's completion count.
//! - `snapshot`, under a mutex that only snapshots take, flips the top bit
//!   with one `fetch_add`. The returned word says how many records started
//!   on the old side; every later record goes to the other side. It waits
//!   until the old side's completion count reaches that number (writers
//!   already inside `record` finish in a few instructions), then drains the
//!   now quiescent side into a plain accumulator kept under the mutex and
//!   returns a copy of the accumulator.
//!
//! Because the flip is a single read-modify-write on the ticket word, it
//! splits all records into those whose ticket came before it (entirely in
//! this snapshot) and those after (entirely in later ones): a snapshot is
//! the exact result of a prefix of the records in ticket order.

use core::fmt;

use crossbeam_utils::CachePadded;
use fearless_core::sync::Mutex;
use fearless_core::sync::atomic::{AtomicU64, Ordering};

use crate::bucket_layout::{BucketLayout, DEFAULT_PRECISION, MAX_PRECISION};
use crate::histogram_snapshot::HistogramSnapshot;

/// The hot-side bit of the ticket word.
const HOT_BIT: u64 = 1 << 63;
/// The started-records count of the ticket word.
const STARTED_MASK: u64 = HOT_BIT - 1;

/// A histogram of `u64` values (latencies in nanoseconds, sizes in bytes)
/// that many threads record into without locks, with a bounded relative
/// error.
///
/// # Buckets and error
/// Buckets are log-linear: with precision `k` (default 6), every value below
/// `2^(k+1)` is counted exactly, and each range `[2^e, 2^(e+1))` above that
/// is split into `2^k` equal buckets. A quantile is reported as the midpoint
/// of its bucket, clamped to the observed `[min, max]`, so it is within a
/// relative error of `2^-(k+1)` of the exact quantile of the recorded values:
/// **at most 0.78% for the default**, 0.39% at precision 7, and so on. The
/// whole `u64` range is covered; the default layout has 3776 buckets (two
/// copies, see below: about 60 KiB).
///
/// # Snapshots taken while writers run
/// [`snapshot`](Self::snapshot) may run at any time, from any thread, while
/// other threads record. Every snapshot is the exact summary of a prefix of
/// all records, in the order in which they took their tickets:
/// - every record that *finished* before `snapshot` was called is included;
///   every record that *started* after `snapshot` returned is not;
/// - a record that overlaps the snapshot is either included entirely (its
///   bucket, its sum, its min and max) or not at all;
/// - hence `count` equals the sum of the bucket counts, `sum`, `min` and
///   `max` are those of exactly the included records, and each thread's
///   records are included in program order (if one is, every earlier one of
///   the same thread is too);
/// - successive snapshots never go backwards: each includes everything the
///   previous one did.
///
/// The price: `snapshot` waits for records already in flight to finish (a
/// few instructions each) and takes a mutex that only snapshots use. The
/// record path never locks or waits.
///
/// The `sum` wraps on overflow of `u64`; so does the started-records
/// counter, after 2^63 records (three centuries at a billion per second).
///
/// # Orderings
/// - `record` takes its ticket with `Acquire`: it synchronizes with the
///   `Release` flip of the snapshot that made its side hot, so the zeroing
///   of that side by the previous drain happens before this record writes
///   to it.
/// - The side's buckets, sum, min and max are updated with `Relaxed`
///   read-modify-writes; then the completion count is bumped with `Release`,
///   which publishes them.
/// - `snapshot` loads the completion count with `Acquire` until it equals the
///   number of tickets of the old side, so every write of those records
///   happens before the drain reads and zeroes the side (`Relaxed`: nothing
///   else writes a quiescent side).
/// - The flip is `Release`, for the first point above. The mutex orders
///   snapshots among themselves.
///
/// ```
/// use fearless_atomics::Histogram;
///
/// let latency_ns = Histogram::new();
/// for v in 1..=1000 {
///     latency_ns.record(v * 1000);
/// }
/// latency_ns.record_n(5_000_000, 10);
///
/// let s = latency_ns.snapshot();
/// assert_eq!(s.count(), 1010);
/// assert_eq!(s.min(), Some(1000));
/// assert_eq!(s.max(), Some(5_000_000));
/// let median = s.quantile(0.5)?;
/// assert!(median.abs_diff(505_000) <= 505_000 / 128);
/// # Ok::<(), fearless_atomics::QuantileError>(())
/// ```
pub struct Histogram {
    layout: BucketLayout,
    /// Bit 63: the hot side. Bits 0..63: records ever started (wrapping).
    ticket: CachePadded<AtomicU64>,
    sides: [Side; 2],
    /// Everything drained so far, and the started count at the last flip.
    drained: Mutex<Drained>,
}

/// One of the two copies that writers fill alternately.
struct Side {
    buckets: Box<[AtomicU64]>,
    /// The scalars every record updates, on one cache line of their own.
    totals: CachePadded<Totals>,
}

struct Totals {
    sum: AtomicU64,
    min: AtomicU64,
    max: AtomicU64,
    /// Records of the current epoch that have finished writing this side.
    completed: AtomicU64,
}

/// The accumulator behind the snapshot mutex.
struct Drained {
    buckets: Vec<u64>,
    sum: u64,
    min: u64,
    max: u64,
    /// The started-records count at the last flip.
    started: u64,
}

/// The error of [`Histogram::with_precision`]: the precision is above the
/// largest supported, [`Histogram::MAX_PRECISION`].
///
/// ```
/// use fearless_atomics::{Histogram, InvalidPrecision};
///
/// assert_eq!(Histogram::with_precision(11).err(), Some(InvalidPrecision(11)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct InvalidPrecision(pub u32);

impl fmt::Display for InvalidPrecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "histogram precision {} is above the maximum of {}",
            self.0, MAX_PRECISION
        )
    }
}

impl std::error::Error for InvalidPrecision {}

impl Side {
    fn new(len: usize) -> Self {
        Self {
            buckets: (0..len).map(|_| AtomicU64::new(0)).collect(),
            totals: CachePadded::new(Totals {
                sum: AtomicU64::new(0),
                min: AtomicU64::new(u64::MAX),
                max: AtomicU64::new(0),
                completed: AtomicU64::new(0),
            }),
        }
    }
}

impl Histogram {
    /// The default precision (sub-bucket bits): quantiles within 0.78%.
    pub const DEFAULT_PRECISION: u32 = DEFAULT_PRECISION;

    /// The largest precision [`with_precision`](Self::with_precision)
    /// accepts: 56 320 buckets per side, quantiles within 0.05%.
    pub const MAX_PRECISION: u32 = MAX_PRECISION;

    /// An empty histogram with the default precision (quantiles within
    /// 2^-7 = 0.78%).
    pub fn new() -> Self {
        Self::build(BucketLayout::new(DEFAULT_PRECISION))
    }

    /// An empty histogram with `2^precision` sub-buckets per power of two:
    /// quantiles within a relative error of `2^-(precision + 1)`, and
    /// `(65 - precision) << precision` buckets. Precision `0` gives one
    /// bucket per power of two. Above [`MAX_PRECISION`](Self::MAX_PRECISION)
    /// the answer is [`InvalidPrecision`].
    ///
    /// ```
    /// use fearless_atomics::Histogram;
    ///
    /// let h = Histogram::with_precision(8)?;
    /// assert_eq!(h.max_relative_error(), 1.0 / 512.0);
    /// # Ok::<(), fearless_atomics::InvalidPrecision>(())
    /// ```
    pub fn with_precision(precision: u32) -> Result<Self, InvalidPrecision> {
        if precision > MAX_PRECISION {
            Err(InvalidPrecision(precision))
        } else {
            Ok(Self::build(BucketLayout::new(precision)))
        }
    }

    fn build(layout: BucketLayout) -> Self {
        Self {
            layout,
            ticket: CachePadded::new(AtomicU64::new(0)),
            sides: [Side::new(layout.len()), Side::new(layout.len())],
            drained: Mutex::new(Drained {
                buckets: vec![0; layout.len()],
                sum: 0,
                min: u64::MAX,
                max: 0,
                started: 0,
            }),
        }
    }

    /// The precision (sub-bucket bits) of this histogram.
    pub fn precision(&self) -> u32 {
        self.layout.precision()
    }

    /// The worst relative error of a quantile estimate, `2^-(precision+1)`.
    pub fn max_relative_error(&self) -> f64 {
        1.0 / f64::from(1u32 << (self.layout.precision() + 1))
    }

    /// Records one occurrence of `v`.
    #[inline]
    pub fn record(&self, v: u64) {
        self.record_n(v, 1);
    }

    /// Records `n` occurrences of `v` as one atomic step (a snapshot sees all
    /// `n` or none). `n == 0` records nothing and leaves min and max alone.
    #[inline]
    pub fn record_n(&self, v: u64, n: u64) {
        if n == 0 {
            return;
        }
        let index = self.layout.index_of(v);
        // Acquire: pairs with the Release flip that made this side hot, so
        // the previous drain's zeroing happens before the writes below.
        let ticket = self.ticket.fetch_add(1, Ordering::Acquire);
        let side = &self.sides[(ticket >> 63) as usize];
        // Relaxed (these four): published by the Release on `completed`.
        side.buckets[index].fetch_add(n, Ordering::Relaxed);
        let totals = &*side.totals;
        totals.sum.fetch_add(v.wrapping_mul(n), Ordering::Relaxed);
        // Skip the write when the extreme already covers `v` (the usual
        // case); the load is a hint, the RMW is the atomic step.
        if v < totals.min.load(Ordering::Relaxed) {
            totals.min.fetch_min(v, Ordering::Relaxed);
        }
        if v > totals.max.load(Ordering::Relaxed) {
            totals.max.fetch_max(v, Ordering::Relaxed);
        }
        // Release: publishes the updates above to the snapshot that Acquires
        // this count.
        totals.completed.fetch_add(1, Ordering::Release);
    }

    /// A consistent summary of a prefix of the records: see the type's docs
    /// for exactly which records it includes while writers run.
    ///
    /// ```
    /// use fearless_atomics::Histogram;
    ///
    /// let h = Histogram::new();
    /// assert!(h.snapshot().is_empty());
    /// h.record(42);
    /// let s = h.snapshot();
    /// assert_eq!((s.count(), s.sum(), s.mean()), (1, 42, Some(42.0)));
    /// ```
    pub fn snapshot(&self) -> HistogramSnapshot {
        // Poisoning: nothing between lock and unlock can panic, so the state
        // is whole; recover rather than propagate.
        let mut drained = self.drained.lock().unwrap_or_else(|e| e.into_inner());
        // Release: pairs with the writers' Acquire tickets; the last drain of
        // the side that becomes hot happened before this (program order or
        // the mutex).
        let ticket = self.ticket.fetch_add(HOT_BIT, Ordering::Release);
        let old = &self.sides[(ticket >> 63) as usize];
        let started = ticket & STARTED_MASK;
        let expected = started.wrapping_sub(drained.started) & STARTED_MASK;
        drained.started = started;

        let totals = &*old.totals;
        let mut spins = 0u32;
        // Acquire: synchronizes with the Release bump of every record that
        // took a ticket on this side (their bumps form one release sequence).
        while totals.completed.load(Ordering::Acquire) != expected {
            spins += 1;
            if spins < 64 {
                fearless_core::sync::hint::spin_loop();
            } else {
                // A writer was preempted mid-record: let it run.
                fearless_core::sync::thread::yield_now();
            }
        }

        // The old side is quiescent until the next flip, which happens after
        // this drain: Relaxed loads and stores suffice (see the type's docs).
        if expected > 0 {
            for (slot, bucket) in drained.buckets.iter_mut().zip(old.buckets.iter()) {
                let c = bucket.load(Ordering::Relaxed);
                if c != 0 {
                    *slot = slot.wrapping_add(c);
                    bucket.store(0, Ordering::Relaxed);
                }
            }
            drained.sum = drained.sum.wrapping_add(totals.sum.load(Ordering::Relaxed));
            drained.min = drained.min.min(totals.min.load(Ordering::Relaxed));
            drained.max = drained.max.max(totals.max.load(Ordering::Relaxed));
            totals.sum.store(0, Ordering::Relaxed);
            totals.min.store(u64::MAX, Ordering::Relaxed);
            totals.max.store(0, Ordering::Relaxed);
            totals.completed.store(0, Ordering::Relaxed);
        }

        HistogramSnapshot::new(
            self.layout,
            &drained.buckets,
            drained.sum,
            drained.min,
            drained.max,
        )
    }
}

impl Default for Histogram {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Histogram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Histogram")
            .field("precision", &self.layout.precision())
            .finish_non_exhaustive()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn record_n_zero_records_nothing() {
        let h = Histogram::new();
        h.record_n(7, 0);
        let s = h.snapshot();
        assert!(s.is_empty());
        assert_eq!((s.min(), s.max()), (None, None));
    }
}
