//! Sorting 1e6 random u64: `slice::sort`, fearless and rayon, stable and
//! unstable, in one run.
// criterion_group! generates an undocumented `pub fn`.
#![allow(missing_docs)]

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng, rngs::StdRng};

const LEN: usize = 1_000_000;

fn random_input() -> Vec<u64> {
    let mut rng = StdRng::seed_from_u64(0x5eed);
    (0..LEN).map(|_| rng.r#gen()).collect()
}

fn par_sort(c: &mut Criterion) {
    let input = random_input();
    let mut group = c.benchmark_group("par_sort");
    group.sample_size(10);
    group.throughput(Throughput::Elements(LEN as u64));
    group.bench_function("std_sort", |b| {
        b.iter_batched_ref(|| input.clone(), |v| v.sort(), BatchSize::LargeInput)
    });
    group.bench_function("fearless", |b| {
        use fearless_par::prelude::*;
        b.iter_batched_ref(|| input.clone(), |v| v.par_sort(), BatchSize::LargeInput)
    });
    group.bench_function("rayon", |b| {
        use rayon::prelude::*;
        b.iter_batched_ref(|| input.clone(), |v| v.par_sort(), BatchSize::LargeInput)
    });
    group.finish();
}

fn par_sort_unstable(c: &mut Criterion) {
    let input = random_input();
    let mut group = c.benchmark_group("par_sort_unstable");
    group.sample_size(10);
    group.throughput(Throughput::Elements(LEN as u64));
    group.bench_function("std_sort_unstable", |b| {
        b.iter_batched_ref(
            || input.clone(),
            |v| v.sort_unstable(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("fearless", |b| {
        use fearless_par::prelude::*;
        b.iter_batched_ref(
            || input.clone(),
            |v| v.par_sort_unstable(),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("rayon", |b| {
        use rayon::prelude::*;
        b.iter_batched_ref(
            || input.clone(),
            |v| v.par_sort_unstable(),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, par_sort, par_sort_unstable);
criterion_main!(benches);
