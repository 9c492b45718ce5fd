//! The stable parallel sort: a merge sort forked with `join`.

use crate::backend;
use crate::split::Splitter;
use std::cmp::Ordering;

/// Slices of at most this many items sort inline, without a fork.
const INLINE_MAX_LEN: usize = 1 << 12;
/// Pieces are never cut shorter than this.
const MIN_PIECE_LEN: usize = 1 << 10;

/// Sorts `v` stably by `compare`, in parallel when it is worth it.
pub(super) fn par_merge_sort<T, F>(v: &mut [T], compare: &F)
where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    match Splitter::for_input(v.len(), MIN_PIECE_LEN, usize::MAX, INLINE_MAX_LEN) {
        None => v.sort_by(compare),
        Some(splitter) => sort_piece(v, compare, splitter, false),
    }
}

fn sort_piece<T, F>(v: &mut [T], compare: &F, mut splitter: Splitter, migrated: bool)
where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    let len = v.len();
    if !splitter.try_split(len, migrated) {
        v.sort_by(compare);
        return;
    }
    let mid = len / 2;
    let (left, right) = v.split_at_mut(mid);
    backend::join_context(
        |migrated| sort_piece(left, compare, splitter, migrated),
        |migrated| sort_piece(right, compare, splitter, migrated),
    );
    merge_halves(v, mid, compare);
}

/// Merges the sorted `v[..mid]` and `v[mid..]` in place, stably.
fn merge_halves<T, F>(v: &mut [T], mid: usize, compare: &F)
where
    F: Fn(&T, &T) -> Ordering,
{
    // Already in order (common for presorted input): nothing to do.
    if compare(&v[mid - 1], &v[mid]) != Ordering::Greater {
        return;
    }
    // The standard stable sort scans for existing sorted runs first; here
    // it finds exactly two and merges them in one linear pass with a
    // scratch buffer, which is the merge we need without writing `unsafe`.
    v.sort_by(compare);
}
