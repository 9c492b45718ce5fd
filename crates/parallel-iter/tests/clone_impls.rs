//! Parallel iterators over shared data are `Clone`, as rayon's are, and a
//! clone yields the same items as the original (in the spirit of rayon's
//! `tests/clones.rs`).
#![cfg(not(loom))]

use fearless_par::prelude::*;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::fmt::Debug;

/// The clone and the original yield the same items.
fn check<I>(iter: I)
where
    I: ParallelIterator + Clone,
    I::Item: Debug + PartialEq,
{
    let a: Vec<_> = iter.clone().collect();
    let b: Vec<_> = iter.collect();
    assert_eq!(a, b);
}

#[test]
fn collections_iterators_clone() {
    let heap: BinaryHeap<i32> = (0..10).collect();
    check(heap.par_iter());
    check(heap.clone().into_par_iter());
    let tree: BTreeMap<usize, i32> = (0..10).enumerate().collect();
    check(tree.par_iter());
    check(tree.clone().into_par_iter());
    let set: BTreeSet<i32> = (0..10).collect();
    check(set.par_iter());
    check(set.clone().into_par_iter());
    let map: HashMap<usize, i32> = (0..10).enumerate().collect();
    check(map.par_iter());
    check(map.clone().into_par_iter());
    let hset: HashSet<i32> = (0..10).collect();
    check(hset.par_iter());
    check(hset.clone().into_par_iter());
    let list: LinkedList<i32> = (0..10).collect();
    check(list.par_iter());
    check(list.clone().into_par_iter());
    let mut deque: VecDeque<i32> = (0..10).collect();
    deque.rotate_left(3); // two slices
    check(deque.par_iter());
    check(deque.clone().into_par_iter());
}

#[test]
fn slice_iterators_clone() {
    let v: Vec<i32> = (0..100).collect();
    check(v.par_iter());
    check(v.par_chunks(7));
    check(v.par_chunks_exact(7));
    check(v.par_rchunks(7));
    check(v.par_rchunks_exact(7));
    check(v.par_windows(7));
    check(v.par_chunk_by(|a, b| a / 10 == b / 10));
    check(v.par_split(|x| x % 7 == 0));
}

#[test]
fn adaptors_clone() {
    let v: Vec<i32> = (0..100).collect();
    check(v.par_iter().map(|x| x * 2).filter(|x| x % 3 == 0));
    check(v.par_iter().zip(&v).enumerate().rev());
    check(v.par_iter().chunks(3).step_by(2));
    check(v.par_iter().copied().fold(|| 0, |a, b| a + b));
    check(v.par_iter().flat_map_iter(|&x| 0..x % 4));
    check((0..100u64).into_par_iter().skip(3).take(50));
    check("a b c".par_split_whitespace());
}
