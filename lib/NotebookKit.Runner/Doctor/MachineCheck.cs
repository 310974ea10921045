using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using NotebookKit.Runner.Kernel;

namespace NotebookKit.Runner.Doctor;

/// <summary>One finding: ok, a problem with its exact fix, or a note that needs no action.</summary>
public sealed record Finding(string Check, FindingLevel Level, string Detail, string? Fix = null);

public enum FindingLevel { Ok, Note, Problem }

/// <summary>
/// What a learner's machine needs to open the chapters, checked one by one: the .NET SDK, the kit
/// built where the notebooks look for it, TorchSharp's natives loading (and the libstdc++ fix where
/// needed), plotly.js embedded for offline charts, the Jupyter kernel registered, Polyglot present
/// or not. Each problem comes with the command that fixes it.
/// </summary>
public static class MachineCheck
{
    public const string RequiredSdkMajor = "10";

    public static IReadOnlyList<Finding> Run(string? root)
    {
        var findings = new List<Finding> { Sdk() };
        if (root is null)
        {
            findings.Add(new Finding("NotebookKit folder", FindingLevel.Problem, "not found above the current folder (no NotebookKit.sln)",
                "cd into the NotebookKit folder (the clone of the repository) and run the doctor there"));
            return findings;
        }
        findings.Add(KitBuilt(root));
        findings.Add(NativeFix(root));
        findings.Add(TorchLoads());
        findings.Add(MklKernels(root));
        findings.Add(PlotlyOffline());
        findings.Add(Kernelspec());
        findings.Add(Polyglot());
        findings.Add(Jupyter());
        return findings;
    }

    /// <summary>The folder holding NotebookKit.sln at or above <paramref name="start"/>, or null.</summary>
    public static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln"))) return dir.FullName;
        return null;
    }

    public static string KitBuildFolder(string root) => Path.Combine(root, "lib", "NotebookKit", "bin", "Debug", "net10.0");

    private static Finding Sdk()
    {
        var (code, output) = Capture("dotnet", "--list-sdks");
        if (code != 0) return new Finding(".NET SDK", FindingLevel.Problem, "the dotnet command did not run", $"install the .NET SDK {RequiredSdkMajor}.0 (https://dotnet.microsoft.com/download) and put dotnet on PATH");
        var versions = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();
        var good = versions.Where(v => int.TryParse(v.Split('.')[0], out var major) && major >= int.Parse(RequiredSdkMajor)).ToArray();
        return good.Length > 0
            ? new Finding(".NET SDK", FindingLevel.Ok, string.Join(", ", good))
            : new Finding(".NET SDK", FindingLevel.Problem, $"found {(versions.Length == 0 ? "none" : string.Join(", ", versions))}; the kit needs {RequiredSdkMajor}.0 or later",
                $"install the .NET SDK {RequiredSdkMajor}.0 (https://dotnet.microsoft.com/download)");
    }

    private static Finding KitBuilt(string root)
    {
        var dll = Path.Combine(KitBuildFolder(root), "NotebookKit.dll");
        if (!File.Exists(dll))
            return new Finding("kit built", FindingLevel.Problem, $"{Path.GetRelativePath(root, dll)} is missing: the chapters' setup cell loads it",
                $"cd {root} && dotnet build NotebookKit.sln");
        var natives = Path.Combine(KitBuildFolder(root), "runtimes");
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !File.Exists(Path.Combine(natives, "linux-x64", "native", "libtorch_cpu.so")))
            return new Finding("kit built", FindingLevel.Problem, "the kit is built but libtorch is not beside it", $"cd {root} && dotnet build NotebookKit.sln");
        return new Finding("kit built", FindingLevel.Ok, $"{Path.GetRelativePath(root, dll)} ({File.GetLastWriteTime(dll):yyyy-MM-dd HH:mm})");
    }

    /// <summary>Debian 12 / Ubuntu 22.04: the system libstdc++ lacks GLIBCXX_3.4.32; the build patches TorchSharp's native library.</summary>
    private static Finding NativeFix(string root)
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return new Finding("libstdc++ fix", FindingLevel.Ok, "not needed on this system");
        var libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        if (libstdcxx is null || Contains(libstdcxx, "GLIBCXX_3.4.32"))
            return new Finding("libstdc++ fix", FindingLevel.Ok, "not needed (the system libstdc++ has GLIBCXX_3.4.32)");
        var built = Path.Combine(KitBuildFolder(root), "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!File.Exists(built)) return new Finding("libstdc++ fix", FindingLevel.Note, "needed here; checked once the kit is built");
        return Contains(built, "libnotebookkit_glibcxx_shim.so")
            ? new Finding("libstdc++ fix", FindingLevel.Ok, "needed here and applied to the kit's libLibTorchSharp.so")
            : new Finding("libstdc++ fix", FindingLevel.Problem, "the system libstdc++ lacks GLIBCXX_3.4.32 and the kit's TorchSharp native library is not patched",
                $"sudo apt-get install g++ patchelf && cd {root} && dotnet build NotebookKit.sln");
    }

    private static Finding TorchLoads()
    {
        try
        {
            NotebookKit.Torch.TorchRuntime.EnsureLoaded();
            return new Finding("TorchSharp natives", FindingLevel.Ok, $"libtorch loads (TorchSharp {NotebookKit.Torch.TorchRuntime.TorchSharpVersion}, {NotebookKit.Torch.TorchRuntime.Threads} threads)");
        }
        catch (Exception e)
        {
            return new Finding("TorchSharp natives", FindingLevel.Problem, e.Message, "sudo apt-get install g++ patchelf && dotnet build NotebookKit.sln");
        }
    }

    /// <summary>Speed only: whether MKL inside libtorch runs its fast kernels (see <c>MklCpuDispatch</c>); never a problem.</summary>
    private static Finding MklKernels(string root)
    {
        const string name = "MKL fast kernels";
        try
        {
            var path = NotebookKit.Torch.MklCpuDispatch.CodePath();
            var status = NotebookKit.Torch.MklCpuDispatch.Status;
            if (path is null) return new Finding(name, FindingLevel.Note, "this libtorch carries no MKL (nothing to do)");
            if (path > 0) return new Finding(name, FindingLevel.Ok, $"MKL code path {path} ({status}); reproducible results: {NotebookKit.Torch.MklCpuDispatch.Reproducibility}");
            var notebooksCopy = Path.Combine(KitBuildFolder(root), NotebookKit.Torch.MklCpuDispatch.LibraryName);
            return new Finding(name, FindingLevel.Note, $"MKL runs its generic kernels ({status}); matrix products are slower than they could be" +
                (File.Exists(notebooksCopy) ? "" : "; the kit's build has no dispatch library"),
                $"sudo apt-get install gcc && cd {root} && dotnet build NotebookKit.sln");
        }
        catch (Exception e) when (e is NotebookKit.Torch.TorchLoadException)
        {
            return new Finding(name, FindingLevel.Note, "not checked: libtorch does not load (see above)");
        }
    }

    private static Finding PlotlyOffline()
    {
        try
        {
            return new Finding("plotly.js offline", FindingLevel.Ok, $"plotly.js {NotebookKit.Display.PlotlyJs.Version} is embedded in the kit ({NotebookKit.Display.PlotlyJs.Source.Length / 1024:N0} KB)");
        }
        catch (InvalidOperationException e)
        {
            return new Finding("plotly.js offline", FindingLevel.Problem, e.Message, "dotnet build NotebookKit.sln (with network once, to restore the package that carries plotly.js)");
        }
    }

    private static Finding Kernelspec()
    {
        var kernels = KernelSpecs.Find();
        const string install = "dotnet run --project lib/NotebookKit.Runner -- kernel install";
        if (kernels.Count == 0)
            return new Finding("Jupyter kernel", FindingLevel.Problem, "no NotebookKit kernelspec is registered: Jupyter front ends cannot run the chapters", install);
        var broken = kernels.Where(k => !k.EngineExists).ToArray();
        if (broken.Length > 0)
            return new Finding("Jupyter kernel", FindingLevel.Problem, $"{string.Join(", ", broken.Select(k => k.Folder))} starts an engine that no longer exists", install);
        return new Finding("Jupyter kernel", FindingLevel.Ok, string.Join(", ", kernels.Select(k => $"{k.Name} ({k.Folder})")));
    }

    private static Finding Polyglot()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var extensionFolders = new[] { ".vscode/extensions", ".vscode-server/extensions", ".vscode-insiders/extensions" }.Select(f => Path.Combine(home, f));
        var polyglot = extensionFolders.Where(Directory.Exists)
            .SelectMany(f => Directory.GetDirectories(f, "ms-dotnettools.dotnet-interactive-vscode-*")).FirstOrDefault();
        return polyglot is not null
            ? new Finding("Polyglot Notebooks", FindingLevel.Note, $"installed ({Path.GetFileName(polyglot)}): VS Code can run the chapters with it or with the NotebookKit kernel")
            : new Finding("Polyglot Notebooks", FindingLevel.Note, "not installed (it is deprecated): in VS Code, open a chapter and pick the kernel \"C# (NotebookKit)\"");
    }

    private static Finding Jupyter()
    {
        var (code, output) = Capture("jupyter", "--version");
        return code == 0
            ? new Finding("Jupyter", FindingLevel.Note, "found: jupyter lab / jupyter notebook can open the chapters with the NotebookKit kernel")
            : new Finding("Jupyter", FindingLevel.Note, "not found (only needed for JupyterLab or Notebook; VS Code brings its own Jupyter support)");
    }

    private static bool Contains(string file, string text)
    {
        var needle = Encoding.ASCII.GetBytes(text);
        return File.ReadAllBytes(file).AsSpan().IndexOf(needle) >= 0;
    }

    private static (int Code, string Output) Capture(string program, string args)
    {
        try
        {
            var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30))) { process.Kill(true); return (-1, ""); }
            return (process.ExitCode, output.Result + error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
