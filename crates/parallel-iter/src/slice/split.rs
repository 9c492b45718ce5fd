//! `par_split`, `par_split_inclusive` and their `_mut` forms: the
//! sub-slices between separators, cut at separators near the middle.

use crate::iter::ParallelIterator;
use crate::iter::plumbing::{UnindexedConsumer, bridge_unindexed};
use crate::split_producer::SplitProducer;
use std::fmt;

macro_rules! split_kind {
    ($(#[$doc:meta])* $name:ident, $slice:ty, $bound:ident, inclusive $inclusive:literal) => {
        $(#[$doc])*
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<'data, T, P> {
            slice: $slice,
            separator: P,
        }

        impl<'data, T, P> $name<'data, T, P> {
            pub(super) fn new(slice: $slice, separator: P) -> Self {
                $name { slice, separator }
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
            P: Fn(&T) -> bool + Sync + Send,
        {
            type Item = $slice;

            fn drive_unindexed<C: UnindexedConsumer<$slice>>(self, consumer: C) -> C::Result {
                let producer = SplitProducer {
                    data: self.slice,
                    sep: &self.separator,
                    inclusive: $inclusive,
                    skip_last: false,
                };
                bridge_unindexed(producer, consumer)
            }
        }
    };
}

split_kind!(
    /// Sub-slices separated by items matching a predicate; made by
    /// [`par_split`](super::ParallelSlice::par_split).
    Split, &'data [T], Sync, inclusive false
);
split_kind!(
    /// Sub-slices each ending with an item matching a predicate; made by
    /// [`par_split_inclusive`](super::ParallelSlice::par_split_inclusive).
    SplitInclusive, &'data [T], Sync, inclusive true
);
split_kind!(
    /// Mutable sub-slices separated by items matching a predicate; made by
    /// [`par_split_mut`](super::ParallelSliceMut::par_split_mut).
    SplitMut, &'data mut [T], Send, inclusive false
);
split_kind!(
    /// Mutable sub-slices each ending with an item matching a predicate;
    /// made by
    /// [`par_split_inclusive_mut`](super::ParallelSliceMut::par_split_inclusive_mut).
    SplitInclusiveMut, &'data mut [T], Send, inclusive true
);

impl<T, P: Clone> Clone for Split<'_, T, P> {
    fn clone(&self) -> Self {
        Split {
            slice: self.slice,
            separator: self.separator.clone(),
        }
    }
}

impl<T, P: Clone> Clone for SplitInclusive<'_, T, P> {
    fn clone(&self) -> Self {
        SplitInclusive {
            slice: self.slice,
            separator: self.separator.clone(),
        }
    }
}
