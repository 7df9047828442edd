//! Reading a number at a token: digits with their separators, signs and
//! exponents, number words and fractions, and the scale words after them.

use super::*;

impl<'a> Scanner<'a> {
    /// Whether the word at `i` is a subunit name of `currency` in the singular
    /// (the same word plus "s", or "y" made "ies", is also one of its names)
    /// written as a name ("Cent"), or in capitals at the start of a line
    /// ("NICKEL" in a table); a headline's "UP 1.5 CENT" stays money. Never
    /// after a hyphen ("a 50-Cent coin").
    pub(super) fn capitalized_singular_subunit(&self, i: usize, currency: u16) -> bool {
        let Some(tok) = self.toks.get(i) else { return false };
        let word = tok.text(self.text);
        let mut letters = word.bytes();
        let title_case =
            letters.next().is_some_and(|b| b.is_ascii_uppercase()) && letters.all(|b| b.is_ascii_lowercase());
        let line_start = i > 0 && self.text[self.toks[i - 1].end as usize..tok.start as usize].contains('\n');
        let capitals = word.bytes().any(|b| b.is_ascii_uppercase());
        if tok.kind != TokenKind::Word || tok.glued() || !(title_case || capitals && line_start) {
            return false;
        }
        let lower = word.to_ascii_lowercase();
        let plurals =
            [format!("{lower}s"), lower.strip_suffix('y').map_or_else(String::new, |stem| format!("{stem}ies"))];
        plurals.iter().filter(|p| !p.is_empty()).any(|plural| {
            self.lex.starting_with(plural).iter().any(|&id| {
                let phrase = &self.lex.phrases[id as usize];
                phrase.tokens.len() == 1
                    && matches!(phrase.entry, Entry::CurrencyName { currency: c, factor, .. } if c == currency && factor < Decimal::ONE)
            })
        })
    }

    pub(super) fn number(&self, i: usize) -> Option<Num> {
        if i >= self.toks.len() {
            return None;
        }
        if let Some(memo) = self.numbers.borrow().get(i) {
            return memo.copied();
        }
        // No number starts at a token without one of these bits (see `item_need`).
        let n = if self.need(&ItemKind::Number).is_some_and(|need| self.masks[i] & need == 0) {
            None
        } else {
            self.read_number(i)
        };
        self.numbers.borrow_mut().set(i, n);
        n
    }

    pub(super) fn read_number(&self, i: usize) -> Option<Num> {
        if self.blocked[i] {
            return None;
        }
        let tok = self.toks[i];
        // A sign: "-5" (the hyphen stands apart from what precedes it) or "minus 5".
        // "<-30": after a comparison sign, too.
        let sign_minus = self.is_symbol(i, &["-", "−"])
            && (tok.space_before || i == 0 || self.is_symbol(i - 1, &["<", ">", "=", "≤", "≥"]))
            && self.glued(i + 1);
        let word_minus = self.has(i, |e| e == Entry::Negative) && !self.glued(i + 1);
        if sign_minus || word_minus {
            let inner = self.read_unsigned(i + 1)?;
            if inner.article || inner.ordinal {
                return None;
            }
            return Some(Num { value: -inner.value, ..inner });
        }
        let mut num = self.read_unsigned(i)?;
        // "three quarters of an hour", "one and a half of a mile": a fraction of
        // a unit of time or measure is that much of it.
        if num.value.fract() != Decimal::ZERO && num.value > Decimal::ZERO && self.is_word(num.end, "of") {
            let article = usize::from(self.is_word(num.end + 1, "a") || self.is_word(num.end + 1, "an"));
            let at = num.end + 1 + article;
            if !self.glued(at) && self.has(at, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_))) {
                num.end = at;
            }
        }
        Some(num)
    }

    pub(super) fn read_unsigned(&self, i: usize) -> Option<Num> {
        let tok = *self.toks.get(i)?;
        if self.blocked[i] {
            return None;
        }
        let after_definite = i > 0 && self.has(i - 1, |e| e == Entry::Definite);
        // ".25": a decimal without its leading zero, standing apart from what precedes.
        if self.is_symbol(i, &["."])
            && (tok.space_before || i == 0)
            && self.glued(i + 1)
            && self.toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Number)
            && !self.blocked[i + 1]
        {
            return self.read_digits_from(i + 1, after_definite, true);
        }
        let num = match tok.kind {
            TokenKind::Number => self.read_digits(i, after_definite)?,
            _ => self.read_words(i, after_definite)?,
        };
        // "the Maguire Seven", "BBC Four", "RBS Six Nations": a capitalized number
        // word in the middle of a name, as "Boeing 747" is in digits; unless what
        // it counts or measures follows.
        if tok.kind == TokenKind::Word
            && num.end == i + 1
            && i > 1
            && self.tok_text(i).starts_with(|c: char| c.is_ascii_uppercase())
            && self.tok_text(i)[1..].bytes().all(|b| b.is_ascii_lowercase())
            && self.is_model_name_prefix(i - 1)
            && !self.unit_follows(num.end)
        {
            return None;
        }
        // "page 5", "No. 4F", "number three", "#5": a designator labels the
        // number after it, unless what it measures or counts follows ("the top
        // 10 percent", "that day two people died"). Only a symbol is glued to it.
        if i > 0
            && (!tok.glued() || self.toks[i - 1].kind == TokenKind::Symbol)
            && self.designator_ends_at(i)
            && (self.letter_suffix(num.end) || self.code_goes_on(num.end) || !self.unit_follows(num.end))
        {
            return None;
        }
        Some(num)
    }

    pub(super) fn read_digits(&self, i: usize, after_definite: bool) -> Option<Num> {
        self.read_digits_from(i, after_definite, false)
    }

    /// Reads digits at `i`; `leading_dot`: a "." before them makes them decimals.
    pub(super) fn read_digits_from(&self, i: usize, after_definite: bool, leading_dot: bool) -> Option<Num> {
        let tok = self.toks[i];
        // The denominator of "15/16" is no number of its own, whatever became of
        // the numerator ("MARKETS 15/16 INCH", "April 8/16").
        if !leading_dot
            && i >= 2
            && tok.glued()
            && self.is_symbol(i - 1, &["/"])
            && self.glued(i - 1)
            && self.toks[i - 2].kind == TokenKind::Number
        {
            return None;
        }
        let mut lit = parse_literal(tok.text(self.text))?;
        if leading_dot {
            if !lit.plain {
                return None;
            }
            let places = u32::try_from(lit.digits).ok().filter(|&p| p <= 20)?;
            lit.value = Decimal::from_i128_with_scale(lit.value.mantissa(), places);
            lit.step = Decimal::new(1, places);
            lit.plain = false;
            lit.integer = false;
        }
        // Letters glued before it make a designation: G7, MH17; so does a
        // word-hyphen prefix: F-35, COVID-19, Su-34.
        let glued_scale_of =
            |k: usize| self.has(k, |x| matches!(x, Entry::ScaleAbbreviation { glued, .. } if glued.whatever_follows()));
        // "USD115", "Rs500", "$5k": a currency written against its amount.
        let currency_before = i > 0
            && tok.glued()
            && (0..i).rev().take(3).any(|k| {
                self.phrases(k)
                    .iter()
                    .any(|m| m.end == i && matches!(m.entry, Entry::CurrencyCode(_) | Entry::CurrencySymbol(_)))
            });
        if i > 0 && tok.glued() && !leading_dot {
            let prev = self.toks[i - 1];
            if prev.kind == TokenKind::Word && !currency_before {
                return None;
            }
            // "501(c)(3)": a bracketed part after another goes on with the name.
            if self.is_symbol(i - 1, &["("]) && i > 1 && prev.glued() && self.is_symbol(i - 2, &[")"]) {
                return None;
            }
            // "S&#227;o Paulo": a character reference left in plain text.
            if self.is_symbol(i - 1, &["#"]) && i > 1 && prev.glued() && self.is_symbol(i - 2, &["&"]) {
                return None;
            }
            // "A330-300", "MH17-2": the number after a designation's hyphen goes on with it.
            if self.is_symbol(i - 1, &["-"])
                && i > 2
                && prev.glued()
                && self.toks[i - 2].kind == TokenKind::Number
                && self.glued(i - 2)
                && self.toks[i - 3].kind == TokenKind::Word
            {
                return None;
            }
            if self.is_symbol(i - 1, &["-"]) && i > 1 && prev.glued() && self.toks[i - 2].kind == TokenKind::Word {
                let word_before = i - 2;
                // "fifty-5", "5k-20k": a number word or a scale written against digits.
                let scale_after_digits = self.glued(word_before)
                    && self.toks[word_before - 1].kind == TokenKind::Number
                    && glued_scale_of(word_before);
                if !scale_after_digits
                    && !self.has(word_before, |e| matches!(e, Entry::Multiplier(_) | Entry::NumberTen(_)))
                {
                    return None;
                }
            }
        }
        // "401(k)", "501(c)(3)", "Section 8(a)": a letter in brackets glued to a
        // number makes a plan's or a paragraph's name.
        if self.is_symbol(i + 1, &["("])
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.toks.get(i + 2).is_some_and(|t| matches!(t.bytes(self.text), [b] if b.is_ascii_alphabetic()))
            && self.is_symbol(i + 3, &[")"])
            && self.glued(i + 3)
        {
            return None;
        }
        // "a 10-K filing", "an 8-K": a short integer hyphenated to a capital
        // letter names a form or a model, as a letter hyphenated to a number does
        // ("F-35"). Table figures flagged so ("329,208-R", "3.25-Y") stay values.
        if lit.plain
            && lit.digits <= 3
            && self.is_symbol(i + 1, &["-"])
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.is_capital_letter(i + 2)
        {
            return None;
        }
        // "the 777-200LR", "an A330-300": a number hyphenated to a number with
        // capitals glued after it that are no unit is a model ("30-40C" is a range).
        if lit.plain
            && self.is_symbol(i + 1, &["-"])
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.toks.get(i + 2).is_some_and(|t| t.kind == TokenKind::Number)
            && self.glued(i + 3)
            && self
                .toks
                .get(i + 3)
                .is_some_and(|t| t.kind == TokenKind::Word && t.bytes(self.text).iter().all(u8::is_ascii_uppercase))
            && !self.unit_follows(i + 3)
        {
            return None;
        }
        let mut end = i + 1;
        let mut value = lit.value;
        let mut step = lit.step;
        let mut ordinal = false;
        // "1.3e6", "2.5^-1", "1.3x10^6"
        if let Some((v, e)) = self.exponent_at(end, value) {
            value = v;
            step = Decimal::ZERO;
            end = e;
        }
        // What is glued after it must be something a number can carry.
        if let Some(next) = self.toks.get(end).filter(|t| t.glued() && t.kind == TokenKind::Word) {
            let s = next.text(self.text).to_ascii_lowercase();
            if matches!(s.as_str(), "st" | "nd" | "rd" | "th") {
                ordinal = true;
            } else if s != "s"
                && !self.has(end, |e| {
                    matches!(
                        e,
                        Entry::ScaleAbbreviation { .. }
                            | Entry::Multiplier(_)
                            | Entry::Unit(_)
                            | Entry::CurrencySymbol(_)
                            | Entry::CurrencyCode(_)
                            | Entry::CurrencyName { .. }
                            | Entry::Duration(_)
                            | Entry::Counted(_)
                            | Entry::Dozen(_)
                    )
                })
            {
                return None;
            }
        }
        // "10k", "1.2M", "-1200K": a scale letter written against the digits. A
        // capital after a single digit makes a name ("4K", "3M", like "5G"; "5k",
        // "$5M" and the range "5K-20K" are amounts); where the letter is also a
        // unit ("573.15K") it is the scale only with at most one decimal place.
        let glued_scale_at = |k: usize| {
            self.longest(k, |x| match x {
                Entry::ScaleAbbreviation { value, glued, .. } if glued.whatever_follows() => Some((value, glued)),
                _ => None,
            })
        };
        if !ordinal
            && !currency_before
            && lit.plain
            && lit.digits == 1
            && self.glued(end)
            && self.tok_text(end).starts_with(|c: char| c.is_ascii_uppercase())
            && let Some((_, e)) = glued_scale_at(end)
            && !(self.is_symbol(e, &["-", "–"]) && self.glued(e) && self.glued(e + 1))
        {
            return None;
        }
        // "2.33 k", "1,674,200.5 M": apart from a decimal or grouped literal too,
        // when nothing but punctuation follows the letter.
        let ends_clause = |e: usize| {
            self.toks.get(e).is_none_or(|t| t.kind == TokenKind::Symbol)
                && !self.text[tok.end as usize..self.toks[e - 1].start as usize].contains('\n')
        };
        // "10K race", "512K broadband", "1500b packet": a glued letter before a
        // noun that is not counted or measured is no scale; where it is also a
        // unit ("K" kelvin) the whole is a name.
        let before_plain_noun = !currency_before
            && self.glued(end)
            && glued_scale_at(end).is_some_and(|(_, e)| {
                self.toks.get(e).is_some_and(|t| t.kind == TokenKind::Word && !t.glued())
                    && !self.unit_follows(e)
                    && !self.has(e, |x| x == Entry::NotCounted)
                    && self.number_entry(e).is_none()
                    && !self.is_plain_plural_noun(e)
            });
        if before_plain_noun && self.has(end, |x| matches!(x, Entry::Unit(_))) {
            return None;
        }
        let mut glued_scale = Decimal::ONE;
        if !ordinal
            && !before_plain_noun
            && end == i + 1
            && (self.glued(end) || !lit.plain && glued_scale_at(end).is_some_and(|(_, e)| ends_clause(e)))
            && let Some(((m, mode), e)) = glued_scale_at(end)
            && (mode == GluedScale::Any || !lit.integer)
            && (lit.integer || lit.step.scale() <= 1 || !self.has(end, |x| matches!(x, Entry::Unit(_))))
            && let (Some(v), Some(st)) = (lit.value.checked_mul(m), lit.step.checked_mul(m))
        {
            value = v;
            step = st;
            glued_scale = m;
            end = e;
        }
        // "5m customers", "1m barrels", "113.5m ounces": a letter that is also a
        // unit is the scale against the digits when what follows is counted or
        // measured; "a 10m wall", "the 800m final" and "400m hurdles" (a noun the
        // rule lists) keep the unit. (Before a currency name the money patterns
        // read it already.)
        if glued_scale == Decimal::ONE
            && !ordinal
            && !currency_before
            && end == i + 1
            && self.glued(end)
            && let Some((m, e)) = self.longest(end, |x| match x {
                Entry::ScaleAbbreviation { value, glued: GluedScale::BeforeNoun, .. } => Some(value),
                _ => None,
            })
            && self.toks.get(e).is_some_and(|t| t.kind == TokenKind::Word && !t.glued())
            && (self.is_plain_plural_noun(e)
                || self.unit_follows(e)
                || self.has(e, |x| matches!(x, Entry::Counted(_) | Entry::Duration(_))))
            && !self
                .lex
                .scale_not_before
                .iter()
                .any(|w| self.toks[e].bytes(self.text).eq_ignore_ascii_case(w.as_bytes()))
            && let (Some(v), Some(st)) = (lit.value.checked_mul(m), lit.step.checked_mul(m))
        {
            value = v;
            step = st;
            glued_scale = m;
            end = e;
        }
        // "5 pm", "1700 hrs": a time of day. A time word that is also a unit of
        // time ("hrs") makes a clock time only after three or four plain digits
        // ("1.5 hrs", "3 hrs" are durations).
        if self.has(end, |e| e == Entry::TimeWord)
            && !(self.has(end, |e| matches!(e, Entry::Duration(_))) && !(lit.plain && lit.digits >= 3))
        {
            return None;
        }
        // "the 4000 block of Main Street": an address.
        if lit.plain && self.has(end, |e| e == Entry::LabelAfter) {
            return None;
        }
        // "Boeing 747", "Windows 10": a plain integer after a capitalized word that
        // is not the start of a sentence and means nothing to the lexicon. A unit
        // after it makes it a quantity again ("Everest 8,849 m"), but not a
        // capital letter glued to it: "Boeing 777F" is a freighter, not 777 °F.
        if lit.plain
            && i > 1
            && !tok.glued()
            && self.is_model_name_prefix(i - 1)
            && (self.letter_suffix(end) || !self.unit_follows(end))
            && wire_fraction(self.text, self.toks, end).is_none()
            && !(self.is_symbol(end, &["/"]) && self.glued(end))
        {
            return None;
        }
        // "1/5"
        if self.is_symbol(end, &["/"]) && self.glued(end) && self.glued(end + 1) {
            let denominator = self.toks.get(end + 1).filter(|t| t.kind == TokenKind::Number);
            if let Some(d) = denominator.and_then(|d| parse_literal(d.text(self.text)))
                && lit.plain
                && d.plain
                && !d.value.is_zero()
            {
                value = value.checked_div(d.value)?;
                step = Decimal::ZERO;
                end += 2;
            }
        }
        // "10 1/2": a whole number and a proper fraction.
        if end == i + 1 && lit.plain && !self.glued(end) && self.is_symbol(end + 1, &["/"]) {
            let part = |k: usize| {
                self.toks.get(k).filter(|t| t.kind == TokenKind::Number && !self.blocked[k]).and_then(|t| {
                    let s = t.text(self.text);
                    if s.bytes().all(|b| b.is_ascii_digit()) && s.len() <= 2 { s.parse::<i64>().ok() } else { None }
                })
            };
            if self.glued(end + 1)
                && self.glued(end + 2)
                && let (Some(a), Some(b)) = (part(end), part(end + 2))
                && a > 0
                && a < b
                && b <= 16
                && !self.glued(end + 3)
            {
                value += Decimal::from(a) / Decimal::from(b);
                step = Decimal::ZERO;
                end += 3;
            }
        }
        // "7-3/4 pct", "45-3/8": a wire price or rate.
        if end == i + 1
            && lit.plain
            && let Some((f, e)) = wire_fraction(self.text, self.toks, end)
        {
            value += f;
            step = Decimal::ZERO;
            end = e;
        }
        // "3½"
        if let Some((f, e)) = self.longest(end, |x| if let Entry::FractionChar(f) = x { Some(f) } else { None })
            && self.glued(end)
        {
            value += f;
            end = e;
        }
        let year_like = lit.plain && lit.digits == 4 && (1000..=2999).contains(&lit.value.trunc().mantissa());
        let mut num = Num {
            value,
            step,
            end,
            words: false,
            scale: glued_scale,
            ordinal,
            article: false,
            after_definite,
            year_like,
        };
        if glued_scale == Decimal::ONE {
            self.apply_scale(&mut num);
            self.continue_group(&mut num);
        }
        // "3 million and a half", "2 and a quarter", "15-and-a-half"
        let fraction = if self.is_word(num.end, "and") {
            self.fraction_at(num.end + 1)
        } else {
            self.hyphenated_fraction_at(num.end)
        };
        if let Some((frac, e)) = fraction
            && frac < Decimal::ONE
            && let Some(add) = frac.checked_mul(num.scale)
        {
            num.value += if num.value.is_sign_negative() { -add } else { add };
            num.step = num.step.min(add);
            num.end = e;
        }
        Some(num)
    }

    /// Scientific notation and powers after a literal at `i`: "e10", "e+14",
    /// "e-1" (glued letter e), "^23", "^-1", and "x10^6". Returns the value and
    /// the token after it.
    pub(super) fn exponent_at(&self, i: usize, base: Decimal) -> Option<(Decimal, usize)> {
        let int_at = |k: usize| -> Option<(i64, usize)> {
            let (neg, k) = if self.is_symbol(k, &["-", "+"]) && self.glued(k) {
                (self.tok_text(k) == "-", k + 1)
            } else {
                (false, k)
            };
            let t = self.toks.get(k).filter(|t| t.kind == TokenKind::Number && t.glued())?;
            let s = t.text(self.text);
            if !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 2 {
                return None;
            }
            let n: i64 = s.parse().ok()?;
            Some((if neg { -n } else { n }, k + 1))
        };
        let pow = |b: Decimal, e: i64| -> Option<Decimal> {
            if e.abs() > 28 {
                return None;
            }
            let mut r = Decimal::ONE;
            for _ in 0..e.abs() {
                r = r.checked_mul(b)?;
            }
            if e < 0 { Decimal::ONE.checked_div(r) } else { Some(r) }
        };
        let next = self.toks.get(i).filter(|t| t.glued())?;
        let word = next.text(self.text);
        if next.kind == TokenKind::Word && (word == "e" || word == "E") {
            let (e, end) = int_at(i + 1)?;
            return Some((base.checked_mul(pow(Decimal::TEN, e)?)?, end));
        }
        if next.kind == TokenKind::Word && (word == "x" || word == "×") || self.is_symbol(i, &["×"]) {
            let ten = self.toks.get(i + 1).filter(|t| t.glued() && t.text(self.text) == "10")?;
            let _ = ten;
            if !self.is_symbol(i + 2, &["^"]) || !self.glued(i + 2) {
                return None;
            }
            let (e, end) = int_at(i + 3)?;
            return Some((base.checked_mul(pow(Decimal::TEN, e)?)?, end));
        }
        if self.is_symbol(i, &["^"]) {
            let (e, end) = int_at(i + 1)?;
            return Some((pow(base, e)?, end));
        }
        None
    }

    /// "4 thousand 3 hundred and 21", "6 crore and two hundred": digits with a
    /// scale word, then the smaller rest of the number.
    pub(super) fn continue_group(&self, num: &mut Num) {
        let s = num.scale;
        if s < Decimal::ONE_HUNDRED || num.end == 0 || !self.has(num.end - 1, |e| matches!(e, Entry::Multiplier(_))) {
            return;
        }
        let and = self.is_word(num.end, "and");
        let at = num.end + usize::from(and);
        if self.glued(at)
            || !self.toks.get(at).is_some_and(|t| t.kind == TokenKind::Number || t.kind == TokenKind::Word)
        {
            return;
        }
        if and && self.fraction_at(at).is_some_and(|(f, _)| f < Decimal::ONE) {
            return;
        }
        let Some(rest) = self.read_unsigned(at) else { return };
        if rest.value.fract() != Decimal::ZERO
            || rest.article
            || rest.ordinal
            || rest.value <= Decimal::ZERO
            || rest.value >= s
        {
            return;
        }
        let ok = if and {
            rest.words || rest.value < Decimal::ONE_HUNDRED.min(s)
        } else {
            rest.words || rest.scale > Decimal::ONE
        };
        if ok {
            num.value += rest.value;
            num.step = num.step.min(rest.step);
            num.end = rest.end;
        }
    }

    pub(super) fn is_model_name_prefix(&self, w: usize) -> bool {
        let t = self.toks[w];
        if t.kind != TokenKind::Word || !self.phrases(w).is_empty() {
            return false;
        }
        let s = t.text(self.text);
        if !s.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
        // Sentence-initial capitals say nothing: a word after one of these, or
        // the text's first, leads no name.
        let breaks = |k: usize| {
            let p = self.toks[k];
            p.kind == TokenKind::Symbol
                && matches!(p.text(self.text), "." | "!" | "?" | ":" | "\"" | "“" | "(" | "-" | "–" | "—")
        };
        let capitalized = |k: usize| {
            self.toks[k].kind == TokenKind::Word && self.toks[k].text(self.text).starts_with(|c: char| c.is_uppercase())
        };
        // "Half-Life 2": a hyphen inside a compound is no break; the compound's
        // first word decides.
        let compound = w >= 1 && self.is_symbol(w - 1, &["-"]) && t.glued() && self.glued(w - 1);
        if compound { w >= 3 && capitalized(w - 2) && !breaks(w - 3) } else { w >= 1 && !breaks(w - 1) }
    }

    /// Whether token `i` is one capital letter ("K" of "10-K", "F" of "777F").
    pub(super) fn is_capital_letter(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| matches!(t.bytes(self.text), [b] if b.is_ascii_uppercase()))
    }

    /// Whether token `i` is one capital letter glued to what precedes it, as
    /// in a label or a model name ("No. 4F", "777F"), not a unit.
    pub(super) fn letter_suffix(&self, i: usize) -> bool {
        self.glued(i) && self.is_capital_letter(i)
    }

    /// Whether letters at `i` are glued between digits ("24703m212"): a code
    /// goes on, and they are no unit.
    pub(super) fn code_goes_on(&self, i: usize) -> bool {
        self.glued(i) && self.glued(i + 1) && self.toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Number)
    }

    pub(super) fn unit_follows(&self, i: usize) -> bool {
        self.has(i, |e| {
            matches!(
                e,
                Entry::Unit(_)
                    | Entry::Counted(_)
                    | Entry::CurrencyName { .. }
                    | Entry::CurrencyCode(_)
                    | Entry::Duration(_)
                    | Entry::Multiplier(_)
                    | Entry::ScaleAbbreviation { ambiguous: false, .. }
            )
        })
    }

    /// "1.2 million", "90-billion", "3bn", "12 mln", "2 dozen".
    pub(super) fn apply_scale(&self, num: &mut Num) {
        let mut at = num.end;
        let hyphen = self.is_symbol(at, &["-"]) && self.glued(at) && self.glued(at + 1);
        if hyphen {
            at += 1;
        }
        let scale = self.longest(at, |e| match e {
            Entry::Multiplier(m) if m >= Decimal::ONE_THOUSAND => Some(m),
            // "3 hundred", "322 hundred"
            Entry::Multiplier(m) if !hyphen => Some(m),
            Entry::ScaleAbbreviation { value, ambiguous: false, .. } if !hyphen => Some(value),
            Entry::Dozen(d) if !hyphen => Some(d),
            _ => None,
        });
        if let Some((m, end)) = scale
            && let (Some(v), Some(s)) = (num.value.checked_mul(m), num.step.checked_mul(m))
        {
            num.value = v;
            num.step = s;
            num.scale *= m;
            num.end = end;
            // "3 lakh crore", "5 thousand million": a larger multiplier right after.
            if let Some((m2, end2)) = self.longest(end, |e| if let Entry::Multiplier(x) = e { Some(x) } else { None })
                && m2 > m
                && m >= Decimal::ONE_THOUSAND
                && let (Some(v), Some(s)) = (num.value.checked_mul(m2), num.step.checked_mul(m2))
            {
                num.value = v;
                num.step = s;
                num.scale *= m2;
                num.end = end2;
            }
        }
    }

    pub(super) fn number_entry(&self, i: usize) -> Option<Entry> {
        self.phrases(i).iter().filter(|m| m.end == i + 1).map(|m| m.entry).find(|e| {
            matches!(
                e,
                Entry::NumberUnit(_)
                    | Entry::NumberTen(_)
                    | Entry::Multiplier(_)
                    | Entry::Dozen(_)
                    | Entry::FractionWord(_)
                    | Entry::FractionChar(_)
                    | Entry::ArticleNumber(_)
            )
        })
    }

    pub(super) fn read_words(&self, i: usize, after_definite: bool) -> Option<Num> {
        self.read_words_until(i, after_definite, self.toks.len())
    }

    /// Whether a qualifier of counts ("more than", "nearly"; not "by") ends
    /// right before `i`.
    pub(super) fn qualifier_ends_at(&self, i: usize) -> bool {
        (i.saturating_sub(self.lex.max_phrase_tokens)..i).any(|k| {
            self.phrases(k).iter().any(|m| {
                m.end == i
                    && matches!(m.entry, Entry::Qualifier { not_kinds, .. }
                            if !crate::rules::excludes_kind(not_kinds, Kind::Count))
            })
        })
    }

    /// The denominator an ordinal word stands for ("fifths" 5, "hundredth" 100),
    /// and whether it only counts after a tens word ("twenty-first").
    pub(super) fn ordinal_denominator(&self, k: usize) -> Option<(Decimal, bool)> {
        match self.number_entry(k).or_else(|| self.compound_fraction(k)) {
            Some(Entry::FractionWord(f)) if !f.is_zero() => Some(((Decimal::ONE / f).round(), false)),
            Some(Entry::CompoundFraction(f)) if !f.is_zero() => Some(((Decimal::ONE / f).round(), true)),
            _ => None,
        }
    }

    pub(super) fn compound_fraction(&self, k: usize) -> Option<Entry> {
        self.phrases(k)
            .iter()
            .find(|m| m.end == k + 1 && matches!(m.entry, Entry::CompoundFraction(_)))
            .map(|m| m.entry)
    }

    /// A fraction whose denominator is an ordinal: "three fifths", "a
    /// trillionth", "three twenty-firsts", "one hundred thirty fifths" (100/35),
    /// "one one hundred fifth" (1/105), "a hundred thousand trillionths".
    ///
    /// The denominator takes the tens word before a unit ordinal ("thirty
    /// fifths") and the hundreds or thousands before one ("one hundred fifth"),
    /// when a numerator is left before it; a unit word before the ordinal
    /// belongs to the numerator ("thirty two fifths" is 32/5). A singular
    /// denominator needs the numerator one ("two fifth" is no fraction), and
    /// is an ordinal before a noun ("a fifth term") or after "the". An "and"
    /// in the numerator is left to the reader of "two hundred and three
    /// quarters" (200.75). "two thirds of a million" multiplies.
    pub(super) fn ordinal_fraction(&self, i: usize, after_definite: bool, limit: usize) -> Option<Num> {
        let number_word = |k: usize| {
            matches!(self.number_entry(k), Some(Entry::NumberUnit(_) | Entry::NumberTen(_) | Entry::Multiplier(_)))
                && !self.tok_text(k).ends_with(['s', 'S'])
        };
        let hyphen = |k: usize| self.is_symbol(k, &["-"]) && self.glued(k) == self.glued(k + 1);
        let article = self.is_word(i, "a") || self.is_word(i, "an");
        // The run of number words up to the ordinal.
        let mut k = i + usize::from(article);
        while k < limit && (number_word(k) || (k > i && (self.is_word(k, "and") || hyphen(k)))) {
            k += 1;
        }
        if k >= limit || k == i || self.glued(k) && !self.is_symbol(k - 1, &["-"]) {
            return None;
        }
        let (n, compound_only) = self.ordinal_denominator(k)?;
        let before = |k: usize| if k > i && hyphen(k - 1) { k - 1 } else { k };
        // Where the denominator starts, and its value.
        let mut d = k;
        let mut den = n;
        if n < Decimal::TEN {
            let p = before(k);
            // "one hundred and thirty fifths": "and" ties the tens to the numerator.
            if p > i
                && let Some(Entry::NumberTen(t)) = self.number_entry(p - 1)
                && !(p - 1 > i && self.is_word(p - 2, "and"))
            {
                d = p - 1;
                den = t + n;
            }
        }
        if d == k && n < Decimal::ONE_HUNDRED {
            let mut p = before(k);
            if p > i && self.is_word(p - 1, "and") {
                p -= 1;
            }
            if p > i
                && let Some(Entry::Multiplier(m)) = self.number_entry(p - 1)
                && (m == Decimal::ONE_HUNDRED || m == Decimal::ONE_THOUSAND)
            {
                d = p - 1;
                den = m + n;
                // "one hundred fifth", unless the unit is the end of "ninety-five".
                if d > i
                    && let Some(Entry::NumberUnit(u)) = self.number_entry(d - 1)
                    && u < Decimal::TEN
                    && !(d > i + 1 && hyphen(d - 2))
                {
                    d -= 1;
                    den = u * m + n;
                } else if d > i + 1 && hyphen(d - 2) {
                    d = k;
                    den = n;
                }
            }
        }
        // No numerator left, or one cut in the middle of "ninety-five": the
        // words before the ordinal are the numerator.
        let numerator_at = |d: usize| -> Option<Decimal> {
            let end = if d > i && hyphen(d - 1) { d - 1 } else { d };
            if end <= i {
                return None;
            }
            // "one hundred and three quarters" is 100 3/4, read elsewhere.
            if let Some(a) = (i..end).rev().find(|&a| self.is_word(a, "and"))
                && self.fraction_at(a + 1).is_some_and(|(f, e)| f < Decimal::ONE && e == k + 1)
            {
                return None;
            }
            if article && end == i + 1 {
                return Some(Decimal::ONE);
            }
            let num = self.read_words_until(i, after_definite, end)?;
            (num.end == end && !num.article && !num.ordinal).then_some(num.value)
        };
        let numerator = match numerator_at(d) {
            Some(v) => v,
            None if d != k && !compound_only => {
                den = n;
                d = k;
                numerator_at(d)?
            }
            None => return None,
        };
        let _ = d;
        if compound_only && den == n {
            return None;
        }
        let singular = !self.tok_text(k).ends_with(['s', 'S']);
        // "a fifth term", "a third and final": an ordinal. "one quarter and" is
        // a fraction; "a quarter of" either.
        let next_is_plain_word = self.toks.get(k + 1).is_some_and(|t| {
            t.kind == TokenKind::Word
                && !self.is_word(k + 1, "of")
                && (article || !self.has(k + 1, |e| e == Entry::NotCounted))
                && self.number_entry(k + 1).is_none()
        });
        if singular && (numerator != Decimal::ONE || next_is_plain_word || after_definite) {
            return None;
        }
        let mut value = numerator.checked_div(den)?;
        // "four quarters", "a quarter" with coin rules: coins.
        if (article || value >= Decimal::ONE) && self.coin_not_fraction(k) {
            return None;
        }
        let mut end = k + 1;
        let mut scale = Decimal::ONE;
        // "two thirds of a million"
        if self.is_word(end, "of")
            && (self.is_word(end + 1, "a") || self.is_word(end + 1, "an"))
            && let Some(Entry::Multiplier(m)) = self.number_entry(end + 2)
            && m >= Decimal::ONE_THOUSAND
            && let Some(v) = value.checked_mul(m)
        {
            value = v;
            scale = m;
            end += 3;
        }
        Some(Num::in_words(value, Decimal::ZERO, end, scale, after_definite))
    }

    pub(super) fn read_words_until(&self, i: usize, after_definite: bool, limit: usize) -> Option<Num> {
        let n = limit;
        let mk = |value: Decimal, step: Decimal, end: usize, scale: Decimal| {
            Num::in_words(value, step, end, scale, after_definite)
        };
        if let Some(Entry::FractionChar(f)) = self.number_entry(i) {
            return Some(mk(f, Decimal::ZERO, i + 1, Decimal::ONE));
        }
        if let Some(num) = self.ordinal_fraction(i, after_definite, limit) {
            return Some(num);
        }
        let is_article = self.is_word(i, "a") || self.is_word(i, "an");
        // "half a million", "half million", "half a dozen"
        if let Some(Entry::FractionWord(f)) = self.number_entry(i) {
            let article = usize::from(self.is_word(i + 1, "a") || self.is_word(i + 1, "an"));
            match self.number_entry(i + 1 + article) {
                Some(Entry::Multiplier(m)) if m >= Decimal::ONE_THOUSAND => {
                    return Some(mk(f * m, f * m / Decimal::TEN, i + 2 + article, m));
                }
                Some(Entry::Dozen(d)) if article == 1 => return Some(mk(f * d, Decimal::ONE, i + 3, Decimal::ONE)),
                // "half an hour", "half day", "quarter century", "half a mile": part
                // of one unit of time or measure ("eleventh hour", "nineteenth
                // month" are positions).
                _ if (f == Decimal::new(5, 1) || f == Decimal::new(25, 2))
                    && self.has(i + 1 + article, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_))) =>
                {
                    return Some(mk(f, f, i + 1 + article, Decimal::ONE));
                }
                // "more than half", "nearly half": a share bounded by a qualifier
                // ("the second half", "over sixth seed" are none).
                _ if article == 0
                    && f == Decimal::new(5, 1)
                    && !self.tok_text(i).ends_with(['s', 'S'])
                    && !self.glued(i)
                    && !self.glued(i + 1)
                    && self.qualifier_ends_at(i) =>
                {
                    return Some(mk(f, f, i + 1, Decimal::ONE));
                }
                _ => return None,
            }
        }
        let mut j = i;
        let mut total = Decimal::ZERO;
        let mut group = Decimal::ZERO;
        let mut any = false;
        let mut has_units = false; // the group holds units (1-19)
        let mut has_tens = false;
        let mut last_mult: Option<Decimal> = None;
        let mut step = Decimal::ONE;
        let mut scale = Decimal::ONE;
        if is_article {
            match self.number_entry(i + 1) {
                // "a couple", "a pair of shoes"; "of" joins before what is
                // measured or counted ("a couple of weeks").
                Some(Entry::ArticleNumber(v)) if i + 1 < limit && !self.glued(i + 1) => {
                    let of = self.is_word(i + 2, "of") && (i + 3 >= self.toks.len() || self.unit_follows(i + 3));
                    return Some(mk(v, Decimal::ONE, i + 2 + usize::from(of), Decimal::ONE));
                }
                Some(Entry::Multiplier(_) | Entry::Dozen(_) | Entry::FractionWord(_))
                    if !self.coin_not_fraction(i + 1) =>
                {
                    group = Decimal::ONE;
                    j = i + 1;
                }
                _ => {
                    // "a civilian", "a dollar": one, only before a listed counted
                    // noun or an unambiguous currency name.
                    let noun = |e: Entry| {
                        matches!(e, Entry::Counted(_) | Entry::CurrencyName { ambiguous: false, word: true, .. })
                    };
                    // "for an hour", "waited a month": one unit of time, only where
                    // a span of time is meant ("$5 million a year" is a rate).
                    let time_taker = i == 0
                        || matches!(
                            self.tok_text(i - 1).to_ascii_lowercase().as_str(),
                            "for"
                                | "within"
                                | "about"
                                | "around"
                                | "nearly"
                                | "almost"
                                | "over"
                                | "than"
                                | "took"
                                | "lasted"
                                | "lasting"
                                | "spent"
                                | "waited"
                                | "only"
                                | "just"
                                | "barely"
                        );
                    let duration = time_taker && self.has(i + 1, |e| matches!(e, Entry::Duration(_)));
                    if (self.has(i + 1, noun) || duration) && !self.glued(i + 1) {
                        let mut num = mk(Decimal::ONE, Decimal::ONE, i + 1, Decimal::ONE);
                        num.article = true;
                        return Some(num);
                    }
                    return None;
                }
            }
        }
        while j < n {
            if j > i && self.glued(j) && !self.is_symbol(j, &["-"]) && self.toks[j].kind != TokenKind::Word {
                break;
            }
            let Some(entry) = self.number_entry(j) else {
                // "and" inside a number: "one hundred and sixteen", "one and a half".
                if self.is_word(j, "and") && any {
                    // "one and a half", "five and three quarters", "3 million and a half",
                    // "one hundred and three quarters", "one billion and a half million".
                    // A fractional part is below one: "one hundred and thirty
                    // fifths" is 130/5.
                    if let Some((frac, end)) = self.fraction_at(j + 1).filter(|(f, _)| *f < Decimal::ONE) {
                        let after = self.longest(end, |e| match e {
                            Entry::Multiplier(m) if m >= Decimal::ONE_THOUSAND => Some(m),
                            _ => None,
                        });
                        match (after, last_mult) {
                            // "one billion and a half million"
                            (Some((m, e)), Some(lm)) if m < lm && group.is_zero() => {
                                total += frac * m;
                                step = step.min(frac * m);
                                j = e;
                            }
                            // "five and a half million"
                            (Some((m, e)), None) if (group + frac).checked_mul(m).is_some() => {
                                total = (group + frac) * m;
                                group = Decimal::ZERO;
                                step = (frac * m).min(m);
                                scale = m;
                                last_mult = Some(m);
                                j = e;
                            }
                            _ => {
                                if group.is_zero()
                                    && let Some(m) = last_mult
                                {
                                    total += frac * m;
                                    step = step.min(frac * m);
                                } else {
                                    group += frac;
                                    step = frac.min(Decimal::ONE);
                                }
                                j = end;
                            }
                        }
                        break;
                    }
                    let next = self.number_entry(j + 1);
                    if (last_mult.is_some() || group >= Decimal::ONE_HUNDRED)
                        && matches!(next, Some(Entry::NumberUnit(_) | Entry::NumberTen(_)))
                        && group % Decimal::ONE_HUNDRED == Decimal::ZERO
                    {
                        j += 1;
                        continue;
                    }
                }
                // "two-and-a-half", "one-and-three-quarters"
                if any
                    && group < Decimal::ONE_THOUSAND
                    && let Some((frac, end)) = self.hyphenated_fraction_at(j)
                {
                    group += frac;
                    step = frac;
                    j = end;
                    break;
                }
                // "one-eighth", "five - eighths": a hyphen between a unit and a fraction word
                // (glued on both sides or spaced on both sides).
                if self.is_symbol(j, &["-"])
                    && has_units
                    && !has_tens
                    && group < Decimal::TEN
                    && self.glued(j) == self.glued(j + 1)
                    && matches!(self.number_entry(j + 1), Some(Entry::FractionWord(_)))
                {
                    j += 1;
                    continue;
                }
                // "two hundred point zero three", "nine point five million".
                if self.is_word(j, "point")
                    && any
                    && !self.glued(j)
                    && let Some((frac, places, end)) = self.decimal_words(j + 1)
                {
                    group += frac;
                    step = Decimal::new(1, places);
                    has_units = true;
                    has_tens = true;
                    j = end;
                    continue;
                }
                break;
            };
            match entry {
                Entry::NumberUnit(v) => {
                    if has_units || (has_tens && v >= Decimal::TEN) {
                        break;
                    }
                    group += v;
                    has_units = true;
                    j += 1;
                }
                Entry::NumberTen(v) => {
                    // "one twenty-two": a lone unit before a tens compound says
                    // the hundreds (122).
                    let unit_at = |k: usize| matches!(self.number_entry(k), Some(Entry::NumberUnit(u)) if u < Decimal::TEN && !u.is_zero());
                    let compound = (unit_at(j + 1) && !self.glued(j + 1))
                        || (self.is_symbol(j + 1, &["-"]) && self.glued(j + 1) && unit_at(j + 2));
                    let spoken_hundreds =
                        has_units && !has_tens && j == i + 1 && group < Decimal::TEN && last_mult.is_none() && compound;
                    if (has_units && !spoken_hundreds) || has_tens {
                        break;
                    }
                    if spoken_hundreds {
                        group *= Decimal::ONE_HUNDRED;
                        has_units = false;
                    }
                    group += v;
                    has_tens = true;
                    j += 1;
                    // "thirty-two"
                    // "fifty - two": spaced on both sides, as tokenized text writes it.
                    if self.is_symbol(j, &["-"])
                        && self.glued(j) == self.glued(j + 1)
                        && let Some(Entry::NumberUnit(u)) = self.number_entry(j + 1)
                        && u < Decimal::TEN
                        && !u.is_zero()
                    {
                        group += u;
                        has_units = true;
                        j += 2;
                    }
                }
                Entry::Multiplier(m) if m == Decimal::ONE_HUNDRED => {
                    // "hundreds of homes" alone is no number.
                    if group >= Decimal::ONE_HUNDRED || (group.is_zero() && self.tok_text(j).ends_with(['s', 'S'])) {
                        break;
                    }
                    group = group.max(Decimal::ONE) * m;
                    has_units = false;
                    has_tens = false;
                    step = Decimal::ONE_HUNDRED;
                    j += 1;
                }
                Entry::Multiplier(m) => {
                    // "three lakh crore", "three thousand millions": a larger multiplier
                    // right after another multiplies the whole.
                    if let Some(p) = last_mult
                        && m > p
                        && group.is_zero()
                        && j > i
                        && self.number_entry(j - 1) == Some(Entry::Multiplier(p))
                    {
                        let (Some(t), Some(st), Some(sc)) =
                            (total.checked_mul(m), step.checked_mul(m), scale.checked_mul(m))
                        else {
                            break;
                        };
                        total = t;
                        last_mult = Some(m);
                        step = st;
                        scale = sc;
                        j += 1;
                        continue;
                    }
                    if last_mult.is_some_and(|p| m >= p) || (!any && group.is_zero()) {
                        break;
                    }
                    total += group.max(Decimal::ONE) * m;
                    group = Decimal::ZERO;
                    has_units = false;
                    has_tens = false;
                    last_mult = Some(m);
                    step = m;
                    scale = m;
                    j += 1;
                }
                Entry::Dozen(d) => {
                    if !any && group.is_zero() {
                        break;
                    }
                    // "three hundred and two dozens": the dozen takes what follows the hundreds.
                    let hundreds = if group >= Decimal::ONE_HUNDRED {
                        group - group % Decimal::ONE_HUNDRED
                    } else {
                        Decimal::ZERO
                    };
                    // "two hundred dozens": nothing after the hundreds, so all of it.
                    group = if hundreds > Decimal::ZERO && group == hundreds {
                        group * d
                    } else {
                        hundreds + (group - hundreds).max(Decimal::ONE) * d
                    };
                    has_units = true;
                    j += 1;
                }
                Entry::FractionWord(f) => {
                    // "three quarters", "two thirds", "a quarter".
                    if group.is_zero() || group >= Decimal::ONE_HUNDRED || last_mult.is_some() {
                        break;
                    }
                    // "four quarters" with coin rules: four of the coin.
                    if group * f >= Decimal::ONE && self.coin_not_fraction(j) {
                        break;
                    }
                    // "three fifth-graders", "two third-quarter goals": an ordinal
                    // adjective; a singular takes the numerator one only.
                    let adjective = self.is_symbol(j + 1, &["-"]) && self.glued(j + 1) && self.glued(j + 2);
                    let singular = !self.tok_text(j).ends_with(['s', 'S']);
                    if adjective || (singular && group != Decimal::ONE) {
                        break;
                    }
                    // "a fifth term", "a third time": an ordinal, not a fraction.
                    let next_is_plain_word = self.toks.get(j + 1).is_some_and(|t| {
                        t.kind == TokenKind::Word
                            && !self.is_word(j + 1, "of")
                            && (is_article || !self.has(j + 1, |e| e == Entry::NotCounted))
                            && self.number_entry(j + 1).is_none()
                    });
                    if group == Decimal::ONE && next_is_plain_word {
                        break;
                    }
                    group *= f;
                    step = f;
                    j += 1;
                    any = true;
                    break;
                }
                _ => break,
            }
            any = true;
        }
        if !any {
            return None;
        }
        // "one hundred fifth", "twenty-first": number words that end in a
        // singular ordinal make a position, not a quantity.
        let at = if self.is_symbol(j, &["-"]) && self.glued(j) && self.glued(j + 1) { j + 1 } else { j };
        // ("three fifth-graders": a unit before an ordinal is no compound.)
        if at < self.toks.len()
            && j > i
            && matches!(self.number_entry(j - 1), Some(Entry::NumberTen(_) | Entry::Multiplier(_)))
            && !self.tok_text(at).ends_with(['s', 'S'])
            && self.ordinal_denominator(at).is_some_and(|(d, compound)| compound || d > Decimal::TWO)
        {
            return None;
        }
        let value = total + group;
        if !group.is_zero() && last_mult.is_some() {
            step = Decimal::ONE.min(step);
        }
        Some(mk(value, step, j, scale))
    }

    /// A fraction word at `i` that rules also make a currency name (a coin
    /// pack's "quarters" = USD 0.25), where it may name the money: not before
    /// "of" ("a quarter of the vote"), a hyphen ("a quarter-hour") or a number
    /// word ("a quarter million"), nor as "and a quarter" ("seven hours and a
    /// quarter"). The callers read it as money only after an article ("a
    /// quarter") or where the fraction would be one or more ("four quarters"):
    /// "three quarters", "one quarter" stay fractions.
    pub(super) fn coin_not_fraction(&self, i: usize) -> bool {
        self.masks.get(i).is_some_and(|m| m & bits::CURRENCY_NAME != 0)
            && self.has(i, |e| matches!(e, Entry::CurrencyName { word: true, ambiguous: false, .. }))
            && !self.is_word(i + 1, "of")
            && !(self.is_symbol(i + 1, &["-"]) && self.glued(i + 1))
            && self.number_entry(i + 1).is_none()
            && !self.after_and_article(i)
    }

    /// A fraction in words at `i`: "a half", "one quarter", "three fifths".
    /// Returns its value and the token after it.
    pub(super) fn fraction_at(&self, i: usize) -> Option<(Decimal, usize)> {
        let numerator_word = !(self.is_word(i, "a") || self.is_word(i, "an"));
        let (numerator, at) = if !numerator_word {
            (Decimal::ONE, i + 1)
        } else {
            match self.number_entry(i)? {
                Entry::NumberUnit(v) if !v.is_zero() => (v, i + 1),
                // "fifty-four hundredths"
                Entry::NumberTen(t) => match self.number_entry(i + 2) {
                    Some(Entry::NumberUnit(u))
                        if self.is_symbol(i + 1, &["-"]) && self.glued(i + 1) && u < Decimal::TEN =>
                    {
                        (t + u, i + 3)
                    }
                    _ => (t, i + 1),
                },
                // "six and half years", "one and quarter hour": a bare singular
                // fraction, only right before a unit of time or measure.
                Entry::FractionWord(_)
                    if !self.tok_text(i).ends_with(['s', 'S'])
                        && !self.glued(i + 1)
                        && self.toks.get(i + 1).is_some_and(|t| t.end - t.start > 2)
                        && self.has(i + 1, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_))) =>
                {
                    (Decimal::ONE, i)
                }
                _ => return None,
            }
        };
        // "one-half", "three-quarters": the numerator hyphened to the fraction.
        let at = if numerator_word && self.is_symbol(at, &["-"]) && self.glued(at) && self.glued(at + 1) {
            at + 1
        } else {
            at
        };
        let Some(Entry::FractionWord(f)) = self.number_entry(at) else { return None };
        if self.glued(at) && !at.checked_sub(1).is_some_and(|p| self.is_symbol(p, &["-"])) {
            return None;
        }
        // "stages 3 and 4 and two-fifths of schools": a share, not a part; "one
        // and a quarter of an hour" is one.
        if self.is_word(at + 1, "of") {
            let article = usize::from(self.is_word(at + 2, "a") || self.is_word(at + 2, "an"));
            if !self.has(at + 2 + article, |e| matches!(e, Entry::Duration(_) | Entry::Unit(_))) {
                return None;
            }
        }
        Some((numerator * f, at + 1))
    }

    /// "-and-a-half", "-and-three-quarters" hyphenated onto the number before
    /// `k` ("15-and-a-half miles", "two-and-a-half years"): the fraction, below
    /// one, and the token after it.
    pub(super) fn hyphenated_fraction_at(&self, k: usize) -> Option<(Decimal, usize)> {
        // (Asked at the end of every number: a byte look, not a string compare.)
        let hyphen = |t: usize| {
            self.toks
                .get(t)
                .is_some_and(|tok| tok.end == tok.start + 1 && self.text.as_bytes()[tok.start as usize] == b'-')
                && self.glued(t)
                && self.glued(t + 1)
        };
        if !(hyphen(k) && self.is_word(k + 1, "and") && hyphen(k + 2)) {
            return None;
        }
        let numerator = if self.is_word(k + 3, "a") || self.is_word(k + 3, "an") {
            Decimal::ONE
        } else {
            match self.number_entry(k + 3)? {
                Entry::NumberUnit(v) if !v.is_zero() => v,
                _ => return None,
            }
        };
        let Some(Entry::FractionWord(f)) = self.number_entry(k + 5).filter(|_| hyphen(k + 4)) else { return None };
        let frac = numerator.checked_mul(f)?;
        (frac < Decimal::ONE).then_some((frac, k + 6))
    }

    /// The digits after "point" in words: "zero three" → 0.03, "seventy-one" → 0.71.
    /// Returns the fraction, its decimal places and the token after it.
    pub(super) fn decimal_words(&self, i: usize) -> Option<(Decimal, u32, usize)> {
        let mut digits = String::new();
        let mut j = i;
        while let Some(Entry::NumberUnit(v)) = self.number_entry(j) {
            if v >= Decimal::TEN {
                if digits.is_empty() {
                    digits = v.to_string();
                    j += 1;
                }
                break;
            }
            digits.push_str(&v.to_string());
            j += 1;
        }
        if digits.is_empty()
            && let Some(Entry::NumberTen(t)) = self.number_entry(j)
        {
            let mut v = t;
            j += 1;
            if self.is_symbol(j, &["-"])
                && self.glued(j)
                && let Some(Entry::NumberUnit(u)) = self.number_entry(j + 1)
                && u < Decimal::TEN
            {
                v += u;
                j += 2;
            }
            digits = v.to_string();
        }
        if digits.is_empty() || digits.len() > 20 {
            return None;
        }
        let places = digits.len() as u32;
        let n: i64 = digits.parse().ok()?;
        Some((Decimal::new(n, places), places, j))
    }
}
