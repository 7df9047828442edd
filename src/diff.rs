//! `--diff-base`: the lines of a file added or changed since a git revision, so a
//! check on a pull request reports what the pull request wrote, not every old
//! problem of the files it touched.
//!
//! The comparison is three-dot, as GitHub shows a pull request: against the merge
//! base of REF and HEAD, so commits that landed on REF after the branch forked do
//! not count as the branch's changes. The working tree is compared (not HEAD), so
//! uncommitted edits count as changed too. A file git does not track is new: all
//! of it counts.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

/// The lines of one file that count as changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangedLines {
    /// Every line (an untracked file, or standard input).
    All,
    /// Inclusive 1-based line ranges, in order.
    Ranges(Vec<(usize, usize)>),
}

impl ChangedLines {
    /// Whether any line from `first` to `last` (inclusive) is changed.
    pub fn touches(&self, first: usize, last: usize) -> bool {
        match self {
            ChangedLines::All => true,
            ChangedLines::Ranges(ranges) => ranges.iter().any(|&(a, b)| a <= last && first <= b),
        }
    }
}

/// Reads the added-line ranges from `git diff -U0` output: each hunk header
/// `@@ -a,b +c,d @@` adds lines c..c+d-1 (`d` is 1 when omitted; 0 means the hunk
/// only deletes, which leaves nothing to report on).
pub fn parse_unified_zero(diff: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for line in diff.lines() {
        let Some(rest) = line.strip_prefix("@@ ") else { continue };
        let Some(plus) = rest.split_whitespace().find(|w| w.starts_with('+')) else { continue };
        let plus = &plus[1..];
        let (start, count) = match plus.split_once(',') {
            Some((s, c)) => (s.parse::<usize>().ok(), c.parse::<usize>().ok()),
            None => (plus.parse::<usize>().ok(), Some(1)),
        };
        if let (Some(start), Some(count)) = (start, count)
            && count > 0
        {
            out.push((start, start + count - 1));
        }
    }
    out
}

/// Runs git in `dir`; its standard output on success, else an error with git's
/// own message (which names the bad revision or the missing repository).
fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Error::new(format!("--diff-base: cannot run git: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("failed").trim().to_string();
        return Err(Error::new(format!("--diff-base: `git {}` in {}: {first}", args.join(" "), dir.display())));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Computes changed lines against a base revision, remembering the merge base of
/// each repository so a run over many files asks git for it once per repository.
#[derive(Debug)]
pub struct DiffBase {
    base_ref: String,
    /// Repository top level → merge-base commit.
    merge_bases: HashMap<PathBuf, String>,
}

impl DiffBase {
    /// Changes relative to `base_ref` (a branch, tag or commit, e.g. `origin/main`).
    pub fn new(base_ref: &str) -> DiffBase {
        DiffBase { base_ref: base_ref.to_string(), merge_bases: HashMap::new() }
    }

    /// The changed lines of a file. Git failing (not a repository, unknown
    /// revision, git missing) is an error: silently reporting nothing would pass
    /// a pull request that was never checked.
    pub fn changed_lines(&mut self, path: &str) -> Result<ChangedLines, Error> {
        let file = std::path::absolute(path).map_err(|e| Error::in_file(path, e.to_string()))?;
        let dir = file.parent().unwrap_or(Path::new("/")).to_path_buf();
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let top = PathBuf::from(git(&dir, &["rev-parse", "--show-toplevel"])?.trim());
        let base = match self.merge_bases.get(&top) {
            Some(b) => b.clone(),
            None => {
                let b = git(&dir, &["merge-base", &self.base_ref, "HEAD"])?.trim().to_string();
                self.merge_bases.insert(top, b.clone());
                b
            }
        };
        // `--` and a name relative to `-C dir` keep odd file names from being read as
        // options or revisions.
        let tracked = git(&dir, &["ls-files", "--", &name])?;
        if tracked.trim().is_empty() {
            return Ok(ChangedLines::All);
        }
        let diff = git(&dir, &["diff", "--no-color", "--no-ext-diff", "-U0", &base, "--", &name])?;
        Ok(ChangedLines::Ranges(parse_unified_zero(&diff)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunk_headers() {
        let diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -3 +3 @@\n-a\n+b\n@@ -10,0 +11,2 @@ ctx\n+c\n+d\n\
                    @@ -20,4 +21,0 @@\n-e\n@@ -30,2 +29,3 @@\n";
        assert_eq!(parse_unified_zero(diff), vec![(3, 3), (11, 12), (29, 31)]);
    }

    #[test]
    fn touches() {
        let c = ChangedLines::Ranges(vec![(3, 3), (11, 12)]);
        assert!(c.touches(3, 3) && c.touches(10, 11) && c.touches(12, 20));
        assert!(!c.touches(4, 10) && !c.touches(1, 2));
        assert!(ChangedLines::All.touches(1, 1));
    }
}
