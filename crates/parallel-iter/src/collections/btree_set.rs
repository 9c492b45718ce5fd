//! Parallel iterators over a `BTreeSet`.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelIterator};
use std::collections::BTreeSet;

via_vec!(
    /// The owning parallel iterator over a `BTreeSet`'s items, in order.
    IntoIter[T], impl[T], item T, from BTreeSet<T>,
    where [T: Ord + Send], items where [T: Send],
    |set| set.into_iter().collect()
);
via_vec!(
    /// A parallel iterator over references to a `BTreeSet`'s items.
    Iter['a, T], impl['a, T], item &'a T, from &'a BTreeSet<T>,
    where [T: Ord + Sync], items where [T: Sync + 'a],
    |set| set.iter().collect()
);
