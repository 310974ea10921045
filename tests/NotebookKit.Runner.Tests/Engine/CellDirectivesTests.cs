using NotebookKit.Runner.Engine;
using NotebookKit.Tests.Shared;

namespace NotebookKit.Runner.Tests.Engine;

/// <summary>The lines the kernel handles before compiling, tested in-process (no engine process).</summary>
public sealed class CellDirectivesTests
{
    [Fact]
    public void Directives_AreBlanked_SoCompilerLinesStillMatchTheCell()
    {
        var prepared = CellDirectives.Prepare("#!csharp\n#i \"nuget: https://example.invalid/feed\"\nvar x = 1;\nx");
        Assert.Equal("\n\nvar x = 1;\nx", prepared.Code);
        Assert.False(prepared.IsMarkdown);
        Assert.False(prepared.Timed);
        Assert.Empty(prepared.References);
    }

    [Fact]
    public void MarkdownAndTime_AreRecognised()
    {
        Assert.True(CellDirectives.Prepare("#!markdown\n# a title").IsMarkdown);
        Assert.True(CellDirectives.Prepare("#!time\nvar x = 1;").Timed);
    }

    [Fact]
    public void UnknownMagic_NamesItAndItsLine_AndListsTheSupportedOnes()
    {
        var error = Assert.Throws<DirectiveException>(() => CellDirectives.Prepare("var x = 1;\n#!fsharp\nlet y = 2"));
        Assert.Equal(2, error.Line);
        Assert.Contains("'#!fsharp' is not supported", error.Message);
        Assert.Contains("#!csharp", error.Message);
    }

    [Fact]
    public void NugetReference_MapsToTheLoadedAssembly_OnceEach()
    {
        var prepared = CellDirectives.Prepare($"#r \"nuget: TorchSharp-cpu, {PinnedVersions.Of("TorchSharp")}\"\n#r \"nuget: MathNet.Numerics\"");
        Assert.Equal(["TorchSharp", "MathNet.Numerics"], prepared.References.Select(a => a.GetName().Name));
        Assert.Equal("\n", prepared.Code);
    }

    [Fact]
    public void MalformedNugetReference_SaysWhatWasExpected()
    {
        var error = Assert.Throws<DirectiveException>(() => CellDirectives.Prepare("#r \"nuget:\""));
        Assert.Equal(1, error.Line);
        Assert.Contains("Expected #r \"nuget: Name, Version\"", error.Message);
    }

    [Fact]
    public void KitBuildOutputReferences_MapToTheLoadedCopies_FromAnyFolder()
    {
        var prepared = CellDirectives.Prepare("#r \"..\\\\elsewhere\\\\NotebookKit.dll\"\n#r \"/opt/kit/TorchSharp.dll\"");
        Assert.Same(typeof(NotebookKit.Kit).Assembly, prepared.References[0]);
        Assert.Same(typeof(TorchSharp.torch).Assembly, prepared.References[1]);
        Assert.Contains("MathNet.Numerics.dll", KitReferences.FileNames);
    }
}
