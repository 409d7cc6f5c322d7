use crate::patterns::VariableUse;
use crate::rules::prelude::*;
use crate::variables::{reads, setters};

pub static RULE: Rule = Rule {
    code: Code::new("L402", "undefined-variable"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds reads of a context variable (`context.Variables[\"x\"]`, `GetValueOrDefault(\"x\")`) that no policy of the document sets: no `set-variable`, and no policy output such as `variable-name`, `response-variable-name` or `output-token-variable-name`. Alone, fragments and documents that include fragments are skipped; in a service folder the variables set by enclosing scopes (global, product, API) and by included fragments count as set.",
        why: "The indexer throws `KeyNotFoundException` and `GetValueOrDefault` silently returns the default, so a misspelt or missing variable breaks the policy at run time. A variable set at another scope (read through `<base />`) is the one legitimate case: suppress the finding there.",
        example: r#"<inbound>
    <set-variable name="model" value="gpt-4o" />
    <set-header name="x-model" exists-action="override">
        <value>@(context.Variables.GetValueOrDefault<string>("modle"))</value>
    </set-header>
</inbound>"#,
        fix: "Set the variable before it is read, or correct the name.",
    },
    check: Check::Lint(check),
};

fn check(cx: &Context<'_>, out: &mut Findings) {
    let elsewhere = cx.environment.map(|environment| &environment.variables_set_elsewhere);
    // Alone, a fragment's variables come from the including policy, and an included
    // fragment may set any variable; in a service folder both are known.
    if elsewhere.is_none() && (cx.is_fragment() || cx.policies_named("include-fragment").next().is_some()) {
        return;
    }
    let set = setters(cx);
    for read in reads(cx) {
        if read.read.access == VariableUse::Probe
            || set.iter().any(|setter| setter.name == read.read.name)
            || elsewhere.is_some_and(|names| names.contains(read.read.name))
        {
            continue;
        }
        let suggestion = apim_diagnostics::suggest::closest(read.read.name, set.iter().map(|setter| setter.name));
        let help = match suggestion {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("set it first, e.g. `<set-variable name=\"{}\" value=\"...\" />`", read.read.name),
        };
        out.report(
            out.diagnostic(format!("variable `{}` is read but no policy in this document sets it", read.read.name))
                .with_primary(read.span, "never set")
                .with_help(help),
        );
    }
}
