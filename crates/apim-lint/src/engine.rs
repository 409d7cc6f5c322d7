//! One file through the pipeline: read and check (as `apim check`), run the lint rules
//! over the IR, apply the configuration and the inline suppressions.

use apim_diagnostics::Diagnostic;
use apim_ir::LowerOptions;

use crate::config::Settings;
use crate::context::{Context, Environment};
use crate::finding::{Finding, Findings};
use crate::registry;
use crate::rule::Check;
use crate::suppression;

/// A check that needs more than the file (whole-service linting).
pub type ExtraCheck<'c> = &'c dyn Fn(&Context<'_>, &mut Vec<Finding>);

/// Lints one policy document with `settings`. Findings are sorted by position.
#[must_use]
pub fn lint(source: &str, settings: &Settings) -> Vec<Finding> {
    lint_with(source, settings, &[])
}

/// Lints one document of a service folder, knowing the service around it.
#[must_use]
pub fn lint_in(source: &str, settings: &Settings, environment: Option<&Environment>) -> Vec<Finding> {
    run(source, settings, &[], environment)
}

/// Lints one document, also running `extra` rules (whole-service checks that need more
/// than the file).
#[must_use]
pub fn lint_with(source: &str, settings: &Settings, extra: &[ExtraCheck<'_>]) -> Vec<Finding> {
    run(source, settings, extra, None)
}

fn run(source: &str, settings: &Settings, extra: &[ExtraCheck<'_>], environment: Option<&Environment>) -> Vec<Finding> {
    let parsed = apim_syntax::parse(source);
    let options = LowerOptions { strict_placeholders: settings.strict };
    let mut lowered = apim_ir::lower(&parsed.document, source, options);
    let expression_diagnostics = apim_ir::analyze_expressions(&mut lowered.document);
    let mut reader: Vec<Diagnostic> = parsed.diagnostics;
    reader.extend(lowered.diagnostics);
    reader.extend(expression_diagnostics);
    apim_diagnostics::sort_and_dedup(&mut reader);

    let mut findings: Vec<Finding> = Vec::new();
    for diagnostic in reader {
        let rule = registry::by_code(diagnostic.code().code);
        if rule.is_none_or(|rule| settings.enabled(rule)) {
            findings.push(Finding { diagnostic, fix: None });
        }
    }

    let intents = crate::intent::escaped_quotes(&lowered.document);
    let mut context = Context::with_intents(source, &lowered.document, &intents);
    if let Some(environment) = environment {
        context = context.in_service(environment);
    }
    for rule in registry::RULES {
        if let Check::Lint(check) = rule.check
            && settings.enabled(rule)
        {
            let mut sink = Findings::new(rule);
            check(&context, &mut sink);
            findings.extend(sink.found);
        }
    }
    for check in extra {
        check(&context, &mut findings);
    }

    for finding in &mut findings {
        if let Some(rule) = registry::by_code(finding.diagnostic.code().code)
            && let Some(severity) = settings.severity(rule)
        {
            finding.diagnostic = finding.diagnostic.clone().with_severity(severity);
        }
    }

    let mut suppressions = suppression::collect(&parsed.document, source);
    findings.retain(|finding| {
        let at = finding.diagnostic.primary_span().start;
        let code = finding.diagnostic.code();
        let mut keep = true;
        for suppression in &mut suppressions {
            let names_it = suppression.code == code.code || suppression.code == code.name;
            if names_it && suppression.target.start <= at && at < suppression.target.end {
                suppression.used = true;
                keep = false;
            }
        }
        keep
    });
    let unused = &registry::UNUSED_SUPPRESSION;
    if settings.enabled(unused) {
        for suppression in suppressions.iter().filter(|suppression| !suppression.used) {
            let known =
                registry::by_code(&suppression.code).is_some() || registry::by_name(&suppression.code).is_some();
            let (message, label) = if known {
                (format!("`{}` is suppressed here but nothing reports it", suppression.code), "suppresses nothing")
            } else {
                (format!("`{}` is not a rule code or name", suppression.code), "unknown rule")
            };
            let severity = settings.severity(unused).unwrap_or(unused.severity);
            let diagnostic = Diagnostic::new(unused.code, severity, message)
                .with_primary(suppression.span, label)
                .with_help("remove the code from the `apim-ignore` comment (or the whole comment)");
            findings.push(Finding { diagnostic, fix: None });
        }
    }
    findings.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
    findings.dedup_by(|a, b| a.diagnostic == b.diagnostic);
    findings
}
