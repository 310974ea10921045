using NotebookKit.Runner.Kernel;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>kernel install [--user|--prefix DIR]</c>, <c>kernel uninstall [--user|--prefix DIR]</c>,
/// <c>kernel list</c> and <c>kernel start --connection-file FILE</c> (what Jupyter runs).
/// </summary>
public static class KernelCommand
{
    public static int Execute(Options options)
    {
        var action = options.Inputs.FirstOrDefault()
            ?? throw new UsageException("kernel expects install, uninstall, list or start.");
        if (options.User && options.Prefix is not null) throw new UsageException("kernel: give --user or --prefix DIR, not both.");
        switch (action)
        {
            case "install":
            {
                var command = EngineCommand();
                foreach (var folder in KernelSpecs.Install(options.Prefix, command)) Console.WriteLine($"installed {folder}");
                Console.WriteLine($"It starts: {string.Join(" ", command)} kernel start --connection-file {{connection_file}}");
                if (options.Prefix is not null && !KernelSpecs.SearchFolders().Contains(Path.Combine(KernelSpecs.DataFolder(options.Prefix), "kernels")))
                    Console.WriteLine($"Jupyter looks there when JUPYTER_PATH includes {KernelSpecs.DataFolder(options.Prefix)} (or when it runs from that prefix).");
                Console.WriteLine("Check with: jupyter kernelspec list   (or: dotnet run --project lib/NotebookKit.Runner -- kernel list)");
                return 0;
            }
            case "uninstall":
            {
                var removed = KernelSpecs.Uninstall(options.Prefix);
                foreach (var folder in removed) Console.WriteLine($"removed {folder}");
                if (removed.Count == 0) Console.WriteLine($"no NotebookKit kernel was installed in {Path.Combine(KernelSpecs.DataFolder(options.Prefix), "kernels")}");
                return 0;
            }
            case "list":
            {
                var kernels = KernelSpecs.Find();
                if (kernels.Count == 0)
                {
                    Console.WriteLine("No NotebookKit kernel is installed. Install it with: dotnet run --project lib/NotebookKit.Runner -- kernel install");
                    return 1;
                }
                foreach (var kernel in kernels)
                    Console.WriteLine($"{kernel.Name,-28} {kernel.Folder}  \"{kernel.DisplayName}\"{(kernel.EngineExists ? "" : "  [its engine is missing: run kernel install again]")}");
                return kernels.All(k => k.EngineExists) ? 0 : 1;
            }
            case "start":
            {
                var file = options.ConnectionFile ?? options.Inputs.Skip(1).FirstOrDefault()
                    ?? throw new UsageException("kernel start expects --connection-file FILE (Jupyter passes it).");
                try
                {
                    var connection = ConnectionInfo.Load(file);
                    return new JupyterKernel(connection, Console.Error).Serve();
                }
                catch (KernelStartException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return Engine.ExitCodes.BadInput;
                }
            }
            default:
                throw new UsageException($"Unknown kernel action '{action}'. Expected install, uninstall, list or start.");
        }
    }

    /// <summary>How to start this engine again: the dotnet host and the engine's DLL, both as full paths.</summary>
    public static IReadOnlyList<string> EngineCommand()
    {
        var engine = typeof(KernelCommand).Assembly.Location;
        return [DotnetHost(), engine];
    }

    private static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == executable) return self;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, executable)))
            return Path.Combine(root, executable);
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, executable);
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return executable;
    }
}
