//! `unzip`, `partition` and `partition_map`: one pass that routes every
//! item (or both halves of it) into two piece-lists, which then extend the
//! two collections (in parallel with each other, via `join`).

use super::collect::ListReducer;
use super::plumbing::{Consumer, Folder, Reducer, UnindexedConsumer};
use super::{FromParallelIterator, IntoParallelIterator, ParallelExtend, ParallelIterator};
use std::collections::LinkedList;

/// Two lists of pieces, in input order.
type Lists<A, B> = (LinkedList<Vec<A>>, LinkedList<Vec<B>>);

pub(super) fn unzip<I, A, B, FromA, FromB>(pi: I) -> (FromA, FromB)
where
    I: ParallelIterator<Item = (A, B)>,
    FromA: Default + Send + ParallelExtend<A>,
    FromB: Default + Send + ParallelExtend<B>,
    A: Send,
    B: Send,
{
    let mut out = (FromA::default(), FromB::default());
    extend_pair(&mut out.0, &mut out.1, pi, &|pair| Route::Both(pair));
    out
}

pub(super) fn partition_map<I, A, B, P, L, R>(pi: I, op: P) -> (A, B)
where
    I: ParallelIterator,
    A: Default + Send + ParallelExtend<L>,
    B: Default + Send + ParallelExtend<R>,
    P: Fn(I::Item) -> super::Either<L, R> + Sync + Send,
    L: Send,
    R: Send,
{
    let mut out = (A::default(), B::default());
    extend_pair(&mut out.0, &mut out.1, pi, &|item| match op(item) {
        super::Either::Left(l) => Route::Left(l),
        super::Either::Right(r) => Route::Right(r),
    });
    out
}

/// Where an item goes.
enum Route<L, R> {
    Left(L),
    Right(R),
    Both((L, R)),
}

/// Routes every item of `pi` with `route` and extends `a` and `b`.
fn extend_pair<I, A, B, L, R, F>(a: &mut A, b: &mut B, pi: I, route: &F)
where
    I: ParallelIterator,
    A: Send + ParallelExtend<L>,
    B: Send + ParallelExtend<R>,
    F: Fn(I::Item) -> Route<L, R> + Sync,
    L: Send,
    R: Send,
{
    let (left, right): Lists<L, R> = pi.drive_unindexed(RouteConsumer { route });
    super::plumbing::join(
        || a.par_extend(super::vec_list_into_par_iter(left)),
        || b.par_extend(super::vec_list_into_par_iter(right)),
    );
}

/// Routes items into two vectors per piece.
struct RouteConsumer<'f, F> {
    route: &'f F,
}

impl<F> Clone for RouteConsumer<'_, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F> Copy for RouteConsumer<'_, F> {}

impl<'f, T, L: Send, R: Send, F: Fn(T) -> Route<L, R> + Sync> Consumer<T> for RouteConsumer<'f, F> {
    type Folder = RouteFolder<'f, F, L, R>;
    type Reducer = PairReducer;
    type Result = Lists<L, R>;

    fn split_at(self, _index: usize) -> (Self, Self, PairReducer) {
        (self, self, PairReducer)
    }

    fn into_folder(self) -> Self::Folder {
        RouteFolder {
            route: self.route,
            left: Vec::new(),
            right: Vec::new(),
        }
    }

    fn full(&self) -> bool {
        false
    }
}

impl<T, L: Send, R: Send, F: Fn(T) -> Route<L, R> + Sync> UnindexedConsumer<T>
    for RouteConsumer<'_, F>
{
    fn split_off_left(&self) -> Self {
        *self
    }

    fn to_reducer(&self) -> PairReducer {
        PairReducer
    }
}

/// Appends both lists.
struct PairReducer;

impl<L, R> Reducer<Lists<L, R>> for PairReducer {
    fn reduce(self, left: Lists<L, R>, right: Lists<L, R>) -> Lists<L, R> {
        (
            ListReducer.reduce(left.0, right.0),
            ListReducer.reduce(left.1, right.1),
        )
    }
}

/// One piece's two vectors.
struct RouteFolder<'f, F, L, R> {
    route: &'f F,
    left: Vec<L>,
    right: Vec<R>,
}

impl<T, L, R, F: Fn(T) -> Route<L, R>> Folder<T> for RouteFolder<'_, F, L, R> {
    type Result = Lists<L, R>;

    fn consume(mut self, item: T) -> Self {
        match (self.route)(item) {
            Route::Left(l) => self.left.push(l),
            Route::Right(r) => self.right.push(r),
            Route::Both((l, r)) => {
                self.left.push(l);
                self.right.push(r);
            }
        }
        self
    }

    fn complete(self) -> Lists<L, R> {
        (one_piece(self.left), one_piece(self.right))
    }

    fn full(&self) -> bool {
        false
    }
}

impl<A, B, FromA, FromB> ParallelExtend<(A, B)> for (FromA, FromB)
where
    A: Send,
    B: Send,
    FromA: Send + ParallelExtend<A>,
    FromB: Send + ParallelExtend<B>,
{
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = (A, B)>,
    {
        extend_pair(
            &mut self.0,
            &mut self.1,
            par_iter.into_par_iter(),
            &|pair| Route::Both(pair),
        );
    }
}

impl<L, R, A, B> ParallelExtend<super::Either<L, R>> for (A, B)
where
    L: Send,
    R: Send,
    A: Send + ParallelExtend<L>,
    B: Send + ParallelExtend<R>,
{
    fn par_extend<I>(&mut self, par_iter: I)
    where
        I: IntoParallelIterator<Item = super::Either<L, R>>,
    {
        extend_pair(
            &mut self.0,
            &mut self.1,
            par_iter.into_par_iter(),
            &|item| match item {
                super::Either::Left(l) => Route::Left(l),
                super::Either::Right(r) => Route::Right(r),
            },
        );
    }
}

impl<A, B, FromA, FromB> FromParallelIterator<(A, B)> for (FromA, FromB)
where
    A: Send,
    B: Send,
    FromA: Send + FromParallelIterator<A>,
    FromB: Send + FromParallelIterator<B>,
{
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = (A, B)>,
    {
        let (left, right): Lists<A, B> = par_iter.into_par_iter().drive_unindexed(RouteConsumer {
            route: &Route::Both,
        });
        super::plumbing::join(
            || FromA::from_par_iter(super::vec_list_into_par_iter(left)),
            || FromB::from_par_iter(super::vec_list_into_par_iter(right)),
        )
    }
}

impl<L, R, A, B> FromParallelIterator<super::Either<L, R>> for (A, B)
where
    L: Send,
    R: Send,
    A: Send + FromParallelIterator<L>,
    B: Send + FromParallelIterator<R>,
{
    fn from_par_iter<I>(par_iter: I) -> Self
    where
        I: IntoParallelIterator<Item = super::Either<L, R>>,
    {
        let route = |item| match item {
            super::Either::Left(l) => Route::Left(l),
            super::Either::Right(r) => Route::Right(r),
        };
        let (left, right): Lists<L, R> = par_iter
            .into_par_iter()
            .drive_unindexed(RouteConsumer { route: &route });
        super::plumbing::join(
            || A::from_par_iter(super::vec_list_into_par_iter(left)),
            || B::from_par_iter(super::vec_list_into_par_iter(right)),
        )
    }
}

/// A list of one piece (none if the piece is empty).
fn one_piece<T>(piece: Vec<T>) -> LinkedList<Vec<T>> {
    let mut list = LinkedList::new();
    if !piece.is_empty() {
        list.push_back(piece);
    }
    list
}
