//! A record as one compact JSON object, written straight into a byte buffer.
//!
//! `check --format jsonl` writes about six bytes of JSON for every byte it reads
//! (every claim carries its verdict, message and working), and through serde
//! that was the largest cost after extraction and binding: serde_json escapes
//! every key as if it could hold a quote, and scans every string one byte at a
//! time. Here the keys are constants, strings are scanned eight bytes at a time,
//! and the rarely present nested values (reference row, related spans, fix,
//! exchange rate) still go through serde. The bytes are exactly serde_json's
//! for [`Record`]'s `Serialize` impl, which the tests compare on every record
//! of the shipped examples and on strings full of what must be escaped.

use super::{CheckRecord, Record, WorkingRecord};

/// Writes records as serde_json's compact form would, one after another. The
/// records of one document share their `id` and `path`, which are escaped once
/// and copied after that.
#[derive(Debug, Default)]
pub struct RecordWriter {
    id: Escaped,
    path: Escaped,
}

/// A string and its JSON form.
#[derive(Debug, Default)]
struct Escaped {
    source: String,
    json: Vec<u8>,
}

impl Escaped {
    fn write(&mut self, out: &mut Vec<u8>, s: &str) {
        if self.json.is_empty() || self.source != s {
            self.source.clear();
            self.source.push_str(s);
            self.json.clear();
            write_str(&mut self.json, s);
        }
        out.extend_from_slice(&self.json);
    }
}

impl RecordWriter {
    /// Appends `record` to `out` as serde_json's compact form would.
    pub fn write(&mut self, out: &mut Vec<u8>, record: &Record) {
        let Record {
            id,
            path,
            line,
            column,
            start,
            end,
            text,
            kind,
            value,
            unit,
            qualifier,
            low,
            high,
            metric,
            subject,
            rule,
            check,
        } = record;
        out.push(b'{');
        if let Some(id) = id {
            out.extend_from_slice(b"\"id\":");
            self.id.write(out, id);
            out.push(b',');
        }
        out.extend_from_slice(b"\"path\":");
        self.path.write(out, path);
        field(out, b",\"line\":", line);
        field(out, b",\"column\":", column);
        field(out, b",\"start\":", start);
        field(out, b",\"end\":", end);
        field(out, b",\"text\":", text);
        field(out, b",\"kind\":", &Name(kind));
        field(out, b",\"value\":", value);
        field(out, b",\"unit\":", unit);
        field(out, b",\"qualifier\":", &Name(qualifier));
        field(out, b",\"low\":", low);
        field(out, b",\"high\":", high);
        field(out, b",\"metric\":", metric);
        field(out, b",\"subject\":", subject);
        field(out, b",\"rule\":", rule);
        if let Some(check) = check {
            write_check(out, check);
        }
        out.push(b'}');
    }
}

/// The check's fields, continuing the record's object.
fn write_check(out: &mut Vec<u8>, check: &CheckRecord) {
    let CheckRecord { verdict, reason, code, severity, message, reference, related, working, fix, time, subject_note } =
        check;
    field(out, b",\"verdict\":", &Name(verdict));
    field(out, b",\"reason\":", &Name(reason));
    field(out, b",\"code\":", &code.map(Name));
    field(out, b",\"severity\":", &Name(severity));
    field(out, b",\"message\":", message);
    field(out, b",\"reference\":", &Serde(reference));
    if related.is_empty() {
        out.extend_from_slice(b",\"related\":[]");
    } else {
        field(out, b",\"related\":", &Serde(related));
    }
    out.extend_from_slice(b",\"working\":");
    write_working(out, working);
    field(out, b",\"fix\":", &Serde(fix));
    field(out, b",\"time\":", time);
    field(out, b",\"subject_note\":", subject_note);
}

fn write_working(out: &mut Vec<u8>, working: &WorkingRecord) {
    let WorkingRecord { interval, converted, tolerance, relative_difference, rate, factor_power } = working;
    match interval {
        None => out.extend_from_slice(b"{\"interval\":null"),
        Some([low, high]) => {
            field(out, b"{\"interval\":[", low);
            field(out, b",", high);
            out.push(b']');
        }
    }
    field(out, b",\"converted\":", converted);
    field(out, b",\"tolerance\":", tolerance);
    field(out, b",\"relative_difference\":", relative_difference);
    field(out, b",\"rate\":", &Serde(rate));
    field(out, b",\"factor_power\":", factor_power);
    out.push(b'}');
}

/// The bytes before a value (the separator and the quoted key), then the value.
fn field(out: &mut Vec<u8>, before: &[u8], value: &(impl Json + ?Sized)) {
    out.extend_from_slice(before);
    value.write(out);
}

/// A value as serde_json writes it.
trait Json {
    fn write(&self, out: &mut Vec<u8>);
}

impl Json for str {
    fn write(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl Json for String {
    fn write(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl Json for &str {
    fn write(&self, out: &mut Vec<u8>) {
        write_str(out, self);
    }
}

impl Json for usize {
    fn write(&self, out: &mut Vec<u8>) {
        let mut buffer = [0u8; 20];
        out.extend_from_slice(crate::plain::digits(*self as u64, &mut buffer));
    }
}

impl Json for i32 {
    fn write(&self, out: &mut Vec<u8>) {
        if *self < 0 {
            out.push(b'-');
        }
        (self.unsigned_abs() as usize).write(out);
    }
}

impl<T: Json> Json for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            None => out.extend_from_slice(b"null"),
            Some(value) => value.write(out),
        }
    }
}

/// One of the program's own names (a kind, qualifier, verdict, reason, code
/// or severity): letters, digits and underscores, written without a look for
/// what to escape.
struct Name<'a>(&'a str);

impl Json for Name<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        debug_assert!(self.0.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'), "{:?}", self.0);
        out.push(b'"');
        out.extend_from_slice(self.0.as_bytes());
        out.push(b'"');
    }
}

/// A nested value through serde: these are rare, and small.
struct Serde<'a, T>(&'a T);

impl<T: serde::Serialize> Json for Serde<'_, T> {
    fn write(&self, out: &mut Vec<u8>) {
        serde_json::to_writer(&mut *out, self.0).expect("a record's parts serialize");
    }
}

/// A JSON string, escaped as serde_json escapes it: `"` and `\`, the control
/// characters (short forms for backspace, form feed, newline, carriage return
/// and tab, `\u00XX` with lower-case hex for the rest), nothing else.
fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut clean = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none of them needs escaping; the last
        // few padded with a letter, so that a short string is one test.
        let word = match bytes.get(i..i + 8) {
            Some(chunk) => u64::from_le_bytes(chunk.try_into().expect("eight bytes")),
            None => {
                let mut padded = [b'a'; 8];
                padded[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                u64::from_le_bytes(padded)
            }
        };
        let flagged = escape_mask(word);
        if flagged == 0 {
            i += 8;
            continue;
        }
        // The lowest flag is exact (the ones above it may be borrows): the
        // first byte to escape, or the padding's end.
        i += (flagged.trailing_zeros() / 8) as usize;
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[clean..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xf) as usize]]);
        } else {
            out.extend_from_slice(escape);
        }
        i += 1;
        clean = i;
    }
    out.extend_from_slice(&bytes[clean..]);
    out.push(b'"');
}

/// The high bit of each byte of `word` that may be a control character, `"` or
/// `\` (the classic "has a zero byte" test, applied to the word and to it XOR
/// each of the two): none when no byte is; when some are, the lowest flag is
/// the first of them.
#[inline]
fn escape_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * b'"' as u64);
    let backslash = word ^ (ONES * b'\\' as u64);
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash) & HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_str(s: &str) -> Vec<u8> {
        serde_json::to_vec(s).unwrap()
    }

    fn ours(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        write_str(&mut out, s);
        out
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut cases: Vec<String> = vec![
            String::new(),
            "plain ascii text longer than eight bytes".into(),
            "quote \" and backslash \\ and slash /".into(),
            "€5bn — “curly” quotes, ünïcödé and 🙂 emoji".into(),
            "\u{7f} delete is not escaped".into(),
        ];
        // Every ASCII byte at each position of strings of 1 to 17 bytes, so that
        // it falls in whole eight-byte chunks and in padded tails of every length.
        for b in 0u8..0x80 {
            let c = b as char;
            for len in 1..=17 {
                for at in 0..len {
                    let mut s: String = "abcdefghijklmnopq"[..len].into();
                    s.replace_range(at..at + 1, &c.to_string());
                    cases.push(s);
                }
            }
        }
        for s in &cases {
            assert_eq!(ours(s), serde_str(s), "{s:?}");
        }
    }

    #[test]
    fn the_word_test_finds_exactly_the_bytes_to_escape() {
        let escaped = |c: u8| c < 0x20 || c == b'"' || c == b'\\';
        let first = |word: u64| match escape_mask(word) {
            0 => None,
            m => Some(m.trailing_zeros() / 8),
        };
        for b in 0u8..=255 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                let expected = escaped(b).then_some(at as u32);
                assert_eq!(first(u64::from_le_bytes(word)), expected, "byte {b:#x} at {at}");
            }
        }
        // Bytes next to each other must not mask or fake one another (the
        // borrow of the subtraction runs from low bytes to high ones): the
        // lowest flag is the first byte to escape.
        for a in 0u8..=255 {
            for b in 0u8..=255 {
                let word = u64::from_le_bytes([b'x', a, b, b'x', b'x', b'x', b'x', b'x']);
                let expected = [a, b].iter().position(|&c| escaped(c)).map(|p| p as u32 + 1);
                assert_eq!(first(word), expected, "{a:#x} {b:#x}");
            }
        }
    }

    /// Every record of the shipped example draft, checked with the built-in rules
    /// and reference, then each one again with the rare parts filled in.
    fn example_records() -> Vec<Record> {
        use crate::check::Checker;
        use crate::claims::Binder;
        use crate::document::{Document, Format};
        use crate::reference::{FxTable, Reference};
        use crate::rules::RuleSet;
        let rules = RuleSet::builtin();
        let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
        let text = include_str!("../../examples/draft.md");
        let doc = Document::parse("examples/draft.md", text.to_string(), Format::Markdown);
        let claims = Binder::new(rules, &reference).claims(&doc, None);
        let checked = Checker::new(rules, &reference, FxTable::builtin()).check(&doc, claims.clone());
        let mut records: Vec<Record> = claims.iter().map(|c| Record::claim(&doc, c, &reference)).collect();
        records.extend(checked.iter().map(|c| Record::checked(&doc, c, &reference)));
        assert!(records.iter().any(|r| r.check.as_ref().is_some_and(|c| c.reference.is_some())));
        let filled: Vec<Record> = records
            .iter()
            .filter_map(|r| {
                let mut r = r.clone();
                r.id = Some("doc \"7\"\n".into());
                r.low = Some("-1.5".into());
                r.high = Some("2".into());
                let c = r.check.as_mut()?;
                c.message.push_str(" \u{1} \t\\ “x”");
                c.related.push(super::super::SpanRecord { start: 3, end: 9, line: 1, column: 4, text: "a\"b".into() });
                c.fix = Some(super::super::FixRecord { start: 3, end: 9, replacement: "2.4bn".into() });
                c.working.interval = Some(["1".into(), "2".into()]);
                c.working.rate = Some(serde_json::json!({"from": "EUR", "to": "USD", "rate": "1.08", "date": "2024"}));
                c.working.factor_power = Some(-3);
                c.time = None;
                c.subject_note = Some("Georgia (the country)".into());
                Some(r)
            })
            .collect();
        records.extend(filled);
        records
    }

    #[test]
    fn records_write_as_serde_json_does() {
        let records = example_records();
        assert!(records.len() > 20, "{} records", records.len());
        // One writer for all, as for one document: the id and path it remembers
        // change part way (the filled records have another id, and one below
        // another path), and must be written anew each time they do.
        let mut writer = RecordWriter::default();
        let mut moved = records[0].clone();
        moved.path = "other/\"place\".md".into();
        for r in records.iter().chain([&moved, &records[0]]) {
            let mut out = Vec::new();
            writer.write(&mut out, r);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(r).unwrap());
        }
    }

    #[test]
    fn numbers_write_as_serde_json_does() {
        for n in [0usize, 7, 10, 99, 1234567, usize::MAX] {
            let mut out = Vec::new();
            n.write(&mut out);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
        for n in [0i32, -1, 3, -45, i32::MIN, i32::MAX] {
            let mut out = Vec::new();
            n.write(&mut out);
            assert_eq!(out, serde_json::to_vec(&n).unwrap());
        }
    }
}
