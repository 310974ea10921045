using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Kernel;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>The kernel's parts that need no client: loop checks, signatures, cursor positions.</summary>
public sealed class KernelPartsTests
{
    [Fact]
    public void Instrument_PutsACheckInEveryLoopBody_OnTheSameLines()
    {
        const string code = "var n = 0;\nwhile (n < 3)\n    n++;\nfor (var i = 0; i < 2; i++) { n += i; }\n" +
                            "foreach (var (a, b) in new[] { (1, 2) }) n += a;\ndo { n--; } while (n > 100);\n" +
                            "int Local() { var s = 0; foreach (var x in new[] { 1 }) s += x; return s; }\nn";
        var instrumented = CellInterruption.Instrument(code);
        Assert.Equal(code.Split('\n').Length, instrumented.Split('\n').Length);
        Assert.Equal(5, CountOf(instrumented, "CellInterruption.Check();"));
        var tree = CSharpSyntaxTree.ParseText(instrumented, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        Assert.Empty(tree.GetDiagnostics());
        // the line of each statement is unchanged
        var lines = instrumented.Split('\n');
        Assert.Contains("n++;", lines[2]);
        Assert.Contains("n += i;", lines[3]);
    }

    [Fact]
    public void Instrument_LeavesCodeWithoutLoopsAlone()
    {
        const string code = "var x = 1;\nConsole.WriteLine(x);";
        Assert.Same(code, CellInterruption.Instrument(code));
    }

    [Fact]
    public void Check_ThrowsOnlyOnceInterrupted()
    {
        using var stop = new CancellationTokenSource();
        var before = NotebookKit.Kit.Interruption;
        try
        {
            NotebookKit.Kit.Interruption = stop.Token;
            CellInterruption.Check();
            stop.Cancel();
            Assert.Throws<OperationCanceledException>(CellInterruption.Check);
        }
        finally { NotebookKit.Kit.Interruption = before; }
    }

    [Fact]
    public void Signer_AcceptsItsOwnSignature_AndRejectsAnyChange()
    {
        var signer = new MessageSigner("a-secret-key");
        byte[][] parts = [Encoding.UTF8.GetBytes("{\"msg_type\":\"execute_request\"}"), "{}"u8.ToArray(), "{}"u8.ToArray(), "{\"code\":\"1\"}"u8.ToArray()];
        var signature = Encoding.ASCII.GetString(signer.Sign(parts));
        Assert.Equal(64, signature.Length);
        Assert.True(signer.Verify(signature, parts));
        Assert.False(new MessageSigner("another-key").Verify(signature, parts));
        parts[3] = "{\"code\":\"2\"}"u8.ToArray();
        Assert.False(signer.Verify(signature, parts));
        Assert.False(signer.Verify("", parts));
    }

    [Fact]
    public void Signer_KnownAnswer_MatchesHmacSha256()
    {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), split over two frames
        var signer = new MessageSigner("key");
        var signature = Encoding.ASCII.GetString(signer.Sign(["The quick brown fox "u8.ToArray(), "jumps over the lazy dog"u8.ToArray()]));
        Assert.Equal("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", signature);
    }

    [Theory]
    [InlineData("abc", 2, 2)]
    [InlineData("a😀b", 2, 3)]   // the emoji is one code point, two UTF-16 units
    [InlineData("a😀b", 3, 4)]
    public void CodePoints_ConvertCursorPositions(string text, int codePoints, int utf16)
    {
        Assert.Equal(utf16, CodePoints.ToUtf16(text, codePoints));
        Assert.Equal(codePoints, CodePoints.FromUtf16(text, utf16));
    }

    [Theory]
    [InlineData("GRU  outputs 1.11e-016   final state 5.55e-017", "GRU  outputs <rounding>   final state <rounding>")]
    [InlineData("loss 1.5e-3 and 2.0e-11", "loss 1.5e-3 and 2.0e-11")]          // not rounding level: compared
    [InlineData("took 12.5 ms, 1.43× the time", "took<time>, <ratio> the time")]
    public void MaskMeasured_MasksOnlyWhatDiffersRunToRun(string text, string expected) =>
        Assert.Equal(expected, OutputComparison.MaskMeasured(text));

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
