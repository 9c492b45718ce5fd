//! The log-linear bucket layout of [`Histogram`](crate::Histogram).
//!
//! With `k` sub-bucket bits, every value below `2^(k+1)` has a bucket of its
//! own, and each power-of-two range `[2^e, 2^(e+1))` above that is cut into
//! `2^k` equal sub-buckets of width `2^(e-k)` (the scheme of HdrHistogram).
//! A bucket's width is therefore at most `2^-k` of its lower bound, and its
//! midpoint is within `2^-(k+1)` of any value in it, relative to that value.
//!
//! Index arithmetic: for `v < 2^k`, the index is `v`; otherwise, with
//! `e = floor(log2 v)` and `shift = e - k`, it is `(shift << k) + (v >> shift)`.
//! The two formulas agree on `[2^k, 2^(k+1))` (where `shift = 0`), and the
//! whole `u64` range needs `(65 - k) << k` buckets.

/// Sub-bucket bits of the default layout: 3776 buckets, quantiles within
/// 2^-7 (0.78%).
#[cfg(not(loom))]
pub(crate) const DEFAULT_PRECISION: u32 = 6;

/// Under loom every bucket is a modelled atomic, and thousands of them make
/// an application's model (one that records latencies through a registry)
/// intractable: the default is one bucket per power of two there. The
/// precision changes only how values are binned, not the orderings that the
/// models check.
#[cfg(loom)]
pub(crate) const DEFAULT_PRECISION: u32 = 0;

/// The largest accepted precision (56 320 buckets).
pub(crate) const MAX_PRECISION: u32 = 10;

/// Maps values to bucket indices and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BucketLayout {
    bits: u32,
}

impl BucketLayout {
    /// The layout with `bits` sub-bucket bits; the caller checked the range.
    pub(crate) const fn new(bits: u32) -> Self {
        Self { bits }
    }

    /// Sub-bucket bits.
    pub(crate) const fn precision(self) -> u32 {
        self.bits
    }

    /// How many buckets cover `0..=u64::MAX`.
    pub(crate) const fn len(self) -> usize {
        (65 - self.bits as usize) << self.bits
    }

    /// The bucket of `v`.
    #[inline]
    pub(crate) const fn index_of(self, v: u64) -> usize {
        let top = 63 - (v | 1).leading_zeros(); // floor(log2 v); 0 for v = 0
        let shift = top.saturating_sub(self.bits);
        ((shift as usize) << self.bits) + (v >> shift) as usize
    }

    /// The smallest and largest value of bucket `index` (both inclusive).
    pub(crate) const fn bounds(self, index: usize) -> (u64, u64) {
        let shift = (index >> self.bits).saturating_sub(1) as u32;
        let mantissa = (index - ((shift as usize) << self.bits)) as u64;
        let low = mantissa << shift;
        (low, low + ((1u64 << shift) - 1))
    }

    /// The value that stands for bucket `index` in estimates: its midpoint
    /// (rounded down), within `2^-(k+1)` of every value in it, relatively.
    pub(crate) const fn midpoint(self, index: usize) -> u64 {
        let (low, high) = self.bounds(index);
        low + (high - low) / 2
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn indices_are_contiguous_and_bounds_invert_them() {
        for bits in [0, 1, 3, DEFAULT_PRECISION] {
            let layout = BucketLayout::new(bits);
            let mut expected_low = 0u64;
            for index in 0..layout.len() {
                let (low, high) = layout.bounds(index);
                assert_eq!(low, expected_low, "bits {bits} index {index}");
                assert!(high >= low);
                assert_eq!(layout.index_of(low), index);
                assert_eq!(layout.index_of(high), index);
                // Relative width at most 2^-bits.
                assert!(((high - low) as u128) << bits <= low.max(1) as u128);
                expected_low = high.wrapping_add(1);
            }
            assert_eq!(expected_low, 0, "the last bucket ends at u64::MAX");
            assert_eq!(layout.index_of(u64::MAX), layout.len() - 1);
        }
    }

    #[test]
    fn powers_of_two_start_buckets() {
        let layout = BucketLayout::new(DEFAULT_PRECISION);
        for j in 0..64 {
            let v = 1u64 << j;
            assert_eq!(layout.bounds(layout.index_of(v)).0, v);
        }
    }
}
