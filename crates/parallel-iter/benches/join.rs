//! Recursive `join`: fibonacci with a sequential cutoff, and a quicksort
//! built on `join`; ours against rayon's and the sequential code, one group
//! per workload. Both pools have one thread per available core.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::{Rng, SeedableRng, rngs::StdRng};
use std::hint::black_box;

const FIB_N: u32 = 30;
const FIB_CUTOFF: u32 = 18;
const SORT_LEN: usize = 200_000;
const SORT_CUTOFF: usize = 2_000;

fn fib_seq(n: u32) -> u64 {
    if n < 2 {
        n as u64
    } else {
        fib_seq(n - 1) + fib_seq(n - 2)
    }
}

fn fib_fearless(n: u32) -> u64 {
    if n <= FIB_CUTOFF {
        return fib_seq(n);
    }
    let (a, b) = fearless_par::join(|| fib_fearless(n - 1), || fib_fearless(n - 2));
    a + b
}

fn fib_rayon(n: u32) -> u64 {
    if n <= FIB_CUTOFF {
        return fib_seq(n);
    }
    let (a, b) = rayon::join(|| fib_rayon(n - 1), || fib_rayon(n - 2));
    a + b
}

/// Lomuto partition around the middle element; returns the pivot's index.
fn partition(v: &mut [u64]) -> usize {
    let last = v.len() - 1;
    v.swap(v.len() / 2, last);
    let pivot = v[last];
    let mut store = 0;
    for i in 0..last {
        if v[i] < pivot {
            v.swap(i, store);
            store += 1;
        }
    }
    v.swap(store, last);
    store
}

fn quicksort_seq(v: &mut [u64]) {
    if v.len() <= SORT_CUTOFF {
        v.sort_unstable();
        return;
    }
    let mid = partition(v);
    let (lo, hi) = v.split_at_mut(mid);
    quicksort_seq(lo);
    quicksort_seq(&mut hi[1..]);
}

fn quicksort_fearless(v: &mut [u64]) {
    if v.len() <= SORT_CUTOFF {
        v.sort_unstable();
        return;
    }
    let mid = partition(v);
    let (lo, hi) = v.split_at_mut(mid);
    fearless_par::join(
        || quicksort_fearless(lo),
        || quicksort_fearless(&mut hi[1..]),
    );
}

fn quicksort_rayon(v: &mut [u64]) {
    if v.len() <= SORT_CUTOFF {
        v.sort_unstable();
        return;
    }
    let mid = partition(v);
    let (lo, hi) = v.split_at_mut(mid);
    rayon::join(|| quicksort_rayon(lo), || quicksort_rayon(&mut hi[1..]));
}

fn fib_calls(n: u32) -> u64 {
    if n < 2 {
        1
    } else {
        1 + fib_calls(n - 1) + fib_calls(n - 2)
    }
}

fn pools() -> (fearless_par::ThreadPool, rayon::ThreadPool) {
    (
        fearless_par::ThreadPoolBuilder::new().build().unwrap(),
        rayon::ThreadPoolBuilder::new().build().unwrap(),
    )
}

fn bench_fib(c: &mut Criterion) {
    let (ours, theirs) = pools();
    let expected = fib_seq(FIB_N);
    assert_eq!(ours.install(|| fib_fearless(FIB_N)), expected);
    assert_eq!(theirs.install(|| fib_rayon(FIB_N)), expected);
    let mut group = c.benchmark_group("join_fib");
    group.throughput(Throughput::Elements(fib_calls(FIB_N)));
    group.bench_with_input(BenchmarkId::new("fearless", FIB_N), &FIB_N, |b, &n| {
        b.iter(|| ours.install(|| fib_fearless(black_box(n))))
    });
    group.bench_with_input(BenchmarkId::new("rayon", FIB_N), &FIB_N, |b, &n| {
        b.iter(|| theirs.install(|| fib_rayon(black_box(n))))
    });
    group.bench_with_input(BenchmarkId::new("sequential", FIB_N), &FIB_N, |b, &n| {
        b.iter(|| fib_seq(black_box(n)))
    });
    group.finish();
}

fn bench_quicksort(c: &mut Criterion) {
    let (ours, theirs) = pools();
    let mut rng = StdRng::seed_from_u64(6);
    let input: Vec<u64> = (0..SORT_LEN).map(|_| rng.r#gen()).collect();
    let mut sorted = input.clone();
    sorted.sort_unstable();
    let mut check = input.clone();
    ours.install(|| quicksort_fearless(&mut check));
    assert_eq!(check, sorted);

    let mut group = c.benchmark_group("join_quicksort");
    group.throughput(Throughput::Elements(SORT_LEN as u64));
    group.bench_with_input(
        BenchmarkId::new("fearless", SORT_LEN),
        &input,
        |b, input| {
            b.iter_batched_ref(
                || input.clone(),
                |v| ours.install(|| quicksort_fearless(v)),
                BatchSize::LargeInput,
            )
        },
    );
    group.bench_with_input(BenchmarkId::new("rayon", SORT_LEN), &input, |b, input| {
        b.iter_batched_ref(
            || input.clone(),
            |v| theirs.install(|| quicksort_rayon(v)),
            BatchSize::LargeInput,
        )
    });
    group.bench_with_input(
        BenchmarkId::new("sequential", SORT_LEN),
        &input,
        |b, input| {
            b.iter_batched_ref(
                || input.clone(),
                |v| quicksort_seq(v),
                BatchSize::LargeInput,
            )
        },
    );
    group.finish();
}

// criterion's macro generates an undocumented public function.
#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, bench_fib, bench_quicksort);
}

criterion_main!(group::benches);
