//! The lossless syntax tree: every node keeps its byte span, comments and processing
//! instructions are nodes, and text keeps its source so the printer can reproduce it.

use apim_text::Span;

use crate::expression::Expression;

/// A whole policy file.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The file starts with a UTF-8 byte order mark (kept by the printer).
    pub bom: bool,
    /// Top-level nodes: XML declaration, comments, whitespace, the root element.
    pub nodes: Vec<Node>,
}

impl Document {
    /// The first top-level element.
    #[must_use]
    pub fn root(&self) -> Option<&Element> {
        self.nodes.iter().find_map(Node::as_element)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(Text),
    Comment(Comment),
    CData(CData),
    /// `<?...?>`, including the XML declaration.
    ProcessingInstruction(Span),
    /// `<!DOCTYPE ...>`.
    Doctype(Span),
}

impl Node {
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Self::Element(element) => element.span,
            Self::Text(text) => text.span,
            Self::Comment(comment) => comment.span,
            Self::CData(cdata) => cdata.span,
            Self::ProcessingInstruction(span) | Self::Doctype(span) => *span,
        }
    }

    #[must_use]
    pub fn as_element(&self) -> Option<&Element> {
        match self {
            Self::Element(element) => Some(element),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub name_span: Span,
    /// From `<` to the end of the end tag (or of the start tag when self-closing).
    pub span: Span,
    pub start_tag: Span,
    /// `None` when self-closing or never closed.
    pub end_tag: Option<Span>,
    pub self_closing: bool,
    pub attributes: Vec<Attribute>,
    pub children: Vec<Node>,
}

impl Element {
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attribute| attribute.name == name)
    }

    /// Child elements, skipping text and comments.
    pub fn child_elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(Node::as_element)
    }

    /// The span between the start tag and the end tag (empty for a self-closing element).
    #[must_use]
    pub fn content_span(&self) -> Span {
        match self.end_tag {
            Some(end) => Span::new(self.start_tag.end, end.start),
            None => Span::new(self.start_tag.end, self.span.end.max(self.start_tag.end)),
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Quote {
    Double,
    Single,
    /// The value had no quotes (an error, kept for recovery).
    None,
}

impl Quote {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Double => "\"",
            Self::Single => "'",
            Self::None => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub name_span: Span,
    /// From the name to the closing quote.
    pub span: Span,
    pub quote: Quote,
    pub value: Value,
}

/// An attribute value or a text run: either literal text or one policy expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The raw value in the source: inside the quotes, or the whole text run.
    pub span: Span,
    pub content: Content,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    /// Text with entity references decoded.
    Literal(String),
    /// `@(...)` or `@{...}`.
    Expression(Expression),
}

impl Value {
    #[must_use]
    pub fn as_expression(&self) -> Option<&Expression> {
        match &self.content {
            Content::Expression(expression) => Some(expression),
            Content::Literal(_) => None,
        }
    }

    #[must_use]
    pub fn as_literal(&self) -> Option<&str> {
        match &self.content {
            Content::Literal(text) => Some(text),
            Content::Expression(_) => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub span: Span,
    pub value: Value,
}

impl Text {
    /// Whitespace only (indentation between elements).
    #[must_use]
    pub fn is_blank(&self) -> bool {
        matches!(&self.value.content, Content::Literal(text) if text.trim().is_empty())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// `<!--` to `-->`.
    pub span: Span,
    /// Between the delimiters.
    pub text: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CData {
    /// `<![CDATA[` to `]]>`.
    pub span: Span,
    /// The raw content, or the expression it holds.
    pub value: Value,
}
