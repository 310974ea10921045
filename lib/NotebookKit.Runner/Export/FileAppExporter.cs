using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Export;

/// <summary>A notebook cannot become a file-based app; the message names the cell and what to change.</summary>
public sealed class ExportException(string message) : Exception(message);

/// <summary>
/// Writes a chapter as one C# file-based app (<c>dotnet run chapter.cs</c>, .NET 10): the kit comes
/// in by <c>#:project</c>, NuGet references by <c>#:package</c>; the markdown becomes comments; the
/// cells' code follows in order as top-level statements, with the differences between a notebook
/// session and a program taken care of: usings go to the top, classes and records to the end,
/// script methods become local functions, a cell ending in a value shows it with
/// <c>display(...)</c>, and names that one scope cannot hold twice are renamed (<see cref="ScopeRenamer"/>). Charts and other views are written as HTML pages beside the app
/// (<see cref="NotebookKit.Display.FileDisplay"/>).
/// </summary>
public static class FileAppExporter
{
    private static readonly CSharpParseOptions ScriptParse =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    /// <summary>The app's source for <paramref name="notebook"/>, to be written to <paramref name="appPath"/>.</summary>
    public static string Export(NotebookDocument notebook, string notebookPath, string appPath, string kitProject)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var usings = new List<string>();
        var packages = new List<string>();
        var types = new List<string>();
        var body = new StringBuilder();
        var codeCells = new List<(NotebookCell Cell, PreparedCell Prepared)>();
        foreach (var cell in notebook.AllCells.Where(c => c.CellType == "code"))
        {
            PreparedCell prepared;
            try { prepared = CellDirectives.Prepare(cell.Source); }
            catch (DirectiveException e) { throw new ExportException($"{name}, cell {cell.Number} (id {cell.Id}), line {e.Line}: {e.Message}"); }
            codeCells.Add((cell, prepared));
            packages.AddRange(NugetPackages(cell.Source));
        }
        var analysis = ScriptSession.AnalyzeCells(codeCells.Select(c => c.Prepared));
        for (var i = 0; i < codeCells.Count; i++)
            if (analysis[i].Errors.Count > 0)
                throw new ExportException($"{name}, cell {codeCells[i].Cell.Number} (id {codeCells[i].Cell.Id}) does not compile, so it cannot be exported: " +
                                          string.Join("; ", analysis[i].Errors.Take(3).Select(d => d.GetMessage())));

        var renamed = ScopeRenamer.Rename(codeCells.Select((c, i) => (c.Prepared.Code, analysis[i].Compilation)).ToArray());
        var codeIndex = 0;
        foreach (var cell in notebook.AllCells)
        {
            if (cell.CellType == "markdown" || cell.CellType == "code" && codeCells[codeIndex].Prepared.IsMarkdown)
            {
                if (cell.CellType == "code") codeIndex++;
                body.Append(Comment(cell.Source)).Append('\n');
                continue;
            }
            if (cell.CellType != "code") continue;
            var code = renamed[codeIndex];
            var endsWithValue = analysis[codeIndex].EndsWithValue;
            codeIndex++;
            body.Append($"// ── cell {cell.Number}{(string.IsNullOrEmpty(cell.Id) ? "" : $" ({cell.Id})")} ──\n");
            body.Append(Translate(code, endsWithValue, usings, types, $"{name}, cell {cell.Number}")).Append("\n\n");
        }

        var app = new StringBuilder();
        app.Append("#!/usr/bin/env dotnet\n");
        app.Append($"// {name}: exported from {Path.GetFileName(notebookPath)} by the NotebookKit engine (export --to cs).\n");
        app.Append("// Run it with: dotnet run ").Append(Path.GetFileName(appPath)).Append("   (NOTEBOOKKIT_QUICK=1 for quick mode)\n");
        app.Append("// Charts and other views are written beside this file as HTML pages; open them in a browser.\n");
        app.Append($"#:project {Relative(appPath, kitProject)}\n");
        foreach (var package in packages.Distinct()) app.Append($"#:package {package}\n");
        // TorchSharp and the kit use reflection (JSON for charts, native loading): no native AOT, which file-based apps default to.
        app.Append("#:property PublishAot=false\n#:property Nullable=disable\n#:property WarningLevel=0\n#:property TreatWarningsAsErrors=false\n\n");
        foreach (var line in ScriptSession.DefaultUsings.Select(u => $"using {u};").Concat(usings).Append("using static NotebookKit.Display.FileDisplay;").Distinct())
            app.Append(line).Append('\n');
        app.Append("\nSystem.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;\nStart();\n\n");
        app.Append(body);
        if (types.Count > 0) app.Append("// ── types declared in the cells ──\n").Append(string.Join("\n\n", types)).Append('\n');
        return app.ToString();
    }

    /// <summary>One cell's code as top-level statements; usings and types are collected for the top and the end.</summary>
    private static string Translate(string code, bool endsWithValue, List<string> usings, List<string> types, string where)
    {
        var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(code, ScriptParse).GetRoot();
        foreach (var directive in root.Usings) usings.Add(directive.WithoutTrivia().ToFullString());
        var output = new StringBuilder();
        var members = root.Members;
        for (var m = 0; m < members.Count; m++)
        {
            var member = members[m];
            switch (member)
            {
                case GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last } when m == members.Count - 1:
                    output.Append(endsWithValue ? $"display({last.Expression.WithoutTrivia()});" : $"{last.Expression.WithoutTrivia()};").Append('\n');
                    break;
                case GlobalStatementSyntax statement:
                    output.Append(statement.ToFullString().Trim('\n', '\r')).Append('\n');
                    break;
                case MethodDeclarationSyntax method:
                    // A script method becomes a local function (no access modifiers, not static: it may use the cells' variables).
                    var modifiers = SyntaxFactory.TokenList(method.Modifiers.Where(t => t.IsKind(SyntaxKind.AsyncKeyword) || t.IsKind(SyntaxKind.UnsafeKeyword)));
                    output.Append(SyntaxFactory.LocalFunctionStatement(method.AttributeLists, modifiers, method.ReturnType, method.Identifier, method.TypeParameterList,
                            method.ParameterList, method.ConstraintClauses, method.Body, method.ExpressionBody, method.SemicolonToken)
                        .WithLeadingTrivia(method.GetLeadingTrivia()).ToFullString().Trim('\n', '\r')).Append('\n');
                    break;
                case FieldDeclarationSyntax field:
                    var isConst = field.Modifiers.Any(t => t.IsKind(SyntaxKind.ConstKeyword));
                    output.Append(isConst ? "const " : "").Append(field.Declaration.ToFullString().Trim()).Append(";\n");
                    break;
                case BaseTypeDeclarationSyntax or DelegateDeclarationSyntax:
                    types.Add(member.ToFullString().Trim('\n', '\r'));
                    break;
                default:
                    throw new ExportException($"{where}: a {member.Kind()} at the top of a cell has no equivalent in a program; move it into a class.");
            }
        }
        return output.ToString().TrimEnd('\n');
    }

    private static IEnumerable<string> NugetPackages(string source)
    {
        foreach (var line in source.Replace("\r\n", "\n").Split('\n'))
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, """^\s*#r\s+"nuget:\s*(?<name>[^,"\s]+)\s*(,\s*(?<version>[^"]*))?"\s*$""");
            if (!match.Success) continue;
            var version = match.Groups["version"].Value.Trim();
            yield return version.Length == 0 ? match.Groups["name"].Value : $"{match.Groups["name"].Value}@{version}";
        }
    }

    private static string Comment(string markdown) =>
        string.Join("\n", markdown.Replace("\r\n", "\n").TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? "//" : "// " + l)) + "\n";

    private static string Relative(string appPath, string target) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(appPath))!, target).Replace('\\', '/');
}
