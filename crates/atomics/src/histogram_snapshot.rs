//! A point-in-time summary of a [`Histogram`](crate::Histogram).

use core::fmt;

use crate::bucket_layout::BucketLayout;

/// A consistent summary of the values recorded into a
/// [`Histogram`](crate::Histogram) (see its docs for which records a
/// snapshot taken while writers run includes).
///
/// An empty snapshot has `count() == 0`, `sum() == 0`, no `min`, `max` or
/// `mean` (`None`), and every quantile is [`QuantileError::Empty`].
///
/// ```
/// use fearless_atomics::{Histogram, QuantileError};
///
/// let h = Histogram::new();
/// for v in [10, 20, 30, 40] {
///     h.record(v);
/// }
/// let s = h.snapshot();
/// assert_eq!(s.count(), 4);
/// assert_eq!(s.sum(), 100);
/// assert_eq!(s.mean(), Some(25.0));
/// assert_eq!(s.quantile(0.0), Ok(10));
/// assert_eq!(s.quantile(0.5), Ok(20));
/// assert_eq!(s.quantile(1.0), Ok(40));
/// assert_eq!(s.quantile(1.5), Err(QuantileError::OutOfRange(1.5)));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HistogramSnapshot {
    layout: BucketLayout,
    /// The non-empty buckets: (index, count), by increasing index.
    buckets: Vec<(usize, u64)>,
    count: u64,
    sum: u64,
    min: u64,
    max: u64,
}

/// One non-empty bucket of a [`HistogramSnapshot`]: `count` values were
/// recorded in `low..=high`.
///
/// ```
/// use fearless_atomics::Histogram;
///
/// let h = Histogram::new();
/// h.record_n(3, 2);
/// let b = h.snapshot().buckets().next().unwrap();
/// assert_eq!((b.low, b.high, b.count), (3, 3, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    /// The smallest value of the bucket.
    pub low: u64,
    /// The largest value of the bucket (inclusive).
    pub high: u64,
    /// How many recorded values fell in it.
    pub count: u64,
}

/// Why [`HistogramSnapshot::quantile`] has no answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum QuantileError {
    /// The quantile asked for is outside `[0, 1]`, or NaN.
    OutOfRange(f64),
    /// The snapshot holds no values, so no quantile exists.
    Empty,
}

impl fmt::Display for QuantileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OutOfRange(q) => write!(f, "quantile {q} is not in [0, 1]"),
            Self::Empty => f.write_str("an empty histogram has no quantiles"),
        }
    }
}

impl std::error::Error for QuantileError {}

impl HistogramSnapshot {
    pub(crate) fn new(layout: BucketLayout, counts: &[u64], sum: u64, min: u64, max: u64) -> Self {
        let buckets: Vec<(usize, u64)> = counts
            .iter()
            .enumerate()
            .filter(|&(_, &c)| c != 0)
            .map(|(i, &c)| (i, c))
            .collect();
        let count = buckets.iter().fold(0u64, |n, &(_, c)| n.wrapping_add(c));
        Self {
            layout,
            buckets,
            count,
            sum,
            min,
            max,
        }
    }

    /// How many values were recorded (always the sum of the bucket counts).
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Whether no value was recorded.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The sum of the recorded values, wrapping on overflow of `u64`.
    pub fn sum(&self) -> u64 {
        self.sum
    }

    /// The smallest recorded value (exact), or `None` if empty.
    pub fn min(&self) -> Option<u64> {
        (!self.is_empty()).then_some(self.min)
    }

    /// The largest recorded value (exact), or `None` if empty.
    pub fn max(&self) -> Option<u64> {
        (!self.is_empty()).then_some(self.max)
    }

    /// `sum / count`, or `None` if empty. Exact up to `f64` rounding, unless
    /// the sum wrapped.
    pub fn mean(&self) -> Option<f64> {
        (!self.is_empty()).then(|| self.sum as f64 / self.count as f64)
    }

    /// An estimate of the `q`-quantile (`0.5` is the median) with the
    /// histogram's documented relative error (at most 0.78% by default).
    ///
    /// The quantile is the nearest-rank one: the value of rank
    /// `max(1, ceil(q * count))` among the recorded values in increasing
    /// order. `quantile(0.0)` is the exact minimum and `quantile(1.0)` the
    /// exact maximum; in between, the answer is the midpoint of the bucket
    /// holding that rank, clamped to `[min, max]`.
    ///
    /// # Errors
    /// [`QuantileError::OutOfRange`] if `q` is outside `[0, 1]` or NaN;
    /// [`QuantileError::Empty`] if nothing was recorded.
    ///
    /// ```
    /// use fearless_atomics::{Histogram, QuantileError};
    ///
    /// let h = Histogram::new();
    /// assert_eq!(h.snapshot().quantile(0.5), Err(QuantileError::Empty));
    /// h.record(1_000_000);
    /// let s = h.snapshot();
    /// assert_eq!(s.quantile(0.99), Ok(1_000_000)); // clamped to min/max
    /// assert!(s.quantile(f64::NAN).is_err());
    /// ```
    pub fn quantile(&self, q: f64) -> Result<u64, QuantileError> {
        if !(0.0..=1.0).contains(&q) {
            return Err(QuantileError::OutOfRange(q));
        }
        if self.is_empty() {
            return Err(QuantileError::Empty);
        }
        if q == 0.0 {
            return Ok(self.min);
        }
        if q == 1.0 {
            return Ok(self.max);
        }
        // `ceil` of a product of a finite q and a u64 fits back in u64.
        let rank = ((q * self.count as f64).ceil() as u64).clamp(1, self.count);
        let mut seen = 0u64;
        for &(index, c) in &self.buckets {
            seen += c;
            if seen >= rank {
                return Ok(self.layout.midpoint(index).clamp(self.min, self.max));
            }
        }
        // Unreachable: the counts sum to `count >= rank`.
        Ok(self.max)
    }

    /// The non-empty buckets, by increasing value.
    pub fn buckets(&self) -> impl Iterator<Item = Bucket> + '_ {
        self.buckets.iter().map(|&(index, count)| {
            let (low, high) = self.layout.bounds(index);
            Bucket { low, high, count }
        })
    }

    /// Cumulative counts at power-of-two boundaries: for `j` in `0..64`,
    /// `(2^j - 1, number of values <= 2^j - 1)`. The counts are exact (every
    /// power of two starts a bucket), and together with the total
    /// [`count`](Self::count) (the `+Inf` bucket) they are the `le` buckets of
    /// a Prometheus histogram.
    ///
    /// ```
    /// use fearless_atomics::Histogram;
    ///
    /// let h = Histogram::new();
    /// for v in [0, 1, 2, 3, 100] {
    ///     h.record(v);
    /// }
    /// let s = h.snapshot();
    /// let le: Vec<(u64, u64)> = s.cumulative_buckets().take(4).collect();
    /// assert_eq!(le, [(0, 1), (1, 2), (3, 4), (7, 4)]);
    /// assert_eq!(s.cumulative_buckets().last(), Some(((1 << 63) - 1, 5)));
    /// ```
    pub fn cumulative_buckets(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        let mut next = self.buckets.iter().peekable();
        let mut total = 0u64;
        (0..64u32).map(move |j| {
            let bound = (1u64 << j) - 1;
            while let Some(&&(index, c)) = next.peek() {
                if self.layout.bounds(index).0 > bound {
                    break;
                }
                total += c;
                next.next();
            }
            (bound, total)
        })
    }
}

impl fmt::Debug for HistogramSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HistogramSnapshot")
            .field("count", &self.count)
            .field("sum", &self.sum)
            .field("min", &self.min())
            .field("max", &self.max())
            .finish_non_exhaustive()
    }
}
