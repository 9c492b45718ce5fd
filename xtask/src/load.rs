//! `cargo xtask load`: a bounded load test of the example HTTP server, on
//! loopback only.
//!
//! It builds and starts `cargo run --release --example server` on an
//! ephemeral port of 127.0.0.1, drives it from client threads for a bounded
//! time and number of requests, reports requests per second and latency
//! percentiles, then checks that the server's `/metrics` totals equal the
//! requests the clients sent: nothing lost, nothing counted twice.

use crate::step::{self, cargo, workspace_root};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Arguments of `cargo xtask load`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How long the clients send requests, in seconds (1 to 120).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=120))]
    pub seconds: u64,
    /// The most requests the clients send in all (1 to 1,000,000).
    #[arg(long, default_value_t = 50_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub requests: u64,
    /// Client threads (1 to 64).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub clients: u64,
    /// The server's worker threads.
    #[arg(long, default_value_t = 4)]
    pub server_threads: usize,
}

/// What one client saw.
#[derive(Default)]
struct ClientLog {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, u64>,
    failures: u64,
}

/// Runs the load test; returns whether every check passed.
pub fn run(args: &Args) -> bool {
    step::header("load test");
    let mut server = match start_server(args.server_threads) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("load: {e}");
            return false;
        }
    };
    println!("load: server at http://{}", server.addr);
    let ok = drive(args, &server.addr);
    server.stop();
    ok
}

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Ctrl-C, as a user would: the server finishes in-flight requests.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(threads: usize) -> Result<Server, String> {
    let status = cargo()
        .current_dir(workspace_root())
        .args([
            "build",
            "--release",
            "-p",
            "fearless-apps",
            "--example",
            "server",
        ])
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if !status.success() {
        return Err("building the server example failed".into());
    }
    let mut child = cargo()
        .current_dir(workspace_root())
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "fearless-apps",
            "--example",
            "server",
            "--",
        ])
        .args(["--addr", "127.0.0.1:0", "--threads", &threads.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start the server: {e}"))?;
    let stdout = child.stdout.take().expect("stdout was piped");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .map_err(|e| format!("could not read the server's address: {e}"))?;
    let addr = first
        .trim()
        .strip_prefix("listening on http://")
        .ok_or_else(|| format!("unexpected first line from the server: {first:?}"))?
        .to_string();
    if !addr.starts_with("127.") {
        let _ = child.kill();
        return Err(format!("the server must listen on loopback, not {addr}"));
    }
    Ok(Server { child, addr })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// One request of the mix, chosen by its sequence number.
fn send(agent: &ureq::Agent, base: &str, n: u64) -> Result<u16, ureq::Error> {
    let key = n % 128;
    let response = match n % 4 {
        0 => agent.get(&format!("{base}/config")).call(),
        1 => agent
            .put(&format!("{base}/cache/k{key}"))
            .send(format!("value {n}")),
        2 => agent.get(&format!("{base}/cache/k{key}")).call(),
        _ => agent
            .post(&format!("{base}/work"))
            .send("alpha beta gamma delta epsilon zeta eta theta"),
    }?;
    Ok(response.status().as_u16())
}

fn drive(args: &Args, addr: &str) -> bool {
    let base = format!("http://{addr}");
    let issued = AtomicU64::new(0);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let logs: Vec<ClientLog> = std::thread::scope(|s| {
        let clients: Vec<_> = (0..args.clients)
            .map(|_| {
                s.spawn(|| {
                    let agent = agent();
                    let mut log = ClientLog::default();
                    while Instant::now() < deadline {
                        let n = issued.fetch_add(1, Ordering::Relaxed);
                        if n >= args.requests {
                            break;
                        }
                        let sent = Instant::now();
                        match send(&agent, &base, n) {
                            Ok(status) => {
                                *log.statuses.entry(status).or_default() += 1;
                                log.latencies_us.push(sent.elapsed().as_micros() as u64);
                            }
                            Err(_) => log.failures += 1,
                        }
                    }
                    log
                })
            })
            .collect();
        clients
            .into_iter()
            .map(|c| c.join().expect("client thread"))
            .collect()
    });
    let elapsed = start.elapsed();
    let mut latencies: Vec<u64> = logs
        .iter()
        .flat_map(|l| l.latencies_us.iter().copied())
        .collect();
    latencies.sort_unstable();
    let answered = latencies.len() as u64;
    let failures: u64 = logs.iter().map(|l| l.failures).sum();
    let mut statuses = BTreeMap::new();
    for l in &logs {
        for (s, n) in &l.statuses {
            *statuses.entry(*s).or_insert(0u64) += n;
        }
    }
    let pct = |q: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0)
    };
    println!(
        "load: {answered} requests answered in {:.2}s by {} clients: {:.0} requests/s",
        elapsed.as_secs_f64(),
        args.clients,
        answered as f64 / elapsed.as_secs_f64()
    );
    println!(
        "load: latency p50 {}us, p90 {}us, p99 {}us, max {}us",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        latencies.last().copied().unwrap_or(0)
    );
    println!("load: statuses {statuses:?}; transport failures {failures}");

    let counted = match scrape_totals(&base) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("load: could not read /metrics: {e}");
            return false;
        }
    };
    println!(
        "load: /metrics counts {counted} requests (excluding /metrics itself); clients sent {answered}"
    );
    let ok = failures == 0 && counted == answered && answered > 0;
    println!(
        "load: {}",
        if ok {
            "ok: nothing lost or mis-counted"
        } else {
            "FAILED"
        }
    );
    ok
}

/// The sum of `http_requests_total` over every route but `/metrics`.
fn scrape_totals(base: &str) -> Result<u64, String> {
    let mut response = agent()
        .get(&format!("{base}/metrics"))
        .call()
        .map_err(|e| e.to_string())?;
    let page = response
        .body_mut()
        .read_to_string()
        .map_err(|e| e.to_string())?;
    let scrape = prometheus_parse::Scrape::parse(page.lines().map(|l| Ok(l.to_string())))
        .map_err(|e| format!("not Prometheus text: {e}"))?;
    Ok(scrape
        .samples
        .iter()
        .filter(|s| s.metric == "http_requests_total")
        .filter(|s| s.labels.get("route") != Some("/metrics"))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v) => v as u64,
            _ => 0,
        })
        .sum())
}
