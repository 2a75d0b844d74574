namespace Wick.Model.Tests.Engine;

/// <summary>Real-engine tests measure step times: they run alone, not beside other native work.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealEngineCollection
{
    public const string Name = "Real engine";
}
