// A small stub of the Azure API Management policy-expression `context` model, so that
// expressions can be compiled and run by Mono's C# compiler as a reference for `apim eval`.
//
// Member names and types follow ../shared/reference/expressions.json (context_model).
// Behaviour that APIM does not document follows the `apim eval` contract; see
// tests/differential/README.md for the list of choices and known differences.
//
// Layout:
//   namespace Apim.Differential          what an expression can see (interfaces and the
//                                        documented extension helpers)
//   namespace Apim.Differential.Model    the classes behind the interfaces
//   namespace Apim.Differential.Harness  loader (case JSON -> context) and the runner
//
// Case methods are generated into namespace Apim.Differential, so the helpers here win
// over same-named extension methods that Mono's class library has and .NET Framework
// has not (System.Collections.Generic.CollectionExtensions.GetValueOrDefault).

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Apim.Differential
{
    // ---------------------------------------------------------------- the model

    public interface IProxyRequestContext
    {
        IApi Api { get; }
        IBackend Backend { get; }
        IDeployment Deployment { get; }
        TimeSpan Elapsed { get; }
        ILastError LastError { get; }
        IOperation Operation { get; }
        IProduct Product { get; }
        IRequest Request { get; }
        Guid RequestId { get; }
        IResponse Response { get; }
        ISubscription Subscription { get; }
        DateTime Timestamp { get; }
        bool Tracing { get; }
        IUser User { get; }
        IReadOnlyDictionary<string, object> Variables { get; }
        IWorkspace Workspace { get; }
        void Trace(string message);
    }

    public interface IApi
    {
        string Id { get; }
        bool IsCurrentRevision { get; }
        string Name { get; }
        string Path { get; }
        IEnumerable<string> Protocols { get; }
        string Revision { get; }
        IUrl ServiceUrl { get; }
        ISubscriptionKeyParameterNames SubscriptionKeyParameterNames { get; }
        string Version { get; }
    }

    public interface ISubscriptionKeyParameterNames
    {
        string Header { get; }
        string Query { get; }
    }

    public enum BackendType { Single, Pool }

    public interface IBackend
    {
        string AzureRegion { get; }
        string Id { get; }
        BackendType Type { get; }
    }

    public interface IGateway
    {
        string Id { get; }
        string InstanceId { get; }
        bool IsManaged { get; }
    }

    public interface IDeployment
    {
        IReadOnlyDictionary<string, X509Certificate2> Certificates { get; }
        IGateway Gateway { get; }
        string GatewayId { get; }
        string Region { get; }
        string ServiceId { get; }
        string ServiceName { get; }
    }

    public interface ILastError
    {
        string Message { get; }
        string Path { get; }
        string PolicyId { get; }
        string Reason { get; }
        string Scope { get; }
        string Section { get; }
        string Source { get; }
    }

    public interface IOperation
    {
        string Id { get; }
        string Method { get; }
        string Name { get; }
        string UrlTemplate { get; }
    }

    public enum ProductState { NotPublished, Published }

    public interface IGroup
    {
        string Id { get; }
        string Name { get; }
    }

    public interface IProduct
    {
        bool ApprovalRequired { get; }
        IEnumerable<IGroup> Groups { get; }
        string Id { get; }
        string Name { get; }
        ProductState State { get; }
        bool SubscriptionRequired { get; }
        int? SubscriptionsLimit { get; }
    }

    public interface IUrl
    {
        string Host { get; }
        string Path { get; }
        int Port { get; }
        IReadOnlyDictionary<string, string[]> Query { get; }
        string QueryString { get; }
        string Scheme { get; }
    }

    public interface IMessageBody
    {
        T As<T>(bool preserveContent = false);
        IDictionary<string, IList<string>> AsFormUrlEncodedContent(bool preserveContent = false);
    }

    public interface IPrivateEndpointConnection
    {
        string GroupId { get; }
        string MemberName { get; }
        string Name { get; }
    }

    public interface IRequest
    {
        IMessageBody Body { get; }
        X509Certificate2 Certificate { get; }
        IReadOnlyDictionary<string, string[]> Headers { get; }
        string IpAddress { get; }
        IReadOnlyDictionary<string, string> MatchedParameters { get; }
        string Method { get; }
        IUrl OriginalUrl { get; }
        IPrivateEndpointConnection PrivateEndpointConnection { get; }
        IUrl Url { get; }
    }

    public interface IResponse
    {
        IMessageBody Body { get; }
        IReadOnlyDictionary<string, string[]> Headers { get; }
        int StatusCode { get; }
        string StatusReason { get; }
    }

    public interface ISubscription
    {
        DateTime CreatedDate { get; }
        DateTime? EndDate { get; }
        string Id { get; }
        string Key { get; }
        string Name { get; }
        string PrimaryKey { get; }
        string SecondaryKey { get; }
        DateTime? StartDate { get; }
    }

    public interface IUserIdentity
    {
        string Id { get; }
        string Provider { get; }
    }

    public interface IUser
    {
        string Email { get; }
        string FirstName { get; }
        IEnumerable<IGroup> Groups { get; }
        string Id { get; }
        IEnumerable<IUserIdentity> Identities { get; }
        string LastName { get; }
        string Note { get; }
        DateTime RegistrationDate { get; }
    }

    public interface IWorkspace
    {
        string Id { get; }
        string Name { get; }
    }

    // ---------------------------------------------------------------- documented helpers

    /// GetValueOrDefault on header, query and claim dictionaries: all values joined with ",".
    public static class StringValuesDictionaryExtensions
    {
        public static string GetValueOrDefault(this IReadOnlyDictionary<string, string[]> dictionary, string name, string defaultValue = null)
        {
            string[] values;
            if (dictionary != null && name != null && dictionary.TryGetValue(name, out values) && values != null)
                return string.Join(",", values);
            return defaultValue;
        }
    }

    /// GetValueOrDefault on context.Variables. The stored value is cast with (T), so a
    /// boxed int read as long (or a string read as int) throws InvalidCastException.
    public static class VariablesExtensions
    {
        public static T GetValueOrDefault<T>(this IReadOnlyDictionary<string, object> dictionary, string name)
        {
            return GetValueOrDefault<T>(dictionary, name, default(T));
        }

        public static T GetValueOrDefault<T>(this IReadOnlyDictionary<string, object> dictionary, string name, T defaultValue)
        {
            object value;
            if (dictionary.TryGetValue(name, out value))
                return (T)value;
            return defaultValue;
        }

        // One-argument, non-generic form seen in real policies:
        // (string)context.Variables.GetValueOrDefault("name")
        public static object GetValueOrDefault(this IReadOnlyDictionary<string, object> dictionary, string name)
        {
            object value;
            return dictionary.TryGetValue(name, out value) ? value : null;
        }
    }


    // ---------------------------------------------------------------- authorization helpers
    //
    // AsJwt / TryParseJwt / AsBasic / TryParseBasic (expressions.json "helpers"): parsing
    // only. Undocumented choices, the same in apim-runtime (src/builtins/auth.rs): a
    // leading "Bearer " is skipped; a JWT is three dot-separated base64url parts (the
    // signature may be empty) whose first two are JSON objects; a claim's values are its
    // string, or each element of an array, other JSON written compactly.

    public sealed class Jwt
    {
        public string Id { get; internal set; }
        public string Issuer { get; internal set; }
        public string Subject { get; internal set; }
        public IEnumerable<string> Audiences { get; internal set; }
        public DateTime? ExpirationTime { get; internal set; }
        public DateTime? NotBefore { get; internal set; }
        public DateTime? IssuedAt { get; internal set; }
        public string Algorithm { get; internal set; }
        public string Type { get; internal set; }
        public IReadOnlyDictionary<string, string[]> Claims { get; internal set; }
    }

    public sealed class BasicAuthCredentials
    {
        public string UserId { get; internal set; }
        public string Password { get; internal set; }
    }

    public static class AuthorizationExtensions
    {
        public static Jwt AsJwt(this string input)
        {
            Jwt jwt;
            return TryParseJwt(input, out jwt) ? jwt : null;
        }

        public static bool TryParseJwt(this string input, out Jwt result)
        {
            result = null;
            if (input == null) return false;
            string token = input.Trim();
            int space = token.IndexOf(' ');
            if (space >= 0 && token.Substring(0, space).Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                token = token.Substring(space + 1).TrimStart();
            string[] parts = token.Split('.');
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0) return false;
            if (parts[2].Length > 0 && FromBase64Url(parts[2]) == null) return false;
            JObject header = ParseObject(parts[0]);
            JObject payload = header == null ? null : ParseObject(parts[1]);
            if (payload == null) return false;
            var claims = new Dictionary<string, string[]>();
            foreach (JProperty p in payload.Properties())
                claims[p.Name] = ClaimValues(p.Value);
            Func<string, string> first = name => claims.ContainsKey(name) && claims[name].Length > 0 ? claims[name][0] : null;
            JToken alg = header["alg"], typ = header["typ"];
            result = new Jwt
            {
                Id = first("jti"),
                Issuer = first("iss"),
                Subject = first("sub"),
                Audiences = claims.ContainsKey("aud") ? claims["aud"] : new string[0],
                ExpirationTime = Time(payload["exp"]),
                NotBefore = Time(payload["nbf"]),
                IssuedAt = Time(payload["iat"]),
                Algorithm = alg != null && alg.Type == JTokenType.String ? (string)alg : null,
                Type = typ != null && typ.Type == JTokenType.String ? (string)typ : null,
                Claims = claims,
            };
            return true;
        }

        public static BasicAuthCredentials AsBasic(this string input)
        {
            BasicAuthCredentials credentials;
            return TryParseBasic(input, out credentials) ? credentials : null;
        }

        public static bool TryParseBasic(this string input, out BasicAuthCredentials result)
        {
            result = null;
            if (input == null) return false;
            string value = input.Trim();
            int space = value.IndexOf(' ');
            if (space < 0 || !value.Substring(0, space).Equals("Basic", StringComparison.OrdinalIgnoreCase)) return false;
            string text;
            try { text = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(value.Substring(space + 1).Trim())); }
            catch (FormatException) { return false; }
            catch (ArgumentException) { return false; }
            int colon = text.IndexOf(':');
            if (colon < 0) return false;
            result = new BasicAuthCredentials { UserId = text.Substring(0, colon), Password = text.Substring(colon + 1) };
            return true;
        }

        static byte[] FromBase64Url(string part)
        {
            string s = part.TrimEnd('=');
            foreach (char c in s)
                if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                    return null;
            if (s.Length % 4 == 1) return null;
            s = s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - s.Length % 4) % 4);
            try { return Convert.FromBase64String(s); }
            catch (FormatException) { return null; }
        }

        static JObject ParseObject(string part)
        {
            byte[] bytes = FromBase64Url(part);
            if (bytes == null) return null;
            try
            {
                string text = new UTF8Encoding(false, true).GetString(bytes);
                using (var reader = new JsonTextReader(new StringReader(text)) { DateParseHandling = DateParseHandling.None })
                {
                    JToken token = JToken.ReadFrom(reader);
                    while (reader.Read())
                        if (reader.TokenType != JsonToken.Comment) return null;
                    return token as JObject;
                }
            }
            catch (JsonException) { return null; }
            catch (ArgumentException) { return null; }
        }

        static string ClaimValue(JToken t)
        {
            return t.Type == JTokenType.String ? (string)t : t.ToString(Formatting.None);
        }

        static string[] ClaimValues(JToken t)
        {
            return t.Type == JTokenType.Array ? t.Children().Select(ClaimValue).ToArray() : new[] { ClaimValue(t) };
        }

        static DateTime? Time(JToken t)
        {
            if (t == null || (t.Type != JTokenType.Integer && t.Type != JTokenType.Float)) return null;
            return new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds((double)t);
        }
    }
}

namespace Apim.Differential.Model
{
    // Implementations live outside Apim.Differential so that their names (Group, Url,
    // Request, ...) never shadow framework types such as
    // System.Text.RegularExpressions.Group inside the generated case methods.

    internal sealed class Url : IUrl
    {
        public string Host { get; set; }
        public string Path { get; set; }
        public int Port { get; set; }
        public IReadOnlyDictionary<string, string[]> Query { get; set; }
        public string QueryString { get; set; }
        public string Scheme { get; set; }

        public override string ToString()
        {
            bool defaultPort = (Scheme == "https" && Port == 443) || (Scheme == "http" && Port == 80);
            return Scheme + "://" + Host + (defaultPort ? "" : ":" + Port.ToString(CultureInfo.InvariantCulture)) + Path + QueryString;
        }
    }

    internal sealed class MessageBody : IMessageBody
    {
        private readonly byte[] content;
        private bool consumed;

        public MessageBody(byte[] content) { this.content = content; }

        private string Text()
        {
            // Decode as UTF-8; a leading byte order mark is not part of the text.
            return new UTF8Encoding(false).GetString(content).TrimStart('\uFEFF');
        }

        // The "read once" rule: a read without preserveContent consumes the body, and
        // every later read (with or without preserveContent) gives null.
        public T As<T>(bool preserveContent = false)
        {
            if (consumed) return default(T);
            if (!preserveContent) consumed = true;
            Type t = typeof(T);
            object result;
            if (t == typeof(string)) result = Text();
            else if (t == typeof(byte[])) result = (byte[])content.Clone();
            else if (t == typeof(JObject)) result = JObject.Parse(Text());
            else if (t == typeof(JArray)) result = JArray.Parse(Text());
            else if (t == typeof(JToken)) result = JToken.Parse(Text());
            else if (t == typeof(XDocument)) result = XDocument.Parse(Text());
            else if (t == typeof(XElement) || t == typeof(XNode)) result = XElement.Parse(Text());
            else throw new NotSupportedException("Body.As<" + t.FullName + "> is not supported");
            return (T)result;
        }

        public IDictionary<string, IList<string>> AsFormUrlEncodedContent(bool preserveContent = false)
        {
            string text = As<string>(preserveContent);
            if (text == null) return null;
            var result = new Dictionary<string, IList<string>>();
            foreach (var pair in Harness.HttpText.ParseQuery(text))
            {
                IList<string> list;
                if (!result.TryGetValue(pair.Key, out list)) result[pair.Key] = list = new List<string>();
                list.Add(pair.Value);
            }
            return result;
        }
    }

    internal sealed class Request : IRequest
    {
        public IMessageBody Body { get; set; }
        public X509Certificate2 Certificate { get { return null; } }
        public IReadOnlyDictionary<string, string[]> Headers { get; set; }
        public string IpAddress { get; set; }
        public IReadOnlyDictionary<string, string> MatchedParameters { get; set; }
        public string Method { get; set; }
        public IUrl OriginalUrl { get; set; }
        public IPrivateEndpointConnection PrivateEndpointConnection { get { return null; } }
        public IUrl Url { get; set; }
    }

    internal sealed class Response : IResponse
    {
        public IMessageBody Body { get; set; }
        public IReadOnlyDictionary<string, string[]> Headers { get; set; }
        public int StatusCode { get; set; }
        public string StatusReason { get; set; }
    }

    internal sealed class Api : IApi
    {
        public string Id { get; set; }
        public bool IsCurrentRevision { get; set; }
        public string Name { get; set; }
        public string Path { get; set; }
        public IEnumerable<string> Protocols { get; set; }
        public string Revision { get; set; }
        public IUrl ServiceUrl { get; set; }
        public ISubscriptionKeyParameterNames SubscriptionKeyParameterNames { get; set; }
        public string Version { get; set; }
    }

    internal sealed class SubscriptionKeyParameterNames : ISubscriptionKeyParameterNames
    {
        public string Header { get; set; }
        public string Query { get; set; }
    }

    internal sealed class Gateway : IGateway
    {
        public string Id { get; set; }
        public string InstanceId { get; set; }
        public bool IsManaged { get; set; }
    }

    internal sealed class Deployment : IDeployment
    {
        public IReadOnlyDictionary<string, X509Certificate2> Certificates { get; set; }
        public IGateway Gateway { get; set; }
        public string GatewayId { get; set; }
        public string Region { get; set; }
        public string ServiceId { get; set; }
        public string ServiceName { get; set; }
    }

    internal sealed class LastError : ILastError
    {
        public string Message { get; set; }
        public string Path { get; set; }
        public string PolicyId { get; set; }
        public string Reason { get; set; }
        public string Scope { get; set; }
        public string Section { get; set; }
        public string Source { get; set; }
    }

    internal sealed class Operation : IOperation
    {
        public string Id { get; set; }
        public string Method { get; set; }
        public string Name { get; set; }
        public string UrlTemplate { get; set; }
    }

    internal sealed class Group : IGroup
    {
        public string Id { get; set; }
        public string Name { get; set; }
    }

    internal sealed class Product : IProduct
    {
        public bool ApprovalRequired { get; set; }
        public IEnumerable<IGroup> Groups { get; set; }
        public string Id { get; set; }
        public string Name { get; set; }
        public ProductState State { get; set; }
        public bool SubscriptionRequired { get; set; }
        public int? SubscriptionsLimit { get; set; }
    }

    internal sealed class Subscription : ISubscription
    {
        public DateTime CreatedDate { get; set; }
        public DateTime? EndDate { get; set; }
        public string Id { get; set; }
        public string Key { get; set; }
        public string Name { get; set; }
        public string PrimaryKey { get; set; }
        public string SecondaryKey { get; set; }
        public DateTime? StartDate { get; set; }
    }

    internal sealed class UserIdentity : IUserIdentity
    {
        public string Id { get; set; }
        public string Provider { get; set; }
    }

    internal sealed class User : IUser
    {
        public string Email { get; set; }
        public string FirstName { get; set; }
        public IEnumerable<IGroup> Groups { get; set; }
        public string Id { get; set; }
        public IEnumerable<IUserIdentity> Identities { get; set; }
        public string LastName { get; set; }
        public string Note { get; set; }
        public DateTime RegistrationDate { get; set; }
    }

    internal sealed class Backend : IBackend
    {
        public string AzureRegion { get; set; }
        public string Id { get; set; }
        public BackendType Type { get; set; }
    }

    internal sealed class Workspace : IWorkspace
    {
        public string Id { get; set; }
        public string Name { get; set; }
    }

    internal sealed class ProxyRequestContext : IProxyRequestContext
    {
        public IApi Api { get; set; }
        public IBackend Backend { get; set; }
        public IDeployment Deployment { get; set; }
        public TimeSpan Elapsed { get; set; }
        public ILastError LastError { get; set; }
        public IOperation Operation { get; set; }
        public IProduct Product { get; set; }
        public IRequest Request { get; set; }
        public Guid RequestId { get; set; }
        public IResponse Response { get; set; }
        public ISubscription Subscription { get; set; }
        public DateTime Timestamp { get; set; }
        public bool Tracing { get; set; }
        public IUser User { get; set; }
        public IReadOnlyDictionary<string, object> Variables { get; set; }
        public IWorkspace Workspace { get; set; }
        public readonly List<string> TraceMessages = new List<string>();
        public void Trace(string message) { TraceMessages.Add(message); }
    }
}

namespace Apim.Differential.Harness
{
    using Apim.Differential.Model;

    /// Raw HTTP/1.1 messages and query strings.
    public static class HttpText
    {
        public static string UrlDecode(string s)
        {
            // Form semantics: '+' is a space, then percent-decoding as UTF-8.
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }

        public static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query)
        {
            if (string.IsNullOrEmpty(query)) yield break;
            if (query[0] == '?') query = query.Substring(1);
            foreach (var part in query.Split('&'))
            {
                if (part.Length == 0) continue;
                int eq = part.IndexOf('=');
                string key = eq < 0 ? part : part.Substring(0, eq);
                string value = eq < 0 ? "" : part.Substring(eq + 1);
                yield return new KeyValuePair<string, string>(UrlDecode(key), UrlDecode(value));
            }
        }

        public sealed class Message
        {
            public string StartLine = "";
            public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
            public byte[] Body = new byte[0];
        }

        /// Splits a raw message into start line, header lines (one value per line) and the
        /// body (everything after the first empty line, byte for byte). LF or CRLF.
        public static Message Parse(string raw)
        {
            var m = new Message();
            int pos = 0;
            bool first = true;
            while (pos <= raw.Length)
            {
                int nl = raw.IndexOf('\n', pos);
                int end = nl < 0 ? raw.Length : nl;
                string line = raw.Substring(pos, end - pos);
                if (line.EndsWith("\r")) line = line.Substring(0, line.Length - 1);
                pos = nl < 0 ? raw.Length + 1 : nl + 1;
                if (first) { m.StartLine = line; first = false; continue; }
                if (line.Length == 0)
                {
                    if (pos <= raw.Length) m.Body = new UTF8Encoding(false).GetBytes(raw.Substring(pos));
                    break;
                }
                int colon = line.IndexOf(':');
                if (colon <= 0) throw new FormatException("bad header line: " + line);
                m.Headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
            }
            return m;
        }

        public static IReadOnlyDictionary<string, string[]> HeaderDictionary(List<KeyValuePair<string, string>> lines)
        {
            var d = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in lines)
            {
                string[] old;
                d[h.Key] = d.TryGetValue(h.Key, out old) ? old.Concat(new[] { h.Value }).ToArray() : new[] { h.Value };
            }
            return d;
        }

        public static IReadOnlyDictionary<string, string[]> QueryDictionary(string query)
        {
            var d = new Dictionary<string, string[]>();
            foreach (var kv in ParseQuery(query))
            {
                string[] old;
                d[kv.Key] = d.TryGetValue(kv.Key, out old) ? old.Concat(new[] { kv.Value }).ToArray() : new[] { kv.Value };
            }
            return d;
        }
    }

    /// Builds a context from one case object:
    /// {request, response, vars, varsJson, context} (see README.md).
    public static class Loader
    {
        public static readonly DateTime DefaultTimestamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public static JToken ParseJson(string text)
        {
            using (var reader = new JsonTextReader(new StringReader(text)))
            {
                reader.DateParseHandling = DateParseHandling.None;
                return JToken.ReadFrom(reader);
            }
        }

        static string Str(JObject o, string key)
        {
            JToken t;
            if (o == null || !o.TryGetValue(key, out t) || t.Type == JTokenType.Null) return null;
            return t.Type == JTokenType.String ? (string)t : t.ToString(Formatting.None);
        }

        static JObject Section(JObject o, string key)
        {
            JToken t;
            if (o == null || !o.TryGetValue(key, out t) || t.Type != JTokenType.Object) return null;
            return (JObject)t;
        }

        static DateTime? Date(JObject o, string key)
        {
            string s = Str(o, key);
            if (s == null) return null;
            return DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }

        static bool Bool(JObject o, string key, bool dflt)
        {
            JToken t;
            if (o == null || !o.TryGetValue(key, out t) || t.Type != JTokenType.Boolean) return dflt;
            return (bool)t;
        }

        static IEnumerable<IGroup> Groups(JObject o)
        {
            JToken t;
            var list = new List<IGroup>();
            if (o != null && o.TryGetValue("groups", out t) && t.Type == JTokenType.Array)
                foreach (JObject g in t.Children<JObject>())
                    list.Add(new Group { Id = Str(g, "id"), Name = Str(g, "name") });
            return list;
        }

        /// varsJson: object->JObject, array->JArray, string->string, true/false->bool,
        /// integer->int (long if it does not fit), other number->double, null->null.
        public static object VarFromJson(JToken t)
        {
            switch (t.Type)
            {
                case JTokenType.Object: return (JObject)t;
                case JTokenType.Array: return (JArray)t;
                case JTokenType.String: return (string)t;
                case JTokenType.Boolean: return (bool)t;
                case JTokenType.Null: return null;
                case JTokenType.Integer:
                    object v = ((JValue)t).Value;
                    if (v is long)
                    {
                        long l = (long)v;
                        if (l >= int.MinValue && l <= int.MaxValue) return (int)l;
                        return l;
                    }
                    if (v is int) return v;
                    return Convert.ToDouble(v, CultureInfo.InvariantCulture); // BigInteger
                case JTokenType.Float: return Convert.ToDouble(((JValue)t).Value, CultureInfo.InvariantCulture);
                default: throw new FormatException("unsupported varsJson value: " + t.Type);
            }
        }

        static Url ParseTarget(string target, string host)
        {
            var url = new Url();
            string pathAndQuery;
            if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                // Absolute form: the target names scheme, host and port itself.
                var u = new Uri(target);
                url.Scheme = u.Scheme;
                url.Host = u.Host;
                url.Port = u.Port;
                int schemeEnd = target.IndexOf("://", StringComparison.Ordinal) + 3;
                int slash = target.IndexOfAny(new[] { '/', '?' }, schemeEnd);
                pathAndQuery = slash < 0 ? "/" : target.Substring(slash);
                if (pathAndQuery.StartsWith("?")) pathAndQuery = "/" + pathAndQuery;
            }
            else
            {
                // Origin form: https, port 443 unless Host carries a port.
                url.Scheme = "https";
                url.Port = 443;
                url.Host = host ?? "localhost";
                if (host != null)
                {
                    int colon = host.LastIndexOf(':');
                    if (colon > 0 && host.IndexOf(']') < colon)
                    {
                        url.Host = host.Substring(0, colon);
                        url.Port = int.Parse(host.Substring(colon + 1), CultureInfo.InvariantCulture);
                    }
                }
                pathAndQuery = target;
            }
            int q = pathAndQuery.IndexOf('?');
            url.Path = q < 0 ? pathAndQuery : pathAndQuery.Substring(0, q);
            url.QueryString = q < 0 ? "" : pathAndQuery.Substring(q);
            url.Query = HttpText.QueryDictionary(q < 0 ? "" : pathAndQuery.Substring(q + 1));
            return url;
        }

        static Request LoadRequest(string raw, JObject ctx)
        {
            var r = new Request();
            HttpText.Message m = raw == null ? null : HttpText.Parse(raw);
            string method = "GET", target = "/";
            if (m != null)
            {
                var parts = m.StartLine.Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 2) throw new FormatException("bad request line: " + m.StartLine);
                method = parts[0];
                target = parts[1];
            }
            var headerLines = m == null ? new List<KeyValuePair<string, string>>() : m.Headers;
            r.Method = method;
            r.Headers = HttpText.HeaderDictionary(headerLines);
            string host = r.Headers.GetValueOrDefault("Host", null);
            r.Url = ParseTarget(target, host);
            r.OriginalUrl = r.Url;
            r.Body = m == null || m.Body.Length == 0 ? null : new MessageBody(m.Body);
            r.IpAddress = Str(ctx, "ipAddress");
            var matched = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var mp = Section(ctx, "matchedParameters");
            if (mp != null) foreach (var p in mp.Properties()) matched[p.Name] = Str(mp, p.Name);
            r.MatchedParameters = matched;
            return r;
        }

        static Response LoadResponse(string raw)
        {
            if (raw == null) return null;
            var m = HttpText.Parse(raw);
            var parts = m.StartLine.Split(new[] { ' ' }, 3);
            if (parts.Length < 2) throw new FormatException("bad status line: " + m.StartLine);
            return new Response
            {
                StatusCode = int.Parse(parts[1], CultureInfo.InvariantCulture),
                StatusReason = parts.Length > 2 ? parts[2] : "",
                Headers = HttpText.HeaderDictionary(m.Headers),
                Body = m.Body.Length == 0 ? null : new MessageBody(m.Body),
            };
        }

        internal static ProxyRequestContext Load(JObject c)
        {
            JObject ctx = Section(c, "context");
            var context = new ProxyRequestContext();
            context.Request = LoadRequest(Str(c, "request"), ctx);
            context.Response = LoadResponse(Str(c, "response"));

            var vars = new Dictionary<string, object>();
            JObject v = Section(c, "vars");
            if (v != null) foreach (var p in v.Properties()) vars[p.Name] = Str(v, p.Name);
            JObject vj = Section(c, "varsJson");
            if (vj != null) foreach (var p in vj.Properties()) vars[p.Name] = VarFromJson(p.Value);
            context.Variables = vars;

            JObject s;
            if ((s = Section(ctx, "subscription")) != null)
                context.Subscription = new Subscription
                {
                    Id = Str(s, "id"), Key = Str(s, "key"), Name = Str(s, "name"),
                    PrimaryKey = Str(s, "primaryKey"), SecondaryKey = Str(s, "secondaryKey"),
                    CreatedDate = Date(s, "createdDate") ?? DefaultTimestamp,
                    StartDate = Date(s, "startDate"), EndDate = Date(s, "endDate"),
                };
            if ((s = Section(ctx, "user")) != null)
                context.User = new User
                {
                    Id = Str(s, "id"), Email = Str(s, "email"), FirstName = Str(s, "firstName"),
                    LastName = Str(s, "lastName"), Note = Str(s, "note"),
                    RegistrationDate = Date(s, "registrationDate") ?? DefaultTimestamp,
                    Groups = Groups(s), Identities = new List<IUserIdentity>(),
                };
            if ((s = Section(ctx, "api")) != null)
                context.Api = new Api
                {
                    Id = Str(s, "id"), Name = Str(s, "name"), Path = Str(s, "path"),
                    Revision = Str(s, "revision"), Version = Str(s, "version"),
                    IsCurrentRevision = Bool(s, "isCurrentRevision", true),
                    Protocols = new List<string> { "https" },
                    ServiceUrl = Str(s, "serviceUrl") == null ? null : ParseTarget(Str(s, "serviceUrl"), null),
                    SubscriptionKeyParameterNames = new SubscriptionKeyParameterNames { Header = "Ocp-Apim-Subscription-Key", Query = "subscription-key" },
                };
            if ((s = Section(ctx, "operation")) != null)
                context.Operation = new Operation { Id = Str(s, "id"), Method = Str(s, "method"), Name = Str(s, "name"), UrlTemplate = Str(s, "urlTemplate") };
            if ((s = Section(ctx, "product")) != null)
                context.Product = new Product
                {
                    Id = Str(s, "id"), Name = Str(s, "name"), Groups = Groups(s),
                    State = ProductState.Published, SubscriptionRequired = Bool(s, "subscriptionRequired", true),
                    ApprovalRequired = Bool(s, "approvalRequired", false),
                };
            if ((s = Section(ctx, "deployment")) != null)
            {
                string gatewayId = Str(s, "gatewayId");
                context.Deployment = new Deployment
                {
                    Region = Str(s, "region"), ServiceName = Str(s, "serviceName"), GatewayId = gatewayId,
                    ServiceId = Str(s, "serviceId"),
                    Gateway = new Gateway { Id = gatewayId, InstanceId = gatewayId, IsManaged = gatewayId == "managed" },
                    Certificates = new Dictionary<string, X509Certificate2>(),
                };
            }
            if ((s = Section(ctx, "lastError")) != null)
                context.LastError = new LastError
                {
                    Message = Str(s, "message"), Path = Str(s, "path"), PolicyId = Str(s, "policyId"),
                    Reason = Str(s, "reason"), Scope = Str(s, "scope"), Section = Str(s, "section"), Source = Str(s, "source"),
                };
            string rid = Str(ctx, "requestId");
            context.RequestId = rid == null ? Guid.Empty : Guid.Parse(rid);
            context.Timestamp = Date(ctx, "timestamp") ?? DefaultTimestamp;
            context.Elapsed = TimeSpan.Zero;
            return context;
        }
    }

    /// Runs the generated case methods and writes one JSON line per case:
    /// {"index": i, "result": {...}}. A line is flushed before the next case starts, so a
    /// crash (stack overflow) loses only the case that caused it.
    public static class Runner
    {
        public static int Run(string[] args, Func<IProxyRequestContext, object>[] table)
        {
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
            System.Threading.Thread.CurrentThread.CurrentCulture = CultureInfo.InvariantCulture;
            System.Threading.Thread.CurrentThread.CurrentUICulture = CultureInfo.InvariantCulture;

            var cases = (JArray)Loader.ParseJson(File.ReadAllText(args[0], Encoding.UTF8));
            var indexes = args.Skip(2).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToList();
            using (var output = new StreamWriter(args[1], false, new UTF8Encoding(false)))
            {
                foreach (int i in indexes)
                {
                    var line = new JObject { { "index", i }, { "result", RunOne((JObject)cases[i], table[i]) } };
                    output.WriteLine(line.ToString(Formatting.None));
                    output.Flush();
                }
            }
            return 0;
        }

        static JObject Error(Exception e)
        {
            return new JObject { { "error", new JObject { { "type", e.GetType().FullName }, { "message", e.Message } } } };
        }

        static JObject RunOne(JObject c, Func<IProxyRequestContext, object> f)
        {
            IProxyRequestContext context;
            try { context = Loader.Load(c); }
            catch (Exception e) { return new JObject { { "harness_error", "loading the case failed: " + e.GetType().FullName + ": " + e.Message } }; }

            object result;
            try { result = f(context); }
            catch (Exception e) { return Error(e); }

            if (result == null) return new JObject { { "type", null }, { "value", null } };
            string value;
            try
            {
                // The current culture is the invariant culture (set in Run).
                value = result.ToString();
            }
            catch (Exception e)
            {
                var r = Error(e);
                r["during"] = "ToString";
                return r;
            }
            return new JObject { { "type", result.GetType().FullName }, { "value", value } };
        }
    }
}
