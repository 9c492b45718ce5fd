//! `String::par_drain(range)`: the removed characters, in parallel.

use crate::iter::plumbing::{ProducerCallback, UnindexedConsumer};
use crate::iter::{IndexedParallelIterator, ParallelDrainRange, ParallelIterator};
use std::ops::RangeBounds;

/// The `par_drain(range)` iterator of a `String`: its characters. The
/// range (in bytes, on character boundaries) is removed when `par_drain`
/// is called.
///
/// ```
/// use fearless_par::prelude::*;
///
/// let mut s = String::from("hello world");
/// let upper: String = s.par_drain(..5).map(|c| c.to_ascii_uppercase()).collect();
/// assert_eq!((upper.as_str(), s.as_str()), ("HELLO", " world"));
/// ```
#[derive(Debug)]
#[must_use = "parallel iterators are lazy and do nothing unless consumed"]
pub struct Drain<'a> {
    inner: crate::vec::IntoIter<char>,
    marker: std::marker::PhantomData<&'a mut String>,
}

impl<'a> ParallelDrainRange<usize> for &'a mut String {
    type Item = char;
    type Iter = Drain<'a>;

    /// # Panics
    ///
    /// If the range is out of bounds or does not lie on character
    /// boundaries, as `String::drain`.
    fn par_drain<R: RangeBounds<usize>>(self, range: R) -> Drain<'a> {
        let range = crate::vec::simplify_range(range, self.len());
        Drain {
            inner: crate::vec::IntoIter::new(self.drain(range).collect()),
            marker: std::marker::PhantomData,
        }
    }
}

crate::option::delegate!(impl['a] Drain<'a>, item char, where []);
