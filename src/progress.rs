//! Progress bars on stderr, only when it is a terminal and the user did not ask for quiet. The
//! pipeline sees only the [`Reporter`] trait, never indicatif.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

use crate::pipeline::Reporter;

pub struct Bars {
    bar: Mutex<Option<ProgressBar>>,
    enabled: bool,
    /// Documents done in the current pass; the bar itself counts bytes.
    docs: AtomicU64,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            bar: Mutex::new(None),
            enabled: !quiet && std::io::stderr().is_terminal(),
            docs: AtomicU64::new(0),
        }
    }
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
        if !self.enabled {
            return;
        }
        let bar = bar(total_bytes);
        bar.set_prefix(name);
        bar.set_message("0 docs");
        self.docs.store(0, Ordering::Relaxed);
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, docs: u64, bytes: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(bytes);
            let done = self.docs.fetch_add(docs, Ordering::Relaxed) + docs;
            bar.set_message(format!("{done} docs"));
        }
    }

    fn pass_finished(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}
