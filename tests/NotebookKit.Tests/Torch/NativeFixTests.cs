using NotebookKit.Tests.Shared;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NotebookKit.Tests.Torch;

/// <summary>
/// The TorchSharp native fix (lib/scripts/native-fix) run on a scratch copy of the package
/// folder: it patches only where libstdc++ lacks GLIBCXX_3.4.32, is idempotent, and explains
/// what to install when its tools are missing.
/// </summary>
public sealed class NativeFixTests : IDisposable
{
    private static readonly string Version = PinnedVersions.Of("TorchSharp");
    private readonly string packagesRoot = Directory.CreateTempSubdirectory("nk-nativefix-").FullName;

    public void Dispose() => Directory.Delete(packagesRoot, recursive: true);

    private static bool SystemNeedsFix()
    {
        var libstdcxx = "/usr/lib/x86_64-linux-gnu/libstdc++.so.6";
        return File.Exists(libstdcxx) && !File.ReadAllText(libstdcxx).Contains("GLIBCXX_3.4.32");
    }

    private string StageUnpatchedPackage()
    {
        // The unpatched original is kept by the fix beside the package; on systems that never
        // needed the fix the package copy itself is the original.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var original = Path.Combine(packages, "torchsharp", Version, "notebookkit-native-fix", "libLibTorchSharp.so.orig");
        if (!File.Exists(original)) original = Path.Combine(packages, "torchsharp", Version, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var native = Path.Combine(packagesRoot, "torchsharp", Version, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(native);
        var target = Path.Combine(native, "libLibTorchSharp.so");
        File.Copy(original, target);
        return target;
    }

    [Fact]
    public void Fix_OnThisSystem_PatchesOnlyWhenNeeded_AndIsIdempotent()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return; // the fix is Linux-only by design
        var target = StageUnpatchedPackage();
        var before = File.ReadAllBytes(target);

        var first = RunFix(Environment.GetEnvironmentVariable("PATH")!);
        Assert.True(first.ExitCode == 0, first.Output);
        var afterFirst = File.ReadAllBytes(target);

        if (!SystemNeedsFix())
        {
            Assert.Equal(before, afterFirst);
            return;
        }
        Assert.NotEqual(before, afterFirst);
        var needed = Run("patchelf", $"--print-needed {target}").Output;
        Assert.Contains("notebookkit-native-fix/libnotebookkit_glibcxx_shim.so", needed);
        var versions = Run("readelf", $"-V {target}").Output;
        Assert.Matches(@"Name: GLIBCXX_3\.4\.32\s+Flags: WEAK", versions);

        var second = RunFix(Environment.GetEnvironmentVariable("PATH")!);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(afterFirst, File.ReadAllBytes(target));
        Assert.DoesNotContain("patched", second.Output);
    }

    [Fact]
    public void Fix_WithoutCompilerOrPatchelf_SaysWhatToInstall()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !SystemNeedsFix()) return; // nothing to fix here
        StageUnpatchedPackage();
        // A PATH with the basic tools but neither g++ nor patchelf.
        var bin = Directory.CreateDirectory(Path.Combine(packagesRoot, "bin")).FullName;
        foreach (var tool in new[] { "bash", "uname", "awk", "grep", "ldconfig", "dirname", "cat", "mktemp", "rm" })
        {
            var path = new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            if (path is not null) File.CreateSymbolicLink(Path.Combine(bin, tool), path);
        }
        var result = RunFix(bin);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("GLIBCXX_3.4.32", result.Output);
        Assert.Contains("apt-get install -y g++ patchelf", result.Output);
    }

    private (int ExitCode, string Output) RunFix(string path)
    {
        var script = Path.Combine(RepoRoot.Path, "lib", "scripts", "native-fix", "torchsharp-native-fix.sh");
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(packagesRoot);
        start.ArgumentList.Add(Version);
        start.Environment["PATH"] = path;
        return Execute(start);
    }

    private static (int ExitCode, string Output) Run(string file, string arguments) =>
        Execute(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });

    private static (int ExitCode, string Output) Execute(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
