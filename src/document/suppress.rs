//! `claimcheck-disable` comments: which lines they silence and for which rules.
//!
//! Readers find the comments (only where the format says a comment is, so an example
//! inside a code block is not obeyed) and hand their text here.

use super::{LineIndex, Suppression};

/// What a comment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Directive {
    DisableNextLine,
    Disable,
    Enable,
}

/// A comment found in the source: its byte range and its text between the delimiters.
#[derive(Debug, Clone)]
pub(super) struct RawComment {
    /// Offset of the comment's first byte.
    pub(super) start: usize,
    /// Offset just past the comment's last byte.
    pub(super) end: usize,
    /// The text inside the delimiters.
    pub(super) body: String,
}

/// Reads a comment body; `None` when it is not a claimcheck directive.
fn parse_directive(body: &str) -> Option<(Directive, Vec<String>, Option<String>)> {
    let body = body.trim();
    // Longest name first: `claimcheck-disable` is a prefix of the next-line form.
    let (directive, rest) = [
        ("claimcheck-disable-next-line", Directive::DisableNextLine),
        ("claimcheck-disable", Directive::Disable),
        ("claimcheck-enable", Directive::Enable),
    ]
    .iter()
    .find_map(|(name, d)| body.strip_prefix(name).map(|rest| (*d, rest)))?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let (codes, reason) = match rest.find("--") {
        Some(i) => (&rest[..i], Some(rest[i + 2..].trim())),
        None => (rest, None),
    };
    let codes =
        codes.split(|c: char| c.is_whitespace() || c == ',').filter(|c| !c.is_empty()).map(str::to_string).collect();
    let reason = reason.filter(|r| !r.is_empty()).map(str::to_string);
    Some((directive, codes, reason))
}

/// Whether a line holds nothing but claimcheck directive comments (plain text uses
/// this to keep such lines out of its paragraphs).
pub(super) fn is_directive_line(line: &str) -> bool {
    // Both comment syntaxes open with `<` or `{`: most lines have neither.
    if memchr::memchr2(b'<', b'{', line.as_bytes()).is_none() {
        return false;
    }
    let comments = scan_comments(line, 0);
    if comments.is_empty() || comments.iter().any(|c| parse_directive(&c.body).is_none()) {
        return false;
    }
    let mut rest = String::new();
    let mut at = 0;
    for c in &comments {
        rest.push_str(&line[at..c.start]);
        at = c.end;
    }
    rest.push_str(&line[at..]);
    rest.trim().is_empty()
}

/// All `<!-- ... -->` comments in `text` (offsets shifted by `base`).
pub(super) fn html_comments(text: &str, base: usize) -> Vec<RawComment> {
    delimited(text, base, "<!--", "-->")
}

/// All MDX `{/* ... */}` comments in `text` (offsets shifted by `base`).
pub(super) fn mdx_comments(text: &str, base: usize) -> Vec<RawComment> {
    delimited(text, base, "{/*", "*/}")
}

/// Both comment syntaxes, in source order.
pub(super) fn scan_comments(text: &str, base: usize) -> Vec<RawComment> {
    let mut all = html_comments(text, base);
    all.extend(mdx_comments(text, base));
    all.sort_by_key(|c| c.start);
    all
}

/// The first occurrence of `needle` in `hay`: its first byte found with memchr,
/// then the rest compared (cheaper than building a searcher for short texts).
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let mut at = 0;
    while let Some(i) = memchr::memchr(first, &hay[at..]) {
        if hay[at + i..].starts_with(needle) {
            return Some(at + i);
        }
        at += i + 1;
    }
    None
}

fn delimited(text: &str, base: usize, open: &str, close: &str) -> Vec<RawComment> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find_bytes(&text.as_bytes()[at..], open.as_bytes()) {
        let body_start = at + i + open.len();
        let Some(j) = find_bytes(&text.as_bytes()[body_start..], close.as_bytes()) else {
            break;
        };
        let end = body_start + j + close.len();
        out.push(RawComment {
            start: base + at + i,
            end: base + end,
            body: text[body_start..body_start + j].to_string(),
        });
        at = end;
    }
    out
}

/// Turns comments (in source order) into suppressions. `disable` … `enable` covers
/// the lines from the disabling comment to the enabling one, inclusive, so a pair on
/// one line still silences what lies between them.
pub(super) fn suppressions(source: &str, lines: &LineIndex, comments: &[RawComment]) -> Vec<Suppression> {
    let mut out: Vec<Suppression> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for c in comments {
        let Some((directive, codes, reason)) = parse_directive(&c.body) else {
            continue;
        };
        let line = lines.line_col(source, c.start).0;
        let end_line = lines.line_col(source, c.end.saturating_sub(1).max(c.start)).0;
        match directive {
            Directive::DisableNextLine => {
                let next = next_non_blank(source, lines, end_line + 1);
                out.push(Suppression { line, lines: (next, next), codes, reason });
            }
            Directive::Disable => {
                open.push(out.len());
                out.push(Suppression { line, lines: (line, usize::MAX), codes, reason });
            }
            Directive::Enable => {
                // A bare `enable` ends every open disable; one naming codes ends those
                // disables that name any of them.
                open.retain(|&i| {
                    let s = &mut out[i];
                    let matches = codes.is_empty() || s.codes.iter().any(|k| codes.contains(k));
                    if matches {
                        s.lines.1 = end_line;
                    }
                    !matches
                });
            }
        }
    }
    out
}

/// The first line at or after `from` with visible text (or `from` itself past the end).
fn next_non_blank(source: &str, lines: &LineIndex, from: usize) -> usize {
    (from..=lines.len()).find(|&l| !source[lines.line_range(source, l)].trim().is_empty()).unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str) -> Vec<Suppression> {
        suppressions(source, &LineIndex::new(source), &scan_comments(source, 0))
    }

    #[test]
    fn next_line_with_codes_and_reason() {
        let s = run("a\n<!-- claimcheck-disable-next-line CC101 CC102 -- quoted figure -->\n\nthe line\n");
        assert_eq!(
            s,
            vec![Suppression {
                line: 2,
                lines: (4, 4),
                codes: vec!["CC101".into(), "CC102".into()],
                reason: Some("quoted figure".into()),
            }]
        );
    }

    #[test]
    fn disable_enable_and_unclosed() {
        let s =
            run("<!-- claimcheck-disable CC101 -->\nx\ny\n<!-- claimcheck-enable -->\n{/* claimcheck-disable */}\nz\n");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].line, s[0].lines, s[0].codes.clone()), (1, (1, 4), vec!["CC101".to_string()]));
        assert_eq!(s[0].reason, None);
        assert_eq!((s[1].line, s[1].lines), (5, (5, usize::MAX)));
        assert!(s[1].codes.is_empty());
    }

    #[test]
    fn mdx_next_line_and_non_directives() {
        let s = run("{/* claimcheck-disable-next-line CC101 */}\nfoo\n<!-- claimcheck-disabled -->\n<!-- note -->\n");
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].line, s[0].lines, s[0].codes.clone()), (1, (2, 2), vec!["CC101".to_string()]));
    }

    #[test]
    fn directive_lines() {
        assert!(is_directive_line("  <!-- claimcheck-disable-next-line -->  "));
        assert!(!is_directive_line("text <!-- claimcheck-disable-next-line -->"));
        assert!(!is_directive_line("<!-- note -->"));
    }
}
