//! `repeat(item)` (endless clones, unindexed) and `repeat_n(item, n)`.

use super::plumbing::{
    Consumer, Folder, Producer, ProducerCallback, UnindexedConsumer, UnindexedProducer, bridge,
    bridge_unindexed,
};
use super::{IndexedParallelIterator, IntoParallelIterator, ParallelIterator, Zip};

/// Endless clones of `element`; end it with `take` (via [`Repeat::take`]),
/// `zip`, or an early-exit consumer such as `find_any`.
///
/// ```
/// use fearless_par::iter::repeat;
/// use fearless_par::prelude::*;
///
/// let v: Vec<(char, i32)> = repeat('x').zip(0..3).collect();
/// assert_eq!(v, [('x', 0), ('x', 1), ('x', 2)]);
/// ```
pub fn repeat<T: Clone + Send>(element: T) -> Repeat<T> {
    Repeat { element }
}

/// The iterator made by [`repeat()`].
#[derive(Debug, Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Repeat<T> {
    element: T,
}

impl<T: Clone + Send> Repeat<T> {
    /// Only `n` clones: an indexed iterator.
    pub fn take(self, n: usize) -> RepeatN<T> {
        repeat_n(self.element, n)
    }

    /// Pairs clones with the items of `zip_op`, as long as it is.
    pub fn zip<Z>(self, zip_op: Z) -> Zip<RepeatN<T>, Z::Iter>
    where
        Z: IntoParallelIterator<Iter: IndexedParallelIterator>,
    {
        let other = zip_op.into_par_iter();
        let n = other.len();
        self.take(n).zip(other)
    }
}

impl<T: Clone + Send> ParallelIterator for Repeat<T> {
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        bridge_unindexed(
            EndlessProducer {
                element: self.element,
            },
            consumer,
        )
    }
}

/// Splits into two endless halves; folds until the folder is full.
struct EndlessProducer<T> {
    element: T,
}

impl<T: Clone + Send> UnindexedProducer for EndlessProducer<T> {
    type Item = T;

    fn split(self) -> (Self, Option<Self>) {
        let right = EndlessProducer {
            element: self.element.clone(),
        };
        (self, Some(right))
    }

    fn fold_with<F: Folder<T>>(self, folder: F) -> F {
        folder.consume_iter(std::iter::repeat(self.element))
    }
}

/// `n` clones of `element` (the last one is the element itself).
///
/// ```
/// use fearless_par::iter::repeat_n;
/// use fearless_par::prelude::*;
///
/// assert_eq!(repeat_n(2, 5).sum::<i32>(), 10);
/// ```
pub fn repeat_n<T: Clone + Send>(element: T, n: usize) -> RepeatN<T> {
    RepeatN {
        element: (n > 0).then_some(element),
        count: n,
    }
}

/// The old name of [`repeat_n`].
#[deprecated(note = "use `repeat_n`")]
pub fn repeatn<T: Clone + Send>(element: T, n: usize) -> RepeatN<T> {
    repeat_n(element, n)
}

/// The iterator made by [`repeat_n()`].
#[derive(Clone)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct RepeatN<T> {
    element: Option<T>,
    count: usize,
}

/// Prints as rayon's does: the count, then the element if there is one.
impl<T: std::fmt::Debug> std::fmt::Debug for RepeatN<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("RepeatN");
        match &self.element {
            Some(element) if self.count > 0 => out
                .field("count", &self.count)
                .field("element", element)
                .finish(),
            _ => out.field("count", &0usize).finish_non_exhaustive(),
        }
    }
}

impl<T: Clone + Send> ParallelIterator for RepeatN<T> {
    type Item = T;

    fn drive_unindexed<C: UnindexedConsumer<T>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn opt_len(&self) -> Option<usize> {
        Some(self.count)
    }
}

impl<T: Clone + Send> IndexedParallelIterator for RepeatN<T> {
    fn drive<C: Consumer<T>>(self, consumer: C) -> C::Result {
        bridge(self, consumer)
    }

    fn len(&self) -> usize {
        self.count
    }

    fn with_producer<CB: ProducerCallback<T>>(self, callback: CB) -> CB::Output {
        callback.callback(RepeatNProducer {
            element: self.element,
            count: self.count,
        })
    }
}

/// `count` clones of an element (`None` when `count` is zero).
struct RepeatNProducer<T> {
    element: Option<T>,
    count: usize,
}

impl<T: Clone + Send> Producer for RepeatNProducer<T> {
    type Item = T;
    type IntoIter = RepeatNIter<T>;

    fn into_iter(self) -> RepeatNIter<T> {
        RepeatNIter {
            element: self.element,
            count: self.count,
        }
    }

    fn split_at(self, index: usize) -> (Self, Self) {
        let right_count = self.count - index;
        let left_element = if index > 0 {
            self.element.clone()
        } else {
            None
        };
        let right_element = if right_count > 0 { self.element } else { None };
        (
            RepeatNProducer {
                element: left_element,
                count: index,
            },
            RepeatNProducer {
                element: right_element,
                count: right_count,
            },
        )
    }
}

/// One piece of a [`RepeatN`]: clones, then the element itself last.
struct RepeatNIter<T> {
    element: Option<T>,
    count: usize,
}

impl<T: Clone> Iterator for RepeatNIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match self.count {
            0 => None,
            1 => {
                self.count = 0;
                self.element.take()
            }
            _ => {
                self.count -= 1;
                self.element.clone()
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.count, Some(self.count))
    }
}

impl<T: Clone> DoubleEndedIterator for RepeatNIter<T> {
    fn next_back(&mut self) -> Option<T> {
        self.next()
    }
}

impl<T: Clone> ExactSizeIterator for RepeatNIter<T> {}
