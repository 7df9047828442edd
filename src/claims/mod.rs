//! Mention → claim: what it measures (metric), about whom (subject), and when.
//!
//! A metric comes from the nearest trigger phrase of a metric rule around the
//! mention, inside its sentence. The subject is the nearest reference alias,
//! looked for in the mention's clause, then its sentence, then the earlier
//! sentences of its paragraph, then the headline; subjects that have a fact for
//! the metric are preferred at every step, and a city beats the country it lies
//! in when both are named ("the city of Zaporizhzhia … in southern Ukraine").
//! The time is a date stated in the same clause, else the document's date.

mod text;

use rust_decimal::Decimal;

use crate::date::PartialDate;
use crate::document::{BlockKind, Document};
use crate::extract::{Extractor, Kind, Located, Mention, Qualifier};
use crate::reference::{AliasMatch, Reference};
use crate::rules::{LastWordFilter, MetricRule, RuleSet, Trigger, TriggerSide, word_bit};
use crate::tokenize::{Token, tokenize};

pub use text::{Sentence, split_sentences};

/// Where a claim's time came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// A date stated in the claim's own clause.
    Claim,
    /// The document's date.
    Document,
    /// Not known.
    Unknown,
}

/// How the text frames a number that is not a statement of current fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Framing {
    /// An earlier value in a change ("rose from 3,890").
    pub old_value: bool,
    /// A forecast or expectation ("had expected 2.7%").
    pub forecast: bool,
    /// The size of a change, not a level ("rose by 43 mln", "fell 5 pct").
    pub difference: bool,
}

impl Framing {
    /// The name used in rule examples: "old_value", "forecast", "difference",
    /// or "" for a statement of current fact.
    pub fn name(self) -> &'static str {
        if self.old_value {
            "old_value"
        } else if self.forecast {
            "forecast"
        } else if self.difference {
            "difference"
        } else {
            ""
        }
    }
}

/// A mention bound to what it measures.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Block index in the document.
    pub block: usize,
    /// The mention (offsets into the block's text).
    pub mention: Mention,
    /// Source byte offset of the span's start.
    pub start: usize,
    /// Source byte offset one past the span's end.
    pub end: usize,
    /// The metric id, when a metric rule fired.
    pub metric: Option<String>,
    /// The subject, as an index into the reference's subjects.
    pub subject: Option<usize>,
    /// How an ambiguous subject name was resolved, for the report.
    pub subject_note: Option<String>,
    /// The time the claim speaks of.
    pub time: Option<PartialDate>,
    /// Where that time came from.
    pub time_source: TimeSource,
    /// Old value or forecast.
    pub framing: Framing,
    /// Index of the sentence in its block.
    pub sentence: usize,
}

/// Binds mentions to metrics and subjects with one rule set and one reference.
pub struct Binder<'a> {
    rules: &'a RuleSet,
    reference: &'a Reference,
}

/// Where subject_for looks: aliases, the byte range they must lie in, whether an
/// earlier one wins a tie, and the text and view the aliases' offsets belong to.
type SubjectLevel<'x, 'a> = (&'x [AliasMatch], std::ops::Range<usize>, bool, &'x str, &'x BlockView<'a>);

/// Tokens and aliases of one block, computed once.
struct BlockView<'a> {
    tokens: Vec<Token>,
    sentences: Vec<Sentence>,
    aliases: Vec<AliasMatch>,
    /// Per token, the trigger phrases it is the first word of, once looked up.
    triggers: Vec<std::cell::Cell<Option<&'a [Trigger]>>>,
}

impl<'a> Binder<'a> {
    /// A binder.
    pub fn new(rules: &'a RuleSet, reference: &'a Reference) -> Binder<'a> {
        Binder { rules, reference }
    }

    /// Extracts and binds every claim of a document, in source order.
    pub fn claims(&self, doc: &Document, date: Option<PartialDate>) -> Vec<Claim> {
        self.claims_with(doc, date, &mut crate::extract::Scratch::default())
    }

    /// [`Binder::claims`], reusing the extractor's buffers across documents: a
    /// batch worker keeps one [`Scratch`](crate::extract::Scratch) for all of its
    /// documents instead of growing fresh ones for each.
    pub fn claims_with(
        &self,
        doc: &Document,
        date: Option<PartialDate>,
        scratch: &mut crate::extract::Scratch,
    ) -> Vec<Claim> {
        let (located, tokens) = Extractor::new(self.rules).extract_document_tokens(doc, date, scratch);
        self.bind_document_tokens(doc, located, tokens, date.or(doc.date))
    }

    /// Binds already extracted mentions of a document.
    pub fn bind_document(&self, doc: &Document, located: Vec<Located>, date: Option<PartialDate>) -> Vec<Claim> {
        self.bind_document_tokens(doc, located, Vec::new(), date)
    }

    /// [`Binder::bind_document`] with the blocks' tokens as extraction left them
    /// ([`Extractor::extract_document_tokens`]; a block without them is
    /// tokenized here).
    pub fn bind_document_tokens(
        &self,
        doc: &Document,
        located: Vec<Located>,
        tokens: Vec<Vec<Token>>,
        date: Option<PartialDate>,
    ) -> Vec<Claim> {
        let mut tokens: Vec<Option<Vec<Token>>> = tokens.into_iter().map(Some).collect();
        tokens.resize_with(doc.blocks.len(), || None);
        let mut views: Vec<Option<BlockView<'a>>> = (0..doc.blocks.len()).map(|_| None).collect();
        let headline = doc
            .blocks
            .iter()
            .position(|b| b.kind == BlockKind::Title)
            .or_else(|| doc.blocks.iter().position(|b| b.kind == BlockKind::Heading(1)));
        let mut view = |b: usize, views: &mut Vec<Option<BlockView<'a>>>| {
            if views[b].is_none() {
                let text = &doc.blocks[b].text;
                let toks = tokens[b].take().unwrap_or_else(|| tokenize(text));
                views[b] = Some(self.view_of(text, toks));
            }
        };
        if let Some(h) = headline {
            view(h, &mut views);
        }
        // Dates stated in each block, to give claims their own time.
        let mut dates: Vec<Vec<(usize, usize, PartialDate)>> = vec![Vec::new(); doc.blocks.len()];
        for loc in &located {
            if let Some(d) = loc.mention.value.date() {
                dates[loc.block].push((loc.mention.start, loc.mention.end, d));
            }
        }
        let mut out = Vec::with_capacity(located.len());
        for loc in located {
            view(loc.block, &mut views);
            let v = views[loc.block].as_ref().expect("view built above");
            let head = headline.filter(|&h| h != loc.block).and_then(|h| views[h].as_ref().map(|hv| (h, hv)));
            let head_text = head.map(|(h, hv)| (doc.blocks[h].text.as_str(), hv));
            let mut claim = self.bind(&doc.blocks[loc.block].text, v, head_text, loc.mention, &dates[loc.block], date);
            claim.block = loc.block;
            claim.start = loc.start;
            claim.end = loc.end;
            out.push(claim);
        }
        out
    }

    /// Binds the mentions of a single text (the text is its own paragraph).
    pub fn bind_text(&self, text: &str, mentions: &[Mention], date: Option<PartialDate>) -> Vec<Claim> {
        let v = self.view(text);
        let dates: Vec<(usize, usize, PartialDate)> =
            mentions.iter().filter_map(|m| m.value.date().map(|d| (m.start, m.end, d))).collect();
        mentions.iter().map(|m| self.bind(text, &v, None, m.clone(), &dates, date)).collect()
    }

    fn view(&self, text: &str) -> BlockView<'a> {
        self.view_of(text, tokenize(text))
    }

    fn view_of(&self, text: &str, tokens: Vec<Token>) -> BlockView<'a> {
        let sentences = split_sentences(text, &tokens, &self.rules.binding);
        let mut aliases = self.reference.find_aliases(text);
        aliases.retain(|a| !self.part_of_a_name(text, &tokens, a));
        let triggers = vec![std::cell::Cell::new(None); tokens.len()];
        BlockView { tokens, sentences, aliases, triggers }
    }

    /// Whether a place name of one word stands inside a longer proper name: a
    /// person's ("George Bush", "Jeb Bush", "Nancy Pelosi", "Michael Jordan") or
    /// an organization's ("Milwaukee Bucks", "Paris Club"). Its neighbour, one
    /// space away, is a capitalized word that is no other place, that the rules
    /// do not know (a month or weekday: "in Kyiv Monday", "In Paris"), and not
    /// a compass word or the like before it (`binding.place_prefixes`: "North
    /// China"); after it only for towns. Any place's name before a feature's
    /// noun names the feature (`binding.feature_nouns`: "the Huangpu river",
    /// "the Jordan River"), and one hyphened to a name-like word is part of
    /// that name ("Hydro-Quebec", "Petro-Canada").
    fn part_of_a_name(&self, text: &str, tokens: &[Token], a: &AliasMatch) -> bool {
        let first = tokens.partition_point(|t| (t.end as usize) <= a.start);
        let Some(tok) = tokens.get(first) else { return false };
        if tok.start as usize != a.start || tok.end as usize != a.end {
            return false;
        }
        let name_like = |i: usize| {
            let Some(t) = tokens.get(i) else { return false };
            let word = t.text(text);
            t.kind == crate::tokenize::TokenKind::Word
                && word.starts_with(|c: char| c.is_uppercase())
                && word.chars().skip(1).any(|c| c.is_lowercase())
                && self.rules.lexicon.starting_with(&word.to_lowercase()).is_empty()
                && self.reference.find_aliases(word).is_empty()
        };
        let spaced = |i: usize| tokens.get(i).is_some_and(|t| t.space_before && !t.newline_before);
        // A country's name or demonym before a capitalized word still says where
        // ("Belgian Transport Minister", "Japan Airlines"); a town's does not.
        let towns_only = a.subjects.iter().all(|&s| self.reference.subjects[s].kind.as_deref() != Some("country"));
        let feature = spaced(first + 1)
            && tokens.get(first + 1).is_some_and(|t| {
                let word = t.text(text);
                self.rules.binding.feature_nouns.iter().any(|f| word.eq_ignore_ascii_case(f))
            });
        let after = feature || towns_only && spaced(first + 1) && name_like(first + 1);
        let prefix = |i: usize| {
            let word = tokens[i].text(text).to_lowercase();
            self.rules.binding.place_prefixes.contains(&word)
        };
        // Even at a sentence's start ("Jeb Bush said"): the words that open one
        // before a place ("In", "At", "Near") are known to the rules.
        let before = first > 0 && spaced(first) && name_like(first - 1) && !prefix(first - 1);
        // "Hydro-Quebec": hyphened to a name-like word before it (not to another
        // place: "Iran-Iraq war", "U.S.-Japan talks").
        let hyphened = first > 1
            && !tokens[first].space_before
            && tokens[first - 1].text(text) == "-"
            && !tokens[first - 1].space_before
            && name_like(first - 2);
        after || before || hyphened
    }

    fn bind(
        &self,
        text: &str,
        v: &BlockView<'a>,
        headline: Option<(&str, &BlockView<'a>)>,
        mention: Mention,
        dates: &[(usize, usize, PartialDate)],
        date: Option<PartialDate>,
    ) -> Claim {
        let first = v.tokens.partition_point(|t| (t.end as usize) <= mention.start);
        let last = v.tokens.partition_point(|t| (t.start as usize) < mention.end);
        // Sentences are in order: a binary search, not a scan per mention.
        let sentence = v.sentences.partition_point(|s| s.tokens.end <= first);
        let sentence = if v.sentences.get(sentence).is_some_and(|s| s.tokens.contains(&first)) { sentence } else { 0 };
        // Borrowed, and the clause found by binary search: cloning the sentence (with
        // all its clauses) and scanning them per mention was quadratic in a long one.
        let whole;
        let s = match v.sentences.get(sentence) {
            Some(s) => s,
            None => {
                whole = Sentence { tokens: 0..v.tokens.len(), clauses: std::iter::once(0..v.tokens.len()).collect() };
                &whole
            }
        };
        let c = s.clauses.partition_point(|c| c.end <= first);
        let clause = s.clauses.get(c).filter(|c| c.contains(&first)).cloned().unwrap_or(s.tokens.clone());
        let word_is = |i: usize, w: &str| {
            let t = v.tokens[i].text(text);
            t.eq_ignore_ascii_case(w) || (!t.is_ascii() && t.to_lowercase() == w)
        };
        let metric = self.metric_for(&mention, text, v, first, last, &s.tokens);
        let mut mention = mention;
        // A bare count that a people metric names is a count of people ("injure 32").
        if let Some(rule) = metric
            && mention.kind == Kind::Count
            && mention.unit.is_none()
        {
            mention.unit = rule.unit.clone();
        }
        let (subject, subject_note) = self.subject_for(&mention, metric, text, v, s, &clause, sentence, headline);
        // The claim's own time: the nearest other date in its clause, one after
        // it winning a tie ("rise 2.5 pct in 1986 after 3.3 pct in 1985").
        let mut time = None;
        let mut time_source = TimeSource::Unknown;
        if mention.kind != Kind::Date && !clause.is_empty() {
            let clause_bytes = v.tokens[clause.start].start as usize..v.tokens[clause.end - 1].end as usize;
            let distance = |&&(s, e, _): &&(usize, usize, PartialDate)| {
                if s >= mention.end { 2 * (s - mention.end) } else { 2 * (mention.start - e) + 1 }
            };
            let own = dates
                .iter()
                .filter(|(s, e, _)| {
                    *s >= clause_bytes.start && *e <= clause_bytes.end && (*e <= mention.start || *s >= mention.end)
                })
                .min_by_key(distance);
            if let Some((_, _, d)) = own {
                time = Some(*d);
                time_source = TimeSource::Claim;
            }
        }
        if time.is_none() && date.is_some() {
            time = date;
            time_source = TimeSource::Document;
        }
        // Whether a phrase ends right before token `end`, inside the sentence. An
        // ASCII word can only match a last word with its filter bit and its length:
        // most phrases are passed over on that alone.
        let ends_before = |phrases: &[Vec<String>], LastWordFilter { bits, all }: &LastWordFilter, end: usize| {
            let last = end.checked_sub(1).map(|i| v.tokens[i].text(text)).filter(|t| t.is_ascii());
            let bit = last.map_or(!0, word_bit);
            if all & bit == 0 {
                return false;
            }
            phrases.iter().zip(bits).any(|(p, &b)| {
                b & bit != 0
                    && p.last().is_none_or(|w| last.is_none_or(|t| t.len() == w.len()))
                    && p.len() <= end
                    && end - p.len() >= s.tokens.start
                    && p.iter().enumerate().rev().all(|(k, w)| word_is(end - p.len() + k, w))
            })
        };
        // "had expected 2.7%": allow one word between ("expected a 2.7% rise" aside).
        let forecasts = &self.rules.binding.forecast_before;
        let filters = self.rules.framing_filters();
        let framing = Framing {
            old_value: ends_before(&self.rules.binding.old_value_before, &filters.old_value, first),
            forecast: ends_before(forecasts, &filters.forecast, first)
                || (first > s.tokens.start + 1 && ends_before(forecasts, &filters.forecast, first - 1)),
            // "dropped below zero": a bound on the level reached.
            difference: mention.qualifier != Qualifier::LessThan
                && ends_before(&self.rules.binding.difference_before, &filters.difference, first),
        };
        Claim {
            block: 0,
            start: mention.start,
            end: mention.end,
            metric: metric.map(|m| m.id.clone()),
            mention,
            subject,
            subject_note,
            time,
            time_source,
            framing,
            sentence,
        }
    }

    /// The metric of the nearest trigger phrase inside the sentence.
    fn metric_for(
        &self,
        mention: &Mention,
        text: &str,
        v: &BlockView<'a>,
        first: usize,
        last: usize,
        sentence: &std::ops::Range<usize>,
    ) -> Option<&'a MetricRule> {
        // Look up the few words a trigger can stand on, by their first word, rather
        // than trying every phrase of every metric at every distance.
        let index = self.rules.triggers();
        let word_is = |i: usize, w: &str| {
            let t = v.tokens[i].text(text);
            t.eq_ignore_ascii_case(w) || (!t.is_ascii() && t.to_lowercase() == w)
        };
        let phrase_at = |p: &[String], start: usize| {
            start >= sentence.start
                && start + p.len() <= sentence.end
                && p.iter().enumerate().all(|(k, w)| word_is(start + k, w))
        };
        // "a civilian was killed" is a claim; "a police officer and an SUV … two
        // fatalities" is not: a lone article counts only right next to a trigger.
        let article = mention.number() == Some(rust_decimal::Decimal::ONE)
            && text[mention.start..]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("a") || w.eq_ignore_ascii_case("an"));
        // "a six vehicle crash", "14 cattle": a bare number before a noun counts that
        // noun, not people.
        let counts_a_thing = mention.kind == Kind::Count
            && mention.unit.is_none()
            && v.tokens.get(last).is_some_and(|t| {
                let word = t.text(text);
                t.kind == crate::tokenize::TokenKind::Word
                    && word.chars().all(|c| c.is_lowercase())
                    && self.rules.lexicon.starting_with(word).is_empty()
                    && !index.starting_with(word).iter().any(|tr| tr.side != TriggerSide::Noun)
            });
        // Score = 2 × distance, +1 for a trigger before the mention: at equal distance
        // the phrase after wins ("one was killed and two were injured").
        // The lowest (score, rule order) over every trigger found, among the rules
        // that can measure this mention: the same pick as the nearest trigger per
        // rule, then the best rule, without a table per mention.
        // "two-thirds of the population", "a sixth of its people": a share of
        // them, not a count.
        let a_share =
            mention.kind == Kind::Count && mention.number().is_some_and(|n| n > Decimal::ZERO && n < Decimal::ONE);
        // "2,000 crimes per 100,000 population", "a country 10 times their size":
        // a rate's base or a multiplier counts no one (`binding.not_a_count`).
        let not_a_count = &self.rules.binding.not_a_count;
        let a_rate_or_ratio = mention.kind == Kind::Count
            && (not_a_count.before.iter().any(|p| p.len() <= first && phrase_at(p, first - p.len()))
                || not_a_count.after.iter().any(|p| phrase_at(p, last)));
        let fits = |rule: &MetricRule| {
            if (counts_a_thing || a_share || a_rate_or_ratio) && rule.unit.is_some() {
                return false;
            }
            let kind_ok =
                if rule.kinds.is_empty() { mention.kind != Kind::Date } else { rule.kinds.contains(&mention.kind) };
            if !kind_ok {
                return false;
            }
            if let Some(dimension) = &rule.dimension
                && mention.kind == Kind::Quantity
                && mention
                    .unit
                    .as_deref()
                    .and_then(|u| self.rules.lexicon.unit(u))
                    .is_none_or(|u| &u.dimension != dimension)
            {
                return false;
            }
            if !rule.units.is_empty()
                && mention.kind == Kind::Quantity
                && !mention.unit.as_ref().is_some_and(|u| rule.units.contains(u))
            {
                return false;
            }
            !matches!((&rule.unit, &mention.unit), (Some(unit), Some(have)) if mention.kind == Kind::Count && unit != have)
        };
        let mut best: Option<(usize, usize)> = None; // (score, order)
        let lo = first.saturating_sub(index.max_window + index.max_len).max(sentence.start);
        let hi = (last + index.max_window + 1).min(sentence.end);
        let mut key = String::new();
        // A token's triggers are looked up once per block: the windows of nearby
        // mentions overlap.
        let triggers_at = |j: usize, key: &mut String| -> &'a [Trigger] {
            if let Some(found) = v.triggers[j].get() {
                return found;
            }
            let t = v.tokens[j].text(text);
            let found = if !index.may_start_with(t) {
                &[]
            } else if !t.is_ascii() {
                key.clear();
                key.extend(t.chars().flat_map(char::to_lowercase));
                index.starting_with(key)
            } else if t.bytes().any(|b| b.is_ascii_uppercase()) {
                key.clear();
                key.push_str(t);
                key.make_ascii_lowercase();
                index.starting_with(key)
            } else {
                index.starting_with(t)
            };
            v.triggers[j].set(Some(found));
            found
        };
        for j in lo..hi {
            for trigger in triggers_at(j, &mut key) {
                let rule = &self.rules.metrics[trigger.metric];
                let window = if article { rule.window.min(2) } else { rule.window };
                let phrase = match trigger.side {
                    TriggerSide::Before => &rule.before[trigger.phrase],
                    TriggerSide::After => &rule.after[trigger.phrase],
                    TriggerSide::Noun => &rule.nouns[trigger.phrase],
                };
                let score = match trigger.side {
                    TriggerSide::Before if j + phrase.len() <= first && first - (j + phrase.len()) <= window => {
                        2 * (first - (j + phrase.len())) + 1
                    }
                    TriggerSide::After if j >= last && j - last <= window => 2 * (j - last),
                    TriggerSide::Noun if j >= first && j + phrase.len() <= last => 0,
                    _ => continue,
                };
                let candidate = (score, trigger.metric);
                if best.is_none_or(|b| candidate < b) && fits(rule) && phrase_at(phrase, j) {
                    best = Some(candidate);
                }
            }
        }
        best.map(|(_, order)| &self.rules.metrics[order])
    }

    #[allow(clippy::too_many_arguments)]
    fn subject_for(
        &self,
        mention: &Mention,
        metric: Option<&MetricRule>,
        text: &str,
        v: &BlockView<'a>,
        sentence: &Sentence,
        clause: &std::ops::Range<usize>,
        sentence_index: usize,
        headline: Option<(&str, &BlockView<'a>)>,
    ) -> (Option<usize>, Option<String>) {
        let byte_range = |r: &std::ops::Range<usize>| {
            if r.is_empty() {
                return 0..0;
            }
            v.tokens[r.start].start as usize..v.tokens[r.end - 1].end as usize
        };
        let in_range = |a: &AliasMatch, r: &std::ops::Range<usize>| {
            a.start >= r.start && a.end <= r.end && !(a.start < mention.end && mention.start < a.end)
        };
        let clause_bytes = byte_range(clause);
        let sentence_bytes = byte_range(&sentence.tokens);
        let earlier_bytes = match v.sentences.get(..sentence_index) {
            Some(prev) if !prev.is_empty() => {
                let r = byte_range(&prev[0].tokens);
                r.start..sentence_bytes.start
            }
            _ => 0..0,
        };
        // Whether a country named in the block (or the headline) is `c`; asked only
        // to tell same-named places apart, so not gathered per mention.
        let doc_country = |c: &str| {
            v.aliases
                .iter()
                .chain(headline.map(|(_, h)| h.aliases.as_slice()).unwrap_or(&[]))
                .flat_map(|a| a.subjects.iter())
                .any(|&s| {
                    let subj = &self.reference.subjects[s];
                    subj.kind.as_deref() == Some("country") && subj.country.as_deref() == Some(c)
                })
        };
        // "this city of 12 mln people" is about a city, whichever country the
        // story names (the metric rule's `subject_kinds`).
        let kind_fits = |s: usize| {
            metric.is_none_or(|m| {
                m.subject_kinds.is_empty()
                    || self.reference.subjects[s]
                        .kind
                        .as_deref()
                        .is_some_and(|k| m.subject_kinds.iter().any(|w| w == k))
            })
        };
        let qualifies = |s: usize, strict: bool| -> bool {
            if !kind_fits(s) {
                return false;
            }
            if !strict {
                return true;
            }
            match metric {
                Some(m) => self.reference.has_metric(s, &m.id),
                None => match &mention.unit {
                    Some(u) => self.reference.subjects_with_unit(s, u),
                    None => false,
                },
            }
        };
        // Without a metric only a subject with facts in the claim's unit will do;
        // with one, the nearest place is still worth naming when no subject has
        // that metric (the verdict then says the reference lacks it).
        let passes: &[bool] = if metric.is_some() { &[true, false] } else { &[true] };
        for &strict in passes {
            // Headline aliases are offsets into the headline's text, not this block's.
            let (head_text, head_view) = headline.unwrap_or((text, v));
            let levels: [SubjectLevel<'_, 'a>; 4] = [
                (&v.aliases, clause_bytes.clone(), true, text, v),
                (&v.aliases, sentence_bytes.clone(), true, text, v),
                (&v.aliases, earlier_bytes.clone(), false, text, v),
                (
                    headline.map(|(_, h)| h.aliases.as_slice()).unwrap_or(&[]),
                    0..usize::MAX,
                    false,
                    head_text,
                    head_view,
                ),
            ];
            for (aliases, range, prefer_before, alias_text, alias_view) in levels {
                // Aliases are in order and do not overlap: skip to the range.
                let from = aliases.partition_point(|a| a.start < range.start);
                let found = aliases[from..].iter().take_while(|a| a.start < range.end).filter(|a| in_range(a, &range));
                let mut candidates: Vec<(&AliasMatch, usize, Option<String>)> = Vec::new();
                for a in found {
                    let mut eligible = a.subjects.iter().copied().filter(|&s| qualifies(s, strict));
                    let picked = match (eligible.next(), eligible.next()) {
                        (None, _) => None,
                        (Some(one), None) => Some((one, None)),
                        _ => {
                            let all: Vec<usize> =
                                a.subjects.iter().copied().filter(|&s| qualifies(s, strict)).collect();
                            self.disambiguate(&all, &doc_country, alias_text, a)
                        }
                    };
                    if let Some((s, note)) = picked {
                        candidates.push((a, s, note));
                    }
                }
                if candidates.is_empty() {
                    continue;
                }
                // A city beats the country it lies in, when both are named.
                let cities_countries: Vec<&str> = candidates
                    .iter()
                    .filter(|(_, s, _)| self.reference.subjects[*s].kind.as_deref() != Some("country"))
                    .filter_map(|(_, s, _)| self.reference.subjects[*s].country.as_deref())
                    .collect();
                let specific: Vec<_> = candidates
                    .iter()
                    .filter(|(_, s, _)| {
                        let subj = &self.reference.subjects[*s];
                        !(subj.kind.as_deref() == Some("country")
                            && subj.country.as_deref().is_some_and(|c| cities_countries.contains(&c)))
                    })
                    .cloned()
                    .collect();
                let mut pool = if specific.is_empty() { candidates } else { specific };
                // "Zaporizhzhia … in southern Ukraine": a place introduced by a locator
                // phrase after another place only says where that one is.
                if pool.len() > 1 {
                    let earliest = pool.iter().map(|(a, _, _)| a.start).min().unwrap_or(0);
                    let located: Vec<_> = pool
                        .iter()
                        .filter(|(a, _, _)| {
                            !(a.start > earliest && self.after_locator(alias_text, alias_view, a.start))
                        })
                        .cloned()
                        .collect();
                    if !located.is_empty() {
                        pool = located;
                    }
                }
                let before = pool.iter().filter(|(a, _, _)| a.end <= mention.start).max_by_key(|(a, _, _)| a.end);
                let after = pool.iter().filter(|(a, _, _)| a.start >= mention.end).min_by_key(|(a, _, _)| a.start);
                let pick = match (before, after) {
                    (Some(b), Some(a)) => {
                        if prefer_before || mention.start - b.0.end <= a.0.start - mention.end {
                            b
                        } else {
                            a
                        }
                    }
                    (Some(b), None) => b,
                    (None, Some(a)) => a,
                    (None, None) => continue,
                };
                return (Some(pick.1), pick.2.clone());
            }
        }
        (None, None)
    }

    /// Whether the tokens right before `offset` are a locator phrase ("in southern").
    fn after_locator(&self, text: &str, v: &BlockView, offset: usize) -> bool {
        let at = v.tokens.partition_point(|t| (t.start as usize) < offset);
        self.rules.binding.locator_before.iter().any(|p| {
            p.len() <= at
                && p.iter().enumerate().all(|(k, w)| v.tokens[at - p.len() + k].text(text).eq_ignore_ascii_case(w))
        })
    }

    /// Picks one subject among same-named candidates: by a country named in the
    /// text, then by population. The choice is reported, never made by which
    /// candidate would make the claim true.
    fn disambiguate(
        &self,
        eligible: &[usize],
        doc_country: &dyn Fn(&str) -> bool,
        text: &str,
        alias: &AliasMatch,
    ) -> Option<(usize, Option<String>)> {
        match eligible {
            [] => None,
            [one] => Some((*one, None)),
            many => {
                let name = &text[alias.start..alias.end];
                let subjects = &self.reference.subjects;
                let by_country: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|&s| {
                        subjects[s].kind.as_deref() != Some("country")
                            && subjects[s].country.as_deref().is_some_and(doc_country)
                    })
                    .collect();
                if by_country.len() == 1 {
                    let s = by_country[0];
                    let note = format!(
                        "{name:?} names {} places; chose {} by the country named in the text",
                        many.len(),
                        subjects[s].name
                    );
                    return Some((s, Some(note)));
                }
                let pool = if by_country.is_empty() { many.to_vec() } else { by_country };
                let s = *pool.iter().max_by_key(|&&s| subjects[s].population.unwrap_or_default())?;
                let note =
                    format!("{name:?} names {} places; chose {}, the most populous", many.len(), subjects[s].name);
                Some((s, Some(note)))
            }
        }
    }
}

#[cfg(test)]
mod tests;
