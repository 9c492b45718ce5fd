//! crossbeam-channel's benchmark scenarios, written once against
//! `fearless_core::channel` and run for every competitor side by side: one
//! criterion group per scenario and capacity, one function per channel.
//!
//! - `seq`: one thread sends N messages, then receives them (boundedN and
//!   unbounded only: a smaller buffer cannot hold them).
//! - `spsc`: one producer thread, one consumer.
//! - `mpsc`: 4 producer threads, one consumer.
//! - `mpmc`: 4 producers, 4 consumers.
//! - `select_rx`: 4 producers, each on its own channel; one consumer selects
//!   over the 4 receivers (only the flavors with a select).
//!
//! Threads are spawned inside each iteration, as crossbeam's own benchmarks
//! do, so every competitor pays the same spawn cost. The scenarios live in
//! `common/scenarios.rs`, shared with `versus.rs` (the same scenarios timed
//! in interleaved ours-vs-competitor rounds).
// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

mod common;

use common::scenarios::{N, messages, mpmc, mpsc, select_rx, seq, spsc};
use common::{Cap, Flume, Kanal};
use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use fearless_channels::FearlessChannel;
use fearless_core::channel::{ChannelImpl, CrossbeamChannel, StdMpsc};

/// Benches `$scenario` for every listed flavor, side by side in group `$g`.
macro_rules! side_by_side {
    ($g:expr, $scenario:ident, $cap:expr, $n:expr, [$($flavor:ty),*]) => {
        $(
            $g.bench_function(<$flavor as ChannelImpl>::NAME, |b| {
                b.iter(|| $scenario::<$flavor>($cap, $n))
            });
        )*
    };
}

/// Every competitor, ours first: the first variant of a group is the
/// reference the report's "vs first" ratios divide by.
macro_rules! all_flavors {
    ($g:expr, $scenario:ident, $cap:expr, $n:expr) => {
        side_by_side!(
            $g,
            $scenario,
            $cap,
            $n,
            [FearlessChannel, StdMpsc, CrossbeamChannel, Flume, Kanal]
        )
    };
}

/// The competitors that have a select (std's mpsc and kanal have none),
/// ours first.
macro_rules! select_flavors {
    ($g:expr, $scenario:ident, $cap:expr, $n:expr) => {
        side_by_side!(
            $g,
            $scenario,
            $cap,
            $n,
            [FearlessChannel, CrossbeamChannel, Flume]
        )
    };
}

/// The group of one scenario at one capacity.
fn group<'c>(c: &'c mut Criterion, scenario: &str, cap: Cap) -> BenchmarkGroup<'c, WallTime> {
    let mut g = c.benchmark_group(format!("{scenario}/{}", cap.label(N)));
    g.throughput(Throughput::Elements(messages(cap) as u64));
    // An iteration takes milliseconds: flat sampling keeps enough samples
    // for a robust median without blowing the time budget. Capacities 0
    // and 1 with more threads than cores are bimodal (each handoff may or
    // may not need a context switch): they get more samples. A `--quick`
    // run of this file takes about 3 minutes on 2 cores; `cargo xtask
    // bench --rounds` gives each ratio's spread across runs.
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(match cap {
        Cap::Bounded(0 | 1) => 30,
        _ => 20,
    });
    g
}

fn benches(c: &mut Criterion) {
    for cap in [Cap::Bounded(N), Cap::Unbounded] {
        let mut g = group(c, "seq", cap);
        all_flavors!(g, seq, cap, messages(cap));
        g.finish();
    }
    for cap in [
        Cap::Bounded(0),
        Cap::Bounded(1),
        Cap::Bounded(N),
        Cap::Unbounded,
    ] {
        let n = messages(cap);
        let mut g = group(c, "spsc", cap);
        all_flavors!(g, spsc, cap, n);
        g.finish();
        let mut g = group(c, "mpsc", cap);
        all_flavors!(g, mpsc, cap, n);
        g.finish();
        let mut g = group(c, "mpmc", cap);
        all_flavors!(g, mpmc, cap, n);
        g.finish();
        let mut g = group(c, "select_rx", cap);
        select_flavors!(g, select_rx, cap, n);
        g.finish();
    }
}

criterion_group!(channels, benches);
criterion_main!(channels);
