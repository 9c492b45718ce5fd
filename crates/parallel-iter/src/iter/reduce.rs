//! `reduce` and `reduce_with`.

use super::plumbing::Consumer;

/// Folds each piece from `identity()` with `op`, then combines with `op`.
pub(super) struct Reduce<'f, ID, OP> {
    pub(super) identity: &'f ID,
    pub(super) op: &'f OP,
}

impl<T, ID, OP> Consumer<T> for Reduce<'_, ID, OP>
where
    T: Send,
    ID: Fn() -> T + Sync,
    OP: Fn(T, T) -> T + Sync,
{
    type Result = T;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> T {
        items.fold((self.identity)(), self.op)
    }

    fn reduce(&self, left: T, right: T) -> T {
        (self.op)(left, right)
    }
}

/// Like [`Reduce`] without an identity: empty pieces give `None`.
pub(super) struct ReduceWith<'f, OP> {
    pub(super) op: &'f OP,
}

impl<T, OP> Consumer<T> for ReduceWith<'_, OP>
where
    T: Send,
    OP: Fn(T, T) -> T + Sync,
{
    type Result = Option<T>;

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) -> Option<T> {
        items.reduce(self.op)
    }

    fn reduce(&self, left: Option<T>, right: Option<T>) -> Option<T> {
        match (left, right) {
            (Some(l), Some(r)) => Some((self.op)(l, r)),
            (l, None) => l,
            (None, r) => r,
        }
    }
}
