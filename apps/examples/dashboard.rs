//! Real-time analytics on fearless: producers, aggregators and a reporter
//! that refreshes a terminal view once a second.
//!
//! ```text
//! cargo run --release --example dashboard -- --seconds 5
//! ```

use clap::Parser;
use fearless_apps::dashboard::{Dashboard, DashboardOptions, Snapshot};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Real-time analytics over a stream of events")]
struct Args {
    /// How long to run, in seconds (1 to 3600).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=3600))]
    seconds: u64,
    /// Producer threads (1 to 1024).
    #[arg(long, default_value_t = 2)]
    producers: usize,
    /// Aggregator threads (1 to 1024).
    #[arg(long, default_value_t = 2)]
    aggregators: usize,
    /// Distinct keys.
    #[arg(long, default_value_t = 1000)]
    keys: u32,
    /// Keys shown.
    #[arg(long, default_value_t = 5)]
    top: usize,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let options = DashboardOptions {
        producers: args.producers,
        aggregators: args.aggregators,
        keys: args.keys,
        ..DashboardOptions::default()
    };
    let dashboard = match Dashboard::start(&options) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("dashboard: {e}");
            return ExitCode::FAILURE;
        }
    };
    let refresh = std::io::stdout().is_terminal();
    let start = Instant::now();
    let mut last_total = 0;
    for second in 1..=args.seconds {
        // Sleep to the next whole second of the run, so drift does not add up.
        let next = start + Duration::from_secs(second);
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
        let snapshot = dashboard.stats().snapshot(args.top);
        let rate = snapshot.total - last_total;
        last_total = snapshot.total;
        render(&snapshot, second, rate, refresh);
    }
    let totals = dashboard.stop();
    println!(
        "done: {} events produced, {} aggregated, {} counted in {:.1}s",
        totals.produced,
        totals.aggregated,
        totals.counted,
        start.elapsed().as_secs_f64()
    );
    if totals.produced == totals.aggregated && totals.aggregated == totals.counted {
        ExitCode::SUCCESS
    } else {
        eprintln!("dashboard: events were lost");
        ExitCode::FAILURE
    }
}

fn render(s: &Snapshot, second: u64, rate: u64, refresh: bool) {
    let mut out = String::new();
    if refresh {
        // Clear the screen and home the cursor: a refreshing view.
        out.push_str("\x1b[2J\x1b[H");
    }
    out.push_str(&format!(
        "t={second}s  events/s {rate:>12}  total {:>12}\n",
        s.total
    ));
    match s.latency_us {
        Some((p50, p90, p99)) => {
            out.push_str(&format!("latency us  p50 {p50}  p90 {p90}  p99 {p99}\n"))
        }
        None => out.push_str("latency us  (no events yet)\n"),
    }
    out.push_str("top keys:\n");
    for (key, stats) in &s.top {
        let mean = stats.latency_sum_us / stats.count.max(1);
        out.push_str(&format!(
            "  key {key:>6}  {:>10} events  mean {mean}us  max {}us\n",
            stats.count, stats.latency_max_us
        ));
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
}
