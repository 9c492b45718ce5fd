//! Is our channel the fastest in every cell of the channel matrix, and at
//! what CPU cost?
//!
//! The matrix (issue 15): capacities `bounded(0)`, `bounded(1)`,
//! `bounded(1024)` and `unbounded`, each with 1 producer x 1 consumer, 4x1,
//! 4x4 and 16x16 (oversubscribed on the 2-core machine), every producer and
//! consumer on its own thread; plus crossbeam's `seq` and `select_rx`
//! scenarios. Competitors: std's mpsc (its receiver shared behind a lock
//! where there are several consumers), crossbeam-channel, flume and kanal;
//! `select_rx` only against those with a select.
//!
//! `channels.rs` (criterion) cannot compare channels on a shared 2-core VM:
//! it runs one channel for a second, then the next, and the machine's speed
//! drifts between those windows. This bench (no criterion) pairs our
//! channel with each competitor in many short rounds ordered ours, theirs,
//! theirs, ours (A B B A), one iteration each, so that a drift that is
//! linear over a round hits both sides equally. Per round it takes two
//! ratios: wall time (their two times over our two) and CPU time (their
//! user+system time over ours, from `getrusage(RUSAGE_SELF)` read around
//! each iteration, which counts the joined threads too). Both are > 1 when
//! ours is better. Per cell it reports our wall and CPU time per message,
//! each competitor's median time ratio and CPU ratio, and, for the fastest
//! competitor (the smallest median time ratio: every ratio is against ours
//! measured in the same rounds, so ratios of different pairs compare, raw
//! times of different windows do not), the median, interquartile range and
//! distribution-free 95 % confidence interval of the time ratio.
//!
//! Modes:
//! - `--bench [criterion options] [filter]` (what `cargo bench` and
//!   `cargo xtask bench` pass): the table. `--measurement-time S` is each
//!   pair's time budget (at least [`MIN_ROUNDS`] rounds, [`QUICK_ROUNDS`]
//!   with `--quick`, whatever it says), `--warm-up-time S` each cell's
//!   warm-up (every channel in turn); `--quick`: 0.2 and 0.05, the whole file
//!   in about 40 s of measuring on 2 cores. Every other criterion option is
//!   accepted and ignored. The filter keeps the cells whose name
//!   (`versus/4x4/bounded1`) contains it (`a|b`: either).
//! - no `--bench` (`cargo test --benches`): every channel of every cell once
//!   with a few messages, a smoke test (a fraction of a second).
// The file is a benchmark, not an API.
#![allow(missing_docs)]

mod common;

use common::scenarios::{N, grid, messages, select_rx, seq};
use common::{Cap, Flume, Kanal};
use fearless_bench_support::args::{parse, selected};
use fearless_bench_support::rounds::{Rounds, Variant};
use fearless_bench_support::stats::{Summary, quantile};
use fearless_channels::FearlessChannel;
use fearless_core::channel::{ChannelImpl, CrossbeamChannel, StdMpsc};
use std::time::{Duration, Instant};

/// Fewest measured rounds per pair, however long they take: a median and
/// its confidence interval need a few more than a dozen.
const MIN_ROUNDS: usize = 15;
/// Fewest rounds per pair with `--quick`: enough for a median.
const QUICK_ROUNDS: usize = 7;
/// The buffered capacity of the matrix.
const BIG: usize = 1024;

/// One iteration of one scenario on one channel, moving `n` messages.
type Run = fn(Cap, usize);

/// A channel taking part in a cell.
struct Rival {
    name: &'static str,
    run: Run,
}

/// One cell: a scenario at one capacity, ours and the competitors.
struct Scenario {
    name: String,
    cap: Cap,
    n: usize,
    ours: Run,
    rivals: Vec<Rival>,
}

/// The `Rival`s of `$scenario` (with its const arguments) for each
/// listed channel.
macro_rules! rivals {
    ($scenario:ident, [$($channel:ty),*]) => {
        vec![$(Rival {
            name: <$channel as ChannelImpl>::NAME,
            run: $scenario::<$channel>,
        }),*]
    };
    ($scenario:ident<$p:literal, $c:literal>, [$($channel:ty),*]) => {
        vec![$(Rival {
            name: <$channel as ChannelImpl>::NAME,
            run: $scenario::<$channel, $p, $c>,
        }),*]
    };
}

/// Every cell: `seq`, then per capacity the four shapes and `select_rx`.
fn scenarios() -> Vec<Scenario> {
    let make = |name: &str, cap: Cap, ours: Run, rivals: Vec<Rival>| Scenario {
        name: format!("versus/{name}/{}", cap.label(N)),
        cap,
        // A multiple of every thread count of the matrix (up to 16x16);
        // `seq` fills a `bounded(N)` channel, so it must stay N.
        n: if name == "seq" {
            messages(cap)
        } else {
            messages(cap).div_ceil(256) * 256
        },
        ours,
        rivals,
    };
    let mut all = Vec::new();
    for cap in [Cap::Bounded(N), Cap::Unbounded] {
        let rivals = rivals!(seq, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("seq", cap, seq::<FearlessChannel>, rivals));
    }
    for cap in [
        Cap::Bounded(0),
        Cap::Bounded(1),
        Cap::Bounded(BIG),
        Cap::Unbounded,
    ] {
        let rivals = rivals!(grid<1, 1>, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("1x1", cap, grid::<FearlessChannel, 1, 1>, rivals));
        let rivals = rivals!(grid<4, 1>, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("4x1", cap, grid::<FearlessChannel, 4, 1>, rivals));
        let rivals = rivals!(grid<4, 4>, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("4x4", cap, grid::<FearlessChannel, 4, 4>, rivals));
        let rivals = rivals!(grid<16, 16>, [StdMpsc, CrossbeamChannel, Flume, Kanal]);
        all.push(make("16x16", cap, grid::<FearlessChannel, 16, 16>, rivals));
        // std's mpsc and kanal have no select.
        let rivals = rivals!(select_rx, [CrossbeamChannel, Flume]);
        all.push(make("select_rx", cap, select_rx::<FearlessChannel>, rivals));
    }
    all
}

/// User + system CPU time of the whole process so far, in seconds
/// (finished threads included).
fn cpu_seconds() -> f64 {
    // SAFETY: `rusage` is plain old data, valid when zeroed; `getrusage`
    // only writes into the struct we pass, which lives across the call.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        let rc = libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        assert_eq!(rc, 0, "getrusage(RUSAGE_SELF) failed");
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Wall and CPU seconds of one iteration.
#[derive(Clone, Copy)]
struct Sample {
    wall: f64,
    cpu: f64,
}

/// Runs one iteration of `run` and measures it. Every thread of the
/// iteration is joined before it returns, so its CPU time is counted.
fn time(run: Run, cap: Cap, n: usize) -> Sample {
    let cpu = cpu_seconds();
    let start = Instant::now();
    run(cap, n);
    let wall = start.elapsed().as_secs_f64();
    Sample {
        wall,
        cpu: cpu_seconds() - cpu,
    }
}

/// What one cell's pairs found.
struct Verdict {
    /// Our median wall and CPU time per message, in seconds, over all
    /// pairs' rounds.
    ours: f64,
    ours_cpu: f64,
    best_name: String,
    best: Summary,
    /// Every competitor's median time ratio and CPU ratio.
    each: Vec<(String, f64, f64)>,
}

/// Measures ours (the baseline) against every competitor of `s` in
/// bench-support's A B B A rounds, each run costing its wall and CPU time.
fn run_scenario(s: &Scenario, rounds: &Rounds) -> Verdict {
    let variant = |name: &str, run: Run| {
        Variant::new(name, move || {
            let t = time(run, s.cap, s.n);
            // A tiny CPU floor: a run may finish within one accounting
            // granule, and a ratio must stay finite.
            [t.wall, t.cpu + 1e-7]
        })
    };
    let mut variants = vec![variant("ours", s.ours)];
    variants.extend(s.rivals.iter().map(|r| variant(r.name, r.run)));
    let pairs = rounds.run(&mut variants);
    let best = pairs
        .iter()
        .min_by(|a, b| a.ratio[0].median.total_cmp(&b.ratio[0].median))
        .expect("every cell has a competitor");
    let per_msg = |cost: usize| {
        let mut v: Vec<f64> = pairs
            .iter()
            .flat_map(|p| p.baseline[cost].iter().copied())
            .collect();
        v.sort_by(f64::total_cmp);
        quantile(&v, 0.5) / s.n as f64
    };
    Verdict {
        ours: per_msg(0),
        ours_cpu: per_msg(1),
        best_name: best.name.clone(),
        best: best.ratio[0].clone(),
        each: pairs
            .iter()
            .map(|p| (p.name.clone(), p.ratio[0].median, p.ratio[1].median))
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
        // `cargo test --benches`: every channel of every cell once with 256
        // messages (one per producer-consumer pair of 16x16), to check that
        // everything runs; no timing.
        let clock = Instant::now();
        for s in &scenarios {
            let ours = time(s.ours, s.cap, 256);
            for r in &s.rivals {
                let theirs = time(r.run, s.cap, 256);
                assert!(theirs.wall > 0.0 && ours.wall > 0.0, "{}", s.name);
            }
        }
        println!(
            "versus: {} cells ran in {:.0} ms",
            scenarios.len(),
            clock.elapsed().as_secs_f64() * 1e3
        );
        return;
    }
    if scenarios.is_empty() {
        return;
    }

    let (default_warm, default_budget, min_rounds) = if options.quick {
        (0.05, 0.2, QUICK_ROUNDS)
    } else {
        (1.0, 3.0, MIN_ROUNDS)
    };
    let warm_up = Duration::from_secs_f64(options.warm_up.unwrap_or(default_warm));
    let budget = Duration::from_secs_f64(options.measurement.unwrap_or(default_budget));
    let rounds = Rounds {
        warm_up,
        budget,
        min_rounds,
    };
    println!(
        "\nversus: theirs / ours per round of ours, theirs, theirs, ours (one iteration \
         each; > 1: ours better), wall time (t) and user+system CPU time (cpu); {:.2}s and \
         >= {min_rounds} rounds per pair after {:.2}s warm-up per cell; load average {}",
        budget.as_secs_f64(),
        warm_up.as_secs_f64(),
        fearless_bench_support::load_average()
    );
    println!(
        "{:<22} {:>8} {:>8} | {:<9} {:>6} {:>11} {:>11} | {:>6} | each competitor's median t/cpu",
        "cell", "ns/msg", "cpu ns", "fastest", "t", "IQR", "95% CI", "rounds",
    );
    let clock = Instant::now();
    let mut below = Vec::new();
    for s in &scenarios {
        let v = run_scenario(s, &rounds);
        let mut marks = String::new();
        if v.best.median < 0.95 {
            marks.push_str(" <0.95best");
        }
        for &(ref name, t, cpu) in &v.each {
            if name == CrossbeamChannel::NAME && t < 0.95 {
                marks.push_str(" <0.95xb");
            }
            if name == Kanal::NAME && cpu < 1.0 / 1.2 {
                marks.push_str(" cpu>1.2kanal");
            }
        }
        let name = s.name.trim_start_matches("versus/");
        if !marks.is_empty() {
            below.push(format!("{name}{marks}"));
        }
        let each: Vec<String> = v
            .each
            .iter()
            .map(|(n, t, c)| format!("{n} {t:.2}/{c:.2}"))
            .collect();
        println!(
            "{:<22} {:>8.0} {:>8.0} | {:<9} {} | {:>6} | {}{}",
            name,
            v.ours * 1e9,
            v.ours_cpu * 1e9,
            v.best_name,
            v.best.cells(),
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
        "(ns/msg, cpu ns: our median wall and CPU time per message; fastest: the competitor \
         with the smallest median time ratio, its IQR and the 95% CI of its median; t/cpu: \
         median over rounds of theirs/ours, time and CPU; ** marks time < 0.95x the fastest \
         or crossbeam, or CPU > 1.2x kanal's)"
    );
    println!(
        "versus: {} cells in {:.0}s; below the bar: {}",
        scenarios.len(),
        clock.elapsed().as_secs_f64(),
        if below.is_empty() {
            "none".to_string()
        } else {
            below.join("; ")
        }
    );
}
