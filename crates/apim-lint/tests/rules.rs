//! Registry invariants and the fixtures of every rule: `tests/fixtures/<code>-<name>/`
//! holds `invalid*.xml`, where the rule must fire (its diagnostics are snapshot), and
//! `valid*.xml`, where it must stay silent. Whole-service rules have service folders
//! instead: `invalid-service/` and `valid-service/`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use apim_diagnostics::render::{GraphicalOptions, graphical};
use apim_diagnostics::{Diagnostic, FileDiagnostics, Severity};
use apim_lint::registry::RULES;
use apim_lint::{Check, Finding, FixAvailability, Rule, Settings};

/// Rules that cannot have a fixture file, and why.
const NO_FIXTURE: &[(&str, &str)] = &[("S125", "needs a file larger than 4 GiB")];

fn fixture_dir(rule: &Rule) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{}-{}", rule.code.code, rule.code.name))
}

fn fixtures(rule: &Rule, prefix: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(fixture_dir(rule))
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    found.retain(|path| {
        path.extension().is_some_and(|extension| extension == "xml")
            && path.file_name().is_some_and(|name| name.to_string_lossy().starts_with(prefix))
    });
    found.sort();
    found
}

/// The service-folder fixtures of a rule (`invalid-service/`, `valid-service/`).
fn service_fixtures(rule: &Rule, prefix: &str) -> Vec<PathBuf> {
    let dir = fixture_dir(rule).join(format!("{prefix}-service"));
    if dir.is_dir() { vec![dir] } else { Vec::new() }
}

/// The findings of one rule over a service folder, rendered per file.
fn service_findings(rule: &Rule, root: &Path) -> (usize, String) {
    let mut config = apim_lint::Config::default();
    config.strict = true;
    let files = apim_lint::service::lint_service(root, "", &config, true);
    let mut count = 0;
    let mut rendered = String::new();
    for file in files {
        let diagnostics: Vec<Diagnostic> = file
            .report
            .findings
            .iter()
            .filter(|finding| finding.diagnostic.code() == rule.code)
            .map(|finding| finding.diagnostic.clone())
            .collect();
        count += diagnostics.len();
        if !diagnostics.is_empty() {
            rendered.push_str(&render(&file.report.path, &file.report.source, &diagnostics));
        }
    }
    (count, rendered)
}

fn settings() -> Settings {
    let mut settings = Settings::all();
    settings.strict = true;
    settings
}

fn render(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let file = FileDiagnostics { path, source, diagnostics };
    graphical(&file, GraphicalOptions { color: false, width: 80 })
}

#[test]
fn registry_codes_names_and_docs() {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for rule in RULES {
        let code = rule.code.code;
        assert!(codes.insert(code), "{code} is registered twice");
        assert!(names.insert(rule.code.name), "{} is used by two rules", rule.code.name);
        let name = rule.code.name;
        assert!(
            name.split('-')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
            "{code}: `{name}` is not kebab-case"
        );
        // The names of `apim check` codes are fixed; lint rule names describe the problem.
        if !matches!(rule.check, Check::Reader) {
            assert!(
                !name.starts_with("no-") && !name.starts_with("disallow-"),
                "{code}: `{name}` names a remedy, not the problem"
            );
        }
        for (heading, text) in
            [("what", rule.docs.what), ("why", rule.docs.why), ("example", rule.docs.example), ("fix", rule.docs.fix)]
        {
            assert!(text.trim().len() >= 10, "{code}: the `{heading}` documentation is missing");
        }
        assert_eq!(apim_lint::registry::lookup(code).map(|r| r.code), Some(rule.code));
        assert_eq!(apim_lint::registry::lookup(name).map(|r| r.code), Some(rule.code));
    }
    // Every code `apim check` can report is in the registry.
    for code in apim_syntax::codes::ALL.iter().chain(apim_ir::codes::ALL) {
        assert!(apim_lint::registry::by_code(code.code).is_some(), "{} is not registered", code.code);
    }
    let lint_rules = RULES.iter().filter(|rule| matches!(rule.check, Check::Lint(_))).count();
    assert!(lint_rules >= 30, "only {lint_rules} lint rules");
}

#[test]
fn every_rule_has_an_invalid_and_a_valid_fixture() {
    for rule in RULES {
        let code = rule.code.code;
        if NO_FIXTURE.iter().any(|(exempt, _)| *exempt == code) {
            assert!(
                !fixture_dir(rule).exists(),
                "{code} is exempt from fixtures but has some: remove it from NO_FIXTURE"
            );
            continue;
        }
        let has = |prefix: &str| !fixtures(rule, prefix).is_empty() || !service_fixtures(rule, prefix).is_empty();
        assert!(has("invalid"), "{code}: no {}/invalid*.xml", fixture_dir(rule).display());
        assert!(has("valid"), "{code}: no {}/valid*.xml", fixture_dir(rule).display());
    }
}

/// The findings of one rule in a fixture.
fn findings_of(rule: &Rule, source: &str) -> Vec<Finding> {
    apim_lint::lint(source, &settings()).into_iter().filter(|finding| finding.diagnostic.code() == rule.code).collect()
}

#[test]
fn rules_fire_on_invalid_fixtures() {
    for rule in RULES {
        for path in fixtures(rule, "invalid") {
            let source = std::fs::read_to_string(&path).unwrap();
            let found = findings_of(rule, &source);
            let code = rule.code.code;
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(!found.is_empty(), "{code} does not fire on {name}");
            let shown = format!("{}-{}/{name}", code, rule.code.name);
            let diagnostics: Vec<Diagnostic> = found.iter().map(|finding| finding.diagnostic.clone()).collect();
            let mut snapshot = render(&shown, &source, &diagnostics);
            let fixable = found.iter().filter(|finding| finding.fix.is_some()).count();
            match rule.fix {
                FixAvailability::None => assert_eq!(fixable, 0, "{code} declares no fix but offers one"),
                FixAvailability::Always => assert_eq!(fixable, found.len(), "{code} declares a fix for every finding"),
                FixAvailability::Sometimes => {}
            }
            if fixable > 0 {
                let (fixed, _) = apim_lint::fix::apply(&source, &found);
                let after = apim_lint::lint(&fixed, &settings());
                assert!(
                    after.iter().all(|finding| finding.diagnostic.code() != rule.code || finding.fix.is_none()),
                    "{code}: the fix does not remove the finding"
                );
                let before_errors: BTreeSet<String> = errors(&apim_lint::lint(&source, &settings()));
                for error in errors(&after) {
                    assert!(before_errors.contains(&error), "{code}: the fix introduces `{error}`");
                }
                let _ = write!(snapshot, "--- fixed ---\n{fixed}");
            }
            insta::assert_snapshot!(format!("{}-{}-{}", code, rule.code.name, name.trim_end_matches(".xml")), snapshot);
        }
    }
}

fn errors(findings: &[Finding]) -> BTreeSet<String> {
    findings
        .iter()
        .filter(|finding| finding.diagnostic.severity() == Severity::Error)
        .map(|finding| format!("{} {}", finding.diagnostic.code().code, finding.diagnostic.message()))
        .collect()
}

#[test]
fn service_rules_fire_on_invalid_service_folders() {
    for rule in RULES {
        for root in service_fixtures(rule, "invalid") {
            let (count, rendered) = service_findings(rule, &root);
            assert!(count > 0, "{} does not fire on {}", rule.code.code, root.display());
            insta::assert_snapshot!(format!("{}-{}-invalid-service", rule.code.code, rule.code.name), rendered);
        }
        for root in service_fixtures(rule, "valid") {
            let (count, rendered) = service_findings(rule, &root);
            assert_eq!(count, 0, "{} fires on {}:\n{rendered}", rule.code.code, root.display());
        }
    }
}

#[test]
fn rules_stay_silent_on_valid_fixtures() {
    for rule in RULES {
        for path in fixtures(rule, "valid") {
            let source = std::fs::read_to_string(&path).unwrap();
            let found = findings_of(rule, &source);
            let diagnostics: Vec<Diagnostic> = found.iter().map(|finding| finding.diagnostic.clone()).collect();
            assert!(
                found.is_empty(),
                "{} fires on {}:\n{}",
                rule.code.code,
                path.display(),
                render("valid.xml", &source, &diagnostics)
            );
        }
    }
}

#[test]
fn documented_examples_fire() {
    // Whole-service rules see their example as a policy of an empty service.
    let empty = apim_lint::context::Environment {
        scope: apim_lint::context::ScopeKind::Api,
        named_values: BTreeSet::new(),
        fragments: BTreeSet::new(),
        backends: BTreeSet::new(),
        variables_set_elsewhere: BTreeSet::new(),
        variables_read_elsewhere: BTreeSet::new(),
    };
    for rule in RULES.iter().filter(|rule| !matches!(rule.check, Check::Reader)) {
        let service_rule = rule.code.code >= "L440";
        let environment = service_rule.then_some(&empty);
        let found: Vec<Finding> = apim_lint::lint_in(rule.docs.example, &settings(), environment)
            .into_iter()
            .filter(|finding| finding.diagnostic.code() == rule.code)
            .collect();
        assert!(!found.is_empty(), "{}: the documented example does not fire", rule.code.code);
    }
}
