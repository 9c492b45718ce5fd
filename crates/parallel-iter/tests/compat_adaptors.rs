//! rayon compatibility: every adaptor keeps its sequential counterpart's
//! order and results, early-exit consumers stop early, and panics reach
//! the caller. Each check also runs with `with_max_len(1..)` so that small
//! inputs are cut into many pieces.
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::prelude::*;
use std::cmp::Ordering;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

const LENGTHS: [usize; 6] = [0, 1, 2, 17, 1000, 5_000];

/// Runs `check` on every length, with and without forced small pieces.
fn for_inputs(check: impl Fn(&[u64], usize) + Sync) {
    in_every_mode(|| {
        for n in LENGTHS {
            let v: Vec<u64> = (0..n as u64).map(|x| x * 7 % 101).collect();
            for piece in [usize::MAX, 1, 3] {
                check(&v, piece);
            }
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn indexed_adaptors_keep_order() {
    for_inputs(|v, piece| {
        let it = || v.par_iter().with_max_len(piece).copied();
        let seq = |f: &dyn Fn() -> Vec<u64>| f();
        assert_eq!(
            it().rev().collect::<Vec<_>>(),
            seq(&|| v.iter().rev().copied().collect())
        );
        assert_eq!(
            it().skip(5).collect::<Vec<_>>(),
            v.iter().skip(5).copied().collect::<Vec<_>>()
        );
        assert_eq!(
            it().take(5).collect::<Vec<_>>(),
            v.iter().take(5).copied().collect::<Vec<_>>()
        );
        for step in [1, 2, 7] {
            assert_eq!(
                it().step_by(step).collect::<Vec<_>>(),
                v.iter().step_by(step).copied().collect::<Vec<_>>()
            );
        }
        assert_eq!(
            it().chunks(4).collect::<Vec<_>>(),
            v.chunks(4).map(<[u64]>::to_vec).collect::<Vec<_>>()
        );
        assert_eq!(
            it().fold_chunks(3, || 0, |a, b| a + b).collect::<Vec<_>>(),
            v.chunks(3).map(|c| c.iter().sum()).collect::<Vec<u64>>()
        );
        assert_eq!(
            it().fold_chunks_with(3, 1, |a, b| a * (b % 5 + 1))
                .collect::<Vec<_>>(),
            v.chunks(3)
                .map(|c| c.iter().fold(1, |a, b| a * (b % 5 + 1)))
                .collect::<Vec<u64>>()
        );
        assert_eq!(
            it().enumerate().rev().take(3).collect::<Vec<_>>(),
            v.iter()
                .copied()
                .enumerate()
                .rev()
                .take(3)
                .collect::<Vec<_>>()
        );
        let other: Vec<u64> = v.iter().map(|x| x + 1000).collect();
        assert_eq!(
            it().interleave(other.par_iter().copied().take(v.len() / 2))
                .collect::<Vec<_>>(),
            interleave(v, &other[..v.len() / 2])
        );
        assert_eq!(
            it().take(v.len() / 2)
                .interleave(other.par_iter().copied())
                .rev()
                .collect::<Vec<_>>(),
            interleave(&v[..v.len() / 2], &other)
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
        );
        let shortest: Vec<u64> = it()
            .interleave_shortest(other.par_iter().copied().take(3))
            .collect();
        let expected: Vec<u64> = interleave(v, &other[..3.min(v.len())])
            .into_iter()
            .take(if v.len() <= 3 { 2 * v.len() } else { 7 })
            .collect();
        assert_eq!(shortest, expected);
        assert_eq!(
            it().zip_eq(other.par_iter())
                .map(|(a, b)| a + b)
                .collect::<Vec<_>>(),
            v.iter().zip(&other).map(|(a, b)| a + b).collect::<Vec<_>>()
        );
        assert_eq!(
            it().chain(it().rev()).collect::<Vec<_>>(),
            v.iter().chain(v.iter().rev()).copied().collect::<Vec<_>>()
        );
        assert_eq!(
            it().chain(it()).rev().skip(1).collect::<Vec<_>>(),
            v.iter().chain(v).rev().skip(1).copied().collect::<Vec<_>>()
        );
        assert_eq!(
            it().positions(|x| x % 3 == 0).collect::<Vec<_>>(),
            v.iter()
                .enumerate()
                .filter(|(_, x)| *x % 3 == 0)
                .map(|(i, _)| i)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            it().position_first(|x| x == 50),
            v.iter().position(|&x| x == 50)
        );
        assert_eq!(
            it().position_last(|x| x == 50),
            v.iter().rposition(|&x| x == 50)
        );
        assert_eq!(
            it().map_with(5u64, |k, x| x + *k).sum::<u64>(),
            v.iter().map(|x| x + 5).sum()
        );
        assert_eq!(
            it().map_init(|| 2u64, |k, x| x * *k)
                .rev()
                .collect::<Vec<_>>(),
            v.iter().rev().map(|x| x * 2).collect::<Vec<_>>()
        );
        let mut collected = vec![99];
        it().collect_into_vec(&mut collected);
        assert_eq!(collected, v);
        let (mut left, mut right) = (vec![1u64], vec![2u64]);
        it().map(|x| (x, x + 1))
            .unzip_into_vecs(&mut left, &mut right);
        assert_eq!(left, v);
        assert_eq!(right, v.iter().map(|x| x + 1).collect::<Vec<_>>());
        assert_eq!(it().by_exponential_blocks().collect::<Vec<_>>(), v);
        assert_eq!(it().by_uniform_blocks(7).collect::<Vec<_>>(), v);
        assert_eq!(
            it().panic_fuse().rev().collect::<Vec<_>>(),
            v.iter().rev().copied().collect::<Vec<_>>()
        );
        assert_eq!(it().inspect(|_| ()).update(|x| *x += 1).len(), v.len());
    });
}

fn interleave(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = Vec::new();
    let (mut i, mut j) = (a.iter(), b.iter());
    loop {
        match (i.next(), j.next()) {
            (None, None) => return out,
            (x, y) => out.extend(x.into_iter().chain(y).copied()),
        }
    }
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn comparisons_are_lexicographic() {
    for_inputs(|v, piece| {
        let it = || v.par_iter().with_max_len(piece).copied();
        let mut w = v.to_vec();
        assert_eq!(it().cmp(w.clone()), Ordering::Equal);
        assert!(it().eq(w.clone()));
        w.push(0);
        assert_eq!(it().cmp(w.clone()), Ordering::Less);
        assert!(it().lt(w.clone()) && it().le(w.clone()) && it().ne(w.clone()));
        if let Some(last) = v.len().checked_sub(1) {
            let mut bigger = v.to_vec();
            bigger[last] += 1;
            assert_eq!(it().partial_cmp(bigger.clone()), Some(Ordering::Less));
            assert!(!it().ge(bigger.clone()) && !it().gt(bigger));
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn unindexed_adaptors_keep_order() {
    for_inputs(|v, piece| {
        let it = || v.par_iter().with_max_len(piece).copied();
        assert_eq!(
            it().flat_map(|x| (0..x % 4).into_par_iter())
                .collect::<Vec<_>>(),
            v.iter().flat_map(|&x| 0..x % 4).collect::<Vec<_>>()
        );
        assert_eq!(
            it().flat_map_iter(|x| 0..x % 4).collect::<Vec<_>>(),
            v.iter().flat_map(|&x| 0..x % 4).collect::<Vec<_>>()
        );
        let nested: Vec<Vec<u64>> = v.chunks(5).map(<[u64]>::to_vec).collect();
        assert_eq!(nested.par_iter().flatten().copied().collect::<Vec<_>>(), v);
        assert_eq!(
            nested
                .clone()
                .into_par_iter()
                .flatten_iter()
                .collect::<Vec<_>>(),
            v
        );
        assert_eq!(
            it().filter(|x| x % 2 == 0)
                .chain(it().filter_map(|x| (x % 3 == 0).then_some(x + 1)))
                .collect::<Vec<_>>(),
            v.iter()
                .filter(|x| *x % 2 == 0)
                .copied()
                .chain(v.iter().filter_map(|x| (x % 3 == 0).then_some(x + 1)))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            it().intersperse(1000).collect::<Vec<_>>(),
            intersperse(v, 1000)
        );
        assert_eq!(
            it().filter(|x| x % 2 == 1)
                .intersperse(1000)
                .collect::<Vec<_>>(),
            intersperse(
                &v.iter()
                    .filter(|x| *x % 2 == 1)
                    .copied()
                    .collect::<Vec<_>>(),
                1000
            )
        );
        // Indexed: it reverses, cuts and knows its length.
        let interspersed = intersperse(v, 1000);
        assert_eq!(it().intersperse(1000).len(), interspersed.len());
        assert_eq!(
            it().intersperse(1000).rev().collect::<Vec<_>>(),
            interspersed.iter().rev().copied().collect::<Vec<_>>()
        );
        assert_eq!(
            it().intersperse(1000)
                .skip(3)
                .step_by(2)
                .collect::<Vec<_>>(),
            interspersed
                .iter()
                .skip(3)
                .step_by(2)
                .copied()
                .collect::<Vec<_>>()
        );
        let some_until = |x: u64| (x != 100).then_some(x);
        let got: Vec<u64> = it().map(some_until).while_some().collect();
        // Pieces stop once any `None` is seen, on either side of it (as in
        // rayon), so the items are some of the `Some` ones, in order.
        let mut rest = v.iter();
        assert!(got.iter().all(|g| rest.any(|x| x == g)));
        if !v.contains(&100) {
            assert_eq!(got, v);
        }
        assert!(got.iter().all(|&x| x != 100));
        let folded: u64 = it().fold(|| 0, |a, x| a + x).sum();
        assert_eq!(folded, v.iter().sum());
        let folded: Vec<u64> = it()
            .fold_with(Vec::new(), |mut a, x| {
                a.push(x);
                a
            })
            .flatten_iter()
            .collect();
        assert_eq!(folded, v);
    });
}

fn intersperse(v: &[u64], sep: u64) -> Vec<u64> {
    let mut out = Vec::new();
    for (i, &x) in v.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.push(x);
    }
    out
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn consumers_equal_sequential() {
    for_inputs(|v, piece| {
        let it = || v.par_iter().with_max_len(piece).copied();
        assert_eq!(
            it().find_first(|x| x % 10 == 3),
            v.iter().copied().find(|x| x % 10 == 3)
        );
        assert_eq!(
            it().find_last(|x| x % 10 == 3),
            v.iter().copied().rfind(|x| x % 10 == 3)
        );
        assert_eq!(
            it().find_map_first(|x| (x > 50).then_some(x * 2)),
            v.iter().find_map(|&x| (x > 50).then_some(x * 2))
        );
        assert_eq!(
            it().find_map_last(|x| (x > 50).then_some(x * 2)),
            v.iter().rev().find_map(|&x| (x > 50).then_some(x * 2))
        );
        if let Some(found) = it().find_map_any(|x| (x > 50).then_some(x)) {
            assert!(found > 50);
        }
        assert_eq!(it().reduce_with(u64::max), v.iter().copied().max());
        assert_eq!(it().count(), v.len());
        assert_eq!(
            it().min_by_key(|x| x % 13),
            v.iter().copied().min_by_key(|x| x % 13)
        );
        assert_eq!(
            it().max_by_key(|x| x % 13),
            v.iter().copied().max_by_key(|x| x % 13)
        );

        let sum: Option<u64> = it().map(Some).try_reduce(|| 0, |a, b| a.checked_add(b));
        assert_eq!(sum, Some(v.iter().sum()));
        let failed: Result<u64, u64> = it()
            .map(|x| if x == 100 { Err(x) } else { Ok(x) })
            .try_reduce(|| 0, |a, b| Ok(a + b));
        assert_eq!(failed.is_err(), v.contains(&100));
        let with: Option<Option<u64>> =
            Some(it().map(Some).try_reduce_with(|a, b| Some(a.max(b)))).map(|o| o.flatten());
        assert_eq!(with, Some(v.iter().copied().max()));
        let r: Result<(), u64> = it().try_for_each(|x| if x > 90 { Err(x) } else { Ok(()) });
        assert_eq!(r.is_err(), v.iter().any(|&x| x > 90));
        let r = it().try_for_each_with(0u64, |_, x| {
            if x > 90 {
                ControlFlow::Break(x)
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!(r.is_break(), v.iter().any(|&x| x > 90));
        let r: Option<()> = it().try_for_each_init(|| (), |_, x| (x < 200).then_some(()));
        assert_eq!(r, Some(()));
        let folded: Vec<Result<u64, u64>> = it()
            .try_fold(|| 0, |a, x| if x == 100 { Err(x) } else { Ok(a + x) })
            .collect();
        assert_eq!(folded.iter().any(Result::is_err), v.contains(&100));
        let total: Result<u64, u64> = it()
            .try_fold_with(0, |a, x| Ok::<_, u64>(a + x))
            .try_reduce(|| 0, |a, b| Ok(a + b));
        assert_eq!(total, Ok(v.iter().sum()));
        let total = AtomicUsize::new(0);
        it().for_each_with(&total, |t, x| {
            t.fetch_add(x as usize, Relaxed);
        });
        it().for_each_init(
            || &total,
            |t, x| {
                t.fetch_add(x as usize, Relaxed);
            },
        );
        assert_eq!(total.into_inner() as u64, 2 * v.iter().sum::<u64>());
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn any_limits_respect_their_counts() {
    for_inputs(|v, piece| {
        let it = || v.par_iter().with_max_len(piece).copied();
        let taken: Vec<u64> = it().take_any(10).collect();
        assert_eq!(taken.len(), v.len().min(10));
        assert!(taken.iter().all(|x| v.contains(x)));
        let skipped: Vec<u64> = it().skip_any(10).collect();
        assert_eq!(skipped.len(), v.len().saturating_sub(10));
        let small = |x: &u64| *x < 90;
        let taken: Vec<u64> = it().take_any_while(small).collect();
        assert!(taken.iter().all(small));
        if v.iter().all(small) {
            assert_eq!(taken, v);
        }
        let skipped: Vec<u64> = it().skip_any_while(small).collect();
        // Everything not skipped is kept, and every failing item is kept.
        assert_eq!(
            skipped.iter().filter(|x| !small(x)).count(),
            v.iter().filter(|x| !small(x)).count()
        );
        let (even, odd): (Vec<u64>, Vec<u64>) = it().partition(|x| x % 2 == 0);
        assert_eq!(
            even,
            v.iter().copied().filter(|x| x % 2 == 0).collect::<Vec<_>>()
        );
        assert_eq!(
            odd,
            v.iter().copied().filter(|x| x % 2 == 1).collect::<Vec<_>>()
        );
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn early_exit_stops_other_pieces() {
    in_every_mode(|| {
        // The match is at the very front; with pieces of one item, a
        // search that did not stop early would visit all 1e6 of them.
        let visited = AtomicUsize::new(0);
        let found = (0..1_000_000u32)
            .into_par_iter()
            .with_max_len(1)
            .inspect(|_| {
                visited.fetch_add(1, Relaxed);
            })
            .find_first(|&x| x == 0);
        assert_eq!(found, Some(0));
        assert!(visited.into_inner() < 1_000_000);

        let visited = AtomicUsize::new(0);
        assert!((0..1_000_000u32).into_par_iter().with_max_len(1).any(|x| {
            visited.fetch_add(1, Relaxed);
            x == 0
        }));
        assert!(visited.into_inner() < 1_000_000);

        let visited = AtomicUsize::new(0);
        let n = (0..1_000_000u32)
            .into_par_iter()
            .with_max_len(1)
            .inspect(|_| {
                visited.fetch_add(1, Relaxed);
            })
            .take_any(5)
            .count();
        assert_eq!(n, 5);
        assert!(visited.into_inner() < 1_000_000);
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn panics_propagate_from_every_kind_of_adaptor() {
    in_every_mode(|| {
        let boom = |x: u32| if x == 777 { panic!("boom at {x}") } else { x };
        let runs: [&(dyn Fn() + Sync); 6] = [
            &|| (0..1000u32).into_par_iter().map(boom).for_each(drop),
            &|| {
                let _ = (0..1000u32)
                    .into_par_iter()
                    .filter(|&x| boom(x) > 0)
                    .count();
            },
            &|| {
                let _: Vec<u32> = (0..10u32)
                    .into_par_iter()
                    .flat_map(|x| (x * 100..x * 100 + 100).into_par_iter().map(boom))
                    .collect();
            },
            &|| {
                let _ = (0..1000u32)
                    .into_par_iter()
                    .map_init(|| (), |_, x| boom(x))
                    .sum::<u32>();
            },
            &|| {
                let _ = (0..1000u32).into_par_iter().panic_fuse().map(boom).max();
            },
            &|| {
                let _ = (0..1000u32).par_bridge().map(boom).count();
            },
        ];
        for run in runs {
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
            let payload = caught.expect_err("the panic must reach the caller");
            let message = payload
                .downcast_ref::<String>()
                .expect("a formatted message");
            assert_eq!(message, "boom at 777");
        }
    });
}

/// On a one-thread pool, `with_max_len(1)` still cuts the input into
/// single items joined together (as in rayon): without `panic_fuse` a
/// panicking item keeps no other item from running; with it anywhere in
/// the chain (on the consumer side, or on the producer side that `rev`
/// drives) the items after the panic are skipped.
#[test]
// Under Miri each caught panic here takes about a minute to unwind (the
// test took 450 s, half of the whole Miri step); tests/pool.rs drives the
// pool's unwinding paths under Miri, and panic_fuse has no unsafe code.
#[cfg_attr(miri, ignore)]
fn panic_fuse_skips_the_rest_on_one_thread_and_without_it_all_else_runs() {
    const LEN: u32 = 1 << 12;
    const BAD: u32 = 3 * LEN / 4;
    fn check(&i: &u32) {
        if i == BAD {
            panic!("bad item");
        }
    }
    fn reached(iter: impl ParallelIterator) -> usize {
        let seen = AtomicUsize::new(0);
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            iter.for_each(|_| {
                seen.fetch_add(1, Relaxed);
            })
        }));
        assert!(caught.is_err(), "the panic reaches the caller");
        seen.into_inner()
    }
    let pool = fearless_par::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    pool.install(|| {
        let items = || (0..LEN).into_par_iter().with_max_len(1);
        let all_but_one = LEN as usize - 1;
        assert_eq!(reached(items().inspect(check)), all_but_one);
        assert!(reached(items().inspect(check).panic_fuse()) < all_but_one);
        assert!(reached(items().panic_fuse().inspect(check)) < all_but_one);
        assert!(reached(items().panic_fuse().inspect(check).rev()) < all_but_one);
    });
}
