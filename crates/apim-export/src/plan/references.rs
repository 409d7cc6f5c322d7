//! What a policy refers to that must exist before APIM accepts it: named values
//! (`{{name}}`), fragments (`include-fragment`), backends (`set-backend-service`).

use std::collections::BTreeSet;

use apim_ir::{ElementNode, Policy, PolicyDocument, Root};

#[derive(Debug, Default)]
pub(crate) struct References {
    pub named_values: BTreeSet<String>,
    pub fragments: BTreeSet<String>,
    pub backends: BTreeSet<String>,
}

pub(crate) fn of(document: &PolicyDocument, text: &str) -> References {
    let mut found =
        References { named_values: apim_ir::named_value_refs(text).into_iter().collect(), ..References::default() };
    match &document.root {
        Root::Policies(sections) => sections.iter().for_each(|section| policies(&section.policies, &mut found)),
        Root::Fragment(list) => policies(list, &mut found),
        Root::Section(section) => policies(&section.policies, &mut found),
        Root::Invalid => {}
    }
    found
}

fn policies(list: &[Policy], found: &mut References) {
    for policy in list {
        let Policy::Known(node) = policy else { continue };
        let literal =
            |name: &str| node.attribute(name).and_then(|attribute| attribute.value.literal_text()).map(str::to_owned);
        match node.spec.name {
            "include-fragment" => found.fragments.extend(literal("fragment-id")),
            "set-backend-service" => found.backends.extend(literal("backend-id")),
            _ => {}
        }
        policies(&node.policies, found);
        elements(&node.elements, found);
    }
}

fn elements(list: &[ElementNode], found: &mut References) {
    for element in list {
        policies(&element.policies, found);
        elements(&element.elements, found);
    }
}
