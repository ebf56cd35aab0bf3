//! A copy of the index at one commit point, for `whosaid backup`, taken while a writer in
//! another process may commit and merge.
//!
//! Tantivy deletes the files of an old commit only in its garbage collection, which decides
//! what is dead while holding the directory's `META_LOCK` (a file lock, so across
//! processes); a reader holds the same lock while it loads `meta.json` and opens the
//! segments it names, which is what keeps those files from being collected under it. We
//! do what a reader does, for the length of the copy: take `META_LOCK`, load `meta.json`,
//! copy every file of its segments, and write `meta.json` from what was loaded. A writer's
//! garbage collection (and so its commit, which waits for it) waits meanwhile.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tantivy::directory::META_LOCK;
use tantivy::Directory;

use super::{Index, IndexError};

/// Tantivy's list of the files it manages (and so collects).
const MANAGED: &str = ".managed.json";

/// What [`Index::copy_commit`] copied.
#[derive(Debug)]
pub struct CommitCopy {
    /// The tantivy operation stamp of the commit.
    pub opstamp: u64,
    /// The files written, relative to the destination, `meta.json` and `.managed.json`
    /// included.
    pub files: Vec<PathBuf>,
}

impl Index {
    /// Copy the last committed state of the index into `dest` (created; it should be
    /// empty): the segment files `meta.json` names, `meta.json`, and a `.managed.json`
    /// listing them, so the copy's writer collects them as tantivy's own once merged away.
    pub fn copy_commit(&self, dest: &Path) -> Result<CommitCopy, IndexError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| IndexError::Io { path, source }
        };
        std::fs::create_dir_all(dest).map_err(io(dest))?;
        let _meta_lock = self
            .index
            .directory()
            .acquire_lock(&META_LOCK)
            .map_err(|e| IndexError::Tantivy(e.into()))?;
        let metas = self.index.load_metas()?;
        let mut files = BTreeSet::new();
        // The candidate names include components a segment may lack (no deletes, no temp
        // store); under the lock a file of this commit cannot have been collected, so one
        // that is absent was never written.
        for name in metas.list_segment_files() {
            let from = self.dir.join(&name);
            if !from.exists() {
                continue;
            }
            let to = dest.join(&name);
            std::fs::copy(&from, &to).map_err(io(&from))?;
            sync(&to).map_err(io(&to))?;
            files.insert(name);
        }
        let mut meta_json = serde_json::to_vec_pretty(&metas).map_err(json_err)?;
        meta_json.push(b'\n');
        write_synced(&dest.join("meta.json"), &meta_json).map_err(io(dest))?;
        files.insert(PathBuf::from("meta.json"));
        let mut managed = serde_json::to_vec(&files).map_err(json_err)?;
        managed.push(b'\n');
        write_synced(&dest.join(MANAGED), &managed).map_err(io(dest))?;
        let mut files: Vec<PathBuf> = files.into_iter().collect();
        files.push(PathBuf::from(MANAGED));
        Ok(CommitCopy {
            opstamp: metas.opstamp,
            files,
        })
    }
}

fn json_err(e: serde_json::Error) -> IndexError {
    IndexError::Tantivy(tantivy::TantivyError::InternalError(e.to_string()))
}

fn sync(path: &Path) -> std::io::Result<()> {
    std::fs::File::open(path)?.sync_all()
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)?;
    sync(path)
}
