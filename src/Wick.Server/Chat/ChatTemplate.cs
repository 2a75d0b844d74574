using System.Text;

namespace Wick.Server.Chat;

/// <summary>
/// Renders a chat into a prompt. The GGUF's <c>tokenizer.chat_template</c> (Jinja) is recognised by the markers it
/// contains, as llama.cpp's own detection does, and rendered by C# code for that family; a template Wick does not
/// recognise, or none, falls back to ChatML and says so in <see cref="Note"/>, so the fallback is never silent.
/// </summary>
public sealed class ChatTemplate
{
    /// <summary>The tiny model's template, written by <c>wick-model train-tiny</c>.</summary>
    public const string UserContentOnlyJinja =
        "{% for message in messages %}{% if message['role'] == 'user' %}{{ message['content'] }}{% endif %}{% endfor %}";

    private ChatTemplate(ChatTemplateFamily family, string? note)
    {
        Family = family;
        Note = note;
    }

    public ChatTemplateFamily Family { get; }

    /// <summary>Why a fallback was chosen; null when the model's own template was recognised.</summary>
    public string? Note { get; }

    public static ChatTemplate FromGguf(string? jinja)
    {
        if (string.IsNullOrWhiteSpace(jinja))
        {
            return new ChatTemplate(ChatTemplateFamily.ChatMl, "the model has no tokenizer.chat_template; using ChatML");
        }

        var family = Detect(jinja);
        return family is { } known
            ? new ChatTemplate(known, null)
            : new ChatTemplate(ChatTemplateFamily.ChatMl, "the model's tokenizer.chat_template is not one Wick recognises; using ChatML");
    }

    public static ChatTemplate For(ChatTemplateFamily family) => new(family, null);

    /// <summary>The prompt for <paramref name="turns"/>, ending where the assistant's answer begins.</summary>
    public string Render(IReadOnlyList<ChatTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var text = new StringBuilder();
        switch (Family)
        {
            case ChatTemplateFamily.UserContentOnly:
                foreach (var turn in turns.Where(t => t.Role == "user"))
                {
                    text.Append(turn.Content);
                }

                break;
            case ChatTemplateFamily.ChatMl:
                foreach (var turn in turns)
                {
                    text.Append("<|im_start|>").Append(turn.Role).Append('\n').Append(turn.Content).Append("<|im_end|>\n");
                }

                text.Append("<|im_start|>assistant\n");
                break;
            case ChatTemplateFamily.Llama3:
                text.Append("<|begin_of_text|>");
                foreach (var turn in turns)
                {
                    text.Append("<|start_header_id|>").Append(turn.Role).Append("<|end_header_id|>\n\n").Append(turn.Content.Trim()).Append("<|eot_id|>");
                }

                text.Append("<|start_header_id|>assistant<|end_header_id|>\n\n");
                break;
            case ChatTemplateFamily.Gemma:
                foreach (var turn in turns)
                {
                    // Gemma has no system role: the system text opens the first user turn.
                    var role = turn.Role == "assistant" ? "model" : "user";
                    text.Append("<start_of_turn>").Append(role).Append('\n').Append(turn.Content.Trim()).Append("<end_of_turn>\n");
                }

                text.Append("<start_of_turn>model\n");
                break;
            case ChatTemplateFamily.Phi3:
                foreach (var turn in turns)
                {
                    text.Append("<|").Append(turn.Role).Append("|>\n").Append(turn.Content).Append("<|end|>\n");
                }

                text.Append("<|assistant|>\n");
                break;
            default:
                RenderInstruct(turns, text, withSystemBlock: Family == ChatTemplateFamily.Llama2);
                break;
        }

        return text.ToString();
    }

    private static void RenderInstruct(IReadOnlyList<ChatTurn> turns, StringBuilder text, bool withSystemBlock)
    {
        var system = string.Join("\n", turns.Where(t => t.Role == "system").Select(t => t.Content));
        var first = true;
        foreach (var turn in turns.Where(t => t.Role != "system"))
        {
            if (turn.Role == "assistant")
            {
                text.Append(' ').Append(turn.Content.Trim()).Append("</s>");
                continue;
            }

            text.Append("<s>[INST] ");
            if (first && system.Length > 0)
            {
                text.Append(withSystemBlock ? $"<<SYS>>\n{system}\n<</SYS>>\n\n" : system + "\n\n");
            }

            text.Append(turn.Content.Trim()).Append(" [/INST]");
            first = false;
        }
    }

    private static ChatTemplateFamily? Detect(string jinja)
    {
        if (Normalize(jinja) == Normalize(UserContentOnlyJinja))
        {
            return ChatTemplateFamily.UserContentOnly;
        }

        return jinja switch
        {
            _ when jinja.Contains("<|im_start|>", StringComparison.Ordinal) => ChatTemplateFamily.ChatMl,
            _ when jinja.Contains("<|start_header_id|>", StringComparison.Ordinal) => ChatTemplateFamily.Llama3,
            _ when jinja.Contains("<start_of_turn>", StringComparison.Ordinal) => ChatTemplateFamily.Gemma,
            _ when jinja.Contains("<|assistant|>", StringComparison.Ordinal) && jinja.Contains("<|end|>", StringComparison.Ordinal) => ChatTemplateFamily.Phi3,
            _ when jinja.Contains("<<SYS>>", StringComparison.Ordinal) => ChatTemplateFamily.Llama2,
            _ when jinja.Contains("[INST]", StringComparison.Ordinal) => ChatTemplateFamily.Mistral,
            _ => null,
        };
    }

    private static string Normalize(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
