//! Interleaved A B B A rounds: a baseline against each other variant.
//!
//! Criterion measures one variant for seconds, then the next; on a shared
//! machine the speed drifts between those windows by more than the
//! differences a bench is after. Here each round runs the baseline (A) and
//! one variant (B) in the order A B B A, so a drift that is linear over a
//! round hits both sides equally, and the bench reports the median of the
//! per-round ratios `(B1 + B2) / (A1 + A2)` (see [`crate::stats`]).
//!
//! A variant is a name and a closure that does one run and returns what it
//! cost: `K` measures, each "lower is better" (wall seconds; CPU seconds; ...),
//! so one round yields `K` ratios. [`Variant::timed`] covers the common case,
//! one run timed by the wall clock.

use std::time::{Duration, Instant};

use crate::stats::{Summary, quantile};

/// One competitor: a name and a closure that does one run and returns its
/// `K` costs.
pub struct Variant<'a, const K: usize = 1> {
    /// How reports call it.
    pub name: String,
    run: Box<dyn FnMut() -> [f64; K] + 'a>,
}

impl<'a, const K: usize> Variant<'a, K> {
    /// A variant whose run returns its own costs.
    pub fn new(name: impl Into<String>, run: impl FnMut() -> [f64; K] + 'a) -> Self {
        Variant {
            name: name.into(),
            run: Box::new(run),
        }
    }

    /// Does one run and returns its costs.
    pub fn run(&mut self) -> [f64; K] {
        (self.run)()
    }
}

impl<'a> Variant<'a, 1> {
    /// A variant whose cost is the wall time of one call of `run`, in
    /// seconds.
    pub fn timed(name: impl Into<String>, mut run: impl FnMut() + 'a) -> Self {
        Variant::new(name, move || {
            let start = Instant::now();
            run();
            [start.elapsed().as_secs_f64()]
        })
    }
}

/// How long to warm up and to measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rounds {
    /// Before measuring, every variant runs in turn until this has passed
    /// (each at least once).
    pub warm_up: Duration,
    /// Each pair (baseline, variant) is measured for this long...
    pub budget: Duration,
    /// ...and for at least this many rounds (at least one).
    pub min_rounds: usize,
}

/// What the rounds of the baseline against one variant found.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison<const K: usize = 1> {
    /// The variant's name (B).
    pub name: String,
    /// Per cost, the baseline's runs in these rounds, sorted.
    pub baseline: [Vec<f64>; K],
    /// Per cost, the variant's runs, sorted.
    pub variant: [Vec<f64>; K],
    /// Per cost, the per-round ratios variant / baseline (> 1: the
    /// baseline costs less).
    pub ratio: [Summary; K],
}

impl<const K: usize> Comparison<K> {
    /// The baseline's median run, per cost.
    pub fn baseline_median(&self) -> [f64; K] {
        std::array::from_fn(|k| quantile(&self.baseline[k], 0.5))
    }

    /// The variant's median run, per cost.
    pub fn variant_median(&self) -> [f64; K] {
        std::array::from_fn(|k| quantile(&self.variant[k], 0.5))
    }
}

impl Rounds {
    /// Warms up, then measures `variants[0]` (the baseline) against each
    /// other variant in A B B A rounds, one pair after the other. Returns
    /// one [`Comparison`] per variant after the first.
    ///
    /// # Panics
    /// If `variants` is empty.
    ///
    /// ```
    /// use std::time::Duration;
    /// use fearless_bench_support::rounds::{Rounds, Variant};
    ///
    /// let mut slow = 0u64;
    /// let mut fast = 0u64;
    /// let mut variants = [
    ///     Variant::new("fast", || { fast += 1; [1.0] }),
    ///     Variant::new("slow", || { slow += 1; [2.0] }),
    /// ];
    /// let rounds = Rounds { warm_up: Duration::ZERO, budget: Duration::ZERO, min_rounds: 5 };
    /// let found = rounds.run(&mut variants);
    /// assert_eq!(found[0].name, "slow");
    /// assert_eq!(found[0].ratio[0].median, 2.0);
    /// assert_eq!(found[0].ratio[0].rounds, 5);
    /// drop(variants);
    /// assert_eq!((fast, slow), (1 + 10, 1 + 10)); // one warm-up run each
    /// ```
    pub fn run<const K: usize>(&self, variants: &mut [Variant<'_, K>]) -> Vec<Comparison<K>> {
        let (baseline, others) = variants.split_first_mut().expect("a baseline");
        let clock = Instant::now();
        loop {
            baseline.run();
            for other in others.iter_mut() {
                other.run();
            }
            if clock.elapsed() >= self.warm_up {
                break;
            }
        }
        others
            .iter_mut()
            .map(|other| self.pair(baseline, other))
            .collect()
    }

    /// The A B B A rounds of `a` against `b`.
    fn pair<const K: usize>(
        &self,
        a: &mut Variant<'_, K>,
        b: &mut Variant<'_, K>,
    ) -> Comparison<K> {
        let mut ratios: [Vec<f64>; K] = std::array::from_fn(|_| Vec::new());
        let mut baseline: [Vec<f64>; K] = std::array::from_fn(|_| Vec::new());
        let mut variant: [Vec<f64>; K] = std::array::from_fn(|_| Vec::new());
        let clock = Instant::now();
        let mut rounds = 0;
        while rounds < self.min_rounds.max(1) || clock.elapsed() < self.budget {
            rounds += 1;
            let a1 = a.run();
            let b1 = b.run();
            let b2 = b.run();
            let a2 = a.run();
            for k in 0..K {
                ratios[k].push((b1[k] + b2[k]) / (a1[k] + a2[k]));
                baseline[k].extend([a1[k], a2[k]]);
                variant[k].extend([b1[k], b2[k]]);
            }
        }
        for v in ratios.iter_mut().chain(&mut baseline).chain(&mut variant) {
            v.sort_by(f64::total_cmp);
        }
        Comparison {
            name: b.name.clone(),
            baseline,
            variant,
            ratio: ratios.map(|r| Summary::of(&r)),
        }
    }
}
