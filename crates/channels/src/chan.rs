//! The channel handles: [`Sender`], [`Receiver`], their iterators, and the
//! constructors [`bounded`] and [`unbounded`].

use crate::context::{Context, Operation, Wait};
use crate::counter::Counter;
use crate::err::{
    RecvError, RecvTimeoutError, SendError, SendTimeoutError, TryRecvError, TrySendError,
};
use crate::flavors::{array, list, zero};
use crate::select::{SelectHandle, Token};
use fearless_core::sync::Arc;
use std::fmt;
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
                flavor: Flavor::Zero(c),
            },
        )
    } else {
        let c = Counter::new(array::Channel::with_capacity(cap));
        (
            Sender {
                flavor: Flavor::Array(Arc::clone(&c)),
            },
            Receiver {
                flavor: Flavor::Array(c),
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
            flavor: Flavor::List(c),
        },
    )
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
    flavor: Flavor<T>,
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
        with_chan!(&self.flavor, |c| c.recv(None)).map_err(|e| match e {
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
        with_chan!(&self.flavor, |c| c.try_recv())
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
        with_chan!(&self.flavor, |c| c.recv(Some(deadline)))
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
        self.flavor.len()
    }

    /// Whether the channel holds no message (always `true` for
    /// `bounded(0)`).
    ///
    /// ```
    /// let (_s, r) = fearless_channels::bounded::<i32>(4);
    /// assert!(r.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.flavor.is_empty()
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
        self.flavor.is_full()
    }

    /// The capacity: `Some(cap)` for `bounded(cap)`, `None` for
    /// `unbounded()`.
    ///
    /// ```
    /// assert_eq!(fearless_channels::bounded::<()>(0).1.capacity(), Some(0));
    /// ```
    pub fn capacity(&self) -> Option<usize> {
        self.flavor.capacity()
    }

    /// Whether `self` and `other` receive from the same channel.
    ///
    /// ```
    /// let (_s, r) = fearless_channels::unbounded::<i32>();
    /// assert!(r.same_channel(&r.clone()));
    /// ```
    pub fn same_channel(&self, other: &Receiver<T>) -> bool {
        self.flavor.ptr() == other.flavor.ptr()
    }

    /// The address that identifies the channel (for select's checks).
    pub(crate) fn addr(&self) -> *const u8 {
        self.flavor.ptr()
    }

    /// Reads from the slot or packet that select reserved.
    ///
    /// # Safety
    /// `token` must come from a successful `try_select`/`accept` of this
    /// receiver and be used once.
    pub(crate) unsafe fn read(&self, token: &mut Token) -> Result<T, ()> {
        // SAFETY: forwarded from the caller.
        with_chan!(&self.flavor, |c| unsafe { c.read(token) })
    }

    /// Blocks allocated by an unbounded channel (`None` for the other
    /// flavors). For tests of memory reclamation.
    #[doc(hidden)]
    pub fn __live_blocks(&self) -> Option<usize> {
        match &self.flavor {
            Flavor::List(c) => Some(c.chan.live_blocks()),
            _ => None,
        }
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        match &self.flavor {
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
        match &self.flavor {
            Flavor::Array(c) => c.acquire_receiver(),
            Flavor::List(c) => c.acquire_receiver(),
            Flavor::Zero(c) => c.acquire_receiver(),
        }
        Receiver {
            flavor: self.flavor.clone_handle(),
        }
    }
}

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
    ($handle:ident, $side:ident) => {
        impl<T> SelectHandle for $handle<T> {
            fn try_select(&self, token: &mut Token) -> bool {
                side!(&self.flavor, $side, |h| h.try_select(token))
            }
            fn register(&self, oper: Operation, cx: &Context) -> bool {
                side!(&self.flavor, $side, |h| h.register(oper, cx))
            }
            fn unregister(&self, oper: Operation, cx: &Context) {
                side!(&self.flavor, $side, |h| h.unregister(oper, cx))
            }
            fn accept(&self, token: &mut Token, cx: &Context) -> bool {
                side!(&self.flavor, $side, |h| h.accept(token, cx))
            }
            fn is_ready(&self) -> bool {
                side!(&self.flavor, $side, |h| h.is_ready())
            }
            fn watch(&self, oper: Operation, cx: &Context) -> bool {
                side!(&self.flavor, $side, |h| h.watch(oper, cx))
            }
            fn unwatch(&self, oper: Operation, cx: &Context) {
                side!(&self.flavor, $side, |h| h.unwatch(oper, cx))
            }
            fn wait(&self) -> Wait {
                side!(&self.flavor, $side, |h| h.wait())
            }
        }
    };
}

forward_select_handle!(Receiver, RecvSide);
forward_select_handle!(Sender, SendSide);
