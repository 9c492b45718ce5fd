//! `server`: a threaded HTTP API server.
//!
//! - tiny_http speaks the protocol; acceptor threads hand every request to a
//!   [`Dispatcher`], which runs it on a bounded fearless-channels
//!   `WorkerPool` or, when the queue is full, answers `503` at once.
//! - `GET /metrics` renders the fearless-atomics [`Registry`] (request
//!   counts by route and status, an in-flight gauge, a latency histogram).
//! - `POST /work` hashes and sorts the body's words on fearless-par.
//! - `GET`/`PUT /config` read and replace a fearless-locks `ConfigCell`.
//! - `GET`/`PUT /cache/{key}` use a fearless-locks `ConcurrentCache`.
//!
//! [`Dispatcher`] is the concurrency core: it knows nothing of HTTP, so the
//! same code is model-checked by loom (see its tests).
//!
//! [`Registry`]: fearless::atomics::Registry

mod dispatch;
mod http;
mod metrics;
mod routes;

pub use dispatch::{Dispatcher, Exchange, Handler, Reply};
pub use http::HttpExchange;
pub use metrics::{ROUTES, STATUSES, ServerMetrics};
pub use routes::{AppState, ServiceConfig, handle, route_of, work};

use fearless::atomics::StopFlag;
use fearless::sync::Arc;
use fearless::sync::thread::{self, JoinHandle};
use std::net::SocketAddr;
use std::time::Duration;

/// How to run the server.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Worker threads that run requests.
    pub threads: usize,
    /// Requests that may wait for a worker before the server answers `503`.
    pub queue: usize,
    /// Threads that accept requests from the listener.
    pub acceptors: usize,
    /// Entries the cache holds before it evicts.
    pub cache_capacity: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            threads: 4,
            queue: 256,
            acceptors: 2,
            cache_capacity: 10_000,
        }
    }
}

/// Why the server did not start.
#[derive(Debug)]
pub enum StartError {
    /// An option is out of range (zero threads, queue or acceptors).
    InvalidOption(String),
    /// The listener could not be opened.
    Listen(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::InvalidOption(why) => write!(f, "invalid option: {why}"),
            Self::Listen(why) => write!(f, "could not listen: {why}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A server that is accepting requests.
pub struct RunningServer {
    addr: SocketAddr,
    http: Arc<tiny_http::Server>,
    dispatcher: Arc<Dispatcher<HttpExchange>>,
    state: Arc<AppState>,
    stop: Arc<StopFlag>,
    acceptors: Vec<JoinHandle<()>>,
}

impl RunningServer {
    /// Opens the listener and starts the acceptors and workers.
    pub fn start(options: &ServerOptions) -> Result<Self, StartError> {
        if options.acceptors == 0 {
            return Err(StartError::InvalidOption(
                "acceptors must be at least 1".into(),
            ));
        }
        if options.cache_capacity == 0 {
            return Err(StartError::InvalidOption(
                "cache capacity must be at least 1".into(),
            ));
        }
        let metrics =
            Arc::new(ServerMetrics::new().map_err(|e| StartError::InvalidOption(e.to_string()))?);
        let state = Arc::new(AppState::new(Arc::clone(&metrics), options.cache_capacity));
        let handler_state = Arc::clone(&state);
        let handler = move |x: &mut HttpExchange| {
            let method = x.method();
            let path = x.path().to_string();
            handle(&handler_state, &method, &path, &mut |limit| {
                x.read_body(limit)
            })
        };
        let dispatcher = Dispatcher::new(options.threads, options.queue, metrics, handler)
            .map_err(|e| StartError::InvalidOption(e.to_string()))?;
        let http =
            tiny_http::Server::http(options.addr).map_err(|e| StartError::Listen(e.to_string()))?;
        let addr = http
            .server_addr()
            .to_ip()
            .ok_or_else(|| StartError::Listen("not an IP listener".into()))?;
        let http = Arc::new(http);
        let dispatcher = Arc::new(dispatcher);
        let stop = Arc::new(StopFlag::new());
        let acceptors = (0..options.acceptors)
            .map(|i| {
                let (http, dispatcher, stop) = (
                    Arc::clone(&http),
                    Arc::clone(&dispatcher),
                    Arc::clone(&stop),
                );
                thread::Builder::new()
                    .name(format!("server-acceptor-{i}"))
                    .spawn(move || accept_loop(&http, &dispatcher, &stop))
                    .map_err(|e| StartError::Listen(format!("could not start an acceptor: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            addr,
            http,
            dispatcher,
            state,
            stop,
            acceptors,
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The shared state (metrics, config, cache).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Graceful shutdown: stops accepting, answers every request already
    /// accepted, then joins every thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    /// Stops accepting new requests without waiting: the acceptors leave
    /// their loops, and the requests already accepted are still answered.
    /// [`shutdown`](Self::shutdown) (or dropping the server) then waits.
    pub fn begin_shutdown(&self) {
        self.stop.stop();
        for _ in 0..self.acceptors.len() {
            self.http.unblock();
        }
    }

    fn stop_and_join(&mut self) {
        self.begin_shutdown();
        for acceptor in self.acceptors.drain(..) {
            let _ = acceptor.join();
        }
        self.dispatcher.shutdown();
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

/// How long an acceptor waits for a request before it looks at the stop
/// flag again.
const ACCEPT_POLL: Duration = Duration::from_millis(100);

fn accept_loop(http: &tiny_http::Server, dispatcher: &Dispatcher<HttpExchange>, stop: &StopFlag) {
    while !stop.is_stopped() {
        match http.recv_timeout(ACCEPT_POLL) {
            Ok(Some(request)) => dispatcher.dispatch(HttpExchange::new(request)),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}
