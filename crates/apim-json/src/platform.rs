//! What depends on the machine and the runtime rather than on Newtonsoft: the newline,
//! number and date formatting under the current culture, `DateTime.Parse`, the local
//! time zone.

use crate::datetime::{self, DateTime};
use crate::number::{self, NumberFlavor};

/// Which culture a conversion uses: `JValue.ToString()` formats with the current
/// culture, the explicit casts and `Value<T>()` with the invariant culture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Culture {
    /// `CultureInfo.CurrentCulture`.
    Current,
    /// `CultureInfo.InvariantCulture`.
    Invariant,
}

/// The hooks through which machine- and runtime-dependent behaviour enters. Every method
/// has a default reproducing the APIM gateway: .NET Framework number formatting,
/// invariant-looking current culture, UTC as the local time zone, `"\r\n"` newlines.
///
/// A date and number formatting crate (apim-dotnet) can implement this trait to supply
/// full .NET culture behaviour.
pub trait Platform {
    /// `Environment.NewLine`, used between lines by `ToString()` (indented JSON). .NET
    /// Framework on Windows (APIM): `"\r\n"`; Mono and .NET on Linux: `"\n"`.
    fn new_line(&self) -> &str {
        "\r\n"
    }

    /// Which runtime's `double` formatting to reproduce.
    fn number_flavor(&self) -> NumberFlavor {
        NumberFlavor::Framework
    }

    /// `double.ToString("R", CultureInfo.InvariantCulture)`: what the JSON writer uses.
    fn double_round_trip(&self, value: f64) -> String {
        number::format_round_trip(value, self.number_flavor())
    }

    /// `double.ToString()` under `culture` (`JValue.ToString()`, `(string)token`).
    fn double_to_string(&self, value: f64, culture: Culture) -> String {
        let _ = culture;
        number::format_general_default(value, self.number_flavor())
    }

    /// `DateTime.ToString()` under `culture` (`JValue.ToString()` of a date uses the
    /// current culture, `(string)token` the invariant one). Default: the invariant
    /// culture's `MM/dd/yyyy HH:mm:ss` for both.
    fn date_to_string(&self, value: DateTime, culture: Culture) -> String {
        let _ = culture;
        value.to_invariant_string()
    }

    /// `DateTime.Parse(s, CultureInfo.InvariantCulture)` (`Value<DateTime>()` and
    /// `(DateTime)token` of a string).
    ///
    /// # Errors
    /// The `FormatException` message.
    fn parse_date(&self, s: &str) -> Result<DateTime, String> {
        datetime::parse_invariant(s, &|utc| self.utc_to_local(utc))
    }

    /// `TimeZoneInfo.Local` offset, in ticks, for the given UTC instant. APIM runs in UTC.
    fn local_offset_ticks(&self, utc_ticks: i64) -> i64 {
        let _ = utc_ticks;
        0
    }

    /// UTC ticks to local ticks (`DateTime.ToLocalTime`).
    fn utc_to_local(&self, utc_ticks: i64) -> i64 {
        utc_ticks.saturating_add(self.local_offset_ticks(utc_ticks))
    }
}

/// The APIM gateway: .NET Framework formatting, UTC, and a configurable newline
/// (`"\r\n"` by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StdPlatform {
    /// `Environment.NewLine`.
    pub new_line: &'static str,
    /// Number formatting flavour.
    pub flavor: NumberFlavor,
}

impl Default for StdPlatform {
    fn default() -> Self {
        Self { new_line: "\r\n", flavor: NumberFlavor::Framework }
    }
}

impl StdPlatform {
    /// APIM: .NET Framework on Windows, `"\r\n"`.
    pub const APIM: StdPlatform = StdPlatform { new_line: "\r\n", flavor: NumberFlavor::Framework };
    /// Mono on Linux: Framework formatting with `"\n"` (what the differential test runs).
    pub const MONO: StdPlatform = StdPlatform { new_line: "\n", flavor: NumberFlavor::Framework };
}

impl Platform for StdPlatform {
    fn new_line(&self) -> &str {
        self.new_line
    }

    fn number_flavor(&self) -> NumberFlavor {
        self.flavor
    }
}
