//! Why a [`Registry`](crate::Registry) refused a registration.

use core::fmt;

/// The kind of a registered metric, as Prometheus names it in `# TYPE`.
///
/// ```
/// use fearless_atomics::MetricKind;
///
/// assert_eq!(MetricKind::Histogram.as_str(), "histogram");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricKind {
    /// A [`Counter`](crate::Counter).
    Counter,
    /// A [`Gauge`](crate::Gauge).
    Gauge,
    /// A [`Histogram`](crate::Histogram).
    Histogram,
}

impl MetricKind {
    /// The Prometheus type name: `counter`, `gauge` or `histogram`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
            Self::Histogram => "histogram",
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a [`Registry`](crate::Registry) refused to register or look up a
/// metric. Each variant carries the offending name.
///
/// ```
/// use fearless_atomics::{MetricKind, Registry, RegistryError};
///
/// let r = Registry::new();
/// r.counter("jobs_total", "Jobs run.")?;
/// assert_eq!(
///     r.gauge("jobs_total", "Jobs run.").err(),
///     Some(RegistryError::KindMismatch {
///         name: "jobs_total".into(),
///         registered: MetricKind::Counter,
///         requested: MetricKind::Gauge,
///     })
/// );
/// assert!(matches!(
///     r.counter("9lives", "").err(),
///     Some(RegistryError::InvalidMetricName { .. })
/// ));
/// # Ok::<(), RegistryError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// The metric name does not match `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    InvalidMetricName {
        /// The name asked for.
        name: String,
    },
    /// A label name does not match `[a-zA-Z_][a-zA-Z0-9_]*`, starts with the
    /// reserved `__`, or is `le` on a histogram (where the bucket label
    /// needs it).
    InvalidLabelName {
        /// The label name given.
        name: String,
    },
    /// The same label name was given twice for one series.
    DuplicateLabel {
        /// The repeated label name.
        name: String,
    },
    /// The name is already registered as a metric of another kind.
    KindMismatch {
        /// The metric name.
        name: String,
        /// The kind it is registered as.
        registered: MetricKind,
        /// The kind asked for.
        requested: MetricKind,
    },
    /// The metric would write samples with the same name as an existing
    /// one: a histogram `x` writes `x_bucket`, `x_sum` and `x_count`, so a
    /// counter named `x_count` cannot live next to it.
    NameCollision {
        /// The metric name asked for.
        name: String,
        /// The registered metric whose samples it would clash with.
        existing: String,
    },
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidMetricName { name } => {
                write!(f, "{name:?} is not a valid Prometheus metric name")
            }
            Self::InvalidLabelName { name } => {
                write!(f, "{name:?} is not a valid or allowed label name")
            }
            Self::DuplicateLabel { name } => write!(f, "label {name:?} is given twice"),
            Self::KindMismatch {
                name,
                registered,
                requested,
            } => write!(
                f,
                "metric {name:?} is registered as a {registered}, not a {requested}"
            ),
            Self::NameCollision { name, existing } => write!(
                f,
                "metric {name:?} would write samples named like those of {existing:?}"
            ),
        }
    }
}

impl std::error::Error for RegistryError {}
