namespace Wick.Server.Chat;

/// <summary>One validated chat message: a known role and its text.</summary>
public sealed record ChatTurn(string Role, string Content);
