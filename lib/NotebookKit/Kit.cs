using System.Reflection;
using NotebookKit.Display;
using NotebookKit.Torch;

namespace NotebookKit;

/// <summary>
/// Entry points every notebook uses: the setup check, quick mode and the kit's version.
/// </summary>
public static class Kit
{
    /// <summary>The environment variable that switches quick mode on ("1" or "true").</summary>
    public const string QuickModeVariable = "NOTEBOOKKIT_QUICK";

    /// <summary>The kit's version (the library assembly's informational version).</summary>
    public static string Version { get; } =
        typeof(Kit).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(Kit).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// True when <see cref="QuickModeVariable"/> is set: notebooks then run the same code on less
    /// data and fewer steps, so the whole chain can be executed in minutes (the tests do this).
    /// </summary>
    public static bool Quick => IsTruthy(Environment.GetEnvironmentVariable(QuickModeVariable));

    /// <summary>
    /// The host's request to stop the running cell (the kit's Jupyter kernel sets it; it is never
    /// cancelled otherwise). The kit's long loops (training epochs and steps, text generation, beam
    /// search) check it at every step, so an interrupted training run stops within one step.
    /// </summary>
    public static CancellationToken Interruption { get; set; }

    /// <summary>Picks <paramref name="full"/> normally and <paramref name="quick"/> in quick mode.</summary>
    public static T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>
    /// Checks that TorchSharp's native library loads and makes plotly.js available to the charts
    /// of this session. Show the result (end a cell with <c>Kit.Setup()</c>) to see the report.
    /// </summary>
    /// <param name="threads">
    /// libtorch's intra-op thread count for this session (<c>torch.set_num_threads</c>); null keeps
    /// libtorch's default (one per physical core). Chapters whose models are small pass 1: splitting
    /// each tiny operation across threads costs more than it saves (see <see cref="IntraOpThreads"/>).
    /// </param>
    public static EnvironmentReport Setup(int? threads = null)
    {
        TorchRuntime.EnsureLoaded();
        if (threads is { } count) IntraOpThreads.Set(count);
        return EnvironmentReport.Collect();
    }

    private static bool IsTruthy(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)
                              || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
}
