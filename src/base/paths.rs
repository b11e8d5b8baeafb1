//! Paths as the manifest and checksums write them: relative, `/`-separated.

use std::path::Path;

use crate::base::error::{Error, Result};

/// `path` relative to `root`, `/`-separated, as written in the manifest and checksums.
pub fn relative_slash(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every regular file below `root`, as relative `/`-separated paths.
pub fn list_files(root: &Path, out: &mut Vec<String>) -> Result<()> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(relative_slash(root, &path));
            }
        }
        Ok(())
    }
    walk(root, root, out)
}
