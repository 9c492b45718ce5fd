//! The server's metrics: registered once at start-up, updated lock-free.

use fearless::atomics::{Counter, Gauge, Histogram, Registry, RegistryError};
use fearless::sync::Arc;

/// The routes the server counts requests for.
pub const ROUTES: [&str; 5] = ["/metrics", "/work", "/config", "/cache", "other"];

/// The statuses the server answers with.
pub const STATUSES: [u16; 8] = [200, 400, 404, 405, 408, 413, 500, 503];

/// Where an answer with a status outside [`STATUSES`] is counted.
const OTHER_STATUS: usize = 6; // 500

/// Request counts by route and status, the in-flight gauge and the latency
/// histogram, all living in one [`Registry`].
///
/// Every series is registered up front, so the request path only touches
/// atomics: a lookup by name would take the registry's lock.
pub struct ServerMetrics {
    registry: Registry,
    requests: Vec<Arc<Counter>>,
    in_flight: Arc<Gauge>,
    latency_us: Arc<Histogram>,
}

impl ServerMetrics {
    /// Registers every series.
    pub fn new() -> Result<Self, RegistryError> {
        let registry = Registry::new();
        let mut requests = Vec::with_capacity(ROUTES.len() * STATUSES.len());
        for route in ROUTES {
            for status in STATUSES {
                requests.push(registry.counter_with_labels(
                    "http_requests_total",
                    "HTTP requests answered, by route and status.",
                    &[("route", route), ("status", &status.to_string())],
                )?);
            }
        }
        let in_flight = registry.gauge(
            "http_requests_in_flight",
            "Requests accepted and not yet answered.",
        )?;
        let latency_us = registry.histogram(
            "http_request_duration_microseconds",
            "Time from accepting a request to answering it, in microseconds.",
        )?;
        Ok(Self {
            registry,
            requests,
            in_flight,
            latency_us,
        })
    }

    /// The index of `route` in [`ROUTES`] (unknown routes count as `other`).
    pub fn route_index(route: &str) -> usize {
        ROUTES
            .iter()
            .position(|r| *r == route)
            .unwrap_or(ROUTES.len() - 1)
    }

    /// Counts one answered request.
    pub fn record(&self, route: usize, status: u16, latency_us: u64) {
        let status = STATUSES
            .iter()
            .position(|s| *s == status)
            .unwrap_or(OTHER_STATUS);
        self.requests[route * STATUSES.len() + status].inc();
        self.latency_us.record(latency_us);
    }

    /// The in-flight gauge.
    pub fn in_flight(&self) -> &Gauge {
        &self.in_flight
    }

    /// Every request answered so far, whatever its route and status.
    pub fn total_requests(&self) -> u64 {
        self.requests.iter().map(|c| c.get()).sum()
    }

    /// Requests answered with `status`, over every route.
    pub fn requests_with_status(&self, status: u16) -> u64 {
        let Some(s) = STATUSES.iter().position(|x| *x == status) else {
            return 0;
        };
        (0..ROUTES.len())
            .map(|r| self.requests[r * STATUSES.len() + s].get())
            .sum()
    }

    /// The Prometheus text exposition of every metric.
    pub fn render(&self) -> String {
        self.registry.render_prometheus()
    }
}
