//! Streaming files through fixed-size buffers, with state kept per worker.
//!
//! [`FileProcessor::stream_files`] never holds a whole file: each worker
//! owns one read buffer of [`FileProcessor::buffer_size`] bytes and one
//! state `S`, and hands the file to the closure piece by piece through
//! [`FileChunks`]. The memory the run itself adds is therefore bounded by
//! `workers x (buffer_size + size_of::<S>())` plus what the closure keeps
//! in its states, whatever the size of the files; at most one buffer and
//! one state exist per worker thread (the thread count of the
//! [`Parallel`](crate::Parallel) settings).
//!
//! Only regular files are opened. FIFOs, sockets and devices are refused
//! by their file type (a FIFO would block the open, a device such as
//! `/dev/zero` never ends); on Linux, files on pseudo-filesystems (`proc`,
//! `sysfs`, `debugfs`, ...) are refused by the filesystem they live on:
//! they call themselves regular files of size 0 yet produce data when read,
//! some (`/proc/self/pagemap`) almost without end.
//!
//! ```
//! use fearless_scoped::files::FileProcessor;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("a.txt");
//! std::fs::write(&path, "one\ntwo\nthree\n").unwrap();
//!
//! // Count newlines with a 4-byte buffer: each worker keeps a running total.
//! let run = FileProcessor::new().buffer_size(4).stream_files(&[&path], || 0usize, |total, _, chunks| {
//!     let mut lines = 0;
//!     while let Some(piece) = chunks.next_chunk() {
//!         assert!(piece.len() <= 4);
//!         lines += piece.iter().filter(|&&b| b == b'\n').count();
//!     }
//!     *total += lines;
//!     Ok::<_, std::convert::Infallible>(lines)
//! });
//! assert_eq!(run.results[0].as_ref().ok(), Some(&3));
//! assert_eq!(run.states.iter().sum::<usize>(), 3);
//! ```

use core::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use fearless_core::sync::{Mutex, PoisonError};

use super::{FileError, FileProcessor};

/// The default read buffer of [`FileProcessor::stream_files`]: 64 KiB,
/// large enough that a read costs little next to processing its bytes, and
/// small enough to stay in a core's L2 cache.
pub const DEFAULT_BUFFER_SIZE: usize = 64 * 1024;

/// What [`FileProcessor::stream_files`] returns.
#[derive(Debug)]
pub struct Streamed<S, R, E> {
    /// The result for `paths[i]` at index `i`.
    pub results: Vec<Result<R, FileError<E>>>,
    /// The worker states, one per worker that processed at least one file
    /// (at most the thread count), in no particular order.
    pub states: Vec<S>,
}

/// One file being read, a buffer at a time; passed to the closure of
/// [`FileProcessor::stream_files`].
///
/// [`next_chunk`](Self::next_chunk) returns the file's bytes in order, in
/// pieces of at most the buffer size, then `None`. A read error or the
/// size cap also ends the pieces early; the file's result is then that
/// error whatever the closure returns, so a closure needs no error path of
/// its own. The bytes it saw before the error were real file contents.
pub struct FileChunks<'b> {
    file: fs::File,
    buffer: &'b mut [u8],
    read: u64,
    cap: Option<u64>,
    error: Option<io::Error>,
    done: bool,
}

impl FileChunks<'_> {
    /// The next piece of the file (at most the buffer size, never empty),
    /// or `None` at the end of the file, after a read error, or once the
    /// size cap is reached.
    pub fn next_chunk(&mut self) -> Option<&[u8]> {
        if self.done {
            return None;
        }
        let want = match self.cap {
            // Reading up to the cap, then one byte past it to see whether
            // the file goes on.
            Some(cap) => (cap - self.read).clamp(1, self.buffer.len() as u64) as usize,
            None => self.buffer.len(),
        };
        loop {
            match self.file.read(&mut self.buffer[..want]) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => {
                    let past_cap = self.cap.filter(|&cap| self.read + n as u64 > cap);
                    if let Some(cap) = past_cap {
                        self.done = true;
                        self.error = Some(too_large(cap));
                        return None;
                    }
                    self.read += n as u64;
                    return Some(&self.buffer[..n]);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    self.error = Some(e);
                    return None;
                }
            }
        }
    }

    /// The bytes handed out so far.
    pub fn bytes_read(&self) -> u64 {
        self.read
    }
}

impl fmt::Debug for FileChunks<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the buffer: its bytes are the caller's business.
        f.debug_struct("FileChunks")
            .field("buffer_size", &self.buffer.len())
            .field("read", &self.read)
            .field("cap", &self.cap)
            .field("error", &self.error)
            .field("done", &self.done)
            .finish()
    }
}

/// What a worker keeps between files.
struct Worker<S> {
    state: S,
    buffer: Box<[u8]>,
}

impl<'a> FileProcessor<'a> {
    /// Streams each of `paths` through a worker-owned buffer: calls
    /// `f(state, path, chunks)` once per file, where `state` is the
    /// worker's own (made by `init` the first time the worker needs one)
    /// and `chunks` hands out the file's bytes. The result for `paths[i]`
    /// is at index `i`; the states come back in [`Streamed::states`].
    ///
    /// Memory: one buffer of [`buffer_size`](Self::buffer_size) bytes and
    /// one state per worker (see the [module docs](self)); no file is ever
    /// held whole. Non-regular files and pseudo-filesystem files are
    /// [`FileError::Read`] entries of kind
    /// [`InvalidInput`](io::ErrorKind::InvalidInput), not opened; the size
    /// cap of [`max_file_size`](Self::max_file_size) applies. Progress
    /// reports count the bytes read.
    ///
    /// # Panics
    /// If `f` or `init` panics, the run stops and the panic is re-raised
    /// with an [`ItemPanic`](crate::ItemPanic) whose index is the file's;
    /// the states are then dropped.
    pub fn stream_files<P, S, R, E, I, F>(&self, paths: &[P], init: I, f: F) -> Streamed<S, R, E>
    where
        P: AsRef<Path> + Sync,
        S: Send,
        R: Send,
        E: Send,
        I: Fn() -> S + Sync,
        F: Fn(&mut S, &Path, &mut FileChunks<'_>) -> Result<R, E> + Sync,
    {
        let pseudo = PseudoFilesystems::of_this_process();
        // Idle workers' states and buffers. A worker takes one for each
        // file and puts it back after, so there are never more than there
        // are workers running at once; one lock per file costs nothing
        // next to opening the file.
        let idle: Mutex<Vec<Worker<S>>> = Mutex::new(Vec::new());
        let results = self.each_file(paths, |path| {
            let file = match open_streamable(path, self.max_file_size, &pseudo) {
                Ok(file) => file,
                Err(e) => return (Err(FileError::Read(e)), 0),
            };
            let taken = idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let mut worker = taken.unwrap_or_else(|| Worker {
                state: init(),
                buffer: vec![0; self.buffer_size].into_boxed_slice(),
            });
            let mut chunks = FileChunks {
                file,
                buffer: &mut worker.buffer,
                read: 0,
                cap: self.max_file_size,
                error: None,
                done: false,
            };
            let result = f(&mut worker.state, path, &mut chunks);
            let (bytes, error) = (chunks.read, chunks.error.take());
            drop(chunks);
            idle.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(worker);
            let entry = match (error, result) {
                (Some(e), _) => Err(FileError::Read(e)),
                (None, Ok(r)) => Ok(r),
                (None, Err(e)) => Err(FileError::Process(e)),
            };
            (entry, bytes)
        });
        let states = idle
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .into_iter()
            .map(|w| w.state)
            .collect();
        Streamed { results, states }
    }
}

/// Opens `path` if it is a regular file (following symlinks) on a real
/// filesystem, within `cap`; says why not otherwise. (The checks look at
/// the path before it is opened; a regular file swapped for a FIFO in
/// between would still block the open, as it would in `fs::read`.)
fn open_streamable(
    path: &Path,
    cap: Option<u64>,
    pseudo: &PseudoFilesystems,
) -> io::Result<fs::File> {
    let meta = fs::metadata(path)?;
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    if !file_type.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a regular file: {}", special_kind(&file_type)),
        ));
    }
    if let Some(fs_type) = pseudo.holding(&meta) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "on the pseudo-filesystem {fs_type}: its contents are generated \
                 when read and its size is unknown"
            ),
        ));
    }
    if let Some(cap) = cap {
        check_size(meta.len(), cap)?;
    }
    fs::File::open(path)
}

/// Refuses a file of `len` bytes above `cap`.
pub(super) fn check_size(len: u64, cap: u64) -> io::Result<()> {
    if len > cap {
        return Err(io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("{len} bytes, above the cap of {cap} bytes"),
        ));
    }
    Ok(())
}

/// The error of a file found to go on past `cap` while being read.
pub(super) fn too_large(cap: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("longer than the cap of {cap} bytes (it grew while being read)"),
    )
}

/// What a non-regular, non-directory file is, for the error message.
fn special_kind(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// The devices of the pseudo-filesystems mounted in this process's mount
/// namespace, read once per run from `/proc/self/mountinfo` (Linux only;
/// elsewhere, or if it cannot be read, none are known).
struct PseudoFilesystems {
    /// `(st_dev, filesystem type)` of each pseudo-filesystem mount.
    mounts: Vec<(u64, String)>,
}

/// Filesystems whose files are made up by the kernel when read.
const PSEUDO_TYPES: &[&str] = &[
    "proc",
    "sysfs",
    "debugfs",
    "tracefs",
    "securityfs",
    "cgroup",
    "cgroup2",
    "configfs",
    "pstore",
    "bpf",
    "efivarfs",
    "fusectl",
    "binfmt_misc",
    "selinuxfs",
    "nsfs",
];

impl PseudoFilesystems {
    fn of_this_process() -> Self {
        #[cfg(target_os = "linux")]
        {
            if let Ok(text) = fs::read_to_string("/proc/self/mountinfo") {
                return Self::parse(&text);
            }
        }
        Self { mounts: Vec::new() }
    }

    /// Reads the lines of a mountinfo file: `id parent major:minor root
    /// mountpoint options [optional fields] - fstype source superoptions`.
    fn parse(mountinfo: &str) -> Self {
        let mut mounts = Vec::new();
        for line in mountinfo.lines() {
            let mut fields = line.split(' ');
            let Some(device) = fields.nth(2) else {
                continue;
            };
            let Some(fs_type) = fields.skip_while(|f| *f != "-").nth(1) else {
                continue;
            };
            if !PSEUDO_TYPES.contains(&fs_type) {
                continue;
            }
            let Some((major, minor)) = device.split_once(':') else {
                continue;
            };
            if let (Ok(major), Ok(minor)) = (major.parse(), minor.parse()) {
                mounts.push((encode_device(major, minor), fs_type.to_owned()));
            }
        }
        Self { mounts }
    }

    /// The pseudo-filesystem `meta`'s file lives on, if any.
    fn holding(&self, meta: &fs::Metadata) -> Option<&str> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let dev = meta.dev();
            self.mounts
                .iter()
                .find(|(d, _)| *d == dev)
                .map(|(_, t)| t.as_str())
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// Linux's `makedev`: how `major:minor` appears in `st_dev`.
fn encode_device(major: u64, minor: u64) -> u64 {
    ((major & 0xfff) << 8) | ((major & !0xfff) << 32) | (minor & 0xff) | ((minor & !0xff) << 12)
}

// Real threads over the file system: not a model.
#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::Parallel;
    use std::path::PathBuf;

    /// Every file is streamed exactly once, whole and in order, through
    /// pieces no larger than the buffer, by at most `threads` states.
    #[test]
    #[cfg_attr(miri, ignore)] // 120 files on threads: minutes under Miri
    fn each_file_is_streamed_once_whole_by_at_most_one_state_per_worker() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..120)
            .map(|i| {
                let path = dir.path().join(format!("f{i:03}"));
                fs::write(&path, format!("file {i};").repeat(i % 9)).unwrap();
                path
            })
            .collect();
        let missing = dir.path().join("missing");
        let mut all = paths.clone();
        all.insert(7, missing);
        let threads = 3;
        let run = FileProcessor::new()
            .parallel(Parallel::builder().threads(threads).build().unwrap())
            .buffer_size(5)
            .stream_files(
                &all,
                Vec::new,
                |seen: &mut Vec<(PathBuf, Vec<u8>)>, path, chunks| {
                    let mut contents = Vec::new();
                    while let Some(piece) = chunks.next_chunk() {
                        assert!(!piece.is_empty() && piece.len() <= 5);
                        contents.extend_from_slice(piece);
                    }
                    assert_eq!(chunks.bytes_read(), contents.len() as u64);
                    seen.push((path.to_path_buf(), contents));
                    Ok::<_, ()>(path.to_path_buf())
                },
            );
        assert!(!run.states.is_empty() && run.states.len() <= threads);
        assert!(matches!(run.results[7], Err(FileError::Read(_))));
        let mut seen: Vec<(PathBuf, Vec<u8>)> = run.states.into_iter().flatten().collect();
        seen.sort();
        assert_eq!(seen.len(), paths.len(), "each file exactly once");
        for ((path, contents), expected) in seen.iter().zip(&paths) {
            assert_eq!(path, expected);
            assert_eq!(contents, &fs::read(expected).unwrap());
        }
        for (result, path) in run.results.iter().filter(|r| r.is_ok()).zip(&paths) {
            assert_eq!(result.as_ref().ok(), Some(path), "results in input order");
        }
    }

    #[test]
    fn mountinfo_lines_give_the_pseudo_filesystems_devices() {
        let text = "22 28 0:21 / /proc rw,nosuid shared:12 - proc proc rw\n\
                    23 28 0:22 / /sys rw,nosuid shared:2 - sysfs sysfs rw\n\
                    28 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n\
                    bad line\n";
        let found = PseudoFilesystems::parse(text);
        assert_eq!(
            found.mounts,
            [
                (encode_device(0, 21), "proc".to_owned()),
                (encode_device(0, 22), "sysfs".to_owned())
            ]
        );
        assert_eq!(encode_device(259, 2), (259 << 8) | 2);
        assert_eq!(encode_device(0, 300), (300 & 0xff) | ((300 & !0xff) << 12));
    }
}
