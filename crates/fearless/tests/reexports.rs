//! Every re-export of the facade resolves to the crate it names.
#![cfg(not(loom))]

#[test]
fn modules_resolve_to_their_crates() {
    use std::any::TypeId;
    assert_eq!(
        TypeId::of::<fearless::atomics::Counter>(),
        TypeId::of::<fearless_atomics::Counter>()
    );
    assert_eq!(
        TypeId::of::<fearless::channels::Sender<u8>>(),
        TypeId::of::<fearless_channels::Sender<u8>>()
    );
    assert_eq!(
        TypeId::of::<fearless::locks::Mutex<u8>>(),
        TypeId::of::<fearless_locks::Mutex<u8>>()
    );
    assert_eq!(
        TypeId::of::<fearless::scoped::Parallel>(),
        TypeId::of::<fearless_scoped::Parallel>()
    );
    assert_eq!(
        TypeId::of::<fearless::par::ThreadPool>(),
        TypeId::of::<fearless_par::ThreadPool>()
    );
    assert_eq!(
        TypeId::of::<fearless::sync::Arc<u8>>(),
        TypeId::of::<fearless_core::sync::Arc<u8>>()
    );
}

#[test]
fn prelude_brings_the_common_types_and_traits() {
    use fearless::prelude::*;
    let c = ShardedCounter::new();
    SharedCounter::add(&c, 2);
    let m = Mutex::new(1);
    *m.lock() += 1;
    assert_eq!(SharedCounter::get(&c), 2);
    assert_eq!(m.into_inner(), 2);
}
