//! `with_min_len` and `with_max_len`: bounds on piece length.

use super::plumbing::{Consumer, Producer, ProducerCallback, UnindexedConsumer, bridge};
use super::{IndexedParallelIterator, ParallelIterator};

macro_rules! len_bound {
    ($(#[$doc:meta])* $name:ident, $field:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[must_use = "parallel iterators are lazy and do nothing unless consumed"]
        pub struct $name<I> {
            base: I,
            $field: usize,
        }

        impl<I> $name<I> {
            pub(super) fn new(base: I, $field: usize) -> Self {
                $name { base, $field }
            }
        }

        impl<I: IndexedParallelIterator> ParallelIterator for $name<I> {
            type Item = I::Item;

            fn drive_unindexed<C: UnindexedConsumer<I::Item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                Some(self.base.len())
            }
        }

        impl<I: IndexedParallelIterator> IndexedParallelIterator for $name<I> {
            fn drive<C: Consumer<I::Item>>(self, consumer: C) -> C::Result {
                bridge(self, consumer)
            }

            fn len(&self) -> usize {
                self.base.len()
            }

            fn with_producer<CB: ProducerCallback<I::Item>>(self, callback: CB) -> CB::Output {
                let $field = self.$field;
                self.base.with_producer(Bounded { callback, min: $min($field), max: $max($field) })
            }
        }
    };
}

len_bound!(
    /// The iterator made by [`IndexedParallelIterator::with_min_len`].
    MinLen, min, |m| m, |_| usize::MAX
);
len_bound!(
    /// The iterator made by [`IndexedParallelIterator::with_max_len`].
    MaxLen, max, |_| 1, |m| m
);

/// Wraps the base producer in bounds.
struct Bounded<CB> {
    callback: CB,
    min: usize,
    max: usize,
}

impl<T, CB: ProducerCallback<T>> ProducerCallback<T> for Bounded<CB> {
    type Output = CB::Output;

    fn callback<P: Producer<Item = T>>(self, base: P) -> CB::Output {
        self.callback.callback(LenProducer {
            base,
            min: self.min,
            max: self.max,
        })
    }
}

/// The base producer with tighter piece-length bounds.
struct LenProducer<P> {
    base: P,
    min: usize,
    max: usize,
}

impl<P: Producer> Producer for LenProducer<P> {
    type Item = P::Item;
    type IntoIter = P::IntoIter;

    fn into_iter(self) -> P::IntoIter {
        self.base.into_iter()
    }

    fn min_len(&self) -> usize {
        self.base.min_len().max(self.min)
    }

    fn max_len(&self) -> usize {
        self.base.max_len().min(self.max)
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let (min, max) = (self.min, self.max);
        let (left, right) = self.base.split_at(index);
        (
            LenProducer {
                base: left,
                min,
                max,
            },
            LenProducer {
                base: right,
                min,
                max,
            },
        )
    }

    fn fold_with<F: super::plumbing::Folder<P::Item>>(self, folder: F) -> F {
        self.base.fold_with(folder)
    }
}
