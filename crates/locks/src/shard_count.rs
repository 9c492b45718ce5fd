//! How many shards a sharded structure gets by default.
//!
//! Threads pick their shard with [`fearless_core::thread_index`], which
//! numbers them consecutively, so a power-of-two count spreads them evenly.

/// How many shards to give a structure that readers spread over: a power of
/// two, twice the cores (so threads rarely share), at least 4, at most 64.
/// Two under loom, to keep models small.
pub(crate) fn default_shards() -> usize {
    if cfg!(loom) {
        return 2;
    }
    let cores = fearless_core::sync::thread::available_parallelism().map_or(4, |n| n.get());
    (cores * 2).next_power_of_two().clamp(4, 64)
}
