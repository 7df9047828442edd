//! Binding: metric triggers, subject levels, ambiguous names, the claim's time.

use super::*;
use crate::document::{Document, Format};
use crate::reference::Severity;

fn builtin() -> (&'static RuleSet, Reference) {
    let rules = RuleSet::builtin();
    (rules, Reference::builtin(&|u: &str| rules.canonical_unit(u)))
}

fn claim_at(claims: &[Claim], doc: &Document, span: &str) -> Claim {
    let start = doc.source.find(span).expect("span in text");
    claims.iter().find(|c| c.start <= start && start < c.end).cloned().unwrap_or_else(|| panic!("no claim at {span:?}"))
}

fn bind(reference: &Reference, text: &str) -> (Document, Vec<Claim>) {
    let doc = Document::parse("t.txt", text.to_string(), Format::Text);
    let claims = Binder::new(RuleSet::builtin(), reference).claims(&doc, PartialDate::ymd(2025, 12, 16));
    (doc, claims)
}

#[test]
fn same_named_places_are_resolved_by_country_then_population_and_reported() {
    let (rules, reference) = builtin();
    let _ = rules;
    let (doc, claims) = bind(&reference, "London, Canada, has a population of about 420,000.");
    let c = claim_at(&claims, &doc, "420,000");
    assert_eq!(reference.subjects[c.subject.unwrap()].country.as_deref(), Some("CA"));
    assert!(c.subject_note.as_deref().unwrap().contains("country named in the text"), "{:?}", c.subject_note);
    let (doc, claims) = bind(&reference, "London has a population of about 9 million.");
    let c = claim_at(&claims, &doc, "9 million");
    assert_eq!(reference.subjects[c.subject.unwrap()].country.as_deref(), Some("GB"));
    assert!(c.subject_note.as_deref().unwrap().contains("most populous"), "{:?}", c.subject_note);
}

#[test]
fn the_subject_must_have_the_metric_and_the_longest_alias_wins() {
    let csv = "subject,aliases,metric,value,unit,as_of,source
Zaporizhzhia,,population,710052,people,2022,Stat
Zaporizhzhia Nuclear Power Plant,Zaporizhzhia nuclear power plant,controlled_since,2022-03-04,date,,IAEA
Russia,Russian;Moscow,frozen_assets,210000000000,EUR,2025,EC
";
    let rules = RuleSet::builtin();
    let reference = Reference::from_csv("r.csv", csv, Severity::Error, &|u: &str| rules.canonical_unit(u)).unwrap();
    let text = "Moscow has controlled, since March 2022, the Zaporizhzhia nuclear power plant.";
    let (doc, claims) = bind(&reference, text);
    let c = claim_at(&claims, &doc, "March 2022");
    assert_eq!(c.metric.as_deref(), Some("controlled_since"));
    assert_eq!(reference.subjects[c.subject.unwrap()].name, "Zaporizhzhia Nuclear Power Plant");
    // A demonym names its country.
    let text = "The value of frozen Russian assets is estimated at 210 billion euros.";
    let (doc, claims) = bind(&reference, text);
    let c = claim_at(&claims, &doc, "210 billion euros");
    assert_eq!(
        (c.metric.as_deref(), reference.subjects[c.subject.unwrap()].name.as_str()),
        (Some("frozen_assets"), "Russia")
    );
}

#[test]
fn subjects_come_from_earlier_sentences_and_the_headline() {
    let (_, reference) = builtin();
    let text = "Warsaw plans a new line\n\nThe city is growing. It has a population of 1.7 million.";
    let (doc, claims) = bind(&reference, text);
    let c = claim_at(&claims, &doc, "1.7 million");
    assert_eq!(c.metric.as_deref(), Some("population"));
    assert_eq!(reference.subjects[c.subject.unwrap()].name, "Warsaw", "from the headline");
    let text = "Strikes hit the city of Kharkiv in eastern Ukraine. Air raids injured 12 people.";
    let (doc, claims) = bind(&reference, text);
    let c = claim_at(&claims, &doc, "12 people");
    assert_eq!(reference.subjects[c.subject.unwrap()].name, "Kharkiv", "a place after 'in' locates the earlier one");
}

#[test]
fn a_date_in_the_clause_is_the_claims_time() {
    let (_, reference) = builtin();
    let text = "Lviv had a population of 720,000 in 2019.";
    let (doc, claims) = bind(&reference, text);
    let c = claim_at(&claims, &doc, "720,000");
    assert_eq!((c.time.map(|d| d.to_string()), c.time_source), (Some("2019".to_string()), TimeSource::Claim));
    let text = "Lviv has a population of 720,000.";
    let (doc, claims) = bind(&reference, text);
    let c = claim_at(&claims, &doc, "720,000");
    assert_eq!(c.time_source, TimeSource::Document);
}

#[test]
fn old_values_and_forecasts_are_framed() {
    let (_, reference) = builtin();
    let text = "Exports rose from 3,890 to 4,333 tonnes, while analysts had expected 5,000 tonnes.";
    let (doc, claims) = bind(&reference, text);
    assert!(claim_at(&claims, &doc, "3,890").framing.old_value);
    assert!(!claim_at(&claims, &doc, "4,333").framing.old_value);
    assert!(claim_at(&claims, &doc, "5,000").framing.forecast);
}
