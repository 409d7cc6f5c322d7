//! `S1xx`: the document cannot be read as APIM reads it (`apim-syntax`).

use apim_syntax::codes;

use super::check_rule;

check_rule!(S101, codes::UNTERMINATED_EXPRESSION, Correctness, Error,
    what: "Finds a policy expression `@(...)` or `@{...}` whose closing bracket never comes.",
    why: "APIM rejects the document: everything after the `@(` is read as C# code.",
    example: r#"<inbound><set-variable name="x" value="@(context.Request.Method" /></inbound>"#,
    fix: "Close the expression: `@(context.Request.Method)`.");
check_rule!(S102, codes::TEXT_AFTER_EXPRESSION, Correctness, Error,
    what: "Finds text after the closing bracket of an expression in the same value.",
    why: "A value is either one expression or literal text; APIM rejects a mix such as `@(a)b`.",
    example: r#"<inbound><set-header name="x" exists-action="override"><value>@(context.Request.Method)-suffix</value></set-header></inbound>"#,
    fix: "Move the text into the expression: `@(context.Request.Method + \"-suffix\")`.");
check_rule!(S103, codes::ESCAPED_QUOTE_IN_EXPRESSION, Correctness, Error,
    what: "Finds `\\\"` used as an escaped quote inside an expression in an attribute.",
    why: "XML has no backslash escape: `\\\"` ends the attribute value. Inside `@(...)` APIM reads raw `\"`, or `&quot;` in an XML-valid document.",
    example: r#"<inbound><set-variable name="x" value="@(context.Request.Headers.GetValueOrDefault(\"x\"))" /></inbound>"#,
    fix: "Write `\"` (APIM accepts raw quotes inside expressions) or `&quot;`.");
check_rule!(S104, codes::UNTERMINATED_LITERAL, Correctness, Error,
    what: "Finds a string or char literal inside an expression that never ends.",
    why: "The C# compiler cannot read the expression, so APIM rejects the policy.",
    example: r#"<inbound><set-variable name="x" value="@("abc)" /></inbound>"#,
    fix: "Close the literal.");
check_rule!(S105, codes::MISMATCHED_BRACKET, Correctness, Error,
    what: "Finds a closing bracket inside an expression that does not match the open one.",
    why: "The expression's extent cannot be found, so APIM rejects the policy.",
    example: r#"<inbound><set-variable name="x" value="@(new [] { 1, 2 )" /></inbound>"#,
    fix: "Balance the brackets.");
check_rule!(S110, codes::UNCLOSED_ELEMENT, Correctness, Error,
    what: "Finds an element without its end tag.",
    why: "The document is not a valid policy; APIM rejects it.",
    example: "<inbound>\n    <set-body>text\n</inbound>",
    fix: "Add the end tag (`</set-body>`) or make the element self-closing.");
check_rule!(S111, codes::UNEXPECTED_END_TAG, Correctness, Error,
    what: "Finds an end tag that closes no open element.",
    why: "The structure is broken; APIM rejects the document.",
    example: "<inbound>\n    <base />\n    </set-body>\n</inbound>",
    fix: "Remove the stray end tag or add its start tag.");
check_rule!(S112, codes::MALFORMED_TAG, Correctness, Error,
    what: "Finds a tag that cannot be read: a missing name or `>`.",
    why: "APIM rejects the document.",
    example: "<inbound>\n    <set-header name=\"x\" <base />\n</inbound>",
    fix: "Write the tag as `<name ...>`.");
check_rule!(S113, codes::MALFORMED_ATTRIBUTE, Correctness, Error,
    what: "Finds an attribute without `=` or without a quoted value.",
    why: "APIM rejects the document.",
    example: "<inbound>\n    <set-variable name=x value=\"1\" />\n</inbound>",
    fix: "Quote the value: `name=\"x\"`.");
check_rule!(S114, codes::DUPLICATE_ATTRIBUTE, Correctness, Error,
    what: "Finds the same attribute twice on one element.",
    why: "XML forbids it and APIM rejects the document; which value was meant is unclear.",
    example: "<inbound>\n    <set-variable name=\"a\" name=\"b\" value=\"1\" />\n</inbound>",
    fix: "Keep one of them.");
check_rule!(S115, codes::UNTERMINATED_ATTRIBUTE_VALUE, Correctness, Error,
    what: "Finds an attribute value whose closing quote never comes.",
    why: "Everything after the quote becomes the value; APIM rejects the document.",
    example: "<inbound>\n    <set-variable name=\"a value=\"1\" />\n</inbound>",
    fix: "Close the quote.");
check_rule!(S116, codes::RAW_LESS_THAN, Correctness, Error,
    what: "Finds a raw `<` in text outside an expression.",
    why: "Outside `@(...)` a `<` starts a tag, so the text is cut; APIM rejects the document.",
    example: "<inbound>\n    <set-body>a < b</set-body>\n</inbound>",
    fix: "Write `&lt;`, or use an expression.");
check_rule!(S117, codes::INVALID_ENTITY, Correctness, Error,
    what: "Finds an entity reference that XML does not define, or a raw `&` outside an expression.",
    why: "APIM rejects the document.",
    example: "<inbound>\n    <set-body>fish & chips</set-body>\n</inbound>",
    fix: "Write `&amp;`.");
check_rule!(S118, codes::UNTERMINATED_MARKUP, Correctness, Error,
    what: "Finds a comment, CDATA section or processing instruction that never ends.",
    why: "The rest of the document is swallowed; APIM rejects it.",
    example: "<inbound>\n    <!-- comment\n</inbound>",
    fix: "Close it (`-->`, `]]>`, `?>`).");
check_rule!(S119, codes::TEXT_OUTSIDE_ROOT, Correctness, Error,
    what: "Finds text before or after the root element.",
    why: "A policy document has one root element and nothing else; APIM rejects it.",
    example: "text\n<policies><inbound><base /></inbound></policies>",
    fix: "Remove the text or turn it into a comment.");
check_rule!(S120, codes::MULTIPLE_ROOTS, Correctness, Error,
    what: "Finds a second root element.",
    why: "A policy document has exactly one `<policies>` (or `<fragment>`) root.",
    example: "<inbound><base /></inbound>\n<outbound><base /></outbound>",
    fix: "Wrap the sections in one `<policies>` element.");
check_rule!(S121, codes::NO_ROOT, Correctness, Error,
    what: "Finds a document without any element.",
    why: "There is no policy to apply.",
    example: "<!-- nothing here -->",
    fix: "Write `<policies>` with its sections.");
check_rule!(S122, codes::NESTING_TOO_DEEP, Correctness, Error,
    what: "Finds elements nested deeper than 256 levels.",
    why: "No real policy nests that deep; the reader stops there to stay fast and safe on hostile input.",
    example: "<policies><inbound><choose><when condition=\"@(true)\"><choose>... (256 levels) ...",
    fix: "Flatten the nesting (fragments, fewer `choose` levels).");
check_rule!(S123, codes::DOCTYPE, Correctness, Error,
    what: "Finds a `<!DOCTYPE>` declaration.",
    why: "APIM does not accept DTDs in policies (they are also an XML attack surface).",
    example: "<!DOCTYPE policies>\n<policies><inbound><base /></inbound></policies>",
    fix: "Remove the declaration.");
check_rule!(S124, codes::TOO_MANY_ERRORS, Correctness, Error,
    what: "Reports that the reader stopped listing problems after 200.",
    why: "Past that point the document is probably not a policy at all, and more findings would only be noise.",
    example: "<policies>\n    (more than 200 broken tags)\n</policies>",
    fix: "Fix the first problems and run again.");
check_rule!(S125, codes::FILE_TOO_LARGE, Correctness, Error,
    what: "Finds a file larger than the reader accepts.",
    why: "APIM limits policy documents to a few hundred kilobytes; a larger file is not a policy.",
    example: "(a file of more than 4 GiB)",
    fix: "Split the policy into fragments.");
check_rule!(S126, codes::EXPRESSION_SCANNING_STOPPED, Correctness, Warning,
    what: "Reports that an expression could not be scanned to its end, so later positions may be off.",
    why: "The remaining findings of the file may be consequences of this one.",
    example: "<inbound>\n    <set-variable name=\"x\" value=\"@(\" />\n    (the same, 40 times)\n</inbound>",
    fix: "Fix the expression reported first.");
