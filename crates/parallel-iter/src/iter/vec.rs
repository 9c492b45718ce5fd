//! Parallel iterators that own a `Vec`'s items: `vec.into_par_iter()`, and
//! the `par_iter()`/`par_iter_mut()` entry points of `Vec`.

use super::plumbing::Producer;
use super::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator};
use crate::slice::{Iter, IterMut};

/// A parallel iterator that moves the items out of a `Vec`.
///
/// Splitting moves the right half into a new allocation (`Vec::split_off`),
/// which keeps this safe code; only inputs big enough to split pay it, and
/// only a few times (once per split).
///
/// ```
/// use fearless_par::prelude::*;
///
/// let names = vec![String::from("a"), String::from("b")];
/// let upper: Vec<String> = names.into_par_iter().map(|s| s.to_uppercase()).collect();
/// assert_eq!(upper, ["A", "B"]);
/// ```
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct IntoIter<T> {
    vec: Vec<T>,
}

impl<T: Send> IntoParallelIterator for Vec<T> {
    type Iter = IntoIter<T>;
    type Item = T;

    fn into_par_iter(self) -> IntoIter<T> {
        IntoIter { vec: self }
    }
}

/// Arrays move their items out through a `Vec`.
///
/// ```
/// use fearless_par::prelude::*;
///
/// assert_eq!([1, 2, 3].into_par_iter().map(|x| x * 2).collect::<Vec<_>>(), [2, 4, 6]);
/// ```
impl<T: Send, const N: usize> IntoParallelIterator for [T; N] {
    type Iter = IntoIter<T>;
    type Item = T;

    fn into_par_iter(self) -> IntoIter<T> {
        IntoIter { vec: self.into() }
    }
}

impl<T: Send> ParallelIterator for IntoIter<T> {
    type Item = T;
    type Producer = Self;

    fn into_producer(self) -> Self {
        self
    }
}

impl<T: Send> IndexedParallelIterator for IntoIter<T> {
    fn len(&self) -> usize {
        self.vec.len()
    }
}

impl<T: Send> Producer for IntoIter<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn len(&self) -> usize {
        self.vec.len()
    }

    fn split_at(mut self, index: usize) -> (Self, Self) {
        let right = self.vec.split_off(index);
        (self, IntoIter { vec: right })
    }

    fn into_iter(self) -> Self::IntoIter {
        self.vec.into_iter()
    }
}

impl<'data, T: Sync + 'data> IntoParallelIterator for &'data Vec<T> {
    type Iter = Iter<'data, T>;
    type Item = &'data T;

    fn into_par_iter(self) -> Self::Iter {
        self.as_slice().into_par_iter()
    }
}

impl<'data, T: Send + 'data> IntoParallelIterator for &'data mut Vec<T> {
    type Iter = IterMut<'data, T>;
    type Item = &'data mut T;

    fn into_par_iter(self) -> Self::Iter {
        self.as_mut_slice().into_par_iter()
    }
}
