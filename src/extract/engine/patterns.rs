//! Matching the rule files' patterns at a token: items, amounts, qualifiers
//! and ranges, memoized per token.

use super::*;

impl<'a> Scanner<'a> {
    pub(super) fn match_pattern(&self, p: &Pattern, i: usize) -> Option<Candidate> {
        if !self.could_start(p, i) {
            return None;
        }
        if !p.not_after.is_empty() && i > 0 {
            let prev = self.tok_text(i - 1);
            if p.not_after.iter().any(|w| w.eq_ignore_ascii_case(prev)) {
                return None;
            }
        }
        if !self.follows_one_of(&p.after, i) {
            return None;
        }
        let mut slots = Slots::default();
        let end = self.match_items(p, 0, i, &mut slots)?;
        self.build(p, &slots, end)
    }

    /// Whether a token with these mask bits may open a reader that needs one of
    /// `need` (always, without shortcuts).
    #[inline]
    pub(super) fn opens(&self, mask: u32, need: u32) -> bool {
        self.exhaustive || mask & need != 0
    }

    /// Whether token `k` is a direction word ("next", "last", "this"), any case.
    pub(super) fn is_direction_word(&self, k: usize) -> bool {
        k < self.toks.len()
            && self
                .rules
                .binding
                .month_direction
                .iter()
                .any(|(w, _)| self.toks[k].bytes(self.text).eq_ignore_ascii_case(w.as_bytes()))
    }

    /// Whether a token is a pattern's literal word `w` (given lower-cased), in
    /// any case.
    #[inline]
    pub(super) fn token_is_word(&self, t: &Token, w: &str) -> bool {
        let bytes = t.bytes(self.text);
        bytes.eq_ignore_ascii_case(w.as_bytes())
            || (bytes.len() != w.len() && !bytes.is_ascii() && t.text(self.text).to_lowercase() == w)
    }

    /// Whether token `i` comes right after one of `words` ("^": it starts a
    /// sentence); true when there are none.
    pub(super) fn follows_one_of(&self, words: &[String], i: usize) -> bool {
        if words.is_empty() {
            return true;
        }
        let before = (i > 0).then(|| self.tok_text(i - 1));
        words
            .iter()
            .any(|w| if w == "^" { self.starts_sentence(i) } else { before.is_some_and(|b| w.eq_ignore_ascii_case(b)) })
    }

    /// Where a day in digits at `pos` ends: past its glued "st", "nd", "rd" or
    /// "th" ("24th"), if it has one.
    pub(super) fn day_digits_end(&self, pos: usize) -> usize {
        let suffixed = self.toks.get(pos + 1).is_some_and(|t| {
            t.glued()
                && t.kind == TokenKind::Word
                && ["st", "nd", "rd", "th"].iter().any(|o| t.text(self.text).eq_ignore_ascii_case(o))
        });
        if suffixed { pos + 2 } else { pos + 1 }
    }

    /// Whether token `i` opens a sentence (or a line, or a bracket).
    pub(super) fn starts_sentence(&self, i: usize) -> bool {
        i == 0
            || self.is_symbol(i - 1, &[".", "!", "?", ";", ":", "(", "\"", "“", "—", "–"])
            || self.text[..self.toks[i].start as usize].trim_end_matches([' ', '\t', '\r']).ends_with('\n')
    }

    /// Whether token `i` comes after "and a" / "and an" ("a year and a quarter").
    pub(super) fn after_and_article(&self, i: usize) -> bool {
        i >= 2 && (self.is_word(i - 1, "a") || self.is_word(i - 1, "an")) && self.is_word(i - 2, "and")
    }

    /// A cheap test of the first item, so that most patterns fail on one look.
    pub(super) fn could_start(&self, p: &Pattern, i: usize) -> bool {
        let Some(first) = p.items.first() else { return false };
        let Some(&mask) = self.masks.get(i) else { return false };
        if first.optional {
            return true;
        }
        if let ItemKind::Literal(words) = &first.kind {
            return words.first().is_some_and(|w| self.toks[i].text(self.text).eq_ignore_ascii_case(w));
        }
        self.need(&first.kind).is_none_or(|need| mask & need != 0)
    }

    /// Matches items `k..` at `pos`, filling `slots` in place. Only an optional
    /// item needs a copy of the slots, to back out of it; a failed required item
    /// fails the whole pattern.
    pub(super) fn match_items(&self, p: &Pattern, k: usize, pos: usize, slots: &mut Slots) -> Option<usize> {
        if k == p.items.len() {
            return Some(pos);
        }
        let item = &p.items[k];
        let glue_ok = k == 0 || !p.glue || self.glued(pos);
        // "Revs 44.1 mln vs 34.4 mln\nYear ...", "29.2 mln\nEmployee profit
        // sharing": a capitalized unit of time or noun opening the next line of a
        // table is its label, not what the number measures. (A currency or a
        // unit there goes on with the number: "731 mln\nCrowns vs 651 mln".)
        let glue_ok = glue_ok
            && !(k > 0
                && matches!(item.kind, ItemKind::DurationUnit | ItemKind::Counted)
                && self.capitalized_on_next_line(pos));
        let saved = item.optional.then_some(*slots);
        if glue_ok && let Some(next) = self.match_item(&item.kind, pos, slots) {
            if !item.context {
                slots.span_start.get_or_insert(pos);
                slots.span_end = next;
            }
            if let Some(r) = self.match_items(p, k + 1, next, slots) {
                return Some(r);
            }
        }
        let saved = saved?;
        *slots = saved;
        self.match_items(p, k + 1, pos, slots)
    }

    /// Whether token `pos` is a capitalized word that opens a line: the text
    /// since the token before it holds a line break.
    fn capitalized_on_next_line(&self, pos: usize) -> bool {
        let (Some(prev), Some(tok)) = (pos.checked_sub(1).and_then(|p| self.toks.get(p)), self.toks.get(pos)) else {
            return false;
        };
        tok.kind == TokenKind::Word
            && self.text.as_bytes()[tok.start as usize].is_ascii_uppercase()
            && self.text.as_bytes()[prev.end as usize..tok.start as usize].contains(&b'\n')
    }

    pub(super) fn match_item(&self, kind: &ItemKind, pos: usize, s: &mut Slots) -> Option<usize> {
        if pos >= self.toks.len() {
            return None;
        }
        if self.need(kind).is_some_and(|need| self.masks[pos] & need == 0) {
            return None;
        }
        let tok = self.toks[pos];
        let plain_int = |i: usize| {
            let t = self.toks[i];
            t.kind == TokenKind::Number && !self.blocked[i] && t.text(self.text).bytes().all(|b| b.is_ascii_digit())
        };
        match kind {
            ItemKind::Number => {
                let n = self.number(pos)?;
                if n.ordinal {
                    return None;
                }
                s.num = Some(n);
                Some(n.end)
            }
            ItemKind::Integer => {
                if !plain_int(pos) {
                    return None;
                }
                let n = self.number(pos)?;
                s.num = Some(n);
                Some(pos + 1)
            }
            ItemKind::Day => {
                // "the second of August", "January twenty-first": an ordinal in words.
                if tok.kind == TokenKind::Word {
                    let (d, end) =
                        self.date_word(pos, |w| if let DateWord::OrdinalDay(d) = w { Some(d) } else { None })?;
                    s.day = Some(d);
                    return Some(end);
                }
                if !plain_int(pos) || tok.text(self.text).len() > 2 {
                    return None;
                }
                let d: u8 = tok.text(self.text).parse().ok()?;
                if !(1..=31).contains(&d) {
                    return None;
                }
                s.day = Some(d);
                Some(self.day_digits_end(pos))
            }
            ItemKind::Year => {
                let t = tok.text(self.text);
                if tok.kind == TokenKind::Word && s.month.is_some() {
                    let (y, end) = self.year_in_words(pos)?;
                    s.year = Some(y);
                    return Some(end);
                }
                if !plain_int(pos) || t.len() != 4 {
                    return None;
                }
                let y: i32 = t.parse().ok()?;
                if !(1000..=2999).contains(&y) {
                    return None;
                }
                // "the G7 2022 summit" aside, a year glued to letters is a name.
                if pos > 0 && tok.glued() && self.toks[pos - 1].kind == TokenKind::Word {
                    return None;
                }
                s.year = Some(y);
                Some(pos + 1)
            }
            ItemKind::MonthNumber => {
                let t = tok.text(self.text);
                if tok.kind != TokenKind::Number || t.len() != 2 {
                    return None;
                }
                let m: u8 = t.parse().ok()?;
                if !(1..=12).contains(&m) {
                    return None;
                }
                s.month = Some(m);
                Some(pos + 1)
            }
            ItemKind::Scale => {
                let (m, end) = self.longest(pos, |e| match e {
                    Entry::ScaleAbbreviation { value, .. } => Some(value),
                    Entry::Multiplier(m) if m >= Decimal::ONE_THOUSAND => Some(m),
                    _ => None,
                })?;
                s.scale = Some(m);
                Some(end)
            }
            ItemKind::CurrencySymbol => {
                let (c, end) = self.longest(pos, |e| if let Entry::CurrencySymbol(c) = e { Some(c) } else { None })?;
                s.currency = Some((c, false, Decimal::ONE));
                Some(end)
            }
            ItemKind::CurrencyCode => {
                let (c, end) = self.longest(pos, |e| if let Entry::CurrencyCode(c) = e { Some(c) } else { None })?;
                s.currency = Some((c, false, Decimal::ONE));
                Some(end)
            }
            ItemKind::CurrencyName => {
                let (c, end) = self.longest(pos, |e| match e {
                    Entry::CurrencyName { currency, ambiguous, factor, .. } => Some((currency, ambiguous, factor)),
                    _ => None,
                })?;
                if s.currency.is_some_and(|(have, _, _)| have != c.0) {
                    return None;
                }
                s.currency = Some(c);
                Some(end)
            }
            ItemKind::Unit => {
                let (u, end) = self.longest(pos, |e| if let Entry::Unit(u) = e { Some(u) } else { None })?;
                // "24703m212": letters between digits make a code, not a unit.
                if self.glued(end) && self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Number) {
                    return None;
                }
                // "800,000 F-Series pickups", "eight C-130 aircraft": a capital
                // letter, or any letter before a number, hyphenated to what
                // follows is a designation, not a unit ("a 40 m-tall tower" keeps
                // its metres).
                if end == pos + 1
                    && let [letter] = self.toks[pos].bytes(self.text)
                    && letter.is_ascii_alphabetic()
                    && self.is_symbol(end, &["-"])
                    && self.glued(end)
                    && self.glued(end + 1)
                    && (letter.is_ascii_uppercase()
                        || self.toks.get(end + 1).is_some_and(|t| t.kind == TokenKind::Number))
                {
                    return None;
                }
                s.unit = Some(u);
                Some(end)
            }
            ItemKind::DurationUnit => {
                if self.blocked[pos] {
                    return None;
                }
                let (d, end) = self.longest(pos, |e| if let Entry::Duration(d) = e { Some(d) } else { None })?;
                // "the 1986 year": four digits before "year" name it ("1986 years"
                // would be a span).
                let year_before = s.num.is_some_and(|n| n.end == pos && n.plain_year().is_some());
                if year_before && self.tok_text(pos).eq_ignore_ascii_case("year") {
                    return None;
                }
                s.duration = Some(d);
                Some(end)
            }
            ItemKind::Counted => {
                if let Some((c, end)) = self.longest(pos, |e| if let Entry::Counted(c) = e { Some(c) } else { None }) {
                    s.counted = Some(Counted::Listed(c));
                    return Some(end);
                }
                // "1986 earnings", "the 2014 elections": four plain digits that
                // read as a year name when, not how many; a noun the rules list
                // still counts ("2000 people").
                let year_before = s.num.is_some_and(|n| n.end == pos && n.plain_year().is_some());
                if !year_before && self.is_plain_plural_noun(pos) {
                    s.counted = Some(Counted::Noun(pos));
                    return Some(pos + 1);
                }
                None
            }
            ItemKind::Qualifier => {
                let (q, end) = self.longest(pos, |e| match e {
                    Entry::Qualifier { qualifier, not_kinds } => Some((qualifier, not_kinds)),
                    _ => None,
                })?;
                s.qualifier = Some(q);
                Some(end)
            }
            ItemKind::Month => {
                let ((m, needs_capital), end) = self.longest(pos, |e| {
                    if let Entry::Month { month, needs_capital } = e { Some((month, needs_capital)) } else { None }
                })?;
                // "14 nov", "dec 3rd": a lower-case short form next to a number is
                // a month too ("may" stays a verb). (Each test only where the one
                // before leaves the answer open: the word lists are scanned last.)
                let word = tok.bytes(self.text);
                let by_number = |k: usize| self.toks.get(k).is_some_and(|t| t.kind == TokenKind::Number);
                let lower_ok = || {
                    (pos.checked_sub(1).is_some_and(by_number) || by_number(end))
                        && !self.lex.month_never_lower_case.iter().any(|w| word.eq_ignore_ascii_case(w.as_bytes()))
                };
                if needs_capital && !tok.text(self.text).starts_with(|c: char| c.is_uppercase()) && !lower_ok() {
                    return None;
                }
                // "MAY7", "MAR8" in a price table: a futures contract's month and
                // year's last digit (May 1987), not a day of the month.
                if word.len() == 3
                    && word.iter().all(u8::is_ascii_uppercase)
                    && self.glued(end)
                    && self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Number && t.bytes(self.text).len() == 1)
                {
                    return None;
                }
                // "Mar." and "Feb." carry their abbreviation dot.
                let short = || self.lex.month_abbreviations.iter().any(|w| word.eq_ignore_ascii_case(w.as_bytes()));
                let end = if self.is_symbol(end, &["."]) && self.glued(end) && short() { end + 1 } else { end };
                s.month = Some(m);
                s.month_word = needs_capital;
                Some(end)
            }
            ItemKind::Weekday => {
                let (d, end) = self.longest(pos, |e| if let Entry::Weekday(d) = e { Some(d) } else { None })?;
                let forward = pos > 0 && self.has(pos - 1, |e| e == Entry::ForwardWord);
                s.weekday = Some((d, forward));
                Some(end)
            }
            ItemKind::Holiday => {
                let (h, end) = self.holiday_at(pos)?;
                match h {
                    Ok((m, d)) => {
                        s.month = Some(m);
                        s.day = Some(d);
                    }
                    Err(movable) => s.movable = Some(movable),
                }
                Some(end)
            }
            ItemKind::RelativeDate => {
                let (r, end) = self.longest(pos, |e| {
                    if let Entry::Relative { unit, offset } = e { Some((unit, offset)) } else { None }
                })?;
                s.relative = Some(r);
                Some(end)
            }
            ItemKind::Literal(words) => {
                let mut j = pos;
                for (k, w) in words.iter().enumerate() {
                    let t = self.toks.get(j)?;
                    if k > 0 && t.space_before && t.kind == TokenKind::Symbol {
                        return None;
                    }
                    if !self.token_is_word(t, w) {
                        return None;
                    }
                    j += 1;
                }
                if words.len() == 1
                    && let Some((_, offset)) = self.rules.binding.month_direction.iter().find(|(w, _)| *w == words[0])
                {
                    s.direction = Some(*offset);
                }
                if words.len() == 1 && words[0] == "s" {
                    s.decade = true;
                }
                Some(j)
            }
            ItemKind::Low | ItemKind::High => None,
        }
    }

    /// A lower-case plural noun that is nothing else in the lexicon: "drones".
    pub(super) fn is_plain_plural_noun(&self, i: usize) -> bool {
        let t = self.toks[i];
        if t.kind != TokenKind::Word || self.blocked[i] {
            return false;
        }
        plain_plural_shape(t.bytes(self.text)) && self.phrases(i).is_empty()
    }

    pub(super) fn build(&self, p: &Pattern, s: &Slots, consumed: usize) -> Option<Candidate> {
        let start = s.span_start?;
        let end = s.span_end;
        let is_date =
            p.kind == Some(Kind::Date) || s.month.is_some() || s.weekday.is_some() || s.relative.is_some() || s.decade;
        let mention = if is_date {
            // A month name alone is a date only after "this"/"next"/"last" or a word
            // that takes a time ("in March", "since August"), never "March on" or "may".
            if s.month.is_some() && s.day.is_none() && s.year.is_none() && s.direction.is_none() {
                // "mid-November": the word before a glued dash.
                let dashed =
                    start >= 2 && self.glued(start) && self.is_symbol(start - 1, &["-"]) && self.glued(start - 1);
                let before =
                    start.checked_sub(if dashed { 2 } else { 1 }).map(|k| self.tok_text(k).to_ascii_lowercase());
                let takes_time =
                    before.as_deref().is_some_and(|w| self.rules.binding.month_alone_after.iter().any(|x| x == w));
                if !takes_time {
                    return None;
                }
            }
            // A day alone ("on the 18th") only as a digit ordinal that ends the phrase.
            if s.day.is_some() && s.month.is_none() && s.year.is_none() && s.weekday.is_none() {
                let suffixed = end >= 2 && self.toks[end - 1].glued() && self.toks[end - 2].kind == TokenKind::Number;
                let word_after = self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Word);
                if !suffixed || word_after {
                    return None;
                }
            }
            let value = self.resolve_date(s)?;
            Mention {
                start: self.toks[start].start as usize,
                end: self.toks[end - 1].end as usize,
                kind: Kind::Date,
                value,
                unit: None,
                qualifier: Qualifier::Exact,
                low: None,
                high: None,
                step: Decimal::ONE,
                rule: p.name.clone(),
            }
        } else {
            let num = s.num?;
            if num.ordinal {
                return None;
            }
            let mut value = num.value;
            let mut step = num.step;
            let mut scale = num.scale;
            if let Some(m) = s.scale {
                value = value.checked_mul(m)?;
                step = step.checked_mul(m)?;
                scale *= m;
            }
            let (kind, unit) = if let Some((c, ambiguous, factor)) = s.currency {
                // "5 pounds" is a weight; "5 million pounds" is money, but "2.3 mln
                // pounds of peanut products" a weight again: money is not "of" a stuff.
                if ambiguous && scale < Decimal::ONE_THOUSAND && value.abs() < Decimal::ONE_THOUSAND {
                    return None;
                }
                if ambiguous
                    && end > 0
                    && self.has(end - 1, |e| matches!(e, Entry::Unit(_)))
                    && self.is_word(end, "of")
                    && self.toks.get(end + 1).is_some_and(|t| t.kind == TokenKind::Word)
                {
                    return None;
                }
                // "a dollar", "a dime": an article stands for one of a unit; for one
                // of a multiple only when nothing follows that it could describe
                // ("it cost a grand.", never "a grand jury", "a grand-scale plan").
                let open_after = self
                    .toks
                    .get(end)
                    .is_some_and(|t| t.kind != TokenKind::Symbol || (t.glued() && t.text(self.text) == "-"));
                if num.article && factor > Decimal::ONE && open_after {
                    return None;
                }
                // "a dollar-denominated bond", "a nickel-plated bar", "a lira/dollar
                // rate": the name describes what follows; no amount is stated.
                let compound = self.toks.get(end).is_some_and(|t| t.glued() && matches!(t.text(self.text), "-" | "/"));
                if num.article && compound {
                    return None;
                }
                // "a dollar fall", "a yen bond": before a word the lexicon does not
                // know, the name is the currency's, describing that word; an amount
                // goes on with a word it lists as no counted noun ("a dollar a
                // day", "a euro to enter", "a dollar more") or with punctuation.
                let describes = self.toks.get(end).is_some_and(|t| t.kind == TokenKind::Word && !t.glued())
                    && self.masks[end] & !bits::COUNTED == 0
                    && !self.has(end, |e| e == Entry::NotCounted);
                if num.article && describes {
                    return None;
                }
                // A coin named alone, after a number: one of it ("one quarter");
                // "the 1988 quarter" is no money.
                if value != Decimal::ONE
                    && end > 0
                    && self.has(end - 1, |e| matches!(e, Entry::CurrencyName { alone: true, .. }))
                {
                    return None;
                }
                // "50 Cent" (the rapper), "808\n NICKEL" (a metals table): a
                // subunit written with capitals and in the singular after a number
                // other than one names something; "50 cent a gallon" is money.
                if factor < Decimal::ONE
                    && value != Decimal::ONE
                    && end > 0
                    && self.capitalized_singular_subunit(end - 1, c)
                {
                    return None;
                }
                // "50 cents" is half a dollar.
                if factor != Decimal::ONE {
                    value = value.checked_mul(factor)?;
                    step = step.checked_mul(factor)?;
                }
                (Kind::Money, Some(self.lex.currencies[c as usize].clone()))
            } else if let Some(u) = s.unit {
                let unit = &self.lex.units[u as usize];
                (unit.kind, Some(unit.symbol.clone()))
            } else if let Some(d) = s.duration {
                (Kind::Duration, Some(self.lex.durations[d as usize].clone()))
            } else if let Some(c) = s.counted {
                let unit = match c {
                    Counted::Listed(c) => self.lex.counted[c as usize].clone(),
                    Counted::Noun(t) => {
                        // "the two sides" refers back to something named before.
                        if num.after_definite && num.words && value <= Decimal::TEN {
                            return None;
                        }
                        self.tok_text(t).to_string()
                    }
                };
                if num.article && !matches!(c, Counted::Listed(_)) {
                    return None;
                }
                // "an injury-time penalty", "a soldier-poet": the noun describes
                // what it is hyphened to; no one is counted.
                if num.article && self.is_symbol(end, &["-"]) && self.glued(end) {
                    return None;
                }
                (Kind::Count, Some(unit))
            } else {
                (Kind::Count, None)
            };
            if num.article && s.counted.is_none() && s.currency.is_none() && s.duration.is_none() {
                return None;
            }
            // "200 or greater than 190", "5000 or less than 6000": the tail opens a
            // second, qualified amount; it bounds nothing here.
            if p.set_qualifier.is_some() && consumed < self.toks.len() && self.is_word(consumed, "than") {
                return None;
            }
            let kind = p.kind.unwrap_or(kind);
            let unit = p.set_unit.clone().or(unit);
            let mut qualifier = p.set_qualifier.unwrap_or(Qualifier::Exact);
            if let Some((q, not_kinds)) = s.qualifier {
                if crate::rules::excludes_kind(not_kinds, kind) {
                    return None;
                }
                qualifier = q;
            }
            // "-$37", "−€2bn": a minus standing before the symbol signs the amount.
            let mut first = start;
            if kind == Kind::Money
                && p.items.first().is_some_and(|it| it.kind == ItemKind::CurrencySymbol)
                && start > 0
                && self.is_symbol(start - 1, &["-", "−"])
                && self.glued(start)
                && (start == 1 || self.toks[start - 1].space_before)
                && !value.is_sign_negative()
            {
                value = -value;
                first = start - 1;
            }
            Mention {
                start: self.toks[first].start as usize,
                end: self.toks[end - 1].end as usize,
                kind,
                value: Value::Number(value),
                unit,
                qualifier,
                low: None,
                high: None,
                step,
                rule: p.name.clone(),
            }
        };
        let scale = s.num.map_or(Decimal::ONE, |n| n.scale) * s.scale.unwrap_or(Decimal::ONE);
        Some(Candidate { start, end, consumed, mention, scale })
    }

    /// A bare number: a count with no unit, or a year.
    pub(super) fn bare_number(&self, i: usize) -> Option<Candidate> {
        let n = self.number(i)?;
        if n.ordinal || n.article {
            return None;
        }
        if n.words && (n.value == Decimal::ONE || (n.after_definite && n.value <= Decimal::TEN)) {
            return None;
        }
        // "in 1727": before 1800, only after a word that takes a year.
        let old_year = || {
            n.year_like
                && n.value < Decimal::from(1800)
                && i > 0
                && self.rules.binding.old_year_after.iter().any(|w| self.is_word(i - 1, w))
                && !self.glued(i)
        };
        let plain_year =
            n.plain_year().or_else(|| old_year().then(|| n.value.trunc().mantissa() as i32)).filter(|_| n.end == i + 1);
        let (kind, value, rule) = if let Some(y) = plain_year {
            (Kind::Date, Value::Date(PartialDate::year(y)), BuiltinRule::BareYear.name())
        } else {
            (Kind::Count, Value::Number(n.value), BuiltinRule::BareNumber.name())
        };
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: self.toks[n.end - 1].end as usize,
            kind,
            value,
            unit: None,
            qualifier: Qualifier::Exact,
            low: None,
            high: None,
            step: if plain_year.is_some() { Decimal::ONE } else { n.step },
            rule,
        };
        Some(Candidate { start: i, end: n.end, consumed: n.end, mention, scale: n.scale })
    }

    /// A coin named alone ("dime", "a quarter" is read as a number): one of a
    /// currency name that rules mark `alone`. Not before "of" ("quarter of an
    /// hour"), not hyphenated ("nickel-plated", "quarter-final"), capitalized
    /// only at the start of a sentence ("the Latin Quarter"), and not after a
    /// definite word, a number or an ordinal ("the quarter", "its third
    /// quarter", "the fourth - quarter sales", "the 1988 quarter").
    pub(super) fn coin_at(&self, i: usize) -> Option<Candidate> {
        if self.masks.get(i).is_none_or(|m| m & bits::COIN == 0) {
            return None;
        }
        let ((currency, factor), end) = self.longest(i, |e| match e {
            Entry::CurrencyName { currency, factor, alone: true, .. } => Some((currency, factor)),
            _ => None,
        })?;
        let hyphen = |k: usize| self.is_symbol(k, &["-", "‑", "–"]) && self.glued(k);
        if self.is_word(end, "of") || hyphen(end) || (self.glued(i) && i > 0 && hyphen(i - 1)) {
            return None;
        }
        if self.tok_text(i).starts_with(|c: char| c.is_uppercase()) && !self.starts_sentence(i) {
            return None;
        }
        let before = if i >= 2 && self.is_symbol(i - 1, &["-", "‑", "–"]) { i - 2 } else { i.wrapping_sub(1) };
        let describes = before < i
            && (self.toks[before].kind == TokenKind::Number
                || self.number_entry(before).is_some()
                || self.has(before, |e| matches!(e, Entry::Definite | Entry::DateWord(DateWord::OrdinalDay(_)))));
        // "a year and a quarter": after "and a", the fraction of what was just
        // named (as `coin_not_fraction` decides for "a quarter").
        if describes || self.after_and_article(i) {
            return None;
        }
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: self.toks[end - 1].end as usize,
            kind: Kind::Money,
            value: Value::Number(factor),
            unit: Some(self.lex.currencies[currency as usize].clone()),
            qualifier: Qualifier::Exact,
            low: None,
            high: None,
            step: factor,
            rule: BuiltinRule::CoinAlone.name(),
        };
        Some(Candidate { start: i, end, consumed: end, mention, scale: Decimal::ONE })
    }

    /// The best non-date amount starting at `i` (no context before it).
    pub(super) fn amount_at(&self, i: usize) -> Option<Candidate> {
        if let Some(known) = self.amounts.borrow().get(i) {
            return known.cloned();
        }
        let best = self.find_amount_at(i);
        if i < self.toks.len() {
            self.amounts.borrow_mut().set(i, best.clone());
        }
        best
    }

    /// The patterns for which `may_follow(.., pos)` holds, in one go (`None`
    /// past `PatternSet::BITS` patterns).
    pub(super) fn followers(&self, pos: Option<usize>) -> Option<PatternSet> {
        if !self.tables.uses_sets() {
            return None;
        }
        let f = &self.tables.follow;
        let Some(pos) = pos else { return Some(f.always & !f.led) };
        let Some(tok) = self.toks.get(pos) else { return Some(f.always) };
        let mut set = f.always;
        let mut m = self.masks[pos];
        while m != 0 {
            let b = m.trailing_zeros() as usize;
            m &= m - 1;
            set |= f.by_bit[b];
        }
        if f.any_word != 0 {
            let text = tok.text(self.text);
            if !text.is_ascii() {
                set |= f.any_word;
            } else {
                set |= f.by_word.sets_of(text);
            }
        }
        Some(set)
    }

    /// Whether the items after a pattern's leading number can match at `pos`
    /// (the token after that number; `None` when the number item fails). Exact:
    /// when it says no, matching the pattern fails.
    pub(super) fn may_follow(&self, p: &Pattern, info: &PatternInfo, pos: Option<usize>) -> bool {
        let Some(pos) = pos else { return false };
        if info.follow_any {
            return true;
        }
        let Some(tok) = self.toks.get(pos) else { return false };
        if self.masks[pos] & info.follow_need != 0 {
            return true;
        }
        let mut lits = info.follow_literals;
        while lits != 0 {
            let k = lits.trailing_zeros() as usize;
            lits &= lits - 1;
            if let Some(ItemKind::Literal(words)) = p.items.get(k).map(|it| &it.kind) {
                let text = tok.bytes(self.text);
                if words.first().is_some_and(|w| text.eq_ignore_ascii_case(w.as_bytes())) || !text.is_ascii() {
                    return true;
                }
            }
        }
        false
    }

    /// The first word of pattern `p`'s item `k`, if it is a literal.
    pub(super) fn literal_first_word(p: &Pattern, k: usize) -> Option<&str> {
        match p.items.get(k).map(|it| &it.kind) {
            Some(ItemKind::Literal(words)) => words.first().map(String::as_str),
            _ => None,
        }
    }

    /// Whether `first` (a literal's first word) is at one of the tokens
    /// `from..=from + span` (or may be: a word not in ASCII is not ruled out).
    pub(super) fn word_within(&self, first: &str, from: usize, span: usize) -> bool {
        let last = (from + span).min(self.toks.len().saturating_sub(1));
        (from..=last).any(|j| {
            let text = self.toks[j].bytes(self.text);
            text.eq_ignore_ascii_case(first.as_bytes()) || !text.is_ascii()
        })
    }

    /// Where the best amount at `i` ends (its `consumed`), without cloning it.
    pub(super) fn amount_consumed(&self, i: usize) -> Option<usize> {
        if let Some(known) = self.amounts.borrow().get(i) {
            return known.map(|c| c.consumed);
        }
        let best = self.find_amount_at(i);
        let consumed = best.as_ref().map(|c| c.consumed);
        if i < self.toks.len() {
            // Tested before moving: most tokens have none, and moving a `None`
            // still copies a whole candidate.
            let mut memo = self.amounts.borrow_mut();
            if best.is_some() { memo.set(i, best) } else { memo.set(i, None) }
        }
        consumed
    }

    pub(super) fn find_amount_at(&self, i: usize) -> Option<Candidate> {
        let mut best: Option<Candidate> = None;
        let mask = self.masks.get(i).copied().unwrap_or(0);
        let t = self.toks.get(i).map_or("", |t| t.text(self.text));
        // No amount pattern opens here, and no number or coin does.
        let candidates = self.tables.candidates(true, mask, t);
        if candidates.is_empty() && mask & (bits::NUMBER_ITEM | bits::COIN) == 0 {
            return None;
        }
        // Where a pattern's leading number item would end (None: it fails).
        let after_number = self.number(i).filter(|n| !n.ordinal).map(|n| n.end);
        let followers = self.followers(after_number);
        let mut anchors: [(&str, usize, bool); 4] = [("", 0, false); 4];
        let mut anchors_len = 0;
        for k in candidates.restrict(followers.unwrap_or(PatternSet::MAX)) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if !info.amount || !info.may_start_at(mask, t) {
                continue;
            }
            let follows = match followers {
                Some(set) => set & (1 << k) != 0,
                None => !info.number_first || self.may_follow(p, info, after_number),
            };
            if !follows {
                continue;
            }
            if let (Some((k, span)), Some(after)) = (info.anchor, after_number)
                && let Some(word) = Self::literal_first_word(p, k)
            {
                // Patterns share their anchors ("5 or more", "5 or fewer"): each
                // word is looked for once here.
                let known = anchors[..anchors_len].iter().find(|(w, s, _)| *w == word && *s == span);
                let found = match known {
                    Some(&(_, _, found)) => found,
                    None => {
                        let found = self.word_within(word, after, span);
                        if anchors_len < anchors.len() {
                            anchors[anchors_len] = (word, span, found);
                            anchors_len += 1;
                        }
                        found
                    }
                };
                if !found {
                    continue;
                }
            }
            if let Some(c) = self.match_pattern(p, i)
                && c.mention.kind != Kind::Date
                && c.start == i
                && best.as_ref().is_none_or(|b| c.consumed > b.consumed)
            {
                best = Some(c);
            }
        }
        if best.is_none() {
            best = self.bare_number(i).filter(|c| c.mention.kind == Kind::Count).or_else(|| self.coin_at(i));
        }
        best
    }

    /// The longest date starting at `i` (a date pattern or a plain year).
    pub(super) fn date_at(&self, i: usize) -> Option<Candidate> {
        let best = self.date_parts(i).best;
        self.dates.borrow().found(best).cloned()
    }

    /// The date readers' findings at token `i` (computed once; past the last
    /// token, every time).
    pub(super) fn date_parts(&self, i: usize) -> DateParts {
        if let Some(Some(&known)) = self.dates.borrow().parts.get(i) {
            return known;
        }
        let parts = self.find_date_parts(i);
        self.dates.borrow_mut().parts.set(i, Some(parts));
        parts
    }

    pub(super) fn find_date_parts(&self, i: usize) -> DateParts {
        let mask = self.masks.get(i).copied().unwrap_or(0);
        let t = self.toks.get(i).map_or("", |t| t.text(self.text));
        // No date pattern opens here, and the readers all need a number, a
        // month or a date word to start with ("the", "in", "of" at most tokens).
        let candidates = self.tables.date_candidates(mask, t);
        if candidates.is_empty() && mask & (bits::NUMBER_ITEM | bits::MONTH | bits::DATE_WORD) == 0 {
            return DateParts::NONE;
        }
        // The patterns that always date from their first token, first: their
        // longest match is what `best_at` takes too.
        let mut pattern: Option<(usize, Candidate)> = None;
        // Where a day or year item in digits at `i` ends, when it matches
        // (`match_item`: a day takes its "st", "nd", "rd" or "th" along).
        let day_end = self.toks.get(i).filter(|tok| tok.kind == TokenKind::Number).map(|_| self.day_digits_end(i));
        // "24 March", "1990s": a day or year in digits ends where the scanner
        // knows, so only the patterns whose next item may match after it.
        let f = &self.tables.follow;
        let mut allowed = self.tables.date_at_start;
        if let Some(end) = day_end {
            let after_day = self.followers(Some(end)).unwrap_or(PatternSet::MAX);
            let after_year =
                if end == i + 1 { after_day } else { self.followers(Some(i + 1)).unwrap_or(PatternSet::MAX) };
            allowed &= !(f.day_led | f.year_led) | (after_day & f.day_led) | (after_year & f.year_led);
        }
        // "April 3", "May 2019": the month item is the same in every pattern it
        // leads, so it is matched once here, and only the patterns whose next
        // item may match after it are tried ("may raise", "March higher": none).
        if mask & bits::MONTH != 0 && !self.exhaustive && allowed & f.month_led != 0 {
            let after_month = match self.match_item(&ItemKind::Month, i, &mut Slots::default()) {
                Some(end) => self.followers(Some(end)).unwrap_or(PatternSet::MAX),
                None => 0,
            };
            allowed &= !f.month_led | (after_month & f.month_led);
        }
        for k in candidates.clone().restrict(allowed) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if !info.date_at_start || !info.may_start_at(mask, t) {
                continue;
            }
            // Past a `PatternSet`, `allowed` filtered nothing: ask each pattern.
            let first_end = match info.digits_first {
                Some(DigitsFirst::Day) => day_end,
                Some(DigitsFirst::Year) => day_end.map(|_| i + 1),
                None => None,
            };
            if !self.tables.uses_sets()
                && let Some(end) = first_end
                && !self.may_follow(p, info, Some(end))
            {
                continue;
            }
            if let Some(c) = self.match_pattern(p, i)
                && pattern.as_ref().is_none_or(|(_, b)| c.consumed > b.consumed)
            {
                pattern = Some((k, c));
            }
        }
        // The longest date, by where it ends and where it comes from.
        // (A tag only: the other pattern's candidate waits in `other`, so that no
        // candidate is moved around with a tag.)
        #[derive(Clone, Copy)]
        enum Source {
            Winner,
            Other,
            Numeric,
            YearPart,
            PartOf,
            Bare,
        }
        let mut other: Option<Candidate> = None;
        let mut best: Option<(usize, Source)> = None;
        let longer = |best: &Option<(usize, Source)>, consumed: usize| best.as_ref().is_none_or(|(b, _)| consumed > *b);
        let winner: PatternSet = pattern.as_ref().map_or(0, |(k, _)| 1 << k);
        for k in candidates.restrict(!self.tables.date_at_start | winner) {
            let (p, info) = (&self.rules.patterns[k], &self.info[k]);
            if info.date_at_start {
                if let Some((w, c)) = &pattern
                    && *w == k
                    && longer(&best, c.consumed)
                {
                    best = Some((c.consumed, Source::Winner));
                }
                continue;
            }
            if !info.may_date || p.items.first().is_some_and(|it| it.context) || !info.may_start_at(mask, t) {
                continue;
            }
            if let Some(c) = self.match_pattern(p, i)
                && c.mention.kind == Kind::Date
                && c.start == i
                && longer(&best, c.consumed)
            {
                best = Some((c.consumed, Source::Other));
                other = Some(c);
            }
        }
        // Each reader below opens with one of a few things: digits or a month
        // (numeric dates), a part of the year or a year (parts of a year),
        // "early"/"late" (parts of a date), a number (bare years). A date pattern
        // opening with a word ("in 2002") is no reason to run them.
        use bits::*;
        let opens = |need: u32| self.opens(mask, need);
        let readers = NUMBER_ITEM | MONTH | DW_YEAR_PART | DW_PART_OF;
        if !opens(readers) && pattern.is_none() && best.is_none() {
            return DateParts::NONE;
        }
        let numeric = if opens(NUMBER_TOKEN | MONTH) { self.numeric_date_at(i, false) } else { None };
        let year_part = if opens(DW_YEAR_PART | NUMBER_TOKEN | NUMBER_WORD) { self.year_part_at(i) } else { None };
        let part_of = if opens(DW_PART_OF) { self.part_of_at(i) } else { None };
        for (c, source) in [(&numeric, Source::Numeric), (&year_part, Source::YearPart), (&part_of, Source::PartOf)] {
            if let Some(c) = c
                && longer(&best, c.consumed)
            {
                best = Some((c.consumed, source));
            }
        }
        let bare = if opens(NUMBER_ITEM) { self.bare_number(i) } else { None };
        if best.is_none() && bare.as_ref().is_some_and(|c| c.mention.kind == Kind::Date) {
            best = Some((0, Source::Bare));
        }
        let mut memo = self.dates.borrow_mut();
        let pattern = pattern.map(|(k, c)| (k, memo.keep(Some(c))));
        // Tested before moving: moving a `None` still copies a whole candidate.
        let mut keep = |c: Option<Candidate>| if c.is_some() { memo.keep(c) } else { NOT_FOUND };
        let (numeric, year_part, part_of, bare) = (keep(numeric), keep(year_part), keep(part_of), keep(bare));
        let best = match best.map(|(_, source)| source) {
            None => NOT_FOUND,
            Some(Source::Winner) => pattern.map_or(NOT_FOUND, |(_, at)| at),
            Some(Source::Other) => memo.keep(other),
            Some(Source::Numeric) => numeric,
            Some(Source::YearPart) => year_part,
            Some(Source::PartOf) => part_of,
            Some(Source::Bare) => bare,
        };
        DateParts { pattern, numeric, year_part, part_of, bare, best }
    }

    /// "at least 32 people": a qualifier, then an amount.
    pub(super) fn qualified_at(&self, i: usize) -> Option<Candidate> {
        let ((q, not_kinds), j) = self.longest(i, |e| match e {
            Entry::Qualifier { qualifier, not_kinds } => Some((qualifier, not_kinds)),
            _ => None,
        })?;
        let amount = self.amount_at(j).filter(|a| !crate::rules::excludes_kind(not_kinds, a.mention.kind));
        // "about 20-30 people": a range after the qualifier stays a range, the
        // qualifier's word taken into its span.
        let amount_end = self.amount_consumed(j);
        let range = self
            .rules
            .ranges
            .iter()
            .filter(|p| self.low_literal_may_follow(p, amount_end))
            .filter_map(|p| self.match_range(p, j))
            .filter(|r| !crate::rules::excludes_kind(not_kinds, r.mention.kind))
            .max_by_key(|r| r.consumed);
        if let Some(mut r) = range
            && amount.as_ref().is_none_or(|a| r.consumed > a.consumed)
        {
            r.mention.start = self.toks[i].start as usize;
            r.start = i;
            r.mention.rule = format!("{}+qualifier", r.mention.rule).into();
            return Some(r);
        }
        // "since August", "before 2018", "around 2010": a qualified date.
        let date = if crate::rules::excludes_kind(not_kinds, Kind::Date) { None } else { self.date_at(j) };
        let mut amount = match (amount, date) {
            (Some(a), Some(d)) => {
                if d.consumed > a.consumed {
                    d
                } else {
                    a
                }
            }
            (a, d) => a.or(d)?,
        };
        // "about 500 or more": a bound stated after the amount outweighs an
        // approximation before it.
        let postfix_bound = amount.mention.qualifier != Qualifier::Exact;
        if !(postfix_bound && q == Qualifier::Approx) {
            amount.mention.qualifier = q;
        }
        // "less than 5000 or equal (to)": the strict bound takes its end in.
        // "more than 5000 or equal to 6000" states a second amount.
        let or_equal_end = amount.consumed + 1 + usize::from(self.is_word(amount.consumed + 2, "to"));
        if matches!(amount.mention.qualifier, Qualifier::LessThan | Qualifier::MoreThan)
            && amount.consumed + 1 < self.toks.len()
            && self.is_word(amount.consumed, "or")
            && self.is_word(amount.consumed + 1, "equal")
            && self.number(or_equal_end + 1).is_none()
        {
            amount.mention.qualifier =
                if amount.mention.qualifier == Qualifier::LessThan { Qualifier::AtMost } else { Qualifier::AtLeast };
            let last = or_equal_end;
            amount.consumed = last + 1;
            amount.end = last + 1;
            amount.mention.end = self.toks[last].end as usize;
        }
        // "since the end of 1989", "before early September": a bound at the
        // part's first day; "by the end of June": at its last.
        if let Value::DateRange(lo, hi) = amount.mention.value
            && amount.mention.rule.starts_with("dates:part-")
        {
            let before = matches!(amount.mention.qualifier, Qualifier::AtMost | Qualifier::LessThan);
            let edge = if before && !amount.mention.rule.ends_with("start") { hi.last_day() } else { lo.first_day() };
            amount.mention.value = Value::Date(edge.to_date());
            if amount.mention.qualifier == Qualifier::Range {
                return None;
            }
        }
        amount.mention.rule = format!("{}+qualifier", amount.mention.rule).into();
        // A date keeps its span as written ("since [March 2022]"); an amount takes
        // its qualifier in ("[at least 32 people]").
        if amount.mention.kind != Kind::Date {
            amount.mention.start = self.toks[i].start as usize;
            amount.start = i;
        }
        Some(amount)
    }

    /// False when range `p` opens with its low end and cannot match at a token
    /// whose amount ends at `amount_end` (`None`: no amount there): the test
    /// `match_range` makes first, without asking the amount memo again.
    pub(super) fn low_literal_may_follow(&self, p: &Pattern, amount_end: Option<usize>) -> bool {
        match p.items.as_slice() {
            [Item { kind: ItemKind::Low, .. }, rest @ ..] => {
                let Some(end) = amount_end else { return false };
                match rest.first() {
                    Some(Item { kind: ItemKind::Literal(words), optional: false, .. }) if !self.exhaustive => {
                        words.first().is_none_or(|w| self.toks.get(end).is_some_and(|t| self.token_is_word(t, w)))
                    }
                    _ => true,
                }
            }
            _ => true,
        }
    }

    pub(super) fn match_range(&self, p: &Pattern, i: usize) -> Option<Candidate> {
        // The same one-look test as for patterns: a range opens with a word
        // ("between") or with an amount (a number or a currency before one).
        use bits::*;
        let opens = match p.items.first().map(|it| &it.kind) {
            Some(ItemKind::Literal(words)) => words
                .first()
                .is_some_and(|w| self.toks.get(i).is_some_and(|t| t.text(self.text).eq_ignore_ascii_case(w))),
            Some(ItemKind::Low) => self.masks.get(i).is_some_and(|m| m & RANGE_LOW_OPENS != 0),
            _ => true,
        };
        if !opens {
            return None;
        }
        // A low end, then a word ("5 to 10", "5-10"): that word must stand where
        // the amount here ends. (The amount is memoized; most ranges fail here.)
        if let [Item { kind: ItemKind::Low, .. }, Item { kind: ItemKind::Literal(words), optional: false, .. }, ..] =
            p.items.as_slice()
            && let Some(w) = words.first()
            && !self.exhaustive
        {
            let end = self.amount_consumed(i)?;
            if !self.toks.get(end).is_some_and(|t| self.token_is_word(t, w)) {
                return None;
            }
        }
        if !p.not_after.is_empty() && i > 0 && p.not_after.iter().any(|w| w.eq_ignore_ascii_case(self.tok_text(i - 1)))
        {
            return None;
        }
        if !self.follows_one_of(&p.after, i) {
            return None;
        }
        // The ends are found by their start token and taken (cloned) from the
        // memo only once every item has matched.
        let mut pos = i;
        let mut low: Option<usize> = None;
        let mut high: Option<usize> = None;
        for (k, item) in p.items.iter().enumerate() {
            if k > 0 && p.glue && !self.glued(pos) {
                return None;
            }
            match &item.kind {
                ItemKind::Low => {
                    low = Some(pos);
                    pos = self.amount_consumed(pos)?;
                }
                ItemKind::High => {
                    high = Some(pos);
                    pos = self.amount_consumed(pos)?;
                }
                other => {
                    let next = self.match_item(other, pos, &mut Slots::default())?;
                    pos = next;
                }
            }
        }
        let (mut low, high) = (self.amount_at(low?)?, self.amount_at(high?)?);
        // "raised by one pct to 10 pct", "by a half pct to nine pct": a change,
        // then the new level.
        if low.mention.unit.is_some() && self.change_word_before(i, &p.change_after) {
            return None;
        }
        // "from 6 to 9 January": days of a month, not a range of numbers.
        if high.end == high.consumed && self.has(high.end, |e| matches!(e, Entry::Month { .. })) {
            return None;
        }
        let (lm, hm) = (&low.mention, &high.mention);
        let (mut lo, hi) = (lm.number()?, hm.number()?);
        let plain_year = |c: &Candidate| {
            c.mention.unit.is_none()
                && self.toks[c.start].text(self.text).len() == 4
                && c.end == c.start + 1
                && c.mention.number().is_some_and(|v| v >= Decimal::from(1800) && v <= Decimal::from(2100))
        };
        if plain_year(&low) && plain_year(&high) {
            return None;
        }
        let (kind, unit) = match (&lm.unit, &hm.unit) {
            (Some(a), Some(b)) if a != b => return None,
            (Some(_), _) => (lm.kind, lm.unit.clone()),
            (None, _) => (hm.kind, hm.unit.clone()),
        };
        // "2-3 billion euros": the low end shares the high end's scale.
        if low.scale == Decimal::ONE
            && high.scale > Decimal::ONE
            && let Some(scaled) = lo.checked_mul(high.scale)
            && scaled <= hi
        {
            lo = scaled;
            low.scale = high.scale;
        }
        // "25 to 50 cents": a bare low end counts in the high end's subunit.
        if lm.unit.is_none()
            && hm.kind == Kind::Money
            && let Some(raw) = self.number(high.start).map(|n| n.value).filter(|v| !v.is_zero())
            && let Some(factor) = hi.checked_div(raw).filter(|f| *f < Decimal::ONE)
            && let Some(sub) = lo.checked_mul(factor)
        {
            lo = sub;
        }
        if lo >= hi {
            return None;
        }
        let mention = Mention {
            start: self.toks[i].start as usize,
            end: hm.end,
            kind,
            value: Value::Number(lo),
            unit,
            qualifier: Qualifier::Range,
            low: Some(lo),
            high: Some(hi),
            step: hm.step,
            rule: p.name.clone(),
        };
        Some(Candidate { start: i, end: high.end, consumed: pos, mention, scale: high.scale })
    }
}
