//! Front matter at the top of a Markdown file: YAML between `---` lines or TOML
//! between `+++` lines. Only top-level single-line scalars are read; a full YAML
//! parser would cost a dependency for the three or four keys that matter here.

use super::builder::BlockBuilder;
use super::{Block, BlockKind};
use crate::date::PartialDate;

/// What the front matter contributes to a document.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    /// Where the Markdown body starts (0 when there is no front matter).
    pub(super) body_start: usize,
    /// The title and other prose values, in source order.
    pub(super) blocks: Vec<Block>,
    /// The `date` value, if it parses.
    pub(super) date: Option<PartialDate>,
}

/// Keys whose values are prose worth checking, besides `title`.
const PROSE_KEYS: [&str; 3] = ["description", "summary", "subtitle"];

/// Reads the front matter at the very start of `source`, if there is one.
pub(super) fn parse(source: &str) -> FrontMatter {
    let start = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = lines_with_offsets(source, start);
    let Some((first, _, _)) = lines.next() else {
        return FrontMatter::default();
    };
    let fence = first.trim_end();
    let toml = match fence {
        "---" => false,
        "+++" => true,
        _ => return FrontMatter::default(),
    };
    let mut fm = FrontMatter::default();
    let mut in_table = false;
    for (line, offset, next) in lines {
        let t = line.trim_end();
        if t == fence || (!toml && t == "...") {
            fm.body_start = next;
            return fm;
        }
        if toml && t.starts_with('[') {
            // Keys after a `[table]` header are not top-level.
            in_table = true;
        }
        if in_table || line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((key, value_start)) = split_key(line, toml) else {
            continue;
        };
        let Some(value) = scalar(line, value_start, offset) else {
            continue;
        };
        let kind = match key.to_ascii_lowercase().as_str() {
            "title" => BlockKind::Title,
            "date" => {
                if fm.date.is_none() {
                    fm.date = value.text.split_whitespace().next().and_then(PartialDate::parse_iso);
                }
                continue;
            }
            k if PROSE_KEYS.contains(&k) => BlockKind::FrontMatter,
            _ => continue,
        };
        if let Some(block) = value.into_block(kind) {
            fm.blocks.push(block);
        }
    }
    // No closing fence: this was not front matter after all.
    FrontMatter::default()
}

/// Lines of `source` from `start`: (line without its break, its offset, offset of the next line).
fn lines_with_offsets(source: &str, start: usize) -> impl Iterator<Item = (&str, usize, usize)> {
    let mut offset = start;
    source[start..].split_inclusive('\n').map(move |raw| {
        let line = raw.trim_end_matches(['\n', '\r']);
        let here = offset;
        offset += raw.len();
        (line, here, offset)
    })
}

/// The key of a `key: value` (YAML) or `key = value` (TOML) line and where its value starts.
fn split_key(line: &str, toml: bool) -> Option<(&str, usize)> {
    let sep = if toml { '=' } else { ':' };
    let i = line.find(sep)?;
    let key = line[..i].trim().trim_matches(['"', '\'']);
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return None;
    }
    let after = &line[i + 1..];
    // `key:value` without a space is not a YAML mapping (think `http://`).
    if !toml && !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    Some((key, i + 1))
}

/// A scalar value with its source map, as text plus (text, source range, verbatim) runs.
struct Scalar {
    text: String,
    runs: Vec<(String, std::ops::Range<usize>, bool)>,
}

impl Scalar {
    fn into_block(self, kind: BlockKind) -> Option<Block> {
        let mut b = BlockBuilder::new(kind);
        for (text, range, verbatim) in self.runs {
            if verbatim {
                b.push_verbatim(&text, range.start);
            } else {
                b.push_mapped(&text, range);
            }
        }
        b.finish()
    }
}

/// Reads the value of `line` from `value_start`; `offset` is the line's source offset.
/// Nested, list, block and anchor values are not scalars here.
fn scalar(line: &str, value_start: usize, offset: usize) -> Option<Scalar> {
    let raw = &line[value_start..];
    let lead = raw.len() - raw.trim_start().len();
    let v = raw.trim_start();
    let base = offset + value_start + lead;
    let quote = v.chars().next()?;
    if matches!(quote, '[' | '{' | '|' | '>' | '&' | '*' | '!') {
        return None;
    }
    let mut runs = Vec::new();
    if quote == '"' || quote == '\'' {
        let bytes = v.as_bytes();
        let mut i = 1;
        let mut run_start = 1;
        loop {
            let b = *bytes.get(i)?;
            if b == quote as u8 {
                // YAML single quotes escape themselves by doubling.
                if quote == '\'' && bytes.get(i + 1) == Some(&b'\'') {
                    push_run(&mut runs, v, run_start, i, base);
                    runs.push(("'".to_string(), base + i..base + i + 2, false));
                    i += 2;
                    run_start = i;
                    continue;
                }
                push_run(&mut runs, v, run_start, i, base);
                break;
            }
            if quote == '"' && b == b'\\' {
                let next = v[i + 1..].chars().next()?;
                let decoded = match next {
                    'n' => "\n".to_string(),
                    't' => "\t".to_string(),
                    '"' | '\\' | '/' | '\'' => next.to_string(),
                    _ => {
                        // Unknown escapes stay as written.
                        i += 1;
                        continue;
                    }
                };
                push_run(&mut runs, v, run_start, i, base);
                runs.push((decoded, base + i..base + i + 1 + next.len_utf8(), false));
                i += 1 + next.len_utf8();
                run_start = i;
                continue;
            }
            i += 1;
        }
    } else {
        // An unquoted YAML value ends at a ` #` comment.
        let end = v.find(" #").unwrap_or(v.len());
        let t = v[..end].trim_end();
        push_run(&mut runs, v, 0, t.len(), base);
    }
    let text = runs.iter().map(|r| r.0.as_str()).collect();
    Some(Scalar { text, runs })
}

fn push_run(runs: &mut Vec<(String, std::ops::Range<usize>, bool)>, v: &str, s: usize, e: usize, base: usize) {
    if e > s {
        runs.push((v[s..e].to_string(), base + s..base + e, true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_title_maps_inside_quotes() {
        let src = "---\ntitle: \"Air raids injure 32\"\ndate: 2025-12-16\ntags: [a, b]\n---\n# Body\n";
        let fm = parse(src);
        assert_eq!(fm.body_start, src.find("# Body").unwrap());
        assert_eq!(fm.blocks.len(), 1);
        let t = &fm.blocks[0];
        assert_eq!((t.kind, t.text.as_str()), (BlockKind::Title, "Air raids injure 32"));
        assert_eq!(&src[t.source_offset(0)..t.source_end(t.text.len())], "Air raids injure 32");
        assert_eq!(fm.date, PartialDate::ymd(2025, 12, 16));
    }

    #[test]
    fn toml_and_escapes_and_timestamps() {
        let src = "+++\ntitle = 'It''s 5'\ndescription = \"A \\\"big\\\" one\"\ndate = \"2025-12-16T10:00:00Z\"\n[extra]\nsummary = \"no\"\n+++\nbody";
        let fm = parse(src);
        assert_eq!(fm.blocks.len(), 2);
        assert_eq!(fm.blocks[0].text, "It's 5");
        assert_eq!(fm.blocks[1].text, "A \"big\" one");
        assert_eq!(fm.blocks[1].kind, BlockKind::FrontMatter);
        assert_eq!(fm.date, PartialDate::ymd(2025, 12, 16));
        assert_eq!(&src[fm.body_start..], "body");
    }

    #[test]
    fn unclosed_or_absent_front_matter_is_ignored() {
        assert_eq!(parse("---\ntitle: x\n").body_start, 0);
        assert!(parse("# title: x\n").blocks.is_empty());
        let fm = parse("---\ntitle: plain value # comment\nnested:\n  title: no\n---\n");
        assert_eq!(fm.blocks.len(), 1);
        assert_eq!(fm.blocks[0].text, "plain value");
    }
}
