//! Behaviour of every flavor through the public API, on real threads.
#![cfg(not(loom))]

mod common;

use common::{Counted, Named, channels};
use fearless_channels::{
    Receiver, RecvError, RecvTimeoutError, Select, SendError, SendTimeoutError, Sender,
    TryRecvError, TrySendError, bounded, select, select_biased, unbounded,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Every flavor with a buffer: bounded(1), bounded(7), unbounded. Under
/// Miri bounded(1) is left out: bounded(7) runs the same ring code, and the
/// crate's Miri run must stay short.
fn buffered<T>() -> Vec<Named<T>> {
    channels(if cfg!(miri) { &[7] } else { &[1, 7] })
}

/// Every flavor, the rendezvous included.
fn all<T>() -> Vec<Named<T>> {
    channels(if cfg!(miri) { &[0, 7] } else { &[0, 1, 7] })
}

const SHORT: Duration = Duration::from_millis(20);

#[test]
fn handles_are_send_sync_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Sender<Vec<u8>>>();
    check::<Receiver<Vec<u8>>>();
}

#[test]
fn fifo_and_try_ops_on_buffered_flavors() {
    for (name, (s, r)) in buffered::<usize>() {
        assert_eq!(r.try_recv(), Err(TryRecvError::Empty), "{name}");
        let n = s.capacity().unwrap_or(100);
        for i in 0..n {
            s.try_send(i).unwrap();
        }
        if s.capacity().is_some() {
            assert!(s.is_full(), "{name}");
            assert_eq!(s.try_send(99), Err(TrySendError::Full(99)), "{name}");
        }
        assert_eq!(r.len(), n, "{name}");
        for i in 0..n {
            assert_eq!(r.recv(), Ok(i), "{name}");
        }
        assert!(r.is_empty(), "{name}");
    }
}

#[test]
fn wraps_around_many_laps() {
    for (name, (s, r)) in buffered::<usize>() {
        let batch = s.capacity().unwrap_or(40).min(3);
        let rounds = if cfg!(miri) { 12 } else { 300 };
        for i in 0..rounds {
            for k in 0..batch {
                s.send(i * batch + k).unwrap();
            }
            for k in 0..batch {
                assert_eq!(r.recv(), Ok(i * batch + k), "{name}");
            }
        }
    }
}

#[test]
fn rendezvous_try_ops_need_a_peer() {
    let (s, r) = bounded::<i32>(0);
    assert_eq!(s.try_send(1), Err(TrySendError::Full(1)));
    assert_eq!(r.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(
        (s.len(), s.capacity(), s.is_full(), s.is_empty()),
        (0, Some(0), true, true)
    );
    thread::scope(|scope| {
        scope.spawn(|| s.send(5).unwrap());
        assert_eq!(r.recv(), Ok(5));
    });
}

#[test]
fn last_sender_gone_delivers_buffer_then_disconnects() {
    for (name, (s, r)) in buffered::<i32>() {
        s.send(1).unwrap();
        let s2 = s.clone();
        drop(s);
        assert_eq!(r.try_recv(), Ok(1), "{name}");
        assert_eq!(r.try_recv(), Err(TryRecvError::Empty), "{name}");
        drop(s2);
        assert_eq!(r.try_recv(), Err(TryRecvError::Disconnected), "{name}");
        assert_eq!(r.recv(), Err(RecvError), "{name}");
        assert_eq!(
            r.recv_timeout(SHORT),
            Err(RecvTimeoutError::Disconnected),
            "{name}"
        );
    }
    let (s, r) = bounded::<i32>(0);
    drop(s);
    assert_eq!(r.recv(), Err(RecvError));
}

#[test]
fn last_receiver_gone_returns_messages_and_drops_buffer_now() {
    for (name, (s, r)) in all::<Counted>() {
        let drops = Arc::new(AtomicUsize::new(0));
        if s.capacity() != Some(0) {
            s.send(Counted(drops.clone())).unwrap();
        }
        let r2 = r.clone();
        drop(r);
        assert_eq!(
            drops.load(Ordering::SeqCst),
            0,
            "{name}: a receiver remains"
        );
        drop(r2);
        let buffered = usize::from(s.capacity() != Some(0));
        assert_eq!(
            drops.load(Ordering::SeqCst),
            buffered,
            "{name}: dropped at once"
        );
        let back = s.send(Counted(drops.clone())).unwrap_err().into_inner();
        let back2 = s.try_send(back).unwrap_err();
        assert!(back2.is_disconnected(), "{name}");
        let back3 = s.send_timeout(back2.into_inner(), SHORT).unwrap_err();
        assert!(back3.is_disconnected(), "{name}");
        assert_eq!(
            drops.load(Ordering::SeqCst),
            buffered,
            "{name}: message returned"
        );
        drop(back3);
        assert_eq!(drops.load(Ordering::SeqCst), buffered + 1, "{name}");
        drop(s);
        assert_eq!(
            drops.load(Ordering::SeqCst),
            buffered + 1,
            "{name}: exactly once"
        );
    }
}

#[test]
fn buffered_messages_dropped_once_when_channel_is_freed() {
    for (name, (s, r)) in buffered::<Counted>() {
        let drops = Arc::new(AtomicUsize::new(0));
        let n = s.capacity().unwrap_or(50);
        for _ in 0..n {
            s.send(Counted(drops.clone())).unwrap();
        }
        // Receive one, leave the rest.
        drop(r.recv().unwrap());
        drop(s);
        drop(r);
        assert_eq!(drops.load(Ordering::SeqCst), n, "{name}");
    }
}

#[test]
fn disconnect_wakes_blocked_receiver() {
    for (name, (s, r)) in all::<i32>() {
        thread::scope(|scope| {
            let h = scope.spawn(|| r.recv());
            thread::sleep(SHORT);
            drop(s);
            assert_eq!(h.join().unwrap(), Err(RecvError), "{name}");
        });
    }
}

#[test]
fn disconnect_returns_message_to_blocked_sender() {
    for (name, (s, r)) in all::<i32>() {
        if s.capacity() == Some(1) || s.capacity() == Some(7) {
            while s.try_send(0).is_ok() {}
        }
        if s.capacity().is_none() {
            continue; // an unbounded sender never blocks
        }
        thread::scope(|scope| {
            let h = scope.spawn(|| s.send(42));
            thread::sleep(SHORT);
            drop(r);
            assert_eq!(h.join().unwrap(), Err(SendError(42)), "{name}");
        });
    }
}

#[test]
fn timeouts_are_honoured() {
    for (name, (s, r)) in all::<i32>() {
        let start = Instant::now();
        assert_eq!(
            r.recv_timeout(SHORT),
            Err(RecvTimeoutError::Timeout),
            "{name}"
        );
        assert!(start.elapsed() >= SHORT, "{name}");
        assert!(r.recv_deadline(Instant::now()).unwrap_err().is_timeout());
        if s.capacity().is_some() {
            while s.try_send(0).is_ok() {}
            let start = Instant::now();
            assert_eq!(
                s.send_timeout(9, SHORT),
                Err(SendTimeoutError::Timeout(9)),
                "{name}"
            );
            assert!(start.elapsed() >= SHORT, "{name}");
        }
        // A huge timeout is "forever": it must not overflow.
        if s.capacity().is_some_and(|c| c > 0) {
            assert!(r.recv_timeout(Duration::MAX).is_ok(), "{name}");
        }
    }
}

#[test]
fn timed_receive_gets_a_late_message() {
    for (name, (s, r)) in all::<i32>() {
        thread::scope(|scope| {
            scope.spawn(|| {
                thread::sleep(SHORT);
                s.send(3).unwrap();
            });
            assert_eq!(r.recv_timeout(Duration::from_secs(10)), Ok(3), "{name}");
        });
    }
}

#[test]
fn iterators() {
    let (s, r) = unbounded();
    for i in 0..5 {
        s.send(i).unwrap();
    }
    assert_eq!(r.try_iter().take(2).collect::<Vec<_>>(), [0, 1]);
    drop(s);
    assert_eq!((&r).into_iter().collect::<Vec<_>>(), [2, 3, 4]);
    let (s, r) = bounded(2);
    s.send(1).unwrap();
    drop(s);
    assert_eq!(r.into_iter().collect::<Vec<_>>(), [1]);
}

#[test]
fn same_channel_and_debug() {
    let (s, r) = bounded::<i32>(3);
    let (s2, r2) = bounded::<i32>(3);
    assert!(s.same_channel(&s.clone()) && !s.same_channel(&s2));
    assert!(r.same_channel(&r.clone()) && !r.same_channel(&r2));
    assert_eq!(format!("{s:?} {r:?}"), "Sender { .. } Receiver { .. }");
    struct NoDebug;
    let e = TrySendError::Full(NoDebug);
    assert_eq!(format!("{e:?}"), "Full(..)");
    assert_eq!(e.to_string(), "sending on a full channel");
    let e: Box<dyn std::error::Error> = Box::new(SendError(NoDebug));
    assert_eq!(e.to_string(), "sending on a disconnected channel");
    assert_eq!(TryRecvError::from(RecvError), TryRecvError::Disconnected);
    assert!(RecvTimeoutError::from(RecvError).is_disconnected());
    assert!(matches!(
        TrySendError::from(SendError(1)),
        TrySendError::Disconnected(1)
    ));
    assert!(matches!(
        SendTimeoutError::from(SendError(1)),
        SendTimeoutError::Disconnected(1)
    ));
}

#[test]
fn unbounded_gives_memory_back_after_a_burst() {
    let (s, r) = unbounded::<u64>();
    let burst = if cfg!(miri) { 200 } else { 10_000 };
    for i in 0..burst {
        s.send(i).unwrap();
    }
    let peak = r.__live_blocks().unwrap();
    assert!(peak as u64 >= burst / 31, "peak {peak}");
    for i in 0..burst {
        assert_eq!(r.recv(), Ok(i));
    }
    let after = r.__live_blocks().unwrap();
    assert!(after <= 2, "{after} blocks still allocated after draining");
}

#[test]
fn select_receives_from_the_ready_channel() {
    for (name, (s, r)) in all::<i32>() {
        let (_s_idle, r_idle) = unbounded::<i32>();
        thread::scope(|scope| {
            scope.spawn(|| s.send(7).unwrap());
            select! {
                recv(r_idle) -> _m => panic!("{name}: idle channel selected"),
                recv(r) -> m => assert_eq!(m, Ok(7), "{name}"),
            }
        });
    }
}

#[test]
fn select_sends_into_the_ready_channel() {
    for (name, (s, r)) in all::<i32>() {
        let (s_full, _r_full) = bounded::<i32>(0);
        thread::scope(|scope| {
            let h = scope.spawn(|| r.recv());
            select! {
                send(s_full, 1) -> _res => panic!("{name}: nobody receives there"),
                send(s, 2) -> res => res.unwrap(),
            }
            assert_eq!(h.join().unwrap(), Ok(2), "{name}");
        });
    }
}

#[test]
fn select_default_and_timeout_arms() {
    let (s, r) = unbounded::<i32>();
    let got = select! {
        recv(r) -> m => m.ok(),
        default => None,
    };
    assert_eq!(got, None);
    let start = Instant::now();
    let got = select! {
        recv(r) -> m => m.ok(),
        default(SHORT) => Some(-1),
    };
    assert_eq!(got, Some(-1));
    assert!(start.elapsed() >= SHORT);
    s.send(4).unwrap();
    let got = select! {
        recv(r) -> m => { m.ok() }
        default(SHORT) => { Some(-1) }
    };
    assert_eq!(got, Some(4));
    // Only a default arm.
    let only = select! { default => 5 };
    assert_eq!(only, 5);
}

#[test]
fn select_reports_disconnect() {
    let (s, r) = bounded::<i32>(0);
    let (_s2, r2) = unbounded::<i32>();
    thread::scope(|scope| {
        scope.spawn(move || {
            thread::sleep(SHORT);
            drop(s);
        });
        select! {
            recv(r) -> m => assert_eq!(m, Err(RecvError)),
            recv(r2) -> _m => panic!("r2 never gets a message"),
        }
    });
}

#[test]
fn select_rendezvous_between_two_selects() {
    let (s, r) = bounded::<i32>(0);
    let (_s_idle, r_idle) = bounded::<i32>(0);
    thread::scope(|scope| {
        scope.spawn(|| {
            for i in 0..100 {
                select! {
                    send(s, i) -> res => res.unwrap(),
                    recv(r_idle) -> _m => unreachable!(),
                }
            }
        });
        for i in 0..100 {
            select! {
                recv(r) -> m => assert_eq!(m, Ok(i)),
                recv(r_idle) -> _m => unreachable!(),
            }
        }
    });
}

#[test]
fn select_is_fair_and_biased_is_not() {
    let (s1, r1) = unbounded::<()>();
    let (s2, r2) = unbounded::<()>();
    let rounds = if cfg!(miri) { 40 } else { 2000 };
    for _ in 0..rounds {
        s1.send(()).unwrap();
        s2.send(()).unwrap();
    }
    let mut counts = [0usize; 2];
    for _ in 0..rounds {
        select! {
            recv(r1) -> _m => counts[0] += 1,
            recv(r2) -> _m => counts[1] += 1,
        }
    }
    assert!(
        counts[0] > rounds / 10 && counts[1] > rounds / 10,
        "{counts:?}"
    );
    // Drain, refill, and check that the biased select always takes r1.
    while r1.try_recv().is_ok() || r2.try_recv().is_ok() {}
    for _ in 0..10 {
        s1.send(()).unwrap();
        s2.send(()).unwrap();
    }
    for _ in 0..10 {
        let first = select_biased! {
            recv(r1) -> _m => true,
            recv(r2) -> _m => false,
        };
        assert!(first);
    }
}

#[test]
fn select_builder_ready_and_remove() {
    let (s, r) = bounded::<i32>(1);
    let (_s2, r2) = bounded::<i32>(1);
    let mut sel = Select::new();
    let i_send = sel.send(&s);
    let i_recv = sel.recv(&r);
    let i_idle = sel.recv(&r2);
    assert_eq!(sel.ready(), i_send);
    let oper = sel.select();
    assert_eq!(oper.index(), i_send);
    oper.send(&s, 1).unwrap();
    sel.remove(i_send);
    assert_eq!(sel.ready(), i_recv);
    sel.remove(i_recv);
    assert!(sel.try_ready().is_err());
    assert!(sel.ready_timeout(SHORT).is_err());
    assert!(sel.select_timeout(SHORT).is_err());
    sel.remove(i_idle);
    assert!(sel.try_select().is_err());
    assert_eq!(r.recv(), Ok(1));
}

#[test]
fn ready_wakes_when_a_message_arrives() {
    for (name, (s, r)) in all::<i32>() {
        thread::scope(|scope| {
            scope.spawn(|| {
                thread::sleep(SHORT);
                // For bounded(0) the send waits for the receive below.
                s.send(1).unwrap();
            });
            let mut sel = Select::new();
            let i = sel.recv(&r);
            assert_eq!(sel.ready(), i, "{name}");
            assert_eq!(r.recv(), Ok(1), "{name}");
        });
    }
}

#[test]
#[should_panic(expected = "passed a receiver that wasn't selected")]
fn completing_with_another_channel_panics() {
    let (s, r) = unbounded::<i32>();
    let (_s2, r2) = unbounded::<i32>();
    s.send(1).unwrap();
    let mut sel = Select::new();
    sel.recv(&r);
    let oper = sel.select();
    let _ = oper.recv(&r2);
}
