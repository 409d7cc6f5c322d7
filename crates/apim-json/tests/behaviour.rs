//! Table-driven tests of apim-json's Newtonsoft behaviour that run without Mono: parsing,
//! serialization (APIM's "\r\n"), mutation with reference semantics, conversions, error
//! messages, JSONPath, platform hooks, and robustness (no panic on any input, deep trees).

use apim_json::{
    ClrType, ClrValue, DateParseHandling, DateTime, DateTimeKind, ErrorKind, Formatting, JToken, JTokenType, Key,
    MergeArrayHandling, MergeSettings, ParseOptions, Platform, StdPlatform, Target, cast, convert, quote_string,
};

const APIM: StdPlatform = StdPlatform::APIM;

fn parse(s: &str) -> JToken {
    JToken::parse(s).unwrap_or_else(|e| panic!("parse {s:?}: {e}"))
}

fn compact(t: &JToken) -> String {
    t.to_json(Formatting::None, &APIM)
}

#[test]
fn serialization_table() {
    let cases: &[(&str, &str, &str)] = &[
        ("{\"a\":1}", "{\r\n  \"a\": 1\r\n}", "{\"a\":1}"),
        ("{}", "{}", "{}"),
        ("[]", "[]", "[]"),
        ("[[]]", "[\r\n  []\r\n]", "[[]]"),
        ("{\"a\":{},\"b\":[]}", "{\r\n  \"a\": {},\r\n  \"b\": []\r\n}", "{\"a\":{},\"b\":[]}"),
        (
            "{\"a\":[1,{\"b\":null}]}",
            "{\r\n  \"a\": [\r\n    1,\r\n    {\r\n      \"b\": null\r\n    }\r\n  ]\r\n}",
            "{\"a\":[1,{\"b\":null}]}",
        ),
        ("1.0", "1.0", "1.0"),
        ("1e21", "1E+21", "1E+21"),
        ("0.1", "0.1", "0.1"),
        ("1.5e-7", "1.5E-07", "1.5E-07"),
        ("100", "100", "100"),
        ("-0.0", "0.0", "0.0"),
        ("\"2024-01-02T03:04:05Z\"", "\"2024-01-02T03:04:05Z\"", "\"2024-01-02T03:04:05Z\""),
        ("\"2024-01-02T03:04:05.1200000Z\"", "\"2024-01-02T03:04:05.12Z\"", "\"2024-01-02T03:04:05.12Z\""),
        ("\"2024-01-02T03:04:05\"", "\"2024-01-02T03:04:05\"", "\"2024-01-02T03:04:05\""),
        ("\"<é/>\"", "\"<é/>\"", "\"<é/>\""),
        ("[NaN]", "[\r\n  \"NaN\"\r\n]", "[\"NaN\"]"),
        ("'single'", "\"single\"", "\"single\""),
    ];
    for &(input, indented, none) in cases {
        let t = parse(input);
        assert_eq!(t.to_json(Formatting::Indented, &APIM), indented, "indented {input}");
        assert_eq!(t.to_json(Formatting::None, &APIM), none, "none {input}");
    }
}

#[test]
fn string_escaping_table() {
    let cases: &[(&str, &str)] = &[
        ("a\"b", r#""a\"b""#),
        ("a\\b", r#""a\\b""#),
        ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
        ("\u{1}\u{1f}", r#""\u0001\u001f""#),
        ("\u{7f}", "\"\u{7f}\""),
        ("\u{85}\u{2028}\u{2029}", r#""\u0085\u2028\u2029""#),
        ("é😀<>&'/", "\"é😀<>&'/\""),
    ];
    for &(input, want) in cases {
        assert_eq!(quote_string(input), want, "{input:?}");
    }
}

#[test]
fn dotnet_to_string_table() {
    let cases: &[(&str, &str)] = &[
        ("\"text\"", "text"),
        ("true", "True"),
        ("false", "False"),
        ("null", ""),
        ("1.5", "1.5"),
        ("0.30000000000000004", "0.3"),
        ("1.0", "1"),
        ("42", "42"),
        ("\"2024-01-02T03:04:05Z\"", "01/02/2024 03:04:05"),
        ("{\"a\":1}", "{\r\n  \"a\": 1\r\n}"),
    ];
    for &(input, want) in cases {
        assert_eq!(parse(input).to_string(), want, "{input}");
    }
    let o = parse("{\"a\":[1]}");
    assert_eq!(o.property("a").unwrap().to_string(), "\"a\": [\r\n  1\r\n]");
}

#[test]
fn parse_types_table() {
    let cases: &[(&str, JTokenType)] = &[
        ("1", JTokenType::Integer),
        ("9223372036854775808", JTokenType::Integer),
        ("1.5", JTokenType::Float),
        ("\"s\"", JTokenType::String),
        ("\"2024-01-02T03:04:05Z\"", JTokenType::Date),
        ("\"/Date(0)/\"", JTokenType::Date),
        ("\"2024-01-02\"", JTokenType::String),
        ("true", JTokenType::Boolean),
        ("null", JTokenType::Null),
        ("undefined", JTokenType::Undefined),
        ("{}", JTokenType::Object),
        ("[]", JTokenType::Array),
        ("new Date(1)", JTokenType::Constructor),
        ("/*c*/", JTokenType::Comment),
    ];
    for &(input, ty) in cases {
        assert_eq!(parse(input).token_type(), ty, "{input}");
    }
    let no_dates = ParseOptions { date_parse_handling: DateParseHandling::None, ..ParseOptions::default() };
    let t = JToken::parse_with("\"2024-01-02T03:04:05Z\"", no_dates, &APIM).unwrap();
    assert_eq!(t.token_type(), JTokenType::String);
}

#[test]
fn reader_error_table() {
    let cases: &[(&str, &str)] = &[
        ("x", "Unexpected character encountered while parsing value: x. Path '', line 0, position 0."),
        ("", "Error reading JToken from JsonReader. Path '', line 0, position 0."),
        ("{\"a\":1", "Unexpected end of content while loading JObject. Path 'a', line 1, position 6."),
        ("{}x", "Additional text encountered after finished reading JSON content: x. Path '', line 1, position 2."),
        ("[1 2]", "After parsing a value an unexpected character was encountered: 2. Path '[0]', line 1, position 3."),
        (
            "{\"a\" 1}",
            "Invalid character after parsing property name. Expected ':' but got: 1. Path '', line 1, position 5.",
        ),
        ("\"abc", "Unterminated string. Expected delimiter: \". Path '', line 1, position 4."),
        ("08", "Input string '08' is not a valid number. Path '', line 1, position 2."),
        ("{\n  \"b\": x\n}", "Unexpected character encountered while parsing value: x. Path 'b', line 2, position 7."),
    ];
    for &(input, want) in cases {
        let e = JToken::parse(input).unwrap_err();
        assert_eq!(e.kind, ErrorKind::JsonReaderException, "{input}");
        assert_eq!(e.message, want, "{input}");
    }
    let e = JToken::parse_object("[1]").unwrap_err();
    assert_eq!(
        e.message,
        "Error reading JObject from JsonReader. Current JsonReader item is not an object: StartArray. Path '', line 1, position 1."
    );
    let loc = e.location.unwrap();
    assert_eq!((loc.path.as_str(), loc.line_number, loc.line_position), ("", 1, 1));
    let e = JToken::parse_array("{}").unwrap_err();
    assert!(
        e.message
            .starts_with("Error reading JArray from JsonReader. Current JsonReader item is not an array: StartObject.")
    );
}

#[test]
fn reference_semantics() {
    // `var a = obj["x"]; a["y"] = 1;` mutates obj.
    let obj = parse("{\"x\":{}}");
    let a = obj.get(Key::Name("x")).unwrap().unwrap();
    a.set(Key::Name("y"), Some(JToken::integer(1))).unwrap();
    assert_eq!(compact(&obj), "{\"x\":{\"y\":1}}");

    // Adding a token that has a parent adds a copy.
    let arr = JToken::new_array();
    arr.add(Some(a.clone())).unwrap();
    assert!(!arr.at(0).unwrap().ptr_eq(&a));
    arr.at(0).unwrap().set(Key::Name("y"), Some(JToken::integer(2))).unwrap();
    assert_eq!(compact(&obj), "{\"x\":{\"y\":1}}");
    assert_eq!(compact(&arr), "[{\"y\":2}]");

    // A parentless token is added as is.
    let fresh = JToken::new_object();
    arr.add(Some(fresh.clone())).unwrap();
    fresh.set(Key::Name("k"), Some(JToken::boolean(true))).unwrap();
    assert_eq!(compact(&arr), "[{\"y\":2},{\"k\":true}]");
    assert!(arr.at(1).unwrap().ptr_eq(&fresh));

    // Adding a container to itself adds a copy.
    let self_arr = parse("[1]");
    self_arr.add(Some(self_arr.clone())).unwrap();
    assert_eq!(compact(&self_arr), "[1,[1]]");
}

#[test]
fn handles_keep_their_tree_like_the_gc() {
    // C#: `var b = JObject.Parse(s)["a"]["b"];` keeps the parsed object reachable.
    let b = parse("{\"a\":{\"b\":[1]}}").get_value("a").unwrap().get_value("b").unwrap();
    assert_eq!(b.path(), "a.b");
    assert_eq!(b.root().token_type(), JTokenType::Object);
    let target = JToken::new_object();
    target.set_property("copy", Some(b.clone())).unwrap();
    b.add(Some(JToken::integer(2))).unwrap();
    // b had a parent, so the target got a copy.
    assert_eq!(compact(&target), "{\"copy\":[1]}");
    assert_eq!(compact(&b.root()), "{\"a\":{\"b\":[1,2]}}");
}

#[test]
fn object_operations() {
    let o = parse("{\"a\":1,\"b\":2}");
    let e = o.add_property("a", Some(JToken::integer(3))).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ArgumentException);
    assert_eq!(
        e.message,
        "Can not add property a to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object."
    );
    o.set(Key::Name("a"), Some(JToken::integer(3))).unwrap();
    o.set(Key::Name("c"), None).unwrap();
    assert_eq!(compact(&o), "{\"a\":3,\"b\":2,\"c\":null}");
    assert!(o.contains_key("b"));
    assert!(o.remove_property("b"));
    assert!(!o.remove_property("b"));
    assert!(o.get_value("missing").is_none());
    assert!(o.get(Key::Name("missing")).unwrap().is_none());
    assert_eq!(o.property_names(), ["a", "c"]);
    let mixed = parse("{\"Name\":1,\"name\":2}");
    assert_eq!(compact(&mixed.get_value_ignore_case("name").unwrap()), "2");
    assert_eq!(compact(&mixed.get_value_ignore_case("NAME").unwrap()), "1");
    assert!(mixed.get_value_ignore_case("nom").is_none());
    assert_eq!(o.count(), 2);
    assert!(o.has_values());
    assert_eq!(o.first().unwrap().unwrap().name().as_deref(), Some("a"));
    assert_eq!(
        o.get(Key::Index(0)).unwrap_err().message,
        "Accessed JObject values with invalid key value: 0. Object property name expected."
    );
    let e = o.add(Some(JToken::integer(1))).unwrap_err();
    assert_eq!(e.message, "Can not add Newtonsoft.Json.Linq.JValue to Newtonsoft.Json.Linq.JObject.");
    // Duplicate names while parsing: the last wins, in the first one's place.
    assert_eq!(compact(&parse("{\"a\":1,\"b\":2,\"a\":3}")), "{\"a\":3,\"b\":2}");
}

#[test]
fn array_operations() {
    let a = parse("[1,2,3]");
    assert_eq!(compact(&a.at(1).unwrap()), "2");
    let e = a.at(3).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ArgumentOutOfRangeException);
    assert_eq!(
        e.message,
        "Index was out of range. Must be non-negative and less than the size of the collection.\r\nParameter name: index"
    );
    assert_eq!(
        a.get(Key::Name("x")).unwrap_err().message,
        "Accessed JArray values with invalid key value: \"x\". Int32 array index expected."
    );
    a.remove_at(0).unwrap();
    a.insert(1, Some(JToken::integer(9))).unwrap();
    a.add(None).unwrap();
    assert_eq!(compact(&a), "[2,9,3,null]");
    let third = a.at(2).unwrap();
    assert!(a.remove_item(&third).unwrap());
    assert!(third.parent().is_none());
    assert_eq!(compact(&a), "[2,9,null]");
    a.set(Key::Index(0), Some(JToken::string("x"))).unwrap();
    assert_eq!(compact(&a), "[\"x\",9,null]");
    let e = a.set(Key::Index(5), None).unwrap_err();
    assert_eq!(e.message, "Index is equal to or greater than Count.\r\nParameter name: index");
    let v = parse("1");
    assert_eq!(v.get(Key::Name("a")).unwrap_err().message, "Cannot access child value on Newtonsoft.Json.Linq.JValue.");
    assert_eq!(v.first().unwrap_err().kind, ErrorKind::InvalidOperationException);
}

#[test]
fn value_identity_on_equal_assignment() {
    let o = parse("{\"a\":1}");
    let v = o.get_value("a").unwrap();
    o.set(Key::Name("a"), Some(JToken::integer(1))).unwrap();
    assert!(o.get_value("a").unwrap().ptr_eq(&v), "an equal JValue keeps the old token");
    o.set(Key::Name("a"), Some(JToken::integer(2))).unwrap();
    assert!(v.parent().is_none());
}

fn t(ty: ClrType) -> Target {
    Target::of(ty)
}

#[test]
fn cast_table() {
    let cases: &[(&str, Target, Result<ClrValue, &str>)] = &[
        ("1.5", t(ClrType::Int32), Ok(ClrValue::Int32(2))),
        ("2.5", t(ClrType::Int32), Ok(ClrValue::Int32(2))),
        ("\"12\"", t(ClrType::Int32), Ok(ClrValue::Int32(12))),
        ("\"abc\"", t(ClrType::Int32), Err("Input string was not in a correct format.")),
        ("null", t(ClrType::Int32), Err("Can not convert Null to Int32.")),
        ("{}", t(ClrType::Int32), Err("Can not convert Object to Int32.")),
        ("3000000000", t(ClrType::Int32), Err("Value was either too large or too small for an Int32.")),
        ("null", Target::nullable(ClrType::Int32), Ok(ClrValue::Null)),
        ("null", t(ClrType::String), Ok(ClrValue::Null)),
        ("true", t(ClrType::String), Ok(ClrValue::String("True".into()))),
        ("0.30000000000000004", t(ClrType::String), Ok(ClrValue::String("0.3".into()))),
        ("\"2024-01-02T03:04:05Z\"", t(ClrType::String), Ok(ClrValue::String("01/02/2024 03:04:05".into()))),
        ("[1]", t(ClrType::String), Err("Can not convert Array to String.")),
        ("\"True\"", t(ClrType::Boolean), Ok(ClrValue::Boolean(true))),
        ("\"yes\"", t(ClrType::Boolean), Err("String was not recognized as a valid Boolean.")),
        ("\"1,000.5\"", t(ClrType::Double), Ok(ClrValue::Double(1000.5))),
        ("1e19", t(ClrType::Int64), Err("Arithmetic operation resulted in an overflow.")),
        ("1", t(ClrType::DateTime), Err("Can not convert Integer to DateTime.")),
    ];
    for (input, target, want) in cases {
        let got = cast(Some(&parse(input)), *target, &APIM);
        match (want, got) {
            (Ok(w), Ok(g)) => assert_eq!(&g, w, "{input} as {target:?}"),
            (Err(w), Err(g)) => assert_eq!(&g.message, w, "{input} as {target:?}"),
            (w, g) => panic!("{input} as {target:?}: want {w:?}, got {g:?}"),
        }
    }
    let e = cast(None, t(ClrType::Int32), &APIM).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ArgumentNullException);
}

type Expected = Result<ClrValue, (ErrorKind, &'static str)>;

#[test]
fn value_of_table() {
    let o = parse(
        "{\"f\":1.5,\"s\":\"12\",\"bad\":\"abc\",\"n\":null,\"obj\":{},\"d\":\"2024-01-02T03:04:05Z\",\"b\":true}",
    );
    let cases: &[(&str, Target, Expected)] = &[
        ("f", t(ClrType::Int32), Ok(ClrValue::Int32(2))),
        ("s", t(ClrType::Int32), Ok(ClrValue::Int32(12))),
        ("bad", t(ClrType::Int32), Err((ErrorKind::FormatException, "Input string was not in a correct format."))),
        (
            "n",
            t(ClrType::Int32),
            Err((ErrorKind::InvalidCastException, "Null object cannot be converted to a value type.")),
        ),
        ("n", Target::nullable(ClrType::Int32), Ok(ClrValue::Null)),
        ("missing", t(ClrType::Int32), Ok(ClrValue::Int32(0))),
        ("missing", t(ClrType::String), Ok(ClrValue::Null)),
        (
            "obj",
            t(ClrType::Int32),
            Err((
                ErrorKind::InvalidCastException,
                "Cannot cast Newtonsoft.Json.Linq.JObject to Newtonsoft.Json.Linq.JToken.",
            )),
        ),
        ("d", t(ClrType::Int32), Err((ErrorKind::InvalidCastException, "Invalid cast from 'DateTime' to 'Int32'."))),
        ("b", t(ClrType::String), Ok(ClrValue::String("True".into()))),
        ("f", t(ClrType::String), Ok(ClrValue::String("1.5".into()))),
    ];
    for (k, target, want) in cases {
        let got = o.value_of(Key::Name(k), *target, &APIM);
        match (want, got) {
            (Ok(w), Ok(g)) => assert_eq!(&g, w, "{k} as {target:?}"),
            (Err((kind, msg)), Err(g)) => {
                assert_eq!((&g.kind, g.message.as_str()), (kind, *msg), "{k} as {target:?}");
            }
            (w, g) => panic!("{k} as {target:?}: want {w:?}, got {g:?}"),
        }
    }
    let d = o.value_of(Key::Name("d"), t(ClrType::DateTime), &APIM).unwrap();
    let ClrValue::DateTime(d) = d else { panic!("date") };
    assert_eq!(d.kind(), DateTimeKind::Utc);
    assert_eq!(d.to_iso_string(0), "2024-01-02T03:04:05Z");
    assert_eq!(convert(None, t(ClrType::DateTime), &APIM).unwrap(), ClrValue::DateTime(DateTime::MIN));
}

#[test]
fn select_token_table() {
    let doc = parse("{\"a\":{\"b\":[{\"c\":1},{\"c\":2}]},\"x y\":{\"z\":true}}");
    let cases: &[(&str, Option<&str>)] = &[
        ("a.b[0].c", Some("1")),
        ("$.a.b[1].c", Some("2")),
        ("['x y'].z", Some("true")),
        ("a.missing", None),
        ("a.b[9]", None),
        ("$", Some("{\"a\":{\"b\":[{\"c\":1},{\"c\":2}]},\"x y\":{\"z\":true}}")),
    ];
    for &(path, want) in cases {
        let got = doc.select_token(path).unwrap().map(|t| compact(&t));
        assert_eq!(got.as_deref(), want, "{path}");
    }
    assert_eq!(doc.select_token("a.b[*].c").unwrap_err().message, "Path returned multiple tokens.");
    assert_eq!(doc.select_token("a[").unwrap_err().message, "Path ended with open indexer.");
    let all: Vec<String> = doc.select_tokens("a..c", false).unwrap().iter().map(compact).collect();
    assert_eq!(all, ["1", "2"]);
    assert_eq!(doc.select_token("['x y'].z").unwrap().unwrap().path(), "['x y'].z");
    let e = doc.select_tokens("a.nope", true).unwrap_err();
    assert_eq!(e.message, "Property 'nope' does not exist on JObject.");
}

#[test]
fn deep_equals_and_clone() {
    let a = parse("{\"a\":1,\"b\":[1,2]}");
    let b = parse("{\"b\":[1,2],\"a\":1}");
    assert!(JToken::deep_equals(Some(&a), Some(&b)));
    assert!(!JToken::deep_equals(Some(&parse("1")), Some(&parse("1.0"))));
    assert!(JToken::deep_equals(Some(&parse("0.3")), Some(&parse("0.30000000000000004"))));
    assert!(JToken::deep_equals(None, None));
    let c = a.deep_clone();
    assert!(c.parent().is_none() && !c.ptr_eq(&a));
    c.set(Key::Name("a"), Some(JToken::integer(5))).unwrap();
    assert_eq!(compact(&a), "{\"a\":1,\"b\":[1,2]}");
}

#[test]
fn merge_table() {
    let o = parse("{\"a\":1,\"b\":{\"c\":1},\"d\":[1]}");
    o.merge(&parse("{\"b\":{\"e\":2},\"d\":[2],\"f\":null,\"a\":null}"), MergeSettings::default()).unwrap();
    assert_eq!(compact(&o), "{\"a\":1,\"b\":{\"c\":1,\"e\":2},\"d\":[1,2],\"f\":null}");
    let u = parse("[1,2]");
    let settings = MergeSettings { array_handling: MergeArrayHandling::Union, ..MergeSettings::default() };
    u.merge(&parse("[2,3]"), settings).unwrap();
    assert_eq!(compact(&u), "[1,2,3]");
}

/// A platform in UTC+1 with Linux newlines.
struct Paris;

impl Platform for Paris {
    fn new_line(&self) -> &str {
        "\n"
    }

    fn local_offset_ticks(&self, _utc_ticks: i64) -> i64 {
        3600 * 10_000_000
    }
}

#[test]
fn platform_hooks() {
    let t = JToken::parse_with("[\"2024-01-02T03:04:05+02:00\"]", ParseOptions::default(), &Paris).unwrap();
    let d = t.at(0).unwrap();
    assert_eq!(d.token_type(), JTokenType::Date);
    assert_eq!(d.to_json(Formatting::None, &Paris), "\"2024-01-02T02:04:05+01:00\"");
    assert_eq!(t.to_json(Formatting::Indented, &Paris), "[\n  \"2024-01-02T02:04:05+01:00\"\n]");
    let mono = StdPlatform::MONO;
    assert_eq!(parse("{\"a\":1}").to_json(Formatting::Indented, &mono), "{\n  \"a\": 1\n}");
}

#[test]
fn from_object_table() {
    assert_eq!(JToken::from_object(ClrValue::String("s".into())).unwrap().token_type(), JTokenType::String);
    assert_eq!(JToken::from_object(ClrValue::Int32(5)).unwrap().token_type(), JTokenType::Integer);
    assert_eq!(compact(&JToken::from_object(ClrValue::Double(1.0)).unwrap()), "1.0");
    assert_eq!(JToken::from_object(ClrValue::Null).unwrap_err().kind, ErrorKind::ArgumentNullException);
}

/// xorshift: deterministic pseudo-random numbers without dependencies.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap_or(1)).unwrap_or(0)
    }
}

#[test]
fn never_panics_on_arbitrary_text() {
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "'",
        "\\",
        "\\u",
        "\\ud800",
        "a",
        "1",
        "-",
        ".",
        "e",
        "0x",
        "/*",
        "*/",
        "//",
        "\n",
        "\r",
        " ",
        "\0",
        "true",
        "nul",
        "new",
        "(",
        ")",
        "NaN",
        "-Infinity",
        "undefined",
        "2024-01-02T03:04:05Z",
        "/Date(",
        ")/",
        "é",
        "😀",
        "$",
        "9999999999999999999999",
        "1e400",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let n = rng.below(12);
        let text: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        for t in [JToken::parse(&text), JToken::parse_object(&text), JToken::parse_array(&text)].into_iter().flatten() {
            {
                let json = t.to_json(Formatting::Indented, &APIM);
                let _ = t.to_string();
                let _ = t.select_token(&text);
                for ty in [
                    ClrType::Int32,
                    ClrType::Int64,
                    ClrType::Double,
                    ClrType::Boolean,
                    ClrType::String,
                    ClrType::DateTime,
                ] {
                    let _ = cast(Some(&t), Target::of(ty), &APIM);
                    let _ = convert(Some(&t), Target::nullable(ty), &APIM);
                }
                // What we print reads back to an equal token (NaN and infinities are written
                // as strings, as Newtonsoft's FloatFormatHandling.String does).
                if !text.contains("NaN") && !text.contains("Infinity") && t.token_type() != JTokenType::Comment {
                    let again = JToken::parse(&json).unwrap_or_else(|e| panic!("reparse {json:?}: {e}"));
                    assert!(JToken::deep_equals(Some(&t), Some(&again)) || json.contains("undefined"), "{json}");
                }
            }
        }
    }
}

#[test]
fn never_panics_on_arbitrary_mutation() {
    let mut rng = Rng(42);
    let mut pool: Vec<JToken> = vec![parse("{\"a\":[1,{\"b\":2}],\"c\":\"x\"}"), JToken::new_array(), JToken::null()];
    for _ in 0..20_000 {
        let a = pool[rng.below(pool.len())].clone();
        let b = pool[rng.below(pool.len())].clone();
        let i = i32::try_from(rng.below(4)).unwrap_or(0) - 1;
        let _ = match rng.below(14) {
            0 => a.add(Some(b.clone())),
            1 => a.set(Key::Name("a"), Some(b.clone())),
            2 => a.set(Key::Index(i), Some(b.clone())),
            3 => a.remove(),
            4 => a.replace(b.clone()),
            5 => a.insert(i, Some(b.clone())),
            6 => a.remove_at(i),
            7 => a.merge(&b, MergeSettings::default()),
            8 => a.add_property("k", Some(b.clone())),
            9 => a.remove_all(),
            10 => a.add_after_self(Some(b.clone())),
            11 => a.get(Key::Index(i)).map(|t| pool.extend(t)),
            12 => {
                pool.extend(a.children());
                Ok(())
            }
            _ => {
                pool.push(a.deep_clone());
                Ok(())
            }
        };
        let _ = a.to_json(Formatting::None, &APIM);
        let _ = a.path();
        if pool.len() > 64 {
            pool.truncate(32);
        }
    }
}

#[test]
fn deep_trees_do_not_overflow_the_stack() {
    let mut t = JToken::new_array();
    for _ in 0..200_000 {
        let parent = JToken::new_array();
        parent.add(Some(t)).unwrap();
        t = parent;
    }
    let json = t.to_json(Formatting::None, &APIM);
    assert_eq!(json.len(), 400_002);
    let copy = t.deep_clone();
    assert!(JToken::deep_equals(Some(&t), Some(&copy)));
    drop(copy);
    drop(t);
    // Parsing deep input stops at MaxDepth 64, without recursion.
    let deep = "[".repeat(100_000);
    let e = JToken::parse(&deep).unwrap_err();
    assert!(e.message.starts_with("The reader's MaxDepth of 64 has been exceeded."));
}
