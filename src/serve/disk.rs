//! Static files read from the project as they are served: opened without following links,
//! checked to be regular files inside the project, and streamed a chunk at a time.
//!
//! The served site lists a static file by its path; the file itself can change before the
//! rebuild notices (or while a rebuild fails and the last good site stays up), so nothing the
//! build checked is trusted here.

use std::fs;
use std::io;
use std::path::Path;

use axum::body::{Body, Bytes};
use tokio::io::AsyncReadExt;

/// How much of a file is read per chunk: memory per download stays this small.
const CHUNK: usize = 64 * 1024;

/// Opens `path` for serving if it is a regular file inside `root` (canonical), reached
/// without a symbolic link; returns the file and its length. Anything else is an error, which
/// the caller serves as 404: a link, a folder, a named pipe or device, or a file outside the
/// project.
pub(super) fn open_static(root: &Path, path: &Path) -> io::Result<(fs::File, u64)> {
    let refused = || io::Error::new(io::ErrorKind::NotFound, "not a file of the project");
    // The build's own opener: no link in the file's place, no named pipe, only a regular file.
    let file = crate::load::open_no_link(path)?;
    let meta = file.metadata()?;
    // A folder on the way may be a link out of the project: the resolved path must stay in
    // it, and name the very file that was opened.
    let real = path.canonicalize()?;
    if !real.starts_with(root) {
        return Err(refused());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let named = fs::metadata(&real)?;
        if (named.dev(), named.ino()) != (meta.dev(), meta.ino()) {
            return Err(refused());
        }
    }
    Ok((file, meta.len()))
}

/// [`open_static`] off the server's thread: a slow disk (a network drive) delays one
/// response, not every connection.
pub(super) async fn open(root: &Path, path: &Path) -> io::Result<(fs::File, u64)> {
    let (root, path) = (root.to_path_buf(), path.to_path_buf());
    tokio::task::spawn_blocking(move || open_static(&root, &path))
        .await
        .unwrap_or_else(|_| Err(io::Error::other("the file could not be opened")))
}

/// A response body that reads `file` a chunk at a time as the client takes it.
pub(super) fn stream(file: fs::File) -> Body {
    let file = Some(tokio::fs::File::from_std(file));
    let chunks = futures_util::stream::unfold(file, |file| async move {
        let mut file = file?;
        let mut buffer = vec![0u8; CHUNK];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(read) => {
                buffer.truncate(read);
                Some((Ok(Bytes::from(buffer)), Some(file)))
            }
            // The error ends the body (the client sees a cut response); nothing more is read.
            Err(error) => Some((Err(error), None)),
        }
    });
    Body::from_stream(chunks)
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use super::open_static;
    use std::os::unix::fs::symlink;

    #[test]
    fn only_regular_files_inside_the_project_open() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("project");
        let outside = base.join("outside");
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("secret.txt"), "secret").unwrap();
        std::fs::write(root.join("static/a.txt"), "hello").unwrap();

        let (_, length) = open_static(&root, &root.join("static/a.txt")).unwrap();
        assert_eq!(length, 5);

        symlink(outside.join("secret.txt"), root.join("static/link.txt")).unwrap();
        assert!(open_static(&root, &root.join("static/link.txt")).is_err());
        symlink(root.join("static/a.txt"), root.join("static/inner.txt")).unwrap();
        assert!(
            open_static(&root, &root.join("static/inner.txt")).is_err(),
            "a link is refused even when it points inside"
        );
        symlink(&outside, root.join("static/out")).unwrap();
        assert!(open_static(&root, &root.join("static/out/secret.txt")).is_err());
        assert!(open_static(&root, &root.join("static")).is_err());
        assert!(open_static(&root, &outside.join("secret.txt")).is_err());
        assert!(open_static(&root, &root.join("static/missing.txt")).is_err());
    }
}
