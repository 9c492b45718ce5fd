//! filter/map/sum of u64 over 1e3, 1e5 and 1e7 items, `map().collect()`
//! into a `Vec` and a generic range's `map().sum()`: sequential, fearless
//! (whichever engine is compiled in) and rayon, in one run.
// criterion_group! generates an undocumented `pub fn`.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn sequential(v: &[u64]) -> u64 {
    v.iter()
        .filter(|&&x| x % 3 != 0)
        .map(|&x| x * x % 1000)
        .sum()
}

fn fearless(v: &[u64]) -> u64 {
    use fearless_par::prelude::*;
    v.par_iter()
        .filter(|&&x| x % 3 != 0)
        .map(|&x| x * x % 1000)
        .sum()
}

fn rayon(v: &[u64]) -> u64 {
    use rayon::prelude::*;
    v.par_iter()
        .filter(|&&x| x % 3 != 0)
        .map(|&x| x * x % 1000)
        .sum()
}

fn filter_map_sum(c: &mut Criterion) {
    let mut group = c.benchmark_group("filter_map_sum");
    group.sample_size(10);
    for n in [1_000u64, 100_000, 10_000_000] {
        let v: Vec<u64> = (0..n).collect();
        let expected = sequential(&v);
        assert_eq!(fearless(&v), expected);
        assert_eq!(rayon(&v), expected);
        group.throughput(Throughput::Elements(n));
        group.bench_with_input(BenchmarkId::new("sequential", n), &v, |b, v| {
            b.iter(|| sequential(black_box(v)))
        });
        group.bench_with_input(BenchmarkId::new("fearless", n), &v, |b, v| {
            b.iter(|| fearless(black_box(v)))
        });
        group.bench_with_input(BenchmarkId::new("rayon", n), &v, |b, v| {
            b.iter(|| rayon(black_box(v)))
        });
    }
    group.finish();
}

fn map_collect(c: &mut Criterion) {
    let mut group = c.benchmark_group("map_collect");
    group.sample_size(10);
    let n = 1_000_000u64;
    let v: Vec<u64> = (0..n).collect();
    group.throughput(Throughput::Elements(n));
    group.bench_function("sequential", |b| {
        b.iter(|| black_box(&v).iter().map(|x| x * 3).collect::<Vec<u64>>())
    });
    group.bench_function("fearless", |b| {
        use fearless_par::prelude::*;
        b.iter(|| {
            black_box(&v)
                .par_iter()
                .map(|x| x * 3)
                .collect::<Vec<u64>>()
        })
    });
    group.bench_function("rayon", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            black_box(&v)
                .par_iter()
                .map(|x| x * 3)
                .collect::<Vec<u64>>()
        })
    });
    group.finish();
}

fn range_sum(c: &mut Criterion) {
    let mut group = c.benchmark_group("range_sum");
    group.sample_size(10);
    let n = 10_000_000u64;
    group.throughput(Throughput::Elements(n));
    group.bench_function("sequential", |b| {
        b.iter(|| (0..black_box(n)).map(|x| x % 7).sum::<u64>())
    });
    group.bench_function("fearless", |b| {
        use fearless_par::prelude::*;
        b.iter(|| {
            (0..black_box(n))
                .into_par_iter()
                .map(|x| x % 7)
                .sum::<u64>()
        })
    });
    group.bench_function("rayon", |b| {
        use rayon::prelude::*;
        b.iter(|| {
            (0..black_box(n))
                .into_par_iter()
                .map(|x| x % 7)
                .sum::<u64>()
        })
    });
    group.finish();
}

criterion_group!(benches, filter_map_sum, map_collect, range_sum);
criterion_main!(benches);
