//! Parallel iterators over a `HashMap`.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelIterator};
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

via_vec!(
    /// The owning parallel iterator over a `HashMap`'s entries.
    IntoIter[K, V], impl[K, V, S], item (K, V), from HashMap<K, V, S>,
    where [K: Hash + Eq + Send, V: Send, S: BuildHasher], items where [K: Send, V: Send],
    |map| map.into_iter().collect()
);
via_vec!(
    /// A parallel iterator over references to a `HashMap`'s entries.
    Iter['a, K, V], impl['a, K, V, S], item (&'a K, &'a V), from &'a HashMap<K, V, S>,
    where [K: Hash + Eq + Sync, V: Sync, S: BuildHasher],
    items where [K: Sync + 'a, V: Sync + 'a],
    |map| map.iter().collect()
);
via_vec!(
    /// A parallel iterator over a `HashMap`'s entries with mutable values.
    IterMut['a, K, V], impl['a, K, V, S], item (&'a K, &'a mut V), from &'a mut HashMap<K, V, S>,
    where [K: Hash + Eq + Sync, V: Send, S: BuildHasher],
    items where [K: Sync + 'a, V: Send + 'a],
    |map| map.iter_mut().collect()
);
drain_via_vec!(
    /// The `par_drain()` iterator of a `HashMap`.
    Drain['a, K, V], impl['a, K, V, S], item (K, V), from &'a mut HashMap<K, V, S>,
    where [K: Hash + Eq + Send, V: Send, S: BuildHasher], items where [K: Send, V: Send]
);
