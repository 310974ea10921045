using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace NotebookKit.Runner.Export;

/// <summary>
/// A notebook's cells may declare a variable again (each cell is its own submission), and a loop
/// may declare a name that another cell uses at the top. In one program all top-level statements
/// share one scope, so both would be errors. From the cells' compilations (where every use is
/// bound to its declaration) this gives each later top-level declaration of a name a fresh name
/// (x_2), and each nested variable that would clash with a top-level name one as well (x_inner),
/// and rewrites every use.
/// </summary>
internal static class ScopeRenamer
{
    public static IReadOnlyList<string> Rename(IReadOnlyList<(string Code, Compilation Compilation)> cells)
    {
        var names = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
        var topLevel = new HashSet<string>(StringComparer.Ordinal);
        var analysed = cells.Select(c =>
        {
            var tree = c.Compilation.SyntaxTrees.Last();
            return (c.Code, Tree: tree, Model: c.Compilation.GetSemanticModel(tree));
        }).ToArray();

        // Top-level declarations (script fields and methods), cell by cell.
        foreach (var (_, tree, model) in analysed)
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => !InsideType(n)))
            {
                var symbol = node switch
                {
                    VariableDeclaratorSyntax or SingleVariableDesignationSyntax or MethodDeclarationSyntax => model.GetDeclaredSymbol(node),
                    _ => null,
                };
                if (symbol is not (IFieldSymbol or IMethodSymbol { MethodKind: MethodKind.Ordinary }) || symbol.ContainingType is not { IsScriptClass: true }) continue;
                var name = symbol.Name;
                if (!topLevel.Add(name))
                {
                    var n = 2;
                    while (topLevel.Contains($"{symbol.Name}_{n}")) n++;
                    name = $"{symbol.Name}_{n}";
                    topLevel.Add(name);
                    names[symbol] = name;
                }
            }

        // Nested variables that would clash with a top-level name (inside lambdas and local functions
        // shadowing is allowed, so those keep their names).
        foreach (var (_, tree, model) in analysed)
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => !InsideType(n) && !InsideFunction(n)))
            {
                var symbol = node switch
                {
                    VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or CatchDeclarationSyntax
                        or ParameterSyntax or QueryClauseSyntax or FromClauseSyntax or QueryContinuationSyntax or JoinIntoClauseSyntax => model.GetDeclaredSymbol(node),
                    _ => null,
                };
                if (symbol is not (ILocalSymbol or IRangeVariableSymbol) || !topLevel.Contains(symbol.Name) || names.ContainsKey(symbol)) continue;
                var n = 1;
                string name;
                do name = n++ == 1 ? $"{symbol.Name}_inner" : $"{symbol.Name}_inner{n - 1}";
                while (topLevel.Contains(name));
                names[symbol] = name;
            }

        if (names.Count == 0) return cells.Select(c => c.Code).ToArray();
        return analysed.Select(cell =>
        {
            var edits = new List<(TextSpanLike Span, string Text)>();
            foreach (var token in cell.Tree.GetRoot().DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)))
            {
                var node = token.Parent;
                if (node is null) continue;
                var symbol = cell.Model.GetDeclaredSymbol(node) is { } declared && declared.Name == token.Text && IsDeclarationToken(node, token)
                    ? declared
                    : cell.Model.GetSymbolInfo(node).Symbol;
                if (symbol is null) continue;
                symbol = symbol.OriginalDefinition;
                if (names.TryGetValue(symbol, out var newName)) edits.Add((new TextSpanLike(token.SpanStart, token.Span.Length), newName));
            }
            var text = cell.Code;
            foreach (var (span, replacement) in edits.OrderByDescending(e => e.Span.Start))
                text = text.Remove(span.Start, span.Length).Insert(span.Start, replacement);
            return text;
        }).ToArray();

    }

    private readonly record struct TextSpanLike(int Start, int Length);

    private static bool IsDeclarationToken(SyntaxNode node, SyntaxToken token) => node switch
    {
        VariableDeclaratorSyntax v => v.Identifier == token,
        SingleVariableDesignationSyntax d => d.Identifier == token,
        MethodDeclarationSyntax m => m.Identifier == token,
        ForEachStatementSyntax f => f.Identifier == token,
        CatchDeclarationSyntax c => c.Identifier == token,
        ParameterSyntax p => p.Identifier == token,
        FromClauseSyntax f => f.Identifier == token,
        LetClauseSyntax l => l.Identifier == token,
        JoinClauseSyntax j => j.Identifier == token,
        JoinIntoClauseSyntax j => j.Identifier == token,
        QueryContinuationSyntax q => q.Identifier == token,
        _ => false,
    };

    private static bool InsideFunction(SyntaxNode node) =>
        node.Ancestors().Any(a => a is LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or MethodDeclarationSyntax);

    private static bool InsideType(SyntaxNode node) => node.Ancestors().Any(a => a is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
}
