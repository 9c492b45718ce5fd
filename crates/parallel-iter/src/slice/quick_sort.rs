//! The unstable parallel sort: a quicksort forked with `join`.

use crate::backend;
use crate::split::Splitter;
use std::cmp::Ordering;

/// Slices of at most this many items sort inline, without a fork.
const INLINE_MAX_LEN: usize = 1 << 12;
/// Pieces are never cut shorter than this.
const MIN_PIECE_LEN: usize = 1 << 10;

/// Sorts `v` by `compare` (not keeping equal items in order), in parallel
/// when it is worth it.
pub(super) fn par_quick_sort<T, F>(v: &mut [T], compare: &F)
where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    match Splitter::for_input(v.len(), MIN_PIECE_LEN, usize::MAX, INLINE_MAX_LEN) {
        None => v.sort_unstable_by(compare),
        Some(splitter) => {
            // Like introsort: after 2·log2(n) partitions on one path the
            // pivots have been bad; hand the piece to `sort_unstable`.
            let partitions_left = 2 * (usize::BITS - v.len().leading_zeros());
            sort_piece(v, compare, splitter, false, partitions_left);
        }
    }
}

fn sort_piece<T, F>(
    v: &mut [T],
    compare: &F,
    mut splitter: Splitter,
    migrated: bool,
    partitions_left: u32,
) where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    if partitions_left == 0 || !splitter.try_split(v.len(), migrated) {
        v.sort_unstable_by(compare);
        return;
    }
    let pivot = choose_pivot(v, compare);
    v.swap(0, pivot);
    let (pivot, rest) = v
        .split_first_mut()
        .expect("a piece that splits is not empty");
    let smaller = partition(rest, |x| compare(x, pivot) == Ordering::Less);
    if smaller == 0 {
        // The pivot is a smallest item, so every item equal to it is in its
        // final place once gathered at the front; only the larger ones are
        // left to sort. This keeps many-duplicates inputs from degrading.
        let equal = partition(rest, |x| compare(pivot, x) != Ordering::Less);
        sort_piece(
            &mut rest[equal..],
            compare,
            splitter,
            migrated,
            partitions_left - 1,
        );
        return;
    }
    // `v[1..=smaller]` is below the pivot: move the pivot between the sides.
    v.swap(0, smaller);
    let (left, right) = v.split_at_mut(smaller);
    let right = &mut right[1..];
    backend::join_context(
        |migrated| sort_piece(left, compare, splitter, migrated, partitions_left - 1),
        |migrated| sort_piece(right, compare, splitter, migrated, partitions_left - 1),
    );
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
