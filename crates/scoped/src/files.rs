//! Reading and processing many files in parallel.
//!
//! [`process_files`] and [`process_dir`] hand each file to one of the run's
//! workers, which reads it whole and calls `f(path, contents)`; the
//! contents are dropped as soon as `f` returns, so at most one file per
//! worker is in memory at a time, however many files there are. Results
//! come back in input order (for [`process_dir`], sorted by path).
//!
//! A file that cannot be read (missing, a directory, a dangling symlink,
//! no permission, a FIFO or device, which are refused without being
//! opened, so a run never blocks on one) becomes a
//! [`FileError::Read`] entry for that file; the other files are processed
//! as usual. [`FileProcessor::stop_on_error`] turns the first error of
//! either kind into a stop: files not yet started are then reported as
//! [`FileError::Skipped`].
//!
//! [`FileProcessor::stream_files`] reads each file in fixed-size pieces
//! instead (see [`stream`] for the memory bound), and refuses what cannot
//! be streamed safely: non-regular files, and files on pseudo-filesystems
//! such as `/proc`, whose reported size says nothing of what a read
//! returns. [`FileProcessor::max_file_size`] caps the bytes read from one
//! file, in both modes.
//!
//! ```
//! use fearless_scoped::files::{FileError, FileProcessor, Progress};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("a.txt"), "one\ntwo\n").unwrap();
//! std::fs::write(dir.path().join("b.txt"), "three\n").unwrap();
//! let missing = dir.path().join("missing.txt");
//! let paths = vec![dir.path().join("a.txt"), missing, dir.path().join("b.txt")];
//!
//! let report = |p: Progress| assert!(p.files_done <= p.files_total);
//! let lines = FileProcessor::new()
//!     .progress(&report)
//!     .process_files(&paths, |_path, bytes| {
//!         Ok::<_, std::convert::Infallible>(bytes.iter().filter(|&&b| b == b'\n').count())
//!     });
//! assert_eq!(lines[0].as_ref().ok(), Some(&2));
//! assert!(matches!(lines[1], Err(FileError::Read(_))));
//! assert_eq!(lines[2].as_ref().ok(), Some(&1));
//! ```

use core::fmt;
use core::marker::PhantomData;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use fearless_core::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use crate::config::Parallel;
use crate::engine::{RangeOutcome, RunContext, SliceTask, execute};

pub mod stream;

pub use stream::{DEFAULT_BUFFER_SIZE, FileChunks, Streamed};

/// What [`process_dir`] returns: each file's path and result, sorted by
/// path.
pub type DirResults<R, E> = Vec<(PathBuf, Result<R, FileError<E>>)>;

/// What [`FileProcessor::list_dir`] returns: each entry's path, sorted,
/// with `None` for a file to process, or the error of a subdirectory that
/// could not be listed.
pub type Listing = Vec<(PathBuf, Option<io::Error>)>;

/// Why a file has no result.
#[derive(Debug)]
pub enum FileError<E> {
    /// The file could not be read: missing, not a regular file (a
    /// directory, FIFO, socket or device), a dangling symlink, no
    /// permission, or an I/O error while reading.
    Read(io::Error),
    /// The closure returned this error for the file's contents.
    Process(E),
    /// The run stopped (see [`FileProcessor::stop_on_error`]) before this
    /// file was started.
    Skipped,
}

impl<E: fmt::Display> fmt::Display for FileError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Read(e) => write!(f, "could not read the file: {e}"),
            Self::Process(e) => write!(f, "could not process the file: {e}"),
            Self::Skipped => f.write_str("skipped: the run stopped at an earlier error"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for FileError<E> {}

/// How far a run has got; passed to the progress callback after each file.
///
/// The callback runs on the worker that finished the file, possibly on
/// several workers at once; each call counts its own file, but two calls
/// may arrive out of order, so a progress bar should keep the largest
/// count it has seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Files finished (read and processed, or failed).
    pub files_done: usize,
    /// Files in the run.
    pub files_total: usize,
    /// Bytes read by the finished files.
    pub bytes_done: u64,
}

/// A file-processing configuration: the [`Parallel`] settings (threads,
/// thread scope), whether to stop on the first error, whether [`process_dir`]
/// recurses, and an optional progress callback.
///
/// ```
/// use fearless_scoped::Parallel;
/// use fearless_scoped::files::FileProcessor;
///
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir(dir.path().join("sub")).unwrap();
/// std::fs::write(dir.path().join("top.rs"), "fn main() {}").unwrap();
/// std::fs::write(dir.path().join("sub/lib.rs"), "pub fn f() {}").unwrap();
/// std::fs::write(dir.path().join("sub/notes.md"), "# notes").unwrap();
///
/// let sizes = FileProcessor::new()
///     .parallel(Parallel::builder().threads(2).build().unwrap())
///     .recursive(true)
///     .process_dir(dir.path(), |p| p.extension().is_some_and(|e| e == "rs"), |_, bytes| {
///         Ok::<_, std::convert::Infallible>(bytes.len())
///     })
///     .unwrap();
/// let names: Vec<_> = sizes.iter().map(|(p, _)| p.strip_prefix(dir.path()).unwrap()).collect();
/// assert_eq!(names, [std::path::Path::new("sub/lib.rs"), std::path::Path::new("top.rs")]);
/// ```
#[derive(Clone, Copy)]
pub struct FileProcessor<'a> {
    parallel: Parallel<'a>,
    stop_on_error: bool,
    recursive: bool,
    progress: Option<&'a (dyn Fn(Progress) + Sync)>,
    buffer_size: usize,
    max_file_size: Option<u64>,
}

impl fmt::Debug for FileProcessor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileProcessor")
            .field("parallel", &self.parallel)
            .field("stop_on_error", &self.stop_on_error)
            .field("recursive", &self.recursive)
            .field("progress", &self.progress.is_some())
            .field("buffer_size", &self.buffer_size)
            .field("max_file_size", &self.max_file_size)
            .finish()
    }
}

impl Default for FileProcessor<'_> {
    fn default() -> Self {
        FileProcessor::new()
    }
}

impl FileProcessor<'static> {
    /// The defaults: [`Parallel::new`], keep going after errors, no
    /// recursion, no progress callback, [`DEFAULT_BUFFER_SIZE`] for
    /// streaming, no cap on the file size.
    pub fn new() -> Self {
        Self {
            parallel: Parallel::new(),
            stop_on_error: false,
            recursive: false,
            progress: None,
            buffer_size: DEFAULT_BUFFER_SIZE,
            max_file_size: None,
        }
    }
}

impl<'a> FileProcessor<'a> {
    /// Threads, thread scope and schedule of the run. Each file is its own
    /// chunk, so the chunk size is ignored.
    pub fn parallel(mut self, parallel: Parallel<'a>) -> Self {
        self.parallel = parallel;
        self
    }

    /// Stop the run at the first error (a read error or an error from the
    /// closure): workers start no new file, and files not started are
    /// reported as [`FileError::Skipped`]. Default `false`: every file gets
    /// its own result.
    pub fn stop_on_error(mut self, stop: bool) -> Self {
        self.stop_on_error = stop;
        self
    }

    /// Whether [`process_dir`](Self::process_dir) descends into
    /// subdirectories (default `false`). Symlinks to directories are not
    /// followed, so a link cycle cannot trap the listing.
    pub fn recursive(mut self, recursive: bool) -> Self {
        self.recursive = recursive;
        self
    }

    /// Call `report` after each file, e.g. to drive a progress bar.
    pub fn progress(mut self, report: &'a (dyn Fn(Progress) + Sync)) -> Self {
        self.progress = Some(report);
        self
    }

    /// The size of each worker's read buffer in
    /// [`stream_files`](Self::stream_files), in bytes (default
    /// [`DEFAULT_BUFFER_SIZE`]; 0 is taken as 1). The whole-file modes
    /// ignore it.
    pub fn buffer_size(mut self, bytes: usize) -> Self {
        self.buffer_size = bytes.max(1);
        self
    }

    /// Refuse files larger than `cap` bytes (default `None`: no cap). A
    /// file whose size is above the cap is not opened; one that turns out
    /// longer while being read (it grew) stops at the cap. Either way its
    /// result is a [`FileError::Read`] of kind
    /// [`FileTooLarge`](io::ErrorKind::FileTooLarge).
    pub fn max_file_size(mut self, cap: Option<u64>) -> Self {
        self.max_file_size = cap;
        self
    }

    /// Reads each of `paths` and calls `f(path, contents)` on it, in
    /// parallel. The result for `paths[i]` is at index `i`.
    ///
    /// # Panics
    /// If `f` panics, the run stops and the panic is re-raised with an
    /// [`ItemPanic`](crate::ItemPanic) whose index is the file's.
    pub fn process_files<P, R, E, F>(&self, paths: &[P], f: F) -> Vec<Result<R, FileError<E>>>
    where
        P: AsRef<Path> + Sync,
        R: Send,
        E: Send,
        F: Fn(&Path, &[u8]) -> Result<R, E> + Sync,
    {
        self.each_file(paths, |path| {
            match read_regular_file(path, self.max_file_size) {
                Ok(contents) => {
                    let n = contents.len() as u64;
                    (f(path, &contents).map_err(FileError::Process), n)
                }
                Err(e) => (Err(FileError::Read(e)), 0),
            }
        })
    }

    /// Runs `one_file` on each of `paths` (one file per chunk), with the
    /// stop-on-error and progress bookkeeping; `one_file` returns the
    /// file's result and the bytes it read.
    fn each_file<P, R, E, G>(&self, paths: &[P], one_file: G) -> Vec<Result<R, FileError<E>>>
    where
        P: AsRef<Path> + Sync,
        R: Send,
        E: Send,
        G: Fn(&Path) -> (Result<R, FileError<E>>, u64) + Sync,
    {
        let total = paths.len();
        let files_done = AtomicUsize::new(0);
        let bytes_done = AtomicU64::new(0);
        let one_file = |path: &Path, ctx: &RunContext<'_>| -> Result<R, FileError<E>> {
            let (entry, bytes) = one_file(path);
            if entry.is_err() && self.stop_on_error {
                ctx.stop();
            }
            if let Some(report) = self.progress {
                // Relaxed: plain tallies; each caller reports the totals
                // including its own file, and nothing else is published
                // through them.
                let files_done = files_done.fetch_add(1, Ordering::Relaxed) + 1;
                let bytes_done = bytes_done.fetch_add(bytes, Ordering::Relaxed) + bytes;
                report(Progress {
                    files_done,
                    files_total: total,
                    bytes_done,
                });
            }
            entry
        };
        let body = |start: usize,
                    chunk: &[P],
                    ctx: &RunContext<'_>|
         -> RangeOutcome<Vec<_>, core::convert::Infallible> {
            let mut out = Vec::with_capacity(chunk.len());
            for (k, path) in chunk.iter().enumerate() {
                if ctx.is_stopped() {
                    // Only reachable when stopping on errors; what ran of
                    // this chunk is kept, the rest is reported skipped.
                    break;
                }
                ctx.enter(start + k);
                out.push(one_file(path.as_ref(), ctx));
            }
            RangeOutcome::Done(out)
        };
        // One file per chunk: files vary wildly in cost.
        let mut parallel = self.parallel;
        parallel.chunk = Some(1);
        let mut task = SliceTask {
            data: paths,
            body,
            _out: PhantomData,
        };
        let mut parts = match execute(&parallel, total, &mut task) {
            Ok(parts) => parts,
            Err(failure) => failure.raise(),
        };
        parts.sort_unstable_by_key(|(start, _)| *start);
        let mut results = Vec::with_capacity(total);
        for (start, entries) in parts {
            results.resize_with(start, || Err(FileError::Skipped));
            results.extend(entries);
        }
        results.resize_with(total, || Err(FileError::Skipped));
        results
    }

    /// Lists `dir` (recursively if [`recursive`](Self::recursive)), keeps
    /// the non-directory entries for which `filter(path)` is true, and
    /// processes them as [`process_files`](Self::process_files) does.
    ///
    /// Results are sorted by path (`Path`'s order: component by
    /// component). A subdirectory that cannot be listed is an error entry
    /// under its own path (it is not passed to `filter`). Only a failure to
    /// list `dir` itself is an `Err`.
    pub fn process_dir<R, E, Q, F>(
        &self,
        dir: impl AsRef<Path>,
        filter: Q,
        f: F,
    ) -> io::Result<DirResults<R, E>>
    where
        R: Send,
        E: Send,
        Q: Fn(&Path) -> bool,
        F: Fn(&Path, &[u8]) -> Result<R, E> + Sync,
    {
        let listed = self.list_dir(dir, filter)?;
        let files: Vec<&Path> = listed
            .iter()
            .filter(|(_, err)| err.is_none())
            .map(|(p, _)| p.as_path())
            .collect();
        let mut results = self.process_files(&files, f).into_iter();
        Ok(listed
            .into_iter()
            .map(|(path, err)| {
                let entry = match err {
                    Some(e) => Err(FileError::Read(e)),
                    None => results.next().expect("one result per listed file"),
                };
                (path, entry)
            })
            .collect())
    }
}

impl FileProcessor<'_> {
    /// Lists `dir` (recursively if [`recursive`](Self::recursive)) as
    /// [`process_dir`](Self::process_dir) does, without reading anything:
    /// the non-directory entries for which `filter(path)` is true, and the
    /// subdirectories that could not be listed with their error, sorted by
    /// path. Only a failure to list `dir` itself is an `Err`.
    pub fn list_dir<Q>(&self, dir: impl AsRef<Path>, filter: Q) -> io::Result<Listing>
    where
        Q: Fn(&Path) -> bool,
    {
        let mut listed = Vec::new();
        list(dir.as_ref(), self.recursive, &filter, &mut listed, true)?;
        listed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(listed)
    }
}

/// Appends the entries of `dir` to `out`: `(path, None)` for a file to
/// process, `(path, Some(error))` for a subdirectory that could not be
/// listed. Fails only if `dir` itself cannot be listed and `top` is set.
fn list(
    dir: &Path,
    recursive: bool,
    filter: &dyn Fn(&Path) -> bool,
    out: &mut Vec<(PathBuf, Option<io::Error>)>,
    top: bool,
) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if !top => {
            out.push((dir.to_path_buf(), Some(e)));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                out.push((dir.to_path_buf(), Some(e)));
                continue;
            }
        };
        let path = entry.path();
        // `file_type` does not follow symlinks: a link to a directory is
        // neither descended into nor processed; a dangling link is kept as
        // a file, and reading it reports the error.
        let is_dir = match entry.file_type() {
            Ok(t) if t.is_dir() => true,
            Ok(t) if t.is_symlink() => fs::metadata(&path).is_ok_and(|m| m.is_dir()),
            _ => false,
        };
        if is_dir {
            if recursive && entry.file_type().is_ok_and(|t| t.is_dir()) {
                list(&path, recursive, filter, out, false)?;
            }
        } else if filter(&path) {
            out.push((path, None));
        }
    }
    Ok(())
}

/// Reads a regular file (following symlinks) whole, up to `cap` bytes.
/// Anything else is refused before it is opened: opening a FIFO for
/// reading would block until a writer appears.
fn read_regular_file(path: &Path, cap: Option<u64>) -> io::Result<Vec<u8>> {
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    if !meta.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let Some(cap) = cap else {
        return fs::read(path);
    };
    stream::check_size(meta.len(), cap)?;
    let mut contents = Vec::new();
    // One byte past the cap tells a file that grew from one that fits.
    io::Read::read_to_end(
        &mut io::Read::take(fs::File::open(path)?, cap.saturating_add(1)),
        &mut contents,
    )?;
    if contents.len() as u64 > cap {
        return Err(stream::too_large(cap));
    }
    Ok(contents)
}

/// Processes `paths` with the defaults; see
/// [`FileProcessor::process_files`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let a = dir.path().join("a");
/// std::fs::write(&a, b"abc").unwrap();
/// let sizes = fearless_scoped::files::process_files(&[&a], |_, bytes| Ok::<_, ()>(bytes.len()));
/// assert_eq!(sizes[0].as_ref().ok(), Some(&3));
/// ```
pub fn process_files<P, R, E, F>(paths: &[P], f: F) -> Vec<Result<R, FileError<E>>>
where
    P: AsRef<Path> + Sync,
    R: Send,
    E: Send,
    F: Fn(&Path, &[u8]) -> Result<R, E> + Sync,
{
    FileProcessor::new().process_files(paths, f)
}

/// Processes the files directly in `dir` (no recursion) accepted by
/// `filter`, sorted by path, with the defaults; see
/// [`FileProcessor::process_dir`].
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("b"), b"bb").unwrap();
/// std::fs::write(dir.path().join("a"), b"a").unwrap();
/// let sizes = fearless_scoped::files::process_dir(dir.path(), |_| true, |_, bytes| {
///     Ok::<_, ()>(bytes.len())
/// })
/// .unwrap();
/// let sizes: Vec<_> = sizes.into_iter().map(|(_, r)| r.unwrap()).collect();
/// assert_eq!(sizes, [1, 2]);
/// ```
pub fn process_dir<R, E, Q, F>(
    dir: impl AsRef<Path>,
    filter: Q,
    f: F,
) -> io::Result<DirResults<R, E>>
where
    R: Send,
    E: Send,
    Q: Fn(&Path) -> bool,
    F: Fn(&Path, &[u8]) -> Result<R, E> + Sync,
{
    FileProcessor::new().process_dir(dir, filter, f)
}
