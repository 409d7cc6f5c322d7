// Reference side of crates/apim-json/tests/differential.rs: runs every case of
// cases.tsv through Newtonsoft.Json and writes one line per case:
//   name <TAB> result
// where result is escaped (\\ \r \n \t \0) so that it fits on one line. Results:
//   a value                         (the formats below)
//   !<exception full type name>: <message>
// Value formats: strings as "s:<text>", null as "(null)", doubles as "d:<16 hex digits of
// the IEEE bits>", DateTime as "dt:<ticks>:<kind>", bool as True/False, integers in decimal.
//
// Usage: mono Newtonsoft.exe <cases.tsv> <out.txt>
// Built by the Rust test with: mcs -r:Newtonsoft.Json.dll -r:System.Numerics.dll
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

static class Program
{
    static string Unescape(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 1 < s.Length && s[i + 1] == '%') { sb.Append('%'); i++; }
            else if (s[i] == '%' && i + 2 < s.Length) { sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 2), 16)); i += 2; }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }

    static string Escape(string s)
    {
        return s.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t").Replace("\0", "\\0");
    }

    static string Show(object v)
    {
        if (v == null) return "(null)";
        if (v is string) return "s:" + (string)v;
        if (v is double) return "d:" + BitConverter.DoubleToInt64Bits((double)v).ToString("x16");
        if (v is DateTime) { var d = (DateTime)v; return "dt:" + d.Ticks + ":" + d.Kind; }
        if (v is bool) return ((bool)v) ? "True" : "False";
        if (v is JToken) return "j:" + ((JToken)v).ToString(Formatting.None);
        return Convert.ToString(v, CultureInfo.InvariantCulture);
    }

    static string Dump(JToken t)
    {
        return t.Type + "|" + t.ToString() + "|" + t.ToString(Formatting.Indented) + "|" + t.ToString(Formatting.None);
    }

    static object Key(string arg)
    {
        if (arg.StartsWith("i:")) return int.Parse(arg.Substring(2), CultureInfo.InvariantCulture);
        if (arg.StartsWith("l:")) return long.Parse(arg.Substring(2), CultureInfo.InvariantCulture);
        if (arg.StartsWith("s:")) return arg.Substring(2);
        throw new Exception("bad key " + arg);
    }

    static JToken Target(string arg, string input)
    {
        JToken t = JToken.Parse(input);
        if (arg == "prop") return ((JObject)t).Properties().First();
        return t;
    }

    static string Run(string op, string arg, string input)
    {
        switch (op)
        {
            case "parse": return Dump(JToken.Parse(input));
            case "parse_object": return Dump(JObject.Parse(input));
            case "parse_array": return Dump(JArray.Parse(input));
            case "cast_int": return Show((int)Target(arg, input));
            case "cast_int?": return Show((int?)Target(arg, input));
            case "cast_long": return Show((long)Target(arg, input));
            case "cast_double": return Show((double)Target(arg, input));
            case "cast_bool": return Show((bool)Target(arg, input));
            case "cast_string": return Show((string)Target(arg, input));
            case "cast_datetime": return Show((DateTime)Target(arg, input));
            case "value_int": return Show(JObject.Parse(input).Value<int>(Key(arg)));
            case "value_int?": return Show(JObject.Parse(input).Value<int?>(Key(arg)));
            case "value_long": return Show(JObject.Parse(input).Value<long>(Key(arg)));
            case "value_double": return Show(JObject.Parse(input).Value<double>(Key(arg)));
            case "value_bool": return Show(JObject.Parse(input).Value<bool>(Key(arg)));
            case "value_string": return Show(JObject.Parse(input).Value<string>(Key(arg)));
            case "value_datetime": return Show(JObject.Parse(input).Value<DateTime>(Key(arg)));
            case "index": { var r = JToken.Parse(input)[Key(arg)]; return r == null ? "(null)" : r.ToString(Formatting.None); }
            case "select": { var r = JToken.Parse(input).SelectToken(arg); return r == null ? "(null)" : r.ToString(Formatting.None) + "@" + r.Path; }
            case "select_all": return string.Join(",", JToken.Parse(input).SelectTokens(arg).Select(x => x.ToString(Formatting.None)).ToArray());
            case "deep_equals": return Show(JToken.DeepEquals(JToken.Parse(input), JToken.Parse(arg)));
            case "scenario": return Scenario(arg, input);
        }
        throw new Exception("unknown op " + op);
    }

    static string None(JToken t) { return t.ToString(Formatting.None); }

    static string Scenario(string name, string input)
    {
        switch (name)
        {
            case "alias_mutation": {
                var o = JObject.Parse(input); var a = o["x"]; a["y"] = 1; return None(o);
            }
            case "clone_on_add": {
                var o = JObject.Parse(input); var arr = new JArray(); var child = o["a"]; arr.Add(child);
                arr[0]["b"] = 2; return None(o) + "|" + None(arr) + "|" + Show(object.ReferenceEquals(arr[0], child));
            }
            case "add_without_parent_keeps_identity": {
                var arr = new JArray(); var v = new JObject(); arr.Add(v); v["k"] = 1;
                return None(arr) + "|" + Show(object.ReferenceEquals(arr[0], v));
            }
            case "duplicate_add": { var o = JObject.Parse(input); o.Add("a", 2); return None(o); }
            case "indexer_set": { var o = JObject.Parse(input); o["a"] = 3; o["c"] = 4; return None(o); }
            case "remove_key": {
                var o = JObject.Parse(input); var r1 = o.Remove("b"); var r2 = o.Remove("zz");
                return Show(r1) + "|" + Show(r2) + "|" + None(o) + "|" + Show(((IDictionary<string, JToken>)o).ContainsKey("a")) + "|" + Show(((IDictionary<string, JToken>)o).ContainsKey("b"));
            }
            case "add_self": { var a = JArray.Parse(input); a.Add(a); return None(a); }
            case "equal_value_keeps_identity": {
                var o = JObject.Parse(input); var v = o["a"]; o["a"] = new JValue(1L); var same = object.ReferenceEquals(o["a"], v);
                o["a"] = new JValue(2L); return Show(same) + "|" + Show(object.ReferenceEquals(o["a"], v)) + "|" + Show(v.Parent == null) + "|" + None(o);
            }
            case "parent_chain": {
                var o = JObject.Parse(input); var t = o["a"][0]["b"];
                return t.Path + "|" + t.Parent.Type + "|" + t.Parent.Parent.Type + "|" + t.Root.Type + "|" + Show(object.ReferenceEquals(t.Root, o));
            }
            case "property_tostring": { var o = JObject.Parse(input); return o.Property("a").ToString() + "|" + o.Property("a").ToString(Formatting.None); }
            case "array_ops": {
                var a = JArray.Parse(input); a.RemoveAt(0); a.Insert(1, 9); a.Add(null); a.AddFirst("s");
                return None(a) + "|" + a.Count + "|" + None(a.First) + "|" + None(a.Last) + "|" + Show(a.HasValues);
            }
            case "merge": {
                var o = JObject.Parse(input); o.Merge(JObject.Parse("{\"b\":{\"e\":2},\"d\":[2],\"f\":null,\"a\":null,\"g\":[1]}")); return None(o);
            }
            case "deep_clone": {
                var o = JObject.Parse(input); var c = (JObject)o.DeepClone(); var eq1 = JToken.DeepEquals(o, c); c["a"] = 2;
                return None(o) + "|" + None(c) + "|" + Show(eq1) + "|" + Show(JToken.DeepEquals(o, c)) + "|" + Show(c.Parent == null);
            }
            case "remove_from_property": { var o = JObject.Parse(input); o["a"].Remove(); return None(o); }
            case "remove_without_parent": { JToken.Parse(input).Remove(); return "ok"; }
            case "add_value_to_object": { var o = JObject.Parse(input); o.Add(new JValue(1L)); return None(o); }
            case "add_property_to_array": { var a = JArray.Parse(input); a.Add(new JProperty("p", 1)); return None(a); }
            case "array_set_out_of_range": { var a = JArray.Parse(input); a[3] = 1; return None(a); }
            case "value_first": { return None(JToken.Parse(input).First); }
            case "from_object": {
                return JToken.FromObject("s").Type + "," + JToken.FromObject(5).Type + "," + JToken.FromObject(1.5).Type + ","
                    + JToken.FromObject(true).Type + "," + JToken.FromObject(5).ToString() + "," + JToken.FromObject(1.5).ToString(Formatting.None);
            }
            case "property_move": {
                var o = JObject.Parse(input); var p = o.Property("a"); p.Remove(); var o2 = new JObject(); o2.Add(p);
                return None(o) + "|" + None(o2) + "|" + Show(object.ReferenceEquals(o2.Property("a"), p));
            }
            case "children": {
                var t = JToken.Parse(input);
                return t.Children().Count() + "|" + string.Join(",", t.Children().Select(c => c.Type.ToString()).ToArray()) + "|" + Show(t.HasValues)
                    + "|" + (t is JObject ? string.Join(",", ((JObject)t).Properties().Select(p => p.Name).ToArray()) : "-");
            }
            case "round_trip": {
                var t = JToken.Parse(input); var again = JToken.Parse(t.ToString()); return Show(JToken.DeepEquals(t, again)) + "|" + None(again);
            }
            case "get_value": {
                var o = JObject.Parse(input); JToken v; var found = o.TryGetValue("a", out v);
                return Show(found) + "|" + (v == null ? "(null)" : None(v)) + "|" + (o.GetValue("zz") == null ? "(null)" : "x") + "|" + (o["zz"] == null ? "(null)" : "x");
            }
            case "jvalue_tostring": { return JToken.Parse(input).ToString(); }
            case "set_on_value": { var t = JToken.Parse(input); t["a"] = 1; return None(t); }
            case "replace": { var o = JObject.Parse(input); o["a"].Replace(new JArray(1, 2)); return None(o); }
        }
        throw new Exception("unknown scenario " + name);
    }

    static int Main(string[] args)
    {
        Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
        Thread.CurrentThread.CurrentUICulture = CultureInfo.InvariantCulture;
        var output = new StringBuilder();
        foreach (var raw in File.ReadAllLines(args[0], Encoding.UTF8))
        {
            if (raw.Length == 0 || raw.StartsWith("#")) continue;
            var cols = raw.Split('\t');
            string name = cols[0], op = cols[1], arg = cols[2] == "-" ? "" : Unescape(cols[2]), input = Unescape(cols[3]);
            string result;
            try { result = Run(op, arg, input); }
            catch (Exception e) { result = "!" + e.GetType().FullName + ": " + e.Message; }
            output.Append(name).Append('\t').Append(Escape(result)).Append('\n');
        }
        File.WriteAllText(args[1], output.ToString(), new UTF8Encoding(false));
        return 0;
    }
}
