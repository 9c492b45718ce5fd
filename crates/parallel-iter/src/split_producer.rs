//! The unindexed producer behind every "split by separator" iterator
//! (`par_split*` of slices and strings, `par_lines`, ...): a piece is cut
//! at a separator near its middle, which leaves the pieces' sequential
//! splits concatenating to the whole's.

use crate::iter::plumbing::{Folder, UnindexedProducer};

/// Data that can be split at separators: a slice, a mutable slice or a
/// string slice, with a separator predicate of type `S`.
pub(crate) trait Fissile<S>: Sized + Send {
    /// A valid cut point near the middle (a char boundary for strings).
    fn midpoint(&self) -> usize;
    /// The first separator at or after `from`.
    fn find_from(&self, sep: &S, from: usize) -> Option<usize>;
    /// The last separator before `to`.
    fn rfind_before(&self, sep: &S, to: usize) -> Option<usize>;
    /// Cuts around the separator at `at`: the separator is dropped, or
    /// kept at the end of the left part when `inclusive`.
    fn cut(self, at: usize, inclusive: bool) -> (Self, Self);
    /// Feeds this piece's parts to `folder`: the sequential split,
    /// inclusive or not, without a trailing empty part if `skip_last`.
    fn fold_parts<F: Folder<Self>>(self, sep: &S, inclusive: bool, skip_last: bool, folder: F)
    -> F;
}

/// A piece of data to split, and whether it ends the whole input (only
/// that piece drops a trailing empty part, for `split_terminator`).
pub(crate) struct SplitProducer<'s, D, S> {
    pub(crate) data: D,
    pub(crate) sep: &'s S,
    pub(crate) inclusive: bool,
    pub(crate) skip_last: bool,
}

impl<D: Fissile<S>, S: Sync> UnindexedProducer for SplitProducer<'_, D, S> {
    type Item = D;

    fn split(self) -> (Self, Option<Self>) {
        let mid = self.data.midpoint();
        let at = self
            .data
            .find_from(self.sep, mid)
            .or_else(|| self.data.rfind_before(self.sep, mid));
        let Some(at) = at else {
            return (self, None);
        };
        let (left, right) = self.data.cut(at, self.inclusive);
        let (sep, inclusive) = (self.sep, self.inclusive);
        (
            SplitProducer {
                data: left,
                sep,
                inclusive,
                skip_last: false,
            },
            Some(SplitProducer {
                data: right,
                sep,
                inclusive,
                skip_last: self.skip_last,
            }),
        )
    }

    fn fold_with<F: Folder<D>>(self, folder: F) -> F {
        self.data
            .fold_parts(self.sep, self.inclusive, self.skip_last, folder)
    }
}

impl<T: Sync, S: Fn(&T) -> bool> Fissile<S> for &[T] {
    fn midpoint(&self) -> usize {
        self.len() / 2
    }

    fn find_from(&self, sep: &S, from: usize) -> Option<usize> {
        self[from..].iter().position(sep).map(|i| i + from)
    }

    fn rfind_before(&self, sep: &S, to: usize) -> Option<usize> {
        self[..to].iter().rposition(sep)
    }

    fn cut(self, at: usize, inclusive: bool) -> (Self, Self) {
        let (left, right) = self.split_at(at + 1);
        if inclusive {
            (left, right)
        } else {
            (&left[..at], right)
        }
    }

    fn fold_parts<F: Folder<Self>>(self, sep: &S, inclusive: bool, _skip: bool, folder: F) -> F {
        if inclusive {
            folder.consume_iter(self.split_inclusive(sep))
        } else {
            folder.consume_iter(self.split(sep))
        }
    }
}

impl<T: Send, S: Fn(&T) -> bool> Fissile<S> for &mut [T] {
    fn midpoint(&self) -> usize {
        self.len() / 2
    }

    fn find_from(&self, sep: &S, from: usize) -> Option<usize> {
        self[from..].iter().position(sep).map(|i| i + from)
    }

    fn rfind_before(&self, sep: &S, to: usize) -> Option<usize> {
        self[..to].iter().rposition(sep)
    }

    fn cut(self, at: usize, inclusive: bool) -> (Self, Self) {
        let (left, right) = self.split_at_mut(at + 1);
        if inclusive {
            (left, right)
        } else {
            (&mut left[..at], right)
        }
    }

    fn fold_parts<F: Folder<Self>>(self, sep: &S, inclusive: bool, _skip: bool, folder: F) -> F {
        if inclusive {
            folder.consume_iter(self.split_inclusive_mut(sep))
        } else {
            folder.consume_iter(self.split_mut(sep))
        }
    }
}

impl<S: Fn(char) -> bool> Fissile<S> for &str {
    fn midpoint(&self) -> usize {
        crate::str::char_boundary_near(self, self.len() / 2)
    }

    fn find_from(&self, sep: &S, from: usize) -> Option<usize> {
        self[from..].find(sep).map(|i| i + from)
    }

    fn rfind_before(&self, sep: &S, to: usize) -> Option<usize> {
        self[..to].rfind(sep)
    }

    fn cut(self, at: usize, inclusive: bool) -> (Self, Self) {
        let width = self[at..].chars().next().map_or(1, char::len_utf8);
        let (left, right) = self.split_at(at + width);
        if inclusive {
            (left, right)
        } else {
            (&left[..at], right)
        }
    }

    fn fold_parts<F: Folder<Self>>(self, sep: &S, inclusive: bool, skip: bool, folder: F) -> F {
        let sep = |c| sep(c);
        match (inclusive, skip) {
            (true, _) => folder.consume_iter(self.split_inclusive(sep)),
            (false, true) => folder.consume_iter(self.split_terminator(sep)),
            (false, false) => folder.consume_iter(self.split(sep)),
        }
    }
}
