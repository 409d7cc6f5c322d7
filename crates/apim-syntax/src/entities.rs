//! XML entity references: the five predefined ones and character references.

/// Decodes the reference starting at `bytes[0] == b'&'`. Returns the character and the
/// length of the reference, or `None` when it is not a valid reference.
pub(crate) fn decode_at(bytes: &[u8]) -> Option<(char, usize)> {
    debug_assert_eq!(bytes.first(), Some(&b'&'));
    let end = bytes.iter().take(12).position(|&byte| byte == b';')?;
    let name = &bytes[1..end];
    let decoded = match name {
        b"quot" => '"',
        b"apos" => '\'',
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        [b'#', b'x' | b'X', hex @ ..] => char_from(hex, 16)?,
        [b'#', decimal @ ..] => char_from(decimal, 10)?,
        _ => return None,
    };
    Some((decoded, end + 1))
}

fn char_from(digits: &[u8], radix: u32) -> Option<char> {
    if digits.is_empty() {
        return None;
    }
    let text = std::str::from_utf8(digits).ok()?;
    let value = u32::from_str_radix(text, radix).ok()?;
    char::from_u32(value).filter(|&c| c != '\0')
}

/// Decodes every reference in `raw`; invalid ones are kept as written. Returns the text and
/// the offsets (into `raw`) of `&`s that start no valid reference.
pub(crate) fn decode(raw: &str) -> (String, Vec<usize>) {
    if !raw.contains('&') {
        return (raw.to_owned(), Vec::new());
    }
    let bytes = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut invalid = Vec::new();
    let mut run_start = 0;
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'&' {
            out.push_str(&raw[run_start..index]);
            if let Some((decoded, length)) = decode_at(&bytes[index..]) {
                out.push(decoded);
                index += length;
            } else {
                invalid.push(index);
                out.push('&');
                index += 1;
            }
            run_start = index;
        } else {
            index += 1;
        }
    }
    out.push_str(&raw[run_start..]);
    (out, invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_predefined_and_character_references() {
        assert_eq!(decode("a &amp;&amp; b &lt; &#65;&#x42;&quot;").0, "a && b < AB\"");
        assert_eq!(decode("x & y &bogus; &#;").1, vec![2, 6, 14]);
    }
}
