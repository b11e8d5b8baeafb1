//! Object storage (`s3://`, `gs://`, `az://`), for the inputs, `WORK` and `DIR` of a planned
//! build (see `pipeline::plan`). The readers and writers work on local files, so a task copies
//! down what it reads and copies up what it writes; this module is that copying, through the
//! `object_store` crate, with credentials and endpoints from the usual environment variables
//! (`AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT`, `AWS_ALLOW_HTTP`, `GOOGLE_SERVICE_ACCOUNT`,
//! `AZURE_STORAGE_ACCOUNT_NAME`, ...).
//!
//! An object store has no rename: a dataset is published by uploading every file but
//! `manifest.json`, then `manifest.json` last, and a prefix without a manifest is no dataset.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use futures_util::{StreamExt, TryStreamExt};
use object_store::path::Path as Key;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use tokio::io::AsyncWriteExt;

use crate::base::error::{Error, Result};

/// Files up to this size are uploaded in one request; larger ones in parts.
const SINGLE_PUT: u64 = 32 << 20;
/// Bytes read from a local file per part of a multipart upload.
const PART: usize = 8 << 20;

/// Whether `location` names object storage rather than a local path.
pub fn is_remote(location: &str) -> bool {
    [
        "s3://", "s3a://", "gs://", "az://", "abfs://", "abfss://", "azure://",
    ]
    .iter()
    .any(|scheme| location.starts_with(scheme))
}

/// A prefix in an object store, such as `s3://bucket/corpus/work`.
#[derive(Clone)]
pub struct Remote {
    url: String,
    store: Arc<dyn ObjectStore>,
    root: Key,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.url)
    }
}

fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    static RUNTIME: OnceLock<std::result::Result<tokio::runtime::Runtime, String>> =
        OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Threads(format!("cannot start the object-store client: {e}")))
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> Result<T> {
    Ok(runtime()?.block_on(future))
}

impl Remote {
    pub fn open(url: &str) -> Result<Remote> {
        let trimmed = url.trim_end_matches('/');
        let parsed = url::Url::parse(trimmed).map_err(|e| store_error(url, e))?;
        let (store, root) = object_store::parse_url_opts(&parsed, std::env::vars())
            .map_err(|e| store_error(url, e))?;
        Ok(Remote {
            url: trimmed.to_string(),
            store: Arc::from(store),
            root,
        })
    }

    /// The prefix's URL, or that of `rel` below it.
    pub fn url(&self, rel: &str) -> String {
        match rel {
            "" => self.url.clone(),
            _ => format!("{}/{rel}", self.url),
        }
    }

    fn key(&self, rel: &str) -> Key {
        let mut parts: Vec<String> = self.root.parts().map(|p| p.as_ref().to_string()).collect();
        parts.extend(rel.split('/').filter(|p| !p.is_empty()).map(str::to_string));
        Key::from_iter(parts)
    }

    fn error(&self, rel: &str, cause: impl std::fmt::Display) -> Error {
        store_error(&self.url(rel), cause)
    }

    /// Every object below the prefix: its path relative to the prefix and its size, in the
    /// order a sorted walk of the same tree on disk gives (component by component).
    pub fn list(&self) -> Result<Vec<(String, u64)>> {
        let root_len = self.root.parts().count();
        let listed: Vec<object_store::ObjectMeta> =
            block_on(self.store.list(Some(&self.root)).try_collect())?
                .map_err(|e| self.error("", e))?;
        let mut objects: Vec<(Vec<String>, u64)> = listed
            .into_iter()
            .map(|meta| {
                let parts: Vec<String> = meta
                    .location
                    .parts()
                    .skip(root_len)
                    .map(|p| p.as_ref().to_string())
                    .collect();
                (parts, meta.size)
            })
            .filter(|(parts, _)| !parts.is_empty())
            .collect();
        objects.sort();
        Ok(objects
            .into_iter()
            .map(|(parts, size)| (parts.join("/"), size))
            .collect())
    }

    /// The size of the object at `rel`, or `None` when there is none.
    pub fn size(&self, rel: &str) -> Result<Option<u64>> {
        match block_on(self.store.head(&self.key(rel)))? {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.error(rel, e)),
        }
    }

    pub fn exists(&self, rel: &str) -> Result<bool> {
        Ok(self.size(rel)?.is_some())
    }

    /// The object at `rel`, whole, or `None` when there is none.
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        let fetched = block_on(async {
            match self.store.get(&self.key(rel)).await {
                Ok(got) => got.bytes().await.map(Some),
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        })?;
        Ok(fetched.map_err(|e| self.error(rel, e))?.map(|b| b.to_vec()))
    }

    /// Writes `bytes` as the object at `rel`, all or nothing.
    pub fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        block_on(self.store.put(&self.key(rel), PutPayload::from(bytes)))?
            .map(|_| ())
            .map_err(|e| self.error(rel, e))
    }

    /// Copies the object at `rel` into the local file `to`, through a temporary file.
    pub fn download(&self, rel: &str, to: &Path) -> Result<()> {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let partial = to.with_extension("download");
        let copied = block_on(async {
            let got = self
                .store
                .get(&self.key(rel))
                .await
                .map_err(|e| self.error(rel, e))?;
            let mut file = tokio::fs::File::create(&partial)
                .await
                .map_err(|e| Error::io(&partial, e))?;
            let mut stream = got.into_stream();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| self.error(rel, e))?;
                file.write_all(&chunk)
                    .await
                    .map_err(|e| Error::io(&partial, e))?;
            }
            file.flush().await.map_err(|e| Error::io(&partial, e))
        })?;
        copied?;
        std::fs::rename(&partial, to).map_err(|e| Error::io(to, e))
    }

    /// Copies the local file `from` to the object at `rel`; the object appears whole or not at
    /// all (one request, or a multipart upload completed at the end).
    pub fn upload(&self, from: &Path, rel: &str) -> Result<()> {
        let size = std::fs::metadata(from)
            .map_err(|e| Error::io(from, e))?
            .len();
        if size <= SINGLE_PUT {
            let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
            return self.write(rel, bytes);
        }
        let key = self.key(rel);
        block_on(async {
            use std::io::Read;
            let mut file = std::fs::File::open(from).map_err(|e| Error::io(from, e))?;
            let mut writer = object_store::buffered::BufWriter::with_capacity(
                Arc::clone(&self.store),
                key,
                PART,
            );
            let mut buffer = vec![0u8; PART];
            loop {
                let n = file.read(&mut buffer).map_err(|e| Error::io(from, e))?;
                if n == 0 {
                    break;
                }
                if let Err(e) = writer.write_all(&buffer[..n]).await {
                    let _ = writer.abort().await;
                    return Err(self.error(rel, e));
                }
            }
            writer.shutdown().await.map_err(|e| self.error(rel, e))
        })?
    }

    pub fn delete(&self, rel: &str) -> Result<()> {
        match block_on(self.store.delete(&self.key(rel)))? {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.error(rel, e)),
        }
    }
}

/// A private local folder for copies of what is at `url` (a stage task's part of a remote
/// `WORK`, a dataset to verify), in `$TMPDIR`, removed when dropped, however the command ends.
pub struct Scratch(std::path::PathBuf);

impl Scratch {
    /// `purpose` names the folder, beside this process's id and a hash of `url`.
    pub fn new(purpose: &str, url: &str) -> Scratch {
        let tag = crate::base::digest::hex(&crate::stages::dedup::content_hash(url));
        let name = format!("corpusmill-{purpose}-{}-{}", std::process::id(), &tag[..12]);
        Scratch(std::env::temp_dir().join(name))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A local copy of the dataset at `url`, in the fresh folder `into`. A prefix without a
/// `manifest.json` holds no dataset (one being written gets its manifest last).
pub fn fetch_dataset(url: &str, into: &Path) -> Result<()> {
    let remote = Remote::open(url)?;
    if !remote.exists("manifest.json")? {
        return Err(Error::BadDataset {
            path: url.into(),
            message: "no manifest.json: no dataset here (a dataset is complete only once its \
                      manifest is written, last)"
                .into(),
        });
    }
    for (rel, _) in remote.list()? {
        remote.download(&rel, &into.join(&rel))?;
    }
    Ok(())
}

fn store_error(url: &str, cause: impl std::fmt::Display) -> Error {
    Error::Store {
        url: url.to_string(),
        message: cause.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_object_store_schemes_are_remote() {
        assert!(is_remote("s3://bucket/corpus"));
        assert!(is_remote("gs://bucket"));
        assert!(is_remote("az://container/x"));
        assert!(!is_remote("/data/s3://odd"));
        assert!(!is_remote("corpus/s3"));
    }
}
