//! Named metrics and their Prometheus exposition.
//!
//! Models: `tests/models.rs`, module `registry`.

use core::fmt::{self, Write as _};
use std::collections::BTreeMap;

use fearless_core::sync::{Arc, RwLock};

use crate::prometheus_text::{
    is_valid_label_name, is_valid_metric_name, push_escaped_help, push_labels,
};
use crate::registry_error::{MetricKind, RegistryError};
use crate::{Counter, Gauge, Histogram};

/// A labelled series: label (name, value) pairs, sorted by name.
type LabelSet = Vec<(String, String)>;

/// A set of named metrics that renders itself in the Prometheus text format.
///
/// Metrics are grouped in *families*: one name, one kind, one help text, and
/// one *series* per distinct set of label values (for example
/// `http_requests_total{route="/work",status="200"}`). Asking for a series
/// that exists returns the same metric (`Arc::ptr_eq` holds), so callers on
/// different threads may all ask by name and share one metric.
///
/// # Locking
/// Registration and lookup by name take a read lock (a write lock for the
/// first registration of a series); [`render_prometheus`](Self::render_prometheus)
/// takes a read lock. Updating a metric through its handle never touches the
/// registry: hold the handle on hot paths, do not look it up per update.
///
/// # Errors
/// A name that is not a valid Prometheus metric name, a bad or duplicate
/// label name, a name already registered as another kind, or a name whose
/// samples would clash with another metric's (a histogram `x` writes
/// `x_bucket`, `x_sum`, `x_count`) gives a [`RegistryError`]. The help text
/// of the first registration of a family is kept; later ones are ignored.
///
/// ```
/// use fearless_atomics::Registry;
///
/// let registry = Registry::new();
/// let served = registry.counter_with_labels(
///     "http_requests_total",
///     "Requests served, by route and status.",
///     &[("route", "/work"), ("status", "200")],
/// )?;
/// served.inc();
/// let in_flight = registry.gauge("http_requests_in_flight", "Requests being served.")?;
/// in_flight.set(3);
///
/// let text = registry.render_prometheus();
/// assert!(text.contains("# TYPE http_requests_total counter\n"));
/// assert!(text.contains("http_requests_total{route=\"/work\",status=\"200\"} 1\n"));
/// assert!(text.contains("http_requests_in_flight 3\n"));
/// # Ok::<(), fearless_atomics::RegistryError>(())
/// ```
#[derive(Default)]
pub struct Registry {
    families: RwLock<BTreeMap<String, Family>>,
}

struct Family {
    kind: MetricKind,
    help: String,
    series: BTreeMap<LabelSet, Metric>,
}

#[derive(Clone)]
enum Metric {
    Counter(Arc<Counter>),
    Gauge(Arc<Gauge>),
    Histogram(Arc<Histogram>),
}

impl Metric {
    fn new(kind: MetricKind) -> Self {
        match kind {
            MetricKind::Counter => Self::Counter(Arc::new(Counter::new())),
            MetricKind::Gauge => Self::Gauge(Arc::new(Gauge::new())),
            MetricKind::Histogram => Self::Histogram(Arc::new(Histogram::new())),
        }
    }
}

/// The names of the samples a family writes.
fn sample_names(name: &str, kind: MetricKind) -> Vec<String> {
    match kind {
        MetricKind::Counter | MetricKind::Gauge => vec![name.to_owned()],
        MetricKind::Histogram => ["", "_bucket", "_sum", "_count"]
            .iter()
            .map(|suffix| format!("{name}{suffix}"))
            .collect(),
    }
}

/// Validates the labels and sorts them by name.
fn label_set(kind: MetricKind, labels: &[(&str, &str)]) -> Result<LabelSet, RegistryError> {
    let mut set: LabelSet = Vec::with_capacity(labels.len());
    for &(name, value) in labels {
        if !is_valid_label_name(name) || (kind == MetricKind::Histogram && name == "le") {
            return Err(RegistryError::InvalidLabelName { name: name.into() });
        }
        set.push((name.into(), value.into()));
    }
    set.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = set.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(RegistryError::DuplicateLabel {
            name: w[0].0.clone(),
        });
    }
    Ok(set)
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// The counter named `name` (no labels), registered with `help` if it is
    /// new.
    ///
    /// ```
    /// use fearless_atomics::Registry;
    /// use fearless_core::sync::Arc;
    ///
    /// let r = Registry::new();
    /// let a = r.counter("jobs_total", "Jobs run.")?;
    /// let b = r.counter("jobs_total", "ignored: the first help text stays")?;
    /// assert!(Arc::ptr_eq(&a, &b));
    /// # Ok::<(), fearless_atomics::RegistryError>(())
    /// ```
    pub fn counter(&self, name: &str, help: &str) -> Result<Arc<Counter>, RegistryError> {
        self.counter_with_labels(name, help, &[])
    }

    /// The gauge named `name` (no labels), registered with `help` if new.
    pub fn gauge(&self, name: &str, help: &str) -> Result<Arc<Gauge>, RegistryError> {
        self.gauge_with_labels(name, help, &[])
    }

    /// The histogram named `name` (no labels, default precision), registered
    /// with `help` if new.
    ///
    /// ```
    /// use fearless_atomics::Registry;
    ///
    /// let r = Registry::new();
    /// let latency = r.histogram("job_seconds", "Job latency.")?;
    /// latency.record(3);
    /// assert!(r.render_prometheus().contains("job_seconds_bucket{le=\"3\"} 1\n"));
    /// # Ok::<(), fearless_atomics::RegistryError>(())
    /// ```
    pub fn histogram(&self, name: &str, help: &str) -> Result<Arc<Histogram>, RegistryError> {
        self.histogram_with_labels(name, help, &[])
    }

    /// The series of counter family `name` with these label values
    /// (order does not matter), created if new.
    pub fn counter_with_labels(
        &self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
    ) -> Result<Arc<Counter>, RegistryError> {
        match self.series(name, help, MetricKind::Counter, labels)? {
            Metric::Counter(c) => Ok(c),
            _ => unreachable!("a counter family holds counters"),
        }
    }

    /// The series of gauge family `name` with these label values, created
    /// if new.
    pub fn gauge_with_labels(
        &self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
    ) -> Result<Arc<Gauge>, RegistryError> {
        match self.series(name, help, MetricKind::Gauge, labels)? {
            Metric::Gauge(g) => Ok(g),
            _ => unreachable!("a gauge family holds gauges"),
        }
    }

    /// The series of histogram family `name` with these label values,
    /// created if new. `le` is reserved for the bucket bound.
    pub fn histogram_with_labels(
        &self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
    ) -> Result<Arc<Histogram>, RegistryError> {
        match self.series(name, help, MetricKind::Histogram, labels)? {
            Metric::Histogram(h) => Ok(h),
            _ => unreachable!("a histogram family holds histograms"),
        }
    }

    fn series(
        &self,
        name: &str,
        help: &str,
        kind: MetricKind,
        labels: &[(&str, &str)],
    ) -> Result<Metric, RegistryError> {
        if !is_valid_metric_name(name) {
            return Err(RegistryError::InvalidMetricName { name: name.into() });
        }
        let labels = label_set(kind, labels)?;
        {
            // Fast path: the series exists. Poisoning: no code under these
            // locks panics midway through a change, so recover.
            let families = self.families.read().unwrap_or_else(|e| e.into_inner());
            if let Some(found) = Self::find(&families, name, kind, &labels)? {
                return Ok(found);
            }
        }
        let mut families = self.families.write().unwrap_or_else(|e| e.into_inner());
        // Re-check: another thread may have registered it in between.
        if let Some(found) = Self::find(&families, name, kind, &labels)? {
            return Ok(found);
        }
        if !families.contains_key(name) {
            let mine = sample_names(name, kind);
            for (other, family) in families.iter() {
                let theirs = sample_names(other, family.kind);
                if mine.iter().any(|s| theirs.contains(s)) {
                    return Err(RegistryError::NameCollision {
                        name: name.into(),
                        existing: other.clone(),
                    });
                }
            }
        }
        let family = families.entry(name.to_owned()).or_insert_with(|| Family {
            kind,
            help: help.to_owned(),
            series: BTreeMap::new(),
        });
        let metric = Metric::new(kind);
        family.series.insert(labels, metric.clone());
        Ok(metric)
    }

    /// The existing series, `None` if absent, an error on a kind mismatch.
    fn find(
        families: &BTreeMap<String, Family>,
        name: &str,
        kind: MetricKind,
        labels: &LabelSet,
    ) -> Result<Option<Metric>, RegistryError> {
        let Some(family) = families.get(name) else {
            return Ok(None);
        };
        if family.kind != kind {
            return Err(RegistryError::KindMismatch {
                name: name.into(),
                registered: family.kind,
                requested: kind,
            });
        }
        Ok(family.series.get(labels).cloned())
    }

    /// Every metric in the Prometheus text exposition format, version 0.0.4
    /// (serve it with `Content-Type: text/plain; version=0.0.4`).
    ///
    /// Families appear by name, each with `# HELP` (backslashes and line
    /// feeds escaped) and `# TYPE`, then one sample per series, by label
    /// values; label values are escaped (`\`, `"`, line feed). A histogram
    /// writes cumulative `_bucket` samples with `le` at `0, 1, 3, 7, ...,
    /// 2^63 - 1` (exact: each power of two starts one of its buckets) and
    /// `+Inf`, then `_sum` and `_count`, from one consistent snapshot.
    pub fn render_prometheus(&self) -> String {
        let families = self.families.read().unwrap_or_else(|e| e.into_inner());
        let mut out = String::new();
        for (name, family) in families.iter() {
            out.push_str("# HELP ");
            out.push_str(name);
            out.push(' ');
            push_escaped_help(&mut out, &family.help);
            out.push_str("\n# TYPE ");
            out.push_str(name);
            out.push(' ');
            out.push_str(family.kind.as_str());
            out.push('\n');
            for (labels, metric) in &family.series {
                match metric {
                    Metric::Counter(c) => sample(&mut out, name, labels, None, c.get()),
                    Metric::Gauge(g) => sample(&mut out, name, labels, None, g.get()),
                    Metric::Histogram(h) => {
                        let s = h.snapshot();
                        let bucket = format!("{name}_bucket");
                        let mut le = String::new();
                        for (bound, count) in s.cumulative_buckets() {
                            le.clear();
                            let _ = write!(le, "{bound}");
                            sample(&mut out, &bucket, labels, Some(("le", &le)), count);
                        }
                        sample(&mut out, &bucket, labels, Some(("le", "+Inf")), s.count());
                        sample(&mut out, &format!("{name}_sum"), labels, None, s.sum());
                        sample(&mut out, &format!("{name}_count"), labels, None, s.count());
                    }
                }
            }
        }
        out
    }
}

/// Appends one sample line.
fn sample(
    out: &mut String,
    name: &str,
    labels: &[(String, String)],
    extra: Option<(&str, &str)>,
    value: impl fmt::Display,
) {
    out.push_str(name);
    push_labels(out, labels, extra);
    // Writing to a String cannot fail.
    let _ = writeln!(out, " {value}");
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let families = self.families.read().unwrap_or_else(|e| e.into_inner());
        f.debug_map()
            .entries(
                families
                    .iter()
                    .map(|(name, family)| (name, (family.kind, family.series.len()))),
            )
            .finish()
    }
}
