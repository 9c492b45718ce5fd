//! The rendezvous flavor (`bounded(0)`): a send completes only when a
//! receiver takes the message, hand to hand.
//!
//! Algorithm: waiter lists under one mutex, with the message passed through
//! a *packet* owned by the party that waits, as in crossbeam-channel's zero
//! flavor (and Go's unbuffered channels). A thread that finds a waiting
//! peer pairs with it (selects its context), then moves the message through
//! the peer's packet; a thread that finds none registers itself, with its
//! packet, and parks.
//!
//! Packets: a plain blocking `send`/`recv` keeps its packet on its own stack
//! (`on_stack`); it does not return before the peer has set `ready`, so the
//! packet outlives every access. A `select` cannot know which operation will
//! win, so it puts an empty packet for each rendezvous operation on the
//! heap; whoever consumes the message frees it.
//!
//! Invariants:
//! - `inner` (mutex): the waiter lists and the disconnect flag change only
//!   under it, so pairing (finding a peer and removing it from the list) is
//!   atomic with respect to every other pairing and to disconnection.
//! - `packet.ready` (Release by the second party, Acquire by the first):
//!   the message moved. For a stack packet the second party is the one that
//!   paired with the packet's owner, and after `ready` it never touches the
//!   packet again; for a heap packet written by a selecting sender, the
//!   reader waits for `ready` before taking the message and freeing it.
//!
//! Models: `tests/models.rs` (`rendezvous_*`,
//! `disconnect_wakes_blocked_rendezvous_receiver`,
//! `select_over_two_rendezvous_receivers_pairs_once`).

use crate::backoff::Backoff;
use crate::context::{Context, Operation, Selected};
use crate::deadline::Deadline;
use crate::err::{RecvTimeoutError, SendTimeoutError, TryRecvError, TrySendError};
use crate::select::{SelectHandle, Token};
use crate::waker::Waker;
use fearless_core::sync::atomic::{AtomicBool, Ordering};
use fearless_core::sync::cell::UnsafeCell;
use fearless_core::sync::{Mutex, MutexGuard};
use std::marker::PhantomData;
use std::ptr;
use std::time::Instant;

/// Where one message changes hands.
struct Packet<T> {
    /// On the waiting thread's stack (`true`) or on the heap (`false`).
    on_stack: bool,
    /// The message has moved (see the module docs).
    ready: AtomicBool,
    msg: UnsafeCell<Option<T>>,
}

impl<T> Packet<T> {
    fn empty_on_stack() -> Packet<T> {
        Packet {
            on_stack: true,
            ready: AtomicBool::new(false),
            msg: UnsafeCell::new(None),
        }
    }

    fn message_on_stack(msg: T) -> Packet<T> {
        Packet {
            on_stack: true,
            ready: AtomicBool::new(false),
            msg: UnsafeCell::new(Some(msg)),
        }
    }

    fn empty_on_heap() -> Box<Packet<T>> {
        Box::new(Packet {
            on_stack: false,
            ready: AtomicBool::new(false),
            msg: UnsafeCell::new(None),
        })
    }

    /// Waits for the peer to finish with the packet. The peer is running
    /// (it just paired with us), so this is a short wait.
    fn wait_ready(&self) {
        let backoff = Backoff::new();
        // Acquire: pairs with the peer's Release store of `ready`.
        while !self.ready.load(Ordering::Acquire) {
            backoff.snooze();
        }
    }

    /// Takes the message out.
    ///
    /// # Safety
    /// The caller must have exclusive access to the message (per the
    /// protocol in the module docs).
    unsafe fn take(&self) -> T {
        // SAFETY: exclusive access, guaranteed by the caller.
        self.msg
            .with_mut(|p| unsafe { (*p).take() })
            .expect("a paired packet holds a message")
    }

    /// Puts the message in.
    ///
    /// # Safety
    /// As for `take`.
    unsafe fn put(&self, msg: T) {
        // SAFETY: exclusive access, guaranteed by the caller.
        self.msg.with_mut(|p| unsafe { *p = Some(msg) });
    }
}

/// What pairing hands from `start_*` to `read`/`write`.
#[derive(Debug)]
pub(crate) struct ZeroToken(*mut ());

impl Default for ZeroToken {
    fn default() -> Self {
        ZeroToken(ptr::null_mut())
    }
}

struct Inner {
    senders: Waker,
    receivers: Waker,
    is_disconnected: bool,
}

/// Which side of the channel an operation is on.
#[derive(Clone, Copy)]
enum Dir {
    Send,
    Recv,
}

impl Inner {
    /// The waiter list of `dir`'s side, and the list of its peers.
    fn lists(&mut self, dir: Dir) -> (&mut Waker, &mut Waker) {
        match dir {
            Dir::Send => (&mut self.senders, &mut self.receivers),
            Dir::Recv => (&mut self.receivers, &mut self.senders),
        }
    }

    /// Pairs an operation on `dir`'s side with a waiting peer: `Some` of
    /// the token's packet (null if disconnected), `None` if nobody waits.
    fn pair(&mut self, dir: Dir) -> Option<*mut ()> {
        if let Some(entry) = self.lists(dir).1.try_select() {
            Some(entry.packet.0)
        } else if self.is_disconnected {
            Some(ptr::null_mut())
        } else {
            None
        }
    }

    /// Whether an operation on `dir`'s side could pair now.
    fn ready(&mut self, dir: Dir) -> bool {
        self.lists(dir).1.can_select() || self.is_disconnected
    }
}

/// A zero-capacity channel.
pub(crate) struct Channel<T> {
    inner: Mutex<Inner>,
    _marker: PhantomData<T>,
}

// SAFETY: messages of type `T: Send` cross threads only through packets,
// under the protocol above.
unsafe impl<T: Send> Send for Channel<T> {}
// SAFETY: as above; all shared state is behind the mutex or in packets.
unsafe impl<T: Send> Sync for Channel<T> {}

impl<T> Channel<T> {
    pub(crate) fn new() -> Self {
        Channel {
            inner: Mutex::new(Inner {
                senders: Waker::default(),
                receivers: Waker::default(),
                is_disconnected: false,
            }),
            _marker: PhantomData,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // No user code runs under the lock, so it is never poisoned by a
        // panic of ours; recover anyway.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Pairs an operation on `dir`'s side with a waiting peer. `false`:
    /// none is waiting.
    fn start(&self, dir: Dir, token: &mut Token) -> bool {
        match self.lock().pair(dir) {
            Some(packet) => {
                token.zero.0 = packet;
                true
            }
            None => false,
        }
    }

    /// Lists the calling thread on `dir`'s side with its stack `packet`
    /// (the caller holds `inner`'s lock and found no peer), parks until a
    /// peer, a disconnect or the deadline selects it, and unlists it unless
    /// a peer paired with it (then the peer already did).
    fn wait_for_peer(
        &self,
        mut inner: MutexGuard<'_, Inner>,
        dir: Dir,
        packet: *mut (),
        deadline: &mut Deadline,
    ) -> Selected {
        let cx = Context::cached();
        let oper = Operation::new(0);
        let (mine, peers) = inner.lists(dir);
        mine.register_with_packet(oper, packet, &cx);
        peers.notify_observers();
        drop(inner);
        let sel = cx.wait_until(deadline);
        if !matches!(sel, Selected::Operation(_)) {
            self.lock().lists(dir).0.unregister(oper, &cx);
        }
        sel
    }

    /// Hands `msg` to the receiver paired by `start(Dir::Send, ..)`.
    ///
    /// # Safety
    /// `token` must come from a successful `start(Dir::Send, ..)` (or a send
    /// `accept`) on this channel and be used once.
    pub(crate) unsafe fn write(&self, token: &mut Token, msg: T) -> Result<(), T> {
        if token.zero.0.is_null() {
            return Err(msg);
        }
        // SAFETY: the packet belongs to the receiver we paired with; it
        // stays alive until we set `ready` (stack) or until its reader
        // frees it after `ready` (heap).
        let packet = unsafe { &*(token.zero.0 as *const Packet<T>) };
        // SAFETY: until `ready`, the packet's message is ours alone.
        unsafe { packet.put(msg) };
        // Release: publishes the message to the receiver's `wait_ready`.
        packet.ready.store(true, Ordering::Release);
        Ok(())
    }

    /// Takes the message from the sender paired by `start(Dir::Recv, ..)`.
    ///
    /// # Safety
    /// `token` must come from a successful `start(Dir::Recv, ..)` (or a receive
    /// `accept`) on this channel and be used once.
    pub(crate) unsafe fn read(&self, token: &mut Token) -> Result<T, ()> {
        if token.zero.0.is_null() {
            return Err(());
        }
        let packet = token.zero.0 as *mut Packet<T>;
        // SAFETY: the sender we paired with keeps its packet alive: a stack
        // packet until we set `ready`, a heap packet until we free it.
        let on_stack = unsafe { (*packet).on_stack };
        if on_stack {
            // A blocked `send`: its message is already in the packet.
            // SAFETY: paired, so the message is ours until `ready`.
            let msg = unsafe { (*packet).take() };
            // Release: tells the sender we are done with its stack packet.
            // SAFETY: the packet is alive until this store is seen.
            unsafe { (*packet).ready.store(true, Ordering::Release) };
            Ok(msg)
        } else {
            // A select's send operation: wait for it to write, then take the
            // message and free the packet.
            // SAFETY: heap packets are freed only by their reader: us.
            unsafe { (*packet).wait_ready() };
            // SAFETY: `ready` acquired: the writer is done with it.
            let msg = unsafe { (*packet).take() };
            // SAFETY: allocated by `Box::into_raw` in `register`; nobody
            // else holds it any more.
            drop(unsafe { Box::from_raw(packet) });
            Ok(msg)
        }
    }

    pub(crate) fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        let mut token = Token::default();
        if self.start(Dir::Send, &mut token) {
            // SAFETY: paired just now.
            unsafe { self.write(&mut token, msg) }.map_err(TrySendError::Disconnected)
        } else {
            Err(TrySendError::Full(msg))
        }
    }

    pub(crate) fn send(
        &self,
        msg: T,
        deadline: Option<Instant>,
    ) -> Result<(), SendTimeoutError<T>> {
        let mut token = Token::default();
        let mut deadline = Deadline::new(deadline);
        let mut inner = self.lock();
        if let Some(packet) = inner.pair(Dir::Send) {
            drop(inner);
            token.zero.0 = packet;
            // SAFETY: paired just now.
            return unsafe { self.write(&mut token, msg) }.map_err(SendTimeoutError::Disconnected);
        }
        if deadline.has_passed() {
            return Err(SendTimeoutError::Timeout(msg));
        }
        let packet = Packet::message_on_stack(msg);
        let at = &packet as *const Packet<T> as *mut ();
        match self.wait_for_peer(inner, Dir::Send, at, &mut deadline) {
            Selected::Operation(_) => {
                // A receiver paired with us; wait until it took the message.
                packet.wait_ready();
                Ok(())
            }
            sel => {
                // SAFETY: nobody paired with us (our selection was not an
                // operation), and we are unlisted: the packet is ours.
                let msg = unsafe { packet.take() };
                if sel == Selected::Aborted {
                    Err(SendTimeoutError::Timeout(msg))
                } else {
                    Err(SendTimeoutError::Disconnected(msg))
                }
            }
        }
    }

    pub(crate) fn try_recv(&self) -> Result<T, TryRecvError> {
        let mut token = Token::default();
        if self.start(Dir::Recv, &mut token) {
            // SAFETY: paired just now.
            unsafe { self.read(&mut token) }.map_err(|()| TryRecvError::Disconnected)
        } else {
            Err(TryRecvError::Empty)
        }
    }

    pub(crate) fn recv(&self, deadline: Option<Instant>) -> Result<T, RecvTimeoutError> {
        let mut token = Token::default();
        let mut deadline = Deadline::new(deadline);
        let mut inner = self.lock();
        if let Some(packet) = inner.pair(Dir::Recv) {
            drop(inner);
            token.zero.0 = packet;
            // SAFETY: paired just now.
            return unsafe { self.read(&mut token) }.map_err(|()| RecvTimeoutError::Disconnected);
        }
        if deadline.has_passed() {
            return Err(RecvTimeoutError::Timeout);
        }
        let packet = Packet::<T>::empty_on_stack();
        let at = &packet as *const Packet<T> as *mut ();
        match self.wait_for_peer(inner, Dir::Recv, at, &mut deadline) {
            Selected::Operation(_) => {
                // A sender paired with us; wait until it wrote the message.
                packet.wait_ready();
                // SAFETY: `ready` acquired: the sender is done with it.
                Ok(unsafe { packet.take() })
            }
            Selected::Aborted => Err(RecvTimeoutError::Timeout),
            _ => Err(RecvTimeoutError::Disconnected),
        }
    }

    /// Marks the channel disconnected and wakes every waiter; `true` if
    /// this call did it. Both sides call this: nothing is ever buffered.
    pub(crate) fn disconnect(&self) -> bool {
        let mut inner = self.lock();
        if inner.is_disconnected {
            false
        } else {
            inner.is_disconnected = true;
            inner.senders.disconnect();
            inner.receivers.disconnect();
            true
        }
    }
}

impl<T> Channel<T> {
    /// `SelectHandle::register` for `dir`'s side: lists a heap packet.
    fn register_select(&self, dir: Dir, oper: Operation, cx: &Context) -> bool {
        let packet = Box::into_raw(Packet::<T>::empty_on_heap());
        let mut inner = self.lock();
        let (mine, peers) = inner.lists(dir);
        mine.register_with_packet(oper, packet as *mut (), cx);
        peers.notify_observers();
        inner.ready(dir)
    }

    /// `SelectHandle::unregister` for `dir`'s side.
    fn unregister_select(&self, dir: Dir, oper: Operation, cx: &Context) {
        if let Some(entry) = self.lock().lists(dir).0.unregister(oper, cx) {
            // SAFETY: nobody paired with this entry (it was still listed),
            // so its heap packet is unused and ours to free.
            drop(unsafe { Box::from_raw(entry.packet.0 as *mut Packet<T>) });
        }
    }

    /// `SelectHandle::watch` for `dir`'s side.
    fn watch(&self, dir: Dir, oper: Operation, cx: &Context) -> bool {
        let mut inner = self.lock();
        inner.lists(dir).0.watch(oper, cx);
        inner.ready(dir)
    }
}

/// Forwards `SelectHandle` for one side to the `Dir`-generic methods.
macro_rules! select_handle {
    ($side:ident, $dir:expr) => {
        impl<T> SelectHandle for $side<'_, T> {
            fn try_select(&self, token: &mut Token) -> bool {
                self.0.start($dir, token)
            }

            fn register(&self, oper: Operation, cx: &Context) -> bool {
                self.0.register_select($dir, oper, cx)
            }

            fn unregister(&self, oper: Operation, cx: &Context) {
                self.0.unregister_select($dir, oper, cx);
            }

            fn accept(&self, token: &mut Token, cx: &Context) -> bool {
                // The peer that paired with our entry passes the packet
                // (ours back, or its own) through our context.
                token.zero.0 = cx.wait_packet();
                true
            }

            fn is_ready(&self) -> bool {
                self.0.lock().ready($dir)
            }

            fn watch(&self, oper: Operation, cx: &Context) -> bool {
                self.0.watch($dir, oper, cx)
            }

            fn unwatch(&self, oper: Operation, cx: &Context) {
                self.0.lock().lists($dir).0.unwatch(oper, cx);
            }
        }
    };
}

/// The receiving side of a rendezvous channel, as select sees it.
pub(crate) struct RecvSide<'a, T>(pub(crate) &'a Channel<T>);

/// The sending side of a rendezvous channel, as select sees it.
pub(crate) struct SendSide<'a, T>(pub(crate) &'a Channel<T>);

select_handle!(RecvSide, Dir::Recv);
select_handle!(SendSide, Dir::Send);
