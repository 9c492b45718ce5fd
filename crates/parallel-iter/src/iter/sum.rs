//! `sum` and `product`: each piece folds with `Iterator::sum`/`product`
//! (internal iteration, vectorizable), neighbours combine the same way.

use super::ParallelIterator;
use super::plumbing::{Consumer, Folder, Reducer, UnindexedConsumer};
use std::iter::{Product, Sum};
use std::marker::PhantomData;

pub(super) fn sum<I, S>(pi: I) -> S
where
    I: ParallelIterator,
    S: Send + Sum<I::Item> + Sum<S>,
{
    pi.drive_unindexed(Combine::<S, Add>(PhantomData))
}

pub(super) fn product<I, P>(pi: I) -> P
where
    I: ParallelIterator,
    P: Send + Product<I::Item> + Product<P>,
{
    pi.drive_unindexed(Combine::<P, Mul>(PhantomData))
}

/// Addition.
struct Add;
/// Multiplication.
struct Mul;

/// The consumer, its folder state and its reducer in one: `S` is the
/// result, `O` the operation.
struct Combine<S, O>(PhantomData<fn() -> (S, O)>);

/// One piece's running result.
struct Acc<S, O>(S, PhantomData<fn() -> O>);

macro_rules! combine_impl {
    ($op:ident, $trait:ident, $method:ident) => {
        impl<S: Send + $trait<S>, T> Consumer<T> for Combine<S, $op>
        where
            S: $trait<T>,
        {
            type Folder = Acc<S, $op>;
            type Reducer = Self;
            type Result = S;

            fn split_at(self, _index: usize) -> (Self, Self, Self) {
                (
                    Combine(PhantomData),
                    Combine(PhantomData),
                    Combine(PhantomData),
                )
            }

            fn into_folder(self) -> Acc<S, $op> {
                Acc(std::iter::empty::<T>().$method(), PhantomData)
            }

            fn full(&self) -> bool {
                false
            }
        }

        impl<S: Send + $trait<S>, T> UnindexedConsumer<T> for Combine<S, $op>
        where
            S: $trait<T>,
        {
            fn split_off_left(&self) -> Self {
                Combine(PhantomData)
            }

            fn to_reducer(&self) -> Self {
                Combine(PhantomData)
            }
        }

        impl<S: $trait<S>> Reducer<S> for Combine<S, $op> {
            fn reduce(self, left: S, right: S) -> S {
                [left, right].into_iter().$method()
            }
        }

        impl<S: $trait<S> + $trait<T>, T> Folder<T> for Acc<S, $op> {
            type Result = S;

            fn consume(self, item: T) -> Self {
                let item: S = std::iter::once(item).$method();
                Acc([self.0, item].into_iter().$method(), PhantomData)
            }

            fn consume_iter<I: IntoIterator<Item = T>>(self, iter: I) -> Self {
                let piece: S = iter.into_iter().$method();
                Acc([self.0, piece].into_iter().$method(), PhantomData)
            }

            fn complete(self) -> S {
                self.0
            }

            fn full(&self) -> bool {
                false
            }
        }
    };
}

combine_impl!(Add, Sum, sum);
combine_impl!(Mul, Product, product);
