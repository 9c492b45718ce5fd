//! `par_chunk_by` and `par_chunk_by_mut`: runs of neighbours for which a
//! predicate holds, cut between two neighbours where it fails.

use crate::iter::ParallelIterator;
use crate::iter::plumbing::{Folder, UnindexedConsumer, UnindexedProducer, bridge_unindexed};
use std::fmt;

/// A slice of runs; splits at a run boundary near its middle.
trait Runs<P>: Sized + Send {
    fn length(&self) -> usize;
    fn boundary_near(&self, pred: &P, mid: usize) -> Option<usize>;
    fn cut(self, at: usize) -> (Self, Self);
    fn fold_runs<F: Folder<Self>>(self, pred: &P, folder: F) -> F;
}

/// The first index `i` in `from..len` (or else the last before `from`)
/// where `pred(v[i - 1], v[i])` fails.
fn boundary<T, P: Fn(&T, &T) -> bool>(v: &[T], pred: &P, mid: usize) -> Option<usize> {
    let fails = |i: &usize| !pred(&v[*i - 1], &v[*i]);
    (mid.max(1)..v.len())
        .find(fails)
        .or_else(|| (1..mid.min(v.len())).rev().find(fails))
}

impl<T: Sync, P: Fn(&T, &T) -> bool> Runs<P> for &[T] {
    fn length(&self) -> usize {
        self.len()
    }
    fn boundary_near(&self, pred: &P, mid: usize) -> Option<usize> {
        boundary(self, pred, mid)
    }
    fn cut(self, at: usize) -> (Self, Self) {
        self.split_at(at)
    }
    fn fold_runs<F: Folder<Self>>(self, pred: &P, folder: F) -> F {
        folder.consume_iter(self.chunk_by(pred))
    }
}

impl<T: Send, P: Fn(&T, &T) -> bool> Runs<P> for &mut [T] {
    fn length(&self) -> usize {
        self.len()
    }
    fn boundary_near(&self, pred: &P, mid: usize) -> Option<usize> {
        boundary(self, pred, mid)
    }
    fn cut(self, at: usize) -> (Self, Self) {
        self.split_at_mut(at)
    }
    fn fold_runs<F: Folder<Self>>(self, pred: &P, folder: F) -> F {
        folder.consume_iter(self.chunk_by_mut(pred))
    }
}

/// The producer of both iterators.
struct RunsProducer<'p, D, P> {
    data: D,
    pred: &'p P,
}

impl<D: Runs<P>, P: Sync> UnindexedProducer for RunsProducer<'_, D, P> {
    type Item = D;

    fn split(self) -> (Self, Option<Self>) {
        let mid = self.data.length() / 2;
        match self.data.boundary_near(self.pred, mid) {
            Some(at) => {
                let (left, right) = self.data.cut(at);
                let pred = self.pred;
                (
                    RunsProducer { data: left, pred },
                    Some(RunsProducer { data: right, pred }),
                )
            }
            None => (self, None),
        }
    }

    fn fold_with<F: Folder<D>>(self, folder: F) -> F {
        self.data.fold_runs(self.pred, folder)
    }
}

macro_rules! chunk_by_kind {
    ($(#[$doc:meta])* $name:ident, $slice:ty, $bound:ident) => {
        $(#[$doc])*
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'data, T, P> {
            slice: $slice,
            pred: P,
        }

        impl<'data, T, P> $name<'data, T, P> {
            pub(super) fn new(slice: $slice, pred: P) -> Self {
                $name { slice, pred }
            }
        }

        impl<T: fmt::Debug, P> fmt::Debug for $name<'_, T, P> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).field("slice", &self.slice).finish()
            }
        }

        impl<'data, T, P> ParallelIterator for $name<'data, T, P>
        where
            T: $bound,
            P: Fn(&T, &T) -> bool + Send + Sync,
        {
            type Item = $slice;

            fn drive_unindexed<C: UnindexedConsumer<$slice>>(self, consumer: C) -> C::Result {
                bridge_unindexed(RunsProducer { data: self.slice, pred: &self.pred }, consumer)
            }
        }
    };
}

chunk_by_kind!(
    /// Runs of neighbours related by a predicate; made by
    /// [`par_chunk_by`](super::ParallelSlice::par_chunk_by).
    ChunkBy, &'data [T], Sync
);
chunk_by_kind!(
    /// Mutable runs of neighbours related by a predicate; made by
    /// [`par_chunk_by_mut`](super::ParallelSliceMut::par_chunk_by_mut).
    ChunkByMut, &'data mut [T], Send
);

impl<T, P: Clone> Clone for ChunkBy<'_, T, P> {
    fn clone(&self) -> Self {
        ChunkBy {
            slice: self.slice,
            pred: self.pred.clone(),
        }
    }
}
