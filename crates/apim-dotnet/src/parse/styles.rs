//! `System.Globalization.NumberStyles`.

use std::ops::BitOr;

use crate::error::{DotNetError, Result};

/// Which parts a number string may have, as .NET's `NumberStyles` flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NumberStyles(pub u32);

impl NumberStyles {
    pub const NONE: Self = Self(0);
    pub const ALLOW_LEADING_WHITE: Self = Self(0x1);
    pub const ALLOW_TRAILING_WHITE: Self = Self(0x2);
    pub const ALLOW_LEADING_SIGN: Self = Self(0x4);
    pub const ALLOW_TRAILING_SIGN: Self = Self(0x8);
    pub const ALLOW_PARENTHESES: Self = Self(0x10);
    pub const ALLOW_DECIMAL_POINT: Self = Self(0x20);
    pub const ALLOW_THOUSANDS: Self = Self(0x40);
    pub const ALLOW_EXPONENT: Self = Self(0x80);
    pub const ALLOW_CURRENCY_SYMBOL: Self = Self(0x100);
    pub const ALLOW_HEX_SPECIFIER: Self = Self(0x200);
    /// Whitespace and a leading sign: what `Int32.Parse(string)` accepts.
    pub const INTEGER: Self = Self(0x7);
    pub const HEX_NUMBER: Self = Self(0x203);
    /// `Integer`, trailing sign, decimal point, thousands: what `Decimal.Parse(string)` accepts.
    pub const NUMBER: Self = Self(0x6F);
    /// `Integer`, decimal point, exponent.
    pub const FLOAT: Self = Self(0xA7);
    pub const CURRENCY: Self = Self(0x17F);
    pub const ANY: Self = Self(0x1FF);
    /// What `Double.Parse(string)` accepts: `Float | AllowThousands`.
    pub const FLOAT_AND_THOUSANDS: Self = Self(0xE7);

    /// Whether every flag of `other` is set.
    #[must_use]
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The runtime's `ValidateParseStyleInteger`.
    pub(crate) fn validate_integer(self) -> Result<()> {
        if self.0 & !0x3FF != 0 {
            return Err(DotNetError::argument("An undefined NumberStyles value is being used.", Some("style")));
        }
        if self.contains(Self::ALLOW_HEX_SPECIFIER) && self.0 & !Self::HEX_NUMBER.0 != 0 {
            return Err(DotNetError::argument(
                "With the AllowHexSpecifier bit set in the enum bit field, the only other valid bits that can be combined into the enum value must be a subset of those in HexNumber.",
                None,
            ));
        }
        Ok(())
    }

    /// The runtime's `ValidateParseStyleFloatingPoint`.
    pub(crate) fn validate_floating(self) -> Result<()> {
        if self.0 & !0x3FF != 0 {
            return Err(DotNetError::argument("An undefined NumberStyles value is being used.", Some("style")));
        }
        if self.contains(Self::ALLOW_HEX_SPECIFIER) {
            return Err(DotNetError::argument(
                "The number style AllowHexSpecifier is not supported on floating point data types.",
                None,
            ));
        }
        Ok(())
    }
}

impl BitOr for NumberStyles {
    type Output = Self;

    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}
