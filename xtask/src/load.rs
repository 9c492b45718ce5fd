//! `cargo xtask load`: a bounded load test of the example HTTP server, on
//! loopback only, measured against a bare hyper server.
//!
//! It builds and starts, on ephemeral ports of 127.0.0.1, the example
//! `server` and the example `bare_hyper` (hyper on the same runtime shape,
//! answering the same bytes with no work). Client threads then drive one
//! route at a time (`GET /config`, `GET /cache/{key}`, `POST /work`), for a
//! bounded time and number of requests, alternating ours and bare for
//! `--rounds` rounds so that both see the same machine load. It reports
//! requests per second and p50/p99/max latency per route and server, the
//! ratio ours/bare (the median over rounds), and the CPU time each server
//! process spent per request (from the kernel's per-thread accounting, so
//! it holds on a loaded machine where wall-clock rates swing: the ratio
//! bare/ours of CPU per request is the ratio of the rates both would reach
//! with the CPU to themselves). Finally it checks that the server's
//! `/metrics` totals equal the requests the clients sent: nothing lost,
//! nothing counted twice.

use crate::step::{self, cargo, workspace_root};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Arguments of `cargo xtask load`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// How long each measured phase lasts, in seconds (1 to 60).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=60))]
    pub seconds: u64,
    /// Rounds of (ours, bare) per route (1 to 15); the ratio is their median.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=15))]
    pub rounds: u64,
    /// The most requests one phase sends (1 to 1,000,000).
    #[arg(long, default_value_t = 200_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub requests: u64,
    /// Client threads (1 to 64).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub clients: u64,
    /// The server's worker threads.
    #[arg(long, default_value_t = 4)]
    pub server_threads: usize,
}

/// Keys the cache is seeded with; `GET /cache/{key}` cycles through them.
const KEYS: u64 = 128;
/// The value stored under every key (and what the bare server answers).
const CACHE_VALUE: &str = "a cached value of sixty-four bytes, the same for every key.......";
/// The body of every `POST /work`.
const WORK_BODY: &str = "alpha beta gamma delta epsilon zeta eta theta";

/// A route the load drives.
#[derive(Clone, Copy)]
enum Route {
    Config,
    Cache,
    Work,
}

impl Route {
    fn name(self) -> &'static str {
        match self {
            Self::Config => "GET /config",
            Self::Cache => "GET /cache/k",
            Self::Work => "POST /work",
        }
    }

    fn send(self, agent: &ureq::Agent, base: &str, n: u64) -> Result<u16, ureq::Error> {
        let response = match self {
            Self::Config => agent.get(&format!("{base}/config")).call(),
            Self::Cache => agent.get(&format!("{base}/cache/k{}", n % KEYS)).call(),
            Self::Work => agent.post(&format!("{base}/work")).send(WORK_BODY),
        }?;
        Ok(response.status().as_u16())
    }
}

/// What one phase (one route against one server) saw.
#[derive(Default)]
struct Phase {
    latencies_us: Vec<u64>,
    statuses: BTreeMap<u16, u64>,
    failures: u64,
    seconds: f64,
    /// The server process's CPU time over the phase.
    cpu_ns: u64,
}

impl Phase {
    fn answered(&self) -> u64 {
        self.latencies_us.len() as u64
    }

    fn rate(&self) -> f64 {
        self.answered() as f64 / self.seconds
    }

    fn percentile(&self, q: f64) -> u64 {
        let l = &self.latencies_us;
        l.get(((l.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0)
    }

    fn cpu_us_per_request(&self) -> f64 {
        self.cpu_ns as f64 / 1000.0 / self.answered().max(1) as f64
    }

    fn merge(&mut self, other: Phase) {
        self.latencies_us.extend(other.latencies_us);
        for (s, n) in other.statuses {
            *self.statuses.entry(s).or_default() += n;
        }
        self.failures += other.failures;
        self.seconds += other.seconds;
        self.cpu_ns += other.cpu_ns;
    }
}

/// Runs the load test; returns whether every check passed.
pub fn run(args: &Args) -> bool {
    step::header("load test");
    if let Err(e) = build() {
        eprintln!("load: {e}");
        return false;
    }
    let threads = args.server_threads.to_string();
    let mut ours = match Server::start("server", &["--threads", &threads]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("load: {e}");
            return false;
        }
    };
    let mut bare = match Server::start(
        "bare_hyper",
        &["--cache-value", CACHE_VALUE, "--work-body", WORK_BODY],
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("load: {e}");
            ours.stop();
            return false;
        }
    };
    println!(
        "load: server at http://{}, bare hyper at http://{}",
        ours.addr, bare.addr
    );
    let ok = measure(args, &ours, &bare);
    ours.stop();
    bare.stop();
    ok
}

fn build() -> Result<(), String> {
    let status = cargo()
        .current_dir(workspace_root())
        .args(["build", "--release", "-p", "fearless-apps"])
        .args(["--example", "server", "--example", "bare_hyper"])
        .status()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("building the server examples failed".into())
    }
}

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Starts an example on an ephemeral loopback port and reads its
    /// address from its first line.
    fn start(example: &str, args: &[&str]) -> Result<Self, String> {
        // The binary itself, not `cargo run`: its process id is the
        // server's, whose CPU time is measured.
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        let binary = target.join("release").join("examples").join(example);
        let mut child = Command::new(&binary)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().expect("stdout was piped");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .map_err(|e| format!("could not read {example}'s address: {e}"))?;
        let mut server = Self {
            child,
            addr: String::new(),
        };
        match first.trim().strip_prefix("listening on http://") {
            Some(addr) if addr.starts_with("127.") => {
                server.addr = addr.to_string();
                Ok(server)
            }
            _ => {
                server.stop();
                Err(format!(
                    "{example} must listen on loopback; its first line was {first:?}"
                ))
            }
        }
    }

    /// CPU time the process has used so far, in nanoseconds: the sum over
    /// its threads of the scheduler's run time (`None` off Linux).
    fn cpu_ns(&self) -> Option<u64> {
        let tasks = std::fs::read_dir(format!("/proc/{}/task", self.child.id())).ok()?;
        let mut total = 0;
        for task in tasks.flatten() {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            total += stat
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
        Some(total)
    }

    /// SIGINT, as a user's Ctrl-C: the server finishes in-flight requests.
    /// Killed if it has not exited within 10 s.
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

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// Drives `route` on `base` from every client for the phase's time or
/// request budget.
fn phase(args: &Args, server: &Server, route: Route) -> Phase {
    let base = format!("http://{}", server.addr);
    let base = base.as_str();
    let cpu_before = server.cpu_ns();
    let issued = AtomicU64::new(0);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.seconds);
    let logs: Vec<Phase> = std::thread::scope(|s| {
        let clients: Vec<_> = (0..args.clients)
            .map(|_| {
                s.spawn(|| {
                    let agent = agent();
                    let mut log = Phase::default();
                    while Instant::now() < deadline {
                        let n = issued.fetch_add(1, Ordering::Relaxed);
                        if n >= args.requests {
                            break;
                        }
                        let sent = Instant::now();
                        match route.send(&agent, base, n) {
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
    let mut total = Phase::default();
    for log in logs {
        total.merge(log);
    }
    total.seconds = start.elapsed().as_secs_f64();
    total.cpu_ns = match (cpu_before, server.cpu_ns()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => 0,
    };
    total.latencies_us.sort_unstable();
    total
}

fn report(route: Route, who: &str, p: &Phase) {
    println!(
        "load: {:<13} {who:<5} {:>7.0} req/s  server CPU {:>5.1}us/req  p50 {:>6}us  p99 {:>6}us  max {:>7}us  (p99/p50 {:>4.1})  statuses {:?}{}",
        route.name(),
        p.rate(),
        p.cpu_us_per_request(),
        p.percentile(0.50),
        p.percentile(0.99),
        p.latencies_us.last().copied().unwrap_or(0),
        p.percentile(0.99) as f64 / p.percentile(0.50).max(1) as f64,
        p.statuses,
        if p.failures > 0 {
            format!("  transport failures {}", p.failures)
        } else {
            String::new()
        }
    );
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn measure(args: &Args, ours_server: &Server, bare_server: &Server) -> bool {
    let ours = format!("http://{}", ours_server.addr);
    let agent = agent();
    let mut sent_to_ours = 0u64;
    let mut failures = 0u64;
    for key in 0..KEYS {
        let stored = agent
            .put(&format!("{ours}/cache/k{key}"))
            .send(CACHE_VALUE)
            .map(|r| r.status().as_u16());
        sent_to_ours += 1;
        if !matches!(stored, Ok(200)) {
            eprintln!("load: seeding the cache failed: {stored:?}");
            failures += 1;
        }
    }
    println!(
        "load: {} clients, {} s per phase, {} rounds of (ours, bare) per route",
        args.clients, args.seconds, args.rounds
    );
    let mut summary = Vec::new();
    for route in [Route::Config, Route::Cache, Route::Work] {
        let mut ratios = Vec::new();
        let (mut ours_all, mut bare_all) = (Phase::default(), Phase::default());
        for _ in 0..args.rounds {
            let o = phase(args, ours_server, route);
            let b = phase(args, bare_server, route);
            ratios.push(o.rate() / b.rate().max(1e-9));
            sent_to_ours += o.answered() + o.failures;
            failures += o.failures + b.failures;
            ours_all.merge(o);
            bare_all.merge(b);
        }
        ours_all.latencies_us.sort_unstable();
        bare_all.latencies_us.sort_unstable();
        report(route, "ours", &ours_all);
        report(route, "bare", &bare_all);
        let ratio = median(ratios.clone());
        println!(
            "load: {:<13} ours/bare requests/s: median {ratio:.2} (rounds {})",
            route.name(),
            ratios
                .iter()
                .map(|r| format!("{r:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let cpu_ratio = bare_all.cpu_us_per_request() / ours_all.cpu_us_per_request().max(1e-9);
        println!(
            "load: {:<13} bare/ours server CPU per request: {cpu_ratio:.2} (the rate ratio with a core to each)",
            route.name(),
        );
        let spread = ours_all.percentile(0.99) as f64 / ours_all.percentile(0.50).max(1) as f64;
        let bare_spread =
            bare_all.percentile(0.99) as f64 / bare_all.percentile(0.50).max(1) as f64;
        summary.push((route, ratio, cpu_ratio, spread, bare_spread));
    }
    for (route, ratio, cpu_ratio, spread, bare_spread) in &summary {
        if matches!(route, Route::Work) {
            continue;
        }
        let verdict = |met: bool| if met { "met" } else { "NOT met" };
        println!(
            "load: goal {:<13} >= 0.70x bare: {} (requests/s {ratio:.2}x, CPU per request {cpu_ratio:.2}x); p99 <= 10x p50: {} ({spread:.1}x; bare {bare_spread:.1}x)",
            route.name(),
            verdict(*ratio >= 0.7 && *cpu_ratio >= 0.7),
            verdict(*spread <= 10.0),
        );
    }

    let counted = match scrape_totals(&ours) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("load: could not read /metrics: {e}");
            return false;
        }
    };
    println!(
        "load: /metrics counts {counted} requests (excluding /metrics itself); clients sent {sent_to_ours}"
    );
    let ok = failures == 0 && counted == sent_to_ours && sent_to_ours > 0;
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
