//! Parallel iterators over a `LinkedList`.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelIterator};
use std::collections::LinkedList;

via_vec!(
    /// The owning parallel iterator over a `LinkedList`'s items, in order.
    IntoIter[T], impl[T], item T, from LinkedList<T>,
    where [T: Send], items where [T: Send],
    |list| list.into_iter().collect()
);
via_vec!(
    /// A parallel iterator over references to a `LinkedList`'s items.
    Iter['a, T], impl['a, T], item &'a T, from &'a LinkedList<T>,
    where [T: Sync], items where [T: Sync + 'a],
    |list| list.iter().collect()
);
via_vec!(
    /// A parallel iterator over mutable references to a `LinkedList`'s
    /// items.
    IterMut['a, T], impl['a, T], item &'a mut T, from &'a mut LinkedList<T>,
    where [T: Send], items where [T: Send + 'a],
    |list| list.iter_mut().collect()
);
