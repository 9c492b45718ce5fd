//! A started server: its runtime, listener task and worker pool, and the
//! graceful shutdown that stops them in order.

use super::dispatch::{Dispatcher, Reply};
use super::http::HttpExchange;
use super::listener::{Shared, accept_loop};
use super::metrics::ServerMetrics;
use super::routes::{AppState, handle};
use super::{ServerOptions, StartError};
use fearless::sync::Arc;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A server that is accepting requests.
pub struct RunningServer {
    addr: SocketAddr,
    runtime: Option<Runtime>,
    dispatcher: Arc<Dispatcher<HttpExchange>>,
    state: Arc<AppState>,
    stop: watch::Sender<bool>,
    acceptor: Option<JoinHandle<()>>,
}

/// How long the runtime may take to stop once every connection is gone.
const RUNTIME_STOP: Duration = Duration::from_secs(1);

impl RunningServer {
    /// Checks the options, opens the listener and starts the acceptor and
    /// worker threads. Every failure (an option out of range, a thread the
    /// system refuses, an address in use) is an error, never a panic.
    pub fn start(options: &ServerOptions) -> Result<Self, StartError> {
        options.validate()?;
        let metrics =
            Arc::new(ServerMetrics::new().map_err(|e| StartError::InvalidOption(e.to_string()))?);
        let state = Arc::new(AppState::new(
            Arc::clone(&metrics),
            options.cache_bytes,
            options.limits.max_key_bytes,
        ));
        let handler_state = Arc::clone(&state);
        let queue_timeout = options.limits.queue_timeout;
        let handler = move |x: &mut HttpExchange| {
            if x.abandoned() {
                // Nobody would read the answer: skip the work.
                return Reply::text(503, "the client is gone\n");
            }
            if x.waited() > queue_timeout {
                return Reply::text(
                    503,
                    format!(
                        "server busy: the request waited over {} ms in the queue\n",
                        queue_timeout.as_millis()
                    ),
                );
            }
            handle(&handler_state, x.method(), x.path(), x.body())
        };
        let dispatcher = Dispatcher::new(options.threads, options.queue, metrics, handler)
            .map_err(|e| StartError::Spawn(e.to_string()))?;
        let dispatcher = Arc::new(dispatcher);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.acceptors)
            .thread_name("server-acceptor")
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| StartError::Spawn(format!("the acceptor runtime: {e}")))?;
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind(options.addr))
            .map_err(|e| StartError::Listen(format!("{}: {e}", options.addr)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Listen(e.to_string()))?;
        let shared = Arc::new(Shared {
            dispatcher: Arc::clone(&dispatcher),
            state: Arc::clone(&state),
            limits: options.limits.clone(),
        });
        let (stop, stopped) = watch::channel(false);
        let acceptor = runtime.spawn(accept_loop(listener, shared, stopped));
        Ok(Self {
            addr,
            runtime: Some(runtime),
            dispatcher,
            state,
            stop,
            acceptor: Some(acceptor),
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

    /// Takes over SIGINT and SIGTERM: from now on they no longer kill the
    /// process, and [`StopSignals::wait`] returns when one arrives. Install
    /// them before announcing the server, so no early signal is lost.
    pub fn stop_signals(&self) -> std::io::Result<StopSignals> {
        let runtime = self
            .runtime
            .as_ref()
            .expect("a running server has a runtime");
        let _context = runtime.enter();
        Ok(StopSignals {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
        })
    }

    /// Graceful shutdown: stops accepting, answers every request already
    /// accepted (waiting at most the shutdown timeout for slow clients, whose
    /// connections are then dropped), then joins every thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    /// Stops accepting new connections without waiting: requests already
    /// accepted are still answered. [`shutdown`](Self::shutdown) (or
    /// dropping the server) then waits.
    pub fn begin_shutdown(&self) {
        // Only fails when the listener task is gone already.
        let _ = self.stop.send(true);
    }

    fn stop_and_join(&mut self) {
        self.begin_shutdown();
        if let (Some(runtime), Some(acceptor)) = (self.runtime.as_ref(), self.acceptor.take()) {
            // The listener task returns once every connection has closed or
            // the shutdown deadline dropped it.
            let _ = runtime.block_on(acceptor);
        }
        // Requests still queued belong to closed connections: the workers
        // skip their work, and the pool joins.
        self.dispatcher.shutdown();
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_timeout(RUNTIME_STOP);
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

/// SIGINT and SIGTERM, taken over from their default of killing the
/// process (see [`RunningServer::stop_signals`]).
pub struct StopSignals {
    interrupt: Signal,
    terminate: Signal,
}

impl StopSignals {
    /// Blocks until SIGINT or SIGTERM arrives; returns its name.
    pub fn wait(mut self, server: &RunningServer) -> &'static str {
        let runtime = server
            .runtime
            .as_ref()
            .expect("a running server has a runtime");
        runtime.block_on(async {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        })
    }
}
