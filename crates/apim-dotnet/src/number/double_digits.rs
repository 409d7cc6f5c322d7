//! The first N significant decimal digits of a `double` (the runtime's `DoubleToNumber`).
//!
//! .NET Framework formats every `double` from a fixed number of significant digits: 15
//! (`DOUBLE_PRECISION`) for `ToString()`, `F`, `N`, `P`, `C`, `E` up to `E14`, `G` up to `G15`
//! and custom formats; 17 for `E15`+, `G16`+ and the second try of `R`. The digits are the
//! exact binary value rounded at that digit, half away from zero (the C runtime's `_ecvt`,
//! which .NET Framework calls; Mono 6.8 does the same). Everything after that works on
//! those digits, which is why `(1.005).ToString("F2")` is `"1.01"` on .NET Framework (15
//! digits give `100500000000000`) and `"1.00"` on .NET Core 3.0+ (which rounds the exact
//! binary value `1.00499999999999989...`).

use super::buffer::NumberBuffer;

/// The `precision` leading digits of finite `value`. Zero gives an empty buffer with its
/// sign kept (formatting drops it).
pub(crate) fn double_to_number(value: f64, precision: i32) -> NumberBuffer {
    let negative = value.is_sign_negative();
    if value == 0.0 || !value.is_finite() {
        return NumberBuffer { negative, ..NumberBuffer::zero(precision) };
    }
    let (mut digits, mut scale) = exact_digits(value.abs());
    let count = usize::try_from(precision.max(1)).unwrap_or(1);
    if digits.len() > count {
        let round_up = digits[count] >= b'5';
        digits.truncate(count);
        if round_up {
            let mut i = count;
            while i > 0 && digits[i - 1] == b'9' {
                digits[i - 1] = b'0';
                i -= 1;
            }
            if i == 0 {
                digits.insert(0, b'1');
                digits.truncate(count);
                scale += 1;
            } else {
                digits[i - 1] += 1;
            }
        }
    }
    digits.resize(count, b'0');
    NumberBuffer { digits, scale, negative, precision }
}

/// All significant digits of the exact value of positive finite `value`, and the decimal
/// exponent `scale` with `value = 0.digits * 10^scale`.
fn exact_digits(value: f64) -> (Vec<u8>, i32) {
    let bits = value.to_bits();
    let biased = i32::try_from((bits >> 52) & 0x7FF).unwrap_or(0);
    let fraction = bits & ((1u64 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 { (fraction, -1074) } else { (fraction | (1u64 << 52), biased - 1075) };
    // value = mantissa * 2^exponent
    let mut big = BigUint::from_u64(mantissa);
    let mut decimals = 0i32;
    if exponent >= 0 {
        big.shl(u32::try_from(exponent).unwrap_or(0));
    } else {
        // mantissa / 2^k = mantissa * 5^k / 10^k
        let k = exponent.unsigned_abs();
        let mut remaining = k;
        while remaining >= 13 {
            big.mul_small(1_220_703_125); // 5^13
            remaining -= 13;
        }
        big.mul_small(5u32.pow(remaining));
        decimals = i32::try_from(k).unwrap_or(i32::MAX);
    }
    let mut digits = big.into_decimal();
    let scale = i32::try_from(digits.len()).unwrap_or(i32::MAX) - decimals;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, scale)
}

/// Just enough of an unsigned big integer for exact float-to-decimal conversion.
struct BigUint {
    /// Little-endian base-2^32 limbs.
    limbs: Vec<u32>,
}

impl BigUint {
    fn from_u64(value: u64) -> Self {
        // Truncation is the point: split into 32-bit limbs.
        #[allow(clippy::cast_possible_truncation)]
        let limbs = vec![value as u32, (value >> 32) as u32];
        let mut big = Self { limbs };
        big.trim();
        big
    }

    fn trim(&mut self) {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
    }

    fn mul_small(&mut self, factor: u32) {
        let mut carry = 0u64;
        for limb in &mut self.limbs {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            #[allow(clippy::cast_possible_truncation)]
            {
                *limb = product as u32;
            }
            carry = product >> 32;
        }
        if carry != 0 {
            #[allow(clippy::cast_possible_truncation)]
            self.limbs.push(carry as u32);
        }
    }

    fn shl(&mut self, bits: u32) {
        let words = usize::try_from(bits / 32).unwrap_or(0);
        let rest = bits % 32;
        if rest != 0 {
            let mut carry = 0u32;
            for limb in &mut self.limbs {
                let next = *limb >> (32 - rest);
                *limb = (*limb << rest) | carry;
                carry = next;
            }
            if carry != 0 {
                self.limbs.push(carry);
            }
        }
        if words > 0 && !self.limbs.is_empty() {
            self.limbs.splice(0..0, std::iter::repeat_n(0, words));
        }
    }

    /// Divides in place by `divisor`, returning the remainder.
    fn div_small(&mut self, divisor: u32) -> u32 {
        let mut remainder = 0u64;
        for limb in self.limbs.iter_mut().rev() {
            let current = (remainder << 32) | u64::from(*limb);
            #[allow(clippy::cast_possible_truncation)]
            {
                *limb = (current / u64::from(divisor)) as u32;
            }
            remainder = current % u64::from(divisor);
        }
        self.trim();
        #[allow(clippy::cast_possible_truncation)]
        let remainder = remainder as u32;
        remainder
    }

    fn into_decimal(mut self) -> Vec<u8> {
        let mut chunks = Vec::new();
        while !self.limbs.is_empty() {
            chunks.push(self.div_small(1_000_000_000));
        }
        let mut out = String::new();
        for (i, chunk) in chunks.iter().rev().enumerate() {
            if i == 0 {
                out.push_str(&chunk.to_string());
            } else {
                out.push_str(&format!("{chunk:09}"));
            }
        }
        out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(value: f64, precision: i32) -> (String, i32) {
        let n = double_to_number(value, precision);
        (String::from_utf8(n.digits).unwrap(), n.scale)
    }

    #[test]
    fn fifteen_digits() {
        let cases: &[(f64, &str, i32)] = &[
            (0.1 + 0.2, "300000000000000", 0),
            (1.0 / 3.0, "333333333333333", 0),
            (1.005, "100500000000000", 1),
            (123_456_789_012_345_680.0, "123456789012346", 18),
            (1e21, "100000000000000", 22),
            (0.0001, "100000000000000", -3),
            (5e-324, "494065645841247", -323),
            (f64::MAX, "179769313486232", 309),
            (999_999_999_999_999.9, "100000000000000", 16),
            // An exact tie at the 16th digit rounds away from zero (as Mono and _ecvt do).
            (1_234_567_890_123_445.0, "123456789012345", 16),
        ];
        for &(value, want, scale) in cases {
            assert_eq!(digits(value, 15), (want.to_owned(), scale), "{value:e}");
        }
    }

    #[test]
    fn seventeen_digits() {
        assert_eq!(digits(0.1, 17), ("10000000000000001".to_owned(), 0));
        assert_eq!(digits(0.1 + 0.2, 17), ("30000000000000004".to_owned(), 0));
    }

    #[test]
    fn zero_keeps_sign_only() {
        let n = double_to_number(-0.0, 15);
        assert!(n.is_zero());
        assert!(n.negative);
    }
}
