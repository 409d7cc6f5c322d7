/// A 1-based line and column. Columns count Unicode scalar values, as editors and
/// GitHub annotations do.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Offsets of line starts, built once per file when diagnostics are rendered.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    #[must_use]
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        for (offset, byte) in source.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(u32::try_from(offset + 1).unwrap_or(u32::MAX));
            }
        }
        Self { line_starts }
    }

    /// Line and column of a byte offset. An offset inside a multi-byte character counts
    /// as that character; an offset past the end maps to the end.
    #[must_use]
    pub fn line_col(&self, source: &str, offset: u32) -> LineCol {
        let offset = offset.min(u32::try_from(source.len()).unwrap_or(u32::MAX));
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line] as usize;
        let mut end = offset as usize;
        while !source.is_char_boundary(end) {
            end -= 1;
        }
        let column = source[line_start..end].chars().count() + 1;
        LineCol { line: u32::try_from(line + 1).unwrap_or(u32::MAX), column: u32::try_from(column).unwrap_or(u32::MAX) }
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let src = "ab\ncd\r\né\n";
        let index = LineIndex::new(src);
        assert_eq!(index.line_col(src, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(src, 1), LineCol { line: 1, column: 2 });
        assert_eq!(index.line_col(src, 3), LineCol { line: 2, column: 1 });
        // After the two-byte é the column counts one character.
        assert_eq!(index.line_col(src, 9), LineCol { line: 3, column: 2 });
        assert_eq!(index.line_col(src, 99), LineCol { line: 4, column: 1 });
    }
}
