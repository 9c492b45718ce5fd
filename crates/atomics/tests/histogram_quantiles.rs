//! Histogram quantiles stay within the documented relative error of the
//! exact nearest-rank quantile of a sorted reference.
#![cfg(not(loom))]

use fearless_atomics::Histogram;
use proptest::prelude::*;
use rand::{Rng, SeedableRng, rngs::StdRng};

/// The exact nearest-rank quantile: rank max(1, ceil(q n)).
fn reference(sorted: &[u64], q: f64) -> u64 {
    let n = sorted.len() as u64;
    let rank = ((q * n as f64).ceil() as u64).clamp(1, n);
    sorted[(rank - 1) as usize]
}

/// |estimate - exact| <= exact * 2^-(precision + 1), in integers.
fn within_error(estimate: u64, exact: u64, precision: u32) -> bool {
    (u128::from(estimate.abs_diff(exact)) << (precision + 1)) <= u128::from(exact)
}

const QS: [f64; 11] = [
    0.0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0,
];

fn check(values: &[u64], precision: u32) -> Result<(), TestCaseError> {
    let h = Histogram::with_precision(precision).unwrap();
    for &v in values {
        h.record(v);
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let s = h.snapshot();
    prop_assert_eq!(s.count(), values.len() as u64);
    prop_assert_eq!(s.min(), sorted.first().copied());
    prop_assert_eq!(s.max(), sorted.last().copied());
    for q in QS {
        let estimate = s.quantile(q).unwrap();
        let exact = reference(&sorted, q);
        prop_assert!(
            within_error(estimate, exact, precision),
            "q={} estimate={} exact={} precision={}",
            q,
            estimate,
            exact,
            precision
        );
    }
    Ok(())
}

/// Values spread over many orders of magnitude, as latencies are.
fn log_uniform() -> impl Strategy<Value = u64> {
    (0u32..64, any::<u64>()).prop_map(|(bits, r)| if bits == 0 { 0 } else { r >> (64 - bits) })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn default_precision_quantiles_within_0_78_percent(
        values in prop::collection::vec(log_uniform(), 1..2000)
    ) {
        check(&values, Histogram::DEFAULT_PRECISION)?;
    }

    #[test]
    fn any_precision_quantiles_within_documented_error(
        values in prop::collection::vec(any::<u64>(), 1..500),
        precision in 0u32..=Histogram::MAX_PRECISION,
    ) {
        check(&values, precision)?;
    }
}

#[test]
fn large_random_sample_is_within_one_percent() {
    let mut rng = StdRng::seed_from_u64(0x5eed);
    // A latency-like mix: a body around 200 us and a long tail.
    let values: Vec<u64> = (0..200_000)
        .map(|_| {
            if rng.gen_bool(0.95) {
                rng.gen_range(150_000..250_000)
            } else {
                rng.gen_range(1_000_000..50_000_000)
            }
        })
        .collect();
    check(&values, Histogram::DEFAULT_PRECISION).unwrap();
    let h = Histogram::new();
    assert!(h.max_relative_error() <= 0.01);
}

#[test]
fn mean_and_sum_are_exact() {
    let h = Histogram::new();
    let values = [1u64, 10, 100, 1_000, 123_456_789];
    for v in values {
        h.record(v);
    }
    let s = h.snapshot();
    assert_eq!(s.sum(), values.iter().sum::<u64>());
    assert_eq!(s.mean(), Some(values.iter().sum::<u64>() as f64 / 5.0));
}
