//! `server`: an HTTP API server that no client can crash, stall or exhaust.
//!
//! - hyper 1.x speaks HTTP/1.1 on a small tokio runtime (the *acceptor*
//!   threads), which also reads each request body whole, within its size and
//!   time limits, before any worker sees it.
//! - Every request is then handed to a [`Dispatcher`]: requests with a body
//!   (the CPU work of `POST /work`, and the writes) run on a bounded
//!   fearless-channels `WorkerPool`, or are answered `503` at once when its
//!   queue is full; light reads (`GET /config`, `GET /cache/{key}`,
//!   `GET /metrics`) are answered on the acceptor thread.
//! - `GET /metrics` renders the fearless-atomics [`Registry`] (request
//!   counts by route and status, an in-flight gauge, a latency histogram).
//! - `POST /work` hashes and sorts the body's words on fearless-par.
//! - `GET`/`PUT /config` read and replace a fearless-locks `ConfigCell`.
//! - `GET`/`PUT /cache/{key}` use a fearless-locks `ConcurrentCache`
//!   bounded by bytes.
//!
//! Every input size, wait and queue has a limit ([`Limits`], documented
//! with defaults and flags in the crate's README).
//!
//! [`Dispatcher`] is the concurrency core: it knows nothing of HTTP, so the
//! same code is model-checked by loom (see its tests). Under `--cfg loom`
//! only the core is built: tokio cannot be.
//!
//! [`Registry`]: fearless::atomics::Registry

mod dispatch;
#[cfg(not(loom))]
mod http;
#[cfg(not(loom))]
mod listener;
mod metrics;
mod routes;

pub use dispatch::{Dispatcher, Exchange, Handler, Reply};
#[cfg(not(loom))]
pub use http::{BodyError, HttpExchange, read_body};
pub use metrics::{ROUTES, STATUSES, ServerMetrics};
pub use routes::{
    AppState, BodyPlan, CACHE_ENTRY_OVERHEAD, MAX_BODY_BYTES_CEILING, MAX_CONFIG_BODY_BYTES,
    ServiceConfig, body_plan, handle, route_of, work,
};

use std::net::SocketAddr;
use std::time::Duration;

/// The most worker threads (`--threads`) a server starts.
pub const MAX_THREADS: usize = 1024;
/// The most acceptor threads (`--acceptors`) a server starts.
pub const MAX_ACCEPTORS: usize = 64;
/// The longest work queue (`--queue`).
pub const MAX_QUEUE: usize = 1 << 20;
/// The most concurrent connections (`--max-connections`).
pub const MAX_CONNECTIONS: usize = 1 << 16;
/// The largest request head (`--max-header-bytes`).
pub const MAX_HEADER_BYTES: usize = 1 << 20;
/// The most header fields (`--max-headers`).
pub const MAX_HEADERS: usize = 1024;
/// The longest any timeout may be.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(3600);
/// The largest cache (`--cache-bytes`): 64 GiB.
pub const MAX_CACHE_BYTES: u64 = 64 << 30;
/// The longest cache key (`--max-key-bytes`).
pub const MAX_KEY_BYTES: usize = 64 << 10;

/// The limits that keep one client from crashing, stalling or exhausting
/// the server. Each has a default (below) and a flag in the example.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest request head (request line and headers), in bytes;
    /// larger is answered `431` and the connection closed. Default 16 KiB.
    pub max_header_bytes: usize,
    /// The most header fields; more is answered `431`. Default 64.
    pub max_headers: usize,
    /// How long a client has to send a request head, and how long an idle
    /// kept-alive connection stays open; past it the connection is closed.
    /// Default 10 s.
    pub header_timeout: Duration,
    /// How long a client has to send a whole body; past it the request is
    /// answered `408` and the connection closed. Default 10 s.
    pub body_timeout: Duration,
    /// How long a request may wait in the work queue; past it a worker
    /// answers `503` without running it. Default 5 s.
    pub queue_timeout: Duration,
    /// The most connections open at once; more wait in the listen backlog.
    /// Default 512.
    pub max_connections: usize,
    /// How long shutdown waits for accepted requests before it drops their
    /// connections. Default 10 s.
    pub shutdown_timeout: Duration,
    /// The longest cache key, in bytes; longer is answered `400`.
    /// Default 256.
    pub max_key_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_header_bytes: 16 << 10,
            max_headers: 64,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            queue_timeout: Duration::from_secs(5),
            max_connections: 512,
            shutdown_timeout: Duration::from_secs(10),
            max_key_bytes: 256,
        }
    }
}

/// How to run the server.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Worker threads that run requests (1 to [`MAX_THREADS`]).
    pub threads: usize,
    /// Requests that may wait for a worker before the server answers `503`
    /// (1 to [`MAX_QUEUE`]).
    pub queue: usize,
    /// Threads of the tokio runtime that accept connections and speak HTTP
    /// (1 to [`MAX_ACCEPTORS`]).
    pub acceptors: usize,
    /// The most bytes the cache holds: keys, values and
    /// [`CACHE_ENTRY_OVERHEAD`] per entry (1 to [`MAX_CACHE_BYTES`]).
    pub cache_bytes: u64,
    /// The limits on what clients may send.
    pub limits: Limits,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            threads: 4,
            queue: 256,
            acceptors: 2,
            cache_bytes: 64 << 20,
            limits: Limits::default(),
        }
    }
}

impl ServerOptions {
    /// Checks every option against its range, before anything starts.
    pub fn validate(&self) -> Result<(), StartError> {
        let l = &self.limits;
        let counts = [
            ("threads", self.threads, MAX_THREADS),
            ("queue", self.queue, MAX_QUEUE),
            ("acceptors", self.acceptors, MAX_ACCEPTORS),
            ("max-connections", l.max_connections, MAX_CONNECTIONS),
            ("max-header-bytes", l.max_header_bytes, MAX_HEADER_BYTES),
            ("max-headers", l.max_headers, MAX_HEADERS),
            ("max-key-bytes", l.max_key_bytes, MAX_KEY_BYTES),
        ];
        for (name, value, max) in counts {
            if !(1..=max).contains(&value) {
                return Err(StartError::InvalidOption(format!(
                    "{name} is {value}; it must be between 1 and {max}"
                )));
            }
        }
        if !(1..=MAX_CACHE_BYTES).contains(&self.cache_bytes) {
            return Err(StartError::InvalidOption(format!(
                "cache-bytes is {}; it must be between 1 and {MAX_CACHE_BYTES}",
                self.cache_bytes
            )));
        }
        let timeouts = [
            ("header-timeout", l.header_timeout),
            ("body-timeout", l.body_timeout),
            ("queue-timeout", l.queue_timeout),
            ("shutdown-timeout", l.shutdown_timeout),
        ];
        for (name, value) in timeouts {
            if value.is_zero() || value > MAX_TIMEOUT {
                return Err(StartError::InvalidOption(format!(
                    "{name} is {value:?}; it must be between 1 ms and {MAX_TIMEOUT:?}"
                )));
            }
        }
        Ok(())
    }
}

/// Why the server did not start.
#[derive(Debug)]
pub enum StartError {
    /// An option is out of range.
    InvalidOption(String),
    /// The listener could not be opened.
    Listen(String),
    /// A thread could not be started.
    Spawn(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidOption(why) => write!(f, "invalid option: {why}"),
            Self::Listen(why) => write!(f, "could not listen: {why}"),
            Self::Spawn(why) => write!(f, "could not start a thread: {why}"),
        }
    }
}

impl std::error::Error for StartError {}

#[cfg(not(loom))]
mod running;
#[cfg(not(loom))]
pub use running::{RunningServer, StopSignals};
