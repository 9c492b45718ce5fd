//! `sum`, `product` and `count`.

use super::plumbing::Consumer;
use std::iter::{Product, Sum};
use std::marker::PhantomData;

/// Sums each piece, then the pieces' sums.
pub(super) struct SumOf<S>(PhantomData<fn() -> S>);

impl<S> SumOf<S> {
    pub(super) fn new() -> Self {
        SumOf(PhantomData)
    }
}

impl<T, S: Send + Sum<T> + Sum<S>> Consumer<T> for SumOf<S> {
    type Result = S;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> S {
        items.sum()
    }

    fn reduce(&self, left: S, right: S) -> S {
        [left, right].into_iter().sum()
    }
}

/// Multiplies each piece, then the pieces' products.
pub(super) struct ProductOf<P>(PhantomData<fn() -> P>);

impl<P> ProductOf<P> {
    pub(super) fn new() -> Self {
        ProductOf(PhantomData)
    }
}

impl<T, P: Send + Product<T> + Product<P>> Consumer<T> for ProductOf<P> {
    type Result = P;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> P {
        items.product()
    }

    fn reduce(&self, left: P, right: P) -> P {
        [left, right].into_iter().product()
    }
}

/// Counts items.
pub(super) struct Count;

impl<T> Consumer<T> for Count {
    type Result = usize;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> usize {
        items.count()
    }

    fn reduce(&self, left: usize, right: usize) -> usize {
        left + right
    }
}
