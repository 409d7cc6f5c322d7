//! The policy documents that apply to one operation, by scope, for effective-policy
//! merging: APIM runs global, then product, then API, then operation, each `<base />`
//! standing for the scope above.

use crate::model::{PolicyFile, Service};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Global,
    Product(String),
    Api(String),
    Operation { api: String, operation: String },
}

/// The policies of every scope of an operation, outermost first.
#[derive(Debug, Clone, Default)]
pub struct PolicyScopes<'a> {
    pub api_name: &'a str,
    pub operation_name: &'a str,
    pub global: Option<&'a PolicyFile>,
    /// Every product holding the API that has a policy, by product name. A request runs
    /// only the policy of its subscription's product: see [`PolicyScopes::chain`].
    pub products: Vec<(&'a str, &'a PolicyFile)>,
    pub api: Option<&'a PolicyFile>,
    pub operation: Option<&'a PolicyFile>,
}

impl<'a> PolicyScopes<'a> {
    /// The documents in the order APIM nests them, for a request made with a
    /// subscription to `product` (`None`: no product, as for an API that needs no
    /// subscription).
    #[must_use]
    pub fn chain(&self, product: Option<&str>) -> Vec<(Scope, &'a PolicyFile)> {
        let mut chain = Vec::new();
        if let Some(global) = self.global {
            chain.push((Scope::Global, global));
        }
        if let Some(product) = product
            && let Some((name, policy)) = self.products.iter().find(|(name, _)| *name == product)
        {
            chain.push((Scope::Product((*name).to_owned()), *policy));
        }
        if let Some(api) = self.api {
            chain.push((Scope::Api(self.api_name.to_owned()), api));
        }
        if let Some(operation) = self.operation {
            let scope = Scope::Operation { api: self.api_name.to_owned(), operation: self.operation_name.to_owned() };
            chain.push((scope, operation));
        }
        chain
    }
}

impl Service {
    /// The policies that apply to operation `operation` of API `api`; `None` when the
    /// service has no such operation.
    #[must_use]
    pub fn policy_scopes(&self, api: &str, operation: &str) -> Option<PolicyScopes<'_>> {
        let found = self.api(api)?;
        let op = found.operation(operation)?;
        let products = self
            .products
            .iter()
            .filter(|product| product.apis.iter().any(|name| name == api))
            .filter_map(|product| product.policy.as_ref().map(|policy| (product.name.as_str(), policy)))
            .collect();
        Some(PolicyScopes {
            api_name: &found.name,
            operation_name: &op.name,
            global: self.policy.as_ref(),
            products,
            api: found.policy.as_ref(),
            operation: op.policy.as_ref(),
        })
    }
}
