//! Chunks and windows of slices: `par_chunks`, `par_chunks_exact`,
//! `par_rchunks`, `par_rchunks_exact` (each also `_mut`) and
//! `par_windows`. Every kind is an indexed source whose pieces are the
//! standard library's sequential iterator of the same name over a
//! sub-slice.

use crate::iter::plumbing::Producer;
use crate::source::indexed_source;

/// Where to cut a slice of `n` elements so that its first `index` chunks
/// of `size` lie on one side, and whether that side is the front.
fn cut(from_back: bool, n: usize, size: usize, index: usize) -> (usize, bool) {
    let len = index.saturating_mul(size).min(n);
    if from_back {
        (n - len, false)
    } else {
        (len, true)
    }
}

macro_rules! chunk_kind {
    (
        $(#[$doc:meta])* $name:ident, $producer:ident, from_back $back:literal,
        $std:ident, $method:ident, $slice:ty, $split:ident, $bound:ident
    ) => {
        $(#[$doc])*
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'data, T> {
            slice: $slice,
            size: usize,
        }

        /// Prints as rayon's does.
        impl<'data, T: std::fmt::Debug> std::fmt::Debug for $name<'data, T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("chunk_size", &self.size)
                    .field("slice", &self.slice)
                    .finish()
            }
        }

        indexed_source!(impl['data, T] $name<'data, T>, item $slice, where [T: $bound + 'data],
            |this| len this.slice.len().div_ceil(this.size),
            producer $producer { slice: this.slice, size: this.size });

        /// The producer of the iterator of the same name.
        struct $producer<'data, T> {
            slice: $slice,
            size: usize,
        }

        impl<'data, T: $bound + 'data> Producer for $producer<'data, T> {
            type Item = $slice;
            type IntoIter = std::slice::$std<'data, T>;

            fn into_iter(self) -> Self::IntoIter {
                self.slice.$method(self.size)
            }

            fn split_at(self, index: usize) -> (Self, Self) {
                let size = self.size;
                let (at, front_first) = cut($back, self.slice.len(), size, index);
                let (front, back) = self.slice.$split(at);
                let (left, right) = if front_first { (front, back) } else { (back, front) };
                ($producer { slice: left, size }, $producer { slice: right, size })
            }
        }
    };
}

chunk_kind!(
    /// Non-overlapping chunks from the front (the last may be shorter);
    /// made by [`par_chunks`](super::ParallelSlice::par_chunks).
    Chunks, ChunksProducer, from_back false, Chunks, chunks, &'data [T], split_at, Sync
);
chunk_kind!(
    /// Mutable chunks from the front; made by
    /// [`par_chunks_mut`](super::ParallelSliceMut::par_chunks_mut).
    ChunksMut, ChunksMutProducer, from_back false, ChunksMut, chunks_mut, &'data mut [T],
    split_at_mut, Send
);
chunk_kind!(
    /// Non-overlapping chunks from the back (the last may be shorter);
    /// made by [`par_rchunks`](super::ParallelSlice::par_rchunks).
    RChunks, RChunksProducer, from_back true, RChunks, rchunks, &'data [T], split_at, Sync
);
chunk_kind!(
    /// Mutable chunks from the back; made by
    /// [`par_rchunks_mut`](super::ParallelSliceMut::par_rchunks_mut).
    RChunksMut, RChunksMutProducer, from_back true, RChunksMut, rchunks_mut, &'data mut [T],
    split_at_mut, Send
);
chunk_kind!(
    /// The whole chunks of a [`ChunksExact`]'s body.
    ExactBody, ExactBodyProducer, from_back false, ChunksExact, chunks_exact, &'data [T],
    split_at, Sync
);
chunk_kind!(
    /// The whole chunks of a [`ChunksExactMut`]'s body.
    ExactBodyMut, ExactBodyMutProducer, from_back false, ChunksExactMut, chunks_exact_mut,
    &'data mut [T], split_at_mut, Send
);
chunk_kind!(
    /// The whole chunks of an [`RChunksExact`]'s body.
    RExactBody, RExactBodyProducer, from_back true, RChunksExact, rchunks_exact, &'data [T],
    split_at, Sync
);
chunk_kind!(
    /// The whole chunks of an [`RChunksExactMut`]'s body.
    RExactBodyMut, RExactBodyMutProducer, from_back true, RChunksExactMut, rchunks_exact_mut,
    &'data mut [T], split_at_mut, Send
);

impl<'data, T> Chunks<'data, T> {
    pub(super) fn new(slice: &'data [T], size: usize) -> Self {
        assert!(size != 0, "chunk_size must not be zero");
        Chunks { slice, size }
    }
}

impl<T> Clone for Chunks<'_, T> {
    fn clone(&self) -> Self {
        Chunks { ..*self }
    }
}

impl<'data, T> ChunksMut<'data, T> {
    pub(super) fn new(slice: &'data mut [T], size: usize) -> Self {
        assert!(size != 0, "chunk_size must not be zero");
        ChunksMut { slice, size }
    }
}

impl<'data, T> RChunks<'data, T> {
    pub(super) fn new(slice: &'data [T], size: usize) -> Self {
        assert!(size != 0, "chunk_size must not be zero");
        RChunks { slice, size }
    }
}

impl<T> Clone for RChunks<'_, T> {
    fn clone(&self) -> Self {
        RChunks { ..*self }
    }
}

impl<T> Clone for ChunksExact<'_, T> {
    fn clone(&self) -> Self {
        ChunksExact {
            body: ExactBody { ..self.body },
            rem: self.rem,
        }
    }
}

impl<T> Clone for RChunksExact<'_, T> {
    fn clone(&self) -> Self {
        RChunksExact {
            body: RExactBody { ..self.body },
            rem: self.rem,
        }
    }
}

impl<'data, T> RChunksMut<'data, T> {
    pub(super) fn new(slice: &'data mut [T], size: usize) -> Self {
        assert!(size != 0, "chunk_size must not be zero");
        RChunksMut { slice, size }
    }
}

/// Exact chunks: a body of whole chunks and a remainder that is not
/// iterated (see `remainder`).
macro_rules! exact_kind {
    ($(#[$doc:meta])* $name:ident, $body:ident, $slice:ty, $bound:ident, back $back:literal, $split:ident) => {
        $(#[$doc])*
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'data, T> {
            body: $body<'data, T>,
            rem: $slice,
        }

        /// Prints as rayon's does.
        impl<'data, T: std::fmt::Debug> std::fmt::Debug for $name<'data, T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("chunk_size", &self.body.size)
                    .field("slice", &self.body.slice)
                    .field("rem", &self.rem)
                    .finish()
            }
        }

        impl<'data, T> $name<'data, T> {
            pub(super) fn new(slice: $slice, size: usize) -> Self {
                assert!(size != 0, "chunk_size must not be zero");
                let whole = slice.len() - slice.len() % size;
                let (body, rem) = if $back {
                    let (rem, body) = slice.$split(slice.len() - whole);
                    (body, rem)
                } else {
                    slice.$split(whole)
                };
                $name { body: $body { slice: body, size }, rem }
            }
        }

        impl<'data, T: $bound + 'data> crate::iter::ParallelIterator for $name<'data, T> {
            type Item = $slice;

            fn drive_unindexed<C>(self, consumer: C) -> C::Result
            where
                C: crate::iter::plumbing::UnindexedConsumer<$slice>,
            {
                self.body.drive_unindexed(consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                self.body.opt_len()
            }
        }

        impl<'data, T: $bound + 'data> crate::iter::IndexedParallelIterator for $name<'data, T> {
            fn drive<C: crate::iter::plumbing::Consumer<$slice>>(self, consumer: C) -> C::Result {
                self.body.drive(consumer)
            }

            fn len(&self) -> usize {
                crate::iter::IndexedParallelIterator::len(&self.body)
            }

            fn with_producer<CB>(self, callback: CB) -> CB::Output
            where
                CB: crate::iter::plumbing::ProducerCallback<$slice>,
            {
                self.body.with_producer(callback)
            }
        }
    };
}

exact_kind!(
    /// Whole chunks from the front; made by
    /// [`par_chunks_exact`](super::ParallelSlice::par_chunks_exact).
    ChunksExact, ExactBody, &'data [T], Sync, back false, split_at
);
exact_kind!(
    /// Whole mutable chunks from the front; made by
    /// [`par_chunks_exact_mut`](super::ParallelSliceMut::par_chunks_exact_mut).
    ChunksExactMut, ExactBodyMut, &'data mut [T], Send, back false, split_at_mut
);
exact_kind!(
    /// Whole chunks from the back; made by
    /// [`par_rchunks_exact`](super::ParallelSlice::par_rchunks_exact).
    RChunksExact, RExactBody, &'data [T], Sync, back true, split_at
);
exact_kind!(
    /// Whole mutable chunks from the back; made by
    /// [`par_rchunks_exact_mut`](super::ParallelSliceMut::par_rchunks_exact_mut).
    RChunksExactMut, RExactBodyMut, &'data mut [T], Send, back true, split_at_mut
);

impl<'data, T> ChunksExact<'data, T> {
    /// The items left over after the whole chunks.
    pub fn remainder(&self) -> &'data [T] {
        self.rem
    }
}

impl<'data, T> RChunksExact<'data, T> {
    /// The items left over (at the front) after the whole chunks.
    pub fn remainder(&self) -> &'data [T] {
        self.rem
    }
}

impl<'data, T> ChunksExactMut<'data, T> {
    /// The items left over after the whole chunks.
    pub fn into_remainder(self) -> &'data mut [T] {
        self.rem
    }

    /// The items left over after the whole chunks.
    pub fn remainder(&mut self) -> &mut [T] {
        self.rem
    }

    /// The items left over after the whole chunks.
    pub fn take_remainder(&mut self) -> &'data mut [T] {
        std::mem::take(&mut self.rem)
    }
}

impl<'data, T> RChunksExactMut<'data, T> {
    /// The items left over (at the front) after the whole chunks.
    pub fn into_remainder(self) -> &'data mut [T] {
        self.rem
    }

    /// The items left over (at the front) after the whole chunks.
    pub fn remainder(&mut self) -> &mut [T] {
        self.rem
    }

    /// The items left over (at the front) after the whole chunks.
    pub fn take_remainder(&mut self) -> &'data mut [T] {
        std::mem::take(&mut self.rem)
    }
}

/// Overlapping windows of a slice; made by
/// [`par_windows`](super::ParallelSlice::par_windows).
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Windows<'data, T> {
    slice: &'data [T],
    size: usize,
}

/// Prints as rayon's does.
impl<T: std::fmt::Debug> std::fmt::Debug for Windows<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Windows")
            .field("window_size", &self.size)
            .field("slice", &self.slice)
            .finish()
    }
}

impl<'data, T> Windows<'data, T> {
    pub(super) fn new(slice: &'data [T], size: usize) -> Self {
        assert!(size != 0, "window_size must not be zero");
        Windows { slice, size }
    }
}

impl<T> Clone for Windows<'_, T> {
    fn clone(&self) -> Self {
        Windows { ..*self }
    }
}

indexed_source!(impl['data, T] Windows<'data, T>, item &'data [T], where [T: Sync + 'data],
    |this| len (this.slice.len() + 1).saturating_sub(this.size),
    producer WindowsProducer { slice: this.slice, size: this.size });

/// The producer of [`Windows`].
struct WindowsProducer<'data, T> {
    slice: &'data [T],
    size: usize,
}

impl<'data, T: Sync + 'data> Producer for WindowsProducer<'data, T> {
    type Item = &'data [T];
    type IntoIter = std::slice::Windows<'data, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.slice.windows(self.size)
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let size = self.size;
        // The left part keeps the `size - 1` items its last windows reach
        // into; the right part starts at its first window.
        let left_end = (index + size - 1).min(self.slice.len());
        let left = &self.slice[..left_end];
        let right = &self.slice[index.min(self.slice.len())..];
        (
            WindowsProducer { slice: left, size },
            WindowsProducer { slice: right, size },
        )
    }
}

/// Overlapping windows of `N` items, as arrays; made by
/// [`par_array_windows`](super::ParallelSlice::par_array_windows).
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct ArrayWindows<'data, T, const N: usize> {
    windows: Windows<'data, T>,
}

impl<'data, T, const N: usize> ArrayWindows<'data, T, N> {
    pub(super) fn new(slice: &'data [T]) -> Self {
        ArrayWindows {
            windows: Windows::new(slice, N),
        }
    }
}

impl<T, const N: usize> Clone for ArrayWindows<'_, T, N> {
    fn clone(&self) -> Self {
        ArrayWindows {
            windows: self.windows.clone(),
        }
    }
}

/// A window of exactly `N` items as an array reference.
fn as_array<T, const N: usize>(window: &[T]) -> &[T; N] {
    window
        .try_into()
        .expect("windows of `N` items have length `N`")
}

impl<'data, T: Sync + 'data, const N: usize> crate::iter::ParallelIterator
    for ArrayWindows<'data, T, N>
{
    type Item = &'data [T; N];

    fn drive_unindexed<C>(self, consumer: C) -> C::Result
    where
        C: crate::iter::plumbing::UnindexedConsumer<Self::Item>,
    {
        crate::iter::ParallelIterator::map(self.windows, as_array::<T, N>).drive_unindexed(consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        self.windows.opt_len()
    }
}

impl<'data, T: Sync + 'data, const N: usize> crate::iter::IndexedParallelIterator
    for ArrayWindows<'data, T, N>
{
    fn drive<C: crate::iter::plumbing::Consumer<Self::Item>>(self, consumer: C) -> C::Result {
        crate::iter::ParallelIterator::map(self.windows, as_array::<T, N>).drive(consumer)
    }

    fn len(&self) -> usize {
        crate::iter::IndexedParallelIterator::len(&self.windows)
    }

    fn with_producer<CB>(self, callback: CB) -> CB::Output
    where
        CB: crate::iter::plumbing::ProducerCallback<Self::Item>,
    {
        crate::iter::ParallelIterator::map(self.windows, as_array::<T, N>).with_producer(callback)
    }
}
