//! A policy expression as found in the file, and the map from its decoded text back to
//! file offsets.

use apim_text::Span;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ExpressionKind {
    /// `@( expression )`
    Single,
    /// `@{ statements }`
    Block,
}

/// One `@(...)` or `@{...}`.
///
/// `code` is the C# text as APIM compiles it: entity references such as `&quot;` are
/// decoded, so `@(x[&quot;a&quot;])` and `@(x["a"])` have the same code. Positions in
/// `code` map back to the file through [`Expression::source_offset`].
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    /// From `@` to the closing bracket, inclusive.
    pub span: Span,
    pub kind: ExpressionKind,
    /// The decoded text, from `@` to the closing bracket.
    pub code: String,
    pub offsets: OffsetMap,
    /// The author wrote `\"` for quotes (reported as S103): the C# syntax errors that
    /// follow from it are consequences, not news.
    pub escaped_quotes: bool,
}

impl Expression {
    /// The file offset of a byte offset into `code`.
    #[must_use]
    pub fn source_offset(&self, code_offset: usize) -> u32 {
        self.offsets.to_source(code_offset)
    }

    /// The file span of a byte range of `code`.
    #[must_use]
    pub fn source_span(&self, code_range: std::ops::Range<usize>) -> Span {
        Span::new(self.source_offset(code_range.start), self.source_offset(code_range.end))
    }

    /// The code between the outer brackets.
    #[must_use]
    pub fn inner(&self) -> &str {
        let end = self.code.len().saturating_sub(1).max(2);
        self.code.get(2..end).unwrap_or("")
    }
}

/// Maps decoded offsets to source offsets. Between two breakpoints the mapping is the
/// identity shifted by a constant; an expression without entity references has none.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    base: u32,
    /// `(decoded offset, source offset)` where a run after an entity reference starts.
    breakpoints: Vec<(u32, u32)>,
}

impl OffsetMap {
    #[must_use]
    pub fn identity(base: u32) -> Self {
        Self { base, breakpoints: Vec::new() }
    }

    pub(crate) fn push(&mut self, decoded: usize, source: usize) {
        let decoded = u32::try_from(decoded).unwrap_or(u32::MAX);
        let source = u32::try_from(source).unwrap_or(u32::MAX);
        self.breakpoints.push((decoded, source));
    }

    /// Whether any entity reference was decoded.
    #[must_use]
    pub fn is_identity(&self) -> bool {
        self.breakpoints.is_empty()
    }

    #[must_use]
    pub fn to_source(&self, decoded: usize) -> u32 {
        let decoded = u32::try_from(decoded).unwrap_or(u32::MAX);
        let index = self.breakpoints.partition_point(|&(at, _)| at <= decoded);
        if index == 0 {
            return self.base.saturating_add(decoded);
        }
        let (at, source) = self.breakpoints[index - 1];
        source.saturating_add(decoded - at)
    }
}
