//! Parallel iterators over a `Result`'s `Ok` value.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use crate::option::{self, delegate};

/// A parallel iterator over the `Ok` value of a `Result`.
///
/// ```
/// use fearless_par::prelude::*;
///
/// assert_eq!(Ok::<i32, ()>(3).into_par_iter().sum::<i32>(), 3);
/// assert_eq!(Err::<i32, ()>(()).into_par_iter().count(), 0);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IntoIter<T> {
    inner: option::IntoIter<T>,
}

impl<T: Send, E> IntoParallelIterator for Result<T, E> {
    type Item = T;
    type Iter = IntoIter<T>;

    fn into_par_iter(self) -> IntoIter<T> {
        IntoIter {
            inner: option::IntoIter::new(self.ok()),
        }
    }
}

/// A parallel iterator over a reference to a `Result`'s `Ok` value.
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Iter<'a, T> {
    inner: option::IntoIter<&'a T>,
}

impl<'a, T: Sync, E> IntoParallelIterator for &'a Result<T, E> {
    type Item = &'a T;
    type Iter = Iter<'a, T>;

    fn into_par_iter(self) -> Iter<'a, T> {
        Iter {
            inner: option::IntoIter::new(self.as_ref().ok()),
        }
    }
}

/// A parallel iterator over a mutable reference to a `Result`'s `Ok`
/// value.
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IterMut<'a, T> {
    inner: option::IntoIter<&'a mut T>,
}

impl<'a, T: Send, E> IntoParallelIterator for &'a mut Result<T, E> {
    type Item = &'a mut T;
    type Iter = IterMut<'a, T>;

    fn into_par_iter(self) -> IterMut<'a, T> {
        IterMut {
            inner: option::IntoIter::new(self.as_mut().ok()),
        }
    }
}

delegate!(impl[T] IntoIter<T>, item T, where [T: Send]);
delegate!(impl['a, T] Iter<'a, T>, item &'a T, where [T: Sync + 'a]);
delegate!(impl['a, T] IterMut<'a, T>, item &'a mut T, where [T: Send + 'a]);
