//! `par_chunks()` and `par_chunks_mut()`.

use crate::iter::plumbing::Producer;
use crate::iter::{IndexedParallelIterator, ParallelIterator};

/// A parallel iterator over non-overlapping chunks of a slice, made by
/// [`ParallelSlice::par_chunks`](super::ParallelSlice::par_chunks).
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Chunks<'data, T> {
    slice: &'data [T],
    chunk_size: usize,
}

impl<'data, T> Chunks<'data, T> {
    pub(super) fn new(slice: &'data [T], chunk_size: usize) -> Self {
        assert!(chunk_size != 0, "chunk_size must not be zero");
        Chunks { slice, chunk_size }
    }
}

impl<T> Clone for Chunks<'_, T> {
    fn clone(&self) -> Self {
        Chunks { ..*self }
    }
}

impl<'data, T: Sync + 'data> ParallelIterator for Chunks<'data, T> {
    type Item = &'data [T];
    type Producer = Self;

    fn into_producer(self) -> Self {
        self
    }
}

impl<'data, T: Sync + 'data> IndexedParallelIterator for Chunks<'data, T> {
    fn len(&self) -> usize {
        Producer::len(self)
    }
}

impl<'data, T: Sync + 'data> Producer for Chunks<'data, T> {
    type Item = &'data [T];
    type IntoIter = std::slice::Chunks<'data, T>;

    fn len(&self) -> usize {
        self.slice.len().div_ceil(self.chunk_size)
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let at = index.saturating_mul(self.chunk_size).min(self.slice.len());
        let (left, right) = self.slice.split_at(at);
        (
            Chunks {
                slice: left,
                ..self
            },
            Chunks {
                slice: right,
                ..self
            },
        )
    }

    fn into_iter(self) -> Self::IntoIter {
        self.slice.chunks(self.chunk_size)
    }
}

/// A parallel iterator over non-overlapping mutable chunks of a slice,
/// made by
/// [`ParallelSliceMut::par_chunks_mut`](super::ParallelSliceMut::par_chunks_mut).
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct ChunksMut<'data, T> {
    slice: &'data mut [T],
    chunk_size: usize,
}

impl<'data, T> ChunksMut<'data, T> {
    pub(super) fn new(slice: &'data mut [T], chunk_size: usize) -> Self {
        assert!(chunk_size != 0, "chunk_size must not be zero");
        ChunksMut { slice, chunk_size }
    }
}

impl<'data, T: Send + 'data> ParallelIterator for ChunksMut<'data, T> {
    type Item = &'data mut [T];
    type Producer = Self;

    fn into_producer(self) -> Self {
        self
    }
}

impl<'data, T: Send + 'data> IndexedParallelIterator for ChunksMut<'data, T> {
    fn len(&self) -> usize {
        Producer::len(self)
    }
}

impl<'data, T: Send + 'data> Producer for ChunksMut<'data, T> {
    type Item = &'data mut [T];
    type IntoIter = std::slice::ChunksMut<'data, T>;

    fn len(&self) -> usize {
        self.slice.len().div_ceil(self.chunk_size)
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let at = index.saturating_mul(self.chunk_size).min(self.slice.len());
        let chunk_size = self.chunk_size;
        let (left, right) = self.slice.split_at_mut(at);
        (
            ChunksMut {
                slice: left,
                chunk_size,
            },
            ChunksMut {
                slice: right,
                chunk_size,
            },
        )
    }

    fn into_iter(self) -> Self::IntoIter {
        self.slice.chunks_mut(self.chunk_size)
    }
}
