//! `collect`: gathering items into a collection, in input order.

use super::plumbing::{Consumer, bridge};
use super::{IntoParallelIterator, ParallelIterator};
use std::collections::LinkedList;

/// A collection that can be built from a parallel iterator (the target of
/// [`ParallelIterator::collect`]).
pub trait FromParallelIterator<T: Send> {
    /// Builds the collection, keeping the items' input order where the
    /// collection has an order.
    ///
    /// ```
    /// use fearless_par::prelude::*;
    ///
    /// let v = Vec::from_par_iter((0..4u8).into_par_iter());
    /// assert_eq!(v, [0, 1, 2, 3]);
    /// ```
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>;
}

impl<T: Send> FromParallelIterator<T> for Vec<T> {
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = T>,
    {
        // Each piece collects into its own vector; neighbours are chained
        // left to right, so the list holds the pieces in input order.
        let mut pieces = bridge(par_iter.into_par_iter().into_producer(), &CollectPieces);
        if pieces.len() == 1 {
            return pieces.pop_front().unwrap_or_default();
        }
        let mut all = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
        for piece in pieces {
            all.extend(piece);
        }
        all
    }
}

/// Collects each piece into a `Vec`, and chains the pieces in order.
struct CollectPieces;

impl<T: Send> Consumer<T> for CollectPieces {
    type Result = LinkedList<Vec<T>>;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> Self::Result {
        let mut list = LinkedList::new();
        list.push_back(items.collect());
        list
    }

    fn reduce(&self, mut left: Self::Result, mut right: Self::Result) -> Self::Result {
        left.append(&mut right);
        left
    }
}
