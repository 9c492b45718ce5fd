//! Waiting on several channel operations at once.
//!
//! [`Select`] collects send and receive operations, then runs them as one
//! blocking call:
//!
//! 1. try every operation once, starting at a random one (or the first, for
//!    a biased select), and complete the first that can proceed;
//! 2. otherwise register one [`Context`] with every operation's channel and
//!    park; the first peer (or disconnect, or the deadline) to select the
//!    context decides which operation wakes it;
//! 3. unregister everywhere and *accept* the chosen operation: for a
//!    buffered channel that is another try (which can lose to a faster
//!    thread, so the loop repeats); for a rendezvous the peer has already
//!    paired with us and passed its packet, so it cannot fail.
//!
//! The chosen operation is reserved (a slot claimed, a peer paired) before
//! [`SelectedOperation`] is returned, so completing it with
//! [`SelectedOperation::send`] or [`SelectedOperation::recv`] never blocks.
//!
//! Models: `tests/models.rs` (`select_*`,
//! `handoff_never_reaches_a_select_*`).

use crate::chan::{Receiver, Sender};
use crate::context::{Context, Operation, Selected};
use crate::deadline::Deadline;
use crate::err::{
    ReadyTimeoutError, RecvError, SelectTimeoutError, SendError, TryReadyError, TrySelectError,
};
use crate::flavors::{array::ArrayToken, list::ListToken, zero::ZeroToken};
use fearless_core::sync::thread;
use smallvec::SmallVec;
use std::fmt;
use std::marker::PhantomData;
use std::mem;
use std::time::{Duration, Instant};

/// What an operation reserved in `try_select`/`accept`, consumed by the
/// flavor's `read` or `write`.
#[derive(Debug, Default)]
pub(crate) struct Token {
    pub(crate) array: ArrayToken,
    pub(crate) list: ListToken,
    pub(crate) zero: ZeroToken,
    /// The delivery time a timer flavor (`at`, `tick`) handed out.
    pub(crate) timer: Option<Instant>,
}

/// One side of one channel, as select drives it.
pub(crate) trait SelectHandle {
    /// Reserves the operation if it can proceed now (a disconnected
    /// channel "can proceed": it completes with an error).
    fn try_select(&self, token: &mut Token) -> bool;
    /// Registers `cx` to be woken for `oper`; returns whether the operation
    /// is ready already (then the caller must not sleep).
    fn register(&self, oper: Operation, cx: &Context) -> bool;
    /// Undoes `register` (no-op if a peer already took the entry).
    fn unregister(&self, oper: Operation, cx: &Context);
    /// Reserves the operation after `cx` was selected for it.
    fn accept(&self, token: &mut Token, cx: &Context) -> bool;
    /// Whether the operation could proceed now.
    fn is_ready(&self) -> bool;
    /// Like `register`, for `ready`: to be told, not to be paired.
    fn watch(&self, oper: Operation, cx: &Context) -> bool;
    /// Undoes `watch`.
    fn unwatch(&self, oper: Operation, cx: &Context);
    /// When the operation becomes ready by itself, if it does (a timer):
    /// nobody wakes a select for it, so the select wakes itself then.
    fn deadline(&self) -> Option<Instant> {
        None
    }
}

/// How long a select may wait.
#[derive(Clone, Copy)]
enum Timeout {
    Now,
    Never,
    At(Instant),
}

impl Timeout {
    fn deadline(self) -> Deadline {
        match self {
            Timeout::At(at) => Deadline::new(Some(at)),
            _ => Deadline::new(None),
        }
    }
}

/// Puts `ops` in a uniformly random order (Fisher-Yates), as
/// crossbeam-channel does before each select: the first ready operation of
/// a pass is then a uniform pick among the ready ones, and a blocked
/// select registers in random order, so a peer that pairs with the first
/// listed entry picks uniformly too (also when one channel appears several
/// times). A random start followed by the written order would not be
/// uniform: with duplicates, the operation after a run of not-ready ones
/// would win more often.
///
/// The generator is a per-thread xorshift32, read and written back once per
/// shuffle (a select is on the hot path). Under loom a select keeps its
/// written order, so every execution of a model is deterministic (loom
/// explores the interleavings instead).
fn shuffle(ops: &mut [Op<'_>]) {
    #[cfg(not(loom))]
    {
        use std::cell::Cell;
        thread_local! {
            // Any non-zero seed works.
            static STATE: Cell<u32> = const { Cell::new(0x9e37_79b9) };
        }
        if ops.len() < 2 {
            return;
        }
        // Fails only while the thread is being torn down: then the written
        // order is used.
        let _ = STATE.try_with(|s| {
            let mut x = s.get();
            for i in (1..ops.len()).rev() {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                // A uniform index in 0..=i (multiply-shift, no division).
                let j = ((u64::from(x) * (i as u64 + 1)) >> 32) as usize;
                ops.swap(i, j);
            }
            s.set(x);
        });
    }
    #[cfg(loom)]
    let _ = ops;
}

/// Waits without any operation: forever, or until the deadline.
fn sleep_until(timeout: Timeout) {
    match timeout {
        Timeout::Now => {}
        Timeout::Never => crate::deadline::sleep_until(None),
        Timeout::At(at) => crate::deadline::sleep_until(Some(at)),
    }
}

/// The earliest moment a timer among `ops` becomes ready by itself.
fn earliest_timer(ops: &[Op<'_>]) -> Option<Instant> {
    ops.iter().filter_map(|op| op.handle.deadline()).min()
}

/// What a blocked select waits for: its own deadline, or a timer among its
/// operations if that comes first (then it wakes, and its next pass takes
/// the timer's message).
fn wait_deadline(own: &Deadline, timeout: Timeout, ops: &[Op<'_>]) -> Option<Deadline> {
    let timer = earliest_timer(ops)?;
    match timeout {
        Timeout::At(at) if at <= timer => None,
        _ => Some(Deadline::new(Some(timer))),
    }
    .filter(|_| !own.has_passed())
}

/// An operation added to a [`Select`].
#[derive(Clone, Copy)]
struct Op<'a> {
    handle: &'a dyn SelectHandle,
    /// The index `Select::send`/`recv` returned for it.
    index: usize,
    /// The channel's address, to check what `SelectedOperation` is
    /// completed with.
    addr: usize,
    is_send: bool,
}

/// How many operations a [`Select`] keeps without allocating: building a
/// small select per call (the common pattern) allocates nothing; more
/// spill to the heap.
const INLINE_OPS: usize = 4;

/// The operations of a [`Select`].
type Ops<'a> = SmallVec<[Op<'a>; INLINE_OPS]>;

/// The engine of `select*`: returns the reserved operation's position in
/// `ops` and its token, or `None` if the timeout passed. A fair select
/// shuffles `ops` first (see [`shuffle`]).
fn run_select(ops: &mut [Op<'_>], timeout: Timeout, biased: bool) -> Option<(usize, Token)> {
    if ops.is_empty() {
        sleep_until(timeout);
        return None;
    }
    if !biased {
        shuffle(ops);
    }
    let ops = &*ops;
    let mut token = Token::default();
    let mut deadline = timeout.deadline();
    if let Timeout::Now = timeout {
        // Two passes, so that `default` is taken only if nothing was ready
        // across the whole call: an operation seen not ready in the first
        // pass may be ready now while the one that was ready when the
        // first pass looked at the other has just been taken. (crossbeam-
        // channel also looks twice; its `linearizable_default` test is the
        // case: one of two channels always holds a message, and a single
        // pass can miss both.)
        for _ in 0..2 {
            if let Some(i) = ops.iter().position(|op| op.handle.try_select(&mut token)) {
                return Some((i, token));
            }
        }
        return None;
    }
    loop {
        if let Some(i) = ops.iter().position(|op| op.handle.try_select(&mut token)) {
            return Some((i, token));
        }
        if deadline.has_passed() {
            return None;
        }

        let cx = Context::cached();
        let mut sel = Selected::Waiting;
        let mut registered = 0;
        for (i, op) in ops.iter().enumerate() {
            registered += 1;
            if op.handle.register(Operation::new(i), &cx) {
                // Ready already: do not sleep (unless a peer paired with an
                // earlier registration first, which `try_select` reports).
                sel = match cx.try_select(Selected::Aborted) {
                    Ok(()) => Selected::Aborted,
                    Err(first) => first,
                };
                break;
            }
            if !cx.is_waiting() {
                break;
            }
        }
        if sel == Selected::Waiting {
            sel = match wait_deadline(&deadline, timeout, ops) {
                Some(mut timer) => cx.wait_until(&mut timer),
                None => cx.wait_until(&mut deadline),
            };
        }
        for (i, op) in ops[..registered].iter().enumerate() {
            op.handle.unregister(Operation::new(i), &cx);
        }
        if let Selected::Operation(oper) = sel {
            let i = oper.index();
            if ops[i].handle.accept(&mut token, &cx) {
                return Some((i, token));
            }
        }
    }
}

/// The engine of `ready*`: the position in `ops` of an operation that was
/// ready, or `None` if the timeout passed.
fn run_ready(ops: &mut [Op<'_>], timeout: Timeout, biased: bool) -> Option<usize> {
    if ops.is_empty() {
        sleep_until(timeout);
        return None;
    }
    if !biased {
        shuffle(ops);
    }
    let ops = &*ops;
    let mut deadline = timeout.deadline();
    if let Timeout::Now = timeout {
        // Two passes, as in `run_select`.
        return (0..2).find_map(|_| ops.iter().position(|op| op.handle.is_ready()));
    }
    loop {
        if let Some(i) = ops.iter().position(|op| op.handle.is_ready()) {
            return Some(i);
        }
        if deadline.has_passed() {
            return None;
        }

        let cx = Context::cached();
        let mut sel = Selected::Waiting;
        let mut watched = 0;
        for (i, op) in ops.iter().enumerate() {
            watched += 1;
            if op.handle.watch(Operation::new(i), &cx) {
                sel = match cx.try_select(Selected::Operation(Operation::new(i))) {
                    Ok(()) => Selected::Operation(Operation::new(i)),
                    Err(first) => first,
                };
                break;
            }
        }
        if sel == Selected::Waiting {
            sel = match wait_deadline(&deadline, timeout, ops) {
                Some(mut timer) => cx.wait_until(&mut timer),
                None => cx.wait_until(&mut deadline),
            };
        }
        for (i, op) in ops[..watched].iter().enumerate() {
            op.handle.unwatch(Operation::new(i), &cx);
        }
        if let Selected::Operation(oper) = sel {
            return Some(oper.index());
        }
    }
}

/// Waits on several send and receive operations, completing exactly one.
///
/// Add operations with [`send`](Select::send) and [`recv`](Select::recv)
/// (each returns the operation's index), then call one of the `select*`
/// methods. The returned [`SelectedOperation`] has already reserved its
/// operation; complete it with [`SelectedOperation::recv`] or
/// [`SelectedOperation::send`], passing the same channel handle.
///
/// Among several ready operations, [`Select::new`] picks one starting at a
/// random position (so no operation starves); [`Select::new_biased`] tries
/// them in the order they were added.
///
/// ```
/// use fearless_channels::{Select, unbounded};
///
/// let (s1, r1) = unbounded::<i32>();
/// let (_s2, r2) = unbounded::<i32>();
/// s1.send(10).unwrap();
///
/// let mut sel = Select::new();
/// let i1 = sel.recv(&r1);
/// let i2 = sel.recv(&r2);
/// let oper = sel.select();
/// match oper.index() {
///     i if i == i1 => assert_eq!(oper.recv(&r1), Ok(10)),
///     i if i == i2 => unreachable!("r2 is empty"),
///     _ => unreachable!(),
/// }
/// ```
pub struct Select<'a> {
    ops: Ops<'a>,
    next_index: usize,
    biased: bool,
}

impl<'a> Select<'a> {
    /// An empty, fair select.
    ///
    /// ```
    /// let mut sel = fearless_channels::Select::new();
    /// assert!(sel.try_select().is_err()); // no operations: nothing is ready
    /// ```
    pub fn new() -> Select<'a> {
        Select {
            ops: Ops::new(),
            next_index: 0,
            biased: false,
        }
    }

    /// An empty select that prefers earlier-added operations.
    ///
    /// ```
    /// use fearless_channels::{Select, unbounded};
    /// let (s1, r1) = unbounded();
    /// let (s2, r2) = unbounded();
    /// s1.send(1).unwrap();
    /// s2.send(2).unwrap();
    /// let mut sel = Select::new_biased();
    /// let first = sel.recv(&r1);
    /// sel.recv(&r2);
    /// let oper = sel.select();
    /// assert_eq!(oper.index(), first);
    /// assert_eq!(oper.recv(&r1), Ok(1));
    /// ```
    pub fn new_biased() -> Select<'a> {
        Select {
            ops: Ops::new(),
            next_index: 0,
            biased: true,
        }
    }

    /// Adds a send operation on `s`; returns its index.
    ///
    /// ```
    /// let (s, r) = fearless_channels::bounded(1);
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.send(&s);
    /// let oper = sel.select();
    /// assert_eq!(oper.index(), i);
    /// oper.send(&s, 7).unwrap();
    /// assert_eq!(r.recv(), Ok(7));
    /// ```
    #[inline]
    pub fn send<T>(&mut self, s: &'a Sender<T>) -> usize {
        self.push(s, s.addr().addr(), true)
    }

    /// Adds a receive operation on `r`; returns its index.
    ///
    /// ```
    /// let (s, r) = fearless_channels::bounded(1);
    /// s.send(7).unwrap();
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.recv(&r);
    /// let oper = sel.select();
    /// assert_eq!(oper.index(), i);
    /// assert_eq!(oper.recv(&r), Ok(7));
    /// ```
    #[inline]
    pub fn recv<T>(&mut self, r: &'a Receiver<T>) -> usize {
        self.push(r, r.addr().addr(), false)
    }

    #[inline]
    fn push(&mut self, handle: &'a dyn SelectHandle, addr: usize, is_send: bool) -> usize {
        let index = self.next_index;
        self.next_index += 1;
        self.ops.push(Op {
            handle,
            index,
            addr,
            is_send,
        });
        index
    }

    /// Removes the operation with `index`.
    ///
    /// # Panics
    /// If no operation has that index (never added, or removed already),
    /// with crossbeam-channel's messages.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded::<i32>();
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.recv(&r);
    /// sel.remove(i);
    /// s.send(1).unwrap();
    /// assert!(sel.try_select().is_err());
    /// ```
    pub fn remove(&mut self, index: usize) {
        assert!(
            index < self.next_index,
            "index out of bounds; {} >= {}",
            index,
            self.next_index,
        );
        let pos = self
            .ops
            .iter()
            .position(|op| op.index == index)
            .expect("no operation with this index");
        self.ops.swap_remove(pos);
    }

    fn selected(&self, found: Option<(usize, Token)>) -> Option<SelectedOperation<'a>> {
        found.map(|(pos, token)| SelectedOperation {
            token,
            index: self.ops[pos].index,
            addr: self.ops[pos].addr,
            is_send: self.ops[pos].is_send,
            _lifetime: PhantomData,
        })
    }

    /// Completes-ready check without blocking: reserves an operation that
    /// can proceed now, if any.
    ///
    /// ```
    /// let (_s, r) = fearless_channels::unbounded::<i32>();
    /// let mut sel = fearless_channels::Select::new();
    /// sel.recv(&r);
    /// assert!(sel.try_select().is_err());
    /// ```
    pub fn try_select(&mut self) -> Result<SelectedOperation<'a>, TrySelectError> {
        let found = run_select(&mut self.ops, Timeout::Now, self.biased);
        self.selected(found).ok_or(TrySelectError)
    }

    /// Blocks until one operation can proceed, and reserves it.
    ///
    /// # Panics
    /// If no operation has been added (it would block forever), as
    /// crossbeam-channel's: "no operations have been added to `Select`".
    ///
    /// ```
    /// let (s, r) = fearless_channels::bounded(0);
    /// std::thread::scope(|scope| {
    ///     scope.spawn(move || s.send(3).unwrap());
    ///     let mut sel = fearless_channels::Select::new();
    ///     sel.recv(&r);
    ///     assert_eq!(sel.select().recv(&r), Ok(3));
    /// });
    /// ```
    pub fn select(&mut self) -> SelectedOperation<'a> {
        if self.ops.is_empty() {
            panic!("no operations have been added to `Select`");
        }
        let found = run_select(&mut self.ops, Timeout::Never, self.biased);
        self.selected(found)
            .expect("a select without deadline returned")
    }

    /// Like [`select`](Select::select), but gives up after `timeout`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let (_s, r) = fearless_channels::unbounded::<i32>();
    /// let mut sel = fearless_channels::Select::new();
    /// sel.recv(&r);
    /// assert!(sel.select_timeout(Duration::from_millis(10)).is_err());
    /// ```
    pub fn select_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<SelectedOperation<'a>, SelectTimeoutError> {
        match Instant::now().checked_add(timeout) {
            Some(deadline) => self.select_deadline(deadline),
            None => Ok(self.select()),
        }
    }

    /// Like [`select`](Select::select), but gives up at `deadline`.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let (s, r) = fearless_channels::unbounded();
    /// s.send(1).unwrap();
    /// let mut sel = fearless_channels::Select::new();
    /// sel.recv(&r);
    /// let oper = sel.select_deadline(Instant::now() + Duration::from_secs(1)).unwrap();
    /// assert_eq!(oper.recv(&r), Ok(1));
    /// ```
    pub fn select_deadline(
        &mut self,
        deadline: Instant,
    ) -> Result<SelectedOperation<'a>, SelectTimeoutError> {
        let found = run_select(&mut self.ops, Timeout::At(deadline), self.biased);
        self.selected(found).ok_or(SelectTimeoutError)
    }

    /// The index of an operation that is ready now, without reserving it
    /// (by the time it is attempted, another thread may have taken it).
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.recv(&r);
    /// assert!(sel.try_ready().is_err());
    /// s.send(1).unwrap();
    /// assert_eq!(sel.try_ready(), Ok(i));
    /// ```
    pub fn try_ready(&mut self) -> Result<usize, TryReadyError> {
        run_ready(&mut self.ops, Timeout::Now, self.biased)
            .map(|pos| self.ops[pos].index)
            .ok_or(TryReadyError)
    }

    /// Blocks until some operation is ready and returns its index, without
    /// reserving it.
    ///
    /// # Panics
    /// If no operation has been added, as [`select`](Select::select).
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// s.send(1).unwrap();
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.recv(&r);
    /// assert_eq!(sel.ready(), i);
    /// assert_eq!(r.try_recv(), Ok(1));
    /// ```
    pub fn ready(&mut self) -> usize {
        if self.ops.is_empty() {
            panic!("no operations have been added to `Select`");
        }
        let pos = run_ready(&mut self.ops, Timeout::Never, self.biased)
            .expect("a ready without deadline returned");
        self.ops[pos].index
    }

    /// Like [`ready`](Select::ready), but gives up after `timeout`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let (_s, r) = fearless_channels::unbounded::<i32>();
    /// let mut sel = fearless_channels::Select::new();
    /// sel.recv(&r);
    /// assert!(sel.ready_timeout(Duration::from_millis(10)).is_err());
    /// ```
    pub fn ready_timeout(&mut self, timeout: Duration) -> Result<usize, ReadyTimeoutError> {
        match Instant::now().checked_add(timeout) {
            Some(deadline) => self.ready_deadline(deadline),
            None => Ok(self.ready()),
        }
    }

    /// Like [`ready`](Select::ready), but gives up at `deadline`.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let (s, _r) = fearless_channels::bounded::<i32>(1);
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.send(&s);
    /// assert_eq!(sel.ready_deadline(Instant::now() + Duration::from_secs(1)), Ok(i));
    /// ```
    pub fn ready_deadline(&mut self, deadline: Instant) -> Result<usize, ReadyTimeoutError> {
        run_ready(&mut self.ops, Timeout::At(deadline), self.biased)
            .map(|pos| self.ops[pos].index)
            .ok_or(ReadyTimeoutError)
    }
}

// SAFETY: a `Select` holds shared references to channel handles and only
// ever calls their `SelectHandle` methods, which reserve slots, register
// the calling thread's context, and read atomics: none of them moves, reads
// or drops a message (`T`), and each is safe to call from any thread on a
// handle that is shared (the flavors synchronize through atomics and
// mutexes, all `Sync`). Messages move only in `SelectedOperation::send`/
// `recv`, which take the `Sender`/`Receiver` again, so the usual `T: Send`
// bounds on sharing those handles still apply. crossbeam-channel's
// `Select` is `Send + Sync` on the same grounds.
unsafe impl Send for Select<'_> {}
// SAFETY: as above; `&Select` offers no method at all.
unsafe impl Sync for Select<'_> {}

impl Default for Select<'_> {
    fn default() -> Self {
        Select::new()
    }
}

impl Clone for Select<'_> {
    fn clone(&self) -> Self {
        Select {
            ops: self.ops.clone(),
            next_index: self.next_index,
            biased: self.biased,
        }
    }
}

impl fmt::Debug for Select<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Select")
            .field("operations", &self.ops.len())
            .field("biased", &self.biased)
            .finish()
    }
}

/// An operation chosen and reserved by a [`Select`]; complete it with
/// [`recv`](SelectedOperation::recv) or [`send`](SelectedOperation::send).
///
/// # Panics
/// Dropping it without completing it panics: the reservation (a claimed
/// slot, a paired peer) would otherwise be left dangling.
#[must_use = "a selected operation must be completed with `send` or `recv`"]
pub struct SelectedOperation<'a> {
    token: Token,
    index: usize,
    addr: usize,
    is_send: bool,
    _lifetime: PhantomData<&'a ()>,
}

impl SelectedOperation<'_> {
    /// The index of the chosen operation, as returned when it was added.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// s.send(()).unwrap();
    /// let mut sel = fearless_channels::Select::new();
    /// let i = sel.recv(&r);
    /// let oper = sel.select();
    /// assert_eq!(oper.index(), i);
    /// oper.recv(&r).unwrap();
    /// ```
    pub fn index(&self) -> usize {
        self.index
    }

    /// Completes a send operation with `msg`; fails (returning `msg`) if
    /// the channel is disconnected.
    ///
    /// # Panics
    /// If the chosen operation is not a send on `s`'s channel.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// let mut sel = fearless_channels::Select::new();
    /// sel.send(&s);
    /// sel.select().send(&s, 5).unwrap();
    /// assert_eq!(r.recv(), Ok(5));
    /// ```
    pub fn send<T>(mut self, s: &Sender<T>, msg: T) -> Result<(), SendError<T>> {
        assert!(
            self.is_send && s.addr().addr() == self.addr,
            "passed a sender that wasn't selected"
        );
        // SAFETY: the token was reserved by `try_select`/`accept` of this
        // very channel's sending side (checked above) and is used once
        // (`self` is forgotten below).
        let res = unsafe { s.write(&mut self.token, msg) };
        mem::forget(self);
        res.map_err(SendError)
    }

    /// Completes a receive operation; fails if the channel is empty and
    /// disconnected.
    ///
    /// # Panics
    /// If the chosen operation is not a receive on `r`'s channel.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded::<i32>();
    /// drop(s);
    /// let mut sel = fearless_channels::Select::new();
    /// sel.recv(&r);
    /// assert!(sel.select().recv(&r).is_err());
    /// ```
    pub fn recv<T>(mut self, r: &Receiver<T>) -> Result<T, RecvError> {
        assert!(
            !self.is_send && r.addr().addr() == self.addr,
            "passed a receiver that wasn't selected"
        );
        // SAFETY: the token was reserved by `try_select`/`accept` of this
        // very channel's receiving side (checked above) and is used once.
        let res = unsafe { r.read(&mut self.token) };
        mem::forget(self);
        res.map_err(|()| RecvError)
    }
}

impl fmt::Debug for SelectedOperation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SelectedOperation")
            .field("index", &self.index)
            .finish_non_exhaustive()
    }
}

impl Drop for SelectedOperation<'_> {
    fn drop(&mut self) {
        if !thread::panicking() {
            panic!("dropped `SelectedOperation` without completing the operation");
        }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::unbounded;

    #[test]
    fn more_operations_than_fit_inline_spill_and_remove() {
        let chans: Vec<_> = (0..INLINE_OPS + 2).map(|_| unbounded::<usize>()).collect();
        let mut sel = Select::new_biased();
        let idx: Vec<usize> = chans.iter().map(|(_, r)| sel.recv(r)).collect();
        // Remove one inline-era operation and one spilled one.
        sel.remove(idx[0]);
        sel.remove(idx[INLINE_OPS + 1]);
        chans[0].0.send(0).unwrap();
        assert!(
            sel.try_select().is_err(),
            "a removed operation was selected"
        );
        chans[INLINE_OPS].0.send(7).unwrap();
        let oper = sel.select();
        assert_eq!(oper.index(), idx[INLINE_OPS]);
        assert_eq!(oper.recv(&chans[INLINE_OPS].1), Ok(7));
        let mut small = Select::new();
        let i = small.recv(&chans[1].1);
        small.remove(i);
        assert!(small.try_select().is_err());
        let j = small.recv(&chans[0].1);
        let oper = small.clone().select();
        assert_eq!(oper.index(), j);
        assert_eq!(oper.recv(&chans[0].1), Ok(0));
    }
}
