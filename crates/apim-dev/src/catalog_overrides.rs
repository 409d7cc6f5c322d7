//! Corrections to the docs-derived reference catalog (`policies.json`), applied by
//! `cargo dev generate-catalog` before it writes the tables.
//!
//! Each entry says which documentation page justifies it. A correction that no longer
//! changes anything (the reference caught up) makes the generator fail, so it gets removed.

/// One correction to a policy or to one of its child elements.
pub struct Override {
    /// The catalog key of the policy (`set-backend-service-dapr`, not its XML element).
    pub policy: &'static str,
    /// Child element names leading from the policy to the element to change; empty for the
    /// policy itself.
    pub element: &'static [&'static str],
    pub change: Change,
}

pub enum Change {
    /// One more allowed value for an `enum` attribute.
    AddEnumValue { attribute: &'static str, value: &'static str },
    /// Whether the element is required, and when (the reference's `required_condition`).
    ElementRequired { required: bool, condition: Option<&'static str> },
}

pub const OVERRIDES: &[Override] = &[
    // get-authorization-context-policy: its examples return tokens via `<set-body template="none">`
    Override {
        policy: "set-body",
        element: &[],
        change: Change::AddEnumValue { attribute: "template", value: "none" },
    },
    // validate-azure-ad-token-policy (current): client-application-ids "No"; else give audiences.
    Override {
        policy: "validate-azure-ad-token",
        element: &["client-application-ids"],
        change: Change::ElementRequired {
            required: false,
            condition: Some("client-application-ids or audiences should be given"),
        },
    },
    // set-query-parameter-policy: exists-action="delete" removes the parameter, so it has
    // no value to give (the reference marks `<value>` required for every action).
    Override {
        policy: "set-query-parameter",
        element: &["value"],
        change: Change::ElementRequired {
            required: false,
            condition: Some("required unless exists-action is \"delete\""),
        },
    },
];
