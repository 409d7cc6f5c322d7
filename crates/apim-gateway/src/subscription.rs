//! Subscription keys: from `apim.toml` (`[[serve.subscriptions]]`) and the service
//! folder's `subscriptions/` (when it carries keys), checked as APIM does: the key comes
//! in the API's header (`Ocp-Apim-Subscription-Key` unless the API names another, such as
//! `api-key`) or query parameter, and must belong to an active subscription whose scope
//! (all APIs, one API, or a product holding the API) covers the API.

use apim_service::{Service, SubscriptionScope};

use crate::config::SubscriptionConfig;

/// A subscription the gateway accepts keys of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: String,
    pub name: String,
    pub primary_key: String,
    pub secondary_key: Option<String>,
    pub scope: SubscriptionScope,
    pub active: bool,
    pub allow_tracing: bool,
}

/// A key that matched, and which of the subscription's keys it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed<'a> {
    pub subscription: &'a Subscription,
    pub key: String,
    /// The product the request runs under (a product-scoped subscription).
    pub product: Option<String>,
}

/// Why a request was refused; each has APIM's 401 body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    Missing,
    Invalid,
}

impl KeyProblem {
    /// APIM's message for this case.
    #[must_use]
    pub fn message(self) -> &'static str {
        match self {
            KeyProblem::Missing => {
                "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
            }
            KeyProblem::Invalid => {
                "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."
            }
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Subscriptions {
    all: Vec<Subscription>,
}

impl Subscriptions {
    #[must_use]
    pub fn new(service: &Service, configured: &[SubscriptionConfig]) -> Self {
        let mut all: Vec<Subscription> = configured
            .iter()
            .map(|c| Subscription {
                id: format!("/subscriptions/{}", c.name),
                name: c.name.clone(),
                primary_key: c.key.clone(),
                secondary_key: None,
                scope: match (&c.product, &c.api) {
                    (Some(product), _) => SubscriptionScope::Product(product.clone()),
                    (None, Some(api)) => SubscriptionScope::Api(api.clone()),
                    (None, None) => SubscriptionScope::AllApis,
                },
                active: true,
                allow_tracing: c.allow_tracing,
            })
            .collect();
        for s in &service.subscriptions {
            let Some(primary) = &s.primary_key else { continue };
            all.push(Subscription {
                id: format!("/subscriptions/{}", s.name),
                name: s.display_name.clone(),
                primary_key: primary.clone(),
                secondary_key: s.secondary_key.clone(),
                scope: s.scope.clone(),
                active: s.state.eq_ignore_ascii_case("active"),
                allow_tracing: s.allow_tracing,
            });
        }
        Self { all }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The subscription `key` belongs to, if it is active and covers API `api` (by name).
    ///
    /// # Errors
    /// [`KeyProblem::Invalid`] for an unknown key, an inactive subscription, or one whose
    /// scope does not include the API.
    pub fn check<'a>(&'a self, service: &Service, api: &str, key: &str) -> Result<Subscribed<'a>, KeyProblem> {
        let subscription = self
            .all
            .iter()
            .find(|s| s.primary_key == key || s.secondary_key.as_deref() == Some(key))
            .filter(|s| s.active)
            .ok_or(KeyProblem::Invalid)?;
        let product = match &subscription.scope {
            SubscriptionScope::AllApis => None,
            SubscriptionScope::Api(name) if name.eq_ignore_ascii_case(api) => None,
            SubscriptionScope::Api(_) => return Err(KeyProblem::Invalid),
            SubscriptionScope::Product(name) => {
                let holds = service.product(name).is_some_and(|p| p.apis.iter().any(|a| a.eq_ignore_ascii_case(api)));
                if !holds {
                    return Err(KeyProblem::Invalid);
                }
                Some(name.clone())
            }
        };
        Ok(Subscribed { subscription, key: key.to_owned(), product })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(name: &str, key: &str, product: Option<&str>, api: Option<&str>) -> SubscriptionConfig {
        SubscriptionConfig {
            name: name.into(),
            key: key.into(),
            product: product.map(Into::into),
            api: api.map(Into::into),
            allow_tracing: true,
        }
    }

    fn service() -> Service {
        let mut service = Service::default();
        service.products.push(apim_service::Product {
            name: "starter".into(),
            display_name: "Starter".into(),
            description: None,
            subscription_required: true,
            approval_required: None,
            state: None,
            subscriptions_limit: None,
            terms: None,
            apis: vec!["chat".into()],
            policy: None,
        });
        service
    }

    #[test]
    fn product_key_covers_the_products_apis_only() {
        let service = service();
        let subs = Subscriptions::new(&service, &[config("dev", "k1", Some("starter"), None)]);
        let ok = subs.check(&service, "chat", "k1").unwrap();
        assert_eq!(ok.product.as_deref(), Some("starter"));
        assert_eq!(subs.check(&service, "weather", "k1").unwrap_err(), KeyProblem::Invalid);
        assert_eq!(subs.check(&service, "chat", "nope").unwrap_err(), KeyProblem::Invalid);
    }

    #[test]
    fn api_and_all_api_scopes() {
        let service = service();
        let subs =
            Subscriptions::new(&service, &[config("one", "k1", None, Some("chat")), config("all", "k2", None, None)]);
        assert!(subs.check(&service, "chat", "k1").is_ok());
        assert!(subs.check(&service, "weather", "k1").is_err());
        assert_eq!(subs.check(&service, "weather", "k2").unwrap().product, None);
    }
}
