//! Parallel iterators over the standard collections, under rayon's module
//! names (`collections::hash_map::IntoIter`, ...).
//!
//! Collections without random access (hash maps and sets, B-trees, linked
//! lists, heaps) are first walked sequentially into a `Vec` of their items
//! (or references), which is then split; that walk is the only sequential
//! part. `VecDeque` is split directly through its two slices.
//!
//! ```
//! use fearless_par::prelude::*;
//! use std::collections::HashMap;
//!
//! let map: HashMap<u32, u32> = (0..100u32).into_par_iter().map(|k| (k, k * k)).collect();
//! assert_eq!(map.par_iter().map(|(_, v)| v).sum::<u32>(), (0..100).map(|k| k * k).sum());
//! ```

/// Declares a parallel iterator that owns a `Vec` of the items of a
/// collection (`$name[struct generics]`), the `IntoParallelIterator` impl
/// (`impl[generics]` with `where [bounds]`) that builds it from `$coll`,
/// and the iterator impls (with `items where [bounds]`).
macro_rules! via_vec {
    (
        $(#[$doc:meta])* $name:ident[$($sgen:tt)*], impl[$($igen:tt)*], item $item:ty,
        from $coll:ty, where [$($bounds:tt)*], items where [$($ibounds:tt)*],
        |$c:ident| $items:expr
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<$($sgen)*> {
            inner: crate::vec::IntoIter<$item>,
        }

        impl<$($igen)*> crate::iter::IntoParallelIterator for $coll
        where
            $($bounds)*
        {
            type Item = $item;
            type Iter = $name<$($sgen)*>;

            fn into_par_iter(self) -> Self::Iter {
                let $c = self;
                $name { inner: crate::vec::IntoIter::new($items) }
            }
        }

        /// Clone when the items are (shared references always are).
        impl<$($sgen)*> Clone for $name<$($sgen)*>
        where
            crate::vec::IntoIter<$item>: Clone,
        {
            fn clone(&self) -> Self {
                $name { inner: self.inner.clone() }
            }
        }

        crate::option::delegate!(impl[$($sgen)*] $name<$($sgen)*>, item $item,
            where [$($ibounds)*]);
    };
}

/// Declares a `par_drain()` iterator that empties a collection into a
/// `Vec` of its items, and the `ParallelDrainFull` impl that builds it.
macro_rules! drain_via_vec {
    (
        $(#[$doc:meta])* $name:ident['a $(, $sgen:ident)*], impl[$($igen:tt)*], item $item:ty,
        from $coll:ty, where [$($bounds:tt)*], items where [$($ibounds:tt)*]
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'a $(, $sgen)*> {
            inner: crate::vec::IntoIter<$item>,
            marker: std::marker::PhantomData<&'a mut ()>,
        }

        impl<$($igen)*> crate::iter::ParallelDrainFull for $coll
        where
            $($bounds)*
        {
            type Item = $item;
            type Iter = $name<'a $(, $sgen)*>;

            fn par_drain(self) -> Self::Iter {
                $name {
                    inner: crate::vec::IntoIter::new(self.drain().collect()),
                    marker: std::marker::PhantomData,
                }
            }
        }

        crate::option::delegate!(impl['a $(, $sgen)*] $name<'a $(, $sgen)*>, item $item,
            where [$($ibounds)*]);
    };
}

pub mod binary_heap;
pub mod btree_map;
pub mod btree_set;
pub mod hash_map;
pub mod hash_set;
pub mod linked_list;
pub mod vec_deque;
