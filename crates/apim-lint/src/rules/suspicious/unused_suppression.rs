use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L400", "unused-suppression"),
    category: Category::Suspicious,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds codes in `<!-- apim-ignore: CODE -- reason -->` comments that suppress nothing in the element that follows, and codes that name no rule.",
        why: "A stale suppression hides the next real finding of that rule in the element, and a misspelt code suppresses nothing while looking as if it did.",
        example: r#"<inbound>
    <!-- apim-ignore: L403 -- read by the API-scope policy -->
    <base />
</inbound>"#,
        fix: "Remove the code from the comment (or the whole comment).",
    },
    check: Check::Engine,
};
