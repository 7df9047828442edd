//! Which files a run reads: command-line paths, with directories walked the way
//! ripgrep walks them.
//!
//! Directories are walked with the `ignore` crate, so `.gitignore`, `.ignore` and
//! `.git/info/exclude` are obeyed and hidden files and directories are skipped; a
//! drafts folder usually sits next to build output and vendored copies that must
//! not be checked. Only files whose extension names a document format are kept.
//! A file named on the command line is always read, whatever its extension and
//! whether or not it is ignored: the user asked for it by name (as ripgrep does).

use std::path::Path;

use ignore::WalkBuilder;
use ignore::overrides::{Override, OverrideBuilder};

use crate::document::io_message;
use crate::error::Error;

/// Extensions (lower case, without the dot) of the files kept when walking a directory.
pub const DOCUMENT_EXTENSIONS: &[&str] = &["md", "markdown", "mdx", "txt", "html", "htm"];

/// Whether a path's extension is one of [`DOCUMENT_EXTENSIONS`] (case-insensitively).
pub fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)))
}

/// Builds the matcher for `--exclude` globs. Globs follow `.gitignore` syntax
/// relative to the current directory: `old` or `*.txt` match at any depth,
/// `drafts/old/**` only under `./drafts/old`.
fn excludes(globs: &[String]) -> Result<Override, Error> {
    let root = std::env::current_dir().map_err(|e| Error::new(format!("current directory: {}", io_message(&e))))?;
    let mut builder = OverrideBuilder::new(root);
    for glob in globs {
        // An override glob whitelists; the leading `!` makes it exclude, which is
        // what `--exclude` means.
        builder
            .add(&format!("!{glob}"))
            .map_err(|e| Error::new(format!("--exclude {glob:?} is not a valid glob: {e}")))?;
    }
    builder.build().map_err(|e| Error::new(format!("--exclude: {e}")))
}

/// The files to read for `paths`, in order: each argument in the order given,
/// a directory's files sorted by path. `-` (standard input) is passed through.
/// A path that does not exist, an unreadable directory or a bad glob is an error;
/// every error is returned, not just the first.
pub fn files(paths: &[String], exclude: &[String]) -> Result<Vec<String>, Vec<Error>> {
    let (out, errors) = files_and_errors(paths, exclude)?;
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Like [`files`], but a path that cannot be read (missing, unreadable) does not
/// stop the others: its error is returned beside the files that can be read, as
/// ripgrep goes on past a missing file. Only a bad `--exclude` glob is fatal.
pub fn files_and_errors(paths: &[String], exclude: &[String]) -> Result<(Vec<String>, Vec<Error>), Vec<Error>> {
    let overrides = excludes(exclude).map_err(|e| vec![e])?;
    let mut out: Vec<String> = Vec::new();
    let mut errors = Vec::new();
    for arg in paths {
        if arg == "-" {
            out.push(arg.clone());
            continue;
        }
        let path = Path::new(arg);
        match std::fs::metadata(path) {
            Err(e) => errors.push(Error::in_file(arg, io_message(&e))),
            Ok(meta) if !meta.is_dir() => out.push(arg.clone()),
            Ok(_) => walk_dir(path, &overrides, &mut out, &mut errors),
        }
    }
    // The same file reached twice (named and inside a named directory) is read once,
    // where it first appears.
    let mut seen = std::collections::HashSet::new();
    out.retain(|p| p == "-" || seen.insert(p.clone()));
    Ok((out, errors))
}

fn walk_dir(dir: &Path, overrides: &Override, out: &mut Vec<String>, errors: &mut Vec<Error>) {
    let walker = WalkBuilder::new(dir)
        .overrides(overrides.clone())
        // A `.gitignore` is obeyed even outside a git checkout (an exported or
        // copied drafts folder): the file says what its authors want skipped.
        .require_git(false)
        // Sorting by name makes the order, and so every output, deterministic.
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_document(entry.path()) {
                    out.push(entry.path().to_string_lossy().into_owned());
                }
            }
            Err(e) => errors.push(walk_error(dir, e)),
        }
    }
}

/// A walk error in words, with the path it happened at when the crate knows it.
fn walk_error(dir: &Path, e: ignore::Error) -> Error {
    fn find(e: &ignore::Error) -> (Option<&Path>, Option<&std::io::Error>, Option<usize>) {
        match e {
            ignore::Error::WithPath { path, err } => {
                let (_, io, line) = find(err);
                (Some(path), io, line)
            }
            ignore::Error::WithLineNumber { line, err } => {
                let (p, io, _) = find(err);
                (p, io, Some(*line as usize))
            }
            ignore::Error::WithDepth { err, .. } => find(err),
            ignore::Error::Io(io) => (None, Some(io), None),
            _ => (None, None, None),
        }
    }
    let (path, io, line) = find(&e);
    let name = path.unwrap_or(dir).to_string_lossy().into_owned();
    match (io, line) {
        (Some(io), _) => Error::in_file(name, io_message(io)),
        (None, Some(line)) => Error::at(name, line, None, e.to_string()),
        (None, None) => Error::in_file(name, e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_extensions() {
        assert!(is_document(Path::new("a/b.MD")));
        assert!(is_document(Path::new("x.mdx")));
        assert!(is_document(Path::new("x.htm")));
        assert!(!is_document(Path::new("x.csv")));
        assert!(!is_document(Path::new("README")));
    }
}
