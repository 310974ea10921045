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

    /// <summary>
    /// When true, every loop of a cell checks for an interrupt (see <see cref="CellInterruption"/>);
    /// the Jupyter kernel turns it on.
    /// </summary>
    public bool Interruptible { get; init; }

    /// <summary>Compiles and runs a cell. Compile errors throw <see cref="CompilationErrorException"/>; runtime errors throw as raised.</summary>
    public SubmissionResult Run(string code, int cellNumber, IEnumerable<Assembly> references)
    {
        var newReferences = references.Distinct().Select(Reference).ToArray();
        if (newReferences.Length > 0) options = options.AddReferences(newReferences);
        var script = Continue(code, CellFileName(cellNumber));
        if (Interruptible && CellInterruption.Instrument(code) is var instrumented && !ReferenceEquals(instrumented, code))
        {
            // Compile errors are reported from the cell as written, so their columns are the learner's.
            var checkedScript = Continue(instrumented, CellFileName(cellNumber));
            if (!checkedScript.Compile().Any(d => d.Severity == DiagnosticSeverity.Error)) script = checkedScript;
        }
        state = state is null
            ? script.RunAsync(globals).GetAwaiter().GetResult()
            : script.RunFromAsync(state).GetAwaiter().GetResult();
        return new SubmissionResult(EndsWithValue(state.Script.GetCompilation()), state.ReturnValue);
    }

    /// <summary>
    /// The compilation a cell would have if it ran next (for completions and help), without running
    /// it. Only references already added by earlier cells are known.
    /// </summary>
    public Compilation Analyze(string code) => Continue(code, "notebookkit-analysis.csx").GetCompilation();

    /// <summary>
    /// For each cell of a notebook, compiled in a chain without running anything: whether it ends in
    /// an expression with a value (shown below the cell), and its compile errors.
    /// </summary>
    public static IReadOnlyList<(bool EndsWithValue, IReadOnlyList<Diagnostic> Errors, Compilation Compilation)> AnalyzeCells(IEnumerable<PreparedCell> cells)
    {
        KernelAssemblies.Load();
        var session = new ScriptSession(new KernelGlobals(() => throw new InvalidOperationException("nothing runs here")));
        Script<object>? script = null;
        var results = new List<(bool, IReadOnlyList<Diagnostic>, Compilation)>();
        var number = 0;
        foreach (var cell in cells)
        {
            number++;
            var references = cell.References.Distinct().Select(Reference).ToArray();
            if (references.Length > 0) session.options = session.options.AddReferences(references);
            var options = session.options.WithFilePath(CellFileName(number));
            script = script is null ? CSharpScript.Create(cell.Code, options, typeof(KernelGlobals)) : script.ContinueWith(cell.Code, options);
            var errors = script.Compile().Where(d => d.Severity == DiagnosticSeverity.Error && !IgnoredDiagnostics.Contains(d.Id)).ToArray();
            results.Add((errors.Length == 0 && EndsWithValue(script.GetCompilation()), errors, script.GetCompilation()));
        }
        return results;
    }

    private Script<object> Continue(string code, string fileName)
    {
        var cellOptions = options.WithFilePath(fileName);
        return state is null
            ? CSharpScript.Create(code, cellOptions, typeof(KernelGlobals))
            : state.Script.ContinueWith(code, cellOptions);
    }

    /// <summary>A reference to a loaded assembly, with its XML documentation when it ships one (for help on its members).</summary>
    private static MetadataReference Reference(Assembly assembly)
    {
        var xml = Path.ChangeExtension(assembly.Location, ".xml");
        return File.Exists(xml)
            ? MetadataReference.CreateFromFile(assembly.Location, documentation: new XmlDocumentation(xml))
            : MetadataReference.CreateFromFile(assembly.Location);
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
