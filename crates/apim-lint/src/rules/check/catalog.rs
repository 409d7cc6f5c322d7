//! `P2xx`: problems found checking a document against the policy catalog (`apim-ir`).

use apim_ir::codes;

use super::check_rule;

check_rule!(P201, codes::UNKNOWN_ROOT, Correctness, Error,
    what: "Finds a root element other than `<policies>` or `<fragment>` (or a bare section).",
    why: "APIM accepts only policy documents and fragments.",
    example: "<policy><inbound><base /></inbound></policy>",
    fix: "Use `<policies>` (or `<fragment>` for a policy fragment).");
check_rule!(P202, codes::NOT_A_FULL_DOCUMENT, Correctness, Warning,
    what: "Finds a bare section (`<inbound>`, `<backend>` ...) as the root: a snippet, not a deployable document.",
    why: "APIM needs the `<policies>` wrapper with its sections; a snippet cannot be deployed as it is.",
    example: "<inbound>\n    <base />\n</inbound>",
    fix: "Wrap it: `<policies><inbound>...</inbound></policies>`.");
check_rule!(P203, codes::UNKNOWN_SECTION, Correctness, Error,
    what: "Finds a child of `<policies>` that is not `inbound`, `backend`, `outbound` or `on-error`.",
    why: "APIM rejects the document.",
    example: "<policies><inbund><base /></inbund></policies>",
    fix: "Use one of the four sections (the help suggests the closest).");
check_rule!(P204, codes::DUPLICATE_SECTION, Correctness, Error,
    what: "Finds a section written twice.",
    why: "APIM rejects the document; the policies of one of them would be lost.",
    example: "<policies><inbound><base /></inbound><inbound /></policies>",
    fix: "Merge the two sections.");
check_rule!(P205, codes::SECTION_ORDER, Style, Warning,
    what: "Finds sections out of their execution order (inbound, backend, outbound, on-error).",
    why: "They run in that order whatever the file says; another order misleads readers.",
    example: "<policies><outbound><base /></outbound><inbound><base /></inbound></policies>",
    fix: "Reorder the sections.");
check_rule!(P210, codes::UNKNOWN_POLICY, Correctness, Error,
    what: "Finds elements that are not APIM policies, with \"did you mean\".",
    why: "APIM rejects the document when it is saved.",
    example: "<inbound><set-heder name=\"x\" exists-action=\"override\"><value>1</value></set-heder></inbound>",
    fix: "Use the policy suggested in the help.");
check_rule!(P211, codes::POLICY_NOT_ALLOWED_IN_SECTION, Correctness, Error,
    what: "Finds a policy in a section where the documentation does not allow it, such as `forward-request` in `<inbound>` or `llm-token-limit` in `<outbound>`.",
    why: "APIM rejects the document. Three documented limits that deployed policies break are warnings (see the note).",
    example: "<inbound><forward-request /></inbound>",
    fix: "Move the policy to a section the help names.");
check_rule!(P212, codes::MISPLACED_BASE, Correctness, Error,
    what: "Finds `<base />` inside another policy or in a fragment.",
    why: "`<base />` stands directly in a section of a policy document; APIM rejects it elsewhere.",
    example: "<inbound><choose><when condition=\"@(true)\"><base /></when></choose></inbound>",
    fix: "Put `<base />` directly in the section.");
check_rule!(P213, codes::TEXT_NOT_ALLOWED, Correctness, Error,
    what: "Finds text where only elements are allowed.",
    why: "APIM rejects the document; the text is usually a value that belongs in an attribute or `<value>`.",
    example: "<inbound>hello<base /></inbound>",
    fix: "Remove the text, or move it into the element that takes it.");
check_rule!(P214, codes::POLICY_NOT_ALLOWED_HERE, Correctness, Error,
    what: "Finds a policy inside a container that does not allow it (`wait` runs only `send-request`, `cache-lookup-value` and `choose`) or a GraphQL resolver policy in a section.",
    why: "APIM rejects the document.",
    example: "<inbound><wait><set-header name=\"x\" exists-action=\"override\"><value>1</value></set-header></wait></inbound>",
    fix: "Move the policy out of the container.");
check_rule!(P215, codes::BACKEND_SETTING_AS_POLICY, Correctness, Error,
    what: "Finds backend entity settings (`<url>`, `<tls>`, `<credentials>`, `<authorization>` ...) written as policies in `<backend>`.",
    why: "These configure a backend resource, not a policy; APIM rejects them in a policy document.",
    example: "<backend>\n    <url>https://contoso.openai.azure.com</url>\n</backend>",
    fix: "Configure a backend entity and select it with `<set-backend-service backend-id=\"...\" />` in `<inbound>`.");
check_rule!(P220, codes::UNKNOWN_ATTRIBUTE, Correctness, Error,
    what: "Finds attributes a policy does not take, with \"did you mean\".",
    why: "APIM rejects unknown attributes; a misspelt one silently loses its setting elsewhere.",
    example: "<inbound><rate-limit calls=\"5\" renewal-period=\"60\" counter=\"x\" /></inbound>",
    fix: "Remove or rename the attribute.");
check_rule!(P221, codes::MISSING_ATTRIBUTE, Correctness, Error,
    what: "Finds required attributes that are missing, including documented either/or requirements (`set-backend-service` needs `base-url` or `backend-id`).",
    why: "APIM rejects the document.",
    example: "<inbound><set-backend-service id=\"primary\" /></inbound>",
    fix: "Add the attribute (here `backend-id`).");
check_rule!(P222, codes::INVALID_VALUE, Correctness, Error,
    what: "Finds literal values of the wrong type or outside the documented values (`exists-action=\"replace\"`, `calls=\"ten\"`).",
    why: "APIM rejects the document.",
    example: "<inbound><set-header name=\"x\" exists-action=\"replace\"><value>1</value></set-header></inbound>",
    fix: "Use one of the values the help lists.");
check_rule!(P223, codes::EXPRESSION_NOT_ALLOWED, Correctness, Error,
    what: "Finds a policy expression in an attribute that takes only literals.",
    why: "APIM rejects the document (or uses the expression text literally).",
    example: "<inbound><rate-limit calls=\"@(5)\" renewal-period=\"60\" /></inbound>",
    fix: "Write a literal, or use the `-by-key` variant that accepts expressions.");
check_rule!(P224, codes::VALUE_OUT_OF_RANGE, Correctness, Error,
    what: "Finds numbers outside their documented range.",
    why: "APIM rejects the document.",
    example: "<inbound><llm-semantic-cache-lookup score-threshold=\"1.5\" embeddings-backend-id=\"e\" embeddings-backend-auth=\"system-assigned\" /></inbound>",
    fix: "Use a value inside the range the help gives.");
check_rule!(P230, codes::UNKNOWN_ELEMENT, Correctness, Error,
    what: "Finds child elements a policy does not take.",
    why: "APIM rejects the document.",
    example: "<inbound><set-header name=\"x\" exists-action=\"override\"><val>1</val></set-header></inbound>",
    fix: "Remove or rename the element.");
check_rule!(P231, codes::MISSING_ELEMENT, Correctness, Error,
    what: "Finds required child elements that are missing.",
    why: "APIM rejects the document. `cors` without `<allowed-headers>` is accepted in practice and reported as a warning.",
    example: "<inbound><choose /></inbound>",
    fix: "Add the element.");
check_rule!(P232, codes::DUPLICATE_ELEMENT, Correctness, Error,
    what: "Finds child elements written more than once where only one is allowed.",
    why: "Only one is used (or APIM rejects the document).",
    example: "<inbound><choose><when condition=\"@(true)\" /><otherwise /><otherwise /></choose></inbound>",
    fix: "Keep one of them.");
check_rule!(P240, codes::TEMPLATE_PLACEHOLDER, Correctness, Error,
    what: "With `--strict` (or `strict = true` in `apim.toml`), finds deploy-time template placeholders left in the document (`backend-id=\"{backend-id}\"`, `{product-token-limits}`).",
    why: "Placeholders are filled by a deployment template; a document deployed as it is carries the literal `{backend-id}`.",
    example: "<inbound><set-backend-service backend-id=\"{backend-id}\" /></inbound>",
    fix: "Fill the placeholder, or lint the template without `--strict`.");
