//! Parallel iterators over `Option` (zero or one item) and, through it,
//! `Result`'s `Ok` value.

use crate::iter::plumbing::{Producer, ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use crate::source::indexed_source;

/// A parallel iterator over the value of an `Option`.
///
/// ```
/// use fearless_par::prelude::*;
///
/// assert_eq!(Some(3).into_par_iter().sum::<i32>(), 3);
/// assert_eq!(None::<i32>.into_par_iter().count(), 0);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IntoIter<T> {
    opt: Option<T>,
}

impl<T: Send> IntoParallelIterator for Option<T> {
    type Item = T;
    type Iter = IntoIter<T>;

    fn into_par_iter(self) -> IntoIter<T> {
        IntoIter { opt: self }
    }
}

impl<T> IntoIter<T> {
    pub(crate) fn new(opt: Option<T>) -> Self {
        IntoIter { opt }
    }
}

indexed_source!(impl[T] IntoIter<T>, item T, where [T: Send],
    |this| len usize::from(this.opt.is_some()), producer OptionProducer { opt: this.opt });

/// A parallel iterator over a reference to an `Option`'s value.
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Iter<'a, T> {
    inner: IntoIter<&'a T>,
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter {
            inner: IntoIter {
                opt: self.inner.opt,
            },
        }
    }
}

impl<'a, T: Sync> IntoParallelIterator for &'a Option<T> {
    type Item = &'a T;
    type Iter = Iter<'a, T>;

    fn into_par_iter(self) -> Iter<'a, T> {
        Iter {
            inner: IntoIter { opt: self.as_ref() },
        }
    }
}

/// A parallel iterator over a mutable reference to an `Option`'s value.
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IterMut<'a, T> {
    inner: IntoIter<&'a mut T>,
}

impl<'a, T: Send> IntoParallelIterator for &'a mut Option<T> {
    type Item = &'a mut T;
    type Iter = IterMut<'a, T>;

    fn into_par_iter(self) -> IterMut<'a, T> {
        IterMut {
            inner: IntoIter { opt: self.as_mut() },
        }
    }
}

/// Implements both iterator traits by delegating to an inner iterator.
macro_rules! delegate {
    (impl[$($gen:tt)*] $ty:ty, item $item:ty, where [$($bounds:tt)*]) => {
        impl<$($gen)*> ParallelIterator for $ty
        where
            $($bounds)*
        {
            type Item = $item;

            fn drive_unindexed<C: UnindexedConsumer<$item>>(self, consumer: C) -> C::Result {
                self.inner.drive_unindexed(consumer)
            }

            fn opt_len(&self) -> Option<usize> {
                self.inner.opt_len()
            }
        }

        impl<$($gen)*> IndexedParallelIterator for $ty
        where
            $($bounds)*
        {
            fn drive<C: crate::iter::plumbing::Consumer<$item>>(self, consumer: C) -> C::Result {
                self.inner.drive(consumer)
            }

            fn len(&self) -> usize {
                self.inner.len()
            }

            fn with_producer<CB: ProducerCallback<$item>>(self, callback: CB) -> CB::Output {
                self.inner.with_producer(callback)
            }
        }
    };
}

pub(crate) use delegate;

delegate!(impl['a, T] Iter<'a, T>, item &'a T, where [T: Sync + 'a]);
delegate!(impl['a, T] IterMut<'a, T>, item &'a mut T, where [T: Send + 'a]);

/// The producer of zero or one item.
struct OptionProducer<T> {
    opt: Option<T>,
}

impl<T: Send> Producer for OptionProducer<T> {
    type Item = T;
    type IntoIter = std::option::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.opt.into_iter()
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        // The item goes left unless the cut is before it.
        if index == 0 {
            (OptionProducer { opt: None }, self)
        } else {
            (self, OptionProducer { opt: None })
        }
    }
}
