//! The unstable parallel sort: a quicksort forked with `join`.

use super::small_sort::{INSERTION_MAX_LEN, heapsort, insertion_sort};
use crate::engine;
use crate::split::Splitter;
use std::cmp::Ordering;

/// Pieces are never cut shorter than this (shorter under Miri, so that
/// small inputs reach the parallel paths).
const MIN_PIECE_LEN: usize = if cfg!(miri) { 32 } else { 1 << 10 };

/// Sorts `v` by `compare` (not keeping equal items in order), in parallel
/// when it is worth it. Never calls a std sort (see `small_sort`), so an
/// inconsistent comparator leaves the order unspecified but never panics.
pub(super) fn par_quick_sort<T, F>(v: &mut [T], compare: &F)
where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    // Like introsort: after 2·log2(n) partitions on one path the pivots
    // have been bad; the piece is heap-sorted instead.
    let partitions_left = 2 * (usize::BITS - v.len().leading_zeros());
    let splitter = Splitter::for_input(v.len(), MIN_PIECE_LEN, usize::MAX, 0);
    sort_piece(v, compare, splitter, false, partitions_left);
}

/// Sorts one piece: its two sides in parallel while `splitter` (if any)
/// splits, sequentially below that.
fn sort_piece<T, F>(
    mut v: &mut [T],
    compare: &F,
    mut splitter: Option<Splitter>,
    migrated: bool,
    mut partitions_left: u32,
) where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    loop {
        if v.len() <= INSERTION_MAX_LEN {
            insertion_sort(v, compare);
            return;
        }
        if partitions_left == 0 {
            heapsort(v, compare);
            return;
        }
        partitions_left -= 1;
        let whole = std::mem::take(&mut v);
        let pivot = choose_pivot(whole, compare);
        whole.swap(0, pivot);
        let (smaller, equal) = {
            let (pivot, rest) = whole
                .split_first_mut()
                .expect("a piece to partition is not empty");
            let smaller = partition(rest, |x| compare(x, pivot) == Ordering::Less);
            // When the pivot is a smallest item, every item equal to it is
            // in its final place once gathered at the front; only the
            // larger ones are left to sort. This keeps many-duplicates
            // inputs from degrading.
            let equal = if smaller == 0 {
                partition(rest, |x| compare(pivot, x) != Ordering::Less)
            } else {
                0
            };
            (smaller, equal)
        };
        if smaller == 0 {
            v = &mut whole[1 + equal..];
            continue;
        }
        // `whole[1..=smaller]` is below the pivot: move the pivot between
        // the sides.
        whole.swap(0, smaller);
        let (left, right) = whole.split_at_mut(smaller);
        let right = &mut right[1..];
        let len = left.len() + right.len();
        let split = match &mut splitter {
            Some(s) => s.try_split(len, migrated),
            None => false,
        };
        match splitter {
            Some(s) if split => {
                let s = Some(s);
                engine::join_context(
                    |migrated| sort_piece(left, compare, s, migrated, partitions_left),
                    |migrated| sort_piece(right, compare, s, migrated, partitions_left),
                );
                return;
            }
            _ => {
                // Sequential: recurse into the shorter side and loop on the
                // longer one, so the stack stays O(log n) deep.
                splitter = None;
                if left.len() < right.len() {
                    sort_piece(left, compare, None, migrated, partitions_left);
                    v = right;
                } else {
                    sort_piece(right, compare, None, migrated, partitions_left);
                    v = left;
                }
            }
        }
    }
}

/// Moves the items for which `goes_left` holds to the front and returns
/// how many there are. Branch-free: every step swaps, which is cheaper for
/// small items than a mispredicted branch.
fn partition<T>(v: &mut [T], mut goes_left: impl FnMut(&T) -> bool) -> usize {
    let mut left = 0;
    for i in 0..v.len() {
        let goes = goes_left(&v[i]);
        v.swap(left, i);
        left += usize::from(goes);
    }
    left
}

/// The index of a pivot: the median of three medians of three, spread over
/// the slice (Tukey's ninther); plain median of three for short slices.
fn choose_pivot<T, F>(v: &[T], compare: &F) -> usize
where
    F: Fn(&T, &T) -> Ordering,
{
    let len = v.len();
    let (a, b, c) = (len / 4, len / 2, len / 4 * 3);
    if len < 64 {
        return median_of_three(v, a, b, c, compare);
    }
    let a = median_of_three(v, a - 1, a, a + 1, compare);
    let b = median_of_three(v, b - 1, b, b + 1, compare);
    let c = median_of_three(v, c - 1, c, c + 1, compare);
    median_of_three(v, a, b, c, compare)
}

fn median_of_three<T, F>(v: &[T], a: usize, b: usize, c: usize, compare: &F) -> usize
where
    F: Fn(&T, &T) -> Ordering,
{
    let less = |i: usize, j: usize| compare(&v[i], &v[j]) == Ordering::Less;
    let (a, b) = if less(b, a) { (b, a) } else { (a, b) };
    // Now v[a] <= v[b].
    if less(c, b) {
        if less(c, a) { a } else { c }
    } else {
        b
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn partition_moves_matching_items_to_the_front() {
        let mut v = [5, 1, 7, 2, 9, 3];
        let n = partition(&mut v, |&x| x < 5);
        assert_eq!(n, 3);
        assert!(v[..n].iter().all(|&x| x < 5));
        assert!(v[n..].iter().all(|&x| x >= 5));
    }

    #[test]
    fn median_of_three_picks_the_middle() {
        for perm in [
            [1, 2, 3],
            [1, 3, 2],
            [2, 1, 3],
            [2, 3, 1],
            [3, 1, 2],
            [3, 2, 1],
        ] {
            let m = median_of_three(&perm, 0, 1, 2, &i32::cmp);
            assert_eq!(perm[m], 2);
        }
    }
}
