//! Where `sim se` sends its debug trace (`--debug-flags`) and its warnings, and what
//! happens when they cannot be written.
//!
//! * Trace lines go to standard output, or through a buffer to `--debug-file`, as
//!   gem5's debug output does; warnings and errors go to standard error as
//!   `warn: ...` and `error: ...` lines, as gem5's `warn()` prints them.
//! * Standard output or standard error being a closed pipe
//!   (`sim se --debug-flags=Exec prog | head -1`) ends `sim` at once by SIGPIPE,
//!   quietly (status 141 in a shell), as it ends coreutils or gem5, which leave
//!   SIGPIPE at its default action. Rust programs ignore SIGPIPE, so `sim` raises it
//!   itself when a write fails with `EPIPE`; the guest's own writes to a closed pipe
//!   are the SE kernel's business, not this module's.
//! * Any other failure to write the trace (disk full, a `--debug-file` pipe whose
//!   reader went away) stops the trace at once; the run stops at its next poll (at
//!   most a simulated millisecond later) with its stats dumped, and `sim` prints one
//!   error naming the file and exits with status 1 ([`TraceOutput::finish`]).
//! * Standard error failing otherwise (full disk) is ignored: there is nowhere left
//!   to say so, and warnings are not the result of the run.
//!
//! Nothing here hands a write error back to `tracing`, whose own reporting prints a
//! line per failed event (gigabytes for an instruction trace) and panics when
//! standard error is closed.

use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, MakeWriter};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

/// The destination of the debug trace, and the error that stopped it, if any.
pub struct TraceOutput {
    /// Set once a write has failed: later lines are dropped, and the run's poll
    /// reads it ([`failed`](Self::failed)) to stop.
    failed: AtomicBool,
    inner: Mutex<Inner>,
}

struct Inner {
    sink: Sink,
    error: Option<String>,
}

enum Sink {
    /// Line-buffered, so that trace lines and the guest's own output (written to the
    /// same descriptor by the SE kernel) stay in order.
    Stdout,
    File {
        path: PathBuf,
        out: BufWriter<File>,
    },
}

impl TraceOutput {
    /// Trace to standard output.
    pub fn stdout() -> Arc<TraceOutput> {
        Self::with(Sink::Stdout)
    }

    /// Trace to a new file at `path` (replacing any).
    pub fn create_file(path: &Path) -> io::Result<Arc<TraceOutput>> {
        let f = File::create(path)?;
        Ok(Self::with(Sink::File {
            path: path.to_path_buf(),
            out: BufWriter::with_capacity(1 << 16, f),
        }))
    }

    fn with(sink: Sink) -> Arc<TraceOutput> {
        Arc::new(TraceOutput {
            failed: AtomicBool::new(false),
            inner: Mutex::new(Inner { sink, error: None }),
        })
    }

    /// Whether writing the trace has failed (one atomic load: asked at every poll).
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    /// Write one formatted trace line, unless the trace has already failed.
    fn write_line(&self, line: &[u8]) {
        if self.failed() {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let result = match &mut inner.sink {
            Sink::Stdout => io::stdout().write_all(line),
            Sink::File { out, .. } => out.write_all(line),
        };
        if let Err(e) = result {
            self.fail(&mut inner, e);
        }
    }

    fn fail(&self, inner: &mut Inner, e: io::Error) {
        let message = match &inner.sink {
            Sink::Stdout if e.kind() == io::ErrorKind::BrokenPipe => die_of_sigpipe(),
            Sink::Stdout => format!("cannot write the debug output to standard output: {e}"),
            Sink::File { path, .. } => {
                format!("cannot write debug file {}: {e}", path.display())
            }
        };
        inner.error.get_or_insert(message);
        self.failed.store(true, Ordering::Relaxed);
    }

    /// Flush what is buffered, and return the error that stopped the trace, if any
    /// (one line, naming the file).
    pub fn finish(&self) -> Result<(), String> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if !self.failed() {
            let result = match &mut inner.sink {
                Sink::Stdout => io::stdout().flush(),
                Sink::File { out, .. } => out.flush(),
            };
            if let Err(e) = result {
                self.fail(&mut inner, e);
            }
        }
        match &inner.error {
            Some(message) => Err(message.clone()),
            None => Ok(()),
        }
    }
}

/// End the process by SIGPIPE, as a Unix tool whose output pipe was closed.
fn die_of_sigpipe() -> ! {
    crate::die_by_signal(libc::SIGPIPE);
    // Not reached: SIGPIPE's default action ends the process.
    std::process::exit(128 + libc::SIGPIPE)
}

/// Write `text` and a newline to standard error without panicking (unlike
/// `eprintln!`): a closed pipe ends the process by SIGPIPE, other errors are ignored.
pub fn eprint_line(text: fmt::Arguments<'_>) {
    write_stderr(format!("{text}\n").as_bytes());
}

fn write_stderr(bytes: &[u8]) {
    if let Err(e) = io::stderr().write_all(bytes) {
        if e.kind() == io::ErrorKind::BrokenPipe {
            die_of_sigpipe();
        }
    }
}

/// The `tracing` writer of trace lines: never reports an error back.
struct TraceWriter<'a>(&'a TraceOutput);

impl Write for TraceWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_line(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct MakeTraceWriter(Arc<TraceOutput>);

impl<'a> MakeWriter<'a> for MakeTraceWriter {
    type Writer = TraceWriter<'a>;
    fn make_writer(&'a self) -> TraceWriter<'a> {
        TraceWriter(&self.0)
    }
}

/// The `tracing` writer of warnings: standard error, never reporting an error back.
struct StderrWriter;

impl Write for StderrWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        write_stderr(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Warnings as gem5 prints them: `warn: message key=value ...`.
struct LevelPrefix;

impl<S, N> FormatEvent<S, N> for LevelPrefix
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let level = match *event.metadata().level() {
            Level::ERROR => "error",
            Level::WARN => "warn",
            Level::INFO => "info",
            _ => "debug",
        };
        write!(writer, "{level}: ")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// Every warning and error, as `warn: ...` lines on standard error.
fn warning_layer<S>() -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .log_internal_errors(false)
        .event_format(LevelPrefix)
        .with_writer(|| StderrWriter)
        .with_filter(LevelFilter::WARN)
}

/// Send the events of `targets` (the debug flags, at INFO) to `trace` and every
/// warning and error to standard error. A no-op if a subscriber is already set
/// (a second run in the same process keeps the first one's).
pub fn install(targets: &[&str], trace: Arc<TraceOutput>) {
    let targets = targets
        .iter()
        .fold(Targets::new(), |t, name| t.with_target(*name, Level::INFO));
    let trace_layer = tracing_subscriber::fmt::layer()
        .without_time()
        .with_level(false)
        .with_target(false)
        .with_ansi(false)
        .log_internal_errors(false)
        .with_writer(MakeTraceWriter(trace))
        .with_filter(targets);
    let _ = tracing_subscriber::registry()
        .with(trace_layer)
        .with(warning_layer())
        .try_init();
}

/// Send every warning and error to standard error, as [`install`] does, with no
/// trace: for runs driven from Python, which have no debug flags. A no-op if a
/// subscriber is already set.
pub fn install_warnings() {
    let _ = tracing_subscriber::registry()
        .with(warning_layer())
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_stops_the_trace_with_one_error_naming_the_file() {
        let trace = TraceOutput::create_file(Path::new("/dev/full")).unwrap();
        let line = [b'x'; 100];
        // Enough to overflow the buffer several times: the first failed write stops
        // the trace, the rest are dropped without another error.
        for _ in 0..5000 {
            TraceWriter(&trace).write_all(&line).unwrap();
        }
        assert!(trace.failed());
        let err = trace.finish().unwrap_err();
        assert_eq!(
            err,
            "cannot write debug file /dev/full: No space left on device (os error 28)"
        );
        assert_eq!(trace.finish().unwrap_err(), err, "the same single error");
    }

    #[test]
    fn an_error_at_the_final_flush_is_reported_too() {
        let trace = TraceOutput::create_file(Path::new("/dev/full")).unwrap();
        TraceWriter(&trace).write_all(b"one short line\n").unwrap();
        assert!(!trace.failed(), "still in the buffer");
        assert!(trace.finish().unwrap_err().contains("/dev/full"));
    }

    #[test]
    fn a_writable_file_gets_every_line() {
        let dir = std::env::temp_dir().join(format!("sim-trace-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("trace.out");
        let trace = TraceOutput::create_file(&path).unwrap();
        for i in 0..10_000 {
            TraceWriter(&trace)
                .write_all(format!("line {i}\n").as_bytes())
                .unwrap();
        }
        trace.finish().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 10_000);
        assert_eq!(text.lines().last(), Some("line 9999"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
