//! Is our channel at least as fast as crossbeam-channel in every scenario,
//! and how far from the fastest competitor?
//!
//! Issue 3 asks for our median throughput to be at least 0.95x
//! crossbeam-channel's in every scenario, and targets 0.8x the best of std,
//! crossbeam, flume and kanal. `channels.rs` (criterion) cannot answer that
//! on a shared 2-core VM: it runs one channel for a second, then the next,
//! and the machine's speed drifts between those windows, so the ratio of
//! two variants swings by tens of percent from run to run. This bench (no
//! criterion) runs the same scenarios (`common/scenarios.rs`) and pairs our
//! channel with each competitor in many short rounds ordered ours, theirs,
//! theirs, ours (A B B A), one scenario iteration each, so that a drift
//! that is linear over a round hits both sides equally. The ratio of a
//! round is (their two times) / (our two times): our throughput over
//! theirs, > 1 means ours is faster. Per scenario it reports the median of
//! those ratios against crossbeam and against the fastest competitor, with
//! the interquartile range and a distribution-free 95 % confidence interval
//! of the median. The fastest competitor is the one with the smallest
//! median ratio, not the one with the smallest median time: each pair runs
//! in its own window, so times of different pairs carry the drift this
//! bench exists to cancel, while every ratio is against the same reference
//! (ours) measured in the same rounds.
//!
//! Modes:
//! - `--bench [criterion options] [filter]` (what `cargo bench` and
//!   `cargo xtask bench` pass): the table. `--measurement-time S` is each
//!   pair's time budget (at least [`MIN_ROUNDS`] rounds are run whatever
//!   it says), `--warm-up-time S` each scenario's warm-up (every flavor in
//!   turn); `--quick`: 1 and 0.5, the whole file in under 2 minutes on 2
//!   cores. Every other criterion option is accepted and ignored. The
//!   filter keeps the scenarios whose name (`versus/mpmc/bounded1`)
//!   contains it (`a|b`: either).
//! - no `--bench` (`cargo test --benches`): every flavor of every scenario
//!   once with 8 messages, a smoke test: 0.2-0.25 s under load, where each
//!   threaded iteration may wait out a scheduler slice (~4 ms); much less
//!   on a quiet machine.
// The file is a benchmark, not an API.
#![allow(missing_docs)]

mod common;

use common::scenarios::{N, messages, mpmc, mpsc, select_rx, seq, spsc};
use common::{Cap, Flume, Kanal};
use fearless_bench_support::args::{parse, selected};
use fearless_bench_support::stats::{Summary, quantile};
use fearless_channels::FearlessChannel;
use fearless_core::channel::{ChannelFlavor, CrossbeamChannel, StdMpsc};
use std::time::{Duration, Instant};

/// Fewest measured rounds per pair, however long they take: a median and
/// its confidence interval need a few more than a dozen.
const MIN_ROUNDS: usize = 15;

/// One iteration of one scenario on one flavor.
type Run = fn(Cap, usize);

/// A channel taking part in a scenario.
struct Flavor {
    name: &'static str,
    run: Run,
}

/// One scenario at one capacity: ours and the competitors that have it.
struct Scenario {
    name: String,
    cap: Cap,
    n: usize,
    ours: Run,
    rivals: Vec<Flavor>,
}

/// The `Flavor`s of `$scenario` for each listed channel.
macro_rules! flavors {
    ($scenario:ident, [$($flavor:ty),*]) => {
        vec![$(Flavor {
            name: <$flavor as ChannelFlavor>::NAME,
            run: $scenario::<$flavor>,
        }),*]
    };
}

/// Every scenario of `channels.rs`, in its order.
fn scenarios() -> Vec<Scenario> {
    let make = |name: &str, cap: Cap, ours: Run, rivals: Vec<Flavor>| Scenario {
        name: format!("versus/{name}/{}", cap.label(N)),
        cap,
        n: messages(cap),
        ours,
        rivals,
    };
    let mut all = Vec::new();
    for cap in [Cap::Bounded(N), Cap::Unbounded] {
        let rivals = flavors!(seq, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("seq", cap, seq::<FearlessChannel>, rivals));
    }
    for cap in [
        Cap::Bounded(0),
        Cap::Bounded(1),
        Cap::Bounded(N),
        Cap::Unbounded,
    ] {
        let rivals = flavors!(spsc, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("spsc", cap, spsc::<FearlessChannel>, rivals));
        let rivals = flavors!(mpsc, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("mpsc", cap, mpsc::<FearlessChannel>, rivals));
        let rivals = flavors!(mpmc, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("mpmc", cap, mpmc::<FearlessChannel>, rivals));
        // std's mpsc and kanal have no select.
        let rivals = flavors!(select_rx, [CrossbeamChannel, Flume]);
        all.push(make("select_rx", cap, select_rx::<FearlessChannel>, rivals));
    }
    all
}

/// Seconds one iteration of `run` takes.
fn time(run: Run, cap: Cap, n: usize) -> f64 {
    let start = Instant::now();
    run(cap, n);
    start.elapsed().as_secs_f64()
}

/// The rounds of one pair: ours against one competitor.
struct PairRounds {
    rival: &'static str,
    /// Per round, (their time sum) / (our time sum), sorted.
    ratios: Vec<f64>,
    /// Every timed iteration of ours, in seconds, sorted.
    ours: Vec<f64>,
}

/// Runs A B B A rounds of ours against `rival` for `budget` and at least
/// `min_rounds` rounds, with `n` messages per iteration.
fn measure(
    s: &Scenario,
    rival: &Flavor,
    n: usize,
    budget: Duration,
    min_rounds: usize,
) -> PairRounds {
    let mut p = PairRounds {
        rival: rival.name,
        ratios: Vec::new(),
        ours: Vec::new(),
    };
    let clock = Instant::now();
    while p.ratios.len() < min_rounds || clock.elapsed() < budget {
        let a1 = time(s.ours, s.cap, n);
        let b1 = time(rival.run, s.cap, n);
        let b2 = time(rival.run, s.cap, n);
        let a2 = time(s.ours, s.cap, n);
        p.ratios.push((b1 + b2) / (a1 + a2));
        p.ours.extend([a1, a2]);
    }
    for v in [&mut p.ratios, &mut p.ours] {
        v.sort_by(f64::total_cmp);
    }
    p
}

/// What one scenario's pairs found.
struct Verdict {
    /// Our median iteration time, in seconds, over all pairs' rounds.
    ours: f64,
    crossbeam: Summary,
    best_name: &'static str,
    best: Summary,
    /// Every competitor's median ratio, in the order of the scenario.
    each: Vec<(&'static str, f64)>,
}

/// Warms `s` up for `warm_up` (every flavor in turn, at least once), then
/// measures every pair for `budget` each.
fn run_scenario(s: &Scenario, warm_up: Duration, budget: Duration) -> Verdict {
    let clock = Instant::now();
    loop {
        time(s.ours, s.cap, s.n);
        for r in &s.rivals {
            time(r.run, s.cap, s.n);
        }
        if clock.elapsed() >= warm_up {
            break;
        }
    }
    let pairs: Vec<PairRounds> = s
        .rivals
        .iter()
        .map(|r| measure(s, r, s.n, budget, MIN_ROUNDS))
        .collect();
    let crossbeam = pairs
        .iter()
        .find(|p| p.rival == CrossbeamChannel::NAME)
        .expect("every scenario has crossbeam");
    let best = pairs
        .iter()
        .min_by(|a, b| quantile(&a.ratios, 0.5).total_cmp(&quantile(&b.ratios, 0.5)))
        .expect("every scenario has a competitor");
    let mut ours: Vec<f64> = pairs.iter().flat_map(|p| p.ours.iter().copied()).collect();
    ours.sort_by(f64::total_cmp);
    Verdict {
        ours: quantile(&ours, 0.5),
        crossbeam: Summary::of(&crossbeam.ratios),
        best_name: best.rival,
        best: Summary::of(&best.ratios),
        each: pairs
            .iter()
            .map(|p| (p.rival, quantile(&p.ratios, 0.5)))
            .collect(),
    }
}

fn main() {
    let options = match parse(std::env::args().skip(1), |_, _| Ok(false)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("versus: {e}");
            std::process::exit(2);
        }
    };
    let mut scenarios = scenarios();
    scenarios.retain(|s| selected(&s.name, options.filter.as_deref()));

    if !options.bench {
        // `cargo test --benches`: every flavor of every scenario once, with
        // 8 messages (2 per producer), and the statistics of those times,
        // to check that everything runs; no timing. The thread spawns cost
        // most of it.
        let clock = Instant::now();
        for s in &scenarios {
            let ours = time(s.ours, s.cap, 8);
            let mut ratios: Vec<f64> = s
                .rivals
                .iter()
                .map(|r| time(r.run, s.cap, 8) / ours)
                .collect();
            ratios.sort_by(f64::total_cmp);
            assert!(Summary::of(&ratios).median > 0.0, "{}", s.name);
        }
        println!(
            "versus: {} scenarios ran in {:.0} ms",
            scenarios.len(),
            clock.elapsed().as_secs_f64() * 1e3
        );
        return;
    }
    if scenarios.is_empty() {
        return;
    }

    let (default_warm, default_budget) = if options.quick {
        (0.5, 1.0)
    } else {
        (1.0, 3.0)
    };
    let warm_up = Duration::from_secs_f64(options.warm_up.unwrap_or(default_warm));
    let budget = Duration::from_secs_f64(options.measurement.unwrap_or(default_budget));
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nversus: our throughput / theirs, per round of ours, theirs, theirs, ours \
         (one iteration each; > 1: ours faster); {:.1}s and >= {MIN_ROUNDS} rounds per pair \
         after {:.1}s warm-up per scenario; load average {}",
        budget.as_secs_f64(),
        warm_up.as_secs_f64(),
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "{:<20} {:>9} | {:>6} {:>11} {:>11} | {:<9} {:>6} {:>11} {:>11} | {:>7} | each competitor's median",
        "scenario",
        "ours/iter",
        "vs xb",
        "IQR",
        "95% CI",
        "fastest",
        "vs it",
        "IQR",
        "95% CI",
        "rounds",
    );
    let clock = Instant::now();
    let mut below = Vec::new();
    for s in &scenarios {
        let v = run_scenario(s, warm_up, budget);
        let mut marks = String::new();
        if v.crossbeam.median < 0.95 {
            marks.push_str(" <0.95xb");
        }
        if v.best.median < 0.8 {
            marks.push_str(" <0.8best");
        }
        let name = s.name.trim_start_matches("versus/");
        if !marks.is_empty() {
            below.push(format!("{name}{marks}"));
        }
        let each: Vec<String> = v.each.iter().map(|(n, m)| format!("{n} {m:.2}")).collect();
        println!(
            "{:<20} {:>7.0}us | {} | {:<9} {} | {:>3}/{:<3} | {}{}",
            name,
            v.ours * 1e6,
            v.crossbeam.cells(),
            v.best_name,
            v.best.cells(),
            v.crossbeam.rounds,
            v.best.rounds,
            each.join(", "),
            if marks.is_empty() {
                String::new()
            } else {
                format!("  **{}**", marks.trim())
            }
        );
    }
    println!(
        "(vs xb, vs it: median over rounds of time(theirs)/time(ours) against crossbeam and \
         against the fastest competitor (the smallest median ratio); IQR: quartiles of those ratios; \
         95% CI: of the median; rounds: crossbeam pair/fastest pair; each competitor's median: \
         the median ratio against each; ** marks ours/crossbeam < 0.95 or ours/fastest < 0.8)"
    );
    println!(
        "versus: {} scenarios in {:.0}s; below the bar: {}",
        scenarios.len(),
        clock.elapsed().as_secs_f64(),
        if below.is_empty() {
            "none".to_string()
        } else {
            below.join("; ")
        }
    );
}
