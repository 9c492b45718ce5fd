//! Load balancing and overhead: dynamic vs static scheduling vs rayon's
//! `par_iter` vs a sequential loop, on uniform, cheap and skewed
//! workloads, and `map` with ordered collection.
//!
//! Goals (issue 5): on `skewed`, dynamic at least 1.5x faster than static
//! and within 1.2x of rayon; on `uniform_cheap_1000`, the default
//! configuration at most 2x sequential.

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

fn par(schedule: Schedule) -> Parallel<'static> {
    Parallel::builder().schedule(schedule).build().unwrap()
}

fn compare(c: &mut Criterion, group: &str, data: &[u64], cost: impl Fn(u64) -> u32 + Sync) {
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(data.len() as u64));
    g.sample_size(20);
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
    g.bench_function("rayon", |b| {
        b.iter(|| {
            data.par_iter().for_each(|&x| {
                black_box(spin(x, cost(x)));
            })
        })
    });
    g.finish();
}

fn uniform(c: &mut Criterion) {
    let data: Vec<u64> = (0..4_000).collect();
    compare(c, "uniform", &data, |_| 1);
}

fn skewed(c: &mut Criterion) {
    let data: Vec<u64> = (0..1_000).collect();
    let len = data.len() as u64;
    compare(c, "skewed", &data, move |i| skewed_cost(i, len));
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

/// `map` with results collected in input order.
fn map_ordered(c: &mut Criterion) {
    let data: Vec<u64> = (0..200_000).collect();
    let f = |&x: &u64| x.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ spin(x, 0);
    let expected: Vec<u64> = data.iter().map(f).collect();
    assert_eq!(fearless_scoped::map(&data, f), expected);
    let mut g = c.benchmark_group("map_ordered");
    g.throughput(Throughput::Elements(data.len() as u64));
    g.sample_size(30);
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
    criterion_group!(benches, uniform, skewed, uniform_cheap_1000, map_ordered);
}
criterion_main!(group::benches);
