//! `apim rule`: print a rule's documentation, or list every rule.

use crate::args::RuleArgs;
use crate::exit::ExitStatus;

pub fn run(args: &RuleArgs) -> ExitStatus {
    if args.list {
        for rule in apim_lint::registry::RULES {
            println!("{:<5} {:<40} {:<12} {}", rule.code.code, rule.code.name, rule.category.as_str(), rule.severity);
        }
        return ExitStatus::Success;
    }
    let wanted = args.rule.as_deref().unwrap_or_default();
    if let Some(rule) = apim_lint::registry::lookup(wanted) {
        print!("{}", apim_lint::docs::page(rule));
        return ExitStatus::Success;
    }
    let names = apim_lint::registry::RULES.iter().map(|rule| rule.code.name);
    match apim_diagnostics::suggest::closest(wanted, names) {
        Some(name) => {
            eprintln!("error: no rule `{wanted}`; did you mean `{name}`? (`apim rule --list` lists them all)")
        }
        None => eprintln!("error: no rule `{wanted}` (`apim rule --list` lists them all)"),
    }
    ExitStatus::Error
}
