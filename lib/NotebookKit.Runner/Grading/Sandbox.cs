using System.Diagnostics;

namespace NotebookKit.Runner.Grading;

/// <summary>
/// Runs a submission's engine process where only what it needs is visible, using bubblewrap
/// (<c>bwrap</c>, Debian package bubblewrap): the system (/usr, /etc) and the .NET runtime read-only,
/// the engine's build folder, the NuGet packages (TorchSharp's native libraries) and the kit's
/// <c>data/</c> folder read-only, and the submission's own working folder as <c>/grading</c>, with
/// an empty /tmp and home, no network, and its own process and user namespaces. The answer key,
/// the other submissions and the grader's output folder are simply not there.
/// </summary>
public static class Sandbox
{
    public const string WorkFolder = "/grading";
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Null when bubblewrap works here; otherwise why not.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>The engine process for a submission: <paramref name="arguments"/> are given to the engine's exec.</summary>
    public static ProcessStartInfo Wrap(string workFolder, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var (host, hostArguments) = EngineCommand();
        var start = new ProcessStartInfo("bwrap");
        foreach (var arg in Binds(workFolder)) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) Add(start, "--setenv", name, value);
        Add(start, "--setenv", "HOME", "/home/student");
        Add(start, "--setenv", "PATH", "/usr/bin:/bin");
        Add(start, "--setenv", "DOTNET_ROOT", Path.GetDirectoryName(host)!);
        Add(start, "--chdir", WorkFolder, "--");
        start.ArgumentList.Add(host);
        foreach (var arg in hostArguments.Concat(arguments)) start.ArgumentList.Add(arg);
        return start;
    }

    /// <summary>Without bubblewrap: the engine in the submission's folder with a cleared environment (files elsewhere stay readable).</summary>
    public static ProcessStartInfo Plain(string workFolder, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var (host, hostArguments) = EngineCommand();
        var start = new ProcessStartInfo(host) { WorkingDirectory = workFolder };
        foreach (var arg in hostArguments.Concat(arguments)) start.ArgumentList.Add(arg);
        var keep = new[] { "PATH", "DOTNET_ROOT", "NUGET_PACKAGES", "LANG" };
        foreach (var name in start.Environment.Keys.ToList())
            if (!keep.Contains(name)) start.Environment.Remove(name);
        start.Environment["HOME"] = workFolder;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    private static IEnumerable<string> Binds(string workFolder)
    {
        var (host, _) = EngineCommand();
        var args = new List<string> { "--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/home", "--dir", "/home/student" };
        args.AddRange(["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]);
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target) args.AddRange(["--symlink", target, top]);
            else if (Directory.Exists(top)) args.AddRange(["--ro-bind", top, top]);
        }
        var readOnly = new List<string> { Path.GetDirectoryName(host)!, AppContext.BaseDirectory.TrimEnd('/') };
        if (PackagesFolder() is { } packages) readOnly.Add(packages);
        if (DataFolder() is { } data) readOnly.Add(data);
        foreach (var folder in readOnly.Where(f => !f.StartsWith("/usr/", StringComparison.Ordinal)).Distinct())
            args.AddRange(["--ro-bind", folder, folder]);
        args.AddRange(["--bind", Path.GetFullPath(workFolder), WorkFolder]);
        return args;
    }

    /// <summary>The NuGet packages folder (TorchSharp loads its native libraries from there).</summary>
    private static string? PackagesFolder()
    {
        var folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.Exists(folder) ? Path.GetFullPath(folder).TrimEnd('/') : null;
    }

    /// <summary>The kit's data/ folder: in the repository the engine was built in.</summary>
    private static string? DataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data");
            if (Directory.Exists(candidate) && Directory.Exists(Path.Combine(dir.FullName, "lib", "NotebookKit"))) return candidate;
        }
        return null;
    }

    /// <summary>How to start this engine again: the dotnet host with the engine's DLL.</summary>
    private static (string Host, string[] Arguments) EngineCommand()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NotebookKit.Runner.dll");
        var current = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which program is running the engine.");
        if (Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return (current, [dll]);
        // Started through the app host (dotnet run): the runtime folder is <root>/shared/Microsoft.NETCore.App/<version>/.
        var root = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? (host, [dll]) : (current, []);
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "bubblewrap runs on Linux only";
        try
        {
            var work = Directory.CreateTempSubdirectory("nk-probe-");
            try
            {
                var start = new ProcessStartInfo("bwrap") { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var arg in Binds(work.FullName)) start.ArgumentList.Add(arg);
                start.ArgumentList.Add("--");
                start.ArgumentList.Add("/usr/bin/test");
                start.ArgumentList.Add("-d");
                start.ArgumentList.Add(WorkFolder);
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? null : $"bwrap could not start a sandbox here: {error.Trim()}";
            }
            finally { work.Delete(recursive: true); }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "bwrap is not installed (Debian: apt-get install bubblewrap; lib/scripts/setup.sh installs it)";
        }
    }

    private static void Add(ProcessStartInfo start, params string[] args)
    {
        foreach (var arg in args) start.ArgumentList.Add(arg);
    }
}
