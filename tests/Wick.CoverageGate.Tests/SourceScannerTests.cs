using Wick.CoverageGate.Source;

namespace Wick.CoverageGate.Tests;

public sealed class SourceScannerTests
{
    [Theory]
    [InlineData("var n = name!.Length;", "name!")]
    [InlineData("return value!;", "value!")]
    [InlineData("Use(value!);", "value!")]
    [InlineData("string s = null!;", "null!")]
    [InlineData("var x = Get()!.Trim();", "Get()!")]
    public void Null_forgiving_postfix_is_found(string statement, string what)
    {
        var finding = Assert.Single(ScanStatement(statement).Findings);

        Assert.Equal((CrashKind.NullForgiving, what, 5), (finding.Kind, finding.What, finding.Line));
        Assert.Equal(statement, finding.Text);
    }

    [Theory]
    [InlineData("if (a != b) { }")]
    [InlineData("if (!flag) { }")]
    [InlineData("var y = !(a == b);")]
    [InlineData("var z = !Check() && a !=b;")]
    [InlineData("var s = \"wow!\";")]
    [InlineData("// value!.Length")]
    [InlineData("var r = Compute().Result();")]
    [InlineData("var r = obj?.Result();")]
    [InlineData("Thread.Yield();")]
    [InlineData("Environment.GetEnvironmentVariable(\"X\");")]
    [InlineData("task.GetAwaiter();")]
    [InlineData("awaiter.GetResult();")]
    [InlineData("Func<Task> f = async () => await Task.Yield();")]
    [InlineData("Sleep(5);")]
    [InlineData("worker.Sleep(5);")]
    [InlineData("Make().GetResult();")]
    [InlineData("task.GetAwaiter2().GetResult();")]
    [InlineData("app.Exit();")]
    [InlineData("Factory().Exit();")]
    [InlineData("Wait();")]
    [InlineData("worker?.Sleep(5);")]
    [InlineData("awaiter?.GetResult();")]
    public void Inequality_prefix_not_and_lookalikes_are_not_flagged(string statement)
    {
        Assert.Empty(ScanStatement(statement).Findings);
    }

    [Theory]
    [InlineData("var v = task.Result;", ".Result")]
    [InlineData("var v = task?.Result;", "?.Result")]
    [InlineData("task.Wait();", ".Wait(")]
    [InlineData("task?.Wait();", ".Wait(")]
    [InlineData("gate.Wait(TimeSpan.FromSeconds(1));", ".Wait(")]
    [InlineData("Task.WaitAll(a, b);", ".WaitAll(")]
    [InlineData("Task.WaitAny(a, b);", ".WaitAny(")]
    [InlineData("var v = task.GetAwaiter().GetResult();", ".GetAwaiter().GetResult()")]
    [InlineData("Thread.Sleep(10);", "Thread.Sleep")]
    [InlineData("System.Threading.Thread.Sleep(10);", "Thread.Sleep")]
    public void Blocking_waits_are_found(string statement, string what)
    {
        var finding = Assert.Single(ScanStatement(statement).Findings);

        Assert.Equal((CrashKind.BlockingWait, what), (finding.Kind, finding.What));
    }

    [Theory]
    [InlineData("Environment.Exit(3);", "Environment.Exit")]
    [InlineData("System.Environment.FailFast(\"boom\");", "Environment.FailFast")]
    [InlineData("global::System.Environment.Exit(1);", "Environment.Exit")]
    [InlineData("global::Environment.Exit(1);", "Environment.Exit")]
    public void Process_exits_are_found_outside_the_allowed_files(string statement, string what)
    {
        var finding = Assert.Single(ScanStatement(statement).Findings);
        Assert.Equal((CrashKind.ProcessExit, what), (finding.Kind, finding.What));

        Assert.Empty(ScanStatement(statement, processExitAllowed: true).Findings);
    }

    [Fact]
    public void Async_void_methods_and_local_functions_are_found_but_async_task_is_not()
    {
        var facts = SourceScanner.Scan("A.cs", """
            class A
            {
                async void Fire() { await Task.Yield(); }
                async Task Fine() { await Task.Yield(); }
                void Sync() { }
                void Outer()
                {
                    async void Local() { await Task.Yield(); }
                    async Task LocalFine() { await Task.Yield(); }
                }
            }
            """, processExitAllowed: false);

        Assert.Equal(
            [(3, "async void Fire"), (8, "async void Local")],
            facts.Findings.Select(f => (f.Line, f.What)));
        Assert.All(facts.Findings, f => Assert.Equal(CrashKind.AsyncVoid, f.Kind));
    }

    [Fact]
    public void Exclusions_are_listed_with_their_justification_or_its_absence()
    {
        var facts = SourceScanner.Scan("A.cs", """
            using System.Diagnostics.CodeAnalysis;
            class A
            {
                [ExcludeFromCodeCoverage(Justification = "Needs a GPU")]
                void Gpu() { }
                [ExcludeFromCodeCoverage]
                void Bare() { }
                [ExcludeFromCodeCoverage(Justification = "  ")]
                void Blank() { }
                [System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute(Justification = Reasons.Native)]
                void Constant() { }
                [global::ExcludeFromCodeCoverage(Justification = "x")]
                void Global() { }
                [Obsolete("not an exclusion")]
                void Old() { }
            }
            """, processExitAllowed: false);

        Assert.Equal(
            [(4, "Needs a GPU", true), (6, null, false), (8, "  ", false), (10, "Reasons.Native", true), (12, "x", true)],
            facts.Exclusions.Select(e => (e.Line, e.Justification, e.IsJustified)));
        Assert.Equal([15], facts.CodeLines);
    }

    [Fact]
    public void Namespaces_are_found_file_scoped_and_nested()
    {
        var scoped = SourceScanner.Scan("A.cs", "namespace Wick.Core.Lot;\nclass A { }", processExitAllowed: false);
        var nested = SourceScanner.Scan("B.cs", "namespace Wick { namespace Core.Lot { class B { } } }", processExitAllowed: false);

        Assert.Equal(["Wick.Core.Lot"], scoped.Namespaces);
        Assert.Equal(["Wick", "Wick.Core.Lot"], nested.Namespaces);
    }

    [Fact]
    public void Code_lines_cover_statements_bodies_and_field_initializers_but_not_declarations_or_auto_properties()
    {
        var facts = SourceScanner.Scan("A.cs", """
            interface I { void M(); }
            record R(int X);
            enum E { One = 1 }
            class A : B
            {
                const int C = 1;
                static readonly int S = 2;
                int P { get; } = 3;
                int Q => 4;
                A() : base(5) { }
                void M(int d = 6)
                {
                    if (d > 0)
                    {
                        d++;
                    }
                }
            }
            """, processExitAllowed: false);

        // Auto-property initializers (line 8) are not counted: coverlet skips auto-properties, so a file of them alone
        // appears in no report and must not count as uncovered code.
        Assert.Equal([7, 9, 10, 13, 15], facts.CodeLines);
    }

    [Fact]
    public void An_excluded_type_has_no_code_lines()
    {
        var facts = SourceScanner.Scan("A.cs", """
            [ExcludeFromCodeCoverage(Justification = "interop")]
            class A
            {
                void M() { Run(); }
            }
            """, processExitAllowed: false);

        Assert.Empty(facts.CodeLines);
    }

    private static SourceFacts ScanStatement(string statement, bool processExitAllowed = false) =>
        SourceScanner.Scan("src/A.cs", $$"""
            class A
            {
                void M()
                {
                    {{statement}}
                }
            }
            """, processExitAllowed);
}
