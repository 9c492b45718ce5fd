//! A threaded HTTP API server built on fearless.
//!
//! ```text
//! cargo run --release --example server -- --addr 127.0.0.1:8080 --threads 4
//! curl -s localhost:8080/metrics
//! curl -s -X POST --data 'the quick brown fox' localhost:8080/work
//! curl -s -X PUT --data '{"name":"demo","work_rounds":8,"max_body_bytes":65536}' localhost:8080/config
//! curl -s -X PUT --data 'hello' localhost:8080/cache/greeting && curl -s localhost:8080/cache/greeting
//! ```
//!
//! Ctrl-C stops accepting, answers every request already accepted, and exits.

use clap::Parser;
use fearless::channels::bounded;
use fearless_apps::server::{RunningServer, ServerOptions};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;

#[derive(Parser)]
#[command(about = "A threaded HTTP API server built on fearless")]
struct Args {
    /// Address to listen on (loopback by default; port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Worker threads that run requests.
    #[arg(long, default_value_t = 4)]
    threads: usize,
    /// Requests that may wait for a worker before the server answers 503.
    #[arg(long, default_value_t = 256)]
    queue: usize,
    /// Threads that accept requests.
    #[arg(long, default_value_t = 2)]
    acceptors: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = ServerOptions {
        addr: args.addr,
        threads: args.threads,
        queue: args.queue,
        acceptors: args.acceptors,
        ..ServerOptions::default()
    };
    let server = match RunningServer::start(&options) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("server: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The first line is read by `cargo xtask load` to find the port.
    println!("listening on http://{}", server.addr());
    let _ = std::io::stdout().flush();

    let (stop_tx, stop_rx) = bounded::<()>(1);
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop_tx.try_send(());
    }) {
        eprintln!("server: could not install the Ctrl-C handler: {e}");
        return ExitCode::FAILURE;
    }
    let _ = stop_rx.recv();
    eprintln!("server: shutting down, finishing requests in flight");
    let served = server.state().metrics.total_requests();
    server.shutdown();
    eprintln!("server: stopped after {served} requests");
    ExitCode::SUCCESS
}
