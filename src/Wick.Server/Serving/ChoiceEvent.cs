using Wick.Core.Execution;

namespace Wick.Server.Serving;

/// <summary>One engine event of one choice of a request with <c>n</c> choices.</summary>
internal readonly record struct ChoiceEvent(int Index, TokenEvent Event);
