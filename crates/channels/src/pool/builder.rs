//! [`PoolBuilder`]: the settings of a [`WorkerPool`] before it starts.

use super::error::PoolError;
use super::{DefaultChannel, WorkerPool};
use fearless_core::channel::ChannelImpl;
use std::fmt;
use std::marker::PhantomData;

/// Configures and starts a [`WorkerPool`]: its number of threads, whether its
/// queue is bounded (backpressure), its threads' names, and the channel
/// channel implementation that carries its jobs.
///
/// ```
/// use fearless_channels::pool::WorkerPool;
///
/// let pool = WorkerPool::builder()
///     .num_threads(2)
///     .queue_capacity(64)
///     .thread_name_prefix("resizer")
///     .build()
///     .unwrap();
/// use fearless_core::sync::thread;
/// let h = pool.submit(|| thread::current().name().map(str::to_owned)).unwrap();
/// assert!(h.join().unwrap().unwrap().starts_with("resizer-"));
/// ```
pub struct PoolBuilder<F: ChannelImpl = DefaultChannel> {
    num_threads: Option<usize>,
    queue_capacity: Option<usize>,
    name_prefix: String,
    channel: PhantomData<fn() -> F>,
}

impl PoolBuilder {
    /// A builder with the defaults: one thread per available core, an
    /// unbounded queue, threads named `fearless-pool-<i>`, and a
    /// [`DefaultChannel`] channel.
    pub fn new() -> Self {
        Self::with_channel()
    }
}

impl Default for PoolBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: ChannelImpl> PoolBuilder<F> {
    /// A builder with the defaults of [`PoolBuilder::new`] whose queue is a
    /// channel implementation `F`.
    pub fn with_channel() -> Self {
        Self {
            num_threads: None,
            queue_capacity: None,
            name_prefix: "fearless-pool".to_owned(),
            channel: PhantomData,
        }
    }

    /// The number of worker threads (default: the available parallelism).
    /// Zero makes [`build`](Self::build) fail with [`PoolError::ZeroThreads`].
    pub fn num_threads(mut self, n: usize) -> Self {
        self.num_threads = Some(n);
        self
    }

    /// Bounds the queue of waiting jobs to `cap`: `execute` and `submit` then
    /// block while it is full and `try_execute` hands the job back (default:
    /// unbounded). Zero makes [`build`](Self::build) fail with
    /// [`PoolError::ZeroQueueCapacity`].
    pub fn queue_capacity(mut self, cap: usize) -> Self {
        self.queue_capacity = Some(cap);
        self
    }

    /// Names the workers `<prefix>-0`, `<prefix>-1`, ... (default
    /// `fearless-pool`).
    pub fn thread_name_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.name_prefix = prefix.into();
        self
    }

    /// The same settings with a queue of channel implementation `G`.
    pub fn channel<G: ChannelImpl>(self) -> PoolBuilder<G> {
        PoolBuilder {
            num_threads: self.num_threads,
            queue_capacity: self.queue_capacity,
            name_prefix: self.name_prefix,
            channel: PhantomData,
        }
    }

    /// Starts the pool.
    pub fn build(self) -> Result<WorkerPool<F>, PoolError> {
        let threads = match self.num_threads {
            Some(0) => return Err(PoolError::ZeroThreads),
            Some(n) => n,
            None => fearless_core::sync::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        if self.queue_capacity == Some(0) {
            return Err(PoolError::ZeroQueueCapacity);
        }
        WorkerPool::start(threads, self.queue_capacity, &self.name_prefix)
    }
}

impl<F: ChannelImpl> fmt::Debug for PoolBuilder<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolBuilder")
            .field("num_threads", &self.num_threads)
            .field("queue_capacity", &self.queue_capacity)
            .field("name_prefix", &self.name_prefix)
            .field("channel", &F::NAME)
            .finish()
    }
}
