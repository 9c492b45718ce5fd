//! The parallel sorts with comparators that are not total orders, or that
//! panic, in the spirit of rayon's `tests/sort-panic-safe.rs` and its
//! slice tests: an inconsistent comparator never makes a sort panic (std's
//! sorts may, since Rust 1.81), the slice always ends as a permutation of
//! its items, and a panicking comparator propagates its panic with every
//! item still in the slice exactly once (each dropped exactly once later).
//!
//! Each test runs on a two-thread pool of its own that is dropped at the
//! end, with lengths small enough for Miri that still reach the parallel
//! paths there (the sorts cut pieces shorter under Miri).
#![cfg(not(loom))]

use fearless_par::prelude::*;
use std::cmp::Ordering;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

fn pool() -> fearless_par::ThreadPool {
    fearless_par::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap()
}

fn lengths() -> Vec<usize> {
    if cfg!(miri) {
        // 70 items still reach the parallel halves and merge under Miri.
        vec![2, 21, 70]
    } else {
        vec![0, 1, 2, 7, 20, 21, 70, 300, 5_000, 40_000]
    }
}

/// Scrambled values with duplicates.
fn input(len: usize) -> Vec<u32> {
    (0..len as u32)
        .map(|i| i.wrapping_mul(2_654_435_761) % (len as u32 / 2 + 1))
        .collect()
}

/// A deterministic "random" answer from a counter shared by all threads.
fn coin(calls: &AtomicUsize) -> Ordering {
    let n = calls.fetch_add(1, Relaxed) as u64;
    match n.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 62 {
        0 => Ordering::Less,
        1 => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// A comparator of any behaviour.
type Compare = dyn Fn(&u32, &u32) -> Ordering + Sync;

type Sort = fn(&mut [u32], &Compare);

/// Every sort of the crate, by name, through a comparator.
fn sorts() -> Vec<(&'static str, Sort)> {
    vec![
        ("par_sort_by", |v, c| v.par_sort_by(c)),
        ("par_sort_unstable_by", |v, c| v.par_sort_unstable_by(c)),
        ("par_sort_by_key", |v, c| {
            // A key whose `Ord` is the inconsistent comparator.
            v.par_sort_by_key(|&x| Key(x, c))
        }),
        ("par_sort_unstable_by_key", |v, c| {
            v.par_sort_unstable_by_key(|&x| Key(x, c))
        }),
        ("par_sort_by_cached_key", |v, c| {
            v.par_sort_by_cached_key(|&x| Key(x, c))
        }),
    ]
}

/// A key ordered by an arbitrary (possibly inconsistent) comparator.
struct Key<'c>(u32, &'c Compare);

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Key<'_> {}
impl PartialOrd for Key<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.1)(&self.0, &other.0)
    }
}

fn assert_permutation(sorted: &[u32], original: &[u32], what: &str) {
    let mut a = sorted.to_vec();
    let mut b = original.to_vec();
    a.sort_unstable();
    b.sort_unstable();
    assert!(a == b, "{what}: items lost or doubled");
}

#[test]
fn inconsistent_comparators_never_panic_and_keep_every_item() {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let comparators: Vec<(&str, Box<Compare>)> = vec![
        ("always less", Box::new(|_, _| Ordering::Less)),
        ("always greater", Box::new(|_, _| Ordering::Greater)),
        (
            "never equal",
            Box::new(|a, b| {
                if a <= b {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }),
        ),
        ("random", Box::new(|_, _| coin(&CALLS))),
        (
            "cyclic",
            Box::new(|a, b| (a % 3).cmp(&(b % 3)).then((b % 5).cmp(&(a % 5)))),
        ),
    ];
    pool().install(|| {
        for len in lengths() {
            let original = input(len);
            for (cmp_name, compare) in &comparators {
                for (sort_name, sort) in sorts() {
                    let mut v = original.clone();
                    let what = format!("{sort_name}, {cmp_name}, {len} items");
                    let result = panic::catch_unwind(AssertUnwindSafe(|| sort(&mut v, compare)));
                    assert!(result.is_ok(), "{what}: panicked");
                    assert_permutation(&v, &original, &what);
                }
            }
        }
    });
}

#[test]
fn consistent_comparators_still_sort() {
    pool().install(|| {
        for len in lengths() {
            let original = input(len);
            let mut expected = original.clone();
            expected.sort();
            for (name, sort) in sorts() {
                let mut v = original.clone();
                sort(&mut v, &u32::cmp);
                assert_eq!(v, expected, "{name}, {len} items");
            }
        }
    });
}

#[test]
fn stable_sort_keeps_equal_keys_in_order_through_parallel_merges() {
    let len = if cfg!(miri) { 100 } else { 100_000 };
    let v: Vec<(u32, u32)> = (0..len).map(|i| ((i * 7919) % 37, i)).collect();
    let mut expected = v.clone();
    expected.sort_by_key(|p| p.0);
    for threads in [2, 3] {
        let pool = fearless_par::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let mut w = v.clone();
        pool.install(|| w.par_sort_by_key(|p| p.0));
        assert_eq!(w, expected, "{threads} threads");
    }
}

/// An item that counts its drops (per item) and can make a comparison
/// panic.
struct Tracked<'a> {
    value: u32,
    drops: &'a [AtomicUsize],
}

impl Drop for Tracked<'_> {
    fn drop(&mut self) {
        self.drops[self.value as usize].fetch_add(1, Relaxed);
    }
}

#[test]
fn panicking_comparator_leaves_each_item_once_and_drops_each_once() {
    let len = if cfg!(miri) { 100 } else { 20_000 };
    let stop_after = if cfg!(miri) {
        vec![1, len, len * 10]
    } else {
        vec![0, 1, 10, len / 3, len * 2, len * 5]
    };
    pool().install(|| {
        for stable in [true, false] {
            for &limit in &stop_after {
                let drops: Vec<AtomicUsize> = (0..len).map(|_| AtomicUsize::new(0)).collect();
                // A permutation of 0..len (7919 is prime).
                let mut v: Vec<Tracked<'_>> = (0..len as u32)
                    .map(|i| Tracked {
                        value: (i * 7919) % len as u32,
                        drops: &drops,
                    })
                    .collect();
                let calls = AtomicUsize::new(0);
                let compare = |a: &Tracked<'_>, b: &Tracked<'_>| {
                    if calls.fetch_add(1, Relaxed) == limit {
                        panic!("comparison {limit} fails");
                    }
                    a.value.cmp(&b.value)
                };
                let result = panic::catch_unwind(AssertUnwindSafe(|| {
                    if stable {
                        v.par_sort_by(compare);
                    } else {
                        v.par_sort_unstable_by(compare);
                    }
                }));
                let what = format!("stable {stable}, fail at {limit}");
                // A limit past the comparisons needed lets the sort finish.
                if result.is_ok() {
                    assert!(v.windows(2).all(|w| w[0].value <= w[1].value), "{what}");
                }
                assert!(
                    drops.iter().all(|d| d.load(Relaxed) == 0),
                    "{what}: early drop"
                );
                let mut values: Vec<u32> = v.iter().map(|t| t.value).collect();
                values.sort_unstable();
                assert!(
                    values.iter().copied().eq(0..len as u32),
                    "{what}: lost item"
                );
                drop(v);
                assert!(drops.iter().all(|d| d.load(Relaxed) == 1), "{what}: drops");
            }
        }
    });
}
