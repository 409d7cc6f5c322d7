use crate::patterns::{Ty, VariableUse, body_type};
use crate::rules::prelude::*;
use crate::variables::{reads, setters};

pub static RULE: Rule = Rule {
    code: Code::new("L424", "variable-type-mismatch"),
    category: Category::Correctness,
    severity: Severity::Error,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `context.Variables.GetValueOrDefault<T>(\"x\")` where every `set-variable` of `x` stores a value of another type that is evidently known (a number, a string, a bool), such as an `int` read as `long`.",
        why: "`GetValueOrDefault<T>` unboxes with a cast: a boxed `int` read as `long`, or a `string` read as `int`, throws `InvalidCastException` at run time and the request fails with a 500.",
        example: r#"<inbound>
    <set-variable name="prompt-tokens" value="@(context.Request.Body.As<string>(preserveContent: true).Length / 4)" />
    <set-header name="x-prompt-tokens" exists-action="override">
        <value>@(context.Variables.GetValueOrDefault<long>("prompt-tokens").ToString())</value>
    </set-header>
</inbound>"#,
        fix: "Read it with the type that was stored (`GetValueOrDefault<int>`), or store the type you read (`(long)(...)`).",
    },
    check: Check::Lint(check),
};

fn compatible(stored: &Ty, read: &Ty) -> bool {
    stored == read || matches!(read, Ty::Object) || matches!((stored, read), (Ty::Named(_), _) | (_, Ty::Named(_)))
}

fn check(cx: &Context<'_>, out: &mut Findings) {
    let setters = setters(cx);
    for read in reads(cx) {
        let VariableUse::Get(Some(ty)) = read.read.access else { continue };
        let Some(read_ty) = Ty::from_type_ref(ty) else { continue };
        let mut stored = Vec::new();
        for setter in setters.iter().filter(|setter| setter.name == read.read.name) {
            let node = cx.policies[setter.policy].node;
            if node.spec.element != "set-variable" {
                stored.push(None);
                continue;
            }
            let value = node.attribute("value").map(|attribute| &attribute.value);
            let ty = match value.map(|value| &value.kind) {
                Some(apim_ir::ValueKind::Expression(expression)) => expression.ast.as_deref().and_then(body_type),
                // A literal value is stored as a string.
                Some(apim_ir::ValueKind::Literal(_)) => Some(Ty::String),
                _ => None,
            };
            stored.push(ty.map(|ty| (ty, setter.span)));
        }
        let Some(Some((first, span))) = stored.first().cloned() else { continue };
        if stored.iter().any(|other| other.as_ref().is_none_or(|(ty, _)| *ty != first)) || compatible(&first, &read_ty)
        {
            continue;
        }
        out.report(
            out.diagnostic(format!(
                "variable `{}` holds {} `{}` but is read as `{}`: the cast throws `InvalidCastException`",
                read.read.name,
                if first.name().starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
                first.name(),
                read_ty.name()
            ))
            .with_primary(read.span, format!("read as `{}`", read_ty.name()))
            .with_secondary(span, format!("stored as `{}`", first.name()))
            .with_help(format!("read it with `GetValueOrDefault<{}>`, or convert the stored value", first.name())),
        );
    }
}
