//! Reading criterion's own result files, not its terminal output.
//!
//! For every benchmark criterion (0.5 to 0.8) writes
//! `<criterion home>/<group>/<function>/<value>/new/benchmark.json` (the id:
//! group, function, parameter value, throughput) and `.../new/estimates.json`
//! (bootstrap estimates of the mean, median, MAD, ... in nanoseconds per
//! iteration, each with a confidence interval). The previous run's files move
//! to `base/`, so `new/` always holds the latest measurement; the file's
//! modification time says when it was taken.

use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// How much work one iteration does, as criterion's `Throughput`.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum Throughput {
    /// Bytes per iteration, reported in binary units (KiB/s).
    Bytes(u64),
    /// Bytes per iteration, reported in decimal units (kB/s).
    BytesDecimal(u64),
    /// Elements (operations) per iteration.
    Elements(u64),
    /// Bits per iteration (criterion 0.6 and later).
    Bits(u64),
    /// Elements and bytes per iteration (criterion 0.6 and later); the
    /// elements are the primary measure, as in criterion's own report.
    ElementsAndBytes {
        /// Elements per iteration.
        elements: u64,
        /// Bytes per iteration.
        bytes: u64,
    },
}

impl Throughput {
    /// The amount of work per iteration.
    pub fn count(self) -> u64 {
        match self {
            Throughput::Bytes(n)
            | Throughput::BytesDecimal(n)
            | Throughput::Elements(n)
            | Throughput::Bits(n) => n,
            Throughput::ElementsAndBytes { elements, .. } => elements,
        }
    }

    /// Whether two throughputs are in the same unit (so rates compare).
    pub fn same_unit(self, other: Throughput) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

/// `benchmark.json`: which benchmark a directory holds.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct BenchmarkJson {
    /// The `benchmark_group` name (or the `bench_function` name outside a group).
    pub group_id: String,
    /// The function inside the group; the variant being compared.
    pub function_id: Option<String>,
    /// The parameter of `BenchmarkId::new(_, parameter)`, e.g. a thread count.
    pub value_str: Option<String>,
    /// The group's `Throughput`, if it set one.
    pub throughput: Option<Throughput>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
struct ConfidenceInterval {
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Clone, Copy, Debug, Deserialize)]
struct Estimate {
    confidence_interval: ConfidenceInterval,
    point_estimate: f64,
}

/// `estimates.json`: the statistics we use (criterion writes more).
#[derive(Clone, Copy, Debug, Deserialize)]
struct EstimatesJson {
    mean: Estimate,
    median: Estimate,
    median_abs_dev: Estimate,
}

/// One benchmark's result, in nanoseconds per iteration.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// Its id.
    pub id: BenchmarkJson,
    /// The median time per iteration.
    pub median_ns: f64,
    /// A range around the median: criterion's confidence interval of the
    /// median for one run, or the range of the medians over several rounds.
    pub spread_ns: (f64, f64),
    /// The median absolute deviation of the per-iteration times.
    pub mad_ns: f64,
    /// The mean time per iteration.
    pub mean_ns: f64,
    /// When it was measured (the modification time of `estimates.json`).
    pub measured_at: SystemTime,
}

impl Measurement {
    /// The variant's name: the function id, or the group id for a lone
    /// `bench_function`.
    pub fn variant(&self) -> &str {
        self.id.function_id.as_deref().unwrap_or(&self.id.group_id)
    }
}

/// Parses the two files of one benchmark.
pub fn parse(
    benchmark_json: &str,
    estimates_json: &str,
    measured_at: SystemTime,
) -> Result<Measurement, String> {
    let id: BenchmarkJson =
        serde_json::from_str(benchmark_json).map_err(|e| format!("benchmark.json: {e}"))?;
    let est: EstimatesJson =
        serde_json::from_str(estimates_json).map_err(|e| format!("estimates.json: {e}"))?;
    let median = est.median;
    if !(median.point_estimate.is_finite() && median.point_estimate > 0.0) {
        return Err(format!(
            "estimates.json: median {} is not a positive time",
            median.point_estimate
        ));
    }
    Ok(Measurement {
        id,
        median_ns: median.point_estimate,
        spread_ns: (
            median.confidence_interval.lower_bound,
            median.confidence_interval.upper_bound,
        ),
        mad_ns: est.median_abs_dev.point_estimate,
        mean_ns: est.mean.point_estimate,
        measured_at,
    })
}

/// Reads one `.../new/` directory.
pub fn read_one(new_dir: &Path) -> Result<Measurement, String> {
    let read = |name: &str| {
        let path = new_dir.join(name);
        fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let estimates = new_dir.join("estimates.json");
    let measured_at = fs::metadata(&estimates)
        .and_then(|m| m.modified())
        .map_err(|e| format!("{}: {e}", estimates.display()))?;
    parse(
        &read("benchmark.json")?,
        &read("estimates.json")?,
        measured_at,
    )
    .map_err(|e| format!("{}: {e}", new_dir.display()))
}

/// Every `new/` directory below `criterion_home` that holds a
/// `benchmark.json`, sorted. Baselines (`base/`, named baselines) are skipped.
pub fn result_dirs(criterion_home: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![criterion_home.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") {
                if path.join("benchmark.json").is_file() {
                    out.push(path);
                }
            } else {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Every result below `criterion_home` measured at or after `since`; files
/// that cannot be read or parsed are reported as warnings and skipped.
pub fn read_since(criterion_home: &Path, since: SystemTime) -> (Vec<Measurement>, Vec<String>) {
    let mut found = Vec::new();
    let mut warnings = Vec::new();
    for dir in result_dirs(criterion_home) {
        match read_one(&dir) {
            Ok(m) if m.measured_at >= since => found.push(m),
            Ok(_) => {}
            Err(e) => warnings.push(e),
        }
    }
    (found, warnings)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::time::Duration;

    /// A `benchmark.json` as criterion 0.5 writes it.
    pub const BENCHMARK: &str = r#"{"group_id":"increments","function_id":"sharded","value_str":"2","throughput":{"Elements":1000},"full_id":"increments/sharded/2","directory_name":"increments/sharded/2","title":"increments/sharded/2"}"#;

    /// The matching `estimates.json` (trimmed to two decimals).
    pub const ESTIMATES: &str = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":1010.5,"upper_bound":1090.25},"point_estimate":1050.0,"standard_error":20.1},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":990.0,"upper_bound":1020.0},"point_estimate":1000.0,"standard_error":8.0},"median_abs_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":10.0,"upper_bound":30.0},"point_estimate":20.0,"standard_error":5.0},"slope":null,"std_dev":{"confidence_interval":{"confidence_level":0.95,"lower_bound":40.0,"upper_bound":90.0},"point_estimate":60.0,"standard_error":12.0}}"#;

    #[test]
    fn parses_criterion_files() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(7);
        let m = parse(BENCHMARK, ESTIMATES, at).unwrap();
        assert_eq!(m.id.group_id, "increments");
        assert_eq!(m.variant(), "sharded");
        assert_eq!(m.id.value_str.as_deref(), Some("2"));
        assert_eq!(m.id.throughput, Some(Throughput::Elements(1000)));
        assert_eq!(m.median_ns, 1000.0);
        assert_eq!(m.spread_ns, (990.0, 1020.0));
        assert_eq!(m.mad_ns, 20.0);
        assert_eq!(m.mean_ns, 1050.0);
        assert_eq!(m.measured_at, at);
    }

    #[test]
    fn lone_bench_function_has_no_function_or_throughput() {
        let lone = r#"{"group_id":"parse","function_id":null,"value_str":null,"throughput":null,"full_id":"parse","directory_name":"parse","title":"parse"}"#;
        let m = parse(lone, ESTIMATES, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(m.variant(), "parse");
        assert_eq!(m.id.throughput, None);
        let bytes = r#"{"group_id":"g","function_id":"f","value_str":null,"throughput":{"BytesDecimal":64}}"#;
        let m = parse(bytes, ESTIMATES, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(m.id.throughput, Some(Throughput::BytesDecimal(64)));
        let both = r#"{"group_id":"g","function_id":"f","value_str":null,"throughput":{"ElementsAndBytes":{"elements":10,"bytes":640}}}"#;
        let m = parse(both, ESTIMATES, SystemTime::UNIX_EPOCH).unwrap();
        assert_eq!(m.id.throughput.map(Throughput::count), Some(10));
    }

    #[test]
    fn malformed_files_are_errors_not_panics() {
        let at = SystemTime::UNIX_EPOCH;
        assert!(
            parse("{", ESTIMATES, at)
                .unwrap_err()
                .contains("benchmark.json")
        );
        assert!(
            parse(BENCHMARK, "{}", at)
                .unwrap_err()
                .contains("estimates.json")
        );
        let zero = ESTIMATES.replace("\"point_estimate\":1000.0", "\"point_estimate\":0.0");
        assert!(
            parse(BENCHMARK, &zero, at)
                .unwrap_err()
                .contains("positive")
        );
    }

    #[test]
    fn finds_only_new_results_written_since_a_time() {
        let root = std::env::temp_dir().join(format!("xtask-crit-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        for sub in ["g/f/1/new", "g/f/1/base", "g/report"] {
            let d = root.join(sub);
            fs::create_dir_all(&d).unwrap();
            fs::write(d.join("benchmark.json"), BENCHMARK).unwrap();
            fs::write(d.join("estimates.json"), ESTIMATES).unwrap();
        }
        let dirs = result_dirs(&root);
        assert_eq!(dirs, vec![root.join("g/f/1/new")]);
        let (all, warnings) = read_since(&root, SystemTime::UNIX_EPOCH);
        assert_eq!((all.len(), warnings.len()), (1, 0));
        let future = SystemTime::now() + Duration::from_secs(3600);
        assert!(read_since(&root, future).0.is_empty());
        fs::write(root.join("g/f/1/new/estimates.json"), "not json").unwrap();
        let (all, warnings) = read_since(&root, SystemTime::UNIX_EPOCH);
        assert_eq!((all.len(), warnings.len()), (0, 1));
        fs::remove_dir_all(&root).unwrap();
    }
}
