//! Byte offset → (line, column), computed once per document.

/// The byte offset of every line start in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// The 1-based line of `offset` (an offset past the text's end is on its last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and 1-based column counted in characters of `offset` in `text`
    /// (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line, column + 1)
    }

    /// The byte range of a 1-based line, without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line.saturating_sub(1)).copied().unwrap_or(text.len());
        let mut end = self.starts.get(line).map_or(text.len(), |&s| s - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end.max(start)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the index is empty (never: a text has at least one line).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "ab\n€5 x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, 6), (2, 2), "after the 3-byte euro sign");
        assert_eq!(idx.line_range(text, 2), 3..9);
        for offset in 0..=text.len() + 2 {
            assert_eq!(idx.line_of(offset), idx.line_col(text, offset).0, "at {offset}");
        }
    }
}
