using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Wick.CoverageGate.Source;

/// <summary>
/// One C# file's syntax tree (Roslyn, no compilation): namespaces, <c>[ExcludeFromCodeCoverage]</c> uses, crash-audit
/// findings and the lines holding code. Syntax only, so the blocking-wait check goes by name: any <c>.Result</c> that is
/// not invoked counts, whatever its type (BannedApiAnalyzers does the typed check at build time).
/// </summary>
internal static class SourceScanner
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static SourceFacts Scan(string path, string text, bool processExitAllowed)
    {
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, path);
        var root = tree.GetCompilationUnitRoot();
        var lines = tree.GetText().Lines;
        var excludedSpans = new List<TextSpan>();
        var exclusions = new List<CoverageExclusion>();
        var findings = new List<CrashFinding>();
        var namespaces = new List<string>();

        void Find(SyntaxNodeOrToken at, CrashKind kind, string what)
        {
            var line = lines.GetLineFromPosition(at.SpanStart);
            findings.Add(new CrashFinding(path, line.LineNumber + 1, kind, what, line.ToString().Trim()));
        }

        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case BaseNamespaceDeclarationSyntax ns:
                    namespaces.Add(string.Join('.', ns.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>()
                        .Reverse().Select(n => n.Name.ToString())));
                    break;
                case AttributeSyntax attribute when IsExcludeFromCodeCoverage(attribute):
                    exclusions.Add(new CoverageExclusion(
                        path, lines.GetLineFromPosition(attribute.SpanStart).LineNumber + 1, JustificationOf(attribute)));
                    // attribute → attribute list → the member or type it excludes.
                    excludedSpans.Add(attribute.Parent?.Parent?.Span ?? attribute.Span);
                    break;
                case PostfixUnaryExpressionSyntax p when p.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    Find(p.OperatorToken, CrashKind.NullForgiving, p.ToString());
                    break;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } m when !IsInvoked(m):
                    Find(m.Name, CrashKind.BlockingWait, ".Result");
                    break;
                case MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Result" } b when !IsInvoked(b):
                    Find(b.Name, CrashKind.BlockingWait, "?.Result");
                    break;
                case InvocationExpressionSyntax invocation:
                    CheckInvocation(invocation, processExitAllowed, Find);
                    break;
                case MethodDeclarationSyntax method when IsAsyncVoid(method.Modifiers, method.ReturnType):
                    Find(method.Identifier, CrashKind.AsyncVoid, $"async void {method.Identifier.ValueText}");
                    break;
                case LocalFunctionStatementSyntax local when IsAsyncVoid(local.Modifiers, local.ReturnType):
                    Find(local.Identifier, CrashKind.AsyncVoid, $"async void {local.Identifier.ValueText}");
                    break;
            }
        }

        var codeLines = CodeNodes(root)
            .Where(n => !excludedSpans.Any(s => s.Contains(n.Span)))
            .Select(n => lines.GetLineFromPosition(n.SpanStart).LineNumber + 1)
            .Distinct()
            .Order()
            .ToList();
        return new SourceFacts(path, namespaces.Distinct().ToList(), exclusions, findings, codeLines);
    }

    private static void CheckInvocation(
        InvocationExpressionSyntax invocation, bool processExitAllowed, Action<SyntaxNodeOrToken, CrashKind, string> find)
    {
        var (name, receiver) = invocation.Expression switch
        {
            MemberAccessExpressionSyntax m => (m.Name, m.Expression),
            MemberBindingExpressionSyntax b => (b.Name, (ExpressionSyntax?)null),
            _ => (null, null),
        };
        switch (name?.Identifier.ValueText)
        {
            case "Wait" or "WaitAll" or "WaitAny":
                find(name, CrashKind.BlockingWait, $".{name.Identifier.ValueText}(");
                break;
            case "GetResult" when receiver is InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" },
            }:
                find(name, CrashKind.BlockingWait, ".GetAwaiter().GetResult()");
                break;
            case "Sleep" when LastIdentifier(receiver) == "Thread":
                find(name, CrashKind.BlockingWait, "Thread.Sleep");
                break;
            case "Exit" or "FailFast" when !processExitAllowed && LastIdentifier(receiver) == "Environment":
                find(name, CrashKind.ProcessExit, $"Environment.{name.Identifier.ValueText}");
                break;
        }
    }

    private static bool IsInvoked(ExpressionSyntax expression) =>
        expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression;

    private static bool IsAsyncVoid(SyntaxTokenList modifiers, TypeSyntax returnType) =>
        modifiers.Any(SyntaxKind.AsyncKeyword) && returnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword };

    /// <summary>The last token of a receiver: <c>Thread</c> for <c>Thread</c>, <c>System.Threading.Thread</c>,
    /// <c>global::System.Threading.Thread</c>; a parenthesis or keyword for anything else.</summary>
    private static string? LastIdentifier(ExpressionSyntax? expression) => expression?.GetLastToken().ValueText;

    private static bool IsExcludeFromCodeCoverage(AttributeSyntax attribute) =>
        attribute.Name.GetLastToken().ValueText is "ExcludeFromCodeCoverage" or "ExcludeFromCodeCoverageAttribute";

    /// <summary>The <c>Justification</c> value: a string literal's text, or the expression for a constant.</summary>
    private static string? JustificationOf(AttributeSyntax attribute)
    {
        var argument = attribute.ArgumentList?.Arguments
            .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Justification");
        return argument?.Expression switch
        {
            null => null,
            LiteralExpressionSyntax literal => literal.Token.ValueText,
            var other => other.ToString(),
        };
    }

    /// <summary>Nodes that compile to coverable lines: statements, expression bodies, field initializers, empty bodies (not auto-property initializers, which coverlet skips).</summary>
    private static IEnumerable<SyntaxNode> CodeNodes(CompilationUnitSyntax root) =>
        root.DescendantNodes().Where(n => n switch
        {
            BlockSyntax block => block.Statements.Count == 0 && block.Parent is not (BlockSyntax or StatementSyntax),
            StatementSyntax => true,
            ArrowExpressionClauseSyntax => true,
            ConstructorInitializerSyntax => true,
            EqualsValueClauseSyntax { Parent.Parent.Parent: FieldDeclarationSyntax field } =>
                !field.Modifiers.Any(SyntaxKind.ConstKeyword),
            _ => false,
        });
}
