//! Sequential sorts of our own for the leaves of the parallel sorts.
//!
//! The standard library's sorts may panic when the comparator is not a
//! total order ("user-provided comparison function does not correctly
//! implement a total order", since Rust 1.81); rayon promises that its
//! sorts never do, leaving the order unspecified instead. So no user
//! comparator ever reaches a std sort here. These sorts are written in safe
//! code: with any comparator they stay in bounds, and a comparator that
//! panics leaves every item in the slice exactly once (they only swap).

use std::cmp::Ordering;

/// Slices up to this long are insertion-sorted.
pub(super) const INSERTION_MAX_LEN: usize = 20;

/// Sorts `v` by insertion, stably.
pub(super) fn insertion_sort<T, F>(v: &mut [T], compare: &F)
where
    F: Fn(&T, &T) -> Ordering,
{
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && compare(&v[j], &v[j - 1]) == Ordering::Less {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Sorts `v` in O(n log n) whatever the input: the fallback of the
/// quicksort when its pivots keep being bad (as in introsort).
pub(super) fn heapsort<T, F>(v: &mut [T], compare: &F)
where
    F: Fn(&T, &T) -> Ordering,
{
    let less = |v: &[T], a: usize, b: usize| compare(&v[a], &v[b]) == Ordering::Less;
    // Moves `v[node]` down the max-heap `v[..end]`.
    let sift_down = |v: &mut [T], mut node: usize, end: usize| {
        loop {
            let mut child = 2 * node + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && less(v, child, child + 1) {
                child += 1;
            }
            if !less(v, node, child) {
                return;
            }
            v.swap(node, child);
            node = child;
        }
    };
    let len = v.len();
    for node in (0..len / 2).rev() {
        sift_down(v, node, len);
    }
    for end in (1..len).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn insertion_sort_is_stable() {
        let mut v: Vec<(u8, usize)> = [3, 1, 3, 0, 1, 3].into_iter().zip(0..).collect();
        insertion_sort(&mut v, &|a: &(u8, usize), b: &(u8, usize)| a.0.cmp(&b.0));
        assert_eq!(v, [(0, 3), (1, 1), (1, 4), (3, 0), (3, 2), (3, 5)]);
    }

    #[test]
    fn heapsort_sorts() {
        for len in 0..40 {
            let mut v: Vec<u32> = (0..len).map(|i| (i * 7919) % 13).collect();
            let mut expected = v.clone();
            expected.sort_unstable();
            heapsort(&mut v, &u32::cmp);
            assert_eq!(v, expected);
        }
    }
}
