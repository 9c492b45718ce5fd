//! Lock-free metrics for "millions of updates per second".
//!
//! Every update path here is a handful of atomic instructions: no locks, no
//! allocation, no waiting. Each type documents the memory orderings it uses
//! and why they suffice.
//!
//! | type | what | update cost |
//! | --- | --- | --- |
//! | [`Counter`] | monotonic `u64` | one relaxed `fetch_add` on a shared line |
//! | [`ShardedCounter`] | monotonic `u64`, one cache-padded shard per thread | one relaxed `fetch_add` on the thread's own line |
//! | [`Gauge`] | `i64` that goes up and down | one relaxed RMW or store |
//! | [`MaxGauge`], [`MinGauge`] | largest / smallest value seen | a load, and a `fetch_max`/`fetch_min` only for a new extreme |
//! | [`Histogram`] | log-linear buckets, quantiles within 0.78% | four RMWs; snapshots are exact prefixes of the records |
//! | [`StopFlag`] | one-way "stop now" | one release store |
//! | [`Registry`] | named, labelled metrics, Prometheus text output | none: updates go through the handle |
//!
//! ```
//! use fearless_atomics::{Counter, Histogram, Registry, StopFlag};
//!
//! let requests = Counter::new();
//! requests.inc();
//! requests.add(2);
//! assert_eq!(requests.get(), 3);
//!
//! let stop = StopFlag::new();
//! assert!(!stop.is_stopped());
//! stop.stop();
//! assert!(stop.is_stopped());
//!
//! let registry = Registry::new();
//! let latency: fearless_core::sync::Arc<Histogram> =
//!     registry.histogram("request_latency_ns", "Request latency.")?;
//! latency.record(1_250);
//! assert!(registry.render_prometheus().contains("request_latency_ns_count 1\n"));
//! # Ok::<(), fearless_atomics::RegistryError>(())
//! ```
#![forbid(unsafe_code)]

mod bucket_layout;
mod counter;
mod extremum_gauge;
mod gauge;
mod histogram;
mod histogram_snapshot;
mod prometheus_text;
mod registry;
mod registry_error;
mod sharded_counter;
mod stop_flag;

pub use counter::Counter;
pub use extremum_gauge::{MaxGauge, MinGauge};
pub use gauge::Gauge;
pub use histogram::{Histogram, InvalidPrecision};
pub use histogram_snapshot::{Bucket, HistogramSnapshot, QuantileError};
pub use registry::Registry;
pub use registry_error::{MetricKind, RegistryError};
pub use sharded_counter::{ShardedCounter, ZeroShards};
pub use stop_flag::StopFlag;

/// The README's example, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
