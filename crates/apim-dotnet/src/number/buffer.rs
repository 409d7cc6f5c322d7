//! The decimal digit buffer every .NET number is formatted from (the runtime's `NUMBER`).

/// A number as significant decimal digits and a decimal exponent:
/// `value = 0.d1 d2 d3 ... * 10^scale`, sign apart.
///
/// An empty `digits` is zero. Digits never start with `0`; they may end with zeros (a
/// `double` always carries exactly its precision in digits, a `decimal` keeps the zeros
/// of its scale: `1.50m` is `"150"` with scale 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberBuffer {
    pub digits: Vec<u8>,
    pub scale: i32,
    pub negative: bool,
    /// The type's default precision: 15 for `double`, 7 for `float`, 10 for `int`, 19 for
    /// `long`, 20 for `ulong`, 29 for `decimal`. `G` without a precision uses it.
    pub precision: i32,
}

impl NumberBuffer {
    pub fn zero(precision: i32) -> Self {
        Self { digits: Vec::new(), scale: 0, negative: false, precision }
    }

    /// An integer magnitude with a sign.
    pub fn from_integer(magnitude: u128, negative: bool, precision: i32) -> Self {
        if magnitude == 0 {
            return Self { negative, ..Self::zero(precision) };
        }
        let digits = magnitude.to_string().into_bytes();
        let scale = i32::try_from(digits.len()).unwrap_or(i32::MAX);
        Self { digits, scale, negative, precision }
    }

    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// The digit at `index` (an ASCII digit), or `None` past the end.
    pub fn digit(&self, index: usize) -> Option<u8> {
        self.digits.get(index).copied()
    }

    /// Rounds to `pos` significant digits, half away from zero on the digits held (the
    /// runtime's `RoundNumber`). Trailing zeros are dropped, and a number that rounds to
    /// zero loses its sign: this is why .NET Framework prints `-0.001` with `F2` as `0.00`.
    pub fn round(&mut self, pos: i32) {
        let len = self.digits.len();
        let mut i = usize::try_from(pos.max(0)).unwrap_or(0).min(len);
        let at_pos = i32::try_from(i).is_ok_and(|i| i == pos);
        if at_pos && i < len && self.digits[i] >= b'5' {
            while i > 0 && self.digits[i - 1] == b'9' {
                i -= 1;
            }
            if i > 0 {
                self.digits[i - 1] += 1;
            } else {
                self.scale = self.scale.saturating_add(1);
                self.digits[0] = b'1';
                i = 1;
            }
        } else {
            while i > 0 && self.digits[i - 1] == b'0' {
                i -= 1;
            }
        }
        if i == 0 {
            self.scale = 0;
            self.negative = false;
        }
        self.digits.truncate(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buf(digits: &str, scale: i32) -> NumberBuffer {
        NumberBuffer { digits: digits.as_bytes().to_vec(), scale, negative: true, precision: 15 }
    }

    #[test]
    fn round_table() {
        // (digits, scale, pos, expected digits, expected scale, negative kept)
        let cases = [
            ("125", 1, 2, "13", 1, true),
            ("124", 1, 2, "12", 1, true),
            ("999", 1, 2, "1", 2, true),
            ("100", 1, 5, "1", 1, true),
            ("5", -1, 0, "1", 0, true),
            ("4", -1, 0, "", 0, false),
            ("1", -2, -1, "", 0, false),
            ("123", 3, 10, "123", 3, true),
        ];
        for (digits, scale, pos, want, want_scale, negative) in cases {
            let mut b = buf(digits, scale);
            b.round(pos);
            assert_eq!(String::from_utf8(b.digits.clone()).unwrap(), want, "{digits} round {pos}");
            assert_eq!(b.scale, want_scale, "{digits} round {pos}");
            assert_eq!(b.negative, negative, "{digits} round {pos}");
        }
    }

    #[test]
    fn integers() {
        let b = NumberBuffer::from_integer(1200, true, 10);
        assert_eq!(b.digits, b"1200");
        assert_eq!(b.scale, 4);
        assert!(NumberBuffer::from_integer(0, false, 10).is_zero());
    }
}
