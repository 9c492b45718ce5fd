//! Recursive `join`: fibonacci with a sequential cutoff, a quicksort built
//! on `join`, and the sum of a perfect binary tree with a `join` at every
//! node (no cutoff: the fork itself is the cost); ours against rayon's,
//! chili's (heartbeat scheduling, for the tree) and the sequential code, one
//! group per workload. Every pool has one thread per available core.

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

/// A perfect binary tree node; every node holds 1.
struct Node {
    val: u64,
    left: Option<Box<Node>>,
    right: Option<Box<Node>>,
}

impl Node {
    /// A perfect tree of `layers` levels whose nodes are allocated level by
    /// level (breadth first). The layout matters more than the scheduler
    /// here: built depth first, memory order matches one visiting order
    /// (left-first, as `join(a, b)` runs, or right-first, as chili's
    /// sequential path runs `b` before `a`) and that one streams memory up
    /// to 6x faster; breadth first favours neither.
    fn tree(layers: u32) -> Node {
        let n = (1usize << layers) - 1;
        let mut nodes: Vec<Option<Box<Node>>> = (0..n)
            .map(|_| {
                Some(Box::new(Node {
                    val: 1,
                    left: None,
                    right: None,
                }))
            })
            .collect();
        for i in (0..n / 2).rev() {
            let right = nodes[2 * i + 2].take();
            let left = nodes[2 * i + 1].take();
            let node = nodes[i].as_mut().expect("parents are linked once");
            node.left = left;
            node.right = right;
        }
        *nodes[0].take().expect("the root")
    }
}

/// 2^20 - 1 nodes.
const TREE_LAYERS: u32 = 20;

fn tree_seq(node: &Node) -> u64 {
    let left = node.left.as_deref().map_or(0, tree_seq);
    let right = node.right.as_deref().map_or(0, tree_seq);
    node.val + left + right
}

fn tree_fearless(node: &Node) -> u64 {
    let (left, right) = fearless_par::join(
        || node.left.as_deref().map_or(0, tree_fearless),
        || node.right.as_deref().map_or(0, tree_fearless),
    );
    node.val + left + right
}

fn tree_rayon(node: &Node) -> u64 {
    let (left, right) = rayon::join(
        || node.left.as_deref().map_or(0, tree_rayon),
        || node.right.as_deref().map_or(0, tree_rayon),
    );
    node.val + left + right
}

fn tree_chili(node: &Node, scope: &mut chili::Scope<'_>) -> u64 {
    let (left, right) = scope.join(
        |s| node.left.as_deref().map_or(0, |n| tree_chili(n, s)),
        |s| node.right.as_deref().map_or(0, |n| tree_chili(n, s)),
    );
    node.val + left + right
}

fn bench_tree(c: &mut Criterion) {
    let (ours, theirs) = pools();
    let spice = chili::ThreadPool::new();
    let tree = Node::tree(TREE_LAYERS);
    let expected = (1u64 << TREE_LAYERS) - 1;
    assert_eq!(tree_seq(&tree), expected);
    assert_eq!(ours.install(|| tree_fearless(&tree)), expected);
    assert_eq!(theirs.install(|| tree_rayon(&tree)), expected);
    assert_eq!(tree_chili(&tree, &mut spice.scope()), expected);
    let mut group = c.benchmark_group("join_tree");
    group.throughput(Throughput::Elements(expected));
    group.bench_function(BenchmarkId::new("sequential", expected), |b| {
        b.iter(|| tree_seq(black_box(&tree)))
    });
    group.bench_function(BenchmarkId::new("fearless", expected), |b| {
        b.iter(|| ours.install(|| tree_fearless(black_box(&tree))))
    });
    group.bench_function(BenchmarkId::new("chili", expected), |b| {
        b.iter(|| tree_chili(black_box(&tree), &mut spice.scope()))
    });
    group.bench_function(BenchmarkId::new("rayon", expected), |b| {
        b.iter(|| theirs.install(|| tree_rayon(black_box(&tree))))
    });
    group.finish();
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
    criterion_group!(benches, bench_tree, bench_fib, bench_quicksort);
}

criterion_main!(group::benches);
