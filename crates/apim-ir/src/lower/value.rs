//! Attribute and text values: literal (typed), expression, named value or placeholder.

use apim_catalog::{AttributeSpec, ValueType};
use apim_diagnostics::Diagnostic;
use apim_syntax::tree::{self, Content};
use apim_text::Span;

use super::Lowerer;
use crate::codes;
use crate::value::{Expression, Literal, Typed, Value, ValueKind, named_value_refs, placeholders};

impl Lowerer<'_> {
    /// An attribute value, checked against its spec when it has one.
    pub(super) fn value(&mut self, value: &tree::Value, spec: Option<&'static AttributeSpec>, name: &str) -> Value {
        let kind = match &value.content {
            Content::Expression(expression) => {
                if spec.is_some_and(|spec| spec.expressions == Some(false)) {
                    self.report(
                        Diagnostic::error(
                            codes::EXPRESSION_NOT_ALLOWED,
                            format!("the attribute `{name}` does not accept policy expressions"),
                        )
                        .with_primary(expression.span, "an expression")
                        .with_help("give a literal value; APIM reads this attribute when the policy loads"),
                    );
                }
                ValueKind::Expression(Expression { source: expression.clone(), ast: None })
            }
            Content::Literal(text) => self.literal(text, value.span, spec, name),
        };
        Value { span: value.span, kind }
    }

    /// An element's text value (`<value>`, `<set-body>`).
    pub(super) fn text_value(&mut self, value: &tree::Value, expressions: Option<bool>) -> Value {
        let kind = match &value.content {
            Content::Expression(expression) => {
                if expressions == Some(false) {
                    self.report(
                        Diagnostic::error(
                            codes::EXPRESSION_NOT_ALLOWED,
                            "this element does not accept policy expressions",
                        )
                        .with_primary(expression.span, "an expression")
                        .with_help("give a literal value"),
                    );
                }
                ValueKind::Expression(Expression { source: expression.clone(), ast: None })
            }
            Content::Literal(text) => {
                let trimmed = text.trim();
                if let Some(name) = whole_named_value(trimmed) {
                    ValueKind::NamedValue(name.to_owned())
                } else if apim_syntax::is_placeholder(trimmed) {
                    self.placeholders_in(text, value.span, false);
                    ValueKind::Placeholder(trimmed[1..trimmed.len() - 1].to_owned())
                } else {
                    self.placeholders_in(text, value.span, false);
                    ValueKind::Literal(Literal {
                        text: text.clone(),
                        typed: Typed::Text,
                        named_values: named_value_refs(text),
                    })
                }
            }
        };
        Value { span: value.span, kind }
    }

    fn literal(&mut self, text: &str, span: Span, spec: Option<&'static AttributeSpec>, name: &str) -> ValueKind {
        let trimmed = text.trim();
        if let Some(named) = whole_named_value(trimmed) {
            return ValueKind::NamedValue(named.to_owned());
        }
        let uri_template = spec.is_some_and(|spec| spec.value_type == ValueType::UriTemplate);
        if !uri_template && apim_syntax::is_placeholder(trimmed) {
            self.placeholders_in(text, span, false);
            return ValueKind::Placeholder(trimmed[1..trimmed.len() - 1].to_owned());
        }
        self.placeholders_in(text, span, uri_template);
        let named_values = named_value_refs(text);
        let typed = match spec {
            // Named values are substituted before compilation: their type is unknown here.
            Some(spec) if named_values.is_empty() => self.typed(trimmed, span, spec, name),
            _ => Typed::Text,
        };
        ValueKind::Literal(Literal { text: text.to_owned(), typed, named_values })
    }

    fn placeholders_in(&mut self, text: &str, span: Span, uri_template: bool) {
        if uri_template || !self.options.strict_placeholders {
            return;
        }
        // Placeholders are ASCII and contain no entity references, so raw offsets hold
        // when the raw text has no entity before them; search the raw text to be exact.
        let raw = span.text(self.source);
        for (_, name) in placeholders(text) {
            let needle = format!("{{{name}}}");
            let start = raw.find(&needle).map_or(span.start, |index| span.start + u32::try_from(index).unwrap_or(0));
            let end = start + u32::try_from(needle.len()).unwrap_or(0);
            self.placeholder_found(Span::new(start, end), &name);
        }
    }

    fn typed(&mut self, text: &str, span: Span, spec: &'static AttributeSpec, name: &str) -> Typed {
        let value_type = spec.value_type;
        if value_type == ValueType::Enum && !spec.enum_values.is_empty() {
            if spec.enum_values.contains(&text) {
                return Typed::Enum(text.to_owned());
            }
            if let Some(exact) = spec.enum_values.iter().find(|value| value.eq_ignore_ascii_case(text)) {
                self.report(
                    Diagnostic::warning(codes::INVALID_VALUE, format!("write `{exact}` as documented, not `{text}`"))
                        .with_primary(span, "differs in case")
                        .with_help(format!("use `{name}=\"{exact}\"`")),
                );
                return Typed::Enum((*exact).to_owned());
            }
            let values: Vec<String> = spec.enum_values.iter().map(|value| format!("`{value}`")).collect();
            self.invalid(span, name, text, &format!("one of {}", values.join(", ")));
            return Typed::Text;
        }
        if value_type.is_integer() {
            let Ok(number) = text.parse::<i64>() else {
                self.invalid(span, name, text, "a whole number");
                return Typed::Text;
            };
            self.range(span, name, number, spec);
            return Typed::Int(number);
        }
        if value_type.is_boolean() {
            // .NET's bool.Parse ignores case.
            return match text.to_ascii_lowercase().as_str() {
                "true" => Typed::Bool(true),
                "false" => Typed::Bool(false),
                _ => {
                    self.invalid(span, name, text, "`true` or `false`");
                    Typed::Text
                }
            };
        }
        if matches!(value_type, ValueType::Double | ValueType::Decimal01) {
            let Ok(number) = text.parse::<f64>() else {
                self.invalid(span, name, text, "a number");
                return Typed::Text;
            };
            if value_type == ValueType::Decimal01 && !(0.0..=1.0).contains(&number) {
                self.report(
                    Diagnostic::error(codes::VALUE_OUT_OF_RANGE, format!("`{name}` must be between 0 and 1"))
                        .with_primary(span, format!("{number} is out of range"))
                        .with_help("give a decimal between 0.0 and 1.0"),
                );
            }
            return Typed::Number(number);
        }
        Typed::Text
    }

    fn range(&mut self, span: Span, name: &str, number: i64, spec: &AttributeSpec) {
        let below = spec.min.is_some_and(|min| number < min);
        let above = spec.max.is_some_and(|max| number > max);
        if below || above {
            let bounds = match (spec.min, spec.max) {
                (Some(min), Some(max)) => format!("from {min} to {max}"),
                (Some(min), None) => format!("at least {min}"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => String::new(),
            };
            self.report(
                Diagnostic::error(codes::VALUE_OUT_OF_RANGE, format!("`{name}` must be {bounds}"))
                    .with_primary(span, format!("{number} is out of range"))
                    .with_help(format!("give a value {bounds}")),
            );
        }
    }

    fn invalid(&mut self, span: Span, name: &str, text: &str, expected: &str) {
        let primary = if span.is_empty() { Span::new(span.start.saturating_sub(1), span.end + 1) } else { span };
        self.report(
            Diagnostic::error(codes::INVALID_VALUE, format!("`{text}` is not a valid value for `{name}`"))
                .with_primary(primary, format!("expected {expected}"))
                .with_help(format!("give {expected}, or a policy expression `@(...)` where the attribute accepts one")),
        );
    }
}

/// `{{name}}` when it is the whole value.
fn whole_named_value(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.is_empty() && !inner.contains('{') && !inner.contains('}')).then_some(inner)
}
