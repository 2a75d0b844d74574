using Wick.Server.Chat;

namespace Wick.Server.Tests.Unit;

public sealed class ChatTemplateTests
{
    private static readonly ChatTurn[] Conversation =
    [
        new("system", "Be brief."),
        new("user", " 2+2= "),
        new("assistant", " 4 "),
        new("user", "3+3="),
    ];

    [Theory]
    [InlineData("{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}", ChatTemplateFamily.ChatMl)]
    [InlineData("{{ bos_token }}<|start_header_id|>{{ role }}<|end_header_id|>", ChatTemplateFamily.Llama3)]
    [InlineData("<start_of_turn>user\n{{ content }}<end_of_turn>", ChatTemplateFamily.Gemma)]
    [InlineData("<|user|>\n{{ content }}<|end|>\n<|assistant|>", ChatTemplateFamily.Phi3)]
    [InlineData("[INST] <<SYS>>\n{{ system }}\n<</SYS>>\n\n{{ content }} [/INST]", ChatTemplateFamily.Llama2)]
    [InlineData("{{ bos_token }}[INST] {{ content }} [/INST]", ChatTemplateFamily.Mistral)]
    [InlineData(ChatTemplate.UserContentOnlyJinja, ChatTemplateFamily.UserContentOnly)]
    [InlineData("{% for message in messages %}\n  {% if message['role'] == 'user' %}{{ message['content'] }}{% endif %}\n{% endfor %}", ChatTemplateFamily.UserContentOnly)]
    public void Known_templates_are_recognised_by_their_markers(string jinja, ChatTemplateFamily family)
    {
        var template = ChatTemplate.FromGguf(jinja);

        Assert.Equal(family, template.Family);
        Assert.Null(template.Note);
    }

    [Theory]
    [InlineData(null, "no tokenizer.chat_template")]
    [InlineData("   ", "no tokenizer.chat_template")]
    [InlineData("{{ messages | custom_format }}", "not one Wick recognises")]
    public void Missing_or_unknown_templates_fall_back_to_chatml_with_a_note(string? jinja, string reason)
    {
        var template = ChatTemplate.FromGguf(jinja);

        Assert.Equal(ChatTemplateFamily.ChatMl, template.Family);
        Assert.Contains(reason, template.Note, StringComparison.Ordinal);
        Assert.Contains("ChatML", template.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void User_content_only_concatenates_the_user_turns()
    {
        Assert.Equal(" 2+2= 3+3=", ChatTemplate.For(ChatTemplateFamily.UserContentOnly).Render(Conversation));
    }

    [Fact]
    public void ChatMl_wraps_every_turn_and_opens_the_assistant_turn()
    {
        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n 2+2= <|im_end|>\n<|im_start|>assistant\n 4 <|im_end|>\n<|im_start|>user\n3+3=<|im_end|>\n<|im_start|>assistant\n",
            ChatTemplate.For(ChatTemplateFamily.ChatMl).Render(Conversation));
    }

    [Fact]
    public void Llama3_uses_header_markers_and_trims_contents()
    {
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n2+2=<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n4<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n3+3=<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
            ChatTemplate.For(ChatTemplateFamily.Llama3).Render(Conversation));
    }

    [Fact]
    public void Gemma_has_user_and_model_turns_only()
    {
        Assert.Equal(
            "<start_of_turn>user\nBe brief.<end_of_turn>\n<start_of_turn>user\n2+2=<end_of_turn>\n<start_of_turn>model\n4<end_of_turn>\n<start_of_turn>user\n3+3=<end_of_turn>\n<start_of_turn>model\n",
            ChatTemplate.For(ChatTemplateFamily.Gemma).Render(Conversation));
    }

    [Fact]
    public void Phi3_tags_each_role()
    {
        Assert.Equal(
            "<|system|>\nBe brief.<|end|>\n<|user|>\n 2+2= <|end|>\n<|assistant|>\n 4 <|end|>\n<|user|>\n3+3=<|end|>\n<|assistant|>\n",
            ChatTemplate.For(ChatTemplateFamily.Phi3).Render(Conversation));
    }

    [Fact]
    public void Llama2_puts_the_system_prompt_in_a_sys_block_of_the_first_instruction()
    {
        Assert.Equal(
            "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\n2+2= [/INST] 4</s><s>[INST] 3+3= [/INST]",
            ChatTemplate.For(ChatTemplateFamily.Llama2).Render(Conversation));
    }

    [Fact]
    public void Mistral_prefixes_the_system_prompt_to_the_first_instruction()
    {
        Assert.Equal(
            "<s>[INST] Be brief.\n\n2+2= [/INST] 4</s><s>[INST] 3+3= [/INST]",
            ChatTemplate.For(ChatTemplateFamily.Mistral).Render(Conversation));
        Assert.Equal("<s>[INST] 1+1= [/INST]", ChatTemplate.For(ChatTemplateFamily.Mistral).Render([new ChatTurn("user", "1+1=")]));
    }

    [Fact]
    public void Render_rejects_null()
    {
        Assert.Throws<ArgumentNullException>(() => ChatTemplate.For(ChatTemplateFamily.ChatMl).Render(null!));
    }
}
