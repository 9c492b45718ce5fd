//! Parallel iterators over a `BinaryHeap` (in the heap's internal order,
//! as `BinaryHeap::iter`).

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelIterator};
use std::collections::BinaryHeap;

via_vec!(
    /// The owning parallel iterator over a `BinaryHeap`'s items.
    IntoIter[T], impl[T], item T, from BinaryHeap<T>,
    where [T: Send], items where [T: Send],
    |heap| heap.into_vec()
);
via_vec!(
    /// A parallel iterator over references to a `BinaryHeap`'s items.
    Iter['a, T], impl['a, T], item &'a T, from &'a BinaryHeap<T>,
    where [T: Sync], items where [T: Sync + 'a],
    |heap| heap.iter().collect()
);
drain_via_vec!(
    /// The `par_drain()` iterator of a `BinaryHeap`.
    Drain['a, T], impl['a, T], item T, from &'a mut BinaryHeap<T>,
    where [T: Send], items where [T: Send]
);
