//! rayon compatibility: every source rayon has gives the items its
//! sequential counterpart gives, in order where it has one, on every
//! engine (sequential, 1, 2 and 4 threads).
#![cfg(not(loom))]

mod common;

use common::in_every_mode;
use fearless_par::iter::{
    Either, empty, once, repeat, repeat_n, split, walk_tree, walk_tree_postfix, walk_tree_prefix,
};
use fearless_par::prelude::*;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};

/// Lengths that hit the empty, single, odd and split-heavy cases.
const LENGTHS: [usize; 7] = [0, 1, 2, 3, 17, 1000, 20_000];

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn unsuffixed_ranges_infer_like_rayon() {
    in_every_mode(|| {
        // `i32` by the literal fallback, as with rayon.
        assert_eq!((0..1000).into_par_iter().sum::<i32>(), 499_500);
        assert_eq!(
            (0..=1000).into_par_iter().map(|x| x * 2).sum::<i32>(),
            1_001_000
        );
        let v: Vec<_> = (0..5).into_par_iter().collect();
        assert_eq!(v, [0, 1, 2, 3, 4]);
    });
}

macro_rules! check_ranges {
    ($($t:ty),*) => {$({
        let (lo, hi) = (<$t>::MIN, <$t>::MAX);
        // Both ends of the type, exclusive and inclusive, with forced cuts.
        let seq: Vec<$t> = (hi - 40..hi).collect();
        let par: Vec<$t> = (hi - 40..hi).into_par_iter().collect();
        assert_eq!(par, seq);
        let seq: Vec<$t> = (hi - 40..=hi).collect();
        let par: Vec<$t> = (hi - 40..=hi).into_par_iter().collect();
        assert_eq!(par, seq);
        let seq: Vec<$t> = (lo..=lo + 40).collect();
        let par: Vec<$t> = (lo..=lo + 40).into_par_iter().collect();
        assert_eq!(par, seq);
        assert_eq!((hi..lo).into_par_iter().count(), 0);
        #[allow(clippy::reversed_empty_ranges)]
        let empty_inclusive = (hi..=lo).into_par_iter().count();
        assert_eq!(empty_inclusive, 0);
        assert_eq!((lo..lo).into_par_iter().opt_len(), Some(0));
    })*};
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn ranges_of_every_integer_type_give_the_sequential_items() {
    in_every_mode(|| {
        check_ranges!(
            u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
        );
        // Ranges longer than usize::MAX still run (unindexed); an
        // early-exit consumer ends them once the match near the start of
        // the range (where the sequential mode looks first) is found.
        assert_eq!((0..u128::MAX).into_par_iter().opt_len(), None);
        let found = (0..=u128::MAX).into_par_iter().find_first(|&x| x == 1_000);
        assert_eq!(found, Some(1_000));
        assert!((-1000..i128::MAX).into_par_iter().any(|x| x == 7));
        assert_eq!((0..=u8::MAX).into_par_iter().with_max_len(3).count(), 256);
        assert_eq!((0..=u64::MAX).into_par_iter().opt_len(), None);
        // Indexed ranges reverse and cut like slices.
        let seq: Vec<i16> = (-300i16..=300).rev().step_by(7).collect();
        let par: Vec<i16> = (-300i16..=300).into_par_iter().rev().step_by(7).collect();
        assert_eq!(par, seq);
        let seq: Vec<u64> = (5u64..900).skip(3).take(500).collect();
        let par: Vec<u64> = (5u64..900).into_par_iter().skip(3).take(500).collect();
        assert_eq!(par, seq);
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn char_ranges_skip_the_surrogates() {
    in_every_mode(|| {
        let seq: Vec<char> = ('\u{D000}'..'\u{F000}').collect();
        let par: Vec<char> = ('\u{D000}'..'\u{F000}')
            .into_par_iter()
            .with_max_len(97)
            .collect();
        assert_eq!(par, seq);
        let par = ('\u{D7FF}'..='\u{E000}')
            .into_par_iter()
            .collect::<String>();
        assert_eq!(par, "\u{D7FF}\u{E000}");
        assert_eq!(('a'..='z').into_par_iter().len(), 26);
        assert_eq!(
            (char::MIN..=char::MAX).into_par_iter().count(),
            (char::MIN..=char::MAX).count()
        );
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn std_collections_iterate_in_their_order() {
    in_every_mode(|| {
        for n in LENGTHS {
            let v: Vec<u32> = (0..n as u32).collect();
            let deque: VecDeque<u32> = {
                // Wrapped around, so both of its slices are used.
                let mut d: VecDeque<u32> = v.iter().copied().collect();
                d.rotate_left(n / 3);
                d
            };
            let seq: Vec<u32> = deque.iter().copied().collect();
            assert_eq!(deque.par_iter().copied().collect::<Vec<_>>(), seq);
            let mut deque2 = deque.clone();
            deque2.par_iter_mut().for_each(|x| *x += 1);
            assert!(deque2.iter().zip(&deque).all(|(a, b)| *a == b + 1));
            assert_eq!(deque.into_par_iter().collect::<Vec<_>>(), seq);

            let list: LinkedList<u32> = v.iter().copied().collect();
            assert_eq!(list.par_iter().copied().collect::<Vec<_>>(), v);
            assert_eq!(list.into_par_iter().collect::<Vec<_>>(), v);

            let btree: BTreeSet<u32> = v.iter().copied().collect();
            assert_eq!(btree.par_iter().copied().collect::<Vec<_>>(), v);
            let map: BTreeMap<u32, u32> = v.iter().map(|&x| (x, x * 2)).collect();
            let mut map2 = map.clone();
            map2.par_iter_mut().for_each(|(_, v)| *v += 1);
            assert!(map2.iter().all(|(k, v)| *v == k * 2 + 1));
            assert_eq!(map.into_par_iter().map(|(k, _)| k).collect::<Vec<_>>(), v);

            let set: HashSet<u32> = v.iter().copied().collect();
            assert_eq!(set.par_iter().copied().sum::<u32>(), v.iter().sum::<u32>());
            let hmap: HashMap<u32, u32> = v.iter().map(|&x| (x, x)).collect();
            assert_eq!(hmap.par_iter().count(), n);
            let heap: BinaryHeap<u32> = v.iter().copied().collect();
            let mut from_heap: Vec<u32> = heap.into_par_iter().collect();
            from_heap.sort_unstable();
            assert_eq!(from_heap, v);
        }
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn par_drain_removes_exactly_the_range() {
    in_every_mode(|| {
        for n in LENGTHS {
            let mut v: Vec<String> = (0..n).map(|i| i.to_string()).collect();
            let (a, b) = (n / 4, n - n / 3);
            let mut seq = v.clone();
            let expected: Vec<String> = seq.drain(a..b).collect();
            let drained: Vec<String> = v.par_drain(a..b).collect();
            assert_eq!((drained, v), (expected, seq));

            let mut set: HashSet<usize> = (0..n).collect();
            assert_eq!(set.par_drain().count(), n);
            assert!(set.is_empty());
            let mut map: HashMap<usize, usize> = (0..n).map(|i| (i, i)).collect();
            assert_eq!(map.par_drain().map(|(k, _)| k).sum::<usize>(), (0..n).sum());
            assert!(map.is_empty());
            let mut heap: BinaryHeap<usize> = (0..n).collect();
            assert_eq!(heap.par_drain().count(), n);
            let mut deque: VecDeque<usize> = (0..n).collect();
            let drained: Vec<usize> = deque.par_drain(a..).collect();
            assert_eq!(drained, (a..n).collect::<Vec<_>>());
            assert_eq!(deque.len(), a);
        }
        let mut s = String::from("añb→c");
        let drained: String = s.par_drain(1..7).collect();
        assert_eq!((drained.as_str(), s.as_str()), ("ñb→", "ac"));
    });
}

#[test]
#[should_panic(expected = "out of bounds")]
fn par_drain_out_of_bounds_panics() {
    let mut v = vec![1, 2, 3];
    let _ = v.par_drain(1..5);
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn option_result_either_and_tuples() {
    in_every_mode(|| {
        assert_eq!(Some(4).into_par_iter().collect::<Vec<_>>(), [4]);
        assert_eq!(None::<u8>.into_par_iter().count(), 0);
        let mut opt = Some(1);
        opt.par_iter_mut().for_each(|x| *x = 9);
        assert_eq!(opt, Some(9));
        assert_eq!(Ok::<_, ()>(3).par_iter().copied().sum::<i32>(), 3);
        assert_eq!(Err::<i32, _>(()).into_par_iter().count(), 0);

        let either: Either<_, fearless_par::range::Iter<i32>> =
            Either::Left(vec![1, 2].into_par_iter());
        assert_eq!(either.len(), 2);

        let (a, b, c) = (vec![1, 2, 3], [4, 5, 6, 7], (7..10).collect::<Vec<i32>>());
        let zipped: Vec<(i32, &i32, &i32)> = (a.clone(), &b, &c).into_par_iter().collect();
        assert_eq!(zipped, [(1, &4, &7), (2, &5, &8), (3, &6, &9)]);
        let mut a2 = a.clone();
        (&mut a2, &b).into_par_iter().for_each(|(x, y)| *x += y);
        assert_eq!(a2, [5, 7, 9]);
    });
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn free_function_sources() {
    in_every_mode(|| {
        assert_eq!(empty::<u8>().count(), 0);
        assert_eq!(empty::<u8>().rev().collect::<Vec<_>>(), Vec::<u8>::new());
        assert_eq!(once(5).chain(once(6)).collect::<Vec<_>>(), [5, 6]);
        assert_eq!(repeat_n("x", 1000).with_max_len(7).count(), 1000);
        assert_eq!(repeat_n(1, 0).count(), 0);
        assert_eq!(repeat(3).take(10).sum::<i32>(), 30);
        assert_eq!(repeat(2).zip(0..5).map(|(a, b)| a * b).sum::<i32>(), 20);
        assert!(repeat(1u8).find_any(|&x| x == 1).is_some());

        let pieces: Vec<std::ops::Range<u32>> = split(0u32..1000, |r| {
            if r.len() <= 10 {
                (r, None)
            } else {
                let mid = r.start + (r.end - r.start) / 2;
                (r.start..mid, Some(mid..r.end))
            }
        })
        .collect();
        // Pieces in order, covering the whole range once.
        let flat: Vec<u32> = pieces.into_iter().flatten().collect();
        assert_eq!(flat, (0..1000).collect::<Vec<_>>());

        // A complete binary tree of 1023 nodes numbered 0..1023.
        let children = |&n: &u32| [2 * n + 1, 2 * n + 2].into_iter().filter(|&c| c < 1023);
        let prefix: Vec<u32> = walk_tree_prefix(0u32, children).collect();
        let postfix: Vec<u32> = walk_tree_postfix(0u32, children).collect();
        assert_eq!(prefix, sequential_prefix(0, &children));
        assert_eq!(postfix, sequential_postfix(0, &children));
        let mut any_order: Vec<u32> = walk_tree(0u32, children).collect();
        any_order.sort_unstable();
        assert_eq!(any_order, (0..1023).collect::<Vec<_>>());
    });
}

fn sequential_prefix<I: Iterator<Item = u32>>(n: u32, children: &impl Fn(&u32) -> I) -> Vec<u32> {
    let mut out = vec![n];
    for c in children(&n) {
        out.extend(sequential_prefix(c, children));
    }
    out
}

fn sequential_postfix<I: Iterator<Item = u32>>(n: u32, children: &impl Fn(&u32) -> I) -> Vec<u32> {
    let mut out = Vec::new();
    for c in children(&n) {
        out.extend(sequential_postfix(c, children));
    }
    out.push(n);
    out
}

#[test]
#[cfg_attr(miri, ignore)] // shared pools outlive the test
fn par_bridge_yields_every_item_once() {
    in_every_mode(|| {
        for n in LENGTHS {
            let mut got: Vec<usize> = (0..n).par_bridge().map(|x| x * 3).collect();
            got.sort_unstable();
            assert_eq!(got, (0..n).map(|x| x * 3).collect::<Vec<_>>());
        }
        // Early exit stops pulling from the shared iterator.
        let pulled = std::sync::atomic::AtomicUsize::new(0);
        let found = (0..)
            .inspect(|_| {
                pulled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            })
            .par_bridge()
            .find_any(|&x: &u64| x == 50);
        assert_eq!(found, Some(50));
    });
}
