//! Differential test: the same values formatted and parsed by this crate and by Mono.
//!
//! Generates one C# program printing every case, compiles it with `mcs`, runs it with
//! `mono` under `TZ=UTC` (our local time zone is UTC) and compares line by line. Mono 6.8
//! uses the .NET Framework-compatible number formatting (15 significant digits), so it is
//! a good oracle; where Mono and .NET Framework are known to differ, `KNOWN_DIFFERENCES`
//! holds the .NET Framework value, which this crate must produce instead.
//!
//! Without `mcs`/`mono` the test prints `SKIPPED` and passes, except under CI (`CI` set),
//! where it fails. `scripts/install-test-prereqs` installs them.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Command;

use apim_dotnet::{
    DateTime, DateTimeKind, DateTimeStyles, Decimal, DotNetError, Guid, TimeSpan, bool_parse, convert_to_int32_f64,
    decimal_add, decimal_div, decimal_from_double, decimal_mul, decimal_parse, decimal_rem, decimal_sub,
    decimal_to_double, decimal_to_string, double_parse, double_to_string, double_to_string_roundtrip, format_decimal,
    format_double, format_float, format_int32, format_int64, format_uint64, int32_parse, int64_parse, uint64_parse,
};

/// Cases where Mono 6.8 and .NET Framework 4.x disagree: (label, .NET Framework output).
/// This crate must print the .NET Framework value; Mono's value is not compared.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    // Mono prints the resource key instead of the message.
    (
        "DateTime.Parse(\"abc\")",
        "!System.FormatException: The string was not recognized as a valid DateTime. There is an unknown word starting at index 0.",
    ),
    (
        "DateTime.Parse(\"Jan 1st 2024\")",
        "!System.FormatException: The string was not recognized as a valid DateTime. There is an unknown word starting at index 5.",
    ),
    // Mono puts the input where .NET Framework names the calendar.
    (
        "DateTime.Parse(\"2024-01-15T25:00:00\")",
        "!System.FormatException: The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.",
    ),
    (
        "DateTime.Parse(\"2024-02-30T10:30\")",
        "!System.FormatException: The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.",
    ),
    (
        "DateTime.Parse(\"2024-01-15 25:00\")",
        "!System.FormatException: The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.",
    ),
    (
        "DateTime.Parse(\"2024-01-15T24:00:00\")",
        "!System.FormatException: The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.",
    ),
    (
        "DateTime.Parse(\"1/15/2024 10:60\")",
        "!System.FormatException: The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.",
    ),
    (
        "DateTime.Parse(\"Sept 15 2024\")",
        "!System.FormatException: The string was not recognized as a valid DateTime. There is an unknown word starting at index 0.",
    ),
    (
        "DateTime.Parse(\"2024-01-15 10:30:00 EST\")",
        "!System.FormatException: The string was not recognized as a valid DateTime. There is an unknown word starting at index 20.",
    ),
    // .NET Framework's VarDecDiv (oleaut32) always strips trailing zeros from a quotient;
    // Mono (like .NET Core 3.0+) keeps the natural scale when the first division is exact.
    ("1.50 / 0.1", "15"),
    ("1.50 / 3", "0.5"),
    ("1.00 / 0.1", "10"),
    // .NET Framework's Decimal.Remainder is `a' - Truncate(a' / b) * b` with `a' = a - b`
    // (reference source, decimal.cs); at decimal.MaxValue the intermediate rounding loses the
    // scale, or overflows. Mono computes the remainder exactly, as .NET Core 3.0+ does.
    ("79228162514264337593543950335 % 1.50", "0"),
    (
        "79228162514264337593543950335 % 0.1",
        "!System.OverflowException: Value was either too large or too small for a Decimal.",
    ),
    ("79228162514264337593543950335 % -2.5", "0"),
    ("79228162514264337593543950335 % 1.00", "0"),
    (
        "79228162514264337593543950335 % 0.0000000000000000000000000001",
        "!System.OverflowException: Value was either too large or too small for a Decimal.",
    ),
    // The wording of .NET Framework's resource strings (Mono rephrases them).
    (
        "DateTime.ParseExact(\"2024 2025\", \"yyyy yyyy\", 0)",
        "!System.FormatException: DateTime pattern 'y' appears more than one time with different values.",
    ),
    (
        "Guid.Empty.ToString(\"Z\")",
        "!System.FormatException: Format String can be only \"D\", \"d\", \"N\", \"n\", \"P\", \"p\", \"B\", \"b\", \"X\" or \"x\".",
    ),
    (
        "DateTime.ParseExact(\"2024-02-30\", \"yyyy-MM-dd\", 0)",
        "!System.FormatException: The DateTime represented by the string is not supported in calendar System.Globalization.GregorianCalendar.",
    ),
];

struct Check {
    label: String,
    csharp: String,
    ours: String,
}

fn show<T>(result: Result<T, DotNetError>, f: impl FnOnce(T) -> String) -> String {
    match result {
        Ok(v) => f(v),
        Err(e) => format!("!{}: {}", e.kind.type_name(), e.message),
    }
}

fn cs_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.encode_utf16() {
        let ch = char::from_u32(u32::from(c)).unwrap_or('?');
        if ch.is_ascii_alphanumeric() || " .,:;-+/#%'()[]{}_$*".contains(ch) {
            out.push(ch);
        } else {
            let _ = write!(out, "\\u{c:04X}");
        }
    }
    out.push('"');
    out
}

fn cs_double(v: f64) -> String {
    format!("D(0x{:016X}UL)", v.to_bits())
}

fn double_repr(v: f64) -> String {
    if v.is_nan() { "NaN".to_owned() } else { format!("{:016X}", v.to_bits()) }
}

fn kind_name(k: DateTimeKind) -> &'static str {
    match k {
        DateTimeKind::Unspecified => "Unspecified",
        DateTimeKind::Utc => "Utc",
        DateTimeKind::Local => "Local",
    }
}

fn dt_repr(d: DateTime) -> String {
    format!("{} {}", d.ticks(), kind_name(d.kind()))
}

/// A deterministic stream of "random" numbers (an LCG), so the case list never changes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0
    }
}

const DOUBLES: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.1,
    0.2,
    0.3,
    0.7,
    1.1,
    1.5,
    2.5,
    1.005,
    2.675,
    4.35,
    0.015,
    12.345,
    1234.5,
    1234.5678,
    -1234.5678,
    100.0,
    1e14,
    1e15,
    1e16,
    1e17,
    1e21,
    1e100,
    1e-4,
    1e-5,
    1e-7,
    1e-100,
    1.5e300,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    2.2250738585072014e-308,
    5e-324,
    1e-320,
    2.220446049250313e-16,
    std::f64::consts::PI,
    std::f64::consts::E,
    42.0,
    -42.42,
    0.5,
    0.125,
    0.375,
    0.045,
    1e23,
    123_456_789.123_456_78,
    0.000_123_456,
    0.000_012_345,
    99_999_999_999_999.99,
    999_999_999_999_999.4,
    9_999_999_999_999_999.0,
    123_456_789_012_345_680.0,
    12_345_678_901_234_567_890.0,
    9_007_199_254_740_993.0,
    1_234_567_890_123_445.0,
    1_234_567_890_123_455.0,
    2_147_483_647.0,
    -2_147_483_648.0,
    4_294_967_296.0,
    0.123_456_789_012_345_67,
    3.3,
    110.00000000000001,
    435.0,
    0.30000000000000004,
    0.3333333333333333,
    0.6666666666666666,
    0.14285714285714285,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
];

const DOUBLE_FORMATS: &[&str] = &[
    "",
    "R",
    "G",
    "G2",
    "G5",
    "G15",
    "G16",
    "G17",
    "g4",
    "F",
    "F0",
    "F1",
    "F2",
    "F5",
    "N",
    "N0",
    "N3",
    "E",
    "E0",
    "E2",
    "e10",
    "E14",
    "E16",
    "P",
    "P0",
    "P1",
    "C",
    "C0",
    "0",
    "0.00",
    "#,##0.##",
    "0%",
    "000",
    "#.#",
    "#",
    "0;(0);zero",
    "0.00;(0.00)",
    "0.0E+00",
    "0.###e-0",
    "#,##0,K",
    "'x'0.0'y'",
    "0.0\u{2030}",
    "D",
    "X",
    "F100",
];

fn number_checks(out: &mut Vec<Check>) {
    let mut push = |label: String, csharp: String, ours: String| out.push(Check { label, csharp, ours });
    for &v in DOUBLES {
        for &f in DOUBLE_FORMATS {
            push(
                format!("({v:e}).ToString({f:?})"),
                format!("{}.ToString({}, Inv)", cs_double(v), cs_str(f)),
                show(format_double(v, f), |s| s),
            );
        }
    }
    // Random doubles: bit patterns and short decimal fractions.
    let mut lcg = Lcg(0x5EED);
    for i in 0..300 {
        let v = if i % 2 == 0 {
            f64::from_bits(lcg.next() >> 1 | (lcg.next() & 0x8000_0000_0000_0000))
        } else {
            #[allow(clippy::cast_precision_loss)]
            let n = (lcg.next() % 2_000_000_000) as f64;
            n / [1.0, 10.0, 100.0, 1000.0, 3.0, 7.0][usize::try_from(lcg.next() % 6).unwrap()]
        };
        if !v.is_finite() {
            continue;
        }
        for f in ["", "R", "F2", "E3", "N1", "G17", "0.00"] {
            push(
                format!("rand {v:e} {f}"),
                format!("{}.ToString({}, Inv)", cs_double(v), cs_str(f)),
                show(format_double(v, f), |s| s),
            );
        }
        push(
            format!("parse R {v:e}"),
            format!("Bits(double.Parse({}.ToString(\"R\", Inv), Inv))", cs_double(v)),
            show(double_parse(&double_to_string_roundtrip(v)), double_repr),
        );
        push(
            format!("parse G {v:e}"),
            format!("Bits(double.Parse({}.ToString(Inv), Inv))", cs_double(v)),
            show(double_parse(&double_to_string(v)), double_repr),
        );
    }
    for &v in &[0.1f32, 1.5, 1.0 / 3.0, 16_777_216.0 * 8.0, f32::MAX, -0.0, 2.5, 2.71, 1e-10, 123_456.79] {
        for f in ["", "R", "G9", "F2", "E", "0.000"] {
            push(
                format!("float {v:e} {f}"),
                format!("F(0x{:08X}U).ToString({}, Inv)", v.to_bits(), cs_str(f)),
                show(format_float(v, f), |s| s),
            );
        }
    }
    let ints: &[i32] = &[0, 1, -1, 42, -42, 255, 1234, -1234, 1_234_567, i32::MAX, i32::MIN, 50, 7];
    for &v in ints {
        for f in [
            "", "D", "D5", "X", "x8", "N", "N0", "F1", "E2", "G2", "g3", "P", "C", "C0", "0.00", "#,##0", "000", "#",
            "0;(0);-", "0%", "R", "F100",
        ] {
            let lit = if v == i32::MIN { "int.MinValue".to_owned() } else { format!("({v})") };
            push(
                format!("int {v} {f}"),
                format!("{lit}.ToString({}, Inv)", cs_str(f)),
                show(format_int32(v, f), |s| s),
            );
        }
    }
    for &v in &[0i64, -1, i64::MIN, i64::MAX, 1_234_567_890_123] {
        for f in ["", "X", "N0", "D20", "E"] {
            let lit = if v == i64::MIN { "long.MinValue".to_owned() } else { format!("({v}L)") };
            push(
                format!("long {v} {f}"),
                format!("{lit}.ToString({}, Inv)", cs_str(f)),
                show(format_int64(v, f), |s| s),
            );
        }
    }
    for f in ["", "x", "N0"] {
        push(
            format!("ulong max {f}"),
            format!("ulong.MaxValue.ToString({}, Inv)", cs_str(f)),
            show(format_uint64(u64::MAX, f), |s| s),
        );
    }

    let decimals = [
        "1.50",
        "0.00",
        "-0.00",
        "100",
        "-1.50",
        "12.345",
        "0.0000001",
        "79228162514264337593543950335",
        "1234567.891",
        "0.5",
        "-0.001",
        "1.0000000000000000000000000001",
        "0.00000000000000000000000000015",
        "0.00000000000000000000000000025",
        "1,234.5",
        "1.5-",
        " 7 ",
        "1e3",
        "abc",
        "79228162514264337593543950336",
    ];
    for s in decimals {
        for f in ["", "F2", "N", "G", "G3", "G29", "E", "P", "C", "0.0", "#,##0.###", "R", "X"] {
            push(
                format!("decimal {s:?} {f}"),
                format!("decimal.Parse({}, NumberStyles.Number, Inv).ToString({}, Inv)", cs_str(s), cs_str(f)),
                show(decimal_parse(s).and_then(|d| format_decimal(&d, f)), |s| s),
            );
        }
    }
    let operands = [
        "1.50",
        "0.1",
        "3",
        "-2.5",
        "1.00",
        "0",
        "79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "7",
    ];
    for a in operands {
        for b in operands {
            for (op, f) in [
                ('+', decimal_add as fn(Decimal, Decimal) -> apim_dotnet::Result<Decimal>),
                ('-', decimal_sub),
                ('*', decimal_mul),
                ('/', decimal_div),
                ('%', decimal_rem),
            ] {
                let ours = decimal_parse(a).and_then(|x| decimal_parse(b).and_then(|y| f(x, y)));
                push(
                    format!("{a} {op} {b}"),
                    format!("(decimal.Parse({}, Inv) {op} decimal.Parse({}, Inv)).ToString(Inv)", cs_str(a), cs_str(b)),
                    show(ours, |d| decimal_to_string(&d)),
                );
            }
        }
        push(
            format!("(double){a}m"),
            format!("Bits((double)decimal.Parse({}, Inv))", cs_str(a)),
            show(decimal_parse(a), |d| double_repr(decimal_to_double(&d))),
        );
    }
    for &v in &[0.1, 1.0 / 3.0, 100.0, -2.5e-5, 1e20, 1e28, 1e29, 123_456.789_012_345_6, 5e-29, f64::NAN] {
        push(
            format!("(decimal){v:e}"),
            format!("((decimal){}).ToString(Inv)", cs_double(v)),
            show(decimal_from_double(v), |d| decimal_to_string(&d)),
        );
    }

    let int_inputs = [
        "0",
        "42",
        "  42  ",
        "\t-42\r\n",
        "+42",
        "-0",
        "007",
        "2147483647",
        "-2147483648",
        "2147483648",
        "-2147483649",
        "99999999999999999999",
        "",
        " ",
        "abc",
        "1.0",
        "1,000",
        "1e3",
        "- 1",
        "1-",
        "--1",
        "0x10",
        "\u{a0}1",
        "1\0",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "18446744073709551615",
        "-1",
    ];
    for s in int_inputs {
        push(
            format!("int.Parse({s:?})"),
            format!("int.Parse({}, Inv).ToString(Inv)", cs_str(s)),
            show(int32_parse(s), |v| v.to_string()),
        );
        push(
            format!("long.Parse({s:?})"),
            format!("long.Parse({}, Inv).ToString(Inv)", cs_str(s)),
            show(int64_parse(s), |v| v.to_string()),
        );
        push(
            format!("ulong.Parse({s:?})"),
            format!("ulong.Parse({}, Inv).ToString(Inv)", cs_str(s)),
            show(uint64_parse(s), |v| v.to_string()),
        );
    }
    let double_inputs = [
        "0",
        "1e3",
        "  1.5 ",
        "-1.5",
        "+.5",
        "5.",
        "1,000",
        "1,000,000.25",
        "1,2,3",
        "0.1",
        "0.30000000000000004",
        "1.7976931348623157E+308",
        "1.7976931348623158E+308",
        "4.94065645841247E-324",
        "2.4703282292062328E-324",
        "1E-400",
        "1e400",
        "1.8e308",
        "Infinity",
        " -Infinity ",
        "infinity",
        "+Infinity",
        "NaN",
        "",
        ",",
        "1,",
        ",1",
        "1.2.3",
        "1e",
        "e5",
        "0x10",
        "1_000",
        "1.5f",
        "-0",
        "123456789012345678901234567890",
        "0.1000000000000000055511151231257827",
        "9007199254740993",
        "1.00000000000000011102230246251565404236316680908203125",
        "2.2250738585072011e-308",
        "8.98846567431158e307",
    ];
    for s in double_inputs {
        push(
            format!("double.Parse({s:?})"),
            format!("Bits(double.Parse({}, Inv))", cs_str(s)),
            show(double_parse(s), double_repr),
        );
    }
    for s in ["true", "True", "TRUE", "  false  ", "\u{a0}False\u{3000}", "false\0", "1", "yes", "", "tr ue"] {
        push(
            format!("bool.Parse({s:?})"),
            format!("bool.Parse({}).ToString()", cs_str(s)),
            show(bool_parse(s), |b| if b { "True".to_owned() } else { "False".to_owned() }),
        );
    }
    for &v in &[
        0.5,
        1.5,
        2.5,
        -0.5,
        -1.5,
        -2.5,
        2.4999,
        2.5001,
        2_147_483_647.4,
        2_147_483_647.5,
        -2_147_483_648.5,
        -2_147_483_648.6,
        f64::NAN,
        1e10,
    ] {
        push(
            format!("Convert.ToInt32({v:e})"),
            format!("Convert.ToInt32({}).ToString(Inv)", cs_double(v)),
            show(convert_to_int32_f64(v), |v| v.to_string()),
        );
    }
}

fn datetime_checks(out: &mut Vec<Check>) {
    let mut push = |label: String, csharp: String, ours: String| out.push(Check { label, csharp, ours });
    let kinds =
        [(DateTimeKind::Unspecified, "Unspecified"), (DateTimeKind::Utc, "Utc"), (DateTimeKind::Local, "Local")];
    let samples = [
        DateTime::new(2024, 3, 5, 14, 7, 9, 123).unwrap().add_ticks(4567).unwrap(),
        DateTime::new(2024, 12, 31, 0, 0, 0, 0).unwrap(),
        DateTime::new(1999, 1, 1, 12, 30, 5, 0).unwrap(),
        DateTime::MIN_VALUE,
        DateTime::MAX_VALUE,
        DateTime::new(7, 7, 7, 7, 7, 7, 70).unwrap(),
    ];
    let formats = [
        "",
        "d",
        "D",
        "f",
        "F",
        "g",
        "G",
        "m",
        "M",
        "o",
        "O",
        "r",
        "R",
        "s",
        "t",
        "T",
        "u",
        "U",
        "y",
        "Y",
        "yyyy-MM-dd",
        "yy/M/d",
        "%y",
        "yyyyy",
        "MMM ddd dddd MMMM",
        "hh:mm tt",
        "h t",
        "HH H hhh",
        "ss.fff",
        "ss.fffffff",
        "ss.FFFF",
        "HH:mm:ss.FFF",
        "K",
        "'Year' yyyy",
        "\"at\" HH",
        "\\y\\e\\a\\r",
        "gg",
        "dd' 'MMMM' 'yyyy",
        "yyyy-MM-ddTHH:mm:ssK",
        "x",
        "H",
        "%",
        "fffffffff",
        "'abc",
        "MM/dd/yyyy HH:mm:ss.fffffffK",
    ];
    for d in samples {
        for (kind, kind_cs) in kinds {
            let d = d.specify_kind(kind);
            for f in formats {
                push(
                    format!("{} {kind_cs} {f:?}", d.ticks()),
                    format!("new DateTime({}L, DateTimeKind.{kind_cs}).ToString({}, Inv)", d.ticks(), cs_str(f)),
                    show(d.format(f), |s| s),
                );
            }
        }
    }
    let base = DateTime::new(2024, 1, 31, 10, 0, 0, 0).unwrap();
    let values = [0.0004, 0.0005, -0.0005, 1.5, -1.5, 0.1, 1e-9, 1e300, 100_000.0, f64::NAN];
    for v in values {
        for (name, f) in [
            ("AddMilliseconds", DateTime::add_milliseconds as fn(DateTime, f64) -> apim_dotnet::Result<DateTime>),
            ("AddSeconds", DateTime::add_seconds),
            ("AddMinutes", DateTime::add_minutes),
            ("AddHours", DateTime::add_hours),
            ("AddDays", DateTime::add_days),
        ] {
            push(
                format!("{name}({v:e})"),
                format!("DT(new DateTime({}L).{name}({}))", base.ticks(), cs_double(v)),
                show(f(base, v), dt_repr),
            );
        }
    }
    for m in [1, -2, -13, 12, 120_001, 95_000] {
        push(
            format!("AddMonths({m})"),
            format!("DT(new DateTime({}L).AddMonths({m}))", base.ticks()),
            show(base.add_months(m), dt_repr),
        );
    }
    for y in [1, -2023, 7975, 10_001] {
        push(
            format!("AddYears({y})"),
            format!("DT(new DateTime({}L).AddYears({y}))", base.ticks()),
            show(base.add_years(y), dt_repr),
        );
    }
    push(
        "MaxValue.AddTicks(1)".into(),
        "DT(DateTime.MaxValue.AddTicks(1))".into(),
        show(DateTime::MAX_VALUE.add_ticks(1), dt_repr),
    );
    push(
        "MinValue - 1 tick".into(),
        "DT(DateTime.MinValue - new TimeSpan(1))".into(),
        show(DateTime::MIN_VALUE.subtract(TimeSpan::from_ticks(1)), dt_repr),
    );
    push(
        "new DateTime(2023, 2, 29)".into(),
        "DT(new DateTime(2023, 2, 29))".into(),
        show(DateTime::from_date(2023, 2, 29), dt_repr),
    );
    push(
        "new DateTime(2024,1,1,24,0,0)".into(),
        "DT(new DateTime(2024, 1, 1, 24, 0, 0))".into(),
        show(DateTime::new(2024, 1, 1, 24, 0, 0, 0), dt_repr),
    );
    push("props".into(), format!("P(new DateTime({}L))", samples[0].ticks()), {
        let d = samples[0];
        format!(
            "{} {} {} {} {} {} {} {} {} {}",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second(),
            d.millisecond(),
            d.day_of_week().name(),
            d.day_of_year(),
            d.time_of_day()
        )
    });

    let parse_inputs = [
        "2024-01-15",
        "2024-01-15T10:30:00",
        "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.1234567+02:00",
        "2024-01-15 10:30:00",
        "01/15/2024",
        "1/2/2024",
        "2024/01/15",
        "15 Jan 2024",
        "Jan 15, 2024",
        "January 15, 2024",
        "Mon, 15 Jan 2024 10:30:00 GMT",
        "Tue, 15 Jan 2024 10:30:00 GMT",
        "2024-13-01",
        "2023-02-30",
        "13/01/2024",
        "2024-01-15T25:00:00",
        "2024-01-15T10:30:00 PM",
        "2024-01-15 10:30 PM",
        "2024-01-15 12:30 AM",
        "2024-01-15 13:30 PM",
        "2024-01-15 10 PM",
        "2024-01-15T10:30:00UTC",
        "2024-01-15T10:30:00+0200",
        "2024-01-15T10:30:00+02",
        "2024-01-15T10:30:00.123456789",
        "2024-01-15T10:30:00.12345675",
        "January 2024",
        "2024 January",
        "2024-01",
        "01/2024",
        "15.01.2024",
        "2024.01.15",
        "15-Jan-2024",
        "20240115",
        "Monday, 15 January 2024 10:30:00",
        "2024-1-5 1:2:3",
        "   2024-01-15   ",
        "2024-01-15T10:30:00ZZ",
        "1/15/24",
        "1/15/30",
        "2024-01-15T24:00:00",
        "abc",
        "",
        "2024-01-15 GMT",
        "2024-01-15T10:30:00 GMT+02:00",
        "15 January",
        "2024-01-15T10:30",
        "2024-01-15T10",
        "Sat, 01 Jan 0001 00:00:00 GMT",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        "2024-01-15 10:30:00 +02:00",
        "10/11/12",
        "Feb 29 2023",
        "2024-01-15T10:30:00.5Z",
        "2024-01-15t10:30:00z",
        "JANUARY 15 2024",
        "Sept 15 2024",
        "2024-01-15T10:30:00+14:00",
        "2024-01-15T10:30:00+15:00",
        "1/15/2024 10:30:00 AM",
        "2024-01-15Z",
        "2024-01-15T10:30:00 +02",
        "Mon 15 Jan 2024",
        "2024 15 Jan",
        "Jan 1st 2024",
        "2024-01-15T10:30:00+002",
        "2024-01-15T10:30:00-2",
        "2024-01-15 T 10:30",
        "12:00 AM 1/1/2024",
        "2024-01-15 GMT 10:30",
        "2024-01-15T10:30:59.9999999999",
        "2024-02-30T10:30",
        "2024-1-5T1:2:3",
        "2024-01-15 25:00",
        "1/15/2024 10:60",
        "2024-01-15 10:30:00 EST",
        "-2024-01-15",
    ];
    for s in parse_inputs {
        push(
            format!("DateTime.Parse({s:?})"),
            format!("DT(DateTime.Parse({}, Inv))", cs_str(s)),
            show(DateTime::parse(s, base), dt_repr),
        );
    }
    for (style, name) in [
        (DateTimeStyles::ROUNDTRIP_KIND, "RoundtripKind"),
        (DateTimeStyles::ADJUST_TO_UNIVERSAL, "AdjustToUniversal"),
        (DateTimeStyles::ASSUME_UNIVERSAL, "AssumeUniversal"),
        (DateTimeStyles::ASSUME_LOCAL, "AssumeLocal"),
    ] {
        for s in [
            "2024-01-15T10:30:00Z",
            "2024-01-15T10:30:00+02:00",
            "2024-01-15T10:30:00",
            "Mon, 15 Jan 2024 10:30:00 GMT",
        ] {
            push(
                format!("DateTime.Parse({s:?}, {name})"),
                format!("DT(DateTime.Parse({}, Inv, DateTimeStyles.{name}))", cs_str(s)),
                show(DateTime::parse_with_styles(s, style, base), dt_repr),
            );
        }
    }
    let exact = [
        ("2024-01-15", "yyyy-MM-dd", 0),
        ("15/01/2024 10:30", "dd/MM/yyyy HH:mm", 0),
        ("1/5/24", "M/d/yy", 0),
        ("20240115103000", "yyyyMMddHHmmss", 0),
        ("2024-01-15T10:30:00.1234567Z", "o", 0),
        ("2024-01-15T10:30:00.1234567+02:00", "o", 0),
        ("2024-01-15T10:30:00.1234567", "o", 0),
        ("2024-01-15T10:30:00.1234567Z", "o", 128),
        ("Mon, 15 Jan 2024 10:30:00 GMT", "r", 0),
        ("2024-01-15T10:30:00", "s", 0),
        ("2024-01-15 10:30:00Z", "u", 0),
        ("15 January 2024", "dd MMMM yyyy", 0),
        ("15 jan 2024", "dd MMM yyyy", 0),
        ("2024-01-15T10:30:00Z", "yyyy-MM-ddTHH:mm:ssZ", 0),
        ("2024-01-15T10:30:00+02:00", "yyyy-MM-ddTHH:mm:sszzz", 0),
        ("2024-01-15T10:30:00+02:00", "yyyy-MM-ddTHH:mm:sszzz", 16),
        ("2024-01-15T10:30:00.5", "yyyy-MM-ddTHH:mm:ss.FFF", 0),
        ("2024-01-15T10:30:00", "yyyy-MM-ddTHH:mm:ss.FFF", 0),
        ("2024", "yyyy", 0),
        ("Monday 2024-01-15", "dddd yyyy-MM-dd", 0),
        ("2024-01-15 10:30:00 GMT", "yyyy-MM-dd HH:mm:ss GMT", 0),
        ("2024-1-15", "yyyy-MM-dd", 0),
        (" 2024-01-15", "yyyy-MM-dd", 0),
        (" 2024-01-15 ", "yyyy-MM-dd", 7),
        ("2024-02-30", "yyyy-MM-dd", 0),
        ("13:00 PM 2024-01-01", "hh:mm tt yyyy-MM-dd", 0),
        ("01:00 PM 2024-01-01", "hh:mm tt yyyy-MM-dd", 0),
        ("13:00 AM 2024-01-01", "HH:mm tt yyyy-MM-dd", 0),
        ("Tuesday 2024-01-15", "dddd yyyy-MM-dd", 0),
        ("2024-01-15T10:30:00.5", "yyyy-MM-ddTHH:mm:ss.fff", 0),
        ("2024 2025", "yyyy yyyy", 0),
        ("2024", "x", 0),
        ("2024", "'yyyy", 0),
        ("10:30 2024-01-15", "HH:mm yyyy-MM-dd", 0),
    ];
    for (s, f, styles) in exact {
        push(
            format!("DateTime.ParseExact({s:?}, {f:?}, {styles})"),
            format!("DT(DateTime.ParseExact({}, {}, Inv, (DateTimeStyles){styles}))", cs_str(s), cs_str(f)),
            show(DateTime::parse_exact(s, f, DateTimeStyles(styles), base), dt_repr),
        );
    }
}

fn timespan_checks(out: &mut Vec<Check>) {
    let mut push = |label: String, csharp: String, ours: String| out.push(Check { label, csharp, ours });
    let spans = [
        0,
        TimeSpan::with_days(1, 2, 3, 4, 500).unwrap().ticks(),
        TimeSpan::with_days(1, 2, 3, 4, 567).unwrap().ticks(),
        TimeSpan::with_days(0, -2, -3, 0, 0).unwrap().ticks(),
        TimeSpan::with_days(-1, 0, 0, 0, -1).unwrap().ticks(),
        1,
        i64::MAX,
        i64::MIN,
        TimeSpan::with_days(0, 0, 0, 4, 0).unwrap().ticks(),
    ];
    let formats = [
        "",
        "c",
        "g",
        "G",
        "t",
        "hh\\:mm\\:ss",
        "h\\:m\\:s",
        "dd\\.hh",
        "dddddddd",
        "%d",
        "%h",
        "ss\\.fff",
        "ss\\.ff",
        "ss\\.FFFFF",
        "ss\\.FFF",
        "'day 'd",
        "hh:mm",
        "hhh",
        "x",
        "%",
        "'abc",
    ];
    for t in spans {
        for f in formats {
            push(
                format!("TimeSpan({t}).ToString({f:?})"),
                format!("new TimeSpan({t}L).ToString({}, Inv)", cs_str(f)),
                show(TimeSpan::from_ticks(t).format(f), |s| s),
            );
        }
        let ts = TimeSpan::from_ticks(t);
        push(
            format!("TimeSpan({t}) totals"),
            format!("Tot(new TimeSpan({t}L))"),
            format!(
                "{} {} {} {} {} {} {} {} {} {}",
                double_repr(ts.total_days()),
                double_repr(ts.total_hours()),
                double_repr(ts.total_minutes()),
                double_repr(ts.total_seconds()),
                double_repr(ts.total_milliseconds()),
                ts.days(),
                ts.hours(),
                ts.minutes(),
                ts.seconds(),
                ts.milliseconds()
            ),
        );
    }
    let values = [1.0, 1.000_49, 1.0005, 0.0005, -0.0005, 1e-9, 0.1, 2.5e-4, 1.5, -1.5, 1e20, f64::NAN, f64::INFINITY];
    for v in values {
        for (name, f) in [
            ("FromDays", TimeSpan::from_days as fn(f64) -> apim_dotnet::Result<TimeSpan>),
            ("FromHours", TimeSpan::from_hours),
            ("FromMinutes", TimeSpan::from_minutes),
            ("FromSeconds", TimeSpan::from_seconds),
            ("FromMilliseconds", TimeSpan::from_milliseconds),
        ] {
            push(
                format!("{name}({v:e})"),
                format!("TimeSpan.{name}({}).Ticks.ToString(Inv)", cs_double(v)),
                show(f(v), |t| t.ticks().to_string()),
            );
        }
    }
    let inputs = [
        "10",
        "1:2",
        "01:02:03",
        "1.02:03",
        "1.02:03:04",
        "1.02:03:04.5",
        "02:03:04.05",
        "1:02:03:04",
        "1:02:03:04.5",
        "-1:00",
        " 1:00 ",
        "24:00",
        "1:60",
        "1:00:60",
        "10675199",
        "10675200",
        "10675199.02:48:05.4775807",
        "10675199.02:48:05.4775808",
        "-10675199.02:48:05.4775808",
        "1.5",
        "1:",
        "::",
        "",
        "1:2:3.12345678",
        "1:2:3.1234567",
        "1:2:3.0000001",
        "000010:00",
        "1:2:3.",
        "- 1:00",
        "-1",
        "1.2",
        "1:2.5",
        "1:2:3:4:5",
        "23:59:59.9999999",
        "0:0:0",
        "99999999999",
        "1:2:3 ",
        "\t1:2\t",
        "+1:00",
        "1.02:03:04.0010000",
        "0:00:00.00000001",
        "10:20:30.99999999",
        "1 :00",
    ];
    for s in inputs {
        push(
            format!("TimeSpan.Parse({s:?})"),
            format!("TimeSpan.Parse({}, Inv).Ticks.ToString(Inv)", cs_str(s)),
            show(TimeSpan::parse(s), |t| t.ticks().to_string()),
        );
    }
    push(
        "TimeSpan.MaxValue + 1".into(),
        "(TimeSpan.MaxValue + new TimeSpan(1)).Ticks.ToString(Inv)".into(),
        show(TimeSpan::MAX_VALUE.add_span(TimeSpan::from_ticks(1)), |t| t.ticks().to_string()),
    );
    push(
        "TimeSpan.MinValue.Negate()".into(),
        "TimeSpan.MinValue.Negate().Ticks.ToString(Inv)".into(),
        show(TimeSpan::MIN_VALUE.negate(), |t| t.ticks().to_string()),
    );
}

fn guid_checks(out: &mut Vec<Check>) {
    let mut push = |label: String, csharp: String, ours: String| out.push(Check { label, csharp, ours });
    let inputs = [
        "ca761232-ed42-11ce-bacd-00aa0057b223",
        "CA761232-ED42-11CE-BACD-00AA0057B223",
        "ca761232ed4211cebacd00aa0057b223",
        "{ca761232-ed42-11ce-bacd-00aa0057b223}",
        "(ca761232-ed42-11ce-bacd-00aa0057b223)",
        "  ca761232-ed42-11ce-bacd-00aa0057b223\n",
        "{0xca761232,0xed42,0x11ce,{0xba,0xcd,0x00,0xaa,0x00,0x57,0xb2,0x23}}",
        "{0xca761232, 0xed42, 0x11ce, {0xba, 0xcd, 0x0, 0xaa, 0x0, 0x57, 0xb2, 0x23}}",
        "",
        "ca761232-ed42-11ce-bacd-00aa0057b22",
        "ca761232ed42-11ce-bacd-00aa0057b2233",
        "ca761232-ed42-11ce-bacd-00aa0057b22g",
        "ga761232-ed42-11ce-bacd-00aa0057b223",
        "cg761232-ed42-11ce-bacd-00aa0057b223",
        "ca761232ed4211cebacd00aa0057b22z",
        "{ca761232-ed42-11ce-bacd-00aa0057b223)",
        "{0xca761232,0xed42,0x11ce,{0xba,0xcd,0x00,0xaa,0x00,0x57,0xb2,0x23}",
    ];
    for s in inputs {
        for f in ["D", "N", "B", "P", "X"] {
            push(
                format!("Guid.Parse({s:?}).ToString({f})"),
                format!("Guid.Parse({}).ToString({})", cs_str(s), cs_str(f)),
                show(Guid::parse(s).and_then(|g| g.format(f)), |s| s),
            );
        }
        for f in ["D", "N", "B", "P", "X"] {
            push(
                format!("Guid.ParseExact({s:?}, {f})"),
                format!("Guid.ParseExact({}, {}).ToString()", cs_str(s), cs_str(f)),
                show(Guid::parse_exact(s, f), |g| g.to_string()),
            );
        }
    }
    push(
        "Guid.Empty.ToString(\"Z\")".into(),
        "Guid.Empty.ToString(\"Z\")".into(),
        show(Guid::EMPTY.format("Z"), |s| s),
    );
}

const PRELUDE: &str = r#"
using System;
using System.Globalization;
using System.Threading;

static class Program {
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    static double D(ulong bits) { return BitConverter.Int64BitsToDouble(unchecked((long)bits)); }
    static float F(uint bits) { return BitConverter.ToSingle(BitConverter.GetBytes(bits), 0); }
    static string Bits(double v) { return double.IsNaN(v) ? "NaN" : BitConverter.DoubleToInt64Bits(v).ToString("X16"); }
    static string DT(DateTime d) { return d.Ticks.ToString(Inv) + " " + d.Kind; }
    static string P(DateTime d) {
        return string.Join(" ", d.Year, d.Month, d.Day, d.Hour, d.Minute, d.Second, d.Millisecond, d.DayOfWeek, d.DayOfYear, d.TimeOfDay);
    }
    static string Tot(TimeSpan t) {
        return string.Join(" ", Bits(t.TotalDays), Bits(t.TotalHours), Bits(t.TotalMinutes), Bits(t.TotalSeconds),
            Bits(t.TotalMilliseconds), t.Days, t.Hours, t.Minutes, t.Seconds, t.Milliseconds);
    }
    static string Escape(string s) {
        return s.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t");
    }
    static void Run(Func<string> f) {
        string result;
        try { result = f(); }
        catch (Exception e) { result = "!" + e.GetType().FullName + ": " + e.Message; }
        Console.Out.Write(Escape(result) + "\n");
    }
    static void Main() {
        Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
"#;

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\r', "\\r").replace('\n', "\\n").replace('\t', "\\t")
}

fn tool_available(name: &str) -> bool {
    Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn scratch_dir() -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    std::env::temp_dir().join(format!("apim-dotnet-mono-{}-{nanos}", std::process::id()))
}

#[test]
fn matches_mono_except_known_differences() {
    if !(tool_available("mcs") && tool_available("mono")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "mcs and mono are required under CI; run scripts/install-test-prereqs"
        );
        println!("SKIPPED: mcs/mono not found (scripts/install-test-prereqs installs them)");
        return;
    }

    let mut checks = Vec::new();
    number_checks(&mut checks);
    datetime_checks(&mut checks);
    timespan_checks(&mut checks);
    guid_checks(&mut checks);

    let mut program = String::from(PRELUDE);
    for check in &checks {
        let _ = writeln!(program, "        Run(() => {});", check.csharp);
    }
    program.push_str("    }\n}\n");

    let dir = scratch_dir();
    std::fs::create_dir_all(&dir).expect("create scratch directory");
    let source = dir.join("Program.cs");
    let exe = dir.join("Program.exe");
    std::fs::write(&source, &program).expect("write C# program");
    let compiled = Command::new("mcs")
        .arg("-nologo")
        .arg(format!("-out:{}", exe.display()))
        .arg(&source)
        .output()
        .expect("run mcs");
    assert!(compiled.status.success(), "mcs failed:\n{}", String::from_utf8_lossy(&compiled.stdout));
    let run = Command::new("mono").arg(&exe).env("TZ", "UTC").output().expect("run mono");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(run.status.success(), "mono failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8(run.stdout).expect("mono prints UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), checks.len(), "one output line per case");

    let mut failures = Vec::new();
    let mut known_seen = 0;
    for (check, mono) in checks.iter().zip(&lines) {
        let ours = escape(&check.ours);
        if let Some((_, framework)) = KNOWN_DIFFERENCES.iter().find(|(label, _)| *label == check.label) {
            known_seen += 1;
            if ours != escape(framework) {
                failures.push(format!("{}\n   ours:           {ours}\n   .NET Framework: {framework}", check.label));
            }
            if *mono == escape(framework) {
                failures.push(format!("{}\n   listed as a known difference, but Mono agrees: {mono}", check.label));
            }
            continue;
        }
        // .NET Framework separates "Parameter name:" with CRLF, Mono with LF.
        if ours.replace("\\r\\n", "\\n") != mono.replace("\\r\\n", "\\n") {
            failures.push(format!("{}\n   ours: {ours}\n   mono: {mono}", check.label));
        }
    }
    assert_eq!(known_seen, KNOWN_DIFFERENCES.len(), "every known difference names a case that exists");
    println!("compared {} cases with Mono ({} known differences)", checks.len(), KNOWN_DIFFERENCES.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
