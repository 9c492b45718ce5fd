//! Parallel operations on slices: `par_iter`, `par_iter_mut`,
//! `par_chunks`, `par_chunks_mut` and the parallel sorts.
//!
//! Both sorts cut the slice with the same adaptive splitter as the
//! iterators (about two pieces per thread, more when pieces are stolen),
//! sort each piece with the standard library's sequential sort, and fork
//! with the backend's `join`:
//!
//! - `par_sort*` (stable) is a merge sort: sort both halves in parallel,
//!   then merge them. The merge is the standard library's stable sort run
//!   on the two sorted halves, which it detects as two runs and merges in
//!   one linear pass, so this module needs no `unsafe` merge of its own.
//! - `par_sort_unstable*` is a quicksort: pick a pivot (median of three
//!   medians), partition around it, and sort both sides in parallel. Every
//!   piece falls back to `sort_unstable` once the splitter stops, or after
//!   too many partitions, which bounds the worst case at O(n log n).
//!
//! A comparison that panics propagates the panic; the slice is left as
//! some permutation of its items.

#![forbid(unsafe_code)]

mod chunks;
mod iter;
mod merge_sort;
mod quick_sort;

pub use chunks::{
    Chunks, ChunksExact, ChunksExactMut, ChunksMut, RChunks, RChunksExact, RChunksExactMut,
    RChunksMut, Windows,
};
pub use iter::{Iter, IterMut};

use std::cmp::Ordering;

/// Parallel read-only operations on a slice (and, through `Deref`, on
/// `Vec` and arrays).
pub trait ParallelSlice<T: Sync> {
    /// The slice itself.
    fn as_parallel_slice(&self) -> &[T];

    /// Iterates over `chunk_size` items at a time (the last chunk may be
    /// shorter), in parallel.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let sums: Vec<i32> = [1, 2, 3, 4, 5].par_chunks(2).map(|c| c.iter().sum()).collect();
    /// assert_eq!(sums, [3, 7, 5]);
    /// ```
    fn par_chunks(&self, chunk_size: usize) -> Chunks<'_, T> {
        Chunks::new(self.as_parallel_slice(), chunk_size)
    }
}

impl<T: Sync> ParallelSlice<T> for [T] {
    fn as_parallel_slice(&self) -> &[T] {
        self
    }
}

/// Parallel in-place operations on a mutable slice (and, through
/// `DerefMut`, on `Vec` and arrays).
pub trait ParallelSliceMut<T: Send> {
    /// The slice itself.
    fn as_parallel_slice_mut(&mut self) -> &mut [T];

    /// Iterates over `chunk_size` mutable items at a time (the last chunk
    /// may be shorter), in parallel.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = [0; 5];
    /// v.par_chunks_mut(2).enumerate().for_each(|(i, c)| c.fill(i));
    /// assert_eq!(v, [0, 0, 1, 1, 2]);
    /// ```
    fn par_chunks_mut(&mut self, chunk_size: usize) -> ChunksMut<'_, T> {
        ChunksMut::new(self.as_parallel_slice_mut(), chunk_size)
    }

    /// Sorts the slice in parallel, keeping equal items in their order
    /// (stable); the same result as `slice::sort`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![5, 1, 4, 2, 3];
    /// v.par_sort();
    /// assert_eq!(v, [1, 2, 3, 4, 5]);
    /// ```
    fn par_sort(&mut self)
    where
        T: Ord,
    {
        merge_sort::par_merge_sort(self.as_parallel_slice_mut(), &T::cmp);
    }

    /// Sorts the slice in parallel with a comparator, keeping equal items
    /// in their order (stable); the same result as `slice::sort_by`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![1, 5, 2];
    /// v.par_sort_by(|a, b| b.cmp(a));
    /// assert_eq!(v, [5, 2, 1]);
    /// ```
    fn par_sort_by<F>(&mut self, compare: F)
    where
        F: Fn(&T, &T) -> Ordering + Sync,
    {
        merge_sort::par_merge_sort(self.as_parallel_slice_mut(), &compare);
    }

    /// Sorts the slice in parallel by a key, keeping items with equal keys
    /// in their order (stable); the same result as `slice::sort_by_key`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
    /// v.par_sort_by_key(|&(k, _)| k);
    /// assert_eq!(v, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    /// ```
    fn par_sort_by_key<K, F>(&mut self, f: F)
    where
        K: Ord,
        F: Fn(&T) -> K + Sync,
    {
        merge_sort::par_merge_sort(self.as_parallel_slice_mut(), &|a: &T, b: &T| {
            f(a).cmp(&f(b))
        });
    }

    /// Sorts the slice in parallel without keeping the order of equal items
    /// (unstable, usually faster); sorted like `slice::sort_unstable`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![5, 1, 4, 2, 3];
    /// v.par_sort_unstable();
    /// assert_eq!(v, [1, 2, 3, 4, 5]);
    /// ```
    fn par_sort_unstable(&mut self)
    where
        T: Ord,
    {
        quick_sort::par_quick_sort(self.as_parallel_slice_mut(), &T::cmp);
    }

    /// Sorts the slice in parallel with a comparator, without keeping the
    /// order of equal items.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![1, 5, 2];
    /// v.par_sort_unstable_by(|a, b| b.cmp(a));
    /// assert_eq!(v, [5, 2, 1]);
    /// ```
    fn par_sort_unstable_by<F>(&mut self, compare: F)
    where
        F: Fn(&T, &T) -> Ordering + Sync,
    {
        quick_sort::par_quick_sort(self.as_parallel_slice_mut(), &compare);
    }

    /// Sorts the slice in parallel by a key, without keeping the order of
    /// items with equal keys.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = vec![-3, 1, -2];
    /// v.par_sort_unstable_by_key(|x: &i32| x.abs());
    /// assert_eq!(v, [1, -2, -3]);
    /// ```
    fn par_sort_unstable_by_key<K, F>(&mut self, f: F)
    where
        K: Ord,
        F: Fn(&T) -> K + Sync,
    {
        quick_sort::par_quick_sort(self.as_parallel_slice_mut(), &|a: &T, b: &T| {
            f(a).cmp(&f(b))
        });
    }
}

impl<T: Send> ParallelSliceMut<T> for [T] {
    fn as_parallel_slice_mut(&mut self) -> &mut [T] {
        self
    }
}
