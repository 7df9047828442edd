//! A set of strings with dense ids, for the lookup tables built once from the
//! rules and the reference and probed for every word of a text: the lexicon's
//! first words and the reference's names.

use std::hash::Hasher;

/// A fast non-cryptographic hash (FNV-1a over 8-byte words) for the short
/// strings of the lookup tables; the input is our own data, so flooding
/// resistance is not needed.
#[derive(Default)]
pub(crate) struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of strings held in one buffer, each with a dense id (in insertion
/// order), found by an open-addressing table over [`WordHasher`]: no allocation
/// per string, and a lookup hashes once and compares only where the stored hash
/// agrees; a string of up to seven bytes (most words) is kept packed in its slot
/// too, so that comparing it reads the slot and nothing else.
#[derive(Debug, Clone, Default)]
pub(crate) struct StrTable {
    /// Every string, one after another.
    bytes: Vec<u8>,
    /// Per id, where its string lies in `bytes`.
    spans: Vec<(u32, u32)>,
    /// Per slot, the upper half of the string's hash and its id (`hash << 32 |
    /// id`), `EMPTY` where empty; then the string [`pack`]ed. The length is a
    /// power of two.
    slots: Vec<[u64; 2]>,
}

const EMPTY: u64 = u64::MAX;

/// [`pack`] of a string too long to pack.
const LONG: u64 = u64::MAX;

/// Bytes 0..4 and the last four of a string of at least four bytes, in two
/// loads that overlap for a string shorter than eight.
#[inline]
fn head_tail(text: &[u8]) -> (u32, u32) {
    let n = text.len();
    (
        u32::from_le_bytes([text[0], text[1], text[2], text[3]]),
        u32::from_le_bytes([text[n - 4], text[n - 3], text[n - 2], text[n - 1]]),
    )
}

/// A string of up to seven bytes as one word: its bytes from the lowest, and its
/// length in the top byte (so "a" and "a\0" differ); `LONG` for a longer one.
#[inline]
fn pack(text: &[u8]) -> u64 {
    let n = text.len();
    let bytes = if n >= 4 {
        if n > 7 {
            return LONG;
        }
        // Bytes 0..4, then the last n - 4 of the tail's four.
        let (head, tail) = head_tail(text);
        u64::from(head) | u64::from(tail) >> (8 * (8 - n)) << 32
    } else if n > 0 {
        u64::from(text[0]) | u64::from(text[n / 2]) << (8 * (n / 2)) | u64::from(text[n - 1]) << (8 * (n - 1))
    } else {
        0
    };
    bytes | (n as u64) << 56
}

impl StrTable {
    pub(crate) fn with_capacity(count: usize) -> StrTable {
        let size = (count * 2).max(16).next_power_of_two();
        StrTable { bytes: Vec::new(), spans: Vec::with_capacity(count), slots: vec![[EMPTY, LONG]; size] }
    }

    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The upper half of the hash: it picks the slot and is kept in it. A
    /// string of up to eight bytes is read whole in two overlapping four-byte
    /// loads and mixed by one multiplication (the phrase pass looks up most words
    /// of a text, and they are short); a longer one goes through [`WordHasher`].
    fn hash(text: &[u8]) -> u64 {
        let n = text.len();
        let h = if n <= 8 {
            let x = if n >= 4 {
                let (head, tail) = head_tail(text);
                u64::from(head) << 32 | u64::from(tail)
            } else if n > 0 {
                u64::from(text[0]) << 16 | u64::from(text[n / 2]) << 8 | u64::from(text[n - 1])
            } else {
                0
            };
            (x ^ (n as u64) << 58).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        } else {
            let mut h = WordHasher::default();
            h.write(text);
            h.finish()
        };
        h >> 32
    }

    pub(crate) fn text(&self, id: u32) -> &[u8] {
        let (start, len) = self.spans[id as usize];
        &self.bytes[start as usize..(start + len) as usize]
    }

    /// The slot holding `text` (whose [`StrTable::hash`] is `hash`), or the empty
    /// slot where it would go.
    #[inline(always)]
    fn slot(&self, text: &[u8], hash: u64) -> usize {
        let packed = pack(text);
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let [entry, held] = self.slots[i];
            if entry == EMPTY
                || entry >> 32 == hash && if packed != LONG { held == packed } else { self.text(entry as u32) == text }
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    pub(crate) fn get(&self, text: &str) -> Option<u32> {
        self.get_bytes(text.as_bytes())
    }

    /// [`StrTable::get`] for a string given as its bytes.
    #[inline(always)]
    pub(crate) fn get_bytes(&self, text: &[u8]) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        Some(self.slots[self.slot(text, Self::hash(text))][0]).filter(|&e| e != EMPTY).map(|e| e as u32)
    }

    /// The id of `text`, added if it is new.
    pub(crate) fn insert(&mut self, text: &str) -> u32 {
        let text = text.as_bytes();
        let hash = Self::hash(text);
        let slot = self.slot(text, hash);
        if self.slots[slot][0] != EMPTY {
            return self.slots[slot][0] as u32;
        }
        let id = self.spans.len() as u32;
        self.spans.push((self.bytes.len() as u32, text.len() as u32));
        self.bytes.extend_from_slice(text);
        self.slots[slot] = [hash << 32 | u64::from(id), pack(text)];
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![[EMPTY, LONG]; size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s[0] != EMPTY) {
            let mut i = (slot[0] >> 32) as usize & mask;
            while self.slots[i][0] != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_table_keeps_ids_as_it_grows() {
        let mut table = StrTable::with_capacity(1);
        let words: Vec<String> = (0..1000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.insert(w), i as u32);
            assert_eq!(table.insert(w), i as u32);
        }
        assert_eq!(table.len(), 1000);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(table.get(w), Some(i as u32));
            assert_eq!(table.text(i as u32), w.as_bytes());
        }
        assert_eq!(table.get("w1000"), None);
        assert_eq!(table.get(""), None);
        assert_eq!(table.insert(""), 1000);
        assert_eq!(table.get(""), Some(1000));
    }

    #[test]
    fn packing_keeps_every_short_string_apart() {
        // Every string of up to seven bytes over a small alphabet with NUL and a
        // control byte that could pose as a length:
        // distinct strings pack to distinct words, and none to `LONG`.
        let alphabet = [0u8, 3, b'a', 0xC3];
        let mut seen = std::collections::HashSet::new();
        for n in 0..=7u32 {
            for code in 0..alphabet.len().pow(n) {
                let s: Vec<u8> = (0..n).map(|k| alphabet[code / alphabet.len().pow(k) % alphabet.len()]).collect();
                let p = pack(&s);
                assert_ne!(p, LONG);
                assert!(seen.insert(p), "{s:?}");
            }
        }
        assert_eq!(pack(b"eightchr"), LONG);
    }

    #[test]
    fn short_and_long_strings_are_found_only_when_equal() {
        // Same length and same first and last four bytes; a long string that
        // differs only inside; a non-ASCII one.
        let held = ["the", "a", "per", "international", "intermational", "über", &"x".repeat(40)].map(str::to_string);
        let mut table = StrTable::with_capacity(held.len());
        for (k, w) in held.iter().enumerate() {
            assert_eq!(table.insert(w), k as u32);
        }
        for (k, w) in held.iter().enumerate() {
            assert_eq!(table.get(w), Some(k as u32), "{w:?}");
        }
        for w in ["th", "then", "b", "interfational", "uber", &"x".repeat(39), "pet"] {
            assert_eq!(table.get(w), None, "{w:?}");
        }
        assert_eq!(StrTable::default().get("the"), None);
    }
}
