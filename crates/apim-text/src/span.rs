use serde::Serialize;

/// A half-open byte range `start..end` into one source file.
///
/// Offsets are `u32`: policy documents are far below 4 GiB, and a small `Copy` span keeps
/// every IR node cheap to clone and sort.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    /// Span from `usize` offsets (the reader works on `usize` indices).
    ///
    /// # Panics
    /// When an offset does not fit `u32`; callers refuse files over 4 GiB first.
    #[must_use]
    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        Self::new(to_u32(range.start), to_u32(range.end))
    }

    #[must_use]
    pub const fn empty_at(offset: u32) -> Self {
        Self::new(offset, offset)
    }

    #[must_use]
    pub const fn len(self) -> u32 {
        self.end - self.start
    }

    #[must_use]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[must_use]
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self::new(self.start.min(other.start), self.end.max(other.end))
    }

    #[must_use]
    pub const fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The text this span covers in `source`, or `""` when it is out of range.
    #[must_use]
    pub fn text(self, source: &str) -> &str {
        source.get(self.range()).unwrap_or("")
    }
}

fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).expect("source files are limited to 4 GiB")
}

impl From<Span> for std::ops::Range<usize> {
    fn from(span: Span) -> Self {
        span.range()
    }
}
