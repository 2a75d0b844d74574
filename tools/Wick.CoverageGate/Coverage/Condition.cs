namespace Wick.CoverageGate.Coverage;

/// <summary>One Cobertura <c>&lt;condition&gt;</c>: a branch point (IL offset) and the share of its paths taken.</summary>
/// <param name="Type"><c>jump</c> (two paths) or <c>switch</c> (more).</param>
/// <param name="Percent">Share of the branch point's paths that ran, percent.</param>
internal sealed record Condition(string Type, double Percent)
{
    public bool IsSwitch => Type == "switch";
}
