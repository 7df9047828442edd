//! Every example in the default rule files must hold.

use claimcheck::examples::run_examples;
use claimcheck::reference::Reference;
use claimcheck::rules::RuleSet;

#[test]
fn every_default_rule_example_holds() {
    let rules = RuleSet::builtin();
    let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
    let (count, failures) = run_examples(rules, Some(&reference));
    assert!(count >= 20, "only {count} examples ran");
    let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{} failing rule examples:\n{}", failures.len(), report.join("\n"));
}

/// Every rule pack under `rules/packs/` (not loaded by default) keeps every
/// example true, its own and the default files', with the default rules loaded
/// as `--rules rules/packs/NAME` loads them.
#[test]
fn every_rule_pack_example_holds() {
    let packs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/packs");
    let mut dirs: Vec<String> = std::fs::read_dir(&packs)
        .expect("rules/packs is readable")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no rule packs under {}", packs.display());
    for dir in dirs {
        let rules = RuleSet::load(std::slice::from_ref(&dir), true).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let own = rules.examples.iter().filter(|e| e.path.starts_with(&dir)).count();
        assert!(own > 0, "{dir} has no examples");
        let reference = Reference::builtin(&|u: &str| rules.canonical_unit(u));
        let (count, failures) = run_examples(&rules, Some(&reference));
        assert!(count > own, "{dir}: only {count} examples ran");
        let report: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
        assert!(failures.is_empty(), "{dir}: {} failing examples:\n{}", failures.len(), report.join("\n"));
    }
}
