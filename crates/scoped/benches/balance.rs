//! Load balancing and overhead: dynamic vs static scheduling vs rayon's
//! `par_iter` vs a sequential loop, on uniform, cheap and skewed
//! workloads, and `map` with ordered collection.
//!
//! Goals: on `skewed`, dynamic at least 1.5x faster than static
//! and within 1.2x of rayon; on `uniform_cheap_1000`, the default
//! configuration at most 2x sequential.
//!
//! # Why the main workloads take milliseconds
//!
//! A call of this crate starts its threads and waits for them to finish
//! (scoped threads, per call), which costs a fixed amount per call: about
//! 25-50 µs to start a thread and have it running on an idle 2-core VM,
//! and up to ~100 µs as measured from the bench loop (`fixed_cost` shows
//! it against a bare `std::thread::scope`). rayon's pool is already
//! running, so it pays none of that. On a job of 300 µs that fixed cost is
//! a third of the parallel time and swamps the scheduling question; the
//! crate is meant for work of milliseconds (smaller work runs inline, see
//! `uniform_cheap_1000`). So `uniform`, `skewed` and `map_ordered` are
//! sized to a few milliseconds sequentially (fixed cost <= ~5% of the
//! sequential time), with the shape unchanged; the `*_small` groups keep
//! the earlier sizes (~0.2-0.3 ms) to show the fixed cost honestly.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fearless_scoped::{Parallel, Schedule};
use rayon::prelude::*;

/// `units` units of opaque arithmetic (about a quarter of a microsecond
/// each on a current x86 core).
fn spin(seed: u64, units: u32) -> u64 {
    let mut h = seed;
    for _ in 0..units * 64 {
        h = black_box(
            h.wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407),
        );
    }
    h
}

/// Item `i` of the skewed workload costs 100 units if it is one of the
/// every-tenth items of the first quarter, else 1: 2.5% of the items hold
/// about 70% of the work, all of it in the first static block.
fn skewed_cost(i: u64, len: u64) -> u32 {
    if i < len / 4 && i % 10 == 0 { 100 } else { 1 }
}

/// The scheduling question is asked without the inline probe (threads from
/// the first item), so that only the schedule differs; `default` shows
/// what the probe adds on the same work.
fn par(schedule: Schedule) -> Parallel<'static> {
    Parallel::builder()
        .schedule(schedule)
        .inline_threshold(Duration::ZERO)
        .build()
        .unwrap()
}

fn compare(c: &mut Criterion, group: &str, data: &[u64], cost: impl Fn(u64) -> u32 + Sync) {
    let mut g = c.benchmark_group(group);
    // Milliseconds per iteration: 20 samples fit in the `--quick` window.
    g.sample_size(20);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("sequential", |b| {
        b.iter(|| {
            data.iter().for_each(|&x| {
                black_box(spin(x, cost(x)));
            })
        })
    });
    for (name, schedule) in [("dynamic", Schedule::Dynamic), ("static", Schedule::Static)] {
        let p = par(schedule);
        g.bench_function(name, |b| {
            b.iter(|| {
                p.for_each(data, |&x| {
                    black_box(spin(x, cost(x)));
                })
            })
        });
    }
    let default = Parallel::new();
    g.bench_function("default", |b| {
        b.iter(|| {
            default.for_each(data, |&x| {
                black_box(spin(x, cost(x)));
            })
        })
    });
    g.bench_function("rayon", |b| {
        b.iter(|| {
            data.par_iter().for_each(|&x| {
                black_box(spin(x, cost(x)));
            })
        })
    });
    g.finish();
}

/// 40,000 items of one unit each (~3 ms sequentially).
fn uniform(c: &mut Criterion) {
    let data: Vec<u64> = (0..40_000).collect();
    compare(c, "uniform", &data, |_| 1);
}

/// 10,000 items of the skewed shape (~3 ms sequentially).
fn skewed(c: &mut Criterion) {
    skewed_of(c, "skewed", 10_000);
}

/// The skewed shape at 1,000 items (~0.3 ms): the per-call fixed cost
/// dominates here, which is what this group is kept to show.
fn skewed_small(c: &mut Criterion) {
    skewed_of(c, "skewed_small", 1_000);
}

fn skewed_of(c: &mut Criterion, group: &str, len: u64) {
    let data: Vec<u64> = (0..len).collect();
    compare(c, group, &data, move |i| skewed_cost(i, len));
}

/// The fixed cost of one call that starts threads, on two trivial items:
/// a bare `std::thread::scope` with one spawned thread (the floor), the
/// crate with threads forced (two chunks, two threads), and rayon (warm
/// pool).
fn fixed_cost(c: &mut Criterion) {
    let data = [1u64, 2];
    let mut g = c.benchmark_group("fixed_cost");
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("std_scope_one_thread", |b| {
        b.iter(|| {
            std::thread::scope(|s| {
                s.spawn(|| black_box(data[1]));
                black_box(data[0]);
            })
        })
    });
    let forced = Parallel::builder()
        .threads(2)
        .chunk(1)
        .inline_threshold(Duration::ZERO)
        .build()
        .unwrap();
    g.bench_function("fearless_two_threads", |b| {
        b.iter(|| {
            forced.for_each(&data, |x| {
                black_box(x);
            })
        })
    });
    g.bench_function("rayon", |b| {
        b.iter(|| {
            data.par_iter().with_max_len(1).for_each(|x| {
                black_box(x);
            })
        })
    });
    g.finish();
}

/// 1,000 items of a few nanoseconds each: the inline fallback should keep
/// the default configuration close to the sequential loop.
fn uniform_cheap_1000(c: &mut Criterion) {
    let data: Vec<u64> = (0..1_000).collect();
    let cheap = |&x: &u64| {
        black_box(x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17));
    };
    let mut g = c.benchmark_group("uniform_cheap_1000");
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("sequential", |b| b.iter(|| data.iter().for_each(cheap)));
    g.bench_function("fearless", |b| {
        b.iter(|| fearless_scoped::for_each(&data, cheap))
    });
    let forced = Parallel::builder()
        .inline_threshold(Duration::ZERO)
        .build()
        .unwrap();
    g.bench_function("fearless_always_threads", |b| {
        b.iter(|| forced.for_each(&data, cheap))
    });
    g.bench_function("rayon", |b| b.iter(|| data.par_iter().for_each(cheap)));
    g.finish();
}

/// `map` with results collected in input order: 2,000,000 cheap items
/// (~2 ms sequentially), so the per-item cost of ordered collection is what
/// is measured.
fn map_ordered(c: &mut Criterion) {
    map_of(c, "map_ordered", 2_000_000);
}

/// The same at 200,000 items (~0.2 ms), where the fixed cost shows.
fn map_ordered_small(c: &mut Criterion) {
    map_of(c, "map_ordered_small", 200_000);
}

fn map_of(c: &mut Criterion, group: &str, len: u64) {
    let data: Vec<u64> = (0..len).collect();
    let f = |&x: &u64| x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ spin(x, 0);
    let expected: Vec<u64> = data.iter().map(f).collect();
    assert_eq!(fearless_scoped::map(&data, f), expected);
    let mut g = c.benchmark_group(group);
    g.sample_size(20);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("sequential", |b| {
        b.iter(|| data.iter().map(f).collect::<Vec<_>>())
    });
    g.bench_function("fearless", |b| b.iter(|| fearless_scoped::map(&data, f)));
    g.bench_function("rayon", |b| {
        b.iter(|| data.par_iter().map(f).collect::<Vec<_>>())
    });
    g.finish();
}

// `criterion_group!` generates an undocumented function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(
        benches,
        uniform,
        skewed,
        skewed_small,
        uniform_cheap_1000,
        fixed_cost,
        map_ordered,
        map_ordered_small
    );
}
criterion_main!(group::benches);
