namespace Wick.Server.Chat;

/// <summary>The chat formats Wick renders natively (the ones llama.cpp's built-in template detection knows best).</summary>
public enum ChatTemplateFamily
{
    /// <summary>Concatenated user contents, nothing else: the tiny arithmetic model's template.</summary>
    UserContentOnly,
    ChatMl,
    Llama3,
    Llama2,
    Mistral,
    Gemma,
    Phi3,
}
