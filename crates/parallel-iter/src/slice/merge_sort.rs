//! The stable parallel sort: a merge sort whose halves *and merges* fork
//! with `join`.
//!
//! # Algorithm
//!
//! A top-down merge sort that moves items between the slice and one scratch
//! buffer of the same length ("ping-pong"): sorting a range *into* the
//! buffer sorts both halves into the slice and merges them into the
//! buffer, and the other way round, so every level moves each item once
//! and no level copies back. Ranges of at most `INSERTION_MAX_LEN` items
//! are insertion-sorted in the slice. The halves sort in parallel while the
//! adaptive splitter splits; a merge is itself split in parallel: the
//! middle item of the longer run is located in the shorter run by binary
//! search, which cuts the merge into two independent merges of the two
//! lower and the two upper parts (the parallel merge of Cormen et al.,
//! *Introduction to Algorithms*, ch. 27). Without it the last merge is a
//! sequential pass over all n items, which bounds the speed-up (Amdahl).
//!
//! The comparator is only ever called by our code (no std sort, which may
//! panic on a comparator that is not a total order): every loop is bounded
//! by indices, so any comparator yields some permutation of the input.
//!
//! # Safety argument
//!
//! Items are moved with bitwise copies. The buffer holds `MaybeUninit`
//! and is never dropped item by item; the slice is the only place whose
//! items are dropped, so the invariant is: *whenever control can leave
//! this module (return or unwind), the slice holds each item exactly
//! once.*
//!
//! - A merge only reads its source runs and writes its destination: the
//!   source still holds every item of the range, untouched, however far
//!   the merge got.
//! - A range sorted *into the buffer* leaves the slice's copy of that range
//!   as it was before its last merge: a permutation of the range's items.
//!   So if a comparator panics, the slice is valid without the buffer,
//!   except for a merge that writes *into the slice*. Such a merge is
//!   guarded by [`CopyBack`], which on unwind copies the whole source range
//!   (the buffer, complete and untouched) over the slice's range. With a
//!   parallel merge the guard sits above the `join`, which returns (or
//!   unwinds) only after both sub-merges ended.

#![allow(unsafe_code)]

use super::small_sort::{INSERTION_MAX_LEN, insertion_sort};
use crate::engine;
use crate::split::Splitter;
use std::cmp::Ordering;
use std::mem::MaybeUninit;
use std::ptr;

/// Pieces are never cut shorter than this (shorter under Miri, so that
/// small inputs reach the parallel paths).
const MIN_PIECE_LEN: usize = if cfg!(miri) { 32 } else { 1 << 10 };

/// Sorts `v` stably by `compare`, in parallel when it is worth it.
pub(super) fn par_merge_sort<T, F>(v: &mut [T], compare: &F)
where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    let len = v.len();
    if len <= INSERTION_MAX_LEN {
        insertion_sort(v, compare);
        return;
    }
    let mut buf: Vec<MaybeUninit<T>> = Vec::with_capacity(len);
    let scratch = &mut buf.spare_capacity_mut()[..len];
    let splitter = Splitter::for_input(len, MIN_PIECE_LEN, usize::MAX, 0);
    let run = Run {
        data: v.as_mut_ptr(),
        buf: scratch.as_mut_ptr().cast::<T>(),
        len,
    };
    // SAFETY: `data` and `buf` are valid, disjoint and `len` long (the
    // slice is borrowed mutably, the buffer is ours); the slice holds its
    // items on entry, and `sort` leaves them sorted in the slice (or, if
    // it unwinds, some permutation of them: see the module docs).
    unsafe { sort(run, false, splitter, false, compare) };
    // `buf` only ever held bitwise copies: dropping it frees the memory
    // without dropping any item.
}

/// A range of the slice and the same range of the scratch buffer.
struct Run<T> {
    data: *mut T,
    buf: *mut T,
    len: usize,
}

impl<T> Clone for Run<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Run<T> {}

// SAFETY: a `Run` is used as a `&mut [T]` (and scratch for it) that only
// one thread touches at a time: the halves given to the two sides of a
// `join` are disjoint. Moving `T`s to another thread needs `T: Send`.
unsafe impl<T: Send> Send for Run<T> {}

impl<T> Run<T> {
    /// The first `mid` items and the rest.
    fn split_at(self, mid: usize) -> (Run<T>, Run<T>) {
        debug_assert!(mid <= self.len);
        // SAFETY: `mid <= len`, so both offsets stay inside (or one past)
        // the two allocations.
        let (data, buf) = unsafe { (self.data.add(mid), self.buf.add(mid)) };
        (
            Run {
                data: self.data,
                buf: self.buf,
                len: mid,
            },
            Run {
                data,
                buf,
                len: self.len - mid,
            },
        )
    }
}

/// Sorts `run`, whose items are in the slice on entry, into the buffer
/// (`into_buf`) or into the slice.
///
/// # Safety
/// `run` covers valid, disjoint ranges of the slice and the buffer that no
/// one else touches during the call, and the slice's range holds its items.
unsafe fn sort<T, F>(
    run: Run<T>,
    into_buf: bool,
    mut splitter: Option<Splitter>,
    migrated: bool,
    compare: &F,
) where
    T: Send,
    F: Fn(&T, &T) -> Ordering + Sync,
{
    if run.len <= INSERTION_MAX_LEN {
        // SAFETY: the range is valid and ours (the caller's contract).
        let items = unsafe { std::slice::from_raw_parts_mut(run.data, run.len) };
        insertion_sort(items, compare);
        if into_buf {
            // SAFETY: disjoint valid ranges of `len` items.
            unsafe { ptr::copy_nonoverlapping(run.data, run.buf, run.len) };
        }
        return;
    }
    let mid = run.len / 2;
    let (left, right) = run.split_at(mid);
    let parallel = match &mut splitter {
        Some(s) => s.try_split(run.len, migrated),
        None => false,
    };
    // The halves go where this range does not, so that the merge moves
    // them here.
    if parallel {
        engine::join_context(
            // SAFETY: the halves are disjoint parts of `run` (the contract
            // carries over); each sorts its own items.
            move |m| unsafe { sort(left, !into_buf, splitter, m, compare) },
            // SAFETY: as for the left half.
            move |m| unsafe { sort(right, !into_buf, splitter, m, compare) },
        );
    } else {
        // SAFETY: as above, one half after the other.
        unsafe {
            sort(left, !into_buf, None, migrated, compare);
            sort(right, !into_buf, None, migrated, compare);
        }
    }
    let (src, dst) = if into_buf {
        (run.data, run.buf)
    } else {
        (run.buf, run.data)
    };
    // Merging into the slice: on unwind, put the source back whole.
    let guard = (!into_buf).then_some(CopyBack {
        src,
        dst,
        len: run.len,
    });
    let merge = Merge {
        left: src,
        left_len: mid,
        // SAFETY: `mid <= len`.
        right: unsafe { src.add(mid) },
        right_len: run.len - mid,
        dst,
    };
    // SAFETY: `src` holds the two sorted halves (both sorted into it
    // above), `dst` is the other, disjoint range of `len` items.
    unsafe { merge.run(if parallel { splitter } else { None }, migrated, compare) };
    std::mem::forget(guard);
}

/// On unwind out of a merge into the slice, copies the merge's whole
/// source (complete: merges never write their source) over its
/// destination, so the slice holds each item once again.
struct CopyBack<T> {
    src: *const T,
    dst: *mut T,
    len: usize,
}

impl<T> Drop for CopyBack<T> {
    fn drop(&mut self) {
        // SAFETY: set up by `sort` over two disjoint valid ranges of `len`
        // items, which no merge touches any more (the `join` of a parallel
        // merge has returned or unwound).
        unsafe { ptr::copy_nonoverlapping(self.src, self.dst, self.len) };
    }
}

/// A stable merge of the sorted runs `left` and `right` into `dst`.
struct Merge<T> {
    left: *const T,
    left_len: usize,
    right: *const T,
    right_len: usize,
    dst: *mut T,
}

impl<T> Clone for Merge<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Merge<T> {}

// SAFETY: as for `Run`: the two sides of a split merge read and write
// disjoint ranges.
unsafe impl<T: Send> Send for Merge<T> {}

impl<T: Send> Merge<T> {
    /// Runs the merge, split in two parallel merges while `splitter`
    /// splits.
    ///
    /// # Safety
    /// `left` and `right` hold `left_len` and `right_len` items that no one
    /// writes during the call (they are read through shared references, so
    /// the comparator's view is sound); `dst` is valid for
    /// `left_len + right_len` writes, disjoint from both, and ours.
    unsafe fn run<F>(self, mut splitter: Option<Splitter>, migrated: bool, compare: &F)
    where
        F: Fn(&T, &T) -> Ordering + Sync,
    {
        let len = self.left_len + self.right_len;
        let split = match &mut splitter {
            Some(s) if self.left_len > 0 && self.right_len > 0 => s.try_split(len, migrated),
            _ => false,
        };
        if !split {
            // SAFETY: forwarded.
            unsafe { self.sequential(compare) };
            return;
        }
        // SAFETY: forwarded; `cut` splits within the runs' bounds.
        let (low, high) = unsafe { self.cut(compare) };
        engine::join_context(
            // SAFETY: `low` and `high` read parts of the same unwritten runs
            // and write disjoint parts of `dst` (see `cut`).
            move |m| unsafe { low.run(splitter, m, compare) },
            // SAFETY: as for `low`.
            move |m| unsafe { high.run(splitter, m, compare) },
        );
    }

    /// Cuts the merge in two independent merges around the middle item of
    /// the longer run: everything of the low merge goes before everything
    /// of the high one in the stable merged order.
    ///
    /// # Safety
    /// As [`run`](Self::run), and both runs non-empty.
    unsafe fn cut<F>(self, compare: &F) -> (Merge<T>, Merge<T>)
    where
        F: Fn(&T, &T) -> Ordering,
    {
        // SAFETY: the runs hold their items and are not written (contract).
        let (left, right) = unsafe {
            (
                std::slice::from_raw_parts(self.left, self.left_len),
                std::slice::from_raw_parts(self.right, self.right_len),
            )
        };
        let (l, r) = if left.len() >= right.len() {
            // Right items strictly below `left[l]` go first (an equal right
            // item goes after it: stability).
            let l = left.len() / 2;
            let r = right.partition_point(|x| compare(x, &left[l]) == Ordering::Less);
            (l, r)
        } else {
            // Left items not above `right[r]` go first (an equal left item
            // goes before it).
            let r = right.len() / 2;
            let l = left.partition_point(|x| compare(&right[r], x) != Ordering::Less);
            (l, r)
        };
        // SAFETY: `l <= left_len`, `r <= right_len`, `l + r <= len`.
        let high = unsafe {
            Merge {
                left: self.left.add(l),
                left_len: self.left_len - l,
                right: self.right.add(r),
                right_len: self.right_len - r,
                dst: self.dst.add(l + r),
            }
        };
        let low = Merge {
            left_len: l,
            right_len: r,
            ..self
        };
        (low, high)
    }

    /// The merge on this thread: writes each destination slot once, taking
    /// the smaller head (the left one on ties).
    ///
    /// # Safety
    /// As [`run`](Self::run).
    unsafe fn sequential<F>(self, compare: &F)
    where
        F: Fn(&T, &T) -> Ordering,
    {
        let (mut i, mut j, mut k) = (0, 0, 0);
        // SAFETY: `i < left_len`, `j < right_len` and
        // `k = i + j < len` bound every access; the runs are readable and
        // not written, `dst` is writable and disjoint from them.
        unsafe {
            while i < self.left_len && j < self.right_len {
                let l = self.left.add(i);
                let r = self.right.add(j);
                let take_right = compare(&*r, &*l) == Ordering::Less;
                let src = if take_right { r } else { l };
                ptr::copy_nonoverlapping(src, self.dst.add(k), 1);
                j += usize::from(take_right);
                i += usize::from(!take_right);
                k += 1;
            }
            ptr::copy_nonoverlapping(self.left.add(i), self.dst.add(k), self.left_len - i);
            k += self.left_len - i;
            ptr::copy_nonoverlapping(self.right.add(j), self.dst.add(k), self.right_len - j);
        }
    }
}
