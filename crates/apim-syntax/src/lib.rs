//! Reads APIM policy documents exactly as APIM does, including the many that are not
//! well-formed XML, into a lossless tree with byte spans; and prints that tree in the
//! canonical form behind `apim fmt`.
//!
//! ```
//! let parsed = apim_syntax::parse(r#"<policies><inbound><set-variable name="n" value="@(x["a"] < 2)" /></inbound></policies>"#);
//! assert!(parsed.diagnostics.is_empty());
//! let root = parsed.document.root().unwrap();
//! assert_eq!(root.name, "policies");
//! ```

pub mod codes;
mod entities;
mod expression;
mod printer;
mod reader;
mod scanner;
pub mod tree;

pub use expression::{Expression, ExpressionKind, OffsetMap};
pub use printer::{FormatError, format, is_placeholder, print};
pub use reader::{MAX_DEPTH, Parsed, parse};
