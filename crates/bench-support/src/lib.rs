//! What the workspace's interleaved A/B benches share (`harness = false`
//! benches that time two variants in alternating rounds instead of through
//! criterion, e.g. `fearless-locks`' `facade_overhead` and
//! `fearless-channels`' `versus`):
//!
//! - [`rounds`]: the A B B A runner: named variants, a closure each, a
//!   baseline measured against every other variant, per-round ratios;
//! - [`args`]: their command line, read the way criterion reads its own, so
//!   that `cargo bench` and `cargo xtask bench` can run them beside the
//!   criterion benches;
//! - [`stats`]: the median, quartiles and the median's confidence interval
//!   of the per-round ratios they report;
//! - [`load_average`]: the machine's load, which every report states.
//!
//! Internal to the workspace (`publish = false`); benches take it as a
//! dev-dependency.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod args;
pub mod rounds;
pub mod stats;

/// The 1, 5 and 15 minute load averages (`/proc/loadavg`), as "a b c", or
/// an empty string where the system does not say.
///
/// ```
/// let load = fearless_bench_support::load_average();
/// assert!(load.is_empty() || load.split(' ').count() == 3);
/// ```
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}
