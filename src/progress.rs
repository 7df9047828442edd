//! The progress bar of long runs, on standard error so that standard output
//! stays machine-readable.
//!
//! By default the bar appears only when standard error is a terminal and the run
//! turns out long: after [`SHOW_AFTER`] or [`SHOW_AFTER_DOCUMENTS`] documents,
//! whichever comes first, so a quick check of one file never flickers a bar.
//! `--quiet` turns it off, `--progress` on (even when standard error is piped,
//! for logs watched with `tail -f`).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// How long a run goes before its bar appears.
pub const SHOW_AFTER: Duration = Duration::from_secs(1);

/// How many documents a run reads before its bar appears.
pub const SHOW_AFTER_DOCUMENTS: u64 = 50;

/// Whether to show a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// When standard error is a terminal and the run is long.
    Auto,
    /// Always (`--progress`).
    Always,
    /// Never (`--quiet`).
    Never,
}

/// What the bar measures against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    /// A known number of documents (files).
    Documents(u64),
    /// A known number of input bytes (JSONL files); documents are counted in the message.
    Bytes(u64),
    /// Unknown (standard input): a spinner with counts and rate.
    Unknown,
}

/// A progress display that may stay hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: Total,
    forced: bool,
    start: Instant,
    shown: bool,
    documents: u64,
}

impl Progress {
    /// A display for a run of `total` in `mode`.
    pub fn new(mode: Mode, total: Total) -> Progress {
        let enabled = match mode {
            Mode::Never => false,
            Mode::Always => true,
            Mode::Auto => std::io::stderr().is_terminal(),
        };
        let bar = enabled.then(|| {
            let (len, template) = match total {
                Total::Documents(n) => {
                    (Some(n), "{wide_bar} {pos}/{len} documents, {per_sec}, {elapsed} elapsed, ETA {eta}")
                }
                Total::Bytes(n) => (
                    Some(n),
                    "{wide_bar} {bytes}/{total_bytes}, {msg}, {binary_bytes_per_sec}, {elapsed} elapsed, ETA {eta}",
                ),
                Total::Unknown => (None, "{spinner} {msg}, {elapsed} elapsed"),
            };
            let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::hidden());
            bar.set_style(ProgressStyle::with_template(template).expect("valid progress template"));
            bar
        });
        Progress { bar, total, forced: mode == Mode::Always, start: Instant::now(), shown: false, documents: 0 }
    }

    /// Counts `documents` more documents done and `bytes` more input read.
    pub fn advance(&mut self, documents: u64, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        self.documents += documents;
        match self.total {
            Total::Documents(_) => bar.inc(documents),
            Total::Bytes(_) => bar.inc(bytes),
            Total::Unknown => bar.inc(documents),
        }
        if !matches!(self.total, Total::Documents(_)) {
            let secs = self.start.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!("{} documents ({:.0}/s)", self.documents, self.documents as f64 / secs));
        }
        if !self.shown && (self.documents > SHOW_AFTER_DOCUMENTS || self.start.elapsed() >= SHOW_AFTER) {
            self.shown = true;
            // A terminal gets indicatif's own target; a forced bar on a pipe
            // draws through plain escape sequences (indicatif hides it otherwise).
            let target = if std::io::stderr().is_terminal() || !self.forced {
                ProgressDrawTarget::stderr()
            } else {
                ProgressDrawTarget::term_like_with_hz(Box::new(PlainStderr), 4)
            };
            bar.set_draw_target(target);
        }
    }

    /// Runs `f` (which writes to standard error) with the bar cleared, so a
    /// message does not land in the middle of it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar, leaving standard error for the summary and errors.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Standard error driven with ANSI escape sequences, for `--progress` when it is
/// not a terminal.
#[derive(Debug)]
struct PlainStderr;

impl PlainStderr {
    fn write(&self, s: &str) -> std::io::Result<()> {
        std::io::stderr().lock().write_all(s.as_bytes())
    }
}

impl TermLike for PlainStderr {
    fn width(&self) -> u16 {
        std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(100)
    }
    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        if n > 0 { self.write(&format!("\x1b[{n}A")) } else { Ok(()) }
    }
    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        if n > 0 { self.write(&format!("\x1b[{n}B")) } else { Ok(()) }
    }
    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        if n > 0 { self.write(&format!("\x1b[{n}C")) } else { Ok(()) }
    }
    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        if n > 0 { self.write(&format!("\x1b[{n}D")) } else { Ok(()) }
    }
    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write(&format!("{s}\n"))
    }
    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.write(s)
    }
    fn clear_line(&self) -> std::io::Result<()> {
        self.write("\r\x1b[2K")
    }
    fn flush(&self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
