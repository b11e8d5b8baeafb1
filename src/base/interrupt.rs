//! Ctrl-C and SIGTERM: the first one asks the build to stop at the next batch boundary, so the
//! temporary output folder is removed and the target folder is left as it was. A second one ends
//! the process at once (the target folder is still untouched; only a temporary folder remains).

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the handler; call once from the binary.
pub fn install() -> Result<(), String> {
    ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("corpusmill: interrupted, stopping (press Ctrl-C again to quit at once)");
    })
    .map_err(|e| e.to_string())
}

/// Whether a stop was requested.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
