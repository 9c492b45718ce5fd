//! Runs a test body on every engine configuration: sequentially, and on
//! pools of 1, 2 and 4 threads.

#![allow(dead_code)]

use std::sync::OnceLock;

#[cfg(feature = "rayon")]
type Pool = rayon::ThreadPool;

#[cfg(feature = "rayon")]
fn build_pool(threads: usize) -> Pool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("build a rayon pool")
}

#[cfg(not(feature = "rayon"))]
type Pool = fearless_par::ThreadPool;

#[cfg(not(feature = "rayon"))]
fn build_pool(threads: usize) -> Pool {
    fearless_par::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("build a pool")
}

/// Pools of 1, 2 and 4 threads, built once per test binary.
fn pools() -> &'static [Pool] {
    static POOLS: OnceLock<Vec<Pool>> = OnceLock::new();
    POOLS.get_or_init(|| [1, 2, 4].into_iter().map(build_pool).collect())
}

/// Runs `body` sequentially and then inside each pool.
pub fn in_every_mode(body: impl Fn() + Sync) {
    fearless_par::sequential(&body);
    for pool in pools() {
        pool.install(&body);
    }
}
