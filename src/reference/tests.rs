use std::str::FromStr;
use std::time::Instant;

use rust_decimal::Decimal;

use super::*;

/// A stand-in for the lead's unit rules.
fn units(unit: &str) -> Option<String> {
    match unit {
        "people" | "persons" | "person" => Some("people".to_string()),
        "km2" | "km²" => Some("km2".to_string()),
        "%" | "percent" => Some("percent".to_string()),
        _ => None,
    }
}

fn seed() -> Reference {
    let text =
        std::fs::read_to_string("../shared/acceptance/seed-reference.csv").unwrap_or_else(|_| SEED_COPY.to_string());
    Reference::from_csv("seed-reference.csv", &text, Severity::Error, &units).expect("seed loads")
}

/// The acceptance seed as of this writing, used when the shared folder is absent.
const SEED_COPY: &str = r#"subject,aliases,metric,value,unit,as_of,source
Zaporizhzhia,Zaporizhia;Zaporozhye,population,710052,people,2022-01-01,"State Statistics Service of Ukraine, estimate for 1 January 2022"
Zaporizhzhia,,population,722713,people,2021-01-01,"State Statistics Service of Ukraine, estimate for 1 January 2021"
Russian invasion of Ukraine,Russia's military operation;Russia’s military operation;full-scale invasion;the invasion,start_date,2022-02-24,date,,"Widely reported start of the full-scale invasion"
Zaporizhzhia Nuclear Power Plant,Zaporizhzhia nuclear power plant;ZNPP,controlled_since,2022-03-04,date,,"IAEA statements, March 2022"
Ukraine,,loan,90000000000,EUR,2025-12-19,"European Council conclusions, 18-19 December 2025"
Russia,Russian;Moscow,frozen_assets,210000000000,EUR,2025-12-01,"European Commission estimate of immobilised Russian assets in the EU"
"#;

fn date(text: &str) -> PartialDate {
    PartialDate::parse_iso(text).unwrap()
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn load(text: &str) -> Result<Reference, Vec<Error>> {
    Reference::from_csv("t.csv", text, Severity::Error, &units)
}

fn load_errors(text: &str) -> Vec<Error> {
    load(text).expect_err("should fail")
}

/// The names of the subjects each match found in `text` refers to.
fn matched(reference: &Reference, text: &str) -> Vec<(String, Vec<String>)> {
    reference
        .find_aliases(text)
        .into_iter()
        .map(|m| {
            let names = m.subjects.iter().map(|s| reference.subjects[*s].name.clone()).collect();
            (text[m.start..m.end].to_string(), names)
        })
        .collect()
}

const HEADER: &str = "subject,aliases,metric,value,unit,as_of,source\n";

#[test]
fn seed_reference_loads() {
    let r = seed();
    assert_eq!(r.facts.len(), 6);
    assert_eq!(r.subjects.len(), 5);
    assert!(r.notices.is_empty(), "{:?}", r.notices);
    let z = r.subject_named("Zaporizhzhia").unwrap();
    assert_eq!(r.subjects[z].aliases, ["Zaporizhia", "Zaporozhye"]);
    assert_eq!(r.subjects[z].population, Some(dec("710052")), "latest population row");
    let pop = r.facts_for(z, "population");
    assert_eq!(pop.len(), 2);
    assert_eq!(pop[0].as_of, Some(date("2021-01-01")), "sorted by as_of");
    assert_eq!(pop[0].line, 3);
    assert_eq!(pop[0].unit, "people");
    assert_eq!(pop[1].severity, Severity::Error);
    let invasion = r.subject_named("Russian invasion of Ukraine").unwrap();
    let start = &r.facts_for(invasion, "start_date")[0];
    assert_eq!(start.value, FactValue::Date(date("2022-02-24")));
    assert_eq!(start.as_of, None);
    let ukraine = r.subject_named("Ukraine").unwrap();
    assert_eq!(r.facts_for(ukraine, "loan")[0].value, FactValue::Number(dec("90000000000")));
    assert!(r.subjects_with_unit(ukraine, "EUR"));
    assert!(!r.subjects_with_unit(ukraine, "USD"));
    assert!(r.has_metric(ukraine, "loan") && !r.has_metric(ukraine, "population"));

    for phrase in ["Russia’s military operation", "Russia's military operation"] {
        let found = matched(&r, &format!("{phrase} began"));
        assert_eq!(found, [(phrase.to_string(), vec!["Russian invasion of Ukraine".to_string()])]);
    }
    let found = matched(&r, "The invasion of Zaporizhia and the ZNPP.");
    let names: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(names, ["The invasion", "Zaporizhia", "ZNPP"]);
}

#[test]
fn every_row_error_is_reported_with_its_position() {
    let text = format!(
        "{HEADER}\
         Kyiv,,population,2952301,people,,GeoNames\n\
         Kyiv,,area,839,acres,,X\n\
         Kyiv,,population,\"1,234\",people,2020,X\n\
         Kyiv,,population,12,people,2020-13,X\n\
         Kyiv,,founded,482-01-01,date,,X\n\
         Kyiv,,population,2952302,people,,GeoNames\n\
         Kyiv,,population,2952301,people,,GeoNames again\n\
         Kyiv,,population,1,people\n\
         Lviv,,population,717273,people,,X\n"
    );
    let errors = load_errors(&text);
    let found: Vec<(usize, Option<usize>, &str)> =
        errors.iter().map(|e| (e.line.unwrap(), e.column, e.message.as_str())).collect();
    assert_eq!(errors.len(), 6, "{found:#?}");
    assert!(errors.iter().all(|e| e.path.as_deref() == Some("t.csv")));
    // Unknown unit: line 3, the unit field starts at character 16.
    assert_eq!(found[0].0, 3);
    assert_eq!(found[0].1, Some(16));
    assert!(found[0].2.contains("unknown unit \"acres\""));
    // Thousands separator: the quoted value starts at character 18.
    assert_eq!((found[1].0, found[1].1), (4, Some(18)));
    assert!(found[1].2.contains("bad value \"1,234\""));
    // Bad as_of date.
    assert_eq!(found[2].0, 5);
    assert!(found[2].2.contains("bad as_of date \"2020-13\""));
    // Bad date value.
    assert_eq!(found[3].0, 6);
    assert!(found[3].2.contains("bad date value \"482-01-01\""));
    // Conflicting duplicate names the first line; the identical duplicate on line
    // 8 is fine.
    assert_eq!(found[4].0, 7);
    assert!(found[4].2.contains("conflicting duplicate") && found[4].2.contains("line 2"), "{}", found[4].2);
    // Wrong field count.
    assert_eq!((found[5].0, found[5].1), (9, None));
    assert!(found[5].2.contains("expected 7 fields"), "{}", found[5].2);
    assert_eq!(errors[0].to_string(), format!("t.csv:3:16: {}", errors[0].message));
}

#[test]
fn header_errors() {
    let errors = load_errors("subject,aliases,metric,value,unit,as_of,source,colour\nA,,m,1,people,,s,red\n");
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].column), (Some(1), Some(48)));
    assert!(errors[0].message.contains("unknown column \"colour\""), "{}", errors[0].message);

    let errors = load_errors("subject,metric,value,unit,source\nA,m,1,people,s\n");
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["missing required column \"aliases\"", "missing required column \"as_of\""]);

    assert!(load_errors("")[0].message.contains("empty"));
}

#[test]
fn optional_columns_in_any_order() {
    let r = load(
        "source,note,value,tolerance,metric,unit,subject,as_of,aliases,country,kind\n\
         GeoNames,undated,8961989,2%,Population,persons,London,,Greater London,GB,City\n\
         ONS,,56.5,0.5,area_share,percent,London,2021,,GB,\n",
    )
    .unwrap();
    let london = r.subject_named("London").unwrap();
    let s = &r.subjects[london];
    assert_eq!((s.country.as_deref(), s.kind.as_deref()), (Some("GB"), Some("city")));
    assert_eq!(s.aliases, ["Greater London"]);
    let pop = r.fact_at(london, "population", None).unwrap().0;
    assert_eq!(pop.tolerance, Some(Tolerance::Relative(dec("0.02"))));
    assert_eq!(pop.note.as_deref(), Some("undated"));
    assert_eq!(pop.unit, "people");
    assert_eq!(r.facts_for(london, "area_share")[0].tolerance, Some(Tolerance::Absolute(dec("0.5"))));

    let errors = load_errors(
        "subject,aliases,metric,value,unit,as_of,source,country\nA,,m,1,people,,s,GB\nA,,n,1,people,,s,FR\n",
    );
    assert!(errors[0].message.contains("already has country \"GB\""), "{}", errors[0].message);
}

#[test]
fn shared_alias_is_a_notice_and_returns_both() {
    let r = load(&format!(
        "{HEADER}\
         Georgia (country),Georgia,population,3704500,people,,s\n\
         Georgia (US state),Georgia,population,11029227,people,2023,s\n"
    ))
    .unwrap();
    assert_eq!(r.notices.len(), 1);
    let notice = &r.notices[0];
    assert_eq!((notice.path.as_deref(), notice.line), (Some("t.csv"), Some(3)));
    assert!(notice.message.contains("ambiguous alias \"Georgia\""), "{}", notice.message);
    let m = r.find_aliases("in Georgia.");
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].subjects, [0, 1]);
}

#[test]
fn fact_at_picks_the_row_for_the_time() {
    let r = seed();
    let z = r.subject_named("Zaporizhzhia").unwrap();
    let (fact, fit) = r.fact_at(z, "population", Some(date("2023"))).unwrap();
    assert_eq!((fact.value, fit), (FactValue::Number(dec("710052")), TimeFit::AtOrBefore));
    let (fact, fit) = r.fact_at(z, "population", Some(date("2020"))).unwrap();
    assert_eq!((fact.value, fit), (FactValue::Number(dec("722713")), TimeFit::After));
    let (fact, fit) = r.fact_at(z, "population", Some(date("2021-06"))).unwrap();
    assert_eq!((fact.as_of, fit), (Some(date("2021-01-01")), TimeFit::AtOrBefore));
    let (fact, fit) = r.fact_at(z, "population", Some(date("2022"))).unwrap();
    assert_eq!((fact.as_of, fit), (Some(date("2022-01-01")), TimeFit::AtOrBefore), "same first day");
    let (fact, fit) = r.fact_at(z, "population", None).unwrap();
    assert_eq!((fact.as_of, fit), (Some(date("2022-01-01")), TimeFit::AtOrBefore));
    let invasion = r.subject_named("Russian invasion of Ukraine").unwrap();
    assert_eq!(r.fact_at(invasion, "start_date", Some(date("2024"))).unwrap().1, TimeFit::Undated);
    assert!(r.fact_at(z, "area", None).is_none());
    assert!(r.fact_at(99, "population", None).is_none());
}

#[test]
fn word_boundaries_and_case() {
    let r = load(&format!(
        "{HEADER}\
         Nice,,population,342669,people,,s\n\
         Zürich,Zurich,population,341730,people,,s\n\
         the invasion,,start_date,2022-02-24,date,,s\n\
         New York,,population,8804190,people,,s\n\
         New York City,NYC,area,778,km2,,s\n"
    ))
    .unwrap();
    let words = |text: &str| -> Vec<String> { matched(&r, text).into_iter().map(|(t, _)| t).collect() };
    assert_eq!(words("a nice day in Nice."), ["Nice"]);
    assert_eq!(words("Nicer Nices aNice Nice-based (Nice)"), ["Nice", "Nice"]);
    assert_eq!(words("ÖZürich Züriché Zürich’s Zurich"), ["Zürich", "Zurich"]);
    assert_eq!(words("The invasion, the invasion, THE INVASION"), ["The invasion", "the invasion"]);
    assert_eq!(words("New York City and New York and New Yorker"), ["New York City", "New York"]);
    let found = r.find_aliases("café Nice");
    assert_eq!((found[0].start, found[0].end), (6, 10), "byte offsets");
    assert!(Reference::empty().find_aliases("Nice").is_empty());
}

#[test]
fn builtin_places() {
    let started = Instant::now();
    let r = Reference::builtin(&units);
    let loaded = started.elapsed();
    let found = r.find_aliases("Shelling in Zaporizhzhia and Zaporizhzhya; London and Kyiv.");
    eprintln!(
        "builtin: {} subjects, {} facts; load {:?}, first find_aliases {:?} (debug build unless --release)",
        r.subjects.len(),
        r.facts.len(),
        loaded,
        started.elapsed() - loaded
    );
    assert!(r.notices.is_empty());
    let names: Vec<Vec<&str>> =
        found.iter().map(|m| m.subjects.iter().map(|s| r.subjects[*s].name.as_str()).collect()).collect();
    assert_eq!(names[0], ["Zaporizhzhya"]);
    assert_eq!(names[1], ["Zaporizhzhya"]);
    let z = &r.subjects[found[0].subjects[0]];
    assert_eq!((z.country.as_deref(), z.kind.as_deref()), (Some("UA"), Some("city")));
    assert_eq!(z.population, Some(dec("710052")));
    let pop = r.fact_at(found[0].subjects[0], "population", Some(date("2023"))).unwrap();
    assert_eq!(pop.1, TimeFit::Undated);
    assert_eq!(pop.0.unit, "people");
    assert_eq!(pop.0.severity, Severity::Warning);

    let london = &found[2].subjects;
    assert!(london.len() >= 2, "{:?}", names[2]);
    let biggest = london.iter().max_by_key(|s| r.subjects[**s].population).unwrap();
    assert_eq!(r.subjects[*biggest].country.as_deref(), Some("GB"));
    assert!(london.iter().any(|s| r.subjects[*s].country.as_deref() == Some("CA")));

    let uk = r.subject_named("United Kingdom").unwrap();
    assert_eq!(r.subjects[uk].kind.as_deref(), Some("country"));
    let area = r.fact_at(uk, "area", None).unwrap().0;
    assert_eq!(area.unit, "km2");
    assert!(!r.has_metric(uk, "area_km2"));
    // Demonyms (data/demonyms.csv) name their country; lower-case "uk" is not the UK.
    let found = r.find_aliases("the UK and the USA, but not uk; Mexicans");
    let names: Vec<&str> = found.iter().map(|m| r.subjects[m.subjects[0]].name.as_str()).collect();
    assert_eq!(names, ["United Kingdom", "United States", "Mexico"]);
}

#[test]
fn merging_user_facts_into_builtin() {
    let mut r = Reference::builtin(&units);
    let builtin_subjects = r.subjects.len();
    r.merge(seed());
    // Zaporizhzhia joins the built-in Zaporizhzhya; Ukraine and Russia join the countries.
    assert_eq!(r.subjects.len(), builtin_subjects + 2);
    let z = r.subject_named("Zaporizhzhya").unwrap();
    assert!(r.subject_named("Zaporizhzhia").is_none());
    assert_eq!(r.facts_for(z, "population").len(), 3, "undated GeoNames row plus the two dated rows");
    let (fact, fit) = r.fact_at(z, "population", Some(date("2023"))).unwrap();
    assert_eq!((fact.file.as_str(), fit), ("seed-reference.csv", TimeFit::AtOrBefore));
    let russia = r.subject_named("Russia").unwrap();
    assert!(r.has_metric(russia, "frozen_assets") && r.has_metric(russia, "population"));
    // "Moscow" is the seed's alias of Russia and a built-in city: a notice, both returned.
    assert!(r.notices.iter().any(|n| n.message.contains("\"Moscow\"")), "{:?}", r.notices);
    let moscow = r.find_aliases("Moscow");
    assert_eq!(moscow[0].subjects.len(), 2);

    // A same-key fact from the merged file replaces the existing one.
    let mut a = load(&format!("{HEADER}X,,m,1,people,2020,a\n")).unwrap();
    a.merge(load(&format!("{HEADER}X,Ex,m,2,people,2020,b\nY,,m,3,people,,b\n")).unwrap());
    assert_eq!(a.facts.len(), 2);
    assert_eq!(a.facts_for(0, "m")[0].value, FactValue::Number(dec("2")));
    assert_eq!(a.subjects[0].aliases, ["Ex"]);
}

#[test]
fn read_reports_file_problems() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.csv");
    let errors = Reference::read(missing.to_str().unwrap(), Severity::Error, &units).unwrap_err();
    assert_eq!(errors[0].path.as_deref(), missing.to_str());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, b"subject,aliases,metric,value,unit,as_of,source\nK\xffyiv,,m,1,people,,s\n").unwrap();
    let errors = Reference::read(bad.to_str().unwrap(), Severity::Error, &units).unwrap_err();
    assert_eq!((errors[0].line, errors[0].column), (Some(2), Some(2)));
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "\u{feff}subject,aliases,metric,value,unit,as_of,source\nKyiv,,m,1,people,,s\n").unwrap();
    assert_eq!(Reference::read(good.to_str().unwrap(), Severity::Info, &units).unwrap().facts.len(), 1);
}

#[test]
fn severity_names() {
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        assert_eq!(Severity::from_name(s.name()), Some(s));
    }
    assert_eq!(Severity::from_name("Warn"), Some(Severity::Warning));
    assert_eq!(Severity::from_name("fatal"), None);
    assert_eq!(Tolerance::Relative(dec("0.02")).to_string(), "2%");
}

#[test]
fn quick_decimals_read_as_from_str_reads_them() {
    for text in [
        "0",
        "7",
        "007",
        "710052",
        "1.4389",
        "0.8914",
        "133.62",
        "1.50",
        "13542.61",
        "123456789012345678",
        "1234567890123456789",
        "12345678901234567.8",
        ".5",
        "3.",
        "-1.5",
        "+2",
        "",
        ".",
        "1.2.3",
        "1e6",
        " 1",
        "1,5",
        "N/A",
        "0.000000000000000001",
    ] {
        let quick = super::quick_decimal(text.as_bytes());
        if let Some(q) = quick {
            let slow = Decimal::from_str(text).unwrap();
            assert_eq!((q, q.scale(), q.mantissa()), (slow, slow.scale(), slow.mantissa()), "{text}");
        }
        let expect_quick = !text.is_empty()
            && text.bytes().filter(u8::is_ascii_digit).count() <= 18
            && Decimal::from_str(text).is_ok()
            && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && !text.starts_with('.')
            && !text.ends_with('.');
        assert_eq!(quick.is_some(), expect_quick, "{text}");
    }
}

#[test]
fn metrics_differing_in_case_are_one_metric() {
    let text = "subject,aliases,metric,value,unit,as_of,source\nX,,Population,5,people,,s\nX,,population,6,people,,s\n";
    let errors = Reference::from_csv("r.csv", text, Severity::Error, &units).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].to_string().contains("conflicting duplicate"), "{errors:?}");
    let text = "subject,aliases,metric,value,unit,as_of,source,kind\nX,,Population,5,people,,s,City\nX,,population,5,people,,s,city\n";
    let r = Reference::from_csv("r.csv", text, Severity::Error, &units).unwrap();
    assert_eq!(r.facts.len(), 1);
    assert_eq!(r.subjects[0].kind.as_deref(), Some("city"));
}
