//! Folders for what a command writes for the coordinator alone, from personal data (proposed
//! matches): never inside the published site or the project's content, and only a folder that
//! is missing, empty or made by an earlier run, whose own files alone are replaced.

use std::fs;
use std::io::Write;
use std::path::Path;

use super::guard::absolute;
use super::manifest::{LEGACY_MANIFEST, MARKER as SITE_MARKER};
use crate::error::IoFailure;

/// The file that marks a folder as made by mentorkit for private output.
pub const MARKER: &str = ".mentorkit-private";

/// Why `output` may not hold private output of the project at `root`, whose site is built
/// into `site_output`, if so.
pub fn unsafe_private_output(root: &Path, site_output: &Path, output: &Path) -> Option<String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let output = absolute(output);
    if root.starts_with(&output) {
        return Some("it contains the handbook project itself".into());
    }
    if output.starts_with(absolute(site_output)) || in_built_site(&output) {
        return Some(
            "it is inside the site's output folder, which is published; personal data must \
             stay out of it"
                .into(),
        );
    }
    for folder in ["content", "templates", "themes", "static"] {
        if output.starts_with(root.join(folder)) {
            return Some(format!(
                "it is inside the project's {folder}/ folder, which the site is built from"
            ));
        }
    }
    not_ours(&output)
}

/// Whether a folder on the way to `output` was made by a site build.
fn in_built_site(output: &Path) -> bool {
    output.ancestors().any(|folder| {
        [SITE_MARKER, LEGACY_MANIFEST]
            .iter()
            .any(|name| fs::symlink_metadata(folder.join(name)).is_ok())
    })
}

fn not_ours(output: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(output).ok()?;
    if !meta.is_dir() {
        return Some("it is a file, not a folder".into());
    }
    if fs::symlink_metadata(output.join(MARKER)).is_ok() {
        return None;
    }
    match fs::read_dir(output).map(|mut entries| entries.next().is_none()) {
        Ok(true) => None,
        Ok(false) => Some(format!(
            "it is not empty and mentorkit did not make it (it has no {MARKER}); choose a new \
             folder"
        )),
        Err(e) => Some(format!("it cannot be read ({e})")),
    }
}

/// Writes `files` (name, bytes) into `output`, each to a temporary file first and then renamed
/// over its old version, so a reader never sees half a file. Other files are left alone.
pub fn write_private(output: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), IoFailure> {
    fs::create_dir_all(output).map_err(|e| IoFailure::new(output, "create", e))?;
    let mut all = vec![(MARKER, MARKER_TEXT.as_bytes().to_vec())];
    all.extend(files.iter().map(|(name, bytes)| (*name, bytes.clone())));
    for (name, bytes) in all {
        let path = output.join(name);
        let temporary = output.join(format!(".{name}.partial"));
        write_new(&temporary, &bytes).map_err(|e| IoFailure::new(&temporary, "write", e))?;
        fs::rename(&temporary, &path).map_err(|e| IoFailure::new(&path, "write", e))?;
    }
    Ok(())
}

const MARKER_TEXT: &str = "This folder was made by mentorkit. It holds personal data: keep it \
    private. The next run replaces the files it wrote and leaves any others alone.\n";

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let _ = fs::remove_file(path); // a partial file a failed run left
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_output_stays_out_of_the_site_and_the_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("handbook");
        fs::create_dir_all(root.join("content")).unwrap();
        let public = root.join("public");
        let refused = |output: &Path| unsafe_private_output(&root, &public, output);
        assert!(
            refused(&root.join("public/matches"))
                .unwrap()
                .contains("published")
        );
        assert!(
            refused(&root.join("content/x"))
                .unwrap()
                .contains("content/")
        );
        assert!(refused(&root).unwrap().contains("project itself"));
        assert_eq!(refused(&root.join("matches")), None);
        // A site built elsewhere is recognized by the marker a build leaves.
        let elsewhere = dir.path().join("site");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join(SITE_MARKER), "").unwrap();
        assert!(
            refused(&elsewhere.join("matches"))
                .unwrap()
                .contains("published")
        );
    }

    #[test]
    fn only_its_own_folder_is_written_into_and_other_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("handbook");
        let output = dir.path().join("matches");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("notes.txt"), "mine").unwrap();
        let public = root.join("public");
        let refused = unsafe_private_output(&root, &public, &output).unwrap();
        assert!(refused.contains("not empty"), "{refused}");
        fs::remove_file(output.join("notes.txt")).unwrap();
        write_private(&output, &[("matches.csv", b"a,b\n".to_vec())]).unwrap();
        fs::write(output.join("notes.txt"), "mine").unwrap();
        assert_eq!(unsafe_private_output(&root, &public, &output), None);
        write_private(&output, &[("matches.csv", b"c,d\n".to_vec())]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("matches.csv")).unwrap(),
            "c,d\n"
        );
        assert_eq!(
            fs::read_to_string(output.join("notes.txt")).unwrap(),
            "mine"
        );
        let names: Vec<_> = fs::read_dir(&output)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 3, "no partial files left: {names:?}");
    }
}
