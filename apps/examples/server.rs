//! An HTTP API server built on fearless and hyper.
//!
//! ```text
//! cargo run --release --example server -- --addr 127.0.0.1:8080 --threads 4
//! curl -s localhost:8080/metrics
//! curl -s -X POST --data 'the quick brown fox' localhost:8080/work
//! curl -s -X PUT --data '{"name":"demo","work_rounds":8,"max_body_bytes":65536}' localhost:8080/config
//! curl -s -X PUT --data 'hello' localhost:8080/cache/greeting && curl -s localhost:8080/cache/greeting
//! ```
//!
//! SIGINT (Ctrl-C) or SIGTERM stops accepting, answers every request
//! already accepted (dropping clients that stall past the shutdown timeout),
//! and exits 0. Every limit has a flag; see `--help` and the README.

use clap::Parser;
use fearless_apps::server::{Limits, RunningServer, ServerOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(about = "An HTTP API server built on fearless and hyper")]
struct Args {
    /// Address to listen on (loopback by default; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Worker threads that run requests (1 to 1024).
    #[arg(long, default_value_t = 4)]
    threads: usize,
    /// Requests that may wait for a worker before the server answers 503.
    #[arg(long, default_value_t = 256)]
    queue: usize,
    /// Threads that accept connections and speak HTTP (1 to 64).
    #[arg(long, default_value_t = 2)]
    acceptors: usize,
    /// The most bytes the cache holds (keys, values, 128 bytes per entry).
    #[arg(long, default_value_t = 64 << 20)]
    cache_bytes: u64,
    /// The longest cache key, in bytes.
    #[arg(long, default_value_t = 256)]
    max_key_bytes: usize,
    /// The largest request head (request line and headers), in bytes.
    #[arg(long, default_value_t = 16 << 10)]
    max_header_bytes: usize,
    /// The most header fields in a request.
    #[arg(long, default_value_t = 64)]
    max_headers: usize,
    /// Time to send a request head (and to keep an idle connection), in ms.
    #[arg(long, default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Time to send a whole body, in ms.
    #[arg(long, default_value_t = 10_000)]
    body_timeout_ms: u64,
    /// Time a request may wait in the work queue, in ms.
    #[arg(long, default_value_t = 5_000)]
    queue_timeout_ms: u64,
    /// The most connections open at once.
    #[arg(long, default_value_t = 512)]
    max_connections: usize,
    /// Time shutdown waits for accepted requests, in ms.
    #[arg(long, default_value_t = 10_000)]
    shutdown_timeout_ms: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = ServerOptions {
        addr: args.addr,
        threads: args.threads,
        queue: args.queue,
        acceptors: args.acceptors,
        cache_bytes: args.cache_bytes,
        limits: Limits {
            max_header_bytes: args.max_header_bytes,
            max_headers: args.max_headers,
            header_timeout: Duration::from_millis(args.header_timeout_ms),
            body_timeout: Duration::from_millis(args.body_timeout_ms),
            queue_timeout: Duration::from_millis(args.queue_timeout_ms),
            max_connections: args.max_connections,
            shutdown_timeout: Duration::from_millis(args.shutdown_timeout_ms),
            max_key_bytes: args.max_key_bytes,
        },
    };
    let server = match RunningServer::start(&options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let signals = match server.stop_signals() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("server: could not take over SIGINT and SIGTERM: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The first line is read by `cargo xtask load` and the tests to find
    // the port.
    println!("listening on http://{}", server.addr());
    let _ = std::io::stdout().flush();

    let signal = signals.wait(&server);
    eprintln!("server: {signal}: shutting down, finishing requests in flight");
    server.shutdown();
    // Read after shutdown: every request answered is counted.
    eprintln!("server: stopped");
    ExitCode::SUCCESS
}
