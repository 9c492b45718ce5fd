//! Parallel iterators over a `BTreeMap`.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelIterator};
use std::collections::BTreeMap;

via_vec!(
    /// The owning parallel iterator over a `BTreeMap`'s entries, in order.
    IntoIter[K, V], impl[K, V], item (K, V), from BTreeMap<K, V>,
    where [K: Ord + Send, V: Send], items where [K: Send, V: Send],
    |map| map.into_iter().collect()
);
via_vec!(
    /// A parallel iterator over references to a `BTreeMap`'s entries.
    Iter['a, K, V], impl['a, K, V], item (&'a K, &'a V), from &'a BTreeMap<K, V>,
    where [K: Ord + Sync, V: Sync], items where [K: Sync + 'a, V: Sync + 'a],
    |map| map.iter().collect()
);
via_vec!(
    /// A parallel iterator over a `BTreeMap`'s entries with mutable values.
    IterMut['a, K, V], impl['a, K, V], item (&'a K, &'a mut V), from &'a mut BTreeMap<K, V>,
    where [K: Ord + Sync, V: Send], items where [K: Sync + 'a, V: Send + 'a],
    |map| map.iter_mut().collect()
);
