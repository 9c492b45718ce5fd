//! The three implementations behind a channel, one per capacity class.

pub(crate) mod array;
pub(crate) mod buffered;
pub(crate) mod list;
pub(crate) mod zero;
