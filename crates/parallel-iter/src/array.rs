//! Parallel iterators that own an array's items: `[T; N]::into_par_iter`
//! (through a `Vec`, since iterator code here has no `unsafe`).

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use crate::option::delegate;
use crate::vec;

/// A parallel iterator that moves the items out of an array.
///
/// ```
/// use fearless_par::prelude::*;
///
/// assert_eq!([1, 2, 3].into_par_iter().map(|x| x * 2).collect::<Vec<_>>(), [2, 4, 6]);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IntoIter<T, const N: usize> {
    inner: vec::IntoIter<T>,
}

impl<T: Send, const N: usize> IntoParallelIterator for [T; N] {
    type Item = T;
    type Iter = IntoIter<T, N>;

    fn into_par_iter(self) -> IntoIter<T, N> {
        IntoIter {
            inner: vec::IntoIter::new(self.into()),
        }
    }
}

delegate!(impl[T, const N: usize] IntoIter<T, N>, item T, where [T: Send]);
