//! The statistics of per-round ratios.

/// The `q`-quantile of sorted `v`, by nearest rank.
///
/// # Panics
/// If `v` is empty.
///
/// ```
/// use fearless_bench_support::stats::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.5), 3.0);
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.25), 2.0);
/// ```
pub fn quantile(v: &[f64], q: f64) -> f64 {
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// Median, quartiles and the median's 95% confidence interval of a sorted
/// sample of per-round ratios.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The median ratio.
    pub median: f64,
    /// The first quartile.
    pub q1: f64,
    /// The third quartile.
    pub q3: f64,
    /// The median's 95% confidence interval.
    pub ci: (f64, f64),
    /// How many rounds.
    pub rounds: usize,
}

impl Summary {
    /// Summarizes `sorted`, which must be sorted ascending.
    ///
    /// The interval is distribution-free, by order statistics: the ranks
    /// n/2 -+ 0.98 sqrt(n) of the sorted ratios (the normal approximation
    /// of the binomial). It assumes independent rounds, so it says how well
    /// one run pins its median, not how much the next run may differ.
    ///
    /// # Panics
    /// If `sorted` is empty.
    ///
    /// ```
    /// use fearless_bench_support::stats::Summary;
    /// let v: Vec<f64> = (1..=100).map(f64::from).collect();
    /// let s = Summary::of(&v);
    /// assert_eq!(s.median, 51.0);
    /// assert!(s.ci.0 < s.median && s.median < s.ci.1);
    /// assert_eq!(s.rounds, 100);
    /// ```
    pub fn of(sorted: &[f64]) -> Summary {
        let len = sorted.len() as f64;
        let half = 0.98 * len.sqrt();
        let lo = (len / 2.0 - half).floor().max(0.0) as usize;
        let hi = ((len / 2.0 + half).ceil() as usize).min(sorted.len() - 1);
        Summary {
            median: quantile(sorted, 0.5),
            q1: quantile(sorted, 0.25),
            q3: quantile(sorted, 0.75),
            ci: (sorted[lo], sorted[hi]),
            rounds: sorted.len(),
        }
    }

    /// `  1.15  1.11-1.19  1.12-1.18 `: median, IQR, 95% CI, for a table.
    pub fn cells(&self) -> String {
        format!(
            "{:>6.2} {:>5.2}-{:<5.2} {:>5.2}-{:<5.2}",
            self.median, self.q1, self.q3, self.ci.0, self.ci.1
        )
    }
}
