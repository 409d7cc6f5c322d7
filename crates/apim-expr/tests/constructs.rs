//! One small program per construct, with its expected tree in the compact printed form
//! (`apim_expr::ast::print_body`): literals, strings, names, operators and their
//! precedence, casts, patterns, lambdas, creation expressions, switch expressions and
//! every statement.

use apim_syntax::ExpressionKind;

/// `(code, expected tree)`. A code starting with `@{` is a block.
const CASES: &[(&str, &str)] = &[
    // literals
    (r#"@(42)"#, r#"42"#),
    (r#"@(0xFF)"#, r#"255"#),
    (r#"@(0x_FF_FF)"#, r#"65535"#),
    (r#"@(0b1010_1010)"#, r#"170"#),
    (r#"@(1_000_000)"#, r#"1000000"#),
    (r#"@(10u)"#, r#"10u"#),
    (r#"@(10L)"#, r#"10l"#),
    (r#"@(10UL)"#, r#"10ul"#),
    (r#"@(10lu)"#, r#"10ul"#),
    (r#"@(1.5)"#, r#"1.5"#),
    (r#"@(.5)"#, r#".5"#),
    (r#"@(1e3)"#, r#"1e3"#),
    (r#"@(1.5E-3)"#, r#"1.5E-3"#),
    (r#"@(2.5f)"#, r#"2.5f"#),
    (r#"@(3d)"#, r#"3d"#),
    (r#"@(19.99m)"#, r#"19.99m"#),
    (r#"@("hello")"#, r#""hello""#),
    (r#"@("a\"b\\c\n\t\u0041\x42")"#, r#""a\"b\\c\n\tAB""#),
    (r#"@(@"C:\path\""quoted""")"#, r#""C:\\path\\\"quoted\"""#),
    (
        r#"@(@"multi
line")"#,
        r#""multi\nline""#,
    ),
    (r#"@('c')"#, r#"'c'"#),
    (r#"@('\'')"#, r#"'\''"#),
    (r#"@('"')"#, r#"'"'"#),
    (r#"@('\u0041')"#, r#"'A'"#),
    (r#"@(true)"#, r#"true"#),
    (r#"@(false)"#, r#"false"#),
    (r#"@(null)"#, r#"null"#),
    // interpolated strings, named values and template placeholders
    (r#"@($"plain")"#, r#"(interp "plain")"#),
    (r#"@($"a {b} c")"#, r#"(interp "a " (hole b) " c")"#),
    (r#"@($"{x,10}")"#, r#"(interp (hole x :align 10))"#),
    (r#"@($"{x:N2}")"#, r#"(interp (hole x :format "N2"))"#),
    (r#"@($"{x,-5:yyyy-MM-dd}")"#, r#"(interp (hole x :align (- 5) :format "yyyy-MM-dd"))"#),
    (r#"@($"{{escaped}} {x}")"#, r#"(interp "{escaped} " (hole x))"#),
    (r#"@($@"C:\{dir}\file")"#, r#"(interp@ "C:\\" (hole dir) "\\file")"#),
    (r#"@(@$"q""{x}""")"#, r#"(interp@ "q\"" (hole x) "\"")"#),
    (r#"@($"a {(b ? $"{c}" : "d")} e")"#, r#"(interp "a " (hole (paren (? b (interp (hole c)) "d"))) " e")"#),
    (
        r#"@($"https://graph.microsoft.com/v1.0/groups/{group-id}/members")"#,
        r#"(interp "https://graph.microsoft.com/v1.0/groups/" (placeholder group-id) "/members")"#,
    ),
    (r#"@($"{tenant-id}-{x}")"#, r#"(interp (placeholder tenant-id) "-" (hole x))"#),
    (r#"@($"{ x }")"#, r#"(interp (hole x))"#),
    (r#"@({{my-named-value}})"#, r#"{{my-named-value}}"#),
    (r#"@({{backend.url}} + "/path")"#, r#"(+ {{backend.url}} "/path")"#),
    (r#"@("{{not-a-named-value-inside-string}}")"#, r#""{{not-a-named-value-inside-string}}""#),
    // names, members, generic method calls
    (r#"@(System.Text.Encoding.UTF8.GetBytes(s))"#, r#"(call (. (. (. (. System Text) Encoding) UTF8) GetBytes) s)"#),
    (r#"@(string.Join(",", items))"#, r#"(call (. string Join) "," items)"#),
    (r#"@(int.Parse("5"))"#, r#"(call (. int Parse) "5")"#),
    (r#"@(DateTime.UtcNow)"#, r#"(. DateTime UtcNow)"#),
    (
        r#"@(context.Variables.GetValueOrDefault<string>("x"))"#,
        r#"(call (. (. context Variables) GetValueOrDefault<string>) "x")"#,
    ),
    (r#"@(body.Value<int>("n"))"#, r#"(call (. body Value<int>) "n")"#),
    (r#"@(x.As<JObject>(preserveContent: true))"#, r#"(call (. x As<JObject>) (preserveContent: true))"#),
    (r#"@(context.Request.Body.As<JObject>(true))"#, r#"(call (. (. (. context Request) Body) As<JObject>) true)"#),
    (r#"@(new Dictionary<string, List<int>>())"#, r#"(new Dictionary<string, List<int>> (args))"#),
    (r#"@(a < b)"#, r#"(< a b)"#),
    (r#"@(i < backends.Count)"#, r#"(< i (. backends Count))"#),
    (r#"@(a < b && c > d)"#, r#"(&& (< a b) (> c d))"#),
    (r#"@(a<b>(c))"#, r#"(call a<b> c)"#),
    // postfix operators
    (r#"@(x?.y)"#, r#"(?. x y)"#),
    (r#"@(x?[0])"#, r#"(?index x 0)"#),
    (r#"@(x?.y?.z ?? "d")"#, r#"(?? (?. (?. x y) z) "d")"#),
    (r#"@(list[0])"#, r#"(index list 0)"#),
    (r#"@(m["a", "b"])"#, r#"(index m "a" "b")"#),
    (r#"@(x++)"#, r#"(post++ x)"#),
    (r#"@(x--)"#, r#"(post-- x)"#),
    // unary operators
    (r#"@(++x)"#, r#"(++ x)"#),
    (r#"@(--x)"#, r#"(-- x)"#),
    (r#"@(-x)"#, r#"(- x)"#),
    (r#"@(+x)"#, r#"(+ x)"#),
    (r#"@(!x)"#, r#"(! x)"#),
    (r#"@(~x)"#, r#"(~ x)"#),
    // precedence and associativity
    (r#"@(a + b * c)"#, r#"(+ a (* b c))"#),
    (r#"@((a + b) * c)"#, r#"(* (paren (+ a b)) c)"#),
    (r#"@(a - b - c)"#, r#"(- (- a b) c)"#),
    (r#"@(a / b % c)"#, r#"(% (/ a b) c)"#),
    (r#"@(a << 2 >> 1)"#, r#"(>> (<< a 2) 1)"#),
    (r#"@(a & b | c ^ d)"#, r#"(| (& a b) (^ c d))"#),
    (r#"@(a == b != c)"#, r#"(!= (== a b) c)"#),
    (r#"@(a ?? b ?? c)"#, r#"(?? a (?? b c))"#),
    (r#"@(!a && b || c)"#, r#"(|| (&& (! a) b) c)"#),
    (r#"@(a || b && c)"#, r#"(|| a (&& b c))"#),
    (r#"@(x is string s && s.Length > 0)"#, r#"(&& (is x (type string s)) (> (. s Length) 0))"#),
    // casts versus parenthesized expressions
    (r#"@((int)x + 1)"#, r#"(+ (cast int x) 1)"#),
    (r#"@((int)-1)"#, r#"(cast int (- 1))"#),
    (r#"@((string)context.Variables["x"])"#, r#"(cast string (index (. context Variables) "x"))"#),
    (r#"@((JObject)((JArray)x)[0])"#, r#"(cast JObject (index (paren (cast JArray x)) 0))"#),
    (r#"@(((JObject)config).Value<int>("w"))"#, r#"(call (. (paren (cast JObject config)) Value<int>) "w")"#),
    (r#"@((a) + b)"#, r#"(+ (paren a) b)"#),
    (r#"@((x).ToString())"#, r#"(call (. (paren x) ToString))"#),
    (r#"@((a) && b)"#, r#"(&& (paren a) b)"#),
    (r#"@((a)(b))"#, r#"(cast a (paren b))"#),
    (r#"@((int?)x)"#, r#"(cast int? x)"#),
    (r#"@((string[])arr)"#, r#"(cast string[] arr)"#),
    (r#"@((List<string>)x)"#, r#"(cast List<string> x)"#),
    (r#"@((double)a / b)"#, r#"(/ (cast double a) b)"#),
    // patterns, is, as
    (r#"@(x is string ? a : b)"#, r#"(? (is x (type string)) a b)"#),
    (r#"@(x is null)"#, r#"(is x null)"#),
    (r#"@(x is not null)"#, r#"(is x (not null))"#),
    (r#"@(x is JObject obj)"#, r#"(is x (type JObject obj))"#),
    (r#"@(x is var v)"#, r#"(is x (var v))"#),
    (r#"@(x is 5)"#, r#"(is x 5)"#),
    (r#"@(x is -1)"#, r#"(is x (- 1))"#),
    (r#"@(x is "a")"#, r#"(is x "a")"#),
    (r#"@(x is > 5 and < 10 or 20)"#, r#"(is x (or (and (> 5) (< 10)) 20))"#),
    (r#"@(x is not (string))"#, r#"(is x (not (type string)))"#),
    (r#"@(a == b is T)"#, r#"(== a (is b (type T)))"#),
    (r#"@(x as string)"#, r#"(as x string)"#),
    (r#"@(x as string ?? "d")"#, r#"(?? (as x string) "d")"#),
    (r#"@(x as int? ?? 0)"#, r#"(?? (as x int?) 0)"#),
    (r#"@((x as int?))"#, r#"(paren (as x int?))"#),
    (r#"@(x as JObject ? a : b)"#, r#"(? (as x JObject) a b)"#),
    // conditional, throw, assignment
    (r#"@(a ? b : c)"#, r#"(? a b c)"#),
    (r#"@(a ? b : c ? d : e)"#, r#"(? a b (? c d e))"#),
    (r#"@(a ? b ? c : d : e)"#, r#"(? a (? b c d) e)"#),
    (r#"@(x ?? throw new Exception("no"))"#, r#"(?? x (throw (new Exception (args "no"))))"#),
    (r#"@(a ? b : throw new ArgumentException())"#, r#"(? a b (throw (new ArgumentException (args))))"#),
    (r#"@(x = 1)"#, r#"(= x 1)"#),
    (r#"@(x += 1)"#, r#"(+= x 1)"#),
    (r#"@(x ??= y)"#, r#"(??= x y)"#),
    (r#"@(x = y = 1)"#, r#"(= x (= y 1))"#),
    // lambdas
    (r#"@(x => x + 1)"#, r#"(lambda (x) (+ x 1))"#),
    (r#"@((a, b) => a + b)"#, r#"(lambda (a b) (+ a b))"#),
    (r#"@((int a) => a)"#, r#"(lambda ((int a)) a)"#),
    (r#"@(() => 1)"#, r#"(lambda () 1)"#),
    (r#"@((x) => x)"#, r#"(lambda (x) x)"#),
    (r#"@((ref int a, out string b) => a)"#, r#"(lambda ((ref int a) (out string b)) a)"#),
    (r#"@(f(x => y => x + y))"#, r#"(call f (lambda (x) (lambda (y) (+ x y))))"#),
    (r#"@(x => { return x; })"#, r#"(lambda (x) (block (return x)))"#),
    (
        r#"@(list.Where(x => x.Age > 3).Select(x => new { x.Name }))"#,
        r#"(call (. (call (. list Where) (lambda (x) (> (. x Age) 3))) Select) (lambda (x) (new-anon (. x Name))))"#,
    ),
    (
        r#"@(items.Any(i => i.Length > 0 && i != "x"))"#,
        r#"(call (. items Any) (lambda (i) (&& (> (. i Length) 0) (!= i "x"))))"#,
    ),
    // object, collection, array and anonymous creation
    (r#"@(new JObject())"#, r#"(new JObject (args))"#),
    (r#"@(new JObject { {"k", v}, ["x"] = 1 })"#, r#"(new JObject (init (init "k" v) (at "x" 1)))"#),
    (r#"@(new JObject(new JProperty("a", 1)))"#, r#"(new JObject (args (new JProperty (args "a" 1))))"#),
    (r#"@(new Uri("https://x"))"#, r#"(new Uri (args "https://x"))"#),
    (r#"@(new X { A = 1, B = { 2, 3 } })"#, r#"(new X (init (member A 1) (member B (init 2 3))))"#),
    (r#"@(new List<int> { 1, 2, 3 })"#, r#"(new List<int> (init 1 2 3))"#),
    (
        r#"@(new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 })"#,
        r#"(new Dictionary<string, int> (init (at "a" 1) (at "b" 2)))"#,
    ),
    (r#"@(new int[n])"#, r#"(new-array int (sizes n))"#),
    (r#"@(new int[2, 3])"#, r#"(new-array int (sizes 2 3))"#),
    (r#"@(new string[] { "a", "b" })"#, r#"(new-array string (sizes) [1] (init "a" "b"))"#),
    (r#"@(new char[] {'='})"#, r#"(new-array char (sizes) [1] (init '='))"#),
    (r#"@(new[] { "a" })"#, r#"(new-array _ (sizes) [1] (init "a"))"#),
    (r#"@(new int[3][])"#, r#"(new-array int (sizes 3) [1])"#),
    (r#"@(new int[,] { { 1, 2 }, { 3, 4 } })"#, r#"(new-array int (sizes) [2] (init (init 1 2) (init 3 4)))"#),
    (r#"@(new { a = 1, b })"#, r#"(new-anon (a 1) b)"#),
    (r#"@(new { x.Name, Count = 2 })"#, r#"(new-anon (. x Name) (Count 2))"#),
    // operators on types, tuples
    (r#"@(typeof(string))"#, r#"(typeof string)"#),
    (r#"@(typeof(List<int>))"#, r#"(typeof List<int>)"#),
    (r#"@(default(int))"#, r#"(default int)"#),
    (r#"@(default)"#, r#"default"#),
    (r#"@(checked(a + b))"#, r#"(checked (+ a b))"#),
    (r#"@(unchecked(a * b))"#, r#"(unchecked (* a b))"#),
    (r#"@(nameof(x))"#, r#"(nameof x)"#),
    (r#"@(this)"#, r#"this"#),
    (r#"@((a, b))"#, r#"(tuple a b)"#),
    (r#"@((a < b, c > d))"#, r#"(tuple (< a b) (> c d))"#),
    (r#"@(f(a < b, c > (d)))"#, r#"(call f (call a<b, c> d))"#),
    (r#"@(x<y>>1)"#, r#"(< x (>> y 1))"#),
    (r#"@(a+++b)"#, r#"(+ (post++ a) b)"#),
    (r#"@(a ? .5 : 1)"#, r#"(? a .5 1)"#),
    (r#"@(((a)))"#, r#"(paren (paren a))"#),
    // switch expressions
    (
        r#"@(x switch { 1 => "a", string s when s.Length > 0 => s, _ => "z" })"#,
        r#"(switch x (arm 1 "a") (arm (type string s) (when (> (. s Length) 0)) s) (arm _ "z"))"#,
    ),
    (
        r#"@(x switch { int n when n > 0 => "pos", bool flag when flag => "yes", _ => "no" })"#,
        r#"(switch x (arm (type int n) (when (> n 0)) "pos") (arm (type bool flag) (when flag) "yes") (arm _ "no"))"#,
    ),
    (r#"@(x switch { null => 0, > 5 => 1, _ => 2, })"#, r#"(switch x (arm null 0) (arm (> 5) 1) (arm _ 2))"#),
    (
        r#"@(code switch { HttpStatusCode.OK => "ok", _ => "no" })"#,
        r#"(switch code (arm (. HttpStatusCode OK) "ok") (arm _ "no"))"#,
    ),
    // arguments
    (r#"@(int.TryParse(s, out var n) ? n : 0)"#, r#"(? (call (. int TryParse) s (out var n)) n 0)"#),
    (r#"@(int.TryParse(s, out int n))"#, r#"(call (. int TryParse) s (out int n))"#),
    (r#"@(dict.TryGetValue(k, out _))"#, r#"(call (. dict TryGetValue) k (out var _))"#),
    (r#"@(f(ref x, in y))"#, r#"(call f (ref x) (in y))"#),
    (r#"@(f(a: 1, b: 2))"#, r#"(call f (a: 1) (b: 2))"#),
    // trivia and identifiers
    (r#"@(a /* comment */ + b)"#, r#"(+ a b)"#),
    (
        r#"@(a // line
+ b)"#,
        r#"(+ a b)"#,
    ),
    (r#"@(@class + @if)"#, r#"(+ class if)"#),
    (r#"@(résumé + 1)"#, r#"(+ résumé 1)"#),
    // statements
    (r#"@{ return 1; }"#, r#"(block (return 1))"#),
    (r#"@{ var x = 1; return x; }"#, r#"(block (decl var (x 1)) (return x))"#),
    (
        r#"@{ int[] a = { 1, 2 }; const int N = 5; return a; }"#,
        r#"(block (decl int[] (a (init 1 2))) (const int (N 5)) (return a))"#,
    ),
    (r#"@{ string a = "x", b; int c, d = 2; }"#, r#"(block (decl string (a "x") (b)) (decl int (c) (d 2)))"#),
    (
        r#"@{ a = b; a.b = c; x++; list[0] = 1; f(); }"#,
        r#"(block (= a b) (= (. a b) c) (post++ x) (= (index list 0) 1) (call f))"#,
    ),
    (
        r#"@{ if (a) return 1; else if (b) return 2; else { return 3; } }"#,
        r#"(block (if a (return 1) (if b (return 2) (block (return 3)))))"#,
    ),
    (r#"@{ if (a) if (b) x(); else y(); }"#, r#"(block (if a (if b (call x) (call y))))"#),
    (
        r#"@{ switch (x) { case 1: case 2 when y: return 1; case "a": { break; } default: break; } }"#,
        r#"(block (switch x (section (case 1) (case 2 (when y)) (return 1)) (section (case "a") (block (break))) (section (default) (break))))"#,
    ),
    (
        r#"@{ switch (o) { case string s: return s; case null: return ""; case HttpStatusCode.OK: return "ok"; } }"#,
        r#"(block (switch o (section (case (type string s)) (return s)) (section (case null) (return "")) (section (case (. HttpStatusCode OK)) (return "ok"))))"#,
    ),
    (
        r#"@{ for (int i = 0, j = 1; i < 10; i++, j--) ; }"#,
        r#"(block (for ((decl int (i 0) (j 1))) (< i 10) ((post++ i) (post-- j)) (empty)))"#,
    ),
    (r#"@{ for (;;) { break; } }"#, r#"(block (for () _ () (block (break))))"#),
    (
        r#"@{ for (i = 0; i < n; i++) { continue; } }"#,
        r#"(block (for ((= i 0)) (< i n) ((post++ i)) (block (continue))))"#,
    ),
    (
        r#"@{ foreach (var i in xs) { } foreach (JObject o in arr) x(o); }"#,
        r#"(block (foreach var i xs (block)) (foreach JObject o arr (call x o)))"#,
    ),
    (r#"@{ while (x < 10) x++; }"#, r#"(block (while (< x 10) (post++ x)))"#),
    (r#"@{ do x++; while (x < 10); }"#, r#"(block (do (post++ x) (< x 10)))"#),
    (
        r#"@{ try { a(); } catch (Exception e) when (e != null) { } catch { } finally { b(); } }"#,
        r#"(block (try (block (call a)) (catch Exception e (when (!= e null)) (block)) (catch (block)) (finally (block (call b)))))"#,
    ),
    (
        r#"@{ try { } catch (JsonException) { throw; } }"#,
        r#"(block (try (block) (catch JsonException (block (throw)))))"#,
    ),
    (
        r#"@{ using (var h = SHA256.Create()) { } using (x) y(); }"#,
        r#"(block (using (decl var (h (call (. SHA256 Create)))) (block)) (using x (call y)))"#,
    ),
    (
        r#"@{ using var h = SHA256.Create(); return h; }"#,
        r#"(block (using (decl var (h (call (. SHA256 Create))))) (return h))"#,
    ),
    (r#"@{ lock (o) { } }"#, r#"(block (lock o (block)))"#),
    (r#"@{ throw new Exception("x"); }"#, r#"(block (throw (new Exception (args "x"))))"#),
    (
        r#"@{ checked { x++; } unchecked { y++; } }"#,
        r#"(block (checked (block (post++ x))) (unchecked (block (post++ y))))"#,
    ),
    (r#"@{ yield return 1; yield break; }"#, r#"(block (yield-return 1) (yield-break))"#),
    (r#"@{ ; ; }"#, r#"(block (empty) (empty))"#),
    (r#"@{ { { } } }"#, r#"(block (block (block)))"#),
    (
        r#"@{ List<string> names = new List<string>(); Dictionary<string, List<int>> m = null; }"#,
        r#"(block (decl List<string> (names (new List<string> (args)))) (decl Dictionary<string, List<int>> (m null)))"#,
    ),
    (
        r#"@{ var t = (a, b); (int, string) u = (1, "a"); }"#,
        r#"(block (decl var (t (tuple a b))) (decl (int, string) (u (tuple 1 "a"))))"#,
    ),
    (r#"@{ Func<int, int> f = x => x * 2; }"#, r#"(block (decl Func<int, int> (f (lambda (x) (* x 2)))))"#),
    (
        r#"@{ var s = $"{a}"; return s.Length > 0 ? s : "none"; }"#,
        r#"(block (decl var (s (interp (hole a)))) (return (? (> (. s Length) 0) s "none")))"#,
    ),
    (
        r#"@{ int? n = null; string[] parts = s.Split(','); int[,] grid = new int[2, 2]; }"#,
        r#"(block (decl int? (n null)) (decl string[] (parts (call (. s Split) ','))) (decl int[,] (grid (new-array int (sizes 2 2)))))"#,
    ),
    (
        r#"@{ int Sq(int x) => x * x; string Name(JToken t) { return (string)t["n"]; } return Sq(2); }"#,
        r#"(block (local-function int Sq (int x) (* x x)) (local-function string Name (JToken t) (block (return (cast string (index t "n"))))) (return (call Sq 2)))"#,
    ),
    (r#"@(new int?[0].Max())"#, r#"(call (. (new-array int? (sizes 0)) Max))"#),
];

fn kind(code: &str) -> ExpressionKind {
    if code.starts_with("@{") { ExpressionKind::Block } else { ExpressionKind::Single }
}

#[test]
fn constructs_parse_to_the_expected_tree() {
    let mut failures = Vec::new();
    for &(code, expected) in CASES {
        let parsed = apim_expr::parse(code, kind(code));
        let printed = parsed.ast.as_ref().map(apim_expr::ast::print_body);
        if !parsed.errors.is_empty() || printed.as_deref() != Some(expected) {
            failures.push(format!("{code}\n  expected {expected}\n  got      {printed:?} {:?}", parsed.errors));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

/// A block in the style of the real corpus, using most statements at once.
const LONG_BLOCK: &str = r#"@{
    // Pick a backend by weight; fall back to the first one.
    var backends = (JArray)context.Variables["backends"];
    int total = 0, chosen = -1;
    foreach (JObject backend in backends) {
        total += backend.Value<int>("weight");
    }
    var random = new Random(context.RequestId.GetHashCode());
    int pick = random.Next(total);
    for (int i = 0; i < backends.Count; i++) {
        pick -= backends[i]["weight"].Value<int>();
        if (pick < 0) { chosen = i; break; }
    }
    string region;
    switch (context.Request.Headers.GetValueOrDefault("x-region", "").ToLowerInvariant()) {
        case "eu":
        case "europe":
            region = "westeurope";
            break;
        case var other when other.StartsWith("us"):
            region = "eastus";
            break;
        default:
            region = null;
            break;
    }
    try {
        using (var sha = System.Security.Cryptography.SHA256.Create()) {
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(region ?? "none"));
            context.Variables["hash"] = Convert.ToBase64String(hash);
        }
    } catch (Exception ex) when (ex is ArgumentException) {
        return $"error: {ex.Message}";
    } finally {
        chosen = chosen < 0 ? 0 : chosen;
    }
    return backends[chosen]["url"].ToString();
}"#;

#[test]
fn a_thirty_line_block_parses() {
    let parsed = apim_expr::parse(LONG_BLOCK, ExpressionKind::Block);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let Some(apim_expr::ast::Body::Block(block)) = &parsed.ast else { panic!("no block") };
    assert!(LONG_BLOCK.lines().count() >= 30);
    assert_eq!(block.statements.len(), 10);
    let printed = apim_expr::ast::print_body(parsed.ast.as_ref().unwrap());
    for fragment in [
        "(decl var (backends (cast JArray (index (. context Variables) \"backends\"))))",
        "(decl int (total 0) (chosen (- 1)))",
        "(foreach JObject backend backends (block (+= total (call (. backend Value<int>) \"weight\"))))",
        "(for ((decl int (i 0))) (< i (. backends Count)) ((post++ i))",
        "(if (< pick 0) (block (= chosen i) (break)))",
        "(section (case \"eu\") (case \"europe\") (= region \"westeurope\") (break))",
        "(section (case (var other) (when (call (. other StartsWith) \"us\"))) (= region \"eastus\") (break))",
        "(section (default) (= region null) (break))",
        "(catch Exception ex (when (is ex (type ArgumentException))) (block (return (interp \"error: \" (hole (. ex Message))))))",
        "(finally (block (= chosen (? (< chosen 0) 0 chosen))))",
        "(return (call (. (index (index backends chosen) \"url\") ToString)))",
    ] {
        assert!(printed.contains(fragment), "missing {fragment}\nin {printed}");
    }
}

#[test]
fn ranges_are_byte_offsets_into_the_code() {
    use apim_expr::ast::{Body, ExprKind};
    let code = "@(a + b * c)";
    let parsed = apim_expr::parse(code, ExpressionKind::Single);
    let Some(Body::Expression(expr)) = parsed.ast else { panic!("no tree") };
    assert_eq!(&code[expr.range.range()], "a + b * c");
    let ExprKind::Binary { left, right, .. } = &expr.kind else { panic!("not binary") };
    assert_eq!(&code[left.range.range()], "a");
    assert_eq!(&code[right.range.range()], "b * c");

    let code = r#"@{ var x = context.Request.Headers["a"]; }"#;
    let parsed = apim_expr::parse(code, ExpressionKind::Block);
    let Some(Body::Block(block)) = parsed.ast else { panic!("no tree") };
    assert_eq!(&code[block.statements[0].range.range()], r#"var x = context.Request.Headers["a"];"#);
    let apim_expr::ast::StmtKind::LocalDecl(decl) = &block.statements[0].kind else { panic!("not a declaration") };
    assert_eq!(&code[decl.declarators[0].name.range.range()], "x");
    let Some(apim_expr::ast::VarInit::Expr(init)) = &decl.declarators[0].init else { panic!("no initializer") };
    assert_eq!(&code[init.range.range()], r#"context.Request.Headers["a"]"#);
}

#[test]
fn error_offsets_map_back_to_the_file() {
    // Entities and raw quotes before the error prove the offset map.
    let source =
        r#"<policies><inbound><set-variable name="v" value="@(&quot;a&quot; + "b" + )" /></inbound></policies>"#;
    let document = apim_syntax::parse(source);
    let root = document.document.root().expect("root");
    let inbound = root.child_elements().next().expect("inbound");
    let set_variable = inbound.child_elements().next().expect("set-variable");
    let expression = set_variable.attribute("value").and_then(|value| value.value.as_expression()).expect("expr");
    let parsed = apim_expr::parse(&expression.code, expression.kind);
    let error = parsed.errors.first().expect("an error");
    let span = expression.source_span(error.range.clone());
    assert_eq!(&source[span.range()], ")");
    assert_eq!(error.message, "unexpected `)`; expected an expression");
}
