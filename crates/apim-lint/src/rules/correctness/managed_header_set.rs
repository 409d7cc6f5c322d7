use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: Code::new("L418", "managed-header-set"),
    category: Category::Correctness,
    severity: Severity::Warning,
    fix: FixAvailability::None,
    status: Status::Preview,
    docs: Docs {
        what: "Finds `set-header` on headers the gateway manages itself: `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive` and the other hop-by-hop headers (`Proxy-Connection`, `TE`, `Trailer`, `Upgrade`).",
        why: "Documented: \"Connection, ContentLength, KeepAlive, TransferEncoding cannot be modified or deleted.\" The policy has no effect, or a wrong `Content-Length` corrupts the message framing.",
        example: r#"<outbound>
    <set-header name="Content-Length" exists-action="override">
        <value>0</value>
    </set-header>
</outbound>"#,
        fix: "Remove the `set-header`: the gateway computes these headers from the body it sends.",
    },
    check: Check::Lint(check),
};

const MANAGED: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

fn check(cx: &Context<'_>, out: &mut Findings) {
    for policy in cx.policies_named("set-header") {
        let Some(attribute) = policy.node.attribute("name") else { continue };
        let Some(name) = attribute.value.literal_text() else { continue };
        if MANAGED.contains(&name.trim().to_ascii_lowercase().as_str()) {
            out.report(
                out.diagnostic(format!("`{name}` is managed by the gateway and cannot be set or deleted by a policy"))
                    .with_primary(attribute.value.span, "managed header")
                    .with_help("remove this `set-header`: the gateway writes the header from the message it sends"),
            );
        }
    }
}
