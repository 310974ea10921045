using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookKit.Runner.Engine;

/// <summary>What one submission produced: whether it ended in an expression with a value, and that value.</summary>
public sealed record SubmissionResult(bool HasValue, object? Value);

/// <summary>
/// One notebook's C# state: each cell is a Roslyn script submission continuing the previous one,
/// so variables, types and usings carry across cells, as in the C# kernel.
/// </summary>
public sealed class ScriptSession
{
    /// <summary>The C# kernel's default usings (display and HTML come from <see cref="KernelGlobals"/>).</summary>
    public static readonly string[] DefaultUsings =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    /// <summary>Compiler diagnostics that say nothing useful to a learner (assembly version unification).</summary>
    private static readonly string[] IgnoredDiagnostics = ["CS1701", "CS1702", "CS1705"];

    private readonly KernelGlobals globals;
    private ScriptOptions options;
    private ScriptState<object>? state;

    public ScriptSession(KernelGlobals globals)
    {
        this.globals = globals;
        KernelAssemblies.Load(); // what the real kernel always has loaded, so clashes show here too
        options = ScriptOptions.Default
            .WithReferences(FrameworkReferences().Append(MetadataReference.CreateFromFile(typeof(KernelGlobals).Assembly.Location)))
            .WithImports(DefaultUsings)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithAllowUnsafe(true);
    }

    /// <summary>File name given to a cell's code, so stack traces name the cell and line.</summary>
    public static string CellFileName(int cellNumber) => $"notebookkit-cell-{cellNumber}.csx";

    /// <summary>Compiles and runs a cell. Compile errors throw <see cref="CompilationErrorException"/>; runtime errors throw as raised.</summary>
    public SubmissionResult Run(string code, int cellNumber, IEnumerable<Assembly> references)
    {
        var newReferences = references.Distinct().Select(a => MetadataReference.CreateFromFile(a.Location)).ToArray();
        if (newReferences.Length > 0) options = options.AddReferences(newReferences);
        var cellOptions = options.WithFilePath(CellFileName(cellNumber));
        state = state is null
            ? CSharpScript.RunAsync(code, cellOptions, globals, typeof(KernelGlobals)).GetAwaiter().GetResult()
            : state.ContinueWithAsync(code, cellOptions).GetAwaiter().GetResult();
        return new SubmissionResult(EndsWithValue(state.Script.GetCompilation()), state.ReturnValue);
    }

    /// <summary>
    /// True when the submission ends in an expression without a semicolon whose type is not void:
    /// that is when the kernel shows the value below the cell.
    /// </summary>
    private static bool EndsWithValue(Compilation compilation)
    {
        var tree = compilation.SyntaxTrees.Last();
        if (tree.GetRoot() is not Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax root) return false;
        if (root.Members.LastOrDefault() is not Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax
            {
                Statement: Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement,
            })
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>Errors of a failed compilation, without the noise the kernel also hides.</summary>
    public static IReadOnlyList<Diagnostic> Errors(CompilationErrorException error) =>
        error.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error && !IgnoredDiagnostics.Contains(d.Id)).ToArray();

    private static IEnumerable<MetadataReference> FrameworkReferences()
    {
        // The whole shared framework, like the kernel: everything under the runtime directory.
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return trusted
            .Where(p => p.StartsWith(runtimeDirectory, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
    }
}
