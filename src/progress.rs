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
    /// Bytes read in the current pass.
    bytes: AtomicU64,
}

impl Bars {
    pub fn new(quiet: bool) -> Bars {
        Bars {
            bar: Mutex::new(None),
            enabled: !quiet && std::io::stderr().is_terminal(),
            bytes: AtomicU64::new(0),
        }
    }
}

impl Reporter for Bars {
    fn pass_started(&self, name: &'static str, total_docs: Option<u64>) {
        if !self.enabled {
            return;
        }
        let bar = match total_docs {
            Some(n) => ProgressBar::new(n),
            None => ProgressBar::new_spinner(),
        };
        let style =
            ProgressStyle::with_template("{prefix:>9} {spinner} {pos} docs, {msg} [{elapsed}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_prefix(name);
        self.bytes.store(0, Ordering::Relaxed);
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, docs: u64, bytes: u64) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(docs);
            let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
            bar.set_message(format!("{:.1} MB", total as f64 / 1e6));
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
