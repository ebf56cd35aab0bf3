//! Files as a backup sees them: size and BLAKE3 hash, copied and hashed in one pass.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use super::{BackupError, FileEntry};

/// The manifest entry of the file `rel` under `root`.
pub fn entry(root: &Path, rel: &Path) -> Result<FileEntry, BackupError> {
    let path = root.join(rel);
    let mut file = File::open(&path).map_err(io_err(&path))?;
    let (bytes, blake3) = hash_into(&mut file, &mut io::sink()).map_err(io_err(&path))?;
    Ok(FileEntry {
        path: rel.to_path_buf(),
        bytes,
        blake3,
    })
}

/// Copy `from` to the new file `to`, synced; its size and hash.
pub fn copy_hashed(from: &Path, to: &Path) -> io::Result<(u64, String)> {
    let mut src = File::open(from)?;
    let mut dst = File::create(to)?;
    let out = hash_into(&mut src, &mut dst)?;
    dst.sync_all()?;
    Ok(out)
}

fn hash_into(src: &mut impl Read, dst: &mut impl Write) -> io::Result<(u64, String)> {
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match src.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        dst.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((total, hasher.finalize().to_hex().to_string()))
}

/// A manifest path that stays inside the directory it is joined to: relative, with
/// neither `..` nor a root (a hand-made manifest must not write elsewhere).
pub fn is_inside(rel: &Path) -> bool {
    rel.components().all(|c| matches!(c, Component::Normal(_))) && rel.components().next().is_some()
}

pub fn io_err(path: &Path) -> impl FnOnce(io::Error) -> BackupError {
    let path: PathBuf = path.to_path_buf();
    move |source| BackupError::Io { path, source }
}

/// Sync a directory, so the names just written or renamed in it survive a crash.
pub fn sync_dir(dir: &Path) -> Result<(), BackupError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_err(dir))
}
