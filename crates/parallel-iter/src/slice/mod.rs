//! Parallel operations on slices: `par_iter`, `par_iter_mut`,
//! `par_chunks`, `par_chunks_mut` and the parallel sorts.
//!
//! Both sorts cut the slice with the same adaptive splitter as the
//! iterators (a few pieces per thread, more when pieces are stolen) and
//! fork with the engine's `join`; below that they run the same algorithm
//! sequentially, with our own small sorts at the leaves (`small_sort.rs`):
//!
//! - `par_sort*` (stable) is a merge sort (`merge_sort.rs`) that moves
//!   items between the slice and one scratch buffer; both the halves and
//!   the merges run in parallel (a merge is cut in two around the median of
//!   its longer run).
//! - `par_sort_unstable*` is a quicksort: pick a pivot (median of three
//!   medians), partition around it, and sort both sides in parallel. After
//!   too many partitions on one path a piece is heap-sorted, which bounds
//!   the worst case at O(n log n).
//!
//! No user comparator reaches a standard-library sort, which may panic when
//! the comparator is not a total order: as in rayon, an inconsistent
//! comparator leaves the order unspecified but never panics. A comparison
//! that panics propagates the panic; the slice is left as some permutation
//! of its items, each exactly once.

// Only the merge sort's moves between slice and buffer are `unsafe`.
#![deny(unsafe_code)]

mod cached_key;
mod chunk_by;
mod chunks;
mod iter;
mod merge_sort;
mod quick_sort;
mod small_sort;
mod split;

pub use chunk_by::{ChunkBy, ChunkByMut};
pub use chunks::ArrayWindows;
pub use chunks::{
    Chunks, ChunksExact, ChunksExactMut, ChunksMut, RChunks, RChunksExact, RChunksExactMut,
    RChunksMut, Windows,
};
pub use iter::{Iter, IterMut};
pub use split::{Split, SplitInclusive, SplitInclusiveMut, SplitMut};

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
    #[track_caller]
    fn par_chunks(&self, chunk_size: usize) -> Chunks<'_, T> {
        Chunks::new(self.as_parallel_slice(), chunk_size)
    }

    /// The sub-slices separated by items for which `separator` holds (the
    /// separators themselves are left out), in order; as `slice::split`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let parts: Vec<&[i32]> = [1, 0, 2, 3, 0, 0, 4].par_split(|&x| x == 0).collect();
    /// assert_eq!(parts, [&[1][..], &[2, 3], &[], &[4]]);
    /// ```
    fn par_split<P>(&self, separator: P) -> Split<'_, T, P>
    where
        P: Fn(&T) -> bool + Sync + Send,
    {
        Split::new(self.as_parallel_slice(), separator)
    }

    /// The sub-slices each ending with an item for which `separator`
    /// holds (the last may not); as `slice::split_inclusive`.
    fn par_split_inclusive<P>(&self, separator: P) -> SplitInclusive<'_, T, P>
    where
        P: Fn(&T) -> bool + Sync + Send,
    {
        SplitInclusive::new(self.as_parallel_slice(), separator)
    }

    /// Every window of `window_size` neighbouring items; as
    /// `slice::windows`.
    ///
    /// # Panics
    ///
    /// If `window_size` is zero.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let sums: Vec<i32> = [1, 2, 3, 4].par_windows(2).map(|w| w[0] + w[1]).collect();
    /// assert_eq!(sums, [3, 5, 7]);
    /// ```
    #[track_caller]
    fn par_windows(&self, window_size: usize) -> Windows<'_, T> {
        Windows::new(self.as_parallel_slice(), window_size)
    }

    /// Every window of `N` neighbouring items, as arrays.
    ///
    /// # Panics
    ///
    /// If `N` is zero.
    #[track_caller]
    fn par_array_windows<const N: usize>(&self) -> ArrayWindows<'_, T, N> {
        ArrayWindows::new(self.as_parallel_slice())
    }

    /// Chunks of exactly `chunk_size` items from the front; the items
    /// left over are in `remainder()`.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    #[track_caller]
    fn par_chunks_exact(&self, chunk_size: usize) -> ChunksExact<'_, T> {
        ChunksExact::new(self.as_parallel_slice(), chunk_size)
    }

    /// Chunks of `chunk_size` items from the back (the last may be
    /// shorter); as `slice::rchunks`.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    #[track_caller]
    fn par_rchunks(&self, chunk_size: usize) -> RChunks<'_, T> {
        RChunks::new(self.as_parallel_slice(), chunk_size)
    }

    /// Chunks of exactly `chunk_size` items from the back.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    #[track_caller]
    fn par_rchunks_exact(&self, chunk_size: usize) -> RChunksExact<'_, T> {
        RChunksExact::new(self.as_parallel_slice(), chunk_size)
    }

    /// Runs of neighbours for which `pred` holds; as `slice::chunk_by`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let runs: Vec<&[i32]> = [1, 1, 2, 3, 3].par_chunk_by(|a, b| a == b).collect();
    /// assert_eq!(runs, [&[1, 1][..], &[2], &[3, 3]]);
    /// ```
    fn par_chunk_by<F>(&self, pred: F) -> ChunkBy<'_, T, F>
    where
        F: Fn(&T, &T) -> bool + Send + Sync,
    {
        ChunkBy::new(self.as_parallel_slice(), pred)
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
    #[track_caller]
    fn par_chunks_mut(&mut self, chunk_size: usize) -> ChunksMut<'_, T> {
        ChunksMut::new(self.as_parallel_slice_mut(), chunk_size)
    }

    /// Mutable sub-slices separated by items for which `separator` holds;
    /// as `slice::split_mut`.
    fn par_split_mut<P>(&mut self, separator: P) -> SplitMut<'_, T, P>
    where
        P: Fn(&T) -> bool + Sync + Send,
    {
        SplitMut::new(self.as_parallel_slice_mut(), separator)
    }

    /// Mutable sub-slices each ending with an item for which `separator`
    /// holds; as `slice::split_inclusive_mut`.
    fn par_split_inclusive_mut<P>(&mut self, separator: P) -> SplitInclusiveMut<'_, T, P>
    where
        P: Fn(&T) -> bool + Sync + Send,
    {
        SplitInclusiveMut::new(self.as_parallel_slice_mut(), separator)
    }

    /// Mutable chunks of exactly `chunk_size` items from the front.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    #[track_caller]
    fn par_chunks_exact_mut(&mut self, chunk_size: usize) -> ChunksExactMut<'_, T> {
        ChunksExactMut::new(self.as_parallel_slice_mut(), chunk_size)
    }

    /// Mutable chunks of `chunk_size` items from the back.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    #[track_caller]
    fn par_rchunks_mut(&mut self, chunk_size: usize) -> RChunksMut<'_, T> {
        RChunksMut::new(self.as_parallel_slice_mut(), chunk_size)
    }

    /// Mutable chunks of exactly `chunk_size` items from the back.
    ///
    /// # Panics
    ///
    /// If `chunk_size` is zero.
    #[track_caller]
    fn par_rchunks_exact_mut(&mut self, chunk_size: usize) -> RChunksExactMut<'_, T> {
        RChunksExactMut::new(self.as_parallel_slice_mut(), chunk_size)
    }

    /// Mutable runs of neighbours for which `pred` holds; as
    /// `slice::chunk_by_mut`.
    fn par_chunk_by_mut<F>(&mut self, pred: F) -> ChunkByMut<'_, T, F>
    where
        F: Fn(&T, &T) -> bool + Send + Sync,
    {
        ChunkByMut::new(self.as_parallel_slice_mut(), pred)
    }

    /// Sorts by a key computed once per item (in parallel), stably; the
    /// same result as `slice::sort_by_cached_key`.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let mut v = [-5i32, 4, 32, -3, 2];
    /// v.par_sort_by_cached_key(|k| k.to_string());
    /// assert_eq!(v, [-3, -5, 2, 32, 4]);
    /// ```
    fn par_sort_by_cached_key<K, F>(&mut self, f: F)
    where
        F: Fn(&T) -> K + Sync,
        K: Ord + Send,
    {
        cached_key::sort(self.as_parallel_slice_mut(), &f);
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
