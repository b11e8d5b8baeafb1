//! Progress bars on stderr, only when it is a terminal and the user did not ask for quiet, and
//! with `--verbose` a line per finished pass. The pipeline sees only the [`Reporter`] trait,
//! never indicatif.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::Reporter;

pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    enabled: bool,
    /// Whether each finished pass is reported on a line of its own (`--verbose`).
    verbose: bool,
    /// The current pass: its name and start, for the verbose line.
    pass: Mutex<Option<(&'static str, Instant)>>,
    /// Documents and bytes done in the current pass.
    docs: AtomicU64,
    bytes: AtomicU64,
}

impl Bars {
    pub fn new(quiet: bool, verbose: bool) -> Bars {
        Bars {
            bar: Mutex::new(None),
            enabled: !quiet && std::io::stderr().is_terminal(),
            verbose,
            pass: Mutex::new(None),
            docs: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }
}

/// The verbose line of a finished pass: what it read, how long it took and how fast.
fn pass_line(name: &str, docs: u64, bytes: u64, seconds: f64) -> String {
    let mb = bytes as f64 / 1e6;
    let rate = if seconds > 0.0 { mb / seconds } else { 0.0 };
    let size = match bytes {
        0..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{mb:.1} MB"),
    };
    format!(
        "corpusmill: pass {name}: {docs} documents, {size} read in {seconds:.2} s ({rate:.1} MB/s)"
    )
}

/// A bar of bytes read out of the total, with the rate, the documents done and the time left.
fn bar(total_bytes: Option<u64>) -> ProgressBar {
    let (bar, template) = match total_bytes {
        Some(n) => (
            ProgressBar::new(n),
            "{prefix:>9} [{wide_bar}] {bytes}/{total_bytes} at {binary_bytes_per_sec}, {msg} [{elapsed}<{eta}]",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{prefix:>9} {spinner} {bytes}, {msg} [{elapsed}]",
        ),
    };
    let style =
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar
}

impl Reporter for Bars {
    fn pass_started(&self, name: &'static str, total_bytes: Option<u64>) {
        self.docs.store(0, Ordering::Relaxed);
        self.bytes.store(0, Ordering::Relaxed);
        if let Ok(mut pass) = self.pass.lock() {
            *pass = Some((name, Instant::now()));
        }
        if !self.enabled {
            return;
        }
        let bar = bar(total_bytes);
        bar.set_prefix(name);
        bar.set_message("0 docs");
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, docs: u64, bytes: u64) {
        let done = self.docs.fetch_add(docs, Ordering::Relaxed) + docs;
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(bytes);
            bar.set_message(format!("{done} docs"));
        }
    }

    fn pass_finished(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
        let pass = self.pass.lock().ok().and_then(|mut p| p.take());
        if let (true, Some((name, started))) = (self.verbose, pass) {
            let (docs, bytes) = (
                self.docs.load(Ordering::Relaxed),
                self.bytes.load(Ordering::Relaxed),
            );
            eprintln!(
                "{}",
                pass_line(name, docs, bytes, started.elapsed().as_secs_f64())
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_line_names_the_pass_its_size_and_speed() {
        let line = pass_line("counting", 1200, 50_000_000, 2.0);
        assert_eq!(
            line,
            "corpusmill: pass counting: 1200 documents, 50.0 MB read in 2.00 s (25.0 MB/s)"
        );
        assert_eq!(
            pass_line("hashing", 3, 2_500, 0.0),
            "corpusmill: pass hashing: 3 documents, 2.5 kB read in 0.00 s (0.0 MB/s)"
        );
    }
}
