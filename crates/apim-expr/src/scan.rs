//! A cheap lexical pre-scan run before pest: it bounds bracket nesting (pest's parser is
//! recursive, so deep input must never reach it), reports unterminated strings,
//! characters and comments with a precise position and a clear message, and finds the
//! comments, which the parser then sees as spaces (see [`blank_comments`]).
//!
//! It knows just enough C#: regular, verbatim and interpolated strings (with holes
//! nested to any depth, kept on an explicit stack), character literals and comments.

use crate::errors::SyntaxError;

/// The deepest bracket nesting accepted: `(`, `[`, `{` and interpolated strings, the
/// outer `@(` or `@{` included.
pub const MAX_NESTING: usize = 128;

#[derive(Copy, Clone)]
enum Frame {
    /// Code inside brackets; the bool is `true` for an interpolation hole, whose own
    /// bracket count is `brackets` and which has seen a top-level `?`.
    Code { hole: bool, brackets: u32, question: bool },
    /// The text of an interpolated string.
    Interpolated { verbatim: bool, start: usize },
}

/// Checks `code` and returns the byte ranges of its comments.
pub(crate) fn prescan(code: &str) -> Result<Vec<std::ops::Range<usize>>, SyntaxError> {
    let bytes = code.as_bytes();
    let mut comments = Vec::new();
    let mut stack: Vec<Frame> = vec![Frame::Code { hole: false, brackets: 0, question: false }];
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let Some(&frame) = stack.last() else { break };
        match frame {
            Frame::Interpolated { verbatim, start } => {
                match bytes[i] {
                    b'"' if verbatim && bytes.get(i + 1) == Some(&b'"') => i += 2,
                    b'"' => {
                        stack.pop();
                        depth = depth.saturating_sub(1);
                        i += 1;
                    }
                    b'\\' if !verbatim && bytes.get(i + 1).is_some_and(|&next| !is_escape(next)) => {
                        return Err(bad_escape(bytes, i));
                    }
                    b'\\' if !verbatim => i += 2,
                    b'\n' | b'\r' if !verbatim => return Err(unterminated_string(start, i)),
                    b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
                    b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
                    b'{' => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            return Err(too_deep(i));
                        }
                        stack.push(Frame::Code { hole: true, brackets: 0, question: false });
                        i += 1;
                    }
                    _ => i += 1,
                }
                if i > bytes.len() {
                    return Err(unterminated_string(start, bytes.len()));
                }
            }
            Frame::Code { hole, brackets, question } => {
                let byte = bytes[i];
                match byte {
                    b'/' if bytes.get(i + 1) == Some(&b'/') => {
                        let start = i;
                        while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                            i += 1;
                        }
                        comments.push(start..i);
                    }
                    b'/' if bytes.get(i + 1) == Some(&b'*') => match code[i + 2..].find("*/") {
                        Some(end) => {
                            comments.push(i..i + 2 + end + 2);
                            i += 2 + end + 2;
                        }
                        None => {
                            return Err(SyntaxError::new(i..i + 2, "unterminated comment")
                                .with_help("close the comment with `*/`"));
                        }
                    },
                    b'"' => i = regular_string(bytes, i)?,
                    b'@' if bytes.get(i + 1) == Some(&b'"') => i = verbatim_string(bytes, i)?,
                    b'\'' => i = char_literal(bytes, i)?,
                    b'$' | b'@' => {
                        let verbatim = matches!(&bytes[i..], [b'$', b'@', b'"', ..] | [b'@', b'$', b'"', ..]);
                        let regular = matches!(&bytes[i..], [b'$', b'"', ..]);
                        if verbatim || regular {
                            depth += 1;
                            if depth > MAX_NESTING {
                                return Err(too_deep(i));
                            }
                            stack.push(Frame::Interpolated { verbatim, start: i });
                            i += if verbatim { 3 } else { 2 };
                        } else {
                            i += 1;
                        }
                    }
                    b'(' | b'[' | b'{' => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            return Err(too_deep(i));
                        }
                        set_top(&mut stack, hole, brackets + 1, question);
                        i += 1;
                    }
                    b'}' if hole && brackets == 0 => {
                        stack.pop();
                        depth = depth.saturating_sub(1);
                        i += 1;
                    }
                    b')' | b']' | b'}' => {
                        depth = depth.saturating_sub(1);
                        set_top(&mut stack, hole, brackets.saturating_sub(1), question);
                        i += 1;
                    }
                    b'?' if hole && brackets == 0 => {
                        let next = bytes.get(i + 1).copied();
                        if matches!(next, Some(b'?' | b'.' | b'[')) {
                            i += 2;
                        } else {
                            set_top(&mut stack, hole, brackets, true);
                            i += 1;
                        }
                    }
                    // The format of a hole runs to its `}`, unless the `:` belongs to a
                    // conditional.
                    b':' if hole && brackets == 0 && !question => {
                        while i < bytes.len() && bytes[i] != b'}' && bytes[i] != b'"' {
                            i += 1;
                        }
                    }
                    _ => i += 1,
                }
            }
        }
    }
    // An interpolated string still open at the end.
    if let Some(start) = stack.iter().find_map(|frame| match frame {
        Frame::Interpolated { start, .. } => Some(*start),
        Frame::Code { .. } => None,
    }) {
        return Err(unterminated_string(start, bytes.len()));
    }
    Ok(comments)
}

/// `code` with every comment byte replaced by a space: the same length and offsets, and
/// still UTF-8 (a comment's multibyte characters become several spaces). The grammar
/// then needs no comment rule, which makes pest's skipping between tokens much cheaper.
pub(crate) fn blank_comments(code: &str, comments: &[std::ops::Range<usize>]) -> String {
    let mut bytes = code.as_bytes().to_vec();
    for comment in comments {
        bytes[comment.clone()].fill(b' ');
    }
    String::from_utf8(bytes).unwrap_or_else(|_| code.to_owned())
}

fn set_top(stack: &mut [Frame], hole: bool, brackets: u32, question: bool) {
    if let Some(top) = stack.last_mut() {
        *top = Frame::Code { hole, brackets, question };
    }
}

fn too_deep(at: usize) -> SyntaxError {
    SyntaxError::new(at..at + 1, format!("the expression is nested more than {MAX_NESTING} levels deep"))
        .with_help("split it into several expressions or variables")
}

fn unterminated_string(start: usize, _end: usize) -> SyntaxError {
    SyntaxError::new(start..start + 1, "unterminated string literal").with_help("close the string with `\"`")
}

/// The character after `\` in a valid escape sequence.
fn is_escape(byte: u8) -> bool {
    matches!(byte, b'\'' | b'"' | b'\\' | b'0' | b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'u' | b'U' | b'x')
}

/// The escape starting with the `\\` at `at` (its second character may be multibyte).
fn bad_escape(bytes: &[u8], at: usize) -> SyntaxError {
    let width = match bytes.get(at + 1) {
        Some(0xF0..) => 4,
        Some(0xE0..) => 3,
        Some(0xC0..) => 2,
        _ => 1,
    };
    SyntaxError::new(at..(at + 1 + width).min(bytes.len()), "unrecognized escape sequence")
        .with_help("write `\\\\` for a backslash, or use a verbatim string `@\"...\"`")
}

/// Skips `"..."` starting at `start`; returns the offset after the closing quote.
fn regular_string(bytes: &[u8], start: usize) -> Result<usize, SyntaxError> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok(i + 1),
            b'\\' if bytes.get(i + 1).is_some_and(|&next| !is_escape(next)) => return Err(bad_escape(bytes, i)),
            b'\\' => i += 2,
            b'\n' | b'\r' => break,
            _ => i += 1,
        }
    }
    Err(unterminated_string(start, i))
}

/// Skips `@"..."` (where `""` is a quote).
fn verbatim_string(bytes: &[u8], start: usize) -> Result<usize, SyntaxError> {
    let mut i = start + 2;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            if bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(unterminated_string(start, i))
}

/// Skips `'x'`, `'\''`, `'\u0041'`.
fn char_literal(bytes: &[u8], start: usize) -> Result<usize, SyntaxError> {
    let mut i = start + 1;
    if bytes.get(i) == Some(&b'\\') {
        if bytes.get(i + 1).is_some_and(|&next| !is_escape(next)) {
            return Err(bad_escape(bytes, i));
        }
        i += 2;
    } else {
        // One character, possibly several UTF-8 bytes.
        i += 1;
        while i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
            i += 1;
        }
    }
    // The rest of a `\u....` or `\x..` escape.
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() && i - start < 11 {
        i += 1;
    }
    if bytes.get(i) == Some(&b'\'') {
        return Ok(i + 1);
    }
    Err(SyntaxError::new(start..start + 1, "unterminated character literal")
        .with_help("close the character with `'`, or use `\"` for a string"))
}
