//! Decimal digits to `double` the way .NET Framework does it (the runtime's portable
//! `NumberToDouble`, used on x64 by `Double.Parse` and by the round-trip check of `R`).
//!
//! It is not correctly rounded: it reads at most the first 18 significant digits
//! (the rest are dropped, not rounded), then scales with 64-bit approximations of powers
//! of ten. .NET Core 3.0 replaced it with a correct algorithm; APIM runs .NET Framework,
//! so `Double.Parse` here reproduces the occasional last-bit difference on purpose.

/// Normalized 64-bit mantissas of 10^1..10^15, then of 10^-1..10^-15.
const POW10: [u64; 30] = [
    0xa000_0000_0000_0000,
    0xc800_0000_0000_0000,
    0xfa00_0000_0000_0000,
    0x9c40_0000_0000_0000,
    0xc350_0000_0000_0000,
    0xf424_0000_0000_0000,
    0x9896_8000_0000_0000,
    0xbebc_2000_0000_0000,
    0xee6b_2800_0000_0000,
    0x9502_f900_0000_0000,
    0xba43_b740_0000_0000,
    0xe8d4_a510_0000_0000,
    0x9184_e72a_0000_0000,
    0xb5e6_20f4_8000_0000,
    0xe35f_a931_a000_0000,
    0xcccc_cccc_cccc_cccd,
    0xa3d7_0a3d_70a3_d70b,
    0x8312_6e97_8d4f_df3c,
    0xd1b7_1758_e219_652e,
    0xa7c5_ac47_1b47_8425,
    0x8637_bd05_af6c_69b7,
    0xd6bf_94d5_e57a_42be,
    0xabcc_7711_8461_ceff,
    0x8970_5f41_36b4_a599,
    0xdbe6_fece_bded_d5c2,
    0xafeb_ff0b_cb24_ab02,
    0x8cbc_cc09_6f50_88cf,
    0xe12e_1342_4bb4_0e18,
    0xb424_dc35_095c_d813,
    0x901d_7cf7_3ab0_acdc,
];

/// Binary exponents shared by both halves of [`POW10`].
const POW10_EXP: [i32; 15] = [4, 7, 10, 14, 17, 20, 24, 27, 30, 34, 37, 40, 44, 47, 50];

/// Normalized mantissas of 10^16, 10^32, ... 10^336, then of their inverses.
const POW10_BY16: [u64; 42] = [
    0x8e1b_c9bf_0400_0000,
    0x9dc5_ada8_2b70_b59e,
    0xaf29_8d05_0e43_95d6,
    0xc278_1f49_ffcf_a6d4,
    0xd7e7_7a8f_87da_f7fa,
    0xefb3_ab16_c59b_14a0,
    0x850f_adc0_9923_329c,
    0x93ba_47c9_80e9_8cde,
    0xa402_b9c5_a8d3_a6e6,
    0xb616_a12b_7fe6_17a8,
    0xca28_a291_859b_bf90,
    0xe070_f78d_3927_5566,
    0xf92e_0c35_3782_6140,
    0x8a52_96ff_e33c_c92c,
    0x9991_a6f3_d6bf_1762,
    0xaa7e_ebfb_9df9_de8a,
    0xbd49_d14a_a79d_bc7e,
    0xd226_fc19_5c6a_2f88,
    0xe950_df20_247c_83f8,
    0x8184_2f29_f2cc_e373,
    0x8fca_c257_558e_e4e2,
    0xe695_94be_c44d_e160,
    0xcfb1_1ead_4539_94c3,
    0xbb12_7c53_b17e_c165,
    0xa87f_ea27_a539_e9b3,
    0x97c5_60ba_6b09_19b5,
    0x88b4_02f7_fd75_53ab,
    0xf643_35bc_f065_d3a0,
    0xddd0_467c_64bc_e4c4,
    0xc7ca_ba6e_7c53_82ed,
    0xb3f4_e093_db73_a0b7,
    0xa217_27db_38cb_0053,
    0x91ff_8377_5423_cc29,
    0x8380_dea9_3da4_bc82,
    0xece5_3cec_4a31_4f00,
    0xd560_5fcd_cf32_e217,
    0xc031_4325_637a_1978,
    0xad1c_8eab_5ee4_3ba2,
    0x9bec_ce62_836a_c5b0,
    0x8c71_dcd9_ba0b_495c,
    0xfd00_b897_4782_3938,
    0xe3e2_7a44_4d8d_991a,
];

const POW10_BY16_EXP: [i32; 21] =
    [54, 107, 160, 213, 266, 319, 373, 426, 479, 532, 585, 638, 691, 745, 798, 851, 904, 957, 1010, 1064, 1117];

fn digits_to_int(digits: &[u8]) -> u64 {
    digits.iter().fold(0u64, |acc, d| acc * 10 + u64::from(d - b'0'))
}

/// The high 64 bits of `a * b`, computed the lossy .NET way, renormalized.
fn mul64_lossy(a: u64, b: u64, exp: &mut i32) -> u64 {
    let (a_hi, a_lo) = (a >> 32, a & 0xFFFF_FFFF);
    let (b_hi, b_lo) = (b >> 32, b & 0xFFFF_FFFF);
    let mut val = a_hi * b_hi + ((a_hi * b_lo) >> 32) + ((a_lo * b_hi) >> 32);
    if val & 0x8000_0000_0000_0000 == 0 {
        val <<= 1;
        *exp -= 1;
    }
    val
}

/// `0.digits * 10^scale` (digits are ASCII, no leading zeros needed) as .NET Framework's
/// `NumberToDouble` computes it. Infinity means overflow; the caller decides what that is.
pub(crate) fn number_to_double(digits: &[u8], scale: i32, negative: bool) -> f64 {
    let sign = if negative { 0x8000_0000_0000_0000u64 } else { 0 };
    let start = digits.iter().position(|&d| d != b'0').unwrap_or(digits.len());
    let significant = &digits[start..];
    if significant.is_empty() {
        return f64::from_bits(sign);
    }
    let first = significant.len().min(9);
    let mut val = digits_to_int(&significant[..first]);
    let mut used = first;
    if significant.len() > first {
        let second = (significant.len() - first).min(9);
        val = val * 10u64.pow(u32::try_from(second).unwrap_or(0)) + digits_to_int(&significant[first..first + second]);
        used += second;
    }
    let consumed = i32::try_from(start + used).unwrap_or(i32::MAX);
    let scale = scale.saturating_sub(consumed);
    let abs_scale = scale.unsigned_abs();
    if abs_scale >= 22 * 16 {
        let bits = if scale > 0 { 0x7FF0_0000_0000_0000 } else { 0 };
        return f64::from_bits(bits | sign);
    }

    let mut exp: i32 = 64;
    let shift = val.leading_zeros();
    val <<= shift;
    exp -= i32::try_from(shift).unwrap_or(0);

    let index = usize::try_from(abs_scale & 15).unwrap_or(0);
    if index != 0 {
        let mult_exp = POW10_EXP[index - 1];
        exp += if scale < 0 { -mult_exp + 1 } else { mult_exp };
        let mult = POW10[index + if scale < 0 { 15 } else { 0 } - 1];
        val = mul64_lossy(val, mult, &mut exp);
    }
    let index = usize::try_from(abs_scale >> 4).unwrap_or(0);
    if index != 0 {
        let mult_exp = POW10_BY16_EXP[index - 1];
        exp += if scale < 0 { -mult_exp + 1 } else { mult_exp };
        let mult = POW10_BY16[index + if scale < 0 { 21 } else { 0 } - 1];
        val = mul64_lossy(val, mult, &mut exp);
    }

    // Round to 53 bits (the runtime's "IEEE round to even", including its carry quirk).
    if val & (1 << 10) != 0 {
        let mut tmp = val.wrapping_add((1 << 10) - 1).wrapping_add((val >> 11) & 1);
        if tmp < val {
            tmp = (tmp >> 1) | 0x8000_0000_0000_0000;
            exp += 1;
        }
        val = tmp;
    }

    exp += 0x3FE;
    let bits = if exp <= 0 {
        if exp == -52 && val >= 0x8000_0000_0000_0058 {
            1
        } else if exp <= -52 {
            0
        } else {
            val >> (-exp + 12)
        }
    } else if exp >= 0x7FF {
        0x7FF0_0000_0000_0000
    } else {
        (u64::try_from(exp).unwrap_or(0) << 52) + ((val >> 11) & 0x000F_FFFF_FFFF_FFFF)
    };
    f64::from_bits(bits | sign)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(digits: &str, scale: i32) -> f64 {
        number_to_double(digits.as_bytes(), scale, false)
    }

    #[test]
    fn common_values_are_exact() {
        let cases: &[(&str, i32, f64)] = &[
            ("1", 1, 1.0),
            ("1", 0, 0.1),
            ("3", 0, 0.3),
            ("15", 1, 1.5),
            ("123456789012345", 15, 123_456_789_012_345.0),
            ("30000000000000004", 0, 0.300_000_000_000_000_04),
            ("17976931348623157", 309, f64::MAX),
            ("22250738585072014", -307, 2.225_073_858_507_201_4e-308),
            ("49406564584124654", -323, 5e-324),
            ("1", 3, 100.0),
            ("1", 400, f64::INFINITY),
            ("1", -400, 0.0),
        ];
        for &(digits, scale, want) in cases {
            assert_eq!(parse(digits, scale).to_bits(), want.to_bits(), "0.{digits}e{scale}");
        }
    }

    #[test]
    fn only_eighteen_digits_count() {
        // The 19th and later digits are ignored, not rounded.
        assert_eq!(parse("1000000000000000009", 1), parse("100000000000000000", 1));
    }
}
