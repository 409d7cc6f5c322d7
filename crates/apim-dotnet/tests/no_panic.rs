//! Every entry point returns `Ok` or `Err` for any input, never panics (tests run with
//! overflow checks on). Inputs are generated deterministically from an alphabet of
//! characters that matter to the parsers and format strings.

use apim_dotnet::{
    DateTime, DateTimeKind, DateTimeStyles, Guid, NumberStyles, TimeSpan, bool_parse, decimal_add, decimal_div,
    decimal_from_double, decimal_mul, decimal_parse, decimal_rem, decimal_sub, double_parse, double_parse_styles,
    float_parse, format_decimal, format_double, format_float, format_int32, format_int64, format_uint64, int32_parse,
    int32_parse_styles, int64_parse, uint64_parse,
};

const ALPHABET: &[&str] = &[
    "0",
    "1",
    "5",
    "9",
    "00",
    "99",
    "12345678901234567890",
    ".",
    ",",
    "-",
    "+",
    "e",
    "E",
    "x",
    "X",
    "#",
    "%",
    "\u{2030}",
    ";",
    "'",
    "\"",
    "\\",
    " ",
    "\t",
    "\0",
    "(",
    ")",
    "\u{a4}",
    ":",
    "/",
    "T",
    "Z",
    "z",
    "K",
    "f",
    "F",
    "y",
    "M",
    "d",
    "h",
    "H",
    "m",
    "s",
    "t",
    "g",
    "G",
    "N",
    "D",
    "R",
    "C",
    "P",
    "{",
    "}",
    "0x",
    "AM",
    "PM",
    "Jan",
    "Monday",
    "GMT",
    "Infinity",
    "NaN",
    "\u{a0}",
    "\u{661}",
    "é",
    "yyyy",
    "fffffffff",
    "9999999999",
    "-0",
    "1e400",
    "ZZ",
    "%%",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }

    fn string(&mut self) -> String {
        let parts = self.below(12);
        (0..parts).map(|_| ALPHABET[self.below(ALPHABET.len())]).collect()
    }

    fn double(&mut self) -> f64 {
        match self.below(4) {
            0 => f64::from_bits(self.next() << 11 | self.next() & 0x7FF),
            1 => [0.0, -0.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN_POSITIVE, 5e-324]
                [self.below(8)],
            #[allow(clippy::cast_precision_loss)]
            _ => (self.next() % 1_000_000) as f64 / 7.0,
        }
    }
}

#[test]
fn formatting_and_parsing_never_panic() {
    let mut rng = Lcg(42);
    let now = DateTime::new(2026, 11, 22, 8, 0, 0, 0).unwrap();
    let samples = [DateTime::MIN_VALUE, DateTime::MAX_VALUE, now.specify_kind(DateTimeKind::Utc)];
    for _ in 0..20_000 {
        let s = rng.string();
        let f = rng.string();
        let v = rng.double();
        let _ = format_double(v, &f);
        #[allow(clippy::cast_possible_truncation)]
        let _ = format_float(v as f32, &f);
        let _ = format_int32(i32::MIN, &f);
        let _ = format_int64(i64::MAX, &f);
        let _ = format_uint64(u64::MAX, &f);
        let _ = int32_parse(&s);
        let _ = int32_parse_styles(&s, NumberStyles(u32::try_from(rng.below(0x400)).unwrap()));
        let _ = int64_parse(&s);
        let _ = uint64_parse(&s);
        let _ = double_parse(&s);
        let _ = double_parse_styles(&s, NumberStyles::ANY);
        let _ = float_parse(&s);
        let _ = bool_parse(&s);
        if let Ok(d) = decimal_parse(&s) {
            let _ = format_decimal(&d, &f);
            if let Ok(e) = decimal_from_double(v) {
                let _ = decimal_add(d, e);
                let _ = decimal_sub(d, e);
                let _ = decimal_mul(d, e);
                let _ = decimal_div(d, e);
                let _ = decimal_rem(d, e);
            }
        }
        let styles = DateTimeStyles(u32::try_from(rng.below(0x100)).unwrap());
        let _ = DateTime::parse_with_styles(&s, styles, now);
        let _ = DateTime::parse_exact(&s, &f, styles, now);
        for d in samples {
            let _ = d.format(&f);
            let _ = d.add_days(v);
            let _ = d.add_milliseconds(v);
            #[allow(clippy::cast_possible_truncation)]
            let _ = d.add_months(v as i32);
        }
        let _ = TimeSpan::parse(&s);
        let _ = TimeSpan::from_days(v);
        let _ = TimeSpan::from_milliseconds(v);
        let _ = TimeSpan::MIN_VALUE.format(&f);
        let _ = TimeSpan::MAX_VALUE.format(&f);
        let _ = Guid::parse(&s);
        let _ = Guid::EMPTY.format(&f);
    }
}

#[test]
fn long_repeats_do_not_overflow() {
    let now = DateTime::new(2026, 11, 22, 8, 0, 0, 0).unwrap();
    let digits = "9".repeat(40);
    for token in ["y", "M", "d", "H", "m", "s", "f", "F", "z"] {
        let format = token.repeat(40);
        let _ = DateTime::parse_exact(&digits, &format, DateTimeStyles::NONE, now);
        let _ = now.format(&format);
    }
    let _ = format_double(1e308, &"%".repeat(500));
    let _ = format_double(1e-308, &"0".repeat(500));
    let _ = int32_parse(&"9".repeat(500));
    let _ = double_parse(&format!("1e{}", "9".repeat(500)));
    let _ = decimal_parse(&format!("0.{}1", "0".repeat(500)));
    let _ = TimeSpan::parse(&"0".repeat(500));
}
