//! Syntax errors, and their construction from pest's failures.

use std::ops::Range;

use pest::error::{Error, ErrorVariant, InputLocation};

use crate::parser::Rule;

/// A problem in an expression's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offsets into the expression's code (`Expression::code`); map them to the file
    /// with `Expression::source_span`.
    pub range: Range<usize>,
    /// One sentence: "unexpected `}`; expected `;`".
    pub message: String,
    /// What to do, starting with a verb.
    pub help: Option<String>,
}

impl SyntaxError {
    pub(crate) fn new(range: Range<usize>, message: impl Into<String>) -> Self {
        Self { range, message: message.into(), help: None }
    }

    #[must_use]
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What the parser wanted at the error position, in the order messages list them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Token(&'static str),
    Expression,
    Name,
    Type,
    Pattern,
    Statement,
    Operator,
    End,
}

impl Expected {
    fn describe(self) -> String {
        match self {
            Self::Token(token) => format!("`{token}`"),
            Self::Expression => "an expression".to_owned(),
            Self::Name => "a name".to_owned(),
            Self::Type => "a type".to_owned(),
            Self::Pattern => "a pattern".to_owned(),
            Self::Statement => "a statement".to_owned(),
            Self::Operator => "an operator".to_owned(),
            Self::End => "the end of the expression".to_owned(),
        }
    }
}

/// The friendly name of a rule pest tried at the error position; `None` for rules that
/// would only add noise.
fn expected(rule: Rule) -> Option<Expected> {
    use Rule as R;
    Some(match rule {
        R::close_paren => Expected::Token(")"),
        R::close_bracket => Expected::Token("]"),
        R::close_brace => Expected::Token("}"),
        R::semi => Expected::Token(";"),
        R::comma => Expected::Token(","),
        R::colon => Expected::Token(":"),
        R::arrow => Expected::Token("=>"),
        R::open_paren => Expected::Token("("),
        R::open_brace | R::statement_block | R::initializer | R::anonymous_object => Expected::Token("{"),
        R::assign_eq => Expected::Token("="),
        R::implicit_array => Expected::Token("["),
        R::EOI => Expected::End,
        R::kw_else => Expected::Token("else"),
        R::kw_while => Expected::Token("while"),
        R::kw_in => Expected::Token("in"),
        R::kw_when | R::catch_filter => Expected::Token("when"),
        R::kw_catch | R::catch_clause => Expected::Token("catch"),
        R::kw_finally | R::finally_clause => Expected::Token("finally"),
        R::kw_case | R::switch_label | R::switch_section => Expected::Token("case"),
        R::kw_return => Expected::Token("return"),
        R::expression
        | R::throw_expr
        | R::lambda
        | R::lambda_tail
        | R::binary
        | R::unary
        | R::prefix_op
        | R::cast
        | R::postfix_expr
        | R::simple_name
        | R::paren_expr
        | R::typeof_expr
        | R::default_expr
        | R::checked_expr
        | R::named_value
        | R::new_expr
        | R::kw_new
        | R::kw_this
        | R::kw_base
        | R::kw_throw
        | R::number_lit
        | R::string_lit
        | R::verbatim_string
        | R::char_lit
        | R::keyword_lit
        | R::interpolated
        | R::verbatim_interpolated
        | R::arguments
        | R::argument
        | R::member_initializer
        | R::index_initializer => Expected::Expression,
        R::identifier | R::name | R::designation | R::declarator | R::lambda_param => Expected::Name,
        R::r#type
        | R::type_no_nullable
        | R::plain_type
        | R::as_type
        | R::new_type
        | R::predefined_type
        | R::named_type
        | R::type_segment
        | R::member_segment
        | R::tuple_type
        | R::tuple_type_elem
        | R::out_var => Expected::Type,
        R::pattern
        | R::pattern_and
        | R::not_pattern
        | R::relational_pattern
        | R::paren_pattern
        | R::discard_pattern
        | R::var_pattern
        | R::type_pattern
        | R::constant_pattern => Expected::Pattern,
        R::statement
        | R::empty_stmt
        | R::expression_stmt
        | R::local_decl_stmt
        | R::local_decl
        | R::if_stmt
        | R::switch_stmt
        | R::for_stmt
        | R::foreach_stmt
        | R::while_stmt
        | R::do_stmt
        | R::try_stmt
        | R::using_stmt
        | R::lock_stmt
        | R::return_stmt
        | R::throw_stmt
        | R::break_stmt
        | R::continue_stmt
        | R::checked_stmt
        | R::yield_stmt => Expected::Statement,
        R::binary_op
        | R::assign_op
        | R::assign_tail
        | R::conditional_tail
        | R::question
        | R::kw_is
        | R::kw_as
        | R::member_access
        | R::null_member
        | R::call
        | R::index
        | R::null_index
        | R::postfix_incdec
        | R::switch_tail
        | R::type_args => Expected::Operator,
        _ => return None,
    })
}

/// The token found at `pos`, for "unexpected `X`": a word, a number, or one character.
fn found(code: &str, pos: usize) -> Option<&str> {
    let rest = code.get(pos..)?;
    let first = rest.chars().next()?;
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    // Keep messages short on very long words.
    let mut end = len.min(40);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    Some(&rest[..end])
}

/// Converts pest's failure into one [`SyntaxError`] at the exact byte position.
pub(crate) fn from_pest(code: &str, error: &Error<Rule>) -> SyntaxError {
    let pos = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    }
    .min(code.len());
    match &error.variant {
        ErrorVariant::CustomError { .. } => {
            // pest's stack or call limit.
            SyntaxError::new(pos..pos, "the expression is nested too deeply to parse")
                .with_help("split it into several expressions or variables")
        }
        ErrorVariant::ParsingError { positives, .. } => {
            let mut wanted: Vec<Expected> = positives.iter().filter_map(|&rule| expected(rule)).collect();
            wanted.sort_unstable();
            wanted.dedup();
            unexpected(code, pos, &wanted)
        }
    }
}

fn unexpected(code: &str, pos: usize, wanted: &[Expected]) -> SyntaxError {
    let (range, what) = match found(code, pos) {
        Some(token) => (pos..pos + token.len(), format!("unexpected `{token}`")),
        None => (pos..pos, "unexpected end of input".to_owned()),
    };
    if wanted.is_empty() || wanted.len() > 4 {
        return SyntaxError::new(range, what);
    }
    let names: Vec<String> = wanted.iter().map(|expected| expected.describe()).collect();
    let list = match names.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    };
    let error = SyntaxError::new(range, format!("{what}; expected {list}"));
    // Help only when nothing but punctuation would do: with an operator also possible,
    // the missing piece may be anywhere.
    if wanted.iter().any(|expected| !matches!(expected, Expected::Token(_))) {
        return error;
    }
    let help = if wanted.contains(&Expected::Token(";")) {
        "end the statement with `;`"
    } else if wanted.contains(&Expected::Token(")")) {
        "close the parenthesis with `)`"
    } else if wanted.contains(&Expected::Token("}")) {
        "close the brace with `}`"
    } else if wanted.contains(&Expected::Token("]")) {
        "close the bracket with `]`"
    } else {
        return error;
    };
    error.with_help(help)
}
