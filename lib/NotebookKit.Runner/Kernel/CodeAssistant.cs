using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NotebookKit.Runner.Engine;

namespace NotebookKit.Runner.Kernel;

/// <summary>A completion answer: the names, and the span of the cell (UTF-16 offsets) they replace.</summary>
internal sealed record Completions(IReadOnlyList<(string Text, string Kind)> Matches, int Start, int End);

/// <summary>
/// Completions, help and "is this cell finished?" from Roslyn's compilation of the cell as if it
/// ran next, so members of a variable from an earlier cell (a TorchSharp tensor, a kit model) are
/// found by their type.
/// </summary>
internal static partial class CodeAssistant
{
    [GeneratedRegex(@"^[ \t]*#(!|r\b|i\b).*$", RegexOptions.Multiline)]
    private static partial Regex DirectiveLine();

    private static readonly CSharpParseOptions ScriptParse =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>Jupyter's answer to is_complete: "complete", "incomplete" (an open brace, string...) or "invalid".</summary>
    public static string IsComplete(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(Blank(code), ScriptParse);
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return "incomplete";
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? "invalid" : "complete";
    }

    public static Completions Complete(ScriptSession session, string code, int position)
    {
        code = Blank(code);
        position = Math.Clamp(position, 0, code.Length);
        var start = position;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        var prefix = code[start..position];
        var compilation = session.Analyze(code);
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        IEnumerable<ISymbol> symbols;
        var dot = start - 1;
        while (dot >= 0 && char.IsWhiteSpace(code[dot])) dot--;
        if (dot >= 0 && code[dot] == '.' && tree.GetRoot().FindToken(dot) is { RawKind: (int)SyntaxKind.DotToken } dotToken)
            symbols = MembersAfter(model, dotToken, start);
        else
            symbols = model.LookupSymbols(start).Where(s => s.CanBeReferencedByName);
        var matches = symbols
            .Where(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && s.CanBeReferencedByName)
            .GroupBy(s => s.Name)
            .OrderBy(g => !g.Key.StartsWith(prefix, StringComparison.Ordinal)).ThenBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(g => (g.Key, Kind(g.First())));
        if (prefix.Length > 0 && !(dot >= 0 && code[dot] == '.'))
            matches = matches.Concat(Keywords.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => (k, "keyword")))
                .DistinctBy(m => m.Item1);
        return new Completions(matches.ToArray(), start, position);
    }

    /// <summary>What is known about the symbol at <paramref name="position"/>: its signature and summary; null when nothing.</summary>
    public static string? Inspect(ScriptSession session, string code, int position, int detailLevel)
    {
        code = Blank(code);
        position = Math.Clamp(position, 0, code.Length);
        var compilation = session.Analyze(code);
        var tree = compilation.SyntaxTrees.Last();
        var model = compilation.GetSemanticModel(tree);
        var root = tree.GetRoot();
        // The cursor sits just after the name or inside it; try the token there, then the one before.
        foreach (var at in new[] { position, position - 1 })
        {
            if (at < 0 || at >= code.Length && at != code.Length) continue;
            var token = root.FindToken(Math.Min(at, Math.Max(code.Length - 1, 0)));
            if (!token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is not (PredefinedTypeSyntax or LiteralExpressionSyntax)) continue;
            var node = token.Parent!;
            var info = model.GetSymbolInfo(node);
            var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault() ?? model.GetDeclaredSymbol(node) ?? model.GetTypeInfo(node).Type;
            if (symbol is null) continue;
            return Describe(symbol, model.GetTypeInfo(node).Type, detailLevel);
        }
        return null;
    }

    private static string Describe(ISymbol symbol, ITypeSymbol? valueType, int detailLevel)
    {
        var text = new StringBuilder();
        text.Append(symbol.Kind switch
        {
            SymbolKind.Local or SymbolKind.Field or SymbolKind.Property or SymbolKind.Parameter when valueType is not null
                => $"{symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)} : {valueType.ToDisplayString()}",
            _ => symbol.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat),
        });
        text.Append($"\n({Kind(symbol)}");
        if (symbol.ContainingAssembly is { } assembly && symbol is not INamespaceSymbol) text.Append($" in {assembly.Name}");
        text.Append(')');
        var summary = Summary(symbol.GetDocumentationCommentXml(expandIncludes: true));
        if (summary.Length > 0) text.Append("\n\n").Append(summary);
        if (detailLevel > 0 && symbol is IMethodSymbol method && method.ContainingType is { } type)
        {
            var overloads = type.GetMembers(method.Name).OfType<IMethodSymbol>().Where(m => !SymbolEqualityComparer.Default.Equals(m, method)).ToArray();
            if (overloads.Length > 0)
                text.Append("\n\nOther overloads:\n").Append(string.Join("\n", overloads.Select(o => "  " + o.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat))));
        }
        return text.ToString();
    }

    /// <summary>The summary (and parameters) of a documentation comment as plain text.</summary>
    private static string Summary(string? xml)
    {
        if (string.IsNullOrWhiteSpace(xml)) return "";
        try
        {
            var member = XElement.Parse(xml);
            string Plain(XElement e) => Regex.Replace(string.Concat(e.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } r => (r.Attribute("cref")?.Value ?? r.Attribute("langword")?.Value ?? "").Split(':').Last().Split('.').Last(),
                XElement { Name.LocalName: "paramref" or "typeparamref" } r => r.Attribute("name")?.Value ?? "",
                XElement inner => Plain(inner),
                _ => "",
            })), @"\s+", " ").Trim();
            var parts = new List<string>();
            if (member.Element("summary") is { } summary) parts.Add(Plain(summary));
            foreach (var parameter in member.Elements("param"))
                parts.Add($"{parameter.Attribute("name")?.Value}: {Plain(parameter)}");
            if (member.Element("returns") is { } returns) parts.Add($"Returns: {Plain(returns)}");
            return string.Join("\n", parts.Where(p => p.Length > 0));
        }
        catch (System.Xml.XmlException)
        {
            return "";
        }
    }

    private static IEnumerable<ISymbol> MembersAfter(SemanticModel model, SyntaxToken dot, int position)
    {
        ExpressionSyntax? left = dot.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            QualifiedNameSyntax qualified => qualified.Left,
            _ => null,
        };
        if (left is null) return [];
        var symbol = model.GetSymbolInfo(left).Symbol;
        if (symbol is INamespaceOrTypeSymbol container && left is not (InvocationExpressionSyntax or ElementAccessExpressionSyntax))
        {
            // A type or namespace name: its static members and nested types (a variable named like its type is a value, below).
            if (symbol is INamespaceSymbol || model.GetTypeInfo(left).Type is null || SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(left).Type, symbol))
                return model.LookupStaticMembers(position, container).Concat(model.LookupNamespacesAndTypes(position, container));
        }
        var type = model.GetTypeInfo(left).Type;
        if (type is null || type.TypeKind == TypeKind.Error) return [];
        return model.LookupSymbols(position, type, includeReducedExtensionMethods: true).Where(s => !s.IsStatic || s is IMethodSymbol { MethodKind: MethodKind.ReducedExtension });
    }

    private static string Kind(ISymbol symbol) => symbol switch
    {
        IMethodSymbol => "method",
        IPropertySymbol => "property",
        IFieldSymbol { IsConst: true } => "constant",
        IFieldSymbol => "field",
        IEventSymbol => "event",
        ILocalSymbol => "variable",
        IParameterSymbol => "parameter",
        INamespaceSymbol => "namespace",
        INamedTypeSymbol { TypeKind: TypeKind.Interface } => "interface",
        INamedTypeSymbol { TypeKind: TypeKind.Enum } => "enum",
        INamedTypeSymbol { TypeKind: TypeKind.Struct } => "struct",
        INamedTypeSymbol => "class",
        _ => symbol.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Directive lines (#r, #!, #i) become spaces of the same length: positions stay the cell's.</summary>
    private static string Blank(string code) => DirectiveLine().Replace(code, m => new string(' ', m.Length));

    private static readonly string[] Keywords =
    [
        "abstract", "as", "async", "await", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false",
        "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is",
        "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "record", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using",
        "var", "virtual", "void", "volatile", "while", "yield",
    ];
}
