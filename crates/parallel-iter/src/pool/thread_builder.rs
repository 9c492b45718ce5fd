//! How a pool's worker threads are started: [`ThreadBuilder`] (one worker,
//! not yet running) and the spawn handlers a [`ThreadPoolBuilder`] holds,
//! as in rayon-core.
//!
//! The pool builds one `ThreadBuilder` per worker and hands it to its spawn
//! handler, which must start a thread (any kind: std, scoped, a thread of
//! some runtime) that calls [`ThreadBuilder::run`]. The default handler is
//! [`DefaultSpawn`]; [`ThreadPoolBuilder::spawn_handler`] installs a closure
//! ([`CustomSpawn`]).
//!
//! [`ThreadPoolBuilder`]: super::ThreadPoolBuilder
//! [`ThreadPoolBuilder::spawn_handler`]: super::ThreadPoolBuilder::spawn_handler

use super::deque::Worker;
use super::job::JobRef;
use super::registry::{Registry, main_loop};
use fearless_core::sync::Arc;
use fearless_core::sync::thread;
use std::fmt;
use std::io;

/// One worker of a pool being built, handed to the pool's spawn handler
/// (see [`ThreadPoolBuilder::spawn_handler`]): the handler starts a thread
/// that calls [`run`](Self::run).
///
/// [`ThreadPoolBuilder::spawn_handler`]: crate::ThreadPoolBuilder::spawn_handler
pub struct ThreadBuilder {
    pub(super) name: Option<String>,
    pub(super) stack_size: Option<usize>,
    pub(super) registry: Arc<Registry>,
    pub(super) index: usize,
    pub(super) worker: Worker<JobRef>,
}

impl ThreadBuilder {
    /// The index of this worker in its pool, in `0..num_threads`.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The name the builder's [`thread_name`] closure gave this worker, if
    /// one was set.
    ///
    /// [`thread_name`]: crate::ThreadPoolBuilder::thread_name
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The stack size set with [`stack_size`], if any.
    ///
    /// [`stack_size`]: crate::ThreadPoolBuilder::stack_size
    pub fn stack_size(&self) -> Option<usize> {
        self.stack_size
    }

    /// A std thread factory with this worker's name and stack size.
    pub(super) fn std_builder(&self) -> thread::Builder {
        let mut b = thread::Builder::new();
        if let Some(name) = self.name() {
            b = b.name(name.to_owned());
        }
        if let Some(size) = self.stack_size() {
            b = b.stack_size(size);
        }
        b
    }

    /// Runs this worker's main loop on the calling thread: it returns once
    /// the pool was dropped and no queued job is left.
    pub fn run(self) {
        main_loop(self.registry, self.index, self.worker);
    }
}

impl fmt::Debug for ThreadBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadBuilder")
            .field("index", &self.index)
            .field("name", &self.name)
            .field("stack_size", &self.stack_size)
            .finish_non_exhaustive()
    }
}

mod sealed {
    /// Keeps [`ThreadSpawn`](super::ThreadSpawn) implementable only here.
    pub trait Sealed {}
}

/// How a pool starts its worker threads: [`DefaultSpawn`] or a closure
/// given to [`spawn_handler`] ([`CustomSpawn`]). Sealed, as in rayon: it
/// only names the builder's type parameter.
///
/// [`spawn_handler`]: crate::ThreadPoolBuilder::spawn_handler
pub trait ThreadSpawn: sealed::Sealed {
    /// Starts a thread that calls [`ThreadBuilder::run`].
    fn spawn(&mut self, thread: ThreadBuilder) -> io::Result<()>;
}

/// The default spawn handler: an ordinary thread with the builder's name
/// and stack size.
#[derive(Debug, Default)]
pub struct DefaultSpawn;

impl sealed::Sealed for DefaultSpawn {}

impl ThreadSpawn for DefaultSpawn {
    fn spawn(&mut self, thread: ThreadBuilder) -> io::Result<()> {
        let registry = Arc::clone(&thread.registry);
        let handle = thread.std_builder().spawn(move || thread.run())?;
        // Kept so that loom and Miri runs can join the workers on drop.
        registry.keep_handle(handle);
        Ok(())
    }
}

/// A spawn handler made of the closure given to [`spawn_handler`].
///
/// [`spawn_handler`]: crate::ThreadPoolBuilder::spawn_handler
#[derive(Debug)]
pub struct CustomSpawn<F>(pub(super) F);

impl<F> sealed::Sealed for CustomSpawn<F> where F: FnMut(ThreadBuilder) -> io::Result<()> {}

impl<F> ThreadSpawn for CustomSpawn<F>
where
    F: FnMut(ThreadBuilder) -> io::Result<()>,
{
    fn spawn(&mut self, thread: ThreadBuilder) -> io::Result<()> {
        (self.0)(thread)
    }
}
