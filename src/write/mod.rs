//! Stage 5, write: pages go to a temporary folder next to the output folder as they render,
//! and reach the output folder only when the whole build succeeded. A failed build leaves the
//! previous output untouched, and nothing outside the output folder is ever written or deleted.
//!
//! A first build (or one after the output folder was emptied or altered) swaps the staged
//! folder into place. A rebuild updates the output folder in place instead: pages that come
//! out as the previous build left them are not touched at all, changed ones are written over
//! their old files, new ones are moved in, and whatever the new site no longer has is deleted.
//! On large sites most pages come out the same, and every file created, linked or deleted is
//! a system call. Changed pages wait in one file of the staging folder, the pack, until the
//! build has succeeded: a file per page there, and the old files deleted, made a rebuild that
//! changes every page (a new site title, an edited template) several times slower on ext4
//! without a journal, which searches past every recently deleted inode for a free one.

mod guard;
mod journal;
mod lock;
pub mod manifest;
mod place;
mod private;
mod staging;

pub use guard::unsafe_output;
pub use journal::{OLD_PREFIX, Recovered, STAGING_PREFIX, recover, remove_interrupted_staging};
pub use lock::{BuildLock, lock_builds};
pub use private::{unsafe_private_output, write_private};
pub use staging::{PreviousPages, Staged};

#[cfg(test)]
mod tests {
    use super::guard::not_ours;
    use super::manifest::{LEGACY_MANIFEST, MARKER, MARKER_TEXT, Manifest};
    use super::place::rewrite;
    use super::staging::PACK_NAME;
    use super::*;
    use crate::error::IoFailure;
    use crate::render::OutputPage;
    use std::fs;
    use std::path::Path;

    #[test]
    fn output_may_not_contain_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("handbook");
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(unsafe_output(&root, &root).is_some());
        assert!(unsafe_output(&root, dir.path()).is_some());
        assert!(unsafe_output(&root, &root.join("content/out")).is_some());
        assert!(unsafe_output(&root, &root.join("public")).is_none());
    }

    #[test]
    fn only_a_missing_or_empty_folder_or_a_builds_own_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out");
        assert_eq!(not_ours(&folder), None, "missing");
        fs::create_dir(&folder).unwrap();
        assert_eq!(not_ours(&folder), None, "empty");
        fs::write(folder.join("notes.txt"), "mine").unwrap();
        let refused = not_ours(&folder).expect("a folder of the user's files is refused");
        assert!(refused.contains("not empty"), "{refused}");
        assert!(refused.contains(MARKER), "{refused}");
        // A build's folder: it has the marker (also when its update was cut short).
        fs::write(folder.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(not_ours(&folder), None);
        // A folder built before the manifest moved out of it.
        fs::remove_file(folder.join(MARKER)).unwrap();
        fs::write(folder.join(LEGACY_MANIFEST), "{}").unwrap();
        assert_eq!(not_ours(&folder), None);
        let file = dir.path().join("page.html");
        fs::write(&file, "x").unwrap();
        assert!(not_ours(&file).unwrap().contains("is a file"));
    }

    /// Where the tests keep the manifest of `output`: beside it (so the folder that holds the
    /// site has two entries, the site and its manifest).
    fn manifest_path(output: &Path) -> std::path::PathBuf {
        output.with_extension("manifest.json")
    }

    /// Writes `pages` into `output` as a build does, with a manifest of their records.
    fn write_site(output: &Path, pages: &[(&str, &str)]) -> Result<(), IoFailure> {
        let location = manifest_path(output);
        let previous = crate::write::manifest::previous(&location, output);
        let staged = Staged::new(output, PreviousPages::new(output, previous.as_ref()))?;
        for (path, html) in pages {
            staged.add_page(OutputPage::text(path.to_string(), html.to_string()));
        }
        let files = staged.records()?;
        let manifest = Manifest {
            version: String::new(),
            stamp: String::new(),
            program_name: String::new(),
            counts: Default::default(),
            departments: Vec::new(),
            files,
        };
        staged.finish(&crate::write::manifest::to_json(&manifest), &location)
    }

    #[test]
    fn writing_replaces_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("stale.html"), "old").unwrap();
        write_site(&output, &[("a/index.html", "new")]).unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!output.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no staging folders left behind");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_pages_are_left_in_place_and_changed_ones_written_over_their_files() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let inode = |path: &str| fs::metadata(output.join(path)).unwrap().ino();
        let read = |path: &str| fs::read_to_string(output.join(path)).unwrap();
        write_site(&output, &[("same.html", "same"), ("edit.html", "before")]).unwrap();
        let (same, edit) = (inode("same.html"), inode("edit.html"));

        write_site(&output, &[("same.html", "same"), ("edit.html", "after")]).unwrap();
        assert_eq!(
            inode("same.html"),
            same,
            "an identical page is the same file"
        );
        assert_eq!(
            inode("edit.html"),
            edit,
            "a changed page is written over its file"
        );
        assert_eq!(read("edit.html"), "after", "a shorter page leaves no tail");
        write_site(
            &output,
            &[("same.html", "same"), ("edit.html", "after, longer")],
        )
        .unwrap();
        assert_eq!(read("edit.html"), "after, longer");
        let beside: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(beside.len(), 2, "no staging folder left beside the site");
        assert!(!output.join(PACK_NAME).exists());

        // A page altered by hand after the build (another size) is written again.
        fs::write(output.join("same.html"), "hand-edited").unwrap();
        write_site(
            &output,
            &[("same.html", "same"), ("edit.html", "after, longer")],
        )
        .unwrap();
        assert_eq!(read("same.html"), "same");
    }

    #[cfg(unix)]
    #[test]
    fn a_changed_page_is_never_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "not the site's").unwrap();
        write_site(&output, &[("a.html", "first"), ("b.html", "first")]).unwrap();
        // Each page's file replaced by another name for the outside file.
        fs::remove_file(output.join("a.html")).unwrap();
        std::os::unix::fs::symlink(&outside, output.join("a.html")).unwrap();
        fs::remove_file(output.join("b.html")).unwrap();
        fs::hard_link(&outside, output.join("b.html")).unwrap();

        write_site(&output, &[("a.html", "second"), ("b.html", "second")]).unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "not the site's");
        for page in ["a.html", "b.html"] {
            let meta = fs::symlink_metadata(output.join(page)).unwrap();
            assert!(meta.is_file(), "{page} is a file of its own again");
            assert_eq!(fs::read_to_string(output.join(page)).unwrap(), "second");
        }

        // And when the link appears between the build and the write over the old file.
        std::os::unix::fs::symlink(&outside, output.join("c.html")).unwrap();
        rewrite(&output.join("c.html"), b"third").unwrap();
        assert_eq!(fs::read_to_string(&outside).unwrap(), "not the site's");
        assert!(
            fs::symlink_metadata(output.join("c.html"))
                .unwrap()
                .is_file()
        );
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[("a.html", "first")]).unwrap();
        let manifest = fs::read_to_string(manifest_path(&output)).unwrap();
        // A changed page goes into the pack; then a page that cannot be written (a file name
        // with a NUL byte) fails the build.
        let failed = write_site(&output, &[("a.html", "second"), ("b\0.html", "x")]);
        assert!(failed.is_err());
        assert_eq!(fs::read_to_string(output.join("a.html")).unwrap(), "first");
        assert_eq!(
            fs::read_to_string(manifest_path(&output)).unwrap(),
            manifest
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no staging folders left behind");
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(Result::unwrap)
            .map(|e| {
                let path = e.path().strip_prefix(dir).unwrap();
                let name = path.to_str().unwrap().to_string();
                if e.file_type().is_dir() {
                    name + "/"
                } else {
                    name
                }
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_rebuild_in_place_removes_what_the_site_no_longer_has() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        let first = [
            ("index.html", "home"),
            ("old/gone.html", "gone"),
            ("kept/a.html", "a"),
            ("kept/b.html", "b"),
            ("page", "a file where a folder will be"),
        ];
        write_site(&output, &first).unwrap();
        fs::write(output.join("kept/stray.txt"), "put here by hand").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), output.join("link")).unwrap();

        let second = [
            ("index.html", "home"),
            ("kept/a.html", "a, edited"),
            ("kept/b.html", "b"),
            ("new/c.html", "c"),
            ("page/index.html", "a folder where a file was"),
        ];
        write_site(&output, &second).unwrap();
        let mut expected = vec![
            MARKER,
            "index.html",
            "kept/",
            "kept/a.html",
            "kept/b.html",
            "new/",
            "new/c.html",
            "page/",
            "page/index.html",
        ];
        expected.sort();
        assert_eq!(files(&output), expected);
        for (path, html) in second {
            assert_eq!(fs::read_to_string(output.join(path)).unwrap(), html);
        }
        // The link was removed, not followed: what it pointed at is still there.
        assert!(dir.path().join("public").is_dir());
        let manifest = crate::write::manifest::previous(&manifest_path(&output), &output).unwrap();
        let listed: Vec<&str> = manifest.files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            listed,
            [
                "index.html",
                "kept/a.html",
                "kept/b.html",
                "new/c.html",
                "page/index.html"
            ]
        );
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 2, "no staging folders left behind");
    }

    #[test]
    fn without_a_manifest_the_whole_folder_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[("a.html", "a"), ("b.html", "b")]).unwrap();
        // An in-place update cut short: the manifest removed, a page half-replaced.
        fs::remove_file(manifest_path(&output)).unwrap();
        fs::write(output.join("b.html"), "x").unwrap();
        write_site(&output, &[("a.html", "a"), ("b.html", "b")]).unwrap();
        assert_eq!(fs::read_to_string(output.join("b.html")).unwrap(), "b");
        assert_eq!(files(&output), [MARKER, "a.html", "b.html"]);
    }

    #[test]
    fn the_output_folder_holds_the_site_and_a_marker_only() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        write_site(&output, &[("a.html", "a")]).unwrap();
        write_site(&output, &[("a.html", "a"), ("b.html", "b")]).unwrap();
        assert_eq!(files(&output), [MARKER, "a.html", "b.html"]);
        assert_eq!(
            fs::read_to_string(output.join(MARKER)).unwrap(),
            MARKER_TEXT
        );
        assert!(manifest_path(&output).is_file());
        // A folder of an earlier version, with its manifest inside: recognized, and the
        // next build leaves the site and the marker only.
        fs::remove_file(output.join(MARKER)).unwrap();
        fs::write(output.join(LEGACY_MANIFEST), "{}").unwrap();
        write_site(&output, &[("a.html", "a")]).unwrap();
        assert_eq!(files(&output), [MARKER, "a.html"]);
    }
}
