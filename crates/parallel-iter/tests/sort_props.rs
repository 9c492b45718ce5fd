//! The parallel sorts equal `slice::sort` (the stable ones exactly, equal
//! keys in input order), sequentially and on 1, 2 and 4 threads, on random
//! inputs long enough to be split, and on inputs that hurt naive sorts.
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::prelude::*;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 10,
        ..ProptestConfig::default()
    }
}

/// Random inputs up to 20,000 items (past the inline cutoff), with a
/// random value range so that some have many duplicates.
fn input() -> impl Strategy<Value = Vec<u32>> {
    (1u32..100_000).prop_flat_map(|range| prop::collection::vec(0..range, 0..20_000))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn par_sort_equals_sort(v in input()) {
        let mut expected = v.clone();
        expected.sort();
        in_every_mode(|| {
            let mut par = v.clone();
            par.par_sort();
            assert_eq!(par, expected);
            let mut par = v.clone();
            par.par_sort_unstable();
            assert_eq!(par, expected);
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn stable_sorts_keep_equal_keys_in_order(v in input()) {
        // Sort (key, position) pairs by the key alone: the positions show
        // whether equal keys kept their order.
        let items: Vec<(u32, usize)> = v.iter().map(|&x| x % 64).zip(0..).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|p| p.0);
        in_every_mode(|| {
            let mut par = items.clone();
            par.par_sort_by_key(|p| p.0);
            assert_eq!(par, expected);
            let mut par = items.clone();
            par.par_sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(par, expected);
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn unstable_sorts_order_keys(v in input()) {
        let mut expected = v.clone();
        expected.sort_by_key(|x| std::cmp::Reverse(x % 1000));
        in_every_mode(|| {
            let mut par = v.clone();
            par.par_sort_unstable_by_key(|x| std::cmp::Reverse(x % 1000));
            let keys = |s: &[u32]| s.iter().map(|x| x % 1000).collect::<Vec<_>>();
            assert_eq!(keys(&par), keys(&expected));
            par.sort();
            let mut all = v.clone();
            all.sort();
            assert_eq!(par, all, "the same items");
        });
    }
}

#[test]
#[cfg_attr(miri, ignore)] // uses the shared pools, whose threads outlive the test
fn adversarial_inputs() {
    let n = if cfg!(miri) { 5_000 } else { 30_000 };
    let inputs: Vec<Vec<u64>> = vec![
        (0..n).collect(),
        (0..n).rev().collect(),
        vec![7; n as usize],
        (0..n).map(|x| x % 2).collect(),
        (0..n).map(|x| x % 1000).collect(),
        (0..n).map(|x| if x % 2 == 0 { x } else { n - x }).collect(),
    ];
    in_every_mode(|| {
        for v in &inputs {
            let mut expected = v.clone();
            expected.sort();
            let mut par = v.clone();
            par.par_sort();
            assert_eq!(par, expected);
            let mut par = v.clone();
            par.par_sort_unstable();
            assert_eq!(par, expected);
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // uses the shared pools, whose threads outlive the test
fn panicking_comparator_propagates() {
    in_every_mode(|| {
        let v: Vec<u32> = (0..20_000).rev().collect();
        for stable in [true, false] {
            let mut w = v.clone();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let compare = |a: &u32, b: &u32| {
                    if *a == 777 || *b == 777 {
                        panic!("cannot compare 777");
                    }
                    a.cmp(b)
                };
                if stable {
                    w.par_sort_by(compare);
                } else {
                    w.par_sort_unstable_by(compare);
                }
            }));
            assert!(result.is_err());
            w.sort();
            assert_eq!(
                w,
                (0..20_000).collect::<Vec<_>>(),
                "no item lost or doubled"
            );
        }
    });
}
