//! The concurrency core of the server: dispatch to a bounded worker pool,
//! metrics, and graceful shutdown. It knows nothing of HTTP, so the same code
//! runs behind the real listener and inside a loom model.
//!
//! Models: its `tests` module (loom: `request_racing_shutdown_*`,
//! `inline_and_rejected_requests_*`) and `tests/server_model.rs` (shuttle: 8
//! requests, a full queue, shutdown).

use super::metrics::ServerMetrics;
use fearless::channels::pool::{PoolError, WorkerPool};
use fearless::sync::Arc;
use fearless::sync::atomic::{AtomicU8, Ordering};
use std::time::Instant;

/// A request in flight: whatever can say which route it is for and be
/// answered exactly once.
pub trait Exchange: Send + 'static {
    /// The route, for metrics (one of [`super::metrics::ROUTES`]).
    fn route(&self) -> &str;
    /// Answers the request.
    fn respond(self, reply: Reply);
}

/// What the server answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The content type.
    pub content_type: &'static str,
    /// The body.
    pub body: String,
}

impl Reply {
    /// A plain-text reply.
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            content_type: "text/plain; charset=utf-8",
            body: body.into(),
        }
    }

    /// A JSON reply.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self {
            status,
            content_type: "application/json",
            body: body.into(),
        }
    }
}

/// The pool's queue: our own channel, the pool's default, which is also the
/// one a loom model can see (crossbeam's would block a loom thread for real).
type QueueChannel = fearless::channels::pool::DefaultChannel;

const ACCEPTED: u8 = 0;
const QUEUE_FULL: u8 = 1;
const SHUTTING_DOWN: u8 = 2;

/// Turns a request into a reply; runs on a pool worker.
pub type Handler<X> = dyn Fn(&mut X) -> Reply + Send + Sync;

/// Hands each request to a bounded [`WorkerPool`] and answers `503` at once
/// when the queue is full, so a burst never queues without bound.
pub struct Dispatcher<X: Exchange> {
    pool: WorkerPool<QueueChannel>,
    metrics: Arc<ServerMetrics>,
    // Boxed inside the Arc: loom's `Arc` cannot hold an unsized `dyn Fn`.
    handler: Arc<Box<Handler<X>>>,
}

impl<X: Exchange> Dispatcher<X> {
    /// A dispatcher with `threads` workers and room for `queue` waiting
    /// requests.
    pub fn new(
        threads: usize,
        queue: usize,
        metrics: Arc<ServerMetrics>,
        handler: impl Fn(&mut X) -> Reply + Send + Sync + 'static,
    ) -> Result<Self, PoolError> {
        let pool = WorkerPool::builder()
            .channel::<QueueChannel>()
            .num_threads(threads)
            .queue_capacity(queue)
            .thread_name_prefix("server-worker")
            .build()?;
        Ok(Self {
            pool,
            metrics,
            handler: Arc::new(Box::new(handler)),
        })
    }

    /// Accepts one request: it is answered exactly once, by a worker or,
    /// when the queue is full or the server is shutting down, right here
    /// with `503`. Every answer is counted.
    pub fn dispatch(&self, exchange: X) {
        let accepted = Instant::now();
        self.metrics.in_flight().inc();
        let metrics = Arc::clone(&self.metrics);
        let handler = Arc::clone(&self.handler);
        // The pool hands a rejected job back unrun, but a closure cannot be
        // taken apart again: this flag tells the returned job to answer
        // `503` instead of handling the request.
        let rejected = Arc::new(AtomicU8::new(ACCEPTED));
        let verdict = Arc::clone(&rejected);
        let job = move || {
            let mut exchange = exchange;
            // Relaxed: the flag is only ever set by the thread that then
            // runs this job itself, so no other thread reads it.
            let reply = match verdict.load(Ordering::Relaxed) {
                ACCEPTED => handler(&mut exchange),
                QUEUE_FULL => Reply::text(503, "server busy: the work queue is full, try again\n"),
                _ => Reply::text(503, "server shutting down\n"),
            };
            answer(&metrics, exchange, reply, accepted);
        };
        if let Err(err) = self.pool.try_execute(job) {
            let why = if err.is_full() {
                QUEUE_FULL
            } else {
                SHUTTING_DOWN
            };
            rejected.store(why, Ordering::Relaxed);
            (err.into_inner())();
        }
    }

    /// Runs the handler for one request on the calling thread, for requests
    /// too light to be worth a trip through the pool (reading the config, a
    /// cache lookup): answered exactly once and counted like any other. A
    /// handler that panics here answers `500`.
    pub fn run_here(&self, exchange: X) {
        let accepted = Instant::now();
        self.metrics.in_flight().inc();
        let mut exchange = exchange;
        let handler = &self.handler;
        let reply =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(&mut exchange)))
                .unwrap_or_else(|_| Reply::text(500, "the request handler failed\n"));
        answer(&self.metrics, exchange, reply, accepted);
    }

    /// Answers one request at once with `reply`, without running the
    /// handler (a request refused before it reaches one: too large, too
    /// slow, malformed), and counts it.
    pub fn reject(&self, exchange: X, reply: Reply) {
        let accepted = Instant::now();
        self.metrics.in_flight().inc();
        answer(&self.metrics, exchange, reply, accepted);
    }

    /// Stops taking requests, finishes every accepted one, then joins the
    /// workers.
    pub fn shutdown(&self) {
        self.pool.shutdown();
    }

    /// The metrics.
    pub fn metrics(&self) -> &ServerMetrics {
        &self.metrics
    }
}

fn answer<X: Exchange>(metrics: &ServerMetrics, exchange: X, reply: Reply, accepted: Instant) {
    let route = ServerMetrics::route_index(exchange.route());
    let micros = u64::try_from(accepted.elapsed().as_micros()).unwrap_or(u64::MAX);
    // loom has no clock: a latency that differs between executions would
    // land in another histogram bucket and break loom's replay of the
    // interleaving, so a model records zero.
    #[cfg(loom)]
    let micros = {
        let _ = micros;
        0
    };
    // Counted before the answer leaves: a client that has its answer and
    // then scrapes `/metrics` must find its request counted.
    metrics.record(route, reply.status, micros);
    metrics.in_flight().dec();
    exchange.respond(reply);
}

#[cfg(test)]
mod tests {
    use super::*;
    use fearless::sync::{Mutex, thread};

    /// A request that records how it was answered.
    struct Probe {
        answers: Arc<Mutex<Vec<u16>>>,
    }

    impl Exchange for Probe {
        fn route(&self) -> &str {
            "/work"
        }

        fn respond(self, reply: Reply) {
            self.answers.lock().unwrap().push(reply.status);
        }
    }

    fn dispatcher(
        queue: usize,
        handler: impl Fn(&mut Probe) -> Reply + Send + Sync + 'static,
    ) -> Dispatcher<Probe> {
        let metrics = Arc::new(ServerMetrics::new().unwrap());
        Dispatcher::new(1, queue, metrics, handler).unwrap()
    }

    fn ok_handler() -> impl Fn(&mut Probe) -> Reply + Send + Sync + 'static {
        |_: &mut Probe| Reply::text(200, "ok")
    }

    /// The whole-application property of the server's core: a request that
    /// races with shutdown is answered exactly once (by a worker with 200,
    /// or at once with 503), and the metrics count exactly the answers.
    #[test]
    fn request_racing_shutdown_is_answered_once_and_counted() {
        fearless::model(|| {
            let answers = Arc::new(Mutex::new(Vec::new()));
            let d = Arc::new(dispatcher(1, ok_handler()));
            let client = {
                let (d, answers) = (Arc::clone(&d), Arc::clone(&answers));
                thread::spawn(move || d.dispatch(Probe { answers }))
            };
            d.shutdown();
            client.join().unwrap();
            let answers = answers.lock().unwrap().clone();
            assert_eq!(answers.len(), 1, "the request is answered exactly once");
            assert!(answers.iter().all(|s| *s == 200 || *s == 503));
            let m = d.metrics();
            assert_eq!(m.total_requests(), 1);
            assert_eq!(
                m.requests_with_status(503),
                answers.iter().filter(|s| **s == 503).count() as u64
            );
            assert_eq!(m.in_flight().get(), 0);
        });
    }

    /// Requests answered on the caller's thread (`run_here`, `reject`) are
    /// counted exactly like pooled ones, whatever the interleaving with a
    /// pooled request and shutdown: three answers, three counts, nothing
    /// left in flight.
    #[test]
    fn inline_and_rejected_requests_are_counted_like_pooled_ones() {
        fearless::model(|| {
            let answers = Arc::new(Mutex::new(Vec::new()));
            let d = Arc::new(dispatcher(1, ok_handler()));
            let client = {
                let (d, answers) = (Arc::clone(&d), Arc::clone(&answers));
                thread::spawn(move || d.dispatch(Probe { answers }))
            };
            d.run_here(Probe {
                answers: Arc::clone(&answers),
            });
            d.reject(
                Probe {
                    answers: Arc::clone(&answers),
                },
                Reply::text(413, "too large"),
            );
            d.shutdown();
            client.join().unwrap();
            let mut answers = answers.lock().unwrap().clone();
            answers.sort_unstable();
            assert_eq!(answers.len(), 3);
            assert!(answers.contains(&413));
            let m = d.metrics();
            assert_eq!(m.total_requests(), 3);
            assert_eq!(m.requests_with_status(413), 1);
            assert_eq!(m.in_flight().get(), 0);
        });
    }

    /// Backpressure: with the worker busy and the queue full, a request is
    /// answered 503 at once instead of waiting.
    #[test]
    #[cfg(not(loom))]
    fn full_queue_answers_503_at_once() {
        use fearless::channels::bounded;
        let (entered_tx, entered_rx) = bounded::<()>(4);
        let (release_tx, release_rx) = bounded::<()>(0);
        let handler = move |_: &mut Probe| {
            let _ = entered_tx.send(());
            let _ = release_rx.recv();
            Reply::text(200, "ok")
        };
        let answers = Arc::new(Mutex::new(Vec::new()));
        let d = dispatcher(1, handler);
        let probe = || Probe {
            answers: Arc::clone(&answers),
        };
        d.dispatch(probe()); // runs, and blocks in the handler
        entered_rx.recv().unwrap();
        d.dispatch(probe()); // waits in the queue
        d.dispatch(probe()); // finds the queue full
        assert_eq!(*answers.lock().unwrap(), vec![503]);
        release_tx.send(()).unwrap();
        release_tx.send(()).unwrap();
        d.shutdown();
        let mut all = answers.lock().unwrap().clone();
        all.sort_unstable();
        assert_eq!(all, vec![200, 200, 503]);
        assert_eq!(d.metrics().total_requests(), 3);
        assert_eq!(d.metrics().in_flight().get(), 0);
    }

    /// A handler that panics costs its request a dropped answer but neither
    /// the worker nor the later requests.
    #[test]
    #[cfg(not(loom))]
    fn panicking_handler_does_not_stop_the_server() {
        use fearless::sync::atomic::AtomicUsize;
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&calls);
        let handler = move |_: &mut Probe| {
            if seen.fetch_add(1, Ordering::Relaxed) == 0 {
                panic!("first request fails");
            }
            Reply::text(200, "ok")
        };
        let answers = Arc::new(Mutex::new(Vec::new()));
        let d = dispatcher(4, handler);
        for _ in 0..3 {
            d.dispatch(Probe {
                answers: Arc::clone(&answers),
            });
        }
        d.shutdown();
        assert_eq!(*answers.lock().unwrap(), vec![200, 200]);
    }

    /// A handler that panics on the caller's thread answers 500, and the
    /// caller (an acceptor) goes on.
    #[test]
    #[cfg(not(loom))]
    fn panicking_inline_handler_answers_500() {
        let answers = Arc::new(Mutex::new(Vec::new()));
        let d = dispatcher(1, |_: &mut Probe| panic!("handler bug"));
        d.run_here(Probe {
            answers: Arc::clone(&answers),
        });
        assert_eq!(*answers.lock().unwrap(), vec![500]);
        assert_eq!(d.metrics().requests_with_status(500), 1);
        assert_eq!(d.metrics().in_flight().get(), 0);
        d.shutdown();
    }
}
