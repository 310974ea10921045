using System.Diagnostics;
using System.Text.Json;
using System.Runtime.InteropServices;
using NotebookKit.Torch;

namespace NotebookKit.Tests.Torch;

/// <summary>
/// MKL inside libtorch runs its generic kernels on AMD processors unless the kit's dispatch
/// library answers its vendor test; MKL's own code-path report shows which kernels it chose. The
/// kit also asks MKL for run-to-run reproducible results, which MKL's own report confirms.
/// </summary>
public sealed class MklCpuDispatchTests
{
    private static bool IsAmd => File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("AuthenticAMD", StringComparison.Ordinal);

    [Fact]
    public void InThisProcess_MklUsesAnInstructionSetPath_NotTheGenericOne()
    {
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "the kit's tests run on Linux x64, where libtorch carries MKL");
        var path = MklCpuDispatch.CodePath();
        Assert.NotNull(path);
        Assert.True(path > 0, $"MKL reports code path {path} (0 is its generic path); dispatch: {MklCpuDispatch.Status}");
        if (IsAmd) Assert.True(MklCpuDispatch.IsActive, MklCpuDispatch.Status);
    }

    [Fact]
    public void ByDefault_MklRunsInItsReproducibleMode()
    {
        var info = WorkerInfo(new() { ["MKL_CBWR"] = null });
        Assert.Equal($"MKL_CBWR={MklCpuDispatch.ReproducibleMode}; MKL reports 0x10002", info.GetProperty("mkl_reproducibility").GetString());   // AUTO | STRICT
    }

    [Fact]
    public void WithMklCbwrAlreadySet_TheKitLeavesItAsSet()
    {
        var info = WorkerInfo(new() { ["MKL_CBWR"] = "AUTO" });
        Assert.Equal("MKL_CBWR=AUTO (set outside the kit); MKL reports 0x2", info.GetProperty("mkl_reproducibility").GetString());
        var off = WorkerInfo(new() { ["MKL_CBWR"] = "" });
        Assert.Equal("off: MKL_CBWR is set empty outside the kit; MKL reports 0x1", off.GetProperty("mkl_reproducibility").GetString());
    }

    [Fact]
    public void TurnedOff_OnAnAmdProcessor_MklFallsBackToItsGenericPath()
    {
        var info = WorkerInfo(new() { ["NOTEBOOKKIT_KEEP_MKL_DISPATCH"] = "1", ["MKL_CBWR"] = null });
        var report = info.GetProperty("mkl_dispatch").GetString()!;
        Assert.Contains("off: NOTEBOOKKIT_KEEP_MKL_DISPATCH=1", report);
        if (IsAmd) Assert.EndsWith("MKL code path 0", report);                 // what the dispatch library changes
        else Assert.DoesNotContain("code path 0", report);
        Assert.EndsWith("MKL reports 0x1", info.GetProperty("mkl_reproducibility").GetString()!);   // MKL as shipped: reproducibility off
    }

    /// <summary>The benchmark worker's <c>info</c> line, from a process with <paramref name="environment"/> (null removes a variable).</summary>
    private static JsonElement WorkerInfo(Dictionary<string, string?> environment)
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "NotebookKit.Benchmarks.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add("--worker");
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Write("info\nquit\n");
        process.StandardInput.Close();
        var line = process.StandardOutput.ReadLine();
        Assert.True(process.WaitForExit(120_000), "the worker did not exit");
        Assert.NotNull(line);
        return JsonDocument.Parse(line!).RootElement.Clone();
    }
}
