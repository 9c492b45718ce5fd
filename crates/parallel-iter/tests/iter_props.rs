//! Every adaptor and consumer equals its sequential counterpart, on random
//! inputs and lengths (0 and 1 included), sequentially and on 1, 2 and 4
//! threads. Each property also cuts the input into random small pieces
//! with `with_max_len`, so splitting and reduction run even on short
//! inputs that would otherwise run inline.
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::prelude::*;
use proptest::prelude::*;
use std::num::Wrapping;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    }
}

/// A random input and a random maximum piece length.
fn input() -> impl Strategy<Value = (Vec<u32>, usize)> {
    (prop::collection::vec(0u32..1000, 0..300), 1usize..64)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn map_sum_and_product((v, piece) in input()) {
        in_every_mode(|| {
            let par: u64 = v.par_iter().with_max_len(piece).map(|&x| u64::from(x) * 3).sum();
            assert_eq!(par, v.iter().map(|&x| u64::from(x) * 3).sum::<u64>());
            let par: Wrapping<u64> = v.par_iter().with_max_len(piece).map(|&x| Wrapping(u64::from(x) + 1)).product();
            assert_eq!(par, v.iter().map(|&x| Wrapping(u64::from(x) + 1)).product::<Wrapping<u64>>());
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn filter_and_filter_map_keep_order((v, piece) in input()) {
        in_every_mode(|| {
            let par: Vec<&u32> = v.par_iter().with_max_len(piece).filter(|&&x| x % 3 == 0).collect();
            assert_eq!(par, v.iter().filter(|&&x| x % 3 == 0).collect::<Vec<_>>());
            let par: Vec<u32> = v.par_iter().with_max_len(piece).filter_map(|&x| (x % 2 == 1).then_some(x / 2)).collect();
            assert_eq!(par, v.iter().filter_map(|&x| (x % 2 == 1).then_some(x / 2)).collect::<Vec<_>>());
            let count = v.par_iter().with_max_len(piece).filter(|&&x| x > 500).count();
            assert_eq!(count, v.iter().filter(|&&x| x > 500).count());
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn enumerate_zip_copied_cloned((v, piece) in input(), other in prop::collection::vec(any::<i8>(), 0..300)) {
        in_every_mode(|| {
            let par: Vec<(usize, u32)> = v.par_iter().copied().with_max_len(piece).enumerate().collect();
            assert_eq!(par, v.iter().copied().enumerate().collect::<Vec<_>>());
            let par: Vec<(u32, i8)> = v.par_iter().cloned().zip(other.par_iter().copied()).with_max_len(piece).collect();
            assert_eq!(par, v.iter().cloned().zip(other.iter().copied()).collect::<Vec<_>>());
            let len = v.par_iter().zip(&other).len();
            assert_eq!(len, v.len().min(other.len()));
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn min_max_keep_sequential_tie_breaking((v, piece) in input()) {
        // Items are (value, position) compared by value alone, so the
        // position shows which of several equal items was returned.
        let items: Vec<(u32, usize)> = v.iter().map(|&x| x % 17).zip(0..).collect();
        in_every_mode(|| {
            let it = || items.par_iter().with_max_len(piece);
            assert_eq!(it().min_by_key(|p| p.0), items.iter().min_by_key(|p| p.0));
            assert_eq!(it().max_by_key(|p| p.0), items.iter().max_by_key(|p| p.0));
            assert_eq!(it().min_by(|a, b| a.0.cmp(&b.0)), items.iter().min_by(|a, b| a.0.cmp(&b.0)));
            assert_eq!(it().max_by(|a, b| a.0.cmp(&b.0)), items.iter().max_by(|a, b| a.0.cmp(&b.0)));
            assert_eq!(it().min(), items.iter().min());
            assert_eq!(it().max(), items.iter().max());
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn reduce_and_fold((v, piece) in input()) {
        in_every_mode(|| {
            let expected: u64 = v.iter().map(|&x| u64::from(x)).sum();
            let par = v.par_iter().with_max_len(piece).map(|&x| u64::from(x)).reduce(|| 0, |a, b| a + b);
            assert_eq!(par, expected);
            let par = v.par_iter().with_max_len(piece).map(|&x| u64::from(x)).reduce_with(|a, b| a + b);
            assert_eq!(par, v.iter().map(|&x| u64::from(x)).reduce(|a, b| a + b));
            let par = v.par_iter().with_max_len(piece).fold(|| 0u64, |acc, &x| acc + u64::from(x)).reduce(|| 0, |a, b| a + b);
            assert_eq!(par, expected);
            let par: u64 = v.par_iter().with_max_len(piece).fold(|| 0u64, |acc, &x| acc + u64::from(x)).sum();
            assert_eq!(par, expected);
            // Order-sensitive: folding into vectors and concatenating keeps
            // the input order.
            let par = v.par_iter().with_max_len(piece).fold(Vec::new, |mut acc, &x| { acc.push(x); acc })
                .reduce(Vec::new, |mut a, mut b| { a.append(&mut b); a });
            assert_eq!(par, v);
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn any_all_find_any((v, piece) in input(), needle in 0u32..1000) {
        in_every_mode(|| {
            let it = || v.par_iter().with_max_len(piece);
            assert_eq!(it().any(|&x| x == needle), v.contains(&needle));
            assert_eq!(it().all(|&x| x != needle), !v.contains(&needle));
            match it().find_any(|&&x| x % 100 == needle % 100) {
                Some(&x) => assert_eq!(x % 100, needle % 100),
                None => assert!(v.iter().all(|&x| x % 100 != needle % 100)),
            }
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn for_each_and_par_iter_mut_visit_each_item_once((v, piece) in input()) {
        in_every_mode(|| {
            let mut doubled = v.clone();
            doubled.par_iter_mut().with_max_len(piece).for_each(|x| *x *= 2);
            assert_eq!(doubled, v.iter().map(|x| x * 2).collect::<Vec<_>>());
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn into_par_iter_on_vec_moves_items_in_order((v, piece) in input()) {
        let strings: Vec<String> = v.iter().map(u32::to_string).collect();
        in_every_mode(|| {
            let par: Vec<String> = strings.clone().into_par_iter().with_max_len(piece).map(|s| s + "!").collect();
            assert_eq!(par, strings.iter().map(|s| format!("{s}!")).collect::<Vec<_>>());
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn chunks((v, piece) in input(), size in 1usize..20) {
        in_every_mode(|| {
            let par: Vec<u32> = v.par_chunks(size).with_max_len(piece).map(|c| c.iter().sum()).collect();
            assert_eq!(par, v.chunks(size).map(|c| c.iter().sum()).collect::<Vec<u32>>());
            let mut w = v.clone();
            w.par_chunks_mut(size).with_max_len(piece).enumerate().for_each(|(i, c)| c.iter_mut().for_each(|x| *x = i as u32));
            let mut expected = v.clone();
            expected.chunks_mut(size).enumerate().for_each(|(i, c)| c.iter_mut().for_each(|x| *x = i as u32));
            assert_eq!(w, expected);
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn integer_ranges(start in -5000i64..5000, len in 0i64..3000, piece in 1usize..500) {
        in_every_mode(|| {
            let end = start + len;
            let expected: i128 = (start..end).map(i128::from).sum();
            let par: i128 = (start..end).into_par_iter().with_max_len(piece).map(i128::from).sum();
            assert_eq!(par, expected);
            let par: i128 = ((start as i32)..(end as i32)).into_par_iter().with_max_len(piece).map(i128::from).sum();
            assert_eq!(par, expected);
            let (us, ue) = (start.unsigned_abs(), start.unsigned_abs() + len as u64);
            let expected: u128 = (us..ue).map(u128::from).sum();
            let par: u128 = (us..ue).into_par_iter().with_max_len(piece).map(u128::from).sum();
            assert_eq!(par, expected);
            let par: u128 = ((us as u32)..(ue as u32)).into_par_iter().with_max_len(piece).map(u128::from).sum();
            assert_eq!(par, expected);
            let par: Vec<usize> = ((us as usize)..(ue as usize)).into_par_iter().with_max_len(piece).collect();
            assert_eq!(par, ((us as usize)..(ue as usize)).collect::<Vec<_>>());
            let par: Vec<u64> = (us..=ue).into_par_iter().with_max_len(piece).collect();
            assert_eq!(par, (us..=ue).collect::<Vec<_>>());
            let par: i128 = (start..=end).into_par_iter().with_max_len(piece).map(i128::from).sum();
            assert_eq!(par, (start..=end).map(i128::from).sum::<i128>());
        });
    }

    #[test]
    #[cfg_attr(miri, ignore)] // proptest under Miri is far too slow; see tests/on_a_pool.rs
    fn large_inputs_split_adaptively(len in 0usize..60_000, min in 1usize..5000) {
        // No `with_max_len`: the adaptive splitter alone decides.
        let v: Vec<u64> = (0..len as u64).collect();
        in_every_mode(|| {
            let par: u64 = v.par_iter().with_min_len(min).filter(|&&x| x % 3 != 0).map(|&x| x % 1000).sum();
            assert_eq!(par, v.iter().filter(|&&x| x % 3 != 0).map(|&x| x % 1000).sum::<u64>());
            let par: Vec<u64> = v.par_iter().map(|&x| x * 2).collect();
            assert_eq!(par, v.iter().map(|&x| x * 2).collect::<Vec<_>>());
            assert!(v.par_iter().enumerate().all(|(i, &x)| i as u64 == x));
        });
    }
}

#[test]
#[cfg_attr(miri, ignore)] // uses the shared pools, whose threads outlive the test
fn empty_and_single_inputs() {
    in_every_mode(|| {
        let empty: Vec<u8> = Vec::new();
        assert_eq!(empty.par_iter().count(), 0);
        assert_eq!(empty.par_iter().max(), None);
        assert_eq!(empty.par_iter().copied().reduce(|| 7, |a, b| a + b), 7);
        assert!(empty.par_iter().all(|_| false));
        assert!(!empty.par_iter().any(|_| true));
        let one = vec![9u8];
        assert_eq!(one.par_iter().copied().sum::<u8>(), 9);
        assert_eq!(one.par_iter().min(), Some(&9));
        assert_eq!(one.par_iter().enumerate().collect::<Vec<_>>(), [(0, &9)]);
        let (high, low) = (5u32, 4u32);
        assert_eq!((high..=low).into_par_iter().count(), 0);
        assert_eq!(
            (u64::MAX..=u64::MAX).into_par_iter().collect::<Vec<_>>(),
            [u64::MAX]
        );
        assert_eq!(
            (i8::MIN..=i8::MAX)
                .into_par_iter()
                .with_max_len(3)
                .map(i32::from)
                .sum::<i32>(),
            -128
        );
    });
}

#[test]
#[cfg_attr(miri, ignore)] // uses the shared pools, whose threads outlive the test
fn panics_propagate_to_the_caller() {
    in_every_mode(|| {
        for len in [1usize, 100, 100_000] {
            let v: Vec<usize> = (0..len).collect();
            let result = std::panic::catch_unwind(|| {
                v.par_iter().for_each(|&x| {
                    if x == len - 1 {
                        panic!("item {x} is bad");
                    }
                })
            });
            let payload = result.expect_err("the panic must reach the caller");
            let message = payload
                .downcast_ref::<String>()
                .expect("a formatted message");
            assert_eq!(*message, format!("item {} is bad", len - 1));
            let result = std::panic::catch_unwind(|| {
                v.par_iter()
                    .map(|&x| if x == 0 { panic!("zero") } else { x })
                    .sum::<usize>()
            });
            assert!(result.is_err());
        }
    });
}
