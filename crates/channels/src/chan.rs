//! The channel handles: [`Sender`], [`Receiver`], their iterators, and the
//! constructors [`bounded`] and [`unbounded`].

use crate::context::{Context, Operation};
use crate::counter::Counter;
use crate::err::{
    RecvError, RecvTimeoutError, SendError, SendTimeoutError, TryRecvError, TrySendError,
};
use crate::flavors::{array, at, list, never, tick, zero};
use crate::select::{SelectHandle, Token};
use fearless_core::sync::Arc;
use std::fmt;
use std::iter::FusedIterator;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::time::{Duration, Instant};

/// Which implementation backs a channel.
enum Flavor<T> {
    /// `bounded(cap)`, `cap >= 1`.
    Array(Arc<Counter<array::Channel<T>>>),
    /// `unbounded()`.
    List(Arc<Counter<list::Channel<T>>>),
    /// `bounded(0)`.
    Zero(Arc<Counter<zero::Channel<T>>>),
}

impl<T> Flavor<T> {
    fn ptr(&self) -> *const u8 {
        match self {
            Flavor::Array(c) => Arc::as_ptr(c) as *const u8,
            Flavor::List(c) => Arc::as_ptr(c) as *const u8,
            Flavor::Zero(c) => Arc::as_ptr(c) as *const u8,
        }
    }

    fn len(&self) -> usize {
        match self {
            Flavor::Array(c) => c.chan.len(),
            Flavor::List(c) => c.chan.len(),
            Flavor::Zero(_) => 0,
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Flavor::Array(c) => c.chan.is_empty(),
            Flavor::List(c) => c.chan.is_empty(),
            Flavor::Zero(_) => true,
        }
    }

    fn is_full(&self) -> bool {
        match self {
            Flavor::Array(c) => c.chan.is_full(),
            Flavor::List(_) => false,
            Flavor::Zero(_) => true,
        }
    }

    fn capacity(&self) -> Option<usize> {
        match self {
            Flavor::Array(c) => Some(c.chan.capacity()),
            Flavor::List(_) => None,
            Flavor::Zero(_) => Some(0),
        }
    }

    fn clone_handle(&self) -> Flavor<T> {
        match self {
            Flavor::Array(c) => Flavor::Array(Arc::clone(c)),
            Flavor::List(c) => Flavor::List(Arc::clone(c)),
            Flavor::Zero(c) => Flavor::Zero(Arc::clone(c)),
        }
    }
}

/// What backs a [`Receiver`]: a channel shared with senders, or one of the
/// receiver-only timer flavors.
enum RecvFlavor<T> {
    /// `bounded`/`unbounded`.
    Chan(Flavor<T>),
    /// `after`/`at`: one message at a deadline.
    At(Arc<at::Channel<T>>),
    /// `tick`: a message every period.
    Tick(Arc<tick::Channel<T>>),
    /// `never`: nothing, ever.
    Never(never::Channel<T>),
}

/// Runs `$body` with `$chan` bound to the receiver's channel, whatever its
/// flavor (each has `recv(deadline)`, `try_recv` and `read`).
macro_rules! with_recv {
    ($flavor:expr, |$chan:ident| $body:expr) => {
        match $flavor {
            RecvFlavor::Chan(f) => with_chan!(f, |$chan| $body),
            RecvFlavor::At(c) => {
                let $chan = &**c;
                $body
            }
            RecvFlavor::Tick(c) => {
                let $chan = &**c;
                $body
            }
            RecvFlavor::Never(c) => {
                let $chan = c;
                $body
            }
        }
    };
}

/// Runs `$body` with `$chan` bound to the flavor's channel.
macro_rules! with_chan {
    ($flavor:expr, |$chan:ident| $body:expr) => {
        match $flavor {
            Flavor::Array(c) => {
                let $chan = &c.chan;
                $body
            }
            Flavor::List(c) => {
                let $chan = &c.chan;
                $body
            }
            Flavor::Zero(c) => {
                let $chan = &c.chan;
                $body
            }
        }
    };
}

/// Creates a channel that holds at most `cap` messages.
///
/// `bounded(0)` is a *rendezvous* channel: a send completes only when a
/// receiver takes the message, hand to hand. Senders block while the
/// channel is full; receivers block while it is empty.
///
/// ```
/// use fearless_channels::{bounded, TrySendError};
///
/// let (s, r) = bounded(1);
/// s.send(1).unwrap();
/// assert_eq!(s.try_send(2), Err(TrySendError::Full(2)));
/// assert_eq!(r.recv(), Ok(1));
///
/// // A rendezvous: the send waits for the receiver.
/// let (s, r) = bounded(0);
/// std::thread::scope(|scope| {
///     scope.spawn(move || s.send("hi").unwrap());
///     assert_eq!(r.recv(), Ok("hi"));
/// });
/// ```
pub fn bounded<T>(cap: usize) -> (Sender<T>, Receiver<T>) {
    if cap == 0 {
        let c = Counter::new(zero::Channel::new());
        (
            Sender {
                flavor: Flavor::Zero(Arc::clone(&c)),
            },
            Receiver {
                flavor: RecvFlavor::Chan(Flavor::Zero(c)),
            },
        )
    } else {
        let c = Counter::new(array::Channel::with_capacity(cap));
        (
            Sender {
                flavor: Flavor::Array(Arc::clone(&c)),
            },
            Receiver {
                flavor: RecvFlavor::Chan(Flavor::Array(c)),
            },
        )
    }
}

/// Creates a channel of unlimited capacity: sends never block.
///
/// Memory grows with the number of buffered messages and is given back as
/// they are received.
///
/// ```
/// let (s, r) = fearless_channels::unbounded();
/// for i in 0..1000 {
///     s.send(i).unwrap();
/// }
/// drop(s);
/// assert_eq!(r.iter().sum::<i32>(), 499_500);
/// ```
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    let c = Counter::new(list::Channel::new());
    (
        Sender {
            flavor: Flavor::List(Arc::clone(&c)),
        },
        Receiver {
            flavor: RecvFlavor::Chan(Flavor::List(c)),
        },
    )
}

/// Creates a receiver that delivers one message, the time it was due,
/// after `duration`. No thread is started: the receiver (or a select that
/// contains it) waits for the deadline itself.
///
/// A `duration` too large for an [`Instant`] gives a receiver that never
/// delivers, as [`never()`] does.
///
/// ```
/// use fearless_channels::{after, select, unbounded};
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// let (_s, idle) = unbounded::<i32>();
/// let timeout = after(Duration::from_millis(10));
/// select! {
///     recv(idle) -> _ => unreachable!("nobody sends"),
///     recv(timeout) -> at => assert!(at.unwrap() >= start + Duration::from_millis(10)),
/// }
/// // One message only.
/// assert!(timeout.try_recv().is_err());
/// ```
pub fn after(duration: Duration) -> Receiver<Instant> {
    match Instant::now().checked_add(duration) {
        Some(when) => at(when),
        None => never(),
    }
}

/// Creates a receiver that delivers one message, `when`, once `when` has
/// passed (at once if it already has). No thread is started.
///
/// ```
/// use std::time::{Duration, Instant};
/// let when = Instant::now() + Duration::from_millis(5);
/// let r = fearless_channels::at(when);
/// assert_eq!(r.recv(), Ok(when));
/// ```
pub fn at(when: Instant) -> Receiver<Instant> {
    Receiver {
        flavor: RecvFlavor::At(Arc::new(at::Channel::new(at::OneShot::new(when), |t| t))),
    }
}

/// Creates a receiver that delivers a message every `duration`: the time
/// each tick was due. Ticks are not queued: a receiver that falls behind
/// gets one pending tick, then the schedule restarts from the moment it
/// took it. No thread is started.
///
/// A `duration` too large for an [`Instant`] gives a receiver that never
/// delivers.
///
/// ```
/// use std::time::{Duration, Instant};
/// let start = Instant::now();
/// let ticker = fearless_channels::tick(Duration::from_millis(5));
/// let first = ticker.recv().unwrap();
/// let second = ticker.recv().unwrap();
/// assert!(first >= start + Duration::from_millis(5));
/// assert!(second >= first + Duration::from_millis(5));
/// ```
pub fn tick(duration: Duration) -> Receiver<Instant> {
    match Instant::now().checked_add(duration) {
        Some(first) => Receiver {
            flavor: RecvFlavor::Tick(Arc::new(tick::Channel::new(
                tick::Periodic::new(first, duration),
                |t| t,
            ))),
        },
        None => never(),
    }
}

/// Creates a receiver that never delivers a message and is never
/// disconnected: `recv` blocks forever, and in a select the operation is
/// never chosen (a way to disable an arm).
///
/// ```
/// use fearless_channels::{never, select, unbounded, Receiver};
/// use std::time::Duration;
///
/// let (s, r) = unbounded();
/// s.send(1).unwrap();
/// // Disable the first arm by swapping its receiver for `never()`.
/// let off: Receiver<i32> = never();
/// select! {
///     recv(off) -> _ => unreachable!(),
///     recv(r) -> msg => assert_eq!(msg, Ok(1)),
/// }
/// assert!(off.recv_timeout(Duration::from_millis(1)).is_err());
/// ```
pub const fn never<T>() -> Receiver<T> {
    Receiver {
        flavor: RecvFlavor::Never(never::Channel::new()),
    }
}

/// A deadline `timeout` from now, or `None` if that is not representable
/// (an effectively infinite timeout).
fn deadline_after(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout)
}

/// The sending side of a channel. Clone it to send from several threads.
///
/// When the last `Sender` is dropped the channel is disconnected: receivers
/// still get every buffered message, then [`RecvError`].
pub struct Sender<T> {
    flavor: Flavor<T>,
}

impl<T> Sender<T> {
    /// Sends `msg`, blocking while the channel is full (for `bounded(0)`:
    /// until a receiver takes it).
    ///
    /// Fails, giving the message back, if every receiver is gone.
    ///
    /// ```
    /// let (s, r) = fearless_channels::bounded(1);
    /// s.send(5).unwrap();
    /// drop(r);
    /// assert_eq!(s.send(6).unwrap_err().into_inner(), 6);
    /// ```
    pub fn send(&self, msg: T) -> Result<(), SendError<T>> {
        with_chan!(&self.flavor, |c| c.send(msg, None)).map_err(|e| match e {
            SendTimeoutError::Disconnected(m) => SendError(m),
            SendTimeoutError::Timeout(_) => unreachable!("a send without deadline timed out"),
        })
    }

    /// Sends `msg` if that is possible without blocking.
    ///
    /// ```
    /// use fearless_channels::{bounded, TrySendError};
    /// let (s, r) = bounded(1);
    /// assert_eq!(s.try_send(1), Ok(()));
    /// assert_eq!(s.try_send(2), Err(TrySendError::Full(2)));
    /// drop(r);
    /// assert_eq!(s.try_send(3), Err(TrySendError::Disconnected(3)));
    /// ```
    pub fn try_send(&self, msg: T) -> Result<(), TrySendError<T>> {
        with_chan!(&self.flavor, |c| c.try_send(msg))
    }

    /// Like [`send`](Sender::send), but gives up after `timeout`.
    ///
    /// ```
    /// use fearless_channels::{bounded, SendTimeoutError};
    /// use std::time::Duration;
    /// let (s, _r) = bounded(0);
    /// assert_eq!(
    ///     s.send_timeout(1, Duration::from_millis(10)),
    ///     Err(SendTimeoutError::Timeout(1))
    /// );
    /// ```
    pub fn send_timeout(&self, msg: T, timeout: Duration) -> Result<(), SendTimeoutError<T>> {
        match deadline_after(timeout) {
            Some(deadline) => self.send_deadline(msg, deadline),
            None => self.send(msg).map_err(SendTimeoutError::from),
        }
    }

    /// Like [`send`](Sender::send), but gives up at `deadline`.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let (s, r) = fearless_channels::bounded(1);
    /// let soon = Instant::now() + Duration::from_millis(10);
    /// assert!(s.send_deadline(1, soon).is_ok());
    /// assert!(s.send_deadline(2, soon).unwrap_err().is_timeout());
    /// assert_eq!(r.recv(), Ok(1));
    /// ```
    pub fn send_deadline(&self, msg: T, deadline: Instant) -> Result<(), SendTimeoutError<T>> {
        with_chan!(&self.flavor, |c| c.send(msg, Some(deadline)))
    }

    /// The number of messages in the channel (always 0 for `bounded(0)`).
    ///
    /// ```
    /// let (s, _r) = fearless_channels::unbounded();
    /// s.send(1).unwrap();
    /// assert_eq!(s.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.flavor.len()
    }

    /// Whether the channel holds no message (always `true` for
    /// `bounded(0)`).
    ///
    /// ```
    /// let (s, _r) = fearless_channels::unbounded::<i32>();
    /// assert!(s.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.flavor.is_empty()
    }

    /// Whether the channel is full (always `true` for `bounded(0)`, never
    /// for `unbounded()`).
    ///
    /// ```
    /// let (s, _r) = fearless_channels::bounded(1);
    /// s.send(1).unwrap();
    /// assert!(s.is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        self.flavor.is_full()
    }

    /// The capacity: `Some(cap)` for `bounded(cap)`, `None` for
    /// `unbounded()`.
    ///
    /// ```
    /// assert_eq!(fearless_channels::bounded::<()>(7).0.capacity(), Some(7));
    /// assert_eq!(fearless_channels::unbounded::<()>().0.capacity(), None);
    /// ```
    pub fn capacity(&self) -> Option<usize> {
        self.flavor.capacity()
    }

    /// Whether `self` and `other` send into the same channel.
    ///
    /// ```
    /// let (s, _r) = fearless_channels::unbounded::<i32>();
    /// assert!(s.same_channel(&s.clone()));
    /// assert!(!s.same_channel(&fearless_channels::unbounded().0));
    /// ```
    pub fn same_channel(&self, other: &Sender<T>) -> bool {
        self.flavor.ptr() == other.flavor.ptr()
    }

    /// The address that identifies the channel (for select's checks).
    pub(crate) fn addr(&self) -> *const u8 {
        self.flavor.ptr()
    }

    /// Writes into the slot or packet that select reserved.
    ///
    /// # Safety
    /// `token` must come from a successful `try_select`/`accept` of this
    /// sender and be used once.
    pub(crate) unsafe fn write(&self, token: &mut Token, msg: T) -> Result<(), T> {
        // SAFETY: forwarded from the caller.
        with_chan!(&self.flavor, |c| unsafe { c.write(token, msg) })
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        match &self.flavor {
            Flavor::Array(c) => {
                if c.release_sender() {
                    c.chan.disconnect_senders();
                }
            }
            Flavor::List(c) => {
                if c.release_sender() {
                    c.chan.disconnect_senders();
                }
            }
            Flavor::Zero(c) => {
                if c.release_sender() {
                    c.chan.disconnect();
                }
            }
        }
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        match &self.flavor {
            Flavor::Array(c) => c.acquire_sender(),
            Flavor::List(c) => c.acquire_sender(),
            Flavor::Zero(c) => c.acquire_sender(),
        }
        Sender {
            flavor: self.flavor.clone_handle(),
        }
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sender { .. }")
    }
}

/// The receiving side of a channel. Clone it to receive from several
/// threads: each message goes to exactly one receiver.
///
/// When the last `Receiver` is dropped the channel is disconnected: every
/// later send fails and returns its message, and the messages still
/// buffered are dropped right away.
pub struct Receiver<T> {
    flavor: RecvFlavor<T>,
}

impl<T> Receiver<T> {
    /// Receives a message, blocking while the channel is empty.
    ///
    /// Fails once the channel is empty and every sender is gone.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// s.send(1).unwrap();
    /// drop(s);
    /// assert_eq!(r.recv(), Ok(1));
    /// assert!(r.recv().is_err());
    /// ```
    pub fn recv(&self) -> Result<T, RecvError> {
        with_recv!(&self.flavor, |c| c.recv(None)).map_err(|e| match e {
            RecvTimeoutError::Disconnected => RecvError,
            RecvTimeoutError::Timeout => unreachable!("a receive without deadline timed out"),
        })
    }

    /// Receives a message if one is available without blocking.
    ///
    /// ```
    /// use fearless_channels::{unbounded, TryRecvError};
    /// let (s, r) = unbounded();
    /// assert_eq!(r.try_recv(), Err(TryRecvError::Empty));
    /// s.send(1).unwrap();
    /// drop(s);
    /// assert_eq!(r.try_recv(), Ok(1));
    /// assert_eq!(r.try_recv(), Err(TryRecvError::Disconnected));
    /// ```
    pub fn try_recv(&self) -> Result<T, TryRecvError> {
        with_recv!(&self.flavor, |c| c.try_recv())
    }

    /// Like [`recv`](Receiver::recv), but gives up after `timeout`.
    ///
    /// ```
    /// use fearless_channels::{unbounded, RecvTimeoutError};
    /// use std::time::Duration;
    /// let (_s, r) = unbounded::<i32>();
    /// assert_eq!(r.recv_timeout(Duration::from_millis(10)), Err(RecvTimeoutError::Timeout));
    /// ```
    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        match deadline_after(timeout) {
            Some(deadline) => self.recv_deadline(deadline),
            None => self.recv().map_err(RecvTimeoutError::from),
        }
    }

    /// Like [`recv`](Receiver::recv), but gives up at `deadline`.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// let (_s, r) = fearless_channels::bounded::<i32>(1);
    /// let soon = Instant::now() + Duration::from_millis(10);
    /// assert!(r.recv_deadline(soon).unwrap_err().is_timeout());
    /// ```
    pub fn recv_deadline(&self, deadline: Instant) -> Result<T, RecvTimeoutError> {
        with_recv!(&self.flavor, |c| c.recv(Some(deadline)))
    }

    /// A blocking iterator: yields messages until the channel is empty and
    /// disconnected.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// s.send(1).unwrap();
    /// s.send(2).unwrap();
    /// drop(s);
    /// assert_eq!(r.iter().collect::<Vec<_>>(), [1, 2]);
    /// ```
    pub fn iter(&self) -> Iter<'_, T> {
        Iter { receiver: self }
    }

    /// A non-blocking iterator: yields the messages available right now.
    ///
    /// ```
    /// let (s, r) = fearless_channels::unbounded();
    /// s.send(1).unwrap();
    /// assert_eq!(r.try_iter().collect::<Vec<_>>(), [1]);
    /// ```
    pub fn try_iter(&self) -> TryIter<'_, T> {
        TryIter { receiver: self }
    }

    /// The number of messages in the channel (always 0 for `bounded(0)`).
    ///
    /// ```
    /// let (s, r) = fearless_channels::bounded(4);
    /// s.send(1).unwrap();
    /// assert_eq!(r.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        match &self.flavor {
            RecvFlavor::Chan(f) => f.len(),
            RecvFlavor::At(c) => c.len(),
            RecvFlavor::Tick(c) => c.len(),
            RecvFlavor::Never(_) => 0,
        }
    }

    /// Whether the channel holds no message (always `true` for
    /// `bounded(0)`).
    ///
    /// ```
    /// let (_s, r) = fearless_channels::bounded::<i32>(4);
    /// assert!(r.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        match &self.flavor {
            RecvFlavor::Chan(f) => f.is_empty(),
            _ => self.len() == 0,
        }
    }

    /// Whether the channel is full (always `true` for `bounded(0)`, never
    /// for `unbounded()`).
    ///
    /// ```
    /// let (s, r) = fearless_channels::bounded(1);
    /// s.send(1).unwrap();
    /// assert!(r.is_full());
    /// ```
    pub fn is_full(&self) -> bool {
        match &self.flavor {
            RecvFlavor::Chan(f) => f.is_full(),
            // A timer holds at most one message; `never` holds none and
            // has no room (capacity 0), as crossbeam-channel's.
            RecvFlavor::At(_) | RecvFlavor::Tick(_) => self.len() == 1,
            RecvFlavor::Never(_) => true,
        }
    }

    /// The capacity: `Some(cap)` for `bounded(cap)`, `None` for
    /// `unbounded()`.
    ///
    /// ```
    /// assert_eq!(fearless_channels::bounded::<()>(0).1.capacity(), Some(0));
    /// ```
    pub fn capacity(&self) -> Option<usize> {
        match &self.flavor {
            RecvFlavor::Chan(f) => f.capacity(),
            RecvFlavor::At(_) | RecvFlavor::Tick(_) => Some(1),
            RecvFlavor::Never(_) => Some(0),
        }
    }

    /// Whether `self` and `other` receive from the same channel.
    ///
    /// ```
    /// let (_s, r) = fearless_channels::unbounded::<i32>();
    /// assert!(r.same_channel(&r.clone()));
    /// ```
    pub fn same_channel(&self, other: &Receiver<T>) -> bool {
        match (&self.flavor, &other.flavor) {
            // Every `never()` is the same (empty) channel, as in crossbeam.
            (RecvFlavor::Never(_), RecvFlavor::Never(_)) => true,
            (RecvFlavor::Never(_), _) | (_, RecvFlavor::Never(_)) => false,
            _ => self.addr() == other.addr(),
        }
    }

    /// The address that identifies the channel (for select's checks; null
    /// for `never`, which is never selected).
    pub(crate) fn addr(&self) -> *const u8 {
        match &self.flavor {
            RecvFlavor::Chan(f) => f.ptr(),
            RecvFlavor::At(c) => Arc::as_ptr(c) as *const u8,
            RecvFlavor::Tick(c) => Arc::as_ptr(c) as *const u8,
            RecvFlavor::Never(_) => std::ptr::null(),
        }
    }

    /// Reads from the slot or packet that select reserved.
    ///
    /// # Safety
    /// `token` must come from a successful `try_select`/`accept` of this
    /// receiver and be used once.
    pub(crate) unsafe fn read(&self, token: &mut Token) -> Result<T, ()> {
        match &self.flavor {
            // SAFETY: forwarded from the caller.
            RecvFlavor::Chan(f) => with_chan!(f, |c| unsafe { c.read(token) }),
            RecvFlavor::At(c) => c.read(token),
            RecvFlavor::Tick(c) => c.read(token),
            RecvFlavor::Never(_) => Err(()),
        }
    }

    /// Blocks allocated by an unbounded channel (`None` for the other
    /// flavors). For tests of memory reclamation.
    #[doc(hidden)]
    pub fn __live_blocks(&self) -> Option<usize> {
        match &self.flavor {
            RecvFlavor::Chan(Flavor::List(c)) => Some(c.chan.live_blocks()),
            _ => None,
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        let RecvFlavor::Chan(flavor) = &self.flavor else {
            // The timers have no senders to tell.
            return;
        };
        match flavor {
            Flavor::Array(c) => {
                if c.release_receiver() {
                    c.chan.disconnect_receivers();
                }
            }
            Flavor::List(c) => {
                if c.release_receiver() {
                    c.chan.disconnect_receivers();
                }
            }
            Flavor::Zero(c) => {
                if c.release_receiver() {
                    c.chan.disconnect();
                }
            }
        }
    }
}

impl<T> Clone for Receiver<T> {
    fn clone(&self) -> Self {
        let flavor = match &self.flavor {
            RecvFlavor::Chan(f) => {
                match f {
                    Flavor::Array(c) => c.acquire_receiver(),
                    Flavor::List(c) => c.acquire_receiver(),
                    Flavor::Zero(c) => c.acquire_receiver(),
                }
                RecvFlavor::Chan(f.clone_handle())
            }
            // A clone shares the timer: each message goes to one of them.
            RecvFlavor::At(c) => RecvFlavor::At(Arc::clone(c)),
            RecvFlavor::Tick(c) => RecvFlavor::Tick(Arc::clone(c)),
            RecvFlavor::Never(_) => RecvFlavor::Never(never::Channel::new()),
        };
        Receiver { flavor }
    }
}

// A panic while a thread holds a handle cannot leave the channel in a state
// another thread could observe as broken: every operation either completes
// or leaves the queue as it was (crossbeam-channel's handles are unwind-safe
// for the same reason).
impl<T> UnwindSafe for Sender<T> {}
impl<T> RefUnwindSafe for Sender<T> {}
impl<T> UnwindSafe for Receiver<T> {}
impl<T> RefUnwindSafe for Receiver<T> {}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receiver { .. }")
    }
}

impl<'a, T> IntoIterator for &'a Receiver<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for Receiver<T> {
    type Item = T;
    type IntoIter = IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        IntoIter { receiver: self }
    }
}

/// A blocking iterator over the messages of a [`Receiver`]; ends when the
/// channel is empty and disconnected. Made by [`Receiver::iter`].
pub struct Iter<'a, T> {
    receiver: &'a Receiver<T>,
}

// `recv` keeps failing once the channel is empty and disconnected.
impl<T> FusedIterator for Iter<'_, T> {}

impl<T> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.receiver.recv().ok()
    }
}

impl<T> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iter { .. }")
    }
}

/// A non-blocking iterator over the messages available now. Made by
/// [`Receiver::try_iter`].
pub struct TryIter<'a, T> {
    receiver: &'a Receiver<T>,
}

impl<T> Iterator for TryIter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.receiver.try_recv().ok()
    }
}

impl<T> fmt::Debug for TryIter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TryIter { .. }")
    }
}

/// A blocking iterator that owns its [`Receiver`]. Made by
/// `Receiver::into_iter`.
pub struct IntoIter<T> {
    receiver: Receiver<T>,
}

// As for `Iter`.
impl<T> FusedIterator for IntoIter<T> {}

impl<T> Iterator for IntoIter<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.receiver.recv().ok()
    }
}

impl<T> fmt::Debug for IntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IntoIter { .. }")
    }
}

/// Forwards a select call to the flavor's side of the channel.
macro_rules! side {
    ($flavor:expr, $side:ident, |$h:ident| $body:expr) => {
        match $flavor {
            Flavor::Array(c) => {
                let $h = array::$side(&c.chan);
                $body
            }
            Flavor::List(c) => {
                let $h = list::$side(&c.chan);
                $body
            }
            Flavor::Zero(c) => {
                let $h = zero::$side(&c.chan);
                $body
            }
        }
    };
}

/// Implements `SelectHandle` for a channel handle by forwarding every call
/// to its flavor's `$side`.
macro_rules! forward_select_handle {
    ($handle:ident, $field:tt, $side:ident) => {
        impl<T> SelectHandle for $handle<'_, T> {
            fn try_select(&self, token: &mut Token) -> bool {
                side!(&self.$field, $side, |h| h.try_select(token))
            }
            fn register(&self, oper: Operation, cx: &Context) -> bool {
                side!(&self.$field, $side, |h| h.register(oper, cx))
            }
            fn unregister(&self, oper: Operation, cx: &Context) {
                side!(&self.$field, $side, |h| h.unregister(oper, cx))
            }
            fn accept(&self, token: &mut Token, cx: &Context) -> bool {
                side!(&self.$field, $side, |h| h.accept(token, cx))
            }
            fn is_ready(&self) -> bool {
                side!(&self.$field, $side, |h| h.is_ready())
            }
            fn watch(&self, oper: Operation, cx: &Context) -> bool {
                side!(&self.$field, $side, |h| h.watch(oper, cx))
            }
            fn unwatch(&self, oper: Operation, cx: &Context) {
                side!(&self.$field, $side, |h| h.unwatch(oper, cx))
            }
        }
    };
}

/// A channel's sending or receiving side in a select.
struct ChanSend<'a, T>(&'a Flavor<T>);
struct ChanRecv<'a, T>(&'a Flavor<T>);
forward_select_handle!(ChanSend, 0, SendSide);
forward_select_handle!(ChanRecv, 0, RecvSide);

/// Runs `$body` with `$h` bound to the receiver's select handle: its
/// channel's receiving side, or the timer.
macro_rules! recv_handle {
    ($flavor:expr, |$h:ident| $body:expr) => {
        match $flavor {
            RecvFlavor::Chan(f) => {
                let $h = &ChanRecv(f);
                $body
            }
            RecvFlavor::At(c) => {
                let $h = &**c;
                $body
            }
            RecvFlavor::Tick(c) => {
                let $h = &**c;
                $body
            }
            RecvFlavor::Never(c) => {
                let $h = c;
                $body
            }
        }
    };
}

/// Implements `SelectHandle` for a handle type by running each call on the
/// select handle that `$get` binds.
macro_rules! delegate_select_handle {
    ($ty:ident, $get:ident) => {
        impl<T> SelectHandle for $ty<T> {
            fn try_select(&self, token: &mut Token) -> bool {
                $get!(&self.flavor, |h| h.try_select(token))
            }
            fn register(&self, oper: Operation, cx: &Context) -> bool {
                $get!(&self.flavor, |h| h.register(oper, cx))
            }
            fn unregister(&self, oper: Operation, cx: &Context) {
                $get!(&self.flavor, |h| h.unregister(oper, cx))
            }
            fn accept(&self, token: &mut Token, cx: &Context) -> bool {
                $get!(&self.flavor, |h| h.accept(token, cx))
            }
            fn is_ready(&self) -> bool {
                $get!(&self.flavor, |h| h.is_ready())
            }
            fn watch(&self, oper: Operation, cx: &Context) -> bool {
                $get!(&self.flavor, |h| h.watch(oper, cx))
            }
            fn unwatch(&self, oper: Operation, cx: &Context) {
                $get!(&self.flavor, |h| h.unwatch(oper, cx))
            }
            fn deadline(&self) -> Option<Instant> {
                $get!(&self.flavor, |h| h.deadline())
            }
        }
    };
}

/// Binds `$h` to a sender's select handle.
macro_rules! send_handle {
    ($flavor:expr, |$h:ident| $body:expr) => {{
        let $h = &ChanSend($flavor);
        $body
    }};
}

delegate_select_handle!(Sender, send_handle);
delegate_select_handle!(Receiver, recv_handle);
