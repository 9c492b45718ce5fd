//! The implementations behind a channel: one per capacity class, and the
//! receiver-only timer flavors (`at`, `tick`, `never`).

pub(crate) mod array;
pub(crate) mod at;
pub(crate) mod buffered;
pub(crate) mod list;
pub(crate) mod never;
pub(crate) mod tick;
pub(crate) mod timer;
pub(crate) mod zero;
