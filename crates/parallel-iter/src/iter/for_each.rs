//! `for_each`: the consumer that only runs a closure.

use super::plumbing::Consumer;

/// Calls `op` on every item.
pub(super) struct ForEach<'f, F> {
    pub(super) op: &'f F,
}

impl<T, F: Fn(T) + Sync> Consumer<T> for ForEach<'_, F> {
    type Result = ();

    fn consume_piece<I: Iterator<Item = T>>(&self, items: I) {
        items.for_each(self.op);
    }

    fn reduce(&self, _: (), _: ()) {}
}
