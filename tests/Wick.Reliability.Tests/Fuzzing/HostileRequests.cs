using System.Globalization;
using System.Text;
using static Wick.Reliability.Tests.Fuzzing.Json;

namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>
/// A seeded generator of hostile requests, one endpoint at a time: invalid JSON, wrong types, missing and unknown
/// fields, huge and negative numbers, NaN/Infinity tokens, deep nesting, invalid UTF-8, megabyte strings, malformed
/// messages, unknown roles, prompts past the context, and parameter combinations at and beyond every limit — plus valid
/// requests (cheap: at most a few tokens) that must be answered. Case <c>i</c> of a seed is always the same request.
/// </summary>
internal sealed class HostileRequests(int seed, FuzzTarget target, string modelId, int vocabularySize, int contextLength, long bodyLimit)
{
    private const string Json = "application/json";

    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];

    public FuzzCase Next(int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + (index * 7919) + ((int)target * 104_729)));
        return target switch
        {
            FuzzTarget.Get => NextGet(random),
            _ => NextPost(random),
        };
    }

    private string Path => target switch
    {
        FuzzTarget.Chat => "/v1/chat/completions",
        FuzzTarget.Completions => "/v1/completions",
        FuzzTarget.Tokenize => "/tokenize",
        _ => "/detokenize",
    };

    private FuzzCase NextPost(Random random)
    {
        var roll = random.Next(10_000);
        return roll switch
        {
            < 1_200 => InvalidJson(random),
            < 2_300 => WrongType(random),
            < 2_700 => Missing(random),
            < 3_500 => Unknown(random),
            < 4_500 => Numbers(random),
            < 5_000 => DeepNesting(random),
            < 5_600 => InvalidUtf8(random),
            < 5_605 => BigString(random), // few: each costs the tokenizer about a second (see docs/RELIABILITY.md)
            < 5_625 => OverBodyLimit(random),
            < 6_625 => Shapes(random),
            < 6_925 => LongPrompt(random),
            < 8_625 => Limits(random),
            < 8_825 => WrongMediaOrMethod(random),
            _ => ValidCase(random),
        };
    }

    // ---- valid bases ----

    /// <summary>A request this endpoint must answer; generation requests stay cheap (≤ 4 tokens, greedy, arithmetic).</summary>
    private Fields Base(Random random)
    {
        var fields = new Fields();
        switch (target)
        {
            case FuzzTarget.Chat:
                if (random.Next(3) == 0)
                {
                    fields["model"] = Str(modelId);
                }

                fields["messages"] = Arr([Obj([new("role", Str("user")), new("content", Str(Sum(random)))])]);
                fields["max_tokens"] = Num(random.Next(1, 5));
                fields["temperature"] = Num(0);
                if (random.Next(2) == 0)
                {
                    fields["stream"] = Bool(true);
                }

                break;
            case FuzzTarget.Completions:
                fields["prompt"] = Str(Sum(random));
                fields["max_tokens"] = Num(random.Next(1, 5));
                fields["temperature"] = Num(0);
                if (random.Next(2) == 0)
                {
                    fields["stream"] = Bool(true);
                }

                break;
            case FuzzTarget.Tokenize:
                fields[random.Next(2) == 0 ? "content" : "prompt"] = Str(Text(random, random.Next(0, 40)));
                break;
            default:
                fields["tokens"] = Arr(Enumerable.Range(0, random.Next(0, 20)).Select(_ => Num(random.Next(vocabularySize))));
                break;
        }

        return fields;
    }

    private FuzzCase ValidCase(Random random)
    {
        var fields = Base(random);
        if (target is FuzzTarget.Chat or FuzzTarget.Completions)
        {
            foreach (var (key, value, valid) in Pick(random, LimitTable(random), random.Next(0, 4)).DistinctBy(e => e.Key))
            {
                if (valid == Validity.Valid)
                {
                    Apply(fields, key, value);
                }
            }

            Consistent(fields, fixDependents: true);
        }
        else if (target == FuzzTarget.Tokenize && random.Next(2) == 0)
        {
            fields["add_special"] = Bool(random.Next(2) == 0);
        }

        return Post("valid", fields.ToString(), valid: true);
    }

    // ---- hostile kinds ----

    private FuzzCase InvalidJson(Random random)
    {
        var body = Base(random).ToString();
        switch (random.Next(9))
        {
            case 0:
                return Post("invalid_json.truncated", body[..random.Next(0, body.Length - 1)], mustFail: true);
            case 1:
                var token = Pick(random, ["NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x10", "1e", "--1", "undefined", "None", "True", "nul"]);
                return Post("invalid_json.bad_literal", Replace(body, token), mustFail: true);
            case 2:
                return Post("invalid_json.trailing_comma", body[..^1] + ",}", mustFail: true);
            case 3:
                return Post("invalid_json.comment", "{/* comment */" + body[1..], mustFail: true);
            case 4:
                return Post("invalid_json.single_quotes", body.Replace('"', '\''), mustFail: true);
            case 5:
                var top = Pick(random, ["", " ", "null", "[]", "[1,2]", "1", "\"text\"", "true", "{", "}", "{}{}", "{\"a\":1}}", "\u0000"]);
                return Post("invalid_json.top_level", top, mustFail: true);
            case 6:
                var bytes = new byte[random.Next(1, 300)];
                random.NextBytes(bytes);
                bytes[0] = 0x01;
                return new FuzzCase("invalid_json.random_bytes", HttpMethod.Post, Path, Json, bytes, MustFail: true);
            case 7:
                // Raw control characters inside a string are not allowed in JSON.
                return Post("invalid_json.control_char", "{\"content\":\"a\u0001b\",\"prompt\":\"x\ty\",\"tokens\":[1]" + body[1..], mustFail: true);
            default:
                return Post("invalid_json.unterminated", body[..^1] + ",\"x\":\"unterminated", mustFail: true);
        }
    }

    private FuzzCase WrongType(Random random)
    {
        var fields = Base(random);
        var (key, kind) = Pick(random, TypedFields());
        var wrong = WrongValue(random, kind);
        fields[key] = wrong;
        return Post($"wrong_type.{key}", fields.ToString(), mustFail: true);
    }

    private FuzzCase Missing(Random random)
    {
        var fields = Base(random);
        switch (target)
        {
            case FuzzTarget.Chat:
                fields.Drop("messages");
                break;
            case FuzzTarget.Completions:
                fields.Drop("prompt");
                break;
            case FuzzTarget.Tokenize:
                fields.Drop("content");
                fields.Drop("prompt");
                break;
            default:
                fields.Drop("tokens");
                break;
        }

        if (random.Next(3) == 0)
        {
            fields.Clear();
        }

        return Post("missing_required", fields.ToString(), mustFail: true);
    }

    private FuzzCase Unknown(Random random)
    {
        var fields = Base(random);
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            fields[Pick(random, ["functions", "tools", "response_format", "x", "__proto__", "constructor", "MESSAGES", "Model", "prompt_logprobs", "", "\u00e9\u4e2d"]) + random.Next(100).ToString(CultureInfo.InvariantCulture)] =
                AnyValue(random, depth: 0);
        }

        // Duplicate keys (last wins in System.Text.Json) are legal JSON.
        return Post("unknown_fields", random.Next(4) == 0 ? fields.ToString()[..^1] + "," + fields.ToString()[1..] : fields.ToString());
    }

    private FuzzCase Numbers(Random random)
    {
        if (target == FuzzTarget.Tokenize)
        {
            return WrongType(random);
        }

        var fields = Base(random);
        if (target == FuzzTarget.Detokenize)
        {
            fields["tokens"] = Arr([Pick(random, ["2147483648", "-2147483649", "1e10", "1E400", "9223372036854775808", "0.5", "-0"])]);
            return Post("numbers.tokens", fields.ToString(), mustFail: !fields.ToString().Contains("[-0]", StringComparison.Ordinal));
        }

        var (key, kind) = Pick(random, TypedFields().Where(f => f.Kind is FieldKind.Int or FieldKind.Long or FieldKind.Double).ToArray());
        string[] pool = kind switch
        {
            FieldKind.Int => ["2147483648", "-2147483649", "9223372036854775808", "1e10", "1.5", "-0.5", "1E400", "-1e400", "123456789012345678901234567890"],
            FieldKind.Long => ["9223372036854775808", "-9223372036854775809", "1.5", "1e400", "99999999999999999999999"],
            _ => ["1e400", "-1e400", "1e309"],
        };
        var value = Pick(random, pool);
        fields[key] = value;
        return Post($"numbers.{key}", fields.ToString(), mustFail: true);
    }

    private FuzzCase DeepNesting(Random random)
    {
        var depth = Pick(random, [10, 62, 66, 100, 1_000, 100_000]);
        var open = random.Next(2) == 0 ? '[' : '{';
        var nested = open == '['
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var fields = Base(random);
        var key = target switch
        {
            FuzzTarget.Chat => Pick(random, ["messages", "stop", "x_nested"]),
            FuzzTarget.Completions => Pick(random, ["prompt", "stop", "x_nested"]),
            FuzzTarget.Tokenize => Pick(random, ["content", "x_nested"]),
            _ => Pick(random, ["tokens", "x_nested"]),
        };
        fields[key] = nested;
        var tooDeep = depth > 63; // the body object itself is one level; the limit is 64
        return Post($"deep_nesting.{(tooDeep ? "over" : "under")}_limit", fields.ToString(), mustFail: tooDeep || !key.StartsWith('x'));
    }

    private FuzzCase InvalidUtf8(Random random)
    {
        var fields = Base(random);
        var key = target switch
        {
            FuzzTarget.Chat => "model",
            FuzzTarget.Completions => "prompt",
            FuzzTarget.Tokenize => "content",
            _ => "x_text",
        };
        fields[key] = "\"MARK\"";
        var text = fields.ToString();
        var at = text.IndexOf("MARK", StringComparison.Ordinal);
        byte[][] broken = [[0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80]];
        var bad = Pick(random, broken);
        var body = Encoding.UTF8.GetBytes(text[..at]).Concat(bad).Concat(Encoding.UTF8.GetBytes(text[(at + 4)..])).ToArray();
        // An unknown field is skipped without being decoded, so only fields that are read must be rejected.
        return new FuzzCase("invalid_utf8", HttpMethod.Post, Path, Json, body, MustFail: target != FuzzTarget.Detokenize);
    }

    private FuzzCase BigString(Random random)
    {
        // Letters, spaces and CJK: long runs of digits or punctuation crash llama.cpp's tokenizer (see ReliabilityBugTests).
        var bytes = random.Next(1 << 20, 2 << 20);
        var unit = Pick(random, ["a", "hello world ", "中文", "x y "]);
        var big = new StringBuilder().Insert(0, unit, bytes / Encoding.UTF8.GetByteCount(unit));
        var size = big.Length;

        var fields = Base(random);
        switch (target)
        {
            case FuzzTarget.Chat:
                fields["messages"] = Arr([Obj([new("role", Str("user")), new("content", PlainStr(big.ToString()))])]);
                return Post("megabyte_string.content", fields.ToString(), mustFail: true); // far past the context: 422
            case FuzzTarget.Completions:
                fields["prompt"] = PlainStr(big.ToString());
                return Post("megabyte_string.prompt", fields.ToString(), mustFail: true);
            case FuzzTarget.Tokenize:
                fields["content"] = PlainStr(big.ToString(0, size / 8));
                return Post("megabyte_string.content", fields.ToString(), valid: true);
            default:
                fields["tokens"] = Arr(Enumerable.Repeat("49", size / 6));
                return Post("megabyte_array.tokens", fields.ToString(), valid: true);
        }
    }

    private FuzzCase OverBodyLimit(Random random)
    {
        var fields = Base(random);
        fields["x_padding"] = PlainStr(new string('p', (int)bodyLimit + random.Next(1, 1 << 20)));
        return Post("over_body_limit", fields.ToString(), mustFail: true);
    }

    private FuzzCase Shapes(Random random)
    {
        var fields = Base(random);
        switch (target)
        {
            case FuzzTarget.Chat:
                var (shape, messages, mustFail) = Pick(random, MessageShapes(random));
                fields["messages"] = messages;
                return Post($"messages.{shape}", fields.ToString(), mustFail: mustFail);
            case FuzzTarget.Completions:
                var (name, prompt, invalid) = Pick(random, PromptShapes(random));
                fields["prompt"] = prompt;
                return Post($"prompt.{name}", fields.ToString(), mustFail: invalid);
            case FuzzTarget.Tokenize:
                var (kind, body, bad) = Pick(random, TokenizeShapes(random));
                return Post($"tokenize.{kind}", body, mustFail: bad);
            default:
                var (what, tokens, wrong) = Pick(random, TokenShapes(random));
                fields["tokens"] = tokens;
                return Post($"tokens.{what}", fields.ToString(), mustFail: wrong, valid: !wrong);
        }
    }

    private FuzzCase LongPrompt(Random random)
    {
        if (target is FuzzTarget.Tokenize or FuzzTarget.Detokenize)
        {
            return Shapes(random);
        }

        // The tiny model adds BOS: a prompt of L bytes is L + 1 tokens; the context must keep room for one more.
        var length = Pick(random, [contextLength - 3, contextLength - 2, contextLength - 1, contextLength, contextLength + 1, contextLength * 10]);
        var prompt = new string('x', length);
        var fields = Base(random);
        fields[target == FuzzTarget.Chat ? "messages" : "prompt"] = target == FuzzTarget.Chat
            ? Arr([Obj([new("role", Str("user")), new("content", PlainStr(prompt))])])
            : PlainStr(prompt);
        if (random.Next(2) == 0)
        {
            fields["max_tokens"] = Num(int.MaxValue); // capped to the room that is left
        }

        var fits = length + 1 < contextLength;
        return Post($"long_prompt.{(fits ? "fits" : "too_long")}", fields.ToString(), mustFail: !fits, valid: fits);
    }

    private FuzzCase Limits(Random random)
    {
        if (target is FuzzTarget.Tokenize or FuzzTarget.Detokenize)
        {
            return Shapes(random);
        }

        var fields = Base(random);

        // One entry per field: a later entry for the same field would replace the earlier one's value.
        var entries = Pick(random, LimitTable(random), random.Next(1, 4)).DistinctBy(e => e.Key).ToArray();
        var expensive = entries.FirstOrDefault(e => e.Validity == Validity.Expensive);
        if (expensive.Key is not null)
        {
            entries = [expensive];
        }

        foreach (var (key, value, _) in entries)
        {
            Apply(fields, key, value);
        }

        var invalid = entries.Any(e => e.Validity == Validity.Invalid);
        var mayTimeOut = entries.Any(e => e.Validity == Validity.MayTimeOut);
        var unsure = entries.Any(e => e.Validity == Validity.Unsure);
        Consistent(fields, fixDependents: !invalid);

        return Post(
            "limits." + string.Join("+", entries.Select(e => e.Key).Distinct()),
            fields.ToString(),
            mustFail: invalid,
            valid: !invalid && !mayTimeOut && !unsure,
            mayTimeOut: mayTimeOut);
    }

    private FuzzCase WrongMediaOrMethod(Random random)
    {
        var body = Base(random).ToString();
        if (random.Next(2) == 0)
        {
            var type = Pick(random, [null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "json", "application/jsonp"]);
            var fuzz = Post("media_type", body, mustFail: type != "application/jsonp");
            return fuzz with { ContentType = type };
        }

        var method = Pick(random, [HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options]);
        return new FuzzCase("method." + method.Method, method, Path, Json, method == HttpMethod.Get ? null : Encoding.UTF8.GetBytes(body), MustFail: true);
    }

    // ---- GET endpoints ----

    private FuzzCase NextGet(Random random)
    {
        var roll = random.Next(100);
        if (roll < 20)
        {
            var valid = Pick(random, ["/v1/models", "/health", "/health/ready", "/metrics", "/v1/models/" + modelId]);
            return new FuzzCase("get.valid", HttpMethod.Get, valid + Query(random, harmless: true), null, null, Valid: true);
        }

        if (roll < 45)
        {
            var id = Pick(random, ["gpt-4", modelId + "x", modelId.ToUpperInvariant(), "%00", "%2F", "a/b/c", "..", "%2e%2e", "x%zz", "\u00e9", "%F0%9F%98%80", new string('m', random.Next(1, 3000)), "tiny-arith%20", "%", "%%"]);
            return new FuzzCase("get.unknown_model", HttpMethod.Get, "/v1/models/" + Ascii(id) + Query(random, harmless: false), null, null, MustFail: true);
        }

        if (roll < 60)
        {
            var post = Pick(random, ["/v1/chat/completions", "/v1/completions", "/tokenize", "/detokenize"]);
            return new FuzzCase("get.post_only_route", HttpMethod.Get, post + Query(random, harmless: false), null, null, MustFail: true);
        }

        if (roll < 85)
        {
            var path = Pick(random, ["/", "//", "/v1", "/v1/", "/v2/models", "/v1//models", "/V1/MODELS", "/v1/models/", "/health/", "/health/live", "/metrics/x", "/%00", "/%zz", "/./v1", "/admin", "/.env", "/v1/chat", "/\u4e2d", "/" + new string('a', random.Next(1, 4000))]);
            var known = path is "/v1/models/" or "/health/" or "/V1/MODELS";
            return new FuzzCase("get.odd_path", HttpMethod.Get, Ascii(path) + Query(random, harmless: false), null, null, MustFail: !known);
        }

        var good = Pick(random, ["/v1/models", "/health", "/metrics", "/health/ready"]);
        return new FuzzCase("get.odd_query", HttpMethod.Get, good + Query(random, harmless: false), null, null);
    }

    private static string Query(Random random, bool harmless)
    {
        if (random.Next(3) == 0)
        {
            return string.Empty;
        }

        if (harmless)
        {
            return "?x=" + random.Next(100).ToString(CultureInfo.InvariantCulture);
        }

        return Ascii(Pick(random, ["?", "?a", "?a=1&a=2", "?%zz=%zz", "?x=%00", "?&&&", "?q=" + new string('q', random.Next(1, 3000)), "?model=gpt-4", "?\u00e9=\u4e2d", "?a=1;b=2", "#frag", "?stream=true"]));
    }

    /// <summary>A request target must be ASCII on the wire: non-ASCII characters go percent-encoded (as UTF-8).</summary>
    private static string Ascii(string target)
    {
        var text = new StringBuilder(target.Length);
        foreach (var b in Encoding.UTF8.GetBytes(target))
        {
            text.Append(b < 0x80 ? ((char)b).ToString() : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // ---- field tables ----

    private enum FieldKind
    {
        Int,
        Long,
        Double,
        Bool,
        String,
        StopLike,
        Messages,
        Prompt,
        IntArray,
        Object,
        StringMap,
    }

    private enum Validity
    {
        Valid,
        Invalid,
        MayTimeOut,
        Expensive,
        Unsure,
    }

    private (string Key, FieldKind Kind)[] TypedFields() => target switch
    {
        FuzzTarget.Chat =>
        [
            ("model", FieldKind.String), ("messages", FieldKind.Messages), ("max_tokens", FieldKind.Int), ("max_completion_tokens", FieldKind.Int),
            ("temperature", FieldKind.Double), ("top_p", FieldKind.Double), ("n", FieldKind.Int), ("stream", FieldKind.Bool),
            ("stream_options", FieldKind.Object), ("stop", FieldKind.StopLike), ("presence_penalty", FieldKind.Double),
            ("frequency_penalty", FieldKind.Double), ("logit_bias", FieldKind.StringMap), ("seed", FieldKind.Long), ("user", FieldKind.String),
            ("top_k", FieldKind.Int), ("min_p", FieldKind.Double), ("repetition_penalty", FieldKind.Double), ("ignore_eos", FieldKind.Bool),
            ("timeout", FieldKind.Double), ("logprobs", FieldKind.Bool), ("top_logprobs", FieldKind.Int),
        ],
        FuzzTarget.Completions =>
        [
            ("model", FieldKind.String), ("prompt", FieldKind.Prompt), ("max_tokens", FieldKind.Int), ("temperature", FieldKind.Double),
            ("top_p", FieldKind.Double), ("n", FieldKind.Int), ("stream", FieldKind.Bool), ("stream_options", FieldKind.Object),
            ("stop", FieldKind.StopLike), ("presence_penalty", FieldKind.Double), ("frequency_penalty", FieldKind.Double),
            ("logit_bias", FieldKind.StringMap), ("seed", FieldKind.Long), ("user", FieldKind.String), ("top_k", FieldKind.Int),
            ("min_p", FieldKind.Double), ("repetition_penalty", FieldKind.Double), ("ignore_eos", FieldKind.Bool), ("timeout", FieldKind.Double),
            ("logprobs", FieldKind.Int), ("echo", FieldKind.Bool), ("suffix", FieldKind.String), ("best_of", FieldKind.Int),
        ],
        FuzzTarget.Tokenize => [("content", FieldKind.String), ("prompt", FieldKind.String), ("add_special", FieldKind.Bool)],
        _ => [("tokens", FieldKind.IntArray)],
    };

    /// <summary>A JSON value of a type the field never accepts.</summary>
    private static string WrongValue(Random random, FieldKind kind)
    {
        string[] pool = kind switch
        {
            FieldKind.Int or FieldKind.Long => ["\"1\"", "true", "[1]", "{\"v\":1}", "\"\"", "1.5"],
            FieldKind.Double => ["\"0.5\"", "true", "[0.5]", "{}", "\"NaN\"", "\"Infinity\""],
            FieldKind.Bool => ["\"true\"", "1", "0", "[true]", "{}", "\"yes\""],
            FieldKind.String => ["1", "true", "[\"a\"]", "{\"a\":\"b\"}", "1.5"],
            FieldKind.StopLike => ["1", "true", "{\"a\":1}", "[1]", "[[\"a\"]]", "[null]"],
            FieldKind.Messages => ["\"hello\"", "1", "{\"role\":\"user\",\"content\":\"x\"}", "true", "[1]", "[\"user\"]", "[[]]"],
            FieldKind.Prompt => ["true", "{\"text\":\"x\"}", "1", "[true]", "[{}]", "[[1],[2]]", "[\"a\",1]", "[null]"],
            FieldKind.IntArray => ["\"1,2\"", "1", "{\"0\":1}", "[\"1\"]", "[true]", "[1.5]", "[[1]]", "[null]"],
            FieldKind.Object => ["true", "1", "\"x\"", "[]", "{\"include_usage\":\"yes\"}"],
            _ => ["[]", "1", "\"x\"", "{\"1\":\"x\"}", "{\"1\":[1]}", "{\"1\":null}"],
        };
        return Pick(random, pool);
    }

    private (string Shape, string Messages, bool MustFail)[] MessageShapes(Random random)
    {
        var user = Obj([new("role", Str("user")), new("content", Str(Sum(random)))]);
        var unknownRole = Pick(random, ["User", "USER", "admin", "", " user", "function", "model", "\u0000", "assistant\n", Text(random, 10)]);
        return
        [
            ("empty_array", "[]", true),
            ("null_element", "[null]", true),
            ("empty_object", "[{}]", true),
            ("role_missing", Arr([Obj([new("content", Str("x"))])]), true),
            ("role_null", Arr([Obj([new("role", "null"), new("content", Str("x"))])]), true),
            ("unknown_role", Arr([Obj([new("role", Str(unknownRole)), new("content", Str("x"))])]), !Roles.Contains(unknownRole)),
            ("content_missing", Arr([Obj([new("role", Str("user"))])]), false),
            ("content_null", Arr([Obj([new("role", Str("user")), new("content", "null")])]), false),
            ("content_number", Arr([Obj([new("role", Str("user")), new("content", "5")])]), true),
            ("content_object", Arr([Obj([new("role", Str("user")), new("content", "{\"text\":\"x\"}")])]), true),
            ("content_parts_ok", Arr([Obj([new("role", Str("user")), new("content", "[{\"type\":\"text\",\"text\":\"2+2=\"}]")])]), false),
            ("content_parts_image", Arr([Obj([new("role", Str("user")), new("content", "[{\"type\":\"image_url\",\"image_url\":{\"url\":\"http://x\"}}]")])]), true),
            ("content_parts_no_text", Arr([Obj([new("role", Str("user")), new("content", "[{\"type\":\"text\"}]")])]), true),
            ("content_parts_not_objects", Arr([Obj([new("role", Str("user")), new("content", "[\"a\",1]")])]), true),
            ("content_parts_text_number", Arr([Obj([new("role", Str("user")), new("content", "[{\"type\":\"text\",\"text\":1}]")])]), true),
            ("many_turns", Arr(Enumerable.Range(0, random.Next(2, 60)).Select(i => Obj([new("role", Str(Roles[i % Roles.Length])), new("content", Str(i % 5 == 2 ? Sum(random) : Text(random, 3)))]))), false),
            ("system_only", Arr([Obj([new("role", Str("system")), new("content", Str("be brief"))])]), false),
            ("name_field", Arr([Obj([new("role", Str("user")), new("content", Str("1+1=")), new("name", Str(Text(random, 8)))])]), false),
            ("extra_fields", Arr([Obj([new("role", Str("user")), new("content", Str("1+1=")), new("tool_calls", "[{\"id\":1}]"), new("x", AnyValue(random, 0))])]), false),
            ("escaped_surrogate", Arr([Obj([new("role", Str("user")), new("content", "\"\\ud800\\udc00\\ud800x\"")])]), false),
            ("user", Arr([user]), false),
        ];
    }

    private (string Name, string Prompt, bool MustFail)[] PromptShapes(Random random)
    {
        var ids = Enumerable.Range(0, random.Next(1, 10)).Select(_ => Num(random.Next(vocabularySize))).ToArray();
        return
        [
            ("string", Str(Sum(random)), false),
            ("empty_string", "\"\"", false),
            ("token_ids", Arr(ids), false),
            ("nested_token_ids", Arr([Arr(ids)]), false),
            ("nested_string", Arr([Str(Sum(random))]), false),
            ("doubly_nested_string", Arr([Arr([Str("1+1=")])]), false),
            ("empty_array", "[]", true),
            ("batched_strings", Arr([Str("1+1="), Str("2+2=")]), true),
            ("batched_token_arrays", Arr([Arr(ids), Arr(ids)]), true),
            ("token_out_of_vocab", Arr([Num(vocabularySize)]), true),
            ("negative_token", Arr([Num(-1)]), true),
            ("huge_token", Arr([Num(int.MaxValue)]), true),
            ("token_overflow", Arr([Num(1L << 40)]), true),
            ("fractional_token", "[1.5]", true),
            ("mixed_array", "[1,\"a\"]", true),
            ("null", "null", true),
            ("object", "{\"a\":1}", true),
            ("bool_array", "[true]", true),
            ("escaped_surrogate", "\"\\ud800 1+1=\"", false),
        ];
    }

    private (string Kind, string Body, bool MustFail)[] TokenizeShapes(Random random) =>
    [
        ("content", Obj([new("content", Str(Text(random, 30)))]), false),
        ("prompt", Obj([new("prompt", Str(Text(random, 30)))]), false),
        ("both", Obj([new("content", Str("a")), new("prompt", Str("b"))]), false),
        ("both_null", Obj([new("content", "null"), new("prompt", "null")]), true),
        ("empty", Obj([new("content", "\"\"")]), false),
        ("no_special", Obj([new("content", Str("2+2=")), new("add_special", "false")]), false),
        ("special_text", Obj([new("content", Str("<|bos|><|endoftext|><s></s>[INST]")), new("add_special", "true")]), false),
        ("surrogates", Obj([new("content", "\"\\udfff\\ud800\"")]), false),
        ("nul_char", Obj([new("content", "\"a\\u0000b\"")]), false),
        ("add_special_null", Obj([new("content", Str("x")), new("add_special", "null")]), false),
    ];

    private (string What, string Tokens, bool MustFail)[] TokenShapes(Random random) =>
    [
        ("valid", Arr(Enumerable.Range(0, random.Next(0, 50)).Select(_ => Num(random.Next(vocabularySize)))), false),
        ("empty", "[]", false),
        ("boundary_low", "[0]", false),
        ("boundary_high", Arr([Num(vocabularySize - 1)]), false),
        ("out_of_vocab", Arr([Num(vocabularySize)]), true),
        ("negative", "[-1]", true),
        ("int_min", Arr([Num(int.MinValue)]), true),
        ("int_max", Arr([Num(int.MaxValue)]), true),
        ("broken_utf8_bytes", "[195,40,255,254,128]", false),
        ("lone_continuation", "[128,129,130]", false),
        ("many", Arr(Enumerable.Range(0, random.Next(1000, 20000)).Select(i => Num(i % vocabularySize))), false),
    ];

    /// <summary>Every parameter at and beyond its limits: (field, raw JSON, whether the request stays valid).</summary>
    private (string Key, string Value, Validity Validity)[] LimitTable(Random random)
    {
        var n = random.Next(1, 3);
        var common = new List<(string, string, Validity)>
        {
            ("max_tokens", "1", Validity.Valid), ("max_tokens", "4", Validity.Valid), ("max_tokens", "0", Validity.Invalid),
            ("max_tokens", "-1", Validity.Invalid), ("max_tokens", Num(int.MinValue), Validity.Invalid), ("max_tokens", Num(int.MaxValue), Validity.Expensive),
            ("temperature", "0", Validity.Valid), ("temperature", "2", Validity.Valid), ("temperature", "1e-9", Validity.Valid),
            ("temperature", "-1e-9", Validity.Invalid), ("temperature", "2.001", Validity.Invalid), ("temperature", "1e308", Validity.Invalid), ("temperature", "-1e308", Validity.Invalid),
            ("top_p", "1", Validity.Valid), ("top_p", "1e-6", Validity.Valid), ("top_p", "0", Validity.Invalid), ("top_p", "-0.1", Validity.Invalid),
            ("top_p", "1.0001", Validity.Invalid), ("top_p", "1e39", Validity.Invalid),
            ("top_k", "0", Validity.Valid), ("top_k", "1", Validity.Valid), ("top_k", Num(int.MaxValue), Validity.Valid), ("top_k", "-1", Validity.Invalid),
            ("top_k", Num(int.MinValue), Validity.Invalid),
            ("min_p", "0", Validity.Valid), ("min_p", "1", Validity.Valid), ("min_p", "-0.001", Validity.Invalid), ("min_p", "1.001", Validity.Invalid),
            ("presence_penalty", "-2", Validity.Valid), ("presence_penalty", "2", Validity.Valid), ("presence_penalty", "2.01", Validity.Invalid), ("presence_penalty", "-1e300", Validity.Invalid),
            ("frequency_penalty", "-2", Validity.Valid), ("frequency_penalty", "2", Validity.Valid), ("frequency_penalty", "-2.01", Validity.Invalid), ("frequency_penalty", "1e300", Validity.Invalid),
            ("repetition_penalty", "1", Validity.Valid), ("repetition_penalty", "0.001", Validity.Valid), ("repetition_penalty", "100", Validity.Valid),
            ("repetition_penalty", "0", Validity.Invalid), ("repetition_penalty", "-1", Validity.Invalid), ("repetition_penalty", "1e39", Validity.Invalid),
            ("logit_bias", "{\"0\":-100}", Validity.Valid), ("logit_bias", Obj([new(Num(vocabularySize - 1), "100")]), Validity.Valid), ("logit_bias", "{\"65\":50.5,\"66\":-50.5}", Validity.Valid),
            ("logit_bias", Obj([new(Num(vocabularySize), "1")]), Validity.Invalid), ("logit_bias", "{\"-1\":1}", Validity.Invalid), ("logit_bias", "{\"abc\":1}", Validity.Invalid),
            ("logit_bias", "{\"1\":100.1}", Validity.Invalid), ("logit_bias", "{\"1\":-1e300}", Validity.Invalid), ("logit_bias", "{\"99999999999\":1}", Validity.Invalid),
            ("logit_bias", "{\"\":1}", Validity.Invalid), ("logit_bias", "{\" 1\":1}", Validity.Invalid), ("logit_bias", "{\"1\":1e400}", Validity.Invalid),
            ("stop", "\"\\n\"", Validity.Valid), ("stop", "[\"a\",\"b\",\"c\",\"d\"]", Validity.Valid), ("stop", "\"=\"", Validity.Valid), ("stop", "null", Validity.Valid), ("stop", "[]", Validity.Valid),
            ("stop", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", Validity.Invalid), ("stop", "\"\"", Validity.Invalid), ("stop", "[\"\"]", Validity.Invalid),
            ("stop", "[\"\\ud800\"]", Validity.Invalid), ("stop", "\"x\\udc00\"", Validity.Invalid),
            ("n", "1", Validity.Valid), ("n", Num(n), Validity.Valid), ("n", "16", Validity.Valid), ("n", "0", Validity.Invalid), ("n", "17", Validity.Invalid),
            ("n", "-1", Validity.Invalid), ("n", "1000000", Validity.Invalid),
            ("seed", "0", Validity.Valid), ("seed", "-1", Validity.Valid), ("seed", Num(long.MaxValue), Validity.Valid), ("seed", Num(long.MinValue), Validity.Valid),
            ("timeout", "30", Validity.Valid), ("timeout", "1e6", Validity.Valid), ("timeout", "1e-6", Validity.MayTimeOut), ("timeout", "0.001", Validity.MayTimeOut),
            ("timeout", "1e-300", Validity.MayTimeOut), ("timeout", "0", Validity.Invalid), ("timeout", "-1", Validity.Invalid), ("timeout", "1e300", Validity.Invalid), ("timeout", "-0.0", Validity.Invalid),
            ("model", Str(modelId), Validity.Valid), ("model", "\"\"", Validity.Valid), ("model", "null", Validity.Valid),
            ("model", "\"gpt-4o\"", Validity.Invalid), ("model", Str(modelId + " "), Validity.Invalid), ("model", Str(modelId.ToUpperInvariant()), Validity.Invalid),
            ("user", PlainStr(new string('u', random.Next(0, 5000))), Validity.Valid),
            ("ignore_eos", "true", Validity.Valid), ("ignore_eos", "false", Validity.Valid),
            ("stream", "true", Validity.Valid), ("stream", "false", Validity.Valid),
            ("stream_options", "{\"include_usage\":true}", Validity.Unsure), ("stream_options", "{}", Validity.Unsure),
        };
        if (target == FuzzTarget.Chat)
        {
            common.AddRange(
            [
                ("max_completion_tokens", "MAX", Validity.Valid), ("max_completion_tokens", "3", Validity.Unsure),
                ("logprobs", "true", Validity.Valid), ("logprobs", "false", Validity.Valid), ("top_logprobs", "20", Validity.Unsure), ("top_logprobs", "0", Validity.Unsure),
                ("top_logprobs", "21", Validity.Invalid), ("top_logprobs", "-1", Validity.Invalid),
            ]);
        }
        else
        {
            common.AddRange(
            [
                ("logprobs", "0", Validity.Valid), ("logprobs", "5", Validity.Valid), ("logprobs", "20", Validity.Valid), ("logprobs", "21", Validity.Invalid),
                ("logprobs", "-1", Validity.Invalid), ("echo", "true", Validity.Valid), ("echo", "false", Validity.Valid), ("suffix", "\"\"", Validity.Valid),
                ("suffix", "\"x\"", Validity.Invalid), ("best_of", "BEST", Validity.Valid), ("best_of", "7", Validity.Unsure),
            ]);
        }

        return [.. common];
    }

    /// <summary>Applies one limit entry; placeholders tie fields that must agree (max_completion_tokens, best_of).</summary>
    private static void Apply(Fields fields, string key, string value) => fields[key] = value;

    /// <summary>Resolves placeholders and keeps dependent fields consistent in a request meant to be valid.</summary>
    private static void Consistent(Fields fields, bool fixDependents)
    {
        var max = fields.Find(p => p.Key == "max_tokens").Value ?? "4";
        var n = fields.Find(p => p.Key == "n").Value ?? "1";
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Value == "MAX")
            {
                fields[i] = new(fields[i].Key, max);
            }
            else if (fields[i].Value == "BEST")
            {
                fields[i] = new(fields[i].Key, n);
            }
        }

        if (!fixDependents)
        {
            return;
        }

        var streaming = fields.Find(p => p.Key == "stream").Value == "true";
        if (!streaming && fields.Has("stream_options"))
        {
            fields.Drop("stream_options");
        }

        if (fields.Has("top_logprobs") && fields.Find(p => p.Key == "logprobs").Value != "true")
        {
            fields["logprobs"] = "true";
        }

        if (fields.Has("max_completion_tokens") && fields.Find(p => p.Key == "max_completion_tokens").Value != max)
        {
            fields["max_completion_tokens"] = max;
        }

        if (fields.Has("best_of") && fields.Find(p => p.Key == "best_of").Value != n)
        {
            fields["best_of"] = n;
        }
    }

    // ---- helpers ----

    private FuzzCase Post(string kind, string body, bool mustFail = false, bool valid = false, bool mayTimeOut = false) =>
        new(kind, HttpMethod.Post, Path, Json, Encoding.UTF8.GetBytes(body), mustFail, valid && !mustFail, mayTimeOut);

    /// <summary>Replaces the value of the first numeric field with <paramref name="literal"/> (or adds one).</summary>
    private static string Replace(string body, string literal)
    {
        foreach (var key in new[] { "\"max_tokens\":", "\"temperature\":", "\"tokens\":[" })
        {
            var at = body.IndexOf(key, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + key.Length;
                var end = start;
                while (end < body.Length && (char.IsDigit(body[end]) || body[end] is '-' or '.'))
                {
                    end++;
                }

                if (end > start)
                {
                    return body[..start] + literal + body[end..];
                }
            }
        }

        return body[..^1] + ",\"max_tokens\":" + literal + "}";
    }

    private static string Sum(Random random) =>
        $"{random.Next(10).ToString(CultureInfo.InvariantCulture)}+{random.Next(10).ToString(CultureInfo.InvariantCulture)}=";

    /// <summary>Text with a bit of everything: ASCII, digits, quotes, escapes, accents, CJK, emoji, controls.</summary>
    private static string Text(Random random, int length)
    {
        string[] pieces = ["a", "Z", "7", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "é", "中", "😀", "\u200b", "\ufeff", "<|bos|>", "{", "]", "+", "="];
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            text.Append(Pick(random, pieces));
        }

        return text.ToString();
    }

    private static string AnyValue(Random random, int depth) => random.Next(depth > 3 ? 6 : 9) switch
    {
        0 => "null",
        1 => Bool(random.Next(2) == 0),
        2 => Num(random.NextInt64(long.MinValue, long.MaxValue)),
        3 => Num(random.NextDouble() * Math.Pow(10, random.Next(-300, 300))),
        4 => Str(Text(random, random.Next(0, 30))),
        5 => PlainStr(new string('x', random.Next(0, 100_000))),
        6 => Arr(Enumerable.Range(0, random.Next(0, 5)).Select(_ => AnyValue(random, depth + 1))),
        _ => Obj(Enumerable.Range(0, random.Next(0, 5)).Select(i => new KeyValuePair<string, string>("k" + i.ToString(CultureInfo.InvariantCulture), AnyValue(random, depth + 1)))),
    };

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static T[] Pick<T>(Random random, IReadOnlyList<T> items, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => items[random.Next(items.Count)])];
}
