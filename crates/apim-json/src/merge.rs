//! `JContainer.Merge(content, settings)`.

use crate::error::Result;
use crate::token::JToken;
use crate::value::{JTokenType, Value};

/// `MergeArrayHandling`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MergeArrayHandling {
    /// Append the content's items (default).
    #[default]
    Concat,
    /// Append the items not already present (deep equality).
    Union,
    /// Replace all items.
    Replace,
    /// Merge item by item.
    Merge,
}

/// `MergeNullValueHandling`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MergeNullValueHandling {
    /// A null in the content leaves the existing value (default).
    #[default]
    Ignore,
    /// A null in the content overwrites.
    Merge,
}

/// `JsonMergeSettings` (ordinal property-name comparison).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeSettings {
    /// How arrays merge.
    pub array_handling: MergeArrayHandling,
    /// How nulls merge.
    pub null_value_handling: MergeNullValueHandling,
}

fn is_null(t: &JToken) -> bool {
    matches!(t.value(), Some(Value::Null))
}

impl JToken {
    /// `JContainer.Merge(content, settings)`: objects merge property by property
    /// (containers of the same type recursively), arrays by `array_handling`, a property
    /// takes the content property's non-null value. Content of another kind is ignored.
    /// Works with an explicit stack, so deep trees cannot overflow the call stack.
    ///
    /// # Errors
    /// Only what adding tokens can throw (never for well-formed trees).
    pub fn merge(&self, content: &JToken, settings: MergeSettings) -> Result<()> {
        let mut work = vec![(self.clone(), content.clone())];
        while let Some((target, content)) = work.pop() {
            let nested = merge_one(&target, &content, settings)?;
            work.extend(nested.into_iter().rev());
        }
        Ok(())
    }
}

/// Merges one level; returns the pairs of containers to merge next, in order.
fn merge_one(target: &JToken, content: &JToken, settings: MergeSettings) -> Result<Vec<(JToken, JToken)>> {
    let mut nested = Vec::new();
    match (target.token_type(), content.token_type()) {
        (JTokenType::Object, JTokenType::Object) => {
            for prop in content.properties() {
                let (Some(name), Some(value)) = (prop.name(), prop.property_value()) else { continue };
                match target.property(&name) {
                    None => target.add_property(&name, Some(value))?,
                    Some(existing) => {
                        let existing_value = existing.property_value();
                        match existing_value {
                            Some(ev) if ev.is_container() && ev.token_type() == value.token_type() => {
                                nested.push((ev, value));
                            }
                            _ => {
                                if !is_null(&value) || settings.null_value_handling == MergeNullValueHandling::Merge {
                                    existing.set_property_value(Some(value))?;
                                }
                            }
                        }
                    }
                }
            }
        }
        (JTokenType::Array, JTokenType::Array) | (JTokenType::Constructor, JTokenType::Constructor) => {
            merge_items(target, content, settings, &mut nested)?;
        }
        (JTokenType::Property, JTokenType::Property) => {
            if let Some(v) = content.property_value()
                && v.token_type() != JTokenType::Null
            {
                target.set_property_value(Some(v))?;
            }
        }
        _ => {}
    }
    Ok(nested)
}

fn merge_items(
    target: &JToken,
    content: &JToken,
    settings: MergeSettings,
    nested: &mut Vec<(JToken, JToken)>,
) -> Result<()> {
    let items = content.children();
    match settings.array_handling {
        MergeArrayHandling::Concat => {
            for item in items {
                target.add(Some(item))?;
            }
        }
        MergeArrayHandling::Union => {
            for item in items {
                let present = target.children().iter().any(|t| JToken::deep_equals(Some(t), Some(&item)));
                if !present {
                    target.add(Some(item))?;
                }
            }
        }
        MergeArrayHandling::Replace => {
            if target.ptr_eq(content) {
                return Ok(());
            }
            target.remove_all()?;
            for item in items {
                target.add(Some(item))?;
            }
        }
        MergeArrayHandling::Merge => {
            for (i, item) in items.into_iter().enumerate() {
                match target.children().get(i).cloned() {
                    Some(existing) if existing.is_container() => nested.push((existing, item)),
                    Some(_) => {
                        if item.token_type() != JTokenType::Null {
                            target.set_item(i, Some(item))?;
                        }
                    }
                    None => target.add(Some(item))?,
                }
            }
        }
    }
    Ok(())
}
