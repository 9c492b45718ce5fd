//! Parallel iterators over a `HashSet`.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelIterator};
use std::collections::HashSet;
use std::hash::{BuildHasher, Hash};

via_vec!(
    /// The owning parallel iterator over a `HashSet`'s items.
    IntoIter[T], impl[T, S], item T, from HashSet<T, S>,
    where [T: Hash + Eq + Send, S: BuildHasher], items where [T: Send],
    |set| set.into_iter().collect()
);
via_vec!(
    /// A parallel iterator over references to a `HashSet`'s items.
    Iter['a, T], impl['a, T, S], item &'a T, from &'a HashSet<T, S>,
    where [T: Hash + Eq + Sync, S: BuildHasher], items where [T: Sync + 'a],
    |set| set.iter().collect()
);
drain_via_vec!(
    /// The `par_drain()` iterator of a `HashSet`.
    Drain['a, T], impl['a, T, S], item T, from &'a mut HashSet<T, S>,
    where [T: Hash + Eq + Send, S: BuildHasher], items where [T: Send]
);
